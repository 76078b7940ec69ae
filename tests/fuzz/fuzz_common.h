// SPDX-License-Identifier: MIT
// fuzz_common.h: what every libFuzzer target of tests/fuzz shares beside the
// allocator (fuzz_alloc.h): check(), which names the target (the includer
// defines FUZZ_NAME first); a runtime whose every allocation goes through the
// checking allocator; the operation-string targets' input read as
// little-endian operands (fuzz_sheap.c, fuzz_window.c); and a module binary
// read back in short pieces, for the stream loads (fuzz_load.c, fuzz_oom.c).
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mw.h"
#include "fuzz_alloc.h"

#ifndef FUZZ_NAME
#error "define FUZZ_NAME (the target's name, for check's message) before including fuzz_common.h"
#endif

// A broken expectation: libFuzzer records the abort as a crash, with the input.
static void check(int ok, const char *what) {
    if (!ok) {
        fprintf(stderr, FUZZ_NAME ": %s\n", what);
        abort();
    }
}

// A board's stacks (1024 slots, 256 frames): what the targets run on unless
// they need less
#define FZ_STACK_SLOTS 1024u
#define FZ_MAX_FRAMES 256u

// A runtime allocating from heap, with an in-place resize (fz_resize) or
// none, and gc_memory (the binding's: code gives way before a memory moves).
static inline mw_runtime *fz_runtime_gc(
    fz_heap *heap, uint32_t stack_slots, uint32_t max_frames, bool resize, bool gc) {
    mw_config cfg = {.alloc = fz_alloc, .resize = resize ? fz_resize : NULL, .ctx = heap,
        .stack_slots = stack_slots, .max_frames = max_frames, .gc_memory = gc};
    mw_runtime *rt = NULL;
    check(mw_runtime_new(&cfg, &rt) == MW_OK && rt != NULL, "runtime");
    return rt;
}

// ... without gc_memory.
static inline mw_runtime *fz_runtime(fz_heap *heap, uint32_t stack_slots, uint32_t max_frames, bool resize) {
    return fz_runtime_gc(heap, stack_slots, max_frames, resize, false);
}

// The input of an operation-string target: the bytes not read yet.
typedef struct fz_input {
    const uint8_t *at, *end;
} fz_input;

// The next `bytes` bytes as a little-endian number (0 past the input's end).
static inline uint32_t fz_take(fz_input *in, uint32_t bytes) {
    uint32_t v = 0;
    for (uint32_t i = 0; i < bytes && in->at < in->end; i++) {
        v |= (uint32_t)*in->at++ << (8 * i);
    }
    return v;
}

// A module binary read back in pieces of `step` bytes at most (a reader may
// return fewer than asked; 0 ends the binary): mw_module_load_stream's reader.
typedef struct pieces {
    const uint8_t *p;
    size_t n, at, step;
} pieces;

static inline long read_piece(void *ctx, uint8_t *buf, size_t n) {
    pieces *s = ctx;
    size_t k = s->n - s->at;
    k = k < n ? k : n;
    k = k < s->step ? k : s->step;
    memcpy(buf, s->p + s->at, k);
    s->at += k;
    return (long)k;
}

#endif // FUZZ_COMMON_H
