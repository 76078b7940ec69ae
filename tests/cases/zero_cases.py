# SPDX-License-Identifier: MIT
"""A call zeroes the locals its callee reads before writing, a span of whole
MW_ZERO_STEPs (four slots, mw_int.h) that a board zeroes four a pass since
session 43 (exec.c ZERO_LOCALS: four `strd` and one step on Thumb-2; one slot
a pass before, over spans that format 78 rounded up): tests/programs/
engine_zero_span.wat's $zK read K i64 locals (K = 1 .. 10: spans of 4, 8 and
12 slots), leave -1 in each and recurse, each export calling its $zK twice,
so the second descent runs on the slots the first dirtied. Run with the
deepest first, then the shallower on what it left. Every result must be 0.
The same bodies run on the host (tests/host/test_zero_locals.py, built-in
and wasm.mpy) and on every board (tests/hil/test_zero_locals_board.py)."""

from __future__ import annotations

PROGRAMS = ("engine_zero_span",)

SETUP = r"""
e = wasm.Instance(wasm.Module(ENGINE_ZERO_SPAN)).exports
"""

CALLS = [
    # one span each, recursing 6 deep: 2 x 7 frames
    ("span4", "p(e.z1(6), e.z2(6), e.z3(6), e.z4(6))", [(0, 0, 0, 0)]),
    ("span8", "p(e.z5(6), e.z6(6), e.z7(6), e.z8(6))", [(0, 0, 0, 0)]),
    ("span12", "p(e.z9(6), e.z10(6))", [(0, 0)]),
    # the widest leaves -1 over twelve slots a frame, then each narrower
    # runs on them (its frame at other offsets of the same stack)
    ("wide_then_narrow", "p(e.z10(9), e.z7(9), e.z4(9), e.z1(9), e.z9(3), e.z2(12))", [(0, 0, 0, 0, 0, 0)]),
]

CASES = [(name, SETUP + call + "\n", expected) for name, call, expected in CALLS]
