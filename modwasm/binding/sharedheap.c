// SPDX-License-Identifier: MIT
// sharedheap.c: wasm.SharedHeap (WAMR 2.4's shared heap and shared-heap
// chains, over the engine's sheap.c), wasm.chain / wasm.unchain, attaching a
// heap to an instance, the env.shared_heap_malloc/free imports, and the C API
// of include/native/mpwasm_sheap.h. Heap bytes come from the GC heap (managed
// heaps), a Python buffer or a board region; the engine heap's `user` pointer
// is the Python object, so a chain or an attaching instance keeps every heap
// and buffer of it alive.
#include <string.h>

#include "py/gc.h"
#include "py/runtime.h"
#include "py/objarray.h"
#include "py/objint.h"
#include "ports/common/regions.h"
#include "binding.h"
#include "../include/native/mpwasm_sheap.h"

#if MICROPY_PY_WASM

typedef struct _modsheap_obj_t {
    mp_obj_base_t base;
    mw_sheap *h;              // NULL once closed
    mp_obj_t owner;           // the buffer object (buffer=), else None
    uint8_t *data;            // the heap's bytes (a GC block for a managed heap)
    uint8_t *gc_base;         // start of the GC block holding them (or data)
    size_t size;
    const char *region;       // region name (region=), else NULL
} modsheap_obj_t;

static modsheap_obj_t *modsheap_obj(mp_obj_t o) {
    if (!mp_obj_is_type(o, &modsheap_type_SharedHeap)) {
        mp_raise_TypeError(MP_ERROR_TEXT("expected a wasm.SharedHeap"));
    }
    return MP_OBJ_TO_PTR(o);
}

// True if a heap of the chain from h is over a bytearray or array.array
// that moved its bytes (it grew: a new block, the old one freed) or shrank
// since: MicroPython cannot refuse the resize, and a heap's place (its size
// below 2^32) cannot follow a shrink, so the heap is not used again until
// its object has its old bytes and length back (a shrink, then a growth into
// the same block).
static bool modsheap_moved_one(const modsheap_obj_t *o) {
    mp_buffer_info_t b;
    return modwindow_movable(o->owner) && mp_get_buffer(o->owner, &b, MP_BUFFER_READ)
           && (b.buf != o->data || b.len < o->size);
}

static bool modsheap_moved(mw_sheap *h) {
    for (; h != NULL; h = mw_sheap_body(h)) {
        if (modsheap_moved_one(mw_sheap_user(h))) {
            return true;
        }
    }
    return false;
}

static void modsheap_raise_moved(void) {
    mp_raise_ValueError(MP_ERROR_TEXT("heap's buffer was resized: keep its length"));
}

static void modsheap_check_moved(mw_sheap *h) {
    if (modsheap_moved(h)) {
        modsheap_raise_moved();
    }
}

// The engine heap of an open SharedHeap whose bytes (and its chain's) are in place.
static mw_sheap *modsheap_get(mp_obj_t o) {
    modsheap_obj_t *self = modsheap_obj(o);
    if (self->h == NULL) {
        mp_raise_ValueError(MP_ERROR_TEXT("heap is closed"));
    }
    modsheap_check_moved(self->h);
    return self->h;
}

void modsheap_watch(mw_sheap *h) {
    // modsheap_get checked h and the heaps behind it: here those in front
    // of it, once each (a heap that moved keeps the chain out of use)
    while (mw_sheap_head(h) != NULL) {
        h = mw_sheap_head(h);
        if (modsheap_moved_one(mw_sheap_user(h))) {
            modsheap_raise_moved();
        }
    }
    // every movable heap of the whole chain: it is in use while any heap of it is
    for (; h != NULL; h = mw_sheap_body(h)) {
        modsheap_obj_t *o = mw_sheap_user(h);
        if (modwindow_movable(o->owner)) {
            modwindow_watch(MP_OBJ_FROM_PTR(o));
        }
    }
}

bool modsheap_guard(mp_obj_t heap) {
    modsheap_obj_t *self = MP_OBJ_TO_PTR(heap);
    if (self->h == NULL || !mw_sheap_in_use(self->h)) {
        return false;
    }
    if (modsheap_moved_one(self)) {
        modsheap_raise_moved();
    }
    return true;
}

