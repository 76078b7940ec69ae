// SPDX-License-Identifier: MIT
// A board without a `timer` field: machine.Sampler raises OSError (sampler.c).

#include "ports/common/timer.h"

const uint32_t timer_clock_hz = 0;

bool timer_start(uint32_t rate_hz) {
    (void)rate_hz;
    return false;
}

void timer_stop(void) {
}

void timer_irq_handler(void) {
}
