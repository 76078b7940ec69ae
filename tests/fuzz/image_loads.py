# SPDX-License-Identifier: MIT
"""Damaged images loaded through the binding (modwasm.c) four ways: from
bytes, from a file (a native stream read whole: the header's length first),
from io.BytesIO and from a Python stream whose readinto() gives 1-97 bytes at
a time (the binding's own reads), on the host port (build/host-asan: ASan
and UBSan). The images are wasm-cross's of tests/programs, each damaged one
way: cut short anywhere, one to four bytes changed and the checksum written
again (over what the length field says), the length field moved (below the
header, short of the image, past it: 2^32 - 1 among them) and sealed, a
header byte of the version or target changed and sealed, or left whole. The
four must answer alike: the same exception and text, or a module with the
same imports and exports whose instance (stub imports, fuel) gives the same
results and traps (a stream's MemoryError for a length past the heap where
bytes say "image truncated" is documented, docs/images.md); an image left
whole must give what its .wasm gives, its traps' wasm offsets too (the image's
offset map, wasm-cross's default since session 38). A
finding (another answer, a sanitizer's report, a crash) is kept as
<out>/image_loads/<seed>.py with <seed>.txt.

usage: python3 -m fuzz.image_loads [--images N] [--seed S] [--micropython PATH]
"""

from __future__ import annotations

import argparse
import random
import struct
import subprocess
import sys
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from fuzz import binding, build
from support import images
from support.build import build as build_program

# The programs whose images are damaged: between them a table, a loop, calls,
# memory with data, globals, traps and imports.
PROGRAMS = ("image_small", "arith", "callbacks", "trap_where", "engine_fused", "big_table", "doc_add")
HEAP = "4m"
WALL = 300

SNIPPET = """
import io, wasm
class Short(io.IOBase):
    def __init__(self, d, step):
        self.d, self.at, self.step = d, 0, step
    def readinto(self, buf):
        n = min(len(buf), self.step, len(self.d) - self.at)
        buf[:n] = self.d[self.at:self.at + n]
        self.at += n
        return n
def stub(t):
    n = 0 if t.endswith('()') else t.split('->')[1].count(',') + 1
    return lambda *a: None if n == 0 else (0 if n == 1 else (0,) * n)
def outcome(make):
    try:
        m = make()
    except Exception as e:
        return ('load', type(e).__name__, str(e))
    res = [m.imports, m.exports]
    try:
        imp = {}
        for mod, name, kind, t in m.imports:
            if kind != 'func':
                return res + ['imports', kind]
            imp.setdefault(mod, {})[name] = stub(t)
        inst = wasm.Instance(m, imp, fuel=200000)
        for name, kind, t in m.exports:
            f = getattr(inst.exports, name) if kind == 'func' else None
            if f is not None and all(p in ('i32', 'i64') for p in f.type[0]):
                try:
                    r = f.call_raw(*[3] * len(f.type[0]))
                    res.append((name, tuple(v if v is None or isinstance(v, (int, float)) else repr(v) for v in r)))
                except Exception as e:
                    res.append((name, type(e).__name__, str(e)))
    except Exception as e:
        res.append((type(e).__name__, str(e)))
    return res
def alike(a, b):
    # a stream's block is allocated at the header's length before the rest is
    # read (docs/images.md): a length past the heap is MemoryError there
    return a == b or (a[:2] == ('load', 'MemoryError') and b[:2] == ('load', 'CompileError')
                      and b[2].startswith('image truncated'))
def four(i, data, path):
    with open(path, 'wb') as f:
        f.write(data)
    def from_file():
        with open(path, 'rb') as f:
            return wasm.Module(f)
    got = [outcome(lambda: wasm.Module(data)), outcome(from_file),
           outcome(lambda: wasm.Module(io.BytesIO(data))), outcome(lambda: wasm.Module(Short(data, 1 + i % 97)))]
    for k, how in enumerate(('a file', 'io.BytesIO', 'a Python stream')):
        if not alike(got[k + 1], got[0]):
            print('FINDING', i, 'from', how, repr(got[k + 1]), 'from bytes', repr(got[0]))
    return got[0]
"""


def seal(img: bytearray) -> None:
    """The checksum of img written again, over what its length field says
    (when that lies inside it)."""
    if len(img) >= 28:
        n = struct.unpack_from("<I", img, 20)[0]
        if 28 <= n <= len(img):
            struct.pack_into("<I", img, 24, zlib.crc32(bytes(img[28:n])))


