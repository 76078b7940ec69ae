# SPDX-License-Identifier: MIT
"""`bench/run.py --op-profile` (bench/op_profile.py, bench/op_profile.c): the
engine built with MW_OP_PROFILE=1 counts every executed op and every pair of
consecutive ops, and the ops that read what the op before wrote.
tests/programs/op_profile_loop.wat runs a loop of N passes over straight-line
code: the counts must add up exactly, whatever ops lowering chooses for the
body; tests/programs/op_profile_links.wat's two loops pass a value from op to
op, or never; tests/programs/op_profile_sites.wat's loop copies a local into
another and passes locals to a call, which the site profile must name (one
-O0 build of the kernel runner, ~10 s); tests/programs/op_profile_dead.wat's
loops put a constant in a local that a copy overwrites before any op reads
it, or that an add reads first: the dead-copy count must tell them apart;
tests/programs/op_profile_calls.wat calls a leaf from a function that calls;
tests/programs/op_profile_funcs.wat's named functions run known counts of ops
each, which the ops by function (`--by-function`) must give exactly; the loop's
triples of ops one after the other (`--triples`) must add up as its pairs do;
tests/programs/op_profile_const_addr.wat's loop loads and stores at constant
addresses, which `--const-addresses` must count and no other constant."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from support.build import build as build_program

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
import op_profile  # noqa: E402

N = 1000


def _profiled(tmp_path_factory: pytest.TempPathFactory, program: str, entries: tuple[str, ...]) -> dict:
    """tests/programs/`program` run N passes by each entry in `entries`, in the
    kernel runner built with MW_OP_PROFILE=1 (-O0): each entry's profile."""
    d = tmp_path_factory.mktemp(program)
    wasm = d / f"{program}.wasm"
    wasm.write_bytes(build_program(program))
    runner = op_profile.build_runner(wasi=False, flags=["gcc", "-O0", "-std=gnu11"])
    return {e: op_profile.run([runner, wasm, e, str(N), "1"], d / f"{e}.txt", timeout=60) for e in entries}


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> op_profile.OpProfile:
    return _profiled(tmp_path_factory, "op_profile_loop", ("run",))["run"]


@pytest.fixture(scope="module")
def links(tmp_path_factory: pytest.TempPathFactory) -> dict[str, op_profile.OpProfile]:
    return _profiled(tmp_path_factory, "op_profile_links", ("chain", "apart"))


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> op_profile.OpProfile:
    return _profiled(tmp_path_factory, "op_profile_sites", ("run",))["run"]


@pytest.fixture(scope="module")
def const_addr(tmp_path_factory: pytest.TempPathFactory) -> op_profile.OpProfile:
    return _profiled(tmp_path_factory, "op_profile_const_addr", ("run",))["run"]


@pytest.fixture(scope="module")
def dead(tmp_path_factory: pytest.TempPathFactory) -> dict[str, op_profile.OpProfile]:
    d = tmp_path_factory.mktemp("op_profile_dead")
    wasm = d / "dead.wasm"
    wasm.write_bytes(build_program("op_profile_dead"))
    runner = op_profile.build_runner(wasi=False, flags=["gcc", "-O0", "-std=gnu11"])
    return {e: op_profile.run([runner, wasm, e, str(N), "1"], d / f"{e}.txt", timeout=60) for e in ("dead", "live")}


@pytest.fixture(scope="module")
def calls(tmp_path_factory: pytest.TempPathFactory) -> op_profile.OpProfile:
    d = tmp_path_factory.mktemp("op_profile_calls")
    wasm = d / "calls.wasm"
    wasm.write_bytes(build_program("op_profile_calls"))
    runner = op_profile.build_runner(wasi=False, flags=["gcc", "-O0", "-std=gnu11"])
    return op_profile.run([runner, wasm, "run", str(N), "1"], d / "counts.txt", timeout=60)


@pytest.fixture(scope="module")
def funcs(tmp_path_factory: pytest.TempPathFactory) -> tuple[op_profile.OpProfile, bytes]:
    d = tmp_path_factory.mktemp("op_profile_funcs")
    wasm = d / "funcs.wasm"
    wasm.write_bytes(build_program("op_profile_funcs"))
    runner = op_profile.build_runner(wasi=False, flags=["gcc", "-O0", "-std=gnu11"])
    return op_profile.run([runner, wasm, "run", str(N), "1"], d / "counts.txt", timeout=60), wasm.read_bytes()


