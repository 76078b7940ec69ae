# SPDX-License-Identifier: MIT
"""Sessions 9-10's fused ops and far branches against wasmtime: random modules
whose functions have the shapes those lowerings match, with edge values.

- a float add or subtract whose result goes straight to a store (F32_ADD_XV ..
  F64_SUB_XV), through local.tee or not, the address in or out of bounds,
  operands from parameters or constants (NaN payloads, -0.0, denormals,
  infinities, the largest finite);
- i64 multiply-add chains (I64_MUL_ADD, I64_MUL_ADD2): `acc += a * b` links on
  the stack or through a local, either operand order, the accumulator as a
  factor, a local.set of a link in the middle (split back), constants that
  wrap;
- f32 -> f64 promote feeding an f64.add or f64.mul (F64_ADD_PROMOTE,
  F64_MUL_PROMOTE) on either side, one promote read twice;
- i64 rotates and shifts by constants feeding xors and ors (SHA-512's sigmas),
  i64 ops with constants around the 32-bit sign-extended edge and the 16-bit
  ones (I64_ADD_IMM .. I64_ROTL_IMM, CONST64), on either side;
- any of these with its operands and result in locals around slot 255 (the
  slot pairs of the binary and _IMM ops, lower_emit.c emit_wide);
- loads and stores of 1, 2 and 4 bytes (signed and unsigned, i32 and i64) at
  offsets around 64 KiB and the memory's end, in frames around slot 255:
  memory 0's wide rows (LOAD8_S_W .. STORE16_W), the access itself, a trap;
- functions with nested blocks, loops, if/else, br, br_if and br_table, the
  branches carrying values (one or two, i32 and i64) with values beneath them
  on the stack, every i32 compare (and the and-test) as the condition, and
  filler between a branch and its label, some of it around 32 K code units so
  far lowering (JMP_FAR, islands) runs: in --far modules, most functions; in
  the others every distance is short.

Float results that may be a NaN of either operand (F64_*_PROMOTE, Wasm 4.3.3)
are canonicalized; the float stores are compared bit for bit (the fused op
must give the plain op's bits). Each module goes through diff.Differ (results,
traps, memory) in each load mode.

usage: python3 -m fuzz.fusions [--modules 50] [--seed 1] [--load eager,lazy,budget] [--far-every 4]
"""

from __future__ import annotations

import argparse
import random
import struct
import subprocess
import sys
from pathlib import Path

from fuzz import diff

# f32 / f64 edge bits: zeros, denormals, the smallest normal, one, the largest
# finite, infinities, quiet and signalling NaNs with payloads, both signs
F32 = [
    0x00000000,
    0x80000000,
    0x00000001,
    0x807FFFFF,
    0x00800000,
    0x3F800000,
    0xBF800000,
    0x7F7FFFFF,
    0xFF7FFFFF,
    0x7F800000,
    0xFF800000,
    0x7FC00000,
    0xFFC00000,
    0x7FA00001,
    0x7F800001,
    0xFFBFFFFF,
    0x4B000001,
    0x33800000,
]
F64 = [
    0x0,
    0x8000000000000000,
    0x1,
    0x800FFFFFFFFFFFFF,
    0x0010000000000000,
    0x3FF0000000000000,
    0xBFF0000000000000,
    0x7FEFFFFFFFFFFFFF,
    0xFFEFFFFFFFFFFFFF,
    0x7FF0000000000000,
    0xFFF0000000000000,
    0x7FF8000000000000,
    0xFFF8000000000000,
    0x7FF4000000000001,
    0x7FF0000000000001,
    0x4330000000000001,
    0x3CA0000000000000,
]
K64 = [
    0,
    1,
    -1,
    0x7FFF,
    0x8000,
    -0x8000,
    -0x8001,
    0xFFFF,
    0x10000,
    0x7FFFFFFF,
    -0x80000000,
    0x80000000,
    -0x80000001,
    0xFFFFFFFF,
    0x100000000,
    0x1FFFFFFFE,
    -0x100000000,
    0xFC000000,
    0x7FFFFFFFFFFFFFFF,
    -0x8000000000000000,
    0x5555555555555555,
]
COUNTS64 = [0, 1, 7, 8, 14, 18, 19, 28, 31, 32, 33, 34, 39, 41, 61, 63, 64, 65, 127, 128, -1, -8, -63, -64]
OFFS = [0, 4, 8, 0x7FF8, 0x8000, 0xFFF8, 0xFFFC, 0x10000, 0x1FFF8]
I64_OPS = ["add", "sub", "mul", "and", "or", "xor", "shl", "shr_s", "shr_u", "rotl", "rotr"]
CMP32 = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"]


