// SPDX-License-Identifier: MIT
// modwasm.c: the `wasm` module (its globals table) and the types a program
// goes through to run wasm: Module, Instance (with its Exports) and Function,
// and the guarded call every entry into wasm code takes (a memory fault inside
// it becomes wasm.Trap). The other types live in the files named after them
// (memory.c, global.c, table.c, sharedheap.c, wasi.c and wasi_files.c); what
// they share is in binding.h / binding.c.
#include <string.h>

#include "py/runtime.h"
#include "py/mpstate.h"
#include "py/objtype.h"
#include "py/stream.h"
#include "ports/common/regions.h"
#include "binding.h"
#include "frozen.h"

#if MICROPY_PY_WASM

// ---- host functions -----------------------------------------------------------------------

// Engine -> Python: call the callable stored as ctx with the params as
// Python values, and store what it returns as the results.
static void modwasm_host_python(void *ctx, mw_func *self, mw_val *slots) {
    const mw_functype *ft = mw_func_type(self);
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
}

// The host function of every Python callable imported (its Python
// exceptions re-raised unchanged once the engine has unwound).
static mw_status modwasm_host_call(void *ctx, mw_func *self, mw_val *slots) {
    return modwasm_host_guard(modwasm_host_python, ctx, self, slots);
}

// ---- memory faults inside wasm --------------------------------------------------------

// After a non-local exit out of the engine: put the runtime's stacks back
// where they were (the interpreter was left mid-instruction, its frames are
// gone), then raise a MemoryFault as wasm.Trap, "out of bounds memory
// access: write at 0x.. in region 'rodata' (ro) in function 3 'poke' (called
// from ..)", with where it happened as any trap's (the frame top the port's
// fault handler read: mw_runtime_fault_trace), and anything else unchanged.
static NORETURN void modwasm_aborted(mw_runtime *rt, const mw_mark *mark, mp_obj_base_t *exc) {
    bool fault = mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(exc->type), MP_OBJ_FROM_PTR(&mp_type_MemoryFault));
    #if MICROPY_PY_WASM_REGIONS && MW_FAULT_WHERE
    if (fault) {
        mw_runtime_fault_trace(rt, mpwasm_fault_frame_top());
    }
    #endif
    mw_runtime_unwind(rt, mark);
    modwasm_room_give();          // (an instantiation's start function left)
    if (fault) {
        mp_obj_t args_tuple = mp_load_attr(MP_OBJ_FROM_PTR(exc), MP_QSTR_args);
        mp_obj_t msg = mp_obj_subscr(args_tuple, MP_OBJ_NEW_SMALL_INT(0), MP_OBJ_SENTINEL);
        modwasm_raise_trap(MW_TRAP_MEM_OOB, mp_obj_str_get_str(msg));
    }
    nlr_jump(exc);
}

// An entry into wasm code: a call (f != NULL), or an instantiation, which
// runs segments and the start function.
typedef struct _modwasm_entry_t {
    mw_func *f;
    const mw_val *args;
    mw_val *results;
    int64_t *fuel;
    const mw_module *m;
    const mw_import *imports;
    const mw_inst_options *opt;
    mw_instance **out;
} modwasm_entry_t;

// The guarded entry every call into wasm takes: the engine's status, or
// (a memory fault inside: board.MemoryFault from the port's fault handler in
// the middle of a load or store into a region) wasm.Trap once the runtime
// is unwound.
static mw_status modwasm_enter(mw_runtime *rt, const modwasm_entry_t *e) {
    modwindow_follow();           // Python ran since: a mapped bytearray may have moved
    mw_mark mark;
    mw_runtime_mark(rt, &mark);
    nlr_buf_t nlr;
    MODWASM_HOLD(1);              // a collection inside leaves the stacks (binding.h)
    if (nlr_push(&nlr) == 0) {
        mw_status st = e->f != NULL ? mw_call(rt, e->f, e->args, e->results, e->fuel)
            : mw_instantiate(rt, e->m, e->imports, e->opt, e->out);
        nlr_pop();
        MODWASM_HOLD(-1);
        return st;
    }
    MODWASM_HOLD(-1);
    modwasm_aborted(rt, &mark, nlr.ret_val);
}

// ---- Module -----------------------------------------------------------------------------------

// Module(stream): the engine pulls the binary through this, a section or a
// function body at a time. A Python exception (a Python stream's read()) is
// kept and raised once the engine has cleaned up.
typedef struct _modwasm_stream_t {
    mp_obj_t stream;
    const mp_stream_p_t *proto;
    mp_obj_t exc;
    uint8_t head[4];          // the first bytes, read to tell an image from a binary
    size_t nhead, at;         // how many; how many of them were passed on
    size_t len;               // bytes read from the stream: the binary's size at the end
} modwasm_stream_t;

