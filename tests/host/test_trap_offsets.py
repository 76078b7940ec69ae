# SPDX-License-Identifier: MIT
"""Where in each function a trap happened: the byte offset in the module of
the instruction each frame stopped at (" at 0x6e" in wasm.Trap's message,
the full profile: mw_config.h MW_TRAP_OFFSETS), compared with wasmtime's
frames for the same modules: trap_offsets.wat (a trap four calls deep of
each kind, several in ops lowering fuses) and trap_offsets_c.c (clang -O2's
loops over memory). Lazy and eager modules, a code budget that drops every
function not running (so each is lowered again before it traps), the code
section's copy of a file and the module's image (its offset map, image.h)
give the same offsets, in the message and as numbers (e.offsets, e.offset);
the small profile's messages have none (docs/wasm.md "REPL walk-through")."""

from __future__ import annotations

import re
import subprocess

import pytest
import wasmtime

from support import images
from support.build import REPO, _wasm_tools, build
from support.host import MICROPYTHON, run, script

pytestmark = pytest.mark.skipif(not MICROPYTHON.exists(), reason=f"{MICROPYTHON} not built (make host)")

SMALL = REPO / "build" / "host-small" / "micropython"

# trap_offsets.wat's run(kind, x): the argument that makes each kind trap
KINDS = {
    "unreachable": (0, 0),
    "divide by zero": (1, 0),
    "a load's address a fused add": (2, 65536),
    "a load fused with its use": (3, 65536),
    "a store of a sum": (4, 1),
    "an indirect call of the wrong type": (5, 0),
    "the call stack exhausted": (6, 0),
    "an i64 remainder by zero": (7, 5),
    "a float conversion out of range": (8, 5),
    "a read-modify-write": (9, 65535),
}
# trap_offsets_c.c's run(kind, x) (where clang runs wasm-opt after linking, all inlined into one function)
C_CASES = [(0, 100000), (1, 0), (2, 65535), (2, 0xFFFFFFF0), (3, 5), (4, 1)]

OFFSET = re.compile(r" at 0x([0-9a-f]+)")


def wasmtime_offsets(binary: bytes, args: tuple[int, int]) -> list[int]:
    """The module offsets of wasmtime's frames for run(*args), top first,
    the ones it knows (a stack overflow's top frame has none)."""
    store = wasmtime.Store()
    instance = wasmtime.Instance(store, wasmtime.Module(store.engine, binary), [])
    with pytest.raises(wasmtime.Trap) as e:
        instance.exports(store)["run"](store, *args)
    return [f.module_offset for f in e.value.frames if 0 <= f.module_offset < len(binary)]


def load_offset(binary: bytes, func: str) -> int:
    """The offset of the i32.load in function `func` (wasm-tools print --print-offsets)."""
    text = subprocess.run(
        [_wasm_tools(), "print", "--print-offsets", "-"], input=binary, capture_output=True, timeout=60, check=True
    ).stdout.decode()
    body = text.split(f"(func ${func} ")[1]
    return int(re.search(r"\(;@([0-9a-f]+)\s*;\)\s+i32\.load\b", body).group(1), 16)


# Each way a module is made, then every case's message, e.offsets and
# e.offset (from a file: with lazy=True the module keeps a copy of the code
# section; eager, nothing; the image: its offset map)
MESSAGES = """
def messages(m, cases):
    out = []
    for k, x in cases:
        e = wasm.Instance(m).exports
        try:
            e.run(k, x)
            out.append(None)
        except wasm.Trap as t:
            out.append((str(t), t.offsets, t.offset))
    return out
B = {name}
p(messages(wasm.Module(B), CASES))
p(messages(wasm.Module(B, lazy=False), CASES))
p(messages(wasm.Module(B, code_budget=1), CASES))
with open({path!r}, 'rb') as f:
    p(messages(wasm.Module(f, lazy=True, names=True), CASES))
with open({path!r}, 'rb') as f:
    p(messages(wasm.Module(f, names=True), CASES))
p(messages(wasm.Module({image!r}), CASES))
"""


