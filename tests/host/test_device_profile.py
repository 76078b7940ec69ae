# SPDX-License-Identifier: MIT
"""bench/device_profile.py's reading of QEMU's `-d in_asm,exec,nochain` log (the format
qemu-system-arm 7.2 writes): instructions per address are each block's executions times
its instructions, a block cut short and translated again counts at its longest, only what
runs between two executions of the marker's block counts, and two runs' difference is the
work's own. No QEMU here: the log is written as QEMU writes it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

device_profile = pytest.importorskip("device_profile", reason="the board's Python (pyserial) is not installed")

BLOCK_A = """----------------
IN: mw_exec
0x00015570:  4806       ldr      r0, [pc, #0x18]
0x00015572:  f380 8809  msr      psp, r0
0x00015576:  2002       movs     r0, #2

"""
BLOCK_A_CUT = """----------------
IN: mw_exec
0x00015570:  4806       ldr      r0, [pc, #0x18]

"""
BLOCK_B = """----------------
IN: reset_c
0x0001a524:  4bcd       ldr      r3, [pc, #0x334]

"""


def trace_line(pc: int) -> str:
    return f"Trace 0: 0x7f51d0000100 [00800400/{pc:08x}/00000110/ff020200] mw_exec\n"


MARKER = 0x1B24C  # benchdev.spin's first block (the window's marker)


def read(tmp_path: Path, text: str, window: bool = True) -> dict[int, int]:
    """The log's instructions per address, `text` between two executions of the marker
    (window) or as it is."""
    log = tmp_path / "qemu.log"
    log.write_text(trace_line(MARKER) + text + trace_line(MARKER) if window else text)
    return dict(device_profile.Trace(log, MARKER).per_address())


def test_each_blocks_executions_times_its_instructions(tmp_path: Path) -> None:
    text = BLOCK_A + trace_line(0x15570) + BLOCK_B + trace_line(0x1A524) + trace_line(0x15570) * 2
    assert read(tmp_path, text) == {0x15570: 3, 0x15572: 3, 0x15576: 3, 0x1A524: 1}


def test_a_block_cut_short_counts_at_its_longest(tmp_path: Path) -> None:
    # icount translates a block again with fewer instructions at a timer's deadline
    text = BLOCK_A_CUT + trace_line(0x15570) + BLOCK_A + trace_line(0x15570)
    assert read(tmp_path, text) == {0x15570: 2, 0x15572: 2, 0x15576: 2}


def test_a_block_never_listed_counts_its_first_instruction(tmp_path: Path) -> None:
    assert read(tmp_path, trace_line(0x20000) * 4) == {0x20000: 4}


def test_a_line_split_across_reads_is_counted_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(device_profile, "CHUNK", 7)  # every line crosses a read
    text = BLOCK_A + trace_line(0x15570) * 3
    assert read(tmp_path, text) == {0x15570: 3, 0x15572: 3, 0x15576: 3}


def test_only_blocks_between_the_markers_count(tmp_path: Path) -> None:
    # the REPL's waits before and after the work, and between two windows, fall outside
    outside = trace_line(0x1A524) * 5
    inside = BLOCK_A + trace_line(0x15570)
    text = outside + trace_line(MARKER) + inside + trace_line(MARKER) + outside
    text += trace_line(MARKER) + trace_line(0x15570) + trace_line(MARKER) + outside
    assert read(tmp_path, text, window=False) == {0x15570: 2, 0x15572: 2, 0x15576: 2}


def test_nothing_counts_without_a_marker(tmp_path: Path) -> None:
    assert read(tmp_path, BLOCK_A + trace_line(0x15570) * 3, window=False) == {}


def test_a_window_split_across_reads_counts_its_blocks_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(device_profile, "CHUNK", 50)  # the markers and blocks across reads
    text = trace_line(0x1A524) + trace_line(MARKER) + trace_line(0x20000) * 3 + trace_line(MARKER)
    text += trace_line(0x1A524) * 2
    assert read(tmp_path, text, window=False) == {0x20000: 3}


def test_the_difference_of_two_runs_is_the_works_own() -> None:
    from collections import Counter

    a = Counter({1: 10, 2: 5, 3: 7})
    b = Counter({1: 30, 2: 5, 4: 2})
    assert device_profile.diff(a, b) == Counter({1: 20, 3: -7, 4: 2})
