// SPDX-License-Identifier: MIT
// mw.h: the one public interface of the mpwasm WebAssembly engine.
//
// The engine is pure C99 and knows nothing about MicroPython: memory comes from
// the embedder's allocator callback, host functions are plain callbacks, and the
// interpreter calls an embedder `poll` hook every `poll_interval` back-edges and
// calls (Ctrl-C, fuel). Nothing in the engine longjmps or aborts: every failure
// is returned as an mw_status, with detail in an mw_report.
//
// Constructors have one shape: `mw_status mw_X_new(..., mw_X **out)`; *out is
// the new object on MW_OK and NULL otherwise (mw_instantiate alone may hand
// back an instance whose start function trapped: see there).
//
// Ownership in one paragraph: every object is allocated through the runtime's
// allocator and freed only by the matching *_free call (or by a garbage
// collector, when the embedder's allocator is one: then keep every object
// reachable from something the collector scans; all links between engine
// blocks are pointers to the start of a block). An instance references, but
// does not own, its module and everything it imported. Slots (mw_val) holding
// references point to mw_func objects (funcref) or embedder objects (externref);
// a wasm function's object is made when it first escapes to a value (export,
// ref.func, table.get), and the instance frees it. A table an instance
// defines keeps that instance reachable (its entries may name the instance's
// functions by index).
//
// Values: one 64-bit slot per value, little-endian targets. i32/f32 live in the
// low 32 bits (f32 as its bit pattern), refs as pointers, NULL is ref.null.
#ifndef MW_H
#define MW_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

typedef struct mw_runtime mw_runtime;   // allocator, hooks, value/call stacks
typedef struct mw_module mw_module;     // decoded + validated module, immutable
typedef struct mw_instance mw_instance; // instantiated module
typedef struct mw_func mw_func;         // function instance (wasm or host)
typedef struct mw_memory mw_memory;     // linear memory instance
typedef struct mw_table mw_table;       // table instance
typedef struct mw_global mw_global;     // global instance

typedef union mw_val {
    uint32_t i32;
    uint64_t i64;
    float f32;
    double f64;
    void *ref;
} mw_val;

// Value types, numbered as in the binary format (spec 5.3.1, 5.3.3).
typedef enum mw_valtype {
    MW_I32 = 0x7f,
    MW_I64 = 0x7e,
    MW_F32 = 0x7d,
    MW_F64 = 0x7c,
    MW_FUNCREF = 0x70,
    MW_EXTERNREF = 0x6f,
} mw_valtype;

// Kinds of imports/exports (spec 5.5.5).
typedef enum mw_kind {
    MW_KIND_FUNC = 0,
    MW_KIND_TABLE = 1,
    MW_KIND_MEMORY = 2,
    MW_KIND_GLOBAL = 3,
} mw_kind;

// Status codes: ok, traps, load/link errors, embedder conditions. Message texts
// live in one table (errors.c); traps use the spec's reason strings exactly.
#define MW_STATUS_LIST(X) \
    X(OK, "ok") \
    X(TRAP_UNREACHABLE, "unreachable") \
    X(TRAP_DIV_ZERO, "integer divide by zero") \
    X(TRAP_INT_OVERFLOW, "integer overflow") \
    X(TRAP_INVALID_CONV, "invalid conversion to integer") \
    X(TRAP_MEM_OOB, "out of bounds memory access") \
    X(TRAP_TABLE_OOB, "out of bounds table access") \
    X(TRAP_UNDEF_ELEM, "undefined element") \
    X(TRAP_UNINIT_ELEM, "uninitialized element") \
    X(TRAP_SIG_MISMATCH, "indirect call type mismatch") \
    X(TRAP_STACK, "call stack exhausted") \
    X(TRAP_FUEL, "out of fuel") \
    X(ERR_MALFORMED, "malformed module") \
    X(ERR_INVALID, "invalid module") \
    X(ERR_LINK, "incompatible import type") \
    X(ERR_NOMEM, "out of memory") \
    X(ERR_HOST, "host function failed") \
    X(ERR_INTERRUPTED, "interrupted") \
    X(ERR_ARG, "bad argument")

typedef enum mw_status {
    #define MW_X_ENUM(name, text) MW_##name,
    MW_STATUS_LIST(MW_X_ENUM)
    #undef MW_X_ENUM
    MW_STATUS_COUNT
} mw_status;

#define MW_IS_TRAP(s) ((s) >= MW_TRAP_UNREACHABLE && (s) <= MW_TRAP_FUEL)

// The text of a status (never NULL), in a buffer of the engine's that the
// next call overwrites (the texts are packed: errors.c).
const char *mw_status_str(mw_status s);

