// SPDX-License-Identifier: MIT
// sys/wait.h for wasm32-wasi builds of bench/programs (only there: native builds
// use the C library's). WASI has no processes: wasi-libc (2022) has no
// <sys/wait.h>. The one true awk reads system()'s status with the macros
// below (wasi_compat.c's system() returns -1, no child ran); their values are
// POSIX's encoding as glibc and musl define it.
#ifndef MPWASM_WASI_COMPAT_SYS_WAIT_H
#define MPWASM_WASI_COMPAT_SYS_WAIT_H

#define WEXITSTATUS(s) (((s)&0xff00) >> 8)
#define WTERMSIG(s) ((s)&0x7f)
#define WIFEXITED(s) (!WTERMSIG(s))
#define WIFSIGNALED(s) (((s)&0xffff) - 1U < 0xffu)

#endif // MPWASM_WASI_COMPAT_SYS_WAIT_H
