// SPDX-License-Identifier: MIT
// window.c: the address map of an instance (engine window.c): inst.map(),
// inst.unmap(), inst.windows; grants (Instance(..., grants={...})) and the
// env.mpwasm_map / env.mpwasm_unmap imports through which an app maps what it
// was granted. A window shows a SharedHeap, a board region or a Python buffer
// at an app address of the instance's memory 0, with no copy. The instance
// keeps each mapped object alive in its `windows` list (start, object); the
// engine window's `user` is that entry, so a window is known by who mapped it.
#include <string.h>

#include "py/runtime.h"
#include "py/objint.h"
#include "py/objlist.h"
#include "ports/common/regions.h"
#include "binding.h"
#include "../include/native/mpwasm_sheap.h"

#if MICROPY_PY_WASM

// What a window shows, resolved from a Python object.
typedef struct {
    uint8_t *native;
    uint64_t size;
    mw_sheap *heap;           // a SharedHeap's engine heap, else NULL
    bool readonly;            // the object allows no writes
} window_src_t;

// obj: a wasm.SharedHeap, a region name (str) or an object with the buffer
// protocol. ValueError for anything that is not memory (issue: "a grant of
// something that is not memory").
static void window_src(mp_obj_t obj, window_src_t *out) {
    memset(out, 0, sizeof(*out));
    if (mp_obj_is_type(obj, &modsheap_type_SharedHeap)) {
        out->heap = modsheap_heap(obj);
        return;
    }
    if (mp_obj_is_str(obj)) {
        const char *name = mp_obj_str_get_str(obj);
        const mpwasm_region_t *r = mpwasm_region_find(name);
        if (r == NULL) {
            modwasm_raise_varg(&mp_type_ValueError, MP_ERROR_TEXT("unknown region '%s'"), name);
        }
        if (r->access == MPWASM_REGION_NONE) {
            modwasm_raise_varg(&mp_type_ValueError, MP_ERROR_TEXT("region '%s' has no access to map"), name);
        }
        out->native = (uint8_t *)r->base;
        out->size = r->size;
        out->readonly = r->access != MPWASM_REGION_RW;
        return;
    }
    mp_buffer_info_t buf;
    if (mp_get_buffer(obj, &buf, MP_BUFFER_RW)) {
        out->readonly = false;
    } else if (mp_get_buffer(obj, &buf, MP_BUFFER_READ)) {
        out->readonly = true;
    } else {
        mp_raise_ValueError(MP_ERROR_TEXT("can only map a SharedHeap, a region name or a buffer"));
    }
    out->native = buf.buf;
    out->size = buf.len;
}

static modwasm_instance_obj_t *window_inst(mp_obj_t self, mw_memory **mem) {
    mw_instance *mi = modwasm_get_inst(self);
    *mem = mi != NULL ? mw_instance_memory0(mi) : NULL;
    if (*mem == NULL) {
        mp_raise_ValueError(MP_ERROR_TEXT("instance has no memory"));
    }
    return MP_OBJ_TO_PTR(self);
}

// Maps obj into mem; records (start, obj) in the instance's windows list.
static uint32_t window_map(modwasm_instance_obj_t *o, mw_memory *mem, mp_obj_t obj, bool anywhere, uint64_t at,
    bool readonly, bool by_app) {
    window_src_t src;
    window_src(obj, &src);
    if (src.readonly && !readonly) {
        mp_raise_ValueError(MP_ERROR_TEXT("object is read-only: map it with readonly=True"));
    }
    unsigned flags = (readonly ? MW_MAP_READONLY : 0) | (anywhere ? MW_MAP_ANYWHERE : 0) | (by_app ? MW_MAP_BY_APP : 0);
    uint32_t start = 0;
    // the list first, so a MemoryError leaves nothing mapped that nobody holds
    if (o->windows == MP_OBJ_NULL) {
        o->windows = mp_obj_new_list(0, NULL);
    }
    mp_obj_t entry[2] = { mp_const_none, obj };
    mp_obj_t tuple = mp_obj_new_tuple(2, entry);
    // a bytearray or array.array moves its bytes when it grows: followed (modwindow_follow)
    mp_obj_t movable = MP_OBJ_NULL;
    if (modwindow_movable(obj)) {
        if (MP_STATE_VM(modwasm_movable) == MP_OBJ_NULL) {
            MP_STATE_VM(modwasm_movable) = mp_obj_new_list(0, NULL);
        }
        mp_obj_t rec[3] = { MP_OBJ_FROM_PTR(mem), mp_const_none, obj };  // the memory: a pointer the collector follows
        movable = mp_obj_new_tuple(3, rec);
    } else if (src.heap != NULL) {
        modsheap_watch(src.heap); // before the map: a heap not mapped after all is forgotten later
    }
    modwasm_check(mw_memory_map(modwasm_rt(), mem, src.native, src.size, src.heap, at, flags, MP_OBJ_TO_PTR(tuple),
        &start));
    ((mp_obj_tuple_t *)MP_OBJ_TO_PTR(tuple))->items[0] = mp_obj_new_int_from_uint(start);
    mp_obj_list_append(o->windows, tuple);
    if (movable != MP_OBJ_NULL) {
        ((mp_obj_tuple_t *)MP_OBJ_TO_PTR(movable))->items[1] = mp_obj_new_int_from_uint(start);
        modwindow_watch(movable);
    }
    return start;
}

