# SPDX-License-Identifier: MIT
"""Lowering on first call (`wasm.Module(bytes)`, modwasm/engine/lazy.c), run
unchanged on the host port (tests/host/test_wasm_lazy.py) and on every QEMU
board (tests/hil/test_wasm_lazy_board.py).

Each case is (name, code, expected) like error_cases.py: `code` a snippet
using the helpers of tests/support/host.py (p, exc) and ENGINE_LAZY
(tests/programs/engine_lazy.wat), `expected` what it prints with p().
"""

from __future__ import annotations

PROGRAMS = ("engine_lazy",)

# (type (func (result i32))), two functions, "f" exports the first; the
# second, which nothing calls, has the body `i64.const 0`: a type mismatch.
BAD = bytes.fromhex("0061736d010000000105016000017f0303020000070501016600000a0b02040041070b040042000b")

# A module's bytes on the device: an unsigned LEB128 and a section (also
# bench/board/memory_reach_board.py's).
WASM_BYTES = r"""
def _leb(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v == 0 and not b & 0x40:
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)

def _sec(i, body):
    return bytes([i]) + _leb(len(body)) + body
"""
# MicroPython code defining _adds(n, head), head and then the body code adding
# 1..n to the value on the stack one i32.add at a time, and BIG(n): the bytes of a module with
# (func (export "outer") (param i32) (result i32) (call $big (local.get 0)))
# and $big, which adds 1..n to its argument one i32.add at a time (about 10-16
# bytes of lowered code per addition). Built on the device: a literal of its
# size would not compile in a small board's heap.
BIG = (
    WASM_BYTES
    + r"""

def _body(code):
    return _leb(len(code) + 1) + b'\x00' + code

def _adds(n, head=b''):
    s = bytearray(head)
    for j in range(1, n + 1):
        s += b'\x41' + _leb(j) + b'\x6a'
    return s

def BIG(n):
    big = _adds(n, b'\x20\x00')    # grown in place: no second copy of a big body
    big += b'\x0b'
    return (b'\x00asm\x01\x00\x00\x00' + _sec(1, b'\x01\x60\x01\x7f\x01\x7f') + _sec(3, b'\x02\x00\x00')
            + _sec(7, b'\x01\x05outer\x00\x00') + _sec(10, b'\x02' + _body(b'\x20\x00\x10\x01\x0b') + _body(big)))
"""
)

# MicroPython code defining fill_heap(keep): after a collection, fills the
# heap with bytearrays of 4096 bytes appended to the list keep, halving the
# size at each MemoryError down to 16 (then under 16 bytes are free; drop one
# to make room). keep is the caller's, made before: a new global at a full
# heap could need a larger globals dict.
FILL_HEAP = r"""
def fill_heap(keep):
    gc.collect()
    k = 4096
    while k >= 16:
        try:
            keep.append(bytearray(k))
        except MemoryError:
            k //= 2
"""

# engine_lazy.wat: 7 functions; mix calls $add directly and $mul through the table
CASES = [
    (
        "ram_grows_on_first_calls_only",
        """
m = wasm.Module(ENGINE_LAZY)
e = wasm.Module(ENGINE_LAZY, lazy=False)
p(m.lowered, e.lowered, m.ram < e.ram)
r0 = m.ram
i = wasm.Instance(m)
p(m.lowered, m.ram == r0)
p(i.exports.mix(3, 4), m.lowered, m.ram > r0)
r1 = m.ram
p(i.exports.mix(5, 6), m.lowered, m.ram == r1)
p(i.exports.apply(7, 2, 1), m.lowered)
p(exc(i.exports.apply, 1, 2, 5), m.lowered)
p(i.exports.fact(10), m.lowered)
j = wasm.Instance(m)
r2 = m.ram
p(j.exports.fact(5), j.exports.mix(1, 1), m.lowered, m.ram == r2)
ie = wasm.Instance(e)
p(ie.exports.mix(3, 4), ie.exports.apply(7, 2, 1), ie.exports.fact(10), e.lowered)
""",
        [
            ((0, 7), (7, 7), True),
            ((0, 7), True),
            (21, (3, 7), True),
            (55, (3, 7), True),
            (5, (5, 7)),  # $sub, reached only by the table
            (("Trap", "undefined element"), (5, 7)),
            (3628800, (6, 7)),  # all but the one nothing calls
            (120, 2, (6, 7), True),  # a second instance shares the code
            (21, 5, 3628800, (7, 7)),
        ],
    ),
    (
        "invalid_body_never_called_fails_at_load",
        f"""
import io
bad = {BAD!r}
good = bad[:-3] + b'\\x41' + bad[-2:]
for mk in (bytes, bytearray, io.BytesIO):
    for lazy in (True, False):
        p(exc(wasm.Module, mk(bad), lazy=lazy))
        p(wasm.Instance(wasm.Module(mk(good), lazy=lazy)).exports.f())
""",
        [("CompileError", "type mismatch at offset 0x28"), 7] * 6,
    ),
    (
        # the heap filled with Python objects but for 4 KiB (8 KiB on a 64-bit
        # host, where pointers and so the allocations are bigger): a first call of outer
        # lowers it (work buffers and a block for its code), then finds no room for
        # $big's code (16 KB for 1000 additions; 4.8 KB for 300 where the heap
        # is small: validating $big at load takes a buffer of twice that) and
        # raises MemoryError naming function 1 ($big) and the bytes it asked
        # for (outer, running, cannot give way); once memory is free again
        # the same call lowers $big and runs. (The runtime's stacks come from
        # an earlier call.)
        "memory_error_on_first_call_leaves_the_module_usable",
        BIG
        + FILL_HEAP
        + """
import gc, sys
gc.collect()
warm = wasm.Instance(wasm.Module(ENGINE_LAZY))
warm.exports.fact(3)
gc.collect()
n = 1000 if gc.mem_free() > 256 * 1024 else 300
m = wasm.Module(BIG(n))
gc.collect()
outer = wasm.Instance(m).exports.outer
r0 = m.ram
keep = []
fill_heap(keep)
keep[0] = None
if sys.maxsize > 2**32:
    keep[1] = None
gc.collect()
err = None
try:
    outer(1)
except MemoryError as e:
    err = str(e)
except Exception as e:
    err = e
keep = None
gc.collect()
low = m.lowered
pre = 'lowering function 1: out of memory (need '
p(err[:len(pre)], err[-7:], int(err[len(pre):-7]) > 0, low, m.ram > r0)
total = 1 + n * (n + 1) // 2
p(outer(1) == total, m.lowered, outer(2) == total + 1)
""",
        [("lowering function 1: out of memory (need ", " bytes)", True, (1, 2), True), (True, (2, 2), True)],
    ),
]

