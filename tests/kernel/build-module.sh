#!/bin/bash
# Builds httpsys.ko and httpsys_kunit.ko against the debug kernel, from a
# copy of the sources (the in-tree build is for the stock kernel), and
# prints the directory holding kmod/.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
kernel=$("$root/tests/kernel/build-debug.sh")
# One build directory per checkout, so checkouts can build side by side.
out=${HTTPSYS_CACHE:-/var/tmp/httpsys-cache}/debug-module-$(printf %s "$root" | sha256sum | cut -c1-12)

rm -rf "$out"
mkdir -p "$out"
tar -C "$root" --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
	--exclude='*.mod*' -cf - Kbuild kmod uapi | tar -C "$out" -xf -
make -C "$kernel" M="$out" modules >"$out/build.log" 2>&1 ||
	{ cat "$out/build.log" >&2; exit 1; }
echo "$out"
