// SPDX-License-Identifier: MIT
// A board without a `counter` field: the count is SysTick's, processor clocks
// since boot from the 1 ms interrupts (startup.c's systick_ms) and the
// SysTick counter within the millisecond. A millisecond whose interrupt is
// lost (masked too long, or QEMU's vCPU starved) is lost from the time.

#include "clock.h"
#include "cortexm.h"
#include "counter.h"

extern volatile uint32_t systick_ms;

void counter_init(void) {
}

uint32_t counter_read(void) {
    // Called with interrupts masked (ticks.c): a reload whose interrupt is
    // still pending has not counted its millisecond yet: count it here, and
    // read the counter again so it is the value after the reload.
    uint32_t ms = systick_ms;
    uint32_t cvr = SYSTICK_CVR;
    if (SCB_ICSR & ICSR_PENDSTSET) {
        ms++;
        cvr = SYSTICK_CVR;
    }
    return ms * (SYSTICK_RVR + 1u) + (SYSTICK_RVR - cvr);
}

uint32_t counter_hz(void) {
    return mpwasm_cpu_hz;
}
