#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Build, list and extract a board's filesystem image (littlefs v2, as the firmware mounts it at "/").

    python3 scripts/fsimage.py build FOLDER --board mps2_an385 [-o IMAGE]   # FOLDER's tree -> image
    python3 scripts/fsimage.py ls [IMAGE] --board mps2_an385                # list (path, size)
    python3 scripts/fsimage.py extract [IMAGE] OUTDIR --board mps2_an385     # image -> OUTDIR

IMAGE defaults to build/<board>/fs.img, the file a QEMU board reads and writes
through semihosting (scripts/run_qemu.py). For a board with flash storage the
image is the raw content of its storage sectors, to be written at
`storage.base`. Geometry (block size and count) comes from the board's
`storage`; read/prog/cache sizes are the firmware's (ports/cortexm/vfs/vfs_lfs.c).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from boardcfg import Board, load_board  # noqa: E402

# As the firmware configures littlefs (ports/cortexm/vfs/vfs_lfs.c LFS_*).
READ_SIZE = 16
PROG_SIZE = 16
CACHE_SIZE = 256
LOOKAHEAD_SIZE = 32
NAME_MAX = 255


class FsImageError(Exception):
    """A bad image or folder; the message says what and where."""


def _littlefs():
    try:
        import littlefs
    except ImportError:
        raise FsImageError("the littlefs-python package is missing: pip install -r requirements.txt") from None
    return littlefs


def geometry(board: Board) -> tuple[int, int]:
    """(block_size, block_count) of `board`'s storage."""
    if board.storage is None:
        raise FsImageError(f"board {board.name!r} declares no storage in boards/{board.name}/board.py")
    return board.storage.block_size, board.storage.size // board.storage.block_size


def new_fs(block_size: int, block_count: int, mount: bool = True):
    littlefs = _littlefs()
    return littlefs.LittleFS(
        block_size=block_size,
        block_count=block_count,
        read_size=READ_SIZE,
        prog_size=PROG_SIZE,
        cache_size=CACHE_SIZE,
        lookahead_size=LOOKAHEAD_SIZE,
        name_max=NAME_MAX,
        mount=mount,
    )


def build(folder: Path, block_size: int, block_count: int) -> bytes:
    """An image holding `folder`'s files and directories (its root is "/")."""
    if not folder.is_dir():
        raise FsImageError(f"{folder} is not a folder")
    littlefs = _littlefs()
    fs = new_fs(block_size, block_count)
    for path in sorted(folder.rglob("*")):
        rel = "/" + path.relative_to(folder).as_posix()
        if len(path.name.encode()) > NAME_MAX:
            raise FsImageError(f"{path}: name longer than {NAME_MAX} bytes")
        try:
            if path.is_dir():
                fs.mkdir(rel)
            elif path.is_file():
                with fs.open(rel, "wb") as f:
                    f.write(path.read_bytes())
        except littlefs.LittleFSError as e:
            raise FsImageError(f"{path}: {e} (image of {block_count} x {block_size} bytes)") from None
    return bytes(fs.context.buffer)


def open_image(data: bytes, block_size: int, block_count: int):
    littlefs = _littlefs()
    size = block_size * block_count
    if len(data) > size:
        raise FsImageError(f"image is {len(data)} bytes, larger than the storage ({size})")
    fs = new_fs(block_size, block_count, mount=False)
    # a short image (a board that has written only its first blocks) reads as erased flash beyond
    fs.context.buffer = bytearray(data) + b"\xff" * (size - len(data))
    try:
        fs.mount()
    except littlefs.LittleFSError as e:
        raise FsImageError(f"not a littlefs image of {block_count} x {block_size} bytes: {e}") from None
    return fs


def walk(fs, top: str = "/") -> Iterator[tuple[str, int | None]]:
    """(path, size) of everything under `top`; size None for a directory."""
    for name in sorted(fs.listdir(top)):
        path = top.rstrip("/") + "/" + name
        st = fs.stat(path)
        if st.type == 2:  # LFS_TYPE_DIR
            yield path, None
            yield from walk(fs, path)
        else:
            yield path, st.size


def extract(fs, out: Path) -> int:
    """Write every file and directory of `fs` under `out`; return the number of files."""
    count = 0
    for path, size in walk(fs):
        dest = out / path.lstrip("/")
        if size is None:
            dest.mkdir(parents=True, exist_ok=True)
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        with fs.open(path, "rb") as f:
            dest.write_bytes(f.read())
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    p_build = sub.add_parser("build", help="make an image from a folder")
    p_build.add_argument("folder", type=Path)
    p_build.add_argument("-o", "--output", type=Path, help="default build/<board>/fs.img")
    p_ls = sub.add_parser("ls", help="list an image")
    p_ls.add_argument("image", type=Path, nargs="?")
    p_ext = sub.add_parser("extract", help="copy an image's files into a folder")
    p_ext.add_argument("image", type=Path, nargs="?")
    p_ext.add_argument("outdir", type=Path)
    for p in (p_build, p_ls, p_ext):
        p.add_argument("--board", required=True)
    args = parser.parse_args(argv)

    try:
        board = load_board(args.board)
        block_size, block_count = geometry(board)
        default = ROOT / "build" / board.name / "fs.img"
        if args.cmd == "build":
            out = args.output or default
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(build(args.folder, block_size, block_count))
            print(f"fsimage: {args.folder} -> {out} ({block_count} x {block_size} bytes)")
            return 0
        image = args.image or default
        if not image.is_file():
            raise FsImageError(f"no image {image}")
        fs = open_image(image.read_bytes(), block_size, block_count)
        if args.cmd == "ls":
            for path, size in walk(fs):
                print(f"{'dir' if size is None else size:>10}  {path}")
            return 0
        n = extract(fs, args.outdir)
        print(f"fsimage: {n} files from {image} -> {args.outdir}")
        return 0
    except (FsImageError, ValueError) as e:
        print(f"fsimage: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
