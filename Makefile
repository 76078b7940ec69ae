# SPDX-License-Identifier: MIT
# mpwasm: MicroPython firmware for Cortex-M with a built-in `wasm` module.
#   make run [BOARD=x]     set up, build and boot a QEMU board with its REPL here
#   make test              set up, build everything, run tests/host, tests/hil and tests/mplabgrid
# Every target installs what is missing first (scripts/install_deps.sh).

BOARD ?= mps2_an385
JOBS ?= 2
VENV = .venv
PYTHON = $(VENV)/bin/python
LGPYTHON = .venv-labgrid/bin/python
BOARDS_ALL = $(shell python3 scripts/gen_board.py --list)
PYTEST_ARGS ?=
LAB_PYTEST_ARGS ?=

.PHONY: all run test test-host test-hil test-lab deps fetch host firmware firmware-all flash clean

all: host firmware

# Debian packages and the .venv; then MicroPython's and littlefs's sources (pinned sdists) and
# the real programs' Debian source packages (pinned, apt-get source; adds a
# deb-src entry for the machine's Debian archive once).
# A target's own sub-makes pass FETCHED=1: that make has set up and fetched already.
ifneq ($(FETCHED),1)
deps:
	@bash scripts/install_deps.sh

# The three fetches at once (each a no-op once done): ~20 s of downloads overlap.
fetch: deps
	@$(PYTHON) scripts/fetch_micropython.py & mp=$$!; $(PYTHON) scripts/fetch_littlefs.py & lfs=$$!; \
		$(PYTHON) scripts/fetch_programs.py; s=$$?; wait $$mp || s=1; wait $$lfs || s=1; exit $$s
else
deps fetch: ;
endif

# WASM=natmod: build/host-natmod/micropython, without the built-in module.
# SANITIZE=1: build/host-asan/micropython under ASan and UBSan (the binding
# fuzzer's, docs/fuzzing.md).
WASM ?= builtin
SANITIZE ?= 0
host: fetch
	$(MAKE) -C ports/host -j$(JOBS) PYTHON=$(abspath $(PYTHON)) WASM=$(WASM) SANITIZE=$(SANITIZE)

# build/host-asan/micropython: the host port under ASan and UBSan, which
# tests/host/test_fuzz_short.py runs the binding fuzzer's scripts on.
.PHONY: host-asan host-checked
host-asan: fetch
	$(MAKE) -C ports/host -j$(JOBS) PYTHON=$(abspath $(PYTHON)) SANITIZE=1

# build/host-checked/micropython: the host port with memory 0's bounds test
# compiled in, as the boards run it (`make host` takes guard pages where they
# work: x86-64 and GCC, mw_config.h MW_GUARD_PAGES), which
# tests/host/test_guard_pages.py runs the spec suite's memory files on.
host-checked: fetch
	$(MAKE) -C ports/host -j$(JOBS) PYTHON=$(abspath $(PYTHON)) GUARD=0

# build/host-guard/micropython: the guarded build in a folder of its own, as
# session 41 made it before it was make host's default (earlier sections of
# docs/benchmarks.md name it).
.PHONY: host-guard
host-guard: fetch
	$(MAKE) -C ports/host -j$(JOBS) PYTHON=$(abspath $(PYTHON)) GUARD=1 BUILD=$(abspath build/host-guard)

# build/host-small/micropython: the host port with the small profile's engine
# (lm3s6965evb's switches, from scripts/boardcfg/generate.py), which
# tests/host/test_spec.py runs the spec suite against too.
.PHONY: host-small
host-small: fetch
	$(MAKE) -C ports/host -j$(JOBS) PYTHON=$(abspath $(PYTHON)) PROFILE=small

# The `wasm` module as a native .mpy for stock MicroPython 1.23 (docs/natmod.md):
# build/natmod/<ARCH>/wasm.mpy. ARCH: x64 armv6m armv7m armv7emsp armv7emdp.
ARCH ?= x64
NATMOD_ARCHS = x64 armv6m armv7m armv7emsp armv7emdp
.PHONY: natmod natmod-all
# -j$(JOBS) as the other builds (it had none: one compile at a time, a core idle).
natmod: fetch
	@mkdir -p build/natmod/$(ARCH)
	$(MAKE) -C build/natmod/$(ARCH) -j$(JOBS) -f $(abspath ports/natmod/Makefile) ARCH=$(ARCH) PYTHON=$(abspath $(PYTHON))

