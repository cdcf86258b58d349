#!/bin/bash
# The sample applications serve curl: v2hello, written as Microsoft's v2
# samples are (session, URL group, queue, binding, receives through a
# completion port), with two prefixes and a request too big for its first
# buffer.  Runs inside the test VM with httpsys.ko loaded.
cd "$(dirname "$0")/../.."

. tests/lib.sh

libhttpapi/examples/v2hello http://+:8260/one/ http://+:8260/two/ \
	>/tmp/v2hello.log 2>&1 &
app=$!
wait_for_url http://127.0.0.1:8260/one/
check "samples: v2hello answers on its first prefix" \
	'curl -s --max-time 5 http://127.0.0.1:8260/one/a | grep -qx "Hello from the v2 API"'
check "samples: and on its second" \
	'curl -s --max-time 5 http://127.0.0.1:8260/two/b | grep -qx "Hello from the v2 API"'
big=$(head -c 5000 /dev/zero | tr '\0' x)
check "samples: a request larger than its first buffer is served" \
	'curl -s --max-time 5 -H "X-Big: $big" http://127.0.0.1:8260/one/big | grep -qx "Hello from the v2 API"'
check "samples: a path outside its prefixes gets the kernel's 404" \
	'[ "$(curl -s --max-time 5 -o /dev/null -w "%{http_code}" http://127.0.0.1:8260/three/)" = 404 ]'
kill "$app"
wait "$app" 2>/dev/null
check "samples: it logged each request with its URL context" \
	'grep -q "/one/a (context 1)" /tmp/v2hello.log && grep -q "/two/b (context 2)" /tmp/v2hello.log'
check_exit
