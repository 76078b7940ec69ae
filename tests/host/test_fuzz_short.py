# SPDX-License-Identifier: MIT
"""Short runs of the fuzzers of tests/fuzz inside `make test` (docs/fuzzing.md):
each libFuzzer target (decode+validate+lower, instantiate+call, shared heaps;
since session 36 images, out of memory and windows; since session 38 the code
budget's arena against the same script without a budget) for its SHORT seconds
under ASan/UBSan with the checking allocator, the
wasmtime differential and the validation check on mutated modules for
DIFF_SECONDS (our side loading the modules eagerly, lazily and under a code
budget of 1 byte in turn), the memory edges of tests/fuzz/edges.py (sizes 0..16
bytes, each in one load mode), the narrow immediates of tests/fuzz/imms.py
(12 modules in the three load modes), sessions 9-10's fusions and far
branches of tests/fuzz/fusions.py (8 modules, 2 with far branches, in the
three load modes), sessions 11-12's fused ops of tests/fuzz/fused12.py (6
modules) and calls between instances of tests/fuzz/xinst.py (4 pairs), in the
three load modes, recursion through evicting calls of tests/fuzz/evict.py (6
modules, lazy and under seven code budgets; a fixed 8 under four that must
reach every path of the code arena), WASI file calls against wasmtime
of tests/fuzz/wasi_files.py (WASI_FILES_SEQUENCES sequences), the binding fuzzer's scripts of
tests/fuzz/binding.py (BINDING_SCRIPTS fixed seeds on the host port under ASan
and UBSan), every regression case of tests/fuzz/regressions, and (session
39) that the fixed seeds keep reaching the paths only they reach; since session
42 memory 0's edges with guard pages against wasmtime and the checked build
(tests/fuzz/guard.py) and the window and shared-heap targets built with guard
pages (tests/fuzz/guard_run.py). A finding
fails the test and names the file written to build/fuzz/findings-short/.
`make fuzz FUZZ_SECONDS=N` runs the same for as long as asked.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import time

import pytest

from fuzz import (
    binding,
    build,
    diff,
    edges,
    evict,
    fused12,
    fusions,
    gcov,
    guard,
    guard_run,
    image_loads,
    imms,
    reach,
    regress,
    rows,
    run,
    wasi_files,
    xinst,
)
from support import images

# each libFuzzer target: (seconds, one seed module in how many, fewest executions);
# out of memory's inputs each run a sweep of hundreds of scenarios, the arena's
# a script of up to ~450 operations twice
SHORT = {
    "load": (20, 8, 1000),
    "run": (20, 8, 1000),
    "sheap": (20, 8, 1000),
    "image": (10, 8, 1000),
    "oom": (10, 32, 100),
    "window": (10, 1, 1000),
    "arena": (10, 1, 66),  # at least its 66 seeds (~25 ms of CPU each under ASan)
}
# 36 before session 35's evict big functions and WASI draws (~0.5 s CPU more); 45 before
# the memory edges' ~4 s, 40 before fused12's and xinst's ~4 s
DIFF_SECONDS = 35
FINDINGS = build.OUT / "findings-short"
GUARD_SECONDS = 3  # each guarded target's changed inputs (CPU; ~10 s of CPU to build each)
WASI_FILES_SEQUENCES = 120  # ~2 s: one MicroPython process per 40
# seeds 1..14 of 120 steps (fixed: the test must stay green): 9.7 s of CPU
# under ASan, as seeds 1..16 were (10.3 s) before session 34's full-heap and
# room operations made a script ~15% dearer
BINDING_SCRIPTS = 14


@pytest.mark.parametrize("name", build.TARGETS)
def test_libfuzzer_short(name: str) -> None:
    seconds, every, execs = SHORT[name]
    r = run.run_target(name, seconds, FINDINGS, seed_every=every)
    print(f"\n{name}: {r.execs} execs in {r.seconds} s, cov {r.cov}, ft {r.features}, corpus {r.corpus}; {r.seeds}")
    assert not r.findings, "\n".join(r.findings)
    assert r.execs > execs and r.cov > 100


def test_seed_images_are_made_once(tmp_path, monkeypatch) -> None:
    """build.images_of keeps wasm-cross's answer for each module (its image,
    or that it refused it) by the tool's and the module's hashes: the image
    target's seeds and the oom target's, a subset of them, run wasm-cross
    once between them (session 40: it ran on every module on each call). The
    images are the tool's own, and a second call runs no wasm-cross."""
    from support import build as programs

    wasm = []
    for name in ("image_small", "arith"):
        programs.build(name)
        wasm.append(programs.OUT / f"{name}.wasm")
    bad = tmp_path / "bad.wasm"
    bad.write_bytes(b"\0asm\x01\0\0\0\x01\x04\x01\x60\x00")  # a type section cut short
    assert build.images_of([*wasm, bad], tmp_path / "a") == 2
    for w in wasm:
        subprocess.run(
            [str(build.WASM_CROSS), "--target", "host", str(w), "-o", str(tmp_path / "direct.mwi")],
            check=True,
            capture_output=True,
        )
        data = (tmp_path / "direct.mwi").read_bytes()
        assert (tmp_path / "a" / hashlib.sha1(data).hexdigest()).read_bytes() == data
    crossed = []
    real_run = subprocess.run

    def counting(cmd, *a, **k):
        crossed.extend([cmd] if str(cmd[0]) == str(build.WASM_CROSS) else [])
        return real_run(cmd, *a, **k)

    monkeypatch.setattr(subprocess, "run", counting)
    assert build.images_of([*wasm, bad], tmp_path / "b") == 2
    assert crossed == []
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(p.name for p in (tmp_path / "b").iterdir())


