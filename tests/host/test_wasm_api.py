# SPDX-License-Identifier: MIT
"""The `wasm` module's Python API on the host port, one area per test.

Each test runs a MicroPython snippet (tests/support/host.py) against a program
from tests/programs/ and checks what it printed; the snippets use only builtins
so the same bodies can run on a board over the raw REPL.
"""

from __future__ import annotations

import pytest

from support.host import MICROPYTHON, guard_pages, run

pytestmark = [
    pytest.mark.skipif(not MICROPYTHON.exists(), reason=f"{MICROPYTHON} not built (make host)"),
    pytest.mark.usefixtures("wasm_source"),  # built-in and natmod (conftest.py)
]

I32_MIN, I32_MAX, I64_MIN, I64_MAX = -(2**31), 2**31 - 1, -(2**63), 2**63 - 1


# --- Module: decoding, validation, description ---------------------------------------


def test_compile_error_is_value_error_with_offset():
    out = run("""
p(issubclass(wasm.CompileError, ValueError))
p(exc(wasm.Module, b'\\x00asx\\x01\\x00\\x00\\x00'))
p(exc(wasm.Module, b'\\x00asm\\x01\\x00\\x00\\x00\\x01'))
p(exc(wasm.Module, b'\\x00asm\\x02\\x00\\x00\\x00'))
p(exc(wasm.Module, b''))
""")
    assert out[0] is True
    for kind, msg in out[1:]:
        assert kind == "CompileError"
        assert "offset" in msg
    assert "0x0" in out[1][1] and "0x9" in out[2][1]


def test_invalid_module_names_problem_and_offset():
    # (func (result i32) i64.const 0): a type mismatch caught by validation.
    body = (
        "b'\\x00asm\\x01\\x00\\x00\\x00\\x01\\x05\\x01\\x60\\x00\\x01\\x7f"
        "\\x03\\x02\\x01\\x00\\x0a\\x06\\x01\\x04\\x00\\x42\\x00\\x0b'"
    )
    (kind, msg), ok = run(f"p(exc(wasm.Module, {body}))\np(exc(wasm.Module, {body[:-5]}'))")
    assert kind == "CompileError" and "offset" in msg and "type" in msg
    assert ok[0] == "CompileError"


def test_multi_memory_switch():
    # Two memories; memory.size with memory index 1 (a zero byte in Wasm 2.0);
    # one memory with memory.size 0 (valid both ways).
    hdr = "b'\\x00asm\\x01\\x00\\x00\\x00\\x01\\x05\\x01\\x60\\x00\\x01\\x7f\\x03\\x02\\x01\\x00"
    two = "\\x05\\x05\\x02\\x00\\x00\\x00\\x00"
    one = "\\x05\\x03\\x01\\x00\\x00"
    code = "\\x0a\\x06\\x01\\x04\\x00\\x3f\\x%02x\\x0b'"
    out = run(f"""
for b in ({hdr}{two}{code % 1}, {hdr}{one}{code % 1}, {hdr}{one}{code % 0}):
    p(exc(wasm.Module, b))
    p(exc(lambda: wasm.Module(b, multi_memory=False)))
""")
    assert out[0] is None and out[1][0] == "CompileError"
    assert out[1][1].startswith("multiple memories")
    # one memory, index 1: unknown memory with the proposal, malformed without
    assert out[2][1].startswith("unknown memory")
    assert out[3][1].startswith("zero byte expected")
    assert out[4] is None and out[5] is None


def test_module_accepts_bytes_bytearray_memoryview():
    out = run(
        """
for d in (ARITH, bytearray(ARITH), memoryview(ARITH)):
    p(len(wasm.Module(d).exports))
""",
        ("arith",),
    )
    assert out == [12, 12, 12]


def test_module_and_instance_ram():
    # (module (memory 1) (data (i32.const 0) "hello") (func (export "f"))):
    # its 5 data bytes are copied from a bytearray, borrowed from bytes; a
    # lazy module made from a bytearray also keeps the 4 bytes of its code
    # section
    out = run(
        """
p(wasm.Module(ARITH).ram > 0)
b = bytes.fromhex('0061736d01000000010401600000030201000503010001070501016600000a'
                  '040102000b0b0b010041000b0568656c6c6f')
p(wasm.Module(bytearray(b), lazy=False).ram - wasm.Module(b, lazy=False).ram)
p(wasm.Module(bytearray(b), lazy=True).ram - wasm.Module(b, lazy=True).ram)
i = wasm.Instance(wasm.Module(b))
p(i.ram > 0, type(i.ram) is int)
""",
        ("arith",),
    )
    assert out == [True, 5, 9, (True, True)]


