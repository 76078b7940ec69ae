#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Each cold engine file's own code-generation flags (scripts/boardcfg/generate.py
ENGINE_FILE_CFLAGS): what each still buys, and the search that found them. A
measurement, not a test: object text (`arm-none-eabi-size`, code and read-only
data) of modwasm/engine/<file>.c compiled as a Cortex-M3 board of the profile
compiles it (the firmware's flags, the profile's defines, ENGINE_CFLAGS).

    python3 bench/engine_flags.py --check              # each file: its flags together, and each left out
    python3 bench/engine_flags.py --search decode,lower   # greedy: add the flag that saves most, until none does
    python3 bench/engine_flags.py --search all --min 6  # every file but exec.c and memory.c
    python3 bench/engine_flags.py --natmod --check      # wasm.mpy's binding files (BINDING_FILE_CFLAGS)
    python3 bench/engine_flags.py --natmod --search wasi,window

--natmod measures modwasm/binding/<file>.c as wasm.mpy compiles it for armv7emsp
(its own command line, taken from `make -n` in build/natmod/armv7emsp: run
`make natmod ARCH=armv7emsp` first), the binding files' flags left out.

The flags were found with one compiler (generate.py FILE_CFLAGS_GCC, Debian's
arm-none-eabi-gcc 12.2.1): --check, like the builds that take them, warns on
stderr naming both versions when arm-none-eabi-gcc is another.

--search starts from ENGINE_CFLAGS alone and, round by round, adds the -f switch of
FLAGS that makes the file smallest, while one saves at least --min bytes.
docs/benchmarks.md "Engine text (session 31)" has the figures it gave.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENGINE = ROOT / "modwasm" / "engine"
sys.path.insert(0, str(ROOT / "scripts"))

from boardcfg.generate import (  # noqa: E402
    BINDING_FILE_CFLAGS,
    ENGINE_CFLAGS,
    ENGINE_FILE_CFLAGS,
    FILE_CFLAGS_GCC,
    PROFILE_CFLAGS,
)

NATMOD = ROOT / "build" / "natmod" / "armv7emsp"

# The firmware's flags for the engine (ports/cortexm/Makefile), Cortex-M3 soft float.
FIRMWARE = (
    "-std=gnu11 -mcpu=cortex-m3 -mthumb -mfloat-abi=soft -Os -ffunction-sections -fdata-sections"
    " -fno-strict-aliasing -DMW_LIBM_SQRT=1"
).split()

# The switches the search tries: GCC 12's optimizations that -Os turns on and
# that change Thumb-2 code (two register-allocator choices among them), and
# the five ENGINE_CFLAGS turns off, turned on again.
FLAGS = """-fno-tree-ch -fno-tree-pre -fno-tree-vrp -fno-ipa-sra -fno-ipa-cp -fno-tree-dominator-opts
-fno-tree-loop-optimize -fno-ivopts -fno-tree-sink -fno-code-hoisting -fno-hoist-adjacent-loads -fno-gcse
-fno-expensive-optimizations -fno-reorder-blocks -fno-peephole2 -fno-caller-saves -fno-tree-coalesce-vars -fno-ree
-fno-cse-follow-jumps -fno-thread-jumps -fno-tree-switch-conversion -fno-isolate-erroneous-paths-dereference
-fno-ssa-phiopt -fno-tree-forwprop -fno-split-paths -fno-inline-functions -fno-partial-inlining -fno-ipa-ra
-fno-tree-slsr -fno-tree-bit-ccp -fno-ipa-modref -fno-store-merging -fno-tree-loop-im -fno-guess-branch-probability
-fno-ipa-vrp -fno-ipa-bit-cp -fno-combine-stack-adjustments -fno-compare-elim -fno-cprop-registers
-fno-forward-propagate -fno-tree-pta -fno-tree-dse -fno-tree-fre -fno-tree-copy-prop -fno-shrink-wrap
-fno-auto-inc-dec -fno-branch-count-reg -fno-lra-remat -fno-ira-share-save-slots -fira-region=one
-fira-algorithm=priority -fno-ira-hoist-pressure -fno-rename-registers -fno-ipa-pure-const -fno-ipa-reference
-fno-tree-scev-cprop -fno-tree-loop-distribute-patterns -fno-section-anchors -fno-ssa-backprop -fno-tree-phiprop
-fno-split-wide-types-early -fno-ipa-strict-aliasing -fno-tree-loop-ivcanon -fno-inline-functions-called-once
-fno-early-inlining -fno-tree-ccp -fno-delete-null-pointer-checks -fno-optimize-strlen -fno-ipa-icf
-fno-sched-interblock -fno-ira-loop-pressure -fno-reorder-blocks-and-partition -fno-tree-reassoc
-fno-tree-loop-if-convert -foptimize-sibling-calls -fschedule-insns2 -fmove-loop-invariants -fif-conversion
-ftree-tail-merge""".split()

# The files a search leaves alone: the interpreter and the accesses' slow path run the guest.
HOT = ("exec", "memory")


_natmod_cc: dict[str, list[str]] = {}