# Module.unlower() where the firmware has it (MW_UNLOWER; everywhere but the
# boards whose profile is "small", tests/hil/test_wasm_lazy_board.py), with
# the programs it needs; UNLOWER_OFF, the same name, where it is left out.
UNLOWER_PROGRAMS = ("engine_lazy", "callbacks")
UNLOWER = (
    # Module.unlower(): the code lowered so far is dropped (Module.ram back
    # to its value after the load) and lowered again on the next calls;
    # refused for an eager module and from inside a call (a host function)
    "unlower_drops_the_code_until_the_next_calls",
    """
m = wasm.Module(ENGINE_LAZY)
r0 = m.ram
i = wasm.Instance(m)
p(i.exports.fact(5), i.exports.mix(3, 4), m.lowered, m.ram > r0)
p(m.unlower(), m.lowered, m.ram == r0)
p(i.exports.fact(6), m.lowered, m.ram > r0)
p(exc(wasm.Module(ENGINE_LAZY, lazy=False).unlower))
c = wasm.Module(CALLBACKS)
seen = []
def add(a, b):
    seen.append(exc(c.unlower))
    return a + b
env = {'env': {'add': add, 'mix': lambda a, b, d: 0.0, 'pair': lambda: (0, 0), 'boom': lambda: None}}
ci = wasm.Instance(c, env)
p(ci.exports.call_add(2, 3), seen, c.lowered[0])
c.unlower()
p(ci.exports.call_add(4, 5), c.lowered[0])
""",
    [
        (120, 21, (4, 7), True),
        (None, (0, 7), True),
        (720, (1, 7), True),
        ("ValueError", "not a lazy module: its code was lowered at load"),
        (5, [("ValueError", "a call into wasm is running")], 1),
        (9, 1),
    ],
)

