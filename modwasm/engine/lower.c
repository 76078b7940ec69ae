// SPDX-License-Identifier: MIT
// lower.c: validation of one function body (spec 3.3, algorithm of the
// appendix "Validation Algorithm") fused with lowering to the register-based
// internal code of mw_int.h. The validator's operand stack also records where
// each value lives: its own slot ("canonical": nlocals + stack position), or a
// local (local.get emits nothing; the consumer reads the local directly).
// Lazy locals are copied to their canonical slot before the local is written,
// at block entries, and where branches or calls need values in place. A
// local.set right after the instruction producing its value retargets that
// instruction's destination. Unreachable code is dropped.
//
// This file: mw_lower_func and the per-function driver (locals, the body's
// loop, the frame's checks), lower_instr and every instruction family but
// control; the rest of lowering is in lower_emit.c (operand stack,
// emission), lower_branch.c (control flow), lower_check.c (a lazy load's
// validation) and lower_narrow.c (the passes over the finished code), with
// what they share in lower_int.h.
#include "lower_int.h"
// ---- instruction tables ---------------------------------------------------------------

// Loads/stores 0x28..0x3e: internal op, value type, log2 of natural alignment.
const lower_memop memops[MW_W_I64_STORE32 - MW_W_I32_LOAD + 1] = {
    {MW_OP_LOAD32_U, MW_I32, 2}, {MW_OP_LOAD64, MW_I64, 3}, {MW_OP_LOAD32_U, MW_F32, 2},
    {MW_OP_LOAD64, MW_F64, 3}, {MW_OP_LOAD8_S, MW_I32, 0}, {MW_OP_LOAD8_U, MW_I32, 0},
    {MW_OP_LOAD16_S, MW_I32, 1}, {MW_OP_LOAD16_U, MW_I32, 1}, {MW_OP_LOAD8_S, MW_I64, 0},
    {MW_OP_LOAD8_U, MW_I64, 0}, {MW_OP_LOAD16_S, MW_I64, 1}, {MW_OP_LOAD16_U, MW_I64, 1},
    {MW_OP_LOAD32_S, MW_I64, 2}, {MW_OP_LOAD32_U, MW_I64, 2},
    {MW_OP_STORE32, MW_I32, 2}, {MW_OP_STORE64, MW_I64, 3}, {MW_OP_STORE32, MW_F32, 2},
    {MW_OP_STORE64, MW_F64, 3}, {MW_OP_STORE8, MW_I32, 0}, {MW_OP_STORE16, MW_I32, 1},
    {MW_OP_STORE8, MW_I64, 0}, {MW_OP_STORE16, MW_I64, 1}, {MW_OP_STORE32, MW_I64, 2},
};

// Operand and result types of numeric opcodes 0x45..0xc4 as data, a byte each:
// the operand's type (bits 0-1), whether a second operand of the same type
// follows (bit 2) and the result's type (bits 3-4), a type by its low two
// bits (MW_I32 .. MW_F64 are 0x7f .. 0x7c). Ranges of ops, then the
// conversions 0xa7..0xbf one by one (an if-chain and a table of conversions
// took 66 B more of Cortex-M3 text in the small profile, 102 in the full).
#define NSIG(a, binary, res) (uint8_t)(((a) & 3) | (binary) << 2 | ((res) & 3) << 3)
#define NSIG_AT(op) [MW_W_##op - MW_W_I32_EQZ]
#define NSIG_RUN(lo, hi) [(lo) - MW_W_I32_EQZ ... (hi) - MW_W_I32_EQZ]
const uint8_t numeric_sigs[MW_W_I64_EXTEND32_S - MW_W_I32_EQZ + 1] = {
    NSIG_AT(I32_EQZ) = NSIG(MW_I32, 0, MW_I32),
    NSIG_RUN(MW_W_I32_EQ, MW_W_I32_GE_U) = NSIG(MW_I32, 1, MW_I32),
    NSIG_AT(I64_EQZ) = NSIG(MW_I64, 0, MW_I32),
    NSIG_RUN(MW_W_I64_EQZ + 1, MW_W_I64_GE_U) = NSIG(MW_I64, 1, MW_I32),
    NSIG_RUN(MW_W_I64_GE_U + 1, MW_W_F32_GE) = NSIG(MW_F32, 1, MW_I32),
    NSIG_RUN(MW_W_F32_GE + 1, MW_W_F64_GE) = NSIG(MW_F64, 1, MW_I32),
    NSIG_RUN(MW_W_F64_GE + 1, MW_W_I32_POPCNT) = NSIG(MW_I32, 0, MW_I32),
    NSIG_RUN(MW_W_I32_ADD, MW_W_I32_ROTR) = NSIG(MW_I32, 1, MW_I32),
    NSIG_RUN(MW_W_I32_ROTR + 1, MW_W_I64_POPCNT) = NSIG(MW_I64, 0, MW_I64),
    NSIG_RUN(MW_W_I64_ADD, MW_W_I64_ROTR) = NSIG(MW_I64, 1, MW_I64),
    NSIG_RUN(MW_W_I64_ROTR + 1, MW_W_F32_SQRT) = NSIG(MW_F32, 0, MW_F32),
    NSIG_RUN(MW_W_F32_SQRT + 1, MW_W_F32_COPYSIGN) = NSIG(MW_F32, 1, MW_F32),
    NSIG_RUN(MW_W_F32_COPYSIGN + 1, MW_W_F64_SQRT) = NSIG(MW_F64, 0, MW_F64),
    NSIG_RUN(MW_W_F64_SQRT + 1, MW_W_F64_COPYSIGN) = NSIG(MW_F64, 1, MW_F64),
    // i32.wrap_i64, i32.trunc_f32_s .. i32.trunc_f64_u, i64.extend_i32_s/u,
    // i64.trunc_f32_s .. i64.trunc_f64_u, f32.convert_i32_s .. f32.demote_f64,
    // f64.convert_i32_s .. f64.promote_f32, the four reinterprets
    NSIG_AT(I32_WRAP_I64) = NSIG(MW_I64, 0, MW_I32), NSIG(MW_F32, 0, MW_I32), NSIG(MW_F32, 0, MW_I32),
    NSIG(MW_F64, 0, MW_I32), NSIG(MW_F64, 0, MW_I32), NSIG(MW_I32, 0, MW_I64), NSIG(MW_I32, 0, MW_I64),
    NSIG(MW_F32, 0, MW_I64), NSIG(MW_F32, 0, MW_I64), NSIG(MW_F64, 0, MW_I64), NSIG(MW_F64, 0, MW_I64),
    NSIG(MW_I32, 0, MW_F32), NSIG(MW_I32, 0, MW_F32), NSIG(MW_I64, 0, MW_F32), NSIG(MW_I64, 0, MW_F32),
    NSIG(MW_F64, 0, MW_F32), NSIG(MW_I32, 0, MW_F64), NSIG(MW_I32, 0, MW_F64), NSIG(MW_I64, 0, MW_F64),
    NSIG(MW_I64, 0, MW_F64), NSIG(MW_F32, 0, MW_F64), NSIG(MW_F32, 0, MW_I32), NSIG(MW_F64, 0, MW_I64),
    NSIG(MW_I32, 0, MW_F32), NSIG(MW_I64, 0, MW_F64),
    NSIG_RUN(MW_W_F64_REINTERPRET_I64 + 1, MW_W_I32_EXTEND16_S) = NSIG(MW_I32, 0, MW_I32),
    NSIG_RUN(MW_W_I32_EXTEND16_S + 1, MW_W_I64_EXTEND32_S) = NSIG(MW_I64, 0, MW_I64),
};
_Static_assert((MW_I32 & 0x7c) == 0x7c && (MW_I64 & 0x7c) == 0x7c && (MW_F32 & 0x7c) == 0x7c
               && (MW_F64 & 0x7c) == 0x7c && MW_W_F64_REINTERPRET_I64 - MW_W_I32_WRAP_I64 == 24,
    "numeric_sigs: a type is 0x7c | its low two bits; 25 conversions");

// Saturating truncations 0xfc 0..7: operand, result.
static const uint8_t sat_sig[8][2] = {
    {MW_F32, MW_I32}, {MW_F32, MW_I32}, {MW_F64, MW_I32}, {MW_F64, MW_I32},
    {MW_F32, MW_I64}, {MW_F32, MW_I64}, {MW_F64, MW_I64}, {MW_F64, MW_I64},
};

static bool rd_index(lower_t *L, uint32_t *idx, uint32_t limit, mw_detail unknown) {
    if (!rd_u32(L, idx)) {
        return false;
    }
    if (*idx >= limit) {
        return fail(L, unknown);
    }
    return true;
}

// Memory index of memory.size/grow/copy/fill/init: a u32 with multi-memory,
// else one literal zero byte (Wasm 2.0, spec 5.4.6).
static bool rd_memidx(lower_t *L, uint32_t *idx) {
    if (!L->m->multi_memory && L->r.p < L->r.end && *L->r.p != 0) {
        return mw_rd_malformed(&L->r, MW_D_ZERO_BYTE_EXPECTED);
    }
    return rd_index(L, idx, L->m->nmems, MW_D_UNKNOWN_MEMORY);   // a zero byte is LEB128 0
}

// ---- the body ---------------------------------------------------------------------------

// 0xfc 8..17, bulk memory and tables (spec 5.4.6, 5.4.5), as data: the kinds
// of the op's one or two indices (FC_DATA needs the data count section), its
// operands (npops, bottom first; those in rmask have the table's reference
// type, the rest are i32) and whether it pushes an i32 (def). Emitted as
// `op x [y] operands...` (`op d x operands` for a def); the layouts take
// the immediates they name and ignore the zeros after them.
enum { FC_NONE, FC_DATA, FC_ELEM, FC_TABLE, FC_MEM };
static const struct {
    uint8_t op, x, y, npops, rmask, def;
} fc_rows[] = {
    {MW_OP_MEMORY_INIT, FC_DATA, FC_MEM, 3, 0, 0},      // 8 memory.init: (d s n)
    {MW_OP_DATA_DROP, FC_DATA, FC_NONE, 0, 0, 0},       // 9 data.drop
    {MW_OP_MEMORY_COPY, FC_MEM, FC_MEM, 3, 0, 0},       // 10 memory.copy dst src: (d s n)
    {MW_OP_MEMORY_FILL, FC_MEM, FC_NONE, 3, 0, 0},      // 11 memory.fill: (d val n)
    {MW_OP_TABLE_INIT, FC_ELEM, FC_TABLE, 3, 0, 0},     // 12 table.init elem table: (d s n)
    {MW_OP_ELEM_DROP, FC_ELEM, FC_NONE, 0, 0, 0},       // 13 elem.drop
    {MW_OP_TABLE_COPY, FC_TABLE, FC_TABLE, 3, 0, 0},    // 14 table.copy dst src: (d s n)
    {MW_OP_TABLE_GROW, FC_TABLE, FC_NONE, 2, 1, 1},     // 15 table.grow: (ref n) -> i32
    {MW_OP_TABLE_SIZE, FC_TABLE, FC_NONE, 0, 0, 1},     // 16 table.size: -> i32
    {MW_OP_TABLE_FILL, FC_TABLE, FC_NONE, 3, 2, 0},     // 17 table.fill: (i ref n)
};

// An index of kind k (FC_*) into *idx.
static bool rd_fc_index(lower_t *L, uint8_t k, uint32_t *idx) {
    const mw_module *m = L->m;
    switch (k) {
        case FC_DATA:
            if (!m->has_datacount) {
                return mw_rd_malformed(&L->r, MW_D_DATA_COUNT_SECTION_REQUIRED);
            }
            return rd_index(L, idx, m->ndatas, MW_D_UNKNOWN_DATA_SEGMENT);
        case FC_ELEM:
            return rd_index(L, idx, m->nelems, MW_D_UNKNOWN_ELEM_SEGMENT);
        case FC_TABLE:
            return rd_index(L, idx, m->ntables, MW_D_UNKNOWN_TABLE);
        default:
            return rd_memidx(L, idx);
    }
}

