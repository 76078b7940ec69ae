// SPDX-License-Identifier: MIT
// exports: add bump buffer_ptr checksum
// flags: -Os -mbulk-memory -Wl,--stack-first -Wl,-z,stack-size=1024 -Wl,--initial-memory=65536 -Wl,--max-memory=65536
// app.c of docs/wasm.md built as its "Building for a small memory" builds it (tests/host/test_doc_examples.py
// checks the lines below match the doc's), run by its REPL example there.
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
