#!/bin/sh
# Installs the Debian packages the project needs. Idempotent: does nothing
# when everything is present, runs `apt-get update` at most once otherwise.
set -eu

PACKAGES="build-essential linux-image-amd64 linux-headers-amd64 qemu-system-x86
busybox-static cpio curl python3 iproute2 xz-utils
linux-source-6.1 bc bison flex libelf-dev libssl-dev
sparse clang-14 libclang-rt-14-dev
libnl-genl-3-dev libkrb5-dev nginx-light wrk h2o
krb5-user krb5-kdc krb5-admin-server gss-ntlmssp gss-ntlmssp-dev
libpam0g-dev pkg-config python3-gssapi python3-requests-ntlm python3-requests
libhttp-parser-dev valgrind man-db gcc-mingw-w64-x86-64 dkms debhelper dh-dkms"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done

if [ -n "$missing" ]; then
	echo "setup: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	stamp=/var/lib/apt/periodic/httpsys-update-stamp
	if [ ! -e "$stamp" ]; then
		apt-get update -q
		mkdir -p "$(dirname "$stamp")" && touch "$stamp"
	fi
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing
fi