def fconst(t: str, bits: int) -> str:
    """A float constant with exactly these bits (NaN payloads kept)."""
    w = 32 if t == "f32" else 64
    sign = "-" if bits >> (w - 1) else ""
    exp_all = (0xFF << 23) if w == 32 else (0x7FF << 52)
    frac = bits & ((1 << (23 if w == 32 else 52)) - 1)
    if bits & exp_all == exp_all:
        return f"({t}.const {sign}{'inf' if frac == 0 else f'nan:{frac:#x}'})"
    v = struct.unpack("<f", struct.pack("<I", bits))[0] if w == 32 else struct.unpack("<d", struct.pack("<Q", bits))[0]
    return f"({t}.const {v.hex()})"


class Slots:
    """A function's operands: parameters, or locals they are copied into
    first, placed around slot 255 (then the pattern's stack slots are past
    it too)."""

    def __init__(self, rng: random.Random, params: list[str]) -> None:
        self.params = params
        self.high = rng.random() < 0.4
        self.pad = rng.randrange(244, 262) - len(params) if self.high else 0
        self.extra: list[str] = []  # locals after the pad
        self.prologue = ""
        self.gets = [f"(local.get {i})" for i in range(len(params))]
        if self.high:
            for i, t in enumerate(params):
                j = self.local(t)
                self.prologue += f" (local.set {j} (local.get {i}))"
                self.gets[i] = f"(local.get {j})"

    def local(self, t: str) -> int:
        """A new local of type t; its index."""
        self.extra.append(t)
        return len(self.params) + self.pad + len(self.extra) - 1

    def decl(self) -> str:
        pad = f" (local {' '.join(['i32'] * self.pad)})" if self.pad else ""
        extra = f" (local {' '.join(self.extra)})" if self.extra else ""
        return pad + extra


def _func(n: int, params: list[str], results: list[str], s: Slots, body: str) -> str:
    ps = " ".join(params)
    rs = " ".join(results)
    return f'(func (export "f{n}") (param {ps}) (result {rs}){s.decl()}\n   {s.prologue}\n   {body})'


def float_store(rng: random.Random, n: int) -> str:
    """F32/F64_ADD_XV, _SUB_XV: x = a op b stored at once (maybe through local.tee)."""
    t = rng.choice(["f32", "f64"])
    edges = F32 if t == "f32" else F64
    s = Slots(rng, ["i32", t, t])
    addr, pa, pb = s.gets

    def operand(p: str) -> str:
        r = rng.random()
        if r < 0.1:  # the zeros, whose sums' signs are the corner (-0 + -0, -0 - 0)
            return fconst(t, rng.choice([0, 1 << (31 if t == "f32" else 63)]))
        if r < 0.25:  # a zero of p's sign, not a constant: since the float _IMM ops
            # (80f4796) an add of a constant is F*_ADD_IMM, not the fused store
            return f"({t}.copysign ({t}.const 0) {p})"
        return fconst(t, rng.choice(edges)) if r < 0.45 else p

    mask = rng.choice([0xFFF8, 0xFFF8, 0xFFF8, 0x1FFF8, 0xFFFFFFF8])  # two pages: in bounds, near the end, beyond
    addr_e = f"(i32.and {addr} (i32.const {mask}))"
    if rng.random() < 0.3:  # the address a local written by the address computation
        p = s.local("i32")
        addr_e = f"(local.tee {p} {addr_e})"
    body, ret = [], ""
    q = s.local(t)
    for i in range(rng.randrange(1, 5)):
        a, b = operand(pa), operand(pb)
        if rng.random() < 0.2:  # two zeros of the parameters' signs: a sum of -0.0 now and then
            a, b = (f"({t}.copysign ({t}.const 0) {p})" for p in (pa, pb))
        if rng.random() < 0.3:
            a, b = b, a
        val = f"({t}.{rng.choice(['add', 'sub'])} {a} {b})"
        off = rng.choice(OFFS) + 8 * i
        if i == 0 or rng.random() < 0.3:
            ret = f"({t}.load offset={off} (i32.and {addr} (i32.const {mask})))"
        if rng.random() < 0.4:  # x a local as well as the stored value (local.tee)
            x = s.local(t)
            val = f"(local.tee {x} {val})"
            ret = f"(local.get {x})"
        if rng.random() < 0.1:  # the bits stored as an integer (no fusion)
            val = f"({'i32' if t == 'f32' else 'i64'}.reinterpret_{t} {val})"
            st = "i32.store" if t == "f32" else "i64.store"
        else:
            st = f"{t}.store"
        body.append(f"({st} offset={off} {addr_e if i == 0 else f'(i32.and {addr} (i32.const {mask}))'} {val})")
        # A NaN of two NaN operands may be either's, of a signalling one any
        # arithmetic NaN (Wasm 4.3.3): the stored value read back and a NaN
        # made canonical at once, before a later store can trap (seed 1210
        # n=6: a store out of bounds left the NaN of nan:0x4000000000001 +
        # nan, the small profile's plain F64_ADD taking the other operand's);
        # the sign of a zero, the denormals, the roundings stay exact.
        at = f"offset={off} (i32.and {addr} (i32.const {mask}))"
        body.append(
            f"(local.set {q} ({t}.load {at})) (if ({t}.ne (local.get {q}) (local.get {q}))"
            f" (then ({t}.store {at} ({t}.const nan))))"
        )
    body.append(f"(local.set {q} {ret})")
    ret = f"(select ({t}.const nan) (local.get {q}) ({t}.ne (local.get {q}) (local.get {q})))"
    return _func(n, ["i32", t, t], [t], s, " ".join(body) + " " + ret)


