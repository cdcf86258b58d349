# httpsys: build, test and demo.  `make` builds; `make check` runs every
# test; `make demo` shows the module serving a sample application;
# `make soak` runs the concurrent ioctl fuzzer for 10 minutes under KASAN.
# `make bench` measures HTTP load against nginx and h2o and the request
# parser against libhttp-parser (docs/BENCHMARKS.md).

KVER ?= $(shell tools/kver.sh 2>/dev/null)
KDIR ?= /lib/modules/$(KVER)/build

.PHONY: all module lib tools helperd unit-tests itests fuzz-targets bench-programs fuzz soak check flood bench bench-smoke bench-parser bench-memory bench-memory-smoke demo setup \
	install install-files install-dkms-source dkms-build dkms-install \
	install-lib install-tools install-data uninstall clean

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

# Installing on a real host (`make install`, `make uninstall`, as root).
# The version of the DKMS source tree and of libhttpapi.pc.
VERSION := $(shell cat tools/packaging/version)
PREFIX ?= /usr/local
sbindir := $(PREFIX)/sbin
# Debian's packages pass their multiarch directory (debian/rules).
LIBDIR ?= $(PREFIX)/lib
libdir := $(LIBDIR)
includedir := $(PREFIX)/include/httpapi
pkgconfigdir := $(libdir)/pkgconfig
mandir := $(PREFIX)/share/man
# Where the administrator's own units and rules go: files under /usr
# belong to packages.
UNITDIR ?= /etc/systemd/system
UDEVDIR ?= /etc/udev/rules.d
# DKMS takes the module's sources from here and rebuilds it for every
# kernel installed later.  DKMS_FLAGS can point dkms at private trees
# (--dkmstree, --sourcetree, --installtree).
DKMS_SRC := /usr/src/httpsys-$(VERSION)
DKMS_FLAGS ?=
DKMS := dkms $(DKMS_FLAGS)

# Everything: the module through DKMS (registered only without DESTDIR,
# for the KVER kernel: tools/kver.sh's pick, not `uname -r`), the library,
# its headers and pkg-config file, httpcfg, helperd, the unit, the udev
# rule and the man pages.
install: install-files
	@if [ -z "$(DESTDIR)" ]; then \
		$(MAKE) --no-print-directory dkms-build dkms-install; fi

install-files: install-dkms-source install-lib install-tools install-data

# kmod/'s sources, not what a build of the tree left there.
MODULE_SOURCES := $(filter-out %.mod.c,$(wildcard kmod/*.[ch]))

install-dkms-source:
	install -d $(DESTDIR)$(DKMS_SRC)/kmod/proto/tests $(DESTDIR)$(DKMS_SRC)/uapi
	install -m 0644 Kbuild $(DESTDIR)$(DKMS_SRC)/
	install -m 0644 kmod/Kbuild $(MODULE_SOURCES) $(DESTDIR)$(DKMS_SRC)/kmod/
	install -m 0644 kmod/proto/*.[ch] $(DESTDIR)$(DKMS_SRC)/kmod/proto/
	install -m 0644 kmod/proto/tests/*.c $(DESTDIR)$(DKMS_SRC)/kmod/proto/tests/
	install -m 0644 uapi/*.h $(DESTDIR)$(DKMS_SRC)/uapi/
	sed 's|@VERSION@|$(VERSION)|' tools/packaging/dkms.conf.in \
		>$(DESTDIR)$(DKMS_SRC)/dkms.conf

# Registers the sources anew (replacing an earlier registration of the
# same version, whose sources may differ) and builds them for KVER.
dkms-build:
	@test -n "$(KVER)" || { echo "no kernel with headers: run tools/setup.sh"; exit 1; }
	if $(DKMS) status -m httpsys -v $(VERSION) | grep -q .; then \
		$(DKMS) remove -m httpsys -v $(VERSION) --all; fi
	$(DKMS) add -m httpsys -v $(VERSION)
	$(DKMS) build -m httpsys -v $(VERSION) -k $(KVER)

# Into /lib/modules/KVER/updates/dkms, then depmod.
dkms-install:
	$(DKMS) install -m httpsys -v $(VERSION) -k $(KVER)

install-lib: lib
	$(MAKE) -C libhttpapi libhttpapi.pc PREFIX=$(PREFIX) LIBDIR=$(libdir)
	install -d $(DESTDIR)$(libdir) $(DESTDIR)$(includedir) \
		$(DESTDIR)$(pkgconfigdir)
	cp -P libhttpapi/libhttpapi.so libhttpapi/libhttpapi.so.[0-9]* \
		$(DESTDIR)$(libdir)/
	install -m 0644 libhttpapi/libhttpapi.a $(DESTDIR)$(libdir)/
	install -m 0644 libhttpapi/libhttpapi_wmain.a $(DESTDIR)$(libdir)/
	install -m 0644 libhttpapi/include/*.h $(DESTDIR)$(includedir)/
	install -m 0644 libhttpapi/libhttpapi.pc $(DESTDIR)$(pkgconfigdir)/
	if [ -z "$(DESTDIR)" ]; then ldconfig; fi

install-tools: tools helperd
	install -D -m 0755 tools/httpcfg $(DESTDIR)$(sbindir)/httpcfg
	install -D -m 0755 helperd/helperd $(DESTDIR)$(sbindir)/helperd

# The unit names httpcfg where this prefix put it.
install-data:
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(UDEVDIR)
	sed 's|/usr/local/sbin/|$(sbindir)/|g' tools/httpsys.service \
		>$(DESTDIR)$(UNITDIR)/httpsys.service
	install -m 0644 tools/packaging/60-httpsys.rules $(DESTDIR)$(UDEVDIR)/
	for page in docs/man/*.[1-9]; do \
		install -D -m 0644 $$page \
			$(DESTDIR)$(mandir)/man$${page##*.}/$${page##*/} || exit 1; \
	done

# Removes what install put there, the DKMS registration and the module it
# installed included (and the one an older `make install` put in extra/).
uninstall:
	if command -v dkms >/dev/null && \
	   $(DKMS) status -m httpsys -v $(VERSION) | grep -q .; then \
		$(DKMS) remove -m httpsys -v $(VERSION) --all; fi
	rm -rf $(DESTDIR)$(DKMS_SRC)
	if [ -n "$(KVER)" ] && [ -e /lib/modules/$(KVER)/extra/httpsys.ko ]; then \
		rm -f /lib/modules/$(KVER)/extra/httpsys.ko && depmod $(KVER); fi
	rm -f $(DESTDIR)$(libdir)/libhttpapi.so $(DESTDIR)$(libdir)/libhttpapi.so.[0-9]* \
		$(DESTDIR)$(libdir)/libhttpapi.a $(DESTDIR)$(libdir)/libhttpapi_wmain.a \
		$(DESTDIR)$(pkgconfigdir)/libhttpapi.pc
	rm -rf $(DESTDIR)$(includedir)
	if [ -z "$(DESTDIR)" ]; then ldconfig; fi
	rm -f $(DESTDIR)$(sbindir)/httpcfg $(DESTDIR)$(sbindir)/helperd \
		$(DESTDIR)$(UNITDIR)/httpsys.service \
		$(DESTDIR)$(UDEVDIR)/60-httpsys.rules
	for page in docs/man/*.[1-9]; do \
		rm -f $(DESTDIR)$(mandir)/man$${page##*.}/$${page##*/}; \
	done

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
	rm -rf tests/integration/dkms-prebuilt tools/packaging/build
