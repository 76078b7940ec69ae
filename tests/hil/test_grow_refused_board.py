# SPDX-License-Identifier: MIT
"""A memory.grow the heap refused, on the board: the cases of
tests/cases/grow_cases.py, the same bodies as tests/host/test_grow_refused.py,
over the raw REPL. `wasm.Memory.grows_refused` counts the grows the board's
heap could not give, not those the memory's type refuses;
`Instance(grow_raises=True)` turns them into a MemoryError that names the
memory, the pages and the heap free (the full profile; a "small"-profile
`wasm`, lm3s6965evb or ARM wasm.mpy, refuses the keyword: the count alone).
Where `import wasm` leaves less than CASE_HEAP (conftest.py: wasm.mpy on
netduinoplus2) a case may end in a clean MemoryError instead.
Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from cases import grow_cases
from conftest import exec_or_memory_error
from support import images
from support.host import printed_values, script

if TYPE_CHECKING:
    from conftest import Repl

# each case starts and ends with no globals: the small boards' heaps need the room
pytestmark = pytest.mark.usefixtures("fresh_globals")


@pytest.mark.parametrize("name,code,expected", grow_cases.CASES, ids=[c[0] for c in grow_cases.CASES])
def test_case(repl: Repl, name: str, code: str, expected: list, wasm_source: str) -> None:
    small = images.board_target(repl.board.profile, wasm_source) == "cortex-m-small"
    out = exec_or_memory_error(repl, script(code, grow_cases.PROGRAMS))
    if out is not None:
        grow_cases.check(name, printed_values(out), expected, small)
