# SPDX-License-Identifier: MIT
"""Every REPL transcript of README.md and docs/*.md that runs on the host port
runs as written (tests/support/doc_examples.py: how a transcript is read, where
it runs, how its output is compared); and the comparer fails a planted wrong
output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support import doc_examples as D
from support.host import MICROPYTHON

HOST = [s for s in D.all_sessions() if s.target == "host"]


@pytest.mark.parametrize("session", HOST, ids=[s.id for s in HOST])
def test_doc_transcript_runs_as_written(session: D.Session, tmp_path) -> None:
    """A session's transcripts (and `session` code blocks), or one `file` / `host script` block."""
    out, code, err = D.run_on_host(session, tmp_path, MICROPYTHON)
    if session.kind == "repl":
        reports = D.mismatches(session.examples, out)
    else:
        reports = D.code_mismatch(session.blocks[0], out)
    if code != 0:
        who = session.blocks[0].host_script if session.kind == "script" else "micropython"
        reports.append(f"{session.id}: {who} exited {code}: {err[-2000:]}")
    assert not reports, "\n\n".join(reports)


SAMPLE = """\
# A doc

```sh
make run      # not a transcript: no prompt
```

<!-- example: files app.wasm=program:arith -->
```python
banner line, not compared
>>> x = 2
>>> def f(y):
...     return y * x
...
>>> f(3)
6
>>> print("a"); print("b")
a
...
>>> 1 / 0
Traceback (most recent call last):
  File "<stdin>", line 1, in <module>
ZeroDivisionError: divide by zero
```

<!-- example: board -->
```
>>> import board
```

<!-- example: not run: a sketch; it names a file nobody has -->
```python
>>> open("nothing.wasm")
```

<!-- example: new session -->
```python
>>> x
2
```
"""


def sample(tmp_path, text: str = SAMPLE) -> list[D.Block]:
    (tmp_path / "sample.md").write_text(text)
    return D.read(tmp_path / "sample.md")


def test_reader_takes_prompts_continuations_and_outputs(tmp_path) -> None:
    blocks = sample(tmp_path)
    assert [(b.line, b.target, b.not_run) for b in blocks] == [
        (8, "host", ""),
        (26, "mps2_an385", ""),
        (31, "host", "a sketch; it names a file nobody has"),
        (36, "host", ""),
    ]
    first = blocks[0]
    assert first.files == {"app.wasm": ("program", "arith")}
    assert [(e.line, e.source, e.want) for e in first.examples] == [
        (10, "x = 2\n", ""),
        (11, "def f(y):\n    return y * x\n\n", ""),
        (14, "f(3)\n", "6"),
        (16, 'print("a"); print("b")\n', "a\n..."),  # `...` after an output line is output
        (
            19,
            "1 / 0\n",
            'Traceback (most recent call last):\n  File "<stdin>", line 1, in <module>\n'
            "ZeroDivisionError: divide by zero",
        ),
    ]
    # the host's blocks are two sessions (`new session`), the board's one; `not run` is none
    assert [(s.target, s.id) for s in D.sessions(blocks)] == [
        ("host", "sample.md:8"),
        ("mps2_an385", "sample.md:26"),
        ("host", "sample.md:36"),
    ]


def test_comparer_is_exact_but_for_ellipsis_and_traceback_frames() -> None:
    assert D.matches("(1, 2)", "(1, 2)  \n\n")
    assert not D.matches("(1, 2)", "(1, 3)")
    assert not D.matches("(1, 2)", "(1, 2)\nmore")
    assert not D.matches("a\nb", "a")
    assert not D.matches("", "something printed")
    assert D.matches("(..., (0, 637))", "(45513, (0, 637))")
    assert not D.matches("(..., (0, 637))", "(45513, (1, 637))")
    assert D.matches("compact\n...\nchecksum=1\n0", "compact\nx\ny\nchecksum=1\n0")
    assert not D.matches("compact\n...\nchecksum=1\n0", "compact\nx\nchecksum=2\n0")
    # the header and frames are the REPL's, not compared; the exception's line is
    assert D.matches(
        "Trap: unreachable",
        'Traceback (most recent call last):\n  File "<stdin>", line 1, in <module>\nTrap: unreachable',
    )
    assert not D.matches("Trap: unreachable", "Traceback (most recent call last):\nTrap: out of fuel")


