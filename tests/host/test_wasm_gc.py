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


def test_instance_reached_only_through_a_table_stays_alive():
    # A table names its defining instance's functions by index, so the table
    # keeps that instance alive; a function of another instance in it is an
    # object that keeps its own instance alive. Drop every Python reference
    # to one side, collect, churn the heap: calls through the table still
    # run the right instance (A adds 100, B 200; engine_tab_a.wat).
    out = run(
        """
import gc
def churn():
    gc.collect()
    junk = [bytearray(512) for _ in range(400)]
    junk = None
    gc.collect()
a = wasm.Instance(wasm.Module(ENGINE_TAB_A)).exports
b = wasm.Instance(wasm.Module(ENGINE_TAB_B), {'a': {'tab': a.tab}}).exports
keep_a = a
b = None
churn()
p(a.call(2, 5), a.get(2)(1))
a = wasm.Instance(wasm.Module(ENGINE_TAB_A)).exports
b = wasm.Instance(wasm.Module(ENGINE_TAB_B), {'a': {'tab': a.tab}}).exports
b.copy_in(1, 0, 2)
a = None
churn()
p(b.call(0, 5), b.call(1, 5), b.call_own(1, 5), b.call_own(2, 5), b.get(0)(1))
""",
        ("engine_tab_a", "engine_tab_b"),
    )
    assert out[0] == (205, 201)
    assert out[1] == (105, 110, 105, 110, 101)


@pytest.mark.parametrize("keep", [None, "keep", "keep_deep"])
def test_instance_only_in_old_stack_slots_is_freed(keep: str | None):
    # An externref argument stays in the runtime's value stack after the call
    # (a local, an operand, a callee's parameter): the runtime clears what an
    # entry used when it returns to Python. keep=None passes it nowhere: an
    # instance allocated just after the runtime's stacks must not be kept by
    # their end pointers either (the stacks' blocks have room past their ends).
    call = f"holder.exports.{keep}(big)" if keep else "None"
    out = run(
        f"""
import gc
m = wasm.Module(GC_RELEASE)
holder = wasm.Instance(wasm.Module(GC_SLOTS))
holder.exports.keep(None)  # the runtime's stacks exist from here on
def once():
    big = wasm.Instance(m)  # 4 MiB of linear memory
    return {call}
gc.collect()
base = gc.mem_free()
for i in range(3):
    r = once()  # in a function: the Python frame holding big is gone after it
    gc.collect()
    p(r, base - gc.mem_free())
""",
        ("gc_release", "gc_slots"),
    )
    # ref.is_null of the instance (keep_deep adds 7)
    assert [r for r, _ in out] == [{None: None, "keep": 0, "keep_deep": 7}[keep]] * 3
    held = [h for _, h in out]
    assert all(h < MIB for h in held), held
