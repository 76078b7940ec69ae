# SPDX-License-Identifier: MIT
"""One QEMU UART for a terminal and a TCP client: what `make run` uses so that
mpremote can connect while the REPL stays on the terminal.

    terminal  <->  share  <->  QEMU's UART (a TCP server on a private port)
    client (socket://127.0.0.1:PORT, e.g. mpremote) takes the UART while connected

While a client is connected it alone talks to the board (the terminal's keys
are dropped); when it leaves, the terminal has the board again and sees what
the board prints next (main.py's output after `mpremote reset`). On the
terminal Ctrl-A X quits and Ctrl-A Ctrl-A sends Ctrl-A, as QEMU's own console.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import socket
import sys
import termios
import time
import tty

CTRL_A = 0x01
CONNECT_TIMEOUT_S = 10.0


def _connect(port: int, alive) -> socket.socket:
    deadline = time.monotonic() + CONNECT_TIMEOUT_S
    while True:
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=1.0)
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            s.setblocking(False)
            return s
        except OSError:
            if time.monotonic() > deadline or not alive():
                raise
            time.sleep(0.05)


def _note(out, text: str) -> None:
    out.write(f"\r\n[{text}]\r\n".encode())
    out.flush()


def share(uart_port: int, listen_port: int, alive, stdin=None, stdout=None) -> None:
    """Run until Ctrl-A X on the terminal, stdin's end (when not a terminal) and
    QEMU's exit (`alive()` false)."""
    stdin = stdin or sys.stdin.buffer
    out = stdout or sys.stdout.buffer
    uart = _connect(uart_port, alive)
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        server.bind(("127.0.0.1", listen_port))
    except OSError as e:
        raise SystemExit(f"run_qemu: cannot listen on 127.0.0.1:{listen_port}: {e} (pick another PORT=)") from None
    server.listen(1)
    server.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(uart, selectors.EVENT_READ, "uart")
    sel.register(server, selectors.EVENT_READ, "server")
    fd = stdin.fileno()
    is_tty = os.isatty(fd)
    saved = termios.tcgetattr(fd) if is_tty else None
    if is_tty:
        tty.setraw(fd)
    sel.register(fd, selectors.EVENT_READ, "stdin")
    client: socket.socket | None = None
    escape = False
    try:
        while alive():
            for key, _ in sel.select(timeout=0.2):
                if key.data == "uart":
                    data = uart.recv(4096)
                    if not data:
                        return
                    if client is not None:
                        with contextlib.suppress(OSError):
                            client.sendall(data)
                    else:
                        out.write(data)
                        out.flush()
                elif key.data == "server":
                    conn, _addr = server.accept()
                    if client is not None:
                        conn.close()  # one client at a time, as QEMU's own socket
                        continue
                    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    client = conn
                    sel.register(client, selectors.EVENT_READ, "client")
                    _note(out, f"a client connected on port {listen_port}: it has the board until it leaves")
                elif key.data == "client":
                    try:
                        data = client.recv(4096)
                    except OSError:
                        data = b""
                    if data:
                        uart.sendall(data)
                    else:
                        sel.unregister(client)
                        client.close()
                        client = None
                        _note(out, "the client left: the board is yours again")
                elif key.data == "stdin":
                    data = os.read(fd, 1024)
                    if not data:
                        if is_tty:
                            return
                        sel.unregister(fd)  # stdin closed (not a terminal): keep serving clients
                        continue
                    if client is not None:
                        continue  # the client has the board
                    send = bytearray()
                    for b in data:
                        if escape:
                            escape = False
                            if b in (ord("x"), ord("X")):
                                return
                            send.append(b)
                        elif b == CTRL_A:
                            escape = True
                        else:
                            send.append(b)
                    if send:
                        uart.sendall(bytes(send))
    finally:
        if saved is not None:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        for s in (client, server, uart):
            if s is not None:
                with contextlib.suppress(OSError):
                    s.close()
