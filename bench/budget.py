#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The code budget (lazy.c, `code_budget=`) on the whole programs, engine alone on this host
(bench/runner_mw_wasi.c), lazy (MW_LOAD_LAZY | MW_LOAD_BORROW, as wasm.Module(bytes)):

    python3 bench/budget.py [--programs cjson,tommath] [--budgets 1.0,0.75] [--callgrind] [--trace] [--json out.json]

For each program, one `_start` at the quick size without a budget and with a budget keeping
Module.ram as a Cortex-M build counts it (bench/ram_parts.h's m32: what the board's Module.ram
reads) within R times the binary (MW_BENCH_BUDGET=R): Module.ram after the run over the binary,
lowerings (every lowering, again after the budget dropped code), and with --callgrind the Ir of
the run (lowering included) and its ratio to the run without a budget. With --trace the runner
is built with -DMW_LAZY_TRACE (bench/lazy_trace.h) and each budget's column adds the bytes
relowered (lowerings after a function's first: what a policy's thrash costs, ~125 Ir a byte) and
the functions relowered most (defidx:lowerings x block bytes), and the budget's rounds
(evict_rounds/come_rounds/compactions/frag_drops/running_own: eviction rounds that freed code, walks
that came round because every function had been called since the last, slots the arena had the bytes
for but not in one piece, those compaction did not make room for, and functions given a block of their
own because the running code would have taken more than MW_CODE_RUNNING_SHARE of the arena).
A budget written NB (e.g. 65536B) is N bytes, as code_budget=N, rather than a share of the binary.
A benchmark, not a test: nothing is asserted. Prints Markdown.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_programs as BP
import programs as P
from bench_common import callgrind_run

JOBS = 2  # the machine's 2 cores are shared


@dataclass
class Run:
    """One `_start` of one program under one budget ("" = none)."""

    ram: int  # Module.ram after the run, Cortex-M count (m32)
    lowerings: int
    result: str  # FNV-1a of stdout: the same under every budget
    ir: int = 0  # callgrind Ir of the run, 0 if not measured
    relowered: int = -1  # bytes lowered again after a drop (--trace), -1 if not traced
    top: str = ""  # --trace: the functions relowered most, defidx:lowerings x bytes
    rounds: str = ""  # --trace: eviction rounds/come-rounds/compactions/drops compaction could not avoid/own blocks


@dataclass
class Row:
    name: str
    wasm_bytes: int
    runs: dict[str, Run] = field(default_factory=dict)


def env_for(budget: str) -> dict[str, str]:
    env = dict(os.environ, MW_BENCH_LAZY="1")
    env.pop("MW_BENCH_BUDGET", None)
    if budget:
        env["MW_BENCH_BUDGET"] = budget
    return env


def plain(exe: Path, wasm: Path, prog: P.Program, budget: str) -> Run:
    cmd = [str(exe), str(wasm), "1", "-", *prog.argv("quick")]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=3600, check=False, env=env_for(budget))
    if r.returncode != 0:
        raise RuntimeError(f"{prog.name} (budget {budget or 'none'}) failed:\n{r.stdout}{r.stderr[-2000:]}")
    kv = dict(line.split("=", 1) for line in r.stdout.splitlines() if "=" in line)
    run = Run(int(kv["module_ram_run_m32"]), int(kv["lowerings"]), kv["result"])
    if "relowered_bytes" in kv:
        run.relowered, run.top = int(kv["relowered_bytes"]), kv["relowered_top"]
        run.rounds = "/".join(
            kv[k] for k in ("evict_rounds", "come_rounds", "compactions", "frag_drops", "running_own")
        )
    return run


def callgrind(exe: Path, wasm: Path, prog: P.Program, budget: str, out: Path) -> int:
    env = {"MW_BENCH_LAZY": "1", "MW_BENCH_BUDGET": budget or None}  # as env_for's
    ir, _ = callgrind_run([str(exe), str(wasm), "1", "-", *prog.argv("quick")], "bench_call", out, env, 7200)
    out.unlink()
    return ir


def measure(prog: P.Program, wasm: Path, exe: Path, budgets: list[str], cg: bool) -> Row:
    row = Row(prog.name, wasm.stat().st_size)
    cgdir = BP.OUT / "callgrind"
    cgdir.mkdir(parents=True, exist_ok=True)
    for b in ["", *budgets]:
        run = plain(exe, wasm, prog, b)
        if cg:
            run.ir = callgrind(exe, wasm, prog, b, cgdir / f"budget-{prog.name}-{b or 'none'}.out")
        row.runs[b] = run
        print(f"{prog.name} budget={b or 'none'}: {run}", file=sys.stderr, flush=True)
    return row


def table(rows: list[Row], budgets: list[str]) -> str:
    head = "| program | .wasm | no budget: Module.ram after run | lowerings |"
    rule = "|---|---:|---:|---:|"
    for b in budgets:
        head += f" {b}x: Module.ram | lowerings | Ir / no budget |"
        rule += "---:|---:|---:|"
    out = [head, rule]
    logs: dict[str, list[float]] = {b: [] for b in budgets}
    for r in rows:
        z = r.runs[""]
        line = f"| {r.name} | {r.wasm_bytes:,} | {z.ram:,} ({z.ram / r.wasm_bytes:.2f}x) | {z.lowerings} |"
        for b in budgets:
            x = r.runs[b]
            same = "" if x.result == z.result else " DIFFER"
            ratio = f"{x.ir / z.ir:.3f}" if z.ir else "-"
            if z.ir:
                logs[b].append(math.log(x.ir / z.ir))
            low = f"{x.lowerings}" if x.relowered < 0 else f"{x.lowerings} ({x.relowered:,} B again; {x.rounds})"
            line += f" {x.ram:,} ({x.ram / r.wasm_bytes:.2f}x){same} | {low} | {ratio} |"
        out.append(line)
    if any(logs.values()):
        geo = "| **geomean** | | | |" + "".join(
            f" | | **{math.exp(sum(v) / len(v)):.3f}** |" if v else " | | |" for v in logs.values()
        )
        out.append(geo)
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--programs", default="", help="comma-separated names (default: all)")
    ap.add_argument(
        "--budgets", default="1.0,0.75", help="comma-separated R: Module.ram within R times the binary, or NB: N bytes"
    )
    ap.add_argument("--callgrind", action="store_true", help="also the Ir of each run (valgrind)")
    ap.add_argument("--trace", action="store_true", help="also the bytes relowered (a -DMW_LAZY_TRACE runner)")
    ap.add_argument("--json", type=Path, help="also write the rows here")
    P.add_features_arg(ap)
    a = ap.parse_args()
    P.use_features(a.features)
    progs = P.select(a.programs)
    budgets = [b for b in a.budgets.split(",") if b]
    built = P.build_all(progs)
    exe = BP.build_runner_mw_wasi(trace=a.trace)
    with ThreadPoolExecutor(JOBS) as pool:
        rows = list(pool.map(lambda p: measure(p, built[p.name, "wasm"], exe, budgets, a.callgrind), progs))
    if a.json:
        a.json.write_text(json.dumps([asdict(r) for r in rows], indent=1))
    print(table(rows, budgets))


if __name__ == "__main__":
    main()
