// SPDX-License-Identifier: MIT
// wasi
// hello.c of docs/wasi.md (its "Building a program" shows the lines below; tests/host/test_doc_examples.py
// checks they match), run by its REPL example as hello.wasm.
#include <stdio.h>

int main(int argc, char **argv) {
    printf("hello from %s, pi is about %.5f\n", argc > 0 ? argv[0] : "?", 3.14159265);
    return argc - 1;
}
