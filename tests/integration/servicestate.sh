#!/bin/bash
# The servicestate stage: the service-state snapshot and the machine-wide
# timeouts (tests/integration/servicestate.c), then the timeouts kept by
# `httpcfg save` and brought back by `httpcfg restore` across an unload and
# reload of the module, beside a reservation, and the file format's edges.
# Runs inside the test VM with MODULE loaded.
#
#     tests/integration/servicestate.sh MODULE
cd "$(dirname "$0")/../.." || exit 1
module=$1
params=/sys/module/httpsys/parameters
url=http://+:8254/keep/

. tests/lib.sh

tests/integration/servicestate || failures=$((failures + 1))

file=$(mktemp /tmp/servicestate-XXXXXX.conf)
old=$(mktemp /tmp/servicestate-old-XXXXXX.conf)
bad=$(mktemp /tmp/servicestate-bad-XXXXXX.conf)

# What show timeout, the API behind it, and the module parameters say.
timeouts_are() {
	local shown
	shown=$(tools/httpcfg show timeout) &&
		grep -qx "    Idle connection timeout (secs): $1" <<<"$shown" &&
		grep -qx "    Header wait timeout (secs): $2" <<<"$shown" &&
		[ "$(cat $params/idle_connection)" = "$1" ] &&
		[ "$(cat $params/header_wait)" = "$2" ]
}

check "save: header wait 7, idle connection 45 and a reservation set" \
	'tools/httpcfg add timeout timeouttype=headerwaittimeout value=7 >/dev/null &&
	 tools/httpcfg set timeout timeouttype=idleconnectiontimeout value=45 >/dev/null &&
	 tools/httpcfg add urlacl "url=$url" user=httpsys-test >/dev/null &&
	 timeouts_are 45 7'
check "save: httpcfg save FILE" 'tools/httpcfg save "$file"'
check "save: the file holds both timeouts and the reservation" \
	'grep -qx "timeout headerwaittimeout 7" "$file" &&
	 grep -qx "timeout idleconnectiontimeout 45" "$file" &&
	 grep -qx "$url D:(A;;GX;;;S-1-22-1-1500)" "$file" &&
	 [ "$(grep -vc "^#" "$file")" = 3 ]'
check "reload: unloading the module" 'rmmod httpsys'
check "reload: loading it again" 'insmod "$module"'
check "reload: a fresh module has the default timeouts, no reservation" \
	'timeouts_are 120 120 &&
	 ! tools/httpcfg show urlacl "url=$url" >/dev/null 2>&1'
check "restore: httpcfg restore FILE" 'tools/httpcfg restore "$file" >/dev/null'
check "restore: header wait 7 and idle connection 45 are back" 'timeouts_are 45 7'
check "restore: the reservation is back" \
	'tools/httpcfg show urlacl "url=$url" | grep -q "Listen: Yes"'
check "restore: again: the reservation skipped, the timeouts set, status 0" \
	'tools/httpcfg restore "$file" | grep -q "already reserved: skipped" &&
	 timeouts_are 45 7'

check "save: timeouts at their default are not written" \
	'tools/httpcfg delete timeout timeouttype=headerwaittimeout >/dev/null &&
	 tools/httpcfg delete timeout timeouttype=idleconnectiontimeout >/dev/null &&
	 tools/httpcfg save "$file" && ! grep -q "^timeout" "$file" &&
	 grep -q "^$url " "$file"'
check "save: a timeout switched off through the module parameter (0) is not written" \
	'echo 0 >$params/header_wait && tools/httpcfg save "$file" &&
	 ! grep -q "^timeout" "$file" && echo 120 >$params/header_wait'

printf '%s\n' '# URL reservations (httpcfg save): PREFIX SDDL' \
	'http://+:8255/old/ D:(A;;GX;;;WD)' >"$old"
check "restore: a file of reservations only (before timeouts were saved)" \
	'tools/httpcfg restore "$old" >/dev/null &&
	 tools/httpcfg show urlacl url=http://+:8255/old/ | grep -q "User: Everyone" &&
	 timeouts_are 120 120'

printf '%s\n' 'timeout headerwaittimeout' 'timeout bodytimeout 5' \
	'timeout idleconnectiontimeout 0' 'timeout headerwaittimeout 8 extra' \
	'timeout headerwaittimeout 11 # a comment' >"$bad"
check "restore: malformed timeout lines are reported by line, status 1" \
	'out=$(tools/httpcfg restore "$bad" 2>&1); [ $? = 1 ] &&
	 grep -q ":1: not \"timeout TYPE SECONDS\"" <<<"$out" &&
	 grep -q ":2: not \"timeout TYPE SECONDS\"" <<<"$out" &&
	 grep -q "ERROR_INVALID_PARAMETER (87)" <<<"$out" &&
	 grep -q ":4: not \"timeout TYPE SECONDS\"" <<<"$out"'
check "restore: the good line among them was set (header wait 11)" \
	'timeouts_are 120 11'

check "cleanup: timeouts deleted, reservations deleted" \
	'tools/httpcfg delete timeout timeouttype=headerwaittimeout >/dev/null &&
	 tools/httpcfg delete urlacl "url=$url" >/dev/null &&
	 tools/httpcfg delete urlacl url=http://+:8255/old/ >/dev/null &&
	 timeouts_are 120 120'
rm -f "$file" "$old" "$bad"

# The counters of show servicestate: known requests, exact deltas.
counter() {
	tools/httpcfg show servicestate view=requestq |
		sed -n "s/^    $1: \([0-9]*\)$/\1/p"
}
counters() {
	local name
	for name in "Requests received" "Responses 2x" "Kernel answers 404" \
		"Kernel answers 400" "Connections accepted" "Bytes received" \
		"Bytes sent"; do
		printf '%s ' "$(counter "$name")"
	done
}
libhttpapi/examples/v2hello http://+:8256/one/ >/dev/null 2>&1 &
app=$!
wait_for_url http://127.0.0.1:8256/one/
read -r -a before <<<"$(counters)"
# Each curl reports what it sent and received: the bytes, exactly.
sizes=$(for path in /one/a /one/b /nope; do
	curl -s --max-time 5 -o /dev/null \
		-w '%{size_request} %{size_header} %{size_download}\n' \
		"http://127.0.0.1:8256$path"
done)
raw=$(printf 'BAD LINE\r\n\r\n' |
	timeout 10 bash -c 'exec 3<>/dev/tcp/127.0.0.1/8256; cat >&3; cat <&3' |
	wc -c)
read -r -a after <<<"$(counters)"
kill "$app"
wait "$app" 2>/dev/null
sent=$(awk '{ n += $1 } END { print n + 12 }' <<<"$sizes")
received=$(awk -v raw="$raw" '{ n += $2 + $3 } END { print n + raw }' <<<"$sizes")
delta() { echo $((after[$1] - before[$1])); }
check "counters: requests received +3 (the malformed line is none)" \
	'[ ${#before[@]} = 7 ] && [ ${#after[@]} = 7 ] && [ "$(delta 0)" = 3 ]'
check "counters: 2xx responses +2" '[ "$(delta 1)" = 2 ]'
check "counters: the kernel's 404 +1 and 400 +1" \
	'[ "$(delta 2)" = 1 ] && [ "$(delta 3)" = 1 ]'
check "counters: connections accepted +4" '[ "$(delta 4)" = 4 ]'
check "counters: bytes received +$sent, sent +$received (got +$(delta 5), +$(delta 6))" \
	'[ "$(delta 5)" = "$sent" ] && [ "$(delta 6)" = "$received" ]'
check_exit
