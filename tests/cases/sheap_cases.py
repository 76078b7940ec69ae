# SPDX-License-Identifier: MIT
"""Shared-heap test bodies, run unchanged on the host port (tests/host/test_sheap.py)
and on every QEMU board (tests/hil/test_sheap_board.py).

Each case is (name, code, expected): `code` is a MicroPython snippet using the
helpers of tests/support/host.py (p, exc) plus PRELUDE below, and `expected` the
list of values it prints with p(). Heaps are small (<= 4 KiB) and instances
get memory_limit=4096 so the smallest board's heap holds them. The cases
follow WAMR's own shared-heap tests (tests/unit/shared-heap) plus ours.
"""

from __future__ import annotations

PROGRAMS = ("sheap", "sheap_cb", "sheap_shared", "regionmem", "regionmem_init", "regionmem_start", "regionfault")

PRELUDE = """
import gc
M = wasm.Module(SHEAP)
REGIONMEM_M = wasm.Module(REGIONMEM)
def inst(h=None):
    return wasm.Instance(M, shared_heap=h, memory_limit=4096)
def u(x):
    return x & 0xffffffff
TOP = 2**32
def msg(f, *a):
    # an exception's type and whole text (exc gives a trap's kind alone)
    try:
        f(*a)
    except Exception as x:
        return (type(x).__name__, str(x))
"""

TRAP = ("Trap", "out of bounds memory access")

