# SPDX-License-Identifier: MIT
"""The bench's board runs talk to QEMU over pyserial, which `make deps` installs
into the project's .venv/ (not into the system's python3). A board script started
with another interpreter (`python3 bench/run.py --device`, as docs/benchmarks.md
writes it) runs itself again under .venv/bin/python, or says what is missing."""

from __future__ import annotations

import os
import sys
from pathlib import Path

VENV = Path(__file__).resolve().parents[2] / ".venv"


def ensure(what: str) -> None:
    """Return if pyserial imports here; else re-run this process under the project's venv."""
    try:
        import serial  # noqa: F401
    except ModuleNotFoundError:
        python = VENV / "bin" / "python"
        if python.exists() and Path(sys.prefix).resolve() != VENV.resolve():
            os.execv(python, [str(python), *sys.argv])
        raise SystemExit(
            f"{what} talks to QEMU over pyserial, which is not in {sys.executable}'s path: "
            f"`make deps` installs it into {VENV}/ (run the script with {python})"
        ) from None
