# SPDX-License-Identifier: MIT
"""The spec suite's .wast files as pytest parameters, for the test files that
run the whole suite one way or another (tests/host/test_spec*.py): one
parameter (suite, path) per file, or, when the suite is absent, one skipped
parameter whose reason says where it was looked for."""

from __future__ import annotations

import pytest

from spec import convert, runner


def wast_params() -> list:
    root = convert.suite_root()
    files = convert.wast_files(root) if root.is_dir() else []
    if not files:
        reason = f"wasm spec suite not found at {root}; set WASM_TESTSUITE"
        return [pytest.param(None, None, id="suite-missing", marks=pytest.mark.skip(reason=reason))]
    return [pytest.param(s, p, id=f"{s}/{p.name}") for s, p in files]


def need_host_micropython() -> None:
    """Skip the calling test when the host port is not built (the suite runs there)."""
    if not runner.HOST_MICROPYTHON.exists():
        pytest.skip(f"{runner.HOST_MICROPYTHON} not built (make host)")
