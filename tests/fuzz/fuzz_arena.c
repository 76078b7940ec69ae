// SPDX-License-Identifier: MIT
// fuzz_arena.c: libFuzzer target for the code budget's arena (lazy.c) as a
// user drives it: budgets set, changed and taken away between calls and
// inside host calls, instances made and released while others run, memory
// grown by the code and by the embedder short of heap, traps in the middle.
// The input makes a module (a few functions of one type, some far over
// half the arena) and is then a script of operations; the script runs twice:
// on a reference runtime (the module lazy, no budget, a heap without a cap)
// and on a test runtime (two loads of the module under the script's budgets,
// a heap the script caps as it goes, with an in-place resize or not). Every
// operation's answer (status, results, fuel left, the trap's path and
// offset, each instance's memory size and bytes) must be the same in both,
// until the test run's heap refused something a user sees (a grow's -1, a
// call's MW_ERR_NOMEM): from there on only the statuses are checked. The
// allocator's contract, ASan/UBSan and the leak check hold throughout
// (fuzz_alloc.h). What it reaches that no other target does: a memory.grow
// short of heap with running blocks of their own (lazy.c running_to_arena),
// the arena's tail given back and grown again (arena_shrink, arena_regrow),
// budgets changed while code runs (docs/benchmarks-history.md "Fuzzing (session 38)").
#define FUZZ_NAME "fuzz_arena"
#include "fuzz_common.h"
#include "mw_int.h"               // the module's lazy fields: the arena's invariants

#define MAX_FUNCS 7
#define SLOTS 3                   // instances: slots 0, 1 of module 0, slot 2 of module 1
#define MAX_OPS 4096              // digests kept per run
#define TOP_FUEL 2000
#define CALLBACK_FUEL 500
#define HOST_DEPTH 3              // host calls nested at most
#define MEM_MAX (64u << 10)       // bytes (1-byte pages)
#define TABLE_EXTRA 16            // table.grow's room

// ---- the module -------------------------------------------------------------

typedef struct wbuf {
    uint8_t *p;
    size_t n, cap;
} wbuf;

static void put(wbuf *b, uint8_t v) {
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 256;
        b->p = realloc(b->p, b->cap);
        check(b->p != NULL, "module buffer");
    }
    b->p[b->n++] = v;
}

static void puts_(wbuf *b, const uint8_t *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        put(b, s[i]);
    }
}

#define PUT(b, ...) puts_((b), (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}))

static void uleb(wbuf *b, uint32_t v) {
    do {
        put(b, (uint8_t)((v & 0x7f) | (v > 0x7f ? 0x80 : 0)));
        v >>= 7;
    } while (v);
}

static void sleb(wbuf *b, int32_t v) {
    for (;;) {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        if ((v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40))) {
            put(b, byte);
            return;
        }
        put(b, byte | 0x80);
    }
}

static void section(wbuf *out, uint8_t id, const wbuf *body) {
    put(out, id);
    uleb(out, (uint32_t)body->n);
    puts_(out, body->p, body->n);
}

// x (local 1) = x <op> e, e's instructions already emitted before x's:
// local.get 1, op, local.set 1 (e then x: commutative ops only)
static void fold(wbuf *b, uint8_t op) {
    PUT(b, 0x20, 0x01, op, 0x21, 0x01);
}

// The statements of a body: each reads and updates x (local 1); depth
// (local 0) bounds recursion; local 2 counts a loop. Returns false at the
// input's end.
enum { S_PAD, S_CALL, S_CALLI, S_GROW, S_STORE, S_LOAD, S_HOST, S_TRAP, S_TGROW, S_LOOP, S_KINDS };

