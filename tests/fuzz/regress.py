# SPDX-License-Identifier: MIT
"""Regression cases from fuzzing: tests/fuzz/regressions/NAME.wat (small, the
minimized module) and NAME.json (what must happen), run on our engine through
the spec shim by tests/host/test_fuzz_short.py; when wasmtime is importable
the same file is also checked against it, so a case records agreed truth.

NAME.json:
  {"what": "one line: what was found, by which fuzzer",
   "load": "ok" | "<words of our load error>",
   "calls": [{"func": "f", "args": ["0x1", ...], "results": ["0x..."]}
             | {"func": "f", "args": [...], "trap": "integer overflow"}]}
args and results are raw bit patterns (hex strings) of i32/i64/f32/f64.
A crash found by a libFuzzer target becomes a case with "load" and, if it
instantiates, a call of the export that crashed.
"""

from __future__ import annotations

import ctypes as C
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from fuzz import diff

HERE = Path(__file__).resolve().parent / "regressions"


@dataclass
class Case:
    name: str
    wat: Path
    spec: dict

    def wasm(self) -> bytes:
        p = subprocess.run([diff.tool("wasm-tools"), "parse", str(self.wat)], capture_output=True, check=True)
        return p.stdout


def cases() -> list[Case]:
    return [Case(p.stem, p, json.loads(p.with_suffix(".json").read_text())) for p in sorted(HERE.glob("*.wat"))]


def check_ours(ours: diff.Ours, case: Case) -> list[str]:
    """Differences between our engine and the case's expectations."""
    L, rt = ours.L, ours.rt
    data = case.wasm()
    m, why = ours.load(data)
    want = case.spec.get("load", "ok")
    if want != "ok":
        if m:
            L.sh_module_free(rt, m)
            return [f"{case.name}: loads, expected {want!r}"]
        return [] if want in why else [f"{case.name}: load error {why!r}, expected {want!r}"]
    if not m:
        return [f"{case.name}: load fails: {why}"]
    bad = []
    st = C.c_int()
    inst = L.sh_instantiate(rt, m, (C.c_void_p * 1)(), C.byref(st))
    try:
        if st.value:
            return [f"{case.name}: instantiate: {ours.status(st.value)}"]
        for call in case.spec.get("calls", []):
            fp = C.c_void_p()
            L.sh_export(inst, call["func"].encode(), C.byref(fp))
            args = [int(a, 16) for a in call["args"]]
            res = (C.c_uint64 * 64)()
            s = L.sh_call_fuel(rt, fp, (C.c_uint64 * 64)(*args), res, diff.FUEL_OURS)
            got = ours.status(s) if s else None
            if "trap" in call:
                if got != call["trap"]:
                    bad.append(f"{case.name}: {call['func']}{call['args']}: {got}, expected trap {call['trap']!r}")
            elif got is not None:
                bad.append(f"{case.name}: {call['func']}{call['args']}: trap {got!r}")
            else:
                mine = [f"{x:#x}" for x in res[: len(call["results"])]]
                want_r = [f"{int(x, 16):#x}" for x in call["results"]]
                if mine != want_r:
                    bad.append(f"{case.name}: {call['func']}{call['args']}: {mine}, expected {want_r}")
    finally:
        if inst:
            L.sh_instance_free(rt, inst)
        L.sh_module_free(rt, m)
    return bad


def check_wasmtime(case: Case) -> list[str]:
    """The same expectations on wasmtime and wasm-tools validate (the oracles)."""
    import wasmtime

    d = diff.Differ.__new__(diff.Differ)
    d.wt = wasmtime
    data = case.wasm()
    if case.spec.get("load", "ok") != "ok":
        return (
            []
            if not diff.validate(data) or any(x in case.spec["load"] for x in diff.LIMITS)
            else [f"{case.name}: wasm-tools validates it"]
        )
    if not diff.validate(data):
        return [f"{case.name}: wasm-tools validate --features={diff.FEATURES} refuses it"]
    cfg = wasmtime.Config()
    cfg.wasm_multi_memory = True
    cfg.wasm_custom_page_sizes = True
    engine = wasmtime.Engine(cfg)
    store = wasmtime.Store(engine)
    inst = wasmtime.Instance(store, wasmtime.Module(engine, data), [])
    bad = []
    for call in case.spec.get("calls", []):
        f = inst.exports(store)[call["func"]]
        ft = f.type(store)
        ps, rs = [str(p) for p in ft.params], [str(r) for r in ft.results]
        res, trap = diff._wt_raw_call(wasmtime, store, f, ps, rs, [int(a, 16) for a in call["args"]])
        if "trap" in call:
            if trap is None or diff.TRAPS[call["trap"]] != diff._trap_name(trap):
                bad.append(f"{case.name}: wasmtime {res or trap}, case says trap {call['trap']!r}")
        elif trap is not None or [f"{x:#x}" for x in res] != [f"{int(x, 16):#x}" for x in call["results"]]:
            bad.append(f"{case.name}: wasmtime {res or trap}, case says {call['results']}")
    return bad
