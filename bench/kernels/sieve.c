// SPDX-License-Identifier: MIT
// sieve: sieve of Eratosthenes over a 64 KiB byte array, n times. Byte loads
// and stores with tight loops and data-dependent branches.
#include "kernel.h"

#define SIEVE_SIZE 65536

static uint8_t flags[SIEVE_SIZE];

uint32_t run(uint32_t n) {
    uint32_t h = 2166136261u;
    for (uint32_t r = 0; r < n; r++) {
        // a slightly different limit each round, so no round can be skipped
        uint32_t limit = SIEVE_SIZE - (r & 255);
        for (uint32_t i = 0; i < limit; i++) {
            flags[i] = 1;
        }
        uint32_t count = 0;
        for (uint32_t i = 2; i < limit; i++) {
            if (flags[i]) {
                count++;
                for (uint32_t k = i + i; k < limit; k += i) {
                    flags[k] = 0;
                }
            }
        }
        h = mix(h, count);
    }
    return h;
}
