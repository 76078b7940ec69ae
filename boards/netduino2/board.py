# SPDX-License-Identifier: MIT
# Netduino 2: STM32F205RF, Cortex-M3 without an FPU (soft float). Runs on QEMU 7.2 `-M netduino2`.
# Memory map: ST RM0033 (STM32F205/207/215/217) 2.3 and 2.4 (SRAM1 112 KiB at 0x20000000, SRAM2 16 KiB at
# 0x2001C000, flash at 0x08000000 aliased at 0 for boot), checked on QEMU 7.2.22 with `info mtree -f`:
# STM32F205.flash 1 MiB at 0x08000000 (and 0x00000000), STM32F205.sram 128 KiB at 0x20000000 (both banks).
# USART1 at 0x40011000 is QEMU's serial0 (`info qtree`, hw/arm/stm32f205_soc.c); RX IRQ 37: RM0033 table 21
# (position 37, USART1 global), the same number as the F405's; the REPL receives on it.
# QEMU 7.2 maps no RCC on this SoC at all (`info mtree -f` has nothing at 0x40023800: a write there is a
# BusFault, not the F405's ignored write), so the board has no init_writes: silicon would need the clock
# enables netduinoplus2 has (stm32_rcc_enable("USART1", "TIM5")) before using USART1 and TIM5.
# No sample timer (machine.Sampler raises OSError): the same stm32f2xx_timer model as netduinoplus2's,
# whose update interrupts come seconds apart (boards/netduinoplus2/board.py says why).
from boardcfg.schema import Board, Counter, Cpu, KiB, Memory, MiB, Qemu, Region, Storage, Uart

BOARD = Board(
    name="netduino2",
    description="Netduino 2 (STM32F205RF, Cortex-M3, no FPU), QEMU",
    cpu=Cpu("cortex-m3"),  # RM0033 1.1: Cortex-M3; QEMU cpu-type cortex-m3-arm-cpu (`info qtree`)
    # QEMU netduino2 SYSCLK: armv7m cpuclk 120 MHz (`info qtree`), the F205's top speed (RM0033 5.2);
    # QEMU models no RCC, so this is the clock whatever the firmware would program
    clock_hz=120_000_000,
    num_irqs=81,  # RM0033 table 21: positions 0..80 (QEMU models 96, a superset)
    memories=(
        Memory(0x0800_0000, 1 * MiB, "flash"),  # aliased at 0x00000000 for boot (`info mtree -f`)
        Memory(0x2000_0000, 112 * KiB, "sram1"),  # RM0033 2.3.1
        Memory(0x2001_C000, 16 * KiB, "sram2"),  # RM0033 2.3.1; QEMU maps both banks as one 128 KiB RAM
    ),
    flash=Memory(0x0800_0000, 1 * MiB),
    ram=Memory(0x2000_0000, 112 * KiB),  # SRAM1 only: SRAM2 holds the wasm regions
    stack_size=16 * KiB,  # compiler and wasm engine recursion; leaves ~90 KiB for data, bss and heap
    uart=Uart("stm32", 0x4001_1000, irq=37, baud=115200, instance="USART1"),  # QEMU ignores the baud rate
    # time.ticks_ms's counter: TIM5 (32-bit, RM0033 14) prescaled to 1 MHz. QEMU 7.2's TIMx count a 1 GHz
    # clock (`info qtree`: clock-frequency 1000000000); silicon's TIM5 counts the APB1 timer clock
    counter=Counter("stm32", 0x4000_0C00, clock_hz=1_000_000_000, instance="TIM5"),
    qemu=Qemu("netduino2", ci="smoke"),  # CI boots it for tests/hil/test_board_smoke.py only
    regions=(
        Region("shared", 0x2001_C000, 8 * KiB, "rw", why="SRAM2 scratch a wasm instance may read and write"),
        Region("rodata", 0x2001_E000, 4 * KiB, "ro", why="constants the firmware fills, wasm only reads"),
        Region("guard", 0x2001_F000, 4 * KiB, "none", why="no access: a probe must fault"),
    ),
    # littlefs in build/<board>/fs.img on the host (ARM semihosting), kept across QEMU runs;
    # 4 KiB blocks as a typical SPI NOR flash erases, 1 MiB: room for apps and .mpy files
    storage=Storage("semihosting", 1 * MiB, 4 * KiB),
)
