# SPDX-License-Identifier: MIT
"""Shared heaps and windows shown in each memory's reservation on the guarded host port (`make
host` on x86-64: docs/shared-heap.md "Guard pages"): where a heap's or a window's bytes are the
GC heap's (a memfd) and agree with their app addresses within a page, their pages are mapped at
those addresses, so wasm reaches them with no fault. Each test reads /proc/self/maps for the
mappings of the heap's memfd and checks every rule the fault path keeps still holds with them:
read-only, bounds at a heap's end and at a seam, detach, several instances, chains, a grow up to
a heap's base, the collector freeing heaps (no mapping left), and `-X showheaps=0` (the fault
path alone, as where the platform refuses the mapping) running every heap and window case.
"""

from __future__ import annotations

import pytest

from cases import sheap_cases, window_cases
from support.host import MICROPYTHON, _has_guard_pages, run

pytestmark = [
    pytest.mark.skipif(not MICROPYTHON.exists(), reason=f"{MICROPYTHON} not built (make host)"),
    pytest.mark.skipif(
        MICROPYTHON.exists() and not _has_guard_pages(MICROPYTHON), reason="no guard pages in this build"
    ),
]

PROGRAMS = ("sheap",)

PRELUDE = """
import gc
M = wasm.Module(SHEAP)
TOP = 2**32
def inst(h=None, **k):
    return wasm.Instance(M, shared_heap=h, **k)
def memfds():
    return [line for line in open('/proc/self/maps').read().split('\\n') if '/memfd:' in line]
HELD = memfds()   # the GC heap's and the rw regions' own mappings
def shown():
    # (bytes, permissions) of each memfd mapping made since: pages shown in reservations
    out = []
    for line in memfds():
        if line not in HELD:
            lo, hi = [int(x, 16) for x in line.split()[0].split('-')]
            out.append((hi - lo, line.split()[1]))
    out.sort()
    return out
def nmaps():
    return len(open('/proc/self/maps').read().split('\\n'))
def msg(f, *a):
    try:
        f(*a)
    except Exception as x:
        return (type(x).__name__, str(x).split(' in function')[0])
"""

OOB = ("Trap", "out of bounds memory access")


def shown_run(code: str, options: tuple[str, ...] = ()) -> list:
    return run(PRELUDE + code, PROGRAMS, timeout=60, options=options)


def test_a_heap_is_shown_in_each_memory_that_attaches_it() -> None:
    out = shown_run(
        """
h = wasm.SharedHeap(65536)
p(shown())
e1 = inst(h).exports
i2 = inst(h)
e2 = i2.exports
p(shown())
e1.store32(h.start + 8, 0x11223344)
e2.store8(TOP - 1, 0x77)
v = memoryview(h)
p(hex(e2.load32(h.start + 8)), v[8], e1.load8(TOP - 1), v[65535])
v[9] = 0
p(hex(e1.load32(h.start + 8)), hex(e2.load32(h.start + 8)))
p(msg(e1.load64, TOP - 4), msg(e1.store16, TOP - 1, 0), e1.load8(TOP - 1))
i2.detach()
p(shown(), msg(e2.load8, h.start), e1.load8(h.start + 8))
"""
    )
    assert out == [
        [],
        [(65536, "rw-s"), (65536, "rw-s")],
        ("0x11223344", 0x44, 0x77, 0x77),
        ("0x11220044", "0x11220044"),
        (OOB, OOB, 0x77),
        ([(65536, "rw-s")], OOB, 0x44),
    ]


def test_read_only_attach_is_shown_read_only_and_a_store_traps_as_before() -> None:
    code = """
h = wasm.SharedHeap(8192)
w = inst(h)
w.exports.store32(h.start, 5)
w.detach()
i = inst()
i.attach(h, readonly=True)
e = i.exports
p(shown(), e.load32(h.start), msg(e.store32, h.start, 6), msg(e.store8, TOP - 1, 6), e.load32(h.start))
"""
    fast = shown_run(code)
    slow = shown_run(code, ("showheaps=0",))
    assert fast == [([(8192, "r--s")], 5, OOB, OOB, 5)]
    assert slow == [([], 5, OOB, OOB, 5)]


