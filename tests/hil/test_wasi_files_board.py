# SPDX-License-Identifier: MIT
"""WASI files on the board: tests/programs/wasi_files.c (wasi-libc stdio,
dirent, stat) runs with WASI(preopens={"/data": "/wasi_data"}) over the
board's littlefs filesystem: write, append, read back, seek, stat, mkdir,
rename, list, unlink, rmdir, and escapes out of the preopen refused with
ENOTCAPABLE; the file it leaves is read back from Python. The binary travels
into the board's filesystem in pieces, then loads from there. A board whose
heap cannot hold the program (one 64 KiB page plus its code) asserts the clean
MemoryError and a live REPL instead.
Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

import ast
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from cases.wasi_cases import PREAD_EXPECTED
from raw_repl import send_file
from support.build import build

if TYPE_CHECKING:
    from conftest import Repl

pytestmark = pytest.mark.skipif(
    not Path("/usr/lib/wasm32-wasi/libc.a").exists(), reason="wasi-libc not installed (make deps)"
)

CHUNK = 1024
# wasi-libc errno values (the program prints them)
ENOENT, EEXIST, ENOTEMPTY, ENOTCAPABLE = 44, 20, 55, 76

EXPECTED = [
    "read: hello 42",
    "read: more",
    "at 3: l, size 14",
    "stat 0 size 14 regular 1",
    f"mkdir 0, again errno {EEXIST}",
    "rename 0",
    "entry moved.txt",
    f"escape refused errno {ENOTCAPABLE}",
    f"deep escape refused errno {ENOTCAPABLE}",
    f"outside refused errno {ENOTCAPABLE}",
    f"missing refused errno {ENOENT}",
    f"rmdir non-empty {ENOTEMPTY}",
    "unlink 0 rmdir 0",
]

RUN = """
import gc, os, wasm
gc.collect()
try:
    os.mkdir('/wasi_data')
except OSError:
    pass
try:
    m = wasm.Module(open('/wasi_files.wasm', 'rb').read())
    w = wasm.WASI(args=['wasi_files'], preopens={'/data': '/wasi_data'})
    print('exit', w.start(wasm.Instance(m, wasi=w)))
except MemoryError:
    m = w = None
    gc.collect()
    print('MemoryError', gc.mem_free())
"""


def upload_program(repl: Repl, name: str = "wasi_files") -> bytes:
    """tests/programs/NAME.c into the board's /wasi_files.wasm, a chunk an exec."""
    data = build(name)
    send_file(repl, "/wasi_files.wasm", data, CHUNK)
    return data


def remove_files(repl: Repl) -> None:
    """What a run leaves on the board's filesystem, whichever of it exists."""
    repl.exec(
        "import os\nfor p in ('/wasi_data/kept.txt', '/wasi_data/p.bin', '/wasi_data', '/wasi_files.wasm'):\n"
        "    try:\n        os.remove(p)\n    except OSError:\n        try:\n            os.rmdir(p)\n"
        "        except OSError:\n            pass\n"
    )


def test_files_under_a_preopen(repl: Repl) -> None:
    repl.soft_reset()
    # wasm.mpy's code wants one block of ~78 KiB: imported before the upload
    # fragments the heap (docs/natmod.md); a no-op for the built-in module
    repl.exec("import wasm")
    data = upload_program(repl)
    try:
        out = repl.exec(RUN, timeout=60).splitlines()
        if out[-1].startswith("MemoryError"):
            assert int(out[-1].split()[1]) < 64 * 1024 + 2 * len(data), out
        else:
            assert out == [*EXPECTED, "exit 0"]
            kept = repl.exec(
                "print(open('/wasi_data/kept.txt').read(), end='')\nimport os\nprint(os.listdir('/wasi_data'))"
            )
            assert kept.splitlines() == ["written by wasm", "['kept.txt']"]
            assert "escape.txt" not in repl.exec("import os\nprint(os.listdir('/'))")
    finally:
        remove_files(repl)
    assert repl.exec("print(1 + 1)") == "2\n"


