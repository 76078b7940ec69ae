// SPDX-License-Identifier: MIT
// STM32F4 USART (RM0090, 30.6). Clocks and pins are set up by the board's
// init_writes before uart_init().

#include "board_config.h"
#include "clock.h"
#include "cortexm.h"
#include "serial.h"

#define USART_SR        REG32(MPWASM_UART_BASE + 0x00u)
#define USART_DR        REG32(MPWASM_UART_BASE + 0x04u)
#define USART_BRR       REG32(MPWASM_UART_BASE + 0x08u)
#define USART_CR1       REG32(MPWASM_UART_BASE + 0x0Cu)

#define SR_ORE          (1u << 3)
#define SR_RXNE         (1u << 5)
#define SR_TXE          (1u << 7)
#define CR1_RE          (1u << 2)
#define CR1_TE          (1u << 3)
#define CR1_RXNEIE      (1u << 5)
#define CR1_UE          (1u << 13)

void uart_init(void) {
    // Oversampling by 16: BRR holds clock/baud as 12.4 fixed point (rounded).
    USART_BRR = (mpwasm_uart_hz + MPWASM_UART_BAUD / 2) / MPWASM_UART_BAUD;
    USART_CR1 = CR1_UE | CR1_TE | CR1_RE | CR1_RXNEIE;
    nvic_enable_irq(MPWASM_UART_IRQ);
}

void uart_tx_byte(uint8_t c) {
    while (!(USART_SR & SR_TXE)) {
    }
    USART_DR = c;
}

void uart_rx_irq_enable(bool enable) {
    if (enable) {
        USART_CR1 |= CR1_RXNEIE;
    } else {
        USART_CR1 &= ~CR1_RXNEIE;
    }
}

void uart_irq_handler(void) {
    // Reading SR then DR clears RXNE and an overrun (ORE).
    while (USART_SR & (SR_RXNE | SR_ORE)) {
        if (!(USART_SR & SR_RXNE)) {
            (void)USART_DR;
            continue;
        }
        if (!serial_rx_room()) {
            break; // RX masked; the byte waits in the USART
        }
        serial_rx_byte(USART_DR & 0xffu);
    }
}
