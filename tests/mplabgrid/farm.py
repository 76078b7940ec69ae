# SPDX-License-Identifier: MIT
"""A labgrid farm on loopback: a coordinator, QEMU boards, an exporter serving their consoles.

    with Farm(tmp_dir, ["mps2_an385", "mps2_an505"]) as farm:     # everything stops on leaving
        farm.acquire("farm-mps2_an385")
        env = farm.env_file("farm-mps2_an385")                  # RemotePlace + SerialDriver + MicroPython*
        ... pytest tests/hil --lg-env env ...
        farm.release("farm-mps2_an385")

    python tests/mplabgrid/farm.py --board mps2_an385 --board mps2_an505 -- pytest tests/hil --lg-env {env}
        (the same from a shell: acquire, run the command once per board with its env file, release, stop)

Each board is QEMU with its UART on a pseudo-terminal; the exporter exports the pty as
a RawSerialPort, i.e. exactly as it exports a real board's USB serial port: ser2net
serves it over RFC 2217 while the place is acquired. Every process runs in its own
process group (the exporter's ser2net in the exporter's) and is stopped with SIGTERM,
then SIGKILL after STOP_TIMEOUT_S; a parent-death signal (setpriv) covers a killed pytest.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

ROOT = Path(__file__).resolve().parents[2]
LG_BIN = Path(sys.executable).parent  # labgrid-coordinator etc. beside this (.venv-labgrid) Python
REGISTER = Path(__file__).resolve().parent / "register.py"
sys.path.insert(0, str(ROOT / "scripts"))

from boardcfg import BoardConfigError, load_board  # noqa: E402
from run_qemu import qemu_command  # noqa: E402

EXPORTER = "farm"  # the exporter's name: resources are farm/<group>/NetworkSerialPort
START_TIMEOUT_S = 20.0  # a process to come up (coordinator listening, exporter's resources seen)
CLIENT_TIMEOUT_S = 20.0  # one labgrid-client command
STOP_TIMEOUT_S = 5.0  # SIGTERM grace before SIGKILL


class FarmError(RuntimeError):
    """A farm process did not come up or a client command failed; the message has its output."""


def with_parent(cmd: list[str]) -> list[str]:
    """`cmd` run so that it gets SIGTERM if the process that started it dies (Linux, util-linux
    setpriv). Not a preexec_fn: this process has gRPC threads, and Python code between fork
    and exec in a threaded process can deadlock or crash the child."""
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "TERM", "--", *cmd] if setpriv and sys.platform.startswith("linux") else cmd


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def descendants(pid: int) -> list[int]:
    """`pid`'s children, grandchildren... (Linux /proc)."""
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            for child in (task / "children").read_text().split():
                out += [int(child), *descendants(int(child))]
    return out


def running(pid: int) -> bool:
    """`pid` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen
    log: Path

    def alive(self) -> bool:
        return self.popen.poll() is None

    def log_text(self, tail: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-tail:] if self.log.is_file() else ""

    def stop(self) -> None:
        """SIGTERM the process group, SIGKILL what is left after STOP_TIMEOUT_S."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, sig)
            try:
                self.popen.wait(STOP_TIMEOUT_S)
                break
            except subprocess.TimeoutExpired:
                continue
        with contextlib.suppress(ProcessLookupError):  # ser2net and any other straggler of the group
            os.killpg(self.popen.pid, signal.SIGKILL)


@dataclass
class FarmBoard:
    name: str  # boards/<name>
    place: str
    tty: str  # the pty the exporter exports
    proc: Proc | None = None  # QEMU (None: a silent line, for tests)
    keep: list[int] = field(default_factory=list)  # fds held open (a silent line's master)


