// SPDX-License-Identifier: MIT
// binding.c: what every file of the `wasm` binding uses (binding.h): the
// runtime (its allocator is the GC heap, its poll hook Ctrl-C), the exception
// types and the mapping of engine statuses to them, wasm types as text, and
// values between Python and wasm. Engine memory comes from the GC heap
// (m_malloc_maybe, never raising inside the engine) and hangs off the Python
// objects, so the conservative GC keeps it (and the externref objects in it)
// alive.
#include <stdarg.h>
#include <string.h>

#include "py/runtime.h"
#include "py/mpprint.h"
#include "py/objint.h"
#include "py/objexcept.h"
#include "py/objstr.h"
#include "py/mpstate.h"
#include "py/gc.h"
#include "binding.h"

#if MICROPY_PY_WASM

// ---- exceptions -------------------------------------------------------------------

MP_DEFINE_CONST_OBJ_TYPE(modwasm_type_CompileError, MP_QSTR_CompileError, MP_TYPE_FLAG_NONE,
    make_new, mp_obj_exception_make_new, print, mp_obj_exception_print, attr, mp_obj_exception_attr,
    parent, &mp_type_ValueError);
MP_DEFINE_CONST_OBJ_TYPE(modwasm_type_LinkError, MP_QSTR_LinkError, MP_TYPE_FLAG_NONE,
    make_new, mp_obj_exception_make_new, print, mp_obj_exception_print, attr, mp_obj_exception_attr,
    parent, &mp_type_ValueError);

// A trap the engine raised has the arguments (message, kind, func, trace,
// depth[, offsets]) (modwasm_raise_trap): str(e) and the REPL print the
// message alone, as for one argument; e.kind, e.func, e.trace, e.depth and
// e.offsets read the others, e.offset the top frame's of e.offsets (None for
// a Trap made from Python with fewer). The small profile finds no offsets
// (MW_TRAP_OFFSETS) and has neither attribute: their names and tests cost
// wasm.mpy 33 B it does not have (docs/benchmarks.md "Trap offsets (session 38)").
static void modwasm_trap_print(const mp_print_t *print, mp_obj_t o_in, mp_print_kind_t kind) {
    mp_obj_exception_t *o = MP_OBJ_TO_PTR(o_in);
    mp_print_kind_t k = kind & ~PRINT_EXC_SUBCLASS;
    if ((k == PRINT_STR || k == PRINT_EXC) && o->args != NULL && o->args->len > 1) {
        mp_obj_exception_t one = *o;
        struct {
            mp_obj_base_t base;
            size_t len;
            mp_obj_t items[1];
        } msg = {{&mp_type_tuple}, 1, {o->args->items[0]}};
        one.args = (mp_obj_tuple_t *)&msg;
        mp_obj_exception_print(print, MP_OBJ_FROM_PTR(&one), kind);
        return;
    }
    mp_obj_exception_print(print, o_in, kind);
}

static void modwasm_trap_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    size_t i = attr == MP_QSTR_kind ? 1 : attr == MP_QSTR_func ? 2 : attr == MP_QSTR_trace ? 3
        : attr == MP_QSTR_depth ? 4 : 0;
    #if MW_TRAP_OFFSETS
    i = attr == MP_QSTR_offsets || attr == MP_QSTR_offset ? 5 : i;
    #endif
    if (dest[0] == MP_OBJ_NULL && i != 0) {
        mp_obj_exception_t *o = MP_OBJ_TO_PTR(self_in);
        dest[0] = o->args != NULL && o->args->len > i ? o->args->items[i] : mp_const_none;
        #if MW_TRAP_OFFSETS
        if (attr == MP_QSTR_offset && dest[0] != mp_const_none) {
            mp_obj_tuple_t *at = MP_OBJ_TO_PTR(dest[0]);
            dest[0] = at->len > 0 ? at->items[0] : mp_const_none;
        }
        #endif
        return;
    }
    mp_obj_exception_attr(self_in, attr, dest);
}

MP_DEFINE_CONST_OBJ_TYPE(modwasm_type_Trap, MP_QSTR_Trap, MP_TYPE_FLAG_NONE,
    make_new, mp_obj_exception_make_new, print, modwasm_trap_print, attr, modwasm_trap_attr,
    parent, &mp_type_RuntimeError);

// ---- raising with a message that survives a full heap --------------------------------

