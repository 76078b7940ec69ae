#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Validate a board and generate its files for the port.

    python3 scripts/gen_board.py --board mps2_an385 --out build/mps2_an385/gen
    python3 scripts/gen_board.py --list          # every board
    python3 scripts/gen_board.py --list-qemu     # boards QEMU can run
    python3 scripts/gen_board.py --check         # validate every board, write nothing

Files are rewritten only when their content changes, so make rebuilds only
what a board edit really touches.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from boardcfg import BoardConfigError, all_boards, board_names, load_board, write_generated


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--board", help="board name: a folder of boards/")
    ap.add_argument("--out", type=Path, help="output folder, e.g. build/<board>/gen")
    ap.add_argument("--list", action="store_true", help="print every board name")
    ap.add_argument("--list-qemu", action="store_true", help="print the names of boards QEMU runs")
    ap.add_argument("--check", action="store_true", help="validate every board")
    ap.add_argument("-v", "--verbose", action="store_true", help="name the files written")
    args = ap.parse_args(argv)
    try:
        if args.list:
            print("\n".join(board_names()))
            return 0
        if args.list_qemu:
            print("\n".join(b.name for b in all_boards() if b.qemu is not None))
            return 0
        if args.check:
            for b in all_boards():
                print(f"{b.name}: ok")
            return 0
        if not args.board or not args.out:
            ap.error("--board and --out are needed (or --list, --list-qemu, --check)")
        board = load_board(args.board)
        for path in write_generated(board, args.out):
            if args.verbose:
                print(f"gen_board: wrote {path}")
    except BoardConfigError as e:
        print(f"gen_board: error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
