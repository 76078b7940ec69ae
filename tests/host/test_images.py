# SPDX-License-Identifier: MIT
"""Precompiled module images (docs/images.md) on the host port: the
wasm-cross tool's round trip (the image of every test program behaves as its
.wasm), Module.ram of an image, loading from bytes, bytearray and a file,
every kind of bad image and the exception it raises, and the tool's own
errors. The spec suite through images is in test_spec_images.py."""

from __future__ import annotations

import platform
import re
import struct
import subprocess

import pytest

from cases.wasi_cases import SINK
from support import images
from support.build import REPO, _wasm_tools, build, names
from support.host import MICROPYTHON, TRAP_FIELDS, run

pytestmark = pytest.mark.skipif(not MICROPYTHON.exists(), reason=f"{MICROPYTHON} not built (make host)")

# What a module does, the same snippet for its .wasm and its image: how it
# loads, its imports and exports, and then either a WASI run (output and exit
# code) or every exported function that takes integers called with 3s, under
# fuel so a loop ends the same way in both.
OUTCOME = (
    SINK
    + """
def stub(t):
    n = 0 if t.endswith('()') else t.split('->')[1].count(',') + 1
    return lambda *a: None if n == 0 else (0 if n == 1 else (0,) * n)
def outcome(data):
    try:
        m = wasm.Module(data)
    except Exception as e:
        return ('load', type(e).__name__, str(e))
    res = [m.imports, m.exports]
    try:
        if any(i[0] == 'wasi_snapshot_preview1' for i in m.imports):
            o = Sink()
            w = wasm.WASI(args=['prog', 'one', 'two'], env={'K': 'v'}, stdout=o, stderr=o)
            try:
                w.start(wasm.Instance(m, wasi=w, fuel=50000000))
                res.append('returned')
            except wasm.Exit as e:
                res.append(('exit', e.args))
            res.append(o.value())
            return res
        imp = {}
        for mod, name, kind, t in m.imports:
            if kind != 'func':
                return res + ['imports', kind]
            imp.setdefault(mod, {})[name] = stub(t)
        inst = wasm.Instance(m, imp, fuel=1000000)
        for name, kind, t in m.exports:
            if kind != 'func':
                continue
            f = getattr(inst.exports, name)
            params = f.type[0]
            if all(p in ('i32', 'i64') for p in params):
                try:
                    r = f.call_raw(*[3] * len(params))
                    # a funcref result is a Function: its repr (its type) reads back
                    res.append((name, tuple(v if v is None or isinstance(v, (int, float)) else repr(v)
                                            for v in r)))
                except Exception as e:
                    # a trap's message and path, with the function names (an
                    # image keeps the name section's, as the bytes do) and
                    # each frame's offset (its offset map)
                    res.append((name, type(e).__name__, str(e), getattr(e, 'func', None),
                                getattr(e, 'depth', None), getattr(e, 'trace', None),
                                getattr(e, 'offsets', None)))
    except Exception as e:
        res.append((type(e).__name__, str(e)))
    return res
"""
)


def program_image(name: str) -> bytes | str:
    """The image of tests/programs/NAME, or the tool's error message."""
    try:
        return images.image(name)
    except RuntimeError as e:
        return str(e)


# Lines of WASI output that differ from run to run (wasi_misc: the clock, a sleep).
VARYING = (b"realtime=", b"slept_ms=")


# A trap's " at 0x6e" (the byte offset in the module of the instruction
# where each frame stopped: docs/wasm.md): a module from a .wasm that keeps
# its bodies says it, and so does an image with its offset map (image.h);
# one without (wasm-cross --strip-offsets) says none.
OFFSET = re.compile(r" at 0x[0-9a-f]+")


def deterministic(out: list) -> list:
    return [
        b"\n".join(ln for ln in o.split(b"\n") if not ln.startswith(VARYING)) if isinstance(o, bytes) else o
        for o in out
    ]


@pytest.mark.parametrize("name", names())
def test_round_trip(name):
    wasm = build(name)
    img = program_image(name)
    code = OUTCOME + f"W = {wasm!r}\n"
    if isinstance(img, bytes):
        code += f"I = {img!r}\np(outcome(W))\np(outcome(I))\n"
        from_wasm, from_image = (deterministic(o) for o in run(code, timeout=120))
        assert from_image == from_wasm
        assert from_wasm[0] != "load"
    else:
        # the tool refuses exactly what the engine refuses, with its message
        (out,) = run(code + "p(outcome(W))\n", timeout=120)
        assert out[0] == "load", f"{name}: wasm-cross failed but the .wasm loads: {img}"
        assert out[2] in img


def test_image_ram_is_metadata_or_its_threaded_code():
    """The printf program from its image: no lowered code or data in RAM,
    only the metadata arrays (a few KiB), while from .wasm (lowered at load)
    the code costs more than the binary (about 1.5x it in 16-bit units): the
    module from .wasm holds at least the image's code more. Except where the
    engine threads its code (mw_config.h MW_THREADED: the x86-64 host
    build): there the image's code is threaded into RAM at load (each op
    with its handler's address before it: at most 5x its compact units),
    the same code as the module from .wasm holds."""
    img = images.image("wasi_floats")
    wasm = build("wasi_floats")
    out = run(f"""
import gc
W = {wasm!r}
I = {img!r}
mw = wasm.Module(W, lazy=False)
mi = wasm.Module(I)
p((mw.ram, mi.ram, len(W), len(I)))
p(mi.lowered)
""")
    ram_wasm, ram_image, n_wasm, n_image = out[0]
    assert out[1] == (16, 16)  # every function is there, lowered
    assert ram_wasm > n_wasm
    code_bytes = struct.unpack_from("<I", img, 48)[0] * 2  # its code's units (image.h)
    assert code_bytes > 4096
    if platform.machine() == "x86_64":
        assert code_bytes < ram_image < 4096 + 5 * code_bytes and ram_wasm >= ram_image
    else:
        assert ram_image < 4096 and ram_wasm >= ram_image + code_bytes


def test_image_from_bytes_bytearray_memoryview_and_file(tmp_path):
    img = images.image("image_small")
    path = tmp_path / "small.mwi"
    path.write_bytes(img)
    out = run(f"""
I = {img!r}
def use(m):
    i = wasm.Instance(m)
    return (i.exports.sum(10), i.exports.twice(21), i.exports.via_table(0, 4), i.exports.via_table(1, 4),
            i.exports.peek(16), i.exports.peek(20))
p(use(wasm.Module(I)))
b = bytearray(I)
m = wasm.Module(b)
b[:] = bytes(len(b))           # the module copied the mutable buffer
p(use(m))
p(use(wasm.Module(memoryview(I))))
p(use(wasm.Module(I[1:] and (b'x' + I)[1:])))
with open({str(path)!r}, 'rb') as f:
    p(use(wasm.Module(f)))
with open({str(path)!r}, 'rb') as f:
    f.read(1)
    p(exc(wasm.Module, f))     # not at the start: not an image, not a binary
p(wasm.frozen())
""")
    want = (45 + 5, 42, 8, 0 + 1 + 2 + 3 + 5, ord("i"), ord("e"))
    assert out[:5] == [want] * 5
    assert out[5] == ("CompileError", "magic header not detected at offset 0x0")
    assert out[6] == []  # no images linked into the host port