// Detail about the last failure of a load/link/call: `msg` names the problem
// (e.g. "unexpected end", "type mismatch"): the engine's one buffer holding
// a packed detail or status text unpacked (errors.c), valid until the next
// failure of any runtime; `offset` the byte offset in the module binary
// (for load errors), `index` an import index. `need` is 0 but for
// MW_ERR_NOMEM from an allocation that failed (below), as for a call that
// could not lower a function on its first call (lazy.c: MW_ERR_NOMEM, with
// no lowered code left to give way): then `need` is the bytes the allocation
// that failed asked for, `index` the function's index (imports first) and
// `offset` its body's; or for a call that could not allocate the runtime's
// stacks (mw_call's first, or the first after mw_runtime_set_stacks): then
// `need` is their bytes and `index` MW_REPORT_STACKS; or for a memory.grow
// the heap refused under mw_inst_options.grow_raises: then `offset` is
// MW_REPORT_GROW, `index` the memory's index and `need` the pages asked for.
// Any other MW_ERR_NOMEM from an allocation that failed: `need` its bytes
// and `index` what it was for, one of the MW_REPORT_ values below (for
// MW_REPORT_MODULE `offset` is where loading stood in the binary). A size
// over the engine's limits ("table too large") has `need` 0.
#define MW_REPORT_STACKS 0xffffffffu     // the runtime's value and frame stacks
#define MW_REPORT_MODULE 0xfffffffeu     // a module's load: its arrays, its code
#define MW_REPORT_INSTANCE 0xfffffffdu   // an instance's block
#define MW_REPORT_MEMORY 0xfffffffcu     // a memory: its object or its bytes
#define MW_REPORT_TABLE 0xfffffffbu      // a table: its object or its elements
#define MW_REPORT_FUNC 0xfffffffau       // a function's object (host, or one a table or export hands out)
#define MW_REPORT_GLOBAL 0xfffffff9u     // a global's object
#define MW_REPORT_HEAP 0xfffffff8u       // a shared heap's object
#define MW_REPORT_WINDOW 0xfffffff7u     // a memory's table of windows
#define MW_REPORT_GROW 0xffffffffu
typedef struct mw_report {
    mw_status status;
    const char *msg;
    uint32_t offset;
    uint32_t index;
    uint32_t need;
} mw_report;

// ---- runtime -------------------------------------------------------------

// Allocator: like realloc(ptr, new_size) with the old size given; new_size 0
// frees. Must return NULL on failure (never raise/longjmp). Returned blocks
// need not be zeroed (the engine clears what it needs), unless the embedder
// says they are (mw_config.alloc_zeroes).
typedef void *(*mw_alloc_fn)(void *ctx, void *ptr, size_t old_size, size_t new_size);

// Poll hook: called every `poll_interval` loop back-edges/calls. Return MW_OK
// to continue, anything else (e.g. MW_ERR_INTERRUPTED) to stop the wasm call,
// which then returns that status.
typedef mw_status (*mw_poll_fn)(void *ctx);

// Optional: resize the block `ptr` to `new_size` without moving it; return
// false if that is not possible. Lets memory.grow extend linear memory in
// place (no copy, existing views stay valid) when the allocator can.
typedef bool (*mw_resize_fn)(void *ctx, void *ptr, size_t old_size, size_t new_size);

// Host function: `slots` holds the params on entry (slots[0] = first param);
// the callback writes the results into slots[0..nresults). Returning anything
// but MW_OK unwinds the wasm call, which returns that status.
typedef mw_status (*mw_host_fn)(void *ctx, mw_func *self, mw_val *slots);

typedef struct mw_config {
    mw_alloc_fn alloc;
    mw_poll_fn poll;          // may be NULL
    mw_resize_fn resize;      // may be NULL
    void *ctx;                // passed to alloc and poll
    uint32_t stack_slots;     // value stack size (8 bytes each); 0 = default
    uint32_t max_frames;      // call depth limit (a host function called from wasm takes one too: MW_HOST_FRAMES); 0 = default
    uint32_t max_nesting;     // wasm->host->wasm nesting limit; 0 = default
    uint32_t poll_interval;   // back-edges/calls between polls; 0 = default
    // true: a grow that moves a linear memory does not free its old block if
    // the embedder lent it out (mw_memory_lend; a garbage collector frees it
    // once no view of it is left), else frees it (without MW_MOVE_FREES: never
    // frees it). false: always frees it.
    bool gc_memory;
    // true: a new block from alloc (ptr NULL) is always all zero, as a
    // collector's that clears what it hands out (MicroPython's gc_alloc), so
    // the engine does not zero it again (runtime.c mw_alloc: the value and
    // frame stacks, made at a first call, are most of it). false: the engine
    // zeroes what it needs zero.
    bool alloc_zeroes;
} mw_config;

// Create a runtime; the config is copied. MW_ERR_NOMEM (no report: there is
// no runtime to hold one) on out of memory.
mw_status mw_runtime_new(const mw_config *cfg, mw_runtime **out);
void mw_runtime_free(mw_runtime *rt);
// Bytes enough for a runtime whatever the engine's switches (runtime.c checks
// it at compile time): 224 on a 32-bit target (the runtime takes 216-224
// there), 392 on a 64-bit one; no more, since an embedder's static storage
// for it is RAM taken from its heap on a small board.
#define MW_RUNTIME_BYTES (42 * sizeof(void *) + 56)
// Create a runtime in `size` bytes at `mem` that the embedder gives and keeps
// (static storage: no block of the runtime's own in a heap), aligned for an
// int64_t; the config is copied. MW_ERR_ARG (no report: no runtime) if size
// is too small for one. Never give it to mw_runtime_free: the stacks are the
// only blocks it allocates, and mw_runtime_set_stacks with the sizes it has
// frees them between calls.
mw_status mw_runtime_init(const mw_config *cfg, void *mem, size_t size, mw_runtime **out);
// The sizes of the runtime's stacks (mw_config.stack_slots and max_frames).
void mw_runtime_stacks(const mw_runtime *rt, uint32_t *slots, uint32_t *frames);
// Resize them (both > 0): the stacks are freed now and allocated at the next
// call (or instantiation of a module with a memory) with the new sizes. Only between calls (MW_ERR_ARG inside one). Loads
// check a function's frame against the new value stack; code lowered before
// with a larger frame traps MW_TRAP_STACK when called.
mw_status mw_runtime_set_stacks(mw_runtime *rt, uint32_t slots, uint32_t frames);
// Report of the last failure on this runtime (load, instantiate, call).
const mw_report *mw_last_report(const mw_runtime *rt);

