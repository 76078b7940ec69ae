// SPDX-License-Identifier: MIT
// reader.c: the checking byte reader of the binary format (decode.h), shared
// by decode.c (sections) and lower.c (function bodies): LEB128 integers
// (spec 5.2.2), value and reference types (5.3), and the detail for a byte
// that is no instruction of ours. Its own file, so that lower.c reads bodies
// without calling into decode.c, which calls lower.c.
#include "decode.h"

bool mw_rd_fail(mw_reader *r, mw_status st, mw_detail d) {
    mw_fail(r->rt, st, d, (uint32_t)(r->p - r->base));
    return false;
}

bool mw_rd_malformed(mw_reader *r, mw_detail d) {
    return mw_rd_fail(r, MW_ERR_MALFORMED, d);
}

bool mw_rd_invalid(mw_reader *r, mw_detail d) {
    return mw_rd_fail(r, MW_ERR_INVALID, d);
}

bool mw_rd_byte(mw_reader *r, uint8_t *out) {
    if (r->p >= r->end) {
        return mw_rd_malformed(r, MW_D_UNEXPECTED_END);
    }
    *out = *r->p++;
    return true;
}

// LEB128 (spec 5.2.2) of at most `bits` bits; the unused bits of the last byte
// must be zero (unsigned) or copies of the sign bit (signed). Those copies
// include the byte's bit 6, so a negative number sign-extends from the last
// byte read, like one that ends early.
bool mw_rd_leb(mw_reader *r, unsigned bits, bool sign, uint64_t *out) {
    #if MW_LOWER_FAST
    // one byte, the common case (indices, counts, small constants): no loop
    if (r->p < r->end && *r->p < 0x80) {
        uint64_t b = *r->p++;
        *out = sign && (b & 0x40) ? b | ~(uint64_t)0x7f : b;
        return true;
    }
    #endif
    // (in two words on a 32-bit target, which has no 64-bit shift: Cortex-M3
    // -26 B of text; in one on a 64-bit host, whose shift is one instruction)
    #if MW_HOST_64
    uint64_t v = 0;
    #else
    uint32_t lo = 0, hi = 0;
    #endif
    unsigned shift = 0;
    uint8_t b;
    do {
        if (!mw_rd_byte(r, &b)) {
            return false;
        }
        if (shift + 7 >= bits) {
            unsigned used = bits - shift;
            mw_detail d = MW_D_NONE;
            if (b & 0x80) {
                d = MW_D_INTEGER_REPRESENTATION_TOO_LONG;
            } else if ((b & 0x7f) >> used != (sign && ((b >> (used - 1)) & 1) ? (0x7f >> used) : 0)) {
                d = MW_D_INTEGER_TOO_LARGE;
            }
            if (d != MW_D_NONE) {
                r->p--;
                return mw_rd_malformed(r, d);
            }
        }
        #if MW_HOST_64
        v |= (uint64_t)(b & 0x7f) << shift;
        #else
        uint32_t x = b & 0x7fu;
        if (shift < 32) {
            lo |= x << shift;
            hi |= shift > 25 ? x >> (32 - shift) : 0;
        } else {
            hi |= x << (shift - 32);
        }
        #endif
        shift += 7;
    } while (b & 0x80);
    #if MW_HOST_64
    if (sign && (b & 0x40) && shift < 64) {
        v |= ~(uint64_t)0 << shift;
    }
    *out = v;
    #else
    if (sign && (b & 0x40) && shift < 64) {
        if (shift < 32) {
            lo |= ~0u << shift;
            hi = ~0u;
        } else {
            hi |= ~0u << (shift - 32);
        }
    }
    *out = (uint64_t)hi << 32 | lo;
    #endif
    return true;
}

bool mw_rd_u32(mw_reader *r, uint32_t *out) {
    #if MW_LOWER_FAST
    if (r->p < r->end && *r->p < 0x80) {      // one byte: as mw_rd_leb's, without the call
        *out = *r->p++;
        return true;
    }
    #endif
    uint64_t v;
    if (!mw_rd_leb(r, 32, false, &v)) {
        return false;
    }
    *out = (uint32_t)v;
    return true;
}

bool mw_rd_const(mw_reader *r, uint8_t op, uint64_t *out) {
    if (op == MW_W_I32_CONST || op == MW_W_I64_CONST) {
        bool i32 = op == MW_W_I32_CONST;
        if (!mw_rd_leb(r, i32 ? 32 : 64, true, out)) {
            return false;
        }
        if (i32) {
            *out = (uint32_t)*out;
        }
        return true;
    }
    // f32/f64: the bits, little endian as the targets are (mw.h)
    uint32_t n = op == MW_W_F32_CONST ? 4 : 8;
    if ((size_t)(r->end - r->p) < n) {
        return mw_rd_malformed(r, MW_D_UNEXPECTED_END);
    }
    if (n == 4) {
        uint32_t a;
        memcpy(&a, r->p, 4);
        *out = a;
    } else {
        memcpy(out, r->p, 8);
    }
    r->p += n;
    return true;
}

bool mw_rd_valtype(mw_reader *r, uint8_t *out) {
    uint8_t b;
    if (!mw_rd_byte(r, &b)) {
        return false;
    }
    if (b != MW_I32 && b != MW_I64 && b != MW_F32 && b != MW_F64 && !mw_is_reftype(b)) {
        r->p--;
        return mw_rd_malformed(r, b == 0x7b ? MW_D_UNSUPPORTED_SIMD : MW_D_MALFORMED_VALUE_TYPE);
    }
    *out = b;
    return true;
}

mw_detail mw_opcode_detail(uint8_t op) {
    switch (op) {
        case 0xfd: // SIMD prefix
            return MW_D_UNSUPPORTED_SIMD;
        case 0xfe: // atomics prefix
            return MW_D_UNSUPPORTED_THREADS;
        case 0x06: // try, catch, throw, rethrow, throw_ref (legacy and current proposals)
        case 0x07:
        case 0x08:
        case 0x09:
        case 0x0a:
        case 0x18: // delegate, catch_all, try_table
        case 0x19:
        case 0x1f:
            return MW_D_UNSUPPORTED_EXCEPTIONS;
        case 0x12: // return_call, return_call_indirect
        case 0x13:
            return MW_D_UNSUPPORTED_TAIL_CALLS;
        default:
            return MW_D_ILLEGAL_OPCODE;
    }
}

bool mw_rd_reftype(mw_reader *r, uint8_t *out) {
    uint8_t b;
    if (!mw_rd_byte(r, &b)) {
        return false;
    }
    if (!mw_is_reftype(b)) {
        r->p--;
        return mw_rd_malformed(r, MW_D_MALFORMED_REFERENCE_TYPE);
    }
    *out = b;
    return true;
}
