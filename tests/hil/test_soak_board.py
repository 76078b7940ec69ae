# SPDX-License-Identifier: MIT
"""Soak on the board (issue 17): 1000 load/instantiate/call/free cycles, 1000
traps of five kinds and 1000 MPU faults from a wasm store into the read-only
`rodata` region, each recovered from, twice; gc.mem_free() after each round
is exactly what it was after a warm-up round of N (for what is allocated
once: the runtime's stacks); the REPL answers. Exact, since the runtime
keeps no stale pointer the conservative collector would follow (it clears
the value and frame stacks an entry used, and their end pointers stay
inside their blocks: before, netduinoplus2 kept one instance of 6,272 bytes
alive), nor does the port across a soft reset (ports/common/soft_reset.c
zeroes every root before mp_init, as a cold boot finds them; first written
for the REPL history and the scheduler's queue: in make test's order, after the
pipeline tests' Sampler, session 6's firmware on mps3_an547 ended both
rounds exactly 64 bytes below the warm-up's heap, an object of the soak kept
alive by the Sampler's address left in sched_queue[3], found with gdb on a
RAM dump; in session 10, with lowering's work buffers sized to the
function, one 64-byte object held by the parse tree's root that MicroPython
1.23 leaves dangling in pyexec's frame while the snippet runs: the port now
clears it, ports/common/parse_tree_clear.c); the snippet keeps its results in a list made before the first
measurement and measures from one function, so no tuple of its own lingers
in a Python stack slot. The loops run on the board in one raw-REPL exec, so
the serial line costs nothing per cycle.
The snippet keeps its two binaries XOR-ed with a key under which no aligned
word of them is an address in the board's RAM, and decodes a fresh copy for
each load: wasm code is full of such words (opcode 0x20 is local.get, and
SRAM starts at 0x20000000), and the collector, which cannot tell bytes from
pointers, took the aligned word 0x20002000 of traps.wasm and regionmem.wasm
(`00 20 00 20`) for a pointer to the object at that address: netduinoplus2
kept one 6,032 B instance alive through it in session 5's heap layout (found
with gdb on a RAM dump, docs/benchmarks-history.md).
Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

import ast
import struct
from typing import TYPE_CHECKING

import pytest

from boardcfg import Memory
from conftest import exec_or_memory_error
from support.build import build
from support.host import printed_values, script

if TYPE_CHECKING:
    from conftest import Repl

N = 1000

SOAK = """
import gc
def unpack(packed):
    key, data = packed
    return bytes(b ^ key for b in data)
def cycles(n):
    for k in range(n):
        m = wasm.Module(unpack(TRAPS))
        i = wasm.Instance(m, memory_limit=4096)
        if i.exports.ok() != 42:
            raise AssertionError(k)
        del i, m
res = [0] * 11    # start, then per round: traps, ok, faults, stored, heap
def traps(n, at):
    e = wasm.Instance(wasm.Module(unpack(TRAPS)), memory_limit=4096).exports
    calls = (lambda: e.div_s(1, 0), e.unreachable, lambda: e.load(4096), lambda: e.call(1), lambda: e.trunc(1e30))
    c = 0
    for k in range(n):
        try:
            calls[k % 5]()
        except wasm.Trap:
            c += 1
    res[at] = c
    res[at + 1] = e.ok()
{faults}
def heap():
    gc.collect()
    return gc.mem_free()
def round(n, at):
    cycles(n)
    traps(n, at)
    faults(n, at + 2)
    res[at + 4] = heap()
round(N, 1)                            # first use: anything allocated once, however late
res[0] = heap()
round(N, 1)
round(N, 6)
p(res)
"""


# The MPU faults: a store into the read-only `rodata` region from wasm, N
# times, each a wasm.Trap; then a store into `shared` reads back.
FAULTS = """
def faults(n, at):
    e = wasm.Instance(wasm.Module(unpack(REGIONMEM)), {'env': {'mem': wasm.Memory(region='shared', page_size=1),
                                                    'ro': wasm.Memory(region='rodata', page_size=1)}}).exports
    c = 0
    for k in range(n):
        try:
            e.ro_store8(k % 64, 1)
        except wasm.Trap:
            c += 1
    e.store8(0, 7)
    res[at] = c
    res[at + 1] = e.load8(0)
"""
# wasm.mpy (--wasm natmod): board regions stay with the firmware
# (docs/natmod.md), so no memory over `rodata` to fault in: each round checks
# the refusal instead (True, None), keeping no new object in `res`.
FAULTS_NO_REGIONS = """
def faults(n, at):
    try:
        wasm.Memory(region='shared', page_size=1)
    except ValueError as x:
        res[at] = str(x) == "unknown region 'shared'"
    res[at + 1] = None
