# SPDX-License-Identifier: MIT
"""WASI programs on the board (tests/programs/wasi_*.c, clang + wasi-libc): hello
world, printf of floats, exit codes, arguments, bounds-checked pointers, and
the REPL going on after each.

Small-board budget: netduinoplus2 has ~77 KiB of heap free. A WASI program
declares one 64 KiB page (the least clang allows), so every instance here gets
memory_limit=12288: the programs' 8 KiB stack, data and bss fit in 12 KiB as
long as they do not malloc (wasi-libc's malloc grows memory by a page). A
program using printf does not fit that heap at all: there test_printf_floats
checks the clean MemoryError instead; the others avoid printf. The binaries
(up to ~18 KiB) are sent in 1 KiB pieces into a preallocated bytearray,
because a single bytes literal of that size does not compile in that heap.
Wiring needed on a real board: only the REPL UART.
(Not named test_wasi.py: tests/host has that basename, and `make test` runs
both folders in one pytest session.)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from support.build import build
from raw_repl import DeviceError

if TYPE_CHECKING:
    from conftest import Repl

pytestmark = pytest.mark.skipif(
    not Path("/usr/lib/wasm32-wasi/libc.a").exists(),
    reason="wasi-libc not installed (make deps)",
)

CHUNK = 1024  # binary bytes per raw-REPL exec: ~4 KiB of source at most
# Bytes of linear memory actually allocated per instance: the 8 KiB stack
# first, then data and bss, end below 11.7 KiB in every program used here
# (wasm-ld --print-map); every KiB counts on netduinoplus2.
MEMORY_LIMIT = 12288
EFAULT = 21
# Every global these tests create on the board; dropped before each load and
# after each test, so later tests (and test files) get the heap back.
FREE = (
    "import gc, wasm\n"
    "for n in ('M', 'i', 'w', 'e', 'm', 'x', 't', 'a', 'now', 't0', 't1', '_b', '_v'):\n"
    "    globals().pop(n, None)\n"
    "gc.collect()\n"
)


@pytest.fixture(autouse=True)
def free_after(repl: Repl):
    yield
    repl.exec(FREE)


def load(repl: Repl, name: str) -> Repl:
    """Module tests/programs/NAME as M on the board (the previous M and instances freed)."""
    data = build(name)
    repl.exec(FREE + f"_b = bytearray({len(data)})\n_v = memoryview(_b)")
    for k in range(0, len(data), CHUNK):
        repl.exec(f"_v[{k}:{k + len(data[k : k + CHUNK])}] = {data[k : k + CHUNK]!r}")
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


def test_hello_world(repl: Repl):
    load(repl, "wasi_hello")
    # stdout and stderr both reach the serial REPL
    assert run_program(repl) == "hello, wasi\nto stderr\nreturned 0\n"
    assert repl.exec("print(1 + 1)") == "2\n"


def heap_free(repl: Repl) -> int:
    """Bytes of heap free once the last test's module and instances are gone."""
    return int(repl.exec(FREE + "print(gc.mem_free())"))


def assert_memory_error_and_repl_lives(repl: Repl, name: str) -> None:
    """Loading and running program `name` does not fit: MemoryError, and the REPL goes on."""
    with pytest.raises(DeviceError) as info:
        load(repl, name)
        run_program(repl, ["prog", "x"])
    assert info.value.exc_type == "MemoryError"
    assert repl.exec(FREE + "print('alive', gc.mem_free() > 0)") == "alive True\n"


def test_printf_floats(repl: Repl):
    # printf brings ~14 KiB of wasi-libc formatting code: the 18 KiB binary
    # lowers to ~57 KiB of module, plus ~13 KiB per instance (12 KiB memory):
    # more than netduinoplus2's 92 KiB heap holds beside the binary itself.
    # On such a board the honest outcome is a clean MemoryError, REPL alive.
    if heap_free(repl) < 128 * 1024:
        assert_memory_error_and_repl_lives(repl, "wasi_floats")
        return
    load(repl, "wasi_floats")
    assert run_program(repl).splitlines() == [
        f"{3.14159:.3f} {0.1 + 0.2:g} {-12345.678:e} {1 / 3:.10g}",
        f"{0.0:f} inf {-0.0:g} {2.675:.2f}",
        "returned 0",
    ]


