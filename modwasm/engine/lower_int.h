// SPDX-License-Identifier: MIT
// lower_int.h: what the files of lowering share (lower.c, lower_emit.c,
// lower_branch.c, lower_check.c, lower_narrow.c; docs/engine.md has what each
// holds), and nothing else includes: the state of one function's lowering
// (lower_t, its control and operand entries), the small helpers every file
// calls, and each file's functions the others call. Lowering was one file
// until session 33; its code was moved, not rewritten: the small profile's
// text is within 16 B of it (docs/benchmarks.md "Lowering split (session 33)").
#ifndef MW_LOWER_INT_H
#define MW_LOWER_INT_H
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
static inline uint32_t start_cap(uint32_t most, uint32_t fits) {
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
    // before them (JMP_FAR, far_islands; a br_table's second half after
    // it); far_next is the next island.
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
    #if MW_TRAP_OFFSETS
    mw_lower_work *rec;       // recording which instruction each run of code came from (rec_mark); NULL: not
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

static inline bool fail(lower_t *L, mw_detail d) {
    return mw_rd_invalid(&L->r, d);
}

static inline bool nomem(lower_t *L) {
    return mw_rd_fail(&L->r, MW_ERR_NOMEM, MW_D_NONE);
}

#define ZERO_READ 0x80000000u

static inline uint32_t slot(lower_t *L, uint32_t pos) {
    return L->nlocals + pos;
}

// LOWER_SHARED: helpers kept in line in each file that calls them in the
// small profile and where the full one is compiled for speed (host -O2),
// but that GCC kept out of line where the full profile is compiled for size
// (-Os: the boards) when lowering was one file: there one copy of each, in
// lower_emit.c (LOWER_HELPERS_HERE), as then. A copy in each file, or in
// line in each caller, cost the full profile 276 B of text (session 34;
// mps2_an385's eager load of a module -0.35% to +0.3% guest instructions
// with them out of line). The small profile's text wants them in line
// (add_imm_at and set_dst_at out of line cost it 108 and 72 B). dst_paired,
// also out of line then, stays in line: out of line it saves 24 B, and its
// calls cost an eager load of doc_hello.wasm on mps2_an385 +1% instructions.
#if MW_LOWER_FAST && defined(__OPTIMIZE_SIZE__)
#define LOWER_SHARED_ONCE 1
#define LOWER_SHARED
#else
#define LOWER_SHARED_ONCE 0
#define LOWER_SHARED static inline
#endif
#define add_imm_at      mw_lower_add_imm_at
#define rd_leb_u32      mw_lower_rd_leb_u32
#define set_dst_at      mw_lower_set_dst_at
#define unpair_add_imm  mw_lower_unpair_add_imm
#if LOWER_SHARED_ONCE
uint32_t add_imm_at(lower_t *L, uint32_t x);
bool rd_leb_u32(mw_reader *r, uint32_t *out);
bool set_dst_at(lower_t *L, uint32_t idx, uint32_t x);
void unpair_add_imm(lower_t *L, uint32_t p0);
#endif
#if !LOWER_SHARED_ONCE || defined(LOWER_HELPERS_HERE)
#define LOWER_SHARED_DEFINED 1
#else
#define LOWER_SHARED_DEFINED 0
#endif

// A u32 LEB128 (an index, a label, a memarg's align and offset): the one-byte
// case in line where lowering is made fast (mw_rd_u32's own fast path, without
// the call: ~19 -> ~5 host Ir for each of sqlite's 313 K), the call otherwise.
// Two bytes in line too (a label of a function nested over 127 deep, a
// br_table's: cmark's lexer): 14 bits, never too large for a u32.
#if LOWER_SHARED_DEFINED
LOWER_SHARED bool rd_leb_u32(mw_reader *r, uint32_t *out) {
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
#endif
static inline bool rd_u32(lower_t *L, uint32_t *out) {
    return rd_leb_u32(&L->r, out);
}

// ---- shared between the files of lowering -----------------------------------
// The functions and tables the files share keep the names they had when
// lowering was one file (static, in lower.c); their symbols take the
// engine's prefix, as every external name of the engine does (mw_*).
#define check_run       mw_lower_check_run
#define code_room       mw_lower_code_room
#define const_into      mw_lower_const_into
#define dst_at          mw_lower_dst_at
#define emit            mw_lower_emit
#define emit_copy       mw_lower_emit_copy
#define emit_def        mw_lower_emit_def
#define emit_def4       mw_lower_emit_def4
#define emit_op         mw_lower_emit_op
#define emit_op5        mw_lower_emit_op5
#define emit_u32        mw_lower_emit_u32
#define grow_code       mw_lower_grow_code
#define instr_units     mw_lower_instr_units
#define jump_returns    mw_lower_jump_returns
#define twin_branches   mw_lower_twin_branches
#define live            mw_lower_live
#define lower_control   mw_lower_lower_control
#define materialize     mw_lower_materialize
#define materialize_top mw_lower_materialize_top
#define memops          mw_lower_memops
#define narrow_imm      mw_lower_narrow_imm
#define numeric_sigs    mw_lower_numeric_sigs
#define pop             mw_lower_pop
#define pop_expect      mw_lower_pop_expect
#define pop_types       mw_lower_pop_types
#define push            mw_lower_push
#define push_at         mw_lower_push_at
#define push_const      mw_lower_push_const
#define push_ctrl       mw_lower_push_ctrl
#define push_types      mw_lower_push_types
#define set_unreachable mw_lower_set_unreachable
#define split_mul_add2  mw_lower_split_mul_add2
#define top_const       mw_lower_top_const

// lower.c: the instruction tables check_run types by too.
// Loads/stores 0x28..0x3e: internal op, value type, log2 of natural alignment.
typedef struct lower_memop {
    uint8_t op, type, align;
} lower_memop;
extern const lower_memop memops[MW_W_I64_STORE32 - MW_W_I32_LOAD + 1];
extern const uint8_t numeric_sigs[MW_W_I64_EXTEND32_S - MW_W_I32_EQZ + 1];
#if MW_FUSED_ARITH
bool split_mul_add2(lower_t *L);
#endif

// lower_emit.c: the operand stack, constants, code emission (and, in the
// small profile, the helpers below).
bool push_at(lower_t *L, uint8_t t, uint32_t loc);
bool pop(lower_t *L, uint8_t *out, uint32_t *loc);
bool pop_types(lower_t *L, const uint8_t *ts, uint32_t n);
bool push_types(lower_t *L, const uint8_t *ts, uint32_t n);
#if MW_LOWER_FAST
MW_NOINLINE bool grow_code(lower_t *L, uint32_t n);
// Room for n more units of code (the growth out of line, the test in line:
// lower_emit.c LOWER_FAST_OUT).
static inline bool code_room(lower_t *L, uint32_t n) {
    return L->cap_code - L->ncode >= n || grow_code(L, n);
}
#else
bool code_room(lower_t *L, uint32_t n);
#endif
bool emit_u32(lower_t *L, uint32_t v);
bool emit_op5(lower_t *L, mw_op op, uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t e);
bool emit_def4(lower_t *L, uint8_t t, mw_op op, uint32_t a, uint32_t b, uint32_t c, uint32_t e);
bool const_into(lower_t *L, uint32_t pos, uint32_t d);
bool push_const(lower_t *L, uint8_t t, uint64_t v);
bool emit_copy(lower_t *L, uint32_t d, uint32_t a);
bool materialize(lower_t *L, uint32_t from);

// lower_branch.c: the control stack and the control instructions.
bool push_ctrl(lower_t *L, uint8_t kind, const uint8_t *params, uint32_t np, const uint8_t *results, uint32_t nr,
    uint8_t single);
SMALL_OUT bool lower_control(lower_t *L, uint8_t op);

// lower_check.c (MW_LOWER_FAST): a run of common instructions typed alone.
void check_run(lower_t *L);

// lower_narrow.c (MW_NARROW_IMM): the passes over the finished code.
MW_NOINLINE bool narrow_imm(lower_t *L);
void jump_returns(lower_t *L);
void twin_branches(lower_t *L);     // (MW_BRANCH_TWINS)
// (and mw_trap_offset, lower.c, and image.c's offset map: MW_TRAP_OFFSETS)
// instr_units: mw_lower_instr_units (mw_int.h).

// The first of the top n values that are the current block's (the stack
// index materialize_top starts at).
static inline uint32_t top_from(const lower_t *L, uint32_t n) {
    const ctrl_t *c = TOP(L);
    return L->nvals - c->height >= n ? L->nvals - n : c->height;
}

// The destination slot of the value-producing instruction whose first
// immediate is at unit idx (L->patch_idx: its d, a unit or a slot pair's
// SLOT8), and writing another one there (false: the slot does not fit
// the pair, the caller copies instead).
static inline bool dst_paired(const lower_t *L, uint32_t idx) {
    return mw_op_kinds(L->code[idx - 1])[0] == MW_K_SLOT8;    // PQO, PQU, PQH, PQS
}

// ---- the helpers every file calls most ---------------------------------------
// In line in each file where lowering is made fast (MW_LOWER_FAST, the full
// profile) and compiled for speed (host -O2: as GCC chose when lowering was
// one file); compiled for size (-Os: the boards, wasm.mpy) one copy of each,
// out of line, for its text: defined where lower_emit.c includes this
// header with LOWER_HELPERS_HERE.
#if MW_LOWER_FAST && !defined(__OPTIMIZE_SIZE__)
#define LOWER_HELPERS_IN_LINE 1
#else
#define LOWER_HELPERS_IN_LINE 0
#endif
#if LOWER_HELPERS_IN_LINE
#define LOWER_HELPER static inline
#else
#define LOWER_HELPER
bool emit(lower_t *L, uint32_t w);
uint32_t dst_at(const lower_t *L, uint32_t idx);
bool push(lower_t *L, uint8_t t);
operand_t *top_const(lower_t *L);
bool pop_expect(lower_t *L, uint8_t want, uint32_t *loc);
void set_unreachable(lower_t *L);
bool live(lower_t *L);
bool emit_op(lower_t *L, mw_op op, uint32_t a, uint32_t b, uint32_t c, uint32_t d);
bool emit_def(lower_t *L, uint8_t t, mw_op op, uint32_t a, uint32_t b, uint32_t c);
bool materialize_top(lower_t *L, uint32_t n);
#endif
#if LOWER_HELPERS_IN_LINE || defined(LOWER_HELPERS_HERE)

// One unit: an opcode, a slot or a count of slots. Slots above 65535 are cut
// here; mw_lower_func refuses such a frame (MW_MAX_FRAME_SLOTS) before the
// code is used.
LOWER_HELPER bool emit(lower_t *L, uint32_t w) {
    if (!code_room(L, 1)) {
        return false;
    }
    L->code[L->ncode++] = (mw_code_unit)w;
    return true;
}

// (the destination slot's unit: dst_paired, above)
LOWER_HELPER uint32_t dst_at(const lower_t *L, uint32_t idx) {
    return dst_paired(L, idx) ? mw_code_slot8(L->code + idx) : L->code[idx];
}

// Push a value computed into its own slot.
LOWER_HELPER bool push(lower_t *L, uint8_t t) {
    return push_at(L, t, slot(L, L->nvals));
}

// The top operand, if it is a constant not yet in a slot (else NULL).
LOWER_HELPER operand_t *top_const(lower_t *L) {
    ctrl_t *c = TOP(L);
    if (L->nvals > c->height && L->vals[L->nvals - 1].loc == LOC_CONST) {
        return &L->vals[L->nvals - 1];
    }
    return NULL;
}

LOWER_HELPER bool pop_expect(lower_t *L, uint8_t want, uint32_t *loc) {
    uint8_t t = T_UNKNOWN;
    if (!pop(L, &t, loc)) {
        return false;
    }
    if (t != want && t != T_UNKNOWN && want != T_UNKNOWN) {
        return fail(L, MW_D_TYPE_MISMATCH);
    }
    return true;
}

LOWER_HELPER void set_unreachable(lower_t *L) {
    ctrl_t *c = TOP(L);
    L->nvals = c->height;
    c->unreachable = true;
}

LOWER_HELPER bool live(lower_t *L) {
    ctrl_t *c = TOP(L);
    return !c->unreachable && !c->dead;
}

LOWER_HELPER bool emit_op(lower_t *L, mw_op op, uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
    return emit_op5(L, op, a, b, c, d, 0);
}

LOWER_HELPER bool emit_def(lower_t *L, uint8_t t, mw_op op, uint32_t a, uint32_t b, uint32_t c) {
    return emit_def4(L, t, op, a, b, c, 0);
}

LOWER_HELPER bool materialize_top(lower_t *L, uint32_t n) {
    return materialize(L, top_from(L, n));
}
#endif

// ---- small helpers in line in every file (as GCC had them in both profiles) ---

// The frame holds at least n operand slots above the locals (max_vals sizes
// it, mw_lower_func): the one place it grows, for pushes, emit_wide's saved
// slot and the result slots of an end reached only as dead code.
static inline void frame_holds(lower_t *L, uint32_t n) {
    if (n > L->max_vals) {
        L->max_vals = n;
    }
}

// The operand below the top if it is a constant of type t not yet in a slot
// and the top is not a constant (a binary op's left operand; else NULL).
static inline operand_t *left_const(lower_t *L, uint8_t t) {
    ctrl_t *c = TOP(L);
    if (L->nvals >= c->height + 2 && L->vals[L->nvals - 2].loc == LOC_CONST && L->vals[L->nvals - 2].type == t
        && L->vals[L->nvals - 1].loc != LOC_CONST) {
        return &L->vals[L->nvals - 2];
    }
    return NULL;
}

// An immediate of kind k (mw_int.h MW_KINDS; I64 constants: const_into).
// (GCC's choice: out of line it saved 16 B of Thumb-2 text at session 15,
// in line 8 B at session 26)
static inline bool emit_kind(lower_t *L, uint8_t k, uint32_t v) {
    return mw_kind_units[k] == 1 ? emit(L, v) : emit_u32(L, v);
}

// Result types of a block. A one-result block type lives in the ctrl entry
// itself, which may move when the control stack grows: never keep a pointer.
static inline const uint8_t *ctrl_results(const ctrl_t *c) {
    return c->single ? &c->single : c->results;
}

static inline uint32_t label_arity(const ctrl_t *c) {
    return c->kind == K_LOOP ? c->nparams : c->nresults;
}

static inline const uint8_t *label_types(const ctrl_t *c) {
    return c->kind == K_LOOP ? c->params : ctrl_results(c);
}

// The I32_ADD_IMM at unit p0 is about to become another op: if it is the
// second of an I32_ADD_IMM2 (pair_add_imm), that one is a plain
// I32_ADD_IMM again (it would only test for its partner in vain).
#if LOWER_SHARED_DEFINED
LOWER_SHARED void unpair_add_imm(lower_t *L, uint32_t p0) {
    #if MW_FUSED_ARITH
    if (L->add2_next == p0 && p0 != 0) {
        L->code[L->add2_at] = MW_OP_I32_ADD_IMM;
        L->add2_next = 0;
    }
    #else
    (void)L, (void)p0;
    #endif
}
#endif

// The LOAD32_U at unit p0 is about to become another op: if it is the
// second load of a LOAD32_U_PAIR, that one is a plain LOAD32_U again.
#if MW_FUSED_MEM
static inline void unpair_load(lower_t *L, uint32_t p0) {
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
static inline void fuse_load_pair(lower_t *L, mw_op load) {
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

// Operand types (b = 0: unary) and result type of numeric opcode 0x45..0xc4.
static inline void numeric_sig(uint8_t op, uint8_t *a, uint8_t *b, uint8_t *res) {
    uint32_t s = numeric_sigs[op - MW_W_I32_EQZ];
    *a = (uint8_t)(0x7c | (s & 3));
    *b = s & 4 ? *a : 0;
    *res = (uint8_t)(0x7c | s >> 3);
}

static inline uint32_t asg_bit(uint32_t x) {
    return MW_ASSIGN_BRANCHES && x < 32 ? (uint32_t)1 << x : 0;
}

// local.set/tee x: assigned from here to the end of the innermost block.
static inline void note_set(lower_t *L, uint32_t x) {
    if ((L->asg[x] & ~ZERO_READ) == 0) {
        L->asg[x] |= L->nctrls;
        L->alog[L->nalog++] = x;
        L->amask |= asg_bit(x);
    }
}

// local.get x in live code: if some path reaches it without assigning x, the
// call must zero x.
static inline void note_get(lower_t *L, uint32_t x) {
    if ((L->asg[x] & ~ZERO_READ) == 0 && live(L)) {
        L->asg[x] |= ZERO_READ;
    }
}

// An opcode that is not an instruction (spec 5.4): malformed, reported at
// the opcode's own offset.
static inline bool illegal_op(lower_t *L, uint8_t op) {
    L->r.p--;
    return mw_rd_malformed(&L->r, mw_opcode_detail(op));
}

#if LOWER_SHARED_DEFINED
// (another destination written there: dst_paired, above)
LOWER_SHARED bool set_dst_at(lower_t *L, uint32_t idx, uint32_t x) {
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

// The instruction just emitted if it is an i32.add or i32.sub of a constant
// whose result is slot x (a stack slot, or a local a local.set/tee made it
// write): its start, with an i32.sub turned into the I32_ADD_IMM of the
// negated constant (the same result, so fused forms only know the add);
// else NO_PATCH.
LOWER_SHARED uint32_t add_imm_at(lower_t *L, uint32_t x) {
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
#endif

#if MW_TRAP_OFFSETS || MW_OP_PROFILE
// A list of (unit, value) pairs in lowering's work, ascending by unit: the
// trap offsets' runs and the op profile's sites. The pairs from `unit` on are
// dropped (a peephole took their code back).
static inline void unit_pairs_drop(const uint32_t *pairs, uint32_t *n, uint32_t unit) {
    while (*n > 0 && pairs[2 * (*n - 1)] >= unit) {
        (*n)--;
    }
}

// (unit, value) appended, the list grown as needed; false out of memory.
static inline bool unit_pairs_push(mw_runtime *rt, uint32_t **pairs, uint32_t *n, uint32_t *cap, uint32_t unit,
                                   uint32_t value) {
    if (*n == *cap) {
        uint32_t nc = *cap ? 2 * *cap : 64;
        uint32_t *np = mw_realloc(rt, *pairs, *cap * 2 * sizeof(uint32_t), nc * 2 * sizeof(uint32_t));
        if (np == NULL) {
            return false;
        }
        *pairs = np;
        *cap = nc;
    }
    (*pairs)[2 * *n] = unit;
    (*pairs)[2 * *n + 1] = value;
    (*n)++;
    return true;
}
#endif

#if MW_TRAP_OFFSETS
// mw_trap_offset's record: the code from unit L->ncode on came from the
// wasm instruction at byte `offset` of the binary. Out of memory it stops
// recording (rec NULL, nruns 0: no offset found).
static inline void rec_mark(lower_t *L, uint32_t offset) {
    mw_lower_work *w = L->rec;
    unit_pairs_drop(w->runs, &w->nruns, L->ncode);
    if (!unit_pairs_push(L->r.rt, &w->runs, &w->nruns, &w->cap_runs, L->ncode, offset)) {
        w->nruns = 0;
        L->rec = NULL;
    }
}
#endif

#if MW_OP_PROFILE
// The op profile's sites (bench/op_profile.c: which lowering path emitted
// each executed op). The code from unit L->ncode on is site's; a run that
// continues the one before adds nothing. Profile builds only; out of memory
// it stops recording.
static inline void site_mark(lower_t *L, uint32_t site) {
    mw_lower_work *w = L->work;
    unit_pairs_drop(w->sites, &w->nsites, L->ncode);
    if (w->nsites > 0 && w->sites[2 * w->nsites - 1] == site) {
        return;
    }
    (void)unit_pairs_push(L->r.rt, &w->sites, &w->nsites, &w->cap_sites, L->ncode, site);
}

#if MW_FUSED_ARITH
static inline uint32_t site_at(lower_t *L, uint32_t u) {
    mw_lower_work *w = L->work;
    uint32_t i = w->nsites;
    while (i > 0 && w->sites[2 * (i - 1)] > u) {
        i--;
    }
    return i > 0 ? w->sites[2 * i - 1] : 0;
}
#endif

static inline void site_in(lower_t *L, uint32_t line, bool from_local) {
    if (L->site_depth++ == 0) {
        site_mark(L, MW_SITE(L->wop, line, from_local));
    }
}

static inline bool site_out(lower_t *L, bool ok) {
    if (--L->site_depth == 0) {
        site_mark(L, MW_SITE(L->wop, 0, false));
    }
    return ok;
}

// From here on, a call of one of the helpers that copy values into place
// names the line that called it as the site of what it emits (the
// outermost such call: materialize_top's line, not materialize's); an
// emit_copy's site also says whether it copies a local.
// The line is the calling file's, with the file's number (LOWER_FILE,
// bench/op_profile.py LOWER_FILES: lower.c 0, lower_branch.c 1) above bit 16.
#ifndef LOWER_FILE
#define LOWER_FILE 0
#endif
#define SITE_CALL(L, from_local, call) \
    (site_in((L), (uint32_t)LOWER_FILE << 16 | __LINE__, (from_local)), site_out((L), (call)))
// (lower_emit.c, which defines them, takes these back out)
#undef materialize
#undef materialize_top
#undef emit_copy
#undef const_into
#define materialize(L, from) SITE_CALL(L, false, mw_lower_materialize(L, from))
#define materialize_top(L, n) SITE_CALL(L, false, mw_lower_materialize_top(L, n))
#define emit_copy(L, d, a) SITE_CALL(L, (a) < (L)->nlocals, mw_lower_emit_copy(L, d, a))
#define const_into(L, pos, d) SITE_CALL(L, false, mw_lower_const_into(L, pos, d))
#endif

#endif
