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
#include "decode.h"

#define T_UNKNOWN 0           // bottom type of the polymorphic stack
#define NO_PATCH UINT32_MAX
#define LOC_CONST UINT32_MAX  // operand is a constant not yet in a slot

// Lowering's work buffers (kept between functions, freed after the module;
// a lazy lowering has its own) start no larger than the function can use and
// double when it uses more: a body of n bytes has at most n operands and n / 2
// blocks at once. A small function then lowers in ~0.4 KiB of them instead of
// the ~1.8 KiB that 32 operands, 8 blocks, 128 code units and 64 locals took,
// which matters where the first call lowers beside the stacks in a few KiB of
// heap (wasm.mpy on netduinoplus2); a large one starts where it used to.
static uint32_t start_cap(uint32_t most, uint32_t fits) {
    return fits < most ? fits : most;
}

enum { K_BLOCK, K_LOOP, K_IF, K_ELSE, K_FUNC };

typedef struct ctrl {
    uint8_t kind;
    bool unreachable;         // rest of this block is unreachable (typing)
    bool dead;                // block entered from unreachable code: emit nothing
    uint8_t single;           // storage for a one-result block type
    // (the byte fields first, where a 16-bit Thumb-2 load or store reaches them)
    bool branched;            // a branch to this block's end was emitted
    bool else_far;            // if: BR_UNLESS's target is an island, else_fix its JMP_FAR's
    uint8_t nwr;              // a block's one result: its writers in wr so far (note_writer; WR_UNKNOWN: not all)
    uint32_t height;          // operand height at entry, below the params
    uint32_t nparams, nresults;
    const uint8_t *params, *results;
    uint32_t target;          // loop: unit index of its head
    uint32_t fixups;          // forward branches to patch at end: index+1 chain
    uint32_t else_fix;        // if: index+1 of BR_UNLESS's target
    uint32_t alog_at;         // L->nalog at entry: the locals assigned inside are above
    uint32_t br_asg;          // locals below 32 assigned at every such branch (amask's bits)
    uint32_t far_fixups;      // branches through islands (far): index+1 chain of JMP_FAR targets
    uint32_t wr[3];
} ctrl_t;

typedef struct operand {
    uint8_t type;
    uint32_t loc;             // slot holding the value, or LOC_CONST
    uint64_t cval;            // the constant when loc == LOC_CONST
} operand_t;

typedef struct lower {
    mw_reader r;
    mw_module *m;
    operand_t *vals;
    uint32_t nvals, cap_vals, max_vals;
    uint32_t body;            // the body's size in bytes: the work buffers' start (start_cap)
    ctrl_t *ctrls;
    uint32_t nctrls, cap_ctrls;
    mw_code_unit *code;
    uint32_t ncode, cap_code; // in units
    uint8_t *locals;
    uint32_t nlocals;
    // Definite assignment, so that a call zeroes only the locals some path
    // reads before writing: asg[x] = the control depth whose code so far
    // assigned local x on every path (0: none), | ZERO_READ once x was read
    // unassigned; alog lists the assigned locals, innermost block last.
    uint32_t *asg, *alog;
    uint32_t nalog;
    uint32_t amask;           // bit x: local x < 32 is in alog (assigned)
    uint32_t patch_idx;       // dst unit of the last value-producing instruction
    uint32_t patch_end;       // ncode right after it
    uint32_t def_end;         // the same, kept when a local.set retargets it
    uint32_t prev_idx, prev_end;  // patch_idx and def_end of the one before
    uint32_t prev2_idx, prev2_end;    // and of the one before that
    uint32_t label_at;        // ncode where a branch target was last bound
    uint32_t copy_end;        // ncode right after the last COPY (0: none)
    // Branch targets are one unit, relative (TARGET). A distance beyond it
    // sets far_needed (and the unit's bit in far_over), and mw_lower_func
    // lowers the body again: the branches whose ordinal (nbr: the TARGETs
    // emitted so far, in order; far_unit: each one's unit) has its bit in
    // far_cur (every one with far_all) reach their label through an island
    // before them (JMP_FAR, far_islands); far_next is the next island.
    // (nbr here, in the first 128 bytes, where a 16-bit Thumb-2 load reaches
    // it; the fields of the full profile's fusions and far lowering after)
    uint32_t nbr;
    // A block's entry leaves the values under its parameters where they are
    // (lazy: a local's read, a constant) where lazy_under (lower_control);
    // lazy_conflict: a local such a read names was written inside the block
    // (lower_local_set), and the function is lowered again without it.
    bool lazy_under, lazy_conflict;
    uint32_t pair_at, pair_next;  // the last LOAD32_U_PAIR and its second load (0: none)
    uint32_t add2_at, add2_next;  // the last I32_ADD_IMM2 and the I32_ADD_IMM after it (0: none)
    bool far_all, far_needed;
    uint8_t *far_cur, *far_over;
    uint32_t *far_unit;
    uint32_t far_over_units, far_next;
    #if MW_LOWER_FAST
    ctrl_t *top;              // &ctrls[nctrls - 1], kept by push_ctrl and lower_end
    #endif
    #if MW_OP_PROFILE
    mw_lower_work *work;      // its sites: where each run of code was emitted (site_mark)
    uint8_t wop;              // the wasm opcode being lowered
    uint8_t site_depth;       // nesting of the SITE_CALL helpers (the outermost names the site)
    #endif
} lower_t;

// lower_t's lazy_under, where lowering may leave them lazy (the full profile)
#define LAZY_UNDER(L) (MW_FUSED_ARITH && (L)->lazy_under)

// The innermost control entry (the operand stack's every push and pop asks
// it): kept in lower_t where lowering is made fast, else found each time.
#if MW_LOWER_FAST
#define TOP(L) ((L)->top)
#else
#define TOP(L) (&(L)->ctrls[(L)->nctrls - 1])
#endif

// SMALL_OUT: out of line in the small profile (MW_FUSED_ARITH=0), for its
// text (Cortex-M3: put_rel, which GCC copied into its three callers, -12 B;
// lower_local_set, in line in lower_instr, -12 B; def_begin, in line in
// emit_def4 and const_into, -16 B); GCC's choice in the full one, whose
// lowering is made fast.
#if MW_FUSED_ARITH
#define SMALL_OUT
#else
#define SMALL_OUT MW_NOINLINE
#endif

static bool fail(lower_t *L, mw_detail d) {
    return mw_rd_invalid(&L->r, d);
}

static bool nomem(lower_t *L) {
    return mw_rd_fail(&L->r, MW_ERR_NOMEM, MW_D_NONE);
}

#define ZERO_READ 0x80000000u

static uint32_t slot(lower_t *L, uint32_t pos) {
    return L->nlocals + pos;
}

// A u32 LEB128 (an index, a label, a memarg's align and offset): the one-byte
// case in line where lowering is made fast (mw_rd_u32's own fast path, without
// the call: ~19 -> ~5 host Ir for each of sqlite's 313 K), the call otherwise.
// Two bytes in line too (a label of a function nested over 127 deep, a
// br_table's: cmark's lexer): 14 bits, never too large for a u32.
static inline bool rd_leb_u32(mw_reader *r, uint32_t *out) {
    #if MW_LOWER_FAST
    if (r->p < r->end && *r->p < 0x80) {
        *out = *r->p++;
        return true;
    }
    if (r->end - r->p >= 2 && r->p[1] < 0x80) {
        *out = (r->p[0] & 0x7fu) | (uint32_t)r->p[1] << 7;
        r->p += 2;
        return true;
    }
    #endif
    return mw_rd_u32(r, out);
}
static inline bool rd_u32(lower_t *L, uint32_t *out) {
    return rd_leb_u32(&L->r, out);
}

// ---- operand stack -------------------------------------------------------------

// The frame holds at least n operand slots above the locals (max_vals sizes
// it, mw_lower_func): the one place it grows, for pushes, emit_wide's saved
// slot and the result slots of an end reached only as dead code.
static void frame_holds(lower_t *L, uint32_t n) {
    if (n > L->max_vals) {
        L->max_vals = n;
    }
}

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