def test_a_planted_wrong_output_fails(tmp_path) -> None:
    """docs/wasm.md's first session, as it runs, then with one output changed:
    only the planted line is reported, naming where it is."""
    session = next(s for s in HOST if s.doc.endswith("/wasm.md"))
    out, code, err = D.run_on_host(session, tmp_path, MICROPYTHON)
    assert code == 0, err
    assert D.mismatches(session.examples, out) == []
    i = next(i for i, e in enumerate(session.examples) if e.source.startswith("inst.exports.add(2, 3)"))
    planted = list(session.examples)
    planted[i] = D.Example(planted[i].doc, planted[i].line, planted[i].source, "6")
    reports = D.mismatches(planted, out)
    assert len(reports) == 1
    assert reports[0].startswith(f"docs/wasm.md:{planted[i].line}: >>> inst.exports.add(2, 3)")
    assert reports[0].endswith("--- the doc shows\n6\n--- the REPL printed\n5")
    # an output the run never reached (a crash) is reported too
    assert D.mismatches(planted[:2], D.SEPARATOR + "\n") == [
        f"docs/wasm.md:{planted[1].line}: >>> {planted[1].source.rstrip()}\n  no output: the run stopped before it"
    ]


def test_a_planted_wrong_output_fails_on_the_run(tmp_path) -> None:
    """The whole path, from Markdown: a transcript whose output is wrong fails."""
    text = "```python\n>>> 1 + 1\n3\n>>> import wasm; wasm.Module(b'')\nCompileError: nope\n```\n"
    [session] = D.sessions(sample(tmp_path, text))
    out, code, _ = D.run_on_host(session, tmp_path, MICROPYTHON)
    reports = D.mismatches(session.examples, out)
    assert code == 0 and len(reports) == 2
    assert "--- the REPL printed\n2" in reports[0]
    assert "--- the REPL printed\nCompileError: " in reports[1]


CODE_SAMPLE = """\
<!-- example: file main.py; files app.wasm=program:doc_add; prints -->
```python
import wasm
print("app says", wasm.Instance(wasm.Module(open("app.wasm", "rb").read())).exports.add(40, 2))
```

```text
app says 42
```

```python
>>> x = 1
```

<!-- example: session; prints -->
```py
y = x + 1
print(y)
```

```text
2
```

<!-- example: host script; prints -->
```python
import sys
print(sys.implementation.name)
```

```text
cpython
```
"""


