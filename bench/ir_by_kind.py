# SPDX-License-Identifier: MIT
"""Our engine's host instructions (callgrind Ir) by what they do for the interpreter, over whole
programs: the generic overheads every handler pays, not one op's or one pair's.

Each program runs once on build/bench/runner_mw_wasi under callgrind (`--dump-instr=yes`, `_start`
alone: `--toggle-collect=bench_call`, quick sizes, as bench/ir_by_handler.py). Every x86-64
instruction of mw_exec is put in one kind by its disassembly (objdump), with the registers mw_exec
keeps its state in found from the code itself (printed):

    dispatch: jump          the indirect `jmp *(labels,op,8)` each handler ends with
    dispatch: next-op load  the load of the op index that jump uses (the last write of its index
                            register before it in the block)
    dispatch: pc advance    every other write of the pc register (`add $n, pc`, `lea`), and a
                            `lea` from it into another (a branch's fall-through pc)
    branch direction        a taken branch's test of its offset's sign (`cmp $-1`): a back edge
                            polls, a forward one does not
    operand decode          the other loads from the code (slot indices, immediates, offsets)
    slot load / slot store  a memory operand on the frame pointer (an ALU op or a compare that
                            reads a slot is a load: its work is folded into it)
    slot address            `lea` on the frame pointer (a call's arguments, a slot pair)
    guest memory            a memory operand on the linear memory's base register
    bounds check            a compare with the memory limit register and the branch after it
    loop poll               the back edge's countdown (`subl $1, n(%rsp)`) and its branch
    work                    everything else in mw_exec: the op's own arithmetic and branches
    outside mw_exec         the functions mw_exec calls (libm, memcpy, the WASI shim, ...)

    python3 bench/ir_by_kind.py --programs zlib,lua,giflib
    python3 bench/ir_by_kind.py --programs zlib,lua --profiles build/bench/callgrind   # profiles made before

--profiles DIR reads DIR/prog-NAME.mpwasm.out instead of running callgrind: profiles of the same
build/bench/runner_mw_wasi made with `--dump-instr=yes` (bench/run.py's own are by line: refused).
--perf samples the whole run with `perf record -e cpu-clock` instead (bench/cpu_profile.py's
timer): shares of CPU time, not of Ir, each sample put in its instruction's kind (a sample may
land on the instruction after the one that held the core up); for a program too long for
callgrind on a loaded machine (libxcrypt's quick run: 7.4 G Ir).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import bench_programs
import ir_by_handler
import programs as P

INSN = re.compile(r"^\s*([0-9a-f]+):\s+(\S+)\s*(.*?)\s*(?:#.*)?$")
MEM = re.compile(r"(?:-?0x[0-9a-f]+|-?\d+)?\((%\w+)?(?:,(%\w+)(?:,(\d))?)?\)")
KINDS = (
    "dispatch: jump",
    "dispatch: next-op load",
    "dispatch: pc advance",
    "operand decode",
    "slot load",
    "slot store",
    "slot address",
    "guest memory",
    "bounds check",
    "loop poll",
    "branch direction",
    "work",
    "outside mw_exec",
)
READS_ONLY = ("cmp", "test", "ucomis", "comis", "bt")


@dataclass(frozen=True)
class Insn:
    addr: int
    op: str
    args: list[str]  # AT&T order: the destination last


@dataclass(frozen=True)
class Roles:
    """The registers mw_exec keeps its state in (64-bit names)."""

    pc: str
    fp: str
    labels: str
    mem: str
    limit: str


def split_args(text: str) -> list[str]:
    out, depth, cur = [], 0, ""
    for c in text:
        if c == "," and depth == 0:
            out.append(cur)
            cur = ""
            continue
        depth += (c == "(") - (c == ")")
        cur += c
    return [a.strip() for a in [*out, cur] if a.strip()]


def disassemble(runner: Path, fn: str = "mw_exec") -> list[Insn]:
    text = subprocess.run(
        ["objdump", "-d", "--no-show-raw-insn", str(runner)], capture_output=True, text=True, check=True
    ).stdout
    return parse_disassembly(text, fn)


def parse_disassembly(text: str, fn: str = "mw_exec") -> list[Insn]:
    """The instructions of `fn` (and its .cold parts) in objdump -d's text."""
    out, inside = [], False
    for line in text.splitlines():
        m = re.match(r"^[0-9a-f]+ <([^>]+)>:$", line)
        if m:
            inside = m.group(1) == fn or m.group(1).startswith(fn + ".")
            continue
        m = INSN.match(line) if inside else None
        if m:
            out.append(Insn(int(m.group(1), 16), m.group(2), split_args(m.group(3))))
    return out


REG64 = {
    **{f"%{r}": f"%r{r[1:]}" for r in ("eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp")},
    **{f"%{r}x": f"%r{r}x" for r in "abcd"},
    **{f"%{r}l": f"%r{r}x" for r in "abcd"},
    **{f"%r{n}{s}": f"%r{n}" for n in range(8, 16) for s in ("d", "w", "b")},
}


