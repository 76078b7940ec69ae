// SPDX-License-Identifier: MIT
// binding.h: what the files of the `wasm` binding (modwasm/binding/) share.
// Internal: other C modules use modwasm/include/native/mpwasm_sheap.h, wasm
// apps sdk/c/mpwasm_shared_heap.h.
//
// Who calls whom (no cycles): binding.c uses only the engine; memory.c,
// global.c, table.c, sharedheap.c and wasi.c (with wasi_files.c) use
// binding.c; modwasm.c (the module, Module, Instance, Function) uses all of them.
#ifndef MODWASM_BINDING_H
#define MODWASM_BINDING_H

#include "py/runtime.h"
#include "mw.h"
#include "mw_config.h"            // the engine's limits, checked here first for clear errors

// The `wasm` module is on wherever this user C module is built; WASI is on by
// default with it, and a port can set MICROPY_PY_WASM_WASI to 0 to save the
// flash (the `wasi=` keyword then raises).
#ifndef MICROPY_PY_WASM
#define MICROPY_PY_WASM (1)
#endif
#ifndef MICROPY_PY_WASM_WASI
#define MICROPY_PY_WASM_WASI (1)
#endif
// WASI fd_write to fds 1 and 2 without a WASI(stdout=, stderr=) object: 1
// writes the program's bytes as they are (mp_hal_stdout_tx_strn: the host port,
// where stdout is a pipe, a file or a terminal); 0 goes through sys.stdout and
// sys.stderr like print (a serial REPL gets "\n" as "\r\n": the boards).
// Precompiled images linked into the firmware (frozen.h, docs/images.md):
// on in the ports that generate the table (ports/common/wasm_frozen.mk).
#ifndef MICROPY_PY_WASM_FROZEN
#define MICROPY_PY_WASM_FROZEN (0)
#endif
#ifndef MICROPY_PY_WASM_WASI_RAW_STDIO
#define MICROPY_PY_WASM_WASI_RAW_STDIO (0)
#endif
// A WASI write or truncate of a file open on one fd looks for no other fd on
// it (wasi_files.c modwasi_show_change: the fds of a file opened twice are marked
// when the second opens): ~110 host instructions less a write for ~60 B of
// code (docs/benchmarks-history.md "WASI (session 33)"). A port may turn it off to
// save the bytes; then every write scans the 13 file fds.
#ifndef MICROPY_PY_WASM_WASI_SHARED_MARK
#define MICROPY_PY_WASM_WASI_SHARED_MARK (1)
#endif
// A WASI flags argument with a bit its type does not have (fd_fdstat_set_flags'
// fdflags above SYNC, set_times' fstflags above MTIM_NOW) traps, as wasmtime's
// ("Invalid flag value"); off, it is EINVAL (as until session 33), for a port
// that would rather save the trap's 48 B.
#ifndef MICROPY_PY_WASM_WASI_FLAG_TRAP
#define MICROPY_PY_WASM_WASI_FLAG_TRAP (1)
#endif
// WASI file times: fd_filestat_set_times and path_filestat_set_times through
// the port's os.utime(path, None, (atime_ns, mtime_ns)), and the filestats'
// atim, mtim, ctim from the port's os.stat_ns (the times in ns as items 7-9;
// an os without it: os.stat's whole seconds). On where the port's
// files keep times: the host port (ports/host/modos.c). Off, both calls are
// ENOSYS and the times 0: the boards' littlefs keeps none, and their clock
// starts at 0 at each boot (docs/wasi.md "File times").
#ifndef MICROPY_PY_WASM_WASI_TIMES
#define MICROPY_PY_WASM_WASI_TIMES (0)
#endif
// WASI files as POSIX descriptors: the port's open() gives files with
// fileno(), and its os.stat and os.utime take that number (fstat, futimens).
// fd_filestat_get and fd_filestat_set_times then use the open file itself, as
// wasmtime does (an fd whose file was unlinked or renamed over too), and no fd
// is opened again to see another's write (wasi_files.c modwasi_show_change:
// littlefs's handles need it, POSIX descriptors do not). A directory
// path_open opens is held open too (the port's open() of it; os.ilistdir
// takes its fileno()): its filestat, set_times and readdir are its own after
// a removal, and paths under a removed one ENOENT (wasi_files.c
// modwasi_open_dir). On in the host port.
#ifndef MICROPY_PY_WASM_WASI_POSIX_FILES
#define MICROPY_PY_WASM_WASI_POSIX_FILES (0)
#endif
// Module.unlower() (mw_module_unlower): on where the engine has it (MW_UNLOWER,
// mw_config.h), which the "small" profile turns off; a port can set this to 0
// to leave the method out.
#ifndef MICROPY_PY_WASM_UNLOWER
#define MICROPY_PY_WASM_UNLOWER (MW_UNLOWER)
#endif
#if MICROPY_PY_WASM_UNLOWER && !MW_UNLOWER
#error "MICROPY_PY_WASM_UNLOWER needs the engine's MW_UNLOWER"
#endif
// The code budget a lazy module gets when code_budget= is not given
// (docs/wasm.md, "The default code budget"): what keeps Module.ram within
// this percentage of the binary's size (a copy of the code section that the
// module lowers from stands for the binary and is not counted), and at least
// MICROPY_PY_WASM_CODE_BUDGET_FLOOR bytes of code: below that a budget saves
// less than one of the 4 KiB blocks an eager load packs code into
// (MW_CODE_CHUNK_UNITS on microcontrollers) and only costs lowerings (the
// WASI hello of tests/programs keeps its 4 KB of code with it: 6 lowerings,
// as without a budget; 10 with its 1.6 KB share). 100: issue #9's RAM target,
// +3.1% instructions over the bench programs (docs/benchmarks.md); 0: no
// budget unless asked. Only where code_budget= is (MICROPY_PY_WASM_UNLOWER).
// Where the engine threads its code (x86-64 hosts, MW_THREADED) the code's
// part is scaled by MW_CODE_RAM_SCALE (2.25x): the functions a board keeps
// stay, and Module.ram is over the binary's size by the threading's share.
#ifndef MICROPY_PY_WASM_CODE_BUDGET
#define MICROPY_PY_WASM_CODE_BUDGET (100)
#endif
#ifndef MICROPY_PY_WASM_CODE_BUDGET_FLOOR
#define MICROPY_PY_WASM_CODE_BUDGET_FLOOR (4096)
#endif
// A memory's buffer handed to Python is lent (mw_memory_lend) and WASI pins
// the memory it holds pointers into (mw_memory_pin) where a move frees the old
// block (MW_MOVE_FREES, mw_config.h); without it every old block is the
// collector's and there is nothing to track.
#if MW_MOVE_FREES
#define modwasm_memory_lend(mem) mw_memory_lend(mem)
#define modwasm_memory_pin(mem, on) mw_memory_pin((mem), (on))
#else
#define modwasm_memory_lend(mem) mw_memory_data(mem)
#define modwasm_memory_pin(mem, on) ((void)(mem))
#endif

