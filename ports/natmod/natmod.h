// SPDX-License-Identifier: MIT
// natmod.h: what the `wasm` binding (modwasm/binding/*.c) needs from MicroPython and
// a dynamic native module does not get from py/dynruntime.h, so the same
// binding sources build as wasm.mpy. Included before each binding file
// (-include); the engine never sees it.
//
// How each gap is bridged:
// - Types cannot be all const: MP_DEFINE_CONST_OBJ_TYPE becomes a type in
//   writable static data (under the same name) that natmod.c finishes at
//   import (its name, parent and dict's qstrs, the firmware's exception slots).
// - Qstrs other than MicroPython's static ones are only known at import:
//   MP_ROM_QSTR holds an encoded index (natmod_qstr_rom.h), which natmod.c
//   resolves at import: in place in a type's locals dict, into the module's
//   globals for its const globals table.
// - Root pointers (MP_STATE_VM) live in natmod.c's root struct, inside the
//   module's bss, which the module keeps alive.
// - Runtime functions the firmware does not export (vstr, 64-bit ints,
//   raising with a formatted message, ticks) are rebuilt in natmod_rt.c on
//   top of mp_fun_table, with the firmware's own names and signatures.
#ifndef MPWASM_NATMOD_H
#define MPWASM_NATMOD_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "py/runtime.h"
#include "py/objint.h"
#include "py/objexcept.h"
#include "py/objarray.h"
#include "py/objstr.h"
#include "py/stream.h"
#include "py/gc.h"
#include "py/mphal.h"
#include "py/mpstate.h"
#include "py/dynruntime.h"
#include "ports/common/regions.h"

#include "natmod_qstr_rom.h"

#if MICROPY_OBJ_REPR != MICROPY_OBJ_REPR_A
#error "native modules need MICROPY_OBJ_REPR_A"
#endif

// ---- the module's state (natmod.c) ---------------------------------------------

#include "natmod_binding.h"  // generated: MPNM_TYPES, MPNM_ROOTS, MPNM_MODULE

typedef struct _mpnm_root_t {
    // First in the module's bss: an empty tuple stored as wasm.__natmod__,
    // the one pointer to the head of the bss block that the GC sees, so the
    // block (types, state) lives as long as the module.
    mp_obj_base_t keep_base;
    size_t keep_len;
    // Ctrl-C (natmod_rt.c): a bytecode function whose run checks for a
    // pending exception, and the exception it raised, until re-raised.
    mp_obj_t poll_fn;
    mp_obj_t pending;
    // natmod_rt.c: the 64-bit microsecond clock built from time.ticks_us().
    mp_obj_t time_module;
    mp_uint_t ticks_last;
    uint64_t ticks_acc;
    #define MPNM_ROOT_FIELD(decl) decl;
    // the binding's root pointers, last, their arrays at the end (gen.py):
    // the fields before an array keep short offsets
    MPNM_ROOTS(MPNM_ROOT_FIELD)
    #undef MPNM_ROOT_FIELD
} mpnm_root_t;

extern mpnm_root_t mpnm_root;

#undef MP_STATE_VM
#define MP_STATE_VM(x) (mpnm_root.x)
// The binding's poll hook reads MP_STATE_THREAD(mp_pending_exception), which
// a native module cannot see: mpnm_poll_pending() finds out by running a
// little bytecode (see natmod_rt.c).
mp_obj_t mpnm_poll_pending(void);
void mpnm_handle_pending(void);
#undef MP_STATE_THREAD
#define MP_STATE_THREAD(x) MPNM_THREAD_##x
#define MPNM_THREAD_mp_pending_exception (mpnm_poll_pending())

// ---- qstrs in const tables -------------------------------------------------------

#undef MP_ROM_QSTR
#define MP_ROM_QSTR(q) MP_OBJ_NEW_QSTR_CONST(q##_ROM)
#define MP_OBJ_NEW_QSTR_CONST(qst) ((mp_obj_t)((((mp_uint_t)(qst)) << 3) | 2))
#define MPNM_QSTR_NATIVE (0x8000)
#define MPNM_IS_QSTR(o) ((((mp_uint_t)(o)) & 7) == 2)
#define MPNM_QSTR_VALUE(o) ((qstr)(((mp_uint_t)(o)) >> 3))
// An MP_ROM value of the binding as a live object (qstrs resolved).
mp_obj_t mpnm_rom_obj(mp_rom_obj_t o);

// ---- types: static, finished at import ------------------------------------------------

