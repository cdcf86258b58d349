# Basic through PAM: the local account, its password set in the guest.
app_start --group basic --basic-realm "$AUTH_BASIC_REALM" --challenge Basic
check "basic: the application's 401 \"Basic\" gets the configured realm" \
	'[ "$(http_code "$AUTH_URL")" = 401 ] &&
	 tr -d "\r" <"$AUTH_DIR/headers" | grep -qix "WWW-Authenticate: Basic realm=\"$AUTH_BASIC_REALM\""'
check "basic: curl --basic with the account's password gets 200" \
	'[ "$(http_code --basic -u "$AUTH_USER:$AUTH_PASS" "$AUTH_URL")" = 200 ]'
check "basic: the application saw Success as $AUTH_USER (uid $AUTH_UID), AuthType Basic" \
	'[ "$(app_field status)" = Success ] && [ "$(app_field user)" = "$AUTH_USER" ] &&
	 [ "$(app_field uid)" = "$AUTH_UID" ] && [ "$(app_field type)" = Basic ]'
check "basic: a wrong password reaches the application as Failure, and its 401 the client" \
	'[ "$(http_code --basic -u "$AUTH_USER:wrong" "$AUTH_URL")" = 401 ] &&
	 [ "$(app_field status)" = Failure ] && [ "$(app_field sec)" != 0x00000000 ]'
n=$(app_requests)
check "basic: credentials that are not Base64 get the kernel's 400, nothing delivered" \
	'[ "$(http_code -H "Authorization: Basic %%%%" "$AUTH_URL")" = 400 ] && [ "$(app_requests)" = "$n" ]'
app_stop
