# SPDX-License-Identifier: MIT
"""docs/benchmarks.md keeps the latest figure per area ("Reading this page"); this moves every
section that a later one of its area supersedes into docs/benchmarks-history.md, verbatim but for
its headings (one level down) and links, at the end of its area there (after the last section of
a session no later than its own), and points every link to a heading that moved, and every
title a tracked file quotes after `docs/benchmarks.md`, at its new place (as it does for a heading
moved before, which a branch merged since names on benchmarks.md). No heading anchor of either
page is lost: each old one maps to one heading after the move (checked, or nothing is written).

An area is a title's topic (AREAS: a pattern and the history's area it goes to); a title that
matches none stays, and is printed so a row can be added. The sections between the stands
table and the first "Speed table at the stop" are the session's own: they stay, and supersede.

    python3 scripts/bench_history.py             # move, and say what moved
    python3 scripts/bench_history.py --dry-run   # only say what would move"""

from __future__ import annotations

import argparse
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADING = re.compile(r"^(#{1,6}) (.*?)\s*#*\s*$")
LINK = re.compile(r"\]\(([^)\s]+)\)")
TITLE_REF = re.compile(r'benchmarks\.md(,?\s*(?:#|//|\*|;;)?\s*")([^"]{1,300})"')
WRAP = re.compile(r"\s*\n\s*(?:#|//|\*|;;)?\s*")
OWN_FROM, OWN_TO = "## Where issue #9 stands", "## Speed table at the stop"


@dataclass(frozen=True)
class Area:
    topic: str  # sections of one topic: the newest stays
    pattern: str  # a title of the topic
    history: str  # the history's ## area it moves to


_WHOLE = "Speed: whole programs at each session's end, and the programs added"
_CHANGE = "Speed: what each change bought"
_LEFT = "Left and tidied"
_DEVICE = "Device: QEMU boards and `-icount`"
_RAM = "RAM: Module.ram, lowered code, code budget"
AREAS = [
    Area("speed table", r"^(Speed table( at the stop)?|Speed baseline) \(session|^Whole programs, end of", _WHOLE),
    Area("held-out", r"^Held-out programs \(session", _WHOLE),
    Area("host speed", r"^(Host speed|Dispatch and branches|Memory paths|One-program loops) \(session", _CHANGE),
    Area("native distance", r"^Native distance \(session", _CHANGE),
    Area("calls", r"^Calls \(session", _CHANGE),
    Area("guard pages", r"^Guard pages \(session", _CHANGE),
    Area("device", r"^(Device speed|Device|Device, whole programs native) \(session", _DEVICE),
    Area("ci time", r"^CI time \(session", "CI time"),
    Area("fuzzing", r"^(Fuzzing|Eviction fuzzing|Binding fuzzer) \(session", "Image code checks and fuzzing"),
    Area("tidying", r"^(Tidying|Tidy|Loose ends|House-keeping) \(session", _LEFT),
    Area("docs", r"^(Doc files|Doc examples) \(session", _LEFT),
    Area("wasm.mpy", r"^wasm\.mpy( room)? \(session", "Engine text, code size and natmod"),
    Area("engine text", r"^(Engine text|LTO) \(session", "Engine text, code size and natmod"),
    Area("traps", r"^(Trap offsets|Traps) \(session", "Traps and images"),
    Area("images", r"^Images \(session", "Traps and images"),
    Area("code budget", r"^Code budget \(session", _RAM),
    Area("stacks", r"^(Default stacks|Stacks zeroed once|Stacks given back) \(session", _RAM),
    Area("wasi", r"^(WASI|WASI split) \(session", "WASI"),
    Area("wasi files", r"^WASI files \(session", "WASI"),
]
# the first line of a history area this script starts (one the history does not have yet)
NEW_AREAS = {
    "CI time": "What `make test` and CI cost and what cut it, session by session.",
    "WASI": "WASI's files, descriptors and times: what each change cost and bought, session by session.",
    "Traps and images": "Where a trap happened, and images that keep it: session by session.",
}

