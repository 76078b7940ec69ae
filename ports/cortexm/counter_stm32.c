// SPDX-License-Identifier: MIT
// STM32 32-bit general-purpose timer (TIM2 or TIM5, RM0090 18.4) as a
// free-running counter: counting up to ARR = 0xffffffff at 1 MHz (the
// prescaler divides its clock by clock / 1 MHz; a 71-minute period), no
// interrupt. Its bus clock is switched on by the board's init_writes.

#include "board_config.h"
#include "cortexm.h"
#include "counter.h"

#define TIM_CR1         REG32(MPWASM_COUNTER_BASE + 0x00u)
#define TIM_EGR         REG32(MPWASM_COUNTER_BASE + 0x14u)
#define TIM_CNT         REG32(MPWASM_COUNTER_BASE + 0x24u)
#define TIM_PSC         REG32(MPWASM_COUNTER_BASE + 0x28u)
#define TIM_ARR         REG32(MPWASM_COUNTER_BASE + 0x2Cu)

#define CR1_CEN         (1u << 0)
#define EGR_UG          (1u << 0)

void counter_init(void) {
    TIM_CR1 = 0;
    TIM_PSC = MPWASM_COUNTER_CLOCK_HZ / 1000000u - 1u;
    TIM_ARR = 0xffffffffu;
    TIM_EGR = EGR_UG; // load the prescaler now (it is buffered), CNT = 0
    TIM_CR1 = CR1_CEN;
}

uint32_t counter_read(void) {
    return TIM_CNT;
}

uint32_t counter_hz(void) {
    return 1000000u;
}
