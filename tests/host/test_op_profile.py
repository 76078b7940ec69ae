# SPDX-License-Identifier: MIT
"""`bench/run.py --op-profile` (bench/op_profile.py, bench/op_profile.c): the
engine built with MW_OP_PROFILE=1 counts every executed op and every pair of
consecutive ops. tests/programs/op_profile_loop.wat runs a loop of N passes over
straight-line code: the counts must add up exactly, whatever ops lowering
chooses for the body (one -O0 build of the kernel runner, ~10 s)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from support.build import build as build_program

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
import op_profile  # noqa: E402

N = 1000


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> op_profile.OpProfile:
    d = tmp_path_factory.mktemp("op_profile")
    wasm = d / "loop.wasm"
    wasm.write_bytes(build_program("op_profile_loop"))
    runner = op_profile.build_runner(wasi=False, flags=["gcc", "-O0", "-std=gnu11"])
    return op_profile.run([runner, wasm, "run", str(N), "1"], d / "counts.txt", timeout=60)


def test_loop_counts_add_up(profile: op_profile.OpProfile) -> None:
    # the body's ops run N times each; the return after the loop once
    body = {op for op, n in profile.ops.items() if n == N}
    once = {op for op, n in profile.ops.items() if n == 1}
    assert len(body) >= 2 and len(once) == 1 and body | once == set(profile.ops), profile.ops
    # every op after the first makes one pair
    assert sum(profile.next.values()) + sum(profile.jump.values()) == profile.total - 1
    # the one taken branch: from the loop's last op back to its head, N - 1 times
    assert list(profile.jump.values()) == [N - 1], profile.jump
    ((last, head),) = profile.jump
    # straight line: each body op falls through to the next N times, and the
    # last one into the return once
    assert sorted(profile.next.values()) == [1] + [N] * (len(body) - 1), profile.next
    assert profile.next[last, next(iter(once))] == 1
    assert sum(n for (a, _), n in profile.next.items() if a == last) == 1


def test_report_lists_shares(profile: op_profile.OpProfile) -> None:
    text = op_profile.report({"loop": profile, "loop again": profile}, top=3)
    share = f"{N / profile.total * 100:.2f}%"
    assert "### loop (" in text and "### all (mean share) (2 runs)" in text
    rows = [line for line in text.splitlines() if line.startswith("| 1 |")]
    assert len(rows) == 3 and all(share in r for r in rows), text


def test_parse_rejects_garbage() -> None:
    with pytest.raises(ValueError, match="unexpected line"):
        op_profile.parse("op I32_ADD 3\nopp I32_ADD 4\n")
