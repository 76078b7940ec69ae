// SPDX-License-Identifier: MIT
// modwasm.c: the `wasm` module, the only code binding the engine (engine/mw.h)
// to MicroPython. Engine memory comes from the GC heap (m_malloc_maybe, never
// raising inside the engine) and hangs off the Python objects below, so the
// conservative GC keeps it (and the externref objects in it) alive.
#include <string.h>

#include "py/runtime.h"
#include "py/objint.h"
#include "py/objexcept.h"
#include "py/mpstate.h"
#include "mw.h"
#include "wasi.h"
#include "modsheap.h"

#ifndef MICROPY_PY_WASM
#define MICROPY_PY_WASM (1)
#endif

#if MICROPY_PY_WASM

// ---- exceptions -------------------------------------------------------------------

MP_DEFINE_CONST_OBJ_TYPE(modwasm_type_CompileError, MP_QSTR_CompileError, MP_TYPE_FLAG_NONE,
    make_new, mp_obj_exception_make_new, print, mp_obj_exception_print, attr, mp_obj_exception_attr,
    parent, &mp_type_ValueError);
MP_DEFINE_CONST_OBJ_TYPE(modwasm_type_LinkError, MP_QSTR_LinkError, MP_TYPE_FLAG_NONE,
    make_new, mp_obj_exception_make_new, print, mp_obj_exception_print, attr, mp_obj_exception_attr,
    parent, &mp_type_ValueError);
MP_DEFINE_CONST_OBJ_TYPE(modwasm_type_Trap, MP_QSTR_Trap, MP_TYPE_FLAG_NONE,
    make_new, mp_obj_exception_make_new, print, mp_obj_exception_print, attr, mp_obj_exception_attr,
    parent, &mp_type_RuntimeError);

// ---- objects ----------------------------------------------------------------------

typedef struct _modwasm_module_obj_t {
    mp_obj_base_t base;
    mw_module *mod;
    mp_obj_t data;            // a bytes object the module borrows from, or None
} modwasm_module_obj_t;

typedef struct _modwasm_instance_obj_t {
    mp_obj_base_t base;
    mw_instance *inst;
    mp_obj_t module;
    mp_obj_t imports;         // keeps imported Python objects reachable
    mp_obj_t exports;
    bool has_fuel;
    int64_t fuel;             // remaining instance fuel when has_fuel
} modwasm_instance_obj_t;

typedef struct _modwasm_exports_obj_t {
    mp_obj_base_t base;
    modwasm_instance_obj_t *inst;
} modwasm_exports_obj_t;

typedef struct _modwasm_func_obj_t {
    mp_obj_base_t base;
    mw_func *f;
    modwasm_instance_obj_t *owner;   // for the instance's fuel; may be NULL
} modwasm_func_obj_t;

typedef struct _modwasm_memory_obj_t {
    mp_obj_base_t base;
    mw_memory *mem;
} modwasm_memory_obj_t;

typedef struct _modwasm_global_obj_t {
    mp_obj_base_t base;
    mw_global *g;
} modwasm_global_obj_t;

typedef struct _modwasm_table_obj_t {
    mp_obj_base_t base;
    mw_table *t;
} modwasm_table_obj_t;

extern const mp_obj_type_t modwasm_type_Module;
extern const mp_obj_type_t modwasm_type_Instance;
extern const mp_obj_type_t modwasm_type_Exports;
extern const mp_obj_type_t modwasm_type_Function;
extern const mp_obj_type_t modwasm_type_Memory;
extern const mp_obj_type_t modwasm_type_Global;
extern const mp_obj_type_t modwasm_type_Table;

// ---- runtime: allocator, poll hook, error mapping -----------------------------------

static void *modwasm_alloc(void *ctx, void *ptr, size_t old_size, size_t new_size) {
    (void)ctx;
    if (new_size == 0) {
        #if MICROPY_MALLOC_USES_ALLOCATED_SIZE
        m_free(ptr, old_size);
        #else
        m_free(ptr);
        #endif
        return NULL;
    }
    if (ptr == NULL) {
        return m_malloc_maybe(new_size);
    }
    #if MICROPY_MALLOC_USES_ALLOCATED_SIZE
    return m_realloc_maybe(ptr, old_size, new_size, true);
    #else
    (void)old_size;
    return m_realloc_maybe(ptr, new_size, true);
    #endif
}

// Grow a GC block in place (no move), so views of linear memory stay valid.
static bool modwasm_resize(void *ctx, void *ptr, size_t old_size, size_t new_size) {
    (void)ctx;
    #if MICROPY_MALLOC_USES_ALLOCATED_SIZE
    return m_realloc_maybe(ptr, old_size, new_size, false) != NULL;
    #else
    (void)old_size;
    return m_realloc_maybe(ptr, new_size, false) != NULL;
    #endif
}

// Ctrl-C (and any other pending exception) stops the wasm call; the binding
// then raises it with mp_handle_pending.
static mw_status modwasm_poll(void *ctx) {
    (void)ctx;
    if (MP_STATE_THREAD(mp_pending_exception) != MP_OBJ_NULL) {
        return MW_ERR_INTERRUPTED;
    }
    return MW_OK;
}

static mw_runtime *modwasm_rt(void) {
    if (MP_STATE_VM(modwasm_runtime) == NULL) {
        mw_config cfg;
        memset(&cfg, 0, sizeof(cfg));
        cfg.alloc = modwasm_alloc;
        cfg.poll = modwasm_poll;
        cfg.resize = modwasm_resize;
        cfg.gc_memory = true;     // memoryviews keep old memory blocks alive
        MP_STATE_VM(modwasm_runtime) = mw_runtime_new(&cfg);
        if (MP_STATE_VM(modwasm_runtime) == NULL) {
            mp_raise_type(&mp_type_MemoryError);
        }
    }
    return MP_STATE_VM(modwasm_runtime);
}

