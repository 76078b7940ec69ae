// SPDX-License-Identifier: MIT
// fuzz_window.c: libFuzzer target for windows, the address map per memory
// (engine/window.c, mw.h "windows"), driven by the input bytes against a
// model of mw.h's rules: two instances of sheap_access.wat, each with its
// memory 0, four embedder buffers and two shared heaps (each its own
// exact-size block, so ASan sees any stray byte). Operations: map part of a
// buffer or a whole heap at an address near an edge (a window's ends, the
// memory's end, the attached heap's start, 2^32) or anywhere, read-only or
// not, the same bytes into both memories (shared windows) or twice into one;
// unmap; memory.grow from the embedder; attach and detach a heap; free a heap
// (refused while mapped or attached); free an instance and make it again.
// Each map, unmap, grow and attach must be accepted or refused as the model
// says, and leave the window list the model's (an anywhere map at the highest
// free 8-aligned start); a wasm load or store of 1 or 8 bytes at an address
// near an edge reads the very bytes the model names (linear memory, one
// window, the attached heap) or traps, stores trap through a read-only
// window or attachment, and change those bytes and no others. Nothing may
// leak (fuzz_alloc.h).
#include "mw_config.h"
#define FUZZ_NAME "fuzz_window"
#include "fuzz_common.h"
#include "sheap_access.h"

#define NI 2
#define NB 4                      // embedder buffers
#define NH 2                      // shared heaps
#define NR (NB + NH)              // regions: the buffers, then the heaps' bytes
#define TOP ((uint64_t)1 << 32)
#define PAGE 65536u
#define LIMIT_PAGES 4u

typedef struct win {
    uint64_t start, size;
    uint8_t *native;
    int heap;                     // -1: embedder bytes
    bool ro, by_app;
} win;

typedef struct model {
    mw_runtime *rt;
    mw_module *mod;
    mw_instance *inst[NI];
    uint64_t pages[NI];
    win w[NI][MW_MAX_WINDOWS];
    unsigned nw[NI];
    int attached[NI];             // heap attached to inst i's memory, or -1
    bool att_ro[NI];
    uint8_t *region[NR], *shadow[NR];
    uint32_t rsize[NR];
    mw_sheap *heap[NH];
} model;

static fz_input in;

static uint32_t take(uint32_t bytes) {
    return fz_take(&in, bytes);
}

static mw_memory *mem_of(const model *s, int i) {
    return mw_instance_memory0(s->inst[i]);
}

static uint64_t heap_start(const model *s, int h) {
    return TOP - s->rsize[NB + h];
}

static uint64_t chain_start(const model *s, int i) {
    return s->attached[i] >= 0 ? heap_start(s, s->attached[i]) : TOP;
}

static bool clear(const model *s, int i, uint64_t lo, uint64_t hi) {
    for (unsigned k = 0; k < s->nw[i]; k++) {
        if (s->w[i][k].start < hi && lo < s->w[i][k].start + s->w[i][k].size) {
            return false;
        }
    }
    return true;
}

// Whether [at, at + size) may hold a new window of memory i.
static bool fits(const model *s, int i, uint64_t at, uint64_t size) {
    return at + size <= TOP && at >= s->pages[i] * PAGE && at + size <= chain_start(s, i) && clear(s, i, at, at + size);
}

// An address near an edge the input picks, moved by -9..+9.
static uint64_t near_edge(const model *s, int i) {
    uint32_t pick = take(1), k = s->nw[i] ? pick / 8 % s->nw[i] : 0;
    int delta = (int)(take(1) % 19) - 9;
    uint64_t a;
    switch (pick % 8) {
        case 0: a = s->nw[i] ? s->w[i][k].start : 0; break;
        case 1: a = s->nw[i] ? s->w[i][k].start + s->w[i][k].size : 0; break;
        case 2: a = s->pages[i] * PAGE; break;
        case 3: a = chain_start(s, i); break;
        case 4: a = TOP; break;
        case 5: a = s->nw[1 - i] ? s->w[1 - i][k % s->nw[1 - i]].start : 0; break;   // the other memory's window
        default: a = take(4); break;
    }
    return (a + (uint64_t)(int64_t)delta) & (TOP - 1);
}

