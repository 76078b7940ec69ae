# SPDX-License-Identifier: MIT
"""MicroPythonDriver and MicroPythonStrategy against a scripted stand-in board on a labgrid console.

The stand-in is tests/hil/test_raw_repl.py's FakeDevice (MicroPython's pyexec byte for
byte where the client cares), here behind a labgrid ConsoleProtocol driver, plus the
friendly REPL's paste mode for the fallback. No QEMU: test_farm.py has the real boards.
"""

from __future__ import annotations

import contextlib
import io
import time
from pathlib import Path

import attr
import pytest
from labgrid import Environment, Target
from labgrid.driver.common import Driver
from labgrid.driver.dfudriver import DFUDriver
from labgrid.protocol import ConsoleProtocol, DigitalOutputProtocol, PowerProtocol
from labgrid.strategy.common import StrategyError
from pexpect import TIMEOUT

from mplabgrid import MicroPythonDriver, MicroPythonStrategy, Status
from raw_repl import DeviceError, ReplTimeout
from test_raw_repl import FakeDevice

PASTE_BANNER = b"\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== "


class FriendlyDevice(FakeDevice):
    """FakeDevice plus the friendly REPL's paste mode; `raw_repl=False`: Ctrl-A does nothing."""

    def __init__(self, raw_repl: bool = True, **kw: object) -> None:
        super().__init__(**kw)
        self.raw_repl = raw_repl
        self.friendly_paste: bytearray | None = None

    def feed(self, c: bytes) -> None:
        if self.mode != "friendly":
            return super().feed(c)
        if self.friendly_paste is not None:
            if c == b"\x04":
                code, self.friendly_paste = bytes(self.friendly_paste), None
                self.out += b"\r\n"
                self.run_friendly(code)
            elif c == b"\x03":
                self.friendly_paste = None
                self.out += b"\r\n>>> "
            else:
                self.friendly_paste += c
                self.out += b"\r\n=== " if c == b"\r" else c
        elif c == b"\x05":
            self.friendly_paste = bytearray()
            self.out += PASTE_BANNER
        elif c == b"\x04":
            self.globals = {}
            self.out += b"MPY: soft reboot\r\nMicroPython fake\r\n>>> "
        elif c == b"\x01" and not self.raw_repl:
            pass
        else:
            super().feed(c)

    def run_friendly(self, code: bytes) -> None:
        stdout, err = io.StringIO(), ""
        try:
            with contextlib.redirect_stdout(stdout):
                exec(compile(code, "<stdin>", "exec"), self.globals)  # exec: the tests' own code
        except Exception as e:  # noqa: BLE001
            err = f"Traceback (most recent call last):\n{type(e).__name__}: {e}\n"
        self.out += (stdout.getvalue() + err).replace("\n", "\r\n").encode() + b">>> "


@attr.s(eq=False)
class FakeConsole(Driver, ConsoleProtocol):
    """A labgrid console whose far end is a FakeDevice; `power_on` counts the strategy's calls."""

    device = attr.ib(factory=FakeDevice)

    def on_activate(self) -> None:
        pass

    def on_deactivate(self) -> None:
        pass

    @Driver.check_active
    def read(self, size: int = 1, timeout: float = 0.0, max_size: int | None = None) -> bytes:
        deadline = time.monotonic() + timeout
        while not self.device.out:
            if time.monotonic() >= deadline:
                raise TIMEOUT(f"Timeout of {timeout:.2f} seconds exceeded")
            time.sleep(0.001)
        return self.device.read(max(size, max_size or len(self.device.out)))

    @Driver.check_active
    def write(self, data: bytes) -> int:
        return self.device.write(data)


@attr.s(eq=False)
class FakePower(Driver, PowerProtocol):
    """A PowerProtocol stand-in that records on/off."""

    calls = attr.ib(factory=list)

    def on(self) -> None:
        self.calls.append("on")

    def off(self) -> None:
        self.calls.append("off")

    def cycle(self) -> None:
        self.calls.append("cycle")


