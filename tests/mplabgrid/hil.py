# SPDX-License-Identifier: MIT
"""tests/hil's third transport: a labgrid target from an environment file (`--lg-env env.yaml`).

tests/hil/conftest.py calls `board_of(env)` and `LabgridTarget.start(...)` when --lg-env is
given; LabgridTarget offers what its own Target does (board, raw, connect, disconnect,
check_alive, stop), so the test bodies are the same on every transport. The target is
"main"; its `options: {board: NAME}` names the board (boards/NAME) unless --board does.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from typing import Any

from labgrid import Environment

from raw_repl import RawRepl, ReplError

from .strategy import Status

ROLE = "main"


class LabError(ReplError):
    """labgrid could not give us the target: the message says which step and why."""


def load_env(path: str) -> Environment:
    try:
        return Environment(config_file=os.path.abspath(path))
    except Exception as e:  # labgrid raises many kinds; one clear line instead
        raise LabError(f"labgrid environment {path}: {type(e).__name__}: {e}") from e


def board_of(env: Environment) -> str | None:
    """The board the env file's target names (targets: main: options: board: NAME), or None: a
    file with no options at all too (labgrid's get_target_option raises KeyError for that one,
    default or not). LabError if the file has no target `main`."""
    targets = env.config.get_targets() or {}
    if ROLE not in targets:
        raise LabError(f"{env.config_file} has no target {ROLE!r} (targets: {', '.join(targets) or 'none'})")
    options = (targets[ROLE] or {}).get("options") or {}
    board = options.get("board")
    return None if board is None else str(board)


def coordinator_of(env: Environment) -> str:
    """Where a RemotePlace is looked up, as labgrid picks it: the file's options:
    coordinator_address, else LG_COORDINATOR, else labgrid's default."""
    address = os.environ.get("LG_COORDINATOR", "127.0.0.1:20408")
    with contextlib.suppress(KeyError):
        address = env.config.get_option("coordinator_address", address)
    return str(address)


@dataclass
class LabgridTarget:
    """A board under labgrid: the strategy brings it to the REPL, MicroPythonDriver talks to it."""

    board: Any  # boardcfg.Board
    env: Environment
    lg: Any  # labgrid.Target
    raw: RawRepl | None = None
    last_module: str = ""
    url: str = ""
    log: None = None
    proc: None = None
    strategy: Any = field(default=None, repr=False)
    micropython: Any = field(default=None, repr=False)

    @classmethod
    def start(cls, board: Any, env: Environment) -> LabgridTarget:
        """Get the target, bind its strategy and driver, and bring it to the REPL prompt."""
        step = "getting the target"
        if "RemotePlace" in str((env.config.get_targets() or {}).get(ROLE)):
            step += f" (its place on coordinator {coordinator_of(env)})"
        try:
            lg = env.get_target(ROLE)
            if lg is None:
                raise LabError(f"{env.config_file} has no target {ROLE!r}")
            step = "finding MicroPythonStrategy (is mplabgrid/register.py in the file's imports:?)"
            strategy = lg.get_driver("MicroPythonStrategy")
            micropython = lg.get_driver("MicroPythonDriver", activate=False)
            t = cls(board, env, lg, url=f"labgrid:{env.config_file}#{ROLE}", strategy=strategy, micropython=micropython)
            step = "bringing the board to the REPL (MicroPythonStrategy -> repl)"
            t.connect()
            return t
        except LabError:
            env.cleanup()
            raise
        except Exception as e:
            with contextlib.suppress(Exception):
                env.cleanup()
            cause = e.__cause__ or e  # a StrategyError's message is only "broken state"
            where = f"labgrid target {ROLE!r} of {env.config_file}"
            raise LabError(f"{where}: {step}: {type(cause).__name__}: {cause}") from e

    def connect(self) -> RawRepl:
        self.strategy.transition(Status.repl)
        self.raw = self.micropython.raw
        return self.raw

    def disconnect(self) -> None:
        """Stop using the REPL (the console stays with labgrid; reconnecting enters the REPL again)."""
        self.raw = None
        self.lg.deactivate(self.micropython)
        self.strategy.status = Status.booted

    def check_alive(self) -> None:
        """A QEMUDriver target: say so if QEMU has exited."""
        child = None
        with contextlib.suppress(Exception):  # no QEMUDriver: nothing to check
            child = getattr(self.lg.get_driver("QEMUDriver", activate=False), "_child", None)
        if child is not None and child.poll() is not None:
            raise ReplError(f"QEMU (labgrid's QEMUDriver) exited with status {child.returncode}")

    def log_text(self) -> str:
        return ""

    def stop(self) -> None:
        """Power off where the target can (QEMU stops), release everything labgrid opened."""
        self.raw = None
        with contextlib.suppress(Exception):
            self.strategy.transition(Status.off)
        self.env.cleanup()
