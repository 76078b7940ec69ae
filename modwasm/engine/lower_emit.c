// SPDX-License-Identifier: MIT
// lower_emit.c: lowering's operand stack and code emission (lower.c has the
// pass): push and pop with the polymorphic stack's typing, constants kept
// out of slots until a consumer needs them (push_const, const_into,
// materialize), the ops emitted in their layouts' kinds (emit_op5,
// emit_def4, emit_wide for slots over 255) and the op profile's sites.
// Compiled for size (-Os) it also holds the one copy of lower_int.h's
// helpers (LOWER_HELPER; in the full profile LOWER_SHARED's too).
#define LOWER_HELPERS_HERE
#include "lower_int.h"

#if MW_OP_PROFILE
// the helpers themselves: their own calls name no site (lower_int.h SITE_CALL)
#undef materialize
#undef materialize_top
#undef emit_copy
#undef const_into
#define materialize mw_lower_materialize
#define materialize_top mw_lower_materialize_top
#define emit_copy mw_lower_emit_copy
#define const_into mw_lower_const_into
#endif

// ---- operand stack -------------------------------------------------------------

// LOWER_FAST_OUT: out of line where lowering is made fast, so that the
// common path calling it saves no registers (host -O2: push_at and pop -5%
// of sqlite's load); inline in the small profile, for its text.
#if MW_LOWER_FAST
#define LOWER_FAST_OUT MW_NOINLINE
#define GROW_VALS_BODY if (!grow_vals(L)) { return false; }
#else
#define LOWER_FAST_OUT
#define GROW_VALS_BODY GROW_VALS_INLINE
#endif
#define GROW_VALS_INLINE \
    uint32_t nc = L->cap_vals ? L->cap_vals * 2 : start_cap(32, L->body + 1); \
    operand_t *nv = mw_realloc(L->r.rt, L->vals, L->cap_vals * sizeof(operand_t), nc * sizeof(operand_t)); \
    if (nv == NULL) { \
        return nomem(L); \
    } \
    L->vals = nv; \
    L->cap_vals = nc;
#if MW_LOWER_FAST
static MW_NOINLINE bool grow_vals(lower_t *L) {
    GROW_VALS_INLINE
    return true;
}
#endif

bool push_at(lower_t *L, uint8_t t, uint32_t loc) {
    if (L->nvals == L->cap_vals) {
        GROW_VALS_BODY
    }
    L->vals[L->nvals].type = t;
    L->vals[L->nvals].loc = loc;
    L->nvals++;
    frame_holds(L, L->nvals);
    return true;
}

static LOWER_FAST_OUT bool const_to_slot(lower_t *L, uint32_t pos);

bool pop(lower_t *L, uint8_t *out, uint32_t *loc) {
    ctrl_t *c = TOP(L);
    if (L->nvals == c->height) {
        if (c->unreachable) {
            *out = T_UNKNOWN;
            if (loc) {
                *loc = 0;
            }
            return true;
        }
        return fail(L, MW_D_TYPE_MISMATCH);
    }
    if (L->vals[L->nvals - 1].loc == LOC_CONST && !const_to_slot(L, L->nvals - 1)) {
        return false;
    }
    L->nvals--;
    *out = L->vals[L->nvals].type;
    if (loc) {
        *loc = L->vals[L->nvals].loc;
    }
    return true;
}

bool pop_types(lower_t *L, const uint8_t *ts, uint32_t n) {
    for (uint32_t i = n; i-- > 0;) {
        if (!pop_expect(L, ts[i], NULL)) {
            return false;
        }
    }
    return true;
}

bool push_types(lower_t *L, const uint8_t *ts, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        if (!push(L, ts[i])) {
            return false;
        }
    }
    return true;
}

// ---- code emission ------------------------------------------------------------------

// Room for n more units of code.
#define GROW_CODE_INLINE \
    uint32_t nc = L->cap_code ? L->cap_code * 2 : start_cap(128, 2 * L->body + 16); \
    while (nc - L->ncode < n) { \
        nc *= 2; \
    } \
    mw_code_unit *ncw = mw_realloc(L->r.rt, L->code, L->cap_code * sizeof(mw_code_unit), \
        nc * sizeof(mw_code_unit)); \
    if (ncw == NULL) { \
        return nomem(L); \
    } \
    L->code = ncw; \
    L->cap_code = nc;
#if MW_LOWER_FAST
// (the growth out of line, the test in line: LOWER_FAST_OUT)
MW_NOINLINE bool grow_code(lower_t *L, uint32_t n) {
    GROW_CODE_INLINE
    return true;
}
#else
bool code_room(lower_t *L, uint32_t n) {
    if (L->cap_code - L->ncode < n) {
        GROW_CODE_INLINE
    }
    return true;
}
#endif

