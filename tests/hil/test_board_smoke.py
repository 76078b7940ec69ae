# SPDX-License-Identifier: MIT
"""A board's smoke test: it boots to a REPL that answers with the board's own facts, runs a
wasm program, and turns an access to its no-access region into board.MemoryFault with the
REPL alive after it. The one file `make test` runs on a board whose Qemu says ci="smoke"
(boardcfg/schema.py; tests/hil/conftest.py SMOKE_ONLY): a board added for its memory map costs
CI a boot and three exchanges; `--board NAME` runs the whole suite on it.

Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from support.build import build

if TYPE_CHECKING:
    from conftest import Repl


def test_boots_to_a_repl_that_knows_its_board(repl: Repl):
    b = repl.board
    out = repl.exec("import board, gc\nprint(board.NAME, board.CPU, board.PROFILE, hex(board.RAM_BASE), 6 * 7)")
    assert out.split() == [b.name, b.cpu.core, b.profile, hex(b.ram.base), "42"]


def test_a_wasm_program_runs(repl: Repl):
    # arith: a few hundred bytes, no memory: it fits the smallest heap of any board
    out = repl.exec(
        "import wasm\n"
        f"a = wasm.Instance(wasm.Module({build('arith')!r})).exports\n"
        "print(a.add_i32(2, 3), a.add_i32(0x7fffffff, 1), a.fac(20), a.swap(7, -8))\n"
        "del a"
    )
    assert out.strip() == f"5 {-(2**31)} 2432902008176640000 (-8, 7)"


def test_a_read_of_the_guard_region_is_a_memory_fault(repl: Repl):
    guard = next((r for r in repl.board.regions if r.access == "none"), None)
    assert guard is not None, f"board {repl.board.name} declares no 'none' region to fault on"
    out = repl.exec(
        "import board, machine\n"
        "try:\n"
        f"    machine.mem32[{guard.base}]\n"
        "    print(None)\n"
        "except board.MemoryFault as e:\n"
        "    print(repr((str(e), e.access, e.region, e.address)))"
    )
    want = f"read at 0x{guard.base:08x} in region '{guard.name}' (none)"
    assert ast.literal_eval(out.strip()) == (want, "read", guard.name, guard.base)
    assert repl.exec("print('alive')") == "alive\n"
