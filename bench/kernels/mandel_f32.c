// SPDX-License-Identifier: MIT
// mandel_f32: Mandelbrot set escape counts in single precision (f32 ops).
#define REAL float
#include "mandel.inc"