static bool lower_prefixed(lower_t *L) {
    mw_module *m = L->m;
    uint32_t sub, x, y = 0, a;
    if (!mw_rd_u32(&L->r, &sub)) {
        return false;
    }
    if (sub <= 7) {
        return pop_expect(L, sat_sig[sub][0], &a)
               && emit_def(L, sat_sig[sub][1], (mw_op)(MW_OP_I32_TRUNC_SAT_F32_S + sub), a, 0, 0);
    }
    if (sub > 17) {
        return mw_rd_malformed(&L->r, MW_D_ILLEGAL_OPCODE);
    }
    uint8_t op = fc_rows[sub - 8].op, xk = fc_rows[sub - 8].x, yk = fc_rows[sub - 8].y;
    if (!rd_fc_index(L, xk, &x) || (yk != FC_NONE && !rd_fc_index(L, yk, &y))) {
        return false;
    }
    // table.init and table.copy: the source's reference type is the table's
    if (yk == FC_TABLE && (xk == FC_ELEM ? m->elems[x].type : m->tables[x].elem) != m->tables[y].elem) {
        return fail(L, MW_D_TYPE_MISMATCH);
    }
    uint32_t s[3] = {0, 0, 0};
    for (int i = fc_rows[sub - 8].npops - 1; i >= 0; i--) {
        uint8_t t = (fc_rows[sub - 8].rmask >> i) & 1 ? m->tables[x].elem : MW_I32;
        if (!pop_expect(L, t, &s[i])) {
            return false;
        }
    }
    if (fc_rows[sub - 8].def) {
        return emit_def(L, MW_I32, (mw_op)op, x, s[0], s[1]);
    }
    if (yk != FC_NONE) {
        return emit_op5(L, (mw_op)op, x, y, s[0], s[1], s[2]);
    }
    return emit_op(L, (mw_op)op, x, s[0], s[1], s[2]);
}

// A load or store `access` of memory 0 whose address is slot a: if the
// instruction just emitted computed a as an i32.add (or i32.sub) of a
// constant (add_imm_at), an i32.add or an I32_ADD_MUL, it becomes the fused
// `access`_X, _XR or _XM (mw_int.h, MW_MEM_X_FUSED), which the access follows unchanged.
static void fuse_address(lower_t *L, mw_op access, uint32_t a) {
    if (!MW_ALL_OPS) {
        return;     // (the small profile: its engine would run it as the add, then the access)
    }
    // an i64.load32_u: LOAD32_U's fused row's own I64_LOAD32_U row, whose
    // handler writes the whole slot (mw_int.h MW_I64_LOAD32_X_OP_LIST)
    bool i64 = access == MW_OP_I64_LOAD32_U;
    if (i64) {
        if (!MW_FUSED_ARITH) {
            return;
        }
        access = MW_OP_LOAD32_U;
    }
    uint32_t p0 = add_imm_at(L, a);
    if (p0 == NO_PATCH) {
        // or an i32.add of two values, or an I32_ADD_MUL, into slot a
        if (L->def_end != L->ncode || L->label_at == L->ncode || !live(L) || dst_at(L, L->patch_idx) != a) {
            return;
        }
        p0 = L->patch_idx - 1;
    }
    uint32_t op = L->code[p0];
    uint32_t fused = MW_OP_COUNT;
    #define MW_X_PAIR(X, name) case MW_OP_##name: fused = MW_OP_##name##X; break;
    if (op == MW_OP_I32_ADD_IMM) {
        switch (access) {
            MW_MEM_X_FUSED(MW_X_PAIR, _X)
            default:
                break;
        }
    } else if (op == MW_OP_I32_ADD) {
        switch (access) {
            MW_MEM_XR_FUSED(MW_X_PAIR, _XR)
            default:
                break;
        }
    } else if (op == MW_OP_I32_ADD_MUL) {
        switch (access) {
            MW_MEM_XM_FUSED(MW_X_PAIR, _XM)
            default:
                break;
        }
    }
    #undef MW_X_PAIR
    if (i64 && fused != MW_OP_COUNT) {
        fused = fused == MW_OP_LOAD32_U_X ? MW_OP_I64_LOAD32_U_X
                : fused == MW_OP_LOAD32_U_XR ? MW_OP_I64_LOAD32_U_XR : MW_OP_I64_LOAD32_U_XM;
        fused = MW_FUSED_DROP(fused) ? MW_OP_COUNT : fused;
    }
    if (fused != MW_OP_COUNT) {
        unpair_add_imm(L, p0);
        L->code[p0] = (mw_code_unit)fused;
    }
}

// A store `access` of memory 0 whose value is slot b: if the instruction
// just emitted computed b as an i32.add (or i32.sub) of a constant
// (add_imm_at), it becomes `access`_XV (mw_int.h, MW_MEM_XV_FUSED); as an
// i32.add of two values, STORE32_XVR; as a float add or subtract, F32_ADD_XV
// .. F64_SUB_XV (MW_XVF_OP_LIST).
static void fuse_value(lower_t *L, mw_op access, uint32_t b) {
    uint32_t p0;
    #if MW_FUSED_MEM
    // an i32.add "b x y" just emitted before a STORE32: STORE32_XVR; an f32
    // (f64) add or subtract, before a STORE32 (STORE64: the only store of
    // its type): F32_ADD_XV .. F64_SUB_XV, rows in the plain ops' order (not
    // in the small profile)
    p0 = L->patch_idx - 1;
    if (L->def_end == L->ncode && L->label_at != L->ncode && live(L) && dst_at(L, p0 + 1) == b) {
        uint32_t o = L->code[p0];
        if (access == MW_OP_STORE32 && o == MW_OP_I32_ADD && !MW_FUSED_DROP(MW_OP_STORE32_XVR)) {
            L->code[p0] = MW_OP_STORE32_XVR;
            return;
        }
        if ((o - MW_OP_F32_ADD <= 1 || o - MW_OP_F64_ADD <= 1) && !MW_FUSED_DROP(MW_OP_F32_ADD_XV)) {
            L->code[p0] = (mw_code_unit)(o < MW_OP_F64_ADD ? MW_OP_F32_ADD_XV + (o - MW_OP_F32_ADD)
                                                             : MW_OP_F64_ADD_XV + (o - MW_OP_F64_ADD));
            return;
        }
        #if MW_FUSED_ARITH
        if (access == MW_OP_STORE32 && o == MW_OP_F32_DEMOTE_F64 && !MW_FUSED_DROP(MW_OP_F32_DEMOTE_XV)) {
            L->code[p0] = MW_OP_F32_DEMOTE_XV;     // (a float computed in double, stored)
            return;
        }
        #endif
    }
    #endif
    mw_op fused;
    switch (MW_ALL_OPS ? access : MW_OP_COUNT) {   // (not in the small profile, as fuse_address)
        #define MW_X_PAIR(X, name) case MW_OP_##name: fused = MW_OP_##name##X; break;
        MW_MEM_XV_FUSED(MW_X_PAIR, _XV)
        #undef MW_X_PAIR
        default:
            return;
    }
    p0 = add_imm_at(L, b);
    if (p0 != NO_PATCH) {
        unpair_add_imm(L, p0);
        L->code[p0] = (mw_code_unit)fused;
    }
}

// A STORE32 of slot b to address a + offset about to be emitted, b just
// computed by a STORE32_XV (fuse_value) from the d of a LOAD32_U of the same
// a + offset right before it (no label between; a not written by either):
// that load becomes LOAD32_U_RMW (mw_int.h). The same for a float add or
// subtract: b an F32_ADD_XV or F32_SUB_XV (F64_ADD_XV, F64_SUB_XV before a
// STORE64) right after a LOAD32_U (LOAD64) of a + offset, which becomes
// LOAD32_U_RMWF (LOAD64_RMWF, MW_RMWF_OP_LIST); d on either side of the op.
// Not in the small profile.
static void fuse_rmw(lower_t *L, mw_op access, uint32_t a, uint32_t b, uint32_t offset) {
    #if MW_FUSED_MEM
    if ((access != MW_OP_STORE32 && access != MW_OP_STORE64) || L->def_end != L->ncode || L->label_at == L->ncode
        || !live(L) || L->patch_idx == 0 || L->prev_idx == 0) {
        return;
    }
    // "x d imm" / "x p q" at p0, "d a offset" at p1 (x d, x p, d a: slot pairs)
    uint32_t p0 = L->patch_idx - 1, p1 = L->prev_idx - 1, x = L->code[p0], d = mw_code_slot8(L->code + p1 + 1);
    mw_op load = MW_OP_LOAD32_U, fused = MW_OP_LOAD32_U_RMWF;
    if (access == MW_OP_STORE64) {
        load = MW_OP_LOAD64;
        fused = MW_OP_LOAD64_RMWF;
        x -= MW_OP_F64_ADD_XV - MW_OP_F32_ADD_XV;
    }
    if (x == MW_OP_STORE32_XV && access == MW_OP_STORE32 && mw_code_slot8h(L->code + p0 + 1) == d) {
        fused = MW_OP_LOAD32_U_RMW;
    } else if (x - MW_OP_F32_ADD_XV > 1u) {
        return;
    }
    if (MW_FUSED_DROP(fused)) {
        return;
    }
    if (mw_code_slot8(L->code + p0 + 1) != b || L->prev_end != p0 || L->label_at == p0 || L->code[p1] != load
        || mw_code_slot8h(L->code + p1 + 1) != a || L->code[p1 + 2] != offset || d == a || b == a) {
        return;
    }
    unpair_load(L, p1);
    L->code[p1] = (mw_code_unit)fused;
    #else
    (void)L, (void)access, (void)a, (void)b, (void)offset;
    #endif
}

// Memory 0's wide row of load or store iop (LOAD8_S .. STORE64) for an
// offset over MW_MAX_OFF16 or slots that do not fit a slot pair, else `ml`
// (MLOAD, MSTORE): the full profile has one for every width
// (MW_WIDE_OP_LIST); the small one the 32- and 64-bit ones only (mw_int.h
// LOAD32_U_W ..), as two tests a site: its lower.o the same size as before
// (a table or a helper was 8-56 B more of its Thumb-2).
#if MW_FUSED_ARITH
static const uint16_t wide_rows[] = {
    MW_OP_LOAD8_S_W, MW_OP_LOAD8_U_W, MW_OP_LOAD16_S_W, MW_OP_LOAD16_U_W, MW_OP_LOAD32_S_W, MW_OP_LOAD32_U_W,
    MW_OP_LOAD64_W, MW_OP_STORE8_W, MW_OP_STORE16_W, MW_OP_STORE32_W, MW_OP_STORE64_W,
};
_Static_assert(MW_OP_STORE64 - MW_OP_LOAD8_S == 10 && MW_OP_LOAD64 - MW_OP_LOAD8_S == 6,
               "wide_rows: the loads and stores in one run from LOAD8_S");
static mw_op wide_row(mw_op iop, mw_op ml) {
    mw_op w = (mw_op)wide_rows[iop - MW_OP_LOAD8_S];
    return MW_FUSED_DROP(w) ? ml : w;
}
#define WIDE_LOAD(iop) wide_row(iop, MW_OP_MLOAD)
#define WIDE_STORE(iop) wide_row(iop, MW_OP_MSTORE)
#else
#define WIDE_LOAD(iop) ((iop) == MW_OP_LOAD64 ? MW_OP_LOAD64_W : (iop) == MW_OP_LOAD32_U ? MW_OP_LOAD32_U_W : MW_OP_MLOAD)
#define WIDE_STORE(iop) \
    ((iop) == MW_OP_STORE64 ? MW_OP_STORE64_W : (iop) == MW_OP_STORE32 ? MW_OP_STORE32_W : MW_OP_MSTORE)
#endif

