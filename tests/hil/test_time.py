# SPDX-License-Identifier: MIT
"""time on the board: ticks_us never steps back (a counter's wraps, and SysTick
reloads whose interrupt is still pending, are counted), sleeps last at least as
asked, and the time goes on when SysTick's interrupts do not come.

Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conftest import Repl


def test_ticks_us_is_monotonic(repl: Repl):
    out = repl.exec(
        "import time\n"
        "def backwards(n):\n"
        "    count = 0\n"
        "    prev = time.ticks_us()\n"
        "    for i in range(n):\n"
        "        now = time.ticks_us()\n"
        "        if time.ticks_diff(now, prev) < 0:\n"
        "            count += 1\n"
        "        prev = now\n"
        "    return count\n"
        "print(backwards(50000))",
        timeout=60,
    )
    assert out == "0\n"


def test_sleeps_last_at_least_as_asked(repl: Repl):
    out = repl.exec(
        "import time\n"
        "short = []\n"
        "for us in (30000, 1500, 999, 1):\n"
        "    t = time.ticks_us()\n"
        "    time.sleep_us(us)\n"
        "    if time.ticks_diff(time.ticks_us(), t) < us:\n"
        "        short.append(us)\n"
        "t = time.ticks_ms()\n"
        "time.sleep_ms(20)\n"
        "print(short, time.ticks_diff(time.ticks_ms(), t) >= 20)",
        timeout=30,
    )
    assert out == "[] True\n"


def test_ticks_follow_the_counter_while_systick_is_silent(repl: Repl):
    """ticks_ms/ticks_us read the board's free-running counter (the board's `counter`,
    ports/cortexm/ticks.c), not a count of SysTick interrupts: with SysTick's interrupt
    switched off (as when QEMU's vCPU thread is starved and its ticks are lost), 300 ms
    still pass on ticks_ms, in step with ticks_us and no faster than the host's clock.
    A board without a counter counts interrupts: its time stands still meanwhile."""
    start = time.monotonic()
    out = repl.exec(
        "import machine, time\n"
        "CSR = 0xE000E010\n"  # SysTick CSR; bit 1 TICKINT
        "t0 = time.ticks_ms()\n"
        "u0 = time.ticks_us()\n"
        "n = 0\n"
        "machine.mem32[CSR] &= ~2\n"
        "try:\n"
        "    while time.ticks_diff(time.ticks_ms(), t0) < 300 and n < 200000:\n"
        "        n += 1\n"
        "finally:\n"
        "    machine.mem32[CSR] |= 2\n"
        "print(time.ticks_diff(time.ticks_ms(), t0), time.ticks_diff(time.ticks_us(), u0), n)",
        timeout=120,
    )
    host_ms = (time.monotonic() - start) * 1000
    ms, us, n = map(int, out.split())
    if repl.board.counter is None:
        assert n == 200000 and ms <= 2, out
        return
    assert ms >= 300 and n < 200000, out
    assert ms - 1 <= us // 1000 <= ms + 1, out
    assert ms <= host_ms + 1, (out, host_ms)
