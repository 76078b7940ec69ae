# SPDX-License-Identifier: MIT
"""A REPL session with the `wasm` module on the board: load a module, call
exports, pass a Python callback, hit a trap, interrupt a long call with
Ctrl-C, run out of fuel, and go on after each.

The programs come from tests/programs/ (built on the host at test time) and go to
the board as bytes literals: boards have no filesystem.
Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pytest

from conftest import CASE_HEAP, exec_or_memory_error, heap_after_import
from support.build import build
from support.host import FORGET_GLOBALS

if TYPE_CHECKING:
    from conftest import Repl


@pytest.fixture
def loaded(repl: Repl) -> Repl | None:
    """The board with arith, traps and callbacks loaded as modules A, T, C.

    traps declares a 64 KiB memory; instances get memory_limit=4096 so they
    fit the smallest board's heap (netduinoplus2 has ~77 KiB free). Where
    `import wasm` leaves less than conftest.CASE_HEAP (wasm.mpy on
    netduinoplus2), the stacks are made as small as docs/natmod.md says such a
    board needs (wasm.stack_size(128, 32)); the three modules then load, or the
    loading ends in a clean MemoryError (None: the test has nothing more to run)."""
    small = heap_after_import(repl) < CASE_HEAP
    out = exec_or_memory_error(
        repl,
        # everything the file's earlier tests left, so the small heap is free
        # and unfragmented (lm3s6965evb: traps once found no block big enough)
        FORGET_GLOBALS
        + "import gc, wasm\n"
        + ("wasm.stack_size(128, 32)\n" if small else "")
        + f"A = wasm.Module({build('arith')!r})\n"
        f"T = wasm.Module({build('traps')!r})\n"
        f"C = wasm.Module({build('callbacks')!r})\n",
    )
    return None if out is None else repl


def run(loaded: Repl | None, code: str) -> list[str] | None:
    """`code`'s output lines, or None where it (or the fixture's loading) ended in
    a clean MemoryError below conftest.CASE_HEAP."""
    out = None if loaded is None else exec_or_memory_error(loaded, code)
    return None if out is None else out.splitlines()


def test_load_and_call_exports(loaded: Repl | None):
    out = run(
        loaded,
        "a = wasm.Instance(A).exports\n"
        "print(a.add_i32(2, 3), a.add_i32(0x7fffffff, 1), a.add_i64(2**63 - 1, 1))\n"
        "print(a.fac(20), a.mul_f64(1.5, 4.0), a.swap(7, -8), a.nothing())\n"
        "print(sorted(n for n, kind, t in A.exports if kind == 'func')[:3])",
    )
    if out is not None:
        assert out == [
            f"5 {-(2**31)} {-(2**63)}",
            "2432902008176640000 6.0 (-8, 7) None",
            "['add_i32', 'add_i64', 'div_f32']",
        ]


def test_python_callback_and_its_exception(loaded: Repl | None):
    out = run(
        loaded,
        "calls = []\n"
        "def add(x, y):\n"
        "    calls.append((x, y))\n"
        "    return x * 10 + y\n"
        "def boom():\n"
        "    raise ValueError('from python')\n"
        "env = {'add': add, 'mix': lambda a, b, c: a + b + c, 'pair': lambda: (1, 2), 'boom': boom}\n"
        "c = wasm.Instance(C, {'env': env}).exports\n"
        "print(c.call_add(4, 2), calls, c.call_pair())\n"
        "try:\n"
        "    c.call_boom()\n"
        "except ValueError as e:\n"
        "    print('ValueError', e)\n"
        "print(c.call_add(1, 1))",
    )
    if out is not None:
        assert out == ["42 [(4, 2)] (1, 2)", "ValueError from python", "11"]


def test_trap_then_instance_still_usable(loaded: Repl | None):
    out = run(
        loaded,
        "t = wasm.Instance(T, memory_limit=4096).exports\n"
        "for f, args in ((t.div_s, (1, 0)), (t.unreachable, ()), (t.load, (0x7fffffff,))):\n"
        "    try:\n"
        "        f(*args)\n"
        "    except wasm.Trap as e:\n"
        "        print(isinstance(e, RuntimeError), e.kind, str(e).startswith(e.kind + ' in function %d' % e.func))\n"
        "print(t.ok(), t.div_s(7, 2))",
    )
    if out is not None:
        assert out == [
            "True integer divide by zero True",
            "True unreachable True",
            "True out of bounds memory access True",
            "42 3",
        ]


def test_deep_recursion_is_a_trap_not_a_crash(loaded: Repl | None):
    out = run(
        loaded,
        "t = wasm.Instance(T, memory_limit=4096).exports\n"
        "try:\n"
        "    t.recurse(0)\n"
        "except wasm.Trap as e:\n"
        "    print(e.kind, e.trace[0][0] == e.trace[-1][0] == e.func, e.depth > len(e.trace))\n"
        "print(t.ok())",
    )
    if out is not None:
        assert out == ["call stack exhausted True True", "42"]


def spin_interrupted(loaded: Repl) -> bool:
    """Start t.spin(), Ctrl-C it a second later and check the KeyboardInterrupt;
    False where, below conftest.CASE_HEAP, not even the line compiled beside the
    instance (a clean MemoryError)."""
    raw = loaded.raw
    raw.exec_start("print('spinning')\nt.spin()")
    time.sleep(1.0)
    raw.interrupt()
    out, err = raw.follow(timeout=10)
    if "spinning" not in out and "MemoryError" in err and heap_after_import(loaded) < CASE_HEAP:
        return False
    assert "spinning" in out and "KeyboardInterrupt" in err, (out, err)
    return True


def test_ctrl_c_interrupts_a_long_wasm_call(loaded: Repl | None):
    if loaded is None or run(loaded, "t = wasm.Instance(T, memory_limit=4096).exports\nprint(t.ok())") is None:
        return  # below conftest.CASE_HEAP: the clean MemoryError, checked there
    if not spin_interrupted(loaded):
        return
    # Below CASE_HEAP (netduinoplus2 with wasm.mpy: ~1.2 KiB free beside the
    # instance and its stacks) any line may end in the parser's MemoryError (no
    # 136 B block for its first chunk), before the interrupt as after it: what
    # the interrupt keeps is MicroPython's KeyboardInterrupt traceback (held
    # until the next Ctrl-C) and spin's lowered code, nothing per call
    # (test_ctrl_c_leaves_the_heap_as_it_found_it; docs/benchmarks.md, "Ctrl-C
    # at a nearly full heap (session 24)").
    out = run(loaded, "print(t.ok())")
    if out is not None:
        assert out == ["42"]


def test_ctrl_c_leaves_the_heap_as_it_found_it(loaded: Repl | None):
    """An interrupted call keeps nothing of its own: the first leaves spin's
    lowered code (lazy lowering) and MicroPython's KeyboardInterrupt traceback
    (a root until the next Ctrl-C replaces it); every later one ends at the same
    gc.mem_free(). A root the interrupt path kept (the binding's host exception,
    the engine's call state, the stacks made again) would lower it each time."""
    if loaded is None or run(loaded, "t = wasm.Instance(T, memory_limit=4096).exports\nprint(t.ok())") is None:
        return  # below conftest.CASE_HEAP: the clean MemoryError, checked there
    free = []
    for _ in range(4):
        if not spin_interrupted(loaded):
            return
        out = run(loaded, "gc.collect()\nprint(gc.mem_free())")
        if out is None:
            return  # below CASE_HEAP: the parser's clean MemoryError (above)
        free.append(int(out[0]))
    assert free == [free[0]] * 4, f"gc.mem_free() after each interrupted call: {free}"


def test_out_of_fuel(loaded: Repl | None):
    out = run(
        loaded,
        "t = wasm.Instance(T, fuel=1000, memory_limit=4096).exports\n"
        "try:\n"
        "    t.spin()\n"
        "except wasm.Trap as e:\n"
        "    print(e.kind, e.depth)\n"
        "print(wasm.Instance(T, fuel=10**6, memory_limit=4096).exports.count(1000))",
    )
    if out is not None:
        assert out == ["out of fuel 1", "1000"]
