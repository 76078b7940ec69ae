# SPDX-License-Identifier: MIT
"""Shared heaps, chains and memories over board regions on the board: the same
case bodies as tests/host/test_sheap.py (tests/cases/sheap_cases.py), run over
the raw REPL; a store into the `rodata` region from wasm faults in the MPU and
comes back as wasm.Trap with the REPL alive. Then the producer/consumer demo
of docs/shared-heap.md.
Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from cases.sheap_cases import CASES, DEMO, DEMO_EXPECTED, DEMO_PROGRAMS, PRELUDE, PROGRAMS
from conftest import check_case, exec_or_memory_error
from raw_repl import DeviceError
from support.host import printed_values, script

if TYPE_CHECKING:
    from conftest import Repl

# each case starts and ends with no globals: the small boards' heaps need the room
pytestmark = pytest.mark.usefixtures("fresh_globals")


def assert_no_regions(repl: Repl, code: str) -> None:
    """wasm.mpy (--wasm natmod): board regions stay with the firmware (docs/natmod.md);
    where the heap is too small to get that far (conftest.CASE_HEAP), a clean MemoryError."""
    try:
        out = exec_or_memory_error(repl, script(PRELUDE + code, PROGRAMS), timeout=60)
    except DeviceError as e:
        assert e.exc_type == "ValueError" and e.message.startswith("unknown region"), e
        return
    assert out is None, f"a board region was not refused: {out!r}"


def check(repl: Repl, code: str, expected: list, programs: tuple[str, ...] = PROGRAMS) -> None:
    """Case `code` prints `expected`, or below conftest.CASE_HEAP ends in a clean MemoryError."""
    check_case(repl, script(PRELUDE + code, programs), expected, timeout=60)


@pytest.mark.parametrize("name,code,expected", CASES, ids=[c[0] for c in CASES])
def test_case(repl: Repl, wasm_source: str, name: str, code: str, expected: list) -> None:
    if wasm_source == "natmod" and re.search(r"region=(n\b|'(shared|rodata))", code):  # a board region
        assert_no_regions(repl, code)
        return
    check(repl, code, expected)


FAULTS = next(c for c in CASES if c[0] == "repeated_faults_leave_the_runtime_clean")


def test_repl_lives_after_faults(repl: Repl, wasm_source: str) -> None:
    if wasm_source == "natmod":
        assert_no_regions(repl, "wasm.Memory(region='shared', page_size=1)")
        return
    # the case that faults 300 times from wasm, then the REPL itself goes on
    _, code, expected = FAULTS
    assert printed_values(repl.exec(script(PRELUDE + code, PROGRAMS), timeout=60)) == expected
    assert repl.exec("print(1 + 1)") == "2\n"


def test_demo_producer_consumer(repl: Repl) -> None:
    check(repl, DEMO, DEMO_EXPECTED, PROGRAMS + DEMO_PROGRAMS)
