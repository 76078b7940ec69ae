#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Fetch MicroPython 1.23.0's core sources (py/, shared/, tools/, mpy-cross/).

They come from the PyPI sdist mpy-cross-v6-3==1.1.1, the one registry copy of
MicroPython's sources. The archive is pinned by sha256 and unpacked into
deps/micropython (git-ignored). Running it again is a no-op once unpacked.
"""

from __future__ import annotations

import sys
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pinned_sdist

SDIST = pinned_sdist.PinnedSdist(
    package="mpy-cross-v6-3==1.1.1",
    archive="mpy_cross_v6_3-1.1.1.tar.gz",
    sha256="55414c358f5844c784e76d3b253cbd7af5f243ddd4c0b47a26d3875d628df300",
    dest=pinned_sdist.DEPS / "micropython",
)
INNER = "mpy_cross_v6_3-1.1.1/micropython/"


def extract(tar: tarfile.TarFile, into: Path) -> None:
    members = [m for m in tar.getmembers() if m.name.startswith(INNER)]
    for m in members:
        m.name = m.name[len(INNER) :]
    tar.extractall(into, members=[m for m in members if m.name], filter="data")
    # makemanifest.py insists that MPY_LIB_DIR exists and holds a README.md.
    (into / "lib" / "micropython-lib").mkdir(parents=True, exist_ok=True)
    (into / "lib" / "micropython-lib" / "README.md").write_text("placeholder: no micropython-lib\n")


if __name__ == "__main__":
    pinned_sdist.main(__doc__, SDIST, extract, "MicroPython 1.23.0 sources")
