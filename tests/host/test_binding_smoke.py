# SPDX-License-Identifier: MIT
"""A smoke test of the binding on the host port: one MicroPython script over
tests/programs/binding_smoke.wat that checks externrefs across GC, re-entrancy
and its limit, host exceptions, fuel, views across memory.grow, the text of
LinkError and CompileError, and memory_limit; it prints OK when every check held."""

from __future__ import annotations

import pytest

from support.host import MICROPYTHON, run_io

SMOKE = """
import gc
fails = []


def check(cond, what):
    if not cond:
        fails.append(what)
        print("FAIL", what)


def raises(exc, fn, *args, **kw):
    try:
        fn(*args, **kw)
    except exc as e:
        # a wasm.Trap's kind (its message goes on with where: test_trap_where.py)
        return getattr(e, "kind", None) or str(e)
    return None


m = wasm.Module(BINDING_SMOKE)
check(m.imports == [("env", "cb", "func", "(i32) -> (i32)")], "imports")
check(("t", "table", "externref 4..") in m.exports, "exports table type")
check(("mem", "memory", "1.. pages") in m.exports, "exports memory type")


def cb(n):
    if n == 0:
        return 0
    return inst.exports.reenter(n - 1) + 1


inst = wasm.Instance(m, {"env": {"cb": cb}})
e = inst.exports

# externrefs survive garbage collection while wasm holds them
for i in range(4):
    e.put(i, [i] * 50)
e.setg({"k": "v"})
for _ in range(3):
    junk = [bytearray(500) for _ in range(500)]
    gc.collect()
check([e.get(i)[:2] for i in range(4)] == [[0, 0], [1, 1], [2, 2], [3, 3]], "externref table")
check(e.g.value == {"k": "v"}, "externref global")
check(e.t[1] == [1] * 50 and len(e.t) == 4, "Table get")

# wasm -> Python -> wasm, bounded
check(e.reenter(5) == 5, "re-entrancy")
check(raises(wasm.Trap, e.reenter, 1000) == "call stack exhausted", "nesting limit")
check(e.reenter(2) == 2, "usable after trap")


# an exception in a host function propagates unchanged
def boom(n):
    raise OSError(n)


inst2 = wasm.Instance(m, {"env": {"cb": boom}})
check(raises(OSError, inst2.exports.reenter, 7) == "7", "host exception")

# fuel, per call and per instance
check(raises(wasm.Trap, e.spin, fuel=1000) == "out of fuel", "call fuel")
inst3 = wasm.Instance(m, {"env": {"cb": cb}}, fuel=500)
check(raises(wasm.Trap, inst3.exports.spin) == "out of fuel", "instance fuel")
check(inst3.fuel == 0, "fuel left")

# memory views never dangle across grow
mem = e.mem
v = memoryview(mem)
v[10] = 99
check(e.grow(1) == 1 and len(mem) == 131072 and mem.pages == 2, "grow")
check(v[10] == 99 and memoryview(mem)[10] == 99, "view after grow")
check(mem.grow(100000) == -1, "grow beyond max")

# link errors name module, field and type
msg = raises(wasm.LinkError, wasm.Instance, m, {"env": {}})
check(msg is not None and "env.cb" in msg and "(i32) -> (i32)" in msg, "LinkError text")
check(raises(wasm.LinkError, wasm.Instance, m, {"env": {"cb": wasm.Memory(1)}}) is not None, "LinkError kind")

# compile errors name the problem and the offset
msg = raises(wasm.CompileError, wasm.Module, BINDING_SMOKE[:9])
check(msg is not None and "offset 0x" in msg, "CompileError text")
check(isinstance(wasm.CompileError("x"), ValueError), "CompileError is ValueError")
check(isinstance(wasm.Trap("x"), RuntimeError), "Trap is RuntimeError")

# a small memory: memory_limit
inst4 = wasm.Instance(m, {"env": {"cb": cb}}, memory_limit=1000)
check(len(inst4.exports.mem) == 1000 and inst4.exports.mem.pages == 1, "memory_limit")
check(inst4.ram < 1024, "instance RAM")

print("OK" if not fails else "FAILED %d" % len(fails))
if fails:
    raise SystemExit(1)
"""


@pytest.mark.skipif(not MICROPYTHON.exists(), reason=f"{MICROPYTHON} not built (make host)")
def test_binding_smoke():
    lines, _ = run_io(SMOKE, ("binding_smoke",), timeout=120)
    assert lines[-1:] == ["OK"], "\n".join(lines)
