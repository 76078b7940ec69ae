# SPDX-License-Identifier: MIT
"""What the whole-program bench keeps between runs, and when it may not: bench/programs.py's build
stamps (an object or a link is made again when its command or its inputs' bytes change, never for
a file's time alone: a worktree's checkout or a copied build/ gives new times), and bench/saved_ir.py's
saved callgrind counts (wasm3's and native's taken for `--ours-alone` only while their runner build,
binary and arguments are unchanged, every output checked against native's). gcc on two small C
files and a stand-in for callgrind: ~4 s under load, no valgrind."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
import bench_programs  # noqa: E402
import programs  # noqa: E402
import saved_ir  # noqa: E402
from bench_common import RUNNER_FLAGS  # noqa: E402


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


@pytest.mark.parametrize("field", ["runner", "binary", "args", "toggle"])
def test_a_changed_basis_is_not_reused(field: str) -> None:
    saved = {("zlib", "wasm3", "quick"): record("zlib", "wasm3", 10)}
    rec, why = saved_ir.reusable(saved, "zlib", "wasm3", "quick", basis())
    assert rec is not None and rec.ir == 10 and why == ""
    rec, why = saved_ir.reusable(saved, "zlib", "wasm3", "quick", basis(**{field: "other"}))
    assert rec is None and why == f"zlib on wasm3: its {field} changed"
    assert saved_ir.reusable(saved, "lua", "wasm3", "quick", basis()) == (None, "lua on wasm3: not saved")


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


def runners(tmp_path: Path, wasm3_build: str = "w3") -> bench_programs.Runners:
    files = {n: tmp_path / n for n in ("mpwasm", "wasm3", "zlib.wasm", "zlib.native")}
    for n, f in files.items():
        if not f.exists():
            f.write_text(n)
    r = bench_programs.Runners(
        files["mpwasm"], files["wasm3"], tmp_path / "runner_native", {"mpwasm": "mw", "wasm3": wasm3_build}
    )
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
    # wasm3's runner built from other sources: counted again
    cg.ran.clear()
    bench_programs.callgrind_table(runners(tmp_path, "w3 changed"), zlib, cg, saved_path=path, ours_alone=True)
    assert sorted(cg.ran) == ["mpwasm", "wasm3"]
    # the native executable rebuilt to other bytes: counted again
    cg.ran.clear()
    (tmp_path / "zlib.native").write_text("rebuilt")
    bench_programs.callgrind_table(runners(tmp_path, "w3 changed"), zlib, cg, saved_path=path, ours_alone=True)
    assert cg.ran == ["mpwasm", "native"]


def test_ours_alone_checks_our_output_against_the_saved_natives(tmp_path: Path) -> None:
    path, zlib = tmp_path / "ir.json", [programs.BY_NAME["zlib"]]
    bench_programs.callgrind_table(runners(tmp_path), zlib, FakeCallgrind(outputs()), saved_path=path)
    wrong = {**outputs(), "mpwasm": outputs(b"other\n")["mpwasm"]}
    text, same = bench_programs.callgrind_table(
        runners(tmp_path), zlib, FakeCallgrind(wrong), saved_path=path, ours_alone=True
    )
    assert not same and "OUTPUTS DIFFER from native's: ['zlib on mpwasm']" in text
