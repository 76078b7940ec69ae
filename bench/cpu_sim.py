# SPDX-License-Identifier: MIT
"""Branches and cache misses of whole programs, our engine against wasm3, by
simulation: what this VM's missing hardware counters would say.

Each program runs once on runner_mw_wasi and once on runner_wasm3_wasi under
`valgrind --tool=cachegrind --cache-sim=yes --branch-sim=yes` (the same .wasm
and argv as bench/cpu_time.py, BENCH_NO_PAINT=1): instructions (Ir), loads and
stores (Dr, Dw), conditional branches and their mispredicts (Bc, Bcm),
indirect branches and theirs (Bi, Bim), first-level data misses (D1mr +
D1mw). Counts are exact and the same run to run.

The simulated predictor is far simpler than a current core's: conditional
branches are a table of 2-bit counters indexed by address and global history,
and an indirect branch (a `jmp *`, a `call *`, and a `ret`) is predicted to go
where it went last time. So wasm3's returns, which a real core predicts with
its return stack, and both engines' dispatch jumps, which a real core
predicts from the path that led there, count as mispredicted far more often
than on hardware: Bim is an upper bound, to be checked against CPU time
(bench/cpu_time.py, bench/cpu_profile.py).

With --by-handler, callgrind (--dump-instr=yes --branch-sim=yes) runs our
runner again and each mispredicting instruction of mw_exec is named by its
handler (objdump -l: the nearest exec.c line above it that is in a handler,
bench/cpu_profile.py's handler_of_lines), so one sees which handlers'
branches and dispatch jumps mispredict.

    python3 bench/cpu_sim.py [--programs lzo2,onig] [--size quick|n] [--by-handler] [--top 12]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import bench_programs
import programs as P
from cpu_profile import EXEC, handler_of_lines
from cpu_time import NO_PAINT
from run import fetch_wasm3

# the five lowest programs by CPU time against wasm3 (session 19) and three of the best
DEFAULT = "onig,lzo2,tinyscheme,lz4,picosat,speexdsp,duktape,samplerate"
OUT = bench_programs.OUT / "cpu-sim"


def summary(text: str) -> dict[str, int]:
    """The events and their totals of a cachegrind or callgrind out file."""
    ev = re.search(r"^events: (.*)$", text, re.M)
    tot = re.search(r"^summary: (.*)$", text, re.M)
    if ev is None or tot is None:
        raise ValueError("no events: / summary: line (not a cachegrind or callgrind out file)")
    return dict(zip(ev.group(1).split(), map(int, tot.group(1).split())))


def cachegrind(cmd: list[str], out: Path) -> dict[str, int]:
    r = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=yes", "--branch-sim=yes", f"--cachegrind-out-file={out}", *cmd],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=NO_PAINT,
        timeout=3600,
        check=False,
    )
    if r.returncode != 0:
        raise RuntimeError(f"cachegrind on {cmd[0]} failed ({r.returncode}):\n{r.stderr[-2000:]}")
    return summary(out.read_text())


def row(name: str, ours: dict[str, int], theirs: dict[str, int]) -> str:
    """One table row: each figure ours / wasm3 (counts in millions or thousands, rates in %)."""

    def pair(key: str, scale: float, fmt: str) -> str:
        return f"{ours[key] / scale:{fmt}} / {theirs[key] / scale:{fmt}}"

    def rate(miss: str, of: str) -> str:
        return f"{100 * ours[miss] / max(ours[of], 1):.1f} / {100 * theirs[miss] / max(theirs[of], 1):.1f}"

    d1 = [(s["D1mr"] + s["D1mw"]) / s["Ir"] * 1000 for s in (ours, theirs)]
    cells = [
        name,
        pair("Ir", 1e6, ".0f"),
        pair("Dr", 1e6, ".0f"),
        pair("Dw", 1e6, ".0f"),
        pair("Bc", 1e6, ".1f"),
        pair("Bcm", 1e3, ".0f"),
        rate("Bcm", "Bc"),
        pair("Bi", 1e6, ".1f"),
        rate("Bim", "Bi"),
        f"{d1[0]:.2f} / {d1[1]:.2f}",
    ]
    return "| " + " | ".join(cells) + " |"


HEAD = (
    "| program | Ir (M) | loads (M) | stores (M) | Bc (M) | Bcm (k) | Bcm % | Bi (M) | Bim % | D1 misses / 1,000 Ir |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def instr_costs(text: str, fn: str) -> tuple[list[str], dict[int, list[int]]]:
    """Per instruction address of function `fn`, its self costs, from a callgrind
    out file written with --dump-instr=yes (positions: instr line; names
    compressed as "(id) name" on first use; an address or line either absolute or
    +/- the one before, "*" the same; the cost line after calls= is the call's
    inclusive cost, not the instruction's own)."""
    events: list[str] = []
    names: dict[str, str] = {}
    cur = None
    costs: dict[int, list[int]] = {}
    addr = 0
    skip = False
    for s in text.splitlines():
        if s.startswith("events:"):
            events = s.split()[1:]
            continue
        m = re.match(r"(c?fn)=\((\d+)\)(?: (.*))?$", s)
        if m:
            if m.group(3):
                names[m.group(2)] = m.group(3)
            if m.group(1) == "fn":
                cur = names.get(m.group(2))
            continue
        if s.startswith("calls="):
            skip = True
            continue
        if not s or s[0] not in "0123456789+-*":
            continue
        parts = s.split()
        a = parts[0]
        if a.startswith("0x"):
            addr = int(a, 16)
        elif a[0] in "+-":
            addr += int(a)
        if skip:
            skip = False
            continue
        if cur != fn:
            continue
        v = costs.setdefault(addr, [0] * len(events))
        for i, x in enumerate(parts[2:]):
            v[i] += int(x)
    return events, costs


def exec_lines(objdump: str) -> dict[int, int]:
    """Per instruction address of mw_exec, its exec.c line (0: an inlined function's
    line in another file), from `objdump -dl` of the function."""
    lines: dict[int, int] = {}
    cur = 0
    for s in objdump.splitlines():
        m = re.match(r"^/\S*?([^/\s]+):(\d+)", s)
        if m:
            cur = int(m.group(2)) if m.group(1) == "exec.c" else 0
            continue
        m = re.match(r"^\s+([0-9a-f]+):\s", s)
        if m:
            lines[int(m.group(1), 16)] = cur
    return lines


def handler_of_addr(lines: dict[int, int], handlers: list[str]) -> dict[int, str]:
    """Each address's handler: that of the nearest exec.c line at or above it
    that lies in one and is not the dispatch, which GCC copies into each handler
    (so a dispatch jump counts for the handler it ends)."""
    out: dict[int, str] = {}
    addrs = sorted(lines)
    for i, a in enumerate(addrs):
        name = ""
        for b in reversed(addrs[max(0, i - 64) : i + 1]):
            line = lines[b]
            h = handlers[line - 1] if 0 < line <= len(handlers) else ""
            if h and h != "(dispatch)":
                name = h
                break
        out[a] = name or "?"
    return out


def by_handler(runner: Path, cmd: list[str], out: Path, top: int) -> list[str]:
    """Our mispredicts in mw_exec by handler: conditional and indirect."""
    subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--dump-instr=yes",
            "--branch-sim=yes",
            "--cache-sim=no",
            f"--callgrind-out-file={out}",
            *cmd,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=NO_PAINT,
        timeout=3600,
        check=True,
    )
    dump = subprocess.run(
        ["objdump", "-dl", "--no-show-raw-insn", "--disassemble=mw_exec", str(runner)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    names = handler_of_addr(exec_lines(dump), handler_of_lines(EXEC.read_text()))
    events, costs = instr_costs(out.read_text(), "mw_exec")
    lines = []
    for miss, of in (("Bcm", "Bc"), ("Bim", "Bi")):
        km, ko = events.index(miss), events.index(of)
        got: Counter[str] = Counter()
        tries: Counter[str] = Counter()
        for a, v in costs.items():
            got[names.get(a, "?")] += v[km]
            tries[names.get(a, "?")] += v[ko]
        total = sum(got.values()) or 1
        cells = [
            f"`{h}` {100 * n / total:.1f}% ({100 * n / max(tries[h], 1):.0f}% of its {tries[h]:,})"
            for h, n in got.most_common(top)
        ]
        lines.append(f"- {miss} in mw_exec ({total:,}): " + ", ".join(cells))
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--programs", default=DEFAULT, help=f"comma-separated names (default {DEFAULT})")
    ap.add_argument("--size", choices=("n", "quick"), default="quick")
    ap.add_argument("--by-handler", action="store_true", help="our mispredicts by handler (callgrind, once more)")
    ap.add_argument("--top", type=int, default=8, help="handlers listed per program with --by-handler")
    P.add_features_arg(ap)
    a = ap.parse_args()
    P.use_features(a.features)
    progs = P.select(a.programs)
    r = bench_programs.build(fetch_wasm3(), progs)
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"cachegrind --cache-sim=yes --branch-sim=yes, whole processes, size {a.size}; each cell ours / wasm3")
    print(HEAD, flush=True)
    notes = []
    for p in progs:
        tail = [str(r.wasm[p.name]), "1", "-", *p.argv(a.size)]
        ours = cachegrind([str(r.mw), *tail], OUT / f"{p.name}.mw.cg")
        theirs = cachegrind([str(r.wasm3), *tail], OUT / f"{p.name}.wasm3.cg")
        print(row(p.name, ours, theirs), flush=True)
        if a.by_handler:
            notes += [f"{p.name}:"] + by_handler(r.mw, [str(r.mw), *tail], OUT / f"{p.name}.mw.cgi", a.top)
    if notes:
        print("\n" + "\n".join(notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
