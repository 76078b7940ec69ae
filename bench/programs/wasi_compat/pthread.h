// SPDX-License-Identifier: MIT
// pthread.h for wasm32-wasi builds of bench/programs (only there: native builds
// use the C library's). wasi-libc (2022) has no threads and no <pthread.h>.
// jq 1.6 (Debian's security patches) initialises its hash seed once through
// pthread_once: with one thread, "once" is a flag. RE2's util/mutex.h takes
// pthread_rwlock_t because wasi-libc's unistd.h defines _POSIX_READER_WRITER_LOCKS:
// with one thread, a read-write lock is always free.
#ifndef MPWASM_WASI_COMPAT_PTHREAD_H
#define MPWASM_WASI_COMPAT_PTHREAD_H

typedef int pthread_once_t;
#define PTHREAD_ONCE_INIT 0

static inline int pthread_once(pthread_once_t *once, void (*init)(void)) {
    if (*once == 0) {
        *once = 1;
        init();
    }
    return 0;
}

typedef int pthread_rwlock_t;
typedef int pthread_rwlockattr_t;

static inline int pthread_rwlock_init(pthread_rwlock_t *lock, const pthread_rwlockattr_t *attr) {
    (void)attr;
    *lock = 0;
    return 0;
}

static inline int pthread_rwlock_destroy(pthread_rwlock_t *lock) {
    (void)lock;
    return 0;
}

static inline int pthread_rwlock_rdlock(pthread_rwlock_t *lock) {
    (void)lock;
    return 0;
}

static inline int pthread_rwlock_wrlock(pthread_rwlock_t *lock) {
    (void)lock;
    return 0;
}

static inline int pthread_rwlock_unlock(pthread_rwlock_t *lock) {
    (void)lock;
    return 0;
}

#endif // MPWASM_WASI_COMPAT_PTHREAD_H
