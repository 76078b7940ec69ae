// SPDX-License-Identifier: MIT
// mw_int.h: engine-private structures shared by the pipeline stages
// (decode.c -> lower.c -> instance.c -> exec.c, memory.c) and the runtime
// they all stand on (runtime.c). Not for embedders.
#ifndef MW_INT_H
#define MW_INT_H

#include <string.h>
#include "mw.h"
#include "mw_config.h"
#include "mw_wasm.h"

// A macro's value as a string literal (limits named in messages).
#define MW_STR_(x) #x
#define MW_STR(x) MW_STR_(x)

#if defined(__GNUC__)
#define MW_LIKELY(x) __builtin_expect(!!(x), 1)
#define MW_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define MW_NOINLINE __attribute__((noinline))
// The compiler forgets where x's value came from, so it keeps it in a
// register (or its stack slot) instead of recomputing it at each use.
#define MW_KEEP_IN_REG(x) __asm__("" : "+r"(x))
#else
#define MW_LIKELY(x) (x)
#define MW_UNLIKELY(x) (x)
#define MW_NOINLINE
#define MW_KEEP_IN_REG(x) ((void)(x))
#endif

// ---- lowered code ------------------------------------------------------------
// The format's version: a precompiled image records it, and a loader refuses
// code of another version. Bump it whenever the meaning of lowered code
// changes (an op row added, removed or reordered, an immediate's kind or
// width, the unit). 2: the LAZY op; 3: I32_ADD_MUL; 4: 16-bit units;
// 5: BR_ANDNZ, BR_ANDZ; 6: the fused address ops (MW_MEM_X_FUSED); 7: RETURN1,
// BR_TABLE_JMP; 8: BR_ADD_NZ; 9: COPY2; 10: RETURN0; 11: the fused address ops
// _XR, _XM; 12: the shift and rotate _IMM counts taken mod 32 (0 .. 31);
// 13: STORE32_XV; 14: the fused load-and-branch ops (MW_LOAD_BR_FUSED);
// 15: STORE32_K, STORE64_K; 16: I32_RSUB_IMM; 17: MOVE2; 18: memory-0
// offsets in one unit (OFF16; larger ones LOAD32_U_W, STORE32_W or
// MLOAD/MSTORE); 19: CONST16, the shift and rotate _IMM counts in one unit
// (I16); 20: F32_MUL_ADD, F32_MUL_SUB, I32_MUL_ADD, I64_MUL_ADD; 21:
// I32_SHL_SHR_U, I32_SHR_U_AND, I32_MUL_SHR_S; 22: LOAD32_U_PAIR, LOAD32_U_RMW;
// 23: I32_ADD3, I32_XOR3; 24: I32_ADD_IMM2; 25: the memory-0 loads and stores'
// two slots in one unit (SLOT8, SLOT8H); 26: I32_ROTL_XOR; 27: COPY's slots a pair;
// 28: STORE32_XVR; 29: I32_DIV_S_IMM .. I32_REM_U_IMM; 30: I32_SHL_OR; 31: the
// i32 _IMM ops' d a a slot pair (PQU, PQH: with I32_RSUB_IMM, I32_ADD_IMM2 and
// the fused _X, _XV forms); 32: F64_ADD_PROMOTE, F64_MUL_PROMOTE; 33: the
// binary numeric ops' d a a slot pair (PQS: I32_EQ .. F64_COPYSIGN "d a b",
// with the fused _XR, STORE32_XVR, F64_ADD_PROMOTE and F64_MUL_PROMOTE); 34: I64_ADD_IMM ..
// I64_ROTL_IMM (MW_IMM64_OP_LIST); 35: F32_ADD_XV .. F64_SUB_XV (MW_XVF_OP_LIST);
// 36: I64_MUL_ADD2; 37: branch targets one unit, relative to their unit
// (TARGET), JMP_FAR for a function with a branch beyond 32 K units; 38:
// F32_ADD_IMM .. F64_MUL_IMM (MW_FIMM_OP_LIST); 39: F64_MUL_PROMOTE_ADD;
// 40: I32_MIN_S .. I32_MAX_U_IMM (MW_MINMAX_OP_LIST); 41: the i32 _IMM ops
// and the compare-and-branch ops with a constant that fits 16 bits in one
// unit (MW_IMMH_OP_LIST); 42: BR_F32_EQ .. BR_F64_NLE (MW_BRF_OP_LIST);
// 43: CALL_DEF's defidx in one unit (IDX16), CALL_DEF_W beyond 65535;
// 44: I32_ADD_LT_U, I32_XOR_ROTL, I64_XOR_ROTL, I64_ROTL_XOR
// (MW_CARRY_ROT_OP_LIST); 45: LOAD32_U_RMWF, LOAD64_RMWF (MW_RMWF_OP_LIST);
// 46: SELECT_EQ .. SELECT_LT_U_IMM (MW_SELCMP_OP_LIST); 47: F64_ADD_PROMOTE_MUL;
// 48: I32_ADD_ROTL .. I32_ROTL_ADD (MW_ADD_ROT_OP_LIST); 49: LOAD32_U_F32_ADD
// .. LOAD64_F64_MUL (MW_LOADF_FUSED), F32_DEMOTE_XV; 50: COPY_CALL_DEF,
// COPY2_CALL_DEF, CONST16_CALL_DEF (MW_CALL_ARG_OP_LIST); 51:
// LOAD32_U_I32_ADD_IMMH, LOAD32_U_I32_ADD (MW_LOADF32_FUSED); 52:
// LOAD32_U_STORE32, LOAD64_STORE64 (MW_LOADF_FUSED); 53:
// I32_ADD_IMMH_GLOBAL_SET; 54: GLOBAL_GET_ADD_SET; 55: I32_ADD_IMMH_BR_NE ..
// I32_ADD_IMMH_BR_ADD_NZ (MW_ADDBR_FUSED); 56: the rows the small profile
// does not run after its own (MW_OP_LIST_MEM moved after CONST16); 57:
// LOAD8_U_XD .. LOAD8_U_XRD (MW_MEM_XD_FUSED); 58: a fused address op's
// load has offset 0; 59: LOAD32_U_XRD; 60: CALL_INDIRECT_OWN; 61:
// I32_ADD_IMMH_BR_TABLE_JMP (MW_ADDBR_FUSED); 62: an MW_ADDBR_FUSED row's
// branch reads the add's d first (BR_ADD_NZ aside); 63: LOAD16_U_XD,
// LOAD32_U_XMD (MW_MEM_XD_FUSED); 64: CONST16_CONST16; 65: STORE8_K,
// STORE16_K; 66: I32_ADD_I32_ADD_IMMH, STORE8_I32_ADD_IMMH ..
// STORE64_I32_ADD_IMMH (MW_STOREADD_FUSED); 67: I32_ADD_MUL_I32_ADD_IMMH;
// 68: COPY_JMP, CONST16_JMP, CONST16_SELECT; 69: I64_SHL_ADD ..
// I32_SHR_U_XOR (MW_SHIFT_COMB_OP_LIST); 70: I64_LOAD8_U (LOAD8_U and its
// fused rows write an i32's low word alone on 32-bit targets); 71:
// I64_LOAD32_U (LOAD32_U and the rows it fuses into write an i32's or f32's
// low word alone on 32-bit targets); 72: LOAD64_W, STORE64_W; 73:
// I64_LOAD32_U_X .. I64_LOAD32_U_XMD (MW_I64_LOAD32_X_OP_LIST: LOAD32_U's
// fused address rows write an i32's or f32's low word alone), I64_LOAD16_U
// (LOAD16_U and its fused rows the same); 74: LOAD8_S_W .. LOAD32_S_W,
// STORE8_W, STORE16_W (MW_WIDE_OP_LIST); 75: LOAD32_U_COPY ..
// LOAD32_U_I32_ADD_MUL (MW_LOADI_FUSED), I32_ADD_I32_ADD, COPY2_COPY_CALL_DEF,
// COPY_LOAD32_U, STORE32_LOAD32_U (MW_SEQ_OP_LIST); 76: LOAD32_U_XD_F32_MUL_ADD,
// LOAD8_U_X_I32_SHL_IMM, I32_ADD_I32_ADD_IMM, I32_ADD_I32_SUB_IMM
// (MW_LOOP_SEQ_OP_LIST); 77: I32_ADD_IMM2 always followed by its I32_ADD_IMM,
// BR_ADD_NZ a loop's alone (it polls whenever it jumps); 78: a function's
// span of locals to zero a multiple of MW_ZERO_STEP slots (mw_funcdef
// zero_lo, zero_hi); 79: that span may end past the frame's top by up to
// MW_ZERO_SPARE slots (max_slots no longer grown to hold it); 80: the branch
// twins (MW_BR_TWIN_ROWS: a 64-bit host's own ops, past MW_OP_COUNT).
#define MW_CODE_FORMAT_VERSION 80

// A function body is lowered once, at load, to an array of 16-bit units: an
// internal opcode (one unit) followed by its decoded immediates. The code is
// register based: every operand is a slot index relative to the frame pointer
// (locals first, then one slot per operand-stack position, all known at
// validation time), so there is no run-time stack pointer and
// local.get/local.set mostly disappear. Branch targets are unit indexes into
// the same array. The code holds no addresses, so it is the same bytes on
// every build of one target (word size aside, the unit and the byte order
// decide) and can execute in place from flash.
typedef uint16_t mw_code_unit;

// Immediate kinds and their widths in units. A frame slot (so a frame has at
// most MW_MAX_FRAME_SLOTS slots) and a count of slots take one unit; 32-bit
// constants, offsets and indexes, and branch targets two; 64-bit constants
// four. A wide immediate is its units, low half first (mw_code_u32/u64),
// read as halfwords, never through a word pointer: code is only 2-byte
// aligned, and Cortex-M0 (any unaligned word) and LDRD/LDM (everywhere) fault
// on unaligned addresses. GCC merges the halves into one load where the core
// allows it (x86-64, Cortex-M3 and up: one LDR), and on Cortex-M0 makes two
// LDRH (memcpy would be a library call there).
// OFF16: the offset of a memory-0 load or store (LOAD8_S .. STORE64, the
// fused load-and-branch ops, STORE32_K/STORE64_K) in one unit; 99.9% of the
// bench programs' offsets fit (docs/benchmarks-history.md, "RAM (session 6)").
// Lowering gives an access with a larger offset to LOAD32_U_W / STORE32_W
// (the two that lz4 and xz run hot with offsets into static tables past 64
// KiB), the other widths' wide rows (LOAD64_W .., MW_WIDE_OP_LIST) or else
// MLOAD/MSTORE (memory 0 named, its 32-bit offset).
#define MW_KINDS(X) \
    X(NONE, 0, "no immediate (pads a layout)") \
    X(SLOT, 1, "a frame slot index") \
    X(COUNT, 1, "a number of slots") \
    X(U32, 2, "a 32-bit constant, memory offset or count") \
    X(OFF16, 1, "a memory-0 load or store offset, 0 .. MW_MAX_OFF16") \
    X(I16, 1, "a 32-bit constant that fits 16 bits signed, sign-extended") \
    X(IDX, 2, "an index: function, type, table, memory, global, segment, op") \
    X(IDX16, 1, "an index 0 .. 65535 in one unit (CALL_DEF's defidx; CALL_DEF_W beyond)") \
    X(TARGET, 1, "a branch target: its distance in units from this unit, signed (JMP_FAR beyond 32 K)") \
    X(I64, 4, "a 64-bit constant") \
    X(SLOT8, 1, "a frame slot 0 .. 255 in the unit's low byte (its high byte: the SLOT8H after it)") \
    X(SLOT8H, 0, "a frame slot 0 .. 255 in the high byte of the SLOT8's unit before it")

// SLOT8 + SLOT8H: two frame slots in one unit (format 23), where both are at
// most MW_MAX_SLOT8: the memory-0 loads and stores (LOAD8_S .. STORE64, the
// fused loads LOAD32_U_PAIR, LOAD32_U_RMW, the load-and-branch ops), 28% of
// the slot units of the bench programs; and COPY (layout PQ), 7%. exec.c reads each half with one byte
// load (SP(i), SQ(i)), the cost of the unit's LDRH. A frame of more slots
// makes lowering give an access whose slots do not both fit to the ops that
// name memory 0 with unit slots: LOAD32_U_W / STORE32_W and the other wide
// rows, else MLOAD/MSTORE
// (as for an offset over MW_MAX_OFF16); a COPY to MOVE2 d a d a (the move twice). The unit's value is lo | hi << 8 on
// every target (so the byte that holds lo follows the target's byte order).
// The i32 _IMM ops' d a (PQU, PQH, format 31), the binary numeric ops'
// (PQS "d a b", b a whole unit; with the fused _XR, STORE32_XVR and the
// promote fusions, format 33) and the i64 _IMM ops' (PQU, PQH, PQUU, format
// 34) are a pair too, without a twin with unit slots: lowering runs one whose
// d or a is over 255 on a low slot saved around it (lower_emit.c emit_wide). A new
// op may take the pair only where lowering has such a fallback
// (docs/engine.md, "Slot pairs").
#define MW_MAX_SLOT8 0xffu
#define MW_FITS_SLOT8(a, b) (((a) | (b)) <= MW_MAX_SLOT8)
static inline uint32_t mw_code_slot8(const mw_code_unit *p) {
    return *p & 0xffu;
}
static inline uint32_t mw_code_slot8h(const mw_code_unit *p) {
    return (uint32_t)*p >> 8;
}

#define MW_MAX_OFF16 0xffffu
// I16: a 32-bit constant in one unit, -32768 .. 32767 sign-extended (exec.c
// IMM16(i)), where every value fits (a shift or rotate count, 0 .. 31) or
// where the op has a wide twin that costs nothing to choose: CONST16 beside
// CONST32 (63% of constants put in a slot fit), and the i32 _IMM and
// compare-and-branch ops' 16-bit twins beside their U32 rows (format 41,
// MW_IMMH_OP_LIST). (A constant that does not fit left in a slot instead,
// CONST32 and the plain op, one dispatch more where it runs, raised callgrind
// Ir 1.7-5.4% on seven of the programs: docs/benchmarks-history.md, "RAM
// (session 6)"; hence the twins.) A new op with a constant that may not fit
// keeps U32.
#define MW_FITS_I16(v) ((uint32_t)(v) + 0x8000u <= 0xffffu)

typedef enum mw_imm_kind {
    #define MW_X_KIND(k, w, what) MW_K_##k,
    MW_KINDS(MW_X_KIND)
    #undef MW_X_KIND
    MW_K_COUNT_
} mw_imm_kind;
enum {
    #define MW_X_KW(k, w, what) MW_W_##k = w,
    MW_KINDS(MW_X_KW)
    #undef MW_X_KW
};

static inline uint32_t mw_code_u32(const mw_code_unit *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 16;
}
static inline uint64_t mw_code_u64(const mw_code_unit *p) {
    return (uint64_t)mw_code_u32(p) | (uint64_t)mw_code_u32(p + 2) << 32;
}
static inline void mw_code_put_u32(mw_code_unit *p, uint32_t v) {
    p[0] = (mw_code_unit)v;
    p[1] = (mw_code_unit)(v >> 16);
}
static inline void mw_code_put_u64(mw_code_unit *p, uint64_t v) {
    mw_code_put_u32(p, (uint32_t)v);
    mw_code_put_u32(p + 2, (uint32_t)(v >> 32));
}

// Layouts: X(name, kinds...), the kinds of an op's immediates in order (one
// to MW_MAX_IMMS of MW_KINDS). A layout's name spells its kinds, one letter
// each: S slot, N count, U u32, O off16, H i16, I index, J index in one unit
// (IDX16), T target, W i64,
// P and Q the two halves of a slot pair (SLOT8 and SLOT8H, always together).
// Two parts: MW_LAYOUTS_FULL's only rows outside MW_OP_LIST_BASE use.
#define MW_LAYOUTS(X) MW_LAYOUTS_BASE(X) MW_LAYOUTS_FULL(X)
#define MW_LAYOUTS_BASE(X) \
    X(NONE, NONE) \
    X(S, SLOT) \
    X(T, TARGET) \
    X(TSNS, TARGET, SLOT, COUNT, SLOT) \
    X(STSNS, SLOT, TARGET, SLOT, COUNT, SLOT) \
    X(ST, SLOT, TARGET) \
    X(SU, SLOT, U32) \
    X(NS, COUNT, SLOT) \
    X(IS, IDX, SLOT) \
    X(JS, IDX16, SLOT) \
    X(IISS, IDX, IDX, SLOT, SLOT) \
    X(SS, SLOT, SLOT) \
    X(SSSS, SLOT, SLOT, SLOT, SLOT) \
    X(SI, SLOT, IDX) \
    X(SIS, SLOT, IDX, SLOT) \
    X(ISS, IDX, SLOT, SLOT) \
    X(SISS, SLOT, IDX, SLOT, SLOT) \
    X(ISSS, IDX, SLOT, SLOT, SLOT) \
    X(IISSS, IDX, IDX, SLOT, SLOT, SLOT) \
    X(I, IDX) \
    X(SSU, SLOT, SLOT, U32) \
    X(SSUII, SLOT, SLOT, U32, IDX, IDX) \
    X(SW, SLOT, I64) \
    X(SST, SLOT, SLOT, TARGET) \
    X(SUT, SLOT, U32, TARGET) \
    X(SSS, SLOT, SLOT, SLOT) \
    X(SSSU, SLOT, SLOT, SLOT, U32) \
    X(SSUT, SLOT, SLOT, U32, TARGET) \
    X(PQO, SLOT8, SLOT8H, OFF16) \
    X(PQ, SLOT8, SLOT8H) \
    X(PQU, SLOT8, SLOT8H, U32) \
    X(PQH, SLOT8, SLOT8H, I16) \
    X(PQS, SLOT8, SLOT8H, SLOT) \
    X(SH, SLOT, I16) \
    X(SUO, SLOT, U32, OFF16)
#define MW_LAYOUTS_FULL(X) \
    X(PQUU, SLOT8, SLOT8H, U32, U32) \
    X(SSHH, SLOT, SLOT, I16, I16) \
    X(SSHU, SLOT, SLOT, I16, U32) \
    X(SSSH, SLOT, SLOT, SLOT, I16) \
    X(SSSSS, SLOT, SLOT, SLOT, SLOT, SLOT) \
    X(SSSSU, SLOT, SLOT, SLOT, SLOT, U32) \
    X(SHT, SLOT, I16, TARGET)

