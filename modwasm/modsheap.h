// SPDX-License-Identifier: MIT
// modsheap.h: what modwasm.c (the `wasm` module) and modsheap.c (shared heaps,
// region memories, fault -> Trap) call of each other. Not for other modules:
// they use mpwasm_sheap.h.
#ifndef MODSHEAP_H
#define MODSHEAP_H

#include "py/obj.h"
#include "mw.h"

// modwasm.c: the runtime (created on first use) and an Instance's engine
// instance (NULL while it is being instantiated); raises TypeError if `o` is
// not a wasm.Instance.
mw_runtime *modwasm_get_rt(void);
mw_instance *modwasm_get_inst(mp_obj_t o);
extern const mp_obj_type_t modwasm_type_Trap;
extern const mp_obj_type_t modwasm_type_Instance;

// modsheap.c
extern const mp_obj_type_t modsheap_type_SharedHeap;
MP_DECLARE_CONST_FUN_OBJ_2(modsheap_chain_obj);
MP_DECLARE_CONST_FUN_OBJ_KW(modsheap_unchain_obj);
// Instance methods, bound through the Instance's attr handler.
MP_DECLARE_CONST_FUN_OBJ_KW(modsheap_inst_attach_obj);
MP_DECLARE_CONST_FUN_OBJ_1(modsheap_inst_detach_obj);
// Attach `heap` (a SharedHeap) to `inst` (a wasm.Instance); raises ValueError.
void modsheap_attach(mp_obj_t inst, mp_obj_t heap, bool readonly);
// The heap attached to an Instance (SharedHeap or None).
mp_obj_t modsheap_inst_heap(mp_obj_t inst);
// env.shared_heap_malloc / env.shared_heap_free for an import the imports
// did not provide: a host function bound to `inst`, or NULL if `d` is not one
// of them (or has another type).
mw_func *modsheap_import(mw_runtime *rt, const mw_extern_desc *d, mp_obj_t inst);
// mw_call, turning a memory fault inside it (board.MemoryFault raised by the
// port's fault handler in the middle of a load/store into a region) into
// wasm.Trap and unwinding the runtime; other exceptions propagate unchanged.
mw_status modsheap_call(mw_runtime *rt, mw_func *f, const mw_val *args, mw_val *results, int64_t *fuel);
// mw_instantiate, the same for a fault in a start function or a data segment.
mw_status modsheap_instantiate(mw_runtime *rt, const mw_module *m, const mw_import *imports,
    const mw_inst_options *opt, mw_instance **out);
// wasm.Memory(region="NAME", page_size=...): a memory over a board region.
mw_memory *modsheap_region_memory(mp_obj_t name, mp_int_t page_size);

#endif // MODSHEAP_H
