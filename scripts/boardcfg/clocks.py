# SPDX-License-Identifier: MIT
"""Clock trees as board data: what a real board's firmware programs at boot.

A board with `clock=None` keeps the clock it starts with (every QEMU board:
QEMU models a fixed CPU clock and ignores the RCC, see boards/README.md). A
real board names its tree:

    clock=Stm32f4Clock("stm32f405", hse_hz=12_000_000, pllm=12, plln=336, pllp=2, pllq=7,
                       apb1_div=4, apb2_div=2, flash_ws=5)

`check_clock` validates it against the chip's limits from its reference
manual and datasheet, and `sysclk_hz`/`uart_clock_hz` give the frequencies the
generator puts into board_config.h (SysTick, the UART's baud divisor,
machine.freq()). Errors go through `fail(field, problem, rule)`, so they name
board, field and rule like every other board error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, NoReturn

MHz = 1_000_000

Stm32Chip = Literal["stm32f405", "stm32f446"]


@dataclass(frozen=True)
class Stm32f4Limits:
    """One STM32F4 part's clock limits (voltage scale 1, the reset scale)."""

    sysclk_max: int  # with over-drive where the part has it
    sysclk_max_no_od: int  # without over-drive
    apb1_max: int
    apb2_max: int
    # flash wait states: HCLK per wait state for each supply range (mV low bound -> Hz per WS)
    ws_step: tuple[tuple[int, int], ...]
    ws_max: int  # largest LATENCY value the FLASH_ACR takes
    has_overdrive: bool
    source: str


# RM0090 (STM32F405/407) 6.3.3 and table 10 (flash wait states), DS8626 table 14 (fHCLK, fPCLK1, fPCLK2).
# RM0390 (STM32F446) 6.3.3, table 5 (wait states) and 5.1.4 (over-drive above 168 MHz), DS10693 table 17.
STM32F4_LIMITS: dict[str, Stm32f4Limits] = {
    "stm32f405": Stm32f4Limits(
        sysclk_max=168 * MHz,
        sysclk_max_no_od=168 * MHz,
        apb1_max=42 * MHz,
        apb2_max=84 * MHz,
        ws_step=((2700, 30 * MHz), (2400, 24 * MHz), (2100, 22 * MHz), (1800, 20 * MHz)),
        ws_max=7,
        has_overdrive=False,
        source="RM0090 table 10, DS8626 table 14",
    ),
    "stm32f446": Stm32f4Limits(
        sysclk_max=180 * MHz,
        sysclk_max_no_od=168 * MHz,
        apb1_max=45 * MHz,
        apb2_max=90 * MHz,
        ws_step=((2700, 30 * MHz), (2400, 24 * MHz), (2100, 22 * MHz), (1800, 20 * MHz)),
        ws_max=15,
        has_overdrive=True,
        source="RM0390 table 5, DS10693 table 17",
    ),
}

# Both parts (RM0090 6.3.2, RM0390 6.3.2): HSE crystal/clock 4..26 MHz, PLL input (after /M)
# 1..2 MHz (0.95..2.1 allowed; 2 MHz recommended for jitter), VCO output 100..432 MHz,
# M 2..63, N 50..432, P 2/4/6/8, Q 2..15, the 48 MHz domain at most 48 MHz.
STM32F4_HSI_HZ = 16 * MHz
STM32F4_HSE_RANGE = (4 * MHz, 26 * MHz)
STM32F4_PLL_IN_RANGE = (950_000, 2_100_000)
STM32F4_VCO_RANGE = (100 * MHz, 432 * MHz)
STM32F4_PLL48_MAX = 48 * MHz
AHB_DIVS = (1, 2, 4, 8, 16, 64, 128, 256, 512)
APB_DIVS = (1, 2, 4, 8, 16)

# Which bus clocks each U(S)ART (RM0090 2.3 table 1, RM0390 2.2.2 table 1): APB2 for USART1/6.
STM32F4_UART_BUS = {"USART1": 2, "USART6": 2, "USART2": 1, "USART3": 1, "UART4": 1, "UART5": 1}


@dataclass(frozen=True)
class Stm32f4Clock:
    """STM32F4 tree: HSE (or HSI) -> main PLL -> SYSCLK -> AHB -> APB1/APB2."""

    chip: Stm32Chip
    hse_hz: int | None  # crystal or external clock on OSC_IN; None: the 16 MHz HSI feeds the PLL
    pllm: int
    plln: int
    pllp: int
    pllq: int
    flash_ws: int  # FLASH_ACR LATENCY programmed before switching
    ahb_div: int = 1
    apb1_div: int = 4
    apb2_div: int = 2
    hse_bypass: bool = False  # an external clock (a Nucleo's ST-LINK MCO), not a crystal
    vdd_mv: int = 3300  # the board's supply: flash wait states depend on it

    @property
    def pll_in_hz(self) -> int:
        return (self.hse_hz or STM32F4_HSI_HZ) // self.pllm

    @property
    def vco_hz(self) -> int:
        return self.pll_in_hz * self.plln

    @property
    def sysclk_hz(self) -> int:
        return self.vco_hz // self.pllp

    @property
    def hclk_hz(self) -> int:
        return self.sysclk_hz // self.ahb_div

    def apb_hz(self, bus: int) -> int:
        return self.hclk_hz // (self.apb1_div if bus == 1 else self.apb2_div)

    @property
    def overdrive(self) -> bool:
        """Over-drive is switched on when SYSCLK is above what the part runs without it."""
        return self.sysclk_hz > STM32F4_LIMITS[self.chip].sysclk_max_no_od


