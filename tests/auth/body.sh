# A 401 before the request body was read, the application's or the
# kernel's (an interim NTLM leg): the connection stays in step (the next
# request on it gets its own answer) or is closed, never misread.
app_start --group ntlm --challenge NTLM
out=$(timeout $PY_LIMIT $PY - "$AUTH_HOST" "$AUTH_PORT" <<'PY' 2>&1
import sys
sys.path.insert(0, "tests/auth")
from http1 import Connection
c = Connection(sys.argv[1], int(sys.argv[2]))
r = c.request("POST", "/upload", [], b"GET /smuggled HTTP/1.1\r\n\r\n" * 4000)
print("first=%d" % r.status)
try:
    r = c.request("GET", "/second")
    print("second=%d" % r.status)
except (EOFError, OSError):
    print("second=closed")
PY
)
check_out "body: the application's 401 to an unread POST body leaves the connection in step" \
	'echo "$out" | grep -qx first=401 && { echo "$out" | grep -qx second=closed ||
	 { echo "$out" | grep -qx second=401 && [ "$(app_field path)" = /second ]; }; } &&
	 ! grep -q smuggled "$AUTH_DIR/app.log"' "$out"
out=$(timeout $PY_LIMIT $PY tests/auth/client.py ntlm-raw "$AUTH_URL" "$AUTH_USER" "$AUTH_PASS" \
	"$AUTH_NTLM_DOMAIN" --post 10000 --then-plain 2>&1)
check_out "body: NTLM legs on POSTs with bodies: the kernel's interim 401 drains the body, then 200" \
	'echo "$out" | grep -qx leg1=401 && echo "$out" | grep -qx status=200' "$out"
check "body: and the next request on that connection gets its own answer" \
	'echo "$out" | grep -qx plain=200 && [ "$(app_field path)" = /plain ]'
app_stop
