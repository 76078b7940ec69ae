// SPDX-License-Identifier: MIT
// time.ticks_ms/ticks_us and sleeps from the board's free-running counter
// (counter.h): counts since boot as 64 bits, the counter's wraps counted on
// each read. SysTick's handler reads it once a millisecond, so no wrap (the
// shortest, 1 GHz / 2^32, is 4.3 s) passes unseen even when most of its
// interrupts are lost.

#include "py/mphal.h"
#include "py/runtime.h"

#include "cortexm.h"
#include "counter.h"

static uint32_t ticks_last;  // the counter at the last read
static uint32_t ticks_wraps; // how many times it has wrapped since boot

uint64_t ticks_now(void) {
    uint32_t primask = irq_save();
    uint32_t now = counter_read();
    if (now < ticks_last) {
        ticks_wraps++;
    }
    ticks_last = now;
    uint64_t count = ((uint64_t)ticks_wraps << 32) | now;
    irq_restore(primask);
    return count;
}

mp_uint_t mp_hal_ticks_ms(void) {
    return (mp_uint_t)(ticks_now() / (counter_hz() / 1000u));
}

mp_uint_t mp_hal_ticks_us(void) {
    // * 1000 / kHz: exact for a clock that is not a whole number of MHz (12.5 MHz)
    return (mp_uint_t)(ticks_now() * 1000u / (counter_hz() / 1000u));
}

void mp_hal_delay_ms(mp_uint_t ms) {
    mp_uint_t start = mp_hal_ticks_ms();
    while (mp_hal_ticks_ms() - start < ms) {
        MICROPY_EVENT_POLL_HOOK
    }
}

void mp_hal_delay_us(mp_uint_t us) {
    mp_uint_t start = mp_hal_ticks_us();
    while (mp_hal_ticks_us() - start < us) {
        mp_handle_pending(true);
    }
}
