#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Boot a board's firmware in QEMU with its REPL on this terminal, or on a
loopback TCP port for the HIL harness.

    python3 scripts/run_qemu.py --board mps2_an385
    python3 scripts/run_qemu.py --board mps2_an385 --tcp 4444   # socket://127.0.0.1:4444
    python3 scripts/run_qemu.py --board mps2_an385 --icount 0   # 1 guest instruction = 1 ns of virtual time
    python3 scripts/run_qemu.py --board mps3_an547 --gdb 3333   # halted for gdb-multiarch: target remote :3333

A board with `storage` keeps its filesystem in build/<board>/fs.img (--fs-image
to use another file), which the firmware reads and writes through ARM
semihosting; --safe-boot skips boot.py and main.py.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from boardcfg import DEFAULT_BOARD, Board, load_board

ROOT = Path(__file__).resolve().parent.parent


def firmware_path(board: Board) -> Path:
    return ROOT / "build" / board.name / "firmware.elf"


def fs_image_path(board: Board) -> Path:
    return ROOT / "build" / board.name / "fs.img"


def semihosting_args(board: Board, fs_image: Path | None, safe_boot: bool) -> list[str]:
    """Semihosting on, with the image's path (`fs=PATH`) and `safeboot` as the
    program's arguments (ports/cortexm/storage_semihosting.c reads them)."""
    if board.storage is None or board.storage.kind != "semihosting":
        return []
    image = fs_image or fs_image_path(board)
    path = str(image.resolve())
    if " " in path:
        raise ValueError(f"filesystem image path {path!r} has a space: semihosting arguments cannot carry it")
    config = ["enable=on", "target=native", "arg=mpwasm", "arg=fs=" + path.replace(",", ",,")]
    if safe_boot:
        config.append("arg=safeboot")
    return ["-semihosting-config", ",".join(config)]


def qemu_command(
    board: Board,
    elf: Path,
    serial: str,
    fs_image: Path | None = None,
    safe_boot: bool = False,
    icount: int | None = None,
    gdb: int | None = None,
    idle_jumps: bool = False,
    extra: Sequence[str] = (),
) -> list[str]:
    """QEMU's command line for `board`, the UART on chardev `serial`, the
    filesystem in `fs_image` (default build/<board>/fs.img).

    `icount`=N: `-icount shift=N`, each guest instruction advances the virtual
    clock by 2**N ns, which the guest's timers (SysTick, ticks_us) run on: with
    0, a guest's microsecond is 1000 instructions, whatever the host's load
    (bench/device.py counts instructions so). While the guest idles (WFI) its
    clock still follows the host's, unless `idle_jumps`: then it jumps to the
    next timer's deadline at once (`sleep=off`), and a pause of the host's
    adds nothing to a guest's reading (tests/hil/test_clock.py).

    `gdb`=PORT: QEMU's gdb stub on tcp::PORT, the guest halted until a debugger
    attaches and continues (`gdb-multiarch firmware.elf -ex "target remote :PORT"
    -ex continue`), so it misses nothing of the run.

    `extra`: more of QEMU's options, last (bench/device_profile.py's `-d exec`
    trace).

    Never -nographic: its monitor would eat Ctrl-A, which starts the raw REPL.
    """
    if board.qemu is None:
        raise ValueError(f"board {board.name} has no QEMU machine: it runs on real hardware only")
    return [
        "qemu-system-arm",
        "-M",
        board.qemu.machine,
        *board.qemu.args,
        "-kernel",
        str(elf),
        "-display",
        "none",
        "-monitor",
        "none",
        *serial_args(serial),
        *semihosting_args(board, fs_image, safe_boot),
        *([] if icount is None else ["-icount", f"shift={icount}" + (",sleep=off" if idle_jumps else "")]),
        *([] if gdb is None else ["-gdb", f"tcp::{gdb}", "-S"]),
        *extra,
    ]


def serial_args(serial: str) -> list[str]:
    if serial == "stdio":
        # mux=on gives QEMU's Ctrl-A escapes (Ctrl-A X quits, Ctrl-A Ctrl-A sends
        # Ctrl-A); signal=off passes Ctrl-C to the guest as KeyboardInterrupt.
        return ["-chardev", "stdio,id=console,mux=on,signal=off", "-serial", "chardev:console"]
    return ["-serial", serial]


