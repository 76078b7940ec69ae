// SPDX-License-Identifier: MIT
// natmod.c: the entry of wasm.mpy. At import it finishes the binding's types
// (natmod.h made each static data, finished here), copies
// the module's const globals table into the module's globals with real
// qstrs, and runs the binding's per-VM __init__.
#include "natmod_binding.h"

// The only bss object of this file, which is linked first: offset 0 of the
// module's bss block (see natmod.h).
mpnm_root_t mpnm_root;

#define MPNM_DECLARE_TYPE(name) extern const mp_obj_type_t name;
MPNM_TYPES(MPNM_DECLARE_TYPE)
#define MPNM_TYPE_ADDRESS(name) &name,
static const mp_obj_type_t *const mpnm_types[] = { MPNM_TYPES(MPNM_TYPE_ADDRESS) };
#define MPNM_DECLARE_PARENT(name) void name##_natmod_parent(void);
MPNM_PARENTED_TYPES(MPNM_DECLARE_PARENT)
#define MPNM_SET_PARENT(name) name##_natmod_parent();

extern const mp_obj_module_t MPNM_MODULE;
void mpnm_poll_init(void);

mp_obj_t mpy_init(mp_obj_fun_bc_t *self, size_t n_args, size_t n_kw, mp_obj_t *args) {
    MP_DYNRUNTIME_INIT_ENTRY

    mpnm_root.keep_base.type = mp_obj_get_type(mp_const_empty_tuple);
    mpnm_root.keep_len = 0;
    mp_store_global(MP_QSTR___natmod__, MP_OBJ_FROM_PTR(&mpnm_root));
    // The loader's garbage collected before this module makes anything of
    // its own (types, globals, the runtime at __init__), so that lands in the
    // holes the loading left below the code, not in the heap's last free run,
    // which a first call's stacks need whole (tests/hil/test_natmod_board.py
    // test_default_stacks_run; docs/natmod.md). `gc.collect()` as Python calls
    // it: a port without the gc module skips it.
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t gc = mp_import_name(MP_QSTR_gc, mp_const_none, MP_OBJ_NEW_SMALL_INT(0));
        mp_call_function_0(mp_load_attr(gc, MP_QSTR_collect));
        nlr_pop();
    }

    for (size_t i = 0; i < MP_ARRAY_SIZE(mpnm_types); i++) {
        mpnm_type_init((mp_obj_type_t *)mpnm_types[i]);
    }
    MPNM_PARENTED_TYPES(MPNM_SET_PARENT)
    mpnm_poll_init();

    const mp_map_t *map = &MPNM_MODULE.globals->map;
    mp_obj_t init = MP_OBJ_NULL;
    for (size_t i = 0; i < map->used; i++) {
        mp_obj_t key = mpnm_rom_obj(map->table[i].key);
        mp_obj_t value = mpnm_rom_obj(map->table[i].value);
        // static qstrs: constants, not dynruntime's MP_OBJ_NEW_QSTR (a call)
        if (key == MP_OBJ_NEW_QSTR_CONST(MP_QSTR___name__)) {
            continue;
        }
        if (key == MP_OBJ_NEW_QSTR_CONST(MP_QSTR___init__)) {
            init = value;   // a built-in module's __init__ runs once per VM: now
            continue;
        }
        mp_store_global(MPNM_QSTR_VALUE(key), value);
    }
    if (init != MP_OBJ_NULL) {
        mp_call_function_n_kw(init, 0, 0, NULL);
    }

    MP_DYNRUNTIME_INIT_EXIT
}
