# SPDX-License-Identifier: MIT
"""Engine-level shared-heap tests (tests/engine/test_sheap.c), built with gcc
under AddressSanitizer and UBSan and run without MicroPython: the allocator
fails safe on headers wasm overwrote (canaries around the heap stay intact),
chain rules, address translation at every edge, attach/detach through the
memory slow path and its hit cache, memory.grow up to a chain, fixed memories.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ENGINE = REPO / "modwasm" / "engine"
OUT = REPO / "build" / "engine-tests"

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc not installed")


def test_sheap_engine_unit_under_sanitizers() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    exe = OUT / "test_sheap"
    cmd = [
        "gcc",
        "-std=c11",
        "-O1",
        "-g",
        "-Wall",
        "-Wextra",
        "-Werror",
        "-fsanitize=address,undefined",
        "-fno-sanitize-recover=all",
        f"-I{ENGINE}",
        *map(str, sorted(ENGINE.glob("*.c"))),
        str(REPO / "tests" / "engine" / "test_sheap.c"),
        "-o",
        str(exe),
        "-lm",
    ]
    subprocess.run(cmd, check=True)
    proc = subprocess.run([str(exe)], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().endswith("OK")