def reg64(r: str) -> str:
    return REG64.get(r, r)


def mems(i: Insn) -> list[tuple[int, re.Match[str]]]:
    return [(k, m) for k, a in enumerate(i.args) for m in [MEM.search(a)] if m and not a.startswith("$")]


def find_roles(code: list[Insn]) -> Roles:
    """pc: the base most loaded from with movzwl; fp: the base of most `(base,index,8)` operands;
    labels: the base of the indirect jumps; mem: the base of most `(base,index,1)` operands;
    limit: the register most compared with just before a jae/jb."""
    pc, fp, labels, mem, limit = Counter(), Counter(), Counter(), Counter(), Counter()
    for n, i in enumerate(code):
        for _, m in mems(i):
            base, scale = m.group(1), m.group(3)
            if i.op == "jmp" and i.args[0].startswith("*"):
                labels[base] += 1
            elif i.op.startswith("movz") and base:
                pc[base] += 1
            if scale == "8" and i.op != "jmp":
                fp[base] += 1
            elif scale == "1" and m.group(2):
                mem[base] += 1
        if i.op == "cmp" and len(i.args) == 2 and n + 1 < len(code) and code[n + 1].op in ("jae", "jb", "ja", "jbe"):
            if i.args[0].startswith("%") and i.args[1].startswith("%"):
                limit[i.args[0]] += 1
    top = [c.most_common(1)[0][0] if c else "" for c in (pc, fp, labels, mem, limit)]
    return Roles(*top)


def writes(i: Insn) -> str:
    """The 64-bit register an instruction writes, or ""."""
    if not i.args or i.op.startswith(("cmp", "test", "j", "push", "ucomis", "comis")):
        return ""
    last = i.args[-1]
    return reg64(last) if last.startswith("%") else ""


def classify(code: list[Insn], roles: Roles) -> dict[int, str]:
    kind: dict[int, str] = {}
    targets = {
        int(a.split()[0], 16) for i in code if i.op.startswith("j") for a in i.args[:1] if re.match(r"^[0-9a-f]+ <", a)
    }
    for n, i in enumerate(code):
        if i.op == "jmp" and i.args and i.args[0].startswith("*"):
            kind[i.addr] = "dispatch: jump"
            m = MEM.search(i.args[0])
            index = m.group(2) if m else None
            for back in range(n - 1, max(n - 16, -1), -1):
                b = code[back]
                if b.op.startswith(("j", "call", "ret")):
                    break
                if index and writes(b) == index and b.addr not in kind:
                    kind[b.addr] = "dispatch: next-op load"
                    break
                if b.addr in targets:
                    break
    for n, i in enumerate(code):
        if i.addr in kind:
            continue
        ms = mems(i)
        dest = writes(i)
        if i.op.startswith("sub") and i.args[:1] == ["$0x1"] and "(%rsp)" in i.args[-1]:
            kind[i.addr] = "loop poll"
            if n + 1 < len(code) and code[n + 1].op in ("js", "jns"):
                kind[code[n + 1].addr] = "loop poll"
        elif i.op == "cmp" and roles.limit in i.args and not ms:
            kind[i.addr] = "bounds check"
            if n + 1 < len(code) and code[n + 1].op.startswith("j") and code[n + 1].op != "jmp":
                kind[code[n + 1].addr] = "bounds check"
        elif ms and ms[0][1].group(1) == roles.fp:
            k, _ = ms[0]
            if i.op.startswith("lea"):
                kind[i.addr] = "slot address"
            elif k == len(i.args) - 1 and not i.op.startswith(READS_ONLY):
                kind[i.addr] = "slot store"
            else:
                kind[i.addr] = "slot load"
        elif ms and ms[0][1].group(1) == roles.mem:
            kind[i.addr] = "guest memory"
        elif ms and ms[0][1].group(1) == roles.pc and i.op != "lea":
            kind[i.addr] = "operand decode"
        elif dest == roles.pc or (i.op == "lea" and ms and ms[0][1].group(1) == roles.pc):
            kind[i.addr] = "dispatch: pc advance"
        elif i.op == "cmp" and i.args[:1] == ["$0xffffffffffffffff"]:
            kind[i.addr] = "branch direction"
            if n + 1 < len(code) and code[n + 1].op in ("jge", "jl", "jg", "jle"):
                kind[code[n + 1].addr] = "branch direction"
    return kind


def breakdown(per: Counter[int], by_fn: Counter[str], kind: dict[int, str]) -> Counter[str]:
    out: Counter[str] = Counter()
    for a, ir in per.items():
        out[kind.get(a, "work")] += ir
    out["outside mw_exec"] = sum(v for f, v in by_fn.items() if not f.startswith("mw_exec"))
    return out


