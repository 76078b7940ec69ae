# SPDX-License-Identifier: MIT
"""Host-port regions: mmap'ed areas under mprotect, faults as board.MemoryFault,
regions shared between two processes through a POSIX shared-memory object."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MICROPYTHON = REPO / "build" / "host" / "micropython"

pytestmark = pytest.mark.skipif(not MICROPYTHON.exists(), reason=f"{MICROPYTHON} not built (make host)")

FAULT_HELPER = """
import board
def fault(f):
    try:
        f()
    except board.MemoryFault as e:
        return (str(e), e.errno, e.access, e.region, e.address - board.regions[e.region].base, isinstance(e, OSError))
    return None
"""


def run(code: str, *options: str, timeout: float = 20) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(MICROPYTHON), *options, "-c", code], capture_output=True, text=True, timeout=timeout, check=False
    )


def run_ok(code: str, *options: str) -> list[str]:
    proc = run(code, *options)
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout.splitlines()


@pytest.fixture
def shm_name():
    name = f"/mpwasm-test-{uuid.uuid4().hex[:12]}"
    yield name
    path = Path("/dev/shm") / name[1:]
    if path.exists():
        path.unlink()


def test_default_regions_mirror_the_boards():
    out = run_ok("import board\nfor n in sorted(board.regions): r = board.regions[n]; print(n, r.size, r.access)")
    assert out == ["guard 4096 none", "rodata 4096 ro", "shared 65536 rw"]


def test_rw_region_reads_back_and_ro_region_holds_its_constants():
    out = run_ok(
        "import board\n"
        "v = board.regions['shared'].view(); v[0] = 42; v[65535] = 7; print(v[0], v[65535], len(v))\n"
        "r = board.regions['rodata'].view(); print(list(r[0:4]), r[4095])"
    )
    assert out == ["42 7 65536", "[0, 1, 2, 3] 255"]


@pytest.mark.parametrize(
    "body, access, region, offset",
    [
        ("board.regions['rodata'].view()[0] = 1", "write", "rodata", 0),
        ("board.regions['rodata'].view()[4095] = 1", "write", "rodata", 4095),
        ("board.regions['guard'].view()[5]", "read", "guard", 5),
        ("board.regions['guard'].view()[4095] = 9", "write", "guard", 4095),
    ],
)
def test_forbidden_access_raises_memory_fault_and_python_goes_on(body, access, region, offset):
    out = run_ok(FAULT_HELPER + f"def f():\n    {body}\nprint(fault(f))\nprint('alive')")
    msg, errno, got_access, got_region, got_offset, is_oserror = eval(out[0])  # eval: our own output
    assert (errno, got_access, got_region, got_offset, is_oserror) == (14, access, region, offset, True)
    assert msg.startswith(f"{access} at 0x") and f"in region '{region}'" in msg
    assert out[1] == "alive"


def test_uncaught_fault_is_a_traceback_not_a_crash():
    proc = run("import board\nboard.regions['rodata'].view()[1] = 2")
    assert proc.returncode == 1
    assert "MemoryFault: write at 0x" in proc.stdout and "in region 'rodata' (ro)" in proc.stdout


def test_a_thousand_faults_leak_nothing():
    out = run_ok(
        "import board, gc\n"
        "g = board.regions['guard'].view()\n"
        "before = 0  # bound first, so binding it later allocates nothing\n"
        "def faults():\n"
        "    for i in range(1000):\n"
        "        try:\n"
        "            g[i]\n"
        "        except board.MemoryFault:\n"
        "            pass\n"
        "faults(); gc.collect(); before = gc.mem_free()\n"
        "faults(); gc.collect(); print(before - gc.mem_free())"
    )
    assert int(out[0]) <= 0


@pytest.mark.parametrize(
    "spec, message",
    [
        ("nosize", "expected NAME:SIZE[:ACCESS[:SHM]]"),
        ("r:4096x", "expected NAME:SIZE[:ACCESS[:SHM]]"),
        ("r:100", "size must be a positive multiple of the page size"),
        ("r:0", "size must be a positive multiple of the page size"),
        ("r:4096:rwx", "access must be rw, ro or none"),
        ("a_name_that_is_far_too_long_for_it:4096", "name must be 1 to 31 characters"),
    ],
)
def test_bad_region_option_is_refused_with_a_message(spec, message):
    proc = run("print('ran')", "-X", f"region={spec}")
    assert proc.returncode == 2 and "ran" not in proc.stdout
    assert f"-X region={spec}: {message}" in proc.stderr


def test_region_option_adds_a_region():
    out = run_ok("import board; r = board.regions['extra']; print(r.size, r.access)", "-X", "region=extra:8192:ro")
    assert out == ["8192 ro"]


def test_two_processes_share_a_region_zero_copy(shm_name):
    # A writes "ping" and waits for "pong"; B waits for "ping" and answers:
    # each sees the other's writes in place, while both run.
    option = ("-X", f"region=ipc:4096:rw:{shm_name}")
    wait = (
        "import board, time\n"
        "v = board.regions['ipc'].view()\n"
        "def wait_for(word):\n"
        "    for i in range(1000):\n"
        "        if bytes(v[0:4]) == word:\n"
        "            return True\n"
        "        time.sleep_ms(5)\n"
        "    return False\n"
    )
    a = subprocess.Popen(
        [str(MICROPYTHON), *option, "-c", wait + "v[0:4] = b'ping'\nprint(wait_for(b'pong'))"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        b = run(wait + "print(wait_for(b'ping')); v[0:4] = b'pong'", *option)
        out_a, err_a = a.communicate(timeout=20)
    finally:
        if a.poll() is None:
            a.kill()
            a.wait()
    assert b.returncode == 0 and b.stdout.split() == ["True"], b.stderr
    assert a.returncode == 0 and out_a.split() == ["True"], err_a
    assert (Path("/dev/shm") / shm_name[1:]).stat().st_size == 4096
