// SPDX-License-Identifier: MIT
// op_profile.c: the dynamic op profile of lowered code, linked into the host
// runners built with -DMW_OP_PROFILE=1 (bench/op_profile.py builds them for
// `bench/run.py --op-profile`). mw_exec calls mw_op_profile_hit before every
// op it dispatches; this counts each op, and each pair of consecutive ops in
// two kinds: "next" when the second op starts at the unit after the first
// one's immediates (straight-line code, where a fusion could join them, if no
// label is between), or after the ops a fused row runs as its own
// (mw_op_runs_after: its partner stays in the code and its handler continues
// after it), and "jump" otherwise (a taken branch, call or return).
// It also counts the ops that read a slot the op dispatched just before wrote
// ("link": a value passed from one handler to the next through memory,
// store then load, docs/benchmarks-history.md "CPU time (session 19)"), and those
// that read one the op before that wrote ("link2"; not counted where the op
// just before wrote it too). Which immediates are slots, and which of them
// an op writes, come from its layout and doc words (MW_OP_LIST): a slot
// named d, or x first, is written, any other slot read; the ops a fused
// row runs as its own (mw_op_runs_after) count as part of it.
// At exit the counts go to the file named by MW_OP_PROFILE_OUT, one line each:
//   op NAME COUNT
//   next NAME1 NAME2 COUNT
//   jump NAME1 NAME2 COUNT
//   link NAME1 NAME2 COUNT      (NAME2 read what NAME1, dispatched just before, wrote)
//   link2 NAME COUNT            (NAME read what the op two before wrote)
//   site NAME SITE COUNT        (NAME executed from code lowering emitted at SITE)
//   func INDEX COUNT            (ops executed in wasm function INDEX's code)
// SITE (hex) is mw_int.h's MW_SITE: the wasm opcode being lowered, the line
// of lowering (lower.c, lower_branch.c: the file's number above bit 16)
// whose call of a copying helper emitted the op (0: the opcode's own
// lowering) and a bit for a copy of a local; lowering lists the sites of
// each function's code (lower_int.h site_mark), decode.c and lazy.c hand them
// over with the code in its place (mw_op_profile_code).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mw_int.h"

static const char *const op_names[MW_OP_COUNT] = {
    #define MW_X_NAME(name, layout, doc) #name,
    MW_OP_LIST(MW_X_NAME)
    #undef MW_X_NAME
};
static const char *const op_docs[MW_OP_COUNT] = {
    #define MW_X_DOC(name, layout, doc) doc,
    MW_OP_LIST(MW_X_DOC)
    #undef MW_X_DOC
};

// Each function's code in place, by address, with each unit's site and the
// function's index.
typedef struct code_block {
    const mw_code_unit *code;
    uint32_t len;
    uint32_t *site;
    uint32_t func;
} code_block;
static code_block *blocks;
static size_t nblocks, cap_blocks, last_block;

// Ops executed by function index (func_ops[i]: function i's), grown to fit.
static uint64_t *func_ops;
static uint32_t nfunc_ops;

// Counts by (site, op): open addressing, a key of 0 free, the slots
// allocated at the first count (count_at); every op run (site_counts) and
// every dead copy (dead_sites, track_dead).
#define SITE_SLOTS (1u << 17)
typedef struct site_count {
    uint64_t key;             // (site << 16 | op) + 1
    uint64_t n;
} site_count;
typedef struct site_table {
    site_count *slots;
    uint64_t lost;            // the table full: not counted
} site_table;
static site_table site_counts;
// Three ops one after the other in the code ("next" twice): by (first,
// second) as the site and the third as the op; dumped as next3 lines.
static site_table triples;

static uint64_t ops[MW_OP_COUNT];
static uint64_t next[MW_OP_COUNT][MW_OP_COUNT];
static uint64_t jump[MW_OP_COUNT][MW_OP_COUNT];
static uint64_t link1[MW_OP_COUNT][MW_OP_COUNT];
static uint64_t link2[MW_OP_COUNT];
static const mw_code_unit *prev_pc;     // NULL: no op yet
static uint32_t prev_op;
static uint32_t prev2_op;               // the op before prev, where prev came "next" after it
static bool prev_next;                  // prev came "next" after prev2_op

