// SPDX-License-Identifier: MIT
// The board's clocks. A clock driver (clock_none.c, clock_stm32f4.c,
// clock_rp2350.c, chosen by the board's clock tree) programs them at boot and
// says what they really are: SysTick, the UART's baud divisor and
// machine.freq() use these, not the configured numbers, so a tree that could
// not start (a missing crystal) leaves a slower but working, truthful board.
#ifndef MPWASM_CLOCK_H
#define MPWASM_CLOCK_H

#include <stdint.h>

// Processor clock (SysTick with CLKSOURCE=1) and the UART's clock, in Hz.
extern uint32_t mpwasm_cpu_hz;
extern uint32_t mpwasm_uart_hz;

// Program the tree; NULL when it runs as configured, else why not (printed at boot).
const char *clock_init(void);

#endif // MPWASM_CLOCK_H
