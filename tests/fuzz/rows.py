# SPDX-License-Identifier: MIT
"""The modules build.py makes from the code table, against wasmtime: every
compare-and-branch row (compare_branch_module), every fused address row
(address_rows_module: NAME_X, _XR, _XM and their D twins, LOAD16_U_XR among
them, which no seed ran until session 40) and, with --wide, the module of
65,539 defined functions whose callers of the last ones are CALL_DEF_W
(wide_call_module: ~15 s a load mode, most of it wasmtime compiling). Each
through diff.Differ (results bit for bit, trap kinds, the exported memory's
bytes) in each load mode; the rows come from MW_OP_LIST, so a row another
session adds to those families is compared as soon as it is in the table.

usage: python3 -m fuzz.rows [--wide] [--load eager,lazy,budget]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from fuzz import build, diff


def modules(wide: bool) -> list[tuple[str, bytes]]:
    """(name, binary) of the table's modules (and the wide call module)."""
    rows = build.op_rows()
    parse = [diff.tool("wasm-tools"), "parse", "-"]
    out = [
        (name, subprocess.run(parse, input=text.encode(), capture_output=True, check=True).stdout)
        for name, text in (
            ("compare_branch", build.compare_branch_module(rows)),
            ("address_rows", build.address_rows_module(rows)),
        )
    ]
    return out + ([("wide_call", build.wide_call_module())] if wide else [])


def run(loads: list[str], wide: bool = False, out: Path = diff.OUT / "findings") -> diff.Stats:
    stats = diff.Stats()
    d = diff.Differ(diff.build_shim(), out, stats)
    for name, data in modules(wide):
        for load in loads:
            d.run(data, f"rows {name}", load)
    return stats


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wide", action="store_true", help="also the module of 65,539 functions (CALL_DEF_W)")
    ap.add_argument("--load", default=",".join(diff.LOAD_MODES))
    a = ap.parse_args()
    t0 = time.monotonic()
    s = run(a.load.split(","), a.wide)
    return diff.report(s, seconds=round(time.monotonic() - t0, 1))


if __name__ == "__main__":
    sys.exit(main())
