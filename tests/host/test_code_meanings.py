# SPDX-License-Identifier: MIT
"""code.c's table of what each op's immediates mean is generated from the doc
column of MW_OP_LIST (scripts/gen_code_meanings.py): it must match the rows,
or the image loader's code check would judge code by a stale table."""

from __future__ import annotations

import pytest

import gen_code_meanings as gen
import generated_header


def test_code_meanings_header_is_current() -> None:
    r = generated_header.check("gen_code_meanings.py")
    assert r.returncode == 0, r.stderr


def test_every_op_has_a_row() -> None:
    """Each op's row (code.c mw_op_row) pairs its own layout with its row of
    meanings: lowering emits by the kinds that row holds."""
    nimm, ops = gen.expand()
    text = gen.HEADER.read_text()
    rows = [
        line.strip()[2:].split(", ", 2)
        for line in text.split("#define CODE_OP_ROWS(X)")[1].split("// each op's")[0].splitlines()
        if line.strip().startswith("X(")
    ]
    for op in ops:
        row = int(text.split(f"CODE_ROW_{op.name} = ", 1)[1].split(",", 1)[0])
        assert rows[row][0] == op.layout, op.name
        assert (rows[row][1] != "0") == (nimm[op.layout] > 0), op.name


def test_branch_targets_say_whether_the_op_polls() -> None:
    """A TARGET immediate is named "target" (forward only: code.c refuses one
    at or before the op, which does not poll) or "loop" (the op polls when it
    jumps back): a branch row with any other word, or a target word on
    another kind, stops the generator, so no new branch row leaves the code
    check unsure whether its backward targets are polled."""
    nimm, ops, stored = gen.expand_kinds()
    words = {op.name: gen.meanings(op, nimm[op.layout]) for op in ops}
    assert words["BR_IF_JMP"] == ("K_SLOT", "K_TARGET") and words["BR_IF_LOOP"] == ("K_SLOT", "K_LOOP")
    assert words["BR_F64_LT"][2] == "K_TARGET" and words["BR_LT_S"][2] == "K_LOOP"
    for op in ops:
        gen.check_targets(op, words[op.name], stored[op.layout])
    unless = next(op for op in ops if op.name == "BR_UNLESS")
    for doc in ("c imm", "target c"):
        bad = gen.Op(unless.name, unless.layout, doc)
        with pytest.raises(SystemExit, match="BR_UNLESS"):
            gen.check_targets(bad, gen.meanings(bad, nimm[bad.layout]), stored[bad.layout])
