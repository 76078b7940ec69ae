// SPDX-License-Identifier: MIT
// fuzz_run.c: libFuzzer target for instantiation and execution. The input is
// a module binary; if it loads, every import is satisfied by a stub (host
// functions that return zeros, fresh tables/memories/globals of the declared
// type), it is instantiated with a fuel budget and a memory limit, half the
// time a managed shared heap is attached, and every exported function is
// called twice with fuel (zeros, then varied arguments); exported memories,
// tables and globals are grown and read. Afterwards everything is freed
// with the engine's own calls and nothing may be left (fuzz_alloc.h); the
// board-sized stacks (1024 slots, 256 frames) are used. The input's size
// also picks the load: every body lowered at load, lowered on first call
// (MW_LOAD_LAZY), or lazily under a code budget of 1 byte, where each
// lowering evicts the others and the stub imports call the module's first
// exported function back (once deep), so a function whose code is evicted
// is re-entered while it is on the stack; or (session 35) under a budget of
// 64-1,087 bytes, over the builds' code arena minimum of 64 (build.py), so the
// arena fills, is compacted under live frames, and a function larger than it
// runs from a block of its own (lazy.c running_held), the call-backs as before.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mw.h"
#include "fuzz_alloc.h"

#define CAP (64u << 20)
#define FUEL 20000
#define MEMORY_LIMIT (1u << 20)

static void check(int ok, const char *what) {
    if (!ok) {
        fprintf(stderr, "fuzz_run: %s\n", what);
        abort();
    }
}

// In the budget mode, the stubs' call back into wasm (set after instantiation).
typedef struct reenter {
    mw_runtime *rt;
    mw_func *target;
    int depth;
} reenter;

static mw_status stub(void *ctx, mw_func *self, mw_val *slots) {
    reenter *re = ctx;
    const mw_functype *t = mw_func_type(self);
    if (re != NULL && re->target != NULL && re->depth == 0) {
        const mw_functype *tt = mw_func_type(re->target);
        mw_val *args = calloc(tt->nparams + 1u, sizeof(mw_val));
        mw_val *res = calloc(tt->nresults + 1u, sizeof(mw_val));
        int64_t fuel = FUEL / 4;
        re->depth++;
        mw_status st = mw_call(re->rt, re->target, args, res, &fuel);
        re->depth--;
        free(args);
        free(res);
        check(st == MW_OK || MW_IS_TRAP(st) || st == MW_ERR_NOMEM, "re-entrant call status");
    }
    for (uint32_t i = 0; i < t->nresults; i++) {
        slots[i].i64 = 0;
    }
    return MW_OK;
}

typedef struct stubs {
    mw_import *im;
    uint32_t n;
} stubs;

static bool make_imports(mw_runtime *rt, const mw_module *m, stubs *s, reenter *re) {
    s->n = mw_module_num_imports(m);
    s->im = calloc(s->n + 1, sizeof(mw_import));
    bool ok = true;
    for (uint32_t i = 0; i < s->n && ok; i++) {
        mw_extern_desc d;
        mw_module_import(m, i, &d);
        switch (d.kind) {
            case MW_KIND_FUNC:
                ok = mw_func_new_host(rt, d.func, stub, re, &s->im[i].func) == MW_OK;
                break;
            case MW_KIND_TABLE:
                ok = mw_table_new(rt, d.valtype, &d.limits, NULL, &s->im[i].table) == MW_OK;
                break;
            case MW_KIND_MEMORY:
                ok = mw_memory_new(rt, &d.limits, &s->im[i].memory) == MW_OK;
                break;
            case MW_KIND_GLOBAL: {
                mw_val v;
                v.i64 = 0;
                ok = mw_global_new(rt, d.valtype, d.mut, v, &s->im[i].global) == MW_OK;
                break;
            }
        }
    }
    return ok;
}

static void free_imports(mw_runtime *rt, stubs *s) {
    for (uint32_t i = 0; i < s->n; i++) {
        mw_func_free(rt, s->im[i].func);
        mw_table_free(rt, s->im[i].table);
        mw_memory_free(rt, s->im[i].memory);
        mw_global_free(rt, s->im[i].global);
    }
    free(s->im);
}

static uint64_t next(uint64_t *seed) {
    *seed = *seed * 6364136223846793005ull + 1442695040888963407ull;
    return *seed >> 11;
}

