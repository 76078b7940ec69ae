#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Device figures: instructions per iteration of each bench kernel on the QEMU boards, for our
engine (the kernel as wasm, run by the firmware's `wasm` module) and for the same C compiled
natively for the board's CPU (the physical limit on that core).

    python3 bench/run.py --device                          # every QEMU board
    python3 bench/run.py --device --board mps2_an385       # one board (repeat --board for more)
    python3 bench/device.py --board mps2_an385 --kernels fib,crc32
    python3 bench/device.py --board mps2_an385 --engine-at 8fba4ac^ --engine-at 8fba4ac   # what a change cost

How: QEMU runs with `-icount shift=0`, so each guest instruction advances the virtual clock by
exactly 1 ns and the guest's SysTick, hence `time.ticks_us()`, runs on that clock: 1 us = 1000
instructions, whatever the host's load. The board runs the bench-only firmware (`make firmware
BOARD=x BENCH=1`, build/<board>-bench/: bench/device/firmware.mk), whose `benchdev` module holds
the kernels compiled with gcc -O2 for the board's -mcpu. Each kernel is timed at N and 2N (fib:
n and n+3) from Python; the difference cancels the fixed costs (the Python call, instantiation
work, the kernel's set-up) and is divided by the work units between the two sizes. N grows until
the engine's call takes TARGET_US of virtual time. A loop of exactly two instructions per
iteration (`benchdev.spin`) checks the board's clock first. Every checksum (board engine, board
native) must equal the host's native result for the same N.
"""

from __future__ import annotations

import argparse
import math
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "bench" / "board"))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests" / "hil"))

import board_python  # noqa: E402

board_python.ensure("the device bench")
import run as bench  # noqa: E402  (bench/ is on the path only now)
import run_qemu  # noqa: E402
from boardcfg import Board, load_board  # noqa: E402
from boardcfg.loader import all_boards  # noqa: E402
from raw_repl import RawRepl  # noqa: E402

TARGET_US = 20_000  # the engine's call at N: 20 M instructions, so 1 us of rounding is 0.005%
SPIN_N = 10_000_000  # the clock check: spin(N) and spin(2N), 2 instructions per iteration
SPIN_TOLERANCE = 0.001  # ticks_us must count 1000 instructions per us to 0.1% (1 us in 20,000: 0.005%)
CHUNK = 512  # wasm bytes per REPL exec: small boards parse a bytes literal of 4x that
EXEC_TIMEOUT_S = 300.0
BOOT_TIMEOUT_S = 30.0

# What one unit of a kernel's n is (bench/kernels/*.c).
UNITS: dict[str, str] = {
    "fib": "one call of fib()",
    "crc32": "CRC of 16 KiB",
    "sha256": "SHA-256 of 1 KiB",
    "interp": "one Collatz sequence in the VM",
    "matmul_i32": "48x48 i32 matrix product",
    "matmul_f32": "48x48 f32 matrix product",
    "nbody_f64": "one step of 5 bodies",
    "mandel_f32": "one 64x64 image (64 iter. max), f32",
    "mandel_f64": "one 64x64 image (64 iter. max), f64",
    "calls": "5 direct calls",
    "call_indirect": "one call_indirect",
}


def fib_calls(n: int) -> int:
    """Calls of bench/kernels/fib.c's fib() that fib(n) makes: 2 F(n+1) - 1."""
    a, b = 0, 1
    for _ in range(n + 1):
        a, b = b, a + b
    return 2 * a - 1


def units(kernel: str, n: int) -> int:
    return fib_calls(n) if kernel == "fib" else n


def second_size(kernel: str, n: int) -> int:
    return n + 3 if kernel == "fib" else 2 * n


def grow(kernel: str, n: int, t_us: int) -> int:
    """The next size to try when run(n) took t_us < TARGET_US: for the linear kernels the
    estimate rounded up to two significant digits, so boards and runs land on the same N."""
    if kernel == "fib":
        return n + 1
    want = max(n + 1, math.ceil(n * TARGET_US / max(t_us, 1)))
    step = 10 ** max(len(str(want)) - 2, 0)
    return -(-want // step) * step


# ---- the firmware ---------------------------------------------------------------


def qemu_boards() -> list[str]:
    return [b.name for b in all_boards() if b.qemu is not None]


def engine_tree(rev: str) -> Path:
    """A tree for a bench firmware with the engine of commit `rev`: build/bench/engine-<sha>/
    holds modwasm/ as of that commit (extracted once) and links to everything else of the
    working tree (ports/, bench/, deps/, build/bench/ for wasm3, ...); the port is built with
    REPO pointing there, its objects in its own build/."""
    sha = subprocess.run(
        ["git", "-C", ROOT, "rev-parse", "--short=10", f"{rev}^{{commit}}"], capture_output=True, text=True, check=True
    ).stdout.strip()
    tree = bench.OUT / f"engine-{sha}"
    if not (tree / "modwasm" / "micropython.mk").exists():
        (tree / "build").mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", ROOT, "archive", sha, "modwasm"], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", tree], input=archive.stdout, check=True)
        for entry in ROOT.iterdir():
            if entry.name not in ("modwasm", "build", ".git") and not (tree / entry.name).exists():
                (tree / entry.name).symlink_to(entry)
        (tree / "build" / "bench").symlink_to(bench.OUT)
    return tree


def firmware(board: Board, engine_at: str | None = None) -> Path:
    """Build (incrementally) the bench-only firmware, with the engine of commit `engine_at` (its
    own build directory) or the working tree's; check its kernel-data overlay."""
    python = ROOT / ".venv" / "bin" / "python"
    repo = engine_tree(engine_at) if engine_at else ROOT
    build = repo / "build" / f"{board.name}-bench"
    extra = [f"REPO={repo}"] if engine_at else []
    make = subprocess.run(
        [
            "make",
            "-C",
            ROOT / "ports" / "cortexm",
            f"-j{bench.JOBS}",
            f"BOARD={board.name}",
            "BENCH=1",
            f"PYTHON={python if python.exists() else sys.executable}",
            *extra,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if make.returncode != 0:
        raise SystemExit(f"building the bench firmware for {board.name} failed:\n{make.stdout}{make.stderr}")
    elf = build / "firmware.elf"
    check_overlay(elf)
    return elf


def check_overlay(elf: Path) -> None:
    """The native kernels' data (the .bench_* overlay, firmware.mk) must end before .bss."""
    out = subprocess.run(["arm-none-eabi-objdump", "-h", elf], capture_output=True, text=True, check=True).stdout
    rows = re.finditer(r"^\s*\d+\s+(\S+)\s+([0-9a-f]+)\s+([0-9a-f]+)", out, re.M)
    sec = {m[1]: (int(m[3], 16), int(m[2], 16)) for m in rows}
    bss = sec[".bss"][0]
    for name, (vma, size) in sec.items():
        if name.startswith(".bench_") and vma + size > bss:
            raise SystemExit(f"{elf}: {name} ends at {vma + size:#x}, past .bss at {bss:#x}: the overlay is broken")


def heap_base(wasm: Path) -> int | None:
    """Where the kernel's data ends (stack first, then data and bss): what memory_limit needs."""
    out = subprocess.run(["wasm-objdump", "-x", wasm], capture_output=True, text=True, check=True).stdout
    m = re.search(r"<__heap_base> - init i32=(\d+)", out)
    return int(m[1]) if m else None


def board_wasm(k: bench.Kernel) -> tuple[Path, int]:
    """The kernel's board build and the memory_limit it needs (its data's end, in whole KiB)."""
    w = bench.build_wasm(k, "O2", board=True)
    end = heap_base(w)
    if end is None:  # built before WASM_BOARD_FLAGS exported __heap_base
        w.unlink()
        w = bench.build_wasm(k, "O2", board=True)
        end = heap_base(w)
        if end is None:
            raise SystemExit(f"{w}: no exported __heap_base (bench/run.py WASM_BOARD_FLAGS exports it)")
    return w, -(-end // 1024) * 1024


# ---- measuring on the board -------------------------------------------------------

GUEST_SETUP = """
import gc, time, wasm
def _t(f, n):
    gc.collect()
    t = time.ticks_us()
    r = f(n)
    t = time.ticks_diff(time.ticks_us(), t)
    print('t=%d r=%d' % (t, (r or 0) & 0xffffffff))
"""
GUEST_ENGINE = """
_m = wasm.Module(_b)
_i = wasm.Instance(_m, memory_limit={limit})
_f = _i.exports.run
_f({warm})
"""
GUEST_NATIVE = """
import benchdev
def _f(n):
    return benchdev.run({name!r}, n)
"""
GUEST_WASM3 = """
import benchdev
benchdev.w3_load(_w3a, _b)
_f = benchdev.w3_run
_f({warm})
"""
GUEST_FREE = """
_f = _i = _m = None
gc.collect()
"""
W3_ARENA = 128 * 1024  # wasm3's RAM: the kernel's 64 KiB page, a 16 KiB value stack, module and code


@dataclass
class Timed:
    us: int
    result: int


@dataclass
class Figure:
    kernel: str
    n1: int
    n2: int
    engine: tuple[Timed, Timed]
    native: tuple[Timed, Timed]
    wasm3: tuple[Timed, Timed] | None
    host: tuple[int, int]  # the host's native checksums at n1, n2
    scale: float  # instructions per microsecond of ticks_us (1000 when the clock check holds)

    def per_iter(self, t: tuple[Timed, Timed]) -> float:
        return (t[1].us - t[0].us) * self.scale / (units(self.kernel, self.n2) - units(self.kernel, self.n1))

    @property
    def engine_ipi(self) -> float:
        return self.per_iter(self.engine)

    @property
    def native_ipi(self) -> float:
        return self.per_iter(self.native)

    @property
    def wasm3_ipi(self) -> float | None:
        return self.per_iter(self.wasm3) if self.wasm3 else None

    @property
    def ok(self) -> bool:
        return all(
            t.result == h
            for pair in (self.engine, self.native, self.wasm3)
            if pair is not None
            for t, h in zip(pair, self.host, strict=True)
        )


@dataclass
class BoardFigures:
    board: Board
    engine_rev: str
    spin_ipi: float  # instructions per spin iteration as ticks_us measures it (2.0 exactly)
    figures: list[Figure]
    skipped: list[str]  # kernels that did not fit, with the board's words
    wasm3_note: str  # why wasm3 did not run here, or ""


class Device:
    """One board in QEMU -icount shift=0 with the bench firmware, its raw REPL open."""

    def __init__(self, board: Board, elf: Path, fs: Path | None = None, extra: Sequence[str] = ()) -> None:
        fs = fs or ROOT / "build" / f"{board.name}-bench" / "fs.img"  # not the board's own filesystem
        self.qemu = run_qemu.start(board, elf, fs_image=fs, safe_boot=True, icount=0, extra=extra)
        try:
            self.repl = RawRepl.open(self.qemu.url, baud=board.uart.baud, connect_timeout=BOOT_TIMEOUT_S)
            self.repl.enter_raw(BOOT_TIMEOUT_S)
            self.exec(GUEST_SETUP)
        except BaseException:
            self.qemu.stop()
            raise

    def reset(self) -> None:
        """A soft reset: each kernel starts from an empty heap, whatever ran before it (on
        netduinoplus2 a 31 KiB linear memory found no room after four other kernels)."""
        self.repl.soft_reset(BOOT_TIMEOUT_S)
        self.exec(GUEST_SETUP)

    def exec(self, code: str) -> str:
        return self.repl.exec(code, EXEC_TIMEOUT_S).replace("\r\n", "\n")

    def time(self, call: str) -> Timed:
        out = self.exec(f"_t({call})")
        m = re.search(r"t=(-?\d+) r=(\d+)", out)
        if m is None:
            raise RuntimeError(f"unexpected answer to _t({call}): {out!r}")
        return Timed(int(m[1]), int(m[2]))

    def load_engine(self, k: bench.Kernel) -> None:
        """The kernel's board build into `_b` (in chunks), instantiated, `_f` its run, called once."""
        w, limit = board_wasm(k)
        data = w.read_bytes()
        self.exec("_b = bytearray()")
        for i in range(0, len(data), CHUNK):
            self.exec(f"_b.extend({data[i : i + CHUNK]!r})")
        self.exec(GUEST_ENGINE.format(limit=limit, warm=k.test))

    def close(self) -> None:
        try:
            self.repl.close()
        finally:
            self.qemu.stop()


def last_line(e: BaseException) -> str:
    """The exception's last line (a board error's own words), or its type."""
    text = str(e).strip()
    return text.splitlines()[-1] if text else type(e).__name__


def engine_rev(engine_at: str | None = None) -> str:
    """The last commit touching the engine or binding, and whether the tree differs from it."""
    rev = subprocess.run(
        [
            "git",
            "-C",
            ROOT,
            "log",
            "-1",
            "--format=%h %cd",
            "--date=format:%Y-%m-%d %H:%M",
            *([engine_at] if engine_at else []),
            "--",
            "modwasm",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if engine_at:
        return rev
    dirty = subprocess.run(["git", "-C", ROOT, "diff", "--quiet", "HEAD", "--", "modwasm"], check=False).returncode
    return rev + (" + uncommitted changes" if dirty else "")


def measure(
    board_name: str,
    kernels: Sequence[bench.Kernel],
    host_native: Callable[[bench.Kernel, int], int],
    log: Callable[[str], None] = bench.log,
    engine_at: str | None = None,
) -> BoardFigures:
    board = load_board(board_name)
    if board.qemu is None:
        raise SystemExit(f"--device --board {board_name}: no QEMU machine for this board")
    elf = firmware(board, engine_at)
    dev = Device(board, elf, elf.parent / "fs.img")
    try:
        dev.exec("import benchdev")
        a = dev.time(f"benchdev.spin, {SPIN_N}")
        b = dev.time(f"benchdev.spin, {2 * SPIN_N}")
        spin = (b.us - a.us) * 1000 / SPIN_N
        log(f"  {board_name}: clock check {spin:.4f} instructions per 2-instruction loop iteration")
        if abs(spin / 2 - 1) > SPIN_TOLERANCE:
            raise SystemExit(
                f"{board_name}: ticks_us is not 1000 instructions per us under -icount shift=0 "
                f"(a 2-instruction loop measured {spin:.4f}): is the board's clock_hz what QEMU's SysTick runs at?"
            )
        scale = 1000.0  # instructions per microsecond of virtual time
        names = dev.exec("print(' '.join(benchdev.names()))").split()
        figures, skipped = [], []
        wasm3_note = (
            ""
            if "w3_load" in dev.exec("print(dir(benchdev))")
            else ("not in this board's bench firmware (profile small)")
        )

        for k in kernels:
            if not k.board:
                continue
            if k.name not in names:
                skipped.append(f"{k.name} (not in this board's bench firmware: bench/device/firmware.mk)")
                continue
            dev.reset()
            if not wasm3_note:
                try:  # first, while the heap is empty
                    dev.exec(f"_w3a = bytearray({W3_ARENA})")
                except Exception as e:  # noqa: BLE001  (a board too small for it: the figure is that it does not fit)
                    wasm3_note = f"no {W3_ARENA // 1024} KiB for its arena ({last_line(e)})"
            try:
                dev.load_engine(k)
            except Exception as e:  # noqa: BLE001  (the board's own error is the figure: it does not fit)
                msg = last_line(e)
                log(f"  {board_name} {k.name}: {msg}")
                skipped.append(f"{k.name} ({msg})")
                dev.exec(GUEST_FREE)
                continue
            n = k.board
            while (t := dev.time(f"_f, {n}")).us < TARGET_US:
                n = grow(k.name, n, t.us)
            n2 = second_size(k.name, n)
            engine = (dev.time(f"_f, {n}"), dev.time(f"_f, {n2}"))
            dev.exec(GUEST_FREE)
            wasm3 = None
            if not wasm3_note:
                dev.exec(GUEST_WASM3.format(warm=k.test))
                wasm3 = (dev.time(f"_f, {n}"), dev.time(f"_f, {n2}"))
            dev.exec(GUEST_FREE + "_b = None\n" + GUEST_NATIVE.format(name=k.name))
            native = (dev.time(f"_f, {n}"), dev.time(f"_f, {n2}"))
            dev.exec(GUEST_FREE)
            f = Figure(k.name, n, n2, engine, native, wasm3, (host_native(k, n), host_native(k, n2)), scale)
            log(
                f"  {board_name} {k.name:14} n={n},{n2}  engine {f.engine_ipi:12.1f}  native {f.native_ipi:10.1f}"
                f"  {f.engine_ipi / f.native_ipi:6.2f}x  wasm3 {f.wasm3_ipi or 0:12.1f}"
                f"  {'ok' if f.ok else 'CHECKSUMS DIFFER'}"
            )
            figures.append(f)
        return BoardFigures(board, engine_rev(engine_at), spin, figures, skipped, wasm3_note)
    finally:
        dev.close()


def count(x: float) -> str:
    return f"{x:,.1f}" if x < 1000 else f"{x:,.0f}"


def table(bf: BoardFigures) -> str:
    b = bf.board
    fpu = {None: "no FPU", "sp": "single FPU", "dp": "double FPU"}.get(b.cpu.fpu, str(b.cpu.fpu))
    lines = [
        f"| kernel ({b.name}, {b.cpu.core}, {fpu}) | one iteration | N, 2N | engine instr/iter | "
        "native instr/iter | engine/native | wasm3 instr/iter | wasm3/engine | checksums |",
        "|---|---|---|---:|---:|---:|---:|---:|---|",
    ]
    ratios, vs_w3 = [], []
    for f in bf.figures:
        r = f.engine_ipi / f.native_ipi
        ratios.append(r)
        w3 = f.wasm3_ipi
        if w3 is not None:
            vs_w3.append(w3 / f.engine_ipi)
        check = (
            f"ok {f.host[1]:#010x}"
            if f.ok
            else (
                f"DIFFER engine {f.engine[1].result:#x} native {f.native[1].result:#x} "
                f"wasm3 {f.wasm3[1].result if f.wasm3 else 0:#x} host {f.host[1]:#x}"
            )
        )
        w3_cells = f"{count(w3)} | {w3 / f.engine_ipi:.2f}x" if w3 is not None else "- | -"
        lines.append(
            f"| {f.kernel} | {UNITS.get(f.kernel, 'n')} | {f.n1}, {f.n2} | {count(f.engine_ipi)} | "
            f"{count(f.native_ipi)} | {r:.1f}x | {w3_cells} | {check} |"
        )
    g_w3 = f"**{bench.geomean(vs_w3):.2f}x**" if vs_w3 else ""
    lines.append(
        f"| **geometric mean** ({len(ratios)} kernels) | | | | | **{bench.geomean(ratios):.1f}x** | | {g_w3} | |"
    )
    out = "\n".join(lines)
    # the small profile (MW_ALL_OPS=0) has no MW_DISPATCH_EACH: mw_exec is -Os with its own flags
    build = "the full profile's mw_exec -O2, MW_DISPATCH_EACH" if b.profile != "small" else "the small profile"
    out += (
        f"\n\nengine {bf.engine_rev} (firmware -Os; {build}); "
        f"native: gcc -O2 for -mcpu={b.cpu.core}; "
        f"QEMU -icount shift=0; clock check: {bf.spin_ipi:.4f} instructions per iteration of a "
        "2-instruction loop.\n"
    )
    if bf.skipped:
        out += f"Did not fit this board: {', '.join(bf.skipped)}.\n"
    if bf.wasm3_note:
        out += f"wasm3: {bf.wasm3_note}.\n"
    return out


def summary(results: Sequence[BoardFigures]) -> str:
    """engine/native per kernel (rows) and board (columns)."""
    names = [k.name for k in bench.KERNELS if any(f.kernel == k.name for r in results for f in r.figures)]
    head = "| engine/native instructions | " + " | ".join(f"{r.board.name} ({r.board.cpu.core})" for r in results)
    lines = [head + " |", "|---|" + "---:|" * len(results)]
    for name in names:
        cells = []
        for r in results:
            f = next((f for f in r.figures if f.kernel == name), None)
            cells.append(f"{f.engine_ipi / f.native_ipi:.1f}x" if f else "-")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    gm = [bench.geomean([f.engine_ipi / f.native_ipi for f in r.figures]) for r in results]
    lines.append("| **geometric mean** | " + " | ".join(f"**{g:.1f}x**" for g in gm) + " |")
    w3 = [[f.wasm3_ipi / f.engine_ipi for f in r.figures if f.wasm3_ipi] for r in results]
    lines.append(
        "| wasm3/engine instructions, geometric mean | "
        + " | ".join(f"{bench.geomean(x):.2f}x" if x else "-" for x in w3)
        + " |"
    )
    return "\n".join(lines) + "\n"


def compare(before: BoardFigures, after: BoardFigures) -> str:
    """Engine instructions per iteration of two engines on one board, and the change."""
    b = before.board
    old, new = before.engine_rev.split()[0], after.engine_rev.split()[0]
    lines = [
        f"| kernel ({b.name}, {b.cpu.core}) | engine {old} | engine {new} | change |",
        "|---|---:|---:|---:|",
    ]
    ratios = []
    for f in before.figures:
        g = next((g for g in after.figures if g.kernel == f.kernel), None)
        if g is None:
            continue
        r = g.engine_ipi / f.engine_ipi
        ratios.append(r)
        lines.append(f"| {f.kernel} | {count(f.engine_ipi)} | {count(g.engine_ipi)} | {(r - 1) * 100:+.1f}% |")
    lines.append(f"| **geometric mean** | | | **{(bench.geomean(ratios) - 1) * 100:+.1f}%** |")
    return "\n".join(lines) + "\n"


def run_boards(boards: Sequence[str], kernels: Sequence[bench.Kernel], engines: Sequence[str] = ()) -> bool:
    """Measure and print a table per board (per engine commit of `engines`, else the working
    tree's), and with two engines their comparison per board; False if any checksum differed."""
    cache: dict[tuple[str, int], int] = {}

    def host_native(k: bench.Kernel, n: int) -> int:
        if (k.name, n) not in cache:
            cache[k.name, n] = bench.run_one(bench.build_native(k), None, n, 1).result
        return cache[k.name, n]

    bench.fetch_wasm3()  # the bench firmware compiles wasm3's core from build/bench/
    results = []
    failed = False
    for name in boards or qemu_boards():
        per_engine = []
        for engine_at in engines or [None]:
            try:
                bf = measure(name, kernels, host_native, engine_at=engine_at)
            except SystemExit as e:  # this board's firmware or clock: say so, measure the others
                print(f"{name}: not measured: {e}\n", flush=True)
                failed = True
                continue
            print(table(bf), flush=True)
            per_engine.append(bf)
        if len(per_engine) == 2:
            print(compare(*per_engine), flush=True)
        results += per_engine
    if len(results) > 1 and not engines:
        print(summary(results))
    return not failed and all(f.ok for r in results for f in r.figures)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--board", action="append", default=[], help="a QEMU board (default: every one)")
    ap.add_argument("--kernels", help="comma-separated subset of kernels")
    ap.add_argument(
        "--engine-at",
        action="append",
        default=[],
        metavar="REV",
        help="the engine (modwasm/) of this commit instead of the working tree's; twice: compare the two",
    )
    args = ap.parse_args(argv)
    kernels = list(bench.KERNELS)
    if args.kernels:
        wanted = args.kernels.split(",")
        kernels = [k for k in kernels if k.name in wanted]
    return 0 if run_boards(args.board, kernels, args.engine_at) else 1


if __name__ == "__main__":
    sys.exit(main())
