#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""MicroPython 1.23's tools/mpy_ld.py, with absolute words in code allowed.

Code compiled without -fpic keeps absolute addresses in literal pools and
switch tables: libgcc's soft-float for ARMv6-M (C, not assembly) does. The
.mpy format already carries load-time relocations for such words (that is
how const data pointing into the module is handled); mpy_ld.py only refuses
them in code sections. This wrapper routes an ARM R_ARM_ABS32 found in code
through mpy_ld.py's own data-relocation path, then runs it unchanged.
"""

from __future__ import annotations

import sys
from pathlib import Path

MPY_DIR = Path(__file__).resolve().parents[2] / "deps" / "micropython"
sys.path.insert(0, str(MPY_DIR / "tools"))
import mpy_ld  # noqa: E402

_text_reloc = mpy_ld.do_relocation_text


def do_relocation_text(env, text_addr, r):  # mpy_ld.py's own signature
    if env.arch.name == "EM_ARM" and r["r_info_type"] == mpy_ld.R_ARM_ABS32:
        if hasattr(r.sym, "resolved"):
            r.sym = r.sym.resolved
        return mpy_ld.do_relocation_data(env, text_addr, r)
    return _text_reloc(env, text_addr, r)


mpy_ld.do_relocation_text = do_relocation_text

if __name__ == "__main__":
    mpy_ld.main()
