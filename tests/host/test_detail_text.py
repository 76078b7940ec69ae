# SPDX-License-Identifier: MIT
"""errors.c's packed failure texts are generated from MW_DETAIL_LIST
(scripts/gen_detail_text.py): the header must match the rows, or a user would
read a stale message (tests/engine/test_engine.c's test_detail_texts checks
that every text unpacks to its row)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_detail_text_header_is_current() -> None:
    r = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "gen_detail_text.py"), "--check"],
        capture_output=True, text=True, timeout=60,
    )
    assert r.returncode == 0, r.stderr


def test_every_row_has_a_packed_text() -> None:
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import gen_detail_text as gen
    finally:
        sys.path.pop(0)
    rows = gen.read_rows()
    text = (REPO / "modwasm" / "engine" / "detail_text.h").read_text()
    assert len(rows) > 100
    for row in rows:
        assert f"#define MW_DP_{row.name} " in text, row.name
