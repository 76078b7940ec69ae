// SPDX-License-Identifier: MIT
// The REPL's serial line. A UART driver (uart_cmsdk.c or uart_stm32.c, chosen
// by the board's uart kind) provides the uart_* functions; serial.c buffers
// received bytes and turns Ctrl-C into KeyboardInterrupt.
#ifndef MPWASM_SERIAL_H
#define MPWASM_SERIAL_H

#include <stdbool.h>
#include <stdint.h>

// Driver: set up the UART at MPWASM_UART_BAUD with the RX interrupt on.
void uart_init(void);
// Driver: send one byte, waiting while the transmitter is busy (no interrupts needed).
void uart_tx_byte(uint8_t c);
// Driver: mask or unmask the RX interrupt (masked while the ring buffer is full).
void uart_rx_irq_enable(bool enable);
// Driver: the RX interrupt handler; passes each received byte to serial_rx_byte().
void uart_irq_handler(void);

// serial.c, from the RX interrupt: is there room for one more byte? When not,
// RX is masked until thread mode reads, and the byte waits in the UART.
bool serial_rx_room(void);
// serial.c, from the RX interrupt: take one received byte (after serial_rx_room()).
void serial_rx_byte(uint8_t c);

#endif // MPWASM_SERIAL_H
