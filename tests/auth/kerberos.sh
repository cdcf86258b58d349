# Negotiate resolved to Kerberos (curl --negotiate and python3-gssapi with
# mutual authentication), the Kerberos-only scheme, inheritance from the
# session, and the failures: wrong service key, wrong password, expired
# ticket, replayed token.
kinit_alice

app_start --group negotiate --challenge Negotiate
check "kerberos: a request without Authorization reaches the application as NotAuthenticated, AuthType None" \
	'[ "$(http_code "$AUTH_URL")" = 401 ] && [ "$(app_field status)" = NotAuthenticated ] &&
	 [ "$(app_field type)" = None ] && [ "$(app_field token)" = no ]'
check "kerberos: curl --negotiate gets 200 from the application" \
	'[ "$(http_code --negotiate -u : "$AUTH_URL")" = 200 ]'
check "kerberos: the application saw Success as $AUTH_USER@$AUTH_REALM, AuthType Negotiate, package Kerberos" \
	'[ "$(app_field status)" = Success ] && [ "$(app_field user)" = "$AUTH_USER@$AUTH_REALM" ] &&
	 [ "$(app_field type)" = Negotiate ] && [ "$(app_field package)" = Kerberos ]'
check "kerberos: the principal is mapped to the local account (uid $AUTH_UID)" \
	'[ "$(app_field uid)" = "$AUTH_UID" ]'
check "kerberos: the application gets an access token" '[ "$(app_field token)" = yes ]'
check "kerberos: the body names the user from the token" \
	'grep -qx "hello $AUTH_USER@$AUTH_REALM" "$AUTH_DIR/body"'
check "kerberos: the kernel added WWW-Authenticate: Negotiate <token> to the final 200" \
	'grep -qi "^WWW-Authenticate: Negotiate [A-Za-z0-9+/=]" "$AUTH_DIR/headers"'
check "kerberos: without ReceiveMutualAuth the application gets no MutualAuthData" \
	'[ -z "$(app_field mutual)" ]'
out=$(timeout $PY_LIMIT $PY tests/auth/client.py negotiate "$AUTH_URL" spnego 2>&1)
check_out "kerberos: python3-gssapi (mutual auth asked) verifies the server's final token" \
	'echo "$out" | grep -qx status=200 && echo "$out" | grep -qx mutual=verified' "$out"
check "kerberos: preemptive authentication: the first request carries the token, no 401" \
	'echo "$out" | grep -qx legs=1 && [ "$(app_field status)" = Success ]'
app_stop

app_start --group negotiate --mutual --challenge Negotiate
out=$(timeout $PY_LIMIT $PY tests/auth/client.py negotiate "$AUTH_URL" spnego 2>&1)
check "kerberos: with ReceiveMutualAuth the application gets MutualAuthData \"Negotiate <base64>\"" \
	'app_field mutual | grep -q "^Negotiate [A-Za-z0-9+/=]\+$"'
check "kerberos: and the kernel does not add it to the 200" \
	'echo "$out" | grep -qx status=200 && echo "$out" | grep -qx mutual=absent'
app_stop
app_start --group negotiate --mutual --forward-mutual --challenge Negotiate
out=$(timeout $PY_LIMIT $PY tests/auth/client.py negotiate "$AUTH_URL" spnego 2>&1)
check "kerberos: the MutualAuthData the application sends completes the client's context" \
	'echo "$out" | grep -qx mutual=verified'
app_stop

app_start --group negotiate --context --challenge Negotiate
http_code --negotiate -u : "$AUTH_URL" >/dev/null
check "kerberos: with ReceiveContextHandle the application gets a PackedContext" \
	'[ "$(app_field status)" = Success ] && [ "$(app_field packed)" -gt 0 ]'
app_stop

app_start --group kerberos --challenge Kerberos
out=$(timeout $PY_LIMIT $PY tests/auth/client.py negotiate "$AUTH_URL" kerberos 2>&1)
check_out "kerberos: the Kerberos scheme alone: 200, AuthType Kerberos" \
	'echo "$out" | grep -qx status=200 && [ "$(app_field type)" = Kerberos ] &&
	 [ "$(app_field user)" = "$AUTH_USER@$AUTH_REALM" ]' "$out"
http_code --negotiate -u : "$AUTH_URL" >/dev/null
check "kerberos: with only Kerberos enabled a Negotiate header reaches the application untouched" \
	'[ "$(app_field status)" = NotAuthenticated ] && app_field authz | grep -q "^Negotiate "'
app_stop

# ExtendedAuthentication's Kerberos credential caching: a later request
# on the connection without Authorization keeps the identity, or not.
app_start --group negotiate --challenge Negotiate
out=$(timeout $PY_LIMIT $PY tests/auth/client.py negotiate "$AUTH_URL" spnego --then-plain 2>&1)
check_out "kerberos: without Kerberos credential caching a later request on the connection is NotAuthenticated" \
	'echo "$out" | grep -qx status=200 && echo "$out" | grep -qx plain=401 &&
	 [ "$(app_field status)" = NotAuthenticated ]' "$out"
