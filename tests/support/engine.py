# SPDX-License-Identifier: MIT
"""Building the engine alone with the host's gcc, for the tests that run it
without MicroPython (tests/host/test_engine_unit.py, test_sheap_unit.py):
every engine source plus the test's own, into build/engine-tests/."""

from __future__ import annotations

import subprocess
from pathlib import Path

from support.build import REPO

ENGINE = REPO / "modwasm" / "engine"
TESTS = REPO / "tests" / "engine"
OUT = REPO / "build" / "engine-tests"
WARN = ["-Wall", "-Wextra", "-Werror", "-Wdouble-promotion", "-Wfloat-conversion"]


def gcc_engine(out_name: str, sources: list[Path], flags: list[str]) -> Path:
    """build/engine-tests/`out_name` from the engine and `sources`, compiled
    with gcc -std=c11, the engine's warnings as errors, and `flags` (the
    optimisation level, sanitizers, -shared ...)."""
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / out_name
    cmd = [
        "gcc",
        "-std=c11",
        "-g",
        *WARN,
        f"-I{ENGINE}",
        *flags,
        *map(str, sorted(ENGINE.glob("*.c"))),
        *map(str, sources),
        "-o",
        str(out),
        "-lm",
    ]
    subprocess.run(cmd, check=True, timeout=600)
    return out
