# SPDX-License-Identifier: MIT
"""Run the fuzzers: the libFuzzer targets (tests/fuzz/fuzz_*.c: load, run,
sheap, image, oom, window, arena), the
wasmtime differential (tests/fuzz/diff.py), the binding fuzzer
(tests/fuzz/binding.py) and WASI files against wasmtime
(tests/fuzz/wasi_files.py), one after another, for a given time, writing
findings to a folder. `make fuzz FUZZ_SECONDS=N` calls this.

Each libFuzzer target keeps a growing corpus in build/fuzz/corpus/<name>
(seeded from build/fuzz/seeds/<name>, see build.py); a crash, leak, broken
allocator contract, sanitizer report or timeout is written by libFuzzer as
<out>/<name>-crash-<sha1> (or -leak-, -timeout-, -oom-), and the run goes
on with the next fuzzer. The differential writes <out>/<kind>-<sha1>.wasm,
.wat and .txt; the binding fuzzer <out>/binding/<seed>.py and .txt;
wasi_files <out>/wasi_files/<seed>.json and .txt. Prints
one JSON line per fuzzer with its counts.

usage: python3 -m fuzz.run [--seconds N] [--out DIR] [--seed S]
                          [--only load,run,sheap,image,oom,window,arena,diff,binding,wasi_files]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from fuzz import binding, build, diff, wasi_files

OUT = build.OUT


@dataclass
class FuzzResult:
    name: str
    seconds: float
    execs: int
    cov: int  # edges covered (libFuzzer's "cov:")
    features: int  # libFuzzer's "ft:"
    corpus: int  # units in the corpus at the end
    findings: list[str]
    seeds: str


# seconds one input may take before libFuzzer calls it a timeout (a finding):
# out of memory's inputs each run their scenario twice for every failing request
INPUT_SECONDS = {"oom": 120}


def run_target(name: str, seconds: float, out: Path, fork: bool = False, seed_every: int = 1) -> FuzzResult:
    """One libFuzzer target for `seconds`. fork: in a child process per job,
    going on after a crash (long runs); else the first crash ends the run.
    seed_every: use one seed module in that many (short runs). A slow unit
    (libFuzzer's -slow-unit- file, over 10 s of wall time: a loaded machine)
    is kept in `out` but is no finding; a timeout is."""
    exe = build.build_target(name)
    seeds, note = build.seed_corpus(name, seed_every)
    corpus = OUT / "corpus" / name
    corpus.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    before = set(out.iterdir())
    cmd = [
        str(exe),
        f"-max_total_time={int(seconds)}",
        "-print_final_stats=1",
        f"-timeout={INPUT_SECONDS.get(name, 20)}",  # one input: seconds
        "-rss_limit_mb=2048",
        "-max_len=65536",
        f"-artifact_prefix={out}/{name}-",
        str(corpus),
        str(seeds),
    ]
    t0 = time.monotonic()
    if fork:
        cmd.insert(1, "-fork=1")
        cmd.insert(2, "-ignore_crashes=1")
        cmd.insert(3, "-ignore_timeouts=1")
        cmd.insert(4, "-ignore_ooms=1")
    # in a session of its own: past its time (a loaded machine: the oom target's
    # first pass over every seed, session 41) the whole group is stopped, not
    # the fork mode's parent alone, whose job would go on running
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=seconds + 600)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    p = subprocess.CompletedProcess(cmd, proc.returncode, stdout, stderr)
    took = time.monotonic() - t0
    log = p.stderr
    execs = sum(int(x) for x in re.findall(r"stat::number_of_executed_units:\s+(\d+)", log))
    if not execs:  # -fork prints per-job stats lines "#N ... exec/s"
        m = re.findall(r"^#(\d+):?\s", log, re.M)
        execs = int(m[-1]) if m else 0
    cov = re.findall(r"cov: (\d+) ft: (\d+)", log)
    found = sorted(str(p) for p in set(out.iterdir()) - before if "-slow-unit-" not in p.name)
    if p.returncode != 0 and not found:
        found = [f"{name}: exit {p.returncode}: " + "\n".join(log.splitlines()[-15:])]
    (out / f"{name}.log").write_text(log)
    return FuzzResult(
        name=name,
        seconds=round(took, 1),
        execs=execs,
        cov=int(cov[-1][0]) if cov else 0,
        features=int(cov[-1][1]) if cov else 0,
        corpus=len(list(corpus.iterdir())),
        findings=found,
        seeds=note,
    )


def run_diff(seconds: float, out: Path, seed: int) -> dict:
    t0 = time.monotonic()
    s = diff.run(seconds, seed, out)
    d = {k: v for k, v in asdict(s).items()}
    d["name"] = "diff"
    d["seconds"] = round(time.monotonic() - t0, 1)
    d["seed"] = seed
    return d


def run_binding(seconds: float, out: Path, seed: int) -> dict:
    r = binding.run(seconds, seed, out)
    d = asdict(r)
    d["name"] = "binding"
    d["seed"] = seed
    return d


def run_wasi_files(seconds: float, out: Path, seed: int) -> dict:
    s = wasi_files.run(seconds, seed, out)
    d = {k: v for k, v in asdict(s).items() if k != "cut"}
    d["cut"] = len(s.cut)
    d["name"] = "wasi_files"
    d["seed"] = seed
    return d


def _llvm(tool: str) -> str:
    """Debian's llvm-14 has llvm-cov-14 etc.; the unversioned names need `llvm`."""
    for name in (f"{tool}-14", tool):
        if shutil.which(name):
            return name
    raise RuntimeError(f"{tool} not found: install Debian llvm-14 (scripts/install_deps.sh)")


# one seed in how many a target's coverage replays: out of memory's each run a sweep
COVERAGE_SEEDS_EVERY = {"oom": 8}


def coverage(names: list[str], out: Path) -> dict:
    """Line and region coverage of modwasm/engine/*.c reached by the corpora
    of `names` (llvm-cov: each target rebuilt with -fprofile-instr-generate,
    no sanitizers, replaying its corpus and seeds once)."""
    cov = OUT / "coverage"
    cov.mkdir(parents=True, exist_ok=True)
    raws, exes = [], []
    flags = ["-fsanitize=fuzzer", "-fprofile-instr-generate", "-fcoverage-mapping", "-O1", "-g", "-std=c11"]
    flags += [f for f in build.CFLAGS if f.startswith("-D")]  # as the targets are built (the code check, the arena)
    build.sheap_header()  # what the targets include (their ASan build is not needed here)
    # the engine compiled once for every target (exec.c alone is a minute)
    engine_objs = []
    for src in sorted(build.ENGINE.glob("*.c")):
        obj = cov / (src.stem + ".o")
        subprocess.run(["clang", *flags, f"-I{build.ENGINE}", "-c", str(src), "-o", str(obj)], check=True)
        engine_objs.append(str(obj))
    for n in names:
        exe = cov / f"fuzz_{n}"
        subprocess.run(
            [
                "clang",
                *flags,
                f"-I{build.ENGINE}",
                f"-I{OUT}",
                str(build.HERE / f"fuzz_{n}.c"),
                *engine_objs,
                "-o",
                str(exe),
                "-lm",
            ],
            check=True,
        )
        raw = cov / f"{n}.profraw"
        dirs = [str(OUT / "corpus" / n), str(build.seed_corpus(n, COVERAGE_SEEDS_EVERY.get(n, 1))[0])]
        subprocess.run(
            [str(exe), "-runs=0", *[d for d in dirs if Path(d).is_dir()]],
            env={"LLVM_PROFILE_FILE": str(raw), "PATH": "/usr/bin:/bin"},
            capture_output=True,
            timeout=1800,
            check=False,
        )
        raws.append(str(raw))
        exes.append(str(exe))
    data = cov / "merged.profdata"
    subprocess.run([_llvm("llvm-profdata"), "merge", "-sparse", *raws, "-o", str(data)], check=True)
    engine_srcs = [str(p) for p in sorted(build.ENGINE.glob("*.c"))]
    objs = [a for e in exes[1:] for a in ("-object", e)]
    rep = subprocess.run(
        [_llvm("llvm-cov"), "report", exes[0], *objs, f"-instr-profile={data}", *engine_srcs],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    out.mkdir(parents=True, exist_ok=True)
    (out / "coverage.txt").write_text(rep)
    total = [ln for ln in rep.splitlines() if ln.startswith("TOTAL")]
    cols = total[0].split() if total else []
    # TOTAL regions missed cover% functions missed executed% lines missed cover% branches missed cover%
    return {
        "name": "coverage",
        "regions": cols[3] if cols else "?",
        "lines": cols[9] if cols else "?",
        "report": str(out / "coverage.txt"),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=600, help="in all, shared evenly by the fuzzers")
    ap.add_argument("--out", type=Path, default=OUT / "findings")
    ap.add_argument("--only", default="load,run,sheap,image,oom,window,arena,diff,binding,wasi_files")
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--coverage", action="store_true", help="then llvm-cov coverage of the engine by the corpora")
    a = ap.parse_args()
    names = a.only.split(",")
    each = max(5.0, a.seconds / len(names))
    bad = 0
    for n in names:
        if n == "diff":
            r = run_diff(each, a.out, a.seed)
        elif n == "binding":
            r = run_binding(each, a.out, a.seed)
        elif n == "wasi_files":
            r = run_wasi_files(each, a.out, a.seed)
        else:
            r = asdict(run_target(n, each, a.out, fork=True))
        bad += len(r["findings"])
        print(json.dumps(r), flush=True)
    if a.coverage:
        print(json.dumps(coverage([n for n in names if n not in ("diff", "binding", "wasi_files")], a.out)), flush=True)
    print(f"findings: {bad} (in {a.out})" if bad else f"no findings (folder {a.out})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
