#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Fetch MicroPython 1.23.0's core sources (py/, shared/, tools/, mpy-cross/).

They come from the PyPI sdist mpy-cross-v6-3==1.1.1, the one registry copy of
MicroPython's sources. The archive is pinned by sha256 and unpacked into
deps/micropython (git-ignored). Running it again is a no-op once unpacked.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "mpy-cross-v6-3==1.1.1"
ARCHIVE = "mpy_cross_v6_3-1.1.1.tar.gz"
SHA256 = "55414c358f5844c784e76d3b253cbd7af5f243ddd4c0b47a26d3875d628df300"
INNER = "mpy_cross_v6_3-1.1.1/micropython/"
ROOT = Path(__file__).resolve().parent.parent
DEST = ROOT / "deps" / "micropython"
STAMP = DEST / ".fetched"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def pip_download(package: str, archive: str, sha256: str, workdir: Path) -> Path:
    """`archive` (the sdist of `package`) in deps/, downloaded once and checked by sha256."""
    cached = ROOT / "deps" / archive
    if cached.exists() and sha256_of(cached) == sha256:
        return cached
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--no-binary",
            ":all:",
            package,
            "-d",
            str(workdir),
        ],
        check=True,
    )
    got = workdir / archive
    if not got.exists():
        sys.exit(f"fetch: pip did not produce {archive}")
    digest = sha256_of(got)
    if digest != sha256:
        sys.exit(f"fetch: {archive} has sha256 {digest}, expected {sha256}")
    cached.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(got, cached)
    return cached


def unpack(archive: Path) -> None:
    tmp = DEST.with_name("micropython.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if m.name.startswith(INNER)]
        for m in members:
            m.name = m.name[len(INNER) :]
        tar.extractall(tmp, members=[m for m in members if m.name], filter="data")
    # makemanifest.py insists that MPY_LIB_DIR exists and holds a README.md.
    (tmp / "lib" / "micropython-lib").mkdir(parents=True, exist_ok=True)
    (tmp / "lib" / "micropython-lib" / "README.md").write_text("placeholder: no micropython-lib\n")
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
    print(f"fetch_micropython: MicroPython 1.23.0 sources in {DEST.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
