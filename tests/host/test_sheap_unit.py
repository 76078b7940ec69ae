# SPDX-License-Identifier: MIT
"""Engine-level tests of memory outside linear memory, built with gcc under
AddressSanitizer and UBSan and run without MicroPython.
tests/engine/test_sheap.c: the allocator fails safe on headers wasm overwrote
(canaries around the heap stay intact), chain rules, address translation at
every edge, attach/detach through the memory slow path and its hit cache,
memory.grow up to a chain, fixed memories.
tests/engine/test_window.c: windows (the address map): placement rules and
refusals, access at every edge through the slow path, read-only windows,
memory.grow up to a window, windows beside a chain, heaps shown in windows.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from support.engine import TESTS, gcc_engine

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc not installed")


@pytest.mark.parametrize("name", ["test_sheap", "test_window"])
def test_engine_unit_under_sanitizers(name: str) -> None:
    exe = gcc_engine(name, [TESTS / f"{name}.c"], ["-O1", "-fsanitize=address,undefined", "-fno-sanitize-recover=all"])
    proc = subprocess.run([str(exe)], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().endswith("OK")
