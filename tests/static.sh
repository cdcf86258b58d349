#!/bin/bash
# Static checks of the kernel code: checkpatch.pl (from the kernel source
# the debug kernel is built from) with zero errors, and sparse (make C=2)
# with zero warnings from our files.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
src=${HTTPSYS_CACHE:-/var/tmp/httpsys-cache}/linux-source-6.1
"$root/tests/kernel/build-debug.sh" >/dev/null || exit 1

status=0
for f in kmod/*.[ch] kmod/proto/*.[ch] kmod/proto/tests/*.c uapi/*.h; do
	case "$f" in *.mod.c) continue ;; esac
	out=$(perl "$src/scripts/checkpatch.pl" --no-tree --terse --show-types -f "$f" 2>&1)
	if echo "$out" | grep -q ': ERROR:'; then
		echo "$out"
		echo "not ok - checkpatch: $f"
		status=1
	else
		echo "ok - checkpatch: $f"
	fi
done

kver=$(tools/kver.sh)
log=$(make -C "/lib/modules/$kver/build" M="$root" C=2 CHECK=sparse modules 2>&1)
warnings=$(echo "$log" | grep -E '^(/[^:]*/)?(kmod|uapi)/[^:]+:[0-9]+:[0-9]+: (warning|error)')
if [ -z "$warnings" ] && echo "$log" | grep -q 'CHECK .*kmod/main.c'; then
	echo "ok - sparse: no warnings from kmod/ and uapi/"
else
	echo "$warnings"
	echo "not ok - sparse: warnings from our files (or sparse did not run)"
	status=1
fi
exit $status
