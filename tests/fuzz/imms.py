# SPDX-License-Identifier: MIT
"""Immediates at the narrow code format's limits, against wasmtime: random
modules of small functions whose constants sit around the one-unit forms'
bounds (+-32768, 0xffff, 0x10000: CONST16 and its wide fallback), whose
shift and rotate counts are around 0, 15/16, 31/32, 63/64 and negative
(the I16 counts, the fused I32_SHL_SHR_U / I32_SHR_U_AND / I32_MUL_SHR_S),
multiplies feeding adds and subtracts (the MUL_ADD/MUL_SUB fusions), adds
and xors feeding adds and xors (I32_ADD3, I32_XOR3), two adds of constants in
a row (I32_ADD_IMM2), rotations by constants feeding xors (I32_ROTL_XOR),
shifts left by constants feeding ors (I32_SHL_OR), shifts by constants
feeding adds, ors and xors, i32 and i64 (MW_SHIFT_COMB_OP_LIST), divisions by constants
around 0, -1 and the 16-bit bounds (I32_DIV_S_IMM .., or the general op), i64
ops with constants around 32 bits sign-extended (I64_ADD_IMM .., or CONST64), and
memory-0 loads and stores with offsets around 16 bits (OFF16 or the wide
form) on a two-page memory, through the addresses' fused forms, two loads
in a row (LOAD32_U_PAIR) and read-modify-writes of a word (LOAD32_U_RMW). Each module
goes through diff.Differ (results bit for bit, trap kinds, memory bytes) in
each load mode.

usage: python3 -m fuzz.imms [--modules 50] [--seed 1] [--load eager,lazy,budget]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from fuzz import diff

K16 = [-32769, -32768, -32767, -1, 0, 1, 0x7FFE, 0x7FFF, 0x8000, 0x8001, 0xFFFF, 0x10000, 0x10001, -65536, -65537]
COUNTS = [0, 1, 7, 8, 15, 16, 17, 24, 31, 32, 33, 47, 63, 64, 65, 0x7FFF, 0x8000, 0xFFFF, 0x10000, -1, -31, -32]
# i64 constants around 32 bits sign-extended (I64_ADD_IMM .. or CONST64; I64_AND_IMM holds any)
K64 = [
    0x7FFFFFFF,
    -0x80000000,
    0x80000000,
    -0x80000001,
    0xFFFFFFFF,
    0x1FFFFFFFE,
    0x7FFFFFFFFFFFF,
    -0x100000000,
    -0x8000000000000000,
    0x7FFFFFFFFFFFFFFF,
]
MASKS = [0xFF, 0xFFFF, 0x7FFF, 0x8000, 0x10000, 0x1FFFF, 0xFFFFFFFF, 0x0F0F]
OFFS = [0, 1, 0x7FFE, 0x7FFF, 0x8000, 0x8001, 0xFFFE, 0xFFFF, 0x10000, 0x10001, 0x1FFF8, 0x1FFFF]
INT_OPS = [
    "add",
    "sub",
    "mul",
    "and",
    "or",
    "xor",
    "shl",
    "shr_s",
    "shr_u",
    "rotl",
    "rotr",
    "eq",
    "ne",
    "lt_s",
    "lt_u",
    "gt_s",
    "gt_u",
    "le_s",
    "le_u",
    "ge_s",
    "ge_u",
    "div_s",
    "div_u",
    "rem_s",
    "rem_u",
]
CMP = {"eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"}
LOADS = {
    "i32": ["i32.load", "i32.load8_s", "i32.load8_u", "i32.load16_s", "i32.load16_u"],
    "i64": ["i64.load", "i64.load8_s", "i64.load16_u", "i64.load32_s", "i64.load32_u"],
    "f32": ["f32.load"],
    "f64": ["f64.load"],
}
STORES = {
    "i32": ["i32.store", "i32.store8", "i32.store16"],
    "i64": ["i64.store", "i64.store32", "i64.store16"],
    "f32": ["f32.store"],
    "f64": ["f64.store"],
}


def _func(rng: random.Random, n: int) -> str:
    t = rng.choice(["i32", "i64"])
    k = rng.choice(K16 + COUNTS)
    x, y, z = "(local.get 0)", "(local.get 1)", "(local.get 2)"
    kind = rng.randrange(10)
    if kind == 0:  # a constant alone, selected, added to a parameter (CONST16 / wide)
        v = rng.choice(K16)
        return [
            f'(func (export "f{n}") (result {t}) ({t}.const {v}))',
            f'(func (export "f{n}") (param {t} i32) (result {t}) (select ({t}.const {v}) {x} {y}))',
            f'(func (export "f{n}") (param {t}) (result {t}) ({t}.add {x} ({t}.const {v})))',
        ][rng.randrange(3)]
    if kind == 1 and rng.random() < 0.3:  # two adds/subs of constants in a row (I32_ADD_IMM2), maybe dependent
        o1, o2 = rng.choice(["add", "sub"]), rng.choice(["add", "sub"])
        k1, k2 = rng.choice(K16), rng.choice(K16)
        src = rng.choice(["0", "1"])
        return (
            f'(func (export "f{n}") (param i32 i32) (result i32)'
            f" (local.set 0 (i32.{o1} {x} (i32.const {k1})))"
            f" (local.set 1 (i32.{o2} (local.get {src}) (i32.const {k2})))"
            f" (i32.xor (local.get 0) (i32.rotl (local.get 1) (i32.const 7))))"
        )
    if kind == 1:  # an op with a constant right or left operand
        op = rng.choice(INT_OPS)
        if t == "i64" and rng.random() < 0.4:
            k = rng.choice(K64)
        r = "i32" if op in CMP else t
        a, b = (x, f"({t}.const {k})") if rng.random() < 0.6 else (f"({t}.const {k})", x)
        return f'(func (export "f{n}") (param {t}) (result {r}) ({t}.{op} {a} {b}))'
    # a shift by a constant feeding an add, or, xor (MW_SHIFT_COMB_OP_LIST; and, sub: apart), either side
    if kind == 2 and rng.random() < 0.25:
        sh, comb = rng.choice(["shl", "shr_s", "shr_u"]), rng.choice(["add", "or", "xor", "and", "sub"])
        r = f"({t}.{sh} {x} ({t}.const {rng.choice(COUNTS)}))"
        e = f"({t}.{comb} {r} {y})" if rng.random() < 0.5 else f"({t}.{comb} {y} {r})"
        return f'(func (export "f{n}") (param {t} {t}) (result {t}) {e})'
    if kind == 2 and rng.random() < 0.3:  # a rotation (shift left) by a constant feeding an xor (or), either side
        sh, comb = rng.choice([("rotl", "xor"), ("rotr", "xor"), ("shl", "or")])  # I32_ROTL_XOR, I32_SHL_OR
        r = f"(i32.{sh} {x} (i32.const {rng.choice(COUNTS)}))"
        e = f"(i32.{comb} {r} {y})" if rng.random() < 0.5 else f"(i32.{comb} {y} {r})"
        return f'(func (export "f{n}") (param i32 i32) (result i32) {e})'
    if kind == 2:  # shift pairs ((a << k1) >> k2), a shift then a mask
        k1, k2, m = rng.choice(COUNTS), rng.choice(COUNTS), rng.choice(MASKS)
        inner = rng.choice(["shl", "shr_u", "shr_s", "rotl"])
        outer = rng.choice(["shr_u", "shr_s", "shl", "rotr"])
        e = f"({t}.{outer} ({t}.{inner} {x} ({t}.const {k1})) ({t}.const {k2}))"
        if rng.random() < 0.4:
            e = f"({t}.and ({t}.shr_u {x} ({t}.const {k1})) ({t}.const {m}))"
        return f'(func (export "f{n}") (param {t}) (result {t}) {e})'
    if kind == 3:  # (a * b) >> k, the count from a parameter too
        c = f"({t}.const {rng.choice(COUNTS)})" if rng.random() < 0.7 else z
        op = rng.choice(["shr_s", "shr_u"])
        return f'(func (export "f{n}") (param {t} {t} {t}) (result {t}) ({t}.{op} ({t}.mul {x} {y}) {c}))'
    if kind == 4 and rng.random() < 0.3:  # an add or xor feeding an add or xor (I32_ADD3, I32_XOR3), either side
        ops = [rng.choice(["add", "xor", "sub"]) for _ in range(3)]
        e = f"(i32.{ops[0]} {x} {y})"
        e = f"(i32.{ops[1]} {e} {z})" if rng.random() < 0.5 else f"(i32.{ops[1]} {z} {e})"
        if rng.random() < 0.3:  # a third in the chain
            e = f"(i32.{ops[2]} {e} {x})"
        return f'(func (export "f{n}") (param i32 i32 i32) (result i32) {e})'
    if kind == 4:  # multiply feeding an add or subtract, either side
        ft = rng.choice(["i32", "i64", "f32", "f64"])
        op = rng.choice(["add", "sub"])
        a, b = (f"({ft}.mul {x} {y})", z) if rng.random() < 0.5 else (z, f"({ft}.mul {x} {y})")
        if ft in ("i32", "i64"):
            return f'(func (export "f{n}") (param {ft} {ft} {ft}) (result {ft}) ({ft}.{op} {a} {b}))'
        # a NaN's sign and payload may differ (Wasm: any arithmetic NaN): canonical
        return (
            f'(func (export "f{n}") (param {ft} {ft} {ft}) (result {ft}) (local {ft})'
            f" (local.set 3 ({ft}.{op} {a} {b}))"
            f" (select ({ft}.const nan) (local.get 3) ({ft}.ne (local.get 3) (local.get 3))))"
        )
    # memory 0 at offsets around 16 bits; the address masked into the memory,
    # plain, plus a constant, or plus a parameter (the fused address forms)
    vt = rng.choice(["i32", "i64", "f32", "f64"])
    lo, so = rng.choice(OFFS), rng.choice(OFFS)
    mask = rng.choice([0x1FFFF, 0xFFFF, 0x7FFF, 0xFFFFFFFF])
    addr = [
        f"(i32.and {x} (i32.const {mask}))",
        f"(i32.add (i32.and {x} (i32.const {mask})) (i32.const {rng.choice(K16)}))",
        f"(i32.add (i32.and {x} (i32.const 0xffff)) (i32.and {y} (i32.const 0xff)))",
    ][rng.randrange(3)]
    if kind == 8:  # two i32 loads in a row (LOAD32_U_PAIR), the second's address from the first
        o1, o2 = rng.choice(OFFS), rng.choice(OFFS)
        second = rng.choice([addr, f"(i32.and (local.get 2) (i32.const {mask}))"])
        return (
            f'(func (export "f{n}") (param i32 i32) (result i32) (local i32)'
            f" (local.set 2 (i32.load offset={o1} {addr}))"
            f" (i32.{rng.choice(['add', 'xor', 'sub'])} (local.get 2) (i32.load offset={o2} {second})))"
        )
    if kind == 9:  # read-modify-write of one word (LOAD32_U_RMW), then the word
        a = f"(i32.and {x} (i32.const {mask}))"
        op = rng.choice(["add", "sub"])
        k = rng.choice(K16)
        return (
            f'(func (export "f{n}") (param i32 i32) (result i32) (local i32)'
            f" (local.set 2 {a})"
            f" (i32.store offset={so} (local.get 2)"
            f" (i32.{op} (i32.load offset={so} (local.get 2)) (i32.const {k})))"
            f" (i32.load offset={so} (local.get 2)))"
        )
    if kind == 5:
        ld = rng.choice(LOADS[vt])
        return f'(func (export "f{n}") (param i32 i32) (result {vt}) ({ld} offset={lo} {addr}))'
    st = rng.choice(STORES[vt])
    ld = rng.choice(LOADS[vt])
    if kind == 6:  # a stored value from a parameter
        return (
            f'(func (export "f{n}") (param i32 i32 {vt}) (result {vt})'
            f" ({st} offset={so} {addr} {z}) ({ld} offset={lo} {addr}))"
        )
    kv = rng.choice(K16) if vt in ("i32", "i64") else "1.5"
    return (
        f'(func (export "f{n}") (param i32 i32) (result {vt})'
        f" ({st} offset={so} {addr} ({vt}.const {kv})) ({ld} offset={lo} {addr}))"
    )


def module(rng: random.Random, funcs: int = 24) -> str:
    body = "\n  ".join(_func(rng, n) for n in range(funcs))
    data = "".join(f"\\{rng.randrange(256):02x}" for _ in range(64))
    return (
        f'(module\n  (memory (export "mem") 2 2)\n  (data (i32.const 0xfff0) "{data}")\n'
        f'  (data (i32.const 0x1ffc0) "{data}")\n  {body})'
    )


def run(modules: int, seed: int, loads: list[str], out: Path = diff.OUT / "findings") -> diff.Stats:
    return diff.run_generated("imms", module, modules, seed, loads, out)


def main() -> int:
    return diff.generator_main(__doc__, run)


if __name__ == "__main__":
    sys.exit(main())
