# SPDX-License-Identifier: MIT
"""MicroPython snippets for a board's filesystem that more than one board test sends over
the REPL (tests/hil/test_fs.py, test_mpremote_fs.py)."""

from __future__ import annotations


def remove_tree(top: str) -> str:
    """Code that removes the folder `/top` and everything in it if it is there, and leaves the
    current folder at "/" (it defines `_rm` on the board and imports `os`)."""
    return (
        "import os\n"
        "def _rm(p):\n"
        "    for e in os.ilistdir(p):\n"
        "        q = p + '/' + e[0]\n"
        "        _rm(q) if e[1] & 0x4000 else os.remove(q)\n"
        "    os.rmdir(p)\n"
        "os.chdir('/')\n"
        f"if {top!r} in os.listdir('/'): _rm({'/' + top!r})\n"
    )