// Rows: X(name, layout, doc): the layout (MW_LAYOUTS) says how the
// immediates are stored, the doc names them in order ("d" destination slot,
// "a b c" source slots, "n" a count). Everything about an op's width is
// generated from its layout: MW_N(name) (the interpreter steps with it),
// mw_op_kinds / mw_op_units (code.c's op rows: lowering emits with them;
// mw_code_check and an image verifier walk code with them). BR_TABLE is followed by
// count+1 entries of MW_BR_ENTRY units: target d n a (MW_BR_ENTRY_KINDS);
// BR_TABLE_JMP by count+1 targets alone.
// The doc strings are in the firmware (the checker reads them), so they hold
// only the operand words; what the ops do:
// - A branch target's doc word says whether the op polls there (fuel, the
//   embedder's poll hook: Ctrl-C), which keeps every loop interruptible:
//   "loop" a target that may lie at or before the op (a loop's back-edge),
//   where the handler polls when it jumps back (BR, BR_IF, BR_TABLE's
//   entries, JMP_LOOP, BR_IF_LOOP and BR_ADD_NZ always; JMP_FAR and the
//   compare-and-branch ops when the target is at or before the op); "target" a
//   forward target, where the handler does not poll (JMP, BR_IF_JMP,
//   BR_UNLESS, BR_TABLE_JMP's entries, BR_F32_EQ ..): mw_code_check refuses
//   one at or before the op, so a crafted image cannot loop past the poll.
//   A new branch row that does not poll says "target".
// - BR copies n slots a.. to d.., then jumps; BR_IF does so if c is non-zero.
//   BR_TABLE_JMP: a br_table whose every target is forward and moves no
//   values (most): it only jumps.
// - RETURN1 returns one result from a, RETURN0 none (RETURN: n of them, from a..).
// - COPY2 d a b: d = a and d+1 = b (values moved into place: a call's
//   arguments, mostly).
// - CALL calls an import (funcidx), CALL_DEF a function of this module
//   (defidx, one unit: 1-2.4% of the bench programs' code units were its
//   second index unit), CALL_DEF_W one of a module with more than 65,536
//   defined functions (defidx over 65535); the arguments are at slot base,
//   the results come back there.
// - LOAD*/STORE* access memory 0; MLOAD/MSTORE any other memory, `op` the
//   LOAD8_S.. / STORE8.. op to do there.
// - I32_ADD_MUL: d = a + b * imm (an i32.shl or i32.mul by a constant, then
//   i32.add).
// - LOAD8_U_X ..: an address computed just before a load or store
//   (MW_MEM_X_FUSED, below).
// - BR_ADD_NZ: a loop counter, d = a + imm (an i32.add/sub of a constant,
//   kept in d: local.tee), then jump if d is non-zero; made for a loop's
//   br_if alone, its handler polls whenever it jumps (format 77; the small
//   profile's shared br_taken still tests the direction).
// - LAZY: the stub of a function not lowered yet (lazy.c): lowers it, runs it.
// - I32_RSUB_IMM: d = imm - a (an i32.sub of a constant left operand).
// - MOVE2: two moves in order, d = a then x = b (two COPYs in a row).
// - CONST16: CONST32 of a value that fits I16 (one unit).
// - I64_LOAD8_U: i64.load8_u of memory 0, the whole slot written, never
//   fused. LOAD8_U and its fused rows (LOAD8_U_X .. LOAD8_U_XRD, the
//   load-and-branch rows) then load an i32, whose slot's high half nothing
//   reads: a 32-bit target writes the low word alone (exec.c SET_I32: three
//   Thumb-2 instructions fewer a byte load). A 64-bit host runs I64_LOAD8_U
//   at LOAD8_U's handler. I64_LOAD16_U the same for i64.load16_u and
//   LOAD16_U's rows (LOAD16_U_X .. LOAD16_U_XD), in the full profile
//   (MW_FUSED_ARITH: the small profile's LOAD16_U writes the whole slot).
// - I64_LOAD32_U: i64.load32_u of memory 0, the whole slot written. It
//   takes a fused address op before it as LOAD32_U does (rows of its own
//   since format 73, MW_I64_LOAD32_X_OP_LIST, whose handlers write the
//   whole slot: tommath runs 11% of its ops as an i64.load32_u at a
//   computed address), but fuses with nothing after
//   it (no load-and-branch, LOADF, pair or read-modify-write row: an
//   i64.load32_u that i32.wrap_i64, which emits nothing, hands to an i32 op
//   would fuse there and its slot is read as an i64 later). LOAD32_U and the
//   rows it becomes after (LOAD32_U_PAIR, LOAD32_U_RMW, LOAD32_U_RMWF, the
//   load-and-branch rows, MW_LOADF32_FUSED) and its fused address rows
//   then load an i32 or f32 only: a 32-bit target writes the low word alone. A 64-bit host, and an engine
//   without the fused address ops, runs I64_LOAD32_U at LOAD32_U's handler.
// - LOAD32_U_W, STORE32_W: LOAD32_U and STORE32 with an offset over
//   MW_MAX_OFF16 (32 bits; the other widths: the rows below, else
//   MLOAD/MSTORE).
// - LOAD64_W, STORE64_W: the same for LOAD64 and STORE64 (i64 and f64):
//   a function of over 256 slots (FFTW's codelets keep hundreds of f64
//   temporaries) gives every access to them; through MLOAD/MSTORE they cost
//   a cold dispatch and mem_access's byte loop (6.1% of FFTW's Ir).
// - LOAD8_S_W .. LOAD32_S_W, STORE8_W, STORE16_W (MW_WIDE_OP_LIST): the
//   same for the other widths, full profile only (MW_FUSED_ARITH; the small
//   profile leaves them to MLOAD/MSTORE): lzlib and LAME load bytes of
//   static tables past 64 KiB (docs/benchmarks-history.md "Memory paths (session
//   39)").
// - F32_MUL_ADD, F32_MUL_SUB, I32_MUL_ADD, I64_MUL_ADD: d = a * b + c (or
//   a * b - c): a multiply whose result only an add (either operand) or a
//   subtract (its left one) reads, right after it (lower.c mul_fused). The
//   product is rounded before the add, as two wasm instructions do: never
//   contracted to a fused multiply-add (exec.c). The i32 and i64 rows last
//   (exec.c's small-profile handler).
// - I32_SHL_SHR_U d a k1 k2: d = (a << k1) >> k2 (a bit field of a, or a
//   byte's bits); I32_SHR_U_AND d a k m: d = (a >> k) & m; I32_MUL_SHR_S d a
//   b k: d = (a * b) >> k, signed (fixed-point Q arithmetic): a shift or a
//   multiply whose result only the shift or i32.and of a constant right
//   after it reads (lower.c imm_fused); counts 0 .. 31 (taken mod 32 at
//   lowering, as the _IMM ops').
// - LOAD32_U_PAIR: a LOAD32_U of memory 0 right before another (no label
//   between): it loads into d, then does the in-bounds case of the LOAD32_U
//   after it, which stays in the code as it was and runs by itself for any
//   other address; so the pair is also correct one op at a time, which is
//   what the small profile does (MW_FUSED_MEM=0). mw_code_check refuses one
//   not followed by a plain LOAD32_U.
// - LOAD32_U_RMW: a read-modify-write of memory 0 (`p->n += k`), the
//   LOAD32_U d a offset, then STORE32_XV x d imm and STORE32 a x offset
//   (the same address and offset) right after it: it loads, adds, writes d
//   and x and stores, the two ops after it left as they were (any other
//   address: the load alone, then they run by themselves; the small profile
//   runs it as the plain load). mw_code_check refuses one not followed by
//   that pair on the same a, d and offset.
// - I32_ADD3, I32_XOR3 d a b c: d = a + b + c, d = a ^ b ^ c: an i32.add
//   (i32.xor) whose result only the i32.add (i32.xor) right after it reads,
//   on either side (lower.c mul_fused; hash and cipher rounds). The small
//   profile runs them (cold) but does not make them.
// - I32_ADD_IMM2 d a imm: an I32_ADD_IMM (pointer and counter steps) that
//   also runs the I32_ADD_IMM right after it in the same dispatch, which
//   stays in the code as it was (lower.c pair_add_imm pairs them as the
//   second is emitted; a later fusion that turns the second into another op
//   makes the first a plain I32_ADD_IMM again, unpair_add_imm). mw_code_check
//   refuses one not followed by an I32_ADD_IMM, so the handler runs it with
//   no test (format 77). Also correct as a plain I32_ADD_IMM, which is what
//   the small profile runs.
// - I32_ROTL_XOR d a b k: d = rotl(a, k) ^ b: a rotation by a constant (a
//   rotr by k is a rotl by 32 - k) whose result only the i32.xor right after
//   it reads, either side (lower.c mul_fused; hash rounds); k 0 .. 31. The
//   small profile runs it (cold) but does not make it.
// - STORE32_XVR x a b: x = a + b (an i32.add) whose result only the STORE32
//   right after it reads, as its value ("p x offset"): it adds, writes x and
//   does the store's in-bounds case, the store left in the code as it was
//   (any other address: it runs by itself, its slow path or the trap); as
//   STORE32_XV, with two slots. mw_code_check refuses one not followed by
//   its STORE32; the small profile runs it as the plain I32_ADD.
// - I32_SHL_OR d a b k: d = (a << k) | b: a shift left by a constant whose
//   result only the i32.or right after it reads, either side (lower.c
//   mul_fused; bytes assembled into a word); k 0 .. 31. The small profile
//   runs it (cold) but does not make it.
// - F64_ADD_PROMOTE, F64_MUL_PROMOTE d a b: d = a + promote(b), a *
//   promote(b) (b an f32): an f64.promote_f32 whose result only the f64.add
//   (f64.mul) right after it reads, as its right operand (lower.c
//   mul_fused; double sums and products of float data). The same bits as the two ops (the
//   promote's NaN quieted as mw_promote does), but with two NaN operands
//   either may come out, as the spec allows (4.3.3) and as the compiler's
//   operand order already decides for the plain ops. The small profile runs
//   them (in the plain ops' handlers) but does not make them.
// - F64_ADD_PROMOTE_MUL d a b c: d = a + promote(b * c), b * c an f32
//   product (rounded to f32) whose result only the f64.promote_f32 right
//   after it reads, whose result only the f64.add right after that reads as
//   its right operand (a float product summed in a double: speexdsp's
//   filters; lower.c mul_fused, from F32_MUL and F64_ADD_PROMOTE). The
//   same bits as the three ops (the promote's NaN quieted as mw_promote
//   does). The small profile (MW_ALL_OPS=0) neither makes nor runs it.
// - I64_MUL_ADD2 d a b x y: d = d + a * b, then d = d + x * y (each product
//   wrapped, as the two ops): two I64_MUL_ADD in a row that both add into
//   one slot d (a sum of products, as field and bignum multiplication have
//   it: fe25519_mul, poly1305). x or y
//   may be d: the second reads it after the first wrote it. lower.c
//   mul_fused pairs a link with the one before it (a chain of n links runs
//   as n / 2 ops); a local.set of the pair's result splits it back into the
//   two (set_dst_at: d is also what the pair adds to). The small profile
//   runs it (cold) but does not make it.
#define MW_OP_LIST(X) MW_OP_LIST_BASE(X) MW_OP_LIST_MEM(X) MW_OP_LIST_FUSED(X) MW_OP_LIST_FULL(X)
// (four parts. MW_OP_LIST_BASE holds every op the small profile runs
// (mw_op_in_set: all of them but the four divisions by a constant, which keep
// their place in MW_IMM_OP_LIST), so its op tables (mw_op_row and its rows,
// exec.c's handler table) stop at MW_OP_COUNT_SMALL; a new row the
// small profile does not run goes after it. The rest only an engine with
// MW_ALL_OPS runs: MW_OP_LIST_MEM, the fused address, value and
// load-and-branch ops (MW_FUSED_MEM); MW_OP_LIST_FUSED, the fused ops from
// F32_MUL_ADD on (cold handlers without MW_FUSED_ARITH); MW_OP_LIST_FULL,
// from I32_ADD_ROTL on, the ones with handlers only with MW_FUSED_ARITH
// (mw_code_check refuses them without).)
#define MW_OP_LIST_BASE(X) \
    X(UNREACHABLE, NONE, "") \
    X(JMP, T, "target") \
    X(JMP_LOOP, T, "loop") \
    X(JMP_FAR, I, "loop: a unit index, absolute (a far function's islands, lower.c)") \
    X(BR, TSNS, "loop d n a") \
    X(BR_IF, STSNS, "c loop d n a") \
    X(BR_IF_JMP, ST, "c target") \
    X(BR_IF_LOOP, ST, "c loop") \
    X(BR_UNLESS, ST, "c target") \
    X(BR_TABLE, SU, "c count") \
    X(BR_TABLE_JMP, SU, "c count") \
    X(RETURN, NS, "n a") \
    X(RETURN1, S, "a") \
    X(RETURN0, NONE, "") \
    X(CALL, IS, "funcidx base") \
    X(CALL_DEF, JS, "defidx base") \
    X(CALL_DEF_W, IS, "defidx base") \
    X(CALL_INDIRECT, IISS, "typeidx tableidx c base") \
    X(COPY, PQ, "d a") \
    X(COPY2, SSS, "d a b") \
    X(SELECT, SSSS, "d a b c") \
    X(GLOBAL_GET, SI, "d idx") \
    X(GLOBAL_SET, IS, "idx a") \
    X(TABLE_GET, SIS, "d table a") \
    X(TABLE_SET, ISS, "table a b") \
    X(TABLE_SIZE, SI, "d table") \
    X(TABLE_GROW, SISS, "d table a b") \
    X(TABLE_FILL, ISSS, "table a b c") \
    X(TABLE_COPY, IISSS, "dst src a b c") \
    X(TABLE_INIT, IISSS, "elem table a b c") \
    X(ELEM_DROP, I, "elem") \
    X(LOAD8_S, PQO, "d a offset") \
    X(LOAD8_U, PQO, "d a offset") \
    X(LOAD16_S, PQO, "d a offset") \
    X(LOAD16_U, PQO, "d a offset") \
    X(LOAD32_S, PQO, "d a offset") \
    X(LOAD32_U, PQO, "d a offset") \
    X(LOAD64, PQO, "d a offset") \
    X(STORE8, PQO, "a b offset") \
    X(STORE16, PQO, "a b offset") \
    X(STORE32, PQO, "a b offset") \
    X(STORE64, PQO, "a b offset") \
    X(MLOAD, SSUII, "d a offset mem op") \
    X(MSTORE, SSUII, "a b offset mem op") \
    X(MEMORY_SIZE, SI, "d mem") \
    X(MEMORY_GROW, SIS, "d mem a") \
    X(MEMORY_FILL, ISSS, "mem a b c") \
    X(MEMORY_COPY, IISSS, "dst src a b c") \
    X(MEMORY_INIT, IISSS, "data mem a b c") \
    X(DATA_DROP, I, "data") \
    X(CONST32, SU, "d value") \
    X(CONST64, SW, "d value") \
    X(REF_IS_NULL, SS, "d a") \
    X(REF_FUNC, SI, "d funcidx") \
    X(I32_TRUNC_SAT_F32_S, SS, "d a") \
    X(I32_TRUNC_SAT_F32_U, SS, "d a") \
    X(I32_TRUNC_SAT_F64_S, SS, "d a") \
    X(I32_TRUNC_SAT_F64_U, SS, "d a") \
    X(I64_TRUNC_SAT_F32_S, SS, "d a") \
    X(I64_TRUNC_SAT_F32_U, SS, "d a") \
    X(I64_TRUNC_SAT_F64_S, SS, "d a") \
    X(I64_TRUNC_SAT_F64_U, SS, "d a") \
    MW_BR_CMP_OP_LIST(X) \
    MW_IMM_OP_LIST(X) \
    MW_NUMERIC_OP_LIST(X) \
    X(I32_ADD_MUL, SSSU, "d a b imm") \
    X(LAZY, I, "defidx") \
    X(BR_ADD_NZ, SSUT, "d a imm loop") \
    X(STORE32_K, SUO, "a value offset") \
    X(STORE64_K, SUO, "a value offset") \
    X(I32_RSUB_IMM, PQU, "d a imm") \
    X(MOVE2, SSSS, "d a x b") \
    X(LOAD32_U_W, SSU, "d a offset") \
    X(STORE32_W, SSU, "a b offset") \
    X(CONST16, SH, "d value") \
    X(I64_LOAD8_U, PQO, "d a offset") \
    X(I64_LOAD32_U, PQO, "d a offset") \
    X(LOAD64_W, SSU, "d a offset") \
    X(STORE64_W, SSU, "a b offset")
#define MW_OP_LIST_MEM(X) \
    MW_MEM_X_FUSED(MW_MEM_X_ROW, X) \
    MW_MEM_XR_FUSED(MW_MEM_XR_ROW, X) \
    MW_MEM_XM_FUSED(MW_MEM_XM_ROW, X) \
    MW_MEM_XV_FUSED(MW_MEM_XV_ROW, X) \
    MW_LOAD_BR_FUSED(MW_LOAD_BR_ROW, LOAD8_U, X) \
    MW_LOAD_BR_FUSED(MW_LOAD_BR_ROW, LOAD32_U, X)
#define MW_OP_LIST_FUSED(X) \
    X(F32_MUL_ADD, SSSS, "d a b c") \
    X(F32_MUL_SUB, SSSS, "d a b c") \
    X(I32_MUL_ADD, SSSS, "d a b c") \
    X(I64_MUL_ADD, SSSS, "d a b c") \
    X(I32_SHL_SHR_U, SSHH, "d a k32 k32") \
    X(I32_SHR_U_AND, SSHU, "d a k32 imm") \
    X(I32_MUL_SHR_S, SSSH, "d a b k32") \
    X(LOAD32_U_PAIR, PQO, "d a offset") \
    X(LOAD32_U_RMW, PQO, "d a offset") \
    X(I32_ADD3, SSSS, "d a b c") \
    X(I32_XOR3, SSSS, "d a b c") \
    X(I32_ADD_IMM2, PQU, "d a imm") \
    X(I32_ROTL_XOR, SSSH, "d a b k32") \
    X(STORE32_XVR, PQS, "x a b") \
    X(I32_SHL_OR, SSSH, "d a b k32") \
    X(F64_ADD_PROMOTE, PQS, "d a b") \
    X(F64_MUL_PROMOTE, PQS, "d a b") \
    MW_IMM64_OP_LIST(X) \
    MW_XVF_OP_LIST(X) \
    X(I64_MUL_ADD2, SSSSS, "d a b x y") \
    MW_FIMM_OP_LIST(X) \
    X(F64_MUL_PROMOTE_ADD, SSSS, "d a b c") \
    MW_MINMAX_OP_LIST(X) \
    MW_IMMH_OP_LIST(X) \
    MW_BRF_OP_LIST(X) \
    MW_CARRY_ROT_OP_LIST(X) \
    MW_RMWF_OP_LIST(X) \
    MW_SELCMP_OP_LIST(X) \
    X(F64_ADD_PROMOTE_MUL, SSSS, "d a b c")
#define MW_OP_LIST_FULL(X) \
    MW_ADD_ROT_OP_LIST(X) \
    MW_LOADF_FUSED(MW_LOADF_ROW, X) \
    X(F32_DEMOTE_XV, SS, "x a") \
    MW_CALL_ARG_OP_LIST(X) \
    X(I32_ADD_IMMH_GLOBAL_SET, PQH, "d a imm") \
    X(GLOBAL_GET_ADD_SET, SI, "d idx") \
    MW_ADDBR_FUSED(MW_ADDBR_ROW, X) \
    MW_MEM_XD_FUSED(MW_MEM_XD_ROW, X) \
    X(CALL_INDIRECT_OWN, IISS, "typeidx owntable c base") \
    X(CONST16_CONST16, SH, "d value") \
    X(STORE8_K, SUO, "a value offset") \
    X(STORE16_K, SUO, "a value offset") \
    MW_WIDE_OP_LIST(X) \
    X(I32_ADD_I32_ADD_IMMH, PQS, "d a b") \
    MW_STOREADD_FUSED(MW_STOREADD_ROW, X) \
    X(I32_ADD_MUL_I32_ADD_IMMH, SSSU, "d a b imm") \
    X(COPY_JMP, PQ, "d a") \
    X(CONST16_JMP, SH, "d value") \
    X(CONST16_SELECT, SH, "d value") \
    MW_SHIFT_COMB_OP_LIST(X) \
    MW_I64_LOAD32_X_OP_LIST(X) \
    X(I64_LOAD16_U, PQO, "d a offset") \
    MW_LOADI_FUSED(MW_LOADF_ROW, X) \
    MW_SEQ_OP_LIST(X) \
    MW_LOOP_SEQ_OP_LIST(X)

// The i32 _IMM ops I32_ADD_IMM, I32_MUL_IMM, I32_AND_IMM .. I32_XOR_IMM and
// the compare-and-branch ops BR_EQ_IMM .. BR_ANDZ with a constant that fits 16
// bits signed (MW_FITS_I16: 73-80% of theirs in cjson, tommath, mbedtls): the
// same op with the constant in one unit (I16, sign-extended), a unit less
// (format 41); I32_SUB_IMM becomes I32_ADD_IMMH of the negated constant (a
// subtract of a sign-extended halfword is one x86-64 instruction more: lua
// +0.5% Ir). (The compares into a slot and the divisions keep theirs:
// 0.1-0.2% of the units.) Rows in the order of their wide twins. Lowering makes them last, once the function's code is done
// (lower_narrow.c narrow_imm: every fusion has seen the wide op), and leaves wide
// the ones a fused op before reads as its partner at fixed units
// (I32_ADD_IMM2's I32_ADD_IMM, a load-and-branch op's branch). The small
// profile makes none and runs them in one cold handler (exec.c immh_op).
#define MW_IMMH_OP_LIST(X) \
    X(I32_ADD_IMMH, PQH, "d a imm") \
    X(I32_MUL_IMMH, PQH, "d a imm") \
    X(I32_AND_IMMH, PQH, "d a imm") \
    X(I32_OR_IMMH, PQH, "d a imm") \
    X(I32_XOR_IMMH, PQH, "d a imm") \
    X(BR_EQ_IMMH, SHT, "a imm loop") X(BR_NE_IMMH, SHT, "a imm loop") \
    X(BR_LT_S_IMMH, SHT, "a imm loop") X(BR_LT_U_IMMH, SHT, "a imm loop") \
    X(BR_GT_S_IMMH, SHT, "a imm loop") X(BR_GT_U_IMMH, SHT, "a imm loop") \
    X(BR_LE_S_IMMH, SHT, "a imm loop") X(BR_LE_U_IMMH, SHT, "a imm loop") \
    X(BR_GE_S_IMMH, SHT, "a imm loop") X(BR_GE_U_IMMH, SHT, "a imm loop") \
    X(BR_ANDNZH, SHT, "a imm loop") X(BR_ANDZH, SHT, "a imm loop")