def test_key_paths_stay_reached() -> None:
    """The paths only the fixed seeds reach (fuzz/gcov.py KEY_WHOLE,
    KEY_ENTERED, KEY_MOST, KEY_ROWS: the arena's moves and a grow made good
    by a reclaim, windows, far branches, the stream loader's code section
    boundaries and its out of memory, CALL_DEF_W and the table's fused
    address, truncation and pair rows) stay reached: the engine built with
    gcov, the arena, window and sheap targets' seeds, the generators' modules
    and the small modules fuzz_run pads past 65,536 functions (run target)
    and the code section cuts (load and oom targets) run once each
    (deterministic: fixed seeds). ~20 s of wall time on a loaded 2-core machine, most of it the
    engine's -O0 build."""
    missed = gcov.key_paths_missed(build.OUT / "gcov-key")
    assert not missed, "no longer reached by the seeds:\n" + "\n".join(missed)


def test_differential_and_validation_short() -> None:
    seed = int(time.time())
    s = diff.run(DIFF_SECONDS, seed, FINDINGS)
    print(f"\ndiff seed {seed}: {s}")
    assert not s.findings, f"seed {seed}:\n" + "\n".join(s.findings)
    assert s.compared >= 5 and s.calls >= 10 and s.mutants >= 10, s


def test_memory_edges_agree_with_wasmtime() -> None:
    """Every width and offset at the end of 0..16-byte memories (the offsets
    around 16 bits for sizes 0, 4, 8, 12, 16 and a 0x10009-byte memory), the fused
    load-and-branch forms, stores of constants, growth during fused loops
    (tests/fuzz/edges.py); size s loaded in load mode s % 3."""
    modes = list(diff.LOAD_MODES)
    r = edges.Result()
    e = edges.Edges()
    for size in range(17):
        e.check(size, modes[size % 3], r, wide=size % 4 == 0)
    e.check(edges.BIG, "eager", r)  # the 16-bit offsets inside the memory (OFF16 vs the wide form)
    print(f"\nmemory edges: {r.calls} calls compared ({r.traps} traps), {r.relowered} re-lowerings")
    assert not r.findings, "\n".join(r.findings[:20])
    assert r.calls > 50000 and 0 < r.traps < r.calls
    assert r.relowered > 100  # the budget's modules evicted code and lowered it again