// The slots an op reads and writes, as addresses in the running frame.
#define MAX_SLOTS (4 * MW_MAX_IMMS)
typedef struct slots {
    const mw_val *rd[MAX_SLOTS], *wr[MAX_SLOTS];
    int nrd, nwr;
} slots;
static slots last, before_last;

// Whether immediate k of op, a slot, is one it writes: its doc word is d, or
// x in the first place (the fused address ops' x = a + ..; elsewhere x is read).
static bool writes_imm(uint32_t op, int k) {
    const char *w = op_docs[op];
    for (int i = 0; i < k && w != NULL; i++) {
        w = strchr(w, ' ');
        w = w != NULL ? w + 1 : NULL;
    }
    if (w == NULL) {
        return false;
    }
    size_t n = strcspn(w, " ");
    return (n == 1 && w[0] == 'd') || (k == 0 && n == 1 && w[0] == 'x');
}

static void add_slots(slots *s, const mw_code_unit *at, const mw_val *fp) {
    uint32_t op = *at, vals[MW_MAX_IMMS];
    const uint8_t *kinds = mw_op_kinds(op);
    mw_code_imms(at, vals);
    for (int k = 0; k < MW_MAX_IMMS && kinds[k] != MW_K_NONE; k++) {
        if (kinds[k] != MW_K_SLOT && kinds[k] != MW_K_SLOT8 && kinds[k] != MW_K_SLOT8H) {
            continue;
        }
        if (writes_imm(op, k)) {
            if (s->nwr < MAX_SLOTS) {
                s->wr[s->nwr++] = fp + vals[k];
            }
        } else if (s->nrd < MAX_SLOTS) {
            s->rd[s->nrd++] = fp + vals[k];
        }
    }
}

// Copies and constants put in a slot that the next write of that slot finds
// unread ("dead": a value no op read). Each slot written by a copy or a
// constant op is pending, with that op's site, until an op reads it (not
// dead) or writes it (dead); a slot of a returned frame counts when the
// next frame writes it. Reads this cannot see (a range of values: an op
// with a count, BR_TABLE's entries; a host function's arguments: CALL,
// CALL_INDIRECT) drop every pending slot uncounted, so the count is a lower
// bound.
#define DEAD_SLOTS (1u << 16)
typedef struct pending {
    const mw_val *slot;       // NULL: free
    uint32_t gen;             // pending only while this is dead_gen
    uint32_t op, site;
} pending;
static pending *pend;
static uint32_t dead_gen = 1;
static uint64_t dead[MW_OP_COUNT];
static site_table dead_sites;

static pending *pending_at(const mw_val *slot) {
    if (pend == NULL && (pend = calloc(DEAD_SLOTS, sizeof *pend)) == NULL) {
        fputs("op_profile: out of memory\n", stderr);
        exit(1);
    }
    uintptr_t h = ((uintptr_t)slot >> 3) * 0x9e3779b97f4a7c15u >> 48;
    for (uint32_t tries = 0; tries < 8; tries++) {
        pending *e = &pend[(h + tries) & (DEAD_SLOTS - 1)];
        if (e->slot == slot || e->slot == NULL || e->gen != dead_gen) {
            return e;
        }
    }
    return &pend[h & (DEAD_SLOTS - 1)];    // full here: the oldest guess is lost
}

static bool is_copy(uint32_t op) {
    switch (op) {
        case MW_OP_COPY: case MW_OP_COPY2: case MW_OP_MOVE2: case MW_OP_CONST16: case MW_OP_CONST32:
        case MW_OP_CONST64: case MW_OP_CONST16_CONST16: case MW_OP_COPY_JMP: case MW_OP_CONST16_JMP:
        case MW_OP_CONST16_SELECT: case MW_OP_COPY_CALL_DEF: case MW_OP_COPY2_CALL_DEF: case MW_OP_CONST16_CALL_DEF:
        case MW_OP_COPY2_COPY_CALL_DEF:
            return true;
        default:
            return false;
    }
}

static bool hides_reads(uint32_t op) {
    if (op == MW_OP_CALL || op == MW_OP_CALL_INDIRECT || op == MW_OP_BR_TABLE || op == MW_OP_BR_TABLE_JMP) {
        return true;
    }
    const uint8_t *kinds = mw_op_kinds(op);
    for (int k = 0; k < MW_MAX_IMMS && kinds[k] != MW_K_NONE; k++) {
        if (kinds[k] == MW_K_COUNT) {
            return true;
        }
    }
    return false;
}

