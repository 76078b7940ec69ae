# SPDX-License-Identifier: MIT
"""MicroPython snippets for a board's filesystem that more than one test sends over the REPL
(tests/hil/test_fs.py, test_mpremote_fs.py), or runs on the host port too (TRUNCATE:
tests/host/test_host_port.py)."""

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


# A file's truncate(), on the host port and on the boards' littlefs (tests/hil/test_fs.py):
# cut, grown with zeros, by default at the position, which stays; the new size returned;
# a file not open for writing OSError(EINVAL), as Linux's ftruncate. Since session 32
# (WASI's fd_filestat_set_size).
TRUNCATE = """
f = open('t.bin', 'w+b')
f.write(bytes(range(200)) * 30)
f.seek(50)
print(f.truncate(3000), f.tell(), f.seek(0, 2))
print(f.truncate(100), f.seek(0, 2))
print(f.truncate(120), f.seek(96), f.read(8))
f.seek(7)
print(f.truncate(), f.seek(0, 2))
f.close()
f = open('t.bin', 'rb')
print(f.read())
try:
    f.truncate(0)
except OSError as e:
    print('OSError', e.errno == errno.EINVAL)
f.close()
"""
TRUNCATE_OUT = [
    "3000 50 3000",
    "100 100",
    "120 96 b'`abc\\x00\\x00\\x00\\x00'",
    "7 7",
    "b'\\x00\\x01\\x02\\x03\\x04\\x05\\x06'",
    "OSError True",
]
