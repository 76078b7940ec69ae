// SPDX-License-Identifier: MIT
// gperf_io.h: gperf's input and output as gperf_bench.cpp's memory streams (included before every
// file of the gperf build by bench/programs.py's -include; WASI here has no files). gperf reads
// its keywords from stdin and printf()s the generated C to stdout, and the C library's stdin and
// stdout cannot be pointed elsewhere (musl's are constants): gperf's sources name the driver's
// streams instead, unchanged.
#ifndef GPERF_IO_H
#define GPERF_IO_H

#include <stdio.h>

extern FILE *gperf_bench_in;
extern FILE *gperf_bench_out;

#undef stdin
#define stdin gperf_bench_in
#undef stdout
#define stdout gperf_bench_out
#define printf(...) fprintf(gperf_bench_out, __VA_ARGS__)
#undef putchar
#define putchar(c) putc((c), gperf_bench_out)

#endif // GPERF_IO_H
