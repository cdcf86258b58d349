#!/bin/bash
# Runs the ioctl fuzzer as an unprivileged user for a bounded time, then
# checks the module still serves a request.  Runs inside the test VM with
# httpsys.ko loaded; the harness checks the kernel log afterwards.
cd "$(dirname "$0")/../.."
seconds=${1:-30}

. tests/lib.sh

# An unprivileged user may register only what a reservation grants it:
# reserve every host class and port of the fuzzer's prefixes
# (tests/fuzz/ioctl_fuzz.c) for everyone, so its registrations get past
# the permission check.
urls=()
for host in + '*' localhost '[::1]' 127.0.0.1; do
	for port in 9100 9101 9102; do
		urls+=("http://$host:$port/")
	done
done
reserved=0
for url in "${urls[@]}"; do
	tools/httpcfg add urlacl "url=$url" 'sddl=D:(A;;GX;;;WD)' >/dev/null &&
		reserved=$((reserved + 1))
done
check "ioctl fuzz: the fuzzer's ${#urls[@]} prefixes reserved for everyone" \
	'[ $reserved = ${#urls[@]} ]'

# The fuzzer bounds itself (its processes get a grace period past the
# end, then are killed); timeout is the backstop.
timeout $((seconds + 120)) setpriv --reuid=1500 --regid=1500 --clear-groups \
	tests/fuzz/ioctl_fuzz "$seconds" >/tmp/ioctl_fuzz.log 2>&1
status=$?
cat /tmp/ioctl_fuzz.log
check "ioctl fuzz: $seconds s as an unprivileged user, exit status 0" '[ $status = 0 ]'
# Its processes and threads raced real calls on shared queues, not only
# refusals: requests were received and answered, and none got stuck.
count() {
	sed -n "s/^ioctl_fuzz:.*[^0-9]\([0-9][0-9]*\) $1.*/\1/p" /tmp/ioctl_fuzz.log |
		head -n 1
}
check "ioctl fuzz: calls made ($(count calls))" '[ "$(count calls)" -gt 0 ]'
check "ioctl fuzz: requests received ($(count 'requests received'))" \
	'[ "$(count "requests received")" -gt 0 ]'
check "ioctl fuzz: responses sent ($(count 'responses sent'))" \
	'[ "$(count "responses sent")" -gt 0 ]'
check "ioctl fuzz: no thread stuck in the kernel, every process finished" \
	'grep -q "^ioctl_fuzz: .* 0 threads stuck, 0 processes failed" /tmp/ioctl_fuzz.log'
# The service-wide calls: snapshots and timeout queries were answered, and
# the unprivileged fuzzer's timeout settings were all refused.
check "ioctl fuzz: service-state snapshots and timeout queries answered" \
	'grep -Eq "^ioctl_fuzz: [1-9][0-9]* service-state snapshots, [1-9][0-9]* timeout" /tmp/ioctl_fuzz.log'
check "ioctl fuzz: the timeouts are still 120 s" \
	'[ "$(cat /sys/module/httpsys/parameters/header_wait)" = 120 ] &&
	 [ "$(cat /sys/module/httpsys/parameters/idle_connection)" = 120 ]'

deleted=0
for url in "${urls[@]}"; do
	tools/httpcfg delete urlacl "url=$url" >/dev/null && deleted=$((deleted + 1))
done
check "ioctl fuzz: the reservations deleted afterwards" '[ $deleted = ${#urls[@]} ]'

libhttpapi/examples/hello http://+:8087/after/ >/dev/null 2>&1 &
app=$!
wait_for_url http://127.0.0.1:8087/after/
check "ioctl fuzz: the module still serves a request afterwards" \
	'curl -s --max-time 5 http://127.0.0.1:8087/after/x | grep -q "Hello from httpsys"'
kill "$app"
wait "$app" 2>/dev/null
check_exit