def test_imports_and_exports_described():
    imports, exports = run("m = wasm.Module(IMPORTS)\np(m.imports)\np(m.exports)", ("imports",))
    assert [i[:3] for i in imports] == [
        ("env", "f", "func"),
        ("env", "mem", "memory"),
        ("env", "g", "global"),
        ("env", "tab", "table"),
    ]
    assert "i32" in imports[0][3] and "i32" in imports[2][3] and "funcref" in imports[3][3]
    assert all(isinstance(i[3], str) for i in imports)
    names = {e[0]: e for e in exports}
    assert names["store8"][1] == "func" and names["store8"][2].count("i32") == 2
    assert set(names) == {"call_f", "load8", "store8", "get_g", "set_g", "call_tab"}


def test_export_kinds():
    out = run(
        """
for m in (MEMORY, GLOBALS, TABLES, REFS):
    p(sorted((e[0], e[1]) for e in wasm.Module(m).exports if e[1] != 'func'))
p([e[2] for e in wasm.Module(GLOBALS).exports if e[1] == 'global'])
p([e[2] for e in wasm.Module(REFS).exports if e[1] == 'table'])
""",
        ("memory", "globals", "tables", "refs"),
    )
    assert out[:4] == [
        [("mem", "memory")],
        [("c32", "global"), ("f32", "global"), ("f64", "global"), ("m64", "global")],
        [("tab", "table")],
        [("ext_tab", "table")],
    ]
    c32, m64, f32, f64 = out[4]
    assert "i32" in c32 and "i64" in m64 and "mut" in m64 and "f32" in f32 and "f64" in f64
    assert "externref" in out[5][0]


# --- Calls: numbers across the boundary ---------------------------------------------


def test_i32_full_signed_and_unsigned_range():
    out = run(
        f"""
e = wasm.Instance(wasm.Module(ARITH)).exports
for v in ({I32_MIN}, {I32_MIN} + 1, -1, 0, 1, {I32_MAX}, {I32_MAX} + 1, 2**32 - 1):
    p(v, e.id_i32(v), e.id_i32.call_raw(v))
p(e.add_i32({I32_MAX}, 1), e.add_i32(-1, -1), e.add_i32(2**32 - 1, 2))
""",
        ("arith",),
    )
    for v, signed, raw in out[:-1]:
        assert signed == (v + 2**31) % 2**32 - 2**31
        assert raw == (v % 2**32,)
    assert out[-1] == (I32_MIN, -2, 1)


def test_i64_full_signed_and_unsigned_range():
    out = run(
        f"""
e = wasm.Instance(wasm.Module(ARITH)).exports
for v in ({I64_MIN}, -1, 0, {I64_MAX}, {I64_MAX} + 1, 2**64 - 1, 2**32):
    p(v, e.id_i64(v), e.id_i64.call_raw(v))
p(e.add_i64({I64_MAX}, 1), e.add_i64(2**64 - 1, 2), e.fac(20), e.fac(21))
""",
        ("arith",),
    )
    for v, signed, raw in out[:-1]:
        assert signed == (v + 2**63) % 2**64 - 2**63
        assert raw == (v % 2**64,)
    fac21 = (51090942171709440000 + 2**63) % 2**64 - 2**63
    assert out[-1] == (I64_MIN, 1, 2432902008176640000, fac21)


def test_f32_f64_values_and_bit_patterns():
    out = run(
        """
e = wasm.Instance(wasm.Module(ARITH)).exports
p(e.id_f32(1.5), e.id_f64(-0.25), e.id_f64(1e300), e.id_f32(2.0**-149))
r = e.id_f32(0.1)
p(r != 0.1, abs(r - 0.1) < 1e-8)
p(e.id_f32.call_raw(0x3dcccccd), e.id_f32.call_raw(0x7fa00001), e.id_f32.call_raw(0xff800000))
p(e.id_f64.call_raw(0x7ff4000000000001), e.id_f64.call_raw(0x8000000000000000))
inf = e.div_f32(1.0, 0.0)
nan = e.div_f32(0.0, 0.0)
p(inf > 1e38 and inf == inf * 2, nan != nan, e.mul_f64(1e308, 10.0) == inf)
p(e.div_f32.call_raw(0x3f800000, 0x40400000))
""",
        ("arith",),
    )
    assert out[0] == (1.5, -0.25, 1e300, 2.0**-149)
    assert out[1] == (True, True)
    assert out[2] == (
        (0x3DCCCCCD,),
        (0x7FA00001,),
        (0xFF800000,),
    )  # signalling NaN kept
    assert out[3] == ((0x7FF4000000000001,), (0x8000000000000000,))
    assert out[4] == (True, True, True)
    assert out[5] == (0x3EAAAAAB,)  # 1/3 rounded to nearest f32


def test_multi_value_results_and_types():
    out = run(
        """
e = wasm.Instance(wasm.Module(ARITH)).exports
p(e.swap(1, 2), e.rev4(1, 2, 3.5, 4.25), e.nothing(), e.swap.call_raw(-1, -1), e.nothing.call_raw())
p(e.swap.type, e.nothing.type, e.id_f64.type)
""",
        ("arith",),
    )
    assert out[0] == ((2, 1), (4.25, 3.5, 2, 1), None, (2**64 - 1, 2**32 - 1), ())
    assert out[1] == ((("i32", "i64"), ("i64", "i32")), ((), ()), (("f64",), ("f64",)))


