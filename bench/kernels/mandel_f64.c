// SPDX-License-Identifier: MIT
// mandel_f64: Mandelbrot set escape counts in double precision (f64 ops).
#define REAL double
#include "mandel.inc"
