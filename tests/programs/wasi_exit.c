// SPDX-License-Identifier: MIT
// wasi
// Prints its arguments, then ends as they say: `exit N` calls exit(N),
// `return N` returns N from main, `trap` hits unreachable, `overflow` recurses
// until the stack (first in memory: -Wl,--stack-first) runs out, which traps,
// `cat` copies stdin to stdout line by line ("> " before each) until EOF.
// Nothing returns 0.
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

// 1 KiB frames (the array escapes to a WASI call, so it is really there):
// the 8 KiB stack runs out after a few calls, far below any call depth limit.
static int recurse(int n) {
    char frame[1024];
    frame[0] = (char)n;   // a store by wasm at the frame's lowest address
    __wasi_random_get((uint8_t *)frame + 1, 1);
    return recurse(n + 1) + frame[0];
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
    if (argc >= 2 && strcmp(argv[1], "overflow") == 0) {
        return recurse(0);
    }
    if (argc >= 2 && strcmp(argv[1], "cat") == 0) {
        char line[32];
        while (fgets(line, sizeof(line), stdin) != NULL) {
            fputs("> ", stdout);
            fputs(line, stdout);
        }
        fputs("EOF\n", stdout);
    }
    return 0;
}
