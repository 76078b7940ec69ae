// SPDX-License-Identifier: MIT
// fuzz_run.c: libFuzzer target for instantiation and execution. The input is
// a module binary; if it loads, every import is satisfied by a stub (host
// functions that return zeros, fresh tables/memories/globals of the declared
// type), it is instantiated with a fuel budget and a memory limit, half the
// time a managed shared heap is attached, and every exported function is
// called twice with fuel (zeros, then varied arguments); exported memories,
// tables and globals are grown and read. Afterwards everything is freed
// with the engine's own calls and nothing may be left (fuzz_alloc.h); the
// board-sized stacks (1024 slots, 256 frames) are used. The input's size
// also picks the load: every body lowered at load, lowered on first call
// (MW_LOAD_LAZY), or lazily under a code budget of 1 byte, where each
// lowering evicts the others and the stub imports call the module's first
// exported function back (once deep), so a function whose code is evicted
// is re-entered while it is on the stack; or (session 35) under a budget of
// 64-1,087 bytes, over the builds' code arena minimum of 64 (build.py), so the
// arena fills, is compacted under live frames, and a function larger than it
// runs from a block of its own (lazy.c running_held), the call-backs as before;
// then (session 37) the budget is changed, the module unlowered, the budget
// changed again and the exports called once more (rebudget).
#define FUZZ_NAME "fuzz_run"
#include "fuzz_exec.h"

#define CAP (64u << 20)

// The arena mode, after the calls: another budget, with code in the arena,
// keeps the arena as it is; unlowered, the arena is empty, and a third budget
// makes it anew at its size (lazy.c arena_resize, arena_empty: since session
// 37); the exports then run again, lowered into the new arena.
static void rebudget(mw_runtime *rt, mw_module *m, mw_instance *inst, reenter *re, size_t size) {
    check(mw_module_set_code_budget(rt, m, 64 + ((size >> 3) & 1023)) == MW_OK, "another code budget");
    check(mw_module_unlower(rt, m) == MW_OK, "unlower between calls");
    check(mw_module_set_code_budget(rt, m, 64 + ((size >> 5) & 1023)) == MW_OK, "a budget of an empty arena");
    exercise_calling_back(rt, inst, re, size + 1, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz_heap heap = {.cap = CAP};
    mw_runtime *rt = fz_runtime(&heap, FZ_STACK_SLOTS, FZ_MAX_FRAMES, false);
    mw_status st;
    mw_module *m;
    // 0 eager, 1 lazy, 2 lazy with a code budget of 1 byte, 3 lazy with one in the code arena
    unsigned mode = (size >> 2) % 4;
    st = mw_module_load(rt, data, size, mode ? MW_LOAD_LAZY : 0, &m);
    // a lowering its own code check refuses (MW_CHECK_CODE, build.py) is a bug; a lazy
    // one's shows as a call's MW_ERR_INVALID (the call status checks)
    check(st == MW_OK || strstr(mw_last_report(rt)->msg, "lowered code") == NULL,
          "lowered code refused by the code check");
    if (m != NULL && mode >= 2) {
        check(mw_module_set_code_budget(rt, m, mode == 2 ? 1 : 64 + (size & 1023)) == MW_OK, "code budget");
    }
    reenter re = {.rt = rt};
    if (m != NULL) {
        stubs s;
        if (make_imports(rt, m, &s, mode >= 2 ? &re : NULL)) {
            int64_t fuel;
            mw_instance *inst;
            st = instantiate(rt, m, &s, &fuel, &inst);
            // (no element segment's function object short of heap under this cap)
            check(st == MW_OK || MW_IS_TRAP(st) || inst == NULL, "instance only on success or trap");
            uint8_t *bytes = NULL;
            mw_sheap *h = NULL;
            if (st == MW_OK && (size & 1)) {
                bytes = calloc(1, 256);
                mw_sheap_new(rt, bytes, 256, true, NULL, &h);
                if (h != NULL && mw_instance_attach(rt, inst, h, (size & 2) != 0) != MW_OK) {
                    check(mw_sheap_free(rt, h) == MW_OK, "free an unattached heap");
                    h = NULL;
                }
            }
            if (st == MW_OK) {
                exercise_calling_back(rt, inst, &re, size, NULL);
            }
            if (st == MW_OK && mode == 3) {
                rebudget(rt, m, inst, &re, size);
            }
            mw_instance_free(rt, inst);
            if (h != NULL) {
                // freeing the instance detached it (issue 17, 5a)
                check(!mw_sheap_in_use(h) && mw_sheap_free(rt, h) == MW_OK, "heap detached by instance free");
            }
            free(bytes);
        }
        free_imports(rt, &s);
        mw_module_free(rt, m);
    }
    mw_runtime_free(rt);
    fz_check_no_leak(&heap);
    return 0;
}
