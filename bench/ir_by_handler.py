# SPDX-License-Identifier: MIT
"""Host instructions (callgrind Ir) per executed op, handler by handler: which
handlers cost more than their share of the ops (docs/benchmarks-history.md "Native
distance (session 24)").

Each program runs once on build/bench/runner_mw_wasi under callgrind
(`--dump-instr=yes`, `_start` alone: `--toggle-collect=bench_call`, quick
sizes); every instruction of mw_exec with its self Ir is placed by
`addr2line -i` at the line of exec.c it was inlined into (the outermost
frame), and that line names its handler as for bench/cpu_profile.py (the
OP(NAME) or row macro at or above it; mw_exec's labels in parentheses:
"(dispatch)" is the indirect jump every handler ends with). The op profile
(bench/op_profile.py, the same program and size) gives how often each op
ran: Ir / op is a handler's instructions each time it runs (a row whose code
lies under a family's line, "(MW_LOADF_FUSED rows)", has its Ir there and
its count under its own name).

    python3 bench/ir_by_handler.py --programs lua,giflib [--top 25]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import bench_programs
import cpu_profile
import op_profile
import programs as P

POS = re.compile(r"^(0x[0-9a-f]+|[+-]\d+|\*)\s+(\d+)")


def self_ir(callgrind_out: Path) -> tuple[Counter[int], Counter[str]]:
    """Self Ir per instruction address of mw_exec, and self Ir per function, from a `--dump-instr=yes
    --compress-pos=no --compress-strings=no` profile (a cost line after `calls=` is the callee's)."""
    per: Counter[int] = Counter()
    by_fn: Counter[str] = Counter()
    fn, addr, after_call, npos = "", 0, False, 1
    for line in callgrind_out.read_text().splitlines():
        if line.startswith("positions:"):
            npos = len(line.split()) - 1  # "instr" or "instr line": the address first
            continue
        if line.startswith("fn="):
            fn = line[3:]
            continue
        if line.startswith("calls="):
            after_call = True
            continue
        if POS.match(line) is None:
            continue
        words = line.split()
        p = words[0]
        addr = int(p, 16) if p.startswith("0x") else addr if p == "*" else addr + int(p)
        if after_call:
            after_call = False
            continue
        ir = int(words[npos]) if len(words) > npos else 0
        by_fn[fn] += ir
        if fn.startswith("mw_exec"):
            per[addr] += ir
    return per, by_fn


def mw_exec_ir(callgrind_out: Path) -> Counter[int]:
    """Self Ir per instruction address inside mw_exec (self_ir's first half)."""
    return self_ir(callgrind_out)[0]


def callgrind_by_instr(runner: Path, wasm: Path, argv: list[str], out: Path, timeout: int = 3600) -> Path:
    """One run of wasm's _start under callgrind, its counts kept by
    instruction (--dump-instr) for mw_exec_ir; the callgrind file."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise SystemExit("valgrind is not installed (scripts/install_deps.sh installs it)")
    cmd = [
        valgrind,
        "--tool=callgrind",
        "--dump-instr=yes",
        "--dump-line=no",
        "--compress-pos=no",
        "--compress-strings=no",
        "--toggle-collect=bench_call",
        f"--callgrind-out-file={out}",
        str(runner),
        str(wasm),
        "1",
        "-",
        *argv,
    ]
    subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)
    return out


def handler_ir(runner: Path, per: Counter[int], handlers: list[str]) -> Counter[str]:
    """Ir by handler: each address's outermost source line (addr2line -i)."""
    addrs = sorted(per)
    where = cpu_profile.outer_lines("addr2line", runner, addrs)
    by: Counter[str] = Counter()
    for a in addrs:
        m = re.match(r".*?([\w.]+\.[ch]):(\d+)", where.get(a, ""))
        if m is None:
            name = "(unknown)"
        elif m.group(1) != "exec.c":
            name = f"({m.group(1)})"
        else:
            n = int(m.group(2))
            name = handlers[n - 1] if 0 < n <= len(handlers) and handlers[n - 1] else "(mw_exec)"
        by[name] += per[a]
    return by


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--programs", required=True, help="comma-separated names")
    ap.add_argument("--top", type=int, default=25)
    P.add_features_arg(ap)
    a = ap.parse_args()
    P.use_features(a.features)
    progs = P.select(a.programs)  # an unknown name: exit with the known ones
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        ap.error("valgrind is not installed (scripts/install_deps.sh installs it)")
    built = P.build_all(progs)
    runner = bench_programs.build_runner_mw_wasi()
    prof_runner = op_profile.build_runner(wasi=True)
    handlers = cpu_profile.handler_of_lines(cpu_profile.EXEC.read_text())
    out = bench_programs.OUT / "ir-by-handler"
    out.mkdir(parents=True, exist_ok=True)
    ir_mean: Counter[str] = Counter()
    ops_mean: Counter[str] = Counter()
    for p in progs:
        wasm = built[p.name, "wasm"]
        cg = callgrind_by_instr(runner, wasm, p.argv("quick"), out / f"{p.name}.callgrind")
        by = handler_ir(runner, mw_exec_ir(cg), handlers)
        ops = op_profile.run([prof_runner, wasm, "1", "-", *p.argv("quick")], out / f"ops-{p.name}.txt")
        ir_total, op_total = sum(by.values()) or 1, ops.total or 1
        print(f"### {p.name} (quick): mw_exec {ir_total:,} Ir, {op_total:,} ops, {ir_total / op_total:.2f} Ir an op\n")
        print("| handler | share of Ir | share of ops | Ir / op |\n|---|---:|---:|---:|")
        for name, ir in by.most_common(a.top):
            n = ops.ops.get(name, 0)
            per_op = f"{ir / n:.1f}" if n else ""
            print(f"| {name} | {ir / ir_total * 100:.2f}% | {n / op_total * 100:.2f}% | {per_op} |")
        print()
        for name, ir in by.items():
            ir_mean[name] += ir / ir_total / len(progs)
        for name, n in ops.ops.items():
            ops_mean[name] += n / op_total / len(progs)
    if len(progs) > 1:
        print(f"### mean over {len(progs)} (each program's shares averaged)\n")
        print("| handler | share of Ir | share of ops | Ir share / op share |\n|---|---:|---:|---:|")
        for name, s in ir_mean.most_common(a.top):
            o = ops_mean.get(name, 0)
            ratio = f"{s / o:.2f}" if o else ""
            print(f"| {name} | {s * 100:.2f}% | {o * 100:.2f}% | {ratio} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
