#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""What function names cost a precompiled image (docs/images.md): each real
program (bench/programs.py) linked again without `-s`, so with its name
section (wasm-opt -O2 -g after the link), then through wasm-cross --target cortex-m with its function names
(the default) and with --strip-names. A measurement, not a test; prints a
markdown table.

    python3 bench/image_names.py                 # every program
    python3 bench/image_names.py lua sqlite      # some

The objects are bench/programs.py's (build/programs/obj, compiled if
missing); the named binaries go to build/programs/named/.
"""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

import programs  # noqa: E402 (after the path)
from support import images  # noqa: E402 (after the path)

OUT = programs.OUT / "named"


def name_section(wasm: bytes) -> tuple[int, int]:
    """(bytes of the custom section "name", bytes of its function names: subsection 1's content)."""
    at, whole, funcs = 8, 0, 0
    while at < len(wasm):
        start, sid = at, wasm[at]
        size, at = images.read_leb(wasm, at + 1)
        end = at + size
        if sid == 0:
            n, at = images.read_leb(wasm, at)
            if wasm[at : at + n] == b"name":
                whole, at = end - start, at + n
                while at < end:
                    sub = wasm[at]
                    size, at = images.read_leb(wasm, at + 1)
                    funcs = size if sub == 1 else funcs
                    at += size
        at = end
    return whole, funcs


def measure(p: programs.Program) -> tuple[int, int, int, int, int, int]:
    """(.wasm stripped, .wasm named, name section, function names, image without names, image with names)."""
    stripped = programs.build(p, "wasm")
    # clang's driver runs wasm-opt -O2 after the link, which drops the name
    # section: link at -O0 (no wasm-opt) and run it here with -g (names kept)
    link = [f.format(stack=p.stack) for f in programs.WASM_LINK if f != "-s"]
    link[link.index("-O2")] = "-O0"
    OUT.mkdir(parents=True, exist_ok=True)
    objs = programs._objects(p, "wasm")
    named = programs._link(link, objs, OUT / f"{p.name}.wasm", ["wasm-opt", "-O2", "-g"])
    sizes = []
    for strip in (True, False):
        out = OUT / f"{p.name}{'.stripped' if strip else ''}.mwi"
        r = images.cross(named, out, target="cortex-m", strip_names=strip)
        if r.returncode != 0:
            raise RuntimeError(f"wasm-cross {p.name}: {r.stderr}")
        data = out.read_bytes()
        assert struct.unpack_from("<I", data, 60)[0] == 0 or not strip
        sizes.append(len(data))
    whole, funcs = name_section(named.read_bytes())
    return stripped.stat().st_size, named.stat().st_size, whole, funcs, sizes[0], sizes[1]


def main() -> None:
    wanted = [programs.BY_NAME[n] for n in sys.argv[1:]] or list(programs.PROGRAMS)
    subprocess.run(["make", "-s", "-f", str(ROOT / "tools/wasm-cross/Makefile")], check=True, timeout=600)
    print(
        "| program | .wasm (-s) | .wasm with names | name section | function names | image, --strip-names | image |"
        " names' share |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for p in wanted:
        s, n, whole, funcs, without, with_names = measure(p)
        share = (with_names - without) / with_names * 100
        print(f"| {p.name} | {s:,} | {n:,} | {whole:,} | {funcs:,} | {without:,} | {with_names:,} | {share:.1f}% |")


if __name__ == "__main__":
    main()
