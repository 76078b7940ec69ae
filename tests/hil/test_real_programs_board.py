# SPDX-License-Identifier: MIT
"""A real program from a Debian source package on the board: KISS FFT (float
FFTs, kissfft 131.1.0, unchanged) with our driver, built for wasm32-wasi by
bench/programs.py (the smallest of docs/programs.md's nine: 41 KB of wasm,
~125 KB of Module.ram, 256 KiB of linear memory). It runs with
wasm.WASI(stdout=sink) and its output must be the native gcc build's, byte for
byte, on every board with NEEDS_HEAP free (the mps2 boards). A board with less
must fail cleanly, with the REPL alive: a MemoryError (netduinoplus2 and
lm3s6965evb cannot even hold the module), or, where the module loads but the
heap cannot give the program its linear memory in one piece (mps3_an547's
463 KiB, depending on fragmentation), memory.grow fails, the program's malloc
returns NULL and it says "out of memory" and exits 1 (wasm.Exit). The other programs' board figures come
from bench/board/programs_board.py (a benchmark, not run here).
xz (liblzma) runs here too, loaded lazily (`wasm.Module(bytes)`): its functions
are lowered on first call into blocks allocated between the linear memory's
growths, and its preset-3 encoder grows the memory to ~1.8 MB; before
memory.grow gave lowered code back (lazy.c mw_lazy_reclaim) the grow failed
with 2 MB of heap free (LZMA_MEM_ERROR). It runs under the default code
budget, as a user loads it: until session 17 the functions the budget
dropped during preset 3 were lowered again between the memory's growths,
into the holes its moves left, and on mps2_an385 preset 6's grow found no
block (LZMA_MEM_ERROR); now the budget's code lives in one block allocated
at the load (the code arena, docs/engine.md). Where XZ_NEEDS_HEAP is free
its output must be the native bytes, some functions must have been lowered
again and Module.ram is within the binary's size; a board with less fails
cleanly (MemoryError or its own exit 1).
cJSON runs lazily as a user loads it (`wasm.Module(bytes)`, the default code
budget): Module.ram after the run within its binary's size, code lowered
again, the native bytes; with code_budget=None over the binary's size.
libmd (session 26) runs with a preopen over the board's filesystem: its
driver writes its data into files there with stdio (in pieces, a part
rewritten after a seek), reads them back, hashes them through libmd's
MD5File/SHA256FileChunk (open, lseek, read), lists the directory and removes
the files; its output must be the native build's with a directory of the
host's, and the board's directory is left empty.
Wiring needed on a real board: only the REPL UART.
"""

from __future__ import annotations

import ast
import functools
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import programs as P
from boardcfg import load_board
from cases.wasi_cases import SINK
from conftest import BOOT_TIMEOUT_S, board_with_files, files_by_image
from raw_repl import DeviceError, send_bytes, send_file
from support import host, images

if TYPE_CHECKING:
    from conftest import Repl


pytestmark = pytest.mark.skipif(
    not Path("/usr/lib/wasm32-wasi/libc.a").exists(),
    reason="wasi-libc not installed (make deps)",
)

KISSFFT = P.BY_NAME["kissfft"]
LIBMD = P.BY_NAME["libmd"]
XZ = P.BY_NAME["xz"]
CJSON = P.BY_NAME["cjson"]
# module (~125 KB), 256 KiB of linear memory grown a page at a time (each grow
# a new block: old and new at once), the binary while loading, the engine's
# stacks: mps3_an547's 463 KiB runs it only sometimes; 1 MiB always does
NEEDS_HEAP = 1024 * 1024
CHUNK = 1024  # binary bytes per raw-REPL exec on a small board
BIG_CHUNK = 4096  # where NEEDS_HEAP is free: fewer round trips
# xz: the binary while loading (140 KB), Module.ram after the run (~210 KB) and
# 1.5-2.0 MB of linear memory (old and new block at once when it moves)
XZ_NEEDS_HEAP = 3 * 1024 * 1024
# cjson: the binary twice while it is made bytes (51 KB each), Module.ram (at
# most the binary's size by default; 1.4x without a budget) and 128 KiB of
# linear memory
CJSON_NEEDS_HEAP = 1024 * 1024

