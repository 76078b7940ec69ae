// SPDX-License-Identifier: MIT
// natmod.c: the entry of wasm.mpy. At import it fills the binding's types
// (natmod.h turned each into a writable type plus an init function), copies
// the module's const globals table into the module's globals with real
// qstrs, and runs the binding's per-VM __init__.
#include "natmod_binding.h"

// The only bss object of this file, which is linked first: offset 0 of the
// module's bss block (see natmod.h).
mpnm_root_t mpnm_root;

#define MPNM_DECLARE_INIT(name) void name##_natmod_init(void);
MPNM_TYPES(MPNM_DECLARE_INIT)
#define MPNM_CALL_INIT(name) name##_natmod_init();

extern const mp_obj_module_t MPNM_MODULE;
void mpnm_poll_init(void);

mp_obj_t mpy_init(mp_obj_fun_bc_t *self, size_t n_args, size_t n_kw, mp_obj_t *args) {
    MP_DYNRUNTIME_INIT_ENTRY

    mpnm_root.keep_base.type = mp_obj_get_type(mp_const_empty_tuple);
    mpnm_root.keep_len = 0;
    mp_store_global(MP_QSTR___natmod__, MP_OBJ_FROM_PTR(&mpnm_root));
    mpnm_type_init(&mpnm_placeholder_type, MP_QSTR_natmod, 0);

    MPNM_TYPES(MPNM_CALL_INIT)
    mpnm_poll_init();

    const mp_map_t *map = &MPNM_MODULE.globals->map;
    mp_obj_t init = MP_OBJ_NULL;
    for (size_t i = 0; i < map->used; i++) {
        mp_obj_t key = mpnm_rom_obj(map->table[i].key);
        mp_obj_t value = mpnm_rom_obj(map->table[i].value);
        if (key == MP_OBJ_NEW_QSTR(MP_QSTR___name__)) {
            continue;
        }
        if (key == MP_OBJ_NEW_QSTR(MP_QSTR___init__)) {
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
