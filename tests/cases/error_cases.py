# SPDX-License-Identifier: MIT
"""How engine failures reach Python, run unchanged on the host port
(tests/host/test_wasm_errors.py) and on every QEMU board
(tests/hil/test_wasm_errors_board.py): one mapping (modwasm_check in
modwasm/binding/binding.c) from engine status to CompileError, LinkError,
Trap, MemoryError or ValueError, with the engine's message.

Each case is (name, code, expected) like sheap_cases.py: `code` a snippet
using the helpers of tests/support/host.py (p, exc), `expected` what it
prints with p().
"""

from __future__ import annotations

from cases.lazy_cases import FILL_HEAP, WASM_BYTES

PROGRAMS = ("big_table", "traps", "trap_where", "trap_where_plain")

# What a failure's text is (type, words), a call's at a full heap (fill_heap,
# lazy_cases.FILL_HEAP) and at a locked one: the two programs below share it.
FAILURE_TEXT = r"""
import gc, micropython
def text(err):
    return (type(err).__name__, str(err))
def full(g):
    keep = []
    fill_heap(keep)
    err = None
    try:
        g()
    except Exception as x:
        err = x
    keep = None
    gc.collect()
    return text(err)
def locked(g):
    err = None
    micropython.heap_lock()
    try:
        g()
    except Exception as x:
        err = x
    micropython.heap_unlock()
    return text(err)
"""

# A message keeps its words where the heap has no room at all: filled
# (lazy_cases.FILL_HEAP: not even 16 bytes free, and nothing the failing
# call frees first) or locked. The first call's stacks (dropped and remade
# by wasm.stack_size), a first call's lowering, a trap and a bad argument
# (those two at a locked heap, before the full heap's lowering can take
# their functions' code back: lazy.c gives way): each text from the binding's static one (binding.c modwasm_raise_varg),
# read before the next failure reuses it. Before: a bare MemoryError (the
# lowering), the format with its "%u" (the stacks, built-in) or a bare one
# (wasm.mpy), a Trap and a ValueError with no text; on a board, which one
# depended on where the last free bytes lay (lowering_takes_the_code_arenas_tail
# run first after a reset, wasm.mpy on mps2_an385).
FULL_HEAP_CODE = (
    WASM_BYTES
    + FILL_HEAP
    + r"""
import gc, micropython
# (i32) -> i32: "f" adds 1..40 to its argument, "w" returns it; () -> (): "u" traps
ADDS = b''.join(b'\x41' + _leb(j) + b'\x6a' for j in range(1, 41))
M = (b'\x00asm\x01\x00\x00\x00' + _sec(1, b'\x02\x60\x01\x7f\x01\x7f\x60\x00\x00')
     + _sec(3, b'\x03\x00\x00\x01') + _sec(7, b'\x03\x01f\x00\x00\x01w\x00\x01\x01u\x00\x02')
     + _sec(10, b'\x03' + _leb(len(ADDS) + 4) + b'\x00\x20\x00' + ADDS + b'\x0b'
            + b'\x04\x00\x20\x00\x0b' + b'\x03\x00\x00\x0b'))
e = wasm.Instance(wasm.Module(M)).exports
f, w, u = e.f, e.w, e.u
"""
    + FAILURE_TEXT
    + r"""
def need(t):
    # ('MemoryError', 'what: out of memory (need N bytes...)') -> (type, what, N > 0); else as it is
    what = t[1].split(' (need ')
    if len(what) < 2:
        return t
    n = what[1].split(' ')[0]
    return (t[0], what[0], n.isdigit() and int(n) > 0)
p(w(1), exc(u))                          # w and u lowered, the stacks made
p(locked(lambda: u()), locked(lambda: wasm.stack_size(0)))
wasm.stack_size(*wasm.stack_size())      # the stacks dropped: the next call makes them
p(need(full(lambda: w(2))))
p(w(3))
p(need(full(lambda: f(0))))
p(f(0), w(4))
"""
)
FULL_HEAP_EXPECTED = [
    (1, ("Trap", "unreachable")),
    (("Trap", "unreachable"), ("ValueError", "stack_size: slots must be 1..16777216")),
    ("MemoryError", "wasm stacks: out of memory", True),
    3,
    ("MemoryError", "lowering function 0: out of memory", True),
    (820, 4),
]

