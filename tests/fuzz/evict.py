# SPDX-License-Identifier: MIT
"""Recursion through evicting calls against wasmtime: modules of functions
that call each other (directly, through a table, in loops and br_table arms,
one to three calls deep per body, recursion 0..7 or a chain up to 40 frames
deep) loaded lazily under tiny code budgets (docs/engine.md "Lowering on first
call", its code budget):
every call may lower its callee and evict the code of callers still on the
stack, which then return into code lowered again. Each function records its
entry in memory (a call-order trace: a missed, repeated or reordered call
changes the bytes), keeps locals and a value on the operand stack across its
calls (a frame restored wrong after the return shows) and pads its body so
the code of a few functions fills a budget. Some calls go through the table
to a function of another type or an empty entry (traps deep in the stack,
then the next call runs on the same, partly evicted code).

Some calls go through the host (the import env.host calls the export "re"
back, Reenter): the caller's code cannot move while the call is in C.

Each module goes through diff.Differ (results, traps, memory) in each load
mode; `budgetN` is a lazy load under a code budget of N bytes (1: every
lowering evicts all the others; a few hundred bytes: second chance picks),
`budgetpP` one of P percent of the module's code section. The shim is built
with -DMW_LAZY_TRACE and a code arena from 64 bytes up (--arena-min; the
builds' MW_CODE_ARENA_MIN is 4096, which no budget here reached), so under
30-100% the arena is the budget and fills: compaction moves callers' code
under their frames, stops part way, falls short behind a caller pinned in a
host call and drops more. The summary's `lazy` counts each path
(tests/fuzz/lazy_count.c, docs/fuzzing.md).

--threaded (session 43): the shim threaded as an x86-64 host's code is
(mw_config.h MW_THREADED: 2.2x the compact units, MW_CODE_RAM_SCALE), its
default budgets the compact ones times 2.25 (THREADED_LOADS: the same
shares of the arena filled); with MW_FUZZ_TWIN_CFLAGS=-DMW_THREADED=0 every
module runs on the compact build too, its traps' messages, paths and
offsets the same.

usage: python3 -m fuzz.evict [--modules 50] [--seed 1] [--load lazy,budget,...,budgetp140] [--arena-min 64] [--threaded]
"""

from __future__ import annotations

import ctypes as C
import random
import sys
from pathlib import Path

from fuzz import diff

LOADS = "lazy,budget,budget600,budget1000,budgetp30,budgetp60,budgetp100,budgetp140"
# LOADS for threaded code (mw_config.h MW_CODE_RAM_SCALE, 225%): the budgets
# 2.25x, so as many functions fill them; budgetp315 still under the arena's
# cap there (MW_CODE_ARENA_CAP, 350)
THREADED_LOADS = "lazy,budget,budget1350,budget2250,budgetp68,budgetp135,budgetp225,budgetp315"
TAB = 12  # table entries: the functions, one of another type, holes


