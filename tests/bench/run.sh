#!/bin/bash
# The HTTP load benchmark, inside the VM, in one boot: our bench_server and
# nginx and h2o with the same responses and worker counts, each loaded by
# wrk in turn, in alternating rounds.  Prints the table (medians of the
# rounds) between "=== bench: begin ===" and "=== bench: end ===" lines.
#
#   tests/vm/run.sh --timeout 1800 --module kmod/httpsys.ko -- tests/bench/run.sh [--smoke]
#
# --smoke: one short round of a few targets, with one TAP line per target
# and one for the table.  BENCH_SECONDS and BENCH_ROUNDS override the full
# run's 5 s per measurement and 3 rounds; for a shorter comparison,
# BENCH_ONLY (servers, e.g. "httpapi nginx"), BENCH_KINDS (responses, e.g.
# "12B") and BENCH_LOADS (connections, e.g. "64") keep only those.
set -u
here=$(cd "$(dirname "$0")" && pwd)
smoke=0
[ "${1:-}" = --smoke ] && smoke=1

seconds=${BENCH_SECONDS:-5}
rounds=${BENCH_ROUNDS:-3}
loads=${BENCH_LOADS:-1 64 512}
if [ $smoke = 1 ]; then
	seconds=1 rounds=1 loads=16
fi
cpus=$(nproc)
ulimit -n 65536

# Everything served or written lives on a tmpfs: from the 9p root share
# nginx and h2o fall to a fraction of their speed.
dir=$(mktemp -d /tmp/httpsys-bench.XXXXXX)
mount -t tmpfs bench "$dir" || exit 1
mkdir "$dir/files"
printf 'hello world\n' >"$dir/files/hello.txt"
head -c 16384 /dev/urandom >"$dir/files/16k.bin"
head -c 1048576 /dev/urandom >"$dir/files/1m.bin"
declare -A path=([12B]=/hello.txt [12Bcached]=/hello.txt [12Biocp]=/hello.txt
	[16KiB]=/16k.bin [1MiB]=/1m.bin)

# server|workers|port|response kinds|how to start it
targets=(
	"httpapi|1|8101|12B|bench_server 1 memory"
	"httpapi|$cpus|8102|12B|bench_server $cpus memory"
	"httpapi|1|8109|12Bcached|bench_server 1 cached"
	"httpapi|$cpus|8110|12Bcached|bench_server $cpus cached"
	"httpapi|1|8111|12Biocp|bench_server 1 iocp"
	"httpapi|$cpus|8112|12Biocp|bench_server $cpus iocp"
	"httpapi|1|8103|16KiB|bench_server 1 file $dir/files/16k.bin"
	"httpapi|1|8104|1MiB|bench_server 1 file $dir/files/1m.bin"
	"nginx|1|8105|12B 16KiB 1MiB|nginx_server 1"
	"nginx|$cpus|8106|12B 16KiB 1MiB|nginx_server $cpus"
	"h2o|1|8107|12B 16KiB 1MiB|h2o_server 1"
	"h2o|$cpus|8108|12B 16KiB 1MiB|h2o_server $cpus"
)
[ $smoke = 1 ] && targets=(
	"httpapi|1|8101|12B|bench_server 1 memory"
	"httpapi|1|8109|12Bcached|bench_server 1 cached"
	"httpapi|1|8111|12Biocp|bench_server 1 iocp"
	"httpapi|1|8103|16KiB|bench_server 1 file $dir/files/16k.bin"
	"nginx|1|8105|12B 16KiB|nginx_server 1"
	"h2o|1|8107|12B 16KiB|h2o_server 1"
)

