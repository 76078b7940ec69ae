// SPDX-License-Identifier: MIT
// memory.c: linear memories (spec 4.2.8, custom-page-sizes), tables (4.2.7),
// globals (4.2.9), and the out-of-line slow path of memory accesses.
#include "mw_int.h"

#if MW_GUARD_PAGES
// ---- guard pages (mw_config.h MW_GUARD_PAGES) ---------------------------------------

static mw_guard_ops guard_ops;    // the platform's (mw_guard_set_ops), process-wide

void mw_guard_set_ops(const mw_guard_ops *ops) {
    guard_ops = *ops;
}

void mw_guard_release(mw_memory *mem) {
    if (mem->keeper == NULL) {
        guard_ops.release(mem->data, MW_GUARD_RESERVE);
    }
    mem->guarded = false;
}

// (this thread's: not in mw_runtime, whose size is MW_RUNTIME_BYTES at most)
static _Thread_local size_t grow_room;

void mw_guard_note_room(const mw_memory *mem) {
    grow_room = mem->guarded && guard_ops.room != NULL ? guard_ops.room() : SIZE_MAX;
}

size_t mw_guard_grow_room(void) {
    return grow_room;
}

// Whether a byte just below app address `at` may be reached without a
// fault: linear memory ends there, or a heap of the chain or a window does.
// Then the platform leaves the page at `at` to the fault path, so an access
// across `at` still faults and traps (its bytes are not in one heap or
// window; spec 4.4.7 bounds for memory's end).
static bool guard_seam_below(const mw_memory *mem, uint64_t at) {
    if (mem->size == at) {
        return true;
    }
    for (const mw_sheap *h = mem->sheap; h != NULL; h = h->body) {
        if (h->start + h->size == at) {
            return true;
        }
    }
    for (unsigned i = 0; i < mem->nwindows; i++) {
        if (mem->windows[i].start + mem->windows[i].size == at) {
            return true;
        }
    }
    return false;
}

void mw_guard_show(mw_memory *mem) {
    if (!mem->guarded || guard_ops.show == NULL) {
        return;
    }
    // all of it again: a seam may have appeared or gone (a grow up to a
    // heap, a window mapped right below another)
    if (mem->shown) {
        guard_ops.hide(mem->data, mem->size, MW_APP_SPACE - mem->size);
        mem->shown = false;
    }
    for (const mw_sheap *h = mem->sheap; h != NULL; h = h->body) {
        mem->shown |= guard_ops.show(mem->data, h->start, h->native, h->size, mem->sheap_ro,
            guard_seam_below(mem, h->start));
    }
    for (unsigned i = 0; i < mem->nwindows; i++) {
        const mw_window *w = &mem->windows[i];
        mem->shown |= guard_ops.show(mem->data, w->start, w->native, w->size, w->readonly,
            guard_seam_below(mem, w->start));
    }
}

// Makes mem's bytes a reservation (its size a multiple of 64 KiB, which is
// a multiple of the host's page: every byte past size faults), or leaves
// mem->data to the allocator and every access to the fault path
// (MW_GUARD_NOWHERE). True if it took the reservation.
static bool guard_init(mw_memory *mem, uint64_t bytes) {
    mem->exec_base = MW_GUARD_NOWHERE;
    mem->guarded = false;
    mem->shown = false;
    if (guard_ops.reserve == NULL || mem->lim.page_log2 != 16 || mem->limit % 65536 != 0) {
        return false;
    }
    uint8_t *base = guard_ops.reserve(MW_GUARD_RESERVE);
    if (base == NULL) {
        return false;
    }
    mem->keeper = NULL;
    if ((bytes != 0 && !guard_ops.commit(base, 0, (size_t)bytes))
        || (guard_ops.keep != NULL && (mem->keeper = guard_ops.keep(base)) == NULL)) {
        guard_ops.release(base, MW_GUARD_RESERVE);
        return false;
    }
    mem->data = base;
    mem->exec_base = base;
    mem->guarded = true;
    mem->shown = false;
    return true;
}
#endif

// ---- linear memory --------------------------------------------------------------

// Largest page count a memory type allows (spec 3.2.5; custom-page-sizes).
static uint64_t page_cap(const mw_limits *lim) {
    uint64_t cap = lim->page_log2 == 16 ? MW_MAX_PAGES_64K : MW_MAX_PAGES_CUSTOM;
    if (lim->has_max && lim->max < cap) {
        cap = lim->max;
    }
    return cap;
}

