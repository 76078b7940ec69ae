// SPDX-License-Identifier: MIT
// mpwasm_shared_heap.h: for wasm apps (C compiled with clang --target=wasm32)
// that use a shared heap attached by the embedder (docs/shared-heap.md). The
// imports are WAMR's: env.shared_heap_malloc (i32) -> i32 and
// env.shared_heap_free (i32) -> (); mpwasm resolves them for every instance.
// The pointers returned are ordinary wasm32 pointers (app addresses near the
// top of the 32-bit space): dereference them like any other.
#ifndef MPWASM_SHARED_HEAP_H
#define MPWASM_SHARED_HEAP_H

#define MPWASM_SHARED_HEAP_IMPORT(name) __attribute__((import_module("env"), import_name(name)))

// n bytes from the attached chain's managed heap, 8-byte aligned; NULL (0)
// if there is no heap, no managed heap in the chain, no room, or the heap is
// attached read-only.
MPWASM_SHARED_HEAP_IMPORT("shared_heap_malloc") void *shared_heap_malloc(unsigned long n);
// Give back a block from shared_heap_malloc; anything else is ignored.
MPWASM_SHARED_HEAP_IMPORT("shared_heap_free") void shared_heap_free(void *p);

#endif // MPWASM_SHARED_HEAP_H
