# SPDX-License-Identifier: MIT
"""Board configurations: every shipped board validates and generates; every rule rejects a bad board.

Bad boards are built from a good one with dataclasses.replace, one rule each;
the error must name the board, the field or region, and the rule.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import types
from pathlib import Path
from typing import get_args

import pytest

from boardcfg import (
    MPU_FIXED_REGIONS,
    Board,
    BoardConfigError,
    Cpu,
    Memory,
    Qemu,
    Region,
    RegWrite,
    Storage,
    Uart,
    all_boards,
    board_names,
    generate,
    load_board,
    stm32_pin_af,
    stm32_rcc_enable,
    validate,
    write_generated,
)
from boardcfg.validate import MIN_HEAP

ROOT = Path(__file__).resolve().parents[2]

KiB = 1024
# Every folder of boards/ with a board.py, found here on its own (not by the loader): a new
# board needs no line in this file.
SHIPPED = sorted(p.name for p in (ROOT / "boards").iterdir() if (p / "board.py").is_file())
REAL = tuple(n for n in SHIPPED if load_board(n).qemu is None)  # real boards: a flash tool, no QEMU


def replace(obj, **changes):
    return dataclasses.replace(obj, **changes)


@pytest.fixture(scope="module")
def v7() -> Board:
    return load_board("mps2_an385")


@pytest.fixture(scope="module")
def v8() -> Board:
    return load_board("mps2_an505")


def expect_error(board: Board, field: str, rule: str) -> BoardConfigError:
    with pytest.raises(BoardConfigError) as info:
        validate(board)
    err = info.value
    msg = str(err)
    assert f"board {board.name!r}" in msg, msg
    assert field in msg, msg
    assert f"(rule: {rule})" in msg, msg
    assert err.rule == rule
    return err


# --- shipped boards ------------------------------------------------------------


def test_shipped_boards_are_listed():
    assert board_names() == SHIPPED


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_board_validates_and_generates(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    board = load_board(name)
    assert board.name == name
    files = generate(board)
    assert set(files) == {"board_config.h", "board.mk", "memory.ld", "fits.ld", "board.py", "manifest.py"}
    for fname, text in files.items():
        assert "SPDX-License-Identifier: MIT" in text.splitlines()[0], fname
        assert "generated" in text and "do not edit" in text, fname
    h = files["board_config.h"]
    assert f'#define MPWASM_BOARD_NAME "{name}"' in h
    assert f"#define MPWASM_UART_IRQ ({board.uart.irq})" in h
    assert f"#define MPWASM_NUM_REGIONS ({len(board.regions)})" in h
    mk = files["board.mk"]
    assert f"BOARD_UART_DRIVER = {board.uart.kind}\n" in mk
    assert f"-mcpu={board.cpu.core} -mthumb" in mk
    ld = files["memory.ld"]
    assert f"ORIGIN = 0x{board.ram.base:08x}, LENGTH = 0x{board.ram.size:08x}" in ld
    assert "_mpwasm_stack_size" in ld
    # the frozen module is plain Python MicroPython can run: execute it here, with a
    # stand-in for the port's C module _board (it provides MemoryFault and view)
    stub = types.ModuleType("_board")
    stub.MemoryFault = type("MemoryFault", (Exception,), {})
    stub.view = lambda name: memoryview(bytearray(16))
    monkeypatch.setitem(sys.modules, "_board", stub)
    scope: dict = {}
    exec(files["board.py"], scope)  # exec: our own generated text
    assert scope["NAME"] == name
    assert {r: (v.base, v.size, v.access) for r, v in scope["regions"].items()} == {
        r.name: (r.base, r.size, r.access) for r in board.regions
    }
    assert files["manifest.py"].rstrip().endswith('module("board.py")')
    # written once, then left alone when nothing changed
    assert len(write_generated(board, tmp_path)) == 6
    assert write_generated(board, tmp_path) == []


def test_qemu_boards_have_regions_of_every_access():
    for board in all_boards():
        if board.qemu is not None:
            assert {r.access for r in board.regions} >= {"rw", "ro", "none"}, board.name


def test_cflags_per_fpu():
    mk = {b.name: generate(b)["board.mk"] for b in all_boards()}
    assert "-mcpu=cortex-m3 -mthumb -mfloat-abi=soft" in mk["mps2_an385"]
    assert "-mcpu=cortex-m7 -mthumb -mfpu=fpv5-d16 -mfloat-abi=hard" in mk["mps2_an500"]
    assert "-mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard" in mk["netduinoplus2"]
    assert "BOARD_ARCH = armv8m" in mk["mps2_an505"]
    # the M55: ARMv8.1-M, whose FPU and MVE GCC picks from -mcpu; binutils 2.40 needs -march instead
    assert "BOARD_ARCH = armv8m" in mk["mps3_an547"]
    assert "BOARD_CFLAGS_CPU = -mcpu=cortex-m55 -mthumb -mfpu=auto -mfloat-abi=hard" in mk["mps3_an547"]
    assert "BOARD_AFLAGS_CPU = -march=armv8.1-m.main+fp.dp+mve.fp -mthumb -mfloat-abi=hard" in mk["mps3_an547"]
    assert "BOARD_AFLAGS_CPU = -mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard" in mk["netduinoplus2"]
    assert "BOARD_UART_DRIVER = pl011" in mk["lm3s6965evb"]
    assert "BOARD_QEMU_MACHINE =\n" in mk["pyboard_v11"]
    assert "BOARD_FLASH_TOOL = dfu-util" in mk["pyboard_v11"]


def test_init_writes_x_macro():
    h = generate(load_board("pyboard_v11"))["board_config.h"]
    # RCC AHB1ENR bit 1 (GPIOB), APB2ENR bit 4 (USART1), PB6/PB7 AF7 in AFRL
    assert "X(0x40023830u, 0x00000002u, 0x00000002u)" in h
    assert "X(0x40023844u, 0x00000010u, 0x00000010u)" in h
    assert "X(0x40020420u, 0x0f000000u, 0x07000000u)" in h
    assert "X(0x40020420u, 0xf0000000u, 0x70000000u)" in h
    assert "#define MPWASM_INIT_WRITES(X)\n" in generate(load_board("mps2_an385"))["board_config.h"]


def test_stm32_helpers():
    assert stm32_rcc_enable("GPIOA") == (RegWrite(0x40023830, 1, 1, "RCC: clock on for GPIOA"),)
    afr, moder = stm32_pin_af("A", 10, 7)  # PA10: AFRH nibble 2, MODER bits 21:20
    assert (afr.addr, afr.mask, afr.value) == (0x40020024, 0xF00, 0x700)
    assert (moder.addr, moder.mask, moder.value) == (0x40020000, 0x3 << 20, 0x2 << 20)
    with pytest.raises(ValueError, match="unknown peripheral"):
        stm32_rcc_enable("USART9")


# --- the CLI -----------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_board.py"), *args],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_lists_and_generates(tmp_path: Path):
    assert run_cli("--list").stdout.split() == SHIPPED
    assert run_cli("--list-qemu").stdout.split() == [n for n in SHIPPED if n not in REAL]
    out = tmp_path / "gen"
    assert run_cli("--board", "mps2_an385", "--out", str(out)).returncode == 0
    assert (out / "board_config.h").is_file()
    before = (out / "memory.ld").stat().st_mtime_ns
    assert run_cli("--board", "mps2_an385", "--out", str(out)).returncode == 0
    assert (out / "memory.ld").stat().st_mtime_ns == before


def test_cli_unknown_board_names_known_ones(tmp_path: Path):
    r = run_cli("--board", "no_such_board", "--out", str(tmp_path))
    assert r.returncode == 2
    assert "no_such_board" in r.stderr and "mps2_an385" in r.stderr and "known-board" in r.stderr
    assert not any(tmp_path.iterdir())


# --- the link checks that the firmware fits (generated fits.ld) -------------------

# A stand-in for the firmware: a vector table, a reset handler, and BYTES of code-like
# constants and zeroed data, linked by the port's own sections.ld over a board's generated files.
LINK_PROBE = """
extern char _estack;
void Reset_Handler(void) { for (;;) {} }
__attribute__((section(".isr_vector"), used)) const void *const vectors[2] = {&_estack, Reset_Handler};
__attribute__((used)) const char text[FLASH_BYTES] = {1};
__attribute__((used)) char bss[BSS_BYTES];
"""


def link_probe(board: Board, tmp_path: Path, flash_bytes: int, bss_bytes: int) -> subprocess.CompletedProcess:
    gen = tmp_path / "gen"
    write_generated(board, gen)
    src = tmp_path / "probe.c"
    src.write_text(LINK_PROBE)
    cmd = ["arm-none-eabi-gcc", "-mcpu=cortex-m3", "-mthumb", "-nostdlib", "-nostartfiles", "-Os"]
    cmd += [f"-DFLASH_BYTES={flash_bytes}", f"-DBSS_BYTES={bss_bytes}", "-T", "sections.ld", f"-L{gen}"]
    cmd += ["-o", str(tmp_path / "probe.elf"), str(src)]
    return subprocess.run(cmd, cwd=ROOT / "ports" / "cortexm", capture_output=True, text=True, timeout=60, check=False)


def test_firmware_too_big_for_flash_fails_the_link_naming_the_board(tmp_path: Path):
    # mps2_an511's 256 KiB of code memory: the full profile's ~300 KB firmware would not fit
    board = load_board("mps2_an511")
    assert link_probe(board, tmp_path, 200 * KiB, 1 * KiB).returncode == 0
    r = link_probe(board, tmp_path, board.flash.size, 1 * KiB)  # the table alone is the whole flash
    assert r.returncode != 0
    want = "board 'mps2_an511': flash.size: 0x40000 (256 KiB) is too small for the firmware's code and data"
    assert f"{want} (rule: firmware-fits-flash)" in r.stderr, r.stderr


def test_data_and_bss_that_leave_no_heap_fail_the_link_naming_the_board(tmp_path: Path):
    board = load_board("mps2_an511")  # 128 KiB of ram, a 16 KiB stack
    r = link_probe(board, tmp_path, 1 * KiB, board.ram.size - board.stack_size - MIN_HEAP + 64)
    assert r.returncode != 0
    assert "board 'mps2_an511': ram.size: 0x20000 (128 KiB) leaves under 16 KiB of heap" in r.stderr, r.stderr
    assert "(rule: ram-holds-heap)" in r.stderr
    assert link_probe(board, tmp_path, 1 * KiB, board.ram.size - board.stack_size - MIN_HEAP).returncode == 0


# --- board files: missing, unknown fields ------------------------------------

GOOD_FILE = """
from boardcfg.schema import Board, Cpu, Memory, Qemu, Uart
BOARD = Board(
    name="tmp_board",
    description="test",
    cpu=Cpu("cortex-m3"),
    {clock}
    num_irqs=32,
    memories=(Memory(0, 0x10000, "rom"), Memory(0x20000000, 0x10000, "ram")),
    flash=Memory(0, 0x10000),
    ram=Memory(0x20000000, 0x10000),
    stack_size=0x1000,
    uart=Uart("cmsdk", 0x40004000, irq=0),
    qemu=Qemu("mps2-an385"),
    {extra}
)
"""


def write_board(tmp_path: Path, clock: str = "clock_hz=25_000_000,", extra: str = "") -> Path:
    d = tmp_path / "tmp_board"
    d.mkdir()
    (d / "board.py").write_text(GOOD_FILE.format(clock=clock, extra=extra))
    return tmp_path


def test_board_file_good(tmp_path: Path):
    assert load_board("tmp_board", write_board(tmp_path)).clock_hz == 25_000_000


def test_board_file_missing_field(tmp_path: Path):
    with pytest.raises(BoardConfigError, match=r"board 'tmp_board': clock_hz: .*\(rule: missing-field\)"):
        load_board("tmp_board", write_board(tmp_path, clock=""))


def test_board_file_unknown_field(tmp_path: Path):
    with pytest.raises(BoardConfigError, match=r"board 'tmp_board': colour: .*\(rule: unknown-field\)"):
        load_board("tmp_board", write_board(tmp_path, extra='colour="red",'))


def test_board_file_name_must_match_folder(tmp_path: Path):
    write_board(tmp_path)
    (tmp_path / "other").mkdir()
    (tmp_path / "tmp_board" / "board.py").rename(tmp_path / "other" / "board.py")
    with pytest.raises(BoardConfigError, match=r"board 'other': name: .*\(rule: name-matches-folder\)"):
        load_board("other", tmp_path)


def test_unknown_board(tmp_path: Path):
    with pytest.raises(BoardConfigError, match=r"known boards: lm3s6965evb, mps2_an385, .*\(rule: known-board\)"):
        load_board("nope")


# --- one case per rule ---------------------------------------------------------


def test_bad_types(v7: Board):
    expect_error(replace(v7, clock_hz="25MHz"), "clock_hz", "type")
    expect_error(replace(v7, stack_size=True), "stack_size", "type")
    expect_error(replace(v7, cpu=replace(v7.cpu, fpu=3)), "cpu.fpu", "type")
    expect_error(replace(v7, regions=[*v7.regions]), "regions", "type")
    expect_error(replace(v7, regions=(*v7.regions, "x")), "regions[3]", "type")
    expect_error(replace(v7, uart=replace(v7.uart, baud=115200.0)), "uart.baud", "type")


def test_name_format(v7: Board):
    expect_error(replace(v7, name="MPS2-AN385"), "name", "name-format")


def test_description_required(v7: Board):
    expect_error(replace(v7, description=""), "description", "required")


def test_description_ascii(v7: Board):
    expect_error(replace(v7, description="caf\u00e9 board"), "description", "ascii")
    expect_error(replace(v7, description="two\nlines"), "description", "ascii")


def test_address_space(v7: Board):
    top = Memory(0xFFFF_F000, 0x2000, "top")  # runs past 4 GiB
    expect_error(replace(v7, memories=(*v7.memories, top)), "memories['top']", "address-space")
    expect_error(with_region(v7, Region("x", 0xFFFF_F000, 8 * KiB, "rw")), "regions['x']", "address-space")


def test_unknown_core(v7: Board):
    expect_error(replace(v7, cpu=Cpu("cortex-m0")), "cpu.core", "known-core")


def test_unknown_fpu(v7: Board):
    expect_error(replace(v7, cpu=Cpu("cortex-m7", "quad")), "cpu.fpu", "known-fpu")


def test_known_values_are_the_schemas(v7: Board):
    # the validator names what is allowed from schema.py's Literal types, not a copy
    from boardcfg import schema

    def known(err: BoardConfigError) -> str:
        return str(err).split("(known: ", 1)[1].split(")", 1)[0]

    core = expect_error(replace(v7, cpu=Cpu("cortex-m0")), "cpu.core", "known-core")
    assert known(core) == ", ".join(get_args(schema.Core))
    fpu = expect_error(replace(v7, cpu=Cpu("cortex-m7", "quad")), "cpu.fpu", "known-fpu")
    assert known(fpu) == ", ".join(repr(v) for v in (None, *get_args(get_args(schema.Fpu)[0])))
    bad_access = with_region(v7, Region("x", 0x2102_0000, 4 * KiB, "wo"))
    access = expect_error(bad_access, "regions['x'].access", "known-access")
    assert known(access) == ", ".join(repr(v) for v in get_args(schema.Access))


@pytest.mark.parametrize(
    "core,fpu", [("cortex-m3", "sp"), ("cortex-m4", "dp"), ("cortex-m33", "dp")], ids=["m3-sp", "m4-dp", "m33-dp"]
)
def test_fpu_not_on_core(v7: Board, core: str, fpu: str):
    err = expect_error(replace(v7, cpu=Cpu(core, fpu)), "cpu.fpu", "fpu-for-core")
    assert core in str(err)


@pytest.mark.parametrize(
    "core,fpu",
    [("cortex-m4", "sp"), ("cortex-m7", "sp"), ("cortex-m7", "dp"), ("cortex-m55", "dp"), ("cortex-m55", None)],
)
def test_fpu_allowed_on_core(v7: Board, core: str, fpu: str):
    validate(replace(v7, cpu=Cpu(core, fpu)))


def test_clock_positive(v7: Board):
    expect_error(replace(v7, clock_hz=0), "clock_hz", "positive")


def test_num_irqs_range(v7: Board):
    expect_error(replace(v7, num_irqs=0), "num_irqs", "num-irqs-range")
    expect_error(replace(v7, num_irqs=497), "num_irqs", "num-irqs-range")
    validate(replace(v7, num_irqs=496))


def test_unknown_uart_kind(v7: Board):
    expect_error(replace(v7, uart=replace(v7.uart, kind="ns16550")), "uart.kind", "known-uart")
    validate(replace(v7, uart=replace(v7.uart, kind="pl011")))


def test_unknown_profile(v7: Board):
    expect_error(replace(v7, profile="tiny"), "profile", "known-profile")
    assert "#define MPWASM_PROFILE_SMALL (1)" in generate(replace(v7, profile="small"))["board_config.h"]
    assert "#define MPWASM_PROFILE_SMALL (0)" in generate(v7)["board_config.h"]


def test_uart_irq_range(v7: Board):
    # start-1 / start / end / end+1
    expect_error(replace(v7, uart=replace(v7.uart, irq=-1)), "uart.irq", "irq-range")
    validate(replace(v7, uart=replace(v7.uart, irq=0)))
    validate(replace(v7, uart=replace(v7.uart, irq=v7.num_irqs - 1)))
    expect_error(replace(v7, uart=replace(v7.uart, irq=v7.num_irqs)), "uart.irq", "irq-range")


def test_uart_base_aligned(v7: Board):
    expect_error(replace(v7, uart=replace(v7.uart, base=0x40004002)), "uart.base", "aligned")


def test_sizes_positive(v7: Board):
    expect_error(replace(v7, ram=Memory(v7.ram.base, 0)), "ram.size", "positive")
    expect_error(replace(v7, stack_size=0), "stack_size", "positive")


def test_memory_aligned(v7: Board):
    expect_error(replace(v7, flash=Memory(0x2, 0x1000)), "flash", "aligned")


def test_memory_inside_memory_map(v7: Board):
    expect_error(replace(v7, ram=Memory(0x3000_0000, 0x1000)), "ram", "inside-memory-map")


def test_memories_required_unique_no_overlap(v7: Board):
    expect_error(replace(v7, memories=()), "memories", "required")
    m = v7.memories
    expect_error(replace(v7, memories=(*m, Memory(0x6000_0000, 0x1000, m[0].name))), "memories", "unique-name")
    expect_error(replace(v7, memories=(*m, Memory(0x6000_0000, 0x1000))), "memories[", "required")
    overlapping = Memory(m[0].base + 0x1000, 0x1000, "inside_ssram1")
    err = expect_error(replace(v7, memories=(*m, overlapping)), "memories['inside_ssram1']", "no-overlap")
    assert f"0x1000..0x2000 overlaps memories[{m[0].name!r}] {m[0].base:#x}..{m[0].end:#x}" in str(err)


def test_ram_flash_overlap(v7: Board):
    expect_error(replace(v7, ram=Memory(v7.flash.base + 0x1000, 0x10000)), "ram", "ram-flash-overlap")


def test_stack_fits_ram(v7: Board):
    expect_error(replace(v7, stack_size=v7.ram.size), "stack_size", "stack-fits-ram")
    validate(replace(v7, stack_size=v7.ram.size - MIN_HEAP))


def test_ram_holds_a_heap_beside_the_stack(v7: Board):
    # what the link's "RAM too small" assert found only after a whole build, named here up front
    err = expect_error(replace(v7, stack_size=v7.ram.size - MIN_HEAP + 8), "ram.size", "ram-holds-heap")
    assert f"{v7.ram.size:#x}" in str(err)
    small = replace(v7, ram=Memory(v7.ram.base, 24 * KiB), stack_size=16 * KiB)  # an 8 KiB heap at most
    expect_error(small, "ram.size", "ram-holds-heap")


def test_stack_aligned(v7: Board):
    expect_error(replace(v7, stack_size=0x1004), "stack_size", "stack-aligned")


def test_init_write_rules(v7: Board):
    def bad(w: RegWrite) -> Board:
        return replace(v7, init_writes=(w,))

    validate(bad(RegWrite(0x40023830, 0x2, 0x2, "ok")))
    expect_error(bad(RegWrite(0x40023831, 0x2, 0x2, "x")), "init_writes[0].addr", "aligned")
    expect_error(bad(RegWrite(0x40023830, 0, 0, "x")), "init_writes[0].mask", "mask-32bit")
    expect_error(bad(RegWrite(0x40023830, 1 << 32, 0, "x")), "init_writes[0].mask", "mask-32bit")
    expect_error(bad(RegWrite(0x40023830, 0x2, 0x3, "x")), "init_writes[0].value", "value-in-mask")
    expect_error(bad(RegWrite(0x40023830, 0x2, 0x2, "")), "init_writes[0].why", "required")


def test_init_write_to_a_register_qemu_does_not_map():
    """netduino2's QEMU maps no RCC (session 38 found it by a silent hang: a BusFault before
    the UART works); netduinoplus2's maps the STM32F4 RCC as an unimplemented device."""
    f2 = load_board("netduino2")
    err = expect_error(replace(f2, init_writes=stm32_rcc_enable("USART1")), "init_writes[0].addr", "init-write-mapped")
    assert "0x40023844" in str(err) and "netduino2" in str(err), err
    validate(replace(load_board("netduinoplus2"), init_writes=stm32_rcc_enable("USART1")))
    # the last word of a mapped range is mapped; the word after it is not (mps2-an385: 0x40000000..0x40200100)
    validate(replace(load_board("mps2_an385"), init_writes=(RegWrite(0x4020_00FC, 1, 1, "last"),)))
    expect_error(
        replace(load_board("mps2_an385"), init_writes=(RegWrite(0x4020_0100, 1, 1, "past"),)),
        "init_writes[0].addr",
        "init-write-mapped",
    )


