#!/bin/bash
# The man pages (docs/man/) render without warnings: for each page,
# `man --warnings -l -Tutf8` at 80 columns must print nothing on stderr
# and succeed.  Where mandoc is installed (it is not required), its
# -Tlint must be clean too.  One TAP line per page and check; exits
# non-zero on any failure.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$root/docs/man}
status=0

pass() { echo "ok - $1"; }
fail() {
	echo "not ok - $1"
	printf '%s\n' "$2" | sed 's/^/#   /'
	status=1
}

shopt -s nullglob
pages=("$dir"/*.[1-9])
if [ ${#pages[@]} -eq 0 ]; then
	fail "man: pages in $dir" "no page found"
	exit 1
fi

for page in "${pages[@]}"; do
	name=$(basename "$page")
	if err=$(MANWIDTH=80 man --warnings -l -Tutf8 "$page" 2>&1 >/dev/null) &&
	   [ -z "$err" ]; then
		pass "man: $name renders without warnings"
	else
		fail "man: $name renders without warnings" "${err:-man failed}"
	fi
done

if command -v mandoc >/dev/null; then
	for page in "${pages[@]}"; do
		name=$(basename "$page")
		if err=$(mandoc -Tlint -W warning "$page" 2>&1) && [ -z "$err" ]; then
			pass "mandoc: $name lints clean"
		else
			fail "mandoc: $name lints clean" "${err:-mandoc failed}"
		fi
	done
fi
exit $status