Tagged = list[tuple[str, "tuple[str, int] | None"]]  # a line, and where it was (page, line) or None: new


def slug(title: str) -> str:
    """GitHub's anchor for a heading (as tests/host/test_doc_links.py's)."""
    title = re.sub(r"`|\*\*|__", "", title)
    title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", title)
    return re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")


def headings(lines: list[str]) -> list[tuple[int, int, str]]:
    """(line, level, title) of each heading outside code fences."""
    out, fence = [], False
    for i, line in enumerate(lines):
        if line.startswith("```"):
            fence = not fence
        elif not fence and (m := HEADING.match(line)):
            out.append((i, len(m.group(1)), m.group(2)))
    return out


def anchors(titles: list[str]) -> list[str]:
    """Each title's anchor in order, a repeated one with -1, -2 .. as on GitHub."""
    seen: dict[str, int] = {}
    out = []
    for t in titles:
        a = slug(t)
        out.append(a if a not in seen else f"{a}-{seen[a]}")
        seen[a] = seen.get(a, 0) + 1
    return out


def session(title: str) -> int:
    m = re.search(r"session (\d+)", title)
    return int(m.group(1)) if m else 0


def sections(lines: list[str]) -> tuple[int, list[tuple[int, int, str]]]:
    """Where the first ## heading is, and each ## section as (first line, end, title)."""
    hs = [(i, t) for i, level, t in headings(lines) if level == 2]
    ends = [i for i, _ in hs[1:]] + [len(lines)]
    return hs[0][0], [(i, end, t) for (i, t), end in zip(hs, ends)]


def plan(lines: list[str]) -> tuple[dict[int, str], list[str]]:
    """The sections that move (by their first line, to their history area), and what stays and why."""
    _, secs = sections(lines)
    topics: dict[str, list[tuple[int, str, bool]]] = {}
    own, notes = False, []
    for i, _, t in secs:
        own = (own or f"## {t}".startswith(OWN_FROM)) and not f"## {t}".startswith(OWN_TO)
        area = next((a for a in AREAS if re.search(a.pattern, t)), None)
        if area is None:
            notes.append(f"no area, stays: {t}")
        else:
            topics.setdefault(area.topic, []).append((i, t, own))
    moving: dict[int, str] = {}
    for topic, secs_of in topics.items():
        newest = max(secs_of, key=lambda s: (session(s[1]), -s[0]))
        notes.append(f"{topic}: {newest[1]} stays")
        area = next(a.history for a in AREAS if a.topic == topic)
        moving.update({i: area for i, t, own_ in secs_of if (i, t, own_) != newest and not own_})
    return moving, notes


def demoted(lines: list[str]) -> list[str]:
    out, fence = [], False
    for line in lines:
        if line.startswith("```"):
            fence = not fence
        elif not fence and HEADING.match(line):
            line = "#" + line
        out.append(line)
    return out


