# SPDX-License-Identifier: MIT
"""The sampling pipeline (docs/pipeline.md, examples/pipeline/) as a board script
and the same computation in Python.

`signal(n)` is the producer's synthetic signal (ports/common/sampler.c);
`reference(n, cap, threshold)` runs the filter (moving average of 4) and the
detector (upward threshold crossings) of examples/pipeline/*.wat over its first
n samples and returns what the detector writes into its output window.
`board_script(rate, samples)` is MicroPython for the board: two instances map
the board's 'shared' region at the same address, a Sampler feeds them, and it
prints (produced, dropped, processed, busy_us) and the output window.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from support.build import REPO, _command

EXAMPLE = REPO / "examples" / "pipeline"
RING_AT = 0x1000_0000  # where both instances map the 'shared' region
OUT_AT = 0x2000_0000  # where the detector maps its output buffer
SIZE = 512  # ring slots: raw ring 2 KiB + filtered ring 2 KiB, fits netduinoplus2's 8 KiB region
BLOCK = 64
CAP = 64  # crossings the output window has room for
THRESHOLD = 900


def signal(n: int) -> list[int]:
    """The first n samples: triangle (period 256, -1024..1024) + LCG noise (-128..127) + 3000 every 97th."""
    out = []
    x = 12345
    for k in range(n):
        x = (x * 1664525 + 1013904223) & 0xFFFFFFFF
        noise = (x >> 24) - 128
        p = k & 255
        tri = (p * 16 if p < 128 else (256 - p) * 16) - 1024
        out.append(tri + noise + (3000 if k % 97 == 0 else 0))
    return out


@dataclass(frozen=True)
class Detected:
    crossings: int
    seen: int
    checksum: int  # sum of the filtered samples mod 2^32
    where: tuple[int, ...]  # sample numbers of the first CAP crossings


def reference(n: int, cap: int = CAP, threshold: int = THRESHOLD) -> Detected:
    xs = signal(n)
    h = [0, 0, 0]
    prev = 0
    where: list[int] = []
    crossings = 0
    total = 0
    for k, v in enumerate(xs):
        y = (v + h[0] + h[1] + h[2]) >> 2  # i32.shr_s: floor division
        h = [v, h[0], h[1]]
        total = (total + y) & 0xFFFFFFFF
        if prev < threshold <= y:
            if crossings < cap:
                where.append(k)
            crossings += 1
        prev = y
    return Detected(crossings, n, total, tuple(where))


def decode(out: bytes) -> Detected:
    crossings, seen, checksum = struct.unpack_from("<III", out)
    where = struct.unpack_from(f"<{min(crossings, CAP)}I", out, 12)
    return Detected(crossings, seen, checksum, where)


def wasm(name: str) -> bytes:
    """examples/pipeline/NAME.wat assembled (wasm-tools parse)."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / f"{name}.wasm"
        subprocess.run(_command(EXAMPLE / f"{name}.wat", out), check=True, timeout=60, capture_output=True)
        return out.read_bytes()


def setup_code(size: int = SIZE) -> str:
    """Two instances over a ring of `size` slots in 'shared', their outputs set up."""
    return f"""
import machine, time
RING = {RING_AT:#x}
N = {size}
f = wasm.Instance(wasm.Module(FILTER), memory_limit=4096)
d = wasm.Instance(wasm.Module(DETECTOR), memory_limit=4096)
f.map('shared', RING)
d.map('shared', RING)
out = bytearray(12 + 4 * {CAP})
OUT = d.map(out, {OUT_AT:#x})
f.exports.setup(RING, RING + 4 * N)
d.exports.setup(RING + 4 * N, OUT, {CAP}, {THRESHOLD})
"""


SETUP = setup_code()


def ring_size(region_size: int) -> int:
    """Ring slots for a 'shared' region: SIZE, or the most that fit where the region is smaller
    (two rings of 4-byte samples, a power of two, at least two blocks)."""
    n = SIZE
    while n * 8 > region_size and n > 2 * BLOCK:
        n //= 2
    return n


def board_script(rate: int, samples: int, timeout_ms: int, size: int = SIZE) -> str:
    """Run the pipeline at `rate` with a ring of `size` slots until `samples` are processed
    (or timeout_ms); print the results."""
    return (
        f"FILTER = {wasm('filter')!r}\nDETECTOR = {wasm('detector')!r}\n"
        + setup_code(size)
        + f"""
s = machine.Sampler('shared', rate={rate}, block={BLOCK}, size=N)
s.start([f.exports.run, d.exports.run])
t0 = time.ticks_ms()
while s.processed < {samples} and time.ticks_diff(time.ticks_ms(), t0) < {timeout_ms}:
    time.sleep_ms(5)
s.stop()
p((s.produced, s.dropped, s.processed, s.busy_us, time.ticks_diff(time.ticks_ms(), t0)))
p(bytes(out))
"""
    )


# Bad arguments: prints three lines (tests/hil/test_pipeline_board.py, tests/host/test_pipeline.py check them).
BAD_ARGS = """
import machine
S = machine.Sampler
p(exc(S, 'nope'), exc(S, 'rodata'), exc(S, 'shared', size=100), exc(S, 'shared', size=64, block=48))
p(exc(S, 'shared', size=1 << 16), exc(S, 'shared', rate=0), exc(S, 'shared', size=64, offset=2))
s = S('shared', rate=1000, block=8, size=64)
p(exc(s.start, [1]), s.running)
"""

# BAD_ARGS's first line (bad region, size, block) and last line (a stage that is not
# callable), the same everywhere; the second line's messages name the board's region size.
BAD_ARGS_FIRST_EXPECTED = (
    ("ValueError", "unknown region 'nope'"),
    ("ValueError", "region 'rodata' is not read-write"),
    ("ValueError", "size 100 must be a power of two"),
    ("ValueError", "block 48 must divide size 64"),
)
BAD_ARGS_LAST_EXPECTED = (("TypeError", "pipeline[0] is not callable"), False)

# A stage that raises stops the timer; stop() raises it once; the timer is busy while another runs.
ERROR_STOPS = """
import machine, time
calls = []
def bad(start, count):
    calls.append((start, count))
    if len(calls) == 3:
        raise ValueError('stage failed')
s = machine.Sampler('shared', rate=4000, block=16, size=64)
s.start([bad])
t0 = time.ticks_ms()
while s.running and time.ticks_diff(time.ticks_ms(), t0) < 3000:
    time.sleep_ms(5)
n = s.produced
time.sleep_ms(20)
p(s.running, s.processed, s.produced == n, calls)
p(exc(s.stop))
p(exc(s.stop))
t = machine.Sampler('shared', rate=1000, block=16, size=64)
t.start([])
p(exc(s.start, []))
t.stop()
p(exc(s.start, []), s.running)
s.stop()
"""

ERROR_STOPS_EXPECTED = [
    (False, 32, True, [(0, 16), (16, 16), (32, 16)]),
    ("ValueError", "stage failed"),
    None,
    ("OSError", "the sample timer is busy: stop() the running Sampler first"),
    (None, True),
]
