# SPDX-License-Identifier: MIT
"""The filesystem on the board: littlefs at "/", open() and its streams, `os`, more
mount points (a RAM disk, a Python filesystem object), imports from files, errors.

Each session starts on a fresh, blank storage image (QEMU: a new fs.img per
session). Wiring needed on a real board: only the REPL UART; the tests leave
their files in /t_fs, which they remove first.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from cases.fs_cases import TRUNCATE, TRUNCATE_OUT, remove_tree
from conftest import exec_or_memory_error
from raw_repl import DeviceError

if TYPE_CHECKING:
    from conftest import Repl

ROOT = Path(__file__).resolve().parents[2]
MPY_CROSS = ROOT / "deps" / "micropython" / "mpy-cross" / "build" / "mpy-cross"

# A RAM block device in Python (the block-device protocol VfsLfs2 takes).
RAMDISK = """
import os, vfs
class RAMDisk:
    def __init__(self, blocks, size=512):
        self.size = size
        self.data = bytearray(blocks * size)
    def readblocks(self, n, buf, off=0):
        a = n * self.size + off
        buf[:] = self.data[a:a + len(buf)]
    def writeblocks(self, n, buf, off=0):
        a = n * self.size + off
        self.data[a:a + len(buf)] = buf
    def ioctl(self, op, arg):
        if op == 4: return len(self.data) // self.size
        if op == 5: return self.size
        if op == 6:
            self.data[arg * self.size:(arg + 1) * self.size] = b'\\xff' * self.size
            return 0
