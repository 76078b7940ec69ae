# SPDX-License-Identifier: MIT
"""The libFuzzer targets with guard pages (mw_config.h MW_GUARD_PAGES), and
what of the guard pages' code they and the differential reach (gcov).

Guard pages need GCC and no ASan (8 GiB reservations), so these targets are
not libFuzzer's: build.py `build_guarded` compiles each with GCC, UBSan and
guard_main.c's driver, which replays the target's seeds and campaign corpus,
then runs inputs changed at random from them for --seconds of CPU, and after
every input finds no reservation left in /proc/self/maps. The targets check
themselves: window and sheap against their models of mw.h's windows and
shared heaps (every access's bytes or trap; addresses above the memory reach
the engine through a fault), arena against a reference runtime, run, image
and oom for crashes, UBSan reports and the allocator's live blocks. A
finding is the input in build/fuzz/findings/guard-<target>-<sha1>.

--gcov: the same targets built with --coverage (seeds and corpora, no
changed inputs), and fuzz.guard's and fuzz.edges' modules through the
differential's library built with guard pages and --coverage; gcov's counts
summed over the builds, for every line the engine and guard_posix.c compile
only with guard pages (the `#if MW_GUARD_PAGES` blocks) and for exec.c's
mw_guard_fault alone: lines reached and branches taken.

Coverage feedback (session 43): the engine's objects are built with GCC's
-fsanitize-coverage=trace-pc, and guard_main.c keeps every changed input
that reaches an edge between the engine's basic blocks no input before it
reached, as a starting point of its own (--corpus DIR: written there too);
the summary counts the edges the replay reached and those the changed
inputs added (--no-feedback: counted, none kept, the baseline).

usage: python3 -m fuzz.guard_run [--only window,sheap,run,arena,image,oom] [--seconds 60] [--seed 1]
                                 [--no-feedback] [--corpus DIR]
       python3 -m fuzz.guard_run --gcov [--modules 40]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from fuzz import build, diff

TARGETS = ("window", "sheap", "run", "arena", "image", "oom")
# seeds a target replays: one in how many (oom sweeps each: one in 32)
EVERY = {"oom": 32}
HOST = build.GUARD_POSIX


def inputs(name: str, every: int = 1) -> list[Path]:
    """A target's seeds (one in `every`) and its campaign corpus, if any."""
    seeds = build.seed_corpus(name, EVERY.get(name, every))[0]
    return [seeds, *[p for p in [build.OUT / "corpus" / name] if p.is_dir()]]


def run_target(
    name: str, seconds: float, seed: int, every: int = 1, feedback: bool = True, corpus: Path | None = None
) -> dict:
    """One guarded target: its inputs, then changed ones for `seconds`, those
    reaching new edges of the engine kept as starting points (feedback; and
    written to `corpus`); the driver's summary and, on a finding, where its
    input went."""
    exe = build.build_guarded(name)
    art = build.OUT / f"guard-{name}-artifact"
    art.unlink(missing_ok=True)
    args = [str(exe), f"-seconds={seconds}", f"-seed={seed}", f"-artifact={art}", *map(str, inputs(name, every))]
    args[1:1] = ([] if feedback else ["-feedback=0"]) + ([f"-corpus={corpus}"] if corpus else [])
    if corpus:
        corpus.mkdir(parents=True, exist_ok=True)
    try:
        # (wall time: the replay's and the changed inputs' CPU on a machine shared many ways)
        p = subprocess.run(args, capture_output=True, text=True, timeout=3600 + 20 * seconds, check=False)
        rc, out, err = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        rc, out, err = -1, "", f"timeout after {e.timeout} s"
    summary = json.loads(out.strip().splitlines()[-1]) if rc == 0 and out.strip() else {}
    summary["target"] = name
    if rc != 0:
        found = build.OUT / "findings"
        found.mkdir(parents=True, exist_ok=True)
        data = art.read_bytes() if art.exists() else b""
        kept = found / f"guard-{name}-{hashlib.sha1(data).hexdigest()[:12]}"
        kept.write_bytes(data)
        (kept.parent / (kept.name + ".log")).write_text(err)
        summary["finding"] = f"{kept} (exit {rc}): {err.strip().splitlines()[-1] if err.strip() else ''}"
    return summary


# ---- gcov ----------------------------------------------------------------------


def guard_lines(src: Path) -> set[int]:
    """The lines of src only a build with guard pages compiles: inside
    `#if MW_GUARD_PAGES` (or `&& MW_GUARD_PAGES`) up to its #else or #endif,
    nested blocks followed; all of guard_posix.c."""
    if src == HOST:
        return set(range(1, len(src.read_text().splitlines()) + 1))
    out: set[int] = set()
    stack: list[bool] = []  # per open #if: whether its current arm is guard-only
    for n, line in enumerate(src.read_text().splitlines(), 1):
        t = line.strip()
        if t.startswith("#if"):
            stack.append(bool(re.search(r"\bMW_GUARD_PAGES\b", t)) and "!" not in t)
        elif t.startswith("#el") and stack:
            stack[-1] = False
        elif t.startswith("#endif") and stack:
            stack.pop()
        elif any(stack):
            out.add(n)
    return out


