# SPDX-License-Identifier: MIT
"""A callee's locals read before written are 0 over dirtied stack slots, spans of
4, 8 and 12 slots: the cases of tests/cases/zero_cases.py (also run on the boards,
whose zeroing loop is their own, by tests/hil/test_zero_locals_board.py),
built-in and wasm.mpy."""

from __future__ import annotations

import pytest

from cases import zero_cases
from support import host

pytestmark = pytest.mark.usefixtures("wasm_source")


@pytest.mark.parametrize("name,code,expected", zero_cases.CASES, ids=[c[0] for c in zero_cases.CASES])
def test_case(name: str, code: str, expected: list) -> None:
    assert host.run(code, zero_cases.PROGRAMS) == expected
