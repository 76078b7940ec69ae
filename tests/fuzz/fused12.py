# SPDX-License-Identifier: MIT
"""Sessions 11-12's fused ops against wasmtime: random modules whose functions
have the shapes those lowerings match, with edge values. fusions.py's
companion (its Slots, constants and argument picker are shared).

- a float add, subtract or multiply with a constant (F32/F64_ADD_IMM,
  _MUL_IMM; x - k as x + (-k), a left constant of add/mul as the right one):
  NaN constants with payloads and signs (they must not fuse), both zeros,
  infinities, denormals, the largest finite, roundings; the constant on
  either side, chains, div/min/max/copysign among them (never fused);
- a product of a double and a promoted float added to a double on either
  side (F64_MUL_PROMOTE_ADD), a promoted float product added to a double
  (F64_ADD_PROMOTE_MUL; on the left or kept in a local: not fused), the
  promote on the left of the multiply (no fusion), the product kept in a local and read twice, accumulation through
  a local (a filter's sum), the accumulator a factor;
- i64 multiply-add chains on the stack whose factors are the accumulator's
  earlier value (I64_MUL_ADD2 with x or y = d where lowering allows it);
- i32 ops and compare-and-branch with constants across the 16-bit edges
  (-32769..-32768, 32767..32768, 65535..65536; the _IMMH twins), an i32.sub
  of -32768 (the add of 32768: wide), a constant on either side, in br_if,
  if, select, br_table selectors and loops;
- float compares feeding br_if / if / select, negated with i32.eqz (a NaN
  makes `!(a < b)` differ from `a >= b`), against constants and parameters;
- selects and clamps of a value against constants (libgsm's saturation),
  compare feeding select in every type, sign-extension shift pairs
  (shl k then shr_s k, k and another count);
- selects whose condition is an i32 compare or i32.and (of two values, or
  of a value and a constant at the edges where k + 1 wraps) and whose arms
  are other values of any type, slots or constants, typed or not, the
  result into a compared local (SELECT_EQ .. SELECT_LT_U_IMM);
- the same selects in a loop whose compared value walks across the other
  operand (a constant at the edges, or a parameter), so every call crosses
  the boundary where lt and le, or a wrong k + 1, differ;
- locals of every type read before any write, in a loop, block or if at
  the function's start (zeroed once on entry, not per iteration);
- limb carries (c + (a <u b)), xors rotated by constants and i64 rotations
  xored (session 13's MW_CARRY_ROT_OP_LIST);
- float read-modify-writes of memory (LOAD32_U_RMWF, LOAD64_RMWF: `*p +=
  x`, `*p = x - *p`, the loaded value on either side), the location first
  holding an edge value, the address in bounds, near the end or beyond (a
  trap stores nothing), the result tee'd, a load right before (a pair split
  again), near misses (another offset or address, a constant x);
- sums rotated by constants, then xored or added (Salsa20, MD5), rotations
  added (SHA-1), near misses (a teed sum, a sub, a count in a local, an i64
  sum: session 14's MW_ADD_ROT_OP_LIST);
- blocks and loops with a result, nested, whose ends a br_if names or not
  (only a named end is a label): the value made before the end and its
  consumer after it (session 15's lower_branch.c patch_chain);
- float loads feeding an f32 or f64 add, subtract, multiply (either side,
  at a static offset), a product then added, a promoted load multiplied or
  its product added to a double (session 15's MW_LOADF_FUSED), a branch
  landing on the op, and doubles demoted and stored (F32_DEMOTE_XV); the
  address in bounds, near the end or beyond (a trap);
- a C function's stack pointer moved and put back (global 0: clang's
  prologue and epilogue) and adds of constants set into a global, a branch
  landing on the global.set, a load before the add (session 17's
  I32_ADD_IMMH_GLOBAL_SET);
- session 16's rows (formats 50-52): an i32 or f32 load right before an
  i32.add, of a constant across the 16-bit edges or of other values, the
  load read or not (LOAD32_U_I32_ADD, _IMMH); a load of any type right
  before a store of it or of another value, the same bytes, overlapping or
  apart (LOAD32_U_STORE32, LOAD64_STORE64); both with the addresses in
  bounds, at the end or beyond, a branch landing on the op after the load,
  near misses (narrower loads and stores, a tee between); a function
  calling itself with its last argument or two a local, a parameter, a
  constant of any type or a block a br_if leaves (COPY_CALL_DEF,
  COPY2_CALL_DEF, CONST16_CALL_DEF);
- session 17's add of a constant right before a loop's compare-and-branch
  (format 53: I32_ADD_IMMH_BR_NE .. _BR_ADD_NZ): every compare, against a
  parameter, a local or a constant, backward or forward, reading the
  counter or not, a count down after the add, a branch landing on the test;
- session 18's loads whose result lands in their address's slot at offset
  0 (format 56: LOAD8_U_XD, LOAD32_U_XD, LOAD64_XD, LOAD8_U_XRD; format 63:
  LOAD16_U_XD, LOAD32_U_XMD; format 73: an i64.load32_u's I64_LOAD32_U_XD ..
  _XMD, an i64.load16_u's I64_LOAD16_U): an add of a constant, of two values or of an
  array element's scaled index right before the load, its result read by the
  op after it, a constant's byte or halfword stored there before (format 65:
  STORE8_K, STORE16_K); addresses in bounds, in the last bytes, beyond and wrapping
  past 2^32; near misses (an offset, the address teed and read after, the
  result set to a local, the load a block's value a br_if may give instead);
- session 21's sum plus a constant (format 66: I32_ADD_I32_ADD_IMMH): the
  constant across the 16-bit edges, on either side, the sum in a local read
  again, a branch landing on the add of the constant, the sum an address;
  near misses (a global.set or a loop's test after it, a load before);
  a store then a pointer's step (STORE8_I32_ADD_IMMH .. STORE64_): in
  bounds, in the last bytes, past the end, a branch landing on the step;
- session 23's value put in a local right before a jump (format 68:
  COPY_JMP, CONST16_JMP): an if's then arm, a br out of a block, a br_if
  landing on the jump, two values before it, an i64's constant;
- session 34's held-out bug (`stale_before`, lower_branch.c emit_cond): a
  loop whose back-edge is a bit test of a value teed from a load or a sum
  (BR_ANDZ / BR_ANDNZ), then, past 0-2 ends, an i32.eq / i32.ne of two
  values (a load on either side among them) into an if, a br_if or a select;
- session 39's pairs run as one row (format 75: LOAD32_U_COPY ..
  LOAD32_U_I32_ADD_MUL, I32_ADD_I32_ADD, COPY_LOAD32_U, STORE32_LOAD32_U,
  COPY2_COPY_CALL_DEF): the load, sum, copies or store, then its partner,
  the addresses in bounds, at the end or beyond;
- any of these with its operands in locals around slot 255 (Slots).

Float results that may be a NaN of either operand (Wasm 4.3.3) are made
canonical; the zeros' signs, denormals and roundings stay exact. Each module
goes through diff.Differ (results, traps, memory) in each load mode.

usage: python3 -m fuzz.fused12 [--modules 50] [--seed 1] [--load eager,lazy,budget]
"""

from __future__ import annotations

import random
import struct
import sys
from pathlib import Path

from fuzz import diff
from fuzz.fusions import F32, F64, K64, OFFS, Slots, _func, edge_arg, fconst

# i32 constants across the 16-bit edges and the 32-bit ones
K16E = [
    -65537,
    -65536,
    -65535,
    -32769,
    -32768,
    -32767,
    -1,
    0,
    1,
    2,
    0x7FFE,
    0x7FFF,
    0x8000,
    0x8001,
    0xFFFF,
    0x10000,
    0x10001,
    0x7FFFFFFF,
    -0x80000000,
]
# float constants besides fusions' edges: roundings (1/3, 0.1), halves, big and tiny ones
F32X = [
    0x3EAAAAAB,
    0x3DCCCCCD,
    0x3F000000,
    0xC0400000,
    0x4F000000,
    0x0DA24260,
    0x7E967699,
    0xFF7FFFFE,
    0x00000003,
    0x80000001,
    0xFFA00000,
    0x7FFFFFFF,
    0xFFFFFFFF,
]
F64X = [
    0x3FD5555555555555,
    0x3FB999999999999A,
    0x3FE0000000000000,
    0xC008000000000000,
    0x43E0000000000000,
    0x0000000000000003,
    0x8000000000000001,
    0x7FEFFFFFFFFFFFFE,
    0x1FF0000000000000,
    0x5FE0000000000000,
    0xFFF4000000000000,
    0x7FFFFFFFFFFFFFFF,
    0xFFFFFFFFFFFFFFFF,
]
CMP32 = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"]
FCMP = ["eq", "ne", "lt", "gt", "le", "ge"]


def fk(rng: random.Random, t: str) -> str:
    """A float constant: an edge (NaNs among them), or an ordinary value."""
    pool = (F32 + F32X) if t == "f32" else (F64 + F64X)
    if rng.random() < 0.15:  # the zeros, whose sums' signs are the corner
        return fconst(t, rng.choice([0, 1 << (31 if t == "f32" else 63)]))
    return fconst(t, rng.choice(pool))


def canon(t: str, e: str) -> str:
    """e with a NaN made canonical (which NaN comes out is not fixed: 4.3.3)."""
    return f"(select ({t}.const nan) {e} ({t}.ne {e} {e}))"


def float_imm(rng: random.Random, n: int) -> str:
    """F32/F64_ADD_IMM, _MUL_IMM: chains of ops with constants, either side."""
    t = rng.choice(["f32", "f64"])
    s = Slots(rng, [t, t])
    x, y = s.gets
    r = s.local(t)
    body = [f"(local.set {r} {rng.choice([x, y])})"]
    for _ in range(rng.randrange(1, 6)):
        op = rng.choice(["add", "sub", "mul", "add", "sub", "mul", "div", "min", "max", "copysign"])
        src = rng.choice([f"(local.get {r})", f"(local.get {r})", x, y])
        k = fk(rng, t)
        e = f"({t}.{op} {src} {k})" if rng.random() < 0.6 else f"({t}.{op} {k} {src})"
        if rng.random() < 0.2:  # two constants' ops in a row, no local between
            k2 = fk(rng, t)
            op2 = rng.choice(["add", "sub", "mul"])
            e = f"({t}.{op2} {e} {k2})" if rng.random() < 0.6 else f"({t}.{op2} {k2} {e})"
        if rng.random() < 0.15:  # the result straight to a store (F*_ADD_XV's shape too)
            body.append(f"({t}.store offset=32 (i32.const 0) {e})")
            body.append(f"(local.set {r} ({t}.load offset=32 (i32.const 0)))")
        elif rng.random() < 0.2:
            q = s.local(t)
            body.append(f"(local.set {r} ({t}.add (local.tee {q} {e}) (local.get {q})))")
        else:
            body.append(f"(local.set {r} {e})")
        # a NaN may be either operand's, or any arithmetic NaN: canonical before reuse
        body.append(f"(local.set {r} {canon(t, f'(local.get {r})')})")
    # a stored NaN canonical too (the memory is compared)
    body.append(
        f"(if ({t}.ne ({t}.load offset=32 (i32.const 0)) ({t}.load offset=32 (i32.const 0)))"
        f" (then ({t}.store offset=32 (i32.const 0) ({t}.const nan))))"
    )
    return _func(n, [t, t], [t], s, " ".join(body) + f" (local.get {r})")


