// SPDX-License-Identifier: MIT
// fuzz_oom.c: libFuzzer target for running out of memory (fuzz_alloc.h's
// fail_at). The input is a module binary or an image (the seeds: the load
// target's modules and the image target's images, build.py). One scenario,
// picked by the input's size: a copied load (every body lowered, or lazily,
// or lazily under a code budget of 1 byte or of 64-1,087 bytes in the code
// arena, the stub imports calling back into wasm), a load from a stream in
// short reads (lazily for an input of odd size), or an image load; then
// instantiation with stub imports and every export called with fuel
// (fuzz_exec.h); half the inputs with an in-place resize (fz_resize). The
// scenario runs once to count its requests for bytes, then once for every N
// up to that count (a stride past 256) with the Nth request failing, alone,
// with the two after it or with every one after it: each step must answer
// OK, a trap, or MW_ERR_NOMEM with a report (a load the reference run
// refused may also be refused as it was) and leave the
// runtime as it was: the same scenario run again without failures gives the
// reference run's every status, result, fuel left and grow (a digest), and
// leaves as many blocks and bytes live as it did (none lost), and at the end
// the runtime freed gives back every one. Covers what no other target
// reaches: lazy.c's lowering with no code space (arena_shrink, arena_regrow,
// lazy_give_way, drop_own_blocks), an eviction at a full heap, and every
// allocation's unwinding.
#include "image.h"
#define FUZZ_NAME "fuzz_oom"
#define FUEL 2000                 // each call's: the sweep runs a scenario twice per N
#include "fuzz_exec.h"

#define CAP (64u << 20)
#define EVERY_N 256               // each N up to this many requests, then a stride

enum { EAGER, LAZY, BUDGET1, ARENA, STREAM, MODES };

// One scenario: load, instantiate, call. Returns its digest (statuses,
// results, fuel); `refused` is the reference run's load status (MW_OK if it
// loaded) and is what a failing run's load may answer besides MW_ERR_NOMEM.
static uint64_t scenario(mw_runtime *rt, const uint8_t *data, size_t size, unsigned mode, mw_status *load) {
    mw_module *m = NULL;
    mw_status st;
    if (mw_image_is(data, size)) {
        st = mw_module_load_image(rt, data, size, 0, &m);
    } else if (mode == STREAM) {
        // lazily half the time (session 41): the stream's code section kept,
        // whose copy short of heap is stream_code's (decode.c) NOMEM return
        pieces s = {.p = data, .n = size, .step = 1 + size % 251};
        st = mw_module_load_stream(rt, read_piece, &s, MW_LOAD_NAMES | (size & 1 ? MW_LOAD_LAZY : 0), NULL, &m);
    } else {
        st = mw_module_load(rt, data, size, mode == EAGER ? 0 : MW_LOAD_LAZY, &m);
    }
    *load = st;
    uint64_t d = mix(0, (uint64_t)st);
    if (st != MW_OK) {
        const mw_report *r = mw_last_report(rt);
        check(r->status == st && r->msg != NULL && r->msg[0] != 0, "load report");
        return d;
    }
    if ((mode == BUDGET1 || mode == ARENA) && !mw_image_is(data, size)) {   // (an image has no lazy code)
        st = mw_module_set_code_budget(rt, m, mode == BUDGET1 ? 1 : 64 + (size & 1023));
        check(st == MW_OK || st == MW_ERR_NOMEM, "code budget status");
        d = mix(d, (uint64_t)st);
    }
    reenter re = {.rt = rt};
    stubs s;
    bool made = make_imports(rt, m, &s, mode == BUDGET1 || mode == ARENA ? &re : NULL);
    d = mix(d, made);
    if (made) {
        int64_t fuel;
        mw_instance *inst;
        st = instantiate(rt, m, &s, &fuel, &inst);
        d = mix(mix(d, (uint64_t)st), (uint64_t)fuel);
        if (st == MW_OK) {
            exercise_calling_back(rt, inst, &re, size, &d);
        }
        mw_instance_free(rt, inst);
    }
    free_imports(rt, &s);
    mw_module_free(rt, m);
    return d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    // the image's code must be aligned as a bytes object's is
    uint8_t *copy = malloc(size + 1);
    check(copy != NULL, "input buffer");
    memcpy(copy, data, size);
    fz_heap heap = {.cap = CAP};
    // with an in-place resize half the time: a memory.grow short of heap then
    // shrinks a code arena (lazy.c arena_shrink) and lowering grows it back
    mw_runtime *rt = fz_runtime(&heap, FZ_STACK_SLOTS, FZ_MAX_FRAMES, size & 8);
    unsigned mode = (unsigned)(size >> 2) % MODES;
    // the Nth request alone, a run of three (a lowering's or a grow's retries fail
    // too, so a code arena shrinks and a later lowering grows it back: lazy.c
    // arena_regrow), or every one from it on
    static const uint64_t runs[] = {1, 3, UINT64_MAX};
    heap.fail_run = runs[(size >> 1) % 3];
    uint64_t first = heap.asks;
    mw_status ref_load, load;
    uint64_t ref = scenario(rt, copy, size, mode, &ref_load);
    uint64_t asks = heap.asks - first;
    // what the runtime holds after a run (the stacks of a failed instantiation stay)
    size_t blocks = heap.live_blocks, bytes = heap.live_bytes;
    for (uint64_t n = 1; n <= asks; n += n < EVERY_N ? 1 : 1 + asks / EVERY_N) {
        heap.fail_at = heap.asks + n;
        (void)scenario(rt, copy, size, mode, &load);
        heap.fail_at = 0;
        check(load == MW_OK || load == MW_ERR_NOMEM || load == ref_load, "a load out of memory says so");
        check(scenario(rt, copy, size, mode, &load) == ref, "the runtime after running out of memory runs as before");
        check(heap.live_blocks == blocks && heap.live_bytes == bytes, "a run out of memory gave back every block");
    }
    mw_runtime_free(rt);
    fz_check_no_leak(&heap);
    free(copy);
    return 0;
}
