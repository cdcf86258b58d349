#!/bin/bash
# rmmod is safe with live connections and open handles: refused while a
# handle is open, then clean with a client connection still open.
# Runs inside the test VM with httpsys.ko loaded.
cd "$(dirname "$0")/../.."

. tests/lib.sh

libhttpapi/examples/hello http://+:8085/demo/ >/tmp/hello.log 2>&1 &
app=$!
wait_for_url http://127.0.0.1:8085/demo/
check "unload: sample application serves" \
	'[ "$(curl -s --max-time 5 -o /dev/null -w "%{http_code}" http://127.0.0.1:8085/demo/)" = 200 ]'

# An idle client connection holding half a request.
exec 3<>/dev/tcp/127.0.0.1/8085
printf 'GET /demo/ HTTP/1.1\r\nHost: a\r\n' >&3

check "unload: rmmod refused while a handle is open" '! rmmod httpsys 2>/dev/null'
kill "$app"
wait "$app" 2>/dev/null
check "unload: rmmod succeeds with a client still connected" 'rmmod httpsys'
# cat ends at EOF or on a reset; status 124 would mean the socket stayed open.
check "unload: the client sees the connection closed" \
	'timeout 5 cat <&3 >/dev/null; [ $? -ne 124 ]'
check "unload: /dev/httpsys is gone" '[ ! -e /dev/httpsys ]'
exec 3<&-
check_exit
