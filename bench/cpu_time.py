# SPDX-License-Identifier: MIT
"""CPU time of whole programs, our engine against wasm3: what instruction
counts leave out (instructions per cycle).

Each program runs as a whole process (load, compile or lower, run) on
runner_mw_wasi and runner_wasm3_wasi in turn, A B A B ..., and the user CPU
seconds of each finished child (getrusage) are compared pair by pair: the
median of the pairs' wasm3/ours ratios is the program's figure. User CPU time,
unlike wall time, leaves out the time a shared machine gives to others; next
to callgrind's Ir ratio (the same size, the same processes) it shows where we
execute fewer instructions than wasm3 but not proportionally fewer cycles.

    python3 bench/cpu_time.py [--programs zlib,lz4] [--pairs 5] [--size n|quick] [--ir]

With --base RUNNER the peer is another build of our runner instead of wasm3
(e.g. main's build/bench/runner_mw_wasi copied aside): the same pairs measure
what one engine change buys in CPU time, where Ir can be blind to it.

The runners run with BENCH_NO_PAINT=1 (bench/runner_common.h): their C-stack
painting, which only their stack= figure needs, is not counted (--paint keeps
it, as session 18 measured).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

import bench_programs
import programs as P
from bench_common import geomean
from run import fetch_wasm3

# the runners' C-stack painting off (bench/runner_common.h): no engine's work
NO_PAINT = {**os.environ, "BENCH_NO_PAINT": "1"}


def user_seconds(cmd: list[str], timeout: float = 900, env: dict[str, str] | None = None) -> float:
    """The user CPU seconds of one finished child running `cmd` (its own
    rusage from wait4: microseconds, where os.times() counts 10 ms ticks)."""
    with subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env) as child:
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid != 0:
                break
            if time.monotonic() > deadline:
                child.kill()
                raise TimeoutError(f"{' '.join(cmd[:4])}: over {timeout} s")
            time.sleep(0.002)
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} failed ({child.returncode})")
    return usage.ru_utime


def paired(cmd_a: list[str], cmd_b: list[str], pairs: int, env: dict | None) -> tuple[list[float], list[float], float]:
    """A B A B: after one warm-up pair (page cache, CPU frequency), `pairs`
    pairs of user CPU seconds of cmd_a and cmd_b, and the median of the
    pairs' B/A ratios (above 1: A took less)."""
    user_seconds(cmd_a, env=env), user_seconds(cmd_b, env=env)
    a_s, b_s = [], []
    for _ in range(pairs):
        a_s.append(user_seconds(cmd_a, env=env))
        b_s.append(user_seconds(cmd_b, env=env))
        time.sleep(0.05)
    return a_s, b_s, statistics.median(b / max(x, 1e-6) for x, b in zip(a_s, b_s))


def ir(cmd: list[str], env: dict[str, str] | None = None) -> int:
    """Instructions of the whole process (callgrind, no toggle)."""
    r = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
        env=env,
    )
    for line in r.stderr.splitlines():
        if "Collected :" in line:
            return int(line.split()[-1])
    raise RuntimeError(f"callgrind on {cmd[0]} failed:\n{r.stderr[-2000:]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--programs", default="", help="comma-separated names (default: all of bench/programs.py)")
    ap.add_argument("--pairs", type=int, default=5, help="A B pairs per program (after one warm-up pair)")
    ap.add_argument("--size", choices=("n", "quick"), default="n")
    ap.add_argument("--ir", action="store_true", help="also callgrind's Ir ratio of the same processes (slow)")
    ap.add_argument("--base", default="", help="a runner_mw_wasi binary to pair against instead of wasm3")
    ap.add_argument("--paint", action="store_true", help="keep the runners' C-stack painting (session 18's figures)")
    P.add_features_arg(ap)
    a = ap.parse_args()
    P.use_features(a.features)
    if a.base and not os.access(a.base, os.X_OK):
        ap.error(f"--base {a.base}: not an executable file")
    want = [w for w in a.programs.split(",") if w]
    progs = [p for p in P.PROGRAMS if not want or p.name in want]
    if want and len(progs) != len(want):
        ap.error(f"unknown program in {want}: known {[p.name for p in P.PROGRAMS]}")
    r = bench_programs.build(fetch_wasm3(), progs)
    peer = "base" if a.base else "wasm3"
    print(f"user CPU seconds, whole processes, {a.pairs} pairs each, size {a.size}; load {os.getloadavg()[0]:.1f}")
    if a.base:
        print(f"ours: {r.mw}; base: {a.base}")
    head = f"| program | ours s (median) | {peer} s (median) | {peer}/ours CPU (median of pairs) |"
    print(head + (f" {peer}/ours Ir | ours' instructions per cycle vs {peer}'s |" if a.ir else ""))
    print("|---|---:|---:|---:|" + ("---:|---:|" if a.ir else ""))
    ratios, ipcs = [], []
    for p in progs:
        wasm = str(r.wasm[p.name])
        ours = [str(r.mw), wasm, "1", "-", *p.argv(a.size)]
        theirs = [a.base or str(r.wasm3), wasm, "1", "-", *p.argv(a.size)]
        env = None if a.paint else NO_PAINT
        a_s, b_s, ratio = paired(ours, theirs, a.pairs, env)
        ratios.append(ratio)
        row = f"| {p.name} | {statistics.median(a_s):.4f} | {statistics.median(b_s):.4f} | {ratio:.2f}x |"
        if a.ir:
            ir_ratio = ir(theirs, env) / ir(ours, env)
            ipcs.append(ratio / ir_ratio)
            row += f" {ir_ratio:.2f}x | {ratio / ir_ratio:.2f} |"
        print(row, flush=True)
    tail = f"| **geometric mean** ({len(progs)}) | | | **{geomean(ratios):.2f}x** |"
    print(tail + (f" | **{geomean(ipcs):.2f}** |" if a.ir else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
