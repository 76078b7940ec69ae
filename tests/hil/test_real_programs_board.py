# SPDX-License-Identifier: MIT
"""A real program from a Debian source package on the board: KISS FFT (float
FFTs, kissfft 131.1.0, unchanged) with our driver, built for wasm32-wasi by
bench/programs.py (the smallest of docs/programs.md's nine: 41 KB of wasm,
~125 KB of Module.ram, 256 KiB of linear memory). It runs with
wasm.WASI(stdout=sink) and its output must be the native gcc build's, byte for
byte, on every board with NEEDS_HEAP free (the mps2 boards). A board with less
must fail cleanly, with the REPL alive: a MemoryError (netduinoplus2 and
lm3s6965evb cannot even hold the module), or, where the module loads but the
heap cannot give the program its linear memory in one piece (mps3_an547's
463 KiB, depending on fragmentation), memory.grow fails, the program's malloc
returns NULL and it says "out of memory" and exits 1 (wasm.Exit). The other programs' board figures come
from bench/programs_board.py (a benchmark, not run here).
Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import programs as P
from raw_repl import DeviceError

if TYPE_CHECKING:
    from conftest import Repl


pytestmark = pytest.mark.skipif(
    not Path("/usr/lib/wasm32-wasi/libc.a").exists(),
    reason="wasi-libc not installed (make deps)",
)

PROGRAM = P.BY_NAME["kissfft"]
# module (~125 KB), 256 KiB of linear memory grown a page at a time (each grow
# a new block: old and new at once), the binary while loading, the engine's
# stacks: mps3_an547's 463 KiB runs it only sometimes; 1 MiB always does
NEEDS_HEAP = 1024 * 1024
CHUNK = 1024  # binary bytes per raw-REPL exec on a small board
BIG_CHUNK = 4096  # where NEEDS_HEAP is free: fewer round trips

FREE = (
    "for _k in [k for k in globals() if not k.startswith('__')]:\n"
    "    del globals()[_k]\n"
    "import gc, wasm\n"
    "gc.collect()\n"
)

RUN = """
class Sink:
    def __init__(self):
        self.parts = []
    def write(self, b):
        self.parts.append(b)
_s = Sink()
_w = wasm.WASI(args={argv!r}, stdout=_s)
try:
    print('returned', _w.start(wasm.Instance(M, wasi=_w)))
except wasm.Exit as e:
    print('Exit', e.code)
print(repr(b''.join(_s.parts)))
"""


@pytest.fixture(scope="module")
def binary() -> bytes:
    return P.build_all([PROGRAM])[PROGRAM.name, "wasm"].read_bytes()


@pytest.fixture(scope="module")
def native_output() -> bytes:
    P.build_all([PROGRAM])
    return P.run_native(PROGRAM, "test")


def load_and_run(repl: Repl, data: bytes, chunk: int) -> str:
    repl.exec(FREE + f"_b = bytearray({len(data)})\n_v = memoryview(_b)")
    for k in range(0, len(data), chunk):
        repl.exec(f"_v[{k}:{k + len(data[k : k + chunk])}] = {data[k : k + chunk]!r}")
    repl.exec("M = wasm.Module(_b)\ndel _v, _b\ngc.collect()", timeout=60)
    return repl.exec(RUN.format(argv=PROGRAM.argv("test")), timeout=300)


def test_kissfft_output_is_the_native_bytes(repl: Repl, binary: bytes, native_output: bytes) -> None:
    repl.soft_reset()
    free = int(repl.exec(FREE + "print(gc.mem_free())"))
    try:
        if free < NEEDS_HEAP:
            try:
                lines = load_and_run(repl, binary, CHUNK).replace("\r\n", "\n").splitlines()
            except DeviceError as e:
                assert e.exc_type == "MemoryError", e
            else:
                if lines[0] != "returned 0":  # it may also just fit
                    assert lines[0] == "Exit 1" and ast.literal_eval(lines[1]).endswith(b"out of memory\n"), lines
                else:
                    assert ast.literal_eval(lines[1]) == native_output
            assert repl.exec(FREE + "print('alive', gc.mem_free() > 0)") == "alive True\n"
            return
        lines = load_and_run(repl, binary, BIG_CHUNK).replace("\r\n", "\n").splitlines()
        assert lines[0] == "returned 0"
        assert ast.literal_eval(lines[1]) == native_output
    finally:
        repl.exec(FREE)