static void count_at(site_table *t, uint32_t site, uint32_t op);

static void track_dead(const slots *s, uint32_t op, uint32_t count_as, uint32_t site) {
    if (hides_reads(op)) {
        dead_gen++;
        return;
    }
    for (int i = 0; i < s->nrd; i++) {
        pending *e = pending_at(s->rd[i]);
        if (e->slot == s->rd[i]) {
            e->slot = NULL;
        }
    }
    for (int i = 0; i < s->nwr; i++) {
        pending *e = pending_at(s->wr[i]);
        if (e->slot == s->wr[i] && e->gen == dead_gen) {
            dead[e->op]++;
            count_at(&dead_sites, e->site, e->op);
        }
        if (is_copy(op)) {
            *e = (pending){s->wr[i], dead_gen, count_as, site};
        } else if (e->slot == s->wr[i]) {
            e->slot = NULL;
        }
    }
}

// Calls by what the callee ran: whether it called anything itself (a leaf
// calls nothing; a host function's call is no call here) and how many ops
// it ran to its return, its own and not its callees' (what a call costs
// beside its callee's work: docs/benchmarks-history.md "Native distance (session
// 24)"). A call whose next op is the one after it called a host function.
#define CALLEE_BUCKETS 8      // ops: 1-4, 5-8, 9-16, .. 129-256, more
#define MAX_DEPTH 4096
typedef struct callee {
    const mw_code_unit *ret;  // the unit after the call (and its partners)
    uint64_t ops;
    bool calls, fresh;        // fresh: no op of the callee ran yet
} callee;
static callee shadow[MAX_DEPTH];
static uint32_t depth;
static uint64_t callees[2][CALLEE_BUCKETS];

static bool is_call(uint32_t op) {
    switch (op) {
        case MW_OP_CALL: case MW_OP_CALL_DEF: case MW_OP_CALL_DEF_W: case MW_OP_CALL_INDIRECT:
        case MW_OP_CALL_INDIRECT_OWN: case MW_OP_COPY_CALL_DEF: case MW_OP_COPY2_CALL_DEF: case MW_OP_CONST16_CALL_DEF:
            return true;
        default:
            return false;
    }
}

static void track_calls(const mw_code_unit *pc, uint32_t op, const mw_code_unit *end) {
    if (depth > 0 && depth <= MAX_DEPTH && shadow[depth - 1].fresh && pc == shadow[depth - 1].ret) {
        depth--;              // a host function ran: no callee op
    }
    if (depth > 0 && depth <= MAX_DEPTH) {
        shadow[depth - 1].ops++;
        shadow[depth - 1].fresh = false;
    }
    if (is_call(op)) {
        if (depth > 0 && depth <= MAX_DEPTH) {
            shadow[depth - 1].calls = true;
        }
        if (depth < MAX_DEPTH) {
            shadow[depth] = (callee){end, 0, false, true};
        }
        depth++;
    } else if ((op == MW_OP_RETURN0 || op == MW_OP_RETURN1 || op == MW_OP_RETURN) && depth > 0) {
        depth--;
        if (depth < MAX_DEPTH) {
            const callee *c = &shadow[depth];
            uint32_t b = 0;
            while (b + 1 < CALLEE_BUCKETS && c->ops > (4ull << b)) {
                b++;
            }
            callees[c->calls ? 0 : 1][b]++;
        }
    }
}

static bool reads_any(const slots *s, const slots *from) {
    for (int i = 0; i < s->nrd; i++) {
        for (int j = 0; j < from->nwr; j++) {
            if (s->rd[i] == from->wr[j]) {
                return true;
            }
        }
    }
    return false;
}

static void oom(void) {
    fputs("op_profile: out of memory\n", stderr);
    exit(1);
}

