# SPDX-License-Identifier: MIT
"""Board schema: frozen dataclasses a board file fills in, plus helpers.

A board file (boards/<name>/board.py) builds one `Board` and binds it to the
module-level name `BOARD`. Nothing here checks values; `validate.validate`
does, once, for every consumer (generator, run_qemu, HIL harness).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Optional

from .clocks import Rp2350Clock, Stm32f4Clock

KiB = 1024
MiB = 1024 * KiB

Core = Literal["cortex-m3", "cortex-m4", "cortex-m7", "cortex-m33", "cortex-m55"]
Fpu = Optional[Literal["sp", "dp"]]  # noqa: UP045 (runtime alias: get_args needs typing form)
UartKind = Literal["cmsdk", "stm32", "pl011"]
# What the firmware carries: "full" (every MicroPython feature the port has) or
# "small", for boards with 256 KiB of flash or less (ports/cortexm/mpconfigport.h).
Profile = Literal["full", "small"]
Access = Literal["rw", "ro", "none"]
FlashTool = Optional[Literal["dfu-util", "st-flash", "openocd", "pyocd", "uf2"]]  # noqa: UP045 (runtime alias)
StorageKind = Literal["semihosting", "stm32f4_flash"]
TimerKind = Literal["cmsdk", "stm32", "stellaris", "sse"]
CounterKind = Literal["cmsdk", "stm32", "sse", "stellaris_wdt"]


@dataclass(frozen=True)
class Cpu:
    """The core and its floating-point unit (None: soft float)."""

    core: Core
    fpu: Fpu = None


@dataclass(frozen=True)
class Memory:
    """A span of the address map: a SoC memory bank, or flash/ram given to MicroPython."""

    base: int
    size: int
    name: str = ""

    @property
    def end(self) -> int:
        """One past the last byte."""
        return self.base + self.size


@dataclass(frozen=True)
class Uart:
    """The REPL serial port. `irq` is the external interrupt number of RX."""

    kind: UartKind
    base: int
    irq: int
    baud: int = 115200
    clock_hz: int | None = None  # clock the baud divisor divides; None: the board's clock_hz
    instance: str = ""  # the SoC's name for it ("UART0", "USART1"), for readers
    pins: str = ""  # wiring on a real board ("TX=PB6 (X9) RX=PB7 (X10)"), for readers
    # The pins, where the board routes them itself ("PA2", "GP0"): checked against the chip's
    # alternate-function table (boardcfg/pins.py) and turned into the GPIO writes done at boot.
    tx: str = ""
    rx: str = ""


@dataclass(frozen=True)
class Timer:
    """The hardware timer machine.Sampler owns (docs/pipeline.md): its update interrupt paces the samples.

    kind "cmsdk": the ARM CMSDK APB timer (DDI 0479C 4.4) of the MPS2/MPS3 images;
    kind "stm32": a general-purpose TIMx of an STM32 (RM0090 18), its clock already on;
    kind "stellaris": a Stellaris GPTM timer A, 32-bit periodic (DS-LM3S6965), its RCGC1 gate already open;
    kind "sse": an Arm SSE system timer (SSE-123/SSE-300) in auto-increment mode, its system counter running.
    `irq` is its external interrupt number; `clock_hz` the clock it counts (None: clock_hz of the board).
    """

    kind: TimerKind
    base: int
    irq: int
    clock_hz: int | None = None
    instance: str = ""  # the SoC's name for it ("TIMER0", "TIM2"), for readers


@dataclass(frozen=True)
class Counter:
    """The free-running counter time.ticks_ms/ticks_us read (ports/cortexm/counter_<kind>.c): read, not
    interrupted, so the time cannot lose ticks when interrupts come late (QEMU's SysTick loses them when
    the host starves the vCPU thread). It must not be the timer of `timer` (but kind "sse" only reads).

    kind "cmsdk": an ARM CMSDK APB timer (DDI 0479C 4.4) counting down from 0xffffffff, no interrupt;
    kind "stm32": a 32-bit STM32 TIM2/TIM5 (RM0090 18) counting up at 1 MHz (prescaled), its clock on;
    kind "sse": the 64-bit system counter of an Arm SSE as a system timer's CNTPCT reads it, the counter running;
    kind "stellaris_wdt": the Stellaris watchdog (DS-LM3S6965), counting down, never resetting, its gate open.
    `clock_hz` is the clock it counts (None: clock_hz of the board); a whole number of kHz (of MHz for "stm32").
    """

    kind: CounterKind
    base: int
    clock_hz: int | None = None
    instance: str = ""  # the SoC's name for it ("TIMER1", "TIM5"), for readers


@dataclass(frozen=True)
class RegWrite:
    """`*addr = (*addr & ~mask) | value`, done at boot before the UART is used."""

    addr: int
    mask: int
    value: int
    why: str


# What `make test` (CI) runs on a QEMU board: "full", every tests/hil file; "smoke", only
# tests/hil/test_board_smoke.py (boot, REPL, a wasm program, an MPU fault), so a board
# added for its memory map costs CI seconds, not minutes. `--board NAME` runs the whole suite.
CiSuite = Literal["full", "smoke"]


@dataclass(frozen=True)
class Qemu:
    """How QEMU runs this board: `qemu-system-arm -M machine *args -kernel firmware.elf`."""

    machine: str
    args: tuple[str, ...] = ()
    ci: CiSuite = "full"


@dataclass(frozen=True)
class Region:
    """A fixed memory area offered to wasm, guarded by one MPU region."""

    name: str
    base: int
    size: int
    access: Access
    executable: bool = False
    why: str = ""
    # Memory attributes the MPU gives the region (ARMv7-M TEX/C/B/S, ARMv8-M
    # MAIR/SH). They matter on cores with caches (the M7): a DMA buffer shared
    # with a bus master wants cacheable=False or shareable=True.
    cacheable: bool = True
    shareable: bool = False

    @property
    def end(self) -> int:
        """One past the last byte."""
        return self.base + self.size


@dataclass(frozen=True)
class Storage:
    """Where the board's filesystem (littlefs, mounted at "/") keeps its blocks.

    kind "semihosting": a file on the machine running QEMU (build/<board>/fs.img
    by default), read and written through ARM semihosting; `base` is unused (0).
    kind "stm32f4_flash": internal flash sectors of an STM32F4 at `base`, erased
    and programmed by ports/cortexm/storage_stm32f4_flash.c; they must lie outside the
    firmware's `flash`.
    """

    kind: StorageKind
    size: int  # bytes: a whole number of erase blocks
    block_size: int  # the erase block: littlefs's block size
    base: int = 0
    why: str = ""


@dataclass(frozen=True)
class Board:
    """One board: pure data, validated by `boardcfg.validate`."""

    name: str
    description: str
    cpu: Cpu
    clock_hz: int  # the clock SysTick counts with CLKSOURCE=1 (processor clock); = the tree's, if any
    num_irqs: int  # external interrupts of the SoC: vector table entries after the 16 system ones
    memories: tuple[Memory, ...]  # the SoC's memory banks: flash, ram and regions must lie inside
    flash: Memory  # where the firmware image is linked (rx)
    ram: Memory  # MicroPython's data, bss, heap and stack (rwx)
    stack_size: int
    uart: Uart
    init_writes: tuple[RegWrite, ...] = ()
    qemu: Qemu | None = None
    flash_tool: FlashTool = None
    regions: tuple[Region, ...] = ()
    profile: Profile = "full"
    storage: Storage | None = None  # None: no filesystem on this board (open() raises OSError)
    # The clock tree the firmware programs at boot (boardcfg/clocks.py); None: keep the reset clock.
    clock: Stm32f4Clock | Rp2350Clock | None = None
    timer: Timer | None = None  # None: no machine.Sampler on this board (it raises OSError)
    counter: Counter | None = None  # None: time counts SysTick interrupts (and loses those that come late)

    @property
    def arch(self) -> str:
        """`armv8m` for the Cortex-M33 and M55 (ARMv8-M, v8.1-M: the same MPU), `armv7m` for the others."""
        return "armv8m" if self.cpu.core in ("cortex-m33", "cortex-m55") else "armv7m"


# --- STM32F4 helpers: RCC clock enables and GPIO alternate functions as RegWrites ---
# Addresses from RM0090 (STM32F405/415/407/417 reference manual), section 2.3 memory map.

STM32F4_RCC = 0x40023800
STM32F4_RCC_AHB1ENR = STM32F4_RCC + 0x30  # RM0090 7.3.10
STM32F4_RCC_APB1ENR = STM32F4_RCC + 0x40  # RM0090 7.3.13
STM32F4_RCC_APB2ENR = STM32F4_RCC + 0x44  # RM0090 7.3.14
STM32F4_GPIO_BASE = 0x40020000  # GPIOA; each port is 0x400 further (RM0090 2.3)
STM32F4_GPIO_STRIDE = 0x400

# Enable bit of each peripheral clock: (register, bit), RM0090 7.3.10 to 7.3.14.
_STM32F4_CLOCKS: dict[str, tuple[int, int]] = {
    **{f"GPIO{p}": (STM32F4_RCC_AHB1ENR, i) for i, p in enumerate("ABCDEFGHI")},
    **{f"TIM{n}": (STM32F4_RCC_APB1ENR, n - 2) for n in (2, 3, 4, 5)},
    "USART2": (STM32F4_RCC_APB1ENR, 17),
    "USART3": (STM32F4_RCC_APB1ENR, 18),
    "UART4": (STM32F4_RCC_APB1ENR, 19),
    "UART5": (STM32F4_RCC_APB1ENR, 20),
    "USART1": (STM32F4_RCC_APB2ENR, 4),
    "USART6": (STM32F4_RCC_APB2ENR, 5),
}


def stm32_rcc_enable(*peripherals: str) -> tuple[RegWrite, ...]:
    """RegWrites that switch on the clocks of `peripherals` ("GPIOB", "USART1")."""
    writes = []
    for p in peripherals:
        if p not in _STM32F4_CLOCKS:
            known = ", ".join(sorted(_STM32F4_CLOCKS))
            raise ValueError(f"stm32_rcc_enable: unknown peripheral {p!r} (known: {known})")
        reg, bit = _STM32F4_CLOCKS[p]
        writes.append(RegWrite(reg, 1 << bit, 1 << bit, f"RCC: clock on for {p}"))
    return tuple(writes)


def stm32_pin_af(port: str, pin: int, af: int) -> tuple[RegWrite, ...]:
    """RegWrites that give pin P<port><pin> to alternate function `af` (RM0090 8.4)."""
    if port not in "ABCDEFGHI" or len(port) != 1:
        raise ValueError(f"stm32_pin_af: bad port {port!r} (A..I)")
    if not 0 <= pin <= 15 or not 0 <= af <= 15:
        raise ValueError(f"stm32_pin_af: pin {pin} must be 0..15 and af {af} 0..15")
    gpio = STM32F4_GPIO_BASE + STM32F4_GPIO_STRIDE * "ABCDEFGHI".index(port)
    afr = gpio + (0x20 if pin < 8 else 0x24)  # AFRL for pins 0..7, AFRH for 8..15 (RM0090 8.4.9)
    shift = 4 * (pin % 8)
    name = f"P{port}{pin}"
    return (
        RegWrite(afr, 0xF << shift, af << shift, f"GPIO{port} AFR: {name} to AF{af}"),
        # MODER: 2 bits per pin, 0b10 = alternate function (RM0090 8.4.1)
        RegWrite(gpio + 0x00, 0x3 << (2 * pin), 0x2 << (2 * pin), f"GPIO{port} MODER: {name} alternate"),
    )


def stm32_pin_pullup(port: str, pin: int) -> tuple[RegWrite, ...]:
    """RegWrite that turns on the pull-up of P<port><pin>, so an idle RX line reads 1 (RM0090 8.4.4)."""
    if port not in "ABCDEFGHI" or len(port) != 1 or not 0 <= pin <= 15:
        raise ValueError(f"stm32_pin_pullup: bad pin P{port}{pin}")
    gpio = STM32F4_GPIO_BASE + STM32F4_GPIO_STRIDE * "ABCDEFGHI".index(port)
    # PUPDR: 2 bits per pin, 0b01 = pull-up
    return (RegWrite(gpio + 0x0C, 0x3 << (2 * pin), 0x1 << (2 * pin), f"GPIO{port} PUPDR: P{port}{pin} pull-up"),)
