// SPDX-License-Identifier: MIT
// trap_offsets_c.c: loops a compiler's -O2 makes of memory walks, sums and
// divisions (the instructions lowering fuses most), each trapping at a step
// the caller picks, for the wasm byte offsets a trap's message gives,
// compared with wasmtime's (tests/host/test_trap_offsets.py). Where clang
// finds wasm-opt it runs it after linking, which inlines them all into run
// regardless of noinline: one large function of fused ops.
// exports: run
#include <stdint.h>

static uint32_t table[256];

// a walk of words up to `limit`: past the memory's end it traps (a load
// whose address is a sum)
__attribute__((noinline)) uint32_t walk(const uint32_t *p, uint32_t n) {
    uint32_t s = 0;
    for (uint32_t i = 0; i < n; i++) {
        s += p[i * 4] ^ (s << 3);
    }
    return s;
}

// bytes summed, then their mean: n 0 divides by zero
__attribute__((noinline)) uint32_t mean(const uint8_t *p, uint32_t n, uint32_t d) {
    uint32_t s = 0;
    for (uint32_t i = 0; i < n; i++) {
        s += p[i] * 3 + 1;
    }
    return s / d;
}

// a store of a sum through a pointer the caller picks
__attribute__((noinline)) void put(uint32_t *p, uint32_t a, uint32_t b) {
    p[1] = a + b;
    p[2] = a * b;
}

// 64-bit remainders in a loop: the modulus reaches zero
__attribute__((noinline)) uint64_t rems(uint64_t x, uint32_t m) {
    uint64_t s = 0;
    for (uint32_t i = 0; i < 8; i++) {
        s += x % (uint64_t)(m - i);
    }
    return s;
}

// through a function pointer that the caller picks from a table of two types
typedef uint32_t (*fn1)(uint32_t);
static uint32_t twice(uint32_t x) {
    return x * 2;
}
static uint32_t thrice(uint32_t x, uint32_t y) {
    return x * 3 + y;
}
static void *const fns[2] = {(void *)twice, (void *)thrice};

__attribute__((noinline)) uint32_t through(uint32_t k, uint32_t x) {
    return ((fn1)fns[k & 1])(x);
}

__attribute__((noinline)) uint32_t level2(uint32_t kind, uint32_t x) {
    for (uint32_t i = 0; i < 256; i++) {
        table[i] = i * 7;
    }
    switch (kind) {
        case 0:
            return walk(table, x);
        case 1:
            return mean((const uint8_t *)table, 64, x);
        case 2:
            put((uint32_t *)(uintptr_t)x, kind, x);
            return 0;
        case 3:
            return (uint32_t)rems((uint64_t)kind << 20, x);
        default:
            return through(x, kind);
    }
}

__attribute__((noinline)) uint32_t level1(uint32_t kind, uint32_t x) {
    return level2(kind, x) + 1;
}

uint32_t run(uint32_t kind, uint32_t x) {
    return level1(kind, x) * 3;
}
