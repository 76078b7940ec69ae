// SPDX-License-Identifier: MIT
// numeric.h: numeric operations of spec 4.3 that are more than one C operator.
// Floats: abs/neg/copysign are bit operations; rounding functions work on bits
// or on exact integer arithmetic so they do not depend on libm and are exact
// under soft float too; NaN results keep or quiet an input NaN (a canonical
// input stays canonical, which is what the spec's NaN propagation allows).
#ifndef MW_NUMERIC_H
#define MW_NUMERIC_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "mw_config.h"

#define MW_ADD(a, b) ((a) + (b))
#define MW_SUB(a, b) ((a) - (b))
#define MW_MUL(a, b) ((a) * (b))
#define MW_DIV(a, b) ((a) / (b))
#define MW_AND(a, b) ((a) & (b))
#define MW_OR(a, b) ((a) | (b))
#define MW_XOR(a, b) ((a) ^ (b))

// ---- integers -----------------------------------------------------------------

static inline uint32_t mw_clz32(uint32_t x) {
    return x ? (uint32_t)__builtin_clz(x) : 32;
}
static inline uint32_t mw_ctz32(uint32_t x) {
    return x ? (uint32_t)__builtin_ctz(x) : 32;
}
static inline uint32_t mw_popcnt32(uint32_t x) {
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    x = (x + (x >> 4)) & 0x0f0f0f0fu;
    return (x * 0x01010101u) >> 24;
}
static inline uint64_t mw_clz64(uint64_t x) {
    return x ? (uint64_t)__builtin_clzll(x) : 64;
}
static inline uint64_t mw_ctz64(uint64_t x) {
    return x ? (uint64_t)__builtin_ctzll(x) : 64;
}
static inline uint64_t mw_popcnt64(uint64_t x) {
    return mw_popcnt32((uint32_t)x) + mw_popcnt32((uint32_t)(x >> 32));
}
static inline uint32_t mw_shl32(uint32_t a, uint32_t b) {
    return a << (b & 31);
}
static inline uint32_t mw_shr_u32(uint32_t a, uint32_t b) {
    return a >> (b & 31);
}
// Arithmetic shifts: >> of a negative signed value is implementation-defined
// in C; gcc and clang (the compilers this file needs: __builtin_clz) define it
// as sign-extending, one instruction (asr) where a portable form took dozens.
static inline uint32_t mw_shr_s32(uint32_t a, uint32_t b) {
    return (uint32_t)((int32_t)a >> (b & 31));
}
static inline uint32_t mw_rotl32(uint32_t a, uint32_t b) {
    b &= 31;
    return (a << b) | (a >> ((32 - b) & 31));
}
static inline uint32_t mw_rotr32(uint32_t a, uint32_t b) {
    b &= 31;
    return (a >> b) | (a << ((32 - b) & 31));
}
static inline uint64_t mw_shl64(uint64_t a, uint64_t b) {
    return a << (b & 63);
}
static inline uint64_t mw_shr_u64(uint64_t a, uint64_t b) {
    return a >> (b & 63);
}
static inline uint64_t mw_shr_s64(uint64_t a, uint64_t b) {
    return (uint64_t)((int64_t)a >> (b & 63));
}
static inline uint64_t mw_rotr64(uint64_t a, uint64_t b) {
    b &= 63;
    return (a >> b) | (a << ((64 - b) & 63));
}

// ---- float bits ------------------------------------------------------------------

static inline uint32_t mw_f32_bits(float f) {
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}
static inline float mw_f32_from(uint32_t u) {
    float f;
    memcpy(&f, &u, 4);
    return f;
}
static inline uint64_t mw_f64_bits(double f) {
    uint64_t u;
    memcpy(&u, &f, 8);
    return u;
}
static inline double mw_f64_from(uint64_t u) {
    double f;
    memcpy(&f, &u, 8);
    return f;
}

#define MW_F32_SIGN 0x80000000u
#define MW_F32_QUIET 0x00400000u
#define MW_F64_SIGN 0x8000000000000000ull
#define MW_F64_QUIET 0x0008000000000000ull

