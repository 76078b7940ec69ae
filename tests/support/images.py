# SPDX-License-Identifier: MIT
"""Precompiled module images (docs/images.md) for tests: the host tool
wasm-cross built once (tools/wasm-cross/Makefile), images of test programs,
and a reader of the image layout (modwasm/engine/image.h) and of the
lowered code's op table (MW_OP_LIST in mw_int.h) to make bad images."""

from __future__ import annotations

import fcntl
import functools
import hashlib
import importlib.util
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

from support.build import REPO, build

TOOL = REPO / "build" / "wasm-cross" / "wasm-cross"
OUT = REPO / "build" / "images"
HEADER = 72
FUNC_WORDS = 5
_built = False


def tool() -> Path:
    """build/wasm-cross/wasm-cross, rebuilt by make when the engine changed (-j2: it and
    wasm-cross-small, each one gcc of the whole engine, at once)."""
    global _built
    if not _built:
        subprocess.run(
            ["make", "--no-print-directory", "-s", "-j2", "-f", str(REPO / "tools/wasm-cross/Makefile")],
            check=True,
            timeout=600,
            capture_output=True,
        )
        _built = True
    return TOOL


@functools.cache
def tool_of(engine: Path, out: Path) -> Path:
    """A wasm-cross built in `out` from another copy of modwasm/engine (a fuzz
    plant's: its lowering, not the repo's, makes the images)."""
    subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-s",
            "-f",
            str(REPO / "tools/wasm-cross/Makefile"),
            f"ENGINE={engine}",
            f"OUT={out}",
        ],
        check=True,
        timeout=600,
        capture_output=True,
    )
    return out / "wasm-cross"


def cross(
    wasm: Path,
    out: Path,
    target: str = "host",
    multi_memory: bool = True,
    tool_path: Path | None = None,
    strip_names: bool = False,
    strip_offsets: bool = False,
) -> subprocess.CompletedProcess:
    """wasm-cross (`tool_path`, else the repo's) on `wasm`."""
    cmd = [str(tool_path or tool()), "--target", target, str(wasm), "-o", str(out)]
    if not multi_memory:
        cmd.insert(1, "--no-multi-memory")
    if strip_names:
        cmd.insert(1, "--strip-names")
    if strip_offsets:
        cmd.insert(1, "--strip-offsets")
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def board_target(profile: str, wasm_source: str) -> str:
    """wasm-cross's target for a board's engine: its profile's (docs/images.md); wasm.mpy for ARM
    is built with the small profile (ports/natmod/Makefile), as a board of that profile."""
    return "cortex-m-small" if wasm_source == "natmod" or profile == "small" else "cortex-m"


def image(
    name: str, target: str = "host", multi_memory: bool = True, strip_names: bool = False, strip_offsets: bool = False
) -> bytes:
    """The image of tests/programs/NAME for `target` (without its function
    names if `strip_names`, without its offset map if `strip_offsets`)."""
    build(name)
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / f"{name}.{target}{'.stripped' if strip_names else ''}{'.nomap' if strip_offsets else ''}.mwi"
    # made under a name of this process's own, then renamed: tests running at
    # once (pytest -n 2, two boards of one target) never read half an image
    tmp = out.with_name(f"{out.name}.{os.getpid()}.tmp")
    r = cross(
        REPO / "build" / "wasm" / f"{name}.wasm",
        tmp,
        target,
        multi_memory,
        strip_names=strip_names,
        strip_offsets=strip_offsets,
    )
    if r.returncode != 0:
        tmp.unlink(missing_ok=True)
        raise RuntimeError(f"wasm-cross {name}: {r.stderr}")
    data = tmp.read_bytes()
    os.replace(tmp, out)
    return data


def copy_build(src: Path, dst: Path) -> None:
    """A copy of a port's build folder `src` at `dst` (replaced) that make
    finds up to date where `src` is: the objects keep their times, and the
    dependency files, which name the build folder, name the copy, so that
    what is stale there (sources changed since) is rebuilt against the copy's
    own generated headers, not the original's (cflags.txt leaves the folder's
    path out: ports/common/rules.mk)."""
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst, symlinks=True)  # copy2: the objects keep their times
    for dep in [*dst.rglob("*.P"), *(p for p in (dst / "genhdr").glob("qstr*") if p.is_file())]:
        text = dep.read_text(errors="surrogateescape")
        if f"{src}/" in text:
            dep.write_text(text.replace(f"{src}/", f"{dst}/"), errors="surrogateescape")


