// SPDX-License-Identifier: MIT
// runner_mw.h: what the runners of our engine (runner_mw.c, runner_mw_wasi.c)
// share beyond runner_common.h: the allocator that counts the engine's RAM and
// the one way a failure is printed. Header-only, as runner_common.h.
#ifndef BENCH_RUNNER_MW_H
#define BENCH_RUNNER_MW_H

#include "mw.h"
#include "runner_common.h"

typedef struct alloc_stats {
    size_t live;
    size_t peak;
    unsigned long size_mismatches;  // old_size passed by the engine != the block's size
} alloc_stats;

// Each block carries its size in a header, so live bytes stay right even when
// the engine passes a wrong old_size (counted in size_mismatches: the contract
// of mw_alloc_fn is that old_size is the block's size). 16 bytes keep the
// payload as aligned as malloc's.
#define HDR 16

// realloc counting live bytes: the engine has no stats call for modules, so
// this is how module and instance RAM are measured.
static void *counting_alloc(void *ctx, void *ptr, size_t old_size, size_t new_size) {
    alloc_stats *st = ctx;
    uint8_t *blk = ptr ? (uint8_t *)ptr - HDR : NULL;
    size_t real_old = 0;
    if (blk != NULL) {
        memcpy(&real_old, blk, sizeof(size_t));
        if (real_old != old_size) {
            st->size_mismatches++;
        }
    }
    if (new_size == 0) {
        free(blk);
        st->live -= real_old;
        return NULL;
    }
    uint8_t *nb = realloc(blk, new_size + HDR);
    if (nb == NULL) {
        return NULL;
    }
    memcpy(nb, &new_size, sizeof(size_t));
    st->live += new_size - real_old;
    if (st->live > st->peak) {
        st->peak = st->live;
    }
    return nb + HDR;
}

// A runtime whose allocations counting_alloc counts in *stats; NULL (said on
// stderr) if even that fails.
static mw_runtime *counted_runtime(alloc_stats *stats) {
    mw_config cfg = { 0 };
    cfg.alloc = counting_alloc;
    cfg.ctx = stats;
    mw_runtime *rt;
    if (mw_runtime_new(&cfg, &rt) != MW_OK) {
        fprintf(stderr, "runtime: out of memory\n");
        return NULL;
    }
    return rt;
}

// Prints what failed (`what`: the runner's step, e.g. "load" or "_start"),
// the status and what the engine's report says of it (mw.h mw_report): a
// load error's detail and byte offset in the binary, a link error's import,
// the function a first call could not lower (or the stacks) and the bytes
// asked for; a trap's kind and where it happened (mw_trap_trace: the
// function and its callers, by index: a name only where the module borrows
// its binary, which the runner's does not, its RAM measured as a copy; no
// offset, which would be 0); returns the exit status 1.
static int fail(mw_runtime *rt, const char *what, mw_status st) {
    const mw_report *r = mw_last_report(rt);
    const char *detail = r->status == st && r->msg != NULL ? r->msg : "-";
    if (MW_IS_TRAP(st)) {
        fprintf(stderr, "%s: trap: %s", what, mw_status_str(st));
        mw_trap_frame t;
        uint32_t depth = mw_trap_trace(rt, 0, &t), i = 0;
        for (; i < depth; i++) {
            t.inst = NULL;
            mw_trap_trace(rt, i, &t);
            if (t.inst == NULL) {
                break;      // past the frames the engine keeps
            }
            const char *name;
            uint32_t len;
            fprintf(stderr, "%s%s%u", i == 0 ? " in function " : i == 1 ? " (called from " : " <- ",
                t.host != NULL ? "host " : "", (unsigned)t.func);
            if (t.host == NULL && mw_module_func_name(mw_instance_module(t.inst), t.func, &name, &len)) {
                fprintf(stderr, " '%.*s'", (int)len, name);
            }
        }
        fprintf(stderr, "%s%s\n", i < depth ? " <- ..." : "", depth > 1 ? ")" : "");
    } else if (st == MW_ERR_MALFORMED || st == MW_ERR_INVALID) {
        fprintf(stderr, "%s: %s (%s at offset 0x%x)\n", what, mw_status_str(st), detail, (unsigned)r->offset);
    } else if (st == MW_ERR_LINK && r->status == st) {
        fprintf(stderr, "%s: %s (%s: import %u)\n", what, mw_status_str(st), detail, (unsigned)r->index);
    } else if (st == MW_ERR_NOMEM && r->status == st && r->need != 0 && r->index == MW_REPORT_STACKS) {
        fprintf(stderr, "%s: %s (the stacks: need %u bytes)\n", what, mw_status_str(st), (unsigned)r->need);
    } else if (st == MW_ERR_NOMEM && r->status == st && r->need != 0) {
        fprintf(stderr, "%s: %s (lowering function %u: need %u bytes)\n", what, mw_status_str(st),
            (unsigned)r->index, (unsigned)r->need);
    } else {
        fprintf(stderr, "%s: %s (%s)\n", what, mw_status_str(st), detail);
    }
    return 1;
}

#endif // BENCH_RUNNER_MW_H