mw_runtime *modwasm_get_rt(void) {
    return modwasm_rt();
}

// Raise the Python exception matching a failed engine status.
static NORETURN void modwasm_raise(mw_status st) {
    if (st == MW_ERR_HOST) {
        mp_obj_t exc = MP_STATE_VM(modwasm_host_exc);
        MP_STATE_VM(modwasm_host_exc) = MP_OBJ_NULL;
        nlr_raise(exc);
    }
    if (st == MW_ERR_INTERRUPTED) {
        mp_handle_pending(true);
        mp_raise_type(&mp_type_KeyboardInterrupt);
    }
    if (st == MW_ERR_NOMEM) {
        mp_raise_type(&mp_type_MemoryError);
    }
    if (MW_IS_TRAP(st)) {
        mp_raise_msg_varg(&modwasm_type_Trap, MP_ERROR_TEXT("%s"), mw_status_str(st));
    }
    mp_raise_msg_varg(&mp_type_RuntimeError, MP_ERROR_TEXT("%s"), mw_status_str(st));
}

// ---- types as text -------------------------------------------------------------------

static const char *modwasm_valtype_name(uint8_t t) {
    switch (t) {
        case MW_I32:
            return "i32";
        case MW_I64:
            return "i64";
        case MW_F32:
            return "f32";
        case MW_F64:
            return "f64";
        case MW_FUNCREF:
            return "funcref";
        case MW_EXTERNREF:
            return "externref";
        default:
            return "?";
    }
}

static uint8_t modwasm_valtype_parse(mp_obj_t name, bool ref_only) {
    const char *s = mp_obj_str_get_str(name);
    static const uint8_t types[] = {MW_I32, MW_I64, MW_F32, MW_F64, MW_FUNCREF, MW_EXTERNREF};
    for (size_t i = ref_only ? 4 : 0; i < MP_ARRAY_SIZE(types); i++) {
        if (strcmp(s, modwasm_valtype_name(types[i])) == 0) {
            return types[i];
        }
    }
    mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("unknown type '%s'"), s);
}

static const char *const modwasm_kind_names[] = {"func", "table", "memory", "global"};

static void modwasm_print_types(vstr_t *v, const uint8_t *t, size_t n) {
    vstr_add_char(v, '(');
    for (size_t i = 0; i < n; i++) {
        if (i) {
            vstr_add_str(v, ", ");
        }
        vstr_add_str(v, modwasm_valtype_name(t[i]));
    }
    vstr_add_char(v, ')');
}

static void modwasm_print_limits(vstr_t *v, const mw_limits *lim) {
    vstr_printf(v, "%u..", (unsigned)lim->min);
    if (lim->has_max) {
        vstr_printf(v, "%u", (unsigned)lim->max);
    }
}

// "(i32, i64) -> (f32)", "i32 mut", "funcref 1..10", "1..2 pages"
static mp_obj_t modwasm_type_str(const mw_extern_desc *d) {
    vstr_t v;
    vstr_init(&v, 16);
    switch (d->kind) {
        case MW_KIND_FUNC:
            modwasm_print_types(&v, d->func->types, d->func->nparams);
            vstr_add_str(&v, " -> ");
            modwasm_print_types(&v, d->func->types + d->func->nparams, d->func->nresults);
            break;
        case MW_KIND_TABLE:
            vstr_add_str(&v, modwasm_valtype_name(d->valtype));
            vstr_add_char(&v, ' ');
            modwasm_print_limits(&v, &d->limits);
            break;
        case MW_KIND_MEMORY:
            modwasm_print_limits(&v, &d->limits);
            vstr_add_str(&v, " pages");
            if (d->limits.page_log2 != 16) {
                vstr_printf(&v, " of %u bytes", 1u << d->limits.page_log2);
            }
            break;
        case MW_KIND_GLOBAL:
            vstr_add_str(&v, modwasm_valtype_name(d->valtype));
            if (d->mut) {
                vstr_add_str(&v, " mut");
            }
            break;
    }
    return mp_obj_new_str_from_vstr(&v);
}

// ---- values ----------------------------------------------------------------------------

static mp_obj_t modwasm_func_wrap(mw_func *f, modwasm_instance_obj_t *owner) {
    modwasm_func_obj_t *o = mp_obj_malloc(modwasm_func_obj_t, &modwasm_type_Function);
    o->f = f;
    o->owner = owner;
    return MP_OBJ_FROM_PTR(o);
}

// Any int, signed or unsigned, wrapped to 64 bits.
static uint64_t modwasm_int_bits(mp_obj_t o) {
    if (mp_obj_is_small_int(o)) {
        return (uint64_t)(int64_t)MP_OBJ_SMALL_INT_VALUE(o);
    }
    if (!mp_obj_is_int(o)) {
        mp_raise_TypeError(MP_ERROR_TEXT("expected an int"));
    }
    uint8_t buf[8];
    mp_obj_int_to_bytes_impl(o, false, 8, buf);
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) {
        v = (v << 8) | buf[i];
    }
    return v;
}

static void *modwasm_ref_from_obj(uint8_t t, mp_obj_t o) {
    if (o == mp_const_none) {
        return NULL;
    }
    if (t == MW_FUNCREF) {
        if (!mp_obj_is_type(o, &modwasm_type_Function)) {
            mp_raise_TypeError(MP_ERROR_TEXT("expected a wasm.Function or None"));
        }
        return ((modwasm_func_obj_t *)MP_OBJ_TO_PTR(o))->f;
    }
    return (void *)o;
}

static mp_obj_t modwasm_ref_to_obj(uint8_t t, void *ref) {
    if (ref == NULL) {
        return mp_const_none;
    }
    if (t == MW_FUNCREF) {
        return modwasm_func_wrap(ref, NULL);
    }
    return (mp_obj_t)ref;
}

