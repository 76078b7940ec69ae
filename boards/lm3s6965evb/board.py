# SPDX-License-Identifier: MIT
# TI Stellaris LM3S6965 evaluation board: Cortex-M3, 256 KiB flash, 64 KiB SRAM: the small board.
# Runs on QEMU 7.2 `-M lm3s6965evb`. Memory map: LM3S6965 datasheet (DS-LM3S6965) 2.4 table 2-4, checked on
# QEMU 7.2.22 with `info mtree -f` (flash 0x00000000 256 KiB, SRAM 0x20000000 64 KiB, UART0 PL011 0x4000c000).
# UART0 IRQ 5: datasheet table 2-9, QEMU hw/arm/stellaris.c; confirmed by the REPL receiving on it.
# Timer0 (the sample timer): GPTM at 0x40030000, IRQ 19 (Timer0A): datasheet table 2-4 and 2-9, QEMU 7.2
# hw/arm/stellaris.c; `info mtree -f` shows gptm at 0x40030000..0x40033fff and `info qtree` its clk at 12.5 MHz;
# IRQ 19 confirmed by machine.Sampler receiving its samples (tests/hil/test_pipeline_board.py).
# Everything the firmware and wasm get comes out of the one 64 KiB SRAM: 60 KiB for MicroPython, 4 KiB regions.
from boardcfg.schema import Board, Counter, Cpu, KiB, Memory, Qemu, Region, RegWrite, Storage, Timer, Uart

BOARD = Board(
    name="lm3s6965evb",
    description="TI Stellaris LM3S6965EVB (Cortex-M3, 64 KiB SRAM), QEMU",
    cpu=Cpu("cortex-m3"),
    # QEMU's system control computes SYSCLK from RCC: out of reset 200 MHz / (SYSDIV 15 + 1) = 12.5 MHz
    # (`info qtree`: armv7m cpuclk 12.5 MHz); the silicon's reset clock is the 12 MHz main oscillator instead.
    clock_hz=12_500_000,
    num_irqs=64,  # QEMU armv7m has 64 external IRQ inputs (`info qtree`: gpio-in 64); the datasheet uses < 48
    memories=(
        Memory(0x0000_0000, 256 * KiB, "flash"),
        Memory(0x2000_0000, 64 * KiB, "sram"),
    ),
    flash=Memory(0x0000_0000, 256 * KiB),
    ram=Memory(0x2000_0000, 60 * KiB),  # data, bss, heap, stack; the top 4 KiB hold the wasm regions
    stack_size=8 * KiB,  # compiler and engine recursion; Python stops 1 KiB above the guard
    uart=Uart("pl011", 0x4000_C000, irq=5, baud=115200, clock_hz=12_500_000, instance="UART0"),
    timer=Timer("stellaris", 0x4003_0000, irq=19, instance="TIMER0"),  # counts SYSCLK, 32-bit periodic
    # RCGC1 (0x400fe104) bit 16 TIMER0: its clock gate (datasheet, System Control); QEMU does not gate clocks
    # time.ticks_ms's counter: the watchdog (0x40000000), never resetting, at SYSCLK (period 344 s): QEMU
    # 7.2's GPTM counters read 0 (probed), its watchdog counts (probed: 12.5 MHz)
    counter=Counter("stellaris_wdt", 0x4000_0000, instance="WDT"),
    init_writes=(
        RegWrite(0x400F_E104, 1 << 16, 1 << 16, "RCGC1: clock on for TIMER0"),
        RegWrite(0x400F_E100, 1 << 3, 1 << 3, "RCGC0: clock on for the watchdog (datasheet, System Control)"),
    ),
    qemu=Qemu("lm3s6965evb"),
    profile="small",  # 256 KiB of flash: drop what the small profile drops (docs/boards/what-fits.md)
    regions=(
        Region("shared", 0x2000_F000, 2 * KiB, "rw", why="SRAM scratch a wasm instance may read and write"),
        Region("rodata", 0x2000_F800, 1 * KiB, "ro", why="constants the firmware fills, wasm only reads"),
        Region("guard", 0x2000_FC00, 1 * KiB, "none", why="no access: a probe must fault"),
    ),
    # littlefs in build/<board>/fs.img on the host (ARM semihosting), kept across QEMU runs;
    # 4 KiB blocks as a typical SPI NOR flash erases, 256 KiB: a few apps (RAM, not the file, is what is small)
    storage=Storage("semihosting", 256 * KiB, 4 * KiB),
)
