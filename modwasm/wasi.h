// SPDX-License-Identifier: MIT
// wasi.h: the WASI preview1 subset of the `wasm` module (modwasi.c), as seen
// by the binding (modwasm.c). Binding-level: it speaks MicroPython; the engine
// knows nothing of WASI (WASI functions are ordinary mw_host_fn callbacks).
#ifndef MPWASM_WASI_H
#define MPWASM_WASI_H

#include "py/runtime.h"
#include "mw.h"

// On by default wherever the `wasm` module is; a port can set it to 0 to save
// the flash (the `wasi=` keyword then raises).
#ifndef MICROPY_PY_WASM_WASI
#define MICROPY_PY_WASM_WASI (1)
#endif

#if MICROPY_PY_WASM_WASI

extern const mp_obj_type_t modwasi_type_WASI;   // wasm.WASI(args=(), env=None)
extern const mp_obj_type_t modwasi_type_Exit;   // wasm.Exit, .code: raised by proc_exit

// Per-instance WASI state for `wasi` (a wasm.WASI, or None: returns NULL and
// costs nothing). Raises TypeError for anything else. GC-allocated; the host
// functions made by modwasi_resolve keep it alive.
void *modwasi_attach(mp_obj_t wasi);

// If `d` is a function import from "wasi_snapshot_preview1", make its host
// function into out->func and return true; else return false (the import is
// resolved from the user's imports as usual). `ctx` from modwasi_attach, non-NULL.
bool modwasi_resolve(void *ctx, mw_runtime *rt, const mw_extern_desc *d, mw_import *out);

// After instantiation: point the WASI functions at the instance's exported
// "memory" (without one, every call that takes a pointer returns EFAULT).
void modwasi_bind(void *ctx, mw_instance *inst);

#else

static inline void *modwasi_attach(mp_obj_t wasi) {
    if (wasi != mp_const_none) {
        mp_raise_ValueError(MP_ERROR_TEXT("no WASI in this build"));
    }
    return NULL;
}
static inline bool modwasi_resolve(void *ctx, mw_runtime *rt, const mw_extern_desc *d, mw_import *out) {
    return false;
}
static inline void modwasi_bind(void *ctx, mw_instance *inst) {
}

#endif // MICROPY_PY_WASM_WASI

#endif // MPWASM_WASI_H