def mul_promote_add(rng: random.Random, n: int) -> str:
    """F64_MUL_PROMOTE_ADD "d a b c" = a * promote(b) + c, either side of the add."""
    s = Slots(rng, ["f64", "f32", "f64", "f32"])
    a, b, c, e = s.gets
    acc = s.local("f64")

    def dbl() -> str:
        return rng.choice([a, c, f"(local.get {acc})", f"(local.get {acc})", fconst("f64", rng.choice(F64 + F64X))])

    def flt() -> str:
        return rng.choice([b, e, b, fconst("f32", rng.choice(F32 + F32X))])

    body = [f"(local.set {acc} {rng.choice([a, c])})"]
    for _ in range(rng.randrange(1, 6)):
        p = f"(f64.promote_f32 {flt()})"
        prod = f"(f64.mul {dbl()} {p})" if rng.random() < 0.85 else f"(f64.mul {p} {dbl()})"
        r = rng.random()
        if r < 0.3:  # a float product promoted and added (F64_ADD_PROMOTE_MUL), either
            fp = f"(f32.mul {flt()} {flt()})"  # side; kept in a local (no fusion) now and then
            if rng.random() < 0.2:
                k = s.local("f32")
                fp = f"(local.tee {k} {fp})"
            pm = f"(f64.promote_f32 {fp})"
            add = f"(f64.add {dbl()} {pm})" if rng.random() < 0.8 else f"(f64.add {pm} {dbl()})"
            body.append(f"(local.set {acc} {add})")
        elif r < 0.45:  # the product kept and read twice: no fusion may take it
            q = s.local("f64")
            body.append(f"(local.set {q} {prod})")
            body.append(f"(local.set {acc} (f64.add (local.get {q}) (f64.add (local.get {q}) {dbl()})))")
        else:
            add = f"(f64.add {prod} {dbl()})" if rng.random() < 0.5 else f"(f64.add {dbl()} {prod})"
            if rng.random() < 0.15:  # a chain: the sum a product's addend again
                p2 = f"(f64.mul {dbl()} (f64.promote_f32 {flt()}))"
                add = f"(f64.add {p2} {add})" if rng.random() < 0.5 else f"(f64.add {add} {p2})"
            if rng.random() < 0.15:  # subtracted instead (no fusion)
                add = f"(f64.sub {dbl()} {prod})"
            if rng.random() < 0.15:
                body.append(f"(f64.store offset=48 (i32.const 0) {add})")
                body.append(f"(local.set {acc} (f64.load offset=48 (i32.const 0)))")
            else:
                body.append(f"(local.set {acc} {add})")
        body.append(f"(local.set {acc} {canon('f64', f'(local.get {acc})')})")
    body.append(
        "(if (f64.ne (f64.load offset=48 (i32.const 0)) (f64.load offset=48 (i32.const 0)))"
        " (then (f64.store offset=48 (i32.const 0) (f64.const nan))))"
    )
    return _func(n, ["f64", "f32", "f64", "f32"], ["f64"], s, " ".join(body) + f" (local.get {acc})")


def mul_add_acc(rng: random.Random, n: int) -> str:
    """i64 multiply-add chains on the stack where a factor is the accumulator's
    value (through a local.tee of a link, or the local the chain started from)."""
    s = Slots(rng, ["i64", "i64", "i64"])
    x, y, z = s.gets
    acc, t = s.local("i64"), s.local("i64")

    def factor() -> str:
        return rng.choice(
            [x, y, z, f"(local.get {acc})", f"(local.get {t})", f"(local.get {t})", f"(i64.const {rng.choice(K64)})"]
        )

    body = [f"(local.set {acc} {rng.choice([x, y, z])})", f"(local.set {t} {rng.choice([x, y, z])})"]
    for _ in range(rng.randrange(1, 4)):
        e = f"(i64.add (i64.mul {factor()} {factor()}) (local.get {acc}))"
        for _ in range(rng.randrange(1, 5)):
            r = rng.random()
            if r < 0.3:  # the running sum teed, then a factor of the next link
                e = f"(local.tee {t} {e})"
            m = f"(i64.mul {factor()} {factor()})"
            e = f"(i64.add {e} {m})" if rng.random() < 0.7 else f"(i64.add {m} {e})"
        body.append(f"(local.set {rng.choice([acc, acc, t])} {e})")
    ret = f"(i64.xor (local.get {acc}) (i64.rotl (local.get {t}) (i64.const 29)))"
    return _func(n, ["i64"] * 3, ["i64"], s, " ".join(body) + " " + ret)


def k16(rng: random.Random) -> int:
    return rng.choice(K16E)


def imm16_branch(rng: random.Random, n: int) -> str:
    """i32 ops and compare-and-branch with constants across the 16-bit edges."""
    s = Slots(rng, ["i32", "i32"])
    x, y = s.gets
    acc, cnt = s.local("i32"), s.local("i32")
    body = [f"(local.set {acc} {y})"]

    def arith() -> str:
        op = rng.choice(["add", "sub", "mul", "and", "or", "xor", "add", "sub"])
        k = f"(i32.const {k16(rng)})"
        src = rng.choice([x, f"(local.get {acc})"])
        e = f"(i32.{op} {src} {k})" if rng.random() < 0.7 else f"(i32.{op} {k} {src})"
        return f"(local.set {acc} {e})"

    def cond() -> str:
        k = f"(i32.const {k16(rng)})"
        src = rng.choice([x, x, f"(local.get {acc})"])
        r = rng.random()
        if r < 0.15:
            return f"(i32.and {src} {k})"
        if r < 0.3:
            return f"(i32.eqz (i32.and {src} {k}))"
        op = rng.choice(CMP32)
        c = f"(i32.{op} {src} {k})" if rng.random() < 0.7 else f"(i32.{op} {k} {src})"
        return f"(i32.eqz {c})" if rng.random() < 0.2 else c

    for _ in range(rng.randrange(2, 7)):
        r = rng.random()
        if r < 0.3:
            body.append(arith())
        elif r < 0.5:
            body.append(f"(block (br_if 0 {cond()}) {arith()} {arith()})")
        elif r < 0.65:
            body.append(f"(if {cond()} (then {arith()}) (else {arith()}))")
        elif r < 0.75:
            body.append(f"(local.set {acc} (select (i32.const {k16(rng)}) (local.get {acc}) {cond()}))")
        elif r < 0.9:  # a loop whose exit and continue test constants
            body.append(
                f"(local.set {cnt} (i32.const 0)) (block (loop {arith()}"
                f" (br_if 1 {cond()}) (local.set {cnt} (i32.add (local.get {cnt}) (i32.const 1)))"
                f" (br_if 0 (i32.lt_u (local.get {cnt}) (i32.const {rng.randrange(1, 5)})))))"
            )
        else:  # br_table of a selector computed with a constant
            body.append(
                f"(block (block (block (br_table 0 1 2 (i32.and (i32.add {x} (i32.const {k16(rng)}))"
                f" (i32.const 3)))) {arith()}) {arith()})"
            )
    body.append(f"(i32.xor (local.get {acc}) (i32.mul (local.get {cnt}) (i32.const 0x9E3779B1)))")
    return _func(n, ["i32", "i32"], ["i32"], s, " ".join(body))


def float_branch(rng: random.Random, n: int) -> str:
    """Float compares feeding br_if / if / select, plain or negated (NaN!)."""
    t = rng.choice(["f32", "f64"])
    s = Slots(rng, [t, t, "i32"])
    x, y, i = s.gets
    acc = s.local("i32")
    body = [f"(local.set {acc} {i})"]

    def cond() -> str:
        a = rng.choice([x, y, fk(rng, t)])
        b = rng.choice([x, y, y, fk(rng, t)])
        if rng.random() < 0.2:  # a NaN compared: every ordered compare false, its negation true
            nan = fconst(t, rng.choice([0x7FC00000, 0xFFA00001] if t == "f32" else [0x7FF8000000000000]))
            a, b = (a, nan) if rng.random() < 0.5 else (nan, b)
        if rng.random() < 0.15:  # a compare of computed values
            a = f"({t}.add {a} {rng.choice([x, y])})"
        c = f"({t}.{rng.choice(FCMP)} {a} {b})"
        return f"(i32.eqz {c})" if rng.random() < 0.35 else c

    for j in range(rng.randrange(2, 6)):
        k = rng.randrange(1, 1 << 20)
        r = rng.random()
        if r < 0.35:
            body.append(f"(block (br_if 0 {cond()}) (local.set {acc} (i32.add (local.get {acc}) (i32.const {k}))))")
        elif r < 0.6:
            body.append(
                f"(if {cond()} (then (local.set {acc} (i32.xor (local.get {acc}) (i32.const {k}))))"
                f" (else (local.set {acc} (i32.rotl (local.get {acc}) (i32.const {j + 1})))))"
            )
        elif r < 0.75:
            body.append(f"(local.set {acc} (select (i32.const {k}) (local.get {acc}) {cond()}))")
        elif r < 0.9:  # a loop continued while a float compare holds
            q, m = s.local(t), s.local("i32")
            body.append(
                f"(local.set {q} {x}) (local.set {m} (i32.const 0))"
                f" (loop (local.set {acc} (i32.add (local.get {acc}) (i32.const 1)))"
                f" (local.set {q} ({t}.mul (local.get {q}) ({t}.const -2)))"
                f" (local.set {m} (i32.add (local.get {m}) (i32.const 1)))"
                f" (br_if 0 (i32.and ({t}.{rng.choice(['lt', 'le', 'ne', 'gt'])} (local.get {q}) {y})"
                f" (i32.lt_u (local.get {m}) (i32.const 6)))))"
            )
        else:
            body.append(f"(local.set {acc} (i32.add (local.get {acc}) {cond()}))")
    return _func(n, [t, t, "i32"], ["i32"], s, " ".join(body) + f" (local.get {acc})")


def float_rmw(rng: random.Random, n: int) -> str:
    """LOAD32_U_RMWF, LOAD64_RMWF: *p = *p op x or x op *p (op add or sub)."""
    t = rng.choice(["f32", "f64"])
    w = 4 if t == "f32" else 8
    s = Slots(rng, ["i32", t, t])
    addr, pa, pb = s.gets
    p, q = s.local("i32"), s.local(t)
    mask = rng.choice([0xFFF8, 0xFFF8, 0xFFF8, 0x1FFF8, 0xFFFFFFF8])  # in bounds, near the end, beyond
    body = [f"(local.set {p} (i32.and {addr} (i32.const {mask})))"]
    ret = f"({t}.const 0)"
    for i in range(rng.randrange(1, 5)):
        off = rng.choice(OFFS) + 8 * i
        at = f"offset={off} (local.get {p})"
        if rng.random() < 0.6:  # the location first holds an edge value (its bits: a plain store)
            body.append(f"({t}.store {at} {rng.choice([pa, pb, fk(rng, t)])})")
        x = rng.choice([pa, pb, pb, fk(rng, t)])  # a constant: F*_ADD_IMM, no read-modify-write
        ld = f"({t}.load {at})"
        op = rng.choice(["add", "add", "sub"])
        val = f"({t}.{op} {ld} {x})" if rng.random() < 0.6 else f"({t}.{op} {x} {ld})"
        if rng.random() < 0.3:
            xl = s.local(t)
            val = f"(local.tee {xl} {val})"
        st_at = at
        r = rng.random()
        if r < 0.1:  # another offset
            st_at = f"offset={off + w} (local.get {p})"
        elif r < 0.2:  # another address (the same bytes when addr's bit 3 is clear)
            st_at = f"offset={off} (i32.or (local.get {p}) (i32.const 8))"
        elif r < 0.35:  # a load right before (LOAD32_U_PAIR while lowering)
            body.append(f"(local.set {q} ({t}.load offset={rng.choice(OFFS)} (local.get {p})))")
        body.append(f"({t}.store {st_at} {val})")
        # a NaN of two NaN operands may be either's, of a signalling one any
        # arithmetic NaN (Wasm 4.3.3): made canonical at once (as float_store)
        body.append(
            f"(local.set {q} ({t}.load {st_at})) (if ({t}.ne (local.get {q}) (local.get {q}))"
            f" (then ({t}.store {st_at} ({t}.const nan))))"
        )
        if i == 0 or rng.random() < 0.3:
            ret = f"({t}.load {st_at})"
    body.append(f"(local.set {q} {ret})")
    ret = f"(select ({t}.const nan) (local.get {q}) ({t}.ne (local.get {q}) (local.get {q})))"
    return _func(n, ["i32", t, t], [t], s, " ".join(body) + " " + ret)