class Farm:
    """Coordinator + QEMU boards + exporter, all on 127.0.0.1; `with` stops all of it."""

    def __init__(self, workdir: Path, boards: list[str], build_dir: Path | None = None, silent: int = 0) -> None:
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.board_names = boards
        self.silent = silent  # this many extra places whose line never answers (bad-input tests)
        self.build_dir = build_dir or ROOT / "build"
        self.port = 0
        self.procs: list[Proc] = []
        self.boards: dict[str, FarmBoard] = {}
        self.coordinator: Proc | None = None
        self.exporter: Proc | None = None
        self._session: Any = None  # our labgrid ClientSession

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    # --- processes ---------------------------------------------------------------------

    def spawn(self, name: str, cmd: list[str], cwd: Path | None = None) -> Proc:
        log = self.workdir / f"{name}.log"
        with log.open("wb") as out:
            popen = subprocess.Popen(
                with_parent(cmd),
                cwd=cwd or self.workdir,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stop() takes its children too
            )
        proc = Proc(name, popen, log)
        self.procs.append(proc)
        return proc

    def wait_for(self, what: str, proc: Proc, ready: callable, timeout: float = START_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout
        while not ready():
            if not proc.alive():
                raise FarmError(f"{proc.name} exited ({proc.popen.returncode}) before {what}:\n{proc.log_text()}")
            if time.monotonic() >= deadline:
                raise FarmError(f"{proc.name}: no {what} within {timeout:g} s:\n{proc.log_text()}")
            time.sleep(0.05)

    def start(self) -> Self:
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        self.port = free_port()
        self.coordinator = self.spawn("coordinator", [str(LG_BIN / "labgrid-coordinator"), "-l", self.address])

        def listening() -> bool:
            with socket.socket() as s:
                return s.connect_ex(("127.0.0.1", self.port)) == 0

        qemus = [self.start_qemu(name) for name in self.board_names]  # all boot at once
        for b in qemus:
            self.wait_for("a pty for the board's UART", b.proc, lambda b=b: self.pty_known(b))
            self.boards[b.name] = b
        for i in range(self.silent):
            master, slave = os.openpty()
            name = f"silent{i}"
            self.boards[name] = FarmBoard(name, f"{EXPORTER}-{name}", os.ttyname(slave), keep=[master, slave])
        self.wait_for("listening coordinator", self.coordinator, listening)
        self.start_exporter()
        for b in self.boards.values():  # the places meanwhile (a match needs no resource yet)
            self.command("create", b.place)
            self.command("add-match", b.place, patterns=[f"{EXPORTER}/{b.name}/NetworkSerialPort"])
        self.wait_for("exported serial ports", self.exporter, self.exported)

    def start_qemu(self, name: str) -> FarmBoard:
        try:
            board = load_board(name)
        except BoardConfigError as e:
            raise FarmError(str(e)) from e
        if board.qemu is None:
            raise FarmError(
                f"board {name} has no QEMU machine: the farm runs QEMU boards; a real board is served by "
                "labgrid-exporter on the host it is plugged into (docs/lab.md)"
            )
        elf = self.build_dir / name / "firmware.elf"
        if not elf.is_file():
            raise FarmError(f"no {elf}: run `make firmware BOARD={name}` first")
        fs = self.workdir / f"fs-{name}.img"  # its own filesystem, not build/<board>/fs.img of other runs
        proc = self.spawn(f"qemu-{name}", qemu_command(board, elf, "pty", fs))
        return FarmBoard(name, f"{EXPORTER}-{name}", "", proc)

    def pty_known(self, b: FarmBoard) -> bool:
        """QEMU says which pty its UART got: "char device redirected to /dev/pts/N (label serial0)"."""
        m = re.search(r"char device redirected to (/dev/pts/\d+)", b.proc.log_text() if b.proc else "")
        if m:
            b.tty = m.group(1)
        return bool(m)

    def exporter_config(self) -> Path:
        """One group per board, its UART's pty as a RawSerialPort (a real board: USBSerialPort, docs/lab.md)."""
        lines = ["{# generated by tests/mplabgrid/farm.py (a jinja2 template: no #-comments) #}"]
        for b in self.boards.values():
            lines += [f"{b.name}:", "  RawSerialPort:", f"    port: {b.tty}", "    speed: 115200"]
        path = self.workdir / "exporter.yaml"
        path.write_text("\n".join(lines) + "\n")
        return path

    def start_exporter(self) -> None:
        cmd = [str(LG_BIN / "labgrid-exporter"), "-c", self.address, "-n", EXPORTER, "--hostname", "127.0.0.1"]
        self.exporter = self.spawn("exporter", [*cmd, str(self.exporter_config())])

    def exported(self) -> bool:
        """The coordinator has every board's serial port from the exporter (its log says so, at no cost;
        `labgrid-client resources` would too, at a second a look)."""
        log = self.coordinator.log_text(tail=1 << 20) if self.coordinator else ""
        return all(f"set_resource {b.name} RawSerialPort" in log for b in self.boards.values())

    def exporter_children(self) -> list[int]:
        """The exporter's ser2net processes (one per acquired serial port)."""
        return descendants(self.exporter.popen.pid) if self.exporter is not None else []

    def stop_exporter(self) -> None:
        """The exporter (and its ser2net) goes away, as when a lab host dies."""
        if self.exporter is not None:
            self.exporter.stop()

    def stop(self) -> None:
        """Stop everything, newest first; close the silent lines."""
        self.close_sessions()
        for proc in reversed(self.procs):
            proc.stop()
        for b in self.boards.values():
            for fd in b.keep:
                with contextlib.suppress(OSError):
                    os.close(fd)
            b.keep = []

    def leftovers(self) -> list[str]:
        """What of ours still runs (should be nothing after stop())."""
        left = []
        for proc in self.procs:
            if proc.alive():
                left.append(f"{proc.name} ({proc.popen.pid})")
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.popen.pid, 0)  # any member of its group left?
                left.append(f"process group of {proc.name} ({proc.popen.pid})")
        return left

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- the client side ---------------------------------------------------------------
    # Our labgrid-client commands run in this process on labgrid's ClientSession (a
    # labgrid-client process costs a second of start-up per command); another user's
    # (LG_USERNAME: someone else in the lab) are real labgrid-client processes.

    def session(self) -> Any:
        from labgrid.remote.client import start_session

        if self._session is None:
            self._session = start_session(self.address)
        return self._session

    def command(self, name: str, place: str, user: str | None = None, **args: Any) -> None:
        """`labgrid-client -p PLACE NAME` as `user` (default: us); FarmError with labgrid's message."""
        if user:
            return self.client_as(user, "-p", place, name)
        from labgrid.remote.client import Error

        session = self.session()
        session.args = argparse.Namespace(place=place, allow_unmatched=False, kick=False, **args)
        method = {"add-match": session.add_match, "create": session.add_place}.get(name) or getattr(session, name)

        async def run() -> None:
            await session.sync_with_coordinator()  # take in the updates that arrived since the last command
            await method()

        try:
            session.loop.run_until_complete(asyncio.wait_for(run(), CLIENT_TIMEOUT_S))  # no hang
        except (Error, TimeoutError) as e:
            raise FarmError(f"labgrid-client -p {place} {name}: {type(e).__name__}: {e}") from e
        return None

    def client_as(self, user: str, *args: str) -> None:
        """labgrid-client ARGS as another user; FarmError with its output if it fails."""
        env = dict(os.environ, LG_COORDINATOR=self.address, LG_USERNAME=user)
        cmd = [str(LG_BIN / "labgrid-client"), *args]
        try:
            r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=CLIENT_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired as e:
            raise FarmError(f"labgrid-client {' '.join(args)}: no answer within {CLIENT_TIMEOUT_S:g} s") from e
        if r.returncode != 0:
            raise FarmError(f"labgrid-client {' '.join(args)} as {user} failed ({r.returncode}): {r.stdout}{r.stderr}")

    def acquire(self, place: str, user: str | None = None) -> None:
        self.command("acquire", place, user)

    def release(self, place: str, user: str | None = None) -> None:
        self.command("release", place, user)

    def close_sessions(self) -> None:
        if self._session is not None:
            with contextlib.suppress(Exception):
                self._session.loop.run_until_complete(asyncio.wait_for(self._session.stop(), STOP_TIMEOUT_S))
                self._session.loop.run_until_complete(asyncio.wait_for(self._session.close(), STOP_TIMEOUT_S))
            self._session = None

    def env_file(self, place: str, board: str, boot_timeout: float = 20.0) -> Path:
        """An environment file for `place`: the same one a laptop in the lab would use (docs/lab.md)."""
        text = f"""# generated by tests/mplabgrid/farm.py: a board behind a remote place
targets:
  main:
    options:
      board: {board}
    resources:
      RemotePlace:
        name: {place}
    drivers:
      SerialDriver: {{}}
      MicroPythonDriver:
        boot_timeout: {boot_timeout}
      MicroPythonStrategy: {{}}
options:
  coordinator_address: {self.address}
imports:
  - {REGISTER}
"""
        path = self.workdir / f"env-{place}.yaml"
        path.write_text(text)
        return path