// ---- types -----------------------------------------------------------------

typedef struct mw_functype {
    uint16_t nparams;
    uint16_t nresults;
    uint8_t types[];          // nparams param types, then nresults result types
} mw_functype;

typedef struct mw_limits {
    uint64_t min;
    uint64_t max;             // valid if has_max
    bool has_max;
    uint8_t page_log2;        // memories: 16 (64 KiB pages) or 0 (1-byte pages)
} mw_limits;

// ---- modules ---------------------------------------------------------------

// Decode and validate `len` bytes (WebAssembly 2.0 minus SIMD, plus
// multi-memory and custom-page-sizes). Without MW_LOAD_BORROW the bytes are
// not referenced after return; with it, the caller promises they stay valid
// and unchanged while the module lives, and data segments are not copied
// (saves RAM when the binary is immutable, e.g. a Python bytes object or
// flash). On failure the status, with the detail in mw_last_report.
#define MW_LOAD_BORROW 1u
// MW_LOAD_NO_MULTI_MEMORY: validate memories exactly as Wasm 2.0 does, without
// the multi-memory proposal: at most one memory ("multiple memories"), and
// memory.size/grow/copy/fill/init take a literal zero byte where multi-memory
// reads a memory index ("zero byte expected"); memargs carry no memory index.
#define MW_LOAD_NO_MULTI_MEMORY 2u
// MW_LOAD_LAZY: every body is still validated at load (an invalid one fails
// the load), but a function is lowered only when it is first called (lazy.c),
// so mw_module_ram grows as functions run. The bodies are read again then:
// from the caller's bytes with MW_LOAD_BORROW, else from a copy of the code
// section the module keeps. A first call that finds no memory for the code
// returns MW_ERR_NOMEM (the module stays usable; a later call tries again).
// Without it every body is lowered at load (eager), as an image tool needs.
#define MW_LOAD_LAZY 4u
// MW_LOAD_NAMES: keep the name section's function names (mw_module_func_name)
// where the module does not borrow the bytes: it copies that subsection
// (counted in mw_module_ram). With MW_LOAD_BORROW the names are read from the
// caller's bytes anyway; builds without MW_FUNC_NAMES keep none.
#define MW_LOAD_NAMES 8u
mw_status mw_module_load(mw_runtime *rt, const uint8_t *bytes, size_t len, uint32_t flags, mw_module **out);
// The same from a stream: `read` fills up to n bytes of buf and returns how
// many (0 at the end of the binary, -1 on an error). Sections are read one at
// a time and the code section one function body at a time, so the binary is
// never whole in RAM; *peak (if not NULL) gets the largest buffer used.
// MW_LOAD_BORROW does not apply. Errors and offsets as mw_module_load's: a
// failure inside the code section, read a body at a time, first reads on to
// the section's end, so a binary that ends before it is said to be truncated
// there as mw_module_load says it (since session 37; tests/fuzz/fuzz_load.c
// compares the two).
typedef long (*mw_read_fn)(void *ctx, uint8_t *buf, size_t n);
mw_status mw_module_load_stream(mw_runtime *rt, mw_read_fn read, void *ctx, uint32_t flags, size_t *peak,
    mw_module **out);
