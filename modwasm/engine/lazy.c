// SPDX-License-Identifier: MIT
// lazy.c: lowering a function on its first call (MW_LOAD_LAZY), and giving
// lowered code back (mw_module_unlower, the code budget).
//
// At load every body is validated without being lowered (decode.c,
// mw_lower_func with `check`: the frame size is all it keeps), and each
// function's code points at its stub: `LAZY defidx`. The call path
// is the same for every function (exec.c call_def: frame checked and pushed,
// then dispatch at code[0]), so calling a function not lowered yet
// dispatches LAZY, whose handler lowers the body here and continues at the
// new code's first instruction. Nothing is added to the hot path: a lowered
// function's code never holds LAZY, and the handler finds its function from
// its immediate (not from a variable the interpreter would have to keep
// alive across every instruction).
//
// Each lowered function has a block of its own: its code, then MW_LAZY_LINK
// units linking the lowered functions in the order they were lowered
// (m->lazy_first is the oldest; defidx + 1, 0 ends the list). So one
// function's code can be freed while others run: the code budget evicts
// functions not running back to their stubs, by second chance (lazy_evict).
//
// Second chance learns which functions still run without a store on the
// call path. Under a budget the module keeps each function's block in
// m->lazy_blocks, so a function can be *armed*: its code is its stub again
// while its block stays. Its next call dispatches LAZY as a first call does,
// and mw_lazy_lower only points its code back at the block: a few
// instructions once per eviction round, nothing for a function not armed.
// A function still armed when eviction comes round to it again was not
// called in between: that one is dropped. A function is armed as it is
// lowered, so one called once (a scan) goes before one called again (a
// loop's). (The block's pointer, not an address inside it, is what keeps it:
// a collector such as MicroPython's follows only pointers to a block's start.)
//
// Under a budget the blocks live in the module's code arena (MW_UNLOWER): one
// block of the budget's size, allocated when the budget is set (at the load,
// before any instance's memory), with a first-fit allocator of its own. Code
// dropped and lowered again then reuses the arena, never the heap: lowered
// code scattered between a memory's growths is what split the heap so that
// the memory found no block for its next grow (xz on mps2_an385, docs/engine.md).
// When the arena has the bytes but not in one piece, the code of functions
// not running slides to its start (the engine holds every pointer to it:
// fd->code, m->lazy_blocks, and the frames, which only running code is on).
// A function that does not fit (the arena could not be allocated, or only
// running code is left in it) gets a block of its own as before.
#include "decode.h"

#ifdef MW_LAZY_TRACE
// Bench and fuzz builds only (bench/lazy_trace.h, bench/budget.py --trace;
// tests/fuzz/lazy_count.c): each lowering (event 0), drop (1) and rearmed
// call (2) of a function; and the module's (defidx UINT32_MAX): a budget's
// eviction round and the bytes it freed (3), a walk that came round (4), a
// slot the arena had the bytes for but not in one piece (5: compacted) and
// one compaction did not make room for (6: more dropped), with the slot's
// bytes; a compaction that stopped before the arena's end, the room made
// (7: partial), or went through it (8: whole), with the bytes of the arena
// it went through; running code it moved with its frames (9), its bytes; a
// function given a block of its own over the running share (10), its bytes;
// a running function's block of its own that a lowering's budget does not
// count (11: running_held); of those given a block of their own (10), one
// nothing in the arena calls, over what it would leave its callees (12).
void mw_lazy_trace(const mw_module *m, uint32_t defidx, size_t bytes, int event);
#define LAZY_TRACE(m, fd, ev) mw_lazy_trace((m), (uint32_t)((fd) - (m)->funcs), block_size(fd), (ev))
#define LAZY_TRACE_MOD(m, bytes, ev) mw_lazy_trace((m), UINT32_MAX, (bytes), (ev))
#else
#define LAZY_TRACE(m, fd, ev) ((void)0)
#define LAZY_TRACE_MOD(m, bytes, ev) ((void)(bytes))
#endif

// The stubs' block: MW_LAZY_STUB units per defined function.
static size_t stubs_size(const mw_module *m) {
    return mw_nz((size_t)(m->nfuncs - m->nfunc_imports) * MW_LAZY_STUB * sizeof(mw_code_unit));
}

// The block of a lowered function: its code and its link.
static size_t block_size(const mw_funcdef *fd) {
    return (fd->code_len + MW_LAZY_LINK) * sizeof(mw_code_unit);
}

// (out of line, one copy for its callers: -20 B of Thumb-2 text)
static MW_NOINLINE mw_code_unit *stub_of(const mw_module *m, const mw_funcdef *fd) {
    return m->lazy_stubs + (fd - m->funcs) * MW_LAZY_STUB;
}

// fd's block: its code, armed or not (lazy.c's head comment); its stub or
// NULL (a half-loaded module's function that was never reached) if none
static mw_code_unit *block_of(const mw_module *m, const mw_funcdef *fd) {
    #if MW_UNLOWER
    if (m->lazy_blocks != NULL) {
        mw_code_unit *b = m->lazy_blocks[fd - m->funcs];
        return b != NULL ? b : stub_of(m, fd);
    }
    #else
    (void)m;
    #endif
    return fd->code;
}

uint32_t mw_code_func(const mw_module *m, const mw_code_unit *code) {
    uint32_t i = 0;
    while (i < m->nfuncs - m->nfunc_imports && code != m->funcs[i].code && code != block_of(m, &m->funcs[i])) {
        i++;
    }
    return m->nfunc_imports + i;
}

// fd has code of its own
static bool is_lowered(const mw_module *m, const mw_funcdef *fd) {
    const mw_code_unit *b = block_of(m, fd);
    return b != NULL && b != stub_of(m, fd);
}

#if MW_UNLOWER
// A slot of the code arena: ARENA_HEAD units (its size in units, then its
// owner: defidx + 1, 0 if free), then the block (code and link), rounded to
// 4 bytes. Slots tile the arena; free ones next to each other merge when a
// fit walks over them.
#define ARENA_HEAD 4

static uint32_t slot_units(const mw_funcdef *fd) {
    return ARENA_HEAD + ((fd->code_len + MW_LAZY_LINK + 1) & ~1u);
}

static bool in_arena(const mw_module *m, const mw_code_unit *b) {
    return m->arena != NULL && b >= m->arena && b < m->arena + m->arena_units;
}

// What fd's code counts in m->code_ram at b: its slot in the arena, head
// and rounding too (so a budget the arena's size holds exactly what fits in
// it), else its block.
static size_t held(const mw_module *m, const mw_funcdef *fd, const mw_code_unit *b) {
    return in_arena(m, b) ? mw_code_u32(b - ARENA_HEAD) * sizeof(mw_code_unit) : block_size(fd);
}
#endif

