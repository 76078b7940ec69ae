// SPDX-License-Identifier: MIT
// exports: add bump buffer_ptr checksum
// flags: -Os -mbulk-memory -Wl,--stack-first -Wl,-z,stack-size=1024 -Wl,--initial-memory=65536 -Wl,--max-memory=65536
// app.c of docs/wasm.md (doc_app.c) built as its "Building for a small memory" builds it, run by its
// REPL example there.
#include "doc_app.c"