// The engine's window list must be the model's.
static void same_windows(const model *s, int i) {
    mw_window_info w;
    for (unsigned k = 0; k < s->nw[i]; k++) {
        const win *m = &s->w[i][k];
        check(mw_memory_window(mem_of(s, i), k, &w), "a window the model has");
        check(w.start == m->start && w.size == m->size && w.native == m->native && w.readonly == m->ro
              && w.by_app == m->by_app && w.heap == (m->heap >= 0 ? s->heap[m->heap] : NULL), "the window the model has");
    }
    check(!mw_memory_window(mem_of(s, i), s->nw[i], &w), "no window the model has not");
}

static void add(model *s, int i, win w) {
    unsigned k = s->nw[i]++;
    while (k > 0 && s->w[i][k - 1].start > w.start) {
        s->w[i][k] = s->w[i][k - 1];
        k--;
    }
    s->w[i][k] = w;
}

// The highest free 8-aligned start for `size` bytes: each candidate lies just
// below an obstacle (a window, the chain, 2^32).
static uint64_t highest_room(const model *s, int i, uint64_t size) {
    uint64_t best = TOP;
    for (unsigned k = 0; k <= s->nw[i]; k++) {
        uint64_t hi = k < s->nw[i] ? s->w[i][k].start : chain_start(s, i);
        if (hi >= size) {
            uint64_t at = (hi - size) & ~(uint64_t)7;
            if (fits(s, i, at, size) && (best == TOP || at > best)) {
                best = at;
            }
        }
    }
    return best;
}

static void op_map(model *s, int i) {
    int r = (int)(take(1) % NR), heap = r >= NB && take(1) % 2 ? r - NB : -1;
    uint32_t off = heap >= 0 ? 0 : take(2) % (s->rsize[r] + 1);
    uint64_t size = heap >= 0 ? s->rsize[r] : take(2) % (s->rsize[r] - off + 1);
    unsigned flags = take(1) & (MW_MAP_READONLY | MW_MAP_ANYWHERE | MW_MAP_BY_APP);
    uint64_t at = near_edge(s, i);
    if (take(1) % 4 == 0) {
        at &= ~(uint64_t)7;
    }
    if (flags & MW_MAP_ANYWHERE) {
        at = highest_room(s, i, size);
    }
    bool ok = size > 0 && s->nw[i] < MW_MAX_WINDOWS && at < TOP && fits(s, i, at, size);
    uint32_t start = 0;
    mw_status st = mw_memory_map(s->rt, mem_of(s, i), s->region[r] + off, size, heap >= 0 ? s->heap[heap] : NULL, at,
        flags, NULL, &start);
    check((st == MW_OK) == ok, ok ? "a map the model accepts" : "a map the model refuses");
    check(st == MW_OK || st == MW_ERR_ARG, "map status");
    if (ok) {
        check(start == at, "the window's start");
        add(s, i, (win){.start = at, .size = size, .native = s->region[r] + off, .heap = heap,
                        .ro = flags & MW_MAP_READONLY, .by_app = (flags & MW_MAP_BY_APP) != 0});
    }
}

static void op_unmap(model *s, int i) {
    uint32_t pick = take(1);
    uint64_t at = s->nw[i] && pick % 4 ? s->w[i][pick / 4 % s->nw[i]].start : near_edge(s, i);
    unsigned k = 0;
    while (k < s->nw[i] && s->w[i][k].start != at) {
        k++;
    }
    mw_status st = mw_memory_unmap(s->rt, mem_of(s, i), (uint32_t)at);
    check((st == MW_OK) == (k < s->nw[i]), "unmap as the model");
    if (st == MW_OK) {
        memmove(&s->w[i][k], &s->w[i][k + 1], (s->nw[i] - k - 1) * sizeof(win));
        s->nw[i]--;
    }
}

