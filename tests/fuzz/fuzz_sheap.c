// SPDX-License-Identifier: MIT
// fuzz_sheap.c: libFuzzer target for shared heaps and chains (engine/sheap.c)
// driven by the input bytes, against a model of docs/shared-heap.md: up to
// four heaps (managed or pre-allocated, each its own exact-size buffer so
// ASan sees any stray byte) and two instances of sheap_access.wat. Each
// operation's outcome (accepted or refused) must be the model's; starts and
// links must match the model's chain; malloc'd blocks are 8-byte aligned,
// inside the managed heap and disjoint while wasm has not written over the
// allocator's headers; a wasm load or store of 1 or 8 bytes goes to the very
// byte the model computes (linear memory, one heap of the attached chain) or
// traps, stores trap on a read-only attachment; freeing an instance detaches
// its heap. Nothing may leak (fuzz_alloc.h).
#define FUZZ_NAME "fuzz_sheap"
#include "fuzz_common.h"
#include "sheap_access.h"

#define NH 4
#define NI 2
#define NB 32
#define TOP ((uint64_t)1 << 32)
#define PAGE 65536u

typedef struct model {
    mw_runtime *rt;
    mw_module *mod;
    mw_sheap *h[NH];
    uint8_t *bytes[NH];
    uint32_t size[NH];
    bool managed[NH];
    int body[NH], head[NH];       // model links, -1 = none
    mw_instance *inst[NI];
    int attached[NI];             // chain head attached to inst i, or -1
    bool ro[NI];
    // live blocks of the managed heap: heap slot and payload offset, size
    int blk_heap[NB];
    uint32_t blk_off[NB], blk_n[NB];
    bool corrupt[NH];             // wasm wrote into this managed heap (headers may be gone)
} model;

static fz_input in;

#if MW_GUARD_PAGES
// With guard pages (guard_main.c, no ASan) a managed heap's bytes are a
// slot of a memfd, placed to agree with its lone place (2^32 - size) within
// a 4 KiB page, so a reservation shows its whole pages (guard_posix.c show:
// the accesses checked here then run with no fault) until a chain moves it;
// pre-allocated heaps keep their exact-size buffers (under a page: none shown).
#include "guard_posix.h"
#define SLOT 12288u               // the largest managed heap (4,856 B) at any offset in a page
static uint8_t *slots;

static uint8_t *heap_bytes(int i, uint32_t size, bool managed) {
    if (managed && slots == NULL) {
        slots = mw_guard_posix_shared_bytes(NH * SLOT, false, "fuzz-sheap");
    }
    if (!managed || slots == NULL) {
        return calloc(1, size);
    }
    uint8_t *p = slots + (size_t)i * SLOT + ((0u - size) & 4095u);
    memset(p, 0, size);
    return p;
}

static void heap_bytes_free(uint8_t *p) {
    if (slots == NULL || p < slots || p >= slots + NH * SLOT) {
        free(p);
    }
}
#else
static uint8_t *heap_bytes(int i, uint32_t size, bool managed) {
    (void)i;
    (void)managed;
    return calloc(1, size);
}

static void heap_bytes_free(uint8_t *p) {
    free(p);
}
#endif

static uint32_t take(uint32_t bytes) {
    return fz_take(&in, bytes);
}

static int chain_head(const model *s, int i) {
    while (s->head[i] >= 0) {
        i = s->head[i];
    }
    return i;
}

static bool in_use(const model *s, int i) {
    int hd = chain_head(s, i);
    for (int k = 0; k < NI; k++) {
        if (s->inst[k] != NULL && s->attached[k] == hd) {
            return true;
        }
    }
    return false;
}

// The model's app address of heap i's first byte.
static uint64_t start_of(const model *s, int i) {
    return s->body[i] < 0 ? TOP - s->size[i] : start_of(s, s->body[i]) - s->size[i];
}

static void check_links(const model *s) {
    for (int i = 0; i < NH; i++) {
        if (s->h[i] == NULL) {
            continue;
        }
        check(mw_sheap_start(s->h[i]) == start_of(s, i), "heap start differs from the model");
        check(mw_sheap_body(s->h[i]) == (s->body[i] < 0 ? NULL : s->h[s->body[i]]), "body link");
        check(mw_sheap_head(s->h[i]) == (s->head[i] < 0 ? NULL : s->h[s->head[i]]), "head link");
        check(mw_sheap_in_use(s->h[i]) == in_use(s, i), "in_use differs from the model");
    }
}