def test_ops_by_function(funcs: tuple[op_profile.OpProfile, bytes]) -> None:
    p, wasm = funcs
    # a pass: $leaf (its xor with a constant, its return) called 5 times;
    # $twice's two calls, add and return; $thrice's three calls, two adds and
    # return; run's two calls, two adds, its counter's sub and branch (plus
    # its return once). Every op ran in one function's lowered code.
    assert p.func == {0: 2 * 5 * N, 1: 4 * N, 2: 6 * N, 3: 4 * N + 1}, p.func
    assert sum(p.func.values()) == p.total
    names = op_profile.function_names(wasm)
    assert names == {0: "leaf", 1: "twice", 2: "thrice"}, names
    assert op_profile.functions(p, names, 2) == [
        (0, "leaf", 10 * N, 10 * N / p.total),
        (2, "thrice", 6 * N, 6 * N / p.total),
    ]
    text = op_profile.function_report({"funcs": p}, {"funcs": names}, top=5)
    assert "### funcs: ops by wasm function (4 functions ran ops)" in text, text
    assert f"| 1 | 0 | leaf | {10 * N:,} | {10 * N / p.total * 100:.2f}% |" in text, text
    assert f"| 3 | 3 | - | {4 * N + 1:,} |" in text, text


def test_function_names_rejects_garbage() -> None:
    assert op_profile.function_names(build_program("op_profile_loop")) == {}
    with pytest.raises(ValueError, match="not a wasm binary"):
        op_profile.function_names(b"\x7fELF\x01\x00\x00\x00")
    with pytest.raises(ValueError, match="past the end"):
        op_profile.function_names(b"\0asm\x01\x00\x00\x00\x00\xff")


def test_callees_by_leaf_and_length(calls: op_profile.OpProfile) -> None:
    # $inner (an xor and its return: a leaf of at most 4 ops) twice a pass, $outer
    # (two calls, an add, its return: 5 to 8 ops of its own) once; run's own
    # return to the embedder is no call's
    assert calls.callee == {(True, 4): 2 * N, (False, 8): N}, calls.callee
    line = op_profile.callees(calls)
    assert line.startswith(f"Calls: {3 * N:,} returns; the callee a leaf 66.7%, a leaf of at most 8 ops 66.7%"), line
    assert line in op_profile.report({"calls": calls}, top=5)


def test_dead_copies_are_counted_at_their_site(dead: dict[str, op_profile.OpProfile]) -> None:
    # each pass's constant into $x, overwritten by the copy of $n unread: N, at
    # local.set's lowering; where the add reads it first, none
    assert dead["dead"].dead == {"CONST16": N}, dead["dead"].dead
    wops, funcs = op_profile.wasm_op_names(), op_profile.lower_functions()
    (((op, site), n),) = dead["dead"].dead_site.items()
    assert (op, n) == ("CONST16", N)
    assert op_profile.site_name(site, wops, funcs).startswith("local_set: lower.c:")
    assert dead["live"].ops["CONST16"] == N and not dead["live"].dead and not dead["live"].dead_site
    text = op_profile.site_report({"dead": dead["dead"]}, ["CONST16"], top=5)
    assert "### dead: copies and constants no op read (" in text and "| 1 | CONST16 | local_set: lower.c:" in text


def test_sites_name_each_copy(sites: op_profile.OpProfile) -> None:
    # every executed op has its site, and per op the sites add up to its count
    assert sum(sites.site.values()) == sites.total
    for op, n in sites.ops.items():
        assert sum(c for (o, _), c in sites.site.items() if o == op) == n, op
    wops, funcs = op_profile.wasm_op_names(), op_profile.lower_functions()
    by_name: dict[str, int] = {}
    for (_, s), n in sites.site.items():
        name = op_profile.site_name(s, wops, funcs)
        by_name[name] = by_name.get(name, 0) + n
    # the loop's `local.get $a; local.set $t`: a copy of a local, made by
    # lower_local_set, once a pass (alone or as a MOVE2 with the next)
    local_copies = {
        name: n for name, n in by_name.items() if name.startswith("local_set: lower.c:") and name.endswith(", a local")
    }
    assert sum(local_copies.values()) == N, by_name
    assert all(" lower_local_set," in name for name in local_copies), local_copies
    # the call's three locals: copied into place by lower_call (COPY2, then
    # the last with the call: COPY_CALL_DEF), each pass
    calls = {
        (op, s): n for (op, s), n in sites.site.items() if op_profile.site_name(s, wops, funcs).startswith("call:")
    }
    assert calls and all(op_profile.site_name(s, wops, funcs).endswith(" lower_call") for _, s in calls), calls
    assert all(n == N for n in calls.values()), calls
    # the callee's xor: its own lowering, no helper line
    assert by_name.get("i32_xor") == N, by_name


