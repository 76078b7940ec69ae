# SPDX-License-Identifier: MIT
"""The raw-REPL client itself, against a scripted stand-in device (no QEMU, no board).

Covers what real firmware never shows: the fallback for a device without
raw-paste mode, timeouts, and traceback parsing. The stand-in follows
MicroPython 1.23's shared/runtime/pyexec.c byte for byte where the client cares.
"""

from __future__ import annotations

import contextlib
import io
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from raw_repl import RAW_BANNER, DeviceError, RawRepl, ReplTimeout, send_bytes, send_file

WINDOW = 32  # small, so an 8 KiB paste takes hundreds of flow-control rounds


class FakeDevice:
    """A serial port whose far end is a MicroPython REPL that runs code with CPython."""

    def __init__(self, raw_paste: bool = True, mute: bool = False, deaf_s: float = 0.0, busy_s: float = 0.0) -> None:
        self.raw_paste = raw_paste
        self.mute = mute  # answers nothing: for timeouts
        # booting: what is written in the first deaf_s is lost (QEMU's STM32 USART
        # before the firmware enables it); then busy_s more with input queued, not read
        self.deaf_until = time.monotonic() + deaf_s
        self.busy_until = self.deaf_until + busy_s
        self.queued = bytearray()
        self.out = bytearray()  # device -> host
        self.mode = "friendly"
        self.line = bytearray()
        self.paste_header = b""
        self.pasted = 0
        self.globals: dict = {}
        self.timeout = 0.05
        self.name = "fake"

    # --- the pyserial side the client uses ---
    @property
    def in_waiting(self) -> int:
        return len(self.out)

    def read(self, n: int = 1) -> bytes:
        if self.queued and time.monotonic() >= self.busy_until:
            queued, self.queued = bytes(self.queued), bytearray()
            self.write(queued)
        if not self.out:
            time.sleep(0.001)  # as a port with a timeout would, without spinning
        chunk = bytes(self.out[:n])
        del self.out[:n]
        return chunk

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def write(self, data: bytes) -> int:
        now = time.monotonic()
        if now < self.deaf_until:
            return len(data)
        if now < self.busy_until or self.queued:
            self.queued += data
            return len(data)
        if not self.mute:
            for b in data:
                self.feed(bytes([b]))
        return len(data)

    # --- the device ---
    def feed(self, c: bytes) -> None:
        if self.mode == "friendly":
            if c == b"\x01":
                self.mode, self.line = "raw", bytearray()
                self.out += RAW_BANNER
            elif c == b"\x03":
                self.out += b"\r\n>>> "
        elif self.mode == "paste":
            if c == b"\x04":
                self.out += b"\x04"
                self.run(bytes(self.line))
                self.mode, self.line = "raw", bytearray()
                return
            self.line += c
            self.pasted += 1
            if self.pasted % WINDOW == 0:
                self.out += b"\x01"  # room for another window
        elif self.paste_header:
            self.paste_header += c
            if self.paste_header == b"\x05A\x01":
                self.paste_header = b""
                self.mode, self.line, self.pasted = "paste", bytearray(), 0
                self.out += b"R\x01" + struct.pack("<H", WINDOW)
        elif c == b"\x05" and not self.line and self.raw_paste:
            self.paste_header = c
        elif c == b"\x01":  # (also how a device without raw-paste ends up treating "\x05A\x01")
            self.line = bytearray()
            self.out += RAW_BANNER
        elif c == b"\x02":
            self.mode = "friendly"
            self.out += b"\r\n>>> "
        elif c == b"\x03":
            self.line = bytearray()
        elif c == b"\x04":
            if not self.line:
                self.globals = {}
                self.out += b"MPY: soft reboot\r\n" + RAW_BANNER
            else:
                self.out += b"OK"
                self.run(bytes(self.line))
                self.line = bytearray()
        else:
            self.line += c

    def run(self, code: bytes) -> None:
        stdout, err = io.StringIO(), ""
        try:
            with contextlib.redirect_stdout(stdout):
                exec(compile(code, "<stdin>", "exec"), self.globals)  # exec: the tests' own code
        except Exception as e:  # noqa: BLE001 (a device reports any exception)
            err = (
                f'Traceback (most recent call last):\n  File "<stdin>", line 1, in <module>\n{type(e).__name__}: {e}\n'
            )
        self.out += stdout.getvalue().replace("\n", "\r\n").encode() + b"\x04"
        self.out += err.replace("\n", "\r\n").encode() + b"\x04>"


def connect(dev: FakeDevice) -> RawRepl:
    r = RawRepl(dev, "fake")  # type: ignore[arg-type]
    r.enter_raw(timeout=2)
    return r


def test_exec_with_raw_paste():
    r = connect(FakeDevice())
    assert r.exec("print(6 * 7)") == "42\r\n"
    assert r.raw_paste_used


def test_large_code_through_raw_paste_windows():
    r = connect(FakeDevice())
    s = "x" * 9000
    assert r.exec(f"s = '{s}'\nprint(len(s))") == "9000\r\n"


