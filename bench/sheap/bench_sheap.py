# SPDX-License-Identifier: MIT
"""Shared-heap costs on the host port (docs/shared-heap.md), printed as a table:

1. Passing N bytes from Python to wasm (64 B .. 1 MiB): copying them into
   linear memory then calling, vs the bytes already being a heap (a
   bytearray-backed SharedHeap) and passing the app address. The wasm side
   reads the first and last byte only, so the time is the passing itself.
2. Byte loads in a wasm loop over 64 KiB: linear memory, linear memory with a
   heap attached, and a heap address (every access through the slow path).
Run: .venv/bin/python bench/sheap/bench_sheap.py  (after `make host`)
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "wasm"))
from host import run  # noqa: E402

CODE = """
import time
M = wasm.Module(SHEAP)
def best(f, reps):
    b = None
    for r in range(5):
        t = time.ticks_us()
        for i in range(reps):
            f()
        d = time.ticks_diff(time.ticks_us(), t) / reps
        b = d if b is None or d < b else b
    return b
# 1. pass-through
for n in (64, 1024, 16384, 65536, 262144, 1048576):
    data = bytearray(b'\\x01' * n)
    pages = (n + 65535) // 65536
    ic = wasm.Instance(M)
    ic.exports.grow(pages)
    mem = memoryview(ic.exports.memory)
    touch_c = ic.exports.touch
    def copy_path():
        mem[0:n] = data
        touch_c(0, n)
    copy_path()
    h = wasm.SharedHeap(buffer=data)
    ih = wasm.Instance(M, shared_heap=h)
    touch_h = ih.exports.touch
    a = h.start
    def heap_path():
        touch_h(a, n)
    reps = max(20, 200000 // max(n // 64, 1))
    p(('pass', n, best(copy_path, reps), best(heap_path, reps)))
    ih.detach()
# 2. access cost: 64 KiB of byte loads per call
N = 65536
h = wasm.SharedHeap(buffer=bytearray(N))
plain = wasm.Instance(M).exports
att = wasm.Instance(M, shared_heap=h).exports
runs = ((plain.sum, 0), (att.sum, 0), (att.sum, h.start))
mins = [None] * 3
# interleaved, minimum of many single calls: the least disturbed by other load
for r in range(60):
    for j in range(3):
        f, a = runs[j]
        t = time.ticks_us()
        f(a, N)
        d = time.ticks_diff(time.ticks_us(), t)
        mins[j] = d if mins[j] is None or d < mins[j] else mins[j]
p(('loads', mins[0], mins[1], mins[2]))
"""


def main() -> None:
    out = run(CODE, ("sheap",), timeout=600)
    print(f"{'N bytes':>9} {'copy into linear us':>20} {'via heap us':>12}")
    for row in out:
        if row[0] == "pass":
            _, n, c, h = row
            print(f"{n:>9} {c:>20.2f} {h:>12.2f}")
    for row in out:
        if row[0] == "loads":
            _, lin, att, heap = row
            print(
                f"64 KiB byte loads: linear {lin:.0f} us, linear with heap attached {att:.0f} us "
                f"({(att / lin - 1) * 100:+.1f}%), heap {heap:.0f} us ({(heap / lin - 1) * 100:+.1f}%)"
            )


if __name__ == "__main__":
    main()
