# SPDX-License-Identifier: MIT
"""Load mplabgrid from an environment file: `imports: [../register.py]` (a path relative to the file).

labgrid loads an imported .py file by path, outside any package; this file puts the
package's parent folder on sys.path and imports its modules, which register
MicroPythonDriver and MicroPythonStrategy with labgrid.
"""

from __future__ import annotations

import sys
from pathlib import Path

_TESTS = str(Path(__file__).resolve().parents[1])
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)

import mplabgrid.driver  # noqa: E402 (registers MicroPythonDriver)
import mplabgrid.strategy  # noqa: E402,F401 (registers MicroPythonStrategy)
