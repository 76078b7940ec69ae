// SPDX-License-Identifier: MIT
// pwd.h for wasm32-wasi builds of bench/programs (only there: native builds
// use the C library's). WASI has no users: wasi-libc (2022) has no <pwd.h>.
// jq looks for the home directory in $HOME, then in the password database;
// here there is none (getpwuid returns NULL, as for a user it does not know),
// so without $HOME jq goes on without ~/.jq, as it does natively when the
// file is missing.
#ifndef MPWASM_WASI_COMPAT_PWD_H
#define MPWASM_WASI_COMPAT_PWD_H

#include <stddef.h>
#include <sys/types.h>

struct passwd {
    char *pw_name;
    char *pw_dir;
};

static inline uid_t getuid(void) {
    return 0;
}

static inline struct passwd *getpwuid(uid_t uid) {
    (void)uid;
    return NULL;
}

#endif // MPWASM_WASI_COMPAT_PWD_H