// Python value -> slot. raw: floats are given as int bit patterns.
static mw_val modwasm_val_from_obj(uint8_t t, mp_obj_t o, bool raw) {
    mw_val v;
    v.i64 = 0;
    switch (t) {
        case MW_I32:
            v.i64 = (uint32_t)modwasm_int_bits(o);
            break;
        case MW_I64:
            v.i64 = modwasm_int_bits(o);
            break;
        case MW_F32:
            if (raw) {
                v.i64 = (uint32_t)modwasm_int_bits(o);
            } else {
                v.f32 = (float)mp_obj_get_float(o);
            }
            break;
        case MW_F64:
            if (raw) {
                v.i64 = modwasm_int_bits(o);
            } else {
                v.f64 = (double)mp_obj_get_float(o);
            }
            break;
        default:
            v.ref = modwasm_ref_from_obj(t, o);
            break;
    }
    return v;
}

// Slot -> Python value. raw: unsigned ints and float bit patterns.
static mp_obj_t modwasm_val_to_obj(uint8_t t, mw_val v, bool raw) {
    switch (t) {
        case MW_I32:
            return raw ? mp_obj_new_int_from_uint(v.i32) : mp_obj_new_int((int32_t)v.i32);
        case MW_I64:
            return raw ? mp_obj_new_int_from_ull(v.i64) : mp_obj_new_int_from_ll((int64_t)v.i64);
        case MW_F32:
            return raw ? mp_obj_new_int_from_uint(v.i32) : mp_obj_new_float((mp_float_t)v.f32);
        case MW_F64:
            return raw ? mp_obj_new_int_from_ull(v.i64) : mp_obj_new_float((mp_float_t)v.f64);
        default:
            return modwasm_ref_to_obj(t, v.ref);
    }
}

// ---- host functions -----------------------------------------------------------------------

// Engine -> Python: call the callable stored as ctx; a Python exception is
// kept in a root pointer and re-raised unchanged once the engine unwound.
static mw_status modwasm_host_call(void *ctx, mw_func *self, mw_val *slots) {
    const mw_functype *ft = mw_func_type(self);
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t args_small[8];
        mp_obj_t *args = ft->nparams <= 8 ? args_small : m_new(mp_obj_t, ft->nparams);
        for (size_t i = 0; i < ft->nparams; i++) {
            args[i] = modwasm_val_to_obj(ft->types[i], slots[i], false);
        }
        mp_obj_t ret = mp_call_function_n_kw((mp_obj_t)ctx, ft->nparams, 0, args);
        const uint8_t *rt = ft->types + ft->nparams;
        if (ft->nresults == 0) {
            // the result, if any, is ignored
        } else if (ft->nresults == 1) {
            slots[0] = modwasm_val_from_obj(rt[0], ret, false);
        } else {
            size_t n;
            mp_obj_t *items;
            mp_obj_get_array(ret, &n, &items);
            if (n != ft->nresults) {
                mp_raise_TypeError(MP_ERROR_TEXT("host function returned the wrong number of results"));
            }
            for (size_t i = 0; i < n; i++) {
                slots[i] = modwasm_val_from_obj(rt[i], items[i], false);
            }
        }
        nlr_pop();
        return MW_OK;
    } else {
        MP_STATE_VM(modwasm_host_exc) = MP_OBJ_FROM_PTR(nlr.ret_val);
        return MW_ERR_HOST;
    }
}

// ---- Module -----------------------------------------------------------------------------------

static mp_obj_t modwasm_module_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    enum { ARG_data, ARG_multi_memory };
    static const mp_arg_t allowed[] = {
        { MP_QSTR_data, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        // False: validate as Wasm 2.0 (one memory, zero-byte memory immediates)
        { MP_QSTR_multi_memory, MP_ARG_KW_ONLY | MP_ARG_BOOL, {.u_bool = true} },
    };
    mp_arg_val_t a[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all_kw_array(n_args, n_kw, args, MP_ARRAY_SIZE(allowed), allowed, a);
    mp_obj_t data = a[ARG_data].u_obj;
    mp_buffer_info_t buf;
    mp_get_buffer_raise(data, &buf, MP_BUFFER_READ);
    mw_runtime *rt = modwasm_rt();
    mw_status st;
    // bytes are immutable: the module can point into them instead of copying
    // its data segments; it then keeps the bytes object alive
    bool borrow = mp_obj_is_type(data, &mp_type_bytes);
    uint32_t flags = (borrow ? MW_LOAD_BORROW : 0) | (a[ARG_multi_memory].u_bool ? 0 : MW_LOAD_NO_MULTI_MEMORY);
    mw_module *m = mw_module_load(rt, buf.buf, buf.len, flags, &st);
    if (m == NULL) {
        if (st == MW_ERR_NOMEM) {
            mp_raise_type(&mp_type_MemoryError);
        }
        const mw_report *r = mw_last_report(rt);
        mp_raise_msg_varg(&modwasm_type_CompileError, MP_ERROR_TEXT("%s at offset 0x%x"),
            r->msg ? r->msg : mw_status_str(st), (unsigned)r->offset);
    }
    modwasm_module_obj_t *o = mp_obj_malloc(modwasm_module_obj_t, type);
    o->mod = m;
    o->data = borrow ? data : mp_const_none;
    return MP_OBJ_FROM_PTR(o);
}

static mp_obj_t modwasm_module_list(const mw_module *m, bool imports) {
    uint32_t n = imports ? mw_module_num_imports(m) : mw_module_num_exports(m);
    mp_obj_t list = mp_obj_new_list(0, NULL);
    for (uint32_t i = 0; i < n; i++) {
        mw_extern_desc d;
        mp_obj_t item[4];
        size_t k = 0;
        if (imports) {
            mw_module_import(m, i, &d);
            item[k++] = mp_obj_new_str(d.module, d.module_len);
        } else {
            mw_module_export(m, i, &d);
        }
        item[k++] = mp_obj_new_str(d.name, d.name_len);
        item[k++] = mp_obj_new_str(modwasm_kind_names[d.kind], strlen(modwasm_kind_names[d.kind]));
        item[k++] = modwasm_type_str(&d);
        mp_obj_list_append(list, mp_obj_new_tuple(k, item));
    }
    return list;
}

static void modwasm_module_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    modwasm_module_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (dest[0] != MP_OBJ_NULL) {
        return;
    }
    if (attr == MP_QSTR_imports) {
        dest[0] = modwasm_module_list(self->mod, true);
    } else if (attr == MP_QSTR_exports) {
        dest[0] = modwasm_module_list(self->mod, false);
    } else if (attr == MP_QSTR_ram) {
        dest[0] = mp_obj_new_int_from_uint(mw_module_ram(self->mod));
    }
}

