#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The whole programs (bench/programs.py) built natively for a QEMU board's CPU and run there
under `-icount shift=0`: the physical limit our engine's counts on the device are set against.

    python3 bench/board/native_board.py --board mps2_an385 [--programs zlib,lua] [--size test]

Each program's sources and driver are compiled as the host's native build is (gcc -O2 -w, the
same defines and native flags; bench/programs.py), with arm-none-eabi-gcc 12 and the board's CPU
flags (scripts/boardcfg: -mcpu, FPU, float ABI) plus -ffp-contract=off (no fused multiply-add on
an FPU, so floats round as on the host and in wasm; PROGRAM_FLAGS for two programs:
newlib's names), and linked with Debian's newlib (libc, libm) into a bare-metal image:
bench/device/native.ld over the board's generated memory.ld, start-up and system calls in
bench/device/native_start.c (stdout to the board's UART through the port's driver, malloc over
the RAM between .bss and a stack of the wasm build's size, exit by semihosting), C99's printf
length modifiers that Debian's newlib lacks in native_printf.c, the program's arguments compiled
in. QEMU runs it with `-icount shift=0`; the board's free-running counter
(ports/cortexm/counter_<kind>.c) read before main and at exit gives the run's guest
instructions. Its stdout must be the host's native build's bytes.

Prints a Markdown table; `bench/board/programs_board.py --native` sets ours beside it. A benchmark, not
a test (tests/hil/test_native_board.py runs one program so).
"""

from __future__ import annotations

import argparse
import math
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import programs as P

ROOT = P.ROOT
sys.path.insert(0, str(ROOT / "scripts"))

import run_qemu  # noqa: E402
from boardcfg import load_board  # noqa: E402
from boardcfg.generate import cflags_cpu, clock_driver, write_generated  # noqa: E402
from boardcfg.schema import Board  # noqa: E402

CROSS = "arm-none-eabi-gcc"
# as bench/programs.py NATIVE_CC, for the board's CPU; -ffp-contract=off: GCC's default contracts
# a*b+c into vfma where the core has an FPU, which the host's x86-64 build (no FMA at -O2) and
# wasm never do, so float results (and checksums) would differ in their last bits
CROSS_FLAGS = ["-O2", "-w", "-ffp-contract=off"]
# A program's own flags for newlib on Arm, each for a build that failed there
PROGRAM_FLAGS = {
    # its config (generated on the host) found glibc's <endian.h>, which newlib lacks: a shim
    "jansson": (f"-idirafter{ROOT / 'bench' / 'device' / 'newlib_compat'}",),
    # newlib's <string.h> declares strlwr (an extension), which TinyScheme defines as a static
    # function of another type: POSIX's names only
    "tinyscheme": ("-D_POSIX_C_SOURCE=200809L",),
}
START = ROOT / "bench" / "device" / "native_start.c"
PRINTF = ROOT / "bench" / "device" / "native_printf.c"  # C99's %zu, %td, %jd over Debian's newlib
# newlib's formatters every printf-family function ends in, which native_printf.c wraps
WRAPPED = ("_vfprintf_r", "_svfprintf_r", "_vfiprintf_r", "_svfiprintf_r")
LINKER_SCRIPT = ROOT / "bench" / "device" / "native.ld"
PORT = ROOT / "ports" / "cortexm"
END = re.compile(rb"\x1bNATIVE-END status=(\d+) ticks=(\d+) hz=(\d+) heap=(\d+) refused=(\d+)\n")
FAULT = re.compile(rb"\x1bNATIVE-FAULT ([^\n]*)\n")


@dataclass
class NativeRun:
    """One program's native run on a board: its stdout, exit status and guest instructions."""

    out: bytes
    status: int | None  # None: it did not reach exit (a fault, or the timeout)
    instructions: int | None
    why: str = ""  # what went wrong, when status is None
    heap: int = 0  # the bytes malloc may have on the board (between .bss and the stack)
    refused: int = 0  # how often malloc's sbrk was refused more: the program does not fit the RAM


def board_dir(board: Board) -> Path:
    return ROOT / "build" / "native" / board.name


def cross_cc(board: Board) -> list[str]:
    return [CROSS, *cflags_cpu(board).split(), *CROSS_FLAGS]


def _cpu_tag(board: Board) -> str:
    """The object cache's name for a CPU's flags: boards with the same core and FPU share objects."""
    return "arm-" + re.sub(r"[^a-z0-9.+-]+", "_", cflags_cpu(board).replace("-m", ""))


# a printf conversion with C99's z, j or t length modifier, as it is written in a C string
C99_CONVERSION = re.compile(rb"%[-+ #0'0-9.*]*(?:hh|h|ll|l)?[zjt][diouxXn]")


def uses_c99_printf(p: P.Program) -> bool:
    """Whether p's sources write a printf conversion with z, j or t: only then is its image linked
    with native_printf.c, whose scan of every format costs ~17 instructions a call (2.7% of zlib's
    run, whose driver makes its input with 3,236 snprintf calls) where no rewrite is needed."""
    return any(C99_CONVERSION.search(s.read_bytes()) for s in P.native_sources(p))


def support_objects(board: Board) -> list[Path]:
    """native_start.c and the port's UART, counter and clock drivers, compiled for the board."""
    if board.counter is None:
        raise SystemExit(f"{board.name}: no free-running counter (board.counter) to count instructions with")
    gen = board_dir(board) / "gen"
    write_generated(board, gen)
    srcs = [
        START,
        PORT / f"uart_{board.uart.kind}.c",
        PORT / f"counter_{board.counter.kind}.c",
        PORT / f"clock_{clock_driver(board)}.c",
    ]
    return [
        P._compile(support_cc(board), support_flags(board), s, board_dir(board) / "support" / (s.name + ".o"))
        for s in srcs
    ]


def support_cc(board: Board) -> list[str]:
    return [CROSS, *cflags_cpu(board).split(), "-O2", "-std=gnu11", "-Wall", "-Werror"]


def support_flags(board: Board) -> list[str]:
    return [f"-I{board_dir(board) / 'gen'}", f"-I{PORT}", f"-I{ROOT}"]


def _c_bytes(s: str) -> str:
    """s as a C string literal of its UTF-8 bytes (octal escapes: no trigraph or hex run-on)."""
    return '"' + "".join(chr(b) if 32 <= b < 127 and chr(b) not in '"\\?' else f"\\{b:03o}" for b in s.encode()) + '"'


def argv_source(argv: list[str]) -> str:
    """native_argv.c: the program's arguments as native_start.c passes them to main (writable, as
    C's argv is: getopt may permute them)."""
    lines = ["// generated by bench/board/native_board.py: the program's arguments"]
    lines += [f"static char arg{i}[] = {_c_bytes(a)};" for i, a in enumerate(argv)]
    lines.append(f"int native_argc = {len(argv)};")
    lines.append("char *native_argv[] = {" + "".join(f"arg{i}, " for i in range(len(argv))) + "0};")
    return "\n".join(lines) + "\n"


def build(p: P.Program, board: Board, size: str = "test") -> Path:
    """build/native/<board>/<program>-<size>.elf: the program for the board, its arguments in it."""
    P.fetch([p])
    cc = [*cross_cc(board), *PROGRAM_FLAGS.get(p.name, ())]
    objs = P.cross_objects(p, cc, P.OUT / "obj" / p.name / _cpu_tag(board))
    objs += support_objects(board)
    c99 = uses_c99_printf(p)
    if c99:
        objs.append(
            P._compile(
                support_cc(board), support_flags(board), PRINTF, board_dir(board) / "support" / "native_printf.o"
            )
        )
    argv_c = board_dir(board) / "argv" / f"{p.name}-{size}.c"
    text = argv_source(p.argv(size))
    argv_c.parent.mkdir(parents=True, exist_ok=True)
    if not argv_c.exists() or argv_c.read_text() != text:
        tmp = argv_c.with_name(f"{argv_c.name}.tmp{os.getpid()}")  # two test workers may build at once
        tmp.write_text(text)
        os.replace(tmp, argv_c)
    objs.append(P._compile([CROSS, *cflags_cpu(board).split(), "-O2"], [], argv_c, argv_c.with_suffix(".o")))
    link = [
        CROSS,
        *cflags_cpu(board).split(),
        "-O2",
        "-nostartfiles",
        "--specs=nosys.specs",  # newlib's stubs for the system calls native_start.c does not give
        f"-L{board_dir(board) / 'gen'}",  # memory.ld, which native.ld includes
        "-T",
        str(LINKER_SCRIPT),
        f"-Wl,--defsym=_native_stack_size={p.stack}",
        *(f"-Wl,--wrap={f}" for f in (WRAPPED if c99 else ())),
        *p.libs,
        "-lm",
    ]
    return P.link(link, objs, board_dir(board) / f"{p.name}-{size}.elf")


def qemu_command(board: Board, elf: Path, serial_file: Path) -> list[str]:
    """The board's QEMU command (scripts/run_qemu.py) with the UART into `serial_file`, one guest
    instruction = 1 ns of the board's clock, and semihosting on (the image exits through it)."""
    if board.qemu is None:
        raise SystemExit(f"{board.name}: no QEMU machine")
    cmd = run_qemu.qemu_command(board, elf, f"file:{serial_file}", icount=0)
    if "-semihosting-config" not in cmd:  # (a board whose storage is not semihosting's)
        cmd += ["-semihosting-config", "enable=on,target=native"]
    return cmd


def run(elf: Path, board: Board, timeout: float = 900) -> NativeRun:
    """Run a native image under QEMU: its stdout (the UART's bytes before the end line), exit status
    and guest instructions (the counter's ticks times 10^9 / its rate)."""
    with tempfile.TemporaryDirectory(prefix="native_board") as tmp:
        serial = Path(tmp) / "uart.bin"
        try:
            r = subprocess.run(qemu_command(board, elf, serial), capture_output=True, timeout=timeout, check=False)
            console = (r.stdout + r.stderr).decode(errors="replace")
        except subprocess.TimeoutExpired:
            console = f"timed out after {timeout:.0f} s"
        data = serial.read_bytes() if serial.exists() else b""
    end = END.search(data)
    if end is None:
        fault = FAULT.search(data)
        why = f"fault: {fault.group(1).decode()}" if fault else "no end line"
        return NativeRun(data, None, None, f"{why}; {console.strip()[-300:]}")
    status, ticks, hz, heap, refused = (int(g) for g in end.groups())
    return NativeRun(data[: end.start()], status, ticks * 10**9 // hz, console.strip()[-300:], heap, refused)


def measure(board: Board, p: P.Program, size: str = "test") -> NativeRun:
    """Build and run one program natively on a board; a link that does not fit the board's
    memory is a NativeRun with no status and the linker's reason."""
    try:
        elf = build(p, board, size)
    except subprocess.CalledProcessError as e:
        return NativeRun(b"", None, None, f"build failed: {e}")
    return run(elf, board)


def check(run_: NativeRun, p: P.Program, size: str = "test") -> bool | None:
    """The native run's stdout equals the host's native build's (None: it did not run)."""
    if run_.status is None:
        return None
    return run_.status == 0 and run_.out == P.run_native(p, size)


def verdict(run_: NativeRun, p: P.Program, size: str = "test") -> str:
    """What a native run's output says, for a table: the host's bytes, a program that did not fit
    the board's RAM (malloc refused), other bytes, or why it did not finish."""
    same = check(run_, p, size)
    if same:
        return "same bytes"
    if run_.refused:
        return f"does not fit: malloc refused beyond {run_.heap // 1024} KiB (status {run_.status})"
    if same is False:
        return f"DIFFERS (status {run_.status})"
    return run_.why[:100]


def geomean(xs: list[float]) -> float:
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--board", required=True)
    ap.add_argument("--programs", help="comma-separated subset (default: all)")
    ap.add_argument("--size", default="test", help="the programs' argument size (default test, as programs_board.py)")
    args = ap.parse_args(argv)
    board = load_board(args.board)
    print(f"| program, native on {board.name} ({args.size} size) | M instructions | output vs host native |")
    print("|---|---:|---|")
    ok = True
    for p in P.select(args.programs or ""):
        r = measure(board, p, args.size)
        ok = ok and check(r, p, args.size) is not False
        count = f"{r.instructions / 1e6:.2f}" if r.instructions is not None else "-"
        print(f"| {p.name} | {count} | {verdict(r, p, args.size)} |", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
