# SPDX-License-Identifier: MIT
"""bench/cpu_time.py: the user CPU seconds of one child, from its own rusage
(the figure `Time (session 18)` in docs/benchmarks.md compares pair by pair)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
import cpu_time  # noqa: E402

WORK = "import time\nsum(range(6_000_000))\ntime.sleep({sleep})"


def test_counts_the_childs_cpu_not_the_wall() -> None:
    # the same work, then asleep for 0 or 2 s: the sleep is no CPU time. The
    # work's own CPU seconds vary several-fold on a loaded 2-core machine (0.09
    # and 0.36 s in one CI run beside a fuzzer), so the margin is in seconds of
    # the sleep: a wall-clock figure would put all 2 s of it in `long`.
    t = time.monotonic()
    short = cpu_time.user_seconds([sys.executable, "-c", WORK.format(sleep=0)], timeout=60)
    long = cpu_time.user_seconds([sys.executable, "-c", WORK.format(sleep=2)], timeout=60)
    wall = time.monotonic() - t
    assert short > 0.02 and long > 0.02, (short, long)
    assert long < short + 1.0 and short + long < wall - 1.9, (short, long, wall)
    idle = cpu_time.user_seconds([sys.executable, "-c", "import time; time.sleep(0.5)"], timeout=30)
    assert idle < short, (idle, short)


def test_a_failing_child_raises() -> None:
    with pytest.raises(RuntimeError, match=r"failed \(3\)"):
        cpu_time.user_seconds([sys.executable, "-c", "raise SystemExit(3)"], timeout=30)


def test_a_hung_child_is_killed() -> None:
    with pytest.raises(TimeoutError):
        cpu_time.user_seconds([sys.executable, "-c", "import time; time.sleep(60)"], timeout=1)


def test_a_base_that_is_no_runner_is_refused(tmp_path: Path) -> None:
    # --base pairs our runner against another build of it; a path that is not
    # an executable is refused before anything is built
    r = subprocess.run(
        [sys.executable, str(REPO / "bench" / "cpu_time.py"), "--base", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert r.returncode == 2 and "--base" in r.stderr and "not an executable" in r.stderr, r.stderr