def test_a_chain_leaves_the_page_above_a_seam_to_the_fault_path() -> None:
    out = shown_run(
        """
body = wasm.SharedHeap(buffer=memoryview(wasm.SharedHeap(8192)))   # page-aligned bytes
head = wasm.SharedHeap(8192)
head.chain(body)
e = inst(head).exports
p(hex(head.start), hex(body.start), shown())
e.store32(body.start - 4, 1)
e.store32(body.start, 2)
p(msg(e.store32, body.start - 2, 3), msg(e.load64, body.start - 4), e.load32(body.start - 4), e.load32(body.start))
p(msg(e.store32, head.start - 4, 3), msg(e.load16, head.start - 1))
"""
    )
    assert out == [
        ("0xffffc000", "0xffffe000", [(4096, "rw-s"), (8192, "rw-s")]),
        (OOB, OOB, 1, 2),
        (OOB, OOB),
    ]


def test_a_grow_up_to_the_heap_leaves_its_first_page_to_the_fault_path() -> None:
    out = shown_run(
        """
h = wasm.SharedHeap(131072)
e = inst(h).exports
p(hex(h.start), shown())
p(e.grow(65536 - 2 - 1), hex(e.size() * 65536), shown())
e.store32(h.start - 4, 9)
e.store32(h.start, 10)
p(msg(e.load32, h.start - 2), msg(e.store64, h.start - 4, 0), e.load32(h.start - 4), e.load32(h.start), e.grow(1))
""",
        options=("wasmmem=5000m",),
    )
    assert out == [
        ("0xfffe0000", [(131072, "rw-s")]),
        (1, "0xfffe0000", [(131072 - 4096, "rw-s")]),
        (OOB, OOB, 9, 10, -1),
    ]


def test_windows_are_shown_where_their_bytes_agree_within_a_page() -> None:
    out = shown_run(
        """
h = wasm.SharedHeap(8192)
g = wasm.SharedHeap(8192)
i = inst()
e = i.exports
i.map(h, 0x40000000)
i.map(g, 0x40002000, readonly=True)
i.map(bytearray(8192), 0x50000000)
p(shown())
e.store32(0x40001ffc, 1)
g.view(g.start, 4)[0] = 7
p(msg(e.load64, 0x40001ffc), e.load32(0x40001ffc), e.load8(0x40002000), msg(e.store8, 0x40002000, 1))
e.store32(0x50000000, 3)
p(e.load32(0x50000000), msg(e.load32, 0x50001ffe))
i.unmap(h)
p(shown(), msg(e.load8, 0x40000000))
i.map(h, 0x40010008)               # not agreeing within a page: the fault path
p(shown(), e.load32(0x40010008 + 0x1ffc))
"""
    )
    assert out == [
        [(4096, "r--s"), (8192, "rw-s")],
        (OOB, 1, 7, OOB),
        (3, OOB),
        ([(8192, "r--s")], OOB),  # no seam below it any more: all of it
        ([(8192, "r--s")], 1),
    ]


def test_a_rw_board_region_is_shown_and_the_others_keep_their_faults() -> None:
    code = """
import board
r = wasm.SharedHeap(region='shared')
e1 = inst(r).exports
i2 = inst()
e2 = i2.exports
i2.map('shared', 0x50000000)
ro = wasm.SharedHeap(region='rodata')   # a read-only region: its faults are the region's
e3 = inst(ro).exports
p(shown())
e1.store32(r.start + 4, 0x1234)
p(hex(e2.load32(0x50000004)), board.regions['shared'].view()[4], e3.load8(ro.start + 3))
try:
    e3.store8(ro.start + 3, 1)
except Exception as x:
    p(type(x).__name__, str(x).split(': write at')[0], "in region 'rodata' (ro)" in str(x))
"""
    fast = shown_run(code)
    slow = shown_run(code, ("showheaps=0",))
    assert fast[0] == [(65536, "rw-s"), (65536, "rw-s")] and slow[0] == []
    assert fast[1:] == slow[1:] == [("0x1234", 0x34, 3), ("Trap", "out of bounds memory access", True)]