def test_exports_by_attribute_and_item():
    out = run(
        """
e = wasm.Instance(wasm.Module(ARITH)).exports
p(e.fac(5), e['fac'](5), isinstance(e.fac, wasm.Function))
p(exc(lambda: e.nope)[0], exc(lambda: e['nope'])[0])
""",
        ("arith",),
    )
    assert out[0] == (120, 120, True)
    assert out[1] == ("AttributeError", "KeyError")


# --- Host functions ------------------------------------------------------------------


def test_host_callbacks_all_types():
    out = run(
        """
seen = []
def add(a, b):
    seen.append((a, b))
    return a + b
def mix(a, b, c):
    seen.append((a, b, c))
    return a + b + c
env = {'add': add, 'mix': mix, 'pair': lambda: (-1, 2**63 - 1), 'boom': lambda: None}
e = wasm.Instance(wasm.Module(CALLBACKS), {'env': env}).exports
p(e.call_add(2, 3), e.call_add(2**31 - 1, 1), e.call_mix(-5, 0.5, 0.25), e.call_pair(), e.call_boom())
p(seen)
""",
        ("callbacks",),
    )
    assert out[0] == (5, I32_MIN, -4.25, (-1, I64_MAX), 1)
    assert out[1] == [(2, 3), (I32_MAX, 1), (-5, 0.5, 0.25)]


def test_exception_in_callback_propagates_unchanged():
    out = run(
        """
class Custom(Exception):
    pass
err = Custom('from host', 42)
def boom():
    raise err
env = {'add': lambda a, b: a + b, 'mix': lambda a, b, c: 0.0, 'pair': lambda: (0, 0), 'boom': boom}
e = wasm.Instance(wasm.Module(CALLBACKS), {'env': env}).exports
try:
    e.call_boom()
    p('no exception')
except Exception as x:
    p(x is err, type(x).__name__, x.args)
p(e.call_add(1, 2))
""",
        ("callbacks",),
    )
    assert out == [(True, "Custom", ("from host", 42)), 3]


def test_wasm_function_as_import():
    out = run(
        """
a = wasm.Instance(wasm.Module(ARITH)).exports
env = {'add': a.add_i32, 'mix': lambda a, b, c: 0.0, 'pair': lambda: (0, 0), 'boom': a.nothing}
e = wasm.Instance(wasm.Module(CALLBACKS), {'env': env}).exports
p(e.call_add(40, 2), e.call_boom())
""",
        ("arith", "callbacks"),
    )
    assert out == [(42, 1)]


# --- Traps ---------------------------------------------------------------------------

TRAPS = [
    ("unreachable", "()", "unreachable"),
    ("div_s", "(1, 0)", "integer divide by zero"),
    ("div_s", f"({I32_MIN}, -1)", "integer overflow"),
    ("trunc", "(float('nan'),)", "invalid conversion to integer"),
    (
        "trunc",
        "(3e9,)",
        "integer overflow",
    ),  # out of range: overflow, not NaN's message
    (
        "load",
        "(65533,)",
        "out of bounds memory access",
    ),  # end + 1: last 4 bytes start at 65532
    ("load", "(-1,)", "out of bounds memory access"),
    ("table_get", "(2,)", "out of bounds table access"),  # table size 2
    ("call", "(2,)", "undefined element"),
    ("call", "(1,)", "uninitialized element"),
    ("call_i_i", "(0,)", "indirect call type mismatch"),
    ("recurse", "(0,)", "call stack exhausted"),
]


@pytest.mark.parametrize(
    "func,args,msg",
    TRAPS,
    ids=[
        "unreachable",
        "div-zero",
        "div-overflow",
        "trunc-nan",
        "trunc-range",
        "mem-end+1",
        "mem-negative",
        "table-end",
        "undefined",
        "uninitialized",
        "sig",
        "recursion",
    ],
)
def test_trap_message_and_instance_survives(func, args, msg):
    out = run(
        f"""
p(issubclass(wasm.Trap, RuntimeError))
e = wasm.Instance(wasm.Module(TRAPS)).exports
p(exc(e.{func}, *{args}))
p(e.ok(), e.load(65532), e.call(0), e.div_s(7, 2), e.table_get(1))
""",
        ("traps",),
    )
    assert out == [True, ("Trap", msg), (42, 0, 1, 3, None)]


def test_deep_recursion_repeatedly_is_not_a_crash():
    out = run(
        """
e = wasm.Instance(wasm.Module(TRAPS)).exports
for i in range(20):
    r = exc(e.recurse, 0)
p(r, e.ok())
""",
        ("traps",),
    )
    assert out == [(("Trap", "call stack exhausted"), 42)]


