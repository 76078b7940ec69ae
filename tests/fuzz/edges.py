# SPDX-License-Identifier: MIT
"""Memory edges against wasmtime, where generated modules rarely go: for a
memory of every size 0..16 bytes (custom-page-sizes, page size 1), every
load and store width (and sign extension) at offsets 0, 1, 3, 7, 8,
2^32 - 8 and around 16 bits (0x7fff, 0x8000, 0xffff, 0x10000: the lowered
code keeps an offset up to 0xffff in one unit, larger ones in a wide form),
at each address from 9 bytes below the end to one past it (for the 16-bit
offsets: the addresses that put the access there, and those that wrap past
2^32), at 0 and near 2^32; the same with the address an i32.add of a
constant (the fused address forms); one memory of 0x10009 bytes, where the
16-bit offsets reach inside it; stores of constants (STORE32_K, STORE64_K, an i64 too wide for
them, floats); the fused load-and-branch forms (MW_LOAD_BR_FUSED); then the
memory grown by 3 bytes and the loads again at the new end; and two loops
whose loads and branches are fused while the memory grows between their
iterations, by memory.grow and by a host function (the cached base and
limit must follow); a function re-entered through a host import while
helpers are lowered around it (under a code budget: evicting each other).
Each module is loaded eagerly, lazily, or lazily under a code budget of
1 byte (diff.LOAD_MODES). Every call's result or trap kind,
and the memory's bytes after every store, must be wasmtime's.

With a twin (diff.twin_flags: guard pages' checked build, or
$MW_FUZZ_TWIN_CFLAGS, e.g. -DMW_THREADED=0: the compact build beside the
threaded one) every module runs on the twin too, and every trap must be the
twin's: the same message, path and wasm offsets (session 43).

usage: python3 -m fuzz.edges [--sizes 0-16,65545] [--load eager,lazy,budget]
"""

from __future__ import annotations

import argparse
import ctypes as C
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from fuzz import diff

LOADS = [
    ("i32.load", "i32", 4),
    ("i64.load", "i64", 8),
    ("f32.load", "f32", 4),
    ("f64.load", "f64", 8),
    ("i32.load8_s", "i32", 1),
    ("i32.load8_u", "i32", 1),
    ("i32.load16_s", "i32", 2),
    ("i32.load16_u", "i32", 2),
    ("i64.load8_s", "i64", 1),
    ("i64.load8_u", "i64", 1),
    ("i64.load16_s", "i64", 2),
    ("i64.load16_u", "i64", 2),
    ("i64.load32_s", "i64", 4),
    ("i64.load32_u", "i64", 4),
]
STORES = [
    ("i32.store", "i32"),
    ("i64.store", "i64"),
    ("f32.store", "f32"),
    ("f64.store", "f64"),
    ("i32.store8", "i32"),
    ("i32.store16", "i32"),
    ("i64.store8", "i64"),
    ("i64.store16", "i64"),
    ("i64.store32", "i64"),
]
# stores of constants: STORE32_K (i32, f32), STORE64_K (i64/f64 whose bits fit
# 32 signed), and an i64 too wide for it
CONST_STORES = [
    ("i32.store", "(i32.const 0xc0ffee11)"),
    ("i64.store", "(i64.const -2)"),
    ("i64.store", "(i64.const 0x1234567890)"),
    ("f32.store", "(f32.const 1.5)"),
    ("f64.store", "(f64.const -0)"),
    ("i32.store8", "(i32.const 0x1ab)"),
    ("i64.store32", "(i64.const 0x7fffffff)"),
]
# around 16 bits: MW_MAX_OFF16 (0xffff) is the largest offset kept in one unit
WIDE = (0x7FFF, 0x8000, 0xFFFF, 0x10000)
OFFSETS = (0, 1, 3, 7, 8, 0xFFFFFFF8) + WIDE
BR_OFFSETS = (0, 1, 7) + WIDE
ADD_K = 3  # the constant the x-loads add to their address (fused address forms)
BIG = 0x10009  # a memory the 16-bit offsets reach inside
# fused load-and-branch forms: (name, wat condition on the loaded value v); 1 if taken, else 2
BRANCHES = [
    ("eq8", "i32.load8_u", "(i32.eq {v} (i32.const 7))"),
    ("nz8", "i32.load8_u", "{v}"),
    ("andz8", "i32.load8_u", "(i32.eqz (i32.and {v} (i32.const 5)))"),
    ("ne32", "i32.load", "(i32.ne {v} (i32.const 0x04030201))"),
    ("andnz32", "i32.load", "(i32.and {v} (i32.const 0x80000001))"),
    ("eqloc32", "i32.load", "(i32.eq {v} (local.get 1))"),
]
VALUES = {"i32": 0xA1B2C3D4, "i64": 0x8877665544332211, "f32": 0x7FA00001, "f64": 0xFFF4000000000001}


