# SPDX-License-Identifier: MIT
"""The bench scripts' command lines, as docs/benchmarks.md writes them: a board
script started with plain `python3` runs itself under the project's venv (where
pyserial is), a `--programs` name (or bench/programs.py's NAME) that is no program says
which ones exist, and the bench's WASI shim declares each function with the binding's parameters."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=REPO, capture_output=True, text=True, timeout=120)


def test_board_script_finds_pyserial(tmp_path: Path) -> None:
    # a script in bench/board/ that needs pyserial, started by the system's python3
    script = REPO / "bench" / "board" / f"_probe_{tmp_path.name}.py"
    probe = ["import sys", "import board_python", "board_python.ensure('probe')", "import serial"]
    script.write_text("\n".join([*probe, "print('serial from', sys.prefix)", ""]))
    try:
        r = run(["/usr/bin/python3", str(script)])
    finally:
        script.unlink()
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("serial from "), r.stdout


def test_unknown_program_is_named() -> None:
    r = run([sys.executable, "bench/min_heap.py", "--programs", "lua,nosuch"])
    assert r.returncode != 0
    assert "no program nosuch" in r.stderr and "known: sqlite" in r.stderr, r.stderr


def test_unknown_feature_set_is_named() -> None:
    # bench/programs.py FEATURE_SETS: a set's name or a list of features, nothing else
    r = run([sys.executable, "bench/run.py", "--only-programs", "--programs", "zlib", "--features", "newest"])
    assert r.returncode != 0
    assert "unknown features 'newest'" in r.stderr, r.stderr
    assert "stock, modern" in r.stderr and "bulk-memory" in r.stderr, r.stderr


def test_programs_script_says_its_options_and_names_an_unknown_program() -> None:
    # `python3 bench/programs.py [--features SET] [NAME...]` (docs/benchmarks.md): --help was a
    # KeyError on '--help' until session 39, a name that is no program another
    helped = run([sys.executable, "bench/programs.py", "--help"])
    assert helped.returncode == 0 and "--features" in helped.stdout, helped.stderr
    r = run([sys.executable, "bench/programs.py", "nosuch"])
    assert r.returncode != 0
    assert "no program nosuch" in r.stderr and "known: sqlite" in r.stderr, r.stderr


def shim_params(text: str) -> dict[str, str]:
    """bench/wasi_shim.h's table: name -> parameter letters (wasm3's notation: i i32, I i64)."""
    return {m[0]: m[1] for m in re.findall(r'\{ "(\w+)", "[iv]\((\w*)\)", \w+ \}', text)}


def binding_params(text: str) -> dict[str, str]:
    """modwasm/binding/wasi.c's table: name -> parameter letters, as `"name\\0letters"`."""
    return {m[0]: m[1] for m in re.findall(r'\{ "(\w+)\\0(\w*)", \w+ \}', text)}


def test_bench_wasi_shim_signatures_are_the_bindings() -> None:
    # the bench's WASI shim (both runners) declares each preview1 function's parameters by hand;
    # wasm3 links an import only when they match the module's type (path_filestat_set_times had
    # one i32 too few: a path is a pointer and a length, and wasm3 refused GNU indent at link)
    shim = shim_params((REPO / "bench" / "wasi_shim.h").read_text())
    binding = binding_params((REPO / "modwasm" / "binding" / "wasi.c").read_text())
    both = sorted(shim.keys() & binding.keys())
    assert len(both) >= 30, both
    assert {n: shim[n] for n in both} == {n: binding[n] for n in both}
