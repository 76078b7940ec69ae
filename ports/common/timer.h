// SPDX-License-Identifier: MIT
// The sample timer of machine.Sampler (ports/common/sampler.c): one driver per
// timer kind (ports/cortexm/timer_cmsdk.c, timer_stm32.c, chosen by the board's
// `timer` field; timer_none.c without one), ports/host/timer_host.c (setitimer).
#ifndef MPWASM_TIMER_H
#define MPWASM_TIMER_H

#include <stdbool.h>
#include <stdint.h>

// The clock the timer counts (Hz); 0: there is no sample timer.
extern const uint32_t timer_clock_hz;

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