def make_target(device: FakeDevice, power: bool = False, **driver_args: object) -> tuple[Target, FakeConsole]:
    t = Target("fake-board")
    console = FakeConsole(t, "console", device=device)
    if power:
        FakePower(t, "power")
    MicroPythonDriver(t, "micropython", **driver_args)
    MicroPythonStrategy(t, "strategy")
    return t, console


def repl_of(device: FakeDevice, **driver_args: object) -> MicroPythonDriver:
    t, _ = make_target(device, **driver_args)
    t.get_driver("MicroPythonStrategy").transition("repl")
    return t.get_driver("MicroPythonDriver")


def test_exec_and_eval_through_raw_paste():
    mp = repl_of(FakeDevice())
    assert mp.exec("print(6 * 7)") == "42\n"
    assert mp.eval("[1, 'two', {3: 4.5}, None]") == [1, "two", {3: 4.5}, None]
    assert mp.raw.raw_paste_used


def test_payload_of_100_kb_is_flow_controlled():
    dev = FakeDevice()
    mp = repl_of(dev)
    s = "z" * 100_000
    assert mp.exec(f"s = '{s}'\nprint(len(s))", timeout=60) == "100000\n"
    assert dev.pasted > 100_000  # all of it went through raw-paste windows (WINDOW bytes each)


def test_plain_raw_fallback_without_raw_paste():
    mp = repl_of(FakeDevice(raw_paste=False))
    assert mp.exec("print('plain')") == "plain\n"
    assert not mp.raw.raw_paste_used


def test_device_error_carries_type_message_and_stdout():
    mp = repl_of(FakeDevice())
    with pytest.raises(DeviceError) as info:
        mp.exec("print('before')\nraise KeyError('k')")
    assert info.value.exc_type == "KeyError" and info.value.stdout == "before\r\n"
    assert mp.exec("print('after')") == "after\n"


def test_eval_of_a_non_literal_says_what_it_got():
    mp = repl_of(FakeDevice())
    mp.exec("class C:\n    def __repr__(self):\n        return '<C object>'")
    with pytest.raises(ValueError, match="printed '<C object>', which is not a Python literal"):
        mp.eval("C()")


def test_timeout_keeps_partial_output():
    dev = FakeDevice()
    mp = repl_of(dev)
    mp.exec("x = 1")
    dev.mute = True  # from now on the board says nothing more...
    dev.out += b"OKpartial out"  # ...after starting to answer
    with pytest.raises(ReplTimeout) as info:
        mp.raw.follow(timeout=0.3)
    assert b"partial out" in info.value.received


def test_ctrl_c_and_soft_reset():
    dev = FakeDevice()
    mp = repl_of(dev)
    mp.exec("a = 5")
    mp.interrupt()  # at the raw prompt: nothing to interrupt, the line stays usable
    assert mp.exec("print(a)") == "5\n"
    assert "soft reboot" in mp.soft_reset(timeout=2)
    with pytest.raises(DeviceError, match="NameError"):
        mp.exec("print(a)")


def test_friendly_repl_fallback_when_raw_repl_never_answers():
    dev = FriendlyDevice(raw_repl=False)
    mp = repl_of(dev, boot_timeout=1.0)
    assert mp.raw.friendly
    assert mp.exec("print(2 + 3)\nprint('two lines')") == "5\ntwo lines\n"
    with pytest.raises(DeviceError) as info:
        mp.exec("print('out first')\n1 / 0")
    assert info.value.exc_type == "ZeroDivisionError" and info.value.stdout == "out first\r\n"
    assert mp.eval("len('x' * 700)") == 700  # more than one paced chunk
    assert "soft reboot" in mp.soft_reset(timeout=2)