FREE = (
    "for _k in [k for k in globals() if not k.startswith('__')]:\n"
    "    del globals()[_k]\n"
    "import gc, wasm\n"
    "gc.collect()\n"
)

RUN = (
    SINK
    + """
_s = Sink()
_w = wasm.WASI(args={argv!r}, stdout=_s)
_i = wasm.Instance(M, wasi=_w)
try:
    print('returned', _w.start(_i))
except wasm.Exit as e:
    print('Exit', e.code)
print(repr(_s.value()))
print(getattr(M, 'lowerings', -1), M.lowered[0])
print(M.ram, getattr(M, 'code_budget', -1))
print(_i.exports.memory.grows_refused)
"""
)


def no_grow_refused(lines: list[str]) -> None:
    """RUN's last line: the heap refused none of the program's memory.grow, so the
    output compared next is the program's own: a program that goes on when malloc gets
    NULL prints other bytes without a word (Little CMS on mps2_an385, docs/benchmarks.md
    "Images (session 35)"), and then this says why."""
    refused, pages = ast.literal_eval(lines[4])
    assert refused == 0, f"the heap refused {refused} memory.grow (the memory asked for {pages} pages): {lines[:4]}"


@functools.cache
def binary(name: str) -> bytes:
    return P.build_all([P.BY_NAME[name]])[name, "wasm"].read_bytes()


@functools.cache
def native_output(name: str) -> bytes:
    P.build_all([P.BY_NAME[name]])
    return P.run_native(P.BY_NAME[name], "test")


def load_and_run(repl: Repl, program: P.Program, chunk: int, *, lazy: bool = False, kw: str = "") -> list[str]:
    """Sends the program's binary, loads it (bytes: borrowed and lowered
    lazily, with the default code budget unless `kw` says otherwise; a
    bytearray: eagerly) and runs it: RUN's output lines."""
    module = f"wasm.Module(bytes(_b){kw})" if lazy else "wasm.Module(_b)"
    run = RUN.format(argv=program.argv("test"))
    return send_and_run(repl, binary(program.name), chunk, module, run, 300, f"/{program.name}.wasm")


def send_and_run(repl: Repl, data: bytes, chunk: int, module: str, run: str, timeout: float, path: str) -> list[str]:
    """Sends `data` into the board's bytearray _b, `chunk` bytes an exec, or, where the
    board's image holds it as `path` (repl.files: programs_board, board_with_files), reads
    it there; makes M of it (`module`: an expression of _b), then runs `run`: its output's lines."""
    repl.exec(FREE + f"_b = bytearray({len(data)})\n_v = memoryview(_b)")
    if path in repl.files:
        read = f"with open({path!r}, 'rb') as _f:\n    print(_f.readinto(_b), _f.read(1))"
        assert repl.exec(read, timeout=60) == f"{len(data)} b''\n"
    else:
        send_bytes(repl, data, chunk)
    repl.exec(f"M = {module}\ndel _v, _b\ngc.collect()", timeout=120)
    return repl.exec(run, timeout=timeout).replace("\r\n", "\n").splitlines()


# The binaries this file's tests load but SQLite's (~300 KB in all), in the image of a
# QEMU board of its own (programs_board): through the raw REPL they took 1-11 s each a board
PROGRAM_FILES = (KISSFFT, XZ, CJSON, LIBMD)


@pytest.fixture(scope="module")
def programs_board(
    hil_board: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Repl | None]:
    """The session's firmware booted again with PROGRAM_FILES in its filesystem as
    /<name>.wasm (conftest.board_with_files), where files_by_image allows (a QEMU board
    with 1 MiB of storage); else None (a real board, --port; lm3s6965evb's 256 KiB),
    and the binaries go through the REPL."""
    board = load_board(hil_board)
    files = {f"{p.name}.wasm": binary(p.name) for p in PROGRAM_FILES}
    if not files_by_image(request.config, board, sum(len(d) for d in files.values())):
        yield None
        return
    with board_with_files(board, request.config, tmp_path_factory.mktemp(f"programs-{hil_board}"), files) as r:
        yield r


