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
    # millisecond the sleep started in and the tick that wakes it. Under QEMU
    # the counter follows host time, so a host that deschedules the guest
    # after the wake-up adds its pause to one reading (219.5 ms seen at load
    # 12): the shortest of three sleeps is the one the clocks are judged by,
    # and none may be short.
    out = repl.exec(
        "import time\nfor _ in range(3):\n"
        "    t = time.ticks_us()\n    time.sleep_ms(200)\n    print(time.ticks_diff(time.ticks_us(), t))"
    )
    slept = [int(v) for v in out.split()]
    assert len(slept) == 3 and min(slept) >= 199_000, out
    assert min(slept) < 203_000, out
