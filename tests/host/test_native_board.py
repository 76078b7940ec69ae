# SPDX-License-Identifier: MIT
"""bench/board/native_board.py, the device's native column for whole programs (issue #9 item 5): one
bench program (http-parser's, one file and a driver) cross-built for mps2_an385 with
arm-none-eabi-gcc and newlib, run under QEMU -icount shift=0, prints the host's native build's
bytes and counts the same instructions twice, and more at a larger size; a run cut short is
reported, not taken for a count; the arguments compiled into an image are the bytes given.
About 10 s the first time (the cross build), 3 s after.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "bench" / "board"))

import native_board  # noqa: E402  (bench/ and bench/board/ are on the path only now)
import programs as P  # noqa: E402

BOARD = native_board.load_board("mps2_an385")
PROGRAM = P.BY_NAME["httpparser"]


def test_a_program_built_for_the_board_prints_the_host_bytes_and_counts_exactly():
    elf = native_board.build(PROGRAM, BOARD)
    first = native_board.run(elf, BOARD, timeout=120)
    again = native_board.run(elf, BOARD, timeout=120)
    assert first.status == 0, first.why
    assert first.out == P.run_native(PROGRAM, "test")
    assert native_board.check(first, PROGRAM) is True
    # the board's clock counts instructions under -icount shift=0, not host time
    assert first.instructions == again.instructions
    larger = native_board.run(native_board.build(PROGRAM, BOARD, "quick"), BOARD, timeout=120)
    assert larger.status == 0 and larger.out == P.run_native(PROGRAM, "quick")
    assert first.instructions is not None and larger.instructions is not None
    assert larger.instructions > 5 * first.instructions > 0  # 24 rounds against 2


def test_a_run_cut_short_is_no_count():
    elf = native_board.build(PROGRAM, BOARD)
    cut = native_board.run(elf, BOARD, timeout=0.01)
    assert cut.status is None and cut.instructions is None
    assert "timed out" in cut.why
    assert native_board.check(cut, PROGRAM) is None


def test_the_arguments_compiled_in_are_the_bytes_given(tmp_path: Path):
    args = ["prog", 'a "quoted" \\ word', "??= ??/ trigraphs", "two\nlines\tand a tab", "caf\u00e9 \u20ac", ""]
    main_c = tmp_path / "main.c"
    main_c.write_text(
        "#include <stdio.h>\nextern int native_argc;\nextern char *native_argv[];\n"
        "int main(void) {\n"
        "    for (int i = 0; i < native_argc; i++) { fputs(native_argv[i], stdout); putchar(0); }\n"
        "    return native_argv[native_argc] != 0;\n}\n"
    )
    argv_c = tmp_path / "argv.c"
    argv_c.write_text(native_board.argv_source(args))
    exe = tmp_path / "argv"
    subprocess.run(["gcc", "-std=c11", "-Wall", "-Werror", main_c, argv_c, "-o", exe], check=True, timeout=60)
    out = subprocess.run([exe], capture_output=True, check=True, timeout=10).stdout
    assert out == b"".join(a.encode() + b"\0" for a in args)
