#!/bin/bash
# Runs every test stage and prints one summary line, "N passed, N failed",
# counting each "ok - " / "not ok - " assertion line of every stage.  A stage
# that fails without reporting a failed assertion (a crash, a timeout, a
# dirty kernel log) counts as one failure itself.
#
# The host's stages run first, one at a time.  The VM stages then run in
# two lanes side by side: one TCG guest keeps about one of the machine's
# two CPUs busy (top showed qemu at 80 to 107 %), so a second halves the
# wall time the VM stages take without making either guest wait for CPU
# much more than it already does.  Each stage's output is printed whole
# when it ends.
set -u
cd "$(dirname "$0")/.." || exit 1

log_dir=$(mktemp -d /tmp/httpsys-check.XXXXXX)

stage() {
	local name=$1 log="$log_dir/$1.log" status start=$SECONDS ok bad
	shift
	"$@" >"$log" 2>&1
	status=$?
	echo "# $name took $((SECONDS - start)) s" >>"$log"
	ok=$(grep -c '^ok - ' "$log")
	bad=$(grep -c '^not ok - ' "$log")
	if [ "$status" -ne 0 ] && [ "$bad" -eq 0 ]; then
		echo "not ok - stage $name exited with status $status" >>"$log"
		bad=1
	fi
	if [ "$ok" -eq 0 ] && [ "$bad" -eq 0 ]; then
		echo "not ok - stage $name reported no assertions" >>"$log"
		bad=1
	fi
	echo "$ok $bad" >"$log_dir/$name.result"
	{
		flock 9
		echo "== $name"
		cat "$log"
	} 9>"$log_dir/print.lock"
}

# The stock Debian kernel: what users load the module into.
vm() {
	tests/vm/run.sh --timeout "$1" --module kmod/httpsys.ko -- "${@:2}"
}

# The debug kernel (KASAN, UBSAN, lockdep, kmemleak, KUnit), built once
# into the cache, with the module built against it.
debug_kernel=$(tests/kernel/build-debug.sh)/arch/x86/boot/bzImage
debug_build=$(tests/kernel/build-module.sh)
debug_module=$debug_build/kmod/httpsys.ko
vm_debug() {
	tests/vm/run.sh --kernel "$debug_kernel" --timeout "$1" \
		--module "$debug_module" -- "${@:2}"
}

stage static tests/static.sh
stage man tests/man.sh
for t in tests/unit/bin/test_*; do
	stage "unit-$(basename "$t")" "$t"
done
stage http-layout tests/unit/http_layout.sh
stage exports tests/unit/exports.sh
stage fuzz-smoke make -s -C tests/fuzz run FUZZ_SECONDS=10
# The parser micro-benchmark's harness, with few iterations (make bench-parser).
stage bench-parser tests/bench/parser.sh --iterations 100
stage vm-selftest tests/vm/selftest.sh

# Most VM programs run several to a boot (tests/vm/group.sh unloads and
# reloads the module between them), in the same groups on both kernels;
# the stress programs run longer in the debug kernel.
# Usage: core_programs MODULE; http_programs MODULE; race_programs SECONDS
core_programs() {
	printf '%s\n' tests/integration/itest tests/integration/v2 \
		tests/integration/qos tests/integration/urlacl \
		tests/integration/userns "tests/integration/persist.sh $1" \
		"tests/integration/servicestate.sh $1" tests/integration/async \
		tests/integration/batch_receive tests/integration/cache_api \
		tests/integration/api_more tests/integration/delegate
	[ "$1" = kmod/httpsys.ko ] || return 0
	# The stock kernel's alone: the example programs test user-space code
	# along kernel paths the programs above take (in the debug kernel they
	# took 89 s); DKMS needs the stock kernel's headers (dkms-prebuild),
	# and debs.sh the deb stage's packages.
	printf '%s\n' tests/integration/samples.sh tests/integration/examples.sh \
		tests/integration/install.sh "tests/integration/debs.sh $log_dir/deb"
}
http_programs() {
	printf '%s\n' tests/integration/http11 tests/integration/limits \
		tests/integration/responses tests/integration/urlquota \
		tests/integration/unload.sh tests/integration/conn_ownership \
		tests/integration/exhaustion tests/integration/listen_policy \
		tests/integration/cache "tests/integration/auth_transport $1" \
		"tests/integration/auth_jobs $2" tests/integration/auth_flow \
		tests/integration/w3clog tests/integration/w3clog_buffer \
		tests/integration/tracepoints.sh
}
race_programs() {
	printf '%s\n' "tests/integration/races $1" \
		"tests/integration/framing $(($1 / 3))" \
		"tests/integration/timer_races $1" \
		tests/integration/faulting_receivers \
		tests/integration/unread_responses \
		"tests/integration/listener_race $1"
}
# Usage: vm_group TIMEOUT PROGRAM_LIST_FUNCTION ARGS...
vm_group() {
	local programs
	mapfile -t programs < <("${@:2}")
	vm "$1" tests/vm/group.sh kmod/httpsys.ko "${programs[@]}"
}
vm_debug_group() {
	local programs
	mapfile -t programs < <("${@:2}")
	vm_debug "$1" tests/vm/group.sh "$debug_module" "${programs[@]}"
}

stage deb tools/packaging/build-deb.sh "$log_dir/deb"
stage dkms-prebuild tests/integration/dkms_prebuild.sh

# The two lanes, of about equal length: about 22 minutes each (the README
# lists the stage times of a run with them side by side).
lane_one() {
	stage debug-core vm_debug_group 2400 core_programs "$debug_module"
	stage debug-http vm_debug_group 2400 http_programs "$debug_module" 10
	stage core vm_group 1200 core_programs kmod/httpsys.ko
	stage http vm_group 1200 http_programs kmod/httpsys.ko 5
}
lane_two() {
	stage debug-kunit tests/kernel/kunit.sh "$debug_build"
	# The areas whose kernel paths differ: NTLM's interim legs and cache,
	# Digest's challenge upcall, Basic, the header limits, the drained
	# body, helperd's death and timeouts.  Kerberos, SPNEGO and the
	# example take the same kernel paths as NTLM (auth-flow runs them all
	# in this kernel with a fake helperd), and fairness is a load test:
	# under KASAN on two CPUs a flood measures the debug kernel's
	# slowness.  The harness area checks the KDC and the clients alone,
	# no kernel path.
	stage debug-auth vm_debug 1200 tests/auth/run.sh ntlm digest basic \
		headers body helper
	stage debug-races vm_debug_group 1800 race_programs 20
	stage debug-ioctl-fuzz vm_debug 600 tests/integration/ioctl_fuzz.sh 30
	# Authentication with real parts: a KDC, helperd, curl and python
	# clients.
	stage auth vm 600 tests/auth/run.sh
	stage basic-pam vm 180 tests/auth/basic_pam.sh
	stage ioctl-fuzz vm 300 tests/integration/ioctl_fuzz.sh 20
	stage bench-smoke vm 120 tests/bench/run.sh --smoke
	stage bench-memory-smoke vm 120 tests/bench/memory.sh --smoke
	stage races vm_group 900 race_programs 15
}
for lane in lane_one lane_two; do
	("$lane"; touch "$log_dir/$lane.done") &
done
wait

passed=0
failed=0
for lane in lane_one lane_two; do
	if [ ! -e "$log_dir/$lane.done" ]; then
		echo "not ok - $lane did not finish"
		failed=$((failed + 1))
	fi
done
for result in "$log_dir"/*.result; do
	read -r ok bad <"$result"
	passed=$((passed + ok))
	failed=$((failed + bad))
done
rm -rf "$log_dir"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
