# SPDX-License-Identifier: MIT
"""Windows, the address map of an instance (docs/windows.md), on the host port:
the cases of tests/support/window_cases.py (the same bodies run on every QEMU
board), plus a window over a host region given with -X region=."""

from __future__ import annotations

import pytest

from support.host import MICROPYTHON, run
from support.window_cases import CASES, PRELUDE, PROGRAMS

pytestmark = pytest.mark.skipif(not MICROPYTHON.exists(), reason=f"{MICROPYTHON} not built (make host)")


@pytest.mark.parametrize("name,code,expected", CASES, ids=[c[0] for c in CASES])
def test_case(name: str, code: str, expected: list) -> None:
    assert run(PRELUDE + code, PROGRAMS) == expected