def moved_into(history: Tagged, bench: list[str], moving: dict[int, str]) -> Tagged:
    """The history with each moving section of bench (demoted, tagged with its bench lines) at its
    area's end, after the last ### section of a session no later than its own."""
    _, secs = sections(bench)
    by_area: dict[str, list[tuple[int, int, str]]] = {}
    for i, end, t in sorted(secs, key=lambda s: (session(s[2]), -s[0])):
        if i in moving:
            by_area.setdefault(moving[i], []).append((i, end, t))
    start, hsecs = sections([line for line, _ in history])
    out: Tagged = history[:start]
    for area in [t for _, _, t in hsecs] + [a for a in NEW_AREAS if a not in {t for _, _, t in hsecs}]:
        own = next(((i, end) for i, end, t in hsecs if t == area), None)
        if own is None and area not in by_area:
            continue
        body = history[own[0] : own[1]] if own else [(f"## {area}", None), ("", None), (NEW_AREAS[area], None)]
        while body and body[-1][0] == "":
            body.pop()
        subs = [i for i, level, _ in headings([line for line, _ in body]) if level == 3]
        head, chunks = body[: subs[0]] if subs else body, [body[a:b] for a, b in zip(subs, [*subs[1:], len(body)])]
        head = head + [("", None)] if not subs or head[-1][0] != "" else head
        chunks = [c if c[-1][0] == "" else [*c, ("", None)] for c in chunks]
        for i, end, t in by_area.get(area, []):
            text = demoted(bench[i:end])
            while text[-1] == "":
                text.pop()
            chunk: Tagged = [(line, ("b", i + j)) for j, line in enumerate(text)] + [("", None)]
            at = max((n + 1 for n, c in enumerate(chunks) if session(c[0][0]) <= session(t)), default=0)
            chunks.insert(at, chunk)
        out += head + [x for c in chunks for x in c]
    while out[-1][0] == "":
        out.pop()
    return out


def with_index(history: Tagged) -> Tagged:
    """The history's "## Index" made again: every ## area and ### section after it."""
    lines = [line for line, _ in history]
    hs = headings(lines)
    names = anchors([t for _, _, t in hs])
    k = next(n for n, (_, level, t) in enumerate(hs) if level == 2 and t == "Index")
    entries = [
        f"{'  ' * (level - 2)}- [{t}](#{a})" for (_, level, t), a in zip(hs[k + 1 :], names[k + 1 :]) if level < 4
    ]
    return [*history[: hs[k][0] + 1], ("", None), *((e, None) for e in entries), ("", None), *history[hs[k + 1][0] :]]


def relinked(tagged: Tagged, page: Path, where: dict[tuple[str, str], tuple[str, str]], docs: Path) -> list[str]:
    """The lines with each link to a moved heading pointed at its new place (a line written here:
    none; a line that moved: its links read from the page it was on)."""
    names = {"b": docs / "benchmarks.md", "h": docs / "benchmarks-history.md"}
    out, fence = [], False
    for line, origin in tagged:
        if line.startswith("```"):
            fence = not fence
        if fence or origin is None:
            out.append(line)
            continue
        was_on = names[origin[0]] if origin[0] in names else page

        def fix(m: re.Match[str]) -> str:
            file_part, _, anchor = m.group(1).partition("#")
            dest = (was_on.parent / file_part).resolve() if file_part else was_on
            if (dest.name, anchor) not in where or dest.parent != docs.resolve():
                return m.group(0)
            new_name, new_anchor = where[(dest.name, anchor)]
            if page.resolve() == docs.resolve() / new_name:
                return f"](#{new_anchor})"
            prefix = file_part[: len(file_part) - len(dest.name)] if file_part else ""
            return f"]({prefix}{new_name}#{new_anchor})"

        out.append(LINK.sub(fix, line))
    return out


def wrapped(line: str, width: int = 120) -> str:
    """A Python comment line over ruff's width (a title reference made it longer) cut at its last
    ", " or "; " that fits, the rest a comment line of the same indent."""
    if len(line) <= width or not line.lstrip().startswith("#"):
        return line
    cut = max(line.rfind("; ", 0, width - 1), line.rfind(", ", 0, width - 1))
    if cut < 0:
        return line
    indent = line[: len(line) - len(line.lstrip())]
    return f"{line[: cut + 1]}\n{indent}# {line[cut + 2 :]}"


