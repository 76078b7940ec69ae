// SPDX-License-Identifier: MIT
// runner_wasm3.h: what the wasm3 runners (runner_wasm3.c, runner_wasm3_wasi.c)
// share beyond runner_common.h: how wasm3's RAM is seen and its stack size.
// Header-only, as runner_common.h.
#ifndef BENCH_RUNNER_WASM3_H
#define BENCH_RUNNER_WASM3_H

#include <malloc.h>
#include "wasm3.h"
#include "runner_common.h"

// wasm3 has no allocator hook: its RAM is glibc's heap in use (mallinfo2).
static size_t heap_in_use(void) {
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;   // large blocks (linear memory) are mmap'ed
}

// wasm3's own value stack: 1 MiB, so deep recursion (fib) never hits it.
#define M3_STACK_BYTES (1u << 20)

#endif // BENCH_RUNNER_WASM3_H
