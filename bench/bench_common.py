# SPDX-License-Identifier: MIT
"""What the kernel benchmarks (bench/run.py) and the whole-program ones
(bench/bench_programs.py) share: the three runners, how the host runners are
compiled, make's staleness rule, and the geometric mean and instruction-count
table their reports end with."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

RUNNER_FLAGS = ["gcc", "-O3", "-std=gnu11", "-g", "-Wl,-z,now"]
RUNNERS = ("mpwasm", "wasm3", "native")


def stale(out: Path, deps: Iterable[Path]) -> bool:
    """True if `out` is missing or older than any of `deps` (make's rule)."""
    if not out.exists():
        return True
    t = out.stat().st_mtime
    return any(d.stat().st_mtime > t for d in deps)


def geomean(xs: Sequence[float]) -> float:
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def ir_table(head: Sequence[str], rows: Mapping[tuple[str, ...], Mapping[str, int]]) -> list[str]:
    """Markdown lines comparing callgrind counts of the three runners: `head` names the leading
    columns, each row maps its leading cells to each runner's Ir; last a geometric-mean row."""
    lines = [
        "| " + " | ".join([*head, *(f"{who} Ir" for who in RUNNERS), "wasm3/mpwasm", "mpwasm/native"]) + " |",
        "|---|" + "---:|" * (len(head) - 1 + len(RUNNERS) + 2),
    ]
    r1, r2 = [], []
    for cells, ir in rows.items():
        a, w, n = (ir[who] for who in RUNNERS)
        r1.append(w / a)
        r2.append(a / n)
        lines.append(f"| {' | '.join(cells)} | {a:,} | {w:,} | {n:,} | {w / a:.2f}x | {a / n:.1f}x |")
    empty = " |" * (len(head) - 1 + len(RUNNERS))
    lines.append(f"| **geometric mean** |{empty} **{geomean(r1):.2f}x** | **{geomean(r2):.1f}x** |")
    return lines