// A message's text, the str around it and the 1-tuple of the exception's
// arguments, for when the heap has no room for them (full, or locked): a
// user must still read what ran out and where. One set, the last such
// message's: an exception kept from before shows the newer text (as
// MicroPython's emergency buffer would). Nothing here points into the heap,
// so the collector needs to see none of it.
#define MODWASM_STATIC_TEXT (128)
typedef struct {
    mp_obj_str_t str;
    struct {
        mp_obj_base_t base;
        size_t len;
        mp_obj_t items[1];
    } args;     // an mp_obj_tuple_t of one item
    char text[MODWASM_STATIC_TEXT];
} modwasm_no_heap_msg_t;
static modwasm_no_heap_msg_t modwasm_no_heap_msg;

// The exception `type` whose one argument is the str `s`, raised: its
// object from the heap or, at a full heap, MicroPython's emergency one
// (mp_obj_exception_make_new), the arguments set after it so that their
// tuple is `args`, not one it would allocate (or silently drop).
static NORETURN void modwasm_raise_str(const mp_obj_type_t *type, mp_obj_str_t *s, mp_obj_tuple_t *args) {
    s->base.type = &mp_type_str;
    s->hash = 0;    // computed when first needed
    args->base.type = &mp_type_tuple;
    args->len = 1;
    args->items[0] = MP_OBJ_FROM_PTR(s);
    mp_obj_t exc = mp_obj_exception_make_new(type, 0, 0, NULL);
    ((mp_obj_exception_t *)MP_OBJ_TO_PTR(exc))->args = args;
    nlr_raise(exc);
}

static void modwasm_static_objs(mp_obj_str_t **s, mp_obj_tuple_t **args) {
    *s = &modwasm_no_heap_msg.str;
    *args = (mp_obj_tuple_t *)&modwasm_no_heap_msg.args;
}

// The str and tuple of an exception from the heap, or where either does not
// fit, the static ones (false).
static bool modwasm_msg_objs(mp_obj_str_t **s, mp_obj_tuple_t **args) {
    *s = m_new_obj_maybe(mp_obj_str_t);
    *args = *s == NULL ? NULL : m_new_obj_var_maybe(mp_obj_tuple_t, items, mp_obj_t, 1);
    if (*args == NULL) {
        modwasm_static_objs(s, args);
        return false;
    }
    return true;
}

NORETURN void modwasm_raise_text(const mp_obj_type_t *type, const char *text) {
    if (text == NULL) {
        nlr_raise(mp_obj_exception_make_new(type, 0, 0, NULL));  // mp_raise_type: no message
    }
    mp_obj_str_t *s;
    mp_obj_tuple_t *args;
    modwasm_msg_objs(&s, &args);
    s->len = strlen(text);
    s->data = (const byte *)text;   // not copied: a text in ROM, or the static one
    modwasm_raise_str(type, s, args);
}

// The formatted message's printer: counts the text (buf NULL), or writes it
// into buf, up to cap bytes (the static text cuts a long one short).
typedef struct {
    size_t len;
    size_t cap;
    char *buf;
} modwasm_msg_printer_t;

static void modwasm_msg_add_strn(void *data, const char *str, size_t len) {
    modwasm_msg_printer_t *pr = data;
    if (pr->buf != NULL) {
        size_t n = len < pr->cap - pr->len ? len : pr->cap - pr->len;
        memcpy(pr->buf + pr->len, str, n);
        len = n;
    }
    pr->len += len;
}

NORETURN void modwasm_raise_varg(const mp_obj_type_t *type, mp_rom_error_text_t fmt, ...) {
    const char *f = (const char *)fmt;
    #if MICROPY_ROM_TEXT_COMPRESSION
    byte decompressed[MP_MAX_UNCOMPRESSED_TEXT_LEN];
    if (MP_IS_COMPRESSED_ROM_STRING(fmt)) {
        mp_decompress_rom_string(decompressed, fmt);
        f = (const char *)decompressed;
    }
    #endif
    modwasm_msg_printer_t pr = {0, SIZE_MAX, NULL};
    mp_print_t print = {&pr, modwasm_msg_add_strn};
    va_list ap;
    va_start(ap, fmt);
    mp_vprintf(&print, f, ap);      // measured first: one block of its size
    va_end(ap);
    mp_obj_str_t *s;
    mp_obj_tuple_t *args;
    if (modwasm_msg_objs(&s, &args)) {
        pr.buf = m_new_maybe(char, pr.len + 1);
    }
    if (pr.buf == NULL) {
        // no room for the text: all three static (the heap's str and tuple,
        // if they fitted, are left to the collector)
        modwasm_static_objs(&s, &args);
        pr.buf = modwasm_no_heap_msg.text;
        pr.cap = MODWASM_STATIC_TEXT - 1;
    }
    pr.len = 0;
    va_start(ap, fmt);
    mp_vprintf(&print, f, ap);
    va_end(ap);
    pr.buf[pr.len] = '\0';
    s->len = pr.len;
    s->data = (const byte *)pr.buf;
    modwasm_raise_str(type, s, args);
}

