# SPDX-License-Identifier: MIT
"""scripts/heap_holders.py on a heap laid out by hand: it keeps what the
collector would keep (aligned pointers to head blocks, from the root pointers,
the stack in use and kept objects) and names the chain of words holding a new
object back to its root. On a board it found session 10's soak leak (a
dangling parse-tree root in pyexec's frame: ports/common/parse_tree_clear.c)."""

from __future__ import annotations

import struct

from heap_holders import AT_HEAD, AT_TAIL, BLOCK, Heap, Snapshot, new_objects, report

RAM = 0x2000_0000
AREA = RAM + 0x40  # mp_state_ctx.mem.area: atb, atb_len, ftb, pool, pool_end
ROOTS = (RAM + 0x80, RAM + 0x90)
ATB = RAM + 0x100
POOL = RAM + 0x200
NBLOCKS = 32
STACK = RAM + 0x1000  # [sp, stack_top)


def snapshot(objects: dict[int, int], words: dict[int, int], sp: int = STACK) -> Snapshot:
    """RAM with `objects` (first block -> blocks) in the allocation table and `words` (address -> value)."""
    ram = bytearray(0x1100)
    struct.pack_into("<5I", ram, AREA - RAM, ATB, NBLOCKS // 4, 0, POOL, POOL + NBLOCKS * BLOCK)
    for first, n in objects.items():
        for b in range(first, first + n):
            ram[ATB - RAM + b // 4] |= (AT_HEAD if b == first else AT_TAIL) << ((b % 4) * 2)
    for addr, value in words.items():
        struct.pack_into("<I", ram, addr - RAM, value)
    return Snapshot([(RAM, bytes(ram))], sp, STACK + 0x40, ROOTS, AREA)


def block(b: int) -> int:
    return POOL + b * BLOCK


def test_keeps_what_the_collector_keeps() -> None:
    words = {
        ROOTS[0]: block(0),  # root pointer -> object 0 -> object 4
        block(0) + 4: block(4),
        STACK + 8: block(8),  # the stack in use -> object 8
        STACK - 4: block(12),  # below sp: not scanned
        ROOTS[1] + 4: block(16),  # past the root pointers
        block(20): block(21),  # object 20 is garbage; its word does not keep 21 (a tail: not a start)
        ROOTS[0] + 4: block(24) + 4,  # not at a block's start
    }
    heap = Heap(snapshot({0: 2, 4: 1, 8: 3, 12: 1, 16: 1, 20: 2, 24: 1}, words))
    assert heap.live() == {0: 2, 4: 1, 8: 3}
    assert heap.chain(4) == [("object", block(0) + 4), ("state", ROOTS[0])]
    assert heap.chain(8) == [("stack", STACK + 8)]


def test_new_objects_and_their_holders() -> None:
    before = Heap(snapshot({0: 1}, {ROOTS[0]: block(0)}))
    # the same object, plus a 64-byte one held from the stack through a stale word
    after = Heap(snapshot({0: 1, 6: 4}, {ROOTS[0]: block(0), STACK + 0x10: block(6), block(6) + 8: 7}))
    assert new_objects(before, after) == [6]
    text = report(before, after)
    assert f"object {block(6):#x} (64 B): 00000000 00000000 00000007" in text
    assert f"held by stack word at {STACK + 0x10:#x}" in text
    assert report(before, before) == "no object alive at the second stop that was not at the first"


def test_an_object_that_changed_length_is_new() -> None:
    before = Heap(snapshot({2: 1}, {ROOTS[0]: block(2)}))
    after = Heap(snapshot({2: 3}, {ROOTS[0]: block(2)}))
    assert new_objects(before, after) == [2]


def test_a_holder_in_an_objects_tail_block() -> None:
    # root -> object 0 (3 blocks), whose word in its third block holds object 8:
    # the chain goes back through object 0's head, not its tail block (KeyError before)
    words = {ROOTS[0]: block(0), block(2) + 4: block(8)}
    heap = Heap(snapshot({0: 3, 8: 1}, words))
    assert heap.chain(8) == [("object", block(2) + 4), ("state", ROOTS[0])]
