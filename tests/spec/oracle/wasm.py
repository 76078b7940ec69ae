# SPDX-License-Identifier: MIT
"""A CPython stand-in for mpwasm's `wasm` module over PyPI wasmtime.

Only what mp_driver.py uses. It checks the RUNNER (conversion, literals,
result parsing, expectations), not the engine: run
`PYTHONPATH=tests python3 -m spec.oracle` (see __main__.py beside this).
Known oracle-only differences: NaN payloads of f32 arguments pass through a
Python float, and wasmtime reports call_indirect past the table end as a table
access, not "undefined element".
"""

import struct

import wasmtime as wt

_cfg = wt.Config()
_cfg.wasm_multi_memory = True
_cfg.wasm_custom_page_sizes = True
_cfg.wasm_memory64 = True
_engine = wt.Engine(_cfg)
_store = wt.Store(_engine)


class CompileError(ValueError):
    pass


class LinkError(ValueError):
    pass


class Trap(RuntimeError):
    pass


_TRAPS = {
    wt.TrapCode.STACK_OVERFLOW: "call stack exhausted",
    wt.TrapCode.MEMORY_OUT_OF_BOUNDS: "out of bounds memory access",
    wt.TrapCode.TABLE_OUT_OF_BOUNDS: "out of bounds table access",
    wt.TrapCode.INDIRECT_CALL_TO_NULL: "uninitialized element",
    wt.TrapCode.BAD_SIGNATURE: "indirect call type mismatch",
    wt.TrapCode.INTEGER_OVERFLOW: "integer overflow",
    wt.TrapCode.INTEGER_DIVISION_BY_ZERO: "integer divide by zero",
    wt.TrapCode.BAD_CONVERSION_TO_INTEGER: "invalid conversion to integer",
    wt.TrapCode.UNREACHABLE: "unreachable",
}
_VT = {
    "i32": wt.ValType.i32,
    "i64": wt.ValType.i64,
    "f32": wt.ValType.f32,
    "f64": wt.ValType.f64,
    "funcref": wt.ValType.funcref,
    "externref": wt.ValType.externref,
}


def _trap(e):
    if isinstance(e, wt.Trap):
        return Trap(_TRAPS.get(e.trap_code, e.message))
    return Trap(str(e))


def _name(vt):
    return str(vt)


def _to_val(vt, v):
    n = _name(vt)
    if n == "i32":
        return wt.Val.i32(v - (1 << 32) if v & (1 << 31) else v)
    if n == "i64":
        return wt.Val.i64(v - (1 << 64) if v & (1 << 63) else v)
    if n == "f32":
        return wt.Val.f32(struct.unpack("<f", struct.pack("<I", v & 0xFFFFFFFF))[0])
    if n == "f64":
        return wt.Val.f64(struct.unpack("<d", struct.pack("<Q", v & (1 << 64) - 1))[0])
    if n == "funcref":
        return wt.Val.funcref(v._f if v is not None else None)
    return wt.Val.externref(v)


def _from(vt, v):
    n = _name(vt)
    if n == "i32":
        return v & 0xFFFFFFFF
    if n == "i64":
        return v & (1 << 64) - 1
    if n == "f32":
        return struct.unpack("<I", struct.pack("<f", v))[0]
    if n == "f64":
        return struct.unpack("<Q", struct.pack("<d", v))[0]
    if n == "funcref":
        return None if v is None else Function(v)
    return v


def _wrap(x):
    if isinstance(x, wt.Func):
        return Function(x)
    if isinstance(x, wt.Global):
        g = Global.__new__(Global)
        g._g = x
        return g
    return x


def _unwrap(x, ty):
    if isinstance(x, (Function, Global)):
        return x._f if isinstance(x, Function) else x._g
    if isinstance(x, (wt.Table, wt.Memory)):
        return x
    if callable(x) and isinstance(ty, wt.FuncType):

        def host(*args):
            x(*args)

        return wt.Func(_store, ty, host)
    raise LinkError("incompatible import type")


class Module:
    # multi_memory: accepted like mpwasm's, not applied (wasmtime's own defaults)
    def __init__(self, data, multi_memory=True):
        try:
            self._m = wt.Module(_engine, bytes(data))
        except wt.WasmtimeError as e:
            raise CompileError(str(e).splitlines()[0]) from None


class Exports:
    def __init__(self, inst):
        self._x = inst.exports(_store)

    def __getitem__(self, name):
        return _wrap(self._x[name])


class Instance:
    def __init__(self, module, imports=None):
        ext = []
        for imp in module._m.imports:
            try:
                v = imports[imp.module][imp.name]
            except (KeyError, TypeError):
                raise LinkError(f"unknown import {imp.module}.{imp.name}") from None
            ext.append(_unwrap(v, imp.type))
        try:
            self._i = wt.Instance(_store, module._m, ext)
        except wt.Trap as e:
            raise _trap(e) from None
        except wt.WasmtimeError as e:
            msg = str(e)
            if "wasm trap" in msg or "out of bounds" in msg:
                raise Trap(msg.splitlines()[0]) from None
            raise LinkError(msg.splitlines()[0]) from None
        self.exports = Exports(self._i)


class Function:
    def __init__(self, f):
        self._f = f

    def call_raw(self, *args):
        ty = self._f.type(_store)
        vals = [_to_val(t, a) for t, a in zip(ty.params, args)]
        try:
            r = self._f(_store, *vals)
        except wt.Trap as e:
            raise _trap(e) from None
        res = ty.results
        if len(res) == 0:
            return ()
        if len(res) == 1:
            r = [r]
        return tuple(_from(t, v) for t, v in zip(res, r))


class Global:
    def __init__(self, valtype, value, mutable=False):
        ty = wt.GlobalType(_VT[valtype](), mutable)
        self._g = wt.Global(_store, ty, getattr(wt.Val, valtype)(value))

    def get_raw(self):
        return _from(self._g.type(_store).content, self._g.value(_store))


class Memory(wt.Memory):
    def __init__(self, min_pages, max_pages=None):
        super().__init__(_store, wt.MemoryType(wt.Limits(min_pages, max_pages)))


class Table(wt.Table):
    def __init__(self, reftype, lo, hi=None):
        super().__init__(_store, wt.TableType(_VT[reftype](), wt.Limits(lo, hi)), None)
