# SPDX-License-Identifier: MIT
"""Clock trees, UART pins and UF2 images as board data (scripts/boardcfg/clocks.py, pins.py, scripts/uf2.py).

Each rule is broken once, starting from a shipped real board, and the error must
name the board, the field and the rule; the shipped trees must give the clocks
their board files claim, with the register values the C clock drivers write.
"""

from __future__ import annotations

import dataclasses
import struct

import pytest

import uf2
from boardcfg import Board, BoardConfigError, generate, load_board, validate
from boardcfg.clocks import Rp2350Clock, Stm32f4Clock, stm32_flash_ws_needed

MHz = 1_000_000


def replace(obj, **changes):
    return dataclasses.replace(obj, **changes)


@pytest.fixture(scope="module")
def pyb() -> Board:
    return load_board("pyboard_v11")


@pytest.fixture(scope="module")
def nucleo() -> Board:
    return load_board("nucleo_f446re")


@pytest.fixture(scope="module")
def pico() -> Board:
    return load_board("pico2")


def expect_error(board: Board, field: str, rule: str) -> str:
    with pytest.raises(BoardConfigError) as info:
        validate(board)
    msg = str(info.value)
    assert f"board {board.name!r}" in msg, msg
    assert f"{field}:" in msg, msg
    assert f"(rule: {rule})" in msg, msg
    return msg


def with_clock(board: Board, **changes) -> Board:
    return replace(board, clock=replace(board.clock, **changes))


# --- the shipped trees ----------------------------------------------------------