mw_status mw_lazy_stubs(mw_runtime *rt, mw_module *m) {
    uint32_t n = m->nfuncs - m->nfunc_imports;
    m->lazy_stubs = mw_alloc(rt, stubs_size(m));
    if (m->lazy_stubs == NULL) {
        return MW_ERR_NOMEM;
    }
    m->ram += stubs_size(m);
    for (uint32_t i = 0; i < n; i++) {
        #if MW_THREADED
        // X(LAZY, I, ...): the op, then the function's index among the
        // defined ones (threaded: its head first, mw_int.h MW_OP_AT)
        mw_code_unit *stub = m->lazy_stubs + i * MW_LAZY_STUB;
        const void *h = mw_thread_handler(MW_OP_LAZY);
        memcpy(stub, &h, sizeof(h));
        MW_OP_AT(stub) = MW_OP_LAZY;
        mw_code_put_u32(stub + MW_OP_HEAD, i);
        #else
        // X(LAZY, I, ...): the op, then the function's index among the defined ones
        m->lazy_stubs[i * MW_LAZY_STUB] = MW_OP_LAZY;
        mw_code_put_u32(m->lazy_stubs + i * MW_LAZY_STUB + 1, i);
        #endif
    }
    return MW_OK;
}

// Free fd's code and put it back on its stub (its link is the caller's).
static void lazy_drop(mw_runtime *rt, mw_module *m, mw_funcdef *fd) {
    LAZY_TRACE(m, fd, 1);
    mw_code_unit *b = block_of(m, fd);
    #if MW_UNLOWER
    m->code_ram -= held(m, fd, b);
    if (in_arena(m, b)) {
        // its slot is free (the arena is in m->ram as a whole)
        mw_code_put_u32(b - ARENA_HEAD + 2, 0);
    } else
    #else
    m->code_ram -= block_size(fd);
    #endif
    {
        mw_free(rt, b, block_size(fd));
        m->ram -= block_size(fd);
    }
    m->nlowered--;
    fd->code = stub_of(m, fd);
    #if MW_UNLOWER
    if (m->lazy_blocks != NULL) {
        m->lazy_blocks[fd - m->funcs] = NULL;
    }
    #endif
}

// Every function back on its stub, as after the load.
static void lazy_drop_all(mw_runtime *rt, mw_module *m) {
    for (uint32_t i = 0; i < m->nfuncs - m->nfunc_imports; i++) {
        if (is_lowered(m, &m->funcs[i])) {
            lazy_drop(rt, m, &m->funcs[i]);
        }
    }
    m->lazy_first = m->lazy_last = 0;
}

#if MW_UNLOWER
// (out of line, one copy for its callers: -14 B of Thumb-2 text)
static MW_NOINLINE size_t blocks_size(const mw_module *m) {
    return mw_nz((size_t)(m->nfuncs - m->nfunc_imports) * sizeof(mw_code_unit *));
}
#endif

void mw_lazy_free(mw_runtime *rt, mw_module *m) {
    if (m->lazy_stubs != NULL) {
        lazy_drop_all(rt, m);
        mw_free(rt, m->lazy_stubs, stubs_size(m));
    }
    #if MW_UNLOWER
    if (m->lazy_blocks != NULL) {
        mw_free(rt, m->lazy_blocks, blocks_size(m));
    }
    if (m->arena != NULL) {
        mw_free(rt, m->arena, (size_t)m->arena_units * sizeof(mw_code_unit));
    }
    #endif
}

#if MW_UNLOWER
// The link after the code of function idx - 1 (idx: defidx + 1).
static mw_code_unit *link_of(const mw_module *m, uint32_t idx) {
    const mw_funcdef *fd = &m->funcs[idx - 1];
    return block_of(m, fd) + fd->code_len;
}

// fd's code is its stub while its block stays (lazy.c's head comment)
static bool is_armed(const mw_module *m, const mw_funcdef *fd) {
    return m->lazy_blocks != NULL && fd->code != block_of(m, fd);
}

// code is some frame's code on rt: a function running (or waiting for a
// call to return) there. Each frame holds its own function's code (mw_frame),
// so a function that called a host function, which calls back into wasm,
// is on a frame below the new call's.
static bool lazy_running(const mw_runtime *rt, const mw_code_unit *code, const mw_code_unit *cur) {
    if (code == cur) {
        return true;
    }
    for (const mw_frame *f = rt->frames; f < rt->fsp; f++) {
        if (f->code == code) {
            return true;
        }
    }
    return false;
}

// fd is not running on rt (cur: as lazy_evict's) and not called since the
// walk armed it (with a budget), or not running (without one: memory.grow)
static bool lazy_cold(const mw_runtime *rt, const mw_module *m, const mw_funcdef *fd, const mw_code_unit *cur) {
    return (m->lazy_blocks == NULL || is_armed(m, fd)) && !lazy_running(rt, block_of(m, fd), cur);
}

// Function j (defidx + 1) out of the list: prev is the one before it (0: j
// is the first), next the one after it.
static void lazy_unlink(mw_module *m, uint32_t prev, uint32_t j, uint32_t next) {
    if (m->lazy_last == j) {
        m->lazy_last = prev;
    }
    if (prev != 0) {
        mw_code_put_u32(link_of(m, prev), next);
    } else {
        m->lazy_first = next;
    }
}

// Drop function j, out of the list (prev, next: as lazy_unlink's).
static void lazy_unlink_drop(mw_runtime *rt, mw_module *m, uint32_t prev, uint32_t j, uint32_t next) {
    lazy_unlink(m, prev, j, next);
    lazy_drop(rt, m, &m->funcs[j - 1]);
}

// A walk of the lazy list (lazy_walk): the walk keeps the list's links, its
// rule says what becomes of each function it passes. Each rule is written
// once, beside the one function that walks with it. The rule is named, not a
// function pointer, and passed as a constant: the walker's switch calls it
// directly, GCC inlines it and can specialise the walker for it, where an
// indirect call per function visited cost lazy_evict 0.16% of cjson's Ir at
// a 0.75x budget (docs/benchmarks-history.md "Tidy (session 36)").
// A verdict: WALK_KEEP, WALK_DROP, WALK_TO_END (fd is appended, and the walk
// comes to it again), WALK_STOP (the walk ends at fd).
enum { WALK_KEEP, WALK_DROP, WALK_TO_END, WALK_STOP };

typedef enum { RULE_SECOND_CHANCE, RULE_COLD, RULE_CHOSEN, RULE_NEWEST, RULE_OWN, RULE_SETTLE } walk_rule;

typedef struct walk_t walk_t;
struct walk_t {
    const mw_code_unit *cur; // the code running now if not on a frame (lazy_evict's)
    size_t keep;             // the bytes the rule brings the code to
    size_t bytes;            // the rule's own count of bytes
    uint32_t from;           // the walk starts after this function (0: at the oldest)
    uint32_t stop;           // and ends before this one (0: at the list's end)
    uint32_t first;          // the first it moved to the end (0: none): it ends there
    uint32_t dropped;        // how many it dropped
    const mw_funcdef *chosen; // the function lazy_drop_cold chose
};

