# SPDX-License-Identifier: MIT
"""mplabgrid: MicroPython boards under labgrid (https://labgrid.readthedocs.io).

    MicroPythonDriver    raw REPL / raw-paste over any labgrid ConsoleProtocol (driver.py)
    MicroPythonStrategy  off -> booted -> repl, with power and flashing where the target has them
    Farm                 a coordinator, an exporter and QEMU boards on loopback (farm.py)

Importing mplabgrid.driver and mplabgrid.strategy registers the driver and the strategy
with labgrid's target factory; an environment file does so with
`imports: [<path>/mplabgrid/register.py]`.
The raw-REPL protocol itself is tests/hil/raw_repl.py, shared with the HIL harness.
labgrid lives in its own virtualenv (.venv-labgrid, see docs/lab.md): its pyserial fork
and mpremote's pyserial both install the `serial` package.
"""

from __future__ import annotations

import sys
from pathlib import Path

HIL_DIR = Path(__file__).resolve().parents[1] / "hil"
if str(HIL_DIR) not in sys.path:
    sys.path.insert(0, str(HIL_DIR))  # raw_repl: one protocol implementation for both harnesses

# The labgrid modules load on first use (mplabgrid.MicroPythonDriver, or register.py), so that
# a Python without labgrid can still import the package and be told what to run instead.
_LAZY = {
    "ConsoleLink": "driver",
    "MicroPythonDriver": "driver",
    "MicroPythonStrategy": "strategy",
    "Status": "strategy",
}
__all__ = list(_LAZY)


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module 'mplabgrid' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
