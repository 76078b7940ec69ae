// SPDX-License-Identifier: MIT
// memops: memset- and memcpy-like loops (byte and word wide, forward and
// backward) over 32 KiB buffers, n times: raw load/store throughput. The
// wasm build uses -fno-builtin so clang keeps the loops rather than calling a
// memcpy that a freestanding module does not have.
#include "kernel.h"

#define SIZE 32768

static uint8_t src[SIZE];
static uint8_t dst[SIZE];

static NOINLINE void fill8(uint8_t *d, uint8_t v, uint32_t len) {
    for (uint32_t i = 0; i < len; i++) {
        d[i] = v;
    }
}

static NOINLINE void copy8(uint8_t *d, const uint8_t *s, uint32_t len) {
    for (uint32_t i = 0; i < len; i++) {
        d[i] = s[i];
    }
}

static NOINLINE void copy32(uint32_t *d, const uint32_t *s, uint32_t words) {
    for (uint32_t i = 0; i < words; i++) {
        d[i] = s[i];
    }
}

static NOINLINE void move_back8(uint8_t *d, const uint8_t *s, uint32_t len) {
    while (len--) {
        d[len] = s[len];
    }
}

uint32_t run(uint32_t n) {
    uint32_t h = 2166136261u;
    uint32_t seed = 99;
    for (uint32_t i = 0; i < SIZE; i++) {
        src[i] = (uint8_t)(lcg(&seed) >> 24);
    }
    for (uint32_t r = 0; r < n; r++) {
        uint32_t off = r & 63;
        fill8(dst, (uint8_t)r, SIZE);
        copy8(dst + off, src, SIZE - 64);
        copy32((uint32_t *)dst, (const uint32_t *)(src + 4 * (r & 7)), SIZE / 4 - 8);
        move_back8(dst + 1, dst, SIZE - 1);
        h = mix(h, dst[r % SIZE] | (uint32_t)dst[SIZE - 1 - off] << 8);
    }
    return h;
}