static inline int second_chance_rule(mw_runtime *rt, mw_module *m, mw_funcdef *fd, walk_t *w);
static int cold_rule(const mw_runtime *rt, const mw_module *m, const mw_funcdef *fd, const walk_t *w);
static int chosen_rule(const mw_funcdef *fd, const walk_t *w);
static int newest_rule(const mw_module *m, mw_funcdef *fd, walk_t *w);
static int own_rule(const mw_runtime *rt, const mw_module *m, const mw_funcdef *fd, const walk_t *w);
static int settle_rule(mw_runtime *rt, mw_module *m, mw_funcdef *fd, const walk_t *w);

// What `rule` says becomes of fd.
static inline int walk_verdict(walk_rule rule, mw_runtime *rt, mw_module *m, mw_funcdef *fd, walk_t *w) {
    switch (rule) {
        case RULE_SECOND_CHANCE:
            return second_chance_rule(rt, m, fd, w);
        case RULE_COLD:
            return cold_rule(rt, m, fd, w);
        case RULE_CHOSEN:
            return chosen_rule(fd, w);
        case RULE_NEWEST:
            return newest_rule(m, fd, w);
        case RULE_OWN:
            return own_rule(rt, m, fd, w);
        case RULE_SETTLE:
            return settle_rule(rt, m, fd, w);
    }
    return WALK_STOP;
}

// Walk the lazy list as `rule` says, from after w->from up to w->stop, or up
// to the first function it moved to the end, come round again. Where it ended.
static inline uint32_t lazy_walk(walk_rule rule, mw_runtime *rt, mw_module *m, walk_t *w) {
    uint32_t prev = w->from, i = prev != 0 ? mw_code_u32(link_of(m, prev)) : m->lazy_first;
    while (i != w->stop && i != w->first) {
        uint32_t next = mw_code_u32(link_of(m, i));
        int verdict = walk_verdict(rule, rt, m, &m->funcs[i - 1], w);
        if (verdict == WALK_STOP) {
            break;
        }
        if (verdict == WALK_KEEP) {
            prev = i;
        } else if (verdict == WALK_DROP) {
            lazy_unlink_drop(rt, m, prev, i, next);
            w->dropped++;
        } else {
            w->first = w->first != 0 ? w->first : i;
            if (next == 0) {
                // the last is at the end already: the walk comes to it again now
                continue;
            }
            lazy_unlink(m, prev, i, next);
            mw_code_put_u32(link_of(m, m->lazy_last), i);
            mw_code_put_u32(link_of(m, i), 0);
            m->lazy_last = i;
        }
        i = next;
    }
    return i;
}

// lazy_drop_newest's rule: the oldest stay, not armed, while what comes
// after each frees enough (w->bytes: the bytes from it on); from the first
// that does not on, all go.
static int newest_rule(const mw_module *m, mw_funcdef *fd, walk_t *w) {
    size_t h = held(m, fd, block_of(m, fd));
    if (w->dropped == 0 && w->bytes - h >= m->code_ram - w->keep) {
        // what comes after fd frees enough: fd stays, not armed, so the next
        // walk does not drop it as unused while the loop is on its way back
        w->bytes -= h;
        fd->code = block_of(m, fd);
        return WALK_KEEP;
    }
    return WALK_DROP;
}

// The walk came round to the first function it armed (first, after prev):
// every function not running had been called since the last walk, so the
// working set does not fit. From first on the list holds only the functions
// this walk armed, in the order they were lowered: drop the newest of them,
// as few as free what is needed, and give the others their code back (not
// armed). A loop longer than the budget then keeps its first part resident
// and relowers only its tail, where dropping the oldest lost each function
// just before the loop came back to it (docs/benchmarks-history.md, "Code budget
// (session 6)").
static void lazy_drop_newest(mw_runtime *rt, mw_module *m, uint32_t prev, uint32_t first, size_t keep) {
    LAZY_TRACE_MOD(m, 0, 4);
    walk_t w = {.keep = keep, .from = prev};
    for (uint32_t j = first; j != 0; j = mw_code_u32(link_of(m, j))) {
        w.bytes += held(m, &m->funcs[j - 1], block_of(m, &m->funcs[j - 1]));
    }
    lazy_walk(RULE_NEWEST, rt, m, &w);
}

// lazy_drop_cold's rules: the cold go (lazy_cold); the one it chose goes (w->chosen).
static int cold_rule(const mw_runtime *rt, const mw_module *m, const mw_funcdef *fd, const walk_t *w) {
    return lazy_cold(rt, m, fd, w->cur) ? WALK_DROP : WALK_KEEP;
}

static int chosen_rule(const mw_funcdef *fd, const walk_t *w) {
    return fd == w->chosen ? WALK_DROP : WALK_KEEP;
}

// The cold functions the walk passed (lazy_cold, from the oldest up to
// `stop`, not included) go, as few bytes of them as bring the code to
// `keep`: all of them if they are not more than what is needed, else the
// smallest that does it alone, else the largest first. The others stay where
// they are, cold, for the next walk. Dropping each cold one as the walk met it dropped a 9 KB function
// to free 300 bytes where a 150-byte one beside it was as cold (msgpack-c,
// docs/benchmarks-history.md "Code budget (session 32)").
static void lazy_drop_cold(mw_runtime *rt, mw_module *m, uint32_t stop, size_t keep, const mw_code_unit *cur) {
    while (m->code_ram > keep) {
        size_t need = m->code_ram - keep, all = 0, best_held = 0;
        const mw_funcdef *best = NULL;
        for (uint32_t j = m->lazy_first; j != stop; j = mw_code_u32(link_of(m, j))) {
            const mw_funcdef *fd = &m->funcs[j - 1];
            if (lazy_cold(rt, m, fd, cur)) {
                size_t h = held(m, fd, block_of(m, fd));
                all += h;
                // a fit (h >= need) over none, a smaller fit, else a larger one
                if (best == NULL || (h >= need ? best_held < need || h < best_held : best_held < need && h > best_held)) {
                    best = fd;
                    best_held = h;
                }
            }
        }
        if (best == NULL) {
            break;
        }
        walk_t w = {.cur = cur, .stop = stop, .chosen = best};
        lazy_walk(all > need ? RULE_CHOSEN : RULE_COLD, rt, m, &w);
    }
}

