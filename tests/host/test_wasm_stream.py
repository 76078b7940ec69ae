# SPDX-License-Identifier: MIT
"""wasm.Module(stream): a binary read from a file (or any stream) a section, and in the
code section a function body, at a time: the same module, the same errors at the same
offsets as from bytes, never the whole binary in RAM (Module.load_peak says how much was)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.build import build, names
from support.host import run

SMALL = "arith"
# err(data): what wasm.Module(data) raises, as (type, text), or None; the
# tests compare it for a stream and for bytes of the same binary.
ERR = (
    "import io\n"
    "def err(data):\n"
    "    try:\n"
    "        wasm.Module(data)\n"
    "        return None\n"
    "    except Exception as e:\n"
    "        return (type(e).__name__, str(e))\n"
)


@pytest.mark.parametrize("name", names())
def test_stream_and_bytes_load_the_same_module(name: str):
    out = run(
        f"import io\n"
        f"def desc(data):\n"
        f"    try:\n"
        f"        m = wasm.Module(data)\n"
        f"        return (m.imports, m.exports, m.ram)\n"
        f"    except Exception as e:\n"
        f"        return (type(e).__name__, str(e))\n"
        # bytearray: copied, not borrowed, as the stream's data segments are
        f"p(desc(bytearray({name.upper()})) == desc(io.BytesIO({name.upper()})))\n"
        f"p(desc({name.upper()}))\n",
        (name,),
    )
    assert out[0] is True, out


def test_truncated_binaries_fail_alike():
    """Every prefix of a binary: the stream and bytes give the same error text and offset."""
    n = len(build(SMALL))
    out = run(
        ERR + f"bad = [c for c in range({n}) if err(ARITH[:c]) != err(io.BytesIO(ARITH[:c]))]\n"
        "p(bad)\n"
        f"p(sum(1 for c in range({n}) if err(io.BytesIO(ARITH[:c])) is not None))\n",
        (SMALL,),
    )
    assert out[0] == [], out
    assert out[1] > n // 2  # most prefixes are malformed, and said so


def test_code_section_out_of_order_fails_alike():
    """The streamed code section takes its own path (read a body at a time): a second
    one, or one after the data section, is refused as from bytes, at the same offset."""
    out = run(
        ERR + "HDR = b'\\0asm\\1\\0\\0\\0'\n"
        "CODE = b'\\x0a\\x01\\x00'\n"
        "for data in (HDR + CODE, HDR + CODE + CODE, HDR + b'\\x0b\\x01\\x00' + CODE):\n"
        "    p(err(data), err(io.BytesIO(data)))\n",
    )
    assert out[0] == (None, None)
    after_last = ("CompileError", "unexpected content after last section at offset 0xd")
    assert out[1] == (after_last, after_last)
    assert out[2] == (after_last, after_last)


def test_section_size_mismatch_fails_alike():
    """A section whose content ends before its size says (a type, import,
    function, table, memory, global, export, element or data count section
    with a byte left over) is refused at the same offset from a stream as from
    bytes. Until session 35 the stream's offset was the distance between two
    buffers (e.g. 610457586 for 14: tests/fuzz/fuzz_load.c's stream load found it)."""
    # each section with one byte more than its content (hex, after the header)
    secs = [
        "01050160000000",  # a type () -> ()
        "02020000",  # no imports
        "010401600000" + "0303010000",  # a function of that type
        "04050170000000",  # a funcref table
        "050401000100",  # a memory
        "0607017f0041000b00",  # an i32 global
        "07020000",  # no exports
        "09020000",  # no elements
        "0c020000",  # a data count of 0
    ]
    out = run(
        ERR + f"SECS = {[bytes.fromhex('0061736d01000000' + s) for s in secs]!r}\n"
        "for data in SECS:\n"
        "    p(err(data), err(io.BytesIO(data)))\n",
    )
    assert len(out) == 9
    for ours_bytes, ours_stream in out:
        assert ours_bytes == ours_stream and "section size mismatch at offset" in ours_bytes[1], out


def test_section_size_too_long_fails_alike():
    """A section size whose LEB128 goes on past five bytes (a custom section's,
    a type section's) is refused at its fifth byte from a stream as from bytes,
    and a code section too short for its count's LEB128 at its end (the stream
    said the byte after each until session 35: fuzz_load's stream load)."""
    out = run(
        ERR + f"SECS = {[bytes.fromhex('0061736d01000000' + s) for s in ('0083808080800001', '01ffffffff8f00')]!r}\n"
        "for data in SECS:\n"
        "    p(err(data), err(io.BytesIO(data)))\n",
    )
    assert out[0][0] == out[0][1] == ("CompileError", "integer representation too long at offset 0xd"), out
    assert out[1][0] == out[1][1], out
    short = [
        bytes.fromhex("0061736d01000000" + "010401600000" + "03020100" + s)
        for s in ("0a00", "0a0180", "0a00" + "0b0100", "0a0180" + "0b0100")
    ]
    out = run(ERR + f"for data in {short!r}:\n    p(err(data), err(io.BytesIO(data)))\n")
    assert out[0] == (("CompileError", "unexpected end at offset 0x14"),) * 2, out
    assert all(ours_bytes == ours_stream for ours_bytes, ours_stream in out[1:]), out


def test_bad_code_section_layout_fails_alike():
    """A code section the binary ends inside of is refused as truncated at the
    section's start from a stream as from bytes, whatever its count or first
    body holds (the stream, a body at a time, said the count or the body until
    session 37: fuzz_load's stream load); a body size whose LEB128 runs past
    the section's end is refused at that end, with bytes after it or none, and
    so is a count that runs on past an empty section's end for five bytes
    (the stream said "integer representation too long": fuzz_load, session 37)."""
    # a type () -> () and one function of it; the code section's content starts at 0x14
    head = "0061736d01000000" + "010401600000" + "03020100"
    cases = [
        "0a10" + "0c0102",  # 16 bytes said, 3 there: a count of 12 for one function
        "0a10" + "010300ff0b",  # 16 said, 5 there: its one body an unknown op
        "0a10" + "01",  # 16 said, the count alone
        "0a0201" + "80" + "000b",  # 2 bytes: the count, then a body size going on past the section
        "0a0201" + "80",  # the same, the binary ending at the section's end
        "0a00" + "efefefefefef",  # an empty section, the count's LEB128 going on past it
    ]
    out = run(
        ERR + f"for data in {[bytes.fromhex(head + c) for c in cases]!r}:\n    p(err(data), err(io.BytesIO(data)))\n"
    )
    truncated = ("CompileError", "unexpected end of section or function at offset 0x14")
    past = ("CompileError", "unexpected end at offset 0x16")
    empty = ("CompileError", "unexpected end at offset 0x14")
    assert out == [(truncated, truncated)] * 3 + [(past, past)] * 2 + [(empty, empty)], out


def test_peak_is_below_the_binary_size():
    name = max(names(), key=lambda n: len(build(n)))
    size = len(build(name))
    out = run(
        f"import io\nm = wasm.Module(io.BytesIO({name.upper()}))\np(m.load_peak)\n"
        f"p(wasm.Module({name.upper()}).load_peak)\n",
        (name,),
    )
    peak, from_bytes = out
    assert 0 < peak < size, (name, peak, size)
    assert from_bytes == 0  # bytes are not read piecewise: no peak to report
    print(f"\n{name}: {size} bytes, largest piece held while loading from a stream: {peak} bytes")


def test_file_opened_rb(tmp_path: Path):
    (tmp_path / "a.wasm").write_bytes(build(SMALL))
    out = run(f"m = wasm.Module(open({str(tmp_path / 'a.wasm')!r}, 'rb'))\np(len(m.exports) > 0)\n")
    assert out == [True]


def test_stream_errors_propagate_and_non_streams_are_refused():
    out = run(
        "import io\n"
        "class Broken(io.IOBase):\n"
        "    def __init__(self):\n"
        "        self.n = 0\n"
        "        self.at = 0\n"
        "    def readinto(self, buf):\n"
        "        self.n += 1\n"
        "        if self.n > 2:\n"
        "            raise RuntimeError('disk on fire')\n"
        "        k = min(len(buf), 8)\n"
        "        buf[:k] = ARITH[self.at:self.at + k]\n"
        "        self.at += k\n"
        "        return k\n"
        "p(exc(wasm.Module, Broken()))\n"
        "p(exc(wasm.Module, 123))\n"
        "p(exc(wasm.Module, io.BytesIO(b'')))\n",
        (SMALL,),
    )
    assert out[0] == ("RuntimeError", "disk on fire")
    # neither a buffer nor a stream: MicroPython's own error for a stream operation on a non-stream
    assert out[1] == ("OSError", "stream operation not supported")
    assert out[2][0] == "CompileError" and "magic header" in out[2][1]


@pytest.mark.usefixtures("wasm_source")  # built-in and natmod (conftest.py)
def test_python_stream_that_overruns_its_buffer_is_refused():
    # An io.IOBase subclass's readinto() gets a bytearray of the binding's
    # own: a method that claims more than it was given, or grows the buffer,
    # is a ValueError (not a crash, nor bytes past the buffer taken as read);
    # an honest one loads the same module as bytes, whatever it returns short.
    out = run(
        "import io\n"
        "class S(io.IOBase):\n"
        "    def __init__(self, how):\n"
        "        self.how = how\n"
        "        self.at = 0\n"
        "    def readinto(self, buf):\n"
        "        n = len(buf)\n"
        "        if self.how == 'grow':\n"
        "            buf[:] = ARITH[self.at:self.at + n + 5]\n"
        "            self.at += n + 5\n"
        "            return n + 5\n"
        "        data = ARITH[self.at:self.at + min(n, 3)]  # short reads are fine\n"
        "        k = len(data)\n"
        "        buf[:k] = data\n"
        "        self.at += k\n"
        "        return k + 5 if self.how == 'claim' and k else k\n"
        "p(exc(wasm.Module, S('claim')))\n"
        "p(exc(wasm.Module, S('grow')))\n"
        "m = wasm.Module(S('honest'))\n"
        "p(m.exports == wasm.Module(ARITH).exports)\n",
        (SMALL,),
    )
    assert out[0] == ("ValueError", "stream readinto() returned 8 for a buffer of 4 bytes, now of 4"), out
    assert out[1] == ("ValueError", "stream readinto() returned 9 for a buffer of 4 bytes, now of 9"), out
    assert out[2] is True
