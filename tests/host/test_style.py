# SPDX-License-Identifier: MIT
"""House rules a reviewer would check by hand (../shared/STYLE.md): the engine
never includes MicroPython, every source file carries its SPDX line, the
Python passes ruff (settings in pyproject.toml) and the C follows .clang-format
(what clang-format 14 can judge of it: see that file)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SOURCE_GLOBS = ("*.c", "*.h", "*.py", "*.sh", "*.mk", "*.ld", "*.wat", "*.s", "Makefile", ".ci/run")


def tracked(*globs: str) -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "--", *globs, *(f"**/{g}" for g in globs)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
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


def ruff_path() -> str:
    # The ruff of requirements.txt (pinned: its format changes between
    # versions), beside this Python (.venv), before any other.
    beside = Path(sys.executable).parent / "ruff"
    ruff = str(beside) if beside.exists() else shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff not installed: pip install -r requirements.txt")
    return ruff


def test_python_passes_ruff():
    ruff = ruff_path()
    proc = subprocess.run(
        [ruff, "check", "--output-format", "concise", "."], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_python_is_ruff_formatted():
    # One layout for every Python file, so a diff shows only what changed;
    # `ruff format .` fixes what this lists.
    proc = subprocess.run(
        [ruff_path(), "format", "--check", "."], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


# OP(name): labels are a macro (the interpreter's dispatch) that clang-format 14
# parses as an expression, so it would re-indent the whole loop.
CLANG_FORMAT_UNPARSED = {"modwasm/engine/exec.c"}
STATEMENT_ENDS = (";", "{", "}", ":")


def clang_format_violations(path: Path) -> list[str]:
    """Where `path` departs from .clang-format in what clang-format 14 can judge:
    tabs, a brace or `else` on a line of its own, and the indentation of a line
    that starts a statement (after one that ends with ; { } or :, or a comment).
    Preprocessor lines, spacing inside a line, line breaks inside statements,
    and macro bodies are left alone (.clang-format says why)."""
    src = path.read_text()
    name = path.relative_to(REPO) if path.is_relative_to(REPO) else path.name
    if "\t" in src:
        return [f"{name}:{src[: src.index(chr(9))].count(chr(10)) + 1}: a tab"]
    xml = subprocess.run(
        ["clang-format", f"--style=file:{REPO / '.clang-format'}", "--output-replacements-xml", str(path)],
        cwd=REPO,
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout
    out = []
    for r in ET.fromstring(xml).iter("replacement"):
        off, n = int(r.get("offset")), int(r.get("length"))
        old, new = src[off : off + n], r.text or ""
        eol = src.find("\n", off + n)
        after = src[off + n : eol if eol >= 0 else len(src)].lstrip()
        where = f"{name}:{src.count(chr(10), 0, off + n) + 1}"
        if "\n" in old and "\n" not in new and after.startswith(("{", "else")):
            out.append(f"{where}: brace or else on a line of its own")
        elif old.count("\n") == new.count("\n") >= 1 and old != new and not after.startswith("#"):
            prev = src[:off].rstrip().rsplit("\n", 1)[-1].strip()
            if prev.startswith("#") or prev.endswith("\\") or "\\" in old:
                continue  # after a directive, or inside a macro: clang-format cannot see the structure
            if after.startswith("//") and "//" in prev:
                continue  # a comment block goes by its first line
            if prev.endswith(STATEMENT_ENDS) or prev.startswith("//"):
                have, want = len(old.rsplit("\n", 1)[-1]), len(new.rsplit("\n", 1)[-1])
                out.append(f"{where}: indented {have}, .clang-format says {want}")
    return out


def test_c_follows_clang_format():
    if shutil.which("clang-format") is None:
        pytest.fail("clang-format not installed: run scripts/install_deps.sh (Debian package clang-format)")
    files = [p for p in tracked("*.c", "*.h") if str(p.relative_to(REPO)) not in CLANG_FORMAT_UNPARSED]
    assert len(files) > 50, files
    with ThreadPoolExecutor(2) as pool:  # the machine has 2 cores
        bad = [v for vs in pool.map(clang_format_violations, files) for v in vs]
    assert not bad, "\n".join(bad[:40])


def test_clang_format_check_sees_bad_code(tmp_path: Path):
    if shutil.which("clang-format") is None:
        pytest.fail("clang-format not installed: run scripts/install_deps.sh (Debian package clang-format)")
    bad = tmp_path / "bad.c"
    bad.write_text("int f(int a)\n{\n   if (a) {\n      return 1;\n   }\n    else {\n        return 2;\n    }\n}\n")
    assert clang_format_violations(bad) == [
        "bad.c:2: brace or else on a line of its own",
        "bad.c:3: indented 3, .clang-format says 4",
        "bad.c:4: indented 6, .clang-format says 8",
        "bad.c:5: indented 3, .clang-format says 4",
        "bad.c:6: brace or else on a line of its own",
    ]
    bad.write_text("int g(void) {\n\treturn 0;\n}\n")
    assert clang_format_violations(bad) == ["bad.c:2: a tab"]
