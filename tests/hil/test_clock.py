# SPDX-License-Identifier: MIT
"""The board runs at the clock its board file names: machine.freq() reports what
the clock driver achieved (ports/cortexm/clock_*.c), and it is the board's
clock_hz, which the validator ties to the clock tree. On a real board this
fails if the tree did not start (a missing crystal leaves the reset clock).
Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conftest import Repl


def test_machine_freq_is_the_board_clock(repl: Repl):
    b = repl.board
    assert repl.exec("import machine, board\nprint(machine.freq(), board.CLOCK_HZ)") == f"{b.clock_hz} {b.clock_hz}\n"
    if b.clock is not None:
        assert b.clock_hz == b.clock.sysclk_hz // getattr(b.clock, "ahb_div", 1)


def test_sleep_agrees_with_ticks_us(repl: Repl):
    # SysTick (ticks_ms, sleep) and the microsecond count come from the same
    # counter and clock: 200 ms asleep reads as 200 ms, give or take the
    # millisecond the sleep started in and the tick that wakes it.
    out = repl.exec("import time\nt = time.ticks_us()\ntime.sleep_ms(200)\nprint(time.ticks_diff(time.ticks_us(), t))")
    assert 199_000 <= int(out) < 203_000, out