def test_flash_where_the_core_does_not_boot(v7: Board):
    """mps2_an511's core reads its vectors from the block RAM at 0; the 8 MiB SSRAM1 at
    0x00400000 is another memory there (on mps2_an385 it is an alias of the RAM at 0): session
    38's newboard found it by a silent hang."""
    an511 = load_board("mps2_an511")
    moved = replace(an511, flash=Memory(0x0040_0000, 256 * KiB))
    err = expect_error(moved, "flash.base", "flash-at-boot")
    assert "0x400000: mps2-an511's core reads its vectors at reset from 0x0" in str(err), err
    # a real board: its chip's (STM32F4 flash at 0x08000000, aliased at 0)
    f4 = load_board("pyboard_v11")
    expect_error(replace(f4, flash=Memory(0x0804_0000, 128 * KiB)), "flash.base", "flash-at-boot")
    # a QEMU machine no board used before needs its rows
    expect_error(replace(v7, qemu=Qemu("mps2-an386")), "qemu.machine", "known-qemu-machine")


def test_qemu_maps_match_qemu():
    """qemu_maps.py's IO rows are what this machine's QEMU maps (python3
    scripts/boardcfg/qemu_maps.py MACHINE prints them)."""
    from boardcfg import qemu_maps

    for machine in ("netduino2", "lm3s6965evb"):
        assert tuple(qemu_maps.io_ranges(qemu_maps.dump(machine))) == qemu_maps.IO[machine], machine


