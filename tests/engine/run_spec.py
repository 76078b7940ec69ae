# SPDX-License-Identifier: MIT
"""Run spec-suite JSON (wast2json / wasm-tools json-from-wast) against the
engine through spec_shim.c and ctypes, without MicroPython.

usage: python3 run_spec.py LIB.so FILE.json [FILE.json ...]  (-v for details)
"""

import ctypes as C
import json
import os
import sys

KIND = {0: "func", 1: "table", 2: "memory", 3: "global"}
MASK = {"i32": 0xFFFFFFFF, "f32": 0xFFFFFFFF, "i64": (1 << 64) - 1, "f64": (1 << 64) - 1}
EXTERN_BASE = 0x100000


class Runner:
    def __init__(self, lib):
        L = self.L = C.CDLL(lib)
        L.sh_rt.restype = C.c_void_p
        L.sh_status_str.restype = C.c_char_p
        L.sh_report.restype = C.c_char_p
        L.sh_report.argtypes = [C.c_void_p, C.POINTER(C.c_uint)]
        L.sh_load.restype = C.c_void_p
        L.sh_load.argtypes = [C.c_void_p, C.c_char_p, C.c_size_t, C.POINTER(C.c_int)]
        L.sh_num_imports.argtypes = [C.c_void_p]
        L.sh_import.argtypes = [C.c_void_p, C.c_int, C.POINTER(C.c_char_p), C.POINTER(C.c_char_p)]
        L.sh_instantiate.restype = C.c_void_p
        L.sh_instantiate.argtypes = [C.c_void_p, C.c_void_p, C.POINTER(C.c_void_p), C.POINTER(C.c_int)]
        L.sh_export.argtypes = [C.c_void_p, C.c_char_p, C.POINTER(C.c_void_p)]
        L.sh_func_sig.argtypes = [C.c_void_p, C.c_char_p, C.POINTER(C.c_int), C.POINTER(C.c_int)]
        L.sh_call.argtypes = [C.c_void_p, C.c_void_p, C.POINTER(C.c_uint64), C.POINTER(C.c_uint64)]
        L.sh_global_get.restype = C.c_uint64
        L.sh_global_get.argtypes = [C.c_void_p, C.POINTER(C.c_int)]
        L.sh_spectest.restype = C.c_void_p
        L.sh_spectest.argtypes = [C.c_void_p, C.c_char_p]
        self.rt = L.sh_rt()
        self.spectest = {}

    def load(self, path):
        data = open(path, "rb").read()
        st = C.c_int()
        m = self.L.sh_load(self.rt, data, len(data), C.byref(st))
        return m, st.value

    def report(self):
        off = C.c_uint()
        msg = self.L.sh_report(self.rt, C.byref(off)).decode()
        return "%s at offset 0x%x" % (msg, off.value)

    def instantiate(self, m, registry):
        n = self.L.sh_num_imports(m)
        ents = (C.c_void_p * (n + 1))()
        for i in range(n):
            mod, name = C.c_char_p(), C.c_char_p()
            kind = self.L.sh_import(m, i, C.byref(mod), C.byref(name))
            mod, name = mod.value.decode(), name.value.decode()
            if mod == "spectest":
                key = name
                want = {"table": 1, "memory": 2}.get(name, 0 if name.startswith("print") else 3)
                if want != kind:
                    return None, "incompatible import type"
                if key not in self.spectest:
                    self.spectest[key] = self.L.sh_spectest(self.rt, name.encode())
                ents[i] = self.spectest[key]
            elif registry.get(mod):
                out = C.c_void_p()
                k = self.L.sh_export(registry[mod], name.encode(), C.byref(out))
                if k != kind:
                    return None, "unknown import"
                ents[i] = out
            else:
                return None, "unknown import"
        st = C.c_int()
        inst = self.L.sh_instantiate(self.rt, m, ents, C.byref(st))
        return inst, st.value


def parse_arg(a):
    t, v = a["type"], a.get("value")
    if t in MASK:
        return int(v) & MASK[t]
    if v == "null" or v is None:
        return 0
    return int(v) + EXTERN_BASE


def check(exp, got, t):
    et, v = exp["type"], exp.get("value")
    if et in ("f32", "f64"):
        if v in ("nan:canonical", "nan:arithmetic"):
            if et == "f32":
                q, m = 0x00400000, 0x7FFFFFFF
                nan = (got & 0x7F800000) == 0x7F800000 and (got & 0x7FFFFF) != 0
                canon = (got & m) == 0x7FC00000
            else:
                q, m = 1 << 51, (1 << 63) - 1
                nan = (got >> 52) & 0x7FF == 0x7FF and (got & ((1 << 52) - 1)) != 0
                canon = (got & m) == 0x7FF8000000000000
            return nan and (canon if v == "nan:canonical" else bool(got & q))
        return got == int(v) & MASK[et]
    if et in MASK:
        return got == int(v) & MASK[et]
    if et in ("externref", "funcref", "anyref", "refnull", "ref"):
        if v == "null":
            return got == 0
        if et == "funcref" or v is None:
            return got != 0
        return got == int(v) + EXTERN_BASE
    return False