// the wide rows that have a twin: I32_ADD_IMM (and I32_SUB_IMM), I32_MUL_IMM,
// I32_AND_IMM .. I32_XOR_IMM, then BR_EQ_IMM .. BR_ANDZ
#define MW_IMMH_N_ARITH 5
#define MW_IMMH_N_BR 12

// Fused address ops: `NAME_X x a imm` is an i32.add of a constant (i32.sub:
// its negation) x = a + imm whose result is the address of the load or store
// NAME right after it ("d x offset" / "x b offset"), which stays in the code
// as it was. The handler writes x (it may be a local: local.tee) and does
// NAME's in-bounds case itself; anything else it leaves to NAME, which runs
// next as usual. So NAME_X never comes without its NAME (mw_code_check
// refuses it), and running it as a plain I32_ADD_IMM is also correct: that
// is what the small profile does (MW_FUSED_MEM=0, mw_config.h). A load NAME
// has offset 0 (clang puts the whole displacement in the add: 99-100% of
// the fused loads the bench programs run), so the handler tests and loads
// x itself; mw_code_check refuses a fused load whose load has another
// (format 58). One row per access that pays (docs/benchmarks-history.md,
// "Speed (session 4)"): F(X, NAME).
#define MW_MEM_X_FUSED(F, X) \
    F(X, LOAD8_U) F(X, LOAD16_U) F(X, LOAD32_U) F(X, LOAD64) F(X, STORE32) F(X, STORE64)
#define MW_MEM_X_ROW(X, name) X(name##_X, PQU, "x a imm")
// The same for an address computed by i32.add of two values, `NAME_XR x a b`
// (x = a + b), and by I32_ADD_MUL, `NAME_XM x a b imm` (x = a + b * imm: an
// array element); without their handlers they run as I32_ADD / I32_ADD_MUL.
#define MW_MEM_XR_FUSED(F, X) F(X, LOAD8_U) F(X, LOAD16_U) F(X, LOAD32_U)
#define MW_MEM_XR_ROW(X, name) X(name##_XR, PQS, "x a b")
#define MW_MEM_XM_FUSED(F, X) F(X, LOAD16_U) F(X, LOAD32_U)
#define MW_MEM_XM_ROW(X, name) X(name##_XM, SSSU, "x a b imm")
// And a store of a value just computed by an i32.add/sub of a constant
// (`p->n += k`): `NAME_XV x a imm`, x = a + imm, is the value the store NAME
// after it writes ("p x offset"); without its handler it runs as I32_ADD_IMM.
#define MW_MEM_XV_FUSED(F, X) F(X, STORE32)
#define MW_MEM_XV_ROW(X, name) X(name##_XV, PQU, "x a imm")
// Fused load-and-branch ops: `LOAD_BR d a offset` is a load of memory 0
// (LOAD8_U or LOAD32_U) whose result d is the operand a of the branch BR
// right after it (BR_EQ_IMM ..: "d imm loop", "d b loop", "d target"),
// which stays in the code as it was. The handler does the load (writing d: it
// may be a local, local.tee) and then the branch itself, with BR's
// immediates; mw_code_check refuses one not followed by its BR reading d.
// Running it as the plain load, then BR, is also correct: what the small
// profile does (MW_FUSED_MEM=0). One row per branch that pays
// (docs/benchmarks-history.md, "Speed (session 5)"): F(L, BR, X) for load L.
#define MW_LOAD_BR_FUSED(F, L, X) \
    F(L, BR_EQ_IMM, X) F(L, BR_NE_IMM, X) F(L, BR_ANDNZ, X) F(L, BR_ANDZ, X) \
    F(L, BR_EQ, X) F(L, BR_NE, X) F(L, BR_IF_JMP, X) F(L, BR_UNLESS, X)
#define MW_LOAD_BR_ROW(L, br, X) X(L##_##br, PQO, "d a offset")
// Their rows: the LOAD8_U ones, then the LOAD32_U ones, each in the order of
// mw_load_br_branch (code.c), the branch op of each.
#define MW_LOAD_BR_N 8
#define MW_LOAD_BR_FIRST MW_OP_LOAD8_U_BR_EQ_IMM
extern const uint8_t mw_load_br_branch[MW_LOAD_BR_N];
// A store of a constant to memory 0 (lower.c lower_memarg): `STORE32_K a
// value offset` is i32.store of an i32.const, STORE64_K i64.store of an
// i64.const that fits 32 bits (value sign-extended): one op instead of the
// CONST32/CONST64 into a slot and the store. STORE8_K and STORE16_K (format
// 65) are i32.store8 and i32.store16 of an i32.const (its low bits stored:
// CONST16 -> STORE8 is 0.27% of the ops of twelve bench programs in the
// mean, -> STORE16 0.15%): full profile only (MW_FUSED_ARITH).

// The wide rows of the other widths (format 74): a load or store of memory
// 0 whose offset is over MW_MAX_OFF16 or whose slots do not fit a slot pair,
// as LOAD32_U_W / STORE32_W (the same handler, its row's width). Loads in
// the order LOAD8_S .. LOAD32_S (lower.c wide_row). Full profile only.
#define MW_WIDE_OP_LIST(X) \
    X(LOAD8_S_W, SSU, "d a offset") \
    X(LOAD8_U_W, SSU, "d a offset") \
    X(LOAD16_S_W, SSU, "d a offset") \
    X(LOAD16_U_W, SSU, "d a offset") \
    X(LOAD32_S_W, SSU, "d a offset") \
    X(STORE8_W, SSU, "a b offset") \
    X(STORE16_W, SSU, "a b offset")

// Fused i32 compare-and-branch (lower_branch.c emit_cond): "a b loop" jumps if
// a op b; the _IMM forms compare with a constant b. A backward target (a loop)
// polls (exec.c TAKE). Rows in the order of MW_IMM_OP_LIST's comparisons, then BR_ANDNZ /
// BR_ANDZ (jump if a & imm is non-zero / zero; lower.c's neg[] relies on the
// order). (I32_ADD_MUL "d a b imm" above is d = a + b * imm: an i32.shl or
// i32.mul by a constant feeding i32.add.)
#define MW_BR_CMP_OP_LIST(X) \
    X(BR_EQ, SST, "a b loop") X(BR_NE, SST, "a b loop") \
    X(BR_LT_S, SST, "a b loop") X(BR_LT_U, SST, "a b loop") \
    X(BR_GT_S, SST, "a b loop") X(BR_GT_U, SST, "a b loop") \
    X(BR_LE_S, SST, "a b loop") X(BR_LE_U, SST, "a b loop") \
    X(BR_GE_S, SST, "a b loop") X(BR_GE_U, SST, "a b loop") \
    X(BR_EQ_IMM, SUT, "a imm loop") X(BR_NE_IMM, SUT, "a imm loop") \
    X(BR_LT_S_IMM, SUT, "a imm loop") X(BR_LT_U_IMM, SUT, "a imm loop") \
    X(BR_GT_S_IMM, SUT, "a imm loop") X(BR_GT_U_IMM, SUT, "a imm loop") \
    X(BR_LE_S_IMM, SUT, "a imm loop") X(BR_LE_U_IMM, SUT, "a imm loop") \
    X(BR_GE_S_IMM, SUT, "a imm loop") X(BR_GE_U_IMM, SUT, "a imm loop") \
    X(BR_ANDNZ, SUT, "a imm loop") X(BR_ANDZ, SUT, "a imm loop")

// i32 operations with a constant right operand: "d a imm". A division's
// constant is never 0 nor -1 (lowering keeps those, which may trap, in the
// general op; mw_code_check refuses them), so its handler tests nothing.
#define MW_IMM_OP_LIST(X) \
    X(I32_EQ_IMM, PQU, "d a imm") \
    X(I32_NE_IMM, PQU, "d a imm") \
    X(I32_LT_S_IMM, PQU, "d a imm") \
    X(I32_LT_U_IMM, PQU, "d a imm") \
    X(I32_GT_S_IMM, PQU, "d a imm") \
    X(I32_GT_U_IMM, PQU, "d a imm") \
    X(I32_LE_S_IMM, PQU, "d a imm") \
    X(I32_LE_U_IMM, PQU, "d a imm") \
    X(I32_GE_S_IMM, PQU, "d a imm") \
    X(I32_GE_U_IMM, PQU, "d a imm") \
    X(I32_ADD_IMM, PQU, "d a imm") \
    X(I32_SUB_IMM, PQU, "d a imm") \
    X(I32_MUL_IMM, PQU, "d a imm") \
    X(I32_DIV_S_IMM, PQU, "d a imm") \
    X(I32_DIV_U_IMM, PQU, "d a imm") \
    X(I32_REM_S_IMM, PQU, "d a imm") \
    X(I32_REM_U_IMM, PQU, "d a imm") \
    X(I32_AND_IMM, PQU, "d a imm") \
    X(I32_OR_IMM, PQU, "d a imm") \
    X(I32_XOR_IMM, PQU, "d a imm") \
    X(I32_SHL_IMM, PQH, "d a k32") \
    X(I32_SHR_S_IMM, PQH, "d a k32") \
    X(I32_SHR_U_IMM, PQH, "d a k32") \
    X(I32_ROTL_IMM, PQH, "d a k32") \
    X(I32_ROTR_IMM, PQH, "d a k32")

// i64 operations with a constant right operand: "d a imm", d a a slot pair
// (lower_emit.c emit_wide for slots over 255). The constant of ADD, MUL, OR, XOR
// is 32 bits, sign-extended to 64 (lowering keeps a constant that this does
// not give back as it was in CONST64 and the plain op); AND's is any 64-bit
// constant, its low then its high half (61% of the i64.and constants in
// sodium are masks 32 bits sign-extended do not give: 0xffffffff,
// 0x1fffffffe, 0xfc000000; docs/benchmarks-history.md "Speed (session 9)"); i64.sub
// of a constant is the add of its negation, i64.rotr by k the rotl by 64 - k. A shift's or
// rotation's count is taken mod 64 at lowering (0 .. 63, I16; mw_code_check
// refuses more). The small profile makes none (one cold handler runs them,
// for an image that holds them). Rows in the order of their wasm opcodes.
#define MW_IMM64_OP_LIST(X) \
    X(I64_ADD_IMM, PQU, "d a imm") \
    X(I64_MUL_IMM, PQU, "d a imm") \
    X(I64_AND_IMM, PQUU, "d a imm imm") \
    X(I64_OR_IMM, PQU, "d a imm") \
    X(I64_XOR_IMM, PQU, "d a imm") \
    X(I64_SHL_IMM, PQH, "d a k64") \
    X(I64_SHR_S_IMM, PQH, "d a k64") \
    X(I64_SHR_U_IMM, PQH, "d a k64") \
    X(I64_ROTL_IMM, PQH, "d a k64")

// A float add or subtract whose result only the store right after it
// stores, as its value ("p x offset"): `NAME_XV x a b`, x = a op b, as
// STORE32_XVR for an i32.add (kissfft's butterflies, flac's `autoc[k] +=`,
// speexdsp's filters): the op, x written (it may be a local: local.tee),
// then the store's in-bounds case, the store left in the code as it was (any
// other address: it runs by itself, its slow path or the trap). The same
// bits as the two ops (the same C expression as the plain op's handler).
// mw_code_check refuses one not followed by its store (STORE32 for f32,
// STORE64 for f64) of x; the small profile does not make them and runs them
// as the plain op (a label beside its handler). Rows: the f32 pair, then the
// f64 pair, each in the order of the plain ops (lower.c fuse_value, code.c
// fused_access rely on it).
#define MW_XVF_OP_LIST(X) \
    X(F32_ADD_XV, PQS, "x a b") \
    X(F32_SUB_XV, PQS, "x a b") \
    X(F64_ADD_XV, PQS, "x a b") \
    X(F64_SUB_XV, PQS, "x a b")

// Float add and multiply with a constant operand: "d a imm", d a a slot pair
// (lower_emit.c emit_wide for slots over 255), the constant's bits (f32: one U32;
// f64: its low then its high half). An f32.sub / f64.sub of a constant k is
// the add of -k (exactly the same result, IEEE 754 5.4.1); a constant left
// operand of an add or multiply is taken as the right one. A NaN constant
// stays CONST32/CONST64 and the plain op (which NaN comes out of two is the
// compiler's operand order there). lower.c imm_row. The small profile makes
// none (one cold handler runs them, for an image that holds them).
#define MW_FIMM_OP_LIST(X) \
    X(F32_ADD_IMM, PQU, "d a imm") \
    X(F32_MUL_IMM, PQU, "d a imm") \
    X(F64_ADD_IMM, PQUU, "d a imm imm") \
    X(F64_MUL_IMM, PQUU, "d a imm imm")

// The i32 minimum and maximum, signed and unsigned, of two slots ("d a b")
// or of a slot and a constant ("d a imm", the clamps of fixed-point code:
// x > 32767 ? 32767 : x): a select whose condition is the i32 compare
// (I32_LT_S .. I32_GE_U, or its _IMM form) right before it of the select's
// two values, in either order (a < b ? a : b is the minimum, a < b ? b : a
// the maximum; on a tie both are the one value), its constant the arm not in
// a slot (lower.c select_fused). The compare's result is read nowhere else.
// d a a slot pair (lower_emit.c emit_wide). Rows: MIN_S, MIN_U, MAX_S, MAX_U (bit 0
// unsigned, bit 1 the maximum), then the same with a constant. The small
// profile makes none (one cold handler runs them, for an image that holds
// them).
#define MW_MINMAX_OP_LIST(X) \
    X(I32_MIN_S, PQS, "d a b") \
    X(I32_MIN_U, PQS, "d a b") \
    X(I32_MAX_S, PQS, "d a b") \
    X(I32_MAX_U, PQS, "d a b") \
    X(I32_MIN_S_IMM, PQU, "d a imm") \
    X(I32_MIN_U_IMM, PQU, "d a imm") \
    X(I32_MAX_S_IMM, PQU, "d a imm") \
    X(I32_MAX_U_IMM, PQU, "d a imm")

// Fused float compare-and-branch: "a b target" jumps if the comparison of
// a and b (f32 or f64 slots) holds (lower_branch.c emit_cond: a float comparison
// whose result only br_if, if or i32.eqz then one of them reads). A
// comparison with a NaN is false, so a branch taken when a <= b does NOT
// hold is not the one taken when a > b: the NLT / NLE rows jump when
// !(a < b) / !(a <= b) (unordered included). a > b is b < a and a >= b is
// b <= a (the same for every input, NaNs too): lowering swaps the slots, so
// six rows a width cover the twelve comparisons and their negations. The
// target is forward (no poll, as BR_IF_JMP): a loop's back-edge on a float
// comparison stays the comparison and BR_IF_LOOP. Rows: the f32 six, then
// the f64 six, in this order (lower_branch.c brf_row relies on it). The small profile makes none
// (one cold handler runs them, for an image that holds them).
#define MW_BRF_OP_LIST(X) \
    X(BR_F32_EQ, SST, "a b target") X(BR_F32_NE, SST, "a b target") \
    X(BR_F32_LT, SST, "a b target") X(BR_F32_LE, SST, "a b target") \
    X(BR_F32_NLT, SST, "a b target") X(BR_F32_NLE, SST, "a b target") \
    X(BR_F64_EQ, SST, "a b target") X(BR_F64_NE, SST, "a b target") \
    X(BR_F64_LT, SST, "a b target") X(BR_F64_LE, SST, "a b target") \
    X(BR_F64_NLT, SST, "a b target") X(BR_F64_NLE, SST, "a b target")

// Bignum carries and cipher rotations (lower.c mul_fused, imm_fused): an
// i32.lt_u (i32.gt_u: its operands swapped) whose result only the i32.add
// right after it reads, either side, is `I32_ADD_LT_U d a b c`, d = c +
// (a <u b) (a carry added into the next limb: mbedtls' MULADDC, `r1 += (r0 <
// c)`); an xor whose result only the rotation by a constant right after it
// reads is `I32_XOR_ROTL` / `I64_XOR_ROTL d a b k`, d = rotl(a ^ b, k)
// (ChaCha's and BLAKE2's `d = rotl(d ^ a, k)`; a rotr by k the rotl by 32 -
// k, 64 - k); a 64-bit rotation by a constant whose result only the i64.xor
// right after it reads, either side, is `I64_ROTL_XOR d a b k`, d = rotl(a,
// k) ^ b (SHA-512's sigmas, as I32_ROTL_XOR for 32 bits). k 0 .. 31 (i32),
// 0 .. 63 (i64): mw_code_check refuses more. The small profile makes none
// and runs an image's in one cold handler (exec.c shift_fused).
#define MW_CARRY_ROT_OP_LIST(X) \
    X(I32_ADD_LT_U, SSSS, "d a b c") \
    X(I32_XOR_ROTL, SSSH, "d a b k32") \
    X(I64_XOR_ROTL, SSSH, "d a b k64") \
    X(I64_ROTL_XOR, SSSH, "d a b k64")

// A float read-modify-write of memory 0 (`acc[k] += x`: flac's autoc,
// kissfft's butterflies, speexdsp's filters): LOAD32_U (LOAD64) "d a
// offset", then F32_ADD_XV or F32_SUB_XV (F64_ADD_XV, F64_SUB_XV) "x p q"
// and its STORE32 (STORE64) "a x offset" of the same a and offset, no label
// between (lower.c fuse_rmw). The load becomes the row: it loads, writes d,
// does the add or subtract as the XV op would (its slots, so d on either
// side, in the wasm operands' order), writes x and stores it at the load's
// address, in bounds once the load passed mw_ea_fast; the two ops after it
// stay in the code as they were (any other address: the load alone, then
// they run by themselves). mw_code_check refuses one not followed by such an
// XV op and store, or whose d or x is a (the store's address would be
// another). The small profile makes none and runs one as its plain load.
// Rows: f32, then f64 (code.c, exec.c rely on it).
#define MW_RMWF_OP_LIST(X) \
    X(LOAD32_U_RMWF, PQO, "d a offset") \
    X(LOAD64_RMWF, PQO, "d a offset")

// A select whose condition is the i32 compare or i32.and emitted right
// before it (of two slots, or of a slot and a constant: the _IMM rows),
// which no other instruction reads (lower.c select_fused): "d a b x y", d = (x
// op y) ? a : b, for values of any type (the slots are copied whole, as
// SELECT). The ten compares are three: x != y is x == y with the arms
// swapped, x >= y is !(x < y), x > y is y < x and x <= y is !(y < x); with a
// constant k, x > k is !(x < k + 1) and x <= k is x < k + 1 (not made for
// the k + 1 that wraps: the compare and SELECT stay). AND: (x & y) != 0.
// Rows: EQ, AND, LT_S, LT_U (bit 1 a less-than, bit 0 then unsigned), the
// same with a constant y (bit 2). A selected constant arm is still put in
// its slot by a CONST16/CONST32 before the op. The small profile makes
// none (one cold handler runs them, for an image that holds them).
#define MW_SELCMP_OP_LIST(X) \
    X(SELECT_EQ, SSSSS, "d a b x y") \
    X(SELECT_AND, SSSSS, "d a b x y") \
    X(SELECT_LT_S, SSSSS, "d a b x y") \
    X(SELECT_LT_U, SSSSS, "d a b x y") \
    X(SELECT_EQ_IMM, SSSSU, "d a b x imm") \
    X(SELECT_AND_IMM, SSSSU, "d a b x imm") \
    X(SELECT_LT_S_IMM, SSSSU, "d a b x imm") \
    X(SELECT_LT_U_IMM, SSSSU, "d a b x imm")