NARROW_LOADS = [f"{t}.load{w}_{x}" for t in ("i32", "i64") for w in (8, 16, 32) for x in "su" if (t, w) != ("i32", 32)]
NARROW_STORES = ["i32.store8", "i32.store16", "i64.store8", "i64.store16", "i64.store32"]


def narrow_access(rng: random.Random, n: int) -> str:
    """Loads and stores narrower than their type at offsets over 65535 or in a
    frame over 256 slots (the wide rows), the others in place, some past the end."""
    s = Slots(rng, ["i32", "i64"])
    a, v = s.gets
    acc = s.local("i64")
    body = []
    for _ in range(rng.randrange(2, 7)):
        off = rng.choice(OFFS + [0xFFFF, 0x1FFFF])
        addr = f"(i32.and {a} (i32.const {rng.choice([0xFF, 0xFF, 0xFFFF, 0x1FFFF])}))"
        if rng.random() < 0.4:
            st = rng.choice(NARROW_STORES)
            val = v if st.startswith("i64") else f"(i32.wrap_i64 {v})"
            body.append(f"({st} offset={off} {addr} {val})")
            continue
        ld = rng.choice(NARROW_LOADS)
        e = f"({ld} offset={off} {addr})"
        if ld.startswith("i32"):  # its sign, if any, as the slot holds it
            e = f"(i64.extend_i32_{rng.choice('su')} {e})"
        body.append(f"(local.set {acc} (i64.add (i64.rotl (local.get {acc}) (i64.const 7)) {e}))")
    return _func(n, ["i32", "i64"], ["i64"], s, " ".join(body) + f" (local.get {acc})")


def mul_chain(rng: random.Random, n: int) -> str:
    """I64_MUL_ADD / I64_MUL_ADD2: sums of products, the accumulator a factor too."""
    s = Slots(rng, ["i64", "i64", "i64", "i64"])
    acc, tmp = s.local("i64"), s.local("i64")
    vals = s.gets + [f"(local.get {acc})", f"(local.get {tmp})"]

    def factor() -> str:
        return f"(i64.const {rng.choice(K64)})" if rng.random() < 0.15 else rng.choice(vals)

    out = [f"(local.set {acc} {rng.choice(s.gets)})", f"(local.set {tmp} {rng.choice(s.gets)})"]
    if rng.random() < 0.5:  # on the stack: ((a*b + c*d) + e*f) ...
        e = f"(i64.mul {factor()} {factor()})"
        for _ in range(rng.randrange(1, 7)):
            m = f"(i64.mul {factor()} {factor()})"
            e = f"(i64.add {e} {m})" if rng.random() < 0.7 else f"(i64.add {m} {e})"
        out.append(f"(local.set {acc} (i64.add (local.get {acc}) {e}))")
    else:  # through the local: acc = acc + a*b, link by link
        for _ in range(rng.randrange(2, 9)):
            m = f"(i64.mul {factor()} {factor()})"
            e = f"(i64.add (local.get {acc}) {m})" if rng.random() < 0.7 else f"(i64.add {m} (local.get {acc}))"
            r = rng.random()
            if r < 0.15:  # a link's result kept elsewhere (a local.set in the chain: split)
                out.append(f"(local.set {tmp} {e})")
            elif r < 0.25:
                out.append(f"(local.set {acc} (local.tee {tmp} {e}))")
            else:
                out.append(f"(local.set {acc} {e})")
    ret = f"(i64.xor (local.get {acc}) (i64.rotl (local.get {tmp}) (i64.const 17)))"
    return _func(n, ["i64"] * 4, ["i64"], s, " ".join(out) + " " + ret)


