# SPDX-License-Identifier: MIT
"""Every relative link in the project's Markdown reaches a file, and every
`#anchor` a heading of it (GitHub's slugs), so a newcomer following the docs
never lands on a section that moved (docs/benchmarks.md's history went to
docs/benchmarks-history.md in session 11). And the maps a newcomer reads name
every file: the engine's in docs/engine.md's table, the test folders in
tests/README.md's, each test file in its "Each test file", modwasm/'s, the
binding's, its C API's, its POSIX host part's (modwasm/host/), the ports' (the boards'
filesystem, ports/cortexm/vfs/, among them), wasm-cross's, scripts/' and bench/'s in
CONTRIBUTING.md's "Where each file is", and every top-level folder in
README.md's Layout, with no row left for a file gone; README.md links every page of docs/,
examples/README.md and sdk/README.md name each of their subfolders;
docs/benchmarks.md's table of where issue #9 stands says each target in a line or two.
And a comment in the code that sends its reader to `docs/page.md "Section"`
names a heading that page has (a section moved to the history page is named
there; scripts/bench_history.py moves a superseded section there, its links and
references with it: a small pair of pages shows it). docs/engine.md's "Which file
calls which" is the engine's sources' own call graph, and the maintainers' pages
name (in code spans) only functions, macros, tests and files the sources still have."""

from __future__ import annotations

import fnmatch
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


def test_an_anchor_in_another_page_is_checked(tmp_path: Path) -> None:
    # as a link from benchmarks.md, README.md or a guide into benchmarks-history.md's sections
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "history.md").write_text("# History\n\n## Area\n\n### Moved (session 9)\n")
    doc = tmp_path / "a.md"
    doc.write_text("[ok](docs/history.md#moved-session-9) [stale](docs/history.md#moved-session-8)\n")
    assert [broken(link) for link in links(doc)] == [None, "no heading #moved-session-8 in history.md"]


