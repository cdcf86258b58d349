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

check_exit() {
	[ "$failures" -eq 0 ]
}