// A stream class written in Python (an io.IOBase subclass) is read through
// its readinto() with a bytearray of our own, never one over the engine's
// buffer: MicroPython's IOBase would hand it a bytearray over `buf` itself,
// which the method can resize (a core assertion, or a block moved under the
// engine). What it returns is checked against what it was given.
#define MODWASM_STREAM_CHUNK 512  // bytes a Python readinto() call gets at most
static mp_uint_t modwasm_stream_readinto(mp_obj_t stream, uint8_t *buf, size_t n, int *err) {
    size_t want = n < MODWASM_STREAM_CHUNK ? n : MODWASM_STREAM_CHUNK;
    mp_obj_t arg = MP_OBJ_NEW_SMALL_INT(want);
    mp_obj_t ba = mp_call_function_n_kw(MP_OBJ_FROM_PTR(&mp_type_bytearray), 1, 0, &arg);
    mp_obj_t ret = mp_call_function_n_kw(mp_load_attr(stream, MP_QSTR_readinto), 1, 0, &ba);
    if (ret == mp_const_none) {
        *err = MP_EAGAIN;
        return MP_STREAM_ERROR;
    }
    mp_int_t k = mp_obj_get_int(ret);
    mp_buffer_info_t got;
    mp_get_buffer_raise(ba, &got, MP_BUFFER_READ);
    if (k > (mp_int_t)want || got.len != want) {
        modwasm_raise_varg(&mp_type_ValueError,
            MP_ERROR_TEXT("stream readinto() returned %d for a buffer of %d bytes, now of %d"),
            (int)k, (int)want, (int)got.len);
    }
    if (k < 0) {
        *err = (int)-k;
        return MP_STREAM_ERROR;
    }
    memcpy(buf, got.buf, (size_t)k);
    return (mp_uint_t)k;
}

static long modwasm_stream_read(void *ctx, uint8_t *buf, size_t n) {
    modwasm_stream_t *s = ctx;
    if (s->at < s->nhead) {
        size_t k = s->nhead - s->at < n ? s->nhead - s->at : n;
        memcpy(buf, s->head + s->at, k);
        s->at += k;
        return (long)k;
    }
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        int err;
        mp_uint_t k = mp_obj_is_instance_type(mp_obj_get_type(s->stream))
            ? modwasm_stream_readinto(s->stream, buf, n, &err) : s->proto->read(s->stream, buf, n, &err);
        if (k != MP_STREAM_ERROR && k > n) {
            modwasm_raise_varg(&mp_type_ValueError, MP_ERROR_TEXT("stream read returned %d bytes, more than the %d asked"),
                (int)k, (int)n);
        }
        nlr_pop();
        if (k == MP_STREAM_ERROR) {
            s->exc = mp_obj_new_exception_arg1(&mp_type_OSError, MP_OBJ_NEW_SMALL_INT(err));
            return -1;
        }
        s->len += k;
        return (long)k;
    }
    s->exc = MP_OBJ_FROM_PTR(nlr.ret_val);
    return -1;
}

// All n bytes from the stream (fewer at its end), raising what it raised.
static size_t modwasm_stream_fill(modwasm_stream_t *s, uint8_t *buf, size_t n) {
    size_t got = 0;
    while (got < n) {
        long k = modwasm_stream_read(s, buf + got, n - got);
        if (k < 0) {
            nlr_raise(s->exc);
        }
        if (k == 0) {
            break;
        }
        got += (size_t)k;
    }
    return got;
}

// A Module over a precompiled image (docs/images.md) that stays as it is:
// `owner` holds it (a bytes object, the block a stream was read into, or None
// for flash) and the Module keeps it alive.
static mp_obj_t modwasm_module_over_image(const mp_obj_type_t *type, mp_obj_t owner, const uint8_t *image,
    size_t len, uint32_t flags) {
    mw_module *m;
    modwasm_check(mw_module_load_image(modwasm_rt(), image, len, flags, &m));
    modwasm_module_obj_t *o = mp_obj_malloc(modwasm_module_obj_t, type);
    o->mod = m;
    o->data = owner;
    o->load_peak = 0;
    return MP_OBJ_FROM_PTR(o);
}

// A Module over an image in the caller's buffer, read in place: a mutable or
// misaligned buffer is first copied into a new bytes object, so what was
// checked at load cannot change under the code.
static mp_obj_t modwasm_module_from_image(const mp_obj_type_t *type, mp_obj_t owner, const uint8_t *image,
    size_t len, uint32_t flags) {
    if (owner != mp_const_none && (!mp_obj_is_type(owner, &mp_type_bytes) || ((uintptr_t)image & 7) != 0)) {
        owner = mp_obj_new_bytes(image, len);
        mp_buffer_info_t buf;
        mp_get_buffer_raise(owner, &buf, MP_BUFFER_READ);
        image = buf.buf;
    }
    return modwasm_module_over_image(type, owner, image, len, flags);
}

// An image from a stream: read whole (its length is in the header) into one
// heap block that the Module then owns. Not copied into a bytes object: that
// held the image twice at once and left a hole of its size below it, which
// cost Little CMS (365 KB) the one 3 MiB block its memory grows into on
// mps2_an385 (docs/benchmarks.md "Images (session 35)").
static mp_obj_t modwasm_module_image_stream(const mp_obj_type_t *type, modwasm_stream_t *src, uint32_t flags) {
    // the whole header (MW_IMAGE_HEADER_BYTES), its length field at 20: a length
    // short of the header is then refused as from bytes, "offset or length out
    // of range" at 0x14, not "truncated" where the read stopped (session 36)
    uint8_t hdr[MW_IMAGE_HEADER_BYTES];
    memcpy(hdr, src->head, 4);
    src->at = src->nhead;
    size_t got = 4 + modwasm_stream_fill(src, hdr + 4, sizeof(hdr) - 4);
    size_t len = got;
    if (got == sizeof(hdr)) {
        // its versions and target first, as from bytes: an image of another
        // format is named so, not a MemoryError for the length it gives
        modwasm_check(mw_image_check_header(modwasm_rt(), hdr, sizeof(hdr), flags));
        len = (size_t)hdr[20] | (size_t)hdr[21] << 8 | (size_t)hdr[22] << 16 | (size_t)hdr[23] << 24;
    }
    if (len < got) {
        len = got;                // the loader names what is wrong with it
    }
    // (a heap block starts 8-aligned at least, as from_image asks of a buffer)
    uint8_t *all = m_new(uint8_t, len);
    memcpy(all, hdr, got);
    size_t n = got;
    if (got == sizeof(hdr)) {
        n += modwasm_stream_fill(src, all + got, len - got);
    }
    return modwasm_module_over_image(type, MP_OBJ_FROM_PTR(all), all, n, flags);
}