static bool lower_memarg(lower_t *L, uint8_t op) {
    uint32_t align, offset, mem = 0, a, b;
    if (!rd_u32(L, &align)) {
        return false;
    }
    if ((align & MW_MEMARG_HAS_MEMIDX) && L->m->multi_memory) {
        align &= ~MW_MEMARG_HAS_MEMIDX;
        if (!mw_rd_u32(&L->r, &mem)) {
            return false;
        }
    }
    if (!rd_u32(L, &offset)) {
        return false;
    }
    if (mem >= L->m->nmems) {
        return fail(L, MW_D_UNKNOWN_MEMORY);
    }
    if (align > memops[op - MW_W_I32_LOAD].align) {
        return fail(L, MW_D_ALIGNMENT_MUST_NOT_BE_LARGER_THAN_NATURAL);
    }
    uint8_t t = memops[op - MW_W_I32_LOAD].type;
    mw_op iop = (mw_op)memops[op - MW_W_I32_LOAD].op;
    // memory 0: the op itself, its offset in one unit (OFF16); an offset
    // over MW_MAX_OFF16 (or slots that do not both fit a slot pair: a frame
    // over 256 slots): its wide row (wide_row); another memory: MLOAD/MSTORE
    // naming the memory
    bool other = mem != 0 || offset > MW_MAX_OFF16;
    if (op <= MW_W_I64_LOAD32_U) {
        if (!pop_expect(L, MW_I32, &a)) {
            return false;
        }
        if (other || !MW_FITS_SLOT8(a, slot(L, L->nvals))) {
            if (mem == 0 && WIDE_LOAD(iop) != MW_OP_MLOAD) {
                return emit_def(L, t, WIDE_LOAD(iop), a, offset, 0);
            }
            return emit_def4(L, t, MW_OP_MLOAD, a, offset, mem, iop);
        }
        if (t == MW_I64 && (iop == MW_OP_LOAD8_U || iop == MW_OP_LOAD32_U)) {
            // the whole slot written, no row after the load fused; a byte's
            // no fused address op either (mw_int.h I64_LOAD8_U, I64_LOAD32_U)
            iop = iop == MW_OP_LOAD8_U ? MW_OP_I64_LOAD8_U : MW_OP_I64_LOAD32_U;
        }
        #if MW_FUSED_ARITH
        if (t == MW_I64 && iop == MW_OP_LOAD16_U && !MW_FUSED_DROP(MW_OP_I64_LOAD16_U)) {
            iop = MW_OP_I64_LOAD16_U;     // (as I64_LOAD8_U, the full profile's: mw_int.h)
        }
        #endif
        if (offset == 0) {
            fuse_address(L, iop, a);    // (a fused load's handler takes no offset: mw_int.h MW_MEM_X_FUSED)
        }
        fuse_load_pair(L, iop);
        return emit_def(L, t, iop, a, offset, 0);
    }
    // a constant value (i32/f32, or a 64-bit one that fits 32 bits signed)
    // stored to memory 0 needs no slot: STORE32_K / STORE64_K (mw_int.h)
    // (and, full profile, an i32's low byte or halfword: STORE8_K, STORE16_K)
    operand_t *k = top_const(L);
    bool narrow = MW_FUSED_ARITH && t == MW_I32 && (iop == MW_OP_STORE8 || iop == MW_OP_STORE16)
                  && !MW_FUSED_DROP(iop == MW_OP_STORE8 ? MW_OP_STORE8_K : MW_OP_STORE16_K);
    if (k != NULL && k->type == t && !other
        && (iop == MW_OP_STORE32 || narrow || (iop == MW_OP_STORE64 && (int64_t)k->cval == (int32_t)k->cval))) {
        uint32_t kv = (uint32_t)k->cval;
        L->nvals--;
        if (!pop_expect(L, MW_I32, &a)) {
            return false;
        }
        mw_op kop = iop == MW_OP_STORE32   ? MW_OP_STORE32_K
                    : iop == MW_OP_STORE64 ? MW_OP_STORE64_K
                    : iop == MW_OP_STORE8  ? MW_OP_STORE8_K
                                           : MW_OP_STORE16_K;
        return emit_op(L, kop, a, kv, offset, 0);
    }
    if (!pop_expect(L, t, &b) || !pop_expect(L, MW_I32, &a)) {
        return false;
    }
    if (other || !MW_FITS_SLOT8(a, b)) {
        if (mem == 0 && WIDE_STORE(iop) != MW_OP_MSTORE) {
            return emit_op(L, WIDE_STORE(iop), a, b, offset, 0);
        }
        return emit_op5(L, MW_OP_MSTORE, a, b, offset, mem, iop);
    }
    fuse_value(L, iop, b);
    fuse_address(L, iop, a);
    fuse_rmw(L, iop, a, b, offset);
    return emit_op(L, iop, a, b, offset, 0);
}

// Local x's bit in amask and br_asg (0 from local 32 on, and without
// MW_ASSIGN_BRANCHES: a block with a branch out forgets those).
static bool save_reads(lower_t *L, uint32_t x, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        if (L->vals[i].loc != x) {
            continue;
        }
        if (LAZY_UNDER(L) && i < TOP(L)->height && live(L)) {
            L->lazy_conflict = true;
            return false;
        }
        if (!emit_copy(L, slot(L, i), x)) {
            return false;
        }
        L->vals[i].loc = slot(L, i);
    }
    return true;
}

// local.set / local.tee of local x (value on top).
static SMALL_OUT bool lower_local_set(lower_t *L, uint32_t x, bool tee) {
    uint32_t a;
    uint8_t t = L->locals[x];
    operand_t *k = top_const(L);
    if (k != NULL && k->type == t) {
        // a constant goes straight into the local (after older reads of it)
        uint32_t pos = L->nvals - 1;
        if (!save_reads(L, x, pos) || !const_into(L, pos, x)) {
            return false;
        }
        L->nvals--;
        return !tee || push_at(L, t, x);
    }
    bool lazy_refs = false;
    for (uint32_t i = 0; i + 1 < L->nvals; i++) {
        lazy_refs |= L->vals[i].loc == x;
    }
    bool top_fresh = L->nvals > L->ctrls[L->nctrls - 1].height
                     && L->vals[L->nvals - 1].loc == slot(L, L->nvals - 1);
    if (!pop_expect(L, t, &a)) {
        return false;
    }
    if (!live(L)) {
        return !tee || push_at(L, t, x);
    }
    if (top_fresh && !lazy_refs && L->patch_end == L->ncode && L->label_at != L->ncode
        && dst_at(L, L->patch_idx) == a && set_dst_at(L, L->patch_idx, x)) {
        // the producer writes the local directly
        L->patch_end = NO_PATCH;
    } else {
        // earlier reads of x still on the stack must see its old value
        if (!save_reads(L, x, L->nvals) || (a != x && !emit_copy(L, x, a))) {
            return false;
        }
    }
    return !tee || push_at(L, t, x);
}
static bool lower_call(lower_t *L, uint8_t op) {
    mw_module *m = L->m;
    uint32_t a, x, y;
    switch (op) {
        case MW_W_CALL: {
            if (!rd_index(L, &x, m->nfuncs, MW_D_UNKNOWN_FUNCTION)) {
                return false;
            }
            const mw_functype *ct = m->types[m->functypes[x]];
            bool imported = x < m->nfunc_imports;
            if (!materialize_top(L, ct->nparams) || !pop_types(L, ct->types, ct->nparams)
                || !emit_op(L, imported ? MW_OP_CALL
                               : x - m->nfunc_imports <= 0xffffu ? MW_OP_CALL_DEF : MW_OP_CALL_DEF_W,
                    imported ? x : x - m->nfunc_imports, slot(L, L->nvals), 0, 0)
                || !push_types(L, ct->types + ct->nparams, ct->nresults)) {
                return false;
            }
            break;
        }
        case MW_W_CALL_INDIRECT: {
            if (!rd_index(L, &x, m->ntypes, MW_D_UNKNOWN_TYPE) || !rd_index(L, &y, m->ntables, MW_D_UNKNOWN_TABLE)) {
                return false;
            }
            if (m->tables[y].elem != MW_FUNCREF) {
                return fail(L, MW_D_TYPE_MISMATCH);
            }
            const mw_functype *ct = m->types[x];
            // the index is read before the arguments move into place
            if (!pop_expect(L, MW_I32, &a)) {
                return false;
            }
            // the index is a local or the slot above the arguments: moving
            // the arguments into place does not overwrite it
            if (!materialize_top(L, ct->nparams)) {
                return false;
            }
            // through a table the module defines, its own instance's
            // (mw_int.h CALL_INDIRECT_OWN)
            mw_op call = MW_FUSED_ARITH && y >= m->ntable_imports && !MW_FUSED_DROP(MW_OP_CALL_INDIRECT_OWN)
                             ? MW_OP_CALL_INDIRECT_OWN : MW_OP_CALL_INDIRECT;
            if (!pop_types(L, ct->types, ct->nparams) || !emit_op(L, call, x, y, a, slot(L, L->nvals))
                || !push_types(L, ct->types + ct->nparams, ct->nresults)) {
                return false;
            }
            break;
        }
    }
    return true;
}

#if MW_FUSED_ARITH
static uint32_t feeds_at(lower_t *L, uint32_t a, uint32_t b);

// A select about to pop its three operands (a b c), where c is the result
// of the i32 compare or i32.and just emitted ("t x y", or its _IMM form "t
// x k"; feeds_at: read nowhere else), and a, b are of one numeric type
// (`want`, a typed select's, or T_UNKNOWN: any). An untyped i32 select of
// x and y in either order (with a constant: x and k, the constant not yet
// in a slot), on an ordering compare, is their minimum or maximum
// (MW_MINMAX_OP_LIST); any other takes the compare in: SELECT_EQ ..
// SELECT_LT_U_IMM "d a b x y" (MW_SELCMP_OP_LIST), emitted after a
// constant arm's CONST16/CONST32 (as for SELECT). The three are popped.
// Returns whether it did (*failed: an emit failed). Not in the small
// profile.
static bool select_fused(lower_t *L, uint8_t want, bool *failed) {
    ctrl_t *cf = &L->ctrls[L->nctrls - 1];
    if (L->nvals < cf->height + 3) {
        return false;
    }
    operand_t *a = &L->vals[L->nvals - 3], *b = a + 1, *c = a + 2;
    uint32_t p0 = feeds_at(L, c->loc, c->loc), v[MW_MAX_IMMS];
    uint8_t t = a->type;
    if (p0 == NO_PATCH || c->loc == LOC_CONST || t != b->type || t == T_UNKNOWN || mw_is_reftype(t)
        || (want != T_UNKNOWN && t != want)) {
        return false;
    }
    // i: EQ NE LT_S LT_U GT_S GT_U LE_S LE_U GE_S GE_U from I32_EQ (_IMM), 10 AND
    uint32_t cmp = L->code[p0], i = cmp - MW_OP_I32_EQ, imm = 0;
    if (i > 9) {
        i = cmp - MW_OP_I32_EQ_IMM;
        imm = 4;
        if (i > 9) {
            i = 10;
            imm = cmp == MW_OP_I32_AND_IMM ? 4 : 0;
            if (cmp != MW_OP_I32_AND && !imm) {
                return false;
            }
        }
    }
    mw_code_imms(L->code + p0, v);
    uint32_t x = v[1], y = v[2], k = (i - 2) >> 1;     // (2 <= i < 10) 0 lt, 1 gt, 2 le, 3 ge
    if (want == T_UNKNOWN && t == MW_I32 && i - 2 < 8 && !MW_FUSED_DROP(MW_OP_I32_MIN_S)) {
        // a b: x y (swap 0) or y x (swap 1); with a constant, y is the constant
        bool ax = a->loc == x, ay = imm ? a->loc == LOC_CONST && (uint32_t)a->cval == y : a->loc == y;
        bool bx = b->loc == x, by = imm ? b->loc == LOC_CONST && (uint32_t)b->cval == y : b->loc == y;
        if ((ax && by) || (ay && bx)) {
            // x < y ? x : y (lt, le) is the minimum, x > y ? x : y (gt, ge)
            // the maximum; the arms the other way round, the other one
            uint32_t max = (k ^ ay) & 1;
            L->ncode = p0;
            L->patch_end = L->def_end = NO_PATCH;
            L->nvals -= 3;
            *failed = !emit_def(L, MW_I32, (mw_op)(MW_OP_I32_MIN_S + imm + 2 * max + (i & 1)), x, y, 0);
            return true;
        }
    }
    if (MW_FUSED_DROP(MW_OP_SELECT_EQ)) {
        return false;
    }
    // ne: eq with the arms swapped; ge: !(x < y); gt: y < x; le: !(y < x)
    // (with a constant k: gt !(x < k + 1), le x < k + 1)
    bool swap = i < 2 ? i == 1 : i < 10 && k >= 2, mirror = i - 2 < 8 && (k == 1 || k == 2);
    if (mirror && imm) {
        if (y == ((i & 1) ? UINT32_MAX : (uint32_t)INT32_MAX)) {
            return false;           // k + 1 wraps
        }
        y++;
        swap = !swap;
    } else if (mirror) {
        uint32_t z = x;
        x = y;
        y = z;
    }
    // a constant arm goes into its own slot: not one the compare read
    for (uint32_t pos = L->nvals - 3; pos < L->nvals - 1; pos++) {
        if (L->vals[pos].loc == LOC_CONST && (slot(L, pos) == x || (!imm && slot(L, pos) == y))) {
            return false;
        }
    }
    L->ncode = p0;
    L->patch_end = L->def_end = NO_PATCH;
    L->nvals--;
    uint32_t la, lb;
    if (!pop(L, &t, &lb) || !pop(L, &t, &la)) {
        *failed = true;
        return true;
    }
    uint32_t row = i == 10 ? 1 : i < 2 ? 0 : 2 + (i & 1);
    *failed = !emit_def4(L, t, (mw_op)(MW_OP_SELECT_EQ + imm + row), swap ? lb : la, swap ? la : lb, x, y);
    return true;
}
#endif