// The object a window shows (its user is the mapping's (start, object) entry).
static mp_obj_t window_obj(const mw_window_info *w) {
    return ((mp_obj_tuple_t *)w->user)->items[1];
}

// Removes item i of a list, as list.pop(i).
static void window_list_pop(mp_obj_t list_in, size_t i) {
    mp_obj_list_t *list = MP_OBJ_TO_PTR(list_in);
    memmove(&list->items[i], &list->items[i + 1], (list->len - i - 1) * sizeof(mp_obj_t));
    list->items[--list->len] = MP_OBJ_NULL;
}

// Forgets the record of a movable object's window at `start` of `mem`, if any.
static void window_unfollow(mw_memory *mem, uint32_t start) {
    mp_obj_t list = MP_STATE_VM(modwasm_movable);
    if (list == MP_OBJ_NULL) {
        return;
    }
    size_t n;
    mp_obj_t *items;
    mp_obj_list_get(list, &n, &items);
    for (size_t i = 0; i < n; i++) {
        if (!mp_obj_is_type(items[i], &mp_type_tuple)) {
            continue; // a watched heap (modwindow_watch)
        }
        mp_obj_t *r = ((mp_obj_tuple_t *)MP_OBJ_TO_PTR(items[i]))->items;
        if (MP_OBJ_TO_PTR(r[0]) == mem && (uint32_t)mp_obj_int_get_truncated(r[1]) == start) {
            window_list_pop(list, i);
            break;
        }
    }
    if (n == 1 && ((mp_obj_list_t *)MP_OBJ_TO_PTR(list))->len == 0) {
        MP_STATE_VM(modwasm_movable) = MP_OBJ_NULL;  // none left: modwindow_follow is one load again
    }
}

// The window starting at `start` of `mem`, if any (windows never overlap:
// at most one starts at an address).
static bool window_at(const mw_memory *mem, uint32_t start, mw_window_info *w) {
    for (size_t i = 0; mw_memory_window(mem, i, w); i++) {
        if (w->start == start) {
            return true;
        }
    }
    return false;
}

// Unmaps the window at `start` of `mem`: the engine's, and its record if followed.
static void window_unmap(mw_memory *mem, uint32_t start) {
    mw_memory_unmap(modwasm_rt(), mem, start);
    window_unfollow(mem, start);
}

bool modwindow_movable(mp_obj_t obj) {
    return mp_obj_is_type(obj, &mp_type_bytearray) || mp_obj_is_type(obj, &mp_type_array);
}

void modwindow_watch(mp_obj_t rec) {
    if (MP_STATE_VM(modwasm_movable) == MP_OBJ_NULL) {
        MP_STATE_VM(modwasm_movable) = mp_obj_new_list(0, NULL);
    }
    size_t n;
    mp_obj_t *items;
    mp_obj_list_get(MP_STATE_VM(modwasm_movable), &n, &items);
    for (size_t i = 0; i < n; i++) {
        if (items[i] == rec) {
            return; // a heap attached or mapped again: watched once
        }
    }
    mp_obj_list_append(MP_STATE_VM(modwasm_movable), rec);
}