#if MICROPY_PY_WASM_UNLOWER
// code_budget=: a lazy module keeps at most that many bytes of lowered code,
// dropping the functions lowered longest ago that are not running to lower
// another (mw_module_set_code_budget); ValueError for a module that is not
// lazy or a budget below 1. None: no budget. MP_OBJ_NULL (not given): a lazy
// module from a binary of `len` bytes gets the default (binding.h
// MICROPY_PY_WASM_CODE_BUDGET), any other none.
static mp_obj_t modwasm_module_budget(mp_obj_t o, mp_obj_t budget, bool lazy, size_t len) {
    modwasm_module_obj_t *self = MP_OBJ_TO_PTR(o);
    if (budget == MP_OBJ_NULL) {
        #if MICROPY_PY_WASM_CODE_BUDGET
        if (lazy) {
            // a first budget makes the module's table of blocks (lazy.c), so
            // Module.ram after the load is known; the code gets what is left
            // of the share beside it
            mw_module *m = self->mod;
            modwasm_check(mw_module_set_code_budget(modwasm_rt(), m, 1));
            size_t share = len / 100 * MICROPY_PY_WASM_CODE_BUDGET + len % 100 * MICROPY_PY_WASM_CODE_BUDGET / 100;
            size_t held = mw_module_ram(m) - mw_module_code_copy(m);
            size_t n = share > held ? share - held : 0;
            n = n > MICROPY_PY_WASM_CODE_BUDGET_FLOOR ? n : MICROPY_PY_WASM_CODE_BUDGET_FLOOR;
            // in this build's code bytes: a board's share holds its compact
            // code, threaded code (x86-64 hosts) is 2.25x as large (mw_config.h)
            n = n / 100 * MW_CODE_RAM_SCALE + n % 100 * MW_CODE_RAM_SCALE / 100;
            modwasm_check(mw_module_set_code_budget(modwasm_rt(), m, n));
        }
        #else
        (void)lazy;
        (void)len;
        #endif
    } else if (budget != mp_const_none) {
        mp_int_t n = mp_obj_get_int(budget);
        if (n < 1) {
            mp_raise_ValueError(MP_ERROR_TEXT("code_budget must be at least 1"));
        }
        modwasm_check(mw_module_set_code_budget(modwasm_rt(), self->mod, (size_t)n));
    }
    return o;
}
#else
// no code_budget= (the "small" profile): nothing to set
#define modwasm_module_budget(o, budget, lazy, len) (o)
#endif

