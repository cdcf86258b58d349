# When helperd is missing, dies mid-handshake, hangs, or is impersonated.
param=/sys/module/httpsys/parameters/auth_timeout
ntlm_user="$AUTH_NTLM_DOMAIN\\$AUTH_USER"
app_start --group ntlm --challenge NTLM

helperd_stop
n=$(app_requests)
check "helper: with no helperd registered an enabled scheme gets 503, nothing delivered" \
	'[ "$(http_code --ntlm -u "$ntlm_user:$AUTH_PASS" "$AUTH_URL")" = 503 ] && [ "$(app_requests)" = "$n" ]'
check "helper: a scheme the kernel does not handle is still delivered" \
	'[ "$(http_code -H "Authorization: Custom x" "$AUTH_URL")" = 401 ] && [ "$(app_requests)" = $((n + 1)) ]'

helperd_start
rm -f "$AUTH_DIR/go"
timeout $PY_LIMIT $PY tests/auth/client.py ntlm-raw "$AUTH_URL" "$AUTH_USER" "$AUTH_PASS" \
	"$AUTH_NTLM_DOMAIN" --pause "$AUTH_DIR/go" >"$AUTH_DIR/midway.out" 2>&1 &
client=$!
wait_until $((PY_LIMIT * 10)) grep -q '^leg1=' "$AUTH_DIR/midway.out"
kill -9 "$HELPERD_PID"
wait "$HELPERD_PID" 2>/dev/null
HELPERD_PID=
helperd_start
touch "$AUTH_DIR/go"
timeout $PY_LIMIT tail --pid="$client" -f /dev/null
out=$(cat "$AUTH_DIR/midway.out")
check_out "helper: helperd killed after the first NTLM leg: the last leg fails (503 or a failed handshake)" \
	'echo "$out" | grep -qx leg1=401 && ! echo "$out" | grep -qx status=200' "$out"
check "helper: the restarted helperd serves a fresh handshake" \
	'[ "$(http_code --ntlm -u "$ntlm_user:$AUTH_PASS" "$AUTH_URL")" = 200 ]'

if [ -w "$param" ]; then
	saved=$(cat "$param")
	echo 2 >"$param"
	kill -STOP "$HELPERD_PID"
	start=$SECONDS
	code=$(http_code --ntlm -u "$ntlm_user:$AUTH_PASS" "$AUTH_URL")
	took=$((SECONDS - start))
	kill -CONT "$HELPERD_PID"
	echo "$saved" >"$param"
	check "helper: a helperd that does not answer: 503 after auth_timeout (2 s; took $took s)" \
		'[ "$code" = 503 ] && [ "$took" -le 10 ]'
	check "helper: and once it answers again, service resumes" \
		'[ "$(http_code --ntlm -u "$ntlm_user:$AUTH_PASS" "$AUTH_URL")" = 200 ]'
else
	echo "not ok - helper: the module has a writable auth_timeout parameter"
	failures=$((failures + 1))
fi

out=$(timeout 30 tests/integration/auth_intruder --uid 1500 2>&1)
check_out "helper: an unprivileged process may not register, pull a job or answer one (EPERM)" \
	'[ "$(echo "$out" | grep -c ": EPERM$")" = 3 ]' "$out"
check "helper: and the real helper still serves" \
	'[ "$(http_code --ntlm -u "$ntlm_user:$AUTH_PASS" "$AUTH_URL")" = 200 ]'
app_stop