// A type is initialised data: its slots and their indices as the binding
// wrote them, in the module's code block (ports/natmod/merge.ld puts .data
// there; the heap holds it, writable). mpy_init finishes it at import
// (mpnm_type_init, and tname##_natmod_parent below): its base and name, its
// locals dict's qstrs (the dict stays where it is, fixed as a firmware's), the
// slots the firmware's Exception gives and its parent, which are only known
// at run time. None of it points into the GC heap, so where the port maps
// code outside it (the unix port) nothing is lost to the collector. (Each
// type in bss, filled slot by slot by code at import, and its dict copied,
// cost 1,572 B more of code and bss on armv7emsp: docs/benchmarks.md
// "wasm.mpy room (session 38)".)
void mpnm_type_init(mp_obj_type_t *t);
// The firmware's Exception slots, which a static initialiser cannot name:
// these call them, and mpnm_type_init puts the firmware's own in a type's
// slots instead (MicroPython knows its exceptions by their make_new).
mp_obj_t mpnm_exception_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args);
void mpnm_exception_print(const mp_print_t *print, mp_obj_t o_in, mp_print_kind_t kind);
void mpnm_exception_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest);
#undef mp_obj_exception_make_new
#define mp_obj_exception_make_new mpnm_exception_make_new
#undef mp_obj_exception_print
#define mp_obj_exception_print mpnm_exception_print
#undef mp_obj_exception_attr
#define mp_obj_exception_attr mpnm_exception_attr

// A slot's value in the static initialiser, by the slot's name: a parent is
// a firmware type, set at import (MPNM_AT_IMPORT_parent).
#define MPNM_STATIC_make_new(v) (v)
#define MPNM_STATIC_print(v) (v)
#define MPNM_STATIC_call(v) (v)
#define MPNM_STATIC_unary_op(v) (v)
#define MPNM_STATIC_binary_op(v) (v)
#define MPNM_STATIC_attr(v) (v)
#define MPNM_STATIC_subscr(v) (v)
#define MPNM_STATIC_iter(v) (v)
#define MPNM_STATIC_buffer(v) (v)
#define MPNM_STATIC_protocol(v) (v)
#define MPNM_STATIC_parent(v) NULL
#define MPNM_STATIC_locals_dict(v) (v)
#define MPNM_AT_IMPORT_make_new(t, v, n)
#define MPNM_AT_IMPORT_print(t, v, n)
#define MPNM_AT_IMPORT_call(t, v, n)
#define MPNM_AT_IMPORT_unary_op(t, v, n)
#define MPNM_AT_IMPORT_binary_op(t, v, n)
#define MPNM_AT_IMPORT_attr(t, v, n)
#define MPNM_AT_IMPORT_subscr(t, v, n)
#define MPNM_AT_IMPORT_iter(t, v, n)
#define MPNM_AT_IMPORT_buffer(t, v, n)
#define MPNM_AT_IMPORT_protocol(t, v, n)
#define MPNM_AT_IMPORT_parent(t, v, n) (t).slots[n] = (v);
#define MPNM_AT_IMPORT_locals_dict(t, v, n)

// X(t, f, v, n) for each (slot f, value v) pair, n its place in slots[].
#define MPNM_STATIC_SLOT(t, f, v, n) .type.slot_index_##f = (n) + 1, .slots[n] = MPNM_STATIC_##f(v),
#define MPNM_IMPORT_SLOT(t, f, v, n) MPNM_AT_IMPORT_##f(t, v, n)
#define MPNM_SLOTS_0(X, t)
#define MPNM_SLOTS_2(X, t, f1, v1) X(t, f1, v1, 0)
#define MPNM_SLOTS_4(X, t, f1, v1, f2, v2) MPNM_SLOTS_2(X, t, f1, v1) X(t, f2, v2, 1)
#define MPNM_SLOTS_6(X, t, f1, v1, f2, v2, f3, v3) MPNM_SLOTS_4(X, t, f1, v1, f2, v2) X(t, f3, v3, 2)
#define MPNM_SLOTS_8(X, t, f1, v1, f2, v2, f3, v3, f4, v4) \
    MPNM_SLOTS_6(X, t, f1, v1, f2, v2, f3, v3) X(t, f4, v4, 3)
#define MPNM_SLOTS_10(X, t, f1, v1, f2, v2, f3, v3, f4, v4, f5, v5) \
    MPNM_SLOTS_8(X, t, f1, v1, f2, v2, f3, v3, f4, v4) X(t, f5, v5, 4)
#define MPNM_SLOTS_12(X, t, f1, v1, f2, v2, f3, v3, f4, v4, f5, v5, f6, v6) \
    MPNM_SLOTS_10(X, t, f1, v1, f2, v2, f3, v3, f4, v4, f5, v5) X(t, f6, v6, 5)
