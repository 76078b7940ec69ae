# SPDX-License-Identifier: MIT
"""The host port itself: `micropython -c CODE`, a script file with arguments,
the REPL on stdin, exit statuses, imports beside the script, open(), time."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MICROPYTHON = REPO / "build" / "host" / "micropython"

pytestmark = pytest.mark.skipif(not MICROPYTHON.exists(), reason=f"{MICROPYTHON} not built (make host)")


def run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(MICROPYTHON), *args], input=stdin, capture_output=True, text=True, timeout=20, check=False, cwd=cwd
    )


def test_dash_c_runs_code_with_argv():
    proc = run("-c", "import sys; print(1 + 2, sys.argv)", "a", "b")
    assert (proc.returncode, proc.stdout) == (0, "3 ['-c', 'a', 'b']\n")


def test_script_file_gets_argv_and_imports_beside_it(tmp_path: Path):
    (tmp_path / "helper.py").write_text("def twice(x):\n    return 2 * x\n")
    (tmp_path / "main.py").write_text("import sys, helper\nprint(helper.twice(21), sys.argv[1:])\n")
    proc = run(str(tmp_path / "main.py"), "x", "y")
    assert (proc.returncode, proc.stdout) == (0, "42 ['x', 'y']\n")


@pytest.mark.parametrize(
    "code, status",
    [
        ("pass", 0),
        ("raise ValueError('boom')", 1),
        ("import sys; sys.exit(7)", 7),
        ("import sys; sys.exit()", 0),
        ("raise SystemExit(3)", 3),
    ],
)
def test_exit_status(code: str, status: int):
    assert run("-c", code).returncode == status


def test_uncaught_exception_prints_a_traceback():
    proc = run("-c", "def f():\n    raise KeyError('k')\nf()")
    assert proc.returncode == 1
    assert "Traceback (most recent call last):" in proc.stdout and "KeyError: k" in proc.stdout


def test_missing_script_is_an_error(tmp_path: Path):
    proc = run(str(tmp_path / "absent.py"))
    assert proc.returncode == 2 and "can't open file" in proc.stderr


def test_repl_on_stdin():
    proc = run(stdin="x = 6\nprint(x * 7)\nfor i in range(2):\n    print('i', i)\n\n")
    assert proc.returncode == 0
    assert "MicroPython v1.23.0" in proc.stdout
    assert "\n42\n" in proc.stdout and "i 0\ni 1\n" in proc.stdout


def test_repl_reports_an_exception_and_goes_on():
    proc = run(stdin="1 / 0\nprint('after')\n")
    assert "ZeroDivisionError" in proc.stdout and "after\n" in proc.stdout


def test_open_reads_and_writes_files(tmp_path: Path):
    path = tmp_path / "f.bin"
    proc = run(
        "-c",
        f"with open({str(path)!r}, 'wb') as f:\n    f.write(b'\\x00abc')\n"
        f"with open({str(path)!r}, 'rb') as f:\n    print(f.read())\n"
        f"with open({str(path)!r}) as f:\n    print(repr(f.read(2)))",
    )
    assert proc.stdout == "b'\\x00abc'\n'\\x00a'\n"
    assert path.read_bytes() == b"\x00abc"


def test_truncate_cuts_and_grows_a_file(tmp_path: Path):
    """fs_cases.TRUNCATE (file.truncate(), since session 32), as on the boards' littlefs."""
    from cases.fs_cases import TRUNCATE, TRUNCATE_OUT

    proc = run("-c", "import errno\n" + TRUNCATE, cwd=tmp_path)
    assert proc.stdout.splitlines() == TRUNCATE_OUT, proc.stdout + proc.stderr
    assert (tmp_path / "t.bin").read_bytes() == bytes(range(7))


def test_open_missing_file_is_oserror(tmp_path: Path):
    proc = run("-c", f"try:\n    open({str(tmp_path / 'no')!r})\nexcept OSError as e:\n    print('OSError', e.errno)")
    assert proc.stdout == "OSError 2\n"


def test_time_ticks_and_sleep():
    proc = run(
        "-c",
        "import time\nt = time.ticks_ms(); time.sleep_ms(50); d = time.ticks_diff(time.ticks_ms(), t)\n"
        "print(50 <= d < 1000, time.ticks_diff(time.ticks_add(5, -10), 5))",
    )
    assert proc.stdout == "True -10\n"


def test_heapsize_option():
    proc = run("-X", "heapsize=1m", "-c", "import gc; print(gc.mem_free() < 1024 * 1024)")
    assert proc.stdout == "True\n"
    assert run("-X", "nosuch=1", "-c", "pass").returncode == 2


