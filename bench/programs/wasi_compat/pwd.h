// SPDX-License-Identifier: MIT
// pwd.h for wasm32-wasi builds of bench/programs (only there: native builds
// use the C library's). WASI has no users: wasi-libc (2022) has no <pwd.h>.
// Programs look for the home directory in $HOME, then in the password
// database; the bench runners give no environment, so here the database has
// one entry, uid 0 (what getuid returns), whose home is "/": jq then looks
// for /.jq and dc for /.dcrc, finds none (no preopen names "/" in the
// bench), and goes on as it does natively when the file is missing. (dc,
// unlike jq, does not test getpwuid's result for NULL.)
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
    static char name[] = "root", dir[] = "/";
    static struct passwd root = { name, dir };
    return uid == 0 ? &root : NULL;
}

#endif // MPWASM_WASI_COMPAT_PWD_H
