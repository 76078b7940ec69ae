# SPDX-License-Identifier: MIT
"""The shared-heap C API (modwasm/include/native/mpwasm_sheap.h) as a native user module sees
it, through examples/sheap_native (built into the host port): app address to
native pointer with the one-heap bounds check, and back; zero copy."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from support.build import build

REPO = Path(__file__).resolve().parents[2]
MICROPYTHON = REPO / "build" / "host" / "micropython"

pytestmark = pytest.mark.skipif(not MICROPYTHON.exists(), reason=f"{MICROPYTHON} not built (make host)")

PRELUDE = """
import wasm, sheap_native as sn
def err(f, *a):
    try:
        f(*a)
    except ValueError as e:
        return str(e)
"""


def run(code: str) -> list[str]:
    proc = subprocess.run(
        [str(MICROPYTHON), "-c", PRELUDE + code], capture_output=True, text=True, timeout=20, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout.splitlines()


def test_native_pointer_reads_and_writes_in_place():
    out = run(
        "h = wasm.SharedHeap(4096)\n"
        "a = h.malloc(16)\n"
        "v = h.view(a, 16)\n"
        "for i in range(16):\n"
        "    v[i] = i\n"
        "print(sn.checksum(h, a, 16))\n"
        "sn.fill(h, a, 4, 9)\n"
        "print(list(v[0:5]))"
    )
    assert out == ["120", "[9, 9, 9, 9, 4]"]


def test_first_and_last_byte_and_just_outside():
    # A pre-allocated heap over a zeroed buffer: no allocator headers inside.
    out = run(
        "h = wasm.SharedHeap(buffer=bytearray(4096))\n"
        "print(hex(h.start), sn.checksum(h, h.start, 1), sn.checksum(h, 0xffffffff, 1))\n"
        "print(sn.checksum(h, h.start, 4096))\n"
        "print(err(sn.checksum, h, h.start - 1, 1))\n"
        "print(err(sn.checksum, h, 0xffffffff, 2))\n"
        "print(err(sn.checksum, h, h.start, 4097))"
    )
    assert out[0] == "0xfffff000 0 0"
    assert out[1] == "0"
    assert out[2] == "1 bytes at app address 0xffffefff are not in one heap"
    assert out[3] == "2 bytes at app address 0xffffffff are not in one heap"
    assert out[4] == "4097 bytes at app address 0xfffff000 are not in one heap"


def test_chain_range_must_lie_in_one_heap():
    out = run(
        "body = wasm.SharedHeap(buffer=bytearray(4096))\n"
        "head = wasm.chain(wasm.SharedHeap(4096), body)\n"
        "print(hex(body.start), hex(head.start))\n"
        "print(sn.checksum(head, body.start - 4, 4), sn.checksum(head, body.start, 4))\n"
        "print(err(sn.checksum, head, body.start - 2, 4))"
    )
    assert out[0] == "0xfffff000 0xffffe000"
    assert out[1] == "0 0"
    assert out[2] == "4 bytes at app address 0xffffeffe are not in one heap"


def test_round_trip_through_a_native_pointer_and_through_an_instance():
    out = run(
        "h = wasm.SharedHeap(4096)\n"
        "m = wasm.Module(b'\\x00asm\\x01\\x00\\x00\\x00\\x05\\x03\\x01\\x00\\x01')  # (memory 1)\n"
        "i = wasm.Instance(m, shared_heap=h)\n"
        "a = h.malloc(8)\n"
        "print(sn.round_trip(h, a + 5) == a + 5, sn.round_trip(i, a) == a)\n"
        "sn.fill(i, a, 8, 7)\n"
        "print(bytes(h.view(a, 8)))"
    )
    assert out == ["True True", "b'\\x07\\x07\\x07\\x07\\x07\\x07\\x07\\x07'"]


def test_window_through_the_c_api():
    """A C module shows a buffer to an instance (mpwasm_window_map) and takes it away."""
    wasm_bytes = build("window")
    out = run(
        f"m = wasm.Module({wasm_bytes!r})\n"
        "i = wasm.Instance(m, {'host': {'cb': lambda: None}})\n"
        "b = bytearray(b'abc')\n"
        "print(hex(sn.window(i, b, 0x40000000)), i.exports.ld8(0x40000002))\n"
        "print(err(sn.window, i, b, 0x40000001))\n"
        "sn.unwindow(i, 0x40000000)\n"
        "try:\n"
        "    i.exports.ld8(0x40000000)\n"
        "except wasm.Trap as e:\n"
        "    print('Trap', e.kind)\n"
        "print(err(sn.unwindow, i, 0x40000000))"
    )
    assert out == [
        "0x40000000 99",
        "window overlaps another window",
        "Trap out of bounds memory access",
        "not mapped in this instance",
    ]
