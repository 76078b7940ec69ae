#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The whole programs (bench/programs.py) on a QEMU board: do they fit, and what do they cost?

    python3 bench/board/programs_board.py --board mps2_an385 [--board netduinoplus2] [--programs zlib,lua]
    (or: python3 bench/run.py --programs-board mps2_an385)

For each program: its .wasm is sent over the raw REPL into a bytearray, then
`m = wasm.Module(b, lazy=False)` (--mode eager: every function lowered at
load) or `m = wasm.Module(bytes(b))` (--mode lazy: the bytes borrowed, each
function lowered on its first call) gives `m.ram` (the engine's RAM for the
module on this 32-bit core) and the heap it took, and again after the run
(lazy: it grew by the functions that ran); the program runs at its "test" size
with `wasm.WASI(args=..., stdout=sink)` (the exact bytes, not the REPL's line
endings), its output compared with the native build's, and its time in
ticks_ms. What does not fit stops at a clean MemoryError, which the table
names (binary, module or instance/run); load ms is wasm.Module's time, run ms
the first run's (lazy: it includes lowering what runs). --budget R: lazy with
`code_budget=` keeping Module.ram within R times the binary (the RAM after the
load, with the budget's table of blocks, subtracted), lowerings counted; --mode default: lazy with the default
budget a lazy module gets without code_budget= (docs/wasm.md; budget 1.0 but for its 4 KiB floor), where
--mode lazy passes code_budget=None. --icount: QEMU with `-icount shift=0`, so the board's clock
counts instructions and the run's time (ticks_us) is its guest instructions, lowering and
relowering included (deterministic: what a code budget's relowering costs on the core; the
wall clock under QEMU is not), each program on a board booted afresh (in one session a run's
count took in the heap the runs before it left: a memory.grow's cost is the heap's).
--stack-size SLOTS: wasm.stack_size(SLOTS) first, for a program whose recursion needs more
value stack than the board's default. --engine-at REV: the board's
bench firmware (bench/device.py's, build/bench/engine-<sha>/) with the engine of that commit, so
what an engine change did to a program's count is two runs (REV and the commit before it; the
bench firmware's counts are not the board firmware's: under the default budget cjson's run is
66.8 M instructions there against 56.4 M on the board's own at e58fa3a, so compare two of its).
--elf PATH: that firmware image instead of build/<board>/firmware.elf (a saved copy: a long run
measures it while the board's firmware is rebuilt).
--native (implies --icount): each program also built natively for the board's CPU and run there
(bench/board/native_board.py: arm-none-eabi-gcc -O2, newlib, the same sources and defines as the host's
native build), and a second table per mode sets ours beside it: instructions, ours/native, both
outputs against the host's native bytes, and the geometric mean over the programs where both ran
with those bytes.
Prints a Markdown table. A benchmark, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import programs as P

ROOT = P.ROOT
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests" / "hil"))
import native_board  # noqa: E402

CHUNK = 4096  # binary bytes per raw-REPL exec (a ~16 KiB source line to compile)
SMALL_CHUNK = 1024  # on boards with less than SMALL_HEAP free
SMALL_HEAP = 256 * 1024

FREE = (
    "for _k in [k for k in globals() if not k.startswith('__')]:\n"
    "    del globals()[_k]\n"
    "import gc, wasm, time\n"
    "gc.collect()\n"
)

ALLOC = """
gc.collect()
F0 = gc.mem_free()
try:
    _b = bytearray({size})
    _v = memoryview(_b)
    print('alloc=ok')
except MemoryError:
    print('alloc=MemoryError')
"""

LOAD = """
del _v
gc.collect()
F1 = gc.mem_free()
try:
    if {lazy}:
        _b = bytes(_b)        # a second copy of the binary while it is made
        gc.collect()
        F1 = gc.mem_free()
    _t = time.ticks_ms()
    M = wasm.Module(_b, lazy={lazy}{kw})
    if {budget}:
        # the code budget that keeps Module.ram within {budget} times the
        # binary (a first budget makes the module's table of blocks)
        M.code_budget = 1
        M.code_budget = max(1, int({budget} * len(_b)) - M.ram)
    print('load_ms=%d' % time.ticks_diff(time.ticks_ms(), _t))
    gc.collect()
    print('ram=%d' % M.ram)
    print('module_heap=%d' % (F1 - gc.mem_free()))
except MemoryError:
    print('load=MemoryError')
"""

RUN = """
class _Sink:
    def __init__(self):
        self.parts = []
    def write(self, b):
        self.parts.append(b)
del _b
gc.collect()
_s = _Sink()
try:
    _w = wasm.WASI(args={argv!r}, stdout=_s)
    _i = wasm.Instance(M, wasi=_w)
    _t, _u = time.ticks_ms(), time.ticks_us()
    _r = _w.start(_i)
    _u = time.ticks_diff(time.ticks_us(), _u)
    print('ms=%d' % time.ticks_diff(time.ticks_ms(), _t))
    print('us=%d' % _u)
    print('free_after=%d' % gc.mem_free())
    print('ram_after=%d' % M.ram)
    print('lowered=%d/%d' % M.lowered)
    if hasattr(M, 'lowerings'):
        print('lowerings=%d' % M.lowerings)
    if hasattr(_i.exports, 'memory'):
        print('refused=%d' % _i.exports.memory.grows_refused[0])
    print('out=%r' % b''.join(_s.parts))
except MemoryError:
    print('run=MemoryError')
except Exception as e:
    print('run=%s: %s' % (type(e).__name__, e))
"""


@dataclass
class BoardRow:
    prog: P.Program
    size: int
    fields: dict[str, str]
    same: bool | None  # output equals native's (None: did not run)


def parse(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.replace("\r\n", "\n").splitlines() if "=" in line)


def measure(
    board_name: str,
    progs: list[P.Program],
    mode: str = "eager",
    budget: float = 0,
    icount: bool = False,
    stack: int = 0,
    elf: Path | None = None,
) -> tuple[list[BoardRow], int]:
    lazy = mode != "eager"
    # "lazy": no budget, every function that ran is kept (code_budget=None where
    # the firmware has it: not on "small"-profile boards, which have no budget);
    # "default": what wasm.Module(bytes) gives, the default budget
    kw = ", **({'code_budget': None} if hasattr(wasm.Module, 'unlower') else {})" if mode == "lazy" else ""
    import run_qemu
    from boardcfg import load_board
    from raw_repl import DeviceError, RawRepl, send_bytes

    built = P.build_all(progs)
    board = load_board(board_name)
    if board.qemu is None:
        raise SystemExit(f"{board_name}: no QEMU machine")

    @contextmanager
    def session() -> Iterator[tuple[RawRepl, int]]:
        """A board booted afresh: its raw REPL, and the heap free after the stack size is set."""
        with run_qemu.serve(board, elf, icount=0 if icount else None) as url:
            repl = RawRepl.open(url, baud=board.uart.baud, connect_timeout=15)
            repl.enter_raw(20)
            if stack:  # the value stack's slots for every run after (wasm.stack_size; the frames as they are)
                repl.exec(FREE + f"wasm.stack_size({stack})", 30)
            yield repl, int(parse(repl.exec(FREE + "print('free=%d' % gc.mem_free())", 30))["free"])
            repl.exec(FREE, 30)
            repl.close()

    def one(repl: RawRepl, chunk: int, p: P.Program) -> BoardRow:
        data = built[p.name, "wasm"].read_bytes()
        f = parse(repl.exec(FREE + ALLOC.format(size=len(data)), 30))
        if f.get("alloc") == "ok":
            try:
                send_bytes(repl, data, chunk, 30)
            except DeviceError as e:
                if "MemoryError" not in str(e):
                    raise
                f["alloc"] = "MemoryError"  # the binary fits, but not the code that sends it
        if f.get("alloc") == "ok":
            f.update(parse(repl.exec(LOAD.format(lazy=lazy, budget=budget, kw=kw), 300)))
            if "ram" in f:
                f.update(parse(repl.exec(RUN.format(argv=p.argv("test")), 900)))
        same = None
        if "out" in f:
            same = ast.literal_eval(f["out"]) == P.run_native(p, "test")
        # (under -icount the run's instructions too, as each program ends: a long run's counts so far)
        run = f"{f.get('ms', '-'):>6} ms" + (f"  {f.get('us', '-')} us" if icount else "")
        P.log(f"  {board_name} {p.name:8} {f.get('ram', '-'):>8} {run}  same={same}")
        return BoardRow(p, len(data), f, same)

    rows = []
    heap = 0
    if icount:
        # a board booted afresh for each program: what a run costs then depends on the program and
        # the engine alone (in one session a run's count moved with what ran before it: LZO's
        # 38.54 M after one order, 40.0 M after another, the heap's state the runs left behind)
        for p in progs:
            with session() as (repl, heap):
                rows.append(one(repl, CHUNK if heap >= SMALL_HEAP else SMALL_CHUNK, p))
    else:
        with session() as (repl, heap):
            for p in progs:
                rows.append(one(repl, CHUNK if heap >= SMALL_HEAP else SMALL_CHUNK, p))
    return rows, heap


def table(board_name: str, rows: list[BoardRow], heap: int, mode: str = "eager", icount: bool = False) -> str:
    # under -icount shift=0 one microsecond of the board's clock is 1,000 instructions
    run_head = "run, M instructions (-icount)" if icount else "run ms"
    lines = [
        f"| program on {board_name} ({mode}, heap {heap // 1024} KiB free) | .wasm bytes | Module.ram | ram/binary "
        "| run (test size) | Module.ram after run | after/binary | functions lowered (lowerings) | load ms "
        f"| {run_head} | output vs native |",
        "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        f = r.fields
        if f.get("alloc") == "MemoryError":
            what, ram = "binary does not fit (MemoryError)", "-"
        elif f.get("load") == "MemoryError":
            what, ram = "Module: MemoryError", "-"
        else:
            ram = f["ram"]
            what = "runs" if "ms" in f else f"instance/run: {f.get('run', '?')}"
        ratio = f"{int(ram) / r.size:.2f}x" if ram != "-" else "-"
        same = {True: "same bytes", False: "DIFFERS", None: "-"}[r.same]
        if r.same is False and int(f.get("refused", "0")) > 0:
            # the heap refused a memory.grow: what the program does with a null malloc, not ours
            same = f"differs: {f['refused']} memory.grow refused"
        after = f.get("ram_after", "-")
        after_ratio = f"{int(after) / r.size:.2f}x" if after != "-" else "-"
        run = f"{int(f['us']) / 1000:.3f}" if icount and "us" in f else f.get("ms", "-")  # (to 1,000: the clock's us)
        lines.append(
            f"| {r.prog.name} | {r.size} | {ram} | {ratio} | {what} | {after} | {after_ratio} | "
            f"{f.get('lowered', '-')} ({f.get('lowerings', '-')}) | {f.get('load_ms', '-')} | {run} "
            f"| {same} |"
        )
    return "\n".join(lines) + "\n"


def native_runs(board_name: str, progs: list[P.Program]) -> dict[str, native_board.NativeRun]:
    """Each program built natively for the board and run under QEMU -icount (bench/board/native_board.py)."""
    from boardcfg import load_board

    board = load_board(board_name)
    runs = {}
    for p in progs:
        runs[p.name] = n = native_board.measure(board, p)
        P.log(f"  {board_name} {p.name:8} native {n.instructions} instructions, status {n.status}")
    return runs


def _millions(count: int | None) -> str:
    return f"{count / 1e6:.2f}" if count is not None else "-"


def native_table(board_name: str, rows: list[BoardRow], natives: dict[str, native_board.NativeRun], mode: str) -> str:
    """Ours (the run's guest instructions, --icount) beside the same program built natively for the
    board (bench/board/native_board.py), both outputs checked against the host's native bytes; the
    geometric mean of ours/native over the programs where both gave those bytes."""
    lines = [
        f"| program on {board_name} ({mode}) | ours, M instructions | native, M instructions | ours/native "
        "| ours: output | native: output |",
        "|---|---:|---:|---:|---|---|",
    ]
    ratios = []
    for r in rows:
        n = natives[r.prog.name]
        native_same = native_board.check(n, r.prog)
        native_out = native_board.verdict(n, r.prog)
        # under -icount shift=0 a microsecond of the board's clock is 1,000 instructions
        ours = int(r.fields["us"]) * 1000 if "us" in r.fields else None
        ratio = "-"
        if ours is not None and n.instructions and r.same and native_same:
            ratios.append(ours / n.instructions)
            ratio = f"{ratios[-1]:.2f}x"
        ours_out = {True: "same bytes", False: "DIFFERS", None: "did not run"}[r.same]
        lines.append(
            f"| {r.prog.name} | {_millions(ours)} | {_millions(n.instructions)} | {ratio} | {ours_out} | {native_out} |"
        )
    lines.append(f"| **geometric mean** ({len(ratios)} programs) | | | **{native_board.geomean(ratios):.2f}x** | | |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    import board_python

    board_python.ensure("bench/board/programs_board.py")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--board", action="append", required=True)
    ap.add_argument("--programs", help="comma-separated subset")
    ap.add_argument(
        "--mode",
        choices=("eager", "lazy", "default", "both"),
        default="both",
        help="lowering at load, on first call (from bytes) with no code budget, the same with the"
        " default budget (wasm.Module(bytes) as it is), or eager and lazy, one table each (default)",
    )
    ap.add_argument(
        "--budget",
        type=float,
        default=0,
        help="lazy with a code budget keeping Module.ram within this many times the binary",
    )
    ap.add_argument(
        "--icount",
        action="store_true",
        help="QEMU -icount shift=0: the run column is the guest's instructions (millions), not ms",
    )
    ap.add_argument(
        "--stack-size",
        type=int,
        default=0,
        metavar="SLOTS",
        help="wasm.stack_size(SLOTS) before the runs (a program whose C recursion needs more than the"
        " board's default value stack: jimtcl)",
    )
    ap.add_argument(
        "--native",
        action="store_true",
        help="also each program built natively for the board's CPU and run there (bench/board/native_board.py):"
        " a second table of ours/native instructions (implies --icount)",
    )
    ap.add_argument(
        "--engine-at",
        metavar="REV",
        help="the bench firmware (bench/device.py's) with the engine (modwasm/) of this commit instead of"
        " the board's own firmware: what an engine change did to a program's count (compare with --engine-at HEAD)",
    )
    ap.add_argument(
        "--elf",
        type=Path,
        help="this firmware image instead of build/<board>/firmware.elf (a copy kept aside, so the"
        " board's firmware can be rebuilt while a long run measures the saved one)",
    )
    args = ap.parse_args(argv)
    args.icount = args.icount or args.native
    progs = P.select(args.programs or "")
    elf = args.elf
    if args.engine_at:
        import device
        from boardcfg import load_board

        if len(args.board) != 1:
            raise SystemExit("--engine-at: one --board")
        elf = device.firmware(load_board(args.board[0]), args.engine_at)
    ok = True
    modes = ("eager", "lazy") if args.mode == "both" else (args.mode,)
    if args.budget:
        modes = ("budget",)
    for b in args.board:
        natives: dict[str, native_board.NativeRun] = {}
        for mode in modes:
            rows, heap = measure(b, progs, mode, args.budget, args.icount, args.stack_size, elf)
            what = f"code budget {args.budget}x" if args.budget else mode
            print(table(b, rows, heap, what, args.icount), flush=True)
            if args.native:
                natives = natives or native_runs(b, progs)
                print(native_table(b, rows, natives, what), flush=True)
            ok = ok and all(r.same is not False for r in rows)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