// ---- runtime: allocator, poll hook, error mapping -----------------------------------

// The room (binding.h): a root, so that a collection keeps it, and a soft
// reset forgets it with the old heap.
MP_REGISTER_ROOT_POINTER(void *modwasm_room);

void modwasm_room_give(void) {
    void *room = MP_STATE_VM(modwasm_room);
    MP_STATE_VM(modwasm_room) = NULL;
    if (room != NULL) {
        #if MICROPY_MALLOC_USES_ALLOCATED_SIZE
        m_free(room, MODWASM_ROOM_BELOW_MEMORY);
        #else
        m_free(room);
        #endif
    }
}

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
        void *p = m_malloc_maybe(new_size);
        if (p == NULL && MP_STATE_VM(modwasm_room) != NULL) {
            modwasm_room_give();  // the room gives way
            p = m_malloc_maybe(new_size);
        }
        return p;
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

// A C frame keeps whatever earlier calls left in a slot it has not written
// yet (a local of a branch not taken, a buffer, padding); a collection inside
// the frames below (a load's lowering, an instance's memory) scans it as a
// root, and the conservative collector keeps whatever was allocated at that
// address since, with all it points at. Found with gdb on lm3s6965evb built
// with LTO=1 (test_wasm_lazy_board's lowering_takes_the_code_arenas_tail):
// Module()'s own frame, the file branch's stream buffer, which loading from
// bytes never writes, held a bytearray the snippet had dropped (5,872 B), so
// the lazy load's lowering found no room. So Module() and Instance() build
// their frames on a zeroed stack: 512 words (2 KiB on Cortex-M) cover the
// binding's frames and the engine's down to the collection (1,072 B there).
#define MODWASM_STACK_CLEAN_WORDS (512)

MP_NOINLINE void modwasm_stack_clean(void) {
    #if MICROPY_STACK_CHECK && !defined(MPWASM_NATMOD)
    // 256 bytes of the limit left for this frame and what runs after it
    size_t used = mp_stack_usage() + 256;
    size_t limit = MP_STATE_THREAD(stack_limit);
    size_t n = limit > used ? (limit - used) / sizeof(mp_uint_t) : 0;
    n = n < MODWASM_STACK_CLEAN_WORDS ? n : MODWASM_STACK_CLEAN_WORDS;
    if (n > 0) {
        mp_uint_t words[n];
        volatile mp_uint_t *w = words; // stores the compiler must keep
        for (size_t i = 0; i < n; i++) {
            w[i] = 0;
        }
    }
    #endif
}

// The runtime's storage: uint64_t for its int64_t fields' alignment, as many
// bytes as MW_RUNTIME_BYTES (mw.h; here without it: root pointers are
// declared where mw.h is not included).
MP_REGISTER_ROOT_POINTER(uint64_t modwasm_rt_mem[(42 * sizeof(void *) + 56 + 7) / 8]);

mw_runtime *modwasm_rt(void) {
    if (MP_STATE_VM(modwasm_runtime) == NULL) {
        _Static_assert(sizeof(MP_STATE_VM(modwasm_rt_mem)) >= MW_RUNTIME_BYTES, "modwasm_rt_mem: below MW_RUNTIME_BYTES");
        mw_config cfg;
        memset(&cfg, 0, sizeof(cfg));
        cfg.alloc = modwasm_alloc;
        cfg.poll = modwasm_poll;
        cfg.resize = modwasm_resize;
        cfg.gc_memory = true;     // memoryviews keep old memory blocks alive (memory.c lends them)
        #if MICROPY_GC_CONSERVATIVE_CLEAR
        // gc_alloc zeroes every block it hands out (py/gc.c; the default of
        // every port): the engine need not again. wasm.mpy is built without
        // the firmware's setting (its MICROPY_ENABLE_GC is 0): the engine
        // zeroes there, once per stack_size() (no finalisers give them back)
        cfg.alloc_zeroes = true;
        #endif
        mw_runtime *rt;
        // (MW_ERR_ARG only for storage below the runtime's size: checked above)
        mw_runtime_init(&cfg, MP_STATE_VM(modwasm_rt_mem), sizeof(MP_STATE_VM(modwasm_rt_mem)), &rt);
        MP_STATE_VM(modwasm_runtime) = rt;
    }
    return MP_STATE_VM(modwasm_runtime);
}

