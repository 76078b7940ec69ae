# SPDX-License-Identifier: MIT
"""The example apps in C, Rust, Zig and AssemblyScript on the board: the same
case body as tests/host/test_lang_examples.py (tests/cases/lang_cases.py)
over the raw REPL. Each app declares one 64 KiB page of linear memory: where
the board's heap cannot hold it, the test asserts the clean MemoryError and a
live REPL instead.
Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from cases.lang_cases import CASE, EXPECTED, LANGS, app
from support.host import FORGET_GLOBALS, printed_values, script

if TYPE_CHECKING:
    from conftest import Repl


@pytest.mark.parametrize("lang", LANGS)
def test_example(repl: Repl, lang: str) -> None:
    repl.exec(FORGET_GLOBALS)
    code = f"APP = {app(lang)!r}\ntry:\n" + "".join(f"    {ln}\n" for ln in CASE.splitlines())
    code += "except MemoryError:\n    p('MemoryError')\n"
    try:
        out = repl.exec(script(code), timeout=60)
    finally:
        repl.exec(FORGET_GLOBALS)
    values = printed_values(out)
    if values == ["MemoryError"]:
        free = int(repl.exec("import gc\ngc.collect()\nprint(gc.mem_free())"))
        assert free < 65536 + 8192, f"MemoryError with {free} bytes free: room for the app's one page"
    else:
        assert values == EXPECTED
    assert repl.exec("print(1 + 1)") == "2\n"
