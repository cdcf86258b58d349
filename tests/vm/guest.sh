#!/bin/bash
# Second stage, inside the VM with the host's programs: load the modules,
# run the command with a time limit, and leave output, status and the
# kernel log in /results for tests/vm/run.sh.  Then power off.
r=/results
finish() {
	dmesg >"$r/dmesg" 2>&1
	sync
	echo o >/proc/sysrq-trigger
	# Without ACPI (the debug kernel) power-off does nothing; qemu runs with
	# -no-reboot, so a reboot ends it too.
	sleep 1
	echo b >/proc/sysrq-trigger
}

mount -t devpts devpts /dev/pts 2>/dev/null
ip link set lo up
# Tests open a thousand loopback connections and close them at once; the
# debug kernel drains the loopback backlog slowly, and its default of 1000
# packets then drops segments that orphaned sockets never resend.
sysctl -qw net.core.netdev_max_backlog=20000
hostname httpsys-vm
echo "httpsys-test:x:1500:1500::/tmp:/bin/sh" >>/etc/passwd
echo "httpsys-test:x:1500:" >>/etc/group
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
cd "$(cat $r/cwd)" || { echo 125 >"$r/status"; finish; }

mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
echo "httpsys-vm: test start" >/dev/kmsg
while IFS= read -r -d '' m; do
	if ! insmod "$m" >"$r/output" 2>&1; then
		echo "vm: insmod $m failed" >>"$r/output"
		echo 125 >"$r/status"
		finish
	fi
done <"$r/modules"

# Leaks are judged from here on; earlier boot-time reports are set aside.
kmemleak=/sys/kernel/debug/kmemleak
[ -e $kmemleak ] && echo clear >$kmemleak

mapfile -d '' cmd <"$r/cmd"
timeout -k 5 "$(cat $r/timeout)" "${cmd[@]}" >"$r/output" 2>&1 </dev/null
echo $? >"$r/status"

# Unload what the test left loaded: that must work, and frees everything,
# so whatever kmemleak still finds unreferenced was leaked.
mapfile -d '' modules <"$r/modules"
for ((i = ${#modules[@]} - 1; i >= 0; i--)); do
	name=$(basename "${modules[i]}" .ko)
	if grep -q "^$name " /proc/modules && ! rmmod "$name"; then
		echo "vm: rmmod $name failed after the test" >>"$r/problems"
	fi
done
if [ -e $kmemleak ]; then
	sleep 6	# kmemleak ignores objects younger than 5 s
	echo scan >$kmemleak
	echo scan >$kmemleak
	cat $kmemleak >>"$r/problems"
fi
finish
