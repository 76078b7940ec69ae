# SPDX-License-Identifier: MIT
# Raspberry Pi Pico 2: RP2350A, two Cortex-M33 (ARMv8-M, FPU, 8-region MPU per security state; this
# firmware runs on core 0 in the Secure state), 520 KiB SRAM, 4 MiB QSPI flash run in place (XIP).
# Real hardware only: build/pico2/firmware.uf2 is copied to the BOOTSEL drive (docs/boards/pico2.md).
# Memory map: RP2350 datasheet 2.2 (XIP 0x10000000, SRAM0-7 512 KiB striped at 0x20000000, SRAM8/9
# 4 KiB each at 0x20080000); UART0 at 0x40070000, IRQ 33 (datasheet 3.2); GP0/GP1 from the Pico 2
# pinout (pins 1 and 2), which the Raspberry Pi Debug Probe's UART presents as USB serial.
# The boot ROM needs an IMAGE_DEF block in the first 4 KiB of flash: ports/cortexm/boot_rp2350.c.
from boardcfg.clocks import Rp2350Clock
from boardcfg.schema import Board, Cpu, KiB, Memory, MiB, Region, Uart

BOARD = Board(
    name="pico2",
    description="Raspberry Pi Pico 2 (RP2350, Cortex-M33, 150 MHz)",
    cpu=Cpu("cortex-m33", fpu="sp"),
    clock_hz=150_000_000,  # the RP2350's rated clk_sys, from the tree below
    # 12 MHz crystal / REFDIV 1 * FBDIV 125 = VCO 1500 MHz, / 5 / 2 = 150 MHz (the pico-sdk's settings too)
    clock=Rp2350Clock(xosc_hz=12_000_000, refdiv=1, fbdiv=125, postdiv1=5, postdiv2=2),
    num_irqs=52,  # datasheet 3.2: IRQ 0..51 (46..51 spare)
    memories=(
        Memory(0x1000_0000, 4 * MiB, "xip_flash"),  # the Pico 2's W25Q32 through the XIP cache
        Memory(0x2000_0000, 512 * KiB, "sram0_7"),
        Memory(0x2008_0000, 8 * KiB, "sram8_9"),
    ),
    flash=Memory(0x1000_0000, 4 * MiB),  # vector table at the start, IMAGE_DEF right after it
    ram=Memory(0x2000_0000, 448 * KiB),  # data, bss, heap, stack; the top 64 KiB of SRAM0-7 is wasm's
    stack_size=32 * KiB,
    # UART0 on clk_peri = clk_sys (150 MHz): divisor 81 + 24/64 for 81.38, 0.004 % off. GP0 TX, GP1 RX.
    uart=Uart(
        "pl011",
        0x4007_0000,
        irq=33,
        baud=115200,
        instance="UART0",
        pins="GP0 (pin 1) TX, GP1 (pin 2) RX",
        tx="GP0",
        rx="GP1",
    ),
    flash_tool="uf2",  # hold BOOTSEL while plugging in, then copy firmware.uf2 to the RP2350 drive
    regions=(
        Region("shared", 0x2007_0000, 64 * KiB, "rw", why="SRAM scratch a wasm instance may read and write"),
        Region("rodata", 0x2008_0000, 4 * KiB, "ro", why="constants the firmware fills, wasm only reads"),
        Region("guard", 0x2008_1000, 4 * KiB, "none", why="no access: a probe must fault"),
    ),
)
