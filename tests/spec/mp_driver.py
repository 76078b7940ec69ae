# SPDX-License-Identifier: MIT
# Spec-test driver. This file is run BY MICROPYTHON (host port or a device over
# the raw REPL), never imported by CPython: plain Python on builtins + `wasm`.
#
# Protocol: the CPython side (tests/spec/commands.py) sends batches `B([...])`
# of command tuples `(index, op, ...)`; each command prints exactly one line
# `index (status, ...)` that CPython parses with ast.literal_eval:
#   ('ok', result)            result: tuple of raw values, or None
#   ('x', exc_type, message)  an exception was raised
# Raw values: i32/i64/f32/f64 as unsigned bit patterns, None for a null ref,
# ('e', N) for the externref the script calls `ref.extern N`, 'f' for a
# non-null funcref, '?type' for anything else.
# Ops: 'm' instantiate (name, bytes)   'd' compile only (bytes)
#      'u' compile + instantiate, not kept (bytes)   'r' register (as, name)
#      'c' call_raw (name, field, args)   'g' global get_raw (name, field)
import gc

import wasm


class E:
    # An externref the script names `ref.extern N`: same N, same object.
    def __init__(self, n):
        self.n = n


_ext = {}


def X(n):
    e = _ext.get(n)
    if e is None:
        e = _ext[n] = E(n)
    return e


def _print(*args):
    pass


_PRINTS = (
    "print",
    "print_i32",
    "print_i64",
    "print_f32",
    "print_f64",
    "print_i32_f32",
    "print_f64_f64",
)


class Spectest:
    # The `spectest` host module (the spec interpreter's spectest.ml). Built on
    # first use: its memory alone is a 64 KiB page, too much to hold idle on a
    # small board.
    def __init__(self):
        self.made = {}

    def __getitem__(self, name):
        v = self.made.get(name)
        if v is None:
            if name in _PRINTS:
                v = _print
            elif name == "table":
                v = wasm.Table("funcref", 10, 20)
            elif name == "memory":
                v = wasm.Memory(1, 2)
            elif name in ("global_i32", "global_i64"):
                v = wasm.Global(name[7:], 666)
            elif name in ("global_f32", "global_f64"):
                v = wasm.Global(name[7:], 666.6)
            else:
                raise KeyError(name)
            self.made[name] = v
        return v


# Multi-memory on (multi-memory/, custom-page-sizes/) or off (core/ is Wasm
# 2.0, which forbids a second memory); the runner sets it after this file.
MM = True
R = {"spectest": Spectest()}  # registered modules: name -> exports mapping
N = {}  # named instances ($M1 ...)
C = [None]  # the current (last instantiated) instance


def _inst(name):
    if name is None:
        if C[0] is None:
            raise RuntimeError("no current instance")
        return C[0]
    return N[name]


def _raw(v):
    if v is None or isinstance(v, int):
        return v
    if isinstance(v, E):
        return ("e", v.n)
    if isinstance(v, wasm.Function):
        return "f"
    return "?" + type(v).__name__


def _mod(b):
    return wasm.Module(b, multi_memory=MM)


def _run(c):
    op = c[1]
    if op == "c":
        return tuple(_raw(v) for v in _inst(c[2]).exports[c[3]].call_raw(*c[4]))
    if op == "g":
        return (_raw(_inst(c[2]).exports[c[3]].get_raw()),)
    if op == "m":
        C[0] = None
        inst = wasm.Instance(_mod(c[3]), R)
        C[0] = inst
        if c[2] is not None:
            N[c[2]] = inst
        return None
    if op == "d":
        _mod(c[2])
        return None
    if op == "u":
        wasm.Instance(_mod(c[2]), R)
        return None
    if op == "r":
        R[c[2]] = _inst(c[3]).exports
        return None
    raise ValueError("bad op " + op)


def B(cmds):
    for c in cmds:
        try:
            r = ("ok", _run(c))
        except Exception as e:  # noqa: BLE001 - every error is a result
            # a wasm.Trap's kind: the spec's reason, without where it happened
            r = ("x", type(e).__name__, getattr(e, "kind", None) or str(e))
        print(c[0], r)
    gc.collect()
