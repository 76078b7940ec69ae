# SPDX-License-Identifier: MIT
"""The dynamic op profile of lowered code (`bench/run.py --op-profile`).

The host runners are built once more with -DMW_OP_PROFILE=1 and bench/op_profile.c
(build/bench/runner_mw_prof, runner_mw_wasi_prof: a call per dispatched op, so
never timed); each run writes its counts (MW_OP_PROFILE_OUT) and this prints,
per program or kernel and over all of them, the most executed ops and pairs of
consecutive ops with their share of all executed ops, and how many ops read a
slot the op dispatched just before wrote (a value passed through memory:
docs/benchmarks-history.md "CPU time (session 19)"):

    python3 bench/run.py --op-profile --only-programs --programs mbedtls,opus
    python3 bench/run.py --op-profile --no-programs --kernels crc32

A "next" pair is two ops one after the other in the code (the second starts at
the unit after the first one's immediates): what a fusion in lower.c could make
one op, unless a label lies between them (the profile cannot see labels: a pair
whose second op is a loop head counts its fall-through entries only). A "jump"
pair (a taken branch, call or return between them) is counted apart and not
listed. "all" weighs every program alike (the mean of the shares), as the
geometric means of the speed tables do.

Each executed op is also counted by its lowering site (`--op-sites COPY,MOVE2`,
or `all`): the wasm instruction whose lowering emitted it and, for the values
copied into place (lower_emit.c's `materialize`, `materialize_top`, `emit_copy`,
`const_into`: the outermost call), the file and line (lower.c or lower_branch.c,
LOWER_FILES) that called the helper and its function, and whether the copy reads
a local:

    python3 bench/run.py --op-profile --only-programs --programs lua --op-sites COPY,COPY2,MOVE2

and by the wasm function whose code ran it (`--by-function`): each function's
index, its name where the binary has a name section (bench/programs.py links
without one: `-`) and its share of the executed ops (function_report):

    python3 bench/run.py --op-profile --only-programs --programs zlib --by-function

and, by the same sites, the ops that put a constant in a slot for a load's
or store's address (`--const-addresses`, const_address_report: a C
program's globals, `i32.const A; i32.load offset=B`), what a load or store
taking its address as an immediate would save:

    python3 bench/run.py --op-profile --only-programs --programs tcc --const-addresses
"""

from __future__ import annotations

import os
import re
import subprocess
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench_common import RUNNER_FLAGS, stale

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
ENGINE = ROOT / "modwasm" / "engine"
OUT = ROOT / "build" / "bench"


@dataclass
class OpProfile:
    """The counts of one run (bench/op_profile.c's lines)."""

    ops: Counter[str] = field(default_factory=Counter)
    next: Counter[tuple[str, str]] = field(default_factory=Counter)
    jump: Counter[tuple[str, str]] = field(default_factory=Counter)
    # ops reading a slot the op dispatched just before wrote (by that pair),
    # and (by reader) the op two before
    link: Counter[tuple[str, str]] = field(default_factory=Counter)
    link2: Counter[str] = field(default_factory=Counter)
    # ops by (op, site): mw_int.h MW_SITE (site_name)
    site: Counter[tuple[str, int]] = field(default_factory=Counter)
    # copies and constants overwritten before any op read them (op_profile.c
    # track_dead, a lower bound): by op, and by (op, site)
    dead: Counter[str] = field(default_factory=Counter)
    dead_site: Counter[tuple[str, int]] = field(default_factory=Counter)
    # returns by the callee: (leaf: it called nothing, the ops it ran at most:
    # 4, 8, .. 256, and 512 for more than 256) -> count (op_profile.c track_calls)
    callee: Counter[tuple[bool, int]] = field(default_factory=Counter)
    # ops by the wasm function (index, imports included) whose code ran them
    func: Counter[int] = field(default_factory=Counter)
    # three ops one after the other in the code ("next" twice), counted at the third
    next3: Counter[tuple[str, str, str]] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.ops.values())


