# SPDX-License-Identifier: MIT
"""Shared heaps, chains and memories over board regions on the board: the same
case bodies as tests/host/test_sheap.py (tests/support/sheap_cases.py), run over
the raw REPL; a store into the `rodata` region from wasm faults in the MPU and
comes back as wasm.Trap with the REPL alive. Then the producer/consumer demo
of docs/shared-heap.md.
Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from raw_repl import DeviceError
from support.host import script
from support.sheap_cases import CASES, DEMO, DEMO_EXPECTED, DEMO_PROGRAMS, PRELUDE, PROGRAMS

if TYPE_CHECKING:
    from conftest import Repl

# the last case's objects go first, so the small boards' heaps are free
CLEAN = "for _k in [k for k in globals() if not k.startswith('__')]:\n    del globals()[_k]\nimport gc\ngc.collect()\n"


@pytest.fixture(autouse=True)
def clean(repl: Repl) -> Iterator[None]:
    """Each case starts and ends with no globals: the small boards' heaps need the room."""
    repl.exec(CLEAN)
    yield
    repl.exec(CLEAN)


def values(out: str) -> list:
    return [ast.literal_eval(ln[2:]) for ln in out.splitlines() if ln.startswith("= ")]


def assert_no_regions(repl: Repl, code: str) -> None:
    """wasm.mpy (--wasm natmod): board regions stay with the firmware (docs/natmod.md)."""
    with pytest.raises(DeviceError) as info:
        repl.exec(script(PRELUDE + code, PROGRAMS), timeout=60)
    assert info.value.exc_type == "ValueError" and info.value.message.startswith("unknown region")


@pytest.mark.parametrize("name,code,expected", CASES, ids=[c[0] for c in CASES])
def test_case(repl: Repl, wasm_source: str, name: str, code: str, expected: list) -> None:
    if wasm_source == "natmod" and re.search(r"region=(n\b|'(shared|rodata))", code):  # a board region
        assert_no_regions(repl, code)
        return
    assert values(repl.exec(script(PRELUDE + code, PROGRAMS), timeout=60)) == expected


def test_repl_lives_after_faults(repl: Repl, wasm_source: str) -> None:
    if wasm_source == "natmod":
        assert_no_regions(repl, "wasm.Memory(region='shared', page_size=1)")
        return
    out = repl.exec(
        script(
            """
R = wasm.Module(REGIONMEM)
e = wasm.Instance(R, {'env': {'mem': wasm.Memory(region='shared', page_size=1),
                              'ro': wasm.Memory(region='rodata', page_size=1)}}).exports
n = 0
for k in range(200):
    try:
        e.ro_store8(k, 1)
    except wasm.Trap:
        n += 1
e.store8(0, 9)
p(n, e.load8(0), 1 + 1)
""",
            PROGRAMS,
        ),
        timeout=60,
    )
    assert values(out) == [(200, 9, 2)]
    assert "2" in repl.exec("print(1 + 1)")


def test_demo_producer_consumer(repl: Repl) -> None:
    out = repl.exec(script(PRELUDE + DEMO, PROGRAMS + DEMO_PROGRAMS), timeout=60)
    assert values(out) == DEMO_EXPECTED
