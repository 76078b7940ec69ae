# SPDX-License-Identifier: MIT
"""MicroPythonStrategy: bring a board from off through booted to the MicroPython REPL.

    strategy = target.get_driver("MicroPythonStrategy")
    strategy.transition("repl")      # off -> (flash) -> power on -> console -> REPL prompt
    strategy.transition("off")

States:
  off      console and REPL inactive; power off if the target has a power driver
  booted   flashed (if the target has a flasher and an image), powered on, console open
  repl     MicroPythonDriver at the raw REPL prompt (or the friendly one, as a fallback)

Which steps run depends on what the environment binds: a QEMU target's QEMUDriver is
its console and its power (on() starts QEMU, the firmware is its -kernel); a remote
place's network serial port has neither power nor flashing (the exporter's host runs
the board); a real board may add a PowerProtocol and a flasher (OpenOCDDriver,
whose load() programs the image, or DFUDriver, whose download() does; with a
DigitalOutput on BOOT0 the strategy puts the board in its DFU bootloader itself).
"""

from __future__ import annotations

import enum

import attr
from labgrid.factory import target_factory
from labgrid.step import step
from labgrid.strategy.common import Strategy, StrategyError, never_retry


class Status(enum.Enum):
    unknown = 0
    off = 1
    booted = 2
    repl = 3


@target_factory.reg_driver
@attr.s(eq=False)
class MicroPythonStrategy(Strategy):
    """Args:
    image: the env file's `images:` key of the firmware to flash on the way to booted (None: don't flash)
    dfu_altsetting: the DFU alternate setting to download to (a pyboard's internal flash: 0)
    """

    bindings = {
        "console": "ConsoleProtocol",
        "micropython": "MicroPythonDriver",
        "power": {"PowerProtocol", None},
        "flasher": {"BootstrapProtocol", "DFUDriver", None},
        "bootmode": {"DigitalOutputProtocol", None},  # a lab GPIO on BOOT0: high = the ROM's DFU bootloader
    }

    status = attr.ib(default=Status.unknown)
    image = attr.ib(default=None, validator=attr.validators.optional(attr.validators.instance_of(str)))
    dfu_altsetting = attr.ib(default=0, validator=attr.validators.instance_of(int))

    @never_retry
    @step(args=["status"])
    def transition(self, status: Status | str, *, step) -> None:  # step: labgrid's
        if not isinstance(status, Status):
            status = Status[status]
        if status == Status.unknown:
            raise StrategyError(f"can not transition to {status}")
        if status == self.status:
            step.skip("nothing to do")
            return
        if status == Status.off:
            self.target.deactivate(self.micropython)
            if self.power is not None:
                self.target.activate(self.power)
                self.power.off()
            self.target.deactivate(self.console)
        elif status == Status.booted:
            self.transition(Status.off)
            self._flash()
            if self.power is not None:
                self.target.activate(self.power)
                self.power.on()
            self.target.activate(self.console)
        elif status == Status.repl:
            if self.status != Status.booted:
                self.transition(Status.booted)
            self.target.activate(self.micropython)
            self.micropython.enter()
        self.status = status

    def _flash(self) -> None:
        """Write `image` with the flasher, if the target has both; the board is off before and after."""
        if self.flasher is None or self.image is None:
            return
        self.target.activate(self.flasher)
        path = self.target.env.config.get_image_path(self.image)
        if not hasattr(self.flasher, "download"):  # BootstrapProtocol (OpenOCDDriver): load_commands program it
            self.flasher.load(path)
            return
        # DFUDriver: the board must sit in its DFU bootloader. With a boot-mode output and
        # power, the strategy puts it there; otherwise someone has (pyboard: BOOT0 jumper).
        if self.bootmode is not None:
            self.target.activate(self.bootmode)
            self.bootmode.set(True)
            if self.power is not None:
                self.target.activate(self.power)
                self.power.on()
        self.flasher.download(self.dfu_altsetting, path)
        if self.bootmode is not None:
            self.bootmode.set(False)  # next power-on runs the firmware
            if self.power is not None:
                self.power.off()
        else:
            self.flasher.detach(self.dfu_altsetting)

    @never_retry
    @step(args=["status"])
    def force(self, status: Status | str, *, step) -> None:
        """Take `status` as the state the board is in now (during development: `--lg-initial-state`)."""
        if not isinstance(status, Status):
            status = Status[status]
        if status == Status.off:
            self.target.deactivate(self.micropython)
        elif status == Status.booted:
            self.target.activate(self.console)
        elif status == Status.repl:
            self.target.activate(self.console)
            self.target.activate(self.micropython)
        else:
            raise StrategyError(f"can not force state {status}")
        self.status = status