def test_narrow_immediates_agree_with_wasmtime() -> None:
    """Constants around +-32768 and 0x10000, shift counts, fused shifts and
    multiply-adds, memory-0 offsets around 16 bits (tests/fuzz/imms.py):
    12 random modules, each in the three load modes, against wasmtime."""
    seed = int(time.time())
    s = imms.run(12, seed, list(diff.LOAD_MODES), FINDINGS)
    print(f"\nimms seed {seed}: {s}")
    assert not s.findings, f"seed {seed}:\n" + "\n".join(s.findings)
    assert s.compared == 36 and s.calls > 1000 and 0 < s.traps < s.calls, s


def test_table_rows_agree_with_wasmtime() -> None:
    """The modules build.py makes from the code table (every compare-and-branch
    row; every fused address row, _X, _XR, _XM and their D twins; every
    float -> integer truncation at its edges, trapping and saturating; every
    row of two ops, straight, in a loop, a branch landing between, its
    address out of bounds), each in the three load modes, against wasmtime,
    and the rows no lowering emits put into an image by hand, each trapping
    (tests/fuzz/rows.py). The
    wide call module (CALL_DEF_W) is left to `python -m fuzz.rows --wide`
    (wasmtime takes ~10 s to compile its 65,545 functions) and tests/engine."""
    s = rows.run(list(diff.LOAD_MODES), out=FINDINGS)
    print(f"\ntable rows: {s}")
    assert not s.findings, "\n".join(s.findings)
    assert s.compared == 12 and s.calls > 3000 and 0 < s.traps < s.calls, s


def test_guard_pages_agree_with_wasmtime_and_the_checked_build(monkeypatch) -> None:
    """Memory 0's edges with guard pages (tests/fuzz/guard.py, session 42): every
    width at the ends of 64 KiB and 1-byte-page memories, offsets to 2^32,
    grows, traps under call chains and a host frame, a second memory; 8 random
    modules in the three load modes on the differential's library built with
    guard pages, against wasmtime, each also on the checked build, whose every
    trap must be the same (message, path, wasm offsets)."""
    monkeypatch.setenv("MW_FUZZ_CFLAGS", "-DMW_GUARD_PAGES=1")
    seed = int(time.time())
    s = guard.run(8, seed, list(diff.LOAD_MODES), FINDINGS)
    print(f"\nguard seed {seed}: {s}")
    assert not s.findings, f"seed {seed}:\n" + "\n".join(s.findings)
    assert s.compared == 24 and s.calls > 500 and 0 < s.traps < s.calls and s.twinned >= s.traps, s


def test_guarded_targets_short(tmp_path) -> None:
    """The window and shared-heap targets built by GCC with guard pages and
    UBSan (tests/fuzz/guard_main.c, guard_run.py; libFuzzer's ASan cannot hold
    the reservations): their seeds, then GUARD_SECONDS of CPU of inputs
    changed from them, each checked against the target's model, and no
    reservation left after any input; the engine built for coverage feedback
    (trace-pc: the replay reaches edges of its code). Then the image target
    (in this test: the targets share their objects, build.py guard_objects)."""
    for name in ("window", "sheap"):
        r = guard_run.run_target(name, GUARD_SECONDS, int(time.time()))
        print(f"\n{r}")
        assert "finding" not in r, r["finding"]
        assert r["replayed"] >= 30 and r["mutated"] > 1000 and r["edges_replay"] > 500, r
    guarded_image_target_walks_threaded_code(tmp_path)