// A float load feeding the op right after it (samplerate's `coeffs[i+1] -
// coeffs[i]` and `icoeff * buffer[j]`, flac's and kissfft's products; rows
// for the ops the float programs run after a load, docs/benchmarks-history.md
// "Float programs (session 15)"):
// `LOAD32_U_op d a offset` (`LOAD64_op`) is the load LOAD32_U (LOAD64) "d a
// offset" whose next instruction is op, which stays in the code as it was;
// the handler is the plain load's access (exec.c LOAD0_AT: its fast path),
// then op's expression on op's immediates, as op's own handler (no
// dispatch between). Any other address: the plain load's slow path (the
// last bytes, shared heaps, the trap), then op is dispatched as usual. So it is a load
// and op run as they were, in order, whatever op reads (d on either side, or
// not at all) and wherever a branch lands (on op: it runs alone);
// mw_code_check refuses one whose next op is not its op. lower_narrow.c narrow_imm makes them once the function's code is
// done (every fusion has seen the op: F32_MUL may have become F32_MUL_ADD),
// not for a load a fused op before reads as its partner (LOAD32_U_PAIR,
// the fused address ops). Full profile only (MW_FUSED_ARITH, with computed
// goto; the switch build runs them as the plain load): the small profile
// neither makes nor runs them. Rows: the f32 loads (LOAD32_U) first, in
// this order (exec.c, code.c rely on it): F(X, load, op). Two rows are an
// i32 load feeding an add (format 51: speexdsp's and giflib's `*p + k`,
// lzo2's and cmark's `*p + x`; the op an I32_ADD_IMMH once narrow_imm
// narrows it), on every core; two a load feeding the store right after it
// (format 52: a word copied, `*q = *p`, lua's and giflib's; the store's own
// fast path, any other address the store by itself after the load).
#define MW_LOADF_FUSED(F, X) MW_LOADF32_FUSED(F, X) MW_LOADF64_FUSED(F, X)
#define MW_LOADF32_FUSED(F, X) \
    F(X, LOAD32_U, F32_ADD) F(X, LOAD32_U, F32_SUB) F(X, LOAD32_U, F32_MUL) \
    F(X, LOAD32_U, F32_MUL_ADD) F(X, LOAD32_U, F64_MUL_PROMOTE) F(X, LOAD32_U, F64_MUL_PROMOTE_ADD) \
    F(X, LOAD32_U, I32_ADD_IMMH) F(X, LOAD32_U, I32_ADD) F(X, LOAD32_U, STORE32)
#define MW_LOADF64_FUSED(F, X) \
    F(X, LOAD64, F64_ADD) F(X, LOAD64, F64_SUB) F(X, LOAD64, F64_MUL) F(X, LOAD64, STORE64)
#define MW_LOADF_ROW(X, load, op) X(load##_##op, PQO, "d a offset")
#define MW_LOADF_N 13
#define MW_LOADF_N32 9            // the LOAD32_U rows, first
#define MW_LOADF_FIRST MW_OP_LOAD32_U_F32_ADD
extern const uint16_t mw_loadf_op[MW_LOADF_N];    // each row's op (code.c)
// A plain LOAD32_U (an i32's) whose next instruction is a COPY, an I32_SUB,
// an I32_XOR or an I32_ADD_MUL (the ops that follow an i32 load most often
// after MW_LOADF32_FUSED's: 0.2-0.25% of the ops of the 36 bench programs
// each in the mean, lua, mujs, sqlite, tinyscheme most): as MW_LOADF_FUSED,
// the load, then the op on its own immediates, the op left in the code
// (format 75; lower_narrow.c loadf, not a COPY that narrow_imm makes a
// call's argument nor an I32_ADD_MUL that adds a field's offset after it,
// whose rows run what follows them). Full profile only (MW_FUSED_ARITH).
#define MW_LOADI_FUSED(F, X) \
    F(X, LOAD32_U, COPY) F(X, LOAD32_U, I32_SUB) F(X, LOAD32_U, I32_XOR) F(X, LOAD32_U, I32_ADD_MUL)
#define MW_LOADI_N 4
#define MW_LOADI_FIRST MW_OP_LOAD32_U_COPY
extern const uint16_t mw_loadi_op[MW_LOADI_N];    // each row's op (code.c)
// F32_DEMOTE_XV x a: x = demote(a) (f32.demote_f64) whose result only the
// STORE32 right after it reads, as its value ("p x offset"; lame's and
// speexdsp's double arithmetic stored as float): as F32_ADD_XV
// (MW_XVF_OP_LIST), the demote as F32_DEMOTE_F64 does it (x's high half
// zeroed), x written, then the store's in-bounds case, the store left in
// the code as it was. mw_code_check refuses one not followed by its STORE32
// of x. Full profile only (MW_FUSED_ARITH: lower.c fuse_value).

// A call's last argument put in place by the op right before the call
// (lua, cmark, giflib: a local or a constant passed; 2-3% of their ops are
// such a COPY, COPY2 or CONST16 right before CALL_DEF): `COPY_CALL_DEF d a`
// is COPY "d a" whose next instruction is a CALL_DEF, which stays in the
// code as it was (as MW_LOADF_FUSED): the handler copies, then does the
// CALL_DEF on its immediates, no dispatch between; a branch to the
// CALL_DEF runs it alone. COPY2_CALL_DEF "d a b" is COPY2's,
// CONST16_CALL_DEF "d value" CONST16's. mw_code_check refuses one whose
// next op is not CALL_DEF. lower_narrow.c narrow_imm makes them once the
// function's code is done. Full profile only (MW_FUSED_ARITH): the small
// profile neither makes nor runs them. Rows in this order (code.c).
#define MW_CALL_ARG_OP_LIST(X) \
    X(COPY_CALL_DEF, PQ, "d a") \
    X(COPY2_CALL_DEF, SSS, "d a b") \
    X(CONST16_CALL_DEF, SH, "d value")
#define MW_CALL_ARG_N 3

// Two constants put in slots one after the other (a call's arguments, a
// block's values, a struct's fields: CONST16 -> CONST16 is 0.76% of the ops
// of twelve bench programs in the mean, pcre2 2.4%, onig 2.2%):
// `CONST16_CONST16 d value` is CONST16 "d value" whose next instruction is a
// CONST16, which stays in the code as it was (as MW_CALL_ARG_OP_LIST): the
// handler puts both, no dispatch between; a branch to the second runs it
// alone. mw_code_check refuses one whose next op is not CONST16. lower_narrow.c
// narrow_imm makes them once the function's code is done (not where the
// second is a call's argument, CONST16_CALL_DEF, nor where the first is the
// second of another). Full profile only (MW_FUSED_ARITH).

// A value put in a local, then a jump (the moves of a loop's or a branch's
// variables before the jump to where they merge: COPY -> JMP 0.29%,
// CONST16 -> JMP 0.16% of the ops of 18 bench programs in the mean):
// `COPY_JMP d a` is COPY "d a", `CONST16_JMP d value` CONST16 "d value",
// whose next instruction is a JMP, which stays in the code as it was (as
// CONST16_CONST16): the handler copies or puts the value, then jumps to the
// JMP's target, no dispatch between; a branch landing on the JMP runs it
// alone. mw_code_check refuses one whose next op is not JMP. lower_narrow.c
// jump_returns makes them once the function's code is done (not a JMP it
// makes a return, nor a COPY or CONST16 that a row before runs as its own:
// CONST16_CONST16's second). Full profile only (MW_FUSED_ARITH; format 68).
// `CONST16_SELECT d value` is the same for a select's constant arm, put in
// its slot right before the SELECT (CONST16 -> SELECT 0.31% of their ops):
// the handler puts it, then selects on the SELECT's immediates (made by
// narrow_imm; mw_code_check refuses one whose next op is not SELECT).

// A sum of two values plus a constant (`a + b + k`: an address's
// `p + i + 1`, a round's `x + y - 4`; I32_ADD -> I32_ADD_IMMH is the pair of
// ops the 36 bench programs run most, 0.58% of their ops in the mean,
// tomcrypt 5.5%, flac 1.9%, lzo2 1.6%, and the pair that most often reads
// the value the op before has just written): `I32_ADD_I32_ADD_IMMH d a b` is
// I32_ADD "d a b" whose next instruction is an I32_ADD_IMMH reading d as its
// a, which stays in the code as it was (as MW_LOADF_FUSED): the handler
// adds, writes d, then adds the constant to the sum in its register (not
// read back from d) on the I32_ADD_IMMH's immediates, no dispatch between;
// a branch landing on the I32_ADD_IMMH runs it alone. mw_code_check refuses
// one whose next op is not I32_ADD_IMMH or whose I32_ADD_IMMH reads another
// slot. lower_narrow.c narrow_imm makes it as it narrows the add of the constant
// (where that stays a plain I32_ADD_IMMH: not before a GLOBAL_SET nor a
// branch of MW_ADDBR_FUSED, nor where a fused row before runs the I32_ADD
// as its own, LOAD32_U_I32_ADD: mw_op_runs_after). Full profile only
// (MW_FUSED_ARITH). `I32_ADD_MUL_I32_ADD_IMMH d a b imm` is the same for
// an I32_ADD_MUL (an array element's address `a + b * imm`, then a field's
// offset added: I32_ADD_MUL -> I32_ADD_IMMH 0.24% of the ops in the mean,
// mujs 4.0%, sqlite 0.9%, zstd 0.8%; format 67).
// A store of memory 0, then an add of a constant (a pointer stepped after
// the store through it: `*p++ = c`; STORE8 -> I32_ADD_IMMH 0.41%, STORE32
// -> 0.36%, STORE64 -> 0.22% of the 36 bench programs' ops in the mean,
// tomcrypt 4.8% the first): `STORE8_I32_ADD_IMMH a b offset` is STORE8
// whose next instruction is an I32_ADD_IMMH, which stays in the code as it
// was (as MW_LOADF_FUSED): the handler is the store's in-bounds case, then
// the add on its own immediates, no dispatch between; any other address:
// the plain store's slow path (its trap: the add does not run), then the
// add dispatched by itself. mw_code_check refuses one whose next op is not
// I32_ADD_IMMH. lower_narrow.c narrow_imm makes them as it narrows the add (not a
// store that a fused row before runs as its own: mw_op_runs_after). Full
// profile only (MW_FUSED_ARITH). Rows in this order: F(X, store).
#define MW_STOREADD_FUSED(F, X) F(X, STORE8) F(X, STORE32) F(X, STORE64)
#define MW_STOREADD_ROW(X, store) X(store##_I32_ADD_IMMH, PQO, "a b offset")
#define MW_STOREADD_N 3
#define MW_STOREADD_FIRST MW_OP_STORE8_I32_ADD_IMMH

// Pairs of ops one after the other that the 36 bench programs run often in
// many of them (format 75; the sequence profile: docs/benchmarks-history.md "Host
// speed (session 39)"), each the first op's row whose partner, the second,
// stays in the code as it was (as MW_LOADF_FUSED): the handler runs both on
// their own immediates, no dispatch between; a branch landing on the second
// runs it alone; mw_code_check refuses a row whose next op is not its
// partner. lower_narrow.c narrow_imm makes them once the function's code is
// done, not where a row before runs the first as its own (mw_op_runs_after).
// `I32_ADD_I32_ADD d a b`: I32_ADD, then an I32_ADD (sums of three where
// the first is kept: lz4, kissfft, zlib ~2% of their ops). `COPY2_COPY_CALL_DEF
// d a b`: COPY2, then the COPY_CALL_DEF of a call's last argument (three
// arguments moved into place, then the call: in nearly every program).
// `COPY_LOAD32_U d a`: COPY, then a plain LOAD32_U, whose in-bounds case it
// does (any other address: the load dispatched by itself, its slow path or
// trap). `STORE32_LOAD32_U a b offset`: STORE32's in-bounds case, then the
// LOAD32_U's (a store's other address: the plain store's slow path, the load
// dispatched after it). Full profile only (MW_FUSED_ARITH).
#define MW_SEQ_OP_LIST(X) \
    X(I32_ADD_I32_ADD, PQS, "d a b") \
    X(COPY2_COPY_CALL_DEF, SSS, "d a b") \
    X(COPY_LOAD32_U, PQ, "d a") \
    X(STORE32_LOAD32_U, PQO, "a b offset")

// Pairs of ops that one program's hot loop runs (format 76; the sequence
// profile: docs/benchmarks-history.md "One-program loops (session 40)"), each the
// first op's row whose handler runs the op after it on that op's own
// immediates, no dispatch between, the op left in the code as it was (a
// branch landing on it runs it alone). A fused address load whose load is
// followed by an op: `LOAD32_U_XD_F32_MUL_ADD x a imm` is LOAD32_U_XD whose
// LOAD32_U is followed by an F32_MUL_ADD (speexdsp's filters, `sum += *p++
// * c`: 13.5% of its ops), `LOAD8_U_X_I32_SHL_IMM x a imm` LOAD8_U_X whose
// LOAD8_U is followed by an I32_SHL_IMM (a byte loaded and shifted into
// place: tomcrypt's GCM shift 11.5% of its ops, lzo2's, big-endian words
// built of bytes): the fused load's in-bounds case, then the op; any other
// address as the fused load (x written, the load run by itself, the op
// dispatched after it); mw_code_check checks the fused load as its row's
// (fused_access) and refuses one whose op after the load is not its own.
// A sum, then an add of a constant that does not fit 16 bits (MD5's steps,
// `a + f + x + T[i]`: libxcrypt's SunMD5 10.7% of its ops):
// `I32_ADD_I32_ADD_IMM d a b` is I32_ADD whose next op is an I32_ADD_IMM,
// `I32_ADD_I32_SUB_IMM` one whose next is an I32_SUB_IMM (the 16-bit ones
// are I32_ADD_I32_ADD_IMMH's); mw_code_check refuses one whose next op is
// not its partner (partner_op). lower_narrow.c narrow_imm makes them (the
// loads' where it makes the XD rows, load_xd; the sums' in seq_pair, not
// where a row before runs the I32_ADD as its own). Full profile only
// (MW_FUSED_ARITH).
#define MW_LOOP_SEQ_OP_LIST(X) \
    X(LOAD32_U_XD_F32_MUL_ADD, PQU, "x a imm") \
    X(LOAD8_U_X_I32_SHL_IMM, PQU, "x a imm") \
    X(I32_ADD_I32_ADD_IMM, PQS, "d a b") \
    X(I32_ADD_I32_SUB_IMM, PQS, "d a b")
// MW_LOOP_SEQ_OP_LIST's two loads, one list for the lowering that makes
// them (lower_narrow.c xload_seq) and the code check (code.c fused_access,
// mw_op_runs_after, check_func): each row, the fused address op it is
// made of, the load that op runs and the op after the load. (The list's
// first two rows: one run from MW_LOOP_LOAD_FIRST.)
#define MW_LOOP_LOAD_FUSED(F, X) \
    F(X, LOAD32_U_XD_F32_MUL_ADD, LOAD32_U_XD, LOAD32_U, F32_MUL_ADD) \
    F(X, LOAD8_U_X_I32_SHL_IMM, LOAD8_U_X, LOAD8_U, I32_SHL_IMM)
#define MW_LOOP_LOAD_N 2u
#define MW_LOOP_LOAD_FIRST MW_OP_LOAD32_U_XD_F32_MUL_ADD

// CALL_INDIRECT_OWN typeidx owntable c base: CALL_INDIRECT through a table
// the module defines (not an import: mw_code_check refuses one), whose owner
// is then the running instance (instance.c), so a defined function's entry
// needs no test of the owner (onig, jansson, expat, cmark, tinyscheme: 0.3
// to 1.1 call_indirect per thousand instructions). Full profile only
// (MW_FUSED_ARITH): the small profile makes CALL_INDIRECT for every table.

// I32_ADD_IMMH_GLOBAL_SET d a imm: an I32_ADD_IMMH whose next instruction is
// a GLOBAL_SET, which stays in the code as it was (as MW_LOADF_FUSED): the
// handler adds, then sets the global on the GLOBAL_SET's immediates, no
// dispatch between; a branch to the GLOBAL_SET runs it alone. The stack
// pointer moved in a C function's prologue and put back in its epilogue
// (clang's `global.get sp; i32.const -k; i32.add; local.tee; global.set sp`
// and `local.get; i32.const k; i32.add; global.set sp`: cmark 2.2% of its
// ops, lua and jansson 1.5%). mw_code_check refuses one whose next op is not
// GLOBAL_SET. lower_narrow.c narrow_imm makes it as it narrows the add. Full profile
// only (MW_FUSED_ARITH). GLOBAL_GET_ADD_SET d idx: a GLOBAL_GET whose next
// instruction is an I32_ADD_IMMH_GLOBAL_SET (the prologue's three: the
// pointer read, moved and set), all three in one dispatch; both stay in the
// code, so a branch to the add runs the add and the set. mw_code_check
// refuses one whose next op is not I32_ADD_IMMH_GLOBAL_SET.

// An i32 add of a constant that fits 16 bits (I32_ADD_IMMH: a loop's `i++`,
// `p += 4`, `n--`) whose next instruction is a compare-and-branch BR (the
// loop's test; 2.6% of the ops the 36 bench programs run are such a pair,
// in every program: docs/benchmarks-history.md "Loops (session 17)"):
// `I32_ADD_IMMH_BR d a imm` is the add "d a imm", then BR on its own
// immediates, which stays in the code as it was (as MW_LOADF_FUSED): no
// dispatch between; a branch landing on BR runs it alone. BR's first slot
// (a, BR_TABLE_JMP's c) must be the add's d, BR_ADD_NZ's aside (format 62):
// the handler takes it from the add, not from the slot it has just written
// (a store and its reload, ~6 cycles on x86-64). mw_code_check refuses one
// whose next op is not BR or whose BR reads another slot first. lower_narrow.c
// narrow_imm makes them as it narrows the add (not an add that a load
// before it runs as its op, MW_LOADF_FUSED). Full profile only
// (MW_FUSED_ARITH): the small profile neither makes nor runs them. Rows:
// the branches those adds feed most often, F(X, BR); and a switch's
// `x - k; br_table` (format 61: BR_TABLE_JMP, lua 2.9% of its ops,
// tinyscheme 1.7%: an interpreter's dispatch on its opcode).
#define MW_ADDBR_FUSED(F, X) \
    F(X, BR_NE) F(X, BR_LT_S) F(X, BR_LT_U) F(X, BR_GE_U) \
    F(X, BR_NE_IMMH) F(X, BR_LT_U_IMMH) F(X, BR_GT_U_IMMH) F(X, BR_ADD_NZ) \
    F(X, BR_TABLE_JMP)
#define MW_ADDBR_ROW(X, br) X(I32_ADD_IMMH_##br, PQH, "d a imm")
#define MW_ADDBR_N 9
#define MW_ADDBR_FIRST MW_OP_I32_ADD_IMMH_BR_NE
extern const uint16_t mw_addbr_op[MW_ADDBR_N];    // each row's branch (code.c)

// A fused address op (MW_MEM_X_FUSED, MW_MEM_XR_FUSED) whose load writes its
// d over its x and has offset 0 (63% of the LOAD32_U_X the 36 bench programs
// run, 87% of the LOAD8_U_XR: docs/benchmarks-history.md "Addresses (session 18)"):
// `NAME_XD x a imm` / `NAME_XRD x a b` is that op, but its handler's in-bounds
// case neither writes x (the load's d overwrites it) nor reads the load's d
// and offset (x is d, the offset 0): the address x itself is tested and
// loaded from. Any other address writes x and runs the load next, as the op
// it comes from. mw_code_check refuses one whose load's d is not its x or
// whose offset is not 0. lower_narrow.c narrow_imm makes them once d is final.
// Full profile only (MW_FUSED_ARITH). Rows: F(X, NAME, family, layout, doc)
// for the fused op NAME##family. (Format 63: LOAD16_U_XD, lz4's and zstd's
// hash tables; LOAD32_U_XMD, an array element `a[i]` into the slot of its
// address: -0.08% Ir over the 36 bench programs, zstd -0.49%, libjpeg -0.38%.)
#define MW_MEM_XD_FUSED(F, X) \
    F(X, LOAD8_U, _X, PQU, "x a imm") F(X, LOAD32_U, _X, PQU, "x a imm") \
    F(X, LOAD64, _X, PQU, "x a imm") F(X, LOAD8_U, _XR, PQS, "x a b") F(X, LOAD32_U, _XR, PQS, "x a b") \
    F(X, LOAD16_U, _X, PQU, "x a imm") F(X, LOAD32_U, _XM, SSSU, "x a b imm")
