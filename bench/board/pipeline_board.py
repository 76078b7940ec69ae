#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The sampling pipeline (docs/pipeline.md) on QEMU boards: the highest sample
rate sustained with zero dropped samples, and what the wasm stages cost.

    python3 bench/board/pipeline_board.py --board mps2_an385 [--board netduinoplus2] [--seconds 2]

Per board, with the filter and detector of examples/pipeline/ (block 64, ring
512): rates double from 1 kHz until a run of `--seconds` drops a sample, then
bisect between the last clean and the first dropping rate (to 5%); the same
for an empty pipeline (the producer and the scheduler alone). The wasm cost
is Sampler.busy_us / processed at 1 kHz, with block 16 and block 256, so the
per-call overhead and the per-sample cost separate: busy = calls * c + n * s.
The detector's output is checked against tests/cases/pipeline_cases.reference
on every run. QEMU runs on host time: numbers move with the host's load.
A benchmark, not a test: nothing is asserted but the results' correctness.
"""

from __future__ import annotations

import argparse
import ast
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests" / "hil"))
sys.path.insert(0, str(ROOT / "tests"))

from cases import pipeline_cases as P  # noqa: E402
from support.host import PRELUDE  # noqa: E402

FREE = "for _k in [k for k in globals() if not k.startswith('__')]:\n    del globals()[_k]\nimport gc\ngc.collect()\n"

FREE_LAST = "f = d = s = out = OUT = None\nimport gc\ngc.collect()\n"

RUN = """
s = machine.Sampler('shared', rate={rate}, block={block}, size=N)
s.start({pipeline})
t0 = time.ticks_ms()
while s.processed < {samples} and s.dropped == 0 and time.ticks_diff(time.ticks_ms(), t0) < {timeout_ms}:
    time.sleep_ms(5)
