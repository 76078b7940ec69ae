# SPDX-License-Identifier: MIT
# ARM MPS2 with the AN385 FPGA image: Cortex-M3, no FPU. Runs on QEMU 7.2 `-M mps2-an385` (the default board).
# Memory map: ARM AN385 (DAI0385D) 3.3, checked on QEMU 7.2.22 with `info mtree -f` and `info qtree`.
# UART0 RX IRQ 0: QEMU hw/arm/mps2.c, confirmed by a probe image that saw NVIC ISPR0 bit 0 set on input.
from boardcfg.schema import Board, Counter, Cpu, KiB, Memory, MiB, Qemu, Region, Storage, Timer, Uart

BOARD = Board(
    name="mps2_an385",
    description="ARM MPS2 AN385 (Cortex-M3), QEMU",
    cpu=Cpu("cortex-m3"),
    clock_hz=25_000_000,  # QEMU mps2 SYSCLK: armv7m cpuclk 25 MHz (`info qtree`); refclk is 1 MHz
    num_irqs=32,  # QEMU armv7m has 32 external IRQ inputs (`info qtree`: gpio-in 32)
    memories=(
        Memory(0x0000_0000, 4 * MiB, "ssram1"),  # QEMU -kernel loads the image here; aliased at 0x00400000
        Memory(0x0100_0000, 16 * KiB, "blockram"),  # aliased three more times up to 0x01010000
        Memory(0x2000_0000, 4 * MiB, "ssram23"),  # aliased at 0x20400000
        Memory(0x2100_0000, 16 * MiB, "psram"),  # QEMU "mps.ram"
    ),
    flash=Memory(0x0000_0000, 4 * MiB),  # SSRAM1 stands in for flash
    ram=Memory(0x2000_0000, 4 * MiB),  # all of SSRAM2/3: data, bss, heap, stack
    stack_size=32 * KiB,  # compiler and wasm engine recursion; RAM is plentiful here
    uart=Uart("cmsdk", 0x4000_4000, irq=0, baud=115200, instance="UART0"),  # TX IRQ 1, overflow 12
    timer=Timer("cmsdk", 0x4000_0000, irq=8, instance="TIMER0"),  # AN385 3.4/3.9; QEMU mps2.c, `info mtree`
    # time.ticks_ms's counter: CMSDK TIMER1 beside it (AN385 3.4), free-running at 25 MHz (period 172 s);
    # probed on QEMU 7.2: 5.0 M counts in 200 ms
    counter=Counter("cmsdk", 0x4000_1000, instance="TIMER1"),
    qemu=Qemu("mps2-an385"),
    regions=(
        Region("shared", 0x2100_0000, 64 * KiB, "rw", why="PSRAM scratch a wasm instance may read and write"),
        Region("rodata", 0x2101_0000, 4 * KiB, "ro", why="constants the firmware fills, wasm only reads"),
        Region("guard", 0x2101_1000, 4 * KiB, "none", why="no access: a probe must fault"),
    ),
    # littlefs in build/<board>/fs.img on the host (ARM semihosting), kept across QEMU runs;
    # 4 KiB blocks as a typical SPI NOR flash erases, 1 MiB: room for apps and .mpy files
    storage=Storage("semihosting", 1 * MiB, 4 * KiB),
)
