# SPDX-License-Identifier: MIT
"""The integer and float spec files on a board: results must equal the host port's, bit for bit.

Same driver and command batches as tests/host/test_spec.py, sent over the raw
REPL (module bytes as literals, 4 KB batches). Every command's raw result
(unsigned bit patterns, exception type and message) is compared with the host
port's, so a soft-float or FPU difference on any core shows up at its .wast line.
One exception, the spec's own: where a result is `nan:canonical` or
`nan:arithmetic`, the sign and payload of the NaN are nondeterministic (x86
makes 0xffc00000, Arm 0x7fc00000); there both must satisfy the spec instead.

Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

import functools

import pytest

from conftest import CASE_HEAP, heap_after_import
from raw_repl import DeviceError
from spec import commands as cm
from spec import convert, runner

FILES = [
    "i32",
    "i64",
    "f32",
    "f64",
    "conversions",
    "float_exprs",
    "float_misc",
    "memory",
    "address",
]
BATCH_TIMEOUT_S = 60  # one 4 KB batch: well under a second on QEMU; slack for a busy 2-core CI
ROOT = convert.suite_root()
# Under this much free heap a 64 KiB wasm page need not fit (netduinoplus2 has ~80 KiB): there,
# MemoryError instantiating a module, and the commands that needed that instance, are counted
# as "did not fit" instead of differences. Boards with more RAM must match everything.
SMALL_HEAP = 128 * 1024
NO_INSTANCE = ("x", "RuntimeError", "no current instance")


def out_of_heap(b: tuple | None) -> bool:
    """A command's clean MemoryError: bare, or the binding's named one (the default
    stacks did not fit beside the driver: wasm.mpy on netduinoplus2, where the driver
    compiles since session 23's engine left ~2.9 KiB more heap)."""
    return b is not None and b[:2] == ("x", "MemoryError")


@functools.cache
def host_result(name: str) -> runner.FileResult:
    return runner.run_host("core", ROOT / "core" / f"{name}.wast")


def nan_expected(c: cm.Command) -> bool:
    return any(str(e.get("value", "")).startswith("nan:") for e in c.json.get("expected", []))


@pytest.mark.parametrize("name", FILES)
def test_spec_file_matches_host(repl, name):
    if not ROOT.is_dir():
        pytest.skip(f"wasm spec suite not found at {ROOT}; set WASM_TESTSUITE")
    if not runner.HOST_MICROPYTHON.exists():
        pytest.skip(f"{runner.HOST_MICROPYTHON} not built (make host): nothing to compare with")
    host = host_result(name)
    # Heap left once the previous file's instances are dropped (the driver's globals).
    free = int(repl.exec("R = N = C = None\nimport gc\ngc.collect()\nprint(gc.mem_free())"))
    tiny = heap_after_import(repl) < CASE_HEAP
    small = free < SMALL_HEAP
    try:
        dev = runner.run_exec(
            lambda code: repl.exec(code, timeout=BATCH_TIMEOUT_S),
            "core",
            ROOT / "core" / f"{name}.wast",
        )
    except DeviceError as e:
        # below conftest.CASE_HEAP (wasm.mpy on netduinoplus2) not even the
        # driver compiles beside `wasm`: a clean MemoryError, the REPL alive
        if not (tiny and e.exc_type == "MemoryError"):
            raise
        repl.soft_reset()
        assert repl.exec("print('alive', 1 + 1)") == "alive 2\n"
        print(f"{repl.board.name}: the driver did not fit in {free} bytes of heap (MemoryError)")
        return
    batch_lost = tiny and (dev.error or "").startswith("DeviceError: MemoryError")
    diffs, nan_diffs, no_room, lost = [], 0, 0, False
    for c in host.cmds:
        b, h = dev.outputs.get(c.index), host.outputs.get(c.index)
        if c.kind == "module":
            lost = False
        if c.src is None or b == h:
            continue
        if nan_expected(c) and cm.check(c, b) is None and cm.check(c, h) is None:
            nan_diffs += 1
        elif (
            small
            and (out_of_heap(b) or lost and b is not None and (b == NO_INSTANCE or b[:2] == ("x", "KeyError")))
            or (batch_lost and b is None)
        ):
            # (batch_lost: a batch that did not compile beside wasm.mpy, its commands with it;
            # lost: after a module that did not fit, the instance before it stays current, so
            # a command on the lost one names an export that one has not)
            no_room += 1
            lost = lost or c.kind == "module"
        else:
            diffs.append(f"  core/{name}.wast:{c.line} #{c.index} {c.kind}: board {b!r}, host {h!r}")
    print(
        f"{repl.board.name} {dev.summary()}; differ from the host: {nan_diffs} NaNs where the spec "
        f"allows it, {no_room} commands that did not fit in {free} bytes of heap"
    )
    assert not diffs, (
        f"{repl.board.name}: {len(diffs)} of {len(host.outputs)} results differ from the host port"
        f"{' (' + dev.error + ')' if dev.error else ''}:\n" + "\n".join(diffs[:30])
    )
