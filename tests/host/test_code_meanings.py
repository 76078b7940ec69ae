# SPDX-License-Identifier: MIT
"""code.c's table of what each op's immediates mean is generated from the doc
column of MW_OP_LIST (scripts/gen_code_meanings.py): it must match the rows,
or the image loader's code check would judge code by a stale table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_code_meanings_header_is_current() -> None:
    r = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "gen_code_meanings.py"), "--check"],
        capture_output=True, text=True, timeout=60,
    )
    assert r.returncode == 0, r.stderr


def test_every_op_with_immediates_has_a_row() -> None:
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import gen_code_meanings as gen
    finally:
        sys.path.pop(0)
    nimm, ops = gen.expand()
    text = (REPO / "modwasm" / "engine" / "code_meanings.h").read_text()
    for op in ops:
        if nimm[op.layout] > 0:
            assert f"[MW_OP_{op.name}] = " in text, op.name
