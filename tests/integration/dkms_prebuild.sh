#!/bin/bash
# On the host, before the core group boots: `make install-files` into a
# private tree, tests/integration/dkms-prebuilt/ (its list of files is
# what the guest's install.sh expects to see installed and then removed),
# and `make dkms-build` (dkms add and build) from the sources there, never
# the host's /var/lib/dkms, /usr/src or /lib/modules.  install.sh installs
# the module from that build, and debs.sh from a tarball of it: DKMS takes
# about 7 minutes to build it under TCG, about 35 s here.
#
#     tests/integration/dkms_prebuild.sh
set -u
cd "$(dirname "$0")/../.." || exit 1
tree=$PWD/tests/integration/dkms-prebuilt

. tests/lib.sh

rm -rf "$tree"
mkdir -p "$tree/dkms" "$tree/modules"
flags="--dkmstree $tree/dkms --sourcetree $tree/root/usr/src --installtree $tree/modules"
start=$SECONDS
check "dkms-prebuild: make install-files into $tree/root" \
	'make -s install-files DESTDIR="$tree/root" >/dev/null &&
	 (cd "$tree/root" && find . ! -type d | sed "s/^\.//") >"$tree/files"'
# dkms signs what it builds, with a key it creates in /var/lib/dkms unless
# told where: here, in the private tree.
check "dkms-prebuild: make dkms-build into $tree/dkms" \
	'mok_signing_key=$tree/mok.key mok_certificate=$tree/mok.pub \
		make -s dkms-build DKMS_FLAGS="$flags" >"$tree/build.log" 2>&1 ||
	 { cat "$tree/build.log"; false; }'
echo "# dkms-prebuild: $((SECONDS - start)) s"
check "dkms-prebuild: the module is built for $(tools/kver.sh)" \
	'dkms status $flags -m httpsys | grep -q "$(tools/kver.sh), x86_64: built"'
# For tests/integration/debs.sh: httpsys-dkms's postinst loads a tarball of
# built modules from /usr/share/httpsys-dkms instead of building.
version=$(cat tools/packaging/version)
check "dkms-prebuild: dkms mktarball --binaries-only" \
	'dkms mktarball $flags -m httpsys -v $version -k "$(tools/kver.sh)" \
		--binaries-only --archive "$tree/httpsys-$version.dkms.tar.gz" \
		>>"$tree/build.log" 2>&1 &&
	 tar -tzf "$tree/httpsys-$version.dkms.tar.gz" | grep -q "/httpsys.ko$"'
check_exit