def test_a_second_import_keeps_the_runtime_and_its_stack_sizes():
    # MicroPython calls a built-in module's __init__ on every import that does not find it in
    # sys.modules, and wasm's forgot its runtime there, and wasm.stack_size() with it: a helper's
    # own `import wasm` put the defaults back (bench/board/programs_board.py --stack-size, session 30:
    # jimtcl still stopped at the board's default stacks). The natmod build imports once anyway.
    out = run(
        """
old = wasm.stack_size(300, 40)
e = wasm.Instance(wasm.Module(TRAPS)).exports
import wasm
p(wasm.stack_size(), exc(e.recurse, 0), e.ok())
def helper():
    import wasm
    return wasm.stack_size()
p(helper())
wasm.stack_size(*old)
""",
        ("traps",),
    )
    assert out == [((300, 40), ("Trap", "call stack exhausted"), 42), (300, 40)]


def test_reentrant_host_wasm_recursion_is_bounded():
    # host -> wasm -> host -> ... without end: must stop with an exception, not crash.
    out = run(
        """
def add(a, b):
    return e.call_add(a, b)
env = {'add': add, 'mix': lambda a, b, c: 0.0, 'pair': lambda: (0, 0), 'boom': lambda: None}
e = wasm.Instance(wasm.Module(CALLBACKS), {'env': env}).exports
p(exc(e.call_add, 1, 2), e.call_mix(1, 2.0, 3.0))
""",
        ("callbacks",),
    )
    assert out == [(("Trap", "call stack exhausted"), 0.0)]


def test_trap_in_start_function_is_trap():
    # (module (func $s unreachable) (start $s))
    mod = (
        "b'\\x00asm\\x01\\x00\\x00\\x00\\x01\\x04\\x01\\x60\\x00\\x00"
        "\\x03\\x02\\x01\\x00\\x08\\x01\\x00\\x0a\\x05\\x01\\x03\\x00\\x00\\x0b'"
    )
    (out,) = run(f"p(exc(wasm.Instance, wasm.Module({mod})))")
    assert out == ("Trap", "unreachable")


# --- Fuel ----------------------------------------------------------------------------


def test_fuel_runs_out_in_an_endless_loop():
    out = run(
        """
m = wasm.Module(TRAPS)
p(exc(wasm.Instance(m, fuel=10000).exports.spin))
p(wasm.Instance(m, fuel=100000).exports.count(100))
p(exc(wasm.Instance(m, fuel=1000).exports.count, 100000))
p(wasm.Instance(m).exports.count(100000))
""",
        ("traps",),
    )
    assert out == [("Trap", "out of fuel"), 100, ("Trap", "out of fuel"), 100000]


# --- Linking -------------------------------------------------------------------------


def _link_env(**override):
    env = {
        "f": "lambda x: x + 1",
        "mem": "wasm.Memory(1, 2)",
        "g": "wasm.Global('i32', 5, True)",
        "tab": "wasm.Table('funcref', 2)",
    }
    env.update(override)
    return "{" + ", ".join(f"'{k}': {v}" for k, v in env.items() if v is not None) + "}"


LINK_CASES = [
    ("missing-func", {"f": None}, ["env", "f", "func"]),
    ("missing-memory", {"mem": None}, ["env", "mem", "memory"]),
    ("func-wrong-kind", {"f": "wasm.Memory(1)"}, ["env", "f", "func"]),
    ("func-wrong-type", {"f": "A.id_i64"}, ["env", "f", "func", "i32"]),
    ("memory-too-small-max", {"mem": "wasm.Memory(1, 3)"}, ["env", "mem", "memory"]),
    ("memory-no-max", {"mem": "wasm.Memory(1)"}, ["env", "mem", "memory"]),
    (
        "global-wrong-type",
        {"g": "wasm.Global('i64', 5, True)"},
        ["env", "g", "global", "i32"],
    ),
    ("global-immutable", {"g": "wasm.Global('i32', 5)"}, ["env", "g", "global", "i32"]),
    ("table-too-small", {"tab": "wasm.Table('funcref', 1)"}, ["env", "tab", "table"]),
    (
        "table-wrong-type",
        {"tab": "wasm.Table('externref', 2)"},
        ["env", "tab", "table"],
    ),
]


@pytest.mark.parametrize("case,override,words", LINK_CASES, ids=[c[0] for c in LINK_CASES])
def test_link_error_names_module_field_type(case, override, words):
    out = run(
        f"""
p(issubclass(wasm.LinkError, ValueError))
A = wasm.Instance(wasm.Module(ARITH)).exports
m = wasm.Module(IMPORTS)
p(exc(wasm.Instance, m, {{'env': {_link_env(**override)}}}))
p(wasm.Instance(m, {{'env': {_link_env()}}}).exports.call_f(1))
""",
        ("arith", "imports"),
    )
    assert out[0] is True
    kind, msg = out[1]
    assert kind == "LinkError"
    for w in words:
        assert w in msg, (w, msg)
    assert out[2] == 2