// Parametric instructions (spec 3.3.4): drop, select. (GCC's choice: out of
// line it saved 58 B of Thumb-2 text once, in line 10 B at session 26)
static bool lower_parametric(lower_t *L, uint8_t op) {
    mw_reader *r = &L->r;
    uint8_t t, t2;
    uint32_t a, b, c3;
    switch (op) {
        case MW_W_DROP:
            if (top_const(L) != NULL) {
                L->nvals--;       // a dropped constant never needs a slot
            } else if (!pop(L, &t, NULL)) {
                return false;
            }
            break;
        case MW_W_SELECT:
        case MW_W_SELECT_T:
            if (op == MW_W_SELECT_T) {
                if (!mw_rd_u32(r, &a)) {
                    return false;
                }
                if (a != 1) {
                    return fail(L, MW_D_INVALID_RESULT_ARITY);
                }
                if (!mw_rd_valtype(r, &t2)) {
                    return false;
                }
                #if MW_FUSED_ARITH
                bool failed = false;
                if (select_fused(L, t2, &failed)) {
                    return !failed;
                }
                #endif
                if (!pop_expect(L, MW_I32, &c3) || !pop_expect(L, t2, &b) || !pop_expect(L, t2, &a)) {
                    return false;
                }
                t = t2;
            } else {
                #if MW_FUSED_ARITH
                bool failed = false;
                if (select_fused(L, T_UNKNOWN, &failed)) {
                    return !failed;
                }
                #endif
                if (!pop_expect(L, MW_I32, &c3) || !pop(L, &t, &b) || !pop(L, &t2, &a)) {
                    return false;
                }
                if ((t != T_UNKNOWN && mw_is_reftype(t)) || (t2 != T_UNKNOWN && mw_is_reftype(t2))
                    || (t != t2 && t != T_UNKNOWN && t2 != T_UNKNOWN)) {
                    return fail(L, MW_D_TYPE_MISMATCH);
                }
                t = t == T_UNKNOWN ? t2 : t;
            }
            if (!emit_def(L, t, MW_OP_SELECT, a, b, c3)) {
                return false;
            }
            break;
    }
    return true;
}

// Variable instructions (spec 3.3.5): locals and globals.
static bool lower_variable(lower_t *L, uint8_t op) {
    mw_module *m = L->m;
    uint32_t a, x;
    // the index, read at one place for the four: in line where lowering is
    // made fast (local.get/set/tee: a third of a body's instructions)
    bool local = op <= MW_W_LOCAL_TEE;
    #if MW_LOWER_FAST
    if (L->r.p < L->r.end && *L->r.p < 0x80 && *L->r.p < (local ? L->nlocals : m->nglobals)) {
        x = *L->r.p++;
    } else
    #endif
    if (!rd_index(L, &x, local ? L->nlocals : m->nglobals, local ? MW_D_UNKNOWN_LOCAL : MW_D_UNKNOWN_GLOBAL)) {
        return false;
    }
    switch (op) {
        case MW_W_LOCAL_GET:
            if (!push_at(L, L->locals[x], x)) {
                return false;
            }
            note_get(L, x);
            break;
        case MW_W_LOCAL_SET:
        case MW_W_LOCAL_TEE:
            if (!lower_local_set(L, x, op == MW_W_LOCAL_TEE)) {
                return false;
            }
            note_set(L, x);
            break;
        case MW_W_GLOBAL_GET:
            if (!emit_def(L, m->globals[x].type, MW_OP_GLOBAL_GET, x, 0, 0)) {
                return false;
            }
            break;
        case MW_W_GLOBAL_SET:
            if (!m->globals[x].mut) {
                return fail(L, MW_D_GLOBAL_IS_IMMUTABLE);
            }
            if (!pop_expect(L, m->globals[x].type, &a) || !emit_op(L, MW_OP_GLOBAL_SET, x, a, 0, 0)) {
                return false;
            }
            break;
    }
    return true;
}

// Reference and table instructions (spec 3.3.2, 3.3.6) other than the
// 0xfc-prefixed ones.
static bool lower_reference(lower_t *L, uint8_t op) {
    mw_reader *r = &L->r;
    mw_module *m = L->m;
    uint8_t t;
    uint32_t a, b, x;
    switch (op) {
        case MW_W_TABLE_GET:
            if (!rd_index(L, &x, m->ntables, MW_D_UNKNOWN_TABLE) || !pop_expect(L, MW_I32, &a)
                || !emit_def(L, m->tables[x].elem, MW_OP_TABLE_GET, x, a, 0)) {
                return false;
            }
            break;
        case MW_W_TABLE_SET:
            if (!rd_index(L, &x, m->ntables, MW_D_UNKNOWN_TABLE) || !pop_expect(L, m->tables[x].elem, &b)
                || !pop_expect(L, MW_I32, &a) || !emit_op(L, MW_OP_TABLE_SET, x, a, b, 0)) {
                return false;
            }
            break;
        case MW_W_REF_NULL:
            if (!mw_rd_reftype(r, &t) || !push_const(L, t, 0)) {
                return false;
            }
            break;
        case MW_W_REF_IS_NULL:
            if (!pop(L, &t, &a)) {
                return false;
            }
            if (t != T_UNKNOWN && !mw_is_reftype(t)) {
                return fail(L, MW_D_TYPE_MISMATCH);
            }
            if (!emit_def(L, MW_I32, MW_OP_REF_IS_NULL, a, 0, 0)) {
                return false;
            }
            break;
        case MW_W_REF_FUNC:
            if (!rd_index(L, &x, m->nfuncs, MW_D_UNKNOWN_FUNCTION)) {
                return false;
            }
            if (!(m->declared_refs[x >> 3] & (1 << (x & 7)))) {
                return fail(L, MW_D_UNDECLARED_FUNCTION_REFERENCE);
            }
            if (!emit_def(L, MW_FUNCREF, MW_OP_REF_FUNC, x, 0, 0)) {
                return false;
            }
            break;
    }
    return true;
}

// Memory instructions (spec 3.3.7) 0x28..0x40: loads, stores, memory.size/grow.
static bool lower_memory(lower_t *L, uint8_t op) {
    uint32_t a, x;
    switch (op) {
        case MW_W_MEMORY_SIZE:
            if (!rd_memidx(L, &x) || !emit_def(L, MW_I32, MW_OP_MEMORY_SIZE, x, 0, 0)) {
                return false;
            }
            break;
        case MW_W_MEMORY_GROW:
            if (!rd_memidx(L, &x) || !pop_expect(L, MW_I32, &a)
                || !emit_def(L, MW_I32, MW_OP_MEMORY_GROW, x, a, 0)) {
                return false;
            }
            break;
        default:
            if (!lower_memarg(L, op)) {
                return false;
            }
            break;
    }
    return true;
}

// Numeric instructions (spec 3.3.1) 0x41..0xc4: constants, then the
// operations in binary-opcode order.
// The instruction just emitted, if its destination is the stack slot of a or
// b (so the operation about to be emitted is the only reader of its result):
// its start, else NO_PATCH.
static uint32_t feeds_at(lower_t *L, uint32_t a, uint32_t b) {
    if (L->patch_end != L->ncode || L->label_at == L->ncode || !live(L)) {
        return NO_PATCH;
    }
    uint32_t p0 = L->patch_idx - 1;
    uint32_t t = dst_at(L, L->patch_idx);
    return t < L->nlocals || (t != a && t != b) ? NO_PATCH : p0;
}

// i32.add of slots a and b where the instruction just emitted computed one of
// them into its stack slot as x << k or x * k (an array element's address):
// that instruction gives way to I32_ADD_MUL d other x multiplier (lower_numeric).
// Returns its start, or NO_PATCH (emit the add as usual).
static uint32_t add_mul_at(lower_t *L, uint32_t a, uint32_t b) {
    uint32_t p0 = feeds_at(L, a, b);
    if (p0 == NO_PATCH || (L->code[p0] != MW_OP_I32_SHL_IMM && L->code[p0] != MW_OP_I32_MUL_IMM)) {
        return NO_PATCH;
    }
    return p0;
}

#if MW_FUSED_ARITH
// The last producer, at q, gives way to the fused op about to be emitted in
// its place: the code ends before it and the producer before it is the last.
static void drop_prev(lower_t *L, uint32_t q) {
    L->ncode = q;
    L->patch_idx = L->prev2_idx;
    L->def_end = L->prev2_end;
    L->prev_idx = 0;
    L->prev_end = NO_PATCH;
}

// I64_MUL_ADD "d x y c" about to be emitted into d = c where the instruction
// right before the multiply it replaces (at p0, no label between) is an
// I64_MUL_ADD "c a b c" adding into the same slot: that one becomes
// I64_MUL_ADD2 "c a b x y" (mw_int.h), which also does this link. Returns
// whether it did (*failed: the emit failed). A link already in a pair stays
// out: of three in a row the first two pair, the third may pair with a
// fourth.
static bool mul_add_chain(lower_t *L, uint32_t p0, uint32_t x, uint32_t y, uint32_t c, bool *failed) {
    uint32_t q = L->prev_idx - 1, v[MW_MAX_IMMS];
    if (L->prev_idx == 0 || L->prev_end != p0 || L->label_at == p0 || L->code[q] != MW_OP_I64_MUL_ADD
        || slot(L, L->nvals) != c || MW_FUSED_DROP(MW_OP_I64_MUL_ADD2)) {
        return false;
    }
    mw_code_imms(L->code + q, v);
    if (v[0] != c || v[3] != c) {
        return false;
    }
    // the pair is the last producer, with what came before the first link before it
    drop_prev(L, q);
    *failed = !emit_def4(L, MW_I64, MW_OP_I64_MUL_ADD2, v[1], v[2], x, y);
    return true;
}

// An I64_MUL_ADD2 "d a b x y" that is the last instruction, split back into
// its two links "d a b d" and "d x y d" (SSSS: a slot a unit), the second
// the last producer (a local.set retargets it: set_dst_at).
bool split_mul_add2(lower_t *L) {
    uint32_t p = L->patch_idx - 1;
    if (!code_room(L, 2 * (1 + MW_N(I64_MUL_ADD)) - (1 + MW_N(I64_MUL_ADD2)))) {
        return false;
    }
    mw_code_unit *c = L->code + p, d = c[1], x = c[4], y = c[5];
    c[0] = c[5] = MW_OP_I64_MUL_ADD;
    c[4] = c[6] = c[9] = d;
    c[7] = x;
    c[8] = y;
    L->patch_idx = p + 6;
    L->ncode = L->patch_end = L->def_end = p + 10;
    return true;
}
#endif

#if MW_FUSED_ARITH
// F64_ADD_PROMOTE "d a x" about to be emitted at p0 (its promote dropped),
// where the instruction right before (ending at p0, no label between) is an
// F32_MUL "x y z" into the stack slot x: both give way to
// F64_ADD_PROMOTE_MUL "d a y z" (mw_int.h), the last producer. Returns
// whether it did (*failed: the emit failed).
static bool promote_mul(lower_t *L, uint32_t p0, uint32_t a, uint32_t x, bool *failed) {
    uint32_t q = L->prev_idx - 1;
    if (L->prev_idx == 0 || L->prev_end != p0 || L->label_at == p0 || L->code[q] != MW_OP_F32_MUL
        || mw_code_slot8(L->code + q + 1) != x || x < L->nlocals || MW_FUSED_DROP(MW_OP_F64_ADD_PROMOTE_MUL)) {
        return false;
    }
    uint32_t y = mw_code_slot8h(L->code + q + 1), z = L->code[q + 2];    // "x y z": x y a slot pair
    drop_prev(L, q);
    *failed = !emit_def(L, MW_F64, MW_OP_F64_ADD_PROMOTE_MUL, a, y, z);
    return true;
}
#endif

#if MW_FUSED_ARITH
// The MW_SHIFT_COMB_OP_LIST row of the wasm add, or or xor `op` (i32 or i64)
// whose operand the shift by a constant `sh` (an _IMM row) computed; MW_OP_COUNT
// for a pair without one (an i32 shl with an or is I32_SHL_OR, with an add
// I32_ADD_MUL: lower_numeric).
static mw_op shift_comb_row(uint8_t op, uint32_t sh) {
    enum { NONE = 0xff };
    // by shift (i64 shl, shr_s, shr_u, then i32 the same) and by add, or,
    // xor: the row, counted from I64_SHL_ADD
    static const uint8_t rows[6][3] = {
        {0, 3, NONE}, {1, NONE, NONE}, {2, 4, 5}, {NONE, NONE, 9}, {6, NONE, NONE}, {7, 8, 10},
    };
    uint32_t s, c;
    if (sh >= MW_OP_I64_SHL_IMM && sh <= MW_OP_I64_SHR_U_IMM) {
        s = sh - MW_OP_I64_SHL_IMM;
        c = (uint32_t)op - MW_W_I64_ADD;
    } else if (sh >= MW_OP_I32_SHL_IMM && sh <= MW_OP_I32_SHR_U_IMM) {
        s = 3 + sh - MW_OP_I32_SHL_IMM;
        c = (uint32_t)op - MW_W_I32_ADD;
    } else {
        return MW_OP_COUNT;
    }
    // add, or, xor: the opcodes add + 0, + 8, + 9 (spec 5.4.7)
    c = c == 0 ? 0 : c == 8 ? 1 : c == 9 ? 2 : NONE;
    uint32_t row = c == NONE ? NONE : rows[s][c];
    return row == NONE ? MW_OP_COUNT : (mw_op)(MW_OP_I64_SHL_ADD + row);
}
#endif