"""


def packed(data: bytes, ram: Memory) -> tuple[int, bytes]:
    """(key, data XOR key) with no aligned word in `ram`: bytes the collector cannot take for a pointer."""
    for key in range(0x80, 0x100):
        enc = bytes(b ^ key for b in data)
        if not any(ram.base <= w < ram.end for (w,) in struct.iter_unpack("<I", enc[: len(enc) // 4 * 4])):
            return key, enc
    raise AssertionError("no key hides the binary's words from the collector")


def test_packed_binaries_hold_no_ram_address() -> None:
    """The precondition of the soak's exactness, on the host: traps.wasm holds the aligned word
    0x20002000 (a pointer into netduinoplus2's RAM to the collector); packed, no word of either
    binary is in that RAM, and unpacking gives the binary back."""
    nd = Memory(0x2000_0000, 112 * 1024)
    traps = build("traps")
    assert 0x2000_2000 in [w for (w,) in struct.iter_unpack("<I", traps[: len(traps) // 4 * 4])]
    for name in ("traps", "regionmem"):
        data = build(name)
        key, enc = packed(data, nd)
        assert bytes(b ^ key for b in enc) == data
        assert not any(nd.base <= w < nd.end for (w,) in struct.iter_unpack("<I", enc[: len(enc) // 4 * 4]))


def test_soak_cycles_traps_and_faults(repl: Repl, wasm_source: str) -> None:
    # from a soft-reset board: what earlier tests left (the pipeline's sampler
    # and scheduled work, open files) must not count as the soak's leak
    repl.soft_reset()
    regions = wasm_source != "natmod"
    bins = "".join(f"{n.upper()} = {packed(build(n), repl.board.ram)!r}\n" for n in ("traps", "regionmem"))
    soak = SOAK.replace("{faults}", FAULTS if regions else FAULTS_NO_REGIONS)
    out = exec_or_memory_error(repl, script(f"N = {N}\n" + bins + soak), timeout=600)
    if out is None:  # below conftest.CASE_HEAP (wasm.mpy on netduinoplus2): the clean MemoryError
        return
    vals = [ast.literal_eval(ln[2:]) for ln in out.splitlines() if ln.startswith("= ")]
    assert len(vals) == 1, out
    start, rounds = vals[0][0], (vals[0][1:6], vals[0][6:11])
    print(f"\n{repl.board.name}: gc.mem_free() {start} before, {rounds[0][4]} and {rounds[1][4]} after each round")
    for traps, ok, faults, stored, _free in rounds:
        assert (traps, ok) == (N, 42)
        assert (faults, stored) == ((N, 7) if regions else (True, None))
    # A leak per cycle costs at least one 16-byte block a cycle, 16,000 bytes a
    # round; one object kept once (a stale root) costs its size in one round.
    if not regions:
        # wasm.mpy's code is a block of the heap the collector scans, and some
        # of its words are heap addresses (tests/README.md "Topologies CI does
        # not run"): an object that lands on one is kept, once, in whichever
        # round it lands there (session 22's wasm.mpy: 6,304 B in round 2 on
        # mps2_an385). What holds: no round gives heap back it did not take,
        # and both together end below the warm-up by less than one round of a
        # leak per cycle (N blocks of 16 bytes).
        (*_, free1), (*_, free2) = rounds
        assert free2 <= free1 <= start and start - free2 < N * 16, (start, free1, free2)
    else:
        for k, (*_, free) in enumerate(rounds):
            assert free == start, f"gc.mem_free() {start} after the warm-up, {free} after round {k + 1} of {N} cycles"
    assert repl.exec("print(1 + 1)").strip() == "2"


# What a session leaves behind before Ctrl-D, each a root the collector scans
# that mp_init does not set again: the `wasm` runtime (its stacks made by a
# call; MP_STATE_VM(modwasm_runtime), cleared before session 23 only by the
# next `import wasm`), and the traceback of a MemoryError raised at a full
# heap (MicroPython's emergency exception object, whose traceback is
# allocated in the caller's frame, once the collector has freed what the
# raising frame held: MP_STATE_VM(mp_emergency_exception_obj).traceback_data).
# Each is made above the heap's middle (HOLD takes every block below it
# first), where the next session's own objects never reach: there it is
# free when that session fills the heap, so a stale root to it shows.
# CHAIN: chain(share) collects, then makes gc.mem_free() // share 1-tuples
# (one 16-byte block each, counted before, so no MemoryError is raised: its
# exception would take MicroPython's emergency object and keep a traceback),
# each holding the one made before it, and returns the last: share 16 takes
# every free block, 32 half of them.
CHAIN = """
import gc
def chain(share):
    gc.collect()
    n = gc.mem_free() // share
    t = None
    i = 0
    while i < n:
        t = (t,)
        i += 1
    return t
"""
HOLD = (
    CHAIN
    + """
low = None   # every name bound before the hold: a dict that grew after it would leave a hole below
def hold_low_half():
    return chain(32)
"""
)
BEFORE_RESET = {
    "wasm_runtime": HOLD
    + """
import wasm   # the runtime is made by the first Module, below
i = None
low = hold_low_half()
i = wasm.Instance(wasm.Module(ARITH))
p(i.exports.add_i32(2, 3))
""",
    "emergency_traceback": HOLD
    + """
def full():
    t = None
    while True:
        t = (t,)   # one block each, all held: at the first that fails not one block is free,
                   # so the MemoryError takes the emergency object
def caller():
    try:
        full()
    except MemoryError as e:
        return type(e).__name__
low = hold_low_half()
p(caller())
""",
}
BEFORE_RESET_PRINTS = {"wasm_runtime": [5], "emergency_traceback": ["MemoryError"]}

# After the soft reset, without `import wasm`: every free block of the heap
# gets a 1-tuple (CHAIN), each holding the one made before
# it, all dropped again; whatever a stale root points at is then kept, with
# the chain below it. Compared with the same after a reset that followed an
# idle session, not with 0: the snippet's own run can keep a part of the
# chain through a word of its own (netduinoplus2 62,128 B, mps3_an547
# 224 B, whatever the session before did, and for the snippet's whole run;
# 0 on the MPS2 boards and lm3s6965evb): on netduinoplus2 a stale word
# inside the snippet's code_state on the C stack, pointing at a block freed
# before `fill` ran (scripts/heap_holders.py; docs/benchmarks.md session 23).
FILL_AND_FREE = (
    CHAIN
    + """
before = 0
filled = 0
def fill():
    t = chain(16)
    return t is not None and gc.mem_free() == 0
gc.collect(); before = gc.mem_free(); filled = fill(); gc.collect(); print(filled, before - gc.mem_free())
"""
)


@pytest.mark.parametrize("left", list(BEFORE_RESET))
def test_soft_reset_leaves_no_stale_root(repl: Repl, left: str) -> None:
    """Whatever the last session left in a root, a soft reset starts the roots as a cold
    boot does (ports/common/soft_reset.c): the heap filled and emptied again right after
    it, before any `import wasm`, comes back as after an idle session. Session 22 saw test_mpu's
    thousand faults keep 64-128 B on mps2_an505 after test_wasm_errors_board or
    test_wasm_lazy_board; this fails on that firmware for both roots."""
    repl.soft_reset()
    repl.soft_reset()  # after an idle session: what the snippet keeps of its own
    control = fill_and_free(repl)
    repl.soft_reset()
    programs = ("arith",) if left == "wasm_runtime" else ()
    out = exec_or_memory_error(repl, script(BEFORE_RESET[left], programs))
    if out is None:  # below conftest.CASE_HEAP (wasm.mpy on netduinoplus2): the clean MemoryError
        return
    assert printed_values(out) == BEFORE_RESET_PRINTS[left], out
    repl.soft_reset()
    kept = fill_and_free(repl)
    assert kept == control, f"{kept} B of the heap kept after a soft reset ({control} after an idle session): {left}"


def fill_and_free(repl: Repl) -> int:
    """FILL_AND_FREE's bytes kept, once it has filled every free block."""
    filled, kept = repl.exec(FILL_AND_FREE, timeout=120).split()
    assert filled == "True"  # every free block got its tuple
    return int(kept)


# The snippet's own compile goes deep (a call nested NEST times: the compiler
# recurses once a level) and its code, at the module's level, reads every word
# of the C stack from above the MPU guard up to 1 KiB below its own frames
# (micropython.stack_use(): the interrupts' stacked frames and the reads' calls
# stay in that KiB). The port zeroes the compile's dead stack before the code
# runs (ports/cortexm/compile_clear.c); before, lm3s6965evb found 367 words
# there, the deepest 3,432 B below the stack's top, and a slot of a frame built
# over them later (the module's mp_execute_bytecode with LTO=1) kept a freed
# scope's address, whatever was allocated there after.
NEST = 30
BELOW_COMPILE = """
import machine, micropython
v = {calls}
hi = {top} - micropython.stack_use() - 1024
n = 0
for a in range({bottom}, hi, 4):
    if machine.mem32[a]:
        n += 1
print(v, hi > {bottom} + 1024, n)
"""


def test_compile_leaves_no_word_below_the_code_it_runs(repl: Repl) -> None:
    b = repl.board
    top = b.ram.base + b.ram.size  # _estack (ports/cortexm/sections.ld)
    bottom = top - b.stack_size + 256  # above the MPU's stack guard (mpu.h MPU_STACK_GUARD_SIZE)
    calls = "abs(" * NEST + "-1" + ")" * NEST
    for _ in range(2):  # the second after the first's run: nothing of it is left either
        out = repl.exec(BELOW_COMPILE.format(calls=calls, top=top, bottom=bottom), timeout=60)
        assert out.split() == ["1", "True", "0"], f"words left below the running code: {out}"
