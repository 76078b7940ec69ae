# SPDX-License-Identifier: MIT
"""HIL harness: the same tests on QEMU boards and on real boards over a serial line.

    python3 -m pytest tests/hil                              # every QEMU board, one after another
    python3 -m pytest tests/hil --board mps2_an505           # one QEMU board (repeatable)
    python3 -m pytest tests/hil --board pyboard_v11 --port /dev/ttyACM0 --baud 115200
    .venv-labgrid/bin/python -m pytest tests/hil --lg-env tests/mplabgrid/envs/qemu-mps2_an385.yaml
                                                             # a labgrid target (docs/lab.md)

Fixtures:
  repl    a Repl connected to the board under test, at the raw REPL prompt:
          repl.exec(code, timeout=10) -> stdout (newlines "\\n"), raises DeviceError;
          repl.board is the boardcfg.Board; repl.raw is the RawRepl underneath.
  target  the Target (QEMU process or real port) behind it: url, board, disconnect()/connect().

Per board, one QEMU runs for all the tests of the session (boards one at a time),
started and always stopped by scripts/run_qemu.py (run_qemu.start, Qemu.stop).
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import serial

import fsimage
import run_qemu
from boardcfg import Board, all_boards, board_names, load_board
from raw_repl import DeviceError, RawRepl, ReplError, ReplTimeout
from support.groups import group
from support.host import FORGET_GLOBALS, printed_values

ROOT = Path(__file__).resolve().parents[2]

QEMU_CONNECT_TIMEOUT_S = 15.0  # QEMU listens within a second; slack for a loaded 2-core CI machine
BOOT_TIMEOUT_S = 20.0  # from connection to the raw REPL prompt (QEMU boots in well under a second)

__all__ = ["DeviceError", "Repl", "ReplError", "ReplTimeout", "Target"]


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    group = parser.getgroup("hil", "mpwasm hardware-in-the-loop tests")
    if not pluginmanager.has_plugin("labgrid"):  # labgrid's pytest plugin has its own --lg-env
        group.addoption("--lg-env", default=None, help="a labgrid environment file: run on its target 'main'")
    group.addoption(
        "--board",
        action="append",
        default=[],
        help="board to test (repeatable); default: every QEMU board. With --port: the board on that port.",
    )
    group.addoption("--port", default=None, help="a real board's serial port (/dev/ttyACM0); no QEMU is started")
    group.addoption("--baud", type=int, default=None, help="baud rate for --port (default: the board's)")
    group.addoption(
        "--qemu-gdb",
        type=int,
        default=None,
        metavar="PORT",
        help="QEMU's gdb stub on tcp::PORT, for gdb-multiarch during a test (tests/README.md)",
    )
    group.addoption(
        "--build-dir", default=str(ROOT / "build"), help="where build/<board>/firmware.elf is (default: build/)"
    )


SELECTED_BOARDS = pytest.StashKey[list[str]]()
# Boards of this run that get SMOKE_FILE alone: those whose Qemu says ci="smoke", when no
# --board named them (boardcfg/schema.py CiSuite); named, a board runs every file.
SMOKE_ONLY = pytest.StashKey[frozenset[str]]()
SMOKE_FILE = "test_board_smoke.py"


def pytest_configure(config: pytest.Config) -> None:
    """Check --board/--port once, up front, so a typo is one clear line, not a traceback."""
    hil_wasm_source(config)
    names = config.getoption("board") or []
    port = config.getoption("port")
    if config.getoption("lg_env"):
        names = lab_configure(config, names, port)
    if port and len(names) != 1:
        raise pytest.UsageError("--port needs exactly one --board: the board on that port")
    known = board_names()
    for n in names:
        if n not in known:
            raise pytest.UsageError(f"unknown board {n!r}; known boards: {', '.join(known)}")
        if not port and LAB_ENV not in config.stash and load_board(n).qemu is None:
            raise pytest.UsageError(f"board {n!r} has no QEMU machine: give --port DEV for the real board")
    smoke: list[str] = []
    if not names:
        names = [b.name for b in all_boards() if b.qemu is not None]
        smoke = [b.name for b in all_boards() if b.qemu is not None and b.qemu.ci == "smoke"]
    config.stash[SELECTED_BOARDS] = names
    config.stash[SMOKE_ONLY] = frozenset(smoke)


LAB_ENV = pytest.StashKey[object]()


def not_in_qemu_here(config: pytest.Config, board: Board) -> str | None:
    """Why a test that boots its own QEMU for `board` cannot run in this session, or None: the
    board is on --port, or has no QEMU machine (a real board behind a labgrid place, --lg-env)."""
    if config.getoption("port"):
        return f"QEMU only: {board.name} is a real board on --port"
    if board.qemu is None:
        return f"QEMU only: {board.name} has no QEMU machine (a real board, here through --lg-env)"
    return None


def lab_configure(config: pytest.Config, names: list[str], port: str | None) -> list[str]:
    """--lg-env: load the environment (ours: labgrid's plugin configures after us); its target names the board."""
    if port:
        raise pytest.UsageError("--lg-env and --port are two transports: give one")
    try:
        sys.path.insert(0, str(ROOT / "tests"))
        from mplabgrid import hil as lab
    except ImportError as e:
        raise pytest.UsageError(f"--lg-env needs labgrid ({e}): run .venv-labgrid/bin/python -m pytest") from e
    try:
        env = lab.load_env(config.getoption("lg_env"))
    except lab.LabError as e:
        raise pytest.UsageError(str(e)) from e
    config.stash[LAB_ENV] = env
    try:
        board = lab.board_of(env)
    except lab.LabError as e:
        raise pytest.UsageError(str(e)) from e
    if names and board and names != [board]:
        raise pytest.UsageError(f"--board {names} but the labgrid target says board: {board}")
    if not (names or board):
        raise pytest.UsageError("say which board the labgrid target is: --board NAME, or options: board: in the env")
    return names or [board]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "hil_board" in metafunc.fixturenames:
        metafunc.parametrize("hil_board", metafunc.config.stash[SELECTED_BOARDS], scope="session")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A board test whose parameters are empty for this run's boards (test_doc_examples_board.py
    on a board no doc example names) is left out, not reported as a skip; so is every test of a
    smoke-only board (SMOKE_ONLY) outside SMOKE_FILE."""
    here = Path(__file__).parent

    def empty(item: pytest.Item) -> bool:
        mark = item.get_closest_marker("skip")
        return (
            here in item.path.parents
            and mark is not None
            and str(mark.kwargs.get("reason", "")).startswith("got empty parameter set")
        )

    smoke_only = config.stash[SMOKE_ONLY]
    boards = frozenset(board_names())

    def beyond_smoke(item: pytest.Item) -> bool:
        on = group(item.nodeid, boards).removeprefix("board ")
        return here in item.path.parents and on in smoke_only and item.path.name != SMOKE_FILE

    gone = [i for i in items if empty(i) or beyond_smoke(i)]
    if gone:
        config.hook.pytest_deselected(items=gone)
        kept = set(map(id, gone))
        items[:] = [i for i in items if id(i) not in kept]


class Target:
    """Where a board runs: a QEMU process we own, or a real board on a serial port."""

    def __init__(self, board: Board, url: str, baud: int, qemu: run_qemu.Qemu | None) -> None:
        self.board = board
        self.url = url
        self.baud = baud
        self.qemu = qemu
        self.raw: RawRepl | None = None
        self.last_module = ""  # the test file that used the board last (see the repl fixture)

    def connect(self, timeout: float = QEMU_CONNECT_TIMEOUT_S) -> RawRepl:
        """Open the serial connection (QEMU accepts one client at a time)."""
        self.check_alive()
        self.raw = RawRepl.open(self.url, baud=self.baud, connect_timeout=timeout)
        return self.raw

    def disconnect(self) -> None:
        """Close our connection so another client (mpremote) can have the port."""
        if self.raw is not None:
            with contextlib.suppress(Exception):
                self.raw.close()
            self.raw = None

    def mpremote(self, *args: str, timeout: float, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        """Run `mpremote connect <url> args...` with our own client off the port, then reconnect."""
        self.disconnect()
        try:
            return subprocess.run(
                [sys.executable, "-m", "mpremote", "connect", self.url, *args],
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
                cwd=cwd,
            )
        finally:
            self.connect()

    def check_alive(self) -> None:
        if self.qemu is not None and self.qemu.exited() is not None:
            raise ReplError(f"QEMU exited with status {self.qemu.exited()}; its output:\n{self.log_text()}")

    def log_text(self) -> str:
        if self.qemu is None or self.qemu.log is None or not self.qemu.log.is_file():
            return ""
        return self.qemu.log.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        """Close the connection and stop QEMU (Qemu.stop: terminate, then kill)."""
        self.disconnect()
        if self.qemu is not None:
            self.qemu.stop()


class Repl:
    """What tests use: `exec` plus the board under test."""

    def __init__(self, target: Target, files: frozenset[str] = frozenset()) -> None:
        self.target = target
        self.board = target.board
        self.files = files  # the paths put in its filesystem's image at boot (board_with_files)

    @property
    def raw(self) -> RawRepl:
        if self.target.raw is None:
            self.target.connect()
            self.target.raw.enter_raw(BOOT_TIMEOUT_S)
        return self.target.raw

    def exec(self, code: str, timeout: float = 10.0) -> str:
        """Run `code` on the board; return its stdout with "\\n" newlines; DeviceError if it raised."""
        try:
            return self.raw.exec(code, timeout).replace("\r\n", "\n")
        except (ReplTimeout, serial.SerialException):
            self.target.check_alive()  # QEMU gone (lockup, abort): say so, with its output
            raise

    def soft_reset(self, timeout: float = 10.0) -> str:
        return self.raw.soft_reset(timeout)


def hil_wasm_source(config: pytest.Config) -> str:
    """--wasm (tests/conftest.py) for the boards: one source per run, each boots its own firmware."""
    sources = set(config.getoption("wasm") or ["builtin"])
    if len(sources) != 1:
        raise pytest.UsageError("tests/hil: give one --wasm (builtin or natmod): each boots its own firmware")
    return sources.pop()


def natmod_arch(board: Board) -> str:
    """The wasm.mpy a board loads (docs/natmod.md): its CPU's arch, or the newest one it runs."""
    if board.cpu.core in ("cortex-m0", "cortex-m0plus"):
        return "armv6m"
    return {None: "armv7m", "sp": "armv7emsp", "dp": "armv7emdp"}[board.cpu.fpu]


