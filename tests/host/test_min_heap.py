# SPDX-License-Identifier: MIT
"""bench/min_heap.py: the smallest MicroPython heap a script runs in, bisected on the host
port (the figures of docs/benchmarks-history.md "RAM (session 19)")."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from support.host import MICROPYTHON

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
import min_heap  # noqa: E402

pytestmark = pytest.mark.skipif(not MICROPYTHON.exists(), reason=f"{MICROPYTHON} not built (make host)")

NEED = 300_000
# (the bytes: the port's text stdout ends a line with \r\n, as WASI's fd_write does not)
SCRIPT = f"import sys\nb = bytearray({NEED})\nsys.stdout.buffer.write(b'held %d\\n' % len(b))\n"
STEP = 4096


def test_finds_the_heap_a_block_needs(tmp_path: Path) -> None:
    script = tmp_path / "need.py"
    script.write_text(SCRIPT)
    want = f"held {NEED}\n".encode()
    heap = min_heap.smallest(MICROPYTHON, str(script), want, STEP, 4 << 20)
    assert heap is not None and heap % STEP == 0
    # the block and the interpreter's own start-up: more than the block, not much more
    assert NEED < heap < NEED + (256 << 10), heap
    assert min_heap.runs(MICROPYTHON, str(script), heap, want)
    assert not min_heap.runs(MICROPYTHON, str(script), heap - STEP, want)


def test_wrong_output_or_too_small_a_top_is_no_heap(tmp_path: Path) -> None:
    script = tmp_path / "need.py"
    script.write_text(SCRIPT)
    # the output must be the expected one, not only the exit status
    assert not min_heap.runs(MICROPYTHON, str(script), 4 << 20, b"held 1\n")
    assert min_heap.smallest(MICROPYTHON, str(script), f"held {NEED}\n".encode(), STEP, NEED // 2) is None
