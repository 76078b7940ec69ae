# SPDX-License-Identifier: MIT
"""Self-check of the runner: the driver under CPython with the wasmtime stand-in.

`PYTHONPATH=tests python3 -m spec.oracle [-k SUBSTR] [-v]`: each file's
script (driver + batches, exactly as the host port gets it) runs in a CPython
subprocess whose `wasm` is oracle/wasm.py. Nearly everything should pass;
what fails is either a runner bug or a listed oracle difference.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .. import convert, runner

HERE = Path(__file__).resolve().parent


def main() -> int:
    ap = argparse.ArgumentParser(prog="python3 -m spec.oracle")
    ap.add_argument("-k", action="append", default=[])
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args()
    # runner.run_host runs `argv0 script`: a tiny launcher puts the stand-in first on sys.path.
    launcher = convert.CACHE / "oracle-python"
    launcher.parent.mkdir(parents=True, exist_ok=True)
    launcher.write_text(f'#!/bin/sh\nPYTHONPATH="{HERE}" exec "{sys.executable}" "$@"\n')
    os.chmod(launcher, 0o755)
    total = [0, 0]
    for suite, path in convert.wast_files():
        if args.k and not any(k in f"{suite}/{path.name}" for k in args.k):
            continue
        res = runner.run_host(suite, path, micropython=launcher, args=[])
        print(res.summary())
        for c, why in res.failures[: None if args.v else 3]:
            print(f"    {res.name}:{c.line} #{c.index} {c.kind}: {why}")
        total[0] += res.passed
        total[1] += len(res.failures)
    print(f"oracle: {total[0]} passed, {total[1]} failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