// lazy_evict's rule, second chance: one not armed is armed and goes to the
// end; one running stays; one cold stays for lazy_drop_cold to choose
// (w->bytes: the cold bytes passed); the walk ends once those free enough.
static inline int second_chance_rule(mw_runtime *rt, mw_module *m, mw_funcdef *fd, walk_t *w) {
    if (m->code_ram - w->bytes <= w->keep) {
        return WALK_STOP;
    }
    if (lazy_running(rt, block_of(m, fd), w->cur)) {
        return WALK_KEEP;
    }
    if (m->lazy_blocks == NULL || is_armed(m, fd)) {
        w->bytes += held(m, fd, block_of(m, fd));
        return WALK_KEEP;
    }
    fd->code = stub_of(m, fd);
    return WALK_TO_END;
}

// Free code until the module's code takes at most `keep` bytes or nothing
// is left to free, never that of a function running on rt (on a frame, or
// cur: the code of the function running now if it is not on a frame).
// Second chance ("clock", lazy.c's head comment): from the oldest in the list
// on, a function not armed (called since it was armed) is armed and moves to
// the end of the list; one still armed (not called since) is cold: the walk
// goes on until the cold ones it passed free enough, and the fewest bytes of
// them go (lazy_drop_cold). The walk reaches the moved ones again after the
// others, so it ends; if it comes round to them with the code still over,
// the newest of them go (lazy_drop_newest). Without m->lazy_blocks (no
// budget: memory.grow) every function not running is cold.
// Oldest-lowered first alone dropped the functions a loop keeps calling as
// readily as those called once (docs/benchmarks-history.md, "RAM (session 5)").
static void lazy_evict(mw_runtime *rt, mw_module *m, size_t keep, const mw_code_unit *cur) {
    if (rt->frames != NULL && rt->frames_hw > rt->fsp) {
        // frames popped during this entry may still name blocks about to be
        // freed: zero them now rather than at its end (a collector would
        // keep whatever is allocated at a freed block's address alive)
        memset(rt->fsp, 0, (size_t)(rt->frames_hw - rt->fsp) * sizeof(mw_frame));
    }
    walk_t w = {.cur = cur, .keep = keep};
    uint32_t i = lazy_walk(RULE_SECOND_CHANCE, rt, m, &w);
    lazy_drop_cold(rt, m, i, keep, cur);
    if (i != 0 && i == w.first && m->code_ram > keep) {
        // the one before first, now that cold ones before it went
        uint32_t prev = 0;
        for (uint32_t j = m->lazy_first; j != w.first; j = mw_code_u32(link_of(m, j))) {
            prev = j;
        }
        lazy_drop_newest(rt, m, prev, w.first, keep);
    }
}

// The bytes of the functions running on rt whose code is in the arena
// (`arena`) or not. Those in blocks of their own (larger than the arena,
// lowered while running code filled it, or over the running share,
// lower_block) do not count against the budget: they cannot go, and the
// budget's room is the arena's. Counted, they made every lowering drop all
// the other code, to free what the heap does not get back (the arena stays):
// a running function larger than the arena lowered everything else again at
// each call (tests/programs/wasi_fsops.c, docs/benchmarks-history.md "Code budget
// (session 34)").
static size_t running_held(const mw_runtime *rt, const mw_module *m, bool arena) {
    size_t n = 0;
    for (uint32_t i = m->lazy_first; i != 0; i = mw_code_u32(link_of(m, i))) {
        const mw_funcdef *fd = &m->funcs[i - 1];
        const mw_code_unit *b = block_of(m, fd);
        if (in_arena(m, b) == arena && lazy_running(rt, b, NULL)) {
            n += held(m, fd, b);
            if (!arena) {
                LAZY_TRACE(m, fd, 11);
            }
        }
    }
    return n;
}

// fd, about to run, gets a block of its own rather than a slot where the
// budget has to drop code for it: fd is over MW_CODE_LARGE_SHARE percent of
// the arena, and with the code already running in the arena it would take
// more than MW_CODE_RUNNING_SHARE percent of it (own: the bytes of the
// running blocks of their own, which code_ram counts). Running code cannot be
// dropped, so in the arena it left what it calls only the rest: WavPack's two
// nested functions of 32 and 26 KB left theirs 1 KB of a 64 KB arena and
// lowered 242,453 times, where a 16 KB arena, which they do not fit, kept
// them out and left all of it (4,492; docs/benchmarks-history.md "Code budget
// (session 35)"). A small function goes in the arena whatever runs: out, it
// would free little room and cost its block beside the arena. One that
// nothing in the arena calls (an export called from the embedder) is no
// different: zlib's _start (main inlined, 98% of a 32 KB arena) left its
// loop's callees 548 B and lowered 79 MB again, 0.19 MB under a 16 KB arena
// (lazy_cases' ENTRY, docs/benchmarks-history.md "Code budget (session 36)"), and
// giflib's at 71% of a 32 KB arena 29.7 MB (lazy_cases' EXPORT_SHARE,
// "(session 37)"). Its block in the heap between a memory's growths, which
// the arena is for (lazy_cases' GROWS), moves into the arena when a grow
// finds no heap (running_to_arena).
static bool over_running_share(const mw_runtime *rt, const mw_module *m, size_t bytes, size_t own) {
    size_t arena = (size_t)m->arena_made * sizeof(mw_code_unit), share = arena / 100 * MW_CODE_RUNNING_SHARE;
    if (bytes <= arena / 100 * MW_CODE_LARGE_SHARE || m->code_ram - own + bytes <= share) {
        // (the arena's code is at most code_ram - own: no walk where it cannot be over)
        return false;
    }
    size_t running = running_held(rt, m, true);
    #ifdef MW_LAZY_TRACE
    if (running == 0 && bytes > share) {
        LAZY_TRACE_MOD(m, bytes, 12);
    }
    #endif
    return running + bytes > share;
}

// The first free run of the arena that takes `need` units (free slots next
// to each other merged on the way), split if more than a head is left over;
// its slot, still marked free, or NULL.
static mw_code_unit *arena_fit(mw_module *m, uint32_t need) {
    mw_code_unit *p = m->arena, *end = m->arena + m->arena_units;
    while (p < end) {
        uint32_t size = mw_code_u32(p);
        if (mw_code_u32(p + 2) == 0) {
            while (p + size < end && mw_code_u32(p + size + 2) == 0) {
                size += mw_code_u32(p + size);
            }
            if (size >= need && size - need >= ARENA_HEAD) {
                mw_code_put_u32(p + need, size - need);
                mw_code_put_u32(p + need + 2, 0);
                size = need;
            }
            mw_code_put_u32(p, size);
            if (size >= need) {
                return p;
            }
        }
        p += size;
    }
    return NULL;
}

// The function whose code is b (units long) runs on rt, and every frame
// running it can move with it: the frame above holds its return address (a
// wasm call), or it is the top frame and `top` (memory.grow's and
// table.grow's handlers take their pc from the top frame's code again after
// the grow, exec.c). A function that called the embedder, which called
// back into wasm, has its pc in the C stack: it stays.
static bool running_can_move(const mw_runtime *rt, const mw_code_unit *b, uint32_t units, bool top) {
    for (const mw_frame *f = rt->frames; f < rt->fsp; f++) {
        if (f->code == b) {
            const mw_code_unit *ret = f + 1 < rt->fsp ? MW_FRAME_RET(&f[1]) : NULL;
            if (f + 1 < rt->fsp ? ret < b || ret >= b + units : !top) {
                return false;
            }
        }
    }
    return true;
}