MP_DEFINE_CONST_OBJ_TYPE(modwasm_type_Module, MP_QSTR_Module, MP_TYPE_FLAG_NONE,
    make_new, modwasm_module_make_new, attr, modwasm_module_attr);

// ---- Instance ------------------------------------------------------------------------------------

static NORETURN void modwasm_link_error(const char *why, const mw_extern_desc *d) {
    mp_obj_t ts = modwasm_type_str(d);
    mp_raise_msg_varg(&modwasm_type_LinkError, MP_ERROR_TEXT("%s: %s.%s: expected %s %s"), why,
        d->module, d->name, modwasm_kind_names[d->kind], mp_obj_str_get_str(ts));
}

// mapping[name] for a dict, an Exports object or anything subscriptable;
// MP_OBJ_NULL if absent.
static mp_obj_t modwasm_lookup(mp_obj_t mapping, const char *name, size_t len) {
    mp_obj_t key = mp_obj_new_str(name, len);
    if (mp_obj_is_type(mapping, &mp_type_dict)) {
        mp_map_elem_t *e = mp_map_lookup(mp_obj_dict_get_map(mapping), key, MP_MAP_LOOKUP);
        return e ? e->value : MP_OBJ_NULL;
    }
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t v = mp_obj_subscr(mapping, key, MP_OBJ_SENTINEL);
        nlr_pop();
        return v;
    } else {
        return MP_OBJ_NULL;
    }
}

static void modwasm_resolve_import(mw_runtime *rt, mp_obj_t imports, const mw_extern_desc *d, mw_import *out, mp_obj_t inst) {
    mp_obj_t mapping = imports == mp_const_none ? MP_OBJ_NULL : modwasm_lookup(imports, d->module, d->module_len);
    mp_obj_t v = mapping == MP_OBJ_NULL ? MP_OBJ_NULL : modwasm_lookup(mapping, d->name, d->name_len);
    memset(out, 0, sizeof(*out));
    if (v == MP_OBJ_NULL) {
        // env.shared_heap_malloc/free resolve to the instance's shared heap (modsheap.c)
        out->func = modsheap_import(rt, d, inst);
        if (out->func != NULL) {
            return;
        }
        modwasm_link_error("unknown import", d);
    }
    switch (d->kind) {
        case MW_KIND_FUNC:
            if (mp_obj_is_type(v, &modwasm_type_Function)) {
                out->func = ((modwasm_func_obj_t *)MP_OBJ_TO_PTR(v))->f;
            } else if (mp_obj_is_callable(v) && !mp_obj_is_type(v, &modwasm_type_Memory)
                       && !mp_obj_is_type(v, &modwasm_type_Global) && !mp_obj_is_type(v, &modwasm_type_Table)) {
                out->func = mw_func_new_host(rt, d->func, modwasm_host_call, (void *)v);
                if (out->func == NULL) {
                    mp_raise_type(&mp_type_MemoryError);
                }
            }
            break;
        case MW_KIND_TABLE:
            if (mp_obj_is_type(v, &modwasm_type_Table)) {
                out->table = ((modwasm_table_obj_t *)MP_OBJ_TO_PTR(v))->t;
            }
            break;
        case MW_KIND_MEMORY:
            if (mp_obj_is_type(v, &modwasm_type_Memory)) {
                out->memory = ((modwasm_memory_obj_t *)MP_OBJ_TO_PTR(v))->mem;
            }
            break;
        case MW_KIND_GLOBAL:
            if (mp_obj_is_type(v, &modwasm_type_Global)) {
                out->global = ((modwasm_global_obj_t *)MP_OBJ_TO_PTR(v))->g;
            }
            break;
    }
    if (!out->func && !out->table && !out->memory && !out->global) {
        modwasm_link_error("incompatible import type", d);
    }
}