static inline uint32_t mw_f32_abs(uint32_t a) {
    return a & ~MW_F32_SIGN;
}
static inline uint32_t mw_f32_neg(uint32_t a) {
    return a ^ MW_F32_SIGN;
}
static inline uint32_t mw_f32_copysign(uint32_t a, uint32_t b) {
    return (a & ~MW_F32_SIGN) | (b & MW_F32_SIGN);
}
static inline uint64_t mw_f64_abs(uint64_t a) {
    return a & ~MW_F64_SIGN;
}
static inline uint64_t mw_f64_neg(uint64_t a) {
    return a ^ MW_F64_SIGN;
}
static inline uint64_t mw_f64_copysign(uint64_t a, uint64_t b) {
    return (a & ~MW_F64_SIGN) | (b & MW_F64_SIGN);
}

// A NaN input made quiet (arithmetic NaN; canonical stays canonical).
static inline float mw_f32_quiet(float a) {
    return mw_f32_from(mw_f32_bits(a) | MW_F32_QUIET);
}
static inline double mw_f64_quiet(double a) {
    return mw_f64_from(mw_f64_bits(a) | MW_F64_QUIET);
}

// min/max (spec 4.3.3 fmin/fmax): NaN wins (made quiet); -0 < +0. Integer
// compares of the bits only (mw_f32_order): under soft float (Cortex-M3) a
// float compare is a libgcc call, and the three or four of the float form
// made each handler 82-140 B of Thumb-2.
#define MW_F32_INF 0x7f800000u
#define MW_F64_INF 0x7ff0000000000000ull
// the bits of a float that is not NaN as an unsigned key in the floats'
// order (-0 just below +0): negatives inverted, positives above them
static inline uint32_t mw_f32_order(uint32_t u) {
    return (u & MW_F32_SIGN) ? ~u : u | MW_F32_SIGN;
}
static inline uint64_t mw_f64_order(uint64_t u) {
    return (u & MW_F64_SIGN) ? ~u : u | MW_F64_SIGN;
}
static inline float mw_f32_minmax(float a, float b, int max) {
    uint32_t x = mw_f32_bits(a), y = mw_f32_bits(b);
    if (mw_f32_abs(x) > MW_F32_INF || mw_f32_abs(y) > MW_F32_INF) {
        return mw_f32_from((mw_f32_abs(x) > MW_F32_INF ? x : y) | MW_F32_QUIET);
    }
    return (mw_f32_order(x) < mw_f32_order(y)) != max ? a : b;
}
static inline double mw_f64_minmax(double a, double b, int max) {
    uint64_t x = mw_f64_bits(a), y = mw_f64_bits(b);
    if (mw_f64_abs(x) > MW_F64_INF || mw_f64_abs(y) > MW_F64_INF) {
        return mw_f64_from((mw_f64_abs(x) > MW_F64_INF ? x : y) | MW_F64_QUIET);
    }
    return (mw_f64_order(x) < mw_f64_order(y)) != max ? a : b;
}
static inline float mw_f32_min(float a, float b) {
    return mw_f32_minmax(a, b, 0);
}
static inline float mw_f32_max(float a, float b) {
    return mw_f32_minmax(a, b, 1);
}
static inline double mw_f64_min(double a, double b) {
    return mw_f64_minmax(a, b, 0);
}
static inline double mw_f64_max(double a, double b) {
    return mw_f64_minmax(a, b, 1);
}

