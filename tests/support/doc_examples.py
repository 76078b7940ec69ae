# SPDX-License-Identifier: MIT
"""The REPL transcripts, Python code blocks and shell commands of README.md and docs/*.md:
transcripts and code read, run and compared; commands checked for what they name.

A fenced block with a line starting `>>> ` is a transcript: each `>>> ` line
(with the `... ` lines right after it) is typed at the REPL, and the lines
after it up to the next `>>> ` are what the REPL prints. Lines before the first
`>>> ` (a boot banner) are not compared. `run_script()` makes the MicroPython
script that runs a session's examples as the REPL would (`compile(src,
'<stdin>', 'single')`: an expression's value is printed) in one globals dict;
the same script runs on the host port (tests/host/test_doc_examples.py) and on
a board over the raw REPL (tests/hil/test_doc_examples_board.py).

Comparing (`matches()`), as doctest with ELLIPSIS: exact, line for line (trailing
spaces and trailing blank lines aside), where `...` in the doc's output stands for
any text (an address, a size that moves with every engine change). A raising
example shows the exception's last line, `Type: message`; a traceback's header
and its `  File ...` lines, if the doc shows them, are not compared.

Where a transcript runs is said by an HTML comment on the line before its
fence, `<!-- example: FIELD; FIELD -->` (none: the host port):
    board                   on the HIL board (mps2_an385), through the raw REPL
    board NAME              on board NAME only
    frozen A B              a firmware with tests/programs A, B frozen (docs/images.md)
    natmod                  the board's firmware without the built-in module, as stock
                            MicroPython's (`make firmware BOARD=NAME WASM=natmod`)
    files F=KIND:NAME ...   the test makes file F in the folder it runs in (on a board,
                            sent to its filesystem's "/" before the examples run):
                            KIND program (tests/programs/NAME), bench (bench/programs'
                            NAME, built as tests/host/test_real_programs.py does),
                            lang (examples/: the app of language NAME),
                            example (examples/pipeline/NAME.wat assembled: pipeline/filter),
                            image (tests/programs/NAME through wasm-cross for the host port);
                            F may name a folder (build/programs/lua.wasm)
    new session             fresh globals (else the file's blocks on one target share one
                            session, in order, as doctest's file examples do)
    not run: REASON         a sketch, never run (its REASON says why)

A ```python (or ```py) block without a `>>> ` line is code, not a transcript: its
marker says what it is, one of
    file NAME               a file for the board (main.py, ...): on the host port written as
                            NAME into the folder of its `files` and run, `micropython NAME`;
                            with `board`, sent to a freshly booted board as NAME and exec'd
                            there in fresh globals. Its own session, always.
    session                 a fragment of the doc's session: exec'd whole, in order, in the
                            globals of the doc's transcripts on its target
    host script [PYTHON]    host-side Python, run from the repository's root by PYTHON (a
                            path in it; default .venv/bin/python) in a subprocess with a
                            timeout, its own process group killed when it ends
    not run: REASON         as above
and `prints`, with any of them, makes the next fenced block of the doc what it
prints (compared as a transcript's output is). A code block must run or say why.

A ```c or ```wat block is source: not run, but built, as its marker says, one of
    program NAME            the tail of test program tests/programs/NAME.c (or .wat), which
                            the tests build and run: the doc shows the end of it, exactly
                            (a first line `// NAME.c` that names the file aside)
    compile TARGET          a C fragment (a whole file of declarations and functions) compiled
                            with -c -Wall -Werror: TARGET wasm32-wasi (clang and wasi-libc) or
                            wasm32 (clang, freestanding) against the SDK's headers (sdk/c/),
                            or host (the host gcc, against the engine's and the native API's
                            headers: C that embeds the engine)
    module                  a whole WAT module, assembled (`wasm-tools parse`, as the test
                            programs are) and loaded by our engine (the host port's
                            `wasm.Module(..., lazy=False)`: validated, every function lowered)
    assemble                WAT assembled only (a module the engine refuses on purpose)
    not run: REASON         as above
An unmarked one fails (`fragments()`, `fragment_problems()`).

A shell block (```sh, ```bash, ```console) is not run: `commands()` reads its commands and
`command_problems()` names what one of them names that does not exist (a make target or
variable, a repository path, a script, a long option its `--help` does not list, a
positional argument its argparse `--help` does not take: one too many, or a word not among
a positional's choices; a long option of a tool the project builds, `BUILD_TOOLS`).
A command in a prose line's code span (`make firmware BOARD=x`: `inline_commands()`) is
checked for the same names but its options (`command_problems(cmd, options=False)`: no
`--help` runs).
A `files` source that CI does not build (bench programs with `ci=False`)
fails the test naming it: such a block must be `not run:`.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import signal
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# our Markdown files (not deps/, build/, nor the AssemblyScript compiler's node_modules/)
DOCS = tuple(
    sorted(
        [REPO / "README.md", REPO / "CONTRIBUTING.md"]
        + [
            p
            for top in ("docs", "boards", "examples", "sdk", "tests")
            for p in (REPO / top).rglob("*.md")
            if "node_modules" not in p.parts
        ]
    )
)
DEFAULT_BOARD = "mps2_an385"

CODE_INFO = ("python", "py")  # the fences whose blocks without `>>> ` are code
DEFAULT_SCRIPT_PYTHON = ".venv/bin/python"
FENCE = re.compile(r"^(\s*)(```+|~~~+)(.*)$")
MARKER = re.compile(r"^\s*<!--\s*example:(.*?)-->\s*$")
SEPARATOR = "\x1edocex"  # printed before each example's output: a line no doc shows
TRACE_LINE = re.compile(r'^(Traceback \(most recent call last\):|  File ".*", line \d+, in .*)$')


class MarkerError(ValueError):
    pass


@dataclass(frozen=True)
class Example:
    doc: str  # repository-relative path
    line: int  # 1-based line of the `>>> `
    source: str
    want: str  # the doc's output, "\n"-joined
    mode: str = "single"  # compile()'s: "single" for a `>>> ` line, "exec" for a code block


@dataclass
class Block:
    doc: str
    line: int  # the fence's line, 1-based
    examples: list[Example]
    board: str | None = None  # None: the host port
    frozen: tuple[str, ...] = ()
    files: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (kind, source)
    new_session: bool = False
    natmod: bool = False
    not_run: str = ""
    file: str = ""  # a code block: the board-side file it is
    session: bool = False  # a code block: a fragment of the doc's session
    host_script: str = ""  # a code block: host-side Python, run by this interpreter
    prints: bool = False  # the next fenced block is what it prints
    code: str = ""  # a code block's text
    want: str = ""  # what a code block prints (`prints`), "\n"-joined

    @property
    def target(self) -> str:
        return "host" if self.board is None else self.board


@dataclass
class Session:
    """Blocks of one doc run one after another in one globals dict."""

    doc: str
    target: str  # "host" or a board name
    blocks: list[Block]

    @property
    def id(self) -> str:
        return f"{self.doc}:{self.blocks[0].line}"

    @property
    def examples(self) -> list[Example]:
        return [e for b in self.blocks for e in b.examples]

    @property
    def files(self) -> dict[str, tuple[str, str]]:
        return {k: v for b in self.blocks for k, v in b.files.items()}

    @property
    def frozen(self) -> tuple[str, ...]:
        return tuple(n for b in self.blocks for n in b.frozen)

    @property
    def natmod(self) -> bool:
        return any(b.natmod for b in self.blocks)

    @property
    def kind(self) -> str:
        """ "repl" (transcripts and `session` fragments), "file" or "script": one code block."""
        b = self.blocks[0]
        return "file" if b.file else "script" if b.host_script else "repl"


KINDS = ("program", "bench", "lang", "example", "image")


def parse_marker(text: str, where: str) -> dict:
    out: dict = {}
    text, run, reason = text.partition("not run:")  # the reason goes to the end, `;` and all
    if run:
        if not reason.strip():
            raise MarkerError(f"{where}: `not run:` wants a reason")
        out["not_run"] = reason.strip()
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        word, _, rest = part.partition(" ")
        if part == "board":
            out["board"] = DEFAULT_BOARD
        elif word == "board":
            out["board"] = rest.strip()
        elif word == "frozen":
            out["frozen"] = tuple(rest.split())
        elif word == "files":
            files = {}
            for item in rest.split():
                name, _, src = item.partition("=")
                kind, _, source = src.partition(":")
                if not name or kind not in KINDS or not source:
                    raise MarkerError(f"{where}: `files` wants NAME=KIND:SOURCE, KIND one of {KINDS}: {item!r}")
                files[name] = (kind, source)
            out["files"] = files
        elif part == "new session":
            out["new_session"] = True
        elif part == "natmod":
            out["natmod"] = True
        elif word == "file" and rest.strip():
            out["file"] = rest.strip()
        elif part == "session":
            out["session"] = True
        elif part.startswith("host script"):
            out["host_script"] = part[len("host script") :].strip() or DEFAULT_SCRIPT_PYTHON
        elif part == "prints":
            out["prints"] = True
        elif word == "program" and rest.strip():
            out["program"] = rest.strip()
        elif word == "compile" and rest.strip() in COMPILE:
            out["compile"] = rest.strip()
        elif word == "compile":
            raise MarkerError(f"{where}: `compile` wants one of {', '.join(COMPILE)}: {part!r}")
        elif part in ("module", "assemble"):
            out[part] = True
        else:
            raise MarkerError(f"{where}: unknown field {part!r} in <!-- example: ... -->")
    return out


def examples_of(lines: list[str], doc: str, first: int) -> list[Example]:
    """The examples of a block's lines (`first`: the 1-based line of lines[0])."""
    out: list[Example] = []
    i = 0
    while i < len(lines) and not lines[i].startswith(">>>"):
        i += 1  # a banner before the first prompt
    while i < len(lines):
        start = i
        src = [lines[i][4:] if lines[i].startswith(">>> ") else lines[i][3:]]
        i += 1
        while i < len(lines) and (lines[i] == "..." or lines[i].startswith("... ")):
            src.append(lines[i][4:])
            i += 1
        want = []
        while i < len(lines) and not lines[i].startswith(">>>"):
            want.append(lines[i])
            i += 1
        while want and not want[-1].strip():
            want.pop()
        out.append(Example(doc, first + start, "\n".join(src) + "\n", "\n".join(want)))
    return out