// Wasm `op` of slots a b (an add or a subtract) where the instruction just
// emitted is a multiply "t x y" (F32_MUL, I32_MUL, I64_MUL) of t = a or b
// (t = a for a subtract): the multiply gives way to the fused op
// (F32_MUL_ADD .. I64_MUL_ADD "d x y c", d = x * y + c, or - c), which is
// emitted. Returns whether it did; false also for a failed emit (L->r's
// status says which). Likewise an i32.add (i32.xor) feeding an i32.add
// (i32.xor) on either side: I32_ADD3 (I32_XOR3) "d x y c", d = x + y + c;
// a rotation by a constant feeding an i32.xor: I32_ROTL_XOR "d x c k"; a
// shift left by a constant feeding an i32.or: I32_SHL_OR "d x c k"; a
// rotation by a constant feeding an i32.add: I32_ROTL_ADD "d x c k"; a
// rotated sum (I32_ADD_ROTL "t x y k") feeding an i32.xor or i32.add:
// I32_ADD_ROTL_XOR, I32_ADD_ROTL_ADD "d x y c k"; and an
// f64.promote_f32 "t x" feeding an f64.add or f64.mul as its right operand
// (t = b): F64_ADD_PROMOTE, F64_MUL_PROMOTE "d a x".
// Not in the small profile (MW_FUSED_ARITH=0).
static bool mul_fused(lower_t *L, uint8_t op, uint8_t tr, uint32_t a, uint32_t b, bool *failed) {
    #if MW_FUSED_ARITH
    uint32_t p0 = feeds_at(L, a, b);
    if (p0 == NO_PATCH) {
        return false;
    }
    uint32_t mul = L->code[p0], v[MW_MAX_IMMS];
    mw_code_imms(L->code + p0, v);
    uint32_t t = v[0];
    mw_op f = MW_OP_COUNT;
    if (op == MW_W_F32_ADD && mul == MW_OP_F32_MUL) {
        f = MW_OP_F32_MUL_ADD;
    } else if (op == MW_W_F32_SUB && mul == MW_OP_F32_MUL && t == a) {
        f = MW_OP_F32_MUL_SUB;
    } else if (op == MW_W_I32_ADD && mul == MW_OP_I32_MUL) {
        f = MW_OP_I32_MUL_ADD;
    } else if (op == MW_W_I64_ADD && mul == MW_OP_I64_MUL) {
        f = MW_OP_I64_MUL_ADD;
    } else if (op == MW_W_I32_ADD && mul == MW_OP_I32_ADD) {
        f = MW_OP_I32_ADD3;
    } else if (op == MW_W_I32_XOR && mul == MW_OP_I32_XOR) {
        f = MW_OP_I32_XOR3;
    } else if (op == MW_W_I32_XOR && (mul == MW_OP_I32_ROTL_IMM || mul == MW_OP_I32_ROTR_IMM)) {
        f = MW_OP_I32_ROTL_XOR;
    } else if (op == MW_W_I32_OR && mul == MW_OP_I32_SHL_IMM) {
        f = MW_OP_I32_SHL_OR;
    } else if ((op == MW_W_F64_ADD || op == MW_W_F64_MUL) && mul == MW_OP_F64_PROMOTE_F32 && t == b) {
        // the promoted f32 as the right operand (as flac and speexdsp
        // have it; the left one too measured nothing, for 16 B)
        f = op == MW_W_F64_ADD ? MW_OP_F64_ADD_PROMOTE : MW_OP_F64_MUL_PROMOTE;
    } else if (op == MW_W_F64_ADD && mul == MW_OP_F64_MUL_PROMOTE) {
        // that product added to a double (either side): a sum of double
        // coefficients times float samples (samplerate's filters, flac)
        f = MW_OP_F64_MUL_PROMOTE_ADD;
    } else if (op == MW_W_I32_ADD && (mul == MW_OP_I32_LT_U || mul == MW_OP_I32_GT_U)) {
        // a carry out of a limb's sum added into the next (mbedtls' MULADDC)
        f = MW_OP_I32_ADD_LT_U;
    } else if (op == MW_W_I64_XOR && mul == MW_OP_I64_ROTL_IMM) {
        f = MW_OP_I64_ROTL_XOR;
    } else if ((op == MW_W_I32_XOR || op == MW_W_I32_ADD) && mul == MW_OP_I32_ADD_ROTL) {
        // a rotated sum xored (Salsa20's `x4 ^= rotl(x0 + x12, 7)`) or
        // added (MD5's, RIPEMD-160's `a = rotl(a + .., s) + b`)
        f = op == MW_W_I32_XOR ? MW_OP_I32_ADD_ROTL_XOR : MW_OP_I32_ADD_ROTL_ADD;
    } else if (op == MW_W_I32_ADD && (mul == MW_OP_I32_ROTL_IMM || mul == MW_OP_I32_ROTR_IMM)) {
        f = MW_OP_I32_ROTL_ADD;       // SHA-1's `rotl(a, 5) + e`
    } else {
        f = shift_comb_row(op, mul);  // `c += d >> 52`, `h ^= h >> 33`
    }
    if (f == MW_OP_COUNT || MW_FUSED_DROP(f)) {
        return false;
    }
    // "t x y": the factors (a rotation: "t x k")
    uint32_t x = v[1], y = v[2], c = t == a ? b : a;
    L->ncode = p0;
    L->patch_end = L->def_end = NO_PATCH;
    if (f == MW_OP_F64_ADD_PROMOTE || f == MW_OP_F64_MUL_PROMOTE) {
        #if MW_FUSED_ARITH
        // an add of a promoted f32 product (an F32_MUL into x, a stack
        // slot, right before): F64_ADD_PROMOTE_MUL
        if (f == MW_OP_F64_ADD_PROMOTE && promote_mul(L, p0, a, x, failed)) {
            return true;
        }
        #endif
        *failed = !emit_def(L, tr, f, a, x, 0);    // "t x": d = a op promote(x)
    } else if (f == MW_OP_I32_ADD_ROTL_XOR || f == MW_OP_I32_ADD_ROTL_ADD) {
        // "t x y k" (I32_ADD_ROTL): rotl(x + y, k) op c
        *failed = !emit_def4(L, tr, f, x, y, c, v[3]);
    } else if (f == MW_OP_I32_ROTL_XOR || f == MW_OP_I32_SHL_OR || f == MW_OP_I64_ROTL_XOR || f == MW_OP_I32_ROTL_ADD
               || (f >= MW_OP_I64_SHL_ADD && f <= MW_OP_I32_SHR_U_XOR)) {
        // "d x c k": rotl(x, k) ^ c (+ c), a rotr by k as the rotl by 32 - k; (x << k) | c,
        // and the MW_SHIFT_COMB_OP_LIST rows (x sh k) op c (an i64 rotr is an
        // I64_ROTL_IMM already)
        *failed = !emit_def(L, tr, f, x, c, mul == MW_OP_I32_ROTR_IMM ? (32 - y) & 31 : y);
    } else if (f == MW_OP_I32_ADD_LT_U) {
        // "d x y c": c + (x <u y); x >u y is y <u x
        *failed = !emit_def(L, tr, f, mul == MW_OP_I32_GT_U ? y : x, mul == MW_OP_I32_GT_U ? x : y, c);
    } else if (f != MW_OP_I64_MUL_ADD || !mul_add_chain(L, p0, x, y, c, failed)) {
        *failed = !emit_def(L, tr, f, x, y, c);
    }
    return true;
    #else
    (void)L, (void)op, (void)tr, (void)a, (void)b, (void)failed;
    return false;
    #endif
}

// The i32 op `o` with a constant kv (an _IMM row) of slot a, where the
// instruction just emitted computed a into its stack slot as a shift of a
// constant or a multiply: a shift left then right (I32_SHL_SHR_U), a shift
// right then a mask (I32_SHR_U_AND) or a product shifted right, signed
// (I32_MUL_SHR_S), it gives way to the fused op, emitted here; likewise an
// xor then a rotation by a constant, i32 or i64 (I32_XOR_ROTL, I64_XOR_ROTL),
// and an add then an i32 rotation by a constant (I32_ADD_ROTL). Returns
// whether it did (*failed: the emit failed). Not in the small profile.
static bool imm_fused(lower_t *L, mw_op o, uint32_t a, uint32_t kv, bool *failed) {
    #if MW_FUSED_ARITH
    uint32_t p0 = feeds_at(L, a, a);
    if (p0 == NO_PATCH) {
        return false;
    }
    // "t x k" (a shift) or "t x y"
    uint32_t prod = L->code[p0], v[MW_MAX_IMMS];
    mw_code_imms(L->code + p0, v);
    uint32_t x = v[1], b = v[2];
    mw_op f;
    if (prod == MW_OP_I32_SHL_IMM && o == MW_OP_I32_SHR_S_IMM && b == kv && (kv == 16 || kv == 24)) {
        // (x << k) >> k, signed: the low 16 or 8 bits sign-extended (C's
        // (int16_t) cast: 16-bit fixed point), i32.extend16_s / extend8_s
        // (unsigned, k == k: I32_SHL_SHR_U, one op already)
        f = kv == 16 ? MW_OP_I32_EXTEND16_S : MW_OP_I32_EXTEND8_S;
    } else if (prod == MW_OP_I32_SHL_IMM && o == MW_OP_I32_SHR_U_IMM) {
        f = MW_OP_I32_SHL_SHR_U;
    } else if (prod == MW_OP_I32_SHR_U_IMM && o == MW_OP_I32_AND_IMM) {
        f = MW_OP_I32_SHR_U_AND;
    } else if (prod == MW_OP_I32_MUL && o == MW_OP_I32_SHR_S_IMM) {
        f = MW_OP_I32_MUL_SHR_S;
    } else if (prod == MW_OP_I32_XOR && (o == MW_OP_I32_ROTL_IMM || o == MW_OP_I32_ROTR_IMM)) {
        // rotl(x ^ b, k): ChaCha's and BLAKE2s' `d = rotl(d ^ a, k)`, a rotr
        // by k as the rotl by 32 - k
        f = MW_OP_I32_XOR_ROTL;
        kv = o == MW_OP_I32_ROTR_IMM ? (32 - kv) & 31 : kv;
    } else if (prod == MW_OP_I64_XOR && o == MW_OP_I64_ROTL_IMM) {
        f = MW_OP_I64_XOR_ROTL;       // BLAKE2b's (imm_row made a rotr the rotl by 64 - k)
    } else if (prod == MW_OP_I32_ADD && (o == MW_OP_I32_ROTL_IMM || o == MW_OP_I32_ROTR_IMM)) {
        // rotl(x + b, k): Salsa20's, MD5's sums rotated (an xor or add
        // after it makes it I32_ADD_ROTL_XOR, _ADD: mul_fused)
        f = MW_OP_I32_ADD_ROTL;
        kv = o == MW_OP_I32_ROTR_IMM ? (32 - kv) & 31 : kv;
    } else {
        return false;
    }
    if (MW_FUSED_DROP(f)) {
        return false;
    }
    L->ncode = p0;
    L->patch_end = L->def_end = NO_PATCH;
    *failed = !emit_def(L, f == MW_OP_I64_XOR_ROTL ? MW_I64 : MW_I32, f, x, b, kv);
    return true;
    #else
    (void)L, (void)o, (void)a, (void)kv, (void)failed;
    return false;
    #endif
}

// The _IMM op `o` (d = a op kv) about to be emitted: if it is an add or
// subtract of a constant and the instruction just emitted (ending here) is
// a plain I32_ADD_IMM or I32_SUB_IMM (into a stack slot or a local), that
// one becomes I32_ADD_IMM2 (mw_int.h), which also runs this one, emitted as
// I32_ADD_IMM (a subtract negated). Returns the op to emit and *kv its
// constant. Not in the small profile (MW_FUSED_ARITH=0). Not where this one
// (on slot a) would be emitted wide (emit_wide: a MOVE2 after the pair's
// first, which mw_code_check refuses).
static mw_op pair_add_imm(lower_t *L, mw_op o, uint32_t a, uint32_t *kv) {
    #if MW_FUSED_ARITH
    if ((o != MW_OP_I32_ADD_IMM && o != MW_OP_I32_SUB_IMM) || L->def_end != L->ncode || L->patch_idx == 0
        || !live(L) || !MW_FITS_SLOT8(slot(L, L->nvals), a)) {
        return o;
    }
    uint32_t p0 = L->patch_idx - 1;
    uint32_t prev = L->code[p0];
    if ((prev != MW_OP_I32_ADD_IMM && prev != MW_OP_I32_SUB_IMM) || (L->add2_next == p0 && p0 != 0)
        || MW_FUSED_DROP(MW_OP_I32_ADD_IMM2)) {
        return o;     // (a pair's second stays one: of three in a row, the first two pair)
    }
    if (prev == MW_OP_I32_SUB_IMM) {
        mw_code_put_u32(L->code + p0 + 2, 0u - mw_code_u32(L->code + p0 + 2));    // "d a imm": d a a pair
    }
    L->code[p0] = MW_OP_I32_ADD_IMM2;
    L->add2_at = p0;
    L->add2_next = L->ncode;
    if (o == MW_OP_I32_SUB_IMM) {
        *kv = 0u - *kv;
    }
    return MW_OP_I32_ADD_IMM;
    #else
    (void)L, (void)a, (void)kv;
    return o;
    #endif
}