#if MODWASM_HOLDS
MP_REGISTER_ROOT_POINTER(size_t modwasm_holds);

// After each collection (ports/common/gc_collect.c): with no Instance object
// left and no entry running, nothing can call into wasm but a function that
// outlived its instance's object (a funcref), whose call makes the stacks
// again. mw_runtime_set_stacks with the sizes they have frees them (and
// refuses inside a call: nesting > 0 keeps its stacks whatever the count).
void modwasm_collected(void) {
    mw_runtime *rt = MP_STATE_VM(modwasm_runtime);
    if (rt != NULL && MP_STATE_VM(modwasm_holds) == 0) {
        uint32_t slots, frames;
        mw_runtime_stacks(rt, &slots, &frames);
        mw_runtime_set_stacks(rt, slots, frames);
    }
}
#endif

// The engine's message for a failure with status `st`: its report's detail
// when the report is about this failure, else the status text.
static const char *modwasm_message(mw_status st) {
    const mw_report *r = mw_last_report(modwasm_rt());
    return r->status == st && r->msg != NULL ? r->msg : mw_status_str(st);
}

// ---- where a trap happened --------------------------------------------------------------

// (the frames' offsets as an argument where MW_TRAP_OFFSETS finds them)
#if MW_TRAP_OFFSETS
#define TRAP_OFFSETS_PARAM , mp_obj_tuple_t **offsets
#define TRAP_OFFSETS_ARG(x) , x
#else
#define TRAP_OFFSETS_PARAM
#define TRAP_OFFSETS_ARG(x)
#endif

// Frame t of a trap's path as (func, name, where): where is None for a wasm
// function of the top frame's instance (ref), "other" for one of another
// instance, "host" for a host function (its name the import's
// "module.name"); name None where the module has none (mw_module_func_name).
// Its text goes to v: "[host ]N['name'][ at 0xOFFSET][ (other instance)]",
// the offset where `at` is one (UINT32_MAX: none).
static mp_obj_t modwasm_trap_frame(vstr_t *v, const mw_trap_frame *t, const mw_instance *ref, uint32_t at) {
    const mw_module *m = mw_instance_module(t->inst);
    mp_obj_t items[3] = {t->func == UINT32_MAX ? mp_const_none : mp_obj_new_int_from_uint(t->func), mp_const_none,
                         mp_const_none};
    #if MW_HOST_FRAMES      // (the small profile has no host functions' frames)
    if (t->host != NULL) {
        vstr_add_str(v, "host ");
        items[2] = MP_OBJ_NEW_QSTR(MP_QSTR_host);
        for (uint32_t i = 0; i < mw_module_num_imports(m) && t->func != UINT32_MAX; i++) {
            mw_extern_desc d;
            mw_module_import(m, i, &d);
            if (d.kind == MW_KIND_FUNC && d.index == t->func) {
                vstr_t nv;
                vstr_init(&nv, d.module_len + d.name_len + 1);
                vstr_add_strn(&nv, d.module, d.module_len);
                vstr_add_byte(&nv, '.');
                vstr_add_strn(&nv, d.name, d.name_len);
                items[1] = mp_obj_new_str_from_vstr(&nv);
                break;
            }
        }
    }
    #endif
    #if MW_FUNC_NAMES       // (nor names)
    const char *name;
    uint32_t len;
    if (t->host == NULL && mw_module_func_name(m, t->func, &name, &len)) {
        items[1] = mp_obj_new_str(name, len);
    }
    #endif
    (void)m;
    if (t->host == NULL && t->inst != ref) {
        items[2] = MP_OBJ_NEW_QSTR(MP_QSTR_other);
    }
    if (t->func == UINT32_MAX) {
        vstr_add_str(v, "through a table");
    } else {
        vstr_printf(v, "%u", (unsigned)t->func);
    }
    if (items[1] != mp_const_none) {
        vstr_printf(v, " '%s'", mp_obj_str_get_str(items[1]));
    }
    if (at != UINT32_MAX) {
        vstr_printf(v, " at 0x%x", (unsigned)at);
    }
    if (items[2] == MP_OBJ_NEW_QSTR(MP_QSTR_other)) {
        vstr_add_str(v, " (other instance)");
    }
    return mp_obj_new_tuple(3, items);
}