def test_only_whole_agreeing_pages_of_a_heap_are_shown() -> None:
    out = shown_run(
        """
a = wasm.SharedHeap(12288 + 32)    # its bytes placed to agree: three whole pages shown
b = wasm.SharedHeap(1000)          # less than a page: none
c = wasm.SharedHeap(buffer=bytearray(4000))  # less than a page too
for h in (a, b, c):
    i = inst(h)
    e = i.exports
    e.store32(h.start, 1)
    e.store32(TOP - 4, 2)
    p(shown(), e.load32(h.start), e.load32(TOP - 4), msg(e.load32, h.start - 2), msg(e.load32, TOP - 2))
    i.detach()
"""
    )
    assert out == [
        ([(12288, "rw-s")], 1, 2, OOB, OOB),
        ([], 1, 2, OOB, OOB),
        ([], 1, 2, OOB, OOB),
    ]


def test_no_mapping_is_left_once_the_collector_frees_heaps_and_instances() -> None:
    # a round leaves 24 shown mappings and 12 reservations (over 70 lines of /proc/self/maps)
    # until collected; the collector is conservative, so a stray word may keep the last round's
    # instance or two: over 30 rounds the lines must not grow by more than such a one holds
    out = shown_run(
        """
def round():
    hs = [wasm.SharedHeap(4096 * (k % 3 + 1)) for k in range(12)]
    ins = [inst(hs[k]) for k in range(12)]
    for k in range(12):
        ins[k].map(hs[(k + 1) % 12], 0x40000000 + 0x10000 * k, readonly=k % 2 == 1)
    ins[2].exports.store32(0x40020000, 77)
    return ins[3].exports.load32(hs[3].start), len(shown())
def settle():
    for k in range(3):
        gc.collect()
    return nmaps()
p(round())
first = settle()
for r in range(30):
    round()
grown = settle() - first
p(len(shown()), grown)
"""
    )
    assert out[0] == (77, 24)
    left, grown = out[1]
    assert left <= 4 and grown <= 12, out
    # and none at all once the heaps and instances are detached, unmapped and collected
    out = shown_run(
        """
hs = [wasm.SharedHeap(8192) for k in range(6)]
ins = [inst(hs[k]) for k in range(6)]
for k in range(6):
    ins[k].map(hs[(k + 1) % 6], 0x40000000)
p(len(shown()))
for i in ins:
    i.detach()
    i.unmap(0x40000000)
p(len(shown()))
"""
    )
    assert out == [12, 0]


@pytest.mark.parametrize(
    "name,code,expected",
    [c for c in sheap_cases.CASES if "region=" not in c[1]],
    ids=[c[0] for c in sheap_cases.CASES if "region=" not in c[1]],
)
def test_sheap_case_on_the_fault_path_alone(name: str, code: str, expected: list) -> None:
    # -X showheaps=0: the heap's bytes private, nothing shown: what a platform that refuses the
    # mapping runs, every heap and window access through the fault path
    assert run(sheap_cases.PRELUDE + code, sheap_cases.PROGRAMS, options=("showheaps=0",)) == expected


@pytest.mark.parametrize("name,code,expected", window_cases.CASES, ids=[c[0] for c in window_cases.CASES])
def test_window_case_on_the_fault_path_alone(name: str, code: str, expected: list) -> None:
    assert run(window_cases.PRELUDE + code, window_cases.PROGRAMS, options=("showheaps=0",)) == expected
