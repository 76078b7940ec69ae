// SPDX-License-Identifier: MIT
// arch/cc.h for lwip_bench.c's build of lwIP (every lwIP port supplies one):
// the C library's stdint types and printf and lwIP's byte order (its
// defaults: little-endian, both builds' order), and LWIP_RAND from the
// driver's own generator, not rand():
// glibc's and musl's sequences differ, and lwIP draws its DNS ids and
// initial ports from it.
#ifndef LWIP_BENCH_ARCH_CC_H
#define LWIP_BENCH_ARCH_CC_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

uint32_t lwip_bench_rand(void);
#define LWIP_RAND() lwip_bench_rand()

#define LWIP_PLATFORM_DIAG(x) \
    do { \
        printf x; \
    } while (0)
#define LWIP_PLATFORM_ASSERT(x) \
    do { \
        printf("lwIP assertion: %s\n", x); \
        abort(); \
    } while (0)

#endif // LWIP_BENCH_ARCH_CC_H