// The engine's path of the last failure (mw_trap_trace, its top frame in
// *top) after v's text: " in function 7 'inflate' at 0x1a3 (called from 3
// 'main' at 0xf2 <- 1 '_start' at 0x311)" (the offsets where MW_TRAP_OFFSETS
// finds them), the frames after the top up to MW_TRACE_FRAMES, then "<- ...
// (N frames)" for a deeper one; returns the frames as a tuple (*depth: all),
// and (MW_TRAP_OFFSETS) each frame's offset or None in *offsets, a tuple as
// long: e.offsets, beside e.trace's (func, name, where), which code that
// unpacks three keeps reading.
static mp_obj_tuple_t *modwasm_add_path(vstr_t *v, mw_runtime *rt, mw_trap_frame *top, uint32_t *depth
    TRAP_OFFSETS_PARAM) {
    *depth = mw_trap_trace(rt, 0, top);
    uint32_t n = *depth < MW_TRACE_FRAMES ? *depth : MW_TRACE_FRAMES;
    mp_obj_tuple_t *trace = MP_OBJ_TO_PTR(mp_obj_new_tuple(n, NULL));
    #if MW_TRAP_OFFSETS
    *offsets = MP_OBJ_TO_PTR(mp_obj_new_tuple(n, NULL));
    #endif
    const mw_instance *ref = n > 0 ? top->inst : NULL;
    for (uint32_t i = 0; i < n; i++) {
        mw_trap_frame t = *top;
        if (i > 0) {
            mw_trap_trace(rt, i, &t);
        }
        vstr_add_str(v, i == 0 ? " in " : i == 1 ? " (called from " : " <- ");
        if (i == 0 && t.host == NULL) {
            vstr_add_str(v, "function ");
        }
        // the wasm instruction's byte offset in the module, where the
        // module holds its body (mw.h mw_trap_offset)
        uint32_t at = UINT32_MAX;
        #if MW_TRAP_OFFSETS
        if (mw_trap_offset(rt, i, &at) != MW_OK) {
            at = UINT32_MAX;
        }
        (*offsets)->items[i] = at == UINT32_MAX ? mp_const_none : mp_obj_new_int_from_uint(at);
        #endif
        trace->items[i] = modwasm_trap_frame(v, &t, ref, at);
    }
    if (*depth > n) {
        vstr_printf(v, " <- ... (%u frames)", (unsigned)*depth);
    }
    if (n > 1) {
        vstr_add_byte(v, ')');
    }
    return trace;
}

// The Trap of kind `kind` (the engine's text, copied) after a failed call,
// with its path: "integer divide by zero in function 7 'inflate' (called
// from ..)"; a detail (a memory fault's) after the kind: "kind: detail in
// function ..".
static mp_obj_t modwasm_trap_with_path(mw_runtime *rt, const char *kind, const char *detail) {
    vstr_t v;
    vstr_init(&v, 96);
    vstr_add_str(&v, kind);
    if (detail != NULL) {
        vstr_printf(&v, ": %s", detail);
    }
    mw_trap_frame top;
    uint32_t depth;
    #if MW_TRAP_OFFSETS
    mp_obj_tuple_t *offsets;
    #endif
    mp_obj_tuple_t *trace = modwasm_add_path(&v, rt, &top, &depth TRAP_OFFSETS_ARG(&offsets));
    uint32_t n = trace->len;
    mp_obj_t args[] = {
        mp_obj_new_str_from_vstr(&v), mp_obj_new_str(kind, strlen(kind)),
        n > 0 && top.host == NULL ? mp_obj_new_int_from_uint(top.func) : mp_const_none,
        MP_OBJ_FROM_PTR(trace), mp_obj_new_int_from_uint(depth) TRAP_OFFSETS_ARG(MP_OBJ_FROM_PTR(offsets)),
    };
    return mp_obj_exception_make_new(&modwasm_type_Trap, MP_ARRAY_SIZE(args), 0, args);
}

// wasm.Trap for st (binding.h): with its path where the heap has room for
// it, else the kind and detail alone (modwasm_raise_varg's static text at a
// full heap).
NORETURN void modwasm_raise_trap(mw_status st, const char *detail) {
    char kind[MODWASM_STATIC_TEXT];
    const char *text = mw_status_str(st);
    size_t len = strlen(text) < sizeof(kind) - 1 ? strlen(text) : sizeof(kind) - 1;
    memcpy(kind, text, len);
    kind[len] = 0;
    mw_runtime *rt = modwasm_rt();
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t exc = modwasm_trap_with_path(rt, kind, detail);
        nlr_pop();
        mw_trap_trace_clear(rt);
        nlr_raise(exc);
    }
    // (out of memory building it: no path)
    mw_trap_trace_clear(rt);
    modwasm_raise_varg(&modwasm_type_Trap, MP_ERROR_TEXT("%s%s%s"), kind, detail != NULL ? ": " : "",
        detail != NULL ? detail : "");
}

