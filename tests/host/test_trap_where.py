# SPDX-License-Identifier: MIT
"""Where a trap happened, on the host port (the full profile): what only the
host shows beside tests/cases/error_cases.py's `trap_says_where` (which
every board runs too): a path through a host function into another
instance, the REPL's last line, a module without its binary (no names), a
Trap made in Python. (At a full heap a trap's message is its kind alone:
error_cases.py's messages_at_a_full_heap_keep_their_words.)"""

from __future__ import annotations

import subprocess

import pytest

from support.build import build
from support.host import MICROPYTHON, TRAP_FIELDS, run, script

pytestmark = pytest.mark.skipif(not MICROPYTHON.exists(), reason=f"{MICROPYTHON} not built (make host)")

T = TRAP_FIELDS


def test_a_path_through_a_host_function_into_another_instance() -> None:
    # a's via_host calls env.cb, which calls b's run: b's frames, the host
    # function (a's import, its name), a's caller marked as another instance
    code = (
        T
        + """
N = wasm.Module(TRAP_WHERE)
b = wasm.Instance(N, {'env': {'cb': abs}}).exports
a = wasm.Instance(N, {'env': {'cb': lambda x: b.run(x, 0)}}).exports
p(t(a.via_host, 0))
p(a.via_host(4), t(b.run, 0, 0)[4])
"""
    )
    assert run(code, ("trap_where",)) == [
        (
            "integer divide by zero in function 1 'div' at 0x6e (called from 2 'mid' at 0x7b <- 3 'run' at 0xaf"
            " <- host 0 'env.cb' <- 4 'via_host' at 0xb6 (other instance))",
            "integer divide by zero",
            1,
            ((1, "div", None), (2, "mid", None), (3, "run", None), (0, "env.cb", "host"), (4, "via_host", "other")),
            5,
        ),
        (25, 3),
    ]


def _leb(b: bytes, i: int) -> tuple[int, int]:
    v = shift = 0
    while True:
        v |= (b[i] & 0x7F) << shift
        shift += 7
        i += 1
        if b[i - 1] < 0x80:
            return v, i


def function_names_size(binary: bytes) -> int:
    """Bytes of the name section's function names (subsection 1)."""
    i = 8
    while i < len(binary):
        sid, i = binary[i], i + 1
        size, i = _leb(binary, i)
        end = i + size
        nlen, j = _leb(binary, i)
        if sid == 0 and binary[j : j + nlen] == b"name":
            j += nlen
            while j < end:
                sub, j = binary[j], j + 1
                ssize, j = _leb(binary, j)
                if sub == 1:
                    return ssize
                j += ssize
        i = end
    raise AssertionError("no function names")


def test_names_need_the_binary_or_names_true(tmp_path) -> None:
    # a bytearray or a file is not kept: no binary to read names from, unless
    # names=True keeps a copy of them (in .ram, the subsection's bytes exactly;
    # the bytearray zeroed after the load: the names are the module's own); the
    # same bytes as bytes: names, borrowed
    path = tmp_path / "trap_where.wasm"
    path.write_bytes(build("trap_where"))
    code = (
        T
        + f"""
def show(m):
    e = wasm.Instance(m, {{'env': {{'cb': abs}}}}).exports
    return t(e.run, 0, 2)[0]
buf = bytearray(TRAP_WHERE)
plain = wasm.Module(buf)
named = wasm.Module(buf, names=True)
lazy = wasm.Module(buf, names=True, lazy=True)
for i in range(len(buf)):
    buf[i] = 0
p(show(plain), show(named), show(lazy), named.ram - plain.ram)
p(show(wasm.Module(TRAP_WHERE)), show(wasm.Module(TRAP_WHERE, names=True)))
with open({str(path)!r}, 'rb') as f:
    p(show(wasm.Module(f, names=True)))
with open({str(path)!r}, 'rb') as f:
    p(show(wasm.Module(f)))
"""
    )
    # (and offsets where the module keeps its bodies: lazy, or borrowing
    # bytes; not lowered at the load from a bytearray or a file)
    bare = "unreachable in function 7 (called from 2 <- 3)"
    named = "unreachable in function 7 'unreachable' (called from 2 'mid' <- 3 'run')"
    at = "unreachable in function 7 'unreachable' at 0xd7 (called from 2 'mid' at 0x91 <- 3 'run' at 0xaf)"
    assert run(code, ("trap_where",)) == [
        (bare, named, at, function_names_size(build("trap_where"))),
        (at, at),
        named,
        bare,
    ]


def test_a_trap_made_in_python() -> None:
    code = """
x = wasm.Trap('mine')
p(str(x), x.args, x.kind, x.func, x.trace, x.depth)
"""
    assert run(code) == [("mine", ("mine",), None, None, None, None)]


def test_the_repl_prints_the_message(tmp_path) -> None:
    code = script("wasm.Instance(wasm.Module(TRAP_WHERE), {'env': {'cb': abs}}).exports.deep(2)\n", ("trap_where",))
    f = tmp_path / "t.py"
    f.write_text(code)
    r = subprocess.run([str(MICROPYTHON), str(f)], capture_output=True, text=True, timeout=30)
    assert r.returncode == 1
    assert r.stdout.splitlines()[-1] == (
        "Trap: integer divide by zero in function 1 'div' at 0x6e (called from 5 'deep' at 0xc9 <- 5 'deep' at 0xc4"
        " <- 5 'deep' at 0xc4)"
    ), r.stdout
