// SPDX-License-Identifier: MIT
// runner_common.h: what the three host runners share (our engine, wasm3,
// native): reading a file, a monotonic clock, and running the measured calls
// on a thread whose stack we own and paint, so each runner can report how
// deep its C stack went. Header-only so each runner stays one command line.
//
// Every runner prints the same lines, which bench/run.py parses:
//   result=<u32>            checksum of the first call (all calls must agree)
//   times=<s>,<s>,...       seconds per call
//   stack=<bytes>           peak C stack of the measured calls, below the call site
#ifndef BENCH_RUNNER_COMMON_H
#define BENCH_RUNNER_COMMON_H

#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

// 8 MiB: far more than any runner needs (wasm3 recurses on the C stack for
// wasm calls: fib needs a deep one), so the painted region never overflows.
#define BENCH_STACK_SIZE (8u << 20)
#define BENCH_PAINT 0xa5

static double bench_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static inline uint8_t *bench_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc(size > 0 ? (size_t)size : 1);
    if (buf == NULL || fread(buf, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "%s: read failed\n", path);
        exit(2);
    }
    fclose(f);
    *len = (size_t)size;
    return buf;
}

// The runner's body: called on the painted thread. Returns the exit status.
typedef int (*bench_body_fn)(void *arg);

typedef struct bench_thread {
    bench_body_fn body;
    void *arg;
    int status;
} bench_thread;

static uint8_t *bench_stack_lo;     // lowest address of the painted stack
static uintptr_t bench_call_sp;     // where bench_repaint was called from
// 0 with BENCH_NO_PAINT set (bench/cpu_time.py, bench/cpu_micro.py): neither
// paint nor scan, stack= says 0. Their byte loops over the 8 MiB stack are no
// engine's work but would count in a whole process's CPU time (zlib's n size:
// ~4% of ours, on both runners).
static int bench_paint = 1;

// Call just before the measured calls: repaints what loading and instantiating
// used, so the figure is the calls' own depth. A plain loop (no memset call
// whose frame would land in the region) that stops 256 bytes short of its own
// frame (x86-64's 128-byte red zone and this frame).
static __attribute__((noinline)) void bench_repaint(void) {
    volatile uint8_t marker = 0;
    uintptr_t sp = (uintptr_t)&marker;
    volatile uint8_t *p = bench_stack_lo;
    while (bench_paint && (uintptr_t)p < sp - 256) {
        *p++ = BENCH_PAINT;
    }
    bench_call_sp = sp;
}

static void *bench_thread_main(void *p) {
    bench_thread *t = p;
    t->status = t->body(t->arg);
    return NULL;
}

// Peak C stack of the calls since bench_repaint: call it right after them,
// before any printf (whose own 2 KiB frame would be counted).
static size_t bench_stack_used(void) {
    if (!bench_paint) {
        return 0;
    }
    const uint8_t *p = bench_stack_lo;
    while ((uintptr_t)p < bench_call_sp && *p == BENCH_PAINT) {
        p++;
    }
    return bench_call_sp - (uintptr_t)p;
}

// Run body(arg) on a fresh painted stack; return body's status.
static int bench_run_painted(bench_body_fn body, void *arg) {
    uint8_t *stack = malloc(BENCH_STACK_SIZE);
    if (stack == NULL) {
        return 2;
    }
    bench_paint = getenv("BENCH_NO_PAINT") == NULL;
    if (bench_paint) {
        memset(stack, BENCH_PAINT, BENCH_STACK_SIZE);
    }
    bench_stack_lo = stack;
    bench_call_sp = 0;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstack(&attr, stack, BENCH_STACK_SIZE);
    bench_thread t = { body, arg, 2 };
    pthread_t th;
    if (pthread_create(&th, &attr, bench_thread_main, &t) != 0) {
        return 2;
    }
    pthread_join(th, NULL);
    free(stack);
    return t.status;
}

// The lines above (a runner adds its own after them).
static void bench_print_run(uint32_t result, size_t stack, const double *times, int reps) {
    printf("result=%u\n", result);
    printf("stack=%lu\n", (unsigned long)stack);
    printf("times=");
    for (int i = 0; i < reps; i++) {
        printf(i ? ",%.6f" : "%.6f", times[i]);
    }
    printf("\n");
}

// A kernel's calls all return its checksum: call i's `res` is kept in *first
// (i 0) or compared with it; 1, said on stderr, where it differs.
static inline int bench_result_differs(int i, uint32_t res, uint32_t *first) {
    if (i == 0) {
        *first = res;
    } else if (res != *first) {
        fprintf(stderr, "call %d returned %u, first call %u\n", i, res, *first);
        return 1;
    }
    return 0;
}

// The kernel runners' command line (runner_mw.c, runner_wasm3.c; bench/run.py
// runs both with the same arguments): KERNEL.wasm EXPORT N REPS.
typedef struct bench_kernel_job {
    const char *path;
    const char *export_name;
    uint32_t n;
    int reps;
} bench_kernel_job;

// The WASI runners' command line (runner_mw_wasi.c, runner_wasm3_wasi.c;
// bench/bench_programs.py runs both alike): PROG.wasm REPS OUTFILE ARGV0 [ARGS...].
typedef struct bench_wasi_job {
    const char *path;
    int reps;
    const char *outfile;
    int argc;
    char **argv;
} bench_wasi_job;

// A kernel runner's main: parse its command line, run body(&job) painted.
static inline int bench_kernel_main(int argc, char **argv, bench_body_fn body) {
    if (argc != 5) {
        fprintf(stderr, "usage: %s KERNEL.wasm EXPORT N REPS\n", argv[0]);
        return 2;
    }
    bench_kernel_job j = { argv[1], argv[2], (uint32_t)strtoul(argv[3], NULL, 0), atoi(argv[4]) };
    if (j.reps < 1) {
        j.reps = 1;
    }
    return bench_run_painted(body, &j);
}

// A WASI runner's main: parse its command line, run body(&job) painted.
static inline int bench_wasi_main(int argc, char **argv, bench_body_fn body) {
    if (argc < 5) {
        fprintf(stderr, "usage: %s PROG.wasm REPS OUTFILE ARGV0 [ARGS...]\n", argv[0]);
        return 2;
    }
    bench_wasi_job j = { argv[1], atoi(argv[2]), argv[3], argc - 4, argv + 4 };
    if (j.reps < 1) {
        j.reps = 1;
    }
    return bench_run_painted(body, &j);
}

#endif // BENCH_RUNNER_COMMON_H
