// SPDX-License-Identifier: MIT
// kernel.h: the one contract every benchmark kernel keeps.
//
// A kernel is one C file that defines `uint32_t run(uint32_t n)`: `n` scales
// the work (iterations, or the argument of fib), the result is a checksum of
// everything computed, so neither compiler can drop the work and every runner
// (our engine, wasm3, native) can be checked against the others. The same
// file is built for wasm32 (clang, freestanding, no libc) and natively (gcc),
// so kernels use only fixed-width types (long is 32 bits on wasm32, 64 on
// x86-64) and no library calls (wasm builds link nothing).
#ifndef BENCH_KERNEL_H
#define BENCH_KERNEL_H

#include <stdint.h>

// Keep small functions as real calls: the call path is what some kernels measure.
#define NOINLINE __attribute__((noinline))

uint32_t run(uint32_t n);

// One FNV-1a step: a cheap order-sensitive checksum of 32-bit words.
static inline uint32_t mix(uint32_t h, uint32_t v) {
    return (h ^ v) * 16777619u;
}

// Bit patterns of floats, so checksums compare results bit for bit.
static inline uint32_t f32_bits(float f) {
    union { float f; uint32_t u; } x = { .f = f };
    return x.u;
}

static inline uint32_t f64_bits(double d) {
    union { double d; uint64_t u; } x = { .d = d };
    return (uint32_t)x.u ^ (uint32_t)(x.u >> 32);
}

// Numerical Recipes' LCG: deterministic input data without libc.
static inline uint32_t lcg(uint32_t *s) {
    *s = *s * 1664525u + 1013904223u;
    return *s;
}

#endif // BENCH_KERNEL_H