def module(size: int) -> str:
    """The edge module for a memory of `size` one-byte pages (max size + 16)."""
    data = "".join(f"\\{(i + 1) & 0xFF:02x}" for i in range(size))
    out = [
        "(module",
        '  (import "env" "grow" (func $hgrow (param i32) (result i32)))',
        '  (import "env" "reenter" (func $re (param i32) (result i32)))',
        f'  (memory (export "mem") {size} {size + 16} (pagesize 1))',
        f'  (data (i32.const 0) "{data}")' if size else "",
        '  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))',
    ]
    for i, (op, t, _) in enumerate(LOADS):
        for o in OFFSETS:
            out.append(f'  (func (export "l{i}_{o}") (param i32) (result {t}) ({op} offset={o} (local.get 0)))')
            out.append(
                f'  (func (export "x{i}_{o}") (param i32) (result {t})'
                f" ({op} offset={o} (i32.add (local.get 0) (i32.const {ADD_K}))))"
            )
    for i, (op, t) in enumerate(STORES):
        for o in OFFSETS:
            out.append(f'  (func (export "s{i}_{o}") (param i32 {t}) ({op} offset={o} (local.get 0) (local.get 1)))')
    for i, (op, k) in enumerate(CONST_STORES):
        for o in OFFSETS:
            out.append(f'  (func (export "k{i}_{o}") (param i32) ({op} offset={o} (local.get 0) {k}))')
    for name, op, cond in BRANCHES:
        for o in BR_OFFSETS:
            c = cond.format(v=f"({op} offset={o} (local.get 0))")
            out.append(
                f'  (func (export "b{name}_{o}") (param i32 i32) (result i32)'
                f" (block $t (br_if $t {c}) (return (i32.const 2))) (i32.const 1))"
            )
    # count non-zero bytes from p, growing the memory by one zero byte each
    # step (memory.grow, or the host's grow) and then marking the byte read
    # (a store through a stale base would not reach the memory): the load
    # and the loop's exit branch are fused
    for name, grow in (("walk", "memory.grow"), ("hwalk", "call $hgrow")):
        out.append(
            f'  (func (export "{name}") (param i32) (result i32) (local i32)'
            f" (block $done (loop $l"
            f" (br_if $done (i32.eqz (i32.load8_u (local.get 0))))"
            f" (drop ({grow} (i32.const 1)))"
            f" (i32.store8 (local.get 0) (i32.const 0xee))"
            f" (local.set 0 (i32.add (local.get 0) (i32.const 1)))"
            f" (local.set 1 (i32.add (local.get 1) (i32.const 1)))"
            f" (br $l)))"
            f" (local.get 1))"
        )
    # rec(n): helpers lowered (under a code budget: each evicting the others)
    # around a call back into rec(n - 1) through the host, so code is evicted
    # and re-lowered while rec is on the stack several times over; the
    # helpers load the last byte (fused with a branch) and store a constant
    # to the last 4 bytes
    last = "(i32.sub (memory.size) (i32.const 1))"
    for h, k in (("h1", 3), ("h2", 5), ("h3", 9)):
        out.append(
            f"  (func ${h} (param i32) (result i32)"
            f" (if (i32.ge_u (memory.size) (i32.const 4))"
            f" (then (i32.store (i32.sub (memory.size) (i32.const 4)) (i32.const {k * 0x01010101}))))"
            f" (if (result i32) (i32.eqz (memory.size)) (then (local.get 0))"
            f" (else (if (result i32) (i32.load8_u {last})"
            f" (then (i32.add (local.get 0) (i32.const {k}))) (else (local.get 0))))))"
        )
    out.append(
        '  (func (export "rec") (param i32) (result i32)'
        " (if (result i32) (i32.eqz (local.get 0)) (then (call $h3 (i32.const 5)))"
        " (else (i32.add (i32.mul (call $h1 (local.get 0)) (i32.const 31))"
        " (i32.add (i32.mul (call $re (i32.sub (local.get 0) (i32.const 1))) (i32.const 7))"
        " (call $h2 (local.get 0)))))))"
    )
    out.append(")")
    return "\n".join(x for x in out if x)


def addresses(size: int, offset: int = 0) -> list[int]:
    """Addresses around the end for an access with `offset`; for a 16-bit
    offset also those putting the access around the end, and those whose
    address + offset passes 2^32 (a trap, not a wrap to the start)."""
    near = set(range(max(0, size - 9), size + 2)) | {0, 0x80000000, 0xFFFFFFF8, 0xFFFFFFFF}
    if offset in WIDE:
        near |= {a - offset for a in range(size - 9, size + 2) if a >= offset}
        near |= {(1 << 32) - offset + d for d in (-1, 0, 1)}
    return sorted(near)