def natmod_fs_image(board: Board, build_dir: Path, image: Path, files: dict[str, bytes] | None = None) -> None:
    """A filesystem image for `board` with build/natmod/<arch>/wasm.mpy in /lib, as `mpremote cp
    wasm.mpy :lib/` (or mip) leaves it: on sys.path whatever the current folder (at "/" a test
    that changes folder, or runs an app from an mpremote mount, could no longer import it);
    and `files` (fs_image)."""
    mpy = build_dir / "natmod" / natmod_arch(board) / "wasm.mpy"
    if not mpy.is_file():
        pytest.fail(f"no {mpy}: run `make natmod ARCH={natmod_arch(board)}` first", pytrace=False)
    fs_image(board, image, {"lib/wasm.mpy": mpy.read_bytes(), **(files or {})})


def fs_image(board: Board, image: Path, files: dict[str, bytes]) -> None:
    """A filesystem image for `board` holding `files` (a path from "/" -> its bytes), built on the
    host (scripts/fsimage.py) in a folder beside `image`."""
    folder = image.parent / (image.stem + "-files")
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        path = folder / name.lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    image.write_bytes(fsimage.build(folder, *fsimage.geometry(board)))


# What a file put in a QEMU board's image (board_with_files) leaves free at least:
# room for what the test writes beside it (SQLite's database and journal, 16 KiB)
# and wasm.mpy in /lib (~80 KB) with littlefs's copy-on-write blocks
FILES_SPARE = 128 * 1024


