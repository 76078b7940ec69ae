// SPDX-License-Identifier: MIT
// instance.c: linking and instantiation (spec 4.5.3 allocation, 4.5.4
// instantiation), exports. Function objects and references are func.c; the
// runtime (allocation, stacks, fuel) is runtime.c; mw_call, which runs the
// start function, call.c.
#include "mw_int.h"

// ---- instantiation -------------------------------------------------------------------------

// (out of line, one copy for its callers: -4 B of Thumb-2 text)
static MW_NOINLINE bool limits_match(const mw_limits *have, const mw_limits *want) {
    // spec 4.5.2 (import matching): have.min >= want.min, and if want has a
    // max, have must have one no larger.
    if (have->min < want->min) {
        return false;
    }
    if (want->has_max && (!have->has_max || have->max > want->max)) {
        return false;
    }
    return true;
}

mw_status mw_eval_const(mw_instance *inst, const mw_constexpr *ce, mw_val *out) {
    out->i64 = 0;
    switch (ce->op) {
        case MW_W_GLOBAL_GET:
            *out = inst->globals[ce->idx]->val;
            return MW_OK;
        case MW_W_REF_FUNC: {
            mw_func *f;
            mw_status st = mw_instance_funcref(inst, ce->idx, &f);
            out->ref = f;
            return st;
        }
        case MW_W_REF_NULL:
            return MW_OK;
        default:
            *out = ce->val;
            return MW_OK;
    }
}

mw_status mw_elem_item(mw_instance *inst, const mw_table *t, const mw_constexpr *ce, void **entry) {
    const mw_module *m = inst->mod;
    if (ce->op == MW_W_REF_FUNC && ce->idx >= m->nfunc_imports && t->owner == inst) {
        // the usual case: a function of the table's own instance, by index
        *entry = mw_table_def_entry(ce->idx - m->nfunc_imports);
        return MW_OK;
    }
    mw_val v;
    mw_status st = mw_eval_const(inst, ce, &v);
    if (st == MW_OK) {
        *entry = mw_table_encode(t, v.ref);
    }
    return st;
}

static mw_status link_imports(mw_runtime *rt, const mw_module *m, const mw_import *imports, mw_instance *inst) {
    for (uint32_t i = 0; i < m->nimports; i++) {
        const mw_importdef *im = &m->imports[i];
        const mw_import *ex = &imports[i];
        bool ok = false;
        rt->report.index = i;
        switch (im->kind) {
            case MW_KIND_FUNC:
                ok = ex->func && mw_functype_eq(ex->func->type, m->types[m->functypes[im->index]]);
                inst->funcs[im->index] = ex->func;
                break;
            case MW_KIND_TABLE:
                if (ex->table) {
                    mw_limits have;
                    mw_table_limits(ex->table, &have);
                    ok = ex->table->elem == m->tables[im->index].elem && limits_match(&have, &m->tables[im->index].limits);
                }
                inst->tables[im->index] = ex->table;
                break;
            case MW_KIND_MEMORY:
                if (ex->memory) {
                    mw_limits have;
                    mw_memory_limits(ex->memory, &have);
                    ok = have.page_log2 == m->mems[im->index].page_log2 && limits_match(&have, &m->mems[im->index]);
                }
                inst->mems[im->index] = ex->memory;
                break;
            case MW_KIND_GLOBAL:
                ok = ex->global && ex->global->type == m->globals[im->index].type
                     && ex->global->mut == m->globals[im->index].mut;
                inst->globals[im->index] = ex->global;
                break;
        }
        if (!ok) {
            mw_fail(rt, MW_ERR_LINK, MW_D_NONE, 0);
            rt->report.index = i;
            return MW_ERR_LINK;
        }
    }
    return MW_OK;
}

// Bytes of an instance's block (mw_instantiate).
static size_t instance_block(const mw_module *m) {
    return sizeof(mw_instance) + (m->nfunc_imports + m->ntables + m->nmems + m->nglobals + 4) * sizeof(void *)
           + m->ndatas + m->nelems + 1;
}

