// SPDX-License-Identifier: MIT
// matmul_i32: C = A * B for 48x48 int32 matrices, n times (A changes each
// round). Multiply-add chains with strided loads.
#include "kernel.h"

#define DIM 48

static int32_t A[DIM][DIM], B[DIM][DIM], C[DIM][DIM];

uint32_t run(uint32_t n) {
    uint32_t seed = 3;
    for (int i = 0; i < DIM; i++) {
        for (int j = 0; j < DIM; j++) {
            A[i][j] = (int32_t)(lcg(&seed) >> 20) - 2048;
            B[i][j] = (int32_t)(lcg(&seed) >> 20) - 2048;
        }
    }
    uint32_t h = 2166136261u;
    for (uint32_t r = 0; r < n; r++) {
        A[r % DIM][(r / DIM) % DIM] += (int32_t)r;
        for (int i = 0; i < DIM; i++) {
            for (int j = 0; j < DIM; j++) {
                int32_t s = 0;
                for (int k = 0; k < DIM; k++) {
                    s += A[i][k] * B[k][j];
                }
                C[i][j] = s;
            }
        }
        h = mix(h, (uint32_t)C[r % DIM][(r * 7) % DIM]);
    }
    return h;
}
