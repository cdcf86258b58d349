#!/bin/sh
# Prints the newest kernel version that has both a bootable image and
# headers to build modules against (never `uname -r`: the machine's own
# kernel is not what the module runs in).
for dir in $(ls -d /lib/modules/*/build 2>/dev/null | sort -rV); do
	ver=$(basename "$(dirname "$dir")")
	if [ -e "/boot/vmlinuz-$ver" ]; then
		echo "$ver"
		exit 0
	fi
done
echo "kver: no kernel with both /boot/vmlinuz-<ver> and /lib/modules/<ver>/build; run tools/setup.sh" >&2
exit 1
