# SPDX-License-Identifier: MIT
"""Shared heaps, chains and region memories on the host port: the cases of
tests/cases/sheap_cases.py (the same bodies run on every QEMU board), plus
what only the host can do: two processes sharing a heap over a shm region,
and the C build of the producer/consumer demo.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest

from cases.sheap_cases import CASES, DEMO, DEMO_EXPECTED, DEMO_PROGRAMS, PRELUDE, PROGRAMS
from support.host import MICROPYTHON, run, script

pytestmark = pytest.mark.skipif(not MICROPYTHON.exists(), reason=f"{MICROPYTHON} not built (make host)")

# Board regions stay with the firmware: wasm.mpy runs the other cases too.
REGION_CASES = [c for c in CASES if "region=" in c[1]]
PLAIN_CASES = [c for c in CASES if "region=" not in c[1]]


@pytest.mark.usefixtures("wasm_source")  # built-in and natmod (conftest.py)
@pytest.mark.parametrize("name,code,expected", PLAIN_CASES, ids=[c[0] for c in PLAIN_CASES])
def test_case(name: str, code: str, expected: list) -> None:
    assert run(PRELUDE + code, PROGRAMS) == expected


@pytest.mark.parametrize("name,code,expected", REGION_CASES, ids=[c[0] for c in REGION_CASES])
def test_region_case(name: str, code: str, expected: list) -> None:
    assert run(PRELUDE + code, PROGRAMS) == expected


def _mp(code: str, *xargs: str) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(script(PRELUDE + code, PROGRAMS))
    try:
        proc = subprocess.run(
            [str(MICROPYTHON), *xargs, f.name], capture_output=True, text=True, timeout=30, check=False
        )
    finally:
        Path(f.name).unlink()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def test_two_processes_share_a_heap_over_a_shm_region() -> None:
    shm = f"/mpwasm-sheap-{Path(tempfile.mktemp()).name}"
    x = ("-X", f"region=ipc:65536:rw:{shm}")
    try:
        out = _mp(
            """
h = wasm.SharedHeap(region='ipc')
e = inst(h).exports
e.store32(h.start + 100, 0x5eed)
e.store8(TOP - 1, 42)
print('wrote', h.start)
""",
            *x,
        )
        assert "wrote" in out
        out = _mp(
            """
h = wasm.SharedHeap(region='ipc')
e = inst(h).exports
print('read', hex(e.load32(h.start + 100)), e.load8(TOP - 1), bytes(h.view(h.start + 100, 2)))
""",
            *x,
        )
        assert "read 0x5eed 42 b'\\xed^'" in out
    finally:
        Path("/dev/shm" + shm).unlink(missing_ok=True)


@pytest.mark.usefixtures("wasm_source")
def test_demo_producer_consumer() -> None:
    assert run(PRELUDE + DEMO, PROGRAMS + DEMO_PROGRAMS) == DEMO_EXPECTED


def test_chain_of_two_rw_regions() -> None:
    # as on pyboard (CCM + SRAM2): a second rw region from the command line
    code = dict((c[0], c[1]) for c in CASES)["chain_of_every_rw_region"]
    out = _mp(code.replace("p(len(hs) >= 1", "p(len(hs) == 2"), "-X", "region=sram2:8192:rw")
    assert "= (True, True, True)" in out


@pytest.mark.usefixtures("wasm_source")  # built-in and natmod (conftest.py)
def test_an_instance_that_attached_a_heap_to_a_memory_others_import_is_freed(wasm_source: str) -> None:
    # An instance attaches a heap to its memory, which other instances import,
    # and maps a buffer there; dropped and collected, it is freed (the 1 MiB
    # of its grants= goes back to the heap) and, with the built-in module,
    # its finaliser detaches the heap and unmaps its window
    # (docs/shared-heap.md: only the attaching instance detaches, a collected
    # one detaches itself). Until session 30 the memory's note of who
    # attached it was a pointer to that instance, which the collector
    # followed from the memory the others keep: the instance (it imports
    # env.shared_heap_malloc, whose host function holds it) was never freed,
    # the heap stayed attached for good and no one could detach, close or
    # reset it. Found by the binding fuzzer's coverage (a heap doomed that
    # way never went, in any campaign). wasm.mpy frees the instance too but
    # runs no finaliser (a native module cannot allocate with one:
    # docs/natmod.md), so its window and its heap stay where it left them:
    # asserted as such, and that the others can still unmap the window.
    out = run(
        """
