// SPDX-License-Identifier: MIT
// exports: add bump buffer_ptr checksum
// flags: -mbulk-memory
// app.c of docs/wasm.md (its "Building a wasm app in C with Debian's clang" shows the lines below; tests/host/test_doc_examples.py
// checks they match), run by its main.py as app.wasm.
#define WASM_IMPORT(mod, name) __attribute__((import_module(mod), import_name(name)))
WASM_IMPORT("env", "log") void log_i32(int value);

static int counter;
static char buffer[256];

int add(int a, int b) { return a + b; }
int bump(void) { log_i32(++counter); return counter; }
char *buffer_ptr(void) { return buffer; }
int checksum(int n) {
    int s = 0;
    for (int i = 0; i < n; i++) s += (unsigned char)buffer[i];
    return s;
}