def test_code_blocks_run_as_what_they_are(tmp_path) -> None:
    """A `file` block runs on the host port as that file (its `files` beside it), a
    `session` block in the doc's session after the transcript before it, a host script
    in the venv's CPython; each one's printed output compared with the block after it."""
    blocks = sample(tmp_path, CODE_SAMPLE)
    assert [(b.line, b.file, b.session, b.host_script, b.want) for b in blocks] == [
        (2, "main.py", False, "", "app says 42"),
        (11, "", False, "", ""),
        (16, "", True, "", "2"),
        (26, "", False, D.DEFAULT_SCRIPT_PYTHON, "cpython"),
    ]
    sessions = D.sessions(blocks)
    assert [(s.kind, s.id) for s in sessions] == [
        ("file", "sample.md:2"),
        ("repl", "sample.md:11"),
        ("script", "sample.md:26"),
    ]
    for s in sessions:
        folder = tmp_path / s.id.replace(":", "_")
        folder.mkdir()
        out, code, err = D.run_on_host(s, folder, MICROPYTHON)
        assert code == 0, err
        if s.kind == "repl":
            assert D.mismatches(s.examples, out) == []
        else:
            assert D.code_mismatch(s.blocks[0], out) == []
    assert (tmp_path / "sample.md_2" / "main.py").read_text() == blocks[0].code
    # planted: the file's output differs from the doc's, and a session block that raises
    out, _, _ = D.run_on_host(sessions[0], tmp_path / "sample.md_2", MICROPYTHON)
    wrong = D.Block(**{**blocks[0].__dict__, "want": "app says 43"})
    [report] = D.code_mismatch(wrong, out)
    assert report == "sample.md:2: its code block\n--- the doc shows\napp says 43\n--- it printed\napp says 42"
    raising = [D.Example("sample.md", 17, "print(z)\n", "", "exec")]
    out, _, _ = D.run_on_host(
        D.Session("sample.md", "host", [D.Block("sample.md", 16, raising)]), tmp_path, MICROPYTHON
    )
    [report] = D.mismatches(raising, out)
    assert report.endswith("--- the REPL printed\nNameError: name 'z' isn't defined")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("```python\nimport wasm\n```\n", "sample.md:1: a Python block without `>>> ` is code: mark it"),
        ("<!-- example: file main.py; session -->\n```python\nx = 1\n```\n", "one of `file`, `session`"),
        ("<!-- example: file main.py -->\n```python\n>>> 1\n1\n```\n", "`file` is for a code block"),
        ("<!-- example: session; prints -->\n```python\nprint(1)\n```\n", "`prints`, but no fenced block follows"),
        ("<!-- example: board; files a.mwi=image:arith -->\n```python\n>>> 1\n1\n```\n", "a board's are `frozen`"),
    ],
)
def test_a_code_block_that_neither_runs_nor_says_why_fails(tmp_path, text: str, says: str) -> None:
    with pytest.raises(D.MarkerError, match=re.escape(says)):
        D.sessions(sample(tmp_path, text))


@pytest.mark.parametrize(
    ("marker", "says"),
    [
        ("<!-- example: bored -->", "unknown field 'bored'"),
        ("<!-- example: files a.wasm=prog:x -->", "NAME=KIND:SOURCE"),
        ("<!-- example: not run: -->", "`not run:` wants a reason"),
    ],
)
def test_a_bad_marker_says_what_and_where(tmp_path, marker: str, says: str) -> None:
    with pytest.raises(D.MarkerError, match=f"sample.md:1: .*{says}"):
        sample(tmp_path, f"{marker}\n```python\n>>> 1\n1\n```\n")


def test_a_program_ci_does_not_build_fails_clearly() -> None:
    with pytest.raises(D.MarkerError, match="bench program 'duktape' is not built by CI"):
        D.file_bytes("bench", "duktape")


def test_every_transcript_runs_or_says_why_not() -> None:
    """Every fenced block with a `>>> ` line in README.md and docs/*.md is read: it runs
    on the host, on a QEMU board that `make test` runs whole, or is `not run:` with a reason
    (on a board whose Qemu says ci="smoke" CI runs test_board_smoke.py alone, not the docs' sessions)."""
    from boardcfg import all_boards

    qemu = {b.name for b in all_boards() if b.qemu is not None and b.qemu.ci == "full"}
    blocks = [b for d in D.DOCS for b in D.read(d)]
    assert len(blocks) >= 20
    for b in blocks:
        assert b.examples or b.code, f"{b.doc}:{b.line}: nothing read"
        assert b.not_run or b.target == "host" or b.target in qemu, f"{b.doc}:{b.line}: board {b.target!r}"
    for d in D.DOCS:
        D.sessions(D.read(d))  # raises for a code block that neither runs nor says why
    # the sketches today, all code blocks (a new one is a visible change here)
    assert [f"{b.doc}:{b.line}" for b in blocks if b.not_run] == NOT_RUN


NOT_RUN = [
    "docs/pipeline.md:46",
    "docs/regions.md:14",
    "docs/wasi.md:84",
]


def test_every_python_block_is_read() -> None:
    """Every ```python / ```py block of the docs is read: a transcript or a code block."""
    for d in D.DOCS:
        text = d.read_text().splitlines()
        want = {i + 1 for i, info, _ in D.fences(text) if info.split(" ")[0] in D.CODE_INFO}
        got = {b.line for b in D.read(d)}
        assert want <= got, f"{d}: python blocks not read at lines {sorted(want - got)}"


