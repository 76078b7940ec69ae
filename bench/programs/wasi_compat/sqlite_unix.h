// SPDX-License-Identifier: MIT
// What SQLite 3.40.1's unix VFS (os_unix.c in the amalgamation) names and wasi-libc (2022)
// lacks, for the wasm32-wasi build of bench/programs/sqlite_file.c only (bench/programs.py
// SQLITE_FILE: `-include` of this file). The program opens its database with the "unix-none"
// VFS, which takes no locks (WASI preview1 has no advisory locks), so the POSIX lock requests
// below are compiled but never made; were one made, wasi-libc's fcntl() would fail it
// (EINVAL). WASI files have no owner or mode bits: fchmod() and fchown() succeed doing
// nothing, and geteuid() says "not root", so SQLite never asks fchown().
#ifndef SQLITE_UNIX_WASI_H
#define SQLITE_UNIX_WASI_H
#include <fcntl.h>
#include <sys/types.h>

// Linux's values, none of them one of wasi-libc's F_GETFD, F_SETFD, F_GETFL, F_SETFL (1-4);
// wasi-libc declares struct flock already
#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2

static inline int fchmod(int fd, mode_t mode) {
    (void)fd;
    (void)mode;
    return 0;
}

static inline int fchown(int fd, uid_t owner, gid_t group) {
    (void)fd;
    (void)owner;
    (void)group;
    return 0;
}

static inline uid_t geteuid(void) {
    return 1;
}
#endif
