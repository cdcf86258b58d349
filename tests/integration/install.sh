#!/bin/bash
# `make install` and `make uninstall` on the guest (its root is a tmpfs
# overlay, so nothing reaches the host): the module through DKMS and
# modprobe, the udev rule and the documented way to restrict the device
# to a group, a program built against the installed headers and shared
# library through pkg-config serving curl, the man pages, and everything
# gone after uninstall.  DKMS builds the module in about 7 minutes under
# TCG, so the build comes from tests/integration/dkms_prebuild.sh's tree,
# made on the host: the guest runs make install's other steps, then
# `make dkms-install` with that build.  Stock kernel only (its headers);
# tests/vm/group.sh has loaded the tree's module, and reloads it after.
#
#     tests/integration/install.sh
cd "$(dirname "$0")/../.." || exit 1
prebuilt=$PWD/tests/integration/dkms-prebuilt
version=$(cat tools/packaging/version)
kver=$(uname -r)
work=$(mktemp -d /tmp/install-test.XXXXXX)

. tests/lib.sh

# Runs a step, printing how long it took (to the test's output, whatever
# the step's own redirections), for the stage's time budget.
exec 3>&1
timed() {
	local start=$SECONDS rc
	"$@"
	rc=$?
	echo "# install: $* took $((SECONDS - start)) s" >&3
	return $rc
}

. tests/integration/install_guest.sh
rmmod httpsys
dkms_guest_setup "$work"

# Every file make install puts down, as paths from /.
files=$prebuilt/files
check "install: make install's file list" '[ "$(wc -l <"$files")" -gt 20 ]'

check "install: make install-files" \
	'timed make -s install-files >"$work/install.log" 2>&1 || { cat "$work/install.log"; false; }'
check "install: every file is in place" \
	'xargs -a "$files" ls -d >/dev/null'
check "install: the unit runs the installed httpcfg" \
	'grep -q "^ExecStart=-/usr/local/sbin/httpcfg restore$" /etc/systemd/system/httpsys.service'

# The host's build, registered as make dkms-build would have left it.
mkdir -p /var/lib/dkms
cp -a "$prebuilt/dkms/httpsys" /var/lib/dkms/
ln -sfn "/usr/src/httpsys-$version" "/var/lib/dkms/httpsys/$version/source"
check "install: dkms status shows the prebuilt module built" \
	'dkms status -m httpsys | grep -qx "httpsys/$version, $kver, x86_64: built"'
check "install: make dkms-install" \
	'timed make -s dkms-install >"$work/dkms.log" 2>&1 || { cat "$work/dkms.log"; false; }'
check "install: dkms status shows it installed for the running kernel" \
	'dkms status -m httpsys | grep -qx "httpsys/$version, $kver, x86_64: installed"'
check "install: modprobe resolves httpsys to DKMS's copy" \
	'[ "$(modinfo -n httpsys)" = "/lib/modules/$kver/updates/dkms/httpsys.ko" ]'
check "install: modprobe httpsys loads it" \
	'timed modprobe httpsys && grep -q "^httpsys " /proc/modules'
check "install: /dev/httpsys is there, mode 0666" \
	'[ "$(stat -c %a:%F /dev/httpsys)" = "666:character special file" ]'

# No udevd runs in the guest; udevadm test applies the rules to the node.
rule=/etc/udev/rules.d/60-httpsys.rules
check "install: udevadm test applies the rule: mode 0666" \
	'udevadm test /sys/class/misc/httpsys >"$work/udev.log" 2>&1 &&
	 grep -q "60-httpsys.rules:[0-9]* MODE 0666" "$work/udev.log" &&
	 [ "$(stat -c %a /dev/httpsys)" = 666 ]'
# The README's recipe for a group, with the guest's httpsys-test.
echo 'SUBSYSTEM=="misc", KERNEL=="httpsys", MODE="0660", GROUP="httpsys-test"' \
	>/etc/udev/rules.d/61-httpsys-group.rules
check "install: a later rule restricts the device to a group" \
	'udevadm test /sys/class/misc/httpsys >"$work/udev.log" 2>&1 &&
	 [ "$(stat -c %a:%G /dev/httpsys)" = 660:httpsys-test ]'
rm /etc/udev/rules.d/61-httpsys-group.rules
check "install: without it the rule opens the device again" \
	'udevadm test /sys/class/misc/httpsys >"$work/udev.log" 2>&1 &&
	 [ "$(stat -c %a /dev/httpsys)" = 666 ]'

flags=$(pkg-config --cflags --libs libhttpapi)
echo "# install: pkg-config --cflags --libs libhttpapi:" $flags
check "install: pkg-config names only the installed paths" \
	'[ "$(echo $flags)" = "-I/usr/local/include/httpapi -L/usr/local/lib -lhttpapi" ]'
installed_app_checks install /usr/local/lib 8290

# Debian's /usr/local/man is a link to share/man.
pages=$(realpath $(man -w 4 httpsys; man -w 8 httpcfg; man -w 3 libhttpapi; man -w 8 helperd))
echo "# install: man -w: "$pages
check "install: man -w finds the installed pages" \
	'[ "$(echo $pages)" = "/usr/local/share/man/man4/httpsys.4 /usr/local/share/man/man8/httpcfg.8 /usr/local/share/man/man3/libhttpapi.3 /usr/local/share/man/man8/helperd.8" ]'

rmmod httpsys
check "install: make uninstall" \
	'timed make -s uninstall >"$work/uninstall.log" 2>&1 || { cat "$work/uninstall.log"; false; }'
check "install: every installed file is gone" \
	'! xargs -a "$files" ls -d 2>/dev/null | grep -q .'
check "install: dkms knows no httpsys" '[ -z "$(dkms status -m httpsys)" ]'
check "install: ld.so.cache has no libhttpapi" '! ldconfig -p | grep -q libhttpapi'
check "install: modprobe httpsys fails" '! modprobe httpsys 2>/dev/null'
dkms_guest_cleanup
rm -rf "$work"
check_exit