def guarded_image_target_walks_threaded_code(tmp_path) -> None:
    """The image target built guarded (GCC: its code threaded, mw_config.h
    MW_THREADED) on tests/fuzz/regressions/image and a fresh host image of a
    module with a table, which fuzz_image.c's writes_a_table walks: read as
    compact, a handler address's low unit was taken for an op (session 43's
    finding: every image with a table, UBSan's index out of bounds)."""
    wat = tmp_path / "table.wat"
    wat.write_text(
        "(module (table 2 funcref) (elem (i32.const 0) $f)\n"
        '  (func $f (export "f") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))\n'
        '  (func (export "g") (param i32) (result i32)\n'
        "    (call_indirect (param i32) (result i32) (local.get 0) (i32.const 0))))"
    )
    subprocess.run([build.wasm_tools(), "parse", str(wat), "-o", str(tmp_path / "table.wasm")], check=True)
    assert images.cross(tmp_path / "table.wasm", tmp_path / "table.mwi", "host").returncode == 0
    regressions = sorted((build.HERE / "regressions" / "image").glob("*.mwi"))
    exe = build.build_guarded("image")
    p = subprocess.run(
        [str(exe), str(tmp_path / "table.mwi"), *map(str, regressions)], capture_output=True, text=True, timeout=600
    )
    assert p.returncode == 0, p.stderr[-2000:]
    assert json.loads(p.stdout.splitlines()[-1])["replayed"] == 1 + len(regressions), p.stdout


def test_fusions_agree_with_wasmtime() -> None:
    """Float add/sub straight to a store, i64 multiply-add chains, promote then
    add/multiply, i64 rotates/shifts by constants, i64 constants, operands
    around slot 255, and nested branches carrying values, two modules' beyond
    32 K code units (JMP_FAR), edge values (tests/fuzz/fusions.py): 8 random
    modules, each in the three load modes, against wasmtime (~5 s CPU)."""
    seed = int(time.time())
    s = fusions.run(8, seed, list(diff.LOAD_MODES), FINDINGS, far_every=4)
    print(f"\nfusions seed {seed}: {s}")
    assert not s.findings, f"seed {seed}:\n" + "\n".join(s.findings)
    assert s.compared == 24 and s.calls > 1000 and 0 < s.traps < s.calls, s


def test_threaded_reach_agrees_with_wasmtime(monkeypatch) -> None:
    """Branches around the threaded code's reach (tests/fuzz/reach.py, session
    43): nested control, br_tables of hundreds to thousands of entries and the
    code table's compare-and-branch rows over fillers about 32 K units away
    threaded, between that and the compact reach, or past both; 2 random
    modules eager, lazy, under a budget and as wasm-cross --target host images
    on the threaded build, against wasmtime, every load's traps alike (the
    image's as the .wasm's: message, path, offsets). The compact twin is the
    campaigns' (its library ~20 s of CPU more)."""
    monkeypatch.setenv("MW_FUZZ_TWIN", "0")
    seed = int(time.time())
    s = reach.run(2, seed, ["eager", "lazy", "budget", "image"], FINDINGS)
    print(f"\nreach seed {seed}: {s}")
    assert not s.findings, f"seed {seed}:\n" + "\n".join(s.findings)
    assert s.compared == 8 and s.calls > 100 and s.loads["image"] == 2, s


def test_fused12_agree_with_wasmtime() -> None:
    """Float add/mul/sub with constants, a double times a promoted float added
    to a double, multiply-add chains with teed accumulators, i32 constants
    and compare-and-branch across the 16-bit edges, float compares into
    branches (negated), clamps, selects and shift pairs, session 16's i32
    loads feeding an add or a store and calls' last arguments (tests/fuzz/fused12.py):
    6 random modules, each in the three load modes, against wasmtime (~2 s CPU)."""
    seed = int(time.time())
    s = fused12.run(6, seed, list(diff.LOAD_MODES), FINDINGS)
    print(f"\nfused12 seed {seed}: {s}")
    assert not s.findings, f"seed {seed}:\n" + "\n".join(s.findings)
    assert s.compared == 18 and s.calls > 500, s


def test_cross_instance_calls_agree_with_wasmtime() -> None:
    """Direct and indirect calls between a provider instance and two instances
    of a module importing it, through each other's tables (tests/fuzz/xinst.py):
    4 random pairs, each in the three load modes, against wasmtime (~2 s CPU)."""
    seed = int(time.time())
    s = xinst.run(4, seed, list(diff.LOAD_MODES), FINDINGS)
    print(f"\nxinst seed {seed}: {s}")
    assert not s.findings, f"seed {seed}:\n" + "\n".join(s.findings)
    assert s.compared == 12 and s.calls > 500 and 0 < s.traps < s.calls, s


