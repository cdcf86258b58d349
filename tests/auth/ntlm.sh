# NTLM with two independent clients (curl's own code, with its short
# NEGOTIATE_MESSAGE, and python3-requests-ntlm), interim legs kept from
# the application, wrong passwords, credential caching on a keep-alive
# connection (and DisableNTLMCredentialCaching), and the NULL session.
ntlm_user="$AUTH_NTLM_DOMAIN\\$AUTH_USER"

app_start --group ntlm --challenge NTLM
check "ntlm: curl --ntlm gets 200 from the application" \
	'[ "$(http_code --ntlm -u "$ntlm_user:$AUTH_PASS" "$AUTH_URL")" = 200 ]'
check "ntlm: the application saw one request, Success as $ntlm_user, AuthType NTLM, package NTLM" \
	'[ "$(app_requests)" = 1 ] && [ "$(app_field status)" = Success ] &&
	 [ "$(app_field user)" = "$ntlm_user" ] && [ "$(app_field type)" = NTLM ] &&
	 [ "$(app_field package)" = NTLM ]'
check "ntlm: the user is mapped to the local account (uid $AUTH_UID)" \
	'[ "$(app_field uid)" = "$AUTH_UID" ]'
check "ntlm: the request it saw carried the final AUTHENTICATE leg (TlRMTVNTUAADAAAA)" \
	'app_field authz | grep -q "^NTLM TlRMTVNTUAADAAAA"'
out=$(timeout $PY_LIMIT $PY tests/auth/client.py ntlm-requests "$AUTH_URL" "$AUTH_USER" "$AUTH_PASS" "$AUTH_NTLM_DOMAIN" 2>&1)
check_out "ntlm: python3-requests-ntlm gets 200 as $ntlm_user" \
	'echo "$out" | grep -qx status=200 && echo "$out" | grep -qxF "body=hello $ntlm_user"' "$out"
check "ntlm: the application saw its unauthenticated request and the final one only" \
	'[ "$(app_requests)" = 3 ] && [ "$(app_line_field 2 status)" = NotAuthenticated ] &&
	 [ "$(app_field status)" = Success ]'
n=$(app_requests)
check "ntlm: a wrong password gets the application's 401" \
	'[ "$(http_code --ntlm -u "$ntlm_user:wrong" "$AUTH_URL")" = 401 ]'
check "ntlm: and the application saw Failure with a SecStatus" \
	'[ "$(app_requests)" = $((n + 1)) ] && [ "$(app_field status)" = Failure ] &&
	 [ "$(app_field sec)" != 0x00000000 ] && [ "$(app_field type)" = NTLM ]'

out=$(timeout $PY_LIMIT $PY tests/auth/client.py ntlm-raw "$AUTH_URL" "$AUTH_USER" "$AUTH_PASS" "$AUTH_NTLM_DOMAIN" --then-plain 2>&1)
check_out "ntlm: credential caching: a later request on the connection without Authorization gets 200" \
	'echo "$out" | grep -qx status=200 && echo "$out" | grep -qx plain=200' "$out"
check "ntlm: it reached the application as Success with TOKEN_FOR_CACHED_CRED and the same user" \
	'[ "$(app_field status)" = Success ] && [ "$(app_field flags)" = 0x1 ] &&
	 [ "$(app_field authz_len)" = 0 ] && [ "$(app_field user)" = "$ntlm_user" ]'
out=$(timeout $PY_LIMIT $PY tests/auth/client.py ntlm-raw "$AUTH_URL" "$AUTH_USER" "$AUTH_PASS" "$AUTH_NTLM_DOMAIN" --anonymous 2>&1)
check_out "ntlm: a NULL session (anonymous AUTHENTICATE) reaches the application as Failure" \
	'[ "$(app_field status)" = Failure ] && echo "$out" | grep -qx status=401' "$out"
app_stop

app_start --group ntlm --no-ntlm-cache --challenge NTLM
out=$(timeout $PY_LIMIT $PY tests/auth/client.py ntlm-raw "$AUTH_URL" "$AUTH_USER" "$AUTH_PASS" "$AUTH_NTLM_DOMAIN" --then-plain 2>&1)
check_out "ntlm: with DisableNTLMCredentialCaching the later request is NotAuthenticated" \
	'echo "$out" | grep -qx status=200 && echo "$out" | grep -qx plain=401 &&
	 [ "$(app_field status)" = NotAuthenticated ]' "$out"
app_stop

# The seeds: "the NTLM authentication handshake is not reset if a worker
# process is recycled while the handshake is in process".  The application
# exits after the kernel's interim 401 and a new one takes the URL; the
# last leg, on the same connection, still signs the client in.
app_start --group ntlm --challenge NTLM
rm -f "$AUTH_DIR/go"
timeout $PY_LIMIT $PY tests/auth/client.py ntlm-raw "$AUTH_URL" "$AUTH_USER" "$AUTH_PASS" \
	"$AUTH_NTLM_DOMAIN" --pause "$AUTH_DIR/go" >"$AUTH_DIR/recycle.out" 2>&1 &
client=$!
wait_until $((PY_LIMIT * 10)) grep -q '^leg1=' "$AUTH_DIR/recycle.out"
app_stop
app_start --group ntlm --challenge NTLM
touch "$AUTH_DIR/go"
timeout $PY_LIMIT tail --pid="$client" -f /dev/null
out=$(cat "$AUTH_DIR/recycle.out")
check_out "ntlm: a worker recycled between the legs: the handshake goes on, 200 from the new one" \
	'echo "$out" | grep -qx leg1=401 && echo "$out" | grep -qx status=200 &&
	 [ "$(app_requests)" = 1 ] && [ "$(app_field status)" = Success ]' "$out"
app_stop
