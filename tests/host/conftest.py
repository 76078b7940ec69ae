# SPDX-License-Identifier: MIT
"""`wasm_source`: the test modules that mark themselves with
`pytest.mark.usefixtures("wasm_source")` run every test once per way of
getting `import wasm` (tests/support/host.py SOURCES): the host port's built-in
module and wasm.mpy, the native module, on a host port without it.
`--wasm builtin` or `--wasm natmod` (tests/conftest.py) runs one of them only."""

from __future__ import annotations

import pytest

from support import host


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "wasm_source" in metafunc.fixturenames:
        sources = metafunc.config.getoption("--wasm") or list(host.SOURCES)
        metafunc.parametrize("wasm_source", sources, indirect=True)


@pytest.fixture
def wasm_source(request: pytest.FixtureRequest):
    # Checked before switching: a skip here runs no teardown, and a source
    # left switched would run every later test file's snippets with it.
    source = host.SOURCES[request.param]
    if not source.micropython.exists() or (source.cwd and not (source.cwd / "wasm.mpy").exists()):
        pytest.skip(f"{request.param}: not built ({source.build})")
    host.use(request.param)
    yield request.param
    host.use("builtin")


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """One line per spec suite: the files test_spec.py ran with the built-in
    module, as each recorded them (its "spec_totals" property: the reports
    carry it from pytest-xdist's workers too); then the same for the small
    profile's engine ("spec_totals_small")."""
    from spec import convert

    for key, label in (("spec_totals", ""), ("spec_totals_small", ", small profile")):
        acc: dict[str, tuple[int, int, int]] = {}
        for reports in terminalreporter.stats.values():
            for r in reports:
                for k, value in getattr(r, "user_properties", ()):
                    if k == key and getattr(r, "when", "") == "call":
                        name, *counts = value
                        acc[name] = tuple(counts)
        for suite in convert.SUITES:
            rows = [r for name, r in acc.items() if name.startswith(suite + "/")]
            if rows:
                p, f, s = (sum(r[i] for r in rows) for i in range(3))
                terminalreporter.write_line(
                    f"spec {suite}{label}: {p} passed, {f} failed ({len(rows)} files), {s} skipped (text format)"
                )
