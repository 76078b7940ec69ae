// SPDX-License-Identifier: MIT
// The board's clocks. A clock driver (clock_none.c, clock_stm32f4.c,
// clock_rp2350.c, chosen by the board's clock tree) programs them at boot and
// says what they really are: SysTick, the UART's baud divisor and
// machine.freq() use these, not the configured numbers, so a tree that could
// not start (a missing crystal) leaves a slower but working, truthful board.
#ifndef MPWASM_CLOCK_H
#define MPWASM_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

// Processor clock (SysTick with CLKSOURCE=1) and the UART's clock, in Hz.
extern uint32_t mpwasm_cpu_hz;
extern uint32_t mpwasm_uart_hz;

// Program the tree; NULL when it runs as configured, else why not (printed at boot).
const char *clock_init(void);

// For the drivers: ready flags come within microseconds (a PLL) to a few ms (a
// crystal); a million polls at a reset clock (the STM32F4's 16 MHz HSI, the
// RP2350's ring oscillator) is well over 100 ms.
#define CLOCK_READY_POLLS (1000000u)

// Polls until every bit of `bits` is set in `reg`; false after CLOCK_READY_POLLS reads.
static inline bool clock_wait_set(volatile uint32_t *reg, uint32_t bits) {
    for (uint32_t i = 0; i < CLOCK_READY_POLLS; i++) {
        if ((*reg & bits) == bits) {
            return true;
        }
    }
    return false;
}

#endif // MPWASM_CLOCK_H