@pytest.mark.parametrize(
    "option", ["heapsize=1g", "heapsize=junk", "wasmmem=1g", "wasmmem=junk", "wasmmem=-5", "wasmmem="]
)
def test_a_size_that_is_not_one_is_refused(option: str):
    # N, Nk or Nm: anything else was whatever strtoul made of it (wasmmem=1g a
    # limit of 1 byte: every guarded memory fell back to the heap, silently)
    proc = run("-X", option, "-c", "print('ran')")
    assert proc.returncode == 2 and proc.stdout == "", (proc.stdout, proc.stderr)
    assert f"micropython: bad size in -X {option} (N, Nk or Nm)" in proc.stderr, proc.stderr
    assert "usage: micropython" in proc.stderr


def test_wasmmem_option():
    # memories of guard pages bounded by it (tests/host/test_grow_refused.py); hex as heapsize=
    proc = run("-X", "wasmmem=0x200000", "-X", "heapsize=4m", "-c", "print('ran')")
    assert (proc.returncode, proc.stdout) == (0, "ran\n"), proc.stderr


def test_os_over_the_hosts_files(tmp_path: Path):
    """The port's os (ports/host/modos.c): what WASI's preopens use, over POSIX."""
    d = str(tmp_path)
    proc = run(
        "-c",
        "import os\n"
        f"os.mkdir({d!r} + '/sub')\n"
        f"open({d!r} + '/f', 'wb').write(b'abc')\n"
        f"print(sorted(os.listdir({d!r})), sorted((n, t) for n, t, _ in os.ilistdir({d!r})))\n"
        f"print(hex(os.stat({d!r} + '/sub')[0] & 0xf000), os.stat({d!r} + '/f')[6])\n"
        f"os.rename({d!r} + '/f', {d!r} + '/sub/g')\n"
        f"os.remove({d!r} + '/sub/g')\n"
        f"os.rmdir({d!r} + '/sub')\n"
        f"print(os.listdir({d!r}))\n"
        "for f, a in ((os.rmdir, '/no'), (os.remove, '/'), (os.mkdir, '/'), (os.stat, '/no'), (os.ilistdir, '/no')):\n"
        f"    try:\n        f({d!r} + a)\n    except OSError as e:\n        print(e.errno, end=' ')\n",
    )
    assert proc.stdout == "['f', 'sub'] [('f', 32768), ('sub', 16384)]\n0x4000 3\n[]\n2 21 17 2 2 ", proc.stderr


def test_os_lists_an_open_directory(tmp_path: Path):
    """os.listdir and os.ilistdir take an open directory's fileno() (since
    session 35, CPython's os.listdir(fd); WASI's fd_readdir of an opened
    directory): from its start at each call, after a rename too; once it is
    removed, nothing (glibc ends at its ENOENT); a closed one OSError(EBADF)."""
    d = str(tmp_path / "d")
    proc = run(
        "-c",
        "import os\n"
        f"os.mkdir({d!r})\nopen({d!r} + '/f', 'wb').close()\n"
        f"h = open({d!r}, 'rb')\nn = h.fileno()\n"
        "print(os.listdir(n), os.listdir(n), [(e[0], e[1]) for e in os.ilistdir(n)])\n"
        f"os.rename({d!r}, {d!r} + '2')\nprint(os.listdir(n))\n"
        f"os.remove({d!r} + '2/f')\nos.rmdir({d!r} + '2')\nprint(os.listdir(n), os.stat(n)[0] & 0xf000 == 0x4000)\n"
        "h.close()\n"
        "try:\n    os.listdir(n)\nexcept OSError as e:\n    print(e.errno)\n",
    )
    assert proc.stdout == "['f'] ['f'] [('f', 32768)]\n['f']\n[] True\n9\n", proc.stderr


def test_chdir_and_getcwd(tmp_path: Path):
    """os.chdir and os.getcwd, as MicroPython's unix port has them (since
    session 33): relative paths then start there, open()'s and os's; a missing
    or non-directory target is OSError (ENOENT, ENOTDIR) and the directory
    stays."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "f").write_bytes(b"xyz")
    d = str(tmp_path)
    proc = run(
        "-c",
        "import os\n"
        f"os.chdir({d!r})\n"
        "print(os.getcwd())\n"
        "os.chdir('sub')\n"
        "print(os.getcwd(), open('f', 'rb').read(), os.listdir('.'), os.stat('f')[6])\n"
        "open('g', 'wb').write(b'1')\n"
        "os.chdir('..')\n"
        "for a in ('no', 'sub/f'):\n"
        "    try:\n        os.chdir(a)\n    except OSError as e:\n        print(e.errno, end=' ')\n"
        "print(os.getcwd(), sorted(os.listdir('sub')))\n",
        cwd=REPO,
    )
    assert proc.stdout == f"{d}\n{d}/sub b'xyz' ['f'] 3\n2 20 {d} ['f', 'g']\n", proc.stderr