static mp_obj_t modwasm_instance_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *all_args) {
    enum { ARG_module, ARG_imports, ARG_fuel, ARG_memory_limit, ARG_wasi, ARG_shared_heap };
    static const mp_arg_t allowed[] = {
        { MP_QSTR_module, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_imports, MP_ARG_OBJ, {.u_obj = mp_const_none} },
        { MP_QSTR_fuel, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = mp_const_none} },
        { MP_QSTR_memory_limit, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = mp_const_none} },
        { MP_QSTR_wasi, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = mp_const_none} },
        { MP_QSTR_shared_heap, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = mp_const_none} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all_kw_array(n_args, n_kw, all_args, MP_ARRAY_SIZE(allowed), allowed, args);
    if (!mp_obj_is_type(args[ARG_module].u_obj, &modwasm_type_Module)) {
        mp_raise_TypeError(MP_ERROR_TEXT("expected a wasm.Module"));
    }
    modwasm_module_obj_t *mod = MP_OBJ_TO_PTR(args[ARG_module].u_obj);
    mw_runtime *rt = modwasm_rt();
    // the finaliser (__del__) detaches a shared heap (modsheap.c)
    modwasm_instance_obj_t *o = mp_obj_malloc_with_finaliser(modwasm_instance_obj_t, type);
    o->module = MP_OBJ_FROM_PTR(mod);
    o->imports = args[ARG_imports].u_obj;
    o->inst = NULL;
    o->has_fuel = args[ARG_fuel].u_obj != mp_const_none;
    o->fuel = o->has_fuel ? (int64_t)modwasm_int_bits(args[ARG_fuel].u_obj) : 0;
    uint32_t n = mw_module_num_imports(mod->mod);
    // The resolved imports live in a GC block reachable from this frame.
    mw_import *im = m_new0(mw_import, n + 1);
    // wasi=: WASI state (modwasi.c) answering "wasi_snapshot_preview1" imports
    void *wasi = modwasi_attach(args[ARG_wasi].u_obj);
    for (uint32_t i = 0; i < n; i++) {
        mw_extern_desc d;
        mw_module_import(mod->mod, i, &d);
        if (wasi == NULL || !modwasi_resolve(wasi, rt, &d, &im[i])) {
            modwasm_resolve_import(rt, o->imports, &d, &im[i], MP_OBJ_FROM_PTR(o));
        }
    }
    mw_inst_options opt;
    memset(&opt, 0, sizeof(opt));
    if (args[ARG_memory_limit].u_obj != mp_const_none) {
        opt.memory_limit = modwasm_int_bits(args[ARG_memory_limit].u_obj);
    }
    opt.fuel = o->has_fuel ? &o->fuel : NULL;
    mw_instance *inst = NULL;
    mw_status st = modsheap_instantiate(rt, mod->mod, im, &opt, &inst);   // faults -> Trap
    if (st == MW_ERR_LINK) {
        mw_extern_desc d;
        mw_module_import(mod->mod, mw_last_report(rt)->index, &d);
        modwasm_link_error("incompatible import type", &d);
    }
    if (st != MW_OK) {
        modwasm_raise(st);
    }
    o->inst = inst;
    if (wasi != NULL) {
        modwasi_bind(wasi, inst);
    }
    if (args[ARG_shared_heap].u_obj != mp_const_none) {
        modsheap_attach(MP_OBJ_FROM_PTR(o), args[ARG_shared_heap].u_obj, false);
    }
    modwasm_exports_obj_t *ex = mp_obj_malloc(modwasm_exports_obj_t, &modwasm_type_Exports);
    ex->inst = o;
    o->exports = MP_OBJ_FROM_PTR(ex);
    return MP_OBJ_FROM_PTR(o);
}

static void modwasm_instance_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    modwasm_instance_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (dest[0] != MP_OBJ_NULL) {
        if (attr == MP_QSTR_fuel && dest[1] != MP_OBJ_NULL) {
            self->has_fuel = dest[1] != mp_const_none;
            self->fuel = self->has_fuel ? (int64_t)modwasm_int_bits(dest[1]) : 0;
            dest[0] = MP_OBJ_NULL;
        }
        return;
    }
    if (attr == MP_QSTR_exports) {
        dest[0] = self->exports;
    } else if (attr == MP_QSTR_module) {
        dest[0] = self->module;
    } else if (attr == MP_QSTR_fuel) {
        dest[0] = self->has_fuel ? mp_obj_new_int_from_ll(self->fuel) : mp_const_none;
    } else if (attr == MP_QSTR_ram) {
        dest[0] = mp_obj_new_int_from_uint(mw_instance_ram(self->inst));
    } else if (attr == MP_QSTR_shared_heap) {
        dest[0] = modsheap_inst_heap(self_in);
    } else if (attr == MP_QSTR_attach) {
        dest[0] = MP_OBJ_FROM_PTR(&modsheap_inst_attach_obj);
        dest[1] = self_in;
    } else if (attr == MP_QSTR_detach || attr == MP_QSTR___del__) {
        dest[0] = MP_OBJ_FROM_PTR(&modsheap_inst_detach_obj);
        dest[1] = self_in;
    }
}

mw_instance *modwasm_get_inst(mp_obj_t o) {
    if (!mp_obj_is_type(o, &modwasm_type_Instance)) {
        mp_raise_TypeError(MP_ERROR_TEXT("expected a wasm.Instance"));
    }
    return ((modwasm_instance_obj_t *)MP_OBJ_TO_PTR(o))->inst;
}

MP_DEFINE_CONST_OBJ_TYPE(modwasm_type_Instance, MP_QSTR_Instance, MP_TYPE_FLAG_NONE,
    make_new, modwasm_instance_make_new, attr, modwasm_instance_attr);

// ---- Exports ----------------------------------------------------------------------------------------

static mp_obj_t modwasm_export_obj(modwasm_instance_obj_t *inst, uint32_t i) {
    mw_import e;
    mw_instance_export(inst->inst, i, &e);
    if (e.func) {
        return modwasm_func_wrap(e.func, inst);
    }
    if (e.memory) {
        modwasm_memory_obj_t *o = mp_obj_malloc(modwasm_memory_obj_t, &modwasm_type_Memory);
        o->mem = e.memory;
        return MP_OBJ_FROM_PTR(o);
    }
    if (e.global) {
        modwasm_global_obj_t *o = mp_obj_malloc(modwasm_global_obj_t, &modwasm_type_Global);
        o->g = e.global;
        return MP_OBJ_FROM_PTR(o);
    }
    modwasm_table_obj_t *o = mp_obj_malloc(modwasm_table_obj_t, &modwasm_type_Table);
    o->t = e.table;
    return MP_OBJ_FROM_PTR(o);
}

static bool modwasm_find_export(const mw_module *m, const char *name, size_t len, uint32_t *out) {
    for (uint32_t i = 0; i < mw_module_num_exports(m); i++) {
        mw_extern_desc d;
        mw_module_export(m, i, &d);
        if (d.name_len == len && memcmp(d.name, name, len) == 0) {
            *out = i;
            return true;
        }
    }
    return false;
}