@pytest.mark.parametrize(
    ("doc", "name", "program"),
    [("wasi.md", "hello.c", "doc_hello"), ("wasm.md", "app.c", "doc_app")],
)
def test_a_doc_shows_the_c_that_runs(doc: str, name: str, program: str) -> None:
    """docs/wasi.md's hello.c is tests/programs/doc_hello.c, which its transcript runs;
    docs/wasm.md's app.c is doc_app.c, which its main.py runs (and, built with the doc's
    small-memory flags, doc_app_small.c, which includes it): the blocks are marked so, and
    test_doc_source_builds_as_marked checks each is its program's tail."""
    [shown] = [f for f in D.fragments(D.REPO / "docs" / doc) if f.code.startswith(f"// {name}\n")]
    assert shown.program == program
    if program == "doc_app":
        small = (D.REPO / "tests" / "programs" / "doc_app_small.c").read_text()
        assert small.endswith('#include "doc_app.c"\n')


FRAGMENTS = [f for d in D.DOCS for f in D.fragments(d)]


@pytest.mark.parametrize("frag", FRAGMENTS, ids=[f"{f.doc}:{f.line}" for f in FRAGMENTS])
def test_doc_source_builds_as_marked(frag: D.Fragment, tmp_path) -> None:
    """Every ```c and ```wat block of the docs is a test program's tail, compiles against the
    SDK's (or the engine's) headers, or assembles and loads in our engine, as marked."""
    assert D.fragment_problems(frag, tmp_path, MICROPYTHON) == []


def test_every_source_block_is_built_or_says_why() -> None:
    """The docs' C and WAT blocks today, each one checked (a new one is a visible change here)."""
    assert len(FRAGMENTS) == 5
    assert [f"{f.doc}:{f.line}" for f in FRAGMENTS if f.not_run] == []


SOURCE_SAMPLE = """\
<!-- example: compile wasm32 -->
```c
#include "mpwasm_shared_heap.h"
void *f(void) { return shared_heap_alloc(4); }
```

<!-- example: compile host -->
```c
#include "mw.h"
int g(void) { return MW_OK; }
```

<!-- example: program doc_hello -->
```c
// hello.c
int main(void) { return 0; }
```

<!-- example: module -->
```wat
(module (func (export "f") (result i32) (i64.const 1)))
```

<!-- example: assemble -->
```wat
(module (func (result i32) (i64.const 1)))
```

<!-- example: module -->
```wat
(module (func (export "f") (result i32) (i32.const 1)))
```
"""


def test_a_source_block_that_does_not_build_fails(tmp_path) -> None:
    """A fragment calling what the SDK lacks, C that is not the program's tail and a module our
    engine refuses are each reported with the doc's line; what is right passes."""
    (tmp_path / "s.md").write_text(SOURCE_SAMPLE)
    frags = D.fragments(tmp_path / "s.md")
    assert [(f.line, f.lang, f.compile, f.program, f.module, f.assemble) for f in frags] == [
        (2, "c", "wasm32", "", False, False),
        (8, "c", "host", "", False, False),
        (14, "c", "", "doc_hello", False, False),
        (20, "wat", "", "", True, False),
        (25, "wat", "", "", False, True),
        (30, "wat", "", "", True, False),
    ]
    problems = [D.fragment_problems(f, tmp_path, MICROPYTHON) for f in frags]
    assert "s.md:2: its ```c block: clang --target=wasm32 ... failed" in problems[0][0]
    assert "shared_heap_alloc" in problems[0][0]
    assert problems[1] == []
    assert problems[2] == [
        "s.md:14: its ```c block: not the tail of tests/programs/doc_hello.c (the doc and the program differ)"
    ]
    assert problems[3][0].startswith("s.md:20: its ```wat block: our engine does not load it:")
    assert "type mismatch" in problems[3][0]
    assert problems[4] == [] and problems[5] == []


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("```c\nint x;\n```\n", "s.md:1: a ```c block is built: mark it `program NAME`"),
        ("<!-- example: module -->\n```c\nint x;\n```\n", "s.md:2: a ```c block is built"),
        ("<!-- example: compile arm -->\n```c\nint x;\n```\n", "`compile` wants one of wasm32-wasi, wasm32, host"),
        ("```wat\n(module)\n```\n", "s.md:1: a ```wat block is built: mark it"),
        ("<!-- example: compile host -->\n```wat\n(module)\n```\n", "s.md:2: a ```wat block is built"),
    ],
)
def test_a_source_block_unmarked_or_mismarked_fails(tmp_path, text: str, says: str) -> None:
    (tmp_path / "s.md").write_text(text)
    with pytest.raises(D.MarkerError, match=re.escape(says)):
        D.fragments(tmp_path / "s.md")