@dataclass(frozen=True)
class Rp2350Clock:
    """RP2350 tree: XOSC crystal -> PLL_SYS (FBDIV, POSTDIV1, POSTDIV2) -> clk_sys; clk_peri = clk_sys."""

    xosc_hz: int
    refdiv: int
    fbdiv: int
    postdiv1: int
    postdiv2: int

    @property
    def vco_hz(self) -> int:
        return self.xosc_hz // self.refdiv * self.fbdiv

    @property
    def sysclk_hz(self) -> int:
        return self.vco_hz // (self.postdiv1 * self.postdiv2)


# RP2350 datasheet 8.6.3 (PLL): FREF/REFDIV >= 5 MHz, VCO 750..1600 MHz, FBDIV 16..320,
# POSTDIV1/2 1..7; 8.2 (XOSC) crystal 1..50 MHz (Pico 2: 12 MHz); 8.1 clk_sys at most 150 MHz
# at the default core voltage (the chip's specified maximum).
RP2350_XOSC_RANGE = (1 * MHz, 50 * MHz)
RP2350_PLL_REF_MIN = 5 * MHz
RP2350_VCO_RANGE = (750 * MHz, 1600 * MHz)
RP2350_FBDIV_RANGE = (16, 320)
RP2350_SYSCLK_MAX = 150 * MHz

Clock = Stm32f4Clock | Rp2350Clock
Fail = Callable[[str, str, str], NoReturn]


def _mhz(hz: int) -> str:
    return f"{hz / MHz:g} MHz"