static void modwasm_exports_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    modwasm_exports_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (dest[0] != MP_OBJ_NULL) {
        return;
    }
    size_t len;
    const char *name = (const char *)qstr_data(attr, &len);
    uint32_t i;
    if (modwasm_find_export(mw_instance_module(self->inst->inst), name, len, &i)) {
        dest[0] = modwasm_export_obj(self->inst, i);
    }
}

static mp_obj_t modwasm_exports_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value) {
    modwasm_exports_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (value != MP_OBJ_SENTINEL) {
        return MP_OBJ_NULL;       // no store/delete
    }
    size_t len;
    const char *name = mp_obj_str_get_data(index, &len);
    uint32_t i;
    if (!modwasm_find_export(mw_instance_module(self->inst->inst), name, len, &i)) {
        mp_raise_type_arg(&mp_type_KeyError, index);
    }
    return modwasm_export_obj(self->inst, i);
}

static mp_obj_t modwasm_exports_getiter(mp_obj_t self_in, mp_obj_iter_buf_t *iter_buf) {
    modwasm_exports_obj_t *self = MP_OBJ_TO_PTR(self_in);
    const mw_module *m = mw_instance_module(self->inst->inst);
    mp_obj_t list = mp_obj_new_list(0, NULL);
    for (uint32_t i = 0; i < mw_module_num_exports(m); i++) {
        mw_extern_desc d;
        mw_module_export(m, i, &d);
        mp_obj_list_append(list, mp_obj_new_str(d.name, d.name_len));
    }
    return mp_getiter(list, iter_buf);
}

MP_DEFINE_CONST_OBJ_TYPE(modwasm_type_Exports, MP_QSTR_Exports, MP_TYPE_FLAG_ITER_IS_GETITER,
    attr, modwasm_exports_attr, subscr, modwasm_exports_subscr, iter, modwasm_exports_getiter);

// ---- Function ------------------------------------------------------------------------------------------

// Call with Python args; raw selects call_raw's conventions. Returns the
// results as a tuple (raw) or None / value / tuple.
static mp_obj_t modwasm_func_invoke(modwasm_func_obj_t *self, size_t n_args, const mp_obj_t *args,
    mp_obj_t fuel_obj, bool raw) {
    const mw_functype *ft = mw_func_type(self->f);
    if (n_args != ft->nparams) {
        mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("function takes %d arguments but %d were given"),
            (int)ft->nparams, (int)n_args);
    }
    size_t nslots = ft->nparams > ft->nresults ? ft->nparams : ft->nresults;
    mw_val small[8];
    mw_val *vals = nslots <= 8 ? small : m_new(mw_val, nslots);
    for (size_t i = 0; i < n_args; i++) {
        vals[i] = modwasm_val_from_obj(ft->types[i], args[i], raw);
    }
    int64_t fuel = 0;
    int64_t *fuelp = NULL;
    if (fuel_obj != MP_OBJ_NULL && fuel_obj != mp_const_none) {
        fuel = (int64_t)modwasm_int_bits(fuel_obj);
        fuelp = &fuel;
    } else if (self->owner != NULL && self->owner->has_fuel) {
        fuelp = &self->owner->fuel;
    }
    // modsheap_call: a memory fault inside wasm (a store into a ro region) becomes wasm.Trap
    mw_status st = modsheap_call(modwasm_rt(), self->f, vals, vals, fuelp);
    if (st != MW_OK) {
        modwasm_raise(st);
    }
    const uint8_t *rt = ft->types + ft->nparams;
    if (!raw && ft->nresults == 0) {
        return mp_const_none;
    }
    if (!raw && ft->nresults == 1) {
        return modwasm_val_to_obj(rt[0], vals[0], false);
    }
    mp_obj_tuple_t *t = MP_OBJ_TO_PTR(mp_obj_new_tuple(ft->nresults, NULL));
    for (size_t i = 0; i < ft->nresults; i++) {
        t->items[i] = modwasm_val_to_obj(rt[i], vals[i], raw);
    }
    return MP_OBJ_FROM_PTR(t);
}

// f(*args, fuel=None)
static mp_obj_t modwasm_func_call(mp_obj_t self_in, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_obj_t fuel = MP_OBJ_NULL;
    for (size_t i = 0; i < n_kw; i++) {
        if (mp_obj_str_get_qstr(args[n_args + 2 * i]) != MP_QSTR_fuel) {
            mp_raise_TypeError(MP_ERROR_TEXT("unexpected keyword argument"));
        }
        fuel = args[n_args + 2 * i + 1];
    }
    return modwasm_func_invoke(MP_OBJ_TO_PTR(self_in), n_args, args, fuel, false);
}

static mp_obj_t modwasm_func_call_raw(size_t n_args, const mp_obj_t *args, mp_map_t *kw) {
    mp_map_elem_t *e = mp_map_lookup(kw, MP_OBJ_NEW_QSTR(MP_QSTR_fuel), MP_MAP_LOOKUP);
    return modwasm_func_invoke(MP_OBJ_TO_PTR(args[0]), n_args - 1, args + 1, e ? e->value : MP_OBJ_NULL, true);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(modwasm_func_call_raw_obj, 1, modwasm_func_call_raw);

static mp_obj_t modwasm_types_tuple(const uint8_t *t, size_t n) {
    mp_obj_tuple_t *tup = MP_OBJ_TO_PTR(mp_obj_new_tuple(n, NULL));
    for (size_t i = 0; i < n; i++) {
        const char *s = modwasm_valtype_name(t[i]);
        tup->items[i] = mp_obj_new_str(s, strlen(s));
    }
    return MP_OBJ_FROM_PTR(tup);
}

static void modwasm_func_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    modwasm_func_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (dest[0] == MP_OBJ_NULL && attr == MP_QSTR_type) {
        const mw_functype *ft = mw_func_type(self->f);
        mp_obj_t items[2] = {
            modwasm_types_tuple(ft->types, ft->nparams),
            modwasm_types_tuple(ft->types + ft->nparams, ft->nresults),
        };
        dest[0] = mp_obj_new_tuple(2, items);
        return;
    }
    dest[1] = MP_OBJ_SENTINEL;    // continue in locals_dict
}