natmod-all: fetch
	@set -e; for a in $(NATMOD_ARCHS); do $(MAKE) --no-print-directory natmod ARCH=$$a FETCHED=1; done

# wasm.mpy on three QEMU boards: the firmware without the built-in module
# imports it from /lib in its filesystem (tests/hil --wasm natmod). Each runs
# every wasm test file; on netduinoplus2, where the module takes 81 of its
# ~90 KiB of heap, most cases end in the clean MemoryError they assert below
# tests/hil/conftest.py CASE_HEAP; mps2_an505 is the ARMv8-M one (its MPU,
# docs/natmod.md). The boards in TEST_JOBS workers.
NATMOD_BOARDS = mps2_an385:armv7m netduinoplus2:armv7emsp mps2_an505:armv7emsp
NATMOD_HIL_FILES = natmod_board wasm_repl wasi_board sheap_board wasm_errors_board wasm_lazy_board \
	wasi_files_board windows_board images_board memory_moves_board mem_edges_board pipeline_board fs \
	lang_examples_board real_programs_board spec_floats mpremote_fs soak_board
NATMOD_HIL = $(PYTHON) -m pytest $(XDIST_ARGS) --wasm natmod $(foreach ba,$(NATMOD_BOARDS),--board $(firstword $(subst :, ,$(ba)))) \
	$(foreach f,$(NATMOD_HIL_FILES),tests/hil/test_$(f).py) $(PYTEST_ARGS)