@pytest.fixture
def repl(repl: Repl, programs_board: Repl | None) -> Iterator[Repl]:
    """This file's board: programs_board where there is one, else the session's
    (conftest.repl); each test soft-resets it first."""
    if programs_board is None:
        yield repl
        return
    if programs_board.raw.pending():
        programs_board.raw.recover(BOOT_TIMEOUT_S)
    yield programs_board
    if programs_board.target.raw is not None and programs_board.target.raw.pending():
        programs_board.target.raw.recover(BOOT_TIMEOUT_S)


def test_kissfft_output_is_the_native_bytes(repl: Repl) -> None:
    repl.soft_reset()
    free = int(repl.exec(FREE + "print(gc.mem_free())"))
    try:
        if free < NEEDS_HEAP:
            try:
                lines = load_and_run(repl, KISSFFT, CHUNK)
            except DeviceError as e:
                assert e.exc_type == "MemoryError", e
            else:
                if lines[0] != "returned 0":  # it may also just fit
                    assert lines[0] == "Exit 1" and ast.literal_eval(lines[1]).endswith(b"out of memory\n"), lines
                else:
                    no_grow_refused(lines)
                    assert ast.literal_eval(lines[1]) == native_output(KISSFFT.name)
            assert repl.exec(FREE + "print('alive', gc.mem_free() > 0)") == "alive True\n"
            return
        lines = load_and_run(repl, KISSFFT, BIG_CHUNK)
        assert lines[0] == "returned 0"
        no_grow_refused(lines)
        assert ast.literal_eval(lines[1]) == native_output(KISSFFT.name)
    finally:
        repl.exec(FREE)


def has_code_budget(repl: Repl) -> bool:
    """False for a "small"-profile `wasm` (the built-in module of such a board,
    ARM wasm.mpy: MW_UNLOWER=0): no code budget, no code given back when a
    grow is short, old memory blocks left to the collector (docs/wasm.md)."""
    return repl.exec(FREE + "print(hasattr(wasm.Module, 'unlower'))") == "True\n"


def test_xz_lazy_output_is_the_native_bytes(repl: Repl) -> None:
    repl.soft_reset()
    free = int(repl.exec(FREE + "print(gc.mem_free())"))
    try:
        # without a budget (the small profile) xz's code stays beside memory
        # that can no longer take its room: at best it fits, else it fails cleanly
        if free < XZ_NEEDS_HEAP or not has_code_budget(repl):
            try:
                lines = load_and_run(repl, XZ, BIG_CHUNK, lazy=True)
            except DeviceError as e:
                assert e.exc_type == "MemoryError", e
            else:
                if lines[0] != "returned 0":
                    assert lines[0] == "Exit 1" and b"LZMA_MEM_ERROR" in ast.literal_eval(lines[1]), lines
                else:
                    no_grow_refused(lines)
                    assert ast.literal_eval(lines[1]) == native_output(XZ.name)
            assert repl.exec(FREE + "print('alive', gc.mem_free() > 0)") == "alive True\n"
            return
        lines = load_and_run(repl, XZ, BIG_CHUNK, lazy=True)
        assert lines[0] == "returned 0", lines
        no_grow_refused(lines)
        assert ast.literal_eval(lines[1]) == native_output(XZ.name)
        lowerings, lowered = (int(x) for x in lines[2].split())
        # functions dropped by the budget and lowered again
        assert lowerings > lowered, lines
        ram, budget = (int(x) for x in lines[3].split())
        assert budget > 0 and ram <= len(binary(XZ.name)), lines
    finally:
        repl.exec(FREE)


