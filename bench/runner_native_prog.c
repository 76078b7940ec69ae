// SPDX-License-Identifier: MIT
// runner_native_prog.c: the ceiling for whole programs: runs a natively built
// program (bench/programs, gcc -O2, statically linked) REPS times, with the
// same output lines as runner_mw_wasi.c.
//
//   runner_native_prog PROG REPS OUTFILE ARGV0 [ARGS...]
//
// Each run is a new process (posix_spawn, stdout through a pipe into a
// buffer); its time runs from the spawn to the reaped exit, so it includes
// process start-up and exit, about 0.2-0.5 ms for a static binary on this
// kind of machine (the table says so). result= is the FNV-1a of stdout.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include "runner_common.h"

extern char **environ;

typedef struct capture {
    uint8_t *buf;
    size_t len, cap;
} capture;

static int run_once(char **argv, capture *out, int *status) {
    int fds[2];
    if (pipe(fds) != 0) {
        return -1;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        return -1;
    }
    out->len = 0;
    for (;;) {
        if (out->cap - out->len < 65536) {
            out->cap = out->cap * 2 + 65536;
            out->buf = realloc(out->buf, out->cap);
        }
        ssize_t n = read(fds[0], out->buf + out->len, out->cap - out->len);
        if (n <= 0) {
            break;
        }
        out->len += (size_t)n;
    }
    close(fds[0]);
    waitpid(pid, status, 0);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: %s PROG REPS OUTFILE ARGV0 [ARGS...]\n", argv[0]);
        return 2;
    }
    int reps = atoi(argv[2]);
    reps = reps < 1 ? 1 : reps;
    char **pargv = calloc((size_t)argc, sizeof(char *));
    pargv[0] = argv[1];
    for (int i = 5; i < argc; i++) {
        pargv[i - 4] = argv[i];
    }
    double *times = calloc((size_t)reps, sizeof(double));
    capture out = { NULL, 0, 0 };
    uint32_t first = 0;
    int first_exit = 0;
    for (int r = 0; r < reps; r++) {
        int status = 0;
        double t0 = bench_now();
        if (run_once(pargv, &out, &status) != 0) {
            perror(argv[1]);
            return 1;
        }
        times[r] = bench_now() - t0;
        if (!WIFEXITED(status)) {
            fprintf(stderr, "%s: killed by signal %d\n", argv[1], WTERMSIG(status));
            return 1;
        }
        uint32_t h = 0x811c9dc5u;
        for (size_t i = 0; i < out.len; i++) {
            h = (h ^ out.buf[i]) * 0x01000193u;
        }
        if (r == 0) {
            first = h;
            first_exit = WEXITSTATUS(status);
            if (strcmp(argv[3], "-") != 0) {
                FILE *f = fopen(argv[3], "wb");
                if (f != NULL) {
                    fwrite(out.buf, 1, out.len, f);
                    fclose(f);
                }
            }
        } else if (h != first) {
            fprintf(stderr, "run %d printed something else than run 0\n", r);
            return 1;
        }
    }
    bench_print_run(first, 0, times, reps); // no stack: each run is a process of its own
    printf("exit=%d\n", first_exit);
    free(out.buf);
    free(times);
    free(pargv);
    return 0;
}
