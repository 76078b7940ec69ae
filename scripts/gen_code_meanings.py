#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate modwasm/engine/code_meanings.h from MW_OP_LIST's doc column.

    python3 scripts/gen_code_meanings.py           # rewrite the header
    python3 scripts/gen_code_meanings.py --check   # exit 1 if it is stale

The doc column of each op row (mw_int.h) names its immediates in order
("d a b", "target", "typeidx tableidx c base"...). mw_code_check (code.c)
checks what each immediate means with this generated table, so the doc
strings stay out of the engine's binary: one row of MW_MAX_IMMS kinds per
distinct meaning, and each op's row of code.c's op rows (mw_op_row, one byte
an op): a distinct pair of a layout and a row of meanings, so one table per
op serves both lowering's layouts and the check's meanings.
The rows are expanded with the C preprocessor (the op list is built from
several macros), so this needs a host C compiler (CC, default gcc).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import generated_header

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "modwasm" / "engine"
HEADER = ENGINE / "code_meanings.h"
MAX_IMMS = 5

# A doc word -> code.c's K_ meaning (keep in step with code.c's enum).
WORDS = {
    **{w: "K_SLOT" for w in ("d", "a", "b", "c", "x", "y")},
    "n": "K_COUNT",
    "target": "K_TARGET",  # forward only: the op does not poll (mw_int.h)
    "loop": "K_LOOP",  # may lie backward: the op polls when it jumps back
    "idx": "K_GLOBAL",
    "table": "K_TABLE",
    "tableidx": "K_TABLE",
    "owntable": "K_OWN_TABLE",  # a table the module defines (not an import)
    "mem": "K_MEM",
    "elem": "K_ELEM",
    "data": "K_DATA",
    "typeidx": "K_TYPE",
    "funcidx": "K_FUNC",
    "defidx": "K_DEF",
    "base": "K_BASE",
    "op": "K_MEMOP",
    "dst": "K_TABLE_OR_MEM",
    "src": "K_TABLE_OR_MEM",
    "k32": "K_SHIFT32",  # a shift or rotation count of an i32: 0 .. 31
    "k64": "K_SHIFT64",  # of an i64: 0 .. 63
    "offset": "K_OFFSET",  # a load or store's: only in a module with a memory
    **{w: "K_ANY" for w in ("value", "imm", "count")},
}

PROBE = """#include "mw_int.h"
#define MW_X_L(name, ...) @@L name __VA_ARGS__
MW_LAYOUTS(MW_X_L)
#define MW_X_O(name, layout, doc) @@O name layout doc
MW_OP_LIST(MW_X_O)
#define MW_X_B(name, layout, doc) @@B name
MW_OP_LIST_BASE(MW_X_B)
"""


@dataclass
class Op:
    name: str
    layout: str
    doc: str
    small: bool = False  # a row of MW_OP_LIST_BASE: in the small profile's tables


def expand() -> tuple[dict[str, int], list[Op]]:
    """Each layout's number of immediates, and the op rows in order."""
    nimm, ops, _ = expand_kinds()
    return nimm, ops