def test_site_report_lists_the_copies(sites: op_profile.OpProfile) -> None:
    # (the call's three locals: COPY2_COPY_CALL_DEF, a row of session 39)
    ops = ["COPY", "COPY2", "MOVE2", "COPY_CALL_DEF", "COPY2_COPY_CALL_DEF"]
    text = op_profile.site_report({"sites": sites}, ops, top=10)
    rows = [line for line in text.splitlines() if line.startswith("| ") and "lower.c:" in line]
    assert rows and any("lower_call" in r for r in rows) and any("lower_local_set, a local" in r for r in rows), text
    assert "I32_XOR" not in text and f"### sites: where {', '.join(ops)} come from" in text


def test_const_addresses_count_the_loads_and_stores_constants(const_addr: op_profile.OpProfile) -> None:
    # a pass: the load's address and the store's (CONST16 or CONST32 at the
    # i32.load and i32.store sites), not the constant stored (STORE32_K), the
    # local's 3 (local.set) nor the loop's count
    wops, funcs = op_profile.wasm_op_names(), op_profile.lower_functions()
    consts = {
        op_profile.site_name(s, wops, funcs): n
        for (op, s), n in const_addr.site.items()
        if op in ("CONST16", "CONST32") and n >= N
    }
    assert consts.get("i32_load", 0) >= N and consts.get("i32_store", 0) >= N, consts
    at, every = op_profile.const_address_share(const_addr)
    assert at * const_addr.total == pytest.approx(2 * N, abs=2), (at, const_addr.total)
    assert every * const_addr.total >= 3 * N, every
    text = op_profile.const_address_report({"a": const_addr, "b": const_addr})
    assert f"| a | {const_addr.total:,} | {at * 100:.2f}% |" in text, text
    assert f"| **all (mean share)** | | **{at * 100:.2f}%** |" in text, text


def test_links_count_values_passed_from_op_to_op(links: dict[str, op_profile.OpProfile]) -> None:
    chain, apart = links["chain"], links["apart"]
    # chain: of the eight ops a pass, each after the first reads what the
    # one before wrote (however lowering fuses them, seven links or more a
    # pass); the first reads what the pass's last op wrote, the counter's
    # branch between them: two ops before, N - 1 times
    assert sum(chain.link.values()) >= 7 * N, chain.link
    assert sum(chain.link.values()) / chain.total > 0.7, (chain.link, chain.total)
    assert sum(chain.link2.values()) >= N - 1, chain.link2
    # apart: each op reads its own local, written a pass before, and y: no
    # op in the loop reads what the op before wrote (at most y's constant,
    # read by the first add once)
    assert sum(apart.link.values()) <= 1, apart.link
    assert sum(apart.link2.values()) <= 2, apart.link2
    assert apart.total >= 9 * N
    # the report's line: the share and the pair that passes most
    line = op_profile.links(chain, 1)
    share = sum(chain.link.values()) / chain.total * 100
    ((top, _),) = chain.link.most_common(1)
    assert f"{share:.1f}% of the ops" in line and f"{top[0]} -> {top[1]}" in line, line


def test_loop_counts_add_up(profile: op_profile.OpProfile) -> None:
    # the body's ops run N times each; the return after the loop once
    body = {op for op, n in profile.ops.items() if n == N}
    once = {op for op, n in profile.ops.items() if n == 1}
    assert len(body) >= 2 and len(once) == 1 and body | once == set(profile.ops), profile.ops
    # every op after the first makes one pair
    assert sum(profile.next.values()) + sum(profile.jump.values()) == profile.total - 1
    # the one taken branch: from the loop's last op back to its head, N - 1 times
    assert list(profile.jump.values()) == [N - 1], profile.jump
    ((last, head),) = profile.jump
    # straight line: each body op falls through to the next N times, and the
    # last one into the return once
    assert sorted(profile.next.values()) == [1] + [N] * (len(body) - 1), profile.next
    assert profile.next[last, next(iter(once))] == 1
    assert sum(n for (a, _), n in profile.next.items() if a == last) == 1