def test_cjson_default_code_budget_keeps_module_ram_within_the_binary(repl: Repl) -> None:
    # wasm.Module(bytes) as a user writes it: lazy, with the default code
    # budget (docs/wasm.md), where the firmware has code_budget= (not on a
    # "small"-profile board, whose heap cannot hold cjson anyway, nor with ARM
    # wasm.mpy, small too, which runs it without a budget). After the
    # run Module.ram is within the binary's size, code was lowered again
    # (lowerings > functions lowered) and the output is the native bytes;
    # with code_budget=None the same run keeps its code, over the binary's size.
    repl.soft_reset()
    free = int(repl.exec(FREE + "print(gc.mem_free())"))
    size = len(binary(CJSON.name))
    try:
        if free < CJSON_NEEDS_HEAP:
            try:
                lines = load_and_run(repl, CJSON, CHUNK, lazy=True)
            except DeviceError as e:
                assert e.exc_type == "MemoryError", e
            else:
                if lines[0] != "returned 0":
                    assert lines[0] == "Exit 1" and ast.literal_eval(lines[1]).endswith(b"out of memory\n"), lines
                else:
                    no_grow_refused(lines)
                    assert ast.literal_eval(lines[1]) == native_output(CJSON.name)
                    lowerings = int(lines[2].split()[0])
                    ram, budget = (int(x) for x in lines[3].split())
                    if has_code_budget(repl):
                        assert ram <= size, lines
                    else:
                        # a "small"-profile `wasm` with less heap than that
                        # (wasm.mpy on mps3_an547, ~386 KiB): no budget, the code all kept
                        assert (lowerings, budget) == (-1, -1), (size, lines)
            assert repl.exec(FREE + "print('alive', gc.mem_free() > 0)") == "alive True\n"
            return
        lines = load_and_run(repl, CJSON, BIG_CHUNK, lazy=True)
        assert lines[0] == "returned 0", lines
        no_grow_refused(lines)
        assert ast.literal_eval(lines[1]) == native_output(CJSON.name)
        lowerings, lowered = (int(x) for x in lines[2].split())
        ram, budget = (int(x) for x in lines[3].split())
        if not has_code_budget(repl):
            # a "small"-profile `wasm` with the heap for cjson (wasm.mpy on
            # mps2_an385): no budget nor lowerings count; the code is all kept
            assert (lowerings, budget) == (-1, -1) and ram > size, (size, lines)
            return
        assert ram <= size and 0 < budget < size and lowerings > lowered, (size, lines)
        lines = load_and_run(repl, CJSON, BIG_CHUNK, lazy=True, kw=", code_budget=None")
        no_grow_refused(lines)
        assert ast.literal_eval(lines[1]) == native_output(CJSON.name)
        lowerings, lowered = (int(x) for x in lines[2].split())
        assert lines[3].split() == [lines[3].split()[0], "None"] and int(lines[3].split()[0]) > size, (size, lines)
        assert lowerings == lowered, lines
    finally:
        repl.exec(FREE)


# libmd: the binary while loading (~67 KB), Module.ram (about as much) and 256 KiB of
# linear memory (its 64 KiB stack, the data, a copy read back, stdio's buffers)
LIBMD_NEEDS_HEAP = 1024 * 1024


def preopen_run(argv: list[str], folder: str, listing: str) -> str:
    """Code that runs M with `argv`, the board's `folder` (made if missing) preopened as
    /data and its stdout into a Sink; it prints how the program ended, the output's repr
    and then `listing` (an expression: what the program left in the folder)."""
    return (
        SINK
        + f"import os\ntry:\n    os.mkdir({folder!r})\nexcept OSError:\n    pass\n"
        + f"_s = Sink()\n_w = wasm.WASI(args={argv!r}, preopens={{'/data': {folder!r}}}, stdout=_s)\n"
        + "try:\n    print('returned', _w.start(wasm.Instance(M, wasi=_w)))\n"
        + "except wasm.Exit as e:\n    print('Exit', e.code)\n"
        + f"print(repr(_s.value()))\nprint({listing})\n"
    )


def libmd_native_through_files() -> bytes:
    """The native libmd_bench's output at the test size with a directory of its own."""
    exe = P.build_all([LIBMD])[LIBMD.name, "native"]
    with tempfile.TemporaryDirectory() as d:
        r = subprocess.run([str(exe), *LIBMD.args["test"], d], capture_output=True, timeout=120, check=True)
    return r.stdout


