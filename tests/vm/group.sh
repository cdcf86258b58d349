#!/bin/bash
# Runs several test commands in one VM boot: a boot costs more than many
# of the tests (the debug kernel's leak scan more still).  Between commands
# the module is unloaded (which must work) and loaded again, so each
# starts as after insmod.  Each command is one string, split on spaces.
#
#   tests/vm/group.sh MODULE.ko "CMD ARGS" "CMD ARGS"...
#
# A command that fails without a "not ok - " line of its own gets one;
# the exit status is 1 if any command failed.
module=$1
shift
name=$(basename "$module" .ko)
status=0
for cmd in "$@"; do
	echo "# group: $cmd"
	echo "httpsys-group: $cmd" >/dev/kmsg
	start=$SECONDS
	# shellcheck disable=SC2086
	timeout -k 5 900 $cmd >/tmp/group.out 2>&1 </dev/null
	rc=$?
	cat /tmp/group.out
	echo "# group: $cmd took $((SECONDS - start)) s"
	if [ $rc -ne 0 ]; then
		status=1
		grep -q '^not ok - ' /tmp/group.out ||
			echo "not ok - $cmd exited with status $rc"
	fi
	if grep -q "^$name " /proc/modules && ! rmmod "$name"; then
		echo "not ok - rmmod $name after $cmd"
		exit 1
	fi
	if ! insmod "$module"; then
		echo "not ok - insmod $name after $cmd"
		exit 1
	fi
done
exit $status