def promote(rng: random.Random, n: int) -> str:
    """F64_ADD_PROMOTE / F64_MUL_PROMOTE: a (op) promote(b), either side, chained."""
    s = Slots(rng, ["f64", "f32", "f32"])
    a, b, c = s.gets
    if rng.random() < 0.2:
        a = fconst("f64", rng.choice(F64))
    e = a
    for _ in range(rng.randrange(1, 4)):
        src = rng.choice([b, c, fconst("f32", rng.choice(F32))])
        p = f"(f64.promote_f32 {src})"
        op = rng.choice(["add", "mul", "sub"])
        e = f"(f64.{op} {e} {p})" if rng.random() < 0.75 else f"(f64.{op} {p} {e})"
    r = s.local("f64")
    body = f"(local.set {r} {e})"
    if rng.random() < 0.3:  # one promote read twice (no fusion may take it)
        q = s.local("f64")
        body += (
            f" (local.set {q} (f64.promote_f32 {b}))"
            f" (local.set {r} (f64.add (local.get {r}) (f64.mul (local.get {q}) (local.get {q}))))"
        )
    if rng.random() < 0.3:  # to a store: the sum's bits in memory, then canonical
        q = s.local("f64")
        body += f" (f64.store (i32.const 16) (f64.add (local.get {r}) (f64.promote_f32 {c})))"
        body += (
            f" (local.set {q} (f64.load (i32.const 16))) (f64.store (i32.const 16)"
            f" (select (f64.const nan) (local.get {q}) (f64.ne (local.get {q}) (local.get {q}))))"
        )
    # two NaN operands may give either (Wasm 4.3.3): canonical NaN
    ret = f"(select (f64.const nan) (local.get {r}) (f64.ne (local.get {r}) (local.get {r})))"
    return _func(n, ["f64", "f32", "f32"], ["f64"], s, f"{body} {ret}")


def rot_xor64(rng: random.Random, n: int) -> str:
    """i64 rotates and shifts by constants feeding xors and ors (SHA-512's sigmas)."""
    s = Slots(rng, ["i64", "i64"])
    x, y = s.gets

    def term() -> str:
        sh = rng.choice(["rotl", "rotr", "shl", "shr_u", "shr_s"])
        return f"(i64.{sh} {rng.choice([x, y])} (i64.const {rng.choice(COUNTS64)}))"

    e = term()
    for _ in range(rng.randrange(1, 4)):
        comb = rng.choice(["xor", "or", "xor", "add", "and"])
        e = (
            f"(i64.{comb} {e} {term() if rng.random() < 0.8 else y})"
            if rng.random() < 0.6
            else f"(i64.{comb} {term()} {e})"
        )
    r = s.local("i64")
    return _func(n, ["i64", "i64"], ["i64"], s, f"(local.set {r} {e}) (local.get {r})")


def imm64(rng: random.Random, n: int) -> str:
    """i64 ops with a constant either side, around 16 and 32 bits sign-extended."""
    s = Slots(rng, ["i64"])
    (x,) = s.gets
    e = x
    for _ in range(rng.randrange(1, 4)):
        op = rng.choice(I64_OPS + ["eq", "lt_u", "ge_s"])
        k = f"(i64.const {rng.choice(K64 + COUNTS64)})"
        e = f"(i64.{op} {e} {k})" if rng.random() < 0.75 else f"(i64.{op} {k} {e})"
        if op in ("eq", "lt_u", "ge_s"):
            e = f"(i64.extend_i32_u {e})"
    r = s.local("i64")
    return _func(n, ["i64"], ["i64"], s, f"(local.set {r} {e}) (local.get {r})")