def test_missing_import_module_is_link_error():
    (out,) = run(
        "p(exc(wasm.Instance, wasm.Module(IMPORTS), {}), exc(wasm.Instance, wasm.Module(IMPORTS)))",
        ("imports",),
    )
    assert out[0][0] == "LinkError" and "env" in out[0][1]
    assert out[1][0] == "LinkError"


def test_imports_from_another_instances_exports():
    out = run(
        """
prov = wasm.Instance(wasm.Module(CHECKSUM)).exports  # memory 1..2 pages, as imported
a = wasm.Instance(wasm.Module(ARITH)).exports
env = {'f': a.id_i32, 'mem': prov.memory, 'g': wasm.Global('i32', 0, True), 'tab': wasm.Table('funcref', 2)}
e = wasm.Instance(wasm.Module(IMPORTS), {'env': env}).exports
prov.fill(2, 0x41)
p(e.call_f(-3), e.load8(prov.buf()), e.load8(prov.buf() + 1))
""",
        ("checksum", "arith", "imports"),
    )
    assert out == [(-3, 0x41, 0x42)]


# --- Memory --------------------------------------------------------------------------


def test_memory_shared_between_two_instances():
    out = run(
        """
mem = wasm.Memory(1, 2)
def env():
    return {'env': {'f': lambda x: x, 'mem': mem, 'g': wasm.Global('i32', 0, True),
                     'tab': wasm.Table('funcref', 2)}}
a = wasm.Instance(wasm.Module(IMPORTS), env()).exports
b = wasm.Instance(wasm.Module(IMPORTS), env()).exports
a.store8(100, 77)
b.store8(65535, 5)
p(b.load8(100), a.load8(65535), bytes(memoryview(mem)[100:101]))
p(mem.grow(1), a.load8(65536), b.load8(131071), exc(a.load8, 131072))
""",
        ("imports",),
    )
    assert out[0] == (77, 5, b"M")
    assert out[1] == (1, 0, 0, ("Trap", "out of bounds memory access"))


def test_memoryview_is_zero_copy_both_ways():
    out = run(
        """
e = wasm.Instance(wasm.Module(MEMORY)).exports
mem = e.mem
mv = memoryview(mem)
p(len(mv), len(mem), mem.pages, bytes(mv[16:21]), mv.readonly if hasattr(mv, 'readonly') else False)
mv[0] = 200
mv[65535] = 9
mv[1:5] = b'\\x01\\x02\\x03\\x04'
p(e.load8(0), e.load8(65535), e.load32(1))
e.store8(7, 0xAB)
e.store8(65534, 3)
p(mv[7], mv[65534], memoryview(mem)[7])
def poke(i):
    mv[i] = 1
p(exc(e.store8, 65536, 1), exc(poke, 65536)[0])
""",
        ("memory",),
    )
    assert out[0] == (65536, 65536, 1, b"hello", False)
    assert out[1] == (200, 9, 0x04030201)
    assert out[2] == (0xAB, 3, 0xAB)
    assert out[3] == (("Trap", "out of bounds memory access"), "IndexError")


def test_c_program_over_memoryview():
    out = run(
        """
e = wasm.Instance(wasm.Module(CHECKSUM)).exports
mv = memoryview(e.memory)
b = e.buf()
mv[b:b + 5] = b'hello'
p(e.checksum(5), e.fib(20))
e.fill(4, 0x61)
p(bytes(mv[b:b + 4]))
""",
        ("checksum",),
    )
    a, s = 1, 0
    for c in b"hello":
        a = (a + c) % 65521
        s = (s + a) % 65521
    assert out == [((s << 16) | a, 6765), b"abcd"]


def test_memory_grow_from_python_and_wasm():
    out = run(
        """
e = wasm.Instance(wasm.Module(MEMORY)).exports
mem = e.mem
p(mem.pages, len(mem), e.size())
p(mem.grow(0), mem.grow(1), mem.pages, len(mem), e.size(), e.load8(131071))
p(e.grow(1), mem.pages, len(mem), e.load8(196607))
p(mem.grow(1), e.grow(1), e.grow(0), mem.pages, bytes(memoryview(mem)[16:21]))
""",
        ("memory",),
    )
    assert out[0] == (1, 65536, 1)
    assert out[1] == (1, 1, 2, 131072, 2, 0)
    assert out[2] == (2, 3, 196608, 0)
    assert out[3] == (-1, -1, 3, 3, b"hello")  # max is 3 pages