def files_by_image(config: pytest.Config, board: Board, size: int) -> bool:
    """Whether board_with_files can boot `board` with `size` bytes of files in its image:
    a QEMU board of this session (not --port: a real board's files go through its REPL, as
    a labgrid target's do) whose storage holds them with FILES_SPARE to spare."""
    if not_in_qemu_here(config, board) or LAB_ENV in config.stash:
        return False
    return board.storage is not None and board.storage.size - size >= FILES_SPARE


@contextlib.contextmanager
def board_with_files(
    board: Board, config: pytest.Config, log_dir: Path, files: dict[str, bytes], icount: int | None = None
) -> Iterator[Repl]:
    """The session's firmware (built-in or natmod) booted in a QEMU of its own whose filesystem
    holds `files` (a path from "/" -> its bytes) from a host-built image: a large file there in
    about a second where the raw REPL carries ~10-15 KB of binary a second (a 900 KB program:
    75-150 s; tests/README.md, "Where the time goes"). The Repl's `files` names them. Where
    files_by_image says no, the test sends its bytes through the REPL instead. `icount`: QEMU's
    -icount shift with sleep=off (run_qemu.qemu_command, idle_jumps): the guest's clocks count
    its instructions and jump over its idle time, the host's pauses not seen. QEMU is stopped on
    leaving, whatever happens."""
    build_dir = Path(config.getoption("build_dir"))
    log_dir.mkdir(parents=True, exist_ok=True)
    t = start_target(board, None, None, build_dir, log_dir, hil_wasm_source(config), files=files, icount=icount)
    try:
        assert t.raw is not None
        t.raw.enter_raw(BOOT_TIMEOUT_S)
        yield Repl(t, frozenset("/" + name.lstrip("/") for name in files))
    finally:
        t.stop()


