# SPDX-License-Identifier: MIT
"""Calls between two instances against wasmtime: a provider module A (its
memory, a mutable global, a table and functions exported) and a module B
importing all of them, with its own memory (memory 1) and table. The
functions of both call each other directly, through A's table (which B's
element segment fills with B's functions) and through B's table (which holds
A's imported functions beside B's own): every call may switch instances and
back (a frame stores the caller's instance only on a switch; MW_FAST_CALLS'
CALL_INDIRECT same-instance path must look at the callee's instance, not the
table's). After each call a function touches its own memory and global, so a
wrong instance (memory base, globals) after a return shows in the memories.
Tables also hold functions of another type and empty entries (traps: type
mismatch, uninitialized, out of range), some functions trap at a depth, and
some have frames around 256 slots.

B re-exports A's memory, global and functions, so diff.Differ's calls and
state checks (results bit for bit, trap kinds, both memories, the global)
see both instances. Our side loads both modules in each load mode.

usage: python3 -m fuzz.xinst [--modules 50] [--seed 1] [--load eager,lazy,budget]
"""

from __future__ import annotations

import ctypes as C
import hashlib
import random
import subprocess
import sys
from pathlib import Path

from fuzz import diff

NA, NB = 6, 6  # functions of type $t in A and in B
TAB = 16  # entries of each table
K = [0, 1, -1, 7, 0x7FFF, 0x8000, -0x8000, 0xFFFF, 0x10000, 0x7FFFFFFF, -0x80000000]


