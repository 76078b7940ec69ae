# SPDX-License-Identifier: MIT
# ARM MPS3 with the AN547 FPGA image (SSE-300): Cortex-M55, ARMv8.1-M mainline with FPU (double) and MVE.
# Runs on QEMU 7.2 `-M mps3-an547`; boots in the Secure state (qtree init-svtor 0: ITCM), so everything
# below uses the Secure aliases (address bit 28 set), as on mps2_an505.
# Memory map: ARM AN547 (DAI0547) and QEMU 7.2.22 `info mtree -f`: ITCM 512 KiB at 0x10000000, DTCM 512 KiB at
# 0x30000000, the ISRAM windows at 0x31000000 and 0x31200000 (behind an MPC, Secure by default).
# UART0 (Secure alias 0x59303000) RX IRQ 33: AN547 interrupt map, confirmed by the REPL receiving on it.
# Sample timer: SSE-300 SYSTIMER0, Non-secure 0x48000000 / Secure alias 0x58000000, IRQ 3 (QEMU 7.2 hw/arm/armsse.c
# sse300_devices; `info mtree -f` shows its PPC port at 0x58000000, `info qtree` the sse-counter's CLK at 32 MHz).
# The system counter's control frame is at 0x58100000 (`info mtree -f`: sse-counter-control); CNTCR.EN starts it.
# IRQ 3 confirmed by machine.Sampler receiving its samples (tests/hil/test_pipeline_board.py).
from boardcfg.schema import Board, Counter, Cpu, KiB, Memory, MiB, Qemu, Region, RegWrite, Storage, Timer, Uart

BOARD = Board(
    name="mps3_an547",
    description="ARM MPS3 AN547 (Cortex-M55, ARMv8.1-M), QEMU",
    cpu=Cpu("cortex-m55", fpu="dp"),  # QEMU cortex-m55: FPv5 double + MVE-F
    clock_hz=32_000_000,  # QEMU mps3-an547: armv7m cpuclk 32 MHz (`info qtree`)
    num_irqs=128,  # QEMU armv7m NVIC num-irq 144 = 16 + 128 (32 SSE-300 internal + 96 expansion)
    memories=(
        Memory(0x1000_0000, 512 * KiB, "itcm"),  # Secure alias of ITCM at 0x00000000; QEMU loads here
        Memory(0x3000_0000, 512 * KiB, "dtcm"),  # Secure alias of DTCM at 0x20000000
        Memory(0x3100_0000, 2 * MiB, "isram0"),  # Secure alias of ISRAM0 at 0x21000000
        Memory(0x3120_0000, 2 * MiB, "isram1"),  # Secure alias of ISRAM1 at 0x21200000
    ),
    flash=Memory(0x1000_0000, 512 * KiB),  # ITCM stands in for flash
    ram=Memory(0x3000_0000, 512 * KiB),  # all of DTCM: data, bss, heap, stack
    stack_size=32 * KiB,  # compiler and wasm engine recursion; RAM is plentiful here
    # QEMU's CMSDK UARTs run from a 25 MHz PCLK (`info qtree` pclk-frq); it ignores the divisor anyway
    uart=Uart("cmsdk", 0x5930_3000, irq=33, baud=115200, clock_hz=25_000_000, instance="UART0"),
    timer=Timer("sse", 0x5800_0000, irq=3, clock_hz=32_000_000, instance="SYSTIMER0"),  # counts the system counter
    # time.ticks_ms's counter: the 32 MHz system counter through SYSTIMER1's CNTPCT (period of its low word
    # 134 s); probed on QEMU 7.2: 6.5 M counts in 200 ms
    counter=Counter("sse", 0x5800_1000, clock_hz=32_000_000, instance="SYSTIMER1"),
    init_writes=(RegWrite(0x5810_0000, 1, 1, "system counter CNTCR.EN: the system timers count"),),
    qemu=Qemu("mps3-an547"),
    regions=(
        Region("shared", 0x3100_0000, 64 * KiB, "rw", why="ISRAM0 scratch a wasm instance may read and write"),
        Region("rodata", 0x3101_0000, 4 * KiB, "ro", why="constants the firmware fills, wasm only reads"),
        Region("guard", 0x3101_1000, 4 * KiB, "none", why="no access: a probe must fault"),
    ),
    # littlefs in build/<board>/fs.img on the host (ARM semihosting), kept across QEMU runs;
    # 4 KiB blocks as a typical SPI NOR flash erases, 1 MiB: room for apps and .mpy files
    storage=Storage("semihosting", 1 * MiB, 4 * KiB),
)
