# Sourced by tests/auth/run.sh after auth_setup: the parts the auth tests
# stand on work by themselves, without httpsys (the KDC issues tickets,
# the keytab holds the service key, gss-ntlmssp knows the NTLM user, PAM
# knows the local account, the clients can talk to each other).

check "harness: the KDC issues alice a ticket (kinit)" \
	'echo "$AUTH_PASS" | timeout 20 kinit "$AUTH_USER@$AUTH_REALM" >/dev/null'
check "harness: and a service ticket for HTTP/$AUTH_HOST (kvno)" \
	'timeout 20 kvno "HTTP/$AUTH_HOST@$AUTH_REALM" >/dev/null'
check "harness: the keytab holds the service key" \
	'klist -k "$HTTPSYS_KEYTAB" | grep -q "HTTP/$AUTH_HOST@$AUTH_REALM"'
check "harness: a wrong password gets no ticket" \
	'! echo wrong | KRB5CCNAME=FILE:$AUTH_DIR/wrong.ccache timeout 20 kinit "$AUTH_USER" >/dev/null 2>&1'
out=$(KRB5_KTNAME=$HTTPSYS_KEYTAB \
	timeout $PY_LIMIT $PY tests/auth/client.py selftest-krb5 "$AUTH_HOST" 2>&1)
check_out "harness: python3-gssapi SPNEGO/Kerberos against the keytab, mutually" \
	'echo "$out" | grep -q "^client=$AUTH_USER@$AUTH_REALM" && echo "$out" | grep -q "^mutual=True"' "$out"
out=$(NTLM_USER_FILE=$HTTPSYS_NTLM_USER_FILE NTLM_CLIENT_USER="$AUTH_NTLM_DOMAIN\\$AUTH_USER" \
	KRB5CCNAME=FILE:$AUTH_DIR/none.ccache \
	timeout $PY_LIMIT $PY tests/auth/client.py selftest-ntlm "$AUTH_HOST" 2>&1 | tr -d "\0")
check_out "harness: python3-gssapi SPNEGO/NTLM against gss-ntlmssp's user file" \
	'echo "$out" | grep -qi "^client=$AUTH_NTLM_DOMAIN\\\\$AUTH_USER"' "$out"
out=$(NTLM_USER_FILE=$HTTPSYS_NTLM_USER_FILE timeout $PY_LIMIT $PY tests/auth/client.py selftest-anonymous 2>&1 | tr -d "\0")
check_out "harness: gss-ntlmssp takes the test's empty AUTHENTICATE for an anonymous logon (and refuses it)" \
	'echo "$out" | grep -qi "^client=NT AUTHORITY.ANONYMOUS LOGON\|^error=.*Feature not supported"' "$out"
check "harness: the test host name resolves to loopback" \
	'getent hosts "$AUTH_HOST" | grep -q "^127.0.0.1"'
check "harness: the local account exists with uid $AUTH_UID" \
	'[ "$(id -u "$AUTH_USER")" = "$AUTH_UID" ]'
check "harness: PAM service $AUTH_PAM_SERVICE accepts its password" \
	'$PY tests/auth/pamcheck.py "$AUTH_PAM_SERVICE" "$AUTH_USER" "$AUTH_PASS"'
check "harness: and refuses a wrong one" \
	'! $PY tests/auth/pamcheck.py "$AUTH_PAM_SERVICE" "$AUTH_USER" wrong'
check "harness: MD4 is available to the python NTLM client" \
	'$PY -c "import hashlib; hashlib.new(\"md4\")"'
