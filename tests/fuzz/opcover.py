# SPDX-License-Identifier: MIT
"""Which ops a generator's modules execute: the generator runs (eager loads)
on a shim built with MW_OP_PROFILE (bench/op_profile.c counts every dispatched
op) in a child process, whose counts are printed for the ops asked about, so
a new op's generator is seen to reach it (a count of 0 says it does not).

usage: python3 -m fuzz.opcover --gen fused12 --modules 20 [--seed 1] [--ops F32_ADD_IMM,F64_MUL_PROMOTE_ADD]
       [--engine DIR]   (another engine folder, e.g. a branch's worktree: built in a temporary folder)
"""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path


def counts(gen: str, modules: int, seed: int, engine: Path | None = None) -> Counter[str]:
    """Op name -> times executed, over `modules` modules of fuzz.<gen>
    (on the engine in folder `engine`, else this checkout's)."""
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "ops"
        other = f"diff.ENGINE = Path({str(engine)!r}); diff.OUT = Path({d!r})\n" if engine else ""
        code = (
            f"from pathlib import Path\nfrom fuzz import diff; diff.PROFILE = True\n{other}from fuzz import {gen}\n"
            f"{gen}.run({modules}, {seed}, ['eager'], diff.OUT / 'findings-opcover')"
        )
        env = dict(os.environ, MW_OP_PROFILE_OUT=str(out))
        subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=Path(__file__).resolve().parents[1])
        c: Counter[str] = Counter()
        for line in out.read_text().splitlines():
            w = line.split()
            if w[0] == "op":
                c[w[1]] += int(w[2])
        return c


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gen", default="fused12")
    ap.add_argument("--modules", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--engine", type=Path, default=None, help="another modwasm/engine folder")
    ap.add_argument("--ops", default="", help="comma-separated op names or prefixes (default: all executed)")
    a = ap.parse_args()
    importlib.import_module(f"fuzz.{a.gen}")  # a wrong name fails here, before the build
    c = counts(a.gen, a.modules, a.seed, a.engine)
    want = [o for o in a.ops.split(",") if o]
    for name, n in sorted(c.items()):
        if not want or any(name.startswith(o) for o in want):
            print(f"{name:28} {n}")
    for o in want:
        if not any(name.startswith(o) for name in c):
            print(f"{o:28} 0")
    return 0


if __name__ == "__main__":
    sys.exit(main())