def fences(text: list[str]) -> list[tuple[int, str, list[str]]]:
    """(0-based line of the opening fence, info string, body) of each fenced block."""
    out = []
    i = 0
    while i < len(text):
        m = FENCE.match(text[i])
        if not m:
            i += 1
            continue
        indent, fence = m.group(1), m.group(2)
        j = i + 1
        while j < len(text) and not text[j].strip().startswith(fence):
            j += 1
        body = [ln[len(indent) :] if ln.startswith(indent) else ln.lstrip() for ln in text[i + 1 : j]]
        out.append((i, m.group(3).strip(), body))
        i = j + 1
    return out


def read(path: Path) -> list[Block]:
    """The transcripts and the Python code blocks of one Markdown file."""
    doc = str(path.relative_to(REPO)) if path.is_relative_to(REPO) else path.name
    text = path.read_text().splitlines()
    blocks: list[Block] = []
    found = fences(text)
    for n, (i, info, body) in enumerate(found):
        transcript = any(ln.startswith(">>>") for ln in body)
        if not transcript and info.split(" ")[0] not in CODE_INFO:
            continue
        k = i - 1
        while k >= 0 and not text[k].strip():
            k -= 1
        mm = MARKER.match(text[k]) if k >= 0 else None
        where = f"{doc}:{k + 1}"
        fields = parse_marker(mm.group(1), where) if mm else {}
        if any(fields.get(f) for f in SOURCE_FIELDS):
            raise MarkerError(f"{where}: `{next(f for f in SOURCE_FIELDS if fields.get(f))}` is for a C or WAT block")
        code_fields = [f for f in ("file", "session", "host_script") if fields.get(f)]
        if fields.get("board") and any(kind == "image" for kind, _ in fields.get("files", {}).values()):
            raise MarkerError(f"{where}: `image:` is the host port's image; a board's are `frozen`")
        if transcript:
            if code_fields or fields.get("prints"):
                raise MarkerError(f"{where}: `{code_fields[0] if code_fields else 'prints'}` is for a code block")
            blocks.append(Block(doc, i + 1, examples_of(body, doc, i + 2), **fields))
            continue
        if len(code_fields) > 1:
            raise MarkerError(f"{where}: a code block is one of `file`, `session`, `host script`")
        if fields.get("prints"):
            if n + 1 >= len(found):
                raise MarkerError(f"{where}: `prints`, but no fenced block follows")
            fields["want"] = "\n".join(found[n + 1][2])
        code = "\n".join(body) + "\n"
        examples = [Example(doc, i + 2, code, fields.get("want", ""), "exec")] if fields.get("session") else []
        blocks.append(Block(doc, i + 1, examples, code=code, **fields))
    return blocks