def test_libmd_through_wasi_files_is_the_native_bytes(repl: Repl) -> None:
    repl.soft_reset()
    free = int(repl.exec(FREE + "print(gc.mem_free())"))
    argv = [*LIBMD.argv("test"), "/data"]
    want = libmd_native_through_files()
    assert b"files: 2 listed" in want and b"chunk   SHA512" in want and b"all digests agree" in want, want
    try:
        try:
            chunk = BIG_CHUNK if free >= LIBMD_NEEDS_HEAP else CHUNK
            run = preopen_run(argv, "/libmd_data", "os.listdir('/libmd_data')")
            lines = send_and_run(repl, binary(LIBMD.name), chunk, "wasm.Module(_b)", run, 300, "/libmd.wasm")
        except DeviceError as e:
            # a board whose heap cannot hold it: the clean MemoryError, the REPL alive
            assert free < LIBMD_NEEDS_HEAP and e.exc_type == "MemoryError", (free, e)
            assert repl.exec(FREE + "print('alive', gc.mem_free() > 0)") == "alive True\n"
            return
        if free < LIBMD_NEEDS_HEAP and lines[0] != "returned 0":
            # loaded, but the heap could not give the linear memory its room: malloc failed
            assert lines[0] == "Exit 1" and ast.literal_eval(lines[1]).endswith(b"out of memory\n"), lines
            return
        assert lines[0] == "returned 0", lines
        assert ast.literal_eval(lines[1]) == want
        assert lines[2] == "[]", lines  # the program removed what it wrote
    finally:
        repl.exec(FREE + "import os\ntry:\n    os.rmdir('/libmd_data')\nexcept OSError:\n    pass\n")


# SQLite with its database in a file of the board's littlefs (bench/programs/sqlite_file.c,
# SQLite's unix VFS "unix-none": docs/wasi.md): the binary (~900 KB) while it is made bytes,
# once more as those bytes (lowered lazily under the default code budget: Module.ram at
# most about the binary's size) and its linear memory (~1 MB)
SQLITE_FILE_NEEDS_HEAP = 3 * 1024 * 1024


# Where the board is QEMU the binary is a file in the image it boots with (a second QEMU of
# the session's firmware, conftest.board_with_files: ~1 s); through the raw REPL it took
# 75-150 s a board. A real board (--port) has it sent through its REPL as before.
SQLITE_FILE_WASM = "/sqlite_file.wasm"