void modwindow_follow_all(void) {
    mp_obj_t list = MP_STATE_VM(modwasm_movable);
    size_t n;
    mp_obj_t *items;
    mp_obj_list_get(list, &n, &items);
    for (size_t i = 0; i < n; i++) {
        if (!mp_obj_is_type(items[i], &mp_type_tuple)) {
            // a heap over a movable object: raises if it moved while its chain is in use, forgotten once not
            if (!modsheap_guard(items[i])) {
                window_list_pop(list, i);
                mp_obj_list_get(list, &n, &items);
                i--;
            }
            continue;
        }
        mp_obj_t *r = ((mp_obj_tuple_t *)MP_OBJ_TO_PTR(items[i]))->items;
        mw_memory *mem = MP_OBJ_TO_PTR(r[0]);
        uint32_t start = (uint32_t)mp_obj_int_get_truncated(r[1]);
        mw_window_info w;
        bool found = window_at(mem, start, &w);
        mp_buffer_info_t b;
        mp_get_buffer_raise(r[2], &b, MP_BUFFER_READ);
        if (!found || (b.buf == w.native && b.len >= w.size)) {
            continue;
        }
        // moved or shrunk: the window shows the object's bytes now (or goes,
        // and accesses there trap); mapping the same range again cannot fail
        mw_memory_unmap(modwasm_rt(), mem, start);
        if (b.len == 0) {
            window_list_pop(list, i);
            mp_obj_list_get(list, &n, &items);
            i--;
            continue;
        }
        unsigned flags = (w.readonly ? MW_MAP_READONLY : 0) | (w.by_app ? MW_MAP_BY_APP : 0);
        uint32_t again;
        mw_memory_map(modwasm_rt(), mem, b.buf, b.len < w.size ? b.len : w.size, NULL, start, flags, w.user, &again);
    }
    if (n == 0) {
        MP_STATE_VM(modwasm_movable) = MP_OBJ_NULL; // none left: modwindow_follow is one load again
    }
}

// Forgets the window starting at `start` in the windows list. An instance
// may unmap a window another instance mapped in the memory they share, and
// then have no list at all.
static void window_forget(modwasm_instance_obj_t *o, uint32_t start) {
    if (o->windows == MP_OBJ_NULL) {
        return;
    }
    size_t n;
    mp_obj_t *items;
    mp_obj_list_get(o->windows, &n, &items);
    for (size_t i = 0; i < n; i++) {
        mp_obj_t *e = ((mp_obj_tuple_t *)MP_OBJ_TO_PTR(items[i]))->items;
        if ((uint32_t)mp_obj_int_get_truncated(e[0]) == start) {
            window_list_pop(o->windows, i);
            return;
        }
    }
}

// An address argument: an int >= 0; anything from 2^32 up reads as 2^64-1,
// which every check refuses as past 2^32 (on 32-bit ports too).
static uint64_t window_addr(mp_obj_t o) {
    if (!mp_obj_is_int(o) || mp_obj_int_sign(o) < 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("an address must be an int 0 .. 2**32-1"));
    }
    if (mp_obj_is_true(mp_binary_op(MP_BINARY_OP_MORE, o, mp_obj_new_int_from_uint(0xffffffffu)))) {
        return UINT64_MAX;
    }
    return (uint32_t)mp_obj_int_get_truncated(o);
}

// inst.map(obj, at=None, readonly=False) -> app address
static mp_obj_t window_map_py(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum { ARG_self, ARG_obj, ARG_at, ARG_readonly };
    static const mp_arg_t allowed[] = {
        { MP_QSTR_self, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_obj, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_at, MP_ARG_OBJ, {.u_obj = mp_const_none} },
        { MP_QSTR_readonly, MP_ARG_KW_ONLY | MP_ARG_BOOL, {.u_bool = false} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed), allowed, args);
    mw_memory *mem;
    modwasm_instance_obj_t *o = window_inst(args[ARG_self].u_obj, &mem);
    mp_obj_t at = args[ARG_at].u_obj;
    uint64_t at_addr = at == mp_const_none ? 0 : window_addr(at);
    uint32_t start = window_map(o, mem, args[ARG_obj].u_obj, at == mp_const_none, at_addr,
        args[ARG_readonly].u_bool, false);
    return mp_obj_new_int_from_uint(start);
}
MP_DEFINE_CONST_FUN_OBJ_KW(modwindow_map_obj, 2, window_map_py);

