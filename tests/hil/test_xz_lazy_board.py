# SPDX-License-Identifier: MIT
"""xz (liblzma from Debian's xz-utils, bench/programs.py) loaded lazily on the
board: `wasm.Module(bytes)` lowers each function on its first call, into a
block of its own allocated between the linear memory's growths. Its preset-3
encoder grows the memory to ~1.8 MB; before memory.grow gave lowered code back
(lazy.c mw_lazy_reclaim) the grow failed with 2 MB of heap free and liblzma
exited 1 with LZMA_MEM_ERROR. Where NEEDS_HEAP is free the output must be the
native build's, byte for byte, and some functions must have been lowered
again (dropped by a grow). A board with less must fail cleanly with the REPL
alive: MemoryError, or the program's own out-of-memory exit (wasm.Exit 1).
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

PROGRAM = P.BY_NAME["xz"]
# the binary while loading (140 KB), Module.ram after the run (~210 KB) and
# 1.5-2.0 MB of linear memory (old and new block at once when it moves)
NEEDS_HEAP = 3 * 1024 * 1024
CHUNK = 4096

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
print(getattr(M, 'lowerings', -1), M.lowered[0])
"""


@pytest.fixture(scope="module")
def binary() -> bytes:
    return P.build_all([PROGRAM])[PROGRAM.name, "wasm"].read_bytes()


@pytest.fixture(scope="module")
def native_output() -> bytes:
    P.build_all([PROGRAM])
    return P.run_native(PROGRAM, "test")


def load_and_run(repl: Repl, data: bytes) -> list[str]:
    repl.exec(FREE + f"_b = bytearray({len(data)})\n_v = memoryview(_b)")
    for k in range(0, len(data), CHUNK):
        repl.exec(f"_v[{k}:{k + len(data[k : k + CHUNK])}] = {data[k : k + CHUNK]!r}")
    # bytes: borrowed, lowered lazily (the default for bytes)
    repl.exec("M = wasm.Module(bytes(_b))\ndel _v, _b\ngc.collect()", timeout=60)
    out = repl.exec(RUN.format(argv=PROGRAM.argv("test")), timeout=300)
    return out.replace("\r\n", "\n").splitlines()


def test_xz_lazy_output_is_the_native_bytes(repl: Repl, binary: bytes, native_output: bytes) -> None:
    repl.soft_reset()
    free = int(repl.exec(FREE + "print(gc.mem_free())"))
    try:
        if free < NEEDS_HEAP:
            try:
                lines = load_and_run(repl, binary)
            except DeviceError as e:
                assert e.exc_type == "MemoryError", e
            else:
                if lines[0] != "returned 0":
                    assert lines[0] == "Exit 1" and b"LZMA_MEM_ERROR" in ast.literal_eval(lines[1]), lines
                else:
                    assert ast.literal_eval(lines[1]) == native_output
            assert repl.exec(FREE + "print('alive', gc.mem_free() > 0)") == "alive True\n"
            return
        lines = load_and_run(repl, binary)
        assert lines[0] == "returned 0", lines
        assert ast.literal_eval(lines[1]) == native_output
        lowerings, lowered = (int(x) for x in lines[2].split())
        # functions dropped by a grow and lowered again
        assert lowerings > lowered, lines
    finally:
        repl.exec(FREE)