def test_sqlite_database_in_a_littlefs_file_is_the_native_bytes(
    repl: Repl, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The native build's output with a directory of the host's, byte for byte, on the
    board's littlefs; the database file left there is the size the program printed
    and the journal (TRUNCATE mode) 0 bytes. A board without the heap: the clean
    MemoryError, the REPL alive; a "small"-profile `wasm` (ARM wasm.mpy): the clean
    CompileError of a branch too far. Until session 32 the first COMMIT failed ("disk I/O
    error": ftruncate was ENOSYS)."""
    prog = P.SQLITE_FILE
    native = P.build(prog, "native")
    want = subprocess.run(
        [str(native), prog.args["board"][0], str(tmp_path)], capture_output=True, timeout=60, check=True
    ).stdout
    data = P.build(prog, "wasm").read_bytes()
    if files_by_image(request.config, repl.board, len(data)):
        files = {SQLITE_FILE_WASM: data}
        with board_with_files(repl.board, request.config, tmp_path / "board", files) as own:
            sqlite_file_run(own, data, want)
    else:
        sqlite_file_run(repl, data, want)


def sqlite_file_run(repl: Repl, data: bytes, want: bytes) -> None:
    """test_sqlite_database_in_a_littlefs_file_is_the_native_bytes on `repl`'s board, the
    binary `data` read from its SQLITE_FILE_WASM or sent through the REPL."""
    prog = P.SQLITE_FILE
    argv = ["sqlite_file", prog.args["board"][0], "/data"]
    size = int(want.decode().split("reopened: ")[1].split("file ")[1].split(" bytes")[0])
    repl.soft_reset()
    free = int(repl.exec(FREE + "print(gc.mem_free())"))
    small = not has_code_budget(repl)
    try:
        try:
            # the listing, and the run's milliseconds (printed, not asserted)
            listing = "(sorted((e[0], e[3]) for e in os.ilistdir('/sq_data')), time.ticks_diff(time.ticks_ms(), _t0))"
            run = "import time\n_t0 = time.ticks_ms()\n" + preopen_run(argv, "/sq_data", listing)
            lines = send_and_run(repl, data, BIG_CHUNK, "wasm.Module(bytes(_b))", run, 1200, SQLITE_FILE_WASM)
        except DeviceError as e:
            if small and e.exc_type == "CompileError":
                # a "small"-profile `wasm` (ARM wasm.mpy: MW_FAR_LOWERING=0) refuses
                # SQLite's VDBE loop, a function with a branch beyond 32 K code
                # units (docs/engine.md; docs/natmod.md "Which file for which board"), cleanly
                assert "branch beyond 32 K code units" in e.message, e
            else:
                assert free < SQLITE_FILE_NEEDS_HEAP and e.exc_type == "MemoryError", (free, e)
            assert repl.exec(FREE + "print('alive', gc.mem_free() > 0)") == "alive True\n"
            print(f"\nsqlite_file: {e.exc_type} with {free} B free")
            return
        assert lines[0] == "returned 0", lines
        assert ast.literal_eval(lines[1]) == want
        files, ms = ast.literal_eval(lines[2])
        assert files == [("sqlite_file.db", size), ("sqlite_file.db-journal", 0)], lines
        print(f"\nsqlite_file: {argv[1]} rows, database {size} B on littlefs, the run {ms} ms (board clock)")
    finally:
        repl.exec(
            FREE + "import os\nfor _p in ('sqlite_file.db', 'sqlite_file.db-journal'):\n"
            "    try:\n        os.remove('/sq_data/' + _p)\n    except OSError:\n        pass\n"
            "try:\n    os.rmdir('/sq_data')\nexcept OSError:\n    pass\n"
        )


# sessions 34's to 42's held-out programs (docs/programs.md), run from board images where
# MPWASM_PROGRAMS=all (bench-only programs: P.TESTED holds them only then)
HELD_OUT = ("cliquer", "wavpack", "lcms2", "bc", "planarity", "ncompress", "nlopt", "solo", "libxmp", "libspng")
HELD_OUT += ("cubature", "xdelta3", "discount", "mcpp", "lpsolve")
HELD_OUT += ("phalanx", "matheval", "libxcrypt", "gsl", "pcre3")
# FFTW's and NASM's cortex-m images (1.4 and 1.6 MB) are larger than mps2_an385's filesystem:
# streamed over the REPL into the Module's block (send_image_and_run), held once as held_out_need
# counts them (session 38 staged them in a bytearray and copied it, twice the image: a clean
# MemoryError where the need said they fit, docs/benchmarks-history.md "Held-out programs (session 38)")
HELD_OUT += ("tinyxml2", "dconv", "box2d", "fftw3", "nasm")
HELD_OUT += ("judy", "jbig", "eigen", "openjpeg", "indent")
HELD_OUT += ("twolame", "cadical", "byacc", "awk", "snowball")
HELD_OUT += ("bearssl", "zpaq", "theora", "re2", "fribidi")
HELD_OUT += ("metis", "imagequant", "vterm", "amrnb", "lwip")
HELD_OUT += ("tidy", "dmtx", "fasttree", "fann", "gperf")
# What a held-out run needs beside the image and the program's linear memory (held_out_need):
# Module.ram (41,409 B for Little CMS's image on mps2_an385), the objects of the run, and a
# memory that moves while it grows (old and new at once for the copy)
HELD_OUT_SLACK = 256 * 1024
# The value stack they run with there (64 KiB): a board's default 1024 slots are not enough for
# NLopt's deepest calls (five frames of ~1,100 slots in all) or Solo's recursive grid filler (~120
# frames of ~34 slots on a 3x4 grid), which trap "call stack exhausted" as the host port does
# under wasm.stack_size(1024)
HELD_OUT_SLOTS = 8192


@functools.cache
def memory_peak(name: str) -> int:
    """The program's linear memory after its test run on the host port, in bytes: its
    largest (a memory never shrinks), which the board's heap must give in one block."""
    path = P.build_all([P.BY_NAME[name]])[name, "wasm"]
    code = (
        "class _Null:\n    def write(self, b):\n        return len(b)\n"
        f"_w = wasm.WASI(args={P.BY_NAME[name].argv('test')!r}, stdout=_Null())\n"
        f"_i = wasm.Instance(wasm.Module(open({str(path)!r}, 'rb').read()), wasi=_w)\n"
        "try:\n    _w.start(_i)\nexcept wasm.Exit:\n    pass\n"
        "p(len(_i.exports.memory), _i.exports.memory.grows_refused)\n"
    )
    ((size, refused),) = host.run(code, timeout=600)
    assert refused == (0, 0), (name, refused)
    return size


def held_out_need(name: str, image: bytes) -> int:
    """The free heap a held-out program's board run needs: its image (one block, read
    from the file), its linear memory at its largest (memory_peak), the value stack at
    HELD_OUT_SLOTS and HELD_OUT_SLACK. Until session 36 one figure for all ten, 3 MiB,
    below Little CMS's alone (365 KB of image and a 3 MiB memory)."""
    return len(image) + memory_peak(name) + (HELD_OUT_SLOTS + 2) * 8 + HELD_OUT_SLACK


@functools.cache
def board_image(name: str, target: str) -> bytes | str:
    """The program's image for `target` (build/programs/NAME.TARGET.mwi), or wasm-cross's
    refusal (a small-profile target's branch limit)."""
    wasm = P.build_all([P.BY_NAME[name]])[name, "wasm"]
    out = wasm.with_suffix(f".{target}.mwi")
    r = images.cross(wasm, out, target=target)
    return out.read_bytes() if r.returncode == 0 else r.stderr


# where the board's filesystem has room, the image goes there and the Module reads it as a
# user would, from the file: one block of the heap. Staged in a bytearray and copied, it left
# a hole of its size below the copy, and Little CMS's linear memory (3 MiB, grown in one block)
# did not fit beside it on mps2_an385: memory.grow failed, Little CMS skipped its optimisations
# without a word and printed other bytes (docs/benchmarks.md "Images (session 35)")
IMAGE_FILE = "held_out.mwi"


def send_image_and_run(repl: Repl, image: bytes, run: str) -> list[str]:
    """Loads `image` as M, from IMAGE_FILE where the filesystem holds it, else from a stream
    the host feeds over the REPL (RawRepl.exec_stream: read into the Module's one block, no
    copy staged beside it), then runs `run`: its output's lines."""
    room = "import os\n_s = os.statvfs('/')\nprint(_s[0] * _s[4])"
    if int(repl.exec(room)) < len(image) + 64 * 1024:
        repl.raw.exec_stream(f"M = wasm.Module(_Rx({len(image)}))\ngc.collect()", image, timeout=120)
        return repl.exec(run, timeout=600).replace("\r\n", "\n").splitlines()
    send_file(repl, IMAGE_FILE, image, BIG_CHUNK)
    repl.exec(f"M = wasm.Module(open({IMAGE_FILE!r}, 'rb'))\ngc.collect()", timeout=120)
    return repl.exec(run, timeout=600).replace("\r\n", "\n").splitlines()


@pytest.mark.parametrize("program", [p for p in P.TESTED if p.name in HELD_OUT], ids=lambda p: p.name)
def test_held_out_program_from_a_board_image(repl: Repl, wasm_source: str, program: P.Program) -> None:
    target = images.board_target(repl.board.profile, wasm_source)
    image = board_image(program.name, target)
    if isinstance(image, str):  # the small profile: no far branches (docs/engine.md)
        assert target == "cortex-m-small" and "branch beyond 32 K code units" in image, image
        return
    repl.soft_reset()  # (and the default stacks back after)
    free = int(repl.exec(FREE + "print(gc.mem_free())"))
    need = held_out_need(program.name, image)
    if free >= need:
        repl.exec(f"wasm.stack_size({HELD_OUT_SLOTS})")
    run = RUN.format(argv=program.argv("test"))
    try:
        try:
            lines = send_image_and_run(repl, image, run)
        except DeviceError as e:
            assert free < need and e.exc_type == "MemoryError", (free, need, e)
            assert repl.exec(FREE + "print('alive', gc.mem_free() > 0)") == "alive True\n"
            return
        if free < need and ast.literal_eval(lines[4])[0] > 0:
            # short of heap, and the run says so: its memory.grow refused (its output
            # may be other bytes, or its own report of the lack)
            print(f"\n{program.name}: {free} B free of {need}: grows refused {lines[4]}")
            return
        assert lines[0] == "returned 0", lines
        no_grow_refused(lines)
        assert ast.literal_eval(lines[1]) == native_output(program.name)
        print(f"\n{program.name}: {target} image {len(image)} B, Module.ram {lines[3].split()[0]} B")
    finally:
        repl.exec(FREE + f"import os\ntry:\n    os.remove({IMAGE_FILE!r})\nexcept OSError:\n    pass")
        repl.soft_reset()
