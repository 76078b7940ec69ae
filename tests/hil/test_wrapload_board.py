# SPDX-License-Identifier: MIT
"""An i64.load32_u (i64.load8_u) into an i64 local holding -1, wrapped by
i32.wrap_i64 into the op a load fuses with, the local read back as an i64,
on the board (a 32-bit target: at 7d94faf LOAD32_U's fused rows wrote the
slot's low word alone, exec.c 19c1858): the cases of
tests/cases/wrapload_cases.py, the same bodies as tests/host/test_wrapload.py,
over the raw REPL. Where `import wasm` leaves less than CASE_HEAP
(conftest.py: wasm.mpy on netduinoplus2) a case may end in a clean
MemoryError instead.
Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from cases import wrapload_cases
from conftest import check_case
from support.host import script

if TYPE_CHECKING:
    from conftest import Repl

# each case starts and ends with no globals: the small boards' heaps need the room
pytestmark = pytest.mark.usefixtures("fresh_globals")


@pytest.mark.parametrize("name,code,expected", wrapload_cases.CASES, ids=[c[0] for c in wrapload_cases.CASES])
def test_case(repl: Repl, name: str, code: str, expected: list) -> None:
    check_case(repl, script(code, wrapload_cases.PROGRAMS), expected, timeout=60)
