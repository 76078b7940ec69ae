# SPDX-License-Identifier: MIT
"""What the whole-program bench keeps between runs, and when it may not: bench/programs.py's build
stamps (an object or a link is made again when its command or its inputs' bytes change, never for
a file's time alone: a worktree's checkout or a copied build/ gives new times), and bench/saved_ir.py's
saved callgrind counts (wasm3's and native's taken for `--ours-alone` only while their runner build,
binary and arguments are unchanged, every output checked against native's). gcc on two small C
files and a stand-in for callgrind: ~4 s under load, no valgrind."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
import bench_programs  # noqa: E402
import programs  # noqa: E402
import saved_ir  # noqa: E402
from bench_common import RUNNER_FLAGS, file_sha256  # noqa: E402


@pytest.fixture
def commands(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every command bench/programs.py runs (still run)."""
    ran: list[list[str]] = []
    real = programs.sh

    def sh(cmd: Sequence[str | Path], **kw: object) -> object:
        ran.append([str(c) for c in cmd])
        return real(cmd, **kw)

    monkeypatch.setattr(programs, "sh", sh)
    return ran


def later(path: Path, seconds: float = 100) -> None:
    t = path.stat().st_mtime + seconds
    os.utime(path, (t, t))


def write_c(path: Path, value: int) -> Path:
    path.write_text(f"int value_{path.stem}(void) {{ return {value}; }}\n")
    return path


def test_a_newer_time_alone_compiles_nothing(tmp_path: Path, commands: list[list[str]]) -> None:
    src, obj = write_c(tmp_path / "a.c", 1), tmp_path / "obj" / "a.c.o"
    programs._compile(["gcc"], ["-O2"], src, obj)
    assert len(commands) == 1
    later(src)  # as a checkout leaves a driver newer than build/programs copied from main
    programs._compile(["gcc"], ["-O2"], src, obj)
    assert len(commands) == 1


def test_changed_bytes_or_flags_compile_again(tmp_path: Path, commands: list[list[str]]) -> None:
    src, obj = write_c(tmp_path / "a.c", 1), tmp_path / "obj" / "a.c.o"
    programs._compile(["gcc"], ["-O2"], src, obj)
    first = obj.read_bytes()
    mtime = src.stat().st_mtime
    write_c(src, 2)
    os.utime(src, (mtime, mtime))  # the same time, other bytes
    programs._compile(["gcc"], ["-O2"], src, obj)
    assert len(commands) == 2 and obj.read_bytes() != first
    programs._compile(["gcc"], ["-O1"], src, obj)
    assert len(commands) == 3