def sessions(blocks: list[Block]) -> list[Session]:
    """The blocks that run, grouped: one session per doc and target, split at `new session`."""
    out: list[Session] = []
    open_: dict[tuple[str, str, bool], Session] = {}
    for b in blocks:
        if b.not_run:
            continue
        if b.file or b.host_script:  # a file, a script: a session of its own
            out.append(Session(b.doc, b.target, [b]))
            continue
        if not b.examples:
            raise MarkerError(
                f"{b.doc}:{b.line}: a Python block without `>>> ` is code: mark it "
                "`file NAME`, `session`, `host script` or `not run: REASON`"
            )
        key = (b.doc, b.target, b.natmod)
        if b.new_session or key not in open_:
            open_[key] = Session(b.doc, b.target, [])
            out.append(open_[key])
        open_[key].blocks.append(b)
    return out


def all_sessions(docs: tuple[Path, ...] = DOCS) -> list[Session]:
    return [s for d in docs for s in sessions(read(d))]


# C and WAT blocks: built as their marker says (module docstring)
SOURCE_INFO = ("c", "wat")
SOURCE_FIELDS = ("program", "compile", "module", "assemble")
SDK_C = REPO / "sdk" / "c"
COMPILE = {
    "wasm32-wasi": ("clang", "--target=wasm32-wasi", f"-I{SDK_C}"),
    "wasm32": ("clang", "--target=wasm32", "-ffreestanding", f"-I{SDK_C}"),
    "host": ("gcc", "-std=gnu11", f"-I{REPO / 'modwasm' / 'engine'}", f"-I{REPO / 'modwasm' / 'include'}"),
}
COMPILE_FLAGS = ("-c", "-Wall", "-Werror")


