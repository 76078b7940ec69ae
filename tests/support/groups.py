# SPDX-License-Identifier: MIT
"""How `make test`'s two pytest-xdist workers share the tests (tests/conftest.py
gives xdist a scheduler that groups them with `group`): each worker takes one
group at a time, largest groups first. A board's tests are one group, so each
board boots one QEMU in one worker and its files run in order on it (the repl
fixture's soft reset per file); a host file is one group too (its tests share
builds and module fixtures), except the files of SPLIT_PER_TEST, whose tests
are independent runs of one file each and are spread over both workers one by
one (tests/README.md, "Where the time goes")."""

from __future__ import annotations

SPLIT_PER_TEST = frozenset(
    {"test_spec.py", "test_spec_budget.py", "test_spec_images.py", "test_spec_lazy.py", "test_real_programs.py"}
)


def group(nodeid: str, boards: frozenset[str]) -> str:
    """The group of a test, from its node id: "board NAME" for a board's test
    (the hil_board parameter is one of the '-'-separated parts of its id), the
    file, or the test itself for the files of SPLIT_PER_TEST."""
    path, _, rest = nodeid.partition("::")
    params = rest[rest.find("[") + 1 : -1].split("-") if rest.endswith("]") else []
    on = [p for p in params if p in boards]
    if path.startswith("tests/hil/") and on:
        return f"board {on[0]}"
    return nodeid if path.rsplit("/", 1)[-1] in SPLIT_PER_TEST else path
