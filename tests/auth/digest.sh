# Digest (RFC 7616) with curl and with an independent python client
# (SHA-256, a stale nonce, a replayed nonce count).
digest_app() {
	app_start --group digest --digest-realm "$AUTH_DIGEST_REALM" \
		--digest-domain / --challenge Digest
}
digest_app
check "digest: curl --digest gets 200 from the application" \
	'[ "$(http_code --digest -u "$AUTH_USER:$AUTH_PASS" "$AUTH_URL")" = 200 ]'
check "digest: the application's 401 \"Digest\" went out as a challenge with the realm and a nonce" \
	'[ "$(app_line_field 1 status)" = NotAuthenticated ] &&
	 curl -s --max-time 20 -D - -o /dev/null "$AUTH_URL" |
	 grep -i "^WWW-Authenticate: Digest " | grep "realm=\"$AUTH_DIGEST_REALM\"" | grep -q "nonce=\""'
check "digest: the application saw Success as $AUTH_USER, AuthType Digest" \
	'[ "$(app_line_field 2 status)" = Success ] && [ "$(app_line_field 2 user)" = "$AUTH_USER" ] &&
	 [ "$(app_line_field 2 type)" = Digest ]'
check "digest: a wrong password reaches the application as Failure with a SecStatus" \
	'[ "$(http_code --digest -u "$AUTH_USER:wrong" "$AUTH_URL")" = 401 ] &&
	 [ "$(app_field status)" = Failure ] && [ "$(app_field sec)" != 0x00000000 ]'
for alg in MD5 SHA-256; do
	out=$(timeout $PY_LIMIT $PY tests/auth/client.py digest "$AUTH_URL" "$AUTH_USER" "$AUTH_PASS" \
		--algorithm $alg --save "$AUTH_DIR/digest.$alg" 2>&1)
	check_out "digest: algorithm=$alg, qop=auth from a second client implementation: 200" \
		'echo "$out" | grep -qx status=200' "$out"
done
out=$(timeout $PY_LIMIT $PY tests/auth/client.py digest "$AUTH_URL" --replay "$AUTH_DIR/digest.MD5" 2>&1)
check_out "digest: the same nonce count sent again reaches the application as Failure" \
	'echo "$out" | grep -qx status=401 && [ "$(app_field status)" = Failure ]' "$out"
app_stop

# Nonces live 2 s here; an answer after 4 s is to a stale nonce.
helperd_stop
auth_helperd_config "digest_nonce_lifetime = 2"
helperd_start
digest_app
out=$(timeout $PY_LIMIT $PY tests/auth/client.py digest "$AUTH_URL" "$AUTH_USER" "$AUTH_PASS" --wait 4 2>&1)
check_out "digest: an answer to a stale nonce reaches the application as Failure" \
	'echo "$out" | grep -qx status=401 && [ "$(app_line_field 2 status)" = Failure ]' "$out"
check "digest: the application's next 401 carries stale=true" 'echo "$out" | grep -qx stale=true'
check "digest: and the client's answer to the fresh nonce gets 200" 'echo "$out" | grep -qx recovered=200'
app_stop
helperd_stop
auth_helperd_config
helperd_start
