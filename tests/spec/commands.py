# SPDX-License-Identifier: MIT
"""Spec JSON commands -> compact literals for mp_driver.py, and result checks.

CPython does all the interpretation: the driver only executes command tuples
and prints raw results (see mp_driver.py for the protocol), so every rule
about what a spec command expects lives here and is testable without
MicroPython.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path

MASK = {
    "i32": (1 << 32) - 1,
    "i64": (1 << 64) - 1,
    "f32": (1 << 32) - 1,
    "f64": (1 << 64) - 1,
}
# Quiet-NaN bits (exponent all ones + top mantissa bit) and sign bit.
QNAN = {"f32": 0x7FC00000, "f64": 0x7FF8000000000000}
SIGN = {"f32": 1 << 31, "f64": 1 << 63}

SKIP_TEXT = "text format"


@dataclass
class Command:
    index: int  # position in the JSON command list
    line: int  # line in the .wast
    kind: str  # JSON "type"
    json: dict
    src: str | None = None  # the driver literal; None when skipped
    skip: str | None = None  # why it isn't run


def _num(t: str, v: str) -> int:
    # wabt writes unsigned decimals, wasm-tools signed ones: mask both.
    return int(v) & MASK[t]


def arg_literal(a: dict) -> str:
    t, v = a["type"], a.get("value")
    if t in MASK:
        return str(_num(t, v))
    if t in ("externref", "funcref"):
        if v == "null":
            return "None"
        if t == "externref":
            return f"X({int(v)})"
    raise ValueError(f"unsupported argument {a}")


def _str(s: str | None) -> str:
    # ascii(): \x/\u escapes, which MicroPython's lexer reads like CPython's.
    return "None" if s is None else ascii(s)


def _action_literal(index: int, act: dict) -> str:
    name = _str(act.get("module"))
    if act["type"] == "invoke":
        args = "".join(arg_literal(a) + "," for a in act.get("args", []))
        return f"({index},'c',{name},{_str(act['field'])},({args}))"
    if act["type"] == "get":
        return f"({index},'g',{name},{_str(act['field'])})"
    raise ValueError(f"unsupported action {act['type']}")


def load(json_path: Path) -> list[Command]:
    """Parse a converted .wast: every command, with its literal or skip reason."""
    data = json.loads(json_path.read_text())
    wasm_dir = json_path.parent
    cmds = []
    for i, c in enumerate(data["commands"]):
        cmd = Command(i, c.get("line", 0), c["type"], c)
        kind = cmd.kind
        if "filename" in c and c.get("module_type", "binary") != "binary":
            cmd.skip = SKIP_TEXT
        elif kind in (
            "module",
            "module_definition",
            "assert_invalid",
            "assert_malformed",
            "assert_unlinkable",
            "assert_uninstantiable",
        ):
            data_lit = repr((wasm_dir / c["filename"]).read_bytes())
            if kind == "module":
                cmd.src = f"({i},'m',{_str(c.get('name'))},{data_lit})"
            elif kind in ("module_definition", "assert_invalid", "assert_malformed"):
                cmd.src = f"({i},'d',{data_lit})"
            else:
                cmd.src = f"({i},'u',{data_lit})"
        elif kind == "register":
            cmd.src = f"({i},'r',{_str(c['as'])},{_str(c.get('name'))})"
        elif kind in ("action", "assert_return", "assert_trap", "assert_exhaustion"):
            cmd.src = _action_literal(i, c["action"])
        else:
            cmd.skip = f"unsupported command {kind}"
        cmds.append(cmd)
    return cmds


def batches(cmds: list[Command], max_bytes: int = 6000, max_cmds: int = 100) -> list[str]:
    """Driver calls `B([...])`, each at most max_bytes of source (a bigger
    single module goes alone) so a small-RAM device can compile every batch."""
    out, cur, size = [], [], 0
    for c in cmds:
        if c.src is None:
            continue
        if cur and (size + len(c.src) > max_bytes or len(cur) >= max_cmds):
            out.append(cur)
            cur, size = [], 0
        cur.append(c.src)
        size += len(c.src) + 1
    if cur:
        out.append(cur)
    return ["B([" + ",".join(b) + "])" for b in out]


def parse_output(text: str) -> dict[int, tuple]:
    """Driver stdout -> {index: result tuple}; other lines are ignored."""
    res = {}
    for line in text.splitlines():
        head, _, rest = line.partition(" ")
        if head.isdigit() and rest.startswith("("):
            try:
                res[int(head)] = ast.literal_eval(rest)
            except (ValueError, SyntaxError):
                res[int(head)] = ("bad", rest)
    return res


def _fmt(t: str, v) -> str:
    if isinstance(v, int) and t in ("f32", "f64"):
        return f"{t}:0x{v:0{8 if t == 'f32' else 16}x}"
    return f"{t}:{v!r}"


def _fmt_exp(e: dict) -> str:
    t, v = e["type"], e.get("value")
    if t in MASK and v is not None and not v.startswith("nan"):
        return _fmt(t, _num(t, v))
    return f"{t}:{v}"


def value_matches(exp: dict, got) -> bool:
    t, v = exp["type"], exp.get("value")
    if t in MASK:
        if type(got) is not int:
            return False
        if v == "nan:canonical":
            return got & ~SIGN[t] == QNAN[t]
        if v == "nan:arithmetic":
            return got & QNAN[t] == QNAN[t]
        return got == _num(t, v)
    if t == "externref":
        if v is None:
            return got is not None
        return got is None if v == "null" else got == ("e", int(v))
    if t == "funcref":
        if v == "null":
            return got is None
        return got == "f"
    return False


def _trap_matches(want: str, msg: str) -> bool:
    # The reference interpreter matches by prefix ("uninitialized element 2").
    return msg.startswith(want) or want.startswith(msg) and msg != ""


def _describe(out) -> str:
    if out[0] == "ok":
        return f"returned {out[1]!r}"
    if out[0] == "x":
        return f"raised {out[1]}({out[2]!r})"
    return f"bad output {out!r}"


def check(cmd: Command, out: tuple | None) -> str | None:
    """None if `out` is what `cmd` expects, else a one-line reason."""
    c, kind = cmd.json, cmd.kind
    if out is None:
        return "no result (driver died or timed out before this command)"
    ok = out[0] == "ok"
    if kind in ("module", "module_definition", "register", "action"):
        return None if ok else _describe(out)
    if kind == "assert_return":
        exp = c["expected"]
        if not ok:
            want = ", ".join(_fmt_exp(e) for e in exp)
            return f"expected ({want}), {_describe(out)}"
        got = out[1] or ()
        if len(got) == len(exp) and all(value_matches(e, g) for e, g in zip(exp, got)):
            return None
        want = ", ".join(_fmt_exp(e) for e in exp)
        types = [e["type"] for e in exp] + ["?"] * len(got)
        have = ", ".join(_fmt(t, g) for t, g in zip(types, got))
        return f"expected ({want}), got ({have})"
    want_exc = {
        "assert_trap": "Trap",
        "assert_exhaustion": "Trap",
        "assert_uninstantiable": "Trap",
        "assert_invalid": "CompileError",
        "assert_malformed": "CompileError",
        "assert_unlinkable": "LinkError",
    }[kind]
    text = c.get("text", "")
    if out[0] == "x" and out[1] == want_exc and (want_exc != "Trap" or _trap_matches(text, out[2])):
        return None
    return f"expected {want_exc}({text!r}), {_describe(out)}"
