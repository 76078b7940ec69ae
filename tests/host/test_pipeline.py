# SPDX-License-Identifier: MIT
"""The sampling pipeline on the host port (docs/pipeline.md): machine.Sampler's
SIGALRM producer writes the synthetic signal into a ring in the host's 'shared'
region, the filter and detector of examples/pipeline/ map it at the same address;
the detector's output equals the same computation in Python, nothing dropped at
2 kHz. The same bodies as tests/hil/test_pipeline_board.py (tests/cases/pipeline_cases.py)."""

from __future__ import annotations

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
)
from support.host import run

RATE = 2000
SAMPLES = 4096


# With the built-in wasm only: wasm.mpy maps no board regions (docs/natmod.md).


def test_pipeline_matches_python() -> None:
    (produced, dropped, processed, busy_us, ms), window = run(board_script(RATE, SAMPLES, timeout_ms=6000), timeout=30)
    assert dropped == 0
    assert processed >= SAMPLES and processed % BLOCK == 0
    assert produced >= processed
    assert produced <= RATE * ms / 1000 * 1.1 + BLOCK
    got = decode(window)
    assert got == reference(processed)
    assert got.crossings > 10


def test_bad_arguments() -> None:
    a, b, c = run(BAD_ARGS)
    assert a == BAD_ARGS_FIRST_EXPECTED
    assert b[0][0] == "ValueError" and "does not fit region 'shared'" in b[0][1]
    assert b[1][1] == "rate 0 Hz outside 1..1000000"
    assert b[2][0] == "ValueError" and "ring of 64 samples at offset 2 does not fit region 'shared'" in b[2][1]
    assert c == BAD_ARGS_LAST_EXPECTED


def test_pipeline_error_stops_sampler() -> None:
    assert run(ERROR_STOPS, timeout=20) == ERROR_STOPS_EXPECTED
