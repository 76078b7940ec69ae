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

import argparse
import shutil
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fetch_micropython import ROOT, pip_download

PACKAGE = "littlefs-python==0.19.0"
ARCHIVE = "littlefs_python-0.19.0.tar.gz"
SHA256 = "4ce8c6eeeb2703abaf8cb60f2dab624b17af42b13df3dbc6c42d4142bad79a59"
INNER = "littlefs_python-0.19.0/littlefs/"
FILES = ("lfs.c", "lfs.h", "lfs_util.c", "lfs_util.h", "LICENSE.md")
DEST = ROOT / "deps" / "littlefs"
STAMP = DEST / ".fetched"


def unpack(archive: Path) -> None:
    tmp = DEST.with_name("littlefs.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    with tarfile.open(archive) as tar:
        for name in FILES:
            member = tar.getmember(INNER + name)
            member.name = name
            tar.extract(member, tmp, filter="data")
    shutil.rmtree(DEST, ignore_errors=True)
    tmp.rename(DEST)
    STAMP.write_text(SHA256 + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--force", action="store_true", help="download and unpack again")
    args = parser.parse_args()
    if STAMP.exists() and STAMP.read_text().strip() == SHA256 and not args.force:
        return
    with tempfile.TemporaryDirectory() as workdir:
        unpack(pip_download(PACKAGE, ARCHIVE, SHA256, Path(workdir)))
    print(f"fetch_littlefs: littlefs sources in {DEST.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
