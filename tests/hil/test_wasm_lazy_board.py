# SPDX-License-Identifier: MIT
"""Lowering on first call on the board: the cases of tests/cases/lazy_cases.py,
the same bodies as tests/host/test_wasm_lazy.py, over the raw REPL: Module.ram
grows only as functions are first called (direct, indirect, recursive, a second
instance), an invalid body nothing calls still fails the load, and a first call
in a full heap raises MemoryError and leaves the module usable (the board's own
heap, filled by the case). Module.unlower() gives the code back, except on a
board whose profile is "small" (board.py), whose built-in `wasm` leaves it out
(MW_UNLOWER=0): there Module has no `unlower` at all; wasm.mpy (--wasm natmod)
leaves it out on ARM too since it takes the small profile (ports/natmod/Makefile,
NATMOD_PROFILE), so there the module is asked; code_budget= likewise (a module under a budget drops and
lowers code again within it, also while a host function calls back in), and the default budget a lazy
module gets without it (Module.ram within the binary's size).
Where `import wasm` leaves less than CASE_HEAP (conftest.py: wasm.mpy on
netduinoplus2, ~9.4 KiB) a case may end in a clean MemoryError instead.
Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from cases.lazy_cases import (
    ARENA_GIVES,
    ARENA_GIVES_OFF,
    BUDGET,
    BUDGET_FIT,
    BUDGET_FIT_PROGRAMS,
    BUDGET_OFF,
    BUDGET_PROGRAMS,
    CASES,
    DEFAULT,
    DEFAULT_OFF,
    DEFAULT_PROGRAMS,
    GIVE_WAY,
    GIVE_WAY_OFF,
    GROWS,
    GROWS_OFF,
    LOWER_TAKES_ARENA,
    LOWER_TAKES_ARENA_OFF,
    MEMORY_FITS,
    MEMORY_LAST,
    PROGRAMS,
    UNLOWER,
    UNLOWER_OFF,
    UNLOWER_PROGRAMS,
)
from conftest import check_case
from support.host import script

if TYPE_CHECKING:
    from conftest import Repl

# each case starts and ends with no globals: the small boards' heaps need the room
pytestmark = pytest.mark.usefixtures("fresh_globals")


def check(repl: Repl, code: str, expected: list, programs: tuple[str, ...] = ()) -> None:
    """Case `code` prints `expected`, or where the heap `import wasm` leaves is
    below CASE_HEAP (conftest.py: wasm.mpy on netduinoplus2) ends in a clean
    MemoryError. Each case starts on the heap the last one's collection gave
    back (fresh_globals): with the built-in module that is all of it, since
    session 31 (the runtime is static storage, its stacks go with the last
    instance: docs/wasm.md "What stays in the heap"), so the cases that need
    the heap whole in one run (lm3s6965evb, netduinoplus2) find it so without
    a soft reset. wasm.mpy's stacks stay made (no finalisers): its runs are as
    they were.

    A case that fills the heap (fill_heap) starts from a soft reset: what it
    finds free must not depend on the cases before it. The qstr pools their
    scripts interned stay in the heap until a soft reset, wherever it had room:
    two of them split netduino2's 88 KiB into runs of 51 and 35 KB (MEMORY_LAST's
    35,840 B bytearray found no run) and mps2_an511's 104 KiB into two halves
    (LOWER_TAKES_ARENA then ran out of heap in Python, not in the lowering)."""
    if "fill_heap(" in code:
        repl.soft_reset()
    check_case(repl, script(code, programs), expected)


def unlower_off(repl: Repl, wasm_source: str) -> bool:
    """True where `wasm` has no Module.unlower (MW_UNLOWER=0): the built-in
    module on a "small"-profile board; wasm.mpy by the profile it was built
    with, which only the module knows."""
    if wasm_source == "natmod":
        return repl.exec("import wasm\nprint(hasattr(wasm.Module, 'unlower'))").strip() == "False"
    return repl.board.profile == "small"


@pytest.mark.parametrize("name,code,expected", CASES, ids=[c[0] for c in CASES])
def test_case(repl: Repl, name: str, code: str, expected: list, wasm_source: str) -> None:
    check(repl, code, expected, PROGRAMS)


def test_unlower(repl: Repl, wasm_source: str) -> None:
    off = unlower_off(repl, wasm_source)
    _, code, expected = UNLOWER_OFF if off else UNLOWER
    check(repl, code, expected, UNLOWER_PROGRAMS)


def test_code_budget(repl: Repl, wasm_source: str) -> None:
    off = unlower_off(repl, wasm_source)
    _, code, expected = BUDGET_OFF if off else BUDGET
    check(repl, code, expected, BUDGET_PROGRAMS)


def test_code_budget_fit(repl: Repl, wasm_source: str) -> None:
    # which cold functions go (lazy.c lazy_drop_cold); no code_budget= where it is off
    off = unlower_off(repl, wasm_source)
    _, code, expected = BUDGET_OFF if off else BUDGET_FIT
    check(repl, code, expected, BUDGET_PROGRAMS if off else BUDGET_FIT_PROGRAMS)


def test_default_code_budget(repl: Repl, wasm_source: str) -> None:
    off = unlower_off(repl, wasm_source)
    _, code, expected = DEFAULT_OFF if off else DEFAULT
    check(repl, code, expected, () if off else DEFAULT_PROGRAMS)


def test_give_way(repl: Repl, wasm_source: str) -> None:
    off = unlower_off(repl, wasm_source)
    _, code, expected = GIVE_WAY_OFF if off else GIVE_WAY
    check(repl, code, expected)


def test_memory_grows_after_code_lowered_again(repl: Repl, wasm_source: str) -> None:
    _, code, expected = GROWS_OFF if unlower_off(repl, wasm_source) else GROWS
    check(repl, code, expected)


def test_memory_grows_into_the_code_arena(repl: Repl, wasm_source: str) -> None:
    _, code, expected = ARENA_GIVES_OFF if unlower_off(repl, wasm_source) else ARENA_GIVES
    check(repl, code, expected)


def test_lowering_takes_the_code_arenas_tail(repl: Repl, wasm_source: str) -> None:
    _, code, expected = LOWER_TAKES_ARENA_OFF if unlower_off(repl, wasm_source) else LOWER_TAKES_ARENA
    check(repl, code, expected)


def test_memory_made_last_grows_in_place(repl: Repl, wasm_source: str) -> None:
    _, code, expected = MEMORY_LAST
    check(repl, code, expected)


def test_memory_fits_the_heaps_last_run(repl: Repl, wasm_source: str) -> None:
    _, code, expected = MEMORY_FITS
    check(repl, code, expected)
