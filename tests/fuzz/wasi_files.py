# SPDX-License-Identifier: MIT
"""WASI files against wasmtime: random sequences of WASI preview1 file calls
(path_open with every oflags/fdflags combination that matters, fd_read,
fd_write, fd_seek from each whence past the end and before the start,
fd_tell, fd_pread and fd_pwrite past the end too, fd_fdstat_get (flags, read/write rights),
fd_filestat_set_size (ftruncate), fd_fdstat_set_flags (APPEND, NONBLOCK), fd_allocate,
fd_filestat_get, path_filestat_get, fd_readdir with small buffers
and cookies, path_create_directory, path_remove_directory, path_unlink_file,
path_rename, fd_sync, fd_datasync, fd_close) on paths with `..`, `.`, a
trailing `/`, empty, absolute, 255 and 256-byte names, a NUL inside, through
closed, never-opened and wrong-kind fds. One guest (tests/programs/wasi_fsops.c)
interprets each sequence and logs every call's errno and results; it runs on
our host port (build/host/micropython, its `os` over a fresh temp directory
preopened as fd 3) and on wasmtime (another fresh temp directory). The logs and
the final trees (names, kinds, file bytes) are compared; a difference is a
finding, kept as `<out>/wasi_files/<seed>-<n>.json` (the script) and `.txt`
(both logs), minimised when asked (`--minimise FILE`: whole ops dropped while
the first differing call stays the same kind).

What preview1 leaves to the implementation is normalised here, each with its
reason (`normalise`); nothing is dropped from the sequences.

usage: python -m fuzz.wasi_files [--seconds 60] [--seed 1] [--out DIR]
       python -m fuzz.wasi_files --replay FILE.json | --minimise FILE.json
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from fuzz import diff
from support import build
from support.host import MICROPYTHON

GUEST = "wasi_fsops"
BATCH = 40  # sequences per MicroPython process
OPS = 60  # most ops in a sequence

# WASI preview1 constants (witx: typenames.witx)
O_CREAT, O_DIRECTORY, O_EXCL, O_TRUNC = 1, 2, 4, 8
FD_APPEND, FD_DSYNC, FD_NONBLOCK, FD_RSYNC, FD_SYNC = 1, 2, 4, 8, 16
NAMES = ["a", "b", "c", "d1", "d2", "d1/a", "d1/b", "d1/d3", "d1/d3/a", "d2/c"]


# ---- the script -----------------------------------------------------------------------------


def _path(p: bytes) -> bytes:
    return len(p).to_bytes(2, "little") + p


def _fd(b: int) -> bytes:
    return bytes([b])


@dataclass
class Gen:
    """One random sequence: ops as (name, encoded bytes)."""

    rng: random.Random
    opened: int = 1  # slots the guest may have (an upper bound: opens may fail)
    # the host port's POSIX files (session 35): a second preopen, stdio closed,
    # file times read back, open files' names unlinked and renamed; off for the
    # boards' littlefs (tests/hil/test_wasi_files_board.py), whose sequences
    # stay as they were
    posix: bool = False
    dirs: list[int] = field(default_factory=lambda: [0])  # the preopens' slots

    def path(self) -> bytes:
        r = self.rng
        n = r.choice(NAMES).encode()
        k = r.random()
        if k < 0.55:
            return n
        if k < 0.62:
            return n + b"/"
        if k < 0.67:
            return b"./" + n
        if k < 0.72:
            return b"d1/../" + n
        if k < 0.75:
            return r.choice([b".", b"./", b"d1/.", b"d1/..", b"d1/d3/../.."])
        if k < 0.78:
            return b""
        if k < 0.81:
            return b"/" + n  # absolute: no preopen's business
        if k < 0.84:
            return r.choice([b"..", b"../" + n, b"d1/../../" + n, b"d1/../.."])
        if k < 0.87:
            return r.choice([b"x" * 255, b"x" * 256, b"d1/" + b"y" * 255])
        if k < 0.89:
            return n + b"\x00z"
        if k < 0.92:
            return n + b"//" + r.choice(NAMES).encode()
        if k < 0.94:
            return r.choice([b"\xff", b"a\xc3", b"\xc3\xa9", b"d1/\xe2\x82"])  # not UTF-8, and one that is
        return r.choice([b"a/b", b"a/", b"a/.", b"d1//a", b"nothere/a"])

    def fd(self, dir_: bool = False) -> bytes:
        r = self.rng
        k = r.random()
        if dir_ and k < 0.75:
            return _fd(r.choice(self.dirs) if len(self.dirs) > 1 else 0)
        if k < 0.04:
            return _fd(r.choice([0xF0, 0xF1]))  # never opened, 2**32 - 1
        if not dir_ and self.opened > 1 and k < 0.9:
            return _fd(r.randrange(1, self.opened))  # mostly an opened file's (the guest's `slot`: one that was made)
        return _fd(r.randrange(self.opened))

    def file(self) -> bytes:
        """An open that succeeds (a top-level name, CREAT, read and write): the
        file calls then have a file to work on (until session 32 most found
        none: 42% of all calls were EBADF)."""
        self.opened += 1
        name = self.rng.choice(NAMES[:3]).encode()
        return b"\x01\x00\x01" + _path(name) + bytes([O_CREAT, 3, self.rng.choice([0, 0, FD_APPEND])])

    def op(self) -> tuple[str, bytes]:
        r = self.rng
        # 1.0 up: set_size, set_flags, allocate (session 32); set_times (session 33);
        # 1.1 up: times read back, an open file's name unlinked or renamed (session 35)
        k = r.random() * (1.16 if self.posix else 1.1)
        if k < 0.22:
            of = 0
            for bit, p in ((O_CREAT, 0.7), (O_EXCL, 0.1), (O_TRUNC, 0.2), (O_DIRECTORY, 0.1)):
                of |= bit if r.random() < p else 0
            ff = r.choice([0, 0, 0, 0, 0, FD_APPEND, FD_APPEND, FD_SYNC, FD_DSYNC | FD_APPEND, FD_NONBLOCK])
            rights = r.choice([1, 2, 3, 3, 3, 3, 0])
            look = 1 if r.random() < 0.9 else 0
            self.opened = min(self.opened + 1, 60)
            return "open", b"\x01" + self.fd(True) + bytes([look]) + _path(self.path()) + bytes([of, rights, ff])
        if k < 0.27:
            if self.opened > 1 and r.random() < 0.99:
                return "close", b"\x02" + _fd(r.randrange(1, self.opened))
            return "close", b"\x02" + _fd(0 if r.random() < 0.05 else 0xF0)  # the preopen itself, rarely
        if k < 0.38:
            n = r.choice([0, 1, 3, 16, 100, 4096])
            return "read", b"\x03" + self.fd() + n.to_bytes(2, "little")
        if k < 0.50:
            n = r.choice([0, 1, 5, 16, 100, 300])
            return "write", b"\x04" + self.fd() + n.to_bytes(2, "little") + bytes([r.randrange(256)])
        if k < 0.58:
            # past the end, before the start, the most negative; no offset past
            # 5000: the boards' seek takes a small int (2**30) and littlefs files
            # end at 2**31 - 1, where wasmtime's go on (an implementation's limit)
            off = r.choice([0, 0, 1, 3, 7, 100, 5000, -1, -3, -100, -(1 << 63)])
            whence = r.choice([0, 0, 1, 1, 2, 2])
            return "seek", b"\x05" + self.fd() + off.to_bytes(8, "little", signed=True) + bytes([whence])
        if k < 0.61:
            return "tell", b"\x06" + self.fd()
        if k < 0.66:
            return "fstat", b"\x07" + self.fd()
        if k < 0.71:
            return "pstat", b"\x08" + self.fd(True) + bytes([r.choice([0, 1])]) + _path(self.path())
        if k < 0.75:
            n = r.choice([1, 10, 24, 25, 30, 60, 128, 1024])
            return "readdir", b"\x09" + self.fd(True) + n.to_bytes(2, "little")
        if k < 0.77:
            cookie = r.choice([0, 0, 1000, (1 << 63), (1 << 64) - 1])
            n = r.choice([0, 1, 24, 4096])
            return "readdir1", b"\x0a" + self.fd(True) + cookie.to_bytes(8, "little") + n.to_bytes(2, "little")
        if k < 0.80:
            return "mkdir", b"\x0b" + self.fd(True) + _path(self.path())
        if k < 0.83:
            return "rmdir", b"\x0c" + self.fd(True) + _path(self.path())
        if k < 0.86:
            return "unlink", b"\x0d" + self.fd(True) + _path(self.path())
        if k < 0.88:
            return "rename", b"\x0e" + self.fd(True) + _path(self.path()) + self.fd(True) + _path(self.path())
        if k < 0.90:
            return ("sync", b"\x0f" + self.fd()) if r.random() < 0.5 else ("datasync", b"\x10" + self.fd())
        if k < 0.94:
            # an offset past the end too; none past 5000 (as seek)
            off = r.choice([0, 0, 1, 3, 7, 100, 5000]).to_bytes(8, "little")
            n = r.choice([0, 1, 5, 16, 100, 300]).to_bytes(2, "little")
            return "pread", b"\x11" + self.fd() + off + n
        if k < 0.98:
            off = r.choice([0, 0, 1, 3, 7, 100, 5000]).to_bytes(8, "little")
            n = r.choice([0, 1, 5, 16, 100, 300]).to_bytes(2, "little")
            return "pwrite", b"\x12" + self.fd() + off + n + bytes([r.randrange(256)])
        if k < 1.0:
            return "fdstat", b"\x13" + self.fd()
        if k < 1.03:
            # no size from 5000 to 2**62: the boards' small int ends at 2**30
            # and littlefs's files at 2**31 - 1 (EFBIG), where wasmtime's go on
            size = r.choice([0, 0, 1, 3, 10, 100, 300, 5000, 1 << 62, 1 << 63])
            return "setsize", b"\x14" + self.fd() + size.to_bytes(8, "little")
        if k < 1.05:
            # no bit above SYNC: both trap on one ("Invalid flag value"), which ends
            # the run: only a sequence's last op has one (`sequence`)
            flags = r.choice(
                [0, 0, FD_APPEND, FD_APPEND, FD_NONBLOCK, FD_APPEND | FD_NONBLOCK, FD_SYNC, FD_DSYNC, FD_RSYNC]
            )
            return "setflags", b"\x15" + self.fd() + flags.to_bytes(2, "little")
        if k < 1.06:
            off, n = r.choice([0, 0, 100]), r.choice([0, 1, 100])
            return "allocate", b"\x16" + self.fd() + off.to_bytes(8, "little") + n.to_bytes(8, "little")
        if k < 1.10:
            # the times set; every fst_flags but a time with its _NOW (EINVAL). What
            # `times` reads back is compared where it is a time set (`normalise`)
            stamps = STAMPS if self.posix else STAMPS[:3]
            t = b"".join(r.choice(stamps).to_bytes(8, "little") for _ in range(2))
            fst = r.choice([0, 1, 4, 5, 2, 8, 10, 6, 9, 3, 12, 15]).to_bytes(2, "little")
            if k < 1.08:
                return "settimes", b"\x17" + self.fd() + t + fst
            return "psettimes", b"\x18" + self.fd(True) + bytes([r.choice([0, 1])]) + _path(self.path()) + t + fst
        if k < 1.13:
            return "times", b"\x19" + self.fd()
        # a name Gen.file opens, while its fd is open: the fd's calls after it
        # reach the unlinked file, or the renamed one under its new name
        name = r.choice(NAMES[:3]).encode()
        if k < 1.145:
            return "unlink", b"\x0d" + self.fd(True) + _path(name)
        to = r.choice(NAMES[:3] + ["d1/a"]).encode()
        return "rename", b"\x0e" + self.fd(True) + _path(name) + self.fd(True) + _path(to)


# The times fd_filestat_set_times and path_filestat_set_times set (ns): whole
# seconds (the first three, also the boards'), and on the host ns within a second,
# the first second, the largest an i64 holds and u64's largest (each file
# system's own limit: both sides write the same file system)
STAMPS = [0, 10**18, 1_500_000_000 * 10**9, 1_234_567_890_123_456_789, 1, 999_999_999, (1 << 63) - 1, (1 << 64) - 1]
# A second preopen's operand (op_preopen): the same directory as /d, its name a
# symlink to it (PREOPEN_LINK) or a path through `..` (the harness's choice;
# the guest takes the low 7 bits)
PREOPEN_LINK, PREOPEN_DOTDOT = 0x81, 0x01
STDIN, STDOUT, STDERR = 0xF2, 0xF3, 0xF4  # the guest's raw fds 0-2 (fd operands)

# Ops written by hand (tests/host/test_wasi.py): `d`, `f` are slots (0 the preopen).


def op_open(path: bytes, oflags: int = 0, rights: int = 3, fdflags: int = 0, d: int = 0) -> bytes:
    """rights: 1 FD_READ, 2 FD_WRITE (every other right is always given)."""
    return bytes([1, d, 1]) + _path(path) + bytes([oflags, rights, fdflags])


def op_close(f: int) -> bytes:
    return bytes([2, f])


def op_read(f: int, n: int) -> bytes:
    return bytes([3, f]) + n.to_bytes(2, "little")


def op_write(f: int, n: int, first: int = 0x41) -> bytes:
    return bytes([4, f]) + n.to_bytes(2, "little") + bytes([first])


def op_seek(f: int, off: int, whence: int) -> bytes:
    return bytes([5, f]) + off.to_bytes(8, "little", signed=True) + bytes([whence])


def op_fstat(f: int) -> bytes:
    return bytes([7, f])


def op_pstat(path: bytes, d: int = 0) -> bytes:
    return bytes([8, d, 1]) + _path(path)


def op_readdir(f: int, size: int = 1024) -> bytes:
    return bytes([9, f]) + size.to_bytes(2, "little")


def op_readdir1(f: int, cookie: int, size: int) -> bytes:
    """One fd_readdir from `cookie` into a buffer of `size` bytes (bufused logged)."""
    return bytes([10, f]) + cookie.to_bytes(8, "little") + size.to_bytes(2, "little")


def op_mkdir(path: bytes, d: int = 0) -> bytes:
    return bytes([11, d]) + _path(path)


def op_rmdir(path: bytes, d: int = 0) -> bytes:
    return bytes([12, d]) + _path(path)


def op_unlink(path: bytes, d: int = 0) -> bytes:
    return bytes([13, d]) + _path(path)


def op_rename(old: bytes, new: bytes, d: int = 0, d2: int = 0) -> bytes:
    return bytes([14, d]) + _path(old) + bytes([d2]) + _path(new)


def op_pread(f: int, off: int, n: int) -> bytes:
    return bytes([17, f]) + off.to_bytes(8, "little") + n.to_bytes(2, "little")


def op_pwrite(f: int, off: int, n: int, first: int = 0x41) -> bytes:
    return bytes([18, f]) + off.to_bytes(8, "little") + n.to_bytes(2, "little") + bytes([first])


def op_fdstat(f: int) -> bytes:
    return bytes([19, f])


def op_setsize(f: int, size: int) -> bytes:
    return bytes([20, f]) + size.to_bytes(8, "little")


def op_setflags(f: int, flags: int) -> bytes:
    return bytes([21, f]) + flags.to_bytes(2, "little")


def op_allocate(f: int, off: int, n: int) -> bytes:
    return bytes([22, f]) + off.to_bytes(8, "little") + n.to_bytes(8, "little")


def op_settimes(f: int, atim: int, mtim: int, fst: int) -> bytes:
    """fst: ATIM 1, ATIM_NOW 2, MTIM 4, MTIM_NOW 8."""
    return bytes([23, f]) + atim.to_bytes(8, "little") + mtim.to_bytes(8, "little") + fst.to_bytes(2, "little")


def op_psettimes(path: bytes, atim: int, mtim: int, fst: int, d: int = 0) -> bytes:
    return (
        bytes([24, d, 1])
        + _path(path)
        + atim.to_bytes(8, "little")
        + mtim.to_bytes(8, "little")
        + fst.to_bytes(2, "little")
    )


def op_times(f: int) -> bytes:
    return bytes([25, f])


def op_preopen(k: int) -> bytes:
    """A slot of the preopen at fd 3 + k (k = 1: a second preopen; tests only)."""
    return bytes([26, k])


def sequence(seed: int, posix: bool = False) -> list[bytes]:
    """The ops of sequence `seed`: each op's bytes; nine in ten start with an
    open that succeeds (`Gen.file`). A tenth end with a seek
    from a whence outside the enum (3, 255), wasmtime's trap (`compare`);
    a few with a flag bit outside fd_fdstat_set_flags' or set_times' type
    (both trap). posix (the host port's files, `Gen.posix`): three in ten
    start with a second preopen over /d's directory (a symlink's name or a
    path through `..`: two paths to every file), one in seven closes stdin
    or stderr first (wasmtime may give their numbers to files opened later),
    one in thirty ends closing stdout (the guest's log ends there)."""
    g = Gen(random.Random(seed), posix=posix)
    ops = []
    if posix and g.rng.random() < 0.3:
        ops.append(op_preopen(g.rng.choice([PREOPEN_LINK, PREOPEN_DOTDOT])))
        g.dirs.append(g.opened)
        g.opened += 1
    if posix and g.rng.random() < 0.15:
        ops += [b"\x02" + _fd(f) for f in g.rng.choice([[STDIN], [STDERR], [STDIN, STDERR], [STDERR, STDERR]])]
    ops += [g.file()] if g.rng.random() < 0.9 else []
    for _ in range(g.rng.randrange(5, OPS)):
        ops.append(g.op()[1])
        if posix and ops[-1][0] == 23 and g.rng.random() < 0.6:
            ops.append(b"\x19" + ops[-1][1:2])  # the times just set read back through the same fd
    if g.rng.random() < 0.1:
        ops.append(b"\x05" + g.fd() + (0).to_bytes(8, "little") + bytes([g.rng.choice([3, 255])]))
    elif g.rng.random() < 0.05:
        # a flag bit fd_fdstat_set_flags' type does not have: both trap (session 33)
        ops.append(b"\x15" + g.fd() + g.rng.choice([32, 64, 0x8000, 0xFFFF]).to_bytes(2, "little"))
    elif g.rng.random() < 0.05:
        # a bit fst_flags' type does not have, on either set_times: both trap,
        # before the fd or path is looked at (session 34: no sequence had one)
        t = (0).to_bytes(16, "little") + g.rng.choice([16, 17, 0x8000, 0xFFFF]).to_bytes(2, "little")
        if g.rng.random() < 0.5:
            ops.append(b"\x17" + g.fd() + t)
        else:
            ops.append(b"\x18" + g.fd(True) + bytes([1]) + _path(g.path()) + t)
    elif posix and g.rng.random() < 0.035:
        ops.append(b"\x02" + _fd(STDOUT))
    return ops


# ---- the two sides ----------------------------------------------------------------------------


# The guest run in MicroPython (the host port here, tests/host/test_wasi.py, the
# boards' tests/hil/test_wasi_files_board.py): guest(m, hx, d) runs script hx
# (hex) with `d` preopened as /d and returns (its result or exception, its log).
MP_GUEST = """
class _Out:
    def __init__(self):
        self.b = []
    def write(self, b):
        self.b.append(bytes(b))
        return len(b)
def guest(m, hx, d):
    o = _Out()
    try:
        w = wasm.WASI(args=['g', hx], preopens={'/d': d}, stdout=o)
        r = w.start(wasm.Instance(m, wasi=w))
    except Exception as e:
        r = repr(e)
    return r, b''.join(o.b).decode()
"""

# guest2(m, hx, d, e): guest with `e` preopened too, as /e (fd 4: op_preopen(1))
MP_GUEST_TWO = MP_GUEST.replace("def guest(m, hx, d):", "def guest2(m, hx, d, e):").replace(
    "preopens={'/d': d}", "preopens={'/d': d, '/e': e}"
)


def overlapping_preopens() -> tuple[bytes, list[str]]:
    """A file reached through two preopens, /d and /e (d's "sub", however
    spelt): written through both, truncated through one, its name unlinked
    through the other while a third fd holds it, a new file of that name
    written. The script, and the log wasmtime gives (tests/host/test_wasi.py,
    tests/hil/test_wasi_files_board.py)."""
    ops = [
        op_preopen(1),  # slot 1: /e
        op_open(b"sub/f", 1),  # slot 2, through /d (CREAT)
        op_open(b"f", 0, 3, 0, d=1),  # slot 3, the same file through /e
        op_write(2, 5, 0x41),
        op_write(3, 3, 0x61),  # over the first 3 bytes
        op_pread(2, 0, 10),
        op_setsize(3, 2),  # truncated through one
        op_pread(2, 0, 10),
        op_fstat(2),
        op_open(b"sub/f", 0, 3),  # slot 4, through /d again
        op_unlink(b"f", d=1),  # its name unlinked through /e
        op_open(b"sub/f", 1),  # slot 5: a new file of that name
        op_write(5, 4, 0x78),
        op_pread(2, 0, 10),  # still the unlinked file's
        op_fstat(4),
        op_pread(5, 0, 10),
    ]
    log = [
        "0 preopen e=0 slot=1",
        "1 open e=0 slot=2",
        "2 open e=0 slot=3",
        "3 write e=0 n=5",
        "4 write e=0 n=3",
        "5 pread e=0 n=5 6162634445",
        "6 setsize e=0",
        "7 pread e=0 n=2 6162",
        "8 fstat e=0 type=4 size=2",
        "9 open e=0 slot=4",
        "10 unlink e=0",
        "11 open e=0 slot=5",
        "12 write e=0 n=4",
        "13 pread e=0 n=2 6162",
        "14 fstat e=0 type=4 size=2",
        "15 pread e=0 n=4 78797a7b",
    ]
    return b"".join(ops), log


RUNNER = (
    "import sys, wasm\n"
    + MP_GUEST
    + MP_GUEST_TWO
    + """
m = wasm.Module(open(sys.argv[1], 'rb').read())
for ln in open(sys.argv[2]):
    w = ln.split()
    r, log = guest(m, *w) if len(w) == 2 else guest2(m, *w)
    print('@@', r)
    print(log, end='')
print('@@ end')
"""
)


@dataclass
class Run:
    log: list[str]
    tree: dict[str, object]


def tree(root: Path) -> dict[str, object]:
    """Every path under root: a directory's `dir`, a file's bytes (hex)."""
    out: dict[str, object] = {}
    for p in sorted(root.rglob("*")):
        rel = str(p.relative_to(root))
        out[rel] = "dir" if p.is_dir() else p.read_bytes().hex()
    return out


def second_preopen(script: bytes, d: Path) -> tuple[tuple[str, Path], ...]:
    """The preopen /e a script's op_preopen(PREOPEN_LINK or PREOPEN_DOTDOT)
    asks for: d itself, through a symlink made beside it or a path through
    `..`; none if it has no such op."""
    for op in split(script):
        if op[0] == 26 and op[1] in (PREOPEN_LINK, PREOPEN_DOTDOT):
            if op[1] == PREOPEN_DOTDOT:
                return (("/e", Path(f"{d}/../{d.name}")),)
            link = d.parent / (d.name + ".e")
            if not link.is_symlink():
                link.symlink_to(d.name)
            return (("/e", link),)
    return ()


def run_ours(wasm: Path, scripts: list[bytes], base: Path, micropython: Path = MICROPYTHON) -> list[Run] | str:
    """Each script on our host port, each in a fresh directory under base; a
    string when the process itself failed (a crash, a hang)."""
    dirs = []
    jobs = base / "jobs.txt"
    with jobs.open("w") as f:
        for i, s in enumerate(scripts):
            d = base / f"ours{i}"
            d.mkdir()
            dirs.append(d)
            more = "".join(f" {p}" for _, p in second_preopen(s, d))
            f.write(f"{s.hex() or '00'} {d}{more}\n")
    runner = base / "runner.py"
    runner.write_text(RUNNER)
    try:
        p = subprocess.run(
            [str(micropython), "-X", "heapsize=16m", str(runner), str(wasm), str(jobs)],
            capture_output=True,
            timeout=60 + 2 * len(scripts),
        )
    except subprocess.TimeoutExpired:
        return "hang (timeout)"
    text = p.stdout.decode(errors="replace").replace("\r\n", "\n")  # print()'s line ends on this port
    parts = text.split("@@ ")
    if p.returncode != 0 or not text.rstrip().endswith("@@ end") or len(parts) != len(scripts) + 2:
        return f"exit {p.returncode}: {text[-2000:]}\n{p.stderr.decode(errors='replace')[-2000:]}"
    runs = []
    for i, part in enumerate(parts[1:-1]):
        lines = part.rstrip("\n").split("\n")
        runs.append(Run(["exit " + lines[0]] + lines[1:], tree(dirs[i])))
    return runs


class Wasmtime:
    def __init__(self, wasm: Path) -> None:
        import wasmtime

        self.w = wasmtime
        self.engine = wasmtime.Engine()
        self.module = wasmtime.Module.from_file(self.engine, str(wasm))
        self.linker = wasmtime.Linker(self.engine)
        self.linker.define_wasi()

    def run(self, script: bytes, d: Path, more: tuple[tuple[str, Path], ...] = ()) -> Run:
        """`more`: preopens (guest name, directory) after /d (fds 4, ...: op_preopen)."""
        w = self.w
        cfg = w.WasiConfig()
        cfg.argv = ["g", script.hex() or "00"]
        cfg.preopen_dir(str(d), "/d")
        for name, where in more or second_preopen(script, d):
            cfg.preopen_dir(str(where), name)
        out = d.parent / (d.name + ".out")
        cfg.stdout_file = str(out)
        store = w.Store(self.engine)
        store.set_wasi(cfg)
        try:
            inst = self.linker.instantiate(store, self.module)
            inst.exports(store)["_start"](store)
            r = "0"
        except w.ExitTrap as e:
            r = "0" if e.code == 0 else f"Exit({e.code})"
        except w.Trap as e:
            r = f"Trap({str(e).splitlines()[0]})"
        except w.WasmtimeError as e:
            r = "invalid enum" if "Invalid enum value" in str(e) else f"Error({str(e).splitlines()[-1]})"
            r = "invalid flags" if "Invalid flag value" in str(e) else r
        del store
        lines = out.read_text(errors="replace").rstrip("\n").split("\n") if out.stat().st_size else []
        return Run(["exit " + r] + lines, tree(d))


# ---- comparing --------------------------------------------------------------------------------


def normalise(line: str, sizes: dict[int, int], stamps: frozenset[int] = frozenset()) -> str:
    """What preview1 leaves to each implementation, made the same on both sides
    (the guest already leaves out what is each side's own: fd numbers,
    fd_filestat's dev, ino, nlink and times, dirents' d_ino and d_next):

    - fd_readdir's listing is compared as a set of (name, type): "The order
      of entries is unspecified" (wasi_snapshot_preview1.witx, fd_readdir);
    - a directory's size (filestat's `size` of type 3): POSIX's st_size is
      unspecified for other than regular files and links (Linux's ext4 and
      tmpfs say 4096 or more, littlefs 0: the boards);
    - one fd_readdir's `bufused` when it fills the buffer (readdir1): which
      entries fill it depends on that order; a smaller count holds every
      entry from the cookie on, so it is compared as it is;
    - a time `times` reads back that the script did not set (`stamps`):
      "now", each side's own (a write's mtim, a read's atim); the times set
      are compared to the ns."""
    words = line.split()
    if len(words) == 5 and words[1] == "times" and words[2] == "e=0":
        keep = [w if int(w.split("=")[1]) in stamps else w.split("=")[0] + "=now" for w in words[3:]]
        return " ".join(words[:3] + keep)
    if len(words) == 5 and words[1] in ("fstat", "pstat") and words[3] == "type=3":
        return " ".join(words[:4])  # a directory's size: POSIX leaves it open (ext4 4096, littlefs 0)
    if len(words) >= 2 and words[1] == "readdir":
        return " ".join(words[:2] + sorted(words[2:]))
    if len(words) == 4 and words[1] == "readdir1" and words[3] == f"used={sizes.get(int(words[0]), -1)}":
        return " ".join(words[:3] + ["used=full"])
    return line


# Errnos where preview1 says nothing and ours answers as POSIX does, wasmtime
# otherwise (docs/wasi.md "Files" says what we do): (op kinds, ours, wasmtime,
# whether the runs' states part there, so nothing after it is compared).
ACCEPTED = [
    # a directory fd used as a file: POSIX read()/write() say EISDIR; wasmtime EBADF
    ({"read", "write", "seek", "tell", "pread", "pwrite"}, 31, 8, False),
    # a file fd used as a directory: POSIX's *at() calls and getdents say ENOTDIR
    # (wasmtime's own path_open too); wasmtime's other path calls EBADF
    ({"mkdir", "rmdir", "unlink", "rename", "pstat", "psettimes", "readdir", "readdir1"}, 54, 8, False),
    # a path out of the preopen (absolute, or ".." above it): ours NOTCAPABLE, as
    # wasi-libc says of a path outside every preopen; wasmtime EPERM
    ({"open", "pstat", "psettimes", "mkdir", "rmdir", "unlink", "rename"}, 76, 63, False),
    # fd_sync/fd_datasync of a directory: nothing to flush here (littlefs commits a
    # directory's change at once); wasmtime EBADF
    ({"sync", "datasync"}, 0, 8, False),
    # rmdir of "name/" (only then: `accepted`): POSIX removes the directory;
    # wasmtime EINVAL
    ({"rmdir"}, 0, 28, True),
    ({"rmdir"}, 55, 28, False),  # ... and one not empty: POSIX ENOTEMPTY
    # a NUL inside a path: ours EINVAL at once; wasmtime looks the names before it
    # up first (ENOENT, ENOTDIR) or says EINVAL too
    ({"open", "pstat", "psettimes", "mkdir", "rmdir", "unlink", "rename"}, 28, 44, False),
    ({"open", "pstat", "psettimes", "mkdir", "rmdir", "unlink", "rename"}, 28, 54, False),
    ({"rename"}, 28, 63, False),  # ... or finds the other path absolute first
    # fd_filestat_set_times of an fd whose directory was removed, on the boards
    # and wasm.mpy: a directory fd is its path there, which is gone; wasmtime's
    # fd is the directory itself, as the host port's opened directories' since
    # session 35 (the times are not compared: no parting). A file fd's are its
    # open file's on the host port since session 34 (futimens), unlinked or not
    ({"settimes"}, 44, 0, False),
]


def accepted(x: str, y: str, op: bytes) -> bool | None:
    """None unless lines x (ours) and y (wasmtime) of `op` are an ACCEPTED
    pair; else whether the runs part there."""
    a, b = x.split(), y.split()
    if len(a) == 3 and a[1:] == [a[1], "e=44"] and a[:2] == b[:2] and removed_dir(b):
        # an fd of a directory removed since, on the boards and wasm.mpy: an fd
        # is its path there, gone; wasmtime's is the directory itself, empty
        # ("." and "..", a size), as the host port's since session 35
        return False
    if len(a) == 3 and a[1:] == [a[1], "e=44"] and a[:2] == b[:2] and b[2] != "e=44" and dot_path(op):
        # "." under an fd of a directory removed since: ENOENT here (every path
        # under it); wasmtime's is the directory itself, which it may open (a
        # slot more: the runs part)
        return True
    if len(a) < 3 or len(b) < 3 or a[:2] != b[:2] or not a[2].startswith("e=") or not b[2].startswith("e="):
        return None
    ea, eb = int(a[2][2:]), int(b[2][2:])
    for kinds, ours, theirs, parts in ACCEPTED:
        if a[1] in kinds and (ea, eb) == (ours, theirs):
            if a[1] == "rmdir" and eb == 28 and not op.endswith(b"/"):
                return None
            return parts
    return None


def dot_path(op: bytes) -> bool:
    """Whether `op` is a path call (open, pstat, psettimes, mkdir) under an
    opened directory's fd (not the preopen) on a path of "." and "/" only."""
    at = {1: 3, 8: 3, 24: 3, 11: 2}.get(op[0])
    if at is None or op[1] == 0:
        return False
    path = op[at + 2 : at + 2 + int.from_bytes(op[at : at + 2], "little")]
    return path != b"" and set(path) <= set(b"./") and b".." not in path


def removed_dir(b: list[str]) -> bool:
    """Whether wasmtime's line `b` is what it says of a removed directory's fd."""
    if b[1] == "readdir":
        return sorted(b[2:]) == [".:3", "..:3", "e=0"]
    if b[1] == "readdir1":
        return b[2] == "e=0" and (b[3] == "used=full" or int(b[3][5:]) <= 51)  # "." and ".." at most
    return b[1] == "fstat" and b[2:4] == ["e=0", "type=3"]


def compare(script: bytes, ours: Run, theirs: Run, cut: list[int] | None = None, times: bool = True) -> str | None:
    """The first difference between the two runs, or None; `cut` counts the
    sequences whose comparison stopped at an accepted pair that parts them.
    times=False: ours keeps no file times (the boards' littlefs, binding.h
    MICROPY_PY_WASM_WASI_TIMES), so its set_times calls are the stub's
    answer, ENOSYS (52), or EBADF (8) for an fd not open, whatever wasmtime
    answers (which looks at the flags first)."""
    sizes = readdir1_sizes(script)
    if not times:
        log = list(ours.log)
        for i, (x, y) in enumerate(zip(ours.log, theirs.log)):
            w = x.split()
            if w[1:2] in (["settimes"], ["psettimes"]) and w[2:] in (["e=52"], ["e=8"]) and w[1] == y.split()[1]:
                log[i] = y
        ours = Run(log, ours.tree)
    ops = split(script)
    if theirs.log[0] == "exit invalid flags":
        # wasmtime traps on a flags value with a bit its type does not have
        # ("Invalid flag value Fdflags"), and so does ours, wasm.mpy too
        # (binding.h MICROPY_PY_WASM_WASI_FLAG_TRAP). Only the last op has one.
        if ours.log[0].startswith("exit Trap('invalid flags'"):
            ours = Run(["exit invalid flags"] + ours.log[1:], ours.tree)
        else:
            return f"wasmtime: invalid flags at the last op; ours {ours.log[0]!r} {ours.log[-1]!r}"
    if theirs.log[0] == "exit invalid enum":
        # wasmtime traps on an enum value outside the type ("Invalid enum
        # value Whence"): preview1 does not say what an out-of-range enum is;
        # ours returns EINVAL, which POSIX's lseek gives for a bad whence.
        # Only the script's last op has one (sequence()), so the runs end alike.
        last = ours.log[-1].split() if len(ours.log) == len(theirs.log) + 1 else []
        if last[1:2] != ["seek"] or last[2:3] not in (["e=28"], ["e=8"], ["e=31"]):  # EINVAL; or EBADF, EISDIR first
            return f"wasmtime: invalid enum at the last op; ours {ours.log[-1]!r}"
        ours = Run(["exit invalid enum"] + ours.log[1:-1], ours.tree)
    stamps = set_stamps(script)
    a = [normalise(x, sizes, stamps) for x in ours.log]
    b = [normalise(x, sizes, stamps) for x in theirs.log]
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            parts = accepted(x, y, ops[i - 1]) if 0 < i <= len(ops) else None
            if parts is None:
                return f"line {i}: ours {x!r}, wasmtime {y!r}"
            if parts:
                if cut is not None:
                    cut.append(i)
                return None
    if len(a) != len(b):
        return f"{len(a)} lines ours, {len(b)} wasmtime: {a[len(b) :][:2]} {b[len(a) :][:2]}"
    if ours.tree != theirs.tree:
        keys = sorted(set(ours.tree) | set(theirs.tree))
        d = [
            f"{k}: ours {str(ours.tree.get(k))[:60]} wasmtime {str(theirs.tree.get(k))[:60]}"
            for k in keys
            if ours.tree.get(k) != theirs.tree.get(k)
        ]
        return "final tree: " + "; ".join(d[:4])
    return None


def set_stamps(script: bytes) -> frozenset[int]:
    """Every atim and mtim the script's set_times calls pass (ns)."""
    out = set()
    for op in split(script):
        if op[0] in (23, 24):
            at = len(op) - 18  # atim, mtim, then fst_flags end both ops
            out |= {int.from_bytes(op[at : at + 8], "little"), int.from_bytes(op[at + 8 : at + 16], "little")}
    return frozenset(out)


def readdir1_sizes(script: bytes) -> dict[int, int]:
    """Op index -> buffer size of each readdir1 op (decoding the script)."""
    out: dict[int, int] = {}
    for k, op in enumerate(split(script)):
        if op[0] == 0x0A:
            out[k] = int.from_bytes(op[10:12], "little")
    return out


def show(op: bytes) -> str:
    """One op in words (for the finding's .txt)."""
    names = {c: n for n, c in NAME_OF.items()}

    def fd(b: int) -> str:
        return {0xF0: "fd=never", 0xF1: "fd=2**32-1", STDIN: "fd=0", STDOUT: "fd=1", STDERR: "fd=2"}.get(b, f"slot{b}")

    def path(i: int) -> tuple[str, int]:
        n = int.from_bytes(op[i : i + 2], "little")
        p = op[i + 2 : i + 2 + n]
        return (repr(p) if n < 40 else f"{p[:8]!r}..({n} bytes)"), i + 2 + n

    c, words = op[0], [names.get(op[0], "?")]
    if c == 26:
        how = {PREOPEN_LINK: " (a symlink)", PREOPEN_DOTDOT: " (through ..)"}.get(op[1], "")
        return f"preopen fd={3 + (op[1] & 0x7F)}{how}"
    if c == 1:
        p, i = path(3)
        of, r, ff = op[i : i + 3]
        bits = [n for b, n in ((1, "CREAT"), (2, "DIRECTORY"), (4, "EXCL"), (8, "TRUNC")) if of & b]
        fdf = [n for b, n in ((1, "APPEND"), (2, "DSYNC"), (4, "NONBLOCK"), (8, "RSYNC"), (16, "SYNC")) if ff & b]
        words += [
            fd(op[1]),
            f"look={op[2]}",
            p,
            "|".join(bits) or "-",
            ["none", "r", "w", "rw"][r & 3],
            "|".join(fdf) or "-",
        ]
    elif c in (8, 11, 12, 13, 14, 24):
        at = 3 if c in (8, 24) else 2
        p, i = path(at)
        words += [fd(op[1]), p]
        if c == 14:
            p2, _ = path(i + 1)
            words += ["->", fd(op[i]), p2]
    else:
        words.append(fd(op[1]))
        if c in (3, 4, 9):
            words.append(f"n={int.from_bytes(op[2:4], 'little')}")
        if c == 5:
            words += [f"off={int.from_bytes(op[2:10], 'little', signed=True)}", f"whence={op[10]}"]
        if c in (17, 18):
            words += [f"off={int.from_bytes(op[2:10], 'little')}", f"n={int.from_bytes(op[10:12], 'little')}"]
        if c == 10:
            words += [f"cookie={int.from_bytes(op[2:10], 'little')}", f"n={int.from_bytes(op[10:12], 'little')}"]
    return " ".join(words)


# The operands' bytes of each op without a path (the guest's decoding): an fd, then
# lengths, offsets, whence, sizes, flags.
OPERAND_BYTES = {2: 1, 6: 1, 7: 1, 15: 1, 16: 1, 19: 1, 3: 3, 4: 4, 5: 10, 9: 3, 10: 11, 17: 11, 18: 12}
OPERAND_BYTES.update({20: 9, 21: 3, 22: 17})  # set_size, set_flags, allocate (session 32)
OPERAND_BYTES.update({23: 19, 25: 1})  # set_times, times (session 33)
OPERAND_BYTES.update({26: 1})  # a second preopen's slot (session 34, tests only)


def split(script: bytes) -> list[bytes]:
    """The script's ops (the guest's decoding)."""
    ops, at = [], 0

    def path(i: int) -> int:
        return i + 2 + int.from_bytes(script[i : i + 2], "little")

    while at < len(script):
        c = script[at]
        i = at + 1
        if c == 1:
            i = path(i + 2) + 3
        elif c == 8:
            i = path(i + 2)
        elif c == 24:
            i = path(i + 2) + 18
        elif c in (11, 12, 13):
            i = path(i + 1)
        elif c == 14:
            i = path(path(i + 1) + 1)
        elif c in OPERAND_BYTES:
            i += OPERAND_BYTES[c]
        else:
            raise ValueError(f"op {c} at {at}")
        ops.append(script[at:i])
        at = i
    return ops


# ---- the campaign -----------------------------------------------------------------------------


@dataclass
class Stats:
    sequences: int = 0
    ops: int = 0
    seconds: float = 0.0
    kinds: dict[str, int] = field(default_factory=dict)  # op name -> times drawn
    errnos: dict[str, int] = field(default_factory=dict)  # errno -> calls that returned it (ours)
    cut: list[int] = field(default_factory=list)  # comparisons ended by an accepted parting (the line)
    findings: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        errnos = dict(sorted(self.errnos.items(), key=lambda kv: -kv[1]))
        return (
            f"{self.sequences} sequences, {self.ops} ops in {self.seconds:.0f} s, "
            f"{len(self.findings)} findings, {len(self.cut)} cut short; errnos {errnos}"
        )


def guest() -> Path:
    build.build(GUEST)
    return build.OUT / f"{GUEST}.wasm"


def check(
    scripts: list[bytes],
    wt: Wasmtime,
    wasm: Path,
    micropython: Path = MICROPYTHON,
    seen: dict[str, int] | None = None,
    cut: list[int] | None = None,
) -> list[str | None]:
    """Each script on both sides: its finding, or None; `seen` counts our
    errnos, `cut` the comparisons an accepted difference ended (`compare`)."""
    with tempfile.TemporaryDirectory(prefix="wasi_files") as t:
        base = Path(t)
        ours = run_ours(wasm, scripts, base, micropython)
        if isinstance(ours, str):
            if len(scripts) == 1:
                return [f"our process: {ours}"]
            # one of them crashed the process: each alone says which
            return [f for s in scripts for f in check([s], wt, wasm, micropython, seen, cut)]
        out: list[str | None] = []
        for i, s in enumerate(scripts):
            d = base / f"theirs{i}"
            d.mkdir()
            out.append(compare(s, ours[i], wt.run(s, d), cut))
            for ln in ours[i].log[1:] if seen is not None else []:
                e = [w for w in ln.split() if w.startswith("e=")][:1]
                for w in e:
                    seen[w] = seen.get(w, 0) + 1
        return out


def logs(script: bytes, wt: Wasmtime, wasm: Path, micropython: Path = MICROPYTHON) -> tuple[list[str], list[str]]:
    with tempfile.TemporaryDirectory(prefix="wasi_files") as t:
        base = Path(t)
        ours = run_ours(wasm, [script], base, micropython)
        d = base / "theirs"
        d.mkdir()
        theirs = wt.run(script, d)
        mine = ours if isinstance(ours, str) else ours[0]
        return (
            [mine] if isinstance(mine, str) else mine.log + [f"tree {mine.tree}"],
            theirs.log + [f"tree {theirs.tree}"],
        )


def keep(
    out: Path, name: str, script: bytes, finding: str, wt: Wasmtime, wasm: Path, micropython: Path = MICROPYTHON
) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    j = out / f"{name}.json"
    ops = split(script)
    j.write_text(json.dumps({"finding": finding, "ops": [o.hex() for o in ops]}, indent=1) + "\n")
    a, b = logs(script, wt, wasm, micropython)
    text = f"{finding}\n\n-- ops\n" + "\n".join(f"{k} {show(o)}" for k, o in enumerate(ops))
    text += "\n\n-- ours\n" + "\n".join(a) + "\n\n-- wasmtime\n" + "\n".join(b) + "\n"
    j.with_suffix(".txt").write_text(text)
    return j


def run(
    seconds: float,
    seed: int,
    out: Path = diff.OUT / "findings",
    sequences: int = 0,
    micropython: Path = MICROPYTHON,
) -> Stats:
    """Sequences seed, seed + 1, ... for `seconds` (or `sequences` of them)
    on `micropython` (another build: ASan's, gcov's)."""
    wasm = guest()
    wt = Wasmtime(wasm)
    st = Stats()
    t0 = time.monotonic()
    s = seed
    names = {c: n for n, c in NAME_OF.items()}
    while (sequences and st.sequences < sequences) or (not sequences and time.monotonic() - t0 < seconds):
        n = BATCH if not sequences else min(BATCH, sequences - st.sequences)
        seeds = list(range(s, s + n))
        s += n
        scripts = [b"".join(sequence(x, posix=True)) for x in seeds]
        for x, sc, f in zip(seeds, scripts, check(scripts, wt, wasm, micropython, seen=st.errnos, cut=st.cut)):
            st.sequences += 1
            for op in split(sc):
                st.ops += 1
                k = names.get(op[0], "?")
                st.kinds[k] = st.kinds.get(k, 0) + 1
            if f is not None:
                p = keep(out / "wasi_files", f"{x}", sc, f, wt, wasm, micropython)
                st.findings.append(f"seed {x}: {f} ({p})")
    st.seconds = time.monotonic() - t0
    return st


NAME_OF = {
    "open": 1,
    "close": 2,
    "read": 3,
    "write": 4,
    "seek": 5,
    "tell": 6,
    "fstat": 7,
    "pstat": 8,
    "readdir": 9,
    "readdir1": 10,
    "mkdir": 11,
    "rmdir": 12,
    "unlink": 13,
    "rename": 14,
    "sync": 15,
    "datasync": 16,
    "pread": 17,
    "pwrite": 18,
    "fdstat": 19,
    "setsize": 20,
    "setflags": 21,
    "allocate": 22,
    "settimes": 23,
    "psettimes": 24,
    "times": 25,
    "preopen": 26,
}


def what(finding: str) -> str:
    """A finding's kind: the differing call and both errnos, numbers of lines and sizes out."""
    if finding.startswith("line "):
        x = finding.split(": ", 1)[1]
        return " ".join(
            w
            for w in x.replace("'", " ").split()
            if not w[:1].isdigit() and not w.startswith(("n=", "to=", "at=", "size=", "used="))
        )
    return finding.split(":")[0]


def minimise(path: Path) -> tuple[Path, str, int, int]:
    """Drops whole ops while the finding keeps its kind; writes NAME.min.json."""
    data = json.loads(path.read_text())
    ops = [bytes.fromhex(o) for o in data["ops"]]
    wasm = guest()
    wt = Wasmtime(wasm)
    first = check([b"".join(ops)], wt, wasm)[0]
    if first is None:
        raise SystemExit(f"{path}: no finding now")
    kind = what(first)
    before = len(ops)
    chunk = max(1, len(ops) // 2)
    while True:
        dropped = False
        i = 0
        while i < len(ops):
            trial = ops[:i] + ops[i + chunk :]
            f = check([b"".join(trial)], wt, wasm)[0] if trial else None
            if f is not None and what(f) == kind:
                ops, first, dropped = trial, f, True
            else:
                i += chunk
        if chunk == 1 and not dropped:
            break
        chunk = max(1, chunk // 2)
    out = path.with_suffix(".min.json")
    script = b"".join(ops)
    keep(out.parent, out.stem, script, first, wt, wasm)
    return out, first, before, len(ops)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sequences", type=int, default=0, help="this many sequences instead of --seconds")
    ap.add_argument("--out", type=Path, default=diff.OUT / "findings")
    ap.add_argument("--replay", type=Path, help="a finding's .json: both logs")
    ap.add_argument("--minimise", type=Path, help="a finding's .json: NAME.min.json with the ops it needs")
    ap.add_argument("--micropython", type=Path, default=MICROPYTHON, help="another build of the host port")
    a = ap.parse_args()
    if a.replay:
        ops = [bytes.fromhex(o) for o in json.loads(a.replay.read_text())["ops"]]
        wasm = guest()
        ours, theirs = logs(b"".join(ops), Wasmtime(wasm), wasm)
        print("-- ours\n" + "\n".join(ours) + "\n-- wasmtime\n" + "\n".join(theirs))
        return 0
    if a.minimise:
        out, f, before, after = minimise(a.minimise)
        print(f"{out}: {before} -> {after} ops: {f}")
        return 0
    if a.micropython == MICROPYTHON and not MICROPYTHON.exists():
        subprocess.run(["make", "-C", str(build.REPO), "host"], check=True)
    st = run(a.seconds, a.seed, a.out, a.sequences, a.micropython)
    print(
        json.dumps(
            {
                "fuzzer": "wasi_files",
                "sequences": st.sequences,
                "ops": st.ops,
                "seconds": round(st.seconds, 1),
                "kinds": st.kinds,
                "cut": len(st.cut),
                "errnos": st.errnos,
                "findings": len(st.findings),
            }
        )
    )
    for f in st.findings:
        print(f)
    return 1 if st.findings else 0


if __name__ == "__main__":
    sys.exit(main())
