#!/bin/bash
# make bench-memory: memory.sh in one boot of the stock kernel, then its
# tables into docs/BENCHMARKS.md's "## Memory" section, only when the run
# succeeded.
set -u
cd "$(dirname "$0")/../.." || exit 1
cmd=(tests/vm/run.sh --timeout 900 --module kmod/httpsys.ko -- tests/bench/memory.sh)
log=$(mktemp /tmp/httpsys-memory.XXXXXX)
trap 'rm -f "$log"' EXIT
"${cmd[@]}" | tee "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || {
	echo "bench-memory: the run failed; docs/BENCHMARKS.md unchanged" >&2
	exit 1
}
python3 tests/bench/write_doc.py "$log" docs/BENCHMARKS.md "${cmd[*]}" \
	memory "## Memory" "make bench-memory" &&
	echo "bench-memory: tables written to docs/BENCHMARKS.md"
