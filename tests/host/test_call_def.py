# SPDX-License-Identifier: MIT
"""CALL_DEF carries its defidx in one unit (format 43, mw_int.h IDX16), CALL_DEF_W past 65535.
A module of 65,539 defined functions (function k returns k) and callers of the functions at
the unit's edges: wasm-cross's image (the code check run on it, and the image loaded back by
the tool) holds CALL_DEF with the index exactly where it fits 16 bits and CALL_DEF_W with the
whole index beyond. Running them, eager and lazy, in every engine build: tests/engine
test_call_def_wide (the host port's default heap is too small for the module)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import images
from support.images import leb

NDEFS = 65539
CALLEES = (0, 1, 255, 256, 65535, 65536, NDEFS - 1)


def section(sid: int, body: bytes) -> bytes:
    return bytes([sid]) + leb(len(body)) + body


def body(code: bytes, locals_: bytes = b"\x00") -> bytes:
    return leb(len(locals_) + len(code)) + locals_ + code


def module() -> bytes:
    """() -> i32 functions: NDEFS returning their index, then per callee two callers of it
    (1000000 + k): "c<k>" with no locals (the call's base slot 1), "w<k>" with 300 (slot 301)."""
    callers = [(f"{w}{k}", k, w == "w") for k in CALLEES for w in "cw"]
    nf = NDEFS + len(callers)
    exports = leb(len(callers)) + b"".join(
        leb(len(n)) + n.encode() + b"\x00" + leb(NDEFS + i) for i, (n, _, _) in enumerate(callers)
    )
    code = [body(b"\x41" + leb(k, True) + b"\x0b") for k in range(NDEFS)]
    code += [
        body(
            b"\x41" + leb(1000000, True) + b"\x10" + leb(k) + b"\x6a\x0b",
            b"\x01" + leb(300) + b"\x7f" if wide else b"\x00",
        )
        for _, k, wide in callers
    ]
    return (
        b"\0asm\1\0\0\0"
        + section(1, b"\x01\x60\x00\x01\x7f")
        + section(3, leb(nf) + b"\x00" * nf)
        + section(7, exports)
        + section(10, leb(nf) + b"".join(code))
    )


@pytest.fixture(scope="module")
def wasm(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("call_def") / "defs.wasm"
    p.write_bytes(module())
    return p


@pytest.mark.parametrize("target", ["cortex-m", "host"])
def test_call_def_index_in_one_unit_where_it_fits(wasm, tmp_path, target):
    out = tmp_path / "defs.mwi"
    r = images.cross(wasm, out, target)
    assert r.returncode == 0, r.stderr  # the code check passed, the image loaded back
    im = images.Image(bytearray(out.read_bytes()))
    assert im.u32(36) == NDEFS + 2 * len(CALLEES)
    units = images.widths()
    for i, k in enumerate(k for k in CALLEES for _ in "cw"):
        calls = [
            (op.name, v[0], 1 + sum(units[kind] for kind in op.kinds))
            for _, op, v in im.instructions(NDEFS + i)
            if op.name.startswith("CALL")
        ]
        assert calls == ([("CALL_DEF", k, 3)] if k <= 0xFFFF else [("CALL_DEF_W", k, 4)]), (k, calls)
    # the callees: CONST16 or CONST32 of k, then RETURN1: no call among them
    assert all(op.name != "CALL_DEF" for f in (0, 65535, NDEFS - 1) for _, op, _ in im.instructions(f))