// Precompiled images (image.c, docs/images.md): a module validated and
// lowered once by the host tool wasm-cross. mw_image_is: whether the bytes
// start with an image's magic. mw_module_load_image checks the header
// (magic, versions, target, length), the checksum, decodes the metadata
// again and walks every function's code with the op table (mw_code_check);
// the module then points into the image for its code and data, so the image
// must stay valid and unchanged while the module lives (flash, an immutable
// buffer) and be aligned to 4 bytes. Errors as mw_module_load's, with byte
// offsets into the image; MW_LOAD_NO_MULTI_MEMORY applies.
bool mw_image_is(const uint8_t *bytes, size_t len);
mw_status mw_module_load_image(mw_runtime *rt, const uint8_t *image, size_t len, uint32_t flags, mw_module **out);
// The header's checks alone (magic, versions, target, features, a length of
// at least a header), as mw_module_load_image makes them first: a reader of
// a stream asks them of the first MW_IMAGE_HEADER_BYTES before it allocates
// the length the header gives (a wrong-format image is then named so, not a
// MemoryError for a length no format gave).
#define MW_IMAGE_HEADER_BYTES 72
mw_status mw_image_check_header(mw_runtime *rt, const uint8_t *header, size_t len, uint32_t flags);
void mw_module_free(mw_runtime *rt, mw_module *m);
// Bytes of engine RAM the module holds now, exactly as the allocator saw
// them: lowered code, type/import/export/segment tables, names, copied data
// segments (none with MW_LOAD_BORROW) and, for MW_LOAD_LAZY without
// MW_LOAD_BORROW, the code section's copy. Not the caller's binary. With
// MW_LOAD_LAZY it grows as functions are first called.
size_t mw_module_ram(const mw_module *m);
// Functions defined by the module, and how many of them are lowered now
// (all of them unless MW_LOAD_LAZY).
uint32_t mw_module_num_funcs(const mw_module *m);
uint32_t mw_module_num_lowered(const mw_module *m);
// MW_LOAD_LAZY modules: drop every function's lowered code (each is lowered
// again on its next call), so mw_module_ram is back to what it was after the
// load. Only while no call runs on rt (MW_ERR_ARG otherwise, or for a module
// that is not lazy); the module must not be running on another runtime.
// Only in builds with MW_UNLOWER (mw_config.h: on unless a board leaves it out).
mw_status mw_module_unlower(mw_runtime *rt, mw_module *m);
// MW_LOAD_LAZY modules (MW_UNLOWER builds): keep at most `bytes` of lowered
// code (0: no limit, as after the load). Lowering a function that would go
// over it first drops the functions lowered longest ago that are not running
// on rt (not on any of its frames, including callers of a host function that
// called back into wasm), each lowered again on its next call; only the
// code of functions running at once can take the module over the budget.
// The module's instances must all run on rt, and the embedder's poll and
// alloc hooks must not call into them. MW_ERR_ARG for a module that is not lazy.
// A budget over MW_CODE_ARENA_MIN (mw_config.h) is allocated now, as one
// block the code lives in (at most MW_CODE_ARENA_CAP percent of the
// bodies' bytes: code past that, within a larger budget, takes blocks of its
// own; counted in mw_module_ram from now on; no room for it is no error: the
// code then takes blocks of its own), so set it before instantiating, where
// a memory allocated first would have it above.
mw_status mw_module_set_code_budget(mw_runtime *rt, mw_module *m, size_t bytes);
// The budget set last (0: none).
size_t mw_module_code_budget(const mw_module *m);
// Bytes of mw_module_ram that are the code section's copy a MW_LOAD_LAZY
// module without MW_LOAD_BORROW lowers from (0 with MW_LOAD_BORROW or eager):
// what stands in for the caller's binary in such a module (MW_UNLOWER builds).
size_t mw_module_code_copy(const mw_module *m);
// Lowerings since the load: the first of each function, and again after
// mw_module_unlower or the code budget dropped it.
uint32_t mw_module_num_lowerings(const mw_module *m);

// Description of one import or export. Pointers stay valid while the module lives.
typedef struct mw_extern_desc {
    const char *module;       // imports only (NUL terminated, except in a module
    uint32_t module_len;      //   from an image; may contain NULs: use the lengths)
    const char *name;
    uint32_t name_len;
    mw_kind kind;
    uint32_t index;           // index in the module's space of that kind
    const mw_functype *func;  // kind FUNC
    mw_valtype valtype;       // kind GLOBAL (value type) / TABLE (elem type)
    bool mut;                 // kind GLOBAL
    mw_limits limits;         // kind TABLE / MEMORY
} mw_extern_desc;

// The name of function `func` (imports first) in the module's name section
// (the function names, subsection 1), where the build keeps names
// (MW_FUNC_NAMES, mw_config.h) and the module its binary (MW_LOAD_BORROW) or
// a copy of its function names (MW_LOAD_NAMES):
// *name (not NUL terminated, the section's bytes unchecked) and *len; false
// if there is none. A malformed name section is no load error (spec 7.4.1):
// names are looked up only as far as it reads well.
bool mw_module_func_name(const mw_module *m, uint32_t func, const char **name, uint32_t *len);

uint32_t mw_module_num_imports(const mw_module *m);
uint32_t mw_module_num_exports(const mw_module *m);
void mw_module_import(const mw_module *m, uint32_t i, mw_extern_desc *out);
void mw_module_export(const mw_module *m, uint32_t i, mw_extern_desc *out);

// ---- instances ---------------------------------------------------------------

// One resolved import, in the module's import order; the field matching the
// import's kind is used.
typedef struct mw_import {
    mw_func *func;
    mw_table *table;
    mw_memory *memory;
    mw_global *global;
} mw_import;

typedef struct mw_inst_options {
    // Bytes of each defined memory actually allocated (0 = no limit). Accesses
    // beyond trap; memory.size still reports the declared size.
    uint64_t memory_limit;
    // Fuel budget of the start function (NULL = unlimited), as in mw_call.
    int64_t *fuel;
    // true: a memory.grow the instance's code runs that the heap refuses
    // (MW_GROW_NOMEM) stops the call with MW_ERR_NOMEM instead of returning
    // -1 (mw_report: offset MW_REPORT_GROW, index the memory's index in the
    // instance, need the pages it asked for; the path as a trap's). false:
    // -1, as the spec says; one the memory's type refuses is -1 either way.
    // Ignored where mw_config.h MW_GROW_RAISES is 0 (the "small" profile).
    bool grow_raises;
} mw_inst_options;

// Link and instantiate (spec 4.5.4): check imports against the declared types
// (MW_ERR_LINK, report.index = import index), allocate, evaluate globals, apply
// elem then data segments in order, run the start function. A trap during
// segments/start returns the trap status AND the (partially initialized)
// instance in *out, since writes into imported memories/tables persist; the
// caller frees it. So does MW_ERR_NOMEM for a function object an element
// segment needs (a function of another instance's table). *out is NULL on
// other failures: then nothing ran and all is given back, so an embedder may
// free memory of its own and call again. The defined memories are allocated last, after the
// runtime's stacks (made here if not yet: no room for them is no error here),
// so that nothing the engine allocates lies right after a memory's block: it
// can grow in place. An embedder does best to allocate what it needs for the
// instance before this call, too.
mw_status mw_instantiate(mw_runtime *rt, const mw_module *m, const mw_import *imports,
    const mw_inst_options *opt, mw_instance **out);
