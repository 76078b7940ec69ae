# SPDX-License-Identifier: MIT
# MicroPython pyboard v1.1: STM32F405RG, Cortex-M4 with single FPU. Real hardware only, flashed over USB DFU.
# Memory map: ST RM0090 2.3 (SRAM1 112 KiB + SRAM2 16 KiB at 0x20000000, CCM 64 KiB at 0x10000000) and the
# STM32F405 datasheet (DS8626); REPL wiring from the pyboard v1.1 pinout: X9 = PB6 (TX), X10 = PB7 (RX).
from boardcfg.clocks import Stm32f4Clock
from boardcfg.schema import Board, Cpu, KiB, Memory, MiB, Region, Storage, Uart

BOARD = Board(
    name="pyboard_v11",
    description="MicroPython pyboard v1.1 (STM32F405RG, Cortex-M4F)",
    cpu=Cpu("cortex-m4", fpu="sp"),
    clock_hz=168_000_000,  # the STM32F405's maximum, from the tree below
    # 12 MHz crystal (pyboard v1.1 schematic, X1) / M 12 = 1 MHz PLL input, * N 336 = VCO 336 MHz,
    # / P 2 = SYSCLK 168 MHz, / Q 7 = 48 MHz (USB); APB1 42 MHz, APB2 84 MHz (the maxima);
    # 5 flash wait states at 3.3 V (RM0090 table 10: 150 < HCLK <= 168 MHz).
    clock=Stm32f4Clock("stm32f405", hse_hz=12_000_000, pllm=12, plln=336, pllp=2, pllq=7, flash_ws=5),
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
    # USART1 sits on APB2 (84 MHz): BRR = 84e6 / 115200 = 729.2, 0.03 % off. Its pins are routed from
    # tx/rx (AF7, DS8626 table 9), with a pull-up on RX so an unconnected line reads idle.
    uart=Uart(
        "stm32",
        0x4001_1000,
        irq=37,
        baud=115200,
        instance="USART1",
        pins="TX=PB6 (X9) RX=PB7 (X10)",
        tx="PB6",
        rx="PB7",
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
