# SPDX-License-Identifier: MIT
"""The WebAssembly spec suite with every module under a code budget of one
byte (`wasm.Module(b, code_budget=1)`, modwasm/engine/lazy.c): each first
call lowers its function after dropping the code of every function that is
not running, so functions are lowered again all the time, under recursion,
call_indirect, traps, host functions (spectest's print) and calls between
modules. The results must be those of tests/host/test_spec.py: the same
expected_failures.txt. Nothing may differ or crash."""

from __future__ import annotations

import pytest

from spec import runner
from support.spec_files import need_host_micropython, wast_params

# the driver's module constructor, with the budget (runner.run_host's setup)
BUDGET = """
def _mod(b):
    return wasm.Module(b, multi_memory=MM, code_budget=1)
"""


@pytest.mark.parametrize("suite,path", wast_params())
def test_spec_budget(suite, path):
    need_host_micropython()
    res = runner.run_host(suite, path, setup=BUDGET, script_name="run_budget.py")
    message = runner.unexpected_failures(res)
    if message:
        pytest.fail(message, pytrace=False)