def binops(rng: random.Random, n: int) -> str:
    """Binary ops of every type on slots around 255 (slot pairs, emit_wide)."""
    t = rng.choice(["i32", "i64", "f32", "f64"])
    s = Slots(rng, [t, t])
    x, y = s.gets
    ops = {
        "i32": ["add", "sub", "mul", "and", "xor", "shl", "rotr", "lt_s", "ge_u", "div_u"],
        "i64": ["add", "sub", "mul", "or", "shr_s", "rotl", "lt_u", "eq", "rem_s"],
        "f32": ["add", "sub", "mul", "div", "min", "max", "copysign"],
        "f64": ["add", "sub", "mul", "div", "min", "max", "copysign"],
    }[t]
    r = s.local(t)
    body = []
    for _ in range(rng.randrange(1, 5)):
        op = rng.choice(ops)
        a, b = rng.choice([x, y, f"(local.get {r})"]), rng.choice([x, y, f"(local.get {r})"])
        if op == "copysign":
            # a NaN an op made has either sign (Wasm 4.3.3), which copysign would
            # make a number's: the sign comes from a parameter (seed 1796551853:
            # -inf / -inf, max with a NaN, then copysign: +inf or -inf)
            b = rng.choice([x, y])
        e = f"({t}.{op} {a} {b})"
        if op in ("lt_s", "ge_u", "lt_u", "eq"):
            e = f"({t}.extend_i32_u {e})" if t == "i64" else e
        body.append(f"(local.set {r} {e})")
    ret = f"(local.get {r})"
    if t[0] == "f":
        ret = f"(select ({t}.const nan) {ret} ({t}.ne {ret} {ret}))"
    return _func(n, [t, t], [t], s, " ".join(body) + " " + ret)


# ---- far branches ------------------------------------------------------------------

# Each filler step is one _IMM op of 4 code units (I32_ADD_IMM "d a imm", or
# I32_XOR_IMM), so 8,191 of them put a label 32 K units away (test_far_branches).
FAR_PADS = (7600, 9400)  # around the limit and MW_FAR_MARGIN (2,048 units) either side
NEAR_PADS = (0, 40)


