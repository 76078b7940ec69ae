#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""mpwasm benchmarks: our engine against wasm3 and native code, on the host and on QEMU boards.

    python3 bench/run.py                  # build, run every kernel on every runner, print the table
    python3 bench/run.py --quick          # small sizes, 3 calls each: a smoke run in seconds
    python3 bench/run.py --callgrind      # add instruction counts (valgrind), noise-free
    python3 bench/run.py --profile fib    # callgrind: our engine's functions and hottest source lines on a kernel
    python3 bench/run.py --footprint      # code size (Cortex-M3 / M4F), firmware size, engine RAM
    python3 bench/run.py --board mps2_an385 [--board mps2_an500]   # small kernels on QEMU boards
    python3 bench/run.py --device [--board mps2_an385]   # instructions per iteration on QEMU boards, vs native
    python3 bench/run.py --only-programs [--programs sqlite,lua]    # whole programs only (see below)
    python3 bench/run.py --only-programs --quick --callgrind --with-load   # + load and lowering counted
    python3 bench/run.py --op-profile --programs mbedtls,opus   # executed ops and op pairs (bench/op_profile.py)
    python3 bench/run.py --op-profile --programs zlib --by-function   # and the wasm functions by share of ops
    python3 bench/run.py --op-profile --programs zlib --triples   # and the triples of ops one after the other
    python3 bench/run.py --op-profile --programs tcc --const-addresses   # and the constants put in a slot for addresses

