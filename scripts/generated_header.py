# SPDX-License-Identifier: MIT
"""A generated engine header: rewrite it, or with --check exit 1 if it is stale.

scripts/gen_code_meanings.py and scripts/gen_detail_text.py each render one
header from mw_int.h's rows and hand it to main(); their tests run the
generator with --check (check()).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
ROOT = SCRIPTS.parent


def main(header: Path, render: Callable[[], str], script: str, description: str) -> int:
    """The command line of a generator: write header if render() differs from it;
    with --check write nothing and exit 1 (naming the command to run) if it does."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--check", action="store_true", help="exit 1 if the header is stale")
    args = ap.parse_args()
    text = render()
    current = header.read_text() if header.exists() else ""
    if current == text:
        return 0
    if args.check:
        print(f"{header.relative_to(ROOT)} is stale: run python3 scripts/{script}", file=sys.stderr)
        return 1
    header.write_text(text)
    return 0


def check(script: str) -> subprocess.CompletedProcess[str]:
    """Run scripts/<script> --check (tests: returncode 0 when its header is current)."""
    return subprocess.run(
        [sys.executable, str(SCRIPTS / script), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
