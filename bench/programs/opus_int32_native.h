// SPDX-License-Identifier: MIT
// opus_int32_native.h: included first (-include) by the native x86-64 build of
// Opus only (Program.native_flags in bench/programs.py), so that it computes
// what its wasm32 build computes. Opus's fixed-point multiplies take a 64-bit
// shortcut where the CPU is 64-bit: celt/arch.h sets OPUS_FAST_INT64 when
// __x86_64__ or __LP64__ is defined, and e.g. MULT32_32_Q31 then rounds
// differently in its last bit from the 32-bit form wasm32 gets, which changes
// the encoded packets. Opus has no knob for it, so this header includes the C
// library's headers first (their 64-bit layout stays as it is) and then
// undefines the two macros for Opus's own sources. Nothing else changes: the
// code is still x86-64 code, with 64-bit pointers and longs.
#ifndef OPUS_INT32_NATIVE_H
#define OPUS_INT32_NATIVE_H
#include <alloca.h>
#include <assert.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#undef __x86_64__
#undef __LP64__
#endif // OPUS_INT32_NATIVE_H