#if MW_GROW_RAISES
// A memory.grow the heap refused stopped the call (Instance(grow_raises=True);
// mw.h mw_report): MemoryError naming the memory, the pages, the heap free
// and where, as a trap's message does ("memory 0: no heap to grow to 48
// pages (3652576 bytes free) in function 3 'sbrk' (called from ..)"); the
// path left out where the heap has no room for it.
static NORETURN void modwasm_raise_grow_refused(mw_runtime *rt, const mw_report *r) {
    gc_info_t info;
    gc_info(&info);
    const char *path;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        vstr_t v;
        vstr_init(&v, 64);
        mw_trap_frame top;
        uint32_t depth;
        #if MW_TRAP_OFFSETS
        mp_obj_tuple_t *offsets;    // (the message's alone: a MemoryError has no fields)
        #endif
        modwasm_add_path(&v, rt, &top, &depth TRAP_OFFSETS_ARG(&offsets));
        vstr_add_byte(&v, 0);   // (vstr_null_terminated_str: not in a natmod's table)
        path = v.buf;
        nlr_pop();
    } else {
        path = "";
    }
    mw_trap_trace_clear(rt);
    size_t free = info.free;
    #if MW_GUARD_PAGES
    // a memory of guard pages is not in the heap: the room is the limit's
    // on their bytes (the host port's -X wasmmem=)
    if (mw_guard_grow_room() != SIZE_MAX) {
        free = mw_guard_grow_room();
    }
    #endif
    modwasm_raise_varg(&mp_type_MemoryError, MP_ERROR_TEXT("memory %u: no heap to grow to %u pages (%u bytes free)%s"),
        (unsigned)r->index, (unsigned)r->need, (unsigned)free, path);
}
#endif

// MemoryError: what an allocation that failed was for, by mw.h's
// MW_REPORT_ value (below them, a function its first call could not lower),
// and its bytes.
static NORETURN void modwasm_raise_nomem(const mw_report *r) {
    unsigned need = (unsigned)r->need;
    if (r->index == MW_REPORT_STACKS) {
        modwasm_raise_varg(&mp_type_MemoryError,
            MP_ERROR_TEXT("wasm stacks: out of memory (need %u bytes; wasm.stack_size() sets them)"), need);
    }
    if (r->index == MW_REPORT_MODULE) {
        modwasm_raise_varg(&mp_type_MemoryError, MP_ERROR_TEXT("module: out of memory at offset 0x%x (need %u bytes)"),
            (unsigned)r->offset, need);
    }
    if (r->index >= MW_REPORT_WINDOW) {
        // MW_REPORT_INSTANCE down to MW_REPORT_WINDOW, packed (no table of
        // pointers for wasm.mpy's loader to relocate)
        static const char kinds[] = "instance\0memory\0table\0function object\0global\0shared heap\0memory windows";
        const char *kind = kinds;
        for (uint32_t k = MW_REPORT_INSTANCE - r->index; k > 0; k--) {
            while (*kind++) {
            }
        }
        modwasm_raise_varg(&mp_type_MemoryError, MP_ERROR_TEXT("%s: out of memory (need %u bytes)"), kind, need);
    }
    modwasm_raise_varg(&mp_type_MemoryError, MP_ERROR_TEXT("lowering function %u: out of memory (need %u bytes)"),
        (unsigned)r->index, need);
}

