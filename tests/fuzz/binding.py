# SPDX-License-Identifier: MIT
"""The binding fuzzer: random MicroPython scripts against a model kept in the
script itself, run on the host port built under ASan and UBSan (`make host
SANITIZE=1`, build/host-asan/micropython).

Each script is tests/fuzz/binding_model.py (the model and the operations),
then the modules as bytes literals, then a seeded random sequence of
operations: buffers of every kind (bytearray, array.array, memoryview, bytes,
managed and buffer SharedHeaps) mapped and unmapped as windows into instances
with their own or a shared imported memory, by inst.map and by grants through
env.mpwasm_map; wasm loads and stores into them and linear memory; Python
writing, growing, shrinking, emptying and letting go of mapped buffers;
Memory.grow from Python and from wasm; gc.collect() and tiny gc.threshold();
instances dropped while their windows live; host functions that unmap, grow,
resize, drop their instance, map, collect or raise in the middle of a call;
WASI fd_write to a stdout= object, and fd_read / fd_write on files whose
open(), readinto() and write() do the same and return wrong counts; host
functions returning values of every type for every result type; the exports of
tests/programs' modules with random arguments; out-of-range arguments to
every constructor and method; shared heaps attached, detached, chained,
unchained, reset, closed, allocated from Python and from wasm (the engine's
allocator modelled over the heap's bytes), reached by wasm, and a buffer
heap's bytearray resized (binding_model.op_heap); poll_oneoff
(binding_model.op_poll); stdout= writes returning wrong counts; heaps
attached to a memory instances share, their attacher let go of still
attached, detached, closed or attached by a host function while wasm runs,
and granted heaps closed or reset before wasm maps them.

A finding is any ASan or UBSan report, a signal, a hang (the timeout), a line
FINDING (the model disagreed, or an exception of the wrong kind or without a
message: binding_model.BAD_INPUT is what a bad input may raise) or a script
that did not end with FUZZ-DONE. The script is saved as <out>/binding/<seed>.py
with <seed>.txt (what was seen), and replays with `build/host-asan/micropython
-X heapsize=8m <seed>.py`; `--minimise <seed>.py` drops whole steps while the
same finding still happens and writes <seed>.min.py (minimise()).

usage: python3 -m fuzz.binding [--seconds 60] [--seed 1] [--steps 120] [--out DIR]
       python3 -m fuzz.binding --minimise DIR/binding/SEED.py [--seconds 900] [--micropython BUILD]
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from fuzz import build as fuzz_build
from support.build import REPO
from support.build import build as build_program

HERE = Path(__file__).resolve().parent

MICROPYTHON = REPO / "build" / "host-asan" / "micropython"
OUT = fuzz_build.OUT / "findings"
# What the scripts read from stdin (fd_read(0)): lines of 1-40 bytes, no CR;
# since session 34 a Ctrl-C (0x03: KeyboardInterrupt from inside the WASI
# call) at the start of every 5th line and inside every 7th, from line 1.
STDIN = b"".join(
    (b"\x03" if k % 5 == 1 else b"") + b"line %d %s%s\n" % (k, b"\x03" if k % 7 == 3 else b"", b"x" * (k * 7 % 31))
    for k in range(400)
)
HEAP = "8m"  # a small heap: a tiny gc.threshold collects it at every allocation
TIMEOUT = 60  # seconds of CPU a script may take under ASan (most take 1-3)
# Seconds of wall time: a loaded machine (other jobs, the script niced) runs a
# script of 7 s of CPU in over 60 (session 34), so a hang is judged by CPU.
WALL = 600.0
# Programs whose exports are called with random arguments (no memory, table
# or global imports; function imports get a host function).
PROGS = ("arith", "traps", "globals", "tables", "refs", "memory", "imports", "callbacks", "pages1", "engine_grow")
SANITIZER = ("ERROR: AddressSanitizer", "runtime error:", "ERROR: LeakSanitizer", "SUMMARY: UndefinedBehaviorSanitizer")

# The window module: loads and stores of every width at any address, fill,
# grow, a host callback before a load or a store, mpwasm_map/unmap with the
# name at offset 16 and the address written to offset 8, the attached shared
# heap's malloc and free. {MEM} is its own memory or env.mem imported (a
# memory several instances share).
FZ = """(module
  (import "env" "mpwasm_map" (func $map (param i32 i32 i32 i32) (result i32)))
  (import "env" "mpwasm_unmap" (func $unmap (param i32) (result i32)))
  (import "env" "shared_heap_malloc" (func $hmalloc (param i32) (result i32)))
  (import "env" "shared_heap_free" (func $hfree (param i32)))
  (import "host" "cb" (func $cb))
  {MEM}
  (func (export "nop"))
  (func (export "hmalloc") (param i32) (result i32) local.get 0 call $hmalloc)
  (func (export "hfree") (param i32) local.get 0 call $hfree)
  {ACCESS}
  (func (export "cb_then_ld8") (param i32) (result i32) call $cb local.get 0 i32.load8_u)
  (func (export "cb_then_st8") (param i32 i32) call $cb local.get 0 local.get 1 i32.store8)
  (func (export "map") (param $n i32) (param $flags i32) (result i32)
    (call $map (i32.const 16) (local.get $n) (local.get $flags) (i32.const 8)))
  (func (export "unmap") (param i32) (result i32) local.get 0 call $unmap))"""
# Loads and stores of every width at any address, fill and grow (as tests/programs/wasi_file_rw.wat's).
ACCESS = """(func (export "ld8") (param i32) (result i32) local.get 0 i32.load8_u)
  (func (export "ld16") (param i32) (result i32) local.get 0 i32.load16_u)
  (func (export "ld32") (param i32) (result i32) local.get 0 i32.load)
  (func (export "ld64") (param i32) (result i64) local.get 0 i64.load)
  (func (export "st8") (param i32 i32) local.get 0 local.get 1 i32.store8)
  (func (export "st16") (param i32 i32) local.get 0 local.get 1 i32.store16)
  (func (export "st32") (param i32 i32) local.get 0 local.get 1 i32.store)
  (func (export "st64") (param i32 i64) local.get 0 local.get 1 i64.store)
  (func (export "fill") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.fill)
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)"""
# A start function that calls host.cb while the room below the memory is
# held (binding_model.op_room), and the window module's loads and stores.
FS = """(module
  (import "host" "cb" (func $cb))
  (memory (export "memory") 1)
  (func $start call $cb)
  (start $start)
  {ACCESS})"""
OWN_MEMORY = '(memory (export "memory") 1)'
SHARED_MEMORY = '(import "env" "mem" (memory 1)) (export "memory" (memory 0))'

TYPES = {"i": "i32", "l": "i64", "f": "f32", "d": "f64", "e": "externref", "r": "funcref"}
# Where windows go: None (anywhere), fixed addresses (some over linear
# memory, at its end, next to each other), and from 2^32 down (-1: ending at
# 2^32, -2: one byte past).
WHERE = (
    None,
    None,
    0x40000000,
    0x40000010,
    0x40000100,
    0x40001000,
    0x50000000,
    0x100,
    0x10000,
    0x20000,
    0x3FFFFFF8,
    -1,
    -2,
    -9,
    0xFFFFFFF8,
)


def host_sigs(rng: random.Random) -> list[tuple[str, str]]:
    """Random host function types: up to 3 params and 0-2 results."""
    sigs = [("", ""), ("i", "i"), ("l", "l"), ("", "f"), ("", "d"), ("i", "ii"), ("", "e"), ("", "r")]
    for _ in range(4):
        params = "".join(rng.choice("ilfd") for _ in range(rng.randrange(4)))
        results = "".join(rng.choice("ilfde") for _ in range(rng.randrange(3)))
        sigs.append((params, results))
    return sigs


def host_module(sigs: list[tuple[str, str]]) -> str:
    """Export c<k> passes its parameters to import host.h<k> and returns its results."""
    imports, funcs = [], []
    for k, (params, results) in enumerate(sigs):
        sig = "".join(f" (param {TYPES[p]})" for p in params) + "".join(f" (result {TYPES[r]})" for r in results)
        imports.append(f'(import "host" "h{k}" (func $h{k}{sig}))')
        body = " ".join(f"local.get {j}" for j in range(len(params)))
        funcs.append(f'(func (export "c{k}"){sig} {body} call $h{k})')
    return "(module\n  " + "\n  ".join(imports + funcs) + ")"


def wat(text: str) -> bytes:
    tool = Path(sys.executable).parent / "wasm-tools"
    cmd = [str(tool) if tool.is_file() else "wasm-tools", "parse", "-"]
    return subprocess.run(cmd, input=text.encode(), capture_output=True, check=True).stdout


@dataclass
class Ops:
    """Draws the operations of one script."""

    rng: random.Random
    lines: list[str] = field(default_factory=list)

    def n(self) -> int:
        return self.rng.choice((0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 64, 100, 4096))

    def buf(self) -> str:
        kind = self.rng.randrange(9)
        return (
            f"op_buf({kind}, {self.rng.choice((1, 2, 3, 7, 8, 9, 16, 24, 64, 100, 256))}, {self.rng.randrange(1000)})"
        )

    def hole(self) -> int:
        """A free run left on a filled heap (binding_model.fill_heap): none,
        or around what an instance of one page needs with and without the
        1 KiB room below its memory (binding.h)."""
        if self.rng.randrange(8) == 0:
            return 0
        return 65536 + self.rng.randrange(-1024, 6144, 64)

    def grants(self) -> str:
        rng = self.rng
        spec = []
        for _ in range(rng.randrange(4)):
            at = rng.choice((None, None, 0x60000000, 0x60000100, 0x40000000, 0xFFFFFF00))
            bi = rng.randrange(50) if rng.randrange(3) else -1 - rng.randrange(50)  # < 0: a shared heap
            spec.append(f"({bi}, {rng.randrange(3)}, {at!r})")
        return "[" + ", ".join(spec) + "]"

    def draw(self) -> str:
        rng = self.rng
        k = rng.randrange(50)
        sel = rng.randrange(-1, 8)
        off = rng.choice((0, 1, 2, 3, 4, 7, 8, 15, 16, 23, 24, 63, 64, 99, 100, 255, 256, 4095, 4096, -1 & 0xFFFFFFFF))
        table = (
            (8, self.buf),
            (5, lambda: f"op_inst({rng.choice((0, 0, 1, 2, 3, 4, 4))}, {self.grants()})"),
            (2, lambda: f"op_inst({rng.choice((0, 0, 1, 4))}, {self.grants()}, {self.hole()})"),
            (2, lambda: f"op_room({rng.choice((0, 0, 0, 1, 2))}, {rng.randrange(9)}, {rng.choice((-1, self.hole()))})"),
            (2, lambda: f"op_wasi_inst({k}, 0)"),
            (10, lambda: f"op_map({k}, {rng.randrange(50)}, {rng.choice(WHERE)!r}, {rng.randrange(2)})"),
            (4, lambda: f"op_unmap({k}, {sel}, {rng.randrange(2)})"),
            (10, lambda: f"op_load({k}, {sel}, {off}, {rng.randrange(4)})"),
            (10, lambda: f"op_store({k}, {sel}, {off}, {rng.randrange(5)}, {rng.getrandbits(64)})"),
            (4, lambda: f"op_pywrite({k}, {off}, {rng.randrange(256)})"),
            (5, lambda: f"op_resize({k}, {rng.randrange(3)}, {self.n()})"),
            (2, lambda: f"op_del_buf({k})"),
            (3, lambda: f"op_gc({rng.choice((-1, -1, 0, 1, 16, 64, 256, 1024))})"),
            (2, lambda: f"op_drop({k}, {rng.randrange(2)})"),
            (3, lambda: f"op_grow({k}, {rng.choice((0, 1, 1, 2, 3))}, {rng.randrange(2)})"),
            (8, lambda: f"op_cb({k}, {rng.randrange(9)}, {sel}, {self.n()}, {off}, {rng.randrange(2)})"),
            (3, lambda: f"op_grant({k}, {rng.randrange(-1, 4)}, {rng.randrange(2)}, {rng.choice((0, 0, 1, 2))})"),
            (
                5,
                lambda: (
                    f"op_wasi({k}, {sel}, {off}, {rng.choice((0, 1, 4, 8, 16))}, {rng.randrange(-1, 8)}, "
                    f"{rng.randrange(-1, 9)}, {rng.randrange(50)}, {self.n()}, {rng.choice((0, 0, 0, 1, 2, 3, 4, 5))})"
                ),
            ),
            (
                5,
                lambda: (
                    f"op_file({k}, {rng.randrange(2)}, {sel}, {off}, {rng.choice((0, 1, 4, 8, 16))}, "
                    f"{rng.randrange(6)}, {rng.randrange(-1, 9)}, {rng.randrange(50)}, {self.n()})"
                ),
            ),
            (3, lambda: f"op_stdin({k}, {sel}, {off}, {rng.choice((0, 1, 4, 8, 16, 64))})"),
            (4, lambda: f"op_host({rng.randrange(12)}, {rng.randrange(27)}, {rng.randrange(13)})"),
            (
                3,
                lambda: (
                    f"op_prog({rng.randrange(len(PROGS))}, {rng.randrange(8)}, {rng.randrange(27)}, "
                    f"{rng.choice((0, 0, 0, 1))})"
                ),
            ),
            (3, lambda: f"op_bad({rng.randrange(80)}, {k}, {rng.randrange(9)})"),
            (
                14,
                lambda: (
                    f"op_heap({k}, {rng.randrange(50)}, {rng.randrange(19)}, {rng.randrange(50)}, {self.n()}, "
                    f"{rng.randrange(1 << 16)})"
                ),
            ),
            (
                3,
                lambda: (
                    f"op_poll({k}, {rng.choice((0, 1, 1, 2, 3, 4, 0x20000))}, {rng.getrandbits(32)}, "
                    f"{rng.randrange(-1, 8)}, {rng.randrange(-1, 8)}, {rng.randrange(-1, 8)}, {off})"
                ),
            ),
        )
        total = sum(w for w, _ in table)
        x = rng.randrange(total)
        for w, f in table:
            if x < w:
                return f()
            x -= w
        raise AssertionError("unreachable")


def wasi_fuzz_module() -> str:
    """tests/programs/wasi_file_rw.wat with poll_oneoff imported and exported."""
    text = (REPO / "tests" / "programs" / "wasi_file_rw.wat").read_text()
    imp = '(import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))'
    exp = '(func (export "poll_oneoff") (param i32 i32 i32 i32) (result i32)'
    exp += " local.get 0 local.get 1 local.get 2 local.get 3 call $poll)"
    at = text.index("  (memory")
    text = text[:at] + "  " + imp + "\n" + text[at:]
    return text[: text.rindex(")")] + "\n  " + exp + ")"


def modules() -> dict[str, bytes]:
    """The fixed modules, built once a process."""
    if not _MODULES:
        fz = FZ.replace("{ACCESS}", ACCESS)
        _MODULES["FZ"] = wat(fz.replace("{MEM}", OWN_MEMORY))
        _MODULES["FZI"] = wat(fz.replace("{MEM}", SHARED_MEMORY))
        _MODULES["FW"] = wat(wasi_fuzz_module())
        _MODULES["FS"] = wat(FS.replace("{ACCESS}", ACCESS))
        _MODULES["FR"] = build_program("regionmem_start")
        _MODULES["FRM"] = build_program("regionmem")
        _MODULES.update({f"P:{n}": build_program(n) for n in PROGS})
    return _MODULES


_MODULES: dict[str, bytes] = {}


def script(seed: int, steps: int) -> str:
    """The MicroPython script of one seed."""
    rng = random.Random(seed)
    mods = modules()
    sigs = host_sigs(rng)
    head = [
        f"# binding fuzzer (tests/fuzz/binding.py), seed {seed}, {steps} steps",
        (HERE / "binding_model.py").read_text(),
        f"FZ = {mods['FZ']!r}",
        f"FZI = {mods['FZI']!r}",
        f"FW = {mods['FW']!r}",
        f"FS = {mods['FS']!r}",
        f"FR = {mods['FR']!r}",
        f"FRM = {mods['FRM']!r}",
        f"FH = {wat(host_module(sigs))!r}",
        f"HOST_SIGS.extend({sigs!r})",
        "PROGS = [" + ", ".join(f"({n!r}, {mods['P:' + n]!r})" for n in PROGS) + "]",
        f"STDIN = {STDIN!r}",
        "setup()",
    ]
    ops = Ops(rng)
    body = []
    for k in range(4):  # something to work on from the start
        body.append(ops.buf())
    body.append("op_inst(0, [])")
    body.append("op_wasi_inst(0, 0)")
    for k in range(steps):
        body.append(f"step({k}); {ops.draw()}; check()")
    body.append("done()")
    return "\n".join(head + body) + "\n"


@dataclass
class Result:
    scripts: int = 0
    steps: int = 0
    seconds: float = 0.0
    findings: list[str] = field(default_factory=list)


def verdict(proc: subprocess.CompletedProcess | None, steps: int | None) -> str | None:
    """What is wrong with a run, or None (steps None: any last step will do,
    as in a minimised script)."""
    if proc is None:
        return f"hang: no end within {WALL} s"
    err = proc.stderr
    for s in SANITIZER:
        if s in err:
            return "sanitizer: " + err[err.index(s) :][:400].strip()
    if proc.returncode == -signal.SIGXCPU:
        return f"hang: more than {TIMEOUT} s of CPU"
    if proc.returncode < 0:
        return f"signal {-proc.returncode}"
    found = [ln for ln in proc.stdout.splitlines() if ln.startswith("FINDING")]
    if found:
        return found[0]
    if ("FUZZ-DONE" if steps is None else f"FUZZ-DONE {steps - 1}") not in proc.stdout:
        tail = (proc.stdout + err).strip().splitlines()[-6:]
        return f"exit {proc.returncode} before the end: " + " | ".join(tail)
    return None


def execute(path: Path, micropython: Path = MICROPYTHON) -> subprocess.CompletedProcess | None:
    """Runs one script as the fuzzer does (its stdin, its heap, TIMEOUT s of
    CPU: SIGXCPU past it); None when it has not ended after WALL s."""
    try:
        return subprocess.run(
            ["nice", str(micropython), "-X", f"heapsize={HEAP}", str(path)],
            input=STDIN.decode(),
            capture_output=True,
            text=True,
            timeout=WALL,
            check=False,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_CPU, (TIMEOUT, TIMEOUT + 5)),
        )
    except subprocess.TimeoutExpired:
        return None


def run_one(seed: int, steps: int, out: Path, micropython: Path = MICROPYTHON) -> str | None:
    """Runs one seed; saves and returns its finding, if any."""
    text = script(seed, steps)
    path = out / "binding" / f"{seed}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    proc = execute(path, micropython)
    what = verdict(proc, steps)
    if what is None:
        path.unlink()
        return None
    seen = "" if proc is None else f"--- stdout\n{proc.stdout[-3000:]}\n--- stderr\n{proc.stderr[-6000:]}"
    path.with_suffix(".txt").write_text(f"seed {seed}, {steps} steps: {what}\n{seen}")
    return f"seed {seed}: {what} ({path})"


def signature(what: str) -> str:
    """What makes two findings the same for the minimiser: the sanitizer's
    report kind, or the finding's words with numbers, addresses and quoted
    values taken out (a shorter script reaches the same bug at other
    addresses)."""
    first = what.splitlines()[0]
    if first.startswith("sanitizer: "):
        m = re.search(r"(AddressSanitizer: [\w-]+|runtime error: [^0-9(]+|LeakSanitizer)", what)
        return m.group(1).strip() if m else first[:40]
    first = re.sub(r"'[^']*'|b'[^']*'|\([^)]*\)|\[[^\]]*\]", "V", first)
    return " ".join(re.sub(r"0x[0-9a-f]+|-?\d+", "N", first).split()[:8])


def minimise(path: Path, micropython: Path = MICROPYTHON, seconds: float = 900.0) -> tuple[Path, str, int, int]:
    """Drops whole steps (and the opening operations) of a finding's script
    while the same finding (signature) still happens: chunks of half the
    steps, then quarters, down to one step at a time, repeated until a pass
    drops nothing. Each try re-runs the whole script, whose model starts from
    the same state, so it stays consistent; later steps pick other objects
    (indices modulo what is alive), which is fine as long as the finding
    stays. Writes <seed>.min.py beside the script; returns (that path, the
    finding, steps before, after)."""
    lines = path.read_text().splitlines()
    first = next(k for k, ln in enumerate(lines) if ln == "setup()") + 1
    head, body, tail = lines[:first], lines[first:-1], lines[-1:]
    out = path.with_name(path.stem + ".min.py")

    def finding(cand: list[str]) -> str | None:
        out.write_text("\n".join(head + cand + tail) + "\n")
        return verdict(execute(out, micropython), None)

    what = finding(body)
    if what is None:
        raise SystemExit(f"{path}: no finding to minimise (it ran clean)")
    want = signature(what)
    before = len(body)
    t0 = time.monotonic()
    changed = True
    while changed and time.monotonic() - t0 < seconds:
        changed = False
        size = max(1, len(body) // 2)
        while size >= 1 and time.monotonic() - t0 < seconds:
            k = 0
            while k < len(body) and time.monotonic() - t0 < seconds:
                cand = body[:k] + body[k + size :]
                got = finding(cand)
                if got is not None and signature(got) == want:
                    body, what, changed = cand, got, True
                else:
                    k += size
            size //= 2
    out.write_text("\n".join(head + body + tail) + "\n")
    return out, what, before, len(body)


def ensure_built() -> None:
    if not MICROPYTHON.exists():
        subprocess.run(["make", "-C", str(REPO), "host", "SANITIZE=1", "FETCHED=1"], check=True)


def run(
    seconds: float,
    seed: int,
    out: Path = OUT,
    steps: int = 120,
    scripts: int | None = None,
    micropython: Path = MICROPYTHON,
    first: bool = False,
) -> Result:
    """Scripts of seeds seed, seed + 1, ... for `seconds` (or `scripts` of
    them); `first`: stop at the first finding."""
    if micropython == MICROPYTHON:
        ensure_built()
    r = Result()
    t0 = time.monotonic()
    while (scripts is None and time.monotonic() - t0 < seconds) or (scripts is not None and r.scripts < scripts):
        found = run_one(seed + r.scripts, steps, out, micropython)
        r.scripts += 1
        r.steps += steps
        if found:
            r.findings.append(found)
            if first:
                break
    r.seconds = round(time.monotonic() - t0, 1)
    return r


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=None, help="how long to run (60), or to minimise (900)")
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--steps", type=int, default=120, help="operations a script")
    ap.add_argument("--scripts", type=int, default=None, help="this many scripts, whatever the time")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--micropython", type=Path, default=MICROPYTHON, help="another build (a planted bug)")
    ap.add_argument("--first", action="store_true", help="stop at the first finding (and say when)")
    ap.add_argument("--minimise", type=Path, default=None, metavar="SEED.py", help="drop steps of a finding's script")
    a = ap.parse_args()
    if a.minimise is not None:
        if a.micropython == MICROPYTHON:
            ensure_built()
        out, what, before, after = minimise(a.minimise, a.micropython, a.seconds or 900.0)
        print(f"minimised {a.minimise}: {before} -> {after} lines of steps, {out}")
        print(what.splitlines()[0])
        return 0
    r = run(a.seconds or 60.0, a.seed, a.out, a.steps, a.scripts, a.micropython, a.first)
    print(f"binding: {r.scripts} scripts of {a.steps} steps in {r.seconds} s, seeds {a.seed}..{a.seed + r.scripts - 1}")
    for f in r.findings:
        print(f)
    return 1 if r.findings else 0


if __name__ == "__main__":
    sys.exit(main())
