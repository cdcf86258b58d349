# The auth stage's world inside the test VM, sourced by tests/auth/run.sh:
# a throwaway MIT KDC on loopback, the keytab, the NTLM and Digest user
# files, a PAM service and a local account for Basic, the test host name,
# helperd's config, and helpers to start and stop helperd and the test
# server.  Everything lives in $AUTH_DIR (the guest's tmpfs) and in the
# guest's /etc overlay; nothing here may run on the host.
AUTH_DIR=/tmp/httpsys-auth
AUTH_REALM=HTTPSYS.TEST
AUTH_HOST=www.httpsys.test
AUTH_PORT=8280
AUTH_URL=http://$AUTH_HOST:$AUTH_PORT/
AUTH_UID=1601
AUTH_BASIC_REALM=basic@httpsys.test
AUTH_DIGEST_REALM=digest@httpsys.test
AUTH_PAM_SERVICE=httpsys-test
AUTH_APP=tests/integration/auth_app
AUTH_HELPERD=${AUTH_HELPERD:-helperd/helperd}
PY=/usr/bin/python3
# A guard against a hung client, not a time check: a cold start of python
# with requests and cryptography took over 30 s in the debug guest.
PY_LIMIT=120

# MD4 for python3-requests-ntlm, in the clients only (never helperd).
export OPENSSL_CONF=$AUTH_DIR/openssl-legacy.cnf

# Waits up to $1 tenths of a second for a condition (the rest of the args).
wait_until() {
	local n=$1
	shift
	while ! "$@"; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || return 1
		sleep 0.1
	done
}

# The KDC (tests/auth/kdc.sh: realm HTTPSYS.TEST, HTTP/<host> in a keytab,
# alice and bob, an NTLM user file, alice kinit'ed) and its environment.
# A second profile file in front of the KDC's krb5.conf shrinks the clock
# skew, so that an expired ticket is rejected within seconds.
auth_kdc_start() {
	local env

	env=$(tests/auth/kdc.sh start "$AUTH_DIR/kdc" "$AUTH_HOST") || return 1
	eval "$env"
	AUTH_USER=$HTTPSYS_USER
	AUTH_PASS=$HTTPSYS_PASSWORD
	AUTH_NTLM_DOMAIN=$HTTPSYS_NTLM_DOMAIN
	printf '[libdefaults]\n clockskew = 3\n' >"$AUTH_DIR/skew.conf"
	export KRB5_CONFIG=$AUTH_DIR/skew.conf:$KRB5_CONFIG
}

auth_kdc_stop() {
	tests/auth/kdc.sh stop "$AUTH_DIR/kdc"
}

# A local account for Basic (PAM) and for the mapped principals.
auth_local_account() {
	grep -q "^$AUTH_USER:" /etc/passwd ||
		useradd -M -d /tmp -s /bin/sh -u "$AUTH_UID" "$AUTH_USER" || return 1
	echo "$AUTH_USER:$AUTH_PASS" | chpasswd || return 1
	cat >"/etc/pam.d/$AUTH_PAM_SERVICE" <<-PAM
	auth required pam_unix.so
	account required pam_unix.so
	PAM
	grep -q " $AUTH_HOST\$" /etc/hosts || echo "127.0.0.1 $AUTH_HOST" >>/etc/hosts
}

auth_write_files() {
	echo "$AUTH_USER:$AUTH_DIGEST_REALM:$AUTH_PASS" >"$AUTH_DIR/digest.users"
	head -c 32 /dev/urandom >"$AUTH_DIR/digest.key"
	chmod 600 "$AUTH_DIR/digest.users" "$AUTH_DIR/digest.key"
	cat >"$AUTH_DIR/openssl-legacy.cnf" <<-CNF
	openssl_conf = openssl_init
	[openssl_init]
	providers = provider_sect
	[provider_sect]
	default = default_sect
	legacy = legacy_sect
	[default_sect]
	activate = 1
	[legacy_sect]
	activate = 1
	CNF
	auth_helperd_config
}

# helperd's config; extra "key = value" lines in the arguments.
auth_helperd_config() {
	{
		echo "keytab = $HTTPSYS_KEYTAB"
		echo "ntlm_user_file = $HTTPSYS_NTLM_USER_FILE"
		echo "acceptor_name = HTTP@$AUTH_HOST"
		echo "digest_file = $AUTH_DIR/digest.users"
		echo "digest_key_file = $AUTH_DIR/digest.key"
		echo "pam_service = $AUTH_PAM_SERVICE"
		echo "map_principal = yes"
		echo "map_strip_realm = $AUTH_REALM"
		echo "threads = 4"
		echo "log_level = 2"
		printf '%s\n' "$@"
	} >"$AUTH_DIR/helperd.conf"
}

auth_setup() {
	rm -rf "$AUTH_DIR"
	mkdir -p "$AUTH_DIR"
	auth_kdc_start && auth_local_account && auth_write_files
}

# A Kerberos ticket for the test user (kinit's options in the arguments).
kinit_alice() {
	kdestroy -q 2>/dev/null
	echo "$AUTH_PASS" | timeout 20 kinit "$@" "$AUTH_USER" >/dev/null
}

# helperd in the background, registered; its log in $AUTH_DIR/helperd.log.
helperd_start() {
	: >"$AUTH_DIR/helperd.log"
	env -u KRB5CCNAME -u OPENSSL_CONF \
		"$AUTH_HELPERD" -f -c "$AUTH_DIR/helperd.conf" \
		>>"$AUTH_DIR/helperd.log" 2>&1 &
	HELPERD_PID=$!
	wait_until 100 grep -q 'registered as' "$AUTH_DIR/helperd.log"
}

helperd_stop() {
	[ -n "${HELPERD_PID:-}" ] || return 0
	kill -CONT "$HELPERD_PID" 2>/dev/null
	kill "$HELPERD_PID" 2>/dev/null
	timeout 10 tail --pid="$HELPERD_PID" -f /dev/null
	wait "$HELPERD_PID" 2>/dev/null
	HELPERD_PID=
}

# The test server on $AUTH_PORT with the given auth_app options (run by
# the command in $APP_AS, if set); each request it receives is one line of
# $AUTH_DIR/app.log.
app_start() {
	: >"$AUTH_DIR/app.log"
	${APP_AS:-} "$AUTH_APP" --url "http://+:$AUTH_PORT/" --log "$AUTH_DIR/app.log" "$@" \
		>"$AUTH_DIR/app.out" 2>&1 &
	APP_PID=$!
	wait_until 100 grep -q '^listening' "$AUTH_DIR/app.out"
}

app_stop() {
	[ -n "${APP_PID:-}" ] || return 0
	kill "$APP_PID" 2>/dev/null
	timeout 10 tail --pid="$APP_PID" -f /dev/null
	wait "$APP_PID" 2>/dev/null
	APP_PID=
}

# Lines the server logged, and one field (key=value, tab-separated) of
# its last line: app_field user.
app_requests() { wc -l <"$AUTH_DIR/app.log"; }
app_field() {
	tail -n 1 "$AUTH_DIR/app.log" | tr '\t' '\n' | sed -n "s/^$1=//p"
}
app_line_field() {
	sed -n "${1}p" "$AUTH_DIR/app.log" | tr '\t' '\n' | sed -n "s/^$2=//p"
}

# curl against the test host, bounded; prints the status code.
http_code() {
	curl -s --max-time 20 -o "$AUTH_DIR/body" -D "$AUTH_DIR/headers" \
		-w '%{http_code}' "$@"
}