def damaged(img: bytes, rng: random.Random) -> tuple[str, bytes]:
    """One way of damaging img: (what was done, the bytes)."""
    b = bytearray(img)
    how = rng.randrange(6)
    if how == 0:
        return "whole", img
    if how == 1:
        cut = rng.choice([rng.randrange(len(b)), rng.randrange(64), len(b) - 1 - rng.randrange(16)])
        return f"cut at {cut}", bytes(b[:cut])
    if how == 2:
        spots = [rng.randrange(28, len(b)) for _ in range(rng.randint(1, 4))]
        for at in spots:
            b[at] = rng.randrange(256) if rng.randrange(2) else b[at] ^ (1 << rng.randrange(8))
        seal(b)
        return f"bytes {spots} changed, sealed", bytes(b)
    if how == 3:
        n = rng.choice([0, 27, 63, 64, len(b) - 1, len(b) + 1, len(b) + 4096, 0xFFFFFFFF, rng.randrange(len(b))])
        struct.pack_into("<I", b, 20, n)
        seal(b)
        return f"length {n}, sealed", bytes(b)
    if how == 4:
        at = rng.choice([4, 5, 6, 8, 10, 11, 12, 16])
        b[at] ^= 1 << rng.randrange(8)
        seal(b)
        return f"header byte {at} changed, sealed", bytes(b)
    at = rng.randrange(len(b))
    b[at] ^= 0xFF
    return f"byte {at} changed, not sealed", bytes(b)


@dataclass
class Result:
    images: int = 0
    loaded: int = 0
    findings: list[str] = field(default_factory=list)


def script(seed: int, n: int, tmp: Path) -> tuple[str, list[str]]:
    """A MicroPython script loading n damaged images four ways (and the
    undamaged ones' .wasm), and what each damage was."""
    rng = random.Random(seed)
    wasm = {p: build_program(p) for p in PROGRAMS}
    imgs = {p: images.image(p) for p in PROGRAMS}
    lines, what = [SNIPPET], []
    for i in range(n):
        prog = rng.choice(PROGRAMS)
        how, data = damaged(imgs[prog], rng)
        what.append(f"{i}: {prog}, {how}")
        lines.append(f"r = four({i}, {data!r}, {str(tmp / 'img.mwi')!r})")
        if how == "whole":
            lines.append(f"w = outcome(lambda: wasm.Module({wasm[prog]!r}))")
            lines.append(f"if r != w:\n    print('FINDING', {i}, 'the image', repr(r), 'its .wasm', repr(w))")
        lines.append("print('LOADED' if r[0] != 'load' else 'REFUSED')")
    lines.append("print('IMAGES-DONE')")
    return "\n".join(lines) + "\n", what


def run(n: int, seed: int, out: Path, micropython: Path = binding.MICROPYTHON) -> Result:
    """n damaged images of seed, in one MicroPython process."""
    r = Result()
    with tempfile.TemporaryDirectory() as tmp:
        text, what = script(seed, n, Path(tmp))
        path = Path(tmp) / "loads.py"
        path.write_text(text)
        proc = subprocess.run(
            ["nice", str(micropython), "-X", f"heapsize={HEAP}", str(path)],
            capture_output=True,
            text=True,
            timeout=WALL,
            check=False,
        )
        r.images = n
        r.loaded = proc.stdout.count("LOADED")
        bad = [ln for ln in proc.stdout.splitlines() if ln.startswith("FINDING")]
        if proc.returncode != 0 or "IMAGES-DONE" not in proc.stdout or proc.stderr.strip():
            bad.append(f"exit {proc.returncode}: " + " | ".join((proc.stdout + proc.stderr).strip().splitlines()[-8:]))
        if bad:
            keep = out / "image_loads"
            keep.mkdir(parents=True, exist_ok=True)
            (keep / f"{seed}.py").write_text(text)
            (keep / f"{seed}.txt").write_text(
                "\n".join(what) + "\n--- stdout\n" + proc.stdout[-6000:] + "\n--- stderr\n" + proc.stderr[-6000:]
            )
            r.findings = [f"seed {seed}: {b[:300]} ({keep / f'{seed}.py'})" for b in bad]
    return r


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--images", type=int, default=300, help="in all, 100 a process")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--micropython", type=Path, default=binding.MICROPYTHON)
    ap.add_argument("--out", type=Path, default=build.OUT / "findings")
    a = ap.parse_args()
    total, bad = Result(), 0
    for k in range(0, a.images, 100):
        r = run(min(100, a.images - k), a.seed + k, a.out, a.micropython)
        total.images += r.images
        total.loaded += r.loaded
        total.findings += r.findings
        print(f"seed {a.seed + k}: {r.images} images, {r.loaded} loaded, {len(r.findings)} findings", flush=True)
    for f in total.findings:
        print(f)
        bad += 1
    print(f"{total.images} images, {total.loaded} loaded, {bad} findings")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
