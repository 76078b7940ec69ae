// SPDX-License-Identifier: MIT
// check.h: what the engine's sanitizer unit tests (test_sheap.c, test_window.c)
// share: CHECK(cond), which counts a failure and goes on (their allocator is
// mw_malloc.h's). Each test file includes it once.
#ifndef MPWASM_TESTS_ENGINE_CHECK_H
#define MPWASM_TESTS_ENGINE_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include "mw_malloc.h"

static int failures;
#define CHECK(c) do { \
        if (!(c)) { \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); \
            failures++; \
        } \
} while (0)

#endif // MPWASM_TESTS_ENGINE_CHECK_H
