#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The smallest MicroPython heap each whole program runs in, on the host port.

    python3 bench/min_heap.py [--programs xz,zlib] [--size test] [--step 1024]
        [--micropython build/host/micropython]

Each program (bench/programs.py, its .wasm from build/programs/) runs as a user
runs it: `wasm.Module(open(path, 'rb').read())` (lazy, the default code budget),
then `wasm.WASI(args=...).start(wasm.Instance(m, wasi=w))`, under
`micropython -X heapsize=N`. A run passes if start() returns 0 and stdout is the
native build's. N is bisected in --step bytes between a heap that fails and one
that passes (a heap's need is not strictly monotonic: the allocator's layout
depends on the size, so the figure is the bisection's, good to about a step).
Prints a Markdown table. A benchmark, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import programs as P

ROOT = P.ROOT

SNIPPET = """\
import wasm
m = wasm.Module(open({path!r}, 'rb').read())
w = wasm.WASI(args={argv!r})
r = w.start(wasm.Instance(m, wasi=w))
if r != 0:
    raise SystemExit('start returned %r' % r)
"""


def runs(mp: Path, script: str, heap: int, want: bytes) -> bool:
    """True if the program's run at `heap` bytes returns 0 with the native output."""
    try:
        proc = subprocess.run(
            [str(mp), "-X", f"heapsize={heap}", script], capture_output=True, timeout=300, check=False
        )
    except subprocess.TimeoutExpired:
        return False
    return proc.returncode == 0 and proc.stdout == want


def smallest(mp: Path, script: str, want: bytes, step: int, hi: int) -> int | None:
    """The smallest heap (a multiple of step) the run passes at, by bisection; None above hi."""
    if not runs(mp, script, hi, want):
        return None
    lo = 0  # fails (nothing runs in no heap)
    while hi - lo > step:
        mid = (lo + hi) // 2 // step * step
        mid = mid if mid > lo else lo + step
        if runs(mp, script, mid, want):
            hi = mid
        else:
            lo = mid
    return hi


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--programs", help="comma-separated names (default: all 36)")
    ap.add_argument("--size", default="test", help="argument set: test, quick or n (default test)")
    ap.add_argument("--step", type=int, default=1024, help="bisection step in bytes (default 1024)")
    ap.add_argument("--max", type=int, default=16 << 20, help="largest heap tried (default 16 MiB)")
    ap.add_argument("--micropython", type=Path, default=ROOT / "build" / "host" / "micropython")
    P.add_features_arg(ap)
    args = ap.parse_args()
    P.use_features(args.features)
    progs = P.select(args.programs)
    built = P.build_all(progs)
    print(f"| program | .wasm | smallest heap ({args.size}) | heap / .wasm |")
    print("|---|---:|---:|---:|")
    for prog in progs:
        wasm = built[prog.name, "wasm"]
        want = P.run_native(prog, args.size)
        with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
            f.write(SNIPPET.format(path=str(wasm), argv=prog.argv(args.size)))
        try:
            heap = smallest(args.micropython, f.name, want, args.step, args.max)
        finally:
            Path(f.name).unlink()
        size = wasm.stat().st_size
        shown = f"{heap:,}" if heap is not None else f"> {args.max:,}"
        ratio = f"{heap / size:.2f}x" if heap is not None else ""
        print(f"| {prog.name} | {size:,} | {shown} | {ratio} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
