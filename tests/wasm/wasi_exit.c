// SPDX-License-Identifier: MIT
// wasi
// Prints its arguments, then ends as they say: `exit N` calls exit(N),
// `return N` returns N from main, `trap` hits unreachable, nothing returns 0.
// Small on purpose, to run on the smallest board: no printf (it pulls in ~14
// KiB of formatting code), and the arguments are read with the raw WASI calls
// into static buffers, not through main(argc, argv), whose malloc grows
// memory by a 64 KiB page; the program stays within 16 KiB of memory.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

static char *argv[8];
static char buf[256];

static void put_uint(unsigned v) {
    char s[12];
    char *p = s + sizeof(s);
    *--p = 0;
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    fputs(p, stdout);
}

int main(void) {
    __wasi_size_t argc, size;
    if (__wasi_args_sizes_get(&argc, &size) != 0 || argc > 8 || size > sizeof(buf)) {
        return 100;
    }
    if (__wasi_args_get((uint8_t **)argv, (uint8_t *)buf) != 0) {
        return 101;
    }
    fputs("argc=", stdout);
    put_uint(argc);
    fputs("\n", stdout);
    for (unsigned i = 0; i < argc; i++) {
        fputs("argv[", stdout);
        put_uint(i);
        fputs("]=", stdout);
        fputs(argv[i], stdout);
        fputs("\n", stdout);
    }
    fflush(stdout);
    if (argc >= 3 && strcmp(argv[1], "exit") == 0) {
        exit(atoi(argv[2]));
    }
    if (argc >= 3 && strcmp(argv[1], "return") == 0) {
        return atoi(argv[2]);
    }
    if (argc >= 2 && strcmp(argv[1], "trap") == 0) {
        __builtin_trap();
    }
    return 0;
}