// The first block whose code ends after p (nblocks: none).
static size_t block_after(const mw_code_unit *p) {
    size_t lo = 0, hi = nblocks;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (blocks[mid].code + blocks[mid].len <= p) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

void mw_op_profile_code(const mw_code_unit *code, uint32_t len, const uint32_t *sites, uint32_t n, uint32_t func) {
    if (len == 0) {
        return;
    }
    // code freed and lowered again (a code budget) replaces what was there
    size_t i = block_after(code), j = i;
    while (j < nblocks && blocks[j].code < code + len) {
        free(blocks[j++].site);
    }
    memmove(blocks + i, blocks + j, (nblocks - j) * sizeof *blocks);
    nblocks -= j - i;
    if (nblocks + 1 > cap_blocks) {
        cap_blocks = cap_blocks ? 2 * cap_blocks : 256;
        blocks = realloc(blocks, cap_blocks * sizeof *blocks);
        if (blocks == NULL) {
            oom();
        }
    }
    memmove(blocks + i + 1, blocks + i, (nblocks - i) * sizeof *blocks);
    nblocks++;
    uint32_t *site = malloc(len * sizeof *site);
    if (site == NULL) {
        oom();
    }
    // each run [sites[2k], sites[2k + 2]) of site sites[2k + 1]
    for (uint32_t k = 0; k < n; k++) {
        uint32_t from = sites[2 * k], to = k + 1 < n ? sites[2 * k + 2] : len;
        for (uint32_t u = from; u < to && u < len; u++) {
            site[u] = sites[2 * k + 1];
        }
    }
    for (uint32_t u = 0; u < (n > 0 ? sites[0] : len) && u < len; u++) {
        site[u] = 0;
    }
    blocks[i] = (code_block){code, len, site, func};
    last_block = i;
    if (func >= nfunc_ops) {
        uint32_t cap = func + 1 > 2 * nfunc_ops ? func + 1 : 2 * nfunc_ops;
        func_ops = realloc(func_ops, cap * sizeof *func_ops);
        if (func_ops == NULL) {
            oom();
        }
        memset(func_ops + nfunc_ops, 0, (cap - nfunc_ops) * sizeof *func_ops);
        nfunc_ops = cap;
    }
}

// Whether pc is in lowered code (not a lazy stub, a host call), and its
// site and function there (mw_op_profile_code's).
static bool site_at(const mw_code_unit *pc, uint32_t *site, uint32_t *func) {
    const code_block *b = last_block < nblocks ? &blocks[last_block] : NULL;
    if (b == NULL || pc < b->code || pc >= b->code + b->len) {
        size_t i = block_after(pc);
        if (i == nblocks || pc < blocks[i].code) {
            return false;
        }
        last_block = i;
        b = &blocks[i];
    }
    *site = b->site[pc - b->code];
    *func = b->func;
    return true;
}

static void count_at(site_table *t, uint32_t site, uint32_t op) {
    if (t->slots == NULL && (t->slots = calloc(SITE_SLOTS, sizeof *t->slots)) == NULL) {
        oom();
    }
    uint64_t key = ((uint64_t)site << 16 | op) + 1;
    for (uint32_t h = (uint32_t)(key * 0x9e3779b97f4a7c15u >> 47), tries = 0; tries < SITE_SLOTS; tries++) {
        site_count *c = &t->slots[(h + tries) & (SITE_SLOTS - 1)];
        if (c->key == key || c->key == 0) {
            c->key = key;
            c->n++;
            return;
        }
    }
    t->lost++;
}

void mw_op_profile_hit(const mw_code_unit *pc, const mw_val *fp) {
    uint32_t op = *pc;
    ops[op]++;
    uint32_t site = 0, func;  // site 0 where pc is no lowered code's
    if (site_at(pc, &site, &func)) {
        count_at(&site_counts, site, op);
        func_ops[func]++;
    }
    if (prev_pc != NULL) {
        // the ends of prev and of each partner op its handler ran
        const mw_code_unit *end = prev_pc;
        uint32_t end_op = prev_op;
        uint32_t partners = mw_op_runs_after(prev_op);
        for (;;) {
            end += 1 + mw_op_units(end_op);
            if (end == pc || partners-- == 0) {
                break;
            }
            end_op = *end;
        }
        if (end == pc) {
            next[prev_op][op]++;
            if (prev_next) {
                count_at(&triples, prev2_op << 16 | prev_op, op);
            }
        } else {
            jump[prev_op][op]++;
        }
        prev_next = end == pc;
        prev2_op = prev_op;
    }
    // this op's slots, with those of the partner ops its handler runs
    slots cur = {.nrd = 0, .nwr = 0};
    const mw_code_unit *at = pc;
    for (uint32_t partners = mw_op_runs_after(op);; partners--) {
        add_slots(&cur, at, fp);
        if (partners == 0) {
            break;
        }
        at += 1 + mw_op_units(*at);
    }
    track_calls(pc, op, at + 1 + mw_op_units(*at));
    // (op by op: a fused row's partner reads what the row wrote)
    at = pc;
    for (uint32_t partners = mw_op_runs_after(op);; partners--) {
        slots one = {.nrd = 0, .nwr = 0};
        add_slots(&one, at, fp);
        track_dead(&one, *at, op, site);
        if (partners == 0) {
            break;
        }
        at += 1 + mw_op_units(*at);
    }
    if (prev_pc != NULL && reads_any(&cur, &last)) {
        link1[prev_op][op]++;
    } else if (reads_any(&cur, &before_last)) {
        link2[op]++;
    }
    before_last = last;
    last = cur;
    prev_pc = pc;
    prev_op = op;
}

// A table's counts, a line each: `WORD op site count`.
static void dump_sites(FILE *f, const char *word, const site_table *t) {
    for (uint32_t i = 0; t->slots != NULL && i < SITE_SLOTS; i++) {
        const site_count *c = &t->slots[i];
        if (c->key != 0) {
            uint64_t k = c->key - 1;
            fprintf(f, "%s %s %x %llu\n", word, op_names[k & 0xffff], (unsigned)(k >> 16), (unsigned long long)c->n);
        }
    }
    if (t->lost != 0) {
        fprintf(stderr, "op_profile: %llu %s counts lost (table full)\n", (unsigned long long)t->lost, word);
    }
}

// The triples, a line each: `next3 op1 op2 op3 count`.
static void dump_triples(FILE *f) {
    for (uint32_t i = 0; triples.slots != NULL && i < SITE_SLOTS; i++) {
        const site_count *c = &triples.slots[i];
        if (c->key != 0) {
            uint64_t k = c->key - 1;
            fprintf(f, "next3 %s %s %s %llu\n", op_names[k >> 32], op_names[(k >> 16) & 0xffff],
                op_names[k & 0xffff], (unsigned long long)c->n);
        }
    }
    if (triples.lost != 0) {
        fprintf(stderr, "op_profile: %llu next3 counts lost (table full)\n", (unsigned long long)triples.lost);
    }
}

static void op_profile_dump(void) {
    const char *path = getenv("MW_OP_PROFILE_OUT");
    if (path == NULL) {
        return;
    }
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        perror(path);
        return;
    }
    for (uint32_t a = 0; a < MW_OP_COUNT; a++) {
        if (ops[a] != 0) {
            fprintf(f, "op %s %llu\n", op_names[a], (unsigned long long)ops[a]);
        }
        for (uint32_t b = 0; b < MW_OP_COUNT; b++) {
            if (next[a][b] != 0) {
                fprintf(f, "next %s %s %llu\n", op_names[a], op_names[b], (unsigned long long)next[a][b]);
            }
            if (jump[a][b] != 0) {
                fprintf(f, "jump %s %s %llu\n", op_names[a], op_names[b], (unsigned long long)jump[a][b]);
            }
            if (link1[a][b] != 0) {
                fprintf(f, "link %s %s %llu\n", op_names[a], op_names[b], (unsigned long long)link1[a][b]);
            }
        }
        if (link2[a] != 0) {
            fprintf(f, "link2 %s %llu\n", op_names[a], (unsigned long long)link2[a]);
        }
    }
    dump_sites(f, "site", &site_counts);
    dump_triples(f);
    for (int leaf = 0; leaf < 2; leaf++) {
        for (int b = 0; b < CALLEE_BUCKETS; b++) {
            if (callees[leaf][b] != 0) {
                fprintf(f, "callee %s %d %llu\n", leaf ? "leaf" : "calls", 4 << b, (unsigned long long)callees[leaf][b]);
            }
        }
    }
    for (uint32_t a = 0; a < MW_OP_COUNT; a++) {
        if (dead[a] != 0) {
            fprintf(f, "dead %s %llu\n", op_names[a], (unsigned long long)dead[a]);
        }
    }
    dump_sites(f, "deadsite", &dead_sites);
    for (uint32_t i = 0; i < nfunc_ops; i++) {
        if (func_ops[i] != 0) {
            fprintf(f, "func %u %llu\n", (unsigned)i, (unsigned long long)func_ops[i]);
        }
    }
    fclose(f);
}

__attribute__((constructor)) static void op_profile_init(void) {
    atexit(op_profile_dump);
}
