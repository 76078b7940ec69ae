# SPDX-License-Identifier: MIT
"""How engine failures reach Python on the host port: the cases of
tests/cases/error_cases.py (the same bodies run on every QEMU board)."""

from __future__ import annotations

import re

import pytest

from cases.error_cases import CASES, FRAME_LIMIT_CODE, FRAME_LIMIT_EXPECTED, PROGRAMS
from cases.lazy_cases import FILL_HEAP
from support.host import MICROPYTHON, run

pytestmark = [
    pytest.mark.skipif(not MICROPYTHON.exists(), reason=f"{MICROPYTHON} not built (make host)"),
    pytest.mark.usefixtures("wasm_source"),  # built-in and natmod (conftest.py)
]


@pytest.mark.parametrize("name,code,expected", CASES, ids=[c[0] for c in CASES])
def test_case(name: str, code: str, expected: list) -> None:
    assert run(code, PROGRAMS) == expected


def test_frame_over_the_format_slot_limit_is_a_compile_error() -> None:
    assert run(FRAME_LIMIT_CODE, PROGRAMS) == FRAME_LIMIT_EXPECTED


def test_a_load_short_of_memory_says_where_and_how_much() -> None:
    """A heap of 400 KB (wasm.mpy's code in it too) cannot hold the 50,000
    locals' validation block (9 bytes each): the load's MemoryError names the
    offset of the body it validated and the bytes (a bare MemoryError before
    session 39, as a small board gave it)."""
    want = ("MemoryError", "module: out of memory at offset 0x411 (need 450009 bytes)")
    assert run(FRAME_LIMIT_CODE, PROGRAMS, heap="400k") == [want, want]


# A first call whose stacks (~192 KiB on the host) cannot fit, at a heap
# filled up (lazy_cases.FILL_HEAP) but for the last j small arrays (0 .. 8).
# The module is eager (lazy=False): no code is lowered by the call and no
# default code budget's table of blocks moves where the messages' blocks
# fall (before session 22 this layout's messages grew with j, built-in and
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
    """The whole MemoryError text however little of the heap is free: from
    not even 16 bytes (j=0) to room for every block of the message. The
    binding measures the text, then takes one block of its size, and where
    the heap has not that, or not the str and tuple around it, static ones
    (binding.c modwasm_raise_varg). Before (session 21), as MicroPython gives
    its own messages (py/objexcept.c): none where not even a str object fit,
    the bare format where its text did not, the text cut short where it could
    not grow; wasm.mpy's bare where the built-in module's was whole."""
    (msgs,) = run(NEARLY_FULL)
    whole = r"wasm stacks: out of memory \(need [1-9]\d* bytes; wasm.stack_size\(\) sets them\)"
    assert len(msgs) == 9 and all(re.fullmatch(whole, m) for m in msgs), msgs
    assert len(set(msgs)) == 1, msgs


# Traps at a heap filled to its last 16-byte block (a function lowered
# before: a lazy module's first call needs memory): no room for the trap's
# path, the Trap still says what (binding.c modwasm_raise_trap: the kind
# alone, in the static message). Reached by no fuzzer until session 34's
# binding fuzzer (full_heap_traps). The exports are taken before (each
# lookup makes a Function object).
FULL_HEAP_TRAPS = (
    FILL_HEAP
    + r"""
import gc
e = wasm.Instance(wasm.Module(TRAPS)).exports
def at_full_heap(f, a=None, b=None):
    out = []                # (no f(*args): a call through a tuple takes a block)
    for full in (False, True):
        keep = []
        if full:
            fill_heap(keep)
        try:
            f() if a is None else f(a) if b is None else f(a, b)
        except Exception as x:
            err = x
        keep = None
        gc.collect()
        out.append((type(err).__name__, str(err)))
    return out
p(at_full_heap(e.unreachable), at_full_heap(e.load, 70000), at_full_heap(e.div_s, 1, 0))
"""
)


def test_a_trap_at_a_full_heap_still_says_what() -> None:
    (got,) = run(FULL_HEAP_TRAPS, ("traps",), heap="1m")  # fill_heap: 4 KiB blocks
    assert len(got) == 3, got
    for (room, full), kind in zip(got, ("unreachable", "out of bounds memory access", "integer divide by zero")):
        assert room[0] == "Trap" and room[1].startswith(kind + " in function "), room
        assert full == ("Trap", kind), full
