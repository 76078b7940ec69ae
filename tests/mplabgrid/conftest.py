# SPDX-License-Identifier: MIT
"""tests/mplabgrid: run with the labgrid venv, `.venv-labgrid/bin/python -m pytest tests/mplabgrid`."""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
for p in (TESTS, TESTS / "hil"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

try:
    import labgrid  # noqa: F401
except ImportError as e:  # the main .venv has mpremote's pyserial and no labgrid, on purpose
    # (pytest also loads this file when an option's value is a path under it: --lg-env envs/...)
    raise ImportError(
        "labgrid is not installed in this Python (on purpose: docs/lab.md); run `.venv-labgrid/bin/python -m pytest`"
    ) from e
