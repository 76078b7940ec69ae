// SPDX-License-Identifier: MIT
// Shared-heap demo, producer side (docs/shared-heap.md): fills a frame of
// 16-bit "sensor" samples in place, at an app address in a shared heap.
// exports: produce
#include "../../sdk/c/mpwasm_shared_heap.h"

void produce(short *frame, unsigned n, unsigned seed) {
    for (unsigned i = 0; i < n; i++) {
        frame[i] = (short)((int)((seed * 7919u + i * 104729u) % 2001u) - 1000);
    }
}
