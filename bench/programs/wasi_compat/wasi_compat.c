// SPDX-License-Identifier: MIT
// The C library functions the bench programs call that wasi-libc (2022) does
// not define, for their wasm32-wasi builds only. WASI has no processes and no
// temporary directory, so both fail the way ISO C allows: system(NULL)
// returns 0 ("no command processor") and system(cmd) -1; tmpfile() returns
// NULL. Lua's os.execute and io.tmpfile reach them; the workloads never do.
// realpath() fails with ENOSYS (WASI has no current directory to resolve a
// path from): jq then keeps a module search path as written.
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

FILE *tmpfile(void) {
    errno = ENOSYS;
    return NULL;
}

char *realpath(const char *path, char *resolved) {
    (void)path;
    (void)resolved;
    errno = ENOSYS;
    return NULL;
}