# code_budget= where the firmware has it (MW_UNLOWER, as Module.unlower()):
# engine_budget.wat's "outer" calls the host, which calls "work" back; work
# lowers $f1..$f3. The budget (2/3 of the code all five functions take,
# measured on a module without one: code_budget=None) makes each call drop code and lower it
# again, also while outer waits in the host call: the outputs are the
# unbudgeted module's, Module.ram stays within the load's plus the budget
# inside the host call and after each call, and a budget is refused where
# the module is not lazy (or below 1 byte). A bytearray with a budget is lazy.
BUDGET_PROGRAMS = ("engine_budget",)
BUDGET = (
    "code_budget_drops_code_not_running",
    """
def run(mod):
    inst = None
    seen = []
    def cb(x):
        r = inst.exports.work(x)
        seen.append(mod.ram)
        return r
    inst = wasm.Instance(mod, {'env': {'cb': cb}})
    r0 = mod.ram
    out = [inst.exports.outer(1000 + k) for k in range(3)]
    return out, r0, seen, mod.ram
m = wasm.Module(ENGINE_BUDGET, code_budget=None)
want, r0, _, r1 = run(m)
p(m.lowered, m.lowerings)
budget = (r1 - r0) * 2 // 3
b = wasm.Module(ENGINE_BUDGET, code_budget=budget)
got, q0, seen, q1 = run(b)
p(got == want, len(seen), max(seen) - q0 <= budget, q1 - q0 <= budget, b.lowered[0] < 5, b.lowerings > 2 * 5)
p(wasm.Module(bytearray(ENGINE_BUDGET), code_budget=budget).lowered)
p(exc(wasm.Module, ENGINE_BUDGET, code_budget=0), exc(wasm.Module, ENGINE_BUDGET, lazy=False, code_budget=budget))
# the budget as an attribute: read, changed, removed (None); refused as at load
p(m.code_budget, b.code_budget == budget)
b.code_budget = None
n = b.lowerings
got, _, _, _ = run(b)
p(b.code_budget, got == want, b.lowered, b.lowerings - n <= 5)
# a budget applies from the next lowering on: nothing is dropped until then
m.code_budget = 1
p(m.code_budget, run(m)[0] == want, m.lowered)
m.unlower()
p(run(m)[0] == want, m.lowered[0] < 5)
e = wasm.Module(ENGINE_BUDGET, lazy=False)
def setb(v):
    e.code_budget = v
p(exc(setb, 100), exc(setb, None), e.code_budget)
""",
    [
        ((5, 5), 5),
        (True, 3, True, True, True, True),
        (0, 5),
        (
            ("ValueError", "code_budget must be at least 1"),
            ("ValueError", "not a lazy module: its code was lowered at load"),
        ),
        (None, True),
        (None, True, (5, 5), True),
        (1, True, (5, 5)),
        (True, True),
        (
            ("ValueError", "not a lazy module: its code was lowered at load"),
            ("ValueError", "not a lazy module: its code was lowered at load"),
            None,
        ),
    ],
)
# Which cold functions a budget drops (lazy.c lazy_drop_cold): the fewest
# bytes that make the room. engine_budget_fit.wat's "run" calls $small, $big,
# $next, then $small again; the budget (from each function's code, measured
# on modules without one) holds run, $small and $big, and lowering $next needs
# more than $small's room and at most $big's, both called once since. $big
# alone goes and $small stays: 4 lowerings, run, $small and $next kept.
# Dropping the cold ones in the order they were lowered (session 31) dropped
# $small as well and lowered it again (5).
BUDGET_FIT_PROGRAMS = ("engine_budget_fit",)
BUDGET_FIT = (
    "code_budget_drops_the_fewest_bytes",
    """
def code(name):
    m = wasm.Module(ENGINE_BUDGET_FIT, code_budget=None)
    f = getattr(wasm.Instance(m).exports, name)
    r0 = m.ram
    return f(5), m.ram - r0
(_, s), (_, b), (_, n), (want, all) = code('small'), code('big'), code('next'), code('run')
r = all - s - b - n
budget = r + s + n + (b - s) // 2
p(b > s, n >= (b - s) // 2, r + s + b <= budget)
m = wasm.Module(ENGINE_BUDGET_FIT, code_budget=budget)
i = wasm.Instance(m)
r0 = m.ram
p(i.exports.run(5) == want, m.ram - r0 <= budget, m.lowerings, m.lowered)
""",
    [(True, True, True), (True, True, 4, (3, 4))],
)
# A running function larger than the code arena (lazy.c running_held): run's
# code (about 1,000 i32.adds, ~10 KB lowered) takes a block of its own under
# code_budget=4200 (an arena of 4,200 B; 9,450 B where code is threaded,
# CODE_SCALE as in DEFAULT_CODE, over MW_CODE_ARENA_MIN there); each of its loop's turns calls
# f0..f3 (small: all four fit in the arena) and then does the adds. Its block
# counted against the budget while it ran, so each lowering dropped every
# other function and each turn lowered all four again (45 lowerings after 11
# turns; tests/programs/wasi_fsops.c's write loop lowered 9 a turn). Now the
# block of a running function does not count: 5 lowerings, the same sums.
OWN_BLOCK = (
    "code_budget_running_function_larger_than_the_arena",
    BIG
    + r"""
def LOOP(n, k):
    # run(t) (func 0): t times x = f{k-1}(...f0(x)) plus 1..n; f0..f{k-1}: their argument plus 1..8
    run = b'\x01\x01\x7f\x03\x40\x20\x01'
    for i in range(k):
        run += b'\x10' + _leb(i + 1)
    run = _adds(n, run) + b'\x21\x01\x20\x00\x41\x01\x6b\x22\x00\x0d\x00\x0b\x20\x01\x0b'
    code = _leb(k + 1) + _leb(len(run)) + run + _body(_adds(8, b'\x20\x00') + b'\x0b') * k
    return (b'\x00asm\x01\x00\x00\x00' + _sec(1, b'\x01\x60\x01\x7f\x01\x7f') + _sec(3, _leb(k + 1) + b'\x00' * (k + 1))
            + _sec(7, b'\x01\x03run\x00\x00') + _sec(10, code))
try:
    CODE_SCALE
except NameError:
    CODE_SCALE = 100
b = LOOP(1000, 4)
want = wasm.Instance(wasm.Module(b, code_budget=None)).exports.run(10)
m = wasm.Module(b, code_budget=4200 * CODE_SCALE // 100)
i = wasm.Instance(m)
got = i.exports.run(1)
r1 = m.ram
got = i.exports.run(10)
p(got == want, m.lowerings, m.lowered, m.ram == r1)
""",
    [(True, 5, (5, 5), True)],
)
# BIG's helpers and what NESTED and ENTRY share: _adds7 (as _adds, each
# constant a 5-byte LEB128, so a body is about as large as its lowered code and
# the arena is the budget), slot(n) (a block of n bytes' slot in the code arena)
# and runs_under: for each budget, a fresh module's run(1) then run(10) (the
# loop's callees come back each turn), printing whether run(10) gave `want`,
# the lowerings, and whether Module.ram was the same after both calls.
ARENA_LOOPS = (
    BIG
    + r"""
def _adds7(n, head=b''):
    s = bytearray(head)
    for j in range(1, n + 1):
        s += b'\x41' + bytes((0x80 | j & 0x7F, 0x80 | j >> 7, 0x80, 0x80, 0)) + b'\x6a'
    return s
def slot(n):
    # a block's slot in the code arena: a head of 8 bytes, the block rounded to 4
    return 8 + (n + 3) // 4 * 4
def runs_under(b, want, budgets):
    for budget in budgets:
        m = wasm.Module(b, code_budget=budget)
        i = wasm.Instance(m)
        i.exports.run(1)
        r1 = m.ram
        got = i.exports.run(10)
        p(got == want, m.lowerings, m.ram == r1)
"""
)
# Two large functions running one inside the other (lazy.c over_running_share):
# run(t) calls mid(t) and adds 1..nr; mid loops t times over f1..f4 (each
# its argument plus 1..ns) and adds 1..nm. Each addition's constant is a
# 5-byte LEB128, so the bodies are about as large as their code and the arena
# is the budget (MW_CODE_ARENA_CAP). Under S1 run and mid are larger than the
# arena: blocks of their own, not counted while they run, so f1..f4 keep the
# whole arena. Under S2 (run, mid and one and a half f's) both fit: in the
# arena they left the f's room for one and a half, and each turn of mid's loop
# lowered them again (46 lowerings after run(1) and run(10) on e58fa3a, 6
# under S1: a larger budget 8x worse, WavPack's cliff, docs/benchmarks-history.md
# "Code budget (session 35)"). Now mid, which would take the running code
# over half the arena, gets a block of its own. When run(1) returns to the
# embedder that block goes (the code is over the budget and no slot fits it:
# lazy.c mw_lazy_settle, Module.ram the same after each call), so run(10)
# lowers mid again, and the room made for it some f's: 10.
NESTED = (
    "code_budget_larger_is_not_worse_for_running_code",
    ARENA_LOOPS
    + r"""
def NEST(nr, nm, ns):
    run = _adds7(nr, b'\x20\x00\x10\x01') + b'\x0b'
    mid = b'\x01\x01\x7f\x03\x40\x20\x01' + b''.join(b'\x10' + _leb(i) for i in range(2, 6))
    mid = _adds7(nm, mid) + b'\x21\x01\x20\x00\x41\x01\x6b\x22\x00\x0d\x00\x0b\x20\x01\x0b'
    code = b'\x06' + _body(run) + _leb(len(mid)) + mid + _body(_adds7(ns, b'\x20\x00') + b'\x0b') * 4
    return (b'\x00asm\x01\x00\x00\x00' + _sec(1, b'\x01\x60\x01\x7f\x01\x7f') + _sec(3, b'\x06' + b'\x00' * 6)
            + _sec(7, b'\x03\x03run\x00\x00\x03mid\x00\x01\x01f\x00\x02') + _sec(10, code))
b = NEST(700, 680, 140)
# each function's block: Module.ram's growth at its first call, without a budget
m = wasm.Module(b, code_budget=None)
i = wasm.Instance(m)
r = m.ram
i.exports.f(0)
s = m.ram - r
r = m.ram
i.exports.mid(1)
mid = m.ram - r - 3 * s
r = m.ram
want = i.exports.run(10)
run = m.ram - r
m = i = None  # the module without a budget let go first
runs_under(b, want, (4 * slot(s) + slot(s) // 2, slot(run) + slot(mid) + slot(s) + slot(s) // 2))
""",
    [(True, 6, True), (True, 10, True)],
)
# An export that nearly fills the code arena, called from the embedder, and
# loops over small functions (lazy.c over_running_share): run(t) loops t times
# over f1..f4 (each its argument plus 1..ns) and adds 1..nr (5-byte LEB128
# constants, so the arena is the budget, as NESTED's). Under S1 run is larger
# than the arena: a block of its own, not counted while it runs, so the f's
# keep the arena: 5 lowerings after run(1) and run(10). Under S2 run fits the
# arena with room for one f: nothing in the arena ran when it was lowered, so
# it took its slot, and each turn of its loop lowered the f's again (45 on
# 95b1692: a larger budget 9x worse; zlib's _start lowered 79 MB again under
# 32 KiB, 0.19 MB under 16 KiB, docs/benchmarks-history.md "Code budget (session
# 36)"). Now run, which would leave its callees less than
# MW_CODE_LARGE_SHARE of the arena, gets a block of its own: 9 (when run(1)
# returns to the embedder its block goes, mw_lazy_settle, so Module.ram is the
# same after each call; run(10) lowers it again, and the room made for it
# three f's). Under S3 run takes 79% of the arena and leaves room for two f's
# of four: 45 lowerings on 88eed89, where only an export over 88% of the arena
# got a block of its own (giflib's _start, 71% of a 32 KiB budget, lowered
# 29.7 MB again, docs/benchmarks.md "Code budget (session 37)"); now one over
# MW_CODE_RUNNING_SHARE of it does, as a function called from the arena: 8.
ENTRY = (
    "code_budget_entry_filling_the_arena_is_not_worse",
    ARENA_LOOPS
    + r"""
def ENTRY_LOOP(nr, ns):
    run = b'\x01\x01\x7f\x03\x40\x20\x01' + b''.join(b'\x10' + _leb(i) for i in range(1, 5))
    run = _adds7(nr, run) + b'\x21\x01\x20\x00\x41\x01\x6b\x22\x00\x0d\x00\x0b\x20\x01\x0b'
    code = b'\x05' + _leb(len(run)) + run + _body(_adds7(ns, b'\x20\x00') + b'\x0b') * 4
    return (b'\x00asm\x01\x00\x00\x00' + _sec(1, b'\x01\x60\x01\x7f\x01\x7f') + _sec(3, b'\x05' + b'\x00' * 5)
            + _sec(7, b'\x02\x03run\x00\x00\x01f\x00\x01') + _sec(10, code))
b = ENTRY_LOOP(1400, 140)
# each function's block: Module.ram's growth at its first call, without a budget
m = wasm.Module(b, code_budget=None)
i = wasm.Instance(m)
r = m.ram
i.exports.f(0)
s = m.ram - r
r = m.ram
want = i.exports.run(10)
run = m.ram - r - 3 * s
m = i = None  # the module without a budget let go first
runs_under(b, want, (4 * slot(s) + slot(s) // 2, slot(run) + slot(s), slot(run) + 5 * slot(s) // 2))
""",
    [(True, 5, True), (True, 9, True), (True, 8, True)],
)
BUDGET_OFF = (
    # no code_budget= (TypeError), no Module.lowerings or Module.code_budget
    "code_budget_drops_code_not_running",
    """
m = wasm.Module(ENGINE_BUDGET)
p(exc(wasm.Module, ENGINE_BUDGET, code_budget=1000)[0], hasattr(m, 'lowerings'), hasattr(m, 'code_budget'))
""",
    [("TypeError", False, False)],
)