def test_evicting_recursion_agrees_with_wasmtime() -> None:
    """Functions calling each other recursively (directly, through a table,
    in loops and br_table arms, and through a host function calling back)
    under code budgets of 1, 600 and 1000 bytes and of 30-140% of the code
    section (a code arena that fills: compaction with callers' frames live),
    so callers' code is dropped or moved under their frames and lowered again
    (tests/fuzz/evict.py): 6 random modules, lazy and under each budget,
    against wasmtime (~2 s)."""
    seed = int(time.time())
    loads = evict.LOADS.split(",")
    s = evict.run(6, seed, loads, FINDINGS)
    print(f"\nevict seed {seed}: {s}")
    assert not s.findings, f"seed {seed}:\n" + "\n".join(s.findings)
    assert s.compared == 6 * len(loads) and s.calls > 100 and s.relowered > 0, s
    assert s.lazy["relowerings"] > 0 and s.lazy["compactions"] > 0 and s.lazy["running_moved"] > 0, s


def test_evict_fuzzer_reaches_the_arena_paths() -> None:
    """tests/fuzz/evict.py's budgets of a share of the code reach every path
    of the code arena (its counts, tests/fuzz/lazy_count.c): eviction rounds,
    walks that come round, compactions stopped part way and run through,
    running code moved with its frames, compaction short of room and the
    drops that forced (a caller pinned in a host call), a running function's
    block of its own left out of the budget, one larger than the whole arena
    among them (lazy.c running_held), and an export given one because it
    would leave its callees too little of the arena (over_running_share,
    session 36). Seed 1, 8 modules:
    a fixed campaign, so a change that stops the fuzzer reaching a path fails
    here rather than going unnoticed (~8 s). Budgets of 45% and 80% since
    session 37: with an export over half the arena in a block of its own,
    the four others no longer pinned a caller where compaction falls short."""
    loads = ["budgetp30", "budgetp45", "budgetp60", "budgetp80", "budgetp100", "budgetp140"]
    s = evict.run(8, 1, loads, FINDINGS)
    print(f"\nevict arena paths: {s.lazy}")
    assert not s.findings, "\n".join(s.findings)
    paths = ("evict_rounds", "come_rounds", "compact_partial", "compact_whole", "running_moved", "drops_arena")
    for path in paths + ("own_running", "own_larger", "own_entry"):
        assert s.lazy[path] > 0, (path, s.lazy)


def test_wasi_files_agree_with_wasmtime() -> None:
    """Random sequences of WASI file calls (open flags, reads, writes, seeks,
    stats, readdir, mkdir, rmdir, unlink, rename; odd paths and fds) by the
    guest tests/programs/wasi_fsops.c on our host port and on wasmtime, each
    over a fresh directory: every call's errno and results and the final trees
    agree (tests/fuzz/wasi_files.py)."""
    seed = int(time.time())
    s = wasi_files.run(0, seed, FINDINGS, sequences=WASI_FILES_SEQUENCES)
    print(f"\nwasi_files seed {seed}: {s}")
    assert not s.findings, f"seed {seed}:\n" + "\n".join(s.findings)
    assert s.sequences == WASI_FILES_SEQUENCES and s.ops > 2000, s
    assert s.errnos.get("e=0", 0) > 200 and len(s.errnos) > 8, s.errnos  # calls succeed and fail many ways