// trunc, floor and ceil (spec 4.3.3) on the bits: the fraction bits below
// the binary point cleared, after adding them all once (the carry rounds the
// magnitude up) where the rounding goes away from zero (floor of a negative,
// ceil of a positive). Integer operations only: no libgcc calls under soft
// float. dir: 0 trunc, -1 floor, 1 ceil.
static inline uint32_t mw_f32_round(uint32_t u, int dir) {
    int e = (int)((u >> 23) & 0xff) - 127;
    bool up = dir != 0 && (dir < 0) == (u >> 31);     // away from zero
    if (e >= 23) {
        return mw_f32_abs(u) > MW_F32_INF ? u | MW_F32_QUIET : u;   // integral, inf or NaN
    }
    if (e < 0) {                        // |x| < 1: +-0, or +-1 away from zero
        return (u << 1) != 0 && up ? (u & MW_F32_SIGN) | 0x3f800000u : u & MW_F32_SIGN;
    }
    uint32_t m = 0x007fffffu >> e;
    if (up && (u & m) != 0) {
        u += m;
    }
    return u & ~m;
}
static inline uint64_t mw_f64_round(uint64_t u, int dir) {
    int e = (int)((u >> 52) & 0x7ff) - 1023;
    bool up = dir != 0 && (dir < 0) == (u >> 63);
    if (e >= 52) {
        return mw_f64_abs(u) > MW_F64_INF ? u | MW_F64_QUIET : u;
    }
    if (e < 0) {
        return (u << 1) != 0 && up ? (u & MW_F64_SIGN) | 0x3ff0000000000000ull : u & MW_F64_SIGN;
    }
    uint64_t m = 0x000fffffffffffffull >> e;
    if (up && (u & m) != 0) {
        u += m;
    }
    return u & ~m;
}
static inline float mw_f32_trunc(float x) {
    return mw_f32_from(mw_f32_round(mw_f32_bits(x), 0));
}
static inline float mw_f32_floor(float x) {
    return mw_f32_from(mw_f32_round(mw_f32_bits(x), -1));
}
static inline float mw_f32_ceil(float x) {
    return mw_f32_from(mw_f32_round(mw_f32_bits(x), 1));
}
static inline double mw_f64_trunc(double x) {
    return mw_f64_from(mw_f64_round(mw_f64_bits(x), 0));
}
static inline double mw_f64_floor(double x) {
    return mw_f64_from(mw_f64_round(mw_f64_bits(x), -1));
}
static inline double mw_f64_ceil(double x) {
    return mw_f64_from(mw_f64_round(mw_f64_bits(x), 1));
}
// nearest, ties to even: below 2^23 (2^52) adding and subtracting 2^23 rounds
// the magnitude in the default rounding mode; the sign is put back after.
static inline float mw_f32_nearest(float x) {
    uint32_t u = mw_f32_bits(x);
    uint32_t e = (u >> 23) & 0xff;
    if (e >= 127 + 23) {
        return mw_f32_from(mw_f32_round(u, 0));     // integral, inf or NaN
    }
    volatile float a = mw_f32_from(u & ~MW_F32_SIGN);
    float r = (a + 8388608.0f) - 8388608.0f;
    return mw_f32_from(mw_f32_bits(r) | (u & MW_F32_SIGN));
}
static inline double mw_f64_nearest(double x) {
    uint64_t u = mw_f64_bits(x);
    uint32_t e = (uint32_t)(u >> 52) & 0x7ff;
    if (e >= 1023 + 52) {
        return mw_f64_from(mw_f64_round(u, 0));
    }
    volatile double a = mw_f64_from(u & ~MW_F64_SIGN);
    double r = (a + 4503599627370496.0) - 4503599627370496.0;
    return mw_f64_from(mw_f64_bits(r) | (u & MW_F64_SIGN));
}

float mw_f32_sqrt(float x);
double mw_f64_sqrt(double x);

// f32.convert_i64_u and _s (spec 4.3.3 convert): the C conversion, or
// where MW_U64_F32_BY_U32 (mw_config.h) the hardware's u32 one (numeric.c).
#if MW_U64_F32_BY_U32
float mw_u64_to_f32(uint64_t v);
float mw_i64_to_f32(uint64_t v);
#else
static inline float mw_u64_to_f32(uint64_t v) {
    return (float)v;
}
static inline float mw_i64_to_f32(uint64_t v) {
    return (float)(int64_t)v;
}
#endif
// (the NaN tests on the bits: no libgcc compare under soft float)
static inline float mw_demote(double d) {
    float f = (float)d;
    return mw_f32_abs(mw_f32_bits(f)) > MW_F32_INF ? mw_f32_quiet(f) : f;
}
static inline double mw_promote(float f) {
    double d = (double)f;
    return mw_f64_abs(mw_f64_bits(d)) > MW_F64_INF ? mw_f64_quiet(d) : d;
}

#endif // MW_NUMERIC_H
