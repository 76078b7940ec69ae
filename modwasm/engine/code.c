// SPDX-License-Identifier: MIT
// code.c: the lowered-code format as data (mw_int.h, MW_OP_LIST, MW_LAYOUTS
// and MW_KINDS): each internal op's immediate kinds and width, generated from
// its row, and the checker that walks every function with them and with the
// doc column's meanings (generated into code_meanings.h; lowering's debug builds, and every function of a
// precompiled image: image.c).
#include "mw_int.h"

// A layout with more kinds than MW_MAX_IMMS would lose the extra ones in
// MW_PAD_KINDS: count them (up to 8) and refuse it at compile time.
#define MW_NKINDS_(a, b, c, d, e, f, g, h, n, ...) n
#define MW_NKINDS(...) MW_NKINDS_(__VA_ARGS__, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define MW_X_CHECK(name, ...) \
    _Static_assert(MW_NKINDS(__VA_ARGS__) <= MW_MAX_IMMS, "MW_LAYOUTS row " #name ": too many immediates");
MW_LAYOUTS(MW_X_CHECK)
#undef MW_X_CHECK

#define MW_X_BR(L, br, X) MW_OP_##br,
const uint8_t mw_load_br_branch[MW_LOAD_BR_N] = {MW_LOAD_BR_FUSED(MW_X_BR, _, _)};
#undef MW_X_BR
#if MW_ALL_OPS
#define MW_X_LOADF(X, load, op) MW_OP_##op,
const uint16_t mw_loadf_op[MW_LOADF_N] = {MW_LOADF_FUSED(MW_X_LOADF, _)};
#if MW_FUSED_ARITH
#define MW_X_ADDBR(X, br) MW_OP_##br,
const uint16_t mw_addbr_op[MW_ADDBR_N] = {MW_ADDBR_FUSED(MW_X_ADDBR, _)};
#undef MW_X_ADDBR
const uint16_t mw_loadi_op[MW_LOADI_N] = {MW_LOADI_FUSED(MW_X_LOADF, _)};
#endif
#undef MW_X_LOADF
#endif

const uint8_t mw_kind_units[MW_K_COUNT_] = {
    #define MW_X_KW(k, w, what) w,
    MW_KINDS(MW_X_KW)
    #undef MW_X_KW
};

// What an immediate means, named by its word in the doc column
// (scripts/gen_code_meanings.py turns the words into code_meanings.h).
enum {
    K_ANY,        // a constant or count of entries: any value
    K_SLOT,       // d a b c x: a frame slot
    K_COUNT,      // n: the slots d.. and a.. are ranges of n
    K_TARGET,     // a forward branch target: the op does not poll there
    K_LOOP,       // a branch target the op polls at when it jumps back
    K_SHIFT32,    // k32: an i32 shift or rotation count, 0 .. 31, and k64: an
    K_SHIFT64,    // i64's, 0 .. 63 (lowering takes counts mod 32 / 64; C's shift by more is undefined)
    K_GLOBAL, K_TABLE, K_MEM, K_ELEM, K_DATA, K_TYPE,
    K_FUNC,       // funcidx: CALL an import; REF_FUNC any declared function
    K_DEF,        // defidx: a function defined by the module
    K_BASE,       // a call's first argument slot
    K_MEMOP,      // MLOAD/MSTORE's load or store op
    K_TABLE_OR_MEM, // dst src: tables for TABLE_COPY, else memories
    K_OWN_TABLE,  // owntable: a table the module defines (not an import)
    K_OFFSET,     // offset: a load or store's, of memory 0 but for MLOAD/MSTORE's mem
    K_UNKNOWN,
};

#include "code_meanings.h"

// Each op's op row: its layout's storage kinds (NONE-padded) and width in
// units, and its row of meanings, one row per distinct pair of a layout and a
// row of meanings (code_meanings.h), so one byte an op serves lowering and the
// code check (a table of layouts and one of meanings, a byte an op each, cost
// 114 B more in the small profile). (the small profile's ops and rows only
// there: mw_int.h MW_OP_TABLE_ROWS, CODE_OP_ROWS_FULL)
const uint8_t mw_op_row[MW_OP_TABLE_ROWS] = {
    #define MW_X_OPR(name, layout, doc) CODE_ROW_##name,
    MW_OP_LIST_BASE(MW_X_OPR)
    #if MW_ALL_OPS
    MW_OP_LIST_MEM(MW_X_OPR) MW_OP_LIST_FUSED(MW_X_OPR) MW_OP_LIST_FULL(MW_X_OPR)
    #endif
    #undef MW_X_OPR
    #if MW_BRANCH_TWINS
    // a branch twin's row is its base row's (mw_int.h MW_BR_TWIN_ROWS: the
    // same immediates; the side of its target checked in check_func)
    #define MW_X_TWIN_ROW(br, back) CODE_ROW_##br,
    MW_BR_TWIN_ROWS(MW_X_TWIN_ROW) MW_BR_TWIN_ROWS(MW_X_TWIN_ROW)
    #undef MW_X_TWIN_ROW
    #endif
};
const uint8_t mw_row_kinds[][MW_MAX_IMMS] = {
    #define MW_X_RK(layout, means, ...) { MW_PAD_KINDS(__VA_ARGS__) },
    CODE_OP_ROWS(MW_X_RK)
    #if MW_ALL_OPS
    CODE_OP_ROWS_FULL(MW_X_RK)
    #endif
    #undef MW_X_RK
};
const uint8_t mw_row_units[] = {
    #define MW_X_RU(layout, means, ...) MW_LW_##layout,
    CODE_OP_ROWS(MW_X_RU)
    #if MW_ALL_OPS
    CODE_OP_ROWS_FULL(MW_X_RU)
    #endif
    #undef MW_X_RU
};
static const uint8_t code_row_means[] = {
    #define MW_X_RM(layout, means, ...) means,
    CODE_OP_ROWS(MW_X_RM)
    #if MW_ALL_OPS
    CODE_OP_ROWS_FULL(MW_X_RM)
    #endif
    #undef MW_X_RM
};
#if MW_NARROW_IMM
const uint8_t mw_row_layout[] = {       // (lower_narrow.c narrow_imm: its layout_target)
    #define MW_X_RL(layout, means, ...) MW_L_##layout,
    CODE_OP_ROWS(MW_X_RL)
    CODE_OP_ROWS_FULL(MW_X_RL)
    #undef MW_X_RL
};
#endif
// a row's kinds are its layout's (the generator wrote both from MW_LAYOUTS),
// and a small-profile op's row is in the small profile's table
#define MW_X_RCHK(layout, means, ...) \
    _Static_assert((int)MW_LW_##layout == (int)MW_SUM_WIDTHS(__VA_ARGS__), "code_meanings.h's row of " #layout ": stale");
CODE_OP_ROWS(MW_X_RCHK)
CODE_OP_ROWS_FULL(MW_X_RCHK)
#undef MW_X_RCHK
enum {
    #define MW_X_ROW(layout, means, ...) +1
    CODE_ROWS_SMALL = 0 CODE_OP_ROWS(MW_X_ROW)
    #undef MW_X_ROW
};
#define MW_X_OCHK(name, layout, doc) \
    _Static_assert((int)CODE_ROW_##name < (int)CODE_ROWS_SMALL, "op " #name ": code_meanings.h is stale");
MW_OP_LIST_BASE(MW_X_OCHK)
#undef MW_X_OCHK
static const uint8_t *op_means(uint32_t op) {
    return code_meaning_rows[code_row_means[mw_op_row[op]]];
}

// A fingerprint of the op table, which precompiled images record (image.h)
// beside MW_CODE_FORMAT_VERSION: FNV-1a over the small profile's rows'
// immediate kinds (with their widths) and meanings (its doc column's words,
// code_meanings.h), seeded with the rows' name lengths by position and with
// CODE_FP_REST, the generator's digest of the other rows (their names,
// layouts' kinds and meanings): constants both. A row added, removed, moved or
// changed gives another value, so an image lowered for another table is
// refused even where the version was not bumped; a handler whose meaning
// changed with its row unchanged still needs the bump. Both profiles give
// the same value (an image of either loads in the other), though the small
// one's tables stop at MW_OP_COUNT_SMALL.
uint32_t mw_code_fingerprint(void) {
    static const uint32_t names = 0
        #define MW_X_FP(name, layout, doc) +(uint32_t)(MW_OP_##name + 1) * (uint32_t)sizeof(#name)
        MW_OP_LIST(MW_X_FP)
        #undef MW_X_FP
    ;
    uint32_t h = 2166136261u ^ names ^ CODE_FP_REST;
    // the rows last to first: a count down to 0 needs no compare with
    // MW_OP_COUNT_SMALL, which Thumb-2 cannot always take as an immediate
    for (uint32_t op = MW_OP_COUNT_SMALL; op-- != 0;) {
        const uint8_t *k = mw_op_kinds(op), *means = op_means(op);
        for (int i = 0; i < MW_MAX_IMMS; i++) {
            h = (h ^ k[i]) * 16777619u;
            h = (h ^ mw_kind_units[k[i]]) * 16777619u;
            h = (h ^ means[i]) * 16777619u;
        }
    }
    return h;
}

// The number of immediates of op (its layout's kinds before NONE).
static int op_nimm(uint32_t op) {
    const uint8_t *k = mw_op_kinds(op);
    int n = 0;
    while (n < MW_MAX_IMMS && k[n] != MW_K_NONE) {
        n++;
    }
    return n;
}

// What op's immediates mean (its doc's words, generated into
// code_meanings.h). false if one is unknown: an op row newer than the table.
static bool op_kinds(uint32_t op, int n, const uint8_t **kinds) {
    const uint8_t *k = op_means(op);
    for (int i = 0; i < n; i++) {
        if (k[i] == K_UNKNOWN) {
            return false;
        }
    }
    *kinds = k;
    return true;
}

// The values of the n immediates at imm whose storage kinds (MW_KINDS) are
// `store`: each read in its width (an I64 constant: its low half, which no
// check looks at).
static void read_imms(const mw_code_unit *imm, const uint8_t *store, int n, uint32_t *vals) {
    for (int i = 0; i < n; i++) {
        if (store[i] == MW_K_SLOT8) {
            vals[i] = mw_code_slot8(imm);
        } else if (store[i] == MW_K_SLOT8H) {
            vals[i] = mw_code_slot8h(imm - 1);    // the SLOT8's unit, before it
        } else {
            vals[i] = mw_kind_units[store[i]] == 1 ? imm[0] : mw_code_u32(imm);
        }
        imm += mw_kind_units[store[i]];
    }
}

void mw_code_imms(const mw_code_unit *at, uint32_t *vals) {
    memset(vals, 0, MW_MAX_IMMS * sizeof(*vals));
    read_imms(at + 1, mw_op_kinds(*at), op_nimm(*at), vals);
}

// The access a fused address op must be followed by (mw_int.h,
// MW_MEM_X_FUSED: its handler reads that access's immediates; the access may
// itself be a fused load-and-branch op doing it), the branch a fused load must
// be followed by (MW_LOAD_BR_FUSED), or MW_OP_COUNT for any other op.
static uint32_t fused_access(uint32_t op) {
    if (!MW_ALL_OPS) {
        return MW_OP_COUNT;     // (refused before: mw_op_in_set)
    }
    switch (op) {
        #define MW_X_PAIR(X, name) case MW_OP_##name##_X: return MW_OP_##name;
        MW_MEM_X_FUSED(MW_X_PAIR, _)
        #undef MW_X_PAIR
        #define MW_X_PAIR(X, name) case MW_OP_##name##_XR: return MW_OP_##name;
        MW_MEM_XR_FUSED(MW_X_PAIR, _)
        #undef MW_X_PAIR
        #define MW_X_PAIR(X, name) case MW_OP_##name##_XM: return MW_OP_##name;
        MW_MEM_XM_FUSED(MW_X_PAIR, _)
        #undef MW_X_PAIR
        #define MW_X_PAIR(X, name) case MW_OP_##name##_XV: return MW_OP_##name;
        MW_MEM_XV_FUSED(MW_X_PAIR, _)
        #undef MW_X_PAIR
        #define MW_X_PAIR(X, name, fam, layout, doc) case MW_OP_##name##fam##D: return MW_OP_##name;
        MW_MEM_XD_FUSED(MW_X_PAIR, _)
        #undef MW_X_PAIR
        default:
            break;
    }
    if (op - MW_I64_X_FIRST < MW_I64_X_N) {
        return MW_OP_I64_LOAD32_U;     // (mw_int.h MW_I64_LOAD32_X_OP_LIST)
    }
    #if MW_FUSED_ARITH
    #define MW_X_LOAD(X, row, from, load, then) if (op == MW_OP_##row) { return MW_OP_##load; }
    MW_LOOP_LOAD_FUSED(MW_X_LOAD, _)    // (MW_LOOP_SEQ_OP_LIST)
    #undef MW_X_LOAD
    #endif
    if (MW_ALL_OPS && (op == MW_OP_STORE32_XVR || op - MW_OP_F32_ADD_XV < 4 || op == MW_OP_F32_DEMOTE_XV)) {
        return op - MW_OP_F64_ADD_XV < 2 ? MW_OP_STORE64 : MW_OP_STORE32;    // MW_XVF_OP_LIST, F32_DEMOTE_XV
    }
    uint32_t k = op - MW_LOAD_BR_FIRST;
    return k < 2 * MW_LOAD_BR_N ? mw_load_br_branch[k % MW_LOAD_BR_N] : MW_OP_COUNT;
}

// The load a fused load-and-branch op (mw_int.h, MW_LOAD_BR_FUSED), a
// LOAD32_U_PAIR, a LOAD32_U_RMW or a float read-modify-write (MW_RMWF_OP_LIST)
// does first, or op itself for any other op.
static MW_NOINLINE uint32_t plain_access(uint32_t op) {
    #if MW_ALL_OPS      // (otherwise the pair and read-modify-writes are refused before)
    if (op == MW_OP_LOAD32_U_PAIR || op == MW_OP_LOAD32_U_RMW || op == MW_OP_LOAD32_U_RMWF) {
        return MW_OP_LOAD32_U;
    }
    if (op == MW_OP_LOAD64_RMWF) {
        return MW_OP_LOAD64;
    }
    #endif
    uint32_t k = op - MW_LOAD_BR_FIRST;
    return k < 2 * MW_LOAD_BR_N ? (k < MW_LOAD_BR_N ? MW_OP_LOAD8_U : MW_OP_LOAD32_U) : op;
}

// The slot of the access after fused address op `op` ("d a offset" / "a b
// offset", a slot pair at p) that must be op's x: the address, or the value
// stored for STORE32_XV, STORE32_XVR and F32_ADD_XV .. F64_SUB_XV.
static MW_NOINLINE uint32_t x_use(uint32_t op, const mw_code_unit *p) {
    return op == MW_OP_STORE32_X || op == MW_OP_STORE64_X ? mw_code_slot8(p) : mw_code_slot8h(p);
}

// A fused address op's x, its first immediate: a slot pair's first (the
// _X, _XV ops, PQU) or a unit.
static MW_NOINLINE uint32_t fused_x(uint32_t op, const mw_code_unit *p) {
    return mw_op_kinds(op)[0] == MW_K_SLOT8 ? mw_code_slot8(p) : p[0];
}

// Units per entry after a BR_TABLE (target d n a) or BR_TABLE_JMP (target).
// (this, plain_access and x_use out of line, one copy for their callers:
// code.o -36 B of Thumb-2 text)
static MW_NOINLINE uint32_t entry_units(uint32_t op) {
    return op == MW_OP_BR_TABLE ? MW_BR_ENTRY : MW_W_TARGET;
}

#if MW_ALL_OPS
// A read-modify-write at c (LOAD32_U_RMW, LOAD32_U_RMWF, LOAD64_RMWF: "d a
// offset", left units from c on): then "x d imm" (STORE32_XV) or "x p q"
// (F32_ADD_XV or F32_SUB_XV; the f64 pair after LOAD64_RMWF), then "a x
// offset" (the store their own check wants: x stored); d a, x d, x p and a
// x each a slot pair in one unit (lo | hi << 8); neither d nor x the address
// a (written before the store reads it: the ops alone would store elsewhere).
static MW_NOINLINE bool rmw_ok(uint32_t op, const mw_code_unit *c, uint32_t left) {
    uint32_t f = op != MW_OP_LOAD32_U_RMW, nx = f ? MW_N(F32_ADD_XV) : MW_N(STORE32_XV);
    uint32_t xv = f ? MW_OP_F32_ADD_XV + 2 * (op - MW_OP_LOAD32_U_RMWF) : MW_OP_STORE32_XV;
    const mw_code_unit *x = c + 1 + MW_N(LOAD32_U), *s = x + 1 + nx;
    uint32_t d = c[1] & 0xffu, a = c[1] >> 8;
    return MW_N(LOAD32_U) + nx + MW_N(STORE32) + 2 < left && x[0] - xv <= f && (f || x[1] >> 8 == d)
           && (s[1] & 0xffu) == a && s[2] == c[2] && d != a && (x[1] & 0xffu) != a;
}
#endif

// The op that must follow op in the code, or MW_OP_COUNT: the rows whose
// handler runs the op after them as its own, no dispatch between, and
// continues after it (mw_int.h: LOAD32_U_PAIR's second load, MW_LOADF_FUSED,
// MW_CALL_ARG_OP_LIST, the global rows, MW_ADDBR_FUSED, CONST16_CONST16,
// I32_ADD_I32_ADD_IMMH, MW_STOREADD_FUSED, COPY_JMP, CONST16_JMP, I32_ADD_IMM2,
// CONST16_SELECT, MW_LOADI_FUSED, MW_SEQ_OP_LIST). The fused address
// ops, the load-and-branch ops (fused_access) and the read-modify-writes
// (rmw_ok) have rules of their own.
static uint32_t partner_op(uint32_t op) {
    #if MW_ALL_OPS
    if (op == MW_OP_LOAD32_U_PAIR) {
        return MW_OP_LOAD32_U;
    }
    if (op - MW_LOADF_FIRST < MW_LOADF_N) {
        return mw_loadf_op[op - MW_LOADF_FIRST];
    }
    if (op - MW_OP_COPY_CALL_DEF < MW_CALL_ARG_N) {
        return MW_OP_CALL_DEF;
    }
    if (op == MW_OP_I32_ADD_IMMH_GLOBAL_SET) {
        return MW_OP_GLOBAL_SET;
    }
    if (op == MW_OP_GLOBAL_GET_ADD_SET) {
        return MW_OP_I32_ADD_IMMH_GLOBAL_SET;
    }
    #if MW_FUSED_ARITH
    if (op - MW_ADDBR_FIRST < MW_ADDBR_N) {
        return mw_addbr_op[op - MW_ADDBR_FIRST];
    }
    if (op == MW_OP_CONST16_CONST16) {
        return MW_OP_CONST16;
    }
    if (op == MW_OP_COPY_JMP || op == MW_OP_CONST16_JMP) {
        return MW_OP_JMP;
    }
    if (op == MW_OP_CONST16_SELECT) {
        return MW_OP_SELECT;
    }
    if (op - MW_LOADI_FIRST < MW_LOADI_N) {
        return mw_loadi_op[op - MW_LOADI_FIRST];
    }
    if (op == MW_OP_I32_ADD_I32_ADD) {
        return MW_OP_I32_ADD;
    }
    if (op == MW_OP_COPY2_COPY_CALL_DEF) {
        return MW_OP_COPY_CALL_DEF;
    }
    if (op == MW_OP_COPY_LOAD32_U || op == MW_OP_STORE32_LOAD32_U) {
        return MW_OP_LOAD32_U;
    }
    if (op == MW_OP_I32_ADD_I32_ADD_IMM || op == MW_OP_I32_ADD_I32_SUB_IMM) {
        return op == MW_OP_I32_ADD_I32_ADD_IMM ? MW_OP_I32_ADD_IMM : MW_OP_I32_SUB_IMM;    // (MW_LOOP_SEQ_OP_LIST)
    }
    if (op == MW_OP_I32_ADD_IMM2) {
        return MW_OP_I32_ADD_IMM;
    }
    if (op == MW_OP_I32_ADD_I32_ADD_IMMH || op - MW_STOREADD_FIRST < MW_STOREADD_N
        || op == MW_OP_I32_ADD_MUL_I32_ADD_IMMH) {
        return MW_OP_I32_ADD_IMMH;
    }
    #endif
    #else
    (void)op;
    #endif
    return MW_OP_COUNT;
}

#if MW_OP_PROFILE || MW_FUSED_ARITH
uint32_t mw_op_runs_after(uint32_t op) {
    uint32_t partner = partner_op(op);
    if (partner != MW_OP_COUNT) {
        return 1 + mw_op_runs_after(partner);   // GLOBAL_GET_ADD_SET: its add's GLOBAL_SET too
    }
    #if MW_ALL_OPS
    if (op == MW_OP_LOAD32_U_RMW || op - MW_OP_LOAD32_U_RMWF < 2u) {
        return 2;   // the add (or float op) and the store
    }
    #endif
    #if MW_FUSED_ARITH
    if (op - MW_LOOP_LOAD_FIRST < MW_LOOP_LOAD_N) {
        return 2;   // the load and the op after it (MW_LOOP_SEQ_OP_LIST)
    }
    #endif
    return fused_access(op) != MW_OP_COUNT;
}
#endif

// Whether op ends a path: the next instruction is only reached by a branch.
static bool op_ends_path(uint32_t op) {
    return op == MW_OP_UNREACHABLE || op == MW_OP_JMP || op == MW_OP_JMP_LOOP || op == MW_OP_JMP_FAR || op == MW_OP_BR
           || op == MW_OP_BR_TABLE || op == MW_OP_BR_TABLE_JMP || op == MW_OP_RETURN || op == MW_OP_RETURN1
           || op == MW_OP_RETURN0;
}

typedef struct code_walk {
    const mw_module *m;
    const mw_funcdef *fd;
    const mw_code_unit *code;
    uint32_t len;
    const uint8_t *starts;        // bitmap of instruction starts (pass 1)
    mw_detail detail;
    uint32_t at;                  // the instruction being checked
} code_walk;

static bool walk_fail(code_walk *w, mw_detail d) {
    w->detail = d;
    return false;
}

static bool is_start(const code_walk *w, uint32_t t) {
    return t < w->len && (w->starts[t >> 3] & (1u << (t & 7)));
}

// The type a call's immediates name (CALL, CALL_DEF, CALL_DEF_W, CALL_INDIRECT,
// CALL_INDIRECT_OWN).
static const mw_functype *callee_type(const mw_module *m, uint32_t op, const uint32_t *vals) {
    if (op == MW_OP_CALL) {
        return m->types[m->functypes[vals[0]]];
    }
    if (op == MW_OP_CALL_DEF || op == MW_OP_CALL_DEF_W) {
        return m->types[m->funcs[vals[0]].type];
    }
    return m->types[vals[0]];
}

// The immediates' values `vals` of op with their meanings `kinds`: indices
// inside the module, slots inside the frame (ranges of n for "d n a").
static bool check_operands(code_walk *w, uint32_t op, const uint32_t *vals, const uint8_t *kinds, int n) {
    const mw_module *m = w->m;
    uint32_t frame = w->fd->max_slots, count = 0;    // (32-bit tests: Thumb-2 has no 64-bit compare)
    for (int i = 0; i < n; i++) {
        if (kinds[i] == K_COUNT) {
            count = vals[i];
        }
    }
    for (int i = 0; i < n; i++) {
        uint32_t v = vals[i];
        uint64_t limit = UINT64_MAX;
        switch (kinds[i]) {
            case K_SLOT: {
                // "d n a": the slots next to the count are ranges of it
                bool range = (i + 1 < n && kinds[i + 1] == K_COUNT) || (i > 0 && kinds[i - 1] == K_COUNT);
                if (range ? v > frame || count > frame - v : v >= frame) {
                    return walk_fail(w, MW_D_CODE_SLOT);
                }
                break;
            }
            case K_COUNT:
                if (v > frame) {
                    return walk_fail(w, MW_D_CODE_SLOT);
                }
                break;
            case K_GLOBAL:
                limit = m->nglobals;
                break;
            case K_TABLE:
                limit = m->ntables;
                break;
            case K_OWN_TABLE:
                if (v < m->ntable_imports) {
                    return walk_fail(w, MW_D_CODE_INDEX);
                }
                limit = m->ntables;
                break;
            case K_MEM:
                limit = m->nmems;
                break;
            case K_TABLE_OR_MEM:
                limit = op == MW_OP_TABLE_COPY ? m->ntables : m->nmems;
                break;
            case K_ELEM:
                limit = m->nelems;
                break;
            case K_DATA:
                limit = m->ndatas;
                break;
            case K_TYPE:
                limit = m->ntypes;
                break;
            case K_DEF:
                limit = m->nfuncs - m->nfunc_imports;
                break;
            case K_FUNC:
                if (op == MW_OP_CALL) {
                    limit = m->nfunc_imports;   // defined functions are CALL_DEF
                } else if (v >= m->nfuncs || !(m->declared_refs[v >> 3] & (1u << (v & 7)))) {
                    return walk_fail(w, MW_D_CODE_INDEX);   // ref.func: only declared ones have an mw_func
                }
                break;
            case K_OFFSET:
                // any value, where the module has a memory: memory 0's handlers
                // reach inst->mems[0], NULL in an instance without one (a fused
                // address op is followed by its load or store, which has one)
                limit = m->nmems != 0 ? UINT64_MAX : 0;
                break;
            case K_MEMOP:
                if (op == MW_OP_MLOAD ? !(v >= MW_OP_LOAD8_S && v <= MW_OP_LOAD64)
                                      : !(v >= MW_OP_STORE8 && v <= MW_OP_STORE64)) {
                    return walk_fail(w, MW_D_CODE_INDEX);
                }
                break;
            default:
                break;
        }
        if (v >= limit) {
            return walk_fail(w, MW_D_CODE_INDEX);
        }
    }
    // COPY2 writes d and d+1 (its rows too)
    if ((op == MW_OP_COPY2 || (MW_FUSED_ARITH && (op == MW_OP_COPY2_CALL_DEF || op == MW_OP_COPY2_COPY_CALL_DEF)))
        && (frame < 2 || vals[0] > frame - 2)) {
        return walk_fail(w, MW_D_CODE_SLOT);
    }
    // a call's arguments and results, at base, inside the frame (after the
    // indices above, so the callee's type is known)
    for (int i = 0; i < n; i++) {
        if (kinds[i] == K_BASE) {
            const mw_functype *ct = callee_type(m, op, vals);
            uint32_t k = ct->nparams > ct->nresults ? ct->nparams : ct->nresults;
            if (vals[i] > frame || k > frame - vals[i]) {
                return walk_fail(w, MW_D_CODE_SLOT);
            }
        }
    }
    return true;
}

// The unit index a TARGET names: `v`, its unit read, is the signed distance
// from `at`, the unit itself (out of range wraps to a huge index: not a start).
static uint32_t rel_target(uint32_t at, uint32_t v) {
    return at + (uint32_t)(int32_t)(int16_t)v;
}

// Branch target t of the instruction at w->at, whose doc word says
// `meaning`: an instruction start, and at or before the instruction only
// where the op polls when it jumps there (K_LOOP, mw_int.h): a loop with no
// poll on it could run past fuel and Ctrl-C. Or a far function's island
// (lower_branch.c far_islands: a BR_TABLE_JMP's first far entries; the rest are
// after it, forward), a JMP_FAR before the
// branch to a unit after it: the two jumps together go forward. (Pass 0
// walked every instruction: a JMP_FAR's index is inside the code.)
static bool check_target(code_walk *w, uint32_t t, uint8_t meaning) {
    if (!is_start(w, t)) {
        return walk_fail(w, MW_D_CODE_TARGET);
    }
    if (meaning != K_LOOP && t <= w->at && !(w->code[t] == MW_OP_JMP_FAR && mw_code_u32(w->code + t + 1) > w->at)) {
        return walk_fail(w, MW_D_CODE_BACKWARD);
    }
    return true;
}

// One function, in two passes: the first marks instruction starts, the
// second checks targets and, with a module, operands.
static bool check_func(code_walk *w, uint8_t *starts) {
    static const uint8_t entry_store[] = {MW_BR_ENTRY_KINDS};
    static const uint8_t entry[] = {K_LOOP, K_SLOT, K_COUNT, K_SLOT};
    const mw_code_unit *code = w->code;
    uint32_t len = w->len;
    const uint8_t *kinds;
    uint32_t vals[MW_MAX_IMMS];
    w->starts = starts;
    if (len == 0) {
        return walk_fail(w, MW_D_CODE_FALLS_OFF);
    }
    for (int pass = 0; pass < 2; pass++) {
        uint32_t i = 0, last = 0;
        while (i < len) {
            uint32_t op = code[i];
            last = op;
            w->at = i;
            // LAZY is only ever a function's stub while it is not lowered
            // yet (lazy.c), never inside a function's code; a full-only op
            // (mw_int.h MW_ADD_ROT_OP_LIST) has no handler without
            // MW_FUSED_ARITH (MW_ALL_OPS=0: outside mw_op_in_set, below)
            // (nor has a row this build leaves out, MW_FUSED_DROP)
            if (op >= MW_OP_END || op == MW_OP_LAZY || (MW_ALL_OPS && !MW_FUSED_ARITH && op >= MW_OP_I32_ADD_ROTL)
                || (MW_ALL_OPS && op >= MW_OP_F32_MUL_ADD && MW_FUSED_DROP(op))) {
                return walk_fail(w, MW_D_CODE_OP);
            }
            #if !MW_ALL_OPS
            if (!mw_op_in_set(op)) {
                return walk_fail(w, MW_D_CODE_NOT_IN_SET);  // its handler is left out (mw_config.h)
            }
            #endif
            if (pass == 0) {
                starts[i >> 3] |= (uint8_t)(1u << (i & 7));
            }
            uint64_t n = mw_op_units(op);
            if (op == MW_OP_BR_TABLE || op == MW_OP_BR_TABLE_JMP) {
                // "c count": the count (a U32) after the slot
                if (len - i <= 1 + MW_N(BR_TABLE) || mw_code_u32(code + i + 1 + MW_W_SLOT) >= len) {
                    return walk_fail(w, MW_D_CODE_END);
                }
                n += ((uint64_t)mw_code_u32(code + i + 1 + MW_W_SLOT) + 1) * entry_units(op);
            }
            if (n >= len - i) {
                return walk_fail(w, MW_D_CODE_END);   // the immediates run past the end
            }
            uint32_t want = fused_access(op);
            if (want != MW_OP_COUNT) {
                // a fused address op without its access or with an access not
                // using its x, a fused load without its branch or with a
                // branch not reading the loaded d: the handler would do what
                // the two ops run alone (the small profile; any other
                // address) do not
                const mw_code_unit *next = code + i + 1 + n;
                bool br = plain_access(op) != op;
                if (n + 2 >= len - i || plain_access(next[0]) != want
                    || (br ? next[1] != mw_code_slot8(code + i + 1) : x_use(op, next + 1) != fused_x(op, code + i + 1))) {
                    return walk_fail(w, MW_D_CODE_FUSED);
                }
                // a fused load's handler loads from x + 0 (mw_int.h
                // MW_MEM_X_FUSED); MW_MEM_XD_FUSED's writes the loaded value
                // to x as the load's d
                bool load = want == MW_OP_LOAD8_U || want == MW_OP_LOAD16_U || want == MW_OP_LOAD32_U || want == MW_OP_LOAD64
                            || want == MW_OP_I64_LOAD32_U;
                if (!br && load && (n + 3 >= len - i || next[2] != 0)) {
                    return walk_fail(w, MW_D_CODE_FUSED);
                }
                if ((op - MW_MEM_XD_FIRST < MW_MEM_XD_N || op - (MW_I64_X_FIRST + 3) < 3u
                     || (MW_FUSED_ARITH && op == MW_OP_LOAD32_U_XD_F32_MUL_ADD))
                    && mw_code_slot8(next + 1) != fused_x(op, code + i + 1)) {
                    return walk_fail(w, MW_D_CODE_FUSED);
                }
                #if MW_FUSED_ARITH
                // MW_LOOP_SEQ_OP_LIST's handler runs the op after the load
                // on that op's immediates: it must be there
                if (op - MW_LOOP_LOAD_FIRST < MW_LOOP_LOAD_N) {
                    #define MW_X_THEN(X, row, from, load, then) op == MW_OP_##row ? MW_OP_##then :
                    uint32_t then = MW_LOOP_LOAD_FUSED(MW_X_THEN, _) MW_OP_COUNT;
                    #undef MW_X_THEN
                    uint64_t at = n + 2 + MW_N(LOAD8_U);     // (the op after the load, from i)
                    _Static_assert(MW_N(LOAD8_U) == MW_N(LOAD32_U), "one place");
                    if (at + mw_op_units(then) >= len - i || code[i + at] != then) {
                        return walk_fail(w, MW_D_CODE_FUSED);
                    }
                }
                #endif
            }
            #if MW_ALL_OPS
            if ((op == MW_OP_LOAD32_U_RMW || op - MW_OP_LOAD32_U_RMWF < 2u) && !rmw_ok(op, code + i, len - i)) {
                return walk_fail(w, MW_D_CODE_FUSED);
            }
            #endif
            // a fused row whose partner op stays in the code (partner_op)
            // without that op: its handler would run the partner's
            // expression on other immediates (a call, a global, a branch)
            uint32_t partner = partner_op(op);
            if (partner != MW_OP_COUNT && (n + 2 >= len - i || code[i + 1 + n] != partner)) {
                return walk_fail(w, MW_D_CODE_FUSED);
            }
            // an MW_ADDBR_FUSED row's handler takes its branch's first slot
            // (a, BR_TABLE_JMP's c) from the add, not from the slot: it must
            // be the add's d (not BR_ADD_NZ's, which reads its own a)
            if (MW_FUSED_ARITH && op - MW_ADDBR_FIRST < MW_ADDBR_N && op != MW_OP_I32_ADD_IMMH_BR_ADD_NZ
                && code[i + 2 + n] != mw_code_slot8(code + i + 1)) {
                return walk_fail(w, MW_D_CODE_FUSED);
            }
            // I32_ADD_I32_ADD_IMMH's (I32_ADD_MUL_I32_ADD_IMMH's) handler
            // adds the constant to its own sum: the I32_ADD_IMMH after it
            // must read d (a slot pair's first, a unit) as its a
            if (MW_FUSED_ARITH && (op == MW_OP_I32_ADD_I32_ADD_IMMH || op == MW_OP_I32_ADD_MUL_I32_ADD_IMMH)
                && mw_code_slot8h(code + i + 2 + n)
                       != (op == MW_OP_I32_ADD_I32_ADD_IMMH ? mw_code_slot8(code + i + 1) : code[i + 1])) {
                return walk_fail(w, MW_D_CODE_FUSED);
            }
            if (pass == 1) {
                const mw_code_unit *imm = code + i + 1;
                const uint8_t *store = mw_op_kinds(op);
                int nk = op_nimm(op);
                read_imms(imm, store, nk, vals);
                if (MW_ALL_OPS && op - MW_OP_I32_DIV_S_IMM < 4u && vals[2] + 1 < 2) {
                    return walk_fail(w, MW_D_CODE_IMM);    // a division by 0 or -1: its handler tests neither
                }
                if (!op_kinds(op, nk, &kinds)) {
                    return walk_fail(w, MW_D_CODE_OP);   // a row code_meanings.h lacks
                }
                // a shift count (k32, k64) in range; a TARGET, its distance from
                // its unit; JMP_FAR's (an IDX, an island's), a unit index
                // (gen_code_meanings.py: only these two hold the target words)
                for (int k = 0, at = 0; k < nk; at += mw_kind_units[store[k]], k++) {
                    if ((uint32_t)kinds[k] - K_SHIFT32 < 2u && vals[k] > (kinds[k] == K_SHIFT32 ? 31u : 63u)) {
                        return walk_fail(w, MW_D_CODE_IMM);
                    }
                    uint32_t t = store[k] == MW_K_TARGET ? rel_target(i + 1 + at, vals[k]) : vals[k];
                    if ((uint32_t)kinds[k] - K_TARGET < 2u && !check_target(w, t, kinds[k])) {
                        return false;
                    }
                    #if MW_BRANCH_TWINS
                    // a branch twin's target on its side (mw_int.h
                    // MW_BR_TWIN_ROWS): a _FWD one jumps with no poll, a
                    // _BACK one polls (fuel counts back edges only)
                    if (op >= MW_OP_COUNT && store[k] == MW_K_TARGET && (t <= i) != (op >= MW_OP_BR_EQ_BACK)) {
                        return walk_fail(w, t <= i ? MW_D_CODE_BACKWARD : MW_D_CODE_IMM);
                    }
                    #endif
                }
                if (w->m != NULL && !check_operands(w, op, vals, kinds, nk)) {
                    return false;
                }
                if (op == MW_OP_BR_TABLE || op == MW_OP_BR_TABLE_JMP) {
                    // BR_TABLE_JMP's entries are the targets alone
                    // a BR_TABLE entry polls (as BR), a BR_TABLE_JMP one not (forward only)
                    int ne = op == MW_OP_BR_TABLE ? (int)sizeof(entry) : 1;
                    uint32_t count = vals[1];
                    for (uint32_t k = 0; k <= count; k++) {
                        uint32_t e = MW_N(BR_TABLE) + k * entry_units(op);
                        read_imms(imm + e, entry_store, ne, vals);
                        if (!check_target(w, rel_target(i + 1 + e, vals[0]), ne == 1 ? K_TARGET : K_LOOP)) {
                            return false;
                        }
                        if (w->m != NULL && !check_operands(w, op, vals, entry, ne)) {
                            return false;
                        }
                    }
                }
            }
            i += 1 + (uint32_t)n;
        }
        if (i != len) {
            return walk_fail(w, MW_D_CODE_END);
        }
        if (!op_ends_path(last)) {
            return walk_fail(w, MW_D_CODE_FALLS_OFF);
        }
    }
    return true;
}

mw_status mw_code_check(mw_runtime *rt, const mw_module *m, const mw_funcdef *fd, mw_detail *detail, uint32_t *at) {
    uint32_t len = fd->code_len;
    size_t nbytes = len / 8 + 1;
    uint8_t *starts = mw_alloc(rt, nbytes);        // zeroed
    if (starts == NULL) {
        *detail = MW_D_NONE;
        return MW_ERR_NOMEM;
    }
    code_walk w = {m, fd, fd->code, len, NULL, MW_D_NONE, 0};
    bool ok = check_func(&w, starts);
    mw_free(rt, starts, nbytes);
    *detail = w.detail;
    *at = w.at;
    return ok ? MW_OK : MW_ERR_INVALID;
}

#if MW_THREADED || MW_THREAD_REACH
// ---- threaded code (mw_config.h MW_THREADED) --------------------------------

#if MW_THREADED
const void *const *mw_exec_handlers;
#endif
bool mw_lower_thread_reach = MW_THREADED;

// Each op row's TARGET units, as bits of their offsets from the op's unit
// (so a walk over the code meets an op's targets without its kinds).
#define THREAD_TARGET_(k, at) ((uint32_t)(MW_K_##k == MW_K_TARGET) << (at))
#define THREAD_TARGETS_(a, b, c, d, e, ...)                                                                           \
    (THREAD_TARGET_(a, 1) | THREAD_TARGET_(b, 1 + MW_W_##a) | THREAD_TARGET_(c, 1 + MW_W_##a + MW_W_##b)            \
        | THREAD_TARGET_(d, 1 + MW_W_##a + MW_W_##b + MW_W_##c)                                                      \
        | THREAD_TARGET_(e, 1 + MW_W_##a + MW_W_##b + MW_W_##c + MW_W_##d))
static const uint32_t thread_row_targets[] = {
    #define MW_X_RT(layout, means, ...) THREAD_TARGETS_(__VA_ARGS__, NONE, NONE, NONE, NONE, NONE),
    CODE_OP_ROWS(MW_X_RT)
    #if MW_ALL_OPS
    CODE_OP_ROWS_FULL(MW_X_RT)
    #endif
    #undef MW_X_RT
};
_Static_assert(1 + 4 * 4 < 32, "an op's TARGET units' offsets fit thread_row_targets' bits");

// The units of the op at c (lowering's instr_units, here where a walk
// over a whole module's code calls it for every op).
static inline uint32_t thread_op_units(const mw_code_unit *c) {
    uint32_t op = c[0], n = 1 + mw_op_units(op);
    if (op == MW_OP_BR_TABLE || op == MW_OP_BR_TABLE_JMP) {
        n += (mw_code_u32(c + 2) + 1) * (op == MW_OP_BR_TABLE ? MW_BR_ENTRY : MW_W_TARGET);
    }
    return n;
}

// Compact unit u (an op's start or the code's end, n) threaded: each op
// before it grew by a head.
static inline uint32_t thread_at(const mw_thread_plan *p, uint32_t u) {
    return u + MW_THREAD_HEAD * (p->before[u / MW_THREAD_RUN] + p->in_run[u]);
}

// The TARGET unit at compact unit `at` of an op moved by `grow` units:
// its distance threaded, which fits the unit unless *far (set then).
static inline mw_code_unit thread_target(const mw_thread_plan *p, const mw_code_unit *code, uint32_t n, uint32_t at,
    uint32_t grow, bool *far) {
    uint32_t to = at + (uint32_t)(int32_t)(int16_t)code[at];
    // (lowered and checked code branches to an op or the end: a target
    // outside it is a code check's miss, not reached rather than read past)
    uint32_t d = to <= n ? thread_at(p, to) - (at + grow) : 0x8000u;
    *far |= d + 0x8000u > 0xffffu;
    return (mw_code_unit)d;
}

// Whether every branch of compact code reaches its target threaded.
static bool thread_reaches(const mw_thread_plan *p, const mw_code_unit *code, uint32_t n) {
    bool far = false;
    for (uint32_t i = 0, k = 0; i < n && !far; k++) {
        uint32_t op = code[i], units = thread_op_units(code + i), grow = MW_THREAD_HEAD * (k + 1);
        for (uint32_t bits = thread_row_targets[mw_op_row[op]]; bits != 0; bits &= bits - 1) {
            (void)thread_target(p, code, n, i + (uint32_t)__builtin_ctz(bits), grow, &far);
        }
        if (op == MW_OP_BR_TABLE || op == MW_OP_BR_TABLE_JMP) {
            uint32_t entry = op == MW_OP_BR_TABLE ? MW_BR_ENTRY : MW_W_TARGET;
            for (uint32_t at = i + 1 + mw_op_units(op); at < i + units; at += entry) {
                (void)thread_target(p, code, n, at, grow, &far);
            }
        }
        i += units;
    }
    return !far;
}

uint32_t mw_thread_plan_make(mw_runtime *rt, mw_thread_plan *p, const mw_code_unit *code, uint32_t n, bool reach) {
    if (n + 1 > p->cap) {
        mw_thread_plan_free(rt, p);
        uint32_t cap = (n + MW_THREAD_RUN) & ~(uint32_t)(MW_THREAD_RUN - 1);    // n + 1 and up, whole runs
        uint8_t *block = mw_alloc(rt, cap + (size_t)(cap / MW_THREAD_RUN) * sizeof(uint32_t));
        if (block == NULL) {
            mw_fail(rt, MW_ERR_NOMEM, MW_D_NONE, 0);
            return UINT32_MAX;
        }
        p->before = (uint32_t *)(void *)block;
        p->in_run = block + (size_t)(cap / MW_THREAD_RUN) * sizeof(uint32_t);
        p->cap = cap;
    }
    // one walk: each run's ops before it (a run an op spans gets them too),
    // each op start's count in its run
    uint32_t k = 0, run = 0;
    for (uint32_t i = 0; i < n; k++) {
        for (; run <= i / MW_THREAD_RUN; run++) {
            p->before[run] = k;
        }
        p->in_run[i] = (uint8_t)(k - p->before[i / MW_THREAD_RUN]);
        i += thread_op_units(code + i);
    }
    for (; run <= n / MW_THREAD_RUN; run++) {
        p->before[run] = k;
    }
    p->in_run[n] = (uint8_t)(k - p->before[n / MW_THREAD_RUN]);
    // (no distance threaded can be past the 16 bits below: the ops counted only)
    bool near = (uint64_t)n * (1 + MW_THREAD_HEAD) <= INT16_MAX;
    p->units = !reach || near || thread_reaches(p, code, n) ? n + MW_THREAD_HEAD * k : 0;
    return p->units;
}

void mw_thread_plan_free(mw_runtime *rt, mw_thread_plan *p) {
    if (p->cap > 0) {
        mw_free(rt, p->before, p->cap + (size_t)(p->cap / MW_THREAD_RUN) * sizeof(uint32_t));
    }
    memset(p, 0, sizeof(*p));
}

#endif
#if MW_THREADED
const void *mw_thread_handler(uint32_t op) {
    if (mw_exec_handlers == NULL) {
        mw_exec(NULL, NULL);      // (its table: exec.c)
    }
    return mw_exec_handlers[op];
}

void mw_thread_fill(mw_code_unit *out, const mw_code_unit *code, uint32_t n, const mw_thread_plan *p) {
    (void)mw_thread_handler(0);     // (mw_exec's table, made on first use)
    const void *const *handlers = mw_exec_handlers;
    bool far = false;
    for (uint32_t i = 0, o = 0; i < n;) {
        uint32_t op = code[i], units = thread_op_units(code + i);
        const void *h = handlers[op];
        memcpy(out + o, &h, sizeof(h));
        o += MW_THREAD_HEAD;
        mw_code_unit *to = out + o;
        for (uint32_t j = 0; j < units; j++) {
            to[j] = code[i + j];
        }
        // the branches' units: each TARGET's distance threaded, JMP_FAR's
        // unit index, BR_TABLE's and BR_TABLE_JMP's entries (each starts
        // with a TARGET)
        uint32_t grow = o - i;
        for (uint32_t bits = thread_row_targets[mw_op_row[op]]; bits != 0; bits &= bits - 1) {
            uint32_t at = i + (uint32_t)__builtin_ctz(bits);
            out[at + grow] = thread_target(p, code, n, at, grow, &far);
        }
        if (op == MW_OP_JMP_FAR) {
            uint32_t t = mw_code_u32(code + i + 1);
            mw_code_put_u32(to + 1, thread_at(p, t <= n ? t : n));
        } else if (op == MW_OP_BR_TABLE || op == MW_OP_BR_TABLE_JMP) {
            uint32_t entry = op == MW_OP_BR_TABLE ? MW_BR_ENTRY : MW_W_TARGET;
            for (uint32_t at = i + 1 + mw_op_units(op); at < i + units; at += entry) {
                out[at + grow] = thread_target(p, code, n, at, grow, &far);
            }
        }
        i += units;
        o += units;
    }
    (void)far;      // (the plan found every branch reaching)
}

uint32_t mw_unthread_at(const mw_code_unit *code, uint32_t u) {
    uint32_t s = 0, e = 0, ops = 0;
    while (e < u) {
        s = e;
        e += MW_THREAD_UNITS + mw_lower_instr_units(code + e + MW_THREAD_UNITS);
        ops++;
    }
    // u inside an op's head: that op's start
    return e == u || u >= s + MW_THREAD_UNITS ? u - MW_THREAD_UNITS * ops : s - MW_THREAD_UNITS * (ops - 1);
}
#endif
