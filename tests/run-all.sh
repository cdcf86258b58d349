#!/bin/bash
# Runs every test stage and prints one summary line, "N passed, N failed",
# counting each "ok - " / "not ok - " assertion line of every stage.  A stage
# that fails without reporting a failed assertion (a crash, a timeout, a
# dirty kernel log) counts as one failure itself.
set -u
cd "$(dirname "$0")/.."

passed=0
failed=0
log_dir=$(mktemp -d /tmp/httpsys-check.XXXXXX)

stage() {
	local name=$1 log="$log_dir/$1.log" status
	shift
	echo "== $name"
	"$@" >"$log" 2>&1
	status=$?
	cat "$log"
	local ok bad
	ok=$(grep -c '^ok - ' "$log")
	bad=$(grep -c '^not ok - ' "$log")
	if [ "$status" -ne 0 ] && [ "$bad" -eq 0 ]; then
		echo "not ok - stage $name exited with status $status"
		bad=1
	fi
	if [ "$ok" -eq 0 ] && [ "$bad" -eq 0 ]; then
		echo "not ok - stage $name reported no assertions"
		bad=1
	fi
	passed=$((passed + ok))
	failed=$((failed + bad))
}

vm() {
	tests/vm/run.sh --timeout "$1" --module kmod/httpsys.ko -- "${@:2}"
}

for t in tests/unit/bin/test_*; do
	stage "unit-$(basename "$t")" "$t"
done
stage vm-selftest tests/vm/selftest.sh
stage integration vm 300 tests/integration/itest
stage unload vm 120 tests/integration/unload.sh

rm -rf "$log_dir"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