def test_runnable(v7: Board):
    expect_error(replace(v7, qemu=None, flash_tool=None), "qemu", "runnable")
    validate(replace(v7, qemu=None, flash_tool="openocd", storage=None))


def test_qemu_machine_name(v7: Board):
    expect_error(replace(v7, qemu=Qemu("MPS2 AN385")), "qemu.machine", "qemu-machine")


def test_qemu_ci_suite(v7: Board):
    expect_error(replace(v7, qemu=Qemu("mps2-an385", ci="some")), "qemu.ci", "known-ci-suite")
    validate(replace(v7, qemu=Qemu("mps2-an385", ci="smoke")))
    # the boards CI runs whole are the ones every session's work was measured on
    assert {b.name for b in all_boards() if b.qemu is not None and b.qemu.ci == "full"} >= {
        "mps2_an385",
        "netduinoplus2",
        "lm3s6965evb",
    }


def test_known_flash_tool(v7: Board):
    expect_error(replace(v7, flash_tool="jlink"), "flash_tool", "known-flash-tool")


# --- regions -------------------------------------------------------------------


def with_region(board: Board, region: Region) -> Board:
    return replace(board, regions=(*board.regions, region))


def test_region_unique_name(v7: Board):
    r = v7.regions[0]
    expect_error(with_region(v7, replace(r, base=0x2102_0000, size=4 * KiB)), f"regions[{r.name!r}]", "unique-name")