static bool push_at(lower_t *L, uint8_t t, uint32_t loc) {
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

// Push a value computed into its own slot.
static bool push(lower_t *L, uint8_t t) {
    return push_at(L, t, slot(L, L->nvals));
}

static bool pop(lower_t *L, uint8_t *out, uint32_t *loc) {
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

// The top operand, if it is a constant not yet in a slot (else NULL).
static operand_t *top_const(lower_t *L) {
    ctrl_t *c = TOP(L);
    if (L->nvals > c->height && L->vals[L->nvals - 1].loc == LOC_CONST) {
        return &L->vals[L->nvals - 1];
    }
    return NULL;
}

// The operand below the top if it is a constant of type t not yet in a slot
// and the top is not a constant (a binary op's left operand; else NULL).
static operand_t *left_const(lower_t *L, uint8_t t) {
    ctrl_t *c = TOP(L);
    if (L->nvals >= c->height + 2 && L->vals[L->nvals - 2].loc == LOC_CONST && L->vals[L->nvals - 2].type == t
        && L->vals[L->nvals - 1].loc != LOC_CONST) {
        return &L->vals[L->nvals - 2];
    }
    return NULL;
}

static bool pop_expect(lower_t *L, uint8_t want, uint32_t *loc) {
    uint8_t t = T_UNKNOWN;
    if (!pop(L, &t, loc)) {
        return false;
    }
    if (t != want && t != T_UNKNOWN && want != T_UNKNOWN) {
        return fail(L, MW_D_TYPE_MISMATCH);
    }
    return true;
}

static bool pop_types(lower_t *L, const uint8_t *ts, uint32_t n) {
    for (uint32_t i = n; i-- > 0;) {
        if (!pop_expect(L, ts[i], NULL)) {
            return false;
        }
    }
    return true;
}

static bool push_types(lower_t *L, const uint8_t *ts, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        if (!push(L, ts[i])) {
            return false;
        }
    }
    return true;
}

static void set_unreachable(lower_t *L) {
    ctrl_t *c = TOP(L);
    L->nvals = c->height;
    c->unreachable = true;
}

// ---- code emission ------------------------------------------------------------------

static bool live(lower_t *L) {
    ctrl_t *c = TOP(L);
    return !c->unreachable && !c->dead;
}

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
static MW_NOINLINE bool grow_code(lower_t *L, uint32_t n) {
    GROW_CODE_INLINE
    return true;
}
static inline bool code_room(lower_t *L, uint32_t n) {
    return L->cap_code - L->ncode >= n || grow_code(L, n);
}
#else
static bool code_room(lower_t *L, uint32_t n) {
    if (L->cap_code - L->ncode < n) {
        GROW_CODE_INLINE
    }
    return true;
}
#endif

// One unit: an opcode, a slot or a count of slots. Slots above 65535 are cut
// here; mw_lower_func refuses such a frame (MW_MAX_FRAME_SLOTS) before the
// code is used.
static bool emit(lower_t *L, uint32_t w) {
    if (!code_room(L, 1)) {
        return false;
    }
    L->code[L->ncode++] = (mw_code_unit)w;
    return true;
}

// A two-unit immediate: a 32-bit constant, offset, index or branch target.
static bool emit_u32(lower_t *L, uint32_t v) {
    if (!code_room(L, MW_W_U32)) {
        return false;
    }
    mw_code_put_u32(L->code + L->ncode, v);
    L->ncode += MW_W_U32;
    return true;
}

// An immediate of kind k (mw_int.h MW_KINDS; I64 constants: const_into).
// (GCC's choice: out of line it saved 16 B of Thumb-2 text at session 15,
// in line 8 B at session 26)
static bool emit_kind(lower_t *L, uint8_t k, uint32_t v) {
    return mw_kind_units[k] == 1 ? emit(L, v) : emit_u32(L, v);
}

// The destination slot of the value-producing instruction whose first
// immediate is at unit idx (L->patch_idx: its d, a unit or a slot pair's
// SLOT8), and writing another one there (false: the slot does not fit
// the pair, the caller copies instead).
static bool dst_paired(const lower_t *L, uint32_t idx) {
    return mw_op_kinds(L->code[idx - 1])[0] == MW_K_SLOT8;    // PQO, PQU, PQH, PQS
}
static uint32_t dst_at(const lower_t *L, uint32_t idx) {
    return dst_paired(L, idx) ? mw_code_slot8(L->code + idx) : L->code[idx];
}
#if MW_FUSED_ARITH
static bool split_mul_add2(lower_t *L);
#endif
static bool set_dst_at(lower_t *L, uint32_t idx, uint32_t x) {
    #if MW_FUSED_ARITH
    if (L->code[idx - 1] == MW_OP_I64_MUL_ADD2) {
        // its d is also what it adds to: back to the two links, the second
        // retargeted (only ever the last instruction: L->patch_idx)
        if (!split_mul_add2(L)) {
            return false;
        }
        idx = L->patch_idx;
    }
    #endif
    if (!dst_paired(L, idx)) {
        L->code[idx] = (mw_code_unit)x;
        return true;
    }
    if (x > MW_MAX_SLOT8) {
        return false;
    }
    L->code[idx] = (mw_code_unit)((L->code[idx] & 0xff00u) | x);
    return true;
}

// Emit op and its immediates in the kinds of its layout (MW_LAYOUTS, at
// most five), only in live code.
static bool emit_op5(lower_t *L, mw_op op, uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t e) {
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

static bool emit_op(lower_t *L, mw_op op, uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
    return emit_op5(L, op, a, b, c, d, 0);
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
static bool emit_def4(lower_t *L, uint8_t t, mw_op op, uint32_t a, uint32_t b, uint32_t c, uint32_t e) {
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

static bool emit_def(lower_t *L, uint8_t t, mw_op op, uint32_t a, uint32_t b, uint32_t c) {
    return emit_def4(L, t, op, a, b, c, 0);
}

// Write constant operand #pos into a slot: its own, or `d` if given.
static bool const_into(lower_t *L, uint32_t pos, uint32_t d) {
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
static bool push_const(lower_t *L, uint8_t t, uint64_t v) {
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
static bool emit_copy(lower_t *L, uint32_t d, uint32_t a) {
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
static bool materialize(lower_t *L, uint32_t from) {
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

// The first of the top n values that are the current block's (the stack
// index materialize_top starts at).
static uint32_t top_from(const lower_t *L, uint32_t n) {
    const ctrl_t *c = TOP(L);
    return L->nvals - c->height >= n ? L->nvals - n : c->height;
}

static bool materialize_top(lower_t *L, uint32_t n) {
    return materialize(L, top_from(L, n));
}

#if MW_OP_PROFILE
// The op profile's sites (bench/op_profile.c: which lowering path emitted
// each executed op). The code from unit L->ncode on is site's: the runs
// listed after it are gone (a peephole took the code back), and a run that
// continues the one before adds nothing. Profile builds only; out of memory
// it stops recording.
static void site_mark(lower_t *L, uint32_t site) {
    mw_lower_work *w = L->work;
    while (w->nsites > 0 && w->sites[2 * (w->nsites - 1)] >= L->ncode) {
        w->nsites--;
    }
    if (w->nsites > 0 && w->sites[2 * w->nsites - 1] == site) {
        return;
    }
    if (w->nsites == w->cap_sites) {
        uint32_t nc = w->cap_sites ? 2 * w->cap_sites : 64;
        uint32_t *ns = mw_realloc(L->r.rt, w->sites, w->cap_sites * 2 * sizeof(uint32_t), nc * 2 * sizeof(uint32_t));
        if (ns == NULL) {
            return;
        }
        w->sites = ns;
        w->cap_sites = nc;
    }
    w->sites[2 * w->nsites] = L->ncode;
    w->sites[2 * w->nsites + 1] = site;
    w->nsites++;
}

// The site of the run that holds unit u (materialize_cond).
#if MW_FUSED_ARITH
static uint32_t site_at(lower_t *L, uint32_t u) {
    mw_lower_work *w = L->work;
    uint32_t i = w->nsites;
    while (i > 0 && w->sites[2 * (i - 1)] > u) {
        i--;
    }
    return i > 0 ? w->sites[2 * i - 1] : 0;
}
#endif

static void site_in(lower_t *L, uint32_t line, bool from_local) {
    if (L->site_depth++ == 0) {
        site_mark(L, MW_SITE(L->wop, line, from_local));
    }
}

static bool site_out(lower_t *L, bool ok) {
    if (--L->site_depth == 0) {
        site_mark(L, MW_SITE(L->wop, 0, false));
    }
    return ok;
}

// From here on, a call of one of the helpers that copy values into place
// names the line that called it as the site of what it emits (the
// outermost such call: materialize_top's line, not materialize's); an
// emit_copy's site also says whether it copies a local.
#define SITE_CALL(L, from_local, call) (site_in((L), __LINE__, (from_local)), site_out((L), (call)))
#define materialize(L, from) SITE_CALL(L, false, (materialize)(L, from))
#define materialize_top(L, n) SITE_CALL(L, false, (materialize_top)(L, n))
#define emit_copy(L, d, a) SITE_CALL(L, (a) < (L)->nlocals, (emit_copy)(L, d, a))
#define const_into(L, pos, d) SITE_CALL(L, false, (const_into)(L, pos, d))
#endif

static void bind_label(lower_t *L) {
    L->label_at = L->ncode;
}

// A far function's branches within this many units of the limit go through
// islands too: each pass then finds most of those the islands push beyond.
#define MW_FAR_MARGIN (MW_FAR_LOWERING ? 2048u : 0u)

// Whether branch ordinal t goes through an island this time.
static bool far_br(const lower_t *L, uint32_t t) {
    #if MW_FAR_LOWERING
    return L->far_all || (L->far_cur != NULL && (L->far_cur[t >> 3] >> (t & 7) & 1));
    #else
    (void)L;
    (void)t;
    return false;
    #endif
}

// The TARGET at unit `at` does not reach (`needed`: lowered again), or
// nearly: islands added before it may take it beyond (far_over: which).
static void far_mark(lower_t *L, uint32_t at, bool needed) {
    L->far_needed |= needed;
    if (MW_FAR_LOWERING && L->far_over != NULL) {
        if (at < L->far_over_units) {
            L->far_over[at >> 3] |= (uint8_t)(1u << (at & 7));
        } else {
            L->far_all = true;        // beyond the map: every branch next time
        }
    }
}

// A TARGET unit at `at` naming unit `to`: the signed distance (one that does
// not fit is marked, the unit then never run).
static SMALL_OUT void put_rel(lower_t *L, uint32_t at, uint32_t to) {
    uint32_t d = to - at, b = d + 0x8000u;     // b <= 0xffff: d fits int16_t
    if (b - MW_FAR_MARGIN > 0xffffu - 2 * MW_FAR_MARGIN) {
        far_mark(L, at, b > 0xffffu);
    }
    L->code[at] = (mw_code_unit)d;
}

// A new TARGET unit: its ordinal's (far_unit).
static uint32_t new_target(lower_t *L) {
    uint32_t t = L->nbr++;
    if (MW_FAR_LOWERING && L->far_unit != NULL) {
        L->far_unit[t] = L->ncode;
    }
    return t;
}

// A branch to c's label: a block's end learns what is assigned on it.
static void note_branch(lower_t *L, ctrl_t *c) {
    (void)L;
    if (c != NULL && c->kind != K_LOOP) {
        #if MW_ASSIGN_BRANCHES
        c->br_asg = c->branched ? c->br_asg & L->amask : L->amask;
        #endif
        c->branched = true;
    }
}

// Target of a branch to `c` (one unit, relative): known for loops, else
// chained for patching, each link the distance back to the one before (0:
// the first). Far: the island far_islands put before the branch.
static bool emit_target(lower_t *L, ctrl_t *c) {
    note_branch(L, c);
    if (!code_room(L, MW_W_TARGET)) {
        return false;
    }
    uint32_t t = new_target(L), at = L->ncode++;
    if (far_br(L, t)) {
        put_rel(L, at, L->far_next);
        L->far_next += 1 + MW_W_IDX;
    } else if (c->kind == K_LOOP) {
        put_rel(L, at, c->target);
    } else {
        // a link too long for the unit: the branches before it are further
        // still from the label (marked), and a new chain starts here
        uint32_t link = c->fixups ? at - (c->fixups - 1) : 0;
        if (link > INT16_MAX) {
            for (uint32_t i = MW_FAR_LOWERING ? c->fixups : 0; i != 0;) {
                uint32_t back = L->code[i - 1];
                far_mark(L, i - 1, true);
                i = back ? i - back : 0;
            }
            link = 0;
        }
        L->code[at] = (mw_code_unit)link;
        c->fixups = at + 1;
    }
    return true;
}

// Bind the label of a chain (index + 1 of its last link, 0: none) here:
// TARGET units, each link the distance back to the one before; `far`: the
// islands' JMP_FAR unit indexes, each link the one before. An empty chain
// binds nothing: no branch lands here (a loop's end, whose branches go to
// its head; a block no branch names; the function's end without a branch
// to it, emit_return), so the code before and after it is one straight
// line and fuses as such. A branch to a block is lowered inside it, so
// its chain is complete when its end comes.
static void patch_chain(lower_t *L, uint32_t chain, bool far) {
    while (chain) {
        bind_label(L);
        uint32_t idx = chain - 1;
        if (MW_FAR_LOWERING && far) {
            chain = mw_code_u32(L->code + idx);
            mw_code_put_u32(L->code + idx, L->ncode);
        } else {
            uint32_t link = L->code[idx];
            chain = link ? idx - link + 1 : 0;
            put_rel(L, idx, L->ncode);
        }
    }
}

// Far branches (a br_table's entries, a branch moving values; the others
// are a JMP_FAR themselves, emit_branch): islands before it, one per target too far: JMP_FAR
// over them (far_skip: index + 1 of its target, set when the islands are
// done), then per target JMP_FAR to its label (far_island: a loop's head,
// else chained in its far_fixups; NULL: a placeholder whose target the
// caller chains, an if's else). The branch's targets point back at them in
// order (emit_target), a few units away; nothing fuses across them.
static uint32_t far_skip(lower_t *L) {
    if (!emit(L, MW_OP_JMP_FAR) || !emit_u32(L, 0)) {
        return 0;
    }
    L->far_next = L->ncode;
    return L->ncode - MW_W_IDX + 1;
}

// JMP_FAR to c's label: a loop's head, else chained in its far_fixups (c
// NULL: a placeholder, an if's else).
static bool emit_far_jump(lower_t *L, ctrl_t *c) {
    if (!emit(L, MW_OP_JMP_FAR)) {
        return false;
    }
    note_branch(L, c);
    uint32_t link = 0;
    if (c != NULL && c->kind == K_LOOP) {
        link = c->target;
    } else if (c != NULL) {
        link = c->far_fixups;
        c->far_fixups = L->ncode + 1;
    }
    return emit_u32(L, link);
}

// The TARGET of a branch over the JMP_FAR that follows it.
static bool emit_over_far(lower_t *L) {
    return emit(L, MW_W_TARGET + 1 + MW_W_IDX);
}

static bool far_island(lower_t *L, ctrl_t *c) {
    if (!emit_far_jump(L, c)) {
        return false;
    }
    bind_label(L);
    return true;
}

static bool far_islands(lower_t *L, ctrl_t *c) {
    uint32_t skip = far_skip(L);
    if (skip == 0 || !far_island(L, c)) {
        return false;
    }
    mw_code_put_u32(L->code + skip - 1, L->ncode);
    return true;
}

// Result types of a block. A one-result block type lives in the ctrl entry
// itself, which may move when the control stack grows: never keep a pointer.
static const uint8_t *ctrl_results(const ctrl_t *c) {
    return c->single ? &c->single : c->results;
}

static uint32_t label_arity(const ctrl_t *c) {
    return c->kind == K_LOOP ? c->nparams : c->nresults;
}

static const uint8_t *label_types(const ctrl_t *c) {
    return c->kind == K_LOOP ? c->params : ctrl_results(c);
}

#if MW_FUSED_ARITH
// A block (or an if with an else) of one result and no parameters whose
// result a local.set or local.tee right after its end takes: every
// instruction that writes the result's slot as the last before a branch to
// the end (br), before the else's jump or at the end itself writes the
// local instead (result_into), and the local.set has nothing to copy (lzo2's
// `x = c ? a : b`, a `block` whose branches leave a value). Its writers as
// lowering meets them (the units of their d); a br_if or br_table to the
// end, a br leaving other values on the stack, or a value not written by
// the instruction just before: not so (WR_UNKNOWN).
#define WR_UNKNOWN 0xffu

static bool result_block(const ctrl_t *c) {
    return c->kind != K_LOOP && c->kind != K_FUNC && c->nresults == 1 && c->nparams == 0;
}

// The unit of the d of the instruction just emitted if it wrote slot s (a
// producer, or the COPY materialize made) with no label after it; else 0.
static uint32_t last_writer(const lower_t *L, uint32_t s) {
    uint32_t n = L->ncode;
    if (L->label_at == n) {
        return 0;
    }
    if (L->copy_end == n && L->code[n - 1 - MW_N(COPY)] == MW_OP_COPY) {
        return mw_code_slot8(L->code + n - 1) == s ? n - 1 : 0;
    }
    if (L->patch_end == n && L->patch_idx != 0 && L->code[L->patch_idx - 1] != MW_OP_I64_MUL_ADD2
        && dst_at(L, L->patch_idx) == s) {
        return L->patch_idx;
    }
    return 0;
}

// c's result leaves for its end here (`top`: it is the only value above
// c's height, just put in its slot), in live code: its writer noted.
static MW_NOINLINE void note_writer(lower_t *L, ctrl_t *c, bool top) {
    if (!result_block(c) || c->nwr == WR_UNKNOWN || !live(L)) {
        return;
    }
    uint32_t w = top && L->nvals == c->height + 1 ? last_writer(L, slot(L, c->height)) : 0;
    if (w == 0 || c->nwr == sizeof c->wr / sizeof c->wr[0]) {
        c->nwr = WR_UNKNOWN;
        return;
    }
    c->wr[c->nwr++] = w;
}

// At c's end (its result in its slot, the label not bound yet): the local
// that the local.set or local.tee right after it names, which every writer
// of the result (the fall-through's too) now writes; UINT32_MAX: not so (a
// writer not known, another instruction after the end, a read of the local
// from under the block, which would see the new value, a local that does
// not fit a writer's slot pair).
static MW_NOINLINE uint32_t result_into(lower_t *L, ctrl_t *c) {
    const uint8_t *p = L->r.p;
    if (!result_block(c) || c->kind == K_IF || c->nwr == WR_UNKNOWN || c->dead || L->r.end - p < 3
        || (p[0] != MW_W_LOCAL_SET && p[0] != MW_W_LOCAL_TEE)) {
        return UINT32_MAX;
    }
    uint32_t x = p[1] < 0x80 ? p[1] : p[2] < 0x80 ? (p[1] & 0x7fu) | (uint32_t)p[2] << 7 : UINT32_MAX;
    if (x >= L->nlocals || L->locals[x] != ctrl_results(c)[0]) {
        return UINT32_MAX;
    }
    uint32_t wr[sizeof c->wr / sizeof c->wr[0] + 1], n = c->nwr;
    memcpy(wr, c->wr, n * sizeof wr[0]);
    if (live(L)) {
        wr[n] = L->nvals == c->height + 1 ? last_writer(L, slot(L, c->height)) : 0;
        if (wr[n++] == 0) {
            return UINT32_MAX;
        }
    }
    for (uint32_t i = 0; i < c->height; i++) {
        if (L->vals[i].loc == x) {
            return UINT32_MAX;
        }
    }
    for (uint32_t i = 0; i < n; i++) {
        if (dst_paired(L, wr[i]) && x > MW_MAX_SLOT8) {
            return UINT32_MAX;
        }
    }
    if (n == 0) {
        return UINT32_MAX;
    }
    for (uint32_t i = 0; i < n; i++) {
        set_dst_at(L, wr[i], x);
    }
    // (nothing fuses with the last writer now: its value is not the top's slot)
    L->patch_end = L->def_end = NO_PATCH;
    return x;
}
#endif

// The instruction just emitted if it is an i32.add or i32.sub of a constant
// whose result is slot x (a stack slot, or a local a local.set/tee made it
// write): its start, with an i32.sub turned into the I32_ADD_IMM of the
// negated constant (the same result, so fused forms only know the add);
// else NO_PATCH.
static uint32_t add_imm_at(lower_t *L, uint32_t x) {
    if (L->def_end != L->ncode || L->label_at == L->ncode || !live(L)) {
        return NO_PATCH;
    }
    // "d a imm": d a a slot pair at unit 1, the imm's two units at 2
    uint32_t p0 = L->patch_idx - 1;
    uint32_t op = L->code[p0];
    if ((op != MW_OP_I32_ADD_IMM && op != MW_OP_I32_SUB_IMM) || dst_at(L, p0 + 1) != x) {
        return NO_PATCH;
    }
    if (op == MW_OP_I32_SUB_IMM) {
        L->code[p0] = MW_OP_I32_ADD_IMM;
        mw_code_put_u32(L->code + p0 + 2, 0u - mw_code_u32(L->code + p0 + 2));
    }
    return p0;
}

// The I32_ADD_IMM at unit p0 is about to become another op: if it is the
// second of an I32_ADD_IMM2 (pair_add_imm), that one is a plain
// I32_ADD_IMM again (it would only test for its partner in vain).
static void unpair_add_imm(lower_t *L, uint32_t p0) {
    #if MW_FUSED_ARITH
    if (L->add2_next == p0 && p0 != 0) {
        L->code[L->add2_at] = MW_OP_I32_ADD_IMM;
        L->add2_next = 0;
    }
    #else
    (void)L, (void)p0;
    #endif
}

// The LOAD32_U at unit p0 is about to become another op: if it is the
// second load of a LOAD32_U_PAIR, that one is a plain LOAD32_U again.
#if MW_FUSED_MEM
static void unpair_load(lower_t *L, uint32_t p0) {
    if (L->pair_next == p0 && p0 != 0) {
        L->code[L->pair_at] = MW_OP_LOAD32_U;
        L->pair_next = 0;
    }
}
#endif

// A LOAD32_U of memory 0 about to be emitted: if the instruction just
// emitted is a plain LOAD32_U (no label between, not itself a pair's
// second load), that one becomes LOAD32_U_PAIR (mw_int.h), which does
// both. Not in the small profile (MW_FUSED_MEM=0).
static void fuse_load_pair(lower_t *L, mw_op load) {
    #if MW_FUSED_MEM
    if (load != MW_OP_LOAD32_U || L->def_end != L->ncode || L->label_at == L->ncode || !live(L)
        || L->patch_idx == 0) {
        return;
    }
    uint32_t p0 = L->patch_idx - 1;
    if (L->code[p0] != MW_OP_LOAD32_U || (L->pair_next == p0 && p0 != 0) || MW_FUSED_DROP(MW_OP_LOAD32_U_PAIR)) {
        return;
    }
    L->code[p0] = MW_OP_LOAD32_U_PAIR;
    L->pair_at = p0;
    L->pair_next = L->ncode;
    #else
    (void)L, (void)load;
    #endif
}

// The branch `br` about to be emitted at unit p0 (the code from p0 on is
// dropped), its operand a being slot a: if the instruction whose destination
// unit is idx, ending at `end`, is a plain LOAD8_U or LOAD32_U into a right
// before p0 (no label between), it becomes the fused load-and-branch L_BR
// (mw_int.h, MW_LOAD_BR_FUSED), which the branch follows unchanged. Not in
// the small profile (MW_FUSED_MEM=0), whose handlers would only run them as
// the plain load.
static void fuse_load_branch(lower_t *L, uint32_t idx, uint32_t end, uint32_t p0, mw_op br, uint32_t a) {
    #if MW_FUSED_MEM
    if (idx == 0 || end != p0 || L->label_at == p0 || dst_at(L, idx) != a) {
        return;
    }
    uint32_t op = L->code[idx - 1];
    if (op != MW_OP_LOAD8_U && op != MW_OP_LOAD32_U) {
        return;
    }
    for (uint32_t k = 0; k < MW_LOAD_BR_N; k++) {
        if (mw_load_br_branch[k] == br) {
            L->code[idx - 1] = (mw_code_unit)(MW_LOAD_BR_FIRST + k + (op == MW_OP_LOAD32_U ? MW_LOAD_BR_N : 0));
            unpair_load(L, idx - 1);
        }
    }
    #else
    (void)L, (void)idx, (void)end, (void)p0, (void)br, (void)a;
    #endif
}

#if MW_FUSED_ARITH
// F32_EQ .. F64_GE (the twelve, in their opcodes' order: eq ne lt gt le ge)
static bool is_fcmp(uint32_t op) {
    return op >= MW_OP_F32_EQ && op <= MW_OP_F64_GE;
}

// The MW_BRF_OP_LIST row (offset from BR_F32_EQ) of a branch on float
// comparison k (op - F32_EQ), taken if it holds or, negated, if it does
// not, with BRF_SWAP when a and b change places (gt is lt swapped, ge le).
// A negated lt is NLT, never GE: with a NaN both lt and ge are false.
#define BRF_SWAP 0x80u
static uint32_t brf_row(uint32_t k, bool negate) {
    // per width, the rows EQ NE LT LE NLT NLE (0 .. 5)
    static const uint8_t row[2][6] = {
        {0, 1, 2, 2 | BRF_SWAP, 3, 3 | BRF_SWAP},
        {1, 0, 4, 4 | BRF_SWAP, 5, 5 | BRF_SWAP},
    };
    return row[negate][k % 6] + (k >= 6 ? 6 : 0);
}
#endif

// A conditional branch on i32 slot `cslot` (taken if it is non-zero, or zero
// with `negate`), its target to follow. If the instruction just emitted
// is an i32 comparison (or an i32.and with a constant: a bit test) that
// computed cslot, it becomes a fused compare-and-branch (BR_EQ .. BR_GE_U_IMM,
// BR_ANDNZ, BR_ANDZ "a b target"): the comparison's result is only ever read
// by this branch (a stack slot, popped here).
static bool emit_cond(lower_t *L, uint32_t cslot, bool negate, mw_op plain) {
    // the negated form of each comparison, in MW_IMM_OP_LIST order:
    // eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u, then the bit tests
    // BR_ANDNZ BR_ANDZ (the rows after BR_GE_U_IMM)
    static const uint8_t neg[12] = {1, 0, 8, 9, 6, 7, 4, 5, 2, 3, 11, 10};
    // a loop counter: cslot = a + imm just computed (add_imm_at) is the
    // condition of br_if: BR_ADD_NZ d a imm, which still writes d
    uint32_t p0 = negate ? NO_PATCH : add_imm_at(L, cslot);
    if (p0 != NO_PATCH) {
        uint32_t a = mw_code_slot8h(L->code + p0 + 1), imm = mw_code_u32(L->code + p0 + 2);
        unpair_add_imm(L, p0);
        L->ncode = p0;
        L->patch_end = L->def_end = NO_PATCH;
        return emit(L, MW_OP_BR_ADD_NZ) && emit(L, cslot) && emit(L, a) && emit_u32(L, imm);
    }
    if (L->patch_end == L->ncode && L->label_at != L->ncode && cslot >= L->nlocals
        && dst_at(L, L->patch_idx) == cslot) {
        // the comparison "d a b" / "d a imm" / "d a"
        p0 = L->patch_idx - 1;
        uint32_t op = L->code[p0], v[MW_MAX_IMMS];
        mw_code_imms(L->code + p0, v);
        uint32_t a = v[1], b = v[2];
        int k = -1;
        mw_op base = MW_OP_BR_EQ;
        if (op >= MW_OP_I32_EQ && op <= MW_OP_I32_GE_U) {
            k = (int)(op - MW_OP_I32_EQ);
        } else if ((op >= MW_OP_I32_EQ_IMM && op <= MW_OP_I32_GE_U_IMM) || op == MW_OP_I32_AND_IMM) {
            k = op == MW_OP_I32_AND_IMM ? 10 : (int)(op - MW_OP_I32_EQ_IMM);
            base = MW_OP_BR_EQ_IMM;
        } else if (op == MW_OP_I32_EQZ) {
            k = 0;                    // a == 0
            base = MW_OP_BR_EQ_IMM;
        }
        // (x & K) == 0 or != 0 (i32.eqz, or i32.eq / i32.ne with 0) of an
        // i32.and just before, into a stack slot only this reads: the bit
        // test itself, BR_ANDZ / BR_ANDNZ x K
        // the instruction before the comparison (the load it may read)
        uint32_t before_idx = L->prev_idx, before_end = L->prev_end;
        if (base == MW_OP_BR_EQ_IMM && k <= 1 && b == 0 && a >= L->nlocals && L->prev_end == p0
            && L->label_at != p0 && L->code[L->prev_idx - 1] == MW_OP_I32_AND_IMM && dst_at(L, L->prev_idx) == a) {
            p0 = L->prev_idx - 1;
            k = 11 - k;               // == 0: BR_ANDZ, != 0: BR_ANDNZ
            mw_code_imms(L->code + p0, v);
            a = v[1];
            b = v[2];
            before_idx = L->prev2_idx;
            before_end = L->prev2_end;
        }
        #if MW_FUSED_ARITH
        // a float comparison (or i32.eqz of one, or == 0 / != 0, just
        // before, into a stack slot only this reads): BR_F32_EQ .. (brf_row),
        // forward only (a loop's back-edge stays BR_IF_LOOP: it polls)
        bool brf = !MW_FUSED_DROP(MW_OP_BR_F32_EQ);
        if (brf && plain != MW_OP_BR_IF_LOOP && base == MW_OP_BR_EQ_IMM && k <= 1 && b == 0 && a >= L->nlocals && L->prev_end == p0
            && L->label_at != p0 && is_fcmp(L->code[L->prev_idx - 1]) && dst_at(L, L->prev_idx) == a) {
            p0 = L->prev_idx - 1;
            op = L->code[p0];
            negate ^= k == 0;
            mw_code_imms(L->code + p0, v);
        }
        if (brf && is_fcmp(op) && plain != MW_OP_BR_IF_LOOP) {
            L->ncode = p0;
            L->patch_end = L->def_end = NO_PATCH;
            uint32_t row = brf_row(op - MW_OP_F32_EQ, negate);
            bool swap = row & BRF_SWAP;
            return emit(L, (mw_op)(MW_OP_BR_F32_EQ + (row & ~BRF_SWAP))) && emit(L, v[swap ? 2 : 1])
                && emit(L, v[swap ? 1 : 2]);
        }
        #endif
        if (k >= 0) {
            L->ncode = p0;
            L->patch_end = L->def_end = NO_PATCH;
            mw_op fused = (mw_op)(base + (negate ? neg[k] : (uint32_t)k));
            if ((fused == MW_OP_BR_EQ || fused == MW_OP_BR_NE) && before_idx != 0 && dst_at(L, before_idx) == b) {
                b = a;                // a == b: the loaded value first
                a = dst_at(L, before_idx);
            }
            fuse_load_branch(L, before_idx, before_end, p0, fused, a);
            return emit(L, fused) && emit(L, a) && emit_kind(L, mw_op_kinds(fused)[1], b);
        }
    }
    fuse_load_branch(L, L->patch_idx, L->def_end, L->ncode, plain, cslot);
    return emit(L, plain) && emit(L, cslot);
}

// An if's or a br_if's materialize (the values from stack index `from` up,
// all below its condition, slot c, each into its own slot), the comparison
// that computed c, if that is the instruction just emitted, moved after the
// copies, so that emit_cond still finds it last and fuses it with the
// branch (LAME's `*p = x <= *q ? *r : 0`: a local.get under the comparison;
// lzo2's `br_if` carrying a constant to its label after an i32.eqz). The
// copies (COPY, COPY2, MOVE2, CONST) read locals and constants and write
// stack slots below c; the comparison reads locals or slots from c up and
// writes c: the same values in either order. Not in the small profile
// (MW_FUSED_ARITH=0: lowering as it was).
static bool materialize_cond(lower_t *L, uint32_t c, uint32_t from) {
    #if MW_FUSED_ARITH
    uint32_t p0 = L->patch_idx - 1, end = L->ncode;
    uint32_t op = L->patch_idx != 0 && L->patch_end == end ? L->code[p0] : MW_OP_UNREACHABLE;
    if (!live(L) || L->patch_end != end || L->label_at == end || c < L->nlocals || dst_at(L, L->patch_idx) != c
        || !(is_fcmp(op) || (op >= MW_OP_I32_EQ && op <= MW_OP_I32_GE_U)
             || (op >= MW_OP_I32_EQ_IMM && op <= MW_OP_I32_GE_U_IMM) || op == MW_OP_I32_AND_IMM
             || op == MW_OP_I32_EQZ)) {
        return materialize(L, from);
    }
    mw_code_unit cmp[1 + MW_MAX_IMMS * 4];
    uint32_t n = end - p0;
    memcpy(cmp, L->code + p0, n * sizeof *cmp);
    #if MW_OP_PROFILE
    uint32_t cmp_site = site_at(L, p0);
    #endif
    if (!materialize(L, from)) {
        return false;
    }
    uint32_t k = L->ncode - end;      // the copies' units
    if (k != 0) {
        memmove(L->code + p0, L->code + end, k * sizeof *cmp);
        memcpy(L->code + p0 + k, cmp, n * sizeof *cmp);
        #if MW_OP_PROFILE
        // the sites move with the code: the copies', then the compare's
        uint32_t copy_site = site_at(L, end), ncode = L->ncode;
        L->ncode = p0;
        site_mark(L, copy_site);
        L->ncode = p0 + k;
        site_mark(L, cmp_site);
        L->ncode = ncode;
        site_mark(L, MW_SITE(L->wop, 0, false));
        #endif
        L->patch_idx = p0 + k + 1;
        L->patch_end = L->def_end = L->ncode;
        // nothing before it fuses with it now (emit_cond's bit test and
        // load-and-branch), nor a COPY after it with the last copy
        L->prev_idx = L->prev2_idx = 0;
        L->prev_end = L->prev2_end = NO_PATCH;
        L->copy_end = 0;
    }
    return true;
    #else
    (void)c;
    return materialize(L, from);
    #endif
}

// br / br_if (cond slot) to `c`, the label's values materialized on top.
static bool emit_branch(lower_t *L, ctrl_t *c, bool cond, uint32_t cslot) {
    if (!live(L)) {
        return true;
    }
    bool far = far_br(L, L->nbr);
    uint32_t n = label_arity(c);
    uint32_t d = slot(L, c->height);
    uint32_t a = slot(L, L->nvals - n);
    if (far && (n == 0 || d == a)) {
        // too far, no values to move: JMP_FAR, under the negated condition
        // (a branch over it: one dispatch more only when taken)
        new_target(L);
        if (cond && !(emit_cond(L, cslot, true, MW_OP_BR_UNLESS) && emit_over_far(L))) {
            return false;
        }
        return emit_far_jump(L, c);
    }
    if (far && !far_islands(L, c)) {
        return false;
    }
    if (n == 0 || d == a) {
        bool back = c->kind == K_LOOP;
        return cond ? emit_cond(L, cslot, false, back ? MW_OP_BR_IF_LOOP : MW_OP_BR_IF_JMP) && emit_target(L, c)
                    : emit(L, back ? MW_OP_JMP_LOOP : MW_OP_JMP) && emit_target(L, c);
    }
    if (cond && !(emit(L, MW_OP_BR_IF) && emit(L, cslot))) {
        return false;
    }
    return (cond || emit(L, MW_OP_BR)) && emit_target(L, c) && emit(L, d) && emit(L, n) && emit(L, a);
}

// ---- control stack ------------------------------------------------------------------

static bool push_ctrl(lower_t *L, uint8_t kind, const uint8_t *params, uint32_t np,
    const uint8_t *results, uint32_t nr, uint8_t single) {
    if (L->nctrls == L->cap_ctrls) {
        uint32_t nc = L->cap_ctrls ? L->cap_ctrls * 2 : start_cap(8, 1 + L->body / 2);
        ctrl_t *n = mw_realloc(L->r.rt, L->ctrls, L->cap_ctrls * sizeof(ctrl_t), nc * sizeof(ctrl_t));
        if (n == NULL) {
            return nomem(L);
        }
        L->ctrls = n;
        L->cap_ctrls = nc;
        #if MW_LOWER_FAST
        L->top = n + (L->nctrls ? L->nctrls - 1 : 0);
        #endif
    }
    bool dead = L->nctrls > 0 && !live(L);
    ctrl_t *c = &L->ctrls[L->nctrls++];
    #if MW_LOWER_FAST
    L->top = c;
    #endif
    memset(c, 0, sizeof(*c));
    c->kind = kind;
    c->dead = dead;
    c->single = single;
    c->params = params;
    c->nparams = np;
    c->results = single ? NULL : results;  // single: see ctrl_results()
    c->nresults = nr;
    c->height = L->nvals;
    c->target = L->ncode;
    c->alog_at = L->nalog;
    return push_types(L, params, np);
}

// Block type (spec 5.4.1): empty, one value type, or a type index (s33).
static bool rd_blocktype(lower_t *L, const uint8_t **params, uint32_t *np,
    const uint8_t **results, uint32_t *nr, uint8_t *single) {
    mw_reader *r = &L->r;
    if (r->p >= r->end) {
        return mw_rd_malformed(r, MW_D_UNEXPECTED_END);
    }
    uint8_t b = *r->p;
    *params = NULL;
    *np = 0;
    *results = NULL;
    *nr = 0;
    *single = 0;
    if (b == MW_BLOCKTYPE_EMPTY) {
        r->p++;
        return true;
    }
    if (b == MW_I32 || b == MW_I64 || b == MW_F32 || b == MW_F64 || mw_is_reftype(b)) {
        r->p++;
        *single = b;
        *nr = 1;
        return true;
    }
    uint64_t v;
    if (!mw_rd_leb(r, 33, true, &v)) {
        return false;
    }
    if ((int64_t)v < 0) {
        return mw_rd_malformed(r, MW_D_MALFORMED_VALUE_TYPE);
    }
    if (v >= L->m->ntypes) {
        return fail(L, MW_D_UNKNOWN_TYPE);
    }
    const mw_functype *ft = L->m->types[v];
    *params = ft->types;
    *np = ft->nparams;
    *results = ft->types + ft->nparams;
    *nr = ft->nresults;
    return true;
}

// A label index (spec 3.4.8): its control entry, or NULL with the failure
// recorded (a pointer result, so callers never read an unset out-parameter).
static ctrl_t *rd_label(lower_t *L) {
    uint32_t l;
    if (!rd_u32(L, &l)) {
        return NULL;
    }
    if (l >= L->nctrls) {
        fail(L, MW_D_UNKNOWN_LABEL);
        return NULL;
    }
    return &L->ctrls[L->nctrls - 1 - l];
}

// ---- instruction tables ---------------------------------------------------------------

// Loads/stores 0x28..0x3e: internal op, value type, log2 of natural alignment.
static const struct {
    uint8_t op, type, align;
} memops[] = {
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
static const uint8_t numeric_sigs[MW_W_I64_EXTEND32_S - MW_W_I32_EQZ + 1] = {
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

// Operand types (b = 0: unary) and result type of numeric opcode 0x45..0xc4.
static inline void numeric_sig(uint8_t op, uint8_t *a, uint8_t *b, uint8_t *res) {
    uint32_t s = numeric_sigs[op - MW_W_I32_EQZ];
    *a = (uint8_t)(0x7c | (s & 3));
    *b = s & 4 ? *a : 0;
    *res = (uint8_t)(0x7c | s >> 3);
}

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
    // memory 0: the op itself, its offset in one unit (OFF16); another
    // memory, or an offset over MW_MAX_OFF16: LOAD32_U_W / STORE32_W, else
    // MLOAD/MSTORE naming the memory
    // (and slots that do not both fit a slot pair: a frame over 256 slots)
    bool other = mem != 0 || offset > MW_MAX_OFF16;
    if (op <= MW_W_I64_LOAD32_U) {
        if (!pop_expect(L, MW_I32, &a)) {
            return false;
        }
        if (other || !MW_FITS_SLOT8(a, slot(L, L->nvals))) {
            return mem == 0 && iop == MW_OP_LOAD32_U ? emit_def(L, t, MW_OP_LOAD32_U_W, a, offset, 0)
                   : emit_def4(L, t, MW_OP_MLOAD, a, offset, mem, iop);
        }
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
        if (mem == 0 && iop == MW_OP_STORE32) {
            return emit_op(L, MW_OP_STORE32_W, a, b, offset, 0);
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
static uint32_t asg_bit(uint32_t x) {
    return MW_ASSIGN_BRANCHES && x < 32 ? (uint32_t)1 << x : 0;
}

// local.set/tee x: assigned from here to the end of the innermost block.
static void note_set(lower_t *L, uint32_t x) {
    if ((L->asg[x] & ~ZERO_READ) == 0) {
        L->asg[x] |= L->nctrls;
        L->alog[L->nalog++] = x;
        L->amask |= asg_bit(x);
    }
}

// local.get x in live code: if some path reaches it without assigning x, the
// call must zero x.
static void note_get(lower_t *L, uint32_t x) {
    if ((L->asg[x] & ~ZERO_READ) == 0 && live(L)) {
        L->asg[x] |= ZERO_READ;
    }
}

// Leaving the innermost block (end, or else of an if): what it assigned
// stays assigned after it only when every way to its end passes the
// assignment: a loop's end (branches go to its head); a block's, when no
// branch leaves it or, for locals below 32, when each branch out had it
// assigned too (br_asg: clang's memcpy, `block { block { br_if 0 ..
// local.set x .. br_if 1 } local.set x }`, keeps x). An if's arms each
// forget theirs.
static void leave_sets(lower_t *L, const ctrl_t *c) {
    bool keep = c->kind == K_LOOP || (c->kind == K_BLOCK && !c->branched);
    uint32_t kept = c->kind == K_BLOCK ? c->br_asg : 0;
    uint32_t n = c->alog_at;
    for (uint32_t i = c->alog_at; i < L->nalog; i++) {
        uint32_t x = L->alog[i];
        L->asg[x] &= ZERO_READ;
        if (keep || (kept & asg_bit(x))) {
            L->asg[x] |= L->nctrls - 1;
            L->alog[n++] = x;
        } else {
            L->amask &= ~asg_bit(x);
        }
    }
    L->nalog = n;
}

// A function's one result, returned straight from the local holding it
// (no copy into a slot first): that local, or UINT32_MAX.
static uint32_t result_local(lower_t *L, const ctrl_t *c) {
    if (c->nresults == 1 && L->nvals > c->height && L->vals[L->nvals - 1].loc < L->nlocals) {
        return L->vals[L->nvals - 1].loc;
    }
    return UINT32_MAX;
}

// Return n results from slots a..: RETURN1 for one (most functions),
// RETURN0 for none. One result that the instruction just emitted wrote to
// its own slot a (no branch lands between them) is written to slot 0
// instead, where the return leaves it, and RETURN0 returns it: RETURN1's
// copy is 4 of a Cortex-M3 return's 14 instructions, and the function has
// a unit less. The producer may write one of its own operands (a local.set
// retargets it to any local alike); nothing reads slot 0 after it. Not an
// I64_MUL_ADD2, which would split in two to be retargeted. Not in
// the small profile (MW_FUSED_ARITH=0: +0 B of its text).
static MW_NOINLINE bool emit_return(lower_t *L, uint32_t n, uint32_t a) {
    #if MW_FUSED_ARITH
    // (the function's own end comes here with its control entry popped:
    // ctrls[0] still says whether that end is reached)
    const ctrl_t *c = &L->ctrls[L->nctrls ? L->nctrls - 1 : 0];
    if (n == 1 && !c->unreachable && !c->dead && L->patch_end == L->ncode && L->label_at != L->ncode && a >= L->nlocals
        && dst_at(L, L->patch_idx) == a && L->code[L->patch_idx - 1] != MW_OP_I64_MUL_ADD2
        && set_dst_at(L, L->patch_idx, 0)) {
        L->patch_end = L->def_end = NO_PATCH;
        return emit(L, MW_OP_RETURN0);
    }
    #endif
    if (n <= 1) {
        return n == 0 ? emit(L, MW_OP_RETURN0) : emit(L, MW_OP_RETURN1) && emit(L, a);
    }
    return emit(L, MW_OP_RETURN) && emit(L, n) && emit(L, a);
}

static bool lower_end(lower_t *L) {
    ctrl_t *c = &L->ctrls[L->nctrls - 1];
    // the function's end is also where branches to its label leave their
    // results (slot 0): only without those may RETURN read a local
    uint32_t from = c->kind == K_FUNC && !c->branched ? result_local(L, c) : UINT32_MAX;
    if (from == UINT32_MAX && !materialize_top(L, c->nresults)) {
        return false;
    }
    #if MW_FUSED_ARITH
    uint32_t into = result_into(L, c);
    #else
    uint32_t into = UINT32_MAX;
    #endif
    if (!pop_types(L, ctrl_results(c), c->nresults)) {
        return false;
    }
    if (L->nvals != c->height) {
        return fail(L, MW_D_TYPE_MISMATCH);
    }
    if (c->kind == K_IF) {
        // if without else: the missing else passes the params through
        if (c->nparams != c->nresults || (c->nparams && memcmp(c->params, ctrl_results(c), c->nparams) != 0)) {
            return fail(L, MW_D_TYPE_MISMATCH);
        }
        patch_chain(L, c->else_fix, c->else_far);
    }
    patch_chain(L, c->fixups, false);
    if (MW_FAR_LOWERING) {
        patch_chain(L, c->far_fixups, true);
    }
    leave_sets(L, c);
    uint8_t kind = c->kind;
    const uint8_t *res = c->results;
    uint32_t nr = c->nresults;
    uint8_t single = c->single;
    L->nctrls--;
    #if MW_LOWER_FAST
    L->top = L->ctrls + (L->nctrls ? L->nctrls - 1 : 0);
    #endif
    if (kind == K_FUNC) {
        // an end reached only as dead code (the body ends in unreachable, br
        // or return) pushed nothing, yet its RETURN names the result slots:
        // they must lie inside the frame (mw_code_check refuses an image
        // otherwise), so the frame holds them
        if (from == UINT32_MAX) {
            frame_holds(L, nr);
        }
        return emit_return(L, nr, from != UINT32_MAX ? from : slot(L, 0));
    }
    if (into != UINT32_MAX) {
        return push_at(L, single ? single : res[0], into);
    }
    if (single) {
        return push(L, single);
    }
    return push_types(L, res, nr);
}

// The reads of local x among the stack's first n values, each copied to its
// own slot before the local is written. One from under the current block's
// parameters, left lazy at its entry (lazy_under), would be copied here on
// this path only: lowering stops (false, no failure reported) and the
// function is lowered again with such values in their slots at every entry
// (lazy_conflict, mw_lower_func).
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

// An opcode that is not an instruction (spec 5.4): malformed, reported at
// the opcode's own offset.
static bool illegal_op(lower_t *L, uint8_t op) {
    L->r.p--;
    return mw_rd_malformed(&L->r, mw_opcode_detail(op));
}

// Whether every label of a br_table (the n at p, then the default) is a
// block's end whose values are already in place: BR_TABLE_JMP, targets only
// (no copies, and no poll: each jump goes forward).
static bool table_jumps_only(lower_t *L, const uint8_t *p, uint32_t n) {
    mw_reader r = L->r;
    r.p = p;
    for (uint32_t i = 0; i <= n; i++) {
        uint32_t l;
        if (!rd_leb_u32(&r, &l) || l >= L->nctrls) {
            return false;
        }
        const ctrl_t *c = &L->ctrls[L->nctrls - 1 - l];
        uint32_t k = label_arity(c);
        if (c->kind == K_LOOP || (k != 0 && (k > L->nvals || c->height != L->nvals - k))) {
            return false;
        }
    }
    return true;
}

// Control instructions (spec 3.3.8): blocks, branches, return. (SMALL_OUT:
// -20 B of Thumb-2 out of lower_instr.)
static SMALL_OUT bool lower_control(lower_t *L, uint8_t op) {
    mw_reader *r = &L->r;
    uint32_t a;
    ctrl_t *c;
    switch (op) {
        case MW_W_UNREACHABLE:
            if (!emit_op(L, MW_OP_UNREACHABLE, 0, 0, 0, 0)) {
                return false;
            }
            set_unreachable(L);
            break;
        case MW_W_NOP:
            break;
        case MW_W_BLOCK:
        case MW_W_LOOP:
        case MW_W_IF: {
            const uint8_t *ps, *rs;
            uint32_t np, nr;
            uint8_t single;
            uint32_t cond = 0;
            if (!rd_blocktype(L, &ps, &np, &rs, &nr, &single)) {
                return false;
            }
            if (op == MW_W_IF && !pop_expect(L, MW_I32, &cond)) {
                return false;
            }
            // the parameters enter the block in their own slots; the values
            // under them too, unless lazy_under (a lazy one could otherwise
            // be copied on only one path through the block: save_read)
            uint32_t from = LAZY_UNDER(L) && np <= L->nvals - TOP(L)->height ? L->nvals - np : 0;
            if (!(op == MW_W_IF ? materialize_cond(L, cond, from) : materialize(L, from))) {
                return false;
            }
            if (!pop_types(L, ps, np)) {
                return false;
            }
            bool was_live = live(L);
            if (op == MW_W_LOOP) {
                bind_label(L);    // back-edges poll (JMP_LOOP, BR_IF_LOOP)
            }
            uint32_t head = L->ncode;
            // too far, the else is a JMP_FAR under the condition (a branch over it)
            bool far = op == MW_W_IF && was_live && far_br(L, L->nbr);
            if (op == MW_W_IF && was_live && !emit_cond(L, cond, !far, far ? MW_OP_BR_IF_JMP : MW_OP_BR_UNLESS)) {
                return false;
            }
            if (!push_ctrl(L, op == MW_W_BLOCK ? K_BLOCK : op == MW_W_LOOP ? K_LOOP : K_IF, ps, np, rs, nr, single)) {
                return false;
            }
            c = &L->ctrls[L->nctrls - 1];
            c->target = head;
            if (op == MW_W_IF && was_live) {
                if (!code_room(L, MW_W_TARGET)) {
                    return false;
                }
                // the one link of its chain; far: the JMP_FAR's target is
                new_target(L);
                c->else_far = far;
                c->else_fix = L->ncode + 1;
                L->code[L->ncode++] = 0;
                if (far) {
                    L->code[L->ncode - 1] = MW_W_TARGET + 1 + MW_W_IDX;    // over the JMP_FAR
                    c->else_fix = L->ncode + 2;
                    if (!emit_far_jump(L, NULL)) {
                        return false;
                    }
                }
            }
            break;
        }
        case MW_W_ELSE:
            c = &L->ctrls[L->nctrls - 1];
            if (c->kind != K_IF) {
                return fail(L, MW_D_ELSE_WITHOUT_IF);
            }
            if (!materialize_top(L, c->nresults)) {
                return false;
            }
            #if MW_FUSED_ARITH
            note_writer(L, c, true);
            #endif
            if (!pop_types(L, ctrl_results(c), c->nresults)) {
                return false;
            }
            if (L->nvals != c->height) {
                return fail(L, MW_D_TYPE_MISMATCH);
            }
            if (live(L)) {
                if (far_br(L, L->nbr) ? (new_target(L), !emit_far_jump(L, c))
                                      : !emit(L, MW_OP_JMP) || !emit_target(L, c)) {
                    return false;
                }
            }
            patch_chain(L, c->else_fix, c->else_far);
            leave_sets(L, c);
            c->else_fix = 0;
            c->kind = K_ELSE;
            c->unreachable = false;
            if (!push_types(L, c->params, c->nparams)) {
                return false;
            }
            break;
        case MW_W_END:
            if (!lower_end(L)) {
                return false;
            }
            break;
        case MW_W_BR:
            if ((c = rd_label(L)) == NULL || !materialize_top(L, label_arity(c))) {
                return false;
            }
            #if MW_FUSED_ARITH
            note_writer(L, c, true);
            #endif
            if (!pop_types(L, label_types(c), label_arity(c)) || !push_types(L, label_types(c), label_arity(c))
                || !emit_branch(L, c, false, 0)) {
                return false;
            }
            set_unreachable(L);
            break;
        case MW_W_BR_IF:
            if ((c = rd_label(L)) == NULL || !pop_expect(L, MW_I32, &a)) {
                return false;
            }
            #if MW_FUSED_ARITH
            note_writer(L, c, false);
            #endif
            // the condition is above the label values, so moving them
            // into place (materialize) cannot overwrite it
            if (!materialize_cond(L, a, top_from(L, label_arity(c))) || !pop_types(L, label_types(c), label_arity(c))
                || !push_types(L, label_types(c), label_arity(c)) || !emit_branch(L, c, true, a)) {
                return false;
            }
            break;
        case MW_W_BR_TABLE: {
            uint32_t n;
            if (!mw_rd_u32(r, &n)) {
                return false;
            }
            if (n > (uint32_t)(r->end - r->p)) {
                return mw_rd_malformed(r, MW_D_UNEXPECTED_END);
            }
            const uint8_t *labels = r->p;
            for (uint32_t i = 0; i < n; i++) {
                if (!rd_leb_u32(r, &a)) {
                    return false;
                }
            }
            uint32_t cidx;
            ctrl_t *dflt = rd_label(L);
            if (dflt == NULL || !pop_expect(L, MW_I32, &cidx)) {
                return false;
            }
            const uint8_t *after = r->p;
            uint32_t arity = label_arity(dflt);
            if (!materialize_top(L, arity)) {
                return false;
            }
            bool emitting = live(L);
            bool jumps = emitting && table_jumps_only(L, labels, n);
            // with far labels, a first pass puts their entries' islands before the table
            uint32_t skip = 0;
            for (int pass = MW_FAR_LOWERING && emitting && (L->far_cur || L->far_all) ? 0 : 1; pass < 2; pass++) {
                if (pass == 1 && skip != 0) {
                    mw_code_put_u32(L->code + skip - 1, L->ncode);
                }
                if (pass == 1 && emitting
                    && (!emit(L, jumps ? MW_OP_BR_TABLE_JMP : MW_OP_BR_TABLE) || !emit(L, cidx) || !emit_u32(L, n))) {
                    return false;
                }
                r->p = labels;
                for (uint32_t i = 0; i <= n; i++) {
                    if (i == n) {
                        r->p = after;
                        c = dflt;
                    } else if ((c = rd_label(L)) == NULL) {
                        return false;
                    }
                    if (label_arity(c) != arity) {
                        return fail(L, MW_D_TYPE_MISMATCH);
                    }
                    #if MW_FUSED_ARITH
                    note_writer(L, c, false);
                    #endif
                    // check the label's types against the stack, then restore it
                    uint32_t saved = L->nvals;
                    if (!pop_types(L, label_types(c), arity)) {
                        return false;
                    }
                    L->nvals = saved;
                    if (pass == 0 ? far_br(L, L->nbr + i)
                                        && ((skip == 0 && (skip = far_skip(L)) == 0) || !far_island(L, c))
                                  : emitting && (!emit_target(L, c) || (!jumps && (!emit(L, slot(L, c->height))
                                      || !emit(L, arity) || !emit(L, slot(L, L->nvals - arity)))))) {
                        return false;
                    }
                }
            }
            r->p = after;
            set_unreachable(L);
            break;
        }
        case MW_W_RETURN:
            c = &L->ctrls[0];
            a = result_local(L, c);
            if ((a == UINT32_MAX && !materialize_top(L, c->nresults)) || !pop_types(L, ctrl_results(c), c->nresults)
                || (live(L) && !emit_return(L, c->nresults, a != UINT32_MAX ? a : slot(L, L->nvals)))) {
                return false;
            }
            set_unreachable(L);
            break;
    }
    return true;
}

// Calls (spec 3.3.8): call, call_indirect.
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
// i32.add of slots a and b where the instruction just emitted computed one of
// them into its stack slot as x << k or x * k (an array element's address):
// that instruction gives way to I32_ADD_MUL d other x multiplier. Returns
// its start, or NO_PATCH (emit the add as usual).
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
static bool split_mul_add2(lower_t *L) {
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
// constant. Not in the small profile (MW_FUSED_ARITH=0).
static mw_op pair_add_imm(lower_t *L, mw_op o, uint32_t *kv) {
    #if MW_FUSED_ARITH
    if ((o != MW_OP_I32_ADD_IMM && o != MW_OP_I32_SUB_IMM) || L->def_end != L->ncode || L->patch_idx == 0
        || !live(L)) {
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
    (void)L, (void)kv;
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
    o = pair_add_imm(L, o, &k32);
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

#if MW_LOWER_FAST
// A LEB128 of at most `most` bytes at p (before end) whose every value is
// valid (a u32 or s32 in 4 bytes, an s64 in 9: 28 and 63 bits): its length,
// or 0 (longer, or cut short).
static uint32_t check_leb(const uint8_t *p, const uint8_t *end, uint32_t most) {
    for (uint32_t n = 0; n < most && p + n < end; n++) {
        if (p[n] < 0x80) {
            return n + 1;
        }
    }
    return 0;
}

// Validation without lowering (mw_lower_func's `check`): the commonest
// instructions typed here, on the operand stack's types alone, as long as
// they are valid with operands of known type above the innermost block's
// height (nothing polymorphic) and indices and immediates of the usual
// sizes (sqlite: all but ~1% of its instructions). It stops at
// the first other instruction, or one that fails, with the reader at it,
// which lower_instr then types with the body dead (emitting nothing,
// reporting as lowering does): so this accepts only what lower_instr
// accepts, and leaves the stacks as it would. The stack's state is in
// locals here (a store of a type, a byte, would make the compiler reload
// lower_t's fields after it).
static void check_run(lower_t *L) {
    const uint8_t *p = L->r.p, *end = L->r.end;
    const mw_module *m = L->m;
    operand_t *v = L->vals;
    const uint8_t *locals = L->locals;
    uint32_t n = L->nvals, room = L->cap_vals, nlocals = L->nlocals, height = TOP(L)->height;
    // CHECK_PUSH: a value of type t pushed (room tested first); hi: the
    // most values at once
    uint32_t hi = n;
    #define CHECK_PUSH(t) do { \
        v[n].type = (t); \
        v[n].loc = nlocals + n; \
        n++; \
        hi = n > hi ? n : hi; \
    } while (0)
    while (p < end) {
        uint8_t op = *p;
        uint32_t avail = n - height, len = 1, x;
        if (op >= MW_W_LOCAL_GET && op <= MW_W_GLOBAL_SET) {
            if (p + 1 >= end || p[1] >= 0x80) {
                break;
            }
            x = p[1];
            len = 2;
            if (op <= MW_W_LOCAL_TEE) {
                if (x >= nlocals) {
                    break;
                }
                if (op == MW_W_LOCAL_GET) {
                    if (n >= room) {
                        break;
                    }
                    CHECK_PUSH(locals[x]);
                } else if (avail == 0 || v[n - 1].type != locals[x]) {
                    break;
                } else if (op == MW_W_LOCAL_SET) {
                    n--;
                }
            } else if (x >= m->nglobals) {
                break;
            } else if (op == MW_W_GLOBAL_GET) {
                if (n >= room) {
                    break;
                }
                CHECK_PUSH(m->globals[x].type);
            } else if (avail == 0 || !m->globals[x].mut || v[n - 1].type != m->globals[x].type) {
                break;
            } else {
                n--;
            }
        } else if (op >= MW_W_I32_EQZ && op <= MW_W_I64_EXTEND32_S) {
            uint8_t ta, tb, tr;
            numeric_sig(op, &ta, &tb, &tr);
            if (tb ? avail < 2 || v[n - 1].type != tb || v[n - 2].type != ta : avail < 1 || v[n - 1].type != ta) {
                break;
            }
            n -= tb ? 1 : 0;
            v[n - 1].type = tr;
        } else if (op >= MW_W_I32_CONST && op <= MW_W_F64_CONST) {
            len = op == MW_W_F32_CONST ? 5 : op == MW_W_F64_CONST ? 9
                : 1 + check_leb(p + 1, end, op == MW_W_I32_CONST ? 4 : 9);
            if (n >= room || len == 1 || len > (uint32_t)(end - p)) {
                break;
            }
            CHECK_PUSH(mw_const_type(op));
        } else if (op >= MW_W_I32_LOAD && op <= MW_W_I64_STORE32) {
            // memory 0: an alignment of one byte, so no memory index
            uint32_t i = op - MW_W_I32_LOAD, k;
            if (p + 1 >= end || p[1] > memops[i].align || m->nmems == 0 || (k = check_leb(p + 2, end, 4)) == 0) {
                break;
            }
            len = 2 + k;
            if (op <= MW_W_I64_LOAD32_U) {
                if (avail < 1 || v[n - 1].type != MW_I32) {
                    break;
                }
                v[n - 1].type = memops[i].type;
            } else if (avail < 2 || v[n - 1].type != memops[i].type || v[n - 2].type != MW_I32) {
                break;
            } else {
                n -= 2;
            }
        } else if (op == MW_W_CALL) {
            if ((len = 1 + check_leb(p + 1, end, 4)) == 1) {
                break;
            }
            x = 0;
            for (uint32_t k = len - 1; k-- > 0;) {
                x = x << 7 | (p[1 + k] & 0x7fu);
            }
            if (x >= m->nfuncs) {
                break;
            }
            const mw_functype *ft = m->types[m->functypes[x]];
            uint32_t np = ft->nparams, k = 0;
            if (avail < np || n - np + ft->nresults > room) {
                break;
            }
            while (k < np && v[n - np + k].type == ft->types[k]) {
                k++;
            }
            if (k < np) {
                break;
            }
            n -= np;
            for (k = 0; k < ft->nresults; k++) {
                CHECK_PUSH(ft->types[np + k]);
            }
        } else if (op == MW_W_BR_IF || op == MW_W_BR) {
            if (p + 1 >= end || p[1] >= 0x80 || p[1] >= L->nctrls) {
                break;
            }
            const ctrl_t *c = &L->ctrls[L->nctrls - 1 - p[1]];
            uint32_t cond = op == MW_W_BR_IF, arity = label_arity(c), k = 0;
            const uint8_t *ts = label_types(c);
            len = 2;
            if (avail < cond + arity || (cond && v[n - 1].type != MW_I32)) {
                break;
            }
            while (k < arity && v[n - cond - arity + k].type == ts[k]) {
                k++;
            }
            if (k < arity) {
                break;
            }
            if (cond) {
                n--;
            } else {
                n = height;
                TOP(L)->unreachable = true;
            }
        } else if (op == MW_W_BLOCK || op == MW_W_LOOP || op == MW_W_IF) {
            // an empty or a one-value block type (a number type)
            uint8_t b = p + 1 < end ? p[1] : 0;
            bool single = b == MW_I32 || b == MW_I64 || b == MW_F32 || b == MW_F64;
            bool cond = op == MW_W_IF;
            if ((b != MW_BLOCKTYPE_EMPTY && !single) || L->nctrls == L->cap_ctrls
                || (cond && (avail < 1 || v[n - 1].type != MW_I32))) {
                break;
            }
            len = 2;
            L->nvals = n - cond;
            push_ctrl(L, op == MW_W_BLOCK ? K_BLOCK : op == MW_W_LOOP ? K_LOOP : K_IF, NULL, 0, NULL, single,
                single ? b : 0);
            n = height = L->nvals;
        } else if (op == MW_W_END) {
            // a block's (not the function's), its results on top and nothing
            // below them; an if's without else only with none (its missing else)
            const ctrl_t *c = TOP(L);
            uint32_t nr = c->nresults, k = 0;
            const uint8_t *ts = ctrl_results(c);
            if (L->nctrls < 2 || avail != nr || (c->kind == K_IF && (nr != 0 || c->nparams != 0))) {
                break;
            }
            while (k < nr && v[height + k].type == ts[k]) {
                k++;
            }
            if (k < nr) {
                break;
            }
            L->nctrls--;
            L->top = L->ctrls + L->nctrls - 1;
            height = L->top->height;
        } else if (op == MW_W_DROP) {
            if (avail < 1) {
                break;
            }
            n--;
        } else if (op == MW_W_SELECT) {
            if (avail < 3 || v[n - 1].type != MW_I32 || v[n - 2].type != v[n - 3].type || v[n - 2].type == T_UNKNOWN
                || mw_is_reftype(v[n - 2].type)) {
                break;
            }
            n -= 2;
        } else if (op != MW_W_NOP) {
            break;
        }
        p += len;
    }
    #undef CHECK_PUSH
    L->r.p = p;
    L->nvals = n;
    frame_holds(L, hi);
}
#endif

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
    while (L->nctrls > 0) {
        if ((uintptr_t)r->p >= stop) {
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

#if MW_NARROW_IMM
// The units of the instruction at c (its opcode), BR_TABLE's entries too.
static uint32_t instr_units(const mw_code_unit *c) {
    uint32_t n = 1 + mw_op_units(c[0]);
    if (c[0] == MW_OP_BR_TABLE || c[0] == MW_OP_BR_TABLE_JMP) {
        uint32_t entry = c[0] == MW_OP_BR_TABLE ? MW_BR_ENTRY : MW_W_TARGET;
        n += (mw_code_u32(c + 2) + 1) * entry;
    }
    return n;
}

// The 16-bit twin (mw_int.h MW_IMMH_OP_LIST) of the instruction at c, the
// one before it being op `prev`, or 0 where it keeps its U32: an op with no
// twin, a constant that does not fit, or one that a fused op before reads as
// its partner at fixed units (I32_ADD_IMM2's I32_ADD_IMM, a load-and-branch
// op's branch).
static uint32_t immh_twin(const mw_code_unit *c, uint32_t prev) {
    // add (sub: the add of -k), mul, then and or xor: rows 0 1 2 .. 9 of
    // I32_ADD_IMM on (the divisions 3 .. 6 have none)
    static const uint8_t rows[10] = {1, 1, 2, 0, 0, 0, 0, 3, 4, 5};
    uint32_t op = c[0], i = op - MW_OP_I32_ADD_IMM, j = op - MW_OP_BR_EQ_IMM;
    uint32_t twin = i < 10 && rows[i] != 0 ? (uint32_t)MW_OP_I32_ADD_IMMH + rows[i] - 1
                  : j < MW_IMMH_N_BR ? (uint32_t)MW_OP_BR_EQ_IMMH + j : 0;
    uint32_t k = twin != 0 ? mw_code_u32(c + 2) : 0;    // ("d a imm": the pair, then the U32; "a imm target")
    if (twin == 0 || prev == MW_OP_I32_ADD_IMM2 || prev - MW_LOAD_BR_FIRST < 2 * MW_LOAD_BR_N
        || !MW_FITS_I16(op == MW_OP_I32_SUB_IMM ? 0u - k : k)) {
        return 0;
    }
    return twin;
}

#if MW_FUSED_ARITH
// A plain LOAD32_U or LOAD64 at c, the op before it `prev`: if the next
// instruction is an op of MW_LOADF_FUSED (mw_int.h) for this load, the load
// becomes that row (its handler runs the op after the load, no dispatch
// between). Not a load that a fused op before it reads as its partner
// (LOAD32_U_PAIR's second, a fused address op's access), whose handler
// does the load itself and steps over it as the plain load.
static void loadf(mw_code_unit *c, uint32_t prev) {
    if (prev == MW_OP_LOAD32_U_PAIR || prev == MW_OP_LOAD32_U_X || prev == MW_OP_LOAD32_U_XR
        || prev == MW_OP_LOAD32_U_XM || prev == MW_OP_LOAD64_X || prev == MW_OP_LOAD32_U_XD || prev == MW_OP_LOAD64_XD
        || prev == MW_OP_LOAD32_U_XRD || prev == MW_OP_LOAD32_U_XMD) {
        return;
    }
    uint32_t next = c[1 + MW_N(LOAD32_U)], k = c[0] == MW_OP_LOAD64 ? MW_LOADF_N32 : 0;
    if (next - MW_OP_I32_ADD_IMM < 10) {
        // the op as this walk will leave it: I32_ADD_IMMH where it narrows
        uint32_t twin = immh_twin(c + 1 + MW_N(LOAD32_U), c[0]);
        next = twin != 0 ? twin : next;
    }
    uint32_t end = c[0] == MW_OP_LOAD64 ? MW_LOADF_N : MW_LOADF_N32;
    for (; k < end; k++) {
        if (mw_loadf_op[k] == next && !MW_FUSED_DROP(MW_LOADF_FIRST + k)) {
            c[0] = (mw_code_unit)(MW_LOADF_FIRST + k);
            return;
        }
    }
}

// A fused address op at c (`units` units with its load after it, offset 0:
// fuse_address's caller) whose load writes its d over its x: its MW_MEM_XD_FUSED row
// (mw_int.h), whose handler does neither. Here, where d is final (a
// local.set after the load has retargeted it).
static void load_xd(mw_code_unit *c, uint32_t units) {
    uint32_t xd;
    switch (c[0]) {
        #define MW_X_XD(X, name, fam, layout, doc) case MW_OP_##name##fam: xd = MW_OP_##name##fam##D; break;
        MW_MEM_XD_FUSED(MW_X_XD, _)
        #undef MW_X_XD
        default:
            return;
    }
    const mw_code_unit *load = c + units;
    if (mw_code_slot8(load + 1) == mw_code_slot8(c + 1) && !MW_FUSED_DROP(xd)) {
        c[0] = (mw_code_unit)xd;
    }
}

// An I32_ADD_IMMH (the wide add at c narrowing, the op before it `prev`)
// whose next instruction, at next (`narrows`: narrowing too, from op),
// is a branch of MW_ADDBR_FUSED (mw_int.h): that row, whose handler does
// the branch after it, no dispatch between; else I32_ADD_IMMH. Not an add
// that a load before it runs as its op (MW_LOADF_FUSED: mw_code_check
// wants the plain I32_ADD_IMMH after it), nor a branch whose first slot is
// not the add's d (but BR_ADD_NZ's): the rows take it from the add (exec.c;
// emit_cond puts the value just computed first in a BR_EQ or BR_NE).
static uint32_t addbr(const mw_code_unit *next, uint32_t op, uint32_t prev, bool narrows, uint32_t d) {
    uint32_t br = narrows ? immh_twin(next, op) : next[0];
    if (prev - MW_LOADF_FIRST >= MW_LOADF_N && (br == MW_OP_BR_ADD_NZ || next[1] == d)) {
        for (uint32_t k = 0; k < MW_ADDBR_N; k++) {
            if (mw_addbr_op[k] == br && !MW_FUSED_DROP(MW_ADDBR_FIRST + k)) {
                return MW_ADDBR_FIRST + k;
            }
        }
    }
    return MW_OP_I32_ADD_IMMH;
}

// A JMP whose target is a return of one value or none (a C function's
// `return` from inside its body, a branch to its end: giflib 1.2% of its
// ops, duktape and pcre2 0.3-0.4%) becomes that return, no dispatch for
// the jump: RETURN1 a in the JMP's two units, or RETURN0 and an
// UNREACHABLE that nothing reaches. A JMP carries no values (BR does), so
// slot a holds the result there as at the target. A JMP that stays one,
// right after a COPY or a CONST16 (a value put in a local before the jump),
// makes that op COPY_JMP or CONST16_JMP (mw_int.h), whose handler jumps
// too; not one that the row before runs as its own (CONST16_CONST16's
// second). Once the code is done (after narrow_imm: targets final,
// nothing moves).
static void jump_returns(lower_t *L) {
    mw_code_unit *c = L->code;
    uint32_t prev = UINT32_MAX, prev2 = UINT32_MAX;     // the starts of the two instructions before
    for (uint32_t i = 0, n = L->ncode; i < n; prev2 = prev, prev = i, i += instr_units(c + i)) {
        if (c[i] == MW_OP_JMP) {
            uint32_t t = i + 1 + (uint32_t)(int32_t)(int16_t)c[i + 1];
            if (t < n && (c[t] == MW_OP_RETURN1 || c[t] == MW_OP_RETURN0)) {
                c[i + 1] = c[t] == MW_OP_RETURN1 ? c[t + 1] : (mw_code_unit)MW_OP_UNREACHABLE;
                c[i] = c[t];
            } else if (prev != UINT32_MAX && (c[prev] == MW_OP_COPY || c[prev] == MW_OP_CONST16)
                       && (prev2 == UINT32_MAX || mw_op_runs_after(c[prev2]) == 0)) {
                uint32_t row = c[prev] == MW_OP_COPY ? MW_OP_COPY_JMP : MW_OP_CONST16_JMP;
                if (!MW_FUSED_DROP(row)) {
                    c[prev] = (mw_code_unit)row;
                }
            }
        }
    }
}

// An argument's COPY, COPY2 or CONST16 at c (of `units` units), right
// before a CALL_DEF: it becomes its MW_CALL_ARG_OP_LIST row (mw_int.h),
// whose handler does the call after it, no dispatch between.
static void call_arg(mw_code_unit *c, uint32_t units) {
    uint32_t op = c[0];
    uint32_t row = op == MW_OP_COPY ? MW_OP_COPY_CALL_DEF : op == MW_OP_COPY2 ? MW_OP_COPY2_CALL_DEF : MW_OP_CONST16_CALL_DEF;
    if (c[units] == MW_OP_CALL_DEF && !MW_FUSED_DROP(row)) {
        c[0] = (mw_code_unit)row;
    }
}
#endif

// A CONST16 at c (of `units` units, `left` units to the code's end) right
// before another that is not a call's argument (call_arg makes that one
// CONST16_CALL_DEF): CONST16_CONST16 (mw_int.h), whose handler puts both.
static bool const_pair(mw_code_unit *c, uint32_t units, uint32_t left) {
    if (c[units] != MW_OP_CONST16 || (left > 2 * units && c[2 * units] == MW_OP_CALL_DEF)
        || MW_FUSED_DROP(MW_OP_CONST16_CONST16)) {
        return false;
    }
    c[0] = MW_OP_CONST16_CONST16;
    return true;
}

// Each layout's TARGET (there is at most one): its unit after the opcode's
// (1 for the first immediate), or 0 for none. narrow_imm's fast path reads
// it instead of walking the kinds (MW_LAYOUTS: the same rows).
#define MW_IS_T(k) (MW_K_##k == MW_K_TARGET)
#define MW_TARGET_AT_(a, b, c, d, e, ...) \
    (MW_IS_T(a) ? 1 : MW_IS_T(b) ? 1 + MW_W_##a : MW_IS_T(c) ? 1 + MW_W_##a + MW_W_##b \
    : MW_IS_T(d) ? 1 + MW_W_##a + MW_W_##b + MW_W_##c \
    : MW_IS_T(e) ? 1 + MW_W_##a + MW_W_##b + MW_W_##c + MW_W_##d : 0)
#define MW_TARGET_AT(...) MW_TARGET_AT_(__VA_ARGS__, NONE, NONE, NONE, NONE, NONE)
static const uint8_t layout_target[MW_L_COUNT] = {
    #define MW_X_LT(name, ...) MW_TARGET_AT(__VA_ARGS__),
    MW_LAYOUTS(MW_X_LT)
    #undef MW_X_LT
};

// Where the instruction that started at unit t lands once the instructions
// listed at s (their starts, ascending, n of them) are a unit shorter each.
static uint32_t narrowed_at(const mw_code_unit *s, uint32_t n, uint32_t t) {
    uint32_t lo = 0, hi = n;      // the listed starts below t: [0, lo)
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (mw_code_u32(s + 2 * mid) < t) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return t - lo;
}

// The function's code done (every fusion has seen the wide ops), each op
// with a U32 constant that fits 16 bits becomes its twin, a unit less
// (immh_twin), the code closing up behind it: every branch target (relative
// TARGETs, BR_TABLE's entries, JMP_FAR's unit index) follows. The starts of
// the narrowed ones are listed after the code (two units each) while it
// closes up in place (an instruction never moves up past one not yet read;
// nothing narrows: nothing moves).
static MW_NOINLINE bool narrow_imm(lower_t *L) {
    uint32_t n = L->ncode, count = 0;
    for (uint32_t i = 0, prev = MW_OP_COUNT; i < n; prev = L->code[i], i += instr_units(L->code + i)) {
        // (the rows with a twin, tested here before the call: most ops have none)
        uint32_t op = L->code[i];
        #if MW_FUSED_ARITH
        if ((op == MW_OP_LOAD32_U || op == MW_OP_LOAD64) && n - i > 1 + MW_N(LOAD32_U)) {
            loadf(L->code + i, prev);
            continue;     // (no twin)
        }
        // (MW_MEM_XD_FUSED's fused ops lie in LOAD8_U_X .. LOAD32_U_XM: one test for most ops)
        _Static_assert(MW_OP_LOAD16_U_X > MW_OP_LOAD8_U_X && MW_OP_LOAD32_U_X > MW_OP_LOAD8_U_X
                       && MW_OP_LOAD64_X > MW_OP_LOAD8_U_X && MW_OP_LOAD8_U_XR > MW_OP_LOAD8_U_X
                       && MW_OP_LOAD16_U_X < MW_OP_LOAD32_U_XM && MW_OP_LOAD32_U_X < MW_OP_LOAD32_U_XM
                       && MW_OP_LOAD64_X < MW_OP_LOAD32_U_XM && MW_OP_LOAD8_U_XR < MW_OP_LOAD32_U_XM
                       && MW_OP_LOAD32_U_XR < MW_OP_LOAD32_U_XM, "XD rows' range");
        if (op - MW_OP_LOAD8_U_X < MW_OP_LOAD32_U_XM + 1 - MW_OP_LOAD8_U_X) {
            uint32_t units = 1 + mw_op_units(op);     // (its load after it: fuse_address)
            if (n - i > units + MW_N(LOAD8_U)) {
                load_xd(L->code + i, units);
            }
            continue;     // (no twin)
        }
        if (op == MW_OP_COPY || op == MW_OP_COPY2 || op == MW_OP_CONST16) {
            uint32_t units = 1 + mw_op_units(op);
            // a select's constant arm right before it (not CONST16_CONST16's
            // second): CONST16_SELECT (mw_int.h), whose handler selects too
            if (op == MW_OP_CONST16 && prev != MW_OP_CONST16_CONST16 && n - i > units + MW_N(SELECT)
                && L->code[i + units] == MW_OP_SELECT && !MW_FUSED_DROP(MW_OP_CONST16_SELECT)) {
                L->code[i] = MW_OP_CONST16_SELECT;
                continue;     // (no twin)
            }
            if (op == MW_OP_CONST16 && prev != MW_OP_CONST16_CONST16 && n - i > 2 * units
                && const_pair(L->code + i, units, n - i)) {
                continue;     // (no twin)
            }
            if (n - i > units) {
                call_arg(L->code + i, units);
            }
            continue;     // (no twin)
        }
        #endif
        if ((op - MW_OP_I32_ADD_IMM < 10 || op - MW_OP_BR_EQ_IMM < MW_IMMH_N_BR) && immh_twin(L->code + i, prev) != 0) {
            if (!emit_u32(L, i)) {
                return false;
            }
            count++;
        }
    }
    if (count == 0) {
        return true;              // nothing narrows: nothing moves
    }
    mw_code_unit *c = L->code, *s = c + n;
    // next: the listed start to come; [run, i): instructions that keep their
    // width, their targets fixed where they are, moved together to o - (i - run)
    uint32_t o = 0, prev = MW_OP_COUNT, prev2 = MW_OP_COUNT, next = 0, run = 0, at_next = mw_code_u32(s);
    for (uint32_t i = 0; i < n;) {
        uint32_t op = c[i];
        if (i != at_next && op != MW_OP_BR_TABLE && op != MW_OP_BR_TABLE_JMP && op != MW_OP_JMP_FAR) {
            // most instructions: the target fixed in place for where it
            // lands (o), the instruction moved with its run (below: one
            // memmove per run, not a copy per unit)
            uint32_t at = layout_target[mw_op_layout(op)], units = 1 + mw_op_units(op);
            if (at != 0) {
                c[i + at] = (mw_code_unit)(narrowed_at(s, count, i + at + (uint32_t)(int32_t)(int16_t)c[i + at]) - (o + at));
            }
            prev2 = prev;
            prev = op;
            i += units;
            o += units;
            continue;
        }
        // the first pass listed the ones that narrow (at_next: the next):
        // only they ask immh_twin again; they, the tables and JMP_FAR go
        // the way below, the kinds walked
        uint32_t units = instr_units(c + i), twin = 0;
        if (i == at_next) {
            twin = immh_twin(c + i, prev);
            next++;
            at_next = next < count ? mw_code_u32(s + 2 * next) : n;
        }
        // the run before it moves up first (forward, o <= i: the narrowed
        // one's units are read before they are overwritten)
        if (o - (i - run) != run) {
            memmove(c + o - (i - run), c + run, (i - run) * sizeof(mw_code_unit));
        }
        const uint8_t *kinds = mw_op_kinds(op);
        #if MW_FUSED_ARITH
        // an add right before a GLOBAL_SET (the stack pointer's, mostly):
        // their row, unless the load before reads the add as its partner
        // (LOAD32_U_I32_ADD_IMMH); a GLOBAL_GET right before it (the
        // prologue's read) becomes the row of all three, where it has just
        // landed (the run before moved up: it ends at o)
        if (twin == MW_OP_I32_ADD_IMMH && i + units < n && c[i + units] == MW_OP_GLOBAL_SET
            && prev != MW_OP_LOAD32_U_I32_ADD_IMMH && !MW_FUSED_DROP(MW_OP_I32_ADD_IMMH_GLOBAL_SET)) {
            twin = MW_OP_I32_ADD_IMMH_GLOBAL_SET;
            if (prev == MW_OP_GLOBAL_GET && !MW_FUSED_DROP(MW_OP_GLOBAL_GET_ADD_SET)) {
                c[o - 1 - MW_N(GLOBAL_GET)] = MW_OP_GLOBAL_GET_ADD_SET;
            }
        }
        // an add right before a loop's compare-and-branch: its row
        if (twin == MW_OP_I32_ADD_IMMH && i + units < n) {
            twin = addbr(c + i + units, op, prev, at_next == i + units, mw_code_slot8(c + i + 1));
        }
        // a plain add of a constant right after a sum it adds to, or after a
        // store (the op right before, where it has just landed: it ends at
        // o): that op's row, which runs this add too; not an op that a row
        // before runs as its own (LOAD32_U_I32_ADD's add, a fused address
        // or value op's store)
        if (twin == MW_OP_I32_ADD_IMMH && (prev2 == MW_OP_COUNT || mw_op_runs_after(prev2) == 0)) {
            _Static_assert(MW_N(I32_ADD) == MW_N(STORE8) && MW_N(STORE8) == MW_N(STORE64), "one place");
            mw_code_unit *before = c + o - 1 - MW_N(I32_ADD);
            uint32_t row = prev == MW_OP_STORE8    ? MW_OP_STORE8_I32_ADD_IMMH
                           : prev == MW_OP_STORE32 ? MW_OP_STORE32_I32_ADD_IMMH
                           : prev == MW_OP_STORE64 ? MW_OP_STORE64_I32_ADD_IMMH
                           : prev == MW_OP_I32_ADD && mw_code_slot8(before + 1) == mw_code_slot8h(c + i + 1)
                               ? MW_OP_I32_ADD_I32_ADD_IMMH
                               : MW_OP_COUNT;
            if (prev == MW_OP_I32_ADD_MUL && c[o - MW_N(I32_ADD_MUL)] == mw_code_slot8h(c + i + 1)) {
                before = c + o - 1 - MW_N(I32_ADD_MUL);    // "d a b imm": d a unit
                row = MW_OP_I32_ADD_MUL_I32_ADD_IMMH;
            }
            if (row != MW_OP_COUNT && !MW_FUSED_DROP(row)) {
                *before = (mw_code_unit)row;
            }
        }
        #endif
        c[o] = (mw_code_unit)(twin != 0 ? twin : op);
        uint32_t from = i + 1, to = o + 1;
        for (int k = 0; k < MW_MAX_IMMS && kinds[k] != MW_K_NONE; k++) {
            uint32_t w = mw_kind_units[kinds[k]];
            if (kinds[k] == MW_K_TARGET) {
                uint32_t t = narrowed_at(s, count, from + (uint32_t)(int32_t)(int16_t)c[from]);
                c[to] = (mw_code_unit)(t - to);
            } else if (op == MW_OP_JMP_FAR) {
                mw_code_put_u32(c + to, narrowed_at(s, count, mw_code_u32(c + from)));
            } else if (kinds[k] == MW_K_U32 && twin != 0) {
                // the low half: the constant fits I16 (a subtract's negated)
                c[to] = (mw_code_unit)(op == MW_OP_I32_SUB_IMM ? 0u - c[from] : c[from]);
                to -= 1;
            } else {
                for (uint32_t u = 0; u < w; u++) {
                    c[to + u] = c[from + u];
                }
            }
            from += w;
            to += w;
        }
        // BR_TABLE's entries "target d n a", BR_TABLE_JMP's targets
        uint32_t entry = op == MW_OP_BR_TABLE ? MW_BR_ENTRY : MW_W_TARGET;
        for (; from < i + units; from += entry, to += entry) {
            uint32_t t = narrowed_at(s, count, from + (uint32_t)(int32_t)(int16_t)c[from]);
            c[to] = (mw_code_unit)(t - to);
            for (uint32_t u = 1; u < entry; u++) {
                c[to + u] = c[from + u];
            }
        }
        prev2 = prev;
        prev = op;
        i += units;
        o = to;
        run = i;
    }
    if (o - (n - run) != run) {
        memmove(c + o - (n - run), c + run, (n - run) * sizeof(mw_code_unit));
    }
    L->ncode = o;
    #if MW_OP_PROFILE
    // the sites' runs follow their first instruction (the list is intact past o)
    for (uint32_t i = 0; i < L->work->nsites; i++) {
        L->work->sites[2 * i] = narrowed_at(s, count, L->work->sites[2 * i]);
    }
    #endif
    return true;
}
#endif

// Passes with islands for the far branches before every branch gets one.
#define MW_FAR_PASSES 4

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
        // island: more than 10,000 entries in a function that large
        mw_fail(rt, MW_ERR_INVALID, MW_D_BRANCH_TOO_FAR, (uint32_t)(p - base));
        goto fail;
    }
    // Lowered code names a slot in one 16-bit unit (mw_config.h).
    if ((uint64_t)L.nlocals + L.max_vals > MW_MAX_FRAME_SLOTS) {
        mw_fail(rt, MW_ERR_INVALID, MW_D_FRAME_TOO_MANY_SLOTS, (uint32_t)(p - base));
        rt->report.index = (uint32_t)(fd - m->funcs) + m->nfunc_imports;
        goto fail;
    }
    // One frame (locals + operand slots) must fit the runtime's value stack,
    // or every call of the function would trap: refuse it at load instead.
    if ((uint64_t)L.nlocals + L.max_vals > rt->cfg.stack_slots) {
        mw_fail(rt, MW_ERR_INVALID, MW_D_FRAME_TOO_BIG, (uint32_t)(p - base));
        goto fail;
    }
    fd->max_slots = L.nlocals + L.max_vals;
    if (check) {
        // no code; until it is lowered a call zeroes every local
        fd->code_len = 0;
        fd->zero_lo = ft->nparams;
        fd->zero_hi = L.nlocals > ft->nparams ? L.nlocals : 0;
        goto done;
    }
    #if MW_NARROW_IMM
    if (!narrow_imm(&L)) {
        goto fail;
    }
    #if MW_FUSED_ARITH
    jump_returns(&L);
    #endif
    #endif
    // the code stays in w->code: the caller packs it into the module
    fd->code = NULL;
    fd->code_len = L.ncode;
    // a call zeroes [zero_lo, zero_hi): the locals some path reads unassigned
    fd->zero_lo = fd->zero_hi = 0;
    for (uint32_t i = ft->nparams; i < L.nlocals; i++) {
        if (L.asg[i] & ZERO_READ) {
            fd->zero_lo = fd->zero_hi == 0 ? i : fd->zero_lo;
            fd->zero_hi = i + 1;
        }
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