def test_fallback_without_raw_paste():
    dev = FakeDevice(raw_paste=False)
    r = connect(dev)
    s = "y" * 8500  # several plain-mode chunks
    assert r.exec(f"s = '{s}'\nprint(len(s))", timeout=10) == "8500\r\n"
    assert not r.use_raw_paste and not r.raw_paste_used
    assert r.exec("print('again')") == "again\r\n"  # later commands skip the raw-paste request


def test_device_error_parsed():
    r = connect(FakeDevice())
    with pytest.raises(DeviceError) as info:
        r.exec("print('partial')\nraise ValueError('bad thing: here')")
    e = info.value
    assert (e.exc_type, e.message) == ("ValueError", "bad thing: here")
    assert e.traceback.startswith("Traceback")
    assert e.stdout == "partial\r\n"
    assert r.exec("print(1)") == "1\r\n"


def test_device_error_without_message():
    e = DeviceError.from_stderr("Traceback (most recent call last):\r\n  File ...\r\nKeyboardInterrupt: \r\n")
    assert (e.exc_type, e.message) == ("KeyboardInterrupt", "")
    e = DeviceError.from_stderr("Traceback (most recent call last):\r\nKeyboardInterrupt\r\n")
    assert (e.exc_type, e.message) == ("KeyboardInterrupt", "")
    assert str(e).endswith("KeyboardInterrupt\r\n")


def test_soft_reset_clears_state():
    r = connect(FakeDevice())
    r.exec("a = 1")
    assert "soft reboot" in r.soft_reset(timeout=2)
    with pytest.raises(DeviceError, match="NameError"):
        r.exec("print(a)")


def test_timeout_carries_what_arrived():
    dev = FakeDevice()
    r = connect(dev)
    dev.mute = True
    dev.out += b"half an ans"
    with pytest.raises(ReplTimeout) as info:
        r.read_until(b"\x04", timeout=0.3, what="stdout")
    assert info.value.received == b"half an ans"
    assert "stdout" in str(info.value) and "half an ans" in str(info.value)


def test_enter_raw_times_out_on_a_silent_line():
    with pytest.raises(ReplTimeout, match="raw REPL banner"):
        RawRepl(FakeDevice(mute=True), "fake").enter_raw(timeout=0.5)  # type: ignore[arg-type]


def test_enter_raw_again_after_input_lost_at_boot():
    dev = FakeDevice(deaf_s=1.5)  # the first Ctrl-A (and the second) go nowhere
    r = RawRepl(dev, "fake")  # type: ignore[arg-type]
    r.enter_raw(timeout=6)
    assert r.exec("print(6 * 7)") == "42\r\n"


def test_enter_raw_swallows_the_banners_of_queued_tries():
    dev = FakeDevice(busy_s=2.5)  # every try is queued, then all answered at once
    r = RawRepl(dev, "fake")  # type: ignore[arg-type]
    r.enter_raw(timeout=6)
    assert r.pending() == 0
    assert r.exec("print(6 * 7)") == "42\r\n"
    assert r.raw_paste_used


def test_bytes_past_an_ending_are_kept():
    dev = FakeDevice()
    r = RawRepl(dev, "fake")  # type: ignore[arg-type]
    dev.out += b"one\x04two\x04>"
    assert r.read_until(b"\x04", 1) == b"one\x04"
    assert r.read_until(b"\x04", 1) == b"two\x04"
    assert r.read_exact(1, 1, "prompt") == b">"


def test_send_bytes_fills_the_boards_buffer_a_chunk_an_exec():
    dev = FakeDevice()
    r = connect(dev)
    data = bytes(range(256)) * 9 + b"\x00end"  # not a whole number of chunks
    r.exec(f"_b = bytearray({len(data)})\n_v = memoryview(_b)")
    send_bytes(r, data, 1000)
    assert bytes(dev.globals["_b"]) == data
    send_bytes(r, b"", 1000)  # nothing to send: no exec, the buffer as it was
    assert bytes(dev.globals["_b"]) == data


def test_send_file_writes_the_boards_file_a_chunk_an_exec(tmp_path):
    dev = FakeDevice()
    r = connect(dev)
    data = b"\xff\x00wasm" * 700
    path = tmp_path / "sent.wasm"
    send_file(r, str(path), data, 1024)
    assert path.read_bytes() == data
    assert "_f" not in dev.globals  # closed and gone


def test_a_real_boards_port_that_does_not_open_says_what_it_needs(tmp_path):
    # a board with no QEMU machine, on a port that is not there: each test's
    # set-up fails with one line naming the port and the board's REPL wiring
    # (conftest.py start_target), not a traceback of pyserial's
    root = Path(__file__).resolve().parents[2]
    port = str(tmp_path / "no-such-tty")
    r = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--board", "pyboard_v11", "--port", port]
        + ["tests/hil/test_repl.py", "-x", "-k", "print_and_arithmetic"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert r.returncode != 0, r.stdout
    assert f"cannot open {port} for pyboard_v11 (" in r.stdout, r.stdout
    assert "its REPL UART: TX=PB6 (X9) RX=PB7 (X10), 115200 baud" in r.stdout, r.stdout
    assert "serialposix.py" not in r.stdout, r.stdout  # one message, not pyserial's traceback