def test_a_driver_follows_every_header_it_includes(
    tmp_path: Path, commands: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    # a driver's object is made again when any header it included changes (gcc's dependency file
    # beside the object): prog_common.h, a header of the drivers' own that prog_common.h includes,
    # a library's header from -I; not when a header it does not include does, and never a library's
    # source for a header (their sources' bytes alone kept a driver built with the header before)
    drivers = tmp_path / "programs"
    (drivers / "sub").mkdir(parents=True)
    monkeypatch.setattr(programs, "DRIVERS", drivers)
    lib_inc = tmp_path / "lib_include"
    lib_inc.mkdir()
    common = drivers / "prog_common.h"
    common.write_text('#include "nested.h"\n#define VALUE 1\n')
    nested = drivers / "nested.h"
    nested.write_text("#define NESTED 1\n")
    lib_h = lib_inc / "lib.h"
    lib_h.write_text("#define LIB 1\n")
    unused = drivers / "unused.h"
    unused.write_text("#define UNUSED 1\n")
    driver = drivers / "a_bench.c"
    driver.write_text('#include "prog_common.h"\n#include "lib.h"\nint value(void) { return VALUE + NESTED + LIB; }\n')
    other = drivers / "sub" / "b.c"  # a source in a folder of bench/programs/ (wasi_compat/) is a driver's too
    other.write_text('#include "../nested.h"\nint other(void) { return NESTED; }\n')
    lib = write_c(tmp_path / "lib.c", 1)
    flags = ["-O2", f"-I{lib_inc}"]

    def compile_all() -> None:
        programs._compile(["gcc"], flags, driver, tmp_path / "obj" / "a_bench.c.o")
        programs._compile(["gcc"], flags, other, tmp_path / "obj" / "b.c.o")
        programs._compile(["gcc"], flags, lib, tmp_path / "obj" / "lib.c.o")

    compile_all()
    assert len(commands) == 3
    compile_all()
    assert len(commands) == 3
    unused.write_text("#define UNUSED 2\n")
    compile_all()
    assert len(commands) == 3
    for header, compiled in ((common, [driver]), (nested, [driver, other]), (lib_h, [driver])):
        before = len(commands)
        header.write_text(header.read_text().replace(" 1\n", " 2\n"))
        compile_all()
        assert [c[c.index("-c") + 1] for c in commands[before:]] == [str(s) for s in compiled], header.name
    # an object without its dependency file (made before them, or cut short) is made again
    (tmp_path / "obj" / "a_bench.c.d").unlink()
    before = len(commands)
    compile_all()
    assert [c[c.index("-c") + 1] for c in commands[before:]] == [str(driver)]
    assert (tmp_path / "obj" / "a_bench.c.d").exists()


def test_a_link_follows_its_objects_bytes(tmp_path: Path, commands: list[list[str]]) -> None:
    objs = [
        programs._compile(["gcc"], ["-O2"], write_c(tmp_path / f"{n}.c", i), tmp_path / f"{n}.o")
        for i, n in enumerate(("a", "b"))
    ]
    out = tmp_path / "lib.so"
    link = ["gcc", "-shared"]
    programs._link(link, objs, out)
    assert len(commands) == 3
    later(objs[0])
    programs._link(link, objs, out)
    assert len(commands) == 3
    write_c(tmp_path / "b.c", 7)
    programs._compile(["gcc"], ["-O2"], tmp_path / "b.c", objs[1])
    programs._link(link, objs, out)
    assert len(commands) == 5 and commands[-1][0] == "gcc" and str(out) in commands[-1][-1]


def test_a_stamp_from_before_the_hashes(tmp_path: Path, commands: list[list[str]]) -> None:
    # a .cmd of the tag alone (build/programs before the hashes): make's rule decides once, then the
    # stamp gets the hashes; a recompile to the same bytes keeps the object's time (its link stays)
    src, obj = write_c(tmp_path / "a.c", 1), tmp_path / "a.c.o"
    programs._compile(["gcc"], ["-O2"], src, obj)
    stamp = obj.with_suffix(".cmd")
    tag = stamp.read_text().splitlines()[0]
    stamp.write_text(tag)
    programs._compile(["gcc"], ["-O2"], src, obj)
    assert len(commands) == 1 and len(stamp.read_text().splitlines()) == 2
    stamp.write_text(tag)
    os.utime(obj, (src.stat().st_mtime - 100,) * 2)
    obj_time = obj.stat().st_mtime
    programs._compile(["gcc"], ["-O2"], src, obj)
    assert len(commands) == 2 and obj.stat().st_mtime == obj_time


# ---- saved counts ---------------------------------------------------------------------------


def basis(**changed: str) -> saved_ir.Basis:
    return saved_ir.Basis(**{"runner": "r", "binary": "b", "args": "a", "toggle": "bench_call", **changed})


def record(program: str, engine: str, ir: int, **changed: str) -> saved_ir.Record:
    return saved_ir.Record(program, engine, "quick", basis(**changed), "abc1234", ir, 99)


def test_saved_counts_round_trip_and_merge(tmp_path: Path) -> None:
    path = tmp_path / "ir.json"
    saved_ir.save(path, [record("zlib", "wasm3", 10), record("zlib", "native", 5)])
    saved_ir.save(path, [record("zlib", "wasm3", 11), record("lua", "wasm3", 20)])
    got = saved_ir.load(path)
    assert {k: v.ir for k, v in got.items()} == {
        ("zlib", "wasm3", "quick"): 11,
        ("zlib", "native", "quick"): 5,
        ("lua", "wasm3", "quick"): 20,
    }
    assert got["zlib", "native", "quick"] == record("zlib", "native", 5)


def test_another_format_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ir.json"
    path.write_text('{"format": 0, "records": []}')
    with pytest.raises(ValueError, match="format 0"):
        saved_ir.load(path)


WHY = {
    "binary": "its .wasm is other bytes",
    "args": "its arguments changed (bench/programs.py)",
    "toggle": "callgrind's toggle changed (bench_call -> other)",
}


@pytest.mark.parametrize("field", ["runner", "binary", "args", "toggle"])
def test_a_changed_basis_is_not_reused(field: str) -> None:
    saved = {("zlib", "wasm3", "quick"): record("zlib", "wasm3", 10)}
    rec, why = saved_ir.reusable(saved, "zlib", "wasm3", "quick", basis())
    assert rec is not None and rec.ir == 10 and why == ""
    rec, why = saved_ir.reusable(saved, "zlib", "wasm3", "quick", basis(**{field: "other"}))
    # a record from before the inputs were kept cannot say which one moved, and says so
    unnamed = "(the saved count does not name its inputs: saved before they were kept)"
    expect = WHY.get(field, f"its runner's build changed: {unnamed}")
    assert rec is None and why == expect
    assert saved_ir.reusable(saved, "lua", "wasm3", "quick", basis()) == (None, "not saved")


def build(image: str = "img", **inputs: str) -> saved_ir.RunnerBuild:
    inputs = {"compiler": "gcc 12", "flags": "-O3", "bench/wasi_shim.h": "s1", **inputs}
    return saved_ir.RunnerBuild("r2", inputs, image)


def test_a_moved_runner_names_its_inputs_and_stands_while_its_image_does() -> None:
    was = build()
    saved = {("zlib", "wasm3", "quick"): replace(record("zlib", "wasm3", 10), inputs=was.inputs, image=was.image)}
    # a comment in the shim: other sources, the same image: the count stands, and says why
    now = build(**{"bench/wasi_shim.h": "s2"})
    rec, why = saved_ir.reusable(saved, "zlib", "wasm3", "quick", basis(runner="r2"), now)
    assert rec is not None and rec.ir == 10
    assert why == "its runner's build changed: bench/wasi_shim.h changed; its image is the same bytes"
    # a change that reached the code: counted again, naming what moved
    now = build("img2", **{"bench/wasi_shim.h": "s2", "bench/new.h": "n"}, compiler="gcc 13")
    rec, why = saved_ir.reusable(saved, "zlib", "wasm3", "quick", basis(runner="r2"), now)
    assert rec is None and why == (
        "its runner's build changed: bench/new.h added, bench/wasi_shim.h changed, compiler: gcc 12 -> gcc 13; "
        "its image differs too"
    )
    # the same image does not stand for another .wasm
    rec, why = saved_ir.reusable(saved, "zlib", "wasm3", "quick", basis(runner="r2", binary="b2"), build())
    assert rec is None and why == (
        "its runner's build changed: no input by name (the same files, hashed otherwise); "
        "its image is the same bytes; its .wasm is other bytes"
    )


def test_a_build_hash_follows_bytes_and_flags_not_place_or_time(tmp_path: Path) -> None:
    def tree(root: Path, value: int) -> list[Path]:
        (root / "engine").mkdir(parents=True)
        return [write_c(root / "engine" / "x.c", value), write_c(root / "y.c", 3)]

    a, b = tree(tmp_path / "a", 1), tree(tmp_path / "b", 1)
    later(b[0])
    same = saved_ir.build_hash(RUNNER_FLAGS, a, tmp_path / "a")
    assert saved_ir.build_hash(RUNNER_FLAGS, b, tmp_path / "b") == same
    assert saved_ir.build_hash([*RUNNER_FLAGS, "-w"], a, tmp_path / "a") != same
    write_c(b[0], 2)
    assert saved_ir.build_hash(RUNNER_FLAGS, b, tmp_path / "b") != same


def test_a_runners_image_follows_its_code_not_its_place_or_comments(tmp_path: Path) -> None:
    def runner(where: Path, body: str, comment: str = "") -> Path:
        where.mkdir()
        src = where / "runner.c"
        src.write_text(f"// {comment}\nint main(void) {{ {body} }}\n")
        exe = where / "runner"
        subprocess.run([*RUNNER_FLAGS, str(src), "-o", str(exe)], check=True, cwd=where)
        return exe

    a = runner(tmp_path / "a", "return 1;")
    same = saved_ir.image_digest(a)
    assert a.read_bytes() != runner(tmp_path / "b", "return 1;").read_bytes()  # -g keeps the place
    assert saved_ir.image_digest(tmp_path / "b" / "runner") == same
    assert saved_ir.image_digest(runner(tmp_path / "c", "return 1;", "another comment")) == same
    assert saved_ir.image_digest(runner(tmp_path / "d", "return 2;")) != same


def test_build_inputs_name_each_source(tmp_path: Path) -> None:
    src = write_c(tmp_path / "x.c", 1)
    inputs = saved_ir.build_inputs(RUNNER_FLAGS, [src], tmp_path)
    assert inputs["flags"] == " ".join(RUNNER_FLAGS[1:]) and inputs["compiler"].startswith("gcc")
    assert inputs["x.c"] == file_sha256(src)
    was = dict(inputs)
    write_c(src, 2)
    assert saved_ir.inputs_moved(was, saved_ir.build_inputs(RUNNER_FLAGS, [src], tmp_path)) == "x.c changed"


def test_fnv1a_is_the_runners() -> None:
    # 32-bit FNV-1a's published values (bench/wasi_shim.h shim_out_hash)
    assert saved_ir.fnv1a(b"") == 0x811C9DC5
    assert saved_ir.fnv1a(b"a") == 0xE40C292C
    assert saved_ir.fnv1a(b"foobar") == 0xBF9CF968


class FakeCallgrind:
    """callgrind_out's stand-in: an engine's count and stdout from a table, each run remembered."""

    def __init__(self, output: dict[str, bytes]) -> None:
        self.output = output
        self.ran: list[str] = []

    def __call__(self, cmd: Sequence[str], toggle: object, out_file: Path, env: object) -> tuple[int, bytes]:
        who = "native" if toggle == "main" else Path(cmd[0]).name
        self.ran.append(who)
        return {"mpwasm": 300, "wasm3": 500, "native": 100}[who], self.output[who]


def runners(tmp_path: Path, wasm3_build: str = "w3", wasm3_image: str = "w3 image") -> bench_programs.Runners:
    files = {n: tmp_path / n for n in ("mpwasm", "wasm3", "zlib.wasm", "zlib.native")}
    for n, f in files.items():
        if not f.exists():
            f.write_text(n)
    builds = {
        "mpwasm": saved_ir.RunnerBuild("mw", {"runner_mw_wasi.c": "m"}, "mw image"),
        "wasm3": saved_ir.RunnerBuild(wasm3_build, {"bench/wasi_shim.h": wasm3_build}, wasm3_image),
    }
    r = bench_programs.Runners(files["mpwasm"], files["wasm3"], tmp_path / "runner_native", builds)
    r.wasm["zlib"], r.exe["zlib"] = files["zlib.wasm"], files["zlib.native"]
    return r


def outputs(value: bytes = b"hello\n") -> dict[str, bytes]:
    h = saved_ir.fnv1a(value)
    return {"mpwasm": b"result=%d\nexit=0\n" % h, "wasm3": b"result=%d\nexit=0\n" % h, "native": value}


def test_ours_alone_takes_the_others_while_they_hold(tmp_path: Path) -> None:
    path, zlib = tmp_path / "ir.json", [programs.BY_NAME["zlib"]]
    cg = FakeCallgrind(outputs())
    text, same = bench_programs.callgrind_table(runners(tmp_path), zlib, cg, saved_path=path)
    assert same and sorted(cg.ran) == ["mpwasm", "native", "wasm3"]
    assert {k[1]: v.checksum for k, v in saved_ir.load(path).items()} == dict.fromkeys(
        cg.output, saved_ir.fnv1a(b"hello\n")
    )
    cg.ran.clear()
    text, same = bench_programs.callgrind_table(runners(tmp_path), zlib, cg, saved_path=path, ours_alone=True)
    assert same and cg.ran == ["mpwasm"]
    assert "| zlib | 300 | 500 | 100 | 1.67x | 3.0x |" in text and "2 counts (wasm3's, native's) taken from" in text
    # wasm3's runner built from other sources to the same image: its count stands, and the table says why
    cg.ran.clear()
    text, _ = bench_programs.callgrind_table(runners(tmp_path, "w3 moved"), zlib, cg, saved_path=path, ours_alone=True)
    assert cg.ran == ["mpwasm"]
    assert (
        "wasm3's saved count of zlib stands: its runner's build changed: bench/wasi_shim.h changed; "
        "its image is the same bytes." in text
    )
    assert saved_ir.load(path)["zlib", "wasm3", "quick"].basis.runner == "w3 moved"  # saved for the new build
    # ... and to another image: counted again, the table saying which input moved
    cg.ran.clear()
    text, _ = bench_programs.callgrind_table(
        runners(tmp_path, "w3 changed", "w3 other image"), zlib, cg, saved_path=path, ours_alone=True
    )
    assert sorted(cg.ran) == ["mpwasm", "wasm3"]
    assert (
        "wasm3's count of zlib made again: its runner's build changed: bench/wasi_shim.h changed; "
        "its image differs too." in text
    )
    # the native executable rebuilt to other bytes: counted again
    cg.ran.clear()
    (tmp_path / "zlib.native").write_text("rebuilt")
    text, _ = bench_programs.callgrind_table(
        runners(tmp_path, "w3 changed", "w3 other image"), zlib, cg, saved_path=path, ours_alone=True
    )
    assert sorted(cg.ran) == ["mpwasm", "native"]
    assert "native's count of zlib made again: its executable is other bytes." in text


def test_a_count_saved_before_the_inputs_gets_them_when_it_stands(tmp_path: Path) -> None:
    path, zlib = tmp_path / "ir.json", [programs.BY_NAME["zlib"]]
    bench_programs.callgrind_table(runners(tmp_path), zlib, FakeCallgrind(outputs()), saved_path=path)
    old = saved_ir.load(path)
    saved_ir.save(path, [replace(rec, inputs={}, image="") for rec in old.values()])  # as session 39 saved them
    cg = FakeCallgrind(outputs())
    bench_programs.callgrind_table(runners(tmp_path), zlib, cg, saved_path=path, ours_alone=True)
    assert cg.ran == ["mpwasm"]
    got = saved_ir.load(path)["zlib", "wasm3", "quick"]
    assert (got.ir, got.inputs, got.image) == (500, {"bench/wasi_shim.h": "w3"}, "w3 image")


def test_ours_alone_checks_our_output_against_the_saved_natives(tmp_path: Path) -> None:
    path, zlib = tmp_path / "ir.json", [programs.BY_NAME["zlib"]]
    bench_programs.callgrind_table(runners(tmp_path), zlib, FakeCallgrind(outputs()), saved_path=path)
    wrong = {**outputs(), "mpwasm": outputs(b"other\n")["mpwasm"]}
    text, same = bench_programs.callgrind_table(
        runners(tmp_path), zlib, FakeCallgrind(wrong), saved_path=path, ours_alone=True
    )
    assert not same and "OUTPUTS DIFFER from native's: ['zlib on mpwasm']" in text


def test_a_run_stopped_half_way_keeps_what_it_counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, zlib = tmp_path / "ir.json", [programs.BY_NAME["zlib"]]
    monkeypatch.setattr(bench_programs, "JOBS", 1)

    class Stopped(FakeCallgrind):
        def __call__(self, cmd: Sequence[str], toggle: object, out_file: Path, env: object) -> tuple[int, bytes]:
            got = super().__call__(cmd, toggle, out_file, env)
            if self.ran[-1] == "wasm3":
                raise KeyboardInterrupt
            return got

    cg = Stopped(outputs())
    with pytest.raises(KeyboardInterrupt):
        bench_programs.callgrind_table(runners(tmp_path), zlib, cg, saved_path=path)
    assert cg.ran == ["native", "mpwasm", "wasm3"]  # the cheapest first
    assert {k[1]: v.ir for k, v in saved_ir.load(path).items()} == {"native": 100, "mpwasm": 300}
