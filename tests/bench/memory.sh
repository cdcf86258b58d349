#!/bin/bash
# Kernel memory per idle keep-alive connection and per queued request,
# inside the VM with the module loaded: slab caches (/proc/slabinfo) and
# /proc/meminfo before and after
#   - N connections to memory_server --mode serve that each sent one
#     request, got the response and stay open, idle;
#   - N connections to memory_server --mode hold that each sent one
#     request, which stays queued (QueueLength raised to fit);
#   - for comparison, N idle keep-alive connections to nginx.
# Prints the tables between "=== memory: begin ===" and
# "=== memory: end ===" lines.
#
#   tests/vm/run.sh --timeout 900 --module kmod/httpsys.ko -- tests/bench/memory.sh [--smoke]
#
# --smoke: 500 connections, with TAP lines that the harness worked (the
# figures are printed, never judged).  MEMORY_CONNECTIONS overrides the
# full run's 10,000.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
smoke=0
[ "${1:-}" = --smoke ] && smoke=1
count=${MEMORY_CONNECTIONS:-10000}
settle=2	# seconds for freeing work items and RCU callbacks to run
[ $smoke = 1 ] && count=500 settle=0.5
ulimit -n $((count + 1024))
params=/sys/module/httpsys/parameters
# All connections come from ::1; and none may time out meanwhile.
echo 0 >"$params/max_connections_per_source"
echo $((count + 1024)) >"$params/max_connections"
echo 3600 >"$params/idle_connection"

dir=$(mktemp -d /tmp/httpsys-memory.XXXXXX)
mount -t tmpfs memory "$dir" || exit 1
status=0

tap() {
	if [ "$2" = 0 ]; then
		echo "ok - memory: $1"
	else
		echo "not ok - memory: $1"
		status=1
	fi
}

