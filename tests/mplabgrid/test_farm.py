# SPDX-License-Identifier: MIT
"""The distributed path on loopback: coordinator, exporter (ser2net, RFC 2217), places, the HIL suite.

Two QEMU boards behind two places run a subset of tests/hil (the REPL, wasm basics, a
shared-heap case, an MPU fault) at the same time, each through `--lg-env` on its own
place, the same test bodies as on the other transports. Then the bad input: a place
someone else holds, a board that never answers, an exporter that is gone; each must be
a clear error within its timeout, and nothing of the farm may be left running.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from mplabgrid.farm import ROOT, Farm, FarmError, running

BOARDS = ["mps2_an385", "mps2_an505"]
HIL = "tests/hil"  # the whole suite's collection, a subset by name (files come and go, names stay)
HIL_SUBSET = (
    "print_and_arithmetic or exception_is_device_error or ctrl_c_interrupts_busy_loop or soft_reset_loses_state"
    " or large_paste_arrives_intact or raw_paste_mode_is_used"  # the REPL
    " or test_wasm_repl"  # wasm basics: load, call, callback, trap, Ctrl-C in wasm, fuel
    " or basic_malloc_store_load_free"  # a shared-heap case
    " or uncaught_fault_reaches_the_repl"  # an MPU fault
)
MUST_PASS = [
    "test_print_and_arithmetic",
    "test_large_paste_arrives_intact",
    "test_load_and_call_exports",
    "test_case",  # basic_malloc_store_load_free
    "test_uncaught_fault_reaches_the_repl_as_a_traceback",
]
HIL_TIMEOUT_S = 240  # one inner pytest run (seconds on QEMU; slack for a loaded 2-core CI machine)
BAD_INPUT_TIMEOUT_S = 60  # an inner run that must fail: well inside this, or it hung
OTHER_USER = "colleague"  # someone else in the lab


def hil(env: Path, *args: str) -> subprocess.Popen:
    """Start tests/hil on a labgrid environment file (this venv's pytest, the labgrid plugin on)."""
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--lg-env", str(env), *args]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish(proc: subprocess.Popen, timeout: float) -> tuple[int, str, float]:
    """Wait for an inner run (killed at `timeout`): its exit status, output, seconds taken."""
    started = time.monotonic()
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        pytest.fail(f"inner pytest still running after {timeout} s (hang):\n{out[-4000:]}")
    return proc.returncode, out, time.monotonic() - started


@pytest.fixture(scope="module")
def farm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Farm]:
    missing = [b for b in BOARDS if not (ROOT / "build" / b / "firmware.elf").is_file()]
    if missing:
        pytest.fail(f"no firmware for {missing}: run `make firmware-all`", pytrace=False)
    f = Farm(tmp_path_factory.mktemp("farm"), BOARDS, silent=1)
    with f:
        yield f
    assert f.leftovers() == []


def test_two_places_run_the_hil_subset_at_once(farm: Farm):
    places = [farm.boards[b].place for b in BOARDS]
    for p in places:
        farm.acquire(p)
    try:
        runs = [hil(farm.env_file(farm.boards[b].place, b), HIL, "-vv", "-k", HIL_SUBSET) for b in BOARDS]
        # sharing: while we hold both, a colleague cannot take either
        with pytest.raises(FarmError) as other:
            farm.acquire(places[1], user=OTHER_USER)
        results = [finish(r, HIL_TIMEOUT_S) for r in runs]
    finally:
        for p in places:
            farm.release(p)
    assert f"Place {places[1]} is already acquired by " in str(other.value)
    for board, (rc, out, _) in zip(BOARDS, results, strict=True):
        assert rc == 0, f"{board}:\n{out[-6000:]}"
        passed = re.search(r"(\d+) passed", out)
        assert passed and int(passed.group(1)) >= 12, f"{board}:\n{out[-3000:]}"
        for name in MUST_PASS:  # each part of the subset ran, here, on this board
            assert re.search(rf"{name}\[{board}\S*\] PASSED", out), f"{board}: {name} did not pass:\n{out[-3000:]}"
        assert not re.search(r"\b(FAILED|ERROR|SKIPPED)\b", out), out[-3000:]


def test_busy_place_is_a_clear_error(farm: Farm):
    place = farm.boards[BOARDS[0]].place
    farm.acquire(place, user=OTHER_USER)
    try:
        rc, out, took = finish(hil(farm.env_file(place, BOARDS[0]), HIL, "-k", "print_and"), BAD_INPUT_TIMEOUT_S)
    finally:
        farm.release(place, user=OTHER_USER)
    assert rc != 0
    assert f"place {place} is not acquired by your user, acquired by {OTHER_USER}" in out, out[-3000:]
    assert "bringing the board" not in out  # it never got as far as the board
    # and once released, the place is ours again
    farm.acquire(place)
    farm.release(place)


def test_board_that_never_answers_is_a_clear_error(farm: Farm):
    place = farm.boards["silent0"].place
    farm.acquire(place)
    try:
        env = farm.env_file(place, BOARDS[0], boot_timeout=1.0)
        rc, out, took = finish(hil(env, HIL, "-k", "print_and"), BAD_INPUT_TIMEOUT_S)
    finally:
        farm.release(place)
    assert rc != 0
    assert "timeout after 1 s waiting for the raw REPL banner, then the friendly prompt" in out, out[-3000:]
    assert took < 30, f"{took:.1f} s for a 1 s boot timeout"


def test_gone_exporter_is_a_clear_error(farm: Farm):
    """Last (it takes the farm's exporter away): the exporter dies while a place is acquired."""
    place = farm.boards[BOARDS[0]].place
    farm.acquire(place)
    serial_servers = farm.exporter_children()
    assert serial_servers, "ser2net should serve the acquired place's port"
    farm.stop_exporter()
    try:
        rc, out, took = finish(hil(farm.env_file(place, BOARDS[0]), HIL, "-k", "print_and"), BAD_INPUT_TIMEOUT_S)
    finally:
        farm.release(place)
    assert rc != 0
    assert f"name='{place}'" in out and "orphaned resource (exporter farm disconnected?)" in out, out[-3000:]
    assert not [p for p in serial_servers if running(p)], "ser2net outlived its exporter"
