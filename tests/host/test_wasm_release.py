# SPDX-License-Identifier: MIT
"""What `wasm` keeps of the heap once a script has let go of every wasm object
and collected: the cases of tests/support/release_cases.py (also run on the
boards by tests/hil/test_wasm_release_board.py), on a 1 MiB heap so that the
host's default stacks (~192 KiB) are a fifth of it. With the built-in module
nothing stays (the runtime is static, the stacks go when the collector finds
no instance and no call); with wasm.mpy the stacks stay until stack_size()."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest

from support import host, release_cases
from support.host import printed_values

pytestmark = pytest.mark.usefixtures("wasm_source")

HEAP = "1m"


def run_small(code: str, programs: tuple[str, ...]) -> list:
    src = host.current()
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(host.script(code, programs))
    try:
        proc = subprocess.run(
            [str(src.micropython), "-X", f"heapsize={HEAP}", f.name],
            cwd=src.cwd,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        Path(f.name).unlink()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return printed_values(proc.stdout)


@pytest.mark.parametrize("name,code,expected", release_cases.CASES, ids=[c[0] for c in release_cases.CASES])
def test_case(name: str, code: str, expected: list, wasm_source: str) -> None:
    values = run_small(code, release_cases.PROGRAMS[name])
    release_cases.check(values, expected, wasm_source == "natmod")
