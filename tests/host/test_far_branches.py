# SPDX-License-Identifier: MIT
"""Branch targets are one code unit, the signed distance from that unit (format 37,
docs/engine.md): a function with a branch farther than 32 K units is lowered again with
JMP_FAR islands (lower_branch.c, far_islands). Generated modules put N additions between each kind of
branch and its label (a forward br_if, a loop's back-edge, if/else both ways, a br, a br_table), N swept across
the limit: the images (wasm-cross, with the code check) show which are near and which far, and
every function returns what it computes, eager and lazy; and, on the threaded x86-64 engine, each
allocation of loading and calling them failed in turn (tests/engine/test_thread_oom.c)."""

from __future__ import annotations

import platform
import subprocess
from pathlib import Path

import pytest

from support import host, images
from support.build import _wasm_tools
from support.engine import TESTS, gcc_engine

# each `local.get 1 i32.const K i32.add local.set 1` is one I32_ADD_IMM "d a imm" (4 units;
# K does not fit 16 bits, else it would be a 3-unit I32_ADD_IMMH, format 41): 8,191 of them put
# a branch's target about 32 K units away
SWEEP = (100, 8180, 8186, 8189, 8190, 8191, 8192, 8194, 8200, 9000)
K = 100003
# with a constant that fits, the far branches are chosen on the 4-unit ops, which then narrow
# to 3 (lower_narrow.c narrow_imm): JMP_FAR's unit index and every relative target follow. (Adds in a
# row pair as I32_ADD_IMM2, which stays wide: there each add is followed by an or with 0, and n
# counts the ops.)
NARROWED = (8200, 9000)
K16 = 3