def test_region_name_format(v7: Board):
    expect_error(with_region(v7, Region("Bad Name", 0x2102_0000, 4 * KiB, "rw")), "regions['Bad Name']", "name-format")


def test_region_unknown_access(v7: Board):
    expect_error(with_region(v7, Region("x", 0x2102_0000, 4 * KiB, "wo")), "regions['x'].access", "known-access")


def test_region_guard_not_executable(v7: Board):
    r = Region("x", 0x2102_0000, 4 * KiB, "none", executable=True)
    expect_error(with_region(v7, r), "regions['x'].executable", "guard-not-executable")


def test_region_size_positive(v8: Board):
    expect_error(with_region(v8, Region("x", 0x3822_0000, 0, "rw")), "regions['x'].size", "positive")


def test_regions_overlap_each_other(v7: Board):
    first = v7.regions[0]
    r = Region("x", first.base, 4 * KiB, "ro")
    err = expect_error(with_region(v7, r), "regions['x']", "no-overlap")
    # both spans, as the values the board file holds
    assert f"{r.base:#x}..{r.end:#x} overlaps regions[{first.name!r}] {first.base:#x}..{first.end:#x}" in str(err)


def test_region_outside_memory_map(v7: Board):
    # 0x30000000 is in no memory bank of the AN385
    expect_error(with_region(v7, Region("x", 0x3000_0000, 4 * KiB, "rw")), "regions['x']", "inside-memory-map")


