# SPDX-License-Identifier: MIT
"""Builds, before the tests, what tests in both pytest-xdist workers (`make
test`, tests/conftest.py) would otherwise build at the same moment into the
same cache files: every test program (build/wasm/), wasm-cross, the example
apps of every language (build/examples/) and the real programs the tests run
(build/programs/, programs.TESTED). The tests then find them built; run alone, each test still
builds what it needs itself. `python3 tests/support/warm.py` from the top.
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
for folder in ("tests", "examples", "bench"):
    sys.path.insert(0, str(REPO / folder))

import build_examples  # noqa: E402 (after the path set-up above)
import programs  # noqa: E402
from support import build, images  # noqa: E402

JOBS = 2  # the machine's two cores


def main() -> int:
    start = time.monotonic()
    with ThreadPoolExecutor(JOBS) as pool:
        # wasm-cross and the example apps first: each is one compiler at a time (one
        # rustc, one asc, ...), so the test programs' short compiles fill the other core
        jobs = [pool.submit(images.tool), *(pool.submit(build_examples.build, lang) for lang in build_examples.LANGS)]
        jobs += [pool.submit(build.build, name) for name in build.names()]
        for job in jobs:
            job.result()
    programs.build_all(programs.TESTED)  # JOBS at a time itself
    print(
        f"warm: {len(build.names())} test programs, wasm-cross, {len(build_examples.LANGS)} example apps, "
        f"{len(programs.TESTED)} real programs built in {time.monotonic() - start:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
