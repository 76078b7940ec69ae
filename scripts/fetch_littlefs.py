#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Fetch littlefs v2.11's C sources (lfs.c, lfs.h, lfs_util.c, lfs_util.h).

They come from the PyPI sdist littlefs-python==0.19.0, which carries littlefs
as a git submodule; the same package (its wheel, from requirements.txt) is the
host side: scripts/fsimage.py builds, lists and extracts images with it. The
archive is pinned by sha256 and its littlefs/ folder unpacked into
deps/littlefs (git-ignored). Running it again is a no-op once unpacked.
"""

from __future__ import annotations

import sys
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pinned_sdist

SDIST = pinned_sdist.PinnedSdist(
    package="littlefs-python==0.19.0",
    archive="littlefs_python-0.19.0.tar.gz",
    sha256="4ce8c6eeeb2703abaf8cb60f2dab624b17af42b13df3dbc6c42d4142bad79a59",
    dest=pinned_sdist.DEPS / "littlefs",
)
INNER = "littlefs_python-0.19.0/littlefs/"
FILES = ("lfs.c", "lfs.h", "lfs_util.c", "lfs_util.h", "LICENSE.md")


def extract(tar: tarfile.TarFile, into: Path) -> None:
    for name in FILES:
        member = tar.getmember(INNER + name)
        member.name = name
        tar.extract(member, into, filter="data")


if __name__ == "__main__":
    pinned_sdist.main(__doc__, SDIST, extract, "littlefs sources")
