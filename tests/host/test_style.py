# SPDX-License-Identifier: MIT
"""House rules a reviewer would check by hand (../shared/STYLE.md): the engine
never includes MicroPython, every source file carries its SPDX line, and the
Python passes ruff (settings in pyproject.toml)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SOURCE_GLOBS = ("*.c", "*.h", "*.py", "*.sh", "*.mk", "*.ld", "*.wat", "*.s", "Makefile", ".ci/run")


def tracked(*globs: str) -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "--", *globs, *(f"**/{g}" for g in globs)],
        cwd=REPO, capture_output=True, text=True, check=True, timeout=30,
    ).stdout
    return sorted({REPO / line for line in out.splitlines() if line})


def test_engine_includes_nothing_from_micropython():
    engine = sorted((REPO / "modwasm" / "engine").glob("*.[ch]"))
    assert engine, "no engine sources found"
    offenders = [
        f"{p.relative_to(REPO)}:{n}: {line.strip()}"
        for p in engine
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if re.match(r'\s*#\s*include\s*[<"](py|shared|extmod|ports)/', line)
    ]
    assert offenders == []


def test_every_source_file_has_an_spdx_line():
    files = tracked(*SOURCE_GLOBS)
    assert len(files) > 50
    missing = [
        str(p.relative_to(REPO))
        for p in files
        if "SPDX-License-Identifier:" not in "\n".join(p.read_text(errors="replace").splitlines()[:3])
    ]
    assert missing == []


def test_python_passes_ruff():
    # The ruff of requirements.txt, beside this Python (.venv), before any other.
    beside = Path(sys.executable).parent / "ruff"
    ruff = str(beside) if beside.exists() else shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff not installed: pip install -r requirements.txt")
    proc = subprocess.run(
        [ruff, "check", "--output-format", "concise", "."], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
