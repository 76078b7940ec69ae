// SPDX-License-Identifier: MIT
// box2d_trig.h: Box2D's sinf and cosf are box2d_bench.cpp's on both builds (included
// before every file by bench/programs.py's -include): glibc's and musl's differ in the
// last bit for about 1.3% of floats, and a body's rotation then diverges.
#ifndef BOX2D_TRIG_H
#define BOX2D_TRIG_H

#include <math.h>

#ifdef __cplusplus
extern "C" {
#endif
float box2d_bench_sinf(float x);
float box2d_bench_cosf(float x);
#ifdef __cplusplus
}
#endif

#define sinf box2d_bench_sinf
#define cosf box2d_bench_cosf

#endif // BOX2D_TRIG_H
