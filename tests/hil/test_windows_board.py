# SPDX-License-Identifier: MIT
"""Windows, the address map of an instance (docs/windows.md), on the board:
the same case bodies as tests/host/test_windows.py (tests/cases/window_cases.py)
over the raw REPL, then the board's regions in windows: 'shared' read-write
(wasm's writes seen through board.regions), 'rodata' read-only, 'guard' refused.
Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from cases.window_cases import CASES, PRELUDE, PROGRAMS
from conftest import check_case, exec_or_memory_error
from support.host import printed_values, script

if TYPE_CHECKING:
    from conftest import Repl

# each case starts and ends with no globals: the small boards' heaps need the room
pytestmark = pytest.mark.usefixtures("fresh_globals")


@pytest.mark.parametrize("name,code,expected", CASES, ids=[c[0] for c in CASES])
def test_case(repl: Repl, name: str, code: str, expected: list) -> None:
    # below conftest.CASE_HEAP (wasm.mpy on netduinoplus2): or a clean MemoryError
    check_case(repl, script(PRELUDE + code, PROGRAMS), expected, timeout=60)


def test_regions_in_windows(repl: Repl, wasm_source: str) -> None:
    if wasm_source == "natmod":
        # wasm.mpy: board regions stay with the firmware (docs/natmod.md)
        out = exec_or_memory_error(repl, script(PRELUDE + "p(exc(inst().map, 'shared', 0x40000000))", PROGRAMS))
        if out is not None:
            assert printed_values(out) == [("ValueError", "unknown region 'shared'")]
        return
    out = repl.exec(
        script(
            PRELUDE
            + """
import board
i = inst()
e = i.exports
s = i.map('shared', 0x40000000)
e.st32(s + 4, 0x5a5aa5a5)
v = board.regions['shared'].view()
p(bytes(v[4:8]), u(e.ld32(s + 4)))
r = i.map('rodata', 0x40100000, readonly=True)
p(e.ld8(r) == board.regions['rodata'].view()[0], exc(e.st8, r, 1))
p(exc(i.map, 'rodata', 0x40200000), exc(i.map, 'guard', 0x40300000))
i.unmap('shared')
p(exc(e.ld8, s), [hex(w[0]) for w in i.windows])
""",
            PROGRAMS,
        ),
        timeout=60,
    )
    assert printed_values(out) == [
        (b"\xa5\xa5ZZ", 0x5A5AA5A5),
        (True, ("Trap", "out of bounds memory access")),
        (
            ("ValueError", "object is read-only: map it with readonly=True"),
            ("ValueError", "region 'guard' has no access to map"),
        ),
        (("Trap", "out of bounds memory access"), ["0x40100000"]),
    ]