def test_wasi_files_sees_a_difference_and_minimises_it(tmp_path) -> None:
    """A sequence whose wasmtime side is told another errno for one call is a
    finding (wasi_files.compare), and --minimise keeps that call alone."""
    from fuzz.wasi_files import Run, compare, op_mkdir, op_rmdir

    script = op_mkdir(b"a") + op_rmdir(b"a/.")
    ours = Run(["exit 0", "0 mkdir e=0", "1 rmdir e=28"], {"a": "dir"})
    theirs = Run(["exit 0", "0 mkdir e=0", "1 rmdir e=0"], {})
    assert compare(script, ours, theirs) == "line 2: ours '1 rmdir e=28', wasmtime '1 rmdir e=0'"
    assert compare(script, ours, ours) is None
    assert compare(script, ours, Run(ours.log, {})).startswith("final tree: a: ours dir wasmtime None")
    # a real one, planted: an ENOTDIR pair wasi_files does not accept, in the middle of 5 calls
    ops = [op_mkdir(b"x"), op_mkdir(b"y"), op_rmdir(b"nope/.."), op_mkdir(b"z"), op_rmdir(b"x")]
    f = tmp_path / "1.json"
    f.write_text(json.dumps({"finding": "planted", "ops": [o.hex() for o in ops]}))
    real = wasi_files.check
    try:
        # ours told ENOTDIR for rmdir 'nope/..' (ENOENT on both sides in truth)
        def planted(scripts, *a, **k):
            return ["line 3: ours '2 rmdir e=54', wasmtime '2 rmdir e=44'" if ops[2] in s else None for s in scripts]

        wasi_files.check = planted
        out, what, before, after = wasi_files.minimise(f)
    finally:
        wasi_files.check = real
    assert (before, after) == (5, 1)
    assert json.loads(out.read_text())["ops"] == [ops[2].hex()]


def test_binding_scripts_agree_with_their_model() -> None:
    """Windows over every kind of buffer moved, cut, emptied and let go of
    while mapped, instances dropped and collected, host functions and WASI
    streams and files that unmap, grow, resize, drop or raise in a call,
    wrong results and arguments (tests/fuzz/binding.py): fixed seeds on
    build/host-asan/micropython (make host SANITIZE=1), each script checking
    the binding against the model it carries."""
    r = binding.run(0, 1, FINDINGS, scripts=BINDING_SCRIPTS)
    print(f"\nbinding: {r.scripts} scripts, {r.steps} steps in {r.seconds} s")
    assert not r.findings, "\n".join(r.findings)
    assert r.scripts == BINDING_SCRIPTS


def test_damaged_images_load_alike_four_ways() -> None:
    """100 damaged images of tests/programs (tests/fuzz/image_loads.py, seed
    1: cut, changed and sealed, their length or header moved) loaded from
    bytes, a file, io.BytesIO and a Python stream of short reads on
    build/host-asan/micropython: the same answer each way, the whole ones
    what their .wasm gives."""
    binding.ensure_built()
    r = image_loads.run(100, 1, FINDINGS)
    print(f"\nimage loads: {r.images} images, {r.loaded} loaded")
    assert not r.findings, "\n".join(r.findings)
    assert r.images == 100 and 10 < r.loaded < 90


def test_binding_minimiser_keeps_only_what_the_finding_needs(tmp_path) -> None:
    """python -m fuzz.binding --minimise: a script of seed 1 (6 opening
    operations, 12 steps) with a finding planted in step 6 comes back as that
    step alone, the same finding."""
    lines = binding.script(1, 12).splitlines()
    k = [n for n, ln in enumerate(lines) if ln.startswith("step(6);")][0]
    lines[k] = lines[k].replace("check()", "check(); finding('planted in step 6')")
    path = tmp_path / "1.py"
    path.write_text("\n".join(lines) + "\n")
    out, what, before, after = binding.minimise(path)
    assert what.startswith("FINDING: planted in step 6"), what
    assert (before, after) == (18, 1)
    steps = [ln for ln in out.read_text().splitlines() if ln.startswith(("step(", "op_"))]
    assert steps == [lines[k]]


@pytest.fixture(scope="module")
def ours() -> diff.Ours:
    return diff.Ours(diff.build_shim())


@pytest.mark.parametrize("case", regress.cases(), ids=lambda c: c.name)
def test_regression_on_our_engine(ours: diff.Ours, case: regress.Case) -> None:
    assert regress.check_ours(ours, case) == []


@pytest.mark.parametrize("case", regress.cases(), ids=lambda c: c.name)
def test_regression_agrees_with_wasmtime(case: regress.Case) -> None:
    assert regress.check_wasmtime(case) == []