def test_triples_follow_the_straight_line(profile: op_profile.OpProfile) -> None:
    # three ops one after the other: every pair of "next" pairs that chain.
    # The loop's body of k ops makes k - 2 triples N times each, the last two
    # ops and the return after the loop one more (the jump back breaks every
    # chain through the head)
    body = [op for op, n in profile.ops.items() if n == N]
    (ret,) = (op for op, n in profile.ops.items() if n == 1)
    assert sum(profile.next3.values()) == (len(body) - 2) * N + 1, profile.next3
    assert sorted(profile.next3.values()) == [1] + [N] * (len(body) - 2), profile.next3
    ((a, b, c),) = (t for t, n in profile.next3.items() if n == 1)
    assert c == ret and profile.next[a, b] == N and profile.next[b, ret] == 1
    # each triple's pairs are "next" pairs
    assert all(profile.next[a, b] >= n and profile.next[b, c] >= n for (a, b, c), n in profile.next3.items())
    text = op_profile.triple_report({"loop": profile}, top=2)
    ((top, n),) = profile.next3.most_common(1)
    row = f"| 1 | {top[0]} -> {top[1]} -> {top[2]} | {n / profile.total * 100:.2f}% |"
    assert "### loop: triples (next in code)" in text and row in text, text


def test_report_lists_shares(profile: op_profile.OpProfile) -> None:
    text = op_profile.report({"loop": profile, "loop again": profile}, top=3)
    share = f"{N / profile.total * 100:.2f}%"
    assert "### loop (" in text and "### all (mean share) (2 runs)" in text
    rows = [line for line in text.splitlines() if line.startswith("| 1 |")]
    assert len(rows) == 3 and all(share in r for r in rows), text


def test_mean_shares_weigh_every_run_alike() -> None:
    # a run of 4 ops and one of 1: each count becomes its run's share in millionths, then they add
    a = op_profile.parse(
        "op I32_ADD 3\nop COPY 1\nnext I32_ADD COPY 2\nlink I32_ADD COPY 1\nlink2 COPY 1\n"
        "site COPY 1d21 1\ndead COPY 1\ndeadsite COPY 1d21 1\nnext3 I32_ADD COPY I32_ADD 1\n"
        "jump I32_ADD COPY 1\ncallee leaf 16 1\nfunc 7 4\n"
    )
    b = op_profile.parse("op I32_ADD 1\nnext I32_ADD I32_ADD 1\n")
    m = op_profile.mean_shares([a, b], top=3)
    assert m.ops == {"I32_ADD": 750_000 + 1_000_000, "COPY": 250_000}
    assert m.next == {("I32_ADD", "COPY"): 500_000, ("I32_ADD", "I32_ADD"): 1_000_000}
    assert m.link == {("I32_ADD", "COPY"): 250_000} and m.link2 == {"COPY": 250_000}
    assert m.site == {("COPY", 0x1D21): 250_000} and m.dead == {"COPY": 250_000}
    assert m.dead_site == {("COPY", 0x1D21): 250_000} and m.next3 == {("I32_ADD", "COPY", "I32_ADD"): 250_000}
    # per run only: not averaged
    assert not m.jump and not m.callee and not m.func


def test_parse_rejects_garbage() -> None:
    with pytest.raises(ValueError, match="unexpected line"):
        op_profile.parse("op I32_ADD 3\nopp I32_ADD 4\n")
    with pytest.raises(ValueError, match="unexpected line"):
        op_profile.parse("link2 I32_ADD I32_XOR 4\n")
    with pytest.raises(ValueError, match="unexpected line"):
        op_profile.parse("site COPY 2115\n")
    with pytest.raises(ValueError, match="unexpected line"):
        op_profile.parse("func 7\n")
    p = op_profile.parse(
        "op I32_ADD 3\nlink I32_ADD I32_XOR 2\nlink2 I32_ADD 1\nsite COPY 80001d21 4\n"
        "dead CONST16 2\ndeadsite CONST16 1d21 2\ncallee leaf 16 5\ncallee calls 512 1\nfunc 7 3\n"
        "next3 I32_ADD I32_XOR COPY 2\n"
    )
    assert p.func == {7: 3}
    assert p.next3 == {("I32_ADD", "I32_XOR", "COPY"): 2}
    assert p.callee == {(True, 16): 5, (False, 512): 1}
    assert p.dead == {"CONST16": 2} and p.dead_site == {("CONST16", 0x1D21): 2}
    assert p.link == {("I32_ADD", "I32_XOR"): 2} and p.link2 == {"I32_ADD": 1}
    assert p.site == {("COPY", 0x80001D21): 4}
    # wasm local.set (0x21), line 29 of lower.c, a local
    name = op_profile.site_name(0x80001D21, {0x21: "local_set"}, {"lower.c": ["f"] * 40})
    assert name == "local_set: lower.c:29 f, a local"
    # the same line of lower_branch.c (its LOWER_FILE, 1, above bit 16 of the line)
    name = op_profile.site_name(0x01001D21, {0x21: "local_set"}, {"lower.c": ["f"] * 40, "lower_branch.c": ["g"] * 40})
    assert name == "local_set: lower_branch.c:29 g"
