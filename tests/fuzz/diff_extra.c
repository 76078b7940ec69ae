// SPDX-License-Identifier: MIT
// diff_extra.c: what tests/fuzz/diff.py needs beyond tests/engine/diff_shim.c
// (both are built into one library): freeing, load flags and the report,
// memory bytes, global bits, stub host functions for imports.
#define _DEFAULT_SOURCE // MAP_ANONYMOUS, MAP_NORESERVE (guard pages' reservations)
#include <stdio.h>
#include <string.h>
#include "mw.h"
#include "mw_config.h"

void sh_instance_free(mw_runtime *rt, mw_instance *inst) {
    mw_instance_free(rt, inst);
}

void sh_module_free(mw_runtime *rt, mw_module *m) {
    mw_module_free(rt, m);
}

// Load with mw_module_load's flags (MW_LOAD_NO_MULTI_MEMORY etc.).
mw_module *sh_load_flags(mw_runtime *rt, const uint8_t *b, size_t n, unsigned flags, int *st) {
    mw_status s;
    mw_module *m;
    s = mw_module_load(rt, b, n, flags, &m);
    *st = s;
    return m;
}

// Load a precompiled image (it must outlive the module: the caller keeps it).
mw_module *sh_load_image(mw_runtime *rt, const uint8_t *b, size_t n, int *st) {
    mw_module *m = NULL;
    *st = mw_module_load_image(rt, b, n, 0, &m);
    return m;
}

const char *sh_report(mw_runtime *rt, unsigned *offset) {
    *offset = mw_last_report(rt)->offset;
    return mw_last_report(rt)->msg ? mw_last_report(rt)->msg : "";
}

// Bytes of a linear memory, and their number.
uint8_t *sh_memory_bytes(mw_memory *mem, uint64_t *size) {
    *size = mw_memory_size(mem);
    return mw_memory_data(mem);
}

uint64_t sh_global_bits(mw_global *g) {
    uint64_t v = mw_global_get(g).i64;
    mw_valtype t = mw_global_type(g, NULL);
    return t == MW_I32 || t == MW_F32 ? v & 0xffffffffu : v;
}

// A host function of the given type that logs its arguments (raw bits,
// after its import index) and returns zeros: stub imports, whose log is
// compared with wasmtime's (wasm-opt -ttf modules report values this way).
#define SH_LOG_MAX 4096
static uint64_t sh_log[SH_LOG_MAX];
static uint32_t sh_log_n;

static void sh_log_put(uint64_t v) {
    if (sh_log_n < SH_LOG_MAX) {
        sh_log[sh_log_n++] = v;
    }
}

static mw_status sh_zeros(void *ctx, mw_func *self, mw_val *slots) {
    const mw_functype *t = mw_func_type(self);
    sh_log_put((uint64_t)(uintptr_t)ctx);
    for (int i = 0; i < t->nparams; i++) {
        uint64_t v = slots[i].i64;
        sh_log_put(t->types[i] == MW_I32 || t->types[i] == MW_F32 ? v & 0xffffffffu : v);
    }
    for (int i = 0; i < t->nresults; i++) {
        slots[i].i64 = 0;
    }
    return MW_OK;
}

// The log since the last call (at most SH_LOG_MAX values), then cleared.
uint32_t sh_log_take(uint64_t *out, uint32_t max) {
    uint32_t n = sh_log_n < max ? sh_log_n : max;
    memcpy(out, sh_log, n * sizeof(uint64_t));
    sh_log_n = 0;
    return n;
}

mw_func *sh_stub_func(mw_runtime *rt, const uint8_t *types, int np, int nr, int index) {
    uint8_t buf[sizeof(mw_functype) + 256];
    mw_functype *ft = (mw_functype *)buf;
    if (np + nr > 256) {
        return NULL;
    }
    ft->nparams = (uint16_t)np;
    ft->nresults = (uint16_t)nr;
    memcpy(ft->types, types, (size_t)(np + nr));
    mw_func *f;
    return mw_func_new_host(rt, ft, sh_zeros, (void *)(uintptr_t)index, &f) == MW_OK ? f : NULL;
}

void sh_func_free(mw_runtime *rt, mw_func *f) {
    mw_func_free(rt, f);
}

// Export i of the instance's module: its kind, name bytes and entity (names
// may hold NUL bytes, so diff.py matches exports by index, not by C string).
int sh_export_at(mw_instance *inst, uint32_t i, const char **name, uint32_t *name_len, void **out) {
    const mw_module *m = mw_instance_module(inst);
    if (i >= mw_module_num_exports(m)) {
        return -1;
    }
    mw_extern_desc d;
    mw_module_export(m, i, &d);
    mw_import e;
    mw_instance_export(inst, i, &e);
    *name = d.name;
    *name_len = d.name_len;
    *out = e.func ? (void *)e.func : e.table ? (void *)e.table : e.memory ? (void *)e.memory : (void *)e.global;
    return d.kind;
}

uint32_t sh_num_exports(mw_instance *inst) {
    return mw_module_num_exports(mw_instance_module(inst));
}

