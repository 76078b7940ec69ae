# SPDX-License-Identifier: MIT
"""The optional `counter` field of a board (the free-running counter time.ticks_ms reads,
ports/cortexm/ticks.c): every QEMU board has one; validated (known kind, base in the
peripheral space and in no memory bank, not the UART's nor the sample timer's, a clock
ticks_ms can divide) and generated into board_config.h/board.mk; a board without it
generates MPWASM_COUNTER (0) and the counter_none driver (SysTick interrupts)."""

from __future__ import annotations

import dataclasses

import pytest

from boardcfg import Board, BoardConfigError, Counter, all_boards, generate, load_board, validate

# kind, base, counted clock of QEMU boards' counters (probed on QEMU 7.2: the board files say how);
# a board added later needs no line here: every QEMU board's counter is checked below all the same
EXPECTED = {
    "mps2_an385": ("cmsdk", 0x4000_1000, 25_000_000),
    "mps2_an500": ("cmsdk", 0x4000_1000, 25_000_000),
    "mps2_an505": ("cmsdk", 0x5000_1000, 20_000_000),
    "mps3_an547": ("sse", 0x5800_1000, 32_000_000),
    "netduinoplus2": ("stm32", 0x4000_0C00, 1_000_000_000),
    "lm3s6965evb": ("stellaris_wdt", 0x4000_0000, 12_500_000),
}


def expect_error(board: Board, field: str, rule: str) -> None:
    with pytest.raises(BoardConfigError) as info:
        validate(board)
    assert field in str(info.value) and info.value.rule == rule, str(info.value)


def with_counter(b: Board, **kw) -> Board:
    c = dict(kind="cmsdk", base=0x4000_1000)
    c.update(kw)
    return dataclasses.replace(b, counter=Counter(**c))


def test_every_qemu_board_has_a_counter() -> None:
    qemu = {b.name: b for b in all_boards() if b.qemu is not None}
    assert set(EXPECTED) <= set(qemu)
    for name, b in qemu.items():
        assert b.counter is not None, f"{name}: a QEMU board without a counter loses ticks (schema.Counter)"
        c = b.counter
        kind, base, hz = EXPECTED.get(name, (c.kind, c.base, c.clock_hz or b.clock_hz))
        assert (c.kind, c.base) == (kind, base), name
        g = generate(b)
        h = g["board_config.h"]
        assert "#define MPWASM_COUNTER (1)" in h, name
        assert f"#define MPWASM_COUNTER_BASE (0x{base:08x}u)" in h, name
        assert f"#define MPWASM_COUNTER_CLOCK_HZ ({hz}u)" in h, name
        assert f"BOARD_COUNTER = {kind}" in g["board.mk"], name


def test_counter_clock_gates_are_opened() -> None:
    """On silicon the counter's peripheral needs its clock: RCGC0 WDT on the LM3S6965, RCC APB1ENR
    TIM5EN on the STM32F405 (no-ops on QEMU, which does not gate clocks)."""
    lm3s = load_board("lm3s6965evb")
    assert any(w.addr == 0x400F_E100 and w.mask == w.value == 1 << 3 for w in lm3s.init_writes)
    nd = load_board("netduinoplus2")
    assert any(w.addr == 0x4002_3840 and w.mask == w.value == 1 << 3 for w in nd.init_writes)


def test_counter_is_optional() -> None:
    b = load_board("pyboard_v11")
    assert b.counter is None
    g = generate(b)
    assert "#define MPWASM_COUNTER (0)" in g["board_config.h"]
    assert "MPWASM_COUNTER_BASE" not in g["board_config.h"]
    assert "BOARD_COUNTER = none" in g["board.mk"]


def test_counter_rules() -> None:
    v7 = load_board("mps2_an385")
    expect_error(with_counter(v7, kind="systick"), "counter.kind", "known-counter")
    expect_error(with_counter(v7, base=0x4000_1002), "counter.base", "peripheral-address")
    expect_error(with_counter(v7, base=0x2000_0000), "counter.base", "peripheral-address")
    expect_error(with_counter(v7, base=0xE000_E010), "counter.base", "peripheral-address")
    expect_error(with_counter(v7, base=v7.uart.base), "counter.base", "counter-not-uart")
    expect_error(with_counter(v7, base=v7.timer.base), "counter.base", "counter-not-timer")
    expect_error(with_counter(v7, clock_hz=0), "counter.clock_hz", "positive")
    expect_error(with_counter(v7, clock_hz=12_345_678), "counter.clock_hz", "counter-clock")
    validate(with_counter(v7, clock_hz=12_500_000))  # a whole number of kHz: 12.5 MHz is fine
    nd = load_board("netduinoplus2")
    expect_error(
        with_counter(nd, kind="stm32", base=0x4000_0C00, clock_hz=12_500_000), "counter.clock_hz", "counter-clock"
    )  # the prescaler makes 1 MHz: whole MHz only
    expect_error(
        with_counter(nd, kind="stm32", base=0x4000_0C00, clock_hz=65_537_000_000), "counter.clock_hz", "counter-clock"
    )  # PSC is 16 bits
    an547 = load_board("mps3_an547")
    validate(with_counter(an547, kind="sse", base=an547.timer.base, clock_hz=32_000_000))  # "sse" only reads
