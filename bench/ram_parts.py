#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Where a module's RAM (`Module.ram`, mw_module_ram) is, part by part: lowered code, the
per-function records, decoded module data, the lazy stubs, copies of the binary.

    python3 bench/ram_parts.py [--programs cjson,tommath,mbedtls] [--hello] [--size quick]

Runs bench/runner_mw_wasi.c with MW_BENCH_RAM_PARTS=1 (bench/ram_parts.h walks the module's
blocks after the first run of `_start`), eager (flags 0: data segments copied) and lazy
(MW_LOAD_LAZY | MW_LOAD_BORROW, as `wasm.Module(bytes)` on a board). Bytes are Cortex-M's:
the same blocks with arm-none-eabi-gcc's struct sizes (ram_parts.h's M32_*), so the totals
are what mps2_an385's Module.ram shows; "GC" rounds each block up to MicroPython's 16 bytes
(heap the firmware gives away beyond Module.ram). --hello adds tests/programs/wasi_hello.c.
A benchmark, not a test: nothing is asserted. Prints Markdown.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_programs as BP
import programs as P

PARTS = (
    "code",
    "code_index",
    "funcdefs",
    "functypes",
    "types",
    "imports",
    "exports",
    "names",
    "globals",
    "tables_mems",
    "elems",
    "datas",
    "code_bytes",
    "declared_refs",
    "module",
)


@dataclass
class Parts:
    m32: dict[str, int]
    gc: dict[str, int]
    blocks: dict[str, int]
    total: int
    unaccounted: int
    lowered: str


def measure(exe: Path, wasm: Path, argv: list[str], lazy: bool) -> Parts:
    env = dict(os.environ, MW_BENCH_LAZY="1" if lazy else "0", MW_BENCH_RAM_PARTS="1")
    r = subprocess.run(
        [str(exe), str(wasm), "1", "-", *argv], capture_output=True, text=True, timeout=1800, check=False, env=env
    )
    if r.returncode != 0:
        raise RuntimeError(f"{wasm.name} failed:\n{r.stdout}{r.stderr[-2000:]}")
    m32, gc, blocks, unacc, total = {}, {}, {}, 0, 0
    kv = {}
    for line in r.stdout.splitlines():
        if line.startswith("part="):
            f = dict(w.split("=", 1) for w in line.split())
            if f["part"] == "unaccounted":
                unacc = int(f["host"])
            elif f["part"] == "total":
                total = int(f["m32"])
            else:
                m32[f["part"]], gc[f["part"]], blocks[f["part"]] = int(f["m32"]), int(f["m32_gc"]), int(f["blocks"])
        elif "=" in line:
            k, v = line.split("=", 1)
            kv[k] = v
    return Parts(m32, gc, blocks, total, unacc, kv.get("lowered", "?"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--programs", default="cjson,tommath,mbedtls")
    ap.add_argument("--size", default="quick")
    ap.add_argument("--hello", action="store_true", help="also tests/programs/wasi_hello.c")
    P.add_features_arg(ap)
    a = ap.parse_args()
    P.use_features(a.features)
    progs = [P.BY_NAME[n] for n in a.programs.split(",") if n]
    built = P.build_all(progs)
    exe = BP.build_runner_mw_wasi()
    runs: list[tuple[str, Path, list[str]]] = [(p.name, built[p.name, "wasm"], p.argv(a.size)) for p in progs]
    if a.hello:
        sys.path.insert(0, str(P.ROOT / "tests"))
        from support.build import build  # the test programs' wasi-sdk build

        build("wasi_hello")
        runs.append(("wasi_hello", P.ROOT / "build" / "wasm" / "wasi_hello.wasm", ["wasi_hello"]))
    print("| program | mode | .wasm | Module.ram (m32) | " + " | ".join(PARTS) + " | 16-B GC blocks | lowered |")
    print("|---|---|---:|---:|" + "---:|" * len(PARTS) + "---:|---|")
    for name, wasm, argv in runs:
        size = wasm.stat().st_size
        for lazy in (False, True):
            r = measure(exe, wasm, argv, lazy)
            if r.unaccounted:
                print(f"warning: {name}: {r.unaccounted} host bytes the walk does not know", file=sys.stderr)
            cells = " | ".join(f"{r.m32[k]:,} ({100 * r.m32[k] / r.total:.1f}%)" if r.m32[k] else "0" for k in PARTS)
            gc = sum(r.gc.values())
            nblk = sum(r.blocks.values())
            print(
                f"| {name} | {'lazy, after run' if lazy else 'eager'} | {size:,} | {r.total:,} "
                f"({r.total / size:.2f}x) | {cells} | {gc:,} (+{gc - r.total:,} in {nblk:,} blocks) "
                f"| {r.lowered} |"
            )


if __name__ == "__main__":
    main()
