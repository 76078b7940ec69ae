# SPDX-License-Identifier: MIT
"""Memory 0's edges for guard pages (mw_config.h MW_GUARD_PAGES) against
wasmtime: random modules whose memory 0 has 64 KiB pages (a reservation: the
MMU is the bounds test) or, one in three, a page of 1 byte (no reservation:
every access goes through the fault), 0-2 pages grown to 3 at most by an
export; every load and store width, sign extension and float, at offsets 0,
1, 7, around 64 KiB and near 2^32 (the reservation's far end, past 8 GiB:
a fault of the guard region, never an address outside it), the address plain
or a sum (the fused address rows), in loops stepping towards the end (the
fused load-and-branch rows), behind a chain of 1-7 calls (direct and through
the table: a trap several frames deep) and behind the host (the import
env.host calls the export "re" back, evict.Reenter: a trap in wasm under a
host frame); a second memory beside it (64 KiB or 1-byte pages: memories
other than 0 keep their bounds test). The arguments are addresses near each
size the memory can have (size - 9 .. size + 8), near 2^32 and small.

Built with guard pages (MW_FUZZ_CFLAGS=-DMW_GUARD_PAGES=1, the default of
this command) each module runs on diff.Differ's checked twin too: every trap
must be the checked build's (message, path, wasm offsets), every result,
memory byte and global wasmtime's. Without guard pages (MW_FUZZ_CFLAGS set
to anything else) it is one more generator of memory edges against wasmtime.

usage: python3 -m fuzz.guard [--modules 50] [--seed 1] [--load eager,lazy,budget,image]
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

from fuzz import diff, edges, evict

PAGE = 65536
LOADS = edges.LOADS  # (name, value type, width): every load
STORES = [
    ("i32.store", "i32", 4, "i32.load"),
    ("i64.store", "i64", 8, "i64.load"),
    ("f32.store", "f32", 4, "f32.load"),
    ("f64.store", "f64", 8, "f64.load"),
    ("i32.store8", "i32", 1, "i32.load8_u"),
    ("i32.store16", "i32", 2, "i32.load16_u"),
    ("i64.store8", "i64", 1, "i64.load8_u"),
    ("i64.store16", "i64", 2, "i64.load16_u"),
    ("i64.store32", "i64", 4, "i64.load32_u"),
]
# a memarg's offsets: small, around a page (the code's 16-bit offsets and
# their wide form), near 2^31 and 2^32 (an effective address past 4 GiB)
OFFSETS = ([0, 1, 7, 8], [0xFFF8, 0xFFFF, 0x10000, 0x10007, 0x1FFFF], [0x7FFFFFFF, 0xFFFFFFF8, 0xFFFFFFFF])


def addr(rng: random.Random) -> int:
    """An address: near an end the memory may have (0-3 pages), near 2^32, or small."""
    r = rng.random()
    if r < 0.7:  # mostly where the memory is (1-2 pages at the start, 3 at most)
        return (rng.choice([0, 1, 1, 2, 3]) * PAGE + rng.randrange(-16, 9)) & 0xFFFFFFFF
    if r < 0.8:
        return (1 << 32) - rng.randrange(1, 17)
    if r < 0.95:
        return rng.randrange(0, 24)
    return rng.getrandbits(32)


def arg(rng: random.Random, t: str) -> int:
    return addr(rng) if t == "i32" and rng.random() < 0.8 else diff._rand_arg(rng, t)


def memarg(rng: random.Random, mem: str, width: int) -> str:
    off = rng.choice(rng.choices(OFFSETS, [6, 3, 1])[0])
    align = rng.choice([a for a in (1, 2, 4, 8) if a <= width])
    return f"{mem} offset={off} align={align}".strip()


def address(rng: random.Random) -> str:
    """The address operand: the parameter, or a sum (the fused address rows)."""
    k = rng.choice([1, 4, 7, 8, PAGE - 8, PAGE, -8, -1])
    return rng.choice(["(local.get 0)", "(local.get 0)", f"(i32.add (local.get 0) (i32.const {k}))"])


class Module:
    """One module's text: functions exported as they are made (a{n}), a
    chain $c of calls ending in an access, and the host's callee "re"."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.funcs: list[str] = []
        self.accesses: list[str] = []  # the (i32 p) -> i32 ones, for the chain's end

    def access(self, mem: str) -> tuple[str, str, str]:
        """A load's or store's body of (param i32 p [value]): its params, result and body."""
        rng = self.rng
        if rng.random() < 0.55:
            op, t, w = rng.choice(LOADS)
            return "(param i32)", t, f"({op} {memarg(rng, mem, w)} {address(rng)})"
        op, t, w, back = rng.choice(STORES)
        m = memarg(rng, mem, w)
        # the store, then the same bytes read back (the value's own width)
        body = f"({op} {m} {address(rng)} (local.get 1)) ({back} {m} (local.get 0))"
        return f"(param i32 {t})", t, body

    def loop(self, mem: str) -> str:
        """Sum loads from p up, a width a step, until the sum's low bits say
        stop or the load traps past the end (the fused load-and-branch rows)."""
        rng = self.rng
        op, t, w = rng.choice([x for x in LOADS if x[1] == "i32"])
        k = rng.randrange(4, 40)
        return (
            f"(param i32) (result i32) (local $s i32) (local $n i32) (local.set $n (i32.const {k})) "
            f"(loop $l (local.set $s (i32.add (local.get $s) ({op} {mem} offset={rng.choice([0, 1, 8])} "
            f"(local.get 0)))) (local.set 0 (i32.add (local.get 0) (i32.const {w}))) "
            "(br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))) (local.get $s)"
        )

    def text(self) -> str:
        rng = self.rng
        tiny0 = rng.random() < 1 / 3
        pages0 = rng.choice([0, 1, 1, 2])
        size0 = pages0 * PAGE + (rng.randrange(0, 9) if tiny0 else 0)
        if tiny0:  # a memory of page size 1: sizes of bytes, grows of bytes
            mem0 = f'(memory $m0 (export "mem") {size0} {3 * PAGE} (pagesize 1))'
        else:
            mem0 = f'(memory $m0 (export "mem") {pages0} 3)'
        two = rng.random() < 0.35
        mems = [mem0]
        if two and rng.random() < 0.5:
            mems.append(f'(memory $m1 (export "mem1") {rng.randrange(1, 3) * PAGE} {3 * PAGE} (pagesize 1))')
        elif two:
            mems.append(f'(memory $m1 (export "mem1") {rng.randrange(1, 3)} 3)')
        names = ["$m0", "$m1"] if two else ["$m0"]
        # bytes at the start and the end, half of them with the sign bit (a
        # faulted signed load done by the engine extends it)
        data = []
        for at in sorted({0, max(0, size0 - 16)}):
            k = min(16, size0 - at)
            text = "".join("\\" + rng.randbytes(1).hex() for _ in range(k))
            data += [f'(data (memory $m0) (i32.const {at}) "{text}")'] if k > 0 else []
        n = 0
        for _ in range(rng.randrange(8, 24)):
            mem = rng.choices(names, [4, 1] if two else [1])[0]
            mem = "" if mem == "$m0" and rng.random() < 0.5 else mem  # memory 0 named or not
            if rng.random() < 0.12:
                self.funcs.append(f'(func (export "a{n}") {self.loop(mem)})')
            else:
                ps, t, body = self.access(mem)
                self.funcs.append(f'(func $a{n} (export "a{n}") {ps} (result {t}) {body})')
                if ps == "(param i32)" and t == "i32":
                    self.accesses.append(f"$a{n}")
            n += 1
        if not self.accesses:
            self.funcs.append("(func $a (param i32) (result i32) (i32.load8_u (local.get 0)))")
            self.accesses.append("$a")
        # $c: depth (masked to 0..7), p -> an access at p once the depth is
        # 0, each level adding to what it returns (a trap several frames deep);
        # every other level through the table
        ends = " ".join(
            f"(if (i32.eq (local.get 2) (i32.const {i})) (then (return (call {a} (local.get 1)))))"
            for i, a in enumerate(self.accesses)
        )
        depth = "(i32.sub (i32.and (local.get 0) (i32.const 7)) (i32.const 1))"
        chain = (
            "(func $c (type $t) (param i32 i32) (result i32) (local i32) "
            "(local.set 2 (i32.rem_u (i32.shr_u (local.get 0) (i32.const 3)) "
            f"(i32.const {len(self.accesses)}))) "
            f"(if (i32.eqz (i32.and (local.get 0) (i32.const 7))) (then {ends} (unreachable))) "
            "(i32.add (i32.const 1) (if (result i32) (i32.and (local.get 0) (i32.const 1)) "
            f"(then (call $c {depth} (local.get 1))) "
            f"(else (call_indirect (type $t) {depth} (local.get 1) (i32.const 0))))))"
        )
        deep = '(func (export "deep") (param i32 i32) (result i32) (call $c (local.get 0) (local.get 1)))'
        # the host calls "re" back: a chain under a host frame; "h" goes there
        back = '(func $re (export "re") (param i32) (result i32) (call $c (i32.const 3) (local.get 0)))'
        via_host = '(func (export "h") (param i32) (result i32) (i32.add (i32.const 1) (call $host (local.get 0))))'
        grow = (
            '(func (export "grow") (param i32) (result i32) '
            f"(memory.grow $m0 (i32.and (local.get 0) (i32.const {1 if not tiny0 else 0x1FFFF}))))"
        )
        return "\n".join(
            [
                "(module",
                "(type $t (func (param i32 i32) (result i32)))",
                '(import "env" "host" (func $host (param i32) (result i32)))',
                *mems,
                "(table 1 funcref) (elem (i32.const 0) $c)",
                *data,
                *self.funcs,
                chain,
                deep,
                back,
                via_host,
                grow,
                ")",
            ]
        )


def module(rng: random.Random) -> str:
    return Module(rng).text()


def run(modules: int, seed: int, loads: list[str], out: Path = diff.OUT / "findings") -> diff.Stats:
    os.environ.setdefault("MW_FUZZ_CFLAGS", "-DMW_GUARD_PAGES=1")
    return diff.run_generated("guard", module, modules, seed, loads, out, arg, evict.Reenter)


def main() -> int:
    return diff.generator_main(__doc__, run, default_load="eager,lazy,budget,image")


if __name__ == "__main__":
    sys.exit(main())