static void statement(wbuf *b, fz_input *in, uint32_t nfuncs, bool in_loop) {
    uint32_t kind = fz_take(in, 1) % S_KINDS, arg = fz_take(in, 1);
    static const uint8_t ops[] = {0x6a, 0x73, 0x6c, 0x77};   // add, xor, mul, rotl
    switch (kind) {
        case S_PAD:
            // 2..256 ops of x: what makes a function larger than half the arena
            for (uint32_t k = 0; k < ((arg & 0x7f) + 1) * 2; k++) {
                PUT(b, 0x20, 0x01, 0x41, (uint8_t)((k * 7 + arg) & 0x3f), ops[(k + arg) & 3], 0x21, 0x01);
            }
            break;
        case S_CALL:
            PUT(b, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x20, 0x01, 0x10);
            uleb(b, 1 + arg % nfuncs);
            fold(b, 0x73);
            break;
        case S_CALLI:
            // the table's entry nfuncs is empty: an uninitialized element
            PUT(b, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x20, 0x01, 0x20, 0x01, 0x41);
            sleb(b, (int32_t)nfuncs + 1);
            PUT(b, 0x70, 0x11, 0x00, 0x00);
            fold(b, 0x73);
            break;
        case S_GROW: {
            // by x & mask bytes: -1 past MEM_MAX, or where the heap refuses
            static const int32_t masks[] = {63, 1023, 4095, 16383};
            PUT(b, 0x20, 0x01, 0x41);
            sleb(b, masks[arg & 3]);
            PUT(b, 0x71, 0x40, 0x00);
            fold(b, 0x6a);
            break;
        }
        case S_STORE:
            // at size - (x & 15): out of bounds for 0..3 (or a memory under 16 bytes)
            PUT(b, 0x3f, 0x00, 0x20, 0x01, 0x41, 0x0f, 0x71, 0x6b, 0x20, 0x01, 0x36, 0x00, 0x00);
            break;
        case S_LOAD:
            PUT(b, 0x3f, 0x00, 0x20, 0x01, 0x41, 0x3f, 0x71, 0x6b, 0x28, 0x00, 0x00);
            fold(b, 0x6a);
            break;
        case S_HOST:
            PUT(b, 0x20, 0x01, 0x10, 0x00);
            fold(b, 0x6a);
            break;
        case S_TRAP:
            // 1000 / (x & mask): divides by zero one time in mask + 1
            PUT(b, 0x41, 0xe8, 0x07, 0x20, 0x01, 0x41, (uint8_t)(arg & 0x3f), 0x71, 0x6e);
            fold(b, 0x6a);
            break;
        case S_TGROW:
            // its answer dropped: a grow the heap refuses is -1 here as at its limit
            PUT(b, 0xd0, 0x70, 0x41, 0x01, 0xfc, 0x0f, 0x00, 0x1a);
            break;
        case S_LOOP:
            if (in_loop) {
                break;
            }
            PUT(b, 0x41, (uint8_t)(1 + (arg & 0x1f)), 0x21, 0x02, 0x03, 0x40);
            for (uint32_t k = 0; k < 1 + (arg >> 6); k++) {
                statement(b, in, nfuncs, true);
            }
            PUT(b, 0x20, 0x02, 0x41, 0x01, 0x6b, 0x22, 0x02, 0x0d, 0x00, 0x0b);
            break;
    }
}

// Function i's body: at depth 0 it returns x; else it adds x ^ i to the
// word at 0 (a trace of the calls in memory) and runs its statements.
static void body(wbuf *code, fz_input *in, uint32_t i, uint32_t nfuncs) {
    wbuf b = {0};
    PUT(&b, 0x01, 0x02, 0x7f);                                      // locals 2, 3: i32
    PUT(&b, 0x20, 0x00, 0x45, 0x04, 0x40, 0x20, 0x01, 0x0f, 0x0b);  // depth 0: return x
    PUT(&b, 0x41, 0x00, 0x41, 0x00, 0x28, 0x02, 0x00, 0x20, 0x01, 0x41, (uint8_t)i, 0x73, 0x6a, 0x36, 0x02, 0x00);
    uint32_t n = fz_take(in, 1) % 9;
    for (uint32_t k = 0; k < n; k++) {
        statement(&b, in, nfuncs, false);
    }
    PUT(&b, 0x20, 0x01, 0x0b);
    uleb(code, (uint32_t)b.n);
    puts_(code, b.p, b.n);
    free(b.p);
}

