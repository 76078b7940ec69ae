# SPDX-License-Identifier: MIT
"""labgrid and mpremote each keep their own `serial`: the trap of issue #13.

labgrid's pyserial fork (PyPI pyserial-labgrid) and mpremote's upstream pyserial both
install the top-level package `serial`; installing one over the other silently swaps
the RFC 2217 client (upstream's hangs against ser2net). So labgrid lives in
.venv-labgrid (requirements-labgrid.txt) and mpremote in .venv (requirements.txt).
This runs in .venv-labgrid and looks into .venv too. test_farm.py shows the fork's
RFC 2217 working; tests/hil/test_repl.py::test_mpremote_exec shows mpremote working.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import serial

ROOT = Path(__file__).resolve().parents[2]
MAIN_VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
PROBE = """
import json, serial
from importlib import metadata
def have(d):
    try:
        return metadata.version(d)
    except metadata.PackageNotFoundError:
        return None
print(json.dumps({"serial": serial.__file__, "pyserial": have("pyserial"),
                  "pyserial-labgrid": have("pyserial-labgrid"), "mpremote": have("mpremote"),
                  "labgrid": have("labgrid")}))
"""


def have(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def test_labgrid_venv_has_the_fork_and_no_mpremote():
    assert have("labgrid") == "26.0.1"
    assert have("pyserial-labgrid"), "labgrid's pyserial fork should provide `serial` here"
    assert have("pyserial") is None, "upstream pyserial would overwrite the fork's `serial`"
    assert have("mpremote") is None, "mpremote pulls upstream pyserial: it belongs in .venv"
    assert Path(serial.__file__).is_relative_to(Path(sys.prefix))


def test_main_venv_has_mpremote_and_upstream_pyserial_and_no_labgrid():
    assert MAIN_VENV_PYTHON.exists(), "no .venv: run scripts/install_deps.sh"
    r = subprocess.run([str(MAIN_VENV_PYTHON), "-c", PROBE], capture_output=True, text=True, timeout=60, check=True)
    info = json.loads(r.stdout)
    assert info["mpremote"] and info["pyserial"], info
    assert info["pyserial-labgrid"] is None and info["labgrid"] is None, info
    assert ".venv-labgrid" not in info["serial"], info
