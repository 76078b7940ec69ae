# SPDX-License-Identifier: MIT
"""How engine failures reach Python on the host port: the cases of
tests/support/error_cases.py (the same bodies run on every QEMU board)."""

from __future__ import annotations

import pytest

from support.error_cases import CASES, FRAME_LIMIT_CODE, FRAME_LIMIT_EXPECTED, PROGRAMS
from support.host import MICROPYTHON, run

pytestmark = [
    pytest.mark.skipif(not MICROPYTHON.exists(), reason=f"{MICROPYTHON} not built (make host)"),
    pytest.mark.usefixtures("wasm_source"),  # built-in and natmod (conftest.py)
]


@pytest.mark.parametrize("name,code,expected", CASES, ids=[c[0] for c in CASES])
def test_case(name: str, code: str, expected: list) -> None:
    assert run(code, PROGRAMS) == expected


def test_frame_over_the_format_slot_limit_is_a_compile_error() -> None:
    assert run(FRAME_LIMIT_CODE, PROGRAMS) == FRAME_LIMIT_EXPECTED
