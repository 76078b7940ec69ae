# SPDX-License-Identifier: MIT
"""One pinned PyPI sdist, part of which is unpacked into deps/ (git-ignored).

fetch_micropython.py and fetch_littlefs.py each name a package, its archive's
sha256 and which of its files to take; this module does the rest the same way
for both: `pip download` the sdist once (kept in deps/, checked by sha256 each
time it is used), unpack into a temporary folder beside the destination,
replace the destination with it and stamp it with the sha256. Running it
again is a no-op once the stamp matches (`--force` unpacks again).
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPS = ROOT / "deps"


@dataclass(frozen=True)
class PinnedSdist:
    """A PyPI source archive pinned by version and sha256, and the deps/ folder it unpacks into."""

    package: str  # pip's requirement, "name==version"
    archive: str  # the sdist's file name
    sha256: str
    dest: Path

    @property
    def stamp(self) -> Path:
        return self.dest / ".fetched"


# Extracts what is wanted from the open archive into the (empty, existing) folder.
Extract = Callable[[tarfile.TarFile, Path], None]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def pip_download(sdist: PinnedSdist, workdir: Path) -> Path:
    """The sdist's archive in deps/, downloaded once and checked by sha256."""
    cached = DEPS / sdist.archive
    if cached.exists() and sha256_of(cached) == sdist.sha256:
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
            sdist.package,
            "-d",
            str(workdir),
        ],
        check=True,
    )
    got = workdir / sdist.archive
    if not got.exists():
        sys.exit(f"fetch: pip did not produce {sdist.archive}")
    digest = sha256_of(got)
    if digest != sdist.sha256:
        sys.exit(f"fetch: {sdist.archive} has sha256 {digest}, expected {sdist.sha256}")
    cached.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(got, cached)
    return cached


def fetch(sdist: PinnedSdist, extract: Extract, force: bool = False) -> bool:
    """Unpack `sdist` into its dest with `extract`; False (and nothing done) if already there."""
    if sdist.stamp.exists() and sdist.stamp.read_text().strip() == sdist.sha256 and not force:
        return False
    tmp = sdist.dest.with_name(sdist.dest.name + ".tmp")
    with tempfile.TemporaryDirectory() as workdir:
        archive = pip_download(sdist, Path(workdir))
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        with tarfile.open(archive) as tar:
            extract(tar, tmp)
    shutil.rmtree(sdist.dest, ignore_errors=True)
    tmp.rename(sdist.dest)
    sdist.stamp.write_text(sdist.sha256 + "\n")
    return True


def main(description: str, sdist: PinnedSdist, extract: Extract, what: str) -> None:
    """A fetch script's command line: fetch unless fetched (`--force`: again), say where `what` went."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--force", action="store_true", help="download and unpack again")
    args = parser.parse_args()
    if fetch(sdist, extract, args.force):
        print(f"{parser.prog.removesuffix('.py')}: {what} in {sdist.dest.relative_to(ROOT)}")
