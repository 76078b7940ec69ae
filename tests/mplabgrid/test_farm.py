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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from mplabgrid.farm import ROOT, Farm, FarmError, running, with_parent

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
    # with_parent: a killed outer pytest takes it along
    proc = subprocess.Popen(with_parent(cmd), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    proc.started = time.monotonic()  # type: ignore[attr-defined]
    return proc


@dataclass
class Run:
    rc: int
    out: str
    took: float  # seconds from its start to its end
    hung: bool = False  # killed at the timeout


def finish(procs: dict[str, subprocess.Popen], timeout: float) -> dict[str, Run]:
    """Wait for inner runs side by side, each killed at `timeout` after its start (then: fail, a
    hang); every one is gone on return."""

    def wait(proc: subprocess.Popen) -> Run:
        try:
            out, _ = proc.communicate(timeout=max(0.1, timeout - (time.monotonic() - proc.started)))
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
            return Run(proc.returncode, out, timeout, hung=True)
        return Run(proc.returncode, out, time.monotonic() - proc.started)

    try:
        with ThreadPoolExecutor(len(procs)) as pool:
            runs = dict(zip(procs, pool.map(wait, procs.values()), strict=True))
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    hung = [
        f"inner pytest {k} still running after {timeout} s (hang):\n{r.out[-3000:]}" for k, r in runs.items() if r.hung
    ]
    if hung:
        pytest.fail("\n".join(hung))
    return runs


@pytest.fixture(scope="module")
def farm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Farm]:
    missing = [b for b in BOARDS if not (ROOT / "build" / b / "firmware.elf").is_file()]
    if missing:
        pytest.fail(f"no firmware for {missing}: run `make firmware-all`", pytrace=False)
    f = Farm(tmp_path_factory.mktemp("farm"), BOARDS, silent=2)
    with f:
        yield f
    assert f.leftovers() == []


@pytest.fixture(scope="module")
def shared(farm: Farm) -> dict[str, Run | str]:
    """Four clients on the farm at once: the HIL subset on both boards (our places), a run on a
    silent line (ours), a run on a place a colleague holds; meanwhile the colleague tries to
    take one of ours. Everything is released whatever happens; each test below checks one part."""
    ours = {b: farm.boards[b].place for b in BOARDS}
    ours["silent"] = farm.boards["silent0"].place
    busy = farm.boards["silent1"].place
    with ThreadPoolExecutor(2) as pool:
        colleague = pool.submit(farm.acquire, busy, OTHER_USER)
        for place in ours.values():
            farm.acquire(place)
        colleague.result()
        try:
            procs = {b: hil(farm.env_file(ours[b], b), HIL, "-vv", "-k", HIL_SUBSET) for b in BOARDS}
            procs["silent"] = hil(farm.env_file(ours["silent"], BOARDS[0], boot_timeout=1.0), HIL, "-k", "print_and")
            procs["busy"] = hil(farm.env_file(busy, BOARDS[0]), HIL, "-k", "print_and")
            refused = pool.submit(lambda: pytest.raises(FarmError, farm.acquire, ours[BOARDS[1]], OTHER_USER))
            results: dict[str, Run | str] = dict(finish(procs, HIL_TIMEOUT_S))
            results["refused"] = str(refused.result().value)
        finally:
            for place in ours.values():
                farm.release(place)
            farm.release(busy, user=OTHER_USER)
    return results


@pytest.mark.parametrize("board", BOARDS)
def test_two_places_run_the_hil_subset_at_once(shared: dict, board: str):
    rc, out = shared[board].rc, shared[board].out
    assert rc == 0, f"{board}:\n{out[-6000:]}"
    passed = re.search(r"(\d+) passed", out)
    assert passed and int(passed.group(1)) >= 12, f"{board}:\n{out[-3000:]}"
    for name in MUST_PASS:  # each part of the subset ran, here, on this board
        assert re.search(rf"{name}\[{board}\S*\] PASSED", out), f"{board}: {name} did not pass:\n{out[-3000:]}"
    assert not re.search(r"\b(FAILED|ERROR|SKIPPED)\b", out), out[-3000:]


def test_a_held_place_cannot_be_acquired_by_another(shared: dict, farm: Farm):
    assert f"Place {farm.boards[BOARDS[1]].place} is already acquired by " in shared["refused"]


