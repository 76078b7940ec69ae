// SPDX-License-Identifier: MIT
// runner_native.c: the ceiling: a kernel compiled natively (gcc -O2) and
// linked with this file, with the same command line and output lines as
// runner_mw.c (the .wasm argument is ignored: the kernel is built in).
//
//   runner_native-KERNEL - run N REPS
#include "kernels/kernel.h"
#include "runner_common.h"

typedef struct job {
    uint32_t n;
    int reps;
} job;

// Out of line, as in runner_mw.c: callgrind's --toggle-collect=bench_call.
static __attribute__((noinline)) uint32_t bench_call(uint32_t n) {
    return run(n);
}

static int body(void *arg) {
    job *j = arg;
    double *times = calloc((size_t)j->reps, sizeof(double));
    uint32_t first = 0;
    bench_repaint();
    for (int i = 0; i < j->reps; i++) {
        double t0 = bench_now();
        uint32_t res = bench_call(j->n);
        times[i] = bench_now() - t0;
        if (bench_result_differs(i, res, &first)) {
            return 1;
        }
    }
    bench_print_run(first, bench_stack_used(), times, j->reps);
    free(times);
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: %s - run N REPS\n", argv[0]);
        return 2;
    }
    job j = { (uint32_t)strtoul(argv[3], NULL, 0), atoi(argv[4]) };
    if (j.reps < 1) {
        j.reps = 1;
    }
    return bench_run_painted(body, &j);
}
