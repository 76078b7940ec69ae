# SPDX-License-Identifier: MIT
"""The environment files under envs/ load and bind as their comments say.

No hardware here: labgrid builds each target (udev resources simply stay unavailable),
and the test checks which driver MicroPythonStrategy got for each step. The QEMU file
runs for real in test_qemu_env.py, the remote place in test_farm.py (generated the same way).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from labgrid import Environment
from labgrid.exceptions import InvalidConfigError

from mplabgrid.hil import board_of

ENVS = Path(__file__).resolve().parent / "envs"
ROOT = Path(__file__).resolve().parents[2]
INNER_TIMEOUT_S = 120  # an inner pytest that only configures and collects (no board is reached)


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
    # no board in the file: --board names the one each place holds (before session 23 it said
    # pyboard_v11, and --board with any other board was refused as a mismatch)
    assert place == "mpwasm-pyboard-1" and board_of(env) is None


def test_exporter_config_renders_to_two_boards():
    from labgrid.remote.config import ResourceConfig

    config = ResourceConfig(str(ENVS / "exporter-lab.yaml"))
    assert set(config.data) == {"pyboard-1", "stm32f4-stlink-1"}
    assert set(config.data["pyboard-1"]) == {"USBSerialPort", "DFUDevice"}
    assert set(config.data["stm32f4-stlink-1"]) == {"USBSerialPort", "USBDebugger"}


def inner(*args: str, coordinator: str | None = None) -> str:
    """tests/hil's pytest in this venv with a remote place that is never reached: its exit code
    and output, one string ("rc=N" first)."""
    env = dict(os.environ, LG_PLACE="mpwasm-nowhere")
    if coordinator:
        env["LG_COORDINATOR"] = coordinator
    cmd = [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", *args]
    r = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=INNER_TIMEOUT_S, check=False)
    return f"rc={r.returncode}\n{r.stdout}{r.stderr}"


@pytest.mark.parametrize("board", ["pyboard_v11", "nucleo_f446re"])
def test_one_remote_place_file_serves_each_board(board: str):
    """A lab with a place per board runs remote-place.yaml with --board (before session 23 the
    file said pyboard_v11, so any other --board was refused as a mismatch). A board with no
    QEMU machine skips the tests that boot their own QEMU (they used to start one, or fail
    trying: `make run` for a pyboard)."""
    out = inner(
        *("tests/hil/test_mpremote_fs.py", "tests/hil/test_fs_qemu.py", "-k", "newcomer or fs_qemu"),
        *("--lg-env", str(ENVS / "remote-place.yaml"), "--board", board),
    )
    # test_fs_qemu.py's six and test_mpremote_fs.py's newcomer path
    assert out.startswith("rc=0\n") and "7 skipped" in out, out
    assert out.count(f"QEMU only: {board} has no QEMU machine") == 7, out


def test_a_target_the_suite_cannot_use_is_one_clear_line(tmp_path: Path):
    """No board named anywhere; an env file whose target is not `main` (another lab's naming)
    or that has no options at all: each a usage error naming what to change, never
    labgrid's KeyError as an INTERNALERROR (a file without `options:` gave one before)."""
    remote = str(ENVS / "remote-place.yaml")
    out = inner("tests/hil/test_repl.py", "--lg-env", remote)
    assert out.startswith("rc=4\n") and "say which board the labgrid target is: --board NAME" in out, out
    bench = tmp_path / "bench.yaml"
    bench.write_text("targets:\n  bench:\n    drivers: {}\n")
    out = inner("tests/hil/test_repl.py", "--lg-env", str(bench), "--board", "mps2_an385")
    assert out.startswith("rc=4\n") and "has no target 'main' (targets: bench)" in out, out
    out = inner("tests/hil/test_repl.py", "--lg-env", remote, "--board", "nosuch")
    assert out.startswith("rc=4\n") and "unknown board 'nosuch'; known boards: " in out, out
    assert "INTERNALERROR" not in out


def test_an_unreachable_coordinator_names_its_address():
    """A remote place's coordinator (LG_COORDINATOR) that nobody answers on: the test fails at
    once with the address it tried (before session 23 the line said only "Could not connect
    to coordinator")."""
    out = inner(
        *("tests/hil/test_repl.py", "-k", "print_and", "--lg-env", str(ENVS / "remote-place.yaml")),
        *("--board", "mps2_an385"),
        coordinator="127.0.0.1:1",
    )
    assert not out.startswith("rc=0\n"), out
    assert "getting the target (its place on coordinator 127.0.0.1:1): " in out, out