CASES = [
    (
        "basic_malloc_store_load_free",
        """
h = wasm.SharedHeap(4096)
e = inst(h).exports
a = u(e.malloc(100))
p(TOP - 4096 <= a < TOP, a % 8)
e.store32(a, 0x12345678)
p(hex(u(e.load32(a))), bytes(h.view(a, 4)))
e.free(a)
b = u(e.malloc(100))
p(a == b)
c = h.malloc(16)
h.view(c, 2)[:] = b'hi'
p(e.load8(c), e.load8(c + 1))
h.free(c)
""",
        [(True, 0), ("0x12345678", b"xV4\x12"), True, (104, 105)],
    ),
    (
        "malloc_failure",
        """
h = wasm.SharedHeap(4096)
e = inst(h).exports
p(e.malloc(4096), e.malloc(0x7fffffff), e.malloc(-1))
p(exc(h.malloc, 4096)[0], exc(h.malloc, -1)[0])
a = [h.malloc(1000) for i in range(4)]
p(exc(h.malloc, 1000)[0], e.malloc(1000))
for x in a:
    h.free(x)
p(h.malloc(4000) > 0)
""",
        [(0, 0, 0), ("MemoryError", "ValueError"), ("MemoryError", 0), True],
    ),
    (
        "malloc_on_preallocated_heap",
        """
b = bytearray(1024)
h = wasm.SharedHeap(buffer=b)
e = inst(h).exports
p(e.malloc(16), exc(h.malloc, 16), h.managed)
""",
        [(0, ("ValueError", "pre-allocated heap: no allocator"), False)],
    ),
    (
        # issue 17, 5b: a managed heap in front of 5 bytes would start (and
        # hand out blocks) off 8-byte alignment: the chain is refused
        "managed_head_chain_stays_aligned",
        """
b = wasm.SharedHeap(buffer=bytearray(5))
h = wasm.SharedHeap(64)
p(exc(wasm.chain, h, b))
c = wasm.chain(h, wasm.SharedHeap(buffer=bytearray(16)))
e = inst(c).exports
p(hex(h.start), h.malloc(8) % 8, u(e.malloc(3)) % 8, u(e.malloc(1)) % 8)
""",
        [
            (
                "ValueError",
                "a managed heap must start 8-byte aligned: the heaps after it must total a multiple of 8 bytes",
            ),
            ("0xffffffb0", 0, 0, 0),
        ],
    ),
    (
        "address_conversion_edges",
        """
h = wasm.SharedHeap(4096)
p(h.start == TOP - 4096, h.app_addr() == h.start, h.app_addr(4095) == TOP - 1)
p(exc(h.app_addr, 4096)[0], exc(h.app_addr, -1)[0])
p(h.offset(h.start), h.offset(TOP - 1), exc(h.offset, h.start - 1)[0], exc(h.offset, TOP)[0])
p(len(h.view(h.start, 4096)), len(h.view(TOP - 1, 1)), len(h.view(TOP - 1, 0)))
p(exc(h.view, h.start - 1, 1)[0], exc(h.view, TOP - 1, 2)[0], exc(h.view, TOP, 0)[0])
""",
        [
            (True, True, True),
            ("ValueError", "ValueError"),
            (0, 4095, "ValueError", "ValueError"),
            (4096, 1, 0),
            ("ValueError", "ValueError", "ValueError"),
        ],
    ),
    (
        "rmw_first_last_byte_persists_across_instances",
        """
h = wasm.SharedHeap(buffer=bytearray(4096))
e1 = inst(h).exports
e1.add32(h.start, 5)
e1.add32(TOP - 4, 7)
e1.store8(TOP - 1, 0x80)
del e1
gc.collect()
e2 = inst(h).exports
e2.add32(h.start, 5)
p(e2.load32(h.start), hex(u(e2.load32(TOP - 4))), e2.load8(TOP - 1), e2.load8(h.start))
""",
        [(10, "0x80000007", 128, 10)],
    ),
    (
        "chain_rmw_both_heaps",
        """
body = wasm.SharedHeap(buffer=bytearray(1024))
head = wasm.SharedHeap(buffer=bytearray(4096))
p(wasm.chain(head, body) is head, head.body is body, body.head is head)
p(body.start == TOP - 1024, head.start == TOP - 1024 - 4096)
e = inst(head).exports
for a in (head.start, body.start - 4, body.start, TOP - 4):
    e.add32(a, 3)
    e.add32(a, 4)
e2 = inst(head).exports
p([e2.load32(a) for a in (head.start, body.start - 4, body.start, TOP - 4)])
p(bytes(head.view(body.start, 4)) == bytes(body.view(body.start, 4)), bytes(body.view(body.start, 1)))
""",
        [(True, True, True), (True, True), [7, 7, 7, 7], (True, b"\x07")],
    ),
    (
        "out_of_bounds",
        """
h = wasm.SharedHeap(4096)
e = inst(h).exports
p(exc(e.load32, 0xffffffff), exc(e.load16, 0xffffffff), exc(e.load8, 0xffffffff))
p(exc(e.load64, TOP - 8), exc(e.load64, TOP - 7), exc(e.load8_off, TOP - 17), exc(e.load8_off, TOP - 16))
p(exc(e.load8, h.start - 1), exc(e.store8, h.start - 1, 1), exc(e.load32, h.start - 2))
p(exc(e.load8, 65536), exc(e.load8, 0x80000000))
body = wasm.SharedHeap(buffer=bytearray(64))
head = wasm.SharedHeap(buffer=bytearray(64))
head.chain(body)
e = inst(head).exports
p(exc(e.load32, body.start - 2), exc(e.store32, body.start - 1, 0), exc(e.load64, body.start - 4))
p(exc(e.load32, body.start - 4), exc(e.load32, body.start), exc(e.load8, head.start - 1))
""",
        [
            (TRAP, TRAP, None),
            (None, TRAP, None, TRAP),
            (TRAP, TRAP, TRAP),
            (TRAP, TRAP),
            (TRAP, TRAP, TRAP),
            (None, None, TRAP),
        ],
    ),
    (
        "memory_fill_and_copy",
        """
body = wasm.SharedHeap(buffer=bytearray(64))
head = wasm.SharedHeap(buffer=bytearray(64))
head.chain(body)
e = inst(head).exports
p(exc(e.fill, head.start, 0xaa, 64), bytes(head.view(head.start, 2)), bytes(head.view(body.start - 1, 1)))
p(exc(e.fill, body.start, 0x55, 64), exc(e.fill, TOP - 1, 1, 1), bytes(body.view(TOP - 2, 2)))
p(exc(e.fill, TOP - 1, 1, 2), exc(e.fill, body.start - 1, 1, 2), exc(e.fill, head.start - 1, 1, 2))
p(exc(e.fill, body.start, 9, 0), exc(e.fill, TOP - 1, 9, 0), exc(e.fill, head.start - 1, 9, 0))
p(exc(e.fill, 4096, 9, 0), exc(e.fill, 4097, 9, 0), exc(e.fill, head.start, 0, 128))
e.store32(10, 0x04030201)
p(exc(e.copy, body.start, 10, 4), bytes(body.view(body.start, 4)))
p(exc(e.copy, 20, body.start, 4), e.load32(20) == 0x04030201, exc(e.copy, head.start, body.start, 4))
p(exc(e.copy, body.start - 2, 10, 4), exc(e.copy, 20, TOP - 2, 4))
""",
        [
            (None, b"\xaa\xaa", b"\xaa"),
            (None, None, b"U\x01"),
            (TRAP, TRAP, TRAP),
            (None, None, TRAP),
            (None, TRAP, TRAP),
            (None, b"\x01\x02\x03\x04"),
            (None, True, None),
            (TRAP, TRAP),
        ],
    ),
    (
        "chain_managed_and_preallocated",
        """
sensor = wasm.SharedHeap(buffer=bytearray(256))
m = wasm.SharedHeap(1024)
wasm.chain(m, sensor)
e = inst(m).exports
a = u(e.malloc(64))
p(m.start <= a < sensor.start, m.malloc(8) < sensor.start)
e.store8(sensor.start, 3)
p(sensor.view(sensor.start, 1)[0])
""",
        [(True, True), 3],
    ),
    (
        "chain_rules",
        """
a = wasm.SharedHeap(1024)
b = wasm.SharedHeap(1024)
c = wasm.SharedHeap(buffer=bytearray(64))
d = wasm.SharedHeap(buffer=bytearray(64))
p(exc(wasm.chain, a, b))
p(exc(wasm.chain, c, c))
i = inst(c)
p(exc(wasm.chain, a, c), exc(wasm.chain, c, d))
i.detach()
wasm.chain(c, d)
p(exc(wasm.chain, a, d))
e = wasm.SharedHeap(buffer=bytearray(64))
p(exc(wasm.chain, d, e))
i = inst(c)
p(exc(wasm.unchain, c), exc(c.reset), exc(d.close))
p(exc(wasm.chain, 1, c), exc(wasm.chain, c, None), exc(i.attach, d), exc(inst, d))
""",
        [
            ("ValueError", "a chain holds at most one managed heap"),
            ("ValueError", "cannot chain a heap to itself"),
            (("ValueError", "shared heap is attached"), ("ValueError", "shared heap is attached")),
            ("ValueError", "heap is already the body of a chain"),
            ("ValueError", "heap is already in a chain"),
            (
                ("ValueError", "shared heap is attached"),
                ("ValueError", "shared heap is attached"),
                ("ValueError", "shared heap is attached"),
            ),
            (
                ("TypeError", "expected a wasm.SharedHeap"),
                ("TypeError", "expected a wasm.SharedHeap"),
                ("ValueError", "instance already has a shared heap attached"),
                ("ValueError", "heap is the body of a chain: attach its head"),
            ),
        ],
    ),
    (
        "unchain_and_rechain",
        """
h1 = wasm.SharedHeap(buffer=bytearray(64))
h2 = wasm.SharedHeap(buffer=bytearray(128))
h3 = wasm.SharedHeap(buffer=bytearray(256))
wasm.chain(h1, h2)
p(h1.start == TOP - 192, exc(wasm.unchain, h2))
p(wasm.unchain(h1) is h2, h1.body, h1.start == TOP - 64, h2.head)
wasm.chain(h3, h2)
wasm.chain(h1, h3)
p(h1.body is h3, h3.body is h2, h1.start == TOP - 448, h3.start == TOP - 384)
i = inst(h1)
e = i.exports
e.store8(h1.start, 1)
e.store8(h3.start, 3)
e.store8(h2.start, 2)
p(h1.view(h1.start, 1)[0], h3.view(h3.start, 1)[0], h2.view(h2.start, 1)[0])
i.detach()
p(wasm.unchain(h1, entire=True), h3.body, h2.head, h3.start == TOP - 256, exc(h1.unchain)[0])
""",
        [
            (True, ("ValueError", "heap is not the head of a chain")),
            (True, None, True, None),
            (True, True, True, True),
            (1, 3, 2),
            (None, None, None, True, "ValueError"),
        ],
    ),
    (
        "reset",
        """
b = bytearray(b'x' * 64)
pre = wasm.SharedHeap(buffer=b)
m = wasm.SharedHeap(1024)
m.chain(pre)
a1 = m.malloc(512)
p(exc(m.malloc, 512)[0])
i = inst(m)
p(exc(m.reset), exc(pre.reset))
i.detach()
m.reset()
p(bytes(b[:4]), m.malloc(512) == a1)
""",
        [
            "MemoryError",
            (("ValueError", "shared heap is attached"), ("ValueError", "heap is not the head of a chain")),
            (b"\x00\x00\x00\x00", True),
        ],
    ),
    (
        "cross_instance_and_python_visibility",
        """
h = wasm.SharedHeap(buffer=bytearray(256))
e1 = inst(h).exports
e2 = inst(h).exports
v = memoryview(h)
e1.store32(h.start + 8, 0x11223344)
p(hex(e2.load32(h.start + 8)), v[8], bytes(h.view(h.start + 8, 4)))
v[9] = 0
h.view(h.start + 10, 1)[0] = 0
p(hex(e1.load32(h.start + 8)), hex(e2.load32(h.start + 8)))
""",
        [("0x11223344", 0x44, b'D3"\x11'), ("0x11000044", "0x11000044")],
    ),
    (
        "unaligned_access",
        """
h = wasm.SharedHeap(buffer=bytearray(64))
e = inst(h).exports
e.store32(h.start + 1, 0x01020304)
e.store64(TOP - 9, 0x0807060504030201)
p(hex(e.load32(h.start + 1)), hex(e.load16(h.start + 2)), hex(e.load64(TOP - 9)), e.load8(TOP - 2))
p(exc(e.store64, TOP - 7, 0), exc(e.store16, TOP - 1, 0))
""",
        [("0x1020304", "0x203", "0x807060504030201", 8), (TRAP, TRAP)],
    ),
    (
        "memory_grow_up_to_heap",
        """
# a chain of the 'shared' region and 64 bytes: memory may grow up to the
# chain's start (in whole pages), not one page further
rh = wasm.SharedHeap(region='shared')
h = wasm.SharedHeap(buffer=bytearray(64))
h.chain(rh)
fit = h.start // 65536
i = inst(h)
e = i.exports
p(e.grow(fit - 2) == 1, e.size() == fit - 1, e.grow(1) == fit - 1, e.size() == fit, e.grow(1), e.size() == fit)
i.detach()
h.unchain()
i = inst()
i.exports.grow(65535)
p(exc(i.attach, h), i.exports.size())
i2 = inst()
i2.exports.grow(65534)
i2.attach(h)
p(i2.exports.grow(1), i2.exports.size())
""",
        [
            (True, True, True, True, -1, True),
            (("ValueError", "linear memory reaches into the shared heap"), 65536),
            (-1, 65535),
        ],
    ),
    (
        "linear_memory_with_heap_attached",
        """
h = wasm.SharedHeap(buffer=bytearray(64))
e = inst(h).exports
e.store32(0, 7)
e.store64(4088, -1)
p(e.load32(0), e.load64(4088), exc(e.load32, 4094), exc(e.load8, 4096), exc(e.store8, 65535, 0))
e.fill(100, 5, 10)
p(e.sum(100, 10), e.sum(0, 4))
""",
        [(7, -1, TRAP, TRAP, TRAP), (50, 7)],
    ),
    (
        "invalid_sizes",
        """
p(exc(wasm.SharedHeap, 0), exc(wasm.SharedHeap, -1), exc(wasm.SharedHeap, 63))
VO = ('ValueError', 'OverflowError')
p(exc(wasm.SharedHeap, 2**31 + 1)[0] in VO, exc(wasm.SharedHeap, 2**40)[0] in VO)
p(exc(wasm.SharedHeap, buffer=bytearray(0)), exc(wasm.SharedHeap, buffer=b'abc')[0])
p(exc(wasm.SharedHeap), exc(wasm.SharedHeap, 64, buffer=bytearray(4))[0])
p(exc(wasm.SharedHeap, region='no-such-region'), len(wasm.SharedHeap(65)))
""",
        [
            (("ValueError", "size must be 64 .. 2**31"),) * 3,
            (True, True),
            (("ValueError", "buffer size must be 1 .. 2**31"), "TypeError"),
            (("TypeError", "give one of size, buffer= or region="), "TypeError"),
            (("ValueError", "unknown region 'no-such-region'"), 72),
        ],
    ),
    (
        "readonly_attach",
        """
h = wasm.SharedHeap(1024)
a = h.malloc(8)
h.view(a, 1)[0] = 42
i = inst()
i.attach(h, readonly=True)
e = i.exports
p(e.load8(a), exc(e.store8, a, 1), exc(e.fill, a, 0, 1), exc(e.copy, a, 0, 1), e.malloc(8), h.view(a, 1)[0])
i.detach()
p(exc(e.load8, a), i.shared_heap)
i.attach(h)
e.store8(a, 1)
p(e.load8(a), i.shared_heap is h)
""",
        [(42, TRAP, TRAP, TRAP, 0, 42), (TRAP, None), (1, True)],
    ),
    (
        "close",
        """
h = wasm.SharedHeap(1024)
a = h.malloc(8)
v = h.view(a, 8)
v[0] = 9
i = inst(h)
p(exc(h.close))
i.detach()
b = wasm.SharedHeap(buffer=bytearray(64))
h.chain(b)
p(exc(h.close), exc(b.close))
h.unchain()
h.close()
h.close()
p(h.closed, exc(h.malloc, 8), exc(memoryview, h), exc(inst, h), exc(h.view, a, 1), v[0])
p(repr(h), exc(b.chain, h))
gc.collect()
p(v[0], b.closed)
""",
        [
            ("ValueError", "shared heap is attached"),
            (("ValueError", "heap is already in a chain"), ("ValueError", "heap is already in a chain")),
            (
                True,
                ("ValueError", "heap is closed"),
                ("ValueError", "heap is closed"),
                ("ValueError", "heap is closed"),
                ("ValueError", "heap is closed"),
                9,
            ),
            ("<SharedHeap closed>", ("ValueError", "heap is closed")),
            (9, False),
        ],
    ),
    (
        "gc_keeps_heaps_and_buffers_alive",
        """
def make():
    body = wasm.SharedHeap(buffer=bytearray(b'B' * 256))
    head = wasm.SharedHeap(buffer=bytearray(b'H' * 256))
    head.chain(body)
    return inst(head)
e = make().exports
for k in range(3):
    junk = [bytearray(b'\\xee' * 256) for j in range(50)]
    del junk
    gc.collect()
p(e.load8(TOP - 1), e.load8(TOP - 512), e.load8(TOP - 257))
def view_only():
    return wasm.SharedHeap(buffer=bytearray(b'V' * 64)).view(TOP - 10, 4)
v = view_only()
def view_of_slice():
    b = bytearray(b'S' * 80)
    return wasm.SharedHeap(buffer=memoryview(b)[16:]).view(TOP - 4, 4)
w = view_of_slice()
gc.collect()
junk = [bytearray(b'\\xee' * 80) for j in range(50)]
p(bytes(v), bytes(w))
""",
        [(ord("B"), ord("H"), ord("H")), (b"VVVV", b"SSSS")],
    ),
    (
        "bad_arguments",
        """
h = wasm.SharedHeap(1024)
i = inst()
p(exc(i.attach, None)[0], exc(i.attach, h, 1)[0], exc(h.free, 12345), exc(h.free, -1)[0], exc(h.free, 2**32)[0])
p(exc(h.view, 'x', 1)[0], exc(h.view, h.start, -1)[0], exc(h.malloc, 'x')[0], exc(wasm.unchain, h))
a = h.malloc(8)
h.free(a)
p(exc(h.free, a), exc(h.free, a + 1)[0])
A = wasm.Module(b'\\x00asm\\x01\\x00\\x00\\x00')
p(exc(wasm.Instance, A, shared_heap=h), exc(wasm.Instance(A).attach, h))
p(exc(wasm.Instance, M, shared_heap=1, memory_limit=4096)[0], i.detach(), i.shared_heap)
p(exc(wasm.Instance, wasm.Module(b'\\x00asm\\x01\\x00\\x00\\x00\\x05\\x05\\x01\\x00\\x80\\x80\\x04'), shared_heap=1)[0])
""",
        [
            (
                "TypeError",
                "TypeError",
                ("ValueError", "not an allocated block of this heap"),
                "ValueError",
                "ValueError",
            ),
            ("TypeError", "ValueError", "TypeError", ("ValueError", "heap is not the head of a chain")),
            (("ValueError", "not an allocated block of this heap"), "ValueError"),
            (("ValueError", "instance has no memory"), ("ValueError", "instance has no memory")),
            ("TypeError", None, None),
            # a bad shared_heap= is a TypeError before anything is allocated: here a 4 GiB
            # memory that no heap holds (a MemoryError if the instance came first)
            "TypeError",
        ],
    ),
    (
        "memory_over_region_rw_and_ro",
        """
import board
R = wasm.Module(REGIONMEM)
mem = wasm.Memory(region='shared', page_size=1)
ro = wasm.Memory(region='rodata', page_size=1)
rs = board.regions['rodata'].size
ss = board.regions['shared'].size
if ss >= 65536:
    big = wasm.Memory(region='shared').pages == ss // 65536
else:
    big = exc(wasm.Memory, region='shared')[0] == 'ValueError'
p(mem.pages == ss, ro.pages == rs, len(ro) == rs, big, exc(wasm.Memory, 1, region='rodata')[0])
e = wasm.Instance(R, {'env': {'mem': mem, 'ro': ro}}).exports
e2 = wasm.Instance(R, {'env': {'mem': mem, 'ro': ro}}).exports
e.store8(5, 77)
p(e2.load8(5), memoryview(mem)[5], board.regions['shared'].view()[5])
first = e.ro_load8(1)
r = msg(e.ro_store8, 1, 0)
p(r[0], r[1].startswith('out of bounds memory access: write at 0x'), "'rodata' (ro)" in r[1])
p(e.ro_load8(1) == first, exc(e.ro_load8, rs), exc(e.ro_fill, 0, 1, 1)[0], e.load8(5), mem.grow(1), mem.grow(0) == ss)
for k in range(50):
    exc(e.ro_store8, k, 0)
p(e.size() == ss, e.ro_size() == rs, e.load8(5))
""",
        [
            (True, True, True, True, "TypeError"),
            (77, 77, 77),
            ("Trap", True, True),
            (True, TRAP, "Trap", 77, -1, True),
            (True, True, 77),
        ],
    ),
    (
        # a fault the MPU (mprotect) raises inside wasm code says where, as any trap
        # (docs/regions.md): the frame top in the engine's register, the instance it
        # runs noted where calls switch instance (mw_config.h MW_FAULT_WHERE); the small
        # profile keeps none: the fault's text alone, depth 0
        "a_fault_says_where",
        """
ro = wasm.Memory(region='rodata', page_size=1)
F = wasm.Module(REGIONFAULT)
a = wasm.Instance(F, {'env': {'ro': ro, 'hop': abs}}).exports
b = wasm.Instance(F, {'env': {'ro': ro, 'hop': a.run}}).exports
full = hasattr(F, 'unlower')
def t(f, *args):
    try:
        f(*args)
    except wasm.Trap as x:
        s = str(x)
        head = 'out of bounds memory access: write at 0x'
        return (s.startswith(head) and "in region 'rodata' (ro)" in s, s.split('(ro)')[1], x.kind, x.func,
                x.trace, x.depth)
def want(where, func, trace):
    return (True, where, 'out of bounds memory access', func, trace, len(trace)) if full else (
        True, '', 'out of bounds memory access', None, (), 0)
# (the faulting frame names no instruction: the fault's pc is not the
# interpreter's; its callers name their calls, by byte offset in the module)
p(t(a.run, 1) == want(" in function 1 'poke' (called from 2 'mid' at 0x70 <- 3 'run' at 0x77)", 1,
                      ((1, 'poke', None), (2, 'mid', None), (3, 'run', None))))
p(t(a.poke, 2, 9) == want(" in function 1 'poke'", 1, ((1, 'poke', None),)))
p(t(a.fill, 3) == want(" in function 4 'fill'", 4, ((4, 'fill', None),)))
p(t(b.via, 4) == want(" in function 1 'poke' (called from 2 'mid' at 0x70 <- 3 'run' at 0x77 <- 5 'via' at 0x8a"
                      " (other instance))", 1,
                      ((1, 'poke', None), (2, 'mid', None), (3, 'run', None), (5, 'via', 'other'))))
try:
    a.div(0)
except wasm.Trap as x:
    d = (str(x), x.depth)
# a trap after the faults has its own path; the instances go on
p(d == ("integer divide by zero in function 6" + (" 'div' at 0x93" if full else ""), 1), a.div(1),
  t(a.run, 5) == t(a.run, 6))
""",
        [True, True, True, True, (True, 1, True)],
    ),
    (
        "repeated_faults_leave_the_runtime_clean",
        """
R = wasm.Module(REGIONMEM)
e = wasm.Instance(R, {'env': {'mem': wasm.Memory(region='shared', page_size=1),
                              'ro': wasm.Memory(region='rodata', page_size=1)}}).exports
# the very first call faults (the runtime's stacks do not exist before it)
n = 0
for k in range(300):
    try:
        e.ro_store8(k, 1)
    except wasm.Trap:
        n += 1
e.store8(0, 9)
p(n, e.load8(0))
""",
        [(300, 9)],
    ),
    (
        "faults_while_instantiating",
        """
ro = wasm.Memory(region='rodata', page_size=1)
for k in range(20):
    r1 = msg(wasm.Instance, wasm.Module(REGIONMEM_INIT), {'env': {'ro': ro}})
    r2 = msg(wasm.Instance, wasm.Module(REGIONMEM_START), {'env': {'ro': ro}})
p(r1[0], r1[1].startswith('out of bounds memory access: write at'), r2[0], "'rodata'" in r2[1])
e = wasm.Instance(REGIONMEM_M, {'env': {'mem': wasm.Memory(region='shared', page_size=1), 'ro': ro}}).exports
e.store8(3, 4)
p(e.load8(3))
""",
        [("Trap", True, "Trap", True), 4],
    ),
    (
        "chain_of_two_regions",
        """
import board
ro = wasm.SharedHeap(region='rodata')
rw = wasm.SharedHeap(region='shared')
ro.chain(rw)
e = inst(ro).exports
rv = board.regions['rodata'].view()
last = rw.start - 1
# one contiguous range to wasm: the last rodata byte, then the first shared one
e.store8(rw.start, 0x5a)
p(e.load8(last) == rv[len(rv) - 1], e.load8(rw.start), e.load8(ro.start) == rv[0], exc(e.load16, last))
r = msg(e.store8, ro.start + 1, 0)
p(r[0], "'rodata'" in r[1], e.load8(rw.start))
""",
        [(True, 0x5A, True, TRAP), ("Trap", True, 0x5A)],
    ),
    (
        # pyboard: CCM + SRAM2 (QEMU boards have one rw region; the host test adds one)
        "chain_of_every_rw_region",
        """
import board
rw = sorted(n for n, r in board.regions.items() if r.access == 'rw')
hs = [wasm.SharedHeap(region=n) for n in rw]
for i in range(len(hs) - 1, 0, -1):
    hs[i - 1].chain(hs[i])
e = inst(hs[0]).exports
ok = True
for h in hs:
    last = TOP - 1 if h.body is None else h.body.start - 1
    e.store8(h.start, 0x11)
    e.store8(last, 0x22)
    v = board.regions[h.region].view()
    ok = ok and v[0] == 0x11 and v[h.size - 1] == 0x22 and e.load8(last) == 0x22
    if h.body is not None:
        ok = ok and exc(e.load16, last) == ("Trap", "out of bounds memory access")
p(len(hs) >= 1, ok, hs[0].start == TOP - sum(h.size for h in hs))
""",
        [(True, True, True)],
    ),
    (
        "heap_over_region_chained_with_buffer",
        """
import board
rh = wasm.SharedHeap(region='shared')
bh = wasm.SharedHeap(buffer=bytearray(64))
p(rh.region, rh.size == board.regions['shared'].size, rh.managed)
bh.chain(rh)
e = inst(bh).exports
e.store8(TOP - 1, 5)
e.store8(bh.start, 6)
p(board.regions['shared'].view()[rh.size - 1], bh.view(bh.start, 1)[0], exc(e.load16, rh.start - 1))
""",
        [("shared", True, False), (5, 6, TRAP)],
    ),
    (
        # a bytearray (or array.array) under a heap moves its bytes to a new
        # block when it grows and frees the old one; MicroPython cannot refuse
        # that, and a heap's place (2^32 - size) cannot follow a shrink: once
        # it moved or shrank, every use of the heap and every entry into wasm
        # while its chain is in use (attached, or any heap of it mapped: here
        # the body below it) raises (until session 29 wasm wrote into the
        # freed block: another object's bytes)
        "a_heap_whose_bytearray_was_resized_raises",
        """
MOVED = "heap's buffer was resized: keep its length"
def moved(f, *a):
    return exc(f, *a) == ('ValueError', MOVED)
b = bytearray(64)
h = wasm.SharedHeap(buffer=b)
i = inst(h)
e = i.exports
a = h.start
e.store8(a, 7)
b.extend(bytes(64))
p(b[0], moved(e.load8, a), moved(e.store8, 0, 1))
p(moved(h.view, a, 1), moved(bytes, h), moved(h.reset))
p(moved(inst, h), moved(wasm.chain, wasm.SharedHeap(buffer=bytearray(8)), h))
i.detach()
p(exc(e.load8, a), e.load8(0), h.close(), h.closed)
b = bytearray(64)
h = wasm.SharedHeap(buffer=b)
i = inst(h)
b[32:] = b''
p(moved(i.exports.load8, h.start))
b.extend(bytes(32))
p(i.exports.load8(h.start), h.view(h.start, 1)[0])
C = wasm.Module(SHEAP_CB)
body = bytearray(64)
bh = wasm.SharedHeap(buffer=body)
hh = wasm.SharedHeap(64).chain(bh)
j = wasm.Instance(C, {'env': {'cb': lambda: body.extend(bytes(64))}}, shared_heap=hh, memory_limit=4096)
p(moved(j.exports.cb_then_store8, bh.start, 9), body[0])
j.detach()
c = wasm.SharedHeap(64)
c.close()
p(exc(wasm.chain, c, bh))
m = wasm.Instance(M, memory_limit=4096)
p(moved(m.map, bh), m.exports.load8(0))
top = bytearray(64)
low = wasm.SharedHeap(64)
wasm.SharedHeap(buffer=top).chain(low)
m.map(low)
top.extend(bytes(64))
p(moved(m.exports.load8, 0))
m.unmap(low)
p(m.exports.load8(0), moved(m.map, low), m.windows)
""",
        [
            (7, True, True),
            (True, True, True),
            (True, True),
            (TRAP, 0, None, True),
            True,
            (0, 0),
            (True, 0),
            ("ValueError", "heap is closed"),
            (True, 0),
            True,
            (0, True, []),
        ],
    ),
    (
        # a heap attached to a memory instances share (an instance's exported
        # memory imported by others): every instance of it reaches the heap,
        # only the attaching one detaches it (another's inst.detach() does
        # nothing, its attach finds the memory's heap), and a host function
        # may detach and close the heap while another instance runs: its
        # next access there traps (the binding fuzzer draws these since
        # session 30, tests/fuzz/binding_model.py op_heap 11)
        "a_heap_on_a_memory_instances_share",
        """
SH = wasm.Module(SHEAP_SHARED)
h = wasm.SharedHeap(64)
a = inst()
def other(cb):
    return wasm.Instance(SH, {'env': {'mem': a.exports.memory, 'cb': cb}}, memory_limit=4096)
b = other(lambda: None)
a.attach(h)
a.exports.store8(h.start, 5)
p(b.shared_heap is h, b.exports.load8(h.start))
b.detach()
p(a.shared_heap is h, b.exports.load8(h.start), msg(b.attach, wasm.SharedHeap(64)))
def cb():
    a.detach()
    h.close()
c = other(cb)
p(exc(c.exports.cb_then_load8, h.start), h.closed, b.shared_heap, a.shared_heap, b.exports.load8(0))
""",
        [
            (True, 5),
            (True, 5, ("ValueError", "instance already has a shared heap attached")),
            (TRAP, True, None, None, 0),
        ],
    ),
]
# The worked example of docs/shared-heap.md: a producer instance fills a frame
# in a "sensor" heap (pre-allocated over a buffer; on a board it could be
# region='shared'), a consumer instance reads it in place and writes its
# statistics into a block of the chain's managed heap, and Python reads both
# through memoryviews. No byte is copied between Python and wasm.
DEMO_PROGRAMS = ("sheap_producer", "sheap_consumer")
DEMO = """
sensor = wasm.SharedHeap(buffer=bytearray(512))       # 256 samples of 16 bits
work = wasm.SharedHeap(256)                           # managed: results
head = wasm.chain(work, sensor)
producer = wasm.Instance(wasm.Module(SHEAP_PRODUCER), shared_heap=head, memory_limit=4096)
consumer = wasm.Instance(wasm.Module(SHEAP_CONSUMER), shared_heap=head, memory_limit=4096)
frame = sensor.start
ok = True
for seed in range(3):
    producer.exports.produce(frame, 256, seed)
    r = consumer.exports.consume(frame, 256) & 0xffffffff
    st = head.view(r, 16)                             # zero-copy view of the result
    got = [int.from_bytes(st[i:i + 4], 'little') for i in (0, 4, 8, 12)]
    got = [g - (1 << 32) if g >= 1 << 31 else g for g in got]
    fv = memoryview(sensor)                           # and of the frame itself
    s = [int.from_bytes(fv[i:i + 2], 'little') for i in range(0, 512, 2)]
    s = [x - 65536 if x >= 32768 else x for x in s]
    ok = ok and got == [sum(s), min(s), max(s), 256] and work.start <= r < sensor.start
    work.free(r)
p(ok, s[:3])
"""
DEMO_EXPECTED = [
    (True, [-1000 + (2 * 7919) % 2001, -1000 + (2 * 7919 + 104729) % 2001, -1000 + (2 * 7919 + 2 * 104729) % 2001])
]
