# SPDX-License-Identifier: MIT
"""The example apps in C, Rust, Zig and AssemblyScript on the board: the same
case body as tests/host/test_lang_examples.py (tests/support/lang_examples.py)
over the raw REPL. Each app declares one 64 KiB page of linear memory: where
the board's heap cannot hold it, the test asserts the clean MemoryError and a
live REPL instead.
Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

import pytest

from support.host import script
from support.lang_examples import CASE, EXPECTED, LANGS, app

if TYPE_CHECKING:
    from conftest import Repl

CLEAN = "for _k in [k for k in globals() if not k.startswith('__')]:\n    del globals()[_k]\nimport gc\ngc.collect()\n"


@pytest.mark.parametrize("lang", LANGS)
def test_example(repl: Repl, lang: str) -> None:
    repl.exec(CLEAN)
    code = f"APP = {app(lang)!r}\ntry:\n" + "".join(f"    {ln}\n" for ln in CASE.splitlines())
    code += "except MemoryError:\n    p('MemoryError')\n"
    try:
        out = repl.exec(script(code), timeout=60)
    finally:
        repl.exec(CLEAN)
    values = [ast.literal_eval(ln[2:]) for ln in out.splitlines() if ln.startswith("= ")]
    if values == ["MemoryError"]:
        free = int(repl.exec("import gc\ngc.collect()\nprint(gc.mem_free())"))
        assert free < 65536 + 8192, f"MemoryError with {free} bytes free: room for the app's one page"
    else:
        assert values == EXPECTED
    assert repl.exec("print(1 + 1)") == "2\n"