def test_region_straddles_memory_bank_end(v7: Board, v8: Board):
    # AN385 block RAM is 16 KiB: an aligned 32 KiB region at its base runs past its end
    expect_error(with_region(v7, Region("x", 0x0100_0000, 32 * KiB, "rw")), "regions['x']", "inside-memory-map")
    ssram3 = next(m for m in v8.memories if m.name == "ssram3")
    expect_error(with_region(v8, Region("x", ssram3.end - 32, 64, "rw")), "regions['x']", "inside-memory-map")
    validate(with_region(v8, Region("x", ssram3.end - 64, 64, "rw")))


def test_region_overlaps_micropython_ram(v7: Board):
    # the last 4 KiB of MicroPython's RAM: heap and stack live there
    r = Region("x", v7.ram.end - 4 * KiB, 4 * KiB, "rw")
    expect_error(with_region(v7, r), "regions['x']", "outside-ram")


def test_region_overlaps_flash(v7: Board):
    expect_error(with_region(v7, Region("x", 0, 4 * KiB, "ro")), "regions['x']", "outside-flash")


def test_region_v7m_power_of_two(v7: Board):
    expect_error(with_region(v7, Region("x", 0x2102_0000, 3 * KiB, "rw")), "regions['x'].size", "mpu-v7m-size")
    expect_error(with_region(v7, Region("x", 0x2102_0000, 16, "rw")), "regions['x'].size", "mpu-v7m-size")
    validate(with_region(v7, Region("x", 0x2102_0000, 32, "rw")))


