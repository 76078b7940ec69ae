# SPDX-License-Identifier: MIT
"""Every relative link in the project's Markdown reaches a file, and every
`#anchor` a heading of it (GitHub's slugs), so a newcomer following the docs
never lands on a section that moved (docs/benchmarks.md's history went to
docs/benchmarks-history.md in session 11)."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LINK = re.compile(r"\]\(([^)\s]+)\)")
HEADING = re.compile(r"^(#{1,6}) (.*?)\s*#*\s*$")


def markdown_files() -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "--", "*.md"], cwd=REPO, capture_output=True, text=True, check=True, timeout=30
    ).stdout
    return sorted(REPO / line for line in out.splitlines() if line)


def slug(title: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes."""
    title = re.sub(r"`|\*\*|__", "", title)
    title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", title)
    return re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """The anchors of a Markdown file's headings; a repeated one gets -1, -2 .. as on GitHub."""
    seen: dict[str, int] = {}
    out: set[str] = set()
    in_code = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_code = not in_code
            continue
        m = HEADING.match(line)
        if m and not in_code:
            a = slug(m.group(2))
            n = seen.get(a, 0)
            out.add(a if n == 0 else f"{a}-{n}")
            seen[a] = n + 1
    return out


@dataclass(frozen=True)
class Link:
    source: Path
    line: int
    target: str


def links(path: Path) -> list[Link]:
    out = []
    in_code = False
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        for target in LINK.findall(line):
            if not target.startswith(("http:", "https:", "mailto:")):
                out.append(Link(path, i, target))
    return out


def broken(link: Link) -> str | None:
    """What is wrong with a link, or None."""
    file_part, _, anchor = link.target.partition("#")
    dest = (link.source.parent / file_part).resolve() if file_part else link.source
    if not dest.exists():
        return f"no file {file_part}"
    if anchor and dest.suffix == ".md" and anchor not in anchors(dest):
        return f"no heading #{anchor} in {dest.name}"
    return None


def test_slug_matches_github() -> None:
    assert slug("RAM (session 10): where Module.ram is") == "ram-session-10-where-moduleram-is"
    assert slug("`wasm.Module` and **images**") == "wasmmodule-and-images"


def test_a_planted_bad_anchor_is_caught(tmp_path: Path) -> None:
    doc = tmp_path / "a.md"
    doc.write_text("# Title\n\n## Same\n\n## Same\n\n[ok](#same-1) [bad](#same-2) [gone](b.md)\n")
    assert [broken(link) for link in links(doc)] == [None, "no heading #same-2 in a.md", "no file b.md"]


@pytest.mark.parametrize("path", markdown_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_links_resolve(path: Path) -> None:
    bad = [
        f"{link.source.relative_to(REPO)}:{link.line}: {link.target}: {why}"
        for link in links(path)
        if (why := broken(link))
    ]
    assert not bad, "\n".join(bad)
