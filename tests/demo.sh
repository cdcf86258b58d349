#!/bin/bash
# The demo, run inside the VM with httpsys.ko loaded: the sample
# application serves real curl requests, and the kernel answers what no
# application can.  Prints a short transcript; exits non-zero if any step
# does not behave as described.
cd "$(dirname "$0")/.."
. tests/lib.sh
port=8080

say() { printf '\n\033[1m%s\033[0m\n' "$*"; }
run() { echo "\$ $*" >&2; "$@"; }
expect() {
	if [ "$1" = "$2" ]; then echo "   -> $3: as expected"
	else echo "   -> $3: UNEXPECTED (got '$1', wanted '$2')"; failures=$((failures + 1)); fi
}

say "Kernel: $(uname -r); module: $(lsmod | awk '$1 == "httpsys" {print $1, $2 " bytes"}'); device: $(ls /dev/httpsys)"

say "1. Start the sample application (libhttpapi/examples/hello.c, unchanged Windows-style code)"
echo "\$ libhttpapi/examples/hello http://+:$port/hello/ &"
libhttpapi/examples/hello "http://+:$port/hello/" >/tmp/hello.log 2>&1 &
app=$!
wait_for_url "http://127.0.0.1:$port/hello/"

say "2. A request the application answers"
run curl -s -i --max-time 5 "http://127.0.0.1:$port/hello/world" | tee /tmp/r1 | sed 's/^/   /'
expect "$(head -1 /tmp/r1 | tr -d '\r' | cut -d' ' -f2)" 200 "status from the application"

say "3. A path nobody registered: the kernel answers 404 itself"
run curl -s -i --max-time 5 "http://127.0.0.1:$port/nobody/" | tee /tmp/r2 | head -13 | sed 's/^/   /'
expect "$(head -1 /tmp/r2 | tr -d '\r' | cut -d' ' -f2)" 404 "status from the kernel"

say "4. Two requests on one kept-alive connection"
run curl -sv --max-time 5 "http://127.0.0.1:$port/hello/one" "http://127.0.0.1:$port/hello/two" 2>&1 |
	grep -E '^(< HTTP|\* (Connected|Re-using|Connection #))' | tee /tmp/r3 | sed 's/^/   /'
expect "$(grep -c 'Re-using existing connection' /tmp/r3)" 1 "connection reused"

say "5. A malformed request (a header line without a colon): 400 and the connection closes"
echo "\$ printf 'GET /hello/ HTTP/1.1\\r\\nHost: x\\r\\nNo colon here\\r\\n\\r\\n' > /dev/tcp/127.0.0.1/$port"
exec 3<>/dev/tcp/127.0.0.1/$port
printf 'GET /hello/ HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n' >&3
timeout 5 cat <&3 | tee /tmp/r4 | head -7 | sed 's/^/   /'
exec 3<&-
expect "$(head -1 /tmp/r4 | tr -d '\r' | cut -d' ' -f2)" 400 "status from the kernel"

say "What the application saw"
kill "$app"; wait "$app" 2>/dev/null
sed 's/^/   /' /tmp/hello.log

say "6. Authentication in the kernel: a throwaway Kerberos realm, helperd, and examples/authserver.c"
# The auth tests' world: a KDC on loopback, a keytab for HTTP/www.httpsys.test,
# alice with a ticket and an NTLM password, helperd registered.
. tests/auth/env.sh
if auth_setup >/tmp/auth-setup.log 2>&1 && helperd_start; then
	echo "   KDC for $AUTH_REALM up, $AUTH_USER has a ticket, helperd registered"
else
	echo "   -> set-up: UNEXPECTED (see /tmp/auth-setup.log)"; failures=$((failures + 1))
fi
echo "\$ libhttpapi/examples/authserver http://+:8281/ /etc/hostname 2 &"
libhttpapi/examples/authserver http://+:8281/ /etc/hostname 2 >/tmp/authserver.log 2>&1 &
auth_app=$!
wait_until 100 grep -q '^listening' /tmp/authserver.log
run curl -sv --max-time 10 --negotiate -u : "http://$AUTH_HOST:8281/" 2>&1 |
	grep -E '^(< HTTP|< WWW-Authenticate|[a-z])' | cut -c1-100 | tee /tmp/r5 | sed 's/^/   /'
expect "$(grep -c '^< HTTP/1.1 200' /tmp/r5)" 1 "Kerberos through Negotiate, the mutual-auth token added by the kernel"
run curl -sv --max-time 10 --ntlm -u "$AUTH_NTLM_DOMAIN\\$AUTH_USER:$AUTH_PASS" "http://$AUTH_HOST:8281/" 2>&1 |
	grep -E '^(< HTTP|< WWW-Authenticate|[a-z])' | cut -c1-100 | tee /tmp/r6 | sed 's/^/   /'
expect "$(grep -c '^< HTTP/1.1 200' /tmp/r6)" 1 "NTLM: the kernel answered the interim 401, the application saw the result"
timeout 20 tail --pid="$auth_app" -f /dev/null || kill "$auth_app"
say "What examples/authserver saw"
sed 's/^/   /' /tmp/authserver.log
helperd_stop
auth_kdc_stop

say "Demo finished with $failures unexpected result(s)"
[ "$failures" -eq 0 ]