.PHONY: natmod-boards test-natmod-hil
natmod-boards: fetch
	@set -e; for ba in $(NATMOD_BOARDS); do \
		$(MAKE) --no-print-directory firmware BOARD=$${ba%%:*} WASM=natmod FETCHED=1; \
		$(MAKE) --no-print-directory natmod ARCH=$${ba##*:} FETCHED=1; \
	done

test-natmod-hil: natmod-boards
	$(NATMOD_HIL)

# What the host's natmod tests run: the port without the built-in module and
# wasm.mpy for x64 (tests/host/conftest.py, wasm_source).
.PHONY: natmod-host
natmod-host: fetch
	$(MAKE) --no-print-directory host WASM=natmod FETCHED=1
	$(MAKE) --no-print-directory natmod ARCH=x64 FETCHED=1

# WASM_FROZEN=dir/: every dir/*.wasm made into a precompiled image by
# wasm-cross and linked into the firmware's flash (docs/images.md).
WASM_FROZEN ?=
firmware: fetch
	$(MAKE) -C ports/cortexm -j$(JOBS) BOARD=$(BOARD) PYTHON=$(abspath $(PYTHON)) WASM=$(WASM) \
		WASM_FROZEN=$(if $(WASM_FROZEN),$(abspath $(WASM_FROZEN)))

# The host tool for precompiled module images: build/wasm-cross/wasm-cross.
.PHONY: wasm-cross
wasm-cross:
	$(MAKE) -f tools/wasm-cross/Makefile

# Boards build one after another, each with -j$(JOBS).
firmware-all: fetch
	@set -e; for b in $(BOARDS_ALL); do \
		$(MAKE) -C ports/cortexm -j$(JOBS) BOARD=$$b PYTHON=$(abspath $(PYTHON)); \
	done
	@echo "firmware sizes (arm-none-eabi-size):"
	@arm-none-eabi-size $(foreach b,$(BOARDS_ALL),build/$(b)/firmware.elf)

# The REPL is on this terminal and, for mpremote, on socket://127.0.0.1:$(PORT)
# (one client at a time; the terminal waits while it is connected).
PORT ?= 4444
run: firmware
	@$(PYTHON) scripts/run_qemu.py --board $(BOARD) --share $(PORT)

# tests/host and tests/hil run in TEST_JOBS pytest-xdist workers (tests/support/groups.py
# keeps a board's tests, and a host file's, in one worker); what both would build
# at once is built first (tests/support/warm.py). TEST_JOBS=1: one pytest process.
TEST_JOBS ?= 2
XDIST_ARGS = $(if $(filter-out 1,$(TEST_JOBS)),-n $(TEST_JOBS))
test: host host-small host-asan host-checked natmod-host natmod-all firmware-all natmod-boards
	$(PYTHON) tests/support/warm.py
	$(PYTHON) -m pytest $(XDIST_ARGS) tests/host tests/hil $(PYTEST_ARGS)
	$(NATMOD_HIL)
	$(LGPYTHON) -m pytest tests/mplabgrid $(LAB_PYTEST_ARGS)

# The quick subset, during work: tests/host and one board (BOARD, mps2_an385 by
# default; test_device_bench.py boots mps2_an385 whatever BOARD is) in TEST_JOBS
# workers; what CI adds is the other QEMU boards, the natmod boards and
# tests/mplabgrid (tests/README.md, "Where the time goes").
.PHONY: test-quick
test-quick: host host-small host-asan host-checked natmod-host
	$(MAKE) --no-print-directory firmware BOARD=mps2_an385 FETCHED=1
	$(MAKE) --no-print-directory firmware BOARD=$(BOARD) FETCHED=1
	$(PYTHON) tests/support/warm.py
	$(PYTHON) -m pytest $(XDIST_ARGS) tests/host tests/hil --board $(BOARD) $(PYTEST_ARGS)

# mps2_an385's firmware: tests/host/test_device_bench.py boots it under QEMU -icount.
test-host: host host-small host-asan host-checked natmod-host
	$(MAKE) --no-print-directory firmware BOARD=mps2_an385 FETCHED=1
	$(PYTHON) -m pytest tests/host $(PYTEST_ARGS)

# netduinoplus2's natmod firmware: docs/natmod.md's REPL example runs on it
# (tests/hil/test_doc_examples_board.py).
test-hil: firmware-all
	$(MAKE) --no-print-directory firmware BOARD=netduinoplus2 WASM=natmod FETCHED=1
	$(PYTHON) -m pytest tests/hil $(PYTEST_ARGS)

# labgrid (its own venv, docs/lab.md): MicroPythonDriver/Strategy, a QEMU board under
# labgrid, and the loopback farm (coordinator, exporter, two places, a tests/hil subset).
test-lab: firmware-all
	$(LGPYTHON) -m pytest tests/mplabgrid $(LAB_PYTEST_ARGS)

# Real boards: build, then write the image with the board's flash tool.
flash: firmware
	@bash scripts/flash.sh $(BOARD)

clean:
	rm -rf build

# Benchmarks (bench/run.py): our engine against wasm3 and native code on the
# host, code size for Cortex-M3/M4F, engine RAM; prints Markdown tables (see
# docs/benchmarks.md). Firmware first: the footprint reads the binding objects
# and firmware sizes from build/<board>/. BENCH_ARGS: e.g. --quick, --callgrind.
# Then the device figures (bench/device.py): instructions per iteration on every
# QEMU board under -icount, engine vs native, with the bench-only firmware
# (make firmware BOARD=x BENCH=1 into build/<board>-bench/); BENCH_DEVICE_ARGS:
# e.g. --board mps2_an385 --kernels fib,crc32.
BENCH_ARGS ?=
BENCH_DEVICE_ARGS ?=
.PHONY: bench bench-device
bench: firmware-all
	$(PYTHON) bench/run.py $(BENCH_ARGS)
	$(PYTHON) bench/run.py --device $(BENCH_DEVICE_ARGS)

bench-device: fetch
	$(PYTHON) bench/run.py --device $(BENCH_DEVICE_ARGS)

# Fuzzing (docs/fuzzing.md): the libFuzzer targets of tests/fuzz, the
# wasmtime differential, the binding fuzzer and WASI files against wasmtime, FUZZ_SECONDS in all, findings in FUZZ_OUT.
FUZZ_SECONDS ?= 600
FUZZ_OUT ?= build/fuzz/findings
.PHONY: fuzz
fuzz: deps
	cd tests && ../$(PYTHON) -m fuzz.run --seconds $(FUZZ_SECONDS) --out $(abspath $(FUZZ_OUT)) --coverage
