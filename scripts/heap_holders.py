#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""What keeps a heap object alive on a board: the objects alive at one stop of
the firmware that were not at an earlier one, each with the chain of words
that holds it back to a root (MicroPython's root pointers or the C stack).

The conservative collector keeps whatever an aligned word points at; a stale
word (a freed pointer left in a stack frame or a struct) keeps garbage alive,
and a soak test that measures gc.mem_free() exactly sees it as a leak. This
tool finds that word. Start the board with QEMU's gdb stub and run the test,
then attach from here (the default stops: the 2nd and 3rd gc.mem_free(), the
soak's warm-up and first round):

    pytest tests/hil/test_soak_board.py --board mps3_an547 -k cycles --qemu-gdb 3333 &
    python3 scripts/heap_holders.py --board mps3_an547 --gdb 3333 --stop gc_mem_free --hits 2,3

It needs gdb-multiarch (Debian package, not installed by `make test`). A
holder on the stack is printed as its address: `info frame` at the stop says
whose frame it is. The heap's layout is MicroPython 1.23's: 16-byte blocks,
two bits a block in the allocation table (free, head, tail, mark); a word
holds a block only if it points at the start of a head block.
"""

from __future__ import annotations

import argparse
import re
import struct
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from boardcfg import load_board

BLOCK = 16
AT_FREE, AT_HEAD, AT_TAIL, AT_MARK = range(4)


@dataclass
class Snapshot:
    """Memory read at one stop: pieces of (address, bytes), the stack pointer, and where the roots are."""

    pieces: list[tuple[int, bytes]]
    sp: int
    stack_top: int
    roots: tuple[int, int]  # [start, end) of the root pointers in mp_state_ctx
    area: int  # address of mp_state_ctx.mem.area

    def byte(self, addr: int) -> int | None:
        for base, data in self.pieces:
            if base <= addr < base + len(data):
                return data[addr - base]
        return None

    def word(self, addr: int) -> int | None:
        for base, data in self.pieces:
            if base <= addr and addr + 4 <= base + len(data):
                return struct.unpack_from("<I", data, addr - base)[0]
        return None


@dataclass
class Heap:
    """The objects of a snapshot's heap (block index -> length in blocks) and who holds each."""

    snap: Snapshot
    pool: int = 0
    end: int = 0
    objects: dict[int, int] = field(default_factory=dict)
    holder: dict[int, tuple[str, int]] = field(default_factory=dict)  # block -> ("state"|"stack"|"object", addr)

    def __post_init__(self) -> None:
        s = self.snap
        atb, _atb_len, _ftb, self.pool, self.end = (self._need(s.area + 4 * k) for k in range(5))
        nblocks = (self.end - self.pool) // BLOCK
        table = [self.snap.byte(atb + k) for k in range((nblocks + 3) // 4)]
        if None in table:
            raise ValueError(f"the allocation table at {atb:#x} is not all in the snapshot")
        kinds = [(table[b // 4] >> ((b % 4) * 2)) & 3 for b in range(nblocks)]
        b = 0
        while b < nblocks:
            if kinds[b] in (AT_HEAD, AT_MARK):
                n = 1
                while b + n < nblocks and kinds[b + n] == AT_TAIL:
                    n += 1
                self.objects[b] = n
                b += n
            else:
                b += 1
        self._mark()

    def _need(self, addr: int) -> int:
        w = self.snap.word(addr)
        if w is None:
            raise ValueError(f"address {addr:#x} is not in the snapshot")
        return w

    def _roots(self) -> Iterator[tuple[str, int]]:
        start, end = self.snap.roots
        yield from (("state", a) for a in range(start, end, 4))
        yield from (("stack", a) for a in range(self.snap.sp, self.snap.stack_top, 4))

    def _mark(self) -> None:
        """The collector's mark phase, remembering the first word found holding each object."""
        work: list[int] = []

        def visit(value: int | None, where: tuple[str, int]) -> None:
            if value is None or not (self.pool <= value < self.end) or value % BLOCK:
                return
            b = (value - self.pool) // BLOCK
            if b in self.objects and b not in self.holder:
                self.holder[b] = where
                work.append(b)

        for kind, addr in self._roots():
            visit(self.snap.word(addr), (kind, addr))
        while work:
            b = work.pop()
            base = self.address(b)
            for a in range(base, base + self.objects[b] * BLOCK, 4):
                visit(self.snap.word(a), ("object", a))

    def address(self, block: int) -> int:
        return self.pool + block * BLOCK

    def live(self) -> dict[int, int]:
        """Objects the collector would keep: block -> length in blocks."""
        return {b: n for b, n in self.objects.items() if b in self.holder}

    def chain(self, block: int) -> list[tuple[str, int]]:
        """The holders of `block`, nearest first, ending at a root word."""
        out = []
        while True:
            kind, addr = self.holder[block]
            out.append((kind, addr))
            if kind != "object":
                return out
            block = self.head_of((addr - self.pool) // BLOCK)

    def head_of(self, block: int) -> int:
        """The object a block is part of (a word in its tail blocks holds the next link)."""
        while block not in self.objects:
            block -= 1
        return block


def new_objects(before: Heap, after: Heap) -> list[int]:
    """Blocks of objects alive in `after` that were not alive, with the same length, in `before`."""
    old = before.live()
    return sorted(b for b, n in after.live().items() if old.get(b) != n)


def report(before: Heap, after: Heap) -> str:
    lines = []
    for b in new_objects(before, after):
        base = after.address(b)
        size = after.objects[b] * BLOCK
        words = " ".join(f"{after.snap.word(base + 4 * k) or 0:08x}" for k in range(min(8, size // 4)))
        lines.append(f"object {base:#x} ({size} B): {words}")
        for kind, addr in after.chain(b):
            lines.append(f"    held by {kind} word at {addr:#x}")
    return "\n".join(lines) or "no object alive at the second stop that was not at the first"


# -- reading snapshots through QEMU's gdb stub --------------------------------

VALUES = ("sp", "stack_top", "roots_start", "roots_end", "area", "heap_end")
EXPRESSIONS = {
    "sp": "$sp",
    "stack_top": "&_estack",
    "roots_start": "&mp_state_ctx.thread.dict_locals",
    "roots_end": "&mp_state_ctx.vm.qstr_last_chunk",
    "area": "&mp_state_ctx.mem.area",
    "heap_end": "&_heap_end",
}


def gdb_script(port: int, stop: str, hits: list[int], ram_base: int, out: Path) -> str:
    """Commands for gdb-multiarch: stop at the given hits of `stop`, print the values and dump RAM."""
    cmds = ["set pagination off", "set confirm off", f"target remote :{port}", f"break {stop}"]
    seen = 0
    for h in hits:
        cmds += [f"ignore 1 {h - seen - 1}", "continue"]
        seen = h
        cmds += [f'printf "VALUE {h} {k} %u\\n", (unsigned){EXPRESSIONS[k]}' for k in VALUES]
        # the heap and static data, then the stack in use (the MPU guard between them cannot be read)
        cmds.append(f"dump binary memory {out}/{h}-ram.bin {ram_base:#x} &_heap_end")
        cmds.append(f"dump binary memory {out}/{h}-stack.bin $sp &_estack")
    cmds += ["delete", "detach"]
    return "\n".join(cmds) + "\n"


def snapshots(elf: Path, port: int, stop: str, hits: list[int], ram_base: int, timeout: float) -> list[Snapshot]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        (out / "cmds").write_text(gdb_script(port, stop, hits, ram_base, out))
        run = subprocess.run(
            ["gdb-multiarch", "-batch", "-x", str(out / "cmds"), str(elf)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        values: dict[int, dict[str, int]] = {}
        for h, k, v in re.findall(r"^VALUE (\d+) (\w+) (\d+)$", run.stdout, re.M):
            values.setdefault(int(h), {})[k] = int(v)
        snaps = []
        for h in hits:
            v = values.get(h)
            if v is None or len(v) != len(VALUES):
                tail = run.stdout[-2000:] + run.stderr[-2000:]
                sys.exit(f"heap_holders: gdb did not reach hit {h} of {stop}:\n{tail}")
            ram = (out / f"{h}-ram.bin").read_bytes()
            stack = (out / f"{h}-stack.bin").read_bytes()
            snaps.append(
                Snapshot(
                    [(ram_base, ram), (v["sp"], stack)],
                    v["sp"],
                    v["stack_top"],
                    (v["roots_start"], v["roots_end"]),
                    v["area"],
                )
            )
        return snaps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--board", required=True)
    parser.add_argument("--elf", type=Path, help="firmware (default build/<board>/firmware.elf)")
    parser.add_argument("--gdb", type=int, required=True, metavar="PORT", help="QEMU's gdb stub (--qemu-gdb PORT)")
    parser.add_argument("--stop", default="gc_mem_free", help="function to stop at (default gc_mem_free)")
    parser.add_argument("--hits", default="2,3", help="which two calls of it to compare (default 2,3)")
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args()
    hits = [int(h) for h in args.hits.split(",")]
    if len(hits) != 2 or not 0 < hits[0] < hits[1]:
        sys.exit("heap_holders: --hits takes two increasing call numbers, e.g. 2,3")
    board = load_board(args.board)
    elf = args.elf or Path(__file__).resolve().parent.parent / "build" / board.name / "firmware.elf"
    before, after = snapshots(elf, args.gdb, args.stop, hits, board.ram.base, args.timeout)
    print(report(Heap(before), Heap(after)))


if __name__ == "__main__":
    main()