// The code at b, running on rt, moved to to: its frames' code and the return
// addresses into it (the frame above each) with it.
static void move_frames(mw_runtime *rt, const mw_code_unit *b, mw_code_unit *to) {
    for (mw_frame *f = rt->frames; f < rt->fsp; f++) {
        if (f->code == b) {
            f->code = to;
            if (f + 1 < rt->fsp) {
                // (bit 0, an instance switch's tag, kept: b and to are 4-aligned)
                f[1].pc = (const mw_code_unit *)((uintptr_t)f[1].pc - (uintptr_t)b + (uintptr_t)to);
            }
        }
    }
}

// Slide the code of the functions not running on rt to the arena's start,
// in the order it lies there, so its free slots become one run (or one run
// before each running function's slot, which stays where its frames point),
// until a run of `need` units has formed: the code past it stays where it
// is (a lowering needs one slot's room, not the whole arena moved).
// Nothing but fd->code, m->lazy_blocks and the frames holds a pointer to a
// function's code (links are indexes), and only running code is on frames.
// With `running` (a grow short of heap, arena_shrink) running code that can
// move (running_can_move, `top` its) slides too, its frames' code and
// return addresses moved with it.
static void arena_compact(mw_runtime *rt, mw_module *m, bool running, bool top, uint32_t need) {
    mw_code_unit *p = m->arena, *dst = m->arena, *end = m->arena + m->arena_units;
    while (p < end && (uint32_t)(p - dst) < need) {
        uint32_t size = mw_code_u32(p), owner = mw_code_u32(p + 2);
        if (owner != 0) {
            mw_funcdef *fd = &m->funcs[owner - 1];
            mw_code_unit *b = p + ARENA_HEAD;
            if (lazy_running(rt, b, NULL) && !(running && running_can_move(rt, b, size - ARENA_HEAD, top))) {
                if (dst < p) {
                    mw_code_put_u32(dst, (uint32_t)(p - dst));
                    mw_code_put_u32(dst + 2, 0);
                }
                dst = p;
            } else if (dst < p) {
                memmove(dst, p, size * sizeof(mw_code_unit));
                if (fd->code == b) {
                    fd->code = dst + ARENA_HEAD;
                }
                if (m->lazy_blocks != NULL) {
                    m->lazy_blocks[owner - 1] = dst + ARENA_HEAD;
                }
                #ifdef MW_LAZY_TRACE
                if (running && lazy_running(rt, b, NULL)) {
                    LAZY_TRACE_MOD(m, size * sizeof(mw_code_unit), 9);
                }
                #endif
                if (running) {
                    move_frames(rt, b, dst + ARENA_HEAD);
                }
            }
            dst += size;
        }
        p += size;
    }
    if (dst < p) {
        mw_code_put_u32(dst, (uint32_t)(p - dst));
        mw_code_put_u32(dst + 2, 0);
    }
    LAZY_TRACE_MOD(m, (size_t)(p - m->arena) * sizeof(mw_code_unit), p < end ? 7 : 8);
}

// An arena a grow made smaller (arena_shrink) back to the size it was made
// with, in place, if the heap right after it is free again: its new units
// one free slot. Tried before each lowering while it is smaller (lower_block),
// before the lowering's work buffers take the heap right after it.
static void arena_regrow(mw_runtime *rt, mw_module *m) {
    uint32_t units = m->arena_made, old = m->arena_units;
    if (rt->cfg.resize(rt->cfg.ctx, m->arena, (size_t)old * sizeof(mw_code_unit), (size_t)units * sizeof(mw_code_unit))) {
        m->ram += (size_t)(units - old) * sizeof(mw_code_unit);
        m->arena_units = units;
        mw_code_put_u32(m->arena + old, units - old);
        mw_code_put_u32(m->arena + old + 2, 0);
    }
}

// The units of an arena of `bytes` (whole slot heads: an even count).
static size_t arena_units_for(size_t bytes) {
    return (bytes / sizeof(mw_code_unit)) & ~(size_t)1;
}

// A slot in the arena for fd's block, the budget's walk done: first fit;
// then the arena compacted; then, where the arena is the budget, more code
// not running dropped (the same walk), compacted again. NULL if there is no
// arena, nothing more to drop, or the budget is larger than the arena was
// made (its cap, MW_CODE_ARENA_CAP): fd then gets a block of its own, as the
// budget allows, rather than code lowered again.
static mw_code_unit *arena_place(mw_runtime *rt, mw_module *m, mw_funcdef *fd) {
    uint32_t need = slot_units(fd);
    if (m->arena == NULL || need > m->arena_units) {
        return NULL;
    }
    for (bool compacted = false;;) {
        mw_code_unit *p = arena_fit(m, need);
        if (p != NULL) {
            mw_code_put_u32(p + 2, (uint32_t)(fd - m->funcs) + 1);
            return p + ARENA_HEAD;
        }
        LAZY_TRACE_MOD(m, need * sizeof(mw_code_unit), compacted ? 6 : 5);
        if (!compacted) {
            arena_compact(rt, m, true, false, need);
            compacted = true;
            continue;
        }
        if (arena_units_for(m->code_budget) > m->arena_made) {
            return NULL;
        }
        size_t before = m->code_ram, bytes = need * sizeof(mw_code_unit);
        lazy_evict(rt, m, before > bytes ? before - bytes : 0, NULL);
        if (m->code_ram == before) {
            return NULL;
        }
        compacted = false;
    }
}

// drop_own_blocks' rule: a block of its own not running goes.
static int own_rule(const mw_runtime *rt, const mw_module *m, const mw_funcdef *fd, const walk_t *w) {
    const mw_code_unit *b = block_of(m, fd);
    return in_arena(m, b) || lazy_running(rt, b, w->cur) ? WALK_KEEP : WALK_DROP;
}

// Drop the functions not running on rt (cur: as lazy_evict's) whose code is
// a block of its own, not in the arena: what the heap gets back. True if any.
static bool drop_own_blocks(mw_runtime *rt, mw_module *m, const mw_code_unit *cur) {
    walk_t w = {.cur = cur};
    lazy_walk(RULE_OWN, rt, m, &w);
    return w.dropped != 0;
}

// The free units of the arena, in all.
static uint32_t arena_free(const mw_module *m) {
    uint32_t n = 0;
    for (const mw_code_unit *p = m->arena; p < m->arena + m->arena_units; p += mw_code_u32(p)) {
        n += mw_code_u32(p + 2) == 0 ? mw_code_u32(p) : 0;
    }
    return n;
}

