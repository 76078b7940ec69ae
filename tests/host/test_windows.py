# SPDX-License-Identifier: MIT
"""Windows, the address map of an instance (docs/windows.md), on the host port:
the cases of tests/cases/window_cases.py (the same bodies run on every QEMU
board), plus a window over a host region given with -X region=."""

from __future__ import annotations

import pytest

from cases.window_cases import CASES, PRELUDE, PROGRAMS
from support.host import MICROPYTHON, run

pytestmark = pytest.mark.skipif(not MICROPYTHON.exists(), reason=f"{MICROPYTHON} not built (make host)")


@pytest.mark.parametrize("name,code,expected", CASES, ids=[c[0] for c in CASES])
def test_case(name: str, code: str, expected: list) -> None:
    assert run(PRELUDE + code, PROGRAMS) == expected


# Host only: an allocation may collect, and a collected instance's finaliser
# unmaps its windows in a memory it shared, so env.mpwasm_map takes the name
# again after its allocations. b maps the name's bytes into the memory it
# shares with a and is dropped; a collection at the next allocation
# (gc.threshold) finalises it. On the host that allocation is mpwasm_map's
# first (the name's copy): the call is MPWASM_MAP_FAULT (5) and maps nothing.
# Before, it read the name from the unmapped, freed bytearray and mapped the
# grant ([5, True, 0, 1]). On a board, conservative roots decide when b goes
# (mps2_an385: after the name is read, a correct map), so it is no case of
# window_cases.py. An empty Module() after b_maps zeroes the C stack below
# (modwasm_stack_clean): without it a word left by b_maps' frames kept b
# alive once modwindow_follow_all's frame changed (session 29).
SHARED = """
import gc
S = wasm.Module(WINDOW_SHARED)
mem = wasm.Memory(16, page_size=1)
def b_maps(at):
    b = wasm.Instance(S, {'env': {'mem': mem}})
    b.map(bytearray(b'grant_zq'), at)
a = wasm.Instance(S, {'env': {'mem': mem}}, grants={'grant_zq': (bytearray(16), 'rw', 0x50000000)})
f = a.exports.map
p(f(0x40000000, 8, 0, 0))
gc.collect()
b_maps(0x40000000)
wasm.Module(b'\\x00asm\\x01\\x00\\x00\\x00')  # zeroes the C stack below: no word of b_maps' frames keeps b
gc.threshold(16)
r = f(0x40000000, 8, 0, 0)
gc.threshold(-1)
p(exc(a.exports.ld32, 0x40000000) == ('Trap', 'out of bounds memory access'), r, len(a.windows))
"""


def test_a_collection_inside_mpwasm_map_takes_the_name_again() -> None:
    assert run(SHARED, ("window_shared",)) == [5, (True, 5, 0)]


# Host only (the collector's conservative roots on a board decide when a
# block goes): an unmapped window lets its object go. The engine's window
# slots are compacted at an unmap; the slot left past the last kept a copy of
# the window moved down (its bytes and the mapped object), so a 40,000-byte
# bytearray mapped and unmapped stayed reachable until the slot was reused.
UNMAPPED = """
import gc
S = wasm.Module(WINDOW_SHARED)
i = wasm.Instance(S, {'env': {'mem': wasm.Memory(16, page_size=1)}})
def go():
    b = bytearray(40000)
    at = i.map(b)
    i.unmap(at)
gc.collect()
f0 = gc.mem_free()
go()
gc.collect()
p(f0 - gc.mem_free() < 20000, len(i.windows))
"""


def test_an_unmapped_window_lets_its_object_go() -> None:
    assert run(UNMAPPED, ("window_shared",)) == [(True, 0)]