// inst.unmap(obj_or_address): the window showing obj (mapped by inst.map), or starting there.
static mp_obj_t window_unmap_py(mp_obj_t self, mp_obj_t what) {
    mw_memory *mem;
    modwasm_instance_obj_t *o = window_inst(self, &mem);
    mw_window_info w;
    for (size_t i = 0; mw_memory_window(mem, i, &w); i++) {
        mp_obj_t user = window_obj(&w);
        bool hit = mp_obj_is_int(what) ? window_addr(what) == w.start
                   : user == what || (mp_obj_is_str(what) && mp_obj_is_str(user) && mp_obj_equal(user, what));
        if (hit) {
            window_unmap(mem, w.start);
            window_forget(o, w.start);
            return mp_const_none;
        }
    }
    mp_raise_ValueError(MP_ERROR_TEXT("not mapped in this instance"));
}
MP_DEFINE_CONST_FUN_OBJ_2(modwindow_unmap_obj, window_unmap_py);

// ---- C API (include/native/mpwasm_sheap.h) ----------------------------------------------

uint32_t mpwasm_window_map(mp_obj_t inst, mp_obj_t obj, uint32_t at, bool anywhere, bool readonly) {
    mw_memory *mem;
    modwasm_instance_obj_t *o = window_inst(inst, &mem);
    return window_map(o, mem, obj, anywhere, at, readonly, false);
}

void mpwasm_window_unmap(mp_obj_t inst, uint32_t app_addr) {
    window_unmap_py(inst, mp_obj_new_int_from_uint(app_addr));
}

mp_obj_t modwindow_list(mp_obj_t self) {
    mw_memory *mem;
    window_inst(self, &mem);
    mp_obj_t list = mp_obj_new_list(0, NULL);
    mw_window_info w;
    for (size_t i = 0; mw_memory_window(mem, i, &w); i++) {
        mp_obj_t t[4] = {
            mp_obj_new_int_from_uint(w.start), mp_obj_new_int_from_uint(w.size), mp_obj_new_bool(w.readonly),
            window_obj(&w),
        };
        mp_obj_list_append(list, mp_obj_new_tuple(4, t));
    }
    return list;
}

void modwindow_release(mp_obj_t self) {
    modwasm_instance_obj_t *o = MP_OBJ_TO_PTR(self);
    mw_instance *mi = o->inst;
    mw_memory *mem = mi != NULL ? mw_instance_memory0(mi) : NULL;
    if (mem == NULL || o->windows == MP_OBJ_NULL) {
        return;
    }
    // an imported memory outlives the instance: take back what it mapped,
    // where the window is still that mapping (the list keeps windows
    // unmapped since, by another instance or an emptied bytearray, and the
    // address may show another's window now, even of the same object)
    size_t n;
    mp_obj_t *items;
    mp_obj_list_get(o->windows, &n, &items);
    for (size_t i = 0; i < n; i++) {
        mp_obj_t *e = ((mp_obj_tuple_t *)MP_OBJ_TO_PTR(items[i]))->items;
        uint32_t start = (uint32_t)mp_obj_int_get_truncated(e[0]);
        mw_window_info w;
        if (window_at(mem, start, &w) && w.user == MP_OBJ_TO_PTR(items[i])) {
            window_unmap(mem, start);
        }
    }
    o->windows = MP_OBJ_NULL;
}

// ---- grants and env.mpwasm_map / env.mpwasm_unmap ------------------------------------
// grants={"name": obj} or {"name": (obj, "ro"|"rw")} or {"name": (obj, mode, at)}:
// what the app may map by name. The import returns a status (sdk/c header:
// MPWASM_OK ...) and writes the window's address through a pointer.

enum {
    MPWASM_MAP_OK = 0,
    MPWASM_MAP_NOT_GRANTED = 1,   // no grant by that name
    MPWASM_MAP_READ_ONLY = 2,     // a write mapping of a read-only grant
    MPWASM_MAP_NO_SPACE = 3,      // no room, too many windows, or the fixed address is taken
    MPWASM_MAP_NOT_MAPPED = 4,    // unmap of an address the app did not map
    MPWASM_MAP_FAULT = 5,         // name or address pointer outside memory
    MPWASM_MAP_ALREADY = 6,       // the grant is already mapped (at the address given before)
};
#define MPWASM_MAP_WRITE 1        // flags: a read-write mapping

