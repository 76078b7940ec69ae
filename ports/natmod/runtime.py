#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Link the compiler's own runtime (libgcc) members a native module needs.

tools/mpy_ld.py of MicroPython 1.23 links only object files, and a firmware
exports none of its libgcc to native modules. On Cortex-M the engine needs
libgcc's soft-float and 64-bit division helpers, so this script finds the
members of this arch's libgcc.a that define what the objects leave undefined
(and what those members need in turn), and merges them into one relocatable
object with `ld -r`. A symbol neither the objects, libgcc nor MicroPython's
function table provide stops the build with its name.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

# Resolved by mpy_ld.py itself (mp_fun_table and its type entries).
LINKER_PROVIDED = {
    "_GLOBAL_OFFSET_TABLE_",
    "mp_fun_table",
    "mp_native_qstr_table",
    "mp_native_obj_table",
    "mp_type_type",
    "mp_type_str",
    "mp_type_list",
    "mp_type_dict",
    "mp_type_fun_builtin_0",
    "mp_type_fun_builtin_1",
    "mp_type_fun_builtin_2",
    "mp_type_fun_builtin_3",
    "mp_type_fun_builtin_var",
    "mp_type_Exception",
    "mp_stream_read_obj",
    "mp_stream_readinto_obj",
    "mp_stream_unbuffered_readline_obj",
    "mp_stream_write_obj",
}


def run(cmd: list[str]) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def symbols(nm: str, paths: list[str]) -> tuple[set[str], set[str]]:
    """(defined globals, undefined) over the object files."""
    defined: set[str] = set()
    undefined: set[str] = set()
    for line in run([nm, "-g", *paths]).splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "U":
            undefined.add(parts[1])
        elif len(parts) == 3:
            defined.add(parts[2])
    return defined, undefined


def archive_index(nm: str, lib: str) -> dict[str, str]:
    """symbol -> member of the archive that defines it."""
    index: dict[str, str] = {}
    for line in run([nm, "-g", "--defined-only", "-A", lib]).splitlines():
        loc, _, rest = line.partition(" ")
        member = loc.split(":")[1]
        name = rest.split()[-1]
        index.setdefault(name, member)
    return index


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cross", required=True, help="toolchain prefix, e.g. arm-none-eabi-")
    ap.add_argument("--cflags", required=True, help="the module's CFLAGS (select the multilib)")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("objects", nargs="+")
    args = ap.parse_args()
    nm, ld, ar = args.cross + "nm", args.cross + "ld", args.cross + "ar"
    lib = run([args.cross + "gcc", *shlex.split(args.cflags), "-print-libgcc-file-name"]).strip()
    index = archive_index(nm, lib)

    with tempfile.TemporaryDirectory() as tmp:
        members: list[str] = []
        defined, undefined = symbols(nm, args.objects)
        while True:
            missing = sorted(undefined - defined - LINKER_PROVIDED)
            want = sorted({index[s] for s in missing if s in index} - set(members))
            if not want:
                break
            run([ar, "x", "--output", tmp, lib, *want])
            members += want
            d, u = symbols(nm, [str(Path(tmp) / m) for m in members])
            defined |= d
            undefined |= u
        unresolved = [s for s in missing if s not in index]
        if unresolved:
            sys.exit("natmod runtime: undefined and not in libgcc: " + ", ".join(unresolved))
        if members:
            run([ld, "-r", "-o", args.output, *[str(Path(tmp) / m) for m in members]])
        else:
            # Nothing needed: an empty object keeps the link rule uniform.
            run([args.cross + "gcc", *shlex.split(args.cflags), "-x", "c", "-c", "-o", args.output, "/dev/null"])
    print("natmod runtime: " + (", ".join(members) or "none"), file=sys.stderr)


if __name__ == "__main__":
    main()
