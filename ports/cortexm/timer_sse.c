// SPDX-License-Identifier: MIT
// Arm SSE system timer (SSE-123 TRM 101370, "System timer"; the SYSTIMERs of
// the SSE-300): a comparator on the 64-bit system counter, used in its
// auto-increment mode: the next expiry is the count plus CNTP_AIVAL_RELOAD,
// and each expiry sets CNTP_AIVAL_CTL.CLR, which asserts the interrupt until
// software writes it 0. The system counter must run (CNTCR.EN): the board's
// init_writes start it. Modelled by QEMU 7.2 as sse-timer on an sse-counter.

#include "board_config.h"
#include "cortexm.h"
#include "ports/common/timer.h"

#define CNTP_CTL            REG32(MPWASM_TIMER_BASE + 0x2Cu)
#define CNTP_AIVAL_RELOAD   REG32(MPWASM_TIMER_BASE + 0x48u)
#define CNTP_AIVAL_CTL      REG32(MPWASM_TIMER_BASE + 0x4Cu)

#define CTL_ENABLE          (1u << 0)
#define AIVAL_CTL_EN        (1u << 0) // auto-increment on
                                      // bit 1 CLR: set by an expiry, written 0 to clear

const uint32_t timer_clock_hz = MPWASM_TIMER_CLOCK_HZ;

bool timer_start(uint32_t rate_hz) {
    uint32_t ticks = rate_hz ? MPWASM_TIMER_CLOCK_HZ / rate_hz : 0;
    if (ticks < 2) {
        return false;
    }
    CNTP_CTL = 0;
    CNTP_AIVAL_CTL = 0; // auto-increment off, CLR cleared
    CNTP_AIVAL_RELOAD = ticks;
    CNTP_AIVAL_CTL = AIVAL_CTL_EN;
    nvic_enable_irq(MPWASM_TIMER_IRQ);
    CNTP_CTL = CTL_ENABLE; // the first expiry at the count now + ticks
    return true;
}

void timer_stop(void) {
    CNTP_CTL = 0;
    CNTP_AIVAL_CTL = 0;
    nvic_disable_irq(MPWASM_TIMER_IRQ);
}

void timer_irq_handler(void) {
    CNTP_AIVAL_CTL = AIVAL_CTL_EN; // CLR written 0: the interrupt drops
    sampler_tick();
}