#define MPNM_SLOTS_14(X, t, f1, v1, f2, v2, f3, v3, f4, v4, f5, v5, f6, v6, f7, v7) \
    MPNM_SLOTS_12(X, t, f1, v1, f2, v2, f3, v3, f4, v4, f5, v5, f6, v6) X(t, f7, v7, 6)
#define MPNM_SLOTS_16(X, t, f1, v1, f2, v2, f3, v3, f4, v4, f5, v5, f6, v6, f7, v7, f8, v8) \
    MPNM_SLOTS_14(X, t, f1, v1, f2, v2, f3, v3, f4, v4, f5, v5, f6, v6, f7, v7) X(t, f8, v8, 7)
#define MPNM_SLOTS_18(X, t, f1, v1, f2, v2, f3, v3, f4, v4, f5, v5, f6, v6, f7, v7, f8, v8, f9, v9) \
    MPNM_SLOTS_16(X, t, f1, v1, f2, v2, f3, v3, f4, v4, f5, v5, f6, v6, f7, v7, f8, v8) X(t, f9, v9, 8)
#define MPNM_SLOTS_20(X, t, f1, v1, f2, v2, f3, v3, f4, v4, f5, v5, f6, v6, f7, v7, f8, v8, f9, v9, f10, v10) \
    MPNM_SLOTS_18(X, t, f1, v1, f2, v2, f3, v3, f4, v4, f5, v5, f6, v6, f7, v7, f8, v8, f9, v9) \
    X(t, f10, v10, 9)
#define MPNM_NARGS_(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20, \
                    a21, n, ...) n
#define MPNM_NARGS(...) MPNM_NARGS_(_, ##__VA_ARGS__, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, \
    5, 4, 3, 2, 1, 0)
#define MPNM_CAT_(a, b) a##b
#define MPNM_CAT(a, b) MPNM_CAT_(a, b)
#define MPNM_SLOTS(X, t, ...) MPNM_CAT(MPNM_SLOTS_, MPNM_NARGS(__VA_ARGS__))(X, t, ##__VA_ARGS__)

