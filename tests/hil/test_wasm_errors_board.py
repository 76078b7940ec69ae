# SPDX-License-Identifier: MIT
"""How engine failures reach Python on the board: the cases of
tests/support/error_cases.py, the same bodies as tests/host/test_wasm_errors.py,
over the raw REPL; and what only a 32-bit board shows: a memory of 4 GiB is
beyond what the engine can address there, a ValueError, not a MemoryError.
Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from support.error_cases import CASES, PROGRAMS
from support.host import script

if TYPE_CHECKING:
    from conftest import Repl

CLEAN = "for _k in [k for k in globals() if not k.startswith('__')]:\n    del globals()[_k]\nimport gc\ngc.collect()\n"


@pytest.fixture(autouse=True)
def clean(repl: Repl) -> Iterator[None]:
    """Each case starts and ends with no globals: the small boards' heaps need the room."""
    repl.exec(CLEAN)
    yield
    repl.exec(CLEAN)


def values(out: str) -> list:
    return [ast.literal_eval(ln[2:]) for ln in out.splitlines() if ln.startswith("= ")]


@pytest.mark.parametrize("name,code,expected", CASES, ids=[c[0] for c in CASES])
def test_case(repl: Repl, name: str, code: str, expected: list) -> None:
    assert values(repl.exec(script(code, PROGRAMS), timeout=60)) == expected


def test_memory_beyond_the_address_space_is_a_value_error(repl: Repl) -> None:
    out = repl.exec(script("p(exc(wasm.Memory, 65536))\np(len(wasm.Memory(1, page_size=1)))"), timeout=30)
    assert values(out) == [("ValueError", "memory too large"), 1]