def test_busy_place_is_a_clear_error(shared: dict, farm: Farm):
    place, run = farm.boards["silent1"].place, shared["busy"]
    assert run.rc != 0
    assert f"place {place} is not acquired by your user, acquired by {OTHER_USER}" in run.out, run.out[-3000:]
    assert "bringing the board" not in run.out  # it never got as far as the board
    assert run.took < BAD_INPUT_TIMEOUT_S


def test_board_that_never_answers_is_a_clear_error(shared: dict):
    run = shared["silent"]
    assert run.rc != 0
    assert "timeout after 1 s waiting for the raw REPL banner, then the friendly prompt" in run.out, run.out[-3000:]
    assert run.took < BAD_INPUT_TIMEOUT_S


def test_gone_exporter_is_a_clear_error(farm: Farm):
    """Last (it takes the farm's exporter away): the exporter dies while a place is acquired."""
    place = farm.boards[BOARDS[0]].place
    farm.acquire(place)
    serial_servers = farm.exporter_children()
    assert serial_servers, "ser2net should serve the acquired place's port"
    farm.stop_exporter()
    try:
        run = finish({"gone": hil(farm.env_file(place, BOARDS[0]), HIL, "-k", "print_and")}, BAD_INPUT_TIMEOUT_S)[
            "gone"
        ]
    finally:
        farm.release(place)
    assert run.rc != 0
    assert f"name='{place}'" in run.out and "orphaned resource (exporter farm disconnected?)" in run.out, run.out[
        -3000:
    ]
    assert not [p for p in serial_servers if running(p)], "ser2net outlived its exporter"


def test_a_hung_inner_run_is_killed_at_its_timeout():
    """The harness itself: an inner run that never ends is a failure at the timeout, and gone."""
    proc = subprocess.Popen(with_parent(["sleep", "60"]), stdout=subprocess.PIPE, text=True)
    proc.started = time.monotonic()  # type: ignore[attr-defined]
    with pytest.raises(pytest.fail.Exception, match="still running after 0.5 s"):
        finish({"sleeper": proc}, timeout=0.5)
    assert proc.poll() is not None


@pytest.mark.parametrize(
    "board,words",
    [
        ("nosuch", "board 'nosuch': board: no "),  # a board we do not have: boardcfg's own words
        ("pyboard_v11", "board pyboard_v11 has no QEMU machine: the farm runs QEMU boards"),  # a real board
    ],
)
def test_a_board_the_farm_cannot_run_is_a_clear_error(tmp_path: Path, board: str, words: str):
    """Before session 23: the unknown name came out as boardcfg's BoardConfigError, and a real
    board (firmware built) as run_qemu's ValueError; both tracebacks from farm.py's command line."""
    (tmp_path / "build" / board).mkdir(parents=True)
    (tmp_path / "build" / board / "firmware.elf").write_bytes(b"")  # no "build it first" in the way
    farm = Farm(tmp_path / "farm", [board], build_dir=tmp_path / "build")
    with pytest.raises(FarmError, match=re.escape(words)):
        farm.start()
    assert farm.leftovers() == []  # the coordinator it had started is gone
    cli = subprocess.run(
        [sys.executable, str(ROOT / "tests/mplabgrid/farm.py"), "--board", board, "--workdir", str(tmp_path / "cli")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert cli.returncode == 2 and cli.stderr.startswith(f"farm: {words}"), cli.stderr
    assert "Traceback" not in cli.stderr


def test_the_command_runs_once_per_board():
    """farm.py --board A --board B -- CMD: each board's place gets its own run (before session 23
    only the first board's env file was given, so B's place sat idle)."""
    from mplabgrid.farm import board_commands

    envs = {"mps2_an385": Path("/w/env-a.yaml"), "mps2_an505": Path("/w/env-b.yaml")}
    cmds = board_commands(["pytest", "tests/hil", "--lg-env", "{env}", "--junitxml={board}.xml"], envs)
    assert cmds == [
        [sys.executable, "-m", "pytest", "tests/hil", "--lg-env", "/w/env-a.yaml", "--junitxml=mps2_an385.xml"],
        [sys.executable, "-m", "pytest", "tests/hil", "--lg-env", "/w/env-b.yaml", "--junitxml=mps2_an505.xml"],
    ]
    assert board_commands(["labgrid-client", "places"], envs) == [["labgrid-client", "places"]]  # names neither: once