mw_sheap *modsheap_heap(mp_obj_t heap) {
    return modsheap_get(heap);
}

static mp_obj_t modsheap_user(mw_sheap *h) {
    return h == NULL ? mp_const_none : (mp_obj_t)mw_sheap_user(h);
}

// An app address argument: an int in [0, 2^32).
static uint32_t modsheap_u32(mp_obj_t o, const char *what) {
    if (!mp_obj_is_int(o)) {
        mp_raise_TypeError(MP_ERROR_TEXT("expected an int"));
    }
    if (mp_obj_int_sign(o) < 0
        || mp_obj_is_true(mp_binary_op(MP_BINARY_OP_MORE, o, mp_obj_new_int_from_ull(0xffffffffu)))) {
        modwasm_raise_varg(&mp_type_ValueError, MP_ERROR_TEXT("%s must be 0 .. 2**32-1"), what);
    }
    return (uint32_t)mp_obj_int_get_truncated(o);
}

// ---- SharedHeap ---------------------------------------------------------------------

#if MW_GUARD_PAGES
// A host with guard pages shows a heap's pages at their app addresses in
// each memory's reservation, with no fault per access, where its bytes and
// its app addresses agree within a page (modwasm/host/guard_posix.h).
#define MODSHEAP_PAGE ((uintptr_t)4096)
#define MODSHEAP_FILLERS 16

// A zeroed GC block of n bytes whose start agrees with app_addr within a
// page, or NULL (the caller takes any block). The collector allocates
// first fit: a block of n + a page holds such a start; it is cut back to the
// bytes before that start, and the rest is the first free range large
// enough for n unless an earlier one is, which fillers take meanwhile (all
// freed after). The block's start is kept as the heap's bytes, so views of
// them keep it alive as before.
static uint8_t *modsheap_agreeing_block(size_t n, uint32_t app_addr) {
    uint8_t *wide = gc_alloc(n + MODSHEAP_PAGE, 0);
    if (wide == NULL) {
        return NULL;
    }
    size_t lead = (size_t)(((uintptr_t)app_addr - (uintptr_t)wide) % MODSHEAP_PAGE);
    uint8_t *got = NULL;
    if (lead == 0) {
        got = gc_realloc(wide, n, false);
    } else if (lead % MICROPY_BYTES_PER_GC_BLOCK == 0 && gc_realloc(wide, lead, false) == wide) {
        uint8_t *fillers[MODSHEAP_FILLERS];
        size_t nfillers = 0;
        while (nfillers < MODSHEAP_FILLERS) {
            uint8_t *b = gc_alloc(n, 0);
            if (b == NULL || b == wide + lead) {
                got = b;
                break;
            }
            fillers[nfillers++] = b;
        }
        while (nfillers > 0) {
            gc_free(fillers[--nfillers]);
        }
        gc_free(wide);
    } else {
        gc_free(wide);
    }
    if (got != NULL) {
        memset(got, 0, n);
    }
    return got;
}
#endif