static void drop_blocks(model *s, int heap) {
    for (int k = 0; k < NB; k++) {
        if (s->blk_heap[k] == heap) {
            s->blk_heap[k] = -1;
        }
    }
}

static mw_instance *new_inst(model *s) {
    mw_instance *inst = NULL;
    check(mw_instantiate(s->rt, s->mod, NULL, NULL, &inst) == MW_OK, "instantiate");
    return inst;
}

static void op_new(model *s, int i) {
    if (s->h[i] != NULL) {
        return;
    }
    bool managed = take(1) & 1;
    uint32_t k = take(2) % 600;
    uint32_t size = managed ? 64 + 8 * k : 1 + k;
    s->bytes[i] = heap_bytes(i, size, managed);
    mw_sheap_new(s->rt, s->bytes[i], size, managed, NULL, &s->h[i]);
    check(s->h[i] != NULL, "new heap");
    s->size[i] = size;
    s->managed[i] = managed;
    s->body[i] = s->head[i] = -1;
}

static void op_free(model *s, int i) {
    if (s->h[i] == NULL) {
        return;
    }
    bool ok = !in_use(s, i) && s->head[i] < 0 && s->body[i] < 0;
    check((mw_sheap_free(s->rt, s->h[i]) == MW_OK) == ok, "free heap");
    if (ok) {
        drop_blocks(s, i);
        heap_bytes_free(s->bytes[i]);
        s->h[i] = NULL;
    }
}

static void op_chain(model *s, int i, int j) {
    if (s->h[i] == NULL || s->h[j] == NULL) {
        return;
    }
    bool ok = i != j && !in_use(s, i) && !in_use(s, j) && s->head[i] < 0 && s->body[i] < 0 && s->head[j] < 0;
    if (ok) {
        int managed = s->managed[i];
        for (int b = j; b >= 0; b = s->body[b]) {
            managed += s->managed[b];
        }
        uint64_t bs = start_of(s, j);
        ok = managed <= 1 && bs >= s->size[i] && bs - s->size[i] >= 0x80000000u
             && !(s->managed[i] && (bs & 7u));
    }
    check((mw_sheap_chain(s->rt, s->h[i], s->h[j]) == MW_OK) == ok, "chain accepted/refused unlike the model");
    if (ok) {
        s->body[i] = j;
        s->head[j] = i;
    }
}

static void op_unchain(model *s, int i, bool entire) {
    if (s->h[i] == NULL) {
        return;
    }
    bool ok = s->head[i] < 0 && s->body[i] >= 0 && !in_use(s, i);
    mw_sheap *nh = (mw_sheap *)1;
    check((mw_sheap_unchain(s->rt, s->h[i], entire, &nh) == MW_OK) == ok, "unchain");
    if (ok) {
        int b = s->body[i];
        check(nh == (entire ? NULL : s->h[b]), "unchain's new head");
        for (int h = i; h >= 0;) {
            int next = s->body[h];
            s->body[h] = -1;
            if (next >= 0) {
                s->head[next] = -1;
            }
            h = entire ? next : -1;
        }
    }
}

static void op_reset(model *s, int i) {
    if (s->h[i] == NULL) {
        return;
    }
    bool ok = s->head[i] < 0 && !in_use(s, i);
    check((mw_sheap_reset(s->rt, s->h[i]) == MW_OK) == ok, "reset");
    if (ok) {
        for (int h = i; h >= 0; h = s->body[h]) {
            if (s->managed[h]) {
                drop_blocks(s, h);
                s->corrupt[h] = false;
            } else {
                for (uint32_t k = 0; k < s->size[h]; k++) {
                    check(s->bytes[h][k] == 0, "reset zeroes a pre-allocated heap");
                }
            }
        }
    }
}