# A plain message (mp_raise_msg, no format: the binding's Memory.grow
# "negative delta", MicroPython's own list.pop) at a locked and at a full
# heap keeps its words: MicroPython's emergency exception buffer holds its
# str and the 1-tuple of arguments (MICROPY_ENABLE_EMERGENCY_EXCEPTION_BUF,
# ports/common/mpconfigcommon.h). Before session 23: bare ValueError and
# IndexError, on the host, the boards and wasm.mpy alike.
PLAIN_CODE = (
    FILL_HEAP
    + r"""
import gc, micropython
mem = wasm.Memory(1, page_size=1)
empty = []
"""
    + FAILURE_TEXT
    + r"""
p(locked(lambda: mem.grow(-1)), locked(lambda: empty.pop()))
p(full(lambda: mem.grow(-1)), full(lambda: empty.pop()))
"""
)
PLAIN_EXPECTED = [(("ValueError", "negative delta"), ("IndexError", "pop from empty list"))] * 2

CASES = [
    ("messages_at_a_full_heap_keep_their_words", FULL_HEAP_CODE, FULL_HEAP_EXPECTED),
    ("plain_messages_at_a_full_heap_keep_their_words", PLAIN_CODE, PLAIN_EXPECTED),
    (
        # a size beyond the engine's limits is the caller's value, not a lack
        # of memory (it used to read as MemoryError)
        "table_too_large_is_a_value_error",
        """
p(exc(wasm.Table, 'funcref', 20000000))
p(exc(wasm.Instance, wasm.Module(BIG_TABLE)))
p(len(wasm.Table('funcref', 3)))
""",
        [("ValueError", "table too large"), ("ValueError", "table too large"), 3],
    ),
    (
        # A MemoryError says what could not be allocated and its bytes (mw.h
        # mw_report's MW_REPORT_ values; binding.c modwasm_raise_nomem):
        # 2 GiB of linear memory and 9,000,000 table elements no board or
        # host heap has; a shared heap's block larger than the heap; at a
        # locked heap a table's function object, made when first read (at a
        # full one a 32-bit board's 16-byte object can still find a block);
        # at a full heap an eager load (where in the binary it stood).
        # Before session 39 all but the stacks and a first call's lowering
        # were a bare MemoryError (seen loading a module on mps2_an511).
        "memory_errors_say_what_and_how_much",
        FILL_HEAP
        + FAILURE_TEXT
        + r"""
import sys
WORD = 8 if sys.maxsize > 2**32 else 4
# () -> i32 returning 7, in a 1-element table exported as "t", no export of its own
T = (b'\x00asm\x01\x00\x00\x00\x01\x05\x01\x60\x00\x01\x7f\x03\x02\x01\x00\x04\x04\x01\x70\x00\x01'
     b'\x07\x05\x01\x01t\x01\x00\x09\x07\x01\x00\x41\x00\x0b\x01\x00\x0a\x06\x01\x04\x00\x41\x07\x0b')
def need(t):
    # ("MemoryError", "... (need N bytes)") -> N; else 0
    parts = t[1].split(' (need ')
    return int(parts[1].split(" ")[0]) if len(parts) == 2 else 0
TABLE_NEED = 'table: out of memory (need %d bytes)' % (9000000 * WORD)
p(exc(wasm.Memory, 32768), exc(wasm.Table, 'funcref', 9000000)[1] == TABLE_NEED)
p(exc(wasm.SharedHeap(4096).malloc, 8192))
t = wasm.Instance(wasm.Module(T)).exports.t
f = locked(lambda: t[0])
p(f[0], f[1].startswith('function object: out of memory (need '), need(f) > 0)
# () -> funcref: "g" returns ref.func of a () -> i32 returning 7; lowered by a first instance's call
RF = (b'\x00asm\x01\x00\x00\x00\x01\t\x02`\x00\x01\x7f`\x00\x01p\x03\x03\x02\x00\x01\x07\x05\x01\x01g\x00\x01'
      b'\t\x05\x01\x03\x00\x01\x00\n\x0b\x02\x04\x00A\x07\x0b\x04\x00\xd2\x00\x0b')
RM = wasm.Module(RF)
g = wasm.Instance(RM).exports.g
g()
g = wasm.Instance(RM).exports.g
f = locked(g)     # its function object made inside the call: the same words from the call's trap path
p(f[0], f[1].startswith('function object: out of memory (need '), need(f) > 0, g()())
f = full(lambda: wasm.Module(T, lazy=False))
p(f[0], f[1].startswith('module: out of memory at offset 0x'), need(f) > 0)
p(t[0](), wasm.Instance(wasm.Module(T, lazy=False)).exports.t[0]())
""",
        [
            (("MemoryError", "memory: out of memory (need 2147483648 bytes)"), True),
            ("MemoryError", "shared heap: no free block of 8192 bytes"),
            ("MemoryError", True, True),
            ("MemoryError", True, True, 7),
            ("MemoryError", True, True),
            (7, 7),
        ],
    ),
    (
        # Every object the binding makes, with no heap at all (heap_lock):
        # MemoryError, and each works once the heap is back. wasm.mpy's
        # objects used to come from dynruntime.h's mp_obj_malloc, which did
        # not raise: it wrote through NULL (a segfault on the host, a fault
        # on a board). `lambda: e` is the control (allocates nothing).
        "objects_at_a_locked_heap_are_memory_errors",
        r"""
import micropython
ALL = (b'\x00asm\x01\x00\x00\x00\x01\x06\x01`\x01\x7f\x01\x7f\x03\x02\x01\x00\x04\x04\x01p\x00\x01'
       b'\x05\x03\x01\x00\x00\x06\x06\x01\x7f\x00A\x07\x0b\x07\x11\x04\x01f\x00\x00\x01m\x02\x00'
       b'\x01g\x03\x00\x01t\x01\x00\n\t\x01\x07\x00 \x00A\x01j\x0b')
m = wasm.Module(ALL)
i = wasm.Instance(m)
e = i.exports
def locked(f):
    micropython.heap_lock()
    try:
        f()
        r = 'ok'
    except MemoryError:
        r = 'MemoryError'
    micropython.heap_unlock()
    return r
p(locked(lambda: e), locked(lambda: e.f), locked(lambda: e.m), locked(lambda: e.g), locked(lambda: e.t))
p(locked(lambda: wasm.Module(ALL)), locked(lambda: wasm.Instance(m)), locked(lambda: wasm.Table('funcref', 1)))
p(e.f(1), e.g.value, len(e.t), len(e.m), len(wasm.Instance(wasm.Module(ALL)).exports.t))
""",
        [
            ("ok", "MemoryError", "MemoryError", "MemoryError", "MemoryError"),
            ("MemoryError", "MemoryError", "MemoryError"),
            (2, 7, 1, 0, 1),
        ],
    ),
    (
        "compile_error_names_the_problem_and_offset",
        r"""
p(exc(wasm.Module, b'\x00asm\x01\x00\x00\x00\x01'))
p(exc(wasm.Module, b'\x00asm\x02\x00\x00\x00'))
p(isinstance(wasm.CompileError('x'), ValueError))
""",
        [
            ("CompileError", "unexpected end at offset 0x9"),
            ("CompileError", "unknown binary version at offset 0x4"),
            True,
        ],
    ),
    (
        "link_error_names_the_import",
        r"""
m = wasm.Module(b'\x00asm\x01\x00\x00\x00\x01\x05\x01\x60\x01\x7f\x00\x02\x09\x01\x03env\x01f\x00\x00')
p(exc(wasm.Instance, m))
p(exc(wasm.Instance, m, {'env': {'f': wasm.Memory(1, page_size=1)}}))  # 1 byte: fits every heap
""",
        [
            ("LinkError", "unknown import: env.f: expected func (i32) -> ()"),
            ("LinkError", "incompatible import type: env.f: expected func (i32) -> ()"),
        ],
    ),
    (
        "trap_has_the_spec_text",
        """
e = wasm.Instance(wasm.Module(TRAPS), memory_limit=4096).exports
p(exc(e.unreachable), exc(e.div_s, 1, 0), isinstance(wasm.Trap('x'), RuntimeError))
""",
        [(("Trap", "unreachable"), ("Trap", "integer divide by zero"), True)],
    ),
    (
        # A trap's message says where: the function it happened in and its
        # callers, top first, up to 8 frames (the engine's MW_TRACE_FRAMES,
        # then the depth), by index and with the name section's names where
        # the build keeps them (the full profile: Module.unlower is there
        # too); e.kind, e.func, e.trace (func, name, where) and e.depth. A
        # trap in a host function's callee: the full profile's path goes on
        # through the host function (its import's name) to its caller; the
        # small profile's ends at the wasm it called (docs/wasm.md). The full
        # profile also says where in each function: " at 0x6e", the byte
        # offset in the module of the instruction that trapped or called
        # (wasm-tools print --print-offsets of trap_where_plain.wasm: 0x6e
        # $div's i32.div_u, 0x7b $mid's call of it, 0xaf $run's call of
        # $mid, ...); the small profile's messages have none. `t` takes the
        # offsets out of the message and gives them apart, which `at`
        # compares with the full profile's or with none; and e.offsets, one
        # per frame of e.trace, gives the same numbers (None for a frame the
        # message names none for); the small profile has no e.offsets.
        "trap_says_where",
        """
P = wasm.Module(TRAP_WHERE_PLAIN)
e = wasm.Instance(P, {'env': {'cb': lambda x: e.run(x, 0)}}, memory_limit=1024).exports
full = hasattr(P, 'unlower')
def split(s):
    parts = s.split(' at 0x')
    text, offsets = parts[0], []
    for q in parts[1:]:
        n = 0
        while n < len(q) and q[n] in '0123456789abcdef':
            n += 1
        offsets.append(int(q[:n], 16))
        text += q[n:]
    return text, tuple(offsets)
def t(f, *a, **k):
    try:
        f(*a, **k)
    except wasm.Trap as x:
        text, offsets = split(str(x))
        mine = getattr(x, 'offsets', ())
        if full:
            mine = tuple(o for o in mine if o is not None) if len(mine) == len(x.trace) else ('length', mine)
        return (text, x.kind, x.func, x.trace, x.depth), offsets if mine == offsets else ('e.offsets', mine)
def at(r, offsets):
    return r[1] == (offsets if full else ())
r = t(e.run, 0, 0)
p(r[0], at(r, (0x6e, 0x7b, 0xaf)))
r = t(e.run, 70000, 1)
p(r[0], at(r, (0xd1, 0x87, 0xaf)))
r = (t(e.run, 0, 2), t(e.run, -2**31, 3), t(e.run, 5, 4))
p(r[0][0][0], r[1][0][0], r[2][0][0], at(r[0], (0xd7, 0x91, 0xaf)), at(r[1], (0xdf, 0x9d, 0xaf)),
  at(r[2], (0xe5, 0xa2, 0xaf)))
r = t(e.spin, fuel=100)
p(r[0], r[1] == ())     # (fuel runs out between instructions, at the loop's head: none named)
r = t(e.deep, 20)
p(r[0][0], r[0][4], at(r, (0x6e, 0xc9) + (0xc4,) * 6))
via = t(e.via_host, 0)
p(via[0][0] == ("integer divide by zero in function 1 (called from 2 <- 3 <- host 0 'env.cb' <- 4)" if full
             else "integer divide by zero in function 1 (called from 2 <- 3)"), via[0][4] == (5 if full else 3),
  at(via, (0x6e, 0x7b, 0xaf, 0xb6)))
e = None
N = wasm.Module(TRAP_WHERE)
n = wasm.Instance(N, {'env': {'cb': abs}}, memory_limit=1024).exports
r = t(n.run, 0, 0)
p(r[0][0] == ("integer divide by zero in function 1 'div' (called from 2 'mid' <- 3 'run')" if full
           else "integer divide by zero in function 1 (called from 2 <- 3)"),
  r[0][3][0] == ((1, 'div', None) if full else (1, None, None)), r[0][1:3], r[0][4], at(r, (0x6e, 0x7b, 0xaf)))
n = N = None
# a bytearray is not kept: names=True keeps a copy of the names (full
# profile; the small one has no names and no such argument), and the
# module (lowered at its load) no body to find offsets in
buf = bytearray(TRAP_WHERE)
try:
    B = wasm.Module(buf, names=True)
except TypeError:
    B = None
buf[:] = bytes(len(buf))
r = B and t(wasm.Instance(B, {'env': {'cb': abs}}, memory_limit=1024).exports.run, 0, 0)
p(B is not None if full else B is None,
  r[0][0] == "integer divide by zero in function 1 'div' (called from 2 'mid' <- 3 'run')" and r[1] == ()
  if full else r is None)
""",
        [
            (
                (
                    "integer divide by zero in function 1 (called from 2 <- 3)",
                    "integer divide by zero",
                    1,
                    ((1, None, None), (2, None, None), (3, None, None)),
                    3,
                ),
                True,
            ),
            (
                (
                    "out of bounds memory access in function 6 (called from 2 <- 3)",
                    "out of bounds memory access",
                    6,
                    ((6, None, None), (2, None, None), (3, None, None)),
                    3,
                ),
                True,
            ),
            (
                "unreachable in function 7 (called from 2 <- 3)",
                "integer overflow in function 8 (called from 2 <- 3)",
                "undefined element in function 9 (called from 2 <- 3)",
                True,
                True,
                True,
            ),
            (("out of fuel in function 10", "out of fuel", 10, ((10, None, None),), 1), True),
            (
                "integer divide by zero in function 1 (called from 5 <- 5 <- 5 <- 5 <- 5 <- 5 <- 5 <- ... (22 frames))",
                22,
                True,
            ),
            (True, True, True),
            (True, True, ("integer divide by zero", 1), 3, True),
            (True, True),
        ],
    ),
    (
        "shared_heap_refusals_are_value_errors_with_the_reason",
        """
h = wasm.SharedHeap(64)
p(exc(h.chain, h))
body = wasm.SharedHeap(buffer=bytearray(64))
wasm.SharedHeap(buffer=bytearray(64)).chain(body)
p(exc(wasm.SharedHeap(64).chain, body))
""",
        [("ValueError", "cannot chain a heap to itself"), ("ValueError", "heap is already the body of a chain")],
    ),
    (
        # wasm.stack_size(slots, frames) resizes the runtime's stacks for the
        # calls after (a 90 KiB-heap board running wasm.mpy needs that): a
        # 200-local frame fits 256 slots, not 128. Lowered before: the call
        # traps; loaded after: refused at load. Not inside a wasm call (the
        # host function's RuntimeError, the sizes unchanged). The sizes are
        # the VM's: put back for the cases after.
        "stack_size_resizes_the_stacks",
        r"""
CB = (b'\x00asm\x01\x00\x00\x00\x01\x04\x01`\x00\x00\x02\x09\x01\x03env\x01f\x00\x00\x03\x02\x01\x00'
      b'\x07\x05\x01\x01g\x00\x01\x0a\x06\x01\x04\x00\x10\x00\x0b')
BIG = (b'\x00asm\x01\x00\x00\x00\x01\x04\x01`\x00\x00\x03\x02\x01\x00\x07\x05\x01\x01f\x00\x00'
       b'\x0a\x07\x01\x05\x01\xc8\x01\x7e\x0b')
old = wasm.stack_size()
try:
    p(wasm.stack_size(256, 8) == old, wasm.stack_size())
    f = wasm.Instance(wasm.Module(BIG)).exports.f
    p(f())
    wasm.stack_size(128, 8)
    p(exc(f))
    p(exc(wasm.Module, BIG))
    g = wasm.Instance(wasm.Module(CB), {'env': {'f': lambda: wasm.stack_size(64, 8)}}).exports.g
    p(exc(g), wasm.stack_size())
    p(exc(wasm.stack_size, 0), exc(wasm.stack_size, 1, 1 << 24 + 1))
    # stacks no heap holds (128 MiB): a MemoryError that says so, then usable
    wasm.stack_size(1 << 24, 1)
    t, msg = exc(f)
    p(t, msg.split(' (')[0], int(msg.split('need ')[1].split(' ')[0]) > (1 << 24) * 8, msg.split('; ')[1])
    wasm.stack_size(256, 8)
    p(f())
finally:
    wasm.stack_size(*old)
p(wasm.stack_size() == old)
""",
        [
            (True, (256, 8)),
            None,
            ("Trap", "call stack exhausted"),
            ("CompileError", "function frame exceeds the value stack (mw_config.stack_slots) at offset 0x1d"),
            (("RuntimeError", "stack_size: not inside a wasm call"), (128, 8)),
            (
                ("ValueError", "stack_size: slots must be 1..16777216"),
                ("ValueError", "stack_size: frames must be 1..16777216"),
            ),
            ("MemoryError", "wasm stacks: out of memory", True, "wasm.stack_size() sets them)"),
            None,
            True,
        ],
    ),
]

