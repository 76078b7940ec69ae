// SPDX-License-Identifier: MIT
// wasi
// The rest of the subset, one line each: clocks, sleep, random, isatty, the errno of
// unsupported calls and bad fds, closing stderr, then stdin echoed line by line until
// EOF; it returns 9 if closing stdout fails.
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

int main(void) {
    struct timespec res, a, b, now;
    clock_getres(CLOCK_MONOTONIC, &res);
    clock_gettime(CLOCK_MONOTONIC, &a);
    clock_gettime(CLOCK_MONOTONIC, &b);
    clock_gettime(CLOCK_REALTIME, &now);
    printf("res_ns=%ld\n", res.tv_nsec);
    printf("monotonic=%d\n", b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec));
    printf("realtime=%lld\n", (long long)now.tv_sec);
    clock_gettime(CLOCK_MONOTONIC, &a);
    usleep(30000);   // poll_oneoff with a relative clock subscription
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("slept_ms=%ld\n", (long)((b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000));

    unsigned char r1[16], r2[16];
    getentropy(r1, sizeof(r1));
    getentropy(r2, sizeof(r2));
    printf("random_differs=%d\n", memcmp(r1, r2, sizeof(r1)) != 0);

    printf("isatty=%d%d%d%d\n", isatty(0), isatty(1), isatty(2), isatty(3));
    __wasi_prestat_t pre;
    __wasi_filesize_t off;
    __wasi_size_t n;
    __wasi_ciovec_t iov = {(const uint8_t *)"x", 1};
    printf("prestat_get(3)=%d\n", __wasi_fd_prestat_get(3, &pre));
    printf("fd_write(5)=%d\n", __wasi_fd_write(5, &iov, 1, &n));
    printf("fd_write(0)=%d\n", __wasi_fd_write(0, &iov, 1, &n));
    printf("fd_seek(1)=%d\n", __wasi_fd_seek(1, 0, __WASI_WHENCE_SET, &off));
    printf("fd_close(9)=%d\n", __wasi_fd_close(9));
    // a standard stream closes for the guest only: BADF from then on
    printf("fd_close(2)=%d\n", __wasi_fd_close(2));
    printf("fd_write(2)=%d\n", __wasi_fd_write(2, &iov, 1, &n));
    printf("fd_close(2) again=%d\n", __wasi_fd_close(2));
    printf("sched_yield=%d\n", __wasi_sched_yield());
    __wasi_fd_t fd;
    printf("path_open=%d\n", __wasi_path_open(3, 0, "f", 0, 0, 0, 0, &fd));
    fflush(stdout);

    char line[64];
    int lines = 0;
    while (fgets(line, sizeof(line), stdin) != NULL) {
        lines++;
        line[strcspn(line, "\n")] = 0;
        printf("line=%s\n", line);
    }
    printf("lines=%d\n", lines);
    // what jq and GNU tools (close_stdout) do at exit to learn that the output was written
    return fclose(stdout) == 0 ? 0 : 9;
}
