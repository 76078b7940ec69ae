# SPDX-License-Identifier: MIT
"""WebAssembly spec suite on the host port, one test per .wast file.

Each file is converted (cached under build/spec/), run by tests/spec/mp_driver.py
in `build/host/micropython`, and judged on the CPython side; again in
`build/host-small/micropython`, the engine of the small profile (lm3s6965evb's:
no fused ops, one handler per cold family, 512 stack slots and 128 frames). A test fails on any
failure not listed in tests/spec/expected_failures.txt; listed failures that now
pass are reported as warnings (errors with SPEC_STRICT=1).
Suite: ../shared/wasm-testsuite, or $WASM_TESTSUITE.
"""

from __future__ import annotations

import json
import os
import subprocess
import warnings

import pytest

from boardcfg.generate import PROFILE_CFLAGS
from spec import commands as cm
from spec import runner
from support.host import current
from support.spec_files import need_host_micropython, wast_params

TIMEOUT = float(os.environ.get("SPEC_TIMEOUT", "180"))


@pytest.mark.parametrize("suite,path", wast_params())
def test_spec(suite, path, record_property, wasm_source):
    need_host_micropython()
    # the built-in module, and wasm.mpy on the host port without it (conftest.py)
    src = current()
    res = runner.run_host(suite, path, micropython=src.micropython, cwd=src.cwd, timeout=TIMEOUT)
    if wasm_source == "builtin":  # summed per suite at the end (conftest.py, also from xdist workers)
        record_property("spec_totals", (res.name, res.passed, len(res.failures), sum(res.skipped.values())))
    new, fixed = runner.compare_expected(res, runner.load_expected())
    print(res.summary())
    if fixed:
        msg = f"{res.name}: listed in expected_failures.txt but passing now: lines {fixed}"
        if os.environ.get("SPEC_STRICT") == "1":
            pytest.fail(msg)
        warnings.warn(msg, stacklevel=1)
    if new:
        lines = [f"  {res.name}:{c.line} #{c.index} {c.kind}: {why}" for c, why in new[:30]]
        more = f"\n  ... and {len(new) - 30} more" if len(new) > 30 else ""
        pytest.fail(
            f"{res.summary()}\n{len(new)} unexpected failures:\n" + "\n".join(lines) + more,
            pytrace=False,
        )


# The small profile's stacks (512 slots, 128 frames) are a board's RAM, not
# its engine: call.wast recurses deeper, skip-stack-guard-page.wast has
# frames of more slots. Its runs take the full profile's 64-bit defaults
# (mw_config.h), set by wasm.stack_size() before the first module.
SMALL_STACKS = "wasm.stack_size(16384, 2048)\n"


def small_micropython():
    if not runner.SMALL_MICROPYTHON.exists():
        pytest.skip(f"{runner.SMALL_MICROPYTHON} not built (make host-small)")
    return runner.SMALL_MICROPYTHON


@pytest.mark.parametrize("suite,path", wast_params())
def test_spec_small_profile(suite, path, record_property):
    """The whole suite against the small profile's engine (`make host-small`),
    the same expected_failures.txt: its lowering makes none of the fused rows
    and its interpreter shares one handler among a family's cold rows."""
    mp = small_micropython()
    res = runner.run_host(suite, path, micropython=mp, timeout=TIMEOUT, script_name="run_small.py", setup=SMALL_STACKS)
    record_property("spec_totals_small", (res.name, res.passed, len(res.failures), sum(res.skipped.values())))
    message = runner.unexpected_failures(res)
    if message:
        pytest.fail(message, pytrace=False)


def test_small_profile_is_the_boards():
    """build/host-small has the small profile's switches as the board generator
    gives them (not written twice): its default stacks, no Module.unlower."""
    flags = dict(f.removeprefix("-D").split("=", 1) for f in PROFILE_CFLAGS["small"].split())
    assert flags["MW_UNLOWER"] == "0" and flags["MW_ALL_OPS"] == "0"
    code = "import wasm\nprint(wasm.stack_size(), hasattr(wasm.Module, 'unlower'))"
    out = subprocess.run(
        [str(small_micropython()), "-c", code], capture_output=True, text=True, timeout=30, check=True
    ).stdout
    assert out.strip() == f"({flags['MW_DEFAULT_STACK_SLOTS']}, {flags['MW_DEFAULT_MAX_FRAMES']}) False"


# --- The runner's own logic (CPython only: JSON -> literal -> verdict) ---------------


def cmd(kind, **kw):
    return cm.Command(0, 7, kind, {"type": kind, **kw})


def test_int_args_wabt_unsigned_and_wasm_tools_signed_agree():
    assert cm.arg_literal({"type": "i32", "value": "4294967295"}) == "4294967295"
    assert cm.arg_literal({"type": "i32", "value": "-1"}) == "4294967295"
    assert cm.arg_literal({"type": "i64", "value": "-9223372036854775808"}) == str(1 << 63)
    assert cm.arg_literal({"type": "f32", "value": "2143289344"}) == "2143289344"


