# SPDX-License-Identifier: MIT
"""mpwasm board configurations: schema, the one validator, and code generation.

Scripts put scripts/ on sys.path, then:

    from boardcfg import load_board, all_boards
    board = load_board("mps2_an385")
    board.qemu.machine, board.qemu.args
"""

from .generate import generate, write_generated
from .loader import BOARDS_DIR, DEFAULT_BOARD, all_boards, board_names, load_board
from .schema import (
    Board,
    Counter,
    Cpu,
    KiB,
    Memory,
    MiB,
    Qemu,
    Region,
    RegWrite,
    Storage,
    Timer,
    Uart,
    stm32_pin_af,
    stm32_pin_pullup,
    stm32_rcc_enable,
)
from .validate import MPU_FIXED_REGIONS, MPU_REGIONS, BoardConfigError, validate

__all__ = [
    "BOARDS_DIR",
    "DEFAULT_BOARD",
    "MPU_FIXED_REGIONS",
    "MPU_REGIONS",
    "Board",
    "Counter",
    "BoardConfigError",
    "Cpu",
    "KiB",
    "Memory",
    "MiB",
    "Qemu",
    "RegWrite",
    "Region",
    "Storage",
    "Timer",
    "Uart",
    "all_boards",
    "board_names",
    "generate",
    "load_board",
    "stm32_pin_af",
    "stm32_pin_pullup",
    "stm32_rcc_enable",
    "validate",
    "write_generated",
]
