# SPDX-License-Identifier: MIT
"""A small MicroPython raw-REPL client over any byte link: pyserial (a QEMU socket, a real
serial port) or a labgrid console (tests/mplabgrid's MicroPythonDriver wraps this same class).

    repl = RawRepl.open("socket://127.0.0.1:4444")   # or "/dev/ttyACM0", baud=115200
    repl.enter_raw()
    print(repl.exec("print(1 + 2)"))                   # "3\r\n"

    RawRepl(link) takes any object with recv(max_n, timeout) / send(data) / close() (a Link),
    or a pyserial port, which SerialLink wraps.

Protocol (MicroPython 1.23 shared/runtime/pyexec.c, as tools/pyboard.py speaks it):
  enter:      Ctrl-C Ctrl-C (stop a running program), Ctrl-A -> "raw REPL; CTRL-B to exit\r\n>"
  run:        code, Ctrl-D -> "OK", stdout, \x04, stderr, \x04, ">"
  raw-paste:  Ctrl-E "A" Ctrl-A -> "R\x01" + window size (u16 LE); send at most a window of
              bytes, then wait for \x01 before the next window; Ctrl-D ends the code, the device
              echoes \x04, then stdout \x04 stderr \x04 ">" as above. "R\x00" or anything else:
              the device lacks raw-paste, so fall back to plain raw mode, paced.
  soft reset: Ctrl-D at the raw prompt -> "soft reboot\r\n" ... "raw REPL; CTRL-B to exit\r\n>"
  friendly:   the fallback when Ctrl-A never brings the raw banner but ">>> " answers Ctrl-C:
              Ctrl-E -> "paste mode; ...\r\n=== ", code (echoed), Ctrl-D -> "\r\n", output and
              any traceback on one stream, ">>> ".
Every wait has a timeout; a timeout raises ReplTimeout carrying what was received so far.
"""

from __future__ import annotations

import socket
import struct
import time
from dataclasses import dataclass, field
from typing import Protocol, Self, runtime_checkable

import serial

CTRL_A = b"\x01"  # enter raw REPL
CTRL_B = b"\x02"  # leave raw REPL
CTRL_C = b"\x03"  # KeyboardInterrupt
CTRL_D = b"\x04"  # run the code / end of output / soft reset
CTRL_E = b"\x05"  # raw-paste request prefix

RAW_BANNER = b"raw REPL; CTRL-B to exit\r\n>"
SOFT_REBOOT = b"soft reboot\r\n"
RAW_PASTE_REQUEST = CTRL_E + b"A" + CTRL_A
FRIENDLY_PROMPT = b">>> "
PASTE_PROMPT = b"=== "
TRACEBACK = "Traceback (most recent call last):"

# Plain raw mode has no flow control: send in chunks small enough for the
# firmware's UART receive buffer, with a pause for it to drain (tools/pyboard.py
# uses 256 bytes every 10 ms).
PLAIN_CHUNK = 256
PLAIN_PAUSE_S = 0.01

# exec_stream: the board asks for each next STREAM_CHUNK bytes of the data with one
# STREAM_ASK byte, so no more than one chunk is ever in flight: under the port's
# 512-byte receive buffer (ports/cortexm/serial.c), which drops what overflows it.
STREAM_CHUNK = 256
STREAM_ASK = b"\x06"
# The board's side: _Rx(n), a stream (io.IOBase) of the n bytes the host sends,
# read from stdin with Ctrl-C off (the data holds any byte) and back on after.
STREAM_READER = """
import io, sys, micropython
class _Rx(io.IOBase):
    def __init__(self, n):
        self.left = n
        self.buf = bytearray(%d)
        self.at = self.end = 0
    def readinto(self, b):
        if self.at == self.end:
            if self.left == 0:
                return 0
            k = min(len(self.buf), self.left)
            sys.stdout.buffer.write(%r)
            sys.stdin.buffer.readinto(memoryview(self.buf)[:k])
            self.left -= k
            self.at, self.end = 0, k
        k = min(len(b), self.end - self.at)
        b[:k] = memoryview(self.buf)[self.at:self.at + k]
        self.at += k
        return k
micropython.kbd_intr(-1)
try:
%s
finally:
    micropython.kbd_intr(3)
    del _Rx
"""

# How long one Ctrl-A waits for the raw banner before enter_raw sends it again
# (a device at its prompt answers within milliseconds).
RAW_RETRY_S = 1.0


