// SPDX-License-Identifier: MIT
// calltrace.h: every call and return of a run, for bench/budget_sim.py (bench
// only). Built into runner_mw_wasi with -DMW_CALL_TRACE: exec.c calls
// mw_call_trace with the defined function's index at each call and
// UINT32_MAX at each return; with CT_OUT=path in the environment they are
// written there as little-endian uint32. A call of the function that has
// just returned (nothing written in between) is left out with its return,
// but for the first of a run of them: under a code budget that call takes
// the function's second chance back (lazy.c: a function lowered armed, or
// armed by a walk, is called again), and the next ones change nothing a code
// budget sees (no lowering, so no walk, in between). Leaving out the first too
// made bench/budget_sim.py take a function called in a loop for cold
// (docs/benchmarks-history.md "Eviction fuzzing (session 33)"); a hash loop's leaf
// would otherwise take most of the file. A call left out that then makes a
// call is written after all, before that call, so it is on the replay's
// stack as it is on the engine's frames.
#ifndef CALLTRACE_H
#define CALLTRACE_H
#include <stdio.h>
#include <stdlib.h>

#define CT_MAX_DEPTH (1 << 16)
static FILE *ct_file;
static uint32_t ct_fn[CT_MAX_DEPTH];
static uint8_t ct_skip[CT_MAX_DEPTH];
static uint32_t ct_depth;
static int64_t ct_last_ret = -1;   // the function of the last return written, if nothing since
static bool ct_again;              // the last call written was such a repeat
static bool ct_off;

static void ct_put(uint32_t v) {
    if (ct_file == NULL && !ct_off) {
        const char *path = getenv("CT_OUT");
        ct_file = path != NULL ? fopen(path, "wb") : NULL;
        ct_off = ct_file == NULL;
    }
    if (ct_file != NULL) {
        fwrite(&v, sizeof(v), 1, ct_file);
    }
}

void mw_call_trace(uint32_t defidx) {
    if (defidx == UINT32_MAX) {
        if (ct_depth == 0) {
            return;
        }
        ct_depth--;
        if (ct_depth < CT_MAX_DEPTH && !ct_skip[ct_depth]) {
            ct_put(UINT32_MAX);
            ct_last_ret = ct_fn[ct_depth];
        }
        return;
    }
    bool again = (int64_t)defidx == ct_last_ret;
    bool skip = again && ct_again;
    if (ct_depth < CT_MAX_DEPTH) {
        ct_fn[ct_depth] = defidx;
        ct_skip[ct_depth] = skip;
    }
    ct_depth++;
    if (!skip) {
        // a call left out that makes a call is running while that one
        // runs (a code budget cannot drop it): written after all, before it
        uint32_t k = ct_depth - 1;
        while (k > 0 && k - 1 < CT_MAX_DEPTH && ct_skip[k - 1]) {
            k--;
        }
        for (; k + 1 < ct_depth && k < CT_MAX_DEPTH; k++) {
            ct_put(ct_fn[k]);
            ct_skip[k] = false;
        }
        ct_put(defidx);
        ct_last_ret = -1;
        ct_again = again;
    }
}

static void calltrace_close(void) {
    if (ct_file != NULL) {
        fclose(ct_file);
        ct_file = NULL;
    }
}
#endif
