# SPDX-License-Identifier: MIT
"""Window costs on the host port (docs/windows.md), as instruction counts and
times: byte loads in a wasm loop (tests/programs/window.wat `sum`) over

1. linear memory (the fast path, the baseline),
2. linear memory with 8 windows mapped (linear memory must pay nothing),
3. one window (every load through the slow path's one-entry hit cache),
4. one of eight windows (the same, with seven more in the table),
5. eight windows read in turn, 4 KiB each (the hit cache misses once per
   window change: the table walk's cost).

Instruction counts come from `valgrind --tool=callgrind` when it is installed
(repeatable on a busy machine); times are the best of 5 rounds of the loop
inside one process. Run: .venv/bin/python bench/windows/bench_windows.py
(after `make host`).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
from support.build import build  # noqa: E402
from support.host import MICROPYTHON, script  # noqa: E402

N = 65536
SETUPS = {
    "linear": "addrs = [1024] * 8; sizes = N // 8",
    "linear, 8 windows mapped": "bufs = [bytearray(N // 8) for k in range(8)]\n"
    "for k, b in enumerate(bufs):\n    i.map(b, 0x40000000 + k * 0x100000)\n"
    "addrs = [1024] * 8; sizes = N // 8",
    "1 window": "b = bytearray(N)\na = i.map(b, 0x40000000)\n"
    "addrs = [a + k * (N // 8) for k in range(8)]; sizes = N // 8",
    "1 of 8 windows": "bufs = [bytearray(N)] + [bytearray(16) for k in range(7)]\n"
    "for k, b in enumerate(bufs):\n    i.map(b, 0x40000000 + k * 0x100000)\n"
    "addrs = [0x40000000 + k * (N // 8) for k in range(8)]; sizes = N // 8",
    "8 windows in turn": "bufs = [bytearray(N // 8) for k in range(8)]\n"
    "for k, b in enumerate(bufs):\n    i.map(b, 0x40000000 + k * 0x100000)\n"
    "addrs = [0x40000000 + k * 0x100000 for k in range(8)]; sizes = N // 8",
}

CODE = """
import time
N = %d
M = wasm.Module(WINDOW)
i = wasm.Instance(M, {'host': {'cb': lambda: None}})
e = i.exports
e.grow(1)
%s
def once():
    s = 0
    for a in addrs:
        s += e.sum(a, sizes)
    return s
best = None
for r in range(ROUNDS):
    t = time.ticks_us()
    once()
    t = time.ticks_diff(time.ticks_us(), t)
    best = t if best is None or t < best else best
print('us', best)
"""


def measure(setup: str, rounds: int, callgrind: bool) -> tuple[float, int | None]:
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(script(f"ROUNDS = {rounds}\n" + CODE % (N, setup), ("window",)))
    try:
        out = subprocess.run([str(MICROPYTHON), f.name], capture_output=True, text=True, timeout=120, check=True)
        us = float(re.search(r"us (\d+)", out.stdout).group(1))
        instr = None
        if callgrind:
            with tempfile.TemporaryDirectory() as d:
                f2 = Path(d) / "cg.out"
                cg = subprocess.run(
                    ["valgrind", "--tool=callgrind", f"--callgrind-out-file={f2}", str(MICROPYTHON), f.name],
                    capture_output=True,
                    text=True,
                    timeout=600,
                    check=True,
                )
                instr = int(re.search(r"Collected : (\d+)", cg.stderr).group(1))
        return us, instr
    finally:
        Path(f.name).unlink()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--no-callgrind", action="store_true")
    args = ap.parse_args()
    build("window")
    callgrind = shutil.which("valgrind") is not None and not args.no_callgrind
    rows = []
    for name, setup in SETUPS.items():
        us, instr = measure(setup, args.rounds, False)
        # instructions of the loop alone: 1 round minus 0 rounds
        if callgrind:
            _, i1 = measure(setup, 2, True)
            _, i0 = measure(setup, 1, True)
            instr = i1 - i0
        rows.append((name, us, instr))
    base_us, base_i = rows[0][1], rows[0][2]
    print(f"| byte loads over {N // 1024} KiB | instructions per load | vs linear | best time (us) | vs linear |")
    print("|---|---|---|---|---|")
    for name, us, instr in rows:
        per = f"{instr / N:.1f}" if instr else "-"
        ri = f"{instr / base_i:.3f}x" if instr and base_i else "-"
        print(f"| {name} | {per} | {ri} | {us:.0f} | {us / base_us:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