static MP_NOINLINE mp_obj_t modwasm_module_make(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    enum {
        ARG_data, ARG_multi_memory, ARG_lazy,
        #if MW_FUNC_NAMES
        ARG_names,
        #endif
        ARG_code_budget
    };
    static const mp_arg_t allowed[] = {
        { MP_QSTR_data, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        // False: validate as Wasm 2.0 (one memory, zero-byte memory immediates)
        { MP_QSTR_multi_memory, MP_ARG_KW_ONLY | MP_ARG_BOOL, {.u_bool = true} },
        // True: lower each function on its first call (validated at load all
        // the same); False: lower everything at load; None (default): lazy
        // for bytes, which the module borrows, eager for anything it would
        // have to keep a copy of the code section of
        { MP_QSTR_lazy, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = mp_const_none} },
        #if MW_FUNC_NAMES
        // True: keep the function names of the name section for traps where
        // the module does not keep its binary (bytes are borrowed: always)
        { MP_QSTR_names, MP_ARG_KW_ONLY | MP_ARG_BOOL, {.u_bool = false} },
        #endif
        #if MICROPY_PY_WASM_UNLOWER
        // bytes of lowered code at most (lazy unless lazy=False says otherwise);
        // not given (MP_OBJ_NULL): a lazy module's default (modwasm_module_budget)
        { MP_QSTR_code_budget, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        #endif
    };
    mp_arg_val_t a[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all_kw_array(n_args, n_kw, args, MP_ARRAY_SIZE(allowed), allowed, a);
    mp_obj_t data = a[ARG_data].u_obj;
    mp_buffer_info_t buf;
    mw_runtime *rt = modwasm_rt();
    mw_module *m;
    // bytes are immutable: the module can point into them instead of copying
    // its data segments (and, lazy, its code section); it then keeps the
    // bytes object alive
    bool borrow = mp_obj_is_type(data, &mp_type_bytes);
    #if MICROPY_PY_WASM_UNLOWER
    mp_obj_t budget = a[ARG_code_budget].u_obj;
    #else
    mp_obj_t budget = MP_OBJ_NULL;
    #endif
    bool lazy = a[ARG_lazy].u_obj == mp_const_none ? borrow || (budget != MP_OBJ_NULL && budget != mp_const_none)
                : mp_obj_is_true(a[ARG_lazy].u_obj);
    uint32_t flags = (a[ARG_multi_memory].u_bool ? 0 : MW_LOAD_NO_MULTI_MEMORY) | (lazy ? MW_LOAD_LAZY : 0);
    #if MW_FUNC_NAMES
    flags |= a[ARG_names].u_bool ? MW_LOAD_NAMES : 0;
    #endif
    if (!mp_get_buffer(data, &buf, MP_BUFFER_READ)) {
        // a file opened 'rb' (or any stream): never whole in RAM (lazy=True:
        // the module keeps a copy of the code section); neither: TypeError.
        // An image (its magic first) is read whole instead.
        modwasm_stream_t src = { data, mp_get_stream_raise(data, MP_STREAM_OP_READ), MP_OBJ_NULL, {0}, 0, 0, 0 };
        size_t peak = 0;
        uint32_t sflags = flags;
        src.nhead = modwasm_stream_fill(&src, src.head, sizeof(src.head));
        if (mw_image_is(src.head, src.nhead)) {
            return modwasm_module_budget(modwasm_module_image_stream(type, &src, flags & MW_LOAD_NO_MULTI_MEMORY), budget,
                false, 0);
        }
        mw_status st = mw_module_load_stream(rt, modwasm_stream_read, &src, sflags, &peak, &m);
        if (st != MW_OK) {
            if (src.exc != MP_OBJ_NULL) {
                nlr_raise(src.exc);
            }
            modwasm_check(st);
        }
        modwasm_module_obj_t *o = mp_obj_malloc(modwasm_module_obj_t, type);
        o->mod = m;
        o->data = mp_const_none;
        o->load_peak = peak;
        return modwasm_module_budget(MP_OBJ_FROM_PTR(o), budget, lazy, src.len);
    }
    if (mw_image_is(buf.buf, buf.len)) {
        // a precompiled image: nothing to lower, lazy or not
        return modwasm_module_budget(modwasm_module_from_image(type, data, buf.buf, buf.len, flags & MW_LOAD_NO_MULTI_MEMORY),
            budget, false, 0);
    }
    flags |= borrow ? MW_LOAD_BORROW : 0;
    modwasm_check(mw_module_load(rt, buf.buf, buf.len, flags, &m));
    modwasm_module_obj_t *o = mp_obj_malloc(modwasm_module_obj_t, type);
    o->mod = m;
    o->data = borrow ? data : mp_const_none;
    o->load_peak = 0;
    return modwasm_module_budget(MP_OBJ_FROM_PTR(o), budget, lazy, buf.len);
}

// Module(): its frames on a zeroed stack (modwasm_stack_clean)
static mp_obj_t modwasm_module_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    modwasm_stack_clean();
    return modwasm_module_make(type, n_args, n_kw, args);
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
        #if MICROPY_PY_WASM_UNLOWER
        // module.code_budget = N, as code_budget= at load; None: no budget
        if (attr == MP_QSTR_code_budget && dest[1] != MP_OBJ_NULL) {
            if (dest[1] == mp_const_none) {
                modwasm_check(mw_module_set_code_budget(modwasm_rt(), self->mod, 0));
            } else {
                modwasm_module_budget(self_in, dest[1], true, 0);
            }
            dest[0] = MP_OBJ_NULL;
        }
        #endif
        return;
    }
    if (attr == MP_QSTR_imports) {
        dest[0] = modwasm_module_list(self->mod, true);
    } else if (attr == MP_QSTR_exports) {
        dest[0] = modwasm_module_list(self->mod, false);
    } else if (attr == MP_QSTR_ram) {
        dest[0] = mp_obj_new_int_from_uint(mw_module_ram(self->mod));
    } else if (attr == MP_QSTR_lowered) {
        // (functions lowered now, functions defined)
        mp_obj_t t[2] = {
            mp_obj_new_int_from_uint(mw_module_num_lowered(self->mod)),
            mp_obj_new_int_from_uint(mw_module_num_funcs(self->mod)),
        };
        dest[0] = mp_obj_new_tuple(2, t);
    #if MICROPY_PY_WASM_UNLOWER
    } else if (attr == MP_QSTR_lowerings) {
        // lowerings since the load, again after unlower() or the code budget
        dest[0] = mp_obj_new_int_from_uint(mw_module_num_lowerings(self->mod));
    } else if (attr == MP_QSTR_code_budget) {
        size_t budget = mw_module_code_budget(self->mod);
        dest[0] = budget != 0 ? mp_obj_new_int_from_uint(budget) : mp_const_none;
    #endif
    } else if (attr == MP_QSTR_load_peak) {
        dest[0] = mp_obj_new_int_from_uint(self->load_peak);
    } else {
        dest[1] = MP_OBJ_SENTINEL;    // continue in locals_dict
    }
}