// (at most LIMIT_PAGES: a memory without a maximum grows as far as the heap lets it)
static void op_grow(model *s, int i) {
    uint64_t d = take(1) % 4, to = s->pages[i] + d;
    if (to > LIMIT_PAGES) {
        return;
    }
    bool ok = to * PAGE <= chain_start(s, i) && (s->nw[i] == 0 || to * PAGE <= s->w[i][0].start);
    int64_t old = mw_memory_grow(s->rt, mem_of(s, i), d);
    check(old == (ok ? (int64_t)s->pages[i] : -1), "grow as the model");
    if (ok) {
        s->pages[i] = to;
    }
}

static bool heap_busy(const model *s, int h) {
    for (int i = 0; i < NI; i++) {
        if (s->attached[i] == h) {
            return true;
        }
        for (unsigned k = 0; k < s->nw[i]; k++) {
            if (s->w[i][k].heap == h) {
                return true;
            }
        }
    }
    return false;
}

static void op_attach(model *s, int i) {
    int h = (int)(take(1) % NH);
    bool ro = take(1) & 1;
    bool ok = s->attached[i] < 0 && s->pages[i] * PAGE <= heap_start(s, h) && clear(s, i, heap_start(s, h), TOP);
    mw_status st = mw_instance_attach(s->rt, s->inst[i], s->heap[h], ro);
    check((st == MW_OK) == ok, "attach as the model");
    if (ok) {
        s->attached[i] = h;
        s->att_ro[i] = ro;
    }
}

static void op_free_heap(model *s) {
    int h = (int)(take(1) % NH);
    bool busy = heap_busy(s, h);
    mw_status st = mw_sheap_free(s->rt, s->heap[h]);
    check((st == MW_OK) == !busy, "a heap freed unless mapped or attached");
    if (st == MW_OK) {
        check(mw_sheap_new(s->rt, s->region[NB + h], s->rsize[NB + h], false, NULL, &s->heap[h]) == MW_OK, "heap again");
    }
}

static void new_instance(model *s, int i) {
    int64_t fuel = 1000;
    mw_inst_options opt = {.fuel = &fuel};
    check(mw_instantiate(s->rt, s->mod, NULL, &opt, &s->inst[i]) == MW_OK, "instantiate");
    s->pages[i] = 1;
    s->nw[i] = 0;
    s->attached[i] = -1;
}

// Where a load or store of n bytes at `a` in memory i lands (NULL: it traps);
// *ro if a store there traps; *r the region (-1: linear memory).
static uint8_t *resolve(const model *s, int i, uint64_t a, uint32_t n, bool *ro, int *r) {
    *ro = false;
    *r = -1;
    if (a + n <= s->pages[i] * PAGE) {
        return mw_memory_data(mem_of(s, i)) + a;
    }
    uint8_t *p = NULL;
    for (unsigned k = 0; k < s->nw[i]; k++) {
        const win *w = &s->w[i][k];
        if (a >= w->start && a + n <= w->start + w->size) {
            p = w->native + (a - w->start);
            *ro = w->ro;
        }
    }
    int h = s->attached[i];
    if (p == NULL && h >= 0 && a >= heap_start(s, h) && a + n <= TOP) {
        p = s->region[NB + h] + (a - heap_start(s, h));
        *ro = s->att_ro[i];
    }
    for (int k = 0; p != NULL && k < NR; k++) {
        if (p >= s->region[k] && p < s->region[k] + s->rsize[k]) {
            *r = k;
        }
    }
    return p;
}

static mw_func *export_func(const model *s, int i, const char *name) {
    mw_import e;
    const mw_module *m = mw_instance_module(s->inst[i]);
    for (uint32_t k = 0; k < mw_module_num_exports(m); k++) {
        mw_extern_desc d;
        mw_module_export(m, k, &d);
        if (strcmp(d.name, name) == 0) {
            mw_instance_export(s->inst[i], k, &e);
            return e.func;
        }
    }
    check(0, "export");
    return NULL;
}

