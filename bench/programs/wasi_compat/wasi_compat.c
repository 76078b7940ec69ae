// SPDX-License-Identifier: MIT
// The C library functions the bench programs call that wasi-libc (2022) does
// not define, for their wasm32-wasi builds only. WASI has no processes and no
// temporary directory, so both fail the way ISO C allows: system(NULL)
// returns 0 ("no command processor") and system(cmd) -1; tmpfile() returns
// NULL. Lua's os.execute and io.tmpfile reach them; the workloads never do.
// realpath() fails with ENOSYS (WASI has no current directory to resolve a
// path from): jq then keeps a module search path as written. Semaphores: below.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

int system(const char *cmd) {
    if (cmd == NULL) {
        return 0;
    }
    errno = ENOSYS;
    return -1;
}

// weak: a driver may give its program a tmpfile() that works (matheval_bench.c)
__attribute__((weak)) FILE *tmpfile(void) {
    errno = ENOSYS;
    return NULL;
}

char *realpath(const char *path, char *resolved) {
    (void)path;
    (void)resolved;
    errno = ENOSYS;
    return NULL;
}

// POSIX semaphores: wasi-libc (2022) declares them (<semaphore.h>) without
// defining them. With one thread a semaphore is a count: a wait on zero could
// never end, so it fails (EDEADLK) instead. TinyCC takes one around each
// compilation (CONFIG_TCC_SEMLOCK: libtcc used from threads).
#include <semaphore.h>

int sem_init(sem_t *sem, int pshared, unsigned value) {
    (void)pshared;
    sem->__val[0] = (int)value;
    return 0;
}

int sem_wait(sem_t *sem) {
    if (sem->__val[0] <= 0) {
        errno = EDEADLK;
        return -1;
    }
    sem->__val[0]--;
    return 0;
}

int sem_post(sem_t *sem) {
    sem->__val[0]++;
    return 0;
}

// processes.h: pipes and alarms, which WASI has not (CaDiCaL's file.cpp reads a compressed
// formula through a decompressor's pipe, signal.cpp sets a time limit's alarm; the bench does
// neither). popen fails as it does when the shell cannot be started; alarm sets nothing.
FILE *popen(const char *cmd, const char *mode) {
    (void)cmd;
    (void)mode;
    errno = ENOSYS;
    return NULL;
}

int pclose(FILE *f) {
    (void)f;
    errno = ENOSYS;
    return -1;
}

unsigned alarm(unsigned seconds) {
    (void)seconds;
    return 0;
}