def test_pread_pwrite_fcntl_on_littlefs(repl: Repl) -> None:
    """tests/programs/wasi_pread.c (pread, pwrite past the end and on an APPEND
    fd, fcntl(F_GETFL)) prints on littlefs what it prints on the host port."""
    repl.soft_reset()
    repl.exec("import wasm")
    data = upload_program(repl, "wasi_pread")
    try:
        out = repl.exec(RUN, timeout=60).splitlines()
        if out[-1].startswith("MemoryError"):
            assert int(out[-1].split()[1]) < 64 * 1024 + 2 * len(data), out
        else:
            assert out == [*PREAD_EXPECTED, "exit 0"]
    finally:
        remove_files(repl)
    assert repl.exec("print(1 + 1)") == "2\n"


# The same program with open() wrapped so that every buffer a file's write
# or readinto gets is kept: each is the guest's memory during the call only,
# and empty after it (wasi_files.c modwasi_file_rw), never a pointer into a block a
# grow may move and free. Each is a memoryview, which the file cannot grow (a
# bytearray's extend reallocated an address inside guest memory: session 27).
KEEP = """
import gc, os, wasm
gc.collect()
try:
    os.mkdir('/wasi_data')
except OSError:
    pass
kept = []
class Keep:
    def __init__(self, f):
        self.f = f
    def write(self, b):
        kept.append(b)
        return self.f.write(b)
    def readinto(self, b):
        kept.append(b)
        try:
            b.extend(b'!' * 64)
            kept.append('grew')
        except AttributeError:
            pass
        return self.f.readinto(b)
    def seek(self, *a):
        return self.f.seek(*a)
    def flush(self):
        return self.f.flush()
    def close(self):
        return self.f.close()
_open = open
m = wasm.Module(_open('/wasi_files.wasm', 'rb').read())
def open(p, mode='r'):
    return Keep(_open(p, mode))
w = wasm.WASI(args=['wasi_files'], preopens={'/data': '/wasi_data'})
print('exit', w.start(wasm.Instance(m, wasi=w)))
print('kept', len(kept) > 3, [len(b) for b in kept if len(b)],
      [type(b).__name__ for b in kept if type(b) is not memoryview])
"""


def test_a_file_gets_the_guest_bytes_during_the_call_only(repl: Repl) -> None:
    repl.soft_reset()
    if int(repl.exec("import gc\ngc.collect()\nprint(gc.mem_free())")) < 512 * 1024:
        return  # test_files_under_a_preopen asserts the clean MemoryError there
    upload_program(repl)
    try:
        out = repl.exec(KEEP, timeout=60).splitlines()
        assert out[:-2] == EXPECTED and out[-2:] == ["exit 0", "kept True [] []"], out
    finally:
        repl.exec("del open")
        remove_files(repl)


# tests/fuzz/wasi_files.py's random sequences of WASI file calls, on the board's
# littlefs: the guest tests/programs/wasi_fsops.c logs every call's errno and
# results on the board, each sequence in a fresh folder; wasmtime runs the same
# on the host in a fresh temp folder; logs and trees compared as the fuzzer does
# (wasi_files.compare: its normalisations and accepted pairs).
# fixed seeds 1..12: ~400 calls, ~1 s on QEMU; more for a campaign (docs/fuzzing.md)
FS_SEQUENCES = int(os.environ.get("WASI_FILES_BOARD_SEQUENCES", "12"))
FS_RUN = """
import gc, os, wasm
def _tree(d, rel=''):
    out = {}
    for e in os.ilistdir(d + rel):
        r = rel + '/' + e[0]
        if e[1] & 0x4000:
            out[r[1:]] = 'dir'
            out.update(_tree(d, r))
        else:
            with open(d + r, 'rb') as f:
                out[r[1:]] = ''.join('%02x' % b for b in f.read())
    return out
def _rm(p):
    if os.stat(p)[0] & 0x4000:
        for e in os.ilistdir(p):
            _rm(p + '/' + e[0])
        os.rmdir(p)
    else:
        os.remove(p)
def fs(hx, d):
    os.mkdir(d)
    r, log = guest(M, hx, d)
    gc.collect()
    print('exit', r)
    print(log, end='')
    print('@@tree', repr(_tree(d)))
    _rm(d)
M = wasm.Module(open('/wasi_fsops.wasm', 'rb').read())
"""