@dataclass(frozen=True)
class Fragment:
    """A ```c or ```wat block and what its marker says it is."""

    doc: str
    line: int  # the fence's line, 1-based
    lang: str  # "c" or "wat"
    code: str
    program: str = ""
    compile: str = ""
    module: bool = False
    assemble: bool = False
    not_run: str = ""

    @property
    def where(self) -> str:
        return f"{self.doc}:{self.line}: its ```{self.lang} block"


def fragments(path: Path) -> list[Fragment]:
    """The C and WAT blocks of one Markdown file, each with what it is; an unmarked one, or
    one marked as what its language cannot be, raises MarkerError naming the line."""
    doc = str(path.relative_to(REPO)) if path.is_relative_to(REPO) else path.name
    text = path.read_text().splitlines()
    out = []
    for i, info, body in fences(text):
        lang = info.split(" ")[0]
        if lang not in SOURCE_INFO:
            continue
        k = i - 1
        while k >= 0 and not text[k].strip():
            k -= 1
        mm = MARKER.match(text[k]) if k >= 0 else None
        fields = parse_marker(mm.group(1), f"{doc}:{k + 1}") if mm else {}
        said = [f for f in (*SOURCE_FIELDS, "not_run") if fields.get(f)]
        allowed = {"c": ("program", "compile", "not_run"), "wat": ("program", "module", "assemble", "not_run")}[lang]
        if len(said) != 1 or said[0] not in allowed or set(fields) - set(allowed):
            marks = {
                "c": "`program NAME` (a test program's tail), `compile wasm32-wasi|wasm32|host`",
                "wat": "`program NAME` (a test program's tail), `module` (assembled and loaded), `assemble`",
            }[lang]
            raise MarkerError(f"{doc}:{i + 1}: a ```{lang} block is built: mark it {marks} or `not run: REASON`")
        out.append(Fragment(doc, i + 1, lang, "\n".join(body) + "\n", **fields))
    return out


FILE_NAME_LINE = re.compile(r"^(//|;;) [\w.-]+\.(c|wat)\n")


def shown_tail(code: str) -> str:
    """A program's block less its first line when that only names the file as the reader
    saves it (`// hello.c`): the program's own first lines say more."""
    return FILE_NAME_LINE.sub("", code, count=1)


def fragment_problems(frag: Fragment, folder: Path, micropython: Path, timeout: float = 60) -> list[str]:
    """What is wrong with a C or WAT block, as its marker says to build it: a test program
    it is not the tail of, a compiler's or assembler's errors, our engine refusing it."""
    import subprocess
    import sys

    if frag.not_run:
        return []
    if frag.program:
        src = REPO / "tests" / "programs" / f"{frag.program}.{frag.lang}"
        if not src.is_file():
            return [f"{frag.where}: no test program {src.relative_to(REPO)}"]
        if not src.read_text().endswith(shown_tail(frag.code)):
            return [f"{frag.where}: not the tail of {src.relative_to(REPO)} (the doc and the program differ)"]
        return []
    src = folder / f"fragment.{frag.lang}"
    src.write_text(frag.code)
    if frag.compile:
        argv = [*COMPILE[frag.compile], *COMPILE_FLAGS, str(src), "-o", str(folder / "fragment.o")]
    else:
        wasm_tools = Path(sys.executable).parent / "wasm-tools"
        argv = [str(wasm_tools) if wasm_tools.is_file() else "wasm-tools", "parse", str(src), "-o"]
        argv.append(str(folder / "fragment.wasm"))
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)
    if proc.returncode != 0:
        return [f"{frag.where}: {' '.join(argv[:2])} ... failed:\n{proc.stderr.strip()}"]
    if not frag.module:
        return []
    load = "import wasm\nwasm.Module(open('fragment.wasm', 'rb').read(), lazy=False)\n"
    proc = subprocess.run(
        [str(micropython), "-c", load], cwd=folder, capture_output=True, text=True, timeout=timeout, check=False
    )
    if proc.returncode != 0:
        return [f"{frag.where}: our engine does not load it:\n{(proc.stdout + proc.stderr).strip()[-2000:]}"]
    return []


DRIVER = """\
import sys, io
def _docex_run(_srcs):
    _g = {'__name__': '__main__'}
    for _src, _mode in _srcs:
        print(%r)
        try:
            exec(compile(_src, '<stdin>', _mode), _g)
        except BaseException as _e:
            _b = io.StringIO()
            sys.print_exception(_e, _b)
            print(_b.getvalue(), end='')
"""