static void exercise(mw_runtime *rt, mw_instance *inst, uint64_t seed) {
    const mw_module *m = mw_instance_module(inst);
    for (uint32_t i = 0; i < mw_module_num_exports(m); i++) {
        mw_import e;
        mw_instance_export(inst, i, &e);
        if (e.func != NULL) {
            const mw_functype *t = mw_func_type(e.func);
            mw_val *args = calloc(t->nparams + 1u, sizeof(mw_val));
            mw_val *res = calloc(t->nresults + 1u, sizeof(mw_val));
            for (int round = 0; round < 2; round++) {
                for (uint32_t k = 0; k < t->nparams; k++) {
                    bool ref = t->types[k] == MW_FUNCREF || t->types[k] == MW_EXTERNREF;
                    args[k].i64 = ref || round == 0 ? 0 : next(&seed) >> (next(&seed) & 63);
                }
                int64_t fuel = FUEL;
                mw_status st = mw_call(rt, e.func, args, res, &fuel);
                check(st == MW_OK || MW_IS_TRAP(st) || st == MW_ERR_NOMEM, "call status");
                check(fuel >= 0 && fuel <= FUEL, "fuel left");
            }
            free(args);
            free(res);
        } else if (e.memory != NULL) {
            size_t before = mw_memory_size(e.memory);
            int64_t old = mw_memory_grow(rt, e.memory, 1);
            check(old < 0 || mw_memory_size(e.memory) >= before, "memory grow");   // (-1 or MW_GROW_NOMEM)
        } else if (e.table != NULL) {
            int64_t old = mw_table_grow(rt, e.table, 2, NULL);
            void *ref;
            check(old == -1 || mw_table_get(e.table, (uint32_t)old + 1, &ref), "table grow");
        } else if (e.global != NULL) {
            (void)mw_global_get(e.global);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz_heap heap = {.cap = CAP};
    mw_config cfg = {.alloc = fz_alloc, .ctx = &heap, .stack_slots = 1024, .max_frames = 256};
    mw_runtime *rt;
    mw_runtime_new(&cfg, &rt);
    check(rt != NULL, "runtime");
    mw_status st;
    mw_module *m;
    // 0 eager, 1 lazy, 2 lazy with a code budget of 1 byte, 3 lazy with one in the code arena
    unsigned mode = (size >> 2) % 4;
    st = mw_module_load(rt, data, size, mode ? MW_LOAD_LAZY : 0, &m);
    // a lowering its own code check refuses (MW_CHECK_CODE, build.py) is a bug; a lazy
    // one's shows as a call's MW_ERR_INVALID (the call status checks)
    check(st == MW_OK || strstr(mw_last_report(rt)->msg, "lowered code") == NULL,
          "lowered code refused by the code check");
    if (m != NULL && mode >= 2) {
        check(mw_module_set_code_budget(rt, m, mode == 2 ? 1 : 64 + (size & 1023)) == MW_OK, "code budget");
    }
    reenter re = {.rt = rt};
    if (m != NULL) {
        stubs s;
        if (make_imports(rt, m, &s, mode >= 2 ? &re : NULL)) {
            int64_t fuel = FUEL;
            mw_inst_options opt = {.memory_limit = MEMORY_LIMIT, .fuel = &fuel};
            mw_instance *inst = NULL;
            st = mw_instantiate(rt, m, s.im, &opt, &inst);
            check(st == MW_OK || MW_IS_TRAP(st) || st == MW_ERR_NOMEM, "instantiate status");
            check(st == MW_OK || MW_IS_TRAP(st) || inst == NULL, "instance only on success or trap");
            uint8_t *bytes = NULL;
            mw_sheap *h = NULL;
            if (st == MW_OK && (size & 1)) {
                bytes = calloc(1, 256);
                mw_sheap_new(rt, bytes, 256, true, NULL, &h);
                if (h != NULL && mw_instance_attach(rt, inst, h, (size & 2) != 0) != MW_OK) {
                    check(mw_sheap_free(rt, h) == MW_OK, "free an unattached heap");
                    h = NULL;
                }
            }
            if (st == MW_OK) {
                for (uint32_t i = 0; i < mw_module_num_exports(m) && re.target == NULL; i++) {
                    mw_import e;
                    mw_instance_export(inst, i, &e);
                    re.target = e.func;
                }
                exercise(rt, inst, size);
                re.target = NULL;
            }
            mw_instance_free(rt, inst);
            if (h != NULL) {
                // freeing the instance detached it (issue 17, 5a)
                check(!mw_sheap_in_use(h) && mw_sheap_free(rt, h) == MW_OK, "heap detached by instance free");
            }
            free(bytes);
        }
        free_imports(rt, &s);
        mw_module_free(rt, m);
    }
    mw_runtime_free(rt);
    fz_check_no_leak(&heap);
    return 0;
}
