# SPDX-License-Identifier: MIT
"""Precompiled module images (docs/images.md) for tests: the host tool
wasm-cross built once (tools/wasm-cross/Makefile), images of test programs,
and a reader of the image layout (modwasm/engine/image.h) and of the
lowered code's op table (MW_OP_LIST in mw_int.h) to make bad images."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

from support.build import REPO, build

TOOL = REPO / "build" / "wasm-cross" / "wasm-cross"
OUT = REPO / "build" / "images"
HEADER = 56
FUNC_WORDS = 5
_built = False


def tool() -> Path:
    """build/wasm-cross/wasm-cross, rebuilt by make when the engine changed."""
    global _built
    if not _built:
        subprocess.run(["make", "--no-print-directory", "-s", "-f", str(REPO / "tools/wasm-cross/Makefile")],
                       check=True, timeout=600, capture_output=True)
        _built = True
    return TOOL


def cross(wasm: Path, out: Path, target: str = "host", multi_memory: bool = True) -> subprocess.CompletedProcess:
    cmd = [str(tool()), "--target", target, str(wasm), "-o", str(out)]
    if not multi_memory:
        cmd.insert(1, "--no-multi-memory")
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def image(name: str, target: str = "host", multi_memory: bool = True) -> bytes:
    """The image of tests/programs/NAME for `target`."""
    build(name)
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / f"{name}.{target}.mwi"
    r = cross(REPO / "build" / "wasm" / f"{name}.wasm", out, target, multi_memory)
    if r.returncode != 0:
        raise RuntimeError(f"wasm-cross {name}: {r.stderr}")
    return out.read_bytes()


def frozen_firmware(board: str, names: tuple[str, ...], python: str) -> Path:
    """build/<board>-frozen/firmware.elf: the board's firmware with the images
    of tests/programs `names` in flash (`make firmware WASM_FROZEN=`). The
    objects of build/<board> are copied (the same flags), so only the image
    table is compiled and linked: a few seconds."""
    src, dst = REPO / "build" / board, REPO / "build" / f"{board}-frozen"
    if not (src / "firmware.elf").is_file():
        raise FileNotFoundError(f"no {src / 'firmware.elf'}: run `make firmware BOARD={board}` first")
    folder = REPO / "build" / f"{board}-frozen-wasm"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in names:
        (folder / f"{name}.wasm").write_bytes(build(name))
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst, symlinks=True)        # copy2: the objects keep their times
    # the dependency files name the build folder: point them at the copy, so
    # that what is stale there (sources changed since) is rebuilt against the
    # copy's own generated headers, not the original's
    for dep in [*dst.rglob("*.P"), *(p for p in (dst / "genhdr").glob("qstr*") if p.is_file())]:
        text = dep.read_text(errors="surrogateescape")
        if f"{src}/" in text:
            dep.write_text(text.replace(f"{src}/", f"{dst}/"), errors="surrogateescape")
    subprocess.run(
        ["make", "-C", str(REPO / "ports" / "cortexm"), "-j2", f"BOARD={board}", f"BUILD={dst}",
         f"WASM_FROZEN={folder}", f"PYTHON={python}"],
        check=True, capture_output=True, timeout=900)
    return dst / "firmware.elf"


@dataclass(frozen=True)
class Op:
    name: str
    nimm: int
    target: int
    layout: str

    def words(self) -> list[str]:
        """The layout's words for the immediates (as code.c reads them)."""
        head = re.split(r"[:(;,]", self.layout)[0].split()
        return head[: self.nimm]


def ops() -> list[Op]:
    """MW_OP_LIST in enum order, expanded as the preprocessor does: its rows
    and the sub-lists (MW_*_OP_LIST(X)) where it names them."""
    text = (REPO / "modwasm" / "engine" / "mw_int.h").read_text()
    bodies = {}
    for m in re.finditer(r"#define (MW_\w*OP_LIST)\(X\)((?:[^\n]*\\\n)*[^\n]*)", text):
        bodies[m.group(1)] = re.findall(r'X\((\w+), (\d+), (-?\d+), "([^"]*)"\)|(MW_\w*OP_LIST)\(X\)', m.group(2))

    def expand(name: str) -> list[Op]:
        out = []
        for n, k, t, lay, sub in bodies[name]:
            out += expand(sub) if sub else [Op(n, int(k), int(t), lay)]
        return out

    return expand("MW_OP_LIST")


@dataclass
class Image:
    """An image's fields, to change and write back (with a fresh checksum)."""

    data: bytearray

    def u32(self, at: int) -> int:
        return struct.unpack_from("<I", self.data, at)[0]

    def set_u32(self, at: int, v: int) -> None:
        struct.pack_into("<I", self.data, at, v)

    def func(self, i: int) -> tuple[int, int, int, int, int]:
        """(code offset, code length, locals, frame slots, body offset) of defined function i."""
        return struct.unpack_from("<5I", self.data, self.u32(40) + i * FUNC_WORDS * 4)

    def func_at(self, i: int) -> int:
        return self.u32(40) + i * FUNC_WORDS * 4

    def code(self, i: int) -> list[int]:
        off, n = self.func(i)[:2]
        base = self.u32(44) + off * 4
        return list(struct.unpack_from(f"<{n}I", self.data, base))

    def code_at(self, i: int, word: int) -> int:
        """The byte offset of word `word` of function i's code."""
        return self.u32(44) + (self.func(i)[0] + word) * 4

    def instructions(self, i: int) -> list[tuple[int, Op, list[int]]]:
        """(word index, op, immediates) of function i."""
        table = ops()
        code = self.code(i)
        out = []
        k = 0
        while k < len(code):
            op = table[code[k]]
            n = op.nimm
            if op.name == "BR_TABLE":
                n += (code[k + 2] + 1) * 4
            out.append((k, op, code[k + 1 : k + 1 + n]))
            k += 1 + n
        return out

    def seal(self) -> bytes:
        """The bytes with the checksum of what they now hold."""
        self.set_u32(24, zlib.crc32(bytes(self.data[28 : self.u32(20)])))
        return bytes(self.data)
