// SPDX-License-Identifier: MIT
// fuzz_exec.h: what the libFuzzer targets that run modules share
// (fuzz_run.c, fuzz_image.c, fuzz_oom.c): every import satisfied by a stub
// (host functions that return zeros and may call back into wasm, fresh
// tables, memories and globals of the declared type), and every export
// exercised (functions called twice with fuel, memories and tables grown,
// globals read). The includer defines FUZZ_NAME first (fuzz_common.h).
#ifndef FUZZ_EXEC_H
#define FUZZ_EXEC_H

#include <stdint.h>
#include <stdlib.h>
#include "mw.h"
#include "fuzz_common.h"

#ifndef FUEL
#define FUEL 20000                        // each call's
#endif
#define MEMORY_LIMIT (1u << 20)           // an instance's memory bytes

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

// m instantiated with the stubs' imports, MEMORY_LIMIT and *fuel (FUEL) for
// its start function: OK, a trap or MW_ERR_NOMEM (which may leave an
// instance: a function object an element segment needs, mw.h).
static mw_status instantiate(mw_runtime *rt, mw_module *m, const stubs *s, int64_t *fuel, mw_instance **inst) {
    *fuel = FUEL;
    mw_inst_options opt = {.memory_limit = MEMORY_LIMIT, .fuel = fuel};
    *inst = NULL;
    mw_status st = mw_instantiate(rt, m, s->im, &opt, inst);
    check(st == MW_OK || MW_IS_TRAP(st) || st == MW_ERR_NOMEM, "instantiate status");
    check(st == MW_OK || MW_IS_TRAP(st) || st == MW_ERR_NOMEM || *inst == NULL, "instance only on success or trap");
    return st;
}

static uint64_t next(uint64_t *seed) {
    *seed = *seed * 6364136223846793005ull + 1442695040888963407ull;
    return *seed >> 11;
}

// Arguments at the edges of the numeric ops (division overflow, shifts,
// float-to-int conversions' limits, NaNs, infinities), for the calls'
// second round half the time: random bits rarely hit one.
// (then f32 2^31, -2^31, 2^32; f64 2^31, -2^31, 2^63; NaNs and infinities)
static const uint64_t edge_args[] = {0x80000000u, 0xffffffffu, 0xffffffffffffffffull, 0x8000000000000000ull, 1, 31, 32,
    63, 64, 0x4f000000u, 0xcf000000u, 0x4f800000u, 0x41e0000000000000ull, 0xc1e0000000000000ull, 0x43e0000000000000ull,
    0x7fc00000u, 0x7f800000u, 0x7ff8000000000000ull, 0xfff0000000000000ull};

static uint64_t mix(uint64_t h, uint64_t v) {
    return (h ^ v) * 0x100000001b3ull;
}

// digest (if not NULL) takes in every call's status, results and fuel left,
// and every grow's answer: two runs alike give the same.
static void exercise(mw_runtime *rt, mw_instance *inst, uint64_t seed, uint64_t *digest) {
    uint64_t d = digest != NULL ? *digest : 0;
    const mw_module *m = mw_instance_module(inst);
    for (uint32_t i = 0; i < mw_module_num_exports(m); i++) {
        mw_import e;
        mw_instance_export(inst, i, &e);
        if (e.func != NULL) {
            const mw_functype *t = mw_func_type(e.func);
            mw_val *args = calloc(t->nparams + 1u, sizeof(mw_val));
            mw_val *res = calloc(t->nresults + 1u, sizeof(mw_val));
            for (int round = 0; round < 2; round++) {
                // a quarter of the second rounds: the first argument its type's
                // lowest (an integer's minimum, a float's -2^31 or -2^63), the
                // rest all ones (-1, a NaN): a signed division's overflow
                bool lowest = round == 1 && next(&seed) % 4 == 0;
                for (uint32_t k = 0; k < t->nparams; k++) {
                    mw_valtype ty = t->types[k];
                    uint64_t r = next(&seed);
                    uint64_t low = ty == MW_I32 ? 0x80000000u
                                 : ty == MW_I64 ? 0x8000000000000000ull
                                 : ty == MW_F32 ? 0xcf000000u : 0xc3e0000000000000ull;
                    uint64_t edge = edge_args[r % (sizeof(edge_args) / sizeof(edge_args[0]))];
                    if (ty == MW_FUNCREF || ty == MW_EXTERNREF || round == 0) {
                        args[k].i64 = 0;
                    } else if (lowest) {
                        args[k].i64 = k == 0 ? low : UINT64_MAX >> (ty == MW_I32 || ty == MW_F32 ? 32 : 0);
                    } else {
                        args[k].i64 = r & 8 ? edge : next(&seed) >> (next(&seed) & 63);
                    }
                }
                int64_t fuel = FUEL;
                mw_status st = mw_call(rt, e.func, args, res, &fuel);
                check(st == MW_OK || MW_IS_TRAP(st) || st == MW_ERR_NOMEM, "call status");
                check(fuel >= 0 && fuel <= FUEL, "fuel left");
                d = mix(mix(d, (uint64_t)st), (uint64_t)fuel);
                for (uint32_t k = 0; st == MW_OK && k < t->nresults; k++) {
                    mw_valtype ty = t->types[t->nparams + k];
                    bool ref = ty == MW_FUNCREF || ty == MW_EXTERNREF;
                    d = mix(d, ref ? res[k].ref != NULL : res[k].i64);    // a reference's address is the run's
                }
            }
            free(args);
            free(res);
        } else if (e.memory != NULL) {
            size_t before = mw_memory_size(e.memory);
            int64_t old = mw_memory_grow(rt, e.memory, 1);
            check(old < 0 || mw_memory_size(e.memory) >= before, "memory grow");   // (-1 or MW_GROW_NOMEM)
            d = mix(d, (uint64_t)old);
        } else if (e.table != NULL) {
            int64_t old = mw_table_grow(rt, e.table, 2, NULL);
            void *ref;
            check(old == -1 || mw_table_get(e.table, (uint32_t)old + 1, &ref), "table grow");
            d = mix(d, (uint64_t)old);
        } else if (e.global != NULL) {
            (void)mw_global_get(e.global);
        }
    }
    if (digest != NULL) {
        *digest = d;
    }
}

// exercise() with re's call-backs into wasm (the stubs made with re) going
// to the instance's first exported function.
static void exercise_calling_back(mw_runtime *rt, mw_instance *inst, reenter *re, uint64_t seed, uint64_t *digest) {
    const mw_module *m = mw_instance_module(inst);
    for (uint32_t i = 0; i < mw_module_num_exports(m) && re->target == NULL; i++) {
        mw_import e;
        mw_instance_export(inst, i, &e);
        re->target = e.func;
    }
    exercise(rt, inst, seed, digest);
    re->target = NULL;
}

#endif // FUZZ_EXEC_H
