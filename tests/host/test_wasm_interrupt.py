# SPDX-License-Identifier: MIT
"""Ctrl-C during a wasm call: SIGINT to a host-port process stuck in an endless
wasm loop raises KeyboardInterrupt in Python; the instance stays usable."""

from __future__ import annotations

import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

from support.host import MICROPYTHON, current, script

pytestmark = [
    pytest.mark.skipif(not MICROPYTHON.exists(), reason=f"{MICROPYTHON} not built (make host)"),
    pytest.mark.usefixtures("wasm_source"),  # built-in and natmod (conftest.py)
]

WATCHDOG_S = 30  # the whole exchange takes about a second

BODY = """
e = wasm.Instance(wasm.Module(TRAPS)).exports
for i in range(2):
    print('spinning', i)
    try:
        e.spin()
    except KeyboardInterrupt:
        print('interrupted', i)
print('after', e.ok(), e.count(1000))
"""


def test_sigint_interrupts_wasm_loop():
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "spin.py"
        path.write_text(script(BODY, ("traps",)))
        proc = subprocess.Popen(
            [str(current().micropython), str(path)],
            cwd=current().cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # A process that ignores SIGINT must not hang the suite: kill it after
        # WATCHDOG_S, and its stdout ends (readline returns "").
        watchdog = threading.Timer(WATCHDOG_S, proc.kill)
        watchdog.start()
        try:
            for i in range(2):
                assert proc.stdout.readline().strip() == f"spinning {i}"
                time.sleep(0.3)  # well inside the endless loop
                assert proc.poll() is None, "process ended before SIGINT"
                proc.send_signal(signal.SIGINT)
                assert proc.stdout.readline().strip() == f"interrupted {i}"
            after = proc.stdout.readline().strip()
            proc.wait(timeout=10)
            err = proc.stderr.read()
        finally:
            watchdog.cancel()
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert after == "after 42 1000", err
    assert proc.returncode == 0, err