Everything is built into build/bench/ (never committed):
  wasm/NAME.{O2,Os}.wasm   bench/kernels/NAME.c, clang --target=wasm32, freestanding
  native-NAME              the same C with gcc -O2 and bench/runner_native.c: the ceiling
  runner_mw                modwasm/engine/*.c + bench/runner_mw.c, gcc -O3 (no MicroPython)
  runner_wasm3             wasm3's C sources from the pinned pywasm3 sdist + bench/runner_wasm3.c, gcc -O3
Every runner calls `run(N)` several times in one process, prints the checksum and the time
of each call; the table shows medians, and every runner's checksum must equal native's.

Whole programs (bench/programs.py, bench/bench_programs.py): SQLite, zlib, bzip2, LZ4, Lua,
cJSON, PCRE2, KISS FFT and MuJS from Debian source packages, unchanged, built for wasm32-wasi
and natively into build/programs/; each runs as a WASI command on our engine and on wasm3
(the same WASI shim, bench/wasi_shim.h) and natively; the stdout of all three must be identical.
The wasm programs are built with a current toolchain's WebAssembly features by default
(--features modern: bulk memory, sign extension, non-trapping float-to-int, mutable globals;
build/programs/modern/), or as Debian's clang 14 emits them (--features stock: build/programs/).
These are benchmarks, not tests: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent / "board"))
import bench_programs
import programs
from bench_common import (
    RUNNER_FLAGS,
    RUNNERS,
    callgrind_out,
    ensure_valgrind,
    geomean,
    ir_table,
    log,
    stale,
)

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
KERNEL_DIR = BENCH / "kernels"
ENGINE = ROOT / "modwasm" / "engine"
OUT = ROOT / "build" / "bench"

JOBS = 2  # the machine's 2 cores are shared with other builds
REPS = 5  # calls per kernel and runner; the median is reported
QUICK_REPS = 3

# wasm3 comes from PyPI's source distribution of its Python binding, which
# carries wasm3's C core unchanged in wasm3/*.c. The hash was computed once on
# the first download; a different file is refused.
PYWASM3 = "pywasm3==0.5.0"
PYWASM3_SDIST = "pywasm3-0.5.0.tar.gz"
PYWASM3_SHA256 = "5a47c8a39f7f6ae71b3316b2e5d86c9d0db6e771a65f09a86e4d4aa3a19aefcc"
WASM3_SRC = OUT / "pywasm3-0.5.0" / "wasm3"
SAVED_IR = OUT / "programs-ir.json"  # whole programs' callgrind counts, bench/saved_ir.py


@dataclass(frozen=True)
class Kernel:
    """One bench/kernels/NAME.c and its sizes: `run(n)`'s argument per mode."""

    name: str
    n: int  # full run: about 0.1-1 s per call on our engine on the host
    quick: int  # --quick and --callgrind: a few ms
    test: int  # tests/host/test_bench_kernels.py: correctness only, tiny
    board: int = 0  # --board: the size on QEMU; 0 = needs more than a board's 64 KiB linear memory
    what: str = ""


KERNELS: tuple[Kernel, ...] = (
    Kernel("fib", 35, 22, 15, 20, "recursive calls"),
    Kernel("sieve", 30, 2, 1, 0, "byte loads/stores, branches"),
    Kernel("crc32", 300, 10, 2, 2, "table lookups, shifts"),
    Kernel("sha256", 800, 40, 2, 10, "32-bit rotates, adds"),
    Kernel("quicksort", 40, 4, 1, 0, "compares, swaps, recursion"),
    Kernel("interp", 5000, 1000, 50, 300, "bytecode VM: br_table dispatch"),
    Kernel("memops", 60, 2, 1, 0, "memset/memcpy-like loops"),
    Kernel("matmul_i32", 200, 4, 1, 1, "i32 multiply-add"),
    Kernel("matmul_f32", 120, 4, 1, 1, "f32 multiply-add"),
    Kernel("nbody_f64", 100000, 10000, 100, 500, "f64 arithmetic, sqrt"),
    Kernel("mandel_f32", 150, 2, 1, 1, "f32 arithmetic, loops"),
    Kernel("mandel_f64", 150, 2, 1, 1, "f64 arithmetic, loops"),
    Kernel("calls", 5000000, 200000, 1000, 20000, "tiny direct calls"),
    Kernel("call_indirect", 4000000, 300000, 1000, 50000, "call_indirect"),
    # Shared heap: a kernel that works on a buffer shared between the host and
    # the module (no copy in or out) comes with the engine's shared-heap
    # feature; it goes here as Kernel("shared_heap", ...) with its .c file,
    # and runner_mw.c then needs the import that maps the shared region.
)

WASM_CFLAGS = [
    "--target=wasm32",
    "-nostdlib",
    "-fno-builtin",  # keep the loops as loops: a freestanding module has no memcpy to call
    "-Wall",
    "-Wextra",
]
# Linked apart and without -O: an optimising clang link runs binaryen's wasm-opt when it is
# installed, which inlines NOINLINE functions (the calls kernel then made no call at all)
# and makes the module depend on whether binaryen is on the machine.
WASM_LDFLAGS = [
    "--target=wasm32",
    "-nostdlib",
    "-Wl,--no-entry",
    "-Wl,--export=run",
]
# Boards: a 4 KiB stack placed first and exactly one 64 KiB page, so the
# instance fits a MicroPython heap next to everything else.
WASM_BOARD_FLAGS = [
    "-Wl,-z,stack-size=4096",
    "-Wl,--stack-first",
    "-Wl,--initial-memory=65536",
    "-Wl,--max-memory=65536",
    "-Wl,--export=__heap_base",  # where data ends: bench/device.py's memory_limit
]
NATIVE_FLAGS = ["gcc", "-O2", "-std=gnu11", "-fno-builtin", "-fno-math-errno", "-Wall", "-Wextra"]
# -g: callgrind_annotate names source lines. -z now: bind libc symbols at start,
# or the first clock_gettime inside the measured region runs the lazy binder,
# whose register save area (2 KiB) would be counted as the runner's C stack.


# ---- building ----------------------------------------------------------------


def sh(cmd: Sequence[str | Path], atomic: bool = True, **kw: object) -> subprocess.CompletedProcess[str]:
    """Run `cmd`. With atomic, its `-o FILE` goes to a temporary name renamed into place on
    success, so a concurrent run (the pytest and a bench at once) never reads half a file."""
    args = [str(c) for c in cmd]
    final = tmp = None
    if atomic and "-o" in args:
        i = args.index("-o") + 1
        final, tmp = args[i], f"{args[i]}.tmp{os.getpid()}.{threading.get_ident()}"
        args[i] = tmp
    try:
        p = subprocess.run(args, check=True, text=True, **kw)  # type: ignore[call-overload]
        if final is not None:
            os.replace(tmp, final)
        return p
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


def kernel_deps(k: Kernel) -> list[Path]:
    return [KERNEL_DIR / f"{k.name}.c", *KERNEL_DIR.glob("*.h"), *KERNEL_DIR.glob("*.inc")]


def build_wasm(k: Kernel, opt: str = "O2", board: bool = False) -> Path:
    out = OUT / "wasm" / f"{k.name}.{opt}{'.board' if board else ''}.wasm"
    if stale(out, kernel_deps(k)):
        out.parent.mkdir(parents=True, exist_ok=True)
        extra = WASM_BOARD_FLAGS if board else []
        obj = out.with_suffix(".o")
        sh(["clang", f"-{opt}", "-c", *WASM_CFLAGS, "-o", obj, KERNEL_DIR / f"{k.name}.c"])
        sh(["clang", *WASM_LDFLAGS, *extra, "-o", out, obj])
    return out


def build_combined(kernels: Sequence[Kernel], opt: str = "O2") -> Path:
    """Every kernel in one module (run_NAME each): the "large module" of the RAM report."""
    tag = (
        "all"
        if len(kernels) == len(KERNELS)
        else hashlib.sha1(",".join(k.name for k in kernels).encode()).hexdigest()[:8]
    )
    out = OUT / "wasm" / f"combined-{tag}.{opt}.wasm"
    deps = [d for k in kernels for d in kernel_deps(k)]
    if stale(out, deps):
        objs = []
        for k in kernels:
            o = OUT / "wasm" / f"{k.name}.{opt}.o"
            sh(["clang", f"-{opt}", "-c", *WASM_CFLAGS, f"-Drun=run_{k.name}", "-o", o, KERNEL_DIR / f"{k.name}.c"])
            objs.append(o)
        exports = [f"-Wl,--export=run_{k.name}" for k in kernels]
        sh(["clang", *WASM_LDFLAGS[:3], *exports, "-o", out, *objs])
    return out


def build_native(k: Kernel) -> Path:
    out = OUT / f"native-{k.name}"
    deps = [*kernel_deps(k), BENCH / "runner_native.c", BENCH / "runner_common.h"]
    if stale(out, deps):
        OUT.mkdir(parents=True, exist_ok=True)
        sh(
            [
                *NATIVE_FLAGS,
                "-Wl,-z,now",
                f"-I{BENCH}",
                "-o",
                out,
                KERNEL_DIR / f"{k.name}.c",
                BENCH / "runner_native.c",
                "-lpthread",
            ]
        )
    return out


def build_runner_mw() -> Path:
    out = OUT / "runner_mw"
    srcs = sorted(ENGINE.glob("*.c"))
    deps = [*srcs, *ENGINE.glob("*.h"), BENCH / "runner_mw.c", BENCH / "runner_mw.h", BENCH / "runner_common.h"]
    if stale(out, deps):
        OUT.mkdir(parents=True, exist_ok=True)
        sh([*RUNNER_FLAGS, f"-I{ENGINE}", f"-I{BENCH}", *srcs, BENCH / "runner_mw.c", "-o", out, "-lm", "-lpthread"])
    return out


def fetch_wasm3() -> Path:
    """wasm3's C sources, unpacked from the pinned, hash-checked pywasm3 sdist into build/bench/."""
    sdist = OUT / PYWASM3_SDIST
    if not sdist.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        log(f"downloading {PYWASM3} (sdist) for wasm3's C sources")
        sh([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", PYWASM3, "-d", OUT])
    digest = hashlib.sha256(sdist.read_bytes()).hexdigest()
    if digest != PYWASM3_SHA256:
        raise SystemExit(f"{sdist}: sha256 {digest}, expected {PYWASM3_SHA256}; delete it to download again")
    if not (WASM3_SRC / "wasm3.h").exists():
        with tarfile.open(sdist) as tar:
            members = [m for m in tar.getmembers() if m.name.startswith("pywasm3-0.5.0/wasm3/") and m.isfile()]
            tar.extractall(OUT, members=members, filter="data")
    return WASM3_SRC


def build_runner_wasm3() -> Path:
    src = fetch_wasm3()
    out = OUT / "runner_wasm3"
    srcs = sorted(src.glob("*.c"))
    if stale(out, [*srcs, BENCH / "runner_wasm3.c", BENCH / "runner_wasm3.h", BENCH / "runner_common.h"]):
        # -w: wasm3's warnings are not ours to fix
        sh(
            [
                *RUNNER_FLAGS,
                "-w",
                f"-I{src}",
                f"-I{BENCH}",
                *srcs,
                BENCH / "runner_wasm3.c",
                "-o",
                out,
                "-lm",
                "-lpthread",
            ]
        )
    return out


@dataclass
class Build:
    mw: Path
    wasm3: Path
    wasm: dict[tuple[str, str], Path]  # (kernel, opt) -> .wasm
    native: dict[str, Path]


def build_all(kernels: Sequence[Kernel], opts: Sequence[str]) -> Build:
    log("building kernels and runners into build/bench/ ...")
    with ThreadPoolExecutor(JOBS) as pool:
        fut_mw = pool.submit(build_runner_mw)
        fut_w3 = pool.submit(build_runner_wasm3)
        wasm = {(k.name, o): pool.submit(build_wasm, k, o) for k in kernels for o in opts}
        native = {k.name: pool.submit(build_native, k) for k in kernels}
        return Build(
            fut_mw.result(),
            fut_w3.result(),
            {key: f.result() for key, f in wasm.items()},
            {name: f.result() for name, f in native.items()},
        )


# ---- running -----------------------------------------------------------------


@dataclass
class Run:
    """What one runner process printed (runner_common.h's lines)."""

    result: int
    times: list[float]
    stack: int
    extra: dict[str, int] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def parse_run(text: str) -> Run:
    fields = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    extra = {k: int(v) for k, v in fields.items() if k not in ("result", "times", "stack")}
    return Run(int(fields["result"]), [float(t) for t in fields["times"].split(",")], int(fields["stack"]), extra)


def run_one(exe: Path, wasm: Path | None, n: int, reps: int, timeout: float = 300, export: str = "run") -> Run:
    cmd = [str(exe), str(wasm) if wasm else "-", export, str(n), str(reps)]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stdout}{p.stderr}")
    return parse_run(p.stdout)


@dataclass
class Row:
    kernel: Kernel
    n: int
    runs: dict[str, Run]  # runner -> run

    @property
    def agree(self) -> bool:
        return len({r.result for r in self.runs.values()}) == 1


def measure(b: Build, kernels: Sequence[Kernel], opt: str, size: str, reps: int) -> list[Row]:
    rows = []
    for k in kernels:
        n = getattr(k, size)
        runs = {
            "mpwasm": run_one(b.mw, b.wasm[k.name, opt], n, reps),
            "wasm3": run_one(b.wasm3, b.wasm[k.name, opt], n, reps),
            "native": run_one(b.native[k.name], None, n, reps),
        }
        row = Row(k, n, runs)
        log(
            f"  {k.name:14} {opt} n={n:<9} mpwasm {runs['mpwasm'].median * 1e3:9.2f} ms"
            f"  wasm3 {runs['wasm3'].median * 1e3:9.2f} ms  native {runs['native'].median * 1e3:8.2f} ms"
            f"  {'ok' if row.agree else 'CHECKSUMS DIFFER'}"
        )
        rows.append(row)
    return rows


def ms(t: float) -> str:
    return f"{t * 1e3:.1f}" if t >= 0.01 else f"{t * 1e3:.2f}"


def time_table(rows: Sequence[Row], opt: str) -> str:
    """Markdown: medians, and speed ratios. wasm3/mpwasm > 1 means mpwasm is faster."""
    head = (
        f"| kernel ({opt}) | N | mpwasm ms | wasm3 ms | native ms | speed vs wasm3 | slowdown vs native | checksum |\n"
        "|---|---:|---:|---:|---:|---:|---:|---|\n"
    )
    lines = []
    vs_w3, vs_nat = [], []
    for r in rows:
        t_mw, t_w3, t_nat = (r.runs[x].median for x in RUNNERS)
        a, c = t_w3 / t_mw, t_mw / t_nat
        vs_w3.append(a)
        vs_nat.append(c)
        check = (
            f"ok {r.runs['native'].result:#010x}"
            if r.agree
            else "DIFFER " + str({k: v.result for k, v in r.runs.items()})
        )
        lines.append(
            f"| {r.kernel.name} | {r.n} | {ms(t_mw)} | {ms(t_w3)} | {ms(t_nat)} | {a:.2f}x | {c:.1f}x | {check} |"
        )
    g1, g2 = geomean(vs_w3), geomean(vs_nat)
    lines.append(f"| **geometric mean** | | | | | **{g1:.2f}x** | **{g2:.1f}x** | |")
    note = (
        f"\nspeed vs wasm3 = wasm3 time / mpwasm time: >1 means mpwasm is faster, <1 slower "
        f"(geomean {g1:.2f}: mpwasm is {'faster' if g1 > 1 else 'slower'} than wasm3 by "
        f"{(g1 if g1 > 1 else 1 / g1):.2f}x overall).\n"
        f"slowdown vs native = mpwasm time / native time (gcc -O2): how far from the ceiling.\n"
    )
    return head + "\n".join(lines) + "\n" + note


# ---- callgrind -----------------------------------------------------------------


def callgrind(exe: Path, wasm: Path | None, n: int, out_file: Path, second: bool = True) -> int:
    """Instructions executed by the second of two calls of bench_call: loading, validation and
    wasm3's lazy compilation on the first call are all excluded (counts: `out_file`.2).
    second=False: one call, one whole profile in `out_file` that callgrind_annotate can read
    (the per-call dumps lose the function names)."""
    for old in out_file.parent.glob(out_file.name + "*"):
        old.unlink()
    cmd = [
        ensure_valgrind(),
        "--tool=callgrind",
        "--toggle-collect=bench_call",
        *(["--dump-after=bench_call"] if second else []),  # one profile per call: out_file.1, out_file.2
        f"--callgrind-out-file={out_file}",
        str(exe),
        str(wasm) if wasm else "-",
        "run",
        str(n),
        "2" if second else "1",
    ]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=900, check=False)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{p.stderr[-3000:]}")
    dump = Path(f"{out_file}.2") if second else out_file
    m = re.search(r"^totals:\s*(\d+)", dump.read_text(), re.MULTILINE) if dump.exists() else None
    if not m:
        raise RuntimeError(f"no totals in {dump}:\n{p.stderr[-2000:]}")
    return int(m.group(1))


def callgrind_table(b: Build, kernels: Sequence[Kernel]) -> str:
    cg = OUT / "callgrind"
    cg.mkdir(parents=True, exist_ok=True)
    jobs = []
    for k in kernels:
        w = b.wasm[k.name, "O2"]
        jobs += [
            (k, "mpwasm", b.mw, w),
            (k, "wasm3", b.wasm3, w),
            (k, "native", b.native[k.name], None),
        ]
    log(f"callgrind: {len(jobs)} runs at --quick sizes ...")
    with ThreadPoolExecutor(JOBS) as pool:
        futs = {(k.name, r): pool.submit(callgrind, exe, w, k.quick, cg / f"{k.name}.{r}.out") for k, r, exe, w in jobs}
        ir = {key: f.result() for key, f in futs.items()}
    lines = ir_table(
        ["kernel (O2)", "N"], {(k.name, str(k.quick)): {who: ir[k.name, who] for who in RUNNERS} for k in kernels}
    )
    return (
        "\n".join(lines) + "\n\nIr = instructions executed by one call, the second of two (valgrind callgrind,"
        " --toggle-collect=bench_call);"
        " wasm3/mpwasm > 1 means mpwasm executes fewer instructions.\n"
    )


def profile(b: Build, kernel: Kernel, top: int = 25) -> str:
    """callgrind_annotate of runner_mw on one kernel: functions, then exec.c's hottest lines."""
    out = OUT / "callgrind" / f"{kernel.name}.mpwasm.profile.out"
    out.parent.mkdir(parents=True, exist_ok=True)
    callgrind(b.mw, b.wasm[kernel.name, "O2"], kernel.quick, out, second=False)
    funcs = sh(["callgrind_annotate", "--threshold=99", out], capture_output=True).stdout
    lines = sh(["callgrind_annotate", "--auto=yes", "--show-percs=yes", "--context=0", out], capture_output=True).stdout
    # hottest source lines of the interpreter loop, with their text
    hot = []
    for line in lines.splitlines():
        m = re.match(r"\s*([\d,]+)\s+\(\s*([\d.]+)%\)\s+(.*)$", line)
        if m and float(m.group(2)) >= 1.0 and not m.group(3).startswith("*"):
            hot.append((float(m.group(2)), m.group(3).strip()))
    hot.sort(reverse=True)
    text = "\n".join(funcs.splitlines()[: top + 20])
    text += f"\n\nhottest source lines ({kernel.name}, % of Ir):\n"
    text += "\n".join(f"{p:6.1f}%  {src[:110]}" for p, src in hot[:top])
    return text


# ---- footprint -----------------------------------------------------------------

CORES = {
    "Cortex-M3": ["-mcpu=cortex-m3", "-mthumb", "-mfloat-abi=soft"],
    "Cortex-M4F": ["-mcpu=cortex-m4", "-mthumb", "-mfpu=fpv4-sp-d16", "-mfloat-abi=hard"],
}
# The firmware's flags (ports/cortexm/Makefile) minus its include paths.
ARM_FLAGS = ["-std=gnu11", "-Os", "-ffunction-sections", "-fdata-sections", "-fno-strict-aliasing"]
# wasm3 on bare metal: no WASI, no logging, no tracing; everything else at its
# defaults (m3_config.h), as an embedder would take it.
WASM3_ARM_DEFINES = ["-Dd_m3HasWASI=0", "-Dd_m3LogOutput=0", "-Dd_m3VerboseErrorMessages=0", "-DNDEBUG"]
# The firmware's objects per core: the binding is compiled with MicroPython's
# headers and the board's config, so it is taken from a firmware build. Its
# objects there are fat LTO objects (ports/cortexm/Makefile FAT_LTO): their own
# code, as compiled without LTO, is what is summed; an object with LTO's part
# alone has no text (size reads 0) and is not summed.
BINDING_DIR = {
    "Cortex-M3": ROOT / "build" / "mps2_an385" / "modwasm" / "binding",
    "Cortex-M4F": ROOT / "build" / "netduinoplus2" / "modwasm" / "binding",
}


@dataclass
class Size:
    text: int  # code + read-only data (flash)
    data: int  # initialized data (flash and RAM)
    bss: int  # zeroed RAM

    @property
    def flash(self) -> int:
        return self.text + self.data


def arm_size(objs: Sequence[Path]) -> Size:
    p = sh(["arm-none-eabi-size", "-t", *objs], capture_output=True)
    total = p.stdout.strip().splitlines()[-1].split()
    return Size(int(total[0]), int(total[1]), int(total[2]))


def arm_compile(srcs: Sequence[Path], flags: Sequence[str], outdir: Path) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)

    def one(src: Path) -> Path:
        o = outdir / (src.stem + ".o")
        if stale(o, [src, *src.parent.glob("*.h")]):
            # not atomic: -fstack-usage names its .su file after the -o name
            sh(["arm-none-eabi-gcc", *flags, "-c", src, "-o", o], atomic=False)
        return o

    with ThreadPoolExecutor(JOBS) as pool:
        return list(pool.map(one, srcs))


def stack_frames(objs: Sequence[Path]) -> dict[str, int]:
    """Function -> frame bytes, from the .su files gcc -fstack-usage wrote beside `objs`."""
    frames = {}
    for o in objs:
        su = o.with_suffix(".su")
        if su.exists():
            for line in su.read_text().splitlines():
                where, size, _kind = line.split("\t")
                frames[where.rsplit(":", 1)[-1]] = int(size)
    return frames


def footprint() -> str:
    if not shutil.which("arm-none-eabi-gcc"):
        return "(no arm-none-eabi-gcc: footprint skipped)\n"
    w3 = fetch_wasm3()
    frames: dict[str, dict[str, int]] = {}
    lines = [
        "| object files, -Os | core | text (flash) | data | bss | flash total |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for core, cflags in CORES.items():
        tag = core.replace("-", "").lower()
        ours = arm_compile(
            sorted(ENGINE.glob("*.c")), [*cflags, *ARM_FLAGS, "-fstack-usage"], OUT / "arm" / f"mw-{tag}"
        )
        frames[core] = stack_frames(ours)
        theirs = arm_compile(
            sorted(w3.glob("*.c")), [*cflags, *ARM_FLAGS, *WASM3_ARM_DEFINES, "-w"], OUT / "arm" / f"wasm3-{tag}"
        )
        rows = [("mpwasm engine (modwasm/engine/*.c)", arm_size(ours))]
        binding = sorted(BINDING_DIR[core].glob("*.o"))
        if binding and arm_size(binding).text == 0:
            lines.append(f"| (binding: {BINDING_DIR[core]}'s objects are LTO's alone, no code: FAT_LTO) | {core} |||||")
            binding = []
        if binding:
            rows.append(("mpwasm binding (modwasm/binding/*.c, from the firmware build)", arm_size(binding)))
            rows.append(("mpwasm engine + binding", arm_size([*ours, *binding])))
        rows.append(("wasm3 core (pywasm3 0.5.0 wasm3/*.c)", arm_size(theirs)))
        for name, s in rows:
            lines.append(f"| {name} | {core} | {s.text} | {s.data} | {s.bss} | {s.flash} |")
    out = "\n".join(lines)
    out += (
        "\n\nwasm3 flags: " + " ".join(WASM3_ARM_DEFINES) + " (defaults of m3_config.h otherwise; no WASI or "
        "libc bindings: the sdist carries the core only). Object sums before the link; --gc-sections in a "
        "firmware drops what the firmware does not call.\n\n"
    )
    out += "C stack frames of our engine on the MCU (gcc -fstack-usage, -Os; the interpreter never recurses):\n\n"
    out += "| core | mw_call | mw_exec (interpreter loop) | call path | mw_module_load | largest frame |\n"
    out += "|---|---:|---:|---:|---:|---|\n"
    for core, fr in frames.items():
        big = max(fr.items(), key=lambda kv: kv[1])
        call, ex = fr.get("mw_call", 0), fr.get("mw_exec", 0)
        out += f"| {core} | {call} | {ex} | {call + ex} | {fr.get('mw_module_load', 0)} | {big[0]} {big[1]} |\n"
    out += (
        "\ncall path = mw_call + mw_exec: the C stack a wasm call needs at any wasm call depth, plus"
        " libgcc's soft-float helpers on cores without an FPU for the operation.\n\n"
    )
    fw = sorted((ROOT / "build").glob("*/firmware.elf"))
    if fw:
        out += "| firmware | text | data | bss | flash (text+data) |\n|---|---:|---:|---:|---:|\n"
        for elf in fw:
            s = arm_size([elf])
            out += f"| {elf.parent.name} | {s.text} | {s.data} | {s.bss} | {s.flash} |\n"
    else:
        out += "(no build/*/firmware.elf: run `make firmware-all` for firmware sizes)\n"
    return out


