#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""What fits where: per QEMU board, the heap free after boot and, for each test
program, the heap its wasm.Module takes and whether a WASI-sized instance of it
(memory_limit 12288, as the WASI tests use) is created and started without a
MemoryError ("fits"). Prints a Markdown table for
docs/boards/what-fits.md. A measurement, not a test.

    python3 bench/fits.py                       # every QEMU board
    python3 bench/fits.py --board lm3s6965evb   # one
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

board_python.ensure("bench/fits.py")
import run_qemu  # noqa: E402
from boardcfg import all_boards, load_board  # noqa: E402
from raw_repl import DeviceError, RawRepl, send_bytes  # noqa: E402
from support.build import build  # noqa: E402

PROGRAMS = ("arith", "traps", "wasi_hello", "wasi_fault", "wasi_exit", "wasi_floats", "wasi_args")
CHUNK = 1024

PROBE = """
import gc, wasm
gc.collect()
f0 = gc.mem_free()
try:
    M = wasm.Module(_b)
except MemoryError:
    M = None
del _v, _b
gc.collect()
f1 = gc.mem_free()
ok = 'no module'
if M is not None:
    try:
        w = wasm.WASI(args=['p'])
        i = wasm.Instance(M, wasi=w, memory_limit=12288)
        ok = 'fits'
        try:
            w.start(i)
        except wasm.Exit:
            pass
        except MemoryError:
            ok = 'no memory to run'
        except Exception:
            pass
    except MemoryError:
        ok = 'no instance'
    except Exception as e:
        ok = 'instance: ' + type(e).__name__
print(f0, f0 - f1 if M is not None else -1, ok)
"""


def measure(board_name: str) -> tuple[int, dict[str, tuple[int, str]]]:
    board = load_board(board_name)
    rows: dict[str, tuple[int, str]] = {}
    with run_qemu.serve(board) as url:
        r = RawRepl.open(url, baud=board.uart.baud, connect_timeout=15)
        r.enter_raw(20)
        free = int(r.exec("import gc\ngc.collect()\nprint(gc.mem_free())", 10))
        for name in PROGRAMS:
            data = build(name)
            r.soft_reset(10)
            try:
                r.exec(f"_b = bytearray({len(data)})\n_v = memoryview(_b)", 10)
                send_bytes(r, data, CHUNK, 10)
                _f0, module, ok = r.exec(PROBE, 60).strip().splitlines()[-1].split(None, 2)
                rows[name] = (int(module), ok.strip())
            except DeviceError as e:
                rows[name] = (-1, f"binary: {e.exc_type}")
    return free, rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--board", action="append", default=[])
    args = ap.parse_args()
    names = args.board or [b.name for b in all_boards() if b.qemu is not None]
    sizes = {n: len(build(n)) for n in PROGRAMS}
    results = {n: measure(n) for n in names}
    print("| program (binary) | " + " | ".join(f"`{n}` ({results[n][0] // 1024} KiB free)" for n in names) + " |")
    print("|---" * (len(names) + 1) + "|")
    for p in PROGRAMS:
        cells = []
        for n in names:
            module, ok = results[n][1][p]
            cells.append(f"{ok}" if module < 0 else f"{module / 1024:.1f} KiB, {ok}")
        print(f"| {p} ({sizes[p]} B) | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
