// SPDX-License-Identifier: MIT
// ARM CMSDK APB timer (ARM DDI 0479C, 4.4) as a free-running counter: it
// counts down from RELOAD = 0xffffffff and reloads after 0 (a period of 2^32
// counts), its interrupt off. A second timer of the MPS2/MPS3 images, beside
// machine.Sampler's.

#include "board_config.h"
#include "cortexm.h"
#include "counter.h"

#define TIMER_CTRL      REG32(MPWASM_COUNTER_BASE + 0x00u)
#define TIMER_VALUE     REG32(MPWASM_COUNTER_BASE + 0x04u)
#define TIMER_RELOAD    REG32(MPWASM_COUNTER_BASE + 0x08u)

#define CTRL_ENABLE     (1u << 0)

void counter_init(void) {
    TIMER_CTRL = 0;
    TIMER_RELOAD = 0xffffffffu;
    TIMER_VALUE = 0xffffffffu;
    TIMER_CTRL = CTRL_ENABLE;
}

uint32_t counter_read(void) {
    return ~TIMER_VALUE;
}

uint32_t counter_hz(void) {
    return MPWASM_COUNTER_CLOCK_HZ;
}
