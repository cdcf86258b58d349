#!/bin/bash
# The examples written as Windows programs (libhttpapi/examples/httpserver,
# httpv2server, httpauthserver: Microsoft's three HTTP Server API samples'
# shapes, built only through the compat layer) serve curl.  Runs inside
# the test VM with httpsys.ko loaded.  The auth example's real NTLM and
# Kerberos runs are in tests/auth/example.sh; here, its challenge.
cd "$(dirname "$0")/../.." || exit 1

. tests/lib.sh

examples=$PWD/libhttpapi/examples
work=$(mktemp -d /tmp/examples.XXXXXX)
pids=()
cleanup() {
	local pid

	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null
		timeout 10 tail --pid="$pid" -f /dev/null
	done
	rm -rf "$work"
}
trap cleanup EXIT

# Starts example $1 with the other args in $work (its temporary files go
# there), its output in $work/$1.log; waits until $url answers.
start() {
	local name=$1 url=$2

	shift 2
	(cd "$work" && exec "$examples/$name" "$@") >"$work/$name.log" 2>&1 &
	pids+=($!)
	wait_for_url "$url"
}

status_of() {
	curl -s --max-time 10 -o /dev/null -w '%{http_code}' "$@"
}

# httpserver: the v1 sample's shape.
url=http://127.0.0.1:8270/echo/
check "examples: httpserver starts and answers" 'start httpserver "$url" http://+:8270/echo/'
check "examples: httpserver answers GET" \
	'curl -s --max-time 5 "$url" | grep -qx "Hello from httpserver."'
check "examples: httpserver echoes a small POST body" \
	'[ "$(curl -s --max-time 5 --data-binary "one small body" "$url")" = "one small body" ]'
head -c 300000 /dev/urandom >"$work/big.in"
check "examples: httpserver echoes a 300,000-byte POST body byte for byte (many 2 KB receives, a file-handle chunk)" \
	'curl -s --max-time 20 --data-binary @"$work/big.in" -D "$work/big.head" \
		-o "$work/big.out" "$url" && cmp -s "$work/big.in" "$work/big.out"'
check "examples: and says its length in Content-Length" \
	'tr -d "\r" <"$work/big.head" | grep -qix "content-length: 300000"'
check "examples: a POST with an empty body gets an empty 200" \
	'[ "$(curl -s --max-time 5 --data-binary "" -o "$work/empty.out" -w "%{http_code}" "$url")" = 200 ] &&
	 [ ! -s "$work/empty.out" ]'
big=$(head -c 6000 /dev/zero | tr '\0' x)
check "examples: a request head bigger than its first buffer is received again (ERROR_MORE_DATA)" \
	'curl -s --max-time 5 -H "X-Big: $big" "$url" | grep -qx "Hello from httpserver." &&
	 grep -q "receiving it again" "$work/httpserver.log"'
check "examples: another verb gets its 503" \
	'[ "$(status_of -X PUT --data x "$url")" = 503 ]'
check "examples: the temporary files are gone (DeleteFile after CloseHandle)" \
	'[ -z "$(find "$work" -name "*.TMP")" ]'
check "examples: it logged the URLs it served" \
	'grep -q "^POST http://127.0.0.1:8270/echo/" "$work/httpserver.log"'

# httpv2server: session, group, named queue, completion port, threads.
check "examples: httpv2server starts and answers" \
	'start httpv2server http://127.0.0.1:8271/a/ http://+:8271/a/ http://+:8271/b/'
check "examples: httpv2server tells its URL contexts apart" \
	'curl -s --max-time 5 http://127.0.0.1:8271/a/x | grep -qx "Hello from httpv2server (context 1)." &&
	 curl -s --max-time 5 http://127.0.0.1:8271/b/y | grep -qx "Hello from httpv2server (context 2)."'
# Six clients at once, 30 keep-alive requests each.
client() {
	local i urls=()

	for i in $(seq 30); do
		urls+=("http://127.0.0.1:8271/a/$1/$i")
	done
	curl -s --max-time 60 -o /dev/null -w '%{http_code}\n' "${urls[@]}" >"$work/client.$1"
}
clients=()
for c in 1 2 3 4 5 6; do
	client "$c" &
	clients+=($!)
done
# Bounded: each client's curl has its --max-time.
wait "${clients[@]}"
check "examples: httpv2server answers six concurrent clients, 180 requests, all 200" \
	'[ "$(cat "$work"/client.* | grep -c "^200$")" = 180 ]'
threads=$(grep -o "^thread [0-9]*" "$work/httpv2server.log" | sort -u | wc -l)
echo "# httpv2server: $threads threads took completions"
check "examples: more than one of its threads served them" '[ "$threads" -gt 1 ]'
check "examples: httpv2server receives a head bigger than its buffer again, through the port" \
	'curl -s --max-time 5 -H "X-Big: $big" http://127.0.0.1:8271/b/big | grep -qx "Hello from httpv2server (context 2)."'

# httpauthserver: NTLM and Negotiate on its URL group.
check "examples: httpauthserver starts" \
	'start httpauthserver http://127.0.0.1:8272/ http://+:8272/'
curl -s --max-time 5 -D "$work/auth.head" -o "$work/auth.body" http://127.0.0.1:8272/
check "examples: httpauthserver answers a request without credentials 401" \
	'head -n 1 "$work/auth.head" | grep -q "^HTTP/1.1 401 "'
check "examples: with a WWW-Authenticate header for each scheme, NTLM and Negotiate" \
	'[ "$(tr -d "\r" <"$work/auth.head" | grep -ix "www-authenticate: ntlm\|www-authenticate: negotiate" | wc -l)" = 2 ]'
check "examples: it read the request's auth record as NotAuthenticated" \
	'grep -q "^not authenticated: 401" "$work/httpauthserver.log"'
check_exit
