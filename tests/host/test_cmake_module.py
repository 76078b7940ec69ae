# SPDX-License-Identifier: MIT
"""modwasm/micropython.cmake, consumed the way MicroPython's cmake ports do
(py/usermod.cmake: an INTERFACE library `usermod`, each USER_C_MODULES file
included, the firmware linking `usermod`): a minimal cmake project compiles
every source it hands over against the host port's MicroPython headers, as a
firmware without board regions (noregions.c in), and its options set the
feature macros (docs/add-to-firmware.md)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from support.build import REPO

HOST_BUILD = REPO / "build" / "host"
CMAKE = shutil.which("cmake")

pytestmark = [
    pytest.mark.skipif(CMAKE is None, reason="cmake not installed (scripts/install_deps.sh installs it)"),
    pytest.mark.skipif(
        not (HOST_BUILD / "genhdr" / "qstrdefs.generated.h").exists(),
        reason="build/host not built (make host): its generated headers are used",
    ),
]

# What a port's CMakeLists.txt does around py/usermod.cmake, and a dump of
# what the module gave the firmware target.
PROJECT = """
cmake_minimum_required(VERSION 3.13)
project(usermod_consumer C)
add_library(usermod INTERFACE)
foreach(USER_C_MODULE_PATH ${USER_C_MODULES})
    include(${USER_C_MODULE_PATH})
endforeach()
add_library(firmware OBJECT)
target_link_libraries(firmware PRIVATE usermod)
target_include_directories(firmware PRIVATE ${MPY_DIR} ${PORT_DIR} ${GEN_DIR} ${REPO})
target_compile_options(firmware PRIVATE -std=gnu11 -Wall -Werror)
target_compile_definitions(firmware PRIVATE MICROPY_PY_WASM_REGIONS=0)
file(GENERATE OUTPUT module.txt CONTENT
"sources=$<TARGET_PROPERTY:usermod_wasm,INTERFACE_SOURCES>
defs=$<TARGET_PROPERTY:usermod_wasm,INTERFACE_COMPILE_DEFINITIONS>
")
"""


def configure(tmp: Path, *options: str) -> dict[str, list[str]]:
    (tmp / "CMakeLists.txt").write_text(PROJECT)
    build = tmp / "build"
    subprocess.run(
        [
            CMAKE,
            "-S",
            str(tmp),
            "-B",
            str(build),
            f"-DUSER_C_MODULES={REPO / 'modwasm' / 'micropython.cmake'}",
            f"-DMPY_DIR={REPO / 'deps' / 'micropython'}",
            f"-DPORT_DIR={REPO / 'ports' / 'host'}",
            f"-DGEN_DIR={HOST_BUILD}",
            f"-DREPO={REPO}",
            *options,
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    text = (build / "module.txt").read_text()
    return {k: v.split(";") for k, v in re.findall(r"^(\w+)=(.*)$", text, re.M)}


def make_sources() -> set[str]:
    """The sources modwasm/micropython.mk gives a make-based port."""
    mk = (REPO / "modwasm" / "micropython.mk").read_text()
    out = set()
    for folder, names in re.findall(r"\$\(MODWASM_DIR\)/(\w+)/,\\\n(.*?)\)", mk, re.S):
        out |= {f"{folder}/{n}" for n in names.replace("\\", " ").split()}
    return out


def test_cmake_module_builds_what_the_make_fragment_does(tmp_path: Path) -> None:
    got = configure(tmp_path)
    sources = {str(Path(s).relative_to(REPO / "modwasm")) for s in got["sources"]}
    assert sources == make_sources()
    assert "MICROPY_PY_WASM_WASI=1" in got["defs"]
    proc = subprocess.run(
        [CMAKE, "--build", str(tmp_path / "build"), "-j2"], capture_output=True, text=True, timeout=300, check=False
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    objects = list((tmp_path / "build").rglob("*.o"))
    assert len(objects) == len(sources)
    # noregions.c stands in for the region API on a firmware without it.
    nm = subprocess.run(["nm", "-g", *map(str, objects)], capture_output=True, text=True, check=True).stdout
    assert re.search(r" T mpwasm_region_find$", nm, re.M) and re.search(r" [DR] mp_type_MemoryFault$", nm, re.M)


def test_cmake_options_set_the_feature_macros(tmp_path: Path) -> None:
    got = configure(tmp_path, "-DMODWASM_WASI=OFF", "-DMODWASM_STACK_SLOTS=512", "-DMODWASM_MAX_FRAMES=64")
    assert set(got["defs"]) == {"MICROPY_PY_WASM_WASI=0", "MW_DEFAULT_STACK_SLOTS=512", "MW_DEFAULT_MAX_FRAMES=64"}
