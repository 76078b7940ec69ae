// SPDX-License-Identifier: MIT
// quicksort: recursive quicksort (median of three, Hoare partition) of 8192
// random 32-bit words, n times. Loads/stores, compares, unpredictable
// branches and recursion.
#include "kernel.h"

#define COUNT 8192

static uint32_t a[COUNT];

static NOINLINE void sort(uint32_t *v, int32_t lo, int32_t hi) {
    while (lo < hi) {
        int32_t mid = lo + (hi - lo) / 2;
        uint32_t x = v[lo], y = v[mid], z = v[hi];
        uint32_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        int32_t i = lo - 1, j = hi + 1;
        for (;;) {
            do {
                i++;
            } while (v[i] < pivot);
            do {
                j--;
            } while (v[j] > pivot);
            if (i >= j) {
                break;
            }
            uint32_t t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        // recurse into the smaller half, loop on the larger: bounded depth
        if (j - lo < hi - j) {
            sort(v, lo, j);
            lo = j + 1;
        } else {
            sort(v, j + 1, hi);
            hi = j;
        }
    }
}

uint32_t run(uint32_t n) {
    uint32_t h = 2166136261u;
    uint32_t seed = 12345;
    for (uint32_t r = 0; r < n; r++) {
        for (uint32_t i = 0; i < COUNT; i++) {
            a[i] = lcg(&seed);
        }
        sort(a, 0, COUNT - 1);
        for (uint32_t i = 0; i < COUNT; i += 64) {
            h = mix(h, a[i]);
        }
    }
    return h;
}
