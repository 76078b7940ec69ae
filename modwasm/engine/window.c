// SPDX-License-Identifier: MIT
// Windows: an address map per memory (mw.h "windows"). Up to MW_MAX_WINDOWS
// ranges of embedder memory placed anywhere in the 32-bit app address space
// above linear memory and below an attached shared-heap chain. The interpreter
// reaches them through the memory slow path (sheap.c's mw_sheap_miss, after
// the chain) with the same hit cache, so linear-memory accesses pay nothing.
#include <string.h>

#include "mw_int.h"

// Where linear memory ends and where the attached chain starts: windows live
// in between.
// (out of line, one copy for its callers: -6 B of Thumb-2 text)
static MW_NOINLINE uint64_t memory_end(const mw_memory *mem) {
    return mem->pages << mem->lim.page_log2;
}

static uint64_t chain_start(const mw_memory *mem) {
    return mem->sheap != NULL ? mem->sheap->start : MW_APP_SPACE;
}

mw_window *mw_window_find(const mw_memory *mem, uint64_t app_addr, uint64_t n) {
    for (unsigned i = 0; i < mem->nwindows; i++) {
        mw_window *w = &mem->windows[i];
        if (app_addr < w->start) {
            break;                // sorted: the rest start higher still
        }
        if (mw_in_bounds(app_addr - w->start, n, w->size)) {
            return w;
        }
    }
    return NULL;
}

uint64_t mw_windows_low(const mw_memory *mem) {
    return mem->nwindows != 0 ? mem->windows[0].start : MW_APP_SPACE;
}

bool mw_windows_clear(const mw_memory *mem, uint64_t lo, uint64_t hi) {
    for (unsigned i = 0; i < mem->nwindows; i++) {
        const mw_window *w = &mem->windows[i];
        if (w->start < hi && lo < w->start + w->size) {
            return false;
        }
    }
    return true;
}

// The highest 8-aligned start for `size` bytes in a free range between the
// end of linear memory and the chain, or MW_APP_SPACE if none is large enough.
static uint64_t find_room(const mw_memory *mem, uint64_t size) {
    uint64_t lo_limit = memory_end(mem);
    uint64_t hi = chain_start(mem);
    for (int i = (int)mem->nwindows; i >= 0; i--) {
        uint64_t lo = i > 0 ? mem->windows[i - 1].start + mem->windows[i - 1].size : lo_limit;
        if (lo < lo_limit) {
            lo = lo_limit;
        }
        if (hi >= lo && hi - lo >= size) {
            uint64_t start = (hi - size) & ~(uint64_t)7;
            if (start >= lo) {
                return start;
            }
        }
        if (i > 0) {
            hi = mem->windows[i - 1].start;
        }
    }
    return MW_APP_SPACE;
}

mw_status mw_memory_map(mw_runtime *rt, mw_memory *mem, uint8_t *native, uint64_t size, mw_sheap *heap,
    uint64_t at, unsigned flags, void *user, uint32_t *start) {
    if (heap != NULL) {
        native = heap->native;
        size = heap->size;
    }
    if (size == 0) {
        return mw_fail_arg(rt, MW_D_WINDOW_EMPTY);
    }
    if (mem->nwindows == MW_MAX_WINDOWS) {
        return mw_fail_arg(rt, MW_D_WINDOW_TOO_MANY);
    }
    if (flags & MW_MAP_ANYWHERE) {
        at = find_room(mem, size);
        if (at == MW_APP_SPACE) {
            return mw_fail_arg(rt, MW_D_WINDOW_NO_ROOM);
        }
    }
    if (at >= MW_APP_SPACE || size > MW_APP_SPACE - at || size > UINT32_MAX) {
        return mw_fail(rt, MW_ERR_ARG, MW_D_WINDOW_PAST_4G, 0);
    }
    if (at < memory_end(mem)) {
        return mw_fail_arg(rt, MW_D_WINDOW_OVER_MEMORY);
    }
    if (at + size > chain_start(mem)) {
        return mw_fail_arg(rt, MW_D_WINDOW_OVER_HEAP);
    }
    if (!mw_windows_clear(mem, at, at + size)) {
        return mw_fail_arg(rt, MW_D_WINDOW_OVERLAP);
    }
    if (mem->windows == NULL) {
        mem->windows = mw_alloc(rt, MW_MAX_WINDOWS * sizeof(mw_window));
        if (mem->windows == NULL) {
            return mw_fail_nomem(rt, MW_REPORT_WINDOW);
        }
    }
    unsigned i = mem->nwindows;
    while (i > 0 && mem->windows[i - 1].start > at) {
        mem->windows[i] = mem->windows[i - 1];
        i--;
    }
    mem->windows[i] = (mw_window) {
        .start = at, .size = size, .native = native, .heap = heap, .user = user,
        .readonly = (flags & MW_MAP_READONLY) != 0, .by_app = (flags & MW_MAP_BY_APP) != 0,
    };
    mem->nwindows++;
    if (heap != NULL) {
        heap->mapped++;
    }
    mw_guard_show(mem);
    *start = (uint32_t)at;
    return MW_OK;
}

static void unmap_at(mw_memory *mem, unsigned i) {
    mw_window *w = &mem->windows[i];
    if (w->heap != NULL) {
        w->heap->mapped--;
    }
    if (mem->hit_lo == w->start && mem->hit_hi == w->start + w->size) {
        mw_hit_set(mem, 0, 0, NULL, false);  // the cache must not outlive the window
    }
    memmove(w, w + 1, (mem->nwindows - i - 1) * sizeof(*w));
    mem->nwindows--;
    // the slot left past the last holds no copy of a window: its user object
    // and bytes would stay reachable for a collector until the slot is reused
    memset(&mem->windows[mem->nwindows], 0, sizeof(*w));
}

mw_status mw_memory_unmap(mw_runtime *rt, mw_memory *mem, uint32_t start) {
    for (unsigned i = 0; i < mem->nwindows; i++) {
        if (mem->windows[i].start == start) {
            unmap_at(mem, i);
            mw_guard_show(mem);
            return MW_OK;
        }
    }
    return mw_fail_arg(rt, MW_D_WINDOW_NOT_MAPPED);
}

bool mw_memory_window(const mw_memory *mem, size_t i, mw_window_info *out) {
    if (i >= mem->nwindows) {
        return false;
    }
    const mw_window *w = &mem->windows[i];
    *out = (mw_window_info) {
        .start = (uint32_t)w->start, .size = (uint32_t)w->size, .native = w->native, .heap = w->heap,
        .user = w->user, .readonly = w->readonly, .by_app = w->by_app,
    };
    return true;
}

void mw_windows_free(mw_runtime *rt, mw_memory *mem) {
    while (mem->nwindows != 0) {
        unmap_at(mem, mem->nwindows - 1);
    }
    if (mem->windows != NULL) {
        mw_free(rt, mem->windows, MW_MAX_WINDOWS * sizeof(mw_window));
        mem->windows = NULL;
    }
}

mw_memory *mw_instance_memory0(const mw_instance *inst) {
    return inst->mod->nmems != 0 ? inst->mems[0] : NULL;
}