# Slab caches, two meminfo lines and SLUB's merged cache names, into $1.
snapshot() {
	local f
	sleep "$settle"
	echo 2 >/proc/sys/vm/drop_caches
	# Per-CPU slabs' free objects count as in use: flush them.
	for f in /sys/kernel/slab/*/shrink; do
		echo 1 >"$f"
	done 2>/dev/null
	cat /proc/slabinfo >"$1"
	awk '/^(Slab|SUnreclaim):/ { sub(":", "", $1); print "meminfo:", $1, $2 }' \
		/proc/meminfo >>"$1"
	find /sys/kernel/slab -maxdepth 1 -type l -printf 'alias: %f %l\n' >>"$1"
}

# Waits (at most $3 s) for a line matching $2 in file $1.
await() {
	local i
	for ((i = 0; i < $3 * 10; i++)); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

stop() {
	kill -TERM "$1" 2>/dev/null
	timeout 10 tail --pid="$1" -f /dev/null
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

# A figure of httpcfg's service state: "$1" names its line.
service_state() {
	"$root/tools/httpcfg" show servicestate view=requestq 2>/dev/null |
		awk -v what="$1:" 'index($0, what) { n += $NF } END { print n + 0 }'
}
queued() {
	service_state "Requests waiting to be received"
}

# One phase: $1 its name, $2 the port, $3 the server's pid, $4 "wait" or
# "no-wait"; snapshots before and after N client connections, the client
# then killed.  Fails when not all connections opened (and, with "wait",
# were answered).
phase() {
	local name=$1 port=$2 server=$3 mode=$4 client flag= i start=$SECONDS
	local log=$dir/$name-client.log
	[ "$mode" = no-wait ] && flag=--no-wait
	# The last phase's connections gone first (they close asynchronously),
	# the client's orphaned sockets too.
	for ((i = 0; i < 300; i++)); do
		[ "$(service_state "Open connections")" = 0 ] &&
			awk '/^TCP:/ { exit $5 != 0 }' /proc/net/sockstat && break
		sleep 0.2
	done
	snapshot "$dir/$name.before"
	"$here/idle_conns" --port "$port" --count "$count" $flag >"$log" 2>&1 &
	client=$!
	await "$log" '^ready' $((count / 20 + 60))
	echo "# $name: $(head -n 1 "$log")"
	if [ "$mode" = no-wait ]; then
		# Until the kernel has queued them all.
		for ((i = 0; i < 600; i++)); do
			[ "$(queued)" -ge "$count" ] && break
			sleep 0.2
		done
		echo "# $name: $(queued) requests queued"
		[ "$(queued)" -ge "$count" ]
		tap "$name: $count requests queued" $?
	else
		grep -q "^open $count answered $count failed 0" "$log"
		tap "$name: $count connections answered and open" $?
	fi
	snapshot "$dir/$name.after"
	echo "# $name: httpsys's open connections: $(service_state "Open connections");" \
		"$(grep TCP6 /proc/net/sockstat6)"
	kill -0 "$server" 2>/dev/null
	tap "$name: the server ran throughout" $?
	stop "$client"
	stop "$server"
	echo "# $name: $((SECONDS - start)) s"
}

start_server() {
	"$@" >"$dir/server.log" 2>&1 &
	server=$!
	if ! await "$dir/server.log" '^listening' 20; then
		sed 's/^/#   /' "$dir/server.log"
		return 1
	fi
}

server=
start_server "$here/memory_server" --port 8201 --mode serve
tap "idle: memory_server started" $?
phase idle 8201 "$server" wait

start_server "$here/memory_server" --port 8202 --mode hold \
	--queue-length $((count + 100))
tap "queued: memory_server started" $?
phase queued 8202 "$server" no-wait

# nginx with its kept-alive connections never timing out during the run.
cat >"$dir/nginx.conf" <<EOF
daemon off;
master_process off;
user root;
worker_processes 1;
worker_rlimit_nofile $((count + 1024));
pid $dir/nginx.pid;
error_log $dir/nginx.err error;
events { worker_connections $((count + 100)); }
http {
	access_log off;
	keepalive_requests 1000;
	keepalive_timeout 3600s;
	client_body_temp_path $dir/body;
	proxy_temp_path $dir/proxy;
	fastcgi_temp_path $dir/fastcgi;
	uwsgi_temp_path $dir/uwsgi;
	scgi_temp_path $dir/scgi;
	server { listen [::1]:8203; location / { return 200 "hello world\n"; } }
}
EOF
nginx -c "$dir/nginx.conf" >"$dir/nginx.log" 2>&1 &
server=$!
await_nginx() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$(curl -s -o /dev/null --max-time 1 -w '%{http_code}' \
			'http://[::1]:8203/')" = 200 ] && return 0
		sleep 0.2
	done
	return 1
}
await_nginx
tap "nginx: started" $?
phase nginx 8203 "$server" wait

tables=$(
	python3 "$here/memory_table.py" "Idle keep-alive connections to httpsys" \
		"$count" "$dir/idle.before" "$dir/idle.after" &&
	echo &&
	python3 "$here/memory_table.py" "Requests queued in httpsys, not received (one per connection)" \
		"$count" "$dir/queued.before" "$dir/queued.after" &&
	echo &&
	python3 "$here/memory_table.py" "For comparison: idle keep-alive connections to nginx" \
		"$count" "$dir/nginx.before" "$dir/nginx.after" --user-server
)
tap "tables computed" $?

echo "=== memory: begin ==="
cat <<EOF
In the guest: kernel $(uname -r), $(nproc) CPUs; $(nginx -v 2>&1 | sed 's/^nginx version: //').
Each table: the slab caches (/proc/slabinfo) and /proc/meminfo before and
after $count connections from tests/bench/idle_conns to [::1], divided by
$count.  The client's sockets are in the same kernel: "TCPv6",
"sock_inode_cache" and "lsm_inode_cache" hold one object for each end, and
the client's socket also has a file, a dentry and a local port; the
server's end is the rest.
"bytes" are objects times the cache's object size; "slab pages" also
count the slabs' unused room.  Caches that grew by less than one object
per 20 connections are left out of the rows, not of the totals.
httpsys's part of an idle connection is its httpsys_conn object: the
receive buffer (2 KiB, growing for long heads) and the parser's scratch
(max_header_count x 16 bytes) exist only while bytes are in hand.  A
queued request adds its own record with the parsed fields (kmalloc-512
here), its copy of the head and its decoded path (kmalloc-64, -8).
EOF
echo
echo "$tables"
echo "=== memory: end ==="
umount "$dir"
exit $status
