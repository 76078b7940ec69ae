// SPDX-License-Identifier: MIT
// lower_narrow.c: the passes over a function's finished code (the full
// profile, MW_NARROW_IMM): narrow_imm narrows immediates to one unit,
// retargets the branches over what it took out, and makes the fusions that
// only the finished code shows (loadf, addbr, call_arg, const_pair);
// jump_returns makes a jump to a return that return (and the copy before a
// jump that stays one, the jump too).
#include "lower_int.h"

#if MW_NARROW_IMM || MW_TRAP_OFFSETS
uint32_t instr_units(const mw_code_unit *c) {
    uint32_t n = 1 + mw_op_units(c[0]);
    if (c[0] == MW_OP_BR_TABLE || c[0] == MW_OP_BR_TABLE_JMP) {
        uint32_t entry = c[0] == MW_OP_BR_TABLE ? MW_BR_ENTRY : MW_W_TARGET;
        n += (mw_code_u32(c + 2) + 1) * entry;
    }
    return n;
}
#endif

#if MW_NARROW_IMM

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
// A plain LOAD32_U or LOAD64 at c (`left` units to the code's end), the op
// before it `prev`: if the next instruction is an op of MW_LOADF_FUSED or
// MW_LOADI_FUSED (mw_int.h) for this load, the load becomes that row (its handler runs the op after the load, no dispatch
// between). Not a load that a fused op before it reads as its partner
// (LOAD32_U_PAIR's second, a fused address op's access), whose handler
// does the load itself and steps over it as the plain load.
static void loadf(mw_code_unit *c, uint32_t prev, uint32_t left) {
    if (prev == MW_OP_LOAD32_U_PAIR || prev == MW_OP_LOAD32_U_X || prev == MW_OP_LOAD32_U_XR
        || prev == MW_OP_LOAD32_U_XM || prev == MW_OP_LOAD64_X || prev == MW_OP_LOAD32_U_XD || prev == MW_OP_LOAD64_XD
        || prev == MW_OP_LOAD32_U_XRD || prev == MW_OP_LOAD32_U_XMD || prev == MW_OP_COPY_LOAD32_U
        || prev == MW_OP_STORE32_LOAD32_U || prev == MW_OP_LOAD32_U_XD_F32_MUL_ADD) {
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
    // an i32's load before a COPY, I32_SUB, I32_XOR or I32_ADD_MUL
    // (MW_LOADI_FUSED); not a COPY before a CALL_DEF or a JMP (call_arg's
    // and jump_returns' rows run those) nor an I32_ADD_MUL before an add of
    // a constant (I32_ADD_MUL_I32_ADD_IMMH's)
    uint32_t after = 1 + MW_N(LOAD32_U) + 1 + mw_op_units(next);
    if (c[0] != MW_OP_LOAD32_U || left <= after) {
        return;
    }
    uint32_t then = c[after];
    if ((next == MW_OP_COPY && (then == MW_OP_CALL_DEF || then == MW_OP_JMP))
        || (next == MW_OP_I32_ADD_MUL && then == MW_OP_I32_ADD_IMM)) {
        return;
    }
    for (k = 0; k < MW_LOADI_N; k++) {
        if (mw_loadi_op[k] == next && !MW_FUSED_DROP(MW_LOADI_FIRST + k)) {
            c[0] = (mw_code_unit)(MW_LOADI_FIRST + k);
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
        case MW_OP_I64_LOAD32_U_X: case MW_OP_I64_LOAD32_U_XR: case MW_OP_I64_LOAD32_U_XM:
            xd = c[0] + 3u;     // (their _XD rows, in the same order: mw_int.h MW_I64_LOAD32_X_OP_LIST)
            break;
        default:
            return;
    }
    const mw_code_unit *load = c + units;
    if (mw_code_slot8(load + 1) == mw_code_slot8(c + 1) && !MW_FUSED_DROP(xd)) {
        c[0] = (mw_code_unit)xd;
    }
}

// A LOAD32_U_XD or LOAD8_U_X at c (`units` units, its load after it,
// `left` units to the code's end) whose load is followed by an F32_MUL_ADD
// or an I32_SHL_IMM (neither narrows nor becomes a row here): its
// MW_LOOP_SEQ_OP_LIST row (mw_int.h), whose handler runs that op too.
static void xload_seq(mw_code_unit *c, uint32_t units, uint32_t left) {
    uint32_t at = units + 1 + MW_N(LOAD8_U);
    _Static_assert(MW_N(LOAD8_U) == MW_N(LOAD32_U), "one place");
    if (left <= at + 1 + MW_N(F32_MUL_ADD)) {
        return;       // (F32_MUL_ADD the longer: an op after it, the code's end at least)
    }
    #define MW_X_ROW(X, row, from, load, then) c[0] == MW_OP_##from && c[at] == MW_OP_##then ? MW_OP_##row :
    uint32_t row = MW_LOOP_LOAD_FUSED(MW_X_ROW, _) MW_OP_COUNT;
    #undef MW_X_ROW
    if (row != MW_OP_COUNT && !MW_FUSED_DROP(row)) {
        c[0] = (mw_code_unit)row;
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
void jump_returns(lower_t *L) {
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
// whose handler does the call after it, no dispatch between; a COPY2 right
// before such a COPY (at before, or NULL), COPY2_COPY_CALL_DEF, whose
// handler runs the COPY_CALL_DEF too.
static void call_arg(mw_code_unit *c, uint32_t units, mw_code_unit *before) {
    uint32_t op = c[0];
    uint32_t row = op == MW_OP_COPY ? MW_OP_COPY_CALL_DEF : op == MW_OP_COPY2 ? MW_OP_COPY2_CALL_DEF : MW_OP_CONST16_CALL_DEF;
    if (c[units] == MW_OP_CALL_DEF && !MW_FUSED_DROP(row)) {
        c[0] = (mw_code_unit)row;
        if (op == MW_OP_COPY && before != NULL && before[0] == MW_OP_COPY2
            && !MW_FUSED_DROP(MW_OP_COPY2_COPY_CALL_DEF)) {
            before[0] = MW_OP_COPY2_COPY_CALL_DEF;
        }
    }
}

// An I32_ADD, COPY or STORE32 at c (`units` units, `left` to the code's
// end) that no row before runs as its own, right before its partner of
// MW_SEQ_OP_LIST (mw_int.h: an I32_ADD, a plain LOAD32_U) or of
// MW_LOOP_SEQ_OP_LIST (an I32_ADD_IMM or I32_SUB_IMM that stays wide): its
// row, whose handler runs the partner too. (The partner is final: narrow_imm leaves
// an op a row before runs as its own as it is, loadf a load after these.)
static void seq_pair(mw_code_unit *c, uint32_t units, uint32_t left) {
    uint32_t op = c[0], next = left > units + 1 ? c[units] : MW_OP_COUNT;
    uint32_t row = op == MW_OP_I32_ADD && next == MW_OP_I32_ADD      ? MW_OP_I32_ADD_I32_ADD
                   : op == MW_OP_COPY && next == MW_OP_LOAD32_U      ? MW_OP_COPY_LOAD32_U
                   : op == MW_OP_STORE32 && next == MW_OP_LOAD32_U   ? MW_OP_STORE32_LOAD32_U
                                                                     : MW_OP_COUNT;
    // a sum before an add of a constant that stays wide (MW_LOOP_SEQ_OP_LIST;
    // one that narrows is I32_ADD_I32_ADD_IMMH's, made as it narrows)
    if (op == MW_OP_I32_ADD && (next == MW_OP_I32_ADD_IMM || next == MW_OP_I32_SUB_IMM)
        && left > units + 1 + MW_N(I32_ADD_IMM) && immh_twin(c + units, op) == 0) {
        row = next == MW_OP_I32_ADD_IMM ? MW_OP_I32_ADD_I32_ADD_IMM : MW_OP_I32_ADD_I32_SUB_IMM;
    }
    if (row != MW_OP_COUNT && left > units + 1 + mw_op_units(next) && !MW_FUSED_DROP(row)) {
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

#if MW_BRANCH_TWINS
// Each compare-and-branch row becomes its twin by the side its target lies
// on (mw_int.h MW_BR_TWIN_ROWS): _FWD after it, _BACK at or before it. Last
// of the passes: every target final (after narrow_imm, jump_returns). Not
// one that a row before runs as its own (an MW_ADDBR_FUSED or
// MW_LOAD_BR_FUSED row's branch), whose handler reads it as that row.
void twin_branches(lower_t *L) {
    mw_code_unit *c = L->code;
    uint32_t prev = MW_OP_COUNT, prev2 = MW_OP_COUNT;     // the two ops before
    for (uint32_t i = 0, n = L->ncode; i < n; prev2 = prev, prev = c[i], i += instr_units(c + i)) {
        uint32_t op = c[i], fwd = mw_br_twin(op, false);
        if (fwd == MW_OP_COUNT || (prev != MW_OP_COUNT && mw_op_runs_after(prev) != 0)
            || (prev2 != MW_OP_COUNT && mw_op_runs_after(prev2) > 1)) {
            continue;
        }
        uint32_t at = layout_target[mw_op_layout(op)];
        bool back = (int32_t)(int16_t)c[i + at] <= -(int32_t)at;    // i + at + offset <= i
        c[i] = (mw_code_unit)(back ? mw_br_twin(op, true) : fwd);
    }
}
#endif

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
MW_NOINLINE bool narrow_imm(lower_t *L) {
    uint32_t n = L->ncode, count = 0;
    // prev, prev2: the two ops before (as rewritten), prev_at where prev starts
    for (uint32_t i = 0, prev = MW_OP_COUNT, prev2 = MW_OP_COUNT, prev_at = 0; i < n;
         prev2 = prev, prev = L->code[i], prev_at = i, i += instr_units(L->code + i)) {
        // (the rows with a twin, tested here before the call: most ops have none)
        uint32_t op = L->code[i];
        #if MW_FUSED_ARITH
        if ((op == MW_OP_LOAD32_U || op == MW_OP_LOAD64) && n - i > 1 + MW_N(LOAD32_U)) {
            loadf(L->code + i, prev, n - i);
            continue;     // (no twin)
        }
        // (a row before runs this op as its own: it stays as it is)
        bool partner = false;
        if (op == MW_OP_I32_ADD || op == MW_OP_STORE32 || op == MW_OP_COPY || op == MW_OP_COPY2 || op == MW_OP_CONST16) {
            partner = (prev != MW_OP_COUNT && mw_op_runs_after(prev) != 0)
                      || (prev2 != MW_OP_COUNT && mw_op_runs_after(prev2) > 1);
            if (!partner && op != MW_OP_COPY2 && op != MW_OP_CONST16) {
                seq_pair(L->code + i, 1 + mw_op_units(op), n - i);
                if (L->code[i] != op) {
                    continue;     // (no twin)
                }
            }
        }
        // (MW_MEM_XD_FUSED's fused ops lie in LOAD8_U_X .. LOAD32_U_XM: one test for most ops;
        // then I64_LOAD32_U_X .. _XM)
        _Static_assert(MW_OP_LOAD16_U_X > MW_OP_LOAD8_U_X && MW_OP_LOAD32_U_X > MW_OP_LOAD8_U_X
                       && MW_OP_LOAD64_X > MW_OP_LOAD8_U_X && MW_OP_LOAD8_U_XR > MW_OP_LOAD8_U_X
                       && MW_OP_LOAD16_U_X < MW_OP_LOAD32_U_XM && MW_OP_LOAD32_U_X < MW_OP_LOAD32_U_XM
                       && MW_OP_LOAD64_X < MW_OP_LOAD32_U_XM && MW_OP_LOAD8_U_XR < MW_OP_LOAD32_U_XM
                       && MW_OP_LOAD32_U_XR < MW_OP_LOAD32_U_XM, "XD rows' range");
        if (op - MW_OP_LOAD8_U_X < MW_OP_LOAD32_U_XM + 1 - MW_OP_LOAD8_U_X || op - MW_I64_X_FIRST < 3u) {
            uint32_t units = 1 + mw_op_units(op);     // (its load after it: fuse_address)
            if (n - i > units + MW_N(LOAD8_U)) {
                load_xd(L->code + i, units);
                xload_seq(L->code + i, units, n - i);
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
            if (n - i > units && !partner) {
                call_arg(L->code + i, units, prev == MW_OP_COPY2 ? L->code + prev_at : NULL);
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
    #if MW_TRAP_OFFSETS
    // the recorded runs follow their first instruction, as the sites below
    for (uint32_t i = 0; L->rec != NULL && i < L->rec->nruns; i++) {
        L->rec->runs[2 * i] = narrowed_at(s, count, L->rec->runs[2 * i]);
    }
    #endif
    #if MW_OP_PROFILE
    // the sites' runs follow their first instruction (the list is intact past o)
    for (uint32_t i = 0; i < L->work->nsites; i++) {
        L->work->sites[2 * i] = narrowed_at(s, count, L->work->sites[2 * i]);
    }
    #endif
    return true;
}
#endif