// The one mapping of engine statuses to Python exceptions (binding.h).
void modwasm_check(mw_status st) {
    if (MW_IS_TRAP(st)) {
        modwasm_raise_trap(st, NULL);
    }
    #if MW_GROW_RAISES
    const mw_report *gr = mw_last_report(modwasm_rt());
    if (st == MW_ERR_NOMEM && gr->status == st && gr->need != 0 && gr->offset == MW_REPORT_GROW) {
        modwasm_raise_grow_refused(modwasm_rt(), gr);
    }
    #endif
    if (st != MW_OK) {
        mw_trap_trace_clear(modwasm_rt());   // (what the collector should not see)
    }
    switch (st) {
        case MW_OK:
            return;
        case MW_ERR_HOST: {
            // a host function raised: that exception, unchanged
            mp_obj_t exc = MP_STATE_VM(modwasm_host_exc);
            MP_STATE_VM(modwasm_host_exc) = MP_OBJ_NULL;
            nlr_raise(exc);
        }
        case MW_ERR_INTERRUPTED:
            // the poll hook saw a pending exception (Ctrl-C): raise it
            mp_handle_pending(true);
            mp_raise_type(&mp_type_KeyboardInterrupt);
        case MW_ERR_MALFORMED:
        case MW_ERR_INVALID:
            modwasm_raise_varg(&modwasm_type_CompileError, MP_ERROR_TEXT("%s at offset 0x%x"),
                modwasm_message(st), (unsigned)mw_last_report(modwasm_rt())->offset);
        case MW_ERR_LINK:
            modwasm_raise_varg(&modwasm_type_LinkError, MP_ERROR_TEXT("%s"), modwasm_message(st));
        case MW_ERR_NOMEM: {
            // an allocation failed: what for and its bytes (mw.h mw_report);
            // a size beyond the engine's limits ("table too large", need 0)
            // is the caller's value, not a lack of memory
            const mw_report *r = mw_last_report(modwasm_rt());
            if (r->status == st && r->need != 0) {
                modwasm_raise_nomem(r);
            }
            const char *msg = modwasm_message(st);
            // (out of memory with no allocation noted: none known, but the type stays)
            modwasm_raise_varg(strcmp(msg, mw_status_str(st)) == 0 ? &mp_type_MemoryError : &mp_type_ValueError,
                MP_ERROR_TEXT("%s"), msg);
        }
        case MW_ERR_ARG:
            modwasm_raise_varg(&mp_type_ValueError, MP_ERROR_TEXT("%s"), modwasm_message(st));
        default:
            // (no other status)
            modwasm_raise_varg(&modwasm_type_Trap, MP_ERROR_TEXT("%s"), mw_status_str(st));
    }
}

// ---- types as text -------------------------------------------------------------------