# A grow that cannot extend the memory in place moves it: the old block is
# freed at once unless a view of it was handed out (memoryview(mem), any use
# of the buffer protocol); then the view keeps it, stale but valid. `after`
# is allocated right after the memory, so the grow must move it.
GROW_CASE = """
import gc
PATTERN = bytes(range(256)) * 256
def case(view, by_wasm):
    gc.collect()
    m = wasm.Memory(16)
    after = wasm.Memory(16)
    e = wasm.Instance(wasm.Module(GROW_MOVES), {'env': {'mem': m}}, wasi=wasm.WASI()).exports
    e.store8(70000, 77)
    v = None
    if view:
        v = memoryview(m)
        v[0:65536] = PATTERN
    gc.collect()
    free = gc.mem_free()
    r = e.grow(1) if by_wasm else m.grow(1)
    drop = free - gc.mem_free()
    e.store8(70000, 5)
    got = (r, drop // 65536, e.load8(70000), e.load8(17 * 65536 - 1), len(m))
    if view:
        # whatever the heap gives out now must not be the view's block
        junk = [bytearray(4096) for _ in range(300)]
        got += (len(v), v[70000], bytes(v[0:65536]) == PATTERN, bytes(memoryview(m)[0:65536]) == PATTERN)
    return got
for view in (False, True):
    for by_wasm in (False, True):
        p(case(view, by_wasm))
"""


def test_memory_grow_frees_the_old_block_unless_a_view_holds_it():
    out = run(GROW_CASE, ("grow_moves",))
    size = 17 * 65536
    if guard_pages():
        # a reservation (the default host port's): the grow opens the next page
        # where the memory is, none of it from the heap; a view made before it
        # is the memory's own bytes still (70000 reads the 5 stored after)
        assert out[:2] == [(16, 0, 5, 0, size)] * 2
        assert out[2:] == [(16, 0, 5, 0, size, 16 * 65536, 5, True, True)] * 2
        return
    # no view: the heap lost the one page grown (the old 16 pages went back)
    assert out[0] == (16, 1, 5, 0, size)
    assert out[1] == (16, 1, 5, 0, size)
    # a view: old and new block both held; the view still reads the old bytes
    # (70000 was 77 when it moved) after the heap gave out 1.2 MB more
    assert out[2] == (16, 17, 5, 0, size, 16 * 65536, 77, True, True)
    assert out[3] == (16, 17, 5, 0, size, 16 * 65536, 77, True, True)


def test_standalone_memory():
    out = run("""
m = wasm.Memory(0, 2)
p(len(m), m.pages, m.grow(2), len(m), m.grow(1), m.pages)
m2 = wasm.Memory(1)
p(len(m2), m2.grow(3), len(m2))
M = wasm.Memory
p(exc(M, -1), exc(M, -2), exc(M, 2, 1), exc(M), exc(M, 1, page_size=2))
""")
    bad = ("ValueError", "invalid memory limits")
    assert out[:2] == [(0, 0, 0, 131072, -1, 2), (65536, 1, 262144)]
    # -1 was read as "not given" (TypeError: min_pages required)
    assert out[2] == (
        bad,
        bad,
        bad,
        ("TypeError", "min_pages required"),
        ("ValueError", "page_size must be 1 or 65536"),
    )


def test_custom_page_size_1():
    out = run(
        """
e = wasm.Instance(wasm.Module(PAGES1)).exports
mem = e.mem
p(len(mem), mem.pages, e.size(), e.load8(4), exc(e.load8, 5))
p(e.grow(3), len(mem), e.size(), e.load8(7), exc(e.load8, 8), e.grow(1), mem.grow(1))
m = wasm.Memory(2, 4, page_size=1)
p(len(m), m.grow(2), len(m), m.grow(1), len(memoryview(m)))
""",
        ("pages1",),
    )
    oob = ("Trap", "out of bounds memory access")
    assert out[0] == (5, 5, 5, 0, oob)
    assert out[1] == (5, 8, 8, 0, oob, -1, -1)
    assert out[2] == (2, 2, 4, -1, 4)


def test_memory_limit_caps_allocation():
    # memory_limit: bytes of each defined memory actually allocated; beyond it
    # accesses trap while memory.size still reports the declared pages.
    out = run(
        """
m = wasm.Module(MEMORY)
e = wasm.Instance(m, memory_limit=1024).exports
p(e.size(), e.load8(1023), exc(e.load8, 1024), bytes(memoryview(e.mem)[16:21]))
e2 = wasm.Instance(m, memory_limit=65536).exports
p(e2.load8(65535), e2.grow(1), exc(e2.load8, 65536))
""",
        ("memory",),
    )
    oob = ("Trap", "out of bounds memory access")
    assert out[0] == (1, 0, oob, b"hello")
    assert out[1][0] == 0
    assert out[1][2] == oob or out[1][1] == -1


# --- Globals -------------------------------------------------------------------------


