# SPDX-License-Identifier: MIT
"""Report: `PYTHONPATH=tests python3 -m spec [-k SUBSTR] [--update-expected]`.

Runs the spec files on the host port and prints passed/failed per file and per
suite. --update-expected rewrites expected_failures.txt from this run (only
meaningful on a full run: it replaces the whole list).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import convert, runner

HEADER = """\
# Known spec-suite failures of the `wasm` module on the host port.
# Format: `suite/file.wast:LINE  reason` (every command on that .wast line), or
# `suite/file.wast:*  reason` for a whole file (too many to list, or the run dies).
# The reason is what the runner saw. tests/host/test_spec.py fails on any failure
# not listed here and reports listed ones that now pass; regenerate with
#   PYTHONPATH=tests python3 -m spec --update-expected
# This list should be empty once the engine is complete.
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m spec")
    ap.add_argument(
        "-k",
        action="append",
        default=[],
        help="only files whose suite/name contains this",
    )
    ap.add_argument("--micropython", type=Path, default=runner.HOST_MICROPYTHON)
    ap.add_argument("-j", type=int, default=2, help="parallel files (default 2)")
    ap.add_argument("-v", action="store_true", help="print every failure")
    ap.add_argument("--update-expected", action="store_true")
    args = ap.parse_args(argv)

    root = convert.suite_root()
    if not root.is_dir():
        print(f"wasm spec suite not found at {root}; set WASM_TESTSUITE", file=sys.stderr)
        return 2
    files = [(s, p) for s, p in convert.wast_files(root) if not args.k or any(k in f"{s}/{p.name}" for k in args.k)]
    with ThreadPoolExecutor(max(1, args.j)) as pool:
        results = list(pool.map(lambda sp: runner.run_host(sp[0], sp[1], args.micropython), files))

    expected = runner.load_expected()
    totals = defaultdict(lambda: [0, 0, 0])
    new_total = 0
    for res in results:
        new, fixed = runner.compare_expected(res, expected)
        new_total += len(new)
        note = f"  ({len(new)} not in expected_failures)" if new else ""
        note += f"  (now passing, listed: {fixed})" if fixed else ""
        print(res.summary() + note)
        for c, why in res.failures if args.v else new[:5]:
            print(f"    {res.name}:{c.line} #{c.index} {c.kind}: {why}")
        t = totals[res.name.split("/")[0]]
        t[0] += res.passed
        t[1] += len(res.failures)
        t[2] += sum(res.skipped.values())
    print()
    for suite, (p, f, s) in totals.items():
        print(f"{suite}: {p} passed, {f} failed, {s} skipped")
    p, f, s = (sum(t[i] for t in totals.values()) for i in range(3))
    print(f"total: {p} passed, {f} failed, {s} skipped ({new_total} failures not in expected_failures.txt)")
    if args.update_expected:
        runner.EXPECTED.write_text(runner.expected_text(results, HEADER, expected))
        print(f"wrote {runner.EXPECTED}")
    return 1 if new_total else 0


if __name__ == "__main__":
    sys.exit(main())
