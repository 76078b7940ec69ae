# SPDX-License-Identifier: MIT
"""How engine failures reach Python on the board: the cases of
tests/cases/error_cases.py, the same bodies as tests/host/test_wasm_errors.py,
over the raw REPL; and what only a 32-bit board shows: a memory of 4 GiB is
beyond what the engine can address there, a ValueError, not a MemoryError.
Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from cases.error_cases import (
    CASES,
    FRAME_LIMIT_CODE,
    FRAME_LIMIT_EXPECTED,
    FRAME_LIMIT_HEAP,
    FRAME_LIMIT_NOMEM,
    PROGRAMS,
)
from conftest import check_case, exec_or_memory_error
from support.host import printed_values, script

if TYPE_CHECKING:
    from conftest import Repl

# each case starts and ends with no globals: the small boards' heaps need the room
pytestmark = pytest.mark.usefixtures("fresh_globals")


@pytest.mark.parametrize("name,code,expected", CASES, ids=[c[0] for c in CASES])
def test_case(repl: Repl, name: str, code: str, expected: list) -> None:
    # below conftest.CASE_HEAP (wasm.mpy on netduinoplus2): or a clean MemoryError
    check_case(repl, script(code, PROGRAMS), expected, timeout=60)


def test_memory_beyond_the_address_space_is_a_value_error(repl: Repl) -> None:
    out = repl.exec(script("p(exc(wasm.Memory, 65536))\np(len(wasm.Memory(1, page_size=1)))"), timeout=30)
    assert printed_values(out) == [("ValueError", "memory too large"), 1]


def test_frame_over_the_format_slot_limit(repl: Repl) -> None:
    # a board with the heap to validate it gives the host's CompileErrors;
    # a smaller one the clean MemoryError, and its REPL lives on
    code = "import gc\ngc.collect()\np(gc.mem_free())\n" + FRAME_LIMIT_CODE + "p(1 + 2)\n"
    out = exec_or_memory_error(repl, script(code), timeout=60)  # below CASE_HEAP not even the module is made
    if out is None:
        return
    free, *got, alive = printed_values(out)
    if free >= FRAME_LIMIT_HEAP:
        assert got == FRAME_LIMIT_EXPECTED
    else:
        # where the load stood and what it asked for (bare before session 39)
        assert [g[0] for g in got] == ["MemoryError"] * 2, got
        assert all(re.fullmatch(FRAME_LIMIT_NOMEM, g[1]) for g in got), got
    assert alive == 3
