# Shared by the shell tests: one "ok - " / "not ok - " line per assertion.
# Source it, call check NAME COMMAND..., and end with check_exit.
failures=0

check() {
	if eval "$2"; then
		echo "ok - $1"
	else
		echo "not ok - $1"
		failures=$((failures + 1))
	fi
}

# check NAME EXPR, and when it fails, OUTPUT (a client's, say) as TAP
# comments.
check_out() {
	local before=$failures

	check "$1" "$2"
	[ "$failures" = "$before" ] || echo "$3" | sed 's/^/# /'
}

# Waits up to 10 s for a server just started to answer URL.
wait_for_url() {
	local _

	for _ in $(seq 50); do
		curl -s --max-time 2 -o /dev/null "$1" && return 0
		sleep 0.2
	done
	return 1
}

check_exit() {
	[ "$failures" -eq 0 ]
}
