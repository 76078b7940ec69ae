// SPDX-License-Identifier: MIT
// fuzz_alloc.h: the allocator every fuzz target gives the engine. It checks
// the mw_alloc_fn contract on every call (a free or resize names the block's
// exact size; the block is one we handed out and is still live), caps the
// live bytes (a request past the cap fails, as on a small board) and, at the
// end of each input, reports any block the engine did not free. A broken
// contract or a leak aborts, which libFuzzer records as a crash. fail_at
// fails a request for bytes, the fail_at-th (an allocation or a resize), and
// fail_run - 1 more after it (a run: since session 37; UINT64_MAX every one
// from it on): fuzz_oom.c's out-of-memory sweep.
#ifndef FUZZ_ALLOC_H
#define FUZZ_ALLOC_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sanitizer/asan_interface.h>

#define FZ_HDR 32u                        // magic, size, capacity: keeps blocks 16-byte aligned
#define FZ_MAGIC 0x6d77616c6c6f6321ull     // "mwalloc!"

typedef struct fz_heap {
    size_t cap;                           // most live bytes at once
    size_t live_bytes;
    size_t live_blocks;
    size_t peak_bytes;
    uint64_t calls;
    uint64_t asks;                        // requests for bytes (allocations and resizes)
    uint64_t fail_at;                     // the first request that fails (0: none)
    uint64_t fail_run;                    // how many fail from it on (0 as 1)
    uint64_t refusals;                    // requests refused over the cap (fuzz_arena.c)
    size_t slack;                         // bytes past each new block fz_resize may grow it into (fuzz_arena.c)
} fz_heap;

static void fz_die(const char *what, size_t a, size_t b) {
    fprintf(stderr, "fuzz allocator: %s (%zu, %zu)\n", what, a, b);
    abort();
}

// Whether the request just counted (h->asks) is one chosen to fail.
static inline bool fz_failing(const fz_heap *h) {
    return h->fail_at != 0 && h->asks >= h->fail_at && h->asks - h->fail_at < (h->fail_run > 1 ? h->fail_run : 1);
}

static void *fz_alloc(void *ctx, void *p, size_t old, size_t n) {
    fz_heap *h = ctx;
    h->calls++;
    uint8_t *b = NULL;
    if (p != NULL) {
        b = (uint8_t *)p - FZ_HDR;
        uint64_t magic;
        size_t had;
        memcpy(&magic, b, 8);
        memcpy(&had, b + 8, sizeof(had));
        if (magic != FZ_MAGIC) {
            fz_die("free/resize of a block not from this allocator (or freed)", old, n);
        }
        if (had != old) {
            fz_die("free/resize names the wrong size: block size, given size", had, old);
        }
        size_t cap;
        memcpy(&cap, b + 16, sizeof(cap));
        ASAN_UNPOISON_MEMORY_REGION(b + FZ_HDR, cap);   // (fz_resize poisons a shrunk block's tail)
    } else if (old != 0) {
        fz_die("allocation with old_size but no block", old, n);
    }
    if (n == 0) {
        if (b != NULL) {
            memset(b, 0, 8);              // a second free is caught above
            h->live_bytes -= old;
            h->live_blocks--;
            free(b);
        }
        return NULL;
    }
    h->asks++;
    if (fz_failing(h)) {
        return NULL;                      // a request chosen to fail: the block stays as it was
    }
    if (n > h->cap || h->live_bytes - (b ? old : 0) > h->cap - n) {
        h->refusals++;
        return NULL;                      // over the cap: fail like a small heap
    }
    uint8_t *q = realloc(b, n + h->slack + FZ_HDR);
    if (q == NULL) {
        return NULL;
    }
    if (b == NULL) {
        h->live_blocks++;
        memcpy(q, &(uint64_t){FZ_MAGIC}, 8);
    }
    h->live_bytes += n - (b ? old : 0);
    if (h->live_bytes > h->peak_bytes) {
        h->peak_bytes = h->live_bytes;
    }
    memcpy(q + 8, &n, sizeof(n));
    memcpy(q + 16, &(size_t){n + h->slack}, sizeof(n));
    ASAN_POISON_MEMORY_REGION(q + FZ_HDR + n, h->slack);
    return q + FZ_HDR;
}

// mw_config.resize: a block resized in place (fuzz_oom.c). Smaller always (its
// tail poisoned for ASan), larger up to what it was allocated with (so an
// arena shrunk for a memory.grow can grow back, lazy.c arena_regrow) and the
// heap's slack past it (a memory grown in place: memory.c memory_grow's first
// try) unless that request is the one to fail or passes the cap.
static inline bool fz_resize(void *ctx, void *p, size_t old, size_t n) {
    fz_heap *h = ctx;
    h->calls++;
    uint8_t *b = (uint8_t *)p - FZ_HDR;
    uint64_t magic;
    size_t had, cap;
    memcpy(&magic, b, 8);
    memcpy(&had, b + 8, sizeof(had));
    memcpy(&cap, b + 16, sizeof(cap));
    if (magic != FZ_MAGIC || had != old) {
        fz_die("resize of a block not from this allocator, or named with the wrong size", had, old);
    }
    if (n > old) {
        h->asks++;
        if (fz_failing(h)) {
            return false;
        }
        if (n > cap || h->live_bytes > h->cap - (n - old)) {
            h->refusals += n <= cap;      // (past its block is no refusal of the cap's)
            return false;
        }
    }
    if (n == 0) {
        return false;
    }
    h->live_bytes = h->live_bytes - old + n;
    if (h->live_bytes > h->peak_bytes) {
        h->peak_bytes = h->live_bytes;
    }
    memcpy(b + 8, &n, sizeof(n));
    ASAN_UNPOISON_MEMORY_REGION(b + FZ_HDR, n);
    ASAN_POISON_MEMORY_REGION(b + FZ_HDR + n, cap - n);
    return true;
}

// After each input: everything the engine allocated must be back.
static void fz_check_no_leak(const fz_heap *h) {
    if (h->live_blocks != 0 || h->live_bytes != 0) {
        fz_die("leak: blocks, bytes still live after freeing everything", h->live_blocks, h->live_bytes);
    }
}

#endif // FUZZ_ALLOC_H
