#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check that a firmware's calls to a function wrapped at the link (-Wl,--wrap=NAME) go
through __wrap_NAME: only __wrap_NAME itself may call NAME, and something must call
__wrap_NAME. Under -flto the wrap is silently lost when the function's definition and its
callers are optimized together (ports/cortexm/Makefile keeps py/parse.o and py/compile.o out of LTO for it);
the port's link runs this on every firmware, so a lost wrap stops the build.

    python3 scripts/check_wrap.py build/lm3s6965evb/firmware.elf mp_parse_tree_clear mp_compile
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

FUNC = re.compile(r"^[0-9a-f]+ <(\S+)>:$")


def callers(disassembly: str, name: str) -> dict[str, int]:
    """Function -> how many of its branches (bl, b, b.w) lead to `name`."""
    call = re.compile(rf"\s(?:bl|b|b\.w)\s+[0-9a-f]+ <{re.escape(name)}>$")
    found: dict[str, int] = {}
    current = "?"
    for line in disassembly.splitlines():
        m = FUNC.match(line)
        if m:
            current = m.group(1)
        elif call.search(line):
            found[current] = found.get(current, 0) + 1
    return found


def check(elf: Path, name: str, objdump: str = "arm-none-eabi-objdump") -> list[str]:
    """The problems found, none when every call goes through the wrapper."""
    dis = subprocess.run([objdump, "-d", str(elf)], capture_output=True, text=True, check=True).stdout
    wrap = f"__wrap_{name}"
    problems = [f"{f} calls {name} directly ({n}x), not {wrap}" for f, n in callers(dis, name).items() if f != wrap]
    if not callers(dis, wrap):
        problems.append(f"nothing calls {wrap}: the wrap is lost")
    return problems


def main() -> int:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    elf, found = Path(sys.argv[1]), False
    for name in sys.argv[2:]:
        for p in check(elf, name):
            print(f"{elf}: {p} (-Wl,--wrap={name})", file=sys.stderr)
            found = True
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