// Bytes actually allocated for `pages`, honouring the memory_limit option.
// (out of line, one copy for its callers: -30 B of Thumb-2 text)
static MW_NOINLINE uint64_t alloc_bytes(const mw_memory *mem, uint64_t pages) {
    uint64_t bytes = pages << mem->lim.page_log2;
    if (mem->limit && bytes > mem->limit) {
        bytes = mem->limit;
    }
    return bytes;
}

static mw_status memory_init(mw_runtime *rt, mw_memory *mem, const mw_limits *lim, uint64_t limit) {
    mem->lim = *lim;
    mem->limit = limit;
    mem->pages = lim->min;
    uint64_t bytes = alloc_bytes(mem, lim->min);
    if (bytes > (uint64_t)SIZE_MAX - 16) {
        return mw_fail(rt, MW_ERR_NOMEM, MW_D_MEMORY_TOO_LARGE, 0);
    }
    #if MW_GUARD_PAGES
    if (guard_init(mem, bytes)) {
        mem->size = bytes;
        return MW_OK;
    }
    #endif
    mem->data = mw_alloc(rt, mw_nz((size_t)bytes));
    if (mem->data == NULL) {
        return mw_fail_nomem(rt, MW_REPORT_MEMORY);
    }
    mem->size = bytes;
    return MW_OK;
}

mw_status mw_memory_new_limited(mw_runtime *rt, const mw_limits *lim, uint64_t limit, mw_memory **out) {
    mw_memory *mem = mw_alloc(rt, sizeof(mw_memory));
    *out = NULL;
    if (mem == NULL) {
        return mw_fail_nomem(rt, MW_REPORT_MEMORY);
    }
    mw_status st = memory_init(rt, mem, lim, limit);
    if (st != MW_OK) {
        mw_free(rt, mem, sizeof(*mem));
        return st;
    }
    *out = mem;
    return MW_OK;
}

mw_status mw_memory_new(mw_runtime *rt, const mw_limits *lim, mw_memory **out) {
    return mw_memory_new_limited(rt, lim, 0, out);
}

void mw_memory_free(mw_runtime *rt, mw_memory *mem) {
    if (mem == NULL) {
        return;
    }
    if (mem->sheap != NULL) {
        // freed with a heap attached (by an instance that imports it: an
        // instance's own attachment is detached before its memories are
        // freed): the heap is attached to nothing now, and the attacher,
        // alive while the attachment stands (its free detaches), no longer
        // reaches the memory, so its own free later leaves it alone
        mem->sheap->attached--;
        ((mw_instance *)~mem->sheap_inst)->mems[0] = NULL;
    }
    mw_windows_free(rt, mem);
    #if MW_GUARD_PAGES
    if (mem->guarded) {
        mw_guard_release(mem);
        mem->fixed = true;
    }
    #endif
    if (!mem->fixed) {
        mw_free(rt, mem->data, mw_nz((size_t)mem->size));
    }
    mw_free(rt, mem, sizeof(*mem));
}

// An allocation for a grow run by code of inst failed (inst NULL: the
// embedder's grow): gives back the lazily lowered code not running
// (MW_UNLOWER, lazy.c mw_lazy_reclaim), one step a call, *step the steps
// taken, up to `last`: first the code in blocks of its own, then the code
// arenas' free tails. True if anything was freed, so the allocation is worth
// another try.
static bool reclaim_step(mw_runtime *rt, const mw_instance *inst, const mw_code_unit *code, int *step, int last) {
    #if MW_UNLOWER
    while (inst != NULL && *step < last) {
        if (mw_lazy_reclaim(rt, inst->mod, code, (*step)++ == 1)) {
            return true;
        }
    }
    #else
    (void)rt;
    (void)inst;
    (void)code;
    (void)step;
    (void)last;
    #endif
    return false;
}

// exec.c stores memory.grow's result as an i32: the heap's refusal is -1 there too
_Static_assert((uint32_t)MW_GROW_NOMEM == 0xffffffffu && MW_GROW_NOMEM < -1, "MW_GROW_NOMEM as an i32 must be -1");