// The type with room for its own slots only; `tname` is an alias of it with
// the type the binding's headers declare. Its name is the qstr's ROM value
// (natmod_qstr_rom.h) until mpnm_type_init; tname##_natmod_parent sets its
// parent (natmod.c calls it for the types gen.py found one in; the linker
// drops the others' empty ones).
#undef MP_DEFINE_CONST_OBJ_TYPE
#define MP_DEFINE_CONST_OBJ_TYPE(tname, qst, fl, ...) \
    struct { \
        mp_obj_empty_type_t type; \
        const void *slots[MPNM_NARGS(__VA_ARGS__) / 2]; \
    } tname##_natmod = { \
        .type.flags = (fl), \
        .type.name = qst##_ROM, \
        MPNM_SLOTS(MPNM_STATIC_SLOT, _, ##__VA_ARGS__) \
    }; \
    extern const mp_obj_type_t tname __attribute__((alias(#tname "_natmod"))); \
    void tname##_natmod_parent(void); \
    void tname##_natmod_parent(void) { \
        MPNM_SLOTS(MPNM_IMPORT_SLOT, tname##_natmod, ##__VA_ARGS__) \
    } \
    extern int mpnm_semicolon_after_type

// Registered by natmod.c's mpy_init instead; roots live in mpnm_root.
#define MP_REGISTER_MODULE(module_name, obj_module) extern int mpnm_semicolon_after_module
#define MP_REGISTER_ROOT_POINTER(decl) extern int mpnm_semicolon_after_root

// ---- built-in types the function table does not carry -----------------------------

const mp_obj_type_t *mpnm_builtin_type(qstr name);
const mp_obj_type_t *mpnm_type_array(void);
#define mp_type_MemoryError (*mpnm_builtin_type(MP_QSTR_MemoryError))
#define mp_type_KeyboardInterrupt (*mpnm_builtin_type(MP_QSTR_KeyboardInterrupt))
#define mp_type_OverflowError (*mpnm_builtin_type(MP_QSTR_OverflowError))
#define mp_type_OSError (*mpnm_builtin_type(MP_QSTR_OSError))
#define mp_type_AttributeError (*mpnm_builtin_type(MP_QSTR_AttributeError))
#define mp_type_StopIteration (*mpnm_builtin_type(MP_QSTR_StopIteration))
#define mp_type_ZeroDivisionError (*mpnm_builtin_type(MP_QSTR_ZeroDivisionError))
#define mp_type_memoryview (*mpnm_builtin_type(MP_QSTR_memoryview))
#define mp_type_array (*mpnm_type_array())
// A type no object has, for what a native module cannot reach: the root
// struct's address (no object's type points at it; 64 B less bss than a type
// of its own). mp_type_module: only named in the const module object natmod.c
// never hands out.
#define mpnm_placeholder_type (*(const mp_obj_type_t *)&mpnm_root)
#define mp_type_module mpnm_placeholder_type

// A memoryview over items from offset: objarray.h's, with the type looked up.
// (A firmware without memoryview raises AttributeError here.)
static inline void mpnm_memoryview_init(mp_obj_array_t *self, size_t typecode, size_t offset, size_t len,
    void *items) {
    self->base.type = &mp_type_memoryview;
    self->typecode = typecode;
    self->free = offset;
    self->len = len;
    self->items = items;
}
#define mp_obj_memoryview_init mpnm_memoryview_init

// ---- allocation: raising where the firmware's raises -------------------------------

void *mpnm_malloc(size_t n);
#undef m_malloc
#define m_malloc(n) (mpnm_malloc(n))
#define m_malloc_maybe(n) (mp_fun_table.realloc_(NULL, (n), false))
#if MICROPY_MALLOC_USES_ALLOCATED_SIZE
#error "natmod.h assumes MICROPY_MALLOC_USES_ALLOCATED_SIZE is 0 in a native module"
#endif
#define m_realloc_maybe(p, n, mv) (mp_fun_table.realloc_((p), (n), (mv)))
// mp_obj_malloc: dynruntime.h's is an inline function over its own m_malloc
// (gc_realloc, NULL when the heap is full), bound before the #define above:
// every binding object at a full heap was written through NULL (a segfault
// where the firmware raises MemoryError). Objects go through mpnm_malloc.
static inline void *mpnm_obj_malloc(size_t n, const mp_obj_type_t *type) {
    mp_obj_base_t *base = (mp_obj_base_t *)mpnm_malloc(n);
    base->type = type;
    return base;
}
#undef mp_obj_malloc_helper
#define mp_obj_malloc_helper(n, t) (mpnm_obj_malloc((n), (t)))
// No finalisers in a native module: see docs/natmod.md (Instance.__del__).
#define mp_obj_malloc_with_finaliser(struct_type, obj_type) mp_obj_malloc(struct_type, obj_type)

// ---- raising ---------------------------------------------------------------------------

// Every message goes through the binding's modwasm_raise_text (binding.c), as
// it is: a firmware with compressed texts sees that it is not compressed (its
// first byte is not 0xff) and shows it as it is. It costs the heap what the
// built-in module's messages cost: one str object around the text (not
// copied) and the tuple, or at a full heap nothing (static ones).
NORETURN void modwasm_raise_text(const mp_obj_type_t *type, const char *text);
NORETURN void mpnm_raise_msg(const mp_obj_type_t *type, const char *msg);
#undef mp_raise_msg
#define mp_raise_msg(t, msg) mpnm_raise_msg((t), (msg))
#undef mp_raise_ValueError
#define mp_raise_ValueError(msg) mpnm_raise_msg(&mp_type_ValueError, (msg))
#undef mp_raise_TypeError
#define mp_raise_TypeError(msg) mpnm_raise_msg(&mp_type_TypeError, (msg))
#undef mp_raise_NotImplementedError
#define mp_raise_NotImplementedError(msg) mpnm_raise_msg(&mp_type_NotImplementedError, (msg))

#undef nlr_push
#define nlr_push(buf) (mp_fun_table.nlr_push(buf))
#undef nlr_pop
#define nlr_pop() (mp_fun_table.nlr_pop())
#undef nlr_jump
#define nlr_jump(val) (mp_raise_dyn(MP_OBJ_FROM_PTR(val)))

// ---- the rest: natmod_rt.c, same names and signatures as the firmware's -----------

#undef mp_obj_is_true
#define mp_obj_is_true(o) ((bool)mp_fun_table.native_from_obj((o), MP_NATIVE_TYPE_BOOL))
#define mp_call_function_0(f) (mp_call_function_n_kw((f), 0, 0, NULL))
#define mp_getiter(o, buf) (mp_fun_table.getiter((o), NULL)) // a heap iterator: no iter_buf
#define mp_iternext(it) (mp_fun_table.iternext((mp_obj_iter_buf_t *)MP_OBJ_TO_PTR(it)))
#define mp_handle_pending(raise) mpnm_handle_pending()

// A native module links no libc: the binding's Linux-only paths (getrandom
// for WASI random_get) take their portable branch, as on a board.
#undef __linux__

#endif // MPWASM_NATMOD_H