// ---- objects ----------------------------------------------------------------------

typedef struct _modwasm_module_obj_t {
    mp_obj_base_t base;
    mw_module *mod;
    mp_obj_t data;            // what the module borrows from (a bytes object, an image's
                              // block read from a stream: the collector keeps it), or None
    size_t load_peak;         // from a stream: the largest piece of the binary held at once
} modwasm_module_obj_t;

typedef struct _modwasm_instance_obj_t {
    mp_obj_base_t base;
    mw_instance *inst;
    mp_obj_t module;
    mp_obj_t imports;         // keeps imported Python objects reachable
    mp_obj_t exports;
    bool has_fuel;
    bool held;                // counted in MODWASM_HOLDS until the finaliser
    // It attached a shared heap (inst.attach, shared_heap=), so it may ask
    // the engine to detach: the engine knows the attacher by address, and
    // wasm.mpy frees an instance without a finaliser to detach, so another
    // made at that address later would pass for it (docs/natmod.md). Kept
    // once set: among live instances the address tells.
    bool attacher;
    int64_t fuel;             // remaining instance fuel when has_fuel
    mp_obj_t windows;         // list of (start, object) this instance mapped (window.c), or NULL
    mp_obj_t grants;          // grants= dict: what the app may map (window.c), or None
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

// ---- types, each defined in the file named after it ----------------------------------

extern const mp_obj_type_t modwasm_type_Module;       // modwasm.c
extern const mp_obj_type_t modwasm_type_Instance;     // modwasm.c
extern const mp_obj_type_t modwasm_type_Exports;      // modwasm.c
extern const mp_obj_type_t modwasm_type_Function;     // modwasm.c
extern const mp_obj_type_t modwasm_type_Memory;       // memory.c
extern const mp_obj_type_t modwasm_type_Global;       // global.c
extern const mp_obj_type_t modwasm_type_Table;        // table.c
extern const mp_obj_type_t modsheap_type_SharedHeap;  // sharedheap.c
extern const mp_obj_type_t modwasm_type_CompileError; // binding.c
extern const mp_obj_type_t modwasm_type_LinkError;    // binding.c
extern const mp_obj_type_t modwasm_type_Trap;         // binding.c

// ---- binding.c: runtime, errors, types as text, values --------------------------------

// The runtime, set up on first use in static storage (a root pointer: the
// collector scans it, a soft reset zeroes it), so it never takes a block of
// the heap.
mw_runtime *modwasm_rt(void);
// The room: a block of MODWASM_ROOM_BELOW_MEMORY bytes that modwasm.c
// holds below an instance's memories while the engine makes them
// (modwasm_instance_make), in the root pointer modwasm_room (a collection
// keeps it; a soft reset forgets it with the old heap). It gives way to the
// first allocation of the engine's that does not fit beside it
// (modwasm_alloc); modwasm_room_give gives it back (if held).
#define MODWASM_ROOM_BELOW_MEMORY (1024)
void modwasm_room_give(void);
// What can call into wasm is counted (MODWASM_HOLDS): each Instance object
// until its finaliser, each entry into the engine (modwasm.c modwasm_enter)
// while it runs. After a collection that left the count at 0 the stacks are
// given back (modwasm_collected, which the ports' gc_collect calls); the next
// call makes them again at wasm.stack_size()'s sizes. wasm.mpy has no
// finalisers (docs/natmod.md), so there the stacks stay until stack_size().
#if MICROPY_ENABLE_FINALISER && !defined(MPWASM_NATMOD)
#define MODWASM_HOLDS (1)
#define MODWASM_HOLD(n) (MP_STATE_VM(modwasm_holds) += (n))
#else
#define MODWASM_HOLDS (0)
#define MODWASM_HOLD(n) ((void)0)
#endif
void modwasm_collected(void);
// Zero the C stack below the caller's frame (at most MODWASM_STACK_CLEAN_WORDS
// words, within MicroPython's stack limit): Module() and Instance() call it
// before the frames that load or instantiate, so those start with no word an
// earlier call left (binding.c says why). wasm.mpy: nothing (no stack limit).
void modwasm_stack_clean(void);
// Raising with a message whose words survive a full or locked heap (a user
// must learn what ran out, and where); `type` a native exception type.
// modwasm_raise_varg formats as mp_raise_msg_varg does, into one heap block
// of the text's size, or else into a static text (cut at 127 bytes);
// modwasm_raise_text wraps `text` (ROM, not copied; NULL: no message). Every
// formatted message of the binding goes through modwasm_raise_varg; wasm.mpy's
// mp_raise_msg and mp_raise_type (ports/natmod/natmod.h) through
// modwasm_raise_text.
NORETURN void modwasm_raise_varg(const mp_obj_type_t *type, mp_rom_error_text_t fmt, ...);
NORETURN void modwasm_raise_text(const mp_obj_type_t *type, const char *text);

// Return if st is MW_OK, else raise the Python exception for it, with the
// engine's message: the one error path from the engine to Python.
//   MW_TRAP_*                    wasm.Trap (the spec's text)
//   MW_ERR_MALFORMED, _INVALID   wasm.CompileError ("<detail> at offset 0x..")
//   MW_ERR_LINK                  wasm.LinkError (detail)
//   MW_ERR_NOMEM                 MemoryError; ValueError for a size beyond the
//                                engine's limits ("table too large")
//   MW_ERR_ARG                   ValueError (detail)
//   MW_ERR_HOST                  what the host function raised, unchanged
//   MW_ERR_INTERRUPTED           the pending exception (KeyboardInterrupt)
void modwasm_check(mw_status st);
// wasm.Trap for the trap st after a failed call, with the path the engine
// noted (mw_trap_trace: e.kind, e.func, e.trace, e.depth) and `detail` (NULL:
// none) after its kind: "out of bounds memory access: write at 0x.. in
// region 'rodata' (ro) in function 3 'poke'" (a memory fault, modwasm.c).
NORETURN void modwasm_raise_trap(mw_status st, const char *detail);
// An Instance's engine instance (NULL while it is being instantiated);
// raises TypeError if `o` is not a wasm.Instance.
mw_instance *modwasm_get_inst(mp_obj_t o);

// "i32" .. "externref"; parse raises ValueError (ref_only: funcref, externref).
const char *modwasm_valtype_name(uint8_t t);
uint8_t modwasm_valtype_parse(mp_obj_t name, bool ref_only);
// "func", "table", "memory", "global", indexed by mw_kind.
extern const char *const modwasm_kind_names[];
// Types as text: any import's or export's ("funcref 1..10" for a table), and
// each kind's own: "(i32, i64) -> (f32)", "1..2 pages", "i32 mut".
mp_obj_t modwasm_type_str(const mw_extern_desc *d);
mp_obj_t modwasm_functype_str(const mw_functype *ft);
mp_obj_t modwasm_memtype_str(const mw_limits *lim);
mp_obj_t modwasm_globaltype_str(mw_valtype t, bool mut);

// Names (imports, exports) compared one way: counted strings, or a counted
// string against a C string; an export's index by name.
bool modwasm_name_eq(const char *a, size_t a_len, const char *b, size_t b_len);
bool modwasm_name_is(const char *s, size_t len, const char *name);
bool modwasm_find_export(const mw_module *m, const char *name, size_t len, uint32_t *index);

// Host functions: a new one (raises MemoryError), and the guard every host
// function's body runs in: a Python exception raised by `body` is kept and the
// engine unwinds with MW_ERR_HOST; modwasm_check re-raises it unchanged.
typedef void (*modwasm_host_body_fn)(void *ctx, mw_func *self, mw_val *slots);
mw_func *modwasm_host_func(mw_runtime *rt, const mw_functype *ft, mw_host_fn fn, void *ctx);
mw_status modwasm_host_guard(modwasm_host_body_fn body, void *ctx, mw_func *self, mw_val *slots);

// Imports: every source of them (the user's imports, WASI, env.shared_heap_*)
// is a resolver of this one shape: fill *out and return true if import `d` is
// its to answer (raising LinkError if it is but does not fit), else return
// false and leave *out alone. `ctx` is the resolver's own state.
typedef bool (*modwasm_resolver_fn)(void *ctx, mw_runtime *rt, const mw_extern_desc *d, mw_import *out);

// A wasm.Function for `f` (owner: the instance whose fuel it uses, or NULL).
mp_obj_t modwasm_func_wrap(mw_func *f, modwasm_instance_obj_t *owner);
// Any int, signed or unsigned, wrapped to 64 bits.
uint64_t modwasm_int_bits(mp_obj_t o);
// References: None <-> NULL, wasm.Function <-> funcref, any object <-> externref.
void *modwasm_ref_from_obj(uint8_t t, mp_obj_t o);
mp_obj_t modwasm_ref_to_obj(uint8_t t, void *ref);
// Python value <-> slot. raw: floats as int bit patterns, ints unsigned.
mw_val modwasm_val_from_obj(uint8_t t, mp_obj_t o, bool raw);
mp_obj_t modwasm_val_to_obj(uint8_t t, mw_val v, bool raw);

// ---- sharedheap.c -----------------------------------------------------------------------

MP_DECLARE_CONST_FUN_OBJ_2(modsheap_chain_obj);
MP_DECLARE_CONST_FUN_OBJ_KW(modsheap_unchain_obj);
// Attach `heap` (a SharedHeap) to `inst` (a wasm.Instance); raises ValueError.
void modsheap_attach(mp_obj_t inst, mp_obj_t heap, bool readonly);
// The heap attached to an Instance (SharedHeap or None).
mp_obj_t modsheap_inst_heap(mp_obj_t inst);
// Resolver of env.shared_heap_malloc/free/base/size (WAMR's imports, with
// their types): host functions bound to `ctx`, a wasm.Instance, that reach
// the heap attached to it at the time of the call.
bool modsheap_resolve(void *ctx, mw_runtime *rt, const mw_extern_desc *d, mw_import *out);

// The engine heap of an open wasm.SharedHeap (TypeError, or ValueError if
// closed or if a heap of its chain lost its bytes: its bytearray resized).
mw_sheap *modsheap_heap(mp_obj_t heap);
// Before heap `h` (modsheap_heap's: h and the heaps behind it are in place)
// is attached or mapped: modwindow_follow watches every heap of its whole
// chain that is over a bytearray or array.array (modwindow_watch); ValueError
// if a heap in front of h moved its bytes already.
void modsheap_watch(mw_sheap *h);
// modwindow_follow's part for a watched heap: false once its chain is not in
// use (closed, or no heap of it attached or mapped: forget it); ValueError if
// its bytearray or array.array moved its bytes or shrank.
bool modsheap_guard(mp_obj_t heap);

// ---- window.c: the address map (inst.map/unmap, grants, env.mpwasm_map) ---------------

MP_DECLARE_CONST_FUN_OBJ_KW(modwindow_map_obj);
MP_DECLARE_CONST_FUN_OBJ_2(modwindow_unmap_obj);
// inst.windows: [(start, size, readonly, object), ...] sorted by start.
mp_obj_t modwindow_list(mp_obj_t inst);
// The finaliser's part: unmap what the instance mapped (its memory 0 may be imported).
void modwindow_release(mp_obj_t inst);
// Windows over a bytearray or array.array follow its bytes, which such an
// object moves (and frees the old block) when it grows: called wherever
// Python code may have run before wasm or the binding reaches a window (each
// entry into wasm, each host function's return, WASI before it takes a
// guest pointer). A window whose object moved shows the new bytes (its size
// cut to the object's length if that shrank; unmapped when empty). A heap
// over such an object cannot follow (its place is 2^32 - size): ValueError
// while wasm can reach it (modsheap_guard). Inline, one load and compare when
// no such window or heap exists (19 host instructions a call out of line).
void modwindow_follow_all(void);
// A bytearray or array.array: it moves its bytes to a new block when it grows
// (and frees the old one); MicroPython has no buffer lock to refuse that.
bool modwindow_movable(mp_obj_t obj);
// Watch `rec` at each modwindow_follow: a window's record (memory, start,
// object), or a SharedHeap (modsheap_guard, once until wasm cannot reach it).
void modwindow_watch(mp_obj_t rec);
static inline void modwindow_follow(void) {
    if (MP_STATE_VM(modwasm_movable) != MP_OBJ_NULL) {
        modwindow_follow_all();
    }
}
// ValueError unless `grants` is None or a dict of name: memory (obj, (obj, mode), (obj, mode, at)).
void modwindow_check_grants(mp_obj_t grants);
// Resolver of env.mpwasm_map / env.mpwasm_unmap: host functions bound to `ctx`,
// a wasm.Instance, that map and unmap what its grants allow.
bool modwindow_resolve(void *ctx, mw_runtime *rt, const mw_extern_desc *d, mw_import *out);

// ---- wasi.c, wasi_files.c: the WASI preview1 subset (what they share: wasi.h) -----------

#if MICROPY_PY_WASM_WASI

extern const mp_obj_type_t modwasi_type_WASI;   // wasm.WASI(args=(), env=None)
extern const mp_obj_type_t modwasi_type_Exit;   // wasm.Exit, .code: raised by proc_exit

// Per-instance WASI state for `wasi` (a wasm.WASI, or None: returns NULL and
// costs nothing). Raises TypeError for anything else. GC-allocated; the host
// functions made by modwasi_resolve keep it alive.
void *modwasi_attach(mp_obj_t wasi);

// Resolver of the function imports from "wasi_snapshot_preview1" (any other
// import: false). `ctx` from modwasi_attach, non-NULL.
bool modwasi_resolve(void *ctx, mw_runtime *rt, const mw_extern_desc *d, mw_import *out);

// After instantiation: point the WASI functions at the instance's exported
// "memory" (without one, every call that takes a pointer returns EFAULT).
void modwasi_bind(void *ctx, mw_instance *inst);

#else

static inline void *modwasi_attach(mp_obj_t wasi) {
    if (wasi != mp_const_none) {
        mp_raise_ValueError(MP_ERROR_TEXT("no WASI in this build"));
    }
    return NULL;
}
static inline bool modwasi_resolve(void *ctx, mw_runtime *rt, const mw_extern_desc *d, mw_import *out) {
    return false;
}
static inline void modwasi_bind(void *ctx, mw_instance *inst) {
}

#endif // MICROPY_PY_WASM_WASI

#endif // MODWASM_BINDING_H
