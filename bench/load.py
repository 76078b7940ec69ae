#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Module loading cost against module size (issue #18 part 2): is load time proportional to size?

    python3 bench/load.py                 # generated modules of three sizes, engine alone and host port
    python3 bench/load.py --wasm a.wasm   # also these modules (e.g. bench programs)
    python3 bench/load.py --no-host       # engine alone only (no host port build needed)

Modules: `gen-S`, `gen-M`, `gen-L` are generated C (many distinct functions: loops, switches,
calls, loads and stores, built with clang -O2 for wasm32) at roughly CoreMark-, Lua- and
SQLite-class binary sizes (~20 KB, ~280 KB, ~900 KB). Generated rather than real programs
so the bench has no fetch step; real programs (bench programs) can be added with --wasm.

For each module:
  engine alone  build/bench/load_mw: mw_module_load with a counting malloc-backed allocator:
                allocator calls per load (allocations, resizes, frees), live RAM after the
                load, and the fastest load in ns per byte;
  host port     build/host/micropython: `wasm.Module(bytes)` in MicroPython with its GC heap
                (the default 64 MiB), median of several loads, in ns per byte.
A benchmark, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
ENGINE = ROOT / "modwasm" / "engine"
OUT = ROOT / "build" / "bench" / "load"
HOST = ROOT / "build" / "host" / "micropython"

# name: number of generated functions (about 240 bytes of wasm each)
SIZES = {"gen-S": 80, "gen-M": 1150, "gen-L": 3800}
REPS = 7


def sh(cmd: list[str | Path], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], check=True, text=True, **kw)  # type: ignore[call-overload]


def gen_source(nfuncs: int, seed: int) -> str:
    """C with `nfuncs` distinct functions reachable through a table (none is inlined away)."""
    rnd = random.Random(seed)
    out = [
        "typedef unsigned int u32;",
        "static u32 buf[256];",
        "typedef u32 (*fn)(u32, u32);",
    ]
    for i in range(nfuncs):
        k = [rnd.randrange(1, 1 << 31) for _ in range(6)]
        body = [f"__attribute__((noinline)) u32 f{i}(u32 a, u32 b) {{", f"    u32 s = a ^ {k[0]}u;"]
        body.append(f"    for (u32 i = 0; i < (b & {rnd.randrange(3, 31)}); i++) {{")
        body.append(f"        switch ((s + i) & {rnd.choice([3, 7])}) {{")
        for c in range(rnd.randrange(2, 6)):
            op = rnd.choice(["+=", "^=", "-=", "|="])
            body.append(f"        case {c}: s {op} buf[(s + {k[c % 6]}u) & 255] * {rnd.randrange(3, 99)}u; break;")
        body.append(f"        default: s = (s << {rnd.randrange(1, 31)}) | (s >> 7); break;")
        body.append("        }")
        if i > 0 and rnd.random() < 0.6:
            body.append(f"        if (s & {1 << rnd.randrange(0, 8)}u) s += f{rnd.randrange(0, i)}(s, i & 3);")
        body.append(f"        buf[(s >> {rnd.randrange(2, 20)}) & 255] = s + {k[1]}u;")
        body.append("    }")
        body.append(f"    return s * {k[2] | 1}u + (a > {k[3]}u ? b : a);")
        body.append("}")
        out.extend(body)
    out.append("static const fn table[] = {" + ", ".join(f"f{i}" for i in range(nfuncs)) + "};")
    out.append(f"u32 run(u32 n) {{ u32 s = 0; for (u32 i = 0; i < n; i++) s += table[i % {nfuncs}](s, i); return s; }}")
    return "\n".join(out) + "\n"


def build_gen(name: str, nfuncs: int) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    src = OUT / f"{name}.c"
    wasm = OUT / f"{name}.wasm"
    text = gen_source(nfuncs, seed=nfuncs)
    if not src.exists() or src.read_text() != text:
        src.write_text(text)
    if not wasm.exists() or wasm.stat().st_mtime < src.stat().st_mtime:
        sh(["clang", "-O2", "--target=wasm32", "-nostdlib", "-Wl,--no-entry", "-Wl,--export=run", "-o", wasm, src])
    return wasm


