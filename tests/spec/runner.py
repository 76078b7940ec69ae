# SPDX-License-Identifier: MIT
"""Run converted spec files through mp_driver.py and judge the results.

Two transports, same driver and same batches:
- run_host(): one `build/host/micropython script.py` process per .wast file;
  the script is the driver followed by the batches.
- run_exec(): any `exec(code) -> stdout` callable, e.g. a device's raw REPL:
  the driver once per file, then one call per batch.
"""

from __future__ import annotations

import os
import subprocess
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import commands as cm
from . import convert

DRIVER = (Path(__file__).parent / "mp_driver.py").read_text()
EXPECTED = Path(__file__).parent / "expected_failures.txt"
HOST_MICROPYTHON = convert.REPO / "build" / "host" / "micropython"
# The host port with the small profile's engine (`make host-small`: lm3s6965evb's
# switches, scripts/boardcfg/generate.py PROFILE_CFLAGS["small"]).
SMALL_MICROPYTHON = convert.REPO / "build" / "host-small" / "micropython"
# memory_grow.wast grows one memory to 804 pages (52.6 MiB): growing copies, so the
# heap must hold old and new blocks beside what earlier modules left fragmented.
HOST_ARGS = ["-X", "heapsize=256m"]
END = "#end-of-spec-script"
# Features per suite, like a real engine's flags: core/ is Wasm 2.0, which
# forbids a second memory and wants zero bytes where multi-memory reads a memory
# index; multi-memory/ and custom-page-sizes/ (which uses several memories) need
# the proposal on.
MULTI_MEMORY_OFF = {"core"}


def driver_setup(suite: str) -> str:
    """Code run after the driver: the suite's feature switches."""
    return f"MM = {suite not in MULTI_MEMORY_OFF}\n"


@dataclass
class FileResult:
    name: str  # "core/i32.wast": the key used in expected_failures.txt
    cmds: list[cm.Command]
    outputs: dict[int, tuple]
    error: str | None = None  # transport-level trouble: exit code, timeout, device error
    failures: list[tuple[cm.Command, str]] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    passed: int = 0

    def judge(self) -> FileResult:
        for c in self.cmds:
            if c.skip:
                self.skipped[c.skip] += 1
                continue
            why = cm.check(c, self.outputs.get(c.index))
            if why is None:
                self.passed += 1
            else:
                self.failures.append((c, why))
        return self

    def summary(self) -> str:
        s = f"{self.name}: {self.passed} passed, {len(self.failures)} failed"
        for why, n in sorted(self.skipped.items()):
            s += f", {n} skipped: {why}"
        if self.error:
            s += f" [{self.error.splitlines()[0]}]"
        return s


def prepare(suite: str, wast: Path) -> tuple[str, list[cm.Command]]:
    return f"{suite}/{wast.name}", cm.load(convert.convert(suite, wast))


def run_host(
    suite: str,
    wast: Path,
    micropython: Path = HOST_MICROPYTHON,
    timeout: float = 180,
    args: list[str] | None = None,
    cwd: Path | None = None,
    rewrite: Callable[[list[cm.Command]], None] | None = None,
    script_name: str = "run.py",
    setup: str = "",
) -> FileResult:
    """`rewrite` may change the commands' literals first (the spec suite
    through precompiled images, tests/host/test_spec_images.py); `setup` is
    code run after the driver's (tests/host/test_spec_budget.py); the script
    is written as `script_name` beside the converted file."""
    name, cmds = prepare(suite, wast)
    if rewrite is not None:
        rewrite(cmds)
    script_path = convert.CACHE / suite / wast.stem / script_name
    script = DRIVER + "\n" + driver_setup(suite) + setup + "\n".join(cm.batches(cmds)) + f"\nprint({END!r})\n"
    # written whole under a name of this process's own, then renamed: the same
    # file's run for the other wasm source (pytest -n 2) may be reading it
    tmp = script_path.with_name(f"{script_name}.{os.getpid()}.tmp")
    tmp.write_text(script)
    os.replace(tmp, script_path)
    error = None
    try:
        proc = subprocess.run(
            [
                str(micropython),
                *(HOST_ARGS if args is None else args),
                str(script_path),
            ],
            capture_output=True,
            timeout=timeout,
            check=False,
            cwd=cwd,  # where `import wasm` finds wasm.mpy (tests/support/host.py SOURCES)
        )
        out, err, rc = proc.stdout, proc.stderr, proc.returncode
    except subprocess.TimeoutExpired as e:
        out, err, rc = e.stdout or b"", e.stderr or b"", None
        error = f"timed out after {timeout}s"
    text = out.decode("utf-8", "replace")
    if error is None and (rc != 0 or END not in text):
        tail = (err.decode("utf-8", "replace").strip().splitlines() or ["no stderr"])[-5:]
        error = f"micropython exited {rc}: " + " | ".join(tail)
    return FileResult(name, cmds, cm.parse_output(text), error).judge()


