// SPDX-License-Identifier: MIT
// mpwasm_sheap.h: the C API of wasm shared heaps for native code in other
// user C modules (e.g. a host function written in C that gets an app address
// from wasm). `obj` is a wasm.SharedHeap (the head of a chain covers the whole
// chain) or a wasm.Instance (its attached heap or chain).
#ifndef MPWASM_SHEAP_H
#define MPWASM_SHEAP_H

#include <stdbool.h>
#include <stdint.h>
#include "py/obj.h"

// Native pointer to the `len` bytes at app address `app_addr`, or NULL unless
// they all lie inside ONE heap (the same check as wasm loads and stores).
// Valid while the heap object lives and is not closed.
uint8_t *mpwasm_sheap_native(mp_obj_t obj, uint32_t app_addr, uint32_t len);
// The app address of the `len` bytes at `native`: false unless they lie
// inside one heap of `obj`.
bool mpwasm_sheap_app_addr(mp_obj_t obj, const void *native, uint32_t len, uint32_t *app_addr);

// Windows (docs/windows.md): show `obj` (a wasm.SharedHeap, a region name or
// a buffer) to instance `inst` at app address `at` (anywhere: the highest free
// range; `at` ignored) and return that address, as inst.map(); raises
// ValueError with the reason (overlap, past 2^32, too many, not memory).
// The instance keeps obj alive until unmapped.
uint32_t mpwasm_window_map(mp_obj_t inst, mp_obj_t obj, uint32_t at, bool anywhere, bool readonly);
// Unmap the window starting at `app_addr`, as inst.unmap(); ValueError if none.
void mpwasm_window_unmap(mp_obj_t inst, uint32_t app_addr);

#endif // MPWASM_SHEAP_H
