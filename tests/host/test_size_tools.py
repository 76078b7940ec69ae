# SPDX-License-Identifier: MIT
"""The size tools' readers, on text written the way GNU ld and objdump write it:
bench/linked_text.py's linker-map reader (an input section's name on its line or
alone before it, kept or discarded) and scripts/check_wrap.py's branch finder
(a wrap lost under LTO stops the firmware's link)."""

from __future__ import annotations

import sys
from pathlib import Path

from support.build import REPO

sys.path.insert(0, str(REPO / "bench"))
import linked_text
from check_wrap import callers, problems

MAP = """\
Archive member included to satisfy reference by file (symbol)

Discarded input sections

 .text          0x00000000        0x0 /b/modwasm/engine/exec.o
 .text.mw_memory_free
                0x00000000       0x3e /b/modwasm/engine/memory.o
 .rodata.mw_load_br_branch
                0x00000000        0x8 /b/modwasm/engine/code.o

Linker script and memory map

 .text.mw_exec  0x00001000     0x18cc /b/modwasm/engine/exec.o
                0x00001000                mw_exec
 .text.mw_memory_grow
                0x000028cc      0x136 /b/modwasm/engine/memory.o
 .rodata.code_op_meaning
                0x00030000       0xf7 /b/modwasm/engine/code.o
 .data.x        0x20000000        0x4 /b/modwasm/engine/code.o
 .text.mp_init  0x00003000       0x40 /b/py/runtime.o
"""


def test_map_sections_kept_and_discarded(tmp_path: Path) -> None:
    m = tmp_path / "firmware.map"
    m.write_text(MAP)
    discarded, kept = linked_text.map_sections(m)
    assert [(s.name, s.size, s.obj.name) for s in discarded] == [
        (".text", 0, "exec.o"),
        (".text.mw_memory_free", 0x3E, "memory.o"),
        (".rodata.mw_load_br_branch", 8, "code.o"),
    ]
    assert [(s.name, s.size) for s in kept] == [
        (".text.mw_exec", 0x18CC),
        (".text.mw_memory_grow", 0x136),
        (".rodata.code_op_meaning", 0xF7),
        (".data.x", 4),
        (".text.mp_init", 0x40),
    ]
    assert [linked_text.kind(s.name) for s in kept] == ["code", "code", "rodata", None, "code"]


DISASSEMBLY = """\
0000fc2c <mp_parse_tree_clear>:
    fc2c:	b510      	push	{r4, lr}
0001252c <mp_compile>:
   1252c:	f7fd fb7e 	bl	fc2c <mp_parse_tree_clear>
   12530:	f7fd bb7e 	b.w	fc2c <mp_parse_tree_clear>
000263bc <__wrap_mp_parse_tree_clear>:
   263c0:	f7eb fb0e 	bl	fc2c <mp_parse_tree_clear>
00026400 <other>:
   26404:	f7eb fb0e 	bl	26500 <mp_parse_tree_clear_more>
"""


def test_callers_counts_branches_by_function() -> None:
    assert callers(DISASSEMBLY, "mp_parse_tree_clear") == {"mp_compile": 2, "__wrap_mp_parse_tree_clear": 1}
    assert callers(DISASSEMBLY, "__wrap_mp_parse_tree_clear") == {}


# A firmware as a working wrap leaves it (objdump -d --no-show-raw-insn, blank lines
# between functions): mp_compile calls the wrapper, only the wrapper calls the function.
WRAPPED = """\
0000fc2c <mp_parse_tree_clear>:
    fc2c:	push	{r4, lr}

0001252c <mp_compile>:
   1252c:	bl	263bc <__wrap_mp_parse_tree_clear>
   12530:	ldr	r0, [sp, #4]

000263bc <__wrap_mp_parse_tree_clear>:
   263c0:	bl	fc2c <mp_parse_tree_clear>
   263c4:	movs	r3, #0
"""


def test_problems_pass_a_wrap_that_holds_and_name_each_lost_call() -> None:
    assert problems(WRAPPED, "mp_parse_tree_clear") == []
    lost = WRAPPED.replace("263bc <__wrap_mp_parse_tree_clear>\n", "fc2c <mp_parse_tree_clear>\n")
    assert problems(lost, "mp_parse_tree_clear") == [
        "mp_compile calls mp_parse_tree_clear directly (1x), not __wrap_mp_parse_tree_clear",
        "nothing calls __wrap_mp_parse_tree_clear: the wrap is lost",
    ]
    assert problems(DISASSEMBLY, "mp_parse_tree_clear") == [
        "mp_compile calls mp_parse_tree_clear directly (2x), not __wrap_mp_parse_tree_clear",
        "nothing calls __wrap_mp_parse_tree_clear: the wrap is lost",
    ]
