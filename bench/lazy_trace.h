// SPDX-License-Identifier: MIT
// lazy_trace.h: what the code budget did, function by function (bench only).
// Built into runner_mw_wasi with -DMW_LAZY_TRACE (bench/budget.py --trace):
// lazy.c calls mw_lazy_trace at each lowering, drop and rearmed call, and
// the runner prints the totals and the functions relowered most, so a
// policy's thrash can be seen without callgrind (relowering costs ~125 Ir
// per byte: docs/benchmarks-history.md "RAM (session 15)").
#ifndef LAZY_TRACE_H
#define LAZY_TRACE_H
#include <stdio.h>
#include <stdlib.h>

typedef struct {
    uint32_t lowerings, drops, rearms;
    size_t bytes;
} lazy_fn_trace;

static lazy_fn_trace *lazy_fns;
static uint32_t lazy_nfns;

// the module's events (lazy.c LAZY_TRACE_MOD): eviction rounds that freed
// anything and their bytes, walks that came round, slots the arena had the
// bytes for but not in one piece (compacted), and those compaction did not
// make room for (more code dropped), and functions given a block of their
// own over the running share (MW_CODE_RUNNING_SHARE), and of those, the
// ones nothing running in the arena calls (an export)
static unsigned long lazy_rounds, lazy_round_bytes, lazy_comerounds, lazy_compactions, lazy_frag_drops, lazy_running_own,
    lazy_own_entry;

void mw_lazy_trace(const mw_module *m, uint32_t defidx, size_t bytes, int event) {
    (void)m;
    if (defidx == UINT32_MAX) {
        lazy_rounds += event == 3 && bytes != 0;
        lazy_round_bytes += event == 3 ? bytes : 0;
        lazy_comerounds += event == 4;
        lazy_compactions += event == 5;
        lazy_frag_drops += event == 6;
        lazy_running_own += event == 10;
        lazy_own_entry += event == 12;
        return;
    }
    if (defidx >= lazy_nfns) {
        uint32_t n = defidx + 1024;
        lazy_fns = realloc(lazy_fns, n * sizeof(*lazy_fns));
        memset(lazy_fns + lazy_nfns, 0, (n - lazy_nfns) * sizeof(*lazy_fns));
        lazy_nfns = n;
    }
    lazy_fn_trace *f = &lazy_fns[defidx];
    f->bytes = bytes;
    f->lowerings += event == 0;
    f->drops += event == 1;
    f->rearms += event == 2;
}

// lowered_bytes= (every lowering), relowered_bytes= (the lowerings after the
// first), drops=, rearms=, the module's events (evict_rounds=,
// evict_round_bytes=, come_rounds=, compactions=, frag_drops=, running_own=,
// own_entry=), then
// relowered_top= the 8 functions with the most relowered bytes:
// defidx:lowerings x bytes
static void lazy_trace_print(void) {
    size_t lowered = 0, relowered = 0;
    unsigned long drops = 0, rearms = 0;
    for (uint32_t i = 0; i < lazy_nfns; i++) {
        lowered += lazy_fns[i].lowerings * lazy_fns[i].bytes;
        relowered += lazy_fns[i].lowerings > 1 ? (lazy_fns[i].lowerings - 1) * lazy_fns[i].bytes : 0;
        drops += lazy_fns[i].drops;
        rearms += lazy_fns[i].rearms;
    }
    printf("lowered_bytes=%lu\nrelowered_bytes=%lu\ndrops=%lu\nrearms=%lu\n", (unsigned long)lowered,
           (unsigned long)relowered, drops, rearms);
    printf("evict_rounds=%lu\nevict_round_bytes=%lu\ncome_rounds=%lu\ncompactions=%lu\nfrag_drops=%lu\nrunning_own=%lu\n"
           "own_entry=%lu\n",
           lazy_rounds, lazy_round_bytes, lazy_comerounds, lazy_compactions, lazy_frag_drops, lazy_running_own,
           lazy_own_entry);
    printf("relowered_top=");
    for (int k = 0; k < 8; k++) {
        uint32_t best = UINT32_MAX;
        size_t most = 0;
        for (uint32_t i = 0; i < lazy_nfns; i++) {
            size_t r = lazy_fns[i].lowerings > 1 ? (lazy_fns[i].lowerings - 1) * lazy_fns[i].bytes : 0;
            if (r > most) {
                most = r;
                best = i;
            }
        }
        if (best == UINT32_MAX) {
            break;
        }
        printf("%s%u:%ux%lu", k ? "," : "", best, lazy_fns[best].lowerings, (unsigned long)lazy_fns[best].bytes);
        lazy_fns[best].lowerings = 1;
    }
    printf("\n");
    // every function lowered: defidx:block bytes (bench/budget_sim.py)
    printf("block_bytes=");
    bool any = false;
    for (uint32_t i = 0; i < lazy_nfns; i++) {
        if (lazy_fns[i].bytes != 0) {
            printf("%s%u:%lu", any ? "," : "", i, (unsigned long)lazy_fns[i].bytes);
            any = true;
        }
    }
    printf("\n");
}
#endif