"""


def fresh_dir(repl: Repl) -> None:
    repl.exec(remove_tree("t_fs") + "os.mkdir('/t_fs'); os.chdir('/t_fs')")


def oserror(repl: Repl, code: str) -> str:
    """Run `code`, which must raise OSError; return its message ("[Errno 2] ENOENT: /x")."""
    with pytest.raises(DeviceError) as info:
        repl.exec(code)
    assert info.value.exc_type == "OSError", info.value
    return info.value.message


def test_root_is_littlefs_on_the_storage(repl: Repl):
    st = repl.board.storage
    if st is None:
        assert repl.exec("import vfs\nprint(vfs.mount())") == "[]\n"
        return
    out = repl.exec("import os, vfs\nprint(vfs.mount())\nprint(os.statvfs('/'))\nprint(os.getcwd())")
    mounts, statvfs, cwd = out.splitlines()
    assert "VfsLfs2" in mounts and "'/'" in mounts, mounts
    fields = eval(statvfs)  # a tuple of ints
    assert fields[0] == st.block_size
    assert fields[2] == st.size // st.block_size
    assert 0 < fields[3] < fields[2]  # free blocks: the superblocks are used
    assert fields[9] == 255  # name_max
    assert cwd == "/"


def test_write_read_text_and_binary(repl: Repl):
    fresh_dir(repl)
    out = repl.exec(
        "f = open('a.txt', 'w'); print(f.write('héllo\\n'), f.write('world\\n')); f.close()\n"
        "print(repr(open('a.txt').read()))\n"
        "print(repr(open('a.txt', 'rb').read()))\n"
        "with open('a.txt') as f:\n"
        "    print(repr(f.read(3)), repr(f.readline()), repr(f.readline()), repr(f.readline()))\n"
        "print([l for l in open('a.txt')])\n"
        "print(open('a.txt').readlines())\n"
        "print(type(open('a.txt')).__name__, type(open('a.txt', 'rb')).__name__)"
    )
    assert out.splitlines() == [
        "7 6",  # write returns characters... of the UTF-8 bytes: 'héllo\n' is 7 bytes
        "'h\\xe9llo\\nworld\\n'",
        "b'h\\xc3\\xa9llo\\nworld\\n'",
        "'h\\xe9l' 'lo\\n' 'world\\n' ''",
        "['h\\xe9llo\\n', 'world\\n']",
        "['h\\xe9llo\\n', 'world\\n']",
        "TextIOWrapper FileIO",
    ]


def test_modes_append_exclusive_plus(repl: Repl):
    fresh_dir(repl)
    out = repl.exec(
        "with open('m.bin', 'wb') as f: f.write(b'0123456789')\n"
        "with open('m.bin', 'ab') as f: f.write(b'AB')\n"
        "print(open('m.bin', 'rb').read())\n"
        "with open('m.bin', 'r+b') as f:\n"
        "    f.seek(2); f.write(b'xy'); f.seek(0); print(f.read())\n"
        "with open('m.bin', 'w+b') as f:\n"
        "    print(f.read(), f.write(b'new'), f.seek(0), f.read())\n"
        "with open('n.bin', 'xb') as f: f.write(b'only once')\n"
        "print(open('n.bin', 'rb').read())"
    )
    assert out.splitlines() == [
        "b'0123456789AB'",
        "b'01xy456789AB'",
        "b'' 3 0 b'new'",
        "b'only once'",
    ]
    assert "EEXIST" in oserror(repl, "open('n.bin', 'x')")
    with pytest.raises(DeviceError) as info:
        repl.exec("open('m.bin', 'rw')")
    assert info.value.exc_type == "ValueError" and "bad mode" in info.value.message


def test_seek_tell_readinto_flush(repl: Repl):
    fresh_dir(repl)
    out = repl.exec(
        "f = open('s.bin', 'w+b')\n"
        "print(f.write(bytes(range(256)) * 4))\n"
        "print(f.tell(), f.seek(0), f.seek(10, 1), f.tell(), f.seek(-6, 2))\n"
        "b = bytearray(8); print(f.readinto(b), b, f.tell())\n"
        "f.seek(1020); print(f.readinto(b), b[:4])\n"
        "f.seek(0); f.write(b'ZZ'); f.flush()\n"
        "print(open('s.bin', 'rb').read(3))\n"  # flushed data is visible to a second open
        "f.close(); f.close()\n"  # closing twice is fine
        "try:\n    f.read()\nexcept ValueError as e:\n    print('closed:', e)"
    )
    assert out.splitlines() == [
        "1024",
        "1024 0 10 10 1018",
        "6 bytearray(b'\\xfa\\xfb\\xfc\\xfd\\xfe\\xff\\x00\\x00') 1024",
        "4 bytearray(b'\\xfc\\xfd\\xfe\\xff')",
        "b'ZZ\\x02'",
        "closed: I/O operation on closed file",
    ]


def test_truncate_cuts_and_grows_a_file(repl: Repl):
    """fs_cases.TRUNCATE, as on the host port: littlefs's lfs_file_truncate past its
    inline size and back into it, and a read-only file's OSError(EINVAL) (littlefs
    only asserts it, and its asserts are off). Since session 32."""
    fresh_dir(repl)
    assert repl.exec("import errno\n" + TRUNCATE).splitlines() == TRUNCATE_OUT


def test_os_functions(repl: Repl):
    fresh_dir(repl)
    out = repl.exec(
        "os.mkdir('d'); os.mkdir('d/e')\n"
        "with open('d/f.txt', 'w') as f: f.write('12345')\n"
        "print(sorted(os.listdir('d')), sorted(os.listdir()))\n"
        "print(sorted(os.ilistdir('d')))\n"
        "print(os.stat('d')[0] == 0x4000, os.stat('d/f.txt')[0] == 0x8000, os.stat('d/f.txt')[6])\n"
        "os.chdir('d'); print(os.getcwd()); os.chdir('e'); print(os.getcwd()); os.chdir('../..'); print(os.getcwd())\n"
        "os.rename('d/f.txt', 'g.txt'); print(sorted(os.listdir()), os.listdir('d'))\n"
        "os.rmdir('d/e'); os.remove('g.txt'); print(os.listdir(), os.listdir('d'))\n"
        "os.sync()\n"
        "u = os.uname(); print(u.sysname, u.machine.split()[0])"
    )
    assert out.splitlines() == [
        "['e', 'f.txt'] ['d']",
        "[('e', 16384, 0, 0), ('f.txt', 32768, 0, 5)]",
        "True True 5",
        "/t_fs/d",
        "/t_fs/d/e",
        "/t_fs",
        "['d', 'g.txt'] ['e']",
        "['d'] []",
        f"mpwasm {repl.board.name}",
    ]


def test_errors_name_the_path(repl: Repl):
    fresh_dir(repl)
    repl.exec("os.mkdir('full'); open('full/x', 'w').close()")
    assert oserror(repl, "open('missing.txt')") == "[Errno 2] ENOENT: /t_fs/missing.txt"
    assert "ENOENT" in oserror(repl, "os.stat('nope/deeper')")
    assert "ENOENT" in oserror(repl, "os.remove('missing.txt')")
    assert "ENOENT" in oserror(repl, "os.chdir('missing')")
    assert "EEXIST" in oserror(repl, "os.mkdir('full')")
    assert "ENOTEMPTY" in oserror(repl, "os.rmdir('full')")
    assert "EISDIR" in oserror(repl, "os.remove('full')")
    assert "ENOTDIR" in oserror(repl, "os.rmdir('full/x')")
    assert "ENOTDIR" in oserror(repl, "os.chdir('full/x')")
    assert "EISDIR" in oserror(repl, "open('full', 'w')")
    # names: 255 bytes is littlefs's limit (LFS_NAME_MAX); 256 is refused, nothing is created
    repl.exec("open('n' * 255, 'w').close(); os.remove('n' * 255)")
    assert "ENAMETOOLONG" in oserror(repl, "open('n' * 256, 'w')")
    assert "ENAMETOOLONG" in oserror(repl, "os.mkdir('m' * 256)")
    assert repl.exec("print(sorted(os.listdir()))") == "['full']\n"


def test_import_py_and_mpy_from_files(repl: Repl, tmp_path: Path):
    fresh_dir(repl)
    src = "VALUE = 6 * 7\ndef hello(name):\n    return 'hello ' + name\n"
    (tmp_path / "t_fs_mpymod.py").write_text(src.replace("hello ", "mpy hello "))
    assert MPY_CROSS.is_file(), f"no {MPY_CROSS}: make firmware builds it"
    subprocess.run([str(MPY_CROSS), str(tmp_path / "t_fs_mpymod.py")], check=True, timeout=30)
    mpy = (tmp_path / "t_fs_mpymod.mpy").read_bytes()
    repl.exec(f"with open('/t_fs/t_fs_mpymod.mpy', 'wb') as f: f.write({mpy!r})")
    repl.exec(
        "os.mkdir('/t_fs/pkg')\n"
        f"with open('/t_fs/t_fs_pymod.py', 'w') as f: f.write({src!r})\n"
        "with open('/t_fs/pkg/__init__.py', 'w') as f: f.write('NAME = \"pkg\"')\n"
        "with open('/t_fs/pkg/sub.py', 'w') as f: f.write('from . import NAME\\nFULL = NAME + \".sub\"')"
    )
    out = repl.exec(
        "import sys; sys.path.append('/t_fs')\n"
        "import t_fs_pymod, t_fs_mpymod, pkg.sub\n"
        "print(t_fs_pymod.VALUE, t_fs_pymod.hello('py'))\n"
        "print(t_fs_mpymod.VALUE, t_fs_mpymod.hello('x'))\n"
        "print(pkg.sub.FULL)\n"
        "sys.path.remove('/t_fs')"
    )
    assert out.splitlines() == ["42 hello py", "42 mpy hello x", "pkg.sub"]
    with pytest.raises(DeviceError) as info:
        repl.exec("import t_fs_no_such_module")
    assert info.value.exc_type == "ImportError"


def test_ram_disk_mount_and_read_only(repl: Repl):
    repl.exec(RAMDISK)
    out = repl.exec(
        "bd = RAMDisk(16)\n"
        "vfs.VfsLfs2.mkfs(bd)\n"
        "vfs.mount(vfs.VfsLfs2(bd), '/ram')\n"
        "with open('/ram/x.txt', 'w') as f: f.write('on the ram disk')\n"
        "print('ram' in os.listdir('/'), os.listdir('/ram'), os.statvfs('/ram')[:3])\n"
        "os.umount('/ram')\n"
        "print('ram' in os.listdir('/'))\n"
        "vfs.mount(vfs.VfsLfs2(bd), '/ram', readonly=True)\n"
        "print(open('/ram/x.txt').read())"
    )
    assert out.splitlines() == [
        "True ['x.txt'] (512, 512, 16)",
        "False",
        "on the ram disk",
    ]
    for code in (
        "open('/ram/x.txt', 'w')",
        "open('/ram/x.txt', 'a')",
        "open('/ram/x.txt', 'r+')",
        "open('/ram/new.txt', 'w')",
        "os.remove('/ram/x.txt')",
        "os.mkdir('/ram/d')",
        "os.rename('/ram/x.txt', '/ram/y.txt')",
    ):
        assert "EROFS" in oserror(repl, code), code
    assert repl.exec("print(os.listdir('/ram'))\nos.umount('/ram')") == "['x.txt']\n"
    assert "EPERM" in oserror(repl, "vfs.mount(vfs.VfsLfs2(bd), '/ram'); vfs.mount(vfs.VfsLfs2(bd), '/ram')")
    repl.exec("os.umount('/ram'); del bd; import gc; gc.collect()")
    # a device littlefs cannot mount: the error says so, nothing is mounted
    assert "EIO" in oserror(repl, "vfs.mount(vfs.VfsLfs2(RAMDisk(4)), '/blank')")
    assert repl.exec("print([p for _, p in vfs.mount()])") == ("['/']\n" if repl.board.storage else "[]\n")


def test_python_filesystem_object(repl: Repl):
    # What `mpremote mount` does, in miniature: a Python object with the VFS protocol.
    out = repl.exec(
        "import io\n"
        "class MemFS:\n"
        "    files = {'/m.py': b'WHO = \"memfs\"\\n', '/data.bin': b'\\x00\\x01'}\n"
        "    def mount(self, readonly, mkfs): self.mounted = True\n"
        "    def umount(self): self.mounted = False\n"
        "    def chdir(self, path): pass\n"
        "    def ilistdir(self, path): return iter([(n[1:], 0x8000, 0, len(d)) for n, d in self.files.items()])\n"
        "    def stat(self, path):\n"
        "        if path == '/': return (0x4000, 0, 0, 0, 0, 0, 0, 0, 0, 0)\n"
        "        if path not in self.files: raise OSError(2)\n"
        "        return (0x8000, 0, 0, 0, 0, 0, len(self.files[path]), 0, 0, 0)\n"
        "    def open(self, path, mode):\n"
        "        if path not in self.files: raise OSError(2)\n"
        "        return io.BytesIO(self.files[path]) if 'b' in mode else io.StringIO(self.files[path].decode())\n"
        "m = MemFS()\n"
        "os.mount(m, '/mem')\n"
        "print(m.mounted, sorted(os.listdir('/mem')), open('/mem/data.bin', 'rb').read())\n"
        "import sys; sys.path.insert(0, '/mem')\n"
        "import m as memmod; print(memmod.WHO)\n"
        "os.chdir('/mem'); print(os.getcwd(), open('m.py').read().strip())\n"
        "sys.path.pop(0); os.umount('/mem'); print(m.mounted, os.getcwd())"
    )
    assert out.splitlines() == [
        "True ['data.bin', 'm.py'] b'\\x00\\x01'",
        "memfs",
        '/mem WHO = "memfs"',
        "False /",
    ]


def test_full_filesystem_is_enospc_and_nothing_is_lost(repl: Repl):
    if repl.board.storage is None:
        pytest.skip("this board declares no storage")
    fresh_dir(repl)
    out = repl.exec(
        "with open('keep.txt', 'w') as f: f.write('precious ' * 100)\n"
        "chunk = b'\\xa5' * 4096\n"
        "f = open('fill.bin', 'wb'); n = 0\n"
        "try:\n"
        "    while True:\n"
        "        f.write(chunk); n += 1\n"
        "        if n % 16 == 0: f.flush()\n"
        "except OSError as e:\n"
        "    print('full after', n, 'chunks:', e)\n"
        "try:\n"
        "    f.close()\n"
        "except OSError as e:\n"
        "    print('close:', e.errno)\n"
        "print(open('keep.txt').read() == 'precious ' * 100)\n"
        "os.remove('fill.bin')\n"
        "s = os.statvfs('/'); print(s[3] > s[2] // 2)\n"
        "with open('after.txt', 'w') as f: f.write('room again')\n"
        "print(open('after.txt').read())",
        timeout=120,
    )
    lines = out.splitlines()
    assert lines[0].startswith("full after ") and "ENOSPC" in lines[0], out
    chunks = int(lines[0].split()[2])
    assert chunks * 4096 > repl.board.storage.size // 2, out
    assert lines[-3:] == ["True", "True", "room again"], out


def test_wasm_module_from_a_file(repl: Repl):
    # (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
    add = bytes.fromhex("0061736d0100000001070160027f7f017f030201000707010361646400000a09010700200020016a0b")
    # wasm.mpy's code wants one block of ~78 KiB, which the file's earlier tests
    # leave in pieces on netduinoplus2: imported first thing after a reset (docs/natmod.md)
    repl.soft_reset()
    repl.exec("import wasm")
    fresh_dir(repl)
    repl.exec(f"with open('add.wasm', 'wb') as f: f.write({add!r})")
    out = exec_or_memory_error(  # below conftest.CASE_HEAP the call's stacks may not fit
        repl,
        "import wasm\n"
        "with open('add.wasm', 'rb') as f:\n"
        "    m = wasm.Module(f)\n"  # read a section (code: a body) at a time, never whole
        "print(m.exports, m.load_peak, wasm.Instance(m).exports.add(40, 2))",
    )
    if out is not None:
        assert out == "[('add', 'func', '(i32, i32) -> (i32)')] 8 42\n"
