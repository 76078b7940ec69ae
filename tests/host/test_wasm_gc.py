# SPDX-License-Identifier: MIT
"""The garbage collector frees a dropped instance's linear memory, whatever
calls it made: frames the interpreter popped or a trap unwound must not keep
it alive (the runtime's frame stack is a GC-scanned block)."""

from __future__ import annotations

import pytest

from support.host import MICROPYTHON, run

pytestmark = [
    pytest.mark.skipif(not MICROPYTHON.exists(), reason=f"{MICROPYTHON} not built (make host)"),
    pytest.mark.usefixtures("wasm_source"),  # built-in and natmod (conftest.py)
]

MIB = 1024 * 1024


@pytest.mark.parametrize("call", ["recurse(50)", "trap(50)"])
def test_dropped_instance_memory_is_freed(call: str):
    held = run(
        f"""
import gc
m = wasm.Module(GC_RELEASE)
warm = wasm.Instance(m)
warm.exports.recurse(1)  # the runtime's stacks exist from here on
warm = None
gc.collect()
base = gc.mem_free()
for i in range(3):
    inst = wasm.Instance(m)
    try:
        inst.exports.{call}
    except wasm.Trap:
        pass
    inst = None
    gc.collect()
    p(base - gc.mem_free())
""",
        ("gc_release",),
    )
    # 4 MiB of linear memory each: any instance kept alive shows.
    assert all(h < MIB for h in held), held
