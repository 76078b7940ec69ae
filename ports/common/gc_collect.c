// SPDX-License-Identifier: MIT
// The collection both ports run (MicroPython calls gc_collect for gc.collect()
// and when an allocation finds no room), and what the `wasm` module gives back
// after it: the runtime's stacks, once the collection left no Instance object
// and no call into wasm (modwasm_collected, modwasm/binding/binding.c). After
// gc_collect_end, not in a finaliser: inside the sweep the heap is locked and
// a free does nothing. A port without the built-in module (WASM=natmod) links
// the empty one here.

#include "py/gc.h"
#include "py/mpconfig.h"
#include "shared/runtime/gchelper.h"

MP_WEAK void modwasm_collected(void) {
}

void gc_collect(void) {
    gc_collect_start();
    gc_helper_collect_regs_and_stack();
    gc_collect_end();
    modwasm_collected();
}
