// SPDX-License-Identifier: MIT
// table.c: wasm.Table: a table of references, new or exported by an instance.
#include <string.h>

#include "py/runtime.h"
#include "binding.h"

#if MICROPY_PY_WASM

// ---- Table ----------------------------------------------------------------------------------------------------

// Table(reftype, min, max=None)
static mp_obj_t modwasm_table_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *all_args) {
    enum { ARG_reftype, ARG_min, ARG_max };
    static const mp_arg_t allowed[] = {
        { MP_QSTR_reftype, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_min, MP_ARG_REQUIRED | MP_ARG_INT, {.u_int = 0} },
        { MP_QSTR_max, MP_ARG_OBJ, {.u_obj = mp_const_none} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all_kw_array(n_args, n_kw, all_args, MP_ARRAY_SIZE(allowed), allowed, args);
    uint8_t t = modwasm_valtype_parse(args[ARG_reftype].u_obj, true);
    mw_limits lim;
    memset(&lim, 0, sizeof(lim));
    mp_int_t mn = args[ARG_min].u_int;
    lim.min = (uint64_t)mn;
    lim.has_max = args[ARG_max].u_obj != mp_const_none;
    lim.max = lim.has_max ? (uint64_t)mp_obj_get_int(args[ARG_max].u_obj) : 0;
    if (mn < 0 || lim.min > MW_MAX_TABLE_SIZE || (lim.has_max && (lim.max < lim.min || lim.max > MW_MAX_TABLE_SIZE))) {
        mp_raise_ValueError(MP_ERROR_TEXT("invalid table limits"));
    }
    mw_table *tab;
    modwasm_check(mw_table_new(modwasm_rt(), (mw_valtype)t, &lim, NULL, &tab));
    modwasm_table_obj_t *o = mp_obj_malloc(modwasm_table_obj_t, type);
    o->t = tab;
    return MP_OBJ_FROM_PTR(o);
}

static mp_obj_t modwasm_table_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    modwasm_table_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (op == MP_UNARY_OP_LEN) {
        return mp_obj_new_int_from_uint(mw_table_size(self->t));
    }
    return MP_OBJ_NULL;
}

static mp_obj_t modwasm_table_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value) {
    modwasm_table_obj_t *self = MP_OBJ_TO_PTR(self_in);
    uint8_t t = (uint8_t)mw_table_elem(self->t);
    mp_int_t i = mp_obj_get_int(index);
    if (value == MP_OBJ_NULL) {
        return MP_OBJ_NULL;       // no delete
    }
    if (i < 0 || (mp_uint_t)i >= mw_table_size(self->t)) {
        modwasm_raise_varg(&mp_type_IndexError, MP_ERROR_TEXT("table index out of range (size %u)"),
            (unsigned)mw_table_size(self->t));
    }
    if (value == MP_OBJ_SENTINEL) {
        void *ref;
        if (!mw_table_get(self->t, (uint32_t)i, &ref)) {
            // the index is in range: the function's object could not be
            // made (the report says its bytes)
            modwasm_check(MW_ERR_NOMEM);
        }
        return modwasm_ref_to_obj(t, ref);
    }
    mw_table_set(self->t, (uint32_t)i, modwasm_ref_from_obj(t, value));
    return mp_const_none;
}

// t.grow(delta, init=None): the old size, or -1
static mp_obj_t modwasm_table_grow(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum { ARG_self, ARG_delta, ARG_init };
    static const mp_arg_t allowed[] = {
        { MP_QSTR_self, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_delta, MP_ARG_REQUIRED | MP_ARG_INT, {.u_int = 0} },
        { MP_QSTR_init, MP_ARG_OBJ, {.u_obj = mp_const_none} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed), allowed, args);
    modwasm_table_obj_t *self = MP_OBJ_TO_PTR(args[ARG_self].u_obj);
    mp_int_t d = args[ARG_delta].u_int;
    if (d < 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("negative delta"));
    }
    void *init = modwasm_ref_from_obj((uint8_t)mw_table_elem(self->t), args[ARG_init].u_obj);
    if ((uint64_t)d > UINT32_MAX) {
        return MP_OBJ_NEW_SMALL_INT(-1);  // beyond any table (cut to 32 bits, 2**32 + 1 grew by 1)
    }
    return mp_obj_new_int_from_ll(mw_table_grow(modwasm_rt(), self->t, (uint32_t)d, init));
}
static MP_DEFINE_CONST_FUN_OBJ_KW(modwasm_table_grow_obj, 1, modwasm_table_grow);

static const mp_rom_map_elem_t modwasm_table_locals_table[] = {
    { MP_ROM_QSTR(MP_QSTR_grow), MP_ROM_PTR(&modwasm_table_grow_obj) },
};
static MP_DEFINE_CONST_DICT(modwasm_table_locals, modwasm_table_locals_table);

MP_DEFINE_CONST_OBJ_TYPE(modwasm_type_Table, MP_QSTR_Table, MP_TYPE_FLAG_NONE,
    make_new, modwasm_table_make_new, unary_op, modwasm_table_unary_op, subscr, modwasm_table_subscr,
    locals_dict, &modwasm_table_locals);

#endif // MICROPY_PY_WASM