QEMU_STOP_TIMEOUT_S = 5.0  # SIGTERM grace before SIGKILL
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def tcp_serial(port: int) -> str:
    """The UART as a TCP server on 127.0.0.1:`port`. `server=on,wait=on` holds
    the guest until a client connects, so no output is lost; `nodelay=on`
    turns Nagle's algorithm off, which otherwise adds a 40 ms delayed-ACK stall
    to every protocol exchange (100 round trips: 13.6 s -> 0.2 s)."""
    return f"tcp:127.0.0.1:{port},server=on,wait=on,nodelay=on"


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """In QEMU's process before exec: SIGTERM it if its parent dies without stopping it (Linux)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class Qemu:
    """A QEMU process running a board, its REPL on a loopback TCP port; the one
    way QEMU is started and stopped for tests and benchmarks."""

    board: Board
    proc: subprocess.Popen
    port: int
    log: Path | None  # QEMU's own output, or None (discarded)

    @property
    def url(self) -> str:
        """The REPL for pyserial."""
        return f"socket://127.0.0.1:{self.port}"

    def exited(self) -> int | None:
        """QEMU's exit status, or None while it runs."""
        return self.proc.poll()

    def stop(self) -> None:
        """Stop QEMU: terminate, then kill after QEMU_STOP_TIMEOUT_S. Idempotent."""
        if self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(QEMU_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(QEMU_STOP_TIMEOUT_S)


def start(
    board: Board,
    elf: Path | None = None,
    log: Path | None = None,
    fs_image: Path | None = None,
    safe_boot: bool = False,
    icount: int | None = None,
    gdb: int | None = None,
    idle_jumps: bool = False,
    extra: Sequence[str] = (),
) -> Qemu:
    """Start `board` in QEMU with its REPL on a free loopback port (see tcp_serial);
    QEMU dies with this process if it is not stopped. The caller stops it."""
    elf = elf or firmware_path(board)
    if not elf.exists():
        raise FileNotFoundError(f"{elf} not found: run `make firmware BOARD={board.name}`")
    port = free_port()
    cmd = qemu_command(board, elf, tcp_serial(port), fs_image, safe_boot, icount, gdb, idle_jumps, extra)
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(log.open("wb")) if log else subprocess.DEVNULL
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,  # callers start QEMU from one thread
        )
    return Qemu(board, proc, port, log)


@contextlib.contextmanager
def serve(board: Board, elf: Path | None = None, icount: int | None = None) -> Iterator[str]:
    """Run `board` in QEMU with its REPL on a free loopback port; yield its
    `socket://` URL (for pyserial); QEMU is stopped on leaving, whatever happens.
    `icount`: as start()'s (0: the board's clock counts its instructions)."""
    qemu = start(board, elf, icount=icount)
    try:
        yield qemu.url
    finally:
        qemu.stop()


def share(board: Board, elf: Path, args: argparse.Namespace) -> None:
    """QEMU with its UART shared between this terminal and one TCP client."""
    import uart_share

    qemu = start(board, elf, None, args.fs_image, args.safe_boot, args.icount, args.gdb)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop QEMU on the way out
    print(
        f"mpwasm on QEMU {board.qemu.machine if board.qemu else '?'} ({board.name}): "
        "Ctrl-C interrupts Python, Ctrl-D soft-resets, Ctrl-A X quits QEMU.\n"
        f"mpremote: mpremote connect socket://127.0.0.1:{args.share} ... (the terminal waits while it is connected)",
        flush=True,
    )
    try:
        uart_share.share(qemu.port, args.share, lambda: qemu.exited() is None)
    finally:
        qemu.stop()
        print("\r\nrun_qemu: QEMU stopped", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--board", default=DEFAULT_BOARD)
    parser.add_argument("--elf", type=Path, help="firmware (default build/<board>/firmware.elf)")
    parser.add_argument("--tcp", type=int, metavar="PORT", help="serve the REPL on 127.0.0.1:PORT instead")
    parser.add_argument(
        "--share",
        type=int,
        metavar="PORT",
        help="REPL here and on 127.0.0.1:PORT for one client at a time (mpremote); scripts/uart_share.py",
    )
    parser.add_argument("--fs-image", type=Path, help="the filesystem image (default build/<board>/fs.img)")
    parser.add_argument("--safe-boot", action="store_true", help="skip boot.py and main.py")
    parser.add_argument(
        "--icount", type=int, metavar="SHIFT", help="-icount shift=SHIFT: one instruction = 2**SHIFT ns of virtual time"
    )
    parser.add_argument("--gdb", type=int, metavar="PORT", help="QEMU's gdb stub on tcp::PORT (gdb-multiarch)")
    args = parser.parse_args()

    board = load_board(args.board)
    elf = args.elf or firmware_path(board)
    if not elf.exists():
        sys.exit(f"run_qemu: {elf} not found: run `make firmware BOARD={board.name}`")
    if args.share:
        share(board, elf, args)
        return
    if args.tcp:
        serial = tcp_serial(args.tcp)
        print(f"run_qemu: {board.name} REPL on socket://127.0.0.1:{args.tcp}", flush=True)
    else:
        serial = "stdio"
        print(
            f"mpwasm on QEMU {board.qemu.machine if board.qemu else '?'} ({board.name}): "
            "Ctrl-C interrupts Python, Ctrl-D soft-resets, Ctrl-A X quits QEMU.",
            flush=True,
        )
    cmd = qemu_command(board, elf, serial, args.fs_image, args.safe_boot, args.icount, args.gdb)
    os.execvp(cmd[0], cmd)


if __name__ == "__main__":
    main()