// wasm.frozen(): the names of the images linked into the firmware.
static mp_obj_t modwasm_frozen(void) {
    mp_obj_t list = mp_obj_new_list(0, NULL);
    #if MICROPY_PY_WASM_FROZEN
    for (size_t i = 0; i < modwasm_frozen_count; i++) {
        const char *name = modwasm_frozen_images[i].name;
        mp_obj_list_append(list, mp_obj_new_str(name, strlen(name)));
    }
    #endif
    return list;
}
static MP_DEFINE_CONST_FUN_OBJ_0(modwasm_frozen_obj, modwasm_frozen);

#if MICROPY_PY_WASM_FROZEN
// Module.frozen(name): the image linked in under that name, executing in
// place from flash (0 bytes of RAM for its code and data).
static mp_obj_t modwasm_module_frozen(mp_obj_t cls, mp_obj_t name_in) {
    size_t n;
    const char *name = mp_obj_str_get_data(name_in, &n);
    for (size_t i = 0; i < modwasm_frozen_count; i++) {
        const modwasm_frozen_t *f = &modwasm_frozen_images[i];
        if (strlen(f->name) == n && memcmp(f->name, name, n) == 0) {
            return modwasm_module_from_image(MP_OBJ_TO_PTR(cls), mp_const_none, f->image, f->len, 0);
        }
    }
    modwasm_raise_varg(&mp_type_ValueError, MP_ERROR_TEXT("no frozen image '%s' (wasm.frozen() lists them)"), name);
}
static MP_DEFINE_CONST_FUN_OBJ_2(modwasm_module_frozen_fun_obj, modwasm_module_frozen);
static MP_DEFINE_CONST_CLASSMETHOD_OBJ(modwasm_module_frozen_obj, MP_ROM_PTR(&modwasm_module_frozen_fun_obj));
#endif

