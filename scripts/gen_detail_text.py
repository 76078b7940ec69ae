#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate modwasm/engine/detail_text.h: MW_DETAIL_LIST's and MW_STATUS_LIST's messages, packed.

    python3 scripts/gen_detail_text.py           # rewrite the header
    python3 scripts/gen_detail_text.py --check   # exit 1 if it is stale

The failure details of mw_int.h (MW_DETAIL_LIST, MW_DETAIL_UNLOWER, MW_DETAIL_OPS, MW_DETAIL_NAMES,
MW_DETAIL_MAP) are about
3.3 KB of text in flash, mostly the same words and pieces of words again
("unknown ", "malformed ", "lowered code: ", "window "...). This writes each
row's text as MW_DP_<name>, a C string packed by byte pairs: a byte the text
never holds (0x80-0xff, 0x01-0x1f) is a code, and code c stands for the two
bytes of MW_DETAIL_PAIRS' entry c ^ 0x80, each a character or a code again.
The pairs are chosen greedily, the most frequent adjacent pair first, while one
occurs at least three times (each entry costs two bytes). errors.c unpacks a
message into the runtime's buffer when a failure is recorded, so the texts a
user sees are exactly the rows' texts. A row's macro parts
(MW_STR(MW_MAX_WINDOWS)...) stay macros, so a build's own settings still show.
The rows are read from mw_int.h's source text: one `X(NAME, "text" ...) \\` per
line. The status texts (mw.h's MW_STATUS_LIST: "integer divide by zero" ...)
are packed with the same pairs, as MW_SP_<name> (another 0.3 KB, whose words
the details share).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import generated_header

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "modwasm" / "engine"
SOURCE = ENGINE / "mw_int.h"
STATUS_SOURCE = ENGINE / "mw.h"
HEADER = ENGINE / "detail_text.h"
LISTS = ("MW_DETAIL_LIST", "MW_DETAIL_UNLOWER", "MW_DETAIL_OPS", "MW_DETAIL_NAMES", "MW_DETAIL_MAP")
STATUS_LIST = "MW_STATUS_LIST"
# Lists packed with the others' pairs but not counted when choosing them: a
# row only the small profile builds (MW_DETAIL_OPS) leaves the full profile's
# table and texts as they were, and a row only the full profile builds
# (MW_DETAIL_NAMES, MW_DETAIL_MAP) the small profile's.
UNCOUNTED = ("MW_DETAIL_OPS", "MW_DETAIL_NAMES", "MW_DETAIL_MAP")
MAX_WORDS = 128
LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"')
# a word: a run of non-spaces with the space after it, if any
WORD = re.compile(r"[^ ]+ ?| ")


@dataclass
class Row:
    name: str
    parts: list[str | tuple[str]]  # str: a literal's text; (expr,): a macro part kept as is
    lst: str = "MW_DETAIL_LIST"


def read_rows() -> list[Row]:
    """The rows of each list in LISTS, in source order, then MW_STATUS_LIST's."""
    rows: list[Row] = []
    for source, lst in [(SOURCE, lst) for lst in LISTS] + [(STATUS_SOURCE, STATUS_LIST)]:
        lines = source.read_text().splitlines()
        starts = [i for i, ln in enumerate(lines) if ln.startswith(f"#define {lst}(X)")]
        if not starts:
            raise SystemExit(f"gen_detail_text: no #define {lst}(X) in {source.name}")
        for start in starts:
            i = start + 1
            while i < len(lines) and lines[i - 1].rstrip().endswith("\\"):
                m = re.match(r"\s*X\((\w+), (.*)\)(?: \\)?$", lines[i])
                i += 1
                if m is None:
                    continue
                rows.append(Row(m.group(1), split_parts(m.group(1), m.group(2)), lst))
    names = [(r.lst == STATUS_LIST, r.name) for r in rows]
    dup = [n for (_, n), c in Counter(names).items() if c > 1]
    if dup:
        raise SystemExit(f"gen_detail_text: rows named twice: {dup}")
    return rows


def split_parts(name: str, text: str) -> list[str | tuple[str]]:
    parts: list[str | tuple[str]] = []
    pos = 0
    for m in LITERAL.finditer(text):
        between = text[pos : m.start()].strip()
        if between:
            parts.append((between,))
        lit = m.group(1)
        if "\\" in lit or any(ord(c) >= 0x80 for c in lit):
            raise SystemExit(f"gen_detail_text: row {name}: escapes and non-ASCII text cannot be packed")
        parts.append(lit)
        pos = m.end()
    rest = text[pos:].strip()
    if rest:
        parts.append((rest,))
    return parts


# Pair codes: entry k of MW_DETAIL_PAIRS is byte k ^ 0x80, so 0x80-0xff are
# entries 0-127 and 0x01-0x1f entries 129-159 (entry 128 would be NUL, which
# ends a text: never used). The texts' own characters are printable ASCII.
CODES = [k for k in range(160) if k != 128]
# Unpacking recurses once per level of nesting (errors.c): kept shallow.
MAX_DEPTH = 6


def choose_pairs(seqs: list[list[int]]) -> tuple[list[tuple[int, int]], list[list[int]]]:
    """Greedy byte-pair encoding: the most frequent adjacent pair (ties: the
    smallest bytes) becomes the next code while it occurs at least three times."""
    pairs: list[tuple[int, int]] = []
    depth: dict[int, int] = {}
    for k in CODES:
        counts: Counter[tuple[int, int]] = Counter()
        for s in seqs:
            for i in range(len(s) - 1):
                counts[(s[i], s[i + 1])] += 1
        ok = [(n, ab) for ab, n in counts.items() if n >= 3 and max(depth.get(x, 0) for x in ab) < MAX_DEPTH]
        if not ok:
            break
        n, (a, b) = min(ok, key=lambda t: (-t[0], t[1]))
        code = k ^ 0x80
        depth[code] = 1 + max(depth.get(a, 0), depth.get(b, 0))
        pairs.append((a, b))
        seqs = [replace_pair(s, a, b, code) for s in seqs]
    return pairs, seqs


def replace_pair(s: list[int], a: int, b: int, code: int) -> list[int]:
    out: list[int] = []
    i = 0
    while i < len(s):
        if i + 1 < len(s) and s[i] == a and s[i + 1] == b:
            out.append(code)
            i += 2
        else:
            out.append(s[i])
            i += 1
    return out


def unpack(b: bytes, pairs: list[tuple[int, int]]) -> str:
    """What errors.c's mw_detail_unpack does, for the generator's own check."""
    out = []
    for c in b:
        stack = [c]
        while stack:
            x = stack.pop()
            k = x ^ 0x80
            if k < len(pairs) + (k > 128):
                a, y = pairs[CODES.index(k)]
                stack += [y, a]
            else:
                out.append(chr(x))
    return "".join(out)


def c_string(b: bytes) -> str:
    out = []
    for c in b:
        if c >= 0x80 or c < 0x20:
            out.append(f"\\{c:03o}")  # octal: never swallows the next character
        elif chr(c) in '"\\?':
            out.append("\\" + chr(c))
        else:
            out.append(chr(c))
    return '"' + "".join(out) + '"'


def render() -> str:
    rows = read_rows()
    lits = [p for r in rows for p in r.parts if isinstance(p, str) and p]
    if any(ord(c) < 0x20 for p in lits for c in p):
        raise SystemExit("gen_detail_text: control characters cannot be packed")
    counted = [p for r in rows if r.lst not in UNCOUNTED for p in r.parts if isinstance(p, str) and p]
    pairs, packed_seqs = choose_pairs([list(p.encode()) for p in counted])
    packed_of = dict(zip(counted, (bytes(s) for s in packed_seqs)))
    for p in lits:
        if p not in packed_of:
            seq = list(p.encode())
            for k, (a, b) in zip(CODES, pairs):
                seq = replace_pair(seq, a, b, k ^ 0x80)
            packed_of[p] = bytes(seq)
    plain = packed = 0
    defs = []
    for r in rows:
        cparts = []
        for p in r.parts:
            if isinstance(p, str):
                if not p:
                    continue
                b = packed_of[p]
                if unpack(b, pairs) != p:
                    raise SystemExit(f"gen_detail_text: row {r.name} does not unpack to its text")
                plain += len(p)
                packed += len(b)
                cparts.append(c_string(b))
            else:
                cparts.append(p[0])
        prefix = "MW_SP_" if r.lst == STATUS_LIST else "MW_DP_"
        defs.append(f"#define {prefix}{r.name} {' '.join(cparts) or chr(34) * 2}")
    table = [pairs[CODES.index(k)] if k in CODES[: len(pairs)] else (0, 0) for k in range(CODES[len(pairs) - 1] + 1)]
    lines = [
        "// SPDX-License-Identifier: MIT",
        "// Generated by scripts/gen_detail_text.py from mw_int.h's MW_DETAIL_LIST,",
        "// MW_DETAIL_UNLOWER, MW_DETAIL_OPS, MW_DETAIL_NAMES and MW_DETAIL_MAP and mw.h's MW_STATUS_LIST (MW_SP_*):",
        "// do not edit; rerun it when a row changes",
        "// (tests/host/test_detail_text.py checks it is current).",
        "// Each row's text packed by byte pairs: byte c with c ^ 0x80 below",
        "// MW_DETAIL_NPAIRS stands for the two bytes of MW_DETAIL_PAIRS' entry",
        f"// c ^ 0x80 (errors.c), nested at most {MAX_DEPTH} deep.",
        f"// {plain} bytes of text in {packed}, plus {2 * len(table)} of pairs.",
        f"#define MW_DETAIL_NPAIRS {len(table)}",
        "#define MW_DETAIL_PAIRS \\",
    ]
    for i in range(0, len(table), 8):
        lines.append("    " + c_string(bytes(x for ab in table[i : i + 8] for x in ab)) + " \\")
    lines += ["    /* end */", ""]
    lines += defs
    lines.append("")
    return "\n".join(lines)


def main() -> int:
    return generated_header.main(HEADER, render, "gen_detail_text.py", __doc__.splitlines()[0])


if __name__ == "__main__":
    sys.exit(main())
