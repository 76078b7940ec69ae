# SPDX-License-Identifier: MIT
"""time on the board: ticks_us never steps back (SysTick reloads whose
interrupt is still pending are counted), and sleeps last at least as asked.

Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

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