UNLOWER_OFF = (
    # no Module.unlower at all (AttributeError), and lazy lowering as ever
    "unlower_drops_the_code_until_the_next_calls",
    """
m = wasm.Module(ENGINE_LAZY)
p(hasattr(m, 'unlower'), hasattr(wasm.Module, 'unlower'), exc(getattr, m, 'unlower')[0])
i = wasm.Instance(m)
p(i.exports.fact(5), m.lowered)
""",
    [(False, False, "AttributeError"), (120, (1, 7))],
)

# Two functions, exported "a" and "b": each returns its argument plus 1..n
# (BIG's body), a's n ten times b's.
TWO = (
    BIG
    + r"""
def TWO(na, nb):
    def sum_body(n):
        code = bytearray(b'\x20\x00')
        for k in range(1, n + 1):
            code += b'\x41' + _leb(k) + b'\x6a'
        return _body(code + b'\x0b')
    return (b'\x00asm\x01\x00\x00\x00' + _sec(1, b'\x01\x60\x01\x7f\x01\x7f') + _sec(3, b'\x02\x00\x00')
            + _sec(7, b'\x02\x01a\x00\x00\x01b\x00\x01') + _sec(10, b'\x02' + sum_body(na) + sum_body(nb)))
"""
)

# K functions exported f0..f{K-1}, each its argument plus 1..n (BIG's body):
# code several times the binary's size, in functions much smaller than it,
# as a real program's is. CODE_SECTION(k, n): the code section's size.
MANY = (
    BIG
    + r"""
def _sum_body(n):
    code = bytearray(b'\x20\x00')
    for j in range(1, n + 1):
        code += b'\x41' + _leb(j) + b'\x6a'
    return _body(code + b'\x0b')

def _many_code(k, n):
    return _leb(k) + _sum_body(n) * k

def CODE_SECTION(k, n):
    return len(_leb(k)) + k * len(_sum_body(n))

def MANY(k, n):
    ex = b''.join(bytes([2]) + ('f%d' % i).encode() + b'\x00' + bytes([i]) for i in range(k))
    return (b'\x00asm\x01\x00\x00\x00' + _sec(1, b'\x01\x60\x01\x7f\x01\x7f') + _sec(3, bytes([k]) + bytes(k))
            + _sec(7, bytes([k]) + ex) + _sec(10, _many_code(k, n)))
"""
)

