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

check_exit() {
	[ "$failures" -eq 0 ]
}
