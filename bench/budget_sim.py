#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Code budget eviction policies simulated on a whole program's calls (bench only):

    python3 bench/budget_sim.py [--programs cjson,tre] [--budgets 1.0,0.75] [--policies CLOCK32,LRU,LIRS,OPT]
    python3 bench/budget_sim.py --wasm build/wasm/wasi_fsops.wasm --argv "g HEX" --budgets 1.0

Runs each program once lazily without a budget in a runner built with -DMW_CALL_TRACE
(bench/calltrace.h: every call and return) and -DMW_LAZY_TRACE (each function's block bytes),
then once per budget as bench/budget.py does (the budget in bytes, and the bytes the engine
really relowered). It then replays the calls through each policy: a call of a function not
resident lowers it (relowered bytes if it was lowered before). If the slots would exceed the
budget, the policy picks functions to drop. A function with a frame on the stack is never
dropped, and one with a block of its own beside the arena (larger than the budget, the code arena,
or over lazy.c's running share since session 35: `alone`) counts against it only when it is not
running (lazy.c running_held: a running one's block of its own is not the arena's room).
`--running-share 100` replays session 34's engine. A
function counts against the budget as its slot in the code arena (its block rounded to 4 B and
an 8-byte head, as lazy.c's `held`); a relowering counts its block's bytes, as the engine's
trace does. The trace keeps the first call of a function right after it returned (its
re-arm, bench/calltrace.h).
CLOCK32 is lazy.c's policy (second chance, functions start armed; the walk goes on until the
cold functions it passed hold what is needed and drops the fewest bytes of them; a walk that
comes round drops the newest it armed); CLOCK14 the same before session 32 (each cold one
dropped as met). CLOCK32's figure should match the engine's ("real"); that is the check on the
simulator (docs/benchmarks-history.md "Eviction fuzzing (session 33)").
OPT (Belady: drop the function whose next call is furthest) is the bound no online
policy reaches, so it shows how far a better policy could go.
Relowering costs ~125 Ir a byte (docs/benchmarks-history.md "RAM (session 15)"). A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import array
import os
import subprocess
import sys
import tempfile
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_programs as BP
import programs as P

RET = 0xFFFFFFFF


class Policy(Protocol):
    def hit(self, t: int, i: int) -> None: ...
    def insert(self, t: int, i: int) -> None: ...
    def victims(self, need: int, pin: Counter[int], i: int) -> list[int]: ...


# lazy.c over_running_share (mw_config.h MW_CODE_RUNNING_SHARE, MW_CODE_LARGE_SHARE), in percent
RUNNING_SHARE = 50
LARGE_SHARE = 12


def alone(s: int, running: int, budget: int, share: int) -> bool:
    """A function of s bytes gets a block of its own beside the arena (the budget) rather than a
    slot: larger than the arena, or (lazy.c over_running_share) larger than LARGE_SHARE percent of
    it, called by code running in it (`running` bytes), and taking that over `share` percent; or,
    nothing running in it (an export called from the embedder, since session 36), taking over
    100 - LARGE_SHARE percent (with `share` 100 or more, session 34's engine: neither)."""
    limit = share if running > 0 or share >= 100 else 100 - LARGE_SHARE
    return s > budget or (s > budget * LARGE_SHARE // 100 and running + s > budget * limit // 100)


def replay(
    trace: list[int],
    size: dict[int, int],
    budget: int,
    pol: Policy,
    block: dict[int, int] | None = None,
    share: int = RUNNING_SHARE,
) -> int:
    """Relowered bytes of the calls in trace under pol, code blocks within budget (size: what each
    counts against it; block: the bytes a relowering counts, as the engine's trace does, else size;
    share: lazy.c's running share, 100 or more for session 34's engine, where a function had a block
    of its own only if larger than the arena)."""
    block = block or size
    stack: list[int] = []
    pin: Counter[int] = Counter()
    used = relowered = 0
    seen: set[int] = set()
    resident: set[int] = set()
    own: set[int] = set()  # resident with a block of its own
    for i, t in enumerate(trace):
        if t == RET:
            if stack:
                pin[stack.pop()] -= 1
            continue
        if t in resident:
            pol.hit(t, i)
        elif t in size:
            s = size[t]
            out = alone(s, sum(size[k] for k in resident if pin[k] and k not in own), budget, share)
            # a running function's block of its own does not count against the budget (lazy.c
            # running_held)
            over = used - sum(size[k] for k in own if pin[k]) + s - budget
            if over > 0:
                for v in pol.victims(over, pin, i):
                    resident.discard(v)
                    own.discard(v)
                    used -= size[v]
            relowered += block[t] if t in seen else 0
            seen.add(t)
            resident.add(t)
            own |= {t} if out else set()
            used += s
            pol.insert(t, i)
        stack.append(t)
        pin[t] += 1
    return relowered


def take_unpinned(
    keys: Iterable[int], need: int, pin: Counter[int], size: dict[int, int], drop: Callable[[int], None]
) -> tuple[list[int], int]:
    """The victims loop LRU and LIRS share: from `keys` in order, every function not on a frame
    (pin 0) is dropped (`drop`) until `need` bytes are freed; (those dropped, what is still needed)."""
    out = []
    for k in keys:
        if need <= 0:
            break
        if pin[k] == 0:
            drop(k)
            out.append(k)
            need -= size[k]
    return out, need


class LRU:
    def __init__(self, size: dict[int, int], trace: list[int], budget: int) -> None:
        self.order: OrderedDict[int, None] = OrderedDict()
        self.size = size

    def hit(self, t: int, i: int) -> None:
        self.order.move_to_end(t)

    def insert(self, t: int, i: int) -> None:
        self.order[t] = None

    def victims(self, need: int, pin: Counter[int], i: int) -> list[int]:
        return take_unpinned(list(self.order), need, pin, self.size, self.order.__delitem__)[0]


class OPT:
    """Belady: the resident function called again furthest ahead goes first."""

    def __init__(self, size: dict[int, int], trace: list[int], budget: int) -> None:
        self.size = size
        self.next_use = [0] * len(trace)
        last: dict[int, int] = {}
        for i in range(len(trace) - 1, -1, -1):
            if trace[i] != RET:
                self.next_use[i] = last.get(trace[i], 1 << 62)
                last[trace[i]] = i
        self.res: dict[int, int] = {}

    def hit(self, t: int, i: int) -> None:
        self.res[t] = self.next_use[i]

    insert = hit

    def victims(self, need: int, pin: Counter[int], i: int) -> list[int]:
        out = []
        for k in sorted((k for k in self.res if pin[k] == 0), key=lambda k: -self.res[k]):
            if need <= 0:
                break
            out.append(k)
            need -= self.size[k]
            del self.res[k]
        return out


class CLOCK14:
    """lazy.c lazy_evict + lazy_drop_newest (session 14): list in lowering order, a function starts
    armed (not referenced), the walk arms referenced ones and moves them to the end, drops the armed;
    come round, the newest of those it armed go, as few as free what is needed."""

    def __init__(self, size: dict[int, int], trace: list[int], budget: int) -> None:
        self.lst: list[int] = []
        self.ref: dict[int, bool] = {}
        self.size = size

    def hit(self, t: int, i: int) -> None:
        self.ref[t] = True

    def insert(self, t: int, i: int) -> None:
        self.ref[t] = False
        self.lst.append(t)

    def victims(self, need: int, pin: Counter[int], i: int) -> list[int]:
        out: list[int] = []
        moved: list[int] = []
        kept: list[int] = []
        j = 0
        while need > 0 and j < len(self.lst):
            x = self.lst[j]
            j += 1
            if pin[x] > 0:
                kept.append(x)
            elif self.ref[x]:
                self.ref[x] = False
                moved.append(x)
            else:
                out.append(x)
                need -= self.size[x]
                del self.ref[x]
        rest = self.lst[j:]
        if need > 0 and moved:
            moved = self.drop_newest(moved, need, out)
        self.lst = kept + rest + moved
        return out

    def drop_newest(self, moved: list[int], need: int, out: list[int]) -> list[int]:
        """Come round (lazy_drop_newest): of the functions the walk armed, in order, the newest go
        (onto out) as few as free `need`; the others are not armed. Those kept."""
        tail = sum(self.size[x] for x in moved)
        k = 0
        while k < len(moved) and tail - self.size[moved[k]] >= need:
            tail -= self.size[moved[k]]
            self.ref[moved[k]] = True
            k += 1
        for x in moved[k:]:
            out.append(x)
            del self.ref[x]
        return moved[:k]


class CLOCK32(CLOCK14):
    """lazy.c as of session 32: the same walk, but the cold functions it passes are not dropped as
    it meets them. It goes on until they hold what is needed, then the fewest bytes of them go
    (lazy_drop_cold: all if they are not more than needed, else the smallest that frees it alone,
    else the largest first); the others stay cold in place. Come round: the newest it armed go,
    as in CLOCK14."""

    def victims(self, need: int, pin: Counter[int], i: int) -> list[int]:
        size = self.size
        out: list[int] = []
        moved: list[int] = []
        passed: list[int] = []  # the list in order, up to where the walk stopped (moved ones out)
        cold = 0
        j = 0
        while need - cold > 0 and j < len(self.lst):
            x = self.lst[j]
            j += 1
            if pin[x] > 0:
                passed.append(x)
            elif self.ref[x]:
                # armed, to the end of the list (the last is armed where it is: the same place)
                self.ref[x] = False
                moved.append(x)
            else:
                passed.append(x)
                cold += size[x]
        cands = [x for x in passed if pin[x] == 0 and not self.ref[x]]
        while need > 0 and cands:
            if sum(size[x] for x in cands) <= need:
                drop = list(cands)
            else:
                fits = [x for x in cands if size[x] >= need]
                # the first of the smallest fit, else of the largest (lazy_drop_cold's strict compares)
                drop = [min(fits, key=size.__getitem__) if fits else max(cands, key=size.__getitem__)]
            for x in drop:
                cands.remove(x)
                out.append(x)
                need -= size[x]
                del self.ref[x]
        gone = set(out)
        rest = self.lst[j:]
        if need > 0 and moved and j >= len(self.lst):
            # came round (every one not running passed, the moved ones next): the newest go
            moved = self.drop_newest(moved, need, out)
        self.lst = [x for x in passed if x not in gone] + rest + moved
        return out


class GHOST(CLOCK32):
    """CLOCK32 with a ghost record (session 34, evaluated, not built): a function lowered again
    after a drop starts not armed (as if called since), where a first lowering starts armed; the
    engine has the record for free (a dropped function keeps its lowered length). Meant for a
    loop longer than the budget: it comes round and the newest go (lazy_drop_newest), so its
    first part stays. It does that on a pure cycle, but on real programs every function is soon
    a ghost and the walk drops the newest lowered, often the next one called: up to 190x the
    bytes relowered (docs/benchmarks-history.md "Code budget (session 34)")."""

    def __init__(self, size: dict[int, int], trace: list[int], budget: int) -> None:
        super().__init__(size, trace, budget)
        self.ever: set[int] = set()

    def insert(self, t: int, i: int) -> None:
        super().insert(t, i)
        self.ref[t] = t in self.ever
        self.ever.add(t)


class LIRS:
    """LIRS (Jiang and Zhang 2002) in bytes: 90% of the budget for functions with a short
    inter-call recency (LIR), the rest for the others (resident HIR, dropped first in FIFO order)."""

    HIR_SHARE = 0.1

    def __init__(self, size: dict[int, int], trace: list[int], budget: int) -> None:
        self.size = size
        self.stack: OrderedDict[int, None] = OrderedDict()  # recency: LIR, resident and ghost HIR
        self.queue: OrderedDict[int, None] = OrderedDict()  # resident HIR, oldest first
        self.lir: set[int] = set()
        self.lir_bytes = 0
        self.lir_cap = budget * (1 - self.HIR_SHARE)

    def _prune(self) -> None:
        while self.stack and next(iter(self.stack)) not in self.lir:
            self.stack.popitem(last=False)

    def _make_lir(self, t: int) -> None:
        self.lir.add(t)
        self.lir_bytes += self.size[t]
        while self.lir_bytes > self.lir_cap and len(self.lir) > 1:
            k = next(iter(self.stack))  # the bottom is LIR (pruned)
            self.lir.discard(k)
            self.lir_bytes -= self.size[k]
            del self.stack[k]
            self.queue[k] = None
            self._prune()

    def hit(self, t: int, i: int) -> None:
        in_stack = t in self.stack
        self.stack[t] = None
        self.stack.move_to_end(t)
        if t in self.lir:
            self._prune()
        elif in_stack:
            del self.queue[t]
            self._make_lir(t)
        else:
            self.queue.move_to_end(t)

    def insert(self, t: int, i: int) -> None:
        in_stack = t in self.stack
        self.stack[t] = None
        self.stack.move_to_end(t)
        if in_stack or self.lir_bytes + self.size[t] <= self.lir_cap:
            self._make_lir(t)
        else:
            self.queue[t] = None

    def _drop_lir(self, k: int) -> None:
        self.lir.discard(k)
        self.lir_bytes -= self.size[k]
        del self.stack[k]

    def victims(self, need: int, pin: Counter[int], i: int) -> list[int]:
        # resident HIR first (oldest first), then LIR from the stack's bottom
        out, need = take_unpinned(list(self.queue), need, pin, self.size, self.queue.__delitem__)
        out += take_unpinned([k for k in self.stack if k in self.lir], need, pin, self.size, self._drop_lir)[0]
        self._prune()
        return out


POLICIES = {"CLOCK32": CLOCK32, "GHOST": GHOST, "CLOCK14": CLOCK14, "LRU": LRU, "LIRS": LIRS, "OPT": OPT}


def kv_of(out: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def run(exe: Path, prog: P.Program | Guest, wasm: Path, budget: str, ct_out: str | None) -> dict[str, str]:
    env = dict(os.environ, MW_BENCH_LAZY="1")
    for k in ("MW_BENCH_BUDGET", "CT_OUT"):
        env.pop(k, None)
    if budget:
        env["MW_BENCH_BUDGET"] = budget
    if ct_out:
        env["CT_OUT"] = ct_out
    r = subprocess.run(
        [str(exe), str(wasm), "1", "-", *prog.argv("quick")],
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
        env=env,
    )
    if r.returncode != 0:
        raise RuntimeError(f"{prog.name} (budget {budget or 'none'}) failed:\n{r.stdout}{r.stderr[-2000:]}")
    return kv_of(r.stdout)


class Guest:
    """A module not among the programs, run with its own argv (--wasm, --argv): e.g. the guest
    of tests/fuzz/wasi_files.py, whose 8 KB main function is larger than its default budget."""

    def __init__(self, wasm: Path, argv: list[str]) -> None:
        self.name = wasm.stem
        self._argv = argv

    def argv(self, size: str) -> list[str]:
        return self._argv


def simulate(
    prog: P.Program | Guest, wasm: Path, exe: Path, budgets: Iterable[str], policies: list[str], share: int
) -> list[str]:
    with tempfile.TemporaryDirectory() as d:
        ct = str(Path(d) / "calls.bin")
        kv = run(exe, prog, wasm, "", ct)
        trace = array.array("I")
        trace.frombytes(Path(ct).read_bytes())
    # what lazy.c counts against the budget: a block's slot in the code arena (its head, 8 B, and
    # the block rounded to 4 B), as every budget here is over the arena's minimum (4 KiB)
    block = {int(a): int(b) for a, b in (x.split(":") for x in kv["block_bytes"].split(",") if x)}
    size = {k: 8 + (b + 3) // 4 * 4 for k, b in block.items()}
    calls = trace.tolist()
    rows = []
    for b in budgets:
        real = run(exe, prog, wasm, b, None)
        bud = int(real["code_budget"])
        sims = [f"{replay(calls, size, bud, POLICIES[p](size, calls, bud), block, share):,}" for p in policies]
        rows.append(f"| {prog.name} | {b} | {bud:,} | {int(real['relowered_bytes']):,} | " + " | ".join(sims) + " |")
        print(rows[-1], file=sys.stderr, flush=True)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--programs", default="cjson,tre,kissfft", help="comma-separated names")
    ap.add_argument(
        "--budgets", default="1.0,0.75", help="comma-separated R: Module.ram within R times the binary, or NB: N bytes"
    )
    ap.add_argument("--policies", default=",".join(POLICIES), help=f"comma-separated, of {','.join(POLICIES)}")
    ap.add_argument("--wasm", type=Path, help="a module of its own instead of the programs (with --argv)")
    ap.add_argument("--argv", default="", help="--wasm's argv, space-separated (its name first)")
    ap.add_argument(
        "--running-share",
        type=int,
        default=RUNNING_SHARE,
        help="lazy.c's MW_CODE_RUNNING_SHARE in percent (100: session 34's engine, no such rule)",
    )
    P.add_features_arg(ap)
    a = ap.parse_args()
    P.use_features(a.features)
    budgets = [b for b in a.budgets.split(",") if b]
    policies = [p for p in a.policies.split(",") if p]
    runs: list[tuple[P.Program | Guest, Path]]
    if a.wasm:
        runs = [(Guest(a.wasm, a.argv.split()), a.wasm)]
    else:
        progs = P.select(a.programs)
        built = P.build_all(progs)
        runs = [(p, built[p.name, "wasm"]) for p in progs]
    exe = BP.build_runner_mw_wasi(calls=True)
    print("| program | R | code budget B | real relowered B | " + " | ".join(f"{p} B" for p in policies) + " |")
    print("|---|---:|---:|---:|" + "---:|" * len(policies))
    for prog, wasm in runs:
        for row in simulate(prog, wasm, exe, budgets, policies, a.running_share):
            print(row, flush=True)


if __name__ == "__main__":
    main()