// SharedHeap(size) | SharedHeap(buffer=b) | SharedHeap(region="NAME")
static mp_obj_t modsheap_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *all_args) {
    enum { ARG_size, ARG_buffer, ARG_region };
    static const mp_arg_t allowed[] = {
        { MP_QSTR_size, MP_ARG_OBJ, {.u_obj = mp_const_none} },
        { MP_QSTR_buffer, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = mp_const_none} },
        { MP_QSTR_region, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = mp_const_none} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all_kw_array(n_args, n_kw, all_args, MP_ARRAY_SIZE(allowed), allowed, args);
    int given = (args[ARG_size].u_obj != mp_const_none) + (args[ARG_buffer].u_obj != mp_const_none)
        + (args[ARG_region].u_obj != mp_const_none);
    if (given != 1) {
        mp_raise_TypeError(MP_ERROR_TEXT("give one of size, buffer= or region="));
    }
    mw_runtime *rt = modwasm_rt();
    modsheap_obj_t *o = mp_obj_malloc(modsheap_obj_t, type);
    o->h = NULL;
    o->owner = mp_const_none;
    o->region = NULL;
    bool managed = false;
    if (args[ARG_size].u_obj != mp_const_none) {
        // WAMR rounds a heap size up (to its page); we round to the allocator's 8 bytes.
        mp_int_t n = mp_obj_get_int(args[ARG_size].u_obj);
        if (n < (mp_int_t)MW_SHEAP_MIN_MANAGED || (mp_uint_t)n > MW_SHEAP_SPACE) {
            mp_raise_ValueError(MP_ERROR_TEXT("size must be 64 .. 2**31"));
        }
        o->size = ((size_t)n + 7u) & ~(size_t)7u;
        if ((mp_uint_t)o->size > MW_SHEAP_SPACE) {
            mp_raise_ValueError(MP_ERROR_TEXT("size must be 64 .. 2**31"));
        }
        #if MW_GUARD_PAGES
        o->data = modsheap_agreeing_block(o->size, (uint32_t)(MW_APP_SPACE - o->size));
        if (o->data == NULL) {
            o->data = m_malloc0(o->size);
        }
        #else
        o->data = m_malloc0(o->size);
        #endif
        o->gc_base = o->data;
        managed = true;
    } else if (args[ARG_buffer].u_obj != mp_const_none) {
        mp_buffer_info_t buf;
        if (!mp_get_buffer(args[ARG_buffer].u_obj, &buf, MP_BUFFER_RW)) {
            mp_raise_TypeError(MP_ERROR_TEXT("buffer must be writable (bytearray, memoryview, array)"));
        }
        if (buf.len == 0 || buf.len > MW_SHEAP_SPACE) {
            mp_raise_ValueError(MP_ERROR_TEXT("buffer size must be 1 .. 2**31"));
        }
        o->owner = args[ARG_buffer].u_obj;
        o->data = buf.buf;
        // bytearray, array and memoryview keep their block's start in
        // `items` (a memoryview slice adds an offset): views made from it
        // keep the block alive even when the slice object is gone
        o->gc_base = o->data;
        if (mp_obj_is_type(o->owner, &mp_type_bytearray) || mp_obj_is_type(o->owner, &mp_type_memoryview)
            #if MICROPY_PY_ARRAY
            || mp_obj_is_type(o->owner, &mp_type_array)
            #endif
            ) {
            uint8_t *items = ((mp_obj_array_t *)MP_OBJ_TO_PTR(o->owner))->items;
            if (items <= o->data) {
                o->gc_base = items;
            }
        }
        o->size = buf.len;
    } else {
        const char *name = mp_obj_str_get_str(args[ARG_region].u_obj);
        const mpwasm_region_t *r = mpwasm_region_find(name);
        if (r == NULL) {
            modwasm_raise_varg(&mp_type_ValueError, MP_ERROR_TEXT("unknown region '%s'"), name);
        }
        if (r->access == MPWASM_REGION_NONE || r->size == 0 || r->size > MW_SHEAP_SPACE) {
            modwasm_raise_varg(&mp_type_ValueError, MP_ERROR_TEXT("region '%s' cannot hold a heap"), name);
        }
        o->region = r->name;
        o->data = (uint8_t *)r->base;
        o->gc_base = o->data;
        o->size = r->size;
    }
    modwasm_check(mw_sheap_new(rt, o->data, (uint32_t)o->size, managed, o, &o->h));
    return MP_OBJ_FROM_PTR(o);
}

