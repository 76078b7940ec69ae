// SPDX-License-Identifier: MIT
// prog_common.h: what the drivers of bench/programs/ share. Each driver is a
// whole C program (main) around an unchanged library from a Debian source
// package; it takes one argument, the workload size, prints a few lines that
// describe what it computed, and ends with `checksum=0x...`. The same source
// is built for wasm32-wasi (clang + wasi-libc) and natively (gcc), and the two
// outputs must be byte-identical, so everything here is deterministic: a fixed
// PRNG, no clocks, no addresses in the output.
#ifndef PROG_COMMON_H
#define PROG_COMMON_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// xorshift32 (Marsaglia 2003): a fixed sequence on every platform.
typedef struct prog_rng {
    uint32_t s;
} prog_rng;

static inline uint32_t prog_rand(prog_rng *r) {
    uint32_t x = r->s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    r->s = x;
    return x;
}

// 32-bit FNV-1a, continued from `h` (start with PROG_FNV_INIT).
#define PROG_FNV_INIT 0x811c9dc5u
static inline uint32_t prog_fnv(uint32_t h, const void *data, size_t len) {
    const uint8_t *p = (const uint8_t *)data;  // a cast: C++ drivers include this too
    for (size_t i = 0; i < len; i++) {
        h = (h ^ p[i]) * 0x01000193u;
    }
    return h;
}

// The workload size: argv[1] as a positive integer, else `dflt`.
static inline long prog_size(int argc, char **argv, long dflt) {
    if (argc > 1) {
        long n = strtol(argv[1], NULL, 0);
        if (n > 0) {
            return n;
        }
    }
    return dflt;
}

// `len` bytes of text-like data (words, numbers, punctuation, newlines) from
// the seed: compressible like a log file, never the same run twice in a row.
static inline void prog_text(uint8_t *buf, size_t len, uint32_t seed) {
    static const char *const words[] = {
        "the", "of", "and", "memory", "module", "instance", "table", "function", "value", "stack",
        "wasm", "engine", "board", "serial", "heap", "flash", "interrupt", "timer", "sensor", "packet",
        "error", "warning", "info", "debug", "request", "response", "status", "count", "total", "average",
    };
    prog_rng r = { seed ? seed : 1 };
    size_t i = 0;
    while (i < len) {
        uint32_t x = prog_rand(&r);
        char tmp[24];
        int n;
        if ((x & 7) == 0) {
            n = snprintf(tmp, sizeof(tmp), "%u", (unsigned)(x >> 12) % 100000u);
        } else {
            n = snprintf(tmp, sizeof(tmp), "%s", words[(x >> 3) % (sizeof(words) / sizeof(words[0]))]);
        }
        tmp[n++] = ((x >> 24) & 15) == 0 ? '\n' : (((x >> 24) & 15) == 1 ? ',' : ' ');
        for (int k = 0; k < n && i < len; k++) {
            buf[i++] = (uint8_t)tmp[k];
        }
    }
}

// Text a driver writes for its library to read (a document, a source file): a
// buffer that grows as prog_put appends, always NUL-terminated; free(t.p) at the end.
typedef struct prog_buf {
    char *p;
    size_t len, cap;
} prog_buf;

static inline void prog_put(prog_buf *t, const char *s) {
    size_t n = strlen(s);
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->p = (char *)realloc(t->p, t->cap);
    }
    memcpy(t->p + t->len, s, n + 1);
    t->len += n;
}

// prog_put of printf's text for fmt and its arguments, up to a line's 511
// bytes (the drivers that write their library's source line by line).
static inline void prog_printf(prog_buf *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void prog_printf(prog_buf *t, const char *fmt, ...) {
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    prog_put(t, line);
}

// A check a driver makes along the way: a failure is printed ("what FAILED")
// and counted; main ends with `return prog_failures != 0`, after printing
// whether any failed. (unused: not every driver checks.)
static int prog_failures __attribute__((unused));
static inline void prog_check(const char *what, int ok) {
    if (!ok) {
        printf("%s FAILED\n", what);
        prog_failures++;
    }
}

// The end of main: whether every check passed, the checksum line, and the exit
// status (1 if any check failed).
static inline int prog_end(uint32_t checksum) {
    printf("%s\n", prog_failures ? "FAILED" : "all ok");
    printf("checksum=0x%08x\n", (unsigned)checksum);
    return prog_failures != 0;
}

#endif // PROG_COMMON_H
