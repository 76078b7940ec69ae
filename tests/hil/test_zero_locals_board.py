# SPDX-License-Identifier: MIT
"""A callee's locals read before written are 0 over dirtied stack slots, on the
board, whose zeroing loop is its own (exec.c ZERO_LOCALS: four slots a pass on
Thumb-2's full profile since session 43): the cases of tests/cases/zero_cases.py,
the same bodies as tests/host/test_zero_locals.py, over the raw REPL. Where
`import wasm` leaves less than CASE_HEAP (conftest.py: wasm.mpy on
netduinoplus2) a case may end in a clean MemoryError instead.
Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from cases import zero_cases
from conftest import check_case
from support.host import script

if TYPE_CHECKING:
    from conftest import Repl

# each case starts and ends with no globals: the small boards' heaps need the room
pytestmark = pytest.mark.usefixtures("fresh_globals")


@pytest.mark.parametrize("name,code,expected", zero_cases.CASES, ids=[c[0] for c in zero_cases.CASES])
def test_case(repl: Repl, name: str, code: str, expected: list) -> None:
    check_case(repl, script(code, zero_cases.PROGRAMS), expected, timeout=60)