def test_region_v7m_base_aligned_to_size(v7: Board):
    r = Region("x", 0x2102_1000, 8 * KiB, "rw")
    expect_error(with_region(v7, r), "regions['x'].base", "mpu-v7m-base-aligned")
    validate(with_region(v7, replace(r, base=0x2102_2000)))


def test_region_v8m_granule(v8: Board):
    # 96 bytes at a 32-byte boundary is fine on ARMv8-M, though not a power of two
    validate(with_region(v8, Region("x", 0x3822_0020, 96, "rw")))
    expect_error(with_region(v8, Region("x", 0x3822_0010, 96, "rw")), "regions['x']", "mpu-v8m-granule")
    expect_error(with_region(v8, Region("x", 0x3822_0020, 100, "rw")), "regions['x']", "mpu-v8m-granule")


def regions_in(base: int, n: int, size: int) -> tuple[Region, ...]:
    return tuple(Region(f"r{i}", base + i * size, size, "rw") for i in range(n))


def test_region_count_v7m(v7: Board):
    fits = 8 - MPU_FIXED_REGIONS["armv7m"]
    validate(replace(v7, regions=regions_in(0x2100_0000, fits, 4 * KiB)))
    err = expect_error(replace(v7, regions=regions_in(0x2100_0000, fits + 1, 4 * KiB)), "regions", "mpu-region-count")
    assert "armv7m" in str(err)


