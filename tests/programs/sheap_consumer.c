// SPDX-License-Identifier: MIT
// Shared-heap demo, consumer side (docs/shared-heap.md): reads a frame in
// place and writes its statistics into a block it allocates from the shared
// heap; returns that block's app address (0 if the heap is full).
// exports: consume
#include "../../sdk/c/mpwasm_shared_heap.h"

typedef struct stats {
    int sum, min, max;
    unsigned count;
} stats;

stats *consume(const short *frame, unsigned n) {
    stats *s = shared_heap_malloc(sizeof(stats));
    if (s == 0) {
        return 0;
    }
    s->sum = 0;
    s->min = 32767;
    s->max = -32768;
    for (unsigned i = 0; i < n; i++) {
        int v = frame[i];
        s->sum += v;
        s->min = v < s->min ? v : s->min;
        s->max = v > s->max ? v : s->max;
    }
    s->count = n;
    return s;
}
