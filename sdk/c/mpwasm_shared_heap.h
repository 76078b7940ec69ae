// SPDX-License-Identifier: MIT
// mpwasm_shared_heap.h: the C guest kit (sdk/README.md). For wasm apps in C
// (clang --target=wasm32 or zig cc) that use a shared heap attached by the
// embedder (docs/shared-heap.md) and call functions the host provides.
// shared_heap_malloc/free are WAMR's imports (env.shared_heap_malloc (i32) ->
// i32, env.shared_heap_free (i32) -> ()), so apps written for WAMR build
// unchanged; shared_heap_base/size are mpwasm's. The pointers are ordinary
// wasm32 pointers (app addresses near the top of the 32-bit space):
// dereference them like any other, no copy is made anywhere.
#ifndef MPWASM_SHARED_HEAP_H
#define MPWASM_SHARED_HEAP_H

#include <stddef.h>

// Declares a function the host provides as import `module`.`name`:
//   MPWASM_IMPORT("host", "notify") void notify(const char *p, size_t n);
#define MPWASM_IMPORT(module, name) __attribute__((import_module(module), import_name(name)))
// Exports a function under `name`: MPWASM_EXPORT("process") int process(...)
#define MPWASM_EXPORT(name) __attribute__((export_name(name)))

#define MPWASM_SHARED_HEAP_IMPORT(name) MPWASM_IMPORT("env", name)

// n bytes from the attached chain's managed heap, 8-byte aligned; NULL (0)
// if there is no heap, no managed heap in the chain, no room, or the heap is
// attached read-only.
MPWASM_SHARED_HEAP_IMPORT("shared_heap_malloc") void *shared_heap_malloc(unsigned long n);
// Give back a block from shared_heap_malloc; anything else is ignored.
MPWASM_SHARED_HEAP_IMPORT("shared_heap_free") void shared_heap_free(void *p);
// The attached chain spans app addresses [base, base + size), ending at 2^32;
// both are 0 when no heap is attached.
MPWASM_SHARED_HEAP_IMPORT("shared_heap_base") unsigned long shared_heap_base(void);
MPWASM_SHARED_HEAP_IMPORT("shared_heap_size") unsigned long shared_heap_size(void);

// Whether [p, p + n) lies inside the attached chain (a pointer the host gave).
static inline int shared_heap_contains(const void *p, size_t n) {
    unsigned long base = shared_heap_base(), addr = (unsigned long)p;
    return base != 0 && addr >= base && n <= shared_heap_size() - (addr - base);
}

// ---- windows the host granted (docs/windows.md) ----------------------------
// The host grants memory by name (wasm.Instance(..., grants={"ring": buf}));
// the app maps a grant into its address space and gets its address. Every
// call answers a status; the app never reaches memory it was not granted.
#define MPWASM_MAP_OK 0
#define MPWASM_MAP_NOT_GRANTED 1   // no grant by that name
#define MPWASM_MAP_READ_ONLY 2     // a write mapping of a read-only grant
#define MPWASM_MAP_NO_SPACE 3      // no room, too many windows, or the grant's fixed address is taken
#define MPWASM_MAP_NOT_MAPPED 4    // unmap of an address the app did not map
#define MPWASM_MAP_FAULT 5         // name or address pointer outside memory
#define MPWASM_MAP_ALREADY 6       // the grant is already mapped
#define MPWASM_MAP_WRITE 1         // flags: map read-write (else read-only)

// Maps grant `name` (name_len bytes); *addr gets the window's app address.
MPWASM_IMPORT("env", "mpwasm_map") int mpwasm_map(const char *name, size_t name_len, unsigned flags, void **addr);
// Unmaps a window the app mapped (by its address).
MPWASM_IMPORT("env", "mpwasm_unmap") int mpwasm_unmap(void *addr);

#endif // MPWASM_SHARED_HEAP_H