static void modwasm_func_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    modwasm_func_obj_t *self = MP_OBJ_TO_PTR(self_in);
    (void)kind;
    mw_extern_desc d;
    memset(&d, 0, sizeof(d));
    d.kind = MW_KIND_FUNC;
    d.func = mw_func_type(self->f);
    mp_printf(print, "<wasm.Function %s>", mp_obj_str_get_str(modwasm_type_str(&d)));
}

static mp_obj_t modwasm_func_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    // Two wrappers of the same function instance are equal (funcref identity).
    if (op == MP_BINARY_OP_EQUAL && mp_obj_is_type(rhs, &modwasm_type_Function)) {
        return mp_obj_new_bool(((modwasm_func_obj_t *)MP_OBJ_TO_PTR(lhs))->f
            == ((modwasm_func_obj_t *)MP_OBJ_TO_PTR(rhs))->f);
    }
    return MP_OBJ_NULL;
}

static const mp_rom_map_elem_t modwasm_func_locals_table[] = {
    { MP_ROM_QSTR(MP_QSTR_call_raw), MP_ROM_PTR(&modwasm_func_call_raw_obj) },
};
static MP_DEFINE_CONST_DICT(modwasm_func_locals, modwasm_func_locals_table);

MP_DEFINE_CONST_OBJ_TYPE(modwasm_type_Function, MP_QSTR_Function, MP_TYPE_FLAG_NONE,
    print, modwasm_func_print, call, modwasm_func_call, attr, modwasm_func_attr, binary_op, modwasm_func_binary_op,
    locals_dict, &modwasm_func_locals);

// ---- Memory ------------------------------------------------------------------------------------------------

// Memory(min_pages, max_pages=None, *, page_size=65536)
static mp_obj_t modwasm_memory_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *all_args) {
    enum { ARG_min, ARG_max, ARG_page_size, ARG_region };
    static const mp_arg_t allowed[] = {
        { MP_QSTR_min_pages, MP_ARG_INT, {.u_int = -1} },   // required unless region=
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
        // Memory(region="NAME", page_size=...): the region's bytes, zero copy (modsheap.c)
        if (args[ARG_min].u_int != -1 || args[ARG_max].u_obj != mp_const_none) {
            mp_raise_TypeError(MP_ERROR_TEXT("a region memory takes its size from the region"));
        }
        modwasm_memory_obj_t *o = mp_obj_malloc(modwasm_memory_obj_t, type);
        o->mem = modsheap_region_memory(args[ARG_region].u_obj, args[ARG_page_size].u_int);
        return MP_OBJ_FROM_PTR(o);
    }
    if (args[ARG_min].u_int == -1) {
        mp_raise_TypeError(MP_ERROR_TEXT("min_pages required"));
    }
    lim.page_log2 = args[ARG_page_size].u_int == 1 ? 0 : 16;
    lim.min = (uint64_t)args[ARG_min].u_int;
    lim.has_max = args[ARG_max].u_obj != mp_const_none;
    lim.max = lim.has_max ? (uint64_t)mp_obj_get_int(args[ARG_max].u_obj) : 0;
    uint64_t cap = lim.page_log2 == 16 ? 65536 : 0xffffffffu;
    if (args[ARG_min].u_int < 0 || lim.min > cap || (lim.has_max && (lim.max > cap || lim.max < lim.min))) {
        mp_raise_ValueError(MP_ERROR_TEXT("invalid memory limits"));
    }
    mw_status st;
    mw_memory *mem = mw_memory_new(modwasm_rt(), &lim, &st);
    if (mem == NULL) {
        mp_raise_type(&mp_type_MemoryError);
    }
    modwasm_memory_obj_t *o = mp_obj_malloc(modwasm_memory_obj_t, type);
    o->mem = mem;
    return MP_OBJ_FROM_PTR(o);
}

static void modwasm_memory_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    modwasm_memory_obj_t *self = MP_OBJ_TO_PTR(self_in);
    (void)kind;
    mw_extern_desc d;
    memset(&d, 0, sizeof(d));
    d.kind = MW_KIND_MEMORY;
    mw_memory_limits(self->mem, &d.limits);
    mp_printf(print, "<wasm.Memory %s>", mp_obj_str_get_str(modwasm_type_str(&d)));
}

// Zero-copy view of the current data block. After grow() the memory moves to
// a new block; existing views keep the old block alive (and stale).
static mp_int_t modwasm_memory_get_buffer(mp_obj_t self_in, mp_buffer_info_t *bufinfo, mp_uint_t flags) {
    modwasm_memory_obj_t *self = MP_OBJ_TO_PTR(self_in);
    (void)flags;
    bufinfo->buf = mw_memory_data(self->mem);
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
    return mp_obj_new_int_from_ll(mw_memory_grow(modwasm_rt(), self->mem, (uint64_t)d));
}
static MP_DEFINE_CONST_FUN_OBJ_2(modwasm_memory_grow_obj, modwasm_memory_grow);

static void modwasm_memory_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    modwasm_memory_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (dest[0] == MP_OBJ_NULL && attr == MP_QSTR_pages) {
        dest[0] = mp_obj_new_int_from_ull(mw_memory_pages(self->mem));
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

// ---- Global -------------------------------------------------------------------------------------------------

// Global(valtype, value, mutable=False)
static mp_obj_t modwasm_global_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 2, 3, false);
    uint8_t t = modwasm_valtype_parse(args[0], false);
    bool mut = n_args > 2 && mp_obj_is_true(args[2]);
    mw_global *g = mw_global_new(modwasm_rt(), (mw_valtype)t, mut, modwasm_val_from_obj(t, args[1], false));
    if (g == NULL) {
        mp_raise_type(&mp_type_MemoryError);
    }
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
        mw_extern_desc d;
        memset(&d, 0, sizeof(d));
        d.kind = MW_KIND_GLOBAL;
        d.valtype = (mw_valtype)t;
        d.mut = mut;
        dest[0] = modwasm_type_str(&d);
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