s.stop()
p((s.produced, s.dropped, s.processed, s.busy_us, time.ticks_diff(time.ticks_ms(), t0)))
p(bytes(out))
"""


@dataclass
class Run:
    rate: int
    block: int
    produced: int
    dropped: int
    processed: int
    busy_us: int
    ms: int

    @property
    def achieved_hz(self) -> float:
        return self.produced * 1000 / self.ms if self.ms else 0.0

    def sustained(self) -> bool:
        """No sample dropped, and the timer delivered at least 90% of the rate asked
        (QEMU's timers run on host time and cap short periods: see docs/pipeline.md)."""
        return self.dropped == 0 and self.achieved_hz >= 0.9 * self.rate


class Board:
    def __init__(self, repl, seconds: float, size: int = P.SIZE) -> None:
        self.repl = repl
        self.seconds = seconds
        self.size = size  # ring slots: P.SIZE, fewer where the 'shared' region is smaller

    def values(self, code: str, timeout: float) -> list:
        out = self.repl.exec(code, timeout)
        return [ast.literal_eval(ln[2:]) for ln in out.splitlines() if ln.startswith("= ")]

    def setup(self) -> None:
        self.repl.exec(FREE, 30)
        self.repl.exec(PRELUDE + f"FILTER = {P.wasm('filter')!r}\nDETECTOR = {P.wasm('detector')!r}\n", 30)

    def run(self, rate: int, block: int = P.BLOCK, empty: bool = False, seconds: float | None = None) -> Run:
        seconds = seconds or self.seconds
        samples = max(self.size * 2, int(rate * seconds)) // block * block
        # the last run's instances freed first: two at once do not fit a 64 KiB board's heap
        code = (
            FREE_LAST
            + P.setup_code(self.size)
            + RUN.format(
                rate=rate,
                block=block,
                samples=samples,
                timeout_ms=int(seconds * 1000 * 3) + 2000,
                pipeline="[]" if empty else "[f.exports.run, d.exports.run]",
            )
        )
        (produced, dropped, processed, busy, ms), window = self.values(code, seconds * 4 + 30)
        if not empty and not dropped:
            got = P.decode(window)
            want = P.reference(processed)
            if got != want:
                raise SystemExit(f"rate {rate}: detector output differs from Python: {got} != {want}")
        return Run(rate, block, produced, dropped, processed, busy, ms)

    def max_rate(self, empty: bool) -> tuple[int, Run | None]:
        """(highest sustained rate, the first run that was not) found."""
        ok, bad = 0, None
        rate = 1000
        while rate <= 1_000_000:
            r = self.run(rate, empty=empty)
            if not r.sustained():
                bad = r
                break
            ok = rate
            rate *= 2
        while bad is not None and bad.rate - ok > ok // 20 and ok:
            r = self.run((ok + bad.rate) // 2, empty=empty)
            if r.sustained():
                ok = r.rate
            else:
                bad = r
        return ok, bad


def measure(name: str, seconds: float) -> dict:
    import run_qemu
    from boardcfg import load_board
    from raw_repl import RawRepl

    board = load_board(name)
    if board.qemu is None:
        raise SystemExit(f"{name}: no QEMU machine")
    if board.timer is None:
        return {"board": name, "timer": None}
    with run_qemu.serve(board) as url:
        repl = RawRepl.open(url, baud=board.uart.baud, connect_timeout=15)
        repl.enter_raw(20)
        shared = next(r.size for r in board.regions if r.name == "shared")
        b = Board(repl, seconds, P.ring_size(shared))
        b.setup()
        small = b.run(1000, block=16, seconds=2)
        large = b.run(1000, block=256, seconds=2)
        # busy = calls * c + samples * s, from the two runs
        c1, n1 = small.processed // 16, small.processed
        c2, n2 = large.processed // 256, large.processed
        det = c1 * n2 - c2 * n1
        per_call = (small.busy_us * n2 - large.busy_us * n1) / det
        per_sample = (c1 * large.busy_us - c2 * small.busy_us) / det
        at64 = b.run(1000, seconds=2)
        full = b.max_rate(empty=False)
        empty = b.max_rate(empty=True)
    return {
        "board": name,
        "timer": f"{board.timer.instance or board.timer.kind} ({board.timer.kind})",
        "max_rate": full,
        "max_rate_empty": empty,
        "us_per_sample_block64": at64.busy_us / at64.processed,
        "measured_hz_at_1000": at64.produced * 1000 / at64.ms,
        "us_per_call": per_call,
        "us_per_sample": per_sample,
    }


def why(r: Run | None) -> str:
    if r is None:
        return "-"
    if r.dropped:
        return f"{r.rate} Hz drops {r.dropped}"
    return f"{r.rate} Hz asked gives {r.achieved_hz:.0f}"


def main(argv: list[str] | None = None) -> int:
    import board_python

    board_python.ensure("bench/board/pipeline_board.py")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--board", action="append", default=[], help="QEMU board (repeatable)")
    ap.add_argument("--seconds", type=float, default=2.0, help="length of each rate trial")
    args = ap.parse_args(argv)
    rows = [measure(n, args.seconds) for n in args.board or ["mps2_an385"]]
    print(
        "| board | timer | 1 kHz asked, measured | max rate, 0 dropped (filter+detector) | max rate, empty pipeline "
        "| busy us/sample, block 64 | us per pipeline call | us per sample |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        if r["timer"] is None:
            print(f"| {r['board']} | none: Sampler raises OSError | | | | | | |")
            continue
        ok, bad = r["max_rate"]
        eok, ebad = r["max_rate_empty"]
        bad, ebad = why(bad), why(ebad)
        print(
            f"| {r['board']} | {r['timer']} | {r['measured_hz_at_1000']:.0f} Hz "
            f"| {ok} Hz (next: {bad}) | {eok} Hz (next: {ebad}) "
            f"| {r['us_per_sample_block64']:.2f} | {r['us_per_call']:.1f} | {r['us_per_sample']:.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
