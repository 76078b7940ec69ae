// SPDX-License-Identifier: MIT
// sheap.c: shared heaps and shared-heap chains, after WAMR 2.4's shared heap
// (core/iwasm/common/wasm_shared_memory... "shared heap" API): placement at the
// top of the 32-bit space, chains, the allocator of a managed heap, address
// translation for the memory slow path, attach/detach; plus linear memories
// over fixed bytes.
#include "mw_int.h"

// ---- the allocator of a managed heap -------------------------------------------
// First fit over blocks laid end to end in the heap's own bytes, like WAMR's
// ems heap keeps its headers in the heap. Each block starts with an 8-byte
// header {size including the header, tag}; wasm can overwrite headers, so
// every walk checks them and gives up (no allocation, free refused) on
// anything inconsistent: a corrupt heap never makes the engine touch bytes
// outside it.
#define BLK_HDR 8u
#define TAG_FREE 0x46524545u      // "FREE"
#define TAG_USED 0x55534544u      // "USED"

typedef struct blk {
    uint32_t size;
    uint32_t tag;
} blk;

// Offsets in a heap are 32-bit: a heap is at most MW_SHEAP_SPACE (2 GiB), so
// an offset plus a checked block size never wraps (no 64-bit arithmetic on a
// 32-bit target).
static blk *blk_at(const mw_sheap *h, uint32_t off) {
    return (blk *)(void *)(h->native + off);
}

// A header at `off` (inside the heap) is sane if its size is a multiple of 8,
// at least one header, and the block ends inside the heap.
static bool blk_ok(const mw_sheap *h, uint32_t off, const blk *b) {
    return b->size >= BLK_HDR && (b->size & 7u) == 0 && b->size <= (uint32_t)h->size - off
           && (b->tag == TAG_FREE || b->tag == TAG_USED);
}

static void alloc_init(mw_sheap *h) {
    blk *b = blk_at(h, 0);
    b->size = (uint32_t)h->size;
    b->tag = TAG_FREE;
}

// Offset of a new block's payload, or 0 (offset 0 is a header, never a payload).
static uint32_t alloc_block(mw_sheap *h, uint32_t n) {
    uint32_t size = (uint32_t)h->size;
    if (n > size) {
        return 0;                 // never fits (and `need` below cannot wrap)
    }
    uint32_t need = n == 0 ? 8u + BLK_HDR : (n + 7u) / 8u * 8u + BLK_HDR;
    for (uint32_t off = 0; off < size;) {
        blk *b = blk_at(h, off);
        if (!blk_ok(h, off, b)) {
            return 0;
        }
        if (b->tag == TAG_FREE) {
            // merge the free blocks that follow
            while (off + b->size < size) {
                blk *nb = blk_at(h, off + b->size);
                if (!blk_ok(h, off + b->size, nb) || nb->tag != TAG_FREE) {
                    break;
                }
                b->size += nb->size;
            }
            if (b->size >= need) {
                if (b->size - need >= 2 * BLK_HDR) {
                    blk *rest = blk_at(h, off + need);
                    rest->size = (uint32_t)(b->size - need);
                    rest->tag = TAG_FREE;
                    b->size = (uint32_t)need;
                }
                b->tag = TAG_USED;
                return off + BLK_HDR;
            }
        }
        off += b->size;
    }
    return 0;
}

// Free the block whose payload is at `payload`: found by walking from the
// start, so a bad or double free is refused instead of corrupting the heap.
static bool free_block(mw_sheap *h, uint32_t payload) {
    for (uint32_t off = 0; off < (uint32_t)h->size;) {
        blk *b = blk_at(h, off);
        if (!blk_ok(h, off, b)) {
            return false;
        }
        if (off + BLK_HDR == payload) {
            if (b->tag != TAG_USED) {
                return false;
            }
            b->tag = TAG_FREE;
            return true;
        }
        if (off + BLK_HDR > payload) {
            return false;
        }
        off += b->size;
    }
    return false;
}

// ---- heaps and chains ---------------------------------------------------------------

