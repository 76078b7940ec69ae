// SPDX-License-Identifier: MIT
// lower_branch.c: control flow (spec 3.3.8): labels and the relative
// targets of branches (patch chains), far lowering and its islands, a
// block's one result written in place (result_into), the fused
// compare-and-branch (emit_cond, emit_branch), the control stack and block
// types, definite assignment at a block's end, and the control instructions
// (lower_control: block, loop, if, else, end, br, br_if, br_table, return).
#define LOWER_FILE 1             // its sites' lines (lower_int.h SITE_CALL)
#include "lower_int.h"

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
// are a JMP_FAR themselves, emit_branch): islands before it (a br_table's
// first half; the rest right after it, lower_control), one per target too far: JMP_FAR
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
    // condition of a loop's br_if: BR_ADD_NZ d a imm, which still writes d
    // (a loop's alone: its handler polls with no test of the direction)
    uint32_t p0 = negate || plain != MW_OP_BR_IF_LOOP ? NO_PATCH : add_imm_at(L, cslot);
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
            // (only an instruction that still ends where the comparison began: its opcode is
            // before before_idx; a remembered one the code has since rewritten is not read)
            if ((fused == MW_OP_BR_EQ || fused == MW_OP_BR_NE) && before_idx != 0 && before_end == p0
                && dst_at(L, before_idx) == b) {
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

bool push_ctrl(lower_t *L, uint8_t kind, const uint8_t *params, uint32_t np,
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
SMALL_OUT bool lower_control(lower_t *L, uint8_t op) {
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
            // be copied on only one path through the block: save_read). In
            // unreachable code, where fewer than np values may be the
            // block's (the polymorphic stack), none below the current
            // block's: emitting nothing there, materialize would still mark
            // an outer block's constant or local read as in its slot, and
            // the code after that block's end would read the slot unwritten
            // (fuzz finding, session 43: tests/fuzz/regressions/dead_param_block.wat)
            uint32_t from = LAZY_UNDER(L) ? top_from(L, np) : 0;
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
            // with far labels, a first pass puts the first half of their
            // entries' islands before the table (JMP_FAR over them), the
            // rest go right after it (the table is unconditional: nothing
            // falls into them): an entry's distance to its island is then
            // about half the table's far entries times (island + entry)
            // units, where islands all before made the first entry's the
            // whole table's (cmark's 5,053 entries: out of reach threaded)
            bool far = MW_FAR_LOWERING && emitting && (L->far_cur || L->far_all);
            uint32_t skip = 0, nfar = 0, before = 0, table_end = 0;
            for (uint32_t i = 0; far && i <= n; i++) {
                nfar += far_br(L, L->nbr + i);
            }
            before = (nfar + 1) / 2;
            for (int pass = far ? 0 : 1; pass < (far && nfar > before ? 3 : 2); pass++) {
                if (pass == 1 && skip != 0) {
                    mw_code_put_u32(L->code + skip - 1, L->ncode);
                }
                if (pass == 1 && emitting
                    && (!emit(L, jumps ? MW_OP_BR_TABLE_JMP : MW_OP_BR_TABLE) || !emit(L, cidx) || !emit_u32(L, n))) {
                    return false;
                }
                table_end = L->ncode + (n + 1) * (jumps ? MW_W_TARGET : MW_BR_ENTRY);
                uint32_t t0 = pass == 2 ? L->nbr - (n + 1) : L->nbr;   // the entries' first ordinal
                r->p = labels;
                for (uint32_t i = 0, k = 0; i <= n; i++) {
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
                    // k: this entry's place among the far ones (its island
                    // before the table if k < before, else after it)
                    bool far_entry = far && far_br(L, t0 + i);
                    if (far_entry && k++ == before && pass == 1) {
                        L->far_next = table_end;
                    }
                    if (pass != 1 ? far_entry && (pass == 0) == (k <= before)
                                        && ((pass == 0 && skip == 0 && (skip = far_skip(L)) == 0) || !far_island(L, c))
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
