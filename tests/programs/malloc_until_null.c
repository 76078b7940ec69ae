// SPDX-License-Identifier: MIT
// wasi
// malloc_until_null.c: allocates blocks of argv[1] bytes until malloc
// returns NULL, then prints how many bytes it got and returns 0, as a
// program that takes another path when memory.grow is refused does (Little
// CMS on a board, docs/benchmarks.md "Images (session 35)"): nothing in its
// output says that the heap ran out; wasm.Memory.grows_refused does
// (tests/host/test_grow_refused.py).
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    size_t block = argc > 1 ? (size_t)atoi(argv[1]) : 4096;
    size_t got = 0;
    void **last = NULL;
    // each block holds the one before (kept, so the compiler cannot drop the
    // calls)
    for (void **b; (b = malloc(block)) != NULL; last = b) {
        *b = last;
        got += block;
    }
    printf("got %zu %d\n", got, last != NULL);
    return 0;
}