// Checks a grants dict at instantiation (ValueError naming the grant).
void modwindow_check_grants(mp_obj_t grants) {
    if (grants == mp_const_none) {
        return;
    }
    if (!mp_obj_is_type(grants, &mp_type_dict)) {
        mp_raise_TypeError(MP_ERROR_TEXT("grants must be a dict of name: memory"));
    }
    mp_map_t *map = &((mp_obj_dict_t *)MP_OBJ_TO_PTR(grants))->map;
    for (size_t i = 0; i < map->alloc; i++) {
        if (!mp_map_slot_is_filled(map, i)) {
            continue;
        }
        mp_obj_t v = map->table[i].value;
        size_t n = 1;
        mp_obj_t *items = &v;
        if (mp_obj_is_type(v, &mp_type_tuple)) {
            mp_obj_tuple_get(v, &n, &items);
        }
        if (!mp_obj_is_str(map->table[i].key) || n < 1 || n > 3
            || (n >= 2 && strcmp(mp_obj_str_get_str(items[1]), "ro") != 0
                && strcmp(mp_obj_str_get_str(items[1]), "rw") != 0)) {
            mp_raise_ValueError(MP_ERROR_TEXT("a grant is name: obj, (obj, 'ro'|'rw') or (obj, mode, at)"));
        }
        window_src_t src;
        window_src(items[0], &src);   // ValueError if not memory
        if (n == 3 && items[2] != mp_const_none) {
            window_addr(items[2]);    // ValueError if not an address
        }
        if (src.readonly && (n < 2 || strcmp(mp_obj_str_get_str(items[1]), "rw") == 0)) {
            modwasm_raise_varg(&mp_type_ValueError, MP_ERROR_TEXT("grant '%s' is read-only memory: grant it 'ro'"),
                mp_obj_str_get_str(map->table[i].key));
        }
    }
}

// An allocation may collect, and a collected instance's finaliser unmap its
// windows in a memory it shared with this one: a native pointer into the guest
// is taken again after the last allocation, before it is read or written.

// The grant named by the guest's bytes [name_ptr, name_ptr + len), MP_OBJ_NULL
// if none, MP_OBJ_SENTINEL if the name is no longer in memory.
static mp_obj_t grant_lookup(modwasm_instance_obj_t *o, mw_memory *mem, uint32_t name_ptr, uint32_t len) {
    if (o->grants == mp_const_none) {
        return MP_OBJ_NULL;
    }
    vstr_t v;
    vstr_init(&v, len + 1);
    const uint8_t *name = mw_memory_native(modwasm_rt(), mem, name_ptr, len);   // after the allocation
    if (name == NULL) {
        return MP_OBJ_SENTINEL;
    }
    vstr_add_strn(&v, (const char *)name, len);
    mp_map_elem_t *e = mp_map_lookup(&((mp_obj_dict_t *)MP_OBJ_TO_PTR(o->grants))->map, mp_obj_new_str_from_vstr(&v),
        MP_MAP_LOOKUP);
    return e == NULL ? MP_OBJ_NULL : e->value;
}