@pytest.mark.parametrize("path", markdown_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_links_resolve(path: Path) -> None:
    bad = [
        f"{link.source.relative_to(REPO)}:{link.line}: {link.target}: {why}"
        for link in links(path)
        if (why := broken(link))
    ]
    assert not bad, "\n".join(bad)


def tracked_in(folder: str) -> list[str]:
    """The names of the files git tracks directly in `folder` (no subfolders)."""
    out = subprocess.run(
        ["git", "ls-files", "--", folder], cwd=REPO, capture_output=True, text=True, check=True, timeout=30
    ).stdout
    return sorted({line[len(folder) :] for line in out.splitlines() if "/" not in line[len(folder) :]})


def section(path: Path, heading: str) -> str:
    """The text of `path` from the line `heading` to the next heading of its level or above."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(heading)
    level = len(heading) - len(heading.lstrip("#"))
    end = next(
        (i for i in range(start + 1, len(lines)) if (m := HEADING.match(lines[i])) and len(m.group(1)) <= level),
        len(lines),
    )
    return "\n".join(lines[start:end])


def first_cells(text: str) -> list[str]:
    """Every `name` in the first cell of a Markdown table's rows (header and rule left out)."""
    out = []
    for line in text.splitlines():
        cells = line.split("|")
        if line.startswith("|") and len(cells) > 2 and not set(cells[1].strip()) <= set("-: "):
            out += re.findall(r"`([^`]+)`", cells[1])
    return out


def unmapped(files: list[str], names: list[str]) -> tuple[list[str], list[str]]:
    """The files no name (a `*` pattern or the file's own) stands for, and the names no file answers."""
    return (
        [f for f in files if not any(fnmatch.fnmatchcase(f, n) for n in names)],
        [n for n in names if not any(fnmatch.fnmatchcase(f, n) for f in files)],
    )


def test_the_engine_table_names_every_engine_file() -> None:
    doc = REPO / "docs" / "engine.md"
    text = doc.read_text(encoding="utf-8")
    table = text[: text.index("\n## The pipeline")]
    missing, gone = unmapped(tracked_in("modwasm/engine/"), first_cells(table))
    assert not missing, f"docs/engine.md's file table does not name {missing}: add a row (or to one)"
    assert not gone, f"docs/engine.md's file table names {gone}, which modwasm/engine/ does not have"


def test_tests_readme_names_every_test_folder() -> None:
    out = subprocess.run(
        ["git", "ls-files", "--", "tests/"], cwd=REPO, capture_output=True, text=True, check=True, timeout=30
    ).stdout
    folders = sorted({p.split("/")[1] + "/" for p in out.splitlines() if p.count("/") >= 2})
    missing, gone = unmapped(folders, first_cells(section(REPO / "tests" / "README.md", "## Folders")))
    assert not missing, f"tests/README.md's Folders table does not name {missing}"
    assert not gone, f"tests/README.md's Folders table names {gone}, which tests/ does not have"


def folders_of_tests() -> list[str]:
    """The folders of tests/ that hold files of their own (tests/programs/'s are named by the tests that build them)."""
    out = subprocess.run(
        ["git", "ls-files", "--", "tests/"], cwd=REPO, capture_output=True, text=True, check=True, timeout=30
    ).stdout
    return sorted({p.split("/")[1] for p in out.splitlines() if p.count("/") >= 2} - {"programs"})


@pytest.mark.parametrize("folder", folders_of_tests())
def test_tests_readme_maps_every_test_file(folder: str) -> None:
    heading = f"### `{folder}/`"
    where = section(REPO / "tests" / "README.md", "## Each test file")
    assert heading in where.splitlines(), f"tests/README.md's 'Each test file' has no {heading} table"
    files = tracked_in(f"tests/{folder}/")
    missing, gone = unmapped(files, first_cells(section(REPO / "tests" / "README.md", heading)))
    assert not missing, f"tests/README.md's {folder}/ table does not name {missing}: add a row (or to one)"
    assert not gone, f"tests/README.md's {folder}/ table names {gone}, which tests/{folder}/ does not have"


def mapped_folders() -> list[str]:
    """The folders CONTRIBUTING.md's map must have: modwasm/ (its binding, C API and POSIX host part), each port, the
    boards' filesystem (ports/cortexm/vfs/), tools/wasm-cross/, scripts/ (and boardcfg/), bench/ (and board/)."""
    ports = sorted({p.parent.name for p in (REPO / "ports").glob("*/*")})
    return [
        "modwasm/",
        "modwasm/binding/",
        "modwasm/include/native/",
        "modwasm/host/",
        *(f"ports/{p}/" for p in ports),
        "ports/cortexm/vfs/",
        "tools/wasm-cross/",
        "scripts/",
        "scripts/boardcfg/",
        "bench/",
        "bench/board/",
    ]


@pytest.mark.parametrize("folder", mapped_folders())
def test_contributing_maps_every_file(folder: str) -> None:
    where = section(REPO / "CONTRIBUTING.md", "## Where each file is")
    heading = f"### `{folder}`"
    assert heading in where.splitlines(), f"CONTRIBUTING.md's 'Where each file is' has no {heading} table"
    missing, gone = unmapped(tracked_in(folder), first_cells(section(REPO / "CONTRIBUTING.md", heading)))
    assert not missing, f"CONTRIBUTING.md's {folder} table does not name {missing}: add a row (or to one)"
    assert not gone, f"CONTRIBUTING.md's {folder} table names {gone}, which {folder} does not have"


def test_contributing_names_bench_subfolders() -> None:
    out = subprocess.run(
        ["git", "ls-files", "--", "bench/"], cwd=REPO, capture_output=True, text=True, check=True, timeout=30
    ).stdout
    folders = sorted({p.split("/")[1] + "/" for p in out.splitlines() if p.count("/") >= 2})
    paragraph = section(REPO / "CONTRIBUTING.md", "### `bench/`").split("\n", 1)[1].split("| file |")[0]
    named = re.findall(r"`(\w+/)`", paragraph)
    assert sorted(named) == folders, f"CONTRIBUTING.md's bench/ paragraph names {named}; bench/ has {folders}"


def test_scripts_run_in_place_and_tools_are_built() -> None:
    """CONTRIBUTING.md's rule between scripts/ and tools/: scripts/ holds Python and shell that
    run in place; each folder of tools/ a host program built from C by a Makefile of its own."""
    scripts = subprocess.run(
        ["git", "ls-files", "--", "scripts/"], cwd=REPO, capture_output=True, text=True, check=True, timeout=30
    ).stdout.split()
    built = [s for s in scripts if not s.endswith((".py", ".sh"))]
    assert not built, f"scripts/ holds {built}: a program built from sources goes in tools/<name>/ (CONTRIBUTING.md)"
    tools = tracked_in("tools/")
    assert not tools, f"tools/ holds {tools} at its top: each tool is a folder of its own"
    folders = sorted({p.parent for p in (REPO / "tools").glob("*/*")})
    assert folders, "tools/ has no tool"
    for folder in folders:
        files = tracked_in(f"{folder.relative_to(REPO)}/")
        assert "Makefile" in files, f"{folder.relative_to(REPO)} has no Makefile of its own"
        scripts_here = [f for f in files if f.endswith((".py", ".sh"))]
        assert not scripts_here, f"{folder.relative_to(REPO)} holds {scripts_here}: a script goes in scripts/"


def test_a_file_left_out_of_a_map_is_caught() -> None:
    files = ["exec.c", "clock_none.c", "clock_stm32f4.c", "new.c"]
    assert unmapped(files, ["exec.c", "clock_*.c", "old.h"]) == (["new.c"], ["old.h"])
    assert first_cells("| file | holds |\n|---|---|\n| `a.c`, `b.h` | `not.c` |\n") == ["a.c", "b.h"]


def test_readme_layout_names_every_folder() -> None:
    out = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True, timeout=30).stdout
    top = sorted({p.split("/")[0] + "/" for p in out.splitlines() if "/" in p})
    names = first_cells(section(REPO / "README.md", "## Layout"))
    missing = [f for f in top if not any(n.startswith(f) for n in names)]
    gone = [n for n in names if not (REPO / n).is_dir()]
    assert not missing, f"README.md's Layout table has no row for {missing}"
    assert not gone, f"README.md's Layout table names {gone}, which is no folder"


