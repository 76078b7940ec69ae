# SPDX-License-Identifier: MIT
"""The example apps of examples/<lang>/ (C, Rust, Zig, AssemblyScript), one
case body for the host port and the boards: Python writes text into a shared
heap, the app upper-cases it in place, writes it reversed into a block it
allocates from the heap and hands that block back through a Python callback;
Python frees it through the app, and the app refuses a pointer outside the heap.
UNSUPPORTED: programs each toolchain builds with a feature mpwasm refuses
(tests/programs/unsupported/), with the word the CompileError must name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from build_examples import LANGS, OUT, build, compile_app

UNSUPPORTED_DIR = Path(__file__).resolve().parents[1] / "programs" / "unsupported"

TEXT = b"hello, wasm"

# APP is the example's bytes; p() prints a value the test reads back.
CASE = """
h = wasm.SharedHeap(1024)
got = []
def notify(addr, n):
    addr &= 0xffffffff                      # i32 arguments arrive signed
    got.append((addr, bytes(h.view(addr, n))))
inst = wasm.Instance(wasm.Module(APP), {'host': {'notify': notify}}, shared_heap=h)
text = %r
a = h.malloc(len(text))
h.view(a, len(text))[:] = text              # Python writes in place ...
s = inst.exports.process(a, len(text))      # ... wasm works on it there
p(bytes(h.view(a, len(text))))
p(s)
p(len(got), got[0][1], h.start <= got[0][0] and got[0][0] + len(text) <= 2**32)
inst.exports.release(got[0][0])             # the app frees its block ...
p(h.malloc(len(text)) == got[0][0])          # ... so first fit hands it out again
p(inst.exports.process(16, 4))               # not in the heap: refused
inst.detach()
p(inst.exports.process(a, 4))                # no heap attached: base/size are 0, refused
""" % (TEXT,)  # noqa: UP031 (a snippet full of braces: % keeps it readable)

EXPECTED = [
    TEXT.upper(),
    sum(TEXT.upper()),
    (1, TEXT.upper()[::-1], True),
    True,
    0,
    0,
]


def app(lang: str) -> bytes:
    """The built example app of `lang` (examples/build_examples.py)."""
    return build(lang).read_bytes()


@dataclass(frozen=True)
class Unsupported:
    lang: str
    source: str  # in tests/programs/unsupported/
    flags: tuple[str, ...]  # what makes the toolchain emit the feature
    feature: str  # the CompileError's message names it

    @property
    def id(self) -> str:
        return f"{self.lang}-{self.source}"

    def wasm(self) -> bytes:
        out = OUT / "unsupported" / self.lang / (Path(self.source).stem + ".wasm")
        return compile_app(self.lang, UNSUPPORTED_DIR / self.source, out, self.flags).read_bytes()


UNSUPPORTED = (
    # -O0: clang -O1+ runs binaryen's wasm-opt when it is on PATH, which rejects these features
    Unsupported("c", "simd.c", ("-O0", "-msimd128"), "SIMD"),
    Unsupported(
        "c",
        "threads.c",
        ("-O0", "-matomics", "-mbulk-memory", "-Wl,--shared-memory", "-Wl,--max-memory=131072"),
        "threads",
    ),
    Unsupported("rust", "simd.rs", ("-C", "target-feature=+simd128"), "SIMD"),
    Unsupported("zig", "simd.zig", ("-mcpu=generic+simd128",), "SIMD"),
    Unsupported("assemblyscript", "simd.ts", ("--enable", "simd"), "SIMD"),
)

KITS_DIR = Path(__file__).resolve().parents[1] / "programs" / "kits"
GRANTS_SOURCE = {"c": "grants.c", "rust": "grants.rs", "zig": "grants.zig", "assemblyscript": "grants.ts"}


def grants_app(lang: str) -> bytes:
    """tests/programs/kits/grants.<ext>: the kit's mpwasm_map/unmap in `lang`."""
    out = OUT / "kits" / lang / "grants.wasm"
    # asc: String.UTF8.encode may abort(): without an env.abort import, a trap
    extra = ("--use", "abort=") if lang == "assemblyscript" else ()
    return compile_app(lang, KITS_DIR / GRANTS_SOURCE[lang], out, extra).read_bytes()


# APP is a grants app: it maps the read-only grant "ring" and sums bytes; then
# errors() = 100 * (write map of a ro grant) + 10 * (unknown name) + (unmap).
GRANTS_CASE = """
ring = bytearray(range(1, 17))
i = wasm.Instance(wasm.Module(APP), grants={'ring': (ring, 'ro', 0x40000000)})
p(i.exports.sum(4), [w[:3] for w in i.windows])
p(i.exports.errors(), i.windows)
p(i.exports.errors())
"""
GRANTS_EXPECTED = [(10, [(0x40000000, 16, True)]), (210, []), 214]

__all__ = [
    "CASE",
    "EXPECTED",
    "GRANTS_CASE",
    "GRANTS_EXPECTED",
    "LANGS",
    "UNSUPPORTED",
    "Unsupported",
    "app",
    "grants_app",
]
