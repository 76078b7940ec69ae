// SPDX-License-Identifier: MIT
// load_mw.c: the cost of mw_module_load alone (no MicroPython), for
// bench/load.py.
//
//   load_mw MODULE.wasm REPS
//   load_mw IMAGE.mwi REPS       (a wasm-cross image of this host's: mw_image_load)
//
// Loads and frees the module REPS times and prints, for one load:
//   bytes=<n>            the binary's size
//   allocs=<n>           allocator calls that allocate a new block
//   reallocs=<n>         calls that resize a block
//   frees=<n>            calls that free a block (within the load, e.g. scratch)
//   module_ram=<bytes>   live bytes after the load (the module)
//   peak=<bytes>         the most live at once during the load
//   ns=<n>               the fastest load, in ns
#include "mw.h"
#include "image.h"
#include "runner_common.h"

typedef struct counts {
    unsigned long allocs, reallocs, frees;
    size_t live, peak;
} counts;

#define HDR 16

static void *counting_alloc(void *ctx, void *ptr, size_t old_size, size_t new_size) {
    counts *c = ctx;
    uint8_t *blk = ptr ? (uint8_t *)ptr - HDR : NULL;
    (void)old_size;
    size_t real_old = 0;
    if (blk != NULL) {
        memcpy(&real_old, blk, sizeof(size_t));
    }
    if (new_size == 0) {
        c->frees++;
        c->live -= real_old;
        free(blk);
        return NULL;
    }
    if (blk == NULL) {
        c->allocs++;
    } else {
        c->reallocs++;
    }
    uint8_t *nb = realloc(blk, new_size + HDR);
    if (nb == NULL) {
        return NULL;
    }
    if (blk == NULL) {
        memset(nb + HDR, 0, new_size);
    }
    memcpy(nb, &new_size, sizeof(size_t));
    c->live += new_size - real_old;
    if (c->live > c->peak) {
        c->peak = c->live;
    }
    return nb + HDR;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s MODULE.wasm REPS\n", argv[0]);
        return 2;
    }
    size_t len;
    uint8_t *bytes = bench_read_file(argv[1], &len);
    int reps = atoi(argv[2]);
    // MW_BENCH_LAZY=1: validate every body but lower none (MW_LOAD_LAZY, the binary borrowed)
    const char *lazy_env = getenv("MW_BENCH_LAZY");
    bool lazy = lazy_env != NULL && strcmp(lazy_env, "1") == 0;
    // an image (its code threaded into RAM at load where the engine threads)
    size_t name_len = strlen(argv[1]);
    bool image = name_len > 4 && strcmp(argv[1] + name_len - 4, ".mwi") == 0;
    counts c = { 0, 0, 0, 0, 0 };
    mw_config cfg = { 0 };
    cfg.alloc = counting_alloc;
    cfg.ctx = &c;
    mw_runtime *rt;
    if (mw_runtime_new(&cfg, &rt) != MW_OK) {
        return 1;
    }
    double best = 1e9;
    counts one = c;
    size_t ram = 0;
    for (int i = 0; i < (reps < 1 ? 1 : reps); i++) {
        counts before = c;
        c.peak = c.live;
        mw_status st;
        double t0 = bench_now();
        mw_module *m;
        st = image ? mw_image_load(rt, bytes, len, 0, false, &m)
                   : mw_module_load(rt, bytes, len, lazy ? MW_LOAD_LAZY | MW_LOAD_BORROW : 0, &m);
        double t = bench_now() - t0;
        if (m == NULL) {
            const mw_report *r = mw_last_report(rt);
            fprintf(stderr, "load: %s (%s at offset %u)\n", mw_status_str(st), r->msg ? r->msg : "-",
                (unsigned)r->offset);
            return 1;
        }
        one.allocs = c.allocs - before.allocs;
        one.reallocs = c.reallocs - before.reallocs;
        one.frees = c.frees - before.frees;
        one.peak = c.peak - before.live;
        ram = c.live - before.live;
        best = t < best ? t : best;
        mw_module_free(rt, m);
    }
    printf("bytes=%lu\nallocs=%lu\nreallocs=%lu\nfrees=%lu\nmodule_ram=%lu\npeak=%lu\nns=%.0f\n",
        (unsigned long)len, one.allocs, one.reallocs, one.frees, (unsigned long)ram,
        (unsigned long)one.peak, best * 1e9);
    mw_runtime_free(rt);
    free(bytes);
    return 0;
}
