# SPDX-License-Identifier: MIT
"""What the kernel benchmarks (bench/run.py) and the whole-program ones
(bench/bench_programs.py) share: the three runners, how the host runners are
compiled, make's staleness rule, callgrind's instruction counts (bench/lazy.py,
bench/budget.py and bench/switches.py too), and the geometric mean and
instruction-count table their reports end with."""

from __future__ import annotations

import hashlib
import math
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

RUNNER_FLAGS = ["gcc", "-O3", "-std=gnu11", "-g", "-Wl,-z,now"]
RUNNERS = ("mpwasm", "wasm3", "native")


def file_sha256(path: Path) -> str:
    """A file's sha256, hex (the bench's build stamps and saved counts compare files by it)."""
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def stale(out: Path, deps: Iterable[Path]) -> bool:
    """True if `out` is missing or older than any of `deps` (make's rule)."""
    if not out.exists():
        return True
    t = out.stat().st_mtime
    return any(d.stat().st_mtime > t for d in deps)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def ensure_valgrind() -> str:
    v = shutil.which("valgrind")
    if v:
        return v
    # as scripts/install_deps.sh does for the rest of the toolchain
    log("valgrind is missing: installing it (apt-get install valgrind)")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "install", "-y", "valgrind"], check=False)
    v = shutil.which("valgrind")
    if not v:
        raise SystemExit("--callgrind needs valgrind: apt-get install valgrind")
    return v


def callgrind_out(
    cmd: Sequence[str],
    toggle: str | Sequence[str],
    out_file: Path,
    env: Mapping[str, str | None] | None = None,
    timeout: float = 1800,
) -> tuple[int, bytes]:
    """Instructions executed inside `toggle` (a function, or several: and what they call) by one run
    of `cmd`, and the run's stdout as bytes; `env` added to the environment (a None value: that
    variable left out)."""
    for old in out_file.parent.glob(out_file.name + "*"):
        old.unlink()
    toggles = [toggle] if isinstance(toggle, str) else list(toggle)
    full = [ensure_valgrind(), "--tool=callgrind", *(f"--toggle-collect={t}" for t in toggles)]
    full.append(f"--callgrind-out-file={out_file}")
    run_env = {**os.environ, **(env or {})}
    p = subprocess.run(
        [*full, *cmd],
        capture_output=True,
        timeout=timeout,
        check=False,
        env={k: v for k, v in run_env.items() if v is not None},
    )
    m = re.search(r"^totals:\s*(\d+)", out_file.read_text(), re.MULTILINE) if out_file.exists() else None
    if p.returncode != 0 or not m:
        stderr = p.stderr.decode(errors="replace")
        raise RuntimeError(f"{' '.join(full + list(cmd))[:300]} failed:\n{stderr[-2000:]}")
    return int(m.group(1)), p.stdout


def callgrind_run(
    cmd: Sequence[str],
    toggle: str | Sequence[str],
    out_file: Path,
    env: Mapping[str, str | None] | None = None,
    timeout: float = 1800,
) -> tuple[int, str]:
    """callgrind_out's instructions, and its stdout as text."""
    ir, out = callgrind_out(cmd, toggle, out_file, env, timeout)
    return ir, out.decode(errors="replace").replace("\r\n", "\n").replace("\r", "\n")


def callgrind_cmd(
    cmd: Sequence[str], toggle: str | Sequence[str], out_file: Path, env: Mapping[str, str | None] | None = None
) -> int:
    """callgrind_run's instructions alone."""
    return callgrind_run(cmd, toggle, out_file, env)[0]


def geomean(xs: Sequence[float]) -> float:
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def ir_table(head: Sequence[str], rows: Mapping[tuple[str, ...], Mapping[str, int]]) -> list[str]:
    """Markdown lines comparing callgrind counts of the three runners: `head` names the leading
    columns, each row maps its leading cells to each runner's Ir; last a geometric-mean row."""
    lines = [
        "| " + " | ".join([*head, *(f"{who} Ir" for who in RUNNERS), "wasm3/mpwasm", "mpwasm/native"]) + " |",
        "|---|" + "---:|" * (len(head) - 1 + len(RUNNERS) + 2),
    ]
    r1, r2 = [], []
    for cells, ir in rows.items():
        a, w, n = (ir[who] for who in RUNNERS)
        r1.append(w / a)
        r2.append(a / n)
        lines.append(f"| {' | '.join(cells)} | {a:,} | {w:,} | {n:,} | {w / a:.2f}x | {a / n:.1f}x |")
    empty = " |" * (len(head) - 1 + len(RUNNERS))
    lines.append(f"| **geometric mean** |{empty} **{geomean(r1):.2f}x** | **{geomean(r2):.1f}x** |")
    return lines
