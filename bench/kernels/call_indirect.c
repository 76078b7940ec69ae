// SPDX-License-Identifier: MIT
// call_indirect: calls through a table of function pointers chosen by the
// data (wasm call_indirect with its type check), n calls.
#include "kernel.h"

typedef uint32_t (*op_fn)(uint32_t, uint32_t);

static NOINLINE uint32_t op_add(uint32_t a, uint32_t b) {
    return a + b;
}
static NOINLINE uint32_t op_sub(uint32_t a, uint32_t b) {
    return a - b;
}
static NOINLINE uint32_t op_xor(uint32_t a, uint32_t b) {
    return a ^ b;
}
static NOINLINE uint32_t op_mul(uint32_t a, uint32_t b) {
    return a * (b | 1);
}
static NOINLINE uint32_t op_rot(uint32_t a, uint32_t b) {
    return (a << (b & 31)) | (a >> ((32 - b) & 31));
}
static NOINLINE uint32_t op_or(uint32_t a, uint32_t b) {
    return (a | b) + 1;
}
static NOINLINE uint32_t op_shr(uint32_t a, uint32_t b) {
    return a ^ (a >> (b & 15));
}
static NOINLINE uint32_t op_not(uint32_t a, uint32_t b) {
    return ~a + b;
}

// not const: a writable table the compiler cannot see through
static op_fn ops[8] = { op_add, op_sub, op_xor, op_mul, op_rot, op_or, op_shr, op_not };

uint32_t run(uint32_t n) {
    uint32_t h = 0x9e3779b9u;
    for (uint32_t i = 0; i < n; i++) {
        h = ops[(h >> 7 ^ i) & 7](h, i);
    }
    return h;
}
