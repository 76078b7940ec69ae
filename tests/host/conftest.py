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
