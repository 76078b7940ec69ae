# SPDX-License-Identifier: MIT
"""Find, load and validate board files: boards/<name>/board.py binds BOARD."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

from .schema import Board
from .validate import BoardConfigError, validate

REPO_ROOT = Path(__file__).resolve().parents[2]
BOARDS_DIR = REPO_ROOT / "boards"
DEFAULT_BOARD = "mps2_an385"


def board_names(boards_dir: Path | None = None) -> list[str]:
    """Names of all boards: the folders of boards/ holding a board.py, sorted."""
    d = boards_dir or BOARDS_DIR
    return sorted(p.parent.name for p in d.glob("*/board.py"))


def load_board(name: str, boards_dir: Path | None = None) -> Board:
    """Load boards/<name>/board.py and validate it; BoardConfigError on any problem."""
    d = boards_dir or BOARDS_DIR
    path = d / name / "board.py"
    if not path.is_file():
        known = ", ".join(board_names(d)) or "none"
        raise BoardConfigError(name, "board", f"no {path} (known boards: {known})", "known-board")
    try:
        scope = runpy.run_path(str(path))
    except TypeError as e:
        # a dataclass built with a missing or unknown field
        text = str(e)
        missing = re.search(r"missing \d+ required (?:positional|keyword-only) arguments?: (.*)", text)
        if missing:
            raise BoardConfigError(name, missing.group(1).replace("'", ""), text, "missing-field") from None
        unknown = re.search(r"unexpected keyword argument '(\w+)'", text)
        if unknown:
            raise BoardConfigError(name, unknown.group(1), text, "unknown-field") from None
        raise BoardConfigError(name, "board.py", text, "type") from None
    board = scope.get("BOARD")
    if board is None:
        raise BoardConfigError(name, "BOARD", f"{path} does not bind BOARD", "required")
    validate(board)
    if board.name != name:
        raise BoardConfigError(name, "name", f"{board.name!r} differs from its folder {name!r}", "name-matches-folder")
    return board


def all_boards(boards_dir: Path | None = None) -> list[Board]:
    """Every board, loaded and validated, sorted by name."""
    return [load_board(n, boards_dir) for n in board_names(boards_dir)]
