# SPDX-License-Identifier: MIT
"""Run a MicroPython snippet that uses test programs, on the host port.

`script(code, programs)` is the text a board would get too: `import wasm`,
each program as a bytes literal (ARITH = b'\\x00asm...'), two helpers, then
the snippet. Helpers available to snippets:
    p(*values)   print one line CPython reads back with ast.literal_eval
    exc(f, *a)   call f(*a); (exception type name, str) if it raised (a wasm.Trap's
                 kind, not its whole message), else None
`run(code, programs)` runs it with build/host/micropython and returns the
literal_eval'd lines printed by p(); `run_io(code, programs, stdin)` also
returns the other lines (what wasm programs wrote) and feeds stdin.

How `import wasm` finds the module is chosen with `use(source)` (the
`wasm_source` fixture of tests/host/conftest.py does it per test): "builtin",
the host port's built-in module, or "natmod", build/natmod/x64/wasm.mpy
imported by build/host-natmod/micropython, a host port without it.
"""

from __future__ import annotations

import ast
import functools
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from support.build import REPO, build

MICROPYTHON = REPO / "build" / "host" / "micropython"


@dataclass(frozen=True)
class WasmSource:
    """An interpreter, and the folder it runs in (where `import wasm` finds
    wasm.mpy: sys.path holds the script's folder, then the current one)."""

    micropython: Path
    cwd: Path | None
    build: str  # how to build what it needs


SOURCES = {
    "builtin": WasmSource(MICROPYTHON, None, "make host"),
    "natmod": WasmSource(
        REPO / "build" / "host-natmod" / "micropython",
        REPO / "build" / "natmod" / "x64",
        "make host WASM=natmod && make natmod ARCH=x64",
    ),
}
_source = SOURCES["builtin"]


def current() -> WasmSource:
    """The source snippets run with now (for tests that start the process themselves)."""
    return _source


def use(source: str) -> WasmSource:
    """Run the following snippets with `wasm` from `source`; returns it."""
    global _source
    _source = SOURCES[source]
    return _source


@functools.cache
def _has_guard_pages(micropython: Path) -> bool:
    symbols = subprocess.run(["nm", str(micropython)], capture_output=True, text=True, timeout=60, check=True).stdout
    return " T mw_guard_fault" in symbols


def guard_pages() -> bool:
    """Whether `import wasm` of the current source keeps a memory of 64 KiB
    pages in a guard-page reservation (the built-in module of the host port's
    default build on x86-64, ports/host/Makefile GUARD; not wasm.mpy, not
    `make host-checked`): it grows where it is, never a move, and its bytes
    are not in the heap (the port's `-X wasmmem=` bounds them)."""
    return _source.cwd is None and _has_guard_pages(_source.micropython)


PRELUDE = """\
import wasm
def p(*a):
    print('=', repr(a[0] if len(a) == 1 else a))
def exc(f, *a, **k):
    try:
        f(*a, **k)
    except Exception as e:
        # a wasm.Trap's kind: its message goes on with where it happened
        # (tests/host/test_trap_where.py)
        return (type(e).__name__, getattr(e, 'kind', None) or str(e))
    return None
"""


# t(f, *a): a wasm.Trap's fields when f(*a) traps (tests/host/test_trap_where.py).
TRAP_FIELDS = """
def t(f, *a):
    try:
        f(*a)
    except wasm.Trap as x:
        return (str(x), x.kind, x.func, x.trace, x.depth)
"""


# A snippet that drops every global of the session and collects: what a board
# test runs before and after each case, so small heaps start empty.
FORGET_GLOBALS = (
    "for _k in [k for k in globals() if not k.startswith('__')]:\n    del globals()[_k]\nimport gc\ngc.collect()\n"
)


def printed_values(out: str) -> list:
    """The values a snippet printed with p() (lines "= repr"), in order."""
    return [ast.literal_eval(ln[2:]) for ln in out.splitlines() if ln.startswith("= ")]


class MicroPythonError(AssertionError):
    pass


def script(code: str, programs: tuple[str, ...] = ()) -> str:
    lits = "".join(f"{n.upper()} = {build(n)!r}\n" for n in programs)
    return PRELUDE + lits + code


def run_io(
    code: str,
    programs: tuple[str, ...] = (),
    stdin: str = "",
    timeout: float = 30,
    heap: str | None = None,
    options: tuple[str, ...] = (),
) -> tuple[list[str], list]:
    """(the other lines printed, the values printed with p()) of a snippet fed
    `stdin`; MicroPythonError on a non-zero exit. `heap`: the port's heap size
    (`-X heapsize=`, e.g. "1m"), else its default (64 MiB); `options`: its
    other `-X` options."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(script(code, programs))
    heap_args = ["-X", f"heapsize={heap}"] if heap else []
    heap_args += [arg for o in options for arg in ("-X", o)]
    try:
        proc = subprocess.run(
            [str(_source.micropython), *heap_args, f.name],
            cwd=_source.cwd,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    finally:
        Path(f.name).unlink()
    if proc.returncode != 0:
        raise MicroPythonError(
            f"micropython exited {proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
        )
    lines = proc.stdout.splitlines()
    values = printed_values(proc.stdout)
    return [ln for ln in lines if not ln.startswith("= ")], values


def run(
    code: str,
    programs: tuple[str, ...] = (),
    timeout: float = 30,
    heap: str | None = None,
    options: tuple[str, ...] = (),
) -> list:
    """Values printed with p(), in order; MicroPythonError on a non-zero exit.
    options: the port's other `-X` options (e.g. "wasmmem=1m")."""
    return run_io(code, programs, timeout=timeout, heap=heap, options=options)[1]