// ---- Table ----------------------------------------------------------------------------------------------------

// Table(reftype, min, max=None)
static mp_obj_t modwasm_table_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 2, 3, false);
    uint8_t t = modwasm_valtype_parse(args[0], true);
    mw_limits lim;
    memset(&lim, 0, sizeof(lim));
    mp_int_t mn = mp_obj_get_int(args[1]);
    lim.min = (uint64_t)mn;
    lim.has_max = n_args > 2 && args[2] != mp_const_none;
    lim.max = lim.has_max ? (uint64_t)mp_obj_get_int(args[2]) : 0;
    if (mn < 0 || lim.min > 0xffffffffu || (lim.has_max && (lim.max < lim.min || lim.max > 0xffffffffu))) {
        mp_raise_ValueError(MP_ERROR_TEXT("invalid table limits"));
    }
    mw_status st;
    mw_table *tab = mw_table_new(modwasm_rt(), (mw_valtype)t, &lim, NULL, &st);
    if (tab == NULL) {
        mp_raise_type(&mp_type_MemoryError);
    }
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
        mp_raise_type(&mp_type_IndexError);
    }
    if (value == MP_OBJ_SENTINEL) {
        void *ref;
        mw_table_get(self->t, (uint32_t)i, &ref);
        return modwasm_ref_to_obj(t, ref);
    }
    mw_table_set(self->t, (uint32_t)i, modwasm_ref_from_obj(t, value));
    return mp_const_none;
}

static mp_obj_t modwasm_table_grow(size_t n_args, const mp_obj_t *args) {
    modwasm_table_obj_t *self = MP_OBJ_TO_PTR(args[0]);
    mp_int_t d = mp_obj_get_int(args[1]);
    if (d < 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("negative delta"));
    }
    void *init = n_args > 2 ? modwasm_ref_from_obj((uint8_t)mw_table_elem(self->t), args[2]) : NULL;
    return mp_obj_new_int_from_ll(mw_table_grow(modwasm_rt(), self->t, (uint32_t)d, init));
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(modwasm_table_grow_obj, 2, 3, modwasm_table_grow);

static const mp_rom_map_elem_t modwasm_table_locals_table[] = {
    { MP_ROM_QSTR(MP_QSTR_grow), MP_ROM_PTR(&modwasm_table_grow_obj) },
};
static MP_DEFINE_CONST_DICT(modwasm_table_locals, modwasm_table_locals_table);

MP_DEFINE_CONST_OBJ_TYPE(modwasm_type_Table, MP_QSTR_Table, MP_TYPE_FLAG_NONE,
    make_new, modwasm_table_make_new, unary_op, modwasm_table_unary_op, subscr, modwasm_table_subscr,
    locals_dict, &modwasm_table_locals);

// ---- module ---------------------------------------------------------------------------------------------------------

// Runs on the first import in each VM: forget a runtime from before a soft
// reset (its memory was in the old heap).
static mp_obj_t modwasm___init__(void) {
    MP_STATE_VM(modwasm_runtime) = NULL;
    MP_STATE_VM(modwasm_host_exc) = MP_OBJ_NULL;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_0(modwasm___init___obj, modwasm___init__);

static const mp_rom_map_elem_t modwasm_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_wasm) },
    { MP_ROM_QSTR(MP_QSTR___init__), MP_ROM_PTR(&modwasm___init___obj) },
    { MP_ROM_QSTR(MP_QSTR_Module), MP_ROM_PTR(&modwasm_type_Module) },
    { MP_ROM_QSTR(MP_QSTR_Instance), MP_ROM_PTR(&modwasm_type_Instance) },
    { MP_ROM_QSTR(MP_QSTR_Function), MP_ROM_PTR(&modwasm_type_Function) },
    { MP_ROM_QSTR(MP_QSTR_Memory), MP_ROM_PTR(&modwasm_type_Memory) },
    { MP_ROM_QSTR(MP_QSTR_Global), MP_ROM_PTR(&modwasm_type_Global) },
    { MP_ROM_QSTR(MP_QSTR_Table), MP_ROM_PTR(&modwasm_type_Table) },
    { MP_ROM_QSTR(MP_QSTR_CompileError), MP_ROM_PTR(&modwasm_type_CompileError) },
    { MP_ROM_QSTR(MP_QSTR_LinkError), MP_ROM_PTR(&modwasm_type_LinkError) },
    { MP_ROM_QSTR(MP_QSTR_Trap), MP_ROM_PTR(&modwasm_type_Trap) },
    { MP_ROM_QSTR(MP_QSTR_SharedHeap), MP_ROM_PTR(&modsheap_type_SharedHeap) },
    { MP_ROM_QSTR(MP_QSTR_chain), MP_ROM_PTR(&modsheap_chain_obj) },
    { MP_ROM_QSTR(MP_QSTR_unchain), MP_ROM_PTR(&modsheap_unchain_obj) },
    #if MICROPY_PY_WASM_WASI
    { MP_ROM_QSTR(MP_QSTR_WASI), MP_ROM_PTR(&modwasi_type_WASI) },
    { MP_ROM_QSTR(MP_QSTR_Exit), MP_ROM_PTR(&modwasi_type_Exit) },
    #endif
};
static MP_DEFINE_CONST_DICT(modwasm_globals, modwasm_globals_table);

const mp_obj_module_t modwasm_module = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&modwasm_globals,
};

MP_REGISTER_MODULE(MP_QSTR_wasm, modwasm_module);
MP_REGISTER_ROOT_POINTER(struct mw_runtime *modwasm_runtime);
MP_REGISTER_ROOT_POINTER(mp_obj_t modwasm_host_exc);

#endif // MICROPY_PY_WASM
