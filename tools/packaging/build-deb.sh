#!/bin/bash
# Builds the Debian source and binary packages (httpsys-dkms, libhttpapi1,
# libhttpapi-dev, httpsys-tools) with `dpkg-buildpackage -us -uc` from
# the tree's tracked files, with tools/packaging/debian/ as debian/ and
# the version from tools/packaging/version, in OUTDIR (default
# tools/packaging/build); one TAP line per check.
#
#     tools/packaging/build-deb.sh [OUTDIR]
set -u
cd "$(dirname "$0")/../.." || exit 1
out=$(realpath -m "${1:-tools/packaging/build}")
version=$(cat tools/packaging/version)
src=$out/httpsys-$version

. tests/lib.sh

rm -rf "$out"
mkdir -p "$src"
git ls-files -z | xargs -0 cp -d --parents -t "$src"
cp -r tools/packaging/debian "$src/debian"
sed "s/@VERSION@/$version/" tools/packaging/debian/changelog.in >"$src/debian/changelog"
rm "$src/debian/changelog.in"

start=$SECONDS
check "deb: dpkg-buildpackage -us -uc" \
	'(cd "$src" && dpkg-buildpackage -us -uc) >"$out/build.log" 2>&1 ||
	 { tail -n 40 "$out/build.log"; false; }'
echo "# deb: dpkg-buildpackage took $((SECONDS - start)) s"

# Each package holds what it is for (a path from its file list).
holds() {
	dpkg-deb -c "$out/$1" 2>/dev/null | grep -q " \./$2\$"
}
arch=$(dpkg --print-architecture)
libdir=usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)
check "deb: the source package" '[ -e "$out/httpsys_$version.dsc" ]'
check "deb: httpsys-dkms holds the DKMS sources" \
	'holds "httpsys-dkms_${version}_all.deb" "usr/src/httpsys-$version/dkms.conf" &&
	 holds "httpsys-dkms_${version}_all.deb" "usr/src/httpsys-$version/kmod/main.c"'
check "deb: httpsys-dkms registers them with DKMS when installed" \
	'dpkg-deb -I "$out/httpsys-dkms_${version}_all.deb" postinst | grep -q dkms'
check "deb: libhttpapi1 holds the shared library in the multiarch directory" \
	'holds "libhttpapi1_${version}_$arch.deb" $libdir/libhttpapi.so.1.0.0'
check "deb: libhttpapi-dev holds the headers, links and libhttpapi.pc (naming that directory)" \
	'holds "libhttpapi-dev_${version}_$arch.deb" usr/include/httpapi/http.h &&
	 holds "libhttpapi-dev_${version}_$arch.deb" "$libdir/libhttpapi.so -> libhttpapi.so.1" &&
	 holds "libhttpapi-dev_${version}_$arch.deb" $libdir/pkgconfig/libhttpapi.pc &&
	 dpkg-deb --fsys-tarfile "$out/libhttpapi-dev_${version}_$arch.deb" |
	 tar -xO ./$libdir/pkgconfig/libhttpapi.pc | grep -qx "libdir=/$libdir"'
check "deb: httpsys-tools holds httpcfg, helperd, the unit and the rule" \
	'holds "httpsys-tools_${version}_$arch.deb" usr/sbin/httpcfg &&
	 holds "httpsys-tools_${version}_$arch.deb" usr/sbin/helperd &&
	 holds "httpsys-tools_${version}_$arch.deb" lib/systemd/system/httpsys.service &&
	 holds "httpsys-tools_${version}_$arch.deb" lib/udev/rules.d/60-httpsys.rules'
check_exit
