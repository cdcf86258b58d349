#!/bin/bash
# Builds the debug kernel (KASAN, UBSAN, lockdep, kmemleak, KUnit) once into
# a cache directory outside the repo and prints its build directory.  It is
# rebuilt only when debug.config or the kernel source package changes.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tarball=$(ls /usr/src/linux-source-6.1.tar.xz)
version=$(dpkg-query -W -f='${Version}' linux-source-6.1)
key=$( (cat "$here/debug.config"; echo "$version") | sha256sum | cut -c1-16)
cache=${HTTPSYS_CACHE:-/var/tmp/httpsys-cache}
src=$cache/linux-source-6.1
out=$cache/debug-kernel-$key

if [ -e "$out/.done" ]; then
	echo "$out"
	exit 0
fi
mkdir -p "$cache"
if [ ! -e "$src/.unpacked" ]; then
	echo "debug kernel: unpacking $tarball" >&2
	rm -rf "$src"
	tar -C "$cache" -xf "$tarball"
	touch "$src/.unpacked"
fi
echo "debug kernel: building in $out (about 10-20 minutes)" >&2
rm -rf "$out"
mkdir -p "$out"
make -C "$src" O="$out" ARCH=x86_64 allnoconfig >/dev/null
"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$here/debug.config" >/dev/null
make -C "$src" O="$out" ARCH=x86_64 olddefconfig >/dev/null
# Every line of the fragment must have survived olddefconfig.
missing=$(grep -E '^CONFIG_' "$here/debug.config" | while IFS= read -r line; do
	opt=${line%%=*} val=${line#*=}
	if [ "$val" = n ]; then
		grep -q "^$opt=" "$out/.config" && echo "$line"
	else
		grep -qx "$line" "$out/.config" || echo "$line"
	fi
done)
if [ -n "$missing" ]; then
	echo "debug kernel: options not applied:" $missing >&2
	exit 1
fi
make -C "$src" O="$out" ARCH=x86_64 -j"$(nproc)" bzImage modules >"$out/build.log" 2>&1 ||
	{ tail -n 30 "$out/build.log" >&2; exit 1; }
touch "$out/.done"
echo "$out"