# Keeps the targets of the servers in $1 (all when empty), and of each only
# the response kinds in $2 (all when empty); a target left with none goes.
select_targets() {
	local only=" $1 " kinds=" $2 " t server rest kept k
	local -a selected=() fields
	for t in "${targets[@]}"; do
		IFS='|' read -r server _ _ rest _ <<<"$t"
		[ "$only" = "  " ] || [[ $only == *" $server "* ]] || continue
		kept=""
		for k in $rest; do
			[ "$kinds" = "  " ] || [[ $kinds == *" $k "* ]] || continue
			kept="${kept:+$kept }$k"
		done
		[ -n "$kept" ] || continue
		IFS='|' read -r -a fields <<<"$t"
		fields[3]=$kept
		selected+=("$(IFS='|'; echo "${fields[*]}")")
	done
	targets=("${selected[@]}")
}
select_targets "${BENCH_ONLY:-}" "${BENCH_KINDS:-}"

# Each starter runs its server in the background on $port, output in $log.
bench_server() {
	"$here/bench_server" --port "$port" --threads "$1" --mode "${@:2}" >"$log" 2>&1 &
}
config() {
	sed -e "s|@DIR@|$dir|g; s|@PORT@|$port|g; s|@WORKERS@|$2|g" \
		"$here/$1.conf.in" >"$dir/$1-$port.conf"
}
nginx_server() {
	config nginx "$1"
	nginx -c "$dir/nginx-$port.conf" -e "$dir/nginx-$port.err" >"$log" 2>&1 &
}
h2o_server() {
	config h2o "$1"
	h2o -c "$dir/h2o-$port.conf" >"$log" 2>&1 &
}

# Waits (at most 20 s) until the server answers 200 on $1.
ready() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$(curl -s -o /dev/null --max-time 1 -w '%{http_code}' "$1")" = 200 ] &&
			return 0
		sleep 0.2
	done
	return 1
}

stop() {
	local i
	kill -TERM "$1" 2>/dev/null
	for ((i = 0; i < 50; i++)); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

# Busy CPU time (user, system, softirq; in clock ticks) and context switches
# of the whole guest so far.
stat_now() {
	awk '/^cpu / { cpu = $2 + $4 + $8 } /^ctxt / { ctxt = $2 }
		END { print cpu, ctxt }' /proc/stat
}

# wrk's report as: requests req/s p50-µs p99-µs errors.
parse_wrk() {
	awk 'function us(v) {
			if (v ~ /us$/) return v + 0
			if (v ~ /ms$/) return v * 1000
			if (v ~ /m$/) return v * 60000000
			return v * 1000000
		}
		/^ +50%/ { p50 = us($2) }
		/^ +99%/ { p99 = us($2) }
		/ requests in / { n = $1 }
		/^Requests\/sec:/ { rps = $2 }
		/Socket errors:/ { gsub(",", ""); err += $4 + $6 + $8 + $10 }
		/Non-2xx or 3xx responses:/ { err += $NF }
		END { printf "%d %.2f %d %d %d\n", n, rps, p50, p99, err }'
}

# The CPU time (µs) this shell's reaped children have used so far, into
# the variable named $1.  `times` must run in this shell: in a command
# substitution it would report a subshell, which has no children yet.
children_us() {
	times >"$dir/times"
	awk 'function us(t, m) {
			split(t, m, /[ms]/)
			return (m[1] * 60 + m[2]) * 1000000
		}
		NR == 2 { printf "%d\n", us($1) + us($2) }' "$dir/times" >"$dir/times.us"
	read -r "$1" <"$dir/times.us"
}

results=$dir/results
: >"$results"
# One measurement: one wrk run against $port with the guest's counters
# read around it; appends a line to $results.
measure() {
	local server=$1 workers=$2 kind=$3 c=$4 round=$5 threads=2 before after out
	local wrk_start wrk_end
	[ "$c" -lt 2 ] && threads=1
	before=$(stat_now)
	children_us wrk_start
	out=$(timeout $((seconds + 60)) wrk -t$threads -c"$c" -d"${seconds}s" \
		--timeout 10s --latency "http://127.0.0.1:$port${path[$kind]}" 2>&1)
	children_us wrk_end
	after=$(stat_now)
	read -r n rps p50 p99 err <<<"$(echo "$out" | parse_wrk)"
	read -r cpu0 ctxt0 <<<"$before"
	read -r cpu1 ctxt1 <<<"$after"
	echo "# $server/$workers $kind c=$c round $round: $n requests, $rps req/s, p50 $p50 us, p99 $p99 us, $err errors"
	[ "$n" -gt 0 ] || echo "$out" | sed 's/^/#   /'
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$server" \
		"$workers" "$kind" "$c" "$round" "$n" "$rps" "$p50" "$p99" \
		$((ctxt1 - ctxt0)) $((cpu1 - cpu0)) "$err" \
		$((wrk_end - wrk_start)) >>"$results"
}

