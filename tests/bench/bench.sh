#!/bin/bash
# make bench: the HTTP load benchmark (run.sh) in one boot of the stock
# kernel, then its table into docs/BENCHMARKS.md.  The docs change only
# when the run succeeded.
set -u
cd "$(dirname "$0")/../.." || exit 1
cmd=(tests/vm/run.sh --timeout 1800 --module kmod/httpsys.ko -- tests/bench/run.sh)
output=$(mktemp /tmp/httpsys-bench.XXXXXX)
trap 'rm -f "$output"' EXIT
"${cmd[@]}" | tee "$output"
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ]; then
	echo "bench: the run failed (status $status); docs/BENCHMARKS.md unchanged" >&2
	exit 1
fi
python3 tests/bench/write_doc.py "$output" docs/BENCHMARKS.md "${cmd[*]}" &&
	echo "bench: table written to docs/BENCHMARKS.md"