def test_args_and_exit_codes(repl: Repl):
    load(repl, "wasi_exit")
    assert run_program(repl, ["prog", "a b", "ünï"]).splitlines() == [
        "argc=3",
        "argv[0]=prog",
        "argv[1]=a b",
        "argv[2]=ünï",
        "returned 0",
    ]
    assert run_program(repl, ["p", "exit", "3"]).splitlines()[-1] == "Exit 3"
    assert run_program(repl, ["p", "return", "7"]).splitlines()[-1] == "Exit 7"
    assert run_program(repl, ["p", "exit", "0"]).splitlines()[-1] == "returned 0"
    assert run_program(repl).splitlines() == ["argc=0", "returned 0"]
    # the REPL goes on, and so does a new instance of the same module
    assert repl.exec("print(isinstance(wasm.Exit(1), Exception))") == "True\n"
    assert run_program(repl, ["p", "exit", "255"]).splitlines()[-1] == "Exit 255"
    # the stack is first in memory: overflowing it traps, the REPL goes on
    out = repl.exec(
        "i = None\n"
        "gc.collect()\n"
        "w = wasm.WASI(args=['p', 'overflow'])\n"
        f"i = wasm.Instance(M, wasi=w, memory_limit={MEMORY_LIMIT})\n"
        "try:\n"
        "    w.start(i)\n"
        "except wasm.Trap as t:\n"
        "    print('Trap', t)\n"
    )
    assert out.splitlines()[-1] == "Trap out of bounds memory access"


def test_stdin_line_by_line(repl: Repl):
    # fd_read of fd 0 takes the UART's input: sent while the program runs,
    # Enter as CR (read as "\n"), Ctrl-D as end of file.
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


def test_bad_pointers_are_efault_at_the_memory_limit(repl: Repl):
    load(repl, "wasi_fault")
    out = repl.exec(
        "e = wasm.Instance(M, wasi=wasm.WASI(), memory_limit=4096).exports\n"
        # nwritten at the last word of the 4 KiB allocated, then one byte over
        "print(e.fd_write(1, 0, 1, 4092), e.fd_write(1, 0, 1, 4093))\n"
        "print(e.fd_write(1, 0, 0x20000001, 8), e.fd_write(1, 2**32 - 8, 1, 8))\n"
        "print(e.random_get(4096 - 16, 16), e.random_get(4096 - 16, 17))\n"
    )
    assert out.splitlines() == [
        "ok",
        f"0 {EFAULT}",
        f"{EFAULT} {EFAULT}",
        f"0 {EFAULT}",
    ]


def test_clock_sleep_and_random(repl: Repl):
    load(repl, "wasi_fault")
    out = repl.exec(
        "e = wasm.Instance(M, wasi=wasm.WASI(), memory_limit=4096).exports\n"
        "m = memoryview(e.memory)\n"
        "def now():\n"
        "    e.clock_time_get(1, 0, 200)\n"
        "    return int.from_bytes(bytes(m[200:208]), 'little')\n"
        "t0 = now()\n"
        "import time\n"
        "time.sleep_ms(20)\n"
        "t1 = now()\n"
        "print(10000000 <= t1 - t0 < 1000000000)\n"
        "e.random_get(100, 16)\n"
        "a = bytes(m[100:116])\n"
        "e.random_get(100, 16)\n"
        "print(a != bytes(m[100:116]), e.clock_res_get(0, 300), bytes(m[300:308]))\n"
        # poll_oneoff: one relative monotonic clock subscription of 30 ms (how sleep() waits)
        "m[1000:1048] = bytes(48)\n"
        "m[1016] = 1\n"
        "m[1024:1032] = (30000000).to_bytes(8, 'little')\n"
        "t0 = now()\n"
        "print(e.poll_oneoff(1000, 2000, 1, 3000), m[3000], 30000000 <= now() - t0 < 1000000000)\n"
    )
    assert out.splitlines() == [
        "True",
        "True 0 b'\\xe8\\x03\\x00\\x00\\x00\\x00\\x00\\x00'",
        "0 1 True",
    ]


def test_main_with_argv_where_the_heap_allows(repl: Repl):
    # main(argc, argv): wasi-libc mallocs argv, growing memory to 128 KiB.
    # On a board whose heap cannot hold that: a clean MemoryError, REPL alive.
    if heap_free(repl) < 256 * 1024:
        assert_memory_error_and_repl_lives(repl, "wasi_args")
        return
    load(repl, "wasi_args")
    out = repl.exec(
        "w = wasm.WASI(args=['prog', 'x'], env={'HOME': '/'})\n"
        "try:\n"
        "    w.start(wasm.Instance(M, wasi=w))\n"
        "except wasm.Exit as x:\n"
        "    print('Exit', x.code)\n",
        timeout=30,
    )
    assert out.splitlines() == [
        "argc=2",
        "argv[0]=prog",
        "argv[1]=x",
        "env HOME=/",
        "HOME=/",
        "Exit 2",
    ]
