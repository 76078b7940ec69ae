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
    parser.addoption(
        "--wasm",
        action="append",
        choices=WASM_SOURCES,
        help="how `import wasm` is obtained: the built-in module or wasm.mpy (repeatable)",
    )


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, absent from .venv-labgrid
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    # for -n's default --dist load (and loadgroup: xdist's own marks its groups in
    # node ids, which pytest 9 no longer lets it change); any other --dist is xdist's
    if config.getoption("dist") not in ("load", "loadgroup"):
        return None
    from xdist.scheduler import LoadScopeScheduling

    from boardcfg import board_names
    from support.groups import group

    boards = frozenset(board_names())

    class ByGroup(LoadScopeScheduling):  # `make test`'s -n 2: tests/support/groups.py
        def _split_scope(self, nodeid: str) -> str:
            return group(nodeid, boards)

    return ByGroup(config, log)
