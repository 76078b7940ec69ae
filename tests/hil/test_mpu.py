# SPDX-License-Identifier: MIT
"""Board regions under the MPU: board.regions matches board.py, forbidden
accesses become board.MemoryFault, a C stack overflow into the guard becomes
RuntimeError, and the REPL answers after each.

Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

import pytest

from raw_repl import DeviceError

if TYPE_CHECKING:
    from conftest import Repl

FAULT_HELPER = """
import board, machine
def fault(f):
    try:
        f()
    except board.MemoryFault as e:
        return (str(e), e.errno, e.access, e.region, e.address, isinstance(e, OSError))
    return None
"""


def region(repl: Repl, access: str):
    """The board's first region with this access (every QEMU board has one of each)."""
    found = [r for r in repl.board.regions if r.access == access]
    if not found:
        pytest.fail(f"board {repl.board.name} declares no {access!r} region")
    return found[0]


def fault(repl: Repl, body: str) -> tuple:
    out = repl.exec(FAULT_HELPER + f"def f():\n    {body}\nprint(repr(fault(f)))")
    return ast.literal_eval(out.strip())


def test_board_regions_match_board_py(repl: Repl):
    out = repl.exec(
        "import board\n"
        "for n in sorted(board.regions):\n"
        "    r = board.regions[n]\n"
        "    print(n, r.base, r.size, r.access)"
    )
    want = sorted(f"{r.name} {r.base} {r.size} {r.access}" for r in repl.board.regions)
    assert out.splitlines() == want


def test_rw_region_is_read_and_written(repl: Repl):
    rw = region(repl, "rw")
    out = repl.exec(
        f"import board, machine\nv = board.regions[{rw.name!r}].view()\n"
        f"v[0] = 0x5a; v[{rw.size - 1}] = 0xa5\n"
        f"print(len(v), v[0], v[{rw.size - 1}], machine.mem8[{rw.base}])"
    )
    assert out.split() == [str(rw.size), "90", "165", "90"]


def test_ro_region_holds_the_firmware_constants(repl: Repl):
    ro = region(repl, "ro")
    out = repl.exec(
        f"import board\nv = board.regions[{ro.name!r}].view()\nprint(list(v[0:4]), v[255], v[256], v[{ro.size - 1}])"
    )
    assert out.strip() == f"[0, 1, 2, 3] 255 0 {(ro.size - 1) & 0xFF}"


@pytest.mark.parametrize(
    "access, body_of, want_access, offset",
    [
        ("ro", lambda r: f"board.regions[{r.name!r}].view()[0] = 1", "write", 0),
        ("ro", lambda r: f"machine.mem32[{r.base + r.size - 4}] = 1", "write", -4),
        ("none", lambda r: f"board.regions[{r.name!r}].view()[3]", "read", 3),
        ("none", lambda r: f"machine.mem32[{r.base + r.size - 4}]", "read", -4),
        ("none", lambda r: f"machine.mem16[{r.base}] = 7", "write", 0),
    ],
)
def test_forbidden_access_is_memory_fault_and_repl_lives(repl: Repl, access, body_of, want_access, offset):
    r = region(repl, access)
    msg, errno, got_access, got_region, address, is_oserror = fault(repl, body_of(r))
    want_address = r.base + offset if offset >= 0 else r.base + r.size + offset
    assert (errno, got_access, got_region, address, is_oserror) == (14, want_access, r.name, want_address, True)
    assert msg == f"{want_access} at 0x{want_address:08x} in region '{r.name}' ({access})"
    assert repl.exec("print('alive')") == "alive\n"


def test_uncaught_fault_reaches_the_repl_as_a_traceback(repl: Repl):
    r = region(repl, "ro")
    with pytest.raises(DeviceError) as info:
        repl.exec(f"import machine\nmachine.mem32[{r.base}] = 1")
    assert info.value.exc_type == "MemoryFault"
    assert info.value.message == f"write at 0x{r.base:08x} in region '{r.name}' (ro)"
    assert repl.exec("print(1 + 1)") == "2\n"


def test_writes_to_flash_fault(repl: Repl):
    flash = repl.board.flash.base
    msg, _, got_access, got_region, address, _ = fault(repl, f"machine.mem32[{flash}] = 0")
    assert (got_access, got_region, address) == ("write", "flash", flash)


def test_a_thousand_faults_leak_nothing(repl: Repl):
    # from a soft-reset board: what earlier tests left running (mpremote's
    # mount hooks, open files) must not count as this test's leak
    repl.soft_reset()
    g = region(repl, "none")
    out = repl.exec(
        "import board, gc, machine\n"
        "before = 0  # bound first, so binding it later allocates nothing\n"
        "def faults():\n"
        "    for i in range(1000):\n"
        "        try:\n"
        f"            machine.mem32[{g.base}]\n"
        "        except board.MemoryFault:\n"
        "            pass\n"
        "faults(); gc.collect(); before = gc.mem_free()\n"
        "faults(); gc.collect(); print(before - gc.mem_free())",
        timeout=60,
    )
    assert int(out) <= 0


def test_stack_overflow_into_the_guard_is_runtime_error(repl: Repl):
    # _board.c_recurse recurses in C with no stack check, 64 bytes a level:
    # far past the C stack, so it must run into the guard below it.
    levels = repl.board.stack_size // 16
    for _ in range(2):
        with pytest.raises(DeviceError) as info:
            repl.exec(f"import _board\n_board.c_recurse({levels})")
        assert info.value.exc_type == "RuntimeError"
        assert info.value.message.startswith("stack overflow: C stack reached its guard at 0x")
    assert repl.exec("import _board\nprint(_board.c_recurse(10))") == "55\n"