def test_pyboard_runs_at_168_mhz_from_its_12_mhz_crystal(pyb: Board):
    c = pyb.clock
    assert (c.hse_hz, c.pll_in_hz, c.vco_hz, c.sysclk_hz) == (12 * MHz, 1 * MHz, 336 * MHz, 168 * MHz)
    assert (c.apb_hz(1), c.apb_hz(2), c.vco_hz // c.pllq) == (42 * MHz, 84 * MHz, 48 * MHz)
    assert pyb.clock_hz == 168 * MHz and not c.overdrive
    h = generate(pyb)["board_config.h"]
    # RCC_PLLCFGR: M 12, N 336 << 6, P 2 -> 0 << 16, HSE source bit 22, Q 7 << 24, bit 29 as at reset
    assert f"#define MPWASM_STM32_PLLCFGR (0x{12 | 336 << 6 | 1 << 22 | 7 << 24 | 2 << 28:08x}u)" in h
    # RCC_CFGR: AHB /1, APB1 /4 (0b101 << 10), APB2 /2 (0b100 << 13)
    assert f"#define MPWASM_STM32_CFGR (0x{5 << 10 | 4 << 13:08x}u)" in h
    assert "#define MPWASM_STM32_FLASH_ACR (0x00000705u)" in h  # 5 WS, prefetch, I and D caches
    # the UART's baud divisor divides APB2, not the core clock
    assert "#define MPWASM_UART_CLOCK_HZ (84000000u)" in h
    assert "BOARD_CLOCK_DRIVER = stm32f4\n" in generate(pyb)["board.mk"]


def test_nucleo_runs_at_180_mhz_with_overdrive(nucleo: Board):
    c = nucleo.clock
    assert (c.sysclk_hz, c.apb_hz(1), c.apb_hz(2)) == (180 * MHz, 45 * MHz, 90 * MHz)
    assert c.overdrive and c.hse_bypass
    h = generate(nucleo)["board_config.h"]
    assert "#define MPWASM_STM32_OVERDRIVE (1)" in h and "#define MPWASM_STM32_HSE_BYPASS (1)" in h
    assert f"#define MPWASM_STM32_PLLCFGR (0x{4 | 180 << 6 | 1 << 22 | 8 << 24 | 2 << 28:08x}u)" in h
    assert "#define MPWASM_UART_CLOCK_HZ (45000000u)" in h  # USART2 is on APB1
    # its REPL pins are routed from tx/rx: GPIOA and USART2 clocks, PA2/PA3 to AF7, pull-up on PA3
    assert "X(0x40023830u, 0x00000001u, 0x00000001u)" in h  # RCC AHB1ENR GPIOA
    assert "X(0x40023840u, 0x00020000u, 0x00020000u)" in h  # RCC APB1ENR USART2
    assert "X(0x40020020u, 0x0000ff00u, 0x00007700u)" not in h  # one write per pin, not merged
    assert "X(0x40020020u, 0x00000f00u, 0x00000700u)" in h  # AFRL PA2 = AF7
    assert "X(0x40020020u, 0x0000f000u, 0x00007000u)" in h  # AFRL PA3 = AF7
    assert "X(0x4002000cu, 0x000000c0u, 0x00000040u)" in h  # PUPDR PA3 pull-up


def test_pico2_runs_at_150_mhz(pico: Board):
    c = pico.clock
    assert (c.vco_hz, c.sysclk_hz) == (1500 * MHz, 150 * MHz)
    h = generate(pico)["board_config.h"]
    assert "#define MPWASM_UART_CLOCK_HZ (150000000u)" in h
    assert "#define MPWASM_RP2350_PLL_FBDIV (125u)" in h
    # GP0/GP1: pads out of isolation, FUNCSEL 2 (UART) in IO_BANK0 GPIOn_CTRL
    assert "X(0x4002800cu, 0x0000001fu, 0x00000002u)" in h  # GPIO1_CTRL
    assert "X(0x40038008u, 0x00000148u, 0x00000048u)" in h  # PADS GPIO1: ISO off, IE and pull-up on
    mk = generate(pico)["board.mk"]
    assert "BOARD_EXTRA_SRC = ports/cortexm/boot_rp2350.c\n" in mk
    assert "BOARD_UF2_FAMILY = 0xe48bff59\n" in mk


def test_qemu_boards_keep_their_clock():
    for name in ("mps2_an385", "netduinoplus2", "lm3s6965evb", "mps3_an547"):
        b = load_board(name)
        assert b.clock is None, name
        assert "BOARD_CLOCK_DRIVER = none\n" in generate(b)["board.mk"]


# --- STM32F4 limits ---------------------------------------------------------------


def test_sysclk_above_chip_maximum(pyb: Board):
    # N 360 -> VCO 360, SYSCLK 180 MHz: fine on the F446, not on the F405
    msg = expect_error(with_clock(pyb, plln=360, pllq=8), "clock.pllp", "stm32-sysclk-max")
    assert "168 MHz" in msg


def test_pll_input_range(pyb: Board):
    expect_error(with_clock(pyb, pllm=24, plln=400), "clock.pllm", "stm32-pll-input-range")  # 0.5 MHz
    expect_error(with_clock(pyb, pllm=1), "clock.pllm", "stm32-pllm-range")


def test_vco_range(pyb: Board):
    # N 90 at 1 MHz: VCO 90 MHz, below 100
    expect_error(replace(with_clock(pyb, plln=90), clock_hz=45 * MHz), "clock.plln", "stm32-vco-range")
    expect_error(with_clock(pyb, plln=40), "clock.plln", "stm32-plln-range")


def test_hse_range_and_bypass(pyb: Board):
    expect_error(with_clock(pyb, hse_hz=30 * MHz, pllm=30), "clock.hse_hz", "stm32-hse-range")
    expect_error(with_clock(pyb, hse_hz=None, hse_bypass=True, pllm=16), "clock.hse_bypass", "stm32-hse-bypass")


def test_pllp_and_q(pyb: Board):
    expect_error(with_clock(pyb, pllp=3), "clock.pllp", "stm32-pllp-value")
    expect_error(with_clock(pyb, pllq=6), "clock.pllq", "stm32-pll48-max")  # 56 MHz
    expect_error(with_clock(pyb, pllq=1), "clock.pllq", "stm32-pllq-range")


def test_bus_maxima(pyb: Board, nucleo: Board):
    msg = expect_error(with_clock(pyb, apb1_div=2), "clock.apb1_div", "stm32-apb-max")  # 84 > 42
    assert "42 MHz" in msg
    expect_error(with_clock(nucleo, apb2_div=1), "clock.apb2_div", "stm32-apb-max")  # 180 > 90
    expect_error(with_clock(pyb, apb2_div=3), "clock.apb2_div", "stm32-apb-div")
    expect_error(with_clock(pyb, ahb_div=3), "clock.ahb_div", "stm32-ahb-div")


def test_flash_wait_states_per_voltage(pyb: Board):
    msg = expect_error(with_clock(pyb, flash_ws=4), "clock.flash_ws", "stm32-flash-wait-states")
    assert "needs 5" in msg
    # at 2.5 V the same 168 MHz needs 7 (24 MHz per wait state)
    expect_error(with_clock(pyb, vdd_mv=2500), "clock.flash_ws", "stm32-flash-wait-states")
    validate(with_clock(pyb, vdd_mv=2500, flash_ws=7))
    assert stm32_flash_ws_needed(replace(pyb.clock, vdd_mv=1900)) == 8  # more than the F405 has (7)
    expect_error(with_clock(pyb, vdd_mv=1900, flash_ws=7), "clock.flash_ws", "stm32-flash-wait-states")
    expect_error(with_clock(pyb, vdd_mv=1200), "clock.vdd_mv", "stm32-vdd-range")
    # edges at 3.3 V, 30 MHz per wait state: 120 MHz from the HSI, then /2 and /4 on the AHB
    c = Stm32f4Clock("stm32f405", None, 16, 240, 2, 5, flash_ws=0)
    assert [stm32_flash_ws_needed(replace(c, ahb_div=d)) for d in (1, 2, 4)] == [3, 1, 0]


def test_clock_hz_must_match_the_tree(pyb: Board):
    expect_error(replace(pyb, clock_hz=16 * MHz), "clock_hz", "clock-matches-tree")


def test_unknown_chip(pyb: Board):
    expect_error(with_clock(pyb, chip="stm32f999"), "clock.chip", "known-chip")


# --- UART pins and baud ------------------------------------------------------------


def test_uart_on_a_pin_that_cannot_carry_it(nucleo: Board):
    msg = expect_error(replace(nucleo, uart=replace(nucleo.uart, tx="PA9")), "uart.tx", "uart-pin")
    assert "PA2" in msg  # says which pins can
    expect_error(replace(nucleo, uart=replace(nucleo.uart, rx="PB7")), "uart.rx", "uart-pin")


def test_uart_instance_must_exist(nucleo: Board):
    expect_error(replace(nucleo, uart=replace(nucleo.uart, instance="USART9")), "uart.instance", "known-uart-instance")


def test_rp2350_uart_pins(pico: Board):
    expect_error(replace(pico, uart=replace(pico.uart, tx="GP2")), "uart.tx", "uart-pin")
    validate(replace(pico, uart=replace(pico.uart, tx="GP12", rx="GP13")))


def test_uart_clock_from_tree_must_agree(nucleo: Board):
    expect_error(replace(nucleo, uart=replace(nucleo.uart, clock_hz=90 * MHz)), "uart.clock_hz", "uart-clock-tree")


def test_baud_rate_error(nucleo: Board):
    msg = expect_error(replace(nucleo, uart=replace(nucleo.uart, baud=2_100_000)), "uart.baud", "uart-baud-error")
    assert "off" in msg
    expect_error(replace(nucleo, uart=replace(nucleo.uart, baud=5_000_000)), "uart.baud", "uart-baud-range")


# --- RP2350 limits -------------------------------------------------------------------


def test_rp2350_limits(pico: Board):
    expect_error(with_clock(pico, fbdiv=100, postdiv1=4, postdiv2=1), "clock.postdiv1", "rp2350-sysclk-max")  # 300
    expect_error(replace(with_clock(pico, fbdiv=50), clock_hz=60 * MHz), "clock.fbdiv", "rp2350-vco-range")
    expect_error(with_clock(pico, fbdiv=400), "clock.fbdiv", "rp2350-fbdiv-range")
    expect_error(with_clock(pico, refdiv=3), "clock.refdiv", "rp2350-pll-ref-min")  # 4 MHz reference
    expect_error(with_clock(pico, postdiv2=8), "clock.postdiv2", "rp2350-postdiv-range")
    expect_error(with_clock(pico, xosc_hz=60 * MHz), "clock.xosc_hz", "rp2350-xosc-range")
    expect_error(replace(pico, clock_hz=125 * MHz), "clock_hz", "clock-matches-tree")
    # 125 MHz: VCO 1500 / 6 / 2
    validate(replace(with_clock(pico, postdiv1=6), clock_hz=125 * MHz))
    assert isinstance(pico.clock, Rp2350Clock)


# --- UF2 ----------------------------------------------------------------------------------


def test_uf2_blocks():
    data = bytes(range(256)) * 2 + b"xyz"
    out = uf2.to_uf2(data, 0x1000_0000, 0xE48BFF59)
    assert len(out) == 3 * 512
    for n in range(3):
        block = out[n * 512 : (n + 1) * 512]
        m0, m1, flags, addr, size, no, count, family = struct.unpack("<8I", block[:32])
        assert (m0, m1, flags, size, no, count, family) == (0x0A324655, 0x9E5D5157, 0x2000, 256, n, 3, 0xE48BFF59)
        assert addr == 0x1000_0000 + 256 * n
        assert block[32 : 32 + 256] == data[256 * n : 256 * (n + 1)].ljust(256, b"\0")
        assert struct.unpack("<I", block[508:])[0] == 0x0AB16F30
    with pytest.raises(ValueError, match="multiple of 256"):
        uf2.to_uf2(data, 0x1000_0010, 0xE48BFF59)