def parse(text: str) -> OpProfile:
    p = OpProfile()
    for line in text.splitlines():
        w = line.split()
        if w[0] == "op":
            p.ops[w[1]] += int(w[2])
        elif w[0] in ("next", "jump", "link") and len(w) == 4:
            getattr(p, w[0])[w[1], w[2]] += int(w[3])
        elif w[0] == "link2" and len(w) == 3:
            p.link2[w[1]] += int(w[2])
        elif w[0] == "site" and len(w) == 4:
            p.site[w[1], int(w[2], 16)] += int(w[3])
        elif w[0] == "callee" and len(w) == 4 and w[1] in ("leaf", "calls"):
            p.callee[w[1] == "leaf", int(w[2])] += int(w[3])
        elif w[0] == "dead" and len(w) == 3:
            p.dead[w[1]] += int(w[2])
        elif w[0] == "deadsite" and len(w) == 4:
            p.dead_site[w[1], int(w[2], 16)] += int(w[3])
        elif w[0] == "func" and len(w) == 3:
            p.func[int(w[1])] += int(w[2])
        elif w[0] == "next3" and len(w) == 5:
            p.next3[w[1], w[2], w[3]] += int(w[4])
        else:
            raise ValueError(f"op profile: unexpected line {line!r}")
    return p


def build_runner(wasi: bool, flags: Sequence[str] = RUNNER_FLAGS) -> Path:
    """runner_mw (kernels) or runner_mw_wasi (programs) with MW_OP_PROFILE=1; `flags`: the compiler and its
    options (the tests build at -O1, which compiles faster)."""
    main = BENCH / ("runner_mw_wasi.c" if wasi else "runner_mw.c")
    out = OUT / f"{main.stem}_prof{'' if flags == RUNNER_FLAGS else '_' + flags[1].lstrip('-')}"
    srcs = sorted(ENGINE.glob("*.c"))
    deps = [*srcs, *ENGINE.glob("*.h"), *BENCH.glob("*.h"), main, BENCH / "op_profile.c"]
    if stale(out, deps):
        OUT.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".tmp")
        cmd = [*flags, "-DMW_OP_PROFILE=1", f"-I{ENGINE}", f"-I{BENCH}", *srcs, main, BENCH / "op_profile.c"]
        subprocess.run([*map(str, cmd), "-o", str(tmp), "-lm", "-lpthread"], check=True)
        tmp.replace(out)
    return out


def run(cmd: Sequence[str | Path], dump: Path, timeout: float = 1800) -> OpProfile:
    """Runs a profiling runner's command line; its counts."""
    dump.parent.mkdir(parents=True, exist_ok=True)
    dump.unlink(missing_ok=True)
    env = {**os.environ, "MW_OP_PROFILE_OUT": str(dump)}
    r = subprocess.run([*map(str, cmd)], capture_output=True, text=True, timeout=timeout, env=env, check=False)
    if r.returncode != 0 or not dump.exists():
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({r.returncode}):\n{r.stdout}{r.stderr[-3000:]}")
    return parse(dump.read_text())


def shares(p: OpProfile, top: int) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """The `top` most executed ops and "next" pairs, each with its share of all executed ops."""
    t = p.total or 1
    ops = [(name, n / t) for name, n in p.ops.most_common(top)]
    pairs = [(f"{a} -> {b}", n / t) for (a, b), n in p.next.most_common(top)]
    return ops, pairs


# the counts a mean over runs adds up as shares of each run's ops (not jump, callee, func: per run only)
SHARED_COUNTS = ("ops", "next", "link", "link2", "site", "dead", "dead_site", "next3")


def mean_shares(profiles: Sequence[OpProfile], top: int) -> OpProfile:
    """A profile whose counts are each run's shares (in millionths) summed: every run weighs the same."""
    m = OpProfile()
    for p in profiles:
        t = p.total or 1
        for name in SHARED_COUNTS:
            into: Counter = getattr(m, name)
            for key, n in getattr(p, name).items():
                into[key] += round(n * 1e6 / t)
    return m