// Frees what the instance owns and detaches a shared heap it attached.
void mw_instance_free(mw_runtime *rt, mw_instance *inst);
const mw_module *mw_instance_module(const mw_instance *inst);
// Exported entity #i (module export order); the field of its kind is set.
void mw_instance_export(const mw_instance *inst, uint32_t i, mw_import *out);
// Bytes of engine RAM this instance holds now, exactly as the allocator saw
// them: its bookkeeping, function, table, memory and global objects, element
// segments and its tables' element arrays (at their current size); not the
// data of its linear memories (see mw_memory_size), nor anything imported.
size_t mw_instance_ram(const mw_instance *inst);

// ---- functions -------------------------------------------------------------

// Create a host function with type `type` (copied). `ctx` is stored and passed back.
mw_status mw_func_new_host(mw_runtime *rt, const mw_functype *type, mw_host_fn fn, void *ctx, mw_func **out);
// Free a host function (not needed when the allocator is a garbage collector).
void mw_func_free(mw_runtime *rt, mw_func *f);
const mw_functype *mw_func_type(const mw_func *f);
void *mw_func_host_ctx(const mw_func *f);   // NULL for wasm functions

// Call `f` with args[nparams], writing results[nresults]. Re-entrant from host
// functions (bounded by max_nesting). `fuel`: NULL = unlimited (or inherit the
// enclosing call's budget); else the budget in units of back-edges+calls,
// updated with what is left. On a trap the stacks are unwound; the instance
// stays usable.
mw_status mw_call(mw_runtime *rt, mw_func *f, const mw_val *args, mw_val *results, int64_t *fuel);

// Where a failed call stopped (a trap, fuel or stack exhausted, a host
// function's failure, an interrupt): the frames that were on the runtime's
// frame stack, the one that stopped first, then its callers down to the
// embedder's outermost mw_call, through host functions that called back into
// wasm (each a frame of its own) and calls into other instances. Recorded at
// the failure (exec.c, out of the interpreter's fast path), so a function the
// code budget drops or moves afterwards is still named; every other failure
// (mw_fail: a load, link or argument error, a trap of instantiation's
// segments) leaves depth 0. A host function that returns the failure of its
// own mw_call keeps that call's (deeper) path. Read it after mw_call or
// mw_instantiate returned (inside a host function: after its own mw_call);
// it holds the instances' and host functions' pointers until the next
// failure or mw_trap_trace_clear, so an embedder with a collector clears it
// once read.
typedef struct mw_trap_frame {
    const mw_instance *inst;  // the instance the frame ran in (a host function's: its caller's)
    const mw_func *host;      // a host function's frame: that function; NULL for wasm
    // inst's function index (imports first: mw_module_func_name's); a host
    // function's: the caller's import it is, or UINT32_MAX (called through a table)
    uint32_t func;
} mw_trap_frame;
// The depth of the last failure's path (0: none recorded); frame i (0: the
// top, where it stopped) into *out if i < the depth and i < MW_TRACE_FRAMES
// (mw_config.h: the top frames are recorded, the depth counts them all).
uint32_t mw_trap_trace(const mw_runtime *rt, uint32_t i, mw_trap_frame *out);
void mw_trap_trace_clear(mw_runtime *rt);
// Where in its function frame i of that path stopped: *offset, the byte
// offset in the module's binary of the wasm instruction (as wasmtime's and
// wasm-objdump's): the top frame's the one that trapped (of a fused op's
// instructions the first that can: a load, not the add of its address), a
// caller's its call. Found by lowering the function's body again (lower.c:
// work buffers as large as a lowering's, freed before it returns), so the
// module must hold its body, or be an image with an offset map (image.h,
// read in place): MW_ERR_ARG for an image without one, an op the map does
// not hold, an eager module that does not borrow its binary, a host function's frame, a
// memory fault's top frame (mw_runtime_fault_trace) and a first call that
// could not lower its function; MW_ERR_NOMEM where lowering found no memory
// (the report and path stay as they were). Only in builds with
// MW_TRAP_OFFSETS (mw_config.h; not the small profile).
mw_status mw_trap_offset(mw_runtime *rt, uint32_t i, uint32_t *offset);

// ---- memories, tables, globals ----------------------------------------------

// Stand-alone objects (e.g. created by the embedder for importing).
mw_status mw_memory_new(mw_runtime *rt, const mw_limits *lim, mw_memory **out);
mw_status mw_table_new(mw_runtime *rt, mw_valtype elem, const mw_limits *lim, void *init, mw_table **out);
mw_status mw_global_new(mw_runtime *rt, mw_valtype t, bool mut, mw_val v, mw_global **out);
// Free a stand-alone object made by the calls above (or mw_memory_new_fixed,
// whose bytes are the embedder's and stay). Not for an instance's own
// objects (mw_instance_free frees those), nor while an instance imports it;
// a memory is detached from its shared heap first. NULL is ignored.
void mw_memory_free(mw_runtime *rt, mw_memory *mem);
void mw_table_free(mw_runtime *rt, mw_table *t);
void mw_global_free(mw_runtime *rt, mw_global *g);