// fd's block of its own b copied into its slot in the arena, to, and freed:
// fd's code, its table entry and the frames running it (move_frames) follow.
static void block_into_slot(mw_runtime *rt, mw_module *m, mw_funcdef *fd, mw_code_unit *b, mw_code_unit *to) {
    memcpy(to, b, block_size(fd));
    move_frames(rt, b, to);
    if (fd->code == b) {
        fd->code = to;
    }
    m->lazy_blocks[fd - m->funcs] = to;
    m->code_ram += held(m, fd, to) - block_size(fd);
    m->ram -= block_size(fd);
    mw_free(rt, b, block_size(fd));
}

// fd's block of its own b into a slot of the arena if one fits (compacted
// first where the arena has the units but not in one piece); fd is not
// running, so only fd->code and m->lazy_blocks point at it. True if moved.
static bool arena_take(mw_runtime *rt, mw_module *m, mw_funcdef *fd, mw_code_unit *b) {
    uint32_t need = slot_units(fd);
    if (need > arena_free(m)) {
        return false;
    }
    mw_code_unit *p = arena_fit(m, need);
    if (p == NULL) {
        arena_compact(rt, m, false, false, need);
        p = arena_fit(m, need);
    }
    if (p == NULL) {
        return false;
    }
    mw_code_put_u32(p + 2, (uint32_t)(fd - m->funcs) + 1);
    block_into_slot(rt, m, fd, b, p + ARENA_HEAD);
    return true;
}

// mw_lazy_settle's rule: a block of its own not running goes into the arena
// where it fits, else is dropped while the code is over the budget (oldest
// first); one larger than the arena stays (its next call would lower it
// again, and drop the arena's code for it). m->nown counts those that stay.
static int settle_rule(mw_runtime *rt, mw_module *m, mw_funcdef *fd, const walk_t *w) {
    mw_code_unit *b = block_of(m, fd);
    if (in_arena(m, b) || slot_units(fd) > m->arena_units || lazy_running(rt, b, w->cur) || arena_take(rt, m, fd, b)
        || m->code_ram <= m->code_budget) {
        m->nown += !in_arena(m, block_of(m, fd));
        return WALK_KEEP;
    }
    return WALK_DROP;
}

void mw_lazy_settle(mw_runtime *rt, const mw_module *mod) {
    mw_module *m = (mw_module *)mod;
    if (m->nown == 0 || m->arena == NULL || m->budget_rt != rt) {
        return;
    }
    m->nown = 0;
    walk_t w = {0};
    lazy_walk(RULE_SETTLE, rt, m, &w);
}

// A grow found no room even with the blocks of their own gone: every
// function not running (cur: as lazy_evict's) is dropped, the running code
// slides to the arena's start (arena_compact: all of it but a function that
// called the embedder, which called back into wasm) and the arena gives the
// rest back to the heap, in place (cfg.resize: it cannot move). Lowering
// grows it back (arena_regrow) when the heap right after it is free. Without
// cfg.resize the arena stays, and so does its code. True if any heap was
// freed.
static bool arena_shrink(mw_runtime *rt, mw_module *m, const mw_code_unit *cur) {
    if (rt->cfg.resize == NULL) {
        return drop_own_blocks(rt, m, cur);
    }
    size_t before = m->ram;
    lazy_evict(rt, m, 0, cur);
    // only running code is left: what can move goes to the bottom, the
    // tail from the end of the last slot goes back
    arena_compact(rt, m, true, cur != NULL, UINT32_MAX);
    uint32_t top = 0;
    for (uint32_t at = 0; at < m->arena_units; at += mw_code_u32(m->arena + at)) {
        if (mw_code_u32(m->arena + at + 2) != 0) {
            top = at + mw_code_u32(m->arena + at);
        }
    }
    // an empty arena keeps a free slot's head (it stays allocated, to grow
    // back); less than a head's units short of its size, it stays as it is
    uint32_t units = top != 0 ? top : ARENA_HEAD;
    if (units + ARENA_HEAD <= m->arena_units
        && rt->cfg.resize(rt->cfg.ctx, m->arena, (size_t)m->arena_units * sizeof(mw_code_unit),
            (size_t)units * sizeof(mw_code_unit))) {
        m->ram -= (size_t)(m->arena_units - units) * sizeof(mw_code_unit);
        m->arena_units = units;
        if (top == 0) {
            mw_code_put_u32(m->arena, units);
            mw_code_put_u32(m->arena + 2, 0);
        }
    }
    return m->ram < before;
}

// fd's block of its own b, running on rt, into a slot of the arena, cold
// code there dropped for it (arena_place), its frames with it where they can
// move (running_can_move; `top`: as arena_compact's): the heap gets its block
// back. True if moved.
static bool block_to_arena(mw_runtime *rt, mw_module *m, mw_funcdef *fd, mw_code_unit *b, bool top) {
    mw_code_unit *p;
    if (!running_can_move(rt, b, fd->code_len + MW_LAZY_LINK, top) || (p = arena_place(rt, m, fd)) == NULL) {
        return false;
    }
    block_into_slot(rt, m, fd, b, p);
    return true;
}

// A grow short of heap: the running blocks of their own (over the running
// share, lower_block) go into the arena where it can take them, so that an
// export's block lowered again into the heap a memory was to grow into does
// not make the grow fail (lazy_cases' GROWS). cur: as lazy_evict's, and the
// top frame's code (memory.grow's handler takes its pc from it again). True
// if any moved.
static bool running_to_arena(mw_runtime *rt, mw_module *m, const mw_code_unit *cur) {
    bool moved = false;
    for (uint32_t i = 0; m->budget_rt == rt && m->lazy_blocks != NULL && i < m->nfuncs - m->nfunc_imports; i++) {
        mw_funcdef *fd = &m->funcs[i];
        mw_code_unit *b = m->lazy_blocks[i];
        if (b != NULL && !in_arena(m, b) && lazy_running(rt, b, cur)) {
            moved |= block_to_arena(rt, m, fd, b, cur != NULL);
        }
    }
    return moved;
}

// memory.grow could not allocate (memory.c): give back the code of every
// lazy module running on rt (inst's and those of the callers on its frames)
// that is not running, as the code budget would, so the allocator has the
// room (lowered functions allocated after the memory block fragment the
// heap). code is the function doing the grow (the top frame's); the caller
// has stored its frame top in rt->fsp. Dropped functions are lowered again on
// their next call (Module.lowerings counts it). With a code arena, only the
// blocks of their own go (the running ones into the arena, running_to_arena),
// unless `arena`: then its tail too (arena_shrink).
// True if anything was freed.
// (out of line, one copy for its callers: -12 B of Thumb-2 text)
static MW_NOINLINE bool reclaim_module(mw_runtime *rt, mw_module *m, const mw_code_unit *code, bool arena) {
    if (!m->lazy || m->lazy_first == 0) {
        return false;
    }
    if (m->arena != NULL) {
        // code in the arena gives the heap nothing unless the arena shrinks
        if (arena) {
            return arena_shrink(rt, m, code);
        }
        bool dropped = drop_own_blocks(rt, m, code);
        return running_to_arena(rt, m, code) || dropped;   // (both run)
    }
    size_t before = m->code_ram;
    lazy_evict(rt, m, 0, code);
    return m->code_ram < before;
}