def links(p: OpProfile, top: int) -> str:
    """One line: the share of executed ops that read what the op just before
    wrote (and the op before that), and the pairs that do so most."""
    t = p.total or 1
    pairs = ", ".join(f"{a} -> {b} {n / t * 100:.2f}%" for (a, b), n in p.link.most_common(top))
    return (
        f"reading the op before's result: {sum(p.link.values()) / t * 100:.1f}% of the ops"
        f" (the one before that's: {sum(p.link2.values()) / t * 100:.1f}%); most: {pairs or 'none'}"
    )


def report(profiles: dict[str, OpProfile], top: int = 20) -> str:
    """Markdown: for each run its top ops and top "next" pairs, then the mean over all runs."""
    out = []
    runs = dict(profiles)
    if len(runs) > 1:
        runs["all (mean share)"] = mean_shares(list(profiles.values()), top)
    for name, p in runs.items():
        ops, pairs = shares(p, top)
        total = f"{p.total:,} ops executed" if not name.startswith("all") else f"{len(profiles)} runs"
        out.append(f"### {name} ({total})\n")
        out.append("| # | op | share | pair (next in code) | share |\n|---:|---|---:|---|---:|")
        for i in range(max(len(ops), len(pairs))):
            o = ops[i] if i < len(ops) else ("", 0.0)
            q = pairs[i] if i < len(pairs) else ("", 0.0)
            out.append(f"| {i + 1} | {o[0]} | {o[1] * 100:.2f}% | {q[0]} | {q[1] * 100:.2f}% |")
        out.append("")
        out.append(links(p, min(top, 8)))
        out.append("")
        if not name.startswith("all") and p.callee:
            out.append(callees(p))
            out.append("")
    return "\n".join(out)


def triple_report(profiles: dict[str, OpProfile], top: int = 20) -> str:
    """Markdown: the `top` triples of ops one after the other in the code (what a fusion of three
    could make one op, as for the "next" pairs), per run and in mean share over all runs."""
    out = []
    runs = dict(profiles)
    if len(runs) > 1:
        runs["all (mean share)"] = mean_shares(list(profiles.values()), top)
    for name, p in runs.items():
        t = p.total or 1
        out.append(f"### {name}: triples (next in code)\n")
        out.append("| # | triple | share |\n|---:|---|---:|")
        for i, ((a, b, c), n) in enumerate(p.next3.most_common(top)):
            out.append(f"| {i + 1} | {a} -> {b} -> {c} | {n / t * 100:.2f}% |")
        out.append("")
    return "\n".join(out)


def callees(p: OpProfile) -> str:
    """One line: the calls (counted at their return) by what the callee ran:
    a leaf (it called nothing) of at most 8 and 16 ops of its own."""
    n = sum(p.callee.values())
    leaf = sum(c for (lf, _), c in p.callee.items() if lf)
    small = [sum(c for (lf, b), c in p.callee.items() if lf and b <= k) for k in (8, 16)]
    return (
        f"Calls: {n:,} returns; the callee a leaf {leaf / n * 100:.1f}%, a leaf of at most 8 ops "
        f"{small[0] / n * 100:.1f}%, of at most 16 ops {small[1] / n * 100:.1f}%."
    )


SITE_FROM_LOCAL = 1 << 31


def wasm_op_names() -> dict[int, str]:
    """The opcodes mw_wasm.h names (MW_WASM_OP_LIST), lower case."""
    text = (ENGINE / "mw_wasm.h").read_text()
    return {int(code, 16): name.lower() for name, code in re.findall(r"X\((\w+), (0x[0-9a-fA-F]+)\)", text)}


# The files of lowering whose lines a site names, by the number a file gives
# the site (lower_int.h LOWER_FILE: bits 16-22 of the site's line).
LOWER_FILES = ("lower.c", "lower_branch.c")


