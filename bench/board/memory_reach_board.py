#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""How large an instance's memory can be on a QEMU board, and how far it grows.

    python3 bench/board/memory_reach_board.py --board netduinoplus2 [--elf build/x/firmware.elf]
        [--starts 4096,16384,32768] [--grow-step 1024] [--step 256]

A module with one memory of 1-byte pages (its size in bytes is its page count)
and an export `grow` (memory.grow) is built on the board. Before every trial the
runtime's stacks are given back (`wasm.stack_size(*wasm.stack_size())`), so
each trial makes them as a first instantiation does. Prints the heap free after
`import wasm`, then:

- largest: the largest memory (bisected in --step bytes) with which
  `wasm.Instance` succeeds and then a first call (`grow(0)`, which needs the
  stacks) returns;
- for each --starts size S: the memory's size after growing from S by
  --grow-step bytes until memory.grow returns -1. A memory that grows in place
  reaches about the same size from every start; one that has to move (something
  allocated right after its block) needs its old and new blocks at once, so it
  stops short by about its start size.

docs/benchmarks.md "RAM (session 20)" compares the stacks made at
instantiation, before the memory (main), with the stacks made at the first
call. A benchmark, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests" / "hil"))
sys.path.insert(0, str(ROOT / "tests"))
from cases.lazy_cases import WASM_BYTES  # noqa: E402

DEVICE = (
    "import wasm, gc\n"
    + WASM_BYTES
    + r"""
# (memory P (pagesize 1)) (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
def GROWER(pages):
    return (b'\x00asm\x01\x00\x00\x00' + _sec(1, b'\x01\x60\x01\x7f\x01\x7f') + _sec(3, b'\x01\x00')
            + _sec(5, b'\x01\x08' + _leb(pages) + b'\x00') + _sec(7, b'\x01\x04grow\x00\x00')
            + _sec(10, b'\x01\x06\x00\x20\x00\x40\x00\x0b'))
def fresh():
    gc.collect()
    wasm.stack_size(*wasm.stack_size())
    gc.collect()
def fits(n):
    fresh()
    try:
        wasm.Instance(wasm.Module(GROWER(n), lazy=False)).exports.grow(0)
        return True
    except MemoryError:
        return False
def largest(step):
    lo, hi = 0, gc.mem_free() // step * step + step
    while hi - lo > step:
        mid = (lo + hi) // 2 // step * step
        if fits(mid):
            lo = mid
        else:
            hi = mid
    return lo
def reach(start, step):
    fresh()
    g = wasm.Instance(wasm.Module(GROWER(start), lazy=False)).exports.grow
    while g(step) != -1:
        pass
    return g(0)
fresh()
print('free=%d' % gc.mem_free())
"""
)


def main() -> None:
    import board_python

    board_python.ensure("bench/board/memory_reach_board.py")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--board", default="netduinoplus2")
    ap.add_argument("--elf", type=Path, default=None, help="default: build/<board>/firmware.elf")
    ap.add_argument("--starts", default="4096,16384,32768", help="start sizes in bytes, comma-separated")
    ap.add_argument("--grow-step", type=int, default=1024, help="bytes per memory.grow (default 1024)")
    ap.add_argument("--step", type=int, default=256, help="bisection step in bytes (default 256)")
    a = ap.parse_args()

    import run_qemu
    from boardcfg import load_board
    from raw_repl import RawRepl

    board = load_board(a.board)
    if board.qemu is None:
        raise SystemExit(f"{a.board}: no QEMU machine")
    elf = a.elf or ROOT / "build" / a.board / "firmware.elf"
    with run_qemu.serve(board, elf) as url:
        repl = RawRepl.open(url, baud=board.uart.baud, connect_timeout=15)
        repl.enter_raw(20)
        print(f"{a.board}: {repl.exec(DEVICE, 60).strip()}", flush=True)
        print(f"{a.board}: largest={repl.exec(f'print(largest({a.step}))', 600).strip()}", flush=True)
        for s in a.starts.split(","):
            got = repl.exec(f"print(reach({int(s)}, {a.grow_step}))", 600).strip()
            print(f"{a.board}: start={int(s)} reaches={got}", flush=True)


if __name__ == "__main__":
    main()
