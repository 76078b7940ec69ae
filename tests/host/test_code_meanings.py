# SPDX-License-Identifier: MIT
"""code.c's table of what each op's immediates mean is generated from the doc
column of MW_OP_LIST (scripts/gen_code_meanings.py): it must match the rows,
or the image loader's code check would judge code by a stale table."""

from __future__ import annotations

import gen_code_meanings as gen
import generated_header


def test_code_meanings_header_is_current() -> None:
    r = generated_header.check("gen_code_meanings.py")
    assert r.returncode == 0, r.stderr


def test_every_op_with_immediates_has_a_row() -> None:
    nimm, ops = gen.expand()
    text = gen.HEADER.read_text()
    for op in ops:
        if nimm[op.layout] > 0:
            assert f"[MW_OP_{op.name}] = " in text, op.name
