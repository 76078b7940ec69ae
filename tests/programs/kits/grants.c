// SPDX-License-Identifier: MIT
// The C kit's windows (sdk/c): map the read-only grant "ring", sum its first
// n bytes; map "ring" read-write (refused); unmap it; map a name not granted.
#include "mpwasm_shared_heap.h"

MPWASM_EXPORT("sum") int sum(unsigned n) {
    unsigned char *ring;
    int st = mpwasm_map("ring", 4, 0, (void **)&ring);
    if (st != MPWASM_MAP_OK) {
        return -st;
    }
    int s = 0;
    for (unsigned i = 0; i < n; i++) {
        s += ring[i];
    }
    return s;
}

MPWASM_EXPORT("errors") int errors(void) {
    void *p;
    // ro grant mapped for write, unknown name, then unmap of what sum() mapped
    return mpwasm_map("ring", 4, MPWASM_MAP_WRITE, &p) * 100 + mpwasm_map("nope", 4, 0, &p) * 10
           + mpwasm_unmap((void *)0x40000000);
}
