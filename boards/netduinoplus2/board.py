# SPDX-License-Identifier: MIT
# Netduino Plus 2: STM32F405RG, Cortex-M4 with single FPU. Runs on QEMU 7.2 `-M netduinoplus2`.
# Memory map: ST RM0090 2.3 and the STM32F405 datasheet (DS8626) 3.x, checked on QEMU 7.2.22 with
# `info mtree -f`: QEMU maps 192 KiB of SRAM at 0x20000000 and no CCM at 0x10000000, so this board lists
# only what both QEMU and the silicon have (SRAM1 112 KiB + SRAM2 16 KiB); the wasm regions use SRAM2.
# USART1 at 0x40011000 is QEMU's serial0 (`info qtree`); IRQ 37: RM0090 table 61, confirmed by a probe
# image that saw NVIC ISPR1 bit 5 set on input.
# No sample timer (machine.Sampler raises OSError): QEMU 7.2's TIM2..5 model (stm32f2xx_timer) arms its
# next update at now + (ARR + now), so interrupts come seconds apart and further apart the longer the
# machine has run; probed with TIM2 at 0x40000000 (ARR 999999 at 1 GHz: no update in 50 ms, CNT past ARR).
from boardcfg.schema import Board, Counter, Cpu, KiB, Memory, MiB, Qemu, Region, Storage, Uart, stm32_rcc_enable

BOARD = Board(
    name="netduinoplus2",
    description="Netduino Plus 2 (STM32F405RG, Cortex-M4F), QEMU",
    cpu=Cpu("cortex-m4", fpu="sp"),
    # QEMU netduinoplus2 SYSCLK: cpuclk 168 MHz whatever RCC says (`info qtree`). QEMU 7.2 models the
    # STM32F4 RCC only as an unimplemented device (reads 0, writes ignored): no ready flag ever sets,
    # so this board has no clock tree (clock=None) and keeps the 168 MHz QEMU gives it.
    clock_hz=168_000_000,
    num_irqs=82,  # RM0090 table 61: positions 0..81 (QEMU models 96, a superset)
    memories=(
        Memory(0x0800_0000, 1 * MiB, "flash"),  # aliased at 0x00000000 for boot
        Memory(0x2000_0000, 112 * KiB, "sram1"),
        Memory(0x2001_C000, 16 * KiB, "sram2"),
    ),
    flash=Memory(0x0800_0000, 1 * MiB),
    ram=Memory(0x2000_0000, 112 * KiB),  # SRAM1 only: SRAM2 holds the wasm regions
    stack_size=16 * KiB,  # leaves ~90 KiB for data, bss and heap
    uart=Uart("stm32", 0x4001_1000, irq=37, baud=115200, instance="USART1"),  # QEMU ignores the baud rate
    init_writes=stm32_rcc_enable("USART1", "TIM5"),  # a no-op on QEMU (RCC unimplemented), needed on silicon
    # time.ticks_ms's counter: TIM5 (32-bit, RM0090 18) prescaled to 1 MHz. QEMU 7.2's TIMx count a 1 GHz
    # clock (probed: PSC 999 gives 1.0 M counts a second); silicon's TIM5 counts the APB1 timer clock
    # (16 MHz out of reset, 84 MHz at 168 MHz): a board for the silicon says that clock here
    counter=Counter("stm32", 0x4000_0C00, clock_hz=1_000_000_000, instance="TIM5"),
    qemu=Qemu("netduinoplus2"),
    regions=(
        Region("shared", 0x2001_C000, 8 * KiB, "rw", why="SRAM2 scratch a wasm instance may read and write"),
        Region("rodata", 0x2001_E000, 4 * KiB, "ro", why="constants the firmware fills, wasm only reads"),
        Region("guard", 0x2001_F000, 4 * KiB, "none", why="no access: a probe must fault"),
    ),
    # littlefs in build/<board>/fs.img on the host (ARM semihosting), kept across QEMU runs;
    # 4 KiB blocks as a typical SPI NOR flash erases, 1 MiB: room for apps and .mpy files
    storage=Storage("semihosting", 1 * MiB, 4 * KiB),
)