static void op_malloc(model *s, int i) {
    if (s->h[i] == NULL) {
        return;
    }
    uint32_t n = take(2) % 300;
    uint32_t a = mw_sheap_malloc(s->h[i], n);
    int mh = -1;
    for (int h = i; h >= 0; h = s->body[h]) {
        if (s->managed[h]) {
            mh = h;
        }
    }
    if (mh < 0) {
        check(a == 0, "malloc without a managed heap");
        return;
    }
    if (a == 0) {
        return;
    }
    uint64_t st = start_of(s, mh);
    check(a % 8 == 0, "malloc'd block not 8-byte aligned");
    check(a >= st && (uint64_t)a + (n ? n : 1) <= st + s->size[mh], "block outside the managed heap");
    uint32_t off = (uint32_t)(a - st);
    check(mw_sheap_native(s->h[i], a, n) == s->bytes[mh] + off || n == 0, "block's native address");
    for (int k = 0; k < NB && !s->corrupt[mh]; k++) {
        if (s->blk_heap[k] == mh) {
            bool apart = off + n <= s->blk_off[k] || s->blk_off[k] + s->blk_n[k] <= off;
            check(apart, "two live blocks overlap");
        }
    }
    for (int k = 0; k < NB; k++) {
        if (s->blk_heap[k] < 0) {
            s->blk_heap[k] = mh;
            s->blk_off[k] = off;
            s->blk_n[k] = n;
            return;
        }
    }
    // The model's NB slots are full: free the block at once rather than
    // forget it. A live block the model forgot is an address op_free_block's
    // "any other address" case expects refused, which the engine rightly
    // accepts (CI's input sheap-crash-c4cdd357: 32 live blocks, a 33rd
    // malloc'd, its address then freed as a "non-block").
    check(mw_sheap_free_block(s->h[i], a) || s->corrupt[mh], "free of a new block refused");
}

static void op_free_block(model *s, int i) {
    if (s->h[i] == NULL) {
        return;
    }
    int k = (int)(take(1) % NB);
    // the managed heap mw_sheap_free_block(h[i]) uses: the first one from i
    // along the body links (the API takes a chain head; any heap works so)
    int mh = -1;
    for (int h = i; h >= 0 && mh < 0; h = s->body[h]) {
        mh = s->managed[h] ? h : -1;
    }
    if (s->blk_heap[k] >= 0 && s->blk_heap[k] == mh) {
        uint32_t a = (uint32_t)(start_of(s, mh) + s->blk_off[k]);
        bool ok = mw_sheap_free_block(s->h[i], a);
        check(ok || s->corrupt[mh], "free of a live block refused");
        check(!mw_sheap_free_block(s->h[i], a) || s->corrupt[mh], "double free accepted");
        s->blk_heap[k] = -1;
    } else if (mh >= 0 && !s->corrupt[mh]) {
        // any other address: refused unless it is a live block's
        uint32_t a = (uint32_t)(TOP - (take(2) % 5000));
        bool live = false;
        for (int b = 0; b < NB; b++) {
            live |= s->blk_heap[b] == mh && start_of(s, mh) + s->blk_off[b] == a;
        }
        if (!live) {
            check(!mw_sheap_free_block(s->h[i], a), "free of a non-block accepted");
        }
    }
}

static void op_attach(model *s, int k, int i) {
    if (s->h[i] == NULL) {
        return;
    }
    bool ro = take(1) & 1;
    bool ok = s->attached[k] < 0 && s->head[i] < 0;    // one page never reaches 2^31
    check((mw_instance_attach(s->rt, s->inst[k], s->h[i], ro) == MW_OK) == ok, "attach");
    if (ok) {
        s->attached[k] = i;
        s->ro[k] = ro;
    }
}

// The model's native address of [a, a + w) seen from instance k, or NULL.
static uint8_t *expect_native(model *s, int k, uint64_t a, uint32_t w, uint8_t *lin) {
    if (a + w <= PAGE) {
        return lin + a;
    }
    for (int h = s->attached[k]; h >= 0; h = s->body[h]) {
        uint64_t st = start_of(s, h);
        if (a >= st && a + w <= st + s->size[h]) {
            return s->bytes[h] + (a - st);
        }
    }
    return NULL;
}

