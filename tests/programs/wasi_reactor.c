// SPDX-License-Identifier: MIT
// wasi: -mexec-model=reactor
// exports: twice
// A WASI reactor: _initialize runs the constructors, then exports are called.
#include <stdio.h>

static int offset = 1;

__attribute__((constructor)) static void init(void) {
    offset = 40;
}

int twice(int x) {
    printf("twice(%d)\n", x);
    fflush(stdout);
    return 2 * x + offset;
}
