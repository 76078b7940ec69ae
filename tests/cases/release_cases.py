# SPDX-License-Identifier: MIT
"""What the `wasm` module keeps of the heap once a script has let go of every
wasm object and collected: nothing in the heap (the runtime is static storage,
its stacks are given back when the collector finds no instance left and no call
in progress: docs/wasm.md "What stays in the heap"). Each case prints how many
bytes the heap has fewer free than before the first call, and whether the
largest block free then can be allocated again; the same bodies run on the
host (tests/host/test_wasm_release.py) and on every board
(tests/hil/test_wasm_release_board.py).

The built-in module with finalisers gives the stacks back; wasm.mpy cannot (a
native module has no finalisers, docs/natmod.md "What wasm.mpy has", its
"No finalisers"): its cases
are NATMOD_* below, the stacks kept until `wasm.stack_size()` frees them."""

from __future__ import annotations

# released()'s four values where the heap came back whole: nothing held and the
# largest block fits, after a collection and after stack_size()
RELEASED = (0, True, 0, True)
# Bytes a release may leave held (check()): below the runtime's 224 B block that
# stayed in the heap until session 31 (Cortex-M; 480 B on the host)
HELD_MAX = 160

# largest(): the longest bytearray the heap gives now, to 64 bytes (a binary
# search; a failed try collects first, so garbage is no obstacle). Run before
# `free0` is read: a MemoryError's traceback may stay (MicroPython's emergency
# exception object), and it must not count against the wasm module.
LARGEST = r"""
import gc
def largest():
    gc.collect()
    lo, hi = 0, gc.mem_free()
    while hi - lo > 64:
        mid = (lo + hi) // 2
        try:
            b = bytearray(mid)
            lo = mid
        except MemoryError:
            hi = mid
        b = None
    gc.collect()
    return lo
def below(n, f, *a):
    # f(*a) run n Python frames deeper than the caller, so that the words its
    # frames leave on the C stack lie below the stack pointer of a collection
    # the caller runs later, where the conservative collector does not look
    # (netduinoplus2, scripts/heap_holders.py: one left by use() in
    # mp_execute_bytecode's frame at the same depth held a Function object,
    # and through it an Instance, so the stacks stayed)
    return f(*a) if n == 0 else below(n - 1, f, *a)
def fits(n):
    try:
        b = bytearray(n)
        return True
    except MemoryError:
        return False
def free_stacks():
    # (in a frame of its own: the tuples it makes leave no word in the caller's)
    wasm.stack_size(*wasm.stack_size())
def released(free0, big0):
    # after a collection; then after wasm.stack_size() with the sizes it has
    # (which frees the stacks on every build)
    gc.collect()
    held = free0 - gc.mem_free()
    big = fits(big0)
    free_stacks()
    gc.collect()
    return (held, big, free0 - gc.mem_free(), fits(big0))
"""

# Every way in: a call, a host function that collects while wasm runs (its
# stacks in use: nesting 1), a host function's exception through wasm, a trap,
# and a function reached only through a table once its Instance object is
# collected (no instance left, so the collection gave the stacks back: the
# call makes them again). Everything is in main()'s frame, so nothing of it is
# a global when the heap is measured.
EVERY_WAY_CODE = (
    LARGEST
    + r"""
def boom():
    raise ValueError('host')
def use():
    out = [None] * 5                       # (made before the stacks: what it holds is small ints and bools)
    def add(a, b):
        gc.collect()
        out[0] = sum(range(a))             # Python runs beside the stacks in use
        return a + b
    env = {'env': {'add': add, 'mix': lambda a, b, c: 0.0, 'pair': lambda: (0, 0), 'boom': boom}}
    i = wasm.Instance(wasm.Module(CALLBACKS), env)
    out[1] = i.exports.call_add(20, 3)
    out[2] = exc(i.exports.call_boom) == ('ValueError', 'host')
    a = wasm.Instance(wasm.Module(ENGINE_TAB_A)).exports
    out[3] = exc(a.call, 7, 1) == ('Trap', 'uninitialized element')   # slot 7 is null
    f = a.get(1)                           # $f2: x * 2 + 100
    i = a = None
    gc.collect()
    out[4] = f(4)
    return out
def main():
    big0 = largest()
    free0 = gc.mem_free()
    out = below(6, use)
    return out + [released(free0, big0)]
p(main())
"""
)
EVERY_WAY = (
    "every_way_in_then_dropped",
    EVERY_WAY_CODE,
    [[190, 23, True, True, 108, RELEASED]],
)
EVERY_WAY_PROGRAMS = ("callbacks", "engine_tab_a")

# wasm.stack_size()'s setting outlives the stacks given back: the next call
# makes them again at that size (a frame budget of 40 traps a deeper chain the
# same way each time) and the heap comes back each time. A round keeps only
# booleans, in lists made before it, so nothing it prints counts as held.
STACK_SIZE_KEPT_CODE = (
    LARGEST
    + r"""
def deep(n):
    i = wasm.Instance(wasm.Module(RELEASE_RECURSE))
    return exc(i.exports.recurse, n)
def one_round(res):
    res[0] = deep(10) is None
    res[1] = deep(100) == ('Trap', 'call stack exhausted')
    res[2] = wasm.stack_size() == (300, 40)
def main():
    old = wasm.stack_size(300, 40)
    res = [[None] * 3, [None] * 3]
    rel = [None, None]
    for r in range(2):
        big0 = largest()
        free0 = gc.mem_free()
        below(6, one_round, res[r])
        rel[r] = released(free0, big0)
    wasm.stack_size(*old)
    return res + rel
p(main())
"""
)
STACK_SIZE_KEPT = (
    "stack_size_kept_after_release",
    STACK_SIZE_KEPT_CODE,
    [[[True, True, True], [True, True, True], RELEASED, RELEASED]],
)
STACK_SIZE_KEPT_PROGRAMS = ("release_recurse",)

CASES = [EVERY_WAY, STACK_SIZE_KEPT]
PROGRAMS = {EVERY_WAY[0]: EVERY_WAY_PROGRAMS, STACK_SIZE_KEPT[0]: STACK_SIZE_KEPT_PROGRAMS}


def check(values: list, expected: list, natmod: bool) -> None:
    """What a case printed against what it should. Where `expected` has
    RELEASED the case printed released()'s (held, fits, held, fits): bytes
    free fewer than before the first call and whether the largest block free
    then fits again, after a collection, then after wasm.stack_size() with the
    sizes it has. Held is at most HELD_MAX (MicroPython's own bookkeeping moves
    a few blocks either way: an exception's traceback left by largest()'s last
    MemoryError, freed by the next exception, reads as -224 on the host) and
    the block fits. With wasm.mpy (no finalisers) the collection gives nothing
    back, the stacks stay (more than HELD_MAX held) until stack_size()."""
    assert len(values) == len(expected) == 1
    got = list(values[0])
    for k, w in enumerate(expected[0]):
        if w == RELEASED and isinstance(got[k], tuple) and len(got[k]) == 4:
            held, fits, held2, fits2 = got[k]
            if natmod:
                assert held > HELD_MAX and held2 <= HELD_MAX and fits2, got
            else:
                assert held <= HELD_MAX and fits and held2 <= HELD_MAX and fits2, got
            got[k] = RELEASED
    assert got == expected[0]
