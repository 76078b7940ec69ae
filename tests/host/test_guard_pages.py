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
import struct
import subprocess
from pathlib import Path

import pytest

from spec import runner
from support import host
from support.engine import ENGINE, OUT, TESTS, gcc_engine
from support.spec_files import wast_params

pytestmark = [
    pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc not installed"),
    pytest.mark.skipif(shutil.which("wat2wasm") is None, reason="wat2wasm (Debian wabt) not installed"),
    pytest.mark.skipif(platform.machine() != "x86_64", reason="guard pages are x86-64's"),
]

HOST = ENGINE.parent / "host"
# build/host (the default, guarded where guard pages work) runs the whole spec suite in test_spec.py;
# the checked build (make host-checked) runs the memory files here, so both ways of the bounds test do
CHECKED_MICROPYTHON = runner.HOST_MICROPYTHON.parent.parent / "host-checked" / "micropython"
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
def test_spec_memory_files_checked(suite, path) -> None:
    # the host port built with GUARD=0 (make host-checked), as tests/host/test_spec.py runs build/host's
    if not CHECKED_MICROPYTHON.exists():
        pytest.skip(f"{CHECKED_MICROPYTHON} not built (make host-checked)")
    res = runner.run_host(suite, path, micropython=CHECKED_MICROPYTHON, timeout=300)
    new, _ = runner.compare_expected(res, runner.load_expected())
    lines = [f"  {res.name}:{c.line} #{c.index} {c.kind}: {why}" for c, why in new[:30]]
    assert not new, f"{res.summary()}\n{len(new)} unexpected failures:\n" + "\n".join(lines)


def test_the_default_host_port_is_guarded() -> None:
    # make host takes guard pages on x86-64 with GCC (ports/host/Makefile GUARD), make host-checked not:
    # a guarded engine has the fault path's function, a checked one none
    default, checked = runner.HOST_MICROPYTHON, CHECKED_MICROPYTHON
    for exe in (default, checked):
        if not exe.exists():
            pytest.skip(f"{exe} not built (make host, make host-checked)")
    symbols = {
        exe: subprocess.run(["nm", str(exe)], capture_output=True, text=True, check=True, timeout=60).stdout
        for exe in (default, checked)
    }
    assert " T mw_guard_fault" in symbols[default]
    assert "mw_guard_fault" not in symbols[checked]


def note_addresses(exe: Path) -> list[int]:
    """The address of each noted memory-0 access (section mw_guard_sites: 16 bytes a note, its first field
    the access's address relative to the field; exec.c guard_site), in the section's order."""
    head = subprocess.run(["objdump", "-h", str(exe)], capture_output=True, text=True, check=True, timeout=60).stdout
    vma = next(int(ln.split()[3], 16) for ln in head.splitlines() if ln.split()[1:2] == ["mw_guard_sites"])
    raw = OUT / f"{exe.name}.sites"
    subprocess.run(
        ["objcopy", "-O", "binary", "--only-section=mw_guard_sites", str(exe), str(raw)], check=True, timeout=60
    )
    data = raw.read_bytes()
    return [vma + i + struct.unpack_from("<i", data, i)[0] for i in range(0, len(data), 16)]


def test_the_notes_are_in_address_order() -> None:
    # mw_guard_fault finds a fault's note by a binary search where the notes are sorted (else a walk over all):
    # the builds that run it have them sorted, so the search is what runs
    exes = [build(True)]
    if runner.HOST_MICROPYTHON.exists():
        exes.append(runner.HOST_MICROPYTHON)
    for exe in exes:
        starts = note_addresses(exe)
        assert len(starts) > 50, exe
        assert starts == sorted(set(starts)), exe


def test_collected_memories_give_their_reservations_back() -> None:
    """The binding's memories are the collector's (the engine never frees them): a reservation's keeper
    (ports/host/reservations.c) gives it back when its memory is collected, and a reservation or a grow
    the limit (-X wasmmem=) would refuse first collects. 2,000 memories of a page, made and dropped under a
    1 MiB limit (125 MiB in all), leave the address space as it was (without keepers: 8.6 TB more), and
    the last one grows to the whole limit."""
    host.use("builtin")
    if not (host.MICROPYTHON.exists() and host.guard_pages()):
        pytest.skip(f"{host.MICROPYTHON} is not built with guard pages (make host on x86-64)")
    code = """
import gc
def vm_kb():
    for ln in open('/proc/self/status').read().split('\\n'):
        if ln.startswith('VmSize'):
            return int(ln.split()[1])
before = vm_kb()
for i in range(2000):
    m = wasm.Memory(1)
    e = wasm.Instance(wasm.Module(GROW_MOVES), {'env': {'mem': m}}, wasi=wasm.WASI()).exports
    e.store8(100, i & 255)
e.store8(65536 - 4096, 7)
e.store8(65535, 9)
p(e.load8(100), m.grow(15), len(m) // 65536, m.grow(1), m.grows_refused)
p(e.load8(65536 - 4096), e.load8(65535), e.load8(16 * 65536 - 1))
m = e = None
gc.collect()
m = wasm.Memory(1)
p(m.grow(15), len(m) // 65536, vm_kb() - before < 3 * 8 * 1024 * 1024)
"""
    out = host.run(code, ("grow_moves",), timeout=120, options=("wasmmem=1m",))
    # the bytes below a grown region keep their values (the platform's count of them is not kept there),
    # and a memory grown to the limit gives it all back: the next grows to all of it again
    assert out == [(1999 & 255, 1, 16, -1, (1, 17)), (7, 9, 0), (1, 16, True)]