def run_file(R, path, verbose):
    d = json.load(open(path))
    base = os.path.dirname(path)
    registry, named = {}, {}
    cur = None
    passed = failed = skipped = 0

    def inst_of(action):
        return named.get(action.get("module"), cur) if action.get("module") else cur

    def do_action(a):
        inst = inst_of(a)
        if inst is None:
            return "noinst", None
        out = C.c_void_p()
        k = R.L.sh_export(inst, a["field"].encode(), C.byref(out))
        if a["type"] == "get":
            if k != 3:
                return "noexport", None
            t = C.c_int()
            return 0, [R.L.sh_global_get(out, C.byref(t))]
        if k != 0:
            return "noexport", None
        types = C.create_string_buffer(2100)
        np_, nr = C.c_int(), C.c_int()
        R.L.sh_func_sig(out, types, C.byref(np_), C.byref(nr))
        args = (C.c_uint64 * 64)(*[parse_arg(x) for x in a["args"]])
        res = (C.c_uint64 * 64)()
        st = R.L.sh_call(R.rt, out, args, res)
        return st, list(res[: nr.value])

    for c in d["commands"]:
        t = c["type"]
        ok = True
        why = ""
        try:
            if t == "module":
                m, st = R.load(os.path.join(base, c["filename"]))
                cur = None
                if not m:
                    ok, why = False, "load failed: " + R.report()
                else:
                    inst, st = R.instantiate(m, registry)
                    if not inst or st != 0:
                        ok, why = False, "instantiate failed %s" % st
                    else:
                        cur = inst
                        if c.get("name"):
                            named[c["name"]] = inst
            elif t == "register":
                i = named.get(c.get("name"), cur) if c.get("name") else cur
                registry[c["as"]] = i
                continue
            elif t in ("action", "assert_return"):
                st, res = do_action(c["action"])
                if st != 0:
                    ok, why = False, "status %s" % (R.L.sh_status_str(st).decode() if isinstance(st, int) else st)
                elif t == "assert_return":
                    exp = c["expected"]
                    if len(exp) != len(res) or not all(check(e, g, None) for e, g in zip(exp, res)):
                        ok, why = False, "got %s expected %s" % (res, exp)
            elif t in ("assert_trap", "assert_exhaustion"):
                if c["action"]["type"] == "invoke" or c["action"]["type"] == "get":
                    st, res = do_action(c["action"])
                    text = R.L.sh_status_str(st).decode() if isinstance(st, int) else st
                    if not c["text"].startswith(text) and text not in c["text"]:
                        ok, why = False, "got %s expected trap %s" % (text, c["text"])
                else:
                    skipped += 1
                    continue
            elif t in ("assert_invalid", "assert_malformed"):
                if c.get("module_type", "binary") != "binary" or not c["filename"].endswith(".wasm"):
                    skipped += 1
                    continue
                m, st = R.load(os.path.join(base, c["filename"]))
                if m:
                    ok, why = False, "loaded, expected %s" % c["text"]
            elif t == "assert_unlinkable":
                m, st = R.load(os.path.join(base, c["filename"]))
                if not m:
                    ok, why = False, "load failed: " + R.report()
                else:
                    inst, st = R.instantiate(m, registry)
                    if inst and st == 0:
                        ok, why = False, "linked"
            elif t == "assert_uninstantiable":
                m, st = R.load(os.path.join(base, c["filename"]))
                if not m:
                    ok, why = False, "load failed: " + R.report()
                else:
                    inst, st = R.instantiate(m, registry)
                    text = R.L.sh_status_str(st).decode() if isinstance(st, int) else st
                    if text not in c["text"]:
                        ok, why = False, "got %s expected %s" % (text, c["text"])
            else:
                skipped += 1
                continue
        except Exception as e:  # noqa: BLE001
            ok, why = False, "exception %r" % e
        if ok:
            passed += 1
        else:
            failed += 1
            if verbose:
                print("  FAIL %s:%s %s %s" % (os.path.basename(path), c.get("line"), t, why))
    return passed, failed, skipped


def main():
    args = [a for a in sys.argv[1:] if a != "-v"]
    verbose = "-v" in sys.argv
    R = Runner(args[0])
    tp = tf = 0
    for f in args[1:]:
        p, fl, s = run_file(R, f, verbose)
        tp += p
        tf += fl
        print("%-40s pass %5d fail %4d skip %4d" % (os.path.basename(f), p, fl, s))
    print("TOTAL pass %d fail %d" % (tp, tf))
    return 1 if tf else 0


if __name__ == "__main__":
    sys.exit(main())
