# libhttpapi/examples/authserver, Microsoft's authentication sample's
# shape: NTLM and Negotiate on a URL group, the identity printed, a file
# opened while impersonating the client.
example=libhttpapi/examples/authserver
example_url=http://$AUTH_HOST:8281/
mine=$AUTH_DIR/alice-only
theirs=$AUTH_DIR/root-only
echo secret >"$mine"
echo secret >"$theirs"
chown "$AUTH_USER:" "$mine"
chmod 400 "$mine"
chmod 600 "$theirs"

# Serves $1's requests into $AUTH_DIR/example.out until it has answered $2.
example_run() {
	"$example" http://+:8281/ "$1" "$2" >"$AUTH_DIR/example.out" 2>&1 &
	example_pid=$!
	wait_until 100 grep -q '^listening' "$AUTH_DIR/example.out"
}
example_end() {
	timeout 20 tail --pid="$example_pid" -f /dev/null || kill "$example_pid"
	wait "$example_pid" 2>/dev/null
}

kdestroy -q
echo "$AUTH_PASS" | timeout 20 kinit "$AUTH_USER" >/dev/null
example_run "$mine" 3
check "example: curl --negotiate gets the example's 200" \
	'[ "$(http_code --negotiate -u : "$example_url")" = 200 ]'
check "example: curl --ntlm too" \
	'[ "$(http_code --ntlm -u "$AUTH_NTLM_DOMAIN\\$AUTH_USER:$AUTH_PASS" "$example_url")" = 200 ]'
example_end
check "example: it printed the Kerberos identity and the local uid" \
	'grep -q "^authenticated: type 4 user $AUTH_USER@$AUTH_REALM uid $AUTH_UID" "$AUTH_DIR/example.out"'
check "example: and the NTLM one" \
	'grep -qF "authenticated: type 3 user $AUTH_NTLM_DOMAIN\\$AUTH_USER uid $AUTH_UID" "$AUTH_DIR/example.out"'
check "example: impersonating the client it opened the client's own file" \
	'[ "$(grep -c "open $mine: ok" "$AUTH_DIR/example.out")" = 2 ]'

example_run "$theirs" 2
http_code --negotiate -u : "$example_url" >/dev/null
example_end
check "example: impersonating the client it could not open root's file" \
	'grep -q "open $theirs: failed: Permission denied" "$AUTH_DIR/example.out"'

# libhttpapi/examples/httpauthserver, the Windows-idiom port of the same
# sample (tests/integration/examples.sh checks its challenge): the client
# signed in, its packed context imported, GetUserName while impersonating.
winexample_url=http://$AUTH_HOST:8282/
libhttpapi/examples/httpauthserver http://+:8282/ >"$AUTH_DIR/winexample.out" 2>&1 &
winexample_pid=$!
wait_until 100 grep -q '^listening' "$AUTH_DIR/winexample.out"
kinit_alice
check "example: httpauthserver: curl --negotiate gets 200 from the client's own account (GetUserName)" \
	'[ "$(http_code --negotiate -u : "$winexample_url")" = 200 ] &&
	 grep -qx "Hello, $AUTH_USER." "$AUTH_DIR/body"'
check "example: httpauthserver: curl --ntlm too" \
	'[ "$(http_code --ntlm -u "$AUTH_NTLM_DOMAIN\\$AUTH_USER:$AUTH_PASS" "$winexample_url")" = 200 ] &&
	 grep -qx "Hello, $AUTH_USER." "$AUTH_DIR/body"'
check "example: httpauthserver: a wrong NTLM password gets its 401" \
	'[ "$(http_code --ntlm -u "$AUTH_NTLM_DOMAIN\\$AUTH_USER:wrong" "$winexample_url")" = 401 ]'
kill "$winexample_pid"
timeout 10 tail --pid="$winexample_pid" -f /dev/null
wait "$winexample_pid" 2>/dev/null
check "example: httpauthserver imported each context and printed the client's name" \
	'[ "$(grep -c "^context: .*$AUTH_USER" "$AUTH_DIR/winexample.out")" = 2 ]'
check "example: and read the failure's SecStatus" \
	'grep -q "^authentication failed: SEC_E_" "$AUTH_DIR/winexample.out"'
