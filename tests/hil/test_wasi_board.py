# SPDX-License-Identifier: MIT
"""WASI programs on the board (tests/programs/wasi_*.c, clang + wasi-libc): the
cases of tests/cases/wasi_cases.py, the same bodies as on the host (hello
world, printf of floats, exit codes, arguments, bounds-checked pointers,
clocks), and the REPL going on after each; then stdin typed over the UART.

Small-board budget: netduinoplus2 has ~90 KiB of heap free. A WASI program
declares one 64 KiB page (the least clang allows), so every instance gets
memory_limit=12288 (wasi_cases.MEMORY_LIMIT): the programs' 8 KiB stack, data
and bss fit in 12 KiB as long as they do not malloc (wasi-libc's malloc grows
memory by a page). A case that needs more heap than the board has free (printf,
main's argv) checks the clean MemoryError instead, or where the module loads all
the same, the trap at the memory limit. The binaries (up to ~18 KiB)
are sent in 1 KiB pieces into a preallocated bytearray, because a single bytes
literal of that size does not compile in that heap.
Wiring needed on a real board: only the REPL UART.
(Not named test_wasi.py: tests/host has that basename, and `make test` runs
both folders in one pytest session.)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from cases.wasi_cases import CASES, MEMORY_LIMIT, PRELUDE, WASI_EXIT_HEAP, WasiCase
from conftest import memory_error_below_case_heap
from raw_repl import DeviceError, send_bytes
from support.build import build

if TYPE_CHECKING:
    from conftest import Repl

pytestmark = pytest.mark.skipif(
    not Path("/usr/lib/wasm32-wasi/libc.a").exists(),
    reason="wasi-libc not installed (make deps)",
)

CHUNK = 1024  # binary bytes per raw-REPL exec: ~4 KiB of source at most
# Every global these tests create on the board is dropped before each load and
# after each test, so later tests (and test files) get the heap back.
FREE = (
    "for _k in [k for k in globals() if not k.startswith('__')]:\n"
    "    del globals()[_k]\n"
    "import gc, wasm\n"
    "gc.collect()\n"
)


@pytest.fixture(autouse=True)
def free_after(repl: Repl):
    # Each test starts on a soft-reset board: the engine's value stack (kept
    # after the first call) and what earlier tests left cannot fragment the
    # heap, so whether a program fits depends on the board, not on test order
    # (lm3s6965evb has ~48 KiB of heap).
    repl.soft_reset()
    yield
    repl.exec(FREE)


def load(repl: Repl, name: str) -> Repl:
    """Module tests/programs/NAME as M on the board (the previous M and instances freed)."""
    data = build(name)
    repl.exec(FREE + f"_b = bytearray({len(data)})\n_v = memoryview(_b)")
    send_bytes(repl, data, CHUNK)
    repl.exec("M = wasm.Module(_b)\ndel _v, _b\ngc.collect()")
    return repl


def run_program(repl: Repl, args: list[str] | None = None) -> str:
    """Run M as a command; its output, then 'returned N' or 'Exit N'."""
    return repl.exec(
        "i = None  # the last instance and its memory, before the next\n"
        "gc.collect()\n"
        f"w = wasm.WASI(args={args or []!r})\n"
        f"i = wasm.Instance(M, wasi=w, memory_limit={MEMORY_LIMIT})\n"
        "try:\n"
        "    print('returned', w.start(i))\n"
        "except wasm.Exit as x:\n"
        "    print('Exit', x.code)\n",
        timeout=30,
    )


def heap_free(repl: Repl) -> int:
    """Bytes of heap free once the last test's module and instances are gone."""
    return int(repl.exec(FREE + "print(gc.mem_free())"))


def assert_does_not_fit_and_repl_lives(repl: Repl, name: str) -> None:
    """Program `name` needs more heap than the board has free: loading it, or running it in the
    board's MEMORY_LIMIT, raises MemoryError; or, where the heap holds the module (mps2_an511:
    104 KiB free, the small profile's lowering), the run traps at that limit as memory_limit
    says (docs/wasm.md): main's malloc of argv grows memory past it. The REPL goes on."""
    with pytest.raises(DeviceError) as info:
        load(repl, name)
        run_program(repl, ["prog", "x"])
    got = (info.value.exc_type, info.value.message)
    at_limit = got[0] == "Trap" and got[1].startswith("out of bounds memory access in function")
    assert got[0] == "MemoryError" or at_limit, got
    assert repl.exec(FREE + "print('alive', gc.mem_free() > 0)") == "alive True\n"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(repl: Repl, case: WasiCase) -> None:
    if case.heap and heap_free(repl) < case.heap:
        assert_does_not_fit_and_repl_lives(repl, case.program)
        return
    out = None
    # below conftest.CASE_HEAP (wasm.mpy on netduinoplus2) even a case that
    # fits every board with the built-in module may not: a clean MemoryError
    with memory_error_below_case_heap(repl):
        load(repl, case.program)
        out = repl.exec(PRELUDE + case.code, timeout=60)
    if out is not None:
        assert out.splitlines() == case.expected


def test_stdin_line_by_line(repl: Repl):
    # fd_read of fd 0 takes the UART's input: sent while the program runs,
    # Enter as CR (read as "\n"), Ctrl-D as end of file.
    if heap_free(repl) < WASI_EXIT_HEAP:
        assert_does_not_fit_and_repl_lives(repl, "wasi_exit")
        return
    load(repl, "wasi_exit")
    repl.raw.exec_start(
        "i = None\n"
        "gc.collect()\n"
        "w = wasm.WASI(args=['p', 'cat'])\n"
        f"i = wasm.Instance(M, wasi=w, memory_limit={MEMORY_LIMIT})\n"
        "print('returned', w.start(i))\n"
    )
    # type only once the program runs (a failure before would take it as code)
    repl.raw.read_until(b"argv[1]=cat\r\n", 10, "the program's start")
    repl.raw.write(b"one\rtwo words\r\x04")
    out, err = repl.raw.follow(10)
    assert err == ""
    assert out.replace("\r\n", "\n").splitlines() == ["> one", "> two words", "EOF", "returned 0"]