@pytest.mark.parametrize("folder", ["examples", "sdk"])
def test_folder_readme_names_every_subfolder(folder: str) -> None:
    out = subprocess.run(
        ["git", "ls-files", "--", f"{folder}/"], cwd=REPO, capture_output=True, text=True, check=True, timeout=30
    ).stdout
    subfolders = sorted({p.split("/")[1] + "/" for p in out.splitlines() if p.count("/") >= 2})
    names = first_cells((REPO / folder / "README.md").read_text(encoding="utf-8"))
    missing = [s for s in subfolders if s not in names]
    assert not missing, f"{folder}/README.md's table has no row for {missing}"


def test_readme_links_every_doc() -> None:
    """A page under docs/ that README.md does not link is one a newcomer never finds."""
    targets = {(REPO / link.target.partition("#")[0]).resolve() for link in links(REPO / "README.md")}
    pages = [p for p in markdown_files() if p.is_relative_to(REPO / "docs")]
    unlinked = [str(p.relative_to(REPO)) for p in pages if p.resolve() not in targets]
    assert not unlinked, f"README.md links no {unlinked}: add it to its Documentation list"


def test_bench_history_moves_what_a_later_section_supersedes(tmp_path: Path) -> None:
    """scripts/bench_history.py on a small pair of pages: the sections a later one of their area
    supersedes go to the history's area in session order, every link and title reference follows
    them, none breaks; a second run moves nothing and points a name added since at the history."""
    import bench_history

    docs = tmp_path / "docs"
    docs.mkdir()
    bench = docs / "benchmarks.md"
    bench.write_text(
        "# Benchmarks\n\n## Where issue #9 stands (end of session 9)\n\n[calls](#calls-session-8-new)\n\n"
        "## Calls (session 9): newer\n\nnine\n\n"  # the session's own, after the stands table: stays
        "## Speed table at the stop (session 8): s\n\nsp\n\n"
        "## Calls (session 8): new\n\neight, [older](#calls-session-7-old)\n\n### Method\n\nm\n\n"
        "## Calls (session 7): old\n\nseven\n\n## Machine\n\nm\n"
    )
    history = docs / "benchmarks-history.md"
    history.write_text(
        "# History\n\n## Index\n\n- [Speed: what each change bought](#speed-what-each-change-bought)\n"
        "  - [Calls (session 5): five](#calls-session-5-five)\n\n"
        "## Speed: what each change bought\n\n### Calls (session 5): five\n\nfive, [m](benchmarks.md#machine)\n"
    )
    readme = tmp_path / "README.md"
    readme.write_text("[seven](docs/benchmarks.md#calls-session-7-old)\n")
    source = tmp_path / "a.c"
    source.write_text('// docs/benchmarks.md "Calls (session\n// 8)", docs/benchmarks.md "Machine"\n')
    script = tmp_path / "b.py"  # a comment the history's longer name takes over 120 characters: wrapped
    comment = f'    # {"x" * 70}, the calls (docs/benchmarks.md, "Calls (session 7)")'
    script.write_text(comment + "\n")
    report = bench_history.move(tmp_path, [readme, source, script])
    assert [line for line in report if line.startswith("moves")] == [
        "moves to Speed: what each change bought: Calls (session 8): new",
        "moves to Speed: what each change bought: Calls (session 7): old",
    ]
    assert [h for h in headings(bench) if h.startswith(("Calls", "Speed"))] == [
        "Calls (session 9): newer",
        "Speed table at the stop (session 8): s",
    ]
    assert headings(history)[3:] == [
        "Calls (session 5): five",
        "Calls (session 7): old",
        "Calls (session 8): new",
        "Method",
    ]
    text = history.read_text()
    assert "#### Method" in text and "eight, [older](#calls-session-7-old)" in text
    assert "  - [Calls (session 8): new](#calls-session-8-new)" in text
    assert "[calls](benchmarks-history.md#calls-session-8-new)" in bench.read_text()
    assert readme.read_text() == "[seven](docs/benchmarks-history.md#calls-session-7-old)\n"
    assert source.read_text() == '// docs/benchmarks-history.md "Calls (session\n// 8)", docs/benchmarks.md "Machine"\n'
    wrapped = f'    # {"x" * 70}, the calls (docs/benchmarks-history.md,\n    # "Calls (session 7)")\n'
    assert script.read_text() == wrapped
    assert not [broken(link) for path in (bench, history, readme) for link in links(path) if broken(link)]
    # nothing to move: a name of a section moved before (a branch merged since) still follows it
    later = tmp_path / "c.c"
    later.write_text('// docs/benchmarks.md "Calls (session 5)"\n')
    bench.write_text(bench.read_text() + "\n[five](#calls-session-5-five)\n")
    readme.write_text("[five](docs/benchmarks.md#calls-session-5-five)\n")
    again = bench_history.move(tmp_path, [readme, source, later])
    assert not [line for line in again if line.startswith("moves")]
    assert later.read_text() == '// docs/benchmarks-history.md "Calls (session 5)"\n'
    assert readme.read_text() == "[five](docs/benchmarks-history.md#calls-session-5-five)\n"
    assert bench.read_text().endswith("\n[five](benchmarks-history.md#calls-session-5-five)\n")
    assert not [broken(link) for path in (bench, history, readme) for link in links(path) if broken(link)]


