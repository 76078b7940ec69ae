# SPDX-License-Identifier: MIT
"""An i64.load32_u (i64.load8_u) into an i64 local holding -1, wrapped by
i32.wrap_i64 into the op a load fuses with, the local read back as an i64:
the cases of tests/cases/wrapload_cases.py (also run on the boards, where
the bug was, by tests/hil/test_wrapload_board.py), built-in and wasm.mpy."""

from __future__ import annotations

import pytest

from cases import wrapload_cases
from support import host

pytestmark = pytest.mark.usefixtures("wasm_source")


@pytest.mark.parametrize("name,code,expected", wrapload_cases.CASES, ids=[c[0] for c in wrapload_cases.CASES])
def test_case(name: str, code: str, expected: list) -> None:
    assert host.run(code, wrapload_cases.PROGRAMS) == expected
