# SPDX-License-Identifier: MIT
"""scripts/fetch_programs.py run twice at once (two worktrees sharing deps/, a
make beside a test): each fetch empties deps/debian/_download/NAME first, so
a second run pulled the first's download from under it before the .dsc was
checked. Here both runs fetch one made-up package into a temporary deps/debian,
apt-get and dpkg-source played by stand-ins (no archive): both must end well,
the package fetched once and unpacked whole."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import fetch_programs as F

ORIG = b"the upstream tarball's bytes\n"
ORIG_NAME = "demo_1.0.orig.tar.gz"
DSC = f"Source: demo\nChecksums-Sha256:\n {hashlib.sha256(ORIG).hexdigest()} {len(ORIG)} {ORIG_NAME}\n".encode()
DEMO = F.Package("demo", "1.0-1", hashlib.sha256(DSC).hexdigest(), "demo-1.0")


class StandIns:
    """subprocess.run for apt-get source (writes the .dsc and its file, then
    takes its time, as the archive does) and dpkg-source -x (unpacks one file)."""

    def __init__(self) -> None:
        self.downloads = 0
        self.count = threading.Lock()

    def run(self, cmd: list[str], cwd: Path | None = None, **_: object) -> subprocess.CompletedProcess:
        if cmd[:2] == ["apt-get", "source"]:
            with self.count:
                self.downloads += 1
            (Path(cwd) / DEMO.dsc).write_bytes(DSC)
            (Path(cwd) / ORIG_NAME).write_bytes(ORIG)
            time.sleep(0.5)  # the window a second run's download fell into
        elif cmd[0] == "dpkg-source":
            dest = Path(cmd[-1])
            dest.mkdir(parents=True)
            (dest / "demo.c").write_text("int demo;\n")
        else:
            raise AssertionError(f"unexpected command {cmd}")
        return subprocess.CompletedProcess(cmd, 0, "", "")


def test_two_runs_at_once_fetch_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    stand_ins = StandIns()
    monkeypatch.setattr(F, "DEST", tmp_path / "debian")
    monkeypatch.setattr(F, "PACKAGES", (DEMO,))
    monkeypatch.setattr(F, "ensure_deb_src", lambda: None)
    monkeypatch.setattr(F.subprocess, "run", stand_ins.run)
    monkeypatch.setattr(sys, "argv", ["fetch_programs.py", "demo"])
    failures: list[BaseException] = []

    def one_run() -> None:
        try:
            F.main()
        except BaseException as e:  # noqa: BLE001 (SystemExit too: the run's failure, kept for the assert)
            failures.append(e)

    runs = [threading.Thread(target=one_run) for _ in range(2)]
    for r in runs:
        r.start()
    for r in runs:
        r.join(timeout=60)
    assert not any(r.is_alive() for r in runs), "a run still waits"
    assert failures == []
    assert stand_ins.downloads == 1
    assert F.fetched(DEMO) and (tmp_path / "debian" / "demo-1.0" / "demo.c").is_file()
    assert not (tmp_path / "debian" / "_download").exists()
    # and again: a no-op
    F.main()
    assert stand_ins.downloads == 1
