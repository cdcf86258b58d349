#!/bin/bash
# The module's tracepoints (events/httpsys/ in tracefs): enabled, a few
# requests, then each event's fields checked in the trace.  A request to
# v2hello arrives, is dispatched to its queue and answered; cache_api's
# cached responses hit; auth_flow's fake helper takes and answers a
# handshake's upcalls.
# Runs inside the test VM with httpsys.ko loaded.
cd "$(dirname "$0")/../.."

. tests/lib.sh

tracing=/sys/kernel/tracing
[ -e $tracing/trace ] || mount -t tracefs nodev $tracing
check "tracepoints: six httpsys events in tracefs" \
	'[ "$(ls -d $tracing/events/httpsys/httpsys_* | wc -l)" = 6 ]'
echo 0 >$tracing/tracing_on
echo >$tracing/trace
echo 1 >$tracing/events/httpsys/enable
echo 1 >$tracing/tracing_on

libhttpapi/examples/v2hello http://+:8270/one/ >/dev/null 2>&1 &
app=$!
wait_for_url http://127.0.0.1:8270/one/
body=$(curl -s --max-time 5 http://127.0.0.1:8270/one/abc)
kill "$app"
wait "$app" 2>/dev/null
timeout 120 tests/integration/cache_api >/tmp/tracepoints.cache 2>&1
timeout 120 tests/integration/auth_flow handshake >/tmp/tracepoints.auth 2>&1
echo 0 >$tracing/tracing_on
echo 0 >$tracing/events/httpsys/enable
cat $tracing/trace >/tmp/tracepoints.trace

# The request to /one/abc, followed by its ID through the three events.
arrive=$(grep -m1 'httpsys_request_arrive: .* method=GET url_len=8$' \
	/tmp/tracepoints.trace)
id=$(sed -n 's/.* request=\([0-9]*\) .*/\1/p' <<<"$arrive")
check "tracepoints: arrive with its connection, method GET and URL length 8" \
	'[ "$body" = "Hello from the v2 API" ] && [ -n "$id" ] &&
	 grep -q "conn=[1-9][0-9]* request=$id " <<<"$arrive"'
check "tracepoints: dispatch of that request to a queue" \
	'grep -q "httpsys_request_dispatch: queue=[1-9][0-9]* request=$id$" /tmp/tracepoints.trace'
check "tracepoints: its response done, status 200, 22 bytes (the body and its newline), no error" \
	'grep -q "httpsys_response_done: request=$id status=200 bytes=22 error=0$" /tmp/tracepoints.trace'
check "tracepoints: cache hits with connection, queue and bytes" \
	'grep -q "httpsys_cache_hit: conn=[1-9][0-9]* queue=[1-9][0-9]* bytes=[1-9][0-9]*$" /tmp/tracepoints.trace'
check "tracepoints: auth upcalls sent with sequence, connection, op and scheme" \
	'grep -q "httpsys_auth_upcall_sent: seq=[1-9][0-9]* conn=[0-9]* op=[0-9]* scheme=0x[1-9a-f]" /tmp/tracepoints.trace'
check "tracepoints: and answered with a status" \
	'grep -q "httpsys_auth_upcall_answered: seq=[1-9][0-9]* conn=[0-9]* status=[0-9]* error=0$" /tmp/tracepoints.trace'
check_exit
