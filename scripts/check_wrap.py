#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check that a firmware's calls to a function wrapped at the link (-Wl,--wrap=NAME) go
through __wrap_NAME: only __wrap_NAME itself may call NAME, and something must call
__wrap_NAME. Under -flto the wrap is silently lost when the function's definition and its
callers are optimized together (ports/cortexm/Makefile keeps py/parse.o and py/compile.o out of
LTO for it); without LTO it is lost for a call inside the object that defines NAME (--wrap
renames undefined references only). The port's link runs this on every firmware, so a lost
wrap stops the build.

    python3 scripts/check_wrap.py build/lm3s6965evb/firmware.elf mp_parse_tree_clear mp_compile

Cost: one `objdump -d --no-show-raw-insn` of the firmware (~0.05 s) and a look at the
lines that name NAME (str.find, not a regular expression on each of ~200,000 lines:
the whole check ~0.1 s a link, was ~0.3 s).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

FUNC = re.compile(r"[0-9a-f]+ <(\S+)>:$")  # a function's header line (match() anchors it)


def function_at(disassembly: str, line_start: int) -> str:
    """The function whose instructions hold the line beginning at `line_start`: the
    nearest function header above it."""
    end = line_start - 1
    while end > 0:
        start = disassembly.rfind("\n", 0, end) + 1
        m = FUNC.match(disassembly, start, end)
        if m:
            return m.group(1)
        end = start - 1
    return "?"


def callers(disassembly: str, name: str) -> dict[str, int]:
    """Function -> how many of its branches (bl, b, b.w) lead to `name`."""
    call = re.compile(rf"\s(?:bl|b|b\.w)\s+[0-9a-f]+ <{re.escape(name)}>$")
    target = f" <{name}>"
    found: dict[str, int] = {}
    at = disassembly.find(target)
    while at >= 0:
        start = disassembly.rfind("\n", 0, at) + 1
        end = disassembly.find("\n", at)
        end = len(disassembly) if end < 0 else end
        if call.search(disassembly, start, end):
            f = function_at(disassembly, start)
            found[f] = found.get(f, 0) + 1
        at = disassembly.find(target, end)
    return found


def problems(disassembly: str, name: str) -> list[str]:
    """The problems found, none when every call goes through the wrapper."""
    wrap = f"__wrap_{name}"
    found = [
        f"{f} calls {name} directly ({n}x), not {wrap}" for f, n in callers(disassembly, name).items() if f != wrap
    ]
    if not callers(disassembly, wrap):
        found.append(f"nothing calls {wrap}: the wrap is lost")
    return found


def disassemble(elf: Path, objdump: str = "arm-none-eabi-objdump") -> str:
    return subprocess.run(
        [objdump, "-d", "--no-show-raw-insn", str(elf)], capture_output=True, text=True, check=True
    ).stdout


def main() -> int:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    elf, found = Path(sys.argv[1]), False
    dis = disassemble(elf)  # once for every wrapped name
    for name in sys.argv[2:]:
        for p in problems(dis, name):
            print(f"{elf}: {p} (-Wl,--wrap={name})", file=sys.stderr)
            found = True
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