def ram_report(b: Build, kernels: Sequence[Kernel]) -> str:
    """Engine RAM and C stack, from runner_mw's counting allocator and painted stack.

    Each kernel alone is a small module (0.2-2 KiB of wasm); all of them linked
    into one module is the large one. Sizes: --quick, so fib recurses 22 deep."""
    lines = [
        (
            "| module (O2) | .wasm bytes | module RAM | instance RAM | inst.ram (API) | linear memory | "
            "wasm3 module+instance RAM | mpwasm C stack | wasm3 C stack |"
        ),
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    runtime = 0
    combined = build_combined(kernels)
    cases = [(k.name, b.wasm[k.name, "O2"], "run", k.quick) for k in kernels]
    cases.append((f"all {len(kernels)} kernels in one module (fib called)", combined, "run_fib", 22))
    mismatches = leaked = 0
    for name, w, export, n in cases:
        r = run_one(b.mw, w, n, 1, export=export)
        s3 = run_one(b.wasm3, w, n, 1, export=export)
        runtime = r.extra["runtime_ram"]
        e = r.extra
        mismatches = max(mismatches, e.get("size_mismatches", 0))
        leaked = max(leaked, e.get("leaked", 0))
        lines.append(
            f"| {name} | {w.stat().st_size} | {e['module_ram']} | {e['instance_ram']} | "
            f"{e['instance_ram_api']} | {e['linear_memory']} | "
            f"{s3.extra['module_ram'] + s3.extra['compiled_ram']} | {r.stack} | {s3.stack} |"
        )
    return (
        "\n".join(lines)
        + "\n\nmodule RAM: bytes live after mw_module_load (counting allocator in runner_mw.h); instance RAM: "
        "after mw_instantiate, linear memory excluded; inst.ram: mw_instance_ram(). wasm3: glibc heap "
        "bytes in use (malloc headers included) after parsing, loading and the first call, linear memory "
        "excluded; wasm3 compiles only the functions that run (the large module: only fib's). Runtime (value and frame "
        f"stacks, allocated on the first call, x86-64 host defaults): {runtime} bytes. C stack: peak bytes below "
        "the call site during run(N) (x86-64, gcc -O3; pointers are twice the size of a Cortex-M's): the engine "
        "does not recurse on the C stack for wasm calls, wasm3 does.\n"
        + (f"\nWARNING: engine RAM still live after every *_free: up to {leaked} bytes (a leak).\n" if leaked else "")
        + (
            f"\nNote: the engine passed an old_size different from the block's size to the allocator up to "
            f"{mismatches} times per run (the runner counts from its own block headers, so the figures hold).\n"
            if mismatches
            else ""
        )
    )


# ---- boards --------------------------------------------------------------------

BOARD_REPS = 3
BOARD_SCRIPT = """
import wasm, time
m = wasm.Module(bytes.fromhex({hex!r}))
i = wasm.Instance(m, memory_limit=65536)
f = i.exports.run
ts = []
for _ in range({reps}):
    t = time.ticks_us()
    r = f({n})
    ts.append(time.ticks_diff(time.ticks_us(), t))
print('result=%d' % (r & 0xffffffff))
print('ticks=' + ','.join(str(t) for t in ts))
del f, i, m
"""


# Engine RAM on the MCU itself (32-bit pointers): the MicroPython heap's free bytes
# before and after, the binding's objects included, GC blocks of 16 bytes. The
# bytes object is made first, so the module's own RAM excludes it (data segments
# are borrowed from it). memory_limit allocates exactly 64 KiB of linear memory.
BOARD_RAM_SCRIPT = """
import wasm, gc
b = bytes.fromhex({hex!r})
gc.collect(); f0 = gc.mem_free()
m = wasm.Module(b)
gc.collect(); f1 = gc.mem_free()
i = wasm.Instance(m, memory_limit=65536)
gc.collect(); f2 = gc.mem_free()
print('module_ram=%d' % (f0 - f1))
print('instance_ram=%d' % (f1 - f2 - 65536))
print('inst_ram=%d' % i.ram)
del i, m, b
gc.collect()
"""


def board_ram(repl: object, board_name: str, b: Build, kernels: Sequence[Kernel]) -> str:
    rows = [
        f"| module on {board_name} (O2) | .wasm bytes | module RAM | instance RAM (excl. 64 KiB memory) | inst.ram |",
        "|---|---:|---:|---:|---:|",
    ]
    small = next(k for k in kernels if k.name == "fib") if any(k.name == "fib" for k in kernels) else kernels[0]
    for name, w in (
        (small.name, build_wasm(small, "O2", board=True)),
        (f"all {len(kernels)} kernels in one module", build_combined(kernels)),
    ):
        text = repl.exec(BOARD_RAM_SCRIPT.format(hex=w.read_bytes().hex()), 60).replace("\r\n", "\n")  # type: ignore[attr-defined]
        f = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
        rows.append(f"| {name} | {w.stat().st_size} | {f['module_ram']} | {f['instance_ram']} | {f['inst_ram']} |")
    return "\n".join(rows) + "\n"


def board_bench(board_name: str, b: Build, kernels: Sequence[Kernel]) -> str:
    import board_python

    board_python.ensure(f"--board {board_name}")
    sys.path.insert(0, str(ROOT / "scripts"))
    sys.path.insert(0, str(ROOT / "tests" / "hil"))
    import run_qemu
    from boardcfg import load_board
    from raw_repl import RawRepl

    board = load_board(board_name)
    if board.qemu is None:
        raise SystemExit(f"--board {board_name}: no QEMU machine for this board")
    rows = [
        f"| kernel ({board_name}, O2) | N | board ticks_us (median) | host mpwasm us | board checksum | host native |",
        "|---|---:|---:|---:|---|---|",
    ]
    if not run_qemu.firmware_path(board).exists():
        raise SystemExit(f"no {run_qemu.firmware_path(board)}: run `make firmware BOARD={board_name}` first")
    with run_qemu.serve(board) as url:
        repl = RawRepl.open(url, baud=board.uart.baud, connect_timeout=15)
        repl.enter_raw(20)
        ram = board_ram(repl, board_name, b, kernels)
        for k in kernels:
            if not k.board:
                continue
            w = build_wasm(k, "O2", board=True)
            code = BOARD_SCRIPT.format(hex=w.read_bytes().hex(), reps=BOARD_REPS, n=k.board)
            text = repl.exec(code, 120).replace("\r\n", "\n")
            fields = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
            result = int(fields["result"])
            ticks = [int(t) for t in fields["ticks"].split(",")]
            ref = run_one(b.native[k.name], None, k.board, 1).result
            host = run_one(b.mw, w, k.board, BOARD_REPS)
            ok = "ok" if result == ref == host.result else "DIFFERS"
            log(f"  {board_name} {k.name:14} n={k.board:<6} {statistics.median(ticks):>9} us  {ok}")
            rows.append(
                f"| {k.name} | {k.board} | {statistics.median(ticks)} | {host.median * 1e6:.0f} | "
                f"{result:#010x} {ok} | {ref:#010x} |"
            )
        repl.close()
    return "\n".join(rows) + "\n\n" + ram


# ---- main ------------------------------------------------------------------------


def machine() -> str:
    model = platform.processor() or "?"
    try:
        for line in sh(["lscpu"], capture_output=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    gcc = sh(["gcc", "--version"], capture_output=True).stdout.splitlines()[0]
    clang = sh(["clang", "--version"], capture_output=True).stdout.splitlines()[0]
    # which engine was measured: the last commit touching it, and whether the tree differs
    rev = sh(["git", "-C", ROOT, "log", "-1", "--format=%h", "--", "modwasm"], capture_output=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(ROOT), "diff", "--quiet", "HEAD", "--", "modwasm"], check=False)
    engine = f"engine {rev}{' + uncommitted changes' if dirty.returncode else ''}"
    load = os.getloadavg()[0]
    return (
        f"{model}, {os.cpu_count()} CPUs, load {load:.1f}; {gcc}; {clang}; Python {platform.python_version()}; {engine}"
    )


def run_programs(
    progs: Sequence[programs.Program],
    quick: bool,
    with_callgrind: bool,
    with_load: bool = False,
    ours_alone: bool = False,
    saved_ir_path: Path = SAVED_IR,
) -> bool:
    """The whole-program tables (bench/bench_programs.py); False if outputs differed. ours_alone:
    callgrind's table alone, our engine counted and wasm3's and native's counts taken from
    saved_ir_path where still valid (bench/saved_ir.py); no timed runs."""
    r = bench_programs.build(fetch_wasm3(), progs)
    ok = True
    if not ours_alone:
        size, reps = ("quick", QUICK_REPS) if quick else ("n", REPS)
        rows = bench_programs.measure(r, progs, size, reps)
        print(bench_programs.table(rows))
        print(bench_programs.ram_table(rows))
        ok = all(row.agree for row in rows)
    if with_callgrind:
        text, same = bench_programs.callgrind_table(r, progs, callgrind_out, with_load, saved_ir_path, ours_alone)
        print(text)
        ok = ok and same
    if not ok:
        log("OUTPUTS DIFFER between runners for a whole program")
    return ok


def run_op_profile(
    progs: Sequence[programs.Program],
    kernels: Sequence[Kernel],
    top: int,
    site_ops: str | None = None,
    by_function: bool = False,
    triples: bool = False,
    const_addresses: bool = False,
) -> None:
    """The dynamic op profile (bench/op_profile.py) of each program and kernel at its quick size;
    with site_ops (comma-separated op names, or "all"), those ops by lowering site too; with
    by_function, the wasm functions by their share of the ops; with triples, the most executed
    triples of ops one after the other in the code; with const_addresses, the constants put in a
    slot for a load's or store's address."""
    import op_profile

    dumps = OUT / "op-profile"
    profiles, wasms = {}, {}
    if kernels:
        runner = op_profile.build_runner(wasi=False)
        for k in kernels:
            wasms[k.name] = build_wasm(k, "O2")
            cmd = [runner, wasms[k.name], "run", str(k.quick), "1"]
            profiles[k.name] = op_profile.run(cmd, dumps / f"kernel-{k.name}.txt")
    if progs:
        programs.fetch(progs)
        runner = op_profile.build_runner(wasi=True)
        for p in progs:
            log(f"op profile: {p.name} ...")
            wasms[p.name] = programs.build(p, "wasm")
            cmd = [runner, wasms[p.name], "1", "-", *p.argv("quick")]
            profiles[p.name] = op_profile.run(cmd, dumps / f"prog-{p.name}.txt")
    print(op_profile.report(profiles, top))
    if site_ops:
        print(op_profile.site_report(profiles, None if site_ops == "all" else site_ops.split(","), top))
    if by_function:
        names = {name: op_profile.function_names(Path(w).read_bytes()) for name, w in wasms.items()}
        print(op_profile.function_report(profiles, names, top))
    if triples:
        print(op_profile.triple_report(profiles, top))
    if const_addresses:
        print(op_profile.const_address_report(profiles))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes, few calls: a smoke run")
    ap.add_argument("--callgrind", action="store_true", help="also count instructions with valgrind (--quick sizes)")
    ap.add_argument(
        "--with-load",
        action="store_true",
        help="with --callgrind on whole programs: also count the load and our lowering on both engines "
        "(a lazy load as wasm.Module(bytes) does, lowering at first call; wasm3's parse and load)",
    )
    ap.add_argument(
        "--ours-alone",
        action="store_true",
        help="with --only-programs --callgrind: count our engine alone, wasm3's and native's counts taken from "
        "--saved-ir where their runner build, binary and arguments are unchanged (else counted again); no timed runs",
    )
    ap.add_argument(
        "--saved-ir",
        type=Path,
        default=SAVED_IR,
        help="the programs' callgrind counts: every --callgrind run writes it (default build/bench/programs-ir.json)",
    )
    ap.add_argument("--profile", metavar="KERNEL", help="callgrind per-function view of our engine on KERNEL")
    ap.add_argument("--footprint", action="store_true", help="only code size, firmware size and RAM")
    ap.add_argument("--board", action="append", default=[], help="run the small kernels on this QEMU board")
    ap.add_argument(
        "--device",
        action="store_true",
        help="instructions per iteration on QEMU boards, vs native (bench/device.py; --board: which, default all)",
    )
    ap.add_argument("--kernels", help="comma-separated subset of kernels")
    ap.add_argument("--os", action="store_true", help="also run the -Os builds (the table is -O2)")
    ap.add_argument("--programs", help="comma-separated subset of the whole programs (bench/programs.py)")
    programs.add_features_arg(ap)
    ap.add_argument("--no-programs", action="store_true", help="kernels only")
    ap.add_argument("--only-programs", action="store_true", help="whole programs only (no kernels)")
    ap.add_argument(
        "--programs-board",
        action="append",
        default=[],
        metavar="BOARD",
        help="whole programs on a QEMU board: Module.ram, fit, output (bench/board/programs_board.py)",
    )
    ap.add_argument(
        "--op-profile",
        action="store_true",
        help="count executed ops and pairs of ops in our engine's lowered code (bench/op_profile.py): "
        "the programs (--programs), and with --kernels or --no-programs the kernels, at quick sizes",
    )
    ap.add_argument("--top", type=int, default=20, help="--op-profile: how many ops and pairs to list")
    ap.add_argument(
        "--op-sites",
        metavar="OPS",
        help="--op-profile: also where these ops (comma-separated, e.g. COPY,COPY2,MOVE2, or all) were emitted: "
        "the wasm instruction and the line of lowering (lower.c, lower_branch.c) that copied "
        "(bench/op_profile.py site_report)",
    )
    ap.add_argument(
        "--by-function",
        action="store_true",
        help="--op-profile: also the wasm functions by their share of the executed ops: index, name "
        "(from the name section, if any), ops (bench/op_profile.py function_report)",
    )
    ap.add_argument(
        "--triples",
        action="store_true",
        help="--op-profile: also the triples of ops one after the other in the code (what a fusion of three "
        "could join), by share of the executed ops (bench/op_profile.py triple_report)",
    )
    ap.add_argument(
        "--const-addresses",
        action="store_true",
        help="--op-profile: also the share of ops that put a constant in a slot for a load's or store's "
        "address, per run and in mean share (bench/op_profile.py const_address_report)",
    )
    args = ap.parse_args(argv)
    programs.use_features(args.features)

    progs = list(programs.PROGRAMS)
    if args.programs:
        wanted_p = args.programs.split(",")
        unknown_p = set(wanted_p) - set(programs.BY_NAME)
        if unknown_p:
            raise SystemExit(f"unknown programs {sorted(unknown_p)}; known: {', '.join(programs.BY_NAME)}")
        progs = [p for p in progs if p.name in wanted_p]
    if args.no_programs:
        progs = []
    if args.programs_board:
        import programs_board

        for name in args.programs_board:
            for mode in ("eager", "lazy"):
                rows, heap = programs_board.measure(name, progs, mode)
                print(programs_board.table(name, rows, heap, mode))
        return 0
    if args.only_programs and not args.profile and not args.board and not args.footprint and not args.op_profile:
        t0 = time.monotonic()
        print(f"machine: {machine()}\n")
        if args.ours_alone and not (args.callgrind and args.quick):
            raise SystemExit("--ours-alone counts with callgrind at the quick sizes: add --quick --callgrind")
        ok = run_programs(progs, args.quick, args.callgrind, args.with_load, args.ours_alone, args.saved_ir)
        log(f"done in {time.monotonic() - t0:.0f} s")
        return 0 if ok else 1

    kernels = list(KERNELS)
    if args.kernels:
        wanted = args.kernels.split(",")
        unknown = set(wanted) - {k.name for k in KERNELS}
        if unknown:
            raise SystemExit(f"unknown kernels {sorted(unknown)}; known: {', '.join(k.name for k in KERNELS)}")
        kernels = [k for k in KERNELS if k.name in wanted]

    if args.op_profile:
        profile_kernels = kernels if args.kernels or args.no_programs else []
        run_op_profile(
            progs, profile_kernels, args.top, args.op_sites, args.by_function, args.triples, args.const_addresses
        )
        return 0

    if args.device:
        import device

        return 0 if device.run_boards(args.board, kernels) else 1

    opts = ("O2", "Os")
    t0 = time.monotonic()
    b = build_all(kernels, opts)
    print(f"machine: {machine()}\n")

    if args.profile:
        k = next((k for k in KERNELS if k.name == args.profile), None)
        if k is None:
            raise SystemExit(f"unknown kernel {args.profile}")
        print(profile(b, k))
        return 0
    if args.board:
        for name in args.board:
            print(board_bench(name, b, kernels))
        return 0

    ok = True
    if not args.footprint:
        size, reps = ("quick", QUICK_REPS) if args.quick else ("n", REPS)
        rows = measure(b, kernels, "O2", size, reps)
        ok = all(r.agree for r in rows)
        print(time_table(rows, "O2"))
        if args.os or not args.quick:
            rows_os = measure(b, kernels, "Os", size, reps)
            ok = ok and all(r.agree for r in rows_os)
            print(time_table(rows_os, "Os"))
        if args.callgrind:
            print(callgrind_table(b, kernels))
        if progs:
            ok = run_programs(progs, args.quick, args.callgrind, args.with_load, saved_ir_path=args.saved_ir) and ok
    if not args.quick or args.footprint:
        print(footprint())
        print(ram_report(b, kernels))
    log(f"done in {time.monotonic() - t0:.0f} s")
    if not ok:
        log("CHECKSUMS DIFFER between runners: an engine computed a wrong result")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
