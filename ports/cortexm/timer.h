// SPDX-License-Identifier: MIT
// The sample timer of machine.Sampler: one driver per timer kind
// (timer_cmsdk.c, timer_stm32.c), chosen by the board's `timer` field.
#ifndef MPWASM_TIMER_H
#define MPWASM_TIMER_H

#include <stdbool.h>
#include <stdint.h>

// Start a periodic interrupt at rate_hz; false if the timer cannot make that rate.
bool timer_start(uint32_t rate_hz);
void timer_stop(void);
// The timer's interrupt: acknowledges it and calls sampler_tick().
void timer_irq_handler(void);

// Called once per timer period, in the interrupt (sampler.c).
void sampler_tick(void);
// Stop a running Sampler (soft reset).
void sampler_deinit(void);

#endif // MPWASM_TIMER_H