def fs_run() -> str:
    from fuzz.wasi_files import MP_GUEST

    return FS_RUN + MP_GUEST


def upload(repl: Repl, name: str) -> bytes:
    data = build(name)
    send_file(repl, f"/{name}.wasm", data, CHUNK)
    return data


def board_fs(repl: Repl, script: bytes, d: str = "/wf") -> tuple[list[str], dict]:
    out = repl.exec(f"fs({script.hex()!r}, {d!r})", timeout=120).splitlines()
    assert out[-1].startswith("@@tree "), out
    return out[:-1], ast.literal_eval(out[-1][7:])  # the board's repr of a dict of str


def test_random_file_calls_agree_with_wasmtime(repl: Repl, tmp_path: Path) -> None:
    from fuzz import wasi_files

    repl.soft_reset()
    repl.exec("import wasm")
    if int(repl.exec("import gc\ngc.collect()\nprint(gc.mem_free())")) < 512 * 1024:
        return  # the program's page and code do not fit: test_files_under_a_preopen asserts the MemoryError
    upload(repl, "wasi_fsops")
    try:
        repl.exec(fs_run())
        wt = wasi_files.Wasmtime(wasi_files.guest())
        findings, calls = [], 0
        for seed in range(1, FS_SEQUENCES + 1):
            script = b"".join(wasi_files.sequence(seed))
            log, tree = board_fs(repl, script)
            d = tmp_path / f"w{seed}"
            d.mkdir()
            theirs = wt.run(script, d)
            f = wasi_files.compare(script, wasi_files.Run(log, tree), theirs, times=False)  # littlefs: no times
            calls += len(log) - 1
            if f:
                findings.append(f"seed {seed}: {f}")
                keep = wasi_files.diff.OUT / "findings" / "wasi_files_board"
                keep.mkdir(parents=True, exist_ok=True)
                ops = wasi_files.split(script)
                (keep / f"{seed}.json").write_text(json.dumps({"finding": f, "ops": [o.hex() for o in ops]}) + "\n")
                (keep / f"{seed}.txt").write_text(
                    f"{f}\n\n-- ops\n"
                    + "\n".join(f"{k} {wasi_files.show(o)}" for k, o in enumerate(ops))
                    + "\n\n-- board\n"
                    + "\n".join(log)
                    + f"\ntree {tree}\n\n-- wasmtime\n"
                    + "\n".join(theirs.log)
                    + f"\ntree {theirs.tree}\n"
                )
        assert not findings, findings  # each kept in build/fuzz/findings/wasi_files_board/SEED.txt
        assert calls > 200
    finally:
        repl.exec("import os\ntry:\n    _rm('/wf')\nexcept OSError:\n    pass\nos.remove('/wasi_fsops.wasm')")
    assert repl.exec("print(1 + 1)") == "2\n"


def fsops_uploaded(repl: Repl) -> bool:
    """After a soft reset and `import wasm`, the fuzzer's guest in the board's
    /wasi_fsops.wasm; False (nothing sent) where the heap cannot hold it."""
    repl.soft_reset()
    repl.exec("import wasm")
    if int(repl.exec("import gc\ngc.collect()\nprint(gc.mem_free())")) < 512 * 1024:
        return False
    upload(repl, "wasi_fsops")
    return True