STANDS_CELL_MAX = 400  # characters: "a line or two"; the sessions before sit in the history's section


def test_the_stands_table_says_each_target_in_a_line_or_two() -> None:
    """docs/benchmarks.md's "Where issue #9 stands" table gives each target's latest figure in a line
    or two (in session 34 its cells had grown to 3,500 characters of every session's history)."""
    path = REPO / "docs" / "benchmarks.md"
    heading = next(
        line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("## Where issue #9 stands")
    )
    lines = [line for line in section(path, heading).splitlines() if line.startswith("| ")]
    rows = [line.split(" | ") for line in lines[1:]]  # the header left out (the rule starts "|-")
    assert rows, "docs/benchmarks.md's stands table has no rows"
    long = [f"{row[0][2:]}: {len(row[1])}" for row in rows if len(row[1]) > STANDS_CELL_MAX]
    assert not long, f"stands cells over {STANDS_CELL_MAX} characters (move the rest to the history): {long}"


# `docs/page.md "Title"` in a source file, the title perhaps wrapped over comment lines
SECTION_REF = re.compile(r'docs/([\w./-]+\.md)\s*(?:#|//|\*)?\s*"([^"]+)"')
SOURCE_SUFFIXES = (".c", ".h", ".py", ".sh", ".ld", ".mk", "Makefile")


