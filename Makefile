# httpsys: build, test and demo.  `make` builds; `make check` runs every
# test; `make demo` shows the module serving a sample application;
# `make soak` runs the concurrent ioctl fuzzer for 10 minutes under KASAN.
# `make bench` measures HTTP load against nginx and h2o and the request
# parser against libhttp-parser (docs/BENCHMARKS.md).

KVER ?= $(shell tools/kver.sh 2>/dev/null)
KDIR ?= /lib/modules/$(KVER)/build

.PHONY: all module lib tools helperd unit-tests itests fuzz-targets bench-programs fuzz soak check flood bench bench-smoke bench-parser bench-memory bench-memory-smoke demo setup install clean

all: module lib tools helperd unit-tests itests fuzz-targets bench-programs

module:
	@test -n "$(KVER)" || { echo "no kernel with headers: run tools/setup.sh"; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

lib:
	$(MAKE) -C libhttpapi

tools: lib
	$(MAKE) -C tools

# The authentication helper daemon (userspace; no library needed).
helperd:
	$(MAKE) -C helperd

unit-tests: lib
	$(MAKE) -C tests/unit

# The reservation tests drive tools/httpcfg too.
itests: lib tools
	$(MAKE) -C tests/integration

fuzz-targets:
	$(MAKE) -C tests/fuzz

bench-programs: lib
	$(MAKE) -C tests/bench

# Fuzz the parser and the URL code for FUZZ_SECONDS each (default 60).
fuzz: setup fuzz-targets
	$(MAKE) -C tests/fuzz run

# The concurrent ioctl fuzzer for SOAK_SECONDS (default 600) in the debug
# kernel (KASAN, lockdep, kmemleak); not part of check.
SOAK_SECONDS ?= 600
soak: setup
	$(MAKE) all
	tests/vm/run.sh --kernel "$$(tests/kernel/build-debug.sh)/arch/x86/boot/bzImage" \
		--timeout $$(($(SOAK_SECONDS) + 300)) \
		--module "$$(tests/kernel/build-module.sh)/kmod/httpsys.ko" \
		-- tests/integration/ioctl_fuzz.sh $(SOAK_SECONDS)

# Instructions per request of our parser and libhttp-parser (callgrind),
# written to docs/BENCHMARKS.md; host userspace only, no VM.
bench-parser: setup
	tests/bench/parser.sh --write docs/BENCHMARKS.md

setup:
	tools/setup.sh

check: setup
	$(MAKE) all
	tests/run-all.sh

# A connection flood of 100,000 against the default limits (outside check).
flood: setup
	$(MAKE) all
	tests/vm/run.sh --timeout 1500 --module kmod/httpsys.ko -- \
		tests/integration/exhaustion flood 100000

# The HTTP load benchmark (outside check): our server, nginx and h2o under
# wrk in one boot (15-20 minutes); the table goes to docs/BENCHMARKS.md.
bench: setup
	$(MAKE) all
	tests/bench/bench.sh
	$(MAKE) bench-parser

# One short round of it, as check's bench-smoke stage runs it.
bench-smoke: setup
	$(MAKE) all
	tests/vm/run.sh --timeout 120 --module kmod/httpsys.ko -- tests/bench/run.sh --smoke

# Kernel memory per idle keep-alive connection and per queued request, at
# 10,000 of each (outside check); the tables go to docs/BENCHMARKS.md.
bench-memory: setup
	$(MAKE) all
	tests/bench/memory_bench.sh

# The same with 500, as check's bench-memory-smoke stage runs it.
bench-memory-smoke: setup
	$(MAKE) all
	tests/vm/run.sh --timeout 120 --module kmod/httpsys.ko -- tests/bench/memory.sh --smoke

demo: setup
	$(MAKE) all
	tests/vm/run.sh --timeout 120 --module kmod/httpsys.ko -- tests/demo.sh

# On a real host: the module where modprobe finds it, httpcfg, and the
# unit that loads the module and keeps URL reservations across reboots.
install: module tools
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=extra modules_install
	depmod $(KVER)
	install -D -m 0755 tools/httpcfg $(DESTDIR)/usr/local/sbin/httpcfg
	install -D -m 0644 tools/httpsys.service \
		$(DESTDIR)/etc/systemd/system/httpsys.service

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C libhttpapi clean
	$(MAKE) -C tools clean
	$(MAKE) -C helperd clean
	$(MAKE) -C tests/unit clean
	$(MAKE) -C tests/integration clean
	$(MAKE) -C tests/fuzz clean
	$(MAKE) -C tests/bench clean
	$(MAKE) -C tests/bench -f parser.mk clean
