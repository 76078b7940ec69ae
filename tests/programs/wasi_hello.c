// SPDX-License-Identifier: MIT
// wasi
// WASI hello world: stdout through puts, stderr through fputs; main returns 0.
#include <stdio.h>

int main(void) {
    puts("hello, wasi");
    fputs("to stderr\n", stderr);
    return 0;
}
