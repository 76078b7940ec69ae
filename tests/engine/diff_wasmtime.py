# SPDX-License-Identifier: MIT
"""Differential check of the engine against wasmtime (PyPI) on the spec suite's
modules: every exported function with numeric parameters is called with random
arguments on both, and results (bit for bit), traps and the exported memories
and globals after each call must agree. Catches lowering mistakes the spec's
fixed arguments miss. The comparison is tests/fuzz/diff.py's Differ, the one
the generated modules go through, over diff_shim.c and tests/fuzz/diff_extra.c
built as one library; the arguments are this file's (small integers, for shift
counts and indexes, and plain floats) and each export is called four times. A
module wasmtime runs and ours refuses or cannot instantiate, even at one of the
engine's limits, is a disagreement.

usage: cd tests && python3 -m engine.diff_wasmtime LIB.so SEED FILE.wasm...
"""

from __future__ import annotations

import random
import struct
import sys
import tempfile
from pathlib import Path

CALLS = 4  # rounds of calls a module


def spec_arg(rng: random.Random, t: str) -> int:
    """An argument's bits: integer edges, small values (shift counts, indexes), plain floats."""
    if t == "i32":
        return rng.choice([0, 1, 2, 0xFFFFFFFF, 0x80000000, 0x7FFFFFFF, rng.getrandbits(32), rng.randrange(64)])
    if t == "i64":
        return rng.choice([0, 1, (1 << 64) - 1, 1 << 63, rng.getrandbits(64), rng.randrange(64)])
    pool = [0.0, -0.0, 1.5, -2.5, 1e10, 3.0, rng.uniform(-1e6, 1e6)]
    if t == "f32":
        return struct.unpack("<I", struct.pack("<f", rng.choice(pool)))[0]
    return struct.unpack("<Q", struct.pack("<d", rng.choice([*pool, 1e300])))[0]


def run(lib: str, paths: list[str], out: Path, seed: int = 1) -> tuple[int, list[str]]:
    """The calls compared, and each disagreement (its module written to `out`); the
    arguments come from one generator seeded with `seed`, module after module."""
    from fuzz.diff import Differ, Stats

    stats = Stats()
    differ = Differ(Path(lib), out, stats)
    rng = random.Random(seed)
    differ.rand_arg, differ.calls = (lambda _module_rng, t: spec_arg(rng, t)), CALLS
    for path in paths:
        refused = stats.refused
        differ.run(Path(path).read_bytes(), Path(path).name)
        if stats.refused > refused:  # the generators' modules may pass the engine's limits; the spec's do not
            stats.findings.append(
                f"{Path(path).name}: ours refuses it at a limit (load or instantiate), wasmtime runs it"
            )
    return stats.calls, stats.findings


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as d:
        n, bad = run(sys.argv[1], sys.argv[3:], Path(d), int(sys.argv[2]))
    print("\n".join(bad))
    print(f"checked {n}, mismatches {len(bad)}")
    sys.exit(1 if bad else 0)
