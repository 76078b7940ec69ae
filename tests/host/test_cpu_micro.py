# SPDX-License-Identifier: MIT
"""bench/cpu_micro.py and its modules (bench/micro/*.wat): each module's
header states its loop count (the figure per iteration divides by it), and
each runs on our bench runner as a WASI command: exit 0, nothing printed (one
-O3 build of build/bench/runner_mw_wasi, ~10 s)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
import bench_programs  # noqa: E402
import cpu_micro  # noqa: E402

WATS = sorted(cpu_micro.MICRO.glob("*.wat"))
# the loop counter's start: `i32.const N` then `local.set $i`
COUNT = re.compile(r"i32\.const (\d+)\s+local\.set \$i\b")


def test_the_modules_are_there() -> None:
    assert {w.stem for w in WATS} >= {"loop", "local8", "expr8", "indep8", "chase4"}, WATS


@pytest.mark.parametrize("wat", WATS, ids=[w.stem for w in WATS])
def test_header_states_the_loop_count(wat: Path) -> None:
    counts = COUNT.findall(wat.read_text())
    assert len(counts) == 1, counts
    assert cpu_micro.iterations(wat) == int(counts[0])


def test_a_module_without_its_count_is_refused(tmp_path: Path) -> None:
    wat = tmp_path / "bad.wat"
    wat.write_text("(module)\n")
    with pytest.raises(ValueError, match="iterations"):
        cpu_micro.iterations(wat)


@pytest.fixture(scope="module")
def runner() -> Path:
    return bench_programs.build_runner_mw_wasi()


@pytest.mark.parametrize("wat", WATS, ids=[w.stem for w in WATS])
def test_each_runs_on_our_runner(wat: Path, runner: Path, tmp_path: Path) -> None:
    # the same module with 1000 passes instead of its millions: it runs to
    # its end (exit 0) and prints nothing (the runner's stdout hash of nothing)
    small = tmp_path / wat.name
    small.write_text(COUNT.sub("i32.const 1000\n    local.set $i", wat.read_text()))
    wasm = tmp_path / (wat.stem + ".wasm")
    subprocess.run(["wat2wasm", str(small), "-o", str(wasm)], check=True, timeout=60)
    out = tmp_path / "out.txt"
    r = subprocess.run(
        [str(runner), str(wasm), "1", str(out), wat.stem], capture_output=True, text=True, timeout=60, check=False
    )
    assert r.returncode == 0, r.stderr
    assert "exit=0" in r.stdout.splitlines(), r.stdout
    assert out.read_bytes() == b""


def test_no_paint_leaves_the_stack_unmeasured(runner: Path, tmp_path: Path) -> None:
    # bench/cpu_time.py and cpu_micro.py run the runners with BENCH_NO_PAINT:
    # no painting of the 8 MiB C stack, no scan of it (stack=0); without it
    # the calls' depth is measured (above 0)
    wat = cpu_micro.MICRO / "loop.wat"
    small = tmp_path / wat.name
    small.write_text(COUNT.sub("i32.const 1000\n    local.set $i", wat.read_text()))
    wasm = tmp_path / "loop.wasm"
    subprocess.run(["wat2wasm", str(small), "-o", str(wasm)], check=True, timeout=60)
    stacks = {}
    for paint, env in (("paint", None), ("no paint", cpu_micro.NO_PAINT)):
        r = subprocess.run(
            [str(runner), str(wasm), "1", "-", "loop"], capture_output=True, text=True, timeout=60, check=True, env=env
        )
        stacks[paint] = int(re.search(r"^stack=(\d+)$", r.stdout, re.M).group(1))
    assert stacks["paint"] > 0 and stacks["no paint"] == 0, stacks


def test_unknown_module_and_base_are_refused(tmp_path: Path) -> None:
    for args, words in (
        (["--only", "nosuch"], ["unknown module", "nosuch"]),
        (["--base", str(tmp_path / "none")], ["--base", "not an executable"]),
    ):
        r = subprocess.run(
            [sys.executable, str(REPO / "bench" / "cpu_micro.py"), *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert r.returncode == 2 and all(w in r.stderr for w in words), r.stderr
