# SPNEGO falling back to NTLM: a client with no Kerberos ticket but
# gss-ntlmssp and an NTLM user file (python3-gssapi, SPNEGO mechanism).
app_start --group negotiate --challenge Negotiate
echo "$AUTH_NTLM_DOMAIN:$AUTH_USER:$AUTH_PASS" >"$AUTH_DIR/client-ntlm.users"
out=$(NTLM_USER_FILE=$AUTH_DIR/client-ntlm.users NTLM_CLIENT_USER="$AUTH_NTLM_DOMAIN\\$AUTH_USER" \
	KRB5CCNAME=FILE:$AUTH_DIR/none.ccache \
	timeout $PY_LIMIT $PY tests/auth/client.py negotiate "$AUTH_URL" ntlm 2>&1 | tr -d '\0')
check_out "spnego: Negotiate without a ticket falls back to NTLM and gets 200" \
	'echo "$out" | grep -qx status=200' "$out"
check "spnego: in several legs, of which the application saw only the last" \
	'[ "$(echo "$out" | sed -n "s/^legs=//p")" -gt 1 ] && [ "$(app_requests)" = 1 ]'
check "spnego: Success, AuthType Negotiate, package NTLM, user $AUTH_NTLM_DOMAIN\\$AUTH_USER" \
	'[ "$(app_field status)" = Success ] && [ "$(app_field type)" = Negotiate ] &&
	 [ "$(app_field package)" = NTLM ] && [ "$(app_field user)" = "$AUTH_NTLM_DOMAIN\\$AUTH_USER" ]'
app_stop
