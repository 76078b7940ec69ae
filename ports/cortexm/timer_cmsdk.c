// SPDX-License-Identifier: MIT
// ARM CMSDK APB timer (ARM DDI 0479C, 4.4): a 32-bit down counter that
// reloads and interrupts at zero. The timers of the MPS2/MPS3 FPGA images.

#include "board_config.h"
#include "cortexm.h"
#include "ports/common/timer.h"

#define TIMER_CTRL      REG32(MPWASM_TIMER_BASE + 0x00u)
#define TIMER_VALUE     REG32(MPWASM_TIMER_BASE + 0x04u)
#define TIMER_RELOAD    REG32(MPWASM_TIMER_BASE + 0x08u)
#define TIMER_INTCLEAR  REG32(MPWASM_TIMER_BASE + 0x0Cu) // write 1 to clear

#define CTRL_ENABLE     (1u << 0)
#define CTRL_INT_EN     (1u << 3)

const uint32_t timer_clock_hz = MPWASM_TIMER_CLOCK_HZ;

bool timer_start(uint32_t rate_hz) {
    uint32_t ticks = rate_hz ? MPWASM_TIMER_CLOCK_HZ / rate_hz : 0;
    if (ticks < 2) {
        return false;
    }
    TIMER_CTRL = 0;
    TIMER_INTCLEAR = 1;
    TIMER_RELOAD = ticks - 1u;
    TIMER_VALUE = ticks - 1u;
    nvic_enable_irq(MPWASM_TIMER_IRQ);
    TIMER_CTRL = CTRL_ENABLE | CTRL_INT_EN;
    return true;
}

void timer_stop(void) {
    TIMER_CTRL = 0;
    nvic_disable_irq(MPWASM_TIMER_IRQ);
    TIMER_INTCLEAR = 1;
}

void timer_irq_handler(void) {
    TIMER_INTCLEAR = 1;
    sampler_tick();
}