def start_target(
    board: Board,
    port_opt: str | None,
    baud_opt: int | None,
    build_dir: Path,
    log_dir: Path,
    source: str = "builtin",
    gdb: int | None = None,
    files: dict[str, bytes] | None = None,
    icount: int | None = None,
) -> Target:
    baud = baud_opt or board.uart.baud
    if port_opt:
        target = Target(board, port_opt, baud, None)
        error = ""
        try:
            target.connect()
        except ReplError as e:
            wiring = board.uart.pins or f"the {board.uart.instance or board.uart.kind} UART's pins"
            error = f"cannot open {port_opt} for {board.name} ({e}); its REPL UART: {wiring}, {baud} baud"
        if error:
            pytest.fail(error, pytrace=False)  # outside `except`: one message, not the chain
        return target
    if board.qemu is None:
        raise pytest.UsageError(f"board {board.name!r} has no QEMU machine: give --port for the real board")
    if source == "natmod":
        # the firmware without the built-in module, wasm.mpy in its filesystem
        firmware = build_dir / f"{board.name}-natmod" / "firmware.elf"
        if not firmware.is_file():
            pytest.fail(f"no {firmware}: run `make firmware BOARD={board.name} WASM=natmod` first", pytrace=False)
        natmod_fs_image(board, build_dir, log_dir / "fs.img", files)
    else:
        firmware = build_dir / board.name / "firmware.elf"
        if not firmware.is_file():
            pytest.fail(f"no {firmware}: run `make firmware BOARD={board.name}` first", pytrace=False)
        if files:
            fs_image(board, log_dir / "fs.img", files)
    log = log_dir / f"qemu-{board.name}.log"
    last_error = ""
    for _attempt in range(3):  # the free port may be taken between run_qemu.free_port() and QEMU's bind
        qemu = run_qemu.start(  # a fresh filesystem per session
            board, firmware, log, log_dir / "fs.img", icount=icount, gdb=gdb, idle_jumps=icount is not None
        )
        target = Target(board, qemu.url, baud, qemu)
        try:
            target.connect()
            return target
        except ReplError as e:
            last_error = str(e)
            target.stop()
    pytest.fail(
        f"could not start QEMU for {board.name}: {last_error}\n{log.read_text(errors='replace')}", pytrace=False
    )


@contextlib.contextmanager
def booted(board: str, elf: Path, tmp_path: Path) -> Iterator[RawRepl]:
    """QEMU running `elf` with a new filesystem in `tmp_path`, at the raw REPL; stopped on leaving,
    whatever happens (a test that boots its own firmware: test_images_board, test_doc_examples_board)."""
    qemu = run_qemu.start(load_board(board), elf, tmp_path / "qemu.log", tmp_path / "fs.img")
    raw = None
    try:
        raw = RawRepl.open(qemu.url, connect_timeout=QEMU_CONNECT_TIMEOUT_S)
        raw.enter_raw(BOOT_TIMEOUT_S)
        yield raw
    finally:
        if raw is not None:
            with contextlib.suppress(Exception):
                raw.close()
        qemu.stop()


@pytest.fixture(scope="session")
def target(
    hil_board: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Target]:
    """The board under test, booted and connected; QEMU is stopped at the end whatever happens."""
    board = load_board(hil_board)
    config = request.config
    if LAB_ENV in config.stash:
        from mplabgrid.hil import LabError, LabgridTarget

        error = ""
        try:
            t = LabgridTarget.start(board, config.stash[LAB_ENV])
        except LabError as e:
            error = str(e)
        if error:
            pytest.fail(error, pytrace=False)  # outside `except`: one message, not the chain
        try:
            yield t
        finally:
            t.stop()
        return
    t = start_target(
        board,
        config.getoption("port"),
        config.getoption("baud"),
        Path(config.getoption("build_dir")),
        tmp_path_factory.mktemp(f"hil-{hil_board}"),
        hil_wasm_source(config),
        config.getoption("qemu_gdb"),
    )
    try:
        assert t.raw is not None
        t.raw.enter_raw(BOOT_TIMEOUT_S)
        yield t
    finally:
        t.stop()


