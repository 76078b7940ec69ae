# SPDX-License-Identifier: MIT
"""Build the example app of each language (examples/<lang>/) with its guest kit
(sdk/<lang>/) into build/examples/<lang>/app.wasm.

    python3 examples/build_examples.py [c rust zig assemblyscript]

`build(lang) -> Path`; `compile_app(lang, src, out, extra)` builds any source
of that language the same way (the tests use it for programs built with a
feature mpwasm refuses). Every toolchain comes from the project's set-up
(scripts/install_deps.sh): Debian clang + lld (C), Debian rustc with
libstd-rust-dev-wasm32 (Rust), PyPI ziglang (Zig), npm assemblyscript pinned
in sdk/assemblyscript/package-lock.json (AssemblyScript). Outputs are rebuilt
when a source or the command line changes. Each app declares one 64 KiB page
of memory and a small stack, so it also fits the small boards.
"""

from __future__ import annotations

import hashlib
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLES_DIR = REPO / "examples"
OUT = REPO / "build" / "examples"
SDK = REPO / "sdk"
PYTHON = REPO / ".venv" / "bin" / "python"
RUSTC = "/usr/bin/rustc"  # Debian's, whose wasm32 std comes from libstd-rust-dev-wasm32
RUST_FLAGS = ["--target", "wasm32-unknown-unknown", "--edition", "2021", "-C", "opt-level=s", "-C", "panic=abort"]
ONE_PAGE = 65536

SUFFIX = {"c": ".c", "rust": ".rs", "zig": ".zig", "assemblyscript": ".ts"}
LANGS = tuple(SUFFIX)
# the guest kit's files: part of every build's cache key
KIT = {
    "c": (SDK / "c" / "mpwasm_shared_heap.h",),
    "rust": (SDK / "rust" / "mpwasm.rs",),
    "zig": (SDK / "zig" / "mpwasm.zig",),
    "assemblyscript": (SDK / "assemblyscript" / "mpwasm.ts", SDK / "assemblyscript" / "package-lock.json"),
}


def commands(lang: str, src: Path, out: Path, extra: tuple[str, ...] = ()) -> list[list[str]]:
    """The command lines that build `src` into `out` (docs/languages.md shows them)."""
    kit = SDK / lang
    if lang == "c":
        return [
            [
                "clang",
                "--target=wasm32",
                "-nostdlib",
                "-Os",
                f"-I{kit}",
                "-Wl,--no-entry",
                "-Wl,-z,stack-size=4096",
                f"-Wl,--initial-memory={ONE_PAGE}",
                "-Wl,--strip-all",
                *extra,
                str(src),
                "-o",
                str(out),
            ],
        ]
    if lang == "rust":
        rlib = out.parent / "libmpwasm.rlib"
        return [
            [
                RUSTC,
                *RUST_FLAGS,
                "--crate-type",
                "rlib",
                "--crate-name",
                "mpwasm",
                str(kit / "mpwasm.rs"),
                "-o",
                str(rlib),
            ],
            [
                RUSTC,
                *RUST_FLAGS,
                "--crate-type",
                "cdylib",
                "--extern",
                f"mpwasm={rlib}",
                "-C",
                "link-arg=-zstack-size=4096",
                "-C",
                f"link-arg=--initial-memory={ONE_PAGE}",
                "-C",
                f"link-arg=--max-memory={ONE_PAGE}",
                "-C",
                "strip=symbols",
                *extra,
                str(src),
                "-o",
                str(out),
            ],
        ]
    if lang == "zig":
        return [
            [
                str(PYTHON),
                "-m",
                "ziglang",
                "build-exe",
                "-target",
                "wasm32-freestanding",
                "-fno-entry",
                "-rdynamic",
                "-O",
                "ReleaseSmall",
                "--stack",
                "4096",
                f"--initial-memory={ONE_PAGE}",
                f"--max-memory={ONE_PAGE}",
                *extra,
                "--dep",
                "mpwasm",
                f"-Mroot={src}",
                f"-Mmpwasm={kit / 'mpwasm.zig'}",
                f"-femit-bin={out}",
                "--cache-dir",
                str(out.parent / "zig-cache"),
                "--global-cache-dir",
                str(OUT / "zig-global-cache"),
            ],
        ]
    if lang == "assemblyscript":
        return [
            [
                str(kit / "node_modules" / ".bin" / "asc"),
                str(src),
                "--outFile",
                str(out),
                "--runtime",
                "stub",
                "--optimize",
                "--noAssert",
                "--initialMemory",
                "1",
                "--maximumMemory",
                "1",
                *extra,
            ],
        ]
    raise ValueError(f"no toolchain for language {lang!r} (one of {', '.join(LANGS)})")


def compile_app(lang: str, src: Path, out: Path, extra: tuple[str, ...] = ()) -> Path:
    """`src` built into `out`, unless `out` is newer than the same sources and commands."""
    cmds = commands(lang, src, out, extra)
    key = hashlib.sha256(repr(cmds).encode() + b"".join(p.read_bytes() for p in (src, *KIT[lang]))).hexdigest()
    stamp = out.with_suffix(".sha256")
    if out.exists() and stamp.exists() and stamp.read_text() == key:
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    for cmd in cmds:
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, timeout=300, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"building {src.name} ({lang}) failed: {shlex.join(cmd)}\n{proc.stdout}{proc.stderr}")
    stamp.write_text(key)
    return out


def build(lang: str) -> Path:
    """build/examples/<lang>/app.wasm, the example app of `lang`."""
    return compile_app(lang, EXAMPLES_DIR / lang / f"app{SUFFIX[lang]}", OUT / lang / "app.wasm")


def main(argv: list[str]) -> int:
    for lang in argv or LANGS:
        out = build(lang)
        print(f"{lang}: {out.relative_to(REPO)} ({out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