#define MW_MEM_XD_ROW(X, name, fam, layout, doc) X(name##fam##D, layout, doc)
#define MW_MEM_XD_N 7
#define MW_MEM_XD_FIRST MW_OP_LOAD8_U_XD

// Sums rotated by a constant (Salsa20's `x4 ^= rotl(x0 + x12, 7)`, MD5's
// and RIPEMD-160's `a = rotl(a + f + x + t, s) + b`, SHA-1's `rotl(a, 5) +
// e`; lower.c imm_fused, mul_fused): an i32.add whose result only the
// rotation by a constant right after it reads is `I32_ADD_ROTL d a b k`, d =
// rotl(a + b, k) (a rotr by k the rotl by 32 - k); one whose result only an
// i32.xor (i32.add) right after it reads, either side, is
// `I32_ADD_ROTL_XOR` (`I32_ADD_ROTL_ADD`) `d a b c k`, d = rotl(a + b, k) ^
// c (+ c); a rotation by a constant whose result only an i32.add right after
// it reads, either side, is `I32_ROTL_ADD d a b k`, d = rotl(a, k) + b (as
// I32_ROTL_XOR). k 0 .. 31: mw_code_check refuses more. Full profile only
// (MW_FUSED_ARITH): the small profile neither makes nor runs them.
#define MW_ADD_ROT_OP_LIST(X) \
    X(I32_ADD_ROTL, SSSH, "d a b k32") \
    X(I32_ADD_ROTL_XOR, SSSSU, "d a b c k32") \
    X(I32_ADD_ROTL_ADD, SSSSU, "d a b c k32") \
    X(I32_ROTL_ADD, SSSH, "d a b k32")

// A shift by a constant whose result only the add, or or xor right after it
// reads, either side (lower.c mul_fused): `I64_SHR_U_ADD d a b k`, d = (a >>
// k) + b, and so on (multi-limb carries, `c += d >> 52`; a 128-bit value's
// halves joined, `(hi << 12) | (lo >> 52)`; hash mixing, `h ^= h >> 33`).
// The rows are the pairs the bench programs run (docs/benchmarks-history.md "Native
// distance (session 26)"): i64 shl, shr_s and shr_u with add, shl and shr_u
// with or, shr_u with xor; i32 shr_s and shr_u with add, shr_u with or, shl
// and shr_u with xor (an i32 shl with an or is I32_SHL_OR, with an add
// I32_ADD_MUL). k 0 .. 31 (i32), 0 .. 63 (i64): mw_code_check refuses more.
// Full profile only (MW_FUSED_ARITH): the small profile neither makes nor
// runs them.
#define MW_SHIFT_COMB_OP_LIST(X) \
    X(I64_SHL_ADD, SSSH, "d a b k64") \
    X(I64_SHR_S_ADD, SSSH, "d a b k64") \
    X(I64_SHR_U_ADD, SSSH, "d a b k64") \
    X(I64_SHL_OR, SSSH, "d a b k64") \
    X(I64_SHR_U_OR, SSSH, "d a b k64") \
    X(I64_SHR_U_XOR, SSSH, "d a b k64") \
    X(I32_SHR_S_ADD, SSSH, "d a b k32") \
    X(I32_SHR_U_ADD, SSSH, "d a b k32") \
    X(I32_SHR_U_OR, SSSH, "d a b k32") \
    X(I32_SHL_XOR, SSSH, "d a b k32") \
    X(I32_SHR_U_XOR, SSSH, "d a b k32")

// An i64.load32_u (I64_LOAD32_U) after the address op it fuses with: the
// rows of LOAD32_U_X, _XR, _XM and their _XD, _XRD, _XMD (MW_MEM_X_FUSED,
// MW_MEM_XD_FUSED), whose handlers write the whole slot, in that order
// (format 73). LOAD32_U's own fused address rows then load an i32 or f32
// only and write the low word alone on a 32-bit target (exec.c SET_I32):
// SpeexDSP runs 26% of its ops as an f32 load in LOAD32_U_XD, tommath 7.8%
// as an i64.load32_u there. A 64-bit host runs each at LOAD32_U's row's
// handler. Full profile only (MW_FUSED_ARITH): elsewhere an i64.load32_u
// takes no fused address op.
#define MW_I64_LOAD32_X_OP_LIST(X) \
    X(I64_LOAD32_U_X, PQU, "x a imm") \
    X(I64_LOAD32_U_XR, PQS, "x a b") \
    X(I64_LOAD32_U_XM, SSSU, "x a b imm") \
    X(I64_LOAD32_U_XD, PQU, "x a imm") \
    X(I64_LOAD32_U_XRD, PQS, "x a b") \
    X(I64_LOAD32_U_XMD, SSSU, "x a b imm")
#define MW_I64_X_FIRST MW_OP_I64_LOAD32_U_X
#define MW_I64_X_N 6

// Numeric instructions keep the order of their binary opcodes 0x45..0xc4 so
// lowering is `MW_OP_I32_EQZ + (opcode - 0x45)`; unary ones take "d a",
// binary ones "d a b" (d a a slot pair: PQS). Reinterpretations and i32.wrap_i64 are no-ops on
// 64-bit slots and are never emitted.
#define MW_NUMERIC_OP_LIST(X) \
    X(I32_EQZ, SS, "d a") \
    X(I32_EQ, PQS, "d a b") \
    X(I32_NE, PQS, "d a b") \
    X(I32_LT_S, PQS, "d a b") \
    X(I32_LT_U, PQS, "d a b") \
    X(I32_GT_S, PQS, "d a b") \
    X(I32_GT_U, PQS, "d a b") \
    X(I32_LE_S, PQS, "d a b") \
    X(I32_LE_U, PQS, "d a b") \
    X(I32_GE_S, PQS, "d a b") \
    X(I32_GE_U, PQS, "d a b") \
    X(I64_EQZ, SS, "d a") \
    X(I64_EQ, PQS, "d a b") \
    X(I64_NE, PQS, "d a b") \
    X(I64_LT_S, PQS, "d a b") \
    X(I64_LT_U, PQS, "d a b") \
    X(I64_GT_S, PQS, "d a b") \
    X(I64_GT_U, PQS, "d a b") \
    X(I64_LE_S, PQS, "d a b") \
    X(I64_LE_U, PQS, "d a b") \
    X(I64_GE_S, PQS, "d a b") \
    X(I64_GE_U, PQS, "d a b") \
    X(F32_EQ, PQS, "d a b") \
    X(F32_NE, PQS, "d a b") \
    X(F32_LT, PQS, "d a b") \
    X(F32_GT, PQS, "d a b") \
    X(F32_LE, PQS, "d a b") \
    X(F32_GE, PQS, "d a b") \
    X(F64_EQ, PQS, "d a b") \
    X(F64_NE, PQS, "d a b") \
    X(F64_LT, PQS, "d a b") \
    X(F64_GT, PQS, "d a b") \
    X(F64_LE, PQS, "d a b") \
    X(F64_GE, PQS, "d a b") \
    X(I32_CLZ, SS, "d a") \
    X(I32_CTZ, SS, "d a") \
    X(I32_POPCNT, SS, "d a") \
    X(I32_ADD, PQS, "d a b") \
    X(I32_SUB, PQS, "d a b") \
    X(I32_MUL, PQS, "d a b") \
    X(I32_DIV_S, PQS, "d a b") \
    X(I32_DIV_U, PQS, "d a b") \
    X(I32_REM_S, PQS, "d a b") \
    X(I32_REM_U, PQS, "d a b") \
    X(I32_AND, PQS, "d a b") \
    X(I32_OR, PQS, "d a b") \
    X(I32_XOR, PQS, "d a b") \
    X(I32_SHL, PQS, "d a b") \
    X(I32_SHR_S, PQS, "d a b") \
    X(I32_SHR_U, PQS, "d a b") \
    X(I32_ROTL, PQS, "d a b") \
    X(I32_ROTR, PQS, "d a b") \
    X(I64_CLZ, SS, "d a") \
    X(I64_CTZ, SS, "d a") \
    X(I64_POPCNT, SS, "d a") \
    X(I64_ADD, PQS, "d a b") \
    X(I64_SUB, PQS, "d a b") \
    X(I64_MUL, PQS, "d a b") \
    X(I64_DIV_S, PQS, "d a b") \
    X(I64_DIV_U, PQS, "d a b") \
    X(I64_REM_S, PQS, "d a b") \
    X(I64_REM_U, PQS, "d a b") \
    X(I64_AND, PQS, "d a b") \
    X(I64_OR, PQS, "d a b") \
    X(I64_XOR, PQS, "d a b") \
    X(I64_SHL, PQS, "d a b") \
    X(I64_SHR_S, PQS, "d a b") \
    X(I64_SHR_U, PQS, "d a b") \
    X(I64_ROTL, PQS, "d a b") \
    X(I64_ROTR, PQS, "d a b") \
    X(F32_ABS, SS, "d a") \
    X(F32_NEG, SS, "d a") \
    X(F32_CEIL, SS, "d a") \
    X(F32_FLOOR, SS, "d a") \
    X(F32_TRUNC, SS, "d a") \
    X(F32_NEAREST, SS, "d a") \
    X(F32_SQRT, SS, "d a") \
    X(F32_ADD, PQS, "d a b") \
    X(F32_SUB, PQS, "d a b") \
    X(F32_MUL, PQS, "d a b") \
    X(F32_DIV, PQS, "d a b") \
    X(F32_MIN, PQS, "d a b") \
    X(F32_MAX, PQS, "d a b") \
    X(F32_COPYSIGN, PQS, "d a b") \
    X(F64_ABS, SS, "d a") \
    X(F64_NEG, SS, "d a") \
    X(F64_CEIL, SS, "d a") \
    X(F64_FLOOR, SS, "d a") \
    X(F64_TRUNC, SS, "d a") \
    X(F64_NEAREST, SS, "d a") \
    X(F64_SQRT, SS, "d a") \
    X(F64_ADD, PQS, "d a b") \
    X(F64_SUB, PQS, "d a b") \
    X(F64_MUL, PQS, "d a b") \
    X(F64_DIV, PQS, "d a b") \
    X(F64_MIN, PQS, "d a b") \
    X(F64_MAX, PQS, "d a b") \
    X(F64_COPYSIGN, PQS, "d a b") \
    X(I32_WRAP_I64, SS, "d a") \
    X(I32_TRUNC_F32_S, SS, "d a") \
    X(I32_TRUNC_F32_U, SS, "d a") \
    X(I32_TRUNC_F64_S, SS, "d a") \
    X(I32_TRUNC_F64_U, SS, "d a") \
    X(I64_EXTEND_I32_S, SS, "d a") \
    X(I64_EXTEND_I32_U, SS, "d a") \
    X(I64_TRUNC_F32_S, SS, "d a") \
    X(I64_TRUNC_F32_U, SS, "d a") \
    X(I64_TRUNC_F64_S, SS, "d a") \
    X(I64_TRUNC_F64_U, SS, "d a") \
    X(F32_CONVERT_I32_S, SS, "d a") \
    X(F32_CONVERT_I32_U, SS, "d a") \
    X(F32_CONVERT_I64_S, SS, "d a") \
    X(F32_CONVERT_I64_U, SS, "d a") \
    X(F32_DEMOTE_F64, SS, "d a") \
    X(F64_CONVERT_I32_S, SS, "d a") \
    X(F64_CONVERT_I32_U, SS, "d a") \
    X(F64_CONVERT_I64_S, SS, "d a") \
    X(F64_CONVERT_I64_U, SS, "d a") \
    X(F64_PROMOTE_F32, SS, "d a") \
    X(I32_REINTERPRET_F32, SS, "d a") \
    X(I64_REINTERPRET_F64, SS, "d a") \
    X(F32_REINTERPRET_I32, SS, "d a") \
    X(F64_REINTERPRET_I64, SS, "d a") \
    X(I32_EXTEND8_S, SS, "d a") \
    X(I32_EXTEND16_S, SS, "d a") \
    X(I64_EXTEND8_S, SS, "d a") \
    X(I64_EXTEND16_S, SS, "d a") \
    X(I64_EXTEND32_S, SS, "d a")

typedef enum mw_op {
    #define MW_X_OP(name, layout, doc) MW_OP_##name,
    MW_OP_LIST(MW_X_OP)
    #undef MW_X_OP
    MW_OP_COUNT
} mw_op;

// The ops an engine built with MW_ALL_OPS=0 runs (mw_config.h, the small
// profile): MW_OP_LIST_BASE's rows (MW_OP_COUNT_SMALL of them) but the i32
// divisions by a constant, which its lowering never makes. mw_code_check
// refuses the others in an image, before it reads any op table: that
// engine's tables hold MW_OP_TABLE_ROWS rows, the base ones. (Where a row's
// comment says the small profile runs an image's op in a cold handler or as
// the plain op, that is an engine with the small lowering and every op,
// MW_ALL_OPS=1, as the fuzzers' small flags build it.)
enum {
    #define MW_X_ROW(name, layout, doc) +1
    MW_OP_COUNT_SMALL = 0 MW_OP_LIST_BASE(MW_X_ROW)
    #undef MW_X_ROW
};

// ---- Branch twins (mw_config.h MW_BRANCH_TWINS; format 79) ----
// Each compare-and-branch row below has two twins with its immediates:
// NAME_FWD, whose target lies after it (it jumps with no poll, as
// BR_IF_JMP), and NAME_BACK, whose target lies at or before it (a loop's
// back edge: it polls when it jumps), so that a taken branch need not test
// its side (exec.c TAKE: a `cmp` and a `jge` on x86-64). lower_narrow.c
// twin_branches makes them once the function's targets are final, by the
// side its target lies on; not a branch that a fused row before runs as
// its partner (MW_ADDBR_FUSED, MW_LOAD_BR_FUSED: their handlers test the
// side themselves). They are this engine's own ops, numbered from
// MW_OP_COUNT on: not in the op table an image records (image.h: the op
// count, mw_code_fingerprint), and an engine without them refuses them as
// any op past its table. mw_code_check refuses a _FWD whose target is at
// or before it and a _BACK whose target lies after it. F(row, back): every
// _FWD has a handler of its own; a _BACK one where `back` is OWN, the rows
// lowering makes most as a loop's back edge (the 8 programs of
// docs/benchmarks.md "Branch twins (session 42)"), and else (ROW) runs at
// its row's handler, which tests the side and polls: with a handler for
// every _BACK, GCC 12 allocated mw_exec's registers otherwise (a `mov`
// more in every load of memory 0: lua +0.97% Ir). In their base rows'
// order: the twins of row k are MW_OP_COUNT + k and MW_OP_COUNT +
// MW_BR_TWIN_N + k (mw_br_twin).
#define MW_BR_TWIN_ROWS(F) \
    F(BR_EQ, ROW) F(BR_NE, OWN) F(BR_LT_S, OWN) F(BR_LT_U, OWN) F(BR_GT_S, ROW) F(BR_GT_U, OWN) \
    F(BR_LE_S, ROW) F(BR_LE_U, OWN) F(BR_GE_S, ROW) F(BR_GE_U, OWN) \
    F(BR_EQ_IMM, ROW) F(BR_NE_IMM, ROW) F(BR_LT_S_IMM, ROW) F(BR_LT_U_IMM, ROW) F(BR_GT_S_IMM, ROW) \
    F(BR_GT_U_IMM, ROW) F(BR_LE_S_IMM, ROW) F(BR_LE_U_IMM, ROW) F(BR_GE_S_IMM, ROW) F(BR_GE_U_IMM, ROW) \
    F(BR_ANDNZ, ROW) F(BR_ANDZ, ROW) \
    F(BR_EQ_IMMH, OWN) F(BR_NE_IMMH, OWN) F(BR_LT_S_IMMH, OWN) F(BR_LT_U_IMMH, OWN) F(BR_GT_S_IMMH, OWN) \
    F(BR_GT_U_IMMH, OWN) F(BR_LE_S_IMMH, ROW) F(BR_LE_U_IMMH, ROW) F(BR_GE_S_IMMH, OWN) F(BR_GE_U_IMMH, ROW) \
    F(BR_ANDNZH, ROW) F(BR_ANDZH, ROW)
#define MW_BR_TWIN_WIDE 22      // BR_EQ .. BR_ANDZ, one run; then BR_EQ_IMMH .. BR_ANDZH
#define MW_BR_TWIN_N (MW_BR_TWIN_WIDE + MW_IMMH_N_BR)
_Static_assert(MW_OP_BR_ANDZ - MW_OP_BR_EQ == MW_BR_TWIN_WIDE - 1 && MW_OP_BR_ANDZH - MW_OP_BR_EQ_IMMH == MW_IMMH_N_BR - 1,
    "MW_BR_TWIN_ROWS: two runs of rows");
#if MW_BRANCH_TWINS
enum {
    MW_BR_TWIN_BEFORE_ = MW_OP_COUNT - 1,
    #define MW_X_TWIN_FWD(br, back) MW_OP_##br##_FWD,
    MW_BR_TWIN_ROWS(MW_X_TWIN_FWD)
    #undef MW_X_TWIN_FWD
    #define MW_X_TWIN_BACK(br, back) MW_OP_##br##_BACK,
    MW_BR_TWIN_ROWS(MW_X_TWIN_BACK)
    #undef MW_X_TWIN_BACK
    MW_OP_COUNT_TWINS       // the ops this engine runs: MW_OP_COUNT and the twins
};
_Static_assert(MW_OP_BR_EQ_BACK == MW_OP_COUNT + MW_BR_TWIN_N && MW_OP_COUNT_TWINS <= 0x10000, "MW_BR_TWIN_ROWS");
// The twin of compare-and-branch op `op` for a target on side `back`, or
// MW_OP_COUNT for an op that has none.
static inline uint32_t mw_br_twin(uint32_t op, bool back) {
    uint32_t k = op - MW_OP_BR_EQ, h = op - MW_OP_BR_EQ_IMMH;
    k = k < MW_BR_TWIN_WIDE ? k : h < MW_IMMH_N_BR ? MW_BR_TWIN_WIDE + h : UINT32_MAX;
    return k == UINT32_MAX ? MW_OP_COUNT : MW_OP_COUNT + k + (back ? MW_BR_TWIN_N : 0);
}
#define MW_OP_END MW_OP_COUNT_TWINS
#else
#define MW_OP_END MW_OP_COUNT
#endif
#if MW_ALL_OPS
#define MW_OP_TABLE_ROWS MW_OP_END
#else
#define MW_OP_TABLE_ROWS MW_OP_COUNT_SMALL
#endif
static inline bool mw_op_in_set(uint32_t op) {
    return op < MW_OP_COUNT_SMALL && op - MW_OP_I32_DIV_S_IMM >= 4u;
}
// The ranges code computes ops in ("MW_LOAD_BR_FIRST + k", "op - X < n")
// stay whole as rows move between the parts.
_Static_assert((int)MW_OP_LOAD8_U_X == (int)MW_OP_COUNT_SMALL, "MW_OP_LIST_MEM starts right after the small profile's rows");
_Static_assert(MW_OP_I32_REM_U_IMM - MW_OP_I32_DIV_S_IMM == 3, "the four divisions by a constant: one run (mw_op_in_set)");
_Static_assert(MW_OP_LOAD32_U_BR_UNLESS - MW_LOAD_BR_FIRST == 2 * MW_LOAD_BR_N - 1, "MW_LOAD_BR_FUSED rows: one run");
_Static_assert(MW_OP_LOAD64_STORE64 - MW_LOADF_FIRST == MW_LOADF_N - 1, "MW_LOADF_FUSED rows: one run");
_Static_assert(MW_OP_LOAD32_U_I32_ADD_MUL - MW_LOADI_FIRST == MW_LOADI_N - 1, "MW_LOADI_FUSED rows: one run");
_Static_assert(MW_OP_I32_ADD_IMMH_BR_TABLE_JMP - MW_ADDBR_FIRST == MW_ADDBR_N - 1, "MW_ADDBR_FUSED rows: one run");
_Static_assert(MW_OP_LOAD8_U_X_I32_SHL_IMM - MW_LOOP_LOAD_FIRST == MW_LOOP_LOAD_N - 1, "MW_LOOP_LOAD_FUSED rows: one run");
_Static_assert(MW_OP_I64_LOAD32_U_XMD - MW_I64_X_FIRST == MW_I64_X_N - 1 && MW_OP_I64_LOAD32_U_XD - MW_I64_X_FIRST == 3
               && MW_OP_I64_LOAD32_U_X > MW_OP_I32_ADD_ROTL, "MW_I64_LOAD32_X_OP_LIST rows: one run, _X .. _XM then _XD .. _XMD");