class ReplError(Exception):
    """The device said something the protocol does not allow here."""


class ReplTimeout(ReplError, TimeoutError):
    """Nothing (or not enough) arrived in time; `received` is what did arrive."""

    def __init__(self, what: str, timeout: float, received: bytes) -> None:
        self.what = what
        self.timeout = timeout
        self.received = received
        super().__init__(f"timeout after {timeout:g} s waiting for {what}; received so far: {received[-2000:]!r}")


@dataclass
class DeviceError(Exception):
    """The code raised on the device: `exc_type` and `message` come from the traceback's last line."""

    exc_type: str
    message: str
    traceback: str
    stdout: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        super().__init__(f"{self.exc_type}: {self.message}" if self.message else self.exc_type)

    def __str__(self) -> str:
        return f"{self.exc_type}: {self.message}\n{self.traceback}" if self.message else self.traceback

    @classmethod
    def from_stderr(cls, stderr: str, stdout: str = "") -> DeviceError:
        """Parse "Traceback ...\\r\\nValueError: boom\\r\\n" into ("ValueError", "boom", the text)."""
        lines = [line for line in stderr.replace("\r\n", "\n").split("\n") if line.strip()]
        last = lines[-1] if lines else stderr
        exc_type, sep, message = last.partition(": ")
        if not sep:
            exc_type, message = last.strip(), ""
        return cls(exc_type.strip(), message.strip(), stderr, stdout)


@runtime_checkable
class Link(Protocol):
    """The bytes under the protocol: a serial port, a socket, a labgrid console."""

    name: str

    def recv(self, max_n: int, timeout: float) -> bytes:
        """Up to `max_n` bytes that arrived, waiting at most about `timeout` s; b"" if none did."""
        ...

    def send(self, data: bytes) -> None: ...

    def close(self) -> None: ...


class SerialLink:
    """A pyserial port (opened with a short read timeout) as a Link."""

    def __init__(self, port: serial.SerialBase, name: str = "") -> None:
        self.port = port
        self.name = name or getattr(port, "name", "") or "device"

    def recv(self, max_n: int, timeout: float) -> bytes:
        waiting = self.port.in_waiting
        if timeout <= 0 and not waiting:
            return b""
        return self.port.read(max(1, min(waiting, max_n)))  # blocks at most port.timeout

    def send(self, data: bytes) -> None:
        self.port.write(data)
        self.port.flush()

    def close(self) -> None:
        self.port.close()