def test_a_source_marker_on_a_python_block_fails(tmp_path) -> None:
    with pytest.raises(D.MarkerError, match="`program` is for a C or WAT block"):
        sample(tmp_path, "<!-- example: program doc_hello -->\n```python\nx = 1\n```\n")


COMMAND_DOCS = [d for d in D.DOCS if D.commands(d)]


@pytest.mark.parametrize("doc", COMMAND_DOCS, ids=[str(d.relative_to(D.REPO)) for d in COMMAND_DOCS])
def test_doc_commands_name_what_exists(doc) -> None:
    """A shell block's commands are not run, but what they name exists: each `make` target and
    `VAR=`, each repository path, each script, and each long option in its `--help`."""
    problems = [p for c in D.commands(doc) for p in D.command_problems(c)]
    assert not problems, "\n".join(problems)


INLINE_DOCS = [d for d in D.DOCS if D.inline_commands(d)]


@pytest.mark.parametrize("doc", INLINE_DOCS, ids=[str(d.relative_to(D.REPO)) for d in INLINE_DOCS])
def test_doc_inline_commands_name_what_exists(doc) -> None:
    """A command in a code span of a doc's prose (`make natmod ARCH=x64`) names make targets and
    variables, repository paths and scripts that exist (its options are not asked of `--help`:
    there are hundreds of such spans)."""
    problems = [p for c in D.inline_commands(doc) for p in D.command_problems(c, options=False)]
    assert not problems, "\n".join(problems)


def test_an_inline_command_naming_what_is_gone_fails(tmp_path) -> None:
    text = (
        "Build it with `make natmod ARCH=x64`, then `make natmood`; `python3 bench/nothing.py --quick`\n"
        "or `.venv/bin/python bench/run.py --no-such-option` (options are not checked here);\n"
        "`cd tests && ../.venv/bin/python -m fuzz.imms` and `maker` and `make` alone are not commands\n"
        "```sh\n`make inside-a-fence`\n```\n"
        "`make firmware BOARDS=x && python3 scripts/gone.py`\n"
    )
    (tmp_path / "s.md").write_text(text)
    cmds = D.inline_commands(tmp_path / "s.md")
    assert [(c.line, c.cwd, c.words[:2]) for c in cmds] == [
        (1, "", ("make", "natmod")),
        (1, "", ("make", "natmood")),
        (1, "", ("python3", "bench/nothing.py")),
        (2, "", (".venv/bin/python", "bench/run.py")),
        (3, "tests", ("../.venv/bin/python", "-m")),
        (7, "", ("make", "firmware")),
        (7, "", ("python3", "scripts/gone.py")),
    ]
    assert [p.split("\n  ")[1] for c in cmds for p in D.command_problems(c, options=False)] == [
        "no target 'natmood' in the Makefile",
        "no bench/nothing.py in the repository",
        "no variable BOARDS in the makefiles",
        "no scripts/gone.py in the repository",
    ]


