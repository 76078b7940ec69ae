# SPDX-License-Identifier: MIT
"""The modules build.py makes from the code table, against wasmtime: every
compare-and-branch row (compare_branch_module), every fused address row
(address_rows_module: NAME_X, _XR, _XM and their D twins, LOAD16_U_XR among
them, which no seed ran until session 40), every float -> integer
truncation at its range's edges (trunc_module: session 41, the inline
signed i32 handlers among them), every row of two ops (pair_rows_module:
session 41, crypt's loop rows among them) and, with --wide, the module of
65,539 defined functions whose callers of the last ones are CALL_DEF_W
(wide_call_module: ~15 s a load mode, most of it wasmtime compiling). Each
through diff.Differ (results bit for bit, trap kinds, the exported memory's
bytes) in each load mode; the rows come from MW_OP_LIST, so a row another
session adds to those families is compared as soon as it is in the table.
And the rows no lowering emits (I32_WRAP_I64, the four reinterprets), each
put into an image by hand: it loads and its handler traps "unreachable".

--padded (session 42): fuzz_run.c's padded modules as it runs them (build.py
pad_module: build.py's ~100-byte inputs and any input of the run target's
corpus ending in an "mw-pad" section, 65,540 functions more), compared too.

usage: python3 -m fuzz.rows [--wide] [--padded] [--load eager,lazy,budget]
"""

from __future__ import annotations

import argparse
import ctypes as C
import re
import struct
import subprocess
import sys
import time
from pathlib import Path

from fuzz import build, diff


def modules(wide: bool) -> list[tuple[str, bytes]]:
    """(name, binary) of the table's modules (and the wide call module)."""
    rows = build.op_rows()
    parse = [diff.tool("wasm-tools"), "parse", "-"]
    out = [
        (name, subprocess.run(parse, input=text.encode(), capture_output=True, check=True).stdout)
        for name, text in (
            ("compare_branch", build.compare_branch_module(rows)),
            ("address_rows", build.address_rows_module(rows)),
            ("trunc", build.trunc_module(rows)),
            ("pair_rows", build.pair_rows_module(rows)),
        )
    ]
    return out + ([("wide_call", build.wide_call_module())] if wide else [])


# rows no lowering emits (an i32.wrap_i64 or a reinterpret leaves the value in
# its slot, lower.c): their handler traps "unreachable" (exec.c), which only
# an image can reach; matched against the table, so a new such row is tried
UNEMITTED = r"I32_WRAP_I64|\w+_REINTERPRET_\w+"


def unemitted_rows_trap(ours: diff.Ours) -> dict[str, str]:
    """Each row of UNEMITTED put, in wasm-cross's image of a function of one
    i32.extend8_s, where that op was (the same layout, "d a"), the image
    sealed again and loaded, the function called: row -> what happened
    ("unreachable", the trap the handler gives, or the load's refusal, the
    call's other status or what it returned; I32_EXTEND8_S: the image as
    made)."""
    sys.path[:0] = [str(build.REPO / "tests"), str(build.REPO / "scripts")]  # (images.ops() reads the table there)
    from support import images

    text = '(module (func (export "f") (param i32) (result i32) (i32.extend8_s (local.get 0))))'
    data = subprocess.run([diff.tool("wasm-tools"), "parse", "-"], input=text.encode(), capture_output=True, check=True)
    img = ours.image(data.stdout)
    assert isinstance(img, bytes), img
    number = {op.name: i for i, op in enumerate(images.ops())}
    at = [k for k, op, _ in images.Image(bytearray(img)).instructions(0) if op.name == "I32_EXTEND8_S"]
    assert len(at) == 1, "the function's lowering has no I32_EXTEND8_S"
    L, out = ours.L, {}
    # (the image as made first: its call returns, so the trap is the row's)
    for row in ["I32_EXTEND8_S", *(r for r in build.op_rows() if re.fullmatch(UNEMITTED, r))]:
        im = images.Image(bytearray(img))
        struct.pack_into("<H", im.data, im.code_at(0, at[0]), number[row])
        buf = C.create_string_buffer(im.seal())
        st = C.c_int()
        m = L.sh_load_image(ours.rt, buf, len(buf.raw) - 1, C.byref(st))
        if not m:
            out[row] = "refused: " + L.sh_report(ours.rt, C.byref(C.c_uint())).decode()
            continue
        inst, ist = ours.instantiate(m)
        f, res = C.c_void_p(), (C.c_uint64 * 1)()
        L.sh_export(inst, b"f", C.byref(f))
        cst = L.sh_call_fuel(ours.rt, f, (C.c_uint64 * 1)(0x1FF), res, 1000)
        out[row] = f"returned {res[0]:#x}" if cst == 0 else ours.status(cst)
        L.sh_instance_free(ours.rt, inst)
        L.sh_module_free(ours.rt, m)
    return out


def padded(corpus: Path = diff.OUT / "corpus" / "run") -> list[tuple[str, bytes]]:
    """What fuzz_run.c runs for build.py's padded modules (CALL_DEF_W from a
    ~100-byte input) and for every input of the run target's campaign corpus
    that ends in an "mw-pad" section (the campaigns' changes of them)."""
    inputs = [(f"pad_call{i}", m) for i, m in enumerate(build.pad_call_modules())]
    inputs += [(f"corpus {p.name}", p.read_bytes()) for p in sorted(corpus.glob("*")) if p.is_file()]
    return [(name, big) for name, data in inputs if (big := build.pad_module(data)) is not None]


def run(loads: list[str], wide: bool = False, out: Path = diff.OUT / "findings", pads: bool = False) -> diff.Stats:
    stats = diff.Stats()
    d = diff.Differ(diff.build_shim(), out, stats)
    for name, data in modules(wide) + (padded() if pads else []):
        for load in loads:
            d.run(data, f"rows {name}", load)
    for name, data in padded() if pads else []:
        # (Differ.run passes over a module wasmtime refuses: a changed input ours must refuse too)
        m, why = d.ours.load(data)
        try:
            d.wt.Module(d.engine, data)
            theirs = ""
        except d.wt.WasmtimeError as e:
            theirs = str(e).splitlines()[0]
        if m:
            d.ours.L.sh_module_free(d.ours.rt, m)
        if bool(m) != (not theirs):
            d.finding("load", data, f"rows {name}: ours {why or 'loads'}, wasmtime {theirs or 'loads'}")
    for row, what in unemitted_rows_trap(d.ours).items():
        want = "returned 0xffffffff" if row == "I32_EXTEND8_S" else "unreachable"  # (extend8_s of 0x1ff)
        if what != want:
            stats.findings.append(f"{row} in an image: {what}, not {want}")
    return stats


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wide", action="store_true", help="also the module of 65,539 functions (CALL_DEF_W)")
    ap.add_argument("--padded", action="store_true", help="also the padded modules and the run corpus' (CALL_DEF_W)")
    ap.add_argument("--load", default=",".join(diff.LOAD_MODES))
    a = ap.parse_args()
    t0 = time.monotonic()
    s = run(a.load.split(","), a.wide, pads=a.padded)
    return diff.report(s, seconds=round(time.monotonic() - t0, 1))


if __name__ == "__main__":
    sys.exit(main())
