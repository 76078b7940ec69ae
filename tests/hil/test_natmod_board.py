# SPDX-License-Identifier: MIT
"""`import wasm` on the board, however it is obtained: the built-in module, or
(--wasm natmod) wasm.mpy from the board's filesystem on the firmware built
without it (docs/natmod.md). The module works, its RAM cost is what the
docs say, and a memory larger than the heap is a clean MemoryError. This is
the part that also fits netduinoplus2, where wasm.mpy takes ~81 KiB of its
~90 KiB heap (docs/natmod.md); on mps2_an385 `make test` also runs the wasm
REPL, WASI, shared-heap and error suites with wasm.mpy.
Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from raw_repl import DeviceError
from support import images

if TYPE_CHECKING:
    from conftest import Repl

# (func (export "add") (param i32 i32) (result i32)) and (func (export "peek")
# (param i32) (result i32) i32.load8_u), one page of memory (README.md).
APP = (
    b"\x00asm\x01\x00\x00\x00\x01\x0c\x02`\x02\x7f\x7f\x01\x7f`\x01\x7f\x01\x7f\x03\x03\x02\x00\x01\x05\x03"
    b"\x01\x00\x01\x07\x0e\x02\x03add\x00\x00\x04peek\x00\x01\n\x11\x02"
    b"\x07\x00 \x00 \x01j\x0b\x07\x00 \x00-\x00\x00\x0b"
)
# one memory of 100 pages minimum: 6.4 MB, more than any board's heap
HUGE = b"\x00asm\x01\x00\x00\x00\x05\x03\x01\x00\x64"


def test_wasm_comes_from_where_asked(repl: Repl, wasm_source: str) -> None:
    out = repl.exec("import wasm\nprint(getattr(wasm, '__file__', None), hasattr(wasm, '__natmod__'))")
    assert out == ("/lib/wasm.mpy True\n" if wasm_source == "natmod" else "None False\n")


def largest_free_run(mem_info: str) -> int:
    """The heap's largest free run in bytes, from micropython.mem_info()'s
    "max free sz" (in 16-byte blocks)."""
    line = next(line for line in mem_info.split("\n") if "max free sz:" in line)
    return int(line.split("max free sz:")[1].split(",")[0]) * 16


# What `import wasm` must leave free on a freshly reset board (docs/natmod.md,
# "RAM when loaded"): room for a small module, its instance and a shared heap
# (~2.2 KiB), 1.5 KiB of stacks (wasm.stack_size(128, 32)) and lowering's
# work buffers on the first call, ~4 KiB in all, with 2 KiB to spare.
# netduinoplus2 with wasm.mpy is the tightest (7,264 B left at 81,637 B of
# wasm.mpy, end of session 10): a wasm.mpy grown by ~1,100 B more fails here first;
# the module test below had ~1.2 KiB to spare at 81,101 B (docs/natmod.md).
FREE_AFTER_IMPORT = 6 * 1024


def test_import_holds_the_code_in_ram(repl: Repl, wasm_source: str) -> None:
    repl.soft_reset()
    out = repl.exec(
        "import gc, micropython\ngc.collect()\nf = gc.mem_free()\nimport wasm\ngc.collect()\n"
        "print(f - gc.mem_free(), gc.mem_free())\nmicropython.mem_info()"
    )
    used, free = (int(v) for v in out.split("\n")[0].split())
    run = largest_free_run(out)
    print(f"{repl.board.name}: import wasm ({wasm_source}) takes {used} B of heap, leaves {free}, largest run {run}")
    if wasm_source == "natmod":
        assert used > 50 * 1024  # the module's code is loaded into the heap (docs/natmod.md)
    else:
        assert used < 1024  # the built-in module's code stays in flash
    assert free >= FREE_AFTER_IMPORT, f"import wasm leaves {free} bytes of heap, below {FREE_AFTER_IMPORT}"


def test_module_instance_and_shared_heap(repl: Repl) -> None:
    out = repl.exec(
        # 1 KiB of the page, a 256-byte heap, and 1.5 KiB of stacks instead
        # of the default 6 (small profile) or 12: what fits beside wasm.mpy
        # on netduinoplus2 (docs/natmod.md); the sizes go back for the tests after
        "import wasm\nold = wasm.stack_size(128, 32)\n"
        f"inst = wasm.Instance(wasm.Module({APP!r}), memory_limit=1024)\n"
        "heap = wasm.SharedHeap(256)\ninst.attach(heap)\naddr = heap.malloc(64)\n"
        "heap.view(addr, 5)[:] = b'hello'\n"
        "try:\n    print(inst.exports.add(2, 3), hex(addr), chr(inst.exports.peek(addr)))\n"
        "finally:\n    inst.detach()\n    del inst, heap\n    wasm.stack_size(*old)\n"
    )
    assert out == "5 0xffffff08 h\n"


def test_stacks_that_do_not_fit_say_so(repl: Repl, wasm_source: str) -> None:
    # stacks larger than the heap the import left: the MemoryError names
    # them and what to do, never a bare one; stacks sized down with
    # wasm.stack_size() then run; the REPL lives on
    # (the instance may have made the stacks already, where the heap had
    # room: wasm.stack_size() gives them back before the heap is measured)
    repl.soft_reset()
    out = repl.exec(
        "import gc, wasm\n"
        f"inst = wasm.Instance(wasm.Module({APP!r}), memory_limit=1024)\n"
        "wasm.stack_size(*wasm.stack_size())\n"
        "gc.collect()\nslots = gc.mem_free() // 8 + 64\nwasm.stack_size(slots, 32)\nprint(slots)\n"
        "try:\n    print(inst.exports.add(2, 3))\nexcept MemoryError as e:\n    print(repr(e))\n"
        "wasm.stack_size(128, 32)\nprint(inst.exports.add(2, 3))\ndel inst\n"
    )
    slots_text, too_large, sized_down = out.split("\n")[:3]
    need = (int(slots_text) + 2) * 8 + (32 + 1) * 16  # 32-bit boards: 16-byte frames
    if images.board_target(repl.board.profile, wasm_source) != "cortex-m-small":
        need += 8 * 4  # the full profile's trap units after the frames (mw_int.h MW_FRAMES_BYTES)
    assert too_large == f"MemoryError('wasm stacks: out of memory (need {need} bytes; wasm.stack_size() sets them)',)"
    assert sized_down == "5"
    assert repl.exec("print('alive', 1 + 1)") == "alive 2\n"


# What the first call of test_default_stacks_run needs besides its stacks:
# the block lowering `add` asks for first (lower.c's work buffer, start_cap:
# "lowering function 0: out of memory (need 256 bytes)" where it did not fit,
# docs/benchmarks.md "Default stacks (session 33)").
FIRST_CALL_LOWERING = 256
# What test_default_stacks_run wants left over beside them: it fails while a
# wasm.mpy grown by this much more would still run the call, not after.
STACKS_MARGIN = 256


def default_stacks_call(repl: Repl, held: int, small: int = 0) -> tuple[int, int, int, str]:
    """After a fresh `import wasm` and a bytearray of `held` bytes kept (0:
    none), an instance of APP; the default stacks given back with
    wasm.stack_size(), `small` 8-byte bytearrays made and kept, a collection,
    then a call, which makes them again: (bytes free, the heap's largest free
    run, the bytes the stacks' two blocks take, the call's result or its
    MemoryError). The REPL lives on. Whatever is made after
    wasm.stack_size() takes the lowest free blocks first, the stacks' own
    hole included; the heap is measured after all of it (`add` bound before:
    inst.exports.add makes 48 B of objects at each lookup), so the call makes
    nothing before its stacks and the run measured is the one they find."""
    repl.soft_reset()
    out = repl.exec(
        "import gc, wasm, micropython\nslots, frames = wasm.stack_size()\n"
        f"held = bytearray({held}) if {held} else None\n"
        f"inst = wasm.Instance(wasm.Module({APP!r}), memory_limit=1024)\n"
        "wasm.stack_size(slots, frames)\n"
        + (f"small = [bytearray(8) for i in range({small})]\n" if small else "")
        + "add = inst.exports.add\ngc.collect()\nprint(gc.mem_free(), slots, frames)\nmicropython.mem_info()\n"
        "try:\n    print(add(2, 3))\nexcept MemoryError as e:\n    print(repr(e))\ndel inst, held, add\n"
    )
    lines = out.strip().split("\n")
    (free, slots, frames), result = (int(v) for v in lines[0].split()), lines[-1]
    run = largest_free_run(out)
    # each stack a block of its own, in 16-byte blocks (MicroPython's gc):
    # (slots + 2) * 8 + (frames + 1) * 16 bytes asked, 6,176 B taken by default
    blocks = -(-(slots + 2) * 8 // 16) * 16 + -(-(frames + 1) * 16 // 16) * 16
    assert repl.exec("print('alive', 1 + 1)") == "alive 2\n"
    return free, run, blocks, result


# The board wasm.mpy's room is kept on (docs/benchmarks.md's stands table, "wasm.mpy on
# netduinoplus2"): there the default stacks must run, whatever the heap, so a wasm.mpy that
# grows past the room fails here rather than passing as a board too small.
ROOM_BOARD = "netduinoplus2"


def stacks_or_clean_memory_error(repl: Repl, free: int, blocks: int, result: str) -> bool:
    """False where the call ran. True where the board cannot make the default stacks at all (the
    heap's free bytes after the instance are fewer than the stacks and the first lowering: netduino2,
    whose armv7m wasm.mpy is 79,972 B, leaves 5,936 B) and the call ended in the clean MemoryError
    naming their need; then the stacks docs/natmod.md gives such a board (wasm.stack_size(128, 32))
    run the same call. An assertion fails anywhere else, and always on ROOM_BOARD."""
    if result == "5" or repl.board.name == ROOM_BOARD or free >= blocks + FIRST_CALL_LOWERING:
        return False
    said = re.fullmatch(
        r"MemoryError\('wasm stacks: out of memory \(need (\d+) bytes; wasm.stack_size\(\) sets them\)',\)", result
    )
    assert said is not None, result
    assert int(said[1]) + FIRST_CALL_LOWERING > free, f"{free} B free held the stacks' {said[1]} B: {result}"
    out = repl.exec(
        "import wasm\nwasm.stack_size(128, 32)\n"
        f"inst = wasm.Instance(wasm.Module({APP!r}), memory_limit=1024)\n"
        "print(inst.exports.add(2, 3))\ndel inst"
    )
    assert out == "5\n"
    repl.soft_reset()  # the default stacks again for the tests after
    return True


def test_default_stacks_run(repl: Repl) -> None:
    # the default stacks (6 KiB with wasm.mpy's small profile, 12 KiB on the
    # full boards) on the first call run on every board, netduinoplus2 with
    # wasm.mpy too, where `import wasm` leaves ~9 KiB. What the call needs is
    # a run for the value stack (4,112 B) and one for the frames (2,064 B), and
    # 256 B for its first lowering; the instance made the stacks below its
    # memory and wasm.stack_size() gave them back, so they leave a run of their
    # own and the room's (modwasm.c). Until session 33 a memory that did not
    # fit beside the room and the stacks went in above the room, in the middle
    # of the heap's last run: wasm.mpy 16 B larger (78,149 B) or a 16-byte
    # bytearray held after the import made the call fail (largest run 6,160 B /
    # 6,016 B); now the room gives way first (binding.c modwasm_alloc) and
    # that run stays whole: 7,104 B at 78,205 B, 672 B over the call's needs,
    # of which the test asks STACKS_MARGIN (docs/benchmarks.md "Default
    # stacks (session 33)")
    free, run, blocks, result = default_stacks_call(repl, 0)
    margin = run - blocks - FIRST_CALL_LOWERING
    print(f"{repl.board.name}: {free} B free, largest run {run}, stacks {blocks} + lowering, margin {margin}: {result}")
    if stacks_or_clean_memory_error(repl, free, blocks, result):
        return
    assert result == "5", f"{free} B free, largest run {run} B, stacks {blocks} B: {result}"
    assert margin >= STACKS_MARGIN, f"largest run {run} B: {margin} B over {blocks} + {FIRST_CALL_LOWERING} B"


def test_default_stacks_run_after_small_objects(repl: Repl) -> None:
    # ten small objects made between wasm.stack_size() and the call (session
    # 33's probe: with the room moved into the engine they filled the stacks'
    # hole first and the call failed): the call still runs, and the margin
    # measured after them is what is left (docs/benchmarks-history.md "Loose ends
    # (session 35)": each small object costs the run its own blocks, no cliff)
    free, run, blocks, result = default_stacks_call(repl, 0, small=10)
    margin = run - blocks - FIRST_CALL_LOWERING
    print(f"{repl.board.name}: 10 small objects: {free} B free, largest run {run}, margin {margin}: {result}")
    if stacks_or_clean_memory_error(repl, free, blocks, result):
        return
    assert result == "5", f"{free} B free, largest run {run} B, stacks {blocks} B: {result}"


# The held blocks test_default_stacks_run_beside_a_held_block tries with
# wasm.mpy, up to which the largest that still runs is found (16-byte steps).
HELD_PROBE_LIMIT = 4096


def test_default_stacks_run_beside_a_held_block(repl: Repl, wasm_source: str) -> None:
    # the same with 512 B more of the heap taken after the import, as a
    # wasm.mpy 512 B larger would: the call still makes its stacks and runs.
    # Session 32's binding fails here (netduinoplus2, wasm.mpy: largest run
    # 5,680 B, the stacks' MemoryError; it passed up to 352 B held); session
    # 37's end passed up to 528 B (16 B over), session 38's up to 2,240 B
    # (docs/benchmarks.md "wasm.mpy room (session 38)"). Once the run after the
    # import holds the room, the stacks and the instance's memory, the largest
    # run measured before the call is the room's and the stacks' hole (7,200 B)
    # whatever is left above the memory, so with wasm.mpy the test also finds
    # the largest held block with which the call still runs: the margin a
    # wasm.mpy growth spends, printed (-s)
    free, run, blocks, result = default_stacks_call(repl, 512)
    print(f"{repl.board.name}: 512 B held: {free} bytes free, largest run {run}, stacks {blocks}: {result}")
    if stacks_or_clean_memory_error(repl, free, blocks, result):
        return
    assert result == "5", f"{free} B free, largest run {run} B, stacks {blocks} B: {result}"
    if wasm_source == "natmod":
        runs, fails = 512, HELD_PROBE_LIMIT
        while fails - runs > 16:
            held = (runs + fails) // 32 * 16
            runs, fails = (held, fails) if default_stacks_call(repl, held)[3] == "5" else (runs, held)
        print(f"{repl.board.name}: the call runs beside up to {runs} B held (fails at {fails})")


def test_memory_larger_than_the_heap_is_a_clean_memory_error(repl: Repl) -> None:
    with pytest.raises(DeviceError) as info:
        repl.exec(f"import wasm\nwasm.Instance(wasm.Module({HUGE!r}))")
    assert info.value.exc_type == "MemoryError"
    assert repl.exec("print('alive', 1 + 1)") == "alive 2\n"