// memory.grow (spec 4.4.7): the block is extended in place if the embedder's
// resize hook can; otherwise the allocator resizes it (a realloc: the old
// block is freed once copied), except with cfg.gc_memory for a block the
// embedder lent out (mw_memory_lend: a view of it may still be held): then a
// new block is allocated, the old contents copied and the old block left to
// the collector, stale but valid. inst and code: the instance and code of the
// function running memory.grow (NULL: the embedder): if the allocation fails,
// lazily lowered code not running is given back and it is tried again, then
// the code arenas' free tails (MW_UNLOWER, lazy.c; the running code may move
// then: exec.c takes its pc from the top frame's code again). Returns the
// old page count, -1 or MW_GROW_NOMEM (mw.h mw_memory_grow says which is which).
static int64_t memory_grow(mw_runtime *rt, mw_memory *mem, uint64_t delta,
    const mw_instance *inst, const mw_code_unit *code) {
    uint64_t old = mem->pages;
    if (delta > page_cap(&mem->lim) - old) {
        return -1;
    }
    if (mem->sheap != NULL && ((old + delta) << mem->lim.page_log2) > mem->sheap->start) {
        return -1;                // would reach into the attached shared heap
    }
    if (((old + delta) << mem->lim.page_log2) > mw_windows_low(mem)) {
        return -1;                // would reach into a window
    }
    uint64_t bytes = alloc_bytes(mem, old + delta);
    #if MW_GUARD_PAGES
    // a reservation grows where it is: the pages after size made accessible
    // (fresh, all zero), never a move
    if (mem->guarded && bytes > mem->size) {
        if (!guard_ops.commit(mem->data, (size_t)mem->size, (size_t)(bytes - mem->size))) {
            mem->nomem_grows++;
            if (old + delta > mem->nomem_pages) {
                mem->nomem_pages = (uint32_t)(old + delta);
            }
            return MW_GROW_NOMEM;
        }
        mem->size = bytes;
        if (mem->shown) {
            mw_guard_show(mem);   // memory may end where a heap or window starts now
        }
    }
    #endif
    if (bytes > mem->size) {
        if (bytes > (uint64_t)SIZE_MAX - 16) {
            return -1;
        }
        bool keep = rt->cfg.gc_memory && (mem->lent || !MW_MOVE_FREES);
        uint8_t *nd;
        int step = 0;
        // after a reclaim, the in-place resize first: code freed right after
        // the block lets it grow where it is
        for (;;) {
            if (rt->cfg.resize != NULL && rt->cfg.resize(rt->cfg.ctx, mem->data, mw_nz((size_t)mem->size), (size_t)bytes)) {
                memset(mem->data + mem->size, 0, (size_t)(bytes - mem->size));
                mem->size = bytes;
                mem->pages = old + delta;
                return (int64_t)old;
            }
            // with gc_memory, code not running gives way before a move, not
            // only after a failed one, so the block grows in place where it
            // can: a move needs old and new at once while it copies (xz on
            // mps2_an385: 1.6 MB to 2.1 MB in a 4 MB heap fails at preset 6
            // without this, docs/benchmarks-history.md "Memory moves (session 9)")
            // (the blocks of their own only: a code arena's tail goes only
            // after a move failed, reclaim_step's last step)
            if (rt->cfg.gc_memory && reclaim_step(rt, inst, code, &step, 1)) {
                continue;
            }
            // pinned (mw_memory_pin): the block must not move
            nd = MW_MOVE_FREES && mem->pins ? NULL
                : rt->cfg.alloc(rt->cfg.ctx, keep ? NULL : mem->data, keep ? 0 : mw_nz((size_t)mem->size), (size_t)bytes);
            if (nd != NULL || !reclaim_step(rt, inst, code, &step, 2)) {
                break;
            }
        }
        if (nd == NULL) {
            // the heap's refusal, not the type's: counted (mw_memory_refused)
            mem->nomem_grows++;
            if (old + delta > mem->nomem_pages) {
                mem->nomem_pages = (uint32_t)(old + delta);
            }
            return MW_GROW_NOMEM;
        }
        if (keep) {
            // the new block is not lent yet
            memcpy(nd, mem->data, (size_t)mem->size);
            mem->lent = false;
        }
        memset(nd + mem->size, 0, (size_t)(bytes - mem->size));
        mem->data = nd;
        mem->size = bytes;
    }
    mem->pages = old + delta;
    return (int64_t)old;
}

int64_t mw_memory_grow(mw_runtime *rt, mw_memory *mem, uint64_t delta) {
    return memory_grow(rt, mem, delta, NULL, NULL);
}