def board_commands(command: list[str], envs: dict[str, Path]) -> list[list[str]]:
    """`command` once per board, in order, '{env}' its env file and '{board}' its name; a
    command that names neither runs once. `pytest` is this (.venv-labgrid) Python's."""
    if command and command[0] == "pytest":
        command = [sys.executable, "-m", "pytest", *command[1:]]
    if not any("{env}" in a or "{board}" in a for a in command):
        return [command]
    return [[a.replace("{env}", str(env)).replace("{board}", board) for a in command] for board, env in envs.items()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--board", action="append", required=True, help="a QEMU board (repeatable)")
    parser.add_argument("--workdir", type=Path, default=ROOT / "build" / "farm")
    parser.add_argument(
        "command",
        nargs=argparse.REMAINDER,
        help="-- a command, run once per board: '{env}' becomes its env file, '{board}' its name",
    )
    args = parser.parse_args()
    command = [a for a in args.command if a != "--"]
    if len(set(args.board)) != len(args.board):
        parser.error(f"a board twice: {' '.join(args.board)} (one place per board)")
    try:
        farm = Farm(args.workdir, args.board).start()
    except FarmError as e:
        print(f"farm: {e}", file=sys.stderr)
        return 2
    with farm:
        places = [farm.boards[b].place for b in args.board]
        envs = {b: farm.env_file(p, b) for p, b in zip(places, args.board, strict=True)}
        for p in places:
            farm.acquire(p)
        print(f"farm: coordinator {farm.address}; places {', '.join(places)}; env files:", *envs.values(), sep="\n  ")
        try:
            if not command:
                input("farm: up; press Enter to stop it\n")
                return 0
            env = dict(os.environ, LG_COORDINATOR=farm.address)
            rcs = [subprocess.run(cmd, env=env, check=False).returncode for cmd in board_commands(command, envs)]
            return next((rc for rc in rcs if rc != 0), 0)
        finally:
            for p in places:
                with contextlib.suppress(FarmError):
                    farm.release(p)


if __name__ == "__main__":
    sys.exit(main())
