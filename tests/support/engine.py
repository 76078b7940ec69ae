# SPDX-License-Identifier: MIT
"""Building the engine alone with the host's gcc, for the tests that run it
without MicroPython (tests/host/test_engine_unit.py, test_sheap_unit.py,
test_images.py): every engine source plus the test's own, into build/engine-tests/.
The engine's objects are compiled once for each set of flags and shared by every
test that asks for the same (test_sheap_unit's two programs and test_images'
damaged-images one: ASan and UBSan at -O1)."""

from __future__ import annotations

import fcntl
import hashlib
import subprocess
from pathlib import Path

from support.build import REPO

ENGINE = REPO / "modwasm" / "engine"
TESTS = REPO / "tests" / "engine"
OUT = REPO / "build" / "engine-tests"
WARN = ["-Wall", "-Wextra", "-Werror", "-Wdouble-promotion", "-Wfloat-conversion"]
BASE = ["gcc", "-std=c11", "-g", *WARN, f"-I{ENGINE}"]
LINK_ONLY = frozenset({"-shared"})


def engine_objects(flags: list[str]) -> list[Path]:
    """The engine's objects compiled with `flags` into build/engine-tests/obj-<key>/,
    the key the flags and the engine's sources and headers: compiled by the first
    test that asks (the others, in this worker or the other, wait on a lock)."""
    srcs = sorted(ENGINE.glob("*.c"))
    cflags = [f for f in flags if f not in LINK_ONLY]
    key = hashlib.sha256("\0".join([*BASE, *cflags]).encode())
    for p in srcs + sorted(ENGINE.glob("*.h")):
        key.update(p.name.encode() + b"\0" + p.read_bytes())
    odir = OUT / f"obj-{key.hexdigest()[:16]}"
    odir.mkdir(parents=True, exist_ok=True)
    objs = [odir / (p.stem + ".o") for p in srcs]
    with open(odir / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (odir / "done").exists():
            for src, obj in zip(srcs, objs):
                subprocess.run([*BASE, *cflags, "-c", str(src), "-o", str(obj)], check=True, timeout=600)
            (odir / "done").write_text("")
    return objs


def gcc_engine(out_name: str, sources: list[Path], flags: list[str]) -> Path:
    """build/engine-tests/`out_name` from the engine and `sources`, compiled
    with gcc -std=c11, the engine's warnings as errors, and `flags` (the
    optimisation level, sanitizers, -shared ...)."""
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / out_name
    objs = engine_objects(flags)
    cmd = [*BASE, *flags, *map(str, objs), *map(str, sources), "-o", str(out), "-lm"]
    subprocess.run(cmd, check=True, timeout=600)
    return out