def frozen_firmware(board: str, names: tuple[str, ...], python: str) -> Path:
    """build/<board>-frozen/firmware.elf: the board's firmware with the images
    of tests/programs `names` in flash (`make firmware WASM_FROZEN=`). The
    objects of build/<board> are copied (the same flags), so only the image
    table is compiled and linked: a few seconds. Once a test run: a second
    call for the same board, names and build/<board>/firmware.elf in the same
    run (test_images_board.py and test_doc_examples_board.py, maybe in the
    other xdist worker at that moment) waits for the first under a lock
    and takes its firmware (frozen_stamp)."""
    src, dst = REPO / "build" / board, REPO / "build" / f"{board}-frozen"
    if not (src / "firmware.elf").is_file():
        raise FileNotFoundError(f"no {src / 'firmware.elf'}: run `make firmware BOARD={board}` first")
    wasm = {name: build(name) for name in names}
    stamp = frozen_stamp(src / "firmware.elf", wasm, python)
    with open(REPO / "build" / f"{board}-frozen.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        done = dst / "frozen.stamp"
        if (dst / "firmware.elf").is_file() and done.is_file() and done.read_text() == stamp:
            return dst / "firmware.elf"
        folder = REPO / "build" / f"{board}-frozen-wasm"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, data in wasm.items():
            (folder / f"{name}.wasm").write_bytes(data)
        copy_build(src, dst)
        subprocess.run(
            [
                "make",
                "-C",
                str(REPO / "ports" / "cortexm"),
                "-j2",
                f"BOARD={board}",
                f"BUILD={dst}",
                f"WASM_FROZEN={folder}",
                f"PYTHON={python}",
            ],
            check=True,
            capture_output=True,
            timeout=900,
        )
        done.write_text(stamp)
    return dst / "firmware.elf"


def frozen_stamp(elf: Path, wasm: dict[str, bytes], python: str) -> str:
    """What frozen_firmware's result was made from: this test run (pytest-xdist's
    run id, shared by its workers; else this process), the board's firmware
    (its time and size) and the programs' bytes. Another run links again, as
    the sources may have changed under build/<board> since."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid {os.getpid()}"
    st = elf.stat()
    digest = hashlib.sha256()
    for name, data in sorted(wasm.items()):
        digest.update(name.encode() + b"\0" + data)
    return f"{run} {st.st_mtime_ns} {st.st_size} {python} {digest.hexdigest()}\n"


UNIT = 2  # bytes per code unit (mw_code_unit)


@dataclass(frozen=True)
class Op:
    name: str
    layout: str  # a row of MW_LAYOUTS
    kinds: tuple[str, ...]  # its kinds (MW_KINDS), one per immediate
    doc: str

    @property
    def nimm(self) -> int:
        return len(self.kinds)

    def words(self) -> list[str]:
        """The doc's words for the immediates (as code.c reads them)."""
        head = re.split(r"[:(;,]", self.doc)[0].split()
        return head[: self.nimm]


def _lists() -> tuple[str, dict[str, int], dict[str, tuple[str, ...]]]:
    """mw_int.h, its kinds' widths (MW_KINDS) and its layouts' kinds (MW_LAYOUTS)."""
    text = (REPO / "modwasm" / "engine" / "mw_int.h").read_text()
    widths = {k: int(w) for k, w in re.findall(r'X\((\w+), (\d+), "[^"]*"\)', _body(text, "MW_KINDS"))}
    layouts = {}
    rows = _body(text, "MW_LAYOUTS_BASE") + _body(text, "MW_LAYOUTS_FULL")
    for row in re.findall(r"X\(([^)]*)\)", rows):
        name, *kinds = [w.strip() for w in row.split(",")]
        layouts[name] = tuple(k for k in kinds if k != "NONE")
    return text, widths, layouts


def _body(text: str, macro: str) -> str:
    m = re.search(rf"#define {macro}\(X\)((?:[^\n]*\\\n)*[^\n]*)", text)
    assert m, macro
    return m.group(1)


def widths() -> dict[str, int]:
    """Each immediate kind's width in units (MW_KINDS)."""
    return _lists()[1]


@functools.lru_cache(maxsize=1)
def ops() -> list[Op]:
    """MW_OP_LIST in enum order, expanded by the C preprocessor (the fused
    rows are macros of macros) as scripts/gen_code_meanings.py does."""
    spec = importlib.util.spec_from_file_location("gen_code_meanings", REPO / "scripts" / "gen_code_meanings.py")
    gen = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = gen  # its dataclasses look themselves up there
    spec.loader.exec_module(gen)
    layouts = _lists()[2]
    return [Op(r.name, r.layout, layouts[r.layout], r.doc) for r in gen.expand()[1]]


def read_leb(data: bytes | bytearray, at: int, signed: bool = False) -> tuple[int, int]:
    """The LEB128 at data[at]: (its value, the offset after it)."""
    v = shift = 0
    while True:
        b = data[at]
        at += 1
        v |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return (v - (1 << shift) if signed and b & 0x40 else v), at


def leb(v: int, signed: bool = False) -> bytes:
    """v as a LEB128 (signed: two's complement)."""
    out = bytearray()
    while True:
        c = v & 0x7F
        v >>= 7
        if (v == 0 and not c & 0x40) or (signed and v == -1 and c & 0x40) or (not signed and v == 0):
            return bytes(out + bytes([c]))
        out.append(c | 0x80)


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
        """Function i's code units."""
        off, n = self.func(i)[:2]
        base = self.u32(44) + off * UNIT
        return list(struct.unpack_from(f"<{n}H", self.data, base))

    def code_at(self, i: int, unit: int) -> int:
        """The byte offset of unit `unit` of function i's code."""
        return self.u32(44) + (self.func(i)[0] + unit) * UNIT

    def imm_at(self, i: int, k: int, n: int) -> tuple[int, int]:
        """(byte offset, width in units) of immediate n of the instruction at unit k of function i
        (a SLOT8H: its SLOT8's unit, width 0)."""
        w = widths()
        op = ops()[self.code(i)[k]]
        at = k + 1 + sum(w[kind] for kind in op.kinds[:n])
        if op.kinds[n] == "SLOT8H":
            at -= 1
        return self.code_at(i, at), w[op.kinds[n]]

    def set_imm(self, i: int, k: int, n: int, v: int) -> None:
        """Immediate n of the instruction at unit k of function i, in its width (a slot of a
        pair: its byte of the unit, little-endian images: the SLOT8 the low one)."""
        at, width = self.imm_at(i, k, n)
        kind = ops()[self.code(i)[k]].kinds[n]
        if kind in ("SLOT8", "SLOT8H"):
            self.data[at + (kind == "SLOT8H")] = v
            return
        struct.pack_into("<H" if width == 1 else "<I", self.data, at, v)

    def instructions(self, i: int) -> list[tuple[int, Op, list[int]]]:
        """(unit index, op, immediate values) of function i."""
        table = ops()
        w = widths()
        code = self.code(i)
        out = []
        k = 0
        while k < len(code):
            op = table[code[k]]
            vals, at = [], k + 1
            for kind in op.kinds:
                if kind == "SLOT8":
                    vals.append(code[at] & 0xFF)
                elif kind == "SLOT8H":
                    vals.append(code[at - 1] >> 8)  # the high byte of the SLOT8's unit
                else:
                    vals.append(code[at] if w[kind] == 1 else code[at] | code[at + 1] << 16)
                at += w[kind]
            if op.name == "BR_TABLE":
                at += (vals[1] + 1) * (w["TARGET"] + 3 * w["SLOT"])
            elif op.name == "BR_TABLE_JMP":
                at += (vals[1] + 1) * w["TARGET"]  # the targets alone
            out.append((k, op, vals))
            k = at
        return out

    def func_names(self) -> tuple[int, dict[int, str]]:
        """(imported functions, function index -> its first export's name), read
        from the metadata (the module's own sections, image.c)."""
        d, at, end = self.data, self.u32(28), self.u32(28) + self.u32(32)

        def leb() -> int:
            nonlocal at
            v, at = read_leb(d, at)
            return v

        def name() -> str:
            nonlocal at
            n = leb()
            at += n
            return bytes(d[at - n : at]).decode()

        def limits() -> None:
            flags = leb()
            leb()
            if flags & 1:
                leb()
            if flags & 8:  # custom page size
                leb()

        if d[at : at + 4] == b"\0asm":
            at += 8
        nimports, names = 0, {}
        while at < end:
            sid, size = d[at], 0
            at += 1
            size = leb()
            nxt = at + size
            if sid == 2:  # imports: module, name, kind and its description
                for _ in range(leb()):
                    name(), name()
                    kind = d[at]
                    at += 1
                    if kind == 0:
                        leb()
                        nimports += 1
                    elif kind == 1:
                        at += 1
                        limits()
                    elif kind == 2:
                        limits()
                    else:
                        at += 2
            elif sid == 7:  # exports
                for _ in range(leb()):
                    n = name()
                    kind = d[at]
                    at += 1
                    idx = leb()
                    if kind == 0:
                        names.setdefault(idx, n)
            at = nxt
        return nimports, names

    def refusal(self, f: int, k: int, what: str) -> str:
        """The load error of the code check refusing the instruction at unit k
        of defined function f because of `what` (image.c image_where)."""
        nimports, names = self.func_names()
        func = nimports + f
        name = f" ({names[func][:24]})" if func in names else ""
        code = self.code(f)
        op = f", op {code[k]}" if k < len(code) else ""
        return f"function {func}{name}, pc {k}{op}: lowered code: {what} at offset 0x{self.code_at(f, k):x}"

    def names(self) -> list[tuple[int, bytes]]:
        """The function names part (image.h: a name map) as (index, name) pairs."""
        d, at, out = self.data, self.u32(56), []
        count, at = read_leb(d, at) if self.u32(60) else (0, at)
        for _ in range(count):
            idx, at = read_leb(d, at)
            n, at = read_leb(d, at)
            out.append((idx, bytes(d[at : at + n])))
            at += n
        return out

    def set_names(self, raw: bytes) -> None:
        """The names part replaced by `raw` (the image's last part, image.h), the length with it."""
        at = self.u32(56)
        assert at + self.u32(60) == self.u32(20), "the names part is not the image's last"
        self.data[at:] = raw
        self.set_u32(60, len(raw))
        self.set_u32(20, len(self.data))

    def offset_map(self) -> list[list[tuple[int, int]]]:
        """The offset map (image.h) per defined function: (op end unit, wasm byte offset) pairs."""
        d, at, out = self.data, self.u32(64), []
        if self.u32(68) == 0:
            return out
        for i in range(self.u32(36)):
            n, at = read_leb(d, at)
            end, unit, offset, pairs = at + n, 0, self.func(i)[4], []
            while at < end:
                step, at = read_leb(d, at)
                delta, at = read_leb(d, at, signed=True)
                unit, offset = unit + step, offset + delta
                pairs.append((unit, offset))
            out.append(pairs)
        return out

    @staticmethod
    def map_bytes(funcs: list[bytes]) -> bytes:
        """An offset map of the functions' entries as given."""
        return b"".join(leb(len(f)) + f for f in funcs)

    def set_map(self, raw: bytes) -> None:
        """The offset map replaced by `raw` (it lies before the names, image.h), what follows moved."""
        at, old = self.u32(64), self.u32(68)
        assert old > 0, "the image has no offset map"
        self.data[at : at + old] = raw
        self.set_u32(68, len(raw))
        if self.u32(60):
            self.set_u32(56, self.u32(56) + len(raw) - old)
        self.set_u32(20, len(self.data))

    def seal(self) -> bytes:
        """The bytes with the checksum of what they now hold."""
        self.set_u32(24, zlib.crc32(bytes(self.data[28 : self.u32(20)])))
        return bytes(self.data)
