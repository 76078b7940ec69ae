#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""What the offset map costs a precompiled image (docs/images.md): each
bench program's .wasm (build/programs, bench/programs.py builds them) through
wasm-cross --target cortex-m with its offset map (the default) and with
--strip-offsets. A measurement, not a test; prints a markdown table.

    python3 bench/image_offsets.py               # every program built
    python3 bench/image_offsets.py lua sqlite    # some
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support import images  # noqa: E402 (after the path)

PROGRAMS = ROOT / "build" / "programs"


def image_size(wasm: Path, out: Path, strip_offsets: bool) -> int:
    """The bytes of wasm's cortex-m image."""
    r = images.cross(wasm, out, "cortex-m", strip_offsets=strip_offsets)
    if r.returncode != 0:
        raise SystemExit(f"wasm-cross {wasm.name}: {r.stderr}")
    return out.stat().st_size


def main(names: list[str]) -> None:
    wasms = [PROGRAMS / f"{n}.wasm" for n in names] if names else sorted(PROGRAMS.glob("*.wasm"))
    print("| program | .wasm | image without map | with map | map | map / image |")
    print("|---|---:|---:|---:|---:|---:|")
    shares = []
    with tempfile.TemporaryDirectory() as tmp:
        for w in wasms:
            out = Path(tmp) / "x.mwi"
            plain, mapped = image_size(w, out, True), image_size(w, out, False)
            shares.append((mapped - plain) / mapped)
            print(
                f"| {w.stem} | {w.stat().st_size:,} | {plain:,} | {mapped:,} | {mapped - plain:,} |"
                f" {100 * shares[-1]:.1f}% |"
            )
    print(f"\nmedian {100 * statistics.median(shares):.1f}%, {min(shares) * 100:.1f}-{max(shares) * 100:.1f}%")


if __name__ == "__main__":
    main(sys.argv[1:])
