// SPDX-License-Identifier: MIT
// Cortex-M port HAL: time from the board's counter (ticks.c), stdio on the board's UART.
#include "shared/runtime/interrupt_char.h"

static inline mp_uint_t mp_hal_ticks_cpu(void) {
    // SysTick counts down at the core clock; good enough for short intervals.
    return ~(*(volatile uint32_t *)0xE000E018u) & 0x00ffffffu;
}

// The scheduler's queue is shared with interrupt handlers (machine.Sampler's
// timer schedules its pipeline from one): guard it by masking interrupts.
#include "cortexm.h"
#define MICROPY_BEGIN_ATOMIC_SECTION()      irq_save()
#define MICROPY_END_ATOMIC_SECTION(state)   irq_restore(state)
