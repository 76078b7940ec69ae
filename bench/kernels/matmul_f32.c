// SPDX-License-Identifier: MIT
// matmul_f32: C = A * B for 48x48 float matrices, n times (A changes each
// round). f32 multiply-add chains; the sum order is the C order on every
// target (no fast-math, no FMA on wasm32 or baseline x86-64), so results agree
// bit for bit.
#include "kernel.h"

#define DIM 48

static float A[DIM][DIM], B[DIM][DIM], C[DIM][DIM];

uint32_t run(uint32_t n) {
    uint32_t seed = 5;
    for (int i = 0; i < DIM; i++) {
        for (int j = 0; j < DIM; j++) {
            A[i][j] = (float)((int32_t)(lcg(&seed) >> 20) - 2048) * 0.001f;
            B[i][j] = (float)((int32_t)(lcg(&seed) >> 20) - 2048) * 0.001f;
        }
    }
    uint32_t h = 2166136261u;
    for (uint32_t r = 0; r < n; r++) {
        A[r % DIM][(r / DIM) % DIM] += 0.5f;
        for (int i = 0; i < DIM; i++) {
            for (int j = 0; j < DIM; j++) {
                float s = 0.0f;
                for (int k = 0; k < DIM; k++) {
                    s += A[i][k] * B[k][j];
                }
                C[i][j] = s;
            }
        }
        h = mix(h, f32_bits(C[r % DIM][(r * 7) % DIM]));
    }
    return h;
}
