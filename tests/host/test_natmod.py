# SPDX-License-Identifier: MIT
"""wasm.mpy, the native module (docs/natmod.md), on the host: where `import
wasm` comes from, the .mpy header stock MicroPython checks, and the clear
errors a firmware gives when it cannot load the file. The API itself is
tested by the suites marked with the wasm_source fixture (conftest.py),
which run once with the built-in module and once with wasm.mpy."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from support.host import SOURCES, run

NATMOD = SOURCES["natmod"]
MPY = NATMOD.cwd / "wasm.mpy"
BUILT_IN = SOURCES["builtin"].micropython
# py/persistentcode.h: MPY_VERSION 6, MPY_SUB_VERSION 3; MP_NATIVE_ARCH_*.
MPY_VERSION, MPY_SUB_VERSION = 6, 3
ARCH_CODES = {"x64": 2, "armv6m": 4, "armv7m": 5, "armv7emsp": 7, "armv7emdp": 8}

needs_natmod = pytest.mark.skipif(
    not (NATMOD.micropython.exists() and MPY.exists()), reason=f"natmod not built ({NATMOD.build})"
)


def mp(binary: Path, code: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(binary), "-c", code], cwd=cwd, capture_output=True, text=True, timeout=30, check=False)


@pytest.mark.usefixtures("wasm_source")
def test_wasm_comes_from_where_asked(wasm_source: str) -> None:
    out = run("p(getattr(wasm, '__file__', None), getattr(wasm, '__natmod__', None))")
    assert out == ([("wasm.mpy", ())] if wasm_source == "natmod" else [(None, None)])


@pytest.mark.parametrize("arch", sorted(ARCH_CODES))
def test_mpy_header_is_what_micropython_1_23_checks(arch: str) -> None:
    path = NATMOD.cwd.parent / arch / "wasm.mpy"
    if arch != "x64" and not path.exists():
        pytest.skip(f"{path} not built (make natmod ARCH={arch})")
    head = path.read_bytes()[:4]
    # 'M', version, arch << 2 | sub-version, small-int bits (persistentcode.c)
    assert head[:3] == bytes([ord("M"), MPY_VERSION, ARCH_CODES[arch] << 2 | MPY_SUB_VERSION])


@needs_natmod
@pytest.mark.parametrize(
    "offset,value,error",
    [
        (1, 5, "ValueError: incompatible .mpy file"),  # .mpy version 5 (MicroPython < 1.19)
        (2, ARCH_CODES["x64"] << 2 | 2, "ValueError: incompatible .mpy file"),  # sub-version 2 (1.20-1.22)
        (2, ARCH_CODES["armv7m"] << 2 | 3, "ValueError: incompatible .mpy arch"),  # another CPU's build
    ],
)
def test_a_firmware_that_cannot_load_it_says_so(tmp_path: Path, offset: int, value: int, error: str) -> None:
    data = bytearray(MPY.read_bytes())
    data[offset] = value
    (tmp_path / "wasm.mpy").write_bytes(data)
    code = "try:\n import wasm\nexcept Exception as e:\n print(type(e).__name__ + ': ' + str(e))\nprint('alive', 1 + 1)"
    proc = mp(NATMOD.micropython, code, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [error, "alive 2"]


@needs_natmod
def test_a_firmware_without_the_native_loader_does_not_see_it(tmp_path: Path) -> None:
    # build/host/micropython has no MICROPY_PERSISTENT_CODE_LOAD: a .mpy is no module to it.
    shutil.copy(MPY, tmp_path / "wasm_native.mpy")
    proc = mp(BUILT_IN, "try:\n import wasm_native\nexcept ImportError as e:\n print('ImportError', e)", tmp_path)
    assert proc.stdout.strip() == "ImportError no module named 'wasm_native'", proc.stderr


@needs_natmod
def test_board_regions_stay_with_the_firmware() -> None:
    proc = mp(
        NATMOD.micropython,
        "import wasm, board\nprint(sorted(board.regions))\n"
        "try:\n wasm.SharedHeap(region='shared')\nexcept ValueError as e:\n print(e)",
        NATMOD.cwd,
    )
    assert proc.returncode == 0, proc.stderr
    regions, err = proc.stdout.splitlines()
    assert "shared" in regions and err == "unknown region 'shared'"