static mp_obj_t modsheap_malloc(mp_obj_t self_in, mp_obj_t n_in) {
    mw_sheap *h = modsheap_get(self_in);
    mp_int_t n = mp_obj_get_int(n_in);
    if (n < 0 || (mp_uint_t)n > 0x7fffffffu) {
        mp_raise_ValueError(MP_ERROR_TEXT("invalid size"));
    }
    bool has_allocator = false;
    for (mw_sheap *x = h; x != NULL; x = mw_sheap_body(x)) {
        has_allocator |= mw_sheap_managed(x);
    }
    if (!has_allocator) {
        mp_raise_ValueError(MP_ERROR_TEXT("pre-allocated heap: no allocator"));
    }
    uint32_t app_addr = mw_sheap_malloc(h, (uint32_t)n);
    if (app_addr == 0) {
        modwasm_raise_varg(&mp_type_MemoryError, MP_ERROR_TEXT("shared heap: no free block of %u bytes"), (unsigned)n);
    }
    return mp_obj_new_int_from_uint(app_addr);
}
static MP_DEFINE_CONST_FUN_OBJ_2(modsheap_malloc_obj, modsheap_malloc);

static mp_obj_t modsheap_free(mp_obj_t self_in, mp_obj_t addr) {
    mw_sheap *h = modsheap_get(self_in);
    if (!mw_sheap_free_block(h, modsheap_u32(addr, "address"))) {
        mp_raise_ValueError(MP_ERROR_TEXT("not an allocated block of this heap"));
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(modsheap_free_obj, modsheap_free);

// wasm.chain(head, body) / head.chain(body): returns the new head.
static mp_obj_t modsheap_chain(mp_obj_t head, mp_obj_t body) {
    mw_runtime *rt = modwasm_rt();
    mw_sheap *h = modsheap_get(head);   // head first: C leaves the order of arguments open
    mw_sheap *b = modsheap_get(body);
    mw_status st = mw_sheap_chain(rt, h, b);
    modwasm_check(st);
    return head;
}
MP_DEFINE_CONST_FUN_OBJ_2(modsheap_chain_obj, modsheap_chain);

// wasm.unchain(head, entire=False) / head.unchain(entire=False): the new head
// (the old body), or None when the whole chain was dissolved.
static mp_obj_t modsheap_unchain(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum { ARG_head, ARG_entire };
    static const mp_arg_t allowed[] = {
        { MP_QSTR_head, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_entire, MP_ARG_BOOL, {.u_bool = false} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed), allowed, args);
    mw_runtime *rt = modwasm_rt();
    mw_sheap *nh;
    mw_status st = mw_sheap_unchain(rt, modsheap_get(args[ARG_head].u_obj), args[ARG_entire].u_bool, &nh);
    modwasm_check(st);
    return modsheap_user(nh);
}
MP_DEFINE_CONST_FUN_OBJ_KW(modsheap_unchain_obj, 1, modsheap_unchain);

static mp_obj_t modsheap_reset(mp_obj_t self_in) {
    mw_runtime *rt = modwasm_rt();
    mw_status st = mw_sheap_reset(rt, modsheap_get(self_in));
    modwasm_check(st);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(modsheap_reset_obj, modsheap_reset);

// Beyond WAMR: destroy one heap. Its bytes stay valid for views made before
// (the GC frees them with the last view); new views and all calls raise.
static mp_obj_t modsheap_close(mp_obj_t self_in) {
    modsheap_obj_t *self = modsheap_obj(self_in);
    if (self->h != NULL) {
        mw_runtime *rt = modwasm_rt();
        mw_status st = mw_sheap_free(rt, self->h);
        modwasm_check(st);
        self->h = NULL;
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(modsheap_close_obj, modsheap_close);

// heap.view(app_addr, n): a writable memoryview of n bytes at app_addr, which
// must lie in one heap of this chain. The view points at the heap's own
// bytes (its base pointer + an offset, so the GC keeps the bytes alive).
static mp_obj_t modsheap_view(mp_obj_t self_in, mp_obj_t addr_in, mp_obj_t n_in) {
    mw_sheap *h = modsheap_get(self_in);
    uint32_t app_addr = modsheap_u32(addr_in, "address");
    uint32_t n = modsheap_u32(n_in, "length");
    mw_sheap *x = mw_sheap_find(h, app_addr, n);
    if (x == NULL) {
        mp_raise_ValueError(MP_ERROR_TEXT("range is not inside one heap"));
    }
    uint8_t *p = mw_sheap_data(x) + (size_t)(app_addr - mw_sheap_start(x));
    uint8_t *base = ((modsheap_obj_t *)mw_sheap_user(x))->gc_base;
    size_t off = (size_t)(p - base);
    if (off >= ((size_t)1 << MP_OBJ_ARRAY_FREE_SIZE_BITS)) {
        mp_raise_ValueError(MP_ERROR_TEXT("offset too large for a memoryview"));
    }
    mp_obj_array_t *v = m_new_obj(mp_obj_array_t);
    mp_obj_memoryview_init(v, 'B' | MP_OBJ_ARRAY_TYPECODE_FLAG_RW, off, n, base);
    return MP_OBJ_FROM_PTR(v);
}
static MP_DEFINE_CONST_FUN_OBJ_3(modsheap_view_obj, modsheap_view);

// heap.app_addr(offset=0): the app address of byte `offset` of this heap.
static mp_obj_t modsheap_app_addr(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum { ARG_self, ARG_offset };
    static const mp_arg_t allowed[] = {
        { MP_QSTR_self, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_offset, MP_ARG_INT, {.u_int = 0} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed), allowed, args);
    mw_sheap *h = modsheap_get(args[ARG_self].u_obj);
    mp_int_t off = args[ARG_offset].u_int;
    if (off < 0 || (mp_uint_t)off >= mw_sheap_size(h)) {
        mp_raise_ValueError(MP_ERROR_TEXT("offset outside the heap"));
    }
    return mp_obj_new_int_from_ull(mw_sheap_start(h) + (uint64_t)off);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(modsheap_app_addr_obj, 1, modsheap_app_addr);

// heap.offset(app_addr): the byte offset in this heap of an app address.
static mp_obj_t modsheap_offset(mp_obj_t self_in, mp_obj_t addr_in) {
    mw_sheap *h = modsheap_get(self_in);
    uint32_t app_addr = modsheap_u32(addr_in, "address");
    if (app_addr < mw_sheap_start(h) || app_addr - mw_sheap_start(h) >= mw_sheap_size(h)) {
        mp_raise_ValueError(MP_ERROR_TEXT("address outside the heap"));
    }
    return mp_obj_new_int_from_uint((mp_uint_t)(app_addr - mw_sheap_start(h)));
}
static MP_DEFINE_CONST_FUN_OBJ_2(modsheap_offset_obj, modsheap_offset);

static mp_int_t modsheap_get_buffer(mp_obj_t self_in, mp_buffer_info_t *bufinfo, mp_uint_t flags) {
    (void)flags;
    modsheap_get(self_in);
    modsheap_obj_t *self = MP_OBJ_TO_PTR(self_in);
    bufinfo->buf = self->data;
    bufinfo->len = self->size;
    bufinfo->typecode = 'B';
    return 0;
}

static mp_obj_t modsheap_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    modsheap_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (op == MP_UNARY_OP_LEN) {
        return mp_obj_new_int_from_uint(self->size);
    }
    return MP_OBJ_NULL;
}

static void modsheap_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    modsheap_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (dest[0] != MP_OBJ_NULL) {
        return;
    }
    if (attr == MP_QSTR_closed) {
        dest[0] = mp_obj_new_bool(self->h == NULL);
    } else if (attr == MP_QSTR_size) {
        dest[0] = mp_obj_new_int_from_uint(self->size);
    } else if (attr == MP_QSTR_region) {
        dest[0] = self->region ? mp_obj_new_str(self->region, strlen(self->region)) : mp_const_none;
    } else if (attr == MP_QSTR_managed) {
        dest[0] = mp_obj_new_bool(self->owner == mp_const_none && self->region == NULL);
    } else if (self->h == NULL && (attr == MP_QSTR_start || attr == MP_QSTR_body || attr == MP_QSTR_head
                                   || attr == MP_QSTR_attached)) {
        mp_raise_ValueError(MP_ERROR_TEXT("heap is closed"));
    } else if (attr == MP_QSTR_start) {
        dest[0] = mp_obj_new_int_from_ull(mw_sheap_start(self->h));
    } else if (attr == MP_QSTR_body) {
        dest[0] = modsheap_user(mw_sheap_body(self->h));
    } else if (attr == MP_QSTR_head) {
        dest[0] = modsheap_user(mw_sheap_head(self->h));
    } else if (attr == MP_QSTR_attached) {
        dest[0] = mp_obj_new_bool(mw_sheap_in_use(self->h));
    } else {
        dest[1] = MP_OBJ_SENTINEL;
    }
}

static void modsheap_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    (void)kind;
    modsheap_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->h == NULL) {
        mp_printf(print, "<SharedHeap closed>");
        return;
    }
    uint64_t start = mw_sheap_start(self->h);
    mp_printf(print, "<SharedHeap %s %u bytes at 0x%08lx..0x%08lx>",
        self->region ? self->region : mw_sheap_managed(self->h) ? "managed" : "buffer",
        (unsigned)self->size, (unsigned long)start, (unsigned long)(start + self->size - 1));
}

static const mp_rom_map_elem_t modsheap_locals_table[] = {
    { MP_ROM_QSTR(MP_QSTR_malloc), MP_ROM_PTR(&modsheap_malloc_obj) },
    { MP_ROM_QSTR(MP_QSTR_free), MP_ROM_PTR(&modsheap_free_obj) },
    { MP_ROM_QSTR(MP_QSTR_chain), MP_ROM_PTR(&modsheap_chain_obj) },
    { MP_ROM_QSTR(MP_QSTR_unchain), MP_ROM_PTR(&modsheap_unchain_obj) },
    { MP_ROM_QSTR(MP_QSTR_reset), MP_ROM_PTR(&modsheap_reset_obj) },
    { MP_ROM_QSTR(MP_QSTR_close), MP_ROM_PTR(&modsheap_close_obj) },
    { MP_ROM_QSTR(MP_QSTR_view), MP_ROM_PTR(&modsheap_view_obj) },
    { MP_ROM_QSTR(MP_QSTR_app_addr), MP_ROM_PTR(&modsheap_app_addr_obj) },
    { MP_ROM_QSTR(MP_QSTR_offset), MP_ROM_PTR(&modsheap_offset_obj) },
};
static MP_DEFINE_CONST_DICT(modsheap_locals, modsheap_locals_table);

MP_DEFINE_CONST_OBJ_TYPE(modsheap_type_SharedHeap, MP_QSTR_SharedHeap, MP_TYPE_FLAG_NONE,
    make_new, modsheap_make_new, print, modsheap_print, attr, modsheap_attr,
    buffer, modsheap_get_buffer, unary_op, modsheap_unary_op, locals_dict, &modsheap_locals);

// ---- attaching to an instance ------------------------------------------------------

void modsheap_attach(mp_obj_t inst, mp_obj_t heap, bool readonly) {
    mw_sheap *h = modsheap_get(heap);
    mw_instance *mi = modwasm_get_inst(inst);
    mw_runtime *rt = modwasm_rt();
    modsheap_watch(h);            // before: a MemoryError leaves no heap attached unwatched
    mw_status st = mw_instance_attach(rt, mi, h, readonly);
    modwasm_check(st);
    ((modwasm_instance_obj_t *)MP_OBJ_TO_PTR(inst))->attacher = true;
}

mp_obj_t modsheap_inst_heap(mp_obj_t inst) {
    mw_instance *mi = modwasm_get_inst(inst);
    return modsheap_user(mi != NULL ? mw_instance_sheap(mi, NULL) : NULL);
}

// ---- env.shared_heap_malloc / free / base / size ----------------------------------------
// WAMR's imports: malloc returns 0 on failure (also with no heap attached, or
// a read-only one); free ignores addresses it does not know. Beyond WAMR,
// base() and size() tell an app the attached chain's app address range
// [base, base + size) (it ends at 2^32), both 0 with no heap attached, so a
// guest kit can check a pointer it is given (sdk/).

static mw_sheap *modsheap_inst_sheap_rw(void *ctx) {
    mw_instance *mi = modwasm_get_inst((mp_obj_t)ctx);
    bool ro = false;
    mw_sheap *h = mi != NULL ? mw_instance_sheap(mi, &ro) : NULL;
    return ro ? NULL : h;
}

static mw_status modsheap_host_malloc(void *ctx, mw_func *self, mw_val *slots) {
    (void)self;
    mw_sheap *h = modsheap_inst_sheap_rw(ctx);
    slots[0].i64 = h != NULL ? mw_sheap_malloc(h, slots[0].i32) : 0;
    return MW_OK;
}

static mw_status modsheap_host_free(void *ctx, mw_func *self, mw_val *slots) {
    (void)self;
    mw_sheap *h = modsheap_inst_sheap_rw(ctx);
    if (h != NULL) {
        mw_sheap_free_block(h, slots[0].i32);
    }
    return MW_OK;
}

// The attached chain's lowest app address (its head's start); 0 with none.
static uint32_t modsheap_inst_base(void *ctx) {
    mw_instance *mi = modwasm_get_inst((mp_obj_t)ctx);
    mw_sheap *h = mi != NULL ? mw_instance_sheap(mi, NULL) : NULL;
    return h != NULL ? (uint32_t)mw_sheap_start(h) : 0;
}

static mw_status modsheap_host_base(void *ctx, mw_func *self, mw_val *slots) {
    (void)self;
    slots[0].i64 = modsheap_inst_base(ctx);
    return MW_OK;
}

static mw_status modsheap_host_size(void *ctx, mw_func *self, mw_val *slots) {
    (void)self;
    uint32_t base = modsheap_inst_base(ctx);
    slots[0].i64 = base != 0 ? (uint32_t)(MW_APP_SPACE - base) : 0;
    return MW_OK;
}

bool modsheap_resolve(void *ctx, mw_runtime *rt, const mw_extern_desc *d, mw_import *out) {
    if (d->kind != MW_KIND_FUNC || !modwasm_name_is(d->module, d->module_len, "env")) {
        return false;
    }
    const mw_functype *t = d->func;
    bool i32_param = t->nparams == 1 && t->types[0] == MW_I32;
    bool i32_result = t->nresults == 1 && t->types[t->nparams] == MW_I32;
    mw_host_fn fn;
    if (modwasm_name_is(d->name, d->name_len, "shared_heap_malloc") && i32_param && i32_result) {
        fn = modsheap_host_malloc;
    } else if (modwasm_name_is(d->name, d->name_len, "shared_heap_free") && i32_param && t->nresults == 0) {
        fn = modsheap_host_free;
    } else if (modwasm_name_is(d->name, d->name_len, "shared_heap_base") && t->nparams == 0 && i32_result) {
        fn = modsheap_host_base;
    } else if (modwasm_name_is(d->name, d->name_len, "shared_heap_size") && t->nparams == 0 && i32_result) {
        fn = modsheap_host_size;
    } else {
        return false;
    }
    memset(out, 0, sizeof(*out));
    out->func = modwasm_host_func(rt, d->func, fn, ctx);
    return true;
}

// ---- C API (mpwasm_sheap.h) --------------------------------------------------------------

// The chain of a SharedHeap or the one attached to an Instance; NULL if
// none, or if its bytes moved (modsheap_moved).
static mw_sheap *modsheap_of(mp_obj_t obj) {
    mw_sheap *h;
    if (mp_obj_is_type(obj, &modsheap_type_SharedHeap)) {
        h = ((modsheap_obj_t *)MP_OBJ_TO_PTR(obj))->h;
    } else {
        mw_instance *mi = modwasm_get_inst(obj);
        h = mi != NULL ? mw_instance_sheap(mi, NULL) : NULL;
    }
    return h != NULL && !modsheap_moved(h) ? h : NULL;
}

uint8_t *mpwasm_sheap_native(mp_obj_t obj, uint32_t app_addr, uint32_t len) {
    mw_sheap *h = modsheap_of(obj);
    return h != NULL ? mw_sheap_native(h, app_addr, len) : NULL;
}

bool mpwasm_sheap_app_addr(mp_obj_t obj, const void *native, uint32_t len, uint32_t *app_addr) {
    mw_sheap *h = modsheap_of(obj);
    return h != NULL && mw_sheap_app_addr(h, native, len, app_addr);
}

#endif // MICROPY_PY_WASM
