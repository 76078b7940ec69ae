# SPDX-License-Identifier: MIT
"""Options both test folders read: --wasm, how `import wasm` is obtained.

tests/host: every test marked with the wasm_source fixture runs once per
source given (default: builtin and natmod). tests/hil: the boards run the
firmware of the one source given (default: builtin; natmod boots
build/<board>-natmod with wasm.mpy in its filesystem). docs/natmod.md.
"""

from __future__ import annotations

import pytest

WASM_SOURCES = ("builtin", "natmod")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--wasm", action="append", choices=WASM_SOURCES,
                     help="how `import wasm` is obtained: the built-in module or wasm.mpy (repeatable)")


# `make test` runs tests/host and tests/hil in two pytest-xdist workers (`-n 2`,
# requirements.txt), each taking one group of tests at a time, largest groups
# first. A board's tests are one group, so each board boots one QEMU in one
# worker and its files run in order on it (the repl fixture's soft reset per
# file); a host file is one group too (its tests share builds and module
# fixtures), except the files below, whose tests are independent runs of one
# file each and are spread over both workers one by one.
SPLIT_PER_TEST = frozenset({"test_spec.py", "test_spec_budget.py", "test_spec_images.py", "test_real_programs.py"})


def xdist_group(nodeid: str, boards: frozenset[str]) -> str:
    """The group of a test, from its node id: "board NAME" for a board's test
    (the hil_board parameter is one of the '-'-separated parts of its id), the
    file, or the test itself for the files of SPLIT_PER_TEST."""
    path, _, rest = nodeid.partition("::")
    params = rest[rest.find("[") + 1 : -1].split("-") if rest.endswith("]") else []
    on = [p for p in params if p in boards]
    if path.startswith("tests/hil/") and on:
        return f"board {on[0]}"
    return nodeid if path.rsplit("/", 1)[-1] in SPLIT_PER_TEST else path


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, absent from .venv-labgrid
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    # for -n's default --dist load (and loadgroup: xdist's own marks its groups in
    # node ids, which pytest 9 no longer lets it change); any other --dist is xdist's
    if config.getoption("dist") not in ("load", "loadgroup"):
        return None
    from xdist.scheduler import LoadScopeScheduling

    from boardcfg import board_names

    boards = frozenset(board_names())

    class ByGroup(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return xdist_group(nodeid, boards)

    return ByGroup(config, log)
