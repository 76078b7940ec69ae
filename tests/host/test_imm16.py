# SPDX-License-Identifier: MIT
"""The i32 _IMM ops and the compare-and-branch ops with a constant that fits 16 bits signed
carry it in one unit (format 41: I32_ADD_IMMH .., BR_EQ_IMMH .., mw_int.h MW_IMMH_OP_LIST);
lowering narrows them once a function's code is done (lower_narrow.c narrow_imm), every branch target
following the code as it closes up. A generated module computes each op with constants across
the 16-bit edges (an i32.sub's constant negated: 32768 narrows, -32768 does not), on slots
across the slot pair's 255/256 edge, a commutative op's constant on the left too (lower_emit.c
emit_wide in a frame over 256 slots), with branches over the narrowed ops both ways: the
images show the 16-bit form exactly where the constant fits, and every function returns what
Python computes, eager and lazy."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import host, images
from support.build import _wasm_tools

M = 0xFFFFFFFF
KS = (-32769, -32768, -32767, -1, 0, 1, 255, 256, 32767, 32768, 65535, 65536, 0x7FFFFFFF, -0x80000000)
XS = (0, 1, 2, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFF8000, 0xFFFFFFFF, 0x12345678)
# (locals, the local the operand is in): the result's stack slot is `locals`, so 1, 256, 301
# put the op's d a pair below and above 255 (lower_emit.c emit_wide above it)
FRAMES = ((1, 0), (256, 0), (256, 255), (301, 300))
# the constant on the left of a commutative op, the right operand computed (so it is the stack
# slot d + 1: lower_emit.c emit_wide's saved slot goes above it in a frame over 256 slots, the
# session 11 fix 6e7709d, which the narrowed twins must keep)
LEFT_FRAMES = ((1, 0), (301, 300))
# a compare fuses with br_if only where its d a fit the pair (d 255 here, with the loop's
# counter local: the edge); its branch's slot is a whole unit
BRANCH_FRAMES = ((1, 0), (254, 253))


def s32(v: int) -> int:
    v &= M
    return v - (1 << 32) if v & 0x80000000 else v


def fits16(k: int) -> bool:
    return -32768 <= s32(k) <= 32767


# arithmetic: (wasm op, python, wide op, 16-bit twin, the constant the twin carries)
ARITH = {
    "add": (lambda x, k: x + k, "I32_ADD_IMM", "I32_ADD_IMMH", lambda k: k),
    "sub": (lambda x, k: x - k, "I32_SUB_IMM", "I32_ADD_IMMH", lambda k: -k),
    "mul": (lambda x, k: x * k, "I32_MUL_IMM", "I32_MUL_IMMH", lambda k: k),
    "and": (lambda x, k: x & k, "I32_AND_IMM", "I32_AND_IMMH", lambda k: k),
    "or": (lambda x, k: x | k, "I32_OR_IMM", "I32_OR_IMMH", lambda k: k),
    "xor": (lambda x, k: x ^ k, "I32_XOR_IMM", "I32_XOR_IMMH", lambda k: k),
}
# branches: the condition of br_if, (python, wide op)
BRANCH = {
    "eq": (lambda x, k: x == k & M, "BR_EQ_IMM"),
    "ne": (lambda x, k: x != k & M, "BR_NE_IMM"),
    "lt_s": (lambda x, k: s32(x) < s32(k), "BR_LT_S_IMM"),
    "lt_u": (lambda x, k: x < k & M, "BR_LT_U_IMM"),
    "gt_s": (lambda x, k: s32(x) > s32(k), "BR_GT_S_IMM"),
    "gt_u": (lambda x, k: x > k & M, "BR_GT_U_IMM"),
    "le_s": (lambda x, k: s32(x) <= s32(k), "BR_LE_S_IMM"),
    "le_u": (lambda x, k: x <= k & M, "BR_LE_U_IMM"),
    "ge_s": (lambda x, k: s32(x) >= s32(k), "BR_GE_S_IMM"),
    "ge_u": (lambda x, k: x >= k & M, "BR_GE_U_IMM"),
    "andnz": (lambda x, k: x & k & M != 0, "BR_ANDNZ"),
    "andz": (lambda x, k: x & k & M == 0, "BR_ANDZ"),
}


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # an ARITH or BRANCH key
    k: int
    nlocals: int
    at: int
    left: bool = False  # (ARITH but sub) the constant on the left, the right operand computed

    @property
    def branch(self) -> bool:
        return self.kind in BRANCH

    def expect(self, x: int) -> int:
        if self.branch:
            return 1 if BRANCH[self.kind][0](x, self.k) else 2
        return ARITH[self.kind][0](x // 3 if self.left else x, self.k) & M

    def narrow(self) -> bool:
        """Whether lowering gives this op its 16-bit twin."""
        if self.branch:
            return fits16(self.k)
        return fits16(ARITH[self.kind][3](self.k))

    def ops(self) -> tuple[str, str]:
        """(wide op, 16-bit twin)."""
        if self.branch:
            wide = BRANCH[self.kind][1]
            return wide, wide + "H" if wide.endswith("Z") else wide.replace("_IMM", "_IMMH")
        return ARITH[self.kind][1], ARITH[self.kind][2]


def cases() -> list[Case]:
    out = []
    for kind in (*ARITH, *BRANCH):
        for k in KS:
            for nlocals, at in BRANCH_FRAMES if kind in BRANCH else FRAMES:
                out.append(Case(f"f{len(out)}", kind, k, nlocals, at))
            if kind in ARITH and kind != "sub":
                for nlocals, at in LEFT_FRAMES:
                    out.append(Case(f"f{len(out)}", kind, k, nlocals, at, left=True))
    return out


def func(c: Case) -> str:
    local = "(local i32)" * (c.nlocals - 1)
    head = f'(func (export "{c.name}") (param i32) (result i32) {local}\n'
    get = f"(local.get {c.at})"
    setup = f"(local.set {c.at} (local.get 0))\n" if c.at else ""
    k = f"(i32.const {s32(c.k)})"
    if c.branch:
        if c.kind in ("andnz", "andz"):
            cond = f"(i32.and {get} {k})"
            cond = f"(i32.eqz {cond})" if c.kind == "andz" else cond
        else:
            cond = f"(i32.{c.kind} {get} {k})"
        # a narrowed op between the branch and its label (forward) and in a loop that runs
        # once before it (backward, counter local n): both targets follow the code as it closes up
        n = c.nlocals
        head = head.replace("(result i32) ", "(result i32) (local i32) ", 1)
        return (
            head + setup + f"(local.set {n} (i32.const 3))\n"
            f"(loop $l (local.set {n} (i32.add (local.get {n}) (i32.const -1)))\n"
            f"  (br_if $l (i32.eq (local.get {n}) (i32.const 2))))\n"
            f"(block (br_if 0 {cond}) (local.set {n} (i32.add (local.get {n}) (i32.const 7)))"
            f" (return (i32.const 2)))\n"
            f"(i32.const 1))\n"
        )
    if c.left:
        # x / 3: an op of its own (I32_DIV_U_IMM, nothing fuses with it) into the stack slot,
        # a value that slot 0 (x) does not hold
        return head + setup + f"(i32.{c.kind} {k} (i32.div_u {get} (i32.const 3))))\n"
    return head + setup + f"(i32.{c.kind} {get} {k}))\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, list[Case]]:
    d = tmp_path_factory.mktemp("imm16")
    cs = cases()
    wat, wasm = d / "imm16.wat", d / "imm16.wasm"
    wat.write_text("(module\n" + "".join(func(c) for c in cs) + ")\n")
    subprocess.run([_wasm_tools(), "parse", str(wat), "-o", str(wasm)], check=True, timeout=120)
    return wasm, cs


def test_the_16_bit_form_exactly_where_the_constant_fits(built, tmp_path):
    wasm, cs = built
    img_path = tmp_path / "imm16.mwi"
    r = images.cross(wasm, img_path, "cortex-m")
    assert r.returncode == 0, r.stderr  # the code check passed too
    img = images.Image(bytearray(img_path.read_bytes()))
    seen = set()
    for i, c in enumerate(cs):
        wide, twin = c.ops()
        # the family's instructions carrying this case's constant ("d a imm" / "a imm target";
        # the branch functions' loop compares with 2, which KS does not hold)
        at = 1 if c.branch else 2
        got = [
            (op.name, s32(v[at]) if op.name == wide else s32(v[at] | (0xFFFF0000 if v[at] & 0x8000 else 0)))
            for _, op, v in img.instructions(i)
            if op.name in (wide, twin)
        ]
        if c.branch:
            got = [g for g in got if g[1] == s32(c.k)]
        want = (twin, s32(ARITH[c.kind][3](c.k)) if not c.branch else s32(c.k)) if c.narrow() else (wide, s32(c.k))
        assert got == [want], (c, got)
        seen.add((c.kind, c.narrow()))
    assert seen == {(kind, n) for kind in (*ARITH, *BRANCH) for n in (False, True)}
    assert {(c.kind, c.nlocals) for c in cs if c.left} == {(k, n) for k in ARITH if k != "sub" for n, _ in LEFT_FRAMES}


@pytest.mark.parametrize("lazy", [False, True])
def test_imm16_ops_compute_across_the_edges(built, lazy):
    wasm, cs = built
    exp = {c.name: [c.expect(x) for x in XS] for c in cs}
    code = (
        f"m = wasm.Module(open({str(wasm)!r}, 'rb').read(), lazy={lazy})\n"
        "i = wasm.Instance(m)\n"
        f"xs = {list(XS)!r}\n"
        f"for name in {[c.name for c in cs]!r}:\n"
        "    f = getattr(i.exports, name)\n"
        "    p([name, [f(x) & 0xffffffff for x in xs]])\n"
    )
    got = dict(host.run(code, timeout=300))
    bad = [(c, got.get(c.name), exp[c.name]) for c in cs if got.get(c.name) != exp[c.name]]
    assert not bad, bad[:5]
