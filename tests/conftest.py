# SPDX-License-Identifier: MIT
"""Options both test folders read: --wasm, how `import wasm` is obtained.

tests/host: every test marked with the wasm_source fixture runs once per
source given (default: builtin and natmod). tests/hil: the boards run the
firmware of the one source given (default: builtin; natmod boots
build/<board>-natmod with wasm.mpy in its filesystem). docs/natmod.md.
"""

from __future__ import annotations

import pytest

WASM_SOURCES = ("builtin", "natmod")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--wasm", action="append", choices=WASM_SOURCES,
                     help="how `import wasm` is obtained: the built-in module or wasm.mpy (repeatable)")
