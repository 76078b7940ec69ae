# SPDX-License-Identifier: MIT
"""Soak on the board (issue 17): 1000 load/instantiate/call/free cycles, 1000
traps of five kinds and 1000 MPU faults from a wasm store into the read-only
`rodata` region, each recovered from; afterwards gc.mem_free() is back to its
value before the loops (within 1 KiB) and the REPL answers. The loops run on
the board in one raw-REPL exec, so the serial line costs nothing per cycle.
Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from support.host import script

if TYPE_CHECKING:
    from conftest import Repl

N = 1000
SLACK = 1024  # bytes gc.mem_free() may differ by after the loops

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
gc.collect()
start = gc.mem_free()
cycles(N)
t = traps(N)
f = faults(N)
gc.collect()
p(start, gc.mem_free(), t, f)
"""


def test_soak_cycles_traps_and_faults(repl: Repl) -> None:
    # from a soft-reset board: what earlier tests left (the pipeline's sampler
    # and scheduled work, open files) must not count as the soak's leak
    repl.soft_reset()
    out = repl.exec(script(f"N = {N}\n" + SOAK, ("traps", "regionmem")), timeout=600)
    vals = [ast.literal_eval(ln[2:]) for ln in out.splitlines() if ln.startswith("= ")]
    assert len(vals) == 1, out
    start, end, traps, faults = vals[0]
    print(f"\n{repl.board.name}: gc.mem_free() {start} before, {end} after; traps {traps}, faults {faults}")
    assert traps == (N, 42)
    assert faults == (N, 7)
    assert abs(end - start) <= SLACK, f"gc.mem_free() {start} before, {end} after"
    assert repl.exec("print(1 + 1)").strip() == "2"