mw_status mw_instantiate(mw_runtime *rt, const mw_module *m, const mw_import *imports,
    const mw_inst_options *opt, mw_instance **out) {
    mw_status st;
    // one block: the instance, then its arrays of imports and definitions
    // (one spare element each), then a byte per data and element segment
    mw_instance *inst = mw_alloc(rt, instance_block(m));
    *out = NULL;
    if (inst == NULL) {
        return mw_fail_nomem(rt, MW_REPORT_INSTANCE);
    }
    inst->mod = m;
    inst->rt = rt;
    inst->funcs = (mw_func **)(void *)(inst + 1);
    inst->tables = (mw_table **)(void *)(inst->funcs + m->nfunc_imports + 1);
    inst->mems = (mw_memory **)(void *)(inst->tables + m->ntables + 1);
    inst->globals = (mw_global **)(void *)(inst->mems + m->nmems + 1);
    inst->data_dropped = (uint8_t *)(inst->globals + m->nglobals + 1);
    inst->elem_dropped = inst->data_dropped + m->ndatas;
    // the defined functions whose objects escape at once (exports and the
    // start function): their array grows later, so it is a block of its own
    inst->cap_escaping = m->start != UINT32_MAX;
    for (uint32_t i = 0; i < m->nexports; i++) {
        inst->cap_escaping += m->exports[i].kind == MW_KIND_FUNC;
    }
    inst->escaping = mw_alloc(rt, (inst->cap_escaping + 1) * sizeof(mw_func *));
    inst->cap_escaping++;
    inst->ram = instance_block(m) + inst->cap_escaping * sizeof(mw_func *);
    if (!inst->escaping) {
        st = mw_fail_nomem(rt, MW_REPORT_INSTANCE);
        goto fail;
    }
    st = link_imports(rt, m, imports, inst);
    if (st != MW_OK) {
        goto fail;
    }
    // allocation (spec 4.5.3). Internal calls need no mw_func, nor do
    // table entries of the table's own instance (mw_table): only functions
    // that reach the embedder get an object here, the exported ones and
    // the start function, so that mw_instance_export cannot fail.
    for (uint32_t i = 0; i < m->nexports + 1; i++) {
        uint32_t x = i < m->nexports ? m->exports[i].index : m->start;
        mw_func *f;
        if ((i == m->nexports || m->exports[i].kind == MW_KIND_FUNC) && x != UINT32_MAX) {
            st = mw_instance_funcref(inst, x, &f);
            if (st != MW_OK) {
                goto fail;
            }
        }
    }
    for (uint32_t i = m->ntable_imports; i < m->ntables; i++) {
        st = mw_table_new(rt, (mw_valtype)m->tables[i].elem, &m->tables[i].limits, NULL, &inst->tables[i]);
        if (st != MW_OK) {
            goto fail;
        }
        if (m->tables[i].elem == MW_FUNCREF) {
            inst->tables[i]->owner = inst;
        }
        inst->ram += sizeof(mw_table);
    }
    for (uint32_t i = m->nglobal_imports; i < m->nglobals; i++) {
        mw_val v;
        st = mw_eval_const(inst, &m->globals[i].init, &v);
        if (st == MW_OK) {
            st = mw_global_new(rt, (mw_valtype)m->globals[i].type, m->globals[i].mut, v, &inst->globals[i]);
        }
        if (st != MW_OK) {
            goto fail;
        }
        inst->ram += sizeof(mw_global);
    }
    // The memories last, after the runtime's stacks (a first call makes them
    // otherwise, right after the memories): a memory's block with nothing
    // allocated after it grows in place, where a block after it makes its first
    // grow move it and leaves the old block a hole below it (xz on the host:
    // 128 KiB, docs/benchmarks-history.md "RAM (session 19)"). No room for the stacks
    // is no error here: the first call tries again and says so. Made here,
    // they may hold the one run of heap a memory needs (netduinoplus2: a
    // 64 KiB memory in ~78 KB free): then they are given back and the memory
    // tried once more, the first call making them after it, as before.
    bool stacks_here = m->nmems > m->nmem_imports && rt->stack == NULL && mw_stacks_ready(rt);
    uint64_t limit = opt ? opt->memory_limit : 0;
    #if MW_GROW_RAISES
    inst->grow_raises = opt != NULL && opt->grow_raises;   // (before the start function runs)
    #endif
    for (uint32_t i = m->nmem_imports; i < m->nmems; i++) {
        while ((st = mw_memory_new_limited(rt, &m->mems[i], limit, &inst->mems[i])) == MW_ERR_NOMEM && stacks_here) {
            stacks_here = false;      // tried once more without them
            (void)mw_runtime_set_stacks(rt, rt->cfg.stack_slots, rt->cfg.max_frames);
        }
        if (st != MW_OK) {
            goto fail;
        }
        inst->ram += sizeof(mw_memory);
    }
    *out = inst;
    // initialization (spec 4.5.4, Wasm 2.0): elem segments, then data
    // segments, in order, each as table.init/memory.init + drop; a failing
    // segment traps, leaving earlier writes in place.
    for (uint32_t i = 0; i < m->nelems; i++) {
        const mw_elemdef *e = &m->elems[i];
        if (e->mode == MW_SEG_ACTIVE) {
            mw_table *t = inst->tables[e->table];
            mw_val off;
            mw_eval_const(inst, &e->offset, &off);    // an i32: cannot fail
            if ((uint64_t)off.i32 + e->count > t->size) {
                return mw_fail(rt, MW_TRAP_TABLE_OOB, MW_D_NONE, 0);
            }
            for (uint32_t k = 0; k < e->count; k++) {
                // out of memory for a function object: as a trap here
                // (earlier writes into imported tables stay)
                st = mw_elem_item(inst, t, &e->items[k], &t->elems[off.i32 + k]);
                if (st != MW_OK) {
                    return st;
                }
            }
        }
        if (e->mode != MW_SEG_PASSIVE) {
            inst->elem_dropped[i] = 1;
        }
    }
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const mw_datadef *d = &m->datas[i];
        if (d->mode == MW_SEG_ACTIVE) {
            mw_memory *mem = inst->mems[d->mem];
            mw_val v;
            mw_eval_const(inst, &d->offset, &v);      // an i32: cannot fail
            uint32_t off = v.i32;
            uint8_t *dst = mw_memory_native_w(rt, mem, off, d->len);   // the store path's check, as memory.init
            if (dst == NULL) {
                return mw_fail(rt, MW_TRAP_MEM_OOB, MW_D_NONE, 0);
            }
            memcpy(dst, d->bytes, d->len);
            inst->data_dropped[i] = 1;
        }
    }
    if (m->start != UINT32_MAX) {
        st = mw_call(rt, mw_instance_func(inst, m->start), NULL, NULL, opt ? opt->fuel : NULL);
        if (st != MW_OK) {
            return st;
        }
    }
    return MW_OK;
