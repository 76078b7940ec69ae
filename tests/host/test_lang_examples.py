# SPDX-License-Identifier: MIT
"""The example apps in C, Rust, Zig and AssemblyScript (examples/<lang>/, built
with the guest kits of sdk/<lang>/) on the host port: zero-copy text through a
shared heap and a callback into Python (tests/cases/lang_cases.py); and a
program per toolchain built with a feature we do not support (SIMD, threads)
refused with a CompileError that names it."""

from __future__ import annotations

import pytest

from cases.lang_cases import (
    CASE,
    EXPECTED,
    GRANTS_CASE,
    GRANTS_EXPECTED,
    LANGS,
    UNSUPPORTED,
    Unsupported,
    app,
    grants_app,
)
from support.host import MICROPYTHON, run

pytestmark = pytest.mark.skipif(not MICROPYTHON.exists(), reason=f"{MICROPYTHON} not built (make host)")


@pytest.mark.parametrize("lang", LANGS)
def test_example(lang: str) -> None:
    assert run(f"APP = {app(lang)!r}\n" + CASE) == EXPECTED


@pytest.mark.parametrize("lang", LANGS)
def test_example_imports_the_kit(lang: str) -> None:
    """Each app reaches the heap through its kit's imports, not by accident."""
    out = run(f"APP = {app(lang)!r}\np(sorted(set(m + '.' + n for m, n, k, t in wasm.Module(APP).imports)))")
    assert out == [
        sorted(
            {
                "env.shared_heap_base",
                "env.shared_heap_size",
                "env.shared_heap_malloc",
                "env.shared_heap_free",
                "host.notify",
            }
        )
    ]


@pytest.mark.parametrize("prog", UNSUPPORTED, ids=[u.id for u in UNSUPPORTED])
def test_unsupported_feature_is_named(prog: Unsupported) -> None:
    [(kind, msg)] = run(f"p(exc(wasm.Module, {prog.wasm()!r}))")
    assert kind == "CompileError"
    assert prog.feature in msg and "not supported" in msg, msg


@pytest.mark.parametrize("lang", LANGS)
def test_kit_maps_a_grant(lang: str) -> None:
    """Each kit's mpwasm_map/mpwasm_unmap (docs/windows.md): a read-only grant
    mapped and read, a write mapping of it refused, an unknown name, unmap."""
    assert run(f"APP = {grants_app(lang)!r}\n" + GRANTS_CASE) == GRANTS_EXPECTED
