// SPDX-License-Identifier: MIT
// diff_extra.c: what tests/fuzz/diff.py needs beyond tests/engine/diff_shim.c
// (both are built into one library): freeing, load flags and the report,
// memory bytes, global bits, stub host functions for imports.
#include <string.h>
#include "mw.h"

void sh_instance_free(mw_runtime *rt, mw_instance *inst) {
    mw_instance_free(rt, inst);
}

void sh_module_free(mw_runtime *rt, mw_module *m) {
    mw_module_free(rt, m);
}

// Load with mw_module_load's flags (MW_LOAD_NO_MULTI_MEMORY etc.).
mw_module *sh_load_flags(mw_runtime *rt, const uint8_t *b, size_t n, unsigned flags, int *st) {
    mw_status s;
    mw_module *m = mw_module_load(rt, b, n, flags, &s);
    *st = s;
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

// A host function of the given type that returns zeros (stub imports).
static mw_status sh_zeros(void *ctx, mw_func *self, mw_val *slots) {
    (void)ctx;
    for (int i = 0; i < mw_func_type(self)->nresults; i++) {
        slots[i].i64 = 0;
    }
    return MW_OK;
}

mw_func *sh_stub_func(mw_runtime *rt, const uint8_t *types, int np, int nr) {
    uint8_t buf[sizeof(mw_functype) + 256];
    mw_functype *ft = (mw_functype *)buf;
    if (np + nr > 256) {
        return NULL;
    }
    ft->nparams = (uint16_t)np;
    ft->nresults = (uint16_t)nr;
    memcpy(ft->types, types, (size_t)(np + nr));
    return mw_func_new_host(rt, ft, sh_zeros, NULL);
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
