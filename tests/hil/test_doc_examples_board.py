# SPDX-License-Identifier: MIT
"""The REPL transcripts and board-side files (`file NAME`) of README.md and docs/*.md
marked `<!-- example: board ... -->` run as written on a freshly booted QEMU board (tests/support/doc_examples.py: the
markers, the comparison; the host's are tests/host/test_doc_examples.py).

A doc's board examples show what a user sees on a board that just booted: its
filesystem fresh (`os.listdir()` lists only what the example made), the heap
whole. So each session boots its own QEMU with a new filesystem image (as
test_fs_qemu.py and test_images_board.py's frozen firmware do: well under a
second each), the firmware of build/<board>/, build/<board>-natmod/ for a
`natmod` session, or, for a `frozen` session, the board's firmware with those
test programs in flash (support.images.frozen_firmware). A `file` block is sent as
the file it is (main.py, after its `files`) and exec'd in fresh globals.
A session runs when its board is among this run's boards (`--board`; by
default the sessions of mps2_an385, plus netduinoplus2's frozen images).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from boardcfg import load_board
from conftest import SELECTED_BOARDS, booted, not_in_qemu_here
from raw_repl import DeviceError, RawRepl, send_file
from support import doc_examples as D
from support import images

BOARD_SESSIONS = [s for s in D.all_sessions() if s.target != "host"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "doc_session" in metafunc.fixturenames:
        boards = metafunc.config.stash[SELECTED_BOARDS]
        chosen = [s for s in BOARD_SESSIONS if s.target in boards]
        # the board in the id: the session runs in its board's group (tests/support/groups.py),
        # after or before that board's other files, never beside test_images_board's frozen build
        metafunc.parametrize("doc_session", chosen, ids=[f"{s.target}-{s.id}" for s in chosen])


def firmware(session: D.Session, build_dir: Path) -> Path:
    if session.frozen:
        try:
            return images.frozen_firmware(session.target, session.frozen, sys.executable)
        except FileNotFoundError as e:
            pytest.fail(str(e), pytrace=False)
    folder, how = (f"{session.target}-natmod", " WASM=natmod") if session.natmod else (session.target, "")
    elf = build_dir / folder / "firmware.elf"
    if not elf.is_file():
        pytest.fail(f"no {elf}: run `make firmware BOARD={session.target}{how}` first", pytrace=False)
    return elf


def upload(raw: RawRepl, name: str, data: bytes, chunk: int = 2048) -> None:
    """`data` as the file `name` in the board's current folder (a `files` entry), in pieces:
    a bytes literal of tens of KiB does not compile in a small heap."""
    send_file(raw, name, data, chunk)
    assert raw.exec(f"import os\nprint(os.stat({name!r})[6])").strip() == str(len(data))


def test_doc_transcript_runs_on_the_board(doc_session: D.Session, request: pytest.FixtureRequest, tmp_path: Path):
    board = load_board(doc_session.target)
    why = not_in_qemu_here(request.config, board)
    if why:
        pytest.skip(f"{why}: a doc's board examples start from a freshly booted board with a new filesystem")
    elf = firmware(doc_session, Path(request.config.getoption("build_dir")))
    with booted(board.name, elf, tmp_path) as raw:
        for name, (kind, source) in doc_session.files.items():
            upload(raw, name, D.file_bytes(kind, source))
        if doc_session.kind == "file":  # the file as the doc shows it, run in fresh globals
            block = doc_session.blocks[0]
            upload(raw, block.file, block.code.encode())
            try:
                out = raw.exec(f"exec(open({block.file!r}).read(), {{'__name__': '__main__'}})", timeout=120)
            except DeviceError as e:
                pytest.fail(f"{block.doc}:{block.line}: {block.file} raised on {board.name}:\n{e}", pytrace=False)
            reports = D.code_mismatch(block, out)
        else:
            out = raw.exec(D.run_script(doc_session.examples), timeout=120)
            reports = D.mismatches(doc_session.examples, out)
    assert not reports, "\n\n".join(reports)
