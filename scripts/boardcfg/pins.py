# SPDX-License-Identifier: MIT
"""Which pins can carry a UART, per chip, and the register writes that route them.

A board names its REPL pins (`Uart(..., tx="PA2", rx="PA3")`); the validator
refuses a pin that the chip's alternate-function table does not give that
UART, and the generator turns the pins into the GPIO writes done at boot
(appended to the board's init_writes), so no board file spells out AFR/MODER
bits by hand.
"""

from __future__ import annotations

from .schema import RegWrite, stm32_pin_af, stm32_pin_pullup, stm32_rcc_enable

# STM32F405 (DS8626 table 9) and STM32F446 (DS10693 table 11) agree on these:
# instance -> (TX pins, RX pins), each pin -> its alternate function number.
STM32F4_UART_PINS: dict[str, tuple[dict[str, int], dict[str, int]]] = {
    "USART1": ({"PA9": 7, "PB6": 7}, {"PA10": 7, "PB7": 7}),
    "USART2": ({"PA2": 7, "PD5": 7}, {"PA3": 7, "PD6": 7}),
    "USART3": ({"PB10": 7, "PC10": 7, "PD8": 7}, {"PB11": 7, "PC11": 7, "PD9": 7}),
    "UART4": ({"PA0": 8, "PC10": 8}, {"PA1": 8, "PC11": 8}),
    "UART5": ({"PC12": 8}, {"PD2": 8}),
    "USART6": ({"PC6": 8, "PG14": 8}, {"PC7": 8, "PG9": 8}),
}

# RP2350 datasheet 9.4 (function select table): GPIO function 2 is UART0/UART1 TX/RX on these pins.
RP2350_UART_PINS: dict[str, tuple[dict[str, int], dict[str, int]]] = {
    "UART0": ({"GP0": 2, "GP12": 2, "GP16": 2, "GP28": 2}, {"GP1": 2, "GP13": 2, "GP17": 2, "GP29": 2}),
    "UART1": ({"GP4": 2, "GP8": 2, "GP20": 2, "GP24": 2}, {"GP5": 2, "GP9": 2, "GP21": 2, "GP25": 2}),
}

# RP2350 datasheet 2.2 / 9.11: IO_BANK0 GPIOn_CTRL at +8n+4 (FUNCSEL bits 4:0), PADS_BANK0 GPIOn at +4+4n.
RP2350_IO_BANK0 = 0x4002_8000
RP2350_PADS_BANK0 = 0x4003_8000
RP2350_PAD_ISO = 1 << 8  # pad isolation, set out of reset on the RP2350 (9.11.3)
RP2350_PAD_IE = 1 << 6
RP2350_PAD_PUE = 1 << 3


def uart_pin_table(chip: str) -> dict[str, tuple[dict[str, int], dict[str, int]]] | None:
    if chip.startswith("stm32f4"):
        return STM32F4_UART_PINS
    if chip == "rp2350":
        return RP2350_UART_PINS
    return None


def stm32_uart_writes(instance: str, tx: str, rx: str) -> tuple[RegWrite, ...]:
    """Clock on for the UART and both GPIO ports, pins to their AF, pull-up on RX."""
    tx_af, rx_af = STM32F4_UART_PINS[instance][0][tx], STM32F4_UART_PINS[instance][1][rx]
    ports = sorted({f"GPIO{tx[1]}", f"GPIO{rx[1]}"})
    return (
        *stm32_rcc_enable(*ports, instance),
        *stm32_pin_af(tx[1], int(tx[2:]), tx_af),
        *stm32_pin_af(rx[1], int(rx[2:]), rx_af),
        *stm32_pin_pullup(rx[1], int(rx[2:])),  # an unconnected RX reads idle, not noise
    )


def rp2350_uart_writes(tx: str, rx: str) -> tuple[RegWrite, ...]:
    """GPIO function 2 (UART) on both pins, then their pads out of isolation (input on, pull-up on RX):
    the datasheet (9.11.3) selects the function before releasing the isolation latch, so the pin
    never drives what the previous function left."""
    writes = []
    for pin, is_rx in ((tx, False), (rx, True)):
        n = int(pin[2:])
        pad = RP2350_PADS_BANK0 + 4 + 4 * n
        mask = RP2350_PAD_ISO | RP2350_PAD_IE | RP2350_PAD_PUE
        value = (RP2350_PAD_IE | RP2350_PAD_PUE) if is_rx else RP2350_PAD_IE
        writes.append(RegWrite(RP2350_IO_BANK0 + 8 * n + 4, 0x1F, 2, f"IO_BANK0 {pin}: FUNCSEL 2 (UART)"))
        writes.append(RegWrite(pad, mask, value, f"PADS_BANK0 {pin}: not isolated, input on"))
    return tuple(writes)
