# SPDX-License-Identifier: MIT
"""What `wasm` keeps of a board's heap once a script has let go of every wasm
object and collected: the cases of tests/cases/release_cases.py, the same
bodies as tests/host/test_wasm_release.py, over the raw REPL. With the built-in
module the heap comes back whole (the runtime is static storage, the stacks
are given back by the collection that finds no instance left) and the largest
block free before the first call fits again, mid-script, with no soft reset;
with wasm.mpy the stacks stay until wasm.stack_size() frees them. Where `import
wasm` leaves less than CASE_HEAP (conftest.py: wasm.mpy on netduinoplus2) a
case may end in a clean MemoryError instead.
Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from cases import release_cases
from conftest import exec_or_memory_error
from support.host import printed_values, script

if TYPE_CHECKING:
    from conftest import Repl

# each case starts and ends with no globals: the small boards' heaps need the room
pytestmark = pytest.mark.usefixtures("fresh_globals")


@pytest.mark.parametrize("name,code,expected", release_cases.CASES, ids=[c[0] for c in release_cases.CASES])
def test_case(repl: Repl, name: str, code: str, expected: list, wasm_source: str) -> None:
    out = exec_or_memory_error(repl, script(code, release_cases.PROGRAMS[name]))
    if out is not None:
        release_cases.check(printed_values(out), expected, wasm_source == "natmod")