class Body:
    """Function `i` of `n` (type $t: (i32 depth, i32 x) -> i32), calling with
    depth - 1 while depth > 0 (depth masked to 0..7 at entry, chains 0..40)."""

    def __init__(self, rng: random.Random, i: int, n: int, big: bool = False) -> None:
        self.rng, self.i, self.n = rng, i, n
        self.chain = rng.random() < 0.2  # one call a level, deep
        # most of the module's code: larger than the arena of a budgetp
        # load, so its block is its own and, while it runs, does not count
        # against the budget (lazy.c running_held; session 34)
        self.big = big

    def x(self) -> str:
        """An i32 expression of the parameters and the locals."""
        rng = self.rng
        a = rng.choice(["(local.get 1)", "(local.get 2)", "(local.get 3)", "(local.get 0)"])
        k = rng.choice([1, 3, 7, 255, 0x8000, -1, 0x7FFFFFFF, 12345])
        op = rng.choice(["add", "sub", "xor", "mul", "rotl", "and", "or", "shr_u"])
        return f"(i32.{op} {a} (i32.const {k}))"

    def call(self) -> str:
        """One call with depth - 1: direct, or through the table (its index
        from x: another type or a hole traps, mostly in range)."""
        rng = self.rng
        args = f"(i32.sub (local.get 0) (i32.const 1)) {self.x()}"
        if rng.random() < 0.12:
            # through the host, which calls $re back: this frame's code
            # cannot move while the call is in C (arena_compact pins it)
            return f"(i32.xor (call $host (i32.sub (local.get 0) (i32.const 1))) {self.x()})"
        if rng.random() < 0.6:
            return f"(call $f{rng.randrange(self.n)} {args})"
        if rng.random() < 0.85:
            idx = f"(i32.const {rng.randrange(self.n)})"
        else:
            idx = f"(i32.rem_u {self.x()} (i32.const {TAB}))"
        return f"(call_indirect (type $t) {args} {idx})"

    def pad(self) -> str:
        """Arithmetic on local 3 (the body's size: a few of them fill a budget)."""
        rng = self.rng
        n = rng.randrange(60, 160) if self.big else rng.randrange(0, 12)
        return " ".join(f"(local.set 3 {self.x()})" for _ in range(n))

    def recurse(self) -> str:
        """The depth > 0 arm: calls combined with values kept across them."""
        rng = self.rng
        if self.chain:
            return f"(i32.add {self.x()} {self.call()})"  # x() evaluated before, kept on the stack
        shape = rng.randrange(4)
        if shape == 0:  # two calls, a value held under each
            return f"(i32.xor (i32.add {self.x()} {self.call()}) {self.call()})"
        if shape == 1:  # a loop of two calls accumulating in local 2
            return (
                f"(local.set 4 (i32.const 2)) (loop $l (local.set 2 (i32.add (i32.rotl (local.get 2) "
                f"(i32.const 5)) {self.call()})) {self.pad()} (br_if $l (local.tee 4 (i32.sub "
                f"(local.get 4) (i32.const 1))))) (local.get 2)"
            )
        if shape == 2:  # a br_table picks which call
            arms = [self.call() for _ in range(3)]
            return (
                f"(block $d (block $c (block $b (block $a (br_table $a $b $c $d (i32.and {self.x()} "
                f"(i32.const 3)))) (local.set 2 {arms[0]}) (br $d)) (local.set 2 {arms[1]}) (br $d))"
                f" (local.set 2 {arms[2]})) (local.get 2)"
            )
        # a call whose result is a condition, then another
        return f"(if (result i32) {self.call()} (then {self.call()}) (else (i32.mul (local.get 3) (i32.const 3))))"

    def text(self) -> str:
        limit = (
            "(local.set 0 (i32.rem_u (local.get 0) (i32.const 41)))"
            if self.chain
            else "(local.set 0 (i32.and (local.get 0) (i32.const 7)))"
        )
        trace = (
            f"(i32.store offset={4 * self.i} (i32.const 0) (i32.add (i32.rotl (i32.load offset={4 * self.i}"
            f" (i32.const 0)) (i32.const 3)) (i32.xor (local.get 0) (local.get 1))))"
        )
        body = (
            f"{limit} {trace} (local.set 3 {self.x()}) {self.pad()} "
            f"(if (result i32) (i32.eqz (local.get 0)) (then {self.x()}) (else {self.recurse()}))"
        )
        return (
            f'(func $f{self.i} (export "f{self.i}") (type $t) (local i32 i32 i32)\n'
            f"    (local.set 2 (i32.const {self.i})) {body})"
        )