_Static_assert(MW_OP_I32_ADD_ROTL > MW_OP_F32_MUL_ADD && (int)MW_OP_F32_MUL_ADD > (int)MW_OP_COUNT_SMALL,
    "MW_OP_LIST_FUSED after the small rows, MW_OP_LIST_FULL after it (mw_code_check, MW_FUSED_DROP)");

typedef enum mw_layout {
    #define MW_X_LAYOUT(name, ...) MW_L_##name,
    MW_LAYOUTS(MW_X_LAYOUT)
    #undef MW_X_LAYOUT
    MW_L_COUNT
} mw_layout;

// The most immediates of one op; a layout's kinds padded to that many, and
// its width in units.
#define MW_MAX_IMMS 5
#define MW_PAD_KINDS_(a, b, c, d, e, ...) MW_K_##a, MW_K_##b, MW_K_##c, MW_K_##d, MW_K_##e
#define MW_PAD_KINDS(...) MW_PAD_KINDS_(__VA_ARGS__, NONE, NONE, NONE, NONE, NONE)
#define MW_SUM_WIDTHS_(a, b, c, d, e, ...) (MW_W_##a + MW_W_##b + MW_W_##c + MW_W_##d + MW_W_##e)
#define MW_SUM_WIDTHS(...) MW_SUM_WIDTHS_(__VA_ARGS__, NONE, NONE, NONE, NONE, NONE)
enum {
    #define MW_X_LW(name, ...) MW_LW_##name = MW_SUM_WIDTHS(__VA_ARGS__),
    MW_LAYOUTS(MW_X_LW)
    #undef MW_X_LW
};

// MW_N(name): the number of immediate units after op `name`'s opcode.
enum {
    #define MW_X_N(name, layout, doc) MW_N_##name = MW_LW_##layout,
    MW_OP_LIST(MW_X_N)
    #undef MW_X_N
};
#define MW_N(name) MW_N_##name
#define MW_BR_ENTRY_KINDS MW_K_TARGET, MW_K_SLOT, MW_K_COUNT, MW_K_SLOT
#define MW_BR_ENTRY (MW_W_TARGET + MW_W_SLOT + MW_W_COUNT + MW_W_SLOT)   // units

// The format as data (code.c), for code that walks lowered code.
extern const uint8_t mw_op_row[MW_OP_TABLE_ROWS];        // each op's row of the two below (code.c)
extern const uint8_t mw_row_kinds[][MW_MAX_IMMS];        // a row's NONE-padded kinds (its layout's)
extern const uint8_t mw_row_units[];                     // a row's MW_LW_ (its layout's)
extern const uint8_t mw_kind_units[MW_K_COUNT_];         // MW_W_ of each kind
static inline const uint8_t *mw_op_kinds(uint32_t op) {
    return mw_row_kinds[mw_op_row[op]];
}
static inline uint32_t mw_op_units(uint32_t op) {    // MW_N of op
    return mw_row_units[mw_op_row[op]];
}
#if MW_NARROW_IMM
extern const uint8_t mw_row_layout[];                    // a row's mw_layout
static inline uint32_t mw_op_layout(uint32_t op) {
    return mw_row_layout[mw_op_row[op]];
}
#endif
#if MW_OP_PROFILE
// Called by mw_exec before each op it dispatches (pc: the op's code, fp: the
// running frame's slots); the embedder defines it (mw_config.h, MW_OP_PROFILE).
void mw_op_profile_hit(const mw_code_unit *pc, const mw_val *fp);
#endif
#if MW_OP_PROFILE
// Called by decode.c and lazy.c once a function's lowered code is in its
// place (code, len units), with where each run of it was emitted
// (mw_lower_work's sites, n pairs) and its function index (imports
// included, as in the binary); the embedder defines it too.
void mw_op_profile_code(const mw_code_unit *code, uint32_t len, const uint32_t *sites, uint32_t n, uint32_t func);
// A site: the wasm opcode being lowered (0xfc: a prefixed one), the line of
// lowering whose call emitted the code (lower_int.h SITE_CALL: the line of
// lower.c or lower_branch.c, with the file's number above bit 16; the
// outermost of materialize, materialize_top, emit_copy, const_into; 0: the
// opcode's own lowering),
// and whether that copy's source is a local (emit_copy only).
#define MW_SITE(wop, line, from_local) ((uint32_t)(wop) | (uint32_t)(line) << 8 | ((from_local) ? 1u << 31 : 0u))
#endif
#if MW_OP_PROFILE || MW_FUSED_ARITH
// How many ops after op its handler may run as its own and continue after
// (code.c: a fused row whose partner op stays in the code; 0 for the rest):
// the op profile's straight line, and lower_narrow.c narrow_imm's test that an op
// it fuses with the op after it is no other row's partner.
uint32_t mw_op_runs_after(uint32_t op);
#endif
// The immediates of the instruction whose opcode is at `at`, in the order of
// its layout (a slot pair's two slots, a U32 or I16 as its units hold it), 0
// past the last (code.c); lowering's peepholes read the code they rewrite with it.
void mw_code_imms(const mw_code_unit *at, uint32_t *vals);
// A hash of the op table (code.c): precompiled images record it.
uint32_t mw_code_fingerprint(void);
// The doc column's words (scripts/gen_code_meanings.py generates them into
// code_meanings.h) tell mw_code_check (code.c) what
// an instruction's immediates mean, beside their kinds: d a b c x (frame
// slots; next to n, ranges of n), n, target (forward only) / loop (polls
// when it jumps back), idx (global), table/tableidx, mem, dst/src (tables
// for TABLE_COPY, else memories), elem, data, typeidx, funcidx, defidx,
// base (a call's argument slots), op (MLOAD/MSTORE's op), k32/k64 (a shift
// or rotation count, 0 .. 31 / 0 .. 63), and offset/value/imm/count (any value). Only the words before the first
// ':', '(', ';' or ','; one word per immediate of the layout.

// ---- module ------------------------------------------------------------------

// mw_module_load flag, engine-internal (image.c): the binary has no code
// section; the caller fills in every defined function's code afterwards.
#define MW_LOAD_NO_CODE 0x80000000u

// A constant expression (spec 3.3.10): one instruction, already validated.
typedef struct mw_constexpr {
    uint8_t op;               // binary opcode (mw_wasm.h): a const, ref.null, ref.func or global.get
    uint32_t idx;             // funcidx / globalidx
    mw_val val;               // constants
} mw_constexpr;

// A call zeroes the callee's locals MW_ZERO_STEP slots at a time, with no
// test of a count left over: mw_funcdef's zero_hi - zero_lo is a multiple of
// it (lower.c zero_span, image.c checks an image's).
#define MW_ZERO_STEP 4
// How far past its frame's top a span may end (lower.c zero_span), and the
// value stack's slots past its end for it (runtime.c STACK_BYTES).
#define MW_ZERO_SPARE (MW_ZERO_STEP - 2)

typedef struct mw_funcdef {
    uint32_t type;            // type index
    uint32_t zero_lo, zero_hi;    // a call zeroes slots [zero_lo, zero_hi): the locals some
                                  // path reads before writing (lower.c), the span rounded
                                  // up to MW_ZERO_STEP slots, ending at most MW_ZERO_SPARE
                                  // past max_slots (runtime.c STACK_BYTES); 0, 0: none,
                                  // else zero_lo < zero_hi (exec.c ZERO_LOCALS stores a
                                  // step before its end test; image.c checks an image's)
    uint32_t max_slots;       // params + locals + max operand stack height
    mw_code_unit *code;       // lowered code, inside one of the module's code chunks;
                              // MW_LOAD_LAZY (lazy.c): its stub in lazy_stubs until
                              // lowered, then a block of its own
    uint32_t code_len;        // in units (MW_LOAD_LAZY: 0 until first lowered)
    uint32_t body_offset;     // byte offset of the body in the binary
    uint32_t body_size;       // its length in bytes
} mw_funcdef;

typedef struct mw_tabledef {
    uint8_t elem;             // MW_FUNCREF / MW_EXTERNREF
    mw_limits limits;
} mw_tabledef;

typedef struct mw_globaldef {
    uint8_t type;
    bool mut;
    mw_constexpr init;
} mw_globaldef;

typedef struct mw_importdef {
    const char *module;
    const char *name;
    uint32_t module_len, name_len;
    uint8_t kind;
    uint32_t index;           // index within its kind's space
} mw_importdef;

typedef struct mw_exportdef {
    const char *name;
    uint32_t name_len;
    uint8_t kind;
    uint32_t index;
} mw_exportdef;

enum { MW_SEG_ACTIVE, MW_SEG_PASSIVE, MW_SEG_DECLARATIVE };

typedef struct mw_elemdef {
    uint8_t mode;
    uint8_t type;             // MW_FUNCREF / MW_EXTERNREF
    uint32_t table;
    mw_constexpr offset;
    uint32_t count;
    mw_constexpr *items;      // own block
} mw_elemdef;

typedef struct mw_datadef {
    uint8_t mode;
    uint32_t mem;
    mw_constexpr offset;
    uint32_t len;
    const uint8_t *bytes;     // own block (copy), or in the borrowed binary
} mw_datadef;

// Lowered code lives in a few large blocks rather than one per function: an
// allocator that searches its free space (a GC heap) pays per block, and a
// large module has thousands of functions. Each chunk is shrunk to the code
// it holds once the next function does not fit (decode.c).
typedef struct mw_code_chunk {
    mw_code_unit *words;
    uint32_t cap;             // the block's size in units
} mw_code_chunk;

struct mw_module {
    // (the flags, the byte count and the ref.func bitmap first: Thumb-2's
    // 16-bit loads and stores reach bytes 0 .. 31 and words 0 .. 124 of a
    // struct; a field past them costs 2 B of text at each access)
    bool has_datacount;
    bool borrowed;            // data segments point into the caller's binary
    bool names_borrowed;      // import/export names too, not NUL-terminated (images, image.c)
    bool multi_memory;        // multi-memory proposal on (else Wasm 2.0: one memory, zero-byte immediates)
    bool lazy;                // MW_LOAD_LAZY (lazy.c, code_bytes below)
    size_t ram;               // bytes allocated for this module
    uint8_t *declared_refs;   // bitmap: functions allowed in ref.func
    uint32_t ntypes, nimports, nfuncs, ntables, nmems, nglobals, nexports, nelems, ndatas;
    uint32_t nfunc_imports, ntable_imports, nmem_imports, nglobal_imports;
    uint32_t start;           // funcidx or UINT32_MAX
    // While loading: element capacity of each array from `types` to `datas`
    // (indexed by decode.c's mod_array), for freeing a half-loaded module;
    // NULL once loaded, when every array holds exactly its count (+1 byte,
    // see mod_grow).
    uint32_t *caps;
    mw_functype **types;      // each its own block
    mw_importdef *imports;
    uint32_t *functypes;      // type index of every function (imports first)
    mw_funcdef *funcs;        // defined functions only
    mw_tabledef *tables;      // all tables (imports first)
    mw_limits *mems;          // all memories (imports first)
    mw_globaldef *globals;    // all globals (imports first; init unused for imports)
    mw_exportdef *exports;
    mw_elemdef *elems;
    mw_datadef *datas;
    mw_code_unit *lazy_stubs; // MW_LAZY_STUB units per defined function: LAZY defidx
    mw_code_chunk *chunks;    // every function's lowered code, packed in order
    uint32_t nchunks, cap_chunks;
    // MW_LOAD_LAZY (lazy.c): bodies are lowered on first call from code_bytes,
    // which holds the binary's bytes from offset code_base on (the borrowed
    // binary itself, code_base 0; or an own copy of the code section,
    // code_copy_len bytes). Each lowered function has a block of its own
    // (code_ram bytes in all), linked in the order they were lowered.
    // An image (never lazy, always borrowed) holds its offset map here
    // (image.h, read in place; MW_TRAP_OFFSETS; NULL: none): no field, no
    // RAM, of its own in every module.
    const uint8_t *code_bytes;
    uint32_t code_base, code_copy_len;
    uint32_t lazy_first, lazy_last;   // oldest and newest lowered: defidx + 1, 0: none
    size_t code_ram;          // bytes of the lowered functions' blocks
    #if MW_UNLOWER
    uint32_t arena_units;     // the code arena's units (below)
    size_t code_budget;       // at most this many bytes of code_ram (0: no limit)
    const mw_runtime *budget_rt;  // set with the budget: the runtime whose frames are checked
    mw_code_unit **lazy_blocks;   // with a budget: each defined function's block (NULL:
                                  // none), kept while its code is its stub (armed, lazy.c)
    mw_code_unit *arena;      // made with the budget: one block of arena_units units its
                              // functions' code lives in (lazy.c's code arena; NULL: none)
    uint32_t arena_made;      // its units when made: a grow short of heap shrinks it
                              // (arena_shrink), lowering grows it back (arena_regrow)
    uint32_t nown;            // blocks of their own lowered beside the arena since the
                              // last call returned, at least (mw_lazy_settle)
    #endif
    uint32_t nlowered;        // defined functions lowered now
    uint32_t nlowerings;      // lowerings since the load (again after an eviction)
    // (read at load and free only: past the 16-bit loads' reach)
    const uint8_t *binary;    // that binary (also keeps it alive for a GC)
    char *names;              // all import/export names, own block
    #if MW_FUNC_NAMES
    const uint8_t *fnames;    // the name section's function names: in the binary (borrowed), else own copy
    uint32_t fnames_len;      // (0: none)
    #endif
};

// ---- runtime objects ---------------------------------------------------------

struct mw_func {
    const mw_functype *type;
    mw_host_fn host;          // host functions; NULL for a wasm function
    union {
        struct {
            mw_instance *inst;        // owning instance
            const mw_funcdef *def;    // body
        } wasm;
        void *ctx;            // host functions: the embedder's context
    } u;
    mw_functype own_type;     // host functions only: a copy of the type follows
};
// A wasm function's object ends before own_type: 16 bytes on a 32-bit target
// (an instance has one per function that can escape).
#define MW_WASM_FUNC_SIZE offsetof(mw_func, own_type)

// A shared heap (sheap.c, after WAMR's shared heap): `size` bytes at `native`,
// seen by wasm at app addresses [start, start + size) near the top of the
// 32-bit space. Chains are linked head -> body, upward in address.
struct mw_sheap {
    uint8_t *native;          // native address of the heap's first byte
    bool managed;             // has an allocator (block headers in its memory); here,
                              // in the bytes a 32-bit pointer leaves before `size`,
                              // a 16-bit load reaches it (Thumb-2: offsets 0 .. 31)
    uint64_t size;            // bytes
    uint64_t start;           // app address of the first byte
    mw_sheap *body;           // next heap toward 2^32, or NULL
    mw_sheap *head;           // the heap chained in front of this one, or NULL
    uint32_t attached;        // memories this heap (as a chain head) is attached to
    uint32_t mapped;          // windows showing this heap (window.c)
    void *user;               // embedder pointer, kept reachable
};

// A window (window.c): `size` bytes of embedder memory at `native` that wasm
// reaches at app addresses [start, start + size) of a memory.
typedef struct mw_window {
    uint64_t start;
    uint64_t size;
    uint8_t *native;
    mw_sheap *heap;           // the heap it shows, or NULL (raw memory)
    void *user;               // embedder pointer, kept reachable
    bool readonly;            // stores trap
    bool by_app;              // mapped by the app (mw_memory_map's flag): it may unmap it
} mw_window;

struct mw_memory {
    uint8_t *data;            // native address of app address 0
    // (these four in the bytes a pointer leaves before `size`, where a 16-bit
    // Thumb-2 load reaches them: offsets 0 .. 31)
    bool hit_ro;              // the hit heap or window is read-only: stores take the slow path
    uint8_t nwindows;         // windows in use, sorted by start (window.c)
    bool sheap_ro;            // attached read-only: stores into it trap (stale once detached)
    bool fixed;               // data is the embedder's (mw_memory_new_fixed): never freed
    uint64_t size;            // accessible bytes (<= pages << page_log2)
    uint64_t pages;           // current size in pages (memory.size)
    uint64_t limit;           // allocation cap in bytes (memory_limit option), 0 = none
    mw_limits lim;            // type: min/max/page size
    mw_sheap *sheap;          // attached shared heap (chain head) or NULL (sheap.c)
    bool lent;                // data handed out to be kept (mw_memory_lend): a move keeps it (gc_memory)
    uint16_t pins;            // mw_memory_pin nesting: while not 0 a grow does not move data
    // The instance that attached it, as ~(uintptr_t)inst: compared, and
    // followed only by mw_memory_free while sheap is set (the attacher is
    // alive then: its free detaches), left stale by a detach (sheap is NULL
    // then). As a plain
    // pointer an embedder's conservative collector followed it from a memory
    // other instances import and kept the attaching instance (and whatever
    // it holds) alive, so its finaliser never detached (docs/benchmarks-history.md
    // "Binding fuzzer (session 30)").
    uintptr_t sheap_inst;
    // The heap of the chain hit last: app addresses [hit_lo, hit_hi) are at
    // native hit_bias + app_addr (modulo the pointer width). Empty when
    // nothing is attached (all zero, as allocated, is empty too: the slow
    // path never sees app_addr + n == 0).
    uint64_t hit_lo, hit_hi;
    uintptr_t hit_bias;
    mw_window *windows;       // MW_MAX_WINDOWS entries once the first is mapped, else NULL
    // grows the heap refused (MW_GROW_NOMEM) and the most pages one asked
    // for: what the embedder reads to see why a program took another path
    // (mw_memory_refused)
    uint32_t nomem_grows, nomem_pages;
    #if MW_GUARD_PAGES
    // Where the interpreter's memory-0 accesses go (exec.c mem0_base): data
    // when data is a guard reservation (memory.c: MW_GUARD_RESERVE bytes,
    // only the first `size` accessible), else MW_GUARD_NOWHERE, where every
    // access faults into the slow path (mw_guard_fault).
    uint8_t *exec_base;
    bool guarded;             // data is a reservation (freed by the platform's release)
    void *keeper;             // the embedder's object that gives it back (mw.h mw_guard_ops keep), or NULL
    bool shown;               // the platform shows heap or window pages in the reservation (mw_guard_show)
    #endif
};

// A funcref table's entry is NULL, a pointer to a function object (even),
// or, in a table an instance defined (its owner), an odd word naming one of
// the owner's defined functions by index (mw_table_def_entry): a function
// the table holds needs no object until it escapes as a value (table.get,
// or copied into a table of another owner), and call_indirect finds its
// code and instance from the index. An externref table has no owner: its
// entries are the embedder's values, odd or not.
struct mw_table {
    void **elems;
    uint32_t size;
    uint8_t elem;
    mw_limits lim;
    mw_instance *owner;       // the defining instance (funcref tables), else NULL
};

struct mw_global {
    mw_val val;
    uint8_t type;
    bool mut;
};

