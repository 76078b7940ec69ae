// SPDX-License-Identifier: MIT
// func.c: function objects (host functions, and a defined function's object
// made only when it escapes: exports, ref.func, table.get) and function types'
// equality. Its own file so that tables (memory.c) and instantiation
// (instance.c) both use it without calling each other.
#include "mw_int.h"

bool mw_functype_eq(const mw_functype *a, const mw_functype *b) {
    return a == b || (a->nparams == b->nparams && a->nresults == b->nresults
                      && memcmp(a->types, b->types, a->nparams + a->nresults) == 0);
}

// ---- host functions ------------------------------------------------------------------

mw_status mw_func_new_host(mw_runtime *rt, const mw_functype *type, mw_host_fn fn, void *ctx, mw_func **out) {
    size_t nt = type->nparams + type->nresults;
    mw_func *f = mw_alloc(rt, sizeof(mw_func) + nt);
    *out = f;
    if (f == NULL) {
        return mw_fail_nomem(rt, MW_REPORT_FUNC);
    }
    memcpy(&f->own_type, type, sizeof(mw_functype) + nt);
    f->type = &f->own_type;
    f->host = fn;
    f->u.ctx = ctx;
    return MW_OK;
}

void mw_func_free(mw_runtime *rt, mw_func *f) {
    if (f != NULL && f->host != NULL) {
        mw_free(rt, f, sizeof(mw_func) + f->type->nparams + f->type->nresults);
    }
}

const mw_functype *mw_func_type(const mw_func *f) {
    return f->type;
}

void *mw_func_host_ctx(const mw_func *f) {
    return f->host ? f->u.ctx : NULL;
}

// ---- function references -------------------------------------------------------------

// The index in inst->escaping where defined function d's object is, or
// would be inserted (the objects are kept in function order).
static uint32_t escaping_pos(const mw_instance *inst, const mw_funcdef *d) {
    uint32_t lo = 0, hi = inst->nescaping;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (inst->escaping[mid]->u.wasm.def < d) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

mw_func *mw_instance_func(const mw_instance *inst, uint32_t x) {
    const mw_module *m = inst->mod;
    if (x < m->nfunc_imports) {
        return inst->funcs[x];
    }
    // a binary search (ref.func, exports and table.get are rare next to
    // calls, which never come here)
    const mw_funcdef *d = &m->funcs[x - m->nfunc_imports];
    uint32_t k = escaping_pos(inst, d);
    return k < inst->nescaping && inst->escaping[k]->u.wasm.def == d ? inst->escaping[k] : NULL;
}

mw_status mw_instance_funcref(mw_instance *inst, uint32_t x, mw_func **out) {
    const mw_module *m = inst->mod;
    mw_runtime *rt = inst->rt;
    *out = mw_instance_func(inst, x);
    if (*out != NULL || x < m->nfunc_imports) {
        return MW_OK;
    }
    // the function escapes now: its object, inserted in function order
    const mw_funcdef *d = &m->funcs[x - m->nfunc_imports];
    if (inst->nescaping == inst->cap_escaping) {
        uint32_t cap = inst->cap_escaping + inst->cap_escaping / 2 + 4;
        mw_func **grown = mw_realloc(rt, inst->escaping, inst->cap_escaping * sizeof(mw_func *), cap * sizeof(mw_func *));
        if (grown == NULL) {
            return mw_fail_nomem(rt, MW_REPORT_FUNC);
        }
        inst->escaping = grown;
        inst->ram += (cap - inst->cap_escaping) * sizeof(mw_func *);
        inst->cap_escaping = cap;
    }
    mw_func *f = mw_alloc(rt, MW_WASM_FUNC_SIZE);
    if (f == NULL) {
        return mw_fail_nomem(rt, MW_REPORT_FUNC);
    }
    f->type = m->types[d->type];
    f->u.wasm.inst = inst;
    f->u.wasm.def = d;
    uint32_t k = escaping_pos(inst, d);
    memmove(inst->escaping + k + 1, inst->escaping + k, (inst->nescaping - k) * sizeof(mw_func *));
    inst->escaping[k] = f;
    inst->nescaping++;
    inst->ram += MW_WASM_FUNC_SIZE;
    *out = f;
    return MW_OK;
}