def leb128(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def data_module(size: int) -> bytes:
    """A module of one memory and one active data segment of `size` bytes, no code:
    its image is about `size` bytes (the segment stays in it)."""

    def section(kind: int, payload: bytes) -> bytes:
        return bytes([kind]) + leb128(len(payload)) + payload

    data = bytes(range(256)) * (size // 256)
    memory = section(5, b"\x01\x00" + leb128(-(-size // 65536)))
    segment = b"\x00\x41\x00\x0b" + leb128(len(data)) + data  # active, at i32.const 0
    return b"\x00asm\x01\x00\x00\x00" + memory + section(11, b"\x01" + segment)


def test_image_from_a_stream_is_held_once(tmp_path):
    """An image read from a stream goes into one heap block that the Module keeps:
    it never needs twice its size at once. Until session 35 it was copied into a
    bytes object, so a 640 KB image could not load from a file in a 1.1 MB heap
    (MemoryError), and where it loaded it left a hole of its size below the copy
    (docs/benchmarks.md "Images (session 35)")."""
    wasm_path, path = tmp_path / "data.wasm", tmp_path / "data.mwi"
    wasm_path.write_bytes(data_module(640 * 1024))
    r = images.cross(wasm_path, path)
    assert r.returncode == 0, r.stderr
    size = path.stat().st_size
    ((free, held, ram),) = run(
        f"""
import gc
gc.collect()
free = gc.mem_free()
with open({str(path)!r}, 'rb') as f:
    m = wasm.Module(f)
gc.collect()
p(free, free - gc.mem_free(), m.ram)
""",
        heap="1100k",
    )
    assert free < 2 * size  # the heap could not hold the image twice
    assert size <= held <= size + ram + 1024  # held once, with the Module's own parts


def load_error(data: bytes, **kw) -> tuple:
    args = "".join(f", {k}={v!r}" for k, v in kw.items())
    (out,) = run(f"p(exc(wasm.Module, {data!r}{args}))")
    return out


def fresh() -> images.Image:
    return images.Image(bytearray(images.image("image_small")))


def find(im: images.Image, op: str) -> tuple[int, int, list[int]]:
    """(function, unit index, immediates) of the first instruction `op`."""
    for f in range(5):
        for k, o, imm in im.instructions(f):
            if o.name == op:
                return f, k, imm
    raise AssertionError(f"no {op} in image_small")


def three_ways(tmp_path, edits) -> tuple[list, list[bytes]]:
    """image_small changed by each of `edits` (a function of an Image) and
    sealed, loaded from bytes, a file and io.BytesIO: each one's three
    (exception name, message) and the images' bytes."""
    cases = []
    for k, edit in enumerate(edits):
        im = images.Image(bytearray(images.image("image_small")))
        edit(im)
        path = tmp_path / f"{k}.mwi"
        data = im.seal()
        path.write_bytes(data)
        cases.append((data, str(path)))
    out = run(f"""
import io
for data, path in {cases!r}:
    with open(path, 'rb') as f:
        p((exc(wasm.Module, data), exc(wasm.Module, f), exc(wasm.Module, io.BytesIO(data))))
""")
    return out, [data for data, _ in cases]


def test_a_bad_length_is_refused_alike_from_a_stream(tmp_path):
    """A length field short of the header (0, 27, 37, 63), sealed: from a
    file, io.BytesIO and bytes alike, "offset or length out of range" at
    0x14; the stream loader read 24 bytes and said "image truncated" at the
    length or where its read stopped (found by tests/fuzz/image_loads.py,
    session 36). A length past the heap is MemoryError from a stream (its
    block is allocated first) and "image truncated" from bytes (docs/images.md)."""
    out, datas = three_ways(tmp_path, [lambda im, n=n: im.set_u32(20, n) for n in (0, 27, 37, 63, 0xFFFFFFFF)])
    layout = ("CompileError", "image section offset or length out of range at offset 0x14")
    assert out[:4] == [(layout,) * 3] * 4
    size = len(datas[-1])
    assert out[4][0] == ("CompileError", f"image truncated at offset 0x{size:x}")
    assert out[4][1][0] == out[4][2][0] == "MemoryError"


def test_a_wrong_format_is_named_from_a_stream_whatever_its_length(tmp_path):
    """An image of another code format, version or target whose length field
    is past the heap: from a file and io.BytesIO as from bytes, the header's
    error, not a MemoryError for the length (the stream loader allocated the
    length first; found by the fuzzer's image_loads run against a wasm-cross
    of an older format, session 41)."""

    def bump(field):
        def edit(im):
            im.data[field] += 1
            im.set_u32(20, 0xFFFFFFFF)

        return edit

    out, _ = three_ways(tmp_path, [bump(field) for field in (4, 6, 10)])
    rebuild = "(rebuild it with this firmware's wasm-cross)"
    assert out == [
        (("CompileError", f"unsupported image format version {rebuild} at offset 0x4"),) * 3,
        (("CompileError", f"image lowered for another engine code format {rebuild} at offset 0x6"),) * 3,
        (("CompileError", "image built for another target (word size, byte order or code unit) at offset 0xa"),) * 3,
    ]


def test_bad_header():
    ok = fresh()
    assert load_error(bytes(ok.data)) is None
    cases = {
        # (field offset, new value) -> message
        (4, ok.data[4] + 1): "unsupported image format version (rebuild it with this firmware's wasm-cross) "
        "at offset 0x4",
        (6, ok.data[6] + 1): "image lowered for another engine code format (rebuild it with this firmware's "
        "wasm-cross) at offset 0x6",
        (8, ok.data[8] ^ 1): "image lowered for another engine code format (rebuild it with this firmware's "
        "wasm-cross) at offset 0x8",
        (52, ok.data[52] ^ 1): "image lowered for another engine code format (rebuild it with this firmware's "
        "wasm-cross) at offset 0x34",
        (10, 4): "image built for another target (word size, byte order or code unit) at offset 0xa",
        (11, 2): "image built for another target (word size, byte order or code unit) at offset 0xa",
        (12, 4): "image built for another target (word size, byte order or code unit) at offset 0xa",
    }
    for (at, v), msg in cases.items():
        im = fresh()
        im.data[at] = v
        assert load_error(im.seal()) == ("CompileError", msg), (at, v)
    # a wasm binary's magic is not an image's: the decoder says so
    im = fresh()
    im.data[1:4] = b"mwx"
    assert load_error(bytes(im.data)) == ("CompileError", "magic header not detected at offset 0x0")


def test_images_target_cortex_m_refused_on_host():
    img = images.image("image_small", target="cortex-m")
    assert img[10] == 4
    assert load_error(img) == (
        "CompileError",
        "image built for another target (word size, byte order or code unit) at offset 0xa",
    )


def test_multi_memory_feature():
    with_mm = images.image("image_small")
    assert load_error(with_mm, multi_memory=False) == (
        "CompileError",
        "image needs multi-memory, which this load has off at offset 0x10",
    )
    build("image_small")
    out = images.OUT / "image_small.nomm.mwi"
    r = images.cross(REPO / "build" / "wasm" / "image_small.wasm", out, multi_memory=False)
    assert r.returncode == 0, r.stderr
    assert load_error(out.read_bytes(), multi_memory=False) is None
    assert load_error(out.read_bytes()) is None


def test_truncated_and_corrupted():
    img = images.image("image_small")
    trunc = "image truncated at offset 0x{:x}"
    assert load_error(img[:30]) == ("CompileError", trunc.format(30))
    assert load_error(img[:-1]) == ("CompileError", trunc.format(len(img) - 1))
    assert load_error(img[:4]) == ("CompileError", trunc.format(4))
    assert load_error(img + b"\0" * 8) is None  # padding after the image (flash) is fine
    for at in (28, 60, len(img) // 2, len(img) - 1):
        bad = bytearray(img)
        bad[at] ^= 0x10
        assert load_error(bytes(bad)) == ("CompileError", "image checksum mismatch (corrupted) at offset 0x18"), at


def test_bad_layout():
    layout = "image section offset or length out of range at offset 0x{:x}"
    # each part's offset or length, reported at the part's offset field
    for field, reported in ((28, 28), (32, 28), (40, 40), (44, 44), (48, 44)):
        im = fresh()
        im.set_u32(field, im.u32(20) + 4)
        assert load_error(im.seal()) == ("CompileError", layout.format(reported)), field
    im = fresh()
    im.set_u32(20, 20)  # shorter than the header
    assert load_error(im.seal()) == ("CompileError", layout.format(20))
    im = fresh()
    im.set_u32(44, im.u32(44) + 1)  # code no longer aligned to its unit
    assert load_error(im.seal()) == ("CompileError", layout.format(44))
    im = fresh()
    im.set_u32(36, 4)  # one defined function fewer
    assert load_error(im.seal()) == ("CompileError", "image function table does not match the module at offset 0x24")
    im = fresh()
    at = im.func_at(1)
    im.set_u32(at + 4, im.u32(48))  # function 1's code runs past the code
    assert load_error(im.seal()) == ("CompileError", layout.format(at))


def test_bad_frames():
    frame = "image function's locals or frame out of range at offset 0x{:x}"
    im = fresh()
    at = im.func_at(1)  # sum: 1 param, 3 locals, 5 slots
    for zero in (
        0 | 2 << 16,  # zeroing the parameter
        3 | 2 << 16,  # first after the end
        2 | 2 << 16,  # empty, where set: exec.c's 64-bit loop zeroed past the stack (session 43)
        4 | 0 << 16,  # a first with no end (0, 0 is none)
        1 | 9 << 16,  # past the frame's top by more than two slots (lower.c zero_span)
        1 | 3 << 16,  # not whole MW_ZERO_STEPs (exec.c zeroes four slots a pass)
        # empty but not 0, 0 (exec.c tests zero_hi alone, and its four-slot
        # loop stores before its end test: session 43's image fuzz finding,
        # 6, 6, ran off the value stack; tests/fuzz/regressions/image)
        1 | 1 << 16,
        5 | 5 << 16,
        7 | 7 << 16,
    ):
        im = fresh()
        im.set_u32(at + 8, zero)  # the locals a call zeroes: first | end << 16
        assert load_error(im.seal()) == ("CompileError", frame.format(at + 8)), hex(zero)
    im = fresh()
    im.set_u32(at + 12, 0)  # frame smaller than the parameters
    assert load_error(im.seal()) == ("CompileError", frame.format(at + 8))
    im = fresh()
    im.set_u32(at + 12, 10**6)  # more than the runtime's value stack
    assert load_error(im.seal()) == (
        "CompileError",
        f"function frame exceeds the value stack (mw_config.stack_slots) at offset 0x{at + 12:x}",
    )


def test_bad_metadata():
    """The metadata is decoded again: a bad index in it is a CompileError
    at its offset in the image."""
    im = fresh()
    meta, n = im.u32(28), im.u32(32)
    sec = bytes(im.data[meta : meta + n])
    # the function section (id 3): count 5, then type indices
    at = meta + sec.index(b"\x03\x06\x05") + 3
    im.data[at] = 9
    assert load_error(im.seal()) == ("CompileError", f"unknown type at offset 0x{at + 1:x}")  # after the index
    im = fresh()
    im.data[meta + 8] = 10  # a code section inside the metadata
    assert load_error(im.seal())[0] == "CompileError"


def code_error(im: images.Image, f: int, k: int, n: int, value: int) -> tuple:
    """Load im with immediate n of the instruction at unit k of function f set to value."""
    im.set_imm(f, k, n, value)
    return load_error(im.seal())


def test_every_image_zeroes_none_or_a_span():
    """What lowering (lower.c zero_span, the .wasm path's too) puts in every
    program's image is what the loader accepts: the locals a call zeroes are
    none (0, 0) or a span of whole steps of four, above the parameters, that
    is not empty, ending at most two slots past the frame's top (image.c)."""
    spans = 0
    for name in names():
        img = program_image(name)
        if not isinstance(img, bytes):
            continue
        im = images.Image(bytearray(img))
        for f in range(im.u32(36)):
            _, _, zero, frame, _ = im.func(f)
            lo, hi = zero & 0xFFFF, zero >> 16
            assert (lo, hi) == (0, 0) or (lo < hi <= frame + 2 and (hi - lo) % 4 == 0), (name, f, lo, hi, frame)
            spans += hi != 0
    assert spans > 0


def test_op_table_reads_every_function_of_every_image():
    """tests/support/images.py's op table (the one the bad-image tests edit
    instructions with) is the engine's: as many ops as the image header says,
    and every function of every program's image reads op by op to exactly its
    end, fused rows (LOAD*_X, *_BR_*) included."""
    table = images.ops()
    seen = set()
    for name in names():
        img = program_image(name)
        if not isinstance(img, bytes):
            continue
        im = images.Image(bytearray(img))
        assert struct.unpack_from("<H", im.data, 8)[0] == len(table), name
        for f in range(im.u32(36)):
            ins = im.instructions(f)
            k, op, _ = ins[-1]
            end = k + 1 + sum(images.widths()[kind] for kind in op.kinds)
            if op.name in ("BR_TABLE", "BR_TABLE_JMP"):
                continue  # their targets follow; instructions() stepped over them
            assert end == im.func(f)[1], (name, f)
            seen |= {o.name for _, o, _ in ins}
    assert any("_BR_" in n or n.endswith("_X") for n in seen), sorted(seen)


def test_bad_code():
    """Every structural defect of the lowered code, each at the byte offset
    of the instruction in the image."""
    im = fresh()
    f, k, imm = find(im, "GLOBAL_GET")
    at = im.code_at(f, k)
    struct.pack_into("<H", im.data, at, 0xFFFF)
    assert load_error(im.seal()) == ("CompileError", im.refusal(f, k, "unknown op"))
    im = fresh()
    assert code_error(im, f, k, 1, 1) == ("CompileError", im.refusal(f, k, "index out of range"))  # global 1
    im = fresh()
    assert code_error(im, f, k, 0, 5) == (
        "CompileError",
        im.refusal(f, k, "slot outside the function's frame"),
    )  # frame is 5 slots
    im = fresh()
    assert code_error(im, f, k, 0, 4) is None  # the last slot is fine
    im = fresh()
    f, k, imm = find(im, "JMP_LOOP")
    # a target is the signed distance in units from its own unit (format 36): 0 is the target
    # unit itself, the middle of the JMP_LOOP; 0x7fff and 0x8000 leave the function
    for distance in (0, 0x7FFF, 0x8000):
        im = fresh()
        assert code_error(im, f, k, 0, distance) == (
            "CompileError",
            im.refusal(f, k, "branch target is not an instruction start"),
        )
    im = fresh()
    f, k, imm = find(im, "CALL_DEF")
    assert code_error(im, f, k, 0, 5) == ("CompileError", im.refusal(f, k, "index out of range"))
    im = fresh()
    assert code_error(im, f, k, 1, 2) == (
        "CompileError",
        im.refusal(f, k, "slot outside the function's frame"),
    )  # base + 1 result > 2
    im = fresh()
    f, k, imm = find(im, "CALL_INDIRECT_OWN")  # its table is the module's own
    for n, v, what in (
        (0, 3, "index out of range"),
        (1, 1, "index out of range"),
        (2, 4, "slot outside the function's frame"),
    ):
        im = fresh()
        assert code_error(im, f, k, n, v) == ("CompileError", im.refusal(f, k, what)), n
    im = fresh()
    f, k, imm = find(im, "RETURN1")  # each function returns one result
    assert code_error(im, f, k, 0, 1000) == ("CompileError", im.refusal(f, k, "slot outside the function's frame"))
    # the function's length: an instruction cut off, and an end that falls through
    im = fresh()
    at = im.func_at(0)
    n = im.func(0)[1]
    first = im.instructions(0)[1][0]
    assert first > 1 and n > first  # I32_MUL_IMM (units 0 .. first - 1), then the return
    im.set_u32(at + 4, first - 1)  # I32_MUL_IMM cut short (the return is one unit: RETURN0, lower_branch.c emit_return)
    assert load_error(im.seal()) == ("CompileError", im.refusal(0, 0, "instruction runs past the function's end"))
    im = fresh()
    im.set_u32(at + 4, first)  # only I32_MUL_IMM: it falls off the end
    assert load_error(im.seal()) == ("CompileError", im.refusal(0, 0, "function does not end with a return or jump"))


NAMED = """(module
  (import "m" "a" (func (param i32) (result i32)))
  (import "m" "b" (func))
  (func (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "a_name_longer_than_twenty_four_bytes") (param i32) (result i32)
    (i32.mul (local.get 0) (i32.const 3)))
  (func (export "f") (export "g") (param i32) (result i32) (call 2 (local.get 0))))
"""


def test_code_refusal_names_the_function(tmp_path):
    """A refused instruction is named by its function (index with imports
    first, its first export's name cut to 24 bytes, none when not exported),
    its unit in the function (pc) and its op (docs/images.md): the message a
    user with a bad image reads, written out here (not by images.refusal)."""
    wat, wasm, img = tmp_path / "named.wat", tmp_path / "named.wasm", tmp_path / "named.mwi"
    wat.write_text(NAMED)
    subprocess.run([_wasm_tools(), "parse", str(wat), "-o", str(wasm)], check=True, timeout=60)
    assert images.cross(wasm, img).returncode == 0
    good = img.read_bytes()
    cases, want = [], []
    for f, name in ((0, ""), (1, " (a_name_longer_than_twent)"), (2, " (f)")):
        im = images.Image(bytearray(good))
        at = im.code_at(f, 0)
        struct.pack_into("<H", im.data, at, 0xFFFF)  # the first instruction's op unknown
        cases.append(im.seal())
        want.append(
            ("CompileError", f"function {2 + f}{name}, pc 0, op 65535: lowered code: unknown op at offset 0x{at:x}")
        )
        im = images.Image(bytearray(good))
        # the last instruction of more than one unit cut off (a return of the
        # value made just before it is RETURN0, one unit: lower_branch.c emit_return)
        ins = im.instructions(f)
        ends = [i[0] for i in ins[1:]] + [im.func(f)[1]]
        k, op, _ = [i for i, e in zip(ins, ends) if e - i[0] > 1][-1]
        im.set_u32(im.func_at(f) + 4, k + 1)
        cases.append(im.seal())
        want.append(
            (
                "CompileError",
                f"function {2 + f}{name}, pc {k}, op {op_index(op.name)}: lowered code: "
                f"instruction runs past the function's end at offset 0x{im.code_at(f, k):x}",
            )
        )
    assert run(f"for d in {cases!r}:\n    p(exc(wasm.Module, d))") == want
    assert [
        images.Image(bytearray(d)).refusal(f, 0, "unknown op").split(":")[0] for d, f in zip(cases[::2], range(3))
    ] == [w[1].split(":")[0] for w in want[::2]]


def op_index(name: str) -> int:
    return next(i for i, o in enumerate(images.ops()) if o.name == name)


def test_bad_copy2_and_br_table_jmp():
    """COPY2 d a b writes d and d+1: d+1 must be inside the frame (the last
    slot but one is fine, the last is not), as must COPY2_CALL_DEF's, the
    COPY2 fused with the call after it that the full profile makes of
    swap_sub's; a BR_TABLE_JMP's targets (after "c count") must be
    instruction starts."""

    def calls() -> images.Image:
        return images.Image(bytearray(images.image("image_calls")))

    def first(im: images.Image, f: int, *ops: str) -> int:
        return next(k for k, o, _ in im.instructions(f) if o.name in ops)

    im = calls()
    k = first(im, 1, "COPY2", "COPY2_CALL_DEF")  # swap_sub: COPY2 2 1 0 in a 4-slot frame
    assert im.func(1)[3] == 4
    assert code_error(im, 1, k, 0, 2) is None
    im = calls()
    assert code_error(im, 1, k, 0, 3) == ("CompileError", im.refusal(1, k, "slot outside the function's frame"))
    im = calls()
    k = first(im, 2, "BR_TABLE_JMP")  # pick: three targets of one unit after "c count" (3 units)
    second = k + 1 + 3 + 1
    struct.pack_into("<h", im.data, im.code_at(2, second), (k + 1) - second)  # the second: at an immediate
    assert load_error(im.seal()) == ("CompileError", im.refusal(2, k, "branch target is not an instruction start"))


def loops() -> images.Image:
    return images.Image(bytearray(images.image("image_loops")))


def target_unit(im: images.Image, f: int, k: int, n: int) -> int:
    """The unit of function f that holds immediate n (a TARGET) of the instruction at unit k."""
    return (im.imm_at(f, k, n)[0] - im.code_at(f, 0)) // images.UNIT


def branch_to(im: images.Image, f: int, at: int, unit: int) -> None:
    """Point the branch target held at unit `at` of function f at unit `unit`
    (a target is its signed distance in units from its own unit)."""
    struct.pack_into("<h", im.data, im.code_at(f, at), unit - at)


# image_loops' functions: (function, the branch op in it, an argument for which it is taken)
NO_POLL = {"BR_IF_JMP": 0, "BR_UNLESS": 1, "JMP": 2, "BR_TABLE_JMP": 3, "BR_F64_LT": 4}
POLLS = {"BR_NE_IMMH": (2, 1), "BR_EQ_IMMH": (5, 1), "BR_NE_IMM": (6, 1), "BR_LT_S": (7, 1)}


def first_op(im: images.Image, f: int, op: str) -> tuple[int, int]:
    """(unit index, number of immediates) of the first `op` of function f."""
    return next((k, o.nimm) for k, o, _ in im.instructions(f) if o.name == op)


def test_backward_branch_on_an_op_that_does_not_poll_is_refused():
    """A branch op whose handler does not poll (its doc word "target",
    mw_int.h) turned back onto itself or onto the function's first
    instruction would loop where neither fuel nor Ctrl-C reaches: the code
    check refuses it, at the op, for the integer, the conditional, the
    unconditional, the float compare-and-branch and every BR_TABLE_JMP entry."""
    cases, want = [], []
    for op, f in NO_POLL.items():
        k, nimm = first_op(loops(), f, op)
        if op == "BR_TABLE_JMP":
            # "c count" (3 units), then count + 1 targets of one unit: the first, the default
            count = loops().instructions(f)[0][2][1]
            spots = [k + 4, k + 4 + count]
        else:
            spots = [target_unit(loops(), f, k, nimm - 1)]  # the target: the last immediate
        for spot in spots:
            for to in {k, 0}:
                im = loops()
                branch_to(im, f, spot, to)
                cases.append(im.seal())
                want.append(("CompileError", im.refusal(f, k, "backward branch without a poll")))
    cases.append(images.image("image_loops"))
    want.append(None)
    assert len(cases) == 9  # JMP and BR_F64_LT are not first: onto themselves and onto unit 0
    assert run(f"for d in {cases!r}:\n    p(exc(wasm.Module, d))") == want


def test_backward_branch_on_a_polling_op_is_accepted_and_polls():
    """The i32 compare-and-branch ops (two slots, a wide and a 16-bit
    constant: doc word "loop") poll when they jump back: turned onto
    themselves the image loads, and the loop it makes runs out of fuel."""
    cases = []
    for op, (f, arg) in POLLS.items():
        im = loops()
        k, nimm = first_op(im, f, op)
        branch_to(im, f, target_unit(im, f, k, nimm - 1), k)
        cases.append((im.seal(), f, arg))
    out = run(f"""
names = [e[0] for e in wasm.Module({images.image("image_loops")!r}).exports]
for d, f, arg in {cases!r}:
    i = wasm.Instance(wasm.Module(d), fuel=20000)
    p(exc(getattr(i.exports, names[f]), arg))
""")
    assert out == [("Trap", "out of fuel")] * len(POLLS)


def test_memory_access_in_a_module_without_memory_is_refused():
    """A load or store of memory 0 in a module without a memory: its handler
    reads the instance's memory 0, which is NULL there (the host port crashed
    calling it; a board read the vector table as a memory). Lowering never
    makes one, so mw_code_check refuses it at the op, an index out of range,
    found by tests/fuzz/fuzz_image.c (session 36). The same op in a module
    with a memory loads and runs."""
    names = [op.name for op in images.ops()]
    plain = images.ops()[names.index("LOAD8_S") : names.index("STORE64") + 1]  # "d a offset" / "a b offset"
    assert len(plain) == 11 and {op.layout for op in plain} == {"PQO"}
    cases, want = [], []
    for prog, refused in (("arith", True), ("image_small", False)):
        image = images.image(prog)
        f, k = next(
            (f, k)
            for f in range(images.Image(bytearray(image)).u32(36))
            for k, op, _ in images.Image(bytearray(image)).instructions(f)
            if op.layout in ("PQS", "PQH")  # an i32.add's: as wide as a load, slots in the frame
        )
        for op in plain:
            bad = images.Image(bytearray(image))
            struct.pack_into("<H", bad.data, bad.code_at(f, k), images.ops().index(op))
            cases.append(bad.seal())
            want.append(("CompileError", bad.refusal(f, k, "index out of range")) if refused else None)
    assert run(f"for d in {cases!r}:\n    p(exc(wasm.Module, d))") == want


def test_fused_address_op_and_its_access_use_one_slot():
    """A fused address op (LOAD*_X, STORE*_X, *_XR, *_XM, STORE32_XV,
    STORE32_XVR, F32_ADD_XV .. F64_SUB_XV: mw_int.h) writes x and does the
    in-bounds case of the load or store after it at address x (for the XV
    forms: storing x), while that
    access run alone (the small profile; any other address) uses its own
    slot. An image where the two differ would behave by engine build, which
    its .wasm cannot: mw_code_check refuses it, x changed or the access's
    slot (the address; the value for the XV forms), at the fused op. The
    rows that skip writing x (LOAD8_U_XD .. LOAD32_U_XMD, formats 56-63) also
    when the load's d is not x; every fused load when its load has an offset
    (format 58)."""
    units = images.widths()
    cases, want, seen = [], [], set()
    for prog in ("engine_fused", "engine_addstore", "engine_storef", "engine_xd", "engine_wrapload"):
        image = images.image(prog)
        im = images.Image(bytearray(image))
        for f in range(im.u32(36)):
            for k, op, vals in im.instructions(f):
                if not op.name.endswith(("_X", "_XR", "_XM", "_XV", "_XVR", "_XD", "_XRD", "_XMD")):
                    continue
                seen.add(op.name)
                access = k + 1 + sum(units[kind] for kind in op.kinds)
                slot = 0 if op.name in ("STORE32_X", "STORE64_X") else 1  # "a b offset" / "d a offset"
                other = 1 if vals[0] == 0 else 0  # parameter 0 or 1: in the frame, not x
                tampered = [(k, 0, other), (access, slot, other)]
                if op.name.startswith("LOAD"):  # a load with an offset (format 58)
                    tampered.append((access, 2, 4))
                if op.name.endswith("D"):  # the load's d another slot
                    tampered.append((access, 0, other))
                for at, n, v in tampered:
                    bad = images.Image(bytearray(image))
                    bad.set_imm(f, at, n, v)
                    cases.append(bad.seal())
                    want.append(("CompileError", bad.refusal(f, k, "fused op without the op it fuses")))
        cases.append(image)
        want.append(None)
    assert seen == {
        "LOAD8_U_X",
        "LOAD32_U_X",
        "LOAD64_X",
        "LOAD8_U_XD",
        "LOAD32_U_XD",
        "LOAD64_XD",
        "LOAD8_U_XRD",
        "LOAD32_U_XRD",
        "LOAD16_U_X",
        "LOAD16_U_XD",
        "LOAD32_U_XMD",
        "STORE32_X",
        "STORE64_X",
        "STORE32_XV",
        "LOAD8_U_XR",
        "LOAD16_U_XM",
        "LOAD32_U_XM",
        "STORE32_XVR",
        "F32_ADD_XV",
        "F32_SUB_XV",
        "F64_ADD_XV",
        "F64_SUB_XV",
        "I64_LOAD32_U_X",
        "I64_LOAD32_U_XR",
        "I64_LOAD32_U_XM",
        "I64_LOAD32_U_XD",
        "I64_LOAD32_U_XRD",
        "I64_LOAD32_U_XMD",
    }
    assert run(f"for d in {cases!r}:\n    p(exc(wasm.Module, d))") == want


def test_i32_fused_load_before_an_i64_load_refused():
    """LOAD32_U's fused address rows write an i32's low word alone on a
    32-bit target, so an i64.load32_u has rows of its own (I64_LOAD32_U_X ..
    _XMD, format 73) whose handlers write the whole slot. An image whose
    i64 row is made its i32 twin, before the I64_LOAD32_U it fuses with,
    would leave the loaded i64's high word as it was: mw_code_check refuses
    it at the fused op."""
    image = images.image("engine_wrapload")
    names = [op.name for op in images.ops()]
    cases, want = [], []
    for f in range(images.Image(bytearray(image)).u32(36)):
        for k, op, _ in images.Image(bytearray(image)).instructions(f):
            if op.name.startswith("I64_LOAD32_U_X"):
                bad = images.Image(bytearray(image))
                struct.pack_into("<H", bad.data, bad.code_at(f, k), names.index(op.name.removeprefix("I64_")))
                cases.append(bad.seal())
                want.append(("CompileError", bad.refusal(f, k, "fused op without the op it fuses")))
    assert len(cases) == 6
    assert run(f"for d in {cases!r}:\n    p(exc(wasm.Module, d))") == want


def test_good_image_still_runs_after_checks():
    """The unchanged image against which the bad ones are made runs."""
    (out,) = run(f"""
i = wasm.Instance(wasm.Module({images.image("image_small")!r}))
p((i.exports.sum(4), i.exports.twice(-4)))
""")
    assert out == (0 + 1 + 2 + 3 + 5, -8)


def test_damaged_images_never_crash_the_loader():
    """tests/engine/test_image.c under ASan/UBSan: thousands of images with
    bytes changed behind a recomputed checksum, each a module or a load error
    with a message, no crash, no leak; thousands with their function names
    changed, each refused at an offset in the names part or reading every
    name inside it; and thousands with one branch target
    moved to another instruction, each refused or with a poll on every loop
    (the test's own model of which handlers poll: with code.c's backward
    check removed, 243 with a silent loop loaded from the first five images)."""
    from support.engine import TESTS, gcc_engine

    exe = gcc_engine(
        "test_image", [TESTS / "test_image.c"], ["-O1", "-fsanitize=address,undefined", "-fno-sanitize-recover=all"]
    )
    files = []
    names = ("image_small", "wasi_floats", "refs", "tables", "memory", "image_loops")
    for name in names:
        images.image(name)
        files.append(str(images.OUT / f"{name}.host.mwi"))
    r = subprocess.run([str(exe), *files], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    w = r.stdout.split()
    loads, loaded, moved, refused = int(w[0]), int(w[2]), int(w[4]), int(w[6])
    renamed, renamed_loaded = int(w[10]), int(w[14])
    assert loads == len(names) * 3001 and r.stdout.strip().endswith(" 0 failures")
    assert len(names) <= loaded < loads  # the undamaged ones, and some with a harmless change
    assert moved >= 3 * 3000 and 0 < refused < moved, r.stdout  # image_small, wasi_floats, image_loops branch
    # image_small and tables carry function names: damaged there, some load
    # (a changed letter) and read every name inside the part, the rest are refused
    assert renamed == 2 * 3000 and 0 < renamed_loaded < renamed, r.stdout


def test_small_profile_engine_refuses_full_profile_ops(tmp_path):
    """An engine of the small profile (MW_ALL_OPS=0: no handlers for the fused
    ops its lowering never makes) refuses an image for cortex-m that holds
    some, with a message that says how to make one it runs; the same module's
    image for cortex-m-small (wasm-cross-small's lowering) loads. Without
    code.c's refusal the first would load and run into a handler left out."""
    from boardcfg.generate import PROFILE_CFLAGS
    from support.engine import TESTS, gcc_engine

    exe = gcc_engine("load_image_small", [TESTS / "load_image.c"], ["-O1", *PROFILE_CFLAGS["small"].split()])
    full, small = images.image("image_fused", "cortex-m"), images.image("image_fused", "cortex-m-small")
    assert full[4:] != small[4:]
    files = []
    for name, data in (("full", full), ("small", small)):
        (tmp_path / f"{name}.mwi").write_bytes(data)
        files.append(str(tmp_path / f"{name}.mwi"))
    r = subprocess.run([str(exe), *files], capture_output=True, text=True, timeout=60, check=True)
    lines = r.stdout.splitlines()
    assert lines[0].startswith(
        "image holds a full-profile fused op: use wasm-cross --target cortex-m-small or host-small at offset 0x"
    ), lines
    assert lines[1] == "ok"
    # the offset is the first fused op's unit, in the image's code
    at = int(lines[0].rsplit("0x", 1)[1], 16)
    code, units = struct.unpack_from("<II", full, 44)
    assert code <= at < code + 2 * units
    op = images.ops()[struct.unpack_from("<H", full, at)[0]].name
    assert op in ("I32_MUL_ADD", "I32_DIV_S_IMM", "I64_AND_IMM"), op


def test_host_small_image_is_the_small_lowering():
    """wasm-cross --target host-small (tests/fuzz's image loads on an engine of
    the small profile's op set, on this host) lowers as --target
    cortex-m-small does: the same code, for this host's word size; the host
    target's image of the same module holds the full profile's fused ops."""
    host, small, m_small = (
        images.Image(bytearray(images.image("image_fused", t))) for t in ("host", "host-small", "cortex-m-small")
    )
    assert small.data[10] == host.data[10] == struct.calcsize("P") and m_small.data[10] == 4

    def code(im: images.Image) -> list[list[int]]:
        return [im.code(f) for f in range(im.u32(36))]

    assert code(small) == code(m_small)
    assert code(small) != code(host)


def test_tool_errors(tmp_path):
    bad = tmp_path / "bad.wasm"
    bad.write_bytes(b"\0asm\1\0\0\0\x01")
    r = images.cross(bad, tmp_path / "bad.mwi")
    assert r.returncode == 1
    assert r.stderr.strip() == f"{bad}: unexpected end at offset 0x9"
    assert not (tmp_path / "bad.mwi").exists()
    build("image_small")
    r = images.cross(REPO / "build" / "wasm" / "image_small.wasm", tmp_path / "x.mwi", target="riscv")
    assert r.returncode == 2
    assert "unknown target 'riscv'" in r.stderr
    # several inputs, each to its .mwi beside it
    for n in ("arith", "image_small"):
        (tmp_path / f"{n}.wasm").write_bytes(build(n))
    r = subprocess.run(
        [str(images.tool()), "--target", "host", str(tmp_path / "arith.wasm"), str(tmp_path / "image_small.wasm")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "arith.mwi").read_bytes()[:4] == b"\0mwi"
    assert struct.unpack_from("<I", (tmp_path / "image_small.mwi").read_bytes(), 20)[0] == len(
        (tmp_path / "image_small.mwi").read_bytes()
    )


def test_names_point_into_the_image():
    """Import and export names are read in place (not copied, not
    NUL-terminated): the descriptions and a LinkError still name them."""
    img = images.image("wasi_floats")
    out = run(f"""
I = {img!r}
m = wasm.Module(I)
p(m.imports[0][:2])
p([e[0] for e in m.exports])
p(exc(wasm.Instance, m, {{}}))
""")
    assert out[0] == ("wasi_snapshot_preview1", "fd_close")
    assert out[1] == ["memory", "_start"]
    assert out[2] == ("LinkError", "unknown import: wasi_snapshot_preview1.fd_close: expected func (i32) -> (i32)")


# A trap that passes through three functions of trap_where (tests/programs/trap_where.wat).
TRAP = (
    TRAP_FIELDS
    + """
def trap(m):
    e = wasm.Instance(m, {'env': {'cb': abs}}).exports
    return [t(e.run, 0, 0), t(e.run, 0, 2), t(e.deep, 3)]
"""
)
TRAP_NAMED = "integer divide by zero in function 1 'div' (called from 2 'mid' <- 3 'run')"
TRAP_BARE = "integer divide by zero in function 1 (called from 2 <- 3)"
# (the .wasm's, which the module borrows: where in each function, too)
TRAP_AT = "integer divide by zero in function 1 'div' at 0x6e (called from 2 'mid' at 0x7b <- 3 'run' at 0xaf)"


def test_traps_in_an_image_name_their_functions(tmp_path):
    """An image keeps the module's function names (wasm-cross, by default): a
    trap from it says what the .wasm's says, and e.func/e.trace are the
    same, from bytes, a bytearray and a file; the names are read in place
    (Module.ram as without them); --strip-names leaves them out, and its
    traps name indices as a module without names does."""
    named, stripped = images.image("trap_where"), images.image("trap_where", strip_names=True)
    assert len(named) > len(stripped) and images.Image(bytearray(named)).names()[:3] == [
        (0, b"cb"),
        (1, b"div"),
        (2, b"mid"),
    ]
    path = tmp_path / "tw.mwi"
    path.write_bytes(named)
    out = run(
        TRAP
        + f"""
I, S = {named!r}, {stripped!r}
p(trap(wasm.Module(TRAP_WHERE)))
p(trap(wasm.Module(I)))
b = bytearray(I)
m = wasm.Module(b)
b[:] = bytes(len(b))           # copied at load: the names are in the copy
p(trap(m))
with open({str(path)!r}, 'rb') as f:
    p(trap(wasm.Module(f)))
p(trap(wasm.Module(S)))
p(trap(wasm.Module(TRAP_WHERE_PLAIN)))
p(wasm.Module(I).ram - wasm.Module(S).ram)
""",
        ("trap_where", "trap_where_plain"),
    )
    from_wasm, from_image, from_bytearray, from_file, from_stripped, plain = out[:6]
    assert from_wasm[0] == (
        TRAP_AT,
        "integer divide by zero",
        1,
        ((1, "div", None), (2, "mid", None), (3, "run", None)),
        3,
    )
    assert from_image == from_wasm == from_bytearray == from_file
    assert OFFSET.sub("", from_image[0][0]) == TRAP_NAMED
    assert from_stripped == plain and OFFSET.sub("", from_stripped[0][0]) == TRAP_BARE
    assert from_stripped[0][3] == ((1, None, None), (2, None, None), (3, None, None))
    assert out[6] == 0  # names cost the image's bytes, no RAM


def test_an_image_says_where_each_frame_stopped(tmp_path):
    """An image's offset map (wasm-cross, by default; image.h): its traps
    name the byte offsets in the .wasm its .wasm's traps name, e.offsets and
    e.offset too, from bytes, a bytearray and a file, read in place
    (Module.ram as without it); --strip-offsets leaves it out: the same
    message without ' at 0x..', e.offsets all None."""
    with_map, without = images.image("trap_where"), images.image("trap_where", strip_offsets=True)
    im = images.Image(bytearray(with_map))
    assert len(with_map) - len(without) == im.u32(68) > 0
    assert images.Image(bytearray(without)).u32(64) == images.Image(bytearray(without)).u32(68) == 0
    # div's i32.div_u: its op's end unit in the map, the .wasm's offset
    assert (0x6E in [at for _, at in im.offset_map()[0]]) and len(im.offset_map()) == 10
    path = tmp_path / "tw.mwi"
    path.write_bytes(with_map)
    out = run(
        """
def where(m):
    e = wasm.Instance(m, {'env': {'cb': abs}}).exports
    out = []
    for f, a in ((e.run, (0, 0)), (e.run, (0, 2)), (e.deep, (3,))):
        try:
            f(*a)
        except wasm.Trap as x:
            out.append((str(x), x.offset, x.offsets, x.trace))
    return out
"""
        + f"""
I, S = {with_map!r}, {without!r}
p(where(wasm.Module(TRAP_WHERE)))
p(where(wasm.Module(I)))
p(where(wasm.Module(bytearray(I))))
with open({str(path)!r}, 'rb') as f:
    p(where(wasm.Module(f)))
p(where(wasm.Module(S)))
p(wasm.Module(I).ram - wasm.Module(S).ram)
""",
        ("trap_where",),
    )
    from_wasm, from_image, from_bytearray, from_file, stripped, ram = out
    assert from_wasm[0][:3] == (TRAP_AT, 0x6E, (0x6E, 0x7B, 0xAF))
    assert from_image == from_wasm == from_bytearray == from_file
    assert [(OFFSET.sub("", m), None, (None,) * len(tr), tr) for m, _, _, tr in from_wasm] == stripped
    assert ram == 0  # the map costs the image's bytes, no RAM


def test_bad_offset_maps():
    """The offset map is checked like the names: each function's length
    inside the part, its entries whole, each unit on the end of an op of
    its function's code, each offset at or after its function's body, no
    bytes after the last function's; each refusal at the entry (or length)
    it found wrong. A damaged map is an error, never a wrong offset."""
    ok = images.Image(bytearray(images.image("trap_where")))
    at, funcs = ok.u32(64), ok.offset_map()
    body = [ok.func(i)[4] for i in range(len(funcs))]

    def entries(i: int, pairs: list[tuple[int, int]]) -> bytes:
        out, unit, offset = b"", 0, body[i]
        for u, o in pairs:
            out += images.leb(u - unit) + images.leb(o - offset, signed=True)
            unit, offset = u, o
        return out

    good = [entries(i, f) for i, f in enumerate(funcs)]
    f = next(i for i, pairs in enumerate(funcs) if len(pairs) >= 2)  # a function with two entries
    (u0, o0), (u1, o1) = funcs[f][:2]
    first = at + sum(len(images.leb(len(g))) + len(g) for g in good[:f])  # f's length's offset
    entry = first + len(images.leb(len(good[f])))  # f's first entry
    # an op of f longer than one unit: a unit inside it is no op's end
    inside = next(k + 1 for k, op, _ in ok.instructions(f) if k + 1 not in {k2 for k2, _, _ in ok.instructions(f)})
    end, unit, offset = (
        "image offset map: an entry runs past its part",
        "image offset map: unit not at the end of an op of its function",
        "image offset map: offset before its function's body",
    )
    extra = "image offset map: bytes after the last function's entries"
    code_len = ok.func(f)[1]

    def with_f(raw: bytes) -> bytes:
        return images.Image.map_bytes(good[:f] + [raw] + good[f + 1 :])

    cases = [
        (images.Image.map_bytes(good), None),  # the map as written
        (images.Image.map_bytes(good[:-1]), (end, at + sum(len(images.leb(len(g))) + len(g) for g in good[:-1]))),
        (images.Image.map_bytes(good) + b"\0", (extra, at + len(images.Image.map_bytes(good)))),
        (with_f(entries(f, [(u0, o0)]) + b"\x81"), (end, entry + len(entries(f, [(u0, o0)])))),  # an entry cut
        (with_f(entries(f, [(u0, o0), (u0, o1)])), (unit, entry + len(entries(f, [(u0, o0)])))),  # unit again
        (with_f(entries(f, [(code_len + 1, o0)])), (unit, entry)),  # past the code
        (with_f(entries(f, [(inside, o0)])), (unit, entry)),  # inside an op
        (with_f(entries(f, [(u0, body[f] - 1)])), (offset, entry)),  # before the body
        # the length of f's entries past the map's end
        (images.Image.map_bytes(good[:f]) + images.leb(9999) + good[f], (end, first)),
    ]
    data = []
    for raw, _ in cases:
        im = images.Image(bytearray(ok.data))
        im.set_map(raw)
        data.append(im.seal())
    # the part's offset or length outside the image: at the offset field (0x40)
    for field, value in ((64, ok.u32(20) + 1), (68, ok.u32(20)), (64, 0xFFFFFFFF)):
        im = images.Image(bytearray(ok.data))
        im.set_u32(field, value)
        data.append(im.seal())
    out = run(f"for d in {data!r}:\n    p(exc(wasm.Module, d))\n")
    want = [None if e is None else ("CompileError", f"{e[0]} at offset 0x{e[1]:x}") for _, e in cases]
    want += [("CompileError", "image section offset or length out of range at offset 0x40")] * 3
    assert out == want
    assert inside not in [u for u, _ in funcs[f]] and inside < code_len


def names_error(im: images.Image, raw: bytes) -> tuple:
    im.set_names(raw)
    return load_error(im.seal())


def test_bad_names():
    """The names part is checked like every other part: inside the image, a
    count and entries that end where it ends, indices increasing and inside
    the function space, names UTF-8; each refusal at the entry's offset."""

    def entry(i: int, name: bytes) -> bytes:
        return bytes([i, len(name)]) + name

    def names(*entries: bytes, count: int | None = None) -> bytes:
        return bytes([len(entries) if count is None else count]) + b"".join(entries)

    ok = images.Image(bytearray(images.image("trap_where")))
    at, nfuncs = ok.u32(56), 11  # one import, ten defined functions
    assert load_error(bytes(ok.data)) is None
    good = [entry(0, b"cb"), entry(1, b"div"), entry(10, b"last")]
    im = images.Image(bytearray(ok.data))
    assert names_error(im, names(*good)) is None
    end = "image function names: an entry runs past their part"
    order = "image function names: index out of order or out of range"
    extra, utf8 = "image function names: bytes after the last entry", "malformed UTF-8 encoding"
    one = len(good[0]) + 1  # the second entry's offset in the part
    cases = [
        (names(*good, count=4), end, 1 + sum(map(len, good))),  # a count past the entries
        (names(good[0], bytes([1, 9]) + b"div"), end, one),  # a name past the part
        (names(good[0], b"\x81"), end, one),  # an index cut in its LEB128
        (b"\x80", end, 0),  # the count cut
        (names(good[1], good[0]), order, len(good[1]) + 1),  # indices out of order
        (names(good[0], entry(0, b"again")), order, one),  # twice the same
        (names(good[0], entry(nfuncs, b"x")), order, one),  # past the function space
        (names(good[0], entry(1, b"d\xffv")), utf8, one),  # not UTF-8
        (names(good[0], entry(1, b"\xed\xa0\x80")), utf8, one),  # a surrogate
        (names(*good) + b"\0", extra, 1 + sum(map(len, good))),  # a byte after the last entry
    ]
    for raw, msg, off in cases:
        im = images.Image(bytearray(ok.data))
        assert names_error(im, raw) == ("CompileError", f"{msg} at offset 0x{at + off:x}"), raw
    # an empty map (count 0) loads: no names, indices in traps
    im = images.Image(bytearray(ok.data))
    im.set_names(b"\0")
    assert load_error(im.seal()) is None
    # the part's offset or length outside the image: at the offset field (0x38)
    for field, value in ((56, ok.u32(20) + 1), (60, ok.u32(60) + 1), (56, 0xFFFFFFFF)):
        im = images.Image(bytearray(ok.data))
        im.set_u32(field, value)
        assert load_error(im.seal()) == (
            "CompileError",
            "image section offset or length out of range at offset 0x38",
        ), (field, value)


def test_tool_leaves_out_names_the_loader_would_refuse(tmp_path):
    """A .wasm whose name map is out of order still loads (a name section's
    errors are no load errors, spec 7.4), but the loader refuses such names
    in an image: wasm-cross writes the image without them and says why."""
    wasm = bytes.fromhex(
        "0061736d01000000"
        "010401600000"  # type () -> ()
        "03030200 00".replace(" ", "")  # two functions
        + "0a070202000b02000b"  # their bodies: end
        + "000e046e616d65"  # custom section "name"
        + "0107020101620001 61".replace(" ", "")  # function names: 1 "b", then 0 "a"
    )
    src = tmp_path / "unsorted.wasm"
    src.write_bytes(wasm)
    r = images.cross(src, tmp_path / "unsorted.mwi")
    assert r.returncode == 0, r.stderr
    entry = wasm.index(bytes.fromhex("000161"))
    assert r.stderr == (
        f"{src}: warning: function names left out: image function names: index out of order or out of range"
        f" at offset 0x{entry:x}\n"
    )
    img = (tmp_path / "unsorted.mwi").read_bytes()
    assert struct.unpack_from("<II", img, 56) == (0, 0)
    assert "names 0 bytes" in r.stdout
    assert load_error(img) is None
