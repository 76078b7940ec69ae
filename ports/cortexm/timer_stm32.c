// SPDX-License-Identifier: MIT
// STM32 general-purpose timer TIM2..TIM5 (RM0090 18.4): an up counter with a
// prescaler; the update event at the auto-reload value interrupts. Its bus
// clock is switched on by the board's init_writes.

#include "board_config.h"
#include "cortexm.h"
#include "timer.h"

#define TIM_CR1         REG32(MPWASM_TIMER_BASE + 0x00u)
#define TIM_DIER        REG32(MPWASM_TIMER_BASE + 0x0Cu)
#define TIM_SR          REG32(MPWASM_TIMER_BASE + 0x10u)
#define TIM_EGR         REG32(MPWASM_TIMER_BASE + 0x14u)
#define TIM_CNT         REG32(MPWASM_TIMER_BASE + 0x24u)
#define TIM_PSC         REG32(MPWASM_TIMER_BASE + 0x28u)
#define TIM_ARR         REG32(MPWASM_TIMER_BASE + 0x2Cu)

#define CR1_CEN         (1u << 0)
#define CR1_URS         (1u << 2) // only overflow raises the update interrupt
#define DIER_UIE        (1u << 0)
#define SR_UIF          (1u << 0)
#define EGR_UG          (1u << 0)

// Count at 1 MHz when the clock allows (a 16-bit prescaler), so ARR is the period in us.
#define TICK_HZ         (1000000u)

bool timer_start(uint32_t rate_hz) {
    uint32_t psc = MPWASM_TIMER_CLOCK_HZ / TICK_HZ;
    uint32_t ticks = rate_hz ? TICK_HZ / rate_hz : 0;
    if (psc == 0 || psc > 0x10000u || ticks < 2) {
        return false;
    }
    TIM_CR1 = 0;
    TIM_DIER = 0;
    TIM_PSC = psc - 1u;
    TIM_ARR = ticks - 1u;
    TIM_CNT = 0;
    TIM_CR1 = CR1_URS;
    TIM_EGR = EGR_UG; // load PSC and ARR now
    TIM_SR = 0;
    nvic_enable_irq(MPWASM_TIMER_IRQ);
    TIM_DIER = DIER_UIE;
    TIM_CR1 = CR1_URS | CR1_CEN;
    return true;
}

void timer_stop(void) {
    TIM_CR1 = 0;
    TIM_DIER = 0;
    nvic_disable_irq(MPWASM_TIMER_IRQ);
    TIM_SR = 0;
}

void timer_irq_handler(void) {
    TIM_SR = ~SR_UIF; // rc_w0: write 0 to clear
    sampler_tick();
}