// sh_instantiate with a fuel budget for the start function (a generated
// start function may loop forever).
mw_instance *sh_instantiate_fuel(mw_runtime *rt, mw_module *m, void **ents, int64_t fuel, int *st) {
    uint32_t n = mw_module_num_imports(m);
    mw_import im[64];
    if (n > 64) {
        *st = MW_ERR_ARG;
        return NULL;
    }
    memset(im, 0, sizeof(im));
    for (uint32_t i = 0; i < n; i++) {
        mw_extern_desc d;
        mw_module_import(m, i, &d);
        if (d.kind != MW_KIND_FUNC) {
            *st = MW_ERR_ARG;
            return NULL;
        }
        im[i].func = ents[i];
    }
    mw_inst_options opt = {0, &fuel, false};
    mw_instance *inst = NULL;
    *st = mw_instantiate(rt, m, im, &opt, &inst);
    return inst;
}

// The code budget of a lazy module (mw_module_set_code_budget).
int sh_set_budget(mw_runtime *rt, mw_module *m, size_t bytes) {
    return mw_module_set_code_budget(rt, m, bytes);
}

// A host function (i32) -> i32 calling fn, or NULL if it cannot be made.
static mw_func *sh_i32_host(mw_runtime *rt, mw_host_fn fn) {
    uint8_t buf[sizeof(mw_functype) + 2];
    mw_functype *ft = (mw_functype *)buf;
    ft->nparams = 1;
    ft->nresults = 1;
    ft->types[0] = MW_I32;
    ft->types[1] = MW_I32;
    mw_func *f;
    return mw_func_new_host(rt, ft, fn, NULL, &f) == MW_OK ? f : NULL;
}

// A host function (i32) -> i32 that grows a memory by its argument (in the
// memory's pages) and returns the old size or -1, as memory.grow does: the
// memory and runtime are set after instantiation (sh_grow_target), so a
// module that exports its memory can grow it from inside a call.
static mw_runtime *sh_grow_rt;
static mw_memory *sh_grow_mem;

static mw_status sh_grow(void *ctx, mw_func *self, mw_val *slots) {
    (void)ctx;
    (void)self;
    int64_t r = sh_grow_mem ? mw_memory_grow(sh_grow_rt, sh_grow_mem, (uint32_t)slots[0].i32) : -1;
    slots[0].i64 = (uint32_t)r;
    return MW_OK;
}

mw_func *sh_grow_func(mw_runtime *rt) {
    return sh_i32_host(rt, sh_grow);
}

void sh_grow_target(mw_runtime *rt, mw_memory *mem) {
    sh_grow_rt = rt;
    sh_grow_mem = mem;
}

// A host function (i32) -> i32 that calls a wasm function (i32) -> i32 back
// with its argument and returns its result (sh_reenter_target sets it).
static mw_func *sh_re_func;

static mw_status sh_reenter(void *ctx, mw_func *self, mw_val *slots) {
    (void)ctx;
    (void)self;
    mw_val r[1] = {{0}};
    mw_status st = sh_re_func ? mw_call(sh_grow_rt, sh_re_func, slots, r, NULL) : MW_OK;
    slots[0].i64 = r[0].i64;
    return st;
}

mw_func *sh_reenter_func(mw_runtime *rt) {
    return sh_i32_host(rt, sh_reenter);
}

void sh_reenter_target(mw_func *f) {
    sh_re_func = f;
}

// Where the last failure stopped, as text: the report's message, then the
// path's depth and each recorded frame's function index and wasm offset
// ('-' where mw_trap_offset gives none: an eager copy, a host frame). A
// guarded build's must be its checked twin's (diff.py Differ.twin).
const char *sh_trap_where(mw_runtime *rt) {
    static char buf[512];
    const mw_report *r = mw_last_report(rt);
    mw_trap_frame f;
    uint32_t depth = mw_trap_trace(rt, 0, &f);
    int at = snprintf(buf, sizeof(buf), "%s; depth %u:", r->msg ? r->msg : "", depth);
    for (uint32_t i = 0; i < depth && i < MW_TRACE_FRAMES && (size_t)at < sizeof(buf) - 40; i++) {
        mw_trap_trace(rt, i, &f);
        uint32_t off;
        if (f.host != NULL) {
            at += snprintf(buf + at, sizeof(buf) - (size_t)at, " host");
        } else if (mw_trap_offset(rt, i, &off) == MW_OK) {
            at += snprintf(buf + at, sizeof(buf) - (size_t)at, " f%u@%#x", f.func, off);
        } else {
            at += snprintf(buf + at, sizeof(buf) - (size_t)at, " f%u@-", f.func);
        }
    }
    return buf;
}

#if MW_GUARD_PAGES
// Guard pages (diff.py with -DMW_GUARD_PAGES=1): guard_posix.c's handler, and
// its reservations counted, which every module's end must leave at none
// (/proc/self/maps cannot tell them from wasmtime's memories in the process).
#include <sys/mman.h>
#include "guard_posix.h"

static long sh_reserved;

static void *sh_reserve(size_t size) {
    void *p = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    sh_reserved += p != MAP_FAILED;
    return p == MAP_FAILED ? NULL : p;
}

static bool sh_commit(void *base, size_t at, size_t size) {
    return mprotect((char *)base + at, size, PROT_READ | PROT_WRITE) == 0;
}

static void sh_release(void *base, size_t size) {
    munmap(base, size);
    sh_reserved--;
}

void sh_guard_install(void) {
    static const mw_guard_ops ops = { sh_reserve, sh_commit, sh_release, NULL, NULL };
    mw_guard_posix_install(0, NULL, NULL);    // its handler; the counting ops below replace its own
    mw_guard_set_ops(&ops);
}

// Reservations alive (made and not released).
long sh_guard_reserved(void) {
    return sh_reserved;
}
#endif
