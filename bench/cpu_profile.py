# SPDX-License-Identifier: MIT
"""Where our engine's CPU time goes, handler by handler, against how often
each op runs: the handlers whose runs take more time than their share of the
ops (a load that misses the cache, a value waited for).

`perf record -e cpu-clock` (a timer, not a hardware counter: it works in this
VM, where `perf stat`'s cycle counters do not) samples a whole program on
build/bench/runner_mw_wasi; each sample's source line in mw_exec names its
handler (the OP(NAME) or row macro, e.g. BIN(I32_ADD, ..), at or above it: a
macro's code is the line that invokes it). The op profile (bench/op_profile.py,
the same program and size) gives each op's share of the ops run. A sample
lands on the instruction after the one that held the core up (skid), so a
handler's time may show partly in the next handler.

    python3 bench/cpu_profile.py --programs zlib,lzo2 [--size n|quick] [--top 15]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import bench_programs
import op_profile
import programs as P

EXEC = P.ROOT / "modwasm" / "engine" / "exec.c"
SAMPLE = re.compile(r"^\s*([\d.]+)%\s+(\S+?):(\d+)")


def row_macros(lines: list[str]) -> set[str]:
    """The macros that make a handler: `#define NAME(..)` whose body starts with
    OP(, or that is one line invoking such a macro (BIN -> BIN_)."""
    out = set()
    for i, line in enumerate(lines):
        m = re.match(r"\s*#define ([A-Z][A-Z0-9_]*)\(", line)
        if m and any("OP(" in b for b in lines[i + 1 : i + 3]) and line.rstrip().endswith("\\"):
            out.add(m.group(1))
    forwards = [re.match(r"\s*#define ([A-Z][A-Z0-9_]*)\([^)]*\)\s+([A-Z][A-Z0-9_]*)\(", x) for x in lines]
    grown = True
    while grown:
        new = {f.group(1) for f in forwards if f and f.group(2) in out} - out
        out |= new
        grown = bool(new)
    return out


def pasted_names(lines: list[str]) -> dict[str, tuple[list[str], list[str]]]:
    """The row macros whose handler's name is pasted from their parameters
    (`#define STOREADD(store, ..)` over `OP(store##_I32_ADD_IMMH)`): macro ->
    (its parameters, the name's tokens between the `##`s)."""
    out = {}
    for i, line in enumerate(lines):
        m = re.match(r"\s*#define ([A-Z][A-Z0-9_]*)\(([^)]*)\)", line)
        if m is None or not line.rstrip().endswith("\\"):
            continue
        for body in lines[i + 1 : i + 3]:
            op = re.search(r"\bOP\(([A-Za-z0-9_#]+)\)", body)
            if op and "##" in op.group(1):
                out[m.group(1)] = ([w.strip() for w in m.group(2).split(",")], op.group(1).split("##"))
                break
    return out


def invocation_args(code: str, start: int) -> list[str]:
    """The arguments of the call whose `(` is at `start`, split at its own commas."""
    args, depth, cur = [], 0, ""
    for ch in code[start + 1 :]:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            if depth == 0:
                break
            depth -= 1
        elif ch == "," and depth == 0:
            args.append(cur.strip())
            cur = ""
            continue
        cur += ch
    return [*args, cur.strip()]


def tail_macros(lines: list[str]) -> set[str]:
    """The macros that make a shared tail under a label of their own rather than
    a handler (`#define LBIF(br, ..)` whose body starts `lb_##br:`: the branch
    half of the load-and-branch rows)."""
    out = set()
    for i, line in enumerate(lines[:-1]):
        m = re.match(r"\s*#define ([A-Z][A-Z0-9_]*)\(", line)
        if m and line.rstrip().endswith("\\") and re.match(r"\s*[a-z_]+##[a-z_]+:", lines[i + 1]):
            out.add(m.group(1))
    return out


def outer_lines(addr2line: str, binary: Path | str, addrs: list[int]) -> dict[int, str]:
    """Each address's outermost source line ("file:line"): `addr2line -a -i`
    lists the inlined frames first and the caller's line last. addr2line:
    the tool for the binary's target (addr2line, arm-none-eabi-addr2line)."""
    out = subprocess.run(
        [addr2line, "-a", "-i", "-e", str(binary)],
        input="\n".join(hex(a) for a in addrs),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    where: dict[int, str] = {}
    cur = 0
    for line in out.splitlines():
        if line.startswith("0x"):
            cur = int(line, 16)
        else:
            where[cur] = line  # inlined frames first, the caller's line last
    return where


def handler_of_lines(source: str) -> list[str]:
    """For each line of exec.c (index 0: line 1), the handler it lies in, or '':
    the last OP(NAME) or row macro's invocation NAME(ROW, ..) at or above it.
    Code under a label of mw_exec's own at the line's start (back_edge:,
    do_call:, trap: ..) is "(back_edge)" and so on; a tail macro's invocation
    (LBIF(BR_EQ_IMM, ..)) "(LBIF BR_EQ_IMM)"; an X macro's family on a line of
    its own (MW_LOADF_FUSED(MW_X_LOADF, _)) "(MW_LOADF_FUSED rows)", and a
    family expanded by a row macro of exec.c's own, its rows' handlers
    (MW_LOAD_BR_FUSED(LOADBR, LOAD32_U, 4): "(MW_LOAD_BR_FUSED LOAD32_U rows)",
    the load-and-branch rows' loads, before session 22 counted under the
    handler above them, BR_ADD_NZ)."""
    lines = source.splitlines()
    rows = "|".join(sorted(row_macros(lines), key=len, reverse=True)) or "OP"
    handler = re.compile(rf"(?:\bOP\(([A-Z][A-Z0-9_]*)\)|\b({rows})\(([A-Z][A-Z0-9_]*)[,)])")
    pasted = pasted_names(lines)
    tails = "|".join(sorted(tail_macros(lines), key=len, reverse=True)) or "$^"
    tail = re.compile(rf"^\s*({tails})\(([A-Z][A-Z0-9_]*),")
    family = re.compile(r"^\s*(MW_[A-Z0-9_]+_FUSED)\(MW_X_[A-Z0-9_]+(?:, \w+)*\)\s*$")
    own = re.compile(r"^\s*(MW_[A-Z0-9_]+_FUSED)\([A-Z][A-Z0-9_]*, ([A-Z][A-Z0-9_]*)(?:, \w+)*\)\s*$")
    names, cur = [], ""
    for line in lines:
        # the last on the line (`XVF_PLAIN(F32_ADD) BIN_(F32_ADD, ..)`), outside comments
        code = line.split("//")[0]
        found = list(handler.finditer(code))
        m = found[-1] if found else None
        if m and not line.lstrip().startswith("#"):
            cur = m.group(1) or m.group(3)
            if m.group(2) in pasted:
                # the name the macro pastes (STOREADD(STORE8, ..): STORE8_I32_ADD_IMMH)
                params, tokens = pasted[m.group(2)]
                args = dict(zip(params, invocation_args(code, m.end(2)), strict=False))
                cur = "".join(args.get(t, t) for t in tokens)
            # a family's rows made by an X macro (MW_LOADF_FUSED(MW_X_LOADF, _) ..)
            cur = f"({cur} rows)" if cur.startswith("MW_") else cur
        elif line.strip() == "dispatch_ix:":
            cur = "(dispatch)"  # the computed goto, which GCC copies into each handler
        elif (lab := re.match(r"([a-z_][a-z0-9_]*):\s*$", code)) and lab.group(1) != "dispatch":
            cur = f"({lab.group(1)})"
        elif t := tail.match(code):
            cur = f"({t.group(1)} {t.group(2)})"
        elif f := family.match(code):
            cur = f"({f.group(1)} rows)"
        elif o := own.match(code):
            cur = f"({o.group(1)} {o.group(2)} rows)"
        names.append(cur)
    return names


def time_shares(report: str, handlers: list[str]) -> Counter[str]:
    """Sample shares by handler from `perf report --sort srcline` lines (percent of all samples);
    lines outside exec.c count under their file ("mw_int.h": its inline functions)."""
    shares: Counter[str] = Counter()
    for line in report.splitlines():
        m = SAMPLE.match(line)
        if m is None:
            continue
        pct, path, n = float(m.group(1)), m.group(2), int(m.group(3))
        if Path(path).name == "exec.c" and 0 < n <= len(handlers) and handlers[n - 1]:
            shares[handlers[n - 1]] += pct / 100
        else:
            shares[f"({Path(path).name})"] += pct / 100
    return shares


def profile(prog: P.Program, wasm: Path, runner: Path, size: str, out: Path) -> Counter[str]:
    data = out / f"perf-{prog.name}.data"
    subprocess.run(
        ["perf", "record", "-q", "-e", "cpu-clock", "-F", "20000", "-o", str(data), str(runner), str(wasm), "1", "-"]
        + prog.argv(size),
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=900,
    )
    rep = subprocess.run(
        ["perf", "report", "-i", str(data), "--stdio", "--no-children", "--sort", "srcline"],
        check=True,
        capture_output=True,
        text=True,
        timeout=900,
    ).stdout
    return time_shares(rep, handler_of_lines(EXEC.read_text()))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--programs", required=True, help="comma-separated names")
    ap.add_argument("--size", choices=("n", "quick"), default="n")
    ap.add_argument("--top", type=int, default=15)
    P.add_features_arg(ap)
    a = ap.parse_args()
    P.use_features(a.features)
    progs = P.select(a.programs)  # an unknown name: exit with the known ones
    built = P.build_all(progs)
    runner = bench_programs.build_runner_mw_wasi()
    prof_runner = op_profile.build_runner(wasi=True)
    out = bench_programs.OUT / "cpu-profile"
    out.mkdir(parents=True, exist_ok=True)
    for p in progs:
        wasm = built[p.name, "wasm"]
        times = profile(p, wasm, runner, a.size, out)
        ops = op_profile.run([prof_runner, wasm, "1", "-", *p.argv(a.size)], out / f"ops-{p.name}.txt")
        total = ops.total or 1
        print(f"### {p.name} (size {a.size})\n")
        print("| handler | CPU time (samples) | ops run | time / ops |\n|---|---:|---:|---:|")
        for name, t in times.most_common(a.top):
            share = ops.ops.get(name, 0) / total
            ratio = f"{t / share:.1f}x" if share > 0 else ""
            print(f"| {name} | {t * 100:.1f}% | {share * 100:.2f}% | {ratio} |")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
