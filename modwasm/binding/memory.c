// SPDX-License-Identifier: MIT
// memory.c: wasm.Memory: a linear memory, new, exported by an instance,
// or over a board region (zero copy); a buffer over its bytes.
#include <string.h>

#include "py/runtime.h"
#include "ports/common/regions.h"
#include "binding.h"

#if MICROPY_PY_WASM

// ---- Memory ------------------------------------------------------------------------------------------------

// Memory(region="NAME", page_size=...): a memory over a board region.
static mw_memory *modwasm_region_memory(mp_obj_t name_in, mp_int_t page_size) {
    const char *name = mp_obj_str_get_str(name_in);
    const mpwasm_region_t *r = mpwasm_region_find(name);
    if (r == NULL) {
        modwasm_raise_varg(&mp_type_ValueError, MP_ERROR_TEXT("unknown region '%s'"), name);
    }
    mw_limits lim;
    memset(&lim, 0, sizeof(lim));
    lim.page_log2 = page_size == 1 ? 0 : 16;
    lim.min = (uint64_t)r->size >> lim.page_log2;
    if (lim.min == 0) {
        modwasm_raise_varg(&mp_type_ValueError, MP_ERROR_TEXT("region '%s' is smaller than a page: use page_size=1"), name);
    }
    if ((lim.min << lim.page_log2) > 0xffffffffu) {
        modwasm_raise_varg(&mp_type_ValueError, MP_ERROR_TEXT("region '%s' too large for a memory"), name);
    }
    mw_memory *mem;
    modwasm_check(mw_memory_new_fixed(modwasm_rt(), (uint8_t *)r->base, &lim, &mem));
    return mem;
}

// Memory(min_pages, max_pages=None, *, page_size=65536)
static mp_obj_t modwasm_memory_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *all_args) {
    enum { ARG_min, ARG_max, ARG_page_size, ARG_region };
    static const mp_arg_t allowed[] = {
        { MP_QSTR_min_pages, MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },   // required unless region=
        { MP_QSTR_max_pages, MP_ARG_OBJ, {.u_obj = mp_const_none} },
        { MP_QSTR_page_size, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 65536} },
        { MP_QSTR_region, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = mp_const_none} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all_kw_array(n_args, n_kw, all_args, MP_ARRAY_SIZE(allowed), allowed, args);
    mw_limits lim;
    memset(&lim, 0, sizeof(lim));
    if (args[ARG_page_size].u_int != 1 && args[ARG_page_size].u_int != 65536) {
        mp_raise_ValueError(MP_ERROR_TEXT("page_size must be 1 or 65536"));
    }
    if (args[ARG_region].u_obj != mp_const_none) {
        // Memory(region="NAME", page_size=...): the region's bytes, zero copy
        if (args[ARG_min].u_obj != MP_OBJ_NULL || args[ARG_max].u_obj != mp_const_none) {
            mp_raise_TypeError(MP_ERROR_TEXT("a region memory takes its size from the region"));
        }
        modwasm_memory_obj_t *o = mp_obj_malloc(modwasm_memory_obj_t, type);
        o->mem = modwasm_region_memory(args[ARG_region].u_obj, args[ARG_page_size].u_int);
        return MP_OBJ_FROM_PTR(o);
    }
    if (args[ARG_min].u_obj == MP_OBJ_NULL) {
        mp_raise_TypeError(MP_ERROR_TEXT("min_pages required"));
    }
    // (a -1 given was taken for "not given": "min_pages required")
    mp_int_t min = mp_obj_get_int(args[ARG_min].u_obj);
    lim.page_log2 = args[ARG_page_size].u_int == 1 ? 0 : 16;
    lim.min = (uint64_t)min;
    lim.has_max = args[ARG_max].u_obj != mp_const_none;
    lim.max = lim.has_max ? (uint64_t)mp_obj_get_int(args[ARG_max].u_obj) : 0;
    uint64_t cap = lim.page_log2 == 16 ? MW_MAX_PAGES_64K : MW_MAX_PAGES_CUSTOM;
    if (min < 0 || lim.min > cap || (lim.has_max && (lim.max > cap || lim.max < lim.min))) {
        mp_raise_ValueError(MP_ERROR_TEXT("invalid memory limits"));
    }
    mw_memory *mem;
    modwasm_check(mw_memory_new(modwasm_rt(), &lim, &mem));
    modwasm_memory_obj_t *o = mp_obj_malloc(modwasm_memory_obj_t, type);
    o->mem = mem;
    return MP_OBJ_FROM_PTR(o);
}

