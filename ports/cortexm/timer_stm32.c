// SPDX-License-Identifier: MIT
// STM32 general-purpose timer TIM2 or TIM5 (RM0090 18.4): a 32-bit up counter;
// the update event at the auto-reload value interrupts. Its bus clock is
// switched on by the board's init_writes. No prescaler: a 32-bit ARR reaches
// 1 Hz from any clock below 4 GHz. (QEMU 7.2's model of this timer cannot pace
// samples: boards/netduinoplus2/board.py says why.)

#include "board_config.h"
#include "cortexm.h"
#include "ports/common/timer.h"

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

const uint32_t timer_clock_hz = MPWASM_TIMER_CLOCK_HZ;

bool timer_start(uint32_t rate_hz) {
    uint32_t ticks = rate_hz ? MPWASM_TIMER_CLOCK_HZ / rate_hz : 0;
    if (ticks < 2) {
        return false;
    }
    TIM_CR1 = 0;
    TIM_DIER = 0;
    TIM_PSC = 0;
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
