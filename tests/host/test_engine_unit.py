# SPDX-License-Identifier: MIT
"""Engine unit tests (tests/engine/test_engine.c), built with plain gcc into
build/engine-tests/ and run without MicroPython; plus the engine's build rules:
warning-free for x86-64 and Cortex-M3, and no MicroPython includes; and a
smoke test of the binding (tests/engine/binding_smoke.py) on the host port."""

import pathlib
import shutil
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
ENGINE = REPO / "modwasm" / "engine"
TESTS = REPO / "tests" / "engine"
OUT = REPO / "build" / "engine-tests"
ENGINE_SRC = sorted(ENGINE.glob("*.c"))
WARN = ["-Wall", "-Wextra", "-Werror", "-Wdouble-promotion", "-Wfloat-conversion"]


def build(name, extra):
    OUT.mkdir(parents=True, exist_ok=True)
    exe = OUT / name
    cmd = [
        "gcc",
        "-std=c11",
        "-O1",
        "-g",
        *WARN,
        f"-I{ENGINE}",
        "-DMW_CHECK_CODE=1",  # every lowered function walked with the op table
        *extra,
        *map(str, ENGINE_SRC),
        str(TESTS / "test_engine.c"),
        "-o",
        str(exe),
        "-lm",
    ]
    subprocess.run(cmd, check=True)
    return exe


def run(exe):
    r = subprocess.run([str(exe)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert " 0 failures" in r.stdout


def test_engine_unit():
    run(build("test_engine", []))


def test_engine_unit_O3():
    # -O3 inlines more and so sees more "may be used uninitialized" paths
    # (-Werror): the bench runner builds the engine at -O3.
    run(build("test_engine_O3", ["-O3"]))


def test_engine_unit_sanitized():
    run(build("test_engine_asan", ["-fsanitize=address,undefined", "-fno-sanitize-recover"]))


def test_engine_unit_switch_dispatch_soft_sqrt():
    # the portable switch dispatch and the soft-float square root of Cortex-M3
    run(build("test_engine_switch", ["-DMW_COMPUTED_GOTO=0", "-DMW_HW_SQRT=0"]))


def test_engine_has_no_micropython_includes():
    for f in ENGINE.iterdir():
        assert '#include "py/' not in f.read_text(), f


@pytest.mark.skipif(shutil.which("arm-none-eabi-gcc") is None, reason="no arm-none-eabi-gcc")
def test_engine_builds_for_cortex_m3(tmp_path):
    for src in ENGINE_SRC:
        subprocess.run(
            [
                "arm-none-eabi-gcc",
                "-std=c11",
                "-mcpu=cortex-m3",
                "-mthumb",
                "-Os",
                *WARN,
                "-c",
                str(src),
                "-o",
                str(tmp_path / (src.stem + ".o")),
            ],
            check=True,
        )


HOST = REPO / "build" / "host" / "micropython"


@pytest.mark.skipif(not HOST.exists(), reason="build/host/micropython not built (make host)")
def test_binding_smoke():
    r = subprocess.run([str(HOST), str(TESTS / "binding_smoke.py")], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.strip().endswith("OK"), r.stdout + r.stderr


DIFF_FILES = [
    "i32",
    "i64",
    "f32",
    "f64",
    "conversions",
    "int_exprs",
    "float_exprs",
    "local_tee",
    "br_table",
    "block",
    "loop",
    "if",
    "select",
    "call",
    "left-to-right",
    "labels",
    "switch",
    "unwind",
    "memory_copy",
    "address",
    "endianness",
]


def test_engine_matches_wasmtime():
    """Exports of spec modules called with random arguments: same results and
    traps as wasmtime (PyPI, optional)."""
    pytest.importorskip("wasmtime")
    from engine import diff_wasmtime
    from spec import convert

    if not (convert.suite_root() / "core").is_dir():
        pytest.skip(f"wasm spec suite not found at {convert.suite_root()}; set WASM_TESTSUITE")

    OUT.mkdir(parents=True, exist_ok=True)
    lib = OUT / "libmw_shim.so"
    subprocess.run(
        [
            "gcc",
            "-std=c11",
            "-O2",
            "-fPIC",
            "-shared",
            f"-I{ENGINE}",
            "-DMW_CHECK_CODE=1",
            *map(str, ENGINE_SRC),
            str(TESTS / "diff_shim.c"),
            "-o",
            str(lib),
            "-lm",
        ],
        check=True,
    )
    wasm = []
    for name in DIFF_FILES:
        js = convert.convert("core", convert.suite_root() / "core" / (name + ".wast"))
        wasm += sorted(str(p) for p in js.parent.glob("*.wasm"))
    checked, bad = diff_wasmtime.run(str(lib), wasm, seed=1)
    assert checked > 1000
    assert not bad, "\n".join(bad[:20])
