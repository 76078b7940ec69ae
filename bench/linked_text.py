#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The engine's text as a firmware pays for it: per modwasm/engine/*.c, the
object's text (`arm-none-eabi-size`: code and read-only data, as the engine-text
command of docs/benchmarks.md sums it) beside what the firmware's link
(--gc-sections) keeps of it, code and read-only data apart, read from the
linker map (build/<board>/firmware.map). A measurement, not a test.

The firmware is linked with LTO by default (ports/cortexm/Makefile), and an
LTO link's map names its program's code by the link's own temporary objects,
not by source file; the engine stays out of that program (the Makefile's
NO_LTO), so its objects are compiled and linked as without LTO and the map
still names each of its input sections: `LTO=0` and the default give the same
figures (docs/benchmarks-history.md "LTO by default (session 28)").

    make firmware BOARD=lm3s6965evb && python3 bench/linked_text.py --board lm3s6965evb
    python3 bench/linked_text.py --board lm3s6965evb --board mps2_an385 --dropped
    python3 bench/linked_text.py --map build/x/firmware.map   # another build folder

--dropped lists the engine's functions and tables the link left out (no
firmware code reaches them), largest first.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENGINE_DIR = "modwasm/engine/"

# An input section's line in a GNU ld map: its name, then (on the same line or
# the next when the name is long) its address, its size and the object.
SECTION = re.compile(r"^ (\.\S+)(?:\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(\S+))?$")
PLACE = re.compile(r"^\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(\S+)$")


@dataclass
class Section:
    name: str  # the input section: .text.mw_exec, .rodata.numeric_sigs ...
    size: int
    obj: Path


@dataclass
class FileText:
    obj_text: int = 0  # the object's text (size -t): code + read-only data
    code: int = 0  # linked: .text*
    rodata: int = 0  # linked: .rodata*
    dropped: list[Section] = field(default_factory=list)

    @property
    def linked(self) -> int:
        return self.code + self.rodata


def map_sections(path: Path) -> tuple[list[Section], list[Section]]:
    """(discarded, kept) input sections of a GNU ld map, in the map's order."""
    discarded: list[Section] = []
    kept: list[Section] = []
    into = None
    pending = None
    for line in path.read_text().splitlines():
        if line.startswith("Discarded input sections"):
            into = discarded
            continue
        if line.startswith("Linker script and memory map"):
            into = kept
            continue
        if into is None:
            continue
        if pending is not None:
            m = PLACE.match(line)
            if m:
                into.append(Section(pending, int(m.group(2), 16), Path(m.group(3))))
            pending = None
            continue
        m = SECTION.match(line)
        if not m:
            continue
        if m.group(2) is None:
            pending = m.group(1)
        else:
            into.append(Section(m.group(1), int(m.group(3), 16), Path(m.group(4))))
    return discarded, kept


def kind(section: str) -> str | None:
    """'code', 'rodata' or None (data, bss, debug: neither is engine text in flash)."""
    if section == ".text" or section.startswith(".text."):
        return "code"
    if section == ".rodata" or section.startswith(".rodata."):
        return "rodata"
    return None


def obj_text(obj: Path) -> int:
    p = subprocess.run(["arm-none-eabi-size", str(obj)], capture_output=True, text=True, check=True)
    return int(p.stdout.splitlines()[-1].split()[0])


def engine_text(map_path: Path) -> dict[str, FileText]:
    """Per engine file (its stem): the object's text and what the link kept and dropped."""
    discarded, kept = map_sections(map_path)
    files: dict[str, FileText] = {}

    def entry(s: Section) -> FileText | None:
        if ENGINE_DIR not in s.obj.as_posix() or s.obj.suffix != ".o":
            return None
        if s.obj.stem not in files:
            files[s.obj.stem] = FileText(obj_text=obj_text(s.obj))
        return files[s.obj.stem]

    for s in kept:
        f = entry(s)
        k = kind(s.name)
        if f is not None and k is not None:
            setattr(f, k, getattr(f, k) + s.size)
    for s in discarded:
        f = entry(s)
        if f is not None and kind(s.name) is not None and s.size:
            f.dropped.append(s)
    if not files:
        sys.exit(
            f"{map_path}: no input section of {ENGINE_DIR}*.o (a firmware with the built-in module, "
            "its engine out of LTO as ports/cortexm/Makefile's NO_LTO keeps it?)"
        )
    return files


def report(title: str, files: dict[str, FileText], dropped: bool) -> str:
    lines = [
        f"{title}",
        "",
        "| file | object text | linked code | linked rodata | linked | dropped by the link |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    tot = FileText()
    for name in sorted(files, key=lambda n: -files[n].obj_text):
        f = files[name]
        lines.append(
            f"| {name} | {f.obj_text:,} | {f.code:,} | {f.rodata:,} | {f.linked:,} | {f.obj_text - f.linked:,} |"
        )
        tot.obj_text += f.obj_text
        tot.code += f.code
        tot.rodata += f.rodata
        tot.dropped += f.dropped
    lines.append(
        f"| **sum** | **{tot.obj_text:,}** | {tot.code:,} | {tot.rodata:,} | **{tot.linked:,}** | "
        f"{tot.obj_text - tot.linked:,} |"
    )
    if dropped:
        lines += ["", "Dropped by the link (B, object: section):", ""]
        for s in sorted(tot.dropped, key=lambda s: -s.size):
            lines.append(f"- {s.size:5d}  {s.obj.stem}: {s.name}")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--board", action="append", default=[], help="build/<board>/firmware.map (repeatable)")
    ap.add_argument("--map", action="append", default=[], type=Path, help="a firmware.map elsewhere (repeatable)")
    ap.add_argument("--dropped", action="store_true", help="list what the link dropped, largest first")
    args = ap.parse_args()
    maps = [ROOT / "build" / b / "firmware.map" for b in args.board] + list(args.map)
    if not maps:
        ap.error("name a --board or a --map")
    for m in maps:
        if not m.exists():
            sys.exit(f"{m}: missing (make firmware BOARD=...)")
        print(report(f"## {m.parent.name} ({m})", engine_text(m), args.dropped))


if __name__ == "__main__":
    main()
