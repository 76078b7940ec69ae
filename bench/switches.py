#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""What each engine switch (mw_config.h) buys: Cortex-M3 text against whole-program Ir.

    python3 bench/switches.py --variants arith0,mem0 [--programs sqlite,lua] [--text-only]

For each variant (a set of -D flags, VARIANTS below; "base" is the default build): the
engine's Cortex-M3 -Os text in the full profile (the command of docs/benchmarks.md, summed
over modwasm/engine/*.c), and the callgrind quick Ir of every program's `_start` on the
mpwasm runner alone (bench/runner_mw_wasi.c built with the variant's flags, eager load
outside the count, as `bench/run.py --callgrind`). The stdout of every run must hash as
the base's. Counts are cached per variant in build/bench/switches/VARIANT.json, so a
variant measured once is not run again (delete the file after changing the engine).
A benchmark, not a test: nothing is asserted. Prints Markdown.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_programs as BP
import programs as P
from bench_common import RUNNER_FLAGS, callgrind_run

OUT = BP.OUT / "switches"
JOBS = 2  # the machine's 2 cores are shared

# Each switch off alone (the ones it would otherwise pull along kept on), so a row is
# what that switch alone pays for.
VARIANTS: dict[str, list[str]] = {
    "base": [],
    # (MW_NARROW_IMM follows it off: without MW_FUSED_ARITH the narrow ops run in one cold handler)
    "arith0": ["-DMW_FUSED_ARITH=0", "-DMW_LOWER_FAST=1", "-DMW_CALL_HW_COPY=1"],
    "mem0": ["-DMW_FUSED_MEM=0", "-DMW_FUSED_ARITH=1"],
    "narrow0": ["-DMW_NARROW_IMM=0"],
    "lowerfast0": ["-DMW_LOWER_FAST=0"],
    "fastcalls0": ["-DMW_FAST_CALLS=0"],
    "assign0": ["-DMW_ASSIGN_BRANCHES=0"],
}


def _drop(*rows: str) -> list[str]:
    """-D for MW_FUSED_DROP of these rows (NAME, or FIRST..LAST: a run of rows)."""
    terms = []
    for r in rows:
        a, _, b = r.partition("..")
        terms.append(f"((op) >= MW_OP_{a} && (op) <= MW_OP_{b})" if b else f"((op) == MW_OP_{a})")
    return [f"-DMW_FUSED_DROP(op)=({' || '.join(terms)})"]


# Families of fused ops (mw_int.h MW_OP_LIST_FUSED), each left out alone (MW_FUSED_DROP):
# a family whose lowering builds on another's op goes with it (xvf takes rmwf, promote
# promote_mul, mul_add mul_add2, imm64 the i64 rotation-xors).
FAMILIES: dict[str, list[str]] = {
    "mul_add": _drop("F32_MUL_ADD..I64_MUL_ADD", "I64_MUL_ADD2"),
    "mul_add2": _drop("I64_MUL_ADD2"),
    "shift": _drop("I32_SHL_SHR_U..I32_MUL_SHR_S"),
    "pair": _drop("LOAD32_U_PAIR"),
    "rmw": _drop("LOAD32_U_RMW"),
    "add3": _drop("I32_ADD3..I32_XOR3"),
    "add_imm2": _drop("I32_ADD_IMM2"),
    "rotl_xor": _drop("I32_ROTL_XOR"),
    "store32_xvr": _drop("STORE32_XVR"),
    "shl_or": _drop("I32_SHL_OR"),
    "promote": _drop("F64_ADD_PROMOTE..F64_MUL_PROMOTE", "F64_MUL_PROMOTE_ADD", "F64_ADD_PROMOTE_MUL"),
    "promote_mul": _drop("F64_MUL_PROMOTE_ADD", "F64_ADD_PROMOTE_MUL"),
    "imm64": _drop("I64_ADD_IMM..I64_ROTL_IMM", "I64_XOR_ROTL..I64_ROTL_XOR"),
    "xvf": _drop("F32_ADD_XV..F64_SUB_XV", "LOAD32_U_RMWF..LOAD64_RMWF"),
    "rmwf": _drop("LOAD32_U_RMWF..LOAD64_RMWF"),
    "fimm": _drop("F32_ADD_IMM..F64_MUL_IMM"),
    "minmax": _drop("I32_MIN_S..I32_MAX_U_IMM"),
    "brf": _drop("BR_F32_EQ..BR_F64_NLE"),
    "carry_rot": _drop("I32_ADD_LT_U..I64_ROTL_XOR"),
    "selcmp": _drop("SELECT_EQ..SELECT_LT_U_IMM"),
    "add_rot": _drop("I32_ADD_ROTL..I32_ROTL_ADD"),
    "shift_comb": _drop("I64_SHL_ADD..I32_SHR_U_XOR"),
}
VARIANTS.update({f"-{k}": v for k, v in FAMILIES.items()})

M3 = [
    "arm-none-eabi-gcc",
    "-mcpu=cortex-m3",
    "-mthumb",
    "-mfloat-abi=soft",
    "-std=gnu11",
    "-Os",
    "-ffunction-sections",
    "-fdata-sections",
    "-fno-strict-aliasing",
]


@dataclass
class Count:
    ir: int
    result: str  # FNV-1a of the program's stdout (runner_mw_wasi's result=)


def m3_text(flags: list[str]) -> int:
    """Cortex-M3 -Os text of modwasm/engine/*.c built with flags (cached by the sources' and flags' hash)."""
    h = hashlib.sha256(repr(flags).encode())
    for src in sorted([*BP.ENGINE.glob("*.c"), *BP.ENGINE.glob("*.h")]):
        h.update(src.read_bytes())
    cache = OUT / "text.json"
    known = json.loads(cache.read_text()) if cache.exists() else {}
    if h.hexdigest() in known:
        return int(known[h.hexdigest()])
    total = 0
    with tempfile.TemporaryDirectory() as d:
        for src in sorted(BP.ENGINE.glob("*.c")):
            obj = Path(d) / (src.name + ".o")
            subprocess.run([*M3, f"-I{BP.ENGINE}", *flags, "-c", str(src), "-o", str(obj)], check=True)
            size = subprocess.run(["arm-none-eabi-size", str(obj)], capture_output=True, text=True, check=True)
            total += int(size.stdout.splitlines()[1].split()[0])
    OUT.mkdir(parents=True, exist_ok=True)
    known = json.loads(cache.read_text()) if cache.exists() else {}
    cache.write_text(json.dumps({**known, h.hexdigest(): total}, indent=1))
    return total


def build_runner(name: str, flags: list[str]) -> Path:
    out = OUT / f"runner-{name}"
    OUT.mkdir(parents=True, exist_ok=True)
    srcs = sorted(BP.ENGINE.glob("*.c"))
    return BP._cc(
        [
            *RUNNER_FLAGS,
            *flags,
            f"-I{BP.ENGINE}",
            f"-I{BP.BENCH}",
            *srcs,
            BP.BENCH / "runner_mw_wasi.c",
            "-lm",
            "-lpthread",
        ],
        out,
    )


def callgrind(exe: Path, prog: P.Program, cg: Path) -> Count:
    wasm = P.wasm_dir() / f"{prog.name}.wasm"
    ir, stdout = callgrind_run([str(exe), str(wasm), "1", "-", *prog.argv("quick")], "bench_call", cg, timeout=7200)
    cg.unlink()
    kv = dict(line.split("=", 1) for line in stdout.splitlines() if "=" in line)
    return Count(ir, kv["result"])


def measure(name: str, progs: list[P.Program]) -> dict[str, Count]:
    """The variant's counts, cached in OUT/NAME.json: programs not counted yet are run."""
    cache = OUT / f"{name}.json"
    have = {k: Count(**v) for k, v in json.loads(cache.read_text()).items()} if cache.exists() else {}
    todo = [p for p in progs if p.name not in have]
    if todo:
        exe = build_runner(name, VARIANTS[name])
        with ThreadPoolExecutor(JOBS) as pool:
            futs = {p.name: pool.submit(callgrind, exe, p, OUT / f"cg-{name}-{p.name}.out") for p in todo}
            for n, f in futs.items():
                have[n] = f.result()
                print(f"{name} {n}: {have[n].ir:,}", file=sys.stderr, flush=True)
                cache.write_text(json.dumps({k: vars(v) for k, v in have.items()}, indent=1))
    return have


def table(texts: dict[str, int], counts: dict[str, dict[str, Count]], progs: list[P.Program]) -> str:
    names = [p.name for p in progs if all(p.name in c for c in counts.values())]
    out = [
        "| variant | flags | M3 text | saved | Ir geomean | worst program | programs > +1% |",
        "|---|---|---:|---:|---:|---|---:|",
    ]
    base = counts.get("base", {})
    for v, text in texts.items():
        row = f"| {v} | `{' '.join(VARIANTS[v]) or '(default)'}` | {text:,} | {texts['base'] - text:,} |"
        c = counts.get(v, {})
        if v == "base" or not c or not base:
            out.append(row + " | | |")
            continue
        ch = {n: c[n].ir / base[n].ir - 1 for n in names}
        bad = [n for n in names if c[n].result != base[n].result]
        geo = math.exp(sum(math.log1p(x) for x in ch.values()) / len(ch)) - 1
        worst = max(names, key=lambda n: ch[n])
        over = sum(1 for x in ch.values() if x > 0.01)
        row += f" {geo:+.3%} | {worst} {ch[worst]:+.2%} | {over} |"
        out.append(row + (f" OUTPUT DIFFERS: {','.join(bad)}" if bad else ""))
    if not base:
        return "\n".join(out)
    out.append("")
    out.append("| program | " + " | ".join(counts) + " |")
    out.append("|---|" + "---:|" * len(counts))
    for n in names:
        b = base[n].ir if n in base else 0
        cells = [f"{counts[v][n].ir:,}" if v == "base" else f"{counts[v][n].ir / b - 1:+.2%}" for v in counts]
        out.append(f"| {n} | " + " | ".join(cells) + " |")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated names of VARIANTS")
    ap.add_argument("--programs", default="", help="comma-separated names (default: all 36)")
    ap.add_argument("--text-only", action="store_true", help="only the Cortex-M3 text")
    P.add_features_arg(ap)
    a = ap.parse_args()
    P.use_features(a.features)
    progs = P.select(a.programs)
    variants = ["base", *(v for v in a.variants.split(",") if v and v != "base")]
    texts = {v: m3_text(VARIANTS[v]) for v in variants}
    counts = {} if a.text_only else {v: measure(v, progs) for v in variants}
    print(table(texts, counts, progs))


if __name__ == "__main__":
    main()
