// SPDX-License-Identifier: MIT
// global.c: wasm.Global: a global, new or exported by an instance.
#include <string.h>

#include "py/runtime.h"
#include "binding.h"

#if MICROPY_PY_WASM

// ---- Global -------------------------------------------------------------------------------------------------

// Global(valtype, value, mutable=False)
static mp_obj_t modwasm_global_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *all_args) {
    enum { ARG_valtype, ARG_value, ARG_mutable };
    static const mp_arg_t allowed[] = {
        { MP_QSTR_valtype, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_value, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_mutable, MP_ARG_BOOL, {.u_bool = false} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all_kw_array(n_args, n_kw, all_args, MP_ARRAY_SIZE(allowed), allowed, args);
    uint8_t t = modwasm_valtype_parse(args[ARG_valtype].u_obj, false);
    mw_val v = modwasm_val_from_obj(t, args[ARG_value].u_obj, false);
    mw_global *g;
    modwasm_check(mw_global_new(modwasm_rt(), (mw_valtype)t, args[ARG_mutable].u_bool, v, &g));
    modwasm_global_obj_t *o = mp_obj_malloc(modwasm_global_obj_t, type);
    o->g = g;
    return MP_OBJ_FROM_PTR(o);
}

static mp_obj_t modwasm_global_get_raw(mp_obj_t self_in) {
    modwasm_global_obj_t *self = MP_OBJ_TO_PTR(self_in);
    uint8_t t = (uint8_t)mw_global_type(self->g, NULL);
    return modwasm_val_to_obj(t, mw_global_get(self->g), true);
}
static MP_DEFINE_CONST_FUN_OBJ_1(modwasm_global_get_raw_obj, modwasm_global_get_raw);

static void modwasm_global_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    modwasm_global_obj_t *self = MP_OBJ_TO_PTR(self_in);
    bool mut;
    uint8_t t = (uint8_t)mw_global_type(self->g, &mut);
    if (attr == MP_QSTR_value) {
        if (dest[0] == MP_OBJ_NULL) {
            dest[0] = modwasm_val_to_obj(t, mw_global_get(self->g), false);
        } else if (dest[1] != MP_OBJ_NULL) {
            if (!mut) {
                mp_raise_msg(&mp_type_AttributeError, MP_ERROR_TEXT("global is immutable"));
            }
            mw_global_set(self->g, modwasm_val_from_obj(t, dest[1], false));
            dest[0] = MP_OBJ_NULL;
        }
        return;
    }
    if (attr == MP_QSTR_type && dest[0] == MP_OBJ_NULL) {
        dest[0] = modwasm_globaltype_str((mw_valtype)t, mut);
        return;
    }
    if (dest[0] == MP_OBJ_NULL) {
        dest[1] = MP_OBJ_SENTINEL;
    }
}

static const mp_rom_map_elem_t modwasm_global_locals_table[] = {
    { MP_ROM_QSTR(MP_QSTR_get_raw), MP_ROM_PTR(&modwasm_global_get_raw_obj) },
};
static MP_DEFINE_CONST_DICT(modwasm_global_locals, modwasm_global_locals_table);

MP_DEFINE_CONST_OBJ_TYPE(modwasm_type_Global, MP_QSTR_Global, MP_TYPE_FLAG_NONE,
    make_new, modwasm_global_make_new, attr, modwasm_global_attr, locals_dict, &modwasm_global_locals);

#endif // MICROPY_PY_WASM