// The module the input's first bytes describe: functions 1..nfuncs of type
// (depth, x) -> x, exported as "0".."6"; import 0 env.host (x) -> x; a table
// of the functions and one empty entry; a memory of 1-byte pages.
static void make_module(wbuf *out, fz_input *in, uint32_t *nfuncs_out) {
    uint32_t nfuncs = 2 + fz_take(in, 1) % (MAX_FUNCS - 1), mem_min = 64 + (fz_take(in, 1) << 4);
    wbuf s = {0};
    PUT(out, 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);
    PUT(&s, 0x02, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x01, 0x7f);
    section(out, 1, &s);
    s.n = 0;
    PUT(&s, 0x01, 0x03, 'e', 'n', 'v', 0x04, 'h', 'o', 's', 't', 0x00, 0x01);
    section(out, 2, &s);
    s.n = 0;
    uleb(&s, nfuncs);
    for (uint32_t i = 0; i < nfuncs; i++) {
        put(&s, 0x00);
    }
    section(out, 3, &s);
    s.n = 0;
    PUT(&s, 0x01, 0x70, 0x01);
    uleb(&s, nfuncs + 1);
    uleb(&s, nfuncs + 1 + TABLE_EXTRA);
    section(out, 4, &s);
    s.n = 0;
    PUT(&s, 0x01, 0x09);
    uleb(&s, mem_min);
    uleb(&s, MEM_MAX);
    put(&s, 0x00);
    section(out, 5, &s);
    s.n = 0;
    uleb(&s, nfuncs + 1);
    for (uint32_t i = 0; i < nfuncs; i++) {
        PUT(&s, 0x01, (uint8_t)('0' + i), 0x00);
        uleb(&s, 1 + i);
    }
    PUT(&s, 0x01, 'm', 0x02, 0x00);
    section(out, 7, &s);
    s.n = 0;
    PUT(&s, 0x01, 0x00, 0x41, 0x00, 0x0b);
    uleb(&s, nfuncs);
    for (uint32_t i = 0; i < nfuncs; i++) {
        uleb(&s, 1 + i);
    }
    section(out, 9, &s);
    s.n = 0;
    uleb(&s, nfuncs);
    for (uint32_t i = 0; i < nfuncs; i++) {
        body(&s, in, i, nfuncs);
    }
    section(out, 10, &s);
    free(s.p);
    *nfuncs_out = nfuncs;
}

// ---- a run of the script ------------------------------------------------------

typedef struct run run;

typedef struct slot {
    run *r;
    int index;
    mw_instance *inst;
    mw_func *host;
    mw_memory *mem;
    int active;                   // calls into it on the C stack
} slot;

struct run {
    bool test;                    // the budgets and caps apply
    fz_heap heap;
    mw_runtime *rt;
    mw_module *mod[2];
    size_t code_bytes;            // the module's bytes: budgets are shares of them
    uint32_t nfuncs;
    slot slots[SLOTS];
    fz_input in;
    int host_depth;
    uint32_t refused;             // grows the heap refused, of instances freed
    uint32_t seen;                // grows the heap refused, all, when last looked
    bool tainted;                 // the heap refused what a user sees: no more comparing
    uint32_t recovered;           // operations compared after the heap refused in them
    uint32_t regrown;             // of those, ones in which an instance's memory grew
    uint32_t ndigests, clean;     // digests, and how many before the taint
    uint32_t lowerings[2];        // each module's, at the end
    uint64_t digests[MAX_OPS];
};

static uint64_t mix(uint64_t h, uint64_t v) {
    return (h ^ v) * 0x100000001b3ull;
}

static void taint_if(run *r, bool nomem) {
    if (nomem && !r->tainted) {
        r->tainted = true;
        r->clean = r->ndigests;
    }
}

static uint32_t refused_now(const run *r) {
    uint32_t n = r->refused, pages;
    for (int i = 0; i < SLOTS; i++) {
        if (r->slots[i].inst != NULL) {
            n += mw_memory_refused(r->slots[i].mem, &pages);
        }
    }
    return n;
}

// A grow the heap refused since the last look (a -1 where the reference
// run grew) ends the comparing: looked at before each operation's digest,
// a host function's too.
static void note_refusals(run *r) {
    uint32_t n = refused_now(r);
    taint_if(r, n != r->seen);
    r->seen = n;
}

// Each slot's memory size (0: no instance), to see a grow in an operation.
static void memory_sizes(const run *r, size_t *sizes) {
    for (int i = 0; i < SLOTS; i++) {
        sizes[i] = r->slots[i].inst != NULL ? mw_memory_size(r->slots[i].mem) : 0;
    }
}