// Linear memory: `data` is valid until the next grow (which may move it).
uint8_t *mw_memory_data(const mw_memory *mem);
// Only in builds with MW_MOVE_FREES (mw_config.h; without it every old block
// is left to the collector): the same, for a pointer the embedder hands out
// to be kept (a memoryview):
// with cfg.gc_memory the next grow that moves the memory leaves this block to
// the collector (what holds it stays valid and shows the memory as it was)
// instead of freeing it. A block never lent is freed by the move.
uint8_t *mw_memory_lend(mw_memory *mem);
// MW_MOVE_FREES builds: pin (on) the data block while the embedder holds native pointers into it
// across code that may grow the memory (a host function calling back into
// Python), and unpin it (off) after; pins nest. While pinned, a grow that
// cannot extend the block in place fails (-1) instead of moving it. NULL is
// ignored.
void mw_memory_pin(mw_memory *mem, bool on);
// Native pointer to the `len` bytes at guest address `app_addr`, or NULL if
// any of them is outside the memory: the same bounds check as wasm loads and
// stores, for host functions that take guest pointers. Valid until a grow.
uint8_t *mw_memory_native(mw_runtime *rt, mw_memory *mem, uint32_t app_addr, uint32_t len);
// The same for bytes the host function will write: also NULL where a wasm
// store would trap (a shared heap attached read-only).
uint8_t *mw_memory_native_w(mw_runtime *rt, mw_memory *mem, uint32_t app_addr, uint32_t len);
size_t mw_memory_size(const mw_memory *mem);          // accessible bytes
uint64_t mw_memory_pages(const mw_memory *mem);       // declared size in pages
void mw_memory_limits(const mw_memory *mem, mw_limits *out);
// Grow by `delta` pages; returns the old page count, or -1 where the
// memory's type, the page limit or the address space forbid it (its max, 4
// GiB, a shared heap or window above it, a block larger than the heap's
// address space), or MW_GROW_NOMEM where the heap had no room: the allocator
// returned NULL, or a pinned block could not grow in place. wasm's
// memory.grow returns -1 for both, as the spec lets it (or stops the call:
// mw_inst_options.grow_raises); the memory counts the second kind.
// MW_GROW_NOMEM is -1 in its low 32 bits, so as an i32 it is memory.grow's -1.
#define MW_GROW_NOMEM (-INT64_C(0x100000001))
int64_t mw_memory_grow(mw_runtime *rt, mw_memory *mem, uint64_t delta);
// How many grows of mem (wasm's or the embedder's) returned MW_GROW_NOMEM
// since it was made, and the most pages one of them asked for (its size
// after the grow) into *pages (0 if none): a program that takes another path
// when memory.grow returns -1 (malloc's NULL) shows here why.
uint32_t mw_memory_refused(const mw_memory *mem, uint32_t *pages);

uint32_t mw_table_size(const mw_table *t);
mw_valtype mw_table_elem(const mw_table *t);
void mw_table_limits(const mw_table *t, mw_limits *out);
// Entry i as a reference (a function's object is made the first time it
// escapes: false then also when none can be allocated); false if i is out of range.
bool mw_table_get(const mw_table *t, uint32_t i, void **out);
bool mw_table_set(mw_table *t, uint32_t i, void *ref);
int64_t mw_table_grow(mw_runtime *rt, mw_table *t, uint32_t delta, void *init);

mw_valtype mw_global_type(const mw_global *g, bool *mut);
mw_val mw_global_get(const mw_global *g);
// Set a mutable global (an immutable one is constant: instances read it where
// they use it, e.g. in element segment items at table.init).
void mw_global_set(mw_global *g, mw_val v);

// ---- shared heaps (after WAMR 2.4's shared heap; sheap.c) ---------------------
// A shared heap is memory outside any linear memory that wasm code reaches at
// the top of the 32-bit address space: a heap of S bytes alone spans app
// addresses [2^32 - S, 2^32); chained heaps stack downward from 2^32 (the
// head lies right below its body). A load/store whose range is inside one
// heap goes straight to its native memory; one straddling two heaps or
// running past 2^32 traps. A heap is attached to a memory (an instance's
// memory 0); many memories may share one heap or chain.
// Ownership: the engine never allocates nor frees a heap's bytes; the
// embedder keeps them valid while the heap lives. Errors: MW_ERR_ARG with the
// reason in mw_last_report(rt)->msg.
typedef struct mw_sheap mw_sheap;

// A heap over `size` bytes at `native` (1 <= size <= 2^31). managed: the
// engine keeps an allocator inside those bytes (size >= 64, a multiple of 8);
// otherwise a pre-allocated heap with no allocator. `user` is stored.
mw_status mw_sheap_new(mw_runtime *rt, uint8_t *native, uint32_t size, bool managed, void *user, mw_sheap **out);
// Free the heap's bookkeeping (not the bytes). MW_ERR_ARG if attached or chained.
mw_status mw_sheap_free(mw_runtime *rt, mw_sheap *h);
void *mw_sheap_user(const mw_sheap *h);
uint8_t *mw_sheap_data(const mw_sheap *h);
uint32_t mw_sheap_size(const mw_sheap *h);
uint64_t mw_sheap_start(const mw_sheap *h);           // app address of byte 0
bool mw_sheap_managed(const mw_sheap *h);
mw_sheap *mw_sheap_body(const mw_sheap *h);           // next in the chain or NULL
mw_sheap *mw_sheap_head(const mw_sheap *h);           // heap chained before it or NULL
// True if h or any heap of its chain is attached somewhere.
bool mw_sheap_in_use(const mw_sheap *h);

