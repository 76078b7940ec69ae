# SPDX-License-Identifier: MIT
"""The WebAssembly spec suite with every module loaded both ways: eagerly
(`lazy=False`: every body validated and lowered at load) and lazily
(`wasm.Module(b)` of bytes: every body validated without lowering,
modwasm/engine/lower_check.c check_run, and lowered at its first call). The
two loads must agree: both succeed, or both raise the same exception with
the same message (the failure's detail and byte offset), for every module
and every assert_invalid / assert_malformed module, whose functions are
never called. The lazy module then runs the file's assertions: the results
must be those of tests/host/test_spec.py, the same expected_failures.txt."""

from __future__ import annotations

import pytest

from spec import runner
from support.spec_files import need_host_micropython, wast_params

# the driver's module constructor, loading eagerly then lazily (runner.run_host's
# setup); a disagreement raises AssertionError, which no command expects
BOTH = """
def _mod(b):
    try:
        wasm.Module(b, multi_memory=MM, lazy=False)
        eager = None
    except Exception as e:
        eager = e
    try:
        m = wasm.Module(b, multi_memory=MM)
    except Exception as e:
        if eager is None or type(e) is not type(eager) or str(e) != str(eager):
            raise AssertionError("lazy load: %s(%r), eager: %r" % (type(e).__name__, str(e), eager))
        raise
    if eager is not None:
        raise AssertionError("lazy load succeeded, eager: %s(%r)" % (type(eager).__name__, str(eager)))
    return m
"""


@pytest.mark.parametrize("suite,path", wast_params())
def test_spec_lazy(suite, path):
    need_host_micropython()
    res = runner.run_host(suite, path, setup=BOTH, script_name="run_lazy.py")
    message = runner.unexpected_failures(res)
    if message:
        pytest.fail(message, pytrace=False)
