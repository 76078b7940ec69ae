# SPDX-License-Identifier: MIT
"""Precompiled module images on the boards (docs/images.md).

Every board: an image made for its engine (wasm-cross --target cortex-m, or
cortex-m-small for the small profile: lm3s6965evb, wasm.mpy) is loaded from
bytes over the REPL and runs, a host image is refused with its message, and
the firmware without WASM_FROZEN lists no frozen images. On a small-profile
engine a cortex-m image holding the full profile's fused ops is refused with
the message that names the target to make it for, and that target's image
runs.

Every board: an image keeps the module's function names and its offset map;
a trap from it names the functions and the .wasm's byte offsets (e.offsets)
on the full profile, indices and no offsets on the small one.

netduinoplus2 (~90 KiB of heap): the printf WASI program wasi_floats with its
full 64 KiB memory cannot load from its .wasm there (lowered, its code takes
~49 KiB beside the binary: MemoryError, lazy or not), and runs from a frozen
image: a variant of the board's firmware, build/netduinoplus2-frozen, with
wasi_floats, image_small and trap_where linked in (`make firmware WASM_FROZEN=`): the
objects of build/netduinoplus2 are copied (the same flags) and only the
image table is compiled and linked, about 4 s, then booted in its own QEMU;
a trap in the frozen trap_where names its functions and offsets.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from cases.wasi_cases import SINK
from conftest import BOOT_TIMEOUT_S, booted, exec_or_memory_error, memory_error_below_case_heap
from raw_repl import DeviceError, send_bytes
from support import images
from support.build import build

if TYPE_CHECKING:
    from conftest import Repl

ROOT = Path(__file__).resolve().parents[2]
FROZEN_BOARD = "netduinoplus2"
FROZEN = ("image_small", "trap_where", "wasi_floats")  # (wasm.frozen() lists them by name)
# What wasi_floats prints, on the host and on every board (floats bit for bit).
FLOATS_OUT = b"3.142 0.3 -1.234568e+04 0.3333333333\n0.000000 inf -0 2.67\n"

SMALL = """
i = wasm.Instance(M, memory_limit=4096)   # lm3s6965evb: a 64 KiB page does not fit
print(i.exports.sum(10), i.exports.twice(21), i.exports.via_table(0, 4), i.exports.via_table(1, 4),
      i.exports.peek(16), M.ram, M.lowered)
"""

# Runs wasi_floats from module M with its declared memory (one 64 KiB page,
# no memory_limit) and prints its output, the module's RAM and the heap.
RUN_FLOATS = (
    "import gc\n"
    + SINK
    + """
o = Sink()
w = wasm.WASI(args=['floats'], stdout=o)
i = wasm.Instance(M, wasi=w)
try:
    w.start(i)
except wasm.Exit as e:
    print('exit', e.args)
print(repr(o.value()))
print(len(i.exports.memory), M.ram)
"""
)


def cortex_target(repl: Repl, wasm_source: str) -> str:
    """wasm-cross's target for the board's engine (images.board_target)."""
    return images.board_target(repl.board.profile, wasm_source)


def test_image_from_bytes(repl: Repl, wasm_source: str):
    small = images.image("image_small", target=cortex_target(repl, wasm_source))
    host = images.image("image_small", target="host")
    out = exec_or_memory_error(repl, f"import wasm\nM = wasm.Module({small!r})\n" + SMALL)
    if out is None:  # below conftest.CASE_HEAP (wasm.mpy on netduinoplus2): the clean MemoryError
        return
    out = out.split()
    assert out[:5] == ["50", "42", "8", "11", str(ord("i"))]
    assert int(out[5]) < 1024  # metadata only: code and data stay in the bytes
    with pytest.raises(DeviceError) as e:
        repl.exec(f"wasm.Module({host!r})")
    assert e.value.exc_type == "CompileError"
    assert e.value.message == "image built for another target (word size, byte order or code unit) at offset 0xa"
    assert repl.exec("print(wasm.frozen())").strip() == "[]"
    repl.exec("del M\nimport gc\ngc.collect()")


def test_image_streamed_over_the_repl(repl: Repl, wasm_source: str):
    """An image read by wasm.Module from a stream the host feeds over the REPL
    (RawRepl.exec_stream): the image in the Module's one block, no copy staged
    on the board (the held-out programs' images larger than a board's
    filesystem load so: tests/hil/test_real_programs_board.py); it runs as
    the same image sent as bytes does (test_image_from_bytes)."""
    small = images.image("image_small", target=cortex_target(repl, wasm_source))
    out = None
    with memory_error_below_case_heap(repl):  # (wasm.mpy on netduinoplus2: the clean MemoryError)
        repl.raw.exec_stream(f"import wasm\nM = wasm.Module(_Rx({len(small)}))", small, timeout=60)
        out = repl.exec("import wasm\n" + SMALL, timeout=60)
    if out is None:
        return
    out = out.split()
    assert out[:5] == ["50", "42", "8", "11", str(ord("i"))]
    assert int(out[5]) < 1024  # metadata only: code and data in the block read
    repl.exec("del M\nimport gc\ngc.collect()")


# A trap through three functions of trap_where from module M: its message,
# e.func and e.trace, the module's RAM and e.offsets.
TRAP = """
e = wasm.Instance(M, {'env': {'cb': abs}}, memory_limit=1024).exports
try:
    e.run(0, 0)
