# SPDX-License-Identifier: MIT
"""Facts about the host port, shaped like a board's `board` module.

Regions are mmap'ed at start-up (ports/host/regions.c); add more with
`micropython -X region=NAME:SIZE[:ACCESS[:SHM]]`.
"""

from _board import MemoryFault
from _board import regions as _regions
from _board import view as _view

NAME = "host"
DESCRIPTION = "Linux host port"
CPU = "x86-64"
QEMU = None


class Region:
    """A fixed memory area offered to wasm; access is "rw", "ro" or "none"."""

    def __init__(self, name, base, size, access, executable):
        self.name = name
        self.base = base
        self.size = size
        self.access = access
        self.executable = executable

    def view(self):
        """A writable memoryview of the whole region (zero copy; mprotect enforces access)."""
        return _view(self.name)

    def __repr__(self):
        # % formatting: MicroPython f-strings have no !r
        return "Region(%r, 0x%08x, 0x%x, %r)" % (self.name, self.base, self.size, self.access)  # noqa: UP031


regions = {name: Region(name, base, size, access, False) for name, (base, size, access) in _regions().items()}
