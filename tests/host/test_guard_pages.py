# SPDX-License-Identifier: MIT
"""Memory 0's bounds test by guard pages (modwasm/engine/mw_config.h
MW_GUARD_PAGES, modwasm/host/guard_posix.c), without MicroPython.

tests/engine/test_guard.c runs tests/engine/guard.wat's loads and stores at
every width, at the memory's end and the top of the address space, after
grows, in a fused loop, from a host function's call back into wasm, through a
shared heap (read-only too), through the embedder's own bytes (no
reservation: every access through the fault), in 6,000 instances two at a
time (no address space kept), and a fault that is not wasm's reaching the
handler installed before the engine's. Built checked and with guard pages,
the two transcripts must be the same line for line: each value, each trap's
message, wasm offset, path depth and the fuel left after it.
"""

from __future__ import annotations

import platform
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from spec import runner
from support.engine import ENGINE, OUT, TESTS, gcc_engine
from support.spec_files import wast_params

pytestmark = [
    pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc not installed"),
    pytest.mark.skipif(shutil.which("wat2wasm") is None, reason="wat2wasm (Debian wabt) not installed"),
    pytest.mark.skipif(platform.machine() != "x86_64", reason="guard pages are x86-64's"),
]

HOST = ENGINE.parent / "host"
GUARD_MICROPYTHON = runner.HOST_MICROPYTHON.parent.parent / "host-guard" / "micropython"
# the spec suite's files that load, store, grow or share memory
MEMORY_WAST = re.compile(r"memory|address|align|load|store|bulk|endianness|left-to-right|traps|data|imports|linking")


def module() -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / "guard.wasm"
    subprocess.run(["wat2wasm", str(TESTS / "guard.wat"), "-o", str(out)], check=True, timeout=60)
    return out


def build(guard: bool) -> Path:
    if guard:
        flags = ["-O2", "-DMW_GUARD_PAGES=1", f"-I{HOST}"]
        return gcc_engine("test_guard_pages", [TESTS / "test_guard.c", HOST / "guard_posix.c"], flags)
    return gcc_engine("test_guard_checked", [TESTS / "test_guard.c"], ["-O2"])


def transcript(cmd: list[str], timeout: float) -> list[str]:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    lines = proc.stdout.splitlines()
    assert lines[-1] == "OK", proc.stdout[-4000:]
    return [line for line in lines if not line.startswith("#")]


def test_guard_pages_as_checked() -> None:
    wasm = str(module())
    checked = transcript([str(build(False)), wasm], 120)
    guarded = transcript([str(build(True)), wasm], 300)
    assert guarded == checked
    # what the transcript holds: traps at every edge, values past them
    assert "ld32(65533) -> trap 'out of bounds memory access' at offset 281, depth 1, fuel 999999" in guarded
    assert sum("trap 'out of bounds memory access'" in line for line in guarded) > 250
    assert "6000 instances: ok" in guarded
    assert "a host function's fault in a wasm call: 2" in guarded


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind not installed")
def test_guard_pages_under_valgrind() -> None:
    # valgrind's core (--tool=none): memcheck reports each deliberate fault as an invalid read,
    # and under callgrind the faulting context does not name the access (the bench's programs
    # never fault); the fault path reads the registers from the signal's context, which valgrind
    # keeps exact at memory accesses only when told to
    wasm = str(module())
    checked = transcript([str(build(False)), wasm], 120)
    cmd = ["valgrind", "-q", "--tool=none"]
    cmd.append("--vex-iropt-register-updates=allregs-at-mem-access")
    guarded = transcript([*cmd, str(build(True)), wasm], 900)
    assert guarded == checked


@pytest.mark.parametrize(
    "suite,path", [p for p in wast_params() if p.values[1] is None or MEMORY_WAST.search(p.values[1].name)]
)
def test_spec_memory_files_with_guard_pages(suite, path) -> None:
    # the host port built with GUARD=1 (make host-guard), as tests/host/test_spec.py runs build/host's
    if not GUARD_MICROPYTHON.exists():
        pytest.skip(f"{GUARD_MICROPYTHON} not built (make host-guard)")
    res = runner.run_host(suite, path, micropython=GUARD_MICROPYTHON, timeout=300)
    new, _ = runner.compare_expected(res, runner.load_expected())
    lines = [f"  {res.name}:{c.line} #{c.index} {c.kind}: {why}" for c, why in new[:30]]
    assert not new, f"{res.summary()}\n{len(new)} unexpected failures:\n" + "\n".join(lines)