#if MW_FUSED_ARITH
// The MW_FIMM_OP_LIST row of a float add, subtract or multiply (op: f32.add
// .. f32.mul, f64.add .. f64.mul) with the constant k, not a NaN, as its right
// operand (left: an add's or a multiply's left one), and *kv its bits;
// MW_OP_COUNT for any other op. x - k is x + (-k): the same result in IEEE
// 754 for every x, both signed zeros and every rounding. A NaN constant stays
// CONST and the plain op (which of two NaNs comes out is the compiler's
// operand order there).
static mw_op fimm_row(uint8_t op, bool left, uint64_t k, uint64_t *kv) {
    bool wide = op >= MW_W_F64_ADD;
    uint32_t i = (uint32_t)op - (wide ? MW_W_F64_ADD : MW_W_F32_ADD);     // add sub mul
    // the sign and exponent in one word (soft 64-bit compares cost Thumb-2)
    uint32_t hi = wide ? (uint32_t)(k >> 32) : (uint32_t)k, lo = wide ? (uint32_t)k : 0;
    uint32_t inf = wide ? 0x7ff00000u : 0x7f800000u, mag = hi & 0x7fffffffu;
    if (i > 2 || (left && i == 1) || mag > inf || (mag == inf && lo != 0) || MW_FUSED_DROP(MW_OP_F32_ADD_IMM)) {
        return MW_OP_COUNT;
    }
    if (i == 1) {
        k ^= wide ? (uint64_t)1 << 63 : 0x80000000u;
    }
    *kv = k;
    return (mw_op)(MW_OP_F32_ADD_IMM + (wide ? 2 : 0) + (i == 2));
}
#endif

// The _IMM op ("d a imm", MW_IMM_OP_LIST and MW_IMM64_OP_LIST) of binary
// opcode `op` with the constant k as its right operand, or (left) as its left
// one, and *kv its immediate; MW_OP_COUNT where there is none. The rows
// follow the opcodes: i32.eq .. ge_u from I32_EQ_IMM, i32.add .. rotr from
// I32_ADD_IMM; i64.add .. rotr map to theirs through rows64 (NEG: the row
// takes -k; i64.sub is the add of -k, i64.rotr by k the rotl by 64 - k). A
// constant on the left: a commutative op takes it as its right one, a
// comparison mirrored, i32.sub becomes I32_RSUB_IMM. None for a division by
// 0 or -1 (the general op tests for the traps), an i64 constant that 32 bits
// sign-extended do not give back (but an and's: all 64 bits), and in the
// small profile (MW_FUSED_ARITH=0) any division or i64 op. Shift and rotation
// counts are taken mod 32 or 64 (spec 4.3.2), once here.
static mw_op imm_row(uint8_t op, bool left, uint64_t k, uint64_t *kv) {
    enum { NONE = 0xff, NEG = 0x40 };
    static const uint8_t rows64[15] = {0, 0 | NEG, 1, NONE, NONE, NONE, NONE, 2, 3, 4, 5, 6, 7, 8, 8 | NEG};
    uint32_t i, row;
    bool i64 = false;
    *kv = (uint32_t)k;
    if (op >= MW_W_I32_EQ && op <= MW_W_I32_GE_U) {
        i = op - MW_W_I32_EQ;
        return (mw_op)(MW_OP_I32_EQ_IMM + (left && i >= 2 ? ((i - 2) ^ 2) + 2 : i));    // lt <-> gt, le <-> ge
    }
    if (op >= MW_W_I32_ADD && op <= MW_W_I32_ROTR) {
        i = op - MW_W_I32_ADD;
        row = 10 + i;
    } else if (MW_FUSED_ARITH && op >= MW_W_I64_ADD && op <= MW_W_I64_ROTR) {
        i = op - MW_W_I64_ADD;
        row = rows64[i];
        i64 = true;
    } else {
        #if MW_FUSED_ARITH
        return fimm_row(op, left, k, kv);
        #else
        return MW_OP_COUNT;
        #endif
    }
    if (left) {
        if (i == 1 && !i64) {
            return MW_OP_I32_RSUB_IMM;
        }
        if (!((0x385u >> i) & 1)) {
            return MW_OP_COUNT;     // add mul and or xor (bits 0 2 7 8 9) commute
        }
    }
    if (!i64) {
        if (row >= 13 && row <= 16 && (!MW_FUSED_ARITH || (uint32_t)k + 1 <= 1)) {
            return MW_OP_COUNT;     // div_s div_u rem_s rem_u
        }
        *kv = row >= 20 ? k & 31 : *kv;
        return (mw_op)(MW_OP_I32_EQ_IMM + row);
    }
    if (row == NONE || MW_FUSED_DROP(MW_OP_I64_ADD_IMM)) {
        return MW_OP_COUNT;
    }
    if (row & NEG) {
        row &= ~(uint32_t)NEG;
        k = 0 - k;
    }
    if (row >= 5) {
        k &= 63;                    // shl shr_s shr_u rotl
    } else if (row != 2 && (uint64_t)(int64_t)(int32_t)k != k) {
        return MW_OP_COUNT;
    }
    *kv = k;
    return (mw_op)(MW_OP_I64_ADD_IMM + row);
}

// A binary op of type t with a constant operand that imm_row has a row for:
// emitted (*done true); else *done false (emit the plain op).
static bool lower_imm(lower_t *L, uint8_t op, uint8_t t, bool *done) {
    uint64_t kv;
    uint32_t a;
    operand_t *k = top_const(L);
    bool left = k == NULL || k->type != t;
    if (left) {
        k = left_const(L, t);     // (NULL where the top is a constant)
    }
    mw_op o = k != NULL ? imm_row(op, left, k->cval, &kv) : MW_OP_COUNT;
    if (o == MW_OP_COUNT) {
        return true;
    }
    *done = true;
    if (!left) {
        L->nvals--;
    }
    if (!pop_expect(L, t, &a)) {
        return false;
    }
    if (left) {
        L->nvals--;
    }
    uint32_t k32 = (uint32_t)kv;
    bool failed = false;
    if (MW_FUSED_ARITH && t != MW_I32) {      // (the small profile makes no i64 or float _IMM op)
        if (o == MW_OP_I64_ROTL_IMM && !left && imm_fused(L, o, a, k32, &failed)) {
            return !failed;
        }
        return emit_def(L, t, o, a, k32, (uint32_t)(kv >> 32));    // AND, F64 (PQUU): both halves
    }
    if (!left && imm_fused(L, o, a, k32, &failed)) {
        return !failed;
    }
    o = pair_add_imm(L, o, a, &k32);
    return emit_def(L, MW_I32, o, a, k32, 0);
}

static bool lower_numeric(lower_t *L, uint8_t op) {
    mw_reader *r = &L->r;
    uint32_t a, b;
    uint64_t v;
    switch (op) {
        case MW_W_I32_CONST:
        case MW_W_I64_CONST:
        case MW_W_F32_CONST:
        case MW_W_F64_CONST:
            #if MW_LOWER_FAST
            if (op <= MW_W_I64_CONST && r->p < r->end && *r->p < 0x80) {
                // an integer of one byte, as mw_rd_leb's fast path reads it, in line
                v = *r->p++;
                v = v & 0x40 ? v | ~(uint64_t)0x7f : v;
                v = op == MW_W_I32_CONST ? (uint32_t)v : v;
                if (!push_const(L, mw_const_type(op), v)) {
                    return false;
                }
                break;
            }
            #endif
            if (!mw_rd_const(r, op, &v) || !push_const(L, mw_const_type(op), v)) {
                return false;
            }
            break;
        default: {
            uint8_t ta, tb, tr;
            numeric_sig(op, &ta, &tb, &tr);
            b = 0;
            bool done = false;
            if (tb && !lower_imm(L, op, ta, &done)) {
                return false;
            }
            if (done) {
                break;
            }
            if ((tb && !pop_expect(L, tb, &b)) || !pop_expect(L, ta, &a)) {
                return false;
            }
            bool failed = false;
            if (mul_fused(L, op, tr, a, b, &failed)) {
                if (failed) {
                    return false;
                }
                break;
            }
            uint32_t p0 = op == MW_W_I32_ADD ? add_mul_at(L, a, b) : NO_PATCH;
            if (p0 != NO_PATCH) {
                // "d a imm": the imm a shift count (I16) or a U32
                uint32_t v[MW_MAX_IMMS];
                mw_code_imms(L->code + p0, v);
                uint32_t t = v[0], x = v[1], k = v[2];
                uint32_t mul = L->code[p0] == MW_OP_I32_SHL_IMM ? 1u << k : k;
                L->ncode = p0;
                L->patch_end = L->def_end = NO_PATCH;
                if (!emit_def(L, MW_I32, MW_OP_I32_ADD_MUL, t == a ? b : a, x, mul)) {
                    return false;
                }
                break;
            }
            if (op == MW_W_I32_WRAP_I64 || (op >= MW_W_I32_REINTERPRET_F32 && op <= MW_W_F64_REINTERPRET_I64)) {
                // same bits, new type: the value stays where it is
                if (!push_at(L, tr, a)) {
                    return false;
                }
            } else if (!emit_def(L, tr, (mw_op)(MW_OP_I32_EQZ + (op - MW_W_I32_EQZ)), a, b, 0)) {
                return false;
            }
            break;
        }
    }
    return true;
}

// One instruction, by family (the families follow the spec's order, 3.3).
// Out of line in the small profile (MW_FUSED_ARITH=0): Cortex-M3 text -46 B
// there, where every byte of wasm.mpy is heap on netduinoplus2; inline in the
// full one (+12 B out of line, and a call per instruction lowered).
#if MW_FUSED_ARITH
#define LOWER_INSTR_ATTR
#else
#define LOWER_INSTR_ATTR MW_NOINLINE
#endif
static LOWER_INSTR_ATTR bool lower_instr(lower_t *L, uint8_t op) {
    #if MW_LOWER_FAST
    // the commonest families first (variables, then numeric and memory
    // instructions: 3 of 4 of sqlite's), each a range test
    if ((uint32_t)op - MW_W_LOCAL_GET <= MW_W_GLOBAL_SET - MW_W_LOCAL_GET) {
        return lower_variable(L, op);
    }
    if ((uint32_t)op - MW_W_I32_CONST <= MW_W_I64_EXTEND32_S - MW_W_I32_CONST) {
        return lower_numeric(L, op);
    }
    if ((uint32_t)op - MW_W_I32_LOAD <= MW_W_MEMORY_GROW - MW_W_I32_LOAD) {
        return lower_memory(L, op);
    }
    #endif
    // by opcode ranges rather than a switch: GCC -Os made the switch a table
    // of 4-byte entries (Thumb-2)
    if (op <= MW_W_RETURN && (op <= MW_W_ELSE || op >= MW_W_END)) {
        return lower_control(L, op);
    }
    if (op == MW_W_CALL || op == MW_W_CALL_INDIRECT) {
        return lower_call(L, op);
    }
    if (op >= MW_W_DROP && op <= MW_W_SELECT_T) {
        return lower_parametric(L, op);
    }
    #if !MW_LOWER_FAST
    if (op >= MW_W_LOCAL_GET && op <= MW_W_GLOBAL_SET) {
        return lower_variable(L, op);
    }
    #endif
    if (op == MW_W_TABLE_GET || op == MW_W_TABLE_SET || (op >= MW_W_REF_NULL && op <= MW_W_REF_FUNC)) {
        return lower_reference(L, op);
    }
    if (op == MW_W_PREFIX_FC) {
        return lower_prefixed(L);
    }
    #if !MW_LOWER_FAST
    if (op >= MW_W_I32_LOAD && op <= MW_W_MEMORY_GROW) {
        return lower_memory(L, op);
    }
    if (op >= MW_W_I32_CONST && op <= MW_W_I64_EXTEND32_S) {
        return lower_numeric(L, op);
    }
    #endif
    return illegal_op(L, op);
}