app_stop
app_start --group negotiate --kerberos-cache --challenge Negotiate
out=$(timeout $PY_LIMIT $PY tests/auth/client.py negotiate "$AUTH_URL" spnego --then-plain 2>&1)
check_out "kerberos: with ENABLE_KERBEROS_CREDENTIAL_CACHING it is Success with TOKEN_FOR_CACHED_CRED" \
	'echo "$out" | grep -qx plain=200 && [ "$(app_field status)" = Success ] &&
	 [ "$(app_field flags)" = 0x1 ] && [ "$(app_field user)" = "$AUTH_USER@$AUTH_REALM" ]' "$out"
app_stop

app_start --session negotiate --challenge Negotiate
check "kerberos: a URL group without its own settings inherits the session's" \
	'[ "$(http_code --negotiate -u : "$AUTH_URL")" = 200 ] && [ "$(app_field status)" = Success ]'
app_stop
app_start --session negotiate --group basic --basic-realm "$AUTH_BASIC_REALM" --challenge Negotiate
http_code --negotiate -u : "$AUTH_URL" >/dev/null
check "kerberos: a URL group's own settings replace the session's (Negotiate not enabled there)" \
	'[ "$(app_field status)" = NotAuthenticated ] && app_field authz | grep -q "^Negotiate "'
app_stop

app_start --group negotiate --challenge Negotiate
# A replayed AP-REQ: the first use succeeds, the second (another
# connection) is caught by helperd's replay cache.
timeout $PY_LIMIT $PY tests/auth/client.py negotiate "$AUTH_URL" spnego --save "$AUTH_DIR/token" >/dev/null 2>&1
out=$(timeout $PY_LIMIT $PY tests/auth/client.py negotiate "$AUTH_URL" spnego --replay "$AUTH_DIR/token" 2>&1)
check "kerberos: a replayed token reaches the application as Failure with a SecStatus" \
	'[ "$(app_field status)" = Failure ] && [ "$(app_field sec)" != 0x00000000 ]'
check "kerberos: and the application's 401 reaches the client" 'echo "$out" | grep -qx status=401'

# An expired ticket: minted while valid (a 15 s ticket), sent once its
# end plus the realm's 3 s clock skew has passed.
minted=$SECONDS
kinit_alice -l 15s
timeout $PY_LIMIT $PY tests/auth/client.py mint "$AUTH_URL" spnego "$AUTH_DIR/expired" 2>/dev/null
left=$((minted + 15 + 3 + 2 - SECONDS))
[ "$left" -le 0 ] || sleep "$left"
n=$(app_requests)
timeout $PY_LIMIT $PY tests/auth/client.py negotiate "$AUTH_URL" spnego --replay "$AUTH_DIR/expired" >/dev/null 2>&1
check "kerberos: an expired ticket reaches the application as Failure with a SecStatus" \
	'[ -s "$AUTH_DIR/expired" ] && [ "$(app_requests)" -gt "$n" ] &&
	 [ "$(app_field status)" = Failure ] && [ "$(app_field sec)" != 0x00000000 ]'

# A wrong password gets no ticket: curl has nothing to send.
kdestroy -q
echo wrong | timeout 20 kinit "$AUTH_USER" >/dev/null 2>&1
n=$(app_requests)
check "kerberos: after a failed kinit curl gets the application's 401" \
	'[ "$(http_code --negotiate -u : "$AUTH_URL")" = 401 ] && [ "$(app_field status)" = NotAuthenticated ]'

# A wrong service key: the KDC's key for HTTP/<host> changes (kvno 2)
# while helperd's keytab keeps kvno 1; then the keytab catches up.
kadmin.local -q "ktadd -k $AUTH_DIR/rotated.keytab HTTP/$AUTH_HOST" >/dev/null 2>&1
kinit_alice
http_code --negotiate -u : "$AUTH_URL" >/dev/null
check "kerberos: a ticket under a key the keytab lacks reaches the application as Failure" \
	'[ "$(app_field status)" = Failure ] && [ "$(app_field sec)" != 0x00000000 ]'
kadmin.local -q "ktadd -k $HTTPSYS_KEYTAB HTTP/$AUTH_HOST" >/dev/null 2>&1
kinit_alice
check "kerberos: with the new key in the keytab the next ticket is accepted" \
	'[ "$(http_code --negotiate -u : "$AUTH_URL")" = 200 ]'
app_stop

# The seeds: with the kernel authenticating, "applications can run under
# low privileges": uid 1500, with a URL reservation and no access to the
# keytab, gets Kerberos-authenticated requests.
tools/httpcfg add urlacl url="http://+:$AUTH_PORT/" user=httpsys-test >/dev/null
: >"$AUTH_DIR/app.log"
chmod 666 "$AUTH_DIR/app.log"
APP_AS_1500="setpriv --reuid=1500 --regid=1500 --clear-groups"
APP_AS=$APP_AS_1500 app_start --group negotiate --challenge Negotiate
check "kerberos: an application running as uid 1500 (no keytab) gets the signed-in request" \
	'[ "$(stat -c %u "/proc/$APP_PID")" = 1500 ] && ! $APP_AS_1500 cat "$HTTPSYS_KEYTAB" >/dev/null 2>&1 &&
	 [ "$(http_code --negotiate -u : "$AUTH_URL")" = 200 ] && [ "$(app_field status)" = Success ] &&
	 [ "$(app_field user)" = "$AUTH_USER@$AUTH_REALM" ]'
app_stop
tools/httpcfg delete urlacl url="http://+:$AUTH_PORT/" >/dev/null