def lower_functions() -> dict[str, list[str]]:
    """For each file of LOWER_FILES, for each of its lines (1-based: index 0 unused), the function it lies in."""
    out = {}
    for name in LOWER_FILES:
        names, cur = [""], ""
        for line in (ENGINE / name).read_text().splitlines():
            m = re.match(r"^[A-Za-z_][\w \*]*?\b(\w+)\(", line)
            if m and not line.startswith(("if", "for", "while", "return")) and not line.rstrip().endswith(";"):
                cur = m.group(1)
            names.append(cur)
        out[name] = names
    return out


def site_name(site: int, wops: dict[int, str], funcs: Mapping[str, Sequence[str]]) -> str:
    """`local_set: lower.c:1836 lower_local_set, a local`: the wasm opcode (0xfc:
    a prefixed one), the file and line that called a copying helper and its function
    (none: the opcode's own lowering), and whether the copy reads a local."""
    wop, line, file = site & 0xFF, (site >> 8) & 0xFFFF, (site >> 24) & 0x7F
    out = wops.get(wop, f"0x{wop:02x}")
    if line:
        name = LOWER_FILES[file] if file < len(LOWER_FILES) else f"file {file}"
        lines = funcs.get(name, ())
        out += f": {name}:{line} {lines[line] if line < len(lines) else '?'}"
    if site & SITE_FROM_LOCAL:
        out += ", a local"
    return out


def sites(p: OpProfile, ops: Sequence[str] | None, top: int) -> list[tuple[str, str, float]]:
    """The `top` (op, site) pairs of the ops named (None: all), most executed
    first: op, site_name, share of all executed ops."""
    t = p.total or 1
    wops, funcs = wasm_op_names(), lower_functions()
    want = None if ops is None else set(ops)
    rows = Counter({k: n for k, n in p.site.items() if want is None or k[0] in want})
    return [(op, site_name(s, wops, funcs), n / t) for (op, s), n in rows.most_common(top)]


# the wasm loads and stores, i32.load .. i64.store32 (MW_SITE's opcode byte)
MEMORY_ACCESS_OPS = range(0x28, 0x3F)


def const_address_share(p: OpProfile) -> tuple[float, float]:
    """The share of p's ops that are an i32 constant put in a slot by a load's
    or store's own lowering (CONST16, CONST32 at an i32.load .. i64.store32
    site: lower_emit.c's pop materialising the address; a store's constant value
    needs no slot, STORE32_K and the like), which a load or store taking its
    address as an immediate would save; and the share of every CONST16 and
    CONST32, for scale."""
    t = p.total or 1
    at = sum(n for (op, s), n in p.site.items() if op in ("CONST16", "CONST32") and (s & 0xFF) in MEMORY_ACCESS_OPS)
    return at / t, (p.ops["CONST16"] + p.ops["CONST32"]) / t


def const_address_report(profiles: dict[str, OpProfile]) -> str:
    """Markdown: per run, and their mean share, the constants put in a slot
    for a load's or store's address (const_address_share)."""
    out = [
        "### constants put in a slot for a load's or store's address\n",
        "| run | ops | constant addresses | every CONST16, CONST32 |\n|---|---:|---:|---:|",
    ]
    rows = {name: const_address_share(p) for name, p in profiles.items()}
    for name, (at, every) in rows.items():
        out.append(f"| {name} | {profiles[name].total:,} | {at * 100:.2f}% | {every * 100:.2f}% |")
    if len(rows) > 1:
        n = len(rows)
        at, every = sum(r[0] for r in rows.values()) / n, sum(r[1] for r in rows.values()) / n
        out.append(f"| **all (mean share)** | | **{at * 100:.2f}%** | {every * 100:.2f}% |")
    return "\n".join([*out, ""])


