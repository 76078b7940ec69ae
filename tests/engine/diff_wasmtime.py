# SPDX-License-Identifier: MIT
"""Differential check of the engine against wasmtime (PyPI): every exported
function of import-free modules is called with random arguments on both, and
results (bit patterns; any NaN matches any NaN) and traps must agree. Catches
lowering mistakes the spec's fixed arguments miss. Uses diff_shim.c via ctypes.

usage: python3 diff_wasmtime.py LIB.so SEED FILE.wasm...
"""

import ctypes as C
import os
import random
import struct
import sys

FUEL = 200000


class Shim:
    """diff_shim.c (built as a shared library) through ctypes."""

    def __init__(self, lib):
        L = self.L = C.CDLL(lib)
        L.sh_rt.restype = C.c_void_p
        L.sh_status_str.restype = C.c_char_p
        L.sh_load.restype = C.c_void_p
        L.sh_load.argtypes = [C.c_void_p, C.c_char_p, C.c_size_t, C.POINTER(C.c_int)]
        L.sh_num_imports.argtypes = [C.c_void_p]
        L.sh_instantiate.restype = C.c_void_p
        L.sh_instantiate.argtypes = [C.c_void_p, C.c_void_p, C.POINTER(C.c_void_p), C.POINTER(C.c_int)]
        L.sh_export.argtypes = [C.c_void_p, C.c_char_p, C.POINTER(C.c_void_p)]
        L.sh_call_fuel.argtypes = [C.c_void_p, C.c_void_p, C.POINTER(C.c_uint64), C.POINTER(C.c_uint64), C.c_int64]
        self.rt = L.sh_rt()

    def load(self, path):
        data = open(path, "rb").read()
        st = C.c_int()
        m = self.L.sh_load(self.rt, data, len(data), C.byref(st))
        return m, st.value

    def instantiate(self, m):
        """An import-free module's instance and the status."""
        st = C.c_int()
        inst = self.L.sh_instantiate(self.rt, m, (C.c_void_p * 1)(), C.byref(st))
        return inst, st.value


def _rand(rng, t):
    if t == "i32":
        return rng.choice([0, 1, 2, 0xFFFFFFFF, 0x80000000, 0x7FFFFFFF, rng.getrandbits(32), rng.randrange(64)])
    if t == "i64":
        return rng.choice([0, 1, (1 << 64) - 1, 1 << 63, rng.getrandbits(64), rng.randrange(64)])
    pool = [0.0, -0.0, 1.5, -2.5, 1e10, 3.0, rng.uniform(-1e6, 1e6)]
    if t == "f32":
        return struct.unpack("<I", struct.pack("<f", rng.choice(pool)))[0]
    return struct.unpack("<Q", struct.pack("<d", rng.choice(pool + [1e300])))[0]


def _to_wt(t, v):
    if t == "i32":
        return v - (1 << 32) if v >= 1 << 31 else v
    if t == "i64":
        return v - (1 << 64) if v >= 1 << 63 else v
    if t == "f32":
        return struct.unpack("<f", struct.pack("<I", v))[0]
    return struct.unpack("<d", struct.pack("<Q", v))[0]


def _from_wt(t, v):
    if t == "i32":
        return v & 0xFFFFFFFF
    if t == "i64":
        return v & ((1 << 64) - 1)
    if t == "f32":
        return struct.unpack("<I", struct.pack("<f", v))[0]
    return struct.unpack("<Q", struct.pack("<d", v))[0]


def _nan(t, b):
    if t == "f32":
        return (b & 0x7F800000) == 0x7F800000 and b & 0x7FFFFF
    if t == "f64":
        return (b >> 52) & 0x7FF == 0x7FF and b & ((1 << 52) - 1)
    return False


def run(lib, paths, seed=1, calls=4):
    """Returns (checked, mismatches as strings)."""
    import wasmtime

    R = Shim(lib)
    L = R.L
    cfg = wasmtime.Config()
    cfg.consume_fuel = True
    eng = wasmtime.Engine(cfg)
    rng = random.Random(seed)
    checked, bad = 0, []
    for path in paths:
        data = open(path, "rb").read()
        m, st = R.load(path)
        if m and L.sh_num_imports(m):
            continue
        try:
            store = wasmtime.Store(eng)
            store.set_fuel(10**9)
            wi = wasmtime.Instance(store, wasmtime.Module(eng, data), [])
        except Exception:  # noqa: BLE001 - invalid, malformed or importing spec modules
            continue
        # wasmtime runs it: our engine refusing it is a disagreement, not a skip.
        file = os.path.basename(path)
        if not m:
            bad.append(f"{file}: ours refuses ({L.sh_status_str(st).decode()}), wasmtime runs it")
            continue
        inst, st = R.instantiate(m)
        if not inst or st:
            bad.append(f"{file}: ours cannot instantiate ({L.sh_status_str(st).decode()}), wasmtime can")
            continue
        for name, item in wi.exports(store).items():
            if not isinstance(item, wasmtime.Func):
                continue
            ft = item.type(store)
            ps, rs = [str(p) for p in ft.params], [str(r) for r in ft.results]
            if any(p not in ("i32", "i64", "f32", "f64") for p in ps + rs):
                continue
            out = C.c_void_p()
            if L.sh_export(inst, name.encode(), C.byref(out)) != 0:
                continue
            for _ in range(calls):
                args = [_rand(rng, p) for p in ps]
                res = (C.c_uint64 * 64)()
                st = L.sh_call_fuel(R.rt, out, (C.c_uint64 * 64)(*args), res, FUEL)
                if L.sh_status_str(st) == b"out of fuel":
                    continue
                store.set_fuel(10**9)
                try:
                    wr, wtrap = item(store, *[_to_wt(p, v) for p, v in zip(ps, args)]), None
                except wasmtime.Trap as e:
                    wr, wtrap = None, str(e)
                checked += 1
                where = f"{os.path.basename(path)} {name} {args}"
                if wtrap is not None or st != 0:
                    ours = L.sh_status_str(st).decode()
                    if (wtrap is None) != (st == 0) or (wtrap is not None and ours not in wtrap):
                        bad.append(f"{where}: ours {ours}, wasmtime {wtrap}")
                    continue
                theirs = [] if wr is None else list(wr) if isinstance(wr, (list, tuple)) else [wr]
                for t, mine, th in zip(rs, list(res[: len(rs)]), theirs):
                    tb = _from_wt(t, th)
                    if tb != mine and not (_nan(t, tb) and _nan(t, mine)):
                        bad.append(f"{where}: ours {mine:#x}, wasmtime {tb:#x}")
                        break
    return checked, bad


if __name__ == "__main__":
    n, bad = run(sys.argv[1], sys.argv[3:], int(sys.argv[2]))
    print("\n".join(bad))
    print(f"checked {n}, mismatches {len(bad)}")
    sys.exit(1 if bad else 0)