// Whether an instance that was there before the operation has more memory.
static bool memory_grew(const run *r, const mw_instance *const *insts, const size_t *sizes) {
    for (int i = 0; i < SLOTS; i++) {
        if (r->slots[i].inst != NULL && r->slots[i].inst == insts[i] && mw_memory_size(r->slots[i].mem) > sizes[i]) {
            return true;
        }
    }
    return false;
}

// Each instance's memory: its size and bytes.
static uint64_t memories(const run *r, uint64_t d) {
    for (int i = 0; i < SLOTS; i++) {
        const slot *s = &r->slots[i];
        d = mix(d, s->inst != NULL);
        if (s->inst != NULL) {
            size_t n = mw_memory_size(s->mem), k = 0;
            const uint8_t *p = mw_memory_data(s->mem);
            d = mix(d, n);
            for (uint64_t w; k + 8 <= n; k += 8) {
                memcpy(&w, p + k, 8);
                d = mix(d, w);
            }
            for (; k < n; k++) {
                d = mix(d, p[k]);
            }
        }
    }
    return d;
}

static void record(run *r, uint64_t d) {
    if (r->ndigests < MAX_OPS) {
        r->digests[r->ndigests++] = d;
    }
}

// ---- the arena's invariants (lazy.c's head comment) ------------------------------

#define ARENA_HEAD 4              // a slot's head: its units, then its owner (lazy.c)

// fd's block: its code, or where the budget keeps it while armed
static const mw_code_unit *block_of(const mw_module *m, uint32_t i) {
    return m->lazy_blocks != NULL ? m->lazy_blocks[i] : m->funcs[i].code;
}

static bool in_arena(const mw_module *m, const mw_code_unit *b) {
    return m->arena != NULL && b >= m->arena && b < m->arena + m->arena_units;
}

// The slots tile the arena, each owner's block is in its own slot and fits
// in it; the lowered list holds nlowered functions, each with a block, and
// code_ram is what they hold (a slot's units in the arena, else the block).
static void check_module(const mw_module *m) {
    uint32_t n = m->nfuncs - m->nfunc_imports, owned = 0;
    for (uint32_t at = 0; m->arena != NULL && at < m->arena_units;) {
        uint32_t size = mw_code_u32(m->arena + at), owner = mw_code_u32(m->arena + at + 2);
        check(size >= ARENA_HEAD && size <= m->arena_units - at, "an arena slot's size");
        if (owner != 0) {
            check(owner <= n && block_of(m, owner - 1) == m->arena + at + ARENA_HEAD, "a slot's owner has it");
            check(m->funcs[owner - 1].code_len + MW_LAZY_LINK <= size - ARENA_HEAD, "a block fits its slot");
            owned++;
        }
        at += size;
    }
    check(m->arena_units <= m->arena_made || m->arena == NULL, "the arena at most as made");
    size_t ram = 0;
    uint32_t count = 0, last = 0, in = 0;
    for (uint32_t i = m->lazy_first; i != 0; i = mw_code_u32(block_of(m, i - 1) + m->funcs[i - 1].code_len)) {
        const mw_code_unit *b = block_of(m, i - 1);
        check(i <= n && b != NULL && ++count <= n, "the lowered list");
        in += in_arena(m, b);
        ram += in_arena(m, b) ? mw_code_u32(b - ARENA_HEAD) * sizeof(mw_code_unit)
                              : (m->funcs[i - 1].code_len + MW_LAZY_LINK) * sizeof(mw_code_unit);
        last = i;
    }
    check(count == m->nlowered && last == m->lazy_last, "the lowered list's length and end");
    check(in == owned && ram == m->code_ram, "the arena's slots and code_ram are the lowered functions'");
}

static mw_status host_fn(void *ctx, mw_func *self, mw_val *slots);

static void slot_free(run *r, slot *s) {
    uint32_t pages;
    r->refused += mw_memory_refused(s->mem, &pages);
    mw_instance_free(r->rt, s->inst);
    mw_func_free(r->rt, s->host);
    s->inst = NULL;
    s->host = NULL;
    s->mem = NULL;
}

