// SPDX-License-Identifier: MIT
// decode.h: the byte reader (reader.c) shared by decode.c (sections) and lower.c (bodies).
// Every read checks the end first; failures record "what" and the byte offset
// in the runtime report and return false.
#ifndef MW_DECODE_H
#define MW_DECODE_H

#include "mw_int.h"

typedef struct mw_reader {
    mw_runtime *rt;
    const uint8_t *base;      // start of the binary (offsets are relative to it)
    const uint8_t *p;
    const uint8_t *end;       // end of the current section / body
} mw_reader;

bool mw_rd_fail(mw_reader *r, mw_status st, mw_detail d);
// mw_rd_fail with MW_ERR_MALFORMED / MW_ERR_INVALID: one argument less at
// each of the ~60 call sites (2 B of Thumb-2 each)
bool mw_rd_malformed(mw_reader *r, mw_detail d);
bool mw_rd_invalid(mw_reader *r, mw_detail d);
bool mw_rd_byte(mw_reader *r, uint8_t *out);
bool mw_rd_leb(mw_reader *r, unsigned bits, bool sign, uint64_t *out);
bool mw_rd_u32(mw_reader *r, uint32_t *out);
bool mw_rd_valtype(mw_reader *r, uint8_t *out);
bool mw_rd_reftype(mw_reader *r, uint8_t *out);
// The immediate of t.const, op one of i32/i64/f32/f64.const (spec 5.4.7):
// its bits in *out (32-bit ones zero-extended); the type is mw_const_type(op).
bool mw_rd_const(mw_reader *r, uint8_t op, uint64_t *out);
// The detail for a byte that is no instruction of ours: the proposal it
// belongs to when it is one we do not support (so a CompileError names the
// feature), else "illegal opcode".
mw_detail mw_opcode_detail(uint8_t op);

// The value type of t.const op (0x41..0x44 give 0x7f..0x7c).
static inline uint8_t mw_const_type(uint8_t op) {
    return (uint8_t)(MW_I32 - (op - MW_W_I32_CONST));
}

static inline bool mw_is_reftype(uint8_t t) {
    return t == MW_FUNCREF || t == MW_EXTERNREF;
}

#endif // MW_DECODE_H
