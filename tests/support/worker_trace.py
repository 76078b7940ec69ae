# SPDX-License-Identifier: MIT
"""A pytest plugin that writes each test's worker, start and end (Unix seconds), CPU
seconds and node id, one tab-separated line a test, into $WORKER_TRACE-<worker>.tsv
(worker: gw0, gw1 under pytest-xdist, else "main"): how the two workers of `make test`
share the time, which `--durations` does not show (tests/README.md, "Where the time goes").

The CPU seconds are the worker's own and its children's (user + system, getrusage)
spent during the test: what a test costs on a loaded machine, where its wall time
is mostly the other processes'. A child is counted when it is reaped, so a board's
QEMU, which outlives its tests, is counted in the test that stops it, and a child
still running at the test's end is not counted.

    WORKER_TRACE=/tmp/trace .venv/bin/python -m pytest -n 2 -p support.worker_trace tests/host tests/hil
    make test PYTEST_ARGS="-p support.worker_trace"      # with WORKER_TRACE set

(As `support.worker_trace`, found on pytest's own pythonpath: PYTHONPATH=tests/support
would make tests/support/engine.py shadow the package tests/engine, whose
diff_wasmtime test_engine_unit.py imports.)
    python3 tests/support/worker_trace.py /tmp/trace-*.tsv   # wall and CPU a file, a worker
"""

from __future__ import annotations

import os
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest


def cpu_seconds() -> float:
    """User and system seconds of this process and of its reaped children."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    start, cpu = time.time(), cpu_seconds()
    yield
    end, cpu = time.time(), cpu_seconds() - cpu
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with open(os.environ.get("WORKER_TRACE", "worker_trace") + f"-{worker}.tsv", "a") as f:
        f.write(f"{worker}\t{start:.3f}\t{end:.3f}\t{cpu:.2f}\t{item.nodeid}\n")


def summary(paths: list[Path]) -> str:
    """The traces' tests added up by file (wall and CPU seconds, largest wall first)
    and by worker (busy from its first start to its last end, and the tests' sum)."""
    files: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    workers: dict[str, list[float]] = {}
    for path in paths:
        for line in path.read_text().splitlines():
            worker, start, end, cpu, nodeid = line.split("\t")
            t0, t1 = float(start), float(end)
            row = files[nodeid.split("::")[0]]
            row[0] += t1 - t0
            row[1] += float(cpu)
            row[2] += 1
            w = workers.setdefault(worker, [t0, t1, 0.0])
            w[0], w[1], w[2] = min(w[0], t0), max(w[1], t1), w[2] + t1 - t0
    out = ["| file | tests | wall s | CPU s |", "|---|---:|---:|---:|"]
    for name, (wall, cpu, n) in sorted(files.items(), key=lambda kv: -kv[1][0]):
        out.append(f"| {name} | {int(n)} | {wall:.1f} | {cpu:.1f} |")
    out.append("")
    for worker, (t0, t1, busy) in sorted(workers.items()):
        out.append(f"{worker}: {t1 - t0:.1f} s from its first test's start to its last's end, tests {busy:.1f} s")
    return "\n".join(out)


if __name__ == "__main__":
    print(summary([Path(a) for a in sys.argv[1:]]))
