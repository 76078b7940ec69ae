# SPDX-License-Identifier: MIT
# ARM MPS2 with the AN505 FPGA image (IoT Kit, SSE-200): Cortex-M33, ARMv8-M mainline with single FPU.
# Runs on QEMU 7.2 `-M mps2-an505`; boots in the Secure state with VTOR at 0x10000000 (qtree init-svtor),
# so everything below uses the Secure aliases (address bit 28 set).
# Memory map: ARM AN505 (DAI0505) 4.2, checked on QEMU 7.2.22 with `info mtree -f` and `info qtree`.
# UART0 (Secure alias 0x50200000) RX IRQ 32: QEMU hw/arm/mps2-tz.c, confirmed by a probe image that saw
# NVIC ISPR1 bit 0 set on input (bit 10, IRQ 42, is the combined UART0 interrupt).
from boardcfg.schema import Board, Counter, Cpu, KiB, Memory, MiB, Qemu, Region, Storage, Timer, Uart

BOARD = Board(
    name="mps2_an505",
    description="ARM MPS2 AN505 (Cortex-M33, ARMv8-M), QEMU",
    cpu=Cpu("cortex-m33", fpu="sp"),  # QEMU cortex-m33 has FPv5-SP-D16, as the AN505 image does
    clock_hz=20_000_000,  # QEMU mps2-tz SYSCLK: cpuclk 20 MHz; refclk is 0 Hz, so SysTick must use CLKSOURCE=1
    num_irqs=124,  # QEMU armv7m has 124 external IRQ inputs: 32 SSE-200 internal + 92 expansion
    memories=(
        Memory(0x1000_0000, 4 * MiB, "ssram1"),  # Secure alias of SSRAM1 at 0x00000000; QEMU loads here
        Memory(0x3000_0000, 32 * KiB, "iotkit_sram"),  # Secure alias of the SSE-200 SRAM at 0x20000000
        Memory(0x3800_0000, 2 * MiB, "ssram2"),  # Secure alias of SSRAM2 at 0x28000000
        Memory(0x3820_0000, 2 * MiB, "ssram3"),  # Secure alias of SSRAM3 at 0x28200000
        Memory(0x8000_0000, 16 * MiB, "psram"),  # QEMU "mps.ram", no MPC in front
    ),
    flash=Memory(0x1000_0000, 4 * MiB),  # SSRAM1 stands in for flash
    ram=Memory(0x3800_0000, 2 * MiB),  # all of SSRAM2: data, bss, heap, stack
    stack_size=32 * KiB,  # compiler and wasm engine recursion; RAM is plentiful here
    uart=Uart("cmsdk", 0x5020_0000, irq=32, baud=115200, instance="UART0"),  # TX IRQ 33, combined 42
    timer=Timer("cmsdk", 0x5000_0000, irq=3, instance="TIMER0"),  # SSE-200 secure alias; `info mtree`: ppc port 0
    # time.ticks_ms's counter: the SSE-200's CMSDK TIMER1 (secure alias), free-running at 20 MHz (period
    # 215 s); probed on QEMU 7.2: 4.1 M counts in 200 ms
    counter=Counter("cmsdk", 0x5000_1000, instance="TIMER1"),
    qemu=Qemu("mps2-an505"),
    regions=(
        Region("shared", 0x3820_0000, 64 * KiB, "rw", why="SSRAM3 scratch a wasm instance may read and write"),
        Region("rodata", 0x3821_0000, 4 * KiB, "ro", why="constants the firmware fills, wasm only reads"),
        Region("guard", 0x3821_1000, 4 * KiB, "none", why="no access: a probe must fault"),
    ),
    # littlefs in build/<board>/fs.img on the host (ARM semihosting), kept across QEMU runs;
    # 4 KiB blocks as a typical SPI NOR flash erases, 1 MiB: room for apps and .mpy files
    storage=Storage("semihosting", 1 * MiB, 4 * KiB),
)