def natmod_command(name: str) -> list[str]:
    """wasm.mpy's (armv7emsp) command line for binding/<name>.c, up to its -o, without
    BINDING_FILE_CFLAGS."""
    if name not in _natmod_cc:
        if not (NATMOD / "obj" / "cflags.txt").exists():
            sys.exit(f"--natmod: no {NATMOD}: make natmod ARCH=armv7emsp first")
        make = ["make", "-n", "-B", "-f", str(ROOT / "ports" / "natmod" / "Makefile"), "ARCH=armv7emsp"]
        make += [f"PYTHON={sys.executable}", "BINDING_FILE_CFLAGS=", f"obj/binding/{name}.o"]
        out = subprocess.run(make, cwd=NATMOD, capture_output=True, text=True, check=True).stdout
        words = shlex.split(next(ln for ln in out.splitlines() if ln.rstrip().endswith(f"-c binding/{name}.c")))
        _natmod_cc[name] = words[: words.index("-o")]
    return _natmod_cc[name]


def text_size(name: str, flags: list[str], profile: str, tmp: Path, natmod: bool = False) -> int:
    """Object text of modwasm/engine/<name>.c with the profile's flags and `flags` after them
    (natmod: of modwasm/binding/<name>.c as wasm.mpy compiles it)."""
    out = tmp / f"{name}.o"
    if natmod:
        cc = [*natmod_command(name), *flags, "-o", str(out), "-c", f"binding/{name}.c"]
        subprocess.run(cc, check=True, cwd=NATMOD)
    else:
        base = FIRMWARE + PROFILE_CFLAGS[profile].split() + ENGINE_CFLAGS[profile].split()
        cc = ["arm-none-eabi-gcc", f"-I{ENGINE}", *base, *flags, "-c", str(ENGINE / f"{name}.c"), "-o", str(out)]
        subprocess.run(cc, check=True)
    size = subprocess.run(["arm-none-eabi-size", str(out)], capture_output=True, text=True, check=True).stdout
    return int(size.splitlines()[1].split()[0])


def compiler_warning(cc: str = "arm-none-eabi-gcc") -> str | None:
    """A warning naming both versions when `cc` is not the compiler the files'
    flags were found with (generate.py FILE_CFLAGS_GCC), else None."""
    try:
        found = subprocess.run([cc, "-dumpfullversion"], capture_output=True, text=True).stdout.strip()
    except OSError as e:
        found = f"not run ({e.strerror})"
    if found == FILE_CFLAGS_GCC:
        return None
    return (
        f"warning: the files' flags (scripts/boardcfg/generate.py) were chosen with arm-none-eabi-gcc "
        f"{FILE_CFLAGS_GCC}; this is {cc} {found or 'of no version'}: the sizes below are this compiler's, "
        "and a flag may buy less or cost bytes here (--search finds its own)"
    )


def check(profile: str, tmp: Path, natmod: bool = False) -> None:
    warning = compiler_warning()
    if warning:
        print(warning, file=sys.stderr)
    print(f"| file ({profile}) | without | with | saved | each flag left out: bytes it still buys |")
    print("|---|---:|---:|---:|---|")
    total = 0
    for name, text in sorted((BINDING_FILE_CFLAGS if natmod else ENGINE_FILE_CFLAGS)[profile].items()):
        flags = text.split()
        without = text_size(name, [], profile, tmp, natmod)
        with_ = text_size(name, flags, profile, tmp, natmod)
        each = [f"{f} {text_size(name, [g for g in flags if g != f], profile, tmp, natmod) - with_}" for f in flags]
        total += with_ - without
        print(f"| {name} | {without:,} | {with_:,} | {with_ - without} | {', '.join(each)} |")
    print(f"| **sum** | | | **{total}** | |")


def search(names: list[str], profile: str, least: int, tmp: Path, natmod: bool = False) -> None:
    for name in names:
        chosen: list[str] = []
        start = best = text_size(name, [], profile, tmp, natmod)
        while True:
            tries = [(text_size(name, chosen + [f], profile, tmp, natmod), f) for f in FLAGS if f not in chosen]
            size, flag = min(tries)
            if best - size < least:
                break
            chosen.append(flag)
            print(f"{name}: {flag} {size - best} ({size:,})", flush=True)
            best = size
        print(f"{name}: {start:,} -> {best:,} ({best - start}) with {' '.join(chosen) or 'nothing'}", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="what each file's flags buy, together and one by one")
    ap.add_argument("--search", metavar="FILES", help="comma-separated engine files (no .c), or all")
    ap.add_argument("--min", type=int, default=6, help="--search: the least bytes a flag must save (default 6)")
    ap.add_argument("--profile", default="small", choices=sorted(ENGINE_FILE_CFLAGS))
    ap.add_argument("--natmod", action="store_true", help="wasm.mpy's binding files (armv7emsp), not the engine's")
    args = ap.parse_args(argv)
    if not args.check and not args.search:
        ap.error("--check or --search")
    with tempfile.TemporaryDirectory() as tmp:
        if args.check:
            check(args.profile, Path(tmp), args.natmod)
        if args.search:
            binding = sorted(p.stem for p in (ROOT / "modwasm" / "binding").glob("*.c"))
            every = binding if args.natmod else sorted(p.stem for p in ENGINE.glob("*.c") if p.stem not in HOT)
            names = every if args.search == "all" else args.search.split(",")
            search(names, args.profile, args.min, Path(tmp), args.natmod)
    return 0


if __name__ == "__main__":
    sys.exit(main())