mw_status mw_sheap_new(mw_runtime *rt, uint8_t *native, uint32_t size, bool managed, void *user, mw_sheap **out) {
    *out = NULL;
    if (size == 0 || size > MW_SHEAP_SPACE || (managed && (size < MW_SHEAP_MIN_MANAGED || (size & 7u)))) {
        return mw_fail_arg(rt, MW_D_NONE);
    }
    mw_sheap *h = mw_alloc(rt, sizeof(mw_sheap));
    if (h == NULL) {
        return mw_fail_nomem(rt, MW_REPORT_HEAP);
    }
    h->native = native;
    h->size = size;
    h->start = MW_APP_SPACE - size;
    h->managed = managed;
    h->user = user;
    if (managed) {
        alloc_init(h);
    }
    *out = h;
    return MW_OK;
}

static mw_detail sheap_busy(const mw_sheap *h);

mw_status mw_sheap_free(mw_runtime *rt, mw_sheap *h) {
    if (sheap_busy(h) != MW_D_NONE) {
        return mw_fail_arg(rt, sheap_busy(h));
    }
    if (h->head != NULL || h->body != NULL) {
        return mw_fail_arg(rt, MW_D_SHEAP_IN_CHAIN);
    }
    mw_free(rt, h, sizeof(*h));
    return MW_OK;
}

void *mw_sheap_user(const mw_sheap *h) {
    return h->user;
}

uint8_t *mw_sheap_data(const mw_sheap *h) {
    return h->native;
}

uint32_t mw_sheap_size(const mw_sheap *h) {
    return (uint32_t)h->size;
}

uint64_t mw_sheap_start(const mw_sheap *h) {
    return h->start;
}

bool mw_sheap_managed(const mw_sheap *h) {
    return h->managed;
}

mw_sheap *mw_sheap_body(const mw_sheap *h) {
    return h->body;
}

mw_sheap *mw_sheap_head(const mw_sheap *h) {
    return h->head;
}

// Why a heap's chain cannot change now: attached (to its head), or a heap of
// it shown in a window; MW_D_NONE if neither.
static mw_detail sheap_busy(const mw_sheap *h) {
    while (h->head != NULL) {
        h = h->head;
    }
    if (h->attached != 0) {
        return MW_D_SHEAP_ATTACHED;
    }
    for (; h != NULL; h = h->body) {
        if (h->mapped != 0) {
            return MW_D_SHEAP_MAPPED;
        }
    }
    return MW_D_NONE;
}

bool mw_sheap_in_use(const mw_sheap *h) {
    return sheap_busy(h) != MW_D_NONE;
}

mw_status mw_sheap_chain(mw_runtime *rt, mw_sheap *head, mw_sheap *body) {
    if (head == body) {
        return mw_fail_arg(rt, MW_D_SHEAP_SAME);
    }
    if (sheap_busy(head) != MW_D_NONE || sheap_busy(body) != MW_D_NONE) {
        return mw_fail(rt, MW_ERR_ARG, sheap_busy(head) != MW_D_NONE ? sheap_busy(head) : sheap_busy(body), 0);
    }
    if (head->head != NULL || head->body != NULL) {
        return mw_fail_arg(rt, MW_D_SHEAP_IN_CHAIN);
    }
    if (body->head != NULL) {
        return mw_fail_arg(rt, MW_D_SHEAP_IS_BODY);
    }
    // WAMR: a chain has at most one heap with an allocator.
    unsigned managed = head->managed;
    for (const mw_sheap *b = body; b != NULL; b = b->body) {
        managed += b->managed;
    }
    if (managed > 1) {
        return mw_fail_arg(rt, MW_D_SHEAP_TWO_MANAGED);
    }
    // Blocks are 8-byte aligned at their app address: a managed head must
    // start on a multiple of 8, so the heaps after it must total one (a
    // managed body keeps its start, aligned since its size is a multiple of 8).
    if (head->managed && (body->start & 7u) != 0) {
        return mw_fail_arg(rt, MW_D_SHEAP_MISALIGNED);
    }
    // keep at least the lowest 2^31 for linear memory
    if (body->start < head->size || body->start - head->size < MW_SHEAP_SPACE) {
        return mw_fail_arg(rt, MW_D_SHEAP_TOO_BIG);
    }
    head->body = body;
    body->head = head;
    head->start = body->start - head->size;
    return MW_OK;
}