#if MICROPY_PY_WASM_UNLOWER
// Module.unlower(): a lazy module drops the code of every function lowered
// so far (each is lowered again on its next call); ValueError for an eager
// module or while a call into wasm runs (from a host function).
static mp_obj_t modwasm_module_unlower(mp_obj_t self_in) {
    modwasm_module_obj_t *self = MP_OBJ_TO_PTR(self_in);
    modwasm_check(mw_module_unlower(modwasm_rt(), self->mod));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(modwasm_module_unlower_obj, modwasm_module_unlower);
#endif

#if MICROPY_PY_WASM_UNLOWER || MICROPY_PY_WASM_FROZEN
static const mp_rom_map_elem_t modwasm_module_locals_table[] = {
    #if MICROPY_PY_WASM_UNLOWER
    { MP_ROM_QSTR(MP_QSTR_unlower), MP_ROM_PTR(&modwasm_module_unlower_obj) },
    #endif
    #if MICROPY_PY_WASM_FROZEN
    { MP_ROM_QSTR(MP_QSTR_frozen), MP_ROM_PTR(&modwasm_module_frozen_obj) },
    #endif
};
static MP_DEFINE_CONST_DICT(modwasm_module_locals, modwasm_module_locals_table);

MP_DEFINE_CONST_OBJ_TYPE(modwasm_type_Module, MP_QSTR_Module, MP_TYPE_FLAG_NONE,
    make_new, modwasm_module_make_new, attr, modwasm_module_attr, locals_dict, &modwasm_module_locals);
#else
MP_DEFINE_CONST_OBJ_TYPE(modwasm_type_Module, MP_QSTR_Module, MP_TYPE_FLAG_NONE,
    make_new, modwasm_module_make_new, attr, modwasm_module_attr);
#endif

// ---- Instance ------------------------------------------------------------------------------------

static NORETURN void modwasm_link_error(const char *why, const mw_extern_desc *d) {
    mp_obj_t ts = modwasm_type_str(d);
    // names by length: a module from an image points into it, unterminated
    modwasm_raise_varg(&modwasm_type_LinkError, MP_ERROR_TEXT("%s: %.*s.%.*s: expected %s %s"), why,
        (int)d->module_len, d->module, (int)d->name_len, d->name, modwasm_kind_names[d->kind],
        mp_obj_str_get_str(ts));
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

// Resolver of the user's imports: `ctx` is the imports mapping ({module:
// {name: value}}, or None). A value that is there but does not fit the
// import's kind is a LinkError.
static bool modwasm_resolve_user(void *ctx, mw_runtime *rt, const mw_extern_desc *d, mw_import *out) {
    mp_obj_t imports = (mp_obj_t)ctx;
    mp_obj_t mapping = imports == mp_const_none ? MP_OBJ_NULL : modwasm_lookup(imports, d->module, d->module_len);
    mp_obj_t v = mapping == MP_OBJ_NULL ? MP_OBJ_NULL : modwasm_lookup(mapping, d->name, d->name_len);
    if (v == MP_OBJ_NULL) {
        return false;
    }
    memset(out, 0, sizeof(*out));
    switch (d->kind) {
        case MW_KIND_FUNC:
            if (mp_obj_is_type(v, &modwasm_type_Function)) {
                out->func = ((modwasm_func_obj_t *)MP_OBJ_TO_PTR(v))->f;
            } else if (mp_obj_is_callable(v) && !mp_obj_is_type(v, &modwasm_type_Memory)
                       && !mp_obj_is_type(v, &modwasm_type_Global) && !mp_obj_is_type(v, &modwasm_type_Table)) {
                out->func = modwasm_host_func(rt, d->func, modwasm_host_call, (void *)v);
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
    return true;
}

static MP_NOINLINE mp_obj_t modwasm_instance_make(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *all_args) {
    enum { ARG_module, ARG_imports, ARG_fuel, ARG_memory_limit, ARG_wasi, ARG_shared_heap, ARG_grants, ARG_grow_raises };
    static const mp_arg_t allowed[] = {
        { MP_QSTR_module, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_imports, MP_ARG_OBJ, {.u_obj = mp_const_none} },
        { MP_QSTR_fuel, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = mp_const_none} },
        { MP_QSTR_memory_limit, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = mp_const_none} },
        { MP_QSTR_wasi, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = mp_const_none} },
        { MP_QSTR_shared_heap, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = mp_const_none} },
        { MP_QSTR_grants, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = mp_const_none} },
        #if MW_GROW_RAISES
        // True: a memory.grow the heap refuses raises MemoryError, not -1
        { MP_QSTR_grow_raises, MP_ARG_KW_ONLY | MP_ARG_BOOL, {.u_bool = false} },
        #endif
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all_kw_array(n_args, n_kw, all_args, MP_ARRAY_SIZE(allowed), allowed, args);
    if (!mp_obj_is_type(args[ARG_module].u_obj, &modwasm_type_Module)) {
        mp_raise_TypeError(MP_ERROR_TEXT("expected a wasm.Module"));
    }
    modwasm_module_obj_t *mod = MP_OBJ_TO_PTR(args[ARG_module].u_obj);
    // shared_heap= is checked before anything is allocated: a wrong one is a
    // TypeError (or a closed heap's ValueError) whatever the heap's state, not
    // a MemoryError on a full heap; it is attached after instantiation.
    if (args[ARG_shared_heap].u_obj != mp_const_none) {
        modsheap_heap(args[ARG_shared_heap].u_obj);
    }
    mw_runtime *rt = modwasm_rt();
    // the finaliser (__del__) detaches a shared heap (modsheap.c)
    modwasm_instance_obj_t *o = mp_obj_malloc_with_finaliser(modwasm_instance_obj_t, type);
    #if MODWASM_HOLDS
    o->held = true;               // until the finaliser (binding.h)
    MODWASM_HOLD(1);
    #endif
    o->module = MP_OBJ_FROM_PTR(mod);
    o->imports = args[ARG_imports].u_obj;
    o->inst = NULL;
    o->windows = MP_OBJ_NULL;
    o->attacher = false;
    modwindow_check_grants(args[ARG_grants].u_obj);
    o->grants = args[ARG_grants].u_obj;
    o->has_fuel = args[ARG_fuel].u_obj != mp_const_none;
    o->fuel = o->has_fuel ? (int64_t)modwasm_int_bits(args[ARG_fuel].u_obj) : 0;
    uint32_t n = mw_module_num_imports(mod->mod);
    // The resolved imports live in a GC block reachable from this frame.
    mw_import *im = m_new0(mw_import, n + 1);
    // wasi=: WASI state (wasi.c) answering "wasi_snapshot_preview1" imports
    void *wasi = modwasi_attach(args[ARG_wasi].u_obj);
    // Who answers an import, asked in this order: WASI (with wasi=), the
    // user's imports, then env.shared_heap_* (sharedheap.c).
    const struct {
        modwasm_resolver_fn fn;
        void *ctx;
    } resolvers[] = {
        { modwasi_resolve, wasi },
        { modwasm_resolve_user, (void *)o->imports },
        { modsheap_resolve, (void *)MP_OBJ_FROM_PTR(o) },
        { modwindow_resolve, (void *)MP_OBJ_FROM_PTR(o) },
    };
    for (uint32_t i = 0; i < n; i++) {
        mw_extern_desc d;
        mw_module_import(mod->mod, i, &d);
        size_t k = 0;
        while (k < MP_ARRAY_SIZE(resolvers)
               && (resolvers[k].ctx == NULL || !resolvers[k].fn(resolvers[k].ctx, rt, &d, &im[i]))) {
            k++;
        }
        if (k == MP_ARRAY_SIZE(resolvers)) {
            modwasm_link_error("unknown import", &d);
        }
    }
    mw_inst_options opt;
    memset(&opt, 0, sizeof(opt));
    if (args[ARG_memory_limit].u_obj != mp_const_none) {
        opt.memory_limit = modwasm_int_bits(args[ARG_memory_limit].u_obj);
    }
    opt.fuel = o->has_fuel ? &o->fuel : NULL;
    #if MW_GROW_RAISES
    opt.grow_raises = args[ARG_grow_raises].u_bool;
    #endif
    mw_instance *inst = NULL;
    // The engine makes the instance's memories last so that a memory can grow
    // in place (instance.c). What the binding makes after them must not land
    // right after a memory's block: the Exports now, and the room (binding.h),
    // a hole of 1 KiB below them for the small objects that come before the
    // first grow (an export's function object at start()). Else that first
    // grow moves the memory above everything, and its old block is a hole it
    // never uses again (xz on the host: -89,088 B of heap,
    // docs/benchmarks-history.md "RAM (session 19)"). Made first, the room
    // lies below the runtime's stacks too, when the instance makes them, and
    // keeps small blocks out of the run they leave when they are given back.
    // It gives way to whatever does not fit beside it (the stacks, the
    // memory), before the engine gives up the stacks for the memory: the
    // stacks and the memory then still lie together, or the memory alone at
    // the run's start, and the run they leave is whole (netduinoplus2 with
    // wasm.mpy, docs/benchmarks.md "Default stacks (session 33)").
    modwasm_exports_obj_t *ex = mp_obj_malloc(modwasm_exports_obj_t, &modwasm_type_Exports);
    bool room = (MP_STATE_VM(modwasm_room) = m_malloc_maybe(MODWASM_ROOM_BELOW_MEMORY)) != NULL;
    modwasm_entry_t entry = { .m = mod->mod, .imports = im, .opt = &opt, .out = &inst };
    mw_status st = modwasm_enter(rt, &entry);   // faults -> Trap
    modwasm_room_give();
    // Out of memory with no instance made, nothing ran (no segment, no start
    // function: mw.h), so without the room it is tried once more: the small
    // blocks made after the room then fill its hole, and a memory that fits
    // the heap's last free run only without them fits then (docs/benchmarks.md
    // "RAM (session 20)").
    if (room && st == MW_ERR_NOMEM && inst == NULL) {
        st = modwasm_enter(rt, &entry);
    }
    if (st == MW_ERR_LINK) {
        mw_extern_desc d;
        mw_module_import(mod->mod, mw_last_report(rt)->index, &d);
        modwasm_link_error("incompatible import type", &d);
    }
    modwasm_check(st);
    o->inst = inst;
    if (wasi != NULL) {
        modwasi_bind(wasi, inst);
    }
    if (args[ARG_shared_heap].u_obj != mp_const_none) {
        modsheap_attach(MP_OBJ_FROM_PTR(o), args[ARG_shared_heap].u_obj, false);
    }
    ex->inst = o;
    o->exports = MP_OBJ_FROM_PTR(ex);
    return MP_OBJ_FROM_PTR(o);
}