// A two-unit immediate: a 32-bit constant, offset, index or branch target.
bool emit_u32(lower_t *L, uint32_t v) {
    if (!code_room(L, MW_W_U32)) {
        return false;
    }
    mw_code_put_u32(L->code + L->ncode, v);
    L->ncode += MW_W_U32;
    return true;
}

// Emit op and its immediates in the kinds of its layout (MW_LAYOUTS, at
// most five), only in live code.
bool emit_op5(lower_t *L, mw_op op, uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t e) {
    if (!live(L)) {
        return true;
    }
    #if MW_LOWER_FAST
    // the room for all of it at once (no op emitted here has an I64: CONST64
    // is const_into's), then its units written without a check each, through
    // a pointer of its own (L->ncode stored once; -fno-strict-aliasing would
    // make each store reload it)
    if (!code_room(L, 1 + mw_op_units(op))) {
        return false;
    }
    mw_code_unit *p = L->code + L->ncode;
    *p++ = (mw_code_unit)op;
    // each immediate in turn, unrolled (no array, no loop): a unit, and a
    // U32's (IDX's) high half (mw_code_put_u32); NONE pads every row to five
    const uint8_t *k = mw_op_kinds(op);
    #define MW_EMIT_IMM(i, v) \
        if (k[i] == MW_K_NONE) { \
            goto done; \
        } \
        *p++ = (mw_code_unit)(v); \
        if (mw_kind_units[k[i]] != 1) { \
            *p++ = (mw_code_unit)((v) >> 16); \
        }
    if (k[0] == MW_K_SLOT8) {
        // a slot pair is always a layout's first two kinds (MW_LAYOUTS: PQ..)
        *p++ = (mw_code_unit)(a | b << 8);
    } else {
        MW_EMIT_IMM(0, a) MW_EMIT_IMM(1, b)
    }
    MW_EMIT_IMM(2, c) MW_EMIT_IMM(3, d) MW_EMIT_IMM(4, e)
    #undef MW_EMIT_IMM
done:
    L->ncode = (uint32_t)(p - L->code);
    return true;
    #else
    if (!emit(L, op)) {
        return false;
    }
    // a slot pair (SLOT8, SLOT8H): one unit, lo | hi << 8; callers give a
    // pair only slots that fit (MW_FITS_SLOT8: lower_memarg, and set_dst_at
    // for a local.set; tests/engine test_slot8_frames)
    uint32_t imm[MW_MAX_IMMS] = {a, b, c, d, e};
    const uint8_t *kinds = mw_op_kinds(op);
    for (int i = 0; i < MW_MAX_IMMS && kinds[i] != MW_K_NONE; i++) {
        uint32_t v = imm[i];
        if (kinds[i] == MW_K_SLOT8H) {
            continue;
        }
        if (kinds[i] == MW_K_SLOT8) {
            v |= imm[i + 1] << 8;
        }
        if (!emit_kind(L, kinds[i], v)) {
            return false;
        }
    }
    return true;
    #endif
}

// `op d a b` whose d a are a slot pair (an i32 _IMM op, b its constant; a
// binary op, b a slot; not a load, whose fallback is its own: lower_memarg)
// with a slot over 255 (a frame of more than 256 slots): op runs on a low
// slot l (0 .. 3, none of its slots), whose value waits in slot w, the first
// above them (dead: the operands are at most the two top values, d and d +
// 1, and w is above both; the frame grows to hold it): MOVE2 w l l a, op l
// l b, MOVE2 d l l w. w is above a too: an _IMM op whose constant was the
// left operand (i64.mul (i64.const k) x) reads a = d + 1 (with w = d + 1
// the first MOVE2 overwrote a: found by tests/fuzz/fusions.py). Nothing
// fuses with it (the caller forgets it as a producer). c: a second
// constant (I64_AND_IMM's high half), never a slot.
static bool emit_wide(lower_t *L, mw_op op, uint32_t d, uint32_t a, uint32_t b, uint32_t c) {
    uint32_t s = mw_op_kinds(op)[2] == MW_K_SLOT ? b : d;     // b if a slot
    uint32_t l = 0, w = (d > s ? d : s);
    w = (w > a ? w : a) + 1;
    while (l == d || l == a || l == s) {
        l++;
    }
    frame_holds(L, w - L->nlocals + 1);
    return emit_op(L, MW_OP_MOVE2, w, l, l, a) && emit_op(L, op, l, l, b, c) && emit_op(L, MW_OP_MOVE2, d, l, l, w);
}

