// SPDX-License-Identifier: MIT
// A board without a `timer` field: machine.Sampler raises OSError (sampler.c).

#include "timer.h"

bool timer_start(uint32_t rate_hz) {
    (void)rate_hz;
    return false;
}

void timer_stop(void) {
}

void timer_irq_handler(void) {
}