def test_a_command_naming_what_is_gone_fails(tmp_path) -> None:
    """The reader takes continuations, comments, `cd X &&` and `VAR=value` prefixes; each kind
    of name that does not exist is reported, naming the doc's line: among them a positional
    argument argparse would refuse (a choice, one too many) and an option wasm-cross lacks."""
    text = (
        "```sh\n"
        "make firmware BOARD=mps2_an385 LTO=0   # a comment\n"
        "make flush BOARDS=x\n"
        'MW_FUZZ_CFLAGS="-DX=1" cd tests && ../.venv/bin/python -m fuzz.imms --modules 1 \\\n'
        "    --seeds 2\n"
        "python3 scripts/fsimage.py ls --board mps2_an385 --bored\n"
        "python3 bench/nothing.py --quick; timeout 60 .venv/bin/python -m pytest tests/hil --bord x\n"
        "python3 scripts/fsimage.py lst --board mps2_an385\n"
        "python3 scripts/fsimage.py build app/ more/ --board mps2_an385\n"
        "python3 bench/engine_flags.py --profile small extra\n"
        "build/wasm-cross/wasm-cross app.wasm --targte host -o app.mwi\n"
        "```\n"
    )
    (tmp_path / "s.md").write_text(text)
    cmds = D.commands(tmp_path / "s.md")
    assert [(c.line, c.cwd, c.words[:3]) for c in cmds] == [
        (2, "", ("make", "firmware", "BOARD=mps2_an385")),
        (3, "", ("make", "flush", "BOARDS=x")),
        (4, "tests", ("../.venv/bin/python", "-m", "fuzz.imms")),
        (6, "", ("python3", "scripts/fsimage.py", "ls")),
        (7, "", ("python3", "bench/nothing.py", "--quick")),
        (7, "", (".venv/bin/python", "-m", "pytest")),
        (8, "", ("python3", "scripts/fsimage.py", "lst")),
        (9, "", ("python3", "scripts/fsimage.py", "build")),
        (10, "", ("python3", "bench/engine_flags.py", "--profile")),
        (11, "", ("build/wasm-cross/wasm-cross", "app.wasm", "--targte")),
    ]
    assert [p.split("\n  ")[1] for c in cmds for p in D.command_problems(c)] == [
        "no target 'flush' in the Makefile",
        "no variable BOARDS in the makefiles",
        "python -m fuzz.imms --help lists no --seeds",
        "python scripts/fsimage.py --help lists no --bored",
        "no bench/nothing.py in the repository",
        "python -m pytest tests/hil --help lists no --bord",
        "python scripts/fsimage.py: 'lst' is not one of its {build,ls,extract}",
        "python scripts/fsimage.py build takes 1 positional arguments, not 2",
        "python bench/engine_flags.py takes 0 positional arguments, not 1",
        "wasm-cross --help lists no --targte",
    ]


def test_a_program_is_built_again_when_what_it_includes_changes(tmp_path, monkeypatch) -> None:
    """doc_app_small.c is doc_app.c included with other flags: a change to the included file
    (or to an sdk/c/ header a program includes) must build the program again, not reuse it."""
    from support import build

    src, out = tmp_path / "programs", tmp_path / "wasm"
    src.mkdir()
    monkeypatch.setattr(build, "SRC", src)
    monkeypatch.setattr(build, "OUT", out)
    (src / "part.c").write_text("int f(void) { return 1; }\n")
    (src / "whole.c").write_text('// exports: f\n// flags: -Os\n#include "part.c"\n')
    first = build.build("whole")
    assert build.build("whole") == first  # cached
    (src / "part.c").write_text("int f(void) { return 2; }\n")
    assert build.build("whole") != first


def test_a_host_script_leaves_no_process_behind(tmp_path) -> None:
    """What a host script starts (lab.md's labgrid starts QEMU) is killed with it."""
    import time

    code = "import subprocess\nprint(subprocess.Popen(['sleep', '60']).pid)\n"
    text = f"<!-- example: host script -->\n```python\n{code}```\n"
    [session] = D.sessions(sample(tmp_path, text))
    started = time.monotonic()
    out, status, err = D.run_on_host(session, tmp_path, MICROPYTHON)
    assert status == 0, err
    assert time.monotonic() - started < 30, "the run waited for the script's child (sleep 60)"
    stat = Path(f"/proc/{int(out)}/stat")
    deadline = time.monotonic() + 10
    while stat.exists() and stat.read_text().split(") ")[1][0] != "Z" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not stat.exists() or stat.read_text().split(") ")[1][0] == "Z", "the script's child still runs"