status=0
declare -A answered failed_start
for ((round = 1; round <= rounds; round++)); do
	for t in "${targets[@]}"; do
		IFS='|' read -r server workers port kinds start <<<"$t"
		name="$server/$workers/${kinds// /+}"
		log=$dir/$server-$port.log
		# shellcheck disable=SC2086 # the starter and its arguments
		$start
		pid=$!
		if ! ready "http://127.0.0.1:$port${path[${kinds%% *}]}"; then
			echo "# $name did not answer; its output:"
			sed 's/^/#   /' "$log"
			failed_start[$name]=1
			status=1
			stop "$pid"
			continue
		fi
		for kind in $kinds; do
			for c in $loads; do
				measure "$server" "$workers" "$kind" "$c" "$round"
				answered[$name]=$((${answered[$name]:-0} + $(tail -n 1 "$results" | cut -f6)))
			done
		done
		stop "$pid"
	done
done

if [ $smoke = 1 ]; then
	for t in "${targets[@]}"; do
		IFS='|' read -r server workers port kinds start <<<"$t"
		name="$server/$workers/${kinds// /+}"
		n=${answered[$name]:-0}
		if [ -z "${failed_start[$name]:-}" ] && [ "$n" -gt 0 ]; then
			echo "ok - bench: $name answered $n requests"
		else
			echo "not ok - bench: $name answered $n requests"
			status=1
		fi
	done
fi

echo "=== bench: begin ==="
cat <<EOF
In the guest: kernel $(uname -r), $cpus CPUs; $(nginx -v 2>&1 | sed 's/^nginx version: //'), \
$(h2o --version | head -n 1 | sed 's/ version /\//'), $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2).
Each measurement: \`wrk -t2 -cC -d${seconds}s --timeout 10s --latency http://127.0.0.1:PORT/PATH\`
(\`-t1\` for c = 1), keep-alive; rounds: $rounds, each running every target in turn;
the figures are the medians of the rounds.  ctxt/req and CPU µs/req are the
whole guest's, wrk included: context switches (\`ctxt\` in /proc/stat) and
user + system + softirq time over the run, divided by the requests answered;
"less wrk" takes off wrk's own CPU time (user + system, from \`times\`),
which leaves the server's and the kernel's work for it.
"vs best peer": an httpapi row's req/s over the best of nginx and h2o with
the same workers, response and connections.  nginx answers the 12 B with
\`return 200\`, h2o (which has no fixed-response handler but mruby's) serves
it as a file; files come from a tmpfs, nginx with sendfile.  "12 B, kernel
cache": our server sends its 12 B with HttpCachePolicyUserInvalidates, so
from the first request on (the readiness probe's) the kernel answers
without it; compared with the peers' 12 B.  "12 B, IOCP": the same 12 B
from a server in HTTP Server API 2.0's shape, a completion port with 16
overlapped receives outstanding per thread; compared with the peers' 12 B.
EOF
table=$(python3 "$here/table.py" "$results" "$(getconf CLK_TCK)")
echo
echo "$table"
echo "=== bench: end ==="
if [ $smoke = 1 ]; then
	if echo "$table" | grep -q '^| httpapi '; then
		echo "ok - bench: table printed"
	else
		echo "not ok - bench: table printed"
		status=1
	fi
fi
umount "$dir"
exit $status