static void op_access(model *s, int i) {
    uint32_t kind = take(1) % 4, n = kind % 2 ? 8 : 1;
    bool store = kind >= 2;
    uint64_t a = near_edge(s, i), v = (uint64_t)take(4) << 32 | take(4);
    static const char *names[] = {"ld8", "ld64", "st8", "st64"};
    mw_val args[2] = {{.i32 = (uint32_t)a}, {.i64 = (int64_t)v}}, res[1] = {{.i64 = 0}};
    bool ro;
    int r;
    uint8_t *p = resolve(s, i, a, n, &ro, &r);
    int64_t fuel = 1000;
    mw_status st = mw_call(s->rt, export_func(s, i, names[kind]), args, res, &fuel);
    if (p == NULL || (store && ro)) {
        check(MW_IS_TRAP(st), "an access the model traps traps");
        return;
    }
    check(st == MW_OK, "an access the model allows");
    if (store) {
        for (uint32_t k = 0; k < n; k++) {
            check(p[k] == (uint8_t)(v >> (8 * k)), "the stored bytes where the model says");
        }
        if (r >= 0) {
            memcpy(s->shadow[r] + (p - s->region[r]), p, n);
        }
    } else {
        uint64_t want = 0;
        for (uint32_t k = 0; k < n; k++) {
            want |= (uint64_t)p[k] << (8 * k);
        }
        check((uint64_t)res[0].i64 == want, "the loaded bytes the model names");
    }
    for (int k = 0; k < NR; k++) {
        check(memcmp(s->region[k], s->shadow[k], s->rsize[k]) == 0, "a store changed no other byte");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    in = (fz_input){data, data + size};
    fz_heap fh = {.cap = 16u << 20};
    model s = {0};
    s.rt = fz_runtime(&fh, 256, 16, false);
    check(mw_module_load(s.rt, sheap_access_wasm, sizeof(sheap_access_wasm), 0, &s.mod) == MW_OK, "module");
    for (int r = 0; r < NR; r++) {
        s.rsize[r] = r < NB ? 1 + take(2) % 4096 : 8 * (1 + take(1) % 64);
        s.region[r] = malloc(s.rsize[r]);
        s.shadow[r] = malloc(s.rsize[r]);
        for (uint32_t k = 0; k < s.rsize[r]; k++) {
            s.region[r][k] = (uint8_t)(k * 7 + r);
        }
        memcpy(s.shadow[r], s.region[r], s.rsize[r]);
    }
    for (int h = 0; h < NH; h++) {
        check(mw_sheap_new(s.rt, s.region[NB + h], s.rsize[NB + h], false, NULL, &s.heap[h]) == MW_OK, "heap");
    }
    for (int i = 0; i < NI; i++) {
        new_instance(&s, i);
    }
    for (int steps = 0; in.at < in.end && steps < 400; steps++) {
        uint32_t op = take(1);
        int i = (int)(op >> 4) % NI;
        switch (op % 9) {
            case 0: case 1: op_map(&s, i); break;
            case 2: op_unmap(&s, i); break;
            case 3: case 4: op_access(&s, i); break;
            case 5: op_grow(&s, i); break;
            case 6: op_attach(&s, i); break;
            case 7:
                mw_instance_detach(s.inst[i]);
                s.attached[i] = -1;
                break;
            default:
                if (op & 8) {
                    op_free_heap(&s);
                } else {
                    mw_instance_free(s.rt, s.inst[i]);
                    new_instance(&s, i);
                }
                break;
        }
        same_windows(&s, 0);
        same_windows(&s, 1);
    }
    for (int i = 0; i < NI; i++) {
        mw_instance_free(s.rt, s.inst[i]);
    }
    for (int h = 0; h < NH; h++) {
        check(mw_sheap_free(s.rt, s.heap[h]) == MW_OK, "a heap freed with its instances");
    }
    mw_module_free(s.rt, s.mod);
    mw_runtime_free(s.rt);
    fz_check_no_leak(&fh);
    for (int r = 0; r < NR; r++) {
        free(s.region[r]);
        free(s.shadow[r]);
    }
    return 0;
}