def test_exported_globals():
    out = run(
        """
e = wasm.Instance(wasm.Module(GLOBALS)).exports
p(e.c32.value, e.c32.get_raw(), e.m64.value, e.m64.get_raw(), e.f32.value, e.f64.value, e.f64.get_raw())
e.inc_m()
p(e.m64.value, e.get_m())
e.m64.value = 2**63 - 1
e.inc_m()
p(e.m64.value, e.get_m(), e.m64.get_raw())
p(isinstance(e.c32, wasm.Global), exc(setattr, e.c32, 'value', 1) is not None, e.c32.value)
""",
        ("globals",),
    )
    assert out[0] == (-7, 2**32 - 7, -1, 2**64 - 1, 1.5, -0.25, 0xBFD0000000000000)
    assert out[1] == (0, 0)
    assert out[2] == (I64_MIN, I64_MIN, 2**63)
    assert out[3] == (True, True, -7)


def test_imported_global_shared_with_python():
    out = run(
        """
g = wasm.Global('i32', -5, True)
env = {'f': lambda x: x, 'mem': wasm.Memory(1, 2), 'g': g, 'tab': wasm.Table('funcref', 2)}
e = wasm.Instance(wasm.Module(IMPORTS), {'env': env}).exports
p(e.get_g(), g.value)
e.set_g(2**31 - 1)
p(g.value, g.get_raw())
g.value = 2**32 - 1
p(e.get_g())
p([wasm.Global(t, 1).value for t in ('i32', 'i64', 'f32', 'f64')], wasm.Global('f32', 0.1).get_raw())
p(wasm.Global('externref', None).value, wasm.Global('funcref', None).value)
""",
        ("imports",),
    )
    assert out[0] == (-5, -5)
    assert out[1] == (I32_MAX, I32_MAX)
    assert out[2] == -1
    assert out[3] == ([1, 1, 1.0, 1.0], 0x3DCCCCCD)
    assert out[4] == (None, None)


# --- Tables --------------------------------------------------------------------------


def test_exported_table():
    out = run(
        """
e = wasm.Instance(wasm.Module(TABLES)).exports
t = e.tab
p(len(t), e.size(), t[0](), t[1], exc(e.call, 1))
t[1] = e.f22
p(e.call(1), t[1](), t[0] is not None)
p(t.grow(2), len(t), e.size(), t[3], exc(e.call, 3))
p(t.grow(1, e.f11), t[4](), e.call(4), t.grow(6), len(t))
t[1] = None
p(exc(e.call, 1), exc(e.call, 5))
""",
        ("tables",),
    )
    assert out[0] == (2, 2, 11, None, ("Trap", "uninitialized element"))
    assert out[1] == (22, 22, True)
    assert out[2] == (2, 4, 4, None, ("Trap", "uninitialized element"))
    assert out[3] == (4, 11, 11, -1, 5)  # max 10: 5 + 6 is too many
    assert out[4] == (("Trap", "uninitialized element"), ("Trap", "undefined element"))


def test_imported_table_from_python():
    out = run(
        """
a = wasm.Instance(wasm.Module(ARITH)).exports
t = wasm.Table('funcref', 2, 4)
t[1] = a.id_i32
env = {'f': lambda x: x, 'mem': wasm.Memory(1, 2), 'g': wasm.Global('i32', 0, True), 'tab': t}
e = wasm.Instance(wasm.Module(IMPORTS), {'env': env}).exports
p(e.call_tab(1), exc(e.call_tab, 0), exc(e.call_tab, 2))
t[0] = a.fac
p(exc(e.call_tab, 0), t.grow(2), e.call_tab(1), t.grow(1))
p(t.grow(2**32), t.grow(2**32 + 1), t.grow(2**40), len(t))
""",
        ("arith", "imports"),
    )
    assert out[0] == (
        1,
        ("Trap", "uninitialized element"),
        ("Trap", "undefined element"),
    )
    assert out[1] == (("Trap", "indirect call type mismatch"), 2, 1, -1)
    # a delta past 32 bits is too many, not cut to its low bits (2**32 + 1 grew by 1)
    assert out[2] == (-1, -1, -1, 4)


def test_table_index_out_of_range_says_so():
    """t[i] outside the table, read or written: an IndexError that says so and
    names the size (it had no message: found by the binding fuzzer,
    tests/fuzz/binding.py)."""
    out = run(
        """
t = wasm.Table('funcref', 2)
def put(i):
    t[i] = None
p([exc(lambda: t[i]) for i in (2, -1, 2**40)], exc(put, 2))
"""
    )
    assert out == [
        (
            [
                ("IndexError", "table index out of range (size 2)"),
                ("IndexError", "table index out of range (size 2)"),
                ("IndexError", "table index out of range (size 2)"),
            ],
            ("IndexError", "table index out of range (size 2)"),
        )
    ]


