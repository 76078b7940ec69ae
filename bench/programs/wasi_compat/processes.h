// SPDX-License-Identifier: MIT
// Declarations of what wasi_compat.c defines in place of POSIX's pipes and
// alarms, which wasi-libc (2022) has not: popen and pclose (they fail with
// ENOSYS) and alarm (no signal is ever raised). For a wasm32-wasi build that
// names them (-include processes.h: bench/programs.py, CaDiCaL).
#ifndef MPWASM_WASI_COMPAT_PROCESSES_H
#define MPWASM_WASI_COMPAT_PROCESSES_H

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

FILE *popen(const char *cmd, const char *mode);
int pclose(FILE *f);
unsigned alarm(unsigned seconds);

#ifdef __cplusplus
}
#endif

#endif // MPWASM_WASI_COMPAT_PROCESSES_H
