# Sourced by the guest's install tests (install.sh, debs.sh), as root in
# the test VM whose root is a tmpfs overlay of the host's, after
# tests/lib.sh.

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

# installed_app_checks NAME LIBDIR PORT: installed_app.c compiled with
# pkg-config alone (into the caller's $work), running on LIBDIR's
# libhttpapi.so.1, serving curl.
installed_app_checks() {
	local name=$1 libdir=$2 port=$3 app

	check "$name: a program compiles against the installed headers with pkg-config" \
		'gcc -Wall -Wextra -Werror -std=gnu11 -o "$work/app" \
			tests/integration/installed_app.c $(pkg-config --cflags --libs libhttpapi)'
	check "$name: it runs on $libdir/libhttpapi.so.1" \
		'ldd "$work/app" | grep -q " => $libdir/libhttpapi.so.1 "'
	"$work/app" "http://+:$port/installed/" >"$work/app.log" 2>&1 &
	app=$!
	wait_for_url "http://127.0.0.1:$port/installed/"
	check "$name: it serves curl" \
		'[ "$(curl -s --max-time 5 "http://127.0.0.1:$port/installed/x")" = installed ]'
	kill $app
	wait $app 2>/dev/null
}
