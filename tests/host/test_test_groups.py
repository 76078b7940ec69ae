# SPDX-License-Identifier: MIT
"""How `make test`'s two workers group the tests (tests/support/groups.py): a
board's tests stay together whatever else their ids carry, a host file stays
together, the spec and real-program files go test by test. Were a board's
tests split, each half would boot its own QEMU and its files' soft resets and
shared board state would no longer hold."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from boardcfg import all_boards, board_names
from support.groups import SPLIT_PER_TEST, group

BOARDS = frozenset(board_names())


def test_a_boards_tests_are_one_group_whatever_their_other_parameters():
    for nodeid in (
        "tests/hil/test_time.py::test_ticks_us_is_monotonic[mps2_an385]",
        "tests/hil/test_wasi_board.py::test_case[mps2_an385-printf_floats]",
        "tests/hil/test_repl.py::test_large_paste_arrives_intact[mps2_an385-20480]",
        "tests/hil/test_spec_floats.py::test_spec_file_matches_host[mps2_an385-float_exprs]",
    ):
        assert group(nodeid, BOARDS) == "board mps2_an385", nodeid
    assert group("tests/hil/test_fs.py::test_x[netduinoplus2]", BOARDS) == "board netduinoplus2"


def test_host_files_are_one_group_but_the_split_ones():
    assert group("tests/host/test_wasi.py::test_case[hello]", BOARDS) == "tests/host/test_wasi.py"
    assert group("tests/host/test_wasm_api.py::test_x[natmod]", BOARDS) == "tests/host/test_wasm_api.py"
    assert group("tests/hil/test_raw_repl.py::test_device_error_parsed", BOARDS) == "tests/hil/test_raw_repl.py"
    spec = "tests/host/test_spec.py::test_spec[builtin-core/i32.wast]"
    assert group(spec, BOARDS) == spec
    assert {"test_spec.py", "test_real_programs.py"} <= SPLIT_PER_TEST


def test_board_names_are_whole_parts_of_a_test_id():
    # pytest joins parameters with '-': a board name with '-' or brackets would not be found
    assert BOARDS and all(not set(name) & set("-[]") for name in BOARDS)
    assert {b.name for b in all_boards() if b.qemu is not None} <= BOARDS


def collected(*args: str) -> list[str]:
    """The node ids `pytest --collect-only` selects under tests/hil with these options."""
    root = Path(__file__).resolve().parents[2]
    cmd = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "tests/hil", *args]
    r = subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=120, check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    return [line for line in r.stdout.splitlines() if line.startswith("tests/hil/")]


def test_a_smoke_board_runs_the_smoke_file_alone_unless_named():
    # make test's default (every QEMU board): a board whose Qemu says ci="smoke" gets
    # test_board_smoke.py only, the others every file; named with --board, it gets every file
    smoke = sorted(b.name for b in all_boards() if b.qemu is not None and b.qemu.ci == "smoke")
    assert smoke, "no smoke board to check"
    ids = collected()
    for name in smoke:
        mine = [i for i in ids if group(i, BOARDS) == f"board {name}"]
        assert mine and all(i.startswith("tests/hil/test_board_smoke.py::") for i in mine), name
    full = next(b.name for b in all_boards() if b.qemu is not None and b.qemu.ci == "full")
    assert len({i.split("::")[0] for i in ids if group(i, BOARDS) == f"board {full}"}) > 10
    named = collected("--board", smoke[0])
    assert len({i.split("::")[0] for i in named}) > 10