def test_region_count_v8m(v8: Board):
    fits = 16 - MPU_FIXED_REGIONS["armv8m"]
    validate(replace(v8, regions=regions_in(0x3820_0000, fits, 4 * KiB)))
    expect_error(replace(v8, regions=regions_in(0x3820_0000, fits + 1, 4 * KiB)), "regions", "mpu-region-count")
    # `none` regions are holes on ARMv8-M: they take no MPU region
    guards = tuple(replace(r, name=f"g{i}", access="none") for i, r in enumerate(regions_in(0x3822_0000, 4, 4 * KiB)))
    validate(replace(v8, regions=regions_in(0x3820_0000, fits, 4 * KiB) + guards))


def test_region_count_v7m_counts_guards(v7: Board):
    fits = 8 - MPU_FIXED_REGIONS["armv7m"]
    regions = regions_in(0x2100_0000, fits, 4 * KiB)
    guard = (Region("g", 0x2100_0000 + fits * 4 * KiB, 4 * KiB, "none"),)
    expect_error(replace(v7, regions=regions + guard), "regions", "mpu-region-count")


def test_not_a_board():
    with pytest.raises(BoardConfigError, match=r"BOARD: .*\(rule: type\)"):
        validate(Uart("cmsdk", 0x40004000, 0))  # type: ignore[arg-type]


def test_region_attributes_are_checked_and_generated(v7: Board):
    dma = Region("dma", 0x2102_0000, 4 * KiB, "rw", cacheable=False, shareable=True)
    h = generate(with_region(v7, dma))["board_config.h"]
    assert 'X("dma", 0x21020000u, 0x00001000u, MPWASM_ACCESS_RW, 0, 0, 1)' in h
    bad = with_region(v7, Region("dma", 0x2102_0000, 4 * KiB, "rw", cacheable="no"))  # type: ignore[arg-type]
    expect_error(bad, "regions['dma'].cacheable", "type")


# --- storage -------------------------------------------------------------------


@pytest.fixture(scope="module")
def f4() -> Board:
    return load_board("pyboard_v11")


def test_storage_is_optional(v7: Board):
    h = generate(replace(v7, storage=None))["board_config.h"]
    assert "#define MPWASM_STORAGE (0)" in h


