// SPDX-License-Identifier: MIT
// The Stellaris watchdog (DS-LM3S6965, "Watchdog Timer") as a free-running
// counter, for a chip whose GPTM counters QEMU 7.2 cannot read (GPTMTAR reads
// 0). A 32-bit down counter from WDTLOAD = 0xffffffff; INTEN starts it (and
// stays set until reset); RESEN stays clear, so it never resets the chip; its
// interrupt is not enabled in the NVIC. Each time-out reloads the counter
// and sets WDTRIS; it is cleared (WDTICR) when seen, which reloads the
// counter again (on silicon and QEMU, whose model also stops counting at a
// second time-out not cleared): `base` carries the counts up to the clear,
// which costs the few counts between reading the counter and clearing it.
// The clock gate (RCGC0 WDT) is opened by the board's init_writes.

#include "board_config.h"
#include "cortexm.h"
#include "counter.h"

#define WDT_LOAD        REG32(MPWASM_COUNTER_BASE + 0x000u)
#define WDT_VALUE       REG32(MPWASM_COUNTER_BASE + 0x004u)
#define WDT_CTL         REG32(MPWASM_COUNTER_BASE + 0x008u)
#define WDT_ICR         REG32(MPWASM_COUNTER_BASE + 0x00Cu) // any write: clear, reload
#define WDT_RIS         REG32(MPWASM_COUNTER_BASE + 0x010u)
#define WDT_LOCK        REG32(MPWASM_COUNTER_BASE + 0xC00u)

#define CTL_INTEN       (1u << 0)
#define LOCK_KEY        (0x1ACCE551u)

static uint32_t base; // counts up to the counter's last reload by WDTICR

void counter_init(void) {
    WDT_LOCK = LOCK_KEY;
    WDT_LOAD = 0xffffffffu;
    WDT_CTL = CTL_INTEN;
}

uint32_t counter_read(void) {
    uint32_t load = WDT_LOAD;
    uint32_t now = base + (load - WDT_VALUE);
    if (WDT_RIS & 1u) {
        // A time-out since the last clear: the counter ran down and reloaded
        // (load + 1 counts, 0 modulo 2^32 for the load counter_init sets).
        // WDTICR reloads it again: the count goes on from `now`.
        now += load + 1u;
        base = now;
        WDT_ICR = 1u;
    }
    return now;
}

uint32_t counter_hz(void) {
    return MPWASM_COUNTER_CLOCK_HZ;
}
