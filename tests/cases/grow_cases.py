# SPDX-License-Identifier: MIT
"""A memory.grow the heap refused, as the embedder sees it (docs/wasm.md
"Memory growth and views"): `wasm.Memory.grows_refused` counts the grows the
heap could not give and the most pages one asked for; a grow the memory's
type refuses (its maximum) is not counted; `Instance(..., grow_raises=True)`
turns the heap's refusal into a MemoryError that says which memory, how many
pages, how much heap was free and in which function (as a trap's message
does), and leaves the type's -1 alone. The same
bodies run on the host (tests/host/test_grow_refused.py, built-in and
wasm.mpy) and on every board (tests/hil/test_grow_refused_board.py).

engine_grow_refused.wat's memory 0 is 1 KiB of 1-byte pages with no maximum,
memory 1 16 bytes of at most 32, so the cases fit a board with a few KB of
heap; each grow asks for more bytes than the heap has free (gc.mem_free()
after a collection). The module is eager (lazy=False): a lazy one's refused
grow first gives back code not running and its code arena's free tail
(docs/wasm.md), which would move the free bytes the message reports."""

from __future__ import annotations

import re

PROGRAMS = ("engine_grow_refused",)

# f() on stacks of 1.5 KiB (the cases' functions need a few slots), the sizes
# as they were after: the default 6 KiB do not fit beside wasm.mpy on
# netduinoplus2 (docs/natmod.md), where this matters most
SMALL_STACKS = r"""
import gc
def small_stacks(f):
    was = wasm.stack_size()
    wasm.stack_size(128, 32)
    try:
        f()
    finally:
        wasm.stack_size(*was)
"""

# counted: wasm's grow and Python's, each asking for more than the heap has,
# and one asking for less than the largest (the most asked for stays); then a
# grow that fits, and memory 1's grows past its maximum (not counted)
COUNTED_CODE = (
    SMALL_STACKS
    + r"""
def counted():
    e = wasm.Instance(wasm.Module(ENGINE_GROW_REFUSED, lazy=False)).exports
    m = e.memory
    gc.collect()
    f = gc.mem_free()
    p(m.grows_refused, e.grow(f + 1), m.grows_refused == (1, 1024 + f + 1), e.pages())
    p(m.grow(f + 2), m.grows_refused == (2, 1024 + f + 2), e.grow(f + 1), m.grows_refused == (3, 1024 + f + 2))
    p(e.grow(64), m.grows_refused[0], e.pages())
    p(e.grow_small(16), e.grow_small(1), e.small.grow(1), e.small.grows_refused)
small_stacks(counted)
"""
)
COUNTED = [((0, 0), -1, True, 1024), (-1, True, -1, True), (1024, 3, 1088), (16, -1, -1, (0, 0))]

# grow_raises=True: the heap's refusal raises MemoryError (printed with the
# pages it asked for and the heap free before the call, which check() reads);
# the instance stays usable, its type's refusal is still -1, and Python's own
# grow still returns -1 (it is the embedder's call, not the program's). A
# "small"-profile `wasm` (no Module.unlower: lm3s6965evb, ARM wasm.mpy) has
# no grow_raises (mw_config.h MW_GROW_RAISES): a TypeError, the count alone.
RAISES_CODE = (
    SMALL_STACKS
    + r"""
def raises():
    m = wasm.Module(ENGINE_GROW_REFUSED, lazy=False)
    if not hasattr(wasm.Module, 'unlower'):
        p('small', exc(wasm.Instance, m, grow_raises=True)[0])
        return
    e = wasm.Instance(m, grow_raises=True).exports
    gc.collect()
    f = gc.mem_free()
    p(exc(e.grow, f + 1), 1024 + f + 1, f)
    p(e.memory.grows_refused == (1, 1024 + f + 1), e.pages(), e.grow(64), e.grow_small(17), e.memory.grow(f + 2))
small_stacks(raises)
"""
)
RAISES = [None, (True, 1024, 1024, -1, -1)]
RAISES_SMALL = [("small", "TypeError")]

CASES = [("counted", COUNTED_CODE, COUNTED), ("raises", RAISES_CODE, RAISES)]

# ... and where, as a trap's message says it: the grow was in function 0,
# named $grow in the program's name section, called from Python (one frame),
# its memory.grow at byte 0x5c of the module (wasm-tools print --print-offsets)
MESSAGE = re.compile(r"memory 0: no heap to grow to (\d+) pages \((\d+) bytes free\) in function 0 'grow' at 0x5c")
# The heap free when the MemoryError is made against gc.mem_free() before the
# call: the call's own small objects, and what the collection in the failed
# allocation gave back (garbage made after the first reading)
FREE_BELOW = 2048
FREE_ABOVE = 512


def check_message(values: tuple) -> None:
    """raises()'s first line: ("MemoryError", text), the pages asked for and
    the heap free before the call; the text names memory 0, those pages, a
    free byte count near that and the function the grow ran in."""
    (kind, text), pages, free = values
    assert kind == "MemoryError", values
    m = MESSAGE.fullmatch(text)
    assert m is not None, text
    assert int(m.group(1)) == pages
    assert free - FREE_BELOW <= int(m.group(2)) <= free + FREE_ABOVE, (text, free)


def check(name: str, values: list, expected: list, small: bool = False) -> None:
    """What case `name` printed against what it should; `small`: a "small"-profile
    `wasm` (the raises case prints RAISES_SMALL there, and only there)."""
    if name == "raises" and small:
        assert values == RAISES_SMALL, values
        return
    assert len(values) == len(expected), values
    if name == "raises":
        check_message(values[0])
        values = [None, *values[1:]]
    assert values == expected
