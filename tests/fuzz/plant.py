# SPDX-License-Identifier: MIT
"""How sensitive a generator is: plant a bug in a copy of the engine (one
exact text replacement in one file), run the generator's modules on it and
count the modules in which the differential sees it. A generator that finds
a planted bug in few modules needs more of that shape (docs/fuzzing.md "How
sensitive"). The plants of PLANTS are the ones the tables there record; a
plant whose text the engine no longer holds says so instead of a rate.

usage: python3 -m fuzz.plant [--only select] [--modules 20] [--seed 3] [--load eager]
       python3 -m fuzz.plant --gen fused12 --file exec.c --old 'a < b' --new 'a <= b'
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from fuzz import diff


@dataclass(frozen=True)
class Plant:
    name: str  # short, for --only and the table
    gen: str  # the generator (module of tests/fuzz) meant to find it
    file: str  # in modwasm/engine/
    old: str  # exact text, once in the file
    new: str
    loads: str = ""  # its load modes (comma-separated), if not --load's
    # more engine flags ($MW_FUZZ_CFLAGS) for a plant only a sanitizer sees:
    # its report aborts the child, which counts as found
    cflags: str = ""


PLANTS = [
    Plant(
        "select_lt_s_imm_le",
        "fused12",
        "exec.c",
        "SELCMP(SELECT_LT_S_IMM, (int32_t)S(3).i32 < (int32_t)IMM32(4)",
        "SELCMP(SELECT_LT_S_IMM, (int32_t)S(3).i32 <= (int32_t)IMM32(4)",
    ),
    Plant(
        "select_and_or",
        "fused12",
        "exec.c",
        "SELCMP(SELECT_AND, (S(3).i32 & S(4).i32) != 0",
        "SELCMP(SELECT_AND, (S(3).i32 | S(4).i32) != 0",
    ),
    Plant(
        "select_k_plus_1_wraps",
        "fused12",
        "lower.c",
        "if (y == ((i & 1) ? UINT32_MAX : (uint32_t)INT32_MAX)) {",
        "if (0) {",
    ),
    Plant("select_gt_imm_as_ge", "fused12", "lower.c", "        y++;\n        swap = !swap;", "        swap = !swap;"),
    Plant(
        "add_lt_u_signed",
        "fused12",
        "exec.c",
        "S(3).i32 + (S(1).i32 < S(2).i32)",
        "S(3).i32 + ((int32_t)S(1).i32 < (int32_t)S(2).i32)",
    ),
    Plant("min_max_arms", "fused12", "lower.c", "uint32_t max = (k ^ ay) & 1;", "uint32_t max = k & 1;"),
    Plant(
        "add_promote_mul_double",
        "fused12",
        "exec.c",
        "        float p = MW_MUL(S(2).f32, S(3).f32);\n        S(0).f64 = S(1).f64 + mw_promote(p);",
        "        double p = (double)S(2).f32 * (double)S(3).f32;\n        S(0).f64 = S(1).f64 + p;",
    ),
    Plant(
        "ret_switch_mem0",
        "xinst",
        "exec.c",
        "            m0 = mem0_base(inst);\n            m0_lim = mem0_lim(inst);\n            defs",
        "            m0_lim = mem0_lim(inst);\n            defs",
    ),
    Plant(
        "storexf_plus_zero",
        "fusions",
        "exec.c",
        "        ty x = expr(SQ(0).m, S(1).m); \\",
        "        ty x = expr(SQ(0).m, S(1).m) + (ty)0.0; \\",
    ),
    Plant(
        "rmw_add_off_by_one",
        "imms",
        "exec.c",
        "        v += IMM32(1);\n        SP(0).i64 = v;",
        "        v += IMM32(1) + 1;\n        SP(0).i64 = v;",
    ),
    # the code of the caller of the running function counted as not
    # running: a budget may drop it under its own frame (a frame holds its
    # own function's code since session 15: the top frame's is the running
    # one's, the one below it the caller's)
    Plant(
        "evict_caller",
        "evict",
        "lazy.c",
        "f < rt->fsp; f++) {\n        if (f->code == code)",
        "f + 2 < rt->fsp; f++) {\n        if (f->code == code)",
        "budget,budget600,budget1000",
    ),
    # session 34's held-out bug, the guard taken out again (lower_branch.c
    # emit_cond): a remembered instruction the loop's fused back-edge rewrote
    # is read, its slot taken for an opcode; the swap it leads to is
    # harmless, so only UBSan's bounds check on mw_op_row sees it
    Plant(
        "emit_cond_stale_before",
        "fused12",
        "lower_branch.c",
        "before_idx != 0 && before_end == p0\n",
        "before_idx != 0\n",
        cflags="-fsanitize=bounds -fno-sanitize-recover=all",
    ),
    # guard pages (session 42; fuzz.guard builds with -DMW_GUARD_PAGES=1): a
    # faulted i64.load32_s done by the engine (a 1-byte-page memory's every
    # access, a shared heap's) not sign-extended: a result wasmtime's is not
    Plant(
        "guard_load32_s_unsigned",
        "guard",
        "exec.c",
        "if ((s->kind & 0x10) && n < 8 && (x >> (8 * n - 1)) & 1) {",
        "if ((s->kind & 0x10) && n < 4 && (x >> (8 * n - 1)) & 1) {",
    ),
    # a fused row's trap said at the row's first unit, not its load's: the
    # wasm offset of the add before the load, where the checked build says
    # the load's (Differ's twin; the eager copy keeps no offsets)
    Plant(
        "guard_trap_at_row",
        "guard",
        "exec.c",
        "TRAP_PC((const mw_code_unit *)(uintptr_t)op[2] + s->k));",
        "TRAP_PC((const mw_code_unit *)(uintptr_t)op[2]));",
        loads="lazy",
    ),
    # threaded code (session 43, fuzz.reach): lowering trusts a function
    # under 32 K compact units to reach threaded (the size test without the
    # heads): its branch then does not fit at placement, the load (and an
    # image's, wasm-cross lowering as lower.c does) refused, as CI's run118
    Plant(
        "thread_reach_size",
        "reach",
        "lower.c",
        "(uint64_t)L.ncode * (1 + MW_THREAD_HEAD) <= INT16_MAX ? 1",
        "(uint64_t)L.ncode <= INT16_MAX ? 1",
        loads="eager,image",
    ),
    # a threaded branch's distance tested against 17 bits: one of 32-64 K
    # units placed truncated (its jump lands elsewhere: results, traps, a crash)
    Plant(
        "thread_retarget_17_bits",
        "reach",
        "code.c",
        "if (d + 0x8000u > 0xffffu) {",
        "if (d + 0x8000u > 0x1ffffu) {",
        loads="eager",
    ),
]


def found_in(plant: Plant, modules: int, seed: int, loads: list[str], engine: Path) -> int | str:
    """Modules (of `modules`) in which fuzz.<gen> sees `plant` planted in a copy
    of `engine` (run in a child: a plant may crash it, which is found too)."""
    with tempfile.TemporaryDirectory() as d:
        copy = Path(d) / "engine"
        shutil.copytree(engine, copy)
        f = copy / plant.file
        text = f.read_text()
        if text.count(plant.old) != 1:
            return "plant text not in the engine"
        f.write_text(text.replace(plant.old, plant.new))
        code = (
            f"import json\nfrom pathlib import Path\nfrom fuzz import diff, {plant.gen}\n"
            f"diff.ENGINE, diff.OUT = Path({str(copy)!r}), Path({d!r})\n"
            f"s = {plant.gen}.run({modules}, {seed}, {loads!r}, Path({d!r}) / 'findings')\n"
            "print(json.dumps(s.findings))"
        )
        env = dict(os.environ)
        if plant.cflags:
            env["MW_FUZZ_CFLAGS"] = f"{env.get('MW_FUZZ_CFLAGS', '')} {plant.cflags}".strip()
            env["UBSAN_OPTIONS"] = "abort_on_error=1:print_stacktrace=1"
        p = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parents[1],
            env=env,
        )
        if p.returncode < 0:
            return f"crashed (signal {-p.returncode})"
        if p.returncode != 0:
            raise RuntimeError(p.stderr[-2000:])
        findings = json.loads(p.stdout.splitlines()[-1])
        return len({m.group(1) for s in findings if (m := re.search(r" n=(\d+) ", s))})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default="", help="comma-separated plant names or prefixes")
    ap.add_argument("--gen", help="with --file/--old/--new: a plant of one's own")
    ap.add_argument("--file")
    ap.add_argument("--old")
    ap.add_argument("--new")
    ap.add_argument("--modules", type=int, default=20)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--load", default="eager")
    ap.add_argument("--engine", type=Path, default=diff.ENGINE, help="the modwasm/engine folder to plant in")
    a = ap.parse_args()
    if a.gen:
        plants = [
            Plant(
                "own", a.gen, a.file, a.old.encode().decode("unicode_escape"), a.new.encode().decode("unicode_escape")
            )
        ]
    else:
        want = [w for w in a.only.split(",") if w]
        plants = [p for p in PLANTS if not want or any(p.name.startswith(w) for w in want)]
    for p in plants:
        n = found_in(p, a.modules, a.seed, (p.loads or a.load).split(","), a.engine.resolve())
        print(
            json.dumps(
                {
                    "plant": p.name,
                    "gen": p.gen,
                    "modules": a.modules,
                    "seed": a.seed,
                    "loads": p.loads or a.load,
                    "found_in": n,
                }
            ),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
