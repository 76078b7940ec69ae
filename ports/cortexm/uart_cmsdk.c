// SPDX-License-Identifier: MIT
// ARM CMSDK APB UART (ARM DDI 0479C, 4.3): the UART of the MPS2 FPGA images.

#include "board_config.h"
#include "clock.h"
#include "cortexm.h"
#include "serial.h"

#define UART_DATA       REG32(MPWASM_UART_BASE + 0x00u)
#define UART_STATE      REG32(MPWASM_UART_BASE + 0x04u)
#define UART_CTRL       REG32(MPWASM_UART_BASE + 0x08u)
#define UART_INTSTATUS  REG32(MPWASM_UART_BASE + 0x0Cu) // write 1 to clear
#define UART_BAUDDIV    REG32(MPWASM_UART_BASE + 0x10u)

#define STATE_TX_FULL   (1u << 0)
#define STATE_RX_FULL   (1u << 1)
#define CTRL_TX_EN      (1u << 0)
#define CTRL_RX_EN      (1u << 1)
#define CTRL_RX_INT_EN  (1u << 3)
#define INT_RX          (1u << 1)

void uart_init(void) {
    UART_BAUDDIV = mpwasm_uart_hz / MPWASM_UART_BAUD;
    UART_CTRL = CTRL_TX_EN | CTRL_RX_EN | CTRL_RX_INT_EN;
    nvic_enable_irq(MPWASM_UART_IRQ);
}

void uart_tx_byte(uint8_t c) {
    while (UART_STATE & STATE_TX_FULL) {
    }
    UART_DATA = c;
}

void uart_rx_irq_enable(bool enable) {
    if (enable) {
        UART_CTRL |= CTRL_RX_INT_EN;
    } else {
        UART_CTRL &= ~CTRL_RX_INT_EN;
    }
}

void uart_irq_handler(void) {
    // Acknowledge first: QEMU raises the interrupt again for a byte that
    // arrives while we drain, and would lose it if we cleared afterwards.
    UART_INTSTATUS = INT_RX;
    while (UART_STATE & STATE_RX_FULL) {
        if (!serial_rx_room()) {
            break; // RX masked; the byte waits in the UART
        }
        serial_rx_byte(UART_DATA & 0xffu);
    }
}