def perf_samples(runner: Path, wasm: Path, argv: list[str], out: Path) -> tuple[Counter[int], Counter[str]]:
    """cpu-clock samples of one run: per instruction address in mw_exec, and per function."""
    data = out.with_suffix(".perf")
    subprocess.run(
        ["perf", "record", "-q", "-e", "cpu-clock", "-F", "20000", "-o", str(data), str(runner), str(wasm), "1", "-"]
        + argv,
        check=True,
        capture_output=True,
        timeout=3600,
    )
    text = subprocess.run(
        ["perf", "script", "-i", str(data), "-F", "ip,sym,symoff"], capture_output=True, text=True, check=True
    ).stdout
    nm = subprocess.run(["nm", str(runner)], capture_output=True, text=True, check=True).stdout
    starts = {w[2]: int(w[0], 16) for w in (x.split() for x in nm.splitlines()) if len(w) == 3}
    per: Counter[int] = Counter()
    by_fn: Counter[str] = Counter()
    for line in text.splitlines():
        # "ip sym+0xoff": the run's address is the loaded one; the symbol and offset give the file's
        m = re.match(r"\s*[0-9a-f]+\s+(\S+?)\+0x([0-9a-f]+)", line)
        fn = m.group(1) if m else "[unknown]"
        by_fn[fn] += 1
        if fn.startswith("mw_exec") and fn in starts:
            per[starts[fn] + int(m.group(2), 16)] += 1
    return per, by_fn


def count(runner: Path, wasm: Path, argv: list[str], out: Path) -> Path:
    """The program's run under callgrind by instruction (ir_by_handler's command)."""
    return ir_by_handler.callgrind_by_instr(runner, wasm, argv, out)


def table(rows: dict[str, Counter[str]], per_op: bool = True) -> str:
    """Each program's share of its Ir by kind, and the mean of the shares."""
    names = list(rows)
    head = "| kind | " + " | ".join(names) + " | mean |\n|---|" + "---:|" * (len(names) + 1)
    lines = [head]
    for k in KINDS:
        shares = [rows[n][k] / (sum(rows[n].values()) or 1) * 100 for n in names]
        lines.append(f"| {k} | " + " | ".join(f"{s:.1f}%" for s in shares) + f" | {sum(shares) / len(shares):.1f}% |")
    if not per_op:
        return "\n".join(lines)
    jumps = [rows[n]["dispatch: jump"] for n in names]
    per_op = [sum(rows[n].values()) / (j or 1) for n, j in zip(names, jumps)]
    lines.append(
        "| Ir per op (ops: the dispatch jumps) | "
        + " | ".join(f"{x:.2f}" for x in per_op)
        + f" | {sum(per_op) / len(per_op):.2f} |"
    )
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--programs", required=True, help="comma-separated names")
    ap.add_argument("--profiles", type=Path, help="read DIR/prog-NAME.mpwasm.out (--dump-instr=yes) instead")
    ap.add_argument("--perf", action="store_true", help="shares of cpu-clock samples (perf), not of callgrind's Ir")
    P.add_features_arg(ap)
    a = ap.parse_args()
    P.use_features(a.features)
    progs = P.select(a.programs)
    for p in progs if a.profiles else ():
        cg = a.profiles / f"prog-{p.name}.mpwasm.out"
        if "positions: instr" not in cg.read_text()[:2000]:
            raise SystemExit(f"{cg}: a profile by line, not by instruction (--dump-instr=yes)")
    P.fetch(progs)
    wasms = {p.name: P.build(p, "wasm") for p in progs}  # the native builds are not needed
    runner = bench_programs.build_runner_mw_wasi()
    code = disassemble(runner)
    roles = find_roles(code)
    kind = classify(code, roles)
    print(f"mw_exec: {len(code)} instructions; registers: {roles}\n")
    out = bench_programs.OUT / "ir-by-kind"
    out.mkdir(parents=True, exist_ok=True)
    rows: dict[str, Counter[str]] = {}
    for p in progs:
        P.log(f"ir by kind: {p.name} ...")
        if a.perf:
            per, by_fn = perf_samples(runner, wasms[p.name], p.argv("quick"), out / p.name)
        else:
            if a.profiles:
                cg = a.profiles / f"prog-{p.name}.mpwasm.out"
            else:
                cg = count(runner, wasms[p.name], p.argv("quick"), out / f"{p.name}.callgrind")
            per, by_fn = ir_by_handler.self_ir(cg)
        rows[p.name] = breakdown(per, by_fn, kind)
        total = sum(rows[p.name].values())
        outside = Counter({f: v for f, v in by_fn.items() if not f.startswith("mw_exec")}).most_common(5)
        P.log(
            f"  {total:,} {'samples' if a.perf else 'Ir'}; outside mw_exec: "
            + ", ".join(f"{f} {v:,}" for f, v in outside)
        )
    print(table(rows, per_op=not a.perf))
    return 0


if __name__ == "__main__":
    sys.exit(main())
