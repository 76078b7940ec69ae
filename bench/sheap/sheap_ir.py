# SPDX-License-Identifier: MIT
"""Instructions a wasm byte load costs in linear memory, in a shared heap and in a
window, on the host port (docs/shared-heap.md "Guard pages"; docs/benchmarks.md "Shared heaps
under guard pages (session 43)").

For each case the host port runs tests/programs/sheap.wat's `sum` (a loop of i32.load8_u) over
64 KiB `passes` times, and once with no pass, each under valgrind's lackey, which counts the guest
instructions executed (callgrind's Ir); the difference over passes * 65,536 is one loop step's (the
load and the loop's add, compare and branch around it). Not callgrind: a fault's context there does
not name the access, so the fault path cannot resume (tests/host/test_guard_pages.py); lackey with
exact registers at memory accesses runs it. The kernel's part of a fault (the signal's delivery
and return, ~1-2 us natively) is not counted: a faulting access costs more than its count says. Cases:
linear memory; a managed 64 KiB heap attached (read-write, then read-only); the same heap shown as
a window at 0x40000000; a heap over a bytearray (its bytes do not agree with its app addresses
within a page: the fault path). With guard pages (`make host` on x86-64) a heap's pages are
mapped into the memory's reservation where they can be; `-X showheaps=0` counts the fault path
alone (the binary must know it: give an older one with --no-showheaps).

Run: .venv/bin/python bench/sheap/sheap_ir.py [--micropython build/host/micropython] [--passes 4]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))
from bench_common import ensure_valgrind  # noqa: E402
from support.build import build  # noqa: E402

N = 65536

SETUP = """
import wasm
M = wasm.Module(open({wasm!r}, 'rb').read())
h = wasm.SharedHeap({n})
i = wasm.Instance(M)
case = {case!r}
if case == 'linear':
    i.exports.grow(1)
    at = 0
elif case == 'heap':
    i.attach(h)
    at = h.start
elif case == 'heap-ro':
    i.attach(h, readonly=True)
    at = h.start
elif case == 'window':
    at = i.map(h, 0x40000000)
else:
    b = wasm.SharedHeap(buffer=bytearray({n}))
    i.attach(b)
    at = b.start
s = i.exports.sum
for k in range({passes}):
    s(at, {n})
print('ok')
"""

CASES = ("linear", "heap", "heap-ro", "window", "bytearray-heap")


def count(micropython: str, case: str, passes: int, options: list[str], wasm: Path, work: Path) -> int:
    script = work / f"{case}.py"
    script.write_text(SETUP.format(wasm=str(wasm), n=N, case=case, passes=passes))
    lackey = [ensure_valgrind(), "--tool=lackey", "--vex-iropt-register-updates=allregs-at-mem-access"]
    p = subprocess.run([*lackey, micropython, *options, str(script)], capture_output=True, text=True, timeout=1800)
    m = re.search(r"guest instrs:\s*([\d,]+)", p.stderr)
    if p.returncode != 0 or p.stdout.strip() != "ok" or not m:
        raise RuntimeError(f"{case} {options}: {p.stdout!r} {p.stderr[-1500:]}")
    return int(m.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--micropython", default=str(REPO / "build" / "host" / "micropython"))
    parser.add_argument("--passes", type=int, default=4)
    parser.add_argument("--no-showheaps", action="store_true", help="the binary has no -X showheaps=0")
    parser.add_argument("--cases", default=",".join(CASES))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        wasm = work / "sheap.wasm"
        wasm.write_bytes(build("sheap"))
        runs = [([], "")] if args.no_showheaps else [([], ""), (["-X", "showheaps=0"], " (-X showheaps=0)")]
        print(f"| case ({Path(args.micropython).parent.name}) | instructions per loop step |")
        print("|---|---:|")
        for options, note in runs:
            for case in args.cases.split(","):
                full = count(args.micropython, case, args.passes, options, wasm, work)
                none = count(args.micropython, case, 0, options, wasm, work)
                print(f"| {case}{note} | {(full - none) / (args.passes * N):.1f} |", flush=True)


if __name__ == "__main__":
    main()