@pytest.fixture(scope="session")
def wasm_source(request: pytest.FixtureRequest) -> str:
    """How the boards of this run get `import wasm`: "builtin", or "natmod" (wasm.mpy, --wasm natmod)."""
    return hil_wasm_source(request.config)


@pytest.fixture
def repl(target: Target, request: pytest.FixtureRequest) -> Iterator[Repl]:
    """A Repl at the raw prompt; if the previous test left the board busy, it is interrupted first.

    Each test file starts on a soft-reset board: what one file left in the heap
    (instances, modules, their linear memories) cannot starve the next on a small
    board (netduinoplus2 has ~90 KiB). Tests in one file share the board's state.
    """
    r = Repl(target)
    raw = r.raw
    if raw.pending():
        raw.recover(BOOT_TIMEOUT_S)
    if target.last_module != request.node.module.__name__:
        r.soft_reset(BOOT_TIMEOUT_S)
        target.last_module = request.node.module.__name__
    yield r
    # leave the link usable for the next test: an interrupted exec may have left output behind
    if target.raw is not None and target.raw.pending():
        target.raw.recover(BOOT_TIMEOUT_S)


@pytest.fixture
def fresh_globals(repl: Repl) -> Iterator[Repl]:
    """The repl with no globals before and after the test (support.host.FORGET_GLOBALS):
    a case on a small board starts with the heap the last one used back. Where
    a case left the heap so full that their deletion cannot compile (below
    CASE_HEAP: netduinoplus2 with wasm.mpy, whose default stacks fit beside it
    since session 23 and stay made), a soft reset gives it back instead."""
    repl.exec(FORGET_GLOBALS)
    yield repl
    with memory_error_below_case_heap(repl):
        repl.exec(FORGET_GLOBALS)


# What a wasm test file's cases need free after `import wasm` to run whole: the
# default stacks (6 KiB small profile, 12 KiB full), a case's script compiled and
# its modules. lm3s6965evb (~48 KiB free, the small profile) runs every case;
# netduinoplus2 with wasm.mpy (a largest free run of ~10 KiB after the import:
# docs/natmod.md "Which file for which board") holds the stacks or a case's
# script, rarely both: there a case prints what it prints elsewhere or ends in
# a clean MemoryError with the REPL alive.
CASE_HEAP = 24 * 1024


def heap_after_import(repl: Repl) -> int:
    """Bytes of heap free once `wasm` is imported (wasm.mpy's code is in the heap).
    Where the globals an earlier test left hold so much of a small heap that not even
    this compiles (a MemoryError), a soft reset gives it back first."""
    code = "import gc, wasm\ngc.collect()\nprint(gc.mem_free())"
    try:
        return int(repl.exec(code))
    except DeviceError as e:
        if e.exc_type != "MemoryError":
            raise
    repl.soft_reset()
    return int(repl.exec(code))


@contextlib.contextmanager
def memory_error_below_case_heap(repl: Repl) -> Iterator[None]:
    """Runs the block; a MemoryError it raises on the board ends it quietly where
    less than CASE_HEAP is free after `import wasm`, and fails the test anywhere
    else. The REPL must answer after it; a soft reset then gives the next test
    the heap back (the globals the case left can hold it so full that not even
    their deletion compiles)."""
    try:
        yield
        return
    except DeviceError as e:
        if e.exc_type != "MemoryError":
            raise
        error = e
    repl.soft_reset()
    if heap_after_import(repl) >= CASE_HEAP:
        raise error  # a board with the room: the MemoryError is the test's failure


def exec_or_memory_error(repl: Repl, code: str, timeout: float = 120) -> str | None:
    """`code`'s output; None if it raised MemoryError, which only a board with
    less than CASE_HEAP free after `import wasm` may do (memory_error_below_case_heap)."""
    out = None
    with memory_error_below_case_heap(repl):
        out = repl.exec(code, timeout)
    return out


def caught_memory_error(value: object) -> bool:
    """A ("MemoryError", text) an exc() of the case printed, anywhere in `value`."""
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "MemoryError" and isinstance(value[1], str):
        return True
    return isinstance(value, (tuple, list)) and any(caught_memory_error(v) for v in value)


def check_case(repl: Repl, code: str, expected: list, timeout: float = 120) -> None:
    """A case's script prints `expected`; below CASE_HEAP free after `import wasm`
    it may instead end in a clean MemoryError, raised or caught by the case's exc()."""
    out = exec_or_memory_error(repl, code, timeout)
    if out is None:
        return
    values = printed_values(out)
    if values != expected and caught_memory_error(values) and heap_after_import(repl) < CASE_HEAP:
        return
    assert values == expected
