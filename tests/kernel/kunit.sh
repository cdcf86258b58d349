#!/bin/bash
# Runs the KUnit suites: loads httpsys_kunit.ko in the debug kernel, checks
# the KTAP it prints with the kernel's own `kunit.py parse`, and reports
# each case as an "ok - " / "not ok - " line.  MODULE_DIR: a build of
# tests/kernel/build-module.sh's to use (made here when not given); the
# build rewrites its directory, so tests/run-all.sh builds once and passes
# it while other VMs load from it.
#
#     tests/kernel/kunit.sh [MODULE_DIR]
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
kernel=$("$root/tests/kernel/build-debug.sh") || exit 1
module=${1:-$("$root/tests/kernel/build-module.sh")} || exit 1
src=${HTTPSYS_CACHE:-/var/tmp/httpsys-cache}/linux-source-6.1
log=$(mktemp /tmp/httpsys-kunit.XXXXXX)
trap 'rm -f "$log"' EXIT

"$root/tests/vm/run.sh" --timeout 120 --kernel "$kernel/arch/x86/boot/bzImage" \
	--module "$module/kmod/httpsys_kunit.ko" -- dmesg >"$log"
vm_status=$?

# A module's suites print no top-level KTAP header: add one for the parser.
body=$(sed -n '/httpsys-vm: test start/,$p' "$log" | sed 's/^\[[^]]*\] //' |
	sed -n '/^    KTAP version/,$p')
suites=$(printf '%s\n' "$body" | grep -cE '^(not )?ok [0-9]+ ')
ktap=$(printf 'KTAP version 1\n1..%s\n%s\n' "$suites" "$body")
if ! printf '%s\n' "$ktap" | python3 "$src/tools/testing/kunit/kunit.py" parse >&2; then
	echo "not ok - kunit: kunit.py parse reports failures"
fi
printf '%s\n' "$ktap" | awk '
	/^    # Subtest: / { suite = $3 }
	/^    ok [0-9]+ / { print "ok - kunit: " suite "." $3 }
	/^    not ok [0-9]+ / { print "not ok - kunit: " suite "." $4 }
	/^    # / && !/Subtest:/ { print }'
exit "$vm_status"
