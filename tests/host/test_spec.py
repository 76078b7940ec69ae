# SPDX-License-Identifier: MIT
"""WebAssembly spec suite on the host port, one test per .wast file.

Each file is converted (cached under build/spec/), run by tests/spec/mp_driver.py
in `build/host/micropython`, and judged on the CPython side. A test fails on any
failure not listed in tests/spec/expected_failures.txt; listed failures that now
pass are reported as warnings (errors with SPEC_STRICT=1).
Suite: ../shared/wasm-testsuite, or $WASM_TESTSUITE.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from spec import convert, runner

ROOT = convert.suite_root()
FILES = convert.wast_files(ROOT) if ROOT.is_dir() else []
MISSING = pytest.param(
    None,
    None,
    id="suite-missing",
    marks=pytest.mark.skip(
        reason=f"wasm spec suite not found at {ROOT}; set WASM_TESTSUITE"
    ),
)
TIMEOUT = float(os.environ.get("SPEC_TIMEOUT", "180"))


@pytest.fixture(scope="module")
def totals(request):
    acc = {}
    yield acc
    if not acc:
        return
    lines = []
    for suite in convert.SUITES:
        rows = [r for name, r in acc.items() if name.startswith(suite + "/")]
        if rows:
            p, f, s = (sum(r[i] for r in rows) for i in range(3))
            lines.append(
                f"spec {suite}: {p} passed, {f} failed ({len(rows)} files), {s} skipped (text format)"
            )
    # Shown past pytest's capture, once, after the last file.
    capman = request.config.pluginmanager.getplugin("capturemanager")
    with capman.global_and_fixture_disabled():
        print("\n" + "\n".join(lines))


@pytest.mark.parametrize(
    "suite,path",
    [pytest.param(s, p, id=f"{s}/{p.name}") for s, p in FILES] or [MISSING],
)
def test_spec(suite, path, totals):
    if not runner.HOST_MICROPYTHON.exists():
        pytest.skip(f"{runner.HOST_MICROPYTHON} not built (make host)")
    res = runner.run_host(suite, path, timeout=TIMEOUT)
    totals[res.name] = (res.passed, len(res.failures), sum(res.skipped.values()))
    new, fixed = runner.compare_expected(res, runner.load_expected())
    print(res.summary())
    if fixed:
        msg = f"{res.name}: listed in expected_failures.txt but passing now: lines {fixed}"
        if os.environ.get("SPEC_STRICT") == "1":
            pytest.fail(msg)
        warnings.warn(msg, stacklevel=1)
    if new:
        lines = [
            f"  {res.name}:{c.line} #{c.index} {c.kind}: {why}" for c, why in new[:30]
        ]
        more = f"\n  ... and {len(new) - 30} more" if len(new) > 30 else ""
        pytest.fail(
            f"{res.summary()}\n{len(new)} unexpected failures:\n"
            + "\n".join(lines)
            + more,
            pytrace=False,
        )