def move(root: Path, files: list[Path], dry_run: bool = False) -> list[str]:
    """Move what plan() says, then point at the history every link and title reference in files
    (the repository's tracked files) and in the two pages that names on docs/benchmarks.md a
    heading only the history has: moved now, or before (a branch that named it there meanwhile).
    What moved, or would, as lines."""
    docs = root / "docs"
    bench_path, hist_path = docs / "benchmarks.md", docs / "benchmarks-history.md"
    bench, hist = bench_path.read_text().splitlines(), hist_path.read_text().splitlines()
    moving, notes = plan(bench)
    _, secs = sections(bench)
    report = notes + [f"moves to {moving[i]}: {t}" for i, _, t in secs if i in moving]
    if dry_run:
        return report
    where: dict[tuple[str, str], tuple[str, str]] = {}  # (page, anchor) before -> after
    if moving:
        start, _ = sections(bench)
        kept: Tagged = [(line, ("b", j)) for j, line in enumerate(bench[:start])]
        for i, end, _ in secs:
            if i not in moving:
                kept += [(line, ("b", j)) for j, line in enumerate(bench[i:end], i)]
        new_hist = with_index(moved_into([(line, ("h", j)) for j, line in enumerate(hist)], bench, moving))
        # each old anchor of the two pages -> its heading's place now
        place: dict[tuple[str, int], tuple[str, str]] = {}
        for name, tagged in (("benchmarks.md", kept), ("benchmarks-history.md", new_hist)):
            hs = headings([line for line, _ in tagged])
            for (i, _, _), a in zip(hs, anchors([t for _, _, t in hs])):
                if (origin := tagged[i][1]) is not None:
                    place[origin] = (name, a)
        for tag, name, lines in (("b", "benchmarks.md", bench), ("h", "benchmarks-history.md", hist)):
            hs = headings(lines)
            for (i, _, _), a in zip(hs, anchors([t for _, _, t in hs])):
                if (tag, i) not in place:
                    raise SystemExit(f"{name}#{a} would be lost: nothing written")
                where[(name, a)] = place[(tag, i)]
        bench_path.write_text("\n".join(relinked(kept, bench_path, where, docs)) + "\n")
        hist_path.write_text("\n".join(relinked(new_hist, hist_path, where, docs)) + "\n")
    # a heading only the history has, named on benchmarks.md: pointed at the history
    now = {page: page.read_text().splitlines() for page in (bench_path, hist_path)}
    titles = {page: [t for _, _, t in headings(lines)] for page, lines in now.items()}
    in_bench = set(anchors(titles[bench_path]))
    only_history = {
        ("benchmarks.md", a): ("benchmarks-history.md", a) for a in anchors(titles[hist_path]) if a not in in_bench
    }
    for page, tag in ((bench_path, "b"), (hist_path, "h")):
        lines = relinked([(line, (tag, j)) for j, line in enumerate(now[page])], page, only_history, docs)
        if lines != now[page]:
            page.write_text("\n".join(lines) + "\n")
    stale = {**only_history, **where}  # another file's links were written before this move

    def to_history(m: re.Match[str]) -> str:
        title = re.sub(r"^\[|\]\(.*$", "", WRAP.sub(" ", m.group(2)).strip())
        if any(t.startswith(title) for t in titles[hist_path]) and not any(
            t.startswith(title) for t in titles[bench_path]
        ):
            return f'benchmarks-history.md{m.group(1)}{m.group(2)}"'
        return m.group(0)

    for path in files:
        if path.resolve() in (bench_path.resolve(), hist_path.resolve()) or not path.is_file():
            continue
        try:
            text = path.read_text()
        except UnicodeDecodeError:
            continue
        new = text
        if path.suffix == ".md":
            new = "\n".join(relinked([(line, ("x", 0)) for line in text.split("\n")], path, stale, docs))
        new = TITLE_REF.sub(to_history, new)
        if new != text and path.suffix == ".py":
            new = "\n".join(wrapped(line) for line in new.split("\n"))
        if new != text:
            path.write_text(new)
            report.append(f"links or titles pointed at the history in {path.relative_to(root)}")
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dry-run", action="store_true", help="say what would move, write nothing")
    args = ap.parse_args()
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True, timeout=30)
    print("\n".join(move(ROOT, [ROOT / f for f in tracked.stdout.splitlines()], args.dry_run)))


if __name__ == "__main__":
    main()