bool mw_lazy_reclaim(mw_runtime *rt, const mw_module *mod, const mw_code_unit *code, bool arena) {
    bool freed = reclaim_module(rt, (mw_module *)mod, code, arena);
    for (const mw_frame *f = rt->frames; f < rt->fsp; f++) {
        const mw_instance *fi = f->inst;
        bool seen = fi == NULL || fi->mod == mod;
        for (const mw_frame *g = rt->frames; !seen && g < f; g++) {
            seen = g->inst != NULL && g->inst->mod == fi->mod;
        }
        if (!seen) {
            freed |= reclaim_module(rt, (mw_module *)fi->mod, code, arena);
        }
    }
    return freed;
}

// true if no function's code is in the arena
static bool arena_empty(const mw_module *m) {
    for (const mw_code_unit *p = m->arena; p < m->arena + m->arena_units; p += mw_code_u32(p)) {
        if (mw_code_u32(p + 2) != 0) {
            return false;
        }
    }
    return true;
}

// The arena for a budget of `bytes` (0: none): made anew while no code is in
// it, else kept as it is (its code stays valid; a larger budget puts what
// does not fit in blocks of their own). No room for it is no error: the code
// then gets blocks of its own, as without an arena.
static void arena_resize(mw_runtime *rt, mw_module *m, size_t bytes) {
    // at most MW_CODE_ARENA_CAP percent of the bodies' bytes (about all the
    // code there is, lowered), where a binary's size is mostly data
    // (samplerate: 1.5 MB of binary, 44 KB of bodies); arena_place puts what
    // does not fit under a larger budget in blocks of their own
    size_t body = 0;
    for (uint32_t i = 0; i < m->nfuncs - m->nfunc_imports; i++) {
        body += m->funcs[i].body_size;
    }
    size_t cap = body / 100 * MW_CODE_ARENA_CAP + body % 100 * MW_CODE_ARENA_CAP / 100;
    bytes = bytes < cap ? bytes : cap;
    size_t units = bytes <= MW_CODE_ARENA_MIN ? 0 : arena_units_for(bytes);
    units = units < UINT32_MAX ? units : (UINT32_MAX & ~1u);
    if (m->arena != NULL && (units == m->arena_units || !arena_empty(m))) {
        return;
    }
    if (m->arena != NULL) {
        mw_free(rt, m->arena, (size_t)m->arena_units * sizeof(mw_code_unit));
        m->ram -= (size_t)m->arena_units * sizeof(mw_code_unit);
        m->arena = NULL;
        m->arena_units = 0;
    }
    if (units != 0 && (m->arena = mw_alloc(rt, units * sizeof(mw_code_unit))) != NULL) {
        m->arena_units = m->arena_made = (uint32_t)units;
        m->ram += units * sizeof(mw_code_unit);
        mw_code_put_u32(m->arena, (uint32_t)units);
        mw_code_put_u32(m->arena + 2, 0);
    }
}

mw_status mw_module_set_code_budget(mw_runtime *rt, mw_module *m, size_t bytes) {
    if (!m->lazy) {
        return mw_fail_arg(rt, MW_D_UNLOWER_EAGER);
    }
    uint32_t n = m->nfuncs - m->nfunc_imports;
    if (bytes != 0 && m->lazy_blocks == NULL) {
        // each function's block, kept while it is armed
        mw_code_unit **blocks = mw_alloc(rt, blocks_size(m));
        if (blocks == NULL) {
            return mw_fail_nomem(rt, MW_REPORT_MODULE);
        }
        for (uint32_t i = 0; i < n; i++) {
            blocks[i] = is_lowered(m, &m->funcs[i]) ? m->funcs[i].code : NULL;
        }
        m->lazy_blocks = blocks;
        m->ram += blocks_size(m);
    } else if (bytes == 0 && m->lazy_blocks != NULL) {
        // none armed any more: each lowered function's code is its block
        for (uint32_t i = 0; i < n; i++) {
            m->funcs[i].code = block_of(m, &m->funcs[i]);
        }
        mw_free(rt, m->lazy_blocks, blocks_size(m));
        m->lazy_blocks = NULL;
        m->ram -= blocks_size(m);
    }
    m->code_budget = bytes;
    m->budget_rt = bytes != 0 ? rt : NULL;
    arena_resize(rt, m, bytes);
    return MW_OK;
}

size_t mw_module_code_budget(const mw_module *m) {
    return m->code_budget;
}

size_t mw_module_code_copy(const mw_module *m) {
    // as mw_module_free frees it (code_keep allocates it)
    return m->code_bytes != NULL && !m->borrowed ? mw_nz(m->code_copy_len) : 0;
}
#endif

