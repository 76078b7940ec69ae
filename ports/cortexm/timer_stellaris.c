// SPDX-License-Identifier: MIT
// Stellaris general-purpose timer module (GPTM), timer A in 32-bit periodic
// mode (LM3S6965 datasheet DS-LM3S6965, "General-Purpose Timers"): a 32-bit
// down counter that reloads from GPTMTAILR and raises the time-out interrupt
// (TATORIS) at zero. Its clock gate (RCGC1) is opened by the board's
// init_writes. A period is GPTMTAILR + 1 system clocks. Checked on QEMU 7.2's
// stellaris-gptm (tests/hil/test_pipeline_board.py, docs/pipeline.md).

#include "board_config.h"
#include "cortexm.h"
#include "ports/common/timer.h"

#define GPTM_CFG        REG32(MPWASM_TIMER_BASE + 0x00u)
#define GPTM_TAMR       REG32(MPWASM_TIMER_BASE + 0x04u)
#define GPTM_CTL        REG32(MPWASM_TIMER_BASE + 0x0Cu)
#define GPTM_IMR        REG32(MPWASM_TIMER_BASE + 0x18u)
#define GPTM_ICR        REG32(MPWASM_TIMER_BASE + 0x24u) // write 1 to clear
#define GPTM_TAILR      REG32(MPWASM_TIMER_BASE + 0x28u)

#define CFG_32BIT       (0u) // timers A and B concatenated
#define TAMR_PERIODIC   (2u)
#define CTL_TAEN        (1u << 0)
#define INT_TATO        (1u << 0) // timer A time-out (IMR TATOIM, ICR TATOCINT)

const uint32_t timer_clock_hz = MPWASM_TIMER_CLOCK_HZ;

bool timer_start(uint32_t rate_hz) {
    uint32_t ticks = rate_hz ? MPWASM_TIMER_CLOCK_HZ / rate_hz : 0;
    if (ticks < 2) {
        return false;
    }
    GPTM_CTL = 0; // disabled while configured (datasheet: GPTM initialization)
    GPTM_CFG = CFG_32BIT;
    GPTM_TAMR = TAMR_PERIODIC;
    GPTM_TAILR = ticks - 1u;
    GPTM_ICR = INT_TATO;
    GPTM_IMR = INT_TATO;
    nvic_enable_irq(MPWASM_TIMER_IRQ);
    GPTM_CTL = CTL_TAEN;
    return true;
}

void timer_stop(void) {
    GPTM_CTL = 0;
    GPTM_IMR = 0;
    nvic_disable_irq(MPWASM_TIMER_IRQ);
    GPTM_ICR = INT_TATO;
}

void timer_irq_handler(void) {
    GPTM_ICR = INT_TATO;
    sampler_tick();
}