static mw_status slot_new(run *r, slot *s) {
    mw_module *m = r->mod[s->index == 2];
    mw_extern_desc d;
    mw_module_import(m, 0, &d);
    mw_import im = {0};
    mw_status st = mw_func_new_host(r->rt, d.func, host_fn, s, &im.func);
    if (st != MW_OK) {
        return st;
    }
    // slot 1's grows short of heap stop the call (a Python user's
    // grow_raises=True; exec.c grow_refused): MW_ERR_NOMEM where the others get -1
    mw_inst_options opt = {.memory_limit = MEM_MAX, .grow_raises = s->index == 1};
    st = mw_instantiate(r->rt, m, &im, &opt, &s->inst);
    check(st == MW_OK || st == MW_ERR_NOMEM, "instantiate status");
    if (st != MW_OK) {
        check(s->inst == NULL, "no instance when out of memory");
        mw_func_free(r->rt, im.func);
        return st;
    }
    s->host = im.func;
    s->mem = mw_instance_memory0(s->inst);
    return MW_OK;
}

// A budget from the input: none, 1 byte, 64..1,084 bytes, or 10..265% of
// the module's bytes (the arena is at most MW_CODE_ARENA_CAP% of its bodies').
static size_t budget_of(const run *r, uint32_t kind, uint32_t p) {
    switch (kind & 3) {
        case 0:
            return 0;
        case 1:
            return 1;
        case 2:
            return 64 + 4 * p;
    }
    return r->code_bytes * (10 + p) / 100;
}

static mw_status call_slot(run *r, slot *s, uint32_t func, uint32_t depth, uint32_t x, int64_t fuel_in, uint64_t *d) {
    mw_import e;
    mw_instance_export(s->inst, func % r->nfuncs, &e);
    mw_val args[2] = {{.i32 = depth}, {.i32 = x}}, res[1] = {{0}};
    int64_t fuel = fuel_in;
    s->active++;
    mw_status st = mw_call(r->rt, e.func, args, res, &fuel);
    s->active--;
    check(st == MW_OK || MW_IS_TRAP(st) || st == MW_ERR_NOMEM || st == MW_ERR_HOST, "call status");
    taint_if(r, st == MW_ERR_NOMEM);
    *d = mix(mix(mix(*d, (uint64_t)st), (uint64_t)fuel), st == MW_OK ? res[0].i32 : 0);
    if (MW_IS_TRAP(st)) {
        // the path and where the top frame stopped (lowered again for it)
        mw_trap_frame f;
        uint32_t depth_n = mw_trap_trace(r->rt, 0, &f), off = 0;
        *d = mix(*d, depth_n);
        for (uint32_t i = 0; i < depth_n && i < 4 && mw_trap_trace(r->rt, i, &f); i++) {
            *d = mix(mix(*d, f.func), f.host != NULL);
        }
        mw_status os = mw_trap_offset(r->rt, 0, &off);
        taint_if(r, os == MW_ERR_NOMEM);
        *d = mix(mix(*d, (uint64_t)os), off);
    }
    return st;
}

enum { OP_CALL, OP_BUDGET, OP_NEW, OP_FREE, OP_UNLOWER, OP_CAP, OP_EGROW, OP_FAIL };

// An operation byte's kind: calls most, then new instances, budgets and
// grows; the heap's cap and the rest least.
static const uint8_t op_kinds[16] = {OP_CALL, OP_CALL, OP_CALL, OP_CALL, OP_CALL, OP_CALL, OP_NEW, OP_NEW,
    OP_BUDGET, OP_BUDGET, OP_EGROW, OP_EGROW, OP_FREE, OP_UNLOWER, OP_CAP, OP_FAIL};

