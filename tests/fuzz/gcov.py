# SPDX-License-Identifier: MIT
"""gcov line and branch coverage of modwasm/engine/*.c reached by the
libFuzzer targets' seeds and corpora: the engine and each target built with
`gcc -O0 --coverage` (no sanitizers, no libFuzzer: a small driver feeds
LLVMFuzzerTestOneInput every file of the folders named), the targets' -D
flags as build.py's. What docs/benchmarks.md's fuzzing sections measure
(sessions 36-39); `run.py --coverage` is llvm-cov's figure with clang's
profiled build, which takes longer to build. --missed writes the lines no
target reached, by file and function, with the branches never taken
(session 39); --seeds-only leaves out the campaigns' corpora (a figure
anyone can reproduce).

usage: python3 -m fuzz.gcov [--engine DIR] [--only load,run,...] [--seeds-every N] [--out DIR]
                            [--seeds-only] [--missed FILE]
       python3 -m fuzz.gcov --key-paths   (what CI checks the fixed seeds reach)
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from fuzz import build

DRIVER = r"""
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size) { (void)data; (void)max_size; return size; }
static void one(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) return;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc((size_t)n + 1);
    size_t got = fread(b, 1, (size_t)n, f);
    fclose(f);
    LLVMFuzzerTestOneInput(b, got);
    free(b);
}
int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) continue;
        if (!S_ISDIR(st.st_mode)) { one(argv[i]); continue; }
        DIR *d = opendir(argv[i]);
        for (struct dirent *e; d != NULL && (e = readdir(d)) != NULL;) {
            if (e->d_name[0] == '.') continue;
            char p[4096];
            snprintf(p, sizeof(p), "%s/%s", argv[i], e->d_name);
            one(p);
        }
        if (d != NULL) closedir(d);
    }
    return 0;
}
"""

# one seed module in how many each target replays (out of memory's each sweep)
SEEDS_EVERY = {"oom": 32}


def _cc(args: list[str]) -> None:
    proc = subprocess.run(["gcc", "-std=c11", "-O0", "-g", "--coverage", *args], capture_output=True, text=True)
    if proc.returncode != 0:
        raise build.BuildError(proc.stderr)


@dataclass
class FileCover:
    """One engine file's gcov counts, and what was never reached: line ->
    its function, and (line, branch index) of the branches never taken."""

    name: str
    lines: int = 0
    lines_hit: int = 0
    branches: int = 0
    branches_taken: int = 0
    missed: dict[int, str] = field(default_factory=dict)
    untaken: list[tuple[int, int]] = field(default_factory=list)
    functions: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (lines hit, lines)

    def row(self) -> str:
        return (
            f"{self.name}: {self.lines_hit} of {self.lines} lines ({100 * self.lines_hit / max(self.lines, 1):.1f}%), "
            f"{self.branches_taken} of {self.branches} branches taken"
        )


def build_engine(engine: Path, out: Path) -> list[Path]:
    """The engine's objects with coverage in out/engine (emptied first) and
    the driver's; returns the engine's objects."""
    shutil.rmtree(out, ignore_errors=True)
    objdir = out / "engine"
    objdir.mkdir(parents=True)
    defs = [f for f in build.CFLAGS if f.startswith("-D")]
    srcs = sorted(engine.glob("*.c"))
    objs = [objdir / (src.stem + ".o") for src in srcs]
    with ThreadPoolExecutor(2) as pool:  # (the machine's share: CONTRIBUTING.md)
        list(pool.map(lambda so: _cc([*defs, f"-I{engine}", "-c", str(so[0]), "-o", str(so[1])]), zip(srcs, objs)))
    (out / "driver.c").write_text(DRIVER)
    _cc(["-c", str(out / "driver.c"), "-o", str(out / "driver.o")])
    return objs


def run_target(name: str, engine: Path, harness: Path, out: Path, objs: list[Path], inputs: list[Path]) -> int:
    """fuzz_<name> built against the coverage objects, fed every input once;
    its exit status (not 0: an input failed a check, the rest not run)."""
    build.sheap_header()
    exe = out / f"fuzz_{name}"
    defs = [f for f in build.CFLAGS if f.startswith("-D")]
    srcs = [str(harness / f"fuzz_{name}.c"), str(out / "driver.o"), *map(str, objs)]
    _cc([*defs, f"-I{engine}", f"-I{build.OUT}", f"-I{harness}", *srcs, "-o", str(exe), "-lm"])
    args = [str(exe), *[str(d) for d in inputs if d.exists()]]
    return subprocess.run(args, capture_output=True, timeout=3600, check=False).returncode


def read_cover(engine: Path, out: Path) -> list[FileCover]:
    """Per engine .c file, what gcov says the runs since build_engine reached
    (a header's lines are counted in each includer's, so left out)."""
    srcs = sorted(engine.resolve().glob("*.c"))
    rep = subprocess.run(
        ["gcov", "-b", "-t", "--json-format", "-o", str(out / "engine"), *map(str, srcs)],
        capture_output=True,
        text=True,
        cwd=out,
        check=False,
    ).stdout
    covers = []
    for doc in (json.loads(line) for line in rep.splitlines() if line.strip()):
        for f in doc["files"]:
            path = Path(f["file"])
            if path not in srcs:
                continue
            c = FileCover(path.name)
            for ln in f["lines"]:
                fn = ln.get("function_name", "?")
                hit, total = c.functions.get(fn, (0, 0))
                c.functions[fn] = (hit + (ln["count"] > 0), total + 1)
                c.lines += 1
                c.lines_hit += ln["count"] > 0
                if ln["count"] == 0:
                    c.missed[ln["line_number"]] = fn
                for k, b in enumerate(ln["branches"]):
                    c.branches += 1
                    c.branches_taken += b["count"] > 0
                    if b["count"] == 0:
                        c.untaken.append((ln["line_number"], k))
            covers.append(c)
    return covers


def measure(
    engine: Path, harness: Path, names: list[str], every: int, out: Path, seeds_only: bool = False
) -> list[FileCover]:
    """Every target's seeds (one module in `every`) and, unless seeds_only,
    its campaign corpus run once on one coverage build of the engine."""
    out = out.resolve()
    objs = build_engine(engine, out)
    for n in names:
        inputs = [build.seed_corpus(n, SEEDS_EVERY.get(n, every))[0]]
        if n == "run":
            inputs.append(build.wide_call_seed())  # (CALL_DEF_W: past the campaigns' -max_len)
        if not seeds_only:
            inputs.append(build.OUT / "corpus" / n)
        run_target(n, engine, harness, out, objs, inputs)
    return read_cover(engine, out)


def rows_not_run(cover: FileCover, engine: Path) -> list[str]:
    """The op rows whose handler in exec.c (the line naming it: `OP(NAME)`
    or a handler macro's first argument) never ran."""
    src = (engine / "exec.c").read_text().splitlines()
    at: dict[str, int] = {}
    for i, line in enumerate(src, 1):
        m = re.match(r"\s*(?:OP\((\w+)\)|[A-Z][A-Z0-9_]*\((\w+),)", line)
        if m:
            at.setdefault(m.group(1) or m.group(2), i)
    return [n for n in build.op_rows(engine) if n in at and at[n] in cover.missed]


def missed_text(covers: list[FileCover], engine: Path) -> str:
    """The lines never reached, by file and function (runs of lines as
    ranges), with the source's first line of each run, and the count of
    branches never taken on lines that ran."""
    out = []
    for c in covers:
        if not c.missed and not c.untaken:
            continue
        src = (engine / c.name).read_text().splitlines()
        out.append(f"== {c.row()}")
        by_fn: dict[str, list[int]] = {}
        for ln, fn in sorted(c.missed.items()):
            by_fn.setdefault(fn, []).append(ln)
        for fn, lns in by_fn.items():
            hit, total = c.functions[fn]
            runs: list[list[int]] = []
            for ln in lns:
                if runs and ln == runs[-1][-1] + 1:
                    runs[-1].append(ln)
                else:
                    runs.append([ln])
            out.append(f"  {fn}: {total - hit} of {total} lines missed")
            for r in runs:
                where = f"{r[0]}" if len(r) == 1 else f"{r[0]}-{r[-1]}"
                out.append(f"    {where:>11}  {src[r[0] - 1].strip()[:100]}")
        ran = sorted({ln for ln, _ in c.untaken if ln not in c.missed})
        if ran:
            out.append(f"  branches never taken on lines that ran: {len(ran)} lines: {', '.join(map(str, ran))}")
    for c in covers:
        if c.name == "exec.c":
            rows = rows_not_run(c, engine)
            out.append(
                f"== op rows (mw_int.h MW_OP_LIST) whose exec.c handler never ran: {len(rows)}: {' '.join(rows)}"
            )
    return "\n".join(out) + "\n"


# What the fixed seeds must keep reaching (test_fuzz_short.py
# test_key_paths_stay_reached, CI): the paths only these seeds reach, which a
# change of the engine or of a harness could leave behind unseen. Each
# target's seeds (the run target's: the generators' modules alone, the small
# pad_call_modules among them; the load and oom targets': the code section
# cuts alone) on one coverage build; WHOLE: every line of the function ran;
# ENTERED: it ran (its missed lines are error returns); ROWS: op rows whose
# handler ran, with every compare-and-branch, fused address, truncation and
# pair row of the table.
KEY_TARGETS = ("arena", "window", "sheap", "run", "load", "oom")
KEY_WHOLE = {
    # the code budget's arena under a capped heap (session 38's fuzz_arena)
    "lazy.c": (
        "running_to_arena block_to_arena running_can_move arena_shrink arena_regrow drop_own_blocks move_frames"
        " arena_compact arena_place reclaim_module lazy_give_way block_into_slot arena_take arena_empty arena_resize"
    ),
    # a grow short of heap made good by a reclaim (build.py arena_grow_seed)
    "memory.c": "reclaim_step",
    # windows mapped, found and unmapped (the random window seeds)
    "window.c": "unmap_at mw_memory_unmap mw_windows_clear mw_window_find",
    "sheap.c": "mw_sheap_reset mw_sheap_miss",
}
KEY_ENTERED = {
    # far branches, with values to move (the fusions generator's far module)
    "lower_branch.c": "far_islands far_island emit_far_jump far_skip far_mark",
    "window.c": "find_room mw_memory_map",
}
# MOST: every line of the function but that many (stream_code's read error,
# test_engine.c's; its out of memory the oom target's since session 41)
KEY_MOST = {"decode.c": {"stream_code": 1}}
# (and the table's compare-and-branch, fused address, truncation and pair rows;
# CALL_DEF_W from the small pad_call_modules since session 41)
KEY_ROWS = ("JMP_FAR", "CALL_DEF_W")


def key_inputs(name: str, out: Path) -> list[Path]:
    """A key target's inputs: its seeds (in out/seeds: a libFuzzer run beside
    may be writing build/fuzz/seeds), or the run target's generated modules."""
    if name == "run":
        return build.generated_seeds()
    if name in ("load", "oom"):
        return build.cut_seeds()  # (the stream loader's code section boundaries, and out of memory there)
    return [build.seed_corpus(name, into=out / "seeds" / name)[0]]


def key_paths_missed(out: Path, engine: Path = build.ENGINE) -> list[str]:
    """The key paths (above) the key targets' seeds did not reach, each said
    as file: function (lines reached of lines), or the op row."""
    out = out.resolve()
    objs = build_engine(engine, out)
    missed = []
    for n in KEY_TARGETS:
        rc = run_target(n, engine, build.HERE, out, objs, key_inputs(n, out))
        if rc != 0:
            missed.append(f"fuzz_{n} exited with {rc} on its seeds")
    covers = {c.name: c for c in read_cover(engine, out)}
    for table, whole in ((KEY_WHOLE, True), (KEY_ENTERED, False)):
        for file, names in table.items():
            for fn in names.split():
                hit, total = covers[file].functions.get(fn, (0, 0))
                if total == 0 or hit == 0 or (whole and hit < total):
                    missed.append(f"{file}: {fn} ({hit} of {total} lines{', all wanted' if whole else ''})")
    for file, most in KEY_MOST.items():
        for fn, allowed in most.items():
            hit, total = covers[file].functions.get(fn, (0, 0))
            if total == 0 or total - hit > allowed:
                missed.append(f"{file}: {fn} ({hit} of {total} lines, all but {allowed} wanted)")
    not_run = rows_not_run(covers["exec.c"], engine)
    # and every compare-and-branch row, fused address row, truncation row and
    # pair row (build.py compare_branch_module, address_rows_module,
    # trunc_module and pair_rows_module make them from the table)
    table = build.op_rows(engine)
    rows = [
        *KEY_ROWS,
        *(r for r in table if re.fullmatch(r"BR_(EQ|NE|[LG][TE]_[SU])(_IMM)?", r)),
        *build.address_rows(table),
        *(r for r in table if re.fullmatch(build.TRUNC_ROW, r)),
        *(row for row, _, _ in build.pair_rows(table)),
    ]
    missed += [f"exec.c: op row {r} never ran" for r in rows if r in not_run]
    return missed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--engine", type=Path, default=build.ENGINE, help="the engine's sources (another checkout's)")
    ap.add_argument("--harness", type=Path, default=build.HERE, help="the targets' sources (another checkout's)")
    ap.add_argument("--only", default=",".join(build.TARGETS))
    ap.add_argument("--seeds-every", type=int, default=8, help="one seed module in this many")
    ap.add_argument("--out", type=Path, default=build.OUT / "gcov")
    ap.add_argument("--seeds-only", action="store_true", help="not the campaigns' corpora (build/fuzz/corpus)")
    ap.add_argument("--missed", type=Path, help="write the lines and branches no target reached here")
    ap.add_argument("--key-paths", action="store_true", help="only check the key paths (KEY_WHOLE, ...) stay reached")
    a = ap.parse_args()
    if a.key_paths:
        missed = key_paths_missed(a.out)
        print("\n".join(missed) or "every key path reached")
        return 1 if missed else 0
    covers = measure(a.engine, a.harness, a.only.split(","), a.seeds_every, a.out, a.seeds_only)
    for c in covers:
        print(c.row())
    hit, total = sum(c.lines_hit for c in covers), sum(c.lines for c in covers)
    taken, branches = sum(c.branches_taken for c in covers), sum(c.branches for c in covers)
    print(f"engine lines: {hit} of {total} ({100 * hit / max(total, 1):.1f}%)")
    print(f"engine branches taken: {taken} of {branches} ({100 * taken / max(branches, 1):.1f}%)")
    if a.missed:
        a.missed.write_text(missed_text(covers, a.engine))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
