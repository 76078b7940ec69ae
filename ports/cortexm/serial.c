// SPDX-License-Identifier: MIT
// Buffered REPL input over the board's UART, Ctrl-C as KeyboardInterrupt.

#include "py/mphal.h"
#include "py/runtime.h"
#include "py/stream.h"
#include "cortexm.h"
#include "serial.h"

// 512 bytes: a raw-REPL paste arrives faster than the compiler reads it
// only by a few hundred bytes, and RX is masked (not dropped) when full.
#define RX_BUF_SIZE (512)

static volatile uint8_t rx_buf[RX_BUF_SIZE];
static volatile uint16_t rx_head; // written by the interrupt
static volatile uint16_t rx_tail; // written by thread mode
static volatile bool rx_masked;

bool serial_rx_room(void) {
    if ((rx_head + 1) % RX_BUF_SIZE == rx_tail) {
        rx_masked = true;
        uart_rx_irq_enable(false);
        return false;
    }
    return true;
}

void serial_rx_byte(uint8_t c) {
    if (c == mp_interrupt_char) {
        mp_sched_keyboard_interrupt();
        return;
    }
    rx_buf[rx_head] = c;
    rx_head = (rx_head + 1) % RX_BUF_SIZE;
}

int mp_hal_stdin_rx_chr(void) {
    for (;;) {
        if (rx_tail != rx_head) {
            uint8_t c = rx_buf[rx_tail];
            rx_tail = (rx_tail + 1) % RX_BUF_SIZE;
            if (rx_masked) {
                rx_masked = false;
                uart_rx_irq_enable(true);
            }
            return c;
        }
        MICROPY_EVENT_POLL_HOOK
    }
}

mp_uint_t mp_hal_stdout_tx_strn(const char *str, size_t len) {
    for (size_t i = 0; i < len; i++) {
        uart_tx_byte((uint8_t)str[i]);
    }
    return len;
}

uintptr_t mp_hal_stdio_poll(uintptr_t poll_flags) {
    uintptr_t ret = 0;
    if ((poll_flags & MP_STREAM_POLL_RD) && rx_tail != rx_head) {
        ret |= MP_STREAM_POLL_RD;
    }
    if (poll_flags & MP_STREAM_POLL_WR) {
        ret |= MP_STREAM_POLL_WR;
    }
    return ret;
}
