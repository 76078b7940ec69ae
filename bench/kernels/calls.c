// SPDX-License-Identifier: MIT
// calls: many calls to tiny functions (n iterations of five calls): the cost
// of call, frame setup and return, which dominates small-function C code.
#include "kernel.h"

static NOINLINE uint32_t add(uint32_t a, uint32_t b) {
    return a + b;
}

static NOINLINE uint32_t rotl5(uint32_t a) {
    return (a << 5) | (a >> 27);
}

static NOINLINE uint32_t pick(uint32_t a, uint32_t b, uint32_t c) {
    return (a & 1) ? b : c;
}

static NOINLINE uint64_t widen(uint32_t a, uint32_t b) {
    return (uint64_t)a * b;
}

static NOINLINE void nothing(void) {
    __asm__ volatile ("");   // a call that does no work at all
}

uint32_t run(uint32_t n) {
    uint32_t h = 1;
    for (uint32_t i = 0; i < n; i++) {
        h = add(h, i);
        h = rotl5(h);
        h = pick(h, h ^ i, h + i);
        h ^= (uint32_t)(widen(h, i) >> 16);
        nothing();
    }
    return h;
}