@dataclass
class Result:
    calls: int = 0
    traps: int = 0
    relowered: int = 0  # lowerings past each function's first (the code budget's evictions)
    twinned: int = 0  # traps the twin had alike (message, path, offsets)
    findings: list[str] = field(default_factory=list)


class Edges:
    def __init__(self, lib: Path | None = None) -> None:
        import wasmtime

        self.wt = wasmtime
        self.ours = diff.Ours(lib or diff.build_shim())
        self.failures: list[str] = []  # this module's traps: call, message, path and offsets
        twin = diff.twin_flags(os.environ.get("MW_FUZZ_CFLAGS", "").split()) if lib is None else None
        self.twin = Edges(diff.build_shim(twin)) if twin is not None and os.environ.get("MW_FUZZ_TWIN") != "0" else None
        L = self.ours.L
        L.sh_grow_func.restype = C.c_void_p
        L.sh_grow_func.argtypes = [C.c_void_p]
        L.sh_grow_target.argtypes = [C.c_void_p, C.c_void_p]
        L.sh_reenter_func.restype = C.c_void_p
        L.sh_reenter_func.argtypes = [C.c_void_p]
        L.sh_reenter_target.argtypes = [C.c_void_p]
        L.mw_module_num_lowerings.restype = C.c_uint32
        L.mw_module_num_lowerings.argtypes = [C.c_void_p]
        L.mw_module_num_funcs.restype = C.c_uint32
        L.mw_module_num_funcs.argtypes = [C.c_void_p]
        cfg = wasmtime.Config()
        cfg.wasm_multi_memory = True
        cfg.wasm_custom_page_sizes = True
        self.engine = wasmtime.Engine(cfg)

    def check(self, size: int, load: str, r: Result, wide: bool = True) -> None:
        """Size `size` in load mode `load`; `wide`: also the 16-bit offsets;
        then on the twin, whose traps must be these."""
        self.failures = []
        self._check(size, load, r, wide)
        if self.twin is None:
            return
        self.twin.failures = []
        mirror = Result()
        self.twin._check(size, load, mirror, wide)
        r.findings += [f"twin: {f}" for f in mirror.findings]
        if self.failures != self.twin.failures:
            at = next((i for i, (a, b) in enumerate(zip(self.failures, self.twin.failures)) if a != b), None)
            what = (
                f"{len(self.failures)} traps, the twin {len(self.twin.failures)}"
                if at is None
                else f"{self.failures[at]!r}, the twin {self.twin.failures[at]!r}"
            )
            r.findings.append(f"size {size} load={load}: twin: {what}")
        else:
            r.twinned += len(self.failures)

    def _check(self, size: int, load: str, r: Result, wide: bool = True) -> None:
        wt, L, rt = self.wt, self.ours.L, self.ours.rt
        wat = module(size)
        parse = [diff.tool("wasm-tools"), "parse", "-"]
        data = subprocess.run(parse, input=wat.encode(), capture_output=True, check=True).stdout
        where = f"size {size} load={load}"
        m, why = self.ours.load(data, *diff.LOAD_MODES[load])
        if not m:
            r.findings.append(f"{where}: load: {why}")
            return
        store = wt.Store(self.engine)
        wmod = wt.Module(self.engine, data)

        def hgrow(caller, n):
            try:
                return caller["mem"].grow(caller, n)
            except wt.WasmtimeError:
                return -1

        def reenter(caller, n):
            return caller["rec"](caller, n)

        i32 = wt.FuncType([wt.ValType.i32()], [wt.ValType.i32()])
        wfuncs = [wt.Func(store, i32, hgrow, access_caller=True), wt.Func(store, i32, reenter, access_caller=True)]
        wi = wt.Instance(store, wmod, wfuncs)
        grow, re = L.sh_grow_func(rt), L.sh_reenter_func(rt)
        st = C.c_int()
        inst = L.sh_instantiate_fuel(rt, m, (C.c_void_p * 2)(grow, re), diff.FUEL_OURS, C.byref(st))
        try:
            if st.value:
                r.findings.append(f"{where}: instantiate: {self.ours.status(st.value)}")
                return
            mine = self.ours.exports(inst)
            L.sh_grow_target(rt, mine["mem"])
            L.sh_reenter_target(mine["rec"])
            theirs = wi.exports(store)
            self._run(where, size, mine, theirs, store, r, wide)
            r.relowered += max(0, L.mw_module_num_lowerings(m) - L.mw_module_num_funcs(m))
        finally:
            L.sh_grow_target(rt, None)
            L.sh_reenter_target(None)
            if inst:
                L.sh_instance_free(rt, inst)
            L.sh_func_free(rt, grow)
            L.sh_func_free(rt, re)
            L.sh_module_free(rt, m)

    def _call(self, where, mine, theirs, store, name, args, r: Result, memory: bool = False) -> None:
        L = self.ours.L
        f = theirs[name]
        ft = f.type(store)
        ps, rs = [str(p) for p in ft.params], [str(x) for x in ft.results]
        res = (C.c_uint64 * 4)()
        st = L.sh_call_fuel(self.ours.rt, C.c_void_p(mine[name]), (C.c_uint64 * 4)(*args), res, diff.FUEL_OURS)
        wres, wtrap = diff._wt_raw_call(self.wt, store, f, ps, rs, args)
        ours = self.ours.status(st) if st else None
        wname = diff._trap_name(wtrap) if wtrap is not None else None
        r.calls += 1
        call = f"{where}: {name}({', '.join(hex(a) for a in args)})"
        if ours:
            self.failures.append(f"{name}({', '.join(hex(a) for a in args)}): {ours}: {self.ours.where()}")
        if ours or wname:
            r.traps += 1
            if diff.TRAPS.get(ours or "") != wname:
                r.findings.append(f"{call}: ours {ours}, wasmtime {wname}")
        elif list(res[: len(rs)]) != wres:
            r.findings.append(f"{call}: ours {[hex(x) for x in res[: len(rs)]]}, wasmtime {[hex(x) for x in wres]}")
        if memory:
            n = C.c_uint64()
            p = L.sh_memory_bytes(C.c_void_p(mine["mem"]), C.byref(n))
            a = C.string_at(p, n.value) if n.value else b""
            wm = theirs["mem"]
            b = C.string_at(wm.data_ptr(store), wm.data_len(store)) if wm.data_len(store) else b""
            if a != b:
                r.findings.append(f"{call}: memory ours {a.hex()}, wasmtime {b.hex()}")

    def _run(self, where, size, mine, theirs, store, r: Result, wide: bool) -> None:
        offsets = OFFSETS if wide else OFFSETS[: -len(WIDE)]
        br_offsets = BR_OFFSETS if wide else BR_OFFSETS[: -len(WIDE)]

        def loads(end: int) -> None:
            for i in range(len(LOADS)):
                for o in offsets:
                    for a in addresses(end, o):
                        self._call(where, mine, theirs, store, f"l{i}_{o}", [a], r)
                for o in (WIDE if wide else ()) + (0, 7):
                    for a in addresses(end, o):
                        self._call(where, mine, theirs, store, f"x{i}_{o}", [(a - ADD_K) & 0xFFFFFFFF], r)
            for name, _, _ in BRANCHES:
                for o in br_offsets:
                    for a in addresses(end, o):
                        self._call(where, mine, theirs, store, f"b{name}_{o}", [a, 0x04030201], r)

        loads(size)
        for i, (_, t) in enumerate(STORES):
            for o in offsets:
                for a in addresses(size, o):
                    self._call(where, mine, theirs, store, f"s{i}_{o}", [a, VALUES[t]], r, memory=True)
        for i in range(len(CONST_STORES)):
            for o in offsets:
                for a in addresses(size, o):
                    self._call(where, mine, theirs, store, f"k{i}_{o}", [a], r, memory=True)
        self._call(where, mine, theirs, store, "grow", [3], r, memory=True)
        loads(size + 3)
        # a run of non-zero bytes (at most 4) up to the end to walk, growing as it goes
        for walk in ("walk", "hwalk"):
            end = theirs["mem"].data_len(store)
            for k in range(min(4, end)):
                self._call(where, mine, theirs, store, "s4_0", [end - 1 - k, 0x41 + k], r, memory=True)
            self._call(where, mine, theirs, store, walk, [max(0, end - 4)], r, memory=True)
        for n in range(7):
            self._call(where, mine, theirs, store, "rec", [n], r, memory=True)
        self._call(where, mine, theirs, store, "grow", [16], r, memory=True)  # past the maximum: -1


def run(sizes: list[int], loads: list[str]) -> Result:
    e, r = Edges(), Result()
    for s in sizes:
        for load in loads:
            e.check(s, load, r)
    return r


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=f"0-16,{BIG}", help="ranges of memory sizes in bytes, comma-separated")
    ap.add_argument("--load", default=",".join(diff.LOAD_MODES))
    a = ap.parse_args()
    sizes = []
    for part in a.sizes.split(","):
        lo, _, hi = part.partition("-")
        sizes += range(int(lo, 0), int(hi or lo, 0) + 1)
    r = run(sizes, a.load.split(","))
    twinned = f", {r.twinned} traps twinned" if r.twinned else ""
    print(
        f"{r.calls} calls ({r.traps} traps) compared, {r.relowered} re-lowerings{twinned}, {len(r.findings)} findings"
    )
    for f in r.findings[:50]:
        print("FINDING", f)
    return 1 if r.findings else 0


if __name__ == "__main__":
    sys.exit(main())
