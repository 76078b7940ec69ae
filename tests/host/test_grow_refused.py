# SPDX-License-Identifier: MIT
"""A memory.grow the heap refused, as the embedder sees it: the cases of
tests/cases/grow_cases.py (also run on the boards by
tests/hil/test_grow_refused_board.py), built-in and wasm.mpy, on a 1 MiB heap
(`-X heapsize=`): `wasm.Memory.grows_refused` counts the heap's refusals and
the most pages one asked for, not its type's; `Instance(grow_raises=True)`
raises MemoryError for them, saying where as a trap does (its words alone
at a heap with no room for the path). Both host builds are the full profile.
With guard pages (the default host port's built-in module) a memory of 64 KiB
pages is not in the heap: the port's `-X wasmmem=` bounds those (the heap's
size unless given), and its refusals are counted and raised the same way.
In wasm.mpy, whose memories are the heap's, `-X wasmmem=` bounds nothing."""

from __future__ import annotations

import re

import pytest

from cases import grow_cases
from support import host
from support.host import guard_pages

pytestmark = pytest.mark.usefixtures("wasm_source")

HEAP = "1m"
# malloc_until_null's grow: the function that grew and the two or more that
# called it (a C program without a name section: indices alone), with the
# byte offsets of the grow and the calls where the heap had room to find
# them (lowering a function again: not malloc's, at the heap's end)
WHERE_IN_C = re.compile(
    r"memory 0: no heap to grow to \d+ pages \(\d+ bytes free\) in function \d+ at 0x[0-9a-f]+"
    r" \(called from \d+( at 0x[0-9a-f]+)?( <- \d+( at 0x[0-9a-f]+)?)+\)"
)


@pytest.mark.parametrize("name,code,expected", grow_cases.CASES, ids=[c[0] for c in grow_cases.CASES])
def test_case(name: str, code: str, expected: list) -> None:
    grow_cases.check(name, host.run(code, grow_cases.PROGRAMS, heap=HEAP), expected)


def test_a_program_that_takes_another_path_shows_why() -> None:
    """A WASI C program whose malloc gets NULL (its memory.grow refused by a
    2 MiB heap) and goes on: it prints what it got and exits 0, and only the
    memory's count says that a grow was refused, and how large the memory
    wanted to be; with grow_raises=True the run stops at the first refusal
    with the MemoryError, before the program prints anything, and says where
    as a trap does: the function that grew and its callers (the program has no
    name section: indices alone)."""
    code = """
import io
def run(**kw):
    out = io.StringIO()
    w = wasm.WASI(args=['malloc_until_null', '4096'], stdout=out)
    i = wasm.Instance(wasm.Module(MALLOC_UNTIL_NULL, lazy=False), wasi=w, **kw)
    r = exc(w.start, i)
    m = i.exports.memory
    return r, out.getvalue(), m.grows_refused[0] > 0, m.grows_refused[1] > m.pages > 16
p(run())
r, text, refused, larger = run(grow_raises=True)
p(r[0], r[1], text, refused, larger)
"""
    plain, raised = host.run(code, ("malloc_until_null",), heap="2m")
    assert plain[0] is None and plain[1].startswith("got ") and plain[2:] == (True, True), plain
    assert raised[0] == "MemoryError" and raised[2:] == ("", True, True), raised
    assert WHERE_IN_C.fullmatch(raised[1]), raised[1]


def test_at_a_locked_heap_the_message_keeps_its_words() -> None:
    """No heap for the path's text (micropython.heap_lock(): the grow refused
    too): the MemoryError says which memory, how many pages and the heap free,
    without where (the binding's static text); the instance stays usable and
    the same grow succeeds once the heap is back."""
    code = """
import micropython
e = wasm.Instance(wasm.Module(ENGINE_GROW_REFUSED, lazy=False), grow_raises=True).exports
g = e.grow
def locked(f):
    err = None
    micropython.heap_lock()
    try:
        f()
    except Exception as x:
        err = x
    micropython.heap_unlock()
    return (type(err).__name__, str(err))
p(locked(lambda: g(100)))
p(e.pages(), g(100), e.memory.grows_refused)
"""
    (kind, text), after = host.run(code, grow_cases.PROGRAMS, heap=HEAP)
    assert kind == "MemoryError" and re.fullmatch(
        r"memory 0: no heap to grow to 1124 pages \(\d+ bytes free\)", text
    ), text
    assert after == (1024, 1024, (1, 1124)), after


def test_guard_pages_memories_have_a_limit_of_their_own_others_the_heap() -> None:
    """-X wasmmem=1m on a 64 MiB heap. With guard pages (the built-in module):
    a memory grows to 16 pages and no further, by Python's grow (-1, counted)
    or wasm's (grow_raises: the MemoryError names the room left under the
    limit, not the heap's free bytes); a grow that fits still does; a grow
    past the heap too is refused as one past the limit (0 bytes of room).
    Without (wasm.mpy: the memory's bytes are the heap's): wasmmem= bounds
    nothing, the memory grows past 16 pages, and a grow past the heap is the
    heap's refusal, counted the same way and named with the heap's free bytes
    (as gc.mem_free() said just before it)."""
    code = """
import gc
m = wasm.Memory(1)
e = wasm.Instance(wasm.Module(GROW_MOVES), {'env': {'mem': m}}, wasi=wasm.WASI(), grow_raises=True).exports
p(m.grow(14), len(m) // 65536)
p(m.grow(2), m.grows_refused)
p(exc(e.grow, 2))
p(e.grow(1), len(m) // 65536, m.grow(1), m.grows_refused)
p(m.grow(2000), m.grows_refused, len(m) // 65536)
gc.collect()
free = gc.mem_free()
p(exc(e.grow, 3000), m.grows_refused, len(m) // 65536, free)
"""
    out = host.run(code, ("grow_moves",), options=("wasmmem=1m",))
    if guard_pages():
        assert out[:2] == [(1, 15), (-1, (1, 17))], out
        assert out[2][0] == "MemoryError" and out[2][1].startswith(
            "memory 0: no heap to grow to 17 pages (65536 bytes free)"
        )
        assert out[3] == (15, 16, -1, (3, 17)), out
        assert out[4] == (-1, (4, 2016), 16), out
        (kind, text), refused, pages, _ = out[5]
        assert kind == "MemoryError" and text.startswith("memory 0: no heap to grow to 3016 pages (0 bytes free)")
        assert (refused, pages) == ((5, 3016), 16), out
        return
    # the heap's bytes: 1 MiB is no bound (20 pages), 64 MiB is
    assert out[:4] == [(1, 15), (15, (0, 0)), None, (19, 20, 20, (0, 0))], out
    assert out[4] == (-1, (1, 2021), 21), out
    (kind, text), refused, pages, free = out[5]
    got = re.fullmatch(
        r"memory 0: no heap to grow to 3021 pages \((\d+) bytes free\) in function \d+ at 0x[0-9a-f]+", text
    )
    assert kind == "MemoryError" and got, text
    assert 21 * 65536 < free <= 64 << 20 and abs(int(got[1]) - free) < 4096, (got[1], free)
    assert (refused, pages) == ((2, 3021), 21), out
