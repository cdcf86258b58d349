#!/bin/bash
# Boots a kernel in qemu with the host's root shared read-only, loads
# modules, runs one command there with a time limit, and exits with the
# command's status.  The command's output is printed; the guest's kernel
# log must stay free of warnings, oopses and sanitizer reports.
#
#   tests/vm/run.sh [--timeout S] [--module M.ko]... [--kernel VMLINUZ] -- CMD...
#
# Exit status: the command's; 124 on a timeout; 1 when the kernel log has
# problems, a module does not unload or kmemleak finds a leak; 125 when a
# module does not load or the guest reports nothing.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
timeout=120
kernel=${HTTPSYS_KERNEL:-}
modules=()
while [ $# -gt 0 ]; do
	case "$1" in
	--timeout) timeout=$2; shift 2 ;;
	--module) modules+=("$(realpath "$2")"); shift 2 ;;
	--kernel) kernel=$2; shift 2 ;;
	--) shift; break ;;
	*) echo "usage: $0 [--timeout S] [--module M.ko]... [--kernel VMLINUZ] -- CMD..." >&2; exit 2 ;;
	esac
done
[ $# -gt 0 ] || { echo "vm: no command given" >&2; exit 2; }

kver=$("$root/tools/kver.sh")
if [ -n "$kernel" ]; then
	# A kernel of our own (the debug kernel) has the drivers built in.
	cache=${HTTPSYS_CACHE:-/var/tmp/httpsys-cache}/vm-custom
	boot_modules=""
else
	kernel=/boot/vmlinuz-$kver
	cache=${HTTPSYS_CACHE:-/var/tmp/httpsys-cache}/vm-$kver
	# The 9p root share and overlay, in load order (modules in Debian's kernel).
	boot_modules="virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev
virtio_pci netfs fscache 9pnet 9pnet_virtio 9p overlay"
fi

build_initramfs() {
	local tree m path
	tree=$(mktemp -d "$cache/tree.XXXXXX")
	mkdir -p "$tree/bin" "$tree/lib/modules" "$tree/proc" "$tree/sys" "$tree/dev"
	cp /bin/busybox "$tree/bin/busybox"
	cp "$here/init.sh" "$tree/init"
	chmod +x "$tree/init"
	: >"$tree/modules.list"
	for m in $boot_modules; do
		path=$(find "/lib/modules/$kver/kernel" -name "$m.ko*" | head -n 1)
		[ -n "$path" ] || continue
		case "$path" in
		*.xz) xz -dc "$path" >"$tree/lib/modules/$m.ko" ;;
		*) cp "$path" "$tree/lib/modules/$m.ko" ;;
		esac
		echo "$m" >>"$tree/modules.list"
	done
	(cd "$tree" && find . | cpio -o -H newc --quiet | gzip -1) >"$tree.cpio.gz"
	# Atomic, so runs of other checkouts sharing the cache never see half.
	mv "$tree.cpio.gz" "$initramfs"
	rm -rf "$tree"
}

mkdir -p "$cache"
# One initramfs per version of the scripts it holds: checkouts that differ
# can share the cache and run at the same time.
stamp=$( (cat "$here/init.sh" "$0"; echo "$boot_modules") | sha256sum | cut -c1-16)
initramfs=$cache/initramfs-$stamp.cpio.gz
[ -e "$initramfs" ] || build_initramfs

results=$(mktemp -d /tmp/httpsys-vm.XXXXXX)
trap 'rm -rf "$results"' EXIT
printf '%s\0' "$@" >"$results/cmd"
if [ ${#modules[@]} -gt 0 ]; then printf '%s\0' "${modules[@]}"; fi >"$results/modules"
echo "$timeout" >"$results/timeout"
pwd >"$results/cwd"
echo "$here/guest.sh" >"$results/guest"

serial=(-serial "file:$results/serial.log")
[ "${HTTPSYS_VM_VERBOSE:-0}" = 1 ] && serial=(-serial mon:stdio)
set +e
timeout $((timeout + 120)) qemu-system-x86_64 \
	-accel tcg,thread=multi -smp 2 -m 2048 -display none -no-reboot \
	-nic none "${serial[@]}" \
	-kernel "$kernel" -initrd "$initramfs" \
	-append "console=ttyS0 panic=-1 oops=panic loglevel=4 quiet" \
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
	-virtfs "local,path=$results,mount_tag=results,security_model=none,multidevs=remap" \
	</dev/null
qemu_status=$?
set -e

[ -e "$results/output" ] && cat "$results/output"
if [ ! -e "$results/status" ]; then
	if [ "$qemu_status" -eq 124 ]; then
		echo "vm: the VM did not finish within $((timeout + 120)) s" >&2
		exit 124
	fi
	echo "vm: the guest reported no status (qemu exited $qemu_status); serial log:" >&2
	tail -n 40 "$results/serial.log" >&2 || true
	exit 125
fi
status=$(cat "$results/status")
[ "$status" -eq 124 ] && echo "vm: the command timed out after $timeout s" >&2

problems=$(sed -n '/httpsys-vm: test start/,$p' "$results/dmesg" |
	grep -E 'WARNING:|BUG:|Oops|general protection fault|KASAN|UBSAN|possible circular locking|possible recursive locking|inconsistent lock state|sleeping function called from invalid context|unreferenced object|Call Trace|RIP:' || true)
if [ -n "$problems" ]; then
	echo "vm: kernel log has problems:" >&2
	sed -n '/httpsys-vm: test start/,$p' "$results/dmesg" >&2
	exit 1
fi
if [ -s "$results/problems" ]; then
	echo "vm: after the test:" >&2
	cat "$results/problems" >&2
	exit 1
fi
exit "$status"