class Far:
    """A function of nested control whose branches (some of them farther than
    32 K units) carry values; it returns what it computed in acc."""

    def __init__(self, rng: random.Random, far: bool, far_pads: tuple[int, int] = FAR_PADS) -> None:
        self.rng = rng
        self.far = far
        self.far_pads = far_pads  # a far filler's steps (reach.py: around the threaded reach)
        self.pads = 0  # filler steps so far (bounds the function)
        self.high = rng.random() < 0.3
        self.pad_locals = rng.randrange(248, 258) if self.high else 0
        base = 2 + self.pad_locals
        self.acc, self.w, self.cnt = base, base + 1, base + 2  # i32, i64, loop counters i32 x4
        self.loops = 0

    def filler(self) -> str:
        lo, hi = self.far_pads if self.far and self.rng.random() < 0.35 and self.pads < 20000 else NEAR_PADS
        k = self.rng.randint(lo, hi)
        self.pads += k
        out = []
        for i in range(k):
            if i % 5 == 4:
                k = self.rng.randrange(1, 1 << 31)
                out.append(f"local.get {self.acc} i32.const {k} i32.xor local.set {self.acc}")
            else:
                out.append(f"local.get {self.acc} i32.const {2 * i + 1} i32.add local.set {self.acc}")
        if self.rng.random() < 0.3:
            out.append(f"local.get {self.w} i64.const {self.rng.choice(K64)} i64.add local.set {self.w}")
        return "\n".join(out)

    def cond(self) -> str:
        """An i32 condition from the selector (param 0) and acc: a plain value,
        eqz, an and-test, or any compare (each negated under far lowering)."""
        rng = self.rng
        r = rng.random()
        bit = f"i32.const {1 << rng.randrange(32)}"
        if r < 0.2:
            return f"local.get 0 {bit} i32.and"
        if r < 0.3:
            return f"local.get 0 {bit} i32.and i32.eqz"
        if r < 0.4:
            return "local.get 0 i32.eqz"
        if r < 0.7:
            return (
                f"local.get 0 i32.const {rng.choice([0, 1, -1, 5, 0x7FFF, -0x8000, 0x80000000, 1000])} "
                f"i32.{rng.choice(CMP32)}"
            )
        if r < 0.8:
            return f"local.get 0 local.get {self.acc} i32.{rng.choice(CMP32)}"
        if r < 0.9:
            # a float compare (the fused float compare-and-branch; far, its
            # negation: !(a < b) is not a >= b when a NaN is compared)
            t, g = rng.choice([("f64", "local.get 1 f64.reinterpret_i64"), ("f32", "local.get 0 f32.reinterpret_i32")])
            k = fconst(t, rng.choice(F32 if t == "f32" else F64))[1:-1]
            a, b = (g, k) if rng.random() < 0.6 else (k, g)
            return f"{a} {b} {t}.{rng.choice(['eq', 'ne', 'lt', 'gt', 'le', 'ge'])}" + (
                " i32.eqz" if rng.random() < 0.3 else ""
            )
        return f"local.get 1 i64.const {rng.choice(K64)} i64.{rng.choice(['eq', 'ne', 'lt_s', 'gt_u'])}"

    def vals(self, types: list[str]) -> str:
        return " ".join(
            f"local.get {self.acc} i32.const {self.rng.randrange(1 << 16)} i32.xor"
            if t == "i32"
            else f"local.get {self.w} i64.const {self.rng.choice(K64)} i64.add"
            for t in types
        )

    def consume(self, types: list[str]) -> str:
        """Fold the values a construct left into acc and w (last first)."""
        out = []
        for t in reversed(types):
            if t == "i32":
                out.append(f"local.get {self.acc} i32.const 7 i32.rotl i32.xor local.set {self.acc}")
            else:
                out.append(f"local.get {self.w} i64.xor local.set {self.w}")
        return "\n".join(out)

    def results(self) -> list[str]:
        return self.rng.choice([[], ["i32"], ["i32"], ["i64"], ["i32", "i64"]])

    def bt(self, types: list[str]) -> str:
        return f" (result {' '.join(types)})" if types else ""

    def stmts(self, depth: int) -> str:
        out = [self.filler()]
        for _ in range(self.rng.randrange(1, 4)):
            if depth < 3 and self.pads < 30000:
                out.append(self.construct(depth + 1))
            out.append(self.filler())
        return "\n".join(out)

    def construct(self, depth: int) -> str:
        rng = self.rng
        kind = rng.choice(["brif", "br", "ifelse", "loop", "table", "brif"])
        under = rng.random() < 0.3  # a value beneath the construct on the stack (moved slots)
        pre = f"local.get {self.acc} i32.const 3 i32.mul" if under else ""
        post = f"local.get {self.acc} i32.add local.set {self.acc}" if under else ""
        ts = self.results()
        drops = " ".join("drop" for _ in ts)
        if kind == "brif":
            # a value beneath the carried ones half the time: they move down to
            # the label's slots when taken (far: lower_branch.c far_islands)
            extra, gone = ("i32.const 5 ", " drop") if ts and rng.random() < 0.5 else ("", "")
            s = (
                f"block{self.bt(ts)}\n{extra}{self.vals(ts)} {self.cond()} br_if 0 {drops}{gone}\n"
                f"{self.stmts(depth)}\n{self.vals(ts)}\nend\n{self.consume(ts)}"
            )
        elif kind == "br":
            s = (
                f"block{self.bt(ts)}\n{self.cond()} if\n{self.vals(ts)} br 1\nend\n"
                f"{self.stmts(depth)}\n{self.vals(ts)}\nend\n{self.consume(ts)}"
            )
        elif kind == "ifelse":
            els = f"else\n{self.stmts(depth)}\n{self.vals(ts)}\n" if ts or rng.random() < 0.7 else ""
            s = f"{self.cond()} if{self.bt(ts)}\n{self.stmts(depth)}\n{self.vals(ts)}\n{els}end\n{self.consume(ts)}"
        elif kind == "loop" and self.loops < 4:
            c = self.cnt + self.loops
            self.loops += 1
            it = rng.randrange(1, 4)
            inner = self.stmts(depth)
            exit_if = ""
            if rng.random() < 0.4:  # a forward exit from inside the loop too
                exit_if = f"{self.cond()} br_if 1\n"
            s = (
                f"i32.const 0 local.set {c}\nblock\nloop\n{inner}\n{exit_if}"
                f"local.get {c} i32.const 1 i32.add local.tee {c} i32.const {it} i32.lt_u br_if 0\nend\nend"
            )
        else:
            # br_table over k+1 nested blocks, each taking the value types ts
            k = rng.randrange(1, 5)
            labels = [rng.randrange(k + 1) for _ in range(rng.randrange(1, 6))]
            sel = rng.choice(
                ["local.get 0", "local.get 0 i32.const 3 i32.and", f"local.get {self.acc} i32.const 7 i32.rem_u"]
            )
            s = self.table_blocks(ts, k, sel, labels, depth)
        return "\n".join(x for x in (pre, s, post) if x)

    def table_blocks(
        self, ts: list[str], k: int, sel: str, labels: list[int], depth: int, default: bool = False
    ) -> str:
        """A br_table (`labels`, its last the default unless `default` draws
        one more) selected by `sel` over k + 1 nested blocks, each taking the
        value types ts; ts on the stack in each: consumed, stmts (fillers past
        the second), new ts, a branch out of all now and then."""
        s = "".join(f"block{self.bt(ts)}\n" for _ in range(k + 1))
        vals = self.vals(ts)
        more = f" {self.rng.randrange(k + 1)}" if default else ""
        s += f"{vals} {sel} br_table {' '.join(map(str, labels))}{more}\nend\n"
        for j in range(k):
            s += f"{self.consume(ts)}\n{self.stmts(depth) if j < 2 else self.filler()}\n{self.vals(ts)}\n"
            if self.rng.random() < 0.4:
                s += f"br {k - j - 1}\n"
            s += "end\n"
        return s + self.consume(ts)

    def func(self, n: int) -> str:
        body = self.stmts(0)
        decl = (
            f"(local {' '.join(['i32'] * self.pad_locals)})" if self.pad_locals else ""
        ) + " (local i32 i64 i32 i32 i32 i32)"
        return (
            f'(func (export "g{n}") (param i32 i64) (result i32) {decl}\n'
            f"local.get 1 local.set {self.w}\n{body}\n"
            f"local.get {self.acc} local.get {self.w} i32.wrap_i64 i32.xor\nlocal.get {self.w}"
            " i64.const 32 i64.shr_u i32.wrap_i64 i32.add)"
        )


