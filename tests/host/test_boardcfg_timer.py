# SPDX-License-Identifier: MIT
"""The optional `timer` field of a board (machine.Sampler's sample timer, docs/pipeline.md):
validated (known kind, base in the peripheral space and in no memory bank, not the
UART's, IRQ below num_irqs and not the UART's) and generated into board_config.h/board.mk;
a board without it generates MPWASM_TIMER (0) and the timer_none driver."""

from __future__ import annotations

import dataclasses

import pytest

from boardcfg import Board, BoardConfigError, Timer, generate, load_board, validate


@pytest.fixture(scope="module")
def v7() -> Board:
    return load_board("mps2_an385")


def expect_error(board: Board, field: str, rule: str) -> None:
    with pytest.raises(BoardConfigError) as info:
        validate(board)
    assert field in str(info.value) and info.value.rule == rule, str(info.value)


def with_timer(b: Board, **kw) -> Board:
    t = dict(kind="cmsdk", base=0x4000_0000, irq=8)
    t.update(kw)
    return dataclasses.replace(b, timer=Timer(**t))


def test_timer_generated(v7: Board):
    assert v7.timer is not None
    h = generate(v7)["board_config.h"]
    assert "#define MPWASM_TIMER (1)" in h
    assert "#define MPWASM_TIMER_BASE (0x40000000u) /* TIMER0 */" in h
    assert "#define MPWASM_TIMER_IRQ (8)" in h
    assert "#define MPWASM_TIMER_CLOCK_HZ (25000000u)" in h
    assert "BOARD_TIMER = cmsdk" in generate(v7)["board.mk"]
    f4 = generate(with_timer(load_board("pyboard_v11"), kind="stm32", irq=28, clock_hz=84_000_000))
    assert "#define MPWASM_TIMER_CLOCK_HZ (84000000u)" in f4["board_config.h"]
    assert "BOARD_TIMER = stm32" in f4["board.mk"]


def test_stellaris_timer():
    """lm3s6965evb: GPTM Timer0 (kind "stellaris") at 0x40030000, IRQ 19 (Timer0A), on the 12.5 MHz
    SYSCLK, its RCGC1 clock gate opened by an init write."""
    b = load_board("lm3s6965evb")
    assert b.timer == Timer("stellaris", 0x4003_0000, irq=19, instance="TIMER0")
    g = generate(b)
    h = g["board_config.h"]
    assert "#define MPWASM_TIMER (1)" in h
    assert "#define MPWASM_TIMER_BASE (0x40030000u) /* TIMER0 */" in h
    assert "#define MPWASM_TIMER_IRQ (19)" in h
    assert "#define MPWASM_TIMER_CLOCK_HZ (12500000u)" in h
    assert "BOARD_TIMER = stellaris" in g["board.mk"]
    assert any(w.addr == 0x400F_E104 and w.value == 1 << 16 for w in b.init_writes)
    expect_error(with_timer(b, kind="stellaris", base=0x4003_0000, irq=b.uart.irq), "timer.irq", "timer-not-uart")
    expect_error(with_timer(b, kind="stellaris", base=0x4003_0000, irq=64), "timer.irq", "irq-range")
    expect_error(with_timer(b, kind="gptm", base=0x4003_0000, irq=19), "timer.kind", "known-timer")


def test_sse_timer():
    """mps3_an547: SSE-300 SYSTIMER0 (kind "sse") at its Secure alias 0x58000000, IRQ 3, counting the
    32 MHz system counter, which an init write starts (CNTCR.EN at 0x58100000)."""
    b = load_board("mps3_an547")
    assert b.timer == Timer("sse", 0x5800_0000, irq=3, clock_hz=32_000_000, instance="SYSTIMER0")
    g = generate(b)
    h = g["board_config.h"]
    assert "#define MPWASM_TIMER_BASE (0x58000000u) /* SYSTIMER0 */" in h
    assert "#define MPWASM_TIMER_IRQ (3)" in h
    assert "#define MPWASM_TIMER_CLOCK_HZ (32000000u)" in h
    assert "BOARD_TIMER = sse" in g["board.mk"]
    assert any(w.addr == 0x5810_0000 and w.mask == 1 and w.value == 1 for w in b.init_writes)
    expect_error(with_timer(b, kind="sse", base=0x5800_0000, irq=b.uart.irq), "timer.irq", "timer-not-uart")
    expect_error(with_timer(b, kind="sse", base=0x3000_0000, irq=3), "timer.base", "peripheral-address")


def test_timer_is_optional(v7: Board):
    g = generate(dataclasses.replace(v7, timer=None))
    assert "#define MPWASM_TIMER (0)" in g["board_config.h"]
    assert "MPWASM_TIMER_BASE" not in g["board_config.h"]
    assert "BOARD_TIMER = none" in g["board.mk"]


def test_timer_rules(v7: Board):
    expect_error(with_timer(v7, kind="systick"), "timer.kind", "known-timer")
    expect_error(with_timer(v7, base=0x4000_0002), "timer.base", "peripheral-address")
    expect_error(with_timer(v7, base=0x2000_0000), "timer.base", "peripheral-address")
    expect_error(with_timer(v7, base=0xE000_E010), "timer.base", "peripheral-address")
    expect_error(with_timer(v7, base=v7.uart.base), "timer.base", "timer-not-uart")
    expect_error(with_timer(v7, irq=v7.num_irqs), "timer.irq", "irq-range")
    expect_error(with_timer(v7, irq=-1), "timer.irq", "irq-range")
    expect_error(with_timer(v7, irq=v7.uart.irq), "timer.irq", "timer-not-uart")
    expect_error(with_timer(v7, clock_hz=0), "timer.clock_hz", "positive")
    m = dataclasses.replace(v7, memories=(*v7.memories, type(v7.flash)(0x4000_0000, 4096, "periram")))
    expect_error(dataclasses.replace(m, timer=Timer("cmsdk", 0x4000_0000, 8)), "timer.base", "peripheral-address")
