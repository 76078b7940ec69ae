# SPDX-License-Identifier: MIT
"""Shared-heap costs on the host port (docs/shared-heap.md), printed as a table:

1. Passing N bytes from Python to wasm (64 B .. 1 MiB): copying them into
   linear memory then calling, vs the bytes already being a heap (a
   bytearray-backed SharedHeap) and passing the app address. The wasm side
   reads the first and last byte only, so the time is the passing itself.
2. Byte loads in a wasm loop over 64 KiB: linear memory, linear memory with a
   heap attached, and a heap address (every access through the slow path).
Run: .venv/bin/python bench/sheap/bench_sheap.py  (after `make host`)
     .venv/bin/python bench/sheap/bench_sheap.py --board mps2_an385   (QEMU, after `make firmware`)
On a board N goes up to what fits its heap (BOARD_SIZES) and the access
loop covers 16 KiB; QEMU's timing follows the host's clock, so board figures
show the shape (flat or growing with N), not Cortex-M speed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "tests" / "hil"))
sys.path.insert(0, str(REPO / "scripts"))
from support.build import build  # noqa: E402
from support.host import PRELUDE, run  # noqa: E402

HOST_SIZES = (64, 1024, 16384, 65536, 262144, 1048576)
# mps2 boards have 2-4 MiB of RAM: the copy path needs the data twice.
BOARD_SIZES = (64, 1024, 16384, 65536, 262144)

CODE = """
import gc, time
M = wasm.Module(SHEAP)
def best(f, reps):
    b = None
    for r in range(5):
        t = time.ticks_us()
        for i in range(reps):
            f()
        d = time.ticks_diff(time.ticks_us(), t) / reps
        b = d if b is None or d < b else b
    return b
# 1. pass-through
for n in SIZES:
    data = bytearray(b'\\x01' * n)
    pages = (n + 65535) // 65536
    ic = wasm.Instance(M)
    ic.exports.grow(pages)
    mem = memoryview(ic.exports.memory)
    touch_c = ic.exports.touch
    def copy_path():
        mem[0:n] = data
        touch_c(0, n)
    copy_path()
    h = wasm.SharedHeap(buffer=data)
    ih = wasm.Instance(M, shared_heap=h)
    touch_h = ih.exports.touch
    a = h.start
    def heap_path():
        touch_h(a, n)
    reps = max(REPS_MIN, REPS // max(n // 64, 1))
    p(('pass', n, best(copy_path, reps), best(heap_path, reps)))
    ih.detach()
    ih = None
    ic = None
    gc.collect()
# 2. access cost: N bytes of byte loads per call
N = LOOP_BYTES
h = wasm.SharedHeap(buffer=bytearray(N))
plain = wasm.Instance(M).exports
att = wasm.Instance(M, shared_heap=h).exports
runs = ((plain.sum, 0), (att.sum, 0), (att.sum, h.start))
mins = [None] * 3
# interleaved, minimum of many single calls: the least disturbed by other load
for r in range(LOOP_RUNS):
    for j in range(3):
        f, a = runs[j]
        t = time.ticks_us()
        f(a, N)
        d = time.ticks_diff(time.ticks_us(), t)
        mins[j] = d if mins[j] is None or d < mins[j] else mins[j]
p(('loads', mins[0], mins[1], mins[2]))
"""


def params(board: bool) -> str:
    if board:
        return f"SIZES = {BOARD_SIZES}\nREPS, REPS_MIN, LOOP_BYTES, LOOP_RUNS = 2000, 5, 16384, 10\n"
    return f"SIZES = {HOST_SIZES}\nREPS, REPS_MIN, LOOP_BYTES, LOOP_RUNS = 200000, 20, 65536, 60\n"


def run_on_board(name: str) -> list:
    """CODE on a QEMU board over the raw REPL; QEMU is always stopped."""
    import ast

    import run_qemu
    from boardcfg import load_board
    from raw_repl import RawRepl

    board = load_board(name)
    if board.qemu is None:
        raise SystemExit(f"--board {name}: not a QEMU board")
    with run_qemu.serve(board) as url:
        repl = RawRepl.open(url, baud=board.uart.baud, connect_timeout=15)
        repl.enter_raw(20)
        code = PRELUDE + f"SHEAP = {build('sheap')!r}\n" + params(True) + CODE
        text = repl.exec(code, 600).replace("\r\n", "\n")
        repl.close()
    return [ast.literal_eval(ln[2:]) for ln in text.splitlines() if ln.startswith("= ")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--board", help="run on this QEMU board instead of the host port")
    args = parser.parse_args()
    out = run_on_board(args.board) if args.board else run(params(False) + CODE, ("sheap",), timeout=600)
    where = args.board or "host"
    print(f"{'N bytes':>9} {'copy into linear us':>20} {'via heap us':>12}   ({where})")
    for row in out:
        if row[0] == "pass":
            _, n, c, h = row
            print(f"{n:>9} {c:>20.2f} {h:>12.2f}")
    for row in out:
        if row[0] == "loads":
            _, lin, att, heap = row
            print(
                f"byte loads: linear {lin:.0f} us, linear with heap attached {att:.0f} us "
                f"({(att / lin - 1) * 100:+.1f}%), heap {heap:.0f} us ({(heap / lin - 1) * 100:+.1f}%)"
            )


if __name__ == "__main__":
    main()
