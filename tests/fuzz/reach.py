# SPDX-License-Identifier: MIT
"""Branches at the threaded code's reach, against wasmtime and the compact
build (session 43).

On x86-64 hosts the code in RAM is threaded (mw_config.h MW_THREADED): each op
grows by its handler's address, 4 units, so a branch that reaches in compact
code (16-bit relative targets) may not threaded; such a function is lowered
again with every branch far (lower.c, code.c mw_thread_units), its br_table's
islands half before and half after the table (lower_branch.c), and
wasm-cross --target host lowers an image's functions so (MW_THREAD_REACH).
The modules here put branches around that reach and between it and the
compact one (fusions.FAR_PADS):

- functions of fusions.Far's nested control (blocks, loops, if/else, br,
  br_if, br_table carrying values) whose far fillers are drawn around the
  threaded reach (THREAD_PADS: an I32_ADD_IMM step is 8 units threaded, 4
  compact), between the two reaches (BETWEEN_PADS: near compact, far
  threaded) or around the compact reach (fusions.FAR_PADS), with trap sites
  among them (unreachable, a division by zero, a load and a store past the
  memory's end: their wasm offsets compared with the compact build's) and,
  one in five, a br_table of TABLE_ENTRIES entries over a few far labels;
- a function per compare-and-branch row of the code table (MW_OP_LIST:
  BR_<cmp>, _IMM, _IMMH, BR_AND[N]Z[H], BR_F32_/BR_F64_ ..., so a row
  another session adds to those families is in as soon as it is in the
  table), its compare under a forward br_if, an if/else and a loop's
  backward br_if, each over a filler of one of those sizes: its _FWD and
  _BACK twins (mw_config.h MW_BRANCH_TWINS) near and their far lowering;
- a few of fusions.py's functions beside them.

Each module goes through diff.Differ in each load mode (eager, lazy, budget,
image: wasm-cross --target host, lowered with the threaded reach check;
budgetpP: lazy under a budget of P percent of the code section) on the
threaded build, against wasmtime (results bit for bit, trap kinds, the
memory's bytes) and, as its twin (MW_FUZZ_TWIN_CFLAGS, by default
"-DMW_THREADED=0"), the compact build: every trap and refused instantiation
the same message, path and wasm offsets. With $MW_FUZZ_CFLAGS of the small
profile (its -DMW_ALL_OPS=0, no far lowering) and --load image, the images
are a small board's lowering (wasm-cross --target host-small, far lowering
on) run by that profile's engine.

usage: python3 -m fuzz.reach [--modules 20] [--seed 1] [--load eager,lazy,budget,image,budgetp60,budgetp200]
       python3 -m fuzz.reach --census [--modules 20] [--seed 1]   (the functions' reach, by their images)
       python3 -m fuzz.reach --gcov [--modules 8] [--seed 1]      (lines and branches of GCOV_FUNCS reached)
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from fuzz import build, diff, fusions
from support import images

LOADS = "eager,lazy,budget,image,budgetp60,budgetp200"
# far filler steps (I32_ADD_IMM2, I32_ADD_IMM, I32_XOR_IMMH: 3.8 units a step
# compact, 7.8 threaded): a label 32 K units away threaded at about 4,200
# steps, compact at 8,600 (fusions.FAR_PADS: 4 units a step, as once)
THREAD_PADS = (3700, 4700)
BETWEEN_PADS = (4700, 7600)
REGIMES = (THREAD_PADS, THREAD_PADS, BETWEEN_PADS, fusions.FAR_PADS)
# a far br_table's entries: each its island threaded (lower_branch.c: half
# before the table, half after), under the ~9,000 where one is out of reach
TABLE_ENTRIES = (300, 4000)
TWIN = "-DMW_THREADED=0"  # the twin: the compact code the boards run


class ReachFar(fusions.Far):
    """fusions.Far with far fillers of one of REGIMES, trap sites and a br_table
    of thousands of entries."""

    def __init__(self, rng: random.Random, pads: tuple[int, int]) -> None:
        super().__init__(rng, True, pads)
        self.big_tables = 0
        self.trap_sites = 0

    def trap(self) -> str:
        """A site that traps one call in 16 (param 0's low nibble): its wasm
        offset after far code, the compact build's to match."""
        rng, acc, w = self.rng, self.acc, self.w
        what = rng.choice(
            [
                "unreachable",
                f"local.get {acc} local.get 0 i32.const 0xf00 i32.and i32.div_u local.set {acc}",
                f"i32.const 0x1fff0 local.get 0 i32.const 4 i32.shr_u i32.const 31 i32.and i32.add i32.load "
                f"local.get {acc} i32.add local.set {acc}",
                f"i32.const 0x1fff8 local.get 0 i32.const 8 i32.shr_u i32.const 15 i32.and i32.add local.get {w} "
                "i64.store",
            ]
        )
        return f"local.get 0 i32.const 15 i32.and i32.const {rng.randrange(16)} i32.eq if\n{what}\nend"

    def big_table(self, depth: int) -> str:
        """A br_table of thousands of entries over k + 1 blocks (values ts
        carried), far fillers between its labels."""
        rng = self.rng
        ts = self.results()
        k = rng.randrange(2, 6)
        n = rng.randint(*TABLE_ENTRIES)
        shape = rng.random()
        if shape < 0.3:  # runs of one label
            labels = [(i * (k + 1)) // n for i in range(n)]
        elif shape < 0.4:  # every entry the same label
            labels = [rng.randrange(k + 1)] * n
        else:
            labels = [rng.randrange(k + 1) for _ in range(n)]
        sel = rng.choice([f"local.get 0 i32.const {n + 2} i32.rem_u", "local.get 0", f"local.get {self.acc}"])
        return self.table_blocks(ts, k, sel, labels, depth, default=True)

    def construct(self, depth: int) -> str:
        r = self.rng.random()
        if r < 0.2 and self.big_tables == 0:
            self.big_tables += 1
            return self.big_table(depth)
        if r < 0.35 and self.trap_sites < 3:
            self.trap_sites += 1
            return self.trap()
        return super().construct(depth)


# ---- the code table's compare-and-branch rows, far ---------------------------------

CMP_ROW = r"BR_((?:EQ|NE|[LG][TE]_[SU]))(_IMMH?)?"
AND_ROW = r"BR_AND(N?)Z(H?)"
FLOAT_ROW = r"BR_(F32|F64)_(N?)(EQ|NE|LT|LE)"


def row_test(row: str, rng: random.Random) -> str | None:
    """An i32 condition of params 0 and 1 that lowers to `row`, or None if the
    row is no compare-and-branch of those families."""
    if m := re.fullmatch(CMP_ROW, row):
        cmp, kind = m.group(1).lower(), m.group(2) or ""
        # _IMMH: a 16-bit constant, _IMM one beyond (the lowering picks the row)
        k = rng.choice([0x123, -7, 0x7FFF, -0x8000]) if kind == "_IMMH" else rng.choice([0x12345, -0x12345, 0x10000])
        rhs = "local.get 1" if not kind else f"i32.const {k}"
        return f"local.get 0 i32.const 3 i32.mul {rhs} i32.{cmp}"
    if m := re.fullmatch(AND_ROW, row):
        bit = 1 << (rng.randrange(15) if m.group(2) else rng.randrange(16, 32))
        return f"local.get 0 i32.const {bit} i32.and" + (" i32.eqz" if not m.group(1) else "")
    if m := re.fullmatch(FLOAT_ROW, row):
        t, neg, cmp = m.group(1).lower(), m.group(2), m.group(3).lower()
        k = rng.choice(["1.5", "-0", "nan", "inf", "0x1p-149"])
        return f"local.get 0 {t}.convert_i32_s {t}.const {k} {t}.{cmp}" + (" i32.eqz" if neg else "")
    return None


def pad(steps: int, acc: int) -> str:
    """`steps` filler steps on local acc (I32_ADD_IMM / I32_XOR_IMM each)."""
    return "\n".join(
        f"local.get {acc} i32.const {2 * i + 1} i32.{'xor' if i % 5 == 4 else 'add'} local.set {acc}"
        for i in range(steps)
    )


def row_func(row: str, n: int, rng: random.Random) -> str | None:
    """Function rN: `row`'s compare under a forward br_if, an if/else and a
    loop's backward br_if (three rounds), each over a filler of one of REGIMES."""
    test = row_test(row, rng)
    if test is None:
        return None
    # one size for the function: its longest branch of about that size; one
    # to three of the shapes over it (one: the whole function under 32 K
    # compact units, where lowering may count instead of walk, lower.c)
    size = rng.randint(*rng.choice(REGIMES))
    big = rng.sample(range(3), rng.choice([1, 1, 2, 3]))
    steps = [size - rng.randrange(60) if i in big else rng.randrange(40) for i in range(3)]
    # locals: 2 acc, 3 the loop's count
    return (
        f'(func (export "r{n}_{row.lower()}") (param i32 i32) (result i32) (local i32 i32)\n'
        f"block {test} br_if 0\n{pad(steps[0], 2)}\nend\n"
        f"{test} if\n{pad(steps[1], 2)}\nelse local.get 2 i32.const 7 i32.rotl local.set 2 end\n"
        f"loop\n{pad(steps[2], 2)}\nlocal.get 3 i32.const 1 i32.add local.tee 3 i32.const 3 i32.lt_u if "
        f"{test} br_if 1 end end\n"
        "local.get 2 local.get 3 i32.add)"
    )


def module(rng: random.Random, rows: list[str]) -> str:
    funcs = [rng.choice(fusions.GENS)(rng, n) for n in range(3)]
    funcs += [ReachFar(rng, rng.choice(REGIMES)).func(n) for n in range(rng.randint(1, 2))]
    picked = [r for r in rows if row_test(r, rng) is not None]
    for i, row in enumerate(rng.sample(picked, 3)):
        funcs.append(row_func(row, i, rng) or "")
    data = "".join(f"\\{rng.randrange(256):02x}" for _ in range(64))
    return (
        f'(module\n  (memory (export "mem") 2 2)\n  (data (i32.const 0) "{data}")\n'
        f'  (data (i32.const 0x1ffc0) "{data}")\n  ' + "\n  ".join(funcs) + ")"
    )


def run(
    modules: int,
    seed: int,
    loads: list[str],
    out: Path = diff.OUT / "findings",
    census: bool = False,
    gcov: bool = False,
) -> diff.Stats:
    """The campaign (census, gcov: main's, taken before it is run)."""
    os.environ.setdefault("MW_FUZZ_TWIN_CFLAGS", TWIN)
    rows = build.op_rows()
    stats = diff.Stats()
    d = diff.Differ(diff.build_shim(), out, stats)
    threaded = hasattr(d.ours.L, "mw_exec_handlers")  # code.c: a threaded build's table
    if "-DMW_ALL_OPS=0" not in os.environ.get("MW_FUZZ_CFLAGS", "").split():
        assert threaded, "the differential's library is not threaded (mw_config.h MW_THREADED: x86-64 GCC)"
    if d.twin is not None and os.environ["MW_FUZZ_TWIN_CFLAGS"] == TWIN:
        assert not hasattr(d.twin.ours.L, "mw_exec_handlers"), "the compact twin is threaded"
    d.rand_arg = fusions.edge_arg
    rng = random.Random(seed)
    parse = [diff.tool("wasm-tools"), "parse", "-"]
    for n in range(modules):
        data = subprocess.run(parse, input=module(rng, rows).encode(), capture_output=True, check=True).stdout
        run_loads(d, data, f"reach seed={seed} n={n}", loads)
    return stats


def run_loads(d: diff.Differ, data: bytes, origin: str, loads: list[str]) -> None:
    """One module in each load mode; the traps of every load that keeps wasm
    offsets (all but eager: the image's from its offset map) the same as the
    first such load's: message, path and offsets, the image's as the .wasm's."""
    first: tuple[str, list[str]] | None = None
    for load in loads:
        found = len(d.stats.findings)
        d.run(data, origin, load)
        if load == "eager" or len(d.stats.findings) > found:
            continue  # (a finding ends a run part way)
        if first is None:
            first = (load, list(d.failures))
        elif d.failures != first[1]:
            at = next((i for i, (a, b) in enumerate(zip(d.failures, first[1])) if a != b), None)
            what = (
                f"{len(d.failures)} traps, load={first[0]} {len(first[1])}"
                if at is None
                else f"{d.failures[at]!r}, load={first[0]} {first[1][at]!r}"
            )
            d.finding("loads", data, f"{origin} load={load}: {what}")


def _branch_reach(im: images.Image, f: int) -> int:
    """The longest relative branch of function f of an image, in units threaded
    (each op 4 units more, code.c threaded_at); 0 if it has none."""
    ins = im.instructions(f)
    starts = [k for k, _, _ in ins]
    code = im.code(f)
    w = images.widths()
    longest = 0
    for n, (k, op, _vals) in enumerate(ins):
        at, spots = k + 1, []
        for kind in op.kinds:
            if kind == "TARGET":
                spots.append(at)
            at += w[kind]
        if op.name in ("BR_TABLE", "BR_TABLE_JMP"):
            entry = w["TARGET"] + (3 * w["SLOT"] if op.name == "BR_TABLE" else 0)
            end = starts[n + 1] if n + 1 < len(starts) else len(code)
            spots += range(at, end, entry)
        for u in spots:
            to = u + (code[u] - 0x10000 if code[u] & 0x8000 else code[u])
            grown = 4 * (bisect.bisect_left(starts, to) - bisect.bisect_left(starts, u))
            longest = max(longest, abs(to - u + grown))
    return longest


def census(modules: int, seed: int) -> dict[str, int]:
    """What the modules' functions reach, by their images: far (a JMP_FAR) in
    the host's (lowered with the threaded reach) and the cortex-m one (the
    compact reach), far in the host's alone, near in both; of the near ones,
    how many have a branch within 4 K units of the threaded reach."""
    sys.path.insert(0, str(build.REPO / "scripts"))  # images.ops(): gen_code_meanings.py's imports
    rows = build.op_rows()
    rng = random.Random(seed)
    parse = [diff.tool("wasm-tools"), "parse", "-"]
    out = {"functions": 0, "far_both": 0, "far_threaded_only": 0, "near": 0, "near_within_4k": 0, "tables_far": 0}
    with tempfile.TemporaryDirectory() as d:
        wasm = Path(d) / "m.wasm"
        for _ in range(modules):
            wasm.write_bytes(
                subprocess.run(parse, input=module(rng, rows).encode(), capture_output=True, check=True).stdout
            )
            ims = {}
            for target in ("host", "cortex-m"):
                r = images.cross(wasm, Path(d) / f"{target}.mwi", target)
                assert r.returncode == 0, r.stderr
                ims[target] = images.Image(bytearray((Path(d) / f"{target}.mwi").read_bytes()))
            host, board = ims["host"], ims["cortex-m"]
            for f in range(host.u32(36)):
                names = {op.name for _, op, _ in host.instructions(f)}
                far = "JMP_FAR" in names
                board_far = any(op.name == "JMP_FAR" for _, op, _ in board.instructions(f))
                out["functions"] += 1
                out["far_both" if far and board_far else "far_threaded_only" if far else "near"] += 1
                out["tables_far"] += far and "BR_TABLE_JMP" in names
                if not far:
                    out["near_within_4k"] += _branch_reach(host, f) > 0x7FFF - 4096
    return out


# what gcov counts (--gcov): the threading pass, the far lowering and its
# islands, and the placements that thread (file, functions; none: the whole file)
GCOV_FUNCS = (
    ("code.c", ("thread_at", "thread_target", "thread_reaches", "mw_thread_plan_make", "mw_thread_fill")),
    ("lower.c", ("mw_lower_func",)),
    ("lower_branch.c", ("far_br", "far_mark", "emit_target", "patch_chain", "emit_far_jump", "far_islands")),
    ("lower_narrow.c", ("mw_lower_twin_branches",)),
    ("image.c", ("image_thread",)),
    ("lazy.c", ("lower_block",)),
    ("decode.c", ("code_body",)),
)


def gcov(modules: int, seed: int) -> list[dict]:
    """Lines and branches of GCOV_FUNCS reached by `modules` modules in every
    load mode, on the differential's threaded library built with --coverage
    (the twin not counted; the images' lowering is wasm-cross's, not counted)."""
    from fuzz import guard_run

    flags = ["--coverage"]
    lib = diff.build_shim(flags)
    stem = lib.name.removesuffix(".so")
    for old in diff.OUT.glob(f"{stem}*.gcda"):
        old.unlink()
    env = {**os.environ, "MW_FUZZ_CFLAGS": " ".join(flags), "MW_FUZZ_TWIN": "0"}
    cmd = [sys.executable, "-m", "fuzz.reach", "--modules", str(modules), "--seed", str(seed)]
    subprocess.run(
        cmd, cwd=Path(__file__).resolve().parents[1], env=env, capture_output=True, timeout=7200, check=False
    )
    cov = guard_run.Cover()
    for gcda in diff.OUT.glob(f"{stem}*.gcda"):
        cov.add(gcda)
    compiled = {(key[0], fn) for key, fn in cov.func.items()}
    out = []
    for name, funcs in GCOV_FUNCS:
        for fn in funcs:
            if (name, fn) in compiled:
                out.append(cov.summary(name, function=fn))
            else:
                out.append({"file": f"{name} {fn}", "lines": "not compiled"})
    return out


def main() -> int:
    # the two reports: their flag, what they say, how many modules by default
    reports = {
        "--gcov": ("what the modules reach of the threading and far lowering (gcov)", 8),
        "--census": ("the functions' reach by their images", 20),
    }
    for flag, (description, modules) in reports.items():
        if flag in sys.argv:
            sys.argv.remove(flag)
            ap = argparse.ArgumentParser(description=description)
            ap.add_argument("--modules", type=int, default=modules)
            ap.add_argument("--seed", type=int, default=1)
            a = ap.parse_args()
            rows = gcov(a.modules, a.seed) if flag == "--gcov" else [census(a.modules, a.seed)]
            for row in rows:
                print(json.dumps(row))
            return 0

    def listed(ap: argparse.ArgumentParser) -> None:
        # (taken above, before the generator's command line: listed for --help)
        ap.add_argument("--census", action="store_true", help="the functions' reach, by their images")
        ap.add_argument("--gcov", action="store_true", help="lines and branches of GCOV_FUNCS reached")

    return diff.generator_main(__doc__, run, listed, default_load=LOADS)


if __name__ == "__main__":
    sys.exit(main())