def site_report(profiles: dict[str, OpProfile], ops: Sequence[str] | None, top: int = 20) -> str:
    """Markdown: for each run (and their mean share) the sites that emitted most of the ops named."""
    out = []
    runs = dict(profiles)
    if len(runs) > 1:
        runs["all (mean share)"] = mean_shares(list(profiles.values()), top)
    what = "every op" if ops is None else ", ".join(ops)
    for name, p in runs.items():
        rows = sites(p, ops, top)
        total = sum(n for (op, _), n in p.site.items() if ops is None or op in ops) / (p.total or 1)
        out.append(f"### {name}: where {what} come from ({total * 100:.2f}% of the ops)\n")
        out.append("| # | op | site (wasm instruction: lower.c line that copied) | share |\n|---:|---|---|---:|")
        out += [f"| {i + 1} | {op} | {site} | {share * 100:.2f}% |" for i, (op, site, share) in enumerate(rows)]
        out.append("")
        out.append(dead_report(name, p, top))
    return "\n".join(out)


def dead_report(name: str, p: OpProfile, top: int) -> str:
    """Markdown: the copies and constants overwritten before any op read them
    (op_profile.c track_dead, a lower bound), by lowering site."""
    t = p.total or 1
    wops, funcs = wasm_op_names(), lower_functions()
    out = [
        f"### {name}: copies and constants no op read ({sum(p.dead.values()) / t * 100:.2f}% of the ops, at least)\n",
        "| # | op | site | share |\n|---:|---|---|---:|",
    ]
    for i, ((op, s), n) in enumerate(p.dead_site.most_common(top)):
        out.append(f"| {i + 1} | {op} | {site_name(s, wops, funcs)} | {n / t * 100:.2f}% |")
    return "\n".join([*out, ""])


def _leb(b: bytes, i: int) -> tuple[int, int]:
    """The unsigned LEB128 at b[i]: its value and the index after it."""
    v = shift = 0
    while True:
        if i >= len(b):
            raise ValueError("wasm: LEB128 past the end")
        v |= (b[i] & 0x7F) << shift
        shift += 7
        i += 1
        if not b[i - 1] & 0x80:
            return v, i


def function_names(wasm: bytes) -> dict[int, str]:
    """The function names of a binary's name section (subsection 1), by
    function index; {} without one."""
    if wasm[:4] != b"\0asm":
        raise ValueError("not a wasm binary")
    i = 8
    while i < len(wasm):
        sid, i = wasm[i], i + 1
        size, i = _leb(wasm, i)
        end = i + size
        if sid == 0:
            n, j = _leb(wasm, i)
            if wasm[j : j + n] == b"name":
                j += n
                while j < end:
                    sub, j = wasm[j], j + 1
                    sub_size, j = _leb(wasm, j)
                    if sub == 1:
                        names = {}
                        count, j = _leb(wasm, j)
                        for _ in range(count):
                            idx, j = _leb(wasm, j)
                            n, j = _leb(wasm, j)
                            names[idx] = wasm[j : j + n].decode("utf-8", "replace")
                            j += n
                        return names
                    j += sub_size
        i = end
    return {}


def functions(p: OpProfile, names: dict[int, str], top: int) -> list[tuple[int, str, int, float]]:
    """The `top` functions that ran most ops: index, name (`-`: none), ops, share of all executed ops."""
    t = p.total or 1
    return [(f, names.get(f, "-"), n, n / t) for f, n in p.func.most_common(top)]


def function_report(profiles: dict[str, OpProfile], names: dict[str, dict[int, str]], top: int = 20) -> str:
    """Markdown: for each run the wasm functions whose code ran most of its ops
    (`names`: each run's function names, function_names)."""
    out = []
    for name, p in profiles.items():
        out.append(f"### {name}: ops by wasm function ({len(p.func):,} functions ran ops)\n")
        out.append("| # | function | name | ops | share |\n|---:|---:|---|---:|---:|")
        rows = functions(p, names.get(name, {}), top)
        out += [f"| {i + 1} | {f} | {nm} | {n:,} | {sh * 100:.2f}% |" for i, (f, nm, n, sh) in enumerate(rows)]
        out.append("")
    return "\n".join(out)