def ours(name: str, cases: list[tuple[int, int]], tmp_path) -> list[list[str]]:
    """The messages of each way (MESSAGES) but the image's, which must be the
    first's, e.offsets the message's offsets and e.offset the first of them."""
    (tmp_path / f"{name}.wasm").write_bytes(build(name))
    code = f"CASES = {cases!r}\n" + MESSAGES.format(
        name=name.upper(), path=str(tmp_path / f"{name}.wasm"), image=images.image(name)
    )
    *ways, from_image = run(code, (name,), timeout=120)
    assert from_image == ways[0]
    for message, offs, top in ways[0]:
        # (an offset per frame of e.trace, up to 8: the stack exhausted has all 8)
        assert list(offs) == offsets(message) and top == offs[0], message
    for message, offs, top in ways[4]:
        assert offs == (None,) * len(offs) and top is None, message
    return [[message for message, _, _ in way] for way in ways]


def offsets(message: str) -> list[int]:
    return [int(h, 16) for h in OFFSET.findall(message)]


def test_offsets_are_wasmtimes(tmp_path) -> None:
    binary = build("trap_offsets")
    lazy, eager, budget, from_file, eager_file = ours("trap_offsets", list(KINDS.values()), tmp_path)
    assert eager == budget == from_file == lazy
    for kind, args, message, unmarked in zip(KINDS, KINDS.values(), lazy, eager_file):
        theirs = wasmtime_offsets(binary, args)
        got = offsets(message)
        # (an eager module from a stream keeps no body: the same message without offsets)
        assert OFFSET.sub("", message) == unmarked and not offsets(unmarked), kind
        if kind == "the call stack exhausted":
            # the callee never got a frame: our top is the call that did not
            # fit, wasmtime's the callee with no offset; up to 8 frames (then
            # "... (N frames)")
            assert len(got) == 8 and got == theirs[:8], message
        elif kind == "a read-modify-write":
            # wasmtime names the store: x86-64 runs load, add and store as one
            # instruction; the load traps first, as the spec runs them
            assert got[0] == load_offset(binary, "rmw") != theirs[0] and got[1:] == theirs[1:], message
        else:
            assert got == theirs and len(got) == 5, (kind, message)


def test_offsets_in_a_c_program(tmp_path) -> None:
    binary = build("trap_offsets_c")
    lazy, eager, budget, from_file, _ = ours("trap_offsets_c", C_CASES, tmp_path)
    assert eager == budget == from_file == lazy
    for args, message in zip(C_CASES, lazy):
        assert offsets(message) == wasmtime_offsets(binary, args) != [], (args, message)


def test_offsets_cost_no_module_ram() -> None:
    """Module.ram the same before a trap and after its message found the
    offsets (the functions lowered again in buffers of their own, freed)."""
    code = """
m = wasm.Module(TRAP_OFFSETS, lazy=False)
e = wasm.Instance(m).exports
before = m.ram
try:
    e.run(2, 65536)
except wasm.Trap as t:
    p(str(t).count(' at 0x'), m.ram - before)
"""
    assert run(code, ("trap_offsets",)) == [(5, 0)]


def test_the_small_profile_names_no_offsets(tmp_path) -> None:
    """build/host-small (make test builds it): the message as before, the
    functions alone, and no e.offsets or e.offset (wasm.mpy has no bytes for
    their names: docs/wasm.md)."""
    f = tmp_path / "t.py"
    code = """
e = wasm.Instance(wasm.Module(TRAP_OFFSETS)).exports
for k, x in ((1, 0), (2, 65536)):
    try:
        e.run(k, x)
    except wasm.Trap as t:
        p(str(t))
        p(hasattr(t, 'offsets'), hasattr(t, 'offset'), len(t.args))
"""
    f.write_text(script(code, ("trap_offsets",)))
    r = subprocess.run([str(SMALL), str(f)], capture_output=True, text=True, timeout=60, check=True)
    assert [ln[2:] for ln in r.stdout.splitlines() if ln.startswith("= ")] == [
        "'integer divide by zero in function 1 (called from 10 <- 11 <- 12 <- 13)'",
        "(False, False, 5)",
        "'out of bounds memory access in function 2 (called from 10 <- 11 <- 12 <- 13)'",
        "(False, False, 5)",
    ]