def build_load_mw() -> Path:
    exe = OUT / "load_mw"
    srcs = sorted(ENGINE.glob("*.c"))
    deps = [*srcs, *ENGINE.glob("*.h"), BENCH / "load_mw.c", BENCH / "runner_common.h"]
    if not exe.exists() or any(d.stat().st_mtime > exe.stat().st_mtime for d in deps):
        OUT.mkdir(parents=True, exist_ok=True)
        cc = ["gcc", "-O2", "-std=gnu11", f"-I{ENGINE}", f"-I{BENCH}"]
        sh([*cc, "-o", exe, BENCH / "load_mw.c", *srcs, "-lm", "-lpthread"])
    return exe


@dataclass
class Result:
    name: str
    size: int
    allocs: int
    reallocs: int
    frees: int
    ram: int
    peak: int
    ns: float
    host_ns: float | None
    lazy_ram: int  # MW_LOAD_LAZY | MW_LOAD_BORROW: every body validated, none lowered
    lazy_ns: float
    lazy_host_ns: float | None


HOST_SCRIPT = """
import wasm, time, gc, sys
b = open(sys.argv[1], 'rb').read()
ts = []
for i in range({reps}):
    gc.collect()
    t0 = time.ticks_us()
    m = wasm.Module(b, lazy={lazy})
    ts.append(time.ticks_diff(time.ticks_us(), t0))
    m = None
ts.sort()
print('us=%d' % ts[len(ts) // 2])
"""


def measure(name: str, wasm: Path, exe: Path, host: bool) -> Result:
    def engine(lazy: bool) -> dict[str, str]:
        env = dict(os.environ, MW_BENCH_LAZY="1" if lazy else "0")
        return dict(line.split("=", 1) for line in sh([exe, wasm, REPS], capture_output=True, env=env).stdout.split())

    def host_port(lazy: bool) -> float | None:
        if not host:
            return None
        script = OUT / "load_host.py"
        script.write_text(HOST_SCRIPT.format(reps=REPS, lazy=lazy))
        out = sh([HOST, script, wasm], capture_output=True).stdout
        return float(out.strip().split("=")[1]) * 1000

    kv, lz = engine(False), engine(True)
    return Result(
        name,
        int(kv["bytes"]),
        int(kv["allocs"]),
        int(kv["reallocs"]),
        int(kv["frees"]),
        int(kv["module_ram"]),
        int(kv["peak"]),
        float(kv["ns"]),
        host_port(False),
        int(lz["module_ram"]),
        float(lz["ns"]),
        host_port(True),
    )


def table(rows: list[Result]) -> str:
    lines = [
        "| module | bytes | allocs | reallocs | frees | engine ns/byte | host port ms | host port ns/byte "
        "| Module RAM / size | lazy: engine ns/byte | host port ms | Module RAM / size |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        host_ms = f"{r.host_ns / 1e6:.1f}" if r.host_ns is not None else "-"
        host_b = f"{r.host_ns / r.size:.1f}" if r.host_ns is not None else "-"
        lazy_ms = f"{r.lazy_host_ns / 1e6:.1f}" if r.lazy_host_ns is not None else "-"
        lines.append(
            f"| {r.name} | {r.size} | {r.allocs} | {r.reallocs} | {r.frees} | {r.ns / r.size:.1f} "
            f"| {host_ms} | {host_b} | {r.ram / r.size:.2f}x | {r.lazy_ns / r.size:.1f} | {lazy_ms} "
            f"| {r.lazy_ram / r.size:.2f}x |"
        )
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wasm", action="append", default=[], help="also load this module")
    ap.add_argument("--no-host", action="store_true", help="skip the host port (engine alone)")
    args = ap.parse_args()
    host = not args.no_host
    if host and not HOST.exists():
        print(f"{HOST} missing: `make host` first, or --no-host", file=sys.stderr)
        return 2
    exe = build_load_mw()
    mods = [(name, build_gen(name, n)) for name, n in SIZES.items()]
    mods += [(Path(w).stem, Path(w)) for w in args.wasm]
    rows = [measure(name, w, exe, host) for name, w in mods]
    print(table(rows))
    print(
        "\nallocs/reallocs/frees: allocator calls in one mw_module_load; engine ns/byte: fastest of "
        f"{REPS} loads (malloc); host port: median of {REPS} `wasm.Module(bytes)` (GC heap); "
        "Module RAM: live bytes after the load (64-bit host) / binary size. lazy: the same loads with "
        "MW_LOAD_LAZY | MW_LOAD_BORROW (`wasm.Module(bytes, lazy=True)`): every body validated, none lowered."
    )
    if len(rows) > 1:
        med = statistics.median(r.ns / r.size for r in rows)
        print(f"median engine load cost: {med:.1f} ns/byte")
    return 0


if __name__ == "__main__":
    sys.exit(main())
