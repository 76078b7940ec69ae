# SPDX-License-Identifier: MIT
"""Loads and stores at the end of linear memory on a 32-bit board, where the
engine's fast bounds test is a 32-bit add whose carry is the overflow
(mw_ea_fast) and the last 7 bytes go to the slow path: every width at each of
the last 16 addresses gives the bytes there or traps exactly past the end, a
store past the end writes nothing, and an address plus offset at or past 2^32
traps instead of wrapping to the bottom of memory, stores of constants
(STORE32_K) too (tests/programs/engine_edges.wat,
the same module as the engine's unit test, with memory_limit=4096 so that
the smallest board's heap holds it: its memory then ends at 4096).
Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from conftest import exec_or_memory_error
from support.build import build
from support.host import FORGET_GLOBALS

if TYPE_CHECKING:
    from conftest import Repl

END = 4096
WIDTHS = {"ld8": 1, "ld16": 2, "ld32": 4, "ld64_lo": 8}


def expected_loads() -> list[object]:
    """Byte END - 16 + i holds 0x10 + i; a load at END - 16 + i of w bytes."""
    out: list[object] = []
    for w in WIDTHS.values():
        for i in range(17):
            out.append("trap" if i + w > 16 else sum((0x10 + i + k) << (8 * k) for k in range(min(w, 4))))
    return out


def test_every_width_at_the_end_of_memory(repl: Repl):
    out = exec_or_memory_error(  # below conftest.CASE_HEAP (wasm.mpy on netduinoplus2): or a clean MemoryError
        repl,
        FORGET_GLOBALS + "import wasm\n"
        f"e = wasm.Instance(wasm.Module({build('engine_edges')!r}), memory_limit={END}).exports\n"
        "def t(f, *a):\n"
        "    try:\n"
        "        return f(*a)\n"
        "    except wasm.Trap as x:\n"
        "        return 'trap' if x.kind == 'out of bounds memory access' else str(x)\n"
        f"for i in range(16):\n    e.st8({END} - 16 + i, 0x10 + i)\n"
        f"print([t(getattr(e, n), {END} - 16 + i) for n in {tuple(WIDTHS)!r} for i in range(17)])\n"
        # a store one past the last fitting address writes nothing; at the last one it does
        f"print([t(e.st32, {END} - 3, 0x5a5a5a5a), t(e.ld8, {END} - 3), t(e.st32, {END} - 4, 0x01020304),"
        f" t(e.ld32, {END} - 4), t(e.st64, {END} - 7, 1), t(e.ld8, {END} - 1)])\n"
        # offset 8: the effective address END - 4 is in; 2^32 - 8 + 8 and 2^32 - 4 + 8 are not
        f"print([t(e.ld32_off8, {END} - 12), t(e.ld32_off8, {END} - 11), t(e.ld32_off8, 0xfffffff8),"
        " t(e.ld32_off8, 0xfffffffc), t(e.st32_off8, 0xfffffff8, 7), t(e.ld8_offmax, 1), t(e.ld8_offmax, 0),"
        " t(e.ld32, 0), t(e.ld32, 4)])\n"
        # a store of a constant (STORE32_K, offset 4): at the end, one past it, past 2^32
        f"print([t(e.stk32, {END} - 8), t(e.ld32, {END} - 4), t(e.stk32, {END} - 7), t(e.stk32, 0xfffffffc),"
        " t(e.ld32, 0)])\n"
        "del e\n",
    )
    if out is None:
        return
    lines = out.splitlines()
    assert lines[0] == repr(expected_loads())
    assert lines[1] == repr(["trap", 0x10 + 13, None, 0x01020304, "trap", 0x01])
    assert lines[2] == repr([0x01020304, "trap", "trap", "trap", "trap", "trap", "trap", 0, 0])
    assert lines[3] == repr([None, 0xC0FFEE11 - 2**32, "trap", "trap", 0])
