# SPDX-License-Identifier: MIT
"""Linear memory that moves on the board (docs/wasm.md "Memory growth and
views"): a grow that cannot extend the memory's heap block in place moves it,
and the old block is freed at once unless a view of it was handed out, so old
and new never outlive the copy together; a grow that cannot fit returns -1 and
leaves the memory as it was, a memory that cannot fit raises MemoryError.
Sizes follow the board's free heap; on a board with less than ROOMY free
only the clean failures are asserted. And a lazily lowered program growing its
memory a page at a time (grow_often.wat) computes what it computes eagerly.
Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from support.host import printed_values, script

if TYPE_CHECKING:
    from conftest import Repl

pytestmark = pytest.mark.usefixtures("fresh_globals")

PAGE = 65536
ROOMY = 10 * PAGE  # free heap for the moves below (a >= 3 pages); less: the clean failures only

# m grows from 1 page to a pages (30% of the free heap; `after` sits right
# after it, so this one moves), then to b pages (60%: in place, or a move
# needing 30% + 60% at once), then by more than the heap (-1). After each grow
# gc.mem_free() is read without a collection: the old block must be gone.
# A "small"-profile `wasm` (no Module.unlower: lm3s6965evb, ARM wasm.mpy,
# docs/wasm.md) leaves every old block to the collector (MW_MOVE_FREES is
# MW_UNLOWER): there the first move's old page is still held right after it
# (`kept`), and each grow's cost is read after a collection.
MOVES = """
import gc
FREES = hasattr(wasm.Module, 'unlower')
def free_after_grow():
    if not FREES:
        gc.collect()
    return gc.mem_free()
gc.collect()
F = gc.mem_free()
p(F >= ROOMY, exc(wasm.Memory, F // 65536 + 1)[0])
if F >= ROOMY:
    m = wasm.Memory(1)
    after = wasm.Memory(1)
    e = wasm.Instance(wasm.Module(GROW_MOVES), {'env': {'mem': m}}, wasi=wasm.WASI()).exports
    a = F * 3 // 10 // 65536
    b = F * 6 // 10 // 65536
    e.store8(65535, 7)
    gc.collect()
    f0 = gc.mem_free()
    r1 = e.grow(a - 1)
    kept = f0 - gc.mem_free() - (a - 1) * 65536 >= 65536
    f1 = free_after_grow()
    e.store8(a * 65536 - 1, 8)
    r2 = e.grow(b - a)
    f2 = free_after_grow()
    r3 = e.grow(F // 65536)
    # the heap lost what was grown and no more than 1 KiB besides
    p(r1 == 1, r2 == a, r3, len(m) == b * 65536, e.load8(65535), e.load8(a * 65536 - 1),
      0 <= f0 - f1 - (a - 1) * 65536 < 1024, 0 <= f1 - f2 - (b - a) * 65536 < 1024, kept != FREES)
"""


def test_a_move_frees_the_old_block(repl: Repl) -> None:
    out = printed_values(repl.exec(f"ROOMY = {ROOMY}\n" + script(MOVES, ("grow_moves",)), timeout=120))
    roomy, nomem = out[0]
    assert nomem == "MemoryError"
    assert out[1:] == ([(True, True, -1, True, 7, 8, True, True, True)] if roomy else []), out


# grow_often.wat's run(n): n grows of one page, twelve functions called after
# each; lazily (bytes) and eagerly (a bytearray) the same checksum, with n
# from the free heap (the memory ends at most at 40% of it, 101 pages); where
# the heap has less than ROOMY, the clean MemoryError of a memory too large.
# Each run is a REPL input of its own: n is read after the first run's
# instance was dropped, and what collects it is only promised between inputs.
# Within one statement MicroPython's VM keeps the first go()'s `.exports` in
# its C frame (mp_load_attr's result array, which LTO=1 inlines into the VM
# loop: the second go()'s frame, at the same address, has loaded no
# attribute yet when its gc.collect() runs), so the first memory stays and
# the second n is smaller (session 26: 23 pages, then 14). After each compile
# the port zeroes the C stack below its caller (ports/cortexm/compile_clear.c,
# test_soak_board), so the second input starts with no word of the first's.
OFTEN = """
import gc
def go(data):
    gc.collect()
    n = min(100, gc.mem_free() * 4 // 10 // 65536 - 1)
    M = wasm.Module(data)
    r = wasm.Instance(M).exports.run(n)
    return n, r, getattr(M, 'lowerings', None)
gc.collect()
F = gc.mem_free()
p(True if F >= ROOMY else exc(wasm.Memory, F // 65536 + 1)[0])
"""


def test_a_lazy_program_growing_often(repl: Repl) -> None:
    out = printed_values(repl.exec(f"ROOMY = {ROOMY}\n" + script(OFTEN, ("grow_often",)), timeout=300))[0]
    if out == "MemoryError":
        return
    assert out is True, out
    n, eager, _ = printed_values(repl.exec("p(go(bytearray(GROW_OFTEN)))", timeout=300))[0]
    n2, lazy, lowerings = printed_values(repl.exec("p(go(GROW_OFTEN))", timeout=300))[0]
    assert n == n2 and n >= 2 and lazy == eager and lazy != -1, (n, eager, n2, lazy)
    print(f"grow_often: {n} grows, lowerings {lowerings}")