def section_refs(text: str) -> list[tuple[str, str]]:
    """Each (page, title) a text names, a wrapped title's comment markers and line breaks made one space."""
    return [(page, re.sub(r"\s*\n\s*(?:#|//|\*)?\s*", " ", title).strip()) for page, title in SECTION_REF.findall(text)]


def headings(path: Path) -> list[str]:
    return [m.group(2) for line in path.read_text(encoding="utf-8").splitlines() if (m := HEADING.match(line))]


def missing_section(page: str, title: str) -> str | None:
    """Why `docs/page "title"` names nothing (no such page, no heading starting so), or None."""
    path = REPO / "docs" / page
    if not path.exists():
        return f"no page docs/{page}"
    if any(h.startswith(title) for h in headings(path)):
        return None
    return f'docs/{page} has no heading "{title}..."'


def test_a_wrapped_section_name_is_read_whole() -> None:
    text = '// (docs/benchmarks.md "Native distance (session\n// 24)") and docs/wasm.md "Memory growth and\nviews"'
    assert section_refs(text) == [
        ("benchmarks.md", "Native distance (session 24)"),
        ("wasm.md", "Memory growth and views"),
    ]
    assert missing_section("wasm.md", "Memory growth and views") is None
    assert missing_section("wasm.md", "No such section") == 'docs/wasm.md has no heading "No such section..."'


def test_sources_name_sections_that_exist() -> None:
    out = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True, timeout=30).stdout
    bad = []
    for name in out.splitlines():
        if name.startswith("docs/") or not name.endswith(SOURCE_SUFFIXES):
            continue
        path = REPO / name
        if not path.is_file() or path == Path(__file__).resolve():  # (this file's examples name no real section)
            continue
        for page, title in section_refs(path.read_text(encoding="utf-8", errors="replace")):
            if why := missing_section(page, title):
                bad.append(f"{name}: {why}")
    assert not bad, "\n".join(bad) + "\n(a section moved to docs/benchmarks-history.md is named there)"


# docs/engine.md's "Which file calls which": the engine's .c files and the others whose functions
# each calls (directly, or through a header's inline function), read from the sources; the section
# holds it between these two lines, and a test fails when the code has moved on.
ENGINE_CALLS_BEGIN = "<!-- engine-calls: generated by tests/host/test_doc_links.py engine_calls_text() -->"
ENGINE_CALLS_END = "<!-- /engine-calls -->"
C_DEFINITION = re.compile(r"^(?!typedef\b|return\b|else\b)[A-Za-z_][\w \*]*?\b([a-z][a-z0-9_]*)\(")
C_CALL = re.compile(r"\b([a-z][a-z0-9_]*)\s*\(")