class Side:
    """The body of one function of type $t = (i32 x, i32 depth) -> i32 in
    module `mod` ("a" or "b"), calling only with depth - 1 while depth > 0."""

    def __init__(self, rng: random.Random, mod: str, shared: bool = False) -> None:
        self.rng = rng
        self.mod = mod
        self.shared = shared  # B imports A's memory (its memory 0; its own is 1)

    def callee(self) -> str:
        """A direct call target: own functions, and in B A's imported ones."""
        rng = self.rng
        if self.mod == "a":
            return f"$a{rng.randrange(NA)}"
        return f"$ia{rng.randrange(NA)}" if rng.random() < 0.6 else f"$b{rng.randrange(NB)}"

    def index(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.4:
            return f"(i32.const {rng.randrange(TAB + (rng.random() < 0.1))})"  # TAB: out of range
        if r < 0.8:
            return f"(i32.and (local.get $acc) (i32.const {TAB - 1}))"
        return f"(i32.rem_u (local.get 0) (i32.const {TAB + 2}))"

    def stmt(self) -> str:
        rng = self.rng
        acc = "(local.get $acc)"
        down = "(i32.sub (local.get 1) (i32.const 1))"
        r = rng.random()
        if r < 0.2:
            op = rng.choice(["add", "xor", "mul", "rotl", "sub"])
            return f"(local.set $acc (i32.{op} {acc} (i32.const {rng.choice(K)})))"
        if r < 0.45:
            call = f"(call {self.callee()} {acc} {down})"
        elif r < 0.7:
            tab = "$atab" if self.mod == "b" and rng.random() < 0.5 else "$tab"
            call = f"(call_indirect {tab} (type $t) {acc} {down} {self.index()})"
        elif r < 0.8:  # a cross-module tail position: the call's value returned at once
            tab = "$atab" if self.mod == "b" else "$tab"
            return (
                f"(if (i32.gt_s (local.get 1) (i32.const 0)) (then (return (call_indirect {tab} (type $t)"
                f" {acc} {down} {self.index()}))))"
            )
        elif r < 0.88:  # own memory and global, read back
            a = f"(i32.and {acc} (i32.const 0xfffc))"
            # (a constant added: GLOBAL_GET_ADD_SET, in B also on its import of A's global)
            k = f"(i32.const {rng.choice([-32768, -16, 16, 32767])})" if rng.random() < 0.5 else acc
            g = "$g" if self.mod == "b" and rng.random() < 0.5 else self.glob
            return (
                f"(i32.store {self.mem} {a} (i32.add (i32.load {self.mem} {a}) (local.get 0)))"
                f" (global.set {g} (i32.add (global.get {g}) {k}))"
                f" (local.set $acc (i32.xor {acc} (global.get {g})))"
            )
        elif r < 0.93:  # a trap at a depth
            return (
                f"(if (i32.eq (i32.and {acc} (i32.const 0x1f)) (i32.const {rng.randrange(32)}))"
                f" (then (drop (i32.div_u {acc} (i32.const 0)))))"
            )
        else:
            return f"(if (i32.eq (i32.and {acc} (i32.const 0xff)) (i32.const {rng.randrange(256)})) (then unreachable))"
        # after the call: the own memory and global, so a wrong instance shows
        a = f"(i32.and {acc} (i32.const 0xfff8))"
        return (
            f"(if (i32.gt_s (local.get 1) (i32.const 0)) (then (local.set $acc (i32.add {acc} {call}))))"
            f" (i32.store {self.mem} offset={rng.choice([0, 4, 8])} {a} {acc})"
            f" (local.set $acc (i32.add {acc} (i32.load {self.mem} {a})))"
        )

    @property
    def mem(self) -> str:
        return "0" if self.mod == "a" or not self.shared else "1"

    @property
    def glob(self) -> str:
        return "$g" if self.mod == "a" else "$bg"

    def func(self, name: str, export: bool) -> str:
        rng = self.rng
        n = rng.randrange(250, 262) if rng.random() < 0.25 else rng.randrange(0, 6)
        pad = f" (local {' '.join(['i64'] * n)})" if n else ""
        # locals read before any write are zero (spec 4.4.10), however dirty
        # the value stack is from the calls before: some are mixed into acc
        # first, some after the calls
        zero = [
            f"(local.set $acc (i32.add (local.get $acc) (i32.wrap_i64 (local.get {2 + rng.randrange(n)}))))"
            for _ in range(rng.randrange(3) if n else 0)
        ]
        body = [self.stmt() for _ in range(rng.randrange(2, 7))]
        for z in zero:
            body.insert(rng.randrange(len(body) + 1), z)
        ex = f' (export "{name[1:]}")' if export else ""
        return (
            f"(func {name}{ex} (type $t){pad} (local $acc i32) (local.set $acc (local.get 0))"
            f" {' '.join(body)} (local.get $acc))"
        )


def other_funcs(mod: str) -> str:
    """A function of another type (i64) -> i64 (a type mismatch when called as $t)."""
    return f"(func ${mod}w (type $w) (i64.mul (local.get 0) (i64.const 3)))"


def elems(rng: random.Random, table: str, names: list[str], start: int, end: int, full: bool = False) -> str:
    """An active segment in [start, end) of table (full: all of it but maybe
    the last entry, a hole; the others overwrite some entries)."""
    k = start if full else rng.randrange(start, end)
    n = end - k - (rng.random() < 0.3) if full else rng.randrange(1, end - k + 1)
    return f"(elem (table {table}) (i32.const {k}) func {' '.join(rng.choice(names) for _ in range(n))})"


def modules(rng: random.Random) -> tuple[str, str]:
    types = "(type $t (func (param i32 i32) (result i32))) (type $w (func (param i64) (result i64)))"
    a_names = [f"$a{i}" for i in range(NA)]
    a = [
        types,
        '(memory (export "mem") 1 1)',
        '(global $g (export "g") (mut i32) (i32.const 0))',
        f'(table $tab (export "tab") {TAB} funcref)',
        other_funcs("a"),
        elems(rng, "$tab", a_names, 0, 8, True),
        elems(rng, "$tab", a_names + ["$aw"], 0, 8),
    ]
    a += [Side(rng, "a").func(n, True) for n in a_names]
    b_names = [f"$b{i}" for i in range(NB)]
    ia = [f"$ia{i}" for i in range(NA)]
    b = [types] + [f'(import "a" "a{i}" (func $ia{i} (type $t)))' for i in range(NA)]
    # half the pairs share A's memory as B's memory 0 (B's own is 1); in the
    # others B's memory 0 is its own, so a call back must switch memory 0 too
    shared = rng.random() < 0.5
    b += ['(import "a" "tab" (table $atab 16 funcref))']
    b += ['(import "a" "mem" (memory 1 1))', '(export "amem" (memory 0))'] if shared else []
    b += [
        '(import "a" "g" (global $g (mut i32)))',
        '(memory (export "bmem") 1 1)',
        '(global $bg (export "bg") (mut i32) (i32.const 0))',
        f'(table $tab (export "btab") {TAB} funcref)',
        '(export "ag" (global $g))',
        other_funcs("b"),
        elems(rng, "$atab", b_names, 8, TAB, True),
        elems(rng, "$atab", b_names + ["$bw"], 8, TAB),
        elems(rng, "$tab", ia + b_names, 0, TAB, True),
        elems(rng, "$tab", ia + b_names + ["$bw"], 0, TAB),
    ]
    b += [f'(export "ia{i}" (func $ia{i}))' for i in range(NA)]
    b += [Side(rng, "b", shared).func(n, True) for n in b_names]
    return "(module\n  " + "\n  ".join(a) + ")", "(module\n  " + "\n  ".join(b) + ")"


def arg(rng: random.Random, t: str) -> int:
    """x: any; depth (the second argument) 0..4 mostly."""
    return rng.getrandbits(32) if rng.random() < 0.5 else rng.choice(K) & 0xFFFFFFFF


class XDiffer(diff.Differ):
    """diff.Differ for a pair: A, then B instantiated twice with A's exports,
    but the second B's table import is the first B's own table: its element
    segment puts its functions into the first's table (entries 8..15) and
    its call_indirect through that table reaches the first B's functions,
    another instance of its own module; after each call the exported
    memories and globals of all three are compared."""

    def _state(self, data, where, mine_exports, store, exports) -> bool:
        return all(super(XDiffer, self)._state(data, f"{where} ({k})", m, store, t) for k, m, t in self.insts)

    def _instance(self, m: int, wmod, imports: tuple[dict, dict], store) -> tuple[int | None, object, str]:
        """Ours and wasmtime's instance of a module importing from `imports`."""
        st = C.c_int()
        names = [i.name for i in wmod.imports]
        ents = (C.c_void_p * (len(names) + 1))(*[imports[0][n] for n in names])
        inst = self.ours.L.sh_instantiate(self.ours.rt, m, ents, C.byref(st))
        winst = self.wt.Instance(store, wmod, [imports[1][n] for n in names])
        return inst, winst, self.ours.status(st.value) if st.value else ""

    def pair(self, a: bytes, b: bytes, origin: str, load: str) -> None:
        wt, L, rt = self.wt, self.ours.L, self.ours.rt
        origin += f" load={load}"
        ma, why = self.ours.load(a, *diff.mode(load))
        mb, whyb = self.ours.load(b, *diff.mode(load)) if ma else (None, "")
        if not (ma and mb):
            self.finding("load", a + b, f"{origin}: we refuse: {why or whyb}")
            return
        self.stats.modules += 1
        self.stats.loads[load] = self.stats.loads.get(load, 0) + 1
        store = wt.Store(self.engine)
        store.set_fuel(diff.FUEL_WASMTIME)
        ours: list[int] = []
        try:
            self.insts = []
            wmods = {"A": wt.Module(self.engine, a), "B1": wt.Module(self.engine, b)}
            wmods["B2"] = wmods["B1"]
            for k, m in (("A", ma), ("B1", mb), ("B2", mb)):
                imports: tuple[dict, dict] = ({}, {})
                if self.insts:  # A's exports; B2's table import: B1's own table
                    imports = (dict(self.insts[0][1]), dict(self.insts[0][2]))
                    if k == "B2":
                        imports[0]["tab"], imports[1]["tab"] = self.insts[1][1]["btab"], self.insts[1][2]["btab"]
                inst, winst, err = self._instance(m, wmods[k], imports, store)
                if not inst:
                    self.finding("inst", a + b, f"{origin}: {k}: ours {err}, wasmtime instantiated")
                    return
                ours.append(inst)
                self.insts.append((k, self.ours.exports(inst), winst.exports(store)))
            self.stats.compared += 1
            rng = random.Random(hashlib.sha1(a + b).digest())
            for _, mine, exports in self.insts[1:]:
                for name, item in exports.items():
                    if not isinstance(item, wt.Func):
                        continue
                    for _ in range(diff.CALLS):
                        args = [arg(rng, "i32"), rng.choice([0, 1, 2, 3, 4])]
                        if not self._call(
                            a + b,
                            origin,
                            mine,
                            store,
                            exports,
                            name,
                            item,
                            C.c_void_p(mine[name]),
                            ["i32", "i32"],
                            ["i32"],
                            args,
                        ):
                            return
        finally:
            for inst in reversed(ours):
                L.sh_instance_free(rt, inst)
            L.sh_module_free(rt, mb)
            L.sh_module_free(rt, ma)


def run(modules_n: int, seed: int, loads: list[str], out: Path = diff.OUT / "findings") -> diff.Stats:
    stats = diff.Stats()
    d = XDiffer(diff.build_shim(), out, stats)
    rng = random.Random(seed)
    parse = [diff.tool("wasm-tools"), "parse", "-"]
    for n in range(modules_n):
        wa, wb = modules(rng)
        a = subprocess.run(parse, input=wa.encode(), capture_output=True, check=True).stdout
        b = subprocess.run(parse, input=wb.encode(), capture_output=True, check=True).stdout
        for load in loads:
            d.pair(a, b, f"xinst seed={seed} n={n}", load)
    return stats


def main() -> int:
    return diff.generator_main(__doc__, run)


if __name__ == "__main__":
    sys.exit(main())