def run_script(examples: list[Example]) -> str:
    """MicroPython code that runs `examples` as typed at the REPL, each one's
    output after a line SEPARATOR (`split_output()` reads it back)."""
    return DRIVER % SEPARATOR + f"_docex_run({[(e.source, e.mode) for e in examples]!r})\ndel _docex_run\n"


def split_output(out: str, n: int) -> list[str]:
    """The outputs of a run_script() of n examples; what is missing (a crash) is None."""
    parts = out.replace("\r\n", "\n").split(SEPARATOR + "\n")
    got = parts[1:]
    return [*got, *([None] * (n - len(got)))][:n]


def normal(text: str) -> str:
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").split("\n")]
    lines = [ln for ln in lines if not TRACE_LINE.match(ln)]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def matches(want: str, got: str) -> bool:
    """doctest's comparison with ELLIPSIS: `...` in `want` stands for any text."""
    want, got = normal(want), normal(got)
    if "..." not in want:
        return want == got
    pattern = ".*?".join(re.escape(p) for p in want.split("..."))
    return re.fullmatch(pattern, got, re.DOTALL) is not None


def mismatches(examples: list[Example], out: str) -> list[str]:
    """One report per example whose output differs from the doc's, naming doc:line."""
    reports = []
    for ex, got in zip(examples, split_output(out, len(examples)), strict=True):
        if got is None:
            reports.append(f"{ex.doc}:{ex.line}: >>> {ex.source.rstrip()}\n  no output: the run stopped before it")
        elif not matches(ex.want, got):
            shown = ex.source.rstrip() if ex.mode == "single" else "(its code block)"
            reports.append(
                f"{ex.doc}:{ex.line}: >>> {shown}\n--- the doc shows\n{normal(ex.want)}\n"
                f"--- the REPL printed\n{normal(got)}"
            )
    return reports


def file_bytes(kind: str, source: str) -> bytes:
    """The bytes of a `files` entry, built as the other tests build them."""
    if kind == "program":
        from support.build import build

        return build(source)
    if kind == "lang":
        from cases.lang_cases import app

        return app(source)
    if kind == "image":
        from support.images import image

        return image(source)  # for the host port
    if kind == "example":
        from cases import pipeline_cases

        folder, _, name = source.partition("/")
        if folder != "pipeline" or not (pipeline_cases.EXAMPLE / f"{name}.wat").is_file():
            raise MarkerError(f"`example:` takes examples/pipeline/NAME (a .wat there): {source!r}")
        return pipeline_cases.wasm(name)
    import programs as P

    prog = next((p for p in P.PROGRAMS if p.name == source), None)
    if prog is None:
        raise MarkerError(f"no bench program {source!r} in bench/programs.py")
    if prog not in P.TESTED:
        raise MarkerError(
            f"bench program {source!r} is not built by CI (ci=False): mark its block `not run:`, "
            "or run with MPWASM_PROGRAMS=all"
        )
    P.fetch([prog])
    return P.build(prog, "wasm").read_bytes()


def provide(session: Session, folder: Path) -> None:
    """Write the files the session's blocks read into `folder`."""
    for name, (kind, source) in session.files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(file_bytes(kind, source))


def run_on_host(session: Session, folder: Path, micropython: Path, timeout: float = 300) -> tuple[str, int, str]:
    """(stdout, exit code, stderr) of the session run on the host: its examples, or its file,
    by the host port in `folder`; a host script by its interpreter from the repository's root."""
    import subprocess

    b = session.blocks[0]
    if session.kind == "script":
        argv, cwd, stdin = [str(REPO / b.host_script), "-"], REPO, b.code
    else:
        provide(session, folder)
        name = b.file if session.kind == "file" else "docex_run.py"
        (folder / name).write_text(b.code if session.kind == "file" else run_script(session.examples))
        argv, cwd, stdin = [str(micropython), name], folder, None
    # its own process group, killed whole once it ends: what a script starts (lab.md's QEMU,
    # through labgrid) never outlives it, even when it fails or times out; its output goes to
    # files, not pipes, which a child left running would hold open
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(
            argv,
            cwd=cwd,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            text=True,
            start_new_session=True,
        )
        try:
            if stdin is not None:
                proc.stdin.write(stdin)
                proc.stdin.close()
            proc.wait(timeout)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        out.seek(0)
        err.seek(0)
        return out.read(), proc.returncode, err.read()


def code_mismatch(block: Block, out: str) -> list[str]:
    """A file's or script's output against what the doc shows it prints (nothing to compare
    without `prints`)."""
    if not block.prints or matches(block.want, out):
        return []
    return [
        f"{block.doc}:{block.line}: its code block\n--- the doc shows\n{normal(block.want)}\n"
        f"--- it printed\n{normal(out)}"
    ]


