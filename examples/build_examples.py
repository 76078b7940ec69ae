# SPDX-License-Identifier: MIT
"""Build the example app of each language (examples/<lang>/) with its guest kit
(sdk/<lang>/) into build/examples/<lang>/app.wasm.

    python3 examples/build_examples.py [c rust zig assemblyscript]

`build(lang) -> Path`. Every toolchain comes from the project's set-up
(scripts/install_deps.sh): Debian clang + lld (C), Debian rustc with
libstd-rust-dev-wasm32 (Rust), PyPI ziglang (Zig), npm assemblyscript pinned
in sdk/assemblyscript/package.json (AssemblyScript). Outputs are rebuilt when a
source or the command line changes. Each app declares one 64 KiB page of
memory and a small stack, so it also fits the small boards.
"""

from __future__ import annotations

import hashlib
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "build" / "examples"
SDK = REPO / "sdk"
PYTHON = REPO / ".venv" / "bin" / "python"
RUSTC = "/usr/bin/rustc"  # Debian's, whose wasm32 std comes from libstd-rust-dev-wasm32
RUST_FLAGS = ["--target", "wasm32-unknown-unknown", "--edition", "2021", "-C", "opt-level=s", "-C", "panic=abort"]
ONE_PAGE = 65536


@dataclass(frozen=True)
class Example:
    lang: str
    sources: tuple[Path, ...]  # everything the build reads, for the cache key

    @property
    def out(self) -> Path:
        return OUT / self.lang / "app.wasm"

    def commands(self) -> list[list[str]]:
        src, kit, out = EXAMPLES_DIR / self.lang, SDK / self.lang, self.out
        if self.lang == "c":
            return [
                ["clang", "--target=wasm32", "-nostdlib", "-Os", f"-I{kit}", "-Wl,--no-entry",
                 "-Wl,-z,stack-size=4096", f"-Wl,--initial-memory={ONE_PAGE}", "-Wl,--strip-all",
                 str(src / "app.c"), "-o", str(out)],
            ]
        if self.lang == "rust":
            rlib = out.parent / "libmpwasm.rlib"
            return [
                [RUSTC, *RUST_FLAGS, "--crate-type", "rlib", "--crate-name", "mpwasm", str(kit / "mpwasm.rs"),
                 "-o", str(rlib)],
                [RUSTC, *RUST_FLAGS, "--crate-type", "cdylib", "--extern", f"mpwasm={rlib}",
                 "-C", "link-arg=-zstack-size=4096", "-C", f"link-arg=--initial-memory={ONE_PAGE}",
                 "-C", f"link-arg=--max-memory={ONE_PAGE}", "-C", "strip=symbols",
                 str(src / "app.rs"), "-o", str(out)],
            ]
        if self.lang == "zig":
            return [
                [str(PYTHON), "-m", "ziglang", "build-exe", "-target", "wasm32-freestanding", "-fno-entry",
                 "-rdynamic", "-O", "ReleaseSmall", "--stack", "4096", f"--initial-memory={ONE_PAGE}",
                 f"--max-memory={ONE_PAGE}", "--dep", "mpwasm", f"-Mroot={src / 'app.zig'}",
                 f"-Mmpwasm={kit / 'mpwasm.zig'}", f"-femit-bin={out}", "--cache-dir", str(out.parent / "zig-cache"),
                 "--global-cache-dir", str(OUT / "zig-global-cache")],
            ]
        if self.lang == "assemblyscript":
            return [
                [str(kit / "node_modules" / ".bin" / "asc"), str(src / "app.ts"), "--outFile", str(out),
                 "--runtime", "stub", "--optimize", "--noAssert", "--initialMemory", "1", "--maximumMemory", "1"],
            ]
        raise ValueError(f"no example for language {self.lang!r}")


EXAMPLES_DIR = REPO / "examples"
EXAMPLES = {
    "c": Example("c", (EXAMPLES_DIR / "c" / "app.c", SDK / "c" / "mpwasm_shared_heap.h")),
    "rust": Example("rust", (EXAMPLES_DIR / "rust" / "app.rs", SDK / "rust" / "mpwasm.rs")),
    "zig": Example("zig", (EXAMPLES_DIR / "zig" / "app.zig", SDK / "zig" / "mpwasm.zig")),
    "assemblyscript": Example(
        "assemblyscript",
        (EXAMPLES_DIR / "assemblyscript" / "app.ts", SDK / "assemblyscript" / "mpwasm.ts",
         SDK / "assemblyscript" / "package-lock.json"),
    ),
}
LANGS = tuple(EXAMPLES)


def build(lang: str) -> Path:
    """build/examples/<lang>/app.wasm, rebuilt if its sources or commands changed."""
    ex = EXAMPLES[lang]
    cmds = ex.commands()
    key = hashlib.sha256(repr(cmds).encode() + b"".join(p.read_bytes() for p in ex.sources)).hexdigest()
    stamp = ex.out.with_suffix(".sha256")
    if ex.out.exists() and stamp.exists() and stamp.read_text() == key:
        return ex.out
    ex.out.parent.mkdir(parents=True, exist_ok=True)
    for cmd in cmds:
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, timeout=300, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"building the {lang} example failed: {shlex.join(cmd)}\n{proc.stdout}{proc.stderr}")
    stamp.write_text(key)
    return ex.out


def main(argv: list[str]) -> int:
    for lang in argv or LANGS:
        out = build(lang)
        print(f"{lang}: {out.relative_to(REPO)} ({out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