def filler(n: int, k: int = K) -> str:
    if k == K16:
        pair = f"(local.get 1) (i32.const {k}) (i32.add) (local.set 1) (local.get 1) (i32.const 0) (i32.or)"
        pair += " (local.set 1)"
        return (pair + "\n") * (n // 2)
    return f"(local.get 1) (i32.const {k}) (i32.add) (local.set 1)\n" * n


def module(n: int, k: int = K) -> str:
    f = filler(n, k)
    return f"""(module
  (func (export "fwd") (param i32) (result i32) (local i32)
    (local.set 1 (i32.const 1))
    (block (br_if 0 (i32.eqz (local.get 0)))
{f}    )
    (local.get 1))
  (func (export "back") (param i32) (result i32) (local i32)
    (loop
{f}      (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (local.get 1))
  (func (export "ifelse") (param i32) (result i32) (local i32)
    (if (local.get 0) (then
{f}    ) (else (local.set 1 (i32.const 7))))
    (local.get 1))
  (func (export "elsefar") (param i32) (result i32) (local i32)
    (if (local.get 0) (then (local.set 1 (i32.const 7))) (else
{f}    ))
    (local.get 1))
  (func (export "brfar") (param i32) (result i32) (local i32)
    (local.set 1 (i32.const 5))
    (block (if (local.get 0) (then (br 1)))
{f}    )
    (local.get 1))
  (func (export "table") (param i32) (result i32) (local i32)
    (block (block (block
      (br_table 0 1 2 (local.get 0)))
      (local.set 1 (i32.add (local.get 1) (i32.const 1000)))
{f}      (br 1))
      (local.set 1 (i32.add (local.get 1) (i32.const 100))))
    (local.get 1))
)
"""


def expected(n: int, k: int = K) -> dict[str, list[tuple[int, int]]]:
    m = 0xFFFFFFFF
    K, n = k, (n if k != K16 else n // 2)  # the value: n adds of K
    return {
        "fwd": [(0, 1), (5, (1 + K * n) & m)],
        "back": [(1, K * n & m), (3, 3 * K * n & m)],
        "ifelse": [(0, 7), (1, K * n & m)],
        "elsefar": [(1, 7), (0, K * n & m)],
        "brfar": [(1, 5), (0, (5 + K * n) & m)],
        "table": [(0, (1000 + K * n) & m), (1, 100), (2, 0), (9, 0)],
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[int, Path]:
    d = tmp_path_factory.mktemp("far")
    out = {}
    for n, k in [*((n, K) for n in SWEEP), *((n, K16) for n in NARROWED)]:
        wat, wasm = d / f"far{n}_{k}.wat", d / f"far{n}_{k}.wasm"
        wat.write_text(module(n, k))
        subprocess.run([_wasm_tools(), "parse", str(wat), "-o", str(wasm)], check=True, timeout=120)
        out[n, k] = wasm
    return out


def test_far_lowering_is_chosen_across_the_limit(built, tmp_path):
    """The sweep holds near functions with a branch just under 32 K units and far ones (islands)."""
    far_seen, nearest = set(), 0
    for (n, k), wasm in built.items():
        img_path = tmp_path / f"far{n}_{k}.mwi"
        r = images.cross(wasm, img_path, "cortex-m")
        assert r.returncode == 0, r.stderr  # the code check passed too
        img = images.Image(bytearray(img_path.read_bytes()))
        for i in range(img.u32(36)):
            ins = img.instructions(i)
            islands = sum(op.name == "JMP_FAR" for _, op, _ in ins)
            if k == K16:
                assert islands and any(op.name == "I32_ADD_IMMH" for _, op, _ in ins), (n, i)
                continue
            if islands:
                far_seen.add((n, i))
                continue
            for k, op, vals in ins:
                for kind, v in zip(op.kinds, vals):
                    if kind == "TARGET":
                        d = v - 0x10000 if v >= 0x8000 else v
                        nearest = max(nearest, abs(d))
    assert {n for n, _ in far_seen} >= {8200, 9000}
    assert not {n for n, _ in far_seen} & {100, 8180}
    assert nearest >= 32700, nearest  # near targets right below the limit


@pytest.mark.parametrize("lazy", [False, True])
def test_far_branches_run(built, lazy):
    for (n, k), wasm in built.items():
        exp = expected(n, k)
        code = (
            f"m = wasm.Module(open({str(wasm)!r}, 'rb').read(), lazy={lazy})\n"
            "i = wasm.Instance(m)\n"
            f"for name, cases in {exp!r}.items():\n"
            "    f = getattr(i.exports, name)\n"
            "    p([name, [f(a) & 0xffffffff for a, _ in cases]])\n"
        )
        got = dict(host.run(code, timeout=120))
        assert got == {f: [r for _, r in v] for f, v in exp.items()}, (n, k)


def test_far_br_table_jmp_island_must_jump_past_the_table(built, tmp_path):
    """A far BR_TABLE_JMP's entries point at their islands (JMP_FAR, the
    first half before the table, the rest right after it, lower_branch.c): the code check lets a forward-only
    op (no poll) branch back only to such an island whose own target lies
    after the op, so the two jumps go forward together. An island turned
    back onto the table would loop with no poll: refused, at the table."""
    img_path = tmp_path / "far_table.mwi"
    assert images.cross(built[9000, K], img_path).returncode == 0
    good = images.Image(bytearray(img_path.read_bytes()))
    f = 5  # "table"
    ins = good.instructions(f)
    k = next(k for k, op, _ in ins if op.name == "BR_TABLE_JMP")
    islands = [(i, vals[0]) for i, op, vals in ins if op.name == "JMP_FAR" and i < k and vals[0] > k]
    assert len(islands) == 1, ins[:6]  # entry 1's (label 0 is near)
    after_op = ins[[i for i, _, _ in ins].index(k) + 1]  # the instruction after the table
    assert after_op[1].name == "JMP_FAR" and after_op[2][0] > k, after_op  # the default's island
    after = after_op[0]
    cases, want = [], []
    for unit, ok in ((k, False), (islands[0][0], False), (after, True)):
        im = images.Image(bytearray(good.data))
        im.set_imm(f, islands[0][0], 0, unit)  # the island's target: a unit index
        cases.append(im.seal())
        want.append(None if ok else ("CompileError", im.refusal(f, k, "backward branch without a poll")))
    assert host.run(f"for d in {cases!r}:\n    p(exc(wasm.Module, d))", timeout=120) == want


# A br_table of TABLE_N entries (labels 0, 1, 2 in turn, default 2) over FILL_N additions: about
# 20 K units compact (near), over 40 K threaded (MW_THREADED, x86-64 hosts: 8 units an add), where
# the function is lowered again with every branch far, each entry through an island of its own
# (JMP_FAR, 7 units threaded): with all 6,001 islands before the table the first entry's was
# 42 K units away (cmark's 5,053-entry scanner did not load threaded); half before and half after
# it (lower_branch.c), about 21 K
TABLE_N, FILL_N = 6000, 5000


def big_table_module() -> str:
    labels = " ".join(str(i % 3) for i in range(TABLE_N))
    return f"""(module
  (func (export "bigtable") (param i32) (result i32) (local i32)
    (block (block (block
      (br_table {labels} 2 (local.get 0)))
      (local.set 1 (i32.add (local.get 1) (i32.const 1000)))
{filler(FILL_N)}      (br 1))
      (local.set 1 (i32.add (local.get 1) (i32.const 100))))
    (local.get 1)))
"""


@pytest.mark.parametrize("lazy", [False, True])
def test_far_br_table_of_thousands_of_entries_runs(tmp_path, lazy):
    wat, wasm = tmp_path / "bigtable.wat", tmp_path / "bigtable.wasm"
    wat.write_text(big_table_module())
    subprocess.run([_wasm_tools(), "parse", str(wat), "-o", str(wasm)], check=True, timeout=120)
    args = [0, 1, 2, 3, 4, 2999, 5997, 5998, 5999, 6000, 123456]
    want = [
        (1000 + K * FILL_N) & 0xFFFFFFFF if a < TABLE_N and a % 3 == 0 else 100 if a < TABLE_N and a % 3 == 1 else 0
        for a in args
    ]
    code = (
        f"m = wasm.Module(open({str(wasm)!r}, 'rb').read(), lazy={lazy})\n"
        "f = wasm.Instance(m).exports.bigtable\n"
        f"p([f(a) & 0xffffffff for a in {args!r}])\n"
    )
    assert host.run(code, timeout=120) == [want]


@pytest.mark.skipif(platform.machine() != "x86_64", reason="threaded code is x86-64's (mw_config.h MW_THREADED)")
def test_threaded_far_code_survives_every_allocation_failure(built):
    """tests/engine/test_thread_oom.c under ASan/UBSan, on the engine built threaded: the modules
    of a branch just under the limit, beyond it and beyond it narrowed (functions of 32 K units and
    more, whose threading and reach check allocate the op starts), loaded eagerly, lazily and under
    a 1-byte budget with each allocation failed in turn: MW_OK or MW_ERR_NOMEM at each step, a
    call that returns the unfailed run's result, every block freed with its size (no other test
    fails an allocation in threaded code: the unit tests and the oom fuzzer run compact code)."""
    flags = ["-O1", "-fsanitize=address,undefined", "-fno-sanitize-recover=all"]
    exe = gcc_engine("test_thread_oom", [TESTS / "test_thread_oom.c"], flags)
    wasm = [str(built[n, k]) for n, k in ((8190, K), (9000, K), (9000, K16))]
    r = subprocess.run([str(exe), *wasm], capture_output=True, text=True, timeout=1200)
    assert r.returncode == 0 and r.stdout.endswith(" 0 failures\n"), r.stdout[-3000:] + r.stderr[-3000:]
    runs, failed = (int(w) for w in r.stdout.split()[0:4:2])
    assert runs > 100 and failed == runs, r.stdout
