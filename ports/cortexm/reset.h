// SPDX-License-Identifier: MIT
// What a reset does before any C that reads a global may run: the FPU turned on
// where the board has one, .data copied from flash, .bss cleared. The firmware's
// reset (startup.c) and a bench program built natively for a board
// (bench/device/native_start.c) both start this way. Inline: it runs before the
// C runtime is set up, in the function the reset vector's asm branches to.
#ifndef MPWASM_RESET_H
#define MPWASM_RESET_H

#include <stdint.h>

#include "board_config.h"
#include "cortexm.h"

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss; // sections.ld

static inline __attribute__((always_inline)) void reset_ram_init(void) {
    #if MPWASM_HAS_FPU
    SCB_CPACR |= (0xfu << 20); // CP10 and CP11: full access
    dsb_isb();
    #endif
    for (uint32_t *src = &_sidata, *dst = &_sdata; dst < &_edata;) {
        *dst++ = *src++;
    }
    for (uint32_t *dst = &_sbss; dst < &_ebss;) {
        *dst++ = 0;
    }
}

#endif // MPWASM_RESET_H
