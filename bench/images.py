#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""RAM of WASI programs from their .wasm against from a frozen image
(docs/images.md), per QEMU board. A measurement, not a test; prints a
Markdown table for docs/benchmarks.md.

For each program: its binary and image sizes; loaded from the .wasm (sent as
bytes, eager and lazy) and from a frozen image (a variant firmware,
build/<board>-frozen, with every program linked in): Module.ram, the heap the
module takes, and whether the program then runs with its declared memory
(no memory_limit) or where MemoryError stops it. Each load starts on a
freshly soft-reset board.

    python3 bench/images.py                          # netduinoplus2 and mps2_an385
    python3 bench/images.py --board lm3s6965evb
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "tests" / "hil"))
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "bench" / "board"))
import board_python  # noqa: E402

board_python.ensure("bench/images.py")
import run_qemu  # noqa: E402
from boardcfg import load_board  # noqa: E402
from raw_repl import DeviceError, RawRepl, send_bytes  # noqa: E402
from support import images  # noqa: E402
from support.build import build  # noqa: E402

PROGRAMS = ("wasi_hello", "wasi_exit", "wasi_floats", "wasi_args")
CHUNK = 1024

# M is loaded by LOAD; prints Module.ram, the heap it took, and how the run went.
RUN = """
gc.collect()
ram, heap = M.ram, f0 - gc.mem_free()
class Out:
    def __init__(self):
        self.n = 0
    def write(self, b):
        self.n += len(b)
        return len(b)
how = 'runs'
try:
    w = wasm.WASI(args=['p', 'a'], stdout=Out())
    i = wasm.Instance(M, wasi=w)
    try:
        w.start(i)
    except wasm.Exit:
        pass
    except MemoryError:
        how = 'MemoryError while running'
except MemoryError:
    how = 'MemoryError at Instance'
print(ram, heap, how)
"""


def measure(board_name: str, python: str) -> tuple[int, dict[tuple[str, str], str]]:
    board = load_board(board_name)
    elf = images.frozen_firmware(board_name, PROGRAMS, python)
    out: dict[tuple[str, str], str] = {}
    with run_qemu.serve(board, elf) as url:
        r = RawRepl.open(url, baud=board.uart.baud, connect_timeout=15)
        r.enter_raw(20)
        free = int(r.exec("import gc\ngc.collect()\nprint(gc.mem_free())", 10))
        for name in PROGRAMS:
            data = build(name)
            for how, load in (
                ("eager", "wasm.Module(_b, lazy=False)"),
                ("lazy", "wasm.Module(_b, lazy=True)"),
                ("frozen", f"wasm.Module.frozen({name!r})"),
            ):
                r.soft_reset(10)
                try:
                    if how != "frozen":
                        r.exec(f"_b = bytearray({len(data)})\n_v = memoryview(_b)", 10)
                        send_bytes(r, data, CHUNK, 10)
                        r.exec("_b = bytes(_b)\ndel _v", 10)
                    ram, heap, ran = (
                        r.exec(f"import gc, wasm\ngc.collect()\nf0 = gc.mem_free()\nM = {load}\n" + RUN, 120)
                        .strip()
                        .splitlines()[-1]
                        .split(None, 2)
                    )
                    out[(name, how)] = f"{int(ram):,} / {int(heap):,} B, {ran}"
                except DeviceError as e:
                    out[(name, how)] = f"{e.exc_type} at load"
    return free, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--board", action="append", default=[])
    args = ap.parse_args()
    names = args.board or ["netduinoplus2", "mps2_an385"]
    for board in names:
        free, out = measure(board, sys.executable)
        print(f"\n`{board}` ({free:,} B of heap free): Module.ram / heap the module takes, then the run\n")
        print("| program | .wasm | image | from .wasm, eager | from .wasm, lazy | frozen image |")
        print("|---|---|---|---|---|---|")
        for p in PROGRAMS:
            size = len(images.image(p, target="cortex-m"))
            print(
                f"| {p} | {len(build(p)):,} B | {size:,} B | {out[(p, 'eager')]} | {out[(p, 'lazy')]} | "
                f"{out[(p, 'frozen')]} |"
            )


if __name__ == "__main__":
    main()
