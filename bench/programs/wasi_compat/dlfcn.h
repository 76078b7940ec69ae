// SPDX-License-Identifier: MIT
// dlfcn.h for wasm32-wasi builds of bench/programs (only there: native builds
// use the C library's). WASI loads no libraries: wasi-libc (2022) has no
// <dlfcn.h>. lp_solve's LUSOL/myblas.h includes it unconditionally for its
// loadable BLAS, which bench/programs.py's lpsolve build turns off
// (LoadableBlasLib=0 in shared/myblas.c): nothing calls these, so there is
// nothing to load, and a call would fail as dlopen does for a missing file.
#ifndef MPWASM_WASI_COMPAT_DLFCN_H
#define MPWASM_WASI_COMPAT_DLFCN_H

#include <stddef.h>

#define RTLD_LAZY 1
#define RTLD_NOW 2
#define RTLD_GLOBAL 0x100
#define RTLD_LOCAL 0

static inline void *dlopen(const char *file, int mode) {
    (void)file, (void)mode;
    return NULL;
}

static inline void *dlsym(void *handle, const char *name) {
    (void)handle, (void)name;
    return NULL;
}

static inline int dlclose(void *handle) {
    (void)handle;
    return 0;
}

static inline char *dlerror(void) {
    static char msg[] = "no dynamic loading under WASI";
    return msg;
}

#endif
