#!/bin/bash
# Runs every test stage and prints one summary line, "N passed, N failed",
# counting each "ok - " / "not ok - " assertion line of every stage.  A stage
# that fails without reporting a failed assertion (a crash, a timeout, a
# dirty kernel log) counts as one failure itself.
set -u
cd "$(dirname "$0")/.."

passed=0
failed=0
log_dir=$(mktemp -d /tmp/httpsys-check.XXXXXX)

stage() {
	local name=$1 log="$log_dir/$1.log" status start=$SECONDS
	shift
	echo "== $name"
	"$@" >"$log" 2>&1
	status=$?
	cat "$log"
	echo "# $name took $((SECONDS - start)) s"
	local ok bad
	ok=$(grep -c '^ok - ' "$log")
	bad=$(grep -c '^not ok - ' "$log")
	if [ "$status" -ne 0 ] && [ "$bad" -eq 0 ]; then
		echo "not ok - stage $name exited with status $status"
		bad=1
	fi
	if [ "$ok" -eq 0 ] && [ "$bad" -eq 0 ]; then
		echo "not ok - stage $name reported no assertions"
		bad=1
	fi
	passed=$((passed + ok))
	failed=$((failed + bad))
}

# The stock Debian kernel: what users load the module into.
vm() {
	tests/vm/run.sh --timeout "$1" --module kmod/httpsys.ko -- "${@:2}"
}

# The debug kernel (KASAN, UBSAN, lockdep, kmemleak, KUnit), built once
# into the cache, with the module built against it.
debug_kernel=$(tests/kernel/build-debug.sh)/arch/x86/boot/bzImage
debug_module=$(tests/kernel/build-module.sh)/kmod/httpsys.ko
vm_debug() {
	tests/vm/run.sh --kernel "$debug_kernel" --timeout "$1" \
		--module "$debug_module" -- "${@:2}"
}
vm_debug_group() {
	vm_debug "$1" tests/vm/group.sh "$debug_module" "${@:2}"
}

stage static tests/static.sh
for t in tests/unit/bin/test_*; do
	stage "unit-$(basename "$t")" "$t"
done
stage fuzz-smoke make -s -C tests/fuzz run FUZZ_SECONDS=15
# The parser micro-benchmark's harness, with few iterations (make bench-parser).
stage bench-parser tests/bench/parser.sh --iterations 100
stage vm-selftest tests/vm/selftest.sh
stage integration vm 300 tests/integration/itest
stage v2 vm 300 tests/integration/v2
stage qos vm 300 tests/integration/qos
stage urlacl vm 300 tests/integration/urlacl
stage userns vm 300 tests/integration/userns
stage persist vm 120 tests/integration/persist.sh kmod/httpsys.ko
stage servicestate vm 300 tests/integration/servicestate.sh kmod/httpsys.ko
stage async vm 300 tests/integration/async
stage batch-receive vm 120 tests/integration/batch_receive
stage samples vm 120 tests/integration/samples.sh
stage http11 vm 300 tests/integration/http11
stage limits vm 300 tests/integration/limits
stage responses vm 300 tests/integration/responses
stage urlquota vm 300 tests/integration/urlquota
stage unload vm 120 tests/integration/unload.sh
stage races vm 300 tests/integration/races 15
stage framing vm 300 tests/integration/framing 5
stage cache vm 300 tests/integration/cache
stage timer-races vm 300 tests/integration/timer_races 20
stage faulting-receivers vm 300 tests/integration/faulting_receivers
stage unread-responses vm 300 tests/integration/unread_responses
stage conn-ownership vm 120 tests/integration/conn_ownership
stage listener-race vm 120 tests/integration/listener_race 15
stage exhaustion vm 300 tests/integration/exhaustion
stage listen-policy vm 120 tests/integration/listen_policy
stage cache-api vm 120 tests/integration/cache_api
stage auth-transport vm 120 tests/integration/auth_transport kmod/httpsys.ko
stage auth-jobs vm 300 tests/integration/auth_jobs
stage auth-flow vm 300 tests/integration/auth_flow
stage ioctl-fuzz vm 300 tests/integration/ioctl_fuzz.sh 20
stage bench-smoke vm 120 tests/bench/run.sh --smoke
stage bench-memory-smoke vm 120 tests/bench/memory.sh --smoke
# Authentication with real parts: a KDC, helperd, curl and python clients.
stage auth vm 600 tests/auth/run.sh
stage basic-pam vm 180 tests/auth/basic_pam.sh
stage debug-kunit tests/kernel/kunit.sh
# The debug kernel's boot and leak scan cost more than most tests: its VM
# stages run in a few boots, the module reloaded between programs.
stage debug-core vm_debug_group 2400 tests/integration/itest tests/integration/v2 \
	tests/integration/qos tests/integration/urlacl tests/integration/userns \
	"tests/integration/persist.sh $debug_module" \
	"tests/integration/servicestate.sh $debug_module" \
	tests/integration/async tests/integration/batch_receive \
	tests/integration/samples.sh tests/integration/cache_api
stage debug-http vm_debug_group 2400 tests/integration/http11 \
	tests/integration/limits tests/integration/responses \
	tests/integration/urlquota tests/integration/unload.sh \
	tests/integration/conn_ownership tests/integration/exhaustion \
	tests/integration/listen_policy tests/integration/cache \
	"tests/integration/auth_transport $debug_module" \
	"tests/integration/auth_jobs 10" \
	tests/integration/auth_flow
stage debug-races vm_debug_group 1800 "tests/integration/races 30" \
	"tests/integration/framing 10" "tests/integration/timer_races 30" \
	tests/integration/faulting_receivers tests/integration/unread_responses \
	"tests/integration/listener_race 30"
stage debug-ioctl-fuzz vm_debug 600 tests/integration/ioctl_fuzz.sh 45
# The areas whose kernel paths differ: NTLM's interim legs and cache,
# Digest's challenge upcall, Basic, the header limits, the drained body,
# helperd's death and timeouts.  Kerberos, SPNEGO and the example take the
# same kernel paths as NTLM (auth-flow runs them all in this kernel with
# a fake helperd), and fairness is a load test: under KASAN on two CPUs a
# flood measures the debug kernel's slowness.
stage debug-auth vm_debug 1200 tests/auth/run.sh harness ntlm digest basic \
	headers body helper

rm -rf "$log_dir"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