except wasm.Trap as x:
    print(repr((str(x), x.func, x.trace, M.ram, getattr(x, 'offsets', 'absent'))))
e = None
"""
TRAP_NAMED = (
    "integer divide by zero in function 1 'div' (called from 2 'mid' <- 3 'run')",
    1,
    ((1, "div", None), (2, "mid", None), (3, "run", None)),
)
TRAP_BARE = (
    "integer divide by zero in function 1 (called from 2 <- 3)",
    1,
    ((1, None, None), (2, None, None), (3, None, None)),
)
# the full profile's with the offset map: where each frame stopped in the .wasm
OFFSETS = (0x6E, 0x7B, 0xAF)
TRAP_NAMED_AT = (
    "integer divide by zero in function 1 'div' at 0x6e (called from 2 'mid' at 0x7b <- 3 'run' at 0xaf)",
    *TRAP_NAMED[1:],
)
TRAP_BARE_AT = ("integer divide by zero in function 1 at 0x6e (called from 2 at 0x7b <- 3 at 0xaf)", *TRAP_BARE[1:])


def test_image_traps_name_functions(repl: Repl, wasm_source: str):
    """An image keeps the module's function names and offset map
    (wasm-cross's defaults): the full profile's engine names the functions
    of a trap and the .wasm's offsets, as for the .wasm, read in place
    (Module.ram as the image without them); the small profile's
    (lm3s6965evb, wasm.mpy: no names, no offsets, docs/images.md) loads the
    same image and names indices, and its Trap has no e.offsets."""
    target = cortex_target(repl, wasm_source)
    named, stripped = (images.image("trap_where", target=target, strip_names=s) for s in (False, True))
    unmapped = images.image("trap_where", target=target, strip_offsets=True)
    assert len(named) > len(stripped)
    got = []
    for img in (named, stripped, unmapped):
        out = exec_or_memory_error(repl, f"import wasm\nM = wasm.Module({img!r})\n" + TRAP + "M = None\n")
        if out is None:  # below conftest.CASE_HEAP (wasm.mpy on netduinoplus2): the clean MemoryError
            return
        got.append(ast.literal_eval(out.strip()))
    small = target == "cortex-m-small"
    if small:  # (wasm-cross-small writes no map: the engine finds no offsets)
        assert len(named) == len(unmapped)
        assert [g[:3] + g[4:] for g in got] == [(*TRAP_BARE, "absent")] * 3  # (no e.offsets there)
    else:
        assert got[0][:3] + got[0][4:] == (*TRAP_NAMED_AT, OFFSETS)
        assert got[1][:3] + got[1][4:] == (*TRAP_BARE_AT, OFFSETS)
        assert got[2][:3] + got[2][4:] == (*TRAP_NAMED, (None,) * 3)
    assert got[0][3] == got[1][3] == got[2][3]  # Module.ram: the names and the map cost no RAM
    repl.exec("import gc\ngc.collect()")


FUSED = "print(i.exports.mad(7, 6, 5), i.exports.div7(-50), i.exports.mask(0x1234))"


def test_fused_ops_image(repl: Repl, wasm_source: str):
    target = cortex_target(repl, wasm_source)
    own = images.image("image_fused", target=target)
    out = exec_or_memory_error(repl, f"import wasm\ni = wasm.Instance(wasm.Module({own!r}))\n" + FUSED)
    if out is None:  # below conftest.CASE_HEAP (wasm.mpy on netduinoplus2): the clean MemoryError
        return
    assert out.split() == ["47", "-7", str(0x34)]
    if target == "cortex-m-small":
        # the full profile's lowering made I32_MUL_ADD, I32_DIV_S_IMM,
        # I64_AND_IMM there: this engine has no handler for them
        full = images.image("image_fused", target="cortex-m")
        try:
            out = exec_or_memory_error(repl, f"wasm.Module({full!r})")  # below CASE_HEAP: or MemoryError
        except DeviceError as e:
            assert e.exc_type == "CompileError"
            want = "image holds a full-profile fused op: use wasm-cross --target cortex-m-small or host-small"
            assert e.message.startswith(want + " at offset 0x"), e.message
        else:
            assert out is None, f"the full profile's image was not refused: {out!r}"
    repl.exec("i = None\nimport gc\ngc.collect()")


def test_frozen_images(hil_board: str, wasm_source: str, request: pytest.FixtureRequest, tmp_path: Path):
    if wasm_source == "natmod":
        # wasm.mpy has no frozen images: they live in a firmware's flash
        # (docs/natmod.md); the frozen variant below is the built-in module's
        repl = request.getfixturevalue("repl")
        out = repl.exec("import wasm\nprint(wasm.frozen(), hasattr(wasm.Module, 'frozen'))")
        assert out == "[] False\n"
        return
    if hil_board != FROZEN_BOARD:
        # one board builds and boots the frozen variant (it costs a link and a
        # boot); on the others the firmware without WASM_FROZEN has none
        repl = request.getfixturevalue("repl")
        out = repl.exec(
            "import wasm\nprint(wasm.frozen())\ntry:\n    wasm.Module.frozen('x')\n"
            "except ValueError as e:\n    print(e)"
        )
        assert out.splitlines() == ["[]", "no frozen image 'x' (wasm.frozen() lists them)"]
        return
    if request.config.getoption("port"):
        pytest.fail(
            "the frozen-image firmware runs in QEMU here; flash it with make flash WASM_FROZEN=... "
            "to test a real board",
            pytrace=False,
        )
    try:
        elf = images.frozen_firmware(hil_board, FROZEN, sys.executable)
    except FileNotFoundError as e:
        pytest.fail(str(e), pytrace=False)
    with booted(hil_board, elf, tmp_path) as raw:
        assert raw.exec("import wasm, gc\nprint(wasm.frozen())").strip() == str(list(FROZEN))
        out = raw.exec("M = wasm.Module.frozen('image_small')\n" + SMALL).split()
        assert out == ["50", "42", "8", "11", str(ord("i")), out[5], "(5,", "5)"]
        assert int(out[5]) < 1024
        # a trap in a frozen image names its functions and offsets, read in
        # place from flash: Module.ram as the image without names loaded from bytes
        out = raw.exec("M = wasm.Module.frozen('trap_where')\n" + TRAP)
        frozen = ast.literal_eval(out.strip())
        assert frozen[:3] + frozen[4:] == (*TRAP_NAMED_AT, OFFSETS)
        stripped = images.image("trap_where", target="cortex-m", strip_names=True)
        out = raw.exec(f"M = wasm.Module({stripped!r})\n" + TRAP + "M = None\ngc.collect()\n")
        assert ast.literal_eval(out.strip()) == (*TRAP_BARE_AT, frozen[3], OFFSETS)
        with pytest.raises(DeviceError) as e:
            raw.exec("wasm.Module.frozen('nope')")
        assert e.value.exc_type == "ValueError"
        assert e.value.message == "no frozen image 'nope' (wasm.frozen() lists them)"
        # the printf program: from its .wasm it does not fit, lazy or not ...
        data = build("wasi_floats")
        raw.soft_reset(BOOT_TIMEOUT_S)  # each part on the whole heap
        raw.exec(f"import wasm, gc\n_b = bytearray({len(data)})\n_v = memoryview(_b)")
        send_bytes(raw, data, 1024)
        for lazy in (False, True):
            with pytest.raises(DeviceError) as e:
                raw.exec(f"M = wasm.Module(_b, lazy={lazy})\n" + RUN_FLOATS, timeout=60)
            assert e.value.exc_type == "MemoryError", (lazy, e.value)
            raw.exec("for _k in ('M', 'w', 'i', 'o'):\n    globals().pop(_k, None)\ngc.collect()")
        raw.soft_reset(BOOT_TIMEOUT_S)
        raw.exec("import wasm, gc")
        # ... and from the frozen image it runs with its whole 64 KiB memory
        out = raw.exec(
            "gc.collect()\nf0 = gc.mem_free()\nM = wasm.Module.frozen('wasi_floats')\n"
            "gc.collect()\nprint(f0 - gc.mem_free())\n" + RUN_FLOATS,
            timeout=120,
        ).splitlines()
        module_heap, output, (memory, ram) = int(out[0]), out[1], out[2].split()
        assert output == repr(FLOATS_OUT)
        assert int(memory) == 65536
        assert int(ram) < 4096  # metadata only: the code stays in flash
        assert module_heap < 4096
        print(f"{hil_board}: wasi_floats frozen: Module.ram {ram} B, heap for the module {module_heap} B")