def float_load_op(rng: random.Random, n: int) -> str:
    """LOAD32_U_F32_ADD .. LOAD64_F64_MUL: a float load whose value the op right after it reads; F32_DEMOTE_XV."""
    t = rng.choice(["f32", "f64"])
    s = Slots(rng, ["i32", t, t, "f64"])
    addr, pa, pb, pd = s.gets
    p, acc, q = s.local("i32"), s.local("f64"), s.local(t)
    mask = rng.choice([0xFFF8, 0xFFF8, 0xFFF8, 0xFFF8, 0x1FFF8, 0xFFFFFFF8])  # in bounds, near the end, beyond
    body = [f"(local.set {p} (i32.and {addr} (i32.const {mask})))"]
    for i in range(rng.randrange(1, 6)):
        at = f"offset={rng.choice([0, 4, 8, 8, 16, 0x7FF8, 0xFFF8, rng.choice(OFFS)]) + 4 * i} (local.get {p})"
        if rng.random() < 0.5:  # the location first holds an edge value
            body.append(f"({t}.store {at} {rng.choice([pa, pb, fk(rng, t)])})")
        ld = f"({t}.load {at})"
        x = rng.choice([pa, pb, f"(local.get {q})", fk(rng, t)])
        r = rng.random()
        if r < 0.5:
            op = rng.choice(["add", "sub", "mul"])
            e = f"({t}.{op} {ld} {x})" if rng.random() < 0.5 else f"({t}.{op} {x} {ld})"
        elif r < 0.65:  # a product then added (F32_MUL_ADD after the load)
            e = f"({t}.add ({t}.mul {ld} {x}) {rng.choice([pa, pb])})"
        elif r < 0.75:  # a branch landing on the op
            e = f"({t}.mul (block (result {t}) (drop (br_if 0 {fk(rng, t)} (i32.and {addr} (i32.const 1)))) {ld}) {x})"
        else:
            e = f"({t}.sub {x} {ld})"
        body.append(f"(local.set {q} {canon(t, e)})")
        if t == "f32" and rng.random() < 0.5:  # a promoted load multiplied, its product added to a double
            pm = f"(f64.mul {pd} (f64.promote_f32 {ld}))"
            e2 = pm if rng.random() < 0.4 else f"(f64.add (local.get {acc}) {pm})"
            body.append(f"(local.set {acc} {canon('f64', e2)})")
        if rng.random() < 0.4:  # a double demoted and stored (made canonical in memory after)
            d = rng.choice([pd, f"(local.get {acc})", fk(rng, "f64"), f"(f64.mul {pd} {fk(rng, 'f64')})"])
            body.append(f"(f32.store {at} (f32.demote_f64 {d}))")
            body.append(f"(if (f32.ne (f32.load {at}) (f32.load {at})) (then (f32.store {at} (f32.const nan))))")
    last = f"(f64.promote_f32 (local.get {q}))" if t == "f32" else f"(local.get {q})"
    ret = f"(f64.add (local.get {acc}) {last})"
    return _func(n, ["i32", t, t, "f64"], ["f64"], s, " ".join(body) + " " + canon("f64", ret))


def clamp_select(rng: random.Random, n: int) -> str:
    """Selects of compares (every type), clamps against constants, shift pairs."""
    t = rng.choice(["i32", "i32", "i64"])
    s = Slots(rng, [t, t, "i32"])
    x, y, c = s.gets
    r = s.local(t)
    bits = 32 if t == "i32" else 64
    body = [f"(local.set {r} {x})"]

    def k() -> str:
        v = k16(rng) if rng.random() < 0.7 or t == "i32" else rng.choice(K64)
        return f"({t}.const {v})"

    for _ in range(rng.randrange(1, 6)):
        v = f"(local.get {r})"
        q = rng.random()
        if q < 0.3:  # a clamp: v > hi ? hi : v (and the low side), any compare
            hi = k()
            op = rng.choice(["gt_s", "ge_s", "lt_s", "le_s", "gt_u", "lt_u", "ge_u", "le_u"])
            cmp = f"({t}.{op} {v} {hi})" if rng.random() < 0.7 else f"({t}.{op} {hi} {v})"
            e = f"(select {hi} {v} {cmp})" if rng.random() < 0.6 else f"(select {v} {hi} {cmp})"
        elif q < 0.45:  # both sides: min(max(v, lo), hi) as selects
            lo, hi = k(), k()
            e = (
                f"(select {lo} (select {hi} {v} ({t}.gt_s {v} {hi})) ({t}.lt_s (select {hi} {v}"
                f" ({t}.gt_s {v} {hi})) {lo}))"
            )
        elif q < 0.6:  # compare of two values feeding a select: min, max, either order
            a, b = rng.choice([v, x, y]), rng.choice([v, x, y, k()])
            cmp = f"({t}.{rng.choice(CMP32)} {a} {b})" if rng.random() < 0.7 else f"({t}.{rng.choice(CMP32)} {b} {a})"
            e = f"(select {a} {b} {cmp})" if rng.random() < 0.5 else f"(select {b} {a} {cmp})"
        elif q < 0.7:  # select on a parameter or an eqz
            cc = c if rng.random() < 0.5 else f"({t}.eqz {v})"
            e = f"(select {v} {rng.choice([x, y, k()])} {cc})"
        else:  # sign extension by a shift pair (or near misses)
            m = rng.choice([8, 16, 24] if t == "i32" else [8, 16, 32, 48, 56])
            # the other count the same, or not (one of the fused counts with another shl count)
            m2 = m if rng.random() < 0.6 else rng.choice([m - 1, m + 1, 0, bits - 1, bits, bits + m, 8, 16, 24])
            sh = rng.choice(["shr_s", "shr_s", "shr_u"])
            e = f"({t}.{sh} ({t}.shl {v} ({t}.const {m})) ({t}.const {m2}))"
            if rng.random() < 0.3:
                e = f"({t}.add {e} {rng.choice([x, y])})"
        body.append(f"(local.set {r} {e})")
    if rng.random() < 0.3:  # a float select too (its bits pass unchanged)
        ft = rng.choice(["f32", "f64"])
        body.append(f"({ft}.store offset=64 (i32.const 0) (select {fk(rng, ft)} {fk(rng, ft)} {c}))")
    return _func(n, [t, t, "i32"], [t], s, " ".join(body) + f" (local.get {r})")


def select_cmp(rng: random.Random, n: int) -> str:
    """Selects of other values on an i32 compare or and (SELECT_EQ ..
    SELECT_LT_U_IMM): arms of any type, slots or constants (one, both),
    typed or not; the compared values parameters, computed, or constants at
    the edges (INT_MAX and -1: gt / le take k + 1, which must not wrap)."""
    t = rng.choice(["i32", "i32", "i64", "f32", "f64"])
    s = Slots(rng, ["i32", "i32", t, t])
    x, y, a, b = s.gets
    acc = s.local("i32")
    r = s.local(t)
    body = [f"(local.set {r} {a})"]

    def arm() -> str:
        q = rng.random()
        if q < 0.3:
            return fk(rng, t) if t[0] == "f" else f"({t}.const {rng.choice(K16E)})"
        return rng.choice([a, b, f"(local.get {r})"])

    def operand() -> str:
        q = rng.random()
        if q < 0.6:
            return rng.choice([x, y, f"(local.get {acc})"])
        return f"(i32.add {rng.choice([x, y])} (i32.const {rng.choice([1, -1, 7])}))"

    for _ in range(rng.randrange(1, 6)):
        op = rng.choice(CMP32 + ["and"])
        if rng.random() < 0.5:
            k = rng.choice(K16E + [0x7FFFFFFF, -1, -0x80000000, 0x7FFFFFFE, -2])
            cond = (
                f"(i32.{op} {operand()} (i32.const {k}))"
                if rng.random() < 0.8
                else f"(i32.{op} (i32.const {k}) {operand()})"
            )
        else:
            cond = f"(i32.{op} {operand()} {operand()})"
        typed = f" (result {t})" if rng.random() < 0.3 else ""
        e = f"(select{typed} {arm()} {arm()} {cond})"
        q = rng.random()
        if q < 0.6:
            body.append(f"(local.set {r} {e})")
        elif t == "i32" and q < 0.8:  # the result into a compared local
            body.append(f"(local.set {rng.choice([x, y]).split()[1].rstrip(')')} {e})")
        else:
            body.append(f"({t}.store offset={rng.choice([0, 64, 128])} (i32.const 0) {e})")
        bits = {
            "i32": f"(local.get {r})",
            "i64": f"(i32.wrap_i64 (local.get {r}))",
            "f32": f"(i32.reinterpret_f32 (local.get {r}))",
            "f64": f"(i32.wrap_i64 (i64.rotl (i64.reinterpret_f64 (local.get {r})) (i64.const 13)))",
        }[t]
        body.append(f"(local.set {acc} (i32.add (i32.rotl (local.get {acc}) (i32.const 7)) {bits}))")
    body.append(f"({t}.store offset=192 (i32.const 0) (local.get {r}))")
    return _func(n, ["i32", "i32", t, t], ["i32"], s, " ".join(body) + f" (i32.xor (local.get {acc}) {x})")


def select_sweep(rng: random.Random, n: int) -> str:
    """A select on an i32 compare or and (SELECT_EQ .. SELECT_LT_U_IMM) in a
    loop whose compared value i walks across the other operand: k - 3 ..
    k + 3 for a constant k at the edges (INT_MAX, -1: k + 1 wraps), or
    y - 3 .. y + 3 for a parameter y, either side of the compare, so every
    call crosses the boundary where lt and le, or a wrong k + 1, differ (an
    and: i a bit rotating across the word, so the and is zero and not);
    the arms two values of any type (the parameters, or one and a
    constant), each iteration's choice folded into the result."""
    t = rng.choice(["i32", "i32", "i64", "f32", "f64"])
    s = Slots(rng, ["i32", t, t])
    y, a, b = s.gets
    i, left, acc, r = s.local("i32"), s.local("i32"), s.local("i32"), s.local(t)
    op = rng.choice(CMP32 + CMP32 + ["and"] * 5)
    right = rng.random() < 0.7  # the loop's value on the compare's left
    if rng.random() < 0.6:
        k = rng.choice(K16E + [0x7FFFFFFF, -1, -0x80000000, 0x7FFFFFFE, -2, 0, 1])
        if op[:2] in (("gt", "le") if right else ("lt", "ge")) and rng.random() < 0.4:
            k = -1 if op.endswith("_u") else 0x7FFFFFFF  # i > k, i <= k: k + 1 would wrap
        other, start = f"(i32.const {k})", f"(i32.const {(k - 3 + 0x80000000) % (1 << 32) - 0x80000000})"
    else:
        other, start = y, f"(i32.sub {y} (i32.const 3))"
    cond = f"(i32.{op} (local.get {i}) {other})" if right else f"(i32.{op} {other} (local.get {i}))"
    step = f"(i32.add (local.get {i}) (i32.const 1))"
    if op == "and":  # i a bit walking across the word: and'ed with y it is zero or not
        start, step = f"(i32.const {rng.choice([1, 3, 0x8000])})", f"(i32.rotl (local.get {i}) (i32.const 5))"

    # two arms of different values: the parameters or one and a constant (the
    # last result as an arm takes one arm's value after a step: no difference)
    arms = rng.sample([a, b, a, b, "k"], 2)
    if arms[0] == arms[1]:
        arms = [a, b]
    arms = [(fk(rng, t) if t[0] == "f" else f"({t}.const {rng.choice(K16E)})") if w == "k" else w for w in arms]
    typed = f" (result {t})" if rng.random() < 0.3 else ""
    body = [
        f"(local.set {r} {a}) (local.set {i} {start}) (local.set {left} (i32.const 7))",
        f"(loop $l (local.set {r} (select{typed} {arms[0]} {arms[1]} {cond}))",
        f"(local.set {acc} (i32.add (i32.rotl (local.get {acc}) (i32.const 7)) {bits32(t, r)}))",
        f"(local.set {i} {step})",
        f"(br_if $l (local.tee {left} (i32.sub (local.get {left}) (i32.const 1)))))",
    ]
    return _func(n, ["i32", t, t], ["i32"], s, " ".join(body) + f" (local.get {acc})")


def bits32(t: str, r: int) -> str:
    """Local r of type t folded into an i32 (every bit of an f64's counts)."""
    return {
        "i32": f"(local.get {r})",
        "i64": f"(i32.wrap_i64 (i64.rotl (local.get {r}) (i64.const 32)))",
        "f32": f"(i32.reinterpret_f32 (local.get {r}))",
        "f64": f"(i32.wrap_i64 (i64.rotl (i64.reinterpret_f64 (local.get {r})) (i64.const 13)))",
    }[t]


def shift_pair(rng: random.Random, n: int) -> str:
    """Shift left then right by constants (sign or zero extension when the
    counts match: I32_EXTEND16_S, I32_EXTEND8_S, I32_SHL_SHR_U; near misses)."""
    t = rng.choice(["i32", "i32", "i64"])
    s = Slots(rng, [t, t])
    x, y = s.gets
    r = s.local(t)
    counts = [8, 16, 24, 15, 17, 23, 25, 0, 31, 32] + ([40, 48, 56, 63, 64] if t == "i64" else [])
    body = [f"(local.set {r} {x})"]
    for _ in range(rng.randrange(1, 5)):
        m = rng.choice(counts)
        m2 = m if rng.random() < 0.5 else rng.choice(counts)
        sh = rng.choice(["shr_s", "shr_s", "shr_u"])
        e = f"({t}.{sh} ({t}.shl (local.get {r}) ({t}.const {m})) ({t}.const {m2}))"
        if rng.random() < 0.3:
            e = f"({t}.add {e} {y})"
        body.append(f"(local.set {r} {e})")
    return _func(n, [t, t], [t], s, " ".join(body) + f" (local.get {r})")


