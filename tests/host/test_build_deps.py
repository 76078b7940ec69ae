# SPDX-License-Identifier: MIT
"""What makes the ports' objects out of date (ports/common/rules.mk): a header
an object included (gcc -MD's .P files), the flags it was compiled with
($(BUILD)/cflags.txt), and for the qstr, module and root-pointer tables the
configuration headers (QSTR_GLOBAL_DEPENDENCIES). Each is asked of make
itself, dry (`make -n`, with `-W FILE`: FILE as if just changed), on the built
host port and mps2_an385's firmware: nothing is compiled or written. Session 23
changed an engine struct's layout and its build/host segfaulted in the spec
suite until it was removed; flags and configuration headers were not followed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from boardcfg.generate import BINDING_FILE_CFLAGS, FILE_CFLAGS_GCC, PROFILE_CFLAGS
from support.build import REPO
from support.images import copy_build

ENGINE_OBJ = "modwasm/engine/exec.o"
ENGINE_SRC = REPO / "modwasm" / "engine" / "exec.c"
# (make's own arguments, the build folder, the configuration headers of its mpconfigport.h)
PORTS = {
    "host": (["-C", "ports/host"], REPO / "build" / "host", ["ports/common/mpconfigcommon.h"]),
    "mps2_an385": (
        ["-C", "ports/cortexm", "BOARD=mps2_an385"],
        REPO / "build" / "mps2_an385",
        ["ports/common/mpconfigcommon.h", "build/mps2_an385/gen/board_config.h"],
    ),
}


def dry(port: str, *args: str) -> str:
    """What `make -n` would run for `args` in the port's build (stdout)."""
    make_args, _, _ = PORTS[port]
    proc = subprocess.run(
        ["make", "--no-print-directory", "-n", *make_args, f"PYTHON={sys.executable}", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return proc.stdout


def built(port: str) -> Path:
    """The port's build folder, up to date for the engine object and the qstr
    tables (else there is nothing to ask make about)."""
    _, build, _ = PORTS[port]
    if not (build / ENGINE_OBJ).is_file():
        pytest.skip(f"{build} not built")
    out = dry(port, str(build / ENGINE_OBJ), str(build / "genhdr" / "qstr.i.last"))
    assert not compiles_engine(out) and not extracts_qstrs(out, build), (
        f"{build} is not up to date: build it first (make host, make firmware BOARD={port})\n{out}"
    )
    return build


def compiles_engine(out: str) -> bool:
    return f'echo "CC {ENGINE_SRC}"' in out


def extracts_qstrs(out: str, build: Path) -> bool:
    return f'echo "GEN {build}/genhdr/qstr.i.last"' in out


@pytest.mark.parametrize("port", list(PORTS))
@pytest.mark.parametrize("header", ["mw_int.h", "mw.h", "mw_config.h", "mw_wasm.h"])
def test_an_engine_header_remakes_the_engine(port: str, header: str) -> None:
    build = built(port)
    deps = (build / ENGINE_OBJ).with_suffix(".P").read_text()
    path = next((w for w in deps.split() if w.endswith(f"/modwasm/engine/{header}")), None)
    assert path is not None, f"{build / ENGINE_OBJ} does not name {header} among what it depends on"
    assert compiles_engine(dry(port, "-W", path, str(build / ENGINE_OBJ)))


@pytest.mark.parametrize("port", list(PORTS))
def test_a_configuration_header_extracts_the_qstrs_again(port: str) -> None:
    """A switch in mpconfigcommon.h (or a board's generated header) can add a
    module, root pointer or qstr in a source that did not change."""
    build = built(port)
    for header in PORTS[port][2]:
        assert extracts_qstrs(dry(port, "-W", str(REPO / header), str(build / "genhdr" / "qstr.i.last")), build), header


@pytest.mark.parametrize("port", list(PORTS))
def test_other_flags_remake_the_objects_and_the_qstrs(port: str) -> None:
    """Another CFLAGS_EXTRA (PROFILE=, a board's generated flags alike): every
    object and the qstr tables are made again; a dry run writes nothing."""
    build = built(port)
    stamp = build / "cflags.txt"
    before = (stamp.read_bytes(), stamp.stat().st_mtime_ns)
    out = dry(
        port, "CFLAGS_EXTRA=-DMPWASM_BUILD_DEPS_TEST=1", str(build / ENGINE_OBJ), str(build / "genhdr" / "qstr.i.last")
    )
    assert compiles_engine(out) and extracts_qstrs(out, build), out
    assert (stamp.read_bytes(), stamp.stat().st_mtime_ns) == before


def test_engine_flags_remake_the_engine_alone_with_them() -> None:
    """ENGINE_CFLAGS (a profile's code-generation flags for the engine's objects,
    scripts/boardcfg/generate.py): another value remakes the engine with it, and
    the other objects are compiled without it."""
    build = built("mps2_an385")
    flag = "-fno-ipa-sra"
    out = dry("mps2_an385", f"ENGINE_CFLAGS={flag}", str(build / ENGINE_OBJ), str(build / "py" / "vm.o"))
    engine = [line for line in out.splitlines() if f" -o {build / ENGINE_OBJ} " in line]
    vm = [line for line in out.splitlines() if f" -o {build / 'py' / 'vm.o'} " in line]
    assert engine and vm, out
    assert flag in engine[0].split() and flag not in vm[0].split()


def test_engine_file_flags_reach_their_file_alone() -> None:
    """ENGINE_FILE_CFLAGS (each cold engine file's own flags, generate.py, as
    `file=-fa,-fb` words): a file's flags come after ENGINE_CFLAGS on its own
    command line, every one of them, and on no other engine object's."""
    build = built("mps2_an385")
    decode = build / "modwasm" / "engine" / "decode.o"
    flags = ["-fno-ipa-sra", "-fira-algorithm=priority"]
    out = dry(
        "mps2_an385",
        "ENGINE_CFLAGS=-fno-tree-ch",
        f"ENGINE_FILE_CFLAGS=decode={','.join(flags)} nosuchfile=-fno-gcse",
        str(build / ENGINE_OBJ),
        str(decode),
    )
    lines = {
        o: [line.split() for line in out.splitlines() if f" -o {build / o} " in line] for o in (ENGINE_OBJ, decode)
    }
    assert lines[ENGINE_OBJ] and lines[decode], out
    words = lines[decode][0]
    assert all(f in words for f in flags) and words.index(flags[0]) > words.index("-fno-tree-ch")
    assert "-fno-gcse" not in words
    assert "-fno-tree-ch" in lines[ENGINE_OBJ][0] and not set(flags + ["-fno-gcse"]) & set(lines[ENGINE_OBJ][0])


def test_lto_leaves_its_exceptions_out() -> None:
    """The firmware is one LTO program by default (ports/cortexm/Makefile, LTO=1):
    MicroPython's objects are LTO objects; the engine's and pyexec's are compiled
    on their own (NO_LTO: -fno-lto after -flto; pyexec's parse_compile_execute
    kept a REPL line's freed lexer in a register under LTO, a root for the
    collector while the line ran); the binding's carry their own code too
    (FAT_LTO: bench/run.py --footprint sums them as objects). LTO=0: none is."""
    build = built("mps2_an385")
    objs = {
        "vm": (REPO / "deps" / "micropython" / "py" / "vm.c", build / "py" / "vm.o"),
        "engine": (ENGINE_SRC, build / ENGINE_OBJ),
        "pyexec": (
            REPO / "deps" / "micropython" / "shared" / "runtime" / "pyexec.c",
            build / "shared" / "runtime" / "pyexec.o",
        ),
        "binding": (REPO / "modwasm" / "binding" / "binding.c", build / "modwasm" / "binding" / "binding.o"),
    }
    args = [a for src, _ in objs.values() for a in ("-W", str(src))] + [str(o) for _, o in objs.values()]

    def lto_flags(*lto: str) -> dict[str, list[str]]:
        out = dry("mps2_an385", *lto, *args)
        flags = {}
        for name, (_, obj) in objs.items():
            line = next((line for line in out.splitlines() if f" -o {obj} " in line), None)
            assert line is not None, f"{obj} not compiled:\n{out}"
            flags[name] = [f for f in line.split() if f.startswith("-f") and "lto" in f]
        return flags

    assert lto_flags() == {
        "vm": ["-flto"],
        "engine": ["-flto", "-fno-lto"],
        "pyexec": ["-flto", "-fno-lto"],
        "binding": ["-flto", "-ffat-lto-objects"],
    }
    assert lto_flags("LTO=0") == {name: [] for name in objs}


def test_another_lto_list_remakes_the_objects() -> None:
    """NO_LTO and FAT_LTO are flags of the objects they name, kept in the flags'
    stamp (rules.mk OBJ_FLAGS_TEXT): another list is another stamp, so every
    object is compiled again (an engine object left in an LTO build would
    otherwise keep its old code). The stamp's text is read from make (--eval)
    rather than from a build of each list."""
    built("mps2_an385")

    def stamp(*args: str) -> str:
        # a rule of its own: make -n prints its recipe with the stamp's text expanded
        rule = "--eval=print-stamp: ; @echo STAMP=$(strip $(FLAGS_TEXT))"
        out = dry("mps2_an385", *args, rule, "print-stamp")
        return next(line for line in out.splitlines() if line.startswith("echo STAMP="))

    default = stamp()
    assert "NO_LTO=" in default and "FAT_LTO=" in default, default
    for arg in ("NO_LTO=py/parse.o py/compile.o", "FAT_LTO="):
        assert stamp(arg) != default, arg


@pytest.mark.parametrize("header", ["mw_int.h", "mw_config.h"])
def test_an_engine_header_remakes_wasm_mpy(header: str) -> None:
    """The natmod build (ports/natmod/Makefile, its own rules): gcc -MMD's .d files."""
    build = REPO / "build" / "natmod" / "x64"
    if not (build / "obj" / "engine" / "exec.o").is_file():
        pytest.skip(f"{build} not built (make natmod ARCH=x64)")
    make = ["make", "--no-print-directory", "-n", "-C", str(build), "-f", str(REPO / "ports" / "natmod" / "Makefile")]
    make += ["ARCH=x64", f"PYTHON={sys.executable}"]
    path = str(REPO / "modwasm" / "engine" / header)
    run = [
        subprocess.run(make + w + ["obj/engine/exec.o"], capture_output=True, text=True, timeout=120, check=True)
        for w in ([], ["-W", path])
    ]
    assert 'echo "CC engine/exec.c"' not in run[0].stdout, f"{build} is not up to date: make natmod ARCH=x64"
    assert 'echo "CC engine/exec.c"' in run[1].stdout


def test_a_header_gone_does_not_stop_wasm_mpy() -> None:
    """gcc -MP: every header a natmod object's .d file names has an empty rule
    of its own, so a header removed or renamed since (an engine header split,
    say) is out of date rather than "No rule to make target" until build/natmod
    is removed by hand."""
    build = REPO / "build" / "natmod" / "x64"
    deps = sorted((build / "obj").rglob("*.d"))
    if not deps:
        pytest.skip(f"{build} not built (make natmod ARCH=x64)")
    for d in deps:
        rules = d.read_text().replace("\\\n", " ").splitlines()
        target, _, prereqs = rules[0].partition(":")
        headers = {p for p in prereqs.split() if p.endswith(".h")}
        own = {r[:-1] for r in rules[1:] if r.endswith(":")}
        assert headers, f"{d}: no header named for {target}"
        assert headers <= own, f"{d}: headers without a rule of their own: {sorted(headers - own)}"


def made(make: list[str], *args: str) -> str:
    """What a real `make` printed (stdout): the commands' echo lines."""
    proc = subprocess.run([*make, *args], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def test_an_object_without_its_dependency_file_is_made_again(tmp_path: Path) -> None:
    """An object whose .P file is missing (a build interrupted between the
    compile and mkrules.mk's copy of gcc's .d, or the file deleted) would
    not follow its headers: it is compiled again (rules.mk), once: a second
    make compiles nothing. Run for real on a copy of build/host."""
    copy = tmp_path / "host"
    copy_build(built("host"), copy)
    obj = copy / ENGINE_OBJ
    obj.with_suffix(".P").unlink()
    make = ["make", "--no-print-directory", "-C", "ports/host", f"PYTHON={sys.executable}", f"BUILD={copy}"]
    header = str(REPO / "modwasm" / "engine" / "mw_int.h")
    first = made(make, "-W", header, str(obj))
    assert f"CC {ENGINE_SRC}" in first, first
    assert obj.with_suffix(".P").is_file()
    second = made(make, str(obj))
    assert "CC " not in second, second


def test_a_natmod_object_without_its_dependency_file_is_made_again(tmp_path: Path) -> None:
    """The same for wasm.mpy's objects and their gcc -MMD .d files
    (ports/natmod/Makefile), on a copy of build/natmod/x64."""
    build = REPO / "build" / "natmod" / "x64"
    if not (build / "wasm.mpy").is_file():
        pytest.skip(f"{build} not built (make natmod ARCH=x64)")
    copy = tmp_path / "x64"
    shutil.copytree(build, copy, symlinks=True)
    (copy / "obj" / "engine" / "exec.d").unlink()
    make = ["make", "--no-print-directory", "-C", str(copy), "-f", str(REPO / "ports" / "natmod" / "Makefile")]
    make += ["ARCH=x64", f"PYTHON={sys.executable}"]
    header = str(REPO / "modwasm" / "engine" / "mw_int.h")
    first = made(make, "-W", header, "obj/engine/exec.o")
    assert "CC engine/exec.c" in first, first
    assert (copy / "obj" / "engine" / "exec.d").is_file()
    second = made(make, "obj/engine/exec.o")
    assert "CC " not in second, second


NATMOD_X64 = REPO / "build" / "natmod" / "x64"
NATMOD_MAKE = ["make", "--no-print-directory", "-C", str(NATMOD_X64), "-f", str(REPO / "ports" / "natmod" / "Makefile")]
# (the make command, the variable naming its profile): every build that takes
# a profile by name looks it up through ports/common/profile.mk
PROFILE_MAKES = {
    "host": (["make", "--no-print-directory", "-C", "ports/host"], "PROFILE"),
    "natmod": ([*NATMOD_MAKE, "ARCH=x64"], "NATMOD_PROFILE"),
    "wasm-cross": (["make", "--no-print-directory", "-f", "tools/wasm-cross/Makefile"], "SMALL_PROFILE"),
}


@pytest.mark.parametrize("build", list(PROFILE_MAKES))
def test_a_profile_that_is_not_there_stops_the_build(build: str) -> None:
    """A name that is not in scripts/boardcfg/generate.py's PROFILE_CFLAGS
    stops the build naming the variable and the profiles there are; a Python
    that cannot read the generator stops it too rather than build the full
    profile's engine under the other's name."""
    make, variable = PROFILE_MAKES[build]
    if build == "natmod" and not NATMOD_X64.is_dir():
        pytest.skip(f"{NATMOD_X64} not built (make natmod ARCH=x64)")
    runs = {
        "nosuch": [*make, "-n", f"{variable}=nosuch", f"PYTHON={sys.executable}"],
        "unread": [*make, "-n", f"{variable}=small", "PYTHON=false"],
    }
    for case, argv in runs.items():
        proc = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, timeout=120)
        assert proc.returncode != 0, f"{case}: {proc.stdout}"
        want = {
            "nosuch": f"{variable}=nosuch: not a profile of scripts/boardcfg/generate.py "
            f"(PROFILE_CFLAGS: {' '.join(PROFILE_CFLAGS)})",
            "unread": f"{variable}=small: scripts/boardcfg/generate.py's PROFILE_CFLAGS could not be read",
        }[case]
        assert want in proc.stderr, proc.stderr


def test_another_profile_remakes_wasm_mpy_and_a_dry_run_writes_nothing() -> None:
    """NATMOD_PROFILE=small in build/natmod/x64: the engine is compiled again
    with the generator's switches (ports/common/objdeps.mk, the ports' own
    rule), and `make -n` leaves its cflags.txt as it was."""
    stamp = NATMOD_X64 / "obj" / "cflags.txt"
    if not stamp.is_file():
        pytest.skip(f"{NATMOD_X64} not built (make natmod ARCH=x64)")
    before = (stamp.read_bytes(), stamp.stat().st_mtime_ns)
    argv = [*NATMOD_MAKE, "-n", "ARCH=x64", "NATMOD_PROFILE=small", f"PYTHON={sys.executable}", "obj/engine/exec.o"]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=True).stdout
    compile_line = next((line for line in out.splitlines() if line.endswith("engine/exec.c")), "")
    assert compile_line and set(PROFILE_CFLAGS["small"].split()) <= set(compile_line.split()), out
    assert (stamp.read_bytes(), stamp.stat().st_mtime_ns) == before


def test_binding_file_flags_and_lto_reach_the_binding_alone() -> None:
    """wasm.mpy's binding files' own flags (generate.py BINDING_FILE_CFLAGS, the
    small profile's) come on that file's command line alone: binding/window.o's,
    not the engine's window.o; NATMOD_LTO=1 compiles the binding's objects, not
    the engine's, under LTO and links them with gcc -r -flto. The full profile
    (x64) takes neither."""
    if not NATMOD_X64.is_dir():
        pytest.skip(f"{NATMOD_X64} not built (make natmod ARCH=x64)")
    objs = ["obj/binding/window.o", "obj/binding/wasi.o", "obj/engine/window.o", "obj/wasm.o"]

    def lines(*args: str) -> dict[str, list[str]]:
        argv = [*NATMOD_MAKE, "-n", "-B", "ARCH=x64", f"PYTHON={sys.executable}", *args, *objs]
        out = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=True).stdout
        found = {o: next((ln.split() for ln in out.splitlines() if f"-o {o} " in ln + " "), []) for o in objs}
        assert all(found.values()), out
        return found

    got = lines("NATMOD_PROFILE=small")
    for flag in BINDING_FILE_CFLAGS["small"]["window"].split():
        assert flag in got["obj/binding/window.o"] and flag not in got["obj/engine/window.o"], flag
    assert "-fno-ipa-modref" in got["obj/binding/wasi.o"] and "-fno-early-inlining" not in got["obj/binding/window.o"]
    assert "-flto" in got["obj/binding/wasi.o"] and "-flto" not in got["obj/engine/window.o"]
    assert got["obj/wasm.o"][:2] == ["gcc", "-r"] and "-flto" in got["obj/wasm.o"]
    full = lines()
    assert "-flto" not in full["obj/binding/wasi.o"] and "-fno-ipa-modref" not in full["obj/binding/wasi.o"]
    assert full["obj/wasm.o"][:2] == ["ld", "-r"]
    off = lines("NATMOD_PROFILE=small", "NATMOD_LTO=0", "BINDING_FILE_CFLAGS=")
    assert "-flto" not in off["obj/binding/wasi.o"] and "-fno-ipa-modref" not in off["obj/binding/wasi.o"]


def test_file_flags_name_the_compiler_they_were_chosen_with() -> None:
    """Files' own flags (ENGINE_FILE_CFLAGS) given to another compiler than the
    one they were found with (generate.py FILE_CFLAGS_GCC) build with a warning
    naming both versions, not a failure; without such flags, no warning."""
    built("mps2_an385")
    make_args, build, _ = PORTS["mps2_an385"]
    host_gcc = subprocess.run(["gcc", "-dumpfullversion"], capture_output=True, text=True, check=True).stdout.strip()

    def warnings(*args: str) -> list[str]:
        argv = ["make", "--no-print-directory", "-n", *make_args, f"PYTHON={sys.executable}", "CC=gcc", *args]
        proc = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, timeout=120, check=True)
        return [line for line in proc.stderr.splitlines() if "flags" in line and "chosen with" in line]

    warned = warnings("ENGINE_FILE_CFLAGS=decode=-fno-gcse", str(build / ENGINE_OBJ))
    assert len(warned) == 1, warned
    assert f"arm-none-eabi-gcc {FILE_CFLAGS_GCC};" in warned[0] and f"this is gcc {host_gcc}:" in warned[0]
    assert warnings(str(build / ENGINE_OBJ)) == []  # the full profile's files have no flags of their own
