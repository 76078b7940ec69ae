// SPDX-License-Identifier: MIT
// spec_shim.c: a flat C interface over mw.h for tests/run_spec.py (ctypes),
// to run the WebAssembly spec suite against the engine without MicroPython.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mw.h"

static void *sh_alloc(void *ctx, void *p, size_t old, size_t n) {
    (void)ctx;
    (void)old;
    if (n == 0) {
        free(p);
        return NULL;
    }
    return realloc(p, n);
}

mw_runtime *sh_rt(void) {
    mw_config cfg = {0};
    cfg.alloc = sh_alloc;
    return mw_runtime_new(&cfg);
}

const char *sh_status_str(int st) {
    return mw_status_str((mw_status)st);
}

const char *sh_report(mw_runtime *rt, unsigned *offset) {
    *offset = mw_last_report(rt)->offset;
    return mw_last_report(rt)->msg ? mw_last_report(rt)->msg : "";
}

mw_module *sh_load(mw_runtime *rt, const uint8_t *b, size_t n, int *st) {
    mw_status s;
    mw_module *m = mw_module_load(rt, b, n, 0, &s);
    *st = s;
    return m;
}

int sh_num_imports(mw_module *m) {
    return (int)mw_module_num_imports(m);
}

int sh_import(mw_module *m, int i, const char **mod, const char **name) {
    mw_extern_desc d;
    mw_module_import(m, (uint32_t)i, &d);
    *mod = d.module;
    *name = d.name;
    return d.kind;
}

mw_instance *sh_instantiate(mw_runtime *rt, mw_module *m, void **ents, int *st) {
    uint32_t n = mw_module_num_imports(m);
    mw_import *im = calloc(n + 1, sizeof(mw_import));
    for (uint32_t i = 0; i < n; i++) {
        mw_extern_desc d;
        mw_module_import(m, i, &d);
        switch (d.kind) {
            case MW_KIND_FUNC: im[i].func = ents[i]; break;
            case MW_KIND_TABLE: im[i].table = ents[i]; break;
            case MW_KIND_MEMORY: im[i].memory = ents[i]; break;
            case MW_KIND_GLOBAL: im[i].global = ents[i]; break;
        }
    }
    mw_instance *inst = NULL;
    *st = mw_instantiate(rt, m, im, NULL, &inst);
    free(im);
    return inst;
}

int sh_export(mw_instance *inst, const char *name, void **out) {
    const mw_module *m = mw_instance_module(inst);
    for (uint32_t i = 0; i < mw_module_num_exports(m); i++) {
        mw_extern_desc d;
        mw_module_export(m, i, &d);
        if (strlen(name) == d.name_len && memcmp(name, d.name, d.name_len) == 0) {
            mw_import e;
            mw_instance_export(inst, i, &e);
            *out = e.func ? (void *)e.func : e.table ? (void *)e.table : e.memory ? (void *)e.memory : (void *)e.global;
            return d.kind;
        }
    }
    return -1;
}

int sh_func_sig(mw_func *f, uint8_t *types, int *np, int *nr) {
    const mw_functype *t = mw_func_type(f);
    *np = t->nparams;
    *nr = t->nresults;
    memcpy(types, t->types, t->nparams + t->nresults);
    return 0;
}

// fuel < 0: unlimited
int sh_call_fuel(mw_runtime *rt, mw_func *f, uint64_t *args, uint64_t *res, int64_t fuel) {
    const mw_functype *t = mw_func_type(f);
    mw_val a[64], r[64];
    for (int i = 0; i < t->nparams; i++) {
        a[i].i64 = args[i];
    }
    mw_status st = mw_call(rt, f, a, r, fuel < 0 ? NULL : &fuel);
    for (int i = 0; i < t->nresults; i++) {
        res[i] = r[i].i64;
        if (t->types[t->nparams + i] == MW_I32 || t->types[t->nparams + i] == MW_F32) {
            res[i] &= 0xffffffffu;
        }
    }
    return st;
}

int sh_call(mw_runtime *rt, mw_func *f, uint64_t *args, uint64_t *res) {
    return sh_call_fuel(rt, f, args, res, -1);
}

uint64_t sh_global_get(mw_global *g, int *type) {
    *type = mw_global_type(g, NULL);
    uint64_t v = mw_global_get(g).i64;
    if (*type == MW_I32 || *type == MW_F32) {
        v &= 0xffffffffu;
    }
    return v;
}

static mw_status sh_nop(void *ctx, mw_func *self, mw_val *slots) {
    (void)ctx;
    (void)self;
    (void)slots;
    return MW_OK;
}

// spectest module entities (spec interpreter's conventions)
void *sh_spectest(mw_runtime *rt, const char *name) {
    static const struct {
        const char *name;
        uint8_t np, types[2];
    } prints[] = {
        {"print", 0, {0}}, {"print_i32", 1, {MW_I32}}, {"print_i64", 1, {MW_I64}},
        {"print_f32", 1, {MW_F32}}, {"print_f64", 1, {MW_F64}},
        {"print_i32_f32", 2, {MW_I32, MW_F32}}, {"print_f64_f64", 2, {MW_F64, MW_F64}},
    };
    for (size_t i = 0; i < sizeof(prints) / sizeof(prints[0]); i++) {
        if (strcmp(name, prints[i].name) == 0) {
            uint8_t buf[sizeof(mw_functype) + 2];
            mw_functype *ft = (mw_functype *)buf;
            ft->nparams = prints[i].np;
            ft->nresults = 0;
            memcpy(ft->types, prints[i].types, 2);
            return mw_func_new_host(rt, ft, sh_nop, NULL);
        }
    }
    mw_val v;
    v.i64 = 0;
    mw_status st;
    if (strcmp(name, "global_i32") == 0) {
        v.i32 = 666;
        return mw_global_new(rt, MW_I32, false, v);
    }
    if (strcmp(name, "global_i64") == 0) {
        v.i64 = 666;
        return mw_global_new(rt, MW_I64, false, v);
    }
    if (strcmp(name, "global_f32") == 0) {
        v.f32 = 666.6f;
        return mw_global_new(rt, MW_F32, false, v);
    }
    if (strcmp(name, "global_f64") == 0) {
        v.f64 = 666.6;
        return mw_global_new(rt, MW_F64, false, v);
    }
    if (strcmp(name, "table") == 0) {
        mw_limits lim = {10, 20, true, 16};
        return mw_table_new(rt, MW_FUNCREF, &lim, NULL, &st);
    }
    if (strcmp(name, "memory") == 0) {
        mw_limits lim = {1, 2, true, 16};
        return mw_memory_new(rt, &lim, &st);
    }
    return NULL;
}