@dataclass
class Cover:
    """Summed gcov counts: (file, line) -> count, (file, line, branch) -> count, line -> function."""

    lines: dict[tuple[str, int], int] = field(default_factory=dict)
    branches: dict[tuple[str, int, int], int] = field(default_factory=dict)
    func: dict[tuple[str, int], str] = field(default_factory=dict)

    def add(self, gcda: Path) -> None:
        work = gcda.parent / "gcov-json"
        work.mkdir(exist_ok=True)
        subprocess.run(["gcov", "-b", "--json-format", str(gcda)], cwd=work, capture_output=True, check=False)
        for gz in work.glob("*.gcov.json.gz"):
            doc = json.loads(gzip.decompress(gz.read_bytes()))
            gz.unlink()
            for f in doc["files"]:
                name = Path(f["file"]).name
                for ln in f["lines"]:
                    key = (name, ln["line_number"])
                    self.lines[key] = self.lines.get(key, 0) + ln["count"]
                    self.func[key] = ln.get("function_name", "?")
                    for k, b in enumerate(ln["branches"]):
                        bk = (name, ln["line_number"], k)
                        self.branches[bk] = self.branches.get(bk, 0) + b["count"]

    def summary(self, name: str, keep: set[int] | None = None, function: str | None = None) -> dict:
        """Lines reached, branches taken (of those in `keep`, or of `function`), and what was not."""

        def wanted(ln: int) -> bool:
            return (keep is None or ln in keep) and (function is None or self.func.get((name, ln)) == function)

        lines = [(ln, c) for (f, ln), c in self.lines.items() if f == name and wanted(ln)]
        brs = [(ln, k, c) for (f, ln, k), c in self.branches.items() if f == name and wanted(ln)]
        return {
            "file": name + (f" {function}" if function else ""),
            "lines": f"{sum(c > 0 for _, c in lines)} of {len(lines)}",
            "branches": f"{sum(c > 0 for _, _, c in brs)} of {len(brs)}",
            "lines_missed": sorted(ln for ln, c in lines if c == 0),
            "branches_untaken": sorted({ln for ln, _, c in brs if c == 0}),
        }


def gcov(modules: int, every: int) -> list[dict]:
    """Coverage of the guard pages' code by the targets' inputs and the differential's modules."""
    cov = Cover()
    exes = [build.build_guarded(name, ("--coverage",)) for name in TARGETS]
    objs = build.OUT / "guard-obj-cov"
    for old in objs.glob("*.gcda"):
        old.unlink()
    for name, exe in zip(TARGETS, exes):  # (the objects' counts add up over the targets)
        subprocess.run([str(exe), *map(str, inputs(name, every))], capture_output=True, timeout=3600, check=False)
    for gcda in objs.glob("*.gcda"):
        cov.add(gcda)
    # the differential's library, guarded and with coverage (no twin: its checked build is not counted)
    flags = ["-DMW_GUARD_PAGES=1", "--coverage"]
    lib = diff.build_shim(flags)
    stem = lib.name.removesuffix(".so")
    for old in build.OUT.glob(f"{stem}*.gcda"):
        old.unlink()
    env = {**os.environ, "MW_FUZZ_CFLAGS": " ".join(flags), "MW_FUZZ_TWIN": "0"}
    here = Path(__file__).resolve().parents[1]
    for cmd in (["fuzz.guard", "--modules", str(modules), "--seed", "1"], ["fuzz.edges", "--sizes", "0-9"]):
        subprocess.run([sys.executable, "-m", *cmd], cwd=here, env=env, capture_output=True, timeout=3600, check=False)
    for gcda in build.OUT.glob(f"{stem}*.gcda"):
        cov.add(gcda)
    srcs = [*sorted(build.ENGINE.glob("*.c")), HOST]
    rows = [cov.summary(s.name, guard_lines(s)) for s in srcs if guard_lines(s)]
    rows.append(cov.summary("exec.c", function="mw_guard_fault"))
    shutil.rmtree(build.OUT / "gcov-json", ignore_errors=True)
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default=",".join(TARGETS))
    ap.add_argument("--seconds", type=float, default=60, help="CPU seconds of changed inputs a target")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--every", type=int, default=1, help="replay one seed in N")
    ap.add_argument("--gcov", action="store_true")
    ap.add_argument("--modules", type=int, default=40, help="--gcov: fuzz.guard's modules")
    ap.add_argument("--no-feedback", action="store_true", help="keep no input (the edges counted: a baseline)")
    ap.add_argument("--corpus", type=Path, help="a folder for the inputs kept (one of the target's own)")
    a = ap.parse_args()
    if a.gcov:
        for row in gcov(a.modules, a.every):
            print(json.dumps(row))
        return 0
    found = 0
    for name in a.only.split(","):
        corpus = a.corpus / name if a.corpus else None
        s = run_target(name, a.seconds, a.seed, a.every, not a.no_feedback, corpus)
        print(json.dumps(s), flush=True)
        found += "finding" in s
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
