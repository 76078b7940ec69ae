# SPDX-License-Identifier: MIT
"""Lowering on first call (`wasm.Module(data, lazy=True)`, the default for
bytes; modwasm/engine/lazy.c): every body is validated at load, a function is
lowered when it is first called, `Module.ram` grows then and only then, and
a first call that finds no memory raises MemoryError and leaves the module
usable. `Module.lowered` is (functions lowered, functions defined)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest

from support import host
from support.host import run, run_io

pytestmark = pytest.mark.usefixtures("wasm_source")

# (type (func (result i32))), two functions, "f" exports the first; the
# second, which nothing calls, has the body `i64.const 0`: a type mismatch.
BAD = bytes.fromhex("0061736d01000000" "010501600001" "7f" "0303020000" "07050101660000" "0a0b02040041070b040042000b")


def test_ram_grows_on_first_calls_only():
    # engine_lazy.wat: 7 functions; mix calls $add directly and $mul through the table
    out = run(
        """
m = wasm.Module(ENGINE_LAZY)
e = wasm.Module(ENGINE_LAZY, lazy=False)
p(m.lowered, e.lowered, m.ram < e.ram)
r0 = m.ram
i = wasm.Instance(m)
p(m.lowered, m.ram == r0)
p(i.exports.mix(3, 4), m.lowered, m.ram > r0)
r1 = m.ram
p(i.exports.mix(5, 6), m.lowered, m.ram == r1)
p(i.exports.apply(7, 2, 1), m.lowered)               # $sub, reached only by the table
p(exc(i.exports.apply, 1, 2, 5), m.lowered)
p(i.exports.fact(10), m.lowered)
j = wasm.Instance(m)                                 # a second instance shares the code
r2 = m.ram
p(j.exports.fact(5), j.exports.mix(1, 1), m.lowered, m.ram == r2)
ie = wasm.Instance(e)
p(ie.exports.mix(3, 4), ie.exports.apply(7, 2, 1), ie.exports.fact(10), e.lowered)
""",
        ("engine_lazy",),
    )
    assert out == [
        ((0, 7), (7, 7), True),
        ((0, 7), True),
        (21, (3, 7), True),
        (55, (3, 7), True),
        (5, (5, 7)),
        (("Trap", "undefined element"), (5, 7)),
        (3628800, (6, 7)),  # all but the one nothing calls
        (120, 2, (6, 7), True),
        (21, 5, 3628800, (7, 7)),
    ]


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


def test_invalid_body_never_called_fails_at_load():
    out = run(
        f"""
import io
bad = {BAD!r}
good = bad[:-3] + b'\\x41' + bad[-2:]
for mk in (bytes, bytearray, io.BytesIO):
    for lazy in (True, False):
        p(exc(wasm.Module, mk(bad), lazy=lazy))
        p(wasm.Instance(wasm.Module(mk(good), lazy=lazy)).exports.f())
"""
    )
    assert out == [("CompileError", "type mismatch at offset 0x28"), 7] * 6


def big_module(n: int) -> bytes:
    """(func (export "outer") (param i32) (result i32) (call $big (local.get 0)))
    and $big, which adds 1..n to its argument one i32.add at a time: about
    16 bytes of lowered code per addition."""

    def leb(v: int) -> bytes:
        out = bytearray()
        while True:
            b, v = v & 0x7F, v >> 7
            if (v == 0 and not b & 0x40) or (v == -1 and b & 0x40):
                return bytes(out + bytes([b]))
            out.append(b | 0x80)

    def sec(i: int, body: bytes) -> bytes:
        return bytes([i]) + leb(len(body)) + body

    def body(code: bytes) -> bytes:
        return leb(len(code) + 1) + b"\x00" + code

    big = b"\x20\x00" + b"".join(b"\x41" + leb(k) + b"\x6a" for k in range(1, n + 1)) + b"\x0b"
    outer = b"\x20\x00\x10\x01\x0b"
    return (
        b"\x00asm\x01\x00\x00\x00"
        + sec(1, b"\x01\x60\x01\x7f\x01\x7f")
        + sec(3, b"\x02\x00\x00")
        + sec(7, b"\x01\x05outer\x00\x00")
        + sec(10, b"\x02" + body(outer) + body(big))
    )


def test_memory_error_on_first_call_leaves_the_module_usable():
    # A 1 MiB heap filled with Python objects but for two 4 KiB blocks: a
    # first call of outer lowers it (about 1.5 KB of work buffers and a 4 KiB
    # code chunk on a 64-bit host), then finds no room for $big's 8 KB of
    # code and raises MemoryError; once memory is free again the same call
    # lowers $big and runs. (The runtime's stacks come from an earlier call.)
    code = host.script(
        f"""
import gc
BIG = {big_module(500)!r}
warm = wasm.Instance(wasm.Module(ENGINE_LAZY))
warm.exports.fact(3)
m = wasm.Module(BIG)
outer = wasm.Instance(m).exports.outer
r0 = m.ram
gc.collect()
keep = []
n = 4096
while n >= 16:
    try:
        keep.append(bytearray(n))
    except MemoryError:
        n //= 2
keep[0] = None
keep[1] = None
gc.collect()
err = None
try:
    outer(1)
except MemoryError:
    err = 'MemoryError'
except Exception as e:
    err = e
keep = None
gc.collect()
low = m.lowered
p(err, low, m.ram > r0)
p(outer(1), m.lowered, outer(2))
""",
        ("engine_lazy",),
    )
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(code)
    try:
        src = host.current()
        proc = subprocess.run(
            [str(src.micropython), "-X", "heapsize=1m", f.name],
            cwd=src.cwd,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        Path(f.name).unlink()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    total = 1 + sum(range(1, 501))
    assert host.printed_values(proc.stdout) == [("MemoryError", (1, 2), True), (total, (2, 2), total + 1)]


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