// What an instance holds grows with the module only where it must: a
// pointer per imported function, an object per defined function that has
// escaped as a value (the exported ones and the start function from the
// start, others when ref.func, table.get or a global's initializer first
// needs one; internal calls go to the module's code, and its own tables name
// its functions by index: mw_table), a byte per segment. Element segments are
// not copied: their items are constant expressions over immutable state
// (ref.func, ref.null, a global.get of an immutable global), evaluated from
// the module where they are used (instantiation, table.init), which gives the
// references the spec's instantiation-time evaluation gives.
struct mw_instance {
    const mw_module *mod;
    mw_runtime *rt;
    mw_func **funcs;          // the imported functions (nfunc_imports)
    mw_func **escaping;       // objects of the defined functions that escaped, by index
    uint32_t nescaping, cap_escaping;
    mw_table **tables;
    mw_memory **mems;
    mw_global **globals;
    uint8_t *data_dropped;    // one byte per data segment, then
    uint8_t *elem_dropped;    // one per element segment (the same block)
    size_t ram;
    #if MW_GROW_RAISES
    bool grow_raises;         // mw_inst_options.grow_raises
    #endif
};
// Function x of the instance (an import, or a defined one whose object was
// made), else NULL (instance.c).
mw_func *mw_instance_func(const mw_instance *inst, uint32_t x);
// Function x of the instance, making the object of a defined function the
// first time it escapes (ref.func, table.get, a global's initializer): it is
// kept in inst->escaping until the instance is freed, so a function has one
// object. MW_ERR_NOMEM if none can be allocated.
mw_status mw_instance_funcref(mw_instance *inst, uint32_t x, mw_func **out);
// The value of a constant expression (an initializer or a segment item);
// MW_ERR_NOMEM only for a ref.func whose object cannot be made.
mw_status mw_eval_const(mw_instance *inst, const mw_constexpr *ce, mw_val *out);
// Segment item ce of inst as an entry of table t (no object for a function
// of t's owner); *entry is left as it was on failure.
mw_status mw_elem_item(mw_instance *inst, const mw_table *t, const mw_constexpr *ce, void **entry);

// Table entries (mw_table): defined function i of the owner; a reference
// value (NULL, a function object, an externref) as t's entry; an odd entry
// of an owned table back to its function's object (may allocate it).
static inline void *mw_table_def_entry(uint32_t i) {
    return (void *)(((uintptr_t)i << 1) | 1);
}
static inline bool mw_table_entry_is_def(const mw_table *t, const void *e) {
    return ((uintptr_t)e & 1) && t->owner != NULL;
}
void *mw_table_encode(const mw_table *t, void *ref);
mw_status mw_table_decode(const mw_table *t, void *e, void **ref);
// table.copy between tables of different owners, entry by entry (the
// indices are checked): MW_ERR_NOMEM if an object cannot be made.
mw_status mw_table_copy_across(mw_table *td, uint32_t d, const mw_table *ts, uint32_t s, uint32_t n);

typedef struct mw_frame {
    // return address in the caller, MW_RET_BIAS units on (MW_FRAME_RET); bit
    // 0 set: the call switched instance (exec.c call_def), and inst is the
    // caller's
    const mw_code_unit *pc;
    mw_val *fp;               // caller's frame pointer
    // the caller's instance where pc is tagged (NULL: return to the embedder);
    // NULL in every other frame, so a return within one instance neither
    // compares nor clears it
    mw_instance *inst;
    // the code of the function this frame runs (the callee's own, not the
    // caller's): the running function's is the top frame's, so exec.c keeps
    // no variable for it, and every function running on the runtime
    // (callers of a host function too) has its code on a frame (lazy.c)
    const mw_code_unit *code;
} mw_frame;
// A host function called from wasm has a frame too (exec.c do_call): pc 1
// (tagged, no address: its return is in the C stack, so lazy.c moves no
// caller's code under it), inst its caller's instance, code its mw_func
// (MW_HOST_FRAME), and (MW_TRAP_OFFSETS) fp its caller's return address,
// as a pointer of fp's type: nothing returns through it. What names a failed call's frames (mw_trap_trace) across
// host functions that call back into wasm: an embedder's call has a frame
// of a tagged pc (1 + MW_RET_BIAS: MW_FRAME_RET NULL) and inst NULL at its
// bottom.
#define MW_HOST_FRAME(f) ((f)->pc == (const mw_code_unit *)1 && (f)->inst != NULL)
// The value stack: each frame is [locals | operand slots] at fp; a call's
// arguments are the caller's operand slots at `base`, which become the
// callee's first locals (fp' = fp + base), and its results come back there.

// The longest failure detail with its NUL (errors.c asserts every text fits).
#define MW_DETAIL_MAX 96

#if MW_TRAP_OFFSETS
// Each of a failed call's trace frames' unit in its code just past where it
// stopped (the trapping instruction's opcode, a call's return address; 0: not
// known), which mw_trap_offset maps back to the wasm: MW_TRACE_FRAMES of them
// after the frame stack's last frame, in its block (runtime.c FRAMES_BYTES),
// not in mw_runtime, whose size an embedder's static storage for it is
// (mw.h MW_RUNTIME_BYTES: the small profile's heap on netduinoplus2 has no
// 32 B to spare). Only while the stacks are there (rt->frames != NULL).
#define MW_TRACE_UNITS(rt) ((uint32_t *)((rt)->frames + (rt)->cfg.max_frames + 1))
#endif
// The frame stack's block for max_frames frames: one frame more (runtime.c
// FRAMES_BYTES says why) and the trace units after them.
#define MW_FRAMES_BYTES(max_frames) \
    (((size_t)(max_frames) + 1) * sizeof(mw_frame) + MW_TRAP_OFFSETS * MW_TRACE_FRAMES * sizeof(uint32_t))

struct mw_runtime {
    mw_config cfg;
    mw_report report;
    // where the last failed call stopped (mw.h mw_trap_trace; exec.c notes
    // it, mw_fail sets it to 0): its depth (here, in Thumb-2's 16-bit
    // stores' reach), its top frames at the end
    uint32_t trace_depth;
    size_t nomem_size;        // bytes the last allocation that failed asked for
    mw_val *stack, *stack_end, *sp;    // value stack; sp = first free slot
    mw_frame *frames, *frames_end, *fsp;
    // High-water marks since the embedder's outermost mw_call began: slots
    // and frames below them may hold old values, all above are zero. The
    // collector scans both blocks, so mw_call zeroes up to them when it
    // returns to nesting 0 (an old funcref or externref would keep its
    // object alive), once per entry rather than at every return.
    mw_val *slots_hw;
    mw_frame *frames_hw;
    uint32_t nesting;
    int32_t countdown;        // polls when it reaches 0
    bool fuel_on;
    int64_t fuel;             // remaining fuel when fuel_on (not counting countdown)
    mw_trap_frame trace[MW_TRACE_FRAMES];     // its top frames (their units: MW_TRACE_UNITS)
    #if MW_FAULT_WHERE
    // the instance mw_exec runs (NULL: none), for a memory fault's path
    // (exec.c mw_runtime_fault_trace): written where it switches instance
    const mw_instance *running;
    #endif
};

// ---- error details -------------------------------------------------------------
// What went wrong, for mw_report.msg: one row per message (the spec's wording
// where the spec test suite has one). The status says which class it is; a
// failure whose text is its status's own ("out of memory", "call stack
// exhausted", "incompatible import type", the out of bounds traps) passes
// MW_D_NONE, which reads as the status text (no copy of it here).
// errors.c keeps the texts packed: after changing a row, run
// python3 scripts/gen_detail_text.py (it rewrites detail_text.h).
#define MW_DETAIL_LIST(X) \
    X(NONE, "") \
    X(ALIGNMENT_MUST_NOT_BE_LARGER_THAN_NATURAL, "alignment must not be larger than natural") \
    X(CONSTANT_EXPRESSION_REQUIRED, "constant expression required") \
    X(DATA_COUNT_AND_DATA_SECTION_HAVE_INCONSISTENT_LENGTHS, "data count and data section have inconsistent lengths") \
    X(DATA_COUNT_SECTION_REQUIRED, "data count section required") \
    X(DUPLICATE_EXPORT_NAME, "duplicate export name") \
    X(ELSE_WITHOUT_IF, "else without if") \
    X(FUNCTION_AND_CODE_SECTION_HAVE_INCONSISTENT_LENGTHS, "function and code section have inconsistent lengths") \
    X(GLOBAL_IS_IMMUTABLE, "global is immutable") \
    X(ILLEGAL_OPCODE, "illegal opcode") \
    X(INTEGER_REPRESENTATION_TOO_LONG, "integer representation too long") \
    X(INTEGER_TOO_LARGE, "integer too large") \
    X(INVALID_CUSTOM_PAGE_SIZE, "invalid custom page size") \
    X(INVALID_RESULT_ARITY, "invalid result arity") \
    X(LENGTH_OUT_OF_BOUNDS, "length out of bounds") \
    X(MAGIC_HEADER_NOT_DETECTED, "magic header not detected") \
    X(MALFORMED_DATA_SEGMENT_KIND, "malformed data segment kind") \
    X(MALFORMED_ELEMENTS_SEGMENT_KIND, "malformed elements segment kind") \
    X(MALFORMED_ELEMENT_KIND, "malformed element kind") \
    X(MALFORMED_EXPORT_KIND, "malformed export kind") \
    X(MALFORMED_IMPORT_KIND, "malformed import kind") \
    X(MALFORMED_LIMITS_FLAGS, "malformed limits flags") \
    X(MALFORMED_MUTABILITY, "malformed mutability") \
    X(MALFORMED_REFERENCE_TYPE, "malformed reference type") \
    X(MALFORMED_SECTION_ID, "malformed section id") \
    X(MALFORMED_UTF8, "malformed UTF-8 encoding") \
    X(MALFORMED_VALUE_TYPE, "malformed value type") \
    X(MEMORY_TOO_LARGE, "memory too large") \
    X(MEM_TOO_BIG_PAGES, "memory size must be at most 65536 pages (4GiB)") \
    X(MULTIPLE_MEMORIES, "multiple memories") \
    X(NESTING_TOO_DEEP, "nesting too deep") \
    X(SECTION_SIZE_MISMATCH, "section size mismatch") \
    X(SIZE_MINIMUM_MUST_NOT_BE_GREATER_THAN_MAXIMUM, "size minimum must not be greater than maximum") \
    X(START_FUNCTION, "start function") \
    X(TABLE_TOO_LARGE, "table too large") \
    X(TOO_MANY_LOCALS, "too many locals") \
    X(FRAME_TOO_BIG, "function frame exceeds the value stack (mw_config.stack_slots)") \
    X(BRANCH_TOO_FAR, "branch beyond 32 K code units") \
    X(FRAME_TOO_MANY_SLOTS, "function frame exceeds " MW_STR(MW_MAX_FRAME_SLOTS) " slots (MW_MAX_FRAME_SLOTS)") \
    X(TOO_MANY_PARAMS_OR_RESULTS, "too many params or results") \
    X(TYPE_MISMATCH, "type mismatch") \
    X(UNDECLARED_FUNCTION_REFERENCE, "undeclared function reference") \
    X(UNEXPECTED_CONTENT_AFTER_LAST_SECTION, "unexpected content after last section") \
    X(UNEXPECTED_END, "unexpected end") \
    X(UNEXPECTED_END_OF_SECTION_OR_FUNCTION, "unexpected end of section or function") \
    X(UNKNOWN_BINARY_VERSION, "unknown binary version") \
    X(UNKNOWN_DATA_SEGMENT, "unknown data segment") \
    X(UNKNOWN_ELEM_SEGMENT, "unknown elem segment") \
    X(UNKNOWN_FUNCTION, "unknown function") \
    X(UNKNOWN_GLOBAL, "unknown global") \
    X(UNKNOWN_LABEL, "unknown label") \
    X(UNKNOWN_LOCAL, "unknown local") \
    X(UNKNOWN_MEMORY, "unknown memory") \
    X(UNKNOWN_TABLE, "unknown table") \
    X(UNKNOWN_TYPE, "unknown type") \
    X(ZERO_BYTE_EXPECTED, "zero byte expected") \
    X(SHEAP_ATTACHED, "shared heap is attached") \
    X(SHEAP_MAPPED, "shared heap is mapped in a window") \
    X(SHEAP_IN_CHAIN, "heap is already in a chain") \
    X(SHEAP_IS_BODY, "heap is already the body of a chain") \
    X(SHEAP_IS_BODY_ATTACH, "heap is the body of a chain: attach its head") \
    X(SHEAP_NOT_HEAD, "heap is not the head of a chain") \
    X(SHEAP_SAME, "cannot chain a heap to itself") \
    X(SHEAP_TWO_MANAGED, "a chain holds at most one managed heap") \
    X(SHEAP_MISALIGNED, "a managed heap must start 8-byte aligned: the heaps after it must total a multiple of 8 bytes") \
    X(SHEAP_TOO_BIG, "chain does not fit the 32-bit address space") \
    X(SHEAP_HAS_ONE, "instance already has a shared heap attached") \
    X(SHEAP_OVERLAP, "linear memory reaches into the shared heap") \
    X(SHEAP_NO_MEMORY, "instance has no memory") \
    X(UNSUPPORTED_SIMD, "SIMD (v128) is not supported") \
    X(UNSUPPORTED_THREADS, "threads (shared memory, atomics) are not supported") \
    X(UNSUPPORTED_EXCEPTIONS, "exception handling is not supported") \
    X(UNSUPPORTED_TAIL_CALLS, "tail calls are not supported") \
    X(UNSUPPORTED_MEMORY64, "memory64 is not supported") \
    X(WINDOW_TOO_MANY, "too many windows (at most " MW_STR(MW_MAX_WINDOWS) " per memory)") \
    X(WINDOW_OVERLAP, "window overlaps another window") \
    X(WINDOW_OVER_MEMORY, "window overlaps linear memory") \
    X(WINDOW_OVER_HEAP, "window overlaps the attached shared heap chain") \
    X(WINDOW_PAST_4G, "window reaches past 2^32") \
    X(WINDOW_EMPTY, "window size must be at least 1 byte") \
    X(WINDOW_NO_ROOM, "no free range of the address space is large enough") \
    X(WINDOW_NOT_MAPPED, "no window starts at that address") \
    X(SHEAP_OVER_WINDOW, "the shared heap chain overlaps a window") \
    X(CODE_CHECK, "lowered code is malformed (engine bug)") \
    X(CODE_OP, "lowered code: unknown op") \
    X(CODE_FUSED, "lowered code: fused op without the op it fuses") \
    X(CODE_IMM, "lowered code: immediate its op does not allow") \
    X(CODE_END, "lowered code: instruction runs past the function's end") \
    X(CODE_TARGET, "lowered code: branch target is not an instruction start") \
    X(CODE_BACKWARD, "lowered code: backward branch without a poll") \
    X(CODE_SLOT, "lowered code: slot outside the function's frame") \
    X(CODE_INDEX, "lowered code: index out of range") \
    X(CODE_FALLS_OFF, "lowered code: function does not end with a return or jump") \
    X(IMAGE_MAGIC, "not a wasm-cross image (bad magic)") \
    X(IMAGE_VERSION, "unsupported image format version (rebuild it with this firmware's wasm-cross)") \
    X(IMAGE_CODE_VERSION, "image lowered for another engine code format (rebuild it with this firmware's wasm-cross)") \
    X(IMAGE_TARGET, "image built for another target (word size, byte order or code unit)") \
    X(IMAGE_FEATURES, "image needs multi-memory, which this load has off") \
    X(IMAGE_TRUNCATED, "image truncated") \
    X(IMAGE_CHECKSUM, "image checksum mismatch (corrupted)") \
    X(IMAGE_LAYOUT, "image section offset or length out of range") \
    X(IMAGE_FUNCS, "image function table does not match the module") \
    X(IMAGE_FRAME, "image function's locals or frame out of range") \
    MW_DETAIL_UNLOWER(X) \
    MW_DETAIL_OPS(X) \
    MW_DETAIL_NAMES(X) \
    MW_DETAIL_MAP(X)
    /* end */
// mw_module_unlower's refusals: only where it is built (MW_UNLOWER)
#if MW_UNLOWER
#define MW_DETAIL_UNLOWER(X) \
    X(UNLOWER_EAGER, "not a lazy module: its code was lowered at load") \
    X(UNLOWER_RUNNING, "a call into wasm is running")
#else
#define MW_DETAIL_UNLOWER(X)
#endif

// an image's function names refused (mw_names_check): only where names are read (MW_FUNC_NAMES)
#if MW_FUNC_NAMES
#define MW_DETAIL_NAMES(X) \
    X(IMAGE_NAMES_END, "image function names: an entry runs past their part") \
    X(IMAGE_NAMES_ORDER, "image function names: index out of order or out of range") \
    X(IMAGE_NAMES_EXTRA, "image function names: bytes after the last entry")
#else
#define MW_DETAIL_NAMES(X)
#endif

// an image's offset map refused (image.c): only where offsets are read (MW_TRAP_OFFSETS)
#if MW_TRAP_OFFSETS
#define MW_DETAIL_MAP(X) \
    X(IMAGE_MAP_END, "image offset map: an entry runs past its part") \
    X(IMAGE_MAP_UNIT, "image offset map: unit not at the end of an op of its function") \
    X(IMAGE_MAP_OFFSET, "image offset map: offset before its function's body") \
    X(IMAGE_MAP_EXTRA, "image offset map: bytes after the last function's entries")
#else
#define MW_DETAIL_MAP(X)
#endif

// mw_code_check's refusal of an op the engine does not run (MW_ALL_OPS=0)
#if !MW_ALL_OPS
#define MW_DETAIL_OPS(X) \
    X(CODE_NOT_IN_SET, "image holds a full-profile fused op: use wasm-cross --target cortex-m-small or host-small")
#else
#define MW_DETAIL_OPS(X)
#endif

typedef enum mw_detail {
    #define MW_X_DETAIL(name, text) MW_D_##name,
    MW_DETAIL_LIST(MW_X_DETAIL)
    #undef MW_X_DETAIL
    MW_D_COUNT
} mw_detail;

// ---- helpers shared between stages -------------------------------------------

// The units of the lowered instruction at c (its opcode), BR_TABLE's
// entries too (lower_narrow.c, MW_NARROW_IMM or MW_TRAP_OFFSETS; lowering's
// instr_units, lower_int.h).
uint32_t mw_lower_instr_units(const mw_code_unit *c);

// Threaded code (mw_config.h MW_THREADED, docs/engine.md "Threaded code"):
// in RAM each op starts with its handler's address in MW_THREAD_UNITS units
// (0 elsewhere), then its op unit and its immediates as in compact code.
// MW_OP_AT(c): the op of the op that starts at c; MW_OP_HEAD: the units
// from an op's start to its immediates (a fused row's handler reads its
// partner's immediates MW_N(row) + MW_OP_HEAD units past its own).
#if MW_THREADED
#define MW_THREAD_UNITS 4
_Static_assert(sizeof(void *) == MW_THREAD_UNITS * sizeof(mw_code_unit), "an address in the head's units");
#else
#define MW_THREAD_UNITS 0
#endif
#define MW_OP_AT(c) ((c)[MW_THREAD_UNITS])
#define MW_OP_HEAD (MW_THREAD_UNITS + 1)
// A frame's pc is its return point MW_RET_BIAS units on: where code is
// threaded, at the op's immediates past its head, so that a return jumps
// through the head (`jmp *-10(pc)`) with no step of pc first, and the call
// that stores it folds the units into its own step of pc (exec.c
// CALL_OWN). MW_FRAME_RET(f): the return point itself, untagged (an
// embedder's frame's: NULL, so the bias is taken off as an integer: UBSan
// refuses arithmetic on a null pointer); elsewhere the expression it
// always was, which leaves the boards' trap_stop and lazy.c as they were
// instruction for instruction (as an inline function GCC allocated their
// registers anew, +8 B on Cortex-M3).
#define MW_RET_BIAS (MW_THREADED ? MW_OP_HEAD : 0)
#if MW_THREADED
#define MW_FRAME_RET(f) \
    ((const mw_code_unit *)(((uintptr_t)(f)->pc & ~(uintptr_t)1) - MW_RET_BIAS * sizeof(mw_code_unit)))
