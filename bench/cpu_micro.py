# SPDX-License-Identifier: MIT
"""CPU time per loop iteration of small wasm loops (bench/micro/*.wat), our
engine against wasm3: what one link of a dependency chain costs each engine.

Each module is a WASI command whose _start runs one loop 50,000,000 times:
`loop` (the counter alone), `local8` (eight i32 ops, each reading the local
the one before wrote), `expr8` (one expression of eight i32 ops, each reading
the value the one before left on the stack), `indep8` (eight independent
adds), `chase4` (four dependent loads). Both runners (bench/bench_programs.py)
run each in turn, A B A B, and the user CPU seconds of each whole process
(bench/cpu_time.py) give nanoseconds per iteration: the median over the
pairs. The loop's and the process's own cost are in every figure; `loop`
shows them.

    python3 bench/cpu_micro.py [--pairs 5] [--only expr8,local8] [--base saved/runner_mw_wasi]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

import bench_programs
from cpu_time import NO_PAINT, paired
from run import fetch_wasm3

MICRO = Path(__file__).resolve().parent / "micro"
OUT = bench_programs.OUT / "micro"


def iterations(wat: Path) -> int:
    """The loop count the module's header states (`;; N iterations`)."""
    m = re.search(r"^;; ([\d,]+) iterations", wat.read_text(), re.M)
    if m is None:
        raise ValueError(f"{wat}: no ';; N iterations' line")
    return int(m.group(1).replace(",", ""))


def build(wat: Path) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / (wat.stem + ".wasm")
    if not out.exists() or out.stat().st_mtime < wat.stat().st_mtime:
        subprocess.run(["wat2wasm", str(wat), "-o", str(out)], check=True)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=int, default=5, help="A B pairs per module (after one warm-up pair)")
    ap.add_argument("--only", default="", help="comma-separated module names (default: every bench/micro/*.wat)")
    ap.add_argument("--base", default="", help="a runner_mw_wasi binary to pair against instead of wasm3")
    a = ap.parse_args()
    if a.base and not os.access(a.base, os.X_OK):
        ap.error(f"--base {a.base}: not an executable file")
    wats = sorted(MICRO.glob("*.wat"))
    want = [w for w in a.only.split(",") if w]
    if want:
        unknown = sorted(set(want) - {w.stem for w in wats})
        if unknown:
            ap.error(f"unknown module {unknown}: known {[w.stem for w in wats]}")
        wats = [w for w in wats if w.stem in want]
    ours = str(bench_programs.build_runner_mw_wasi())
    theirs = a.base or str(bench_programs.build_runner_wasm3_wasi(fetch_wasm3()))
    peer = "base" if a.base else "wasm3"
    print(f"user CPU time per iteration, whole processes, {a.pairs} pairs each; load {os.getloadavg()[0]:.1f}")
    print(f"| module | iterations | ours ns (median) | {peer} ns (median) | {peer}/ours (median of pairs) |")
    print("|---|---:|---:|---:|---:|")
    for wat in wats:
        n = iterations(wat)
        wasm = str(build(wat))
        cmd_a = [ours, wasm, "1", "-", wat.stem]
        cmd_b = [theirs, wasm, "1", "-", wat.stem]
        a_s, b_s, ratio = paired(cmd_a, cmd_b, a.pairs, NO_PAINT)
        ns_a, ns_b = statistics.median(a_s) * 1e9 / n, statistics.median(b_s) * 1e9 / n
        print(f"| {wat.stem} | {n:,} | {ns_a:.2f} | {ns_b:.2f} | {ratio:.2f}x |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
