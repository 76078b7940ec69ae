# SPDX-License-Identifier: MIT
# ST NUCLEO-F446RE: STM32F446RE, Cortex-M4 with single FPU, 180 MHz, 512 KiB flash, 128 KiB SRAM.
# Real hardware only, flashed through its on-board ST-LINK/V2-1 (openocd), which also presents USART2 as a
# USB serial port (the virtual COM port: /dev/ttyACM0 on Linux).
# Memory map: ST RM0390 2.2 (flash 0x08000000 512 KiB, SRAM1 112 KiB at 0x20000000, SRAM2 16 KiB at
# 0x2001C000) and the STM32F446 datasheet (DS10693); USART2 at 0x40004400, IRQ 38 (RM0390 table 38);
# wiring from the Nucleo-64 user manual (UM1724 6.8): PA2/PA3 go to the ST-LINK (solder bridges SB13/SB14 on).
from boardcfg.clocks import Stm32f4Clock
from boardcfg.schema import Board, Cpu, KiB, Memory, Region, Uart

BOARD = Board(
    name="nucleo_f446re",
    description="ST NUCLEO-F446RE (STM32F446RE, Cortex-M4F, 180 MHz)",
    cpu=Cpu("cortex-m4", fpu="sp"),
    clock_hz=180_000_000,  # the STM32F446's maximum, from the tree below
    # HSE in bypass: the ST-LINK's MCO drives OSC_IN with 8 MHz (UM1724 6.7.1, the default; no crystal X3).
    # 8 MHz / M 4 = 2 MHz PLL input, * N 180 = VCO 360 MHz, / P 2 = 180 MHz (over-drive on, RM0390 5.1.4),
    # / Q 8 = 45 MHz (no USB here: at most 48 MHz); APB1 45 MHz, APB2 90 MHz (the maxima);
    # 5 flash wait states at 3.3 V (RM0390 table 5: 150 < HCLK <= 180 MHz).
    clock=Stm32f4Clock("stm32f446", hse_hz=8_000_000, hse_bypass=True, pllm=4, plln=180, pllp=2, pllq=8, flash_ws=5),
    num_irqs=97,  # RM0390 table 38: positions 0..96
    memories=(
        Memory(0x0800_0000, 512 * KiB, "flash"),
        Memory(0x2000_0000, 112 * KiB, "sram1"),
        Memory(0x2001_C000, 16 * KiB, "sram2"),
    ),
    flash=Memory(0x0800_0000, 512 * KiB),
    ram=Memory(0x2000_0000, 112 * KiB),  # SRAM1: data, bss, heap, stack; SRAM2 holds the wasm regions
    stack_size=16 * KiB,
    # USART2 on APB1 (45 MHz): BRR = 45e6 / 115200 = 390.6 -> 391, 0.1 % off. PA2 TX, PA3 RX, AF7.
    uart=Uart("stm32", 0x4000_4400, irq=38, baud=115200, instance="USART2", pins="ST-LINK VCP", tx="PA2", rx="PA3"),
    flash_tool="openocd",  # openocd -f interface/stlink.cfg -f target/stm32f4x.cfg (Debian package openocd)
    regions=(
        Region("shared", 0x2001_C000, 8 * KiB, "rw", why="SRAM2 scratch a wasm instance may read and write"),
        Region("rodata", 0x2001_E000, 4 * KiB, "ro", why="constants the firmware fills, wasm only reads"),
        Region("guard", 0x2001_F000, 4 * KiB, "none", why="no access: a probe must fault"),
    ),
)
