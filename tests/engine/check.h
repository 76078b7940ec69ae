// SPDX-License-Identifier: MIT
// check.h: what the engine's sanitizer unit tests (test_sheap.c, test_window.c)
// share: CHECK(cond), which counts a failure and goes on, and a plain malloc
// allocator for mw_config. Each test file includes it once.
#ifndef MPWASM_TESTS_ENGINE_CHECK_H
#define MPWASM_TESTS_ENGINE_CHECK_H

#include <stdio.h>
#include <stdlib.h>

static int failures;
#define CHECK(c) do { \
        if (!(c)) { \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); \
            failures++; \
        } \
} while (0)

static void *test_alloc(void *ctx, void *ptr, size_t old_size, size_t new_size) {
    (void)ctx;
    (void)old_size;
    if (new_size == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, new_size);
}

#endif // MPWASM_TESTS_ENGINE_CHECK_H