def c_code(text: str) -> str:
    """C text without comments and string literals (a name in them is no call)."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r'"(?:\\.|[^"\\\n])*"', '""', text)


def c_functions(text: str) -> dict[str, tuple[bool, str]]:
    """Each function defined in C text (its signature starting a line, as our style has it): name ->
    (whether it is static, its body)."""
    out: dict[str, tuple[bool, str]] = {}
    pos = 0
    for line in text.split("\n"):
        m = C_DEFINITION.match(line)
        rest = text[pos + m.end() :] if m else ""
        brace, semi = rest.find("{"), rest.find(";")
        if m and brace != -1 and (semi == -1 or brace < semi):
            start = pos + m.end() + brace
            depth, end = 0, start
            for end in range(start, len(text)):
                depth += {"{": 1, "}": -1}.get(text[end], 0)
                if depth == 0:
                    break
            out[m.group(1)] = (line.startswith("static"), text[start:end])
        pos += len(line) + 1
    return out


def engine_calls(folder: Path = REPO / "modwasm" / "engine") -> dict[str, list[str]]:
    """Each .c file of `folder` -> the other .c files whose functions it calls, directly or through
    an inline function of a header."""
    code = {p.name: c_code(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.[ch]"))}
    defined = {
        name: file
        for file, text in code.items()
        if file.endswith(".c")
        for name, (static, _) in c_functions(text).items()
        if not static
    }
    inline = {
        name: body
        for file, text in code.items()
        if file.endswith(".h")
        for name, (_, body) in c_functions(text).items()
    }

    def files_called(names: set[str], seen: set[str]) -> set[str]:
        out = set()
        for name in names:
            if name in defined:
                out.add(defined[name])
            elif name in inline and name not in seen:
                seen.add(name)
                out |= files_called(set(C_CALL.findall(inline[name])), seen)
        return out

    # (a file's own functions are its own even where another file has one of that name: a static
    # one whose `static` is on the line above its signature reads as extern here)
    return {
        file: sorted(files_called(set(C_CALL.findall(text)) - set(c_functions(text)), set()) - {file})
        for file, text in code.items()
        if file.endswith(".c")
    }


def call_cycles(calls: dict[str, list[str]]) -> list[list[str]]:
    """The groups of files that call each other round (strongly connected, more than one file)."""
    reach = {}
    for file in calls:
        seen, todo = set(), [file]
        while todo:
            for callee in calls[todo.pop()]:
                if callee not in seen:
                    seen.add(callee)
                    todo.append(callee)
        reach[file] = seen
    groups = {tuple(sorted({f} | {g for g in reach[f] if f in reach[g]})) for f in calls if f in reach[f]}
    return sorted(list(g) for g in groups)


def engine_calls_text(calls: dict[str, list[str]]) -> str:
    rows = [f"| `{f}` | {', '.join(f'`{c}`' for c in callees) or '(none)'} |" for f, callees in calls.items()]
    cycles = "; ".join(" <-> ".join(f"`{f}`" for f in group) for group in call_cycles(calls)) or "none"
    return "\n".join(
        [
            ENGINE_CALLS_BEGIN,
            "| file | calls functions of |",
            "|---|---|",
            *rows,
            "",
            f"Cycles: {cycles}.",
            ENGINE_CALLS_END,
        ]
    )


def test_engine_calls_reads_calls_and_cycles(tmp_path: Path) -> None:
    (tmp_path / "a.c").write_text('// b_run() in a comment\nint a_run(void) {\n    return b_run("c_run()");\n}\n')
    (tmp_path / "b.c").write_text(
        "static int helper(void) {\n    return 1;\n}\nint b_run(void) {\n    return h_inline();\n}\n"
    )
    (tmp_path / "c.c").write_text(
        "int c_run(void) {\n    return helper() + own();\n}\nstatic\nint own(void) {\n    return 0;\n}\n"
    )
    (tmp_path / "d.c").write_text("static MW_NOINLINE\nint own(void) {\n    return 1;\n}\n")
    (tmp_path / "h.h").write_text("static inline int h_inline(void) {\n    return a_run();\n}\nint c_run(void);\n")
    calls = engine_calls(tmp_path)
    assert calls == {"a.c": ["b.c"], "b.c": ["a.c"], "c.c": [], "d.c": []}
    assert call_cycles(calls) == [["a.c", "b.c"]]


def test_engine_md_says_which_file_calls_which() -> None:
    text = (REPO / "docs" / "engine.md").read_text(encoding="utf-8")
    assert ENGINE_CALLS_BEGIN in text, f"docs/engine.md has no line {ENGINE_CALLS_BEGIN}"
    shown = text[text.index(ENGINE_CALLS_BEGIN) : text.index(ENGINE_CALLS_END) + len(ENGINE_CALLS_END)]
    now = engine_calls_text(engine_calls())
    assert shown == now, f"docs/engine.md's 'Which file calls which' is stale; the sources say:\n{now}"


# The pages a maintainer acts on: a name of ours in their code spans (a function, macro, test or
# case) must still be in the sources, so a rename cannot leave them pointing at nothing
# (session 39 found a runtime field that had become MW_TRACE_UNITS, and a test that had become a case).
NAMED_DOCS = (
    "README.md",
    "CONTRIBUTING.md",
    "tests/README.md",
    "boards/README.md",
    "docs/engine.md",
    "docs/images.md",
    "docs/fuzzing.md",
    "docs/natmod.md",
    "docs/add-to-firmware.md",
    "docs/wasm.md",
    "docs/lab.md",
    "docs/regions.md",
    "docs/filesystem.md",
    "docs/pipeline.md",
    "docs/windows.md",
)
# names that are not ours to find, each with why
NOT_IN_SOURCES = {
    "test_X": "a placeholder",
    "test_X_board": "a placeholder",
    "test_NAME": "a placeholder",
    "BOARD_X": "a placeholder (what no code may test)",
    "NAME_UPPER": "a placeholder",
    "L_ROW": "a placeholder (a family's row in exec.c)",
    "L_FIRST": "a placeholder (a family's first label)",
    "host_caller": "session 14's field, named as history",
    "MP_PLAT_ALLOC_EXEC": "MicroPython's",
    "__stack_pointer": "wasm-ld's global",
    "l0_32768": "a function a fuzzer generates",
    "addr_out_ptr": "a parameter's name in a signature",
}
SOURCE_SUFFIXES_NAMED = (".c", ".h", ".py", ".mk", "Makefile", ".ld", ".sh", ".wat", ".txt", ".toml", ".cmake", ".yaml")
CODE_SPAN = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")


def source_names() -> set[str]:
    """Every identifier in the tracked sources, and every tracked file's name without its suffix."""
    out = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True, timeout=30).stdout
    names: set[str] = set()
    for name in out.splitlines():
        names.add(Path(name).stem)
        path = REPO / name
        if name.endswith(SOURCE_SUFFIXES_NAMED) and path.is_file():
            names |= set(re.findall(r"[A-Za-z_]\w*", path.read_text(encoding="utf-8", errors="replace")))
    return names


