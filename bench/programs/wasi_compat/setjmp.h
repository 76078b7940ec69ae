// SPDX-License-Identifier: MIT
// setjmp.h for wasm32-wasi builds of bench/programs (only there: native builds
// use the C library's). Debian's clang 14 and wasi-libc (2022) have no
// setjmp/longjmp: WebAssembly can only unwind through the exception-handling
// proposal, which neither that compiler's WASI target nor our engine
// supports. Lua and MuJS include <setjmp.h> for their error handling
// (pcall/try): here setjmp always returns 0 (the normal path) and longjmp
// ends the program with a message and a trap. The bench workloads raise no
// errors and never yield from a Lua coroutine (which longjmps in Lua 5.4), so
// they run exactly as natively; a workload that does gets the message below.
#ifndef MPWASM_WASI_COMPAT_SETJMP_H
#define MPWASM_WASI_COMPAT_SETJMP_H

#include <stdio.h>
#include <stdlib.h>

typedef long jmp_buf[1];
typedef long sigjmp_buf[1];

#define setjmp(env) ((void)(env), 0)
#define _setjmp(env) ((void)(env), 0)
#define sigsetjmp(env, save) ((void)(env), (void)(save), 0)

// a function, not only a call: libpng passes longjmp itself (png_set_longjmp_fn)
static inline _Noreturn void mpwasm_longjmp(jmp_buf env, int val) {
    (void)env;
    (void)val;
    fputs("longjmp: not available on wasm32-wasi (clang 14): an error or a coroutine yield needed it\n", stderr);
    abort();
}
#define longjmp mpwasm_longjmp
#define _longjmp mpwasm_longjmp
#define siglongjmp mpwasm_longjmp

#endif // MPWASM_WASI_COMPAT_SETJMP_H
