#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Lowering on first call (MW_LOAD_LAZY, modwasm/engine/lazy.c) against lowering at load, on
the whole programs (bench/programs.py), engine alone on this host (bench/runner_mw_wasi.c):

    python3 bench/lazy.py [--programs sqlite,lua] [--size test|quick] [--reps 3] [--callgrind]

For each program, eager (flags 0) then lazy (MW_BENCH_LAZY=1: MW_LOAD_LAZY | MW_LOAD_BORROW):
  Module.ram right after the load and after the first run of `_start` (mw_module_ram), over
  the binary's size; functions lowered by then; load time; the first run's time (which, lazy,
  includes lowering what runs) and the best of the later runs (none lowers anything).
--callgrind: instructions of one `_start` (callgrind --toggle-collect=bench_call, quick size),
eager and lazy: the difference is the cost of lowering on first calls.
--budget R: also lazy with a code budget keeping Module RAM within R times the binary
(MW_BENCH_BUDGET, mw_module_set_code_budget): RAM after the first run, lowerings over all runs
(again after the budget dropped code), times, and with --callgrind its Ir.
A benchmark, not a test: nothing is asserted. Prints Markdown.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_programs as BP
import programs as P
from bench_common import callgrind_cmd


def run(exe: Path, wasm: Path, prog: P.Program, size: str, reps: int, lazy: bool, budget: str = "") -> dict[str, str]:
    env = dict(os.environ, MW_BENCH_LAZY="1" if lazy else "0")
    if budget:
        env["MW_BENCH_BUDGET"] = budget
    cmd = [str(exe), str(wasm), str(reps), "-", *prog.argv(size)]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=1800, check=False, env=env)
    if r.returncode != 0:
        raise RuntimeError(f"{prog.name} ({'lazy' if lazy else 'eager'}) failed:\n{r.stdout}{r.stderr[-2000:]}")
    return dict(line.split("=", 1) for line in r.stdout.splitlines() if "=" in line)


def callgrind(exe: Path, wasm: Path, prog: P.Program, lazy: bool, out: Path, budget: str = "") -> int:
    env = {"MW_BENCH_LAZY": "1" if lazy else "0", **({"MW_BENCH_BUDGET": budget} if budget else {})}  # as run's
    return callgrind_cmd([str(exe), str(wasm), "1", "-", *prog.argv("quick")], "bench_call", out, env)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--programs", default="", help="comma-separated names (default: all)")
    ap.add_argument("--size", default="test", help="workload size: test (default), quick or n")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--callgrind", action="store_true")
    ap.add_argument("--budget", default="", help="also lazy with a code budget: Module RAM within R times the binary")
    P.add_features_arg(ap)
    a = ap.parse_args()
    P.use_features(a.features)
    progs = P.select(a.programs)
    built = P.build_all(progs)
    exe = BP.build_runner_mw_wasi()
    lines = [
        f"| program ({a.size}) | .wasm bytes | eager RAM | lazy RAM at load | lazy RAM after run | functions lowered "
        "| load ms eager / lazy | first run ms eager / lazy | later runs ms eager / lazy | stdout |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    irs = []
    budget_lines = []
    for p in progs:
        wasm = built[p.name, "wasm"]
        size = wasm.stat().st_size
        e = run(exe, wasm, p, a.size, a.reps, False)
        z = run(exe, wasm, p, a.size, a.reps, True)
        te = [float(t) * 1e3 for t in e["times"].split(",")]
        tz = [float(t) * 1e3 for t in z["times"].split(",")]
        eram, lram, rram = int(e["module_ram"]), int(z["module_ram"]), int(z["module_ram_run"])
        later_e = min(te[1:]) if len(te) > 1 else float("nan")
        later_z = min(tz[1:]) if len(tz) > 1 else float("nan")
        same = "same" if e["result"] == z["result"] else "DIFFER"
        lines.append(
            f"| {p.name} | {size:,} | {eram:,} ({eram / size:.2f}x) | {lram:,} ({lram / size:.2f}x) "
            f"| {rram:,} ({rram / size:.2f}x) | {z['lowered']} | {float(e['load']) * 1e3:.2f} / "
            f"{float(z['load']) * 1e3:.2f} | {te[0]:.1f} / {tz[0]:.1f} | {later_e:.1f} / {later_z:.1f} | {same} |"
        )
        if a.budget:
            b = run(exe, wasm, p, a.size, a.reps, True, a.budget)
            tb = [float(t) * 1e3 for t in b["times"].split(",")]
            bram = int(b["module_ram_run"])
            budget_lines.append(
                f"| {p.name} | {rram:,} ({rram / size:.2f}x) | {bram:,} ({bram / size:.2f}x) | {z['lowered']} "
                f"| {b['lowered']} | {b['lowerings']} | {tz[0]:.1f} / {tb[0]:.1f} | {later_z:.1f} / "
                f"{min(tb[1:]) if len(tb) > 1 else float('nan'):.1f} "
                f"| {'same' if b['result'] == z['result'] else 'DIFFER'} |"
            )
        if a.callgrind:
            cg = BP.OUT / "callgrind"
            cg.mkdir(parents=True, exist_ok=True)
            irs.append(
                (
                    p.name,
                    callgrind(exe, wasm, p, False, cg / f"lazy-{p.name}.eager.out"),
                    callgrind(exe, wasm, p, True, cg / f"lazy-{p.name}.lazy.out"),
                    callgrind(exe, wasm, p, True, cg / f"lazy-{p.name}.budget.out", a.budget) if a.budget else 0,
                )
            )
    print("\n".join(lines))
    print(
        "\nRAM: mw_module_ram (x86-64: 8-byte pointers in the module's tables; the code units are "
        "the same size on Cortex-M). Lazy loads borrow the binary (MW_LOAD_BORROW, as wasm.Module(bytes)). "
        "ms: engine alone, gcc -O3, wall time on a shared machine.\n"
    )
    if budget_lines:
        print(
            f"| program ({a.size}), budget {a.budget}x | lazy RAM after run | budgeted | lowered now, lazy "
            "| budgeted | lowerings (all runs) | first run ms lazy / budgeted | later runs ms | stdout |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
        print("\n".join(budget_lines) + "\n")
    if irs:
        print(
            "| program (quick) | Ir eager | Ir lazy (lowering included) | lazy - eager | lazy/eager "
            + ("| Ir budgeted | budgeted/lazy |" if a.budget else "")
        )
        print("|---|---:|---:|---:|---:" + ("|---:|---:|" if a.budget else ""))
        for name, ie, iz, ib in irs:
            extra = f"| {ib:,} | {ib / iz:.3f} |" if a.budget else ""
            print(f"| {name} | {ie:,} | {iz:,} | {iz - ie:+,} | {iz / ie:.3f} {extra}")


if __name__ == "__main__":
    main()
