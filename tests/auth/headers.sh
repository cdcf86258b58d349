# What the kernel does with Authorization headers it cannot or need not
# authenticate, the application's multiple WWW-Authenticate values, and
# a 48 KB token.
www_authenticate() {
	tr -d '\r' <"$AUTH_DIR/headers" | sed -n 's/^WWW-Authenticate: //Ip' | paste -sd '|'
}

app_start
check "headers: a URL without authentication gets no auth record" \
	'[ "$(http_code "$AUTH_URL")" = 401 ] && [ "$(app_field status)" = none ]'
check "headers: and its Authorization header is not judged by the kernel" \
	'[ "$(http_code -H "Authorization: Negotiate !!!notbase64" "$AUTH_URL")" = 401 ] &&
	 [ "$(app_field authz)" = "Negotiate !!!notbase64" ]'
app_stop

app_start --group negotiate,ntlm,basic --basic-realm "$AUTH_BASIC_REALM" \
	--challenge "Custom x" --challenge Basic --challenge Digest \
	--challenge NTLM --challenge Negotiate
n=$(app_requests)
check "headers: Negotiate with bad Base64 gets the kernel's 400, nothing delivered" \
	'[ "$(http_code -H "Authorization: Negotiate !!!notbase64" "$AUTH_URL")" = 400 ] &&
	 [ "$(app_requests)" = "$n" ]'
check "headers: an Authorization header without a scheme gets 400, nothing delivered" \
	'[ "$(http_code -H "Authorization;" "$AUTH_URL")" = 400 ] && [ "$(app_requests)" = "$n" ]'
check "headers: an unknown scheme reaches the application untouched, NotAuthenticated" \
	'[ "$(http_code -H "Authorization: Custom abc def" "$AUTH_URL")" = 401 ] &&
	 [ "$(app_field status)" = NotAuthenticated ] && [ "$(app_field authz)" = "Custom abc def" ]'
check "headers: a scheme not enabled (Digest) reaches the application untouched, NotAuthenticated" \
	'[ "$(http_code -H "Authorization: Digest username=\"alice\"" "$AUTH_URL")" = 401 ] &&
	 [ "$(app_field status)" = NotAuthenticated ] && [ "$(app_field authz)" = "Digest username=\"alice\"" ]'
http_code "$AUTH_URL" >/dev/null
check_out "headers: the application's WWW-Authenticate values go out Negotiate, NTLM, Digest, Basic, then others" \
	'[ "$(www_authenticate)" = "Negotiate|NTLM|Digest|Basic realm=\"$AUTH_BASIC_REALM\"|Custom x" ]' "got: $(www_authenticate)"
big=$(head -c 48000 /dev/urandom | base64 -w0)
check "headers: a 48 KB Negotiate token passes the header limits and reaches the application as Failure" \
	'[ "$(http_code -H "Authorization: Negotiate $big" "$AUTH_URL")" = 401 ] &&
	 [ "$(app_field status)" = Failure ] && [ "$(app_field authz_len)" = $((${#big} + 10)) ]'
app_stop

app_start --group negotiate,ntlm,basic --basic-realm "$AUTH_BASIC_REALM" --preserve-order \
	--challenge "Custom x" --challenge Basic --challenge Digest \
	--challenge NTLM --challenge Negotiate
http_code "$AUTH_URL" >/dev/null
check_out "headers: with PRESERVE_ORDER they go out in the application's order, Basic still given its realm" \
	'[ "$(www_authenticate)" = "Custom x|Basic realm=\"$AUTH_BASIC_REALM\"|Digest|NTLM|Negotiate" ]' "got: $(www_authenticate)"
app_stop

app_start --group ntlm --challenge 'Basic realm="given"' --challenge NTLM
http_code "$AUTH_URL" >/dev/null
check_out "headers: a value for a scheme not enabled is copied as given" \
	'[ "$(www_authenticate)" = "NTLM|Basic realm=\"given\"" ]' "got: $(www_authenticate)"
app_stop
