// SPDX-License-Identifier: MIT
// ARM PrimeCell PL011 UART (ARM DDI 0183G): the UARTs of TI's Stellaris LM3S
// parts and of the RP2350. Clocks and pins are set up by the board's
// init_writes before uart_init().

#include "board_config.h"
#include "clock.h"
#include "cortexm.h"
#include "serial.h"

#define UART_DR         REG32(MPWASM_UART_BASE + 0x00u)
#define UART_FR         REG32(MPWASM_UART_BASE + 0x18u)
#define UART_IBRD       REG32(MPWASM_UART_BASE + 0x24u)
#define UART_FBRD       REG32(MPWASM_UART_BASE + 0x28u)
#define UART_LCRH       REG32(MPWASM_UART_BASE + 0x2Cu)
#define UART_CR         REG32(MPWASM_UART_BASE + 0x30u)
#define UART_IFLS       REG32(MPWASM_UART_BASE + 0x34u)
#define UART_IMSC       REG32(MPWASM_UART_BASE + 0x38u)
#define UART_ICR        REG32(MPWASM_UART_BASE + 0x44u)

#define FR_RXFE         (1u << 4)
#define FR_TXFF         (1u << 5)
#define LCRH_FEN        (1u << 4)
#define LCRH_WLEN8      (3u << 5)
#define CR_UARTEN       (1u << 0)
#define CR_TXE          (1u << 8)
#define CR_RXE          (1u << 9)
#define INT_RX          (1u << 4) // RX FIFO at its trigger level
#define INT_RT          (1u << 6) // RX timeout: bytes below the trigger level, line idle


void uart_init(void) {
    // Baud divisor in 64ths (3.3.6): clock / (16 * baud) as 16.6 fixed point,
    // rounded (the board validator checks the rate comes out within 2 %).
    uint32_t div64 = (8u * mpwasm_uart_hz / MPWASM_UART_BAUD + 1u) / 2u;
    UART_CR = 0;
    UART_IBRD = div64 >> 6;
    UART_FBRD = div64 & 63u;
    UART_LCRH = LCRH_WLEN8 | LCRH_FEN; // 8N1, FIFOs on; writing LCRH latches IBRD/FBRD
    UART_IFLS = 0; // RX interrupt at 1/8 full; RT covers fewer bytes
    UART_ICR = 0x7ffu;
    UART_IMSC = INT_RX | INT_RT;
    UART_CR = CR_UARTEN | CR_TXE | CR_RXE;
    nvic_enable_irq(MPWASM_UART_IRQ);
}

void uart_tx_byte(uint8_t c) {
    while (UART_FR & FR_TXFF) {
    }
    UART_DR = c;
}

void uart_rx_irq_enable(bool enable) {
    if (enable) {
        UART_IMSC |= INT_RX | INT_RT;
    } else {
        UART_IMSC &= ~(INT_RX | INT_RT);
    }
}

void uart_irq_handler(void) {
    // No ICR write for RX: the RX and RT interrupts clear as the FIFO empties,
    // so bytes left behind while the ring buffer is full raise the interrupt
    // again when RX is unmasked (QEMU raises RX only when the FIFO level
    // reaches the trigger, so clearing it here would strand them).
    while (!(UART_FR & FR_RXFE)) {
        if (!serial_rx_room()) {
            break; // RX masked; the bytes wait in the FIFO
        }
        serial_rx_byte(UART_DR & 0xffu);
    }
}