def transcript(examples: list[Example], out: str) -> str:
    """The examples as the REPL printed them, in the doc's form (to update a doc from)."""
    lines = []
    for ex, got in zip(examples, split_output(out, len(examples)), strict=True):
        src = ex.source.rstrip("\n").split("\n")
        lines += [f"{ex.doc}:{ex.line}", ">>> " + src[0], *("... " + s for s in src[1:])]
        lines += [] if got is None else normal(got).split("\n") if normal(got) else []
    return "\n".join(lines)


# Shell blocks (```sh, ```bash, ```console): not run, but what a command names must exist.
SHELL_INFO = ("sh", "bash", "console", "shell")
SEPARATORS = {";", "&&", "||", "|", "&", "(", ")"}
INTERPRETER = re.compile(r"^(?:\.\./)?(?:\.venv|\.venv-labgrid)/bin/python3?$|^python3?$")
REPO_TOPS = ("scripts/", "bench/", "tests/", "examples/", "sdk/", "boards/", "docs/", "modwasm/", "ports/", "tools/")


@dataclass(frozen=True)
class Command:
    """One command of a shell block: `cd X && cmd` runs cmd in X (`cwd`, repository-relative)."""

    doc: str
    line: int  # the command's first line, 1-based
    cwd: str
    words: tuple[str, ...]

    @property
    def where(self) -> str:
        return f"{self.doc}:{self.line}: {' '.join(self.words)}"


def command_line(doc: str, line: int, text: str) -> list[Command]:
    """The commands of one shell line (continuations joined): split at `;`, `&&`, `|`, `&`;
    leading `VAR=value`, `timeout N`, `sudo` dropped; `cd X &&` makes X the next one's `cwd`."""
    import shlex

    lex = shlex.shlex(text, posix=True, punctuation_chars=";&|()")
    lex.whitespace_split = True
    out: list[Command] = []
    cwd, words = "", []
    for tok in [*lex, ";"]:
        if tok not in SEPARATORS:
            words.append(tok)
            continue
        while words and ("=" in words[0] and not words[0].startswith("-") or words[0] == "sudo"):
            words.pop(0)
        if words[:1] == ["timeout"]:
            words = words[2:]
        if words[:1] == ["cd"] and len(words) == 2:
            cwd = str(Path(cwd) / words[1])
        elif words:
            out.append(Command(doc, line, cwd, tuple(words)))
        words = []
    return out


def _doc_name(path: Path) -> str:
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else path.name


def commands(path: Path) -> list[Command]:
    """The commands of a Markdown file's shell blocks (`command_line`), comments dropped."""
    doc = _doc_name(path)
    out: list[Command] = []
    for i, info, body in fences(path.read_text().splitlines()):
        if info.split(" ")[0] not in SHELL_INFO:
            continue
        n = 0
        while n < len(body):
            start, line = n, body[n]
            while line.endswith("\\") and n + 1 < len(body):
                n += 1
                line = line[:-1] + " " + body[n]
            n += 1
            out += command_line(doc, i + 2 + start, line)
    return out


# A command in a prose line's code span (`make firmware BOARD=x`, `.venv/bin/python bench/run.py
# --quick`): what a reader copies as readily as a shell block's.
INLINE_COMMAND = re.compile(r"^(?:make |(?:\.\./)?\.venv(?:-labgrid)?/bin/python3? |python3? |cd [\w./-]+ && |pytest )")
CODE_SPAN = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")


def inline_commands(path: Path) -> list[Command]:
    """The commands of a Markdown file's code spans outside its fenced blocks (`INLINE_COMMAND`)."""
    doc = _doc_name(path)
    out: list[Command] = []
    in_fence = ""
    for i, line in enumerate(path.read_text().splitlines(), 1):
        m = FENCE.match(line)
        if m and (not in_fence or m.group(2).startswith(in_fence)):
            in_fence = "" if in_fence else m.group(2)
            continue
        if not in_fence:
            for span in CODE_SPAN.findall(line):
                if INLINE_COMMAND.match(span):
                    out += command_line(doc, i, span)
    return out


@functools.cache
def _makefiles() -> tuple[Path, ...]:
    """The project's makefiles (not deps/, build/, the AssemblyScript compiler's node_modules/)."""
    out = []
    for top, dirs, files in os.walk(REPO):
        dirs[:] = [d for d in dirs if d not in ("deps", "build", "node_modules", ".git") and not d.startswith(".venv")]
        out += [Path(top) / f for f in files if f == "Makefile" or f.endswith(".mk")]
    return tuple(sorted(out))


@functools.cache
def make_targets() -> set[str]:
    """The top Makefile's targets (`a b: ...` rules, not `:=` assignments)."""
    rule = re.compile(r"^([A-Za-z0-9_.%/ -]+?)\s*::?(?!=)")
    return {
        t for ln in (REPO / "Makefile").read_text().splitlines() if (m := rule.match(ln)) for t in m.group(1).split()
    }