import gc
def attach_and_drop(h, attach):
    a = wasm.Instance(wasm.Module(SHEAP), grants={'big': bytearray(1 << 20)})
    b = wasm.Instance(wasm.Module(SHEAP_SHARED), {'env': {'mem': a.exports.memory, 'cb': lambda: None}})
    a.map(bytearray(16), 0x40000000)
    if attach:
        a.attach(h)
    return b
for attach in (False, True):
    h = wasm.SharedHeap(64)
    gc.collect()
    base = gc.mem_free()
    b = attach_and_drop(h, attach)
    wasm.Module(SHEAP)  # zeroes the C stack below it (modwasm_stack_clean): no word there keeps the dropped one
    for k in range(3):
        gc.collect()
    freed = base - gc.mem_free() < (1 << 19)
    load = exc(b.exports.load8, h.start)
    p(attach, freed, len(b.windows), h.attached, b.shared_heap is None, load, exc(h.close), h.closed)
    p(exc(b.unmap, 0x40000000), len(b.windows))
""",
        ("sheap", "sheap_shared"),
    )
    trap = ("Trap", "out of bounds memory access")
    unmapped = ("ValueError", "not mapped in this instance")
    if wasm_source == "builtin":
        assert out == [
            (False, True, 0, False, True, trap, None, True),
            (unmapped, 0),
            (True, True, 0, False, True, trap, None, True),
            (unmapped, 0),
        ]
    else:
        attached = ("ValueError", "shared heap is attached")
        assert out == [
            (False, True, 1, False, True, trap, None, True),
            (None, 0),
            (True, True, 1, True, False, None, attached, False),
            (None, 0),
        ]


@pytest.mark.usefixtures("wasm_source")  # built-in and natmod (conftest.py)
def test_an_instance_made_where_a_dropped_attacher_was_cannot_detach_its_heap(wasm_source: str) -> None:
    # The engine knows who attached a memory's heap by the instance's address
    # (mw_memory.sheap_inst). wasm.mpy frees a dropped attacher without
    # detaching (no finalisers), and the next instance of the same module made
    # the same way lands at the same addresses (asserted: the same id()), so
    # its detach() took the heap off a memory it never attached (natmod at
    # 6f3cc2b: attached False from the next round on). Only an Instance that
    # attached may detach now (modwasm_instance_obj_t.attacher). With the
    # built-in module the dropped attacher's finaliser detaches at the collection.
    out = run(
        """
import gc
x = wasm.Instance(wasm.Module(SHEAP), grants={})
ms = wasm.Module(SHEAP_SHARED)
env = {'env': {'mem': x.exports.memory, 'cb': lambda: None}}
h = wasm.SharedHeap(64)
ids = [0] * 12
res = [None] * 12
def cycle(k, attach):
    c = wasm.Instance(ms, env)
    ids[k] = id(c)
    if attach:
        c.attach(h)
    else:
        c.detach()
    return h.attached
for k in range(12):
    res[k] = cycle(k, k == 5)
    gc.collect()
p(ids[6] == ids[5], res)
""",
        ("sheap", "sheap_shared"),
    )
    kept = wasm_source == "natmod"  # no finaliser: the heap stays attached, and no one else may detach it
    assert out == [(True, [False] * 5 + [True] + [kept] * 6)]
