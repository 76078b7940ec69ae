// SPDX-License-Identifier: MIT
// Host port HAL: stdio is the process's stdin/stdout.
#include <unistd.h>

static inline void mp_hal_set_interrupt_char(int c) {
    (void)c; // Ctrl-C arrives as SIGINT (see main.c).
}