static void modwasm_memory_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    modwasm_memory_obj_t *self = MP_OBJ_TO_PTR(self_in);
    (void)kind;
    mw_limits lim;
    mw_memory_limits(self->mem, &lim);
    mp_printf(print, "<wasm.Memory %s>", mp_obj_str_get_str(modwasm_memtype_str(&lim)));
}

// Zero-copy view of the current data block, lent (binding.h): a grow that
// must move the memory then leaves this block to the collector, so a view
// taken before stays valid (showing the old bytes and length); a block never
// lent is freed at the move, and old and new never outlive the copy together.
static mp_int_t modwasm_memory_get_buffer(mp_obj_t self_in, mp_buffer_info_t *bufinfo, mp_uint_t flags) {
    modwasm_memory_obj_t *self = MP_OBJ_TO_PTR(self_in);
    (void)flags;
    bufinfo->buf = modwasm_memory_lend(self->mem);
    bufinfo->len = mw_memory_size(self->mem);
    bufinfo->typecode = 'B';
    return 0;
}

static mp_obj_t modwasm_memory_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    modwasm_memory_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (op == MP_UNARY_OP_LEN) {
        return mp_obj_new_int_from_uint(mw_memory_size(self->mem));
    }
    return MP_OBJ_NULL;
}

static mp_obj_t modwasm_memory_grow(mp_obj_t self_in, mp_obj_t delta) {
    modwasm_memory_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_int_t d = mp_obj_get_int(delta);
    if (d < 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("negative delta"));
    }
    int64_t r = mw_memory_grow(modwasm_rt(), self->mem, (uint64_t)d);
    return mp_obj_new_int_from_ll(r < 0 ? -1 : r);   // (MW_GROW_NOMEM: -1, as memory.grow; counted)
}
static MP_DEFINE_CONST_FUN_OBJ_2(modwasm_memory_grow_obj, modwasm_memory_grow);

static void modwasm_memory_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    modwasm_memory_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (dest[0] == MP_OBJ_NULL && attr == MP_QSTR_pages) {
        dest[0] = mp_obj_new_int_from_ull(mw_memory_pages(self->mem));
        return;
    }
    if (dest[0] == MP_OBJ_NULL && attr == MP_QSTR_grows_refused) {
        // (refused grows, the most pages one asked for): the heap's refusals,
        // not the type's (mw.h mw_memory_refused)
        uint32_t pages;
        uint32_t n = mw_memory_refused(self->mem, &pages);
        mp_obj_t t[2] = { mp_obj_new_int_from_uint(n), mp_obj_new_int_from_uint(pages) };
        dest[0] = mp_obj_new_tuple(2, t);
        return;
    }
    if (dest[0] == MP_OBJ_NULL && attr == MP_QSTR_page_size) {
        mw_limits lim;
        mw_memory_limits(self->mem, &lim);
        dest[0] = MP_OBJ_NEW_SMALL_INT(1 << lim.page_log2);
        return;
    }
    dest[1] = MP_OBJ_SENTINEL;
}

static const mp_rom_map_elem_t modwasm_memory_locals_table[] = {
    { MP_ROM_QSTR(MP_QSTR_grow), MP_ROM_PTR(&modwasm_memory_grow_obj) },
};
static MP_DEFINE_CONST_DICT(modwasm_memory_locals, modwasm_memory_locals_table);

MP_DEFINE_CONST_OBJ_TYPE(modwasm_type_Memory, MP_QSTR_Memory, MP_TYPE_FLAG_NONE,
    make_new, modwasm_memory_make_new, print, modwasm_memory_print, buffer, modwasm_memory_get_buffer,
    unary_op, modwasm_memory_unary_op, attr, modwasm_memory_attr, locals_dict, &modwasm_memory_locals);

#endif // MICROPY_PY_WASM
