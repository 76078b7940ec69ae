# SPDX-License-Identifier: MIT
"""What `wasm` keeps of the heap once a script has let go of every wasm object
and collected: the cases of tests/cases/release_cases.py (also run on the
boards by tests/hil/test_wasm_release_board.py), on a 1 MiB heap so that the
host's default stacks (~192 KiB) are a fifth of it. With the built-in module
nothing stays (the runtime is static, the stacks go when the collector finds
no instance and no call); with wasm.mpy the stacks stay until stack_size()."""

from __future__ import annotations

import pytest

from cases import release_cases
from support import host

pytestmark = pytest.mark.usefixtures("wasm_source")

HEAP = "1m"


@pytest.mark.parametrize("name,code,expected", release_cases.CASES, ids=[c[0] for c in release_cases.CASES])
def test_case(name: str, code: str, expected: list, wasm_source: str) -> None:
    values = host.run(code, release_cases.PROGRAMS[name], timeout=60, heap=HEAP)
    release_cases.check(values, expected, wasm_source == "natmod")
