# SPDX-License-Identifier: MIT
"""The filesystem across QEMU runs: images from scripts/fsimage.py, boot.py and main.py
at boot, Ctrl-C and exceptions in main.py, safe boot, first boot on blank storage,
and QEMU killed in the middle of a write.

Each test boots its own QEMU on an image in tmp_path (a QEMU board's storage is
a host file, build/<board>/fs.img by default). QEMU boards only: a real board
has no image file to prepare or inspect.
"""

from __future__ import annotations

import contextlib
import random
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import fsimage
import run_qemu
from boardcfg import Board, load_board
from conftest import FILES_SPARE, LAB_ENV, QEMU_CONNECT_TIMEOUT_S, board_with_files, files_by_image, not_in_qemu_here
from raw_repl import RawRepl
from run_qemu import QEMU_STOP_TIMEOUT_S

ROOT = Path(__file__).resolve().parents[2]

PROMPT = b"\r\n>>> "
BOOT_S = 20.0


@pytest.fixture
def qboard(hil_board: str, request: pytest.FixtureRequest) -> Board:
    board = load_board(hil_board)
    why = not_in_qemu_here(request.config, board)
    if why:
        pytest.skip(f"{why}: a real board's storage is not a file here")
    if board.storage is None or board.storage.kind != "semihosting":
        pytest.skip(f"{board.name} keeps no filesystem image on the host")
    return board


@contextlib.contextmanager
def boot(board: Board, image: Path, safe_boot: bool = False) -> Iterator[tuple[RawRepl, subprocess.Popen]]:
    """QEMU running `board` on `image`, connected; stopped on leaving (run_qemu.Qemu.stop)."""
    qemu = run_qemu.start(board, ROOT / "build" / board.name / "firmware.elf", fs_image=image, safe_boot=safe_boot)
    raw = None
    try:
        raw = RawRepl.open(qemu.url, connect_timeout=QEMU_CONNECT_TIMEOUT_S)
        yield raw, qemu.proc
    finally:
        if raw is not None:
            with contextlib.suppress(Exception):
                raw.close()
        qemu.stop()


def image_from(board: Board, tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    src = tmp_path / "src"
    for name, content in files.items():
        p = src / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content.encode() if isinstance(content, str) else content)
    src.mkdir(exist_ok=True)
    bs, count = fsimage.geometry(board)
    image = tmp_path / "fs.img"
    image.write_bytes(fsimage.build(src, bs, count))
    return image


def host_files(board: Board, image: Path) -> dict[str, bytes]:
    bs, count = fsimage.geometry(board)
    fs = fsimage.open_image(image.read_bytes(), bs, count)
    out = {}
    for path, size in fsimage.walk(fs):
        if size is not None:
            with fs.open(path, "rb") as f:
                out[path] = f.read()
    return out


def test_image_built_on_the_host_boots_and_comes_back(qboard: Board, tmp_path: Path):
    image = image_from(
        qboard,
        tmp_path,
        {
            "boot.py": "print('boot.py ran')\n",
            "main.py": "import helper\nprint('main.py ran', helper.X)\n"
            "with open('from_main.txt', 'w') as f: f.write('written by main.py')\n",
            "lib/helper.py": "X = 'helper from /lib'\n",
        },
    )
    with boot(qboard, image) as (raw, _):
        out = raw.read_until(PROMPT, BOOT_S, "the REPL after boot.py and main.py").decode(errors="replace")
        assert "boot.py ran" in out and "main.py ran helper from /lib" in out, out
        assert out.index("boot.py ran") < out.index("main.py ran"), out
        assert "formatting" not in out, out
        raw.enter_raw()
        assert (
            raw.exec("import os\nprint(sorted(os.listdir()))") == "['boot.py', 'from_main.txt', 'lib', 'main.py']\r\n"
        )
    # QEMU is gone: what main.py wrote is in the host's file, as the image tool reads it
    files = host_files(qboard, image)
    assert files["/from_main.txt"] == b"written by main.py"
    # and a second run sees it too (and main.py writes it again)
    with boot(qboard, image) as (raw, _):
        out = raw.read_until(PROMPT, BOOT_S, "the REPL on the second boot").decode(errors="replace")
        assert "main.py ran" in out
        raw.enter_raw()
        assert raw.exec("print(open('from_main.txt').read())") == "written by main.py\r\n"


def test_first_boot_formats_blank_storage(qboard: Board, tmp_path: Path):
    image = tmp_path / "fs.img"
    assert not image.exists()
    with boot(qboard, image) as (raw, _):
        out = raw.read_until(PROMPT, BOOT_S, "the REPL on first boot").decode(errors="replace")
        assert "formatting" in out, out
        raw.enter_raw()
        assert raw.exec("import os\nprint(os.listdir('/'))") == "[]\r\n"
    assert image.stat().st_size > 0
    assert host_files(qboard, image) == {}
    # a file of garbage is not mounted as is: it is formatted too, and says so
    image.write_bytes(bytes(random.Random(1).randrange(256) for _ in range(8192)))
    with boot(qboard, image) as (raw, _):
        out = raw.read_until(PROMPT, BOOT_S, "the REPL on garbage").decode(errors="replace")
        assert "formatting" in out, out