# The default code budget (code_budget= not given; binding.h
# MICROPY_PY_WASM_CODE_BUDGET, docs/wasm.md), where the firmware has
# code_budget=: a lazy module's budget is its binary's size less Module.ram
# after the load (the budget's table of blocks in it), at least FLOOR bytes.
# Over FLOOR the budget is allocated with it as the module's code arena
# (lazy.c): Module.ram is the binary's size from the load on (to 4 bytes).
# MANY(8, 250): ~7.5 KB of binary, 8 functions of a few KB of code each, all
# called twice: Module.ram never goes over the binary's size (the code is
# dropped and lowered again), where code_budget=None keeps it all, well over.
# The outputs are the same. A number overrides the default; a tiny module
# gets FLOOR; a function whose code alone is over its module's budget still
# runs, and stays lowered while nothing else is; an eager module (a
# bytearray, lazy=False) has no budget; from a stream with lazy=True the
# module's copy of the code section stands for the binary and is not counted.
# Where the engine threads its code (the x86-64 host port, mw_config.h
# MW_CODE_RAM_SCALE: CODE_SCALE 225, set before this code by
# tests/host/test_wasm_lazy.py) the code's share is 2.25x: the same
# functions stay, and board(m), Module.ram with the code arena counted at
# what a board's compact code of it takes, is what is held to the binary's
# size (on a board and wherever CODE_SCALE is 100 it is Module.ram).
DEFAULT_PROGRAMS = ("engine_lazy",)
DEFAULT_CODE = (
    MANY
    + """
import gc, io
FLOOR = 4096
K, N = 8, 250
WANT = 1 + N * (N + 1) // 2
try:
    CODE_SCALE
except NameError:
    CODE_SCALE = 100
def scaled(n):
    return n // 100 * CODE_SCALE + n % 100 * CODE_SCALE // 100
def board(m):
    a = m.code_budget // 4 * 4
    return m.ram - a + a * 100 // CODE_SCALE
def rounds(m):
    fs = [getattr(wasm.Instance(m).exports, 'f%d' % k) for k in range(K)]
    ok, peak = True, 0
    for _ in range(2):
        for f in fs:
            ok = ok and f(1) == WANT
            peak = max(peak, board(m) if m.code_budget else m.ram)
    return ok, peak
b = MANY(K, N)
m = wasm.Module(b)
p(m.code_budget == scaled(max(len(b) - (m.ram - m.code_budget // 4 * 4), FLOOR)), m.code_budget > scaled(FLOOR))
# the code arena: a block of the budget (to 4 bytes) from the load on
p(len(b) - 4 < board(m) <= len(b))
ok, peak = rounds(m)
p(ok, peak <= len(b), m.lowered[0] < K, m.lowerings > K)
n = wasm.Module(b, code_budget=None)
ok, peak = rounds(n)
p(n.code_budget, ok, peak > len(b), n.lowered[0], n.lowerings)
m = n = None
gc.collect()
p(wasm.Module(b, code_budget=12345).code_budget, wasm.Module(ENGINE_LAZY).code_budget * 100 // CODE_SCALE)
p(wasm.Module(bytearray(b)).code_budget, wasm.Module(b, lazy=False).code_budget)
gc.collect()
s = wasm.Module(io.BytesIO(b), lazy=True)
p(s.code_budget == scaled(max(len(b) - (s.ram - s.code_budget // 4 * 4 - CODE_SECTION(K, N)), FLOOR)))
s = b = None
gc.collect()
big = wasm.Module(BIG(600))
r0 = big.ram
outer = wasm.Instance(big).exports.outer
p(big.code_budget * 100 // CODE_SCALE, outer(1) == 1 + 600 * 601 // 2, big.ram - r0 > big.code_budget, big.lowered)
p(outer(2) == 2 + 600 * 601 // 2, big.lowerings)
"""
)
DEFAULT = (
    "default_code_budget_keeps_module_ram_within_the_binary",
    DEFAULT_CODE,
    [
        (True, True),
        True,
        (True, True, True, True),
        (None, True, True, 8, 8),
        (12345, 4096),
        (None, None),
        True,
        (4096, True, True, (2, 2)),
        (True, 2),
    ],
)
# Without code_budget= ("small" profile): no budget, the module keeps all the
# code that ran, well over the binary's size.
DEFAULT_OFF = (
    "default_code_budget_keeps_module_ram_within_the_binary",
    MANY
    + """
K, N = 8, 250
b = MANY(K, N)
m = wasm.Module(b)
fs = [getattr(wasm.Instance(m).exports, 'f%d' % k) for k in range(K)]
p(hasattr(m, 'code_budget'), all(f(1) == 1 + N * (N + 1) // 2 for f in fs), m.ram > len(b), m.lowered)
""",
    [(False, True, True, (8, 8))],
)