def span_names(text: str) -> list[tuple[int, str]]:
    """(line, name) of each identifier with an inner `_` in the code spans outside fenced blocks, but
    in a glob (`test_cpu_*.py`), after `-k` (pytest's substring) or `-D` (a define's flag)."""
    out = []
    fence = ""
    for i, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith(("```", "~~~")):
            fence = "" if fence else line.lstrip()[:3]
            continue
        for span in [] if fence else CODE_SPAN.findall(line):
            if "*" in span:
                continue
            span = re.sub(r"-k \S+|-D(?=[A-Z_])", " ", span)
            out += [(i, w) for w in re.findall(r"[A-Za-z_]\w*", span) if "_" in w.strip("_")]
    return out


def test_span_names_skip_globs_and_fences() -> None:
    text = "`mw_call` and `test_cpu_*.py`\n```c\n`mw_inside`\n```\n`pytest -k cp_both` `-DMW_X=1`\n"
    assert span_names(text) == [(1, "mw_call"), (5, "MW_X")]


def test_maintainer_docs_name_what_the_sources_have() -> None:
    names = source_names() | set(NOT_IN_SOURCES)
    gone = [
        f"{doc}:{line}: {name}"
        for doc in NAMED_DOCS
        for line, name in span_names((REPO / doc).read_text(encoding="utf-8"))
        if name not in names
    ]
    assert not gone, "names no source has (renamed? say the new one):\n" + "\n".join(gone)


def test_contributing_names_every_make_target() -> None:
    """CONTRIBUTING.md's "Build" and "Test" blocks are where a newcomer finds every top-level
    `make` target: one added to the Makefile gets its line there."""
    rule = re.compile(r"^([a-z][a-z0-9-]*(?: [a-z][a-z0-9-]*)*)\s*::?(?!=)", re.M)
    targets = {t for m in rule.finditer((REPO / "Makefile").read_text(encoding="utf-8")) for t in m.group(1).split()}
    contributing = REPO / "CONTRIBUTING.md"
    text = section(contributing, "## Build") + section(contributing, "## Test")
    named = set(re.findall(r"^make ([a-z][a-z0-9-]*)", text, re.M))
    assert targets - named == set(), f"CONTRIBUTING.md's Build/Test blocks name no {sorted(targets - named)}"
    assert named - targets == set(), f"CONTRIBUTING.md names {sorted(named - targets)}, which the Makefile lacks"