#if MW_UNLOWER
int64_t mw_memory_grow_running(mw_runtime *rt, mw_memory *mem, uint64_t delta,
    const mw_instance *inst, const mw_code_unit *code) {
    return memory_grow(rt, mem, delta, inst, code);
}
#endif

uint32_t mw_memory_refused(const mw_memory *mem, uint32_t *pages) {
    *pages = mem->nomem_pages;
    return mem->nomem_grows;
}

uint8_t *mw_memory_data(const mw_memory *mem) {
    return mem->data;
}

#if MW_MOVE_FREES
uint8_t *mw_memory_lend(mw_memory *mem) {
    mem->lent = true;
    return mem->data;
}

void mw_memory_pin(mw_memory *mem, bool on) {
    if (mem != NULL) {
        mem->pins += on ? 1 : -1;
    }
}
#endif

// (the memory slow path below makes the exact test first: no copy of it here)
uint8_t *mw_memory_native(mw_runtime *rt, mw_memory *mem, uint32_t app_addr, uint32_t len) {
    (void)rt;
    return mw_mem_slow(mem, len, app_addr);
}

uint8_t *mw_memory_native_w(mw_runtime *rt, mw_memory *mem, uint32_t app_addr, uint32_t len) {
    (void)rt;
    return mw_mem_slow_w(mem, len, app_addr);
}

size_t mw_memory_size(const mw_memory *mem) {
    return (size_t)mem->size;
}

uint64_t mw_memory_pages(const mw_memory *mem) {
    return mem->pages;
}

void mw_memory_limits(const mw_memory *mem, mw_limits *out) {
    *out = mem->lim;
    out->min = mem->pages;
}

// Slow path of every access (loads, stores, fill/copy/init) that the
// interpreter's fast test (mw_ea_fast) let through: the last 7 bytes of the
// linear memory (that test is conservative), a shared heap at the top of the
// 32-bit space (sheap.c), a window (window.c), or a trap, including the part
// of a memory beyond the memory_limit allocation.
// (one body for the two: at -Os GCC keeps it out of line, -38 B of Thumb-2
// for a branch more on this slow path)
static inline uint8_t *mem_slow(mw_memory *mem, uint32_t n, uint64_t app_addr, bool write) {
    if (mw_in_bounds(app_addr, n, mem->size)) {
        return mem->data + (size_t)app_addr;
    }
    return mw_sheap_ref(mem, app_addr, n, write);
}

MW_NOINLINE uint8_t *mw_mem_slow(mw_memory *mem, uint32_t n, uint64_t app_addr) {
    return mem_slow(mem, n, app_addr, false);
}

MW_NOINLINE uint8_t *mw_mem_slow_w(mw_memory *mem, uint32_t n, uint64_t app_addr) {
    return mem_slow(mem, n, app_addr, true);
}

// ---- tables -----------------------------------------------------------------------

static mw_status table_init(mw_runtime *rt, mw_table *t, uint8_t elem, const mw_limits *lim, void *init) {
    t->elem = elem;
    t->lim = *lim;
    if (lim->min > MW_MAX_TABLE_ELEMS) {
        return mw_fail(rt, MW_ERR_NOMEM, MW_D_TABLE_TOO_LARGE, 0);
    }
    t->size = (uint32_t)lim->min;
    t->elems = mw_alloc(rt, mw_nz(t->size) * sizeof(void *));
    if (t->elems == NULL) {
        return mw_fail_nomem(rt, MW_REPORT_TABLE);
    }
    for (uint32_t i = 0; i < t->size; i++) {
        t->elems[i] = init;
    }
    return MW_OK;
}

mw_status mw_table_new(mw_runtime *rt, mw_valtype elem, const mw_limits *lim, void *init, mw_table **out) {
    mw_table *t = mw_alloc(rt, sizeof(mw_table));
    *out = NULL;
    if (t == NULL) {
        return mw_fail_nomem(rt, MW_REPORT_TABLE);
    }
    mw_status st = table_init(rt, t, (uint8_t)elem, lim, init);
    if (st != MW_OK) {
        mw_free(rt, t, sizeof(*t));
        return st;
    }
    *out = t;
    return MW_OK;
}

void mw_table_free(mw_runtime *rt, mw_table *t) {
    if (t != NULL) {
        mw_free(rt, t->elems, mw_nz(t->size) * sizeof(void *));
        mw_free(rt, t, sizeof(*t));
    }
}

uint32_t mw_table_size(const mw_table *t) {
    return t->size;
}

