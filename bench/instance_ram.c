// SPDX-License-Identifier: MIT
// instance_ram.c: what an instance of a module costs the engine, beyond its
// linear memories (no MicroPython). Issue #9 wants at most 1 KB beyond
// memories and tables.
//
//   instance_ram MODULE.wasm...
//
// Each module is loaded (lazily, borrowed) and instantiated with a stub for
// every imported function and fresh imported memories, tables and globals,
// without running anything; one line per module:
//   NAME inst_ram=<mw_instance_ram> tables=<its tables' element arrays>
//        beyond_tables=<the rest> funcs=<functions> escaping=<with an object>
// The same instance on Cortex-M: bench/board/instance_ram_board.py. It reads the
// instance's fields (mw_int.h, engine-private) to split the figure.
#include <stdio.h>
#include <stdlib.h>
#include "mw_int.h"
#include "mw_malloc.h"

static mw_status stub(void *ctx, mw_func *self, mw_val *slots) {
    (void)ctx;
    (void)self;
    (void)slots;
    return MW_OK;
}

static uint8_t *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL || fseek(f, 0, SEEK_END) != 0) {
        return NULL;
    }
    long n = ftell(f);
    uint8_t *b = malloc(n > 0 ? (size_t)n : 1);
    if (b == NULL || fseek(f, 0, SEEK_SET) != 0 || fread(b, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(b);
        return NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return b;
}

static int measure(mw_runtime *rt, const char *path) {
    size_t len;
    uint8_t *bytes = read_file(path, &len);
    mw_module *m;
    if (bytes == NULL) {
        fprintf(stderr, "%s: cannot read\n", path);
        return 1;
    }
    if (mw_module_load(rt, bytes, len, MW_LOAD_BORROW | MW_LOAD_LAZY, &m) != MW_OK) {
        fprintf(stderr, "%s: %s\n", path, mw_last_report(rt)->msg);
        free(bytes);
        return 1;
    }
    uint32_t ni = mw_module_num_imports(m);
    mw_import *im = calloc(ni + 1, sizeof(mw_import));
    mw_status st = im != NULL ? MW_OK : MW_ERR_NOMEM;
    for (uint32_t i = 0; i < ni && st == MW_OK; i++) {
        mw_extern_desc d;
        mw_module_import(m, i, &d);
        if (d.kind == MW_KIND_FUNC) {
            st = mw_func_new_host(rt, d.func, stub, NULL, &im[i].func);
        } else if (d.kind == MW_KIND_MEMORY) {
            st = mw_memory_new(rt, &d.limits, &im[i].memory);
        } else if (d.kind == MW_KIND_TABLE) {
            st = mw_table_new(rt, d.valtype, &d.limits, NULL, &im[i].table);
        } else {
            mw_val v;
            v.i64 = 0;
            st = mw_global_new(rt, d.valtype, d.mut, v, &im[i].global);
        }
    }
    mw_instance *inst = NULL;
    mw_inst_options opt = {0, NULL, false};  // the declared memory, allocated (not counted)
    if (st == MW_OK) {
        st = mw_instantiate(rt, m, im, &opt, &inst);
    }
    if (st != MW_OK) {
        fprintf(stderr, "%s: %s\n", path, mw_last_report(rt)->msg);
    } else {
        size_t tables = 0;
        for (uint32_t i = m->ntable_imports; i < m->ntables; i++) {
            tables += mw_nz(inst->tables[i]->size) * sizeof(void *);
        }
        printf("%s inst_ram=%zu tables=%zu beyond_tables=%zu funcs=%u escaping=%u\n", path, mw_instance_ram(inst),
            tables, mw_instance_ram(inst) - tables, m->nfuncs, inst->nescaping);
    }
    mw_instance_free(rt, inst);
    for (uint32_t i = 0; i < ni && im != NULL; i++) {
        mw_func_free(rt, im[i].func);
        mw_memory_free(rt, im[i].memory);
        mw_table_free(rt, im[i].table);
        mw_global_free(rt, im[i].global);
    }
    free(im);
    mw_module_free(rt, m);
    free(bytes);
    return st == MW_OK ? 0 : 1;
}

int main(int argc, char **argv) {
    mw_config cfg = {0};
    cfg.alloc = mw_malloc_alloc;
    mw_runtime *rt;
    if (mw_runtime_new(&cfg, &rt) != MW_OK) {
        return 1;
    }
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        bad |= measure(rt, argv[i]);
    }
    mw_runtime_free(rt);
    return bad;
}