@functools.cache
def make_variables() -> set[str]:
    """Every word of the project's makefiles: a `VAR=` a doc passes to make must be among them."""
    return {w for p in _makefiles() for w in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", p.read_text())}


_HELP: dict[tuple[str, ...], str] = {}


def help_text(cwd: Path, argv: tuple[str, ...]) -> str:
    """`argv --help`'s output (stdout and stderr), run once per process."""
    import subprocess

    key = (str(cwd), *argv)
    if key not in _HELP:
        proc = subprocess.run([*argv, "--help"], cwd=cwd, capture_output=True, text=True, timeout=120, check=False)
        _HELP[key] = proc.stdout + proc.stderr
    return _HELP[key]


def _interpreter(word: str) -> str:
    """The interpreter a doc's `python3` (or `.venv/bin/python`) means: the project's venv's."""
    name = Path(word).parts
    return str(REPO / ".venv-labgrid/bin/python") if ".venv-labgrid" in name else str(REPO / ".venv/bin/python")


def command_problems(cmd: Command, options: bool = True) -> list[str]:
    """What a doc's command names that does not exist: a make target or variable, a repository
    path, a script, or (with `options`) a long option or a positional argument its `--help` does
    not take."""
    words = list(cmd.words)
    cwd = REPO / cmd.cwd
    problems = []
    if words[0] == "make" and "-C" in words:
        return []  # another project's makefile (docs/add-to-firmware.md)
    args = words[: words.index("--")] if "--" in words else words  # after `--`: another command's
    for w in args:  # repository paths named anywhere in the command
        for part in (w, w.partition("=")[2]):
            part = part.strip("[]")
            if "/" not in part or re.search(r"[{}<>$]", part):
                continue
            try:
                rel = str((cwd / part).resolve().relative_to(REPO.resolve()))
            except ValueError:
                continue  # outside the repository (/tmp, /dev)
            if rel.startswith(REPO_TOPS) and not (any(REPO.glob(rel)) if "*" in rel else (REPO / rel).exists()):
                problems.append(f"{cmd.where}\n  no {rel} in the repository")
    if words[0] == "make":
        targets, variables = make_targets(), make_variables()
        for w in words[1:]:
            if w.startswith("-"):
                continue
            var, eq, _ = w.partition("=")
            if eq and var not in variables:
                problems.append(f"{cmd.where}\n  no variable {var} in the makefiles")
            elif not eq and w not in targets:
                problems.append(f"{cmd.where}\n  no target {w!r} in the Makefile")
        return problems
    if not options:
        script = words[1] if INTERPRETER.match(words[0]) and len(words) > 1 and words[1] != "-m" else ""
        missing = script and "/" in script and not (cwd / script).is_file()
        return problems + ([f"{cmd.where}\n  no script {script}"] if missing and not problems else [])
    tool = (cwd / words[0]).resolve()
    tool = str(tool.relative_to(REPO.resolve())) if tool.is_relative_to(REPO.resolve()) else ""
    if tool in BUILD_TOOLS:
        return problems + _unlisted(cmd, words[1:], (str(BUILD_TOOLS[tool]()),), cwd, subcommands=False)
    if words[0] == "pytest":
        words = ["python3", "-m", *words]
    if not INTERPRETER.match(words[0]) or len(words) < 2:
        return problems
    python = _interpreter(words[0])
    if words[1] == "-m":
        module, rest = words[2], words[3:]
        if module == "pytest":
            # the options of the conftest.py files on the way to the paths given: their folders
            paths = {str(Path(w).parent if w.endswith(".py") else Path(w)) for w in rest if w.startswith("tests/")}
            paths = tuple(sorted(p for p in paths if (cwd / p).is_dir()))
            return problems + _unlisted(cmd, rest, (python, "-m", "pytest", *paths), cwd)
        if not (cwd / (module.replace(".", "/") + ".py")).is_file():
            return problems  # not ours (serial.tools.miniterm, ziglang)
        return problems + _unlisted(cmd, rest, (python, "-m", module), cwd)
    script, rest = words[1], words[2:]
    if not (cwd / script).is_file():
        return problems or [f"{cmd.where}\n  no script {script}"]
    return (
        problems + _unlisted(cmd, rest, (python, script), cwd) + _positional_problems(cmd, rest, (python, script), cwd)
    )


@dataclass(frozen=True)
class ArgparseHelp:
    """What an argparse `--help` says of a command line: its options that take a value, its
    positionals in order (a choice as argparse shows it, `{a,b}`), whether one takes several."""

    valued: frozenset[str]
    positionals: tuple[str, ...]
    variadic: bool


def argparse_help(text: str) -> ArgparseHelp | None:
    """An argparse `--help`'s options and positionals (None: not argparse's)."""
    if not text.startswith("usage:") or "positional arguments:" not in text and "options:" not in text:
        return None
    usage = text.split("\n\n", 1)[0]
    valued, positionals, section = set(), [], ""
    for line in text.splitlines():
        if line and not line.startswith(" "):
            section = line
            continue
        entry = line[2:] if line.startswith("  ") and not line.startswith("   ") else ""
        if entry and section.startswith("positional arguments"):
            positionals.append(entry.split()[0])
        elif entry.startswith("-"):
            for form in entry.split("  ")[0].split(", "):
                if " " in form.strip():
                    valued.add(form.split()[0])
    return ArgparseHelp(frozenset(valued), tuple(positionals), "..." in usage)


def _positional_problems(cmd: Command, rest: list[str], argv: tuple[str, ...], cwd: Path) -> list[str]:
    """The positional arguments of `rest` that `argv`'s argparse does not take: a word not among
    a positional's choices (a subcommand's own positionals checked against its `--help`),
    or more words than it has positionals."""
    parsed = argparse_help(help_text(cwd, argv))
    if parsed is None:
        return []
    given, words = [], iter(rest[: rest.index("--")] if "--" in rest else rest)
    for w in (w.strip("[]") for w in words):
        if w.startswith("-") and len(w) > 1:
            if "=" not in w and w in parsed.valued:
                next(words, None)
            continue
        given.append(w)
    name = " ".join([Path(argv[0]).name, *argv[1:]])
    for i, (word, spec) in enumerate(zip(given, parsed.positionals)):
        if not spec.startswith("{"):
            continue
        choices = spec.strip("{}").split(",")
        if word not in choices:
            return [f"{cmd.where}\n  {name}: {word!r} is not one of its {spec}"]
        sub = help_text(cwd, (*argv, word))
        if sub.startswith("usage:") and f" {word} " in sub.splitlines()[0] + " ":  # a subcommand
            after = [w for w in rest if w not in given[: i + 1]]
            return _positional_problems(cmd, after, (*argv, word), cwd)
    if len(given) > len(parsed.positionals) and not parsed.variadic:
        return [f"{cmd.where}\n  {name} takes {len(parsed.positionals)} positional arguments, not {len(given)}"]
    return []


def _wasm_cross() -> Path:
    from support.images import tool  # (make wasm-cross, as the image tests build it)

    return tool()


# The project's own executables a doc runs from build/, and how a test gets each built: their
# long options are checked against their `--help` as a script's are.
BUILD_TOOLS = {"build/wasm-cross/wasm-cross": _wasm_cross}


def _unlisted(cmd: Command, rest: list[str], argv: tuple[str, ...], cwd: Path, subcommands: bool = True) -> list[str]:
    """The long options of `rest` that `argv --help` (or `argv SUBCOMMAND --help`) does not list."""
    rest = rest[: rest.index("--")] if "--" in rest else rest
    options = [w.strip("[]").partition("=")[0] for w in rest if w.strip("[]").startswith("--")]
    if not options:
        return []
    text = help_text(cwd, argv)
    sub = next((w for w in rest if not w.startswith("-")), None) if subcommands else None
    out = []
    for opt in options:
        listed = re.compile(rf"(?<![\w-]){re.escape(opt)}(?![\w-])")
        if listed.search(text):
            continue
        if sub is not None and listed.search(help_text(cwd, (*argv, sub))):
            continue
        out.append(f"{cmd.where}\n  {' '.join([Path(argv[0]).name, *argv[1:]])} --help lists no {opt}")
    return out


# `.venv/bin/python tests/support/doc_examples.py docs/wasm.md`: what its host transcripts and code
# blocks print now, what its commands name that does not exist, and its C or WAT blocks that do not build
if __name__ == "__main__":
    import sys

    sys.path[:0] = [str(REPO / "tests"), str(REPO / "bench"), str(REPO / "scripts")]
    for s in [s for d in sys.argv[1:] for s in sessions(read(Path(d).resolve()))]:
        if s.target != "host":
            print(f"{s.id}: runs on {s.target} (tests/hil/test_doc_examples_board.py)")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            out, code, err = run_on_host(s, Path(tmp), REPO / "build" / "host" / "micropython")
        print(transcript(s.examples, out) if s.kind == "repl" else f"{s.id} ({s.kind}) printed:\n{out}")
        if code:
            print(f"exit {code}: {err[-2000:]}")
    for problem in [p for d in sys.argv[1:] for c in commands(Path(d).resolve()) for p in command_problems(c)]:
        print(problem)
    for frag in [f for d in sys.argv[1:] for f in fragments(Path(d).resolve())]:
        with tempfile.TemporaryDirectory() as tmp:
            for problem in fragment_problems(frag, Path(tmp), REPO / "build" / "host" / "micropython"):
                print(problem)