static bool lower_body(lower_t *L, const mw_functype *ft, bool check) {
    mw_reader *r = &L->r;
    if (!push_ctrl(L, K_FUNC, NULL, 0, ft->types + ft->nparams, ft->nresults, 0)) {
        return false;
    }
    #if MW_FAR_LOWERING
    // checking only: the whole body is typed as dead code is (every block
    // entered from it is dead too), which emits nothing (never without far
    // lowering: mw_lower_func)
    L->ctrls[0].dead = check;
    #endif
    // the loop's one test of the end, at `stop`: checking, it comes true at
    // every instruction, and check_run types what it can first (a test of
    // `check` of its own per instruction cost sqlite's lowering 0.6 M host
    // instructions of 86 M); lowering, only at the end
    uintptr_t stop = MW_LOWER_FAST && check ? 0 : (uintptr_t)r->end;
    #if MW_TRAP_OFFSETS
    // recording (mw_trap_offset), at every instruction as checking is: the
    // loop's one test, so lowering without it pays nothing per instruction
    stop = L->rec != NULL ? 0 : stop;
    #endif
    while (L->nctrls > 0) {
        if ((uintptr_t)r->p >= stop) {
            #if MW_TRAP_OFFSETS
            if (L->rec != NULL) {
                rec_mark(L, (uint32_t)(r->p - r->base));
            }
            #endif
            #if MW_LOWER_FAST
            if (check) {
                check_run(L);
            }
            #endif
            if (r->p >= r->end) {
                return mw_rd_malformed(r, MW_D_UNEXPECTED_END_OF_SECTION_OR_FUNCTION);
            }
        }
        #if MW_OP_PROFILE
        L->wop = *r->p;
        site_mark(L, MW_SITE(L->wop, 0, false));
        #endif
        if (!lower_instr(L, *r->p++)) {
            return false;
        }
    }
    if (r->p != r->end) {
        return mw_rd_malformed(r, MW_D_SECTION_SIZE_MISMATCH);
    }
    return true;
}

// The work buffers of lowering, kept from one function to the next of a
// module (mw_int.h): they only grow, so a load makes a handful of scratch
// allocations in all instead of several per function.
void mw_lower_work_free(mw_runtime *rt, mw_lower_work *w) {
    #if MW_OP_PROFILE
    mw_free(rt, w->sites, w->cap_sites * 2 * sizeof(uint32_t));
    #endif
    #if MW_TRAP_OFFSETS
    mw_free(rt, w->runs, w->cap_runs * 2 * sizeof(uint32_t));
    #endif
    #if MW_THREADED || MW_THREAD_REACH
    mw_thread_plan_free(rt, &w->plan);
    #endif
    mw_free(rt, w->code, w->cap_code * sizeof(mw_code_unit));
    mw_free(rt, w->vals, w->cap_vals * sizeof(operand_t));
    mw_free(rt, w->ctrls, w->cap_ctrls * sizeof(ctrl_t));
    mw_free(rt, w->locals, (size_t)w->cap_locals * 9);
    memset(w, 0, sizeof(*w));
}

// mw_lower_func's far branches across its passes (lower_t's far_*), and
// what a pass leaves: whether a target did not reach, its ordinals, its units.
typedef struct lower_far {
    uint8_t *cur, *over;
    uint32_t *unit;
    uint32_t over_units, nbr, ncode;
    bool all, needed;
    bool eager_under, conflict;   // lower_t's lazy_under (negated) and lazy_conflict
} lower_far;

// Passes with islands for the far branches before every branch gets one.
#define MW_FAR_PASSES 4

// A call zeroes the callee's locals [lo, hi) (hi 0: none) MW_ZERO_STEP
// slots at a time with no count left over (exec.c CALL_BODY): the span
// rounded up, down over the locals below it first, then up past hi where
// the parameters stop it. The slots it adds hold locals written before
// any read or the operand stack: nothing reads them before writing. Where
// it ends past the frame's top (fewer locals than a step above the
// parameters) it writes up to MW_ZERO_SPARE slots of no frame (the top
// frame is the callee's), which the value stack has past its end
// (runtime.c STACK_BYTES): the frame is not grown to hold them, so one of
// exactly the value stack's slots still loads (session 41 grew it, and
// refused such a frame). A local read unassigned is read by a local.get,
// which gives the frame an operand slot above the locals: the span ends at
// most MW_ZERO_STEP - 2 past the top (validation's span, every local, is
// none where the body pushes nothing); were it further, the frame grows.
static void zero_span(mw_funcdef *fd, uint32_t nparams, uint32_t lo, uint32_t hi) {
    uint32_t n = (hi - lo + MW_ZERO_STEP - 1) & ~(uint32_t)(MW_ZERO_STEP - 1);
    fd->zero_lo = hi == 0 ? 0 : hi - nparams >= n ? hi - n : nparams;
    fd->zero_hi = hi == 0 ? 0 : fd->zero_lo + n;
    if (fd->max_slots + MW_ZERO_SPARE < fd->zero_hi) {
        fd->max_slots = fd->zero_hi - MW_ZERO_SPARE;
    }
}

#if MW_FAR_LOWERING
static MW_NOINLINE
#else
static inline
#endif
mw_status lower_func(mw_runtime *rt, mw_module *m, mw_funcdef *fd, mw_lower_work *w,
    const uint8_t *base, const uint8_t *p, const uint8_t *end, lower_far *far, bool check) {
    lower_t L;
    memset(&L, 0, sizeof(L));
    #if MW_FAR_LOWERING
    L.far_cur = far->cur;
    L.far_over = far->over;
    L.far_over_units = far->over_units;
    L.far_unit = far->unit;
    L.far_all = far->all;
    bool all = far->all;
    #else
    bool all = true;              // a branch too far is refused
    (void)far;
    #endif
    L.r.rt = rt;
    L.r.base = base;
    L.r.p = p;
    L.r.end = end;
    L.body = (uint32_t)(end - p);
    L.lazy_under = MW_FUSED_ARITH && !far->eager_under;
    L.m = m;
    L.code = w->code;
    L.cap_code = w->cap_code;
    L.vals = w->vals;
    L.cap_vals = w->cap_vals;
    L.ctrls = w->ctrls;
    L.cap_ctrls = w->cap_ctrls;
    #if MW_OP_PROFILE
    L.work = w;
    w->nsites = 0;
    #endif
    #if MW_TRAP_OFFSETS
    L.rec = w->record ? w : NULL;
    w->nruns = 0;
    #endif
    const mw_functype *ft = m->types[fd->type];
    mw_status st = MW_OK;
    uint32_t ngroups;
    uint64_t total = ft->nparams;
    // locals (spec 5.5.13): count the groups first to size the type array
    if (!mw_rd_u32(&L.r, &ngroups)) {
        goto fail;
    }
    const uint8_t *groups = L.r.p;
    for (uint32_t i = 0; i < ngroups; i++) {
        uint32_t cnt;
        uint8_t t;
        if (!mw_rd_u32(&L.r, &cnt) || !mw_rd_valtype(&L.r, &t)) {
            goto fail;
        }
        total += cnt;
        if (total > MW_MAX_LOCALS) {
            mw_rd_malformed(&L.r, MW_D_TOO_MANY_LOCALS);
            goto fail;
        }
    }
    L.nlocals = (uint32_t)total;
    if (L.nlocals + 1 > w->cap_locals) {
        // per local its asg and alog words (lower_t), then its type
        // (fitted, as start_cap, but never less: it holds them all at once, it never doubles)
        uint32_t nc = L.nlocals + 1;
        uint8_t *nl = mw_realloc(rt, w->locals, (size_t)w->cap_locals * 9, (size_t)nc * 9);
        if (nl == NULL) {
            nomem(&L);
            goto fail;
        }
        w->locals = nl;
        w->cap_locals = nc;
    }
    L.asg = (uint32_t *)(void *)w->locals;
    L.alog = L.asg + w->cap_locals;
    L.locals = (uint8_t *)(L.alog + w->cap_locals);
    memset(L.asg, 0, L.nlocals * sizeof(uint32_t));
    for (uint32_t i = 0; i < ft->nparams; i++) {
        L.asg[i] = 1;         // parameters: assigned at the function's level
    }
    memcpy(L.locals, ft->types, ft->nparams);
    L.r.p = groups;
    for (uint32_t i = 0, k = ft->nparams; i < ngroups; i++) {
        uint32_t cnt;
        uint8_t t;
        mw_rd_u32(&L.r, &cnt);
        mw_rd_valtype(&L.r, &t);
        memset(L.locals + k, t, cnt);
        k += cnt;
    }
    #if MW_FUSED_ARITH
    far->conflict = false;
    #endif
    if (!lower_body(&L, ft, check)) {
        if (MW_FUSED_ARITH && L.lazy_conflict) {
            far->conflict = true;     // stopped there: lowered again (mw_lower_func)
            goto done;
        }
        goto fail;
    }
    #if MW_FAR_LOWERING
    far->needed = L.far_needed;
    far->all = L.far_all;
    far->nbr = L.nbr;
    far->ncode = L.ncode;
    #endif
    if (L.far_needed) {
        if (!all) {
            goto done;                // lowered again (mw_lower_func)
        }
        // far, only a br_table's entry can be beyond 32 K units from its
        // island (half its islands before it, half after: lower_branch.c):
        // over ~20,000 far entries (~9,000 where code is threaded)
        mw_fail(rt, MW_ERR_INVALID, MW_D_BRANCH_TOO_FAR, (uint32_t)(p - base));
        goto fail;
    }
    // Lowered code names a slot in one 16-bit unit (mw_config.h).
    if ((uint64_t)L.nlocals + L.max_vals > MW_MAX_FRAME_SLOTS) {
        mw_fail(rt, MW_ERR_INVALID, MW_D_FRAME_TOO_MANY_SLOTS, (uint32_t)(p - base));
        rt->report.index = (uint32_t)(fd - m->funcs) + m->nfunc_imports;
        goto fail;
    }
    fd->max_slots = L.nlocals + L.max_vals;
    // a call zeroes [zero_lo, zero_hi): the locals some path reads
    // unassigned, every local until the function is lowered (check: no
    // code), none where the body pushes nothing (no local.get)
    uint32_t zero_lo = ft->nparams, zero_hi = L.nlocals > ft->nparams && L.max_vals > 0 ? L.nlocals : 0;
    if (check) {
        fd->code_len = 0;
    } else {
        #if MW_NARROW_IMM
        if (!narrow_imm(&L)) {
            goto fail;
        }
        #if MW_FUSED_ARITH
        jump_returns(&L);
        #endif
        #if MW_BRANCH_TWINS
        twin_branches(&L);
        #endif
        #endif
        #if MW_THREADED || MW_THREAD_REACH
        // threaded (code.c; as it is placed, from w->plan, or, for
        // wasm-cross's host images, at their load), each op grows by a head:
        // a branch that reached may not; then lowered again with every
        // branch far (its island a few units away), as a branch that did not
        // reach is
        uint32_t threaded = MW_THREADED || mw_lower_thread_reach
                                ? mw_thread_plan_make(rt, &w->plan, L.code, L.ncode, mw_lower_thread_reach)
                                : 1;
        if (threaded == UINT32_MAX) {
            goto fail;
        }
        if (threaded == 0) {
            if (MW_FAR_LOWERING && !all) {
                far->needed = far->all = true;
                goto done;
            }
            mw_fail(rt, MW_ERR_INVALID, MW_D_BRANCH_TOO_FAR, (uint32_t)(p - base));
            goto fail;
        }
        #endif
        // the code stays in w->code: the caller packs it into the module
        fd->code = NULL;
        fd->code_len = L.ncode;
        zero_lo = zero_hi = 0;
        for (uint32_t i = ft->nparams; i < L.nlocals; i++) {
            if (L.asg[i] & ZERO_READ) {
                zero_lo = zero_hi == 0 ? i : zero_lo;
                zero_hi = i + 1;
            }
        }
    }
    zero_span(fd, ft->nparams, zero_lo, zero_hi);
    // One frame (locals, operand slots) must fit
    // the runtime's value stack, or every call of the function would trap:
    // refuse it at load instead.
    if (fd->max_slots > rt->cfg.stack_slots) {
        mw_fail(rt, MW_ERR_INVALID, MW_D_FRAME_TOO_BIG, (uint32_t)(p - base));
        goto fail;
    }
    goto done;
fail:
    st = rt->report.status;
done:
    w->code = L.code;
    w->cap_code = L.cap_code;
    w->vals = L.vals;
    w->cap_vals = L.cap_vals;
    w->ctrls = L.ctrls;
    w->cap_ctrls = L.cap_ctrls;
    return st;
}