def zero_locals(rng: random.Random, n: int) -> str:
    """Locals read before any write (zero on entry, spec 4.4.10), the function
    starting with a loop (or a block, an if) that reads them then writes them,
    so a second iteration must see the written value, not a zero again."""
    types = [rng.choice(["i32", "i64", "f32", "f64"]) for _ in range(rng.randrange(1, 6))]
    pad = rng.randrange(248, 262) if rng.random() < 0.3 else rng.randrange(0, 3)
    first = 2 + pad  # params 0, 1 (i32), then the pad, then ours
    decl = (f" (local {' '.join(['i32'] * pad)})" if pad else "") + f" (local {' '.join(types)}) (local i32)"
    acc = first + len(types)

    def bits(j: int) -> str:
        t, g = types[j], f"(local.get {first + j})"
        return {
            "i32": g,
            "i64": f"(i32.wrap_i64 {g})",
            "f32": f"(i32.reinterpret_f32 {g})",
            "f64": f"(i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 {g}) (i64.const 33)))",
        }[t]

    def write(j: int) -> str:
        t = types[j]
        v = {
            "i32": "(local.get 1)",
            "i64": "(i64.extend_i32_s (local.get 1))",
            "f32": "(f32.convert_i32_s (local.get 1))",
            "f64": "(f64.convert_i32_u (local.get 1))",
        }[t]
        return f"(local.set {first + j} {v})"

    reads = " ".join(
        f"(local.set {acc} (i32.add (i32.rotl (local.get {acc}) (i32.const 5)) {bits(j)}))" for j in range(len(types))
    )
    writes = " ".join(write(j) for j in range(len(types)) if rng.random() < 0.7)
    if pad and rng.random() < 0.5:  # a pad local read unassigned too
        reads += f" (local.set {acc} (i32.xor (local.get {acc}) (local.get {2 + rng.randrange(pad)})))"
    shape = rng.randrange(3)
    count = "(local.tee 0 (i32.sub (local.get 0) (i32.const 1)))"
    if shape == 0:  # the function starts with the loop
        body = f"(loop {reads} {writes} (br_if 0 (i32.gt_s {count} (i32.const 0))))"
    elif shape == 1:  # a loop inside a block, a br_table out
        body = (
            f"(block (loop {reads} {writes} (br_table 0 1 (i32.and (i32.le_s {count} (i32.const 0)) (i32.const 1)))))"
        )
    else:  # an if first: one path writes
        body = f"(if (i32.and (local.get 1) (i32.const 1)) (then {writes})) {reads}"
    # called twice from itself first (the function's index is n): the second
    # callee's frame is where the first one's left its values (an export's own
    # frame is set up by mw_call, a nested one by the call op)
    down = "(i32.sub (local.get 0) (i32.const 1))"
    rec = (
        (
            f"(if (i32.ne (local.get 0) (i32.const 0)) (then (drop (call {n} {down} (local.get 1)))"
            f" (local.set {acc} (call {n} {down} (i32.xor (local.get 1) (i32.const 0x55))))))"
        )
        if rng.random() < 0.7
        else ""
    )
    return (
        f'(func (export "f{n}") (param i32 i32) (result i32){decl}'
        f" (local.set 0 (i32.and (local.get 0) (i32.const 3))) {rec} {body} (local.get {acc}))"
    )


def carry_rot(rng: random.Random, n: int) -> str:
    """Session 13's carries and rotations (mw_int.h MW_CARRY_ROT_OP_LIST): a
    limb's carry out added into the next (c + (a <u b), the compare either
    side of the add, gt_u too; signed ones and a kept compare do not fuse);
    an xor rotated by a constant (any count, rotl and rotr, i32 and i64); an
    i64 rotation by a constant xored either side (SHA-512's sigmas)."""
    s = Slots(rng, ["i32", "i32", "i64", "i64"])
    x, y, u, v = s.gets
    lo, hi = s.local("i32"), s.local("i32")
    w, q = s.local("i64"), s.local("i32")
    body = [f"(local.set {lo} {x})", f"(local.set {hi} {y})", f"(local.set {w} {u})"]

    def i32v() -> str:
        return rng.choice([x, y, f"(local.get {lo})", f"(local.get {hi})", f"(i32.const {k16(rng)})"])

    def i64v() -> str:
        return rng.choice([u, v, f"(local.get {w})", f"(i64.const {rng.choice(K64)})"])

    for _ in range(rng.randrange(2, 7)):
        r = rng.random()
        if r < 0.3:  # lo += a; hi += (lo < a) (MULADDC), or a compare feeding an add
            a = i32v()
            cmp = rng.choice(["lt_u", "gt_u", "lt_u", "gt_u", "lt_s", "le_u"])
            c = f"(i32.{cmp} (local.get {lo}) {a})" if cmp != "gt_u" else f"(i32.gt_u {a} (local.get {lo}))"
            if rng.random() < 0.2:  # the compare kept and read twice: no fusion may take it
                c = f"(local.tee {q} {c})"
            add = f"(i32.add (local.get {hi}) {c})" if rng.random() < 0.5 else f"(i32.add {c} (local.get {hi}))"
            body.append(f"(local.set {lo} (i32.add (local.get {lo}) {a})) (local.set {hi} {add})")
            if "tee" in c:
                body.append(f"(local.set {hi} (i32.add (local.get {hi}) (local.get {q})))")
        elif r < 0.45:  # hi:lo from a 32x32 product, carries in
            body.append(
                f"(local.set {w} (i64.mul (i64.extend_i32_u {i32v()}) (i64.extend_i32_u {i32v()})))"
                f" (local.set {lo} (i32.add (i32.wrap_i64 (local.get {w})) (local.get {hi})))"
                f" (local.set {hi} (i32.add (i32.wrap_i64 (i64.shr_u (local.get {w}) (i64.const 32)))"
                f" (i32.gt_u (local.get {hi}) (local.get {lo}))))"
            )
        elif r < 0.65:  # rotl(a ^ b, k)
            t = rng.choice(["i32", "i64"])
            k = rng.choice([0, 1, 7, 8, 12, 16, 24, 31, 32, 33] + ([40, 63, 64, 65] if t == "i64" else []))
            rot = rng.choice(["rotl", "rotr"])
            if t == "i32":
                e = f"(i32.{rot} (i32.xor (local.get {lo}) {i32v()}) (i32.const {k}))"
                body.append(f"(local.set {lo} {e})")
            else:
                e = f"(i64.{rot} (i64.xor (local.get {w}) {i64v()}) (i64.const {k}))"
                body.append(f"(local.set {w} {e})")
        else:  # rotl(a, k) ^ b (i64), either side; sigma chains
            k = rng.choice([0, 1, 14, 18, 28, 34, 39, 41, 63, 64, 65])
            rot = f"(i64.{rng.choice(['rotl', 'rotr'])} (local.get {w}) (i64.const {k}))"
            e = f"(i64.xor {rot} {i64v()})" if rng.random() < 0.5 else f"(i64.xor {i64v()} {rot})"
            if rng.random() < 0.4:
                e = f"(i64.xor {e} (i64.rotr (local.get {w}) (i64.const {rng.choice([19, 61, 6])})))"
            body.append(f"(local.set {w} {e})")
    ret = (
        f"(i64.xor (local.get {w}) (i64.or (i64.shl (i64.extend_i32_u (local.get {hi})) (i64.const 32))"
        f" (i64.extend_i32_u (local.get {lo}))))"
    )
    return _func(n, ["i32", "i32", "i64", "i64"], ["i64"], s, " ".join(body) + " " + ret)


def add_rot(rng: random.Random, n: int) -> str:
    """Session 14's sums rotated by a constant (mw_int.h MW_ADD_ROT_OP_LIST):
    Salsa20's `b ^= rotl(a + d, k)`, MD5's `a = b + rotl(a + f, s)`, SHA-1's
    `rotl(a, 5) + e` (any count, rotl and rotr, the xor or add either side);
    a teed sum, a sub, a rotation by a variable and an i64 sum do not fuse."""
    s = Slots(rng, ["i32", "i32", "i32"])
    x, y, z = s.gets
    a, b, c, d, q = (s.local("i32") for _ in range(5))
    body = [
        f"(local.set {a} {x})",
        f"(local.set {b} {y})",
        f"(local.set {c} {z})",
        f"(local.set {d} (i32.xor {x} {z}))",
    ]
    words = [a, b, c, d]

    def val() -> str:
        return rng.choice([f"(local.get {rng.choice(words)})"] * 4 + [x, f"(i32.const {k16(rng)})"])

    for _ in range(rng.randrange(3, 9)):
        k = rng.choice([0, 1, 5, 7, 9, 12, 13, 18, 25, 31, 32, 33, 64])
        rot = rng.choice(["rotl", "rotl", "rotr"])
        r = rng.random()
        if r < 0.1:  # the sum kept and read again: no fusion may take it
            inner = f"(local.tee {q} (i32.add {val()} {val()}))"
        elif r < 0.18:
            inner = f"(i32.sub {val()} {val()})"
        else:
            inner = f"(i32.add {val()} {val()})"
        kk = f"(i32.const {k})" if rng.random() < 0.9 else f"(local.get {rng.choice(words)})"
        e = f"(i32.{rot} {inner} {kk})"
        if rng.random() < 0.3:  # SHA-1's rotl(a, 5), no sum before it
            e = f"(i32.{rot} {val()} {kk})"
        outer = rng.choice(["xor", "xor", "add", "add", "none"])
        t = rng.choice(words)
        if outer != "none":
            e = f"(i32.{outer} (local.get {t}) {e})" if rng.random() < 0.5 else f"(i32.{outer} {e} (local.get {t}))"
        body.append(f"(local.set {t} {e})")
        if "tee" in inner:
            body.append(f"(local.set {t} (i32.xor (local.get {t}) (local.get {q})))")
    if rng.random() < 0.2:  # an i64 sum rotated and xored stays apart
        body.append(
            f"(local.set {a} (i32.wrap_i64 (i64.xor (i64.rotl (i64.add (i64.extend_i32_u (local.get {a}))"
            f" (i64.extend_i32_u (local.get {b}))) (i64.const 7)) (i64.extend_i32_u (local.get {c})))))"
        )
    ret = f"(i32.xor (i32.xor (local.get {a}) (local.get {b})) (i32.add (local.get {c}) (local.get {d})))"
    return _func(n, ["i32", "i32", "i32"], ["i32"], s, " ".join(body) + " " + ret)


def block_ends(rng: random.Random, n: int) -> str:
    """Blocks and loops with an i32 result, nested, whose ends a br_if names
    or not (lower_branch.c patch_chain: only a named end is a label, where nothing
    fuses across): the value made right before the end and its consumer
    right after it (a local.set retargeting it, a store of it, an add, a
    br_if or if of a compare made inside), the br_ifs out to this block or an
    outer one taken or not by the arguments."""
    s = Slots(rng, ["i32", "i32"])
    x, y = s.gets
    acc, t = s.local("i32"), s.local("i32")
    body = [f"(local.set {acc} {y})", f"(local.set {t} {x})"]

    def val() -> str:
        return rng.choice([x, y, f"(local.get {acc})", f"(local.get {t})", f"(i32.const {k16(rng)})"])

    def made() -> str:
        op = rng.choice(["add", "sub", "mul", "xor", "shl", "lt_s", "gt_u", "eq", "and"])
        return f"(i32.{op} {val()} {val()})"

    def expr(blocks: list[bool], depth: int) -> str:
        """A block or loop with a result; blocks: whether each enclosing
        label, innermost last, is a block's (a br_if may carry an i32 to it)."""
        kind = rng.choice(["block", "block", "loop"])
        inner = blocks + [kind == "block"]
        pre = []
        for _ in range(rng.randrange(0, 3)):
            targets = [len(inner) - 1 - i for i, b in enumerate(inner) if b]
            if targets and rng.random() < 0.6:
                cond = f"(i32.{rng.choice(['lt_u', 'gt_s', 'eq', 'ne'])} {val()} (i32.const {k16(rng)}))"
                pre.append(f"(drop (br_if {rng.choice(targets)} {val()} {cond}))")
            else:
                pre.append(f"(local.set {t} {made()})")
        last = expr(inner, depth - 1) if depth > 0 and rng.random() < 0.5 else made()
        if rng.random() < 0.3:
            last = f"(i32.add {last} {val()})"
        return f"({kind} (result i32) {' '.join(pre)} {last})"

    for _ in range(rng.randrange(2, 6)):
        e = expr([], rng.randrange(0, 3))
        r = rng.random()
        if r < 0.35:
            body.append(f"(local.set {rng.choice([acc, t])} {e})")
        elif r < 0.55:  # the address in bounds, or past the end (a trap stores nothing)
            body.append(f"(i32.store (i32.and {x} (i32.const {rng.choice([0xFFFC, 0x1FFFC])})) {e})")
        elif r < 0.7:
            body.append(f"(local.set {acc} (i32.add {e} (local.get {acc})))")
        elif r < 0.85:
            body.append(f"(block (br_if 0 {e}) (local.set {acc} (i32.xor (local.get {acc}) (i32.const 0x55))))")
        else:
            body.append(f"(if {e} (then (local.set {t} (i32.sub (local.get {t}) (i32.const 3)))))")
    body.append(f"(i32.xor (local.get {acc}) (i32.mul (local.get {t}) (i32.const 0x9E3779B1)))")
    return _func(n, ["i32", "i32"], ["i32"], s, " ".join(body))


