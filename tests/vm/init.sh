#!/bin/busybox sh
# First stage, in the initramfs: mount the host's root read-only with a
# tmpfs overlay, then continue in tests/vm/guest.sh inside it.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
# Stock kernels have these as modules; a debug kernel may build them in.
for m in $(cat /modules.list); do
	[ -e "/lib/modules/$m.ko" ] && insmod "/lib/modules/$m.ko" 2>/dev/null
done
mkdir -p /host /results /rw /merged
# The root is read-only, so caching it in the guest is safe and much faster.
mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose hostroot /host
mount -t 9p -o trans=virtio,version=9p2000.L results /results
mount -t tmpfs tmpfs /rw
mkdir -p /rw/upper /rw/work
mount -t overlay overlay -o lowerdir=/host,upperdir=/rw/upper,workdir=/rw/work /merged
for d in proc sys dev results; do
	mkdir -p "/merged/$d"
	mount --move "/$d" "/merged/$d"
done
# /tmp stays the overlay's, writable in the guest: the checkout under test
# may itself live in the host's /tmp.
mount -t tmpfs tmpfs /merged/run
# switch_root, not chroot: a chrooted process may not create a user
# namespace (EPERM), and the reservation tests need `unshare -Ur` to mean
# what it means on a real host.
exec switch_root /merged /bin/bash "$(cat /merged/results/guest)"
