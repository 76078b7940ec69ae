# SPDX-License-Identifier: MIT
"""bench/cpu_sim.py: a cachegrind out file's totals, a callgrind --dump-instr
file's costs per instruction of one function (relative addresses, compressed
names, a call's inclusive cost left out), and an instruction's handler from
objdump -l's lines. (valgrind itself is not run here: the tool's figures are
benchmarks.)"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
import cpu_sim  # noqa: E402

CACHEGRIND = """\
desc: I1 cache: 65536 B, 64 B, 16-way associative
cmd: runner_mw_wasi prog.wasm 1 - prog 1
events: Ir I1mr ILmr Dr D1mr DLmr Dw D1mw DLmw Bc Bcm Bi Bim
fl=exec.c
fn=mw_exec
10 5 0 0 2 0 0 1 0 0 1 0 1 1
summary: 1000 3 2 400 9 1 100 5 1 80 4 70 35
"""


def test_summary_reads_the_totals() -> None:
    s = cpu_sim.summary(CACHEGRIND)
    assert s["Ir"] == 1000 and s["Dr"] == 400 and s["Bcm"] == 4 and s["Bim"] == 35 and s["D1mw"] == 5


def test_summary_refuses_other_text() -> None:
    with pytest.raises(ValueError, match="summary"):
        cpu_sim.summary("==1== I   refs: 1,000\n")


def test_row_puts_ours_before_wasm3() -> None:
    ours = cpu_sim.summary(CACHEGRIND)
    theirs = {
        **ours,
        "Ir": 2_000_000,
        "Bc": 3_000_000,
        "Bcm": 300_000,
        "Bi": 3_000_000,
        "Bim": 30_000,
        "D1mr": 1000,
        "D1mw": 1000,
    }
    cells = [c.strip() for c in cpu_sim.row("prog", ours, theirs).strip("|").split("|")]
    assert cells[0] == "prog"
    assert cells[1] == "0 / 2"  # Ir in millions
    assert cells[6] == "5.0 / 10.0"  # Bcm as a share of Bc
    assert cells[8] == "50.0 / 1.0"  # Bim as a share of Bi
    assert cells[9] == "14.00 / 1.00"  # (D1mr + D1mw) per 1,000 Ir
    assert len(cells) == cpu_sim.HEAD.splitlines()[0].count("|") - 1


CALLGRIND = """\
# callgrind format
positions: instr line
events: Ir Bc Bcm Bi Bim
fl=(1) exec.c
fn=(7) other
0x100 5 9 0 0 1 1
cfn=(8) mw_exec
calls=1 0x200 10
0x104 6 500 50 5 40 20
fn=(8)
0x200 10 3 1 1
+4 * 2 0 0 1 1
+4 +1 2 1 0
cfn=(7)
calls=2 0x100 5
* * 99 9 9 9 9
-8 -1 1 0 0 1 0
"""


def test_instr_costs_follow_relative_positions() -> None:
    events, costs = cpu_sim.instr_costs(CALLGRIND, "mw_exec")
    assert events == ["Ir", "Bc", "Bcm", "Bi", "Bim"]
    # mw_exec named with its id on first use (in cfn=), then by id alone; the
    # cost after calls= (99 ..) is the call's, not an instruction's
    assert costs == {0x200: [4, 1, 1, 1, 0], 0x204: [2, 0, 0, 1, 1], 0x208: [2, 1, 0, 0, 0]}


OBJDUMP = """\
0000000000001000 <mw_exec>:
mw_exec():
/src/modwasm/engine/exec.c:30
    1000:\tmovzwl 0x2(%rbx),%eax
/src/modwasm/engine/mw_int.h:1767
    1004:\tadd    %rcx,%rdx
/src/modwasm/engine/exec.c:31
    1008:\tcmp    %r15,%rdx
/src/modwasm/engine/exec.c:40
    100c:\tjmp    *(%r12,%rax,8)
/src/modwasm/engine/exec.c:50
    1010:\tmov    (%r10,%rax,8),%eax
"""


def test_an_instruction_is_named_by_the_handler_above_it() -> None:
    lines = cpu_sim.exec_lines(OBJDUMP)
    assert lines == {0x1000: 30, 0x1004: 0, 0x1008: 31, 0x100C: 40, 0x1010: 50}
    handlers = [""] * 60
    for i in range(29, 39):
        handlers[i] = "LOAD32_U"
    handlers[39] = "(dispatch)"  # line 40: the dispatch GCC copied into the handler
    for i in range(49, 60):
        handlers[i] = "STORE32"
    names = cpu_sim.handler_of_addr(lines, handlers)
    # the inlined line (mw_int.h) and the dispatch jump belong to the handler above
    assert names == {0x1000: "LOAD32_U", 0x1004: "LOAD32_U", 0x1008: "LOAD32_U", 0x100C: "LOAD32_U", 0x1010: "STORE32"}
