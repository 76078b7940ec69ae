# SPDX-License-Identifier: MIT
"""Soak on the board (issue 17): 1000 load/instantiate/call/free cycles, 1000
traps of five kinds and 1000 MPU faults from a wasm store into the read-only
`rodata` region, each recovered from, twice; the second round leaves
gc.mem_free() where the first left it (within 1 KiB: nothing leaks per cycle)
and the REPL answers. Only rounds are compared, not the state before the
first: the collector is conservative, and a stale word left behind by the
first round (netduinoplus2: one instance, 6,272 bytes, the same after 100,
1000 or 3000 cycles) may keep one object alive until it is overwritten; a leak
grows with the cycles. The loops run on the board in one raw-REPL exec, so the
serial line costs nothing per cycle.
Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from support.host import script

if TYPE_CHECKING:
    from conftest import Repl

N = 1000
SLACK = 1024  # bytes gc.mem_free() may fall by over the second round

SOAK = """
import gc
def cycles(n):
    for k in range(n):
        m = wasm.Module(TRAPS)
        i = wasm.Instance(m, memory_limit=4096)
        if i.exports.ok() != 42:
            raise AssertionError(k)
        del i, m
def traps(n):
    e = wasm.Instance(wasm.Module(TRAPS), memory_limit=4096).exports
    calls = (lambda: e.div_s(1, 0), e.unreachable, lambda: e.load(4096), lambda: e.call(1), lambda: e.trunc(1e30))
    c = 0
    for k in range(n):
        try:
            calls[k % 5]()
        except wasm.Trap:
            c += 1
    return c, e.ok()
def faults(n):
    e = wasm.Instance(wasm.Module(REGIONMEM), {'env': {'mem': wasm.Memory(region='shared', page_size=1),
                                                    'ro': wasm.Memory(region='rodata', page_size=1)}}).exports
    c = 0
    for k in range(n):
        try:
            e.ro_store8(k % 64, 1)
        except wasm.Trap:
            c += 1
    e.store8(0, 7)
    return c, e.load8(0)
cycles(10); traps(10); faults(10)      # first use: anything allocated once
def round():
    cycles(N)
    t = traps(N)
    f = faults(N)
    gc.collect()
    return gc.mem_free(), t, f
first, t1, f1 = round()
second, t, f = round()
p(first, second, t, f, t1, f1)
"""


def test_soak_cycles_traps_and_faults(repl: Repl) -> None:
    # from a soft-reset board: what earlier tests left (the pipeline's sampler
    # and scheduled work, open files) must not count as the soak's leak
    repl.soft_reset()
    out = repl.exec(script(f"N = {N}\n" + SOAK, ("traps", "regionmem")), timeout=600)
    vals = [ast.literal_eval(ln[2:]) for ln in out.splitlines() if ln.startswith("= ")]
    assert len(vals) == 1, out
    first, second, traps, faults, traps1, faults1 = vals[0]
    print(f"\n{repl.board.name}: gc.mem_free() {first} after the first round, {second} after the second")
    assert traps == traps1 == (N, 42)
    assert faults == faults1 == (N, 7)
    assert second >= first - SLACK, f"gc.mem_free() {first} after the first round, {second} after the second"
    assert repl.exec("print(1 + 1)").strip() == "2"
