# SPDX-License-Identifier: MIT
"""The benchmark kernels (bench/kernels/*.c) as correctness tests of the engine on
real programs: each kernel, built for wasm32 at -O2 and -Os, must return on our
engine (bench/runner_mw.c, no MicroPython) the checksum the same C returns when
compiled natively. Tiny sizes (Kernel.test): this checks results, never times."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]


def _load_bench() -> ModuleType:
    # bench/run.py is a script, not a package: load it under its own name
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = mod
    spec.loader.exec_module(mod)
    return mod


bench = _load_bench()
pytestmark = pytest.mark.skipif(shutil.which("clang") is None, reason="no clang for wasm32")


@pytest.fixture(scope="module")
def runner_mw() -> Path:
    return bench.build_runner_mw()


@pytest.mark.parametrize("opt", ["O2", "Os"])
@pytest.mark.parametrize("kernel", bench.KERNELS, ids=lambda k: k.name)
def test_kernel_checksum_matches_native(kernel, opt: str, runner_mw: Path) -> None:
    native = bench.run_one(bench.build_native(kernel), None, kernel.test, 1)
    ours = bench.run_one(runner_mw, bench.build_wasm(kernel, opt), kernel.test, 2)
    assert ours.result == native.result, f"{kernel.name} -{opt}: engine {ours.result:#x}, native {native.result:#x}"


def test_kernel_sizes_are_ordered() -> None:
    # the test size must stay tiny next to the bench sizes, or this file gets slow
    for k in bench.KERNELS:
        assert 0 < k.test <= k.quick <= k.n, k.name


def test_noinline_functions_stay_calls() -> None:
    # An optimising clang link runs binaryen's wasm-opt when it is installed, which
    # inlines NOINLINE functions: the calls kernel then measured no call at all.
    wasm_tools = REPO / ".venv" / "bin" / "wasm-tools"
    if not wasm_tools.exists():
        pytest.skip(f"{wasm_tools} not installed (make fetch)")
    calls = next(k for k in bench.KERNELS if k.name == "calls")
    for board in (False, True):
        text = subprocess.run(
            [wasm_tools, "print", bench.build_wasm(calls, "O2", board=board)],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
        direct = [line for line in text.splitlines() if line.strip().startswith("call ")]
        assert len(direct) == 5, f"calls kernel (board={board}): {len(direct)} direct calls, C has 5"


# (i32) -> i32 "run": its argument divided by 0 (i32.div_u), a trap at run time
DIV_BY_ZERO = bytes.fromhex(
    "0061736d01000000" + "01060160017f017f" + "03020100" + "0707010372756e0000" + "0a09010700200041006e0b"
)


def test_runner_names_a_trap_without_an_offset(runner_mw: Path, tmp_path: Path) -> None:
    # a trap is a run-time failure: the runner says which (the spec's text), in
    # what call and in what function (mw_trap_trace), never "at offset 0" (an
    # offset only locates a load error)
    wasm = tmp_path / "div0.wasm"
    wasm.write_bytes(DIV_BY_ZERO)
    r = subprocess.run([str(runner_mw), str(wasm), "run", "1", "1"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 1
    assert r.stderr == "call: trap: integer divide by zero in function 0\n", r.stderr


def test_runner_locates_a_load_error(runner_mw: Path, tmp_path: Path) -> None:
    # the same module cut inside its code section: the detail and its offset
    wasm = tmp_path / "cut.wasm"
    wasm.write_bytes(DIV_BY_ZERO[:-3])
    r = subprocess.run([str(runner_mw), str(wasm), "run", "1", "1"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 1
    assert r.stderr.startswith("load: malformed module (") and " at offset 0x" in r.stderr, r.stderr