def test_table_shared_between_instances_and_python():
    # A's table names A's functions by index (no object each); B imports it
    # and its element segment puts B's $g in slot 2. Each function adds its
    # instance's number (A 100, B 200): calls from either side, and from
    # Python, run the right instance. A function read from the table is the
    # same Function as its export, and goes back in (Python or wasm) as itself.
    out = run(
        """
a = wasm.Instance(wasm.Module(ENGINE_TAB_A)).exports
t = a.tab
b = wasm.Instance(wasm.Module(ENGINE_TAB_B), {'a': {'tab': t}}).exports
p(a.call(0, 5), a.call(1, 5), a.call(2, 5), b.call(0, 5), b.call(2, 5))
f1, f2, g = t[0], t[1], t[2]
p(f1 == a.f1, g == b.g, f1(1), f2(1), g(1), t[1] == a.get(1), b.get(1) == f2, f1 == f2)
t[3] = b.g
t[4] = f2
a.set(5, a.get(0))
p(a.call(3, 5), b.call(4, 5), a.call(5, 1), a.get(3) == b.g, t[5] == a.f1)
v7 = a.ref_v7()
t[6] = v7
p(v7(), v7 == a.ref_v7(), a.call_v(6), exc(a.call, 6, 1), exc(a.call_v, 0))
p(t.grow(2, f1), len(t), a.call(9, 2), b.call(8, 3), t[7], exc(b.call, 7, 0))
""",
        ("engine_tab_a", "engine_tab_b"),
    )
    assert out[0] == (105, 110, 205, 105, 205)
    assert out[1] == (True, True, 101, 102, 201, True, True, False)
    assert out[2] == (205, 110, 101, True, True)
    mismatch = ("Trap", "indirect call type mismatch")
    assert out[3] == (7, True, 7, mismatch, mismatch)
    assert out[4] == (8, 10, 102, 103, None, ("Trap", "uninitialized element"))


def test_instance_ram_beyond_tables_is_bounded():
    # Issue #9: an instance costs at most 1 KB beyond its memories and tables,
    # however many functions its table holds (256 here: a function object
    # each would be 8 KB on x86-64). Instance.ram counts the table's element
    # array (257 pointers: slot 0 is C's null) and not the linear memory.
    out = run(
        """
import sys
m = wasm.Module(FUNCREF_MANY)
i = wasm.Instance(m)
e = i.exports
n = e.count()
ptr = 8 if sys.maxsize > 2**32 else 4
p(n, i.ram - (n + 1) * ptr, e.call(0, 0), e.call(127, 7), e.call(255, 0))
""",
        ("funcref_many",),
    )
    n, beyond, first, mid, last = out[0]
    assert n == 256
    assert 0 < beyond <= 1024, beyond
    assert (first, mid, last) == (1000, 2333 + 7, 4333)


# --- References ----------------------------------------------------------------------


def test_externref_and_funcref_round_trip():
    out = run(
        """
e = wasm.Instance(wasm.Module(REFS)).exports
a = wasm.Instance(wasm.Module(ARITH)).exports
obj = {'any': 'python object'}
p(e.id_ext(obj) is obj, e.id_ext(None), e.is_null(None), e.is_null(obj), e.is_null(0))
f = e.id_func(a.fac)
p(isinstance(f, wasm.Function), f(5), e.id_func(None), e.id_ext.call_raw(obj)[0] is obj)
e.put(1, obj)
t = e.ext_tab
p(e.get(1) is obj, t[1] is obj, t[0], len(t), exc(e.put, 2, obj))
t[0] = 'from python'
p(e.get(0), wasm.Global('externref', obj).value is obj)
""",
        ("refs", "arith"),
    )
    assert out[0] == (True, None, 1, 0, 0)
    assert out[1] == (True, 120, None, True)
    assert out[2] == (True, True, None, 2, ("Trap", "out of bounds table access"))
    assert out[3] == ("from python", True)


# --- Arguments by name ------------------------------------------------------------------


def test_named_arguments_everywhere_they_have_names():
    # every constructor and method with named parameters takes them by keyword
    # (mp_arg_parse_all), and refuses names it does not have
    out = run(
        """
g = wasm.Global(valtype='i32', value=5, mutable=True)
g.value = 6
p(g.value, wasm.Global('f64', 1.5).value, exc(wasm.Global, 'i32', 1, mutable=True, x=1)[0])
t = wasm.Table('funcref', 2, max=4)
p(len(t), t.grow(1), t.grow(delta=1, init=None), t.grow(1), exc(t.grow, 1, 2, 3)[0])
h = wasm.SharedHeap(64)
p(h.app_addr() == h.start, h.app_addr(offset=8) - h.start)
e = wasm.Instance(wasm.Module(ARITH)).exports
p(e.add_i32(2, 3, fuel=100), e.add_i32.call_raw(2, 3, fuel=100), exc(e.add_i32, 2, 3, gas=1)[0],
  exc(e.add_i32.call_raw, 2, 3, gas=1)[0])
""",
        ("arith",),
    )
    assert out == [(6, 1.5, "TypeError"), (2, 2, 3, -1, "TypeError"), (True, 8), (5, (5,), "TypeError", "TypeError")]
