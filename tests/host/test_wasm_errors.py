# SPDX-License-Identifier: MIT
"""How engine failures reach Python on the host port: the cases of
tests/support/error_cases.py (the same bodies run on every QEMU board)."""

from __future__ import annotations

import re

import pytest

from support.error_cases import CASES, FRAME_LIMIT_CODE, FRAME_LIMIT_EXPECTED, PROGRAMS
from support.host import MICROPYTHON, run
from support.lazy_cases import FILL_HEAP

pytestmark = [
    pytest.mark.skipif(not MICROPYTHON.exists(), reason=f"{MICROPYTHON} not built (make host)"),
    pytest.mark.usefixtures("wasm_source"),  # built-in and natmod (conftest.py)
]


@pytest.mark.parametrize("name,code,expected", CASES, ids=[c[0] for c in CASES])
def test_case(name: str, code: str, expected: list) -> None:
    assert run(code, PROGRAMS) == expected


def test_frame_over_the_format_slot_limit_is_a_compile_error() -> None:
    assert run(FRAME_LIMIT_CODE, PROGRAMS) == FRAME_LIMIT_EXPECTED


# A first call whose stacks (~192 KiB on the host) cannot fit, at a heap
# filled up (lazy_cases.FILL_HEAP) but for the last j small arrays (0 .. 8).
# The module is eager (lazy=False): no code is lowered by the call and no
# default code budget's table of blocks moves where the messages' blocks
# fall (this heap layout is one whose messages grow with j, built-in and
# wasm.mpy alike).
NEARLY_FULL = (
    FILL_HEAP
    + r"""
import gc
m = wasm.Module(b'\x00asm\x01\x00\x00\x00\x01\x05\x01\x60\x00\x01\x7f\x03\x02\x01\x00'
                b'\x07\x05\x01\x01f\x00\x00\x0a\x06\x01\x04\x00\x41\x07\x0b', lazy=False)
def first_call_error(f, j):
    keep = []
    n = gc.mem_free() - 65536
    while n > 65536:        # most of the host's 64 MiB heap in a few blocks
        try:
            keep.append(bytearray(n))
            n = gc.mem_free() - 65536
        except MemoryError:
            n //= 2
    fill_heap(keep)
    for _ in range(j):
        keep.pop()
    gc.collect()
    err = None
    try:
        f()
    except MemoryError as e:
        err = e
    keep = None
    gc.collect()
    return str(err)
p([first_call_error(wasm.Instance(m).exports.f, j) for j in range(9)])
"""
)


def test_memory_error_at_a_nearly_full_heap_keeps_its_message() -> None:
    """The MemoryError's text as the heap gets room, as MicroPython gives its
    own messages (py/objexcept.c): none where not even a str object fits, the
    bare format where its text does not, the text cut short where it could
    not grow, then the whole message; never another text. wasm.mpy's needed
    a vstr grown and then copied: bare where the built-in module's was whole,
    or the firmware's "memory allocation failed, allocating %u bytes"
    (natmod_rt.c mp_raise_msg_varg)."""
    (msgs,) = run(NEARLY_FULL)
    fmt = "wasm stacks: out of memory (need %u bytes; wasm.stack_size() sets them)"
    whole = msgs[-1]
    assert re.fullmatch(r"wasm stacks: out of memory \(need [1-9]\d* bytes; wasm.stack_size\(\) sets them\)", whole)

    def rank(m: str) -> int:
        if m in ("", fmt):
            return ("", fmt).index(m)
        assert m and whole.startswith(m), msgs
        return 2 + len(m)

    # the fuller the heap, the less text: none (no str object fits) only while
    # nothing longer came yet, and the fullest heap's text shorter than the
    # whole one. Between the bare format and the whole message the order is
    # the heap's layout's: the text is cut where its buffer could not grow,
    # in place or moved, and a block freed next to it lets it grow at a fuller
    # heap than one freed elsewhere (session 18, 51bec73's +4 B of mw_module:
    # the whole text at j=3, then cut at j=4 and 5)
    ranks = [rank(m) for m in msgs]
    empty = [r == 0 for r in ranks]
    assert ranks[0] < rank(whole) and empty == sorted(empty, reverse=True), msgs
    assert all(r > 0 for r in ranks[ranks.index(rank(whole)) :]), msgs
