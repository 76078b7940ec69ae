# SPDX-License-Identifier: MIT
"""Whole programs (bench/programs.py) on three runners: our engine, wasm3, native.

    runner_mw_wasi      modwasm/engine/*.c + bench/runner_mw_wasi.c (gcc -O3)
    runner_wasm3_wasi   wasm3's C core from the pinned pywasm3 sdist + bench/runner_wasm3_wasi.c
    runner_native_prog  spawns build/programs/NAME.native (gcc -O2, static)

The two wasm runners give the program the same WASI world (bench/wasi_shim.h).
Every run's stdout is hashed (FNV-1a): the checksum compared across engines;
the programs also print their own `checksum=` line. bench/run.py calls
`programs_table` (and `programs_callgrind_table` with --callgrind).
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path

import programs as P
import saved_ir
from bench_common import RUNNER_FLAGS, RUNNERS, file_sha256, geomean, ir_table, stale

BENCH = P.ROOT / "bench"
ENGINE = P.ROOT / "modwasm" / "engine"
OUT = P.ROOT / "build" / "bench"
JOBS = 2
JOB_ORDER = {"native": 0, "mpwasm": 1, "wasm3": 2}  # callgrind's counts, cheapest first


def _cc(cmd: list[str | Path], out: Path) -> Path:
    tmp = out.with_name(out.name + ".tmp")
    subprocess.run([*map(str, cmd), "-o", str(tmp)], check=True)
    tmp.replace(out)
    return out


# Memory 0's bounds test by guard pages (modwasm/engine/mw_config.h MW_GUARD_PAGES), the
# reservations and the fault handler modwasm/host/guard_posix.c's; MW_BENCH_GUARD=0 counts the
# checked build instead.
GUARD_HOST = P.ROOT / "modwasm" / "host"
GUARD_FLAGS = [] if os.environ.get("MW_BENCH_GUARD") == "0" else ["-DMW_GUARD_PAGES=1", f"-I{GUARD_HOST}"]
GUARD_SRCS = [GUARD_HOST / "guard_posix.c"] if GUARD_FLAGS else []


def runner_mw_wasi_deps() -> list[Path]:
    return [
        *GUARD_SRCS,
        *sorted(ENGINE.glob("*.c")),
        *sorted(ENGINE.glob("*.h")),
        BENCH / "runner_mw_wasi.c",
        BENCH / "wasi_shim.h",
        BENCH / "runner_common.h",
        BENCH / "runner_mw.h",
        BENCH / "ram_parts.h",
        BENCH / "lazy_trace.h",
        BENCH / "calltrace.h",
    ]


def build_runner_mw_wasi(trace: bool = False, calls: bool = False) -> Path:
    """trace: a separate build with -DMW_LAZY_TRACE (bench/lazy_trace.h: what the code budget relowered);
    calls: with -DMW_CALL_TRACE too (bench/calltrace.h: every call and return, for bench/budget_sim.py)."""
    out = OUT / ("runner_mw_wasi_calls" if calls else "runner_mw_wasi_trace" if trace else "runner_mw_wasi")
    if not GUARD_FLAGS:  # a build of its own: stale() compares times, not flags
        out = out.with_name(out.name + "_checked")
    srcs = sorted(ENGINE.glob("*.c"))
    if stale(out, runner_mw_wasi_deps()):
        OUT.mkdir(parents=True, exist_ok=True)
        flags = ["-DMW_LAZY_TRACE"] if trace or calls else []
        flags += ["-DMW_CALL_TRACE"] if calls else []
        _cc(
            [
                *RUNNER_FLAGS,
                *GUARD_FLAGS,
                *flags,
                f"-I{ENGINE}",
                f"-I{BENCH}",
                *srcs,
                *GUARD_SRCS,
                BENCH / "runner_mw_wasi.c",
                "-lm",
                "-lpthread",
            ],
            out,
        )
    return out


def runner_wasm3_wasi_deps(wasm3_src: Path) -> list[Path]:
    return [
        *sorted(wasm3_src.glob("*.c")),
        *sorted(wasm3_src.glob("*.h")),
        BENCH / "runner_wasm3_wasi.c",
        BENCH / "runner_wasm3.h",
        BENCH / "wasi_shim.h",
        BENCH / "runner_common.h",
    ]


def build_runner_wasm3_wasi(wasm3_src: Path) -> Path:
    out = OUT / "runner_wasm3_wasi"
    srcs = sorted(wasm3_src.glob("*.c"))
    if stale(out, runner_wasm3_wasi_deps(wasm3_src)):
        OUT.mkdir(parents=True, exist_ok=True)
        # -w: wasm3's warnings are not ours to fix
        _cc(
            [
                *RUNNER_FLAGS,
                "-w",
                f"-I{wasm3_src}",
                f"-I{BENCH}",
                *srcs,
                BENCH / "runner_wasm3_wasi.c",
                "-lm",
                "-lpthread",
            ],
            out,
        )
    return out


def build_runner_native_prog() -> Path:
    out = OUT / "runner_native_prog"
    deps = [BENCH / "runner_native_prog.c", BENCH / "runner_common.h"]
    if stale(out, deps):
        OUT.mkdir(parents=True, exist_ok=True)
        _cc([*RUNNER_FLAGS, f"-I{BENCH}", BENCH / "runner_native_prog.c"], out)
    return out


@dataclass
class Runners:
    mw: Path
    wasm3: Path
    native: Path
    builds: dict[str, saved_ir.RunnerBuild]  # engine -> its runner's build (native: none, the executable is hashed)
    wasm: dict[str, Path] = field(default_factory=dict)  # program -> .wasm
    exe: dict[str, Path] = field(default_factory=dict)  # program -> native executable


def build(wasm3_src: Path, progs: Sequence[P.Program]) -> Runners:
    P.log("building whole programs (build/programs/) and their runners ...")
    built = P.build_all(progs)
    with ThreadPoolExecutor(JOBS) as pool:
        f_mw = pool.submit(build_runner_mw_wasi)
        f_w3 = pool.submit(build_runner_wasm3_wasi, wasm3_src)
        f_nat = pool.submit(build_runner_native_prog)
        mw, w3 = f_mw.result(), f_w3.result()
        builds = {
            "mpwasm": saved_ir.runner_build([*RUNNER_FLAGS, *GUARD_FLAGS], runner_mw_wasi_deps(), P.ROOT, mw),
            "wasm3": saved_ir.runner_build([*RUNNER_FLAGS, "-w"], runner_wasm3_wasi_deps(wasm3_src), P.ROOT, w3),
        }
        r = Runners(mw, w3, f_nat.result(), builds)
    for p in progs:
        r.wasm[p.name] = built[p.name, "wasm"]
        r.exe[p.name] = built[p.name, "native"]
    return r


@dataclass
class ProgRun:
    """What one runner printed: result= (stdout hash), exit=, times=, and the rest."""

    result: int
    exit: int
    times: list[float]
    fields: dict[str, str]

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def best(self) -> float:
        return min(self.times)


def run_prog(exe: Path, prog_file: Path, p: P.Program, size: str, reps: int, out: str = "-") -> ProgRun:
    cmd = [str(exe), str(prog_file), str(reps), out, *p.argv(size)]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=900, check=False)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} {p.name} failed ({r.returncode}):\n{r.stdout}{r.stderr[-3000:]}")
    f = dict(line.split("=", 1) for line in r.stdout.splitlines() if "=" in line)
    return ProgRun(int(f["result"]), int(f["exit"]), [float(t) for t in f["times"].split(",")], f)


@dataclass
class ProgRow:
    prog: P.Program
    size: str
    runs: dict[str, ProgRun]
    checksum: str  # the program's own checksum= line

    @property
    def agree(self) -> bool:
        return len({(r.result, r.exit) for r in self.runs.values()}) == 1


def measure(r: Runners, progs: Sequence[P.Program], size: str, reps: int) -> list[ProgRow]:
    rows = []
    for p in progs:
        outs = {name: OUT / "programs-out" / f"{p.name}.{name}.txt" for name in RUNNERS}
        outs["mpwasm"].parent.mkdir(parents=True, exist_ok=True)
        exe = {
            "mpwasm": (r.mw, r.wasm[p.name]),
            "wasm3": (r.wasm3, r.wasm[p.name]),
            "native": (r.native, r.exe[p.name]),
        }
        # interleaved (A B C A B C ...): a burst of load from others on this
        # shared machine hits every runner alike; the first run saves stdout
        runs: dict[str, ProgRun] = {}
        for i in range(reps):
            for name, (runner, prog_file) in exe.items():
                one = run_prog(runner, prog_file, p, size, 1, str(outs[name]) if i == 0 else "-")
                if name not in runs:
                    runs[name] = one
                elif (one.result, one.exit) != (runs[name].result, runs[name].exit):
                    raise RuntimeError(f"{p.name} on {name}: run {i} printed something else than run 0")
                else:
                    runs[name].times += one.times
        text = outs["native"].read_text(errors="replace")
        m = re.search(r"checksum=(0x[0-9a-fA-F]+)", text)
        row = ProgRow(p, size, runs, m.group(1) if m else "?")
        P.log(
            f"  {p.name:8} mpwasm {runs['mpwasm'].best * 1e3:8.1f} ms  wasm3 {runs['wasm3'].best * 1e3:8.1f} ms"
            f"  native {runs['native'].best * 1e3:7.1f} ms  {'ok' if row.agree else 'OUTPUTS DIFFER'}"
        )
        rows.append(row)
    return rows


def table(rows: Sequence[ProgRow]) -> str:
    head = (
        "| program (O2) | workload | mpwasm ms | wasm3 ms | native ms | speed vs wasm3 | slowdown vs native "
        "| mpwasm load ms | stdout |\n|---|---|---:|---:|---:|---:|---:|---:|---|\n"
    )
    lines, vs_w3, vs_nat = [], [], []
    for r in rows:
        t_mw, t_w3, t_nat = (r.runs[x].best for x in RUNNERS)
        a, c = t_w3 / t_mw, t_mw / t_nat
        vs_w3.append(a)
        vs_nat.append(c)
        load = float(r.runs["mpwasm"].fields.get("load", "nan")) * 1e3
        ok = f"same, {r.checksum}" if r.agree else "DIFFER " + str({k: v.result for k, v in r.runs.items()})
        lines.append(
            f"| {r.prog.name} | {r.prog.what} ({r.size}: {_args_short(r.prog, r.size)}) | {t_mw * 1e3:.1f} | "
            f"{t_w3 * 1e3:.1f} | {t_nat * 1e3:.2f} | {a:.2f}x | {c:.1f}x | {load:.1f} | {ok} |"
        )
    g1, g2 = geomean(vs_w3), geomean(vs_nat)
    lines.append(f"| **geometric mean** | | | | | **{g1:.2f}x** | **{g2:.1f}x** | | |")
    note = (
        "\nWhole programs from Debian source packages (bench/programs.py), built once for wasm32-wasi and natively. "
        "Times: the best of the interleaved runs (this machine is shared; callgrind counts below are the "
        "noise-free figure). mpwasm and wasm3: `_start` alone, on a fresh instance (our load/lowering is the "
        "load column; wasm3 compiles lazily inside `_start`). native: spawn to exit of the static gcc -O2 "
        "binary (includes ~0.3 ms of process start-up). stdout: all three runners printed the same bytes "
        "(the program's own checksum shown).\n"
    )
    return head + "\n".join(lines) + "\n" + note


def _args_short(p: P.Program, size: str) -> str:
    if p.name == "lua":
        m = re.match(r"N = (\d+)", p.args[size][1])
        return f"N={m.group(1)}" if m else "?"
    return " ".join(a for a in p.args[size] if "\n" not in a)  # not a script's text (mawk's)


def ram_table(rows: Sequence[ProgRow]) -> str:
    """Sizes and engine RAM per program, from the runners' counters (x86-64 host)."""
    lines = [
        "| program | .wasm bytes | mpwasm module RAM | RAM/binary | mpwasm instance RAM | linear memory (peak) "
        "| wasm3 module+compiled RAM | mpwasm C stack | wasm3 C stack |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        size = (P.wasm_dir() / f"{r.prog.name}.wasm").stat().st_size
        mw, w3 = r.runs["mpwasm"].fields, r.runs["wasm3"].fields
        mod = int(mw["module_ram"])
        lines.append(
            f"| {r.prog.name} | {size} | {mod} | {mod / size:.2f}x | {mw['instance_ram']} | {mw['linear_memory']} | "
            f"{int(w3['module_ram']) + int(w3['compiled_ram'])} | {mw['stack']} | {w3['stack']} |"
        )
    return (
        "\n".join(lines)
        + "\n\nmodule RAM: bytes the engine allocated in mw_module_load (x86-64: pointers are 8 bytes; on Cortex-M "
        "see Module.ram in docs/programs.md). wasm3: glibc heap after parse+load plus what its lazy compilation "
        "added during the run. C stack: peak bytes below the call of `_start` (wasm3 recurses on the C stack).\n"
    )


def _bases(r: Runners, p: P.Program) -> dict[str, saved_ir.Basis]:
    """What each engine's count of p is made from (saved_ir.Basis)."""
    wasm, exe = file_sha256(r.wasm[p.name]), file_sha256(r.exe[p.name])
    args = saved_ir.sha256_words(p.args["quick"])
    return {
        "mpwasm": saved_ir.Basis(r.builds["mpwasm"].hash, wasm, args, "bench_call"),
        "wasm3": saved_ir.Basis(r.builds["wasm3"].hash, wasm, args, "bench_call"),
        "native": saved_ir.Basis(exe, exe, args, "main"),
    }


def _checksum(engine: str, stdout: bytes) -> int:
    """The run's output checksum: a wasm runner prints result= (FNV-1a of the guest's stdout); the
    native program under callgrind prints its stdout itself."""
    if engine == "native":
        return saved_ir.fnv1a(stdout)
    m = re.search(rb"^result=(\d+)$", stdout, re.MULTILINE)
    if not m:
        raise RuntimeError(f"{engine} printed no result= line")
    return int(m.group(1))


def _build_of(r: Runners, engine: str) -> tuple[dict[str, str], str]:
    """A new record's runner inputs and image (native's: none, its executable is its basis)."""
    build = r.builds.get(engine)
    return (build.inputs, build.image) if build else ({}, "")


def _programs(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{len(names)} programs ({', '.join(names)})"


def checkout() -> str:
    """The commit counted at, its engine's last commit, and whether the engine differs from it."""
    git = ["git", "-C", str(P.ROOT)]
    head = subprocess.run([*git, "log", "-1", "--format=%h"], capture_output=True, text=True, check=False)
    engine = subprocess.run(
        [*git, "log", "-1", "--format=%h", "--", "modwasm"], capture_output=True, text=True, check=False
    )
    dirty = subprocess.run([*git, "diff", "--quiet", "HEAD", "--", "modwasm"], check=False).returncode
    changed = " + uncommitted changes" if dirty else ""
    return f"{head.stdout.strip()} (engine {engine.stdout.strip()}{changed})"


def callgrind_table(
    r: Runners,
    progs: Sequence[P.Program],
    callgrind: Callable[..., tuple[int, bytes]],
    with_load: bool = False,
    saved_path: Path | None = None,
    ours_alone: bool = False,
) -> tuple[str, bool]:
    """Instructions of one `_start` (mpwasm, wasm3) or of `main` (native), at the quick sizes, and
    whether every output's checksum is native's. Every count made is saved in saved_path
    (bench/saved_ir.py); ours_alone: wasm3's and native's taken from there where what they were
    counted from is unchanged. with_load: a second table that also counts each engine's load and
    our lowering (below)."""
    cg = OUT / "callgrind"
    cg.mkdir(parents=True, exist_ok=True)
    lazy = {"MW_BENCH_LAZY": "1"}
    saved = saved_ir.load(saved_path) if ours_alone and saved_path else {}
    commit = checkout()
    jobs, bases, reused = [], {}, {}
    recount: dict[tuple[str, str], list[str]] = {}  # (engine, what differs) -> the programs counted again
    kept: dict[tuple[str, str], list[str]] = {}  # the same for counts that stand though their runner's sources moved
    upgraded: list[saved_ir.Record] = []  # reused records saved again with this build's inputs and image
    for p in progs:
        mw = [str(r.mw), str(r.wasm[p.name]), "1", "-", *p.argv("quick")]
        w3 = [str(r.wasm3), str(r.wasm[p.name]), "1", "-", *p.argv("quick")]
        bases[p.name] = _bases(r, p)
        counts = {
            "mpwasm": (mw, "bench_call"),
            "wasm3": (w3, "bench_call"),
            "native": ([str(r.exe[p.name]), *p.args["quick"]], "main"),
        }
        for who, (cmd, toggle) in counts.items():
            now, build = bases[p.name][who], r.builds.get(who)
            rec, why = saved_ir.reusable(saved, p.name, who, "quick", now, build) if who != "mpwasm" else (None, "")
            if rec:
                reused[p.name, who] = rec
                if why:
                    kept.setdefault((who, why), []).append(p.name)
                if build and (rec.basis, rec.inputs, rec.image) != (now, build.inputs, build.image):
                    upgraded.append(replace(rec, basis=now, inputs=build.inputs, image=build.image))
                continue
            if ours_alone and who != "mpwasm":
                recount.setdefault((who, why), []).append(p.name)
            jobs.append((p, who, cmd, toggle, None))
        if with_load:
            # our module loaded lazily, as wasm.Module(bytes) loads: the load validates every
            # function; each is lowered at its first call, inside _start. wasm3 parses at load
            # and validates a function when it compiles it, inside _start.
            jobs += [
                (p, "mpwasm lazy", mw, "bench_call", lazy),
                (p, "mpwasm load", mw, "mw_module_load", lazy),
                (p, "wasm3 load", w3, ("m3_ParseModule", "m3_LoadModule"), None),
            ]
    notes = [f"{who}'s count of {_programs(names)} made again: {why}." for (who, why), names in recount.items()] + [
        f"{who}'s saved count of {_programs(names)} stands: {why}." for (who, why), names in kept.items()
    ]
    for note in notes:
        P.log("  " + note)
    P.log(f"callgrind: {len(jobs)} whole-program runs at --quick sizes ({len(reused)} counts saved before) ...")
    # the cheapest engine first (native's count, then ours, then wasm3's), and each count saved as
    # soon as it is made: a run stopped half-way keeps what it counted, native's checksums first
    jobs.sort(key=lambda j: JOB_ORDER.get(j[1], len(JOB_ORDER)))
    if saved_path and upgraded:
        saved_ir.save(saved_path, upgraded)
    fresh, done = [], {}
    with ThreadPoolExecutor(JOBS) as pool:
        futs = {
            pool.submit(callgrind, cmd, toggle, cg / f"prog-{p.name}.{who.replace(' ', '-')}.out", env): (p.name, who)
            for p, who, cmd, toggle, env in jobs
        }
        for f in as_completed(futs):
            name, who = futs[f]
            ir_now, stdout = done[name, who] = f.result()
            if who in RUNNERS:
                fresh.append(
                    saved_ir.Record(
                        name, who, "quick", bases[name][who], commit, ir_now, _checksum(who, stdout), *_build_of(r, who)
                    )
                )
                if saved_path:
                    saved_ir.save(saved_path, fresh[-1:])
    records = {**reused, **{(x.program, x.engine): x for x in fresh}}
    ir = {k: v[0] for k, v in done.items()} | {k: v.ir for k, v in reused.items()}
    differ = [
        f"{p.name} on {who}"
        for p in progs
        for who in ("mpwasm", "wasm3")
        if records[p.name, who].checksum != records[p.name, "native"].checksum
    ]
    lines = ir_table(["program (O2, quick)"], {(p.name,): {who: ir[p.name, who] for who in RUNNERS} for p in progs})
    out = (
        "\n".join(lines) + "\n\nIr: instructions of one run of `_start` (callgrind --toggle-collect=bench_call; "
        "wasm3's count includes its lazy compilation) or of the native program's `main`. "
        + ("Every output's checksum is native's.\n" if not differ else f"OUTPUTS DIFFER from native's: {differ}\n")
    )
    if reused:
        at = sorted({rec.commit for rec in reused.values()})
        out += (
            f"{len(reused)} counts (wasm3's, native's) taken from {saved_path}, counted at {', '.join(at)} from "
            "the same runner builds, binaries and arguments; ours counted now, at " + commit + ".\n"
        )
    out += "".join(note + "\n" for note in notes)
    return out + (load_table(progs, ir) if with_load else ""), not differ


def load_table(progs: Sequence[P.Program], ir: dict[tuple[str, str], int]) -> str:
    """wasm3 against us counted three ways: the run alone (as above), the run with our lowering in it
    (lazy load), and load + run on both sides."""
    lines = [
        "| program (O2, quick) | mpwasm lazy: run | mpwasm lazy: load | wasm3: load | "
        "wasm3/mpwasm: run | with our lowering | load + run |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    cols: list[list[float]] = [[], [], []]
    for p in progs:
        run, lazy, load = ir[p.name, "mpwasm"], ir[p.name, "mpwasm lazy"], ir[p.name, "mpwasm load"]
        w3, w3_load = ir[p.name, "wasm3"], ir[p.name, "wasm3 load"]
        ratios = (w3 / run, w3 / lazy, (w3 + w3_load) / (lazy + load))
        for c, x in zip(cols, ratios):
            c.append(x)
        cells = " | ".join(f"{x:.2f}x" for x in ratios)
        lines.append(f"| {p.name} | {lazy:,} | {load:,} | {w3_load:,} | {cells} |")
    lines.append("| **geometric mean** | | | | " + " | ".join(f"**{geomean(c):.2f}x**" for c in cols) + " |")
    return (
        "\n".join(lines) + "\n\nCounted three ways (docs/benchmarks.md, whole programs): our run of an eagerly "
        "lowered module; our run of a lazily loaded one, each function lowered at its first call (as wasm3 "
        "compiles inside its run); and the load too on both sides (`mw_module_load` with MW_LOAD_LAZY, which "
        "validates every function; wasm3's `m3_ParseModule` + `m3_LoadModule`).\n"
    )
