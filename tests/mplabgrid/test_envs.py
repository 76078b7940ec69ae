# SPDX-License-Identifier: MIT
"""The environment files under envs/ load and bind as their comments say.

No hardware here: labgrid builds each target (udev resources simply stay unavailable),
and the test checks which driver MicroPythonStrategy got for each step. The QEMU file
runs for real in test_qemu_env.py, the remote place in test_farm.py (generated the same way).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from labgrid import Environment
from labgrid.exceptions import InvalidConfigError

from mplabgrid.hil import board_of

ENVS = Path(__file__).resolve().parent / "envs"


def strategy_of(name: str) -> tuple[Environment, object]:
    env = Environment(str(ENVS / name))
    target = env.get_target()
    return env, target.get_driver("MicroPythonStrategy", activate=False)


def test_qemu_board_is_console_and_power_without_flasher():
    env, s = strategy_of("qemu-mps2_an385.yaml")
    assert type(s.console).__name__ == "QEMUDriver" and s.power is s.console
    assert s.flasher is None and board_of(env) == "mps2_an385"
    assert env.config.get_image_path("firmware").endswith("build/mps2_an385/firmware.elf")
    env.cleanup()


def test_pyboard_flashes_through_dfu():
    env, s = strategy_of("pyboard-dfu.yaml")
    assert type(s.flasher).__name__ == "DFUDriver" and s.image == "firmware"
    assert type(s.console).__name__ == "SerialDriver" and s.power is None
    assert env.config.get_image_path("firmware").endswith("build/pyboard_v11/firmware.dfu")
    env.cleanup()


def test_stlink_board_flashes_through_openocd():
    env, s = strategy_of("stlink-openocd.yaml")
    assert type(s.flasher).__name__ == "OpenOCDDriver"
    assert any("program {filename}" in c for c in s.flasher.load_commands)
    env.cleanup()


def test_remote_place_needs_the_place_name(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("LG_PLACE", raising=False)
    with pytest.raises(InvalidConfigError, match="unknown variable 'LG_PLACE'"):
        Environment(str(ENVS / "remote-place.yaml"))
    monkeypatch.setenv("LG_PLACE", "mpwasm-pyboard-1")
    env = Environment(str(ENVS / "remote-place.yaml"))
    place = env.config.get_targets()["main"]["resources"]["RemotePlace"]["name"]
    assert place == "mpwasm-pyboard-1" and board_of(env) == "pyboard_v11"


def test_exporter_config_renders_to_two_boards():
    from labgrid.remote.config import ResourceConfig

    config = ResourceConfig(str(ENVS / "exporter-lab.yaml"))
    assert set(config.data) == {"pyboard-1", "stm32f4-stlink-1"}
    assert set(config.data["pyboard-1"]) == {"USBSerialPort", "DFUDevice"}
    assert set(config.data["stm32f4-stlink-1"]) == {"USBSerialPort", "USBDebugger"}