def test_littlefs_answers_as_wasmtime(repl: Repl, tmp_path: Path) -> None:
    """What the random sequences found on littlefs (session 31), one call each,
    against wasmtime: a folder renamed into itself is EINVAL (littlefs took it
    out of the tree), an APPEND fd seeked past the end writes at the end
    (littlefs wrote zeros up to the offset), a file's written size shows to a
    path's stat before a sync (it said 0), a file renamed while open keeps what
    is written after (lost at close), a 256-byte name is ENAMETOOLONG (ENOENT).
    Then a file open on two fds, one closed, a third opened (session 33: only
    a file opened twice has its other fds opened again at a write, the fds
    marked at the second open): each read sees every write before it."""
    from fuzz import wasi_files
    from fuzz.wasi_files import op_close, op_mkdir, op_open, op_pstat, op_read, op_rename, op_seek, op_write

    if not fsops_uploaded(repl):
        return  # test_files_under_a_preopen asserts the MemoryError
    ops = [
        op_mkdir(b"d1"),
        op_rename(b"d1", b"d1/x"),
        op_pstat(b"d1"),
        op_open(b"f", 1, 3, 1),  # slot 1: CREAT, read and write, APPEND
        op_write(1, 3),
        op_seek(1, 100, 0),
        op_write(1, 2, 0x61),
        op_pstat(b"f"),
        op_open(b"g", 1),  # slot 2
        op_write(2, 4),
        op_rename(b"g", b"d1/g"),
        op_write(2, 2, 0x61),
        op_close(2),
        op_pstat(b"x" * 256),
        op_open(b"h", 1),  # slot 3
        op_write(3, 3, 0x61),
        op_open(b"h"),  # slot 4: a second fd on h
        op_write(3, 2, 0x78),
        op_read(4, 100),
        op_close(4),
        op_write(3, 1, 0x7A),
        op_open(b"h", 0, 1),  # slot 5: a third, read-only
        op_read(5, 100),
        op_write(3, 1, 0x31),
        op_read(5, 100),
    ]
    script = b"".join(ops)
    try:
        repl.exec(fs_run())
        log, tree = board_fs(repl, script)
    finally:
        repl.exec("import os\ntry:\n    _rm('/wf')\nexcept OSError:\n    pass\nos.remove('/wasi_fsops.wasm')")
    assert log == [
        "exit 0",
        "0 mkdir e=0",
        "1 rename e=28",
        "2 pstat e=0 type=3 size=0",
        "3 open e=0 slot=1",
        "4 write e=0 n=3",
        "5 seek e=0 to=100",
        "6 write e=0 n=2",
        "7 pstat e=0 type=4 size=5",
        "8 open e=0 slot=2",
        "9 write e=0 n=4",
        "10 rename e=0",
        "11 write e=0 n=2",
        "12 close e=0",
        "13 pstat e=37",
        "14 open e=0 slot=3",
        "15 write e=0 n=3",
        "16 open e=0 slot=4",
        "17 write e=0 n=2",
        "18 read e=0 n=5 6162637879",
        "19 close e=0",
        "20 write e=0 n=1",
        "21 open e=0 slot=5",
        "22 read e=0 n=6 61626378797a",
        "23 write e=0 n=1",
        "24 read e=0 n=1 31",
    ]
    assert tree == {"d1": "dir", "d1/g": b"ABCDab".hex(), "f": b"ABCab".hex(), "h": b"abcxyz1".hex()}
    theirs = wasi_files.Wasmtime(wasi_files.guest()).run(script, tmp_path)
    assert wasi_files.compare(script, wasi_files.Run(log, tree), theirs) is None


def test_two_preopens_that_overlap_on_littlefs(repl: Repl) -> None:
    """A file reached through two preopens, /d ("/wf") and /e ("/wf/sub"),
    on littlefs: its fds have one host path ("/wf/sub/f": littlefs has no
    links, a path is a file's identity, docs/wasi.md "Files"), so each write or
    truncate through one fd is shown to the others (opened again) and an
    unlink through /e leaves the fds on the old file: the log is wasmtime's
    (wasi_files.overlapping_preopens; the host port runs it against wasmtime,
    tests/host/test_wasi.py::test_two_preopens_that_overlap_name_one_file)."""
    from fuzz.wasi_files import MP_GUEST_TWO, overlapping_preopens

    if not fsops_uploaded(repl):
        return  # test_files_under_a_preopen asserts the MemoryError
    script, expected = overlapping_preopens()
    try:
        repl.exec(fs_run())
        repl.exec(MP_GUEST_TWO)
        out = repl.exec(
            "os.mkdir('/wf')\nos.mkdir('/wf/sub')\n"
            + f"r, log = guest2(M, {script.hex()!r}, '/wf', '/wf/sub')\n"
            + "gc.collect()\nprint('exit', r)\nprint(log, end='')\nprint(repr(_tree('/wf')))",
            timeout=120,
        ).splitlines()
    finally:
        repl.exec("import os\ntry:\n    _rm('/wf')\nexcept OSError:\n    pass\nos.remove('/wasi_fsops.wasm')")
    assert out[:-1] == ["exit 0"] + expected
    assert ast.literal_eval(out[-1]) == {"sub": "dir", "sub/f": b"xyz{".hex()}