// A body's code, lowered with one-unit relative branch targets. A function
// with a branch beyond their 32 K units is lowered again with JMP_FAR for
// the branches that did not reach or nearly (lower_t's far_*; the JMP_FARs
// lengthen the code: again while that finds more, at most MW_FAR_PASSES
// times), then for every branch (far.all). MW_FAR_LOWERING 0: refused.
// `check`: the body validated only (mw_int.h), as dead code is typed
// (where MW_FAR_LOWERING; else it is lowered all the same).
mw_status mw_lower_func(mw_runtime *rt, mw_module *m, mw_funcdef *fd, mw_lower_work *w,
    const uint8_t *base, const uint8_t *p, const uint8_t *end, bool check) {
    lower_far far = {0};
    // without far lowering only lowering knows whether a branch reaches:
    // a body that would need it is refused at load, so the load lowers
    check = check && MW_FAR_LOWERING;
    mw_status st = lower_func(rt, m, fd, w, base, p, end, &far, check);
    if (MW_FUSED_ARITH && st == MW_OK && far.conflict) {
        // a block wrote a local read lazily from under its entry: again,
        // every block's values in their slots at its entry (lower_t lazy_under)
        far.eager_under = true;
        st = lower_func(rt, m, fd, w, base, p, end, &far, check);
    }
    if (!MW_FAR_LOWERING || st != MW_OK || !far.needed) {
        return st;
    }
    // the same branches every pass (ordinals); the code grows by an island
    // and a skip per branch at most, and by the fusions they prevent
    uint32_t nbr = far.nbr, nb = nbr / 8 + 1;
    far.over_units = far.ncode + 16 * nbr + 64;
    size_t size = nb + far.over_units / 8 + 1 + (size_t)nbr * sizeof(uint32_t);
    uint32_t *unit = mw_alloc(rt, size);    // zeroed
    if (unit == NULL) {
        return mw_fail(rt, MW_ERR_NOMEM, MW_D_NONE, 0);
    }
    far.unit = unit;
    far.cur = (uint8_t *)(unit + nbr);
    far.over = far.cur + nb;
    for (int pass = 0; st == MW_OK && far.needed; pass++) {
        // the units that did not reach: their branches' bits (none new: all)
        bool more = pass == 0;
        for (uint32_t t = 0; t < nbr; t++) {
            uint32_t u = unit[t];
            if (u < far.over_units && (far.over[u >> 3] >> (u & 7) & 1) && !(far.cur[t >> 3] >> (t & 7) & 1)) {
                far.cur[t >> 3] |= (uint8_t)(1u << (t & 7));
                more = true;
            }
        }
        far.all |= !more || pass >= MW_FAR_PASSES;
        memset(far.over, 0, far.over_units / 8 + 1);
        st = lower_func(rt, m, fd, w, base, p, end, &far, false);
    }
    mw_free(rt, unit, size);
    return st;
}


#if MW_TRAP_OFFSETS
// Whether the wasm instruction at p can stop a call there: a trap (an
// access, a division, a conversion, unreachable, a table or bulk memory
// op), a call (a callee's stack, a caller's frame) or memory.grow
// (grow_raises). Where one op of lowered code came from several instructions
// (a fused address, a load and its use), the first such one is named.
static bool can_stop(const uint8_t *p) {
    uint32_t op = p[0];
    if (op == MW_W_PREFIX_FC) {
        // memory.init, memory.copy, memory.fill, table.init, table.copy, table.fill (0xfc 8 .. 17, not the drops nor grow and size)
        return p[1] == 8 || p[1] == 10 || p[1] == 11 || p[1] == 12 || p[1] == 14 || p[1] == 17;
    }
    return op == MW_W_UNREACHABLE || op == MW_W_CALL || op == MW_W_CALL_INDIRECT || op == MW_W_TABLE_GET
           || op == MW_W_TABLE_SET || (op >= MW_W_I32_LOAD && op <= MW_W_I64_STORE32) || op == MW_W_MEMORY_GROW
           || (op >= MW_W_I32_DIV_S && op <= MW_W_I32_REM_U) || (op >= MW_W_I64_DIV_S && op <= MW_W_I64_REM_U)
           || (op >= MW_W_I32_TRUNC_F32_S && op <= MW_W_I32_TRUNC_F64_U)
           || (op >= MW_W_I64_TRUNC_F32_S && op <= MW_W_I64_TRUNC_F64_U);
}

// The op [*s, *e) of code (len units) that unit u falls after: the one
// whose last unit is before u, where a frame stopped. False where the code
// does not reach u.
static bool op_before(const mw_code_unit *code, uint32_t len, uint32_t u, uint32_t *s, uint32_t *e) {
    *s = *e = 0;
    while (*e < u) {
        if (*e >= len) {
            return false;
        }
        *s = *e;
        *e += instr_units(code + *e);
    }
    return true;
}

#if MW_THREADED
// The same for threaded code (a module's in RAM, mw_int.h MW_OP_AT): u,
// *s and *e in the compact code's units, as the maps are.
static bool op_before_threaded(const mw_code_unit *code, uint32_t len, uint32_t u, uint32_t *s, uint32_t *e) {
    *s = *e = 0;
    for (uint32_t at = 0; *e < u;) {
        if (at >= len) {
            return false;
        }
        uint32_t units = instr_units(code + at + MW_THREAD_UNITS);
        *s = *e;
        *e += units;
        at += MW_THREAD_UNITS + units;
    }
    return true;
}
#else
#define op_before_threaded op_before
#endif

// The wasm instruction of the op that ends at or after unit u (the one
// before u: where the frame stopped) among the recorded runs of w: the
// first of the runs the op spans that can stop a call (OFFSET_STOPS), else
// the run it starts in (OFFSET_RUN). OFFSET_NONE where the code does not
// reach u.
enum { OFFSET_NONE, OFFSET_RUN, OFFSET_STOPS };
// The op [s, e)'s wasm instruction, as offset_at says, from run `first` on
// (the runs before it end before the op).
static int offset_of_op(const mw_lower_work *w, const uint8_t *base, uint32_t s, uint32_t e, uint32_t first,
    uint32_t *offset) {
    int found = OFFSET_NONE;
    for (uint32_t k = first; k < w->nruns && w->runs[2 * k] < e; k++) {
        uint32_t next = k + 1 < w->nruns ? w->runs[2 * k + 2] : UINT32_MAX, at = w->runs[2 * k + 1];
        if (next <= s) {
            continue;     // (a run that ends before the op)
        }
        if (can_stop(base + at)) {
            *offset = at;
            return OFFSET_STOPS;
        }
        if (found == OFFSET_NONE) {
            *offset = at;
            found = OFFSET_RUN;
        }
    }
    return found;
}

static int offset_at(const mw_lower_work *w, uint32_t len, const uint8_t *base, uint32_t u, uint32_t *offset) {
    uint32_t s, e;
    if (!op_before(w->code, len, u, &s, &e)) {
        return OFFSET_NONE;
    }
    return offset_of_op(w, base, s, e, 0, offset);
}

// Defined function fd of m lowered again from its body (at p in the
// module's binary, base its first byte) with the recorder, into work (the
// caller frees it) and *again, as its code was: lowering is deterministic.
static mw_status lower_recorded(mw_runtime *rt, const mw_module *m, const mw_funcdef *fd, const uint8_t *base,
    const uint8_t *p, mw_funcdef *again, mw_lower_work *work) {
    *again = *fd;
    memset(work, 0, sizeof(*work));
    work->record = true;
    return mw_lower_func(rt, (mw_module *)(uintptr_t)m, again, work, base, p, p + fd->body_size, false);
}

// A LEB128 of an offset map that loading checked (image.c): unsigned, or
// signed (a 32-bit two's complement in the result).
static uint32_t map_leb(const uint8_t **p, bool sign) {
    uint32_t v = 0;
    unsigned shift = 0;
    uint8_t c;
    do {
        c = *(*p)++;
        v |= (uint32_t)(c & 0x7f) << shift;
        shift += 7;
    } while (c & 0x80);
    if (sign && shift < 32 && (c & 0x40)) {
        v |= ~(uint32_t)0 << shift;
    }
    return v;
}

// An image's function stopped after unit u: the offset its map gives the
// op there (image.h), false where the map has none for it.
static bool map_offset(const mw_module *m, uint32_t i, uint32_t u, uint32_t *offset) {
    const mw_funcdef *fd = &m->funcs[i];
    uint32_t s, e, unit = 0, at = fd->body_offset;
    if (m->lazy || m->code_bytes == NULL || !op_before_threaded(fd->code, fd->code_len, u, &s, &e)) {
        return false;
    }
    const uint8_t *p = m->code_bytes;    // (an image's: mw_int.h)
    for (uint32_t k = 0; k < i; k++) {
        uint32_t len = map_leb(&p, false);
        p += len;
    }
    uint32_t len = map_leb(&p, false);
    for (const uint8_t *end = p + len; p < end && unit < e;) {
        unit += map_leb(&p, false);
        at += map_leb(&p, true);
    }
    if (unit != e) {
        return false;
    }
    *offset = at;
    return true;
}

mw_status mw_trap_offset(mw_runtime *rt, uint32_t i, uint32_t *offset) {
    uint32_t depth = rt->trace_depth;
    if (i >= depth || i >= MW_TRACE_FRAMES || rt->frames == NULL || MW_TRACE_UNITS(rt)[i] == 0
        || rt->trace[i].host != NULL) {
        return MW_ERR_ARG;
    }
    const mw_module *m = rt->trace[i].inst->mod;
    uint32_t def = rt->trace[i].func - m->nfunc_imports;
    const mw_funcdef *fd = &m->funcs[def];
    // the body: a lazy module's (the borrowed binary or its copy of the code
    // section), else a borrowed binary's; none in an image (body_size 0),
    // whose offset map says it if it has one, nor in an eager module that
    // copied what it needed
    const uint8_t *p = m->lazy ? m->code_bytes + (fd->body_offset - m->code_base)
                       : m->binary != NULL ? m->binary + fd->body_offset : NULL;
    if (p == NULL || fd->body_size == 0) {
        return map_offset(m, def, MW_TRACE_UNITS(rt)[i], offset) ? MW_OK : MW_ERR_ARG;
    }
    const uint8_t *base = (const uint8_t *)((uintptr_t)p - fd->body_offset);
    // lowered again into work buffers of its own; fd's copy takes what
    // lowering writes. A failure (no memory) leaves the last failure's
    // report and path as they were.
    mw_report report = rt->report;
    size_t nomem_size = rt->nomem_size;
    mw_funcdef again;
    mw_lower_work work;
    mw_status st = lower_recorded(rt, m, fd, base, p, &again, &work);
    if (st == MW_OK && offset_at(&work, again.code_len, base, MW_TRACE_UNITS(rt)[i], offset) == OFFSET_NONE) {
        st = MW_ERR_ARG;
    }
    mw_lower_work_free(rt, &work);
    if (rt->trace_depth != depth) {
        // (its text again: a failure's path is noted with no detail, exec.c trap_stop)
        mw_fail(rt, report.status, MW_D_NONE, 0);
        report.msg = rt->report.msg;
        rt->report = report;
        rt->trace_depth = depth;
    }
    rt->nomem_size = nomem_size;
    return st;
}

// wasm-cross's offset map of defined function i of m, a module that
// borrows its binary (image.h): put(ctx, e, offset) for each op of its code,
// by its end e, that holds a wasm instruction that can stop a call (the ops
// a trap's path can name), with that offset as mw_trap_offset finds it.
mw_status mw_offset_map(mw_runtime *rt, const mw_module *m, uint32_t i, void (*put)(void *, uint32_t, uint32_t),
    void *ctx) {
    const mw_funcdef *fd = &m->funcs[i];
    if (m->binary == NULL || fd->body_size == 0) {
        return MW_ERR_ARG;
    }
    mw_funcdef again;
    mw_lower_work work;
    mw_status st = lower_recorded(rt, m, fd, m->binary, m->binary + fd->body_offset, &again, &work);
    if (st == MW_OK && (again.code_len != fd->code_len || work.nruns == 0)) {
        st = MW_ERR_ARG;    // (not as it was lowered, or the recorder ran out of memory)
    }
    // one walk of the ops and of the runs (offset_at for each op walked both
    // from the start: a function of 110 K units took wasm-cross 30 s); a run
    // left behind ends before this op, so before every later one
    uint32_t first = 0;
    for (uint32_t s = 0, e = 0; st == MW_OK && e < again.code_len; s = e) {
        e += instr_units(work.code + e);
        while (first + 1 < work.nruns && work.runs[2 * first + 2] <= s && work.runs[2 * first] < e) {
            first++;
        }
        uint32_t at;
        if (offset_of_op(&work, m->binary, s, e, first, &at) == OFFSET_STOPS) {
            put(ctx, e, at);
        }
    }
    mw_lower_work_free(rt, &work);
    return st;
}
#endif