def test_ref_args():
    assert cm.arg_literal({"type": "externref", "value": "null"}) == "None"
    assert cm.arg_literal({"type": "externref", "value": "3"}) == "X(3)"
    assert cm.arg_literal({"type": "funcref", "value": "null"}) == "None"


def test_invoke_literal_escapes_names_for_micropython():
    src = cm._action_literal(
        4,
        {
            "type": "invoke",
            "module": "$M",
            "field": "\u00e9\x00",
            "args": [{"type": "i32", "value": "1"}],
        },
    )
    assert src == "(4,'c','$M','\\xe9\\x00',(1,))"


def test_nan_patterns():
    canon = {"type": "f32", "value": "nan:canonical"}
    arith = {"type": "f64", "value": "nan:arithmetic"}
    assert cm.value_matches(canon, 0x7FC00000) and cm.value_matches(canon, 0xFFC00000)
    assert not cm.value_matches(canon, 0x7FC00001)
    assert cm.value_matches(arith, 0x7FF8000000000001) and cm.value_matches(arith, 0xFFF8000000000000)
    assert not cm.value_matches(arith, 0x7FF0000000000001)  # signalling
    assert not cm.value_matches({"type": "i32", "value": "1"}, True)


def test_assert_return_compares_unsigned_bits():
    c = cmd(
        "assert_return",
        expected=[{"type": "i32", "value": "-1"}, {"type": "externref", "value": "2"}],
    )
    assert cm.check(c, ("ok", (0xFFFFFFFF, ("e", 2)))) is None
    assert "expected" in cm.check(c, ("ok", (-1, ("e", 2))))
    assert "Trap" in cm.check(c, ("x", "Trap", "unreachable"))
    assert cm.check(c, None).startswith("no result")


def test_traps_match_by_prefix_and_kinds_by_exception():
    trap = cmd("assert_trap", text="uninitialized element 2")
    assert cm.check(trap, ("x", "Trap", "uninitialized element")) is None
    assert cm.check(trap, ("x", "Trap", "unreachable")) is not None
    assert cm.check(cmd("assert_invalid", text="type mismatch"), ("x", "CompileError", "x @0x1")) is None
    assert cm.check(cmd("assert_invalid", text="type mismatch"), ("x", "ValueError", "x")) is not None
    assert cm.check(cmd("assert_unlinkable", text="unknown import"), ("x", "LinkError", "a.b")) is None
    assert cm.check(cmd("assert_uninstantiable", text="unreachable"), ("ok", None)) is not None


def test_parse_output_ignores_noise():
    out = cm.parse_output("hello\n3 ('ok', (1, None, 'f'))\n4 ('x', 'Trap', 'unreachable')\n5 (junk\n")
    assert out == {
        3: ("ok", (1, None, "f")),
        4: ("x", "Trap", "unreachable"),
        5: ("bad", "(junk"),
    }


def test_load_and_batches(tmp_path):
    (tmp_path / "a.0.wasm").write_bytes(b"\0asm\1\0\0\0")
    (tmp_path / "a.json").write_text(
        json.dumps(
            {
                "commands": [
                    {"type": "module", "line": 1, "filename": "a.0.wasm"},
                    {
                        "type": "assert_malformed",
                        "line": 2,
                        "filename": "a.1.wat",
                        "module_type": "text",
                        "text": "x",
                    },
                ]
                + [
                    {
                        "type": "assert_return",
                        "line": 3 + i,
                        "action": {"type": "invoke", "field": "f", "args": []},
                        "expected": [],
                    }
                    for i in range(50)
                ]
            }
        )
    )
    cmds = cm.load(tmp_path / "a.json")
    assert cmds[0].src == "(0,'m',None,b'\\x00asm\\x01\\x00\\x00\\x00')"
    assert cmds[1].skip == cm.SKIP_TEXT and cmds[1].src is None
    bs = cm.batches(cmds, max_bytes=200)
    assert all(b.startswith("B([") for b in bs) and len(bs) > 1
    assert all(len(b) < 260 for b in bs)
    assert sum(b.count("'c'") for b in bs) == 50


def test_expected_failures_roundtrip(tmp_path):
    c1, c2 = (
        cm.Command(0, 10, "assert_return", {}),
        cm.Command(1, 11, "assert_trap", {}),
    )
    res = runner.FileResult("core/x.wast", [c1, c2], {})
    res.failures = [(c1, "bad")]
    path = tmp_path / "e.txt"
    path.write_text(runner.expected_text([res], "# header"))
    exp = runner.load_expected(path)
    assert exp == {"core/x.wast:10": "assert_return: bad"}
    assert runner.compare_expected(res, exp) == ([], [])
    res.failures = [(c2, "bad")]
    new, fixed = runner.compare_expected(res, exp)
    assert new == [(c2, "bad")] and fixed == [10]
