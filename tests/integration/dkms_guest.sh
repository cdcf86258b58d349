# Sourced by the guest's DKMS tests (install.sh, debs.sh), as root in the
# test VM whose root is a tmpfs overlay of the host's.

# dkms_guest_setup WORKDIR: what DKMS needs in the guest, and speed.
dkms_guest_setup() {
	# dkms uses <(...), which needs /dev/fd; the guest's devtmpfs lacks it.
	[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
	# DKMS runs depmod at install and at removal, which reads each of the
	# kernel's 4,000 modules through 9p (74 s cold): DKMS gets a module
	# tree of the kernel's index files alone, bound over the real one
	# until dkms_guest_cleanup.
	dkms_modtree=/lib/modules/$(uname -r)
	mkdir "$1/modules"
	cp -a "$dkms_modtree"/build "$dkms_modtree"/modules.order \
		"$dkms_modtree"/modules.builtin \
		"$dkms_modtree"/modules.builtin.modinfo "$1/modules/"
	mount --bind "$1/modules" "$dkms_modtree"
}

dkms_guest_cleanup() {
	umount "$dkms_modtree"
}