#else
#define MW_FRAME_RET(f) ((const mw_code_unit *)((uintptr_t)(f)->pc & ~(uintptr_t)1))
#endif
// Each op grows by a head threaded: a branch may then not reach its target
// (its 16-bit offset: the far branches' pass, lower.c, keeps lowered code
// clear of that; an image's is refused). Also checked where code is lowered
// for a threaded engine elsewhere: wasm-cross's host images (mw_config.h
// MW_THREAD_REACH; its --target host sets mw_lower_thread_reach), which the
// host threads at load, so their branches must reach there as they would
// in RAM.
#define MW_THREAD_HEAD 4      // an 8-byte address in code units
#if MW_THREADED || MW_THREAD_REACH
extern bool mw_lower_thread_reach;
// Where each op of compact code goes threaded (code.c), made by one walk:
// per run of MW_THREAD_RUN units the ops that start before it, per unit an
// op starts at (and the end) the ops that start before it in its run, so a
// branch's target threaded costs two loads (a sorted array of op starts
// cost a binary search a target and twice the bytes). Lowering makes it
// for each body (mw_lower_work's; lower.c), where it also finds whether
// the branches reach threaded; the placing threads from it (decode.c,
// lazy.c; image.c makes its own). Its blocks grow to the largest body.
#define MW_THREAD_RUN 64
typedef struct mw_thread_plan {
    uint32_t *before;         // per run: the op starts before it
    uint8_t *in_run;          // per op start and the end: the op starts before it in its run
    uint32_t cap;             // the units in_run holds (0: none yet)
    uint32_t units;           // the code threaded: n + MW_THREAD_HEAD an op; 0 where a branch would not reach
} mw_thread_plan;
// Makes p for compact code (n units) and returns p->units (with `reach`,
// 0 where a branch would not reach its target threaded), UINT32_MAX with
// no memory (reported).
uint32_t mw_thread_plan_make(mw_runtime *rt, mw_thread_plan *p, const mw_code_unit *code, uint32_t n, bool reach);
void mw_thread_plan_free(mw_runtime *rt, mw_thread_plan *p);
#endif
#if MW_THREADED
// Compact code (n units) threaded into out (p->units of them, p made for
// this code and reaching), each head its handler's address (mw_exec's
// table); it cannot fail, so a caller places the code first (lazy.c).
void mw_thread_fill(mw_code_unit *out, const mw_code_unit *code, uint32_t n, const mw_thread_plan *p);
// Unit u of threaded code as the compact code's unit (the trap offsets'
// and images' maps are in compact units).
uint32_t mw_unthread_at(const mw_code_unit *code, uint32_t u);
// mw_exec's handler addresses by op (mw_exec(NULL, NULL) sets it), and
// the one of op (the lazy stubs' heads).
extern const void *const *mw_exec_handlers;
const void *mw_thread_handler(uint32_t op);
#endif

#if MW_TRAP_OFFSETS
// wasm-cross's offset map of defined function i of m, a module that borrows
// its binary (image.h, lower.c): put(ctx, e, offset) for each op of its
// code, by its end unit e, that holds a wasm instruction that can stop a
// call, with the byte offset mw_trap_offset gives it. MW_ERR_ARG where m
// has no body for it or lowering it again did not give its code.
mw_status mw_offset_map(mw_runtime *rt, const mw_module *m, uint32_t i, void (*put)(void *, uint32_t, uint32_t),
    void *ctx);
#endif

// Walk one function's lowered code (fd->code, fd->code_len) with the op table
// (code.c): every op known, its immediates inside the function, branch
// targets on instruction starts, the last instruction one that does not fall
// through; with a module m also slots inside the frame (fd->max_slots) and
// function, type, global, table, memory and segment indices inside m. It
// does not re-check types. MW_OK; MW_ERR_INVALID with *detail (CODE_*) and
// *at (the instruction's index in the code); or MW_ERR_NOMEM. Lowering runs
// it in MW_CHECK_CODE builds; loading an image always (image.c).
mw_status mw_code_check(mw_runtime *rt, const mw_module *m, const mw_funcdef *fd, mw_detail *detail, uint32_t *at);

#if MW_FUNC_NAMES
// A name map (spec 7.4.1: the name section's function names) of len bytes as
// an image carries it (image.c), checked strictly, as the quiet reading of a
// .wasm's name section (decode.c names_note) is not: its count and every
// entry inside it and nothing after, indices increasing and below nfuncs,
// names valid UTF-8. MW_D_NONE, or what is wrong with *at the offset of the
// refused entry (or of the bytes after the last) from names.
mw_detail mw_names_check(const uint8_t *names, uint32_t len, uint32_t nfuncs, uint32_t *at);
#endif

// Allocation and the failure report (runtime.c). Every block is freed and
// resized with its exact size (the mw_alloc_fn contract). A block that may
// hold 0 bytes is allocated with mw_nz(n) bytes, since new_size 0 means free.
void *mw_alloc(mw_runtime *rt, size_t n);              // zeroed; NULL on failure
void *mw_realloc(mw_runtime *rt, void *p, size_t old, size_t n);
void mw_free(mw_runtime *rt, void *p, size_t n);
static inline size_t mw_nz(size_t n) {
    return n ? n : 1;
}
// Record a failure in the runtime's report; returns st. MW_D_NONE: the status text.
mw_status mw_fail(mw_runtime *rt, mw_status st, mw_detail d, uint32_t offset);
#if MW_IMAGE_WHERE
// After mw_fail with a detail: "function F (name), pc P, op O: " put before
// the report's text (name NULL: none; op, the instruction's unit, above 0xffff: none).
void mw_report_where(mw_runtime *rt, uint32_t func, const char *name, uint32_t name_len, uint32_t pc, uint32_t op);
#endif
// mw_fail(rt, MW_ERR_ARG, d, 0), the embedder's bad arguments (shared heaps,
// windows, the code budget): two arguments less at each call site
mw_status mw_fail_arg(mw_runtime *rt, mw_detail d);
// mw_fail(rt, MW_ERR_NOMEM, MW_D_NONE, 0): an allocation for `what` (mw.h
// MW_REPORT_MODULE ..) failed, the report saying which and its bytes. (what
// is passed complemented: a small constant, one 2-byte load on Thumb.)
mw_status mw_fail_nomem_of(mw_runtime *rt, uint32_t not_what);
#define mw_fail_nomem(rt, what) mw_fail_nomem_of((rt), ~(uint32_t)(what))
// d's text written into out (MW_DETAIL_MAX bytes), returning out; NULL for
// MW_D_NONE or an unknown d.
const char *mw_detail_unpack(mw_detail d, char *out);
// s's text (mw_status_str's) written into out (MW_DETAIL_MAX bytes), returning
// out; for an unknown s, "unknown status".
const char *mw_status_unpack(mw_status s, char *out);

bool mw_functype_eq(const mw_functype *a, const mw_functype *b);
// Lowering's work buffers (lower.c), reused across the functions of one load
// and freed after the code section: they only grow, to the largest function's
// needs; each function's code is then copied out into a block of its size.
typedef struct mw_lower_work {
    void *vals, *ctrls;       // lower.c's operand and control stacks
    mw_code_unit *code;       // code being emitted
    uint8_t *locals;          // per local: two words and its type (lower.c)
    uint32_t cap_vals, cap_ctrls, cap_code, cap_locals;
    #if MW_OP_PROFILE
    // the lowering site of each run of the code (lower_int.h site_mark): pairs
    // (first unit, site), ascending; a site is MW_SITE(wasm opcode, line of
    // lowering that emitted it or 0, MW_SITE_FROM_LOCAL)
    uint32_t *sites;
    uint32_t nsites, cap_sites;
    #endif
    #if MW_TRAP_OFFSETS
    // recording (mw_trap_offset only): the wasm instruction each run of the
    // code came from (lower_int.h rec_mark): pairs (first unit, the
    // instruction's byte offset in the binary), ascending
    uint32_t *runs;
    uint32_t nruns, cap_runs;
    bool record;
    #endif
    #if MW_THREADED || MW_THREAD_REACH
    mw_thread_plan plan;      // the code's threading, made by lowering (code.c)
    #endif
} mw_lower_work;
// Validate and lower one body into w->code (fd: its code length, frame and
// locals to zero); with `check`, validate only (MW_LOAD_LAZY's load, where
// MW_FAR_LOWERING): no code (code_len 0), every local to zero and the frame
// validation sizes, which lowering may grow by a slot or two (exec.c LAZY
// checks it again).
mw_status mw_lower_func(mw_runtime *rt, mw_module *m, mw_funcdef *fd, mw_lower_work *w,
    const uint8_t *base, const uint8_t *p, const uint8_t *end, bool check);
void mw_lower_work_free(mw_runtime *rt, mw_lower_work *w);
mw_status mw_exec(mw_runtime *rt, mw_func *f);
// The runtime's stacks and fuel (runtime.c), for mw_call (call.c) and the
// interpreter. mw_stacks_ready: allocate the stacks on first use (false: out
// of memory, reported with their size, mw.h MW_REPORT_STACKS). mw_stack_reach: a call needs frame fsp and n slots at sp, past
// a high-water mark (exec.c's call check): raise the marks; false when that
// is past the stacks' ends. mw_stacks_clear: zero what was used up to the
// marks, which drop back to the bottom (back at nesting 0, so that no old
// funcref, externref or frame keeps an object alive for a collector).
// mw_fuel_window: `total` units of fuel (or polls) from now, as countdown
// windows; mw_fuel_left: what is left. mw_poll_slow: the countdown ran out.
bool mw_stacks_ready(mw_runtime *rt);
bool mw_stack_reach(mw_runtime *rt, const mw_frame *fsp, const mw_val *sp, size_t n);
void mw_stacks_clear(mw_runtime *rt);
void mw_fuel_window(mw_runtime *rt, int64_t total);
int64_t mw_fuel_left(const mw_runtime *rt);
mw_status mw_poll_slow(mw_runtime *rt);
// Lazy lowering (lazy.c, MW_LOAD_LAZY). Until its first call a function's
// code is its stub, `LAZY defidx` (MW_LAZY_STUB units in m->lazy_stubs).
// mw_lazy_stubs: allocate and fill the stubs of every defined function
// (MW_ERR_NOMEM). mw_lazy_lower: lower fd (validated at load) from the
// module's code bytes into a block of its own (its code, then MW_LAZY_LINK
// units: the next function lowered, defidx + 1) and point fd->code at it,
// first dropping functions not running on rt where the code budget needs it
// (lazy_evict); out of memory, code not running gives way and it tries
// again; only MW_ERR_NOMEM can fail it, leaving fd on its stub. A
// function armed by the budget only gets its block back. Under a budget a
// function starts armed: fd->code is its stub, its code m->lazy_blocks[i].
// fp: the frame of the call it is lowered for (rt->fsp - 1 its record),
// checked again for the lowered frame (MW_TRAP_STACK, the code kept): the
// load checked the frame validation sized (mw_lower_func with `check`).
// mw_lazy_free: drop every lowered function's block and the stubs.
#define MW_LAZY_STUB (MW_OP_HEAD + MW_N(LAZY))
#define MW_LAZY_LINK 2
mw_status mw_lazy_stubs(mw_runtime *rt, mw_module *m);
void mw_lazy_free(mw_runtime *rt, mw_module *m);
mw_status mw_lazy_lower(mw_runtime *rt, mw_module *m, mw_funcdef *fd, const mw_val *fp);
// The function index (imports first) of m's function whose code is `code`
// (a frame's: its block, lowered, armed or moved, or its stub), m->nfuncs
// if none (exec.c's trap path; a scan: cold).
uint32_t mw_code_func(const mw_module *m, const mw_code_unit *code);
#if MW_UNLOWER
// Out of memory (memory.grow, table.grow, lowering): drop the lazily lowered
// code not running of mod and the modules of the callers on rt's frames
// (code: the function running the grow, not on a frame; rt->fsp up to date);
// true if any was freed. A code arena's code stays unless `arena`: then the
// arena's free tail goes back to the heap too (lazy.c arena_shrink). The
// interpreter's memory.grow and table.grow are mw_memory_grow_running and
// mw_table_grow_running, which try again after it (the arena last);
// mw_lazy_lower tries again after each step.
bool mw_lazy_reclaim(mw_runtime *rt, const mw_module *mod, const mw_code_unit *code, bool arena);
// A call into mod returned to the embedder (call.c): the blocks of their own
// that did not count against mod's code budget while their functions ran
// (lazy.c running_held) go, not running, as far as the code is over the
// budget, so that Module.ram between calls is the arena's, as the budget
// promises (docs/engine.md, "The code arena").
void mw_lazy_settle(mw_runtime *rt, const mw_module *mod);
int64_t mw_memory_grow_running(mw_runtime *rt, mw_memory *mem, uint64_t delta,
    const mw_instance *inst, const mw_code_unit *code);
int64_t mw_table_grow_running(mw_runtime *rt, mw_table *t, uint32_t delta, void *init,
    const mw_instance *inst, const mw_code_unit *code);
#endif

// The one bounds check, for memories and tables: [start, start + n) inside
// [0, size). Overflow-safe: start and n are at most 2^33, so start + n cannot
// wrap a uint64_t.
static inline bool mw_in_bounds(uint64_t start, uint64_t n, uint64_t size) {
    return start + n <= size;
}
// The interpreter's fast test for a memory-0 load or store, which is
// conservative: true means [base + off, base + off + 8) lies inside the
// memory, so every access up to 8 bytes is in bounds; false sends the access
// to the slow path (mw_mem_slow), which makes the exact test above. `lim` is
// mw_fast_lim(size), *ea the effective address base + off. In size_t, one add
// and one compare on a 64-bit host (base + off < 2^33 cannot wrap); on a
// 32-bit target the add's carry is the overflow (spec 4.4.7: the effective
// address is 33 bits), then one 32-bit compare, no 64-bit arithmetic.
static inline bool mw_ea_fast(uint32_t base, uint32_t off, size_t lim, size_t *ea) {
    #if SIZE_MAX > UINT32_MAX
    *ea = (size_t)base + off;
    return *ea < lim;
    #else
    *ea = (size_t)base + off;
    return *ea >= base && *ea < lim;
    #endif
}
// The whole effective address for the slow path after mw_ea_fast: its *ea on
// a 64-bit host; on a 32-bit target *ea with the add's carry (*ea < base iff
// base + off wrapped) as bit 32, so the fast path keeps no 64-bit value.
static inline uint64_t mw_ea_wide(uint32_t base, uint32_t off, size_t ea) {
    #if SIZE_MAX > UINT32_MAX
    (void)base;
    (void)off;
    return ea;
    #else
    (void)off;
    return ((uint64_t)(ea < base) << 32) | ea;   // the carry is bit 32
    #endif
}
// mw_ea_fast's limit for a memory of `size` bytes: an effective address
// below it has 8 bytes (the widest access) inside; none if size < 8. On a
// 32-bit target a memory's size always fits size_t (it is allocated).
static inline size_t mw_fast_lim(uint64_t size) {
    return size >= 8 ? (size_t)(size - 7) : 0;
}
// Out-of-line slow path for every memory access whose range [app_addr,
// app_addr + n) (app_addr: the 33-bit effective address) failed a fast test
// (not inside the allocated linear memory, or within its last 7 bytes for
// mw_ea_fast): returns a native pointer or NULL (trap). Shared heaps at the
// top of the 32-bit space and windows are resolved here. The arguments in
// this order all go in registers on a 32-bit target.
uint8_t *mw_mem_slow(mw_memory *mem, uint32_t n, uint64_t app_addr);
// The same for stores; both resolve shared heaps (sheap.c).
uint8_t *mw_mem_slow_w(mw_memory *mem, uint32_t n, uint64_t app_addr);
// The part of the slow path outside linear memory: the bytes of an access to
// mem in its shared heap chain or one of its windows, or NULL (also for a
// store into a read-only one). Inline: a hit in the heap or window used last
// costs two compares; anything else goes out of line to mw_sheap_miss, which
// walks the chain, then the windows (and updates the hit cache).
uint8_t *mw_sheap_miss(mw_memory *mem, uint64_t app_addr, uint64_t n, bool write);
// The hit cache alone: the native bytes if the heap or window used last
// holds the whole access (and allows it), else NULL. mw_sheap_ref tests it
// first; the interpreter's memory-0 loads and stores reach it through
// mw_mem_slow(_w), one call out of each handler's bounds miss.
static inline uint8_t *mw_hit_ref(const mw_memory *mem, uint64_t app_addr, uint64_t n, bool write) {
    if (MW_LIKELY(app_addr >= mem->hit_lo && app_addr + n <= mem->hit_hi) && !(write && mem->hit_ro)) {
        return (uint8_t *)(mem->hit_bias + (uintptr_t)app_addr);
    }
    return NULL;
}
static inline uint8_t *mw_sheap_ref(mw_memory *mem, uint64_t app_addr, uint64_t n, bool write) {
    uint8_t *native = mw_hit_ref(mem, app_addr, n, write);
    return native != NULL ? native : mw_sheap_miss(mem, app_addr, n, write);
}
// Sets the hit cache to [lo, lo + size) at native (size 0: empty): for the
// heap (sheap.c) or window (window.c) an access found, or none once it goes.
static inline void mw_hit_set(mw_memory *mem, uint64_t lo, uint64_t size, const uint8_t *native, bool readonly) {
    if (size == 0) {
        mem->hit_lo = UINT64_MAX;
        mem->hit_hi = 0;
        mem->hit_bias = 0;
    } else {
        mem->hit_lo = lo;
        mem->hit_hi = lo + size;
        mem->hit_bias = (uintptr_t)native - (uintptr_t)lo;
    }
    mem->hit_ro = readonly;
}
// The window holding all of [app_addr, app_addr + n), or NULL (window.c).
mw_window *mw_window_find(const mw_memory *mem, uint64_t app_addr, uint64_t n);
// The lowest app address a window of mem starts at (2^32 with none): linear
// memory may not grow to it.
uint64_t mw_windows_low(const mw_memory *mem);
// Whether [lo, hi) is clear of every window of mem.
bool mw_windows_clear(const mw_memory *mem, uint64_t lo, uint64_t hi);
// Unmaps every window of mem (memory freed).
void mw_windows_free(mw_runtime *rt, mw_memory *mem);

#if MW_GUARD_PAGES
// A reservation covers every effective address (base + offset < 2^33) and
// the widest access past it, so no access of memory 0 leaves it.
#define MW_GUARD_RESERVE (((size_t)1 << 33) + 65536)
// A non-canonical x86-64 address (above 2^47 and 2^56, below 2^63): an
// access anywhere in [MW_GUARD_NOWHERE, + 2^33 + 8) faults, mapped or not.
#define MW_GUARD_NOWHERE ((uint8_t *)(uintptr_t)0x7ffffffc00000000u)
// memory.c: gives mem's reservation back (memory freed)
void mw_guard_release(mw_memory *mem);
// memory.c: after memory 0's map changed (a chain attached or detached, a
// window mapped or unmapped, a grow): the platform shows what it can of
// each heap and window in mem's reservation again (mw.h mw_guard_ops show),
// so their accesses need no fault where it could
void mw_guard_show(mw_memory *mem);
// exec.c grow_refused: notes for mw_guard_grow_room what the platform's
// commit would still open for mem (its room op), or SIZE_MAX: not a
// reservation, or no limit
void mw_guard_note_room(const mw_memory *mem);
// call.c: mw_exec with this thread's guard state (runtime.c) set for it
typedef struct mw_guard_state {
    mw_runtime *rt;           // the runtime whose interpreter runs on this thread
    void *leave;              // its call's jmp_buf (mw_guard_leave), NULL: none
} mw_guard_state;
void mw_guard_enter(mw_runtime *rt, void *leave, mw_guard_state *saved);
void mw_guard_exit(const mw_guard_state *saved);
// mw_runtime_mark's copy of it, which mw_runtime_unwind gives back (mw_guard_exit)
void mw_guard_save(mw_guard_state *out);
// exec.c mw_guard_fault: the runtime whose interpreter runs on this thread, or NULL
mw_runtime *mw_guard_running(void);
_Static_assert(sizeof(mw_guard_state) == sizeof(((mw_mark *)0)->guard), "mw_mark holds a guard state");
#else
// (no reservation: heaps and windows are the slow path's alone)
static inline void mw_guard_show(mw_memory *mem) {
    (void)mem;
}
#endif

// mw_memory_new with the memory_limit option (mw_inst_options): an
// instance's own memories.
mw_status mw_memory_new_limited(mw_runtime *rt, const mw_limits *lim, uint64_t limit, mw_memory **out);

#endif // MW_INT_H
