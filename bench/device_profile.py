#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Where a board's instructions go, handler by handler: the device's own profile of a bench
kernel or a whole program under QEMU (Cortex-M), what bench/ir_by_handler.py is for the host.

    python3 bench/device_profile.py --board mps2_an385 --kernel mandel_f64 [--n 1] [--engine-at REV]
    python3 bench/device_profile.py --board mps2_an385 --program lz4 [--engine-at REV] [--top 30]

How: QEMU runs the bench firmware (bench/device.py's, with the engine of `--engine-at REV` or
the working tree's) with `-d in_asm,exec,nochain` written into a pipe: each translated block's
instructions once (in_asm), and a line for every block executed (exec; nochain makes every
block go through the loop that logs it). Instructions executed per address are each block's
executions times its instructions. Two runs of a fresh board, the same but for the work: a
kernel's run(n) and run(2n) (fib: n and n + 3); their difference is the work's own instructions
(the kernel's set-up cancels). Only what runs between two calls of `benchdev.spin(1)` around
the work is counted (the marker: its first block's executions): the rest of a session, the
REPL waiting for the host's next line above all, runs as many instructions as the host's
timing gives it (tens of thousands either way run to run), which put a profile's total 1-1.5%
off device.py's at small sizes. A program's run at the test size is one traced session, its
`start()` between the markers (the load outside them). Every address of `mw_exec` is placed
by `addr2line -i` at the line of exec.c it was inlined into and named by its handler as bench/cpu_profile.py names the
host's; other functions (soft float, the C library, the engine's out-of-line paths) by name.
A kernel's figures are per work unit (bench/device.py UNITS), a program's in instructions.
The kernel's checksums are compared with the host's native build. Under tracing QEMU is about
10-20x slower: profile small sizes. A benchmark tool, nothing asserted.
"""

from __future__ import annotations

import argparse
import ast
import bisect
import os
import re
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import cpu_profile
import device  # (puts scripts/ and tests/hil/ on the path, and checks the board's Python)
import programs as P
import programs_board
import run as bench
from device import Board, load_board

TRACE_FLAGS = ("-d", "in_asm,exec,nochain")
EXEC_LINE = re.compile(rb"Trace \d+: \S+ \[[0-9a-f]+/([0-9a-f]+)/")
INSN_LINE = re.compile(rb"^0x([0-9a-f]+):")
CHUNK = 1 << 22  # bytes read from the pipe at a time


class Trace:
    """Reads QEMU's log from a pipe on a thread of its own: executions per block start, and
    each block's instruction addresses (the longest translation seen at an address: icount
    retranslates a block cut short at a timer's deadline, rarely)."""

    def __init__(self, fifo: Path, marker: int) -> None:
        self.fifo = fifo
        self.marker = marker  # each execution of the block at this address starts or ends a window
        self.inside = False
        self.runs: Counter[int] = Counter()
        self.blocks: dict[int, tuple[int, ...]] = {}
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        rest = b""
        block: list[int] = []
        in_block = False
        with self.fifo.open("rb") as f:  # blocks until QEMU opens the pipe for writing
            while chunk := f.read(CHUNK):
                chunk = rest + chunk
                cut = chunk.rfind(b"\n") + 1
                chunk, rest = chunk[:cut], chunk[cut:]
                self._count([int(pc, 16) for pc in EXEC_LINE.findall(chunk)])
                if not in_block and b"IN:" not in chunk:
                    continue
                for line in chunk.splitlines():  # (no empty last line: a block may go on in the next read)
                    if line.startswith(b"IN:"):
                        in_block, block = True, []
                    elif in_block and (m := INSN_LINE.match(line)):
                        block.append(int(m[1], 16))
                    elif in_block and not line.strip():
                        in_block = False
                        if block and len(block) > len(self.blocks.get(block[0], ())):
                            self.blocks[block[0]] = tuple(block)

    def _count(self, pcs: list[int]) -> None:
        """Blocks executed inside the marker's windows (the marker's own block not counted)."""
        start = 0
        for i in [i for i, pc in enumerate(pcs) if pc == self.marker]:
            if self.inside:
                self.runs.update(pcs[start:i])
            self.inside, start = not self.inside, i + 1
        if self.inside:
            self.runs.update(pcs[start:])

    def per_address(self) -> Counter[int]:
        self.thread.join(600)
        per: Counter[int] = Counter()
        for pc, n in self.runs.items():
            for a in self.blocks.get(pc, (pc,)):
                per[a] += n
        return per


# the window's marker: `benchdev.spin(1)` before and after the work (its first block, once a call)
MARKER = "benchdev.spin(1)"


def marker_address(elf: Path) -> int:
    """benchdev.spin's first instruction (the bench firmware's; LTO may suffix its name)."""
    found = [start for start, _, name in functions(elf) if re.fullmatch(r"benchdev_spin(\.lto_priv\.\d+)?", name)]
    if len(found) != 1:
        raise SystemExit(f"{elf}: benchdev_spin found {len(found)} times (a bench firmware has it once)")
    return found[0]


def traced(board: Board, elf: Path, work: Callable[[device.Device], None]) -> Counter[int]:
    """Instructions per address between the marker's calls in a fresh board's session that runs `work`."""
    with tempfile.TemporaryDirectory(prefix="device-profile-") as tmp:
        fifo = Path(tmp) / "qemu.log"
        os.mkfifo(fifo)
        trace = Trace(fifo, marker_address(elf))
        dev = device.Device(board, elf, elf.parent / "fs.img", extra=(*TRACE_FLAGS, "-D", str(fifo)))
        try:
            work(dev)
        finally:
            dev.close()  # QEMU exits: the pipe ends
        return trace.per_address()


def functions(elf: Path) -> list[tuple[int, int, str]]:
    """The ELF's functions: (start, end, name), by start; Thumb's low bit cleared."""
    out = subprocess.run(
        ["arm-none-eabi-nm", "-S", "--defined-only", elf], capture_output=True, text=True, check=True
    ).stdout
    fns = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[2] in "tTwW":
            start = int(parts[0], 16) & ~1
            fns.append((start, start + int(parts[1], 16), parts[3]))
    return sorted(fns)


def op_names(engine: Path) -> list[str]:
    """The ops in the handler table's order (mw_int.h MW_OP_LIST, as the engine of `engine`
    lists them: scripts/gen_code_meanings.py's probe)."""
    import gen_code_meanings

    out = subprocess.run(
        ["gcc", "-E", "-P", f"-I{engine}", "-x", "c", "-"],
        input=gen_code_meanings.PROBE,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return re.findall(r"@@O (\w+) ", out)


def handler_addresses(elf: Path) -> list[int]:
    """mw_exec's handler table (label_table: one word an op, the Thumb bit set), as linked."""
    nm = subprocess.run(["arm-none-eabi-nm", "-S", elf], capture_output=True, text=True, check=True).stdout
    m = re.search(r"^([0-9a-f]+) ([0-9a-f]+) [tTrRdD] label_table\b", nm, re.M)
    if m is None:
        raise SystemExit(f"{elf}: no label_table (a MW_TBH_DISPATCH build's table is halfwords: not read here)")
    addr, size = int(m[1], 16), int(m[2], 16)
    sections = subprocess.run(["arm-none-eabi-readelf", "-SW", elf], capture_output=True, text=True, check=True).stdout
    for row in re.finditer(r"\]\s+\S+\s+\S+\s+([0-9a-f]{8}) ([0-9a-f]{6}) ([0-9a-f]{6})", sections):
        base, off, length = (int(x, 16) for x in row.groups())
        if base <= addr < base + length:
            raw = elf.read_bytes()[off + addr - base : off + addr - base + size]
            return [int.from_bytes(raw[i : i + 4], "little") & ~1 for i in range(0, size, 4)]
    raise SystemExit(f"{elf}: label_table at {addr:#x} is in no section")


def by_handler(elf: Path, exec_c: Path, per: Counter[int]) -> Counter[str]:
    """Instructions by handler (mw_exec's addresses) or by function (the others)."""
    fns = functions(elf)
    starts = [f[0] for f in fns]
    owner: dict[int, str] = {}
    for a in per:
        i = bisect.bisect_right(starts, a) - 1
        owner[a] = fns[i][2] if i >= 0 and a < fns[i][1] else "(unknown)"
    in_exec = sorted(a for a, name in owner.items() if name.startswith("mw_exec"))
    where = cpu_profile.outer_lines("arm-none-eabi-addr2line", elf, in_exec)
    handlers = cpu_profile.handler_of_lines(exec_c.read_text())
    by: Counter[str] = Counter()
    for a, n in per.items():
        name = owner[a]
        if name.startswith("mw_exec"):
            m = re.match(r".*?([\w.]+\.[ch]):(\d+)", where.get(a, ""))
            if m is None or m.group(1) != "exec.c":
                name = "(mw_exec)"
            else:
                line = int(m.group(2))
                name = handlers[line - 1] if 0 < line <= len(handlers) and handlers[line - 1] else "(mw_exec)"
        else:
            name = f"[{name}]"
        by[name] += n
    return by


def exec_text(elf: Path) -> Counter[int]:
    """mw_exec's bytes per instruction address (its literal pools' words too), as linked."""
    out = subprocess.run(
        ["arm-none-eabi-objdump", "-d", "--disassemble=mw_exec", elf], capture_output=True, text=True, check=True
    ).stdout
    addrs = [int(m[1], 16) for m in re.finditer(r"^\s+([0-9a-f]+):\t", out, re.M)]
    end = next(e for s, e, name in functions(elf) if name == "mw_exec")
    return Counter({a: b - a for a, b in zip(addrs, [*addrs[1:], end], strict=True)})


def kernel_profile(board: Board, elf: Path, kernel: str, n: int) -> tuple[Counter[str], int]:
    """A kernel's instructions per work unit by handler, and the units between the two runs."""
    k = next((k for k in bench.KERNELS if k.name == kernel), None)
    if k is None:
        raise SystemExit(f"--kernel: no kernel {kernel}; known: {', '.join(k.name for k in bench.KERNELS)}")
    n2 = device.second_size(kernel, n)
    host = {m: bench.run_one(bench.build_native(k), None, m, 1).result for m in (n, n2)}
    got: dict[int, int] = {}

    def work(size: int) -> Callable[[device.Device], None]:
        def run(dev: device.Device) -> None:
            dev.load_engine(k)
            call = f"import benchdev\n{MARKER}\n_r = _f({size})\n{MARKER}\n"
            out = dev.exec(call + "print('r=%d' % ((_r or 0) & 0xffffffff))")
            got[size] = int(re.search(r"r=(\d+)", out)[1])

        return run

    a = traced(board, elf, work(n))
    b = traced(board, elf, work(n2))
    for m in (n, n2):
        if got[m] != host[m]:
            raise SystemExit(f"{kernel}({m}): the board's checksum {got[m]} is not the host's native {host[m]}")
    return diff(a, b), device.units(kernel, n2) - device.units(kernel, n)


def program_profile(board: Board, elf: Path, name: str) -> Counter[int]:
    """A program's run at the test size (eager: lowered at load), its output the native bytes."""
    p = P.select(name)[0]
    data = P.build_all([p])[p.name, "wasm"].read_bytes()
    out: dict[str, str] = {}

    start = "    _r = _w.start(_i)\n"
    if start not in programs_board.RUN:
        raise SystemExit("programs_board.RUN no longer calls _w.start(_i) on a line of its own: mend MARKER's place")
    run = programs_board.RUN.replace(start, f"    import benchdev\n    {MARKER}\n{start}    {MARKER}\n")

    def session(dev: device.Device) -> None:
        from raw_repl import send_bytes

        dev.exec(programs_board.FREE + programs_board.ALLOC.format(size=len(data)))
        send_bytes(dev.repl, data, programs_board.CHUNK, 30)
        dev.exec(programs_board.LOAD.format(lazy=False, budget=0, kw=""))
        out.update(programs_board.parse(dev.exec(run.format(argv=p.argv("test")))))

    per = traced(board, elf, session)
    if "out" not in out or ast.literal_eval(out["out"]) != P.run_native(p, "test"):
        raise SystemExit(f"{name}: the board's output is not the native build's ({sorted(out)})")
    return per


def diff(a: Counter[int], b: Counter[int]) -> Counter[int]:
    return Counter({k: b[k] - a[k] for k in set(a) | set(b) if b[k] != a[k]})


def report(by: Counter[str], ops: Counter[str], per_unit: float, what: str, top: int) -> str:
    """The handlers by instructions; an op's row also its dispatches (the executions of the
    block at its handler's address) and instructions per dispatch."""
    total = sum(by.values())
    lines = [
        f"{what}: {total / per_unit:,.1f} instructions{' per unit' if per_unit != 1 else ''}",
        "",
        "| handler or [function] | instructions | share | dispatches | per dispatch |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, n in by.most_common(top):
        runs = ops.get(name, 0)
        each = f"| {runs / per_unit:,.1f} | {n / runs:.2f} |" if runs > 0 else "| | |"
        lines.append(f"| {name} | {n / per_unit:,.1f} | {100 * n / total:.2f}% {each}")
    return "\n".join(lines) + "\n"


def dispatches(elf: Path, engine: Path, per: Counter[int]) -> Counter[str]:
    """Each op's executions: its handler's first instruction's (ops sharing a handler share it)."""
    return Counter({name: per.get(a, 0) for name, a in zip(op_names(engine), handler_addresses(elf), strict=True)})


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--board", default="mps2_an385")
    what = ap.add_mutually_exclusive_group(required=True)
    what.add_argument("--kernel", help="a bench kernel (bench/kernels/NAME.c)")
    what.add_argument("--program", help="a whole program (bench/programs.py), eager, the test size")
    ap.add_argument("--n", type=int, default=1, help="the kernel's first size (the second: 2n; fib n + 3)")
    ap.add_argument("--engine-at", metavar="REV", help="the engine (modwasm/) of this commit")
    what.add_argument(
        "--text", action="store_true", help="no run: mw_exec's bytes by handler as linked (what a row costs in text)"
    )
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--handlers", help="comma-separated: these rows alone, in this order (I32_ADD,I32_ADD_I32_ADD)")
    args = ap.parse_args(argv)
    board = load_board(args.board)
    elf = device.firmware(board, args.engine_at)
    tree = device.engine_tree(args.engine_at) if args.engine_at else device.ROOT
    exec_c = tree / "modwasm" / "engine" / "exec.c"
    rev = device.engine_rev(args.engine_at)
    if args.text:
        text = by_handler(elf, exec_c, exec_text(elf))
        names = args.handlers.split(",") if args.handlers else [n for n, _ in text.most_common(args.top)]
        print(f"mw_exec on {args.board}, engine {rev}: {sum(text.values()):,} B\n")
        print("| handler | bytes |\n|---|---:|")
        print("\n".join(f"| {n} | {text.get(n, 0):,} |" for n in names))
        return 0
    if args.kernel:
        per, units = kernel_profile(board, elf, args.kernel, args.n)
        title = f"{args.kernel} on {args.board}, engine {rev}, {units} units ({device.UNITS[args.kernel]})"
    else:
        per, units = program_profile(board, elf, args.program), 1
        title = f"{args.program} (test size, eager) on {args.board}, engine {rev}"
    ops = dispatches(elf, tree / "modwasm" / "engine", per)
    by = by_handler(elf, exec_c, per)
    if args.handlers:
        by = Counter({n: by.get(n, 0) for n in args.handlers.split(",")}) + Counter({"(others)": 0})
    print(report(by, ops, units, title, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
