// SPDX-License-Identifier: MIT
// The example app in C (examples/README.md): Python puts text in a shared
// heap; process() upper-cases it in place, writes it reversed into a block
// it allocates from the same heap, hands that block to Python through the
// host.notify callback and returns the sum of the upper-cased bytes. Nothing
// is copied between Python and wasm. release() gives a block back.
#include "mpwasm_shared_heap.h"

MPWASM_IMPORT("host", "notify") void notify(const unsigned char *block, size_t len);

MPWASM_EXPORT("process") unsigned process(unsigned char *text, size_t len) {
    if (!shared_heap_contains(text, len)) {
        return 0;  // only text the host put in the heap
    }
    unsigned sum = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] >= 'a' && text[i] <= 'z') {
            text[i] -= 'a' - 'A';
        }
        sum += text[i];
    }
    unsigned char *out = shared_heap_malloc(len);
    if (out != NULL) {
        for (size_t i = 0; i < len; i++) {
            out[i] = text[len - 1 - i];
        }
        notify(out, len);
    }
    return sum;
}

MPWASM_EXPORT("release") void release(void *block) {
    shared_heap_free(block);
}