# Lowered code gives way to the heap (lazy.c lazy_give_way, where the
# firmware has MW_UNLOWER): a's code (3000 additions, ~48 KB lowered; 300,
# ~5 KB, where the heap is small) is lowered by a first call, then the heap
# is filled with Python objects but for a few bytes. b's first call finds no
# room for its work buffers and code: a's code (not running) gives way, b
# runs, and a is lowered again on its next call. Before (and where the
# firmware leaves MW_UNLOWER out, GIVE_WAY_OFF) b's call raises MemoryError
# (its message is memory_error_on_first_call_leaves_the_module_usable's where
# the heap has room for it; at a heap this full it may be bare, for the
# built-in module as for wasm.mpy: test_wasm_errors.py
# test_memory_error_at_a_nearly_full_heap_keeps_its_message). a and
# b are looked up before the heap is filled: their Function objects are not
# what is measured.
GIVE_WAY_CODE = (
    TWO
    + FILL_HEAP
    + """
import gc
gc.collect()
na = 3000 if gc.mem_free() > 256 * 1024 else 300
nb = na // 10
# without a budget (the default one would drop b's code as a is lowered again)
m = wasm.Module(TWO(na, nb), **({'code_budget': None} if hasattr(wasm.Module, 'unlower') else {}))
i = wasm.Instance(m)
a, b = i.exports.a, i.exports.b
p(a(1) == 1 + na * (na + 1) // 2, m.lowered)
keep = []
fill_heap(keep)
err = r = None
try:
    r = b(1)
except MemoryError:
    err = 'MemoryError'
keep = None
gc.collect()
p(err, r == 1 + nb * (nb + 1) // 2, m.lowered)
p(a(2) == 2 + na * (na + 1) // 2, m.lowered, getattr(m, 'lowerings', None))
"""
)
GIVE_WAY = (
    "lowered_code_gives_way_to_the_heap",
    GIVE_WAY_CODE,
    [(True, (1, 2)), (None, True, (1, 2)), (True, (2, 2), 3)],
)
GIVE_WAY_OFF = (
    "lowered_code_gives_way_to_the_heap",
    GIVE_WAY_CODE,
    [
        (True, (1, 2)),
        ("MemoryError", False, (1, 2)),
        (True, (1, 2), None),
    ],
)

# A memory that grows after code was lowered again (the code arena, lazy.c;
# xz on mps2_an385 was the program that failed). GROWER(k, n) (n 300; 150
# where the heap is small, its binary still over the 4 KiB floor, so the
# default budget has an arena; 60 on lm3s6965evb, which has no budget): functions
# f0..f{k-1}, each its argument plus 1..n, and g: memory.grow(argument) (a
# memory of 1-byte pages, one page), then plus 1..4n. A bytearray takes 2/5
# of the free heap (less if that is not in one piece) before the load; g is lowered, then the f's (under the
# default budget they push g's code out); the rest of the heap is filled but
# for a few KiB, and the bytearray freed: the one run of heap that can take a
# memory its size. g's call then grows the memory to nearly all of that run.
# Code lowered again between the memory's growths took blocks of the heap's
# own, and g's, lowered again right there, split the run: the grow failed
# (-1) where code_budget=None, which kept g's first block elsewhere, grew it.
# With the arena, made at the load, code is never lowered into the heap: the
# grow succeeds under the default budget as without one (old size 1).
GROWS_CODE = (
    BIG
    + r"""
import gc
def GROWER(k, n):
    f = _body(b'\x20\x00' + _adds(n) + b'\x0b')
    g = _body(b'\x20\x00\x40\x00' + _adds(4 * n) + b'\x0b')
    ex = b''.join(bytes([2]) + ('f%d' % i).encode() + b'\x00' + bytes([i]) for i in range(k))
    ex += b'\x01g\x00' + bytes([k])
    return (b'\x00asm\x01\x00\x00\x00' + _sec(1, b'\x01\x60\x01\x7f\x01\x7f') + _sec(3, bytes([k + 1]) + bytes(k + 1))
            + _sec(5, b'\x01\x08\x01\x00') + _sec(7, bytes([k + 1]) + ex) + _sec(10, bytes([k + 1]) + f * k + g))

gc.collect()
K, N = 8, (300 if gc.mem_free() > 256 * 1024 else 150 if gc.mem_free() > 64 * 1024 else 60)
F, G = N * (N + 1) // 2, 4 * N * (4 * N + 1) // 2
def grow_after_lowering(**kw):
    gc.collect()
    k = gc.mem_free() * 2 // 5
    while True:
        try:
            run = bytearray(k)
            break
        except MemoryError:
            k = k * 3 // 4
    m = wasm.Module(B, **kw)
    e = wasm.Instance(m).exports
    fs = [getattr(e, 'f%d' % k) for k in range(K)]
    g = e.g
    ok = g(0) == 1 + G
    for f in fs:
        ok = ok and f(1) == 1 + F
    gc.collect()
    rest = []
    k = gc.mem_free()
    while k >= 64 and gc.mem_free() >= 4096:
        try:
            rest.append(bytearray(k))
        except MemoryError:
            k //= 2
    n = len(run)
    run = None
    gc.collect()
    old = g(n - 64 - 1) - G
    rest = None
    gc.collect()
    return ok, old, getattr(m, 'lowerings', -1) > K + 1
B = GROWER(K, N)
wasm.Instance(wasm.Module(GROWER(1, 1))).exports.g(0)    # the runtime's stacks, first
p(grow_after_lowering())
p(grow_after_lowering(**({'code_budget': None} if hasattr(wasm.Module, 'unlower') else {})))
"""
)
GROWS = (
    "memory_grows_after_code_lowered_again",
    GROWS_CODE,
    [(True, 1, True), (True, 1, False)],
)
# without code_budget= ("small" profile): nothing is lowered again, both grow
GROWS_OFF = (
    "memory_grows_after_code_lowered_again",
    GROWS_CODE,
    [(True, 1, False), (True, 1, False)],
)