// A defining instruction is about to be emitted: the last two before it
// remembered (prev_*, prev2_*: the fusions look back at them), it the one
// local.set may retarget (patch_idx: its first immediate).
static SMALL_OUT void def_begin(lower_t *L) {
    L->prev2_idx = L->prev_idx;
    L->prev2_end = L->prev_end;
    L->prev_idx = L->patch_idx;
    L->prev_end = L->def_end;
    L->patch_idx = L->ncode + 1;
}

// Emit `op d ...` whose first immediate is the slot of a new top value of
// type t, then push it; remembered for local.set retargeting.
bool emit_def4(lower_t *L, uint8_t t, mw_op op, uint32_t a, uint32_t b, uint32_t c, uint32_t e) {
    uint32_t d = slot(L, L->nvals);
    if (live(L)) {
        def_begin(L);
        if (mw_op_kinds(op)[0] == MW_K_SLOT8 && !MW_FITS_SLOT8(d, a)) {
            L->patch_end = L->def_end = NO_PATCH;
            return emit_wide(L, op, d, a, b, c) && push(L, t);
        }
        if (!emit_op5(L, op, d, a, b, c, e)) {
            return false;
        }
        L->patch_end = L->def_end = L->ncode;
    }
    return push(L, t);
}

// Write constant operand #pos into a slot: its own, or `d` if given.
bool const_into(lower_t *L, uint32_t pos, uint32_t d) {
    operand_t *o = &L->vals[pos];
    uint64_t v = o->cval;
    bool wide = o->type == MW_I64 || o->type == MW_F64;
    o->loc = slot(L, pos);
    if (!live(L)) {
        return true;
    }
    def_begin(L);
    if (wide) {
        if (!emit(L, MW_OP_CONST64) || !emit(L, d) || !code_room(L, MW_W_I64)) {
            return false;
        }
        mw_code_put_u64(L->code + L->ncode, v);
        L->ncode += MW_W_I64;
    } else if (!emit_op(L, MW_FITS_I16(v) ? MW_OP_CONST16 : MW_OP_CONST32, d, (uint32_t)v, 0, 0)) {
        return false;
    }
    L->patch_end = L->def_end = L->ncode;
    return true;
}

static LOWER_FAST_OUT bool const_to_slot(lower_t *L, uint32_t pos) {
    return const_into(L, pos, slot(L, pos));
}

// Push a constant; it is written to a slot only if a consumer needs one.
bool push_const(lower_t *L, uint8_t t, uint64_t v) {
    if (!push(L, t)) {
        return false;
    }
    if (live(L)) {
        L->vals[L->nvals - 1].loc = LOC_CONST;
        L->vals[L->nvals - 1].cval = v;
    }
    return true;
}

// COPY d a (a slot pair; a slot over 255: MOVE2 d a d a, the move twice);
// right after another COPY (no label between) the two become one MOVE2,
// its moves in the same order.
bool emit_copy(lower_t *L, uint32_t d, uint32_t a) {
    if (!live(L)) {
        return true;
    }
    if (L->copy_end != 0 && L->copy_end == L->ncode && L->label_at != L->ncode) {
        // the COPY's pair unit becomes MOVE2's d, its a the next unit
        uint32_t u = L->code[L->ncode - 1];
        L->code[L->ncode - 1 - MW_N(COPY)] = MW_OP_MOVE2;
        L->code[L->ncode - 1] = (mw_code_unit)(u & MW_MAX_SLOT8);
        L->copy_end = 0;
        return emit(L, u >> 8) && emit(L, d) && emit(L, a);
    }
    if (!MW_FITS_SLOT8(d, a)) {
        return emit_op(L, MW_OP_MOVE2, d, a, d, a);
    }
    if (!emit_op(L, MW_OP_COPY, d, a, 0, 0)) {
        return false;
    }
    L->copy_end = L->ncode;
    return true;
}

// Copy lazy operands from position `from` up into their own slots, two
// neighbours in one COPY2.
bool materialize(lower_t *L, uint32_t from) {
    for (uint32_t i = from; i < L->nvals; i++) {
        uint32_t s = slot(L, i);
        operand_t *v = &L->vals[i];
        if (v->loc == LOC_CONST) {
            if (!const_to_slot(L, i)) {
                return false;
            }
        } else if (v->loc != s) {
            if (i + 1 < L->nvals && v[1].loc != LOC_CONST && v[1].loc != s + 1) {
                if (!emit_op(L, MW_OP_COPY2, s, v->loc, v[1].loc, 0)) {
                    return false;
                }
                v[1].loc = s + 1;
                i++;
            } else if (!emit_copy(L, s, v->loc)) {
                return false;
            }
            v->loc = s;
        }
    }
    return true;
}