// Chain `head` (a lone heap) in front of `body` (a chain head); head then
// starts at body's start - head's size. Neither may be attached; at most one
// managed heap per chain; a heap is the body of one chain only; a managed head
// must land 8-byte aligned (body's start a multiple of 8), so its blocks are.
mw_status mw_sheap_chain(mw_runtime *rt, mw_sheap *head, mw_sheap *body);
// Take `head` off its chain (entire: dissolve the whole chain); the heaps
// left alone move back to [2^32 - size, 2^32). *new_head gets the old body
// (NULL when entire). Refused while attached.
mw_status mw_sheap_unchain(mw_runtime *rt, mw_sheap *head, bool entire, mw_sheap **new_head);
// Reset a detached chain: pre-allocated heaps zeroed, the allocator emptied.
mw_status mw_sheap_reset(mw_runtime *rt, mw_sheap *head);
// Allocate from the chain's managed heap: app address, or 0 (no managed heap,
// or no room), as WAMR's shared_heap_malloc. Blocks are 8-byte aligned.
uint32_t mw_sheap_malloc(mw_sheap *head, uint32_t n);
// Free a block from mw_sheap_malloc; false if app_addr is not one.
bool mw_sheap_free_block(mw_sheap *head, uint32_t app_addr);
// The one chain lookup: the heap of the chain starting at `head` that holds
// all `len` bytes at app address `app_addr`, else NULL (as in WAMR, a range
// straddling two heaps is in none). Wasm accesses use it too.
mw_sheap *mw_sheap_find(const mw_sheap *head, uint64_t app_addr, uint64_t len);
// Native pointer to the `len` bytes at app address `app_addr` if they lie in
// one heap of the chain (mw_sheap_find), else NULL.
uint8_t *mw_sheap_native(const mw_sheap *head, uint32_t app_addr, uint32_t len);
// App address of `len` bytes at `native` if they lie in one heap of the chain.
bool mw_sheap_app_addr(const mw_sheap *head, const void *native, uint32_t len, uint32_t *app_addr);

// ---- windows: an address map per memory (window.c) -----------------------------
// Beyond one heap chain at the top: up to MW_MAX_WINDOWS windows per memory,
// each `size` bytes of embedder memory (or a shared heap's bytes) that wasm
// reaches at app addresses [start, start + size), read-write or read-only.
// A window mapped at a fixed address is there in every memory that maps it,
// so pointers stored inside shared data hold everywhere. Windows do not
// overlap each other, the memory's current size, or an attached chain;
// memory.grow into a window returns -1. Accesses cost what heap accesses do
// (the slow path, with the same one-entry hit cache). Ownership as for heaps:
// the embedder keeps the bytes valid until the window is unmapped or the
// memory freed. Errors: MW_ERR_ARG with the reason, nothing changed.
#define MW_MAP_READONLY 1u    // stores through the window trap
#define MW_MAP_ANYWHERE 2u    // `at` is ignored: the highest free range below the chain (or 2^32)
#define MW_MAP_BY_APP 4u      // mapped on the app's request (bookkeeping for the embedder)
typedef struct mw_window_info {
    uint32_t start;
    uint32_t size;
    uint8_t *native;
    mw_sheap *heap;
    void *user;
    bool readonly;
    bool by_app;
} mw_window_info;
// Maps `size` bytes at `native` (or, if heap != NULL, that heap's bytes; the
// heap then counts as in use) at app address `at`; *start gets the address.
mw_status mw_memory_map(mw_runtime *rt, mw_memory *mem, uint8_t *native, uint64_t size, mw_sheap *heap,
    uint64_t at, unsigned flags, void *user, uint32_t *start);
// Unmaps the window starting at `start`; MW_ERR_ARG if none does.
mw_status mw_memory_unmap(mw_runtime *rt, mw_memory *mem, uint32_t start);
// Window i (0 <= i < count, sorted by start); false past the last.
bool mw_memory_window(const mw_memory *mem, size_t i, mw_window_info *out);
// The memory `inst` maps windows into (its memory 0), or NULL if it has none.
mw_memory *mw_instance_memory0(const mw_instance *inst);

// Attach a heap (a chain head) to memory 0 of `inst`; readonly: wasm stores
// into it trap. Fails if the memory already has one, if its declared size
// reaches into the chain, or if the heap is the body of a chain. memory.grow
// that would reach into an attached chain fails (returns -1).
mw_status mw_instance_attach(mw_runtime *rt, mw_instance *inst, mw_sheap *head, bool readonly);
// Detach whatever heap memory 0 of `inst` has (no-op if none, or if another
// instance attached it: an imported memory). The attacher is known by its
// address: an embedder whose collector frees an instance without
// mw_instance_free (wasm.mpy: no finalisers) must not ask another instance
// made later at that address, which would pass for it (the binding asks only
// an Instance that attached: modwasm_instance_obj_t.attacher).
void mw_instance_detach(mw_instance *inst);
// The heap attached to memory 0 of `inst`, or NULL; *readonly if asked
// (whether it is attached read-only: meaningful while one is attached).
mw_sheap *mw_instance_sheap(const mw_instance *inst, bool *readonly);

// A linear memory over fixed native bytes (a board region): `lim` gives
// min = max = its page count; never grows, never frees the bytes.
mw_status mw_memory_new_fixed(mw_runtime *rt, uint8_t *native, const mw_limits *lim, mw_memory **out);

