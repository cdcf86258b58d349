#!/bin/bash
# Checks the VM harness itself: output and status come back, time limits
# hold, kernel problems are caught, and the guest has what tests need.
cd "$(dirname "$0")/../.."
. tests/lib.sh
vm=tests/vm/run.sh

out=$($vm --timeout 30 -- sh -c 'echo hello; exit 3' 2>&1)
status=$?
check "vm: output and exit status come back" '[ "$out" = hello ] && [ $status = 3 ]'

start=$(date +%s)
$vm --timeout 3 -- sleep 60 >/dev/null 2>&1
status=$?
check "vm: a command past its time limit gives 124 promptly" \
	'[ $status = 124 ] && [ $(($(date +%s) - start)) -lt 60 ]'

$vm --timeout 30 -- sh -c 'echo "WARNING: selftest" >/dev/kmsg' >/dev/null 2>&1
status=$?
check "vm: a kernel warning fails the run" '[ $status = 1 ]'

$vm --timeout 60 -- bash -c '
	cd /tmp && echo served >index.html
	python3 -m http.server --bind :: 8000 >/dev/null 2>&1 &
	for i in $(seq 50); do curl -s -o /dev/null http://127.0.0.1:8000/ && break; sleep 0.2; done
	[ "$(curl -s --max-time 5 http://127.0.0.1:8000/index.html)" = served ] &&
	[ "$(curl -sg --max-time 5 "http://[::1]:8000/index.html")" = served ] &&
	id httpsys-test >/dev/null' >/dev/null 2>&1
status=$?
check "vm: loopback IPv4 and IPv6 work and the test user exists" '[ $status = 0 ]'

$vm --timeout 30 --module /nonexistent.ko -- true >/dev/null 2>&1
status=$?
check "vm: a module that does not load fails the run" '[ $status = 125 ]'
check_exit