def test_littlefs_keeps_no_times(repl: Repl) -> None:
    """The boards' littlefs keeps no file times and their clock starts at 0
    at each boot (binding.h MICROPY_PY_WASM_WASI_TIMES off: docs/wasi.md
    "File times"): fd_filestat_set_times and path_filestat_set_times are
    ENOSYS, whatever the flags, and fd_filestat_get's times 0; the file is
    untouched. The host port sets and reads them as wasmtime
    (tests/host/test_wasi.py::test_file_times_as_wasmtime)."""
    from fuzz.wasi_files import op_open, op_psettimes, op_settimes, op_times, op_write

    if not fsops_uploaded(repl):
        return  # test_files_under_a_preopen asserts the MemoryError
    ops = [
        op_open(b"f", 1),
        op_write(1, 3),
        op_settimes(1, 10**18, 10**18, 5),
        op_settimes(1, 0, 0, 10),
        op_psettimes(b"f", 10**18, 10**18, 5),
        op_psettimes(b"nope", 0, 0, 3),
        op_times(1),
    ]
    try:
        repl.exec(fs_run())
        log, tree = board_fs(repl, b"".join(ops))
    finally:
        repl.exec("import os\ntry:\n    _rm('/wf')\nexcept OSError:\n    pass\nos.remove('/wasi_fsops.wasm')")
    assert log == [
        "exit 0",
        "0 open e=0 slot=1",
        "1 write e=0 n=3",
        "2 settimes e=52",
        "3 settimes e=52",
        "4 psettimes e=52",
        "5 psettimes e=52",
        "6 times e=0 atim=0 mtim=0",
    ]
    assert tree == {"f": b"ABC".hex()}


def test_a_full_filesystem_is_enospc(repl: Repl) -> None:
    """Writing past the board's 1 MiB littlefs: fd_write says ENOSPC (or a short
    count, then ENOSPC), never a crash; the program goes on, a file written
    before keeps its bytes, and the space comes back when the big file goes."""
    from fuzz.wasi_files import op_close, op_open, op_read, op_unlink, op_write

    repl.soft_reset()
    repl.exec("import wasm")
    if int(repl.exec("import gc\ngc.collect()\nprint(gc.mem_free())")) < 512 * 1024:
        return
    upload(repl, "wasi_fsops")
    ops = [op_open(b"keep", 1), op_write(1, 100), op_close(1), op_open(b"big", 1, 2)]  # slot 2
    ops += [op_write(2, 4096, k & 0xFF) for k in range(300)]  # ops 4..303
    ops += [op_close(2), op_unlink(b"big"), op_open(b"again", 1, 2), op_write(3, 4096), op_close(3)]
    ops += [op_open(b"keep", 0, 1), op_read(4, 100)]
    try:
        repl.exec(fs_run())
        log, tree = board_fs(repl, b"".join(ops))
    finally:
        repl.exec("import os\ntry:\n    _rm('/wf')\nexcept OSError:\n    pass\nos.remove('/wasi_fsops.wasm')")
    assert log[0] == "exit 0" and len(log) == len(ops) + 1, log[-5:]
    writes = [ln.split()[2:] for ln in log[5:305]]
    assert ["e=51"] in writes, writes[-3:]  # ENOSPC
    full = writes.index(["e=51"])
    more = writes[full + 1 :].count(["e=51"])
    print(f"\nENOSPC at write {full} ({full * 4096} B written), then {more} more; {log[305]}")
    assert full > 100 and all(w[0] == "e=0" for w in writes[:full])
    assert log[306:] == [
        "305 unlink e=0",
        "306 open e=0 slot=3",
        "307 write e=0 n=4096",
        "308 close e=0",
        "309 open e=0 slot=4",
        "310 read e=0 n=100 " + bytes(range(0x41, 0x41 + 100)).hex(),
    ]
    assert log[305].startswith("304 close e=")  # a close may fail to commit too: ENOSPC, not a crash
    assert tree["keep"] == bytes(range(0x41, 0x41 + 100)).hex() and len(tree["again"]) == 2 * 4096
