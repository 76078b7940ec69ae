# SPDX-License-Identifier: MIT
"""WASI fd_write writes exactly the program's bytes (issue #18 part 1).

tests/programs/wasi_bytes.c writes bytes 0..255 and "\\n", "\\r\\n", "\\n\\r"
sequences through stdio and through write(1). Built natively with gcc from the
same file, its stdout is the reference: on the host port (console, where
MICROPY_PY_WASM_WASI_RAW_STDIO is on) and into a `WASI(stdout=...)` object
the bytes must be identical, with no "\\n" -> "\\r\\n" on the way.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from cases.wasi_cases import SINK
from support.build import REPO, SRC
from support.host import MICROPYTHON, run, run_io, script

pytestmark = [
    pytest.mark.skipif(not MICROPYTHON.exists(), reason=f"{MICROPYTHON} not built (make host)"),
    pytest.mark.skipif(not Path("/usr/lib/wasm32-wasi/libc.a").exists(), reason="wasi-libc not installed (make deps)"),
]

RUN_BYTES = "w = wasm.WASI()\nw.start(wasm.Instance(wasm.Module(WASI_BYTES), wasi=w))\n"


@pytest.fixture(scope="module")
def native_bytes() -> bytes:
    """stdout of tests/programs/wasi_bytes.c built with gcc."""
    exe = REPO / "build" / "wasm" / "wasi_bytes.native"
    exe.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["gcc", "-O2", "-o", str(exe), str(SRC / "wasi_bytes.c")], check=True, timeout=60)
    out = subprocess.run([str(exe)], capture_output=True, timeout=30, check=True).stdout
    # the reference itself must hold what the test is about
    assert bytes(range(256)) in out and b"\n|\r\n|\n\r|\r\r\n\n|\r" in out and out.endswith(b"end\n")
    return out


def run_bytes(code: str) -> bytes:
    """The host port's stdout, as bytes, for a snippet using WASI_BYTES."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(script(code, ("wasi_bytes",)))
    try:
        proc = subprocess.run([str(MICROPYTHON), f.name], capture_output=True, timeout=30, check=False)
    finally:
        Path(f.name).unlink()
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    return proc.stdout


def test_console_output_is_the_native_bytes(native_bytes: bytes) -> None:
    out = run_bytes(RUN_BYTES)
    assert out == native_bytes, _first_difference(out, native_bytes)


def test_console_output_piped_to_a_file(native_bytes: bytes, tmp_path: Path) -> None:
    # the same through a shell redirection into a file, as a user would capture it
    src = tmp_path / "snippet.py"
    src.write_text(script(RUN_BYTES, ("wasi_bytes",)))
    dest = tmp_path / "out.bin"
    sh = shutil.which("sh") or "/bin/sh"
    subprocess.run([sh, "-c", f'"{MICROPYTHON}" "{src}" > "{dest}"'], check=True, timeout=30)
    assert dest.read_bytes() == native_bytes


def test_python_print_is_unchanged() -> None:
    # only WASI output is raw: MicroPython's own print keeps the port's line ending
    out = run_bytes("print('a')\n" + RUN_BYTES + "print('b')\n")
    assert out.startswith(b"a\r\n") and out.endswith(b"end\nb\r\n")


def test_stdout_bytesio_gets_the_native_bytes(native_bytes: bytes) -> None:
    (val,) = run(
        """
import io
buf = io.BytesIO()
w = wasm.WASI(stdout=buf)
w.start(wasm.Instance(wasm.Module(WASI_BYTES), wasi=w))
p(buf.getvalue())
""",
        ("wasi_bytes",),
    )
    assert val == native_bytes


def test_stdout_any_object_with_write(native_bytes: bytes) -> None:
    out, vals = run_io(
        SINK
        + """
s = Sink()
w = wasm.WASI(stdout=s)
p(w.stdout is s, w.stderr)
w.start(wasm.Instance(wasm.Module(WASI_BYTES), wasi=w))
p(s.value(), set(type(x).__name__ for x in s.parts), len(s.parts) > 1)
""",
        ("wasi_bytes",),
    )
    assert out == []  # nothing reached the console
    assert vals[0] == (True, None)
    assert vals[1] == (native_bytes, {"bytes"}, True)


def test_stderr_object_and_stdout_console() -> None:
    out, vals = run_io(
        """
import io
err = io.BytesIO()
w = wasm.WASI(stderr=err)
w.start(wasm.Instance(wasm.Module(WASI_HELLO), wasi=w))
p(err.getvalue())
""",
        ("wasi_hello",),
    )
    assert out == ["hello, wasi"]
    assert vals == [b"to stderr\n"]


def test_write_returning_none_counts_as_all_written(native_bytes: bytes) -> None:
    (val,) = run(
        """
class Sink:
    data = b''
    def write(self, b):
        Sink.data += b
w = wasm.WASI(stdout=Sink())
w.start(wasm.Instance(wasm.Module(WASI_BYTES), wasi=w))
p(Sink.data)
""",
        ("wasi_bytes",),
    )
    assert val == native_bytes


def test_write_raising_propagates_out_of_start() -> None:
    vals = run(
        """
class Full:
    def write(self, b):
        raise OSError(28)
w = wasm.WASI(stdout=Full())
i = wasm.Instance(wasm.Module(WASI_BYTES), wasi=w)
p(exc(w.start, i))
w2 = wasm.WASI(stdout=None)
p(w2.stdout)
""",
        ("wasi_bytes",),
    )
    assert vals[0] == ("OSError", "28")
    assert vals[1] is None


def test_stdout_without_write_is_a_type_error() -> None:
    vals = run(
        """
p(exc(wasm.WASI, stdout=42))
p(exc(wasm.WASI, stderr=b'x'))
p(exc(wasm.WASI, [], None, 1))
""",
    )
    assert vals[0] == ("TypeError", "stdout must have a write method")
    assert vals[1] == ("TypeError", "stderr must have a write method")
    assert vals[2][0] == "TypeError"  # stdout/stderr are keyword-only


def _first_difference(a: bytes, b: bytes) -> str:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"first difference at byte {i}: {a[max(0, i - 8) : i + 8]!r} vs {b[max(0, i - 8) : i + 8]!r}"
    return f"lengths {len(a)} and {len(b)}"