// One operation of the script (the embedder's, or a host function's while
// wasm runs: host true): its digest recorded. *fail: the host function is to
// return MW_ERR_HOST, *ret: the value it returns.
static void op(run *r, bool host, uint32_t *ret, mw_status *fail) {
    uint32_t kind = op_kinds[fz_take(&r->in, 1) & 15], a = fz_take(&r->in, 1);
    slot *s = &r->slots[a % SLOTS];
    mw_module *m = r->mod[(a >> 2) & 1];
    uint64_t d = mix(kind, a), refusals = r->heap.refusals;
    size_t sizes[SLOTS];
    const mw_instance *insts[SLOTS];
    memory_sizes(r, sizes);
    for (int i = 0; i < SLOTS; i++) {
        insts[i] = r->slots[i].inst;
    }
    note_refusals(r);
    switch (kind) {
        case OP_CALL: {
            uint32_t func = fz_take(&r->in, 1), x = fz_take(&r->in, 4);
            if (s->inst != NULL) {
                mw_status st = call_slot(r, s, func, 1 + ((a >> 4) & 7), x, host ? CALLBACK_FUEL : TOP_FUEL, &d);
                if (host && st != MW_OK) {
                    *fail = st;   // a host function passes its call's failure on
                }
            }
            break;
        }
        case OP_BUDGET: {
            uint32_t p = fz_take(&r->in, 1);
            if (r->test) {
                mw_status st = mw_module_set_code_budget(r->rt, m, budget_of(r, a >> 3, p));
                check(st == MW_OK || st == MW_ERR_NOMEM, "code budget status");
                taint_if(r, st == MW_ERR_NOMEM);
            }
            break;
        }
        case OP_NEW:
            if (s->inst == NULL) {
                mw_status st = slot_new(r, s);
                taint_if(r, st == MW_ERR_NOMEM);
                d = mix(d, (uint64_t)st);
            }
            break;
        case OP_FREE:
            if (s->inst != NULL && s->active == 0) {
                slot_free(r, s);
            }
            break;
        case OP_UNLOWER:
            // MW_ERR_ARG while a call runs
            d = mix(d, (uint64_t)mw_module_unlower(r->rt, m));
            break;
        case OP_CAP: {
            // the heap's cap: none (a odd), or what is live now and 0-127 bytes
            // more (a grow of a few bytes then needs what a reclaim frees), or
            // up to 32 KiB more
            uint32_t slack = fz_take(&r->in, 1);
            if (r->test) {
                r->heap.cap = a & 1 ? (64u << 20) : r->heap.live_bytes + (slack & 0x80 ? (slack & 0x7f) << 8 : slack);
            }
            break;
        }
        case OP_EGROW: {
            uint32_t n = fz_take(&r->in, 2);
            if (s->inst != NULL) {
                int64_t old = mw_memory_grow(r->rt, s->mem, n);
                taint_if(r, old == MW_GROW_NOMEM);
                d = mix(d, (uint64_t)old);
                *ret ^= (uint32_t)old;
            }
            break;
        }
        case OP_FAIL:
            if (host) {
                *fail = MW_ERR_HOST;
            }
            break;
    }
    note_refusals(r);
    if (r->test) {
        check_module(r->mod[0]);
        check_module(r->mod[1]);
        // the heap refused and the engine made room (a reclaim, a lowering
        // giving way) where a user sees nothing: what this target is for
        bool recovered = !r->tainted && r->heap.refusals != refusals;
        r->recovered += recovered;
        // a grow the heap refused made good by a reclaim, and compared: the
        // case a wrong answer after a reclaim shows in (session 38's plant
        // in memory_grow), which mutants lost when it was no edge of its own
        r->regrown += recovered && memory_grew(r, insts, sizes);
    }
    record(r, memories(r, d));
    *ret = (uint32_t)mix(*ret, d);
}

static mw_status host_fn(void *ctx, mw_func *self, mw_val *vals) {
    (void)self;
    slot *s = ctx;
    run *r = s->r;
    uint32_t ret = vals[0].i32;
    mw_status fail = MW_OK;
    if (r->host_depth < HOST_DEPTH && r->in.at < r->in.end) {
        r->host_depth++;
        op(r, true, &ret, &fail);
        r->host_depth--;
    }
    vals[0].i32 = ret;
    return fail;
}

