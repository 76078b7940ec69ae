# SPDX-License-Identifier: MIT
"""The sampling pipeline on the board (docs/pipeline.md): machine.Sampler's timer
interrupt writes a synthetic signal into a ring in the 'shared' region, a filter
and a detector instance map that region at the same address and run on every
block; the detector's output window must equal the same computation in Python
over the same samples, with no sample dropped at a modest rate.
Boards without a sample timer (board.py has no `timer`) must refuse cleanly.
Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from cases.pipeline_cases import (
    BAD_ARGS,
    BAD_ARGS_FIRST_EXPECTED,
    BAD_ARGS_LAST_EXPECTED,
    BLOCK,
    ERROR_STOPS,
    ERROR_STOPS_EXPECTED,
    board_script,
    decode,
    reference,
    ring_size,
)
from support.host import script

if TYPE_CHECKING:
    from conftest import Repl

CLEAN = "for _k in [k for k in globals() if not k.startswith('__')]:\n    del globals()[_k]\nimport gc\ngc.collect()\n"

RATE = 2000  # Hz: modest; docs/pipeline.md has the measured maximum per board
SAMPLES = 4096  # two seconds at RATE, eight or more trips round the ring


@pytest.fixture(autouse=True)
def clean(repl: Repl) -> Iterator[None]:
    repl.exec(CLEAN)
    yield
    repl.exec(CLEAN)


def values(out: str) -> list:
    return [ast.literal_eval(ln[2:]) for ln in out.splitlines() if ln.startswith("= ")]


NO_TIMER = [("OSError", "no sample timer on this board (board.py has no timer)")]


def refused_without_timer(repl: Repl) -> bool:
    """On a board without a sample timer, check that machine.Sampler refuses
    cleanly and return True (the test has nothing more to run there)."""
    if repl.board.timer is not None:
        return False
    out = repl.exec(script("import machine\np(exc(machine.Sampler, 'shared'))"))
    assert values(out) == NO_TIMER
    return True


def test_sampler_exactly_where_a_timer_is(repl: Repl) -> None:
    size = ring_size(region_size(repl))  # what the board's 'shared' region holds
    out = repl.exec(script(f"import machine\np(exc(machine.Sampler, 'shared', size={size}))"))
    assert values(out) == (NO_TIMER if repl.board.timer is None else [None])


def test_pipeline_matches_python(repl: Repl, wasm_source: str) -> None:
    if refused_without_timer(repl):
        return
    if wasm_source == "natmod":
        # wasm.mpy: board regions stay with the firmware (docs/natmod.md), so
        # no instance maps the ring the Sampler fills
        out = repl.exec(script("p(exc(wasm.Memory, region='shared', page_size=1))"))
        assert values(out) == [("ValueError", "unknown region 'shared'")]
        return
    size = ring_size(region_size(repl))  # 512 slots; 256 in lm3s6965evb's 2 KiB region
    assert size * 8 <= region_size(repl)
    out = values(repl.exec(script(board_script(RATE, SAMPLES, timeout_ms=6000, size=size)), timeout=30))
    (produced, dropped, processed, busy_us, ms), window = out
    assert dropped == 0
    assert processed >= SAMPLES and processed % BLOCK == 0
    assert produced >= processed
    assert produced <= RATE * ms / 1000 * 1.1 + BLOCK  # the timer's clock is right: not faster than asked
    got = decode(window)
    assert got == reference(processed)
    assert got.crossings > 10  # the signal crosses the threshold: the comparison is not vacuous


def test_bad_arguments(repl: Repl) -> None:
    if refused_without_timer(repl):
        return
    out = repl.exec(script(BAD_ARGS))
    a, b, c = values(out)
    assert a == BAD_ARGS_FIRST_EXPECTED
    assert b[0][0] == "ValueError" and "does not fit region 'shared'" in b[0][1]
    assert b[1:] == (
        ("ValueError", "rate 0 Hz outside 1..1000000"),
        ("ValueError", f"ring of 64 samples at offset 2 does not fit region 'shared' ({region_size(repl)} bytes)"),
    )
    assert c == BAD_ARGS_LAST_EXPECTED


def region_size(repl: Repl) -> int:
    return next(r.size for r in repl.board.regions if r.name == "shared")


def test_pipeline_error_stops_sampler(repl: Repl) -> None:
    """An exception in a stage stops the timer; stop() raises it; the sampler can start again."""
    if refused_without_timer(repl):
        return
    out = repl.exec(
        script(ERROR_STOPS),
        timeout=20,
    )
    assert values(out) == ERROR_STOPS_EXPECTED
