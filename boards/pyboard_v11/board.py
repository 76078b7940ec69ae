# SPDX-License-Identifier: MIT
# MicroPython pyboard v1.1: STM32F405RG, Cortex-M4 with single FPU. Real hardware only, flashed over USB DFU.
# Memory map: ST RM0090 2.3 (SRAM1 112 KiB + SRAM2 16 KiB at 0x20000000, CCM 64 KiB at 0x10000000) and the
# STM32F405 datasheet (DS8626); REPL wiring from the pyboard v1.1 pinout: X9 = PB6 (TX), X10 = PB7 (RX).
from boardcfg.schema import (
    Board,
    Cpu,
    KiB,
    Memory,
    MiB,
    Region,
    Storage,
    Uart,
    stm32_pin_af,
    stm32_pin_pullup,
    stm32_rcc_enable,
)

BOARD = Board(
    name="pyboard_v11",
    description="MicroPython pyboard v1.1 (STM32F405RG, Cortex-M4F)",
    cpu=Cpu("cortex-m4", fpu="sp"),
    clock_hz=16_000_000,  # the 16 MHz HSI out of reset: no PLL setup keeps the port clock-agnostic
    num_irqs=82,  # RM0090 table 61: positions 0..81
    memories=(
        Memory(0x0800_0000, 1 * MiB, "flash"),
        Memory(0x1000_0000, 64 * KiB, "ccm"),  # data only: no DMA, no instruction fetch
        Memory(0x2000_0000, 112 * KiB, "sram1"),
        Memory(0x2001_C000, 16 * KiB, "sram2"),
    ),
    # sectors 0..6 (RM0090 table 5: 4 x 16 + 64 + 2 x 128 KiB): the firmware, ~260 KiB with room to grow
    flash=Memory(0x0800_0000, 384 * KiB),
    ram=Memory(0x2000_0000, 112 * KiB),  # SRAM1 only: CCM and SRAM2 hold the wasm regions
    stack_size=16 * KiB,  # leaves ~90 KiB for data, bss and heap
    # USART1 sits on APB2, which runs at HSI 16 MHz with reset prescalers: BRR = 16e6 / 115200
    uart=Uart("stm32", 0x4001_1000, irq=37, baud=115200, instance="USART1", pins="TX=PB6 (X9) RX=PB7 (X10) AF7"),
    init_writes=(
        *stm32_rcc_enable("GPIOB", "USART1"),
        *stm32_pin_af("B", 6, 7),  # AF7 = USART1 (DS8626 table 9)
        *stm32_pin_af("B", 7, 7),
        *stm32_pin_pullup("B", 7),  # an unconnected RX reads idle, not noise
    ),
    flash_tool="dfu-util",  # the STM32 system bootloader's DFU: BOOT0 high, then dfu-util -a 0 -s 0x08000000
    regions=(
        Region("shared", 0x1000_0000, 64 * KiB, "rw", why="CCM scratch a wasm instance may read and write"),
        # A second RAM: chained after `shared`, CCM + SRAM2 look like one range to wasm.
        Region("sram2", 0x2001_C000, 8 * KiB, "rw", why="SRAM2 scratch, DMA-capable (CCM is not)"),
        Region("rodata", 0x2001_E000, 4 * KiB, "ro", why="constants the firmware fills, wasm only reads"),
        Region("guard", 0x2001_F000, 4 * KiB, "none", why="no access: a probe must fault"),
    ),
    # sectors 7..11, the last five 128 KiB sectors: littlefs needs equal erase blocks, so none of the
    # 16/64 KiB sectors 0..4; 5 blocks hold the two superblocks, the root directory with small files
    # inline (boot.py, main.py) and a few larger files
    storage=Storage("stm32f4_flash", 640 * KiB, 128 * KiB, base=0x0806_0000),
)