// Lower fd into a block of its own (*out), first dropping code where the
// budget needs it: MW_ERR_NOMEM (with nothing changed) if the work buffers
// or the block cannot be allocated. `regrow`: a shrunk arena may grow back
// first (not on a try after lazy_give_way shrank it for this lowering).
static mw_status lower_block(mw_runtime *rt, mw_module *m, mw_funcdef *fd, mw_code_unit **out, bool regrow) {
    const uint8_t *p = m->code_bytes + (fd->body_offset - m->code_base);
    // offsets in reports stay those of the binary, as at load
    const uint8_t *base = (const uint8_t *)((uintptr_t)p - fd->body_offset);
    #if MW_UNLOWER
    if (regrow && m->arena != NULL && m->arena_units < m->arena_made && m->budget_rt == rt) {
        arena_regrow(rt, m);
    }
    #else
    (void)regrow;
    #endif
    mw_lower_work work;
    memset(&work, 0, sizeof(work));
    mw_status st = mw_lower_func(rt, m, fd, &work, base, p, p + fd->body_size, false);
    uint32_t len = fd->code_len;
    #if MW_CHECK_CODE
    if (st == MW_OK) {
        mw_funcdef chk = *fd;
        chk.code = work.code;
        mw_detail cd;
        uint32_t at;
        st = mw_code_check(rt, m, &chk, &cd, &at);
        if (st != MW_OK) {
            mw_fail(rt, st, cd, fd->body_offset);
        }
    }
    #endif
    #if MW_THREADED
    // threaded (code.c) into its block once placed, by lowering's plan of it
    // (its branches reach), which cannot fail. (A threaded copy made first
    // took the threaded code's bytes from the heap besides the block: after
    // a memory took the heap, malloc_until_null's late lowering found none.)
    uint32_t compact = len;
    if (st == MW_OK) {
        len = fd->code_len = work.plan.units;
    }
    #endif
    if (st == MW_OK) {
        #if MW_UNLOWER
        if (m->budget_rt == rt) {
            // what fd will hold: its slot where there is an arena
            size_t bytes = m->arena != NULL ? slot_units(fd) * sizeof(mw_code_unit) : block_size(fd), was = m->code_ram;
            size_t keep = m->code_budget > bytes ? m->code_budget - bytes : 0, own = 0;
            bool alone = false;
            if (m->arena != NULL) {
                own = running_held(rt, m, false);
                keep += own;
                // (the walk still makes room for fd's bytes: once it returns,
                // its block counts, and the code it called stays)
                alone = over_running_share(rt, m, bytes, own);
            }
            lazy_evict(rt, m, keep, NULL);
            LAZY_TRACE_MOD(m, was - m->code_ram, 3);
            if (alone) {
                // (no block: a slot in the arena, where the walk made room for one)
                LAZY_TRACE_MOD(m, block_size(fd), 10);
                *out = mw_alloc(rt, block_size(fd));
            }
            if (*out == NULL) {
                *out = arena_place(rt, m, fd);
            }
        }
        if (*out == NULL)
        #endif
        *out = mw_alloc(rt, block_size(fd));
        if (*out == NULL) {
            st = mw_fail(rt, MW_ERR_NOMEM, MW_D_NONE, fd->body_offset);
        } else {
            #if MW_THREADED
            mw_thread_fill(*out, work.code, compact, &work.plan);
            #else
            memcpy(*out, work.code, len * sizeof(mw_code_unit));
            #endif
            #if MW_OP_PROFILE
            mw_op_profile_code(*out, len, work.sites, work.nsites, m->nfunc_imports + (uint32_t)(fd - m->funcs));
            #endif
        }
    }
    mw_lower_work_free(rt, &work);
    return st;
}

#if MW_UNLOWER
// Lowering fd ran out of memory: lowered code that is not running gives way
// (lazy.c's head comment), a step at a time so that what a loop uses stays
// if it can: first as many bytes as fd's block (the budget's walk, with or
// without a budget), then half of what is left each time, then the code of
// every lazy module running on rt (mw_lazy_reclaim), then their code arenas'
// free tails (arena_shrink, as a grow short of heap takes them: a memory that
// grew in place up to the heap's end leaves the work buffers no room but
// there; its code then gets a block of its own). *keep: the step's goal,
// SIZE_MAX before the first. False once nothing more can be freed.
static bool lazy_give_way(mw_runtime *rt, mw_module *m, const mw_funcdef *fd, size_t *keep) {
    size_t bytes = block_size(fd), before = m->code_ram;
    if (m->arena != NULL) {
        // the arena's code gives the heap nothing
        *keep = 0;
        if (drop_own_blocks(rt, m, NULL)) {
            return true;
        }
    }
    while (*keep != 0) {
        if (*keep == SIZE_MAX) {
            *keep = before > bytes ? before - bytes : 0;
        } else {
            *keep = *keep > bytes ? *keep / 2 : 0;
        }
        lazy_evict(rt, m, *keep, NULL);
        if (m->code_ram < before) {
            return true;
        }
    }
    // none of m's own code left to give: the other modules on rt's frames,
    // then the arenas' tails
    return mw_lazy_reclaim(rt, m, NULL, false) || mw_lazy_reclaim(rt, m, NULL, true);
}
#endif

mw_status mw_lazy_lower(mw_runtime *rt, mw_module *m, mw_funcdef *fd, const mw_val *fp) {
    #if MW_UNLOWER
    if (is_lowered(m, fd)) {
        // armed (lazy_evict) and called: it was used, and runs from its block
        fd->code = block_of(m, fd);
        LAZY_TRACE(m, fd, 2);
        return MW_OK;
    }
    #endif
    mw_code_unit *code = NULL;
    mw_status st = lower_block(rt, m, fd, &code, true);
    #if MW_UNLOWER
    for (size_t keep = SIZE_MAX; st == MW_ERR_NOMEM && lazy_give_way(rt, m, fd, &keep);) {
        st = lower_block(rt, m, fd, &code, false);
    }
    #endif
    if (st == MW_OK) {
        // last in the order of lowering
        uint32_t len = fd->code_len;
        uint32_t idx = (uint32_t)(fd - m->funcs) + 1;
        mw_code_put_u32(code + len, 0);
        if (m->lazy_last != 0) {
            const mw_funcdef *last = &m->funcs[m->lazy_last - 1];
            mw_code_put_u32(block_of(m, last) + last->code_len, idx);
        } else {
            m->lazy_first = idx;
        }
        m->lazy_last = idx;
        #if MW_UNLOWER
        m->nown += m->arena != NULL && !in_arena(m, code);
        m->code_ram += held(m, fd, code);
        if (!in_arena(m, code))
        #else
        m->code_ram += block_size(fd);
        #endif
        m->ram += block_size(fd);
        m->nlowered++;
        m->nlowerings++;
        fd->code = code;
        LAZY_TRACE(m, fd, 0);
        #if MW_UNLOWER
        if (m->lazy_blocks != NULL) {
            // under a budget it starts armed: if it is not called again
            // before eviction comes round to it, it goes first
            m->lazy_blocks[fd - m->funcs] = code;
            fd->code = stub_of(m, fd);
        }
        #endif
        #if MW_FAR_LOWERING
        // the call's frame was checked for the size validation gave it
        // (mw_lower_func with `check`): lowering may have grown it a slot
        // or two (emit_wide)
        if (!mw_stack_reach(rt, rt->fsp - 1, fp, fd->max_slots)) {
            st = mw_fail(rt, MW_TRAP_STACK, MW_D_NONE, 0);
        }
        #else
        (void)fp;
        #endif
    } else {
        // mw_lower_func cleared it: the function stays unlowered
        fd->code = stub_of(m, fd);
        if (st == MW_ERR_NOMEM) {
            // which function (mw_fail noted the bytes: mw_report)
            rt->report.index = m->nfunc_imports + (uint32_t)(fd - m->funcs);
        }
    }
    return st;
}

#if MW_UNLOWER
// Every function back on its stub, as after the load. Only while nothing
// runs on rt, so no frame points into the code.
mw_status mw_module_unlower(mw_runtime *rt, mw_module *m) {
    if (!m->lazy) {
        return mw_fail_arg(rt, MW_D_UNLOWER_EAGER);
    }
    if (rt->nesting > 0) {
        return mw_fail_arg(rt, MW_D_UNLOWER_RUNNING);
    }
    lazy_drop_all(rt, m);
    return MW_OK;
}
#endif
