# SPDX-License-Identifier: MIT
"""bench/cpu_profile.py: a perf sample's source line in exec.c names the
handler it lies in (OP(NAME), a row macro's invocation, the dispatch), and
`perf report --sort srcline` lines add up by handler. (perf itself is not run
here: the tool's figures are benchmarks.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
import cpu_profile  # noqa: E402

SOURCE = cpu_profile.EXEC.read_text()
LINES = SOURCE.splitlines()
HANDLERS = cpu_profile.handler_of_lines(SOURCE)


def line_of(text: str) -> int:
    """The 1-based line of exec.c holding `text` (exactly one)."""
    found = [i + 1 for i, line in enumerate(LINES) if text in line]
    assert len(found) == 1, (text, found)
    return found[0]


@pytest.mark.parametrize(
    ("text", "after", "name"),
    [
        ("BIN(I32_ADD, i32, MW_ADD)", 0, "I32_ADD"),  # a row macro, through BIN -> BIN_
        ("BRCMP(BR_NE, uint32_t, !=, S(1).i32, 2)", 0, "BR_NE"),  # BRCMP -> BRIF
        ("LOADX(LOAD8_U_XR, LOAD8_U,", 0, "LOAD8_U_XR"),
        # a row macro that pastes its handler's name from its arguments (before session 24
        # its rows counted under their first argument: STORE8, BR_NE, STORE32)
        ("STOREADD(STORE8, 1, uint8_t, SQ(0).i32)", 0, "STORE8_I32_ADD_IMMH"),
        ("ADDBR(BR_NE, v_ != S(1).i32, 2)", 0, "I32_ADD_IMMH_BR_NE"),
        ("STOREX(STORE32, uint32_t, i32)", 0, "STORE32_X"),
        ("OP(BR_ADD_NZ): {", 1, "BR_ADD_NZ"),  # a line inside an OP(NAME) body
        ("OP(JMP): {", 2, "JMP"),
        ("goto *labels[next_op_ix];", 0, "(dispatch)"),
        ("XVF_PLAIN(F32_ADD) BIN_(F32_ADD,", 0, "F32_ADD"),  # the last of two on a line
        ("back_edge:", 2, "(back_edge)"),  # a label of mw_exec's own: no handler's code
        ("do_call:", 1, "(do_call)"),
        ("LBIF(BR_EQ_IMM, lbv == IMM32(1), 3)", 0, "(LBIF BR_EQ_IMM)"),  # a load-and-branch row's tail
        # the load-and-branch rows' loads, a family expanded by exec.c's own row macro
        ("MW_LOAD_BR_FUSED(LOADBR, LOAD32_U, 4)", 0, "(MW_LOAD_BR_FUSED LOAD32_U rows)"),
        ("MW_LOAD_BR_FUSED(LOADBR, LOAD8_U, 1)", 0, "(MW_LOAD_BR_FUSED LOAD8_U rows)"),
    ],
)
def test_a_line_names_its_handler(text: str, after: int, name: str) -> None:
    assert HANDLERS[line_of(text) - 1 + after] == name


def test_a_family_on_a_line_of_its_own_names_its_rows() -> None:
    # MW_LOADF_FUSED(MW_X_LOADF, _) alone: the load-and-op rows' handlers; beside
    # OP(F32_DEMOTE_XV) on a line, the OP(..) is the handler that follows
    at = [i for i, line in enumerate(LINES) if line.strip().startswith("MW_LOADF_FUSED(MW_X_LOADF, _)")]
    alone = [i for i in at if LINES[i].strip() == "MW_LOADF_FUSED(MW_X_LOADF, _)"]
    assert alone and len(at) > len(alone), at
    assert all(HANDLERS[i] == "(MW_LOADF_FUSED rows)" for i in alone)
    assert all(HANDLERS[i] == "F32_DEMOTE_XV" for i in at if i not in alone)


def test_no_handler_is_named_after_an_argument() -> None:
    # only op names (upper case) and the families' pseudo-names; CALL_TRACE(UINT32_MAX)
    # and the like are no handler's first line
    names = set(HANDLERS) - {""}
    assert "UINT32_MAX" not in names and "I32_ADD" in names and len(names) > 200, sorted(names)[:20]


def test_time_shares_add_up_by_handler() -> None:
    add, sub, jmp = line_of("BIN(I32_ADD, i32, MW_ADD)"), line_of("BIN(I32_SUB, i32, MW_SUB)"), line_of("OP(JMP): {")
    report = "\n".join(
        [
            "# Samples: 4K of event 'cpu-clock'",
            f"    40.00%  exec.c:{add}",
            f"    10.00%  exec.c:{sub}",
            f"     5.00%  exec.c:{jmp + 1}",
            f"     5.00%  exec.c:{jmp + 2}",
            "    30.00%  mw_int.h:1729",
            "    10.00%  exc_page_fault+215",
        ]
    )
    shares = cpu_profile.time_shares(report, HANDLERS)
    assert shares == pytest.approx({"I32_ADD": 0.4, "I32_SUB": 0.1, "JMP": 0.1, "(mw_int.h)": 0.3})


@pytest.mark.parametrize("tool", ["cpu_profile.py", "ir_by_handler.py"])
def test_unknown_program_is_refused(tool: str) -> None:
    r = subprocess.run(
        [sys.executable, str(REPO / "bench" / tool), "--programs", "zlib,nosuch"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    # programs.select's words: the name refused and the names known
    assert r.returncode == 1 and "no program nosuch;" in r.stderr and "known: sqlite, zlib" in r.stderr, r.stderr
