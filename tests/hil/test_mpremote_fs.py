# SPDX-License-Identifier: MIT
"""mpremote (1.29, unchanged) against the board: cp both ways, ls, cat, mkdir, rm, df,
run, soft-reset (boot.py runs), reset (main.py runs), and mount of a host folder with
a wasm app loaded from it.

The same commands work on a real board's serial port (--port). Wiring: the REPL UART.
Transfer rates are printed (pytest -s), not asserted.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import run_qemu
from boardcfg import DEFAULT_BOARD, load_board
from cases.fs_cases import remove_tree
from conftest import CASE_HEAP, heap_after_import, not_in_qemu_here

if TYPE_CHECKING:
    from conftest import Repl, Target

ROOT = Path(__file__).resolve().parents[2]
MPREMOTE_TIMEOUT_S = 180  # a 100 KiB copy is ~800 round trips of the raw REPL; slack for a busy CI
# mpremote copies 256 bytes per raw-REPL round trip and polls its port every 10 ms, so
# 100 KiB takes ~25 s each way whatever the board: the default board (and a real board)
# copies 100 KiB, the other QEMU boards 8 KiB through the same code.
BIG = 100 * 1024 + 123
SMALL = 8 * 1024 + 7

# (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
ADD_WASM = bytes.fromhex("0061736d0100000001070160027f7f017f030201000707010361646400000a09010700200020016a0b")


def mpremote(target: Target, *args: str, cwd: Path | None = None, timeout: float = MPREMOTE_TIMEOUT_S) -> str:
    """`mpremote connect <board> args...` (Target.mpremote), which must succeed; return its stdout."""
    r = target.mpremote(*args, timeout=timeout, cwd=cwd)
    assert r.returncode == 0, f"mpremote {' '.join(args)}: {r.returncode}\n{r.stdout}\n{r.stderr}"
    return r.stdout.replace("\r\n", "\n")


@pytest.fixture(autouse=True)
def mpremote_can_run(request: pytest.FixtureRequest) -> None:
    """mpremote is a host program that opens the board's port itself: it must be installed
    here (`.venv-labgrid` has none, docs/lab.md), and a labgrid target hands it no port of
    ours; the newcomer path boots a QEMU of its own and needs only the program. Before
    session 23 these failed under --lg-env (no module named mpremote; LabgridTarget has no
    mpremote), where docs/lab.md said they were skipped. A test that boots a QEMU of its own
    (no `target`) says first why it cannot do that here, if so: that is the reason whatever
    else is installed."""
    if "target" not in request.fixturenames and "hil_board" in request.fixturenames:
        why = not_in_qemu_here(request.config, load_board(request.getfixturevalue("hil_board")))
        if why:
            pytest.skip(f"{why}: `make run` starts QEMU")
    pytest.importorskip("mpremote", reason="mpremote is not installed here (.venv-labgrid has none: docs/lab.md)")
    if request.config.getoption("lg_env", None) and "target" in request.fixturenames:
        pytest.skip("mpremote opens the board's serial port itself: not through a labgrid target")


@pytest.fixture
def board_dir(repl: Repl) -> str:
    """An empty /t_mp on the board (removed again afterwards), with no boot.py or main.py at "/"."""
    clean = remove_tree("t_mp") + "for f in ('boot.py', 'main.py'):\n    if f in os.listdir('/'): os.remove(f)\n"
    if repl.board.storage is None:
        pytest.skip("this board declares no storage")
    repl.exec(clean + "os.mkdir('/t_mp')")
    yield "/t_mp"
    repl.raw.enter_raw()
    repl.exec(clean)


def test_cp_both_ways_100k_binary(target: Target, repl: Repl, board_dir: str, tmp_path: Path):
    size = BIG if target.qemu is None or target.board.name == DEFAULT_BOARD else SMALL
    data = os.urandom(size)
    (tmp_path / "big.bin").write_bytes(data)
    t0 = time.monotonic()
    mpremote(target, "cp", str(tmp_path / "big.bin"), f":{board_dir}/big.bin")
    t1 = time.monotonic()
    assert repl.exec(f"import os\nprint(os.stat('{board_dir}/big.bin')[6])") == f"{size}\n"
    mpremote(target, "cp", f":{board_dir}/big.bin", str(tmp_path / "back.bin"))
    t2 = time.monotonic()
    assert (tmp_path / "back.bin").read_bytes() == data
    print(
        f"\n{target.board.name}: mpremote cp {size} bytes: to the board {size / (t1 - t0) / 1024:.1f} KiB/s, "
        f"from the board {size / (t2 - t1) / 1024:.1f} KiB/s (each including mpremote's start and soft reset)"
    )


def test_ls_cat_mkdir_rm_df(target: Target, repl: Repl, board_dir: str, tmp_path: Path):
    (tmp_path / "hello.txt").write_text("hello from the host\n")
    out = mpremote(
        target,
        *("mkdir", f":{board_dir}/sub", "+"),
        *("cp", str(tmp_path / "hello.txt"), f":{board_dir}/sub/hello.txt", "+"),
        *("ls", f":{board_dir}/sub", "+"),
        *("cat", f":{board_dir}/sub/hello.txt", "+"),
        "df",
    )
    assert "ls :" in out and "20 hello.txt" in out.replace("  ", " "), out
    assert "hello from the host" in out, out
    df = [line for line in out.splitlines() if line.rstrip().endswith(" /")]
    assert len(df) == 1, out
    assert df[0].startswith("<VfsLfs2:"), df
    size, used, avail = (int(x) for x in df[0].split()[-5:-2])
    assert size == target.board.storage.size and used + avail == size and used > 0, df
    out = mpremote(
        target, "rm", f":{board_dir}/sub/hello.txt", "+", "rmdir", f":{board_dir}/sub", "+", "ls", f":{board_dir}"
    )
    assert [line for line in out.split("ls :")[-1].splitlines()[1:] if line.strip()] == [], out
    assert repl.exec(f"import os\nprint(os.listdir('{board_dir}'))") == "[]\n"
    # a missing file is an error mpremote reports by name
    r = target.mpremote("cat", f":{board_dir}/missing", timeout=MPREMOTE_TIMEOUT_S)
    assert r.returncode != 0 and "No such file" in r.stdout + r.stderr, r


def test_run_a_host_script(target: Target, tmp_path: Path):
    (tmp_path / "script.py").write_text("import os\nprint('ran on', os.uname().machine.split()[0])\n")
    out = mpremote(target, "run", str(tmp_path / "script.py"))
    assert f"ran on {target.board.name}" in out, out


def test_soft_reset_runs_boot_py_and_reset_runs_main_py(target: Target, repl: Repl, board_dir: str, tmp_path: Path):
    (tmp_path / "boot.py").write_text(f"open('{board_dir}/boot.log', 'a').write('b')\n")
    (tmp_path / "main.py").write_text(f"f = open('{board_dir}/main.log', 'a'); f.write('m'); f.close()\n")
    mpremote(target, "cp", str(tmp_path / "boot.py"), str(tmp_path / "main.py"), ":")
    mpremote(target, "soft-reset")
    log = f"import os\nprint(sorted(os.listdir('{board_dir}')))"
    # mpremote's soft reset is in the raw REPL: boot.py runs, main.py does not (so mpremote keeps control)
    assert repl.exec(log) == "['boot.log']\n"
    mpremote(target, "reset")
    repl.raw.enter_raw()
    deadline = time.monotonic() + 20
    while True:
        out = repl.exec(log)
        if "main.log" in out or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert out == "['boot.log', 'main.log']\n", out
    assert repl.exec(f"print(open('{board_dir}/main.log').read())") == "m\n"


def test_mount_host_folder_and_load_a_wasm_app(target: Target, repl: Repl, tmp_path: Path):
    app = tmp_path / "app"
    app.mkdir()
    (app / "add.wasm").write_bytes(ADD_WASM)
    (app / "applib.py").write_text(
        "def load(name):\n    import wasm\n    return wasm.Instance(wasm.Module(open(name, 'rb').read()))\n"
    )
    (app / "main.py").write_text(
        "import os, applib\nprint('cwd', os.getcwd(), sorted(os.listdir()))\n"
        "print('2+40 =', applib.load('add.wasm').exports.add(2, 40))\n"
    )
    # wasm.mpy beside the mount's hooks: where `import wasm` leaves less than
    # CASE_HEAP (netduinoplus2) its ~78 KiB block may not be found, a clean MemoryError
    small = heap_after_import(repl) < CASE_HEAP
    repl.soft_reset()  # wasm imported again by the app, as on a fresh board
    r = target.mpremote("mount", str(app), "run", str(app / "main.py"), timeout=MPREMOTE_TIMEOUT_S)
    out = r.stdout.replace("\r\n", "\n")
    assert "cwd /remote ['add.wasm', 'applib.py', 'main.py']" in out, out
    if small and r.returncode != 0:
        assert out.rstrip().splitlines()[-1].startswith("MemoryError"), out
        assert repl.exec("print('alive', 1 + 1)") == "alive 2\n"
        return
    assert r.returncode == 0 and "2+40 = 42" in out, out
    # the same through exec, the way a user tries things at the mounted folder
    out = mpremote(target, "mount", str(app), "exec", "import applib; print(applib.load('add.wasm').exports.add(5, 6))")
    assert out.strip().splitlines()[-1] == "11", out


def test_newcomer_path_make_run_then_mpremote(hil_board: str, tmp_path: Path):
    """README's path: `make run` (run_qemu.py --share PORT) holds the terminal; from another,
    `mpremote connect socket://127.0.0.1:PORT cp add.wasm main.py :` then `... reset`, and
    main.py's output appears on the make-run terminal; `mount . run main.py` runs it too."""
    app = tmp_path / "app"
    app.mkdir()
    (app / "add.wasm").write_bytes(ADD_WASM)
    (app / "main.py").write_text(
        "import wasm\n"
        "inst = wasm.Instance(wasm.Module(open('add.wasm', 'rb').read()))\n"
        "print('app says', inst.exports.add(40, 2))\n"
    )
    port = run_qemu.free_port()
    url = f"socket://127.0.0.1:{port}"
    terminal = tmp_path / "terminal.out"
    cmd = [sys.executable, str(ROOT / "scripts" / "run_qemu.py"), "--board", hil_board, "--share", str(port)]
    cmd += ["--fs-image", str(tmp_path / "fs.img")]
    with terminal.open("wb") as out:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=out, stderr=subprocess.STDOUT)
    try:

        def run(*args: str) -> str:
            r = subprocess.run(
                [sys.executable, "-m", "mpremote", "connect", url, *args],
                capture_output=True,
                text=True,
                timeout=MPREMOTE_TIMEOUT_S,
                check=False,
                cwd=app,
            )
            assert r.returncode == 0, f"mpremote {args}: {r.stdout}\n{r.stderr}\n{terminal.read_text()}"
            return r.stdout

        deadline = time.monotonic() + 20
        while b">>> " not in terminal.read_bytes():  # the board is up on the terminal
            assert time.monotonic() < deadline and proc.poll() is None, terminal.read_text()
            time.sleep(0.1)
        run("cp", "add.wasm", "main.py", ":")
        run("reset")
        deadline = time.monotonic() + 20
        while b"app says 42" not in terminal.read_bytes():
            assert time.monotonic() < deadline, terminal.read_text(errors="replace")
            time.sleep(0.1)
        assert "app says 42" in run("mount", ".", "run", "main.py")
    finally:
        proc.terminate()
        proc.wait(30)
    assert "QEMU stopped" in terminal.read_text(errors="replace")
