# SPDX-License-Identifier: MIT
"""Lowering on first call (`wasm.Module(data, lazy=True)`, the default for
bytes; modwasm/engine/lazy.c): every body is validated at load, a function is
lowered when it is first called, `Module.ram` grows then and only then, and
a first call that finds no memory raises MemoryError and leaves the module
usable, `Module.unlower()` gives the lowered code back, and a module under
`code_budget=` drops and lowers code again within it; without code_budget=
a lazy module gets a budget that keeps Module.ram within its binary's size
(code_budget=None: none). `Module.lowered` is
(functions lowered, functions defined). The
cases of tests/cases/lazy_cases.py (also run on every board by
tests/hil/test_wasm_lazy_board.py), then what only the host checks: every
source and mode, the default."""

from __future__ import annotations

import subprocess

import pytest

from cases import lazy_cases
from support.host import current, run, run_io

pytestmark = pytest.mark.usefixtures("wasm_source")

SMALL_HEAP = "1m"  # the host heap for the out-of-memory case: filling it takes a moment


# the host port has Module.unlower() (MW_UNLOWER is on but on "small" boards)
CASES = [(*c, lazy_cases.PROGRAMS) for c in lazy_cases.CASES] + [
    (*lazy_cases.UNLOWER, lazy_cases.UNLOWER_PROGRAMS),
    (*lazy_cases.BUDGET, lazy_cases.BUDGET_PROGRAMS),
    (*lazy_cases.BUDGET_FIT, lazy_cases.BUDGET_FIT_PROGRAMS),
    (*lazy_cases.OWN_BLOCK, ()),
    (*lazy_cases.NESTED, ()),
    (*lazy_cases.ENTRY, ()),
    (*lazy_cases.DEFAULT, lazy_cases.DEFAULT_PROGRAMS),
    (*lazy_cases.GIVE_WAY, ()),
    (*lazy_cases.GROWS, ()),
    (*lazy_cases.ARENA_GIVES, ()),
    (*lazy_cases.LOWER_TAKES_ARENA, ()),
    (*lazy_cases.MEMORY_LAST, ()),
    (*lazy_cases.MEMORY_FITS, ()),
]


def code_scale() -> int:
    """The engine's MW_CODE_RAM_SCALE (mw_config.h): 225 where it threads its code (x86-64 GCC,
    the full profile: mw_thread_fill is in the built-in module's executable or wasm.mpy's code.o),
    else 100 (a board's compact code)."""
    source = current()
    objs = [source.micropython] if source.cwd is None else sorted(source.cwd.glob("**/engine/code.o"))
    assert objs, f"no engine object for {source}"
    syms = subprocess.run(["nm", *map(str, objs)], capture_output=True, text=True, timeout=60, check=True)
    return 225 if " T mw_thread_fill\n" in syms.stdout else 100


@pytest.mark.parametrize("name,code,expected,programs", CASES, ids=[c[0] for c in CASES])
def test_case(name: str, code: str, expected: list, programs: tuple[str, ...]) -> None:
    code = f"CODE_SCALE = {code_scale()}\n" + code  # this build's code bytes per board's (the default budget)
    # the out-of-memory case fills the heap: a small one (-X heapsize)
    assert run(code, programs, timeout=60, heap=SMALL_HEAP) == expected


def test_every_source_and_mode_runs_the_same():
    # bytes (borrowed), bytearray and a stream (the code section kept), eager
    out = run(
        """
import io
for mk in (lambda: ENGINE_LAZY, lambda: bytearray(ENGINE_LAZY), lambda: io.BytesIO(ENGINE_LAZY)):
    for lazy in (True, False):
        m = wasm.Module(mk(), lazy=lazy)
        before = m.lowered
        i = wasm.Instance(m)
        p(before, i.exports.mix(3, 4), i.exports.fact(6), m.lowered)
# the lazy copy of the code section: what a bytearray costs beyond bytes
p(wasm.Module(bytearray(ENGINE_LAZY), lazy=True).ram - wasm.Module(ENGINE_LAZY, lazy=True).ram > 0)
p(wasm.Module(bytearray(ENGINE_LAZY), lazy=False).ram == wasm.Module(ENGINE_LAZY, lazy=False).ram)
""",
        ("engine_lazy",),
    )
    assert out[:6] == [((0, 7), 21, 720, (4, 7)), ((7, 7), 21, 720, (7, 7))] * 3
    assert out[6:] == [True, True]


def test_default_is_lazy_for_bytes_only():
    # lazy=None: bytes are borrowed, so lazy costs nothing; from anything
    # else a lazy module would keep a copy of the code section
    out = run(
        """
import io
for d in (ENGINE_LAZY, bytearray(ENGINE_LAZY), memoryview(ENGINE_LAZY), io.BytesIO(ENGINE_LAZY)):
    p(wasm.Module(d).lowered, wasm.Module(d if not isinstance(d, io.BytesIO) else io.BytesIO(ENGINE_LAZY),
                                          lazy=None).lowered)
p(wasm.Module(io.BytesIO(ENGINE_LAZY), lazy=True).lowered, wasm.Module(ENGINE_LAZY, lazy=False).lowered)
""",
        ("engine_lazy",),
    )
    assert out == [((0, 7), (0, 7))] + [((7, 7), (7, 7))] * 3 + [((0, 7), (7, 7))]


def test_eager_on_request_and_default_is_lazy():
    out, vals = run_io(
        """
w = wasm.WASI()
m = wasm.Module(WASI_HELLO)
e = wasm.Module(WASI_HELLO, lazy=False)
p(m.lowered[0], e.lowered[0] == e.lowered[1], m.ram < e.ram)
p(w.start(wasm.Instance(m, wasi=w)), 0 < m.lowered[0] < m.lowered[1])
""",
        ("wasi_hello",),
    )
    assert out == ["hello, wasi", "to stderr"]
    assert vals == [(0, True, True), (0, True)]
