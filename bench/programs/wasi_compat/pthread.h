// SPDX-License-Identifier: MIT
// pthread.h for wasm32-wasi builds of bench/programs (only there: native builds
// use the C library's). wasi-libc (2022) has no threads and no <pthread.h>.
// jq 1.6 (Debian's security patches) initialises its hash seed once through
// pthread_once: with one thread, "once" is a flag.
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

#endif // MPWASM_WASI_COMPAT_PTHREAD_H
