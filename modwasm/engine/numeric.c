// SPDX-License-Identifier: MIT
// numeric.c: square roots (spec 4.3.3 fsqrt), correctly rounded without libm.
// Targets with a hardware square root use it; others (Cortex-M3 soft float)
// use a digit-by-digit integer square root of the significand, or, where the
// embedder links libm anyway (MW_LIBM_SQRT, mw_config.h), libm's sqrt for the
// positive finite operands.
#include "mw_config.h"
#include "numeric.h"

#ifndef MW_HW_SQRT
#if defined(__x86_64__) || defined(__aarch64__) || (defined(__ARM_FP) && (__ARM_FP & 8))
#define MW_HW_SQRT 1
#else
#define MW_HW_SQRT 0
#endif
#endif

#if !MW_HW_SQRT && MW_LIBM_SQRT
#include <math.h>
#endif

#if !MW_HW_SQRT
static double soft_sqrt(double x) {
    uint64_t u = mw_f64_bits(x);
    if (mw_f64_abs(u) > MW_F64_INF) {    // NaN (bit tests: no libgcc compares)
        return mw_f64_quiet(x);
    }
    if ((u << 1) == 0 || u == MW_F64_INF) {
        return x;                     // +-0 and +inf
    }
    if (u >> 63) {
        return mw_f64_from(0x7ff8000000000000ull);  // sqrt of negative: canonical NaN
    }
    #if MW_LIBM_SQRT
    return sqrt(x);                   // positive, finite: libm's (correctly rounded)
    #else
    int e = (int)(u >> 52);
    uint64_t m = u & 0x000fffffffffffffull;
    if (e == 0) {                     // subnormal: normalize
        e = 1;
        while (!(m & (1ull << 52))) {
            m <<= 1;
            e--;
        }
    } else {
        m |= 1ull << 52;
    }
    int ex = e - 1075;                // x = m * 2^ex
    if (ex & 1) {
        m <<= 1;
        ex--;
    }
    // q = isqrt(m << 54): 54 result bits (53 + round), remainder r = sticky
    uint64_t q = 0, r = 0;
    for (int i = 0; i < 54; i++) {
        int hi = 53 - 2 * i;
        uint64_t two = hi >= 1 ? (m >> (hi - 1)) & 3 : 0;
        r = (r << 2) | two;
        uint64_t t = (q << 2) | 1;
        if (r >= t) {
            r -= t;
            q = (q << 1) | 1;
        } else {
            q <<= 1;
        }
    }
    uint64_t mant = q >> 1;
    if ((q & 1) && (r != 0 || (mant & 1))) {
        mant++;
    }
    int bexp = (ex - 54) / 2 + 1 + 52 + 1023;
    return mw_f64_from(((uint64_t)(bexp - 1) << 52) + mant);
    #endif
}
#endif

double mw_f64_sqrt(double x) {
    #if MW_HW_SQRT
    return __builtin_sqrt(x);
    #else
    return soft_sqrt(x);
    #endif
}

// sqrt in double then rounding to float is correctly rounded (53 >= 2*24+2).
// (not in the small profile's interpreter, whose f32.sqrt is exec.c float_op's,
// through mw_f64_sqrt)
#if !MW_COMPACT_EXEC
float mw_f32_sqrt(float x) {
    #if MW_HW_SQRT
    return __builtin_sqrtf(x);
    #else
    if (mw_f32_abs(mw_f32_bits(x)) > MW_F32_INF) {
        return mw_f32_quiet(x);
    }
    return (float)soft_sqrt((double)x);
    #endif
}
#endif

#if MW_U64_F32_BY_U32
// v rounded to f32 (to nearest, ties to even) by the hardware's u32
// conversion: v's 32 bits from its highest set bit, with the bits shifted out
// kept as one sticky bit in bit 0 (below f32's rounding point, bit 8, so the
// rounding sees a tie only where v has one), then scaled by the power of two
// shifted out (exact: at most 2^32 * 2^32).
float mw_u64_to_f32(uint64_t v) {
    uint32_t hi = (uint32_t)(v >> 32);
    if (hi == 0) {
        return (float)(uint32_t)v;
    }
    uint32_t s = 32 - mw_clz32(hi);   // 1..32: v >> s fits 32 bits
    uint32_t m = (uint32_t)(v >> s) | (uint32_t)((v << (64 - s)) != 0);
    return (float)m * mw_f32_from((127 + s) << 23);
}

// The magnitude's, with the sign (rounding to nearest is symmetric).
float mw_i64_to_f32(uint64_t v) {
    bool neg = (int64_t)v < 0;
    float f = mw_u64_to_f32(neg ? 0 - v : v);
    return neg ? -f : f;
}
#endif
