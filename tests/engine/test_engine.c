// SPDX-License-Identifier: MIT
// test_engine.c: unit tests of the engine alone (no MicroPython), built with
// plain gcc by tests/host/test_engine_unit.py. Modules: wasm_NAME is
// tests/programs/engine_NAME.wat, which test_engine_unit.py builds into
// build/engine-tests/wasm_blobs.h. Exit status 0 iff every check passed.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mw.h"
#include "mw_int.h"     // mw_detail_unpack, MW_DETAIL_LIST; lowered code's ops (test_load_branch)
#include "numeric.h"    // the f32 rounding, min and max routines (test_compares)
#include "wasm_blobs.h"

static int failures, checks;

#define CHECK(cond) check((cond), #cond, __LINE__)

// Where lowering makes no fused op (the small profile's switches), the tests
// fuse by hand what the full profile's lowering would and run the result:
// the cold handlers an image's fused ops take. An engine that runs only its
// own lowering's ops (mw_config.h MW_ALL_OPS=0, the small profile) has no
// such handlers and refuses that code (test_not_in_set); there the same
// tests run its plain lowering only.
#define HAND_ARITH (!MW_FUSED_ARITH && MW_ALL_OPS)
#define HAND_MEM (!MW_FUSED_MEM && MW_ALL_OPS)

static void check(int ok, const char *what, int line) {
    checks++;
    if (!ok) {
        failures++;
        printf("FAIL line %d: %s\n", line, what);
    }
}

// ---- allocator that counts live blocks, can fail the Nth allocation, and
// checks the mw_alloc_fn contract: every free/resize names the block's true
// size (each block carries its size in a header the engine never sees) ----

static long live_blocks;
static long alloc_count;
static long fail_at = -1;         // fail the allocation with this index
static long size_mismatches;      // frees/reallocs whose old_size was wrong
static long live_bytes;           // sum of the sizes of live blocks
static long heap_cap = -1;        // fail a block over 64 KiB taking live_bytes over it (-1: none)
static long any_cap = -1;         // fail any block taking live_bytes over it (-1: none)
static long peak_bytes;           // the most live_bytes has been
static bool big_slack;            // blocks of 64 KiB or more can grow in place (t_resize)
// New bytes are 0xa5 garbage, or with zero_fresh zero (an allocator that
// clears, mw_config.alloc_zeroes) but in a block of garbage_size bytes
static bool zero_fresh;
static size_t garbage_size;

#define HDR 16                    // keeps the engine's blocks 16-byte aligned

static void *t_alloc(void *ctx, void *p, size_t old, size_t n) {
    (void)ctx;
    unsigned char *b = p ? (unsigned char *)p - HDR : NULL;
    if (b) {
        size_t had;
        memcpy(&had, b, sizeof(had));
        if (had != old) {
            size_mismatches++;
            printf("size mismatch: block of %zu bytes %s as %zu\n", had, n ? "resized" : "freed", old);
        }
    }
    if (n == 0) {
        if (b) {
            live_blocks--;
            live_bytes -= (long)old;
        }
        free(b);
        return NULL;
    }
    if (alloc_count++ == fail_at) {
        return NULL;
    }
    if (heap_cap >= 0 && n > 65536 && live_bytes - (long)(b ? old : 0) + (long)n > heap_cap) {
        return NULL;
    }
    if (any_cap >= 0 && live_bytes - (long)(b ? old : 0) + (long)n > any_cap) {
        return NULL;
    }
    // big_slack: blocks of 64 KiB or more get room to grow in place to
    // 256 KiB (t_resize)
    unsigned char *q = realloc(b, (big_slack && n >= 65536 && n < 4 * 65536 ? 4 * 65536 : n) + HDR);
    if (q == NULL) {
        return NULL;
    }
    // what the engine did not write is garbage, as malloc's may be (the
    // mw_alloc_fn contract: blocks need not be zeroed)
    size_t from = b ? old : 0;
    if (n > from) {
        memset(q + HDR + from, zero_fresh && n != garbage_size ? 0 : 0xa5, n - from);
    }
    live_blocks += b == NULL;
    live_bytes += (long)n - (long)(b ? old : 0);
    peak_bytes = live_bytes > peak_bytes ? live_bytes : peak_bytes;
    memcpy(q, &n, sizeof(n));
    return q + HDR;
}

#if MW_UNLOWER    // (its tests lend and grow memory: MW_UNLOWER's)
// mw_config.resize: a block allocated with big_slack grows in place to 256
// KiB, within heap_cap
static bool t_resize(void *ctx, void *p, size_t old, size_t n) {
    (void)ctx;
    unsigned char *b = (unsigned char *)p - HDR;
    size_t had;
    memcpy(&had, b, sizeof(had));
    if (!big_slack || had < 65536 || had != old || n > 4 * 65536) {
        return false;
    }
    if (heap_cap >= 0 && live_bytes - (long)old + (long)n > heap_cap) {
        return false;
    }
    live_bytes += (long)n - (long)old;
    memcpy(b, &n, sizeof(n));
    return true;
}
#endif

static int poll_calls, poll_stop_after = -1;

static mw_status t_poll(void *ctx) {
    (void)ctx;
    poll_calls++;
    return (poll_stop_after >= 0 && poll_calls >= poll_stop_after) ? MW_ERR_INTERRUPTED : MW_OK;
}

static mw_runtime *new_rt(uint32_t poll_interval) {
    mw_config cfg;
    memset(&cfg, 0, sizeof(cfg));
    cfg.alloc = t_alloc;
    cfg.poll = t_poll;
    cfg.poll_interval = poll_interval;
    cfg.max_frames = 100;
    mw_runtime *rt;
    return mw_runtime_new(&cfg, &rt) == MW_OK ? rt : NULL;
}

// A runtime with only the counting allocator and a value stack of
// stack_slots (0: the default): no poll, the default call depth.
static mw_runtime *stack_rt(uint32_t stack_slots) {
    mw_config cfg;
    memset(&cfg, 0, sizeof(cfg));
    cfg.alloc = t_alloc;
    cfg.stack_slots = stack_slots;
    mw_runtime *rt = NULL;
    CHECK(mw_runtime_new(&cfg, &rt) == MW_OK);
    return rt;
}

// Storage for a function type of one parameter and one result, in the
// caller's hands: test_host changes the result type to make one that must
// not link.
typedef union {
    mw_functype ft;
    uint8_t bytes[sizeof(mw_functype) + 2];
} functype_buf;

// (i32) -> i32: the shape of every host callback in these tests.
static mw_functype *functype_i32_to_i32(functype_buf *buf) {
    buf->ft.nparams = 1;
    buf->ft.nresults = 1;
    buf->ft.types[0] = MW_I32;
    buf->ft.types[1] = MW_I32;
    return &buf->ft;
}

// b loaded with flags (MW_LOAD_*) and instantiated with imports im, or NULL
// having printed what failed; the module through *mod_out.
static mw_instance *load_inst(mw_runtime *rt, const unsigned char *b, size_t n, uint32_t flags, const mw_import *im,
    uint64_t memory_limit, mw_module **mod_out) {
    mw_status st;
    mw_module *m;
    st = mw_module_load(rt, b, n, flags, &m);
    if (st != MW_OK) {
        printf("load failed: %s at 0x%x\n", mw_last_report(rt)->msg, (unsigned)mw_last_report(rt)->offset);
        return NULL;
    }
    mw_inst_options opt = {memory_limit, NULL, false};
    mw_instance *inst = NULL;
    st = mw_instantiate(rt, m, im, &opt, &inst);
    if (st != MW_OK) {
        printf("instantiate failed: %s\n", mw_status_str(st));
        return NULL;
    }
    *mod_out = m;
    return inst;
}

static mw_instance *inst_of(mw_runtime *rt, const unsigned char *b, size_t n, const mw_import *im,
    uint64_t memory_limit, mw_module **mod_out) {
    return load_inst(rt, b, n, 0, im, memory_limit, mod_out);
}

static mw_instance *open_flags(const unsigned char *b, size_t n, uint32_t flags, uint64_t memory_limit,
    mw_runtime **rt, mw_module **m) {
    *rt = new_rt(0);
    mw_instance *inst = load_inst(*rt, b, n, flags, NULL, memory_limit, m);
    CHECK(inst != NULL);
    return inst;
}

// Most tests' set-up: a fresh runtime with one module instantiated from b
// (no imports); the module through *m, the runtime through *rt.
static mw_instance *open_inst(const unsigned char *b, size_t n, uint64_t memory_limit, mw_runtime **rt,
    mw_module **m) {
    return open_flags(b, n, 0, memory_limit, rt, m);
}

// The same for a module that keeps b as its bytes (MW_LOAD_BORROW), as a
// trap's wasm offset needs (trapped_op reads the opcode there).
static mw_instance *open_borrowed(const unsigned char *b, size_t n, mw_runtime **rt, mw_module **m) {
    return open_flags(b, n, MW_LOAD_BORROW, 0, rt, m);
}

// Their tear-down: frees what open_inst made, after which nothing the
// engine allocated may be left.
static void close_inst(mw_runtime *rt, mw_module *m, mw_instance *inst) {
    mw_instance_free(rt, inst);
    mw_module_free(rt, m);
    mw_runtime_free(rt);
    CHECK(live_blocks == 0);
}

static mw_import exp_of(mw_instance *inst, const char *name) {
    const mw_module *m = mw_instance_module(inst);
    mw_import e;
    memset(&e, 0, sizeof(e));
    for (uint32_t i = 0; i < mw_module_num_exports(m); i++) {
        mw_extern_desc d;
        mw_module_export(m, i, &d);
        if (d.name_len == strlen(name) && memcmp(d.name, name, d.name_len) == 0) {
            mw_instance_export(inst, i, &e);
        }
    }
    return e;
}

// call a function of i32 args returning status and first result
static mw_status call_i32(mw_runtime *rt, mw_instance *inst, const char *name, int n, const uint32_t *a,
    uint32_t *res, int64_t *fuel) {
    mw_val args[4], r[4];
    for (int i = 0; i < n; i++) {
        args[i].i64 = a[i];
    }
    mw_status st = mw_call(rt, exp_of(inst, name).func, args, r, fuel);
    if (st == MW_OK && res) {
        *res = r[0].i32;
    }
    return st;
}

// One row of a call-and-check table: export `name` called with `nargs` of
// `args` returns status `st` and, if `ret`, the i32 `want`.
typedef struct {
    const char *name;
    int nargs;
    uint32_t args[2];
    mw_status st;
    bool ret;
    uint32_t want;
} call_row;

// The rows' calls in order (a row sees what the rows before it stored); a
// row that fails is printed with its index.
static void check_calls(mw_runtime *rt, mw_instance *inst, const call_row *rows, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const call_row *c = &rows[i];
        uint32_t r = 0;
        mw_status st = call_i32(rt, inst, c->name, c->nargs, c->args, &r, NULL);
        bool ok = st == c->st && (!c->ret || r == c->want);
        if (!ok) {
            printf("row %u: %s(0x%x, 0x%x) gave status %d, 0x%x\n", (unsigned)i, c->name, (unsigned)c->args[0],
                (unsigned)c->args[1], (int)st, (unsigned)r);
        }
        CHECK(ok);
    }
}

// ---- tests ------------------------------------------------------------------

// a packed text (detail_text.h) unpacked into buf, which held 0x55 bytes:
// its row's text byte for byte, written no further than its NUL
static int unpacked_as(const char *what, int row, const char *t, const char *buf, const char *want) {
    if (t == buf && strcmp(t, want) == 0 && (unsigned char)buf[strlen(want) + 1] == 0x55) {
        return 1;
    }
    printf("%s %d: %s, want %s\n", what, row, t ? t : "(null)", want);
    return 0;
}

// Each row's text of an X-macro list of (name, text) rows (MW_STATUS_LIST,
// MW_DETAIL_LIST), in the rows' order: `static const char *const plain[] =
// {LIST(X_PLAIN)};`, the texts as written, to hold the packed ones against.
#define X_PLAIN(name, text) text,

static const char *unpack_status(int row, char *buf) {
    return mw_status_unpack((mw_status)row, buf);
}

static const char *unpack_detail(int row, char *buf) {
    return mw_detail_unpack((mw_detail)row, buf);
}

// How many of rows [from, count) `unpack` unpacked as unpacked_as wants
// them: plain[row], into a buffer of 0x55 bytes each time.
static int rows_unpacked(const char *what, const char *(*unpack)(int, char *), const char *const *plain, int from,
    int count) {
    char buf[MW_DETAIL_MAX + 1];
    int same = 0;
    for (int row = from; row < count; row++) {
        memset(buf, 0x55, sizeof(buf));
        same += unpacked_as(what, row, unpack(row, buf), buf, plain[row]);
    }
    return same;
}

static void test_status_table(void) {
    CHECK(strcmp(mw_status_str(MW_TRAP_DIV_ZERO), "integer divide by zero") == 0);
    CHECK(strcmp(mw_status_str(MW_TRAP_STACK), "call stack exhausted") == 0);
    CHECK(strcmp(mw_status_str(MW_TRAP_FUEL), "out of fuel") == 0);
    CHECK(strcmp(mw_status_str(MW_STATUS_COUNT), "unknown status") == 0);
    // the texts are packed with the details' pairs (detail_text.h): every one
    // unpacks to its row in MW_STATUS_LIST, and no further than its NUL, and
    // mw_status_str gives the same
    static const char *const plain[] = {MW_STATUS_LIST(X_PLAIN)};
    CHECK(rows_unpacked("status", unpack_status, plain, 0, MW_STATUS_COUNT) == MW_STATUS_COUNT);
    int same = 0;
    for (int s = 0; s < MW_STATUS_COUNT; s++) {
        if (strcmp(mw_status_str((mw_status)s), plain[s]) == 0) {
            same++;
        } else {
            printf("mw_status_str(%d): %s, want %s\n", s, mw_status_str((mw_status)s), plain[s]);
        }
    }
    CHECK(same == MW_STATUS_COUNT);
    // a failure without a detail reports its status's text
    mw_runtime *rt = new_rt(0);
    CHECK(mw_fail(rt, MW_ERR_LINK, MW_D_NONE, 0) == MW_ERR_LINK);
    CHECK(strcmp(mw_last_report(rt)->msg, "incompatible import type") == 0);
    mw_runtime_free(rt);
}

// errors.c keeps the details packed (detail_text.h): every one unpacks to its
// row's text in MW_DETAIL_LIST, byte for byte, and no further than its NUL.
static void test_detail_texts(void) {
    static const char *const plain[] = {MW_DETAIL_LIST(X_PLAIN)};
    char buf[MW_DETAIL_MAX + 1];
    CHECK(mw_detail_unpack(MW_D_NONE, buf) == NULL);
    CHECK(mw_detail_unpack(MW_D_COUNT, buf) == NULL);
    CHECK(rows_unpacked("detail", unpack_detail, plain, 1, MW_D_COUNT) == MW_D_COUNT - 1);
    // through a failure's report
    mw_runtime *rt = new_rt(0);
    mw_module *bad;
    static const unsigned char bad_version[] = {0, 'a', 's', 'm', 2, 0, 0, 0};
    CHECK(mw_module_load(rt, bad_version, sizeof(bad_version), 0, &bad) == MW_ERR_MALFORMED && bad == NULL);
    CHECK(strcmp(mw_last_report(rt)->msg, "unknown binary version") == 0);
    mw_runtime_free(rt);
}

static void test_malformed(void) {
    mw_runtime *rt = new_rt(0);
    mw_module *bad;
    static const unsigned char bad_magic[] = {0, 'a', 's', 'x', 1, 0, 0, 0};
    CHECK(mw_module_load(rt, bad_magic, sizeof(bad_magic), 0, &bad) == MW_ERR_MALFORMED && bad == NULL);
    CHECK(strcmp(mw_last_report(rt)->msg, "magic header not detected") == 0);
    // type section whose count is a 6-byte LEB128
    static const unsigned char long_leb[] = {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 6, 0x80, 0x80, 0x80, 0x80, 0x80, 0};
    CHECK(mw_module_load(rt, long_leb, sizeof(long_leb), 0, &bad) != MW_OK && bad == NULL);
    CHECK(strcmp(mw_last_report(rt)->msg, "integer representation too long") == 0);
    CHECK(mw_last_report(rt)->offset == 14);
    // truncated module: every prefix of a valid one fails cleanly
    for (size_t n = 0; n < sizeof(wasm_arith); n++) {
        mw_module *m;
        mw_module_load(rt, wasm_arith, n, (uint32_t)(n & 1), &m);
        if (m != NULL) {
            // only the prefixes ending at a section boundary are valid
            mw_module_free(rt, m);
        }
    }
    CHECK(live_blocks == 1);      // only the runtime itself
    mw_runtime_free(rt);
    CHECK(live_blocks == 0);
}

static void test_arith_traps(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_arith, sizeof(wasm_arith), 0, &rt, &m);
    uint32_t r = 0;
    uint32_t a1[] = {7, 0}, a2[] = {0x80000000u, 0xffffffffu}, a3[] = {-7, 2};
    CHECK(call_i32(rt, inst, "div_s", 2, a1, &r, NULL) == MW_TRAP_DIV_ZERO);
    CHECK(call_i32(rt, inst, "div_s", 2, a2, &r, NULL) == MW_TRAP_INT_OVERFLOW);
    CHECK(call_i32(rt, inst, "rem_s", 2, a2, &r, NULL) == MW_OK && r == 0);
    CHECK(call_i32(rt, inst, "div_s", 2, a3, &r, NULL) == MW_OK && r == (uint32_t)-3);
    // the instance stays usable after traps; deep recursion traps cleanly
    uint32_t z[] = {0};
    CHECK(call_i32(rt, inst, "rec", 1, z, &r, NULL) == MW_TRAP_STACK);
    CHECK(call_i32(rt, inst, "rec", 1, z, &r, NULL) == MW_TRAP_STACK);
    uint32_t n[] = {1000};
    CHECK(call_i32(rt, inst, "count", 1, n, &r, NULL) == MW_OK && r == 0);
    // multi-value and 64-bit
    mw_val args[2], res[2];
    args[0].i64 = 5;
    CHECK(mw_call(rt, exp_of(inst, "multi").func, args, res, NULL) == MW_OK && res[0].i32 == 5
        && res[1].i64 == ~(uint64_t)0);
    args[0].i64 = ~(uint64_t)0;
    args[1].i64 = 2;
    CHECK(mw_call(rt, exp_of(inst, "add64").func, args, res, NULL) == MW_OK && res[0].i64 == 1);
    // floats: ties to even, -0 in min, sqrt of negative is a NaN
    args[0].f32 = 2.5f;
    CHECK(mw_call(rt, exp_of(inst, "nearest").func, args, res, NULL) == MW_OK && res[0].f32 == 2.0f);
    args[0].f32 = -0.5f;
    CHECK(mw_call(rt, exp_of(inst, "nearest").func, args, res, NULL) == MW_OK && res[0].i32 == 0x80000000u);
    args[0].f64 = 0.0;
    args[1].f64 = -0.0;
    CHECK(mw_call(rt, exp_of(inst, "min").func, args, res, NULL) == MW_OK && res[0].i64 == 0x8000000000000000ull);
    args[0].f64 = 2.0;
    CHECK(mw_call(rt, exp_of(inst, "sqrt").func, args, res, NULL) == MW_OK && res[0].i64 == 0x3ff6a09e667f3bcdull);
    args[0].f64 = -1.0;
    CHECK(mw_call(rt, exp_of(inst, "sqrt").func, args, res, NULL) == MW_OK && res[0].f64 != res[0].f64);
    close_inst(rt, m, inst);
}

// Lowering's optimisations (engine_lowering.wat): a call zeroes only locals
// some path reads before writing, so every path that reads one unassigned
// must still see 0 after a call that left other values in those slots;
// I32_ADD_MUL wraps and masks shift counts as i32.shl/mul/add do; constant
// shift and rotate counts of 32 and more (and -1) act mod 32; RETURN
// straight from a local, and a branch to the function's end beside it.
static void test_lowering(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_lowering, sizeof(wasm_lowering), 0, &rt, &m);
    uint32_t r = 1, zero[] = {0}, one[] = {1};
    CHECK(call_i32(rt, inst, "zero_if", 1, zero, &r, NULL) == MW_OK && r == 0);
    CHECK(call_i32(rt, inst, "zero_if", 1, one, &r, NULL) == MW_OK && r == 99);
    CHECK(call_i32(rt, inst, "zero_else", 1, one, &r, NULL) == MW_OK && r == 0);
    CHECK(call_i32(rt, inst, "zero_else", 1, zero, &r, NULL) == MW_OK && r == 98);
    CHECK(call_i32(rt, inst, "zero_block", 1, one, &r, NULL) == MW_OK && r == 0);
    CHECK(call_i32(rt, inst, "zero_block", 1, zero, &r, NULL) == MW_OK && r == 7);
    CHECK(call_i32(rt, inst, "zero_straight", 1, zero, &r, NULL) == MW_OK && r == 1200);
    CHECK(call_i32(rt, inst, "zero_loop", 0, NULL, &r, NULL) == MW_OK && r == 123);
    // what a call zeroes (lower.c zero_span): none (0, 0) or a span that
    // is not empty (exec.c's four-slot loop stores before its end test),
    // whole MW_ZERO_STEPs, no parameter, inside the frame or past its top
    // by at most MW_ZERO_SPARE (the value stack's spare slots: runtime.c
    // STACK_BYTES); image.c refuses an image's other spans
    for (uint32_t i = 0; i < m->nfuncs - m->nfunc_imports; i++) {
        const mw_funcdef *fd = &m->funcs[i];
        uint32_t nparams = m->types[fd->type]->nparams;
        CHECK(fd->zero_hi == 0 ? fd->zero_lo == 0
            : fd->zero_lo >= nparams && fd->zero_lo < fd->zero_hi && fd->zero_hi <= fd->max_slots + MW_ZERO_SPARE
                && (fd->zero_hi - fd->zero_lo) % MW_ZERO_STEP == 0);
    }
    // a block's branches out: what each of them and the way to its end
    // assigned stays assigned (clang's memcpy: nothing to zero); what any
    // of them left unassigned reads 0
    uint32_t two[] = {2}, c01[] = {0, 1}, c10[] = {1, 0}, c00[] = {0, 0};
    CHECK(call_i32(rt, inst, "zero_late", 1, zero, &r, NULL) == MW_OK && r == 8);
    CHECK(call_i32(rt, inst, "zero_late", 1, one, &r, NULL) == MW_OK && r == 5);
    CHECK(call_i32(rt, inst, "zero_late", 1, two, &r, NULL) == MW_OK && r == 6);
    #if MW_ASSIGN_BRANCHES
    const mw_funcdef *late = exp_of(inst, "block_late").func->u.wasm.def;
    CHECK(late->zero_lo == 0 && late->zero_hi == 0);
    #endif
    CHECK(call_i32(rt, inst, "zero_partial", 1, one, &r, NULL) == MW_OK && r == 10);
    CHECK(call_i32(rt, inst, "zero_partial", 1, zero, &r, NULL) == MW_OK && r == 30);
    CHECK(call_i32(rt, inst, "zero_clamp", 2, c01, &r, NULL) == MW_OK && r == 40);
    CHECK(call_i32(rt, inst, "zero_clamp", 2, c10, &r, NULL) == MW_OK && r == 1);
    CHECK(call_i32(rt, inst, "zero_clamp", 2, c00, &r, NULL) == MW_OK && r == 41);
    uint32_t ab[] = {0x10, 0x40000003u}, ba[] = {7, 3};
    CHECK(call_i32(rt, inst, "add_shl", 2, ab, &r, NULL) == MW_OK && r == 0x10 + (0x40000003u << 2));
    CHECK(call_i32(rt, inst, "shl31_add", 2, ba, &r, NULL) == MW_OK && r == 0x80000007u);
    uint32_t x[] = {0x80000003u};
    CHECK(call_i32(rt, inst, "shl_33", 1, x, &r, NULL) == MW_OK && r == 6);
    CHECK(call_i32(rt, inst, "shl_32", 1, x, &r, NULL) == MW_OK && r == 0x80000003u);
    CHECK(call_i32(rt, inst, "shr_s_63", 1, x, &r, NULL) == MW_OK && r == 0xffffffffu);
    CHECK(call_i32(rt, inst, "shr_u_m1", 1, x, &r, NULL) == MW_OK && r == 1);
    CHECK(call_i32(rt, inst, "rotl_36", 1, x, &r, NULL) == MW_OK && r == 0x38);
    CHECK(call_i32(rt, inst, "rotl_32", 1, x, &r, NULL) == MW_OK && r == 0x80000003u);
    CHECK(call_i32(rt, inst, "rotr_33", 1, x, &r, NULL) == MW_OK && r == 0xc0000001u);
    CHECK(call_i32(rt, inst, "rotr_0", 1, x, &r, NULL) == MW_OK && r == 0x80000003u);
    CHECK(call_i32(rt, inst, "mul_add", 2, ab, &r, NULL) == MW_OK && r == 0x10 + 0x40000003u * 0x40000001u);
    CHECK(call_i32(rt, inst, "shl_tee_add", 2, ba, &r, NULL) == MW_OK && r == 7 + 24 + 24);
    CHECK(call_i32(rt, inst, "ret_local", 1, zero, &r, NULL) == MW_OK && r == 5);
    CHECK(call_i32(rt, inst, "ret_local", 1, one, &r, NULL) == MW_OK && r == 9);
    CHECK(call_i32(rt, inst, "ret_param", 2, ba, &r, NULL) == MW_OK && r == 3);
    uint32_t v4[] = {4}, v3[] = {3}, v8[] = {8}, vtop[] = {0x80000000u}, v2[] = {2}, vm1[] = {0xffffffffu};
    CHECK(call_i32(rt, inst, "and_br", 1, v4, &r, NULL) == MW_OK && r == 2);
    CHECK(call_i32(rt, inst, "and_br", 1, v3, &r, NULL) == MW_OK && r == 1);
    CHECK(call_i32(rt, inst, "and_eqz_br", 1, v4, &r, NULL) == MW_OK && r == 1);
    CHECK(call_i32(rt, inst, "and_eqz_br", 1, v3, &r, NULL) == MW_OK && r == 2);
    CHECK(call_i32(rt, inst, "and_eq0_br", 1, v8, &r, NULL) == MW_OK && r == 2);
    CHECK(call_i32(rt, inst, "and_eq0_br", 1, v4, &r, NULL) == MW_OK && r == 1);
    CHECK(call_i32(rt, inst, "and_ne0_if", 1, v8, &r, NULL) == MW_OK && r == 4);
    CHECK(call_i32(rt, inst, "and_ne0_if", 1, v2, &r, NULL) == MW_OK && r == 3);
    CHECK(call_i32(rt, inst, "and_if", 1, vtop, &r, NULL) == MW_OK && r == 5);
    CHECK(call_i32(rt, inst, "and_if", 1, vm1, &r, NULL) == MW_OK && r == 5);
    CHECK(call_i32(rt, inst, "and_if", 1, v8, &r, NULL) == MW_OK && r == 6);
    CHECK(call_i32(rt, inst, "and_eq1_br", 1, v2, &r, NULL) == MW_OK && r == 2);
    CHECK(call_i32(rt, inst, "and_eq1_br", 1, v4, &r, NULL) == MW_OK && r == 1);
    CHECK(call_i32(rt, inst, "countdown", 1, v3, &r, NULL) == MW_OK && r == 3 + 300);
    CHECK(call_i32(rt, inst, "inc_fwd", 1, vm1, &r, NULL) == MW_OK && r == 7);
    CHECK(call_i32(rt, inst, "inc_fwd", 1, v3, &r, NULL) == MW_OK && r == 8);
    uint32_t v1[] = {1};
    CHECK(call_i32(rt, inst, "and_tee_eqz", 1, v4, &r, NULL) == MW_OK && r == 104);
    CHECK(call_i32(rt, inst, "and_tee_eqz", 1, v1, &r, NULL) == MW_OK && r == 0);
    close_inst(rt, m, inst);
}

// Fused address ops (engine_fused.wat): an i32.add/sub of a constant feeding
// a load or store. The sum wraps at 2^32 before the offset is added, so a
// huge a plus imm reaches the bottom of memory and a small a minus imm does
// not; the last in-bounds address and one past it (start-1 / end / end+1);
// a tee'd address stays in its local; a store of its own address.
static void test_fused_address(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_fused, sizeof(wasm_fused), 0, &rt, &m);
    uint32_t r = 0, end = 65536;
    uint32_t s0[] = {0, 0x04030201u}, s1[] = {12, 0xa1b2c3d4u}, s2[] = {end - 12, 0x55667788u};
    CHECK(call_i32(rt, inst, "st32", 2, s0, NULL, NULL) == MW_OK);       // bytes 8..11
    CHECK(call_i32(rt, inst, "st32", 2, s1, NULL, NULL) == MW_OK);       // bytes 20..23
    CHECK(call_i32(rt, inst, "st32", 2, s2, NULL, NULL) == MW_OK);       // the last 4 bytes
    uint32_t s3[] = {end - 11, 1};
    CHECK(call_i32(rt, inst, "st32", 2, s3, NULL, NULL) == MW_TRAP_MEM_OOB);
    uint32_t a8[] = {8}, a20[] = {20}, alast[] = {end - 4};
    CHECK(call_i32(rt, inst, "rd32", 1, a8, &r, NULL) == MW_OK && r == 0x04030201u);
    CHECK(call_i32(rt, inst, "rd32", 1, a20, &r, NULL) == MW_OK && r == 0xa1b2c3d4u);
    CHECK(call_i32(rt, inst, "rd32", 1, alast, &r, NULL) == MW_OK && r == 0x55667788u);
    // ld32: a + 8, offset 4
    uint32_t l0[] = {0xfffffffcu}, l1[] = {end - 16}, l2[] = {end - 15}, l3[] = {0xfffffff8u};
    CHECK(call_i32(rt, inst, "ld32", 1, l0, &r, NULL) == MW_OK && r == 0x04030201u);   // wraps to 4, +4
    CHECK(call_i32(rt, inst, "ld32", 1, l1, &r, NULL) == MW_OK && r == 0x55667788u);
    CHECK(call_i32(rt, inst, "ld32", 1, l2, &r, NULL) == MW_TRAP_MEM_OOB);
    CHECK(call_i32(rt, inst, "ld32", 1, l3, &r, NULL) == MW_OK && r == 0);             // wraps to 0, +4
    // ld8: a + 3, offset 1
    uint32_t b0[] = {5}, b1[] = {end - 4}, b2[] = {end - 5}, b3[] = {0xfffffffdu};
    CHECK(call_i32(rt, inst, "ld8", 1, b0, &r, NULL) == MW_OK && r == 0x02);
    CHECK(call_i32(rt, inst, "ld8", 1, b1, &r, NULL) == MW_TRAP_MEM_OOB);
    CHECK(call_i32(rt, inst, "ld8", 1, b2, &r, NULL) == MW_OK && r == 0x55);
    CHECK(call_i32(rt, inst, "ld8", 1, b3, &r, NULL) == MW_OK && r == 0);              // wraps to 0, +1
    // ld32_sub: a - 4, no offset
    uint32_t u0[] = {12}, u1[] = {3}, u2[] = {end}, u3[] = {end + 1};
    CHECK(call_i32(rt, inst, "ld32_sub", 1, u0, &r, NULL) == MW_OK && r == 0x04030201u);
    CHECK(call_i32(rt, inst, "ld32_sub", 1, u1, &r, NULL) == MW_TRAP_MEM_OOB);         // 0xffffffff
    CHECK(call_i32(rt, inst, "ld32_sub", 1, u2, &r, NULL) == MW_OK && r == 0x55667788u);
    CHECK(call_i32(rt, inst, "ld32_sub", 1, u3, &r, NULL) == MW_TRAP_MEM_OOB);
    // ld32_tee: load(a + 4) + (a + 4)
    uint32_t t0[] = {16};
    CHECK(call_i32(rt, inst, "ld32_tee", 1, t0, &r, NULL) == MW_OK && r == 0xa1b2c3d4u + 20);
    // st8: a + 6, offset 2
    uint32_t e0[] = {0, 0x1ff}, e1[] = {end - 9, 0x77}, e2[] = {end - 8, 0x77};
    CHECK(call_i32(rt, inst, "st8", 2, e0, NULL, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "rd32", 1, a8, &r, NULL) == MW_OK && r == 0x040302ffu);
    CHECK(call_i32(rt, inst, "st8", 2, e1, NULL, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "rd32", 1, alast, &r, NULL) == MW_OK && r == 0x77667788u);
    CHECK(call_i32(rt, inst, "st8", 2, e2, NULL, NULL) == MW_TRAP_MEM_OOB);
    // ld8_xr: a + b, offset 1; ld32_xm: a + i * 4, offset 4; ld16_xm: a + i * 2
    uint32_t r0[] = {4, 4}, r1[] = {0xfffffffcu, 12}, r2[] = {end - 8, 6}, r3[] = {end - 8, 7};
    CHECK(call_i32(rt, inst, "ld8_xr", 2, r0, &r, NULL) == MW_OK && r == 0x02);
    CHECK(call_i32(rt, inst, "ld8_xr", 2, r1, &r, NULL) == MW_OK && r == 0x02);       // wraps to 8, +1
    CHECK(call_i32(rt, inst, "ld8_xr", 2, r2, &r, NULL) == MW_OK && r == 0x77);       // the last byte
    CHECK(call_i32(rt, inst, "ld8_xr", 2, r3, &r, NULL) == MW_TRAP_MEM_OOB);
    uint32_t m0[] = {0, 1}, m1[] = {8, 0x3fffffffu}, m2[] = {end - 16, 2}, m3[] = {end - 15, 2};
    CHECK(call_i32(rt, inst, "ld32_xm", 2, m0, &r, NULL) == MW_OK && r == 0x040302ffu);
    CHECK(call_i32(rt, inst, "ld32_xm", 2, m1, &r, NULL) == MW_OK && r == 0x040302ffu);   // 8 - 4: wraps
    CHECK(call_i32(rt, inst, "ld32_xm", 2, m2, &r, NULL) == MW_OK && r == 0x77667788u);
    CHECK(call_i32(rt, inst, "ld32_xm", 2, m3, &r, NULL) == MW_TRAP_MEM_OOB);
    uint32_t k0[] = {2, 3}, k1[] = {end - 4, 1}, k2[] = {end - 3, 1};
    CHECK(call_i32(rt, inst, "ld16_xm", 2, k0, &r, NULL) == MW_OK && r == 0x02ffu);
    CHECK(call_i32(rt, inst, "ld16_xm", 2, k1, &r, NULL) == MW_OK && r == 0x7766u);
    CHECK(call_i32(rt, inst, "ld16_xm", 2, k2, &r, NULL) == MW_TRAP_MEM_OOB);
    // st32_inc: the word at a + 4 less 3 (wraps) stored at a + 8; into the last
    // word; one past it (the load in bounds, the store not)
    uint32_t i0[] = {100}, i1[] = {108}, i2[] = {end - 12}, i3[] = {end - 11};
    CHECK(call_i32(rt, inst, "st32_inc", 1, i0, NULL, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "rd32", 1, i1, &r, NULL) == MW_OK && r == 0xfffffffdu);
    CHECK(call_i32(rt, inst, "st32_inc", 1, i2, NULL, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "rd32", 1, alast, &r, NULL) == MW_OK && r == 0xfffffffdu);
    CHECK(call_i32(rt, inst, "st32_inc", 1, i3, NULL, NULL) == MW_TRAP_MEM_OOB);
    // st64 / ld64_hi: a + 8
    mw_val args[2], res[1];
    args[0].i64 = 32;
    args[1].i64 = 0x0123456789abcdefull;
    CHECK(mw_call(rt, exp_of(inst, "st64").func, args, res, NULL) == MW_OK);
    uint32_t h0[] = {40}, h1[] = {24}, h2[] = {end - 24}, h3[] = {end - 23};
    CHECK(call_i32(rt, inst, "rd64_hi", 1, h0, &r, NULL) == MW_OK && r == 0x01234567u);
    CHECK(call_i32(rt, inst, "ld64_hi", 1, h1, &r, NULL) == MW_OK && r == 0x01234567u);   // 24 + 8 + 8
    CHECK(call_i32(rt, inst, "ld64_hi", 1, h2, &r, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "ld64_hi", 1, h3, &r, NULL) == MW_TRAP_MEM_OOB);
    args[0].i64 = end - 16;
    CHECK(mw_call(rt, exp_of(inst, "st64").func, args, res, NULL) == MW_OK);
    args[0].i64 = end - 15;
    CHECK(mw_call(rt, exp_of(inst, "st64").func, args, res, NULL) == MW_TRAP_MEM_OOB);
    // st32_self: stores a - 4 at a - 4
    uint32_t w0[] = {104}, w1[] = {100}, w2[] = {2};
    CHECK(call_i32(rt, inst, "st32_self", 1, w0, NULL, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "rd32", 1, w1, &r, NULL) == MW_OK && r == 100);
    CHECK(call_i32(rt, inst, "st32_self", 1, w2, NULL, NULL) == MW_TRAP_MEM_OOB);
    close_inst(rt, m, inst);
}

// Each op's layout and each layout's kinds, every row's: the engine's tables
// (mw_op_row and code.c's op rows) stop at the small profile's last rows in
// that build (mw_int.h MW_OP_TABLE_ROWS, code_meanings.h), whose tests still
// write the other rows' ops by hand (the code check's refusals) and walk
// code that holds them.
static const uint8_t all_op_layout[MW_OP_COUNT] = {
    #define MW_X_OPL(name, layout, doc) MW_L_##layout,
    MW_OP_LIST(MW_X_OPL)
    #undef MW_X_OPL
};
static const uint8_t all_layout_kinds[MW_L_COUNT][MW_MAX_IMMS] = {
    #define MW_X_LK(name, ...) { MW_PAD_KINDS(__VA_ARGS__) },
    MW_LAYOUTS(MW_X_LK)
    #undef MW_X_LK
};
static const uint8_t all_layout_units[MW_L_COUNT] = {
    #define MW_X_LU(name, ...) MW_LW_##name,
    MW_LAYOUTS(MW_X_LU)
    #undef MW_X_LU
};
// A branch twin's row (mw_int.h MW_BR_TWIN_ROWS, past MW_OP_COUNT) is
// its base row's: op itself for any other op.
static uint32_t twin_base(uint32_t op) {
    if (op < MW_OP_COUNT) {
        return op;
    }
    uint32_t k = (op - MW_OP_COUNT) % MW_BR_TWIN_N;
    return k < MW_BR_TWIN_WIDE ? MW_OP_BR_EQ + k : MW_OP_BR_EQ_IMMH + k - MW_BR_TWIN_WIDE;
}
static const uint8_t *op_kinds(uint32_t op) {
    return all_layout_kinds[all_op_layout[twin_base(op)]];
}
static uint32_t op_units(uint32_t op) {
    return all_layout_units[all_op_layout[twin_base(op)]];
}

// The engine's op rows (code.c mw_op_row: a layout's kinds and width shared
// with a row of meanings, code_meanings.h) give every op of its table its own
// layout's kinds and width, as MW_OP_LIST and MW_LAYOUTS spell them.
static void test_op_rows(void) {
    for (uint32_t op = 0; op < MW_OP_TABLE_ROWS; op++) {
        CHECK(memcmp(mw_op_kinds(op), op_kinds(op), MW_MAX_IMMS) == 0);
        CHECK(mw_op_units(op) == op_units(op));
    }
}

// The index of the instruction after the one at d->code[i] (BR_TABLE's
// entries stepped over): else, when that op's immediates run past the code or
// the unit after it is no op, d->code_len and a failure. So a walk from 0
// sees only op numbers, and one that lost its place in hand-edited code stops
// instead of indexing the op table with an immediate: all_op_layout[0xffff]
// (a half of a mask of -1) is 64 KiB past the table, a read of whatever the
// link put there, which crashed only where that was unmapped (with ASLR; gdb
// turns it off).
static uint32_t op_end(const mw_funcdef *d, uint32_t i) {
    uint32_t o = d->code[i], next = i + 1 + (o < MW_OP_END ? op_units(o) : 0);
    if ((o == MW_OP_BR_TABLE || o == MW_OP_BR_TABLE_JMP) && next <= d->code_len) {
        // its entries (count + 1 of them) after its immediates
        uint64_t n = (uint64_t)mw_code_u32(d->code + next - MW_W_U32) + 1;
        uint64_t end = next + n * (o == MW_OP_BR_TABLE ? MW_BR_ENTRY : MW_W_TARGET);
        next = end > d->code_len ? d->code_len + 1 : (uint32_t)end;
    }
    if (o >= MW_OP_END || next > d->code_len || (next < d->code_len && d->code[next] >= MW_OP_END)) {
        checks++;
        failures++;
        uint32_t at = o >= MW_OP_END || next > d->code_len ? i : next;
        printf("FAIL: lowered code: unit %u of %u (0x%x) is not where an instruction begins\n", (unsigned)at,
               (unsigned)d->code_len, at < d->code_len ? (unsigned)d->code[at] : 0u);
        return d->code_len;
    }
    return next;
}

// How many `op` the lowered code of exported function `name` holds (walked
// with the op table, op_end); a compare-and-branch row in either of its
// twins (MW_BRANCH_TWINS) counts as the row.
static int count_op(mw_instance *inst, const char *name, uint32_t op) {
    const mw_funcdef *d = exp_of(inst, name).func->u.wasm.def;
    int n = 0;
    for (uint32_t i = 0; i < d->code_len;) {
        uint32_t o = d->code[i];
        n += o == op || (op < MW_OP_COUNT && twin_base(o) == op);
        i = op_end(d, i);
    }
    return n;
}

// Checks that lowering made `want` rows of `op` in export `name` where the
// full profile fuses (MW_FUSED_ARITH), none elsewhere; on a mismatch prints
// "  <label> <name>: <n> made" before the check fails.
static void check_made(mw_instance *inst, const char *name, uint32_t op, int want, const char *label) {
    int made = count_op(inst, name, op);
    if (made != want * MW_FUSED_ARITH) {
        printf("  %s %s: %d made\n", label, name, made);
    }
    CHECK(made == want * MW_FUSED_ARITH);
}

// The unit index of the first `op` in d's code (a twin of it too, as
// count_op), or d->code_len if none.
static uint32_t find_op(const mw_funcdef *d, uint32_t op) {
    uint32_t k = 0;
    while (k < d->code_len && d->code[k] != op && !(op < MW_OP_COUNT && twin_base(d->code[k]) == op)) {
        k = op_end(d, k);
    }
    return k;
}

// The code check of a fused row at unit k of d with unit u set to v: refused
// as a broken row at k (MW_D_CODE_FUSED), and accepted again once unit u is
// put back. Images are checked with mw_code_check, so each row's invariant
// must be one of its rules: this is how a test shows that a row whose
// tampered unit a handler relies on is refused.
static bool fused_refused(mw_runtime *rt, mw_module *m, mw_funcdef *d, uint32_t k, uint32_t u, mw_code_unit v) {
    mw_detail det;
    uint32_t at = 0;
    mw_code_unit keep = d->code[u];
    d->code[u] = v;
    bool refused = mw_code_check(rt, m, d, &det, &at) == MW_ERR_INVALID && det == MW_D_CODE_FUSED && at == k;
    d->code[u] = keep;
    bool back = mw_code_check(rt, m, d, &det, &at) == MW_OK;
    if (!refused || !back) {
        printf("  code check: unit %u of the row at %u set to 0x%x: %s\n", (unsigned)u, (unsigned)k, (unsigned)v,
               refused ? "not accepted once put back" : "not refused");
    }
    return refused && back;
}

// The code check's refusal of a fused row whose op run after it is
// another of that op's layout: export `name`'s first `op` row (none where
// lowering makes none: the small profile), whose op `ops_on` ops on (1: the
// next; 2: the op after a fused address op's load) must be `then`, refused
// with `other` (of then's layout) in its place and accepted again.
static void check_then_refused(mw_runtime *rt, mw_module *m, mw_instance *inst, const char *name, uint32_t op,
                               uint32_t ops_on, uint32_t then, uint32_t other) {
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, name).func->u.wasm.def;
    uint32_t k = find_op(d, op);
    if (k < d->code_len) {
        uint32_t u = op_end(d, k);
        for (uint32_t n = 1; n < ops_on && u < d->code_len; n++) {
            u = op_end(d, u);
        }
        CHECK(u < d->code_len && d->code[u] == then);
        CHECK(fused_refused(rt, m, d, k, u, (mw_code_unit)other));
    }
}

// Values under a block's parameters left lazy, and a block's result written
// into the local.set's local (engine_blocklazy.wat; lower.c lazy_under,
// result_into, full profile): the values against C, and the COPYs gone
// where lowering leaves the read lazy or retargets the writers; kept where
// the block writes the local read under it (lowered again), where a br_if
// leaves for the end, or where the local is read from under the block; and
// a value under a block whose unreachable code holds a block with
// parameters (dead_*).
static void test_block_lazy(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_blocklazy, sizeof(wasm_blocklazy), 0, &rt, &m);
    static const uint32_t vals[] = {0, 1, 5, 11, 0x7fffffffu, 0xffffffffu};
    uint32_t r = 0;
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        for (size_t j = 0; j < sizeof(vals) / sizeof(vals[0]); j++) {
            for (size_t k = 0; k < 3; k++) {
                uint32_t c = vals[i], a = vals[j], b = vals[k * 2], args[] = {c, a, b};
                CHECK(call_i32(rt, inst, "under_if", 3, args, &r, NULL) == MW_OK && r == c + (a != 0 ? b : b * 2));
                CHECK(call_i32(rt, inst, "under_const", 3, args, &r, NULL) == MW_OK && r == 1000 + (c != 0 ? a : b));
                CHECK(call_i32(rt, inst, "into_if", 3, args, &r, NULL) == MW_OK && r == (c != 0 ? a + 1 : b - 1) * 2);
                uint32_t blk = c == 0 ? 7 : c > 10 ? a : a + b;
                CHECK(call_i32(rt, inst, "into_block", 3, args, &r, NULL) == MW_OK && r == blk * 2);
                CHECK(call_i32(rt, inst, "into_br_if", 3, args, &r, NULL) == MW_OK && r == (c != 0 ? a : b + a));
                CHECK(call_i32(rt, inst, "into_read_under", 3, args, &r, NULL) == MW_OK
                      && r == a + (c != 0 ? b : b + 1));
            }
        }
        uint32_t x = vals[i];
        CHECK(call_i32(rt, inst, "under_written", 1, &x, &r, NULL) == MW_OK && r == x + x * 3);
        if (x != 0 && x < 100) {
            CHECK(call_i32(rt, inst, "under_loop", 1, &x, &r, NULL) == MW_OK && r == x + x * (x + 1) / 2);
        }
        // dead_*: the value under the outer block as put there, though the
        // unreachable code inside holds a block, loop or if with a parameter
        // (session 43: its entry had marked it in its slot, unwritten)
        CHECK(call_i32(rt, inst, "dead_loop", 1, &x, &r, NULL) == MW_OK && r == 1000 + x);
        CHECK(call_i32(rt, inst, "dead_if", 1, &x, &r, NULL) == MW_OK && r == x * 3);
        mw_val arg = {.i64 = x}, res = {.i64 = 0};
        CHECK(mw_call(rt, exp_of(inst, "dead_block").func, &arg, &res, NULL) == MW_OK
              && res.i64 == 0xffffffffffffbfffull + (x == 0));
    }
    static const struct {
        const char *name;
        int full, small;        // COPY (COPY_JMP too: a COPY before a JMP) and MOVE2 in the function's code
    } fns[] = {
        {"under_if", 1, 2}, {"under_written", 2, 2}, {"under_loop", 2, 2}, {"under_const", 2, 2},
        {"into_if", 0, 1}, {"into_block", 1, 2}, {"into_br_if", 2, 2}, {"into_read_under", 2, 3},
    };
    for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
        int n = count_op(inst, fns[i].name, MW_OP_COPY) + count_op(inst, fns[i].name, MW_OP_COPY_JMP)
                + count_op(inst, fns[i].name, MW_OP_MOVE2);
        CHECK(n == (MW_FUSED_ARITH ? fns[i].full : fns[i].small));
    }
    // under_const's constant is put in the code once, at the add (no CONST16 at the block's entry)
    CHECK(count_op(inst, "under_const", MW_OP_CONST16) == !MW_FUSED_ARITH);
    close_inst(rt, m, inst);
}

// Jumps to a return (engine_jumpret.wat; lower_narrow.c jump_returns, full
// profile): the values against C over both arms, the JMPs gone where their
// target is a RETURN1 or RETURN0 (the UNREACHABLE after RETURN0 never runs)
// and kept where it is another op; without MW_FUSED_ARITH every JMP stays.
static void test_jump_return(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_jumpret, sizeof(wasm_jumpret), 0, &rt, &m);
    static const uint32_t vals[] = {0, 1, 5, 0x7fffffffu, 0x80000000u, 0xffffffffu};
    uint32_t r = 0;
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        for (size_t j = 0; j < sizeof(vals) / sizeof(vals[0]); j++) {
            uint32_t x = vals[i], y = vals[j], a[] = {x, y};
            uint32_t pick = x != 0 ? y + 7 : y * 3;
            CHECK(call_i32(rt, inst, "pick", 2, a, &r, NULL) == MW_OK && r == pick);
            CHECK(call_i32(rt, inst, "after", 2, a, &r, NULL) == MW_OK && r == (pick ^ 0x55));
            int32_t sx = (int32_t)x, sy = (int32_t)y;
            CHECK(call_i32(rt, inst, "cmp3", 2, a, &r, NULL) == MW_OK && r == (uint32_t)(sx < sy ? -1 : sx > sy));
            CHECK(call_i32(rt, inst, "store", 2, a, &r, NULL) == MW_OK);
            CHECK(call_i32(rt, inst, "load", 0, NULL, &r, NULL) == MW_OK && r == (x != 0 ? y : 0u - y));
        }
    }
    CHECK(count_op(inst, "pick", MW_OP_JMP) == !MW_FUSED_ARITH);
    CHECK(count_op(inst, "pick", MW_OP_RETURN1) == 1 + MW_FUSED_ARITH);
    CHECK(count_op(inst, "cmp3", MW_OP_JMP) == 2 * !MW_FUSED_ARITH);
    CHECK(count_op(inst, "store", MW_OP_JMP) == !MW_FUSED_ARITH);
    CHECK(count_op(inst, "store", MW_OP_RETURN0) == 1 + MW_FUSED_ARITH);
    CHECK(count_op(inst, "store", MW_OP_UNREACHABLE) == MW_FUSED_ARITH);
    CHECK(count_op(inst, "after", MW_OP_JMP) == 1);
    close_inst(rt, m, inst);
}

// A return of the value the instruction just before it made (lower_branch.c
// emit_return): that instruction writes slot 0 and RETURN0 returns it (full
// profile; the small one keeps RETURN1's copy), also onto one of its own
// operands (ret_sub: local 0 is the subtrahend) and from inside a block; a
// return where a branch lands keeps RETURN1 (ret_join: the branch's value is
// in another slot).
static void test_return_slot0(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_lowering, sizeof(wasm_lowering), 0, &rt, &m);
    uint32_t r = 0, zero[] = {0}, c01[] = {0, 1};
    uint32_t sub[] = {5, 12}, mul[] = {6, 7}, wide[] = {0xfffffff1u, 0x12345678u}, j5[] = {5};
    CHECK(call_i32(rt, inst, "ret_sub", 2, sub, &r, NULL) == MW_OK && r == 7);
    CHECK(call_i32(rt, inst, "ret_explicit", 2, mul, &r, NULL) == MW_OK && r == 42);
    CHECK(call_i32(rt, inst, "ret_explicit", 2, c01, &r, NULL) == MW_OK && r == 3);
    mw_val wa[2] = {{.i64 = wide[0]}, {.i64 = wide[1]}}, wr[1] = {{0}};
    CHECK(mw_call(rt, exp_of(inst, "ret_widen").func, wa, wr, NULL) == MW_OK
        && wr[0].i64 == 0xfffffff1ull * 0x12345678ull);
    CHECK(call_i32(rt, inst, "ret_join", 1, j5, &r, NULL) == MW_OK && r == 7);
    CHECK(call_i32(rt, inst, "ret_join", 1, zero, &r, NULL) == MW_OK && r == 100);
    CHECK(count_op(inst, "ret_sub", MW_OP_RETURN0) == MW_FUSED_ARITH);
    CHECK(count_op(inst, "ret_sub", MW_OP_RETURN1) == !MW_FUSED_ARITH);
    CHECK(count_op(inst, "ret_explicit", MW_OP_RETURN0) == 2 * MW_FUSED_ARITH);
    CHECK(count_op(inst, "ret_widen", MW_OP_RETURN0) == MW_FUSED_ARITH);
    CHECK(count_op(inst, "ret_join", MW_OP_RETURN1) == 1 && count_op(inst, "ret_join", MW_OP_RETURN0) == 0);
    close_inst(rt, m, inst);
}

// A block's or loop's end that no branch names binds no label (lower_branch.c
// patch_chain), so a local.set after it retargets the producer before it:
// end_free has no COPY; end_joined's end is a branch target, where the
// br_if's 7 arrives in the block's result slot: its local.set copies it.
static void test_untargeted_end(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_lowering, sizeof(wasm_lowering), 0, &rt, &m);
    uint32_t r = 0, x[] = {3}, zero[] = {0};
    CHECK(call_i32(rt, inst, "end_free", 1, x, &r, NULL) == MW_OK && r == 24);
    CHECK(call_i32(rt, inst, "end_joined", 1, x, &r, NULL) == MW_OK && r == 7);
    CHECK(call_i32(rt, inst, "end_joined", 1, zero, &r, NULL) == MW_OK && r == 5);
    CHECK(count_op(inst, "end_free", MW_OP_COPY) == 0 && count_op(inst, "end_free", MW_OP_MOVE2) == 0);
    CHECK(count_op(inst, "end_joined", MW_OP_COPY) == 1);
    close_inst(rt, m, inst);
}

// The small profile's lowering (MW_FUSED_MEM=0) emits no fused load-and-branch
// ops, but runs them as the plain load (an image lowered elsewhere may hold
// them): make each LOAD8_U / LOAD32_U right before a branch it feeds the fused
// op by hand, as the full profile's lowering would. How many it made.
static int fuse_by_hand(mw_instance *inst, const char *name) {
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, name).func->u.wasm.def;
    int n = 0;
    for (uint32_t i = 0; i < d->code_len;) {
        uint32_t o = d->code[i], next = op_end(d, i);
        if ((o == MW_OP_LOAD8_U || o == MW_OP_LOAD32_U) && next + 1 < d->code_len && d->code[next + 1] == mw_code_slot8(d->code + i + 1)) {
            for (uint32_t k = 0; k < MW_LOAD_BR_N; k++) {
                if (mw_load_br_branch[k] == d->code[next]) {
                    d->code[i] = (mw_code_unit)(MW_LOAD_BR_FIRST + k + (o == MW_OP_LOAD32_U ? MW_LOAD_BR_N : 0));
                    n++;
                }
            }
        }
        i = next;
    }
    return n;
}

// Fused load-and-branch ops (engine_ldbr.wat), taken and not taken; the last
// byte or word of memory and one past it (the trap, from the load's slow
// path), a 33-bit address; the value kept in a tee'd local; a backward
// branch polls as before (fuel).
static void check_load_branch_calls(mw_runtime *rt, mw_instance *inst) {
    uint32_t r = 0, end = 65536;
    uint32_t w0[] = {0, 0x0700}, w1[] = {end - 4, 0x07000000}, w2[] = {8, 0x80000000u}, w3[] = {12, 2},
             w4[] = {16, 1}, w5[] = {20, (uint32_t)-5};
    CHECK(call_i32(rt, inst, "wr32", 2, w0, NULL, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "wr32", 2, w1, NULL, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "wr32", 2, w2, NULL, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "wr32", 2, w3, NULL, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "wr32", 2, w4, NULL, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "wr32", 2, w5, NULL, NULL) == MW_OK);
    // 8-bit, offset 1: byte 1 is 7, byte 2 is 0, the last byte (end - 1) is 7
    static const char *const f8[] = {"eq8", "ne8", "nz8", "if8"};
    static const uint32_t at1[] = {1, 2, 1, 1}, at2[] = {2, 1, 2, 2};
    uint32_t a0[] = {0}, a1[] = {1}, alast[] = {end - 2}, aout[] = {end - 1}, a33[] = {0xffffffffu};
    for (int i = 0; i < 4; i++) {
        CHECK(call_i32(rt, inst, f8[i], 1, a0, &r, NULL) == MW_OK && r == at1[i]);
        CHECK(call_i32(rt, inst, f8[i], 1, a1, &r, NULL) == MW_OK && r == at2[i]);
        CHECK(call_i32(rt, inst, f8[i], 1, alast, &r, NULL) == MW_OK && r == at1[i]);
        CHECK(call_i32(rt, inst, f8[i], 1, aout, &r, NULL) == MW_TRAP_MEM_OOB);
        CHECK(call_i32(rt, inst, f8[i], 1, a33, &r, NULL) == MW_TRAP_MEM_OOB);
    }
    // 32-bit: 8 holds 0x80000000, 12 holds 2, 16 holds 1, 20 holds -5, end - 4 0x07000000
    uint32_t b8[] = {8}, b12[] = {12}, b16[] = {16}, b20[] = {20}, blast[] = {end - 4}, bout[] = {end - 3};
    CHECK(call_i32(rt, inst, "andnz32", 1, b8, &r, NULL) == MW_OK && r == 1);
    CHECK(call_i32(rt, inst, "andnz32", 1, b12, &r, NULL) == MW_OK && r == 2);
    CHECK(call_i32(rt, inst, "andnz32", 1, b16, &r, NULL) == MW_OK && r == 1);
    CHECK(call_i32(rt, inst, "andnz32", 1, blast, &r, NULL) == MW_OK && r == 2);
    CHECK(call_i32(rt, inst, "andnz32", 1, bout, &r, NULL) == MW_TRAP_MEM_OOB);
    CHECK(call_i32(rt, inst, "andz32", 1, b8, &r, NULL) == MW_OK && r == 2);
    CHECK(call_i32(rt, inst, "andz32", 1, b12, &r, NULL) == MW_OK && r == 1);
    CHECK(call_i32(rt, inst, "andz32", 1, b16, &r, NULL) == MW_OK && r == 2);
    CHECK(call_i32(rt, inst, "andz32", 1, blast, &r, NULL) == MW_OK && r == 1);
    CHECK(call_i32(rt, inst, "andz32", 1, bout, &r, NULL) == MW_TRAP_MEM_OOB);
    uint32_t e0[] = {8, 0x80000000u}, e1[] = {8, 0}, e2[] = {end - 4, 0x07000000}, e3[] = {end - 3, 0};
    CHECK(call_i32(rt, inst, "eq32", 2, e0, &r, NULL) == MW_OK && r == 1);
    CHECK(call_i32(rt, inst, "eq32", 2, e1, &r, NULL) == MW_OK && r == 2);
    CHECK(call_i32(rt, inst, "eq32", 2, e2, &r, NULL) == MW_OK && r == 1);
    CHECK(call_i32(rt, inst, "eq32", 2, e3, &r, NULL) == MW_TRAP_MEM_OOB);
    CHECK(call_i32(rt, inst, "ne32_right", 2, e0, &r, NULL) == MW_OK && r == 2);
    CHECK(call_i32(rt, inst, "ne32_right", 2, e1, &r, NULL) == MW_OK && r == 1);
    CHECK(call_i32(rt, inst, "ne32_right", 2, e2, &r, NULL) == MW_OK && r == 2);
    CHECK(call_i32(rt, inst, "ne32_right", 2, e3, &r, NULL) == MW_TRAP_MEM_OOB);
    CHECK(call_i32(rt, inst, "ne32_imm", 1, b20, &r, NULL) == MW_OK && r == 2);
    CHECK(call_i32(rt, inst, "ne32_imm", 1, b8, &r, NULL) == MW_OK && r == 1);
    CHECK(call_i32(rt, inst, "ne32_imm", 1, bout, &r, NULL) == MW_TRAP_MEM_OOB);
    uint32_t b24[] = {24};
    CHECK(call_i32(rt, inst, "tee32", 1, b8, &r, NULL) == MW_OK && r == 0x80000064u);
    CHECK(call_i32(rt, inst, "tee32", 1, b24, &r, NULL) == MW_OK && r == 1);
    CHECK(call_i32(rt, inst, "tee32", 1, bout, &r, NULL) == MW_TRAP_MEM_OOB);
    // a list 100 -> 200 -> 300 -> 400 (0 there): three steps, two back-edges
    uint32_t l0[] = {100, 200}, l1[] = {200, 300}, l2[] = {300, 400}, l3[] = {500, end - 3};
    CHECK(call_i32(rt, inst, "wr32", 2, l0, NULL, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "wr32", 2, l1, NULL, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "wr32", 2, l2, NULL, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "wr32", 2, l3, NULL, NULL) == MW_OK);
    uint32_t p100[] = {100}, p500[] = {500};
    int64_t fuel = 3;
    CHECK(call_i32(rt, inst, "walk", 1, p100, &r, &fuel) == MW_OK && r == 3 && fuel == 0);
    fuel = 2;
    CHECK(call_i32(rt, inst, "walk", 1, p100, &r, &fuel) == MW_TRAP_FUEL);
    CHECK(call_i32(rt, inst, "walk", 1, p500, &r, NULL) == MW_TRAP_MEM_OOB);   // *(end - 3)
}

// The same calls with each function's load and branch the one fused op
// (checked in its code; in the small profile made by hand, fuse_by_hand).
static void test_load_branch(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_ldbr, sizeof(wasm_ldbr), 0, &rt, &m);
    check_load_branch_calls(rt, inst);
    static const char *const names[] = {"eq8", "ne8", "nz8", "if8", "andnz32", "andz32", "eq32", "ne32_right",
                                        "ne32_imm", "tee32", "walk"};
    static const uint32_t ops[] = {
        MW_OP_LOAD8_U_BR_EQ_IMM, MW_OP_LOAD8_U_BR_NE_IMM, MW_OP_LOAD8_U_BR_IF_JMP, MW_OP_LOAD8_U_BR_UNLESS,
        MW_OP_LOAD32_U_BR_ANDNZ, MW_OP_LOAD32_U_BR_ANDZ, MW_OP_LOAD32_U_BR_EQ, MW_OP_LOAD32_U_BR_NE,
        MW_OP_LOAD32_U_BR_NE_IMM, MW_OP_LOAD32_U_BR_EQ_IMM, MW_OP_LOAD32_U_BR_NE_IMM,
    };
    for (int i = 0; i < 11; i++) {
        CHECK(count_op(inst, names[i], ops[i]) == MW_FUSED_MEM);
        if (HAND_MEM) {
            CHECK(fuse_by_hand(inst, names[i]) == 1 && count_op(inst, names[i], ops[i]) == 1);
        }
    }
    CHECK(count_op(inst, "wr32", MW_OP_STORE32) == 1);
    if (HAND_MEM) {
        check_load_branch_calls(rt, inst);
    }
    close_inst(rt, m, inst);
}

// A comparison fused into its branch after a loop's fused back-edge
// (engine_stalebr.wat): the branch lowered from the unit that is there, not
// from a remembered instruction the loop's fusing rewrote. Before the fix
// emit_cond read that unit as an opcode (a slot: an index past mw_op_row,
// which this test's ASan/UBSan build stops at; wasm-cross crashed).
static void test_stale_before_branch(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_stalebr, sizeof(wasm_stalebr), 0, &rt, &m);
    uint32_t r = 0, w[] = {112, 7};   // *(100 + 12) = 7: odd, the loop's branch not taken
    CHECK(call_i32(rt, inst, "wr32", 2, w, NULL, NULL) == MW_OK);
    uint32_t differ[] = {100, 1, 2}, same[] = {100, 5, 5};
    CHECK(call_i32(rt, inst, "f", 3, differ, &r, NULL) == MW_OK && r == 7);
    CHECK(call_i32(rt, inst, "f", 3, same, &r, NULL) == MW_OK && r == (uint32_t)-137);
    close_inst(rt, m, inst);
}

// Slot pairs (engine_slot8.wat, mw_int.h SLOT8/SLOT8H): the same loads and
// stores with their slots at the top of frames of 17 to 301 locals (the
// 255/256 limit inside f_252 .. f_256) return the same value and leave the
// same bytes; every access of f_16 keeps its slots in one unit, none of
// f_300 does (the wide rows, LOAD32_U_W .. STORE64_W and MW_WIDE_OP_LIST's,
// MLOAD, MSTORE name memory 0 instead).
static int count_paired(mw_instance *inst, const char *name) {
    int n = 0;
    for (uint32_t op = 0; op < MW_OP_COUNT; op++) {
        n += all_op_layout[op] == MW_L_PQO ? count_op(inst, name, op) : 0;
    }
    return n;
}

static int count_wide_access(mw_instance *inst, const char *name) {
    return count_op(inst, name, MW_OP_LOAD32_U_W) + count_op(inst, name, MW_OP_STORE32_W)
           + count_op(inst, name, MW_OP_LOAD64_W) + count_op(inst, name, MW_OP_STORE64_W)
           + count_op(inst, name, MW_OP_MLOAD) + count_op(inst, name, MW_OP_MSTORE)
    #define MW_X_WIDE(op, layout, doc) + count_op(inst, name, MW_OP_##op)
           MW_WIDE_OP_LIST(MW_X_WIDE);
    #undef MW_X_WIDE
}

static void test_slot8_frames(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_slot8, sizeof(wasm_slot8), 0, &rt, &m);
    CHECK(inst != NULL);
    static const char *const fs[] = {"f_16", "f_252", "f_253", "f_254", "f_255", "f_256", "f_300"};
    uint32_t want = 0, want_sum = 0;
    for (int i = 0; i < 7; i++) {
        uint32_t p[] = {(uint32_t)i % 2}, r = 0, sum = 0;     // two addresses, each checked alike
        CHECK(call_i32(rt, inst, "fill", 0, NULL, NULL, NULL) == MW_OK);
        CHECK(call_i32(rt, inst, fs[i], 1, p, &r, NULL) == MW_OK);
        CHECK(call_i32(rt, inst, "sum", 0, NULL, &sum, NULL) == MW_OK);
        uint32_t p0[] = {p[0]}, r0 = 0, sum0 = 0;
        CHECK(call_i32(rt, inst, "fill", 0, NULL, NULL, NULL) == MW_OK);
        CHECK(call_i32(rt, inst, "f_16", 1, p0, &r0, NULL) == MW_OK);
        CHECK(call_i32(rt, inst, "sum", 0, NULL, &sum0, NULL) == MW_OK);
        CHECK(r == r0 && sum == sum0 && r != 0 && sum != 0);
        if (i < 2) {
            want = i == 0 ? r : want;
            want_sum = i == 0 ? sum : want_sum;
        }
        if (p[0] == 0) {
            CHECK(r == want && sum == want_sum);
        }
    }
    // 19 accesses each: all in pairs at 16, fewer from 252 (the stack slots
    // past 255 first, then the address and the value) to none from 256
    int last = 19;
    for (int i = 0; i < 7; i++) {
        int paired = count_paired(inst, fs[i]);
        CHECK(paired + count_wide_access(inst, fs[i]) == 19 && paired <= last);
        CHECK(i == 0 ? paired == 19 : i < 5 ? paired > 0 && paired < 19 : paired == 0);
        last = paired;
    }
    // copies: COPY with both slots under 256, else MOVE2 d a d a
    static const char *const gs[] = {"g_16", "g_252", "g_253", "g_254", "g_255", "g_256", "g_300"};
    for (int i = 0; i < 7; i++) {
        uint32_t ab[] = {5, 7}, r = 0;
        CHECK(call_i32(rt, inst, gs[i], 2, ab, &r, NULL) == MW_OK && r == 7 * 3 + 5);
    }
    CHECK(count_op(inst, "g_16", MW_OP_COPY) > 0);
    CHECK(count_op(inst, "g_300", MW_OP_COPY) == 0 && count_op(inst, "g_300", MW_OP_MOVE2) >= 3);
    // the i32 _IMM ops (d a a slot pair, PQU/PQH): each h_B returns what h_16
    // does and leaves the same bytes; h_16 and h_252 run every one in place,
    // h_253 and h_254 some on a low slot between two MOVE2s (lower_emit.c
    // emit_wide), h_255 on all of them (its stack slots start at 256)
    static const char *const hs[] = {"h_16", "h_252", "h_253", "h_254", "h_255", "h_256", "h_300"};
    static const uint32_t xs[] = {0, 1, 5, 0x1234, 0x7fffffffu, 0x80000000u, 0xfffffff7u, 0xffffffffu};
    for (int j = 0; j < 8; j++) {
        uint32_t want_h = 0, want_hsum = 0;
        for (int i = 0; i < 7; i++) {
            uint32_t x[] = {xs[j]}, r = 0, sum = 0;
            CHECK(call_i32(rt, inst, "fill", 0, NULL, NULL, NULL) == MW_OK);
            CHECK(call_i32(rt, inst, hs[i], 1, x, &r, NULL) == MW_OK);
            CHECK(call_i32(rt, inst, "sum", 0, NULL, &sum, NULL) == MW_OK);
            want_h = i == 0 ? r : want_h;
            want_hsum = i == 0 ? sum : want_hsum;
            CHECK(r == want_h && sum == want_hsum);
        }
    }
    int last_wide = 0;
    for (int i = 0; i < 7; i++) {
        int imm = 0, wide = 0;
        const mw_funcdef *d = exp_of(inst, hs[i]).func->u.wasm.def;
        for (uint32_t k = 0, prev = MW_OP_COUNT; k < d->code_len; k = op_end(d, k)) {
            uint32_t o = d->code[k], v[MW_MAX_IMMS];
            mw_code_imms(d->code + k, v);
            if (all_op_layout[twin_base(o)] == MW_L_PQU || all_op_layout[twin_base(o)] == MW_L_PQH) {
                imm++;
                // on a low slot: d = a = 0 .. 3, after the MOVE2 that saved it
                wide += v[0] < 4 && v[1] == v[0] && prev == MW_OP_MOVE2;
            }
            prev = o;
        }
        CHECK(imm >= 25 && wide >= last_wide);
        CHECK(i < 2 ? wide == 0 : i < 4 ? wide > 0 && wide < imm : wide == imm);
        last_wide = wide;
    }
    // the binary ops "d a b" (d a a slot pair, PQS), with b also locals 0 .. 2
    // and the slot above d: each b_B as h_B above; b_16 runs every one in
    // place, b_252 .. b_254 some between two MOVE2s (their stack slots cross
    // 255), b_255 .. b_300 all (wide ones fuse with nothing, so there are
    // more of them: 105 in b_16, 137 in b_300)
    static const char *const bs[] = {"b_16", "b_252", "b_253", "b_254", "b_255", "b_256", "b_300"};
    for (int j = 0; j < 8; j++) {
        uint32_t want_b = 0, want_bsum = 0;
        for (int i = 0; i < 7; i++) {
            uint32_t x[] = {xs[j]}, r = 0, sum = 0;
            CHECK(call_i32(rt, inst, "fill", 0, NULL, NULL, NULL) == MW_OK);
            CHECK(call_i32(rt, inst, bs[i], 1, x, &r, NULL) == MW_OK);
            CHECK(call_i32(rt, inst, "sum", 0, NULL, &sum, NULL) == MW_OK);
            want_b = i == 0 ? r : want_b;
            want_bsum = i == 0 ? sum : want_bsum;
            CHECK(r == want_b && sum == want_bsum);
        }
    }
    last_wide = 0;
    for (int i = 0; i < 7; i++) {
        int bin = 0, wide = 0;
        const mw_funcdef *d = exp_of(inst, bs[i]).func->u.wasm.def;
        for (uint32_t k = 0, prev = MW_OP_COUNT; k < d->code_len; k = op_end(d, k)) {
            uint32_t o = d->code[k], v[MW_MAX_IMMS];
            mw_code_imms(d->code + k, v);
            if (all_op_layout[twin_base(o)] == MW_L_PQS) {
                bin++;
                wide += v[0] < 4 && v[1] == v[0] && prev == MW_OP_MOVE2;
            }
            prev = o;
        }
        CHECK(bin >= 60 && wide >= last_wide);
        CHECK(i == 0 ? wide == 0 : i < 4 ? wide > 0 && wide < bin : wide == bin);
        last_wide = wide;
    }
    close_inst(rt, m, inst);
}

// An i64.load32_u at a computed address (engine_wrapload.wat, format 73):
// the rows of its own after the address op (I64_LOAD32_U_X, _XR, _XM, and
// _XD, _XRD, _XMD where it loads into the address's slot), never LOAD32_U's,
// whose handlers write an i32's low word alone on a 32-bit target; an
// i64.load16_u is I64_LOAD16_U, unfused. Each returns the word at 0 or 8
// (the halfword at 0), zero-extended, though its slot's high word was all
// ones; the i32 loads keep LOAD32_U_XD and LOAD16_U_XD.
static void test_i64_load_rows(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_wrapload, sizeof(wasm_wrapload), 0, &rt, &m);
    static const struct {
        const char *name;
        int nargs;
        int64_t args[3];
        uint64_t want;
        uint32_t op;        // the row made (MW_FUSED_ARITH), and the plain load's
    } rows[] = {
        {"x32", 2, {-4, -1}, 0x9abcdef1u, MW_OP_I64_LOAD32_U_X},
        {"xr32", 3, {4, 4, -1}, 0xa5, MW_OP_I64_LOAD32_U_XR},
        {"xm32", 3, {4, 1, -1}, 0xa5, MW_OP_I64_LOAD32_U_XM},
        {"xd32", 1, {-4}, 0x9abcdef1u, MW_OP_I64_LOAD32_U_XD},
        {"xrd32", 2, {4, 4}, 0xa5, MW_OP_I64_LOAD32_U_XRD},
        {"xmd32", 2, {4, 1}, 0xa5, MW_OP_I64_LOAD32_U_XMD},
        {"ld16", 2, {0, -1}, 0xdef1, MW_OP_I64_LOAD16_U},
        {"xr16", 3, {1, 1, -1}, 0x9abc, MW_OP_I64_LOAD16_U},
        {"xd16", 1, {-4}, 0xdef1, MW_OP_I64_LOAD16_U},
        {"xd32i", 1, {-4}, 0x9abcdef1u, MW_OP_LOAD32_U_XD},
        {"xd16i", 1, {-4}, 0xdef1, MW_OP_LOAD16_U_XD},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        mw_val args[3], r[1] = {{0}};
        for (int j = 0; j < rows[i].nargs; j++) {
            args[j].i64 = (uint64_t)rows[i].args[j];
        }
        CHECK(mw_call(rt, exp_of(inst, rows[i].name).func, args, r, NULL) == MW_OK);
        bool i32 = rows[i].op == MW_OP_LOAD32_U_XD || rows[i].op == MW_OP_LOAD16_U_XD;
        CHECK((i32 ? r[0].i32 : r[0].i64) == rows[i].want);
        check_made(inst, rows[i].name, rows[i].op, 1, "i64 load");
        // none of LOAD32_U's or LOAD16_U's fused address rows takes an i64
        // load (but an i64.load16_u where I64_LOAD16_U is not made: LOAD16_U
        // writes the whole slot there)
        bool fuses = MW_FUSED_ARITH || rows[i].op != MW_OP_I64_LOAD16_U;
        uint32_t i32_rows[] = {MW_OP_LOAD32_U_X, MW_OP_LOAD32_U_XR, MW_OP_LOAD32_U_XM, MW_OP_LOAD32_U_XD,
                               MW_OP_LOAD32_U_XRD, MW_OP_LOAD32_U_XMD, MW_OP_LOAD16_U_X, MW_OP_LOAD16_U_XR,
                               MW_OP_LOAD16_U_XD};
        for (size_t k = 0; !i32 && fuses && k < sizeof(i32_rows) / sizeof(i32_rows[0]); k++) {
            CHECK(count_op(inst, rows[i].name, i32_rows[k]) == 0);
        }
    }
    close_inst(rt, m, inst);
}

// Narrow memory offsets (engine_narrow.wat, mw_int.h OFF16): each access at
// offset 65535 (MW_MAX_OFF16: the access itself, one unit) and 65536 (the
// wide fallback: its wide row, LOAD32_U_W .. STORE64_W and, full profile,
// MW_WIDE_OP_LIST's; the small profile's other widths MLOAD/MSTORE naming
// memory 0) reads and writes what the same access at offset 0 does at the
// address plus the offset, and what the bytes there hold (sign-extended or
// not, i64 results whole), up to the last bytes of memory, and traps one
// byte further; the lowered code holds the forms claimed.
#if MW_FUSED_ARITH
#define NARROW_W(load, store) (load)
#else
#define NARROW_W(load, store) (store)
#endif
// (an i64.load16_u is I64_LOAD16_U where the full profile makes that row)
#if MW_FUSED_ARITH
#define NARROW_I64_LOAD16_U (MW_FUSED_DROP(MW_OP_I64_LOAD16_U) ? MW_OP_LOAD16_U : MW_OP_I64_LOAD16_U)
#else
#define NARROW_I64_LOAD16_U MW_OP_LOAD16_U
#endif
typedef struct {
    const char *name;
    uint32_t width, sign, i64;      // i64: the result's halves xor-ed (engine_narrow.wat)
    uint32_t plain, wide;
} narrow_access;

// The value a load of `width` bytes at x returns in engine_narrow.wat after
// "fill" (byte i is i * 7 + 1)
static uint32_t narrow_expect(const narrow_access *a, uint32_t x) {
    uint64_t v = 0;
    for (uint32_t i = a->width; i-- > 0;) {
        v = v << 8 | (((x + i) * 7 + 1) & 0xffu);
    }
    uint32_t bits = 8 * a->width;
    if (a->sign && bits < 64 && (v >> (bits - 1) & 1)) {
        v |= ~(uint64_t)0 << bits;
    }
    return a->i64 ? (uint32_t)v ^ (uint32_t)(v >> 32) : (uint32_t)v;
}

static void test_narrow_offsets(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_narrow, sizeof(wasm_narrow), 0, &rt, &m);
    CHECK(call_i32(rt, inst, "fill", 0, NULL, NULL, NULL) == MW_OK);
    const uint32_t end = 131072;
    static const narrow_access loads[] = {
        {"ld8s", 1, 1, 0, MW_OP_LOAD8_S, NARROW_W(MW_OP_LOAD8_S_W, MW_OP_MLOAD)},
        {"ld8u", 1, 0, 0, MW_OP_LOAD8_U, NARROW_W(MW_OP_LOAD8_U_W, MW_OP_MLOAD)},
        {"ld16s", 2, 1, 0, MW_OP_LOAD16_S, NARROW_W(MW_OP_LOAD16_S_W, MW_OP_MLOAD)},
        {"ld16u", 2, 0, 0, MW_OP_LOAD16_U, NARROW_W(MW_OP_LOAD16_U_W, MW_OP_MLOAD)},
        {"ld32", 4, 0, 0, MW_OP_LOAD32_U, MW_OP_LOAD32_U_W},
        {"ld64", 8, 0, 1, MW_OP_LOAD64, MW_OP_LOAD64_W},
        {"x8s", 1, 1, 1, MW_OP_LOAD8_S, NARROW_W(MW_OP_LOAD8_S_W, MW_OP_MLOAD)},
        {"x8u", 1, 0, 1, MW_OP_I64_LOAD8_U, NARROW_W(MW_OP_LOAD8_U_W, MW_OP_MLOAD)},
        {"x16s", 2, 1, 1, MW_OP_LOAD16_S, NARROW_W(MW_OP_LOAD16_S_W, MW_OP_MLOAD)},
        {"x16u", 2, 0, 1, NARROW_I64_LOAD16_U, NARROW_W(MW_OP_LOAD16_U_W, MW_OP_MLOAD)},
        {"x32s", 4, 1, 1, MW_OP_LOAD32_S, NARROW_W(MW_OP_LOAD32_S_W, MW_OP_MLOAD)},
        {"x32u", 4, 0, 1, MW_OP_I64_LOAD32_U, MW_OP_LOAD32_U_W},
    };
    char name[16];
    for (size_t i = 0; i < sizeof(loads) / sizeof(loads[0]); i++) {
        const narrow_access *l = &loads[i];
        for (int wide = 0; wide < 2; wide++) {
            uint32_t off = wide ? 65536 : 65535;
            snprintf(name, sizeof(name), "%s_%c", l->name, wide ? 'w' : 'n');
            // (addresses 18 and 20 mod 256: bytes 127, 134, 141 ..., then
            // 141, 148 .. 190: the sign bit set in the last byte read, and in
            // every one)
            const uint32_t xs[] = {0, 1, 3, 18 - off % 256 + 256, 20 - off % 256 + 256, end - off - l->width};
            for (int j = 0; j < 6; j++) {
                uint32_t a[] = {xs[j]}, at[] = {xs[j] + off}, r = 0, want = 1;
                CHECK(call_i32(rt, inst, name, 1, a, &r, NULL) == MW_OK);
                CHECK(r == narrow_expect(l, xs[j] + off));
                snprintf(name + strlen(l->name), 4, "_0");
                CHECK(call_i32(rt, inst, name, 1, at, &want, NULL) == MW_OK && r == want);
                snprintf(name + strlen(l->name), 4, "_%c", wide ? 'w' : 'n');
            }
            uint32_t past[] = {end - off - l->width + 1}, far[] = {0xffffffffu};
            CHECK(call_i32(rt, inst, name, 1, past, NULL, NULL) == MW_TRAP_MEM_OOB);
            CHECK(call_i32(rt, inst, name, 1, far, NULL, NULL) == MW_TRAP_MEM_OOB);
            CHECK(count_op(inst, name, l->plain) == !wide && count_op(inst, name, l->wide) == wide);
        }
    }
    // some of the loads above sign-extend: bytes 0x80 and up read
    uint32_t neg[] = {18 - 65536 % 256 + 256 + 1}, r8 = 0;
    CHECK(call_i32(rt, inst, "ld8s_w", 1, neg, &r8, NULL) == MW_OK && r8 >= 0xffffff80u);
    // the fused forms: an address computed first, a loaded byte branched on
    uint32_t r = 0, want = 0;
    uint32_t x0[] = {10}, x0n[] = {10 + 4 + 65535}, x0w[] = {10 + 4 + 65536};
    CHECK(call_i32(rt, inst, "ldx_n", 1, x0, &r, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "ld32_0", 1, x0n, &want, NULL) == MW_OK && r == want);
    CHECK(call_i32(rt, inst, "ldx_w", 1, x0, &r, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "ld32_0", 1, x0w, &want, NULL) == MW_OK && r == want);
    uint32_t xl[] = {end - 65536 - 4 - 4}, xp[] = {end - 65536 - 4 - 4 + 1};
    CHECK(call_i32(rt, inst, "ldx_w", 1, xl, &r, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "ldx_w", 1, xp, &r, NULL) == MW_TRAP_MEM_OOB);
    CHECK(count_op(inst, "ldx_w", MW_OP_LOAD32_U_W) == 1 && count_op(inst, "ldx_w", MW_OP_LOAD32_U_X) == 0);
    CHECK(count_op(inst, "ldx_n", MW_OP_LOAD32_U) == 1 && count_op(inst, "ldx_n", MW_OP_MLOAD) == 0);
    // i64.load8_u: its own row, unfused, its high half 0 (byte i is i * 7 + 1);
    // i32.load8_u of the same address: LOAD8_U's rows
    for (uint32_t x = 0; x < 600; x += 37) {
        uint32_t ab[] = {x, 3}, want8 = ((x + 3) * 7 + 1) & 0xffu;
        CHECK(call_i32(rt, inst, "ld8u64x", 2, ab, &r, NULL) == MW_OK && r == want8 << 8);
        CHECK(call_i32(rt, inst, "ld8ux", 2, ab, &r, NULL) == MW_OK && r == want8);
    }
    CHECK(count_op(inst, "ld8u64x", MW_OP_I64_LOAD8_U) == 1 && count_op(inst, "ld8u64x", MW_OP_LOAD8_U) == 0
          && count_op(inst, "ld8u64x", MW_OP_LOAD8_U_XR) == 0 && count_op(inst, "ld8u64x", MW_OP_LOAD8_U_XRD) == 0);
    CHECK(count_op(inst, "ld8ux", MW_OP_I64_LOAD8_U) == 0);
    // i64.load32_u: its own row, a fused address op before it and nothing
    // after it, its high half 0 though its local held -1: (w << 8) + w + b
    // for the word w at a + b; i32.load of the same address: LOAD32_U's rows
    for (uint32_t x = 0; x < 600; x += 37) {
        uint32_t ab[] = {x, 3}, w = 0;
        for (uint32_t i = 0; i < 4; i++) {
            w |= (((x + 3 + i) * 7 + 1) & 0xffu) << (8 * i);
        }
        CHECK(call_i32(rt, inst, "ld32u64x", 2, ab, &r, NULL) == MW_OK && r == (w << 8) + w + 3);
        CHECK(call_i32(rt, inst, "ld32ux", 2, ab, &r, NULL) == MW_OK && r == w);
    }
    CHECK(count_op(inst, "ld32u64x", MW_OP_I64_LOAD32_U) == 1 && count_op(inst, "ld32u64x", MW_OP_LOAD32_U) == 0
          && count_op(inst, "ld32u64x", MW_OP_I64_LOAD32_U_XR) + count_op(inst, "ld32u64x", MW_OP_I64_LOAD32_U_XRD)
                 == MW_FUSED_ARITH
          && count_op(inst, "ld32u64x", MW_OP_LOAD32_U_XR) + count_op(inst, "ld32u64x", MW_OP_LOAD32_U_XRD) == 0
          && count_op(inst, "ld32u64x", MW_OP_LOAD32_U_I32_ADD) == 0);
    CHECK(count_op(inst, "ld32ux", MW_OP_I64_LOAD32_U) == 0);
    // byte i is i * 7 + 1: 8 at i = 1 (and every 256 further: 1 + 256k)
    uint32_t b1n[] = {1 + 256 - 65535 % 256}, b1w[] = {1}, b2w[] = {2}, bl[] = {end - 65536 - 1}, bp[] = {end - 65536};
    CHECK(call_i32(rt, inst, "ldbr_n", 1, b1n, &r, NULL) == MW_OK && r == 1);
    CHECK(call_i32(rt, inst, "ldbr_w", 1, b1w, &r, NULL) == MW_OK && r == 1);
    CHECK(call_i32(rt, inst, "ldbr_w", 1, b2w, &r, NULL) == MW_OK && r == 2);
    CHECK(call_i32(rt, inst, "ldbr_w", 1, bl, &r, NULL) == MW_OK && r == 2);
    CHECK(call_i32(rt, inst, "ldbr_w", 1, bp, &r, NULL) == MW_TRAP_MEM_OOB);
    CHECK(count_op(inst, "ldbr_n", MW_OP_LOAD8_U_BR_EQ_IMM) == MW_FUSED_MEM);
    CHECK(count_op(inst, "ldbr_w", NARROW_W(MW_OP_LOAD8_U_W, MW_OP_MLOAD)) == 1);
    // stores: written where the load at offset 0 finds them, the bytes after
    // them kept; the last bytes, then a trap
    static const narrow_access stores[] = {
        {"st8", 1, 0, 0, MW_OP_STORE8, NARROW_W(MW_OP_STORE8_W, MW_OP_MSTORE)},
        {"st16", 2, 0, 0, MW_OP_STORE16, NARROW_W(MW_OP_STORE16_W, MW_OP_MSTORE)},
        {"st32", 4, 0, 0, MW_OP_STORE32, MW_OP_STORE32_W},
        {"st64", 8, 0, 0, MW_OP_STORE64, MW_OP_STORE64_W},
        {"stk32", 4, 0, 0, MW_OP_STORE32_K, MW_OP_STORE32_W},
        {"stk64", 8, 0, 0, MW_OP_STORE64_K, MW_OP_STORE64_W},
        {"sx8", 1, 0, 0, MW_OP_STORE8, NARROW_W(MW_OP_STORE8_W, MW_OP_MSTORE)},
        {"sx16", 2, 0, 0, MW_OP_STORE16, NARROW_W(MW_OP_STORE16_W, MW_OP_MSTORE)},
        {"sx32", 4, 0, 0, MW_OP_STORE32, MW_OP_STORE32_W},
    };
    for (size_t i = 0; i < sizeof(stores) / sizeof(stores[0]); i++) {
        const narrow_access *st = &stores[i];
        bool k32 = st->plain == MW_OP_STORE32_K, k64 = st->plain == MW_OP_STORE64_K;
        for (int wide = 0; wide < 2; wide++) {
            uint32_t off = wide ? 65536 : 65535;
            snprintf(name, sizeof(name), "%s_%c", st->name, wide ? 'w' : 'n');
            const uint32_t xs[] = {5, end - off - st->width};
            for (int j = 0; j < 2; j++) {
                uint32_t v = 0x81234567u + (uint32_t)(i * 2 + wide);
                uint32_t a[] = {xs[j], v}, at[] = {xs[j] + off}, lo = 0, hi = 0;
                uint32_t after[] = {xs[j] + off + st->width}, next = 0, next_was = 0;
                bool tail = st->width < 4 && after[0] < end;    // the byte after a narrow store
                CHECK(!tail || call_i32(rt, inst, "ld8u_0", 1, after, &next_was, NULL) == MW_OK);
                CHECK(call_i32(rt, inst, name, 2, a, NULL, NULL) == MW_OK);
                const char *ld = st->width == 1 ? "ld8u_0" : st->width == 2 ? "ld16u_0" : "ld32_0";
                CHECK(call_i32(rt, inst, ld, 1, at, &lo, NULL) == MW_OK);
                uint32_t want_lo = k32 ? 0x5a5aa5a5u : k64 ? 0xfffffffdu : v;
                CHECK(lo == (st->width < 4 ? want_lo & ((1u << (8 * st->width)) - 1) : want_lo));
                CHECK(!tail || (call_i32(rt, inst, "ld8u_0", 1, after, &next, NULL) == MW_OK && next == next_was));
                if (st->width == 8) {
                    uint32_t at4[] = {xs[j] + off + 4};
                    CHECK(call_i32(rt, inst, "ld32_0", 1, at4, &hi, NULL) == MW_OK && hi == 0xffffffffu);
                }
            }
            uint32_t past[] = {end - off - st->width + 1, 0};
            CHECK(call_i32(rt, inst, name, 2, past, NULL, NULL) == MW_TRAP_MEM_OOB);
            CHECK(count_op(inst, name, st->plain) == !wide && count_op(inst, name, st->wide) == wide);
        }
    }
    uint32_t z[] = {0};
    CHECK(call_i32(rt, inst, "ld8s_max", 1, z, NULL, NULL) == MW_TRAP_MEM_OOB);
    close_inst(rt, m, inst);
}

// The 16-bit twins (format 41, engine_immh.wat): each function's op with a
// constant that fits, as lowering narrows it (lower_narrow.c narrow_imm,
// MW_NARROW_IMM) or, where it does not (the small profile), narrowed here by
// hand: its U32 becomes one unit (an i32.sub's negated) and the code after it
// moves up one (the functions have no branch back over it, so relative
// targets hold). Against C over edge values, through the twins' handlers or
// the small profile's one cold handler (exec.c immh_op).
static int narrow_by_hand(mw_instance *inst, const char *name) {
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, name).func->u.wasm.def;
    static const uint8_t rows[10] = {1, 1, 2, 0, 0, 0, 0, 3, 4, 5};    // as lower_narrow.c immh_twin
    for (uint32_t k = 0; k < d->code_len; k = op_end(d, k)) {
        mw_code_unit *c = d->code + k;
        uint32_t i = c[0] - MW_OP_I32_ADD_IMM, j = c[0] - MW_OP_BR_EQ_IMM, v = mw_code_u32(c + 2);
        uint32_t twin = i < 10 && rows[i] ? (uint32_t)MW_OP_I32_ADD_IMMH + rows[i] - 1
                      : j < MW_IMMH_N_BR ? (uint32_t)MW_OP_BR_EQ_IMMH + j : 0;
        if (twin == 0) {
            continue;
        }
        c[0] = (mw_code_unit)twin;
        c[2] = (mw_code_unit)(i == 1 ? 0u - v : v);
        memmove(c + 3, c + 4, (d->code_len - k - 4) * sizeof(mw_code_unit));
        d->code_len--;
        return 1;
    }
    return 0;
}

// Every compare row, the i64 add .. shr_u, the divisions and remainders (or
// their traps), the bit counts, the integer extensions and f32 rounding, min
// and max (engine_compares.wat) against C over edge values:
// the small profile runs each family in one handler by row (exec.c
// MW_COMPACT_EXEC), and f32 rounding, min and max through the f64 code,
// which must give the f32 routines' bits (a NaN's payload and quiet bit too).
static mw_val cmp_call(mw_runtime *rt, mw_instance *inst, const char *name, uint64_t a, uint64_t b) {
    mw_val args[2], r[1];
    args[0].i64 = a;
    args[1].i64 = b;
    r[0].i64 = 0xdeadbeefdeadbeefull;
    CHECK(mw_call(rt, exp_of(inst, name).func, args, r, NULL) == MW_OK);
    return r[0];
}

static uint32_t int_want(int k, uint64_t a, uint64_t b) {
    int64_t sa = (int64_t)a, sb = (int64_t)b;
    switch (k) {
        case 0: return a == b;
        case 1: return a != b;
        case 2: return sa < sb;
        case 3: return a < b;
        case 4: return sa > sb;
        case 5: return a > b;
        case 6: return sa <= sb;
        case 7: return a <= b;
        case 8: return sa >= sb;
        default: return a >= b;
    }
}

static uint32_t float_want(int k, double a, double b) {
    switch (k) {
        case 0: return a == b;
        case 1: return a != b;
        case 2: return a < b;
        case 3: return a > b;
        case 4: return a <= b;
        default: return a >= b;
    }
}

static void test_compares(void) {
    static const char *const ic[] = {"eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"};
    static const char *const fc[] = {"eq", "ne", "lt", "gt", "le", "ge"};
    static const uint64_t xs[] = {0, 1, 5, 7, 0xfffffffbu, 0x7fffffffu, 0x80000000u, 0xffffffffu, 0x100000000ull,
        0x7fffffffffffffffull, 0x8000000000000000ull, 0xfffffffffffffffbull, ~0ull, 0x123456789abcdef0ull};
    const int nx = (int)(sizeof(xs) / sizeof(xs[0]));
    // f32 and f64 bits: +-0, +-1, +-inf, a quiet and a signaling NaN of each
    // sign, the smallest subnormal, 2.5, -2.5, 1e30
    static const uint32_t f32s[] = {0, 0x80000000u, 0x3f800000u, 0xbf800000u, 0x7f800000u, 0xff800000u,
        0x7fc00000u, 0xffc00001u, 0x7f800001u, 0xffa00000u, 1, 0x40200000u, 0xc0200000u, 0x7149f2cau};
    static const uint64_t f64s[] = {0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff0000000000000ull,
        0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull, 0xfff8000000000001ull,
        0x7ff0000000000001ull, 1, 0x4004000000000000ull, 0xc004000000000000ull};
    const int nf32 = (int)(sizeof(f32s) / sizeof(f32s[0])), nf64 = (int)(sizeof(f64s) / sizeof(f64s[0]));
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_compares, sizeof(wasm_compares), 0, &rt, &m);
    char name[32];
    int bad = 0;
    for (int k = 0; k < 10; k++) {
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < nx; j++) {
                uint64_t a = xs[i], b = xs[j];
                uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b;
                snprintf(name, sizeof(name), "i64_%s", ic[k]);
                bad += cmp_call(rt, inst, name, a, b).i64 != int_want(k, a, b);
                snprintf(name, sizeof(name), "i32_%s", ic[k]);
                bad += cmp_call(rt, inst, name, a, b).i64 != int_want(k, (uint64_t)a32 << 32, (uint64_t)b32 << 32);
            }
            uint32_t a32 = (uint32_t)xs[i];
            snprintf(name, sizeof(name), "i32_%s_k0", ic[k]);
            bad += cmp_call(rt, inst, name, a32, 0).i32 != int_want(k, (uint64_t)a32 << 32, (uint64_t)0xfffffffbu << 32);
            snprintf(name, sizeof(name), "i32_%s_k1", ic[k]);
            bad += cmp_call(rt, inst, name, a32, 0).i32 != int_want(k, (uint64_t)a32 << 32, (uint64_t)7 << 32);
        }
    }
    for (int k = 0; k < 6; k++) {
        for (int i = 0; i < nf32; i++) {
            for (int j = 0; j < nf32; j++) {
                snprintf(name, sizeof(name), "f32_%s", fc[k]);
                bad += cmp_call(rt, inst, name, f32s[i], f32s[j]).i64
                    != float_want(k, mw_f32_from(f32s[i]), mw_f32_from(f32s[j]));
            }
        }
        for (int i = 0; i < nf64; i++) {
            for (int j = 0; j < nf64; j++) {
                snprintf(name, sizeof(name), "f64_%s", fc[k]);
                bad += cmp_call(rt, inst, name, f64s[i], f64s[j]).i64
                    != float_want(k, mw_f64_from(f64s[i]), mw_f64_from(f64s[j]));
            }
        }
    }
    static const char *const bo[] = {"add", "sub", "mul", "and", "or", "xor", "shl", "shr_s", "shr_u"};
    for (int k = 0; k < 9; k++) {
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < nx; j++) {
                uint64_t a = xs[i], b = xs[j], want;
                switch (k) {
                    case 0: want = a + b; break;
                    case 1: want = a - b; break;
                    case 2: want = a * b; break;
                    case 3: want = a & b; break;
                    case 4: want = a | b; break;
                    case 5: want = a ^ b; break;
                    case 6: want = a << (b & 63); break;
                    case 7: want = (uint64_t)((int64_t)a >> (b & 63)); break;
                    default: want = a >> (b & 63); break;
                }
                snprintf(name, sizeof(name), "i64_%s", bo[k]);
                bad += cmp_call(rt, inst, name, a, b).i64 != want;
            }
        }
    }
    // the i32 ops with a slot or a constant (-7, 35) as b, and 7 - a
    static const char *const io[] = {"sub", "mul", "and", "or", "xor", "shl", "shr_s", "shr_u", "rotl", "rotr"};
    for (int k = 0; k < 10; k++) {
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < nx + 2; j++) {
                uint32_t a = (uint32_t)xs[i], b = j < nx ? (uint32_t)xs[j] : j == nx ? (uint32_t)-7 : 35, s = b & 31, want;
                switch (k) {
                    case 0: want = a - b; break;
                    case 1: want = a * b; break;
                    case 2: want = a & b; break;
                    case 3: want = a | b; break;
                    case 4: want = a ^ b; break;
                    case 5: want = a << s; break;
                    case 6: want = (uint32_t)((int32_t)a >> s); break;
                    case 7: want = a >> s; break;
                    case 8: want = s ? a << s | a >> (32 - s) : a; break;
                    default: want = s ? a >> s | a << (32 - s) : a; break;
                }
                if (j < nx) {
                    snprintf(name, sizeof(name), "i32_%s", io[k]);
                    bad += cmp_call(rt, inst, name, a, b).i32 != want;
                } else {
                    snprintf(name, sizeof(name), "i32_%s_k%d", io[k], j - nx);
                    bad += cmp_call(rt, inst, name, a, 0).i32 != want;
                }
            }
        }
    }
    for (int i = 0; i < nx; i++) {
        bad += cmp_call(rt, inst, "i32_rsub_k0", xs[i], 0).i32 != (uint32_t)-7 - (uint32_t)xs[i];
    }
    // the divisions and remainders: the value, or the trap
    static const char *const dv[] = {"div_s", "div_u", "rem_s", "rem_u"};
    for (int k = 0; k < 8; k++) {
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < nx; j++) {
                bool w = k >= 4;
                uint64_t a = w ? xs[i] : (uint32_t)xs[i], b = w ? xs[j] : (uint32_t)xs[j], want = 0;
                int64_t sa = w ? (int64_t)a : (int32_t)a, sb = w ? (int64_t)b : (int32_t)b;
                mw_status st = MW_OK;
                if (b == 0) {
                    st = MW_TRAP_DIV_ZERO;
                } else if (k % 4 == 0 && sb == -1 && sa == (w ? INT64_MIN : INT32_MIN)) {
                    st = MW_TRAP_INT_OVERFLOW;
                } else {
                    switch (k % 4) {
                        case 0: want = (uint64_t)(sa / sb); break;
                        case 1: want = a / b; break;
                        case 2: want = sb == -1 ? 0 : (uint64_t)(sa % sb); break;
                        default: want = a % b; break;
                    }
                    want = w ? want : (uint32_t)want;
                }
                mw_val args[2], r[1];
                args[0].i64 = a;
                args[1].i64 = b;
                r[0].i64 = 0;
                snprintf(name, sizeof(name), "%s_%s", w ? "i64" : "i32", dv[k % 4]);
                mw_status got = mw_call(rt, exp_of(inst, name).func, args, r, NULL);
                bad += got != st || (st == MW_OK && (w ? r[0].i64 : r[0].i32) != want);
            }
        }
    }
    for (int i = 0; i < nx; i++) {
        uint64_t a = xs[i];
        uint32_t a32 = (uint32_t)a;
        bad += cmp_call(rt, inst, "i32_clz", a32, 0).i32 != (a32 ? (uint32_t)__builtin_clz(a32) : 32);
        bad += cmp_call(rt, inst, "i32_ctz", a32, 0).i32 != (a32 ? (uint32_t)__builtin_ctz(a32) : 32);
        bad += cmp_call(rt, inst, "i32_popcnt", a32, 0).i32 != (uint32_t)__builtin_popcount(a32);
        bad += cmp_call(rt, inst, "i64_clz", a, 0).i64 != (a ? (uint64_t)__builtin_clzll(a) : 64);
        bad += cmp_call(rt, inst, "i64_ctz", a, 0).i64 != (a ? (uint64_t)__builtin_ctzll(a) : 64);
        bad += cmp_call(rt, inst, "i64_popcnt", a, 0).i64 != (uint64_t)__builtin_popcountll(a);
        bad += cmp_call(rt, inst, "i32_extend8_s", a32, 0).i32 != (uint32_t)(int32_t)(int8_t)a32;
        bad += cmp_call(rt, inst, "i32_extend16_s", a32, 0).i32 != (uint32_t)(int32_t)(int16_t)a32;
        bad += cmp_call(rt, inst, "i64_extend8_s", a, 0).i64 != (uint64_t)(int64_t)(int8_t)a;
        bad += cmp_call(rt, inst, "i64_extend16_s", a, 0).i64 != (uint64_t)(int64_t)(int16_t)a;
        bad += cmp_call(rt, inst, "i64_extend32_s", a, 0).i64 != (uint64_t)(int64_t)(int32_t)a;
        bad += cmp_call(rt, inst, "i64_extend_i32_s", a32, 0).i64 != (uint64_t)(int64_t)(int32_t)a32;
        bad += cmp_call(rt, inst, "i64_extend_i32_u", a32, 0).i64 != a32;
    }
    // f32 rounding, min and max, bit for bit against numeric.h's f32 code,
    // over the values above and fractions around 0.5 and 2^23
    static const uint32_t more[] = {0x3f000000u, 0xbf000000u, 0x3fc00000u, 0x40100000u, 0x4b000001u, 0xcafffffeu,
        0x3effffffu, 0x3f000001u};
    for (int i = 0; i < nf32 + 8; i++) {
        uint32_t u = i < nf32 ? f32s[i] : more[i - nf32];
        float x = mw_f32_from(u);
        bad += cmp_call(rt, inst, "f32_ceil", u, 0).i32 != mw_f32_bits(mw_f32_ceil(x));
        bad += cmp_call(rt, inst, "f32_floor", u, 0).i32 != mw_f32_bits(mw_f32_floor(x));
        bad += cmp_call(rt, inst, "f32_trunc", u, 0).i32 != mw_f32_bits(mw_f32_trunc(x));
        bad += cmp_call(rt, inst, "f32_nearest", u, 0).i32 != mw_f32_bits(mw_f32_nearest(x));
        for (int j = 0; j < nf32; j++) {
            float y = mw_f32_from(f32s[j]);
            bad += cmp_call(rt, inst, "f32_min", u, f32s[j]).i32 != mw_f32_bits(mw_f32_min(x, y));
            bad += cmp_call(rt, inst, "f32_max", u, f32s[j]).i32 != mw_f32_bits(mw_f32_max(x, y));
        }
    }
    if (bad != 0) {
        printf("  compares: %d wrong results\n", bad);
    }
    CHECK(bad == 0);
    close_inst(rt, m, inst);
}

// f32.convert_i64_s and _u, rounded to nearest with ties to even, against
// the host's C conversion: the engine's own (numeric.c, MW_U64_F32_BY_U32:
// wasm.mpy on a Cortex-M with an FPU; tests/host/test_engine_unit.py's small
// build turns it on) keeps the bits shifted out as a sticky bit. Ties above
// 2^24 going down and up, one above a tie, each power of two's edges, and a
// run of pseudo-random values of every width.
static void test_convert_i64_f32(void) {
    static const uint64_t xs[] = {0, 1, 0xffffffu, 0x1000001u, 0xffffffffu, 0x100000000ull, 0x100000001ull,
        0x1000001ull << 40, 0x1000003ull << 40, (0x1000001ull << 39) + 1, 0x8000008000000000ull,
        0x8000008000000001ull, 0x8000018000000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
        0xffffff7fffffffffull, 0xffffff8000000000ull, ~0ull, 0x123456789abcdef0ull, 0xfffffffffffffffbull};
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_compares, sizeof(wasm_compares), 0, &rt, &m);
    int bad = 0;
    uint64_t r = 0x9e3779b97f4a7c15ull;
    for (int i = 0; i < 2000; i++) {
        uint64_t a;
        if (i < (int)(sizeof(xs) / sizeof(xs[0]))) {
            a = xs[i];
        } else {
            r ^= r << 13, r ^= r >> 7, r ^= r << 17;    // xorshift64, then a width from 1 to 64 bits
            a = r >> (i % 64);
        }
        bad += cmp_call(rt, inst, "f32_convert_i64_u", a, 0).i32 != mw_f32_bits((float)a);
        bad += cmp_call(rt, inst, "f32_convert_i64_s", a, 0).i32 != mw_f32_bits((float)(int64_t)a);
        bad += mw_f32_bits(mw_u64_to_f32(a)) != mw_f32_bits((float)a);
        bad += mw_f32_bits(mw_i64_to_f32(a)) != mw_f32_bits((float)(int64_t)a);
    }
    if (bad != 0) {
        printf("  convert_i64_f32: %d wrong results\n", bad);
    }
    CHECK(bad == 0);
    close_inst(rt, m, inst);
}

static void test_immh(void) {
    if (!MW_ALL_OPS) {
        return;     // no twins made or run: refused (test_not_in_set)
    }
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_immh, sizeof(wasm_immh), 0, &rt, &m);
    static const char *const ar[] = {"add", "sub", "mul", "and", "or", "xor"};
    static const char *const br[] = {"eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u",
                                     "andnz", "andz"};
    static const int32_t ks[] = {-32768, -1, 5, 32767};
    static const uint32_t xs[] = {0, 1, 4, 5, 6, 0x7fffu, 0x8000u, 0xffffu, 0x7fffffffu, 0x80000000u,
                                  0xffff7fffu, 0xffff8000u, 0xfffffffeu, 0xffffffffu};
    for (int op = 0; op < 18; op++) {
        for (int ki = 0; ki < 4; ki++) {
            char name[16];
            snprintf(name, sizeof(name), "%s_%s%d", op < 6 ? "a" : "b", op < 6 ? ar[op] : br[op - 6], ki);
            uint32_t twin = op < 6 ? MW_OP_I32_ADD_IMMH + (op == 0 ? 0 : op - 1) : MW_OP_BR_EQ_IMMH + (op - 6);
            if (!MW_NARROW_IMM) {
                CHECK(narrow_by_hand(inst, name) == 1);
            }
            CHECK(count_op(inst, name, twin) == 1);
            mw_detail det;
            uint32_t at = 0;
            CHECK(mw_code_check(rt, m, exp_of(inst, name).func->u.wasm.def, &det, &at) == MW_OK);
            uint32_t k = (uint32_t)ks[ki];
            for (size_t xi = 0; xi < sizeof(xs) / sizeof(xs[0]); xi++) {
                uint32_t x = xs[xi], r = 0, want;
                int32_t sx = (int32_t)x, sk = ks[ki];
                bool t;
                switch (op) {
                    case 0: case 1: want = x + k; break;     // sub: of -K
                    case 2: want = x * k; break;
                    case 3: want = x & k; break;
                    case 4: want = x | k; break;
                    case 5: want = x ^ k; break;
                    default:
                        switch (op - 6) {
                            case 0: t = x == k; break;
                            case 1: t = x != k; break;
                            case 2: t = sx < sk; break;
                            case 3: t = x < k; break;
                            case 4: t = sx > sk; break;
                            case 5: t = x > k; break;
                            case 6: t = sx <= sk; break;
                            case 7: t = x <= k; break;
                            case 8: t = sx >= sk; break;
                            case 9: t = x >= k; break;
                            case 10: t = (x & k) != 0; break;
                            default: t = (x & k) == 0; break;
                        }
                        want = t ? 1 : 2;
                        break;
                }
                CHECK(call_i32(rt, inst, name, 1, &x, &r, NULL) == MW_OK && r == want);
            }
        }
    }
    close_inst(rt, m, inst);
}

// One-unit constants (engine_narrow.wat, mw_int.h I16): a constant put in a
// slot is CONST16 up to the limits of 16 bits signed and CONST32 past them,
// with the same value either way (an f32's bits too); shift and rotate
// counts (taken mod 32) and I32_ADD_MUL's multiplier read from one unit.
static void test_narrow_consts(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_narrow, sizeof(wasm_narrow), 0, &rt, &m);
    uint32_t one[] = {1, 0}, zero[] = {0, 0}, r = 0;
    CHECK(call_i32(rt, inst, "k_n", 2, one, &r, NULL) == MW_OK && r == 32767);
    CHECK(call_i32(rt, inst, "k_n", 2, zero, &r, NULL) == MW_OK && r == 0xffff8000u);
    CHECK(call_i32(rt, inst, "k_w", 2, one, &r, NULL) == MW_OK && r == 32768);
    CHECK(call_i32(rt, inst, "k_w", 2, zero, &r, NULL) == MW_OK && r == 0xffff7fffu);
    CHECK(call_i32(rt, inst, "kf", 2, one, &r, NULL) == MW_OK && r == 0);
    CHECK(call_i32(rt, inst, "kf", 2, zero, &r, NULL) == MW_OK && r == 0xbfc00000u);
    // (the two CONST16 one after the other: the first CONST16_CONST16 in the full profile)
    CHECK(count_op(inst, "k_n", MW_OP_CONST16) + count_op(inst, "k_n", MW_OP_CONST16_CONST16) == 2
          && count_op(inst, "k_n", MW_OP_CONST32) == 0);
    CHECK(count_op(inst, "k_w", MW_OP_CONST16) == 0 && count_op(inst, "k_w", MW_OP_CONST32) == 2);
    // (the CONST16 right before the select: CONST16_SELECT in the full profile)
    CHECK(count_op(inst, "kf", MW_OP_CONST16) + count_op(inst, "kf", MW_OP_CONST16_SELECT) == 1
          && count_op(inst, "kf", MW_OP_CONST32) == 1);
    static const uint32_t xs[] = {0, 1, 0x12345678u, 0x80000001u, 0xffffffffu};
    for (int i = 0; i < 5; i++) {
        uint32_t x = xs[i], a[] = {x, 0x9abcdef1u};
        CHECK(call_i32(rt, inst, "shl31", 2, a, &r, NULL) == MW_OK && r == x << 31);
        CHECK(call_i32(rt, inst, "shrs17", 2, a, &r, NULL) == MW_OK && r == (uint32_t)((int32_t)x >> 17));
        CHECK(call_i32(rt, inst, "rotr33", 2, a, &r, NULL) == MW_OK && r == ((x >> 1) | (x << 31)));
        CHECK(call_i32(rt, inst, "addshl3", 2, a, &r, NULL) == MW_OK && r == x + 0x9abcdef1u * 8);
    }
    CHECK(count_op(inst, "addshl3", MW_OP_I32_ADD_MUL) == 1 && count_op(inst, "rotr33", MW_OP_I32_ROTR_IMM) == 1);
    close_inst(rt, m, inst);
}

// A constant left operand (engine_constleft.wat): OP(0x80000001, x) for every
// commutative op and comparison and i32.sub, at the signed and unsigned
// boundaries, against C; each function's code holds no CONST32 (the
// constant is the op's immediate, I32_RSUB_IMM for the sub); a mirrored
// comparison fused with br_if at its boundary (5 < x).
static void test_const_left(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_constleft, sizeof(wasm_constleft), 0, &rt, &m);
    static const char *const names[] = {"sub", "add", "mul", "and", "or", "xor", "eq", "ne",
                                        "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"};
    static const uint32_t xs[] = {0, 1, 5, 0x7fffffffu, 0x80000000u, 0x80000001u, 0x80000002u, 0xffffffffu};
    const uint32_t k = 0x80000001u;
    const int32_t ks = (int32_t)k;
    for (int i = 0; i < 16; i++) {
        for (int j = 0; j < 8; j++) {
            uint32_t x = xs[j], r = 0, want;
            int32_t xs_ = (int32_t)x;
            switch (i) {
                case 0: want = k - x; break;
                case 1: want = k + x; break;
                case 2: want = k * x; break;
                case 3: want = k & x; break;
                case 4: want = k | x; break;
                case 5: want = k ^ x; break;
                case 6: want = k == x; break;
                case 7: want = k != x; break;
                case 8: want = ks < xs_; break;
                case 9: want = k < x; break;
                case 10: want = ks > xs_; break;
                case 11: want = k > x; break;
                case 12: want = ks <= xs_; break;
                case 13: want = k <= x; break;
                case 14: want = ks >= xs_; break;
                default: want = k >= x; break;
            }
            CHECK(call_i32(rt, inst, names[i], 1, &x, &r, NULL) == MW_OK && r == want);
        }
        CHECK(count_op(inst, names[i], MW_OP_CONST32) == 0);
    }
    CHECK(count_op(inst, "sub", MW_OP_I32_RSUB_IMM) == 1);
    uint32_t a5[] = {5}, a6[] = {6}, am[] = {0x80000000u}, r = 0;
    CHECK(call_i32(rt, inst, "br_lt_s", 1, a5, &r, NULL) == MW_OK && r == 2);
    CHECK(call_i32(rt, inst, "br_lt_s", 1, a6, &r, NULL) == MW_OK && r == 1);
    CHECK(call_i32(rt, inst, "br_lt_s", 1, am, &r, NULL) == MW_OK && r == 2);
    CHECK(count_op(inst, "br_lt_s", MW_NARROW_IMM ? MW_OP_BR_GT_S_IMMH : MW_OP_BR_GT_S_IMM) == 1);    // 5 fits 16 bits
    close_inst(rt, m, inst);
}

// Two moves in a row (engine_moves.wat) are one MOVE2, in order: a chain
// (the second reads what the first wrote) and a swap written as two sets;
// a loop's head between them keeps two COPYs.
static void test_move2(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_moves, sizeof(wasm_moves), 0, &rt, &m);
    uint32_t x[] = {7}, ab[] = {3, 4}, r = 0;
    CHECK(call_i32(rt, inst, "chain", 1, x, &r, NULL) == MW_OK && r == 7007);
    CHECK(call_i32(rt, inst, "swap", 2, ab, &r, NULL) == MW_OK && r == 4004);
    CHECK(call_i32(rt, inst, "labelled", 1, x, &r, NULL) == MW_OK && r == 7007);
    CHECK(count_op(inst, "chain", MW_OP_MOVE2) == 1 && count_op(inst, "chain", MW_OP_COPY) == 0);
    CHECK(count_op(inst, "swap", MW_OP_MOVE2) == 1 && count_op(inst, "swap", MW_OP_COPY) == 0);
    CHECK(count_op(inst, "labelled", MW_OP_MOVE2) == 0 && count_op(inst, "labelled", MW_OP_COPY) == 2);
    close_inst(rt, m, inst);
}

// Instruction `op` with immediates v (in its layout's order, a slot pair's
// two slots apart, as mw_code_imms gives them) written at c; its units.
static uint32_t put_op(mw_code_unit *c, uint32_t op, const uint32_t *v) {
    const uint8_t *kinds = op_kinds(op);
    uint32_t n = 0;
    c[n++] = (mw_code_unit)op;
    for (int i = 0; i < MW_MAX_IMMS && kinds[i] != MW_K_NONE; i++) {
        if (kinds[i] == MW_K_SLOT8) {
            c[n++] = (mw_code_unit)(v[i] | v[i + 1] << 8);
        } else if (kinds[i] == MW_K_U32 || kinds[i] == MW_K_IDX) {
            mw_code_put_u32(c + n, v[i]);
            n += 2;
        } else if (kinds[i] != MW_K_SLOT8H) {
            c[n++] = (mw_code_unit)v[i];
        }
    }
    return n;
}

// `op` with the immediates v put by hand as the first op of d (the rest of
// its code RETURN0), then the image code check: its status, detail and unit.
static mw_status check_op_alone(mw_runtime *rt, mw_module *m, mw_funcdef *d, uint32_t op, const uint32_t *v,
    mw_detail *det, uint32_t *at) {
    uint32_t end = put_op(d->code, op, v);
    for (uint32_t u = end; u < d->code_len; u++) {
        d->code[u] = MW_OP_RETURN0;
    }
    *det = MW_D_NONE;
    *at = 99;
    return mw_code_check(rt, m, d, det, at);
}

// Each full-profile fused arithmetic op first..last alone (check_op_alone):
// checked where the build has MW_FUSED_ARITH, else refused as an op it does
// not know (MW_ALL_OPS) or has no handler for (the small profile).
static void check_fused_arith_alone(mw_runtime *rt, mw_module *m, mw_funcdef *d, uint32_t first, uint32_t last,
    const uint32_t *v) {
    for (uint32_t op = first; op <= last; op++) {
        mw_detail det;
        uint32_t at;
        mw_status st = check_op_alone(rt, m, d, op, v, &det, &at);
        #if MW_ALL_OPS
        CHECK(MW_FUSED_ARITH ? st == MW_OK : st == MW_ERR_INVALID && det == MW_D_CODE_OP && at == 0);
        #else
        CHECK(st == MW_ERR_INVALID && det == MW_D_CODE_NOT_IN_SET && at == 0);
        #endif
    }
}

// Instructions at [k, end) of `d` rewritten by hand into one fused `op` (put_op
// with immediates f) and a JMP to `end`, RETURN0s after it so code walks still
// see whole ops: how the small profile, which makes no fused op, runs one in
// its cold handler. Returns where the JMP is.
static uint32_t rewrite_fused(mw_funcdef *d, uint32_t k, uint32_t end, uint32_t op, const uint32_t *f) {
    uint32_t at = k + put_op(d->code + k, op, f);
    d->code[at] = MW_OP_JMP;
    d->code[at + 1] = (mw_code_unit)(end - (at + 1));     // relative to its unit
    CHECK(at + 1 + MW_W_TARGET <= end);
    for (uint32_t u = at + 1 + MW_W_TARGET; u < end; u++) {
        d->code[u] = MW_OP_RETURN0;    // jumped over; walks see whole ops
    }
    return at;
}

// The two instructions at i .. end of straight-line code replaced by `op`
// with immediates v; the code after them moves up, its old last units made
// RETURN0s (never reached). Where the walk goes on.
static uint32_t splice_op(mw_funcdef *d, uint32_t i, uint32_t end, uint32_t op, const uint32_t *v) {
    uint32_t at = i + put_op(d->code + i, op, v);
    memmove(d->code + at, d->code + end, (d->code_len - end) * sizeof(mw_code_unit));
    for (uint32_t k = d->code_len - (end - at); k < d->code_len; k++) {
        d->code[k] = MW_OP_RETURN0;
    }
    return at;
}

// The small profile's lowering (MW_FUSED_ARITH=0) leaves a multiply and the
// add after it apart, but runs the fused op (an image may hold it): make the
// multiply `mul` "t x y" and the `add` "d t c" / "d c t" after it the fused
// op "d x y c" by hand (splice_op: these functions have no branches).
static int mul_fuse_by_hand(mw_instance *inst, const char *name, uint32_t mul, uint32_t add, uint32_t fused) {
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, name).func->u.wasm.def;
    int n = 0;
    for (uint32_t i = 0; i < d->code_len;) {
        uint32_t o = d->code[i], next = op_end(d, i), v[MW_MAX_IMMS], w[MW_MAX_IMMS];
        if (o == mul && next < d->code_len && d->code[next] == add) {
            mw_code_imms(d->code + i, v);
            mw_code_imms(d->code + next, w);
            if (w[1] == v[0] || w[2] == v[0]) {
                uint32_t f[MW_MAX_IMMS] = {w[0], v[1], v[2], w[1] == v[0] ? w[2] : w[1], 0};
                next = splice_op(d, i, op_end(d, next), fused, f);
                n++;
            }
        }
        i = next;
    }
    return n;
}

static uint32_t f32_bits(float f) {
    mw_val v;
    v.i64 = 0;
    v.f32 = f;
    return v.i32;
}

// Calls `name` with three arguments (a and b of type i32 or f32 given by
// their bits, c 64 bits) and returns its result's 64 bits.
static uint64_t call3(mw_runtime *rt, mw_instance *inst, const char *name, uint64_t a, uint64_t b, uint64_t c) {
    mw_val args[3], r[1];
    args[0].i64 = a;
    args[1].i64 = b;
    args[2].i64 = c;
    r[0].i64 = 0xdeadbeefdeadbeefu;
    CHECK(mw_call(rt, exp_of(inst, name).func, args, r, NULL) == MW_OK);
    return r[0].i64;
}

static void check_mul_fused_calls(mw_runtime *rt, mw_instance *inst) {
    // f32: a = b = 1 + 2^-12, a * b = 1 + 2^-11 + 2^-24 rounds (a tie, to
    // even) to 1 + 2^-11, so with c = -(1 + 2^-11) two roundings give +0.0;
    // a fused multiply-add would give 2^-24 (0x33800000)
    const uint32_t one12 = 0x3f800800u, m_one11 = 0xbf801000u, one11 = 0x3f801000u;
    CHECK((uint32_t)call3(rt, inst, "f32_mul_add", one12, one12, m_one11) == 0);
    CHECK((uint32_t)call3(rt, inst, "f32_mul_add_right", one12, one12, m_one11) == 0);
    CHECK((uint32_t)call3(rt, inst, "f32_mul_sub", one12, one12, one11) == 0);
    CHECK((uint32_t)call3(rt, inst, "f32_rsub", one12, one12, one11) == 0);
    // 2^64 * 2^64 overflows to +inf before c = -3e38 is added (fused: 4e37)
    const uint32_t p64 = 0x5f800000u, inf = 0x7f800000u;
    CHECK((uint32_t)call3(rt, inst, "f32_mul_add", p64, p64, f32_bits(-3e38f)) == inf);
    CHECK((uint32_t)call3(rt, inst, "f32_mul_sub", p64, p64, f32_bits(3e38f)) == inf);
    // -0.0: -0 * 1 + -0 is -0, -0 * 1 - +0 is -0, +0 - (-0 * 1) is +0
    const uint32_t m0 = 0x80000000u, f1 = 0x3f800000u;
    CHECK((uint32_t)call3(rt, inst, "f32_mul_add", m0, f1, m0) == m0);
    CHECK((uint32_t)call3(rt, inst, "f32_mul_add_right", m0, f1, m0) == m0);
    CHECK((uint32_t)call3(rt, inst, "f32_mul_add", m0, f1, 0) == 0);
    CHECK((uint32_t)call3(rt, inst, "f32_mul_sub", m0, f1, 0) == m0);
    CHECK((uint32_t)call3(rt, inst, "f32_rsub", m0, f1, 0) == 0);
    // NaN in, NaN out; inf * 0 + 1 is NaN
    uint32_t nan = (uint32_t)call3(rt, inst, "f32_mul_add", 0x7fc00000u, f1, f1);
    CHECK((nan & inf) == inf && (nan & 0x7fffffu) != 0);
    nan = (uint32_t)call3(rt, inst, "f32_mul_sub", inf, 0, f1);
    CHECK((nan & inf) == inf && (nan & 0x7fffffu) != 0);
    // 3 * 5 - 2 and 2 - 3 * 5: the operand order of the subtract
    CHECK((uint32_t)call3(rt, inst, "f32_mul_sub", f32_bits(3.0f), f32_bits(5.0f), f32_bits(2.0f)) == f32_bits(13.0f));
    CHECK((uint32_t)call3(rt, inst, "f32_rsub", f32_bits(3.0f), f32_bits(5.0f), f32_bits(2.0f)) == f32_bits(-13.0f));
    // the product kept in a local too: (a * b + c) - a * b
    CHECK((uint32_t)call3(rt, inst, "f32_tee", f32_bits(3.0f), f32_bits(5.0f), f32_bits(2.0f)) == f32_bits(2.0f));
    // i32: the product wraps before the add, the sum wraps
    CHECK((uint32_t)call3(rt, inst, "i32_mul_add", 0x10001u, 0x10001u, 0xffffffffu) == 0x00020000u);
    CHECK((uint32_t)call3(rt, inst, "i32_mul_add_right", 0x80000001u, 3, 0x7fffffffu) == 0x2u);
    // i64: 2^63 + 1 times 3 wraps; the 32x32->64 product of the largest words
    CHECK(call3(rt, inst, "i64_mul_add", 0x8000000000000001u, 3, 5) == 0x8000000000000008u);
    CHECK(call3(rt, inst, "i64_mul_add", 0xffffffffffffffffu, 0xffffffffffffffffu, 0xffffffffffffffffu) == 0);
    CHECK(call3(rt, inst, "wide", 0xffffffffu, 0xffffffffu, 0xffffffffu) == 0xffffffff00000000u);
    CHECK(call3(rt, inst, "wide", 0x12345678u, 0x9abcdef0u, 1) == 0x12345678u * (uint64_t)0x9abcdef0u + 1);
}

// A multiply feeding an add or a subtract (engine_muladd.wat): one fused op
// (F32_MUL_ADD .. I64_MUL_ADD), with the product rounded on its own (the
// pair that a fused multiply-add would get wrong), f32 overflow to inf
// before the add, -0.0, NaN, the subtract's operand order, i32 and i64
// wrapping, the 32x32->64 multiply of bignum code; c - a * b and a product
// also kept in a local stay two ops.
static void test_mul_fused(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_muladd, sizeof(wasm_muladd), 0, &rt, &m);
    check_mul_fused_calls(rt, inst);
    static const char *const names[] = {"f32_mul_add", "f32_mul_add_right", "f32_mul_sub", "i32_mul_add",
                                        "i32_mul_add_right", "i64_mul_add", "wide"};
    static const uint32_t muls[] = {MW_OP_F32_MUL, MW_OP_F32_MUL, MW_OP_F32_MUL, MW_OP_I32_MUL, MW_OP_I32_MUL,
                                    MW_OP_I64_MUL, MW_OP_I64_MUL};
    static const uint32_t adds[] = {MW_OP_F32_ADD, MW_OP_F32_ADD, MW_OP_F32_SUB, MW_OP_I32_ADD, MW_OP_I32_ADD,
                                    MW_OP_I64_ADD, MW_OP_I64_ADD};
    static const uint32_t ops[] = {MW_OP_F32_MUL_ADD, MW_OP_F32_MUL_ADD, MW_OP_F32_MUL_SUB, MW_OP_I32_MUL_ADD,
                                   MW_OP_I32_MUL_ADD, MW_OP_I64_MUL_ADD, MW_OP_I64_MUL_ADD};
    for (int i = 0; i < 7; i++) {
        CHECK(count_op(inst, names[i], ops[i]) == MW_FUSED_ARITH);
        CHECK(count_op(inst, names[i], muls[i]) == !MW_FUSED_ARITH);
        if (HAND_ARITH) {
            CHECK(mul_fuse_by_hand(inst, names[i], muls[i], adds[i], ops[i]) == 1);
            CHECK(count_op(inst, names[i], ops[i]) == 1);
        }
    }
    CHECK(count_op(inst, "f32_rsub", MW_OP_F32_MUL) == 1 && count_op(inst, "f32_rsub", MW_OP_F32_SUB) == 1);
    CHECK(count_op(inst, "f32_tee", MW_OP_F32_MUL) == 1 && count_op(inst, "f32_tee", MW_OP_F32_MUL_ADD) == 0);
    if (HAND_ARITH) {
        check_mul_fused_calls(rt, inst);
    }
    close_inst(rt, m, inst);
}

// Sums of i64 products (engine_mulchain.wat): each export's result against
// the same sum in C, over edge values (0, 1, -1, INT64_MIN, INT64_MAX, the
// 32-bit boundary's 0xffffffff, 2^32, 2^32 + 1, 2^31) and a generator; a
// pair that dropped a link, added a link to the wrong sum, or read a slot of
// the other link gives another sum for most of them.
static const uint64_t chain_edges[] = {0, 1, 0xffffffffffffffffu, 0x8000000000000000u, 0x7fffffffffffffffu,
                                       0xffffffffu, 0x100000000u, 0x100000001u, 0x80000000u,
                                       0xfffffffe00000001u, 0x123456789abcdef1u, 0xfedcba9876543210u};
#define N_CHAIN_EDGES (sizeof(chain_edges) / sizeof(chain_edges[0]))

typedef struct {
    const char *name;
    int nargs;              // the products' factors (i64), or wide4's eight i32
    int mul, mul_add, mul_add2;     // the ops its lowered code holds (full profile)
} chain_fn;

static const chain_fn chain_fns[] = {
    {"sum2", 4, 1, 1, 0},
    {"sum3", 6, 1, 0, 1},
    {"sum4", 8, 1, 1, 1},
    {"sum5", 10, 1, 0, 2},
    {"set3", 6, 1, 2, 0},     // local.set splits the pair: the second link writes the local
    {"acc3", 6, 0, 1, 1},     // the first link adds into another slot than its sum
    {"loop3", 6, 1, 2, 0},    // a loop's label between the links (the second runs 3 times)
    {"wide4", 8, 1, 3, 0},    // extends between the links
};
#define N_CHAIN_FNS (sizeof(chain_fns) / sizeof(chain_fns[0]))

static uint64_t chain_ref(int f, const uint64_t *x) {
    const chain_fn *c = &chain_fns[f];
    uint64_t s = 0;
    if (strcmp(c->name, "wide4") == 0) {
        // u*u, s*s, u*s, s*u of the low 32 bits
        int64_t sx[8];
        for (int i = 0; i < 8; i++) {
            sx[i] = (int32_t)(uint32_t)x[i];
        }
        return (uint64_t)(uint32_t)x[0] * (uint32_t)x[1] + (uint64_t)sx[2] * (uint64_t)sx[3]
               + (uint64_t)(uint32_t)x[4] * (uint64_t)sx[5] + (uint64_t)sx[6] * (uint32_t)x[7];
    }
    for (int i = 0; i < c->nargs; i += 2) {
        s += x[i] * x[i + 1];
    }
    if (strcmp(c->name, "set3") == 0) {
        s *= 2;
    } else if (strcmp(c->name, "acc3") == 0) {
        s += x[0] ^ x[5];
    } else if (strcmp(c->name, "loop3") == 0) {
        s += 2 * x[4] * x[5];
    }
    return s;
}

static int check_chain_calls(mw_runtime *rt, mw_instance *inst) {
    int bad = 0;
    uint64_t g = 0x9e3779b97f4a7c15u;
    for (int f = 0; f < (int)N_CHAIN_FNS; f++) {
        const chain_fn *c = &chain_fns[f];
        mw_func *fn = exp_of(inst, c->name).func;
        for (int j = 0; j < 400; j++) {
            mw_val args[10], r[1];
            uint64_t x[10];
            for (int i = 0; i < c->nargs; i++) {
                // edge values in every position and pairing first, then mixed with the generator
                g = g * 6364136223846793005u + 1442695040888963407u;
                x[i] = j < 144 ? chain_edges[(j / (i % 2 ? 1 : 12) + i) % N_CHAIN_EDGES]
                       : (g >> 7) % 3 == 0 ? chain_edges[(g >> 20) % N_CHAIN_EDGES] : g;
                if (strcmp(c->name, "wide4") == 0) {
                    x[i] = (uint32_t)x[i];
                }
                args[i].i64 = x[i];
            }
            r[0].i64 = 0xdeadbeefdeadbeefu;
            uint64_t want = chain_ref(f, x);
            if (mw_call(rt, fn, args, r, NULL) != MW_OK || r[0].i64 != want) {
                if (bad++ < 4) {
                    printf("  mulchain %s #%d: 0x%llx, want 0x%llx\n", c->name, j, (unsigned long long)r[0].i64,
                           (unsigned long long)want);
                }
            }
        }
    }
    return bad;
}

// The small profile's lowering makes no I64_MUL_ADD2 but runs one (an image
// may hold it): pair by hand each I64_MUL_ADD "c a b c" and the "c x y c"
// right after it, as lower.c mul_add_chain does. How many it made.
static int mul_add_pair_by_hand(mw_instance *inst, const char *name) {
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, name).func->u.wasm.def;
    int n = 0;
    for (uint32_t i = 0; i < d->code_len;) {
        uint32_t next = op_end(d, i), v[MW_MAX_IMMS], w[MW_MAX_IMMS];
        if (d->code[i] == MW_OP_I64_MUL_ADD && next < d->code_len && d->code[next] == MW_OP_I64_MUL_ADD) {
            mw_code_imms(d->code + i, v);
            mw_code_imms(d->code + next, w);
            if (v[0] == v[3] && w[0] == v[0] && w[3] == v[0]) {
                uint32_t f[MW_MAX_IMMS] = {v[0], v[1], v[2], w[1], w[2]};
                next = splice_op(d, i, op_end(d, next), MW_OP_I64_MUL_ADD2, f);
                n++;
            }
        }
        i = next;
    }
    return n;
}

// Chains of i64 multiply-adds into one slot (lower.c mul_add_chain): two
// links are one I64_MUL_ADD2; a local.set of the sum, a first link adding
// into another slot and a label between links keep them apart; every result
// as C computes it. The small profile runs pairs made by hand.
static void test_mul_chain(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_mulchain, sizeof(wasm_mulchain), 0, &rt, &m);
    CHECK(check_chain_calls(rt, inst) == 0);
    for (int f = 0; f < (int)N_CHAIN_FNS; f++) {
        const chain_fn *c = &chain_fns[f];
        int pairs = count_op(inst, c->name, MW_OP_I64_MUL_ADD2);

        if (MW_FUSED_ARITH) {
            CHECK(pairs == c->mul_add2);
            CHECK(count_op(inst, c->name, MW_OP_I64_MUL_ADD) == c->mul_add);
            CHECK(count_op(inst, c->name, MW_OP_I64_MUL) == c->mul);
        } else {
            CHECK(pairs == 0);
        }
    }
    if (HAND_ARITH) {
        static const char *const sums[] = {"sum3", "sum4", "sum5"};
        for (int i = 0; i < 3; i++) {
            CHECK(mul_fuse_by_hand(inst, sums[i], MW_OP_I64_MUL, MW_OP_I64_ADD, MW_OP_I64_MUL_ADD) == i + 2);
            CHECK(mul_add_pair_by_hand(inst, sums[i]) == (i + 2) / 2);
            CHECK(count_op(inst, sums[i], MW_OP_I64_MUL_ADD2) == (i + 2) / 2);
        }
        CHECK(check_chain_calls(rt, inst) == 0);
    }
    close_inst(rt, m, inst);
}

static void check_chain_fused_calls(mw_runtime *rt, mw_instance *inst) {
    static const uint32_t xs[] = {0, 1, 0x7fffffffu, 0x80000000u, 0xdeadbeefu, 0xffffffffu};
    for (int i = 0; i < 6; i++) {
        for (int j = 0; j < 6; j++) {
            for (int k = 0; k < 6; k++) {
                // 32-bit wrap-around, the result's slot zero-extended (call3 starts it at 0xdeadbeef..)
                uint32_t a = xs[i], b = xs[j], c = xs[k];
                CHECK(call3(rt, inst, "add3", a, b, c) == (uint32_t)(a + b + c));
                CHECK(call3(rt, inst, "add3_right", a, b, c) == (uint32_t)(a + b + c));
                CHECK(call3(rt, inst, "xor3", a, b, c) == (a ^ b ^ c));
                CHECK(call3(rt, inst, "xor3_right", a, b, c) == (a ^ b ^ c));
                CHECK(call3(rt, inst, "add4", a, b, c) == (uint32_t)(a + b + c + a));
                CHECK(call3(rt, inst, "add_tee", a, b, c) == c);
                CHECK(call3(rt, inst, "xor_add", a, b, c) == (uint32_t)((a ^ b) + c));
            }
        }
    }
    CHECK(call3(rt, inst, "xor64", 0xffffffff00000001u, 0x00000001ffffffffu, 0x8000000000000000u)
          == (0xffffffff00000001u ^ 0x00000001ffffffffu ^ 0x8000000000000000u));
}

// An i32.add or i32.xor feeding the same op (engine_chain.wat): one fused op
// (I32_ADD3, I32_XOR3) computing what the two did at the 32-bit edges, either
// operand side; a chain of three adds fuses its first two only; a sum kept in
// a local, two different ops and i64 stay apart. The small profile makes
// none: fused by hand there, it must compute the same.
static void test_chain_fused(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_chain, sizeof(wasm_chain), 0, &rt, &m);
    check_chain_fused_calls(rt, inst);
    static const char *const names[] = {"add3", "add3_right", "xor3", "xor3_right"};
    static const uint32_t firsts[] = {MW_OP_I32_ADD, MW_OP_I32_ADD, MW_OP_I32_XOR, MW_OP_I32_XOR};
    static const uint32_t ops[] = {MW_OP_I32_ADD3, MW_OP_I32_ADD3, MW_OP_I32_XOR3, MW_OP_I32_XOR3};
    // (a build that leaves the two out, MW_FUSED_DROP, makes none either: the
    // pair stays apart and an image's is refused, as an op it has no handler for)
    const int made = MW_FUSED_ARITH && !MW_FUSED_DROP(MW_OP_I32_ADD3);
    // (left apart in the full profile, two adds are I32_ADD_I32_ADD and its
    // I32_ADD: mw_int.h MW_SEQ_OP_LIST)
    const int pair = MW_FUSED_ARITH && !made;
    for (int i = 0; i < 4; i++) {
        uint32_t first = i < 2 && pair ? MW_OP_I32_ADD_I32_ADD : firsts[i];
        int rows = i < 2 ? count_op(inst, names[i], MW_OP_I32_ADD_I32_ADD) : 0;
        CHECK(count_op(inst, names[i], ops[i]) == made);
        CHECK(count_op(inst, names[i], firsts[i]) + rows == 2 * !made && rows == (i < 2 && pair));
        if (HAND_ARITH) {
            CHECK(mul_fuse_by_hand(inst, names[i], first, firsts[i], ops[i]) == 1);
            CHECK(count_op(inst, names[i], ops[i]) == 1);
        }
    }
    CHECK(count_op(inst, "add4", MW_OP_I32_ADD3) == made);
    CHECK(count_op(inst, "add4", MW_OP_I32_ADD_I32_ADD) == pair);
    CHECK(count_op(inst, "add4", MW_OP_I32_ADD) == 3 - 2 * made - pair);
    if (MW_ALL_OPS && MW_FUSED_DROP(MW_OP_I32_ADD3)) {
        uint32_t first = pair ? MW_OP_I32_ADD_I32_ADD : MW_OP_I32_ADD;
        CHECK(mul_fuse_by_hand(inst, "add3", first, MW_OP_I32_ADD, MW_OP_I32_ADD3) == 1);
        mw_detail det = 0;
        uint32_t at = 0;
        CHECK(mw_code_check(rt, m, exp_of(inst, "add3").func->u.wasm.def, &det, &at) == MW_ERR_INVALID
              && det == MW_D_CODE_OP);
    }
    // (the teed sum, then the second: I32_ADD_I32_ADD in the full profile)
    CHECK(count_op(inst, "add_tee", MW_OP_I32_ADD3) == 0 && count_op(inst, "add_tee", MW_OP_I32_ADD) == 2 - MW_FUSED_ARITH
          && count_op(inst, "add_tee", MW_OP_I32_ADD_I32_ADD) == MW_FUSED_ARITH);
    CHECK(count_op(inst, "xor_add", MW_OP_I32_XOR) == 1 && count_op(inst, "xor_add", MW_OP_I32_ADD) == 1);
    CHECK(count_op(inst, "xor64", MW_OP_I64_XOR) == 2);
    if (HAND_ARITH) {
        check_chain_fused_calls(rt, inst);
    }
    close_inst(rt, m, inst);
}

static void check_add_imm2_calls(mw_runtime *rt, mw_instance *inst) {
    static const uint32_t xs[] = {0, 1, 4, 5, 0x7fffffffu, 0x80000000u, 0xfffffffbu, 0xffffffffu};
    static const uint32_t words[] = {0x04030201u, 0x08070605u, 0x0c0b0a09u, 0x100f0e0du};
    for (int i = 0; i < 8; i++) {
        for (int j = 0; j < 8; j++) {
            uint32_t a = xs[i], b = xs[j], ab[] = {a, b}, r = 0;
            CHECK(call_i32(rt, inst, "two", 2, ab, &r, NULL) == MW_OK && r == ((a + 1) ^ ((b - 5) << 1)));
            CHECK(call_i32(rt, inst, "second_reads_first", 2, ab, &r, NULL) == MW_OK && r == 0x7fffffffu);
            uint32_t ak[] = {a, b & 12};
            CHECK(call_i32(rt, inst, "load", 2, ak, &r, NULL) == MW_OK && r == a + 0x10001u + words[(b & 12) / 4]);
            uint32_t n[] = {a, j + 1u};
            CHECK(call_i32(rt, inst, "loop", 2, n, &r, NULL) == MW_OK && r == a + 0x30003u * (j + 1u));
        }
    }
}

// Two adds or subtracts of constants in a row (engine_addimm.wat): the first
// becomes I32_ADD_IMM2, which computes both (wrap-around both ways, the
// second reading the first's result); where a later fusion takes the second
// (BR_ADD_NZ, a fused address) the first is a plain I32_ADD_IMM again. An
// I32_ADD_IMM2 followed by anything else (an image may hold one) is refused
// by the code check where its handler runs the second with no test
// (MW_FUSED_ARITH, format 77), and runs alone where it is a plain add. The
// small profile makes none: paired by hand there, it must compute the same.
static void test_add_imm2(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_addimm, sizeof(wasm_addimm), 0, &rt, &m);
    check_add_imm2_calls(rt, inst);
    static const char *const names[] = {"two", "second_reads_first", "loop", "load"};
    for (int i = 0; i < 4; i++) {
        // loop, load: the second became another op, the first unpaired
        CHECK(count_op(inst, names[i], MW_OP_I32_ADD_IMM2) == (i < 2 && MW_FUSED_ARITH));
    }
    CHECK(count_op(inst, "two", MW_OP_I32_ADD_IMM) == 1 && count_op(inst, "two", MW_OP_I32_SUB_IMM) == !MW_FUSED_ARITH);
    CHECK(count_op(inst, "loop", MW_OP_BR_ADD_NZ) == 1);
    // (the small profile makes none; the full one LOAD32_U_XD, its d the address slot: MW_MEM_XD_FUSED)
    CHECK(count_op(inst, "load", MW_OP_LOAD32_U_X) + count_op(inst, "load", MW_OP_LOAD32_U_XD) == MW_ALL_OPS);
    if (HAND_ARITH) {
        // pair by hand every I32_ADD_IMM / I32_SUB_IMM followed by one (the
        // second's constant negated for a subtract, as lowering does)
        for (int i = 0; i < 4; i++) {
            mw_funcdef *d = (mw_funcdef *)exp_of(inst, names[i]).func->u.wasm.def;
            int n = 0;
            for (uint32_t k = 0; k < d->code_len;) {
                uint32_t o = d->code[k], next = op_end(d, k);
                mw_code_unit *c = d->code + k, *q = d->code + next;
                bool add = o == MW_OP_I32_ADD_IMM || o == MW_OP_I32_SUB_IMM;
                if (add && next < d->code_len && (q[0] == MW_OP_I32_ADD_IMM || q[0] == MW_OP_I32_SUB_IMM)) {
                    // "d a imm": d a a slot pair, the imm at 2
                    if (o == MW_OP_I32_SUB_IMM) {
                        mw_code_put_u32(c + 2, 0u - mw_code_u32(c + 2));
                    }
                    if (q[0] == MW_OP_I32_SUB_IMM) {
                        mw_code_put_u32(q + 2, 0u - mw_code_u32(q + 2));
                        q[0] = MW_OP_I32_ADD_IMM;
                    }
                    c[0] = MW_OP_I32_ADD_IMM2;
                    n++;
                }
                k = next;
            }
            CHECK(n == (i < 2));
        }
    }
    // the first add of `loop` and `load` made an I32_ADD_IMM2 whose next op
    // is not an I32_ADD_IMM (BR_ADD_NZ, LOAD32_U_X): refused where the
    // handler would run that op as an add, else it must run alone
    for (int i = 2; i < 4 && MW_ALL_OPS; i++) {
        mw_funcdef *d = (mw_funcdef *)exp_of(inst, names[i]).func->u.wasm.def;
        CHECK(d->code[0] == MW_OP_I32_ADD_IMM);
        if (MW_FUSED_ARITH) {
            CHECK(fused_refused(rt, m, d, 0, 0, MW_OP_I32_ADD_IMM2));
        } else {
            d->code[0] = MW_OP_I32_ADD_IMM2;
        }
    }
    check_add_imm2_calls(rt, inst);
    close_inst(rt, m, inst);
}

static uint32_t rotl32_ref(uint32_t x, uint32_t k) {
    k &= 31;
    return k == 0 ? x : (x << k) | (x >> (32 - k));
}

static void check_rotl_xor_calls(mw_runtime *rt, mw_instance *inst) {
    static const uint32_t xs[] = {0, 1, 0x80000000u, 0x7fffffffu, 0xdeadbeefu, 0xffffffffu, 0x12345678u};
    for (int i = 0; i < 7; i++) {
        for (int j = 0; j < 7; j++) {
            uint32_t a = xs[i], b = xs[j];
            CHECK(call3(rt, inst, "rotl7", a, b, 0) == (rotl32_ref(a, 7) ^ b));
            CHECK(call3(rt, inst, "rotl0", a, b, 0) == (a ^ b));
            CHECK(call3(rt, inst, "rotl33", a, b, 0) == (rotl32_ref(a, 1) ^ b));
            CHECK(call3(rt, inst, "rotr25", a, b, 0) == (rotl32_ref(a, 7) ^ b));
            CHECK(call3(rt, inst, "rotr31", a, b, 0) == (rotl32_ref(a, 1) ^ b));
            CHECK(call3(rt, inst, "rotl_var", a, b, 0) == (rotl32_ref(a, b) ^ b));
            CHECK(call3(rt, inst, "rotl_tee", a, b, 0) == (uint32_t)((rotl32_ref(a, 9) ^ b) + rotl32_ref(a, 9)));
        }
    }
}

// The small profile makes no shift-then-binary fusion (I32_ROTL_XOR,
// I32_SHL_OR): in function `name`, each `shift` "t x k" (with `rotr_too`, an
// I32_ROTR_IMM too, as a rotl by 32 - k) whose t the `bin` "d a b" right after
// it reads is rewritten by hand into `fused` "d x c k" (splice_op: these
// functions have no branches), which must compute the same; returns how many
// were.
static int fuse_shift_by_hand(mw_instance *inst, const char *name, uint32_t shift, bool rotr_too, uint32_t bin,
    uint32_t fused) {
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, name).func->u.wasm.def;
    int n = 0;
    for (uint32_t k = 0; k < d->code_len;) {
        uint32_t o = d->code[k], next = op_end(d, k), v[MW_MAX_IMMS], w[MW_MAX_IMMS];
        bool rotr = rotr_too && o == MW_OP_I32_ROTR_IMM;
        if ((o == shift || rotr) && next < d->code_len && d->code[next] == bin) {
            mw_code_imms(d->code + k, v);       // "t x k"
            mw_code_imms(d->code + next, w);    // "d a b"
            if (w[1] == v[0] || w[2] == v[0]) {
                uint32_t f[MW_MAX_IMMS] = {w[0], v[1], w[1] == v[0] ? w[2] : w[1], rotr ? (32 - v[2]) & 31 : v[2], 0};
                next = splice_op(d, k, op_end(d, next), fused, f);
                n++;
            }
        }
        k = next;
    }
    return n;
}

// A rotation by a constant feeding an xor (engine_rotxor.wat): one
// I32_ROTL_XOR, a rotr as the rotl by 32 - k, counts 0 (32), 1 (33, rotr
// 31) and 7 (rotr 25), results zero-extended (call3 starts them at
// 0xdeadbeef..); by a parameter or kept in a local it stays two ops. The
// small profile makes none: fused by hand there ("t x k" then "d a b" into
// "d x c k", the code after it moved up), it must compute the same.
static void test_rotl_xor(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_rotxor, sizeof(wasm_rotxor), 0, &rt, &m);
    check_rotl_xor_calls(rt, inst);
    static const char *const names[] = {"rotl7", "rotl0", "rotl33", "rotr25", "rotr31"};
    for (int i = 0; i < 5; i++) {
        CHECK(count_op(inst, names[i], MW_OP_I32_ROTL_XOR) == MW_FUSED_ARITH);
        CHECK(count_op(inst, names[i], MW_OP_I32_XOR) == !MW_FUSED_ARITH);
        if (!HAND_ARITH) {
            continue;
        }
        CHECK(fuse_shift_by_hand(inst, names[i], MW_OP_I32_ROTL_IMM, true, MW_OP_I32_XOR, MW_OP_I32_ROTL_XOR) == 1);
    }
    CHECK(count_op(inst, "rotl_var", MW_OP_I32_ROTL_XOR) == 0 && count_op(inst, "rotl_tee", MW_OP_I32_ROTL_XOR) == 0);
    if (HAND_ARITH) {
        check_rotl_xor_calls(rt, inst);
    }
    close_inst(rt, m, inst);
}

static uint64_t rotl64_ref(uint64_t x, uint32_t k) {
    k &= 63;
    return k == 0 ? x : (x << k) | (x >> (64 - k));
}

// engine_carryrot.wat against C, on the edge values of both widths: 0, 1,
// UINT32_MAX, INT32_MIN, UINT64_MAX, INT64_MIN, 2^32, and two patterns
// (call3 starts each result at 0xdeadbeef.., so an i32 one must come back
// zero-extended)
static void check_carry_rot_calls(mw_runtime *rt, mw_instance *inst) {
    static const uint64_t xs[] = {0, 1, 0xffffffffu, 0x80000000u, UINT64_MAX, (uint64_t)1 << 63, (uint64_t)1 << 32,
                                  0xdeadbeef01234567u, 0x0123456789abcdefu};
    enum { N = sizeof(xs) / sizeof(xs[0]) };
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            uint64_t a = xs[i], b = xs[j], c = xs[(i + j) % N];
            uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b, c32 = (uint32_t)c;
            CHECK(call3(rt, inst, "carry_lt", a32, b32, c32) == (uint32_t)(c32 + (a32 < b32)));
            CHECK(call3(rt, inst, "carry_gt", a32, b32, c32) == (uint32_t)(c32 + (a32 > b32)));
            CHECK(call3(rt, inst, "carry_tee", a32, b32, c32) == (uint32_t)(c32 + 2 * (a32 < b32)));
            CHECK(call3(rt, inst, "carry_signed", a32, b32, c32) == (uint32_t)(c32 + ((int32_t)a32 < (int32_t)b32)));
            // r = a * b + c + b (64 bits, which never overflows: (2^32 - 1)^2 + 2 (2^32 - 1) < 2^64)
            CHECK(call3(rt, inst, "muladdc", a32, b32, c32) == (uint64_t)a32 * b32 + c32 + b32);
            CHECK(call3(rt, inst, "xrotl16", a32, b32, c32) == rotl32_ref(a32 ^ b32, 16));
            CHECK(call3(rt, inst, "xrotl0", a32, b32, c32) == (a32 ^ b32));
            CHECK(call3(rt, inst, "xrotr7", a32, b32, c32) == rotl32_ref(a32 ^ b32, 25));
            CHECK(call3(rt, inst, "xrotr33", a32, b32, c32) == rotl32_ref(a32 ^ b32, 31));
            CHECK(call3(rt, inst, "xrotl_var", a32, b32, c32) == rotl32_ref(a32 ^ b32, c32));
            CHECK(call3(rt, inst, "xrotl_tee", a32, b32, c32) == (uint32_t)(rotl32_ref(a32 ^ b32, 12) + (a32 ^ b32)));
            CHECK(call3(rt, inst, "x64rotr32", a, b, c) == rotl64_ref(a ^ b, 32));
            CHECK(call3(rt, inst, "x64rotr63", a, b, c) == rotl64_ref(a ^ b, 1));
            CHECK(call3(rt, inst, "x64rotl1", a, b, c) == rotl64_ref(a ^ b, 1));
            CHECK(call3(rt, inst, "x64rotl0", a, b, c) == (a ^ b));
            CHECK(call3(rt, inst, "rotl64x_14", a, b, c) == (rotl64_ref(a, 14) ^ b));
            CHECK(call3(rt, inst, "rotr64x_28", a, b, c) == (rotl64_ref(a, 36) ^ b));
            CHECK(call3(rt, inst, "rotl64x_0", a, b, c) == (a ^ b));
            CHECK(call3(rt, inst, "rotr64x_1", a, b, c) == (rotl64_ref(a, 63) ^ b));
            CHECK(call3(rt, inst, "sigma0", a, b, c) == (rotl64_ref(a, 36) ^ rotl64_ref(a, 30) ^ rotl64_ref(a, 25)));
        }
    }
}

// The small profile's lowering makes none of MW_CARRY_ROT_OP_LIST (and no i64
// _IMM op: an i64 rotation by a constant is CONST64 and I64_ROTL / I64_ROTR
// there) but runs them (an image may hold them): in function `name` (no
// branches), each pattern the full profile fuses made the fused op by hand
// (splice_op), as lower.c would. How many it made.
static int carry_rot_by_hand(mw_instance *inst, const char *name) {
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, name).func->u.wasm.def;
    int n = 0;
    for (uint32_t i = 0; i < d->code_len;) {
        uint32_t o = d->code[i], i2 = op_end(d, i), o2 = i2 < d->code_len ? d->code[i2] : MW_OP_RETURN0;
        uint32_t i3 = i2 < d->code_len ? op_end(d, i2) : d->code_len, o3 = i3 < d->code_len ? d->code[i3] : MW_OP_RETURN0;
        uint32_t u[MW_MAX_IMMS], v[MW_MAX_IMMS], w[MW_MAX_IMMS];
        mw_code_imms(d->code + i, u);
        mw_code_imms(d->code + i2, v);
        mw_code_imms(d->code + i3, w);
        uint32_t next = i2;
        if ((o == MW_OP_I32_LT_U || o == MW_OP_I32_GT_U) && o2 == MW_OP_I32_ADD && (v[1] == u[0] || v[2] == u[0])) {
            bool gt = o == MW_OP_I32_GT_U;
            uint32_t f[MW_MAX_IMMS] = {v[0], gt ? u[2] : u[1], gt ? u[1] : u[2], v[1] == u[0] ? v[2] : v[1], 0};
            next = splice_op(d, i, i3, MW_OP_I32_ADD_LT_U, f);
            n++;
        } else if (o == MW_OP_I32_XOR && (o2 == MW_OP_I32_ROTL_IMM || o2 == MW_OP_I32_ROTR_IMM) && v[1] == u[0]) {
            uint32_t k = o2 == MW_OP_I32_ROTR_IMM ? (32 - v[2]) & 31 : v[2];
            uint32_t f[MW_MAX_IMMS] = {v[0], u[1], u[2], k, 0};
            next = splice_op(d, i, i3, MW_OP_I32_XOR_ROTL, f);
            n++;
        } else if (o == MW_OP_I64_XOR && o2 == MW_OP_CONST64 && (o3 == MW_OP_I64_ROTL || o3 == MW_OP_I64_ROTR)
                   && w[1] == u[0] && w[2] == v[0]) {
            // "t x y", "c K", "d t c"
            uint32_t k = o3 == MW_OP_I64_ROTR ? (64 - v[1]) & 63 : v[1] & 63;
            uint32_t f[MW_MAX_IMMS] = {w[0], u[1], u[2], k, 0};
            next = splice_op(d, i, op_end(d, i3), MW_OP_I64_XOR_ROTL, f);
            n++;
        } else if (o == MW_OP_CONST64 && (o2 == MW_OP_I64_ROTL || o2 == MW_OP_I64_ROTR) && v[2] == u[0]
                   && o3 == MW_OP_I64_XOR && (w[1] == v[0] || w[2] == v[0])) {
            // "c K", "t x c", "d t b"
            uint32_t k = o2 == MW_OP_I64_ROTR ? (64 - u[1]) & 63 : u[1] & 63;
            uint32_t f[MW_MAX_IMMS] = {w[0], v[1], w[1] == v[0] ? w[2] : w[1], k, 0};
            next = splice_op(d, i, op_end(d, i3), MW_OP_I64_ROTL_XOR, f);
            n++;
        }
        i = next;
    }
    return n;
}

// Carries and rotations (engine_carryrot.wat, mw_int.h MW_CARRY_ROT_OP_LIST):
// each pattern one fused op, computing what C does on the edge values; a
// compare or xor kept in a local (tee), a signed compare and a rotation by a
// parameter stay apart. The small profile makes none: fused by hand there,
// its cold handler must compute the same.
static void test_carry_rot(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_carryrot, sizeof(wasm_carryrot), 0, &rt, &m);
    check_carry_rot_calls(rt, inst);
    static const struct {
        const char *name;
        uint32_t op;
        int n;
    } rows[] = {
        {"carry_lt", MW_OP_I32_ADD_LT_U, 1}, {"carry_gt", MW_OP_I32_ADD_LT_U, 1}, {"muladdc", MW_OP_I32_ADD_LT_U, 2},
        {"xrotl16", MW_OP_I32_XOR_ROTL, 1}, {"xrotl0", MW_OP_I32_XOR_ROTL, 1}, {"xrotr7", MW_OP_I32_XOR_ROTL, 1},
        {"xrotr33", MW_OP_I32_XOR_ROTL, 1}, {"x64rotr32", MW_OP_I64_XOR_ROTL, 1}, {"x64rotr63", MW_OP_I64_XOR_ROTL, 1},
        {"x64rotl1", MW_OP_I64_XOR_ROTL, 1}, {"x64rotl0", MW_OP_I64_XOR_ROTL, 1}, {"rotl64x_14", MW_OP_I64_ROTL_XOR, 1},
        {"rotr64x_28", MW_OP_I64_ROTL_XOR, 1}, {"rotl64x_0", MW_OP_I64_ROTL_XOR, 1}, {"rotr64x_1", MW_OP_I64_ROTL_XOR, 1},
        {"sigma0", MW_OP_I64_ROTL_XOR, 2},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        CHECK(count_op(inst, rows[i].name, rows[i].op) == (MW_FUSED_ARITH ? rows[i].n : 0));
        if (HAND_ARITH) {
            CHECK(carry_rot_by_hand(inst, rows[i].name) == rows[i].n);
            CHECK(count_op(inst, rows[i].name, rows[i].op) == rows[i].n);
        }
    }
    static const char *const apart[] = {"carry_tee", "carry_signed", "xrotl_var", "xrotl_tee"};
    for (int i = 0; i < 4; i++) {
        for (uint32_t op = MW_OP_I32_ADD_LT_U; op <= MW_OP_I64_ROTL_XOR; op++) {
            CHECK(count_op(inst, apart[i], op) == 0);
        }
    }
    if (HAND_ARITH) {
        check_carry_rot_calls(rt, inst);
    }
    close_inst(rt, m, inst);
}

// Every op with a constant shift or rotation count (its row's doc word k32
// or k64, mw_int.h) has it checked in an image: 31 (63) passes, 32 (64)
// is refused (C's shift by that much is undefined, whatever the core does).
// Each op is written by hand at the start of a function of six slots, the
// rest of it returns.
static void test_shift_counts(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_carryrot, sizeof(wasm_carryrot), 0, &rt, &m);
    static const struct {
        uint32_t op;
        int k;           // which immediate is the count
        uint32_t bits;   // 32 or 64
    } rows[] = {
        {MW_OP_I32_SHL_IMM, 2, 32}, {MW_OP_I32_SHR_S_IMM, 2, 32}, {MW_OP_I32_SHR_U_IMM, 2, 32},
        {MW_OP_I32_ROTL_IMM, 2, 32}, {MW_OP_I32_ROTR_IMM, 2, 32},
        {MW_OP_I64_SHL_IMM, 2, 64}, {MW_OP_I64_SHR_S_IMM, 2, 64}, {MW_OP_I64_SHR_U_IMM, 2, 64},
        {MW_OP_I64_ROTL_IMM, 2, 64},
        {MW_OP_I32_SHL_SHR_U, 2, 32}, {MW_OP_I32_SHL_SHR_U, 3, 32}, {MW_OP_I32_SHR_U_AND, 2, 32},
        {MW_OP_I32_MUL_SHR_S, 3, 32}, {MW_OP_I32_ROTL_XOR, 3, 32}, {MW_OP_I32_SHL_OR, 3, 32},
        {MW_OP_I32_XOR_ROTL, 3, 32}, {MW_OP_I64_XOR_ROTL, 3, 64}, {MW_OP_I64_ROTL_XOR, 3, 64},
        {MW_OP_I32_ADD_ROTL, 3, 32}, {MW_OP_I32_ADD_ROTL_XOR, 4, 32}, {MW_OP_I32_ADD_ROTL_ADD, 4, 32},
        {MW_OP_I32_ROTL_ADD, 3, 32},
        {MW_OP_I64_SHL_ADD, 3, 64}, {MW_OP_I64_SHR_S_ADD, 3, 64}, {MW_OP_I64_SHR_U_ADD, 3, 64},
        {MW_OP_I64_SHL_OR, 3, 64}, {MW_OP_I64_SHR_U_OR, 3, 64}, {MW_OP_I64_SHR_U_XOR, 3, 64},
        {MW_OP_I32_SHR_S_ADD, 3, 32}, {MW_OP_I32_SHR_U_ADD, 3, 32}, {MW_OP_I32_SHR_U_OR, 3, 32},
        {MW_OP_I32_SHL_XOR, 3, 32}, {MW_OP_I32_SHR_U_XOR, 3, 32},
    };
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, "muladdc").func->u.wasm.def;
    CHECK(d->max_slots >= 3 && d->code_len > 8);
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]) && d->code_len > 8; i++) {
        for (uint32_t count = rows[i].bits - 1; count <= rows[i].bits; count++) {
            uint32_t v[MW_MAX_IMMS + 1] = {0, 1, 2, 2, 0xffu, 0};   // d a b ..: slots 0 1 2; SHR_U_AND's mask (put_op reads one past a pair)
            v[rows[i].k] = count;
            mw_detail det;
            uint32_t at;
            mw_status st = check_op_alone(rt, m, d, rows[i].op, v, &det, &at);
            bool want_ok = count < rows[i].bits;
            #if !MW_ALL_OPS
            if (!mw_op_in_set(rows[i].op)) {
                CHECK(st == MW_ERR_INVALID && det == MW_D_CODE_NOT_IN_SET && at == 0);     // (test_not_in_set)
                continue;
            }
            #else
            if ((!MW_FUSED_ARITH && rows[i].op >= MW_OP_I32_ADD_ROTL)
                || (rows[i].op >= MW_OP_F32_MUL_ADD && MW_FUSED_DROP(rows[i].op))) {
                // the full-only rows (MW_ADD_ROT_OP_LIST): unknown without MW_FUSED_ARITH;
                // a row this build leaves out (MW_FUSED_DROP)
                CHECK(st == MW_ERR_INVALID && det == MW_D_CODE_OP && at == 0);
                continue;
            }
            #endif
            if (want_ok ? st != MW_OK : st != MW_ERR_INVALID || det != MW_D_CODE_IMM || at != 0) {
                printf("  shift count row %u (op %u, count %u): %s\n", (unsigned)i, (unsigned)rows[i].op,
                    (unsigned)count, mw_status_str(st));
                CHECK(false);
            }
        }
    }
    close_inst(rt, m, inst);
}

// The ops an engine of the small profile runs (mw_config.h MW_ALL_OPS=0):
// every op but I32_DIV_S_IMM .. I32_REM_U_IMM and those from LOAD8_U_X on
// (MW_OP_LIST_MEM's fused address, value and load-and-branch ops, then the
// fused ops from F32_MUL_ADD on: its lowering never makes them; their
// handlers are left out, its op tables stop before them).
// Each op of the table written at the start of a function (its immediates
// 0): one outside the set is refused as such, at its unit, before anything
// else is checked; one inside never is. In an engine that runs every op
// (MW_ALL_OPS=1) no op of the table is unknown. (This build's own lowering
// making one outside the set: MW_CHECK_CODE fails its load, every test.)
static void test_not_in_set(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_carryrot, sizeof(wasm_carryrot), 0, &rt, &m);
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, "muladdc").func->u.wasm.def;
    CHECK(d->code_len > 2 + MW_MAX_IMMS * 4);
    int outside = 0;
    for (uint32_t op = 0; op < MW_OP_COUNT && d->code_len > 2 + MW_MAX_IMMS * 4; op++) {
        uint32_t v[MW_MAX_IMMS + 1] = {0};
        mw_detail det;
        uint32_t at;
        mw_status st = check_op_alone(rt, m, d, op, v, &det, &at);
        bool out = op >= MW_OP_LOAD8_U_X || (op >= MW_OP_I32_DIV_S_IMM && op <= MW_OP_I32_REM_U_IMM);
        outside += out;
        #if !MW_ALL_OPS
        bool refused = st == MW_ERR_INVALID && det == MW_D_CODE_NOT_IN_SET && at == 0;
        #else
        bool refused = op != MW_OP_LAZY && st == MW_ERR_INVALID && det == MW_D_CODE_OP;
        out = (!MW_FUSED_ARITH && op >= MW_OP_I32_ADD_ROTL)    // the full-only rows (MW_ADD_ROT_OP_LIST)
              || (op >= MW_OP_F32_MUL_ADD && MW_FUSED_DROP(op));  // and the rows this build leaves out
        #endif
        if (refused != out) {
            printf("  op %u: %s (detail %d at %u)\n", (unsigned)op, mw_status_str(st), (int)det, (unsigned)at);
            CHECK(false);
        }
    }
    CHECK(outside == 4 + 28 + (int)(MW_OP_COUNT - MW_OP_F32_MUL_ADD));   // 28: the fused address, value and load-and-branch ops
    close_inst(rt, m, inst);
}

// A Salsa20 quarter round of (a, b, c, a ^ c) in C (engine_addrot.wat "quarter")
static uint32_t quarter_ref(uint32_t a, uint32_t b, uint32_t c) {
    uint32_t d = a ^ c;
    b ^= rotl32_ref(a + d, 7);
    c ^= rotl32_ref(b + a, 9);
    d ^= rotl32_ref(c + b, 13);
    a ^= rotl32_ref(d + c, 18);
    return a ^ b ^ c ^ d;
}

// engine_addrot.wat against C on edge values (the sums wrap: UINT32_MAX + 1,
// INT32_MAX + 1, 2^31 + 2^31); call3 starts each result at 0xdeadbeef.., so
// an i32 one must come back zero-extended
static void check_add_rot_calls(mw_runtime *rt, mw_instance *inst) {
    static const uint32_t xs[] = {0, 1, 0x80000000u, 0x7fffffffu, 0xdeadbeefu, 0xffffffffu, 0x12345678u, 0x61707865u};
    enum { N = sizeof(xs) / sizeof(xs[0]) };
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            uint32_t a = xs[i], b = xs[j], c = xs[(i + 3 * j + 1) % N], s = a + b;
            CHECK(call3(rt, inst, "arotl7", a, b, c) == rotl32_ref(s, 7));
            CHECK(call3(rt, inst, "arotl0", a, b, c) == s);
            CHECK(call3(rt, inst, "arotr13", a, b, c) == rotl32_ref(s, 19));
            CHECK(call3(rt, inst, "arotl31", a, b, c) == rotl32_ref(s, 31));
            CHECK(call3(rt, inst, "salsa7", a, b, c) == (rotl32_ref(s, 7) ^ c));
            CHECK(call3(rt, inst, "salsa18", a, b, c) == (rotl32_ref(s, 18) ^ c));
            CHECK(call3(rt, inst, "salsa_r0", a, b, c) == (s ^ c));
            CHECK(call3(rt, inst, "md5_7", a, b, c) == (uint32_t)(rotl32_ref(s, 7) + c));
            CHECK(call3(rt, inst, "md5_r33", a, b, c) == (uint32_t)(rotl32_ref(s, 31) + c));
            CHECK(call3(rt, inst, "sha1_5", a, b, c) == (uint32_t)(rotl32_ref(a, 5) + b));
            CHECK(call3(rt, inst, "sha1_r2", a, b, c) == (uint32_t)(rotl32_ref(a, 30) + b));
            CHECK(call3(rt, inst, "sha1_0", a, b, c) == (uint32_t)(a + b));
            CHECK(call3(rt, inst, "quarter", a, b, c) == quarter_ref(a, b, c));
            CHECK(call3(rt, inst, "arot_tee", a, b, c) == (rotl32_ref(s, 7) ^ s));
            CHECK(call3(rt, inst, "arot_var", a, b, c) == (rotl32_ref(s, c) ^ c));
            CHECK(call3(rt, inst, "srot", a, b, c) == (rotl32_ref(a - b, 7) ^ c));
            CHECK(call3(rt, inst, "rot_sub", a, b, c) == (uint32_t)(rotl32_ref(a, 7) - b));
        }
    }
    uint64_t x = 0xfedcba9876543210u, y = 0x0123456789abcdefu, z = 0xffffffff00000001u, sum = x + y;
    CHECK(call3(rt, inst, "a64rot", x, y, z) == (((sum << 7) | (sum >> 57)) ^ z));
}

// Sums rotated by a constant (engine_addrot.wat, mw_int.h MW_ADD_ROT_OP_LIST):
// each pattern one fused op (the full profile), computing what C does; a
// teed sum, a rotation by a parameter, a sub and an i64 sum stay apart. A
// build without MW_FUSED_ARITH neither makes nor runs them: the same results
// unfused, and mw_code_check refuses one written into a function by hand
// (the small profile's MW_ALL_OPS=0: outside mw_op_in_set; else an unknown
// op).
static void test_add_rot(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_addrot, sizeof(wasm_addrot), 0, &rt, &m);
    check_add_rot_calls(rt, inst);
    static const struct {
        const char *name;
        uint32_t op;
        int n;
    } rows[] = {
        {"arotl7", MW_OP_I32_ADD_ROTL, 1}, {"arotl0", MW_OP_I32_ADD_ROTL, 1}, {"arotr13", MW_OP_I32_ADD_ROTL, 1},
        {"arotl31", MW_OP_I32_ADD_ROTL, 1}, {"salsa7", MW_OP_I32_ADD_ROTL_XOR, 1},
        {"salsa18", MW_OP_I32_ADD_ROTL_XOR, 1}, {"salsa_r0", MW_OP_I32_ADD_ROTL_XOR, 1},
        {"md5_7", MW_OP_I32_ADD_ROTL_ADD, 1}, {"md5_r33", MW_OP_I32_ADD_ROTL_ADD, 1}, {"sha1_5", MW_OP_I32_ROTL_ADD, 1},
        {"sha1_r2", MW_OP_I32_ROTL_ADD, 1}, {"sha1_0", MW_OP_I32_ROTL_ADD, 1}, {"quarter", MW_OP_I32_ADD_ROTL_XOR, 4},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        int n = 0;
        for (uint32_t op = MW_OP_I32_ADD_ROTL; op <= MW_OP_I32_ROTL_ADD; op++) {
            n += count_op(inst, rows[i].name, op);
        }
        // the one fused op of the row, and no other of the family
        CHECK(count_op(inst, rows[i].name, rows[i].op) == (MW_FUSED_ARITH ? rows[i].n : 0));
        CHECK(n == (MW_FUSED_ARITH ? rows[i].n : 0));
    }
    static const char *const apart[] = {"arot_tee", "arot_var", "srot", "rot_sub", "a64rot"};
    for (int i = 0; i < 5; i++) {
        for (uint32_t op = MW_OP_I32_ADD_ROTL; op <= MW_OP_I32_ROTL_ADD; op++) {
            CHECK(count_op(inst, apart[i], op) == 0);
        }
    }
    // by hand, each op as the first of a function of 3 parameters: checked
    // (the full profile) or refused as an op this build has no handler for
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, "quarter").func->u.wasm.def;
    CHECK(d->max_slots >= 4 && d->code_len > 8);
    if (d->code_len > 8) {
        static const uint32_t v[MW_MAX_IMMS + 1] = {3, 0, 1, 2, 7, 0};
        check_fused_arith_alone(rt, m, d, MW_OP_I32_ADD_ROTL, MW_OP_I32_ROTL_ADD, v);
    }
    close_inst(rt, m, inst);
}

// engine_shiftcomb.wat against C on edge values (the sums wrap; signed
// shifts of negative values; call3 starts each result at 0xdeadbeef.., so an
// i32 one of i32 parameters must come back zero-extended; l_wrap's result
// is in its i64 parameter's slot, whose high half an i32 op leaves)
static void check_shift_comb_calls(mw_runtime *rt, mw_instance *inst) {
    static const uint64_t xs[] = {0, 1, 0x8000000000000000u, 0x7fffffffffffffffu, 0xffffffffffffffffu,
                                  0x0123456789abcdefu, 0xfedcba9876543210u, 0x000fffff80000001u};
    enum { N = sizeof(xs) / sizeof(xs[0]) };
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            uint64_t a = xs[i], b = xs[j], c = xs[(i + 3 * j + 1) % N];
            int64_t sa = (int64_t)a;
            CHECK(call3(rt, inst, "l_shr_u_add52", a, b, c) == b + (a >> 52));
            CHECK(call3(rt, inst, "l_shr_u_add0", a, b, c) == a + b);
            CHECK(call3(rt, inst, "l_shr_u_add63", a, b, c) == (a >> 63) + b);
            CHECK(call3(rt, inst, "l_shr_u_add64", a, b, c) == a + b);
            CHECK(call3(rt, inst, "l_carry_mask", a, b, c) == ((b + (a >> 52)) & 0xfffffffffffffu));
            CHECK(call3(rt, inst, "l_shr_s_add26", a, b, c) == b + (uint64_t)(sa < 0 ? ~(~sa >> 26) : sa >> 26));
            CHECK(call3(rt, inst, "l_shr_s_add63", a, b, c) == (sa < 0 ? b - 1 : b));
            CHECK(call3(rt, inst, "l_shl_add12", a, b, c) == (a << 12) + b);
            CHECK(call3(rt, inst, "l_shl_add63", a, b, c) == b + (a << 63));
            CHECK(call3(rt, inst, "l_join", a, b, c) == ((b << 12) | (a >> 52)));
            CHECK(call3(rt, inst, "l_shl_or63", a, b, c) == (b | (a << 63)));
            CHECK(call3(rt, inst, "l_shr_u_or0", a, b, c) == (a | b));
            CHECK(call3(rt, inst, "l_mix33", a, b, c) == (a ^ (a >> 33)));
            CHECK(call3(rt, inst, "l_shr_u_xor63", a, b, c) == ((a >> 63) ^ b));
            CHECK(call3(rt, inst, "l_var", a, b, c) == b + (a >> (c & 63)));
            CHECK(call3(rt, inst, "l_tee", a, b, c) == (a >> 52) * 2);
            CHECK(call3(rt, inst, "l_sub", a, b, c) == b - (a >> 52));
            CHECK(call3(rt, inst, "l_and", a, b, c) == (b & (a >> 4)));
            CHECK(call3(rt, inst, "l_shr_s_or", a, b, c) == (b | (uint64_t)(sa < 0 ? ~(~sa >> 4) : sa >> 4)));
            uint32_t x = (uint32_t)a, y = (uint32_t)(b >> 16), z = (uint32_t)c;
            int32_t sx = (int32_t)x;
            CHECK((uint32_t)call3(rt, inst, "l_wrap", a, y, z) == (uint32_t)((a >> 32) + y));   // (an i32 op writes the low half)
            CHECK(call3(rt, inst, "shr_s_add15", x, y, z) == y + (uint32_t)(sx < 0 ? ~(~sx >> 15) : sx >> 15));
            CHECK(call3(rt, inst, "shr_s_add31", x, y, z) == (uint32_t)(sx < 0 ? y - 1 : y));
            CHECK(call3(rt, inst, "shr_u_add7", x, y, z) == (uint32_t)((x >> 7) + y));
            CHECK(call3(rt, inst, "shr_u_add32", x, y, z) == (uint32_t)(x + y));
            CHECK(call3(rt, inst, "shr_u_or24", x, y, z) == (y | (x >> 24)));
            CHECK(call3(rt, inst, "shl_xor13", x, y, z) == (y ^ (uint32_t)(x << 13)));
            CHECK(call3(rt, inst, "shl_xor31", x, y, z) == ((uint32_t)(x << 31) ^ y));
            CHECK(call3(rt, inst, "shr_u_xor17", x, y, z) == ((x >> 17) ^ x));
            CHECK(call3(rt, inst, "shr_u_xor0", x, y, z) == (y ^ x));
            CHECK(call3(rt, inst, "var32", x, y, z) == (y ^ (x >> (z & 31))));
            CHECK(call3(rt, inst, "shl_or", x, y, z) == (y | (uint32_t)(x << 8)));
            CHECK(call3(rt, inst, "shl_add", x, y, z) == (uint32_t)(y + (x << 3)));
        }
    }
}

// A shift by a constant feeding an add, or or xor (engine_shiftcomb.wat,
// mw_int.h MW_SHIFT_COMB_OP_LIST): each pattern its one fused op (the full
// profile), computing what C does; a shift by a parameter, a teed shift, a
// subtract, an and, a wrapped i64 shift into an i32 add and the pairs
// without a row stay apart. A build without MW_FUSED_ARITH neither makes nor
// runs them: the same results unfused, and mw_code_check refuses one written
// into a function by hand.
static void test_shift_comb(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_shiftcomb, sizeof(wasm_shiftcomb), 0, &rt, &m);
    check_shift_comb_calls(rt, inst);
    static const struct {
        const char *name;
        uint32_t op;
    } rows[] = {
        {"l_shr_u_add52", MW_OP_I64_SHR_U_ADD}, {"l_shr_u_add0", MW_OP_I64_SHR_U_ADD},
        {"l_shr_u_add63", MW_OP_I64_SHR_U_ADD}, {"l_shr_u_add64", MW_OP_I64_SHR_U_ADD},
        {"l_carry_mask", MW_OP_I64_SHR_U_ADD}, {"l_shr_s_add26", MW_OP_I64_SHR_S_ADD},
        {"l_shr_s_add63", MW_OP_I64_SHR_S_ADD}, {"l_shl_add12", MW_OP_I64_SHL_ADD}, {"l_shl_add63", MW_OP_I64_SHL_ADD},
        {"l_join", MW_OP_I64_SHR_U_OR}, {"l_shl_or63", MW_OP_I64_SHL_OR}, {"l_shr_u_or0", MW_OP_I64_SHR_U_OR},
        {"l_mix33", MW_OP_I64_SHR_U_XOR}, {"l_shr_u_xor63", MW_OP_I64_SHR_U_XOR},
        {"shr_s_add15", MW_OP_I32_SHR_S_ADD}, {"shr_s_add31", MW_OP_I32_SHR_S_ADD}, {"shr_u_add7", MW_OP_I32_SHR_U_ADD},
        {"shr_u_add32", MW_OP_I32_SHR_U_ADD}, {"shr_u_or24", MW_OP_I32_SHR_U_OR}, {"shl_xor13", MW_OP_I32_SHL_XOR},
        {"shl_xor31", MW_OP_I32_SHL_XOR}, {"shr_u_xor17", MW_OP_I32_SHR_U_XOR}, {"shr_u_xor0", MW_OP_I32_SHR_U_XOR},
        {"l_var", MW_OP_COUNT}, {"l_tee", MW_OP_COUNT}, {"l_sub", MW_OP_COUNT}, {"l_and", MW_OP_COUNT},
        {"l_shr_s_or", MW_OP_COUNT}, {"l_wrap", MW_OP_COUNT}, {"var32", MW_OP_COUNT}, {"shl_or", MW_OP_COUNT},
        {"shl_add", MW_OP_COUNT},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        int n = 0;
        for (uint32_t op = MW_OP_I64_SHL_ADD; op <= MW_OP_I32_SHR_U_XOR; op++) {
            n += count_op(inst, rows[i].name, op);
        }
        // the one fused op of the row, and no other of the family
        bool fused = MW_FUSED_ARITH && rows[i].op != MW_OP_COUNT;
        CHECK(n == (fused ? 1 : 0));
        CHECK(!fused || count_op(inst, rows[i].name, rows[i].op) == 1);
    }
    CHECK(count_op(inst, "shl_or", MW_OP_I32_SHL_OR) == (MW_FUSED_ARITH ? 1 : 0));
    CHECK(count_op(inst, "shl_add", MW_OP_I32_ADD_MUL) == 1);
    // by hand, each op as the first of a function of 3 parameters: checked
    // (the full profile) or refused as an op this build has no handler for
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, "l_join").func->u.wasm.def;
    CHECK(d->max_slots >= 4 && d->code_len > 6);
    if (d->code_len > 6) {
        static const uint32_t v[MW_MAX_IMMS + 1] = {3, 0, 1, 31, 0};
        check_fused_arith_alone(rt, m, d, MW_OP_I64_SHL_ADD, MW_OP_I32_SHR_U_XOR, v);
    }
    close_inst(rt, m, inst);
}

// Sums stored (engine_addstore.wat): each row a call of three arguments
// (name, p, a, b), then what rd32(at) reads back; a status other than MW_OK
// is a trap after which `at` still holds `want` (stored nothing).
static void check_addstore_calls(mw_runtime *rt, mw_instance *inst) {
    static const struct {
        const char *name;
        uint32_t args[3];
        mw_status st;
        uint32_t at, want;
    } rows[] = {
        {"st", {0, 1, 2}, MW_OK, 0, 3},
        {"st", {4, 5, 5}, MW_OK, 4, 10},
        {"st", {4, 0xffffffffu, 1}, MW_OK, 4, 0},
        {"st", {8, 0x80000000u, 0x80000000u}, MW_OK, 8, 0},
        {"st", {8, 0x7fffffffu, 1}, MW_OK, 8, 0x80000000u},
        {"st", {65532, 0x01020300u, 4}, MW_OK, 65532, 0x01020304u},
        {"st", {65533, 1, 1}, MW_TRAP_MEM_OOB, 65532, 0x01020304u},
        {"st", {65535, 1, 1}, MW_TRAP_MEM_OOB, 65532, 0x01020304u},
        {"st", {0xfffffffcu, 1, 1}, MW_TRAP_MEM_OOB, 0, 3},
        {"st4", {65528, 10, 20}, MW_OK, 65532, 30},
        {"st4", {65529, 1, 1}, MW_TRAP_MEM_OOB, 65532, 30},
        {"st4", {0xfffffffcu, 7, 7}, MW_TRAP_MEM_OOB, 0, 3},
        {"st_tee", {12, 0xfffffffeu, 3}, MW_OK, 12, 1},
        {"st_tee", {65533, 2, 3}, MW_TRAP_MEM_OOB, 12, 1},
        {"st_label", {16, 7, 0xfffffff9u}, MW_OK, 16, 0},
        {"st_label", {0xffffffffu, 7, 1}, MW_TRAP_MEM_OOB, 16, 0},
        {"st_block", {20, 9, 0xfffffff9u}, MW_OK, 20, 2},
        {"st_block", {65533, 1, 1}, MW_TRAP_MEM_OOB, 20, 2},
        {"st64", {24, 0xffffffffu, 1}, MW_OK, 28, 1},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        uint32_t r = 0xdeadbeefu;
        mw_status st = call_i32(rt, inst, rows[i].name, 3, rows[i].args, &r, NULL);
        bool ok = st == rows[i].st;
        if (ok && rows[i].st == MW_OK && !strcmp(rows[i].name, "st_tee")) {
            ok = r == ((rows[i].args[1] + rows[i].args[2]) ^ 1);
        }
        uint32_t at = rows[i].at, v = 0;
        ok = ok && call_i32(rt, inst, "rd32", 1, &at, &v, NULL) == MW_OK && v == rows[i].want;
        if (!ok) {
            printf("addstore row %u: %s gave status %d, memory 0x%x\n", (unsigned)i, rows[i].name, (int)st, (unsigned)v);
        }
        CHECK(ok);
    }
}

// An i32.add whose result only the i32.store after it reads: STORE32_XVR
// (lower.c fuse_value) where lowering makes it; the small profile makes
// none and runs one as the plain add: fused by hand there, the same calls.
// Shifts left by constants feeding ors (engine_shlor.wat), as
// check_rotl_xor_calls.
static void check_shl_or_calls(mw_runtime *rt, mw_instance *inst) {
    static const uint32_t xs[] = {0, 1, 0x80000000u, 0x7fffffffu, 0xdeadbeefu, 0xffffffffu, 0x12345678u};
    for (int i = 0; i < 7; i++) {
        for (int j = 0; j < 7; j++) {
            uint32_t a = xs[i], b = xs[j];
            CHECK(call3(rt, inst, "shl8", a, b, 0) == ((a << 8) | b));
            CHECK(call3(rt, inst, "shl0", a, b, 0) == (a | b));
            CHECK(call3(rt, inst, "shl33", a, b, 0) == ((a << 1) | b));
            CHECK(call3(rt, inst, "shl31", a, b, 0) == ((a << 31) | b));
            CHECK(call3(rt, inst, "shl_var", a, b, 0) == ((a << (b & 31)) | b));
            CHECK(call3(rt, inst, "shl_tee", a, b, 0) == (uint32_t)(((a << 9) | b) + (a << 9)));
            CHECK(call3(rt, inst, "shl_xor", a, b, 0) == ((a << 8) ^ b));
            CHECK((uint32_t)call3(rt, inst, "shl64", a, b, 0) == b);
        }
    }
    CHECK(call3(rt, inst, "word", 16, 0, 0) == 0x44f38201u);
    CHECK(call3(rt, inst, "word", 17, 0, 0) == 0x0044f382u);
}

// A shift left by a constant feeding an or (engine_shlor.wat): one
// I32_SHL_OR, counts 0 (32), 1 (33), 8 and 31, results zero-extended (call3
// starts them at 0xdeadbeef..); by a parameter, kept in a local, into an xor
// or i64 it stays two ops; the word of four bytes has two (the third shift
// feeds the SHL_OR that is emitted before it). The small
// profile makes none: fused by hand there ("t x k" then "d a b" into
// "d x c k", the code after it moved up), it must compute the same.
static void test_shl_or(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_shlor, sizeof(wasm_shlor), 0, &rt, &m);
    check_shl_or_calls(rt, inst);
    static const char *const names[] = {"shl8", "shl0", "shl33", "shl31"};
    for (int i = 0; i < 4; i++) {
        CHECK(count_op(inst, names[i], MW_OP_I32_SHL_OR) == MW_FUSED_ARITH);
        CHECK(count_op(inst, names[i], MW_OP_I32_OR) == !MW_FUSED_ARITH);
        if (!HAND_ARITH) {
            continue;
        }
        CHECK(fuse_shift_by_hand(inst, names[i], MW_OP_I32_SHL_IMM, false, MW_OP_I32_OR, MW_OP_I32_SHL_OR) == 1);
    }
    static const char *const apart[] = {"shl_var", "shl_tee", "shl_xor", "shl64"};
    for (int i = 0; i < 4; i++) {
        CHECK(count_op(inst, apart[i], MW_OP_I32_SHL_OR) == 0);
    }
    CHECK(count_op(inst, "word", MW_OP_I32_SHL_OR) == 2 * MW_FUSED_ARITH);
    if (HAND_ARITH) {
        check_shl_or_calls(rt, inst);
    }
    close_inst(rt, m, inst);
}

// The small profile makes no promote fusion (F64_ADD_PROMOTE,
// F64_MUL_PROMOTE): in function `name`, each F64_PROMOTE_F32 "t x" whose t
// the `bin` "d a b" right after it reads as b is rewritten by hand into
// `fused` "d a x" (put_op) and a JMP to the next instruction, RETURN0s between
// (in the six units of the two: "t x" 3, "d a b" 3 with d a a slot pair); returns how many were.
static int promote_fuse_by_hand(mw_instance *inst, const char *name, uint32_t bin, uint32_t fused) {
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, name).func->u.wasm.def;
    int n = 0;
    for (uint32_t k = 0; k < d->code_len;) {
        uint32_t o = d->code[k], next = op_end(d, k), v[MW_MAX_IMMS], w[MW_MAX_IMMS];
        if (o == MW_OP_F64_PROMOTE_F32 && next < d->code_len && d->code[next] == bin) {
            mw_code_imms(d->code + k, v);       // "t x"
            mw_code_imms(d->code + next, w);    // "d a b"
            uint32_t end = op_end(d, next);
            if (w[2] == v[0]) {
                uint32_t f[MW_MAX_IMMS] = {w[0], w[1], v[1], 0, 0};
                next = rewrite_fused(d, k, end, fused, f);  // the walk goes on at the JMP
                n++;
            }
        }
        k = next;
    }
    return n;
}

static uint64_t f64_bits(double f) {
    mw_val v;
    v.f64 = f;
    return v.i64;
}

// The f64 a op (double)b of C, where that is not a NaN (the spec fixes those
// bits); a NaN result only needs to be an arithmetic NaN (quiet bit set).
static bool promote_result_ok(uint64_t got, uint64_t a, uint32_t b, bool mul) {
    mw_val va, vb;
    va.i64 = a;
    vb.i64 = b;
    double want = mul ? va.f64 * (double)vb.f32 : va.f64 + (double)vb.f32;
    if (want != want) {
        return (got & 0x7ff8000000000000u) == 0x7ff8000000000000u;
    }
    return got == f64_bits(want);
}

// f64.promote_f32 feeding f64.add / f64.mul (engine_promote.wat; `*_left`
// the two ops, on the left), over
// doubles and floats at the edges (signed zeros, subnormals, the largest,
// infinities, quiet and signalling NaNs with payloads): the fused function
// gives the bits of the same two ops kept apart (`*_ref`; with two NaNs
// those of either operand order), and C's a op b
// for every result that is not a NaN (an f64 add: 1 + 2^-32 plus 1.0f keeps
// the 2^-32 that an f32 sum would lose).
static void check_promote_calls(mw_runtime *rt, mw_instance *inst) {
    static const uint64_t as[] = {0, 0x8000000000000000u, 0x3ff0000000000000u, 0x3ff0000000100000u,
                                  0xc00c000000000000u, 0x7ff0000000000000u, 0xfff0000000000000u, 0x7fe1ccf385ebc8a0u,
                                  1, 0x7ff8000000000000u, 0x7ff4000000000001u, 0xfff8000000000123u};
    static const uint32_t bs[] = {0, 0x80000000u, 0x3f800000u, 0x3f800001u, 1, 0x807fffffu, 0x7f7fffffu,
                                  0x7f800000u, 0xff800000u, 0x7fc00000u, 0x7fa00001u, 0xffc12345u, 0x40400000u};
    for (int i = 0; i < 12; i++) {
        for (int j = 0; j < 13; j++) {
            uint64_t a = as[i];
            uint32_t b = bs[j];
            uint64_t add = call3(rt, inst, "add", a, b, 0), mul = call3(rt, inst, "mul", a, b, 0);
            // two NaNs: the spec lets either come out (4.3.3, nans), and which
            // one the plain F64_ADD gives is the compiler's operand order:
            // the fused op may give the other order's
            bool nans = (a & 0x7fffffffffffffffu) > 0x7ff0000000000000u && (b & 0x7fffffffu) > 0x7f800000u;
            uint64_t add_ref = call3(rt, inst, "add_ref", a, b, 0), mul_ref = call3(rt, inst, "mul_ref", a, b, 0);
            CHECK(add == add_ref || (nans && add == call3(rt, inst, "add_left_ref", a, b, 0)));
            CHECK(mul == mul_ref || (nans && mul == call3(rt, inst, "mul_left_ref", a, b, 0)));
            uint64_t add_l = call3(rt, inst, "add_left", a, b, 0), mul_l = call3(rt, inst, "mul_left", a, b, 0);
            uint64_t add_l_ref = call3(rt, inst, "add_left_ref", a, b, 0);
            uint64_t mul_l_ref = call3(rt, inst, "mul_left_ref", a, b, 0);
            CHECK(add_l == add_l_ref && mul_l == mul_l_ref);     // two ops each
            CHECK(promote_result_ok(add, a, b, false) && promote_result_ok(add_l, a, b, false));
            CHECK(promote_result_ok(mul, a, b, true) && promote_result_ok(mul_l, a, b, true));
            CHECK(promote_result_ok(call3(rt, inst, "sub", a, b, 0), a, (b ^ 0x80000000u), false));
        }
    }
    CHECK(call3(rt, inst, "add", 0x3ff0000000100000u, 0x3f800000u, 0) == 0x4000000000080000u);
    CHECK(call3(rt, inst, "mul", 0x3ff0000000100000u, 0x40400000u, 0) == f64_bits(3.0 * (1.0 + 0x1p-32)));
    CHECK(call3(rt, inst, "add", 0x8000000000000000u, 0x80000000u, 0) == 0x8000000000000000u);
    CHECK(call3(rt, inst, "add", 0, 0x80000000u, 0) == 0);
    CHECK(call3(rt, inst, "mul", 0x8000000000000000u, 0x3f800000u, 0) == 0x8000000000000000u);
    CHECK(call3(rt, inst, "mul", 0x7fe1ccf385ebc8a0u, 0x7f7fffffu, 0) == 0x7ff0000000000000u);
    CHECK(call3(rt, inst, "add", 0, 1, 0) == 0x36a0000000000000u);      // 2^-149, exactly
    // the sum of a float product: the product rounded to f32 first
    // (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24 is 1 + 2^-11 as an f32
    CHECK(call3(rt, inst, "acc", 0, 0x3f800800u, 0x3f800800u) == f64_bits(1.0 + 0x1p-11));
    CHECK(call3(rt, inst, "acc", f64_bits(-1.0), 0x40400000u, 0x40a00000u) == f64_bits(14.0));
    // ((a + b) * b): the fused ops write the accumulator's local
    CHECK(call3(rt, inst, "acc_local", f64_bits(0.5), 0x40400000u, 0) == f64_bits(10.5));
}

// A LEB128 u32 at p; its length.
static size_t put_leb(uint8_t *p, uint32_t v) {
    size_t n = 0;
    do {
        p[n++] = (uint8_t)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        v >>= 7;
    } while (v != 0);
    return n;
}

// far_module's and table_module's add: local.get 1, i32.const 3, i32.add,
// local.set 1 (four units lowered)
static const uint8_t acc_add[] = {0x20, 1, 0x41, 3, 0x6a, 0x21, 1};

// A module of one function "f" (i32) -> i32 whose body is `body` bytes
// long: its bytes up to the body's, at buf; their length (where the body
// goes).
static size_t put_f_module_head(uint8_t *buf, uint32_t body) {
    static const uint8_t head[] = {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 6, 1, 0x60, 1, 0x7f, 1, 0x7f, 3, 2, 1, 0,
                                   7, 5, 1, 1, 'f', 0, 0};
    uint8_t lb[5];
    size_t nb = put_leb(lb, body), at = sizeof(head);
    memcpy(buf, head, sizeof(head));
    buf[at++] = 10;
    at += put_leb(buf + at, (uint32_t)(1 + nb + body));
    buf[at++] = 1;
    memcpy(buf + at, lb, nb);
    return at + nb;
}

// n acc_adds at buf + at, then the post bytes; the length at buf.
static size_t put_adds_then(uint8_t *buf, size_t at, uint32_t n, const uint8_t *post, size_t npost) {
    for (uint32_t i = 0; i < n; i++, at += sizeof(acc_add)) {
        memcpy(buf + at, acc_add, sizeof(acc_add));
    }
    memcpy(buf + at, post, npost);
    return at + npost;
}

// A module exporting "f" (i32) -> i32: acc = 0; block (br_if 0 (x == 0)),
// then n times acc += 3 (four units each), end; acc. Its length at buf.
static size_t far_module(uint8_t *buf, uint32_t n) {
    static const uint8_t pre[] = {1, 1, 0x7f, 0x02, 0x40, 0x20, 0, 0x45, 0x0d, 0};   // i32 local; block; eqz; br_if 0
    static const uint8_t post[] = {0x0b, 0x20, 1, 0x0b};
    size_t at = put_f_module_head(buf, (uint32_t)(sizeof(pre) + n * sizeof(acc_add) + sizeof(post)));
    memcpy(buf + at, pre, sizeof(pre));
    return put_adds_then(buf, at + sizeof(pre), n, post, sizeof(post));
}

// Branch targets reach 32 K units (format 37): 100 additions are near, 9,000
// put the br_if's label beyond; lowered through JMP_FAR (MW_FAR_LOWERING) or
// refused with its detail (the small profile). tests/host/test_far_branches.py
// covers every kind of branch on the host.
static void test_far_branch(void) {
    static const uint32_t ns[] = {100, 9000};
    uint8_t *buf = malloc(9000 * 7 + 64);
    CHECK(buf != NULL);
    for (int i = 0; i < 2 && buf != NULL; i++) {
        size_t len = far_module(buf, ns[i]);
        mw_runtime *rt = new_rt(0);
        mw_module *m = NULL;
        mw_status st = mw_module_load(rt, buf, len, 0, &m);
        if (i == 1 && !MW_FAR_LOWERING) {
            CHECK(st == MW_ERR_INVALID && m == NULL);
            CHECK(strcmp(mw_last_report(rt)->msg, "branch beyond 32 K code units") == 0);
            mw_runtime_free(rt);
            continue;
        }
        CHECK(st == MW_OK);
        mw_instance *inst = NULL;
        CHECK(m != NULL && mw_instantiate(rt, m, NULL, NULL, &inst) == MW_OK);
        uint32_t r = 1, zero = 0, one = 1;
        CHECK(call_i32(rt, inst, "f", 1, &zero, &r, NULL) == MW_OK && r == 0);
        CHECK(call_i32(rt, inst, "f", 1, &one, &r, NULL) == MW_OK && r == 3 * ns[i]);
        close_inst(rt, m, inst);
    }
    free(buf);
}

// A module exporting "f" (i32) -> i32: acc = 0; three blocks, in the
// innermost a br_table of n entries (labels 1, 2 in turn, default 0); after
// it acc = 7, then `adds` times acc += 3 (four units each); at the middle
// block's end acc += 100. Its length at buf.
static size_t table_module(uint8_t *buf, uint32_t n, uint32_t adds) {
    static const uint8_t pre[] = {1, 1, 0x7f, 0x02, 0x40, 0x02, 0x40, 0x02, 0x40, 0x20, 0, 0x0e};
    static const uint8_t mid[] = {0, 0x0b, 0x41, 7, 0x21, 1};             // default 0; end; acc = 7
    static const uint8_t post[] = {0x0b, 0x20, 1, 0x41, 0xe4, 0x00, 0x6a, 0x21, 1, 0x0b, 0x20, 1, 0x0b};
    uint8_t ln[5];
    size_t nl = put_leb(ln, n);
    size_t at = put_f_module_head(buf, (uint32_t)(sizeof(pre) + nl + n + sizeof(mid) + adds * sizeof(acc_add)
                                                  + sizeof(post)));
    memcpy(buf + at, pre, sizeof(pre));
    at += sizeof(pre);
    memcpy(buf + at, ln, nl);
    at += nl;
    for (uint32_t i = 0; i < n; i++) {
        buf[at++] = (uint8_t)(1 + i % 2);
    }
    memcpy(buf + at, mid, sizeof(mid));
    return put_adds_then(buf, at + sizeof(mid), adds, post, sizeof(post));
}

// A br_table of thousands of entries in a function near or beyond 32 K
// units. 6,000 entries over 5,000 additions: ~26 K units compact (near),
// over 40 K threaded, where every branch goes far, each entry through an
// island of its own: half of them before the table and half after it
// (lower_branch.c), all before put the first entry's 42 K units away (cmark
// did not load threaded). 12,000 entries over 9,000 additions, every entry
// far in compact code: ~18 K units to an island, 36 K with all before;
// threaded (7 units an island) beyond reach even so, refused with the
// detail, as where there is no far lowering (the small profile).
static void test_far_br_table(void) {
    static const uint32_t ns[] = {6000, 12000}, adds[] = {5000, 9000};
    uint8_t *buf = malloc(12000 + 9000 * 7 + 128);
    CHECK(buf != NULL);
    for (int i = 0; i < 2 && buf != NULL; i++) {
        size_t len = table_module(buf, ns[i], adds[i]);
        mw_runtime *rt = new_rt(0);
        mw_module *m = NULL;
        mw_status st = mw_module_load(rt, buf, len, 0, &m);
        if (i == 1 && (!MW_FAR_LOWERING || MW_THREADED)) {
            CHECK(st == MW_ERR_INVALID && m == NULL);
            CHECK(strcmp(mw_last_report(rt)->msg, "branch beyond 32 K code units") == 0);
            mw_runtime_free(rt);
            continue;
        }
        CHECK(st == MW_OK);
        mw_instance *inst = NULL;
        CHECK(m != NULL && mw_instantiate(rt, m, NULL, NULL, &inst) == MW_OK);
        uint32_t r = 1, x[] = {0, 1, ns[i] - 2, ns[i] - 1, ns[i], 0x7fffffffu};
        uint32_t want[] = {100, 0, 100, 0, 7 + 3 * adds[i] + 100, 7 + 3 * adds[i] + 100};
        for (int k = 0; k < 6; k++) {
            r = 1;
            CHECK(call_i32(rt, inst, "f", 1, &x[k], &r, NULL) == MW_OK && r == want[k]);
        }
        close_inst(rt, m, inst);
    }
    free(buf);
}

// The small profile makes no F64_MUL_PROMOTE_ADD: F64_PROMOTE_F32 "t y",
// F64_MUL "p x t", F64_ADD "d c p" (or "d p c") in a row made into
// F64_MUL_PROMOTE_ADD "d x y c" by hand, the units left a JMP past them.
static int mpa_fuse_by_hand(mw_instance *inst, const char *name) {
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, name).func->u.wasm.def;
    int n = 0;
    for (uint32_t k = 0; k < d->code_len;) {
        uint32_t next = op_end(d, k), v[MW_MAX_IMMS], w[MW_MAX_IMMS], u[MW_MAX_IMMS];
        uint32_t third = next < d->code_len ? op_end(d, next) : d->code_len;
        if (d->code[k] == MW_OP_F64_PROMOTE_F32 && third < d->code_len && d->code[next] == MW_OP_F64_MUL
            && d->code[third] == MW_OP_F64_ADD) {
            mw_code_imms(d->code + k, v);        // "t y"
            mw_code_imms(d->code + next, w);     // "p x t"
            mw_code_imms(d->code + third, u);    // "d c p" / "d p c"
            uint32_t end = op_end(d, third);
            if (w[2] == v[0] && (u[1] == w[0] || u[2] == w[0])) {
                uint32_t f[MW_MAX_IMMS] = {u[0], w[1], v[1], u[1] == w[0] ? u[2] : u[1], 0};
                next = rewrite_fused(d, k, end, MW_OP_F64_MUL_PROMOTE_ADD, f);  // the walk goes on at the JMP
                n++;
            }
        }
        k = next;
    }
    return n;
}

// c + a * promote(b) (engine_promote.wat `mpa`, `mpa_left`): the bits of the
// three ops kept apart (`*_ref`; with NaNs, those of either add order), and
// C's product rounded, then the sum (two roundings, never a fused
// multiply-add) where that is not a NaN.
static void check_mpa_calls(mw_runtime *rt, mw_instance *inst) {
    static const uint64_t as[] = {0, 0x8000000000000000u, 0x3ff0000000000000u, 0x3ff0000000400000u,
                                  0xc00c000000000000u, 0x7ff0000000000000u, 0xfff0000000000000u, 0x7fe1ccf385ebc8a0u,
                                  1, 0x7ff8000000000000u, 0x7ff4000000000001u, 0xfff8000000000123u};
    static const uint32_t bs[] = {0, 0x80000000u, 0x3f800000u, 0x3f800001u, 1, 0x807fffffu, 0x7f7fffffu,
                                  0x7f800000u, 0xff800000u, 0x7fc00000u, 0x7fa00001u, 0xffc12345u, 0x40400000u};
    static const uint64_t cs[] = {0, 0x8000000000000000u, 0xbff0000000000000u, 0x7fefffffffffffffu,
                                  0xfff0000000000000u, 0x7ff4000000000002u, 0x8000000000000001u};
    for (int i = 0; i < 12; i++) {
        for (int j = 0; j < 13; j++) {
            for (int l = 0; l < 7; l++) {
                uint64_t a = as[i], c = cs[l];
                uint32_t b = bs[j];
                uint64_t args[3] = {c, a, b};
                uint64_t got = call3(rt, inst, "mpa", args[0], args[1], args[2]);
                uint64_t got_l = call3(rt, inst, "mpa_left", args[0], args[1], args[2]);
                uint64_t ref = call3(rt, inst, "mpa_ref", args[0], args[1], args[2]);
                uint64_t ref_l = call3(rt, inst, "mpa_left_ref", args[0], args[1], args[2]);
                mw_val va, vb, vc;
                va.i64 = a;
                vb.i64 = b;
                vc.i64 = c;
                volatile double p = va.f64 * (double)vb.f32;
                double want = p + vc.f64;
                bool nan = want != want;
                // with two NaN operands (of the multiply or of the add) the
                // spec lets either come out, and the compiler's operand order
                // picks it (4.3.3): then any of them
                int nans = (va.f64 != va.f64) + (vb.f32 != vb.f32) + (vc.f64 != vc.f64)
                           + (va.f64 * (double)vb.f32 != va.f64 * (double)vb.f32 && va.f64 == va.f64
                              && vb.f32 == vb.f32);
                CHECK(got == ref || (nan && (got == ref_l || nans >= 2)));
                CHECK(got_l == ref_l || (nan && (got_l == ref || nans >= 2)));
                CHECK(nan ? (got & 0x7ff8000000000000u) == 0x7ff8000000000000u : got == f64_bits(want));
                CHECK(nan ? (got_l & 0x7ff8000000000000u) == 0x7ff8000000000000u : got_l == f64_bits(want));
            }
        }
    }
    // (1 + 2^-30)(1 + 2^-23) = 1 + 2^-23 + 2^-30 + 2^-53 rounds (to even) before
    // the -1: a fused multiply-add would keep the 2^-53
    CHECK(call3(rt, inst, "mpa", f64_bits(-1.0), 0x3ff0000000400000u, 0x3f800001u) == f64_bits(0x1p-23 + 0x1p-30));
    CHECK(call3(rt, inst, "mpa_left", f64_bits(-1.0), 0x3ff0000000400000u, 0x3f800001u) == f64_bits(0x1p-23 + 0x1p-30));
    CHECK(call3(rt, inst, "mpa", f64_bits(0.5), f64_bits(2.0), 0x40400000u) == f64_bits(6.5));
}

// a + promote(b * c) (engine_promote.wat `acc`, F64_ADD_PROMOTE_MUL): the
// bits of the three ops kept apart (`acc_ref`; with two NaN operands of the
// multiply or of the add, either), and C's product
// rounded to f32, promoted, then the sum, where that is not a NaN.
static void check_acc_calls(mw_runtime *rt, mw_instance *inst) {
    static const uint64_t as[] = {0, 0x8000000000000000u, 0x3ff0000000000000u, 0xc00c000000000000u,
                                  0x7ff0000000000000u, 0xfff0000000000000u, 0x7fefffffffffffffu, 1,
                                  0x7ff8000000000000u, 0x7ff4000000000001u, 0xfff8000000000123u};
    static const uint32_t bs[] = {0, 0x80000000u, 0x3f800000u, 0x3f800800u, 1, 0x807fffffu, 0x7f7fffffu,
                                  0x7f800000u, 0xff800000u, 0x7fc00000u, 0x7fa00001u, 0xffc12345u, 0x1f800000u};
    for (int i = 0; i < 11; i++) {
        for (int j = 0; j < 13; j++) {
            for (int l = 0; l < 13; l++) {
                uint64_t a = as[i];
                uint32_t b = bs[j], c = bs[l];
                uint64_t got = call3(rt, inst, "acc", a, b, c), ref = call3(rt, inst, "acc_ref", a, b, c);
                mw_val va, vb, vc;
                va.i64 = a;
                vb.i64 = b;
                vc.i64 = c;
                volatile float p = vb.f32 * vc.f32;
                double want = va.f64 + (double)p;
                bool nan = want != want;
                // two NaN operands of the multiply or of the add: either
                bool two = (va.f64 != va.f64 && p != p) || (vb.f32 != vb.f32 && vc.f32 != vc.f32);
                bool ok = got == ref || (nan && two);
                ok = ok && (nan ? (got & 0x7ff8000000000000u) == 0x7ff8000000000000u : got == f64_bits(want));
                if (!ok) {
                    printf("acc(0x%llx, 0x%x, 0x%x) gave 0x%llx, the three ops 0x%llx\n", (unsigned long long)a,
                           (unsigned)b, (unsigned)c, (unsigned long long)got, (unsigned long long)ref);
                }
                CHECK(ok);
                CHECK(call3(rt, inst, "acc_left", a, b, c) == ref || (nan && two));
            }
        }
    }
    // 2^-126 * 2^-3 is an f32 subnormal (2^-129, exact); 2^-149 * 0.5 rounds
    // to 0 (a tie, to even) in f32, not 2^-150 as in double
    CHECK(call3(rt, inst, "acc", 0, 0x00800000u, 0x3e000000u) == f64_bits(0x1p-129));
    CHECK(call3(rt, inst, "acc", f64_bits(1.0), 1, 0x3f000000u) == f64_bits(1.0));
    CHECK(call3(rt, inst, "acc_tee", f64_bits(0.5), 0x40400000u, 0x40a00000u) == f64_bits(30.5));
}

// The small profile makes no F64_ADD_PROMOTE_MUL: F32_MUL "p b c",
// F64_PROMOTE_F32 "t p", F64_ADD "d a t" in a row made into
// F64_ADD_PROMOTE_MUL "d a b c" by hand, the units left a JMP past them.
static int acc_fuse_by_hand(mw_instance *inst, const char *name) {
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, name).func->u.wasm.def;
    int n = 0;
    for (uint32_t k = 0; k < d->code_len;) {
        uint32_t next = op_end(d, k), v[MW_MAX_IMMS], w[MW_MAX_IMMS], u[MW_MAX_IMMS];
        uint32_t third = next < d->code_len ? op_end(d, next) : d->code_len;
        if (d->code[k] == MW_OP_F32_MUL && third < d->code_len && d->code[next] == MW_OP_F64_PROMOTE_F32
            && d->code[third] == MW_OP_F64_ADD) {
            mw_code_imms(d->code + k, v);        // "p b c"
            mw_code_imms(d->code + next, w);     // "t p"
            mw_code_imms(d->code + third, u);    // "d a t"
            uint32_t end = op_end(d, third);
            if (w[1] == v[0] && u[2] == w[0]) {
                uint32_t f[MW_MAX_IMMS] = {u[0], u[1], v[1], v[2], 0};
                next = rewrite_fused(d, k, end, MW_OP_F64_ADD_PROMOTE_MUL, f);  // the walk goes on at the JMP
                n++;
            }
        }
        k = next;
    }
    return n;
}

// An f64.promote_f32 feeding f64.add / f64.mul as the right operand
// (engine_promote.wat): F64_ADD_PROMOTE / F64_MUL_PROMOTE, the same bits
// as the two ops; on the left, under an f64.sub or kept in a local it stays
// two ops. The small profile makes none: fused by hand there, the same calls.
static void test_promote_fused(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_promote, sizeof(wasm_promote), 0, &rt, &m);
    check_promote_calls(rt, inst);
    static const char *const names[] = {"add", "mul", "acc_tee"};
    static const uint32_t bins[] = {MW_OP_F64_ADD, MW_OP_F64_MUL, MW_OP_F64_ADD};
    static const uint32_t fused[] = {MW_OP_F64_ADD_PROMOTE, MW_OP_F64_MUL_PROMOTE, MW_OP_F64_ADD_PROMOTE};
    for (int i = 0; i < 3; i++) {
        CHECK(count_op(inst, names[i], fused[i]) == MW_FUSED_ARITH * (i == 2 ? 2 : 1));
        CHECK(count_op(inst, names[i], MW_OP_F64_PROMOTE_F32) == !MW_FUSED_ARITH * (i == 2 ? 2 : 1));
        if (HAND_ARITH) {
            CHECK(promote_fuse_by_hand(inst, names[i], bins[i], fused[i]) == (i == 2 ? 2 : 1));
        }
    }
    // the float product summed in a double: one op (F64_ADD_PROMOTE_MUL);
    // apart, on the left or the product in a local: not
    CHECK(count_op(inst, "acc", MW_OP_F64_ADD_PROMOTE_MUL) == MW_FUSED_ARITH);
    CHECK(count_op(inst, "acc", MW_OP_F32_MUL) == !MW_FUSED_ARITH);
    CHECK(count_op(inst, "acc_tee", MW_OP_F32_MUL) == 1 && count_op(inst, "acc_tee", MW_OP_F64_ADD_PROMOTE_MUL) == 0);
    CHECK(count_op(inst, "acc_left", MW_OP_F32_MUL) == 1 && count_op(inst, "acc_left", MW_OP_F64_ADD_PROMOTE_MUL) == 0);
    CHECK(count_op(inst, "acc_ref", MW_OP_F32_MUL) == 1 && count_op(inst, "acc_ref", MW_OP_F64_ADD_PROMOTE) == 0);
    if (HAND_ARITH) {
        // an engine that runs every op but makes none (its cold handler)
        CHECK(acc_fuse_by_hand(inst, "acc") == 1 && count_op(inst, "acc", MW_OP_F64_ADD_PROMOTE_MUL) == 1);
    }
    check_acc_calls(rt, inst);
    CHECK(count_op(inst, "acc_local", MW_OP_F64_ADD_PROMOTE) == MW_FUSED_ARITH);
    CHECK(count_op(inst, "acc_local", MW_OP_F64_MUL_PROMOTE) == MW_FUSED_ARITH);
    if (HAND_ARITH) {
        CHECK(promote_fuse_by_hand(inst, "acc_local", MW_OP_F64_ADD, MW_OP_F64_ADD_PROMOTE) == 1);
        CHECK(promote_fuse_by_hand(inst, "acc_local", MW_OP_F64_MUL, MW_OP_F64_MUL_PROMOTE) == 1);
    }
    static const char *const apart[] = {"add_ref", "mul_ref", "add_left", "mul_left", "add_left_ref", "mul_left_ref",
                                        "sub"};
    for (int i = 0; i < 7; i++) {
        CHECK(count_op(inst, apart[i], MW_OP_F64_ADD_PROMOTE) == 0 && count_op(inst, apart[i], MW_OP_F64_MUL_PROMOTE) == 0);
        CHECK(count_op(inst, apart[i], MW_OP_F64_PROMOTE_F32) == 1);
    }
    check_mpa_calls(rt, inst);
    static const char *const mpas[] = {"mpa", "mpa_left", "mpa_ref", "mpa_left_ref"};
    for (int i = 0; i < 4; i++) {
        CHECK(count_op(inst, mpas[i], MW_OP_F64_MUL_PROMOTE_ADD) == (i < 2 && MW_FUSED_ARITH));
        CHECK(count_op(inst, mpas[i], MW_OP_F64_MUL_PROMOTE) == (i >= 2 && MW_FUSED_ARITH));
    }
    if (HAND_ARITH) {
        CHECK(mpa_fuse_by_hand(inst, "mpa") == 1 && mpa_fuse_by_hand(inst, "mpa_left") == 1);
        CHECK(count_op(inst, "mpa", MW_OP_F64_MUL_PROMOTE_ADD) == 1);
        check_promote_calls(rt, inst);
        check_mpa_calls(rt, inst);
    }
    // the code check passes the op where the engine runs it, and refuses it
    // at the op where not (MW_ALL_OPS=0, the small profile; last: `acc`,
    // fused by hand there, runs no more)
    mw_funcdef *acc = (mw_funcdef *)exp_of(inst, "acc").func->u.wasm.def;
    if (!MW_ALL_OPS) {
        CHECK(acc_fuse_by_hand(inst, "acc") == 1 && count_op(inst, "acc", MW_OP_F64_ADD_PROMOTE_MUL) == 1);
    }
    uint32_t k = 0;
    while (k < acc->code_len && acc->code[k] != MW_OP_F64_ADD_PROMOTE_MUL) {
        k = op_end(acc, k);
    }
    mw_detail det;
    uint32_t at;
    mw_status st = mw_code_check(rt, m, acc, &det, &at);
    CHECK(k < acc->code_len);
    #if MW_ALL_OPS
    CHECK(st == MW_OK);
    #else
    CHECK(st == MW_ERR_INVALID && det == MW_D_CODE_NOT_IN_SET && at == k);
    #endif
    close_inst(rt, m, inst);
}

// i64 operations with a constant operand (engine_imm64.wat): each function
// against a C reference over the 64-bit edges, the op lowering chose (an
// I64_*_IMM row with the immediate it should hold, or CONST64 and the plain
// op for a constant 32 bits sign-extended do not give back), and in the
// small profile (which makes none) the same rows fused by hand.
enum { R_ADD, R_SUB, R_RSUB, R_MUL, R_AND, R_OR, R_XOR, R_SHL, R_SHR_S, R_SHR_U, R_ROTL, R_ROTR };
static uint64_t imm64_ref(int kind, uint64_t x, uint64_t k) {
    uint32_t c = (uint32_t)k & 63;
    switch (kind) {
        case R_ADD: return x + k;
        case R_SUB: return x - k;
        case R_RSUB: return k - x;
        case R_MUL: return x * k;
        case R_AND: return x & k;
        case R_OR: return x | k;
        case R_XOR: return x ^ k;
        case R_SHL: return x << c;
        case R_SHR_S: return c == 0 ? x : (x >> c) | (x >> 63 ? ~(~0ull >> c) : 0);
        case R_SHR_U: return x >> c;
        case R_ROTL: return c == 0 ? x : (x << c) | (x >> (64 - c));
        default: return c == 0 ? x : (x >> c) | (x << (64 - c));
    }
}

// call export `name` (i64) -> i64
static mw_status call_i64(mw_runtime *rt, mw_instance *inst, const char *name, uint64_t x, uint64_t *res) {
    mw_val args[1], r[1] = {{0}};
    args[0].i64 = x;
    mw_status st = mw_call(rt, exp_of(inst, name).func, args, r, NULL);
    *res = r[0].i64;
    return st;
}

static void test_imm64(void) {
    static const struct {
        const char *name;
        int kind;
        uint64_t k;
        uint32_t op;          // MW_OP_COUNT: CONST64 and the plain op
        uint64_t imm;         // its immediate (I64_AND_IMM: both halves)
        bool left;            // the constant is the left operand
    } rows[] = {
        {"add5", R_ADD, 5, MW_OP_I64_ADD_IMM, 5, false},
        {"add_max", R_ADD, 0x7fffffff, MW_OP_I64_ADD_IMM, 0x7fffffffu, false},
        {"add_min", R_ADD, (uint64_t)-0x80000000ll, MW_OP_I64_ADD_IMM, 0x80000000u, false},
        {"add_big", R_ADD, 0x80000000u, MW_OP_COUNT, 0, false},
        {"add_left", R_ADD, (uint64_t)-3, MW_OP_I64_ADD_IMM, (uint32_t)-3, true},
        {"sub7", R_SUB, 7, MW_OP_I64_ADD_IMM, (uint32_t)-7, false},
        {"sub_big", R_SUB, 0x80000000u, MW_OP_I64_ADD_IMM, 0x80000000u, false},
        {"sub_min", R_SUB, (uint64_t)-0x80000000ll, MW_OP_COUNT, 0, false},
        {"sub_left", R_RSUB, 3, MW_OP_COUNT, 0, true},
        {"mul_m3", R_MUL, (uint64_t)-3, MW_OP_I64_MUL_IMM, (uint32_t)-3, false},
        {"mul_left", R_MUL, 0x7fffffff, MW_OP_I64_MUL_IMM, 0x7fffffffu, true},
        {"mul_big", R_MUL, 0x100000000ull, MW_OP_COUNT, 0, false},
        {"and_ff", R_AND, 0xff, MW_OP_I64_AND_IMM, 0xff, false},
        {"and_m1", R_AND, ~0ull, MW_OP_I64_AND_IMM, ~0ull, false},
        {"and_hi", R_AND, 0xffffffff80000000ull, MW_OP_I64_AND_IMM, 0xffffffff80000000ull, false},
        {"and_lo32", R_AND, 0xffffffffu, MW_OP_I64_AND_IMM, 0xffffffffu, false},
        {"and_51", R_AND, 0x7ffffffffffffull, MW_OP_I64_AND_IMM, 0x7ffffffffffffull, false},
        {"and_hi32", R_AND, 0xffffffff00000000ull, MW_OP_I64_AND_IMM, 0xffffffff00000000ull, false},
        {"and_left", R_AND, (uint64_t)-16, MW_OP_I64_AND_IMM, (uint64_t)-16, true},
        {"or_m2", R_OR, (uint64_t)-2, MW_OP_I64_OR_IMM, (uint32_t)-2, false},
        {"or_left", R_OR, 0x40000000, MW_OP_I64_OR_IMM, 0x40000000u, true},
        {"xor_min", R_XOR, (uint64_t)-0x80000000ll, MW_OP_I64_XOR_IMM, 0x80000000u, false},
        {"xor_big", R_XOR, 0x80000000u, MW_OP_COUNT, 0, false},
        {"xor_left", R_XOR, 0x12345678, MW_OP_I64_XOR_IMM, 0x12345678u, true},
        {"shl0", R_SHL, 0, MW_OP_I64_SHL_IMM, 0, false},
        {"shl63", R_SHL, 63, MW_OP_I64_SHL_IMM, 63, false},
        {"shl64", R_SHL, 64, MW_OP_I64_SHL_IMM, 0, false},
        {"shl65", R_SHL, 65, MW_OP_I64_SHL_IMM, 1, false},
        {"shl_m1", R_SHL, ~0ull, MW_OP_I64_SHL_IMM, 63, false},
        {"shr_s1", R_SHR_S, 1, MW_OP_I64_SHR_S_IMM, 1, false},
        {"shr_s63", R_SHR_S, 63, MW_OP_I64_SHR_S_IMM, 63, false},
        {"shr_s64", R_SHR_S, 64, MW_OP_I64_SHR_S_IMM, 0, false},
        {"shr_s65", R_SHR_S, 65, MW_OP_I64_SHR_S_IMM, 1, false},
        {"shr_u1", R_SHR_U, 1, MW_OP_I64_SHR_U_IMM, 1, false},
        {"shr_u63", R_SHR_U, 63, MW_OP_I64_SHR_U_IMM, 63, false},
        {"shr_u_big", R_SHR_U, 0x100000021ull, MW_OP_I64_SHR_U_IMM, 33, false},
        {"rotl0", R_ROTL, 0, MW_OP_I64_ROTL_IMM, 0, false},
        {"rotl1", R_ROTL, 1, MW_OP_I64_ROTL_IMM, 1, false},
        {"rotl63", R_ROTL, 63, MW_OP_I64_ROTL_IMM, 63, false},
        {"rotl65", R_ROTL, 65, MW_OP_I64_ROTL_IMM, 1, false},
        {"rotr0", R_ROTR, 0, MW_OP_I64_ROTL_IMM, 0, false},
        {"rotr1", R_ROTR, 1, MW_OP_I64_ROTL_IMM, 63, false},
        {"rotr24", R_ROTR, 24, MW_OP_I64_ROTL_IMM, 40, false},
        {"rotr64", R_ROTR, 64, MW_OP_I64_ROTL_IMM, 0, false},
    };
    static const uint64_t xs[] = {0, 1, ~0ull, 0x8000000000000000ull, 0x7fffffffffffffffull, 0x123456789abcdef0ull,
        0x80000000u, 0xffffffffu, 0xfedcba9876543210ull};
    const int nrows = (int)(sizeof(rows) / sizeof(rows[0])), nxs = (int)(sizeof(xs) / sizeof(xs[0]));
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_imm64, sizeof(wasm_imm64), 0, &rt, &m);
    // pass 1: the ops made by hand where lowering makes none (not with
    // MW_ALL_OPS=0, which refuses them: test_not_in_set)
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < nrows; i++) {
            if (pass == 0) {
                // the op lowering chose, and its immediate
                const mw_funcdef *d = exp_of(inst, rows[i].name).func->u.wasm.def;
                int imms = 0, consts = 0;
                for (uint32_t at = 0; at < d->code_len; at = op_end(d, at)) {
                    uint32_t o = d->code[at], v[MW_MAX_IMMS];
                    consts += o == MW_OP_CONST64;
                    if (o >= MW_OP_I64_ADD_IMM && o <= MW_OP_I64_ROTL_IMM) {
                        mw_code_imms(d->code + at, v);
                        imms++;
                        // (only I64_AND_IMM has a v[3], its high half; the rest hold 32 bits)
                        uint64_t imm = o == MW_OP_I64_AND_IMM ? v[2] | (uint64_t)v[3] << 32 : (uint32_t)rows[i].imm;
                        if (o != rows[i].op || v[2] != (uint32_t)rows[i].imm || imm != rows[i].imm) {
                            printf("  imm64 %s: op %u imm 0x%x\n", rows[i].name, (unsigned)o, (unsigned)v[2]);
                            CHECK(false);
                        }
                    }
                }
                bool made = rows[i].op != MW_OP_COUNT && MW_FUSED_ARITH;
                CHECK(imms == (int)made && consts == !made);
            }
            for (int j = 0; j < nxs; j++) {
                uint64_t r = 0;
                mw_status st = call_i64(rt, inst, rows[i].name, xs[j], &r);
                uint64_t want = imm64_ref(rows[i].kind, xs[j], rows[i].k);
                if (st != MW_OK || r != want) {
                    printf("  imm64 pass %d %s(0x%llx): %s 0x%llx, want 0x%llx\n", pass, rows[i].name,
                        (unsigned long long)xs[j], mw_status_str(st), (unsigned long long)r,
                        (unsigned long long)want);
                    CHECK(false);
                }
            }
        }
        for (int j = 0; j < nxs; j++) {
            // chain: t = rotr(x ^ 0x5a5a5a5a, 63); ((t + 1) * 19 >> 51) - (t & 0x7ffff)
            uint64_t t = imm64_ref(R_ROTR, xs[j] ^ 0x5a5a5a5au, 63);
            uint64_t want = (((t + 1) * 19) >> 51) - (t & 0x7ffff);
            uint64_t r = 0;
            CHECK(call_i64(rt, inst, "chain", xs[j], &r) == MW_OK && r == want);
        }
        for (int j = 0; j < nxs; j++) {
            // wide_2, wide_300: the same steps with slots under and over 255
            uint64_t t = (xs[j] + 0x12345) & 0x7ffffffffffffull;
            t = imm64_ref(R_SHR_S, imm64_ref(R_ROTL, t, 13) * (uint64_t)-7, 3) ^ 0xffffffff80000000ull;
            uint64_t r2 = 0, r300 = 0;
            CHECK(call_i64(rt, inst, "wide_2", xs[j], &r2) == MW_OK && r2 == t);
            CHECK(call_i64(rt, inst, "wide_300", xs[j], &r300) == MW_OK && r300 == t);
        }
        if (MW_FUSED_ARITH || pass == 1 || !MW_ALL_OPS) {
            // (over 255: each op between two MOVE2s, lower_emit.c emit_wide)
            CHECK(count_op(inst, "wide_300", MW_OP_I64_ROTL_IMM) == MW_FUSED_ARITH);
            CHECK(count_op(inst, "wide_300", MW_OP_MOVE2) >= 12 * MW_FUSED_ARITH);
            CHECK(count_op(inst, "chain", MW_OP_CONST64) == !MW_FUSED_ARITH * 6);
            break;
        }
        // the small profile makes none but runs them (an image may hold
        // them): "t value" (CONST64) and "d a t" fused by hand into "d a
        // imm", the units left over no-ops (COPY 0 0, I64_OR 0 0 0);
        // then the second pass runs them
        for (int i = 0; i < nrows; i++) {
            if (rows[i].op == MW_OP_COUNT || rows[i].left) {
                continue;
            }
            mw_funcdef *d = (mw_funcdef *)exp_of(inst, rows[i].name).func->u.wasm.def;
            int n = 0;
            for (uint32_t at = 0; at < d->code_len;) {
                uint32_t next = op_end(d, at);
                mw_code_unit *c = d->code + at;
                // CONST64 t value (6 units), then "d a t" (PQS, 3 units)
                if (c[0] == MW_OP_CONST64 && next < d->code_len && c[6] >= MW_OP_I64_ADD && c[6] <= MW_OP_I64_ROTR
                    && c[8] == c[1]) {
                    uint32_t pair = c[7], end = at + 9, u = at;
                    d->code[u++] = (mw_code_unit)rows[i].op;
                    d->code[u++] = (mw_code_unit)pair;
                    if (rows[i].op >= MW_OP_I64_SHL_IMM) {
                        d->code[u++] = (mw_code_unit)rows[i].imm;
                    } else {
                        mw_code_put_u32(d->code + u, (uint32_t)rows[i].imm);
                        u += 2;
                    }
                    if (rows[i].op == MW_OP_I64_AND_IMM) {
                        mw_code_put_u32(d->code + u, (uint32_t)(rows[i].imm >> 32));
                        u += 2;
                    }
                    if ((end - u) & 1) {
                        // I64_OR 0 0 0 (PQS, 3 units): slot 0 | slot 0 into slot 0
                        d->code[u++] = MW_OP_I64_OR;
                        d->code[u++] = 0;
                        d->code[u++] = 0;
                    }
                    while (u < end) {
                        d->code[u++] = MW_OP_COPY;
                        d->code[u++] = 0;
                    }
                    n++;
                    next = end;
                }
                at = next;
            }
            CHECK(n == 1 && count_op(inst, rows[i].name, rows[i].op) == 1);
        }
    }
    // an image's shift or rotate count over 63 is refused (C's shift by 64
    // or more is undefined); 63 passes
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, "rotl63").func->u.wasm.def;
    uint32_t k = find_op(d, MW_OP_I64_ROTL_IMM);
    if (k < d->code_len) {
        mw_detail det;
        uint32_t at;
        CHECK(mw_code_check(rt, m, d, &det, &at) == MW_OK);
        d->code[k + 2] = 64;
        CHECK(mw_code_check(rt, m, d, &det, &at) == MW_ERR_INVALID && at == k);
        d->code[k + 2] = 63;
    } else {
        CHECK(!MW_FUSED_ARITH);
    }
    close_inst(rt, m, inst);
}

// Branch twins (engine_twins.wat; mw_config.h MW_BRANCH_TWINS): the loop's
// back edge lowered to a _BACK twin, its forward branches to _FWD ones (no
// compare-and-branch row left), the same results as every build's; and the
// code check's rule that keeps a twin on its side (an image or a fuzzed
// code could otherwise jump back without polling, or poll going forward):
// a _FWD with a backward target, a _BACK with a forward one, each refused
// at its unit, the code accepted again once put back. An engine without
// them makes none and refuses their op numbers as any op past its table.
static void test_branch_twins(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_twins, sizeof(wasm_twins), 0, &rt, &m);
    static const uint32_t ns[] = {0, 1, 2, 7, 100, 0x80000000u};
    static const uint32_t want[] = {0, 1, 1, 4, 50, 0};
    for (int i = 0; i < 6; i++) {
        uint32_t r = 0xdeadbeefu;
        CHECK(call_i32(rt, inst, "odd", 1, &ns[i], &r, NULL) == MW_OK && r == want[i]);
    }
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, "odd").func->u.wasm.def;
    int fwd = 0, back = 0, rows = 0;
    uint32_t at_fwd = d->code_len, at_back = d->code_len;
    for (uint32_t k = 0; k < d->code_len; k = op_end(d, k)) {
        uint32_t o = d->code[k];
        bool twin = o >= MW_OP_COUNT, is_back = twin && o - MW_OP_COUNT >= MW_BR_TWIN_N;
        fwd += twin && !is_back;
        back += is_back;
        rows += (o - MW_OP_BR_EQ < MW_BR_TWIN_WIDE || o - MW_OP_BR_EQ_IMMH < MW_IMMH_N_BR);
        at_fwd = twin && !is_back && at_fwd == d->code_len ? k : at_fwd;
        at_back = is_back ? k : at_back;
    }
    CHECK(fwd == 2 * MW_BRANCH_TWINS && back == MW_BRANCH_TWINS && rows == 3 * !MW_BRANCH_TWINS);
    mw_detail det;
    uint32_t at;
    CHECK(mw_code_check(rt, m, d, &det, &at) == MW_OK);
    #if MW_BRANCH_TWINS
    // each twin's target unit: the last of its row ("a b target", "a imm target")
    uint32_t tf = at_fwd + mw_op_units(d->code[at_fwd]), tb = at_back + mw_op_units(d->code[at_back]);
    CHECK(op_kinds(d->code[at_fwd])[2] == MW_K_TARGET && op_kinds(d->code[at_back])[2] == MW_K_TARGET);
    // a _FWD at the _BACK's place (and target): refused as a backward branch without a poll
    mw_code_unit keep = d->code[at_back];
    d->code[at_back] = (mw_code_unit)(keep - MW_BR_TWIN_N);
    CHECK(mw_code_check(rt, m, d, &det, &at) == MW_ERR_INVALID && det == MW_D_CODE_BACKWARD && at == at_back);
    d->code[at_back] = keep;
    // a _FWD whose offset is turned back to unit 0 (an instruction start): the same
    keep = d->code[tf];
    d->code[tf] = (mw_code_unit)(0u - tf);
    CHECK(mw_code_check(rt, m, d, &det, &at) == MW_ERR_INVALID && det == MW_D_CODE_BACKWARD && at == at_fwd);
    d->code[tf] = keep;
    // a _BACK at the _FWD's place: refused (it would poll going forward)
    keep = d->code[at_fwd];
    d->code[at_fwd] = (mw_code_unit)(keep + MW_BR_TWIN_N);
    CHECK(mw_code_check(rt, m, d, &det, &at) == MW_ERR_INVALID && det == MW_D_CODE_IMM && at == at_fwd);
    d->code[at_fwd] = keep;
    // a _BACK whose offset is turned forward to the _FWD's (whose target follows it)
    keep = d->code[tb];
    d->code[tb] = (mw_code_unit)(tf + (int16_t)d->code[tf] - tb);
    CHECK(tf < tb && mw_code_check(rt, m, d, &det, &at) == MW_ERR_INVALID && det == MW_D_CODE_IMM && at == at_back);
    d->code[tb] = keep;
    CHECK(mw_code_check(rt, m, d, &det, &at) == MW_OK);
    // put back, it runs as before
    uint32_t r = 0;
    CHECK(call_i32(rt, inst, "odd", 1, &ns[3], &r, NULL) == MW_OK && r == want[3]);
    #else
    // an op number past this engine's table (where a 64-bit host has its twins): unknown here
    mw_code_unit keep = d->code[0];
    d->code[0] = (mw_code_unit)MW_OP_COUNT;
    CHECK(mw_code_check(rt, m, d, &det, &at) == MW_ERR_INVALID && det == MW_D_CODE_OP && at == 0);
    d->code[0] = keep;
    CHECK(mw_code_check(rt, m, d, &det, &at) == MW_OK);
    #endif
    close_inst(rt, m, inst);
}

// Divisions by constants (engine_divk.wat): the I32_DIV_S_IMM .. rows at
// the 32-bit edges (INT_MIN by 3, -7 and INT_MIN, the remainder's sign,
// unsigned divisors over INT_MAX), and the divisors that may trap (0, -1)
// and a constant dividend kept in the general ops, which trap as before.
static void test_div_by_constant(void) {
    static const struct {
        const char *name;
        uint32_t a;
        mw_status st;
        uint32_t want;
    } rows[] = {
        {"div_s3", 7, MW_OK, 2}, {"div_s3", (uint32_t)-7, MW_OK, (uint32_t)-2},
        {"div_s3", 0x80000000u, MW_OK, 0xd5555556u}, {"div_s3", 0x7fffffffu, MW_OK, 0x2aaaaaaau},
        {"div_s3", 0, MW_OK, 0},
        {"div_s_m7", 7, MW_OK, 0xffffffffu}, {"div_s_m7", (uint32_t)-7, MW_OK, 1},
        {"div_s_m7", 0x80000000u, MW_OK, 0x12492492u}, {"div_s_m7", (uint32_t)-6, MW_OK, 0},
        {"div_s_min", 0x80000000u, MW_OK, 1}, {"div_s_min", 0x7fffffffu, MW_OK, 0},
        {"div_s_min", 0xffffffffu, MW_OK, 0},
        {"div_u3", 0xffffffffu, MW_OK, 0x55555555u}, {"div_u3", 2, MW_OK, 0},
        {"div_u_big", 0xffffffffu, MW_OK, 1}, {"div_u_big", 0x80000000u, MW_OK, 0},
        {"rem_s3", 7, MW_OK, 1}, {"rem_s3", (uint32_t)-7, MW_OK, 0xffffffffu},
        {"rem_s3", 0x80000000u, MW_OK, 0xfffffffeu}, {"rem_s3", 0x7fffffffu, MW_OK, 1},
        {"rem_s_m7", 7, MW_OK, 0}, {"rem_s_m7", (uint32_t)-8, MW_OK, 0xffffffffu},
        {"rem_s_m7", 8, MW_OK, 1}, {"rem_s_m7", 0x80000000u, MW_OK, 0xfffffffeu},
        {"rem_s_min", 0x80000000u, MW_OK, 0}, {"rem_s_min", 0x7fffffffu, MW_OK, 0x7fffffffu},
        {"rem_s_min", 0xffffffffu, MW_OK, 0xffffffffu},
        {"rem_u3", 0xffffffffu, MW_OK, 0}, {"rem_u3", 5, MW_OK, 2},
        {"rem_u_big", 0xffffffffu, MW_OK, 0x1ffffu}, {"rem_u_big", 0xfffe0000u, MW_OK, 0}, {"rem_u_big", 7, MW_OK, 7},
        {"div_s0", 5, MW_TRAP_DIV_ZERO, 0}, {"div_s_m1", 0x80000000u, MW_TRAP_INT_OVERFLOW, 0},
        {"div_s_m1", 5, MW_OK, 0xfffffffbu}, {"rem_s_m1", 0x80000000u, MW_OK, 0},
        {"div_u_m1", 0xffffffffu, MW_OK, 1}, {"div_u_m1", 5, MW_OK, 0}, {"rem_u0", 1, MW_TRAP_DIV_ZERO, 0},
        {"k_div_s", 0, MW_TRAP_DIV_ZERO, 0}, {"k_div_s", 2, MW_OK, 3}, {"k_div_s", 0xffffffffu, MW_OK, (uint32_t)-7},
        {"mixed", 100, MW_OK, 11}, {"mixed", 0xffffffffu, MW_OK, 0x19999998u},
    };
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_divk, sizeof(wasm_divk), 0, &rt, &m);
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        uint32_t r = 0xdeadbeefu;
        mw_status st = call_i32(rt, inst, rows[i].name, 1, &rows[i].a, &r, NULL);
        if (st != rows[i].st || (st == MW_OK && r != rows[i].want)) {
            printf("  div row %u (%s 0x%x): %s 0x%x\n", (unsigned)i, rows[i].name, (unsigned)rows[i].a,
                mw_status_str(st), (unsigned)r);
            CHECK(false);
        }
    }
    // which op each function holds
    static const struct {
        const char *name;
        uint32_t op, general;
    } ops[] = {
        {"div_s_min", MW_OP_I32_DIV_S_IMM, MW_OP_I32_DIV_S}, {"div_u_big", MW_OP_I32_DIV_U_IMM, MW_OP_I32_DIV_U},
        {"rem_s_min", MW_OP_I32_REM_S_IMM, MW_OP_I32_REM_S}, {"rem_u_big", MW_OP_I32_REM_U_IMM, MW_OP_I32_REM_U},
    };
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        CHECK(count_op(inst, ops[i].name, ops[i].op) == MW_FUSED_ARITH);
        CHECK(count_op(inst, ops[i].name, ops[i].general) == !MW_FUSED_ARITH);
    }
    static const char *const general[] = {"div_s0", "div_s_m1", "rem_s_m1", "div_u_m1", "rem_u0", "k_div_s"};
    for (int i = 0; i < 6; i++) {
        for (uint32_t op = MW_OP_I32_DIV_S_IMM; op <= MW_OP_I32_REM_U_IMM; op++) {
            CHECK(count_op(inst, general[i], op) == 0);
        }
    }
    if (HAND_ARITH) {
        // the small profile makes none but runs them (an image may hold
        // them): "t value" (CONST32) and "d a t" fused by hand into "d a
        // value" (splice_op), compute the same
        for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
            mw_funcdef *d = (mw_funcdef *)exp_of(inst, ops[i].name).func->u.wasm.def;
            int n = 0;
            for (uint32_t k = 0; k < d->code_len;) {
                uint32_t o = d->code[k], next = op_end(d, k), v[MW_MAX_IMMS], w[MW_MAX_IMMS];
                if (o == MW_OP_CONST32 && next < d->code_len && d->code[next] == ops[i].general) {
                    mw_code_imms(d->code + k, v);
                    mw_code_imms(d->code + next, w);
                    if (w[2] == v[0]) {
                        uint32_t f[MW_MAX_IMMS] = {w[0], w[1], v[1], 0, 0};
                        next = splice_op(d, k, op_end(d, next), ops[i].op, f);
                        n++;
                    }
                }
                k = next;
            }
            CHECK(n == 1 && count_op(inst, ops[i].name, ops[i].op) == 1);
        }
        for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
            uint32_t r = 0xdeadbeefu;
            mw_status st = call_i32(rt, inst, rows[i].name, 1, &rows[i].a, &r, NULL);
            if (st != rows[i].st || (st == MW_OK && r != rows[i].want)) {
                printf("  small-profile div row %u (%s 0x%x): %s 0x%x\n", (unsigned)i, rows[i].name,
                    (unsigned)rows[i].a, mw_status_str(st), (unsigned)r);
                CHECK(false);
            }
        }
    }
    // an image's code dividing by 0 or -1 with them is refused (their
    // handlers test neither); 3 back passes (MW_ALL_OPS=0: no such op, made
    // by hand or not: test_not_in_set)
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, "rem_u_big").func->u.wasm.def;
    uint32_t k = find_op(d, MW_OP_I32_REM_U_IMM);
    CHECK(k < d->code_len || !MW_ALL_OPS);
    static const uint32_t bad[] = {0, 0xffffffffu, 3};
    for (int i = 0; i < 3 && k < d->code_len; i++) {
        mw_detail det;
        uint32_t at = 0;
        mw_code_put_u32(d->code + k + 1 + MW_LW_PQ, bad[i]);     // "d a value": d a a slot pair
        mw_status st = mw_code_check(rt, m, d, &det, &at);
        CHECK(i < 2 ? st == MW_ERR_INVALID && det == MW_D_CODE_IMM && at == k : st == MW_OK);
    }
    close_inst(rt, m, inst);
}

static void test_add_store(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_addstore, sizeof(wasm_addstore), 0, &rt, &m);
    check_addstore_calls(rt, inst);
    static const char *const names[] = {"st", "st4", "st_tee", "st_block"};
    for (int i = 0; i < 4; i++) {
        CHECK(count_op(inst, names[i], MW_OP_STORE32_XVR) == MW_FUSED_MEM);
        if (HAND_MEM) {
            mw_funcdef *d = (mw_funcdef *)exp_of(inst, names[i]).func->u.wasm.def;
            for (uint32_t k = 0; k < d->code_len; k = op_end(d, k)) {
                uint32_t next = op_end(d, k);
                if (d->code[k] == MW_OP_I32_ADD && next < d->code_len && d->code[next] == MW_OP_STORE32) {
                    d->code[k] = MW_OP_STORE32_XVR;
                }
            }
            CHECK(count_op(inst, names[i], MW_OP_STORE32_XVR) == 1);
        }
    }
    CHECK(count_op(inst, "st_label", MW_OP_STORE32_XVR) == 0 && count_op(inst, "st64", MW_OP_STORE32_XVR) == 0);
    if (HAND_MEM) {
        check_addstore_calls(rt, inst);
    }
    close_inst(rt, m, inst);
}

// A float add or subtract stored right away (engine_storef.wat), each of
// the four over values at the edges (signed zeros, subnormals, the largest,
// infinities, quiet and signalling NaNs with payloads, a sum that rounds):
// the fused function stores the bits the two ops kept apart store (`*_ref`,
// a label between; with two NaNs an add may give the other operand order's,
// as the compiler may commute the plain op's), and C's a op b where that is
// not a NaN (a NaN: quiet, as the spec's arithmetic NaNs).
static const uint32_t storef_f32s[] = {0, 0x80000000u, 0x3f800000u, 0x3f800001u, 0xc0600000u, 1, 0x807fffffu,
                                       0x7f7fffffu, 0x7f800000u, 0xff800000u, 0x7fc00000u, 0x7fa00001u, 0xffc12345u,
                                       0x33800000u};
static const uint64_t storef_f64s[] = {0, 0x8000000000000000u, 0x3ff0000000000000u, 0x3ff0000000000001u,
                                       0xc00c000000000000u, 1, 0x800fffffffffffffu, 0x7fefffffffffffffu,
                                       0x7ff0000000000000u, 0xfff0000000000000u, 0x7ff8000000000000u,
                                       0x7ff4000000000001u, 0xfff8000000000123u, 0x3ca0000000000000u};

static uint64_t storef_run(mw_runtime *rt, mw_instance *inst, const char *name, uint32_t p, uint64_t a, uint64_t b,
                           bool wide) {
    call3(rt, inst, name, p, a, b);
    return call3(rt, inst, wide ? "rd64" : "rd32", p, 0, 0);
}

static bool storef_c_ok(uint64_t got, uint64_t a, uint64_t b, bool wide, bool sub) {
    mw_val va, vb, w;
    va.i64 = a;
    vb.i64 = b;
    w.i64 = 0;
    if (wide) {
        w.f64 = sub ? va.f64 - vb.f64 : va.f64 + vb.f64;
        return w.f64 != w.f64 ? (got & 0x7ff8000000000000u) == 0x7ff8000000000000u : got == w.i64;
    }
    w.f32 = sub ? va.f32 - vb.f32 : va.f32 + vb.f32;
    return w.f32 != w.f32 ? (got & 0x7fc00000u) == 0x7fc00000u : got == w.i32;
}

static void check_storef_calls(mw_runtime *rt, mw_instance *inst) {
    static const char *const fused[] = {"f32_add", "f32_sub", "f64_add", "f64_sub"};
    static const char *const ref[] = {"f32_add_ref", "f32_sub_ref", "f64_add_ref", "f64_sub_ref"};
    for (int f = 0; f < 4; f++) {
        bool wide = f >= 2, sub = f & 1;
        for (int i = 0; i < 14; i++) {
            for (int j = 0; j < 14; j++) {
                uint64_t a = wide ? storef_f64s[i] : storef_f32s[i], b = wide ? storef_f64s[j] : storef_f32s[j];
                uint64_t got = storef_run(rt, inst, fused[f], 16, a, b, wide);
                uint64_t want = storef_run(rt, inst, ref[f], 32, a, b, wide);
                bool nans = wide ? (a & 0x7fffffffffffffffu) > 0x7ff0000000000000u
                                       && (b & 0x7fffffffffffffffu) > 0x7ff0000000000000u
                                 : (a & 0x7fffffffu) > 0x7f800000u && (b & 0x7fffffffu) > 0x7f800000u;
                bool ok = got == want || (nans && !sub && got == storef_run(rt, inst, ref[f], 32, b, a, wide));
                ok = ok && storef_c_ok(got, a, b, wide, sub);
                if (!ok) {
                    printf("storef %s(0x%llx, 0x%llx) stored 0x%llx, the two ops 0x%llx\n", fused[f],
                           (unsigned long long)a, (unsigned long long)b, (unsigned long long)got,
                           (unsigned long long)want);
                }
                CHECK(ok);
            }
        }
    }
    // exact results: 1 + 2^-24 (f32) rounds to 1 (a tie, to even), -0 - 0
    // is -0, 0 - 0 is +0, the largest plus itself is inf
    CHECK(storef_run(rt, inst, "f32_add", 16, 0x3f800000u, 0x33800000u, false) == 0x3f800000u);
    CHECK(storef_run(rt, inst, "f32_add", 16, 0x3f800001u, 0x33800000u, false) == 0x3f800002u);
    CHECK(storef_run(rt, inst, "f32_sub", 16, 0x80000000u, 0, false) == 0x80000000u);
    CHECK(storef_run(rt, inst, "f32_sub", 16, 0, 0, false) == 0);
    CHECK(storef_run(rt, inst, "f32_sub", 16, 0xc0600000u, 0x3f800000u, false) == f32_bits(-4.5f));
    CHECK(storef_run(rt, inst, "f64_add", 16, 0x7fefffffffffffffu, 0x7fefffffffffffffu, true)
          == 0x7ff0000000000000u);
    CHECK(storef_run(rt, inst, "f64_sub", 16, 0x8000000000000000u, 0, true) == 0x8000000000000000u);
    CHECK(storef_run(rt, inst, "f64_sub", 16, 1, 0x800fffffffffffffu, true) == 0x0010000000000000u);
    CHECK(storef_run(rt, inst, "f64_sub", 16, f64_bits(1.5), f64_bits(4.0), true) == f64_bits(-2.5));
    // the edges of memory: rows (name, p, a, b, status, at, want): a trap
    // stores nothing (`at` still holds `want`)
    static const struct {
        const char *name;
        uint32_t p;
        double a, b;
        mw_status st;
        uint32_t at;
        double want;
    } rows[] = {
        {"f32_add", 65532, 1.5, 2.0, MW_OK, 65532, 3.5},        // the last 4 bytes: the store's slow path
        {"f32_add", 65533, 1.0, 1.0, MW_TRAP_MEM_OOB, 65532, 3.5},
        {"f32_add", 0xfffffffcu, 1.0, 1.0, MW_TRAP_MEM_OOB, 65532, 3.5},
        {"f32_add_off", 65528, 2.0, 2.0, MW_OK, 65532, 4.0},
        {"f32_add_off", 65529, 1.0, 1.0, MW_TRAP_MEM_OOB, 65532, 4.0},
        {"f32_add_off", 0xfffffffcu, 1.0, 1.0, MW_TRAP_MEM_OOB, 65532, 4.0},
        {"f64_sub", 65528, 1.0, 3.0, MW_OK, 65528, -2.0},
        {"f64_sub", 65529, 1.0, 1.0, MW_TRAP_MEM_OOB, 65528, -2.0},
        {"f64_sub", 0xfffffff8u, 1.0, 1.0, MW_TRAP_MEM_OOB, 65528, -2.0},
        {"f64_sub_off", 65520, 9.0, 4.0, MW_OK, 65528, 5.0},
        {"f64_sub_off", 65521, 1.0, 1.0, MW_TRAP_MEM_OOB, 65528, 5.0},
        {"f64_sub_off", 0xfffffff8u, 1.0, 1.0, MW_TRAP_MEM_OOB, 65528, 5.0},
        {"f32_sub_tee", 40, 1.0, 0.25, MW_OK, 40, 0.75},
        {"f32_sub_tee", 65533, 1.0, 0.25, MW_TRAP_MEM_OOB, 40, 0.75},
        {"f64_add_tee", 48, -2.0, 0.5, MW_OK, 48, -1.5},
        {"f64_add_tee", 65529, 1.0, 1.0, MW_TRAP_MEM_OOB, 48, -1.5},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        bool wide = rows[i].name[1] == '6';
        mw_val args[3], r[1];
        args[0].i64 = rows[i].p;
        args[1].i64 = wide ? f64_bits(rows[i].a) : f32_bits((float)rows[i].a);
        args[2].i64 = wide ? f64_bits(rows[i].b) : f32_bits((float)rows[i].b);
        r[0].i64 = 0;
        mw_status st = mw_call(rt, exp_of(inst, rows[i].name).func, args, r, NULL);
        uint64_t want = wide ? f64_bits(rows[i].want) : f32_bits((float)rows[i].want);
        bool ok = st == rows[i].st;
        if (ok && st == MW_OK && strstr(rows[i].name, "_tee") != NULL) {
            ok = (wide ? r[0].i64 : r[0].i32) == want;         // the local holds x
        }
        uint64_t v = call3(rt, inst, wide ? "rd64" : "rd32", rows[i].at, 0, 0);
        ok = ok && v == want;
        if (!ok) {
            printf("storef row %u: %s gave status %d, memory 0x%llx\n", (unsigned)i, rows[i].name, (int)st,
                   (unsigned long long)v);
        }
        CHECK(ok);
    }
    // a butterfly: both halves stored
    call3(rt, inst, "bfly", 64, f32_bits(5.0f), f32_bits(1.5f));
    CHECK(call3(rt, inst, "rd64", 64, 0, 0) == ((uint64_t)f32_bits(3.5f) << 32 | f32_bits(6.5f)));
}

// F32_ADD_XV .. F64_SUB_XV (lower.c fuse_value) where lowering makes them
// (x may be a local: tee), none behind a label; mw_code_check refuses one
// whose store does not store its x. The small profile makes none and runs
// one as the plain op: fused by hand there, the same calls.
static void test_store_float(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_storef, sizeof(wasm_storef), 0, &rt, &m);
    check_storef_calls(rt, inst);
    static const struct {
        const char *name;
        uint32_t plain, fused;
        int n;
    } fns[] = {
        {"f32_add", MW_OP_F32_ADD, MW_OP_F32_ADD_XV, 1},
        {"f32_sub", MW_OP_F32_SUB, MW_OP_F32_SUB_XV, 1},
        {"f64_add", MW_OP_F64_ADD, MW_OP_F64_ADD_XV, 1},
        {"f64_sub", MW_OP_F64_SUB, MW_OP_F64_SUB_XV, 1},
        {"f32_add_off", MW_OP_F32_ADD, MW_OP_F32_ADD_XV, 1},
        {"f64_sub_off", MW_OP_F64_SUB, MW_OP_F64_SUB_XV, 1},
        {"f32_sub_tee", MW_OP_F32_SUB, MW_OP_F32_SUB_XV, 1},
        {"f64_add_tee", MW_OP_F64_ADD, MW_OP_F64_ADD_XV, 1},
        {"bfly", MW_OP_F32_ADD, MW_OP_F32_ADD_XV, 1},
        {"bfly", MW_OP_F32_SUB, MW_OP_F32_SUB_XV, 1},
    };
    for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
        CHECK(count_op(inst, fns[i].name, fns[i].fused) == MW_FUSED_MEM * fns[i].n);
        CHECK(count_op(inst, fns[i].name, fns[i].plain) == !MW_FUSED_MEM * fns[i].n);
        if (HAND_MEM) {
            mw_funcdef *d = (mw_funcdef *)exp_of(inst, fns[i].name).func->u.wasm.def;
            for (uint32_t k = 0; k < d->code_len; k = op_end(d, k)) {
                uint32_t next = op_end(d, k);
                if (d->code[k] == fns[i].plain && next < d->code_len
                    && d->code[next] == (fns[i].fused >= MW_OP_F64_ADD_XV ? MW_OP_STORE64 : MW_OP_STORE32)) {
                    d->code[k] = (mw_code_unit)fns[i].fused;
                }
            }
            CHECK(count_op(inst, fns[i].name, fns[i].fused) == fns[i].n);
        }
    }
    static const char *const refs[] = {"f32_add_ref", "f32_sub_ref", "f64_add_ref", "f64_sub_ref"};
    for (int i = 0; i < 4; i++) {
        for (uint32_t op = MW_OP_F32_ADD_XV; op <= MW_OP_F64_SUB_XV; op++) {
            CHECK(count_op(inst, refs[i], op) == 0);
        }
    }
    if (HAND_MEM) {
        check_storef_calls(rt, inst);
    }
    // the store after it storing another slot than its x, or a store of
    // the other width after it: refused (MW_ALL_OPS=0: no XV op to find)
    for (int w = 0; w < 2 && MW_ALL_OPS; w++) {
        mw_funcdef *d = (mw_funcdef *)exp_of(inst, w ? "f64_add" : "f32_sub").func->u.wasm.def;
        uint32_t k = find_op(d, w ? MW_OP_F64_ADD_XV : MW_OP_F32_SUB_XV);
        CHECK(k < d->code_len);
        if (k < d->code_len) {
            CHECK(fused_refused(rt, m, d, k, op_end(d, k), (mw_code_unit)(w ? MW_OP_STORE32 : MW_OP_STORE64)));
            uint32_t a = mw_code_slot8h(d->code + k + 1);
            CHECK(fused_refused(rt, m, d, k, k + 1, (mw_code_unit)(a | a << 8)));    // x = a: not the store's value
        }
    }
    close_inst(rt, m, inst);
}

// A float read-modify-write (engine_rmwf.wat): each of the eight forms
// (f32, f64; add, subtract; the loaded value left or right) over the 14 x 14
// edge values of check_storef_calls (the loaded value, then x) leaves in
// memory the bits the same three ops kept apart by a label leave (`*_ref`;
// with two NaNs an add may give either, as check_storef_calls allows), and
// C's where that is not a NaN (a NaN: quiet); the edges of memory (the
// slow paths, a trap that stores nothing), an offset, a tee'd result, a
// load pair split again, two in a row.
static uint64_t rmwf_run(mw_runtime *rt, mw_instance *inst, const char *name, uint32_t p, uint64_t old, uint64_t x,
                         bool wide) {
    call3(rt, inst, wide ? "wr64" : "wr32", p, old, 0);
    call3(rt, inst, name, p, x, 0);
    return call3(rt, inst, wide ? "rd64" : "rd32", p, 0, 0);
}

static void check_rmwf_calls(mw_runtime *rt, mw_instance *inst) {
    static const char *const fused[] = {"f32_acc", "f32_acc_r", "f32_dec", "f32_rsub",
                                        "f64_acc", "f64_acc_r", "f64_dec", "f64_rsub"};
    char ref[32];
    for (int f = 0; f < 8; f++) {
        bool wide = f >= 4, sub = f & 2, right = f & 1;
        snprintf(ref, sizeof(ref), "%s_ref", fused[f]);
        for (int i = 0; i < 14; i++) {
            for (int j = 0; j < 14; j++) {
                uint64_t v = wide ? storef_f64s[i] : storef_f32s[i], x = wide ? storef_f64s[j] : storef_f32s[j];
                uint64_t got = rmwf_run(rt, inst, fused[f], 16, v, x, wide);
                uint64_t want = rmwf_run(rt, inst, ref, 32, v, x, wide);
                // two NaNs: an add may give either, quieted (the compiler
                // may commute the plain op's operands, as the spec allows)
                uint64_t quiet = wide ? 0x0008000000000000u : 0x00400000u;
                bool nans = wide ? (v & 0x7fffffffffffffffu) > 0x7ff0000000000000u
                                       && (x & 0x7fffffffffffffffu) > 0x7ff0000000000000u
                                 : (v & 0x7fffffffu) > 0x7f800000u && (x & 0x7fffffffu) > 0x7f800000u;
                bool ok = got == want || (nans && !sub && (got == (v | quiet) || got == (x | quiet)));
                ok = ok && (right ? storef_c_ok(got, x, v, wide, sub) : storef_c_ok(got, v, x, wide, sub));
                if (!ok) {
                    printf("rmwf %s(*p = 0x%llx, 0x%llx) stored 0x%llx, the three ops 0x%llx\n", fused[f],
                           (unsigned long long)v, (unsigned long long)x, (unsigned long long)got,
                           (unsigned long long)want);
                }
                CHECK(ok);
            }
        }
    }
    // exact results: 1 + 2^-24 (f32) rounds to 1 (a tie, to even), -0 - 0
    // is -0, 0 - 0 is +0; x - *p the other way round
    CHECK(rmwf_run(rt, inst, "f32_acc", 16, 0x3f800000u, 0x33800000u, false) == 0x3f800000u);
    CHECK(rmwf_run(rt, inst, "f32_dec", 16, 0x80000000u, 0, false) == 0x80000000u);
    CHECK(rmwf_run(rt, inst, "f32_rsub", 16, 0, 0x80000000u, false) == 0x80000000u);
    CHECK(rmwf_run(rt, inst, "f32_rsub", 16, f32_bits(1.5f), f32_bits(4.0f), false) == f32_bits(2.5f));
    CHECK(rmwf_run(rt, inst, "f64_dec", 16, f64_bits(1.5), f64_bits(4.0), true) == f64_bits(-2.5));
    CHECK(rmwf_run(rt, inst, "f64_rsub", 16, f64_bits(1.5), f64_bits(4.0), true) == f64_bits(2.5));
    CHECK(rmwf_run(rt, inst, "f64_acc_r", 16, 0x7fefffffffffffffu, 0x7fefffffffffffffu, true) == 0x7ff0000000000000u);
    // the edges of memory (name, p, the value at `at` before, x, status,
    // `at`, want there after): the last 4 (8) bytes take the slow paths, a
    // trap stores nothing
    static const struct {
        const char *name;
        uint32_t p;
        double old, x;
        mw_status st;
        uint32_t at;
        double want;
    } rows[] = {
        {"f32_acc", 65532, 1.5, 2.0, MW_OK, 65532, 3.5},
        {"f32_acc", 65533, 1.5, 1.0, MW_TRAP_MEM_OOB, 65532, 1.5},
        {"f32_acc", 0xfffffffcu, 1.5, 1.0, MW_TRAP_MEM_OOB, 65532, 1.5},
        {"f32_rsub", 65532, 1.5, 2.0, MW_OK, 65532, 0.5},
        {"f32_acc_off", 65528, 2.0, 2.0, MW_OK, 65532, 4.0},
        {"f32_acc_off", 65529, 2.0, 1.0, MW_TRAP_MEM_OOB, 65532, 2.0},
        {"f32_acc_off", 0xfffffffcu, 2.0, 1.0, MW_TRAP_MEM_OOB, 65532, 2.0},
        {"f64_dec", 65528, 1.0, 3.0, MW_OK, 65528, -2.0},
        {"f64_dec", 65529, 1.0, 1.0, MW_TRAP_MEM_OOB, 65528, 1.0},
        {"f64_dec", 0xfffffff8u, 1.0, 1.0, MW_TRAP_MEM_OOB, 65528, 1.0},
        {"f64_acc_r", 65528, 1.0, 3.0, MW_OK, 65528, 4.0},
        {"f64_dec_off", 65520, 9.0, 4.0, MW_OK, 65528, 5.0},
        {"f64_dec_off", 65521, 9.0, 1.0, MW_TRAP_MEM_OOB, 65528, 9.0},
        {"f64_dec_off", 0xfffffff8u, 9.0, 1.0, MW_TRAP_MEM_OOB, 65528, 9.0},
        {"f64_acc_tee", 48, -2.0, 0.5, MW_OK, 48, -1.5},
        {"f64_acc_tee", 65529, -2.0, 1.0, MW_TRAP_MEM_OOB, 48, -2.0},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        bool wide = rows[i].name[1] == '6';
        uint64_t old = wide ? f64_bits(rows[i].old) : f32_bits((float)rows[i].old);
        call3(rt, inst, wide ? "wr64" : "wr32", rows[i].at, old, 0);
        mw_val args[2], r[1];
        args[0].i64 = rows[i].p;
        args[1].i64 = wide ? f64_bits(rows[i].x) : f32_bits((float)rows[i].x);
        r[0].i64 = 0;
        mw_status st = mw_call(rt, exp_of(inst, rows[i].name).func, args, r, NULL);
        uint64_t want = wide ? f64_bits(rows[i].want) : f32_bits((float)rows[i].want);
        bool ok = st == rows[i].st;
        if (ok && st == MW_OK && strstr(rows[i].name, "_tee") != NULL) {
            ok = r[0].i64 == want;         // the local holds x
        }
        uint64_t v = call3(rt, inst, wide ? "rd64" : "rd32", rows[i].at, 0, 0);
        ok = ok && v == want;
        if (!ok) {
            printf("rmwf row %u: %s gave status %d, memory 0x%llx\n", (unsigned)i, rows[i].name, (int)st,
                   (unsigned long long)v);
        }
        CHECK(ok);
    }
    // a load right before: its value, then *p += x; two in a row; another
    // address and another offset (not fused: the same sums)
    call3(rt, inst, "wr32", 40, f32_bits(7.0f), 0);
    call3(rt, inst, "wr32", 44, f32_bits(1.25f), 0);
    CHECK((uint32_t)call3(rt, inst, "f32_pair_acc", 40, 44, f32_bits(2.0f)) == f32_bits(1.25f));
    CHECK(call3(rt, inst, "rd32", 40, 0, 0) == f32_bits(9.0f));
    CHECK((uint32_t)call3(rt, inst, "f32_pair_acc", 40, 40, f32_bits(1.0f)) == f32_bits(9.0f));
    CHECK(call3(rt, inst, "rd32", 40, 0, 0) == f32_bits(10.0f));
    call3(rt, inst, "f32_acc2", 40, f32_bits(-10.0f), f32_bits(0.75f));
    CHECK(call3(rt, inst, "rd64", 40, 0, 0) == ((uint64_t)f32_bits(2.0f) << 32 | 0));
    call3(rt, inst, "f32_other", 40, 48, f32_bits(3.0f));
    CHECK(call3(rt, inst, "rd32", 48, 0, 0) == f32_bits(3.0f));
    call3(rt, inst, "f32_other_off", 44, f32_bits(3.0f), 0);
    CHECK(call3(rt, inst, "rd32", 48, 0, 0) == f32_bits(5.0f));
}

// LOAD32_U_RMWF, LOAD64_RMWF (lower.c fuse_rmw) where lowering makes them,
// none behind a label or for another address or offset; mw_code_check
// refuses one without its XV op of the right width, its store at the same
// address and offset, or whose d is the address. The small profile makes
// none and runs one as the plain load: fused by hand there, the same calls.
static void test_float_rmw(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_rmwf, sizeof(wasm_rmwf), 0, &rt, &m);
    check_rmwf_calls(rt, inst);
    static const struct {
        const char *name;
        bool wide;
        int n;
    } fns[] = {
        {"f32_acc", false, 1}, {"f32_acc_r", false, 1}, {"f32_dec", false, 1}, {"f32_rsub", false, 1},
        {"f64_acc", true, 1}, {"f64_acc_r", true, 1}, {"f64_dec", true, 1}, {"f64_rsub", true, 1},
        {"f32_acc_off", false, 1}, {"f64_dec_off", true, 1}, {"f64_acc_tee", true, 1}, {"f32_pair_acc", false, 1},
        {"f32_acc2", false, 2}, {"f32_other", false, 0}, {"f32_other_off", false, 0},
        {"f32_acc_ref", false, 0}, {"f32_rsub_ref", false, 0}, {"f64_acc_ref", true, 0}, {"f64_rsub_ref", true, 0},
    };
    for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
        uint32_t op = fns[i].wide ? MW_OP_LOAD64_RMWF : MW_OP_LOAD32_U_RMWF;
        CHECK(count_op(inst, fns[i].name, op) == MW_FUSED_MEM * fns[i].n);
        CHECK(count_op(inst, fns[i].name, MW_OP_LOAD32_U_PAIR) == 0);
        if (HAND_MEM && fns[i].n != 0) {
            // the load right before the XV op (made by hand too) and its store
            mw_funcdef *d = (mw_funcdef *)exp_of(inst, fns[i].name).func->u.wasm.def;
            uint32_t load = fns[i].wide ? MW_OP_LOAD64 : MW_OP_LOAD32_U;
            uint32_t xv = fns[i].wide ? MW_OP_F64_ADD_XV : MW_OP_F32_ADD_XV;
            uint32_t plain = fns[i].wide ? MW_OP_F64_ADD : MW_OP_F32_ADD;
            uint32_t store = fns[i].wide ? MW_OP_STORE64 : MW_OP_STORE32;
            for (uint32_t k = 0; k < d->code_len; k = op_end(d, k)) {
                uint32_t x = op_end(d, k), s = x < d->code_len ? op_end(d, x) : d->code_len;
                if (d->code[k] == load && s < d->code_len && d->code[x] - plain <= 1u && d->code[s] == store) {
                    d->code[x] = (mw_code_unit)(xv + (d->code[x] - plain));
                    d->code[k] = (mw_code_unit)op;
                }
            }
            CHECK(count_op(inst, fns[i].name, op) == fns[i].n);
        }
    }
    if (HAND_MEM) {
        check_rmwf_calls(rt, inst);
    }
    // refused: the XV op of the other width or another op after it, a store
    // of another address or offset, d the address (MW_ALL_OPS=0: no RMWF op)
    for (int w = 0; w < 2 && MW_ALL_OPS; w++) {
        mw_funcdef *d = (mw_funcdef *)exp_of(inst, w ? "f64_dec" : "f32_acc").func->u.wasm.def;
        uint32_t k = find_op(d, w ? MW_OP_LOAD64_RMWF : MW_OP_LOAD32_U_RMWF);
        CHECK(k < d->code_len);
        if (k < d->code_len) {
            uint32_t x = op_end(d, k), s = op_end(d, x);
            CHECK(fused_refused(rt, m, d, k, x, (mw_code_unit)(w ? MW_OP_F32_SUB_XV : MW_OP_F64_ADD_XV)));
            CHECK(fused_refused(rt, m, d, k, x, (mw_code_unit)(w ? MW_OP_F64_MUL : MW_OP_F32_MUL)));
            CHECK(fused_refused(rt, m, d, k, s + 2, (mw_code_unit)(d->code[s + 2] + 1)));     // the store's offset
            mw_code_unit sa = d->code[s + 1], la = d->code[k + 1];
            CHECK(fused_refused(rt, m, d, k, s + 1, (mw_code_unit)((sa & 0xff00u) | mw_code_slot8h(d->code + x + 1))));  // another address
            CHECK(fused_refused(rt, m, d, k, k + 1, (mw_code_unit)((la & 0xff00u) | (la >> 8))));   // d = a
        }
    }
    close_inst(rt, m, inst);
}

// A float load feeding the op right after it (engine_loadf.wat, mw_int.h
// MW_LOADF_FUSED): each function over the 14 x 14 edge values of
// check_storef_calls (the loaded value, then x; y another of them for the
// three-operand ones) gives the bits of the two ops kept apart (`*_ref`: a
// global.set between; with two NaN inputs either NaN), and C's where that is
// not a NaN (a NaN: quiet); the loaded value at p + 8 (a static offset).
static const struct {
    const char *name;
    int kind;             // 0 add, 1 sub, 2 mul, 3 *p * x + y, 4 x + promote(*p), 5 x * promote(*p),
                          // 6 y + x * promote(*p), 7 *p * 3, 8 promote(*p)
    bool load64, x64, right;
    uint32_t op;          // the row lowering makes (MW_OP_COUNT: none)
} loadf_rows[] = {
    {"f32_add", 0, false, false, false, MW_OP_LOAD32_U_F32_ADD},
    {"f32_add_r", 0, false, false, true, MW_OP_LOAD32_U_F32_ADD},
    {"f32_sub", 1, false, false, false, MW_OP_LOAD32_U_F32_SUB},
    {"f32_sub_r", 1, false, false, true, MW_OP_LOAD32_U_F32_SUB},
    {"f32_mul", 2, false, false, false, MW_OP_LOAD32_U_F32_MUL},
    {"f32_mul_r", 2, false, false, true, MW_OP_LOAD32_U_F32_MUL},
    {"f64_add", 0, true, true, false, MW_OP_LOAD64_F64_ADD},
    {"f64_add_r", 0, true, true, true, MW_OP_LOAD64_F64_ADD},
    {"f64_sub", 1, true, true, false, MW_OP_LOAD64_F64_SUB},
    {"f64_sub_r", 1, true, true, true, MW_OP_LOAD64_F64_SUB},
    {"f64_mul", 2, true, true, false, MW_OP_LOAD64_F64_MUL},
    {"f64_mul_r", 2, true, true, true, MW_OP_LOAD64_F64_MUL},
    {"f32_mul_add", 3, false, false, false, MW_OP_LOAD32_U_F32_MUL_ADD},
    {"f64_add_promote", 4, false, true, true, MW_OP_COUNT},
    {"f32_mul_imm", 7, false, false, false, MW_OP_COUNT},
    {"f32_add_st", 0, false, false, false, MW_OP_COUNT},
    {"f64_promote", 8, false, true, false, MW_OP_COUNT},
    {"f64_mul_promote", 5, false, true, true, MW_OP_LOAD32_U_F64_MUL_PROMOTE},
    {"f64_mpa", 6, false, true, true, MW_OP_LOAD32_U_F64_MUL_PROMOTE_ADD},
};

// C's value of row r for the loaded bits v, x and y, as f64 bits (f32 results:
// their bits); *nan: it is a NaN
static uint64_t loadf_c(int r, uint64_t v, uint64_t x, uint64_t y, bool *nan) {
    mw_val a, b, c, w;
    a.i64 = v;
    b.i64 = x;
    c.i64 = y;
    w.i64 = 0;
    int k = loadf_rows[r].kind;
    if (k == 7 || k == 8) {
        if (k == 7) {
            w.f32 = a.f32 * 3.0f;
        } else {
            w.f64 = (double)a.f32;
        }
        *nan = k == 7 ? w.f32 != w.f32 : w.f64 != w.f64;
    } else if (loadf_rows[r].x64 && k <= 2) {
        double p = loadf_rows[r].right ? b.f64 : a.f64, q = loadf_rows[r].right ? a.f64 : b.f64;
        w.f64 = k == 0 ? p + q : k == 1 ? p - q : p * q;
        *nan = w.f64 != w.f64;
    } else if (k <= 3) {
        float p = loadf_rows[r].right ? b.f32 : a.f32, q = loadf_rows[r].right ? a.f32 : b.f32;
        volatile float m = p * q;
        w.f32 = k == 0 ? p + q : k == 1 ? p - q : k == 2 ? (float)m : m + c.f32;
        *nan = w.f32 != w.f32;
    } else {
        double pv = (double)a.f32;
        volatile double m = b.f64 * pv;
        w.f64 = k == 4 ? b.f64 + pv : k == 5 ? (double)m : c.f64 + m;
        *nan = w.f64 != w.f64;
    }
    return w.i64;
}

static uint64_t loadf_call(mw_runtime *rt, mw_instance *inst, const char *name, uint64_t v, uint64_t x, uint64_t y,
                           bool load64) {
    call3(rt, inst, load64 ? "wr64" : "wr32", 24, v, 0);
    mw_val args[3], r[1];
    args[0].i64 = 16;     // + offset 8
    args[1].i64 = x;
    args[2].i64 = y;
    r[0].i64 = 0xdeadbeefdeadbeefu;
    CHECK(mw_call(rt, exp_of(inst, name).func, args, r, NULL) == MW_OK);
    return r[0].i64;
}

static void check_loadf_calls(mw_runtime *rt, mw_instance *inst) {
    char ref[40];
    for (size_t f = 0; f < sizeof(loadf_rows) / sizeof(loadf_rows[0]); f++) {
        bool l64 = loadf_rows[f].load64, x64 = loadf_rows[f].x64, wide = x64 && loadf_rows[f].kind != 3;
        snprintf(ref, sizeof(ref), "%s_ref", loadf_rows[f].name);
        for (int i = 0; i < 14; i++) {
            for (int j = 0; j < 14; j++) {
                uint64_t v = l64 ? storef_f64s[i] : storef_f32s[i];
                uint64_t x = x64 ? storef_f64s[j] : storef_f32s[j];
                uint64_t y = x64 ? storef_f64s[(i + j) % 14] : storef_f32s[(i + j) % 14];
                uint64_t got = loadf_call(rt, inst, loadf_rows[f].name, v, x, y, l64);
                uint64_t want = loadf_call(rt, inst, ref, v, x, y, l64);
                bool nan;
                uint64_t c = loadf_c((int)f, v, x, y, &nan);
                uint64_t mask = wide ? ~0ull : 0xffffffffu, quiet = wide ? 0x7ff8000000000000u : 0x7fc00000u;
                // two NaN inputs: either may come out, as the spec allows (the
                // compiler may commute the plain op's operands: x86-64 -O3 does)
                int k = loadf_rows[f].kind, nans = 0;
                nans += l64 ? (v & 0x7fffffffffffffffu) > 0x7ff0000000000000u : (v & 0x7fffffffu) > 0x7f800000u;
                nans += k != 7 && k != 8 && (x64 ? (x & 0x7fffffffffffffffu) > 0x7ff0000000000000u
                                                 : (x & 0x7fffffffu) > 0x7f800000u);
                nans += (k == 3 || k == 6) && (x64 ? (y & 0x7fffffffffffffffu) > 0x7ff0000000000000u
                                                   : (y & 0x7fffffffu) > 0x7f800000u);
                bool ok = ((got & mask) == (want & mask) || (nan && nans >= 2))
                          && (nan ? (got & quiet) == quiet : (got & mask) == (c & mask));
                if (!ok) {
                    printf("loadf %s(*p = 0x%llx, 0x%llx, 0x%llx) gave 0x%llx, the two ops apart 0x%llx, C 0x%llx\n",
                           loadf_rows[f].name, (unsigned long long)v, (unsigned long long)x, (unsigned long long)y,
                           (unsigned long long)got, (unsigned long long)want, (unsigned long long)c);
                }
                CHECK(ok);
            }
        }
    }
    // exact: 1 + 2^-24 (f32) rounds to 1 (a tie, to even); -0 - 0 is -0;
    // 0 - -0 is +0; 2^-149 * 0.5 rounds to 0 (f32), 2^-1074 * 0.5 to 0
    CHECK((uint32_t)loadf_call(rt, inst, "f32_add", 0x3f800000u, 0x33800000u, 0, false) == 0x3f800000u);
    CHECK((uint32_t)loadf_call(rt, inst, "f32_sub", 0x80000000u, 0, 0, false) == 0x80000000u);
    CHECK((uint32_t)loadf_call(rt, inst, "f32_sub_r", 0x80000000u, 0, 0, false) == 0);
    CHECK((uint32_t)loadf_call(rt, inst, "f32_mul", 1, 0x3f000000u, 0, false) == 0);
    CHECK(loadf_call(rt, inst, "f64_mul_r", 1, f64_bits(0.5), 0, true) == 0);
    CHECK(loadf_call(rt, inst, "f64_sub_r", f64_bits(1.5), f64_bits(4.0), 0, true) == f64_bits(2.5));
    CHECK(loadf_call(rt, inst, "f64_mpa", f32_bits(0.5f), f64_bits(3.0), f64_bits(-1.0), false) == f64_bits(0.5));
    // the branch landing on the multiply, and past it
    call3(rt, inst, "wr32", 24, f32_bits(3.0f), 0);
    CHECK((uint32_t)call3(rt, inst, "join", 16, f32_bits(2.0f), 0) == f32_bits(6.0f));
    CHECK((uint32_t)call3(rt, inst, "join", 16, f32_bits(2.0f), 1) == f32_bits(5.0f));
    // the edges of memory (name, p, status, result): the last 4 (8) bytes
    // through the plain load's slow path, then the op; past the end, or p +
    // 8 wrapping, the plain load's trap
    static const struct {
        const char *name;
        uint32_t p;
        mw_status st;
        double want;
    } rows[] = {
        {"f32_sub", 65524, MW_OK, -0.5},     {"f32_sub", 65525, MW_TRAP_MEM_OOB, 0},
        {"f32_sub", 0xfffffff8u, MW_TRAP_MEM_OOB, 0}, {"f32_mul_add", 65524, MW_OK, 5.5},
        {"f32_mul_add", 65528, MW_TRAP_MEM_OOB, 0},   {"f64_mpa", 65524, MW_OK, 2.5},
        {"f64_mpa", 65526, MW_TRAP_MEM_OOB, 0},       {"f64_add", 65520, MW_OK, 10.0},
        {"f64_add", 65521, MW_TRAP_MEM_OOB, 0},       {"f64_add_r", 0xfffffff8u, MW_TRAP_MEM_OOB, 0},
        {"f64_mul", 65520, MW_OK, 16.0},     {"f64_mul", 65535, MW_TRAP_MEM_OOB, 0},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        bool l64 = rows[i].name[1] == '6' && strstr(rows[i].name, "mpa") == NULL;
        bool x64 = rows[i].name[1] == '6';
        call3(rt, inst, "wr32", 65532, f32_bits(1.5f), 0);
        if (l64) {
            call3(rt, inst, "wr64", 65528, f64_bits(8.0), 0);
        }
        mw_val args[3], r[1];
        args[0].i64 = rows[i].p;
        args[1].i64 = x64 ? f64_bits(2.0) : f32_bits(2.0f);
        args[2].i64 = x64 ? f64_bits(-0.5) : f32_bits(2.5f);
        r[0].i64 = 0;
        mw_status st = mw_call(rt, exp_of(inst, rows[i].name).func, args, r, NULL);
        uint64_t want = x64 ? f64_bits(rows[i].want) : f32_bits((float)rows[i].want);
        bool ok = st == rows[i].st && (st != MW_OK || r[0].i64 == want);
        if (!ok) {
            printf("loadf row %u: %s gave status %d, 0x%llx\n", (unsigned)i, rows[i].name, (int)st,
                   (unsigned long long)r[0].i64);
        }
        CHECK(ok);
    }
}

// F32_DEMOTE_XV (engine_loadf.wat `demote`): the f64 edge values and ones
// that round, overflow or become subnormal in f32, stored as the demote and
// store apart store them (`demote_ref`) and as C's (float) where not a NaN
// (a NaN: quiet); x kept (`demote_tee`); the edges of memory, a trap that
// stores nothing.
static void check_demote_calls(mw_runtime *rt, mw_instance *inst) {
    static const uint64_t more[] = {0x47efffffe0000000u, 0x47efffffefffffffu, 0x47effffff0000000u, 0x36a0000000000000u,
                                    0x3690000000000000u, 0x3690000000000001u, 0xb80fffffffffffffu, 0x3ff0000010000000u};
    for (int i = 0; i < 22; i++) {
        uint64_t x = i < 14 ? storef_f64s[i] : more[i - 14];
        call3(rt, inst, "wr32", 20, 0xdeadbeefu, 0);
        call3(rt, inst, "wr32", 36, 0xdeadbeefu, 0);
        call3(rt, inst, "demote", 16, x, 0);
        call3(rt, inst, "demote_ref", 32, x, 0);
        uint64_t got = call3(rt, inst, "rd32", 20, 0, 0), want = call3(rt, inst, "rd32", 36, 0, 0);
        mw_val v, w;
        v.i64 = x;
        w.i64 = 0;
        w.f32 = (float)v.f64;
        bool ok = got == want && (w.f32 != w.f32 ? (got & 0x7fc00000u) == 0x7fc00000u : got == w.i32);
        uint64_t tee = call3(rt, inst, "demote_tee", 48, x, 0);
        ok = ok && tee == got && call3(rt, inst, "rd32", 52, 0, 0) == got;
        if (!ok) {
            printf("demote(0x%llx) stored 0x%llx, apart 0x%llx, C 0x%x, tee 0x%llx\n", (unsigned long long)x,
                   (unsigned long long)got, (unsigned long long)want, (unsigned)w.i32, (unsigned long long)tee);
        }
        CHECK(ok);
    }
    static const struct {
        uint32_t p;
        mw_status st;
    } rows[] = {{65528, MW_OK}, {65529, MW_TRAP_MEM_OOB}, {65532, MW_TRAP_MEM_OOB}, {0xfffffffcu, MW_TRAP_MEM_OOB}};
    for (size_t i = 0; i < 4; i++) {
        call3(rt, inst, "wr32", 65532, 0x12345678u, 0);
        mw_val args[2];
        args[0].i64 = rows[i].p;
        args[1].i64 = f64_bits(-3.25);
        CHECK(mw_call(rt, exp_of(inst, "demote").func, args, NULL, NULL) == rows[i].st);
        CHECK(call3(rt, inst, "rd32", 65532, 0, 0) == (rows[i].st == MW_OK ? f32_bits(-3.25f) : 0x12345678u));
    }
}

// LOAD32_U_F32_ADD .. LOAD64_F64_MUL and F32_DEMOTE_XV where lowering makes
// them (the full profile: MW_FUSED_ARITH), none in the `*_ref` functions;
// mw_code_check refuses a row whose next op is not its op, and a demote
// whose store stores another slot. Without MW_FUSED_ARITH none is made and
// the code check refuses them (one by hand: MW_D_CODE_OP, or outside the
// small profile's set).
static void test_float_load_op(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_loadf, sizeof(wasm_loadf), 0, &rt, &m);
    char ref[40];
    for (size_t f = 0; f < sizeof(loadf_rows) / sizeof(loadf_rows[0]); f++) {
        if (loadf_rows[f].op != MW_OP_COUNT) {
            CHECK(count_op(inst, loadf_rows[f].name, loadf_rows[f].op) == MW_FUSED_ARITH);
        }
        snprintf(ref, sizeof(ref), "%s_ref", loadf_rows[f].name);
        for (uint32_t op = MW_LOADF_FIRST; op < MW_LOADF_FIRST + MW_LOADF_N; op++) {
            CHECK(count_op(inst, ref, op) == 0);
            CHECK(loadf_rows[f].op != MW_OP_COUNT || count_op(inst, loadf_rows[f].name, op) == 0);
        }
    }
    CHECK(count_op(inst, "join", MW_OP_LOAD32_U_F32_MUL) == MW_FUSED_ARITH);
    CHECK(count_op(inst, "demote", MW_OP_F32_DEMOTE_XV) == MW_FUSED_ARITH);
    CHECK(count_op(inst, "demote_tee", MW_OP_F32_DEMOTE_XV) == MW_FUSED_ARITH);
    CHECK(count_op(inst, "demote_ref", MW_OP_F32_DEMOTE_XV) == 0);
    check_loadf_calls(rt, inst);
    check_demote_calls(rt, inst);
    // the code check: the row with another op after it (the same layout),
    // the demote's store of another value slot
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, "f32_sub").func->u.wasm.def;
    mw_funcdef *dm = (mw_funcdef *)exp_of(inst, "demote").func->u.wasm.def;
    uint32_t k = 0, j = 0;
    mw_detail det;
    uint32_t at = 0;
    if (!MW_FUSED_ARITH) {
        // none made: one by hand, which this engine has no handler for
        k = find_op(d, MW_OP_LOAD32_U);
        CHECK(k < d->code_len);
        d->code[k] = MW_OP_LOAD32_U_F32_SUB;
        #if MW_ALL_OPS
        CHECK(mw_code_check(rt, m, d, &det, &at) == MW_ERR_INVALID && at == k && det == MW_D_CODE_OP);
        #else
        CHECK(mw_code_check(rt, m, d, &det, &at) == MW_ERR_INVALID && at == k && det == MW_D_CODE_NOT_IN_SET);
        #endif
        d->code[k] = MW_OP_LOAD32_U;
        CHECK(mw_code_check(rt, m, d, &det, &at) == MW_OK);
    } else {
        k = find_op(d, MW_OP_LOAD32_U_F32_SUB);
        while (j < dm->code_len && dm->code[j] != MW_OP_F32_DEMOTE_XV) {
            j = op_end(dm, j);
        }
        CHECK(k < d->code_len && j < dm->code_len);
        if (k < d->code_len && j < dm->code_len) {
            uint32_t x = op_end(d, k), s = op_end(dm, j);
            CHECK(mw_code_check(rt, m, d, &det, &at) == MW_OK && mw_code_check(rt, m, dm, &det, &at) == MW_OK);
            d->code[x] = MW_OP_F32_ADD;
            CHECK(mw_code_check(rt, m, d, &det, &at) == MW_ERR_INVALID && det == MW_D_CODE_FUSED && at == k);
            d->code[x] = MW_OP_F32_SUB;
            CHECK(mw_code_check(rt, m, d, &det, &at) == MW_OK);
            mw_code_unit keep = dm->code[s + 1];
            dm->code[s + 1] = (mw_code_unit)(keep ^ 0x100u);      // the value slot, another
            CHECK(mw_code_check(rt, m, dm, &det, &at) == MW_ERR_INVALID && det == MW_D_CODE_FUSED && at == j);
            dm->code[s + 1] = keep;
            CHECK(mw_code_check(rt, m, dm, &det, &at) == MW_OK);
        }
    }
    close_inst(rt, m, inst);
}

// An i32 load feeding the add right after it (engine_loadi.wat; mw_int.h
// MW_LOADF32_FUSED, its two integer rows): the values against C and against
// the two ops kept apart (`*_ref`), over edge values; the rows where lowering
// makes them (the full profile), none for a constant past 16 bits
// (`add_wide`: I32_ADD_IMM), a branch landing on the add (`join`); the edges
// of memory (the plain load's slow path, then the add; its trap).
static void test_int_load_op(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_loadi, sizeof(wasm_loadi), 0, &rt, &m);
    static const uint32_t vals[] = {0, 1, 3, 0x7fff, 0x8000, 0x7fffffffu, 0x80000000u, 0xfffffffdu, 0xffffffffu};
    uint32_t r = 0, r2 = 0;
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        for (size_t j = 0; j < sizeof(vals) / sizeof(vals[0]); j++) {
            uint32_t v = vals[i], x = vals[j], p = 100 + 4 * (uint32_t)j, w[] = {p + 8, v}, a[] = {p, x};
            CHECK(call_i32(rt, inst, "wr32", 2, w, NULL, NULL) == MW_OK);
            CHECK(call_i32(rt, inst, "add_k", 2, a, &r, NULL) == MW_OK && r == v - 3);
            CHECK(call_i32(rt, inst, "add_k_ref", 2, a, &r2, NULL) == MW_OK && r2 == r);
            CHECK(call_i32(rt, inst, "sub_k", 2, a, &r, NULL) == MW_OK && r == v - 32767);
            CHECK(call_i32(rt, inst, "add_wide", 2, a, &r, NULL) == MW_OK && r == v + 0x12345);
            CHECK(call_i32(rt, inst, "add", 2, a, &r, NULL) == MW_OK && r == v + x);
            CHECK(call_i32(rt, inst, "add_ref", 2, a, &r2, NULL) == MW_OK && r2 == r);
            CHECK(call_i32(rt, inst, "add_r", 2, a, &r, NULL) == MW_OK && r == v + x);
            CHECK(call_i32(rt, inst, "add_tee", 2, a, &r, NULL) == MW_OK && r == (v + x) * 3);
            CHECK(call_i32(rt, inst, "join", 2, a, &r, NULL) == MW_OK && r == (x != 0 ? 1000 + x : v));
        }
    }
    static const struct {
        const char *name;
        uint32_t op;
    } made[] = {
        {"add_k", MW_OP_LOAD32_U_I32_ADD_IMMH}, {"sub_k", MW_OP_LOAD32_U_I32_ADD_IMMH}, {"add", MW_OP_LOAD32_U_I32_ADD},
        {"add_r", MW_OP_LOAD32_U_I32_ADD},      {"add_tee", MW_OP_LOAD32_U_I32_ADD},     {"join", MW_OP_LOAD32_U_I32_ADD},
    };
    for (size_t i = 0; i < sizeof(made) / sizeof(made[0]); i++) {
        CHECK(count_op(inst, made[i].name, made[i].op) == MW_FUSED_ARITH);
    }
    // the copies: source and destination words near the memory's end (the
    // load's and the store's slow paths, their traps: then nothing stored)
    static const uint32_t at[] = {100, 65520, 65524, 65526, 65528, 65530, 65532, 65533};
    static const char *const fns[] = {"copy32", "copy32_ref", "copy64"};
    for (size_t i = 0; i < 8; i++) {
        for (size_t j = 0; j < 8; j++) {
            for (int f = 0; f < 3; f++) {
                uint32_t n = f == 2 ? 8 : 4, src = at[i] - 8, dst = at[j] - 4;
                const char *rd = f == 2 ? "rd64" : "rd32";
                for (uint32_t k = 65500; k + 4 <= 65536; k += 4) {
                    uint32_t wk[] = {k, 0x01010101u * (k & 0xff) + (uint32_t)j};
                    CHECK(call_i32(rt, inst, "wr32", 2, wk, NULL, NULL) == MW_OK);
                }
                uint32_t p1[] = {100, 0x11223344u}, p2[] = {104, 0x55667788u};
                CHECK(call_i32(rt, inst, "wr32", 2, p1, NULL, NULL) == MW_OK);
                CHECK(call_i32(rt, inst, "wr32", 2, p2, NULL, NULL) == MW_OK);
                bool src_ok = src + 8 + n <= 65536, dst_ok = dst + 4 + n <= 65536;
                uint64_t val = src_ok ? call3(rt, inst, rd, src + 8, 0, 0) : 0;
                uint64_t before = dst_ok ? call3(rt, inst, rd, dst + 4, 0, 0) : 0;
                mw_val args[2] = {{.i64 = src}, {.i64 = dst}};
                mw_status st = mw_call(rt, exp_of(inst, fns[f]).func, args, NULL, NULL);
                bool ok = st == (src_ok && dst_ok ? MW_OK : MW_TRAP_MEM_OOB);
                if (dst_ok) {
                    ok = ok && call3(rt, inst, rd, dst + 4, 0, 0) == (st == MW_OK ? val : before);
                }
                if (!ok) {
                    printf("%s(src %u, dst %u) gave status %d\n", fns[f], (unsigned)src, (unsigned)dst, (int)st);
                }
                CHECK(ok);
            }
        }
    }
    CHECK(count_op(inst, "copy32", MW_OP_LOAD32_U_STORE32) == MW_FUSED_ARITH);
    CHECK(count_op(inst, "copy64", MW_OP_LOAD64_STORE64) == MW_FUSED_ARITH);
    CHECK(count_op(inst, "copy32_ref", MW_OP_LOAD32_U_STORE32) == 0);
    static const char *const apart[] = {"add_k_ref", "add_ref", "add_wide"};
    for (size_t i = 0; i < 3; i++) {
        CHECK(count_op(inst, apart[i], MW_OP_LOAD32_U_I32_ADD_IMMH) == 0);
        CHECK(count_op(inst, apart[i], MW_OP_LOAD32_U_I32_ADD) == 0);
        CHECK(count_op(inst, apart[i], MW_OP_LOAD32_U) == 1);
    }
    // the edges of memory: the last 4 bytes through the plain load's slow
    // path, then the add; past the end, or p + 8 wrapping, its trap
    uint32_t last[] = {65532, 0x01020304u}, ok[] = {65524, 5}, past[] = {65525, 5}, wrap[] = {0xfffffff8u, 5};
    CHECK(call_i32(rt, inst, "wr32", 2, last, NULL, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "add", 2, ok, &r, NULL) == MW_OK && r == 0x01020309u);
    CHECK(call_i32(rt, inst, "add_k", 2, ok, &r, NULL) == MW_OK && r == 0x01020301u);
    CHECK(call_i32(rt, inst, "add", 2, past, &r, NULL) == MW_TRAP_MEM_OOB);
    CHECK(call_i32(rt, inst, "add_k", 2, past, &r, NULL) == MW_TRAP_MEM_OOB);
    CHECK(call_i32(rt, inst, "add", 2, wrap, &r, NULL) == MW_TRAP_MEM_OOB);
    // the code check: a row with another op of the add's layout after it
    if (MW_FUSED_ARITH) {
        mw_funcdef *d = (mw_funcdef *)exp_of(inst, "add").func->u.wasm.def;
        uint32_t k = find_op(d, MW_OP_LOAD32_U_I32_ADD);
        CHECK(k < d->code_len && d->code[op_end(d, k)] == MW_OP_I32_ADD);
        if (k < d->code_len) {
            CHECK(fused_refused(rt, m, d, k, op_end(d, k), MW_OP_I32_SUB));
        }
    }
    close_inst(rt, m, inst);
}

// A call's last argument put in place right before its CALL_DEF
// (engine_callarg.wat; mw_int.h MW_CALL_ARG_OP_LIST): the values against C
// (f3 weighs its three arguments apart), where lowering makes the rows (the
// full profile: MW_FUSED_ARITH) and where not; a branch landing on the
// CALL_DEF (join: the block's br_if) runs it alone; recursion through a row
// returns to the right place, and without end traps at the stack's limit.
// mw_code_check refuses a row whose next op is not a CALL_DEF; without
// MW_FUSED_ARITH none is made and the check refuses one made by hand.
static uint32_t callarg_f3(uint32_t a, uint32_t b, uint32_t c) {
    return (a * 1000u + b) * 1000u + c;
}

static void test_call_arg(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_callarg, sizeof(wasm_callarg), 0, &rt, &m);
    static const uint32_t vals[] = {0, 1, 42, 999, 0x7fffffffu, 0x80000000u, 0xffffffffu};
    uint32_t r = 0;
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        for (size_t j = 0; j < sizeof(vals) / sizeof(vals[0]); j++) {
            uint32_t x = vals[i], y = vals[j], a2[] = {x, y}, a3[] = {x, y, x ^ y}, j0[] = {x, y, 0}, j1[] = {x, y, 1};
            CHECK(call_i32(rt, inst, "copy_last", 2, a2, &r, NULL) == MW_OK && r == callarg_f3(x + 1, y + 2, y));
            CHECK(call_i32(rt, inst, "copy2_last", 2, a2, &r, NULL) == MW_OK && r == callarg_f3(x + 7, y, x));
            CHECK(call_i32(rt, inst, "copy2_copy", 3, a3, &r, NULL) == MW_OK && r == callarg_f3(x ^ y, x, y));
            CHECK(call_i32(rt, inst, "const_last", 2, a2, &r, NULL) == MW_OK && r == callarg_f3(x, y, 0u - 5u));
            CHECK(call_i32(rt, inst, "join", 3, j0, &r, NULL) == MW_OK && r == callarg_f3(x + 1, y + 1, x));
            CHECK(call_i32(rt, inst, "join", 3, j1, &r, NULL) == MW_OK && r == callarg_f3(x + 1, y + 1, 77));
        }
    }
    uint32_t c[] = {50, 5};    // (new_rt: 100 frames)
    CHECK(call_i32(rt, inst, "count", 2, c, &r, NULL) == MW_OK && r == 155);
    uint32_t z[] = {1, 2};
    CHECK(call_i32(rt, inst, "deep", 1, z, &r, NULL) == MW_TRAP_STACK);
    CHECK(call_i32(rt, inst, "deep2", 2, z, &r, NULL) == MW_TRAP_STACK);
    CHECK(call_i32(rt, inst, "deepk", 1, z, &r, NULL) == MW_TRAP_STACK);
    CHECK(call_i32(rt, inst, "count", 2, c, &r, NULL) == MW_OK && r == 155);
    static const struct {
        const char *name;
        uint32_t op;
    } made[] = {
        {"copy_last", MW_OP_COPY_CALL_DEF}, {"copy2_last", MW_OP_COPY2_CALL_DEF}, {"copy2_copy", MW_OP_COPY_CALL_DEF},
        {"const_last", MW_OP_CONST16_CALL_DEF}, {"join", MW_OP_COPY_CALL_DEF}, {"count", MW_OP_COPY_CALL_DEF},
        {"deep", MW_OP_COPY_CALL_DEF}, {"deep2", MW_OP_COPY2_CALL_DEF}, {"deepk", MW_OP_CONST16_CALL_DEF},
    };
    for (size_t i = 0; i < sizeof(made) / sizeof(made[0]); i++) {
        CHECK(count_op(inst, made[i].name, made[i].op) == MW_FUSED_ARITH);
        CHECK(count_op(inst, made[i].name, MW_OP_CALL_DEF) == 1);
    }
    // (COPY2 before the COPY_CALL_DEF: COPY2_COPY_CALL_DEF in the full profile)
    CHECK(count_op(inst, "copy2_copy", MW_OP_COPY2) == 1 - MW_FUSED_ARITH
          && count_op(inst, "copy2_copy", MW_OP_COPY2_COPY_CALL_DEF) == MW_FUSED_ARITH);
    CHECK(count_op(inst, "const_last", MW_OP_COPY2) == 1);
    // the code check: a row whose next op is not a CALL_DEF
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, "copy_last").func->u.wasm.def;
    uint32_t k = 0;
    mw_detail det;
    uint32_t at = 0;
    uint32_t want = MW_FUSED_ARITH ? MW_OP_COPY_CALL_DEF : MW_OP_COPY;
    k = find_op(d, want);
    CHECK(k < d->code_len);
    if (k < d->code_len) {
        uint32_t x = op_end(d, k);
        CHECK(d->code[x] == MW_OP_CALL_DEF);
        if (!MW_FUSED_ARITH) {
            // none made: one by hand, which this engine has no handler for
            d->code[k] = MW_OP_COPY_CALL_DEF;
            #if MW_ALL_OPS
            CHECK(mw_code_check(rt, m, d, &det, &at) == MW_ERR_INVALID && at == k && det == MW_D_CODE_OP);
            #else
            CHECK(mw_code_check(rt, m, d, &det, &at) == MW_ERR_INVALID && at == k && det == MW_D_CODE_NOT_IN_SET);
            #endif
            d->code[k] = MW_OP_COPY;
            CHECK(mw_code_check(rt, m, d, &det, &at) == MW_OK);
        } else {
            CHECK(mw_code_check(rt, m, d, &det, &at) == MW_OK);
            d->code[x] = MW_OP_RETURN1;     // (a one-unit op: the walk stops at k all the same)
            CHECK(mw_code_check(rt, m, d, &det, &at) == MW_ERR_INVALID && det == MW_D_CODE_FUSED && at == k);
            d->code[x] = MW_OP_CALL_DEF;
            CHECK(mw_code_check(rt, m, d, &det, &at) == MW_OK);
            CHECK(call_i32(rt, inst, "copy_last", 2, z, &r, NULL) == MW_OK && r == callarg_f3(2, 4, 2));
        }
    }
    close_inst(rt, m, inst);
}

// An add of a constant right before a global.set (engine_stackptr.wat;
// mw_int.h I32_ADD_IMMH_GLOBAL_SET): a C function's stack pointer moved and
// put back around a call, the global and the add's own destination against
// C over edge values, a branch landing on the GLOBAL_SET (join: the block's
// br_if) runs it alone; a constant past 16 bits and a load taking the add as
// its partner make no row; a global.get right before the add is
// GLOBAL_GET_ADD_SET (the prologue; get_then_set: its value another's).
// mw_code_check refuses a row whose next op is not its partner; without
// MW_FUSED_ARITH none is made and the check refuses one made by hand.
static void test_stackptr(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_stackptr, sizeof(wasm_stackptr), 0, &rt, &m);
    static const uint32_t vals[] = {0, 1, 5, 32767, 32768, 0x7fffffffu, 0x80000000u, 0xffff8000u, 0xfffffffbu, 0xffffffffu};
    uint32_t r = 0;
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        uint32_t x = vals[i], j0[] = {x, 0}, j1[] = {x, 1};
        CHECK(call_i32(rt, inst, "frame", 1, &x, &r, NULL) == MW_OK && r == 2 * x + 1);
        CHECK(call_i32(rt, inst, "sp", 0, NULL, &r, NULL) == MW_OK && r == 4096);
        CHECK(call_i32(rt, inst, "set_add", 1, &x, &r, NULL) == MW_OK && r == x + 32767u);
        CHECK(call_i32(rt, inst, "set_sub", 1, &x, &r, NULL) == MW_OK && r == x - 32768u);
        CHECK(call_i32(rt, inst, "tee", 1, &x, &r, NULL) == MW_OK && r == (x - 5u) - (x - 5u) * 3u);
        CHECK(call_i32(rt, inst, "join", 2, j0, &r, NULL) == MW_OK && r == x + 3u);
        CHECK(call_i32(rt, inst, "join", 2, j1, &r, NULL) == MW_OK && r == 77);
        CHECK(call_i32(rt, inst, "wide", 1, &x, &r, NULL) == MW_OK && r == x + 65536u);
        uint32_t old = 0;
        CHECK(call_i32(rt, inst, "set_add", 1, &x, &old, NULL) == MW_OK);
        CHECK(call_i32(rt, inst, "get_then_set", 1, &x, &r, NULL) == MW_OK && r == old + (x + 7u) * 3u);
    }
    uint32_t a = 0;
    CHECK(call_i32(rt, inst, "loaded", 1, &a, &r, NULL) == MW_OK && r == 9);
    static const struct {
        const char *name;
        int rows;
    } made[] = {
        {"frame", 2}, {"set_add", 1}, {"set_sub", 1}, {"tee", 1}, {"join", 1}, {"wide", 0}, {"loaded", 0},
        {"get_then_set", 1},
    };
    for (size_t i = 0; i < sizeof(made) / sizeof(made[0]); i++) {
        CHECK(count_op(inst, made[i].name, MW_OP_I32_ADD_IMMH_GLOBAL_SET) == (MW_FUSED_ARITH ? made[i].rows : 0));
    }
    CHECK(count_op(inst, "loaded", MW_OP_LOAD32_U_I32_ADD_IMMH) == MW_FUSED_ARITH);
    CHECK(count_op(inst, "frame", MW_OP_GLOBAL_GET_ADD_SET) == MW_FUSED_ARITH);
    CHECK(count_op(inst, "get_then_set", MW_OP_GLOBAL_GET_ADD_SET) == MW_FUSED_ARITH);
    CHECK(count_op(inst, "set_add", MW_OP_GLOBAL_GET_ADD_SET) == 0);
    // the code check: a row whose next op is not a GLOBAL_SET
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, "set_add").func->u.wasm.def;
    uint32_t k = 0, at = 0;
    mw_detail det;
    uint32_t want = MW_FUSED_ARITH ? MW_OP_I32_ADD_IMMH_GLOBAL_SET : MW_NARROW_IMM ? MW_OP_I32_ADD_IMMH : MW_OP_I32_ADD_IMM;
    k = find_op(d, want);
    CHECK(k < d->code_len);
    if (k < d->code_len) {
        uint32_t x = op_end(d, k);
        CHECK(d->code[x] == MW_OP_GLOBAL_SET);
        if (!MW_FUSED_ARITH) {
            if (want == MW_OP_I32_ADD_IMMH) {
                // none made: one by hand, which this engine has no handler for
                d->code[k] = MW_OP_I32_ADD_IMMH_GLOBAL_SET;
                #if MW_ALL_OPS
                CHECK(mw_code_check(rt, m, d, &det, &at) == MW_ERR_INVALID && at == k && det == MW_D_CODE_OP);
                #else
                CHECK(mw_code_check(rt, m, d, &det, &at) == MW_ERR_INVALID && at == k && det == MW_D_CODE_NOT_IN_SET);
                #endif
                d->code[k] = MW_OP_I32_ADD_IMMH;
            }
            CHECK(mw_code_check(rt, m, d, &det, &at) == MW_OK);
        } else {
            CHECK(mw_code_check(rt, m, d, &det, &at) == MW_OK);
            d->code[x] = MW_OP_GLOBAL_GET;    // (the same layout's width: the walk stops at k all the same)
            CHECK(mw_code_check(rt, m, d, &det, &at) == MW_ERR_INVALID && det == MW_D_CODE_FUSED && at == k);
            d->code[x] = MW_OP_GLOBAL_SET;
            CHECK(mw_code_check(rt, m, d, &det, &at) == MW_OK);
            CHECK(call_i32(rt, inst, "set_add", 1, &a, &r, NULL) == MW_OK && r == 32767);
            // GLOBAL_GET_ADD_SET whose next op is the plain add
            d = (mw_funcdef *)exp_of(inst, "get_then_set").func->u.wasm.def;
            k = find_op(d, MW_OP_GLOBAL_GET_ADD_SET);
            CHECK(k < d->code_len);
            if (k < d->code_len) {
                x = op_end(d, k);
                CHECK(d->code[x] == MW_OP_I32_ADD_IMMH_GLOBAL_SET);
                d->code[x] = MW_OP_I32_ADD_IMMH;
                CHECK(mw_code_check(rt, m, d, &det, &at) == MW_ERR_INVALID && det == MW_D_CODE_FUSED && at == k);
                d->code[x] = MW_OP_I32_ADD_IMMH_GLOBAL_SET;
                CHECK(mw_code_check(rt, m, d, &det, &at) == MW_OK);
            }
        }
    }
    close_inst(rt, m, inst);
}

// The two rows away from a prologue (engine_globalrows.wat): the stack
// pointer an imported global (the rows set the host's global), a branch
// landing on the add after a block's last global.get (GLOBAL_GET_ADD_SET's
// read skipped), an i64 global's set right after the row (its GLOBAL_SET
// stores another value), the row at a loop's head, one global read and
// another set; each against C over edge values, each row counted where made.
static void test_global_rows(void) {
    mw_runtime *rt = new_rt(0);
    mw_global *sp = NULL;
    mw_val v0;
    v0.i64 = 1000;
    CHECK(mw_global_new(rt, MW_I32, true, v0, &sp) == MW_OK);
    mw_import im[1];
    memset(im, 0, sizeof(im));
    im[0].global = sp;
    mw_module *m = NULL;
    mw_instance *inst = inst_of(rt, wasm_globalrows, sizeof(wasm_globalrows), im, 0, &m);
    CHECK(inst != NULL);
    if (inst != NULL) {
        static const uint32_t vals[] = {0, 1, 7, 32767, 32768, 0x7fffffffu, 0x80000000u, 0xffff8000u, 0xffffffffu};
        uint32_t g = 100, r = 0;
        for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
            uint32_t x = vals[i], hs = mw_global_get(sp).i32;
            CHECK(call_i32(rt, inst, "imp", 1, &x, &r, NULL) == MW_OK && r == hs + x - 1u);
            CHECK(mw_global_get(sp).i32 == hs + x - 1u);
            uint32_t taken[] = {x, 1}, not_taken[] = {x, 0};
            CHECK(call_i32(rt, inst, "land_add", 2, taken, &r, NULL) == MW_OK && r == x - 16u);
            g = x - 16u;
            CHECK(call_i32(rt, inst, "land_add", 2, not_taken, &r, NULL) == MW_OK && r == g - 16u);
            g -= 16u;
            CHECK(call_i32(rt, inst, "set_i64", 1, &x, &r, NULL) == MW_OK && r == ((x >> 1) ^ (g + 100u)));
            CHECK(call_i32(rt, inst, "loop_head", 1, &x, &r, NULL) == MW_OK);
            g += 3u * ((x & 7) > 1 ? (x & 7) : 1);
            CHECK(r == g);
            CHECK(call_i32(rt, inst, "other", 1, &x, &r, NULL) == MW_OK && r == x - 1u && mw_global_get(sp).i32 == x - 1u);
            g = x;
        }
        static const struct {
            const char *name;
            int get_add_set, add_set;     // GLOBAL_GET_ADD_SET, I32_ADD_IMMH_GLOBAL_SET (that one's included)
        } made[] = {{"imp", 2, 2}, {"land_add", 1, 1}, {"set_i64", 1, 1}, {"loop_head", 1, 1}, {"other", 1, 1}};
        for (size_t i = 0; i < sizeof(made) / sizeof(made[0]); i++) {
            CHECK(count_op(inst, made[i].name, MW_OP_GLOBAL_GET_ADD_SET) == (MW_FUSED_ARITH ? made[i].get_add_set : 0));
            CHECK(count_op(inst, made[i].name, MW_OP_I32_ADD_IMMH_GLOBAL_SET) == (MW_FUSED_ARITH ? made[i].add_set : 0));
        }
        #if MW_FUSED_ARITH
        // the code check: each row's partner cut off by the code's end (an
        // image's code ending there)
        mw_funcdef *d = (mw_funcdef *)exp_of(inst, "other").func->u.wasm.def;
        uint32_t k = 0, at = 0, len = d->code_len;
        mw_detail det;
        while (k < len && d->code[k] != MW_OP_GLOBAL_GET_ADD_SET) {
            k = op_end(d, k);
        }
        CHECK(k < len);
        if (k < len) {
            uint32_t x = op_end(d, k), y = op_end(d, x);
            CHECK(d->code[x] == MW_OP_I32_ADD_IMMH_GLOBAL_SET && d->code[y] == MW_OP_GLOBAL_SET);
            d->code_len = x + 1;
            CHECK(mw_code_check(rt, m, d, &det, &at) == MW_ERR_INVALID && det == MW_D_CODE_FUSED && at == k);
            d->code_len = y + 1;
            CHECK(mw_code_check(rt, m, d, &det, &at) == MW_ERR_INVALID && det == MW_D_CODE_FUSED && at == x);
            d->code_len = len;
            CHECK(mw_code_check(rt, m, d, &det, &at) == MW_OK);
        }
        #endif
        mw_instance_free(rt, inst);
        mw_module_free(rt, m);
    }
    mw_global_free(rt, sp);
    mw_runtime_free(rt);
    CHECK(live_blocks == 0);
}

// An add of a constant right before a compare-and-branch (engine_addbr.wat;
// mw_int.h MW_ADDBR_FUSED): each loop against C's (a sum that weighs every
// iteration's counter, the counter's last value), bounds across zero and
// the sign, counters that wrap; where lowering makes the rows (the full
// profile) and where not: a branch whose first slot is not the add's d
// (other, ge_u_second; ne_second's BR_NE reads it first); a branch
// landing on the branch (land) runs it alone; mw_code_check refuses a row
// whose next op is not its branch or whose branch reads another slot first
// (the handler takes it from the add), and without MW_FUSED_ARITH none is
// made.
static uint32_t addbr_step(uint32_t s, uint32_t i) {
    return ((s << 5) | (s >> 27)) + i;
}

static uint32_t addbr_ref(const char *name, const uint32_t *a) {
    uint32_t s = 0, i = a[0], n = a[1], c = a[2];
    if (strcmp(name, "ne") == 0 || strcmp(name, "ne_second") == 0) {
        do {
            s = addbr_step(s, i);
            i += 3;
        } while (i != n);
    } else if (strcmp(name, "ge_u_second") == 0) {
        for (;;) {
            s = addbr_step(s, i);
            i += 5;
            if (n >= i) {
                break;
            }
        }
    } else if (strcmp(name, "lt_s") == 0) {
        do {
            s = addbr_step(s, i);
            i += 1;
        } while ((int32_t)i < (int32_t)n);
    } else if (strcmp(name, "lt_u") == 0) {
        do {
            s = addbr_step(s, i);
            i += 4;
        } while (i < n);
    } else if (strcmp(name, "ge_u") == 0) {
        for (;;) {
            s = addbr_step(s, i);
            i += 5;
            if (i >= n) {
                break;
            }
        }
    } else if (strcmp(name, "ne_k") == 0) {
        do {
            s = addbr_step(s, i);
            i += 2;
        } while (i != 1000);
    } else if (strcmp(name, "lt_u_k") == 0) {
        do {
            s = addbr_step(s, i);
            i += 7;
        } while (i < 1000);
    } else if (strcmp(name, "gt_u_k") == 0) {
        do {
            s = addbr_step(s, i);
            i -= 3;
        } while (i > 10);
    } else if (strcmp(name, "gt_u_kneg") == 0) {
        do {
            s = addbr_step(s, i);
            i -= 3;
        } while (i > 0xfffffff0u);
    } else if (strcmp(name, "add_nz") == 0) {
        do {
            s = addbr_step(s, i);
            i += 4;
        } while (--n != 0);
    } else if (strcmp(name, "other") == 0) {
        do {
            i += 1;
            s = addbr_step(s, i);
            c += 9;
        } while (i < n);
        return s ^ c;
    } else if (strcmp(name, "switch") == 0) {
        do {
            switch (i - 5) {
                case 0:
                    s += 1;
                    break;
                case 1:
                    s *= 3;
                    break;
                case 2:
                    s ^= i;
                    break;
                default:
                    s = addbr_step(s, i);
                    break;
            }
        } while (++i < n);
    } else if (strcmp(name, "switch_land") == 0) {
        do {
            switch ((i & c) != 0 ? 1 : i - 7) {
                case 0:
                    s += 1;
                    break;
                case 1:
                    s *= 3;
                    break;
                default:
                    s = addbr_step(s, i);
                    break;
            }
        } while (++i < n);
    } else {    // land
        do {
            s = addbr_step(s, i);
            c >>= 1;
            if ((i & c) == 0) {
                i += 3;
            }
        } while (i < n);
    }
    return s ^ i;
}

static void test_add_branch(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_addbr, sizeof(wasm_addbr), 0, &rt, &m);
    static const struct {
        const char *name;
        int nargs;
        uint32_t op;          // the row lowering makes (full profile), 0: none of MW_ADDBR_FUSED
        uint32_t a[3];
    } rows[] = {
        {"ne", 2, MW_OP_I32_ADD_IMMH_BR_NE, {5, 5 + 3 * 40}},
        {"ne", 2, MW_OP_I32_ADD_IMMH_BR_NE, {0xfffffff0u, 0xfffffff0u + 3 * 100}},     // across zero
        {"ne", 2, MW_OP_I32_ADD_IMMH_BR_NE, {7, 10}},
        {"lt_s", 2, MW_OP_I32_ADD_IMMH_BR_LT_S, {0xffffff00u, 50}},                    // -256 .. 50
        {"lt_s", 2, MW_OP_I32_ADD_IMMH_BR_LT_S, {0x7ffffff0u, 0x7fffffffu}},           // up to INT_MAX
        {"lt_s", 2, MW_OP_I32_ADD_IMMH_BR_LT_S, {3, 0xfffffff0u}},                     // bound below: once
        {"lt_u", 2, MW_OP_I32_ADD_IMMH_BR_LT_U, {0x1000, 0x1400}},
        {"lt_u", 2, MW_OP_I32_ADD_IMMH_BR_LT_U, {0xfffffff0u, 0x20}},                  // wraps: once
        {"lt_u", 2, MW_OP_I32_ADD_IMMH_BR_LT_U, {0x7ffffff0u, 0x80000100u}},           // across the sign
        {"ge_u", 2, MW_OP_I32_ADD_IMMH_BR_GE_U, {0, 1000}},
        {"ge_u", 2, MW_OP_I32_ADD_IMMH_BR_GE_U, {0xfffffffeu, 100}},                   // wraps, then up
        {"ge_u", 2, MW_OP_I32_ADD_IMMH_BR_GE_U, {9, 0}},
        {"ne_k", 1, MW_OP_I32_ADD_IMMH_BR_NE_IMMH, {0}},
        {"ne_k", 1, MW_OP_I32_ADD_IMMH_BR_NE_IMMH, {998}},
        {"lt_u_k", 1, MW_OP_I32_ADD_IMMH_BR_LT_U_IMMH, {0}},
        {"lt_u_k", 1, MW_OP_I32_ADD_IMMH_BR_LT_U_IMMH, {0xfffffffau}},                 // wraps to 1
        {"gt_u_k", 1, MW_OP_I32_ADD_IMMH_BR_GT_U_IMMH, {1000}},
        // a counter that wraps stays above an unsigned bound: from 2 to 0xffffffff, then down to
        // the bound 0xfffffff0 (i32.const -16 in 16 bits, sign-extended) in 6 turns; from 21 it is
        // below that bound at once, where a signed compare would go on past zero to -18
        {"gt_u_kneg", 1, MW_OP_I32_ADD_IMMH_BR_GT_U_IMMH, {2}},
        {"gt_u_kneg", 1, MW_OP_I32_ADD_IMMH_BR_GT_U_IMMH, {21}},
        {"add_nz", 2, MW_OP_I32_ADD_IMMH_BR_ADD_NZ, {0x100, 37}},
        {"add_nz", 2, MW_OP_I32_ADD_IMMH_BR_ADD_NZ, {0xfffffff8u, 5}},
        {"other", 3, 0, {0, 100, 0xffffffc0u}},                                        // the test reads another counter
        {"ne_second", 2, MW_OP_I32_ADD_IMMH_BR_NE, {5, 5 + 3 * 40}},
        {"ne_second", 2, MW_OP_I32_ADD_IMMH_BR_NE, {0xfffffff0u, 0xfffffff0u + 3 * 100}},
        {"ge_u_second", 2, 0, {0xffffff01u, 3}},                                       // wraps to 0: out
        {"ge_u_second", 2, 0, {9, 0x7fffffffu}},                                       // out at once
        {"land", 3, MW_OP_I32_ADD_IMMH_BR_LT_U, {0, 200, 0}},
        {"land", 3, MW_OP_I32_ADD_IMMH_BR_LT_U, {1, 200, 0xffffffffu}},
        {"land", 3, MW_OP_I32_ADD_IMMH_BR_LT_U, {2, 90, 0x5555u}},
        {"switch", 2, MW_OP_I32_ADD_IMMH_BR_TABLE_JMP, {0, 20}},                    // every case, the default
        {"switch", 2, MW_OP_I32_ADD_IMMH_BR_TABLE_JMP, {0xfffffff0u, 3}},           // i - 5 wraps: the default
        {"switch", 2, MW_OP_I32_ADD_IMMH_BR_TABLE_JMP, {6, 7}},                     // once, case 1
        {"switch", 2, MW_OP_I32_ADD_IMMH_BR_TABLE_JMP, {0x80000003u, 0x80000009u}}, // across the sign: default
        {"switch_land", 3, MW_OP_I32_ADD_IMMH_BR_TABLE_JMP, {0, 40, 0x12}},
        {"switch_land", 3, MW_OP_I32_ADD_IMMH_BR_TABLE_JMP, {5, 12, 0}},            // never lands: 7 and 8 cases
        {"switch_land", 3, MW_OP_I32_ADD_IMMH_BR_TABLE_JMP, {0, 30, 0xffffffffu}},  // lands but at i = 0
    };
    for (size_t k = 0; k < sizeof(rows) / sizeof(rows[0]); k++) {
        uint32_t r = 0;
        mw_status st = call_i32(rt, inst, rows[k].name, rows[k].nargs, rows[k].a, &r, NULL);
        uint32_t want = addbr_ref(rows[k].name, rows[k].a);
        if (st != MW_OK || r != want) {
            printf("  addbr %s(0x%x, 0x%x, 0x%x): %d 0x%x, want 0x%x\n", rows[k].name, (unsigned)rows[k].a[0],
                   (unsigned)rows[k].a[1], (unsigned)rows[k].a[2], (int)st, (unsigned)r, (unsigned)want);
        }
        CHECK(st == MW_OK && r == want);
        // the row's count, or (op 0) that of every row of MW_ADDBR_FUSED
        int made = 0, want_made = rows[k].op != 0 ? MW_FUSED_ARITH : 0;
        for (uint32_t r = MW_ADDBR_FIRST; r < MW_ADDBR_FIRST + MW_ADDBR_N; r++) {
            made += rows[k].op == 0 || rows[k].op == r ? count_op(inst, rows[k].name, r) : 0;
        }
        if (made != want_made) {
            printf("  addbr %s: %d of op %u\n", rows[k].name, made, (unsigned)rows[k].op);
        }
        CHECK(made == want_made);
    }
    // the code check: a row whose next op is not its branch
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, "lt_u").func->u.wasm.def;
    uint32_t k = 0, want = MW_FUSED_ARITH ? MW_OP_I32_ADD_IMMH_BR_LT_U : MW_OP_COUNT;
    mw_detail det;
    uint32_t at = 0;
    k = find_op(d, want);
    CHECK((k < d->code_len) == MW_FUSED_ARITH);
    if (k < d->code_len) {
        uint32_t x = op_end(d, k);
        CHECK(d->code[x] == MW_OP_BR_LT_U);
        CHECK(mw_code_check(rt, m, d, &det, &at) == MW_OK);
        d->code[x] = MW_OP_BR_LT_S;     // (the same layout: only the row's own check stops it)
        CHECK(mw_code_check(rt, m, d, &det, &at) == MW_ERR_INVALID && det == MW_D_CODE_FUSED && at == k);
        d->code[x] = MW_OP_BR_LT_U;
        CHECK(mw_code_check(rt, m, d, &det, &at) == MW_OK);
        // the branch's first slot another than the add's d (its second
        // the add's d: the row would compare the add's value the wrong way)
        CHECK(d->code[x + 1] == mw_code_slot8(d->code + k + 1));
        CHECK(fused_refused(rt, m, d, k, x + 1, d->code[x + 2]));
        uint32_t a[] = {0x1000, 0x1400, 0};
        uint32_t r = 0;
        CHECK(call_i32(rt, inst, "lt_u", 2, a, &r, NULL) == MW_OK && r == addbr_ref("lt_u", a));
    }
    // a BR_NE on b != i + 3: lowering puts the add's d first, the row made
    d = (mw_funcdef *)exp_of(inst, "ne_second").func->u.wasm.def;
    k = find_op(d, MW_OP_I32_ADD_IMMH_BR_NE);
    CHECK((k < d->code_len) == MW_FUSED_ARITH);
    if (k < d->code_len) {
        uint32_t x = op_end(d, k);
        CHECK(d->code[x] == MW_OP_BR_NE && d->code[x + 1] == mw_code_slot8(d->code + k + 1));
        CHECK(fused_refused(rt, m, d, k, x + 1, d->code[x + 2]));
    }
    // and the switch's: its next op another than BR_TABLE_JMP, or a
    // BR_TABLE_JMP on another slot than the add's d (the row's handler
    // takes the index from the add)
    d = (mw_funcdef *)exp_of(inst, "switch").func->u.wasm.def;
    k = find_op(d, MW_OP_I32_ADD_IMMH_BR_TABLE_JMP);
    CHECK((k < d->code_len) == MW_FUSED_ARITH);
    if (k < d->code_len) {
        uint32_t x = op_end(d, k);
        CHECK(d->code[x] == MW_OP_BR_TABLE_JMP && d->code[x + 1] == mw_code_slot8(d->code + k + 1));
        CHECK(fused_refused(rt, m, d, k, x, MW_OP_BR_IF_JMP));
        CHECK(fused_refused(rt, m, d, k, x + 1, (mw_code_unit)(d->code[x + 1] + 1)));
        uint32_t a[] = {0, 20, 0}, r = 0;
        CHECK(call_i32(rt, inst, "switch", 2, a, &r, NULL) == MW_OK && r == addbr_ref("switch", a));
    }
    close_inst(rt, m, inst);
}

// br_if carrying values to its label after a comparison (engine_brifval.wat;
// lower_branch.c materialize_cond): the values against C, taken and not; the full
// profile fuses the comparison with the branch (none left in the code), the
// small profile keeps it.
static void test_br_if_value(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_brifval, sizeof(wasm_brifval), 0, &rt, &m);
    static const uint32_t xs[] = {0, 1, 4, 5, 6, 0x7fffffffu, 0x80000000u, 0xffffffffu};
    for (size_t i = 0; i < sizeof(xs) / sizeof(xs[0]); i++) {
        for (size_t j = 0; j < sizeof(xs) / sizeof(xs[0]); j += 3) {
            uint32_t a[2] = {xs[i], xs[j]}, r = 0;
            CHECK(call_i32(rt, inst, "eqz_const", 1, a, &r, NULL) == MW_OK && r == (xs[i] == 0 ? 7u : 9u));
            CHECK(call_i32(rt, inst, "lt_local", 2, a, &r, NULL) == MW_OK
                  && r == ((int32_t)xs[i] < 5 ? xs[j] : 0xffffffffu));
            CHECK(call_i32(rt, inst, "ne_two", 2, a, &r, NULL) == MW_OK && r == (xs[i] != xs[j] ? xs[j] + 3 : 101u));
        }
    }
    int left = count_op(inst, "eqz_const", MW_OP_I32_EQZ) + count_op(inst, "lt_local", MW_OP_I32_LT_S_IMM)
               + count_op(inst, "ne_two", MW_OP_I32_NE);
    if (left != (MW_FUSED_ARITH ? 0 : 3)) {
        printf("  br_if value: %d comparisons left in the code\n", left);
    }
    CHECK(left == (MW_FUSED_ARITH ? 0 : 3));
    close_inst(rt, m, inst);
}

// Two constants one after the other (engine_constpair.wat; mw_int.h
// CONST16_CONST16): the values against C, a branch landing on a pair's
// second CONST16 and not; the pairs lowering makes (full profile: none where
// the second is a call's argument); the code check's refusal of a pair
// whose next op is not CONST16.
static void test_const_pair(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_constpair, sizeof(wasm_constpair), 0, &rt, &m);
    static const uint32_t xs[] = {0, 1, 2, 0x7fffffffu, 0xffffffffu};
    for (size_t i = 0; i < sizeof(xs) / sizeof(xs[0]); i++) {
        uint32_t x = xs[i], r = 0;
        CHECK(call_i32(rt, inst, "two", 1, &x, &r, NULL) == MW_OK && r == 5 * x - 7);
        CHECK(call_i32(rt, inst, "land", 1, &x, &r, NULL) == MW_OK && r == (x != 0 ? 13u : 23u));
        CHECK(call_i32(rt, inst, "three", 1, &x, &r, NULL) == MW_OK && r == x + 123);
        CHECK(call_i32(rt, inst, "callarg", 1, &x, &r, NULL) == MW_OK && r == x + 35);
    }
    static const struct {
        const char *name;
        int pairs;
    } fns[] = {{"two", 1}, {"land", 1}, {"three", 1}, {"callarg", 0}};
    for (size_t f = 0; f < sizeof(fns) / sizeof(fns[0]); f++) {
        check_made(inst, fns[f].name, MW_OP_CONST16_CONST16, fns[f].pairs, "const pair");
    }
    CHECK(count_op(inst, "callarg", MW_OP_CONST16_CALL_DEF) == MW_FUSED_ARITH);
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, "two").func->u.wasm.def;
    uint32_t k = find_op(d, MW_OP_CONST16_CONST16);
    if (k < d->code_len) {
        uint32_t l = op_end(d, k);
        CHECK(d->code[l] == MW_OP_CONST16);
        CHECK(fused_refused(rt, m, d, k, l, MW_OP_CONST16_CALL_DEF));    // (the same layout, another op)
    }
    close_inst(rt, m, inst);
}

// A value put in a local right before a jump (engine_copyjmp.wat; mw_int.h
// COPY_JMP, CONST16_JMP), and a select's constant arm right before it
// (CONST16_SELECT): the values against C, a branch landing on the row's JMP
// and not; the rows lowering makes (full profile: none before a jump made a
// return, none where CONST16_CONST16 runs the CONST16); the code check's
// refusal of a row whose next op is not its JMP or SELECT.
static void test_copy_jmp(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_copyjmp, sizeof(wasm_copyjmp), 0, &rt, &m);
    static const uint32_t xs[] = {0, 1, 2, 0x7fffffffu, 0xffffffffu};
    for (size_t i = 0; i < sizeof(xs) / sizeof(xs[0]); i++) {
        uint32_t x = xs[i], r = 0;
        CHECK(call_i32(rt, inst, "ifelse", 1, &x, &r, NULL) == MW_OK && r == (x != 0 ? 6u : 1u));
        CHECK(call_i32(rt, inst, "brout", 1, &x, &r, NULL) == MW_OK && r == (x != 0 ? x + 1 : 78u));
        CHECK(call_i32(rt, inst, "land", 1, &x, &r, NULL) == MW_OK && r == (x != 0 ? 4u : 10u));
        CHECK(call_i32(rt, inst, "toret", 1, &x, &r, NULL) == MW_OK && r == (x != 0 ? x : 2u));
        CHECK(call_i32(rt, inst, "pair", 1, &x, &r, NULL) == MW_OK && r == (x != 0 ? (uint32_t)-2 : (uint32_t)-1));
    }
    static const struct {
        const char *name;
        int copies, consts;
    } fns[] = {{"ifelse", 0, 1}, {"brout", 1, 0}, {"land", 0, 1}, {"toret", 0, 0}, {"pair", 0, 0}};
    for (size_t f = 0; f < sizeof(fns) / sizeof(fns[0]); f++) {
        check_made(inst, fns[f].name, MW_OP_COPY_JMP, fns[f].copies, "COPY_JMP");
        check_made(inst, fns[f].name, MW_OP_CONST16_JMP, fns[f].consts, "CONST16_JMP");
    }
    CHECK(count_op(inst, "pair", MW_OP_CONST16_CONST16) == 2 * MW_FUSED_ARITH);
    // a select's constant arm (CONST16_SELECT), either side; an i64's is a
    // CONST64 and both constant CONST16_CONST16 with the second: no row
    for (size_t i = 0; i < sizeof(xs) / sizeof(xs[0]); i++) {
        for (uint32_t c = 0; c < 3; c++) {
            uint32_t a[2] = {xs[i], c}, r = 0;
            uint64_t w = c != 0 ? (uint64_t)-5 : (uint64_t)xs[i];
            CHECK(call_i32(rt, inst, "selk", 2, a, &r, NULL) == MW_OK && r == (c != 0 ? 7u : xs[i]));
            CHECK(call_i32(rt, inst, "selk2", 2, a, &r, NULL) == MW_OK && r == (c != 0 ? xs[i] : (uint32_t)-3));
            CHECK(call_i32(rt, inst, "sel64", 2, a, &r, NULL) == MW_OK && r == (uint32_t)(w >> 1));
            CHECK(call_i32(rt, inst, "selkk", 2, a, &r, NULL) == MW_OK && r == (c != 0 ? 11u : 22u) + xs[i]);
        }
    }
    static const struct {
        const char *name;
        int rows;
    } sels[] = {{"selk", 1}, {"selk2", 1}, {"sel64", 0}, {"selkk", 0}};
    for (size_t f = 0; f < sizeof(sels) / sizeof(sels[0]); f++) {
        check_made(inst, sels[f].name, MW_OP_CONST16_SELECT, sels[f].rows, "const select");
    }
    // (each partner's stand-in of the same layout)
    check_then_refused(rt, m, inst, "brout", MW_OP_COPY_JMP, 1, MW_OP_JMP, MW_OP_JMP_LOOP);
    check_then_refused(rt, m, inst, "ifelse", MW_OP_CONST16_JMP, 1, MW_OP_JMP, MW_OP_JMP_LOOP);
    check_then_refused(rt, m, inst, "selk", MW_OP_CONST16_SELECT, 1, MW_OP_SELECT, MW_OP_MOVE2);
    close_inst(rt, m, inst);
}

// The opcode the last call trapped at, from its wasm offset (mw_trap_offset:
// the module keeps its bytes, MW_LOAD_BORROW), or -1; `want` where the
// engine keeps no offsets (MW_TRAP_OFFSETS=0).
static int trapped_op(mw_runtime *rt, const unsigned char *wasm, int want) {
    #if MW_TRAP_OFFSETS
    (void)want;
    uint32_t at = 0;
    return mw_trap_offset(rt, 0, &at) == MW_OK ? wasm[at] : -1;
    #else
    (void)rt;
    (void)wasm;
    return want;
    #endif
}

// Pairs of ops run as one row, the second left in the code
// (engine_seqpair.wat; mw_int.h MW_LOADI_FUSED, MW_SEQ_OP_LIST): the values
// against C over edge values, a branch landing on a row's partner, the rows
// lowering makes (full profile; none where I32_ADD_MUL_I32_ADD_IMMH runs the
// I32_ADD_MUL), a load or store out of bounds trapping at its own wasm
// instruction (i32.load 0x28, i32.store 0x36) with nothing after it run, and
// the code check's refusal of a row whose next op is not its partner, and of
// a COPY2_COPY_CALL_DEF whose d + 1 is past the frame.
static void test_seq_pair(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_borrowed(wasm_seqpair, sizeof(wasm_seqpair), &rt, &m);
    if (inst == NULL) {
        return;
    }
    static const uint32_t xs[] = {0, 1, 5, 0x7fffffffu, 0x80000000u, 0xfffffffeu, 0xffffffffu};
    static const uint32_t addrs[] = {0, 4, 65532};
    size_t nx = sizeof(xs) / sizeof(xs[0]);
    for (size_t i = 0; i < nx; i++) {
        for (size_t j = 0; j < nx; j++) {
            uint32_t v = xs[i], y = xs[j], at = addrs[(i + j) % 3], r = 0;
            // stld stores v at `at`, then loads from 0 (the address just stored to, or not)
            uint32_t was = 0, a3[3] = {at, at, v}, a2[2] = {at, y}, b3[3] = {v, y, xs[(i + 3) % nx]};
            CHECK(call_i32(rt, inst, "stld", 3, (const uint32_t[]){0, 0, 0}, &was, NULL) == MW_OK && was == 0);
            CHECK(call_i32(rt, inst, "stld", 3, a3, &r, NULL) == MW_OK && r == v);
            CHECK(call_i32(rt, inst, "stld", 3, (const uint32_t[]){4, at, 9}, &r, NULL) == MW_OK
                  && r == (at == 4 ? 9u : v));
            CHECK(call_i32(rt, inst, "stld", 3, a3, &r, NULL) == MW_OK && r == v);
            CHECK(call_i32(rt, inst, "ldcopy", 2, a2, &r, NULL) == MW_OK && r == v * 3 + v + y);
            CHECK(call_i32(rt, inst, "ldsub", 2, a2, &r, NULL) == MW_OK && r == v - y);
            CHECK(call_i32(rt, inst, "ldsubr", 2, a2, &r, NULL) == MW_OK && r == y - v);
            CHECK(call_i32(rt, inst, "ldxor", 2, a2, &r, NULL) == MW_OK && r == (v ^ y));
            CHECK(call_i32(rt, inst, "ldmul", 2, a2, &r, NULL) == MW_OK && r == y + v * 12);
            CHECK(call_i32(rt, inst, "ldmulk", 2, a2, &r, NULL) == MW_OK && r == y + v * 12 + 4);
            CHECK(call_i32(rt, inst, "cpld", 2, a2, &r, NULL) == MW_OK && r == v + y * y);
            uint32_t c = b3[2], s = v + y;
            CHECK(call_i32(rt, inst, "addadd", 3, b3, &r, NULL) == MW_OK && r == (s + c) * 3 + s);
            CHECK(call_i32(rt, inst, "addland", 3, b3, &r, NULL) == MW_OK && r == (c == 0 ? v : s + c));
            CHECK(call_i32(rt, inst, "call3", 3, b3, &r, NULL) == MW_OK && r == v * 7 - (y + (c << 1)));
        }
    }
    // out of bounds: the load's or the store's own trap, at its instruction
    static const struct {
        const char *name;
        int n;
        uint32_t args[3];
        int op;
    } traps[] = {
        {"ldcopy", 2, {65533, 1, 0}, 0x28}, {"ldsub", 2, {0xfffffffcu, 1, 0}, 0x28},
        {"ldxor", 2, {65536, 1, 0}, 0x28}, {"ldmul", 2, {65534, 1, 0}, 0x28}, {"cpld", 2, {65533, 2, 0}, 0x28},
        {"stld", 3, {65533, 0, 7}, 0x36}, {"stld", 3, {0, 65533, 7}, 0x28},
    };
    for (size_t k = 0; k < sizeof(traps) / sizeof(traps[0]); k++) {
        uint32_t r = 0;
        CHECK(call_i32(rt, inst, traps[k].name, traps[k].n, traps[k].args, &r, NULL) == MW_TRAP_MEM_OOB);
        int op = trapped_op(rt, wasm_seqpair, traps[k].op);
        if (op != traps[k].op) {
            printf("  seq pair %s: trapped at op 0x%x\n", traps[k].name, (unsigned)op);
        }
        CHECK(op == traps[k].op);
    }
    // the load that trapped ran after its store (7 at 0)
    uint32_t r = 0;
    CHECK(call_i32(rt, inst, "stld", 3, (const uint32_t[]){8, 0, 0}, &r, NULL) == MW_OK && r == 7);
    static const struct {
        const char *name;
        uint32_t op;
        int rows;
    } made[] = {
        {"ldcopy", MW_OP_LOAD32_U_COPY, 1}, {"ldsub", MW_OP_LOAD32_U_I32_SUB, 1},
        {"ldsubr", MW_OP_LOAD32_U_I32_SUB, 1}, {"ldxor", MW_OP_LOAD32_U_I32_XOR, 1},
        {"ldmul", MW_OP_LOAD32_U_I32_ADD_MUL, 1}, {"ldmulk", MW_OP_LOAD32_U_I32_ADD_MUL, 0},
        {"ldmulk", MW_OP_I32_ADD_MUL_I32_ADD_IMMH, 1}, {"addadd", MW_OP_I32_ADD_I32_ADD, 1},
        {"addland", MW_OP_I32_ADD_I32_ADD, 1}, {"call3", MW_OP_COPY2_COPY_CALL_DEF, 1},
        {"cpld", MW_OP_COPY_LOAD32_U, 1}, {"stld", MW_OP_STORE32_LOAD32_U, 1},
    };
    for (size_t f = 0; f < sizeof(made) / sizeof(made[0]); f++) {
        check_made(inst, made[f].name, made[f].op, made[f].rows, made[f].name);
    }
    // the code check: each row followed by another op of its partner's layout
    static const struct {
        const char *name;
        uint32_t op, partner, other;
    } rows[] = {
        {"ldcopy", MW_OP_LOAD32_U_COPY, MW_OP_COPY, MW_OP_COPY_JMP},
        {"ldsub", MW_OP_LOAD32_U_I32_SUB, MW_OP_I32_SUB, MW_OP_I32_ADD},
        {"ldmul", MW_OP_LOAD32_U_I32_ADD_MUL, MW_OP_I32_ADD_MUL, MW_OP_I32_ADD_MUL_I32_ADD_IMMH},
        {"addadd", MW_OP_I32_ADD_I32_ADD, MW_OP_I32_ADD, MW_OP_I32_SUB},
        {"call3", MW_OP_COPY2_COPY_CALL_DEF, MW_OP_COPY_CALL_DEF, MW_OP_COPY},
        {"cpld", MW_OP_COPY_LOAD32_U, MW_OP_LOAD32_U, MW_OP_LOAD32_S},
        {"stld", MW_OP_STORE32_LOAD32_U, MW_OP_LOAD32_U, MW_OP_LOAD32_U_PAIR},
    };
    for (size_t f = 0; f < sizeof(rows) / sizeof(rows[0]); f++) {
        check_then_refused(rt, m, inst, rows[f].name, rows[f].op, 1, rows[f].partner, rows[f].other);
    }
    // COPY2_COPY_CALL_DEF writes d and d+1 as COPY2 does: d the frame's last
    // slot but one is fine, its last refused
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, "call3").func->u.wasm.def;
    uint32_t k = find_op(d, MW_OP_COPY2_COPY_CALL_DEF);
    if (k < d->code_len) {
        mw_code_unit keep = d->code[k + 1];
        mw_detail det = 0;
        uint32_t at = 0;
        d->code[k + 1] = (mw_code_unit)(d->max_slots - 2);
        CHECK(mw_code_check(rt, m, d, &det, &at) == MW_OK);
        d->code[k + 1] = (mw_code_unit)(d->max_slots - 1);
        CHECK(mw_code_check(rt, m, d, &det, &at) == MW_ERR_INVALID && det == MW_D_CODE_SLOT && at == k);
        d->code[k + 1] = keep;
        CHECK(mw_code_check(rt, m, d, &det, &at) == MW_OK);
    }
    close_inst(rt, m, inst);
}

// a product rounded before the add, as wasm's two instructions (never one
// fused multiply-add)
static float mul_add_f32(float a, float b, float c) {
    volatile float p = a * b;
    return p + c;
}

// Pairs of ops one program's loop runs, as one row (engine_loopseq.wat;
// mw_int.h MW_LOOP_SEQ_OP_LIST): a fused address load and the op after its
// load, a sum and an add of a wide constant. The values against C
// (an f32 product rounded before the add; a byte shifted; GCM's right
// shift in place, its address local written), at the first and last word
// or byte of memory and an address that wraps to 0; out of bounds, the
// load's own trap at its wasm instruction (f32.load 0x2a, i32.load8_u 0x2d);
// MD5's step over edge values, a branch landing on the constant's add; the
// rows lowering makes (full profile; a 16-bit constant I32_ADD_I32_ADD_IMMH's);
// and the code check's refusal of a row whose op after the load (the sum's
// next op) is another of that op's layout, or (the XD row) whose load
// writes another slot than x.
static void test_loop_seq(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_borrowed(wasm_loopseq, sizeof(wasm_loopseq), &rt, &m);
    if (inst == NULL) {
        return;
    }
    static const float fs[] = {0.0f, -0.0f, 1.5f, -2.25f, 1.0000001f, 3.0e38f, 1e-30f, -1.0f};
    static const uint32_t ps[] = {0, 100, 65528, 0xfffffffcu};   // (the last: p + 4 wraps to 0)
    size_t nf = sizeof(fs) / sizeof(fs[0]);
    for (size_t i = 0; i < nf; i++) {
        for (size_t j = 0; j < nf; j++) {
            uint32_t p = ps[(i + j) % 4], at = p + 4, r = 0;
            float acc = fs[(i + j + 1) % nf];
            CHECK(call_i32(rt, inst, "poke", 2, (const uint32_t[]){at, f32_bits(fs[i])}, NULL, NULL) == MW_OK);
            CHECK(call_i32(rt, inst, "mac", 3, (const uint32_t[]){p, f32_bits(fs[j]), f32_bits(acc)}, &r, NULL)
                  == MW_OK);
            CHECK(r == f32_bits(mul_add_f32(fs[i], fs[j], acc)));
        }
    }
    // 1.0000001f squared rounds before -1 is added: a fused multiply-add's result differs
    CHECK(call_i32(rt, inst, "poke", 2, (const uint32_t[]){4, f32_bits(1.0000001f)}, NULL, NULL) == MW_OK);
    uint32_t r = 0;
    CHECK(call_i32(rt, inst, "mac", 3, (const uint32_t[]){0, f32_bits(1.0000001f), f32_bits(-1.0f)}, &r, NULL)
          == MW_OK && r == f32_bits(mul_add_f32(1.0000001f, 1.0000001f, -1.0f)));
    // dot over n: q at 1000, p at 2000 (p[i + 1] read), the sum in order
    for (uint32_t k = 0; k < 8; k++) {
        CHECK(call_i32(rt, inst, "poke", 2, (const uint32_t[]){1000 + 4 * k, f32_bits(fs[k])}, NULL, NULL) == MW_OK);
        CHECK(call_i32(rt, inst, "poke", 2, (const uint32_t[]){2000 + 4 * k, f32_bits(fs[(k + 3) % nf])}, NULL, NULL)
              == MW_OK);
    }
    for (uint32_t n = 0; n < 7; n++) {
        float s = 0.0f;
        for (uint32_t k = 0; k < n; k++) {
            s = mul_add_f32(fs[k], fs[(k + 4) % nf], s);
        }
        CHECK(call_i32(rt, inst, "dot", 3, (const uint32_t[]){2000, 1000, n}, &r, NULL) == MW_OK && r == f32_bits(s));
    }
    // a byte shifted: the first and last bytes, every bit of one
    static const uint32_t bytes[] = {0, 1, 0x7f, 0x80, 0xff};
    static const uint32_t bps[] = {0, 7, 65534, 0xffffffffu};   // (the last: p + 1 wraps to 0)
    for (size_t i = 0; i < 5; i++) {
        for (size_t j = 0; j < 4; j++) {
            uint32_t a = bps[j] + 1;
            CHECK(call_i32(rt, inst, "poke", 2, (const uint32_t[]){a & ~3u, bytes[i] << 8 * (a & 3)}, NULL, NULL)
                  == MW_OK);
            CHECK(call_i32(rt, inst, "shl8", 1, &bps[j], &r, NULL) == MW_OK && r == (bytes[i] << 7) - a);
        }
    }
    // GCM's right shift of 16 bytes, in the middle of memory and at its end
    static const uint32_t bases[] = {300, 65520};
    for (size_t b = 0; b < 2; b++) {
        uint8_t v[16], want[16];
        for (uint32_t k = 0; k < 16; k++) {
            v[k] = (uint8_t)(0x9d * (k + 1) + 31 * b);
        }
        for (uint32_t k = 0; k < 16; k += 4) {
            uint32_t w = v[k] | (uint32_t)v[k + 1] << 8 | (uint32_t)v[k + 2] << 16 | (uint32_t)v[k + 3] << 24;
            CHECK(call_i32(rt, inst, "poke", 2, (const uint32_t[]){bases[b] + k, w}, NULL, NULL) == MW_OK);
        }
        for (int x = 15; x > 0; x--) {
            want[x] = (uint8_t)((v[x] >> 1) | ((v[x - 1] << 7) & 0x80));
        }
        want[0] = (uint8_t)(v[0] >> 1);
        CHECK(call_i32(rt, inst, "rshift", 1, &bases[b], &r, NULL) == MW_OK && r == bases[b]);
        for (uint32_t k = 0; k < 16; k++) {
            uint32_t a = bases[b] + k, got = 0;
            CHECK(call_i32(rt, inst, "peek8", 1, &a, &got, NULL) == MW_OK && got == want[k]);
        }
    }
    // MD5's step: wide constants either sign, a 16-bit one; a branch
    // landing on the constant's add
    static const uint32_t xs[] = {0, 1, 5, 0x7fffffffu, 0x80000000u, 0xfffffffeu, 0xffffffffu};
    for (size_t i = 0; i < 7; i++) {
        for (size_t j = 0; j < 7; j++) {
            uint32_t a = xs[i], f = xs[j], x = xs[(i + j) % 7], b = xs[(i + 2 * j + 1) % 7];
            uint32_t s1 = (a ^ f) + x + 0xd76aa478u, s2 = (b ^ f) + x + 0x242070dbu;
            uint32_t want = ((s1 << 7) | (s1 >> 25)) + b + ((s2 << 17) | (s2 >> 15)) + ((a & x) + f + 0x1234u);
            CHECK(call_i32(rt, inst, "md5", 4, (const uint32_t[]){a, f, x, b}, &r, NULL) == MW_OK && r == want);
            CHECK(call_i32(rt, inst, "md5land", 4, (const uint32_t[]){a, f, x, b}, &r, NULL) == MW_OK
                  && r == ((x & 1) != 0 ? b : a + f) + 0x89abcdefu);
        }
    }
    // out of bounds: the load's own trap, at its instruction
    static const struct {
        const char *name;
        int n;
        uint32_t args[3];
        int op;
    } traps[] = {
        {"mac", 3, {65529, 0, 0}, 0x2a}, {"mac", 3, {0xfffffffbu, 0, 0}, 0x2a}, {"dot", 3, {65528, 1000, 2}, 0x2a},
        {"shl8", 1, {65535, 0, 0}, 0x2d}, {"rshift", 1, {65521, 0, 0}, 0x2d},
    };
    for (size_t k = 0; k < sizeof(traps) / sizeof(traps[0]); k++) {
        CHECK(call_i32(rt, inst, traps[k].name, traps[k].n, traps[k].args, &r, NULL) == MW_TRAP_MEM_OOB);
        int op = trapped_op(rt, wasm_loopseq, traps[k].op);
        if (op != traps[k].op) {
            printf("  xload seq %s: trapped at op 0x%x\n", traps[k].name, (unsigned)op);
        }
        CHECK(op == traps[k].op);
    }
    check_made(inst, "mac", MW_OP_LOAD32_U_XD_F32_MUL_ADD, 1, "xload seq");
    check_made(inst, "dot", MW_OP_LOAD32_U_XD_F32_MUL_ADD, 1, "xload seq");
    check_made(inst, "shl8", MW_OP_LOAD8_U_X_I32_SHL_IMM, 1, "xload seq");
    check_made(inst, "rshift", MW_OP_LOAD8_U_X_I32_SHL_IMM, 1, "xload seq");
    check_made(inst, "md5", MW_OP_I32_ADD_I32_SUB_IMM, 1, "loop seq");
    check_made(inst, "md5", MW_OP_I32_ADD_I32_ADD_IMM, 1, "loop seq");
    check_made(inst, "md5", MW_OP_I32_ADD_I32_ADD_IMMH, 1, "loop seq");
    check_made(inst, "md5land", MW_OP_I32_ADD_I32_ADD_IMM, 1, "loop seq");
    // the code check: the op after the load another of its layout; the XD
    // row's load writing another slot than x
    static const struct {
        const char *name;
        uint32_t op, then, other;
    } rows[] = {
        {"mac", MW_OP_LOAD32_U_XD_F32_MUL_ADD, MW_OP_F32_MUL_ADD, MW_OP_F32_MUL_SUB},
        {"shl8", MW_OP_LOAD8_U_X_I32_SHL_IMM, MW_OP_I32_SHL_IMM, MW_OP_I32_SHR_U_IMM},
        {"md5", MW_OP_I32_ADD_I32_SUB_IMM, MW_OP_I32_SUB_IMM, MW_OP_I32_ADD_IMM},
        {"md5", MW_OP_I32_ADD_I32_ADD_IMM, MW_OP_I32_ADD_IMM, MW_OP_I32_SUB_IMM},
    };
    for (size_t f = 0; f < sizeof(rows) / sizeof(rows[0]); f++) {
        // (the op after the load: two ops on; the sums' partner: the next)
        check_then_refused(rt, m, inst, rows[f].name, rows[f].op, f < 2 ? 2 : 1, rows[f].then, rows[f].other);
    }
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, "mac").func->u.wasm.def;
    uint32_t k = find_op(d, MW_OP_LOAD32_U_XD_F32_MUL_ADD);
    if (k < d->code_len) {
        // the XD row's load's d (a slot pair's first) one past x
        uint32_t l = op_end(d, k);
        CHECK(fused_refused(rt, m, d, k, l + 1, (mw_code_unit)((d->code[l + 1] & 0xff00u) | ((d->code[l + 1] + 1) & 0xffu))));
    }
    close_inst(rt, m, inst);
}

// A sum plus a constant (engine_addadd.wat; mw_int.h I32_ADD_I32_ADD_IMMH,
// I32_ADD_MUL_I32_ADD_IMMH):
// the values against C across the 16-bit constant's edges and wrapping sums,
// a branch landing on the row's I32_ADD_IMMH, a sum kept in a local; the
// rows lowering makes (full profile: none for a wide constant nor before a
// global.set); the code check's refusal of a row followed by another op or
// by an I32_ADD_IMMH reading another slot.
static void test_add_add_imm(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_addadd, sizeof(wasm_addadd), 0, &rt, &m);
    static const uint32_t xs[] = {0, 1, 5, 0x7fffffffu, 0x80000000u, 0xffff8000u, 0xffffffffu};
    size_t nx = sizeof(xs) / sizeof(xs[0]);
    for (size_t i = 0; i < nx; i++) {
        for (size_t j = 0; j < nx; j++) {
            uint32_t a[2] = {xs[i], xs[j]}, r = 0, s = xs[i] + xs[j];
            CHECK(call_i32(rt, inst, "sum", 2, a, &r, NULL) == MW_OK && r == s - 32768u);
            CHECK(call_i32(rt, inst, "wrap", 2, a, &r, NULL) == MW_OK && r == s + 32767u);
            CHECK(call_i32(rt, inst, "land", 2, a, &r, NULL) == MW_OK && r == (xs[i] != 0 ? xs[j] : s) + 7u);
            CHECK(call_i32(rt, inst, "wide", 2, a, &r, NULL) == MW_OK && r == s + 65536u);
            CHECK(call_i32(rt, inst, "local", 2, a, &r, NULL) == MW_OK && r == (s + 3u) * s);
            CHECK(call_i32(rt, inst, "gset", 2, a, &r, NULL) == MW_OK && r == s + 16u);
            CHECK(call_i32(rt, inst, "elem", 2, a, &r, NULL) == MW_OK && r == xs[i] + xs[j] * 12u + 4u);
        }
    }
    static const struct {
        const char *name;
        int rows;
    } fns[] = {{"sum", 1}, {"wrap", 1}, {"land", 1}, {"wide", 0}, {"local", 1}, {"gset", 0}};
    CHECK(count_op(inst, "elem", MW_OP_I32_ADD_MUL_I32_ADD_IMMH) == MW_FUSED_ARITH);
    for (size_t f = 0; f < sizeof(fns) / sizeof(fns[0]); f++) {
        check_made(inst, fns[f].name, MW_OP_I32_ADD_I32_ADD_IMMH, fns[f].rows, "add add imm");
    }
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, "sum").func->u.wasm.def;
    uint32_t k = find_op(d, MW_OP_I32_ADD_I32_ADD_IMMH);
    if (k < d->code_len) {
        uint32_t l = op_end(d, k);
        CHECK(d->code[l] == MW_OP_I32_ADD_IMMH);
        CHECK(fused_refused(rt, m, d, k, l, MW_OP_I32_AND_IMMH));    // (the same layout, another op)
        uint32_t a = mw_code_slot8h(d->code + k + 1);                // the sum's a, not its d
        CHECK(fused_refused(rt, m, d, k, l + 1, (mw_code_unit)(mw_code_slot8(d->code + l + 1) | a << 8)));
    }
    d = (mw_funcdef *)exp_of(inst, "elem").func->u.wasm.def;
    k = find_op(d, MW_OP_I32_ADD_MUL_I32_ADD_IMMH);
    if (k < d->code_len) {
        uint32_t l = op_end(d, k);
        CHECK(d->code[l] == MW_OP_I32_ADD_IMMH);
        CHECK(fused_refused(rt, m, d, k, l, MW_OP_I32_AND_IMMH));
        uint32_t a = d->code[k + 2];                                  // the element's a, not its d
        CHECK(fused_refused(rt, m, d, k, l + 1, (mw_code_unit)(mw_code_slot8(d->code + l + 1) | a << 8)));
    }
    close_inst(rt, m, inst);
}

// A store, then an add of a constant (engine_storeadd.wat; mw_int.h
// MW_STOREADD_FUSED): each width stored at the memory's start, in its last
// bytes (the store's slow path: the add then runs by itself) and past its
// end (a trap), the bytes in memory and the stepped pointer against C; a
// branch landing on the add; the rows lowering makes (full profile: none for
// a 16-bit store nor a store a fused value op runs); the code check's
// refusal of a row whose next op is not I32_ADD_IMMH.
static void test_store_add(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_storeadd, sizeof(wasm_storeadd), 0, &rt, &m);
    uint8_t *mem = mw_memory_data(exp_of(inst, "mem").memory);
    static const struct {
        const char *name;
        uint32_t width, step, add;    // add: xv's stored value's constant
        int rows;
    } fns[] = {{"st8", 1, 1, 0, 1}, {"st32", 4, 4, 0, 1}, {"st64", 8, 8, 0, 1},
               {"st16", 2, 2, 0, 0}, {"xv", 4, 4, 9, 0}};
    static const uint32_t vs[] = {0x5a, 0x80000001u, 0xffffffffu};
    for (size_t f = 0; f < sizeof(fns) / sizeof(fns[0]); f++) {
        uint32_t w = fns[f].width;
        // the start, the last bytes the fast test refuses (the slow path), the end exactly
        const uint32_t ps[] = {0, 16, 65536 - 8, 65536 - w - 1, 65536 - w};
        for (size_t i = 0; i < sizeof(ps) / sizeof(ps[0]); i++) {
            for (size_t j = 0; j < sizeof(vs) / sizeof(vs[0]); j++) {
                memset(mem + 65536 - 32, 0xee, 32);
                memset(mem, 0xee, 32);
                uint32_t a[2] = {ps[i], vs[j]}, r = 0, v = vs[j] + fns[f].add;
                CHECK(call_i32(rt, inst, fns[f].name, 2, a, &r, NULL) == MW_OK && r == ps[i] + fns[f].step);
                uint8_t want[8];
                for (uint32_t b = 0; b < 8; b++) {
                    want[b] = b < 4 ? (uint8_t)(v >> (8 * b)) : 0;    // (st64 stores v zero-extended)
                }
                CHECK(memcmp(mem + ps[i], want, w) == 0);
                CHECK(ps[i] + w == 65536 || mem[ps[i] + w] == 0xee);
            }
        }
        // past the end: the store traps (and nothing after it runs)
        uint32_t a[2] = {65536 - w + 1, 1}, r = 0;
        CHECK(call_i32(rt, inst, fns[f].name, 2, a, &r, NULL) == MW_TRAP_MEM_OOB);
        int made = 0;
        for (uint32_t row = MW_STOREADD_FIRST; row < MW_STOREADD_FIRST + MW_STOREADD_N; row++) {
            made += count_op(inst, fns[f].name, row);
        }
        if (made != fns[f].rows * MW_FUSED_ARITH) {
            printf("  store add %s: %d made\n", fns[f].name, made);
        }
        CHECK(made == fns[f].rows * MW_FUSED_ARITH);
    }
    for (uint32_t v = 0; v < 2; v++) {
        uint32_t a[2] = {100, v}, r = 0;
        mem[100] = 0xee;
        CHECK(call_i32(rt, inst, "land", 2, a, &r, NULL) == MW_OK && r == 105 && mem[100] == (v != 0 ? v : 0xee));
    }
    CHECK(count_op(inst, "land", MW_OP_STORE8_I32_ADD_IMMH) == MW_FUSED_ARITH);
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, "st32").func->u.wasm.def;
    uint32_t k = find_op(d, MW_OP_STORE32_I32_ADD_IMMH);
    if (k < d->code_len) {
        uint32_t l = op_end(d, k);
        CHECK(d->code[l] == MW_OP_I32_ADD_IMMH);
        CHECK(fused_refused(rt, m, d, k, l, MW_OP_I32_AND_IMMH));    // (the same layout, another op)
    }
    close_inst(rt, m, inst);
}

// Loads whose result lands in their address's slot, offset 0
// (engine_xd.wat; mw_int.h MW_MEM_XD_FUSED): each function at addresses in
// the fast test, in the last 7 bytes (the row's slow path runs the load),
// past the end and wrapping past 2^32, against C's reading of the same
// bytes; the rows lowering makes; the code check's refusal of a row whose
// load writes another slot or has an offset.
static uint32_t xd_byte(uint64_t k) {
    return k < 16 ? 0x11 + (uint32_t)k : k >= 0xfff0 ? (uint32_t)(k - 0xfff0 + 1) : 0;
}

// the n bytes at ea (33 bits) little-endian, or false past the 64 KiB memory
static bool xd_ref(uint64_t ea, int n, uint64_t *v) {
    *v = 0;
    if (ea + n > 0x10000) {
        return false;
    }
    for (int i = 0; i < n; i++) {
        *v |= (uint64_t)xd_byte(ea + i) << (8 * i);
    }
    return true;
}

static void test_load_xd(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_xd, sizeof(wasm_xd), 0, &rt, &m);
    static const struct {
        const char *name;
        uint32_t imm;       // the add's constant (ld8r: its second argument's)
        uint32_t off;       // the load's offset
        int n;
        int mix;            // the result xor'ed with: 1 the address, 2 the argument
        uint32_t op;        // the row lowering makes (full profile)
        uint32_t scale;     // imm 0: x = a + b * scale (elem, teem: an array element's)
    } fns[] = {
        {"ld8", 3, 0, 1, 2, MW_OP_LOAD8_U_XD, 1},
        {"ld16", 2, 0, 2, 2, MW_OP_LOAD16_U_XD, 1},
        {"ld32", 4, 0, 4, 2, MW_OP_LOAD32_U_XD, 1},
        {"ld64", 8, 0, 8, 2, MW_OP_LOAD64_XD, 1},
        {"ld8r", 0, 0, 1, 2, MW_OP_LOAD8_U_XRD, 1},
        {"ld32r", 0, 0, 4, 2, MW_OP_LOAD32_U_XRD, 1},
        {"elem", 0, 0, 4, 2, MW_OP_LOAD32_U_XMD, 4},
        {"tee", 4, 0, 4, 1, MW_OP_LOAD32_U_X, 1},
        {"tee8", 3, 0, 1, 1, MW_OP_LOAD8_U_X, 1},
        {"tee16", 2, 0, 2, 1, MW_OP_LOAD16_U_X, 1},
        {"tee64", 8, 0, 8, 1, MW_OP_LOAD64_X, 1},
        {"teer", 0, 0, 1, 1, MW_OP_LOAD8_U_XR, 1},
        {"teem", 0, 0, 4, 1, MW_OP_LOAD32_U_XM, 4},
        {"off", 4, 2, 4, 2, MW_OP_COUNT, 1},     // (no fused load takes an offset: the add, then LOAD32_U)
        {"set", 4, 0, 4, 2, MW_OP_LOAD32_U_X, 1},
    };
    // addresses x = p + imm: 0, inside, the fast test's last (0xfff8), the
    // slow path's (0xfff9 .. 0xffff), past the end, wrapping to 0 and 4
    static const uint32_t xs[] = {0, 5, 0x8000, 0xfff0, 0xfff8, 0xfff9, 0xfffc, 0xfffd, 0xffff, 0x10000,
                                  0x7fffffffu, 0xfffffff8u};
    static const uint32_t wraps[][2] = {{0xfffffffcu, 4}, {0xffffffffu, 5}, {0x80000000u, 0x80000000u}};
    for (size_t f = 0; f < sizeof(fns) / sizeof(fns[0]); f++) {
        int xd = fns[f].op - MW_MEM_XD_FIRST < MW_MEM_XD_N;
        uint32_t op = fns[f].op != MW_OP_COUNT ? fns[f].op : MW_OP_LOAD32_U_X;
        int made = count_op(inst, fns[f].name, op) + (op == MW_OP_LOAD32_U_X ? count_op(inst, fns[f].name, MW_OP_LOAD32_U_XD) : 0);
        int want = fns[f].op == MW_OP_COUNT ? 0 : xd ? MW_FUSED_ARITH : MW_ALL_OPS;
        if (made != want) {
            printf("  xd %s: %d of op %u, want %d\n", fns[f].name, made, (unsigned)fns[f].op, want);
        }
        CHECK(made == want);
        for (size_t k = 0; k < sizeof(xs) / sizeof(xs[0]) + 3; k++) {
            // the arguments: p = x - imm (ld8r: x - 7, 7; elem: x - 28, 7), then the wrapping ones
            uint32_t a[2], scale = fns[f].scale;
            if (k < sizeof(xs) / sizeof(xs[0])) {
                uint32_t imm = fns[f].imm != 0 ? fns[f].imm : 7;
                a[0] = xs[k] - imm * (fns[f].imm != 0 ? 1 : scale);
                a[1] = imm;
            } else {
                a[0] = wraps[k - sizeof(xs) / sizeof(xs[0])][0];
                a[1] = wraps[k - sizeof(xs) / sizeof(xs[0])][1];
                if (fns[f].imm != 0) {
                    a[0] = a[0] + a[1] - fns[f].imm;     // the same x through this function's constant
                }
            }
            uint32_t x = a[0] + (fns[f].imm != 0 ? fns[f].imm : a[1] * scale);
            uint64_t v;
            bool ok = xd_ref((uint64_t)x + fns[f].off, fns[f].n, &v);
            v ^= fns[f].mix == 1 ? x : fns[f].mix == 2 ? a[0] : 0;
            mw_val args[2], r[1] = {{0}};
            args[0].i64 = a[0];
            args[1].i64 = a[1];
            mw_status st = mw_call(rt, exp_of(inst, fns[f].name).func, args, r, NULL);
            uint64_t got = fns[f].n == 8 ? r[0].i64 : r[0].i32;
            if (ok ? st != MW_OK || got != v : st != MW_TRAP_MEM_OOB) {
                printf("  xd %s(0x%x, 0x%x): %d 0x%llx, want %s 0x%llx\n", fns[f].name, (unsigned)a[0], (unsigned)a[1],
                       (int)st, (unsigned long long)got, ok ? "ok" : "trap", (unsigned long long)v);
            }
            CHECK(ok ? st == MW_OK && got == v : st == MW_TRAP_MEM_OOB);
        }
    }
    // the code check: a row whose load writes another slot, or has an offset
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, "ld32").func->u.wasm.def;
    uint32_t k = find_op(d, MW_OP_LOAD32_U_XD);
    CHECK((k < d->code_len) == MW_FUSED_ARITH);
    if (k < d->code_len) {
        mw_detail det;
        uint32_t at = 0, l = op_end(d, k);
        CHECK(d->code[l] == MW_OP_LOAD32_U && (d->code[l + 1] & 0xffu) == (d->code[k + 1] & 0xffu) && d->code[l + 2] == 0);
        // d another slot (x's read unchanged: only the row's own rule stops it); an offset
        CHECK(fused_refused(rt, m, d, k, l + 1, (mw_code_unit)(d->code[l + 1] ^ 1)));
        CHECK(fused_refused(rt, m, d, k, l + 2, 4));
        d->code[k] = MW_OP_LOAD32_U_X;      // the plain row takes any d, but no offset either (format 58)
        d->code[l + 1] ^= 1;
        CHECK(mw_code_check(rt, m, d, &det, &at) == MW_OK);
        d->code[l + 2] = 4;
        CHECK(mw_code_check(rt, m, d, &det, &at) == MW_ERR_INVALID && det == MW_D_CODE_FUSED && at == k);
        d->code[k] = MW_OP_LOAD32_U_XD;
        d->code[l + 1] ^= 1;
        d->code[l + 2] = 0;
        CHECK(mw_code_check(rt, m, d, &det, &at) == MW_OK);
        uint32_t a[] = {0}, r = 0;
        CHECK(call_i32(rt, inst, "ld32", 1, a, &r, NULL) == MW_OK && r == 0x18171615u);    // (0x15 .. 0x18 ^ 0)
    }
    // LOAD32_U_XMD, whose x is a whole unit ("x a b imm"): the same refusals
    d = (mw_funcdef *)exp_of(inst, "elem").func->u.wasm.def;
    k = find_op(d, MW_OP_LOAD32_U_XMD);
    CHECK((k < d->code_len) == MW_FUSED_ARITH);
    if (k < d->code_len) {
        uint32_t l = op_end(d, k);
        CHECK(d->code[l] == MW_OP_LOAD32_U && (d->code[l + 1] & 0xffu) == d->code[k + 1] && d->code[l + 2] == 0);
        CHECK(fused_refused(rt, m, d, k, l + 1, (mw_code_unit)(d->code[l + 1] ^ 1)));
        CHECK(fused_refused(rt, m, d, k, l + 2, 4));
        uint32_t a[] = {0, 1}, r = 0;
        CHECK(call_i32(rt, inst, "elem", 2, a, &r, NULL) == MW_OK && r == 0x18171615u);    // (bytes 4 .. 7 ^ 0)
    }
    close_inst(rt, m, inst);
}

// Float add, subtract, multiply with a constant (engine_fimm.wat): each
// function over the edge values of check_storef_calls gives the bits of the
// plain op with the constant passed as an argument (`ref`, the constant on
// the side the function has it), and C's where not a NaN.
static const struct {
    const char *name, *ref;
    uint64_t k;
    bool left;
    uint32_t op;          // the op lowering makes; MW_OP_COUNT: CONST and the plain op
} fimm_rows[] = {
    {"f32_add_k", "f32_add", 0x3fc00000u, false, MW_OP_F32_ADD_IMM},
    {"f32_sub_k", "f32_sub", 0x3dcccccdu, false, MW_OP_F32_ADD_IMM},
    {"f32_mul_k", "f32_mul", 0x40400000u, false, MW_OP_F32_MUL_IMM},
    {"f32_k_add", "f32_add", 0x80000001u, true, MW_OP_F32_ADD_IMM},
    {"f32_k_mul", "f32_mul", 0x7f7fffffu, true, MW_OP_F32_MUL_IMM},
    {"f32_sub_0", "f32_sub", 0, false, MW_OP_F32_ADD_IMM},
    {"f32_sub_m0", "f32_sub", 0x80000000u, false, MW_OP_F32_ADD_IMM},
    {"f32_add_m0", "f32_add", 0x80000000u, false, MW_OP_F32_ADD_IMM},
    {"f32_mul_inf", "f32_mul", 0xff800000u, false, MW_OP_F32_MUL_IMM},
    {"f32_sub_inf", "f32_sub", 0x7f800000u, false, MW_OP_F32_ADD_IMM},
    {"f32_add_nan", "f32_add", 0x7fa00001u, false, MW_OP_COUNT},
    {"f32_k_sub", "f32_sub", 0x40000000u, true, MW_OP_COUNT},
    {"f64_add_k", "f64_add", 0x3fb999999999999au, false, MW_OP_F64_ADD_IMM},
    {"f64_sub_k", "f64_sub", 0x0010000000000000u, false, MW_OP_F64_ADD_IMM},
    {"f64_mul_k", "f64_mul", 0x7fe1ccf385ebc8a0u, false, MW_OP_F64_MUL_IMM},
    {"f64_k_add", "f64_add", 0xbff4000000000000u, true, MW_OP_F64_ADD_IMM},
    {"f64_k_mul", "f64_mul", 1, true, MW_OP_F64_MUL_IMM},
    {"f64_sub_0", "f64_sub", 0, false, MW_OP_F64_ADD_IMM},
    {"f64_sub_m0", "f64_sub", 0x8000000000000000u, false, MW_OP_F64_ADD_IMM},
    {"f64_mul_inf", "f64_mul", 0x7ff0000000000000u, false, MW_OP_F64_MUL_IMM},
    {"f64_sub_inf", "f64_sub", 0xfff0000000000000u, false, MW_OP_F64_ADD_IMM},
    {"f64_mul_nan", "f64_mul", 0xfff4000000000001u, false, MW_OP_COUNT},
    {"f64_k_sub", "f64_sub", 0x4000000000000000u, true, MW_OP_COUNT},
};

static void check_fimm_calls(mw_runtime *rt, mw_instance *inst) {
    for (size_t r = 0; r < sizeof(fimm_rows) / sizeof(fimm_rows[0]); r++) {
        bool wide = fimm_rows[r].name[1] == '6';
        char kind = fimm_rows[r].ref[4];        // 'a' add, 's' sub, 'm' mul
        uint64_t k = fimm_rows[r].k, mask = wide ? ~(uint64_t)0 : 0xffffffffu;
        for (int i = 0; i < 14; i++) {
            uint64_t x = wide ? storef_f64s[i] : storef_f32s[i];
            uint64_t got = call3(rt, inst, fimm_rows[r].name, x, 0, 0) & mask;
            uint64_t want = (fimm_rows[r].left ? call3(rt, inst, fimm_rows[r].ref, k, x, 0)
                                               : call3(rt, inst, fimm_rows[r].ref, x, k, 0)) & mask;
            mw_val a, b, c;
            a.i64 = fimm_rows[r].left ? k : x;
            b.i64 = fimm_rows[r].left ? x : k;
            c.i64 = 0;
            bool nan;
            if (wide) {
                c.f64 = kind == 'a' ? a.f64 + b.f64 : kind == 's' ? a.f64 - b.f64 : a.f64 * b.f64;
                nan = c.f64 != c.f64;
            } else {
                c.f32 = kind == 'a' ? a.f32 + b.f32 : kind == 's' ? a.f32 - b.f32 : a.f32 * b.f32;
                nan = c.f32 != c.f32;
            }
            uint64_t quiet = wide ? 0x7ff8000000000000u : 0x7fc00000u;
            bool ok = got == want && (nan ? (got & quiet) == quiet : got == (c.i64 & mask));
            if (!ok) {
                printf("fimm %s(0x%llx) gave 0x%llx, the plain op 0x%llx\n", fimm_rows[r].name,
                       (unsigned long long)x, (unsigned long long)got, (unsigned long long)want);
            }
            CHECK(ok);
        }
    }
    // compares and a divide with a constant: not these rows
    CHECK(call3(rt, inst, "f32_lt_k", f32_bits(1.25f), 0, 0) == 1);
    CHECK(call3(rt, inst, "f32_lt_k", f32_bits(1.5f), 0, 0) == 0);
    CHECK(call3(rt, inst, "f64_ge_k", f64_bits(-0.5), 0, 0) == 1);
    CHECK(call3(rt, inst, "f64_ge_k", f64_bits(-1.0), 0, 0) == 0);
    CHECK((uint32_t)call3(rt, inst, "f32_div_k", f32_bits(3.0f), 0, 0) == f32_bits(0.75f));
    // (x * 0.75) + (y * 0.25) into a local
    CHECK(call3(rt, inst, "f64_lerp", f64_bits(2.0), f64_bits(6.0), 0) == f64_bits(3.0));
    CHECK(call3(rt, inst, "f64_lerp", f64_bits(-0.0), f64_bits(-0.0), 0) == f64_bits(-0.0));
}

// The small profile makes none: a CONST32/CONST64 "t k" and the plain op
// "d a t" (t either side) after it as the _IMM op by hand, the units left a
// JMP to the next instruction (sub: the add of -k). Returns how many.
static int fimm_fuse_by_hand(mw_instance *inst, const char *name, uint32_t fused) {
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, name).func->u.wasm.def;
    bool wide = fused >= MW_OP_F64_ADD_IMM;
    uint32_t cst = wide ? MW_OP_CONST64 : MW_OP_CONST32;
    int n = 0;
    for (uint32_t i = 0; i < d->code_len;) {
        uint32_t next = op_end(d, i);
        if (d->code[i] == cst && next < d->code_len) {
            uint32_t o = d->code[next], w[MW_MAX_IMMS];
            uint32_t plain = wide ? MW_OP_F64_ADD : MW_OP_F32_ADD;
            uint32_t t = d->code[i + 1];
            uint64_t k = wide ? mw_code_u64(d->code + i + 2) : mw_code_u32(d->code + i + 2);
            mw_code_imms(d->code + next, w);    // "d a b"
            bool sub = o == plain + 1, ok = o == plain || sub || o == plain + 2;
            if (ok && (w[2] == t || (w[1] == t && !sub))) {
                uint32_t x = w[2] == t ? w[1] : w[2], end = op_end(d, next);
                if (sub) {
                    k ^= wide ? (uint64_t)1 << 63 : (uint64_t)1 << 31;
                }
                uint32_t f[MW_MAX_IMMS] = {w[0], x, (uint32_t)k, (uint32_t)(k >> 32), 0};
                rewrite_fused(d, i, end, fused, f);
                n++;
                next = end;
            }
        }
        i = next;
    }
    return n;
}

// F32_ADD_IMM .. F64_MUL_IMM where lowering makes them (a NaN constant and a
// constant left of a sub stay CONST and the plain op); the small profile
// makes none and runs one in its cold handler: fused by hand there, the
// same calls.
static void test_float_imm(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_fimm, sizeof(wasm_fimm), 0, &rt, &m);
    check_fimm_calls(rt, inst);
    for (size_t r = 0; r < sizeof(fimm_rows) / sizeof(fimm_rows[0]); r++) {
        const char *name = fimm_rows[r].name;
        int made = 0;
        for (uint32_t op = MW_OP_F32_ADD_IMM; op <= MW_OP_F64_MUL_IMM; op++) {
            made += count_op(inst, name, op);
        }
        bool fused = fimm_rows[r].op != MW_OP_COUNT && MW_FUSED_ARITH;
        CHECK(made == fused && (!fused || count_op(inst, name, fimm_rows[r].op) == 1));
        CHECK(count_op(inst, name, MW_OP_CONST32) + count_op(inst, name, MW_OP_CONST16)
              + count_op(inst, name, MW_OP_CONST64) == !fused);
        if (HAND_ARITH && fimm_rows[r].op != MW_OP_COUNT && fimm_rows[r].k != 0) {
            CHECK(fimm_fuse_by_hand(inst, name, fimm_rows[r].op) == 1);    // (+0 is a CONST16)
        }
    }
    CHECK(count_op(inst, "f64_lerp", MW_OP_F64_MUL_IMM) == 2 * MW_FUSED_ARITH);
    CHECK(count_op(inst, "f32_lt_k", MW_OP_F32_LT) == 1 && count_op(inst, "f64_ge_k", MW_OP_F64_GE) == 1);
    CHECK(count_op(inst, "f32_div_k", MW_OP_F32_DIV) == 1);
    if (HAND_ARITH) {
        CHECK(fimm_fuse_by_hand(inst, "f64_lerp", MW_OP_F64_MUL_IMM) == 2);
        check_fimm_calls(rt, inst);
        for (size_t r = 0; r < sizeof(fimm_rows) / sizeof(fimm_rows[0]); r++) {
            int made = 0;
            for (uint32_t op = MW_OP_F32_ADD_IMM; op <= MW_OP_F64_MUL_IMM; op++) {
                made += count_op(inst, fimm_rows[r].name, op);
            }
            CHECK(made == (fimm_rows[r].op != MW_OP_COUNT && fimm_rows[r].k != 0));
        }
    }
    close_inst(rt, m, inst);
}

// Fused float compare-and-branch (engine_fbr.wat, mw_int.h MW_BRF_OP_LIST):
// the twelve comparisons, each feeding br_if, if, i32.eqz then br_if and an
// if with a local.get under it, over every pair of the 14 edge values of
// check_storef_calls (signed zeros, subnormals, the largest, infinities, NaNs
// with payloads): each gives the plain comparison's value and C's.
static const char *const fbr_cmps[6] = {"eq", "ne", "lt", "gt", "le", "ge"};
static const char *const fbr_forms[4] = {"brif", "if", "eqz", "mat"};

static bool fbr_c(int k, double a, double b) {
    // an f32 widens to double exactly (a NaN stays one): C's comparison
    switch (k) {
        case 0: return a == b;
        case 1: return a != b;
        case 2: return a < b;
        case 3: return a > b;
        case 4: return a <= b;
        default: return a >= b;
    }
}

static void check_fbr_calls(mw_runtime *rt, mw_instance *inst) {
    char name[24];
    for (int w = 0; w < 2; w++) {
        for (int k = 0; k < 6; k++) {
            int bad = 0;
            for (int i = 0; i < 14; i++) {
                for (int j = 0; j < 14; j++) {
                    uint64_t x = w ? storef_f64s[i] : storef_f32s[i], y = w ? storef_f64s[j] : storef_f32s[j];
                    mw_val a, b;
                    a.i64 = x;
                    b.i64 = y;
                    bool want = w ? fbr_c(k, a.f64, b.f64) : fbr_c(k, a.f32, b.f32);
                    snprintf(name, sizeof name, "f%s_%s", w ? "64" : "32", fbr_cmps[k]);
                    bad += call3(rt, inst, name, x, y, 0) != want;
                    for (int f = 0; f < 4; f++) {
                        snprintf(name, sizeof name, "f%s_%s_%s", w ? "64" : "32", fbr_cmps[k], fbr_forms[f]);
                        // _mat: its third argument plus the value (the then
                        // arm's local.set 2 comes after the copy of local 2)
                        uint64_t got = call3(rt, inst, name, x, y, 7);
                        bad += (uint32_t)got != (uint32_t)want + (f == 3 ? 7u : 0u);
                    }
                }
            }
            if (bad) {
                printf("fbr f%s_%s: %d wrong\n", w ? "64" : "32", fbr_cmps[k], bad);
            }
            CHECK(bad == 0);
        }
    }
    // a loop's back-edge (not fused): rounds while x < n (f32), while !(x >= n) (f64)
    CHECK(call3(rt, inst, "f32_loop", f32_bits(4.5f), 0, 0) == 5);
    CHECK(call3(rt, inst, "f32_loop", 0x7fc00000u, 0, 0) == 1);     // x < NaN: false
    CHECK(call3(rt, inst, "f32_loop", f32_bits(-1.0f), 0, 0) == 1);
    CHECK(call3(rt, inst, "f64_loop", f64_bits(3.0), 0, 0) == 3);
    CHECK(call3(rt, inst, "f64_loop", 0xfff0000000000000u, 0, 0) == 1);
}

// The MW_BRF_OP_LIST row (from BR_F32_EQ) of the branch on comparison k (eq
// ne lt gt le ge) taken if it holds (or, negated, if not); 16: a and b swap.
static uint32_t fbr_row(int w, int k, bool negate) {
    static const uint8_t row[2][6] = {{0, 1, 2, 2 | 16, 3, 3 | 16}, {1, 0, 4, 4 | 16, 5, 5 | 16}};
    return row[negate][k] + (w ? 6u : 0u);
}

// The small profile makes none: its comparison "d a b" and the BR_IF_JMP /
// BR_UNLESS "d target" after it made the fused branch by hand (the units
// left a JMP to the next instruction). Returns how many.
static int fbr_fuse_by_hand(mw_instance *inst, const char *name, int w, int k) {
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, name).func->u.wasm.def;
    uint32_t cmp = (w ? MW_OP_F64_EQ : MW_OP_F32_EQ) + (uint32_t)k;
    int n = 0;
    for (uint32_t i = 0; i < d->code_len;) {
        uint32_t next = op_end(d, i);
        uint32_t br = next < d->code_len ? d->code[next] : MW_OP_COUNT;
        if (d->code[i] == cmp && (br == MW_OP_BR_IF_JMP || br == MW_OP_BR_UNLESS)) {
            uint32_t v[MW_MAX_IMMS], end = op_end(d, next);
            mw_code_imms(d->code + i, v);     // "d a b"
            const mw_code_unit *t = d->code + next + 2;
            uint32_t to = (uint32_t)(t + (int16_t)*t - d->code);
            uint32_t row = fbr_row(w, k, br == MW_OP_BR_UNLESS);
            uint32_t f[MW_MAX_IMMS] = {row & 16 ? v[2] : v[1], row & 16 ? v[1] : v[2], 0, 0, 0};
            uint32_t at = rewrite_fused(d, i, end, MW_OP_BR_F32_EQ + (row & 15), f);
            d->code[at - 1] = (mw_code_unit)(to - (at - 1));    // the branch's target, relative to its unit
            CHECK(at + 1 + MW_W_TARGET == end);                  // the two ops' units exactly, no RETURN0s
            n++;
            next = end;
        }
        i = next;
    }
    return n;
}

// BR_F32_EQ .. BR_F64_NLE where lowering makes them (every form above, the
// _mat one with its comparison moved after the copy: lower_branch.c
// materialize_cond); the small profile makes none and runs an image's in
// its cold handler: fused by hand there (br_if and if), the same calls.
static void test_float_branch(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_fbr, sizeof(wasm_fbr), 0, &rt, &m);
    check_fbr_calls(rt, inst);
    char name[24];
    for (int w = 0; w < 2; w++) {
        for (int k = 0; k < 6; k++) {
            for (int f = 0; f < 4; f++) {
                snprintf(name, sizeof name, "f%s_%s_%s", w ? "64" : "32", fbr_cmps[k], fbr_forms[f]);
                // br_if and i32.eqz: taken when it holds / does not; if: not
                bool negate = f != 0;
                int made = 0;
                for (uint32_t op = MW_OP_BR_F32_EQ; op <= MW_OP_BR_F64_NLE; op++) {
                    made += count_op(inst, name, op);
                }
                uint32_t want = MW_OP_BR_F32_EQ + (fbr_row(w, k, negate) & 15);
                if (made != MW_FUSED_ARITH || count_op(inst, name, want) != MW_FUSED_ARITH) {
                    printf("fbr %s: %d fused, not row %u\n", name, made, want - MW_OP_BR_F32_EQ);
                }
                CHECK(made == MW_FUSED_ARITH && count_op(inst, name, want) == MW_FUSED_ARITH);
                CHECK(count_op(inst, name, (w ? MW_OP_F64_EQ : MW_OP_F32_EQ) + (uint32_t)k) == !MW_FUSED_ARITH);
            }
        }
    }
    // a loop's back-edge stays the comparison and BR_IF_LOOP (it polls)
    CHECK(count_op(inst, "f32_loop", MW_OP_F32_LT) == 1 && count_op(inst, "f32_loop", MW_OP_BR_IF_LOOP) == 1);
    CHECK(count_op(inst, "f64_loop", MW_OP_F64_GE) == 1);
    if (HAND_ARITH) {
        for (int w = 0; w < 2; w++) {
            for (int k = 0; k < 6; k++) {
                for (int f = 0; f < 2; f++) {
                    snprintf(name, sizeof name, "f%s_%s_%s", w ? "64" : "32", fbr_cmps[k], fbr_forms[f]);
                    CHECK(fbr_fuse_by_hand(inst, name, w, k) == 1);
                }
            }
        }
        check_fbr_calls(rt, inst);
    }
    close_inst(rt, m, inst);
}

// The small profile runs a fused shift (an image may hold it) but does not
// make one: make the `first` "t x k" (I32_SHL_IMM, I32_SHR_U_IMM: k in one
// unit) or "t x y" (I32_MUL) and the _IMM op "d t k2" after it (k2 in one
// unit, I32_AND_IMM's in two) the fused op "d x k k2" / "d x y k2" by hand,
// the units left a JMP to the next instruction.
static int shift_fuse_by_hand(mw_instance *inst, const char *name, uint32_t first, uint32_t second, uint32_t fused) {
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, name).func->u.wasm.def;
    int n = 0;
    for (uint32_t i = 0; i < d->code_len;) {
        uint32_t o = d->code[i], next = op_end(d, i);
        mw_code_unit *c = d->code + i, *q = d->code + next;
        // "t x k" (a shift: t x a slot pair) or "t x y" (I32_MUL), then "d a
        // k2" (d a a slot pair, k2 an I16 or the U32 of I32_AND_IMM)
        uint32_t v[MW_MAX_IMMS], w[MW_MAX_IMMS];
        // (the second op by name: another op's imms may put any slot in w[1])
        int pair = o == first && next < d->code_len && q[0] == second;
        if (pair) {
            mw_code_imms(c, v);
            mw_code_imms(q, w);
        }
        if (pair && w[1] == v[0]) {
            // the fused op "d x k k2" / "d x y k2" in their place; the code
            // after it moves up (these functions have no branches), its old
            // last units made RETURN0s (never reached)
            uint32_t end = op_end(d, next), at = i + 1 + op_units(fused);
            c[0] = (mw_code_unit)fused;
            c[1] = (mw_code_unit)w[0];
            c[2] = (mw_code_unit)v[1];
            c[3] = (mw_code_unit)v[2];
            if (fused == MW_OP_I32_SHR_U_AND) {
                mw_code_put_u32(c + 4, w[2]);
            } else {
                c[4] = (mw_code_unit)w[2];
            }
            memmove(d->code + at, d->code + end, (d->code_len - end) * sizeof(mw_code_unit));
            for (uint32_t k = d->code_len - (end - at); k < d->code_len; k++) {
                d->code[k] = MW_OP_RETURN0;
            }
            next = at;
            n++;
        }
        i = next;
    }
    return n;
}

static void check_shift_fused_calls(mw_runtime *rt, mw_instance *inst) {
    static const uint32_t xs[] = {0, 1, 0xff, 0x80, 0x7fffffffu, 0x80000000u, 0xdeadbeefu, 0xffffffffu};
    for (int j = 0; j < 8; j++) {
        uint32_t x = xs[j], r = 0;
        CHECK(call_i32(rt, inst, "shl_shr_u", 1, &x, &r, NULL) == MW_OK && r == (x & 0xff) >> 1);
        CHECK(call_i32(rt, inst, "shl_shr_u_mod", 1, &x, &r, NULL) == MW_OK && r == (x >> 30 & 1));
        CHECK(call_i32(rt, inst, "shl_shr_u_zero", 1, &x, &r, NULL) == MW_OK && r == x);
        CHECK(call_i32(rt, inst, "shr_u_and", 1, &x, &r, NULL) == MW_OK && r == (x >> 22 & 1020));
        CHECK(call_i32(rt, inst, "shr_u_and_mod", 1, &x, &r, NULL) == MW_OK && r == x >> 8);
        CHECK(call_i32(rt, inst, "shl_shr_s", 1, &x, &r, NULL) == MW_OK && r == (uint32_t)(int32_t)(int8_t)x);
        CHECK(call_i32(rt, inst, "tee", 1, &x, &r, NULL) == MW_OK && r == (x << 8 >> 4) + (x << 8));
        for (int k = 0; k < 8; k++) {
            // the product wraps to 32 bits, then shifts in its sign
            uint32_t ab[] = {x, xs[k]}, p = x * xs[k];
            int32_t want15 = (int32_t)p < 0 ? (int32_t)~(~p >> 15) : (int32_t)(p >> 15);
            CHECK(call_i32(rt, inst, "mul_shr_s", 2, ab, &r, NULL) == MW_OK && r == (uint32_t)want15);
            CHECK(call_i32(rt, inst, "mul_shr_s_31", 2, ab, &r, NULL) == MW_OK && r == ((int32_t)p < 0 ? 0xffffffffu : 0));
        }
    }
    // Q15: 0.5 * -0.5 is -0.25
    uint32_t q[] = {0x4000, 0xffffc000u}, r = 0;
    CHECK(call_i32(rt, inst, "mul_shr_s", 2, q, &r, NULL) == MW_OK && r == 0xffffe000u);
}

// A shift or multiply feeding a shift or mask of a constant
// (engine_shifts.wat): one fused op (I32_SHL_SHR_U, I32_SHR_U_AND,
// I32_MUL_SHR_S) computing what the two did, for values at the signed and
// unsigned edges, counts taken mod 32 (33, 63, 32, 40), a product that wraps
// before its signed shift; a sign extension (shl, shr_s) and a first result
// kept in a local stay two ops.
static void test_shift_fused(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_shifts, sizeof(wasm_shifts), 0, &rt, &m);
    check_shift_fused_calls(rt, inst);
    static const char *const names[] = {"shl_shr_u", "shl_shr_u_mod", "shl_shr_u_zero", "shr_u_and",
                                        "shr_u_and_mod", "mul_shr_s", "mul_shr_s_31"};
    static const uint32_t firsts[] = {MW_OP_I32_SHL_IMM, MW_OP_I32_SHL_IMM, MW_OP_I32_SHL_IMM, MW_OP_I32_SHR_U_IMM,
                                      MW_OP_I32_SHR_U_IMM, MW_OP_I32_MUL, MW_OP_I32_MUL};
    static const uint32_t seconds[] = {MW_OP_I32_SHR_U_IMM, MW_OP_I32_SHR_U_IMM, MW_OP_I32_SHR_U_IMM, MW_OP_I32_AND_IMM,
                                       MW_OP_I32_AND_IMM, MW_OP_I32_SHR_S_IMM, MW_OP_I32_SHR_S_IMM};
    static const uint32_t ops[] = {MW_OP_I32_SHL_SHR_U, MW_OP_I32_SHL_SHR_U, MW_OP_I32_SHL_SHR_U,
                                   MW_OP_I32_SHR_U_AND, MW_OP_I32_SHR_U_AND, MW_OP_I32_MUL_SHR_S,
                                   MW_OP_I32_MUL_SHR_S};
    for (int i = 0; i < 7; i++) {
        CHECK(count_op(inst, names[i], ops[i]) == MW_FUSED_ARITH);
        CHECK(count_op(inst, names[i], firsts[i]) == !MW_FUSED_ARITH);
        if (HAND_ARITH) {
            CHECK(shift_fuse_by_hand(inst, names[i], firsts[i], seconds[i], ops[i]) == 1);
        }
    }
    // a sign extension of a byte: i32.extend8_s (lower.c imm_fused; test_extend_fused)
    CHECK(count_op(inst, "shl_shr_s", MW_OP_I32_SHL_IMM) == !MW_FUSED_ARITH);
    CHECK(count_op(inst, "shl_shr_s", MW_OP_I32_EXTEND8_S) == MW_FUSED_ARITH);
    CHECK(count_op(inst, "tee", MW_OP_I32_SHL_SHR_U) == 0);
    if (HAND_ARITH) {
        check_shift_fused_calls(rt, inst);
    }
    close_inst(rt, m, inst);
}

// (x << k) >> k (engine_extend.wat): for k 16 and 24, signed, in the full
// profile i32.extend16_s / extend8_s, ops there already are (lower.c
// imm_fused; counts taken mod 32 first); the two shifts elsewhere (other
// widths, unequal counts, a count of 0, the shifted value kept in a local,
// i64) and in the small profile; unsigned, I32_SHL_SHR_U as before. Results
// as C computes them, at the edges.
static void test_extend_fused(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_extend, sizeof(wasm_extend), 0, &rt, &m);
    static const uint32_t xs[] = {0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x12345678u, 0x7fffffffu,
                                  0x80000000u, 0xdeadbeefu, 0xffff8000u, 0xffffffffu};
    for (int j = 0; j < 14; j++) {
        uint32_t x = xs[j], r = 0;
        CHECK(call_i32(rt, inst, "s16", 1, &x, &r, NULL) == MW_OK && r == (uint32_t)(int32_t)(int16_t)x);
        CHECK(call_i32(rt, inst, "s8", 1, &x, &r, NULL) == MW_OK && r == (uint32_t)(int32_t)(int8_t)x);
        CHECK(call_i32(rt, inst, "s16_mod", 1, &x, &r, NULL) == MW_OK && r == (uint32_t)(int32_t)(int16_t)x);
        CHECK(call_i32(rt, inst, "u16", 1, &x, &r, NULL) == MW_OK && r == (x & 0xffff));
        CHECK(call_i32(rt, inst, "u5", 1, &x, &r, NULL) == MW_OK && r == (x & 0x07ffffffu));
        CHECK(call_i32(rt, inst, "u31", 1, &x, &r, NULL) == MW_OK && r == (x & 1));
        uint32_t s20 = (x & 0x80000u) ? (x | 0xfff00000u) : (x & 0xfffffu);
        CHECK(call_i32(rt, inst, "s20", 1, &x, &r, NULL) == MW_OK && r == s20);
        uint32_t s15 = (uint32_t)(int32_t)(int16_t)x << 1;     // (x << 16) >> 15, signed
        CHECK(call_i32(rt, inst, "s16_15", 1, &x, &r, NULL) == MW_OK && r == s15);
        CHECK(call_i32(rt, inst, "s16_tee", 1, &x, &r, NULL) == MW_OK
              && r == (uint32_t)(int32_t)(int16_t)x + (x << 16));
        CHECK(call_i32(rt, inst, "s16_zero", 1, &x, &r, NULL) == MW_OK && r == x);
        for (int h = 0; h < 14; h += 3) {
            uint64_t y = (uint64_t)xs[h] << 32 | x, q = 0;
            CHECK(call_i64(rt, inst, "l32", y, &q) == MW_OK && q == (uint64_t)(int64_t)(int32_t)x);
            CHECK(call_i64(rt, inst, "l16", y, &q) == MW_OK && q == (uint64_t)(int64_t)(int16_t)x);
            CHECK(call_i64(rt, inst, "l8", y, &q) == MW_OK && q == (uint64_t)(int64_t)(int8_t)x);
            CHECK(call_i64(rt, inst, "l32_mod", y, &q) == MW_OK && q == (uint64_t)(int64_t)(int32_t)x);
            CHECK(call_i64(rt, inst, "lu32", y, &q) == MW_OK && q == x);
            CHECK(call_i64(rt, inst, "lu3", y, &q) == MW_OK && q == (y & 0x1fffffffffffffffu));
            uint64_t l40 = (y & 0x8000000000u) ? (y | 0xffffff0000000000u) : (y & 0xffffffffffu);
            CHECK(call_i64(rt, inst, "l40", y, &q) == MW_OK && q == l40);
        }
    }
    static const struct {
        const char *name;
        uint32_t op;          // the one op (full profile)
    } one[] = {
        {"s16", MW_OP_I32_EXTEND16_S}, {"s8", MW_OP_I32_EXTEND8_S}, {"s16_mod", MW_OP_I32_EXTEND16_S},
        {"u16", MW_OP_I32_SHL_SHR_U}, {"u5", MW_OP_I32_SHL_SHR_U}, {"u31", MW_OP_I32_SHL_SHR_U},
    };
    for (size_t i = 0; i < sizeof one / sizeof one[0]; i++) {
        CHECK(count_op(inst, one[i].name, one[i].op) == MW_FUSED_ARITH);
        CHECK(count_op(inst, one[i].name, MW_OP_I32_SHL_IMM) == !MW_FUSED_ARITH);
    }
    static const char *const two[] = {"s20", "s16_15", "s16_tee", "s16_zero"};
    for (int i = 0; i < 4; i++) {
        CHECK(count_op(inst, two[i], MW_OP_I32_SHL_IMM) == 1 || count_op(inst, two[i], MW_OP_I32_SHL_SHR_U) == 1);
        CHECK(count_op(inst, two[i], MW_OP_I32_EXTEND16_S) == 0 && count_op(inst, two[i], MW_OP_I32_EXTEND8_S) == 0);
    }
    static const char *const two64[] = {"l32", "l16", "l8", "l32_mod", "lu32", "lu3", "l40"};
    for (int i = 0; i < 7; i++) {
        CHECK(count_op(inst, two64[i], MW_FUSED_ARITH ? MW_OP_I64_SHL_IMM : MW_OP_I64_SHL) == 1);
    }
    close_inst(rt, m, inst);
}

// i32 compare row i (LT_S LT_U GT_S GT_U LE_S LE_U GE_S GE_U) of x and y, as C.
static bool cmp_row(int i, uint32_t x, uint32_t y) {
    int32_t sx = (int32_t)x, sy = (int32_t)y;
    bool u = i & 1;
    switch (i >> 1) {
        case 0: return u ? x < y : sx < sy;
        case 1: return u ? x > y : sx > sy;
        case 2: return u ? x <= y : sx <= sy;
        default: return u ? x >= y : sx >= sy;
    }
}

// The first op `from` of exported function `name` made `to` (the same layout).
static int retag_op(mw_instance *inst, const char *name, uint32_t from, uint32_t to) {
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, name).func->u.wasm.def;
    for (uint32_t i = 0; i < d->code_len; i = op_end(d, i)) {
        if (d->code[i] == from) {
            d->code[i] = (mw_code_unit)to;
            return 1;
        }
    }
    return 0;
}

// How many SELECT_EQ .. SELECT_LT_U_IMM function `name` has, and (if one) its row in *row.
static int count_selcmp(mw_instance *inst, const char *name, uint32_t *row) {
    int n = 0;
    for (uint32_t op = MW_OP_SELECT_EQ; op <= MW_OP_SELECT_LT_U_IMM; op++) {
        int k = count_op(inst, name, op);
        if (k && row) {
            *row = op;
        }
        n += k;
    }
    return n;
}

static int count_minmax(mw_instance *inst, const char *name) {
    int n = 0;
    for (uint32_t op = MW_OP_I32_MIN_S; op <= MW_OP_I32_MAX_U_IMM; op++) {
        n += count_op(inst, name, op);
    }
    return n;
}

// A select of the two values an i32 compare right before it compared
// (engine_minmax.wat): in the full profile one I32_MIN_S .. I32_MAX_U_IMM
// (lower.c select_fused), for all eight compares, both orders of the arms,
// a constant on either side (INT_MIN, -1, 0, 32767, INT_MAX), computed
// operands; SELECT where the arms are other values, the constant another,
// the condition kept in a local, an arm's local written after the compare,
// eq, typed and i64 selects. Results as C computes the select, for values
// at the signed and unsigned edges. Then each of the eight ops put in place
// of an I32_ADD / I32_ADD_IMM by hand (the small profile's cold handler too).
static void test_select_minmax(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_minmax, sizeof(wasm_minmax), 0, &rt, &m);
    static const char *const cmps[] = {"lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"};
    static const char *const kn[] = {"m", "n1", "z", "p", "x"};
    static const uint32_t ks[] = {0x80000000u, 0xffffffffu, 0, 32767, 0x7fffffffu};
    static const uint32_t xs[] = {0x80000000u, 0x80000001u, 0xffff7fffu, 0xffff8000u, 0xfffffffeu, 0xffffffffu,
                                  0, 1, 32767, 32768, 0x7ffffffeu, 0x7fffffffu};
    char name[32];
    for (int i = 0; i < 8; i++) {
        for (int o = 0; o < 2; o++) {
            snprintf(name, sizeof name, "r_%s_%s", cmps[i], o ? "yx" : "xy");
            CHECK(count_minmax(inst, name) == MW_FUSED_ARITH && count_op(inst, name, MW_OP_SELECT) == !MW_FUSED_ARITH);
            for (int j = 0; j < 12; j++) {
                for (int h = 0; h < 12; h++) {
                    uint32_t xy[] = {xs[j], xs[h]}, r = 0, c = cmp_row(i, xs[j], xs[h]);
                    uint32_t want = o ? (c ? xs[h] : xs[j]) : (c ? xs[j] : xs[h]);
                    CHECK(call_i32(rt, inst, name, 2, xy, &r, NULL) == MW_OK && r == want);
                }
            }
        }
        for (int q = 0; q < 5; q++) {
            for (int o = 0; o < 3; o++) {
                static const char *const form[] = {"k_%s_%s_xk", "k_%s_%s_kx", "kl_%s_%s"};
                snprintf(name, sizeof name, form[o], cmps[i], kn[q]);
                CHECK(count_minmax(inst, name) == MW_FUSED_ARITH);
                CHECK(count_op(inst, name, MW_OP_SELECT) == !MW_FUSED_ARITH);
                CHECK(count_op(inst, name, MW_OP_CONST16) + count_op(inst, name, MW_OP_CONST32) == !MW_FUSED_ARITH);
                for (int j = 0; j < 12; j++) {
                    uint32_t x = xs[j], k = ks[q], r = 0, want;
                    want = o == 0 ? (cmp_row(i, x, k) ? x : k) : o == 1 ? (cmp_row(i, x, k) ? k : x)
                                                               : (cmp_row(i, k, x) ? k : x);
                    CHECK(call_i32(rt, inst, name, 1, &x, &r, NULL) == MW_OK && r == want);
                }
            }
        }
    }
    // which op: x < y ? x : y the minimum, y x the maximum; a clamp x > 32767 ? 32767 : x
    CHECK(count_op(inst, "r_lt_s_xy", MW_OP_I32_MIN_S) == MW_FUSED_ARITH);
    CHECK(count_op(inst, "r_lt_u_yx", MW_OP_I32_MAX_U) == MW_FUSED_ARITH);
    CHECK(count_op(inst, "r_ge_s_xy", MW_OP_I32_MAX_S) == MW_FUSED_ARITH);
    CHECK(count_op(inst, "k_gt_s_p_kx", MW_OP_I32_MIN_S_IMM) == MW_FUSED_ARITH);
    CHECK(count_op(inst, "k_le_u_z_kx", MW_OP_I32_MAX_U_IMM) == MW_FUSED_ARITH);
    CHECK(count_op(inst, "kl_lt_s_x", MW_OP_I32_MIN_S_IMM) == MW_FUSED_ARITH);    // k < x ? k : x
    CHECK(count_op(inst, "sat_add", MW_OP_I32_MIN_S_IMM) == MW_FUSED_ARITH);
    CHECK(count_op(inst, "sat_add", MW_OP_I32_MAX_S_IMM) == MW_FUSED_ARITH);
    static const char *const plain[] = {"other_arm", "other_k", "eq", "tee", "typed", "i64", "set_between", "stack_min"};
    for (int i = 0; i < 8; i++) {
        // (some a select with its compare: test_select_cmp)
        CHECK(count_minmax(inst, plain[i]) == 0 && count_op(inst, plain[i], MW_OP_SELECT) + count_selcmp(inst, plain[i], NULL) == 1);
    }
    for (int j = 0; j < 12; j++) {
        for (int h = 0; h < 12; h++) {
            uint32_t x = xs[j], y = xs[h], xy[] = {x, y}, xyz[] = {x, y, 7}, r = 0;
            int32_t sum = (int32_t)(x + y);
            uint32_t sat = (uint32_t)(sum > 32767 ? 32767 : sum < -32768 ? -32768 : sum);
            CHECK(call_i32(rt, inst, "sat_add", 2, xy, &r, NULL) == MW_OK && r == sat);
            uint32_t m1 = (int32_t)x < (int32_t)y ? x + 1 : y;
            CHECK(call_i32(rt, inst, "stack_min", 2, xy, &r, NULL) == MW_OK && r == m1 + 1);
            CHECK(call_i32(rt, inst, "other_arm", 3, xyz, &r, NULL) == MW_OK && r == ((int32_t)x < (int32_t)y ? x : 7));
            CHECK(call_i32(rt, inst, "tee", 2, xy, &r, NULL) == MW_OK
                  && r == ((int32_t)x < (int32_t)y ? x + 1 : y));
            CHECK(call_i32(rt, inst, "set_between", 2, xy, &r, NULL) == MW_OK && r == ((int32_t)x < (int32_t)y ? x : y));
            uint64_t r64 = 0;
            mw_val a2[2] = {{.i64 = (uint64_t)(int64_t)(int32_t)x << 8}, {.i64 = (uint64_t)(int64_t)(int32_t)y << 8}}, r2[1];
            CHECK(mw_call(rt, exp_of(inst, "i64").func, a2, r2, NULL) == MW_OK);
            r64 = r2[0].i64;
            CHECK(r64 == ((int64_t)a2[0].i64 < (int64_t)a2[1].i64 ? a2[0].i64 : a2[1].i64));
        }
        uint32_t x = xs[j], r = 0;
        CHECK(call_i32(rt, inst, "other_k", 1, &x, &r, NULL) == MW_OK && r == ((int32_t)x > 6 ? 5 : x));
    }
    // the handlers (full: each its own; small: the one cold one) by hand
    // (MW_ALL_OPS=0: none, test_not_in_set)
    for (uint32_t op = MW_OP_I32_MIN_S; op <= MW_OP_I32_MAX_U_IMM && MW_ALL_OPS; op++) {
        uint32_t row = op - MW_OP_I32_MIN_S, prev = row == 0 ? MW_OP_I32_ADD : row == 4 ? MW_OP_I32_ADD_IMM : op - 1;
        const char *fn = row & 4 ? "raw_k" : "raw";
        CHECK(retag_op(inst, fn, prev, op) == 1);
        for (int j = 0; j < 12; j++) {
            for (int h = 0; h < 12; h++) {
                uint32_t x = xs[j], y = row & 4 ? 0xffff7fffu : xs[h], xy[] = {x, y}, r = 0;
                bool lt = row & 1 ? x < y : (int32_t)x < (int32_t)y;
                uint32_t want = (row & 2) ? (lt ? y : x) : (lt ? x : y);
                CHECK(call_i32(rt, inst, fn, 2, xy, &r, NULL) == MW_OK && r == want);
            }
        }
    }
    close_inst(rt, m, inst);
}

// condition c of engine_selcmp.wat (eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u and) of x and y, as C.
// (int_want's order; sign-extended to 64 bits, two i32s keep their signed and
// their unsigned order)
static bool selcmp_cond(int c, uint32_t x, uint32_t y) {
    if (c >= 10) {
        return (x & y) != 0;
    }
    return int_want(c, (uint64_t)(int64_t)(int32_t)x, (uint64_t)(int64_t)(int32_t)y) != 0;
}

// A select whose condition is the i32 compare or i32.and right before it
// (engine_selcmp.wat): in the full profile one SELECT_EQ .. SELECT_LT_U_IMM
// (lower.c select_fused) for each of the ten compares and and, of two slots
// or of a slot and a constant (INT_MIN, -1, 0, 1, 32767, 65536, INT_MAX:
// gt and le take k + 1, which must not wrap), arms slots or constants (one
// or both), i64 and f64 arms, computed operands, the result into a compared
// local, a constant arm in the slot of a compared value; SELECT where the
// condition is teed, an i64 or f32 compare, the compared value written
// between, a k + 1 that wraps. Results as C computes them, for x and y at
// the signed and unsigned edges. Then (the small profile, whose lowering
// makes none) each of the eight written over an I32_EQ (_IMM) and SELECT by
// hand, for its cold handler.
static void test_select_cmp(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_selcmp, sizeof(wasm_selcmp), 0, &rt, &m);
    static const char *const cmps[] = {"eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u", "and"};
    // the row each compare becomes: EQ, AND, LT_S, LT_U (+4 with a constant)
    static const uint32_t rows[] = {0, 0, 2, 3, 2, 3, 2, 3, 2, 3, 1};
    static const char *const kn[] = {"m", "n1", "z", "o", "p", "w", "x"};
    static const uint32_t ks[] = {0x80000000u, 0xffffffffu, 0, 1, 32767, 65536, 0x7fffffffu};
    static const uint32_t xs[] = {0x80000000u, 0x80000001u, 0xffff7fffu, 0xffff8000u, 0xfffffffeu, 0xffffffffu, 0, 1,
                                  2, 32767, 32768, 65536, 0x7ffffffeu, 0x7fffffffu};
    enum { NX = sizeof(xs) / sizeof(xs[0]) };
    char name[32];
    uint32_t row = 0;
    for (int c = 0; c < 11; c++) {
        static const char *const forms[] = {"s_%s", "c1_%s", "c2_%s", "cc_%s", "t_%s", "f_%s"};
        for (int f = 0; f < 6; f++) {
            snprintf(name, sizeof name, forms[f], cmps[c]);
            row = 0;
            CHECK(count_selcmp(inst, name, &row) == MW_FUSED_ARITH && count_op(inst, name, MW_OP_SELECT) == !MW_FUSED_ARITH);
            CHECK(!MW_FUSED_ARITH || row == MW_OP_SELECT_EQ + rows[c]);
        }
        for (int i = 0; i < NX; i++) {
            for (int j = 0; j < NX; j++) {
                uint32_t x = xs[i], y = xs[j], r = 0;
                bool want = selcmp_cond(c, x, y);
                uint32_t a4[] = {0x11111111u, 0x22222222u, x, y};
                snprintf(name, sizeof name, "s_%s", cmps[c]);
                CHECK(call_i32(rt, inst, name, 4, a4, &r, NULL) == MW_OK && r == (want ? 0x11111111u : 0x22222222u));
                uint32_t a3[] = {0x33333333u, x, y};
                snprintf(name, sizeof name, "c1_%s", cmps[c]);
                CHECK(call_i32(rt, inst, name, 3, a3, &r, NULL) == MW_OK && r == (want ? 7 : 0x33333333u));
                snprintf(name, sizeof name, "c2_%s", cmps[c]);
                CHECK(call_i32(rt, inst, name, 3, a3, &r, NULL) == MW_OK && r == (want ? 0x33333333u : 0xffffffffu));
                uint32_t a2[] = {x, y};
                snprintf(name, sizeof name, "cc_%s", cmps[c]);
                CHECK(call_i32(rt, inst, name, 2, a2, &r, NULL) == MW_OK && r == (want ? 1u : 5u));
                // whole 64-bit arms (a NaN's bits too)
                mw_val t[4] = {{.i64 = 0x8000000000000001ull}, {.i64 = 0x7ff8000000000123ull}, {.i64 = x}, {.i64 = y}}, tr[1];
                snprintf(name, sizeof name, "t_%s", cmps[c]);
                CHECK(mw_call(rt, exp_of(inst, name).func, t, tr, NULL) == MW_OK && tr[0].i64 == (want ? t[0].i64 : t[1].i64));
                snprintf(name, sizeof name, "f_%s", cmps[c]);
                CHECK(mw_call(rt, exp_of(inst, name).func, t, tr, NULL) == MW_OK && tr[0].i64 == (want ? t[0].i64 : t[1].i64));
            }
        }
        for (int q = 0; q < 7; q++) {
            snprintf(name, sizeof name, "k_%s_%s", cmps[c], kn[q]);
            // gt and le of the largest constant stay: k + 1 wraps
            bool wraps = (c == 4 || c == 6) ? ks[q] == 0x7fffffffu : (c == 5 || c == 7) ? ks[q] == 0xffffffffu : false;
            int n = count_selcmp(inst, name, &row);
            if (!(c < 2 && ks[q] == 0)) {      // eq / ne 0: i32.eqz, or the value itself
                CHECK(n == (MW_FUSED_ARITH && !wraps) && count_op(inst, name, MW_OP_SELECT) == (!MW_FUSED_ARITH || wraps));
                CHECK(!n || row == MW_OP_SELECT_EQ_IMM + rows[c]);
            }
            for (int i = 0; i < NX; i++) {
                uint32_t a3[] = {0x44444444u, 0x55555555u, xs[i]}, r = 0;
                CHECK(call_i32(rt, inst, name, 3, a3, &r, NULL) == MW_OK
                      && r == (selcmp_cond(c, xs[i], ks[q]) ? 0x44444444u : 0x55555555u));
            }
        }
    }
    CHECK(count_selcmp(inst, "kl_lt_u", NULL) == MW_FUSED_ARITH && count_selcmp(inst, "stack", NULL) == MW_FUSED_ARITH);
    CHECK(count_selcmp(inst, "set_x", NULL) == MW_FUSED_ARITH && count_selcmp(inst, "k_over", NULL) == MW_FUSED_ARITH);
    static const char *const plain[] = {"tee", "i64cmp", "fcmp", "set_between", "gt_s_max", "le_u_max"};
    for (int i = 0; i < 6; i++) {
        CHECK(count_selcmp(inst, plain[i], NULL) == 0 && count_op(inst, plain[i], MW_OP_SELECT) == 1);
    }
    for (int i = 0; i < NX; i++) {
        for (int j = 0; j < NX; j++) {
            uint32_t x = xs[i], y = xs[j], a3[] = {x, y, x ^ 0x5a5a5a5au}, r = 0;
            CHECK(call_i32(rt, inst, "kl_lt_u", 3, a3, &r, NULL) == MW_OK && r == (100u < a3[2] ? x : y));
            uint32_t s = (int32_t)(a3[2] - x) > (int32_t)(y ^ 5) ? x + 1 : y * 3;
            CHECK(call_i32(rt, inst, "stack", 3, a3, &r, NULL) == MW_OK && r == s + 1);
            CHECK(call_i32(rt, inst, "set_x", 3, a3, &r, NULL) == MW_OK && r == ((int32_t)a3[2] < (int32_t)y ? x : y));
            CHECK(call_i32(rt, inst, "k_over", 2, a3, &r, NULL) == MW_OK && r == ((int32_t)y < (int32_t)x ? 9 : x));
            CHECK(call_i32(rt, inst, "tee", 3, a3, &r, NULL) == MW_OK && r == 2 * (x == a3[2] ? x : y));
            CHECK(call_i32(rt, inst, "set_between", 3, a3, &r, NULL) == MW_OK && r == ((int32_t)a3[2] < (int32_t)y ? x : y));
            CHECK(call_i32(rt, inst, "gt_s_max", 3, a3, &r, NULL) == MW_OK && r == y);
            CHECK(call_i32(rt, inst, "le_u_max", 3, a3, &r, NULL) == MW_OK && r == x);
            mw_val fa[4] = {{.i32 = x}, {.i32 = y}}, fr[1];
            fa[2].i64 = 0;
            fa[3].i64 = 0;
            fa[2].f32 = (float)(int32_t)x;
            fa[3].f32 = j == 0 ? __builtin_nanf("") : (float)(int32_t)y;
            CHECK(mw_call(rt, exp_of(inst, "fcmp").func, fa, fr, NULL) == MW_OK && fr[0].i32 == (fa[2].f32 < fa[3].f32 ? x : y));
            mw_val ia[4] = {{.i32 = x}, {.i32 = y}, {.i64 = (uint64_t)(int64_t)(int32_t)x << 4}, {.i64 = y}}, ir[1];
            CHECK(mw_call(rt, exp_of(inst, "i64cmp").func, ia, ir, NULL) == MW_OK
                  && ir[0].i32 == ((int64_t)ia[2].i64 < (int64_t)ia[3].i64 ? x : y));
        }
    }
    #if HAND_ARITH
    // the cold handler: I32_EQ t x y (PQS) and SELECT d a b t (8 units) become
    // SELECT_xx d a b x y and a JMP to the next op; I32_EQ_IMM t x k (PQU) and
    // SELECT (9) SELECT_xx_IMM d a b x k and the JMP
    for (uint32_t op = MW_OP_SELECT_EQ; op <= MW_OP_SELECT_LT_U_IMM; op++) {
        uint32_t r4 = op - MW_OP_SELECT_EQ;
        const char *fn = r4 & 4 ? "k_eq_w" : "s_eq";
        mw_funcdef *d = (mw_funcdef *)exp_of(inst, fn).func->u.wasm.def;
        int done = 0;
        for (uint32_t i = 0; i < d->code_len; i = op_end(d, i)) {
            uint32_t j = op_end(d, i), v[MW_MAX_IMMS], sv[MW_MAX_IMMS];
            bool k = d->code[i] == MW_OP_I32_EQ_IMM || ((uint32_t)d->code[i] - MW_OP_SELECT_EQ_IMM < 4u);
            if ((d->code[i] == MW_OP_I32_EQ || d->code[i] == MW_OP_I32_EQ_IMM) && d->code[j] == MW_OP_SELECT) {
                mw_code_imms(d->code + i, v);
                mw_code_imms(d->code + j, sv);
                CHECK(sv[3] == v[0]);
            } else if ((uint32_t)d->code[i] - MW_OP_SELECT_EQ < 8u) {
                mw_code_imms(d->code + i, sv);       // made by the iteration before
                v[1] = sv[3];
                v[2] = sv[4];
            } else {
                continue;
            }
            mw_code_unit *p = d->code + i;
            p[0] = (mw_code_unit)op;
            p[1] = (mw_code_unit)sv[0];
            p[2] = (mw_code_unit)sv[1];
            p[3] = (mw_code_unit)sv[2];
            p[4] = (mw_code_unit)v[1];
            if (k) {
                mw_code_put_u32(p + 5, v[2]);
            } else {
                p[5] = (mw_code_unit)v[2];
            }
            p[k ? 7 : 6] = MW_OP_JMP;
            p[k ? 8 : 7] = 1;
            done = 1;
            break;
        }
        CHECK(done);
        for (int i = 0; i < NX; i++) {
            for (int j = 0; j < NX; j++) {
                uint32_t x = xs[i], y = r4 & 4 ? 65536 : xs[j], r = 0;
                uint32_t a4[] = {0x11111111u, 0x22222222u, x, y};
                bool want = selcmp_cond((int[]){0, 10, 2, 3}[r4 & 3], x, y);
                CHECK(call_i32(rt, inst, fn, r4 & 4 ? 3 : 4, a4, &r, NULL) == MW_OK && r == (want ? 0x11111111u : 0x22222222u));
            }
        }
    }
    #endif
    close_inst(rt, m, inst);
}

// Make the first plain LOAD32_U of exported function `name` followed by a
// LOAD32_U (op LOAD32_U_PAIR) or a STORE32_XV (LOAD32_U_RMW) the fused op
// `op` by hand (the small profile's lowering does not emit them, but an
// image lowered elsewhere may hold them).
static void fuse_load_at(mw_instance *inst, const char *name, uint32_t op) {
    mw_funcdef *d = (mw_funcdef *)exp_of(inst, name).func->u.wasm.def;
    for (uint32_t i = 0; i < d->code_len; i = op_end(d, i)) {
        uint32_t next = op_end(d, i);
        if (d->code[i] == MW_OP_LOAD32_U && next < d->code_len
            && (op == MW_OP_LOAD32_U_PAIR ? d->code[next] == MW_OP_LOAD32_U : d->code[next] == MW_OP_STORE32_XV)) {
            d->code[i] = (mw_code_unit)op;
            return;
        }
    }
}

// Loads in pairs and read-modify-writes (engine_ldpair.wat): results in
// order, a chase (the second's address the first's result), each access at
// the last word of memory (the slow path) and one past it or at 2^32 (the
// trap; a trapping read-modify-write stores nothing), tee'd locals.
static void check_ldpair_calls(mw_runtime *rt, mw_instance *inst) {
    const uint32_t end = 65536;
    const call_row rows[] = {
        {"wr32", 2, {4, 1000}, MW_OK, 0, 0},
        {"wr32", 2, {8, 7}, MW_OK, 0, 0},
        {"wr32", 2, {16, 30}, MW_OK, 0, 0},
        {"wr32", 2, {end - 4, 0x01020304u}, MW_OK, 0, 0},
        {"wr32", 2, {24, end - 8}, MW_OK, 0, 0},
        {"wr32", 2, {28, end - 7}, MW_OK, 0, 0},
        {"wr32", 2, {32, 0xfffffffcu}, MW_OK, 0, 0},
        {"wr32", 2, {0, 200}, MW_OK, 0, 0},
        // pair: *(a + 4) - *(b + 8)
        {"pair", 2, {0, 8}, MW_OK, 1, 1000 - 30},
        {"pair", 2, {end - 8, 0}, MW_OK, 1, 0x01020304u - 7},
        {"pair", 2, {0, end - 12}, MW_OK, 1, 1000 - 0x01020304u},
        {"pair", 2, {end - 7, 0}, MW_TRAP_MEM_OOB, 0, 0},
        {"pair", 2, {0, end - 11}, MW_TRAP_MEM_OOB, 0, 0},
        {"pair", 2, {0xfffffffcu, 0}, MW_TRAP_MEM_OOB, 0, 0},
        {"pair", 2, {0, 0xfffffff8u}, MW_TRAP_MEM_OOB, 0, 0},
        // chase: *(*a + 4); 0 holds 200 (204 holds 0), 24 end - 8, 28 end - 7, 32 0xfffffffc
        {"chase", 1, {0}, MW_OK, 1, 0},
        {"chase", 1, {24}, MW_OK, 1, 0x01020304u},
        {"chase", 1, {28}, MW_TRAP_MEM_OOB, 0, 0},
        {"chase", 1, {32}, MW_TRAP_MEM_OOB, 0, 0},
        {"chase", 1, {end - 3}, MW_TRAP_MEM_OOB, 0, 0},
        // pair_br: *a == *b
        {"pair_br", 2, {4, 4}, MW_OK, 1, 1},
        {"pair_br", 2, {4, 8}, MW_OK, 1, 2},
        {"pair_br", 2, {end - 4, end - 4}, MW_OK, 1, 1},
        {"pair_br", 2, {4, end - 3}, MW_TRAP_MEM_OOB, 0, 0},
        // rmw: *(a + 4) += 5, at 100 (wraps), at the last word, one past it, at 2^32
        {"wr32", 2, {100, 0xfffffffeu}, MW_OK, 0, 0},
        {"rmw", 1, {96}, MW_OK, 0, 0},
        {"rd32", 1, {100}, MW_OK, 1, 3},
        {"rd32", 1, {104}, MW_OK, 1, 0},
        {"rmw", 1, {end - 8}, MW_OK, 0, 0},
        {"rd32", 1, {end - 4}, MW_OK, 1, 0x01020309u},
        {"rmw", 1, {end - 7}, MW_TRAP_MEM_OOB, 0, 0},
        {"rd32", 1, {end - 4}, MW_OK, 1, 0x01020309u},
        {"rmw", 1, {0xfffffffcu}, MW_TRAP_MEM_OOB, 0, 0},
        {"rd32", 1, {0}, MW_OK, 1, 200},
        // rmw_sub: *a -= 7; rmw_tee: old << 16 | new, new = old + 9
        {"rmw_sub", 1, {100}, MW_OK, 0, 0},
        {"rd32", 1, {100}, MW_OK, 1, (uint32_t)-4},
        {"rmw_sub", 1, {end - 4}, MW_OK, 0, 0},
        {"rd32", 1, {end - 4}, MW_OK, 1, 0x01020302u},
        {"rmw_sub", 1, {end - 3}, MW_TRAP_MEM_OOB, 0, 0},
        {"wr32", 2, {108, 0x20}, MW_OK, 0, 0},
        {"rmw_tee", 1, {108}, MW_OK, 1, 0x20u << 16 | 0x29u},
        {"rd32", 1, {108}, MW_OK, 1, 0x29},
        {"rmw_tee", 1, {end - 3}, MW_TRAP_MEM_OOB, 0, 0},
        // pair_rmw: t = *a; *b += 3; t
        {"pair_rmw", 2, {4, 108}, MW_OK, 1, 1000},
        {"rd32", 1, {108}, MW_OK, 1, 0x2c},
        {"pair_rmw", 2, {end - 4, end - 4}, MW_OK, 1, 0x01020302u},
        {"rd32", 1, {end - 4}, MW_OK, 1, 0x01020305u},
        // rmw_other: *b = *a + 1, *(a + 8) = *(a + 4) + 1
        {"rmw_other", 2, {4, 120}, MW_OK, 0, 0},
        {"rd32", 1, {120}, MW_OK, 1, 1001},
        {"rd32", 1, {12}, MW_OK, 1, 8},
    };
    check_calls(rt, inst, rows, sizeof(rows) / sizeof(rows[0]));
}

// The same calls with the fused ops where lowering puts them (checked in
// the code; in the small profile, where lowering emits none, made by hand).
static void test_load_pair_rmw(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_ldpair, sizeof(wasm_ldpair), 0, &rt, &m);
    check_ldpair_calls(rt, inst);
    CHECK(count_op(inst, "pair", MW_OP_LOAD32_U_PAIR) == MW_FUSED_MEM);
    CHECK(count_op(inst, "chase", MW_OP_LOAD32_U_PAIR) == MW_FUSED_MEM);
    CHECK(count_op(inst, "pair_br", MW_OP_LOAD32_U_PAIR) == 0);
    CHECK(count_op(inst, "pair_br", MW_OP_LOAD32_U_BR_EQ) == MW_FUSED_MEM);
    CHECK(count_op(inst, "pair_rmw", MW_OP_LOAD32_U_PAIR) == 0);
    CHECK(count_op(inst, "pair_rmw", MW_OP_LOAD32_U_RMW) == MW_FUSED_MEM);
    CHECK(count_op(inst, "rmw", MW_OP_LOAD32_U_RMW) == MW_FUSED_MEM);
    CHECK(count_op(inst, "rmw_sub", MW_OP_LOAD32_U_RMW) == MW_FUSED_MEM);
    CHECK(count_op(inst, "rmw_tee", MW_OP_LOAD32_U_RMW) == MW_FUSED_MEM);
    CHECK(count_op(inst, "rmw_other", MW_OP_LOAD32_U_RMW) == 0);
    if (HAND_MEM) {
        fuse_load_at(inst, "pair", MW_OP_LOAD32_U_PAIR);
        fuse_load_at(inst, "chase", MW_OP_LOAD32_U_PAIR);
        fuse_load_at(inst, "rmw", MW_OP_LOAD32_U_RMW);
        fuse_load_at(inst, "rmw_sub", MW_OP_LOAD32_U_RMW);
        fuse_load_at(inst, "rmw_tee", MW_OP_LOAD32_U_RMW);
        fuse_load_at(inst, "pair_rmw", MW_OP_LOAD32_U_RMW);
        CHECK(count_op(inst, "pair", MW_OP_LOAD32_U_PAIR) == 1 && count_op(inst, "rmw", MW_OP_LOAD32_U_RMW) == 1);
        check_ldpair_calls(rt, inst);
    }
    close_inst(rt, m, inst);
}

static void test_fuel_and_poll(void) {
    mw_runtime *rt = new_rt(100);
    mw_module *m;
    mw_instance *inst = inst_of(rt, wasm_arith, sizeof(wasm_arith), NULL, 0, &m);
    uint32_t r;
    // count(n) uses 1 unit for the call and 1 per loop back-edge (n-1)
    uint32_t n[] = {10};
    int64_t fuel = 5;
    CHECK(call_i32(rt, inst, "count", 1, n, &r, &fuel) == MW_TRAP_FUEL);
    CHECK(fuel == 0);
    fuel = 1000;
    CHECK(call_i32(rt, inst, "count", 1, n, &r, &fuel) == MW_OK && r == 0);
    CHECK(fuel == 1000 - 10);
    fuel = 10;                    // exactly enough
    CHECK(call_i32(rt, inst, "count", 1, n, &r, &fuel) == MW_OK && fuel == 0);
    fuel = 9;                     // one short
    CHECK(call_i32(rt, inst, "count", 1, n, &r, &fuel) == MW_TRAP_FUEL);
    fuel = 10;                    // the counter branch's back-edges cost the same
    CHECK(call_i32(rt, inst, "count_tee", 1, n, &r, &fuel) == MW_OK && r == 0 && fuel == 0);
    fuel = 9;
    CHECK(call_i32(rt, inst, "count_tee", 1, n, &r, &fuel) == MW_TRAP_FUEL);
    // poll hook: called about every 100 units, can stop the call
    poll_calls = 0;
    uint32_t big[] = {100000};
    CHECK(call_i32(rt, inst, "count", 1, big, &r, NULL) == MW_OK);
    CHECK(poll_calls >= 900 && poll_calls <= 1100);
    poll_calls = 0;
    poll_stop_after = 3;
    CHECK(call_i32(rt, inst, "count", 1, big, &r, NULL) == MW_ERR_INTERRUPTED);
    poll_stop_after = -1;
    CHECK(call_i32(rt, inst, "count", 1, n, &r, NULL) == MW_OK);
    mw_instance_free(rt, inst);
    mw_module_free(rt, m);
    mw_runtime_free(rt);
}

static void test_memory_bounds(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_mem, sizeof(wasm_mem), 0, &rt, &m);
    uint32_t r, end = 2 * 65536;
    // start-1 (wraps), start, end-4, end-3 for a 4-byte load
    uint32_t a[][1] = {{0xffffffffu}, {0}, {end - 4}, {end - 3}, {end}};
    CHECK(call_i32(rt, inst, "load", 1, a[0], &r, NULL) == MW_TRAP_MEM_OOB);
    CHECK(call_i32(rt, inst, "load", 1, a[1], &r, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "load", 1, a[2], &r, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "load", 1, a[3], &r, NULL) == MW_TRAP_MEM_OOB);
    CHECK(call_i32(rt, inst, "load8", 1, a[4], &r, NULL) == MW_TRAP_MEM_OOB);
    // address + offset beyond 2^32 must not wrap around to a valid address
    uint32_t one[] = {1};
    CHECK(call_i32(rt, inst, "load_off", 1, one, &r, NULL) == MW_TRAP_MEM_OOB);
    uint32_t st[] = {end - 4, 0x11223344u};
    CHECK(call_i32(rt, inst, "store", 2, st, NULL, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "load", 1, a[2], &r, NULL) == MW_OK && r == 0x11223344u);
    // fill: end is fine with length 0, end+1 is not
    uint32_t f0[] = {end, 7, 0}, f1[] = {end + 1, 7, 0}, f2[] = {end - 1, 7, 2};
    CHECK(call_i32(rt, inst, "fill", 3, f0, NULL, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "fill", 3, f1, NULL, NULL) == MW_TRAP_MEM_OOB);
    CHECK(call_i32(rt, inst, "fill", 3, f2, NULL, NULL) == MW_TRAP_MEM_OOB);
    // grow to the max (4 pages) and one more
    uint32_t g1[] = {1}, g2[] = {1}, g3[] = {1};
    CHECK(call_i32(rt, inst, "grow", 1, g1, &r, NULL) == MW_OK && r == 2);
    CHECK(call_i32(rt, inst, "grow", 1, g2, &r, NULL) == MW_OK && r == 3);
    CHECK(call_i32(rt, inst, "grow", 1, g3, &r, NULL) == MW_OK && r == 0xffffffffu);
    CHECK(call_i32(rt, inst, "load", 1, a[2], &r, NULL) == MW_OK && r == 0x11223344u);
    CHECK(mw_memory_size(exp_of(inst, "mem").memory) == 4 * 65536);
    close_inst(rt, m, inst);
}

// memory.grow refused by the heap (the allocator's NULL: MW_GROW_NOMEM,
// counted per memory with the most pages one asked for, mw_memory_refused)
// and by the memory's type or the page limit (-1, not counted); wasm's
// memory.grow returns -1 for both, or with grow_raises the heap's refusal
// stops the call with MW_ERR_NOMEM, the report naming the memory and the
// pages asked for, the path as a trap's (engine_grow_refused.wat).
static void test_grow_refused(void) {
    mw_runtime *rt = new_rt(0);
    mw_module *m;
    mw_instance *inst = inst_of(rt, wasm_grow_refused, sizeof(wasm_grow_refused), NULL, 0, &m);
    CHECK(inst != NULL);
    mw_memory *mem = exp_of(inst, "memory").memory, *small = exp_of(inst, "small").memory;
    uint32_t r, pages = 99, kib[] = {1024}, one[] = {1}, most[] = {0xffffffffu}, sixteen[] = {16};
    CHECK(mw_memory_refused(mem, &pages) == 0 && pages == 0);
    any_cap = live_bytes + 1024;                      // room for 1 KiB more
    CHECK(call_i32(rt, inst, "grow", 1, kib, &r, NULL) == MW_OK && r == 1024);
    CHECK(call_i32(rt, inst, "grow", 1, one, &r, NULL) == MW_OK && r == 0xffffffffu);
    CHECK(mw_memory_refused(mem, &pages) == 1 && pages == 2049 && mw_memory_pages(mem) == 2048);
    CHECK(mw_memory_grow(rt, mem, 3000) == MW_GROW_NOMEM && mw_memory_pages(mem) == 2048);   // the embedder's grow
    CHECK(mw_memory_refused(mem, &pages) == 2 && pages == 5048);
    CHECK(call_i32(rt, inst, "grow", 1, one, &r, NULL) == MW_OK && r == 0xffffffffu);
    CHECK(mw_memory_refused(mem, &pages) == 3 && pages == 5048);  // the most asked for stays
    // past 2^32 - 1 pages, or memory 1's maximum of 32: -1, not counted
    CHECK(call_i32(rt, inst, "grow", 1, most, &r, NULL) == MW_OK && r == 0xffffffffu);
    CHECK(mw_memory_grow(rt, mem, 0xffffffffu) == -1 && mw_memory_refused(mem, &pages) == 3 && pages == 5048);
    any_cap = -1;
    CHECK(call_i32(rt, inst, "grow_small", 1, sixteen, &r, NULL) == MW_OK && r == 16);
    CHECK(call_i32(rt, inst, "grow_small", 1, one, &r, NULL) == MW_OK && r == 0xffffffffu);
    CHECK(mw_memory_grow(rt, small, 1) == -1 && mw_memory_refused(small, &pages) == 0 && pages == 0);
    mw_instance_free(rt, inst);

    // grow_raises: the heap's refusal stops the call (MW_GROW_RAISES; the
    // small profile ignores the option: -1); the type's is -1
    mw_inst_options opt = {0, NULL, true};
    CHECK(mw_instantiate(rt, m, NULL, &opt, &inst) == MW_OK);
    mem = exp_of(inst, "memory").memory;
    any_cap = live_bytes + 1024;
    CHECK(call_i32(rt, inst, "grow", 1, kib, &r, NULL) == MW_OK && r == 1024);
    #if MW_GROW_RAISES
    CHECK(call_i32(rt, inst, "grow", 1, one, &r, NULL) == MW_ERR_NOMEM);
    const mw_report *rep = mw_last_report(rt);
    CHECK(rep->status == MW_ERR_NOMEM && rep->offset == MW_REPORT_GROW && rep->index == 0 && rep->need == 2049);
    mw_trap_frame f;
    CHECK(mw_trap_trace(rt, 0, &f) == 1 && f.inst == inst && f.func == 0 && f.host == NULL);
    #else
    CHECK(call_i32(rt, inst, "grow", 1, one, &r, NULL) == MW_OK && r == 0xffffffffu);
    #endif
    CHECK(mw_memory_refused(mem, &pages) == 1 && pages == 2049 && mw_memory_pages(mem) == 2048);
    CHECK(call_i32(rt, inst, "grow", 1, most, &r, NULL) == MW_OK && r == 0xffffffffu);
    CHECK(call_i32(rt, inst, "grow_small", 1, most, &r, NULL) == MW_OK && r == 0xffffffffu);
    CHECK(call_i32(rt, inst, "pages", 0, NULL, &r, NULL) == MW_OK && r == 2048);   // usable after it
    any_cap = -1;
    close_inst(rt, m, inst);
}

// engine_edges.wat: every width at the end of memory. The interpreter's fast
// test (mw_ea_fast) sends the last 7 bytes to the slow path, which must still
// find them: each load at each of the last 16 addresses (and the end) gives
// the bytes there or traps exactly when it passes the end (start-1 / end /
// end+1 per width); a store at the end - w is read back byte for byte, one
// past it traps and writes nothing; an effective address at or past 2^32
// traps (a 32-bit sum would wrap to the bottom); stores of constants
// (STORE32_K, STORE64_K, and an i64 too wide for them) write the constant's
// bytes or trap the same way; after memory.grow the same at the new end (the
// cached limit follows the grow).
static uint32_t le_bytes(uint32_t first, uint32_t w) {
    uint32_t v = 0;
    for (uint32_t k = 0; k < w && k < 4; k++) {
        v |= (first + k) << (8 * k);
    }
    return v;
}

static void test_memory_edges(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_edges, sizeof(wasm_edges), 0, &rt, &m);
    static const char *const ld[] = {"ld8", "ld16", "ld32", "ld64_lo"};
    static const char *const st[] = {"st8", "st16", "st32", "st64"};
    for (uint32_t pages = 1; pages <= 2; pages++) {
        uint32_t end = pages * 65536, r = 0;
        for (uint32_t i = 0; i < 16; i++) {       // byte end - 16 + i = 0x10 + i
            uint32_t a[] = {end - 16 + i, 0x10 + i};
            CHECK(call_i32(rt, inst, "st8", 2, a, NULL, NULL) == MW_OK);
        }
        for (uint32_t k = 0; k < 4; k++) {
            uint32_t w = 1u << k;
            for (uint32_t i = 0; i <= 16; i++) {
                uint32_t a[] = {end - 16 + i};
                mw_status s = call_i32(rt, inst, ld[k], 1, a, &r, NULL);
                if (i + w > 16) {
                    CHECK(s == MW_TRAP_MEM_OOB);
                } else {
                    CHECK(s == MW_OK && r == le_bytes(0x10 + i, w));
                }
            }
        }
        for (uint32_t i = 0; i <= 8; i++) {
            uint32_t a[] = {end - 16 + i};
            CHECK(call_i32(rt, inst, "ld64_hi", 1, a, &r, NULL) == MW_OK && r == le_bytes(0x14 + i, 4));
        }
        uint32_t a9[] = {end - 7};
        CHECK(call_i32(rt, inst, "ld64_hi", 1, a9, &r, NULL) == MW_TRAP_MEM_OOB);
        for (uint32_t k = 0; k < 4; k++) {
            uint32_t w = 1u << k;
            uint32_t past[] = {end - w + 1, 0xa0a1a2a3u}, last[] = {end - w, 0xb0b1b2b3u + k};
            CHECK(call_i32(rt, inst, st[k], 2, past, NULL, NULL) == MW_TRAP_MEM_OOB);
            if (w > 1) {                          // the trapping store wrote nothing
                uint32_t b[] = {end - w + 1};
                CHECK(call_i32(rt, inst, "ld8", 1, b, &r, NULL) == MW_OK && r != 0xa3);
            }
            CHECK(call_i32(rt, inst, st[k], 2, last, NULL, NULL) == MW_OK);
            for (uint32_t j = 0; j < w; j++) {
                uint32_t b[] = {end - w + j};
                uint32_t want = ((0xb0b1b2b3u + k) >> (8 * (j % 4))) & 0xff;
                CHECK(call_i32(rt, inst, "ld8", 1, b, &r, NULL) == MW_OK && r == want);
            }
        }
        // offset 8: the effective address end - 4 is in; 2^32 - 4 + 8 is not,
        // nor the 33-bit sums whose low 32 bits are 0 and 4
        uint32_t o0[] = {end - 12}, o1[] = {end - 11}, o2[] = {0xfffffff8u}, o3[] = {0xfffffffcu};
        CHECK(call_i32(rt, inst, "ld32_off8", 1, o0, &r, NULL) == MW_OK);
        CHECK(call_i32(rt, inst, "ld32_off8", 1, o1, &r, NULL) == MW_TRAP_MEM_OOB);
        CHECK(call_i32(rt, inst, "ld32_off8", 1, o2, &r, NULL) == MW_TRAP_MEM_OOB);
        CHECK(call_i32(rt, inst, "ld32_off8", 1, o3, &r, NULL) == MW_TRAP_MEM_OOB);
        uint32_t so2[] = {0xfffffff8u, 1}, so3[] = {0xfffffffcu, 1};
        CHECK(call_i32(rt, inst, "st32_off8", 2, so2, NULL, NULL) == MW_TRAP_MEM_OOB);
        CHECK(call_i32(rt, inst, "st32_off8", 2, so3, NULL, NULL) == MW_TRAP_MEM_OOB);
        uint32_t z[] = {0};
        CHECK(call_i32(rt, inst, "ld32", 1, z, &r, NULL) == MW_OK && r == 0);     // bottom untouched
        uint32_t m0[] = {0}, m1[] = {1};
        CHECK(call_i32(rt, inst, "ld8_offmax", 1, m0, &r, NULL) == MW_TRAP_MEM_OOB);
        CHECK(call_i32(rt, inst, "ld8_offmax", 1, m1, &r, NULL) == MW_TRAP_MEM_OOB);
        // stores of constants (STORE32_K at offset 4, STORE64_K) at the end,
        // one past it, and past 2^32; their bytes read back
        uint32_t k0[] = {end - 8}, k1[] = {end - 7}, k2[] = {0xfffffffcu}, lo = 0, hi = 0;
        CHECK(call_i32(rt, inst, "stk32", 1, k0, NULL, NULL) == MW_OK);
        CHECK(call_i32(rt, inst, "stk32", 1, k1, NULL, NULL) == MW_TRAP_MEM_OOB);
        CHECK(call_i32(rt, inst, "stk32", 1, k2, NULL, NULL) == MW_TRAP_MEM_OOB);
        uint32_t e4[] = {end - 4};
        CHECK(call_i32(rt, inst, "ld32", 1, e4, &r, NULL) == MW_OK && r == 0xc0ffee11u);
        static const char *const stk[] = {"stk64", "stk64_wide", "stkf32", "stkf64"};
        static const uint32_t want_lo[] = {0xfffffffeu, 0x34567890u, 0x3fc00000u, 0}, want_hi[] = {0xffffffffu, 0x12, 0, 0x80000000u};
        for (uint32_t j = 0; j < 4; j++) {
            uint32_t z8[] = {end - 8, 0};
            CHECK(call_i32(rt, inst, "st64", 2, z8, NULL, NULL) == MW_OK);
            CHECK(call_i32(rt, inst, stk[j], 1, k0, NULL, NULL) == MW_OK);
            uint32_t past[] = {j == 2 ? end - 3 : end - 7};          // f32.store: 4 bytes
            CHECK(call_i32(rt, inst, stk[j], 1, past, NULL, NULL) == MW_TRAP_MEM_OOB);
            CHECK(call_i32(rt, inst, "ld64_lo", 1, k0, &lo, NULL) == MW_OK && lo == want_lo[j]);
            CHECK(call_i32(rt, inst, "ld64_hi", 1, k0, &hi, NULL) == MW_OK && hi == want_hi[j]);
        }
        // a constant's low byte and halfword (STORE8_K at offset 1, STORE16_K at
        // offset 2 in the full profile): 0x1ab's 0xab, -0x1234's 0xedcc; the
        // last byte's store in, one past the end out
        uint32_t z8[] = {end - 8, 0}, b1[] = {end - 2}, b2[] = {end - 1}, h1[] = {end - 4}, h2[] = {end - 3};
        CHECK(call_i32(rt, inst, "st64", 2, z8, NULL, NULL) == MW_OK);
        CHECK(call_i32(rt, inst, "stk8", 1, k0, NULL, NULL) == MW_OK);
        CHECK(call_i32(rt, inst, "stk16", 1, k0, NULL, NULL) == MW_OK);
        CHECK(call_i32(rt, inst, "ld64_lo", 1, k0, &lo, NULL) == MW_OK && lo == 0xedccab00u);
        CHECK(call_i32(rt, inst, "stk8", 1, b1, NULL, NULL) == MW_OK);
        CHECK(call_i32(rt, inst, "stk8", 1, b2, NULL, NULL) == MW_TRAP_MEM_OOB);
        CHECK(call_i32(rt, inst, "stk16", 1, h1, NULL, NULL) == MW_OK);
        CHECK(call_i32(rt, inst, "stk16", 1, h2, NULL, NULL) == MW_TRAP_MEM_OOB);
        CHECK(call_i32(rt, inst, "stk8", 1, k2, NULL, NULL) == MW_TRAP_MEM_OOB);
        CHECK(call_i32(rt, inst, "ld32", 1, e4, &r, NULL) == MW_OK && r == 0xedcc0000u);    // (end - 4 .. end - 1)
        CHECK(count_op(inst, "stk8", MW_OP_STORE8_K) == MW_FUSED_ARITH && count_op(inst, "stk16", MW_OP_STORE16_K) == MW_FUSED_ARITH);
        uint32_t g[] = {1};
        CHECK(pages == 2 || (call_i32(rt, inst, "grow", 1, g, &r, NULL) == MW_OK && r == 1));
    }
    close_inst(rt, m, inst);
}

// engine_bulk.wat: memory.copy and memory.fill in memory 0, every length
// 0..40 (the interpreter's inline copies up to 16 bytes: 1-3, 4-7, 8-16, then
// memmove/memset), copies overlapping each way by 0..9 bytes, against memmove
// and memset on a shadow of the memory; at the end: ranges ending at the end
// (the last 7 bytes: the exact slow path) run, one byte past traps and
// writes nothing, an address near 2^32 traps; a copy from memory 0 into
// memory 1 and a fill of memory 1 (no fast path); after memory.grow a range
// across the old end runs (the cached limit follows the grow).
static void bulk_check(mw_instance *inst, const uint8_t *shadow, uint32_t size, const char *what, uint32_t n) {
    mw_memory *mem = exp_of(inst, "mem").memory;
    if (mw_memory_size(mem) != size || memcmp(mw_memory_data(mem), shadow, size) != 0) {
        printf("FAIL bulk: %s n=%u: memory differs from memmove/memset's\n", what, (unsigned)n);
        failures++;
    }
}

static void test_bulk_small(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_bulk, sizeof(wasm_bulk), 0, &rt, &m);
    mw_memory *mem = exp_of(inst, "mem").memory;
    uint32_t size = 65536;
    uint8_t *shadow = malloc(2 * 65536);
    CHECK(shadow != NULL && mw_memory_size(mem) == size);
    for (uint32_t i = 0; i < size; i++) {
        shadow[i] = (uint8_t)(i * 7 + 1);
    }
    memcpy(mw_memory_data(mem), shadow, size);
    uint8_t *data = mw_memory_data(mem);
    for (uint32_t n = 0; n <= 40; n++) {
        for (int delta = -9; delta <= 9; delta++) {
            for (uint32_t i = 900; i < 1100; i++) {  // distinct bytes again: copies smear them
                data[i] = shadow[i] = (uint8_t)(i * 7 + n * 13 + (uint32_t)delta * 3 + 1);
            }
            uint32_t a[] = {(uint32_t)(1000 + delta), 1000, n};
            CHECK(call_i32(rt, inst, "copy", 3, a, NULL, NULL) == MW_OK);
            memmove(shadow + a[0], shadow + a[1], n);
            bulk_check(inst, shadow, size, "copy", n);
        }
        uint32_t f[] = {2000 + n, 0x100 + n, n};        // the value's low byte only
        CHECK(call_i32(rt, inst, "fill", 3, f, NULL, NULL) == MW_OK);
        memset(shadow + f[0], (int)n, n);
        bulk_check(inst, shadow, size, "fill", n);
    }
    // the end: [end - n, end) runs for every n, one byte further traps
    for (uint32_t n = 0; n <= 20; n++) {
        uint32_t c[] = {size - n, 3000, n}, cs[] = {4000, size - n, n}, fl[] = {size - n, 0xa5, n};
        CHECK(call_i32(rt, inst, "copy", 3, c, NULL, NULL) == MW_OK);
        memmove(shadow + c[0], shadow + c[1], n);
        CHECK(call_i32(rt, inst, "copy", 3, cs, NULL, NULL) == MW_OK);
        memmove(shadow + cs[0], shadow + cs[1], n);
        CHECK(call_i32(rt, inst, "fill", 3, fl, NULL, NULL) == MW_OK);
        memset(shadow + fl[0], 0xa5, n);
        uint32_t c1[] = {size - n + 1, 3000, n}, cs1[] = {4000, size - n + 1, n}, fl1[] = {size - n + 1, 0x5a, n};
        CHECK(call_i32(rt, inst, "copy", 3, c1, NULL, NULL) == MW_TRAP_MEM_OOB);
        CHECK(call_i32(rt, inst, "copy", 3, cs1, NULL, NULL) == MW_TRAP_MEM_OOB);
        CHECK(call_i32(rt, inst, "fill", 3, fl1, NULL, NULL) == MW_TRAP_MEM_OOB);
        bulk_check(inst, shadow, size, "end", n);
    }
    uint32_t wrap_c[] = {0xfffffff8u, 0, 16}, wrap_s[] = {0, 0xfffffff8u, 16}, wrap_f[] = {0xfffffff8u, 1, 16};
    CHECK(call_i32(rt, inst, "copy", 3, wrap_c, NULL, NULL) == MW_TRAP_MEM_OOB);
    CHECK(call_i32(rt, inst, "copy", 3, wrap_s, NULL, NULL) == MW_TRAP_MEM_OOB);
    CHECK(call_i32(rt, inst, "fill", 3, wrap_f, NULL, NULL) == MW_TRAP_MEM_OOB);
    bulk_check(inst, shadow, size, "wrap", 16);
    // memory 1: copied into from memory 0, filled; memory 0 unchanged
    const uint8_t *m1 = mw_memory_data(exp_of(inst, "mem1").memory);
    uint32_t c10[] = {100, 1000, 12}, f1[] = {200, 0x33, 5};
    CHECK(call_i32(rt, inst, "copy10", 3, c10, NULL, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "fill1", 3, f1, NULL, NULL) == MW_OK);
    CHECK(memcmp(m1 + 100, shadow + 1000, 12) == 0 && m1[200] == 0x33 && m1[204] == 0x33 && m1[205] == 0);
    bulk_check(inst, shadow, size, "memory 1", 12);
    // grown: 16 bytes across the old end run now
    uint32_t g[] = {1}, r = 0;
    CHECK(call_i32(rt, inst, "grow", 1, g, &r, NULL) == MW_OK && r == 1);
    memset(shadow + size, 0, size);
    size *= 2;
    uint32_t across[] = {65536 - 8, 5000, 16}, fill_across[] = {65536 - 4, 0x77, 16};
    CHECK(call_i32(rt, inst, "copy", 3, across, NULL, NULL) == MW_OK);
    memmove(shadow + across[0], shadow + across[1], 16);
    CHECK(call_i32(rt, inst, "fill", 3, fill_across, NULL, NULL) == MW_OK);
    memset(shadow + fill_across[0], 0x77, 16);
    bulk_check(inst, shadow, size, "grown", 16);
    free(shadow);
    close_inst(rt, m, inst);
}

// engine_edges_small.wat: 5 bytes of memory, fewer than the widest access, so
// the fast test admits nothing and the slow path decides every access; the
// same after growing to 8 bytes.
static void test_memory_edges_small(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_edges_small, sizeof(wasm_edges_small), 0, &rt, &m);
    uint32_t r = 0;
    for (uint32_t size = 5; size <= 8; size += 3) {
        for (uint32_t i = 0; i < size; i++) {
            uint32_t a[] = {i, 0x30 + i};
            CHECK(call_i32(rt, inst, "st8", 2, a, NULL, NULL) == MW_OK);
        }
        uint32_t e[] = {size, 1};
        CHECK(call_i32(rt, inst, "st8", 2, e, NULL, NULL) == MW_TRAP_MEM_OOB);
        uint32_t a0[] = {0}, al[] = {size - 4}, ap[] = {size - 3}, a16[] = {size - 2}, a16p[] = {size - 1};
        CHECK(call_i32(rt, inst, "ld32", 1, a0, &r, NULL) == MW_OK && r == 0x33323130u);
        CHECK(call_i32(rt, inst, "ld32", 1, al, &r, NULL) == MW_OK && r == le_bytes(0x30 + size - 4, 4));
        CHECK(call_i32(rt, inst, "ld32", 1, ap, &r, NULL) == MW_TRAP_MEM_OOB);
        CHECK(call_i32(rt, inst, "ld16", 1, a16, &r, NULL) == MW_OK && r == le_bytes(0x30 + size - 2, 2));
        CHECK(call_i32(rt, inst, "ld16", 1, a16p, &r, NULL) == MW_TRAP_MEM_OOB);
        uint32_t s0[] = {size - 4, 0x01020304u}, s1[] = {size - 3, 0x01020304u};
        CHECK(call_i32(rt, inst, "st32", 2, s0, NULL, NULL) == MW_OK);
        CHECK(call_i32(rt, inst, "st32", 2, s1, NULL, NULL) == MW_TRAP_MEM_OOB);
        CHECK(call_i32(rt, inst, "ld32", 1, al, &r, NULL) == MW_OK && r == 0x01020304u);
        uint32_t g[] = {3};
        CHECK(size == 8 || (call_i32(rt, inst, "grow", 1, g, &r, NULL) == MW_OK && r == 5));
    }
    close_inst(rt, m, inst);
}

static void test_memory_limit(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_mem, sizeof(wasm_mem), 70000, &rt, &m);
    uint32_t r;
    CHECK(call_i32(rt, inst, "size", 0, NULL, &r, NULL) == MW_OK && r == 2);
    CHECK(mw_memory_size(exp_of(inst, "mem").memory) == 70000);
    uint32_t in[] = {69999}, out[] = {70000}, edge[] = {69996}, over[] = {69997};
    CHECK(call_i32(rt, inst, "load8", 1, in, &r, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "load8", 1, out, &r, NULL) == MW_TRAP_MEM_OOB);
    CHECK(call_i32(rt, inst, "load", 1, edge, &r, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "load", 1, over, &r, NULL) == MW_TRAP_MEM_OOB);
    // growing keeps the allocation at the limit
    uint32_t g[] = {1};
    CHECK(call_i32(rt, inst, "grow", 1, g, &r, NULL) == MW_OK && r == 2);
    CHECK(mw_memory_size(exp_of(inst, "mem").memory) == 70000);
    CHECK(mw_instance_ram(inst) < 1024);
    close_inst(rt, m, inst);
}

static void test_small_pages(void) {
    mw_runtime *rt;
    mw_module *m;
    mw_instance *inst = open_inst(wasm_small, sizeof(wasm_small), 0, &rt, &m);
    uint32_t r, in[] = {99}, out[] = {100}, g[] = {50}, g2[] = {51};
    CHECK(call_i32(rt, inst, "size", 0, NULL, &r, NULL) == MW_OK && r == 100);
    CHECK(call_i32(rt, inst, "load8", 1, in, &r, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "load8", 1, out, &r, NULL) == MW_TRAP_MEM_OOB);
    CHECK(call_i32(rt, inst, "grow", 1, g, &r, NULL) == MW_OK && r == 100);
    CHECK(call_i32(rt, inst, "load8", 1, out, &r, NULL) == MW_OK);
    CHECK(call_i32(rt, inst, "grow", 1, g2, &r, NULL) == MW_OK && r == 0xffffffffu);
    CHECK(mw_memory_size(exp_of(inst, "mem").memory) == 150);
    close_inst(rt, m, inst);
}

// ---- host functions and re-entrancy ----

static mw_runtime *host_rt;
static mw_instance *host_inst;
static int host_depth;

static mw_status cb_double_via_wasm(void *ctx, mw_func *self, mw_val *slots) {
    (void)ctx;
    (void)self;
    if (slots[0].i32 == 666) {
        return MW_ERR_HOST;       // the embedder's own failure
    }
    if (slots[0].i32 >= 1000) {   // recurse: wasm -> host -> wasm -> host ...
        mw_val a, r;
        a.i64 = slots[0].i32 - 1;
        host_depth++;
        mw_status st = mw_call(host_rt, exp_of(host_inst, "call_cb").func, &a, &r, NULL);
        if (st != MW_OK) {
            return st;
        }
        slots[0] = r;
        return MW_OK;
    }
    mw_val a, r;
    a.i64 = slots[0].i32;
    mw_status st = mw_call(host_rt, exp_of(host_inst, "twice").func, &a, &r, NULL);
    slots[0] = r;
    return st;
}

// wasm_host on a new runtime with one (i32) -> i32 host function, cb, as its
// import; host_rt and host_inst point at them for the callbacks.
typedef struct {
    mw_runtime *rt;
    functype_buf type;
    mw_import im[1];
    mw_module *m;
    mw_instance *inst;
} host_fixture;

static void host_fixture_open(host_fixture *h, mw_host_fn cb) {
    h->rt = host_rt = new_rt(0);
    memset(h->im, 0, sizeof(h->im));
    mw_func_new_host(h->rt, functype_i32_to_i32(&h->type), cb, NULL, &h->im[0].func);
    h->inst = host_inst = inst_of(h->rt, wasm_host, sizeof(wasm_host), h->im, 0, &h->m);
}

static void host_fixture_close(host_fixture *h) {
    mw_func_free(h->rt, h->im[0].func);
    mw_instance_free(h->rt, h->inst);
    mw_module_free(h->rt, h->m);
    mw_runtime_free(h->rt);
}

static void test_host(void) {
    host_fixture h;
    host_fixture_open(&h, cb_double_via_wasm);
    mw_runtime *rt = h.rt;
    mw_instance *inst = h.inst;
    uint32_t r, a[] = {21}, bad[] = {666}, deep[] = {1003}, toodeep[] = {1100};
    CHECK(call_i32(rt, inst, "call_cb", 1, a, &r, NULL) == MW_OK && r == 42);
    CHECK(call_i32(rt, inst, "call_cb", 1, bad, &r, NULL) == MW_ERR_HOST);
    CHECK(call_i32(rt, inst, "call_cb", 1, deep, &r, NULL) == MW_OK && r == 999 * 2);
    CHECK(call_i32(rt, inst, "call_cb", 1, toodeep, &r, NULL) == MW_TRAP_STACK);
    // call_indirect: slot 0 holds the host function, slot 1 is null, 2 is out
    uint32_t i0[] = {5, 0}, i1[] = {5, 1}, i2[] = {5, 2};
    CHECK(call_i32(rt, inst, "indirect", 2, i0, &r, NULL) == MW_OK && r == 10);
    CHECK(call_i32(rt, inst, "indirect", 2, i1, &r, NULL) == MW_TRAP_UNINIT_ELEM);
    CHECK(call_i32(rt, inst, "indirect", 2, i2, &r, NULL) == MW_TRAP_UNDEF_ELEM);
    // a host function of the wrong type does not link
    mw_func *good = h.im[0].func;
    h.type.ft.types[1] = MW_I64;
    mw_func_new_host(rt, &h.type.ft, cb_double_via_wasm, NULL, &h.im[0].func);
    mw_instance *bad_inst = NULL;
    CHECK(mw_instantiate(rt, h.m, h.im, NULL, &bad_inst) == MW_ERR_LINK && bad_inst == NULL);
    CHECK(mw_last_report(rt)->index == 0);
    mw_func_free(rt, good);
    host_fixture_close(&h);
}

static mw_status cb_down(void *ctx, mw_func *self, mw_val *slots) {
    (void)ctx;
    (void)self;
    mw_val a = slots[0], r;
    mw_status st = mw_call(host_rt, exp_of(host_inst, "down").func, &a, &r, NULL);
    slots[0] = r;
    return st;
}

// The call stack's limit traps at the same depth whether or not a host
// function's nested calls raised the stacks' high-water marks beneath a
// running frame (exec.c keeps copies of them: MW_CALL_HW_COPY).
static void test_stack_marks_reentry(void) {
    host_fixture h;
    host_fixture_open(&h, cb_down);
    mw_runtime *rt = h.rt;
    mw_instance *inst = h.inst;
    uint32_t r = 0, k = 0, n[1];
    for (n[0] = 0; n[0] < 200; n[0]++) {
        mw_status st = call_i32(rt, inst, "down", 1, n, &r, NULL);
        if (st != MW_OK) {
            CHECK(st == MW_TRAP_STACK);
            break;
        }
        CHECK(r == n[0]);
        k = n[0];
    }
    CHECK(k > 10 && k < 100);     // new_rt: 100 frames
    uint32_t shallow[] = {0, k - 1}, deep[] = {k - 2, k - 1}, over[] = {0, k}, deep_over[] = {k - 2, k};
    CHECK(call_i32(rt, inst, "then_down", 2, shallow, &r, NULL) == MW_OK && r == k - 1);
    CHECK(call_i32(rt, inst, "then_down", 2, deep, &r, NULL) == MW_OK && r == k - 1);
    CHECK(call_i32(rt, inst, "then_down", 2, over, &r, NULL) == MW_TRAP_STACK);
    CHECK(call_i32(rt, inst, "then_down", 2, deep_over, &r, NULL) == MW_TRAP_STACK);
    host_fixture_close(&h);
}

// Every allocation failing in turn: the engine reports out of memory and
// leaks nothing.
static void test_out_of_memory(void) {
    int ok_runs = 0;
    for (long k = 0; k < 200; k++) {
        alloc_count = 0;
        fail_at = k;
        long before = live_blocks;
        mw_runtime *rt = new_rt(0);
        if (rt == NULL) {
            CHECK(live_blocks == before);
            continue;
        }
        mw_status st;
        mw_module *m;
        st = mw_module_load(rt, wasm_mem, sizeof(wasm_mem), (uint32_t)(k & 1), &m);
        if (st != MW_OK) {
            CHECK(st == MW_ERR_NOMEM);
        } else {
            mw_instance *inst = NULL;
            st = mw_instantiate(rt, m, NULL, NULL, &inst);
            if (st == MW_OK) {
                uint32_t r, a[] = {0};
                st = call_i32(rt, inst, "load", 1, a, &r, NULL);
                CHECK(st == MW_OK || st == MW_ERR_NOMEM);
                ok_runs += st == MW_OK;
                mw_instance_free(rt, inst);
            } else {
                CHECK(st == MW_ERR_NOMEM && inst == NULL);
            }
            mw_module_free(rt, m);
        }
        mw_runtime_free(rt);
        CHECK(live_blocks == before);
    }
    fail_at = -1;
    CHECK(ok_runs > 0);
}

// Load, instantiate, call and free several modules (and the malformed and
// out-of-memory runs above): the allocator counts any free or resize whose
// old_size is not the block's size; none may happen, and nothing may leak.
static void test_alloc_sizes(void) {
    static const struct {
        const unsigned char *b;
        size_t n;
    } mods[] = {
        {wasm_arith, sizeof(wasm_arith)}, {wasm_mem, sizeof(wasm_mem)}, {wasm_small, sizeof(wasm_small)},
        {wasm_ram, sizeof(wasm_ram)}, {wasm_tab_a, sizeof(wasm_tab_a)},
    };
    long before = live_blocks, bytes_before = live_bytes;
    mw_runtime *rt = new_rt(0);
    {   // the first call allocates the runtime's stacks: not the instance's RAM
        mw_module *m;
        mw_instance *inst = inst_of(rt, wasm_ram, sizeof(wasm_ram), NULL, 0, &m);
        uint32_t r = 0;
        CHECK(inst && call_i32(rt, inst, "seven", 0, NULL, &r, NULL) == MW_OK && r == 7);
        mw_instance_free(rt, inst);
        mw_module_free(rt, m);
    }
    for (size_t i = 0; i < sizeof(mods) / sizeof(mods[0]); i++) {
        for (uint32_t flags = 0; flags < 2; flags++) {   // copied and borrowed data
            long at_load = live_bytes;
            mw_module *m;
            mw_module_load(rt, mods[i].b, mods[i].n, flags, &m);
            CHECK(m != NULL);
            // the RAM counts are what the allocator saw (linear memory apart)
            CHECK((long)mw_module_ram(m) == live_bytes - at_load);
            mw_instance *inst = NULL;
            long at_inst = live_bytes;
            CHECK(mw_instantiate(rt, m, NULL, NULL, &inst) == MW_OK);
            long linear = 0;
            for (uint32_t k = 0; k < mw_module_num_exports(m); k++) {
                mw_extern_desc d;
                mw_module_export(m, k, &d);
                if (d.kind == MW_KIND_FUNC && d.func->nparams <= 4) {
                    mw_import e;
                    mw_val args[4] = {{0}}, res[4];
                    mw_instance_export(inst, k, &e);
                    int64_t fuel = 1000;
                    mw_call(rt, e.func, args, res, &fuel);   // traps are fine here
                }
                if (d.kind == MW_KIND_MEMORY) {
                    mw_import e;
                    mw_instance_export(inst, k, &e);
                    mw_memory_grow(rt, e.memory, 1);
                    linear += mw_memory_size(e.memory) ? (long)mw_memory_size(e.memory) : 1;
                }
                if (d.kind == MW_KIND_TABLE) {
                    mw_import e;
                    mw_instance_export(inst, k, &e);
                    mw_table_grow(rt, e.table, 3, NULL);
                }
            }
            CHECK((long)mw_instance_ram(inst) == live_bytes - at_inst - linear);
            mw_instance_free(rt, inst);
            mw_module_free(rt, m);
        }
    }
    // a module cut short at every length: freed half-loaded
    for (size_t n = 0; n < sizeof(wasm_arith); n++) {
        mw_module *m;
        mw_module_load(rt, wasm_arith, n, 0, &m);
        mw_module_free(rt, m);
    }
    mw_runtime_free(rt);
    CHECK(live_blocks == before && live_bytes == bytes_before);
    CHECK(size_mismatches == 0);
}

// m instantiated, its export "f" called once (MW_OK), the instance freed
static void runs_f(mw_runtime *rt, mw_module *m) {
    mw_instance *inst = NULL;
    CHECK(m != NULL && mw_instantiate(rt, m, NULL, NULL, &inst) == MW_OK);
    if (inst != NULL) {
        CHECK(mw_call(rt, exp_of(inst, "f").func, NULL, NULL, NULL) == MW_OK);
        mw_instance_free(rt, inst);
    }
}

// (module (func (export "f") (local i64 x nlocals))), built here: the size of
// a function's frame against the runtime's value stack (issue 17, 5c).
static size_t locals_module(unsigned char *b, uint32_t nlocals) {
    static const unsigned char head[] = {
        0, 'a', 's', 'm', 1, 0, 0, 0,
        0x01, 0x04, 0x01, 0x60, 0x00, 0x00,            // type 0: [] -> []
        0x03, 0x02, 0x01, 0x00,                        // func 0: type 0
        0x07, 0x05, 0x01, 0x01, 'f', 0x00, 0x00,       // export "f"
    };
    unsigned char body[16];
    size_t n = 0;
    body[n++] = 0x01;                                  // one group of locals
    do {
        body[n++] = (unsigned char)((nlocals & 0x7f) | (nlocals > 0x7f ? 0x80 : 0));
        nlocals >>= 7;
    } while (nlocals);
    body[n++] = 0x7e;                                  // i64
    body[n++] = 0x0b;                                  // end
    size_t k = sizeof(head);
    memcpy(b, head, k);
    b[k++] = 0x0a;                                     // code section
    b[k++] = (unsigned char)(n + 2);
    b[k++] = 0x01;
    b[k++] = (unsigned char)n;
    memcpy(b + k, body, n);
    return k + n;
}

static void test_frame_fits_value_stack(void) {
    unsigned char b[64];
    // the default stack: 20000 i64 locals are within MW_MAX_LOCALS (50000)
    // but not within the value stack, so the function is refused at load,
    // a lazy load too (which validates without lowering)
    mw_runtime *rt = stack_rt(0);
    size_t n = locals_module(b, 20000);
    mw_module *m;
    CHECK(mw_module_load(rt, b, n, MW_LOAD_LAZY, &m) == MW_ERR_INVALID && m == NULL);
    CHECK(mw_last_report(rt)->msg != NULL
        && strcmp(mw_last_report(rt)->msg, "function frame exceeds the value stack (mw_config.stack_slots)") == 0);
    CHECK(mw_last_report(rt)->offset == 29);
    CHECK(mw_module_load(rt, b, n, 0, &m) == MW_ERR_INVALID && m == NULL);
    CHECK(mw_last_report(rt)->msg != NULL
        && strcmp(mw_last_report(rt)->msg, "function frame exceeds the value stack (mw_config.stack_slots)") == 0);
    CHECK(mw_last_report(rt)->offset == 29);           // the body's first byte
    mw_runtime_free(rt);
    // a board-sized stack of 1024 slots: the largest frame that fits runs,
    // one more local is refused
    rt = stack_rt(1024);
    n = locals_module(b, 1024);
    mw_module_load(rt, b, n, 0, &m);
    runs_f(rt, m);
    mw_module_free(rt, m);
    n = locals_module(b, 1025);
    CHECK(mw_module_load(rt, b, n, 0, &m) == MW_ERR_INVALID && m == NULL);
    mw_runtime_free(rt);
    CHECK(live_blocks == 0 && size_mismatches == 0);
}

// A frame of exactly the value stack's slots, in a function whose few
// locals are read unassigned: its call zeroes a whole MW_ZERO_STEP of slots
// from its first local (exec.c CALL_BODY), past its frame's top, which
// must not make the frame larger than the stack: `(param i64 x nparams)
// (result i64) (local i64) local.get nparams` (the frame nparams + 2: the
// local and local.get's operand) loads and runs with a stack of that many
// slots, as before the span was rounded (session 41), and is refused with
// one slot less; nparams 0 has the frame at the stack's very start, 2 at
// an offset.
static size_t read_unassigned_module(unsigned char *b, uint32_t nparams) {
    size_t k = 0;
    static const unsigned char magic[] = {0, 'a', 's', 'm', 1, 0, 0, 0};
    memcpy(b, magic, sizeof(magic));
    k += sizeof(magic);
    b[k++] = 0x01;                                     // type section
    b[k++] = (unsigned char)(5 + nparams);
    b[k++] = 0x01;
    b[k++] = 0x60;
    b[k++] = (unsigned char)nparams;
    for (uint32_t i = 0; i < nparams; i++) {
        b[k++] = 0x7e;                                 // i64
    }
    b[k++] = 0x01;
    b[k++] = 0x7e;
    static const unsigned char rest[] = {
        0x03, 0x02, 0x01, 0x00,                        // func 0: type 0
        0x07, 0x05, 0x01, 0x01, 'f', 0x00, 0x00,       // export "f"
        0x0a, 0x08, 0x01, 0x06,                        // code: one body of 6 bytes
        0x01, 0x01, 0x7e,                              // one i64 local
    };
    memcpy(b + k, rest, sizeof(rest));
    k += sizeof(rest);
    b[k++] = 0x20;                                     // local.get nparams
    b[k++] = (unsigned char)nparams;
    b[k++] = 0x0b;                                     // end
    return k;
}

static void test_zeroed_frame_at_stack_edge(void) {
    unsigned char b[64];
    for (uint32_t nparams = 0; nparams <= 2; nparams += 2) {
        size_t n = read_unassigned_module(b, nparams);
        for (uint32_t flags = 0; flags <= MW_LOAD_LAZY; flags += MW_LOAD_LAZY) {
            mw_runtime *rt = stack_rt(nparams + 2);
            mw_module *m = NULL;
            CHECK(mw_module_load(rt, b, n, flags, &m) == MW_OK && m != NULL);
            mw_instance *inst = NULL;
            CHECK(m != NULL && mw_instantiate(rt, m, NULL, NULL, &inst) == MW_OK);
            if (inst != NULL) {
                mw_val args[2] = {{.i64 = -1}, {.i64 = -1}}, r[1] = {{.i64 = 7}};
                // twice: the second call finds the slots the first left -1
                for (int i = 0; i < 2; i++) {
                    CHECK(mw_call(rt, exp_of(inst, "f").func, args, r, NULL) == MW_OK && r[0].i64 == 0);
                }
                mw_instance_free(rt, inst);
            }
            mw_module_free(rt, m);
            mw_runtime_free(rt);
            rt = stack_rt(nparams + 1);
            CHECK(mw_module_load(rt, b, n, flags, &m) == MW_ERR_INVALID && m == NULL);
            CHECK(mw_last_report(rt)->msg != NULL
                && strcmp(mw_last_report(rt)->msg, "function frame exceeds the value stack (mw_config.stack_slots)") == 0);
            mw_runtime_free(rt);
        }
    }
    // a local no instruction reads, a frame of one slot: until it is
    // lowered (lazy) a call zeroes every local, and validation's span is
    // none for a body with no local.get, so no step grows the frame (a
    // span of four from the local would end three past it); two locals
    // in one slot are refused
    size_t n = locals_module(b, 1);
    for (uint32_t flags = 0; flags <= MW_LOAD_LAZY; flags += MW_LOAD_LAZY) {
        mw_runtime *rt = stack_rt(1);
        mw_module *m = NULL;
        CHECK(mw_module_load(rt, b, n, flags, &m) == MW_OK && m != NULL);
        runs_f(rt, m);
        mw_module_free(rt, m);
        mw_runtime_free(rt);
        rt = stack_rt(1);
        CHECK(mw_module_load(rt, b, locals_module(b, 2), flags, &m) == MW_ERR_INVALID && m == NULL);
        mw_runtime_free(rt);
        n = locals_module(b, 1);
    }
    CHECK(live_blocks == 0 && size_mismatches == 0);
}

// ---- the stacks as the allocator hands them out (mw_config.alloc_zeroes) ----------

// true if each byte of the slots and frames the marks have not reached
// (runtime.c mw_stacks_ready: between calls they are at the bottom) is `byte`
static bool stacks_above_marks_are(const mw_runtime *rt, uint8_t byte) {
    const uint8_t *p = (const uint8_t *)rt->slots_hw;
    for (; p < (const uint8_t *)rt->stack_end; p++) {
        if (*p != byte) {
            return false;
        }
    }
    for (p = (const uint8_t *)rt->frames_hw; p < (const uint8_t *)rt->frames_end; p++) {
        if (*p != byte) {
            return false;
        }
    }
    return rt->slots_hw == rt->stack && rt->frames_hw == rt->frames;
}

// The stacks come from t_alloc as 0xa5 garbage. Without alloc_zeroes the
// engine zeroes them when it makes them: between calls every slot and frame
// is zero. With it (the promise kept for every other block, zero_fresh) the
// engine writes none of the slots it has not reached: they stay the
// allocator's. Either way a local read before it is written reads 0, in
// slots another frame left -1 in or in the allocator's (engine_zero_locals.wat
// run: 0), eagerly lowered and lazily.
static void test_alloc_zeroes(void) {
    for (int zeroes = 0; zeroes < 2; zeroes++) {
        for (uint32_t flags = 0; flags <= MW_LOAD_LAZY; flags += MW_LOAD_LAZY) {
            mw_config cfg;
            memset(&cfg, 0, sizeof(cfg));
            cfg.alloc = t_alloc;
            cfg.stack_slots = 1000;
            cfg.alloc_zeroes = zeroes;
            zero_fresh = zeroes;
            garbage_size = (1000 + MW_ZERO_SPARE) * sizeof(mw_val);    // the slots' block (runtime.c STACK_BYTES)
            mw_runtime *rt = NULL;
            mw_module *m = NULL;
            mw_instance *inst = NULL;
            CHECK(mw_runtime_new(&cfg, &rt) == MW_OK);
            CHECK(mw_module_load(rt, wasm_zero_locals, sizeof(wasm_zero_locals), flags, &m) == MW_OK);
            CHECK(mw_instantiate(rt, m, NULL, NULL, &inst) == MW_OK);
            mw_func *run = exp_of(inst, "run").func;
            for (uint32_t depth = 0; depth < 40; depth += 13) {
                mw_val a = {.i64 = depth}, r = {.i64 = -1};
                CHECK(mw_call(rt, run, &a, &r, NULL) == MW_OK && r.i64 == 0);
                CHECK(stacks_above_marks_are(rt, 0) == !zeroes);
                // what the calls reached zeroed at their end (mw_stacks_clear);
                // the last slot, which none reached, as the allocator left it
                // only where it promised zero
                CHECK(rt->stack[0].i64 == 0);
                CHECK(*(const uint8_t *)(rt->stack_end - 1) == (zeroes ? 0xa5 : 0));
            }
            mw_instance_free(rt, inst);
            mw_module_free(rt, m);
            mw_runtime_free(rt);
            zero_fresh = false;
            CHECK(live_blocks == 0 && size_mismatches == 0);
        }
    }
}

// mw_runtime_set_stacks: the stacks are freed at once and allocated again at
// the next call with the new sizes; loads check frames against the new value
// stack, code lowered before traps; not inside a call, not zero.
static void test_set_stacks(void) {
    unsigned char b[64];
    mw_runtime *rt = stack_rt(0);
    uint32_t slots, frames;
    mw_runtime_stacks(rt, &slots, &frames);
    CHECK(slots == MW_DEFAULT_STACK_SLOTS && frames == MW_DEFAULT_MAX_FRAMES);
    mw_module *m = NULL;
    mw_instance *inst = NULL;
    mw_module_load(rt, b, locals_module(b, 300), 0, &m);
    CHECK(m != NULL && mw_instantiate(rt, m, NULL, NULL, &inst) == MW_OK);
    long bytes_before = live_bytes;
    CHECK(mw_call(rt, exp_of(inst, "f").func, NULL, NULL, NULL) == MW_OK);
    CHECK(live_bytes > bytes_before);                  // the stacks
    CHECK(mw_runtime_set_stacks(rt, 0, 8) == MW_ERR_ARG);
    CHECK(mw_runtime_set_stacks(rt, 256, 0) == MW_ERR_ARG);
    CHECK(mw_runtime_set_stacks(rt, 256, 8) == MW_OK);
    CHECK(live_bytes == bytes_before);                 // freed at once
    mw_runtime_stacks(rt, &slots, &frames);
    CHECK(slots == 256 && frames == 8);
    CHECK(mw_call(rt, exp_of(inst, "f").func, NULL, NULL, NULL) == MW_TRAP_STACK);
    CHECK(live_bytes == bytes_before + (long)((256 + MW_ZERO_SPARE) * sizeof(mw_val) + MW_FRAMES_BYTES(8)));
    mw_instance_free(rt, inst);
    mw_module_free(rt, m);
    CHECK(mw_module_load(rt, b, locals_module(b, 300), 0, &m) == MW_ERR_INVALID && m == NULL);
    mw_module_load(rt, b, locals_module(b, 256), 0, &m);
    inst = NULL;
    CHECK(m != NULL && mw_instantiate(rt, m, NULL, NULL, &inst) == MW_OK);
    if (inst != NULL) {
        CHECK(mw_call(rt, exp_of(inst, "f").func, NULL, NULL, NULL) == MW_OK);
        // stacks the allocator refuses: the report says so and how large
        CHECK(mw_runtime_set_stacks(rt, 256, 8) == MW_OK);
        any_cap = live_bytes + 1024;
        CHECK(mw_call(rt, exp_of(inst, "f").func, NULL, NULL, NULL) == MW_ERR_NOMEM);
        CHECK(mw_last_report(rt)->status == MW_ERR_NOMEM && mw_last_report(rt)->index == MW_REPORT_STACKS
            && mw_last_report(rt)->need == (256 + MW_ZERO_SPARE) * sizeof(mw_val) + MW_FRAMES_BYTES(8));
        any_cap = -1;
        CHECK(mw_call(rt, exp_of(inst, "f").func, NULL, NULL, NULL) == MW_OK);
        mw_instance_free(rt, inst);
    }
    mw_module_free(rt, m);
    mw_runtime_free(rt);
    CHECK(live_blocks == 0 && size_mismatches == 0);
}

// mw_runtime_init: a runtime in storage the embedder gives (the binding's
// static one). Too small: MW_ERR_ARG and *out NULL. Set up, it allocates
// nothing of its own: its stacks are its only blocks, made by the first call
// and given back by mw_runtime_set_stacks with the sizes they have (what the
// binding does once no instance is left), then made again by the next call.
static void test_runtime_init(void) {
    static uint64_t mem[MW_RUNTIME_BYTES / sizeof(uint64_t)];
    mw_config cfg;
    memset(&cfg, 0, sizeof(cfg));
    cfg.alloc = t_alloc;
    mw_runtime *rt = (mw_runtime *)(void *)mem;   // (the failure must write NULL)
    CHECK(mw_runtime_init(&cfg, mem, sizeof(mw_runtime) - 1, &rt) == MW_ERR_ARG && rt == NULL);
    CHECK(mw_runtime_init(&cfg, mem, sizeof(mem), &rt) == MW_OK && rt == (mw_runtime *)(void *)mem);
    CHECK(live_blocks == 0);
    uint32_t slots, frames;
    mw_runtime_stacks(rt, &slots, &frames);
    CHECK(slots == MW_DEFAULT_STACK_SLOTS && frames == MW_DEFAULT_MAX_FRAMES);
    unsigned char b[64];
    mw_module *m = NULL;
    mw_instance *inst = NULL;
    mw_module_load(rt, b, locals_module(b, 300), 0, &m);
    CHECK(m != NULL && mw_instantiate(rt, m, NULL, NULL, &inst) == MW_OK);
    long bytes_before = live_bytes;
    long stacks = (long)((slots + MW_ZERO_SPARE) * sizeof(mw_val) + MW_FRAMES_BYTES(frames));
    for (int round = 0; round < 2 && inst != NULL; round++) {
        CHECK(mw_call(rt, exp_of(inst, "f").func, NULL, NULL, NULL) == MW_OK);
        CHECK(live_bytes == bytes_before + stacks);
        CHECK(mw_runtime_set_stacks(rt, slots, frames) == MW_OK);
        CHECK(live_bytes == bytes_before);
    }
    mw_instance_free(rt, inst);
    mw_module_free(rt, m);
    CHECK(live_blocks == 0 && size_mismatches == 0);
}

// A function with 50000 i64 locals whose operand stack reaches 15 * 1000 +
// `extra` values (calls of imports returning 1000 and `extra` i32s, then
// unreachable): a frame of 65000 + extra slots. `b` must hold 2300 bytes.
static size_t big_frame_module(unsigned char *b, uint32_t extra) {
    size_t k = 0;
    static const unsigned char magic[] = {0, 'a', 's', 'm', 1, 0, 0, 0};
    memcpy(b, magic, 8);
    k = 8;
    // types: 0 [] -> [i32 x 1000], 1 [] -> [], 2 [] -> [i32 x extra] (extra < 1000, >= 128)
    size_t tsize = 1 + (4 + 1000) + 3 + (4 + extra);
    b[k++] = 0x01;
    b[k++] = (unsigned char)(0x80 | (tsize & 0x7f));
    b[k++] = (unsigned char)(tsize >> 7);
    b[k++] = 3;
    b[k++] = 0x60, b[k++] = 0, b[k++] = 0xe8, b[k++] = 0x07;
    memset(b + k, 0x7f, 1000);
    k += 1000;
    b[k++] = 0x60, b[k++] = 0, b[k++] = 0;
    b[k++] = 0x60, b[k++] = 0, b[k++] = (unsigned char)(0x80 | (extra & 0x7f)), b[k++] = (unsigned char)(extra >> 7);
    memset(b + k, 0x7f, extra);
    k += extra;
    // imports m.f (type 0), m.g (type 2)
    static const unsigned char imports[] = {0x02, 0x0d, 0x02, 1, 'm', 1, 'f', 0, 0, 1, 'm', 1, 'g', 0, 2};
    memcpy(b + k, imports, sizeof(imports));
    k += sizeof(imports);
    static const unsigned char funcs[] = {0x03, 0x02, 0x01, 0x01};
    memcpy(b + k, funcs, sizeof(funcs));
    k += sizeof(funcs);
    // body: 50000 i64 locals, 15 x call 0, call 1, unreachable, end
    unsigned char body[64];
    size_t n = 0;
    body[n++] = 0x01, body[n++] = 0xd0, body[n++] = 0x86, body[n++] = 0x03, body[n++] = 0x7e;
    for (int i = 0; i < 15; i++) {
        body[n++] = 0x10, body[n++] = 0x00;
    }
    body[n++] = 0x10, body[n++] = 0x01, body[n++] = 0x00, body[n++] = 0x0b;
    b[k++] = 0x0a, b[k++] = (unsigned char)(n + 2), b[k++] = 1, b[k++] = (unsigned char)n;
    memcpy(b + k, body, n);
    return k + n;
}

// Lowered code names a slot in one 16-bit unit: a frame of 65535 slots loads
// (on a value stack that holds it), one of 65536 is refused with the named
// limit (MW_MAX_FRAME_SLOTS) before the value-stack check.
static void test_frame_slot_limit(void) {
    static unsigned char b[2300];
    mw_runtime *rt = stack_rt(70000);
    size_t n = big_frame_module(b, 535);
    mw_module *m;
    CHECK(mw_module_load(rt, b, n, 0, &m) == MW_OK && m != NULL);
    mw_module_free(rt, m);
    n = big_frame_module(b, 536);
    CHECK(mw_module_load(rt, b, n, 0, &m) == MW_ERR_INVALID && m == NULL);
    CHECK(mw_last_report(rt)->msg != NULL
        && strcmp(mw_last_report(rt)->msg, "function frame exceeds 65535 slots (MW_MAX_FRAME_SLOTS)") == 0);
    CHECK(mw_last_report(rt)->index == 2);             // the function: after the two imports
    mw_runtime_free(rt);
}

// Stand-alone memories, tables and globals have a free (issue 17, 5d): with
// a counting allocator nothing is left, and each block is freed at its size.
static void test_free_standalone_objects(void) {
    long before = live_blocks, bytes_before = live_bytes;
    mw_runtime *rt = new_rt(0);
    mw_limits lim = {1, 3, true, 16};
    mw_memory *mem;
    mw_memory_new(rt, &lim, &mem);
    CHECK(mem != NULL && mw_memory_grow(rt, mem, 1) == 1);   // freed at its grown size
    mw_limits tlim = {4, 0, false, 0};
    mw_table *t;
    mw_table_new(rt, MW_FUNCREF, &tlim, NULL, &t);
    CHECK(t != NULL && mw_table_grow(rt, t, 5, NULL) == 4);
    mw_limits zlim = {0, 0, false, 0};
    mw_table *t0;
    mw_table_new(rt, MW_EXTERNREF, &zlim, NULL, &t0);
    mw_val v;
    v.i64 = 7;
    mw_global *g;
    mw_global_new(rt, MW_I64, true, v, &g);
    static uint8_t region[32];
    mw_limits flim = {32, 32, true, 0};
    mw_memory *fixed;
    mw_memory_new_fixed(rt, region, &flim, &fixed);
    CHECK(t0 != NULL && g != NULL && fixed != NULL);
    mw_memory_free(rt, mem);
    mw_table_free(rt, t);
    mw_table_free(rt, t0);
    mw_global_free(rt, g);
    mw_memory_free(rt, fixed);                         // the region itself stays
    mw_memory_free(rt, NULL);
    mw_table_free(rt, NULL);
    mw_global_free(rt, NULL);
    mw_runtime_free(rt);
    CHECK(live_blocks == before && live_bytes == bytes_before && size_mismatches == 0);
}

#if MW_UNLOWER
// The binding's set-up (gc_memory) with no resize hook, so every grow moves
// the memory: a block never lent is freed at the move (the allocator's
// realloc: no second block left); a lent one (mw_memory_lend, a memoryview)
// is left as it was for the collector, and the new block is not lent; a
// pinned memory (mw_memory_pin, a WASI call holding pointers) does not move:
// the grow fails, unless the resize hook extends it in place.
static void test_grow_lend_and_pin(void) {
    long before = live_blocks, bytes_before = live_bytes;
    mw_config cfg;
    memset(&cfg, 0, sizeof(cfg));
    cfg.alloc = t_alloc;
    cfg.gc_memory = true;
    mw_runtime *rt = NULL;
    CHECK(mw_runtime_new(&cfg, &rt) == MW_OK);
    mw_limits lim = {1, 0, false, 16};
    mw_memory *mem = NULL;
    CHECK(mw_memory_new(rt, &lim, &mem) == MW_OK);
    long blocks = live_blocks, bytes = live_bytes;
    mw_memory_data(mem)[7] = 0x5a;
    CHECK(mw_memory_grow(rt, mem, 1) == 1);               // not lent: the old block is freed
    CHECK(live_blocks == blocks && live_bytes == bytes + 65536);
    CHECK(mw_memory_data(mem)[7] == 0x5a && mw_memory_data(mem)[65536] == 0);
    uint8_t *lent = mw_memory_lend(mem);
    CHECK(lent == mw_memory_data(mem));
    CHECK(mw_memory_grow(rt, mem, 1) == 2);               // lent: kept, as it was
    CHECK(live_blocks == blocks + 1 && mw_memory_data(mem) != lent);
    CHECK(lent[7] == 0x5a && mw_memory_data(mem)[7] == 0x5a);
    t_alloc(NULL, lent, 2 * 65536, 0);                    // what the collector does
    CHECK(live_blocks == blocks);
    CHECK(mw_memory_grow(rt, mem, 1) == 3 && live_blocks == blocks);  // the new block was not lent
    mw_memory_pin(mem, true);
    mw_memory_pin(mem, true);
    uint8_t *at = mw_memory_data(mem);
    CHECK(mw_memory_grow(rt, mem, 1) == MW_GROW_NOMEM && mw_memory_pages(mem) == 4 && mw_memory_data(mem) == at);
    CHECK(mw_memory_grow(rt, mem, 0) == 4);               // no move needed
    mw_memory_pin(mem, false);
    CHECK(mw_memory_grow(rt, mem, 1) == MW_GROW_NOMEM);   // pins nest
    uint32_t asked;
    CHECK(mw_memory_refused(mem, &asked) == 2 && asked == 5);   // the heap's refusals: counted
    mw_memory_pin(mem, false);
    CHECK(mw_memory_grow(rt, mem, 1) == 4 && mw_memory_data(mem)[7] == 0x5a && live_blocks == blocks);
    mw_memory_pin(NULL, true);                            // ignored
    mw_memory_free(rt, mem);
    mw_runtime_free(rt);
    // pinned, the resize hook still extends the block in place
    cfg.resize = t_resize;
    big_slack = true;
    CHECK(mw_runtime_new(&cfg, &rt) == MW_OK && mw_memory_new(rt, &lim, &mem) == MW_OK);
    mw_memory_pin(mem, true);
    at = mw_memory_data(mem);
    CHECK(mw_memory_grow(rt, mem, 2) == 1 && mw_memory_data(mem) == at);
    CHECK(mw_memory_grow(rt, mem, 2) == MW_GROW_NOMEM);   // past the slack: it would move
    mw_memory_pin(mem, false);
    mw_memory_free(rt, mem);
    mw_runtime_free(rt);
    big_slack = false;
    CHECK(live_blocks == before && live_bytes == bytes_before && size_mismatches == 0);
}
#endif

// ---- lowering on first call (MW_LOAD_LAZY, lazy.c) ----------------------------

static mw_module *load_lazy(mw_runtime *rt, const unsigned char *b, size_t n, uint32_t flags) {
    mw_module *m;
    mw_module_load(rt, b, n, flags, &m);
    if (m == NULL) {
        printf("load failed: %s at 0x%x\n", mw_last_report(rt)->msg, (unsigned)mw_last_report(rt)->offset);
    }
    return m;
}

// (the lazy tests that need MW_UNLOWER, the twins' among them: code given
// back, the code budget and arena, memory.grow reclaiming code; test_engine
// built without it, as the small profile is, leaves them out)
#if MW_UNLOWER
// The lazy tests' pair, on a runtime of its own: a module loaded eagerly and
// its lazy twin borrowing the same bytes, each instantiated without imports
// (the lazy one's results are checked against the eager one's).
typedef struct {
    long before;                  // live_blocks before the runtime was made
    mw_runtime *rt;
    mw_module *eager, *lazy;
    mw_instance *einst, *inst;
} twin;

// cfg: the runtime's (NULL: new_rt(0)'s)
static twin open_twin(const mw_config *cfg, const unsigned char *b, size_t n) {
    twin t = {.before = live_blocks};
    if (cfg == NULL) {
        t.rt = new_rt(0);
    } else {
        CHECK(mw_runtime_new(cfg, &t.rt) == MW_OK);
    }
    t.eager = load_lazy(t.rt, b, n, 0);
    t.lazy = load_lazy(t.rt, b, n, MW_LOAD_LAZY | MW_LOAD_BORROW);
    CHECK(t.eager != NULL && t.lazy != NULL);
    CHECK(mw_instantiate(t.rt, t.eager, NULL, NULL, &t.einst) == MW_OK);
    CHECK(mw_instantiate(t.rt, t.lazy, NULL, NULL, &t.inst) == MW_OK);
    return t;
}

// Its tear-down, with the runtime: every block allocated since open_twin
// is freed, each with the size it was allocated with.
static void close_twin(twin *t) {
    mw_instance_free(t->rt, t->inst);
    mw_instance_free(t->rt, t->einst);
    mw_module_free(t->rt, t->lazy);
    mw_module_free(t->rt, t->eager);
    mw_runtime_free(t->rt);
    CHECK(live_blocks == t->before && size_mismatches == 0);
}

// name(arg) on the twin's lazy instance with the heap capped at cap (heap_cap:
// a block over 64 KiB taking live_bytes over it fails), the cap lifted after;
// the call must return. Returns its result.
static uint32_t call_capped(twin *t, long cap, const char *name, uint32_t arg) {
    uint32_t r = 0, a[1] = {arg};
    heap_cap = cap;
    CHECK(call_i32(t->rt, t->inst, name, 1, a, &r, NULL) == MW_OK);
    heap_cap = -1;
    return r;
}

// The same calls on a lazy module as on an eager one, with every function
// lowered exactly when first called: an export, a direct call of an internal
// function, call_indirect through the table (a function only the table
// reaches), recursion; the function nothing calls is never lowered. RAM
// grows with each lowering and not on later calls.
static void test_lazy_first_call(void) {
    for (int borrow = 0; borrow < 2; borrow++) {
        long before = live_blocks;
        mw_runtime *rt = new_rt(0);
        // a copy the test wipes after the load when the module does not borrow it
        unsigned char *bytes = malloc(sizeof(wasm_lazy));
        memcpy(bytes, wasm_lazy, sizeof(wasm_lazy));
        mw_module *m = load_lazy(rt, bytes, sizeof(wasm_lazy), MW_LOAD_LAZY | (borrow ? MW_LOAD_BORROW : 0));
        mw_module *eager = load_lazy(rt, wasm_lazy, sizeof(wasm_lazy), 0);
        CHECK(m != NULL && eager != NULL);
        if (m == NULL || eager == NULL) {
            mw_runtime_free(rt);
            free(bytes);
            return;
        }
        if (!borrow) {
            memset(bytes, 0, sizeof(wasm_lazy));
        }
        CHECK(mw_module_num_funcs(m) == 7 && mw_module_num_lowered(m) == 0);
        CHECK(mw_module_num_lowered(eager) == 7);
        size_t ram0 = mw_module_ram(m);
        // without the code: less than the eager module (which holds it all),
        // unless it keeps a copy of the code section
        CHECK(!borrow || ram0 < mw_module_ram(eager));
        mw_instance *inst = NULL, *einst = NULL;
        CHECK(mw_instantiate(rt, m, NULL, NULL, &inst) == MW_OK);
        CHECK(mw_instantiate(rt, eager, NULL, NULL, &einst) == MW_OK);
        CHECK(mw_module_num_lowered(m) == 0 && mw_module_ram(m) == ram0);
        uint32_t r = 0, e = 0, a[3] = {3, 4, 0};
        CHECK(call_i32(rt, inst, "mix", 2, a, &r, NULL) == MW_OK && r == 21);
        CHECK(call_i32(rt, einst, "mix", 2, a, &e, NULL) == MW_OK && e == r);
        // mix, $add and $mul (through the table)
        CHECK(mw_module_num_lowered(m) == 3);
        size_t ram1 = mw_module_ram(m);
        CHECK(ram1 > ram0);
        CHECK(call_i32(rt, inst, "mix", 2, a, &r, NULL) == MW_OK && r == 21);
        CHECK(mw_module_num_lowered(m) == 3 && mw_module_ram(m) == ram1);
        // apply: slot 1 ($sub) is lowered when the table call reaches it
        a[2] = 1;
        CHECK(call_i32(rt, inst, "apply", 3, a, &r, NULL) == MW_OK && r == (uint32_t)-1);
        CHECK(mw_module_num_lowered(m) == 5 && mw_module_ram(m) >= ram1);
        a[2] = 2;
        CHECK(call_i32(rt, inst, "apply", 3, a, &r, NULL) == MW_TRAP_UNDEF_ELEM);
        a[0] = 10;
        CHECK(call_i32(rt, inst, "fact", 1, a, &r, NULL) == MW_OK && r == 3628800);
        CHECK(call_i32(rt, einst, "fact", 1, a, &e, NULL) == MW_OK && e == r);
        CHECK(mw_module_num_lowered(m) == 6);     // all but $never
        // a second instance shares the lowered code
        mw_instance *inst2 = NULL;
        size_t ram2 = mw_module_ram(m);
        CHECK(mw_instantiate(rt, m, NULL, NULL, &inst2) == MW_OK);
        CHECK(inst2 != NULL && call_i32(rt, inst2, "fact", 1, a, &r, NULL) == MW_OK && r == 3628800);
        CHECK(mw_module_ram(m) == ram2 && mw_module_num_lowered(m) == 6);
        // dropping the code: back to the load's RAM, lowered again on the next calls
        CHECK(mw_module_unlower(rt, m) == MW_OK);
        CHECK(mw_module_num_lowered(m) == 0 && mw_module_ram(m) == ram0);
        CHECK(call_i32(rt, inst2, "fact", 1, a, &r, NULL) == MW_OK && r == 3628800);
        CHECK(mw_module_num_lowered(m) == 1 && mw_module_ram(m) > ram0);
        CHECK(mw_module_unlower(rt, eager) == MW_ERR_ARG && mw_module_num_lowered(eager) == 7);
        mw_instance_free(rt, inst2);
        mw_instance_free(rt, inst);
        mw_instance_free(rt, einst);
        mw_module_free(rt, m);
        mw_module_free(rt, eager);
        mw_runtime_free(rt);
        free(bytes);
        CHECK(live_blocks == before && size_mismatches == 0);
    }
}
#endif

// A body that no call ever reaches is still validated at load: an invalid
// one fails the load, lazy or not, with the same error and offset.
static void test_lazy_validates_all(void) {
    // (type (func (result i32))) two functions, "f" exports the first;
    // the second's body is `i64.const 0`: a type mismatch
    static const unsigned char bad[] = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,
        0x03, 0x03, 0x02, 0x00, 0x00,
        0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00,
        0x0a, 0x0b, 0x02, 0x04, 0x00, 0x41, 0x07, 0x0b, 0x04, 0x00, 0x42, 0x00, 0x0b,
    };
    unsigned char good[sizeof(bad)];
    memcpy(good, bad, sizeof(bad));
    good[sizeof(good) - 3] = 0x41;    // i32.const 0
    mw_runtime *rt = new_rt(0);
    uint32_t offsets[3];
    static const uint32_t flags[3] = {0, MW_LOAD_LAZY, MW_LOAD_LAZY | MW_LOAD_BORROW};
    for (int i = 0; i < 3; i++) {
        mw_module *m;
        CHECK(mw_module_load(rt, bad, sizeof(bad), flags[i], &m) == MW_ERR_INVALID && m == NULL);
        CHECK(strcmp(mw_last_report(rt)->msg, "type mismatch") == 0);
        offsets[i] = mw_last_report(rt)->offset;
        mw_module_load(rt, good, sizeof(good), flags[i], &m);
        CHECK(m != NULL);
        mw_instance *inst = NULL;
        uint32_t r = 0;
        CHECK(m != NULL && mw_instantiate(rt, m, NULL, NULL, &inst) == MW_OK);
        CHECK(inst != NULL && call_i32(rt, inst, "f", 0, NULL, &r, NULL) == MW_OK && r == 7);
        CHECK(mw_module_num_lowered(m) == (flags[i] ? 1u : 2u));
        mw_instance_free(rt, inst);
        mw_module_free(rt, m);
    }
    CHECK(offsets[0] == offsets[1] && offsets[1] == offsets[2]);
    mw_runtime_free(rt);
}

// A lazy load validates each body without lowering it (lower.c, mw_lower_func
// with `check`: check_run types the common instructions, the rest goes to
// lowering's own typing with nothing emitted). An invalid body that no call
// reaches fails the lazy load as it fails the eager one: the same status,
// detail and byte offset, whichever of the two paths meets the fault (each
// body below is the second function's, never called: one i32 local, result
// i32; the module has a memory and globals 0 immutable, 1 mutable, both i32).
static void test_lazy_check_details(void) {
    static const struct {
        const char *what;
        unsigned char len, body[20];
    } bodies[] = {
        {"i64 result", 3, {0x42, 0x00, 0x0b}},
        {"i32.add of an i64", 6, {0x41, 0x00, 0x42, 0x00, 0x6a, 0x0b}},
        {"local.set of an i64", 7, {0x42, 0x00, 0x21, 0x00, 0x41, 0x00, 0x0b}},
        {"local.tee of an i64", 6, {0x42, 0x00, 0x22, 0x00, 0x1a, 0x0b}},
        {"unknown local", 3, {0x20, 0x05, 0x0b}},
        {"unknown global", 3, {0x23, 0x05, 0x0b}},
        {"immutable global", 7, {0x41, 0x01, 0x24, 0x00, 0x41, 0x00, 0x0b}},
        {"global.set of an i64", 7, {0x42, 0x01, 0x24, 0x01, 0x41, 0x00, 0x0b}},
        {"unknown function", 5, {0x10, 0x09, 0x41, 0x00, 0x0b}},
        {"call without its argument", 3, {0x10, 0x02, 0x0b}},
        {"unknown label", 5, {0x41, 0x00, 0x0c, 0x03, 0x0b}},
        {"br_if on nothing", 5, {0x0d, 0x00, 0x41, 0x00, 0x0b}},
        {"br_if on an i64", 7, {0x41, 0x00, 0x42, 0x00, 0x0d, 0x00, 0x0b}},
        {"alignment over natural", 6, {0x41, 0x00, 0x28, 0x03, 0x00, 0x0b}},
        {"store of an i64", 8, {0x41, 0x00, 0x42, 0x00, 0x36, 0x02, 0x00, 0x0b}},
        {"load from an i64", 6, {0x42, 0x00, 0x28, 0x02, 0x00, 0x0b}},
        {"block ends with an i64", 6, {0x02, 0x7f, 0x42, 0x00, 0x0b, 0x0b}},
        {"if without else leaves a value", 10, {0x41, 0x00, 0x04, 0x40, 0x41, 0x00, 0x0b, 0x41, 0x00, 0x0b}},
        {"if on an i64", 8, {0x42, 0x00, 0x04, 0x40, 0x0b, 0x41, 0x00, 0x0b}},
        {"select of i32 and i64", 8, {0x41, 0x00, 0x42, 0x00, 0x41, 0x00, 0x1b, 0x0b}},
        {"drop of nothing", 4, {0x1a, 0x41, 0x00, 0x0b}},
        {"i32.add of an i64 after unreachable", 5, {0x00, 0x42, 0x00, 0x6a, 0x0b}},
        {"i32.const too large", 7, {0x41, 0x80, 0x80, 0x80, 0x80, 0x70, 0x0b}},
        {"f32.const cut short", 3, {0x43, 0x00, 0x00}},
        {"no end", 2, {0x41, 0x00}},
        {"bytes after the end", 5, {0x41, 0x00, 0x0b, 0x01, 0x0b}},
        {"illegal opcode", 4, {0x41, 0x00, 0x06, 0x0b}},
        {"valid: a block, a load and a store, a call", 20,
         {0x02, 0x40, 0x20, 0x00, 0x20, 0x00, 0x28, 0x02, 0x00, 0x36, 0x02, 0x00, 0x0b,
          0x20, 0x00, 0x10, 0x02, 0x41, 0x00, 0x0b}},
    };
    // type 0 (func (result i32)), type 1 (func (param i32)): function 0
    // (exported "f": i32.const 7), 1 (the body), 2 (type 1, empty)
    static const unsigned char head[] = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x09, 0x02, 0x60, 0x00, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x00,
        0x03, 0x04, 0x03, 0x00, 0x00, 0x01,
        0x05, 0x03, 0x01, 0x00, 0x01,
        0x06, 0x0b, 0x02, 0x7f, 0x00, 0x41, 0x00, 0x0b, 0x7f, 0x01, 0x41, 0x00, 0x0b,
        0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00,
    };
    static const uint32_t flags[3] = {0, MW_LOAD_LAZY, MW_LOAD_LAZY | MW_LOAD_BORROW};
    mw_runtime *rt = new_rt(0);
    for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        unsigned char b[128];
        size_t n = sizeof(head), blen = bodies[i].len;
        bool valid = strncmp(bodies[i].what, "valid", 5) == 0;
        memcpy(b, head, n);
        // code: 3 bodies, f's, this one (one i32 local), the empty one
        b[n++] = 0x0a;
        b[n++] = (unsigned char)(1 + 5 + 1 + 3 + blen + 3);
        b[n++] = 0x03;
        b[n++] = 0x04, b[n++] = 0x00, b[n++] = 0x41, b[n++] = 0x07, b[n++] = 0x0b;
        b[n++] = (unsigned char)(3 + blen);
        b[n++] = 0x01, b[n++] = 0x01, b[n++] = 0x7f;
        memcpy(b + n, bodies[i].body, blen);
        n += blen;
        b[n++] = 0x02, b[n++] = 0x00, b[n++] = 0x0b;
        mw_status st[3];
        const char *msg[3];
        uint32_t off[3];
        for (int k = 0; k < 3; k++) {
            mw_module *m = NULL;
            st[k] = mw_module_load(rt, b, n, flags[k], &m);
            msg[k] = mw_last_report(rt)->msg;
            off[k] = mw_last_report(rt)->offset;
            if (m != NULL) {
                mw_instance *inst = NULL;
                uint32_t r = 0;
                CHECK(mw_instantiate(rt, m, NULL, NULL, &inst) == MW_OK);
                CHECK(inst != NULL && call_i32(rt, inst, "f", 0, NULL, &r, NULL) == MW_OK && r == 7);
                mw_instance_free(rt, inst);
                mw_module_free(rt, m);
            }
            bool same = st[k] == st[0] && (st[k] == MW_OK || (msg[k] != NULL && msg[0] != NULL
                && strcmp(msg[k], msg[0]) == 0 && off[k] == off[0]));
            if (!same || (st[k] == MW_OK) != valid) {
                printf("  lazy check: %s: flags %u: status %d (%s at %u), eager %d (%s at %u)\n", bodies[i].what,
                    (unsigned)flags[k], (int)st[k], msg[k] ? msg[k] : "-", (unsigned)off[k], (int)st[0],
                    msg[0] ? msg[0] : "-", (unsigned)off[0]);
            }
            CHECK(same && (st[k] == MW_OK) == valid);
        }
    }
    mw_runtime_free(rt);
    CHECK(live_blocks == 0 && size_mismatches == 0);
}

// Out of memory at a first call, at every allocation it makes: where code
// lowered before is not running it gives way (lazy.c lazy_give_way) and the
// call succeeds, having lowered the dropped function again if it called it;
// where there is none the call returns MW_ERR_NOMEM (nothing leaks, the
// function stays unlowered). Either way, once memory is there again the
// same call lowers and runs every function.
static void test_lazy_out_of_memory(void) {
    int failed = 0, ok = 0, gave_way = 0;
    for (long k = 0; k < 80; k++) {
        long before = live_blocks;
        mw_runtime *rt = new_rt(0);
        mw_module *m = load_lazy(rt, wasm_lazy, sizeof(wasm_lazy), MW_LOAD_LAZY | (uint32_t)(k & 1));
        mw_instance *inst = NULL;
        CHECK(m != NULL && mw_instantiate(rt, m, NULL, NULL, &inst) == MW_OK);
        if (inst == NULL) {
            break;
        }
        uint32_t r = 0, a[2] = {3, 4};
        size_t ram0 = mw_module_ram(m);
        alloc_count = 0;
        fail_at = k / 2;
        mw_status st = call_i32(rt, inst, "mix", 2, a, &r, NULL);
        fail_at = -1;
        if (st == MW_OK) {
            ok++;
            CHECK(r == 21);
            // all three lowered; fewer kept, or some lowered twice, where
            // code gave way
            CHECK(mw_module_num_lowered(m) <= 3 && mw_module_num_lowerings(m) >= 3);
            gave_way += mw_module_num_lowered(m) < 3 || mw_module_num_lowerings(m) > 3;
        } else {
            failed++;
            CHECK(st == MW_ERR_NOMEM);
            CHECK(mw_module_num_lowered(m) < 3);
            if (mw_module_num_lowered(m) == 0) {
                CHECK(mw_module_ram(m) == ram0);
            }
        }
        CHECK(call_i32(rt, inst, "mix", 2, a, &r, NULL) == MW_OK && r == 21);
        CHECK(mw_module_num_lowered(m) == 3);
        mw_instance_free(rt, inst);
        mw_module_free(rt, m);
        mw_runtime_free(rt);
        CHECK(live_blocks == before && size_mismatches == 0);
    }
    // (without MW_UNLOWER no code gives way: the call fails instead)
    CHECK(failed > 0 && ok > 0 && (gave_way > 0) == MW_UNLOWER);
}

static long lazy_read(void *ctx, uint8_t *buf, size_t n) {
    size_t *at = ctx;
    size_t k = sizeof(wasm_lazy) - *at < n ? sizeof(wasm_lazy) - *at : n;
    k = k > 7 ? 7 : k;                // short reads, as a stream may give
    memcpy(buf, wasm_lazy + *at, k);
    *at += k;
    return (long)k;
}

// The stream loader with MW_LOAD_LAZY keeps the code section's bytes.
static void test_lazy_stream(void) {
    mw_runtime *rt = new_rt(0);
    size_t at = 0, peak = 0;
    mw_module *m;
    mw_module_load_stream(rt, lazy_read, &at, MW_LOAD_LAZY, &peak, &m);
    CHECK(m != NULL && mw_module_num_lowered(m) == 0);
    mw_instance *inst = NULL;
    uint32_t r = 0, a[1] = {6};
    CHECK(m != NULL && mw_instantiate(rt, m, NULL, NULL, &inst) == MW_OK);
    CHECK(inst != NULL && call_i32(rt, inst, "fact", 1, a, &r, NULL) == MW_OK && r == 720);
    CHECK(m != NULL && mw_module_num_lowered(m) == 1);
    mw_instance_free(rt, inst);
    mw_module_free(rt, m);
    mw_runtime_free(rt);
    CHECK(live_blocks == 0 && size_mismatches == 0);
}

// ---- the stream loader's code section against the copied load (decode.c stream_code) ----

// A stream over `n` bytes of p in reads of at most `step` bytes; a read at
// byte `fail_at` (if below n) fails (-1), as a file's read error would.
typedef struct {
    const uint8_t *p;
    size_t n, at, step, fail_at;
} cut_stream;

static long cut_read(void *ctx, uint8_t *buf, size_t n) {
    cut_stream *s = ctx;
    if (s->at >= s->fail_at && s->at < s->n) {
        return -1;
    }
    size_t k = s->n - s->at < n ? s->n - s->at : n;
    k = k > s->step ? s->step : k;
    k = s->at < s->fail_at && s->fail_at - s->at < k ? s->fail_at - s->at : k;  // (up to the failing byte)
    memcpy(buf, s->p + s->at, k);
    s->at += k;
    return (long)k;
}

// The module of two () -> i32 functions, its code section `code` (the id,
// size and content as given: damaged or not), and after it `tail`.
static size_t cut_module(uint8_t *out, const uint8_t *code, size_t ncode, const uint8_t *tail, size_t ntail) {
    static const uint8_t head[] = {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7f, 3, 3, 2, 0, 0};
    memcpy(out, head, sizeof(head));
    memcpy(out + sizeof(head), code, ncode);
    memcpy(out + sizeof(head) + ncode, tail, ntail);
    return sizeof(head) + ncode + ntail;
}

// A stream load of data[0, n) in reads of `step` bytes, a read error at byte
// fail_at, must say what the copied load of data[0, n) says (the text, the
// offset): a read error what the copied load of data[0, fail_at) says, or
// "unexpected end" at the failing byte (where the stream reads on to a
// section's end to know that the binary ends inside it).
static int stream_agrees(const uint8_t *data, size_t n, size_t step, size_t fail_at, const char *what) {
    mw_runtime *rt = new_rt(0);
    mw_module *m = NULL;
    size_t cut = fail_at < n ? fail_at : n;
    mw_status want = mw_module_load(rt, data, cut, 0, &m);
    char want_msg[200];
    snprintf(want_msg, sizeof(want_msg), "%s", want == MW_OK ? "" : mw_last_report(rt)->msg);
    uint32_t want_off = want == MW_OK ? 0 : mw_last_report(rt)->offset;
    mw_module_free(rt, m);
    cut_stream s = {data, n, 0, step, fail_at};
    mw_status st = mw_module_load_stream(rt, cut_read, &s, 0, NULL, &m);
    const mw_report *r = mw_last_report(rt);
    int same = st == want && (st == MW_OK || (r->offset == want_off && strcmp(r->msg, want_msg) == 0));
    if (!same && fail_at < n && st == MW_ERR_MALFORMED) {
        // a read error: said where it happened, or (inside a section) at the section's start
        same = strstr(r->msg, "unexpected end") != NULL && r->offset <= fail_at;
    }
    if (!same) {
        printf("stream %s, %zu of %zu bytes, reads of %zu, error at %zu: %d \"%s\" at %u; copied %d \"%s\" at %u\n",
            what, cut, n, step, fail_at, st, st == MW_OK ? "" : r->msg, st == MW_OK ? 0 : r->offset, want, want_msg,
            want_off);
    }
    mw_module_free(rt, m);
    mw_runtime_free(rt);
    return same;
}

// The code section ending at each of its boundaries (the count, a body's
// size, a body; the count or a body's size running past the section's end,
// a body past it, the section longer than its bodies, more or fewer bodies
// than functions, a second code section), the binary cut at every byte, read errors at every byte,
// in reads of every size up to 9 and whole: the stream loader (which reads
// the code section body by body, stream_code) says what the copied load
// says, at the same offset. fuzz_load compares the two on any bytes; these
// are the boundaries its seeds never reached (session 39's coverage).
static void test_stream_code_cuts(void) {
    static const struct {
        const char *what;
        uint8_t code[16];
        uint8_t ncode;
    } cases[] = {
        {"whole", {10, 11, 2, 4, 0, 0x41, 7, 0x0b, 4, 0, 0x41, 9, 0x0b}, 13},
        {"count past the section's end", {10, 1, 0x82, 0x80, 0}, 5},
        {"count past the bytes", {10, 2, 5, 0}, 4},
        {"count not the functions'", {10, 11, 3, 4, 0, 0x41, 7, 0x0b, 4, 0, 0x41, 9, 0x0b}, 13},
        {"body past the section's end", {10, 11, 2, 4, 0, 0x41, 7, 0x0b, 9, 0, 0x41, 9, 0x0b}, 13},
        {"body size past the section's end", {10, 7, 2, 4, 0, 0x41, 7, 0x0b, 0x84, 0x80, 0}, 11},
        {"section longer than its bodies", {10, 12, 2, 4, 0, 0x41, 7, 0x0b, 4, 0, 0x41, 9, 0x0b, 0}, 14},
        {"section shorter than its bodies", {10, 10, 2, 4, 0, 0x41, 7, 0x0b, 4, 0, 0x41, 9, 0x0b}, 13},
        {"count too long", {10, 6, 0x82, 0x80, 0x80, 0x80, 0x80, 0}, 8},
        {"a body's size too long", {10, 7, 2, 0x84, 0x80, 0x80, 0x80, 0x80, 0}, 9},
    };
    // after the code section: nothing, a custom section, bytes of no section, or a code section again
    static const uint8_t tails[][13] = {
        {0}, {0, 4, 1, 'x', 0, 0}, {0x0b, 0x0b, 0x0b}, {10, 11, 2, 4, 0, 0x41, 7, 0x0b, 4, 0, 0x41, 9, 0x0b}};
    static const uint8_t ntails[] = {0, 6, 3, 13};
    uint8_t data[64];
    int bad = 0, runs = 0;
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        for (size_t t = 0; t < sizeof(ntails); t++) {
            size_t n = cut_module(data, cases[c].code, cases[c].ncode, tails[t], ntails[t]);
            for (size_t step = 1; step <= 10; step++) {
                size_t rd = step == 10 ? sizeof(data) : step;
                for (size_t cut = 20; cut <= n; cut++) {     // (from the code section's id on)
                    bad += !stream_agrees(data, cut, rd, SIZE_MAX, cases[c].what);
                    bad += !stream_agrees(data, n, rd, cut, cases[c].what);
                    runs += 2;
                }
            }
        }
    }
    CHECK(bad == 0 && runs > 5000);
    CHECK(live_blocks == 0 && size_mismatches == 0);
}

// ---- funcref tables: entries by index of the table's owner (mw_table) ----

static mw_status call2(mw_runtime *rt, mw_instance *inst, const char *name, mw_val a, mw_val b, mw_val *res) {
    mw_val args[3] = {a, b, {0}}, r[2] = {{0}};
    mw_status st = mw_call(rt, exp_of(inst, name).func, args, r, NULL);
    if (res) {
        *res = r[0];
    }
    return st;
}

static mw_val vi(uint32_t x) {
    mw_val v;
    v.i64 = x;
    return v;
}

static mw_val vr(void *ref) {
    mw_val v;
    v.i64 = 0;
    v.ref = ref;
    return v;
}

// call(slot, arg) of an instance: the result, or 1000 + the trap status
static uint32_t call_slot(mw_runtime *rt, mw_instance *inst, const char *name, uint32_t slot, uint32_t arg) {
    mw_val r;
    mw_status st = call2(rt, inst, name, vi(slot), vi(arg), &r);
    return st == MW_OK ? r.i32 : 1000 + (uint32_t)st;
}

// Instance A defines a table; B imports it and puts its own $g in slot 2.
// Every call through either side runs the right instance's function (A's
// add 100, B's 200); the functions A's table holds by index get an object
// only when they escape (table.get, ref.func), once; copies between tables
// of different owners keep naming the right instance; freeing B then A
// leaves nothing allocated (ASan build: no use after free).
static void test_funcref_tables(void) {
    long before = live_blocks;
    mw_runtime *rt = new_rt(0);
    mw_module *ma, *mb;
    mw_instance *a = inst_of(rt, wasm_tab_a, sizeof(wasm_tab_a), NULL, 0, &ma);
    CHECK(a != NULL);
    if (a == NULL) {
        mw_runtime_free(rt);
        return;
    }
    mw_table *tab = exp_of(a, "tab").table;
    mw_func *f1 = exp_of(a, "f1").func;
    // A's own entries: by index, no objects beyond the exports
    CHECK(call_slot(rt, a, "call", 0, 5) == 105 && call_slot(rt, a, "call", 1, 5) == 110);
    CHECK(call_slot(rt, a, "call", 2, 5) == 1000 + MW_TRAP_UNINIT_ELEM);
    CHECK(call_slot(rt, a, "call", 8, 5) == 1000 + MW_TRAP_UNDEF_ELEM);
    mw_val r;
    CHECK(call2(rt, a, "call_v", vi(0), vi(0), &r) == MW_TRAP_SIG_MISMATCH);
    // table.get: f1's object is its export's; f2's is made once, counted in the RAM
    size_t ram0 = mw_instance_ram(a);
    CHECK(call2(rt, a, "get", vi(0), vi(0), &r) == MW_OK && r.ref == f1);
    CHECK(mw_instance_ram(a) == ram0);
    mw_val f2;
    CHECK(call2(rt, a, "get", vi(1), vi(0), &f2) == MW_OK && f2.ref != NULL && f2.ref != f1);
    size_t ram1 = mw_instance_ram(a);
    CHECK(ram1 > ram0);
    CHECK(call2(rt, a, "get", vi(1), vi(0), &r) == MW_OK && r.ref == f2.ref && mw_instance_ram(a) == ram1);
    void *ref = NULL;
    CHECK(mw_table_get(tab, 1, &ref) && ref == f2.ref && !mw_table_get(tab, 8, &ref));
    // B: its element segment writes $g into A's table; calls from both sides
    mw_import im;
    memset(&im, 0, sizeof(im));
    im.table = tab;
    mw_instance *b = inst_of(rt, wasm_tab_b, sizeof(wasm_tab_b), &im, 0, &mb);
    CHECK(b != NULL);
    if (b != NULL) {
        mw_func *g = exp_of(b, "g").func;
        CHECK(call_slot(rt, a, "call", 2, 5) == 205 && call_slot(rt, b, "call", 2, 5) == 205);
        CHECK(call_slot(rt, b, "call", 0, 5) == 105 && call_slot(rt, b, "call", 1, 5) == 110);
        CHECK(call2(rt, a, "get", vi(2), vi(0), &r) == MW_OK && r.ref == g);
        CHECK(call2(rt, b, "get", vi(1), vi(0), &r) == MW_OK && r.ref == f2.ref);
        // table.copy across owners, both ways
        CHECK(call_slot(rt, b, "call_own", 0, 5) == 205);
        mw_val args[3] = {vi(1), vi(0), vi(2)};                     // own[1..2] = A[0..1]
        CHECK(mw_call(rt, exp_of(b, "copy_in").func, args, NULL, NULL) == MW_OK);
        CHECK(call_slot(rt, b, "call_own", 1, 5) == 105 && call_slot(rt, b, "call_own", 2, 5) == 110);
        mw_val out_args[3] = {vi(4), vi(0), vi(1)};                 // A[4] = own[0] ($g)
        CHECK(mw_call(rt, exp_of(b, "copy_out").func, out_args, NULL, NULL) == MW_OK);
        CHECK(call_slot(rt, a, "call", 4, 5) == 205);
        // table.set and table.fill with either instance's functions
        CHECK(call2(rt, a, "set", vi(5), vr(g), NULL) == MW_OK && call_slot(rt, a, "call", 5, 5) == 205);
        CHECK(call2(rt, a, "set", vi(5), vr(f1), NULL) == MW_OK && call_slot(rt, a, "call", 5, 5) == 105);
        CHECK(mw_table_set(tab, 6, g) && call_slot(rt, a, "call", 6, 5) == 205);
        mw_val fill_args[3] = {vi(6), vr(f2.ref), vi(2)};
        CHECK(mw_call(rt, exp_of(a, "fill").func, fill_args, NULL, NULL) == MW_OK);
        CHECK(call_slot(rt, b, "call", 6, 5) == 110 && call_slot(rt, b, "call", 7, 5) == 110);
        // ref.func: one object however often, of the right type
        mw_val v7a, v7b;
        CHECK(call2(rt, a, "ref_v7", vi(0), vi(0), &v7a) == MW_OK && call2(rt, a, "ref_v7", vi(0), vi(0), &v7b) == MW_OK);
        CHECK(v7a.ref != NULL && v7a.ref == v7b.ref);
        CHECK(call2(rt, a, "put_v7", vi(3), vi(0), NULL) == MW_OK);
        CHECK(call2(rt, a, "call_v", vi(3), vi(0), &r) == MW_OK && r.i32 == 7);
        CHECK(call_slot(rt, a, "call", 3, 5) == 1000 + MW_TRAP_SIG_MISMATCH);
        CHECK(call_slot(rt, b, "call", 3, 5) == 1000 + MW_TRAP_SIG_MISMATCH);
        // A's second table (same owner): copied by index
        mw_val u_args[3] = {vi(0), vi(0), vi(4)};
        CHECK(mw_call(rt, exp_of(a, "copy_u").func, u_args, NULL, NULL) == MW_OK);
        CHECK(call_slot(rt, a, "call_u", 0, 5) == 105 && call_slot(rt, a, "call_u", 2, 5) == 205);
        mw_instance_free(rt, b);
        mw_module_free(rt, mb);
    }
    mw_instance_free(rt, a);
    mw_module_free(rt, ma);
    mw_runtime_free(rt);
    CHECK(live_blocks == before);
}

// Calls that switch instance and back (engine_xcall.wat): two instances of
// one module call each other n deep through an embedder's table; each level,
// back from the other instance, reads its own memory and calls its own
// function. A frame holds its caller's instance only where the call switched
// (exec.c call_def tags the return pc): a return that kept the callee's
// instance, or switched where it should not, gives another sum. The bottom's
// host function returns a value, re-enters the engine, or fails; the stack
// limit traps exactly, on a call that switches and on one that does not; a
// trap anywhere leaves both instances usable.
static mw_runtime *xc_rt;
static mw_func *xc_run0;
static int xc_mode;           // 0: return who + 7; 1: fail; 2: re-enter run(3) in instance 0

static uint32_t xc_model(uint32_t who, uint32_t n, int mode);

static mw_status cb_xc_probe(void *ctx, mw_func *self, mw_val *slots) {
    (void)ctx;
    (void)self;
    uint32_t who = slots[0].i32;
    if (xc_mode == 1) {
        return MW_ERR_HOST;
    }
    if (xc_mode == 2) {
        mw_val a = vi(3), r;
        xc_mode = 0;
        mw_status st = mw_call(xc_rt, xc_run0, &a, &r, NULL);
        xc_mode = 2;
        slots[0] = vi(r.i32 + who);
        return st;
    }
    slots[0] = vi(who + 7);
    return MW_OK;
}

static uint32_t xc_model(uint32_t who, uint32_t n, int mode) {
    uint32_t mem = 1000 + who;
    if (n == 0) {
        uint32_t p = mode == 2 ? xc_model(0, 3, 0) + who : who + 7;
        return 3 * p + mem;
    }
    return 3 * xc_model(1 - who, n - 1, mode) + mem + mem;
}

// call_indirect through tables the module defines (engine_callind.wat;
// mw_int.h CALL_INDIRECT_OWN, made only with MW_FUSED_ARITH): every entry
// kind and trap on two instances of the module, against C: a defined
// function whose type index is the call's or another index of the same
// type, a second table, an empty entry, an index past the table (0xffffffff
// too), another type; another instance's function placed in the table by
// the embedder (a function object: the call switches instance) and the
// module's own (placed as a defined function); recursion through the table
// to the stack's limit and a run after it. mw_code_check refuses a row
// whose table index is past the tables, and (test_cross_instance_calls) one
// on an imported table, whose owner may be another instance.
static void test_call_indirect_own(void) {
    long before = live_blocks;
    mw_runtime *rt = new_rt(0);   // 100 frames
    mw_module *m[2] = {NULL, NULL};
    mw_instance *in[2] = {NULL, NULL};
    for (int w = 0; w < 2; w++) {
        in[w] = inst_of(rt, wasm_callind, sizeof(wasm_callind), NULL, 0, &m[w]);
        CHECK(in[w] != NULL);
    }
    if (in[0] == NULL || in[1] == NULL) {
        return;
    }
    static const uint32_t vals[] = {0, 1, 7, 0x7fffffffu, 0x80000000u, 0xffffffffu};
    uint32_t r = 0;
    for (int w = 0; w < 2; w++) {
        mw_instance *inst = in[w];
        for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
            for (size_t j = 0; j < sizeof(vals) / sizeof(vals[0]); j++) {
                uint32_t x = vals[i], y = vals[j];
                uint32_t a0[] = {x, 0}, a1[] = {x, 1}, a2[] = {x, 2}, a4[] = {x, 4}, a6[] = {x, 6};
                uint32_t aw[] = {x, y};    // y as the index: past the table from 6 on
                uint32_t s2[] = {x, y, 2}, s0[] = {x, y, 0};
                CHECK(call_i32(rt, inst, "call1", 2, a0, &r, NULL) == MW_OK && r == x + 1);
                CHECK(call_i32(rt, inst, "call1", 2, a1, &r, NULL) == MW_OK && r == x << 1);
                CHECK(call_i32(rt, inst, "call1b", 2, a0, &r, NULL) == MW_OK && r == x + 1);
                CHECK(call_i32(rt, inst, "call1b", 2, a1, &r, NULL) == MW_OK && r == x << 1);
                CHECK(call_i32(rt, inst, "call2", 3, s2, &r, NULL) == MW_OK && r == x - y);
                CHECK(call_i32(rt, inst, "call2", 3, s0, &r, NULL) == MW_TRAP_SIG_MISMATCH);
                CHECK(call_i32(rt, inst, "call1", 2, a2, &r, NULL) == MW_TRAP_SIG_MISMATCH);
                CHECK(call_i32(rt, inst, "call1", 2, a4, &r, NULL) == MW_TRAP_UNINIT_ELEM);
                CHECK(call_i32(rt, inst, "call1", 2, a6, &r, NULL) == MW_TRAP_UNDEF_ELEM);
                mw_status want = y >= 6 ? MW_TRAP_UNDEF_ELEM : y == 0 ? MW_OK : y == 1 ? MW_OK
                                 : y == 2 ? MW_TRAP_SIG_MISMATCH : MW_TRAP_UNINIT_ELEM;    // 3: $down, x levels
                if (y != 3) {
                    CHECK(call_i32(rt, inst, "call1", 2, aw, &r, NULL) == want
                          && (want != MW_OK || r == (y == 0 ? x + 1 : x << 1)));
                }
                CHECK(call_i32(rt, inst, "call_u", 2, a1, &r, NULL) == MW_OK && r == x + 1);
                CHECK(call_i32(rt, inst, "call_u", 2, a0, &r, NULL) == MW_TRAP_UNINIT_ELEM);
                CHECK(call_i32(rt, inst, "call_u", 2, a2, &r, NULL) == MW_TRAP_UNDEF_ELEM);
            }
        }
        uint32_t n50 = 50, n200 = 200, n5 = 5;
        CHECK(call_i32(rt, inst, "down", 1, &n50, &r, NULL) == MW_OK && r == 50);
        CHECK(call_i32(rt, inst, "down", 1, &n200, &r, NULL) == MW_TRAP_STACK);
        CHECK(call_i32(rt, inst, "down", 1, &n5, &r, NULL) == MW_OK && r == 5);
    }
    // the other instance's $inc at entry 4 of in[0]'s table, in[0]'s own at 5
    mw_table *t0 = exp_of(in[0], "t").table;
    CHECK(mw_table_set(t0, 4, exp_of(in[1], "inc").func) && mw_table_set(t0, 5, exp_of(in[0], "inc").func));
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        uint32_t x = vals[i], a4[] = {x, 4}, a5[] = {x, 5}, s4[] = {x, x, 4};
        CHECK(call_i32(rt, in[0], "call1", 2, a4, &r, NULL) == MW_OK && r == x + 1);
        CHECK(call_i32(rt, in[0], "call1b", 2, a5, &r, NULL) == MW_OK && r == x + 1);
        CHECK(call_i32(rt, in[0], "call2", 3, s4, &r, NULL) == MW_TRAP_SIG_MISMATCH);
        CHECK(call_i32(rt, in[1], "call1", 2, a4, &r, NULL) == MW_TRAP_UNINIT_ELEM);
    }
    static const char *const names[] = {"call1", "call1b", "call2", "call_u", "down"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        CHECK(count_op(in[0], names[i], MW_OP_CALL_INDIRECT_OWN) == MW_FUSED_ARITH);
        CHECK(count_op(in[0], names[i], MW_OP_CALL_INDIRECT) == !MW_FUSED_ARITH);
    }
    // the code check: a table index past the module's tables; without
    // MW_FUSED_ARITH a row made by hand
    mw_funcdef *d = (mw_funcdef *)exp_of(in[0], "call_u").func->u.wasm.def;
    uint32_t k = find_op(d, MW_FUSED_ARITH ? MW_OP_CALL_INDIRECT_OWN : MW_OP_CALL_INDIRECT);
    mw_detail det;
    uint32_t at = 0;
    CHECK(k < d->code_len);
    if (k < d->code_len) {
        CHECK(mw_code_u32(d->code + k + 3) == 1);     // IISS: the table index's units
        if (MW_FUSED_ARITH) {
            d->code[k + 3] = 2;
            CHECK(mw_code_check(rt, m[0], d, &det, &at) == MW_ERR_INVALID && at == k && det == MW_D_CODE_INDEX);
            d->code[k + 3] = 1;
        } else {
            d->code[k] = MW_OP_CALL_INDIRECT_OWN;
            #if MW_ALL_OPS
            CHECK(mw_code_check(rt, m[0], d, &det, &at) == MW_ERR_INVALID && at == k && det == MW_D_CODE_OP);
            #else
            CHECK(mw_code_check(rt, m[0], d, &det, &at) == MW_ERR_INVALID && at == k && det == MW_D_CODE_NOT_IN_SET);
            #endif
            d->code[k] = MW_OP_CALL_INDIRECT;
        }
        CHECK(mw_code_check(rt, m[0], d, &det, &at) == MW_OK);
        uint32_t a1[] = {9, 1};
        CHECK(call_i32(rt, in[0], "call_u", 2, a1, &r, NULL) == MW_OK && r == 10);
    }
    for (int w = 0; w < 2; w++) {
        mw_instance_free(rt, in[w]);
        mw_module_free(rt, m[w]);
    }
    mw_runtime_free(rt);
    CHECK(live_blocks == before);
}

// ---- where a failed call stopped (mw_trap_trace) --------------------------------

static mw_runtime *trace_rt;
static mw_instance *trace_other;  // the instance env.cb calls back into
static int trace_mode;            // env.cb: 0 calls trace_other's top(x), 1 fails itself
static uint32_t trace_inner_depth;
static mw_trap_frame trace_inner[MW_TRACE_FRAMES];

static mw_status cb_trace(void *ctx, mw_func *self, mw_val *slots) {
    (void)ctx;
    (void)self;
    if (trace_mode == 1) {
        return MW_ERR_HOST;
    }
    mw_val a = slots[0], r;
    mw_status st = mw_call(trace_rt, exp_of(trace_other, "top").func, &a, &r, NULL);
    // read inside the host function, after its own call failed
    trace_inner_depth = mw_trap_trace(trace_rt, 0, &trace_inner[0]);
    for (uint32_t i = 1; i < trace_inner_depth && i < MW_TRACE_FRAMES; i++) {
        mw_trap_trace(trace_rt, i, &trace_inner[i]);
    }
    slots[0] = r;
    return st;
}

// frame i of the last failure is function func of inst (host: that host function)
static bool trace_is(mw_runtime *rt, uint32_t i, const mw_instance *inst, uint32_t func, const mw_func *host) {
    mw_trap_frame t;
    memset(&t, 0xa5, sizeof(t));
    return mw_trap_trace(rt, i, &t) > i && t.inst == inst && t.func == func && t.host == host;
}

// The path of n frames: funcs[0] on top; all in inst.
static bool trace_path(mw_runtime *rt, const mw_instance *inst, uint32_t n, const uint32_t *funcs) {
    bool ok = mw_trap_trace(rt, 0, &(mw_trap_frame){0}) == n;
    for (uint32_t i = 0; i < n && i < MW_TRACE_FRAMES; i++) {
        ok = ok && trace_is(rt, i, inst, funcs[i], NULL);
    }
    return ok;
}

// The name of function x in m, as a C string ("" if none).
static const char *func_name(const mw_module *m, uint32_t x) {
    static char buf[32];
    const char *name;
    uint32_t len;
    buf[0] = 0;
    if (mw_module_func_name(m, x, &name, &len) && len < sizeof(buf)) {
        memcpy(buf, name, len);
        buf[len] = 0;
    }
    return buf;
}

// Where in each function a failed call stopped (mw_trap_offset,
// MW_TRAP_OFFSETS): the byte offset of top -> mid -> div's i32.div_u and of
// the two calls, in a lazy module and an eager one that borrows its bytes;
// none in an eager module that copied them (no body), nor past the path.
// Out of memory for lowering the body again it finds none, and the
// failure's report (its text too) and path stay as they were.
static void test_trap_offset(void) {
    #if MW_TRAP_OFFSETS
    long before = live_blocks;
    mw_runtime *rt = trace_rt = new_rt(0);
    functype_buf buf;
    mw_func *cb = NULL;
    CHECK(mw_func_new_host(rt, functype_i32_to_i32(&buf), cb_trace, NULL, &cb) == MW_OK);
    mw_import im[1] = {{.func = cb}};
    static const uint32_t flags[3] = {MW_LOAD_LAZY | MW_LOAD_BORROW, MW_LOAD_BORROW, 0};
    for (int k = 0; k < 3; k++) {
        mw_module *m = load_lazy(rt, wasm_trace, sizeof(wasm_trace), flags[k]);
        mw_instance *a = NULL;
        mw_inst_options opt = {0, NULL, false};
        CHECK(m != NULL && mw_instantiate(rt, m, im, &opt, &a) == MW_OK);
        if (a == NULL) {
            mw_module_free(rt, m);
            continue;
        }
        uint32_t r, x = 0, at[3] = {0, 0, 0};
        CHECK(call_i32(rt, a, "top", 1, &x, &r, NULL) == MW_TRAP_DIV_ZERO);
        CHECK(trace_path(rt, a, 3, (const uint32_t[]){1, 2, 3}));
        for (uint32_t i = 0; i < 3; i++) {
            CHECK(mw_trap_offset(rt, i, &at[i]) == (k < 2 ? MW_OK : MW_ERR_ARG));
        }
        uint32_t no;
        CHECK(mw_trap_offset(rt, 3, &no) == MW_ERR_ARG);
        if (k < 2) {
            // i32.div_u (0x6e), then the calls (0x10) of div and of mid, in order
            CHECK(wasm_trace[at[0]] == 0x6e && wasm_trace[at[1]] == 0x10 && wasm_trace[at[2]] == 0x10);
            CHECK(at[0] < at[1] && at[1] < at[2] && wasm_trace[at[1] + 1] == 1 && wasm_trace[at[2] + 1] == 2);
            fail_at = alloc_count;
            CHECK(mw_trap_offset(rt, 0, &no) == MW_ERR_NOMEM);
            fail_at = -1;
            CHECK(mw_last_report(rt)->status == MW_TRAP_DIV_ZERO);
            CHECK(strcmp(mw_last_report(rt)->msg, "integer divide by zero") == 0);
            CHECK(trace_path(rt, a, 3, (const uint32_t[]){1, 2, 3}));
            CHECK(mw_trap_offset(rt, 1, &no) == MW_OK && no == at[1]);
        }
        mw_trap_trace_clear(rt);
        CHECK(mw_trap_offset(rt, 0, &no) == MW_ERR_ARG);
        mw_instance_free(rt, a);
        mw_module_free(rt, m);
    }
    mw_func_free(rt, cb);
    mw_runtime_free(rt);
    CHECK(live_blocks == before);
    #endif
}

// A trap at depth names the trapping function and its callers (exec.c's
// trap path, trap_note), top first; deeper than MW_TRACE_FRAMES the top ones
// and the whole depth; through a host function that called back into
// another instance, each frame its own instance and the host function
// marked; the host function's own failure; stack and fuel exhausted; a
// success and a failure before any wasm ran leave none; under a code budget
// that drops and lowers functions again, the same names.
static void test_trap_trace(void) {
    long before = live_blocks;
    mw_runtime *rt = trace_rt = new_rt(0);
    functype_buf buf;
    mw_functype *ft = functype_i32_to_i32(&buf);
    mw_func *cb = NULL;
    CHECK(mw_func_new_host(rt, ft, cb_trace, NULL, &cb) == MW_OK);
    mw_import im[1] = {{.func = cb}};
    mw_module *m = NULL, *m2 = NULL;
    mw_instance *a = inst_of(rt, wasm_trace, sizeof(wasm_trace), im, 0, &m);
    mw_instance *b = inst_of(rt, wasm_trace, sizeof(wasm_trace), im, 0, &m2);
    CHECK(a != NULL && b != NULL);
    if (a != NULL && b != NULL) {
        uint32_t r, x = 0, five = 5;
        CHECK(call_i32(rt, a, "top", 1, &x, &r, NULL) == MW_TRAP_DIV_ZERO);
        CHECK(trace_path(rt, a, 3, (const uint32_t[]){1, 2, 3}));
        // a success after it, and a failure before wasm runs: none
        CHECK(call_i32(rt, a, "top", 1, &five, &r, NULL) == MW_OK && r == 20);
        CHECK(mw_trap_trace(rt, 0, &(mw_trap_frame){0}) == 0);
        CHECK(call_i32(rt, a, "div", 1, &x, &r, NULL) == MW_TRAP_DIV_ZERO);
        CHECK(trace_path(rt, a, 1, (const uint32_t[]){1}));
        mw_module *bad = NULL;
        CHECK(mw_module_load(rt, (const uint8_t *)"\0asm", 4, 0, &bad) == MW_ERR_MALFORMED);
        CHECK(mw_trap_trace(rt, 0, &(mw_trap_frame){0}) == 0);
        // via_host(0) in a: env.cb calls b's top(0), which traps
        trace_other = b;
        trace_mode = 0;
        trace_inner_depth = 0;
        CHECK(call_i32(rt, a, "via_host", 1, &x, &r, NULL) == MW_TRAP_DIV_ZERO);
        CHECK(trace_inner[0].inst == b && trace_inner[0].func == 1 && trace_inner[0].host == NULL);
        CHECK(trace_inner[2].inst == b && trace_inner[2].func == 3 && trace_inner[2].host == NULL);
        #if MW_HOST_FRAMES
        CHECK(trace_inner_depth == 5);
        CHECK(trace_inner[3].inst == a && trace_inner[3].func == 0 && trace_inner[3].host == cb);
        CHECK(trace_inner[4].inst == a && trace_inner[4].func == 4 && trace_inner[4].host == NULL);
        // the host function passed that trap on: its (deeper) path stays
        CHECK(trace_is(rt, 0, b, 1, NULL) && trace_is(rt, 1, b, 2, NULL) && trace_is(rt, 2, b, 3, NULL));
        CHECK(trace_is(rt, 3, a, 0, cb) && trace_is(rt, 4, a, 4, NULL));
        CHECK(mw_trap_trace(rt, 0, &(mw_trap_frame){0}) == 5);
        #else
        // no host frames: the path ends at the wasm the host function
        // called; passed on, the failure is noted again at the host's caller
        CHECK(trace_inner_depth == 3);
        CHECK(mw_trap_trace(rt, 0, &(mw_trap_frame){0}) == 1 && trace_is(rt, 0, a, 4, NULL));
        #endif
        // the host function fails itself: it is the top (without host
        // frames, its caller)
        trace_mode = 1;
        CHECK(call_i32(rt, a, "via_host", 1, &x, &r, NULL) == MW_ERR_HOST);
        #if MW_HOST_FRAMES
        CHECK(mw_trap_trace(rt, 0, &(mw_trap_frame){0}) == 2);
        CHECK(trace_is(rt, 0, a, 0, cb) && trace_is(rt, 1, a, 4, NULL));
        #else
        CHECK(mw_trap_trace(rt, 0, &(mw_trap_frame){0}) == 1 && trace_is(rt, 0, a, 4, NULL));
        #endif
        // 20 levels of deep over div: the top MW_TRACE_FRAMES, the whole depth
        uint32_t twenty = 20;
        CHECK(call_i32(rt, a, "deep", 1, &twenty, &r, NULL) == MW_TRAP_DIV_ZERO);
        CHECK(mw_trap_trace(rt, 0, &(mw_trap_frame){0}) == 22);
        CHECK(trace_is(rt, 0, a, 1, NULL) && trace_is(rt, 1, a, 5, NULL));
        CHECK(trace_is(rt, MW_TRACE_FRAMES - 1, a, 5, NULL));
        mw_trap_frame t = {0};
        mw_trap_trace(rt, MW_TRACE_FRAMES, &t);
        CHECK(t.inst == NULL);    // (past the recorded frames: not written)
        // the call stack exhausted (new_rt: 100 frames): deep's call is the top
        uint32_t many = 1000;
        CHECK(call_i32(rt, a, "deep", 1, &many, &r, NULL) == MW_TRAP_STACK);
        CHECK(mw_trap_trace(rt, 0, &(mw_trap_frame){0}) == 100 && trace_is(rt, 0, a, 5, NULL));
        // out of fuel somewhere in deep or div
        int64_t fuel = 10;
        CHECK(call_i32(rt, a, "deep", 1, &many, &r, &fuel) == MW_TRAP_FUEL);
        CHECK(mw_trap_trace(rt, 0, &t) > 1 && t.inst == a && (t.func == 5 || t.func == 1));
        mw_trap_trace_clear(rt);
        CHECK(mw_trap_trace(rt, 0, &(mw_trap_frame){0}) == 0);
        // names: the borrowed binary's name section (MW_FUNC_NAMES builds);
        // none without the binary, nor in a module without names
        mw_module *nm = load_lazy(rt, wasm_trace, sizeof(wasm_trace), MW_LOAD_BORROW);
        CHECK(nm != NULL);
        #if MW_FUNC_NAMES
        CHECK(strcmp(func_name(nm, 0), "cb") == 0 && strcmp(func_name(nm, 1), "div") == 0);
        CHECK(strcmp(func_name(nm, 5), "deep") == 0 && strcmp(func_name(nm, 6), "") == 0);
        // a name's length past the subsection: still loads, no names read
        static uint8_t bad_names[sizeof(wasm_trace)];
        memcpy(bad_names, wasm_trace, sizeof(wasm_trace));
        size_t k = 0;
        while (k + 10 < sizeof(bad_names) && memcmp(bad_names + k, "\x04name\x01", 6) != 0) {
            k++;
        }
        CHECK(k + 10 < sizeof(bad_names) && bad_names[k + 8] == 0 && bad_names[k + 9] == 2);
        bad_names[k + 9] = 0x7f;
        mw_module *bm = load_lazy(rt, bad_names, sizeof(bad_names), MW_LOAD_BORROW);
        CHECK(bm != NULL && strcmp(func_name(bm, 0), "") == 0 && strcmp(func_name(bm, 1), "") == 0);
        mw_module_free(rt, bm);
        bm = load_lazy(rt, bad_names, sizeof(bad_names), MW_LOAD_NAMES);
        CHECK(bm != NULL && strcmp(func_name(bm, 1), "") == 0);
        mw_module_free(rt, bm);
        // not borrowed: names only with MW_LOAD_NAMES, a copy (the caller's
        // bytes overwritten after the load), its bytes in the module's RAM
        static uint8_t scratch[sizeof(wasm_trace)];
        memcpy(scratch, wasm_trace, sizeof(wasm_trace));
        mw_module *plain = load_lazy(rt, scratch, sizeof(scratch), 0);
        mw_module *named = load_lazy(rt, scratch, sizeof(scratch), MW_LOAD_NAMES);
        mw_module *lazy_named = load_lazy(rt, scratch, sizeof(scratch), MW_LOAD_NAMES | MW_LOAD_LAZY);
        memset(scratch, 0, sizeof(scratch));
        CHECK(plain != NULL && named != NULL && lazy_named != NULL);
        CHECK(strcmp(func_name(plain, 1), "") == 0);
        CHECK(strcmp(func_name(named, 1), "div") == 0 && strcmp(func_name(named, 5), "deep") == 0);
        CHECK(strcmp(func_name(lazy_named, 0), "cb") == 0 && strcmp(func_name(lazy_named, 6), "") == 0);
        CHECK(mw_module_ram(named) > mw_module_ram(plain) + 10);
        mw_module_free(rt, plain);
        mw_module_free(rt, named);
        mw_module_free(rt, lazy_named);
        #endif
        CHECK(strcmp(func_name(m, 1), "") == 0);
        mw_module *none = load_lazy(rt, wasm_chain, sizeof(wasm_chain), MW_LOAD_BORROW);
        CHECK(none != NULL && strcmp(func_name(none, 1), "") == 0);
        mw_module_free(rt, none);
        mw_module_free(rt, nm);
    }
    mw_instance_free(rt, a);
    mw_instance_free(rt, b);
    mw_module_free(rt, m);
    mw_module_free(rt, m2);
    #if MW_UNLOWER
    // a lazy module whose budget holds one function at a time: every call
    // drops the others and lowers them again; the trap names them as before
    mw_module *lm = load_lazy(rt, wasm_trace, sizeof(wasm_trace), MW_LOAD_LAZY | MW_LOAD_BORROW);
    mw_instance *li = NULL;
    CHECK(lm != NULL && mw_module_set_code_budget(rt, lm, 1) == MW_OK);
    CHECK(lm != NULL && mw_instantiate(rt, lm, im, NULL, &li) == MW_OK);
    if (li != NULL) {
        uint32_t r, x = 0, three = 3;
        for (int k = 0; k < 3; k++) {
            CHECK(call_i32(rt, li, "deep", 1, &three, &r, NULL) == MW_TRAP_DIV_ZERO);
            CHECK(trace_path(rt, li, 5, (const uint32_t[]){1, 5, 5, 5, 5}));
            CHECK(call_i32(rt, li, "div", 1, &three, &r, NULL) == MW_OK && r == 33);
            CHECK(call_i32(rt, li, "top", 1, &x, &r, NULL) == MW_TRAP_DIV_ZERO);
            CHECK(trace_path(rt, li, 3, (const uint32_t[]){1, 2, 3}));
        }
        CHECK(mw_module_num_lowerings(lm) > 6);
        mw_instance_free(rt, li);
    }
    mw_module_free(rt, lm);
    #endif
    mw_func_free(rt, cb);
    mw_runtime_free(rt);
    CHECK(live_blocks == before);
}

static void test_cross_instance_calls(void) {
    long before = live_blocks;
    mw_runtime *rt = xc_rt = new_rt(0);
    enum { FRAMES = 40 };
    CHECK(mw_runtime_set_stacks(rt, 1024, FRAMES) == MW_OK);
    mw_limits lim = {2, 2, true, 16};
    mw_table *tab = NULL;
    CHECK(mw_table_new(rt, MW_FUNCREF, &lim, NULL, &tab) == MW_OK);
    functype_buf buf;
    mw_functype *ft = functype_i32_to_i32(&buf);
    mw_func *probe = NULL;
    mw_func_new_host(rt, ft, cb_xc_probe, NULL, &probe);
    mw_global *who[2] = {NULL, NULL};
    mw_module *m[2] = {NULL, NULL};
    mw_instance *in[2] = {NULL, NULL};
    for (uint32_t w = 0; w < 2; w++) {
        CHECK(mw_global_new(rt, MW_I32, false, vi(w), &who[w]) == MW_OK);
        mw_import im[3];
        memset(im, 0, sizeof(im));
        im[0].table = tab;
        im[1].global = who[w];
        im[2].func = probe;
        in[w] = inst_of(rt, wasm_xcall, sizeof(wasm_xcall), im, 0, &m[w]);
        CHECK(in[w] != NULL);
    }
    if (in[0] != NULL && in[1] != NULL) {
        xc_run0 = exp_of(in[0], "run").func;
        mw_val r;
        for (uint32_t w = 0; w < 2; w++) {
            for (uint32_t n = 0; n <= 9; n++) {
                xc_mode = 0;
                CHECK(call2(rt, in[w], "run", vi(n), vi(0), &r) == MW_OK && r.i32 == xc_model(w, n, 0));
                xc_mode = 2;
                CHECK(call2(rt, in[w], "run", vi(n), vi(0), &r) == MW_OK && r.i32 == xc_model(w, n, 2));
            }
        }
        // the host fails at the bottom of 7 switches: unwound, then both run again
        xc_mode = 1;
        CHECK(call2(rt, in[1], "run", vi(7), vi(0), &r) == MW_ERR_HOST);
        xc_mode = 0;
        CHECK(call2(rt, in[0], "run", vi(5), vi(0), &r) == MW_OK && r.i32 == xc_model(0, 5, 0));
        CHECK(call2(rt, in[1], "run", vi(6), vi(0), &r) == MW_OK && r.i32 == xc_model(1, 6, 0));
        // run(n) needs n + 2 frames (the first, n + 1 levels, $mix at the
        // bottom): FRAMES - 2 runs; FRAMES - 1 traps at $mix's call (within
        // the instance), FRAMES at the last switch
        CHECK(call2(rt, in[0], "run", vi(FRAMES - 2), vi(0), &r) == MW_OK && r.i32 == xc_model(0, FRAMES - 2, 0));
        CHECK(call2(rt, in[0], "run", vi(FRAMES - 1), vi(0), &r) == MW_TRAP_STACK);
        CHECK(call2(rt, in[1], "run", vi(FRAMES), vi(0), &r) == MW_TRAP_STACK);
        CHECK(call2(rt, in[1], "run", vi(FRAMES - 2), vi(0), &r) == MW_OK && r.i32 == xc_model(1, FRAMES - 2, 0));
        // re-entered from the host at depth n + 1: the nested run(3) needs 5
        // frames more and the host function one of its own (MW_HOST_FRAMES),
        // so FRAMES - 6 - MW_HOST_FRAMES runs and one level more traps inside it
        xc_mode = 2;
        enum { RE = FRAMES - 6 - MW_HOST_FRAMES };
        CHECK(call2(rt, in[1], "run", vi(RE), vi(0), &r) == MW_OK && r.i32 == xc_model(1, RE, 2));
        CHECK(call2(rt, in[1], "run", vi(RE + 1), vi(0), &r) == MW_TRAP_STACK);
        xc_mode = 0;
        CHECK(call2(rt, in[0], "run", vi(3), vi(0), &r) == MW_OK && r.i32 == xc_model(0, 3, 0));
        // through the imported table, whose owner may be another instance:
        // CALL_INDIRECT in every profile, and the code check refuses a
        // CALL_INDIRECT_OWN on it (without MW_FUSED_ARITH: any)
        CHECK(count_op(in[0], "run", MW_OP_CALL_INDIRECT) == 1 && count_op(in[0], "run", MW_OP_CALL_INDIRECT_OWN) == 0);
        mw_funcdef *d = (mw_funcdef *)exp_of(in[0], "run").func->u.wasm.def;
        uint32_t k = find_op(d, MW_OP_CALL_INDIRECT);
        mw_detail det;
        uint32_t at = 0;
        CHECK(k < d->code_len);
        if (k < d->code_len) {
            d->code[k] = MW_OP_CALL_INDIRECT_OWN;
            #if MW_FUSED_ARITH
            mw_detail want = MW_D_CODE_INDEX;
            #elif MW_ALL_OPS
            mw_detail want = MW_D_CODE_OP;
            #else
            mw_detail want = MW_D_CODE_NOT_IN_SET;
            #endif
            CHECK(mw_code_check(rt, m[0], d, &det, &at) == MW_ERR_INVALID && at == k && det == want);
            d->code[k] = MW_OP_CALL_INDIRECT;
            CHECK(mw_code_check(rt, m[0], d, &det, &at) == MW_OK);
        }
    }
    for (uint32_t w = 0; w < 2; w++) {
        mw_instance_free(rt, in[w]);
        mw_module_free(rt, m[w]);
        mw_global_free(rt, who[w]);
    }
    mw_func_free(rt, probe);
    mw_table_free(rt, tab);
    mw_runtime_free(rt);
    CHECK(live_blocks == before);
}

// Out of memory at every allocation of instantiating B into A's table and
// making objects (table.get of A's entries from B, ref.func): a clean
// MW_ERR_NOMEM, never a crash, and nothing leaks.
static void test_funcref_out_of_memory(void) {
    int ok_runs = 0;
    for (long k = 0; k < 80; k++) {
        long before = live_blocks;
        mw_runtime *rt = new_rt(0);
        mw_module *ma, *mb;
        mw_instance *a = inst_of(rt, wasm_tab_a, sizeof(wasm_tab_a), NULL, 0, &ma);
        mw_status st = mw_module_load(rt, wasm_tab_b, sizeof(wasm_tab_b), 0, &mb);
        CHECK(a != NULL && st == MW_OK);
        mw_import im;
        memset(&im, 0, sizeof(im));
        im.table = exp_of(a, "tab").table;
        mw_instance *b = NULL;
        alloc_count = 0;
        fail_at = k;
        st = mw_instantiate(rt, mb, &im, NULL, &b);
        mw_val r;
        if (st == MW_OK) {
            st = call2(rt, b, "get", vi(1), vi(0), &r);
        }
        if (st == MW_OK) {
            st = call2(rt, a, "ref_v7", vi(0), vi(0), &r);
        }
        fail_at = -1;
        CHECK(st == MW_OK || st == MW_ERR_NOMEM);
        ok_runs += st == MW_OK;
        mw_instance_free(rt, b);
        mw_instance_free(rt, a);
        mw_module_free(rt, mb);
        mw_module_free(rt, ma);
        mw_runtime_free(rt);
        CHECK(live_blocks == before);
    }
    CHECK(ok_runs > 0);
}

// (the code budget and the arena, below: mw_module_set_code_budget and
// mw_module_unlower exist only with MW_UNLOWER, which the small profile
// leaves out)
#if MW_UNLOWER
// ---- the code budget (mw_module_set_code_budget, lazy.c) ------------------------

static mw_runtime *budget_rt;
static mw_instance *budget_inst;
static size_t budget_max_ram;     // the most mw_module_ram seen inside the host call

// env.cb: "work" on the same instance, a call back into wasm while "outer"
// waits in this host call
static mw_status cb_work(void *ctx, mw_func *self, mw_val *slots) {
    (void)self;
    mw_val a = slots[0], r;
    mw_status st = mw_call(budget_rt, exp_of(budget_inst, "work").func, &a, &r, NULL);
    size_t ram = mw_module_ram((const mw_module *)ctx);
    budget_max_ram = ram > budget_max_ram ? ram : budget_max_ram;
    slots[0] = r;
    return st;
}

// What calling `name` (i32) -> i32 once with arg adds to the RAM of a fresh
// lazy module of b, instantiated with im: the blocks the call lowers.
static size_t lowered_by_call(mw_runtime *rt, const unsigned char *b, size_t n, const mw_import *im,
    const char *name, uint32_t arg) {
    mw_module *m = load_lazy(rt, b, n, MW_LOAD_LAZY | MW_LOAD_BORROW);
    mw_instance *inst = NULL;
    uint32_t r, a[1] = {arg};
    size_t bytes = 0;
    if (m != NULL && mw_instantiate(rt, m, im, NULL, &inst) == MW_OK) {
        size_t ram0 = mw_module_ram(m);
        CHECK(call_i32(rt, inst, name, 1, a, &r, NULL) == MW_OK);
        bytes = mw_module_ram(m) - ram0;
        mw_instance_free(rt, inst);
    }
    mw_module_free(rt, m);
    return bytes;
}

// What lowering `name` adds to a fresh lazy module of engine_budget: its block.
static size_t budget_block(mw_runtime *rt, mw_func *host, const char *name) {
    mw_import im[1] = {{.func = host}};
    return lowered_by_call(rt, wasm_budget, sizeof(wasm_budget), im, name, 3);
}

// A budget that holds outer, work and one and a half of $f1..$f3: lowering
// $f2 and $f3 inside the host call drops the function lowered longest ago
// that is not running. outer is the oldest, and it waits on its own frame
// below the inner call's (a frame holds its own function's code, exec.c):
// were it dropped, the rest of outer would run from freed memory (ASan) or
// from another function's code. The results are the eager module's, RAM
// stays within the load's plus the budget inside the call and after it, and
// the dropped functions are lowered again when called.
static void test_lazy_budget(void) {
    long before = live_blocks;
    mw_runtime *rt = budget_rt = new_rt(0);
    functype_buf buf;
    mw_functype *ft = functype_i32_to_i32(&buf);
    mw_func *probe = NULL;
    CHECK(mw_func_new_host(rt, ft, cb_work, NULL, &probe) == MW_OK);
    size_t f = budget_block(rt, probe, "f1");
    CHECK(f > 0 && budget_block(rt, probe, "f2") == f && budget_block(rt, probe, "f3") == f);
    size_t work = budget_block(rt, probe, "work") - 3 * f;
    mw_func_free(rt, probe);

    mw_module *m = load_lazy(rt, wasm_budget, sizeof(wasm_budget), MW_LOAD_LAZY | MW_LOAD_BORROW);
    mw_module *eager = load_lazy(rt, wasm_budget, sizeof(wasm_budget), 0);
    CHECK(m != NULL && eager != NULL);
    mw_import im[1], eim[1];
    memset(im, 0, sizeof(im));
    memset(eim, 0, sizeof(eim));
    CHECK(mw_func_new_host(rt, ft, cb_work, m, &im[0].func) == MW_OK);
    CHECK(mw_func_new_host(rt, ft, cb_work, eager, &eim[0].func) == MW_OK);
    mw_instance *inst = NULL, *einst = NULL;
    CHECK(mw_instantiate(rt, m, im, NULL, &inst) == MW_OK);
    CHECK(mw_instantiate(rt, eager, eim, NULL, &einst) == MW_OK);
    // outer's block: what a lazy module without a budget adds for it,
    // work and $f1..$f3 (all lowered by one call of outer)
    mw_module *plain = load_lazy(rt, wasm_budget, sizeof(wasm_budget), MW_LOAD_LAZY | MW_LOAD_BORROW);
    mw_instance *pinst = NULL;
    CHECK(plain != NULL && mw_instantiate(rt, plain, eim, NULL, &pinst) == MW_OK);
    size_t pram0 = mw_module_ram(plain);
    uint32_t r = 0, e = 0, a[1] = {1000};
    budget_inst = pinst;
    CHECK(call_i32(rt, pinst, "outer", 1, a, &r, NULL) == MW_OK);
    size_t outer = mw_module_ram(plain) - pram0 - work - 3 * f;
    CHECK(mw_module_num_lowered(plain) == 5 && mw_module_num_lowerings(plain) == 5);

    size_t budget = outer + work + f + f / 2;
    CHECK(mw_module_set_code_budget(rt, eager, budget) == MW_ERR_ARG);
    CHECK(mw_module_set_code_budget(rt, m, budget) == MW_OK);
    size_t ram0 = mw_module_ram(m);
    for (uint32_t k = 0; k < 3; k++) {
        a[0] = 1000 + k;
        budget_inst = einst;
        CHECK(call_i32(rt, einst, "outer", 1, a, &e, NULL) == MW_OK);
        budget_inst = inst;
        budget_max_ram = 0;
        CHECK(call_i32(rt, inst, "outer", 1, a, &r, NULL) == MW_OK && r == e);
        CHECK(budget_max_ram > ram0 && budget_max_ram <= ram0 + budget);
        CHECK(mw_module_ram(m) <= ram0 + budget);
    }
    // dropped and lowered again: $f1..$f3 and work in every call (outer
    // only in the first: it is never dropped, always running when the
    // budget needs room)
    CHECK(mw_module_num_lowered(m) < 5);
    CHECK(mw_module_num_lowerings(m) > 2 * 5);
    // without a budget again: nothing more is dropped
    CHECK(mw_module_set_code_budget(rt, m, 0) == MW_OK);
    uint32_t n = mw_module_num_lowerings(m);
    budget_inst = inst;
    CHECK(call_i32(rt, inst, "outer", 1, a, &r, NULL) == MW_OK && r == e);
    CHECK(mw_module_num_lowered(m) == 5);
    CHECK(call_i32(rt, inst, "outer", 1, a, &r, NULL) == MW_OK && r == e);
    CHECK(mw_module_num_lowerings(m) <= n + 5);
    mw_instance_free(rt, pinst);
    mw_instance_free(rt, inst);
    mw_instance_free(rt, einst);
    mw_func_free(rt, im[0].func);
    mw_func_free(rt, eim[0].func);
    mw_module_free(rt, plain);
    mw_module_free(rt, m);
    mw_module_free(rt, eager);
    mw_runtime_free(rt);
    CHECK(live_blocks == before && size_mismatches == 0);
}

// What calling `name` once adds to a fresh lazy module of engine_budget_hot:
// the blocks it lowers.
static size_t hot_blocks(mw_runtime *rt, const char *name) {
    return lowered_by_call(rt, wasm_budget_hot, sizeof(wasm_budget_hot), NULL, name, 5);
}

// Second chance (lazy.c lazy_evict): under a budget that holds run, $hot and
// one of $c1..$c4, each $c called once drops the $c before it, never $hot,
// which run calls again before each: 6 lowerings a call of run (each
// function once) where oldest-lowered first also dropped and lowered $hot
// again for every $c after the first (9). The results are the eager
// module's and RAM stays within the budget; a second call of run lowers
// every $c again but not $hot if the budget keeps it.
static void test_lazy_budget_keeps_hot(void) {
    twin t = open_twin(NULL, wasm_budget_hot, sizeof(wasm_budget_hot));
    size_t hot = hot_blocks(t.rt, "hot"), c = hot_blocks(t.rt, "c1"), all = hot_blocks(t.rt, "run");
    size_t run = all - hot - 4 * c;
    CHECK(hot > 0 && c > hot && all > hot + 4 * c);
    size_t budget = run + hot + c;
    CHECK(mw_module_set_code_budget(t.rt, t.lazy, budget) == MW_OK);
    size_t ram0 = mw_module_ram(t.lazy);
    uint32_t r = 0, e = 0, a[1] = {9};
    CHECK(call_i32(t.rt, t.einst, "run", 1, a, &e, NULL) == MW_OK);
    CHECK(call_i32(t.rt, t.inst, "run", 1, a, &r, NULL) == MW_OK && r == e);
    CHECK(mw_module_ram(t.lazy) <= ram0 + budget);
    CHECK(mw_module_num_lowerings(t.lazy) == 6);
    // run, $hot and $c4 stay; the second call lowers $c1..$c4 again
    CHECK(mw_module_num_lowered(t.lazy) == 3);
    a[0] = 10;
    CHECK(call_i32(t.rt, t.einst, "run", 1, a, &e, NULL) == MW_OK);
    CHECK(call_i32(t.rt, t.inst, "run", 1, a, &r, NULL) == MW_OK && r == e);
    CHECK(mw_module_ram(t.lazy) <= ram0 + budget);
    CHECK(mw_module_num_lowerings(t.lazy) == 6 + 4);
    close_twin(&t);
}

// A running function is never evicted (lazy.c lazy_running): run ($a) and
// $b recurse through each other 90 levels deep (the test runtime allows 100
// frames), each level lowering a leaf
// under a budget of one byte, so every lowering drops all it can. $a and $b,
// on frames all the way down, are lowered once each; each leaf call lowers
// its leaf again (the other leaf's lowering dropped it): 2 + 90 lowerings,
// the eager module's result, and after the call $a, $b and the last leaf
// lowered. Were a function on a frame dropped, the code would run from freed
// memory (ASan) and the count would grow with each call that lowers it again.
static void test_lazy_budget_deep(void) {
    twin t = open_twin(NULL, wasm_budget_deep, sizeof(wasm_budget_deep));
    CHECK(mw_module_set_code_budget(t.rt, t.lazy, 1) == MW_OK);
    uint32_t r = 0, e = 0, a[1] = {90};
    CHECK(call_i32(t.rt, t.einst, "run", 1, a, &e, NULL) == MW_OK);
    CHECK(call_i32(t.rt, t.inst, "run", 1, a, &r, NULL) == MW_OK && r == e);
    CHECK(mw_module_num_lowerings(t.lazy) == 2 + 90);
    CHECK(mw_module_num_lowered(t.lazy) == 3);
    // again: nothing was lowered between the calls, so $a, $b and $l2 stayed;
    // $l1's lowering at the top drops $b (not running yet) and $l2: $b once
    // more, then the leaves as before
    CHECK(call_i32(t.rt, t.inst, "run", 1, a, &r, NULL) == MW_OK && r == e);
    CHECK(mw_module_num_lowerings(t.lazy) == 2 + 90 + 1 + 90);
    close_twin(&t);
}

// A working set larger than the budget (lazy.c lazy_drop_newest): run's
// loop calls $f1..$f4 (each twice, so each is used again after it is
// lowered) under a budget holding run and three of them. When eviction comes
// round to the first function it armed, the newest goes: $f1 and $f2 stay
// resident and each later iteration lowers only $f3 and $f4 again (run, then
// 4 + 2 x 9 lowerings for ten iterations), where dropping the oldest (second
// chance alone) lowered all four every iteration (1 + 40). Results are the
// eager module's, RAM stays within the budget, run never loses its own code.
static void test_lazy_budget_loop(void) {
    twin t = open_twin(NULL, wasm_budget_loop, sizeof(wasm_budget_loop));
    size_t f = lowered_by_call(t.rt, wasm_budget_loop, sizeof(wasm_budget_loop), NULL, "f1", 1);
    size_t all = lowered_by_call(t.rt, wasm_budget_loop, sizeof(wasm_budget_loop), NULL, "run", 1);
    CHECK(f > 0 && all > 4 * f);
    size_t run = all - 4 * f;
    size_t budget = run + 3 * f;
    CHECK(mw_module_set_code_budget(t.rt, t.lazy, budget) == MW_OK);
    size_t ram0 = mw_module_ram(t.lazy);
    uint32_t r = 0, e = 0, a[1] = {10};
    CHECK(call_i32(t.rt, t.einst, "run", 1, a, &e, NULL) == MW_OK);
    CHECK(call_i32(t.rt, t.inst, "run", 1, a, &r, NULL) == MW_OK && r == e);
    CHECK(mw_module_ram(t.lazy) <= ram0 + budget);
    CHECK(mw_module_num_lowerings(t.lazy) == 1 + 4 + 2 * 9);
    close_twin(&t);
}

#endif

// ---- the code arena (lazy.c): a budget over MW_CODE_ARENA_MIN keeps the
// code in one block of the budget's size (only where code can be given
// back: the arena is among mw_module's MW_UNLOWER fields) ----
#if MW_UNLOWER

// A module of k functions (i32) -> i32 exported "f0".."f<k-1>", function i
// its argument (or with calls, calls[i] != 0: function calls[i] - 1's result
// on it) plus 1..ns[i] one i32.add at a time; its length.
static size_t sums_module(unsigned char *out, const uint32_t *ns, const uint32_t *calls, uint32_t k) {
    static const unsigned char head[] = {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 6, 1, 0x60, 1, 0x7f, 1, 0x7f};
    unsigned char *p = out;
    memcpy(p, head, sizeof(head));
    p += sizeof(head);
    *p++ = 3;
    *p++ = (unsigned char)(k + 1);
    *p++ = (unsigned char)k;
    memset(p, 0, k);
    p += k;
    *p++ = 7;
    *p++ = (unsigned char)(1 + 5 * k);
    *p++ = (unsigned char)k;
    for (uint32_t i = 0; i < k; i++) {
        *p++ = 2;
        *p++ = 'f';
        *p++ = (unsigned char)('0' + i);
        *p++ = 0;
        *p++ = (unsigned char)i;
    }
    static unsigned char code[64 * 1024];
    size_t c = put_leb(code, k);
    for (uint32_t i = 0; i < k; i++) {
        unsigned char body[16 * 1024];
        size_t b = 0;
        body[b++] = 0;            // no locals
        body[b++] = 0x20;         // local.get 0
        body[b++] = 0;
        if (calls != NULL && calls[i] != 0) {
            body[b++] = 0x10;     // call
            body[b++] = (unsigned char)(calls[i] - 1);
        }
        for (uint32_t j = 1; j <= ns[i]; j++) {
            body[b++] = 0x41;     // i32.const j (signed LEB128, j < 8192)
            if (j < 64) {
                body[b++] = (unsigned char)j;
            } else {
                body[b++] = (unsigned char)(0x80 | (j & 0x7f));
                body[b++] = (unsigned char)(j >> 7);
            }
            body[b++] = 0x6a;     // i32.add
        }
        body[b++] = 0x0b;
        c += put_leb(code + c, (uint32_t)b);
        memcpy(code + c, body, b);
        c += b;
    }
    *p++ = 10;
    p += put_leb(p, (uint32_t)c);
    memcpy(p, code, c);
    return (size_t)(p - out) + c;
}

// The arena's slots tile it and each owner's block is its slot's: true.
static bool arena_tiles(const mw_module *m) {
    uint32_t at = 0;
    while (at < m->arena_units) {
        uint32_t size = mw_code_u32(m->arena + at), owner = mw_code_u32(m->arena + at + 2);
        if (size < 4 || (owner != 0 && m->lazy_blocks[owner - 1] != m->arena + at + 4)) {
            return false;
        }
        at += size;
    }
    return at == m->arena_units;
}

// f0, f1, f2 fill the arena (the budget is their three slots); f1 is called
// again. Lowering f3 (larger than f0 or f2, not than both) drops f0 and f2
// (second chance: f1 was used) and finds their slots apart, f1 between them:
// f1's code slides to the arena's start and f3 takes the rest. f1 then runs
// from where it was moved, without being lowered again; Module.ram is the
// load's plus the arena throughout; every result is the sum's.
static void test_lazy_arena(void) {
    static unsigned char bin[80 * 1024];
    const uint32_t ns[4] = {250, 250, 250, 400};
    size_t n = sums_module(bin, ns, NULL, 4);
    long before = live_blocks;
    mw_runtime *rt = new_rt(0);
    size_t blk[4];
    char name[3] = "f0";
    for (int i = 0; i < 4; i++) {
        name[1] = (char)('0' + i);
        blk[i] = lowered_by_call(rt, bin, n, NULL, name, 0);
    }
    size_t slot[4];
    for (int i = 0; i < 4; i++) {
        slot[i] = 8 + (blk[i] + 3) / 4 * 4;
    }
    size_t budget = slot[0] + slot[1] + slot[2];
    CHECK(budget > MW_CODE_ARENA_MIN && blk[3] > blk[0] + 8 && slot[3] <= slot[0] + slot[2]);
    mw_module *m = load_lazy(rt, bin, n, MW_LOAD_LAZY | MW_LOAD_BORROW);
    mw_instance *inst = NULL;
    CHECK(m != NULL && mw_instantiate(rt, m, NULL, NULL, &inst) == MW_OK);
    CHECK(mw_module_set_code_budget(rt, m, 1) == MW_OK);
    size_t ram = mw_module_ram(m);
    CHECK(mw_module_set_code_budget(rt, m, budget) == MW_OK);
    size_t ram0 = mw_module_ram(m);
    CHECK(m->arena != NULL && ram0 == ram + budget / 4 * 4);
    uint32_t r = 0, a[1] = {7};
    bool ok = true;
    for (int i = 0; i < 3; i++) {
        name[1] = (char)('0' + i);
        ok = ok && call_i32(rt, inst, name, 1, a, &r, NULL) == MW_OK && r == 7 + ns[i] * (ns[i] + 1) / 2;
    }
    ok = ok && call_i32(rt, inst, "f1", 1, a, &r, NULL) == MW_OK && r == 7 + ns[1] * (ns[1] + 1) / 2;
    CHECK(ok && mw_module_num_lowerings(m) == 3 && mw_module_ram(m) == ram0 && arena_tiles(m));
    const mw_code_unit *f1 = m->lazy_blocks[1];
    CHECK(f1 > m->arena + 4);
    CHECK(call_i32(rt, inst, "f3", 1, a, &r, NULL) == MW_OK && r == 7 + ns[3] * (ns[3] + 1) / 2);
    CHECK(mw_module_num_lowerings(m) == 4 && mw_module_num_lowered(m) == 2);
    CHECK(m->lazy_blocks[1] == m->arena + 4 && arena_tiles(m) && mw_module_ram(m) == ram0);
    CHECK(call_i32(rt, inst, "f1", 1, a, &r, NULL) == MW_OK && r == 7 + ns[1] * (ns[1] + 1) / 2);
    CHECK(mw_module_num_lowerings(m) == 4);
    // f0 and f2 again: lowered into the arena, each dropping what it must
    for (int k = 0; k < 2; k++) {
        name[1] = (char)('0' + 2 * k);
        CHECK(call_i32(rt, inst, name, 1, a, &r, NULL) == MW_OK && r == 7 + ns[2 * k] * (ns[2 * k] + 1) / 2);
    }
    CHECK(mw_module_num_lowerings(m) == 6 && arena_tiles(m) && mw_module_ram(m) == ram0);
    // another budget with code in the arena keeps the arena as it is (lazy.c
    // arena_resize: the code in it stays valid), and so does the same again
    const mw_code_unit *arena = m->arena;
    uint32_t units = m->arena_units;
    CHECK(mw_module_set_code_budget(rt, m, budget + 64) == MW_OK && m->arena == arena && m->arena_units == units);
    CHECK(mw_module_set_code_budget(rt, m, budget) == MW_OK && m->arena == arena && mw_module_ram(m) == ram0);
    // Module.unlower keeps the arena, empty; another budget then makes it anew
    // at its size (arena_empty, since session 37), the code lowered into it;
    // the module frees it
    CHECK(mw_module_unlower(rt, m) == MW_OK && mw_module_ram(m) == ram0 && arena_tiles(m));
    CHECK(mw_module_set_code_budget(rt, m, budget + 64) == MW_OK && m->arena_units == units + 32);
    CHECK(m->arena_made == units + 32 && mw_module_ram(m) == ram0 + 32 * sizeof(mw_code_unit) && arena_tiles(m));
    CHECK(call_i32(rt, inst, "f3", 1, a, &r, NULL) == MW_OK && r == 7 + ns[3] * (ns[3] + 1) / 2);
    CHECK(mw_module_num_lowerings(m) == 7 && m->lazy_blocks[3] == m->arena + 4 && arena_tiles(m));
    mw_instance_free(rt, inst);
    mw_module_free(rt, m);
    mw_runtime_free(rt);
    CHECK(live_blocks == before && size_mismatches == 0);
}

// A running function's code moves to make room (lazy.c arena_compact): f0
// fills the arena's start, f1 comes after it and, running, calls f2, which
// fits neither in f0's slot (dropped: not called again) nor in what is left
// after f1, only in both: f1's code slides to the arena's start, its frame's
// code and f2's return address into it with it, and f2 takes the rest. f1's
// result is the sum's (it went on in its moved code) and no code got a block
// of its own (Module.ram the load's plus the arena). Without the move f2's
// code went to a block of its own.
static void test_lazy_arena_moves_running(void) {
    static unsigned char bin[80 * 1024];
    const uint32_t ns[3] = {300, 20, 400}, calls[3] = {0, 3, 0};
    size_t n = sums_module(bin, ns, calls, 3);
    long before = live_blocks;
    mw_runtime *rt = new_rt(0);
    size_t blk[3], slot[3];
    char name[3] = "f0";
    for (int i = 0; i < 3; i++) {
        name[1] = (char)('0' + i);
        blk[i] = lowered_by_call(rt, bin, n, NULL, name, 0);
    }
    blk[1] -= blk[2];             // f1's call lowered f2 too
    for (int i = 0; i < 3; i++) {
        slot[i] = 8 + (blk[i] + 3) / 4 * 4;
    }
    size_t budget = slot[0] + slot[1] + slot[2] - slot[0] / 2;
    CHECK(budget > MW_CODE_ARENA_MIN && slot[2] > slot[0] && slot[2] > budget - slot[0] - slot[1]);
    mw_module *m = load_lazy(rt, bin, n, MW_LOAD_LAZY | MW_LOAD_BORROW);
    mw_instance *inst = NULL;
    CHECK(m != NULL && mw_instantiate(rt, m, NULL, NULL, &inst) == MW_OK);
    CHECK(mw_module_set_code_budget(rt, m, budget) == MW_OK);
    size_t ram0 = mw_module_ram(m);
    uint32_t r = 0, a[1] = {7};
    CHECK(call_i32(rt, inst, "f0", 1, a, &r, NULL) == MW_OK && r == 7 + ns[0] * (ns[0] + 1) / 2);
    CHECK(m->lazy_blocks[0] == m->arena + 4);
    CHECK(call_i32(rt, inst, "f1", 1, a, &r, NULL) == MW_OK);
    CHECK(r == 7 + ns[2] * (ns[2] + 1) / 2 + ns[1] * (ns[1] + 1) / 2);
    CHECK(mw_module_num_lowerings(m) == 3 && mw_module_num_lowered(m) == 2 && m->lazy_blocks[0] == NULL);
    CHECK(m->lazy_blocks[1] == m->arena + 4 && m->lazy_blocks[2] > m->lazy_blocks[1]);
    CHECK(m->lazy_blocks[2] < m->arena + m->arena_units && arena_tiles(m) && mw_module_ram(m) == ram0);
    // again from its new place, nothing lowered
    CHECK(call_i32(rt, inst, "f1", 1, a, &r, NULL) == MW_OK);
    CHECK(r == 7 + ns[2] * (ns[2] + 1) / 2 + ns[1] * (ns[1] + 1) / 2 && mw_module_num_lowerings(m) == 3);
    mw_instance_free(rt, inst);
    mw_module_free(rt, m);
    mw_runtime_free(rt);
    CHECK(live_blocks == before && size_mismatches == 0);
}

// A budget larger than the arena's cap (MW_CODE_ARENA_CAP percent of the
// bodies, as a binary that is mostly data gets by default): the arena is the
// cap, not the budget, and code that does not fit in it takes blocks of its
// own, as the budget allows, rather than being dropped and lowered again.
// The sums' code is over twice their bodies (~10 bytes an addition of 3-4),
// so under session 26's cap of 2x this lowered again; every result the sum's.
static void test_lazy_arena_capped(void) {
    static unsigned char bin[80 * 1024];
    const uint32_t ns[4] = {250, 250, 250, 250};
    size_t n = sums_module(bin, ns, NULL, 4);
    long before = live_blocks;
    mw_runtime *rt = new_rt(0);
    mw_module *m = load_lazy(rt, bin, n, MW_LOAD_LAZY | MW_LOAD_BORROW);
    mw_instance *inst = NULL;
    CHECK(m != NULL && mw_instantiate(rt, m, NULL, NULL, &inst) == MW_OK);
    size_t body = 0;
    for (uint32_t i = 0; i < 4; i++) {
        body += m->funcs[i].body_size;
    }
    size_t cap = body * MW_CODE_ARENA_CAP / 100;
    CHECK(mw_module_set_code_budget(rt, m, 1) == MW_OK);
    size_t ram = mw_module_ram(m);
    CHECK(mw_module_set_code_budget(rt, m, 10 * body) == MW_OK);
    size_t ram0 = mw_module_ram(m);
    CHECK(cap > MW_CODE_ARENA_MIN && m->arena != NULL && m->arena_units == (cap / 2 & ~(size_t)1));
    CHECK(ram0 == ram + m->arena_units * sizeof(mw_code_unit));
    uint32_t r = 0, a[1] = {7};
    char name[3] = "f0";
    bool ok = true;
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 4; i++) {
            name[1] = (char)('0' + i);
            ok = ok && call_i32(rt, inst, name, 1, a, &r, NULL) == MW_OK && r == 7 + ns[i] * (ns[i] + 1) / 2;
        }
    }
    CHECK(ok && mw_module_num_lowerings(m) == 4 && mw_module_num_lowered(m) == 4 && arena_tiles(m));
    // the arena holds what fits; the rest are blocks of their own beside it
    size_t own = 0;
    int in = 0;
    for (int i = 0; i < 4; i++) {
        const mw_code_unit *b = m->lazy_blocks[i];
        if (b >= m->arena && b < m->arena + m->arena_units) {
            in++;
        } else {
            own += (size_t)(m->funcs[i].code_len + MW_LAZY_LINK) * sizeof(mw_code_unit);
        }
    }
    CHECK(in >= 1 && in < 4 && own > 0 && mw_module_ram(m) == ram0 + own);
    mw_instance_free(rt, inst);
    mw_module_free(rt, m);
    mw_runtime_free(rt);
    CHECK(live_blocks == before && size_mismatches == 0);
}
#endif

#if MW_UNLOWER
// Out of memory while lowering, without a budget (lazy.c lazy_give_way):
// with the heap capped below what run and all four of $f1..$f4 need at
// once, lowering $f4 fails at first; the code of the functions not running
// gives way ($f1 ... as needed, never run, which is on a frame: ASan would see
// it freed) and the lowering is tried again, so run completes with the eager
// module's result where it used to fail with MW_ERR_NOMEM, every allocation
// within the cap. With the cap below what run alone needs there is nothing
// to give: MW_ERR_NOMEM, the module as before the call, and the same call
// without the cap succeeds.
static void test_lazy_lower_gives_way(void) {
    twin t = open_twin(NULL, wasm_budget_loop, sizeof(wasm_budget_loop));
    uint32_t r = 0, e = 0, a[1] = {3};
    CHECK(call_i32(t.rt, t.einst, "run", 1, a, &e, NULL) == MW_OK);
    // the peak of a run that lowers everything, unbounded
    size_t ram0 = mw_module_ram(t.lazy);
    long live0 = live_bytes;
    peak_bytes = live_bytes;
    CHECK(call_i32(t.rt, t.inst, "run", 1, a, &r, NULL) == MW_OK && r == e);
    size_t code = mw_module_ram(t.lazy) - ram0;
    long peak = peak_bytes;
    CHECK(mw_module_num_lowered(t.lazy) == 5 && mw_module_num_lowerings(t.lazy) == 5);
    CHECK(mw_module_unlower(t.rt, t.lazy) == MW_OK && live_bytes == live0);
    // a fifth of the code short of that peak
    any_cap = peak - (long)code / 5;
    CHECK(call_i32(t.rt, t.inst, "run", 1, a, &r, NULL) == MW_OK && r == e);
    CHECK(peak_bytes <= peak && mw_module_num_lowered(t.lazy) < 5 && mw_module_num_lowerings(t.lazy) > 5 + 5);
    any_cap = -1;
    CHECK(mw_module_unlower(t.rt, t.lazy) == MW_OK && live_bytes == live0);
    // not even room for run's own code: nothing to give way; the report
    // names run (function 4) and an allocation over the 8 bytes left
    any_cap = live0 + 8;
    uint32_t n0 = mw_module_num_lowerings(t.lazy);
    CHECK(call_i32(t.rt, t.inst, "run", 1, a, &r, NULL) == MW_ERR_NOMEM);
    CHECK(mw_module_num_lowered(t.lazy) == 0 && mw_module_num_lowerings(t.lazy) == n0 && mw_module_ram(t.lazy) == ram0);
    const mw_report *rep = mw_last_report(t.rt);
    CHECK(rep->status == MW_ERR_NOMEM && rep->index == 4 && rep->need > 8);
    any_cap = -1;
    // any other failure: need 0
    CHECK(mw_module_unlower(t.rt, t.eager) == MW_ERR_ARG && rep->need == 0);
    CHECK(call_i32(t.rt, t.inst, "run", 1, a, &r, NULL) == MW_OK && r == e);
    close_twin(&t);
}
#endif

// ---- memory.grow giving back lazily lowered code (lazy.c mw_lazy_reclaim) ----------

#if MW_UNLOWER
// A heap with room for the grown memory (the one block over 64 KiB) only
// once the code of warm, $f1 and $f2 (not running during the grow) is given
// back: the grow then succeeds, the results are the eager module's, run, mid
// and grow go on in their own code afterwards (ASan: none of it was freed),
// and the dropped functions are lowered again when called. Without the
// reclaim the grow fails (-1) and run's result differs.
static void test_lazy_grow_reclaim(void) {
    twin t = open_twin(NULL, wasm_grow, sizeof(wasm_grow));
    uint32_t r = 0, e = 0, e0 = 0, ew = 0, w = 0, a[1] = {7}, z[1] = {0}, one[1] = {1};
    CHECK(call_i32(t.rt, t.einst, "warm", 1, a, &ew, NULL) == MW_OK);
    CHECK(call_i32(t.rt, t.einst, "run", 1, z, &e0, NULL) == MW_OK);
    CHECK(call_i32(t.rt, t.einst, "run", 1, one, &e, NULL) == MW_OK);
    // grow's old size 1, memory.size 2; then $f1(5)
    uint32_t f15 = e - (1 * 16 + 2) * 1000;
    CHECK(e0 == (1 * 16 + 1) * 1000 + f15);

    // everything lowered (run(0): memory.grow 0 allocates nothing)
    CHECK(call_i32(t.rt, t.inst, "warm", 1, a, &w, NULL) == MW_OK && w == ew);
    CHECK(call_i32(t.rt, t.inst, "run", 1, z, &r, NULL) == MW_OK && r == e0);
    CHECK(mw_module_num_lowered(t.lazy) == 6 && mw_module_num_lowerings(t.lazy) == 6);
    // one byte short of what the grown memory needs
    CHECK(call_capped(&t, live_bytes + 65536 - 1, "run", 1) == e);
    CHECK(mw_memory_pages(mw_instance_memory0(t.inst)) == 2);
    // warm, $f1 and $f2 were dropped; $f1 lowered again by run
    CHECK(mw_module_num_lowered(t.lazy) == 4 && mw_module_num_lowerings(t.lazy) == 7);
    CHECK(call_i32(t.rt, t.inst, "warm", 1, a, &w, NULL) == MW_OK && w == ew);
    CHECK(mw_module_num_lowered(t.lazy) == 6 && mw_module_num_lowerings(t.lazy) == 9);
    // no room even after the reclaim: -1 from memory.grow (memory.size
    // stays 2) and nothing else fails
    CHECK(call_capped(&t, live_bytes + 8192, "run", 1) == (uint32_t)(-1 * 16 + 2) * 1000u + f15);
    CHECK(mw_memory_pages(mw_instance_memory0(t.inst)) == 2);
    close_twin(&t);
}
#endif

#if MW_UNLOWER
// table.grow gives back lazily lowered code not running as memory.grow does
// (memory.c table_grow): with the heap one byte short of the grown table's
// elements (20,001 pointers: a block over 64 KiB, which heap_cap limits),
// run's grow succeeds once warm, $f1 and $f2 are dropped ($f1 lowered again
// by run); it returned -1 before. With no room even then: -1, the table as
// it was, and nothing else fails.
static void test_lazy_table_grow_reclaim(void) {
    twin t = open_twin(NULL, wasm_tgrow, sizeof(wasm_tgrow));
    const uint32_t n = 20000;
    uint32_t r = 0, e = 0, ew = 0, w = 0, a[1] = {7}, z[1] = {0}, g[1] = {n};
    CHECK(call_i32(t.rt, t.einst, "warm", 1, a, &ew, NULL) == MW_OK);
    CHECK(call_i32(t.rt, t.einst, "run", 1, g, &e, NULL) == MW_OK);
    // grow's old size 1, table.size 1 + n; then $f1(5)
    uint32_t f15 = e - (1 * 16 + 1 + n) * 1000;

    // everything lowered (run(0): table.grow 0 allocates nothing)
    CHECK(call_i32(t.rt, t.inst, "warm", 1, a, &w, NULL) == MW_OK && w == ew);
    CHECK(call_i32(t.rt, t.inst, "run", 1, z, &r, NULL) == MW_OK && r == (1 * 16 + 1) * 1000 + f15);
    CHECK(mw_module_num_lowered(t.lazy) == 5 && mw_module_num_lowerings(t.lazy) == 5);
    // one byte short of the grown elements (the old block of one is freed)
    long cap = live_bytes - (long)sizeof(void *) + (long)(1 + n) * (long)sizeof(void *) - 1;
    CHECK(call_capped(&t, cap, "run", n) == e);
    // warm, $f1 and $f2 were dropped; $f1 lowered again by run
    CHECK(mw_module_num_lowered(t.lazy) == 3 && mw_module_num_lowerings(t.lazy) == 6);
    CHECK(call_i32(t.rt, t.inst, "warm", 1, a, &w, NULL) == MW_OK && w == ew);
    CHECK(mw_module_num_lowered(t.lazy) == 5 && mw_module_num_lowerings(t.lazy) == 8);
    // no room even after the reclaim: -1 from table.grow (table.size stays
    // 1 + n) and nothing else fails
    CHECK(call_capped(&t, live_bytes + 8192, "run", n) == (uint32_t)(-1 * 16 + 1 + (int32_t)n) * 1000u + f15);
    close_twin(&t);
}
#endif

#if MW_UNLOWER
// The binding's set-up (a resize hook, gc_memory: growing elsewhere means a
// new block while the old one is held) with the heap one byte short of the
// grown memory in place and much more short of a new block: after the code
// is given back the grow succeeds only by trying the in-place resize again.
static void test_lazy_grow_reclaim_in_place(void) {
    mw_config cfg;
    memset(&cfg, 0, sizeof(cfg));
    cfg.alloc = t_alloc;
    cfg.resize = t_resize;
    cfg.gc_memory = true;
    big_slack = true;
    twin t = open_twin(&cfg, wasm_grow, sizeof(wasm_grow));
    uint32_t r = 0, e = 0, w = 0, a[1] = {7}, z[1] = {0}, one[1] = {1};
    CHECK(call_i32(t.rt, t.einst, "run", 1, one, &e, NULL) == MW_OK);
    CHECK(call_i32(t.rt, t.inst, "warm", 1, a, &w, NULL) == MW_OK);
    CHECK(call_i32(t.rt, t.inst, "run", 1, z, &r, NULL) == MW_OK);
    CHECK(mw_module_num_lowerings(t.lazy) == 6);
    CHECK(call_capped(&t, live_bytes + 65536 - 1, "run", 1) == e);
    CHECK(mw_memory_pages(mw_instance_memory0(t.inst)) == 2);
    CHECK(mw_module_num_lowered(t.lazy) == 4 && mw_module_num_lowerings(t.lazy) == 7);
    close_twin(&t);
    big_slack = false;
}
#endif

// CALL_DEF's defidx in one unit (IDX16, format 43), CALL_DEF_W past 65535:
// a module of 65,539 defined functions, function k returning k, and callers
// of the functions at the unit's edges (0, 255, 256, 65535; 65536 and the
// last wide), the call's base slot 1 and, with 300 locals, 301. Each caller
// returns 1000000 + k, eager and lazy; the eager code holds exactly the op
// its index fits (a truncated index calls function k & 0xffff).
#define WIDE_DEFS 65539u
static const uint32_t wide_callees[] = {0, 1, 255, 256, 65535, 65536, WIDE_DEFS - 1};
#define WIDE_NCALLERS (2 * sizeof(wide_callees) / sizeof(wide_callees[0]))

// A section: its id, size and the n bytes at body.
static size_t put_section(unsigned char *p, uint8_t id, const unsigned char *body, size_t n) {
    size_t k = 0;
    p[k++] = id;
    k += put_leb(p + k, (uint32_t)n);
    memcpy(p + k, body, n);
    return k + n;
}

static unsigned char *wide_module(size_t *len) {
    uint32_t nf = WIDE_DEFS + WIDE_NCALLERS;
    unsigned char *out = malloc(16 * (size_t)nf + 4096), *body = malloc(16 * (size_t)nf + 4096);
    size_t n = 0, b;
    memcpy(out, "\0asm\1\0\0\0", 8);
    n = 8;
    static const unsigned char types[] = {1, 0x60, 0, 1, 0x7f};   // () -> i32
    n += put_section(out + n, 1, types, sizeof(types));
    b = put_leb(body, nf);
    for (uint32_t i = 0; i < nf; i++) {
        body[b++] = 0;
    }
    n += put_section(out + n, 3, body, b);
    b = put_leb(body, WIDE_NCALLERS);
    for (uint32_t i = 0; i < WIDE_NCALLERS; i++) {
        char name[16];
        int k = snprintf(name, sizeof(name), "%c%u", i & 1 ? 'w' : 'c', (unsigned)wide_callees[i / 2]);
        body[b++] = (unsigned char)k;
        memcpy(body + b, name, (size_t)k);
        b += (size_t)k;
        body[b++] = 0;   // a function
        b += put_leb(body + b, WIDE_DEFS + i);
    }
    n += put_section(out + n, 7, body, b);
    b = put_leb(body, nf);
    for (uint32_t i = 0; i < WIDE_DEFS; i++) {
        unsigned char f[8];
        size_t k = 0;
        f[k++] = 0;      // no locals
        f[k++] = 0x41;   // i32.const i (signed LEB: i < 2^20 needs no sign byte past 3)
        k += put_leb(f + k, i);
        if (f[k - 1] & 0x40) {   // the top bit of the last byte set: a 0 byte keeps it positive
            f[k - 1] |= 0x80;
            f[k++] = 0;
        }
        f[k++] = 0x0b;
        body[b++] = (unsigned char)k;
        memcpy(body + b, f, k);
        b += k;
    }
    for (uint32_t i = 0; i < WIDE_NCALLERS; i++) {
        unsigned char f[32];
        size_t k = 0;
        if (i & 1) {
            f[k++] = 1;   // 300 i32 locals
            k += put_leb(f + k, 300);
            f[k++] = 0x7f;
        } else {
            f[k++] = 0;
        }
        f[k++] = 0x41;   // i32.const 1000000
        k += put_leb(f + k, 1000000);   // 0xf4240: its last byte's 0x40 bit is clear
        f[k++] = 0x10;   // call
        k += put_leb(f + k, wide_callees[i / 2]);
        f[k++] = 0x6a;   // i32.add
        f[k++] = 0x0b;
        body[b++] = (unsigned char)k;
        memcpy(body + b, f, k);
        b += k;
    }
    n += put_section(out + n, 10, body, b);
    free(body);
    *len = n;
    return out;
}

static void test_call_def_wide(void) {
    size_t len;
    unsigned char *bytes = wide_module(&len);
    for (int lazy = 0; lazy < 2; lazy++) {
        long before = live_blocks;
        mw_runtime *rt = new_rt(0);
        mw_module *m = load_lazy(rt, bytes, len, lazy ? MW_LOAD_LAZY | MW_LOAD_BORROW : 0);
        mw_instance *inst = NULL;
        CHECK(m != NULL && mw_instantiate(rt, m, NULL, NULL, &inst) == MW_OK);
        if (inst == NULL) {
            break;
        }
        for (uint32_t i = 0; i < WIDE_NCALLERS; i++) {
            char name[16];
            uint32_t k = wide_callees[i / 2], r = 0;
            snprintf(name, sizeof(name), "%c%u", i & 1 ? 'w' : 'c', (unsigned)k);
            bool ok = call_i32(rt, inst, name, 0, NULL, &r, NULL) == MW_OK && r == 1000000 + k;
            if (!ok) {
                printf("call_def_wide %s (lazy %d): %u\n", name, lazy, (unsigned)r);
            }
            CHECK(ok);
            if (!lazy) {
                bool wide = k > 0xffff;
                CHECK(count_op(inst, name, MW_OP_CALL_DEF) == !wide);
                CHECK(count_op(inst, name, MW_OP_CALL_DEF_W) == wide);
            }
        }
        mw_instance_free(rt, inst);
        mw_module_free(rt, m);
        mw_runtime_free(rt);
        CHECK(live_blocks == before);
    }
    free(bytes);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    test_status_table();
    test_alloc_zeroes();
    test_op_rows();
    test_detail_texts();
    test_malformed();
    test_arith_traps();
    test_compares();
    test_convert_i64_f32();
    test_lowering();
    test_return_slot0();
    test_jump_return();
    test_block_lazy();
    test_untargeted_end();
    test_fused_address();
    test_load_branch();
    test_stale_before_branch();
    test_load_pair_rmw();
    test_const_left();
    test_move2();
    test_slot8_frames();
    test_narrow_offsets();
    test_i64_load_rows();
    test_narrow_consts();
    test_immh();
    test_mul_fused();
    test_mul_chain();
    test_shift_fused();
    test_extend_fused();
    test_select_minmax();
    test_select_cmp();
    test_chain_fused();
    test_add_imm2();
    test_rotl_xor();
    test_carry_rot();
    test_add_rot();
    test_shift_comb();
    test_shift_counts();
    test_not_in_set();
    test_add_store();
    test_store_float();
    test_float_rmw();
    test_float_load_op();
    test_call_arg();
    test_call_indirect_own();
    test_stackptr();
    test_global_rows();
    test_add_branch();
    test_load_xd();
    test_br_if_value();
    test_const_pair();
    test_copy_jmp();
    test_seq_pair();
    test_loop_seq();
    test_add_add_imm();
    test_store_add();
    test_int_load_op();
    test_float_imm();
    test_float_branch();
    test_div_by_constant();
    test_branch_twins();
    test_imm64();
    test_shl_or();
    test_promote_fused();
    test_far_branch();
    test_far_br_table();
    test_fuel_and_poll();
    test_memory_bounds();
    test_grow_refused();
    test_memory_edges();
    test_memory_edges_small();
    test_bulk_small();
    test_memory_limit();
    test_small_pages();
    test_host();
    test_stack_marks_reentry();
    test_out_of_memory();
    test_alloc_sizes();
    test_frame_fits_value_stack();
    test_zeroed_frame_at_stack_edge();
    test_set_stacks();
    test_runtime_init();
    test_frame_slot_limit();
    test_free_standalone_objects();
    #if MW_UNLOWER
    test_grow_lend_and_pin();
    #endif
    #if MW_UNLOWER
    test_lazy_first_call();
    #endif
    test_lazy_validates_all();
    test_lazy_check_details();
    test_lazy_out_of_memory();
    test_lazy_stream();
    test_stream_code_cuts();
    test_funcref_tables();
    test_funcref_out_of_memory();
    test_cross_instance_calls();
    test_trap_trace();
    test_trap_offset();
    #if MW_UNLOWER
    test_lazy_budget();
    #endif
    #if MW_UNLOWER
    test_lazy_budget_keeps_hot();
    #endif
    #if MW_UNLOWER
    test_lazy_budget_deep();
    #endif
    #if MW_UNLOWER
    test_lazy_budget_loop();
    #endif
    #if MW_UNLOWER
    test_lazy_arena();
    test_lazy_arena_moves_running();
    test_lazy_arena_capped();
    #endif
    #if MW_UNLOWER
    test_lazy_lower_gives_way();
    #endif
    #if MW_UNLOWER
    test_lazy_grow_reclaim();
    #endif
    #if MW_UNLOWER
    test_lazy_grow_reclaim_in_place();
    #endif
    #if MW_UNLOWER
    test_lazy_table_grow_reclaim();
    #endif
    test_call_def_wide();
    printf("%d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
