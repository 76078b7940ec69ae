# SPDX-License-Identifier: MIT
"""bench/device.py's premise and its engine path, on mps2_an385's firmware under QEMU -icount
shift=0 (a few seconds): our engine's `run` of the fib kernel at n and n+3 returns the host's
native checksums, and timing the same calls again gives the same ticks to the microsecond (the
virtual clock counts instructions, not host time), so N vs 2N differences are exact counts.

Needs build/mps2_an385/firmware.elf (`make firmware`; `make test` builds it first).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import device  # noqa: E402  (bench/ is on the path only now)
import run as bench  # noqa: E402

BOARD = "mps2_an385"


def test_qemu_command_has_icount():
    cmd = device.run_qemu.qemu_command(device.load_board(BOARD), Path("fw.elf"), "null", icount=0)
    assert cmd[cmd.index("-icount") + 1] == "shift=0"
    assert "-icount" not in device.run_qemu.qemu_command(device.load_board(BOARD), Path("fw.elf"), "null")


def test_engine_counts_repeat_exactly_and_checksums_match(tmp_path: Path):
    board = device.load_board(BOARD)
    elf = ROOT / "build" / BOARD / "firmware.elf"
    if not elf.is_file():
        pytest.fail(f"no {elf}: run `make firmware BOARD={BOARD}` first", pytrace=False)
    fib = next(k for k in bench.KERNELS if k.name == "fib")
    n1, n2 = fib.board, device.second_size("fib", fib.board)
    native = bench.build_native(fib)
    host = [bench.run_one(native, None, n, 1).result for n in (n1, n2)]
    dev = device.Device(board, elf, tmp_path / "fs.img")
    try:
        dev.load_engine(fib)
        first = [dev.time(f"_f, {n}") for n in (n1, n2)]
        again = [dev.time(f"_f, {n}") for n in (n1, n2)]
    finally:
        dev.close()
    assert [t.result for t in first] == host
    assert [t.result for t in again] == host
    for a, b in zip(first, again, strict=True):
        assert abs(a.us - b.us) <= 1, f"the same call took {a.us} then {b.us} us of virtual time"
    # fib(n+3) makes about 4.2x the calls of fib(n): the difference is work, not noise
    assert first[1].us > 3 * first[0].us > 0


def figures_on(board_name: str) -> device.BoardFigures:
    """One made-up fib figure on a board: what table() prints around it."""
    timed = (device.Timed(100, 1), device.Timed(500, 2))
    fib = device.Figure("fib", 26, 29, timed, timed, None, (1, 2), 1000.0)
    return device.BoardFigures(device.load_board(board_name), "abc1234", 2.0, [fib], [], "")


def test_table_footer_names_the_engine_build_of_the_profile():
    # the small profile (lm3s6965evb) has no MW_DISPATCH_EACH: its table must not claim it
    small = device.table(figures_on("lm3s6965evb"))
    assert "the small profile" in small
    assert "MW_DISPATCH_EACH" not in small
    full = device.table(figures_on(BOARD))
    assert "the full profile's mw_exec -O2, MW_DISPATCH_EACH" in full