def test_no_fallback_when_disabled():
    t, _ = make_target(FriendlyDevice(raw_repl=False), boot_timeout=0.5, friendly_fallback=False)
    with pytest.raises(StrategyError) as info:
        t.get_driver("MicroPythonStrategy").transition("repl")
    assert isinstance(info.value.__cause__, ReplTimeout)
    assert "raw REPL banner" in str(info.value.__cause__)


def test_a_board_that_never_answers_fails_within_the_timeout():
    t, _ = make_target(FakeDevice(mute=True), boot_timeout=1.0)
    started = time.monotonic()
    with pytest.raises(StrategyError) as info:
        t.get_driver("MicroPythonStrategy").transition("repl")
    assert time.monotonic() - started < 5
    assert "the raw REPL banner, then the friendly prompt" in str(info.value.__cause__)


def test_strategy_powers_on_and_off_where_the_target_has_power():
    t, console = make_target(FakeDevice(), power=True)
    strategy = t.get_driver("MicroPythonStrategy")
    power = t.get_driver(FakePower, activate=False)
    strategy.transition("repl")
    assert power.calls == ["off", "on"] and strategy.status == Status.repl
    strategy.transition("off")
    assert power.calls == ["off", "on", "off"]
    assert not t.get_driver("MicroPythonDriver", activate=False).repl  # deactivated: off means off
    strategy.transition("repl")
    assert power.calls[-1] == "on"
    assert t.get_driver("MicroPythonDriver").exec("print('back')") == "back\n"


@attr.s(eq=False)
class FakeDFU(DFUDriver):
    """labgrid's DFUDriver without the USB device: records what it would run."""

    bindings: dict = {}  # labgrid's class attribute
    log = attr.ib(factory=list)

    def __attrs_post_init__(self) -> None:
        Driver.__attrs_post_init__(self)

    def download(self, altsetting: int, filename: str) -> None:
        self.log.append(("download", altsetting, Path(filename).name))

    def detach(self, altsetting: int) -> None:
        self.log.append(("detach", altsetting))


@attr.s(eq=False)
class FakeBootPin(Driver, DigitalOutputProtocol):
    log = attr.ib(factory=list)

    def get(self) -> bool:
        return bool(self.log and self.log[-1])

    def set(self, status: bool) -> None:
        self.log.append(status)


def test_strategy_flashes_over_dfu_with_a_boot_pin_and_power(tmp_path: Path):
    firmware = tmp_path / "firmware.dfu"
    firmware.write_bytes(b"DfuSe")
    config = tmp_path / "env.yaml"
    config.write_text(f"images:\n  firmware: {firmware}\n")
    t = Target("pyboard", env=Environment(str(config)))
    FakeConsole(t, "console", device=FakeDevice())
    power = FakePower(t, "power")
    dfu = FakeDFU(t, "dfu")
    pin = FakeBootPin(t, "bootmode")
    MicroPythonDriver(t, "micropython")
    strategy = MicroPythonStrategy(t, "strategy", image="firmware")
    # one timeline of the three drivers
    timeline: list = []
    power.calls, dfu.log, pin.log = timeline, timeline, timeline
    strategy.transition("repl")
    assert timeline == ["off", True, "on", ("download", 0, "firmware.dfu"), False, "off", "on"]
    assert t.get_driver("MicroPythonDriver").exec("print('flashed')") == "flashed\n"


def test_strategy_without_boot_pin_detaches_after_download(tmp_path: Path):
    config = tmp_path / "env.yaml"
    config.write_text(f"images:\n  firmware: {tmp_path / 'fw.dfu'}\n")
    t = Target("pyboard", env=Environment(str(config)))
    FakeConsole(t, "console", device=FakeDevice())
    dfu = FakeDFU(t, "dfu")
    MicroPythonDriver(t, "micropython")
    MicroPythonStrategy(t, "strategy", image="firmware").transition("repl")
    assert dfu.log == [("download", 0, "fw.dfu"), ("detach", 0)]