# A memory that grows into its module's code arena (lazy.c arena_shrink). The
# arena (code_budget=A) is made at the load; f0 fills its first half, h, g
# (which h calls) and c (which calls h through the embedder's cb) come after
# it. With the heap then full, g's grow by 3/4 A (h's call) finds no room but
# the arena's: the grow drops f0 and c, slides the running h and g to the
# arena's start (their frames moved with them), gives the rest back, and the
# memory moves there (old size M0; Module.ram then the module's without code
# but for h's and g's slots). f0's call after that finds the arena's tail
# taken (False: its code gets a block of its own). At main the arena's bytes
# stayed: -1. The second run's grow cannot succeed (4 MB), made from h called
# by c through cb: c's pc is in the C stack, so its code stays and the arena
# shrinks only down to its end; it grows back to its size at f0's next
# lowering (True).
ARENA_GIVES_CODE = (
    BIG
    + r"""
import gc
# env.cb, then f0-f2 (each adds 1..n to its argument: about 8 bytes of code an
# addition; f1 and f2 never run, their bodies only widen the arena's cap),
# g (memory.grow by its argument, plus 1..8), h (g's, plus 1..8) and c (cb's,
# plus 1..8); the memory's pages are bytes (custom page size 1), m0 of them
def SHRINKER(n, m0):
    f = _body(b'\x20\x00' + _adds(n) + b'\x0b')
    t = _adds(8) + b'\x0b'
    fs = f * 3 + _body(b'\x20\x00\x40\x00' + t) + _body(b'\x20\x00\x10\x04' + t) + _body(b'\x20\x00\x10\x00' + t)
    ex = b'\x02f0\x00\x01\x01h\x00\x05\x01c\x00\x06'
    return (b'\x00asm\x01\x00\x00\x00' + _sec(1, b'\x01\x60\x01\x7f\x01\x7f') + _sec(2, b'\x01\x03env\x02cb\x00\x00')
            + _sec(3, b'\x06' + bytes(6)) + _sec(5, b'\x01\x08' + _leb(m0) + b'\x00') + _sec(7, b'\x03' + ex)
            + _sec(10, b'\x06' + fs))

ON = hasattr(wasm.Module, 'unlower')
# the bytes of lowered code an addition takes (6 in compact code; more where
# the engine threads its code, mw_config.h MW_THREADED: f0's n then scaled,
# so that its code fills the same share of the arena)
def per_add():
    r = []
    for n in (64, 128):
        m = wasm.Module(SHRINKER(n, 1), **({'code_budget': None} if ON else {}))
        e = wasm.Instance(m, {'env': {'cb': lambda x: x}}).exports
        r0 = m.ram
        e.f0(1)
        r.append(m.ram - r0)
    return (r[1] - r[0]) // 64
gc.collect()
A = min(max(gc.mem_free() // 8 // 1024 * 1024, 8192), 128 * 1024)
N, M0, T = A // 16 * 6 // max(6, per_add()), 64, 36
F = N * (N + 1) // 2
B = SHRINKER(N, M0)
def grow_into_arena(d, via_cb):
    gc.collect()
    m = wasm.Module(B, **({'code_budget': A} if ON else {}))
    e = wasm.Instance(m, {'env': {'cb': lambda x: e.h(x)}}).exports
    ok = e.f0(1) == 1 + F and e.h(0) == M0 + 2 * T and e.c(0) == M0 + 3 * T
    r0 = wasm.Module(B, code_budget=None).ram if ON else 0
    full = m.ram
    gc.collect()
    rest = []
    k = gc.mem_free()
    while k >= 16:
        try:
            rest.append(bytearray(k))
        except MemoryError:
            k //= 2
    old = (e.c(d) - 3 * T) if via_cb else (e.h(d) - 2 * T)
    small = m.ram - r0 < A // 8
    rest = None
    gc.collect()
    ok = ok and e.f0(1) == 1 + F
    return ok, old, small, m.ram == full
p(grow_into_arena(A * 3 // 4, False))
p(grow_into_arena(4 << 20, True))
"""
)
ARENA_GIVES = (
    "memory_grows_into_the_code_arena",
    ARENA_GIVES_CODE,
    [(True, 64, True, False), (True, -1, False, True)],
)
# without code_budget= ("small" profile): no arena, no code given back
ARENA_GIVES_OFF = (
    "memory_grows_into_the_code_arena",
    ARENA_GIVES_CODE,
    [(True, -1, False, True), (True, -1, False, True)],
)

