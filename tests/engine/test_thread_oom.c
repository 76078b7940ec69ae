// SPDX-License-Identifier: MIT
// test_thread_oom.c: threaded code's allocation failures (mw_config.h
// MW_THREADED: code.c's threading, its reach check in lowering, lazy.c's
// threaded blocks). test_engine.c and the fuzzers' oom target run compact
// code, and a function under 6,554 units never allocates for its threading
// (mw_thread_units counts its ops alone), so only a large function reaches
// these paths. Each .wasm named on the command line (tests/host/
// test_far_branches.py's, every export (i32) -> i32) is loaded eagerly,
// lazily, and lazily under a 1-byte code budget, instantiated and each export
// called with 1; then again with allocation k failed, for every k the run
// makes: each step gives MW_OK or MW_ERR_NOMEM, a call that returns gives the
// first run's result, and every block comes back with its size (the
// mw_alloc_fn contract). Built with ASan/UBSan. Prints "N runs, M failed
// allocations, 0 failures".
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mw.h"
#include "mw_int.h"

#if !MW_THREADED
#error "test_thread_oom.c tests threaded code: build it where MW_THREADED is on (x86-64 GCC, the full profile)"
#endif

#define MAX_EXPORTS 16
#define HDR 16 // each block's size before it: the engine must free it with that size

static long live_blocks, alloc_count, fail_at = -1, failures;

static void *t_alloc(void *ctx, void *p, size_t old, size_t n) {
    (void)ctx;
    unsigned char *b = p ? (unsigned char *)p - HDR : NULL;
    if (b != NULL) {
        size_t had;
        memcpy(&had, b, sizeof(had));
        if (had != old) {
            printf("FAIL: a block of %zu bytes %s as %zu\n", had, n ? "resized" : "freed", old);
            failures++;
        }
    }
    if (n == 0) {
        live_blocks -= b != NULL;
        free(b);
        return NULL;
    }
    if (alloc_count++ == fail_at) {
        return NULL;
    }
    unsigned char *q = realloc(b, n + HDR);
    if (q == NULL) {
        return NULL;
    }
    live_blocks += b == NULL;
    memcpy(q, &n, sizeof(n));
    return q + HDR;
}

typedef struct {
    mw_status st[MAX_EXPORTS];
    uint32_t r[MAX_EXPORTS];
    uint32_t n;
} outcome;

// One run: load (flags), the budget, instantiate, each export called with 1.
// The outcome of each call (MW_ERR_NOMEM for every call where a step before
// failed); false where a step failed otherwise than for memory.
static bool run(const uint8_t *wasm, size_t len, uint32_t flags, size_t budget, outcome *o) {
    o->n = 0;
    mw_config cfg;
    memset(&cfg, 0, sizeof(cfg));
    cfg.alloc = t_alloc;
    mw_runtime *rt;
    if (mw_runtime_new(&cfg, &rt) != MW_OK) {
        return true; // (the runtime's own block failed: nothing made)
    }
    mw_module *m = NULL;
    mw_instance *inst = NULL;
    mw_status st = mw_module_load(rt, wasm, len, flags, &m);
    if (st == MW_OK && budget != 0) {
        st = mw_module_set_code_budget(rt, m, budget);
    }
    if (st == MW_OK) {
        st = mw_instantiate(rt, m, NULL, NULL, &inst);
    }
    bool ok = st == MW_OK || st == MW_ERR_NOMEM;
    if (!ok) {
        printf("FAIL: load or instantiate: %s\n", mw_last_report(rt)->msg);
    }
    o->n = st == MW_OK ? mw_module_num_exports(m) : 0;
    for (uint32_t i = 0; i < o->n && i < MAX_EXPORTS; i++) {
        mw_import e;
        mw_instance_export(inst, i, &e);
        mw_val a[1], r[1];
        a[0].i64 = 1;
        o->st[i] = mw_call(rt, e.func, a, r, NULL);
        o->r[i] = o->st[i] == MW_OK ? r[0].i32 : 0;
        if (o->st[i] != MW_OK && o->st[i] != MW_ERR_NOMEM) {
            printf("FAIL: export %u: %s\n", i, mw_last_report(rt)->msg);
            ok = false;
        }
    }
    if (inst != NULL) {
        mw_instance_free(rt, inst);
    }
    if (m != NULL) {
        mw_module_free(rt, m);
    }
    mw_runtime_free(rt);
    return ok;
}

int main(int argc, char **argv) {
    static const struct {
        uint32_t flags;
        size_t budget;
        const char *name;
    } modes[] = { { 0, 0, "eager" }, { MW_LOAD_LAZY, 0, "lazy" }, { MW_LOAD_LAZY, 1, "lazy, budget 1" } };
    setvbuf(stdout, NULL, _IONBF, 0); // (a sanitizer's exit flushes nothing)
    long runs = 0, failed = 0;
    for (int a = 1; a < argc; a++) {
        FILE *f = fopen(argv[a], "rb");
        if (f == NULL) {
            printf("FAIL: cannot open %s\n", argv[a]);
            return 1;
        }
        static uint8_t wasm[1 << 21];
        size_t len = fread(wasm, 1, sizeof(wasm), f);
        fclose(f);
        for (size_t md = 0; md < sizeof(modes) / sizeof(modes[0]); md++) {
            outcome ref;
            fail_at = -1;
            alloc_count = 0;
            if (!run(wasm, len, modes[md].flags, modes[md].budget, &ref) || ref.n == 0) {
                printf("FAIL: %s %s: no run without a failure\n", argv[a], modes[md].name);
                failures++;
                continue;
            }
            for (uint32_t i = 0; i < ref.n; i++) {
                if (ref.st[i] != MW_OK) {
                    printf("FAIL: %s %s: export %u without a failure: status %d\n", argv[a], modes[md].name, i,
                        (int)ref.st[i]);
                    failures++;
                }
            }
            long made = alloc_count;
            for (long k = 0; k < made; k++) {
                outcome o;
                fail_at = k;
                alloc_count = 0;
                failures += !run(wasm, len, modes[md].flags, modes[md].budget, &o);
                runs++;
                failed += alloc_count > k;
                for (uint32_t i = 0; i < o.n; i++) {
                    if (o.st[i] == MW_OK && o.r[i] != ref.r[i]) {
                        printf("FAIL: %s %s k=%ld: export %u gave %u, not %u\n", argv[a], modes[md].name, k, i, o.r[i],
                            ref.r[i]);
                        failures++;
                    }
                }
                if (live_blocks != 0) {
                    printf("FAIL: %s %s k=%ld: %ld blocks left\n", argv[a], modes[md].name, k, live_blocks);
                    failures++;
                    live_blocks = 0;
                }
            }
        }
    }
    printf("%ld runs, %ld failed allocations, %ld failures\n", runs, failed, failures);
    return failures != 0;
}