// ---- aborted calls ---------------------------------------------------------
// When a call is abandoned by a non-local exit the engine cannot see (e.g. a
// memory fault handler that long-jumps out of a store into a region), the
// runtime's stacks are left as they were mid-call. Take a mark before mw_call
// and unwind to it after such an exit; the runtime is then usable again.
typedef struct mw_mark {
    void *sp;
    void *fsp;
    uint32_t nesting;
    int32_t countdown;
    bool fuel_on;
    int64_t fuel;
    void *guard[2];           // the thread's guard state (mw_config.h MW_GUARD_PAGES)
} mw_mark;
void mw_runtime_mark(const mw_runtime *rt, mw_mark *m);
void mw_runtime_unwind(mw_runtime *rt, const mw_mark *m);
// After such an exit out of a memory fault in wasm code, before
// mw_runtime_unwind: where the call stopped, as a trap's path (mw_trap_trace,
// its kind MW_TRAP_MEM_OOB), from `top`, the interpreter's frame register
// (mw_config.h MW_CODE_REG_NAME) as the port's fault handler read it from
// the faulting context. Returns the path's depth: 0 where `top` is not a
// frame top of the running call (the fault was elsewhere: instantiation's
// segments, a host function, a routine that reused the register). Only in
// builds with MW_FAULT_WHERE (mw_config.h; not the small profile).
uint32_t mw_runtime_fault_trace(mw_runtime *rt, uintptr_t top);

// ---- guard pages (mw_config.h MW_GUARD_PAGES: x86-64, off by default) ----
// The platform's part, process-wide, set once before the first memory
// (modwasm/host/guard_posix.c is the POSIX one): reserve `size` bytes of
// address space, none of them accessible (NULL if refused: the memory then
// runs checked through the fault path); make [base + at, base + at + size)
// of the reservation at base readable and writable (fresh pages, all zero; false if
// refused: a grow's MW_GROW_NOMEM, a new memory's bytes from the allocator
// instead); give a whole reservation back. Optional (NULL: none): the bytes
// a commit may still open, which a refused grow's report names (room); and
// for an embedder whose collector frees memories (mw_config gc_memory, the
// engine never frees them), keep, called once a memory's reservation is
// made: an object of the embedder's that the memory points to, so the
// collector keeps it while the memory is reachable and collects it with it,
// giving the reservation back then (NULL: no room for it; the memory's
// bytes come from the allocator instead). A kept reservation is the
// keeper's to give back: the engine's frees leave it.
// Also optional, both or neither (NULL: every access to a shared heap or a
// window faults into the slow path): show, the bytes at native shown at
// [base + at, base + at + size) of a reservation, read-only or not, as
// many whole pages of them as the platform can show there (pages whose
// bytes it can map twice, where native and at agree within a page; not
// the page at `at` when seam_below: the byte below `at` may be reachable
// without a fault, and an access across it must still fault); true if it
// showed any. hide: none of [base + at, base + at + size) shown any more
// (inaccessible again). A reservation given back (release, or its keeper)
// may still be named by either: the platform then does nothing. What is
// not shown faults into the slow path as before, which keeps every rule
// (read-only, bounds, a range in one heap or window).
typedef struct mw_guard_ops {
    void *(*reserve)(size_t size);
    bool (*commit)(void *base, size_t at, size_t size);
    void (*release)(void *base, size_t size);
    size_t (*room)(void);
    void *(*keep)(void *base);
    bool (*show)(void *base, uint64_t at, const uint8_t *native, uint64_t size, bool readonly, bool seam_below);
    void (*hide)(void *base, uint64_t at, uint64_t size);
} mw_guard_ops;
void mw_guard_set_ops(const mw_guard_ops *ops);
// After a grow that stopped a call on this thread (mw_instance_opts
// grow_raises, mw_report MW_REPORT_GROW): what the platform's commit could
// still open then (its room op) if the memory was a reservation, else
// SIZE_MAX (the allocator's bytes: its own free bytes say why; or the
// platform sets no limit).
size_t mw_guard_grow_room(void);
// The platform's SIGSEGV/SIGBUS handler, for a fault of this thread:
// regs, the 16 x86-64 general registers in their encoding order (rax rcx
// rdx rbx rsp rbp rsi rdi r8 .. r15), and *ip, the faulting instruction's
// address, as the signal's context holds them. MW_GUARD_NOT_OURS: not an
// access of memory 0 by the interpreter of a call running on this thread
// (the handler goes on as it would without the engine: the previous
// handler, or death). MW_GUARD_RESUMED: the access was done (a shared
// heap's, a window's, or the last bytes' of a memory the slow path
// resolves): regs and *ip written back, the handler returns into the
// code. MW_GUARD_TRAPPED: the trap is noted (mw_trap_trace, its location
// as the checked path's); the handler unblocks the signal and calls
// mw_guard_leave, which leaves the interpreter: the wasm call (mw_call)
// returns MW_TRAP_MEM_OOB as it would have without guard pages.
typedef enum { MW_GUARD_NOT_OURS, MW_GUARD_RESUMED, MW_GUARD_TRAPPED } mw_guard_result;
mw_guard_result mw_guard_fault(uint64_t regs[16], uint64_t *ip);
__attribute__((noreturn)) void mw_guard_leave(void);

#endif // MW_H