static void op_access(model *s, int k) {
    int h = (int)(take(1) % NH);
    int64_t delta = (int64_t)(take(2) % 1300) - 650;
    uint32_t a;
    if (s->h[h] != NULL && (take(1) & 1)) {
        a = (uint32_t)(start_of(s, h) + (uint64_t)delta);     // near a heap's start
    } else if (take(1) & 1) {
        a = (uint32_t)(TOP + (uint64_t)delta - 650);           // near the top
    } else {
        a = (uint32_t)(PAGE + (uint64_t)delta);                // near the end of memory
    }
    uint32_t kind = take(1) % 4;       // ld8 ld64 st8 st64: exports 1..4
    uint32_t w = kind & 1 ? 8 : 1;
    bool store = kind >= 2;
    mw_import e, mem;
    mw_instance_export(s->inst[k], 0, &mem);
    mw_instance_export(s->inst[k], 1 + kind, &e);
    uint8_t *want = expect_native(s, k, a, w, mw_memory_data(mem.memory));
    bool heap = a + (uint64_t)w > PAGE;
    if (heap && want != NULL) {
        check(mw_sheap_native(s->h[s->attached[k]], a, w) == want, "mw_sheap_native differs from the model");
    }
    bool traps = want == NULL || (store && heap && s->ro[k]);
    mw_val args[2], res[1];
    uint64_t v = ((uint64_t)take(4) << 32) | take(4);
    args[0].i64 = a;
    args[1].i64 = v;
    uint8_t before[8] = {0};
    if (want != NULL) {
        memcpy(before, want, w);
    }
    mw_status st = mw_call(s->rt, e.func, args, res, NULL);
    if (traps) {
        check(st == MW_TRAP_MEM_OOB, "access the model says traps did not");
        if (want != NULL) {
            check(memcmp(before, want, w) == 0, "read-only heap written");
        }
        return;
    }
    check(st == MW_OK, "access the model says is in bounds trapped");
    if (store) {
        check(memcmp(want, &v, w) == 0, "store did not land at the model's byte");
        for (int hh = 0; hh < NH; hh++) {
            if (s->h[hh] != NULL && s->managed[hh] && want >= s->bytes[hh] && want < s->bytes[hh] + s->size[hh]) {
                s->corrupt[hh] = true;   // wasm may have overwritten a header
            }
        }
    } else {
        uint64_t got = 0;
        memcpy(&got, want, w);
        check(res[0].i64 == got, "load did not read the model's bytes");
    }
}

static void op_reinstance(model *s, int k) {
    int hd = s->attached[k];
    mw_instance_free(s->rt, s->inst[k]);
    s->inst[k] = NULL;
    s->attached[k] = -1;
    if (hd >= 0) {
        check(mw_sheap_in_use(s->h[hd]) == in_use(s, hd), "instance free left its heap attached");
    }
    s->inst[k] = new_inst(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz_heap heap = {.cap = 16u << 20};
    model s;
    memset(&s, 0, sizeof(s));
    in = (fz_input){data, data + size};
    s.rt = fz_runtime(&heap, FZ_STACK_SLOTS, FZ_MAX_FRAMES, false);
    mw_module_load(s.rt, sheap_access_wasm, sizeof(sheap_access_wasm), MW_LOAD_BORROW, &s.mod);
    check(s.rt != NULL && s.mod != NULL, "runtime and module");
    for (int i = 0; i < NH; i++) {
        s.body[i] = s.head[i] = -1;
    }
    for (int k = 0; k < NI; k++) {
        s.attached[k] = -1;
        s.inst[k] = new_inst(&s);
    }
    for (int k = 0; k < NB; k++) {
        s.blk_heap[k] = -1;
    }
    while (in.at < in.end) {
        uint32_t op = take(1);
        int i = (int)((op >> 4) % NH), j = (int)((op >> 6) % NH), k = (int)((op >> 4) & 1);
        switch (op % 12) {
            case 0: op_new(&s, i); break;
            case 1: op_free(&s, i); break;
            case 2: op_chain(&s, i, j); break;
            case 3: op_unchain(&s, i, (op >> 7) & 1); break;
            case 4: op_reset(&s, i); break;
            case 5: op_malloc(&s, i); break;
            case 6: op_free_block(&s, i); break;
            case 7: op_attach(&s, k, (int)((op >> 5) % NH)); break;
            case 8:
                mw_instance_detach(s.inst[k]);
                s.attached[k] = -1;
                break;
            case 9: case 10: op_access(&s, k); break;
            case 11: op_reinstance(&s, k); break;
        }
        check_links(&s);
    }
    for (int k = 0; k < NI; k++) {
        mw_instance_free(s.rt, s.inst[k]);
        s.inst[k] = NULL;
    }
    for (int i = 0; i < NH; i++) {         // dissolve every chain, then free
        if (s.h[i] != NULL && s.head[i] < 0 && s.body[i] >= 0) {
            mw_sheap *nh;
            check(mw_sheap_unchain(s.rt, s.h[i], true, &nh) == MW_OK, "final unchain");
            for (int h = i; h >= 0;) {
                int next = s.body[h];
                s.body[h] = -1;
                if (next >= 0) {
                    s.head[next] = -1;
                }
                h = next;
            }
        }
    }
    for (int i = 0; i < NH; i++) {
        if (s.h[i] != NULL) {
            check(mw_sheap_free(s.rt, s.h[i]) == MW_OK, "final heap free");
            heap_bytes_free(s.bytes[i]);
        }
    }
    mw_module_free(s.rt, s.mod);
    mw_runtime_free(s.rt);
    fz_check_no_leak(&heap);
    return 0;
}
