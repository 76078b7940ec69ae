# SPDX-License-Identifier: MIT
"""bench/ir_by_kind.py: mw_exec's x86-64 instructions put in kinds (dispatch, operand decoding, slot
traffic, the op's work) from their disassembly, and callgrind's per-instruction self Ir read back.
Two handlers of GCC -O3's mw_exec as objdump prints them, and a small profile: no valgrind, no build."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
import ir_by_handler as H  # noqa: E402
import ir_by_kind as K  # noqa: E402

# LOAD32 fused with I32_SUB (a bounds-checked guest load, then a three-slot op), and BR_LT_U_IMM's
# taken branch (the sign test of its offset, the loop poll, NEXT_AT)
OBJDUMP = """
0000000000001000 <mw_exec>:
    1000:\tmovzbl 0x1(%rbx),%eax
    1004:\tmovzwl 0x2(%rbx),%ecx
    1008:\tmov    (%r10,%rax,8),%edx
    100c:\tadd    %rcx,%rdx
    100f:\tcmp    %r15,%rdx
    1012:\tjae    2000 <mw_exec+0x1000>
    1018:\tmovzbl (%rbx),%eax
    101b:\tmov    (%r14,%rdx,1),%edi
    101f:\tadd    $0xc,%rbx
    1023:\tmov    %rdi,(%r10,%rax,8)
    1027:\tmovzbl -0x5(%rbx),%eax
    102b:\tmov    (%r10,%rax,8),%eax
    102f:\tsub    (%r10,%rcx,8),%eax
    1033:\tmov    %rax,(%r10,%rdx,8)
    1037:\tmovzwl -0x2(%rbx),%eax
    103b:\tjmp    *(%r12,%rax,8)
    103f:\tmovzbl 0x1(%rbx),%edx
    1043:\tlea    0x6(%rbx),%rcx
    1047:\tcmp    (%r10,%rdx,8),%eax
    104b:\tjb     2000 <mw_exec+0x1000>
    1051:\tmovswq 0xa(%rbx),%rdx
    1056:\tcmp    $0xffffffffffffffff,%rdx
    105a:\tjge    2000 <mw_exec+0x1000>
    1060:\tsubl   $0x1,0x14(%rsp)
    1065:\tjs     2000 <mw_exec+0x1000>
    106b:\tmovzwl 0x4(%rcx,%rdx,2),%eax
    1070:\tlea    0x6(%rcx,%rdx,2),%rbx
    1075:\tjmp    *(%r12,%rax,8)
    1079:\tshl    $0x3,%rax

0000000000003000 <bench_call>:
    3000:\tret
"""


def code() -> list[K.Insn]:
    return K.parse_disassembly(OBJDUMP)


def test_the_registers_are_found_from_the_code() -> None:
    assert K.find_roles(code()) == K.Roles(pc="%rbx", fp="%r10", labels="%r12", mem="%r14", limit="%r15")


def test_each_instruction_gets_its_kind() -> None:
    c = code()
    kind = K.classify(c, K.find_roles(c))
    got = {i.addr: kind.get(i.addr, "work") for i in c}
    assert got == {
        0x1000: "operand decode",
        0x1004: "operand decode",
        0x1008: "slot load",
        0x100C: "work",
        0x100F: "bounds check",
        0x1012: "bounds check",
        0x1018: "operand decode",
        0x101B: "guest memory",
        0x101F: "dispatch: pc advance",
        0x1023: "slot store",
        0x1027: "operand decode",
        0x102B: "slot load",
        0x102F: "slot load",  # the subtraction reads its operand from the slot
        0x1033: "slot store",
        0x1037: "dispatch: next-op load",
        0x103B: "dispatch: jump",
        0x103F: "operand decode",
        0x1043: "dispatch: pc advance",  # the fall-through pc
        0x1047: "slot load",  # a compare reads
        0x104B: "work",
        0x1051: "operand decode",
        0x1056: "branch direction",
        0x105A: "branch direction",
        0x1060: "loop poll",
        0x1065: "loop poll",
        0x106B: "dispatch: next-op load",
        0x1070: "dispatch: pc advance",
        0x1075: "dispatch: jump",
        0x1079: "work",
    }
    assert 0x3000 not in got  # mw_exec alone


def test_self_ir_reads_instructions_with_or_without_lines(tmp_path: Path) -> None:
    prof = tmp_path / "p.out"
    prof.write_text(
        "positions: instr line\nevents: Ir\n"
        "fn=mw_exec\n0x1000 10 5\n0x1004 10 7\ncfn=memcpy\ncalls=2 0x9000 3\n0x1008 11 100\n0x1008 11 2\n"
        "fn=memcpy\n0x9000 1 40\n"
        "totals: 54\n"
    )
    per, by_fn = H.self_ir(prof)
    assert per == Counter({0x1000: 5, 0x1004: 7, 0x1008: 2})  # the call's line is memcpy's inclusive cost
    assert by_fn == Counter({"mw_exec": 14, "memcpy": 40})
    kinds = K.breakdown(per, by_fn, {0x1000: "operand decode"})
    assert kinds == Counter({"operand decode": 5, "work": 9, "outside mw_exec": 40})


def test_a_profile_by_line_is_refused(tmp_path: Path) -> None:
    (tmp_path / "prog-zlib.mpwasm.out").write_text("positions: line\nevents: Ir\nfn=mw_exec\n10 5\n")
    r = subprocess.run(
        [sys.executable, str(REPO / "bench" / "ir_by_kind.py"), "--programs", "zlib", "--profiles", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert r.returncode == 1 and "a profile by line, not by instruction" in r.stderr, r.stderr
