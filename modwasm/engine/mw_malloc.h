// SPDX-License-Identifier: MIT
// mw_malloc.h: an mw_alloc_fn over the C library's realloc/free, for the
// embedders that have one (the host tool wasm-cross, tests/engine, benches).
// The firmware's binding allocates from MicroPython's GC heap instead, so the
// engine itself never includes this.
#ifndef MW_MALLOC_H
#define MW_MALLOC_H

#include <stdlib.h>
#include "mw.h"

static inline void *mw_malloc_alloc(void *ctx, void *ptr, size_t old_size, size_t new_size) {
    (void)ctx;
    (void)old_size;
    if (new_size == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, new_size);
}

#endif // MW_MALLOC_H
