// SPDX-License-Identifier: MIT
// memcpy, memmove and memset as one memory.copy or memory.fill each, for the
// wasm builds made with bulk memory (bench/programs.py FEATURE_SETS "modern").
// Linked before wasi-libc, these replace its own: Debian's wasi-libc is built
// without the feature, so its copies and fills are musl's byte and word loops
// in the guest. (A wasi-libc built with bulk memory takes memory.copy and
// memory.fill above 32 bytes and musl's loops below; here every size does.)
// The program's own code compiled with -mbulk-memory already emits the
// instructions for the copies clang does not inline; these three are for the
// calls from inside the C library (stdio, qsort, malloc's realloc ...).
#include <string.h>

#ifndef __wasm_bulk_memory__
#error "bulk_memory.c is for builds with -mbulk-memory"
#endif

void *memcpy(void *restrict dest, const void *restrict src, size_t n) {
    return __builtin_memcpy(dest, src, n);
}

void *memmove(void *dest, const void *src, size_t n) {
    return __builtin_memmove(dest, src, n);
}

void *memset(void *dest, int c, size_t n) {
    return __builtin_memset(dest, c, n);
}
