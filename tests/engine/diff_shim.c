// SPDX-License-Identifier: MIT
// diff_shim.c: a flat C interface over mw.h for diff_wasmtime.py (ctypes):
// load, instantiate and call import-free modules without MicroPython.
#include <stdlib.h>
#include <string.h>
#include "mw.h"
#include "mw_malloc.h"

mw_runtime *sh_rt(void) {
    mw_config cfg = {0};
    cfg.alloc = mw_malloc_alloc;
    mw_runtime *rt;
    return mw_runtime_new(&cfg, &rt) == MW_OK ? rt : NULL;
}

const char *sh_status_str(int st) {
    return mw_status_str((mw_status)st);
}

mw_module *sh_load(mw_runtime *rt, const uint8_t *b, size_t n, int *st) {
    mw_status s;
    mw_module *m;
    s = mw_module_load(rt, b, n, 0, &m);
    *st = s;
    return m;
}

int sh_num_imports(mw_module *m) {
    return (int)mw_module_num_imports(m);
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