def run_exec(exec_fn: Callable[[str], str], suite: str, wast: Path, batch_bytes: int = 4000) -> FileResult:
    """exec_fn runs code in one persistent interpreter and returns its stdout."""
    name, cmds = prepare(suite, wast)
    exec_fn(DRIVER)  # fresh spectest, registry and instances for each file
    exec_fn(driver_setup(suite))
    outputs, error = {}, None
    for batch in cm.batches(cmds, max_bytes=batch_bytes):
        try:
            outputs.update(cm.parse_output(exec_fn(batch)))
        except Exception as e:  # noqa: BLE001 - the batch itself failed (MemoryError compiling it, ...)
            error = error or f"{type(e).__name__}: {e}"
    return FileResult(name, cmds, outputs, error).judge()


# expected_failures.txt: `suite/file.wast:LINE  reason`, or `suite/file.wast:*  reason`
# for a whole file; `#` starts a comment.
def load_expected(path: Path = EXPECTED) -> dict[str, str]:
    out = {}
    if path.exists():
        for raw in path.read_text().splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            key, _, reason = line.partition(" ")
            out[key] = reason.strip()
    return out


def compare_expected(res: FileResult, expected: dict[str, str]) -> tuple[list, list]:
    """(unexpected failures, listed lines that now pass) for one file."""
    whole = f"{res.name}:*" in expected
    failing_lines = {c.line for c, _ in res.failures}
    new = [(c, why) for c, why in res.failures if not whole and f"{res.name}:{c.line}" not in expected]
    fixed = sorted(
        int(k.rsplit(":", 1)[1])
        for k in expected
        if k.startswith(res.name + ":") and not k.endswith(":*") and int(k.rsplit(":", 1)[1]) not in failing_lines
    )
    if whole and not res.failures:
        fixed.append("*")
    return new, fixed


def unexpected_failures(res: FileResult, shown: int = 30) -> str:
    """The file's failures that expected_failures.txt does not list, one line
    each (the first `shown`) under its summary; "" when there are none."""
    new, _ = compare_expected(res, load_expected())
    if not new:
        return ""
    lines = [f"  {res.name}:{c.line} #{c.index} {c.kind}: {why}" for c, why in new[:shown]]
    return f"{res.summary()}\n{len(new)} unexpected failures:\n" + "\n".join(lines)


WHOLE_FILE_OVER = 40  # more failing lines than this: one `file:*` entry


def expected_text(results: list[FileResult], header: str, old: dict[str, str] | None = None) -> str:
    """The expected_failures.txt content for these results; reasons already
    written in `old` (e.g. by hand) are kept for the keys that still fail."""
    old = old or {}
    lines = [header.rstrip(), ""]
    for res in results:
        if not res.failures:
            continue
        by_line: dict[int, list[str]] = {}
        for c, why in res.failures:
            by_line.setdefault(c.line, []).append(f"{c.kind}: {why}")
        lines.append(f"# {res.summary()}")
        if len(by_line) > WHOLE_FILE_OVER:
            first = res.failures[0]
            why = old.get(f"{res.name}:*") or (
                f"{len(res.failures)} failing commands on {len(by_line)} lines; first line {first[0].line}: {first[1]}"
            )
            lines.append(f"{res.name}:*  {why}"[:300])
        else:
            for ln, whys in sorted(by_line.items()):
                why = old.get(f"{res.name}:{ln}") or whys[0]
                lines.append(f"{res.name}:{ln}  {why}"[:300])
        lines.append("")
    return "\n".join(lines) + "\n"
