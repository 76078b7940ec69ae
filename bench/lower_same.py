#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Do two builds of wasm-cross lower to the same bytes? (docs/benchmarks-history.md "Lowering speed (session 14)")

    python3 bench/lower_same.py [--targets host,cortex-m] OLD_WASM_CROSS NEW_WASM_CROSS A.wasm DIR ...

For each .wasm given (a directory: every .wasm under it, e.g. build/programs and a spec
conversion's folder), both tools make an image for each target (host, cortex-m; with
`--targets host-small,cortex-m-small` the small profile's lowering, each tool's
wasm-cross-small beside it, as tools/wasm-cross/Makefile builds it); the images,
or the refusal (exit status and message), must be the same byte for byte. For a change meant
to make lowering faster without changing what it makes. Prints the differing files and exits 1
if any differ.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

TARGETS = ("host", "cortex-m")


@dataclass
class Outcome:
    status: int
    image: bytes
    message: str


def lower(tool: Path, wasm: Path, target: str, out: Path) -> Outcome:
    out.unlink(missing_ok=True)
    p = subprocess.run(
        [str(tool), "--target", target, str(wasm), "-o", str(out)], capture_output=True, text=True, check=False
    )
    image = out.read_bytes() if p.returncode == 0 and out.exists() else b""
    return Outcome(p.returncode, image, p.stderr)


def inputs(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        files.extend(sorted(p.rglob("*.wasm")) if p.is_dir() else [p])
    return files


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("old", type=Path)
    ap.add_argument("new", type=Path)
    ap.add_argument("wasm", type=Path, nargs="+")
    ap.add_argument("--targets", default=",".join(TARGETS), help="comma-separated wasm-cross targets")
    a = ap.parse_args()
    targets = [t for t in a.targets.split(",") if t]
    files = inputs(a.wasm)
    bad = 0
    images = 0
    with tempfile.TemporaryDirectory() as tmp:
        o, n = Path(tmp) / "old.mwi", Path(tmp) / "new.mwi"
        for f in files:
            for t in targets:
                x, y = lower(a.old, f, t, o), lower(a.new, f, t, n)
                images += x.status == 0
                # the message names the tool's own path: compare what follows it
                same_msg = x.message.replace(str(a.old), "") == y.message.replace(str(a.new), "")
                if x.status != y.status or x.image != y.image or not same_msg:
                    bad += 1
                    print(f"differs: {f} --target {t} (status {x.status} / {y.status})")
    print(f"{len(files)} modules x {len(targets)} targets: {images} images, {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