class RawRepl:
    """One connection to a MicroPython REPL; `exec` runs code in the raw REPL.

    If the raw REPL never answers but the friendly prompt does (`enter(fallback=True)`),
    `friendly` is set and `exec` runs code through paste mode instead, same results.
    """

    def __init__(self, port: Link | serial.SerialBase, name: str = "", use_raw_paste: bool = True) -> None:
        self.link: Link = port if isinstance(port, Link) else SerialLink(port, name)
        self.name = name or self.link.name or "device"
        self.use_raw_paste = use_raw_paste
        self.raw_paste_used = False  # True once a command went through raw-paste mode
        self.in_raw = False
        self.friendly = False  # running code through the friendly REPL's paste mode
        self._rx = bytearray()

    @classmethod
    def open(cls, url: str, baud: int = 115200, connect_timeout: float = 10.0) -> RawRepl:
        """Open `url` ("socket://host:port", "/dev/ttyACM0", ...), retrying until `connect_timeout`."""
        deadline = time.monotonic() + connect_timeout
        while True:
            try:
                port = serial.serial_for_url(url, baudrate=baud, timeout=0.05, write_timeout=connect_timeout)
                sock = getattr(port, "_socket", None)
                if sock is not None:
                    # small writes go at once: with Nagle's algorithm each exchange of
                    # the protocol waits out the peer's 40 ms delayed ACK
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                return cls(port, url)
            except (serial.SerialException, OSError) as e:
                if time.monotonic() >= deadline:
                    raise ReplTimeout(f"a connection to {url} ({e})", connect_timeout, b"") from e
                time.sleep(0.1)

    def close(self) -> None:
        self.link.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- bytes in and out ----------------------------------------------------
    # Everything read goes through self._rx, so bytes that arrive past what one
    # wait looked for stay for the next wait.

    def write(self, data: bytes) -> None:
        self.link.send(data)

    def _fill(self, timeout: float = 0.05) -> int:
        chunk = self.link.recv(4096, timeout)
        self._rx += chunk
        return len(chunk)

    def _take(self, n: int) -> bytes:
        out = bytes(self._rx[:n])
        del self._rx[:n]
        return out

    def pending(self) -> int:
        """Bytes received and not yet consumed."""
        self._fill(0)
        return len(self._rx)

    def drain(self, quiet_s: float = 0.1, timeout: float = 2.0) -> bytes:
        """Consume whatever arrives until the line has been quiet for `quiet_s` (at most `timeout`)."""
        deadline = time.monotonic() + timeout
        last = time.monotonic()
        while time.monotonic() < deadline and time.monotonic() - last < quiet_s:
            if self._fill():
                last = time.monotonic()
        return self._take(len(self._rx))

    def read_until(self, ending: bytes, timeout: float, what: str = "") -> bytes:
        """Consume up to and including the first `ending`; return it all."""
        deadline = time.monotonic() + timeout
        start = 0
        while (idx := self._rx.find(ending, start)) < 0:
            if time.monotonic() >= deadline:
                raise ReplTimeout(what or repr(ending), timeout, bytes(self._rx))
            start = max(0, len(self._rx) - len(ending) + 1)
            self._fill()
        return self._take(idx + len(ending))

    def peek(self, timeout: float, what: str) -> bytes:
        """The next byte, left unconsumed."""
        deadline = time.monotonic() + timeout
        while not self._rx:
            if time.monotonic() >= deadline:
                raise ReplTimeout(what, timeout, b"")
            self._fill()
        return bytes(self._rx[:1])

    def read_exact(self, n: int, timeout: float, what: str) -> bytes:
        deadline = time.monotonic() + timeout
        while len(self._rx) < n:
            if time.monotonic() >= deadline:
                raise ReplTimeout(what, timeout, bytes(self._rx))
            self._fill()
        return self._take(n)

    # --- raw REPL ------------------------------------------------------------

    def enter_raw(self, timeout: float = 10.0) -> None:
        """Stop whatever runs and get to the raw REPL prompt.

        Ctrl-C, Ctrl-A goes again every RAW_RETRY_S until the banner comes: what is
        sent while a board boots can be lost without a trace (QEMU's STM32 USART
        drops bytes until the firmware enables it, and a loaded machine can take
        longer than the quiet wait to get there). Banners that retries raise are
        swallowed, so the next exchange starts clean.
        """
        deadline = time.monotonic() + timeout
        seen = bytearray()  # drained between tries: for the error message
        quiet_timeout = timeout / 2  # the first drain waits out a program's output
        tries = 0
        while True:
            self.write(b"\r" + CTRL_C)
            time.sleep(0.05)
            self.write(CTRL_C)
            seen += self.drain(quiet_s=0.2, timeout=quiet_timeout)
            self.write(b"\r" + CTRL_A)
            tries += 1
            wait = max(0.0, min(RAW_RETRY_S, deadline - time.monotonic()))
            try:
                self.read_until(RAW_BANNER, wait, "the raw REPL banner")
                break
            except ReplTimeout as e:
                if time.monotonic() >= deadline:
                    raise ReplTimeout(
                        f"the raw REPL banner ({tries} tries)", timeout, bytes(seen) + e.received
                    ) from None
            quiet_timeout = 1.0
        if tries > 1:
            self.drain(quiet_s=0.3, timeout=2.0)
        self.in_raw = True

    def enter(self, timeout: float = 10.0, fallback: bool = True) -> None:
        """The raw REPL prompt; if that never comes and `fallback`, the friendly prompt.

        A device whose raw REPL is broken or left out (or whose line eats Ctrl-A) still
        runs code through the friendly REPL's paste mode; ReplTimeout if neither answers.
        """
        try:
            self.enter_raw(timeout)
            self.friendly = False
        except ReplTimeout as raw_error:
            if not fallback:
                raise
            try:
                self.enter_friendly(timeout)
            except ReplTimeout as e:
                raise ReplTimeout(
                    "the raw REPL banner, then the friendly prompt", timeout, raw_error.received + e.received
                ) from None

    def enter_friendly(self, timeout: float = 10.0) -> None:
        """Leave the raw REPL (Ctrl-B), stop whatever runs, wait for ">>> "; exec then uses paste mode."""
        self.write(b"\r" + CTRL_B)
        time.sleep(0.05)
        self.write(CTRL_C)
        self.drain(quiet_s=0.2, timeout=timeout / 2)
        self.write(CTRL_C)
        self.read_until(FRIENDLY_PROMPT, timeout, "the friendly prompt >>>")
        self.in_raw = False
        self.friendly = True

    def exit_raw(self) -> None:
        """Back to the friendly REPL (Ctrl-B)."""
        self.write(b"\r" + CTRL_B)
        self.in_raw = False

    def exec_start(self, code: str | bytes, timeout: float = 10.0) -> None:
        """Send `code` and start it running; `follow` collects its output."""
        data = code.encode() if isinstance(code, str) else code
        if self.friendly:
            self._paste_friendly(data, timeout)
            return
        if not self.in_raw:
            self.enter_raw(timeout)
        if self.use_raw_paste:
            self.write(RAW_PASTE_REQUEST)
            answer = self.read_exact(2, timeout, "the raw-paste answer")
            if answer == b"R\x01":
                self._raw_paste_write(data, timeout)
                self.raw_paste_used = True
                return
            if answer != b"R\x00":
                # a device without raw-paste took Ctrl-A as "enter raw REPL" again and is
                # printing the banner, whose first two bytes we just read
                self.read_until(RAW_BANNER[2:], timeout, "the raw REPL banner after a refused raw-paste")
            self.use_raw_paste = False
        for i in range(0, len(data), PLAIN_CHUNK):
            self.write(data[i : i + PLAIN_CHUNK])
            time.sleep(PLAIN_PAUSE_S)
        self.write(CTRL_D)
        ok = self.read_exact(2, timeout, "OK after the code")
        if ok != b"OK":
            rest = self.drain(timeout=0.5)
            raise ReplError(f"could not run the code: the device answered {ok + rest!r}")

    def _raw_paste_write(self, data: bytes, timeout: float) -> None:
        window = struct.unpack("<H", self.read_exact(2, timeout, "the raw-paste window size"))[0]
        remain = window
        i = 0
        deadline = time.monotonic() + timeout + len(data) / 1000  # generous for slow links
        while i < len(data):
            while remain == 0 or self.pending():
                if time.monotonic() >= deadline:
                    raise ReplTimeout("a raw-paste window", timeout, bytes(self._rx))
                b = self.read_exact(1, timeout, "raw-paste flow control")
                if b == CTRL_A:
                    remain += window  # the device has room for another window
                elif b == CTRL_D:
                    # the device ended the paste early (a compile error is coming)
                    self.write(CTRL_D)
                    return
                else:
                    raise ReplError(f"unexpected {b!r} from the device during raw-paste")
            chunk = data[i : i + remain]
            self.write(chunk)
            remain -= len(chunk)
            i += len(chunk)
        self.write(CTRL_D)
        self.read_until(CTRL_D, timeout, "the end-of-paste acknowledgement")

    def _paste_friendly(self, data: bytes, timeout: float) -> None:
        """Friendly paste mode: Ctrl-E, the code (echoed back, paced: no flow control), Ctrl-D."""
        self.drain(quiet_s=0.05, timeout=0.5)  # a stale prompt or output
        self.write(CTRL_E)
        self.read_until(PASTE_PROMPT, timeout, "the paste-mode prompt ===")
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")  # a bare \r would echo "=== "
        for i in range(0, len(data), PLAIN_CHUNK):
            self.write(data[i : i + PLAIN_CHUNK])
            time.sleep(PLAIN_PAUSE_S)
        self.write(CTRL_D)
        self.read_until(data + b"\r\n", timeout + len(data) / 1000, "the echo of the pasted code")

    def _follow_friendly(self, timeout: float) -> tuple[str, str]:
        """Output up to the next ">>> "; a traceback at its end is the 'stderr'."""
        text = self.read_until(FRIENDLY_PROMPT, timeout, "the friendly prompt after the code")
        text = text[: -len(FRIENDLY_PROMPT)].decode(errors="replace")
        out, sep, tb = text.partition(TRACEBACK)
        return out, (sep + tb if sep else "")

    def follow(self, timeout: float = 10.0) -> tuple[str, str]:
        """Collect (stdout, stderr) of the running code, up to the next raw prompt."""
        if self.friendly:
            return self._follow_friendly(timeout)
        out = self.read_until(CTRL_D, timeout, "the end of stdout")[:-1]
        try:
            err = self.read_until(CTRL_D, timeout, "the end of stderr")[:-1]
            self.read_until(b">", timeout, "the raw prompt")
        except ReplTimeout as e:
            raise ReplTimeout(e.what, timeout, out + b"\x04" + e.received) from None
        return out.decode(errors="replace"), err.decode(errors="replace")

    def exec(self, code: str | bytes, timeout: float = 10.0) -> str:
        """Run `code`; return its stdout, or raise DeviceError if it raised.

        On a timeout the code is interrupted (Ctrl-C) and the raw prompt sought
        again, so the connection stays usable; then ReplTimeout is raised.
        """
        self.exec_start(code, timeout)
        return self._finish(timeout)

    def exec_stream(self, code: str, data: bytes, timeout: float = 10.0) -> str:
        """Run `code`, which reads `data` from the stream `_Rx(len(data))` (STREAM_READER),
        the host sending each chunk when the board asks for it: data of any size reaches its
        reader (wasm.Module: one block) without a copy of it staged on the board. Its stdout,
        or DeviceError if it raised (then the rest of `data` is not sent)."""
        body = "".join("    " + line + "\n" for line in code.splitlines())
        self.exec_start(STREAM_READER % (STREAM_CHUNK, STREAM_ASK, body), timeout)
        try:
            for k in range(0, len(data), STREAM_CHUNK):
                if self.peek(timeout, "the board asking for the next chunk") != STREAM_ASK:
                    break  # it stopped reading (raised): what follows is its output
                self._take(1)
                self.write(data[k : k + STREAM_CHUNK])
        except ReplTimeout:
            self.recover()
            raise
        return self._finish(timeout)

    def _finish(self, timeout: float) -> str:
        """The started code's stdout once it ends, or DeviceError if it raised; on a
        timeout the code is interrupted and the prompt sought again (ReplTimeout)."""
        try:
            out, err = self.follow(timeout)
        except ReplTimeout:
            self.recover()
            raise
        if err:
            raise DeviceError.from_stderr(err, out)
        return out

    def interrupt(self) -> None:
        """Send Ctrl-C: the running code gets KeyboardInterrupt; `follow` then collects it."""
        self.write(CTRL_C)

    def recover(self, timeout: float = 5.0) -> bool:
        """Best effort after a timeout: interrupt, then find the raw prompt again."""
        try:
            self.in_raw = False
            if self.friendly:
                self.enter_friendly(timeout)
            else:
                self.enter_raw(timeout)
            return True
        except ReplError:
            return False

    def soft_reset(self, timeout: float = 10.0) -> str:
        """Ctrl-D at the raw prompt: the device restarts MicroPython; return what it printed."""
        if self.friendly:
            self.write(CTRL_D)
            got = self.read_until(SOFT_REBOOT, timeout, "soft reboot")
            got += self.read_until(FRIENDLY_PROMPT, timeout, "the friendly prompt after soft reset")
            return got.decode(errors="replace")
        if not self.in_raw:
            self.enter_raw(timeout)
        self.write(CTRL_D)
        got = self.read_until(RAW_BANNER, timeout, "the raw REPL banner after soft reset")
        self.use_raw_paste = True
        return got.decode(errors="replace")


class Execs(Protocol):
    """What runs code on a board: RawRepl, or tests/hil/conftest.py's Repl."""

    def exec(self, code: str, timeout: float = 10.0) -> str: ...


def send_bytes(repl: Execs, data: bytes, chunk: int, timeout: float = 10.0) -> None:
    """`data` into the board's memoryview `_v` (of a bytearray of len(data) the caller made),
    `chunk` bytes an exec: a bytes literal of tens of KiB does not compile in a small heap."""
    for k in range(0, len(data), chunk):
        piece = data[k : k + chunk]
        repl.exec(f"_v[{k}:{k + len(piece)}] = {piece!r}", timeout)


def send_file(repl: Execs, path: str, data: bytes, chunk: int, timeout: float = 10.0) -> None:
    """`data` as the board's file `path`, `chunk` bytes an exec (send_bytes' reason)."""
    repl.exec(f"_f = open({path!r}, 'wb')", timeout)
    for k in range(0, len(data), chunk):
        repl.exec(f"_f.write({data[k : k + chunk]!r})", timeout)
    repl.exec("_f.close()\ndel _f", timeout)
