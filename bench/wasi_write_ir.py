# SPDX-License-Identifier: MIT
"""Callgrind instructions (Ir) of a WASI write loop on the host port: the guest
of tests/fuzz/wasi_files.py (tests/programs/wasi_fsops.c) opens a file in a
fresh directory and writes 16 bytes to it N times (one fd_write each), with
the file open once, or open twice (a second fd on it, as two littlefs handles
need: each write then reopens the other). The same run with no write gives
the rest of the process (start-up, the module, the open); the difference over
N is the Ir of one write (the guest's log line of it included). The module has
no code budget (`code_budget=None`); `--default-budget` keeps the default one
(its main function, larger than the budget's code arena, made the rest of its
code be lowered again at each write until session 34: ~230,000 Ir a write).
`--op fstat`: an fd_filestat_get of the file N times in place of the writes.

    python3 bench/wasi_write_ir.py [--micropython build/host/micropython] [-n 700] [--default-budget] [--op fstat]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fuzz.wasi_files import RUNNER, guest, op_fstat, op_open, op_write  # noqa: E402 (tests/ on the path first)

CREAT = 1
# each op measured: its bytes in the script, and the guest's log of it
OPS = {"write": (op_write(1, 16), " write e=0 n=16"), "fstat": (op_fstat(1), " fstat e=0 type=4 ")}


def script(calls: int, twice: bool, op: str = "write") -> bytes:
    ops = [op_open(b"f", CREAT)] + ([op_open(b"f")] if twice else [])
    return b"".join(ops + [OPS[op][0]] * calls)


def ir(micropython: Path, s: bytes, budget: bool = False, op: str = "write") -> int:
    """The whole process's Ir (callgrind) running script s once."""
    with tempfile.TemporaryDirectory() as t:
        base = Path(t)
        (base / "d").mkdir()
        (base / "jobs.txt").write_text(f"{s.hex()} {base / 'd'}\n")
        runner = RUNNER if budget else RUNNER.replace(".read())", ".read(), code_budget=None)", 1)
        (base / "runner.py").write_text(runner)
        out = base / "cg.out"
        cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"]
        cmd += [str(micropython), "-X", "heapsize=16m", str(base / "runner.py"), str(guest()), str(base / "jobs.txt")]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        calls = p.stdout.count(OPS[op][1])
        if "@@ end" not in p.stdout or calls != s.count(OPS[op][0]):
            raise SystemExit(f"the run failed: {p.stdout[-500:]} {p.stderr[-500:]}")
        m = re.search(r"Collected : (\d+)", p.stderr)
        if m is None:
            raise SystemExit(f"no callgrind total: {p.stderr[-500:]}")
        return int(m.group(1))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--micropython", default=str(ROOT / "build/host/micropython"))
    ap.add_argument("-n", type=int, default=700, help="writes (the script holds 4096 bytes: 5 a write)")
    ap.add_argument("--default-budget", action="store_true", help="the module under its default code budget")
    ap.add_argument("--op", choices=sorted(OPS), default="write", help="the call measured")
    a = ap.parse_args()
    mp = Path(a.micropython)
    for twice in (False, True):
        base = ir(mp, script(0, twice, a.op), a.default_budget, a.op)
        full = ir(mp, script(a.n, twice, a.op), a.default_budget, a.op)
        label = "open twice" if twice else "open once"
        print(f"{label}: {full:,} Ir with {a.n} {a.op}s, {base:,} without: {(full - base) / a.n:,.0f} Ir a {a.op}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