GENS = [float_store, float_store, mul_chain, mul_chain, promote, rot_xor64, imm64, binops, narrow_access]


def module(rng: random.Random, far: bool, funcs: int = 16) -> str:
    body = [rng.choice(GENS)(rng, n) for n in range(funcs)]
    body += [Far(rng, far).func(n) for n in range(2 if far else 3)]
    data = "".join(f"\\{rng.randrange(256):02x}" for _ in range(64))
    return (
        f'(module\n  (memory (export "mem") 2 2)\n  (data (i32.const 0) "{data}")\n'
        f'  (data (i32.const 0x1ffc0) "{data}")\n  ' + "\n  ".join(body) + ")"
    )


def edge_arg(rng: random.Random, t: str) -> int:
    """Arguments: the float edges half the time (diff's picker has a few)."""
    if t in ("f32", "f64") and rng.random() < 0.5:
        return rng.choice(F32 if t == "f32" else F64)
    if t == "i64" and rng.random() < 0.3:
        return rng.choice(K64) & (1 << 64) - 1
    return diff._rand_arg(rng, t)


def run(modules: int, seed: int, loads: list[str], out: Path = diff.OUT / "findings", far_every: int = 4) -> diff.Stats:
    stats = diff.Stats()
    d = diff.Differ(diff.build_shim(), out, stats)
    d.rand_arg = edge_arg
    rng = random.Random(seed)
    parse = [diff.tool("wasm-tools"), "parse", "-"]
    for n in range(modules):
        far = far_every > 0 and n % far_every == far_every - 1
        wat = module(rng, far)
        data = subprocess.run(parse, input=wat.encode(), capture_output=True, check=True).stdout
        for load in loads:
            d.run(data, f"fusions seed={seed} n={n} far={far}", load)
    return stats


def _far_arg(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--far-every", type=int, default=4, help="every Nth module has far branches (0: none)")


def main() -> int:
    return diff.generator_main(__doc__, run, _far_arg)


if __name__ == "__main__":
    sys.exit(main())
