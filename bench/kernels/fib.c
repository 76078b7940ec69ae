// SPDX-License-Identifier: MIT
// fib: naive recursion, fib(n). Measures the call/return path and the value
// stack; clang turns one of the two calls into a loop, the other stays a call.
#include "kernel.h"

static NOINLINE uint32_t fib(uint32_t n) {
    if (n < 2) {
        return n;
    }
    return fib(n - 1) + fib(n - 2);
}

uint32_t run(uint32_t n) {
    return fib(n);
}