// Instance(): its frames on a zeroed stack (modwasm_stack_clean)
static mp_obj_t modwasm_instance_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *all_args) {
    modwasm_stack_clean();
    return modwasm_instance_make(type, n_args, n_kw, all_args);
}

// inst.attach(heap, readonly=False)
static mp_obj_t modwasm_instance_attach(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum { ARG_self, ARG_heap, ARG_readonly };
    static const mp_arg_t allowed[] = {
        { MP_QSTR_self, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_heap, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_readonly, MP_ARG_KW_ONLY | MP_ARG_BOOL, {.u_bool = false} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed), allowed, args);
    modsheap_attach(args[ARG_self].u_obj, args[ARG_heap].u_obj, args[ARG_readonly].u_bool);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(modwasm_instance_attach_obj, 1, modwasm_instance_attach);

// inst.detach(); also the Instance's finaliser, so a collected instance
// leaves its heap free to be chained, reset or closed.
static mp_obj_t modwasm_instance_detach(mp_obj_t inst) {
    mw_instance *mi = modwasm_get_inst(inst);
    modwasm_instance_obj_t *o = MP_OBJ_TO_PTR(inst);
    if (mi != NULL && o->attacher) {
        mw_instance_detach(mi);       // (the engine: only if this one attached what memory 0 has now)
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(modwasm_instance_detach_obj, modwasm_instance_detach);

// The finaliser: a collected instance gives back its heap and its windows,
// and holds the runtime's stacks no more (once: a script may call __del__).
static mp_obj_t modwasm_instance_del(mp_obj_t inst) {
    #if MODWASM_HOLDS
    modwasm_instance_obj_t *o = MP_OBJ_TO_PTR(inst);
    if (o->held) {
        o->held = false;
        MODWASM_HOLD(-1);
    }
    #endif
    modwindow_release(inst);
    return modwasm_instance_detach(inst);
}
static MP_DEFINE_CONST_FUN_OBJ_1(modwasm_instance_del_obj, modwasm_instance_del);

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
    } else if (attr == MP_QSTR_windows) {
        dest[0] = modwindow_list(self_in);
    } else {
        dest[1] = MP_OBJ_SENTINEL;    // continue in locals_dict
    }
}

static const mp_rom_map_elem_t modwasm_instance_locals_table[] = {
    { MP_ROM_QSTR(MP_QSTR_attach), MP_ROM_PTR(&modwasm_instance_attach_obj) },
    { MP_ROM_QSTR(MP_QSTR_detach), MP_ROM_PTR(&modwasm_instance_detach_obj) },
    { MP_ROM_QSTR(MP_QSTR_map), MP_ROM_PTR(&modwindow_map_obj) },
    { MP_ROM_QSTR(MP_QSTR_unmap), MP_ROM_PTR(&modwindow_unmap_obj) },
    // the finaliser: a collected instance leaves its heap and windows free
    { MP_ROM_QSTR(MP_QSTR___del__), MP_ROM_PTR(&modwasm_instance_del_obj) },
};
static MP_DEFINE_CONST_DICT(modwasm_instance_locals, modwasm_instance_locals_table);

MP_DEFINE_CONST_OBJ_TYPE(modwasm_type_Instance, MP_QSTR_Instance, MP_TYPE_FLAG_NONE,
    make_new, modwasm_instance_make_new, attr, modwasm_instance_attr, locals_dict, &modwasm_instance_locals);

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
        modwasm_raise_varg(&mp_type_TypeError, MP_ERROR_TEXT("function takes %d arguments but %d were given"),
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
    // a memory fault inside wasm (a store into a ro region) becomes wasm.Trap
    modwasm_entry_t entry = { .f = self->f, .args = vals, .results = vals, .fuel = fuelp };
    mw_status st = modwasm_enter(modwasm_rt(), &entry);
    modwasm_check(st);
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

// f(*args, fuel=None): fuel a budget for this call only (MP_OBJ_NULL when
// not given: the instance's fuel, if it has some)
static mp_obj_t modwasm_func_call(mp_obj_t self_in, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    static const mp_arg_t allowed[] = {
        { MP_QSTR_fuel, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
    };
    mp_arg_val_t fuel;
    mp_arg_parse_all_kw_array(0, n_kw, args + n_args, MP_ARRAY_SIZE(allowed), allowed, &fuel);
    return modwasm_func_invoke(MP_OBJ_TO_PTR(self_in), n_args, args, fuel.u_obj, false);
}

// f.call_raw(*args, fuel=None)
static mp_obj_t modwasm_func_call_raw(size_t n_args, const mp_obj_t *args, mp_map_t *kw_args) {
    static const mp_arg_t allowed[] = {
        { MP_QSTR_fuel, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
    };
    mp_arg_val_t fuel;
    mp_arg_parse_all(0, NULL, kw_args, MP_ARRAY_SIZE(allowed), allowed, &fuel);
    return modwasm_func_invoke(MP_OBJ_TO_PTR(args[0]), n_args - 1, args + 1, fuel.u_obj, true);
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
    mp_printf(print, "<wasm.Function %s>", mp_obj_str_get_str(modwasm_functype_str(mw_func_type(self->f))));
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

// wasm.stack_size([slots[, frames]]): the sizes of the runtime's value stack
// (8-byte slots) and call depth before this call; with arguments, resize them
// for the calls after (docs/wasm.md): the stacks are allocated on a call,
// (slots + 2) * 8 + (frames + 1) * 16 bytes on 32-bit. Not inside a wasm call.
static mp_obj_t modwasm_stack_size(size_t n_args, const mp_obj_t *args) {
    mw_runtime *rt = modwasm_rt();
    uint32_t now[2];
    mw_runtime_stacks(rt, &now[0], &now[1]);
    mp_obj_t old[2] = { mp_obj_new_int_from_uint(now[0]), mp_obj_new_int_from_uint(now[1]) };
    for (size_t i = 0; i < n_args; i++) {
        mp_int_t v = mp_obj_get_int(args[i]);
        if (v < 1 || v > 0x1000000) {
            modwasm_raise_varg(&mp_type_ValueError, MP_ERROR_TEXT("stack_size: %s must be 1..16777216"),
                i == 0 ? "slots" : "frames");
        }
        now[i] = (uint32_t)v;
    }
    if (n_args > 0 && mw_runtime_set_stacks(rt, now[0], now[1]) != MW_OK) {
        mp_raise_msg(&mp_type_RuntimeError, MP_ERROR_TEXT("stack_size: not inside a wasm call"));
    }
    return mp_obj_new_tuple(2, old);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(modwasm_stack_size_obj, 0, 2, modwasm_stack_size);

// ---- module ---------------------------------------------------------------------------------------------------------

// Runs on the first import in each VM: forget a runtime from before a soft
// reset (its memory was in the old heap). MicroPython calls a built-in
// module's __init__ on every import that does not find the module in
// sys.modules, so the first one also puts it there: a second `import wasm`
// (a helper module's, a REPL line's) must not drop the runtime and what was
// set on it (wasm.stack_size). A soft reset empties sys.modules. The natmod
// build runs this once, when its .mpy is imported (ports/natmod/natmod.c).
extern const mp_obj_module_t modwasm_module;
static mp_obj_t modwasm___init__(void) {
    #if !defined(MPWASM_NATMOD)
    mp_obj_t modules = MP_OBJ_FROM_PTR(&MP_STATE_VM(mp_loaded_modules_dict));
    if (mp_map_lookup(mp_obj_dict_get_map(modules), MP_OBJ_NEW_QSTR(MP_QSTR_wasm), MP_MAP_LOOKUP) != NULL) {
        return mp_const_none;
    }
    mp_obj_dict_store(modules, MP_OBJ_NEW_QSTR(MP_QSTR_wasm), MP_OBJ_FROM_PTR(&modwasm_module));
    #endif
    MP_STATE_VM(modwasm_host_exc) = MP_OBJ_NULL;
    MP_STATE_VM(modwasm_movable) = MP_OBJ_NULL;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_0(modwasm___init___obj, modwasm___init__);

static const mp_rom_map_elem_t modwasm_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_wasm) },
    { MP_ROM_QSTR(MP_QSTR___init__), MP_ROM_PTR(&modwasm___init___obj) },
    { MP_ROM_QSTR(MP_QSTR_Module), MP_ROM_PTR(&modwasm_type_Module) },
    { MP_ROM_QSTR(MP_QSTR_frozen), MP_ROM_PTR(&modwasm_frozen_obj) },
    { MP_ROM_QSTR(MP_QSTR_stack_size), MP_ROM_PTR(&modwasm_stack_size_obj) },
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

#endif // MICROPY_PY_WASM
