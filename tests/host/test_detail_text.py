# SPDX-License-Identifier: MIT
"""errors.c's packed failure texts are generated from MW_DETAIL_LIST
(scripts/gen_detail_text.py): the header must match the rows, or a user would
read a stale message (tests/engine/test_engine.c's test_detail_texts checks
that every text unpacks to its row)."""

from __future__ import annotations

import gen_detail_text as gen
import generated_header


def test_detail_text_header_is_current() -> None:
    r = generated_header.check("gen_detail_text.py")
    assert r.returncode == 0, r.stderr


def test_every_row_has_a_packed_text() -> None:
    rows = gen.read_rows()
    text = gen.HEADER.read_text()
    assert len(rows) > 100
    for row in rows:
        prefix = "MW_SP_" if row.lst == gen.STATUS_LIST else "MW_DP_"
        assert f"#define {prefix}{row.name} " in text, row.name
    assert sum(row.lst == gen.STATUS_LIST for row in rows) > 10
