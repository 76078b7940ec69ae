# SPDX-License-Identifier: MIT
# ARM MPS2 with the AN511 FPGA image (Cortex-M3 DesignStart): Cortex-M3, no FPU, and a memory map unlike
# AN385's: 256 KiB of code memory at 0 (where the vector table must be), so the firmware takes the small
# profile, and 128 KiB of on-chip SRAM beside the ZBT SSRAMs. Runs on QEMU 7.2 `-M mps2-an511`.
# Memory map: ARM AN511 and QEMU hw/arm/mps2.c (its AN511 map), checked on QEMU 7.2.22 with `info mtree -f`:
# mps.blockram 0x00000000 256 KiB, mps.ssram1 0x00400000 8 MiB, mps.sram 0x20000000 128 KiB, mps.ssram23
# 0x20400000 4 MiB, mps.ram (PSRAM) 0x21000000 16 MiB.
# UART0 at 0x40004000: QEMU mps2.c ORs its TX and RX interrupts into IRQ 0 (AN385 has RX 0, TX 1);
# the REPL receives on it. TIMER0/TIMER1 0x40000000/0x40001000, IRQ 8/9: mps2.c, `info mtree -f`.
from boardcfg.schema import Board, Counter, Cpu, KiB, Memory, MiB, Qemu, Region, Storage, Timer, Uart

BOARD = Board(
    name="mps2_an511",
    description="ARM MPS2 AN511 (Cortex-M3 DesignStart, 256 KiB code), QEMU",
    cpu=Cpu("cortex-m3"),  # QEMU cpu-type cortex-m3-arm-cpu (`info qtree`)
    clock_hz=25_000_000,  # QEMU mps2 SYSCLK: armv7m cpuclk 25 MHz (`info qtree`); refclk is 1 MHz
    num_irqs=64,  # QEMU armv7m has 64 external IRQ inputs on AN511 (`info qtree`: gpio-in 64)
    memories=(
        Memory(0x0000_0000, 256 * KiB, "blockram"),  # FPGA block RAM: the code memory, VTOR 0 at reset
        Memory(0x0040_0000, 8 * MiB, "ssram1"),  # ZBT SSRAM1
        Memory(0x2000_0000, 128 * KiB, "sram"),
        Memory(0x2040_0000, 4 * MiB, "ssram23"),  # ZBT SSRAM2&3
        Memory(0x2100_0000, 16 * MiB, "psram"),  # QEMU "mps.ram"
    ),
    flash=Memory(0x0000_0000, 256 * KiB),  # block RAM stands in for flash: the vectors must be at 0
    ram=Memory(0x2000_0000, 128 * KiB),  # the on-chip SRAM: data, bss, heap, stack
    stack_size=16 * KiB,  # compiler and wasm engine recursion (the small profile's engine stacks are halved)
    uart=Uart("cmsdk", 0x4000_4000, irq=0, baud=115200, instance="UART0"),  # TX and RX share IRQ 0
    timer=Timer("cmsdk", 0x4000_0000, irq=8, instance="TIMER0"),  # QEMU mps2.c, `info mtree -f`
    # time.ticks_ms's counter: CMSDK TIMER1 beside it, free-running at 25 MHz (period 172 s)
    counter=Counter("cmsdk", 0x4000_1000, instance="TIMER1"),
    qemu=Qemu("mps2-an511", ci="smoke"),  # CI boots it for tests/hil/test_board_smoke.py only
    profile="small",  # 256 KiB of code memory: the full profile's firmware (~300 KB) does not fit
    regions=(
        Region("shared", 0x2040_0000, 64 * KiB, "rw", why="SSRAM2&3 scratch a wasm instance may read and write"),
        Region("rodata", 0x2041_0000, 4 * KiB, "ro", why="constants the firmware fills, wasm only reads"),
        Region("guard", 0x2041_1000, 4 * KiB, "none", why="no access: a probe must fault"),
    ),
    # littlefs in build/<board>/fs.img on the host (ARM semihosting), kept across QEMU runs;
    # 4 KiB blocks as a typical SPI NOR flash erases, 1 MiB: room for apps and .mpy files
    storage=Storage("semihosting", 1 * MiB, 4 * KiB),
)
