# SPDX-License-Identifier: MIT
"""A pytest plugin that writes each test's worker, start and end (Unix seconds) and
node id, one tab-separated line a test, into $WORKER_TRACE-<worker>.tsv (worker: gw0,
gw1 under pytest-xdist, else "main"): how the two workers of `make test` share the
time, which `--durations` does not show (tests/README.md, "Where the time goes").

    PYTHONPATH=tests/support WORKER_TRACE=/tmp/trace .venv/bin/python -m pytest -n 2 \\
        -p worker_trace tests/host tests/hil
    make test PYTEST_ARGS="-p worker_trace"      # with the same two variables
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    start = time.time()
    yield
    end = time.time()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with open(os.environ.get("WORKER_TRACE", "worker_trace") + f"-{worker}.tsv", "a") as f:
        f.write(f"{worker}\t{start:.3f}\t{end:.3f}\t{item.nodeid}\n")