def stm32_flash_ws_needed(clock: Stm32f4Clock) -> int:
    """Fewest flash wait states for HCLK at the board's supply voltage."""
    lim = STM32F4_LIMITS[clock.chip]
    for low_mv, step in lim.ws_step:
        if clock.vdd_mv >= low_mv:
            return max(0, -(-clock.hclk_hz // step) - 1)
    raise ValueError("vdd below 1.8 V")  # checked before


def check_stm32f4(c: Stm32f4Clock, fail: Fail, core_hz: int) -> None:
    f = "clock"
    if c.chip not in STM32F4_LIMITS:
        fail(f"{f}.chip", f"unknown chip {c.chip!r} (known: {', '.join(STM32F4_LIMITS)})", "known-chip")
    lim = STM32F4_LIMITS[c.chip]
    if c.hse_hz is not None and not STM32F4_HSE_RANGE[0] <= c.hse_hz <= STM32F4_HSE_RANGE[1]:
        fail(f"{f}.hse_hz", f"{_mhz(c.hse_hz)} outside the HSE range 4..26 MHz (RM0090 6.2.1)", "stm32-hse-range")
    if c.hse_bypass and c.hse_hz is None:
        fail(f"{f}.hse_bypass", "bypass needs an external clock: hse_hz is None", "stm32-hse-bypass")
    if not 2 <= c.pllm <= 63:
        fail(f"{f}.pllm", f"{c.pllm} outside 2..63 (RCC_PLLCFGR.PLLM)", "stm32-pllm-range")
    if not STM32F4_PLL_IN_RANGE[0] <= c.pll_in_hz <= STM32F4_PLL_IN_RANGE[1]:
        fail(
            f"{f}.pllm",
            f"PLL input {_mhz(c.pll_in_hz)} outside 0.95..2.1 MHz (source / M; RM0090 6.3.2)",
            "stm32-pll-input-range",
        )
    if not 50 <= c.plln <= 432:
        fail(f"{f}.plln", f"{c.plln} outside 50..432 (RCC_PLLCFGR.PLLN)", "stm32-plln-range")
    if not STM32F4_VCO_RANGE[0] <= c.vco_hz <= STM32F4_VCO_RANGE[1]:
        fail(f"{f}.plln", f"VCO {_mhz(c.vco_hz)} outside 100..432 MHz (RM0090 6.3.2)", "stm32-vco-range")
    if c.pllp not in (2, 4, 6, 8):
        fail(f"{f}.pllp", f"{c.pllp} is not 2, 4, 6 or 8 (RCC_PLLCFGR.PLLP)", "stm32-pllp-value")
    if not 2 <= c.pllq <= 15:
        fail(f"{f}.pllq", f"{c.pllq} outside 2..15 (RCC_PLLCFGR.PLLQ)", "stm32-pllq-range")
    if c.vco_hz // c.pllq > STM32F4_PLL48_MAX:
        fail(f"{f}.pllq", f"PLL48CLK {_mhz(c.vco_hz // c.pllq)} above 48 MHz", "stm32-pll48-max")
    if c.sysclk_hz > lim.sysclk_max:
        fail(
            f"{f}.pllp",
            f"SYSCLK {_mhz(c.sysclk_hz)} above the {c.chip}'s {_mhz(lim.sysclk_max)} ({lim.source})",
            "stm32-sysclk-max",
        )
    if c.ahb_div not in AHB_DIVS:
        fail(f"{f}.ahb_div", f"{c.ahb_div} is not one of {AHB_DIVS}", "stm32-ahb-div")
    for bus, div, top in ((1, c.apb1_div, lim.apb1_max), (2, c.apb2_div, lim.apb2_max)):
        if div not in APB_DIVS:
            fail(f"{f}.apb{bus}_div", f"{div} is not one of {APB_DIVS}", "stm32-apb-div")
        if c.apb_hz(bus) > top:
            fail(
                f"{f}.apb{bus}_div",
                f"APB{bus} {_mhz(c.apb_hz(bus))} above the {c.chip}'s {_mhz(top)} ({lim.source})",
                "stm32-apb-max",
            )
    if not 1800 <= c.vdd_mv <= 3600:
        fail(f"{f}.vdd_mv", f"{c.vdd_mv} mV outside the 1800..3600 mV the flash table covers", "stm32-vdd-range")
    need = stm32_flash_ws_needed(c)
    if not 0 <= c.flash_ws <= lim.ws_max:
        fail(f"{f}.flash_ws", f"{c.flash_ws} outside 0..{lim.ws_max} (FLASH_ACR.LATENCY)", "stm32-flash-ws-range")
    if c.flash_ws < need:
        fail(
            f"{f}.flash_ws",
            f"{c.flash_ws} wait states too few for HCLK {_mhz(c.hclk_hz)} at {c.vdd_mv} mV: needs {need} "
            f"({lim.source})",
            "stm32-flash-wait-states",
        )
    if c.hclk_hz != core_hz:
        fail("clock_hz", f"{core_hz} differs from the clock tree's HCLK {c.hclk_hz}", "clock-matches-tree")


def check_rp2350(c: Rp2350Clock, fail: Fail, core_hz: int) -> None:
    f = "clock"
    if not RP2350_XOSC_RANGE[0] <= c.xosc_hz <= RP2350_XOSC_RANGE[1]:
        fail(f"{f}.xosc_hz", f"{_mhz(c.xosc_hz)} outside 1..50 MHz (RP2350 datasheet 8.2)", "rp2350-xosc-range")
    if c.refdiv < 1 or c.xosc_hz // c.refdiv < RP2350_PLL_REF_MIN:
        fail(f"{f}.refdiv", f"PLL reference {c.xosc_hz}/{c.refdiv} below 5 MHz (8.6.3)", "rp2350-pll-ref-min")
    if not RP2350_FBDIV_RANGE[0] <= c.fbdiv <= RP2350_FBDIV_RANGE[1]:
        fail(f"{f}.fbdiv", f"{c.fbdiv} outside 16..320 (PLL FBDIV_INT)", "rp2350-fbdiv-range")
    if not RP2350_VCO_RANGE[0] <= c.vco_hz <= RP2350_VCO_RANGE[1]:
        fail(f"{f}.fbdiv", f"VCO {_mhz(c.vco_hz)} outside 750..1600 MHz (8.6.3)", "rp2350-vco-range")
    for name, v in (("postdiv1", c.postdiv1), ("postdiv2", c.postdiv2)):
        if not 1 <= v <= 7:
            fail(f"{f}.{name}", f"{v} outside 1..7 (PLL PRIM)", "rp2350-postdiv-range")
    if c.sysclk_hz > RP2350_SYSCLK_MAX:
        fail(f"{f}.postdiv1", f"clk_sys {_mhz(c.sysclk_hz)} above 150 MHz (RP2350 datasheet)", "rp2350-sysclk-max")
    if c.vco_hz % (c.postdiv1 * c.postdiv2) or (c.xosc_hz % c.refdiv):
        fail(f"{f}.postdiv1", "the PLL output is not a whole number of Hz", "rp2350-exact")
    if c.sysclk_hz != core_hz:
        fail("clock_hz", f"{core_hz} differs from the clock tree's clk_sys {c.sysclk_hz}", "clock-matches-tree")


def check_clock(clock: Clock | None, fail: Fail, core_hz: int) -> None:
    """Validate a board's clock tree; `core_hz` is the board's clock_hz, which must match it."""
    if isinstance(clock, Stm32f4Clock):
        check_stm32f4(clock, fail, core_hz)
    elif isinstance(clock, Rp2350Clock):
        check_rp2350(clock, fail, core_hz)


def uart_bus_hz(clock: Clock | None, uart_kind: str, instance: str) -> int | None:
    """The clock the board's UART divides down to its baud rate, from the tree (None: not known from it)."""
    if isinstance(clock, Stm32f4Clock) and uart_kind == "stm32":
        bus = STM32F4_UART_BUS.get(instance)
        return clock.apb_hz(bus) if bus else None
    if isinstance(clock, Rp2350Clock) and uart_kind == "pl011":
        return clock.sysclk_hz  # clk_peri runs from clk_sys (clock_rp2350.c)
    return None
