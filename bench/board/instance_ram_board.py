#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""What an instance of each whole program costs on a QEMU board: `Instance.ram`.

    python3 bench/board/instance_ram_board.py --board mps2_an385 [--programs sqlite,lua]

Each program's .wasm (bench/programs.py) is sent over the raw REPL, loaded
lazily from bytes (so even sqlite fits), and instantiated with a WASI (nothing
runs); prints `NAME inst_ram=N` per program. The x86-64 counterpart, with the
figure split into tables and the rest: bench/instance_ram.c. A benchmark, not a
test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import programs as P
import programs_board as PB

sys.path.insert(0, str(P.ROOT / "scripts"))
sys.path.insert(0, str(P.ROOT / "tests" / "hil"))

INSTANCE = """
del _b
gc.collect()
try:
    _i = wasm.Instance(M, wasi=wasm.WASI(args=['x']))
    print('inst_ram=%d' % _i.ram)
except Exception as e:
    print('inst=%s: %s' % (type(e).__name__, e))
"""


def measure(board_name: str, progs: list[P.Program]) -> dict[str, str]:
    import run_qemu
    from boardcfg import load_board
    from raw_repl import RawRepl, send_bytes

    built = P.build_all(progs)
    board = load_board(board_name)
    if board.qemu is None:
        raise SystemExit(f"{board_name}: no QEMU machine")
    out = {}
    with run_qemu.serve(board) as url:
        repl = RawRepl.open(url, baud=board.uart.baud, connect_timeout=15)
        repl.enter_raw(20)
        for p in progs:
            data = built[p.name, "wasm"].read_bytes()
            f = PB.parse(repl.exec(PB.FREE + PB.ALLOC.format(size=len(data)), 30))
            if f.get("alloc") != "ok":
                out[p.name] = "binary: MemoryError"
                continue
            send_bytes(repl, data, PB.CHUNK, 30)
            f.update(PB.parse(repl.exec(PB.LOAD.format(lazy=True, budget=0, kw=""), 300)))
            if "ram" in f:
                f.update(PB.parse(repl.exec(INSTANCE, 300)))
            out[p.name] = f.get("inst_ram", f.get("inst", f.get("load", "?")))
            print(f"{p.name} inst_ram={out[p.name]}", flush=True)
    return out


def main() -> None:
    import board_python

    board_python.ensure("bench/board/instance_ram_board.py")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--board", default="mps2_an385")
    ap.add_argument("--programs", default="", help="comma-separated names (default: all)")
    P.add_features_arg(ap)
    a = ap.parse_args()
    P.use_features(a.features)
    progs = P.select(a.programs)
    measure(a.board, progs)


if __name__ == "__main__":
    main()