mw_status mw_sheap_unchain(mw_runtime *rt, mw_sheap *head, bool entire, mw_sheap **new_head) {
    if (head->head != NULL || head->body == NULL) {
        return mw_fail_arg(rt, MW_D_SHEAP_NOT_HEAD);
    }
    if (sheap_busy(head) != MW_D_NONE) {
        return mw_fail_arg(rt, sheap_busy(head));
    }
    mw_sheap *body = head->body;
    for (mw_sheap *h = head; h != NULL;) {
        mw_sheap *next = h->body;
        h->body = NULL;
        if (next != NULL) {
            next->head = NULL;
        }
        h->start = MW_APP_SPACE - h->size;
        h = entire ? next : NULL;
    }
    *new_head = entire ? NULL : body;
    return MW_OK;
}

mw_status mw_sheap_reset(mw_runtime *rt, mw_sheap *head) {
    if (head->head != NULL) {
        return mw_fail_arg(rt, MW_D_SHEAP_NOT_HEAD);
    }
    if (sheap_busy(head) != MW_D_NONE) {
        return mw_fail_arg(rt, sheap_busy(head));
    }
    for (mw_sheap *h = head; h != NULL; h = h->body) {
        if (h->managed) {
            alloc_init(h);
        } else {
            memset(h->native, 0, (size_t)h->size);
        }
    }
    return MW_OK;
}

static mw_sheap *managed_of(mw_sheap *head) {
    for (mw_sheap *h = head; h != NULL; h = h->body) {
        if (h->managed) {
            return h;
        }
    }
    return NULL;
}

uint32_t mw_sheap_malloc(mw_sheap *head, uint32_t n) {
    mw_sheap *h = managed_of(head);
    uint32_t off = h != NULL ? alloc_block(h, n) : 0;
    return off ? (uint32_t)(h->start + off) : 0;
}

bool mw_sheap_free_block(mw_sheap *head, uint32_t app_addr) {
    mw_sheap *h = managed_of(head);
    if (h == NULL || app_addr < h->start || app_addr - h->start >= h->size) {
        return false;
    }
    return free_block(h, (uint32_t)(app_addr - h->start));
}

// Remember heap h as the memory's hit heap (or none).
// (out of line, one copy for its callers: -38 B of Thumb-2 text)
static MW_NOINLINE void hit_set(mw_memory *mem, const mw_sheap *h) {
    if (h == NULL) {
        mw_hit_set(mem, 0, 0, NULL, false);
    } else {
        mw_hit_set(mem, h->start, h->size, h->native, mem->sheap_ro);
    }
}

mw_sheap *mw_sheap_find(const mw_sheap *head, uint64_t app_addr, uint64_t len) {
    const mw_sheap *h = head;
    if (h == NULL || app_addr < h->start) {
        return NULL;
    }
    while (app_addr - h->start >= h->size) {
        h = h->body;
        if (h == NULL) {
            return NULL;
        }
    }
    return mw_in_bounds(app_addr - h->start, len, h->size) ? (mw_sheap *)h : NULL;
}

static uint8_t *heap_native(const mw_sheap *h, uint64_t app_addr) {
    return h->native + (size_t)(app_addr - h->start);
}

MW_NOINLINE uint8_t *mw_sheap_miss(mw_memory *mem, uint64_t app_addr, uint64_t n, bool write) {
    const mw_sheap *h = mw_sheap_find(mem->sheap, app_addr, n);
    if (h != NULL) {
        if (write && mem->sheap_ro) {
            return NULL;
        }
        hit_set(mem, h);
        return heap_native(h, app_addr);
    }
    mw_window *w = mw_window_find(mem, app_addr, n);
    if (w == NULL || (write && w->readonly)) {
        return NULL;
    }
    mw_hit_set(mem, w->start, w->size, w->native, w->readonly);
    return w->native + (size_t)(app_addr - w->start);
}