def module(rng: random.Random) -> str:
    n = rng.randrange(3, 10)
    # a third of the modules have a function larger than the others together
    # (padded in each of its loops and arms), which the host call re-enters half the time
    big = rng.randrange(n) if rng.random() < 0.35 else -1
    funcs = [Body(rng, i, n, i == big).text() for i in range(n)]
    other = '(func $o (export "o") (type $u) (f64.const 1.5))'
    # what the host import calls back (Reenter): one of the functions, the depth passed on
    target = big if big >= 0 and rng.random() < 0.5 else rng.randrange(n)
    back = f'(func $re (export "re") (param i32) (result i32) (call $f{target} (local.get 0) (i32.const 7)))'
    slots = [f"$f{i}" for i in range(n)] + ["$o"]
    rng.shuffle(slots)
    elems = " ".join(slots[: TAB - 1])
    return (
        "(module\n  (type $t (func (param i32 i32) (result i32)))\n"
        "  (type $u (func (param i32 i32) (result f64)))\n"
        '  (import "env" "host" (func $host (param i32) (result i32)))\n'
        f"  {back}\n"
        f'  (memory (export "mem") 1 1)\n  (table {TAB} funcref)\n  (elem (i32.const 0) func {elems})\n  '
        + "\n  ".join(funcs)
        + f"\n  {other})"
    )


def arg(rng: random.Random, t: str) -> int:
    """Depths and x: small numbers mostly (the depth is masked in the body)."""
    if t == "i32" and rng.random() < 0.6:
        return rng.randrange(0, 12)
    return diff._rand_arg(rng, t)


class Reenter(diff.Differ):
    """diff.Differ with the modules' import env.host: a host function calling
    the instance's export "re" back with its argument, on both sides (ours:
    diff_extra.c sh_reenter)."""

    def __init__(self, lib: Path, out: Path, stats: diff.Stats) -> None:
        super().__init__(lib, out, stats)
        L = self.ours.L
        L.sh_reenter_func.restype = C.c_void_p
        L.sh_reenter_func.argtypes = [C.c_void_p]
        L.sh_reenter_target.argtypes = [C.c_void_p]
        L.sh_grow_target.argtypes = [C.c_void_p, C.c_void_p]
        exports = self.ours.exports

        def targeted(inst: int) -> dict[str, int]:
            # called once the instance is made: the host's callee is its "re"
            found = exports(inst)
            L.sh_grow_target(self.ours.rt, None)  # the runtime sh_reenter calls on
            L.sh_reenter_target(found.get("re"))
            return found

        self.ours.exports = targeted

    def _imports(self, m, wmod, store):
        wt, L = self.wt, self.ours.L
        i32 = wt.FuncType([wt.ValType.i32()], [wt.ValType.i32()])
        L.sh_reenter_target(None)
        f = L.sh_reenter_func(self.ours.rt)
        back = wt.Func(store, i32, lambda caller, n: caller["re"](caller, n), access_caller=True)
        return [back], (C.c_void_p * 2)(f), [f]


def run(
    modules: int,
    seed: int,
    loads: list[str],
    out: Path = diff.OUT / "findings",
    arena_min: int = diff.TRACE_ARENA_MIN,
    threaded: bool = False,
) -> diff.Stats:
    """arena_min: the fuzz build's MW_CODE_ARENA_MIN (4096, the builds' own,
    puts every budget under 4 KiB in blocks of their own on the heap, where
    ASan sees code used after it was freed); threaded: the shim's code
    threaded, LOADS asked for meaning THREADED_LOADS."""
    diff.TRACE = True  # the paths reached, counted (Stats.lazy); an arena for small budgets
    diff.TRACE_ARENA_MIN = arena_min
    diff.TRACE_THREADED = threaded
    if threaded and loads == LOADS.split(","):
        loads = THREADED_LOADS.split(",")
    return diff.run_generated("evict", module, modules, seed, loads, out, arg, Reenter)


def main() -> int:
    def args(ap) -> None:
        ap.add_argument("--arena-min", type=int, default=diff.TRACE_ARENA_MIN, help="MW_CODE_ARENA_MIN of the build")
        ap.add_argument("--threaded", action="store_true", help="threaded code (x86-64 host), THREADED_LOADS")

    return diff.generator_main(__doc__, run, args, default_load=LOADS)


if __name__ == "__main__":
    sys.exit(main())