# Lowered code names a frame slot in one 16-bit unit: a function whose locals
# plus operand stack exceed 65535 slots is refused at load with the named
# limit (the body's offset names the function); one with fewer still meets
# the value-stack check. 50000 i64 locals, then 15 or 16 calls of an import
# returning 1000 values each, then unreachable (which makes the rest of the
# body valid). Validating it needs about 300 KB (16 bytes of lowering state
# per operand): boards with less heap give a clean MemoryError instead
# (tests/hil/test_wasm_errors_board.py).
FRAME_LIMIT_CODE = r"""
def frame_module(calls):
    t = b'\x02\x60\x00\xe8\x07' + b'\x7f' * 1000 + b'\x60\x00\x00'
    body = b'\x01\xd0\x86\x03\x7e' + b'\x10\x00' * calls + b'\x00\x0b'
    return (b'\x00asm\x01\x00\x00\x00' + b'\x01\xf0\x07' + t
            + b'\x02\x07\x01\x01m\x01f\x00\x00' + b'\x03\x02\x01\x01'
            + b'\x0a' + bytes([len(body) + 2, 1, len(body)]) + body)
p(exc(wasm.Module, frame_module(16)))
p(exc(wasm.Module, frame_module(15)))
"""
FRAME_LIMIT_EXPECTED = [
    ("CompileError", "function frame exceeds 65535 slots (MW_MAX_FRAME_SLOTS) at offset 0x40c"),
    ("CompileError", "function frame exceeds the value stack (mw_config.stack_slots) at offset 0x40c"),
]
# Bytes free below which a board must give MemoryError: validating the
# 50,000-local body takes 9 bytes per local in one block (its type and the
# definite-assignment words, lower.c), ~450 KB, plus the module's own
# blocks; mps3_an547's 474,240 free bytes are not enough.
FRAME_LIMIT_HEAP = 600_000
# Below it, the MemoryError of the load (what the engine could not allocate
# at which offset: ~450 KB for the locals, or a block of the module's own)
FRAME_LIMIT_NOMEM = r"module: out of memory at offset 0x[0-9a-f]+ \(need [1-9]\d* bytes\)"
