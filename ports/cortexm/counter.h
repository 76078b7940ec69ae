// SPDX-License-Identifier: MIT
// The board's free-running counter, which time.ticks_ms/ticks_us read
// (ticks.c): one driver per counter kind (counter_cmsdk.c, counter_stm32.c,
// counter_sse.c, counter_stellaris_wdt.c, chosen by the board's `counter`
// field; counter_none.c without one counts SysTick interrupts as before).
// A counter is read, not interrupted, so the time it gives cannot lose ticks
// when interrupts are late or masked (QEMU's SysTick loses them when the host
// starves its vCPU thread).
#ifndef MPWASM_COUNTER_H
#define MPWASM_COUNTER_H

#include <stdint.h>

// Start the counter (at boot, before SysTick).
void counter_init(void);
// Its value: counts up by one a 1/counter_hz() s, wrapping at 2^32. Read
// with interrupts masked (ticks.c), at least once a wrap (SysTick does).
uint32_t counter_read(void);
// The rate it counts at, in Hz: a whole number of kHz.
uint32_t counter_hz(void);

// Counts since boot, with the wraps counted (ticks.c): safe in handlers.
uint64_t ticks_now(void);

#endif // MPWASM_COUNTER_H