uint8_t *mw_sheap_native(const mw_sheap *head, uint32_t app_addr, uint32_t len) {
    const mw_sheap *h = mw_sheap_find(head, app_addr, len);
    return h != NULL ? heap_native(h, app_addr) : NULL;
}

bool mw_sheap_app_addr(const mw_sheap *head, const void *native, uint32_t len, uint32_t *app_addr) {
    uintptr_t p = (uintptr_t)native;
    for (const mw_sheap *h = head; h != NULL; h = h->body) {
        uintptr_t b = (uintptr_t)h->native;
        if (p >= b && mw_in_bounds(p - b, len, h->size)) {
            *app_addr = (uint32_t)(h->start + (p - b));
            return true;
        }
    }
    return false;
}

// ---- attach -------------------------------------------------------------------------------

mw_status mw_instance_attach(mw_runtime *rt, mw_instance *inst, mw_sheap *head, bool readonly) {
    if (inst->mod->nmems == 0) {
        return mw_fail_arg(rt, MW_D_SHEAP_NO_MEMORY);
    }
    mw_memory *mem = inst->mems[0];
    if (mem->sheap != NULL) {
        return mw_fail_arg(rt, MW_D_SHEAP_HAS_ONE);
    }
    if (head->head != NULL) {
        return mw_fail_arg(rt, MW_D_SHEAP_IS_BODY_ATTACH);
    }
    if ((mem->pages << mem->lim.page_log2) > head->start) {
        return mw_fail_arg(rt, MW_D_SHEAP_OVERLAP);
    }
    if (!mw_windows_clear(mem, head->start, MW_APP_SPACE)) {
        return mw_fail_arg(rt, MW_D_SHEAP_OVER_WINDOW);
    }
    mem->sheap = head;
    mem->sheap_ro = readonly;
    mem->sheap_inst = ~(uintptr_t)inst;
    hit_set(mem, head);
    head->attached++;
    mw_guard_show(mem);
    return MW_OK;
}

void mw_instance_detach(mw_instance *inst) {
    // an imported memory is detached only by the instance that attached it
    if (inst->mod->nmems == 0 || inst->mems[0]->sheap == NULL || inst->mems[0]->sheap_inst != ~(uintptr_t)inst) {
        return;
    }
    mw_memory *mem = inst->mems[0];
    mem->sheap->attached--;
    mem->sheap = NULL;
    hit_set(mem, NULL);
    mw_guard_show(mem);
}

mw_sheap *mw_instance_sheap(const mw_instance *inst, bool *readonly) {
    if (inst->mod->nmems == 0) {
        return NULL;
    }
    if (readonly != NULL) {
        *readonly = inst->mems[0]->sheap_ro;
    }
    return inst->mems[0]->sheap;
}

// ---- memories over fixed bytes ------------------------------------------------------------

mw_status mw_memory_new_fixed(mw_runtime *rt, uint8_t *native, const mw_limits *lim, mw_memory **out) {
    mw_memory *mem = mw_alloc(rt, sizeof(mw_memory));
    *out = mem;
    if (mem == NULL) {
        return mw_fail_nomem(rt, MW_REPORT_MEMORY);
    }
    mem->lim = *lim;
    mem->lim.has_max = true;
    mem->lim.max = lim->min;      // fixed: memory.grow by more than 0 fails
    mem->pages = lim->min;
    mem->size = lim->min << lim->page_log2;
    mem->data = native;
    mem->fixed = true;
    #if MW_GUARD_PAGES
    mem->exec_base = MW_GUARD_NOWHERE;    // the embedder's bytes: no guard pages
    mem->guarded = false;
    mem->shown = false;
    #endif
    hit_set(mem, NULL);
    return MW_OK;
}
