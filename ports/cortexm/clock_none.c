// SPDX-License-Identifier: MIT
// Boards without a clock tree (every QEMU board): the clock is what the
// machine gives out of reset, as the board file says.

#include "board_config.h"
#include "clock.h"

uint32_t mpwasm_cpu_hz = MPWASM_CLOCK_HZ;
uint32_t mpwasm_uart_hz = MPWASM_UART_CLOCK_HZ;

const char *clock_init(void) {
    return 0;
}
