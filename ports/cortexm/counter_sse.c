// SPDX-License-Identifier: MIT
// The 64-bit system counter of an Arm SSE (SSE-123 TRM 101370, "System
// timer"; the SYSTIMERs of the SSE-300), read through a system timer's
// CNTPCT: its low word counts up and wraps at 2^32. The counter must run
// (CNTCR.EN): the board's init_writes start it. Reading changes nothing, so
// the timer may also be machine.Sampler's.

#include "board_config.h"
#include "cortexm.h"
#include "counter.h"

#define CNTPCT_LO       REG32(MPWASM_COUNTER_BASE + 0x00u)

void counter_init(void) {
}

uint32_t counter_read(void) {
    return CNTPCT_LO;
}

uint32_t counter_hz(void) {
    return MPWASM_COUNTER_CLOCK_HZ;
}
