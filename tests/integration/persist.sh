#!/bin/bash
# URL reservations survive a reboot through tools/httpsys.service: its
# ExecStop commands save them, the module is unloaded and loaded again
# (the reboot; MODULE stands for the unit's modprobe), and its ExecStart
# commands restore them.  Runs inside the test VM with MODULE loaded.
#
#     tests/integration/persist.sh MODULE
cd "$(dirname "$0")/../.."
module=$1
unit=tools/httpsys.service
url=http://+:8230/keep/

. tests/lib.sh

# The unit's httpcfg commands of one kind, run with this tree's httpcfg
# ('-' marks a command whose failure systemd ignores).
run_unit() {
	local line cmd ran=0
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		cmd=${line#*=}
		ran=1
		# shellcheck disable=SC2086
		tools/httpcfg ${cmd#*httpcfg } || [ "${cmd:0:1}" = - ] || return 1
	done <<<"$(grep "^$1=-\?/usr/local/sbin/httpcfg " "$unit")"
	[ $ran = 1 ]
}

rm -f /etc/httpsys/urlacl.conf
check "persist: reserve $url for httpsys-test" \
	'tools/httpcfg add urlacl "url=$url" user=httpsys-test >/dev/null'
check "persist: the unit's ExecStop saves the reservations" 'run_unit ExecStop'
check "persist: the saved file holds the reservation" \
	'grep -q "^$url D:(A;;GX;;;S-1-22-1-1500)$" /etc/httpsys/urlacl.conf'
check "persist: unloading the module (the reboot)" 'rmmod httpsys'
check "persist: loading it again" 'insmod "$module"'
check "persist: a fresh module has no reservations" \
	'! tools/httpcfg show urlacl "url=$url" >/dev/null 2>&1'
check "persist: the unit's ExecStart restores them" 'run_unit ExecStart'
check "persist: the reservation is back" \
	'tools/httpcfg show urlacl "url=$url" | grep -q "Listen: Yes"'

# It grants again: the unprivileged user may serve the prefix.
setpriv --reuid=1500 --regid=1500 --clear-groups \
	libhttpapi/examples/hello "$url" >/tmp/persist-hello.log 2>&1 &
app=$!
wait_for_url "http://127.0.0.1:8230/keep/"
check "persist: httpsys-test serves $url under the restored reservation" \
	'curl -s --max-time 5 http://127.0.0.1:8230/keep/x | grep -q "Hello from httpsys"'
kill "$app"
wait "$app" 2>/dev/null
check "persist: reservation deleted" 'tools/httpcfg delete urlacl "url=$url" >/dev/null'
rm -f /etc/httpsys/urlacl.conf
check_exit