def stack_ptr(rng: random.Random, n: int) -> str:
    """I32_ADD_IMMH_GLOBAL_SET (format 53): a C function's stack pointer (global 0) moved down
    into a local and put back, as clang makes the prologue and epilogue, the frame stored into and
    read back; other adds of constants across the 16-bit edges set into the global (one wide: no
    row), the value a block's result whose end a br_if names (the branch lands on the GLOBAL_SET),
    a load before the add (LOAD32_U_I32_ADD_IMMH takes it), the sum tee'd into a local too. The
    pointer may go below 0 (the frame's stores trap) or stay moved (an early return)."""
    s = Slots(rng, ["i32", "i32"])
    x, y = s.gets
    fp, acc = s.local("i32"), s.local("i32")
    k = rng.choice([16, 32, 48, 0x7FF0, 0x7FFF, 0x8000, 0x10000])
    body = [
        f"(local.set {fp} (i32.sub (global.get 0) (i32.const {k})))"
        if rng.random() < 0.2
        else f"(global.set 0 (local.tee {fp} (i32.sub (global.get 0) (i32.const {k}))))"
    ]
    body.append(f"(i32.store offset=4 (local.get {fp}) {x})")
    body.append(f"(local.set {acc} (i32.add (i32.load offset=4 (local.get {fp})) {y}))")
    for _ in range(rng.randrange(0, 4)):
        c = rng.choice(K16E)
        r = rng.random()
        if r < 0.3:
            e = f"(i32.add {rng.choice([x, y, f'(local.get {acc})'])} (i32.const {c}))"
        elif r < 0.5:
            e = f"(i32.sub {rng.choice([x, y])} (i32.const {c}))"
        elif r < 0.7:  # a branch landing on the global.set, its value another's
            e = f"(block (result i32) (br_if 0 (i32.const {c}) {y}) drop (i32.add {x} (i32.const {rng.choice(K16E)})))"
        elif r < 0.85:  # a load before the add
            e = f"(i32.add (i32.load offset=4 (local.get {fp})) (i32.const {c}))"
        else:
            e = f"(local.tee {acc} (i32.add (local.get {acc}) (i32.const {c})))"
        body.append(f"(global.set 1 {e})")
        body.append(f"(local.set {acc} (i32.xor (local.get {acc}) (global.get 1)))")
    if rng.random() < 0.15:  # an early return, the pointer left moved
        body.append(f"(if (i32.eqz (i32.and {y} (i32.const 7))) (then (return (local.get {acc}))))")
    body.append(f"(global.set 0 (i32.add (local.get {fp}) (i32.const {k})))")
    body.append(f"(i32.xor (local.get {acc}) (i32.mul (global.get 0) (i32.const 3)))")
    return _func(n, ["i32", "i32"], ["i32"], s, " ".join(body))


def global_rows(rng: random.Random, n: int) -> str:
    """I32_ADD_IMMH_GLOBAL_SET and GLOBAL_GET_ADD_SET (formats 53-54) away from a prologue: the
    global.get a block's last op, a br_if naming the block (the branch lands on the add, the read
    skipped); the read of another global than the one set; an add whose sum goes to a local
    right before the i64 global's set (the row's GLOBAL_SET stores another value); the pointer
    moved at a loop's head (the back branch lands on the row). Constants across the 16-bit edges,
    added or subtracted; every global exported, so the harness compares them after each call."""
    s = Slots(rng, ["i32", "i32"])
    x, y = s.gets
    acc = s.local("i32")
    body = []
    for _ in range(rng.randrange(2, 6)):
        c = rng.choice(K16E)
        op = rng.choice(["i32.add", "i32.sub"])
        g, h = rng.sample([1, 3], 2)  # (not stack_ptr's stack pointer: its frames would trap)
        r = rng.random()
        if r < 0.3:  # the branch lands on the add
            src = f"(block (result i32) (global.get {h}) (br_if 0 {y}) drop (global.get {g}))"
            body.append(f"(global.set {g} ({op} {src} (i32.const {c})))")
        elif r < 0.5:  # the other global read
            body.append(f"(global.set {g} ({op} (global.get {h}) (i32.const {c})))")
        elif r < 0.75:  # the sum to a local, the i64 global set after it
            sum_ = f"({op} (global.get {g}) (i32.const {c}))"
            body.append(f"(global.set 2 (block (result i64) (i64.extend_i32_u {x}) (local.set {acc} {sum_})))")
        else:  # the row at a loop's head, run one to four times
            cnt = f"(local.tee {acc} (i32.add (local.get {acc}) (i32.const 1)))"
            body.append(
                f"(loop $l (global.set {g} ({op} (global.get {g}) (i32.const {c})))"
                f" (br_if $l (i32.lt_u {cnt} (i32.const 3))))"
            )
        body.append(f"(local.set {acc} (i32.xor (local.get {acc}) (global.get {g})))")
    body.append(f"(i32.xor (local.get {acc}) (i32.wrap_i64 (global.get 2)))")
    return _func(n, ["i32", "i32"], ["i32"], s, " ".join(body))


def _pointer_walk(rng: random.Random, bits: int) -> tuple[Slots, str, str, str, str, str, bool, list[str]]:
    """The start load_add and load_xd share: three i32 parameters (an address,
    x, y), locals p (the address masked by `bits`: within 32 KiB, or where
    `edge`, within 64 KiB, 128 KiB or anywhere, so some functions reach the
    memory's end or beyond, and a trap ends the call), acc (y at first) and q;
    returns (slots, x, y, p, acc, q, edge, body so far)."""
    s = Slots(rng, ["i32", "i32", "i32"])
    addr, x, y = s.gets
    p, acc, q = s.local("i32"), s.local("i32"), s.local("i32")
    edge = rng.random() < 0.3
    mask = rng.choice([0xFFFF, 0x1FFFF, 0xFFFFFFFF]) & bits if edge else 0x7FFF & bits
    return s, x, y, p, acc, q, edge, [f"(local.set {p} (i32.and {addr} (i32.const {mask})))", f"(local.set {acc} {y})"]


def load_add(rng: random.Random, n: int) -> str:
    """Session 16's i32 load feeding an add (format 51: LOAD32_U_I32_ADD,
    _IMMH): an i32 or f32 load right before an i32.add, the loaded value on
    either side, a constant across the 16-bit edges (the _IMMH twin or the
    wide add), or an add of other values that does not read the load at all;
    the address in bounds, near the end or beyond (a trap adds nothing), a
    branch landing on the add (it runs alone), near misses (an 8/16-bit
    load, an i64 load, the load teed and read twice)."""
    s, x, y, p, acc, q, edge, body = _pointer_walk(rng, 0xFFFFFFFC)

    def val() -> str:
        return rng.choice([x, y, f"(local.get {acc})", f"(local.get {q})", f"(i32.const {k16(rng)})"])

    for i in range(rng.randrange(2, 8)):
        off = rng.choice([0, 4, 8, 12, 0x7FFC] + ([0xFFFC, rng.choice(OFFS)] if edge else [])) + 4 * (i % 3)
        at = f"offset={off} (local.get {p})"
        if rng.random() < 0.5:  # the location first holds an edge value
            body.append(f"(i32.store {at} {rng.choice([x, y, f'(i32.const {k16(rng)})'])})")
        r = rng.random()
        if r < 0.75:
            ld = f"(i32.load {at})"
        elif r < 0.85:  # a float load's bits (LOAD32_U as well)
            ld = f"(i32.reinterpret_f32 (f32.load {at}))"
        elif r < 0.92:  # near misses: narrower loads, an i64 load wrapped
            ld = f"(i32.{rng.choice(['load8_u', 'load8_s', 'load16_u', 'load16_s'])} {at})"
        else:
            ld = f"(i32.wrap_i64 (i64.load {at}))"
        k = f"(i32.const {k16(rng)})"
        r = rng.random()
        if r < 0.35:  # *p + k, the constant either side (sub: the add of -k)
            op = rng.choice(["add", "add", "add", "sub"])
            e = f"(i32.{op} {ld} {k})" if op == "sub" or rng.random() < 0.7 else f"(i32.{op} {k} {ld})"
        elif r < 0.6:  # *p + x, either side
            e = f"(i32.add {ld} {val()})" if rng.random() < 0.6 else f"(i32.add {val()} {ld})"
        elif r < 0.7:  # the load kept, then an add of other values right after it
            body.append(f"(local.set {q} {ld})")
            e = f"(i32.add {val()} {val()})"
        elif r < 0.8:  # a branch landing on the add: the add alone
            e = f"(i32.add (block (result i32) (drop (br_if 0 {k} (i32.and {x} (i32.const 1)))) {ld}) {val()})"
        elif r < 0.9:  # the loaded value read twice: a tee between load and add
            e = f"(i32.add (local.tee {q} {ld}) (local.get {q}))"
        else:  # summed twice (a chain of adds after the load)
            e = f"(i32.add (i32.add {ld} {val()}) {k})"
        body.append(f"(local.set {rng.choice([acc, acc, q])} {e})")
        if rng.random() < 0.3:  # the sum stored back (a load feeding its store's value)
            body.append(f"(i32.store {at} (local.get {acc}))")
    body.append(f"(i32.xor (local.get {acc}) (i32.mul (local.get {q}) (i32.const 0x9E3779B1)))")
    return _func(n, ["i32", "i32", "i32"], ["i32"], s, " ".join(body))


