// SPDX-License-Identifier: MIT
// wasi
// main(argc, argv) and the environment the usual way (wasi-libc mallocs
// argv and environ: memory grows to two 64 KiB pages).
#include <stdio.h>
#include <stdlib.h>

extern char **environ;

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++) {
        printf("argv[%d]=%s\n", i, argv[i]);
    }
    for (char **e = environ; *e; e++) {
        printf("env %s\n", *e);
    }
    const char *home = getenv("HOME");
    printf("HOME=%s\n", home ? home : "(unset)");
    return argc;
}
