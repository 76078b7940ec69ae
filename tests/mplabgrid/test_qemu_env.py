# SPDX-License-Identifier: MIT
"""MicroPythonDriver and MicroPythonStrategy on a real firmware: envs/qemu-mps2_an385.yaml.

labgrid's QEMUDriver boots build/mps2_an385/firmware.elf; the strategy takes it
off -> booted -> repl and back to off, where QEMU must be gone.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from labgrid import Environment

from mplabgrid import MicroPythonDriver, Status
from mplabgrid.farm import running
from raw_repl import DeviceError, ReplTimeout

ENV = Path(__file__).resolve().parent / "envs" / "qemu-mps2_an385.yaml"
FIRMWARE = Path(__file__).resolve().parents[2] / "build" / "mps2_an385" / "firmware.elf"


@pytest.fixture(scope="module")
def env() -> Iterator[Environment]:
    if not FIRMWARE.is_file():
        pytest.fail(f"no {FIRMWARE}: run `make firmware BOARD=mps2_an385`", pytrace=False)
    env = Environment(str(ENV))
    try:
        yield env
    finally:
        env.cleanup()


@pytest.fixture(scope="module")
def mp(env: Environment) -> MicroPythonDriver:
    target = env.get_target()
    target.get_driver("MicroPythonStrategy").transition("repl")
    return target.get_driver("MicroPythonDriver")


def test_exec_eval_and_errors(mp: MicroPythonDriver):
    assert mp.exec("print(1 + 2)") == "3\n"
    assert mp.eval("(2 ** 70, [1.5, 'x'])") == (2**70, [1.5, "x"])
    with pytest.raises(DeviceError) as info:
        mp.exec("import wasm\nwasm.Module(b'not wasm')")
    assert (info.value.exc_type, info.value.message) == ("CompileError", "magic header not detected at offset 0x0")
    assert mp.exec("print('alive')") == "alive\n"


def test_payload_of_100_kb_through_raw_paste(mp: MicroPythonDriver):
    s = "".join(chr(48 + i % 43) for i in range(100_000))
    out = mp.exec(f"s = '{s}'\nprint(len(s), sum(s.encode()) % 65521)\ndel s", timeout=120)
    assert out == f"100000 {sum(s.encode()) % 65521}\n"
    assert mp.raw.raw_paste_used


def test_timeout_keeps_partial_output_and_interrupts(mp: MicroPythonDriver):
    started = time.monotonic()
    with pytest.raises(ReplTimeout) as info:
        mp.exec("print('partial')\nwhile True:\n    pass", timeout=1.0)
    assert b"partial" in info.value.received
    assert time.monotonic() - started < 10
    assert mp.exec("print('after')") == "after\n"  # interrupted, prompt found again


def test_ctrl_c_interrupts_a_busy_loop(mp: MicroPythonDriver):
    mp.raw.exec_start("while True:\n    pass")
    time.sleep(0.3)
    mp.interrupt()
    _out, err = mp.raw.follow(timeout=10)
    assert "KeyboardInterrupt" in err


def test_soft_reset_clears_state(mp: MicroPythonDriver):
    mp.exec("kept = 1")
    assert "soft reboot" in mp.soft_reset()
    with pytest.raises(DeviceError, match="NameError"):
        mp.exec("print(kept)")


def test_filesystem_survives_a_soft_reset(mp: MicroPythonDriver):
    """The env file gives QEMU the semihosting filesystem (extra_args), as run_qemu.py does."""
    mp.exec("with open('/labgrid.txt', 'w') as f:\n    f.write('kept')")
    mp.soft_reset()
    assert mp.exec("print(open('/labgrid.txt').read())") == "kept\n"
    mp.exec("import os\nos.remove('/labgrid.txt')")


def test_off_stops_qemu(env: Environment, mp: MicroPythonDriver):
    target = env.get_target()
    qemu = target.get_driver("QEMUDriver", activate=False)
    pid = qemu._child.pid
    strategy = target.get_driver("MicroPythonStrategy")
    strategy.transition("off")
    assert strategy.status == Status.off and not running(pid)
    strategy.transition("repl")  # and back, on a fresh QEMU
    assert target.get_driver("MicroPythonDriver").exec("print('again')") == "again\n"
    strategy.transition("off")
