# SPDX-License-Identifier: MIT
"""MicroPythonDriver: run code on a MicroPython board over any labgrid ConsoleProtocol.

    micropython = target.get_driver("MicroPythonDriver")   # after the strategy reached "repl"
    micropython.exec("print(1 + 2)")                        # "3\\n"
    micropython.eval("1 + 2")                               # 3
    micropython.exec("while True: pass", timeout=1)         # ReplTimeout(received=...), board interrupted
    micropython.soft_reset()

The protocol (raw REPL, raw-paste flow control, the plain-raw and friendly-REPL
fallbacks, timeouts that keep what arrived) is tests/hil/raw_repl.py's RawRepl;
this driver only adapts a labgrid console to its byte Link.
"""

from __future__ import annotations

import ast
import select
from typing import Any

import attr
from labgrid.driver.common import Driver
from labgrid.driver.qemudriver import QEMUDriver
from labgrid.driver.serialdriver import SerialDriver
from labgrid.factory import target_factory
from labgrid.step import step
from pexpect import TIMEOUT

from raw_repl import DeviceError, RawRepl, ReplError, ReplTimeout

__all__ = ["ConsoleLink", "DeviceError", "MicroPythonDriver", "ReplError", "ReplTimeout"]

SERIAL_READ_TIMEOUT_S = 0.05  # the longest one read blocks on a SerialDriver's port


class ConsoleLink:
    """A labgrid ConsoleProtocol as raw_repl's Link.

    Any console works through its read()/write(). Two are read underneath instead, for
    speed (raw-paste waits for a flow-control byte every window of 128 bytes or so):
    - SerialDriver: its pyserial port directly. The driver's read() sets the port's timeout
      on every call, and on an RFC 2217 port each change renegotiates the line settings
      with the far end (at least 50 ms): 100 KB would take a minute.
    - QEMUDriver: its console socket. Its read() sleeps 10 ms before every read: 100 KB
      takes 8 s that way, 2 s this way.
    """

    def __init__(self, console: Any, name: str = "") -> None:
        self.console = console
        self.name = name or str(console)
        self.port = console.serial if isinstance(console, SerialDriver) else None
        if self.port is not None:
            self.port.timeout = SERIAL_READ_TIMEOUT_S
        self.sock = getattr(console, "_clientsocket", None) if isinstance(console, QEMUDriver) else None

    def recv(self, max_n: int, timeout: float) -> bytes:
        if self.port is not None:
            waiting = self.port.in_waiting
            if timeout <= 0 and not waiting:
                return b""
            return self.port.read(max(1, min(waiting, max_n)))
        if self.sock is not None:
            ready, _, _ = select.select([self.sock], [], [], max(0.0, min(timeout, SERIAL_READ_TIMEOUT_S)))
            if not ready:
                return b""
            data = self.sock.recv(max_n)
            if not data:
                raise ReplError(f"{self.name}: QEMU closed its console (did it exit?)")
            return data
        try:
            return self.console.read(size=1, timeout=timeout, max_size=max_n)
        except TIMEOUT:
            return b""

    def send(self, data: bytes) -> None:
        self.console.write(data)

    def close(self) -> None:
        """The console belongs to its own driver: labgrid closes it when it deactivates."""


@target_factory.reg_driver
@attr.s(eq=False)
class MicroPythonDriver(Driver):
    """The MicroPython REPL on the target's console.

    Args:
        boot_timeout: seconds from a reset or power-on to the REPL prompt
        exec_timeout: default seconds for one exec()
        raw_paste: use raw-paste mode (flow-controlled) when the board offers it
        friendly_fallback: run code through the friendly REPL's paste mode if the raw REPL never answers
    """

    bindings = {"console": "ConsoleProtocol"}

    boot_timeout = attr.ib(default=20.0, converter=float)
    exec_timeout = attr.ib(default=10.0, converter=float)
    raw_paste = attr.ib(default=True, validator=attr.validators.instance_of(bool))
    friendly_fallback = attr.ib(default=True, validator=attr.validators.instance_of(bool))

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        self.repl: RawRepl | None = None

    def on_activate(self) -> None:
        self.repl = RawRepl(ConsoleLink(self.console, str(self.target.name)), str(self.target.name), self.raw_paste)

    def on_deactivate(self) -> None:
        self.repl = None

    @property
    def raw(self) -> RawRepl:
        """The RawRepl underneath (exec_start/follow/interrupt for tests that need the pieces)."""
        if self.repl is None:
            raise ReplError(f"{self}: not active (activate it, or let MicroPythonStrategy reach 'repl')")
        return self.repl

    @Driver.check_active
    @step(args=["timeout"])
    def enter(self, timeout: float | None = None) -> None:
        """Stop whatever runs and get to the raw REPL (or, as a fallback, the friendly one)."""
        self.raw.enter(timeout or self.boot_timeout, fallback=self.friendly_fallback)

    @Driver.check_active
    @step(args=["code"], result=True)
    def exec(self, code: str | bytes, timeout: float | None = None) -> str:
        """Run `code`; its stdout ("\\n" newlines). DeviceError if it raised; ReplTimeout
        (with `.received`, what arrived so far) if it ran too long: it is then interrupted
        and the prompt found again."""
        return self.raw.exec(code, timeout or self.exec_timeout).replace("\r\n", "\n")

    @Driver.check_active
    def eval(self, expr: str, timeout: float | None = None) -> Any:
        """The value of a Python expression whose repr() is a literal (numbers, strings, lists, dicts...)."""
        out = self.exec(f"print(repr({expr}))", timeout).strip()
        try:
            return ast.literal_eval(out)
        except (ValueError, SyntaxError) as e:
            raise ValueError(f"{self}: eval({expr!r}) printed {out!r}, which is not a Python literal") from e

    @Driver.check_active
    def interrupt(self) -> None:
        """Ctrl-C: the running code gets KeyboardInterrupt (collect it with raw.follow())."""
        self.raw.interrupt()

    @Driver.check_active
    @step()
    def soft_reset(self, timeout: float | None = None) -> str:
        """Ctrl-D: MicroPython restarts (the heap is cleared); what the board printed."""
        return self.raw.soft_reset(timeout or self.boot_timeout)

    def __str__(self) -> str:
        return f"MicroPythonDriver({self.target.name})"