def load_store(rng: random.Random, n: int) -> str:
    """Session 16's load feeding the store right after it (format 52:
    LOAD32_U_STORE32, LOAD64_STORE64): `*q = *p` in every type of the width
    (bits copied, NaNs too), the store's address in bounds, near the end or
    beyond (the load done, the store traps), the same bytes, overlapping or
    apart, a store right after a load into a local of another value, near
    misses (a narrower store, a load of another width)."""
    t = rng.choice(["i32", "i64", "f32", "f64"])
    w = 4 if t in ("i32", "f32") else 8
    s = Slots(rng, ["i32", "i32", t])
    pa, pb, v = s.gets
    p, q, r = s.local("i32"), s.local("i32"), s.local(t)
    m = 0x10000 - w

    # most functions stay in bounds (a trap ends the call); the others reach the end or beyond
    edge = rng.random() < 0.3

    def addr_mask() -> int:
        return rng.choice([m, 0x1FFFF & ~(w - 1), 0xFFFFFFFF & ~(w - 1)]) if edge else 0x7FF8

    def off() -> int:
        return rng.choice([0, w, 2 * w, 0x7FF0] + ([0xFFF8, rng.choice(OFFS)] if edge else []))

    body = [
        f"(local.set {p} (i32.and {pa} (i32.const {addr_mask()})))",
        f"(local.set {q} (i32.and {pb} (i32.const {addr_mask()})))",
        f"(local.set {r} {v})",
    ]
    for i in range(rng.randrange(2, 8)):
        src = f"offset={off()} (local.get {p})"
        dst_off = rng.choice([off(), off(), w // 2, 1])
        dst = f"offset={dst_off} (local.get {rng.choice([q, q, p])})"  # p: the same or overlapping bytes
        if rng.random() < 0.5:  # the source first holds an edge value (or the parameter's bits)
            body.append(f"({t}.store {src} {rng.choice([v, f'(local.get {r})', edge_const(rng, t)])})")
        ld = f"({t}.load {src})"
        x = rng.random()
        if x < 0.5:  # *q = *p
            body.append(f"({t}.store {dst} {ld})")
        elif x < 0.65:  # the address computed: the store's own fast path or not
            dst2 = f"offset={dst_off} (i32.add (local.get {q}) (i32.const {rng.choice([0, 4, 8, 0x10000])}))"
            body.append(f"({t}.store {dst2} {ld})")
        elif x < 0.8:  # a load into a local, then a store of another value right after it
            body.append(f"(local.set {r} {ld}) ({t}.store {dst} {rng.choice([v, edge_const(rng, t)])})")
        elif x < 0.9 and t[0] == "i":  # a narrower store of the loaded value
            narrow = rng.choice(["store8", "store16"] + (["store32"] if t == "i64" else []))
            body.append(f"({t}.{narrow} {dst} {ld})")
        else:  # the value through a local on its way (a copy between load and store)
            body.append(f"({t}.store {dst} (local.tee {r} {ld}))")
        if rng.random() < 0.3:
            body.append(f"(local.set {r} ({t}.load {dst}))")
    fold = {
        "i32": f"(local.get {r})",
        "i64": f"(i32.wrap_i64 (i64.rotl (local.get {r}) (i64.const 32)))",
        "f32": f"(i32.reinterpret_f32 (local.get {r}))",
        "f64": f"(i32.wrap_i64 (i64.rotl (i64.reinterpret_f64 (local.get {r})) (i64.const 13)))",
    }[t]
    return _func(n, ["i32", "i32", t], ["i32"], s, " ".join(body) + " " + fold)


def edge_const(rng: random.Random, t: str) -> str:
    """A constant of type t at an edge (float NaNs with payloads among them:
    a copy keeps their bits)."""
    if t == "i32":
        return f"(i32.const {k16(rng)})"
    if t == "i64":
        return f"(i64.const {rng.choice(K64)})"
    return fconst(t, rng.choice((F32 + F32X) if t == "f32" else (F64 + F64X)))


def call_args(rng: random.Random, n: int) -> str:
    """Session 16's call-argument rows (format 50: COPY_CALL_DEF,
    COPY2_CALL_DEF, CONST16_CALL_DEF): the function calls itself (a depth
    in its first parameter, at most 3) with its last argument, or last two,
    a local (around slot 255 too), a parameter or a constant across the
    16-bit edges (CONST16 or a wide one) of any type; the call's last
    argument a block a br_if leaves (a branch landing on the call), calls in
    a row, the result used or dropped."""
    types = [rng.choice(["i32", "i32", "i64", "f32", "f64"]) for _ in range(rng.randrange(1, 4))]
    params = ["i32"] + types
    s = Slots(rng, params)
    gets = s.gets
    locs = [s.local(t) for t in types]
    acc = s.local("i32")

    def fold(t: str, e: str) -> str:
        return {
            "i32": e,
            "i64": f"(i32.wrap_i64 (i64.rotl {e} (i64.const 32)))",
            "f32": f"(i32.reinterpret_f32 {e})",
            "f64": f"(i32.wrap_i64 (i64.rotl (i64.reinterpret_f64 {e}) (i64.const 13)))",
        }[t]

    def arg(j: int) -> str:
        t = types[j]
        r = rng.random()
        if r < 0.35:
            return f"(local.get {locs[j]})"
        if r < 0.6:
            return gets[1 + j]
        if r < 0.85:
            return edge_const(rng, t)
        if r < 0.93:  # a block a br_if leaves with another value: the branch lands on the call
            return (
                f"(block (result {t}) (drop (br_if 0 {edge_const(rng, t)} (i32.and {gets[0]} (i32.const 1))))"
                f" (local.get {locs[j]}))"
            )
        return f"(local.get {locs[rng.choice([i for i, u in enumerate(types) if u == t])]})"

    down = f"(i32.sub {gets[0]} (i32.const 1))"
    body = [f"(local.set {locs[j]} {gets[1 + j]})" for j in range(len(types))]
    body.append(f"(local.set {acc} {fold(types[0], gets[1])})")
    calls = []
    for _ in range(rng.randrange(1, 4)):
        call = f"(call {n} {down} {' '.join(arg(j) for j in range(len(types)))})"
        r = rng.random()
        if r < 0.2:
            calls.append(f"(drop {call})")
        else:
            calls.append(f"(local.set {acc} (i32.add (i32.rotl (local.get {acc}) (i32.const 7)) {call}))")
        j = rng.randrange(len(types))  # a local changed between the calls
        calls.append(f"(local.set {locs[j]} {edge_const(rng, types[j])})")
    body.append(f"(if (i32.ne {gets[0]} (i32.const 0)) (then {' '.join(calls)}))")
    for j, t in enumerate(types):
        body.append(f"(local.set {acc} (i32.xor (i32.rotl (local.get {acc}) (i32.const 5)) {fold(t, gets[1 + j])}))")
    depth = gets[0][len("(local.get ") : -1]  # (a parameter, or the local Slots copied it into)
    body.insert(0, f"(local.set {depth} (i32.and {gets[0]} (i32.const 3)))")
    return _func(n, params, ["i32"], s, " ".join(body) + f" (local.get {acc})")


def add_branch(rng: random.Random, n: int) -> str:
    """Session 17's add then compare-and-branch (format 53: I32_ADD_IMMH_BR_NE
    .. I32_ADD_IMMH_BR_ADD_NZ): loops whose counter's add of a constant (16-bit
    edges: the row, or a wide add that is not) is right before the loop's
    test against a parameter, a local or a constant, every compare, taken
    backward (the loop) or forward (an exit), the test reading the counter or
    another value, a count down (BR_ADD_NZ) after a pointer's add, a br_if
    landing on the test (the add skipped); counters near the sign and the
    wrap. A guard at the top bounds every loop (40 iterations)."""
    s = Slots(rng, ["i32", "i32", "i32"])
    x, y, z = s.gets
    i, b, acc, cnt, c = (s.local("i32") for _ in range(5))
    body = [f"(local.set {acc} {z})"]
    for _ in range(rng.randrange(1, 4)):
        k = rng.choice([1, 1, 2, 3, 4, 4, 8, -1, -2, -4, 0x7FFF, -0x8000, 0x8000, rng.choice(K16E)])
        op = rng.choice(["add", "add", "add", "sub"])
        cmp = rng.choice(["ne", "ne", "lt_s", "lt_s", "lt_u", "lt_u", "ge_u", "gt_u", "gt_u", "le_s", "eq", "ge_s"])
        start = rng.choice(
            [x, f"(i32.const {k16(rng)})", f"(i32.const {rng.choice([0, -8, 0x7FFFFFF8, -0x80000000])})"]
        )
        bound = rng.choice(
            [
                y,
                f"(local.get {b})",
                f"(local.get {b})",
                f"(i32.const {k16(rng)})",
                f"(i32.const {rng.randrange(0, 200)})",
            ]
        )
        reads = rng.random() < 0.8  # the test reads the counter the add writes
        tested = f"(local.get {i})" if reads else f"(local.get {c})"
        step = f"(local.set {i} (i32.{op} (local.get {i}) (i32.const {k})))"
        if not reads:
            step = f"(local.set {c} (i32.add (local.get {c}) (i32.const 1))) " + step
        if reads and rng.random() < 0.5:  # the add inside the test (clang's local.tee), no step before it
            tested, step = f"(local.tee {i} (i32.{op} (local.get {i}) (i32.const {k})))", ""
        test = f"(i32.{cmp} {tested} {bound})" if rng.random() < 0.8 else f"(i32.{cmp} {bound} {tested})"
        guard = f"(br_if 1 (i32.ge_u (local.tee {cnt} (i32.add (local.get {cnt}) (i32.const 1))) (i32.const 40)))"
        work = f"(local.set {acc} (i32.add (i32.rotl (local.get {acc}) (i32.const 5)) (local.get {i})))"
        r = rng.random()
        if r < 0.3:  # backward: the loop's own test (lowered as the negated compare over a JMP, mostly)
            loop = f"(block (loop {guard} {work} {step} (br_if 0 {test})))"
        elif r < 0.7:  # forward: the exit test as written, then the back edge
            loop = f"(block (loop {guard} {work} {step} (br_if 1 {test}) (br 0)))"
        elif r < 0.85:  # a br_if landing on the test, the add skipped
            skip = f"(i32.and (local.get {i}) (i32.const {rng.choice([1, 2, 3, 7])}))"
            loop = f"(block (loop {guard} {work} (block (br_if 0 {skip}) {step}) (br_if 0 {test})))"
        else:  # a pointer's add, then a count down to zero (BR_ADD_NZ)
            loop = (
                f"(local.set {b} (i32.and {y} (i32.const 31))) (block (loop {guard} {work} {step}"
                f" (br_if 0 (local.tee {b} (i32.add (local.get {b}) (i32.const -1))))))"
            )
        body.append(
            f"(local.set {i} {start}) (local.set {b} (i32.add {y} (i32.const {k16(rng)})))"
            f" (local.set {cnt} (i32.const 0)) (local.set {c} (i32.const 0)) {loop}"
        )
        body.append(f"(local.set {acc} (i32.xor (local.get {acc}) (i32.add (local.get {i}) (local.get {cnt}))))")
    return _func(n, ["i32", "i32", "i32"], ["i32"], s, " ".join(body) + f" (local.get {acc})")


def add_add(rng: random.Random, n: int) -> str:
    """Session 21's sum plus a constant (format 66: I32_ADD_I32_ADD_IMMH):
    `(x + y) + k` and `(x + y) - k` with k across the 16-bit edges (the row,
    or a wide add that is not), the constant on either side, the sum kept in
    a local the add of the constant reads and later reads again, a br_if
    landing on the add of the constant (a block's value), the sum as a load's
    address, near misses (a global.set or a loop's compare-and-branch after
    the add of the constant: their own rows; a load right before the sum: the
    load's). The values wrap past 2^32."""
    s = Slots(rng, ["i32", "i32", "i32"])
    x, y, z = s.gets
    t, acc = s.local("i32"), s.local("i32")
    body = [f"(local.set {acc} {z})"]
    for _ in range(rng.randrange(2, 6)):
        k = rng.choice([1, 4, -1, -4, 0x7FFF, -0x8000, 0x8000, -0x8001, rng.choice(K16E)])
        a, b = rng.sample([x, y, z, f"(local.get {acc})"], 2)
        op = rng.choice(["add", "add", "sub"])
        r = rng.random()
        if r < 0.3:
            e = f"(i32.{op} (i32.add {a} {b}) (i32.const {k}))"
            if op == "add" and rng.random() < 0.3:  # the constant on the left
                e = f"(i32.add (i32.const {k}) (i32.add {a} {b}))"
        elif r < 0.45:  # the sum in a local, read by the add and after it
            e = f"(i32.mul (i32.{op} (local.tee {t} (i32.add {a} {b})) (i32.const {k})) (local.get {t}))"
        elif r < 0.6:  # a branch landing on the add of the constant
            e = (
                f"(i32.{op} (block (result i32) (drop (br_if 0 {a} (i32.and {b} (i32.const 1))))"
                f" (i32.add {a} {b})) (i32.const {k}))"
            )
        elif r < 0.65:  # an array element's address plus a field's offset (I32_ADD_MUL_I32_ADD_IMMH)
            e = f"(i32.{op} (i32.add {a} (i32.mul {b} (i32.const {rng.choice([4, 8, 12, 24])}))) (i32.const {k}))"
        elif r < 0.7:  # the sum plus a constant as an address, masked into the memory
            e = f"(i32.load8_u (i32.and (i32.{op} (i32.add {a} {b}) (i32.const {k})) (i32.const 0xffff)))"
        elif r < 0.8:  # before a global.set (I32_ADD_IMMH_GLOBAL_SET)
            e = f"(global.set 1 (i32.{op} (i32.add {a} {b}) (i32.const {k}))) (global.get 1)"
        elif r < 0.9:  # a load's value summed (LOAD32_U_I32_ADD), then the constant
            e = f"(i32.{op} (i32.add (i32.load (i32.and {a} (i32.const 0xfff0))) {b}) (i32.const {k}))"
        else:  # a loop's counter: the add of the constant before its compare-and-branch (steps up: it ends)
            step = f"(i32.or (i32.and {a} (i32.const 0xff)) (i32.const 1))"
            e = (
                f"(local.set {t} (i32.const 0)) (loop (local.set {t} (i32.add (i32.add (local.get {t}) {step})"
                f" (i32.const {rng.choice([1, 4, 0x7FFF, 0x8000])}))) (br_if 0 (i32.lt_u (local.get {t})"
                f" (i32.and {b} (i32.const 0xff))))) (local.get {t})"
            )
        body.append(f"(local.set {acc} (i32.xor (i32.rotl (local.get {acc}) (i32.const 7)) {e}))")
    return _func(n, ["i32", "i32", "i32"], ["i32"], s, " ".join(body) + f" (local.get {acc})")


def copy_jmp(rng: random.Random, n: int) -> str:
    """Session 23's value put in a local right before a jump (format 68:
    COPY_JMP, CONST16_JMP): a local or a constant (across the 16-bit edges:
    CONST32 past them) set as an if's then arm ends (the jump over the else),
    before a br out of a block, before a label a br_if lands on (the JMP run
    alone), two values before the jump (a constant pair: CONST16_CONST16
    runs the second), an i64's constant."""
    s = Slots(rng, ["i32", "i32", "i64"])
    x, y, w = s.gets
    t, u, v = s.local("i32"), s.local("i32"), s.local("i64")
    body = [f"(local.set {t} {y})", f"(local.set {u} {x})", f"(local.set {v} {w})"]
    for _ in range(rng.randrange(2, 6)):
        a = rng.choice([x, y, f"(local.get {t})"])
        k = rng.choice([0, 1, -1, 0x7FFF, -0x8000, 0x8000, rng.choice(K16E)])
        cond = f"(i32.and {a} (i32.const {1 << rng.randrange(4)}))"
        val = rng.choice([f"(i32.const {k})", x, y, f"(local.get {t})"])
        r = rng.random()
        if r < 0.3:  # the then arm's value, then the jump over the else
            e = f"(if {cond} (then (local.set {u} {val})) (else (local.set {u} (i32.add {a} (i32.const 3)))))"
        elif r < 0.5:  # a br out of a block right after the value
            e = f"(block $o (block $z (br_if $z {cond}) (local.set {u} {val}) (br $o)) (local.set {u} (i32.const {k})))"
        elif r < 0.65:  # a br_if landing on the jump
            e = f"(block $o (block $m (local.set {u} {val}) (br_if $m {cond}) (local.set {u} (i32.const {k}))) (br $o))"
        elif r < 0.8:  # two values, then the jump
            e = f"(block $o (br_if $o {cond}) (local.set {u} {val}) (local.set {t} (i32.const {k})) (br $o))"
        else:  # an i64's constant, then the jump over the else
            e = (
                f"(if {cond} (then (local.set {v} (i64.const {k})))"
                f" (else (local.set {v} (i64.add (local.get {v}) {w}))))"
            )
        body.append(e)
        body.append(f"(local.set {t} (i32.xor (i32.rotl (local.get {t}) (i32.const 5)) (local.get {u})))")
    tail = f" (i32.xor (local.get {t}) (i32.wrap_i64 (i64.rotl (local.get {v}) (i64.const 17))))"
    return _func(n, ["i32", "i32", "i64"], ["i32"], s, " ".join(body) + tail)


def store_add(rng: random.Random, n: int) -> str:
    """Session 21's store then an add of a constant (format 66:
    STORE8_I32_ADD_IMMH, STORE32_I32_ADD_IMMH, STORE64_I32_ADD_IMMH): a
    pointer stepped after each store through it (`*p++ = v`), up or down, by
    a constant across the 16-bit edges (a wide one: no row), in a loop or
    once; the pointer starting in bounds, in the memory's last bytes (the
    store's slow path: the add runs by itself) or past its end (a trap);
    a branch landing on the add (the store skipped); near misses (a 16-bit
    store, a stored value that is an add of a constant: STORE32_XV's)."""
    s = Slots(rng, ["i32", "i32", "i32"])
    p0, v, m = s.gets
    p, cnt = s.local("i32"), s.local("i32")
    start = rng.choice(
        [
            p0,
            f"(i32.and {p0} (i32.const 0xfff8))",
            f"(i32.and {p0} (i32.const 0xfff8))",
            f"(i32.const {rng.choice([0, 64, 65520, 65528, 65532, 65535, 65536])})",
        ]
    )
    body = [f"(local.set {p} {start})"]
    for _ in range(rng.randrange(1, 4)):
        w, store = rng.choice([(1, "i32.store8"), (4, "i32.store"), (8, "i64.store"), (2, "i32.store16")])
        val = v if w != 8 else f"(i64.extend_i32_s {v})"
        if rng.random() < 0.15:  # the value an add of a constant: the store is STORE32_XV's
            val = f"(i32.add {v} (i32.const 9))" if w != 8 else f"(i64.add {val} (i64.const 9))"
        k = rng.choice([w, w, -w, 1, 0x7FFF, -0x8000, 0x8000])
        st = f"({store} (local.get {p}) {val})"
        if rng.random() < 0.2:  # a branch landing on the add, the store skipped
            st = f"(block (br_if 0 (i32.and {m} (i32.const 1))) {st})"
        step = f"(local.set {p} (i32.add (local.get {p}) (i32.const {k})))"
        if rng.random() < 0.5:
            body.append(
                f"(local.set {cnt} (i32.and {m} (i32.const 7)))"
                f" (block (loop (br_if 1 (i32.eqz (local.get {cnt}))) {st} {step}"
                f" (local.set {cnt} (i32.sub (local.get {cnt}) (i32.const 1))) (br 0)))"
            )
        else:
            body.append(f"{st} {step}")
    return _func(n, ["i32", "i32", "i32"], ["i32"], s, " ".join(body) + f" (local.get {p})")


def load_xd(rng: random.Random, n: int) -> str:
    """Session 18's loads into their own address's slot (format 56:
    LOAD8_U_XD, LOAD32_U_XD, LOAD64_XD, LOAD8_U_XRD; format 63: LOAD16_U_XD,
    LOAD32_U_XMD; format 73: I64_LOAD32_U_XD .. _XMD, and i64.load16_u's
    I64_LOAD16_U): `*(p + k)`, `*(p + q)` or `p[q]` folded into an
    accumulator at once (the load's d its address's temporary, offset 0), of
    every width the rows take and near misses (a load8_s, an offset, the
    address teed and read after, the result set to a local, the load a
    block's value a br_if may give instead); p near 0, near the end of the one
    page, beyond it, or with k wrapping it past 2^32 (x small again)."""
    s, x, y, p, acc, q, edge, body = _pointer_walk(rng, 0xFFFFFFFF)
    body.append(f"(local.set {q} (i32.and {x} (i32.const {rng.choice([0xF, 0xFFF, 0xFFFF]) if edge else 0xFF})))")
    for _ in range(rng.randrange(2, 8)):
        k = rng.choice([0, 1, 3, 4, 8, 0x100, 0x7FF0])
        if edge and rng.random() < 0.5:  # the last bytes, beyond, or p + k wrapping past 2^32 (x small again)
            k = rng.choice([0xFFF8, 0xFFFC, 0xFFFF, 0x10000, 0xFFFFFFFC, 0xFFFFFFF8, 0xFFFF0000, 0x80000000])
        ra = rng.random()
        if ra < 0.5:
            a = f"(i32.add (local.get {p}) (i32.const {k}))"
        elif ra < 0.8:  # an add of two values (LOAD8_U_XRD for a byte)
            a = f"(i32.add (local.get {p}) (local.get {q}))"
        else:  # an array element, p + q * 2^s (LOAD32_U_XMD for an i32)
            a = f"(i32.add (local.get {p}) (i32.shl (local.get {q}) (i32.const {rng.choice([1, 2, 3])})))"
        r = rng.random()
        off = f" offset={rng.choice([1, 4, 0xFFF8])}" if r < 0.1 else ""  # near miss: an offset
        if 0.1 <= r < 0.2:  # near miss: the address teed, read after
            a = f"(local.tee {q} {a})"
        if rng.random() < 0.25:  # a constant's low byte or halfword stored there first (STORE8_K, STORE16_K)
            kst = rng.choice([0, 0xAB, 0x1AB, 0xFFFF, 0x12345, -1, -0x1234])
            body.append(f"({rng.choice(['i32.store8', 'i32.store16'])}{off} {a} (i32.const {kst}))")
        w = rng.choice(
            [
                "i32.load",
                "i32.load",
                "i32.load8_u",
                "i64.load",
                "i32.load16_u",
                "i32.load8_s",
                "i64.load32_u",
                "i64.load16_u",
            ]
        )
        ld = f"({w}{off} {a})"
        wide = ld
        if w.startswith("i64."):  # (format 73: I64_LOAD32_U_XD .. _XMD; I64_LOAD16_U, unfused)
            ld = f"(i32.wrap_i64 (i64.rotl {ld} (i64.const {rng.randrange(64)})))"
        t = rng.random()
        if w in ("i64.load32_u", "i64.load16_u") and 0.6 <= t < 0.75:
            # set to an i64 local that held other high bits (I64_LOAD32_U_X, _XR, _XM)
            v = s.local("i64")
            body.append(f"(local.set {v} (i64.const {rng.choice([-1, 0x123456789, -0x80000000])}))")
            body.append(f"(local.set {v} {wide})")
            high = f"(i32.wrap_i64 (i64.rotl (local.get {v}) (i64.const 32)))"
            body.append(f"(local.set {acc} (i32.add (local.get {acc}) {high}))")
        elif t < 0.6:  # read by the op right after it
            body.append(f"(local.set {acc} (i32.xor (i32.rotl (local.get {acc}) (i32.const 5)) {ld}))")
        elif t < 0.75:  # near miss: set to a local (its d the local, x a temporary)
            body.append(f"(local.set {q} {ld})")
            body.append(f"(local.set {acc} (i32.add (local.get {acc}) (local.get {q})))")
        elif t < 0.85:  # the load a block's value, which a br_if may leave with p instead
            body.append(
                f"(local.set {acc} (i32.add (local.get {acc}) (block (result i32) "
                f"(drop (br_if 0 (local.get {p}) (i32.and {x} (i32.const 1)))) {ld})))"
            )
        else:  # summed with the next one
            body.append(f"(local.set {acc} (i32.sub {ld} (i32.load8_u (i32.add (local.get {p}) (i32.const 2)))))")
    body.append(f"(i32.xor (local.get {acc}) (i32.mul (local.get {q}) (i32.const 0x9E3779B1)))")
    return _func(n, ["i32", "i32", "i32"], ["i32"], s, " ".join(body))


def stale_before(rng: random.Random, n: int) -> str:
    """Session 34's held-out bug (lower_branch.c emit_cond: the BR_EQ / BR_NE
    operand swap read a remembered "instruction before" that the loop's fused
    back-edge had rewritten): loops whose last test is a bit test of a value
    teed there (`(x & K) == 0` or `!= 0` into br_if: BR_ANDZ / BR_ANDNZ), the
    value a load (a counter in memory the loop moves, so it ends) or a sum,
    then, after 0-2 ends, an i32.eq / i32.ne of two values, either side a
    parameter, a local, the teed value or a load, into an if or a br_if. A
    swap there is harmless (the compare is symmetric): what the old code did
    wrong was read a slot as an opcode, which only a sanitizer sees
    (docs/fuzzing.md "Session 35")."""
    s = Slots(rng, ["i32", "i32", "i32"])
    p, a, b = s.gets
    x, acc, cnt = s.local("i32"), s.local("i32"), s.local("i32")
    addr = f"(i32.and {p} (i32.const {rng.choice([0xFFF0, 0xFFFC, 0x1FFF0])}))"  # past the end: a trap
    body = [f"(local.set {acc} {b})"]
    for _ in range(rng.randrange(1, 4)):
        off = rng.choice([0, 4, 12])
        mask = rng.choice([1, 1, 3, 7, 0x10])
        if rng.random() < 0.5:  # the load teed, as planarity's: a counter in memory moved first
            step = (
                f"(i32.store offset={off} {addr} (i32.add (i32.load offset={off} {addr}) (i32.const 1)))"
                f" (local.tee {x} (i32.load offset={off} {addr}))"
            )
        else:
            step = f"(local.tee {x} (i32.add (local.get {x}) (i32.const {rng.choice([1, 1, 3])})))"
        test = rng.choice(
            [
                f"(i32.eqz (i32.and {step} (i32.const {mask})))",
                f"(i32.ne (i32.and {step} (i32.const {mask})) (i32.const 0))",
                f"(i32.eq (i32.and {step} (i32.const {mask})) (i32.const 0))",
                f"(i32.and {step} (i32.const {mask}))",
            ]
        )
        guard = f"(br_if 1 (i32.gt_u (local.tee {cnt} (i32.add (local.get {cnt}) (i32.const 1))) (i32.const 64)))"
        work = f"(local.set {acc} (i32.add (i32.rotl (local.get {acc}) (i32.const 3)) (local.get {x})))"
        guarded = rng.random() < 0.5  # its br_if 1 needs a block around the loop
        loop = f"(loop {guard if guarded else ''} {work if rng.random() < 0.5 else ''} (br_if 0 {test}))"
        for _ in range(max(rng.choice([0, 1, 1, 2]), guarded)):  # ends between the back-edge and the compare
            loop = f"(block {loop})"
        sides = [a, b, f"(local.get {x})", f"(local.get {acc})", f"(i32.load offset={rng.choice([0, 4, 12])} {addr})"]
        left, right = rng.choice(sides), rng.choice(sides)
        cmp = f"(i32.{rng.choice(['eq', 'ne'])} {left} {right})"
        r = rng.random()
        if r < 0.4:  # the held-out program's: an if whose then arm returns
            after = f"(if {cmp} (then (return (i32.xor (local.get {x}) (local.get {acc})))))"
        elif r < 0.7:
            after = f"(block (br_if 0 {cmp}) (local.set {acc} (i32.sub (local.get {acc}) (local.get {x}))))"
        else:
            after = f"(local.set {acc} (i32.add (local.get {acc}) (select {a} {b} {cmp})))"
        body.append(f"(local.set {x} {a}) (local.set {cnt} (i32.const 0)) {loop} {after}")
    body.append(f"(i32.xor (local.get {acc}) (i32.mul (local.get {x}) (i32.const 0x9E3779B1)))")
    return _func(n, ["i32", "i32", "i32"], ["i32"], s, " ".join(body))


def seq_pair(rng: random.Random, n: int) -> str:
    """Session 39's pairs run as one row (format 75: MW_LOADI_FUSED, MW_SEQ_OP_LIST):
    an i32 load right before a copy of it into another local, an i32.sub or
    i32.xor with it on either side, or an array index scaled and added
    (LOAD32_U_COPY .. LOAD32_U_I32_ADD_MUL; with a field's offset added after
    it, I32_ADD_MUL_I32_ADD_IMMH's instead); a sum kept in a local, then a
    second sum of it (I32_ADD_I32_ADD), a br_if landing on the second; a
    local copied right before a load (COPY_LOAD32_U); a store right before a
    load, of the same address or another (STORE32_LOAD32_U); the addresses
    in bounds, in the last bytes or beyond (a trap: the store stores nothing,
    the load after a store traps after the store); three locals passed to a
    call (COPY2_COPY_CALL_DEF; call_args' calls of three arguments too)."""
    s, x, y, p, acc, q, edge, body = _pointer_walk(rng, 0xFFFFFFFC)
    t = s.local("i32")

    def val() -> str:
        return rng.choice([x, y, f"(local.get {acc})", f"(local.get {t})", f"(i32.const {k16(rng)})"])

    def at(i: int) -> str:
        off = rng.choice([0, 4, 8, 0x7FFC] + ([0xFFFC, rng.choice(OFFS)] if edge else [])) + 4 * (i % 3)
        return f"offset={off} (local.get {p})"

    for i in range(rng.randrange(2, 8)):
        ld = f"(i32.load {at(i)})"
        r = rng.random()
        if r < 0.15:  # the load into a local, copied to another
            e = f"(local.set {q} {ld}) (local.set {t} (local.get {q})) (i32.add (local.get {t}) (local.get {q}))"
        elif r < 0.3:  # a subtract or xor of the load, either side
            op = rng.choice(["sub", "xor"])
            e = f"(i32.{op} {ld} {val()})" if rng.random() < 0.6 else f"(i32.{op} {val()} {ld})"
        elif r < 0.5:  # the load an array index, a field's offset added or not
            e = f"(i32.add {val()} (i32.mul {ld} (i32.const {rng.choice([4, 12, 24, 0x10001])})))"
            if rng.random() < 0.4:
                e = f"(i32.add {e} (i32.const {rng.choice([4, 8, 0x7FFF])}))"
        elif r < 0.65:  # a sum kept, then summed again; or a branch landing on the second
            if rng.random() < 0.7:
                e = f"(local.set {t} (i32.add {val()} {val()})) (i32.add (local.get {t}) {val()})"
            else:
                e = (
                    f"(local.set {t} {val()}) (block (br_if 0 (i32.and {x} (i32.const 1)))"
                    f" (local.set {t} (i32.add {val()} {val()}))) (i32.add (local.get {t}) {val()})"
                )
        elif r < 0.8:  # a local copied, then a load
            e = f"(local.set {t} {val()}) (i32.add {ld} (local.get {t}))"
        else:  # a store, then a load of the same address or another
            body.append(f"(i32.store {at(i)} {val()})")
            e = ld if rng.random() < 0.5 else f"(i32.load {at(i + 1)})"
        body.append(f"(local.set {acc} (i32.xor (i32.rotl (local.get {acc}) (i32.const 5)) (block (result i32) {e})))")
    if rng.random() < 0.5:  # three locals passed to a call (itself, y >> 4 its depth): COPY2_COPY_CALL_DEF
        d = s.local("i32")
        body.append(f"(local.set {d} (i32.shr_u {y} (i32.const 4)))")
        call = f"(call {n} (local.get {t}) (local.get {q}) (local.get {d}))"
        body.append(f"(if (local.get {d}) (then (local.set {acc} (i32.add (local.get {acc}) {call}))))")
    body.append(f"(i32.xor (local.get {acc}) (i32.mul (local.get {q}) (i32.const 0x9E3779B1)))")
    return _func(n, ["i32", "i32", "i32"], ["i32"], s, " ".join(body))


def loop_seq(rng: random.Random, n: int) -> str:
    """Session 40's pairs one program's loop runs, as one row (format 76:
    MW_LOOP_SEQ_OP_LIST): an f32 at p + k times a value plus an
    accumulator, alone or in a loop stepping p (LOAD32_U_XD_F32_MUL_ADD; the
    other factor a load before it: still the row; a subtract: F32_MUL_SUB,
    no row; a br_if landing between the load and the multiply); a byte at
    p + k, its address teed into a local (LOAD8_U_X), shifted left, or'ed
    with the last byte's bits as GCM's shift does (LOAD8_U_X_I32_SHL_IMM; not
    teed: LOAD8_U_XD, no row); p near 0, the end, beyond, or p + k wrapping
    past 2^32; MD5's step, rotl((a ^ b) + x + T, s) + b, T added or
    subtracted, wide or 16-bit (I32_ADD_I32_ADD_IMM, I32_ADD_I32_SUB_IMM,
    I32_ADD_I32_ADD_IMMH), a br_if landing on T's add."""
    s, x, y, p, acc, q, edge, body = _pointer_walk(rng, 0xFFFFFFFF)
    f, t, cnt = s.local("f32"), s.local("i32"), s.local("i32")
    body.append(f"(local.set {f} (f32.reinterpret_i32 {y}))")

    def addr() -> str:
        k = rng.choice([0, 1, 4, 8, 0x100, 0x7FF0])
        if edge and rng.random() < 0.5:  # the last bytes, beyond, or p + k wrapping past 2^32
            k = rng.choice([0xFFF8, 0xFFFC, 0xFFFF, 0x10000, 0xFFFFFFFC, 0xFFFFFFF8, 0x80000000])
        return f"(i32.add (local.get {p}) (i32.const {k}))"

    for _ in range(rng.randrange(2, 7)):
        r0 = rng.random()
        if r0 < 0.25:  # MD5's step
            k = rng.choice([0xD76AA478, 0x242070DB, 0x7FFF, 0x8000, 0x12345, 0x80000000, 0xFFFF8000])
            op = rng.choice(["add", "sub"])
            v = rng.choice([x, y, f"(local.get {q})"])
            sm = f"(i32.add (i32.xor (local.get {acc}) {v}) {rng.choice([x, y])})"
            if rng.random() < 0.2:  # a br_if landing on T's add
                body.append(f"(local.set {t} {v})")
                body.append(f"(block (br_if 0 (i32.and {y} (i32.const 2))) (local.set {t} {sm}))")
                sm = f"(local.get {t})"
            e = f"(i32.add (i32.rotl (i32.{op} {sm} (i32.const {k})) (i32.const {rng.randrange(1, 32)})) {v})"
            body.append(f"(local.set {acc} {e})")
        elif r0 < 0.6:
            ld = f"(f32.load {addr()})"
            v = rng.choice([f"(f32.reinterpret_i32 {x})", fk(rng, "f32"), f"(f32.load (local.get {p}))"])
            r = rng.random()
            if r < 0.15:  # a br_if landing between the load and the multiply
                ld = f"(block (result f32) (drop (br_if 0 {fk(rng, 'f32')} (i32.and {x} (i32.const 1)))) {ld})"
            mul = f"(f32.mul {v} {ld})" if rng.random() < 0.6 else f"(f32.mul {ld} {v})"
            e = f"(f32.{'sub' if r > 0.9 else 'add'} {mul} (local.get {f}))"
            if rng.random() < 0.3:  # in a loop over y & 7 floats, p stepping
                body.append(f"(local.set {cnt} (i32.and {y} (i32.const 7)))")
                step = f"(local.set {p} (i32.add (local.get {p}) (i32.const 4)))"
                dec = f"(local.set {cnt} (i32.sub (local.get {cnt}) (i32.const 1)))"
                body.append(
                    f"(block (loop (br_if 1 (i32.eqz (local.get {cnt}))) (local.set {f} {canon('f32', e)})"
                    f" {step} {dec} (br 0)))"
                )
            else:
                body.append(f"(local.set {f} {canon('f32', e)})")
        else:
            a = addr()
            a = f"(local.tee {q} {a})" if rng.random() < 0.8 else a
            sh = f"(i32.shl (i32.load8_u {a}) (i32.const {rng.randrange(32)}))"
            if rng.random() < 0.5:  # GCM's: the byte's bit 0 moved to bit 7, or'ed with the last one's >> 1
                last = f"(i32.shr_u (i32.and (local.get {acc}) (i32.const 0xFF)) (i32.const 1))"
                sh = f"(i32.or (i32.and {sh} (i32.const 0x80)) {last})"
            body.append(f"(local.set {t} {sh})")
            body.append(f"(local.set {acc} (i32.sub (i32.rotl (local.get {acc}) (i32.const 5)) (local.get {t})))")
    body.append(
        f"(local.set {acc} (i32.add (local.get {acc}) (i32.reinterpret_f32 {canon('f32', f'(local.get {f})')})))"
    )
    body.append(f"(i32.xor (local.get {acc}) (i32.mul (local.get {q}) (i32.const 0x9E3779B1)))")
    return _func(n, ["i32", "i32", "i32"], ["i32"], s, " ".join(body))


GENS = [
    float_imm,
    float_imm,
    mul_promote_add,
    mul_promote_add,
    mul_add_acc,
    imm16_branch,
    imm16_branch,
    float_branch,
    float_branch,
    clamp_select,
    clamp_select,
    shift_pair,
    zero_locals,
    carry_rot,
    carry_rot,
    float_rmw,
    float_rmw,
    select_cmp,
    select_cmp,
    select_sweep,
    select_sweep,
    select_sweep,
    add_rot,
    add_rot,
    block_ends,
    block_ends,
    float_load_op,
    float_load_op,
    stack_ptr,
    stack_ptr,
    global_rows,
    global_rows,
    load_add,
    load_add,
    load_store,
    load_store,
    call_args,
    call_args,
    add_branch,
    add_branch,
    load_xd,
    load_xd,
    add_add,
    add_add,
    store_add,
    store_add,
    copy_jmp,
    copy_jmp,
    stale_before,
    stale_before,
    seq_pair,
    seq_pair,
    loop_seq,
    loop_seq,
]


def module(rng: random.Random, funcs: int = 16) -> str:
    body = [rng.choice(GENS)(rng, n) for n in range(funcs)]
    # (stack_ptr's stack pointer and the global its adds set: 0 and 1; global_rows' 1, 3 and
    # the i64 2), exported: the harness compares them after each call
    globals_ = (
        '(global (export "g0") (mut i32) (i32.const 0xff00)) (global (export "g1") (mut i32) (i32.const 0))'
        ' (global (export "g2") (mut i64) (i64.const 0)) (global (export "g3") (mut i32) (i32.const 0x7ff0))'
    )
    return '(module\n  (memory (export "mem") 1 1)\n  ' + globals_ + "\n  " + "\n  ".join(body) + ")"


def arg(rng: random.Random, t: str) -> int:
    """Arguments: i32 near the constants' edges a third of the time, else fusions'."""
    if t == "i32" and rng.random() < 0.35:
        return (rng.choice(K16E) + rng.choice([-1, 0, 0, 1])) & 0xFFFFFFFF
    if t == "i64" and rng.random() < 0.2:
        return rng.choice(K16E) & (1 << 64) - 1
    if t in ("f32", "f64") and rng.random() < 0.15:
        return rng.choice(F32X if t == "f32" else F64X)
    if t in ("f32", "f64") and rng.random() < 0.6:  # the edges are the constants' job too
        # an ordinary value of any magnitude: inexact products, where two
        # roundings and one (a fused multiply-add) differ
        v = rng.uniform(-1, 1) * 2.0 ** rng.choice([rng.randrange(-30, 30), rng.randrange(-3, 4)])
        fmt = ("<I", "<f") if t == "f32" else ("<Q", "<d")
        return struct.unpack(fmt[0], struct.pack(fmt[1], v))[0]
    return edge_arg(rng, t)


def run(modules: int, seed: int, loads: list[str], out: Path = diff.OUT / "findings") -> diff.Stats:
    return diff.run_generated("fused12", module, modules, seed, loads, out, arg)


def main() -> int:
    return diff.generator_main(__doc__, run)


if __name__ == "__main__":
    sys.exit(main())