def expand_kinds() -> tuple[dict[str, int], list[Op], dict[str, list[str]]]:
    """expand(), and each layout's storage kinds (MW_KINDS) in order."""
    cc = os.environ.get("CC", "gcc")
    out = subprocess.run(
        [cc, "-E", "-P", f"-I{ENGINE}", "-x", "c", "-"],
        input=PROBE,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    nimm: dict[str, int] = {}
    stored: dict[str, list[str]] = {}
    ops: list[Op] = []
    base: set[str] = set()
    for part in out.split("@@")[1:]:
        part = part.strip()
        if part.startswith("L "):
            name, kinds = part[2:].split(" ", 1)
            stored[name] = [k.strip() for k in kinds.split(",") if k.strip() != "NONE"]
            nimm[name] = len(stored[name])
        elif part.startswith("O "):
            m = re.match(r'O (\w+) (\w+) "((?:[^"\\]|\\.)*)"', part)
            if m is None:
                raise SystemExit(f"gen_code_meanings: cannot read op row {part[:60]!r}")
            ops.append(Op(m.group(1), m.group(2), m.group(3)))
        elif part.startswith("B "):
            base.add(part[2:].strip())
    for i, op in enumerate(ops):
        op.small = op.name in base
        if op.small != (i < len(base)):
            raise SystemExit(f"gen_code_meanings: op {op.name}: MW_OP_LIST_BASE's rows are not MW_OP_LIST's first")
    return nimm, ops, stored


def meanings(op: Op, n: int) -> tuple[str, ...]:
    """What op's n immediates mean: its doc's words before ':', '(', ';' or ','."""
    rest = op.doc
    kinds = []
    for _ in range(n):
        rest = rest.lstrip(" ")
        word = re.match(r"[^ :(;,]*", rest).group(0)
        rest = rest[len(word) :]
        if word not in WORDS:
            raise SystemExit(
                f"gen_code_meanings: op {op.name}: doc word {word!r} names no known meaning "
                f"(known: {' '.join(sorted(WORDS))})"
            )
        kinds.append(WORDS[word])
    return tuple(kinds)


# The words of a branch target: code.c finds targets by them (a TARGET, its
# distance; JMP_FAR's IDX, a unit index) and lets only "loop" lie backward.
TARGET_WORDS = ("K_TARGET", "K_LOOP")


def check_targets(op: Op, kinds: tuple[str, ...], stored: list[str]) -> None:
    """A TARGET immediate is named by a target word, and a target word names a TARGET (or JMP_FAR's IDX)."""
    for k, s in zip(kinds, stored):
        if (s == "TARGET") != (k in TARGET_WORDS) and not (op.name == "JMP_FAR" and s == "IDX"):
            raise SystemExit(
                f"gen_code_meanings: op {op.name}: a {s} immediate named {k}: a branch target is "
                "'target' (forward only: the op does not poll) or 'loop' (it polls when it jumps back)"
            )


def fnv1a(data: bytes) -> int:
    """32-bit FNV-1a of data."""
    h = 2166136261
    for b in data:
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def render() -> str:
    nimm, ops, stored = expand_kinds()
    rows: list[tuple[str, ...]] = [("K_UNKNOWN",) * MAX_IMMS]
    index: dict[str, int] = {}
    rest: list[str] = []  # the rows past the small profile's, as text
    small_rows = 1  # the meaning rows those use, K_UNKNOWN's first
    pairs: list[tuple[str, int]] = []  # (layout, row of meanings): code.c's op rows
    op_pair: dict[str, int] = {}
    small_pairs = 0
    for op in ops:
        kinds = meanings(op, nimm[op.layout])
        check_targets(op, kinds, stored[op.layout])
        if not op.small:
            rest.append(f"{op.name} {' '.join(stored[op.layout])} {' '.join(kinds)};")
        if kinds:
            row = kinds + ("K_ANY",) * (MAX_IMMS - len(kinds))
            if row not in rows:
                rows.append(row)
                small_rows += op.small  # (the small rows' first: theirs come first)
            index[op.name] = rows.index(row)
        pair = (op.layout, index.get(op.name, 0))
        if pair not in pairs:
            pairs.append(pair)
            small_pairs += op.small
        op_pair[op.name] = pairs.index(pair)
    if len(rows) > 256 or len(pairs) > 256:
        raise SystemExit("gen_code_meanings: more than 256 distinct rows")
    lines = [
        "// SPDX-License-Identifier: MIT",
        "// Generated by scripts/gen_code_meanings.py from MW_OP_LIST's doc column",
        "// (mw_int.h): do not edit; rerun it when an op row changes",
        "// (tests/host/test_code_meanings.py checks it is current).",
        "// What each op's immediates mean (code.c's K_ kinds), one row per distinct",
        "// meaning; row 0 (K_UNKNOWN) is any op with immediates and no entry here.",
        "static const uint8_t code_meaning_rows[][MW_MAX_IMMS] = {",
    ]
    lines += [f"    {{{', '.join(r)}}}," for r in rows[:small_rows]]
    lines += ["    #if MW_ALL_OPS  // (rows only the others use)"]
    lines += [f"    {{{', '.join(r)}}}," for r in rows[small_rows:]]
    lines += ["    #endif"]
    lines += [
        "};",
        "",
        "// code.c's op rows: X(layout, row of meanings above, the layout's storage",
        "// kinds), one per distinct pair of a layout and a row of meanings; the",
        "// small profile's rows first (CODE_OP_ROWS_FULL: the others')",
        "#define CODE_OP_ROWS(X) \\",
    ]

    def pair_line(lay: str, m: int) -> str:
        return f"    X({lay}, {m}, {', '.join(stored[lay]) or 'NONE'}) \\"

    lines += [pair_line(lay, m) for lay, m in pairs[:small_pairs]]
    lines[-1] = lines[-1][:-2]
    lines += ["#define CODE_OP_ROWS_FULL(X) \\"]
    lines += [pair_line(lay, m) for lay, m in pairs[small_pairs:]]
    lines[-1] = lines[-1][:-2]
    lines += ["", "// each op's op row (code.c mw_op_row)", "enum {"]
    lines += [f"    CODE_ROW_{op.name} = {op_pair[op.name]}," for op in ops]
    lines += [
        "};",
        "",
        "// The rows from MW_OP_COUNT_SMALL on, which the small profile's tables do",
        "// not hold, for mw_code_fingerprint: FNV-1a over each one's name, storage",
        "// kinds and meanings, in order.",
        f"#define CODE_FP_REST 0x{fnv1a(''.join(rest).encode()):08x}u",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    return generated_header.main(HEADER, render, "gen_code_meanings.py", __doc__.splitlines()[0])


if __name__ == "__main__":
    sys.exit(main())