static int32_t grant_map(modwasm_instance_obj_t *o, mw_memory *mem, mw_val *slots) {
    mw_runtime *rt = modwasm_rt();
    uint32_t name_ptr = slots[0].i32, name_len = slots[1].i32, flags = slots[2].i32, out_ptr = slots[3].i32;
    if (mw_memory_native(rt, mem, name_ptr, name_len) == NULL || mw_memory_native_w(rt, mem, out_ptr, 4) == NULL) {
        return MPWASM_MAP_FAULT;
    }
    mp_obj_t g = grant_lookup(o, mem, name_ptr, name_len);
    if (g == MP_OBJ_SENTINEL) {
        return MPWASM_MAP_FAULT;
    }
    if (g == MP_OBJ_NULL) {
        return MPWASM_MAP_NOT_GRANTED;
    }
    size_t n = 1;
    mp_obj_t *items = &g;
    if (mp_obj_is_type(g, &mp_type_tuple)) {
        mp_obj_tuple_get(g, &n, &items);
    }
    bool grant_ro = n >= 2 && strcmp(mp_obj_str_get_str(items[1]), "ro") == 0;
    if ((flags & MPWASM_MAP_WRITE) && grant_ro) {
        return MPWASM_MAP_READ_ONLY;
    }
    mw_window_info w;
    for (size_t i = 0; mw_memory_window(mem, i, &w); i++) {
        if (window_obj(&w) == items[0]) {
            return MPWASM_MAP_ALREADY;
        }
    }
    bool anywhere = n < 3 || items[2] == mp_const_none;
    uint64_t at = anywhere ? 0 : window_addr(items[2]);
    uint32_t start = window_map(o, mem, items[0], anywhere, at, !(flags & MPWASM_MAP_WRITE), true);
    uint8_t *out = mw_memory_native_w(rt, mem, out_ptr, 4);   // after window_map's allocations
    if (out == NULL) {
        window_unmap(mem, start);   // the app could not learn where it is
        window_forget(o, start);
        return MPWASM_MAP_FAULT;
    }
    memcpy(out, &start, 4);   // wasm is little-endian, as every target we run on
    return MPWASM_MAP_OK;
}

// The instance and its memory 0 behind a host function, or NULL: host
// functions answer with a status and never raise through the engine.
static modwasm_instance_obj_t *host_inst(void *ctx, mw_memory **mem) {
    modwasm_instance_obj_t *o = MP_OBJ_TO_PTR((mp_obj_t)ctx);
    *mem = o->inst != NULL ? mw_instance_memory0(o->inst) : NULL;
    return *mem != NULL ? o : NULL;
}

static mw_status host_map(void *ctx, mw_func *self, mw_val *slots) {
    (void)self;
    mw_memory *mem;
    modwasm_instance_obj_t *o = host_inst(ctx, &mem);
    int32_t status = MPWASM_MAP_FAULT;
    nlr_buf_t nlr;
    if (o != NULL && nlr_push(&nlr) == 0) {
        status = grant_map(o, mem, slots);
        nlr_pop();
    } else if (o != NULL) {
        status = MPWASM_MAP_NO_SPACE;   // MemoryError while recording the window
    }
    slots[0].i64 = (uint32_t)status;
    return MW_OK;
}

static mw_status host_unmap(void *ctx, mw_func *self, mw_val *slots) {
    (void)self;
    mw_memory *mem;
    modwasm_instance_obj_t *o = host_inst(ctx, &mem);
    if (o == NULL) {
        slots[0].i64 = MPWASM_MAP_NOT_MAPPED;
        return MW_OK;
    }
    uint32_t start = slots[0].i32;
    mw_window_info w;
    int32_t status = MPWASM_MAP_NOT_MAPPED;
    if (window_at(mem, start, &w) && w.by_app) {
        window_unmap(mem, start);
        window_forget(o, start);
        status = MPWASM_MAP_OK;
    }
    slots[0].i64 = (uint32_t)status;
    return MW_OK;
}

bool modwindow_resolve(void *ctx, mw_runtime *rt, const mw_extern_desc *d, mw_import *out) {
    if (d->kind != MW_KIND_FUNC || !modwasm_name_is(d->module, d->module_len, "env")) {
        return false;
    }
    const mw_functype *t = d->func;
    mw_host_fn fn = NULL;
    if (modwasm_name_is(d->name, d->name_len, "mpwasm_map") && t->nparams == 4 && t->nresults == 1) {
        fn = host_map;
    } else if (modwasm_name_is(d->name, d->name_len, "mpwasm_unmap") && t->nparams == 1 && t->nresults == 1) {
        fn = host_unmap;
    }
    for (unsigned i = 0; fn != NULL && i < (unsigned)t->nparams + t->nresults; i++) {
        if (t->types[i] != MW_I32) {
            fn = NULL;
        }
    }
    if (fn == NULL) {
        return false;
    }
    memset(out, 0, sizeof(*out));
    out->func = modwasm_host_func(rt, t, fn, ctx);
    return true;
}

MP_REGISTER_ROOT_POINTER(mp_obj_t modwasm_movable);

#endif // MICROPY_PY_WASM