def test_main_py_exception_and_ctrl_c_leave_the_repl(qboard: Board, tmp_path: Path):
    image = image_from(qboard, tmp_path, {"main.py": "def f():\n    raise ValueError('from main.py')\nf()\n"})
    with boot(qboard, image) as (raw, _):
        out = raw.read_until(PROMPT, BOOT_S, "the REPL after main.py raised").decode(errors="replace")
        assert 'File "main.py", line 2, in f' in out and "ValueError: from main.py" in out, out
        raw.enter_raw()
        assert raw.exec("print('repl alive')") == "repl alive\r\n"
        raw.exec("with open('main.py', 'w') as f: f.write('print(\"looping\")\\nwhile True:\\n    pass\\n')")
        # a friendly-REPL soft reset (Ctrl-B, Ctrl-D) runs main.py again; Ctrl-C stops it
        raw.exit_raw()
        raw.drain(quiet_s=0.2)
        raw.write(b"\x04")
        raw.read_until(b"looping", BOOT_S, "main.py's loop to start")
        time.sleep(0.2)
        raw.write(b"\x03")
        out = raw.read_until(PROMPT, BOOT_S, "the REPL after Ctrl-C").decode(errors="replace")
        assert "KeyboardInterrupt" in out, out
        raw.enter_raw()
        assert raw.exec("print('after ctrl-c')") == "after ctrl-c\r\n"


def test_safe_boot_skips_boot_and_main(qboard: Board, tmp_path: Path):
    image = image_from(qboard, tmp_path, {"boot.py": "print('boot.py ran')\n", "main.py": "print('main.py ran')\n"})
    with boot(qboard, image, safe_boot=True) as (raw, _):
        out = raw.read_until(PROMPT, BOOT_S, "the REPL in safe boot").decode(errors="replace")
        assert "safe boot" in out and "boot.py ran" not in out and "main.py ran" not in out, out
        raw.enter_raw()
        assert raw.exec("import os\nprint(sorted(os.listdir()))") == "['boot.py', 'main.py']\r\n"


KILL_ROUNDS = 3
FILE_SIZE = 24 * 1024


def test_killed_mid_write_keeps_old_or_new_file(qboard: Board, tmp_path: Path):
    """QEMU killed (SIGKILL) while main.py rewrites a file over and over: every
    later boot mounts the filesystem as is, and the file is one whole version."""
    writer = (
        "import os\n"
        "v = int(open('version').read()) if 'version' in os.listdir() else 0\n"
        "print('writing from', v)\n"
        "while True:\n"
        "    v += 1\n"
        f"    b = bytes([65 + v % 26]) * 1024\n"
        "    with open('data.bin', 'wb') as f:\n"
        f"        for _ in range({FILE_SIZE // 1024}):\n"
        "            f.write(b)\n"
        "    with open('version', 'w') as f:\n"
        "        f.write(str(v))\n"
    )
    image = image_from(qboard, tmp_path, {"main.py": writer, "data.bin": b"A" * FILE_SIZE})
    rng = random.Random(qboard.name)
    for _ in range(KILL_ROUNDS):
        with boot(qboard, image) as (raw, proc):
            out = raw.read_until(b"writing from", BOOT_S, "main.py starting").decode(errors="replace")
            assert "formatting" not in out, out
            time.sleep(rng.uniform(0.05, 0.6))
            proc.kill()  # no sync, no unmount: as a reset would
            proc.wait(QEMU_STOP_TIMEOUT_S)
        files = host_files(qboard, image)
        data = files["/data.bin"]
        assert len(data) == FILE_SIZE and data == data[:1] * FILE_SIZE, data[:64]
    # the writer did get going between the kills (so some kills hit it mid-write)
    assert int(host_files(qboard, image)["/version"]) >= KILL_ROUNDS
    # the board agrees, after all that
    with boot(qboard, image, safe_boot=True) as (raw, _):
        out = raw.read_until(PROMPT, BOOT_S, "the REPL").decode(errors="replace")
        assert "formatting" not in out
        raw.enter_raw()
        d = raw.exec(
            "f = open('data.bin', 'rb'); first = f.read(1); n = 1; same = True\n"
            "while True:\n"
            "    c = f.read(1024)\n"
            "    if not c: break\n"
            "    n += len(c); same = same and c == first * len(c)\n"
            "print(n, same)"
        )
        assert d == f"{FILE_SIZE} True\r\n"


def test_files_in_the_image_are_the_bytes_on_the_board(qboard: Board, request: pytest.FixtureRequest, tmp_path: Path):
    """conftest.board_with_files, which tests use for a file too large for the raw REPL
    (test_real_programs_board.py): the files built into the image on the host are
    the same bytes on the board, read with readinto as those tests read them, in a
    folder too; the Repl names them. A size the storage cannot hold with
    FILES_SPARE to spare is left to the REPL (files_by_image: the last size that
    goes in the image, and one byte more), and so are a labgrid target's files."""
    data = random.Random(33).randbytes(24_000)  # lm3s6965evb's heap holds it twice
    files = {"/big.bin": data, "d/small.txt": b"in a folder\n"}
    room = qboard.storage.size - FILES_SPARE
    lab = LAB_ENV in request.config.stash  # a labgrid target's files go through it, as a real board's
    assert files_by_image(request.config, qboard, room) is not lab
    assert not files_by_image(request.config, qboard, room + 1)
    code = (
        "b = bytearray(24000)\nwith open('/big.bin', 'rb') as f:\n    print(f.readinto(b), f.read(1))\n"
        "h = 0\nfor x in b:\n    h = (h * 31 + x) & 0xffffffff\nprint(h)\nprint(open('/d/small.txt').read())"
    )
    h = 0
    for x in data:
        h = (h * 31 + x) & 0xFFFFFFFF
    with board_with_files(qboard, request.config, tmp_path, files) as repl:
        assert repl.files == {"/big.bin", "/d/small.txt"}
        out = repl.exec(code, timeout=60)
    assert out == f"24000 b''\n{h}\nin a folder\n\n"