def test_storage_generated(v7: Board, f4: Board):
    h = generate(v7)["board_config.h"]
    assert "#define MPWASM_STORAGE_SEMIHOSTING (1)" in h
    assert "#define MPWASM_STORAGE_SIZE (0x00100000u)" in h
    assert "BOARD_STORAGE = semihosting" in generate(v7)["board.mk"]
    assert "STORAGE = ('semihosting', 1048576, 4096)" in generate(v7)["board.py"]
    h = generate(f4)["board_config.h"]
    assert "#define MPWASM_STORAGE_BASE (0x08060000u)" in h
    assert "#define MPWASM_STORAGE_BLOCK_SIZE (0x00020000u)" in h


def test_storage_kind(v7: Board):
    expect_error(replace(v7, storage=Storage("sdcard", 1024 * KiB, 4 * KiB)), "storage.kind", "known-storage")


def test_storage_block_size(v7: Board):
    validate(replace(v7, storage=Storage("semihosting", 4 * 128, 128)))  # start: the smallest block
    expect_error(replace(v7, storage=Storage("semihosting", 4 * 64, 64)), "storage.block_size", "storage-block-size")
    expect_error(
        replace(v7, storage=Storage("semihosting", 3000 * 4, 3000)), "storage.block_size", "storage-block-size"
    )


def test_storage_whole_blocks_and_minimum(v7: Board):
    expect_error(
        replace(v7, storage=Storage("semihosting", 4 * 4096 + 16, 4096)), "storage.size", "storage-whole-blocks"
    )
    expect_error(replace(v7, storage=Storage("semihosting", 3 * 4096, 4096)), "storage.size", "storage-min-blocks")
    validate(replace(v7, storage=Storage("semihosting", 4 * 4096, 4096)))
    expect_error(replace(v7, storage=Storage("semihosting", 0, 4096)), "storage.size", "positive")


def test_semihosting_needs_qemu_and_no_base(v7: Board):
    expect_error(replace(v7, qemu=None, flash_tool="openocd"), "storage.kind", "semihosting-needs-qemu")
    expect_error(
        replace(v7, storage=Storage("semihosting", 1024 * KiB, 4 * KiB, base=0x2100_0000)), "storage.base", "no-base"
    )


def test_flash_storage_inside_memory_map(f4: Board):
    st = f4.storage
    assert st is not None
    # the last sector ends at the end of the 1 MiB bank: end + 1 block is outside
    validate(f4)
    expect_error(replace(f4, storage=replace(st, size=st.size + st.block_size)), "storage", "inside-memory-map")


def test_flash_storage_aligned_to_erase_block(f4: Board):
    st = f4.storage
    assert st is not None
    expect_error(replace(f4, storage=replace(st, base=st.base + 4 * KiB)), "storage.base", "storage-aligned")
    expect_error(replace(f4, storage=replace(st, base=st.base - 16)), "storage.base", "storage-aligned")


def test_flash_storage_outside_firmware(f4: Board):
    st = f4.storage
    assert st is not None
    # one byte of overlap (firmware flash ends at the storage's base + 1) is refused; touching is fine
    err = expect_error(replace(f4, flash=Memory(0x0800_0000, st.base - 0x0800_0000 + 4)), "storage", "outside-flash")
    assert "0x8060000..0x8100000" in str(err)
    validate(replace(f4, flash=Memory(0x0800_0000, st.base - 0x0800_0000)))


def test_flash_storage_outside_ram_and_regions(v7: Board):
    # a RAM-backed "flash" kind on a QEMU map: the overlap rules are the same for any address
    ram_st = Storage("stm32f4_flash", 4 * 128 * KiB, 128 * KiB, base=0x2000_0000)
    expect_error(replace(v7, storage=ram_st), "storage", "outside-ram")
    on_region = Storage("stm32f4_flash", 4 * 128 * KiB, 128 * KiB, base=0x2100_0000)
    err = expect_error(replace(v7, storage=on_region), "storage", "no-overlap")
    assert "regions['shared']" in str(err)


def test_stm32f4_flash_uses_the_128k_sectors(f4: Board):
    st = f4.storage
    assert st is not None
    # sector 5 (0x08020000) is the first 128 KiB one: start there is fine, one block lower is not
    low = replace(f4, flash=Memory(0x0800_0000, 64 * KiB), storage=replace(st, base=0x0802_0000))
    validate(low)
    # sectors 0..4 (16/64 KiB), with the firmware moved out of their way
    in_small = replace(
        f4, flash=Memory(0x0808_0000, 64 * KiB), storage=replace(st, base=0x0800_0000, size=4 * 128 * KiB)
    )
    expect_error(in_small, "storage.base", "stm32f4-sector")
    expect_error(
        replace(f4, storage=replace(st, block_size=64 * KiB, size=10 * 64 * KiB)),
        "storage.block_size",
        "stm32f4-sector",
    )