mw_valtype mw_table_elem(const mw_table *t) {
    return (mw_valtype)t->elem;
}

void mw_table_limits(const mw_table *t, mw_limits *out) {
    *out = t->lim;
    out->min = t->size;
}

void *mw_table_encode(const mw_table *t, void *ref) {
    const mw_func *f = ref;
    if (t->owner != NULL && f != NULL && f->host == NULL && f->u.wasm.inst == t->owner) {
        return mw_table_def_entry((uint32_t)(f->u.wasm.def - t->owner->mod->funcs));
    }
    return ref;
}

mw_status mw_table_decode(const mw_table *t, void *e, void **ref) {
    mw_func *f = e;
    mw_status st = MW_OK;
    if (mw_table_entry_is_def(t, e)) {
        mw_instance *o = t->owner;
        st = mw_instance_funcref(o, o->mod->nfunc_imports + (uint32_t)((uintptr_t)e >> 1), &f);
    }
    *ref = f;
    return st;
}

bool mw_table_get(const mw_table *t, uint32_t i, void **out) {
    return i < t->size && mw_table_decode(t, t->elems[i], out) == MW_OK;
}

bool mw_table_set(mw_table *t, uint32_t i, void *ref) {
    if (i >= t->size) {
        return false;
    }
    t->elems[i] = mw_table_encode(t, ref);
    return true;
}

mw_status mw_table_copy_across(mw_table *td, uint32_t d, const mw_table *ts, uint32_t s, uint32_t n) {
    // different tables: no overlap, so the direction does not matter
    for (uint32_t k = 0; k < n; k++) {
        void *ref;
        mw_status st = mw_table_decode(ts, ts->elems[s + k], &ref);
        if (st != MW_OK) {
            return st;
        }
        td->elems[d + k] = mw_table_encode(td, ref);
    }
    return MW_OK;
}

// table.grow (spec 4.4.6): returns the old size or -1. With inst (a grow
// run by code of inst, MW_UNLOWER), out of memory it gives back lowered
// code not running first, as memory_grow does.
static int64_t table_grow(mw_runtime *rt, mw_table *t, uint32_t delta, void *init,
    const mw_instance *inst, const mw_code_unit *code) {
    uint64_t cap = t->lim.has_max ? t->lim.max : MW_MAX_TABLE_SIZE;
    uint32_t old = t->size;
    if (delta > cap - old || (uint64_t)old + delta > MW_MAX_TABLE_ELEMS) {
        return -1;
    }
    if (delta) {
        void **ne;
        int step = 0;
        do {
            ne = mw_realloc(rt, t->elems, mw_nz(old) * sizeof(void *), (old + delta) * sizeof(void *));
        } while (ne == NULL && reclaim_step(rt, inst, code, &step, 2));
        if (ne == NULL) {
            return -1;
        }
        init = mw_table_encode(t, init);
        for (uint32_t i = old; i < old + delta; i++) {
            ne[i] = init;
        }
        t->elems = ne;
        t->size = old + delta;
    }
    return old;
}

int64_t mw_table_grow(mw_runtime *rt, mw_table *t, uint32_t delta, void *init) {
    return table_grow(rt, t, delta, init, NULL, NULL);
}

#if MW_UNLOWER
int64_t mw_table_grow_running(mw_runtime *rt, mw_table *t, uint32_t delta, void *init,
    const mw_instance *inst, const mw_code_unit *code) {
    return table_grow(rt, t, delta, init, inst, code);
}
#endif

// ---- globals ------------------------------------------------------------------------

mw_status mw_global_new(mw_runtime *rt, mw_valtype t, bool mut, mw_val v, mw_global **out) {
    mw_global *g = mw_alloc(rt, sizeof(mw_global));
    *out = g;
    if (g == NULL) {
        return mw_fail_nomem(rt, MW_REPORT_GLOBAL);
    }
    g->type = (uint8_t)t;
    g->mut = mut;
    g->val = v;
    return MW_OK;
}

void mw_global_free(mw_runtime *rt, mw_global *g) {
    mw_free(rt, g, sizeof(*g));
}

mw_valtype mw_global_type(const mw_global *g, bool *mut) {
    if (mut) {
        *mut = g->mut;
    }
    return (mw_valtype)g->type;
}

mw_val mw_global_get(const mw_global *g) {
    return g->val;
}

void mw_global_set(mw_global *g, mw_val v) {
    g->val = v;
}