// resize: the runtime has an in-place resize, which grows a block by up to
// `slack` bytes past its first size (0: never past it); gc: gc_memory.
static void run_script(run *r, const uint8_t *wasm, size_t len, const fz_input *script, bool resize, size_t slack,
    bool gc) {
    r->heap.cap = 64u << 20;
    r->heap.slack = slack;
    r->rt = fz_runtime_gc(&r->heap, FZ_STACK_SLOTS, FZ_MAX_FRAMES, resize, gc);
    for (int i = 0; i < 2; i++) {
        mw_status st = mw_module_load(r->rt, wasm, len, MW_LOAD_LAZY | MW_LOAD_BORROW, &r->mod[i]);
        if (st != MW_OK) {
            fprintf(stderr, "%s\n", mw_last_report(r->rt)->msg);
        }
        check(st == MW_OK, "the generated module loads");
    }
    for (int i = 0; i < SLOTS; i++) {
        r->slots[i] = (slot){.r = r, .index = i};
    }
    r->in = *script;
    r->clean = MAX_OPS;
    while (r->in.at < r->in.end && r->ndigests < MAX_OPS) {
        uint32_t ret = 0;
        mw_status fail = MW_OK;
        op(r, false, &ret, &fail);
    }
    for (int i = 0; i < SLOTS; i++) {
        if (r->slots[i].inst != NULL) {
            slot_free(r, &r->slots[i]);
        }
    }
    r->lowerings[0] = mw_module_num_lowerings(r->mod[0]);
    r->lowerings[1] = mw_module_num_lowerings(r->mod[1]);
    mw_module_free(r->rt, r->mod[0]);
    mw_module_free(r->rt, r->mod[1]);
    mw_runtime_free(r->rt);
    fz_check_no_leak(&r->heap);
}

static run runs[2];
static volatile uint32_t sink;    // (the recovery edges' stores, below)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz_input in = {data, data + size};
    uint32_t first = fz_take(&in, 1);
    // an in-place resize half the time; with room to grow a block (a memory
    // by a few 1-byte pages) in place in one of those (session 39)
    bool resize = first & 1;
    size_t slack = (first & 3) == 3 ? 64 : 0;
    bool gc = first & 4;          // (the binding's runtime, as MicroPython makes it)
    wbuf wasm = {0};
    uint32_t nfuncs;
    make_module(&wasm, &in, &nfuncs);
    run *ref = &runs[0], *test = &runs[1];
    memset(runs, 0, sizeof(runs));
    ref->nfuncs = test->nfuncs = nfuncs;
    ref->code_bytes = test->code_bytes = wasm.n;
    test->test = true;
    run_script(ref, wasm.p, wasm.n, &in, false, 0, false);
    run_script(test, wasm.p, wasm.n, &in, resize, slack, gc);
    check(!ref->tainted, "the reference run had the heap it needed");
    uint32_t n = test->tainted ? test->clean : test->ndigests;
    check(test->tainted || ref->ndigests == test->ndigests, "as many operations with and without a budget");
    for (uint32_t i = 0; i < n; i++) {
        if (ref->digests[i] != test->digests[i]) {
            fprintf(stderr, "fuzz_arena: operation %u of %u differs under the budget\n", i, n);
            check(false, "an operation's answer differs with a code budget");
        }
    }
    // libFuzzer keeps an input that recovers more often (a new edge per
    // power of two): no branch of the engine tells a refusal it made room
    // for from one it passed on
    for (uint32_t k = 1; k <= test->recovered && k <= 256; k <<= 1) {
        switch (k) {
            case 1: sink += 1; break;
            case 2: sink += 2; break;
            case 4: sink += 3; break;
            case 8: sink += 4; break;
            case 16: sink += 5; break;
            case 32: sink += 6; break;
            case 64: sink += 7; break;
            default: sink += 8; break;
        }
    }
    // and (session 39) one that grows memory after a reclaim more often
    for (uint32_t k = 1; k <= test->regrown && k <= 16; k <<= 1) {
        switch (k) {
            case 1: sink += 11; break;
            case 2: sink += 12; break;
            case 4: sink += 13; break;
            case 8: sink += 14; break;
            default: sink += 15; break;
        }
    }
    #ifdef FZ_ARENA_STATS
    // (gcov.py's driver build, by hand: how much of each script was compared)
    fprintf(stderr, "fuzz_arena: %u operations, %u compared, %u recovered, %u regrown, lowerings %u+%u, code %zu\n",
        test->ndigests, n, test->recovered, test->regrown, test->lowerings[0], test->lowerings[1], wasm.n);
    #endif
    free(wasm.p);
    return 0;
}