const char *modwasm_valtype_name(uint8_t t) {
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

uint8_t modwasm_valtype_parse(mp_obj_t name, bool ref_only) {
    const char *s = mp_obj_str_get_str(name);
    static const uint8_t types[] = {MW_I32, MW_I64, MW_F32, MW_F64, MW_FUNCREF, MW_EXTERNREF};
    for (size_t i = ref_only ? 4 : 0; i < MP_ARRAY_SIZE(types); i++) {
        if (strcmp(s, modwasm_valtype_name(types[i])) == 0) {
            return types[i];
        }
    }
    modwasm_raise_varg(&mp_type_ValueError, MP_ERROR_TEXT("unknown type '%s'"), s);
}

const char *const modwasm_kind_names[] = {"func", "table", "memory", "global"};

static void modwasm_add_types(vstr_t *v, const uint8_t *t, size_t n) {
    vstr_add_char(v, '(');
    for (size_t i = 0; i < n; i++) {
        if (i) {
            vstr_add_str(v, ", ");
        }
        vstr_add_str(v, modwasm_valtype_name(t[i]));
    }
    vstr_add_char(v, ')');
}

static void modwasm_add_limits(vstr_t *v, const mw_limits *lim) {
    vstr_printf(v, "%u..", (unsigned)lim->min);
    if (lim->has_max) {
        vstr_printf(v, "%u", (unsigned)lim->max);
    }
}

// Each kind's text, appended to v.
static void modwasm_add_functype(vstr_t *v, const mw_functype *ft) {
    modwasm_add_types(v, ft->types, ft->nparams);
    vstr_add_str(v, " -> ");
    modwasm_add_types(v, ft->types + ft->nparams, ft->nresults);
}

static void modwasm_add_memtype(vstr_t *v, const mw_limits *lim) {
    modwasm_add_limits(v, lim);
    vstr_add_str(v, " pages");
    if (lim->page_log2 != 16) {
        vstr_printf(v, " of %u bytes", 1u << lim->page_log2);
    }
}

static void modwasm_add_globaltype(vstr_t *v, mw_valtype t, bool mut) {
    vstr_add_str(v, modwasm_valtype_name(t));
    if (mut) {
        vstr_add_str(v, " mut");
    }
}

mp_obj_t modwasm_functype_str(const mw_functype *ft) {
    vstr_t v;
    vstr_init(&v, 16);
    modwasm_add_functype(&v, ft);
    return mp_obj_new_str_from_vstr(&v);
}

mp_obj_t modwasm_memtype_str(const mw_limits *lim) {
    vstr_t v;
    vstr_init(&v, 16);
    modwasm_add_memtype(&v, lim);
    return mp_obj_new_str_from_vstr(&v);
}

mp_obj_t modwasm_globaltype_str(mw_valtype t, bool mut) {
    vstr_t v;
    vstr_init(&v, 16);
    modwasm_add_globaltype(&v, t, mut);
    return mp_obj_new_str_from_vstr(&v);
}

mp_obj_t modwasm_type_str(const mw_extern_desc *d) {
    vstr_t v;
    vstr_init(&v, 16);
    switch (d->kind) {
        case MW_KIND_FUNC:
            modwasm_add_functype(&v, d->func);
            break;
        case MW_KIND_TABLE:
            vstr_add_str(&v, modwasm_valtype_name(d->valtype));
            vstr_add_char(&v, ' ');
            modwasm_add_limits(&v, &d->limits);
            break;
        case MW_KIND_MEMORY:
            modwasm_add_memtype(&v, &d->limits);
            break;
        case MW_KIND_GLOBAL:
            modwasm_add_globaltype(&v, d->valtype, d->mut);
            break;
    }
    return mp_obj_new_str_from_vstr(&v);
}

// ---- names and exports -------------------------------------------------------------------

bool modwasm_name_eq(const char *a, size_t a_len, const char *b, size_t b_len) {
    return a_len == b_len && memcmp(a, b, a_len) == 0;
}

bool modwasm_name_is(const char *s, size_t len, const char *name) {
    return modwasm_name_eq(s, len, name, strlen(name));
}

bool modwasm_find_export(const mw_module *m, const char *name, size_t len, uint32_t *index) {
    for (uint32_t i = 0; i < mw_module_num_exports(m); i++) {
        mw_extern_desc d;
        mw_module_export(m, i, &d);
        if (modwasm_name_eq(d.name, d.name_len, name, len)) {
            *index = i;
            return true;
        }
    }
    return false;
}

// ---- host functions ----------------------------------------------------------------------

mw_func *modwasm_host_func(mw_runtime *rt, const mw_functype *ft, mw_host_fn fn, void *ctx) {
    mw_func *f;
    modwasm_check(mw_func_new_host(rt, ft, fn, ctx, &f));
    return f;
}

mw_status modwasm_host_guard(modwasm_host_body_fn body, void *ctx, mw_func *self, mw_val *slots) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        body(ctx, self, slots);
        modwindow_follow();       // before wasm goes on: the body may have run Python (a heap's ValueError: a host error)
        nlr_pop();
        return MW_OK;
    } else {
        // kept for modwasm_check(MW_ERR_HOST), once the engine has unwound
        MP_STATE_VM(modwasm_host_exc) = MP_OBJ_FROM_PTR(nlr.ret_val);
        return MW_ERR_HOST;
    }
}

// ---- values ----------------------------------------------------------------------------

mp_obj_t modwasm_func_wrap(mw_func *f, modwasm_instance_obj_t *owner) {
    modwasm_func_obj_t *o = mp_obj_malloc(modwasm_func_obj_t, &modwasm_type_Function);
    o->f = f;
    o->owner = owner;
    return MP_OBJ_FROM_PTR(o);
}

// Any int, signed or unsigned, wrapped to 64 bits.
uint64_t modwasm_int_bits(mp_obj_t o) {
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

void *modwasm_ref_from_obj(uint8_t t, mp_obj_t o) {
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

mp_obj_t modwasm_ref_to_obj(uint8_t t, void *ref) {
    if (ref == NULL) {
        return mp_const_none;
    }
    if (t == MW_FUNCREF) {
        return modwasm_func_wrap(ref, NULL);
    }
    return (mp_obj_t)ref;
}

// Python value -> slot. raw: floats are given as int bit patterns.
mw_val modwasm_val_from_obj(uint8_t t, mp_obj_t o, bool raw) {
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
mp_obj_t modwasm_val_to_obj(uint8_t t, mw_val v, bool raw) {
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

mw_instance *modwasm_get_inst(mp_obj_t o) {
    if (!mp_obj_is_type(o, &modwasm_type_Instance)) {
        mp_raise_TypeError(MP_ERROR_TEXT("expected a wasm.Instance"));
    }
    return ((modwasm_instance_obj_t *)MP_OBJ_TO_PTR(o))->inst;
}

MP_REGISTER_ROOT_POINTER(struct mw_runtime *modwasm_runtime);
MP_REGISTER_ROOT_POINTER(mp_obj_t modwasm_host_exc);

#endif // MICROPY_PY_WASM
