#!/bin/bash
# The Debian packages of the deb stage (tools/packaging/build-deb.sh
# DEBDIR) installed with dpkg on the guest, whose root is a tmpfs overlay:
# httpsys-dkms's postinst registers the sources with DKMS and installs the
# module, taking it prebuilt from a tarball of built modules where the
# postinst looks for one (/usr/share/httpsys-dkms; made by
# tests/integration/dkms_prebuild.sh, since DKMS takes about 7 minutes to
# build it under TCG); modprobe; a program built with pkg-config against
# libhttpapi-dev (the library in the multiarch directory) serving curl;
# httpsys-tools' httpcfg; then dpkg --purge leaving none of their files.
# Stock kernel only; tests/vm/group.sh has loaded the tree's module, and
# reloads it after.
#
#     tests/integration/debs.sh DEBDIR
cd "$(dirname "$0")/../.." || exit 1
debs=$1
version=$(cat tools/packaging/version)
kver=$(uname -r)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
packages="httpsys-dkms libhttpapi1 libhttpapi-dev httpsys-tools"
work=$(mktemp -d /tmp/debs-test.XXXXXX)

. tests/lib.sh
. tests/integration/install_guest.sh

rmmod httpsys
dkms_guest_setup "$work"
# man-db's trigger reindexes every manual page through 9p.
rm -f /var/lib/man-db/auto-update
mkdir -p /usr/share/httpsys-dkms
cp tests/integration/dkms-prebuilt/httpsys-$version.dkms.tar.gz /usr/share/httpsys-dkms/

start=$SECONDS
check "debs: dpkg -i $packages" \
	'dpkg -i $(for p in $packages; do echo "$debs/${p}_${version}_"*.deb; done) \
		>"$work/dpkg.log" 2>&1 || { tail -n 30 "$work/dpkg.log"; false; }'
echo "# debs: dpkg -i took $((SECONDS - start)) s"
check "debs: the postinst installed DKMS's module for the running kernel" \
	'dkms status -m httpsys | grep -qx "httpsys/$version, $kver, x86_64: installed"'
check "debs: modprobe httpsys loads it" \
	'[ "$(modinfo -n httpsys)" = "/lib/modules/$kver/updates/dkms/httpsys.ko" ] &&
	 modprobe httpsys && grep -q "^httpsys " /proc/modules'
check "debs: libhttpapi.pc's libdir is the multiarch directory" \
	'[ "$(pkg-config --variable=libdir libhttpapi)" = "/usr/lib/$multiarch" ]'
# ldconfig's cache names the library by /lib (merged /usr).
installed_app_checks debs "/lib/$multiarch" 8291
check "debs: httpsys-tools' httpcfg talks to the module" \
	'/usr/sbin/httpcfg show servicestate >"$work/httpcfg.log" 2>&1'

for p in $packages; do
	dpkg -L "$p"
done | sort -u >"$work/files"
rmmod httpsys
start=$SECONDS
check "debs: dpkg --purge $packages" \
	'dpkg --purge $packages >"$work/purge.log" 2>&1 ||
	 { tail -n 30 "$work/purge.log"; false; }'
echo "# debs: dpkg --purge took $((SECONDS - start)) s"
check "debs: none of their files is left ($(wc -l <"$work/files") paths)" \
	'while read -r f; do [ -d "$f" ] || [ ! -e "$f" ] || echo "$f"; done \
		<"$work/files" | { ! grep .; }'
check "debs: dkms knows no httpsys" '[ -z "$(dkms status -m httpsys)" ]'
check "debs: the unit is no longer enabled" \
	'[ ! -e /etc/systemd/system/multi-user.target.wants/httpsys.service ]'
check "debs: modprobe httpsys fails" '! modprobe httpsys 2>/dev/null'
dkms_guest_cleanup
rm -rf "$work" /usr/share/httpsys-dkms
check_exit