fail:
    mw_instance_free(rt, inst);
    *out = NULL;
    return st;
}

void mw_instance_free(mw_runtime *rt, mw_instance *inst) {
    if (inst == NULL) {
        return;
    }
    const mw_module *m = inst->mod;
    // a heap this instance attached is released (its memory 0 may be
    // imported and outlive the instance: it must not keep the heap mapped)
    if (m->nmems > 0 && inst->mems[0] != NULL) {
        mw_instance_detach(inst);
    }
    // (the arrays are in the instance's block: a failed instantiation
    // leaves NULL where it stopped)
    for (uint32_t i = 0; inst->escaping != NULL && i < inst->nescaping; i++) {
        mw_free(rt, inst->escaping[i], MW_WASM_FUNC_SIZE);
    }
    for (uint32_t i = m->ntable_imports; i < m->ntables; i++) {
        if (inst->tables[i]) {
            mw_free(rt, inst->tables[i]->elems, mw_nz(inst->tables[i]->size) * sizeof(void *));
            mw_free(rt, inst->tables[i], sizeof(mw_table));
        }
    }
    for (uint32_t i = m->nmem_imports; i < m->nmems; i++) {
        mw_memory_free(rt, inst->mems[i]);   // (NULL: none made)
    }
    for (uint32_t i = m->nglobal_imports; i < m->nglobals; i++) {
        mw_free(rt, inst->globals[i], sizeof(mw_global));
    }
    mw_free(rt, inst->escaping, inst->cap_escaping * sizeof(mw_func *));
    mw_free(rt, inst, instance_block(m));
}

const mw_module *mw_instance_module(const mw_instance *inst) {
    return inst->mod;
}

void mw_instance_export(const mw_instance *inst, uint32_t i, mw_import *out) {
    const mw_exportdef *e = &inst->mod->exports[i];
    memset(out, 0, sizeof(*out));
    switch (e->kind) {
        case MW_KIND_FUNC:
            out->func = mw_instance_func(inst, e->index);
            break;
        case MW_KIND_TABLE:
            out->table = inst->tables[e->index];
            break;
        case MW_KIND_MEMORY:
            out->memory = inst->mems[e->index];
            break;
        case MW_KIND_GLOBAL:
            out->global = inst->globals[e->index];
            break;
    }
}

size_t mw_instance_ram(const mw_instance *inst) {
    size_t n = inst->ram;
    for (uint32_t i = inst->mod->ntable_imports; i < inst->mod->ntables; i++) {
        n += mw_nz(inst->tables[i]->size) * sizeof(void *);   // grows with table.grow
    }
    return n;
}