# A lowering short of heap takes the arena's free tail (lazy.c lazy_give_way's
# last step, as a grow does): under code_budget=A the module's arena is made
# at the load (f1's body, never run, widens its cap to about A); with the
# heap full, f0's first call finds no room for its work buffers but in the
# arena, which gives its tail back (Module.ram drops by most of A) and f0's
# code takes a block of its own. Before session 19: MemoryError. Without a
# budget (the "small" profile): MemoryError, naming the lowering.
LOWER_TAKES_ARENA_CODE = (
    BIG
    + FILL_HEAP
    + r"""
import gc
ON = hasattr(wasm.Module, 'unlower')
# f0 adds 1..n0, f1 1..n1 (never run), w returns its argument
def TWO_FN(n0, n1):
    fs = _body(_adds(n0, b'\x20\x00') + b'\x0b') + _body(_adds(n1, b'\x20\x00') + b'\x0b') + _body(b'\x20\x00\x0b')
    return (b'\x00asm\x01\x00\x00\x00' + _sec(1, b'\x01\x60\x01\x7f\x01\x7f') + _sec(3, b'\x03\x00\x00\x00')
            + _sec(7, b'\x02\x02f0\x00\x00\x01w\x00\x02') + _sec(10, b'\x03' + fs))
gc.collect()
A = min(max(gc.mem_free() // 8 // 1024 * 1024, 8192), 128 * 1024)
N0 = A // 64
m = wasm.Module(TWO_FN(N0, A // 6), **({'code_budget': A} if ON else {}))
e = wasm.Instance(m).exports
f0 = e.f0
e.w(0)              # a first call makes the runtime's stacks
full = m.ram
keep = []
v = err = None      # (globals and f0's object made before the heap is full)
fill_heap(keep)
try:
    v = f0(1)
except MemoryError as x:
    err = x
keep = None
gc.collect()
if err is None:
    p(v == 1 + N0 * (N0 + 1) // 2, full - m.ram > A // 2)
else:
    t = str(err)
    p('MemoryError: lowering' if 'lowering' in t and 'out of memory' in t else t, full - m.ram > A // 2)
"""
)
LOWER_TAKES_ARENA = ("lowering_takes_the_code_arenas_tail", LOWER_TAKES_ARENA_CODE, [(True, True)])
LOWER_TAKES_ARENA_OFF = (
    "lowering_takes_the_code_arenas_tail",
    LOWER_TAKES_ARENA_CODE,
    [("MemoryError: lowering", False)],
)

# An instance the case keeps, whose first call makes the runtime's stacks
# before the heap is filled: since session 31 the stacks go with the last
# instance (docs/wasm.md "What stays in the heap"), so a case that drops its
# instances would have the next instantiation make them in the full heap.
HOLD_STACKS = r"""
# (func (export "f"))
hold = wasm.Instance(wasm.Module(b'\x00asm\x01\x00\x00\x00' + _sec(1, b'\x01\x60\x00\x00') + _sec(3, b'\x01\x00')
                                 + _sec(7, b'\x01\x01f\x00\x00') + _sec(10, b'\x01' + _body(b'\x0b'))))
hold.exports.f()
"""

# The instance's memory is made last (instance.c) and the binding leaves room
# below it for what it makes after it (modwasm.c): with F bytes of heap free
# in one run (a bytearray's, freed once the rest is full), the instance's
# memory of P bytes (1-byte pages: P a fifth of the free heap, at most 64 KiB,
# so every board runs it; 4 KiB at least: a heap with less than 20 KiB free,
# wasm.mpy's on mps2_an511, ends in the clean MemoryError rather than a smaller
# P) lands in it and grows by P in place (a move would
# need old and new at once: more than F - P). Before
# session 19 the Exports and the export's function object were allocated right
# after the memory's block: the grow had to move it and found no room (-1).
MEMORY_LAST_CODE = (
    BIG
    + FILL_HEAP
    + HOLD_STACKS
    + r"""
import gc
# (memory P (pagesize 1)) (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
def GROWER_P(pages):
    return (b'\x00asm\x01\x00\x00\x00' + _sec(1, b'\x01\x60\x01\x7f\x01\x7f') + _sec(3, b'\x01\x00')
            + _sec(5, b'\x01\x08' + _leb(pages) + b'\x00') + _sec(7, b'\x01\x04grow\x00\x00')
            + _sec(10, b'\x01' + _body(b'\x20\x00\x40\x00\x0b')))
gc.collect()
P = max(min(gc.mem_free() // 5 // 1024 * 1024, 65536), 4096)  # under 20 KiB free: MemoryError
m = wasm.Module(GROWER_P(P), lazy=False)
wasm.Instance(m).exports.grow(0)     # (a first instance and call; the stacks are hold's)
gc.collect()
run = bytearray(P * 5 // 2)          # the one run of heap left free below
keep = []
fill_heap(keep)
run = None
gc.collect()
g = wasm.Instance(m).exports.grow
r = g(P)
keep = None
p(P >= 4096, r == P, g(0) == 2 * P)
"""
)
MEMORY_LAST = ("memory_made_last_grows_in_place", MEMORY_LAST_CODE, [(True, True, True)])

# The binding leaves a 1 KiB hole below the instance's memory (modwasm.c,
# MODWASM_ROOM_BELOW_MEMORY), allocated before the instance: with the heap's
# one free run R bytes longer than the memory's P (P a fifth of the free heap,
# at most 64 KiB; 1-byte pages), the instance and its memory fit in it and the
# hole beside them does not. Out of memory with no instance made, the binding
# gives the hole back and instantiates once more. Before session 20 the
# instantiation raised MemoryError (False).
MEMORY_FITS_CODE = (
    BIG
    + FILL_HEAP
    + HOLD_STACKS
    + r"""
import gc
# (memory P (pagesize 1)) (func (export "size") (result i32) (memory.size))
def SIZED_P(pages):
    return (b'\x00asm\x01\x00\x00\x00' + _sec(1, b'\x01\x60\x00\x01\x7f') + _sec(3, b'\x01\x00')
            + _sec(5, b'\x01\x08' + _leb(pages) + b'\x00') + _sec(7, b'\x01\x04size\x00\x00')
            + _sec(10, b'\x01' + _body(b'\x3f\x00\x0b')))
gc.collect()
P = max(min(gc.mem_free() // 5 // 1024 * 1024, 65536), 4096)  # under 20 KiB free: MemoryError
R = 896                              # the instance's blocks beside the memory (host: ~500 B)
m = wasm.Module(SIZED_P(P), lazy=False)
wasm.Instance(m).exports.size()      # (the stacks are hold's)
inst = None
gc.collect()
run = bytearray(P + R)               # the one run of heap left free
keep = []
fill_heap(keep)
run = None
gc.collect()
try:
    inst = wasm.Instance(m)
except MemoryError:
    pass
keep = None
gc.collect()
p(P >= 4096, inst is not None and inst.exports.size() == P)
"""
)
MEMORY_FITS = ("memory_fits_the_heaps_last_run", MEMORY_FITS_CODE, [(True, True)])
