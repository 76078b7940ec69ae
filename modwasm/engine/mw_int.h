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
// width, the unit).
#define MW_CODE_FORMAT_VERSION 3

// One unit of lowered code. The code holds no addresses (op indices, slot
// indices, unit indexes as branch targets), so it is the same bytes on every
// build of one target and can execute in place from flash.
typedef uint32_t mw_code_unit;

// Wide immediates, read whole (mw_code_u32 / mw_code_u64): every reader of
// an immediate (exec.c's accessors, code.c, lowering's back-patching) goes
// through these or a unit read.
static inline uint32_t mw_code_u32(const mw_code_unit *p) {
    return p[0];
}
static inline uint64_t mw_code_u64(const mw_code_unit *p) {
    return p[0] | ((uint64_t)p[1] << 32);
}

// A function body is lowered once, at load, to an array of 32-bit words: an
// internal opcode followed by its decoded immediates. The code is register
// based: every operand is a slot index relative to the frame pointer (locals
// first, then one slot per operand-stack position, all known at validation
// time), so there is no run-time stack pointer and local.get/local.set mostly
// disappear. Branch targets are word indexes into the same array.
// Rows: X(name, n, t, layout): n immediate words after the opcode (BR_TABLE:
// then its count+1 entries of MW_BR_ENTRY words), t the index of the immediate holding a
// branch target (-1: none), and the layout ("d" destination slot, "a b c"
// source slots, "n" a count). The interpreter steps over an instruction with
// MW_N(name), and mw_code_check walks code with the same table.
#define MW_OP_LIST(X) \
    X(UNREACHABLE, 0, -1, "") \
    X(JMP, 1, 0, "target") \
    X(JMP_LOOP, 1, 0, "target (a loop back-edge: polls)") \
    X(BR, 4, 0, "target d n a: copy n slots a.. to d.., jump; polls") \
    X(BR_IF, 5, 1, "c target d n a; polls") \
    X(BR_IF_JMP, 2, 1, "c target") \
    X(BR_IF_LOOP, 2, 1, "c target (a loop back-edge: polls)") \
    X(BR_UNLESS, 2, 1, "c target") \
    X(BR_TABLE, 2, -1, "c count, then count+1 entries (target d n a); polls") \
    X(RETURN, 2, -1, "n a") \
    X(CALL, 2, -1, "funcidx base (an import)") \
    X(CALL_DEF, 2, -1, "defidx base (a function of this module)") \
    X(CALL_INDIRECT, 4, -1, "typeidx tableidx c base") \
    X(COPY, 2, -1, "d a") \
    X(SELECT, 4, -1, "d a b c") \
    X(GLOBAL_GET, 2, -1, "d idx") \
    X(GLOBAL_SET, 2, -1, "idx a") \
    X(TABLE_GET, 3, -1, "d table a") \
    X(TABLE_SET, 3, -1, "table a b") \
    X(TABLE_SIZE, 2, -1, "d table") \
    X(TABLE_GROW, 4, -1, "d table a b") \
    X(TABLE_FILL, 4, -1, "table a b c") \
    X(TABLE_COPY, 5, -1, "dst src a b c") \
    X(TABLE_INIT, 5, -1, "elem table a b c") \
    X(ELEM_DROP, 1, -1, "elem") \
    X(LOAD8_S, 3, -1, "d a offset (memory 0)") \
    X(LOAD8_U, 3, -1, "d a offset (memory 0)") \
    X(LOAD16_S, 3, -1, "d a offset (memory 0)") \
    X(LOAD16_U, 3, -1, "d a offset (memory 0)") \
    X(LOAD32_S, 3, -1, "d a offset (memory 0)") \
    X(LOAD32_U, 3, -1, "d a offset (memory 0)") \
    X(LOAD64, 3, -1, "d a offset (memory 0)") \
    X(STORE8, 3, -1, "a b offset (memory 0)") \
    X(STORE16, 3, -1, "a b offset (memory 0)") \
    X(STORE32, 3, -1, "a b offset (memory 0)") \
    X(STORE64, 3, -1, "a b offset (memory 0)") \
    X(MLOAD, 5, -1, "d a offset mem op: load op (LOAD8_S..) from another memory") \
    X(MSTORE, 5, -1, "a b offset mem op: store op (STORE8..) to another memory") \
    X(MEMORY_SIZE, 2, -1, "d mem") \
    X(MEMORY_GROW, 3, -1, "d mem a") \
    X(MEMORY_FILL, 4, -1, "mem a b c") \
    X(MEMORY_COPY, 5, -1, "dst src a b c") \
    X(MEMORY_INIT, 5, -1, "data mem a b c") \
    X(DATA_DROP, 1, -1, "data") \
    X(CONST32, 2, -1, "d value") \
    X(CONST64, 3, -1, "d lo hi") \
    X(REF_IS_NULL, 2, -1, "d a") \
    X(REF_FUNC, 2, -1, "d funcidx") \
    X(I32_TRUNC_SAT_F32_S, 2, -1, "d a") \
    X(I32_TRUNC_SAT_F32_U, 2, -1, "d a") \
    X(I32_TRUNC_SAT_F64_S, 2, -1, "d a") \
    X(I32_TRUNC_SAT_F64_U, 2, -1, "d a") \
    X(I64_TRUNC_SAT_F32_S, 2, -1, "d a") \
    X(I64_TRUNC_SAT_F32_U, 2, -1, "d a") \
    X(I64_TRUNC_SAT_F64_S, 2, -1, "d a") \
    X(I64_TRUNC_SAT_F64_U, 2, -1, "d a") \
    MW_BR_CMP_OP_LIST(X) \
    MW_IMM_OP_LIST(X) \
    MW_NUMERIC_OP_LIST(X) \
    X(I32_ADD_MUL, 4, -1, "d a b imm: a + b * imm (i32.shl or i32.mul by a constant, then i32.add)") \
    X(LAZY, 1, -1, "defidx: the code of a function not lowered yet (lazy.c): lowers it, runs it")

// Fused i32 compare-and-branch (lower.c emit_cond): "a b target" jumps if
// a op b; the _IMM forms compare with a constant b. A backward target (a loop)
// polls. Rows in the order of MW_IMM_OP_LIST's comparisons.
#define MW_BR_CMP_OP_LIST(X) \
    X(BR_EQ, 3, 2, "a b target") X(BR_NE, 3, 2, "a b target") \
    X(BR_LT_S, 3, 2, "a b target") X(BR_LT_U, 3, 2, "a b target") \
    X(BR_GT_S, 3, 2, "a b target") X(BR_GT_U, 3, 2, "a b target") \
    X(BR_LE_S, 3, 2, "a b target") X(BR_LE_U, 3, 2, "a b target") \
    X(BR_GE_S, 3, 2, "a b target") X(BR_GE_U, 3, 2, "a b target") \
    X(BR_EQ_IMM, 3, 2, "a imm target") X(BR_NE_IMM, 3, 2, "a imm target") \
    X(BR_LT_S_IMM, 3, 2, "a imm target") X(BR_LT_U_IMM, 3, 2, "a imm target") \
    X(BR_GT_S_IMM, 3, 2, "a imm target") X(BR_GT_U_IMM, 3, 2, "a imm target") \
    X(BR_LE_S_IMM, 3, 2, "a imm target") X(BR_LE_U_IMM, 3, 2, "a imm target") \
    X(BR_GE_S_IMM, 3, 2, "a imm target") X(BR_GE_U_IMM, 3, 2, "a imm target")

// i32 operations with a constant right operand: "d a imm".
#define MW_IMM_OP_LIST(X) \
    X(I32_EQ_IMM, 3, -1, "d a imm") \
    X(I32_NE_IMM, 3, -1, "d a imm") \
    X(I32_LT_S_IMM, 3, -1, "d a imm") \
    X(I32_LT_U_IMM, 3, -1, "d a imm") \
    X(I32_GT_S_IMM, 3, -1, "d a imm") \
    X(I32_GT_U_IMM, 3, -1, "d a imm") \
    X(I32_LE_S_IMM, 3, -1, "d a imm") \
    X(I32_LE_U_IMM, 3, -1, "d a imm") \
    X(I32_GE_S_IMM, 3, -1, "d a imm") \
    X(I32_GE_U_IMM, 3, -1, "d a imm") \
    X(I32_ADD_IMM, 3, -1, "d a imm") \
    X(I32_SUB_IMM, 3, -1, "d a imm") \
    X(I32_MUL_IMM, 3, -1, "d a imm") \
    X(I32_AND_IMM, 3, -1, "d a imm") \
    X(I32_OR_IMM, 3, -1, "d a imm") \
    X(I32_XOR_IMM, 3, -1, "d a imm") \
    X(I32_SHL_IMM, 3, -1, "d a imm") \
    X(I32_SHR_S_IMM, 3, -1, "d a imm") \
    X(I32_SHR_U_IMM, 3, -1, "d a imm") \
    X(I32_ROTL_IMM, 3, -1, "d a imm") \
    X(I32_ROTR_IMM, 3, -1, "d a imm")

// Numeric instructions keep the order of their binary opcodes 0x45..0xc4 so
// lowering is `MW_OP_I32_EQZ + (opcode - 0x45)`; unary ones take "d a",
// binary ones "d a b". Reinterpretations and i32.wrap_i64 are no-ops on
// 64-bit slots and are never emitted.
#define MW_NUMERIC_OP_LIST(X) \
    X(I32_EQZ, 2, -1, "d a") \
    X(I32_EQ, 3, -1, "d a b") \
    X(I32_NE, 3, -1, "d a b") \
    X(I32_LT_S, 3, -1, "d a b") \
    X(I32_LT_U, 3, -1, "d a b") \
    X(I32_GT_S, 3, -1, "d a b") \
    X(I32_GT_U, 3, -1, "d a b") \
    X(I32_LE_S, 3, -1, "d a b") \
    X(I32_LE_U, 3, -1, "d a b") \
    X(I32_GE_S, 3, -1, "d a b") \
    X(I32_GE_U, 3, -1, "d a b") \
    X(I64_EQZ, 2, -1, "d a") \
    X(I64_EQ, 3, -1, "d a b") \
    X(I64_NE, 3, -1, "d a b") \
    X(I64_LT_S, 3, -1, "d a b") \
    X(I64_LT_U, 3, -1, "d a b") \
    X(I64_GT_S, 3, -1, "d a b") \
    X(I64_GT_U, 3, -1, "d a b") \
    X(I64_LE_S, 3, -1, "d a b") \
    X(I64_LE_U, 3, -1, "d a b") \
    X(I64_GE_S, 3, -1, "d a b") \
    X(I64_GE_U, 3, -1, "d a b") \
    X(F32_EQ, 3, -1, "d a b") \
    X(F32_NE, 3, -1, "d a b") \
    X(F32_LT, 3, -1, "d a b") \
    X(F32_GT, 3, -1, "d a b") \
    X(F32_LE, 3, -1, "d a b") \
    X(F32_GE, 3, -1, "d a b") \
    X(F64_EQ, 3, -1, "d a b") \
    X(F64_NE, 3, -1, "d a b") \
    X(F64_LT, 3, -1, "d a b") \
    X(F64_GT, 3, -1, "d a b") \
    X(F64_LE, 3, -1, "d a b") \
    X(F64_GE, 3, -1, "d a b") \
    X(I32_CLZ, 2, -1, "d a") \
    X(I32_CTZ, 2, -1, "d a") \
    X(I32_POPCNT, 2, -1, "d a") \
    X(I32_ADD, 3, -1, "d a b") \
    X(I32_SUB, 3, -1, "d a b") \
    X(I32_MUL, 3, -1, "d a b") \
    X(I32_DIV_S, 3, -1, "d a b") \
    X(I32_DIV_U, 3, -1, "d a b") \
    X(I32_REM_S, 3, -1, "d a b") \
    X(I32_REM_U, 3, -1, "d a b") \
    X(I32_AND, 3, -1, "d a b") \
    X(I32_OR, 3, -1, "d a b") \
    X(I32_XOR, 3, -1, "d a b") \
    X(I32_SHL, 3, -1, "d a b") \
    X(I32_SHR_S, 3, -1, "d a b") \
    X(I32_SHR_U, 3, -1, "d a b") \
    X(I32_ROTL, 3, -1, "d a b") \
    X(I32_ROTR, 3, -1, "d a b") \
    X(I64_CLZ, 2, -1, "d a") \
    X(I64_CTZ, 2, -1, "d a") \
    X(I64_POPCNT, 2, -1, "d a") \
    X(I64_ADD, 3, -1, "d a b") \
    X(I64_SUB, 3, -1, "d a b") \
    X(I64_MUL, 3, -1, "d a b") \
    X(I64_DIV_S, 3, -1, "d a b") \
    X(I64_DIV_U, 3, -1, "d a b") \
    X(I64_REM_S, 3, -1, "d a b") \
    X(I64_REM_U, 3, -1, "d a b") \
    X(I64_AND, 3, -1, "d a b") \
    X(I64_OR, 3, -1, "d a b") \
    X(I64_XOR, 3, -1, "d a b") \
    X(I64_SHL, 3, -1, "d a b") \
    X(I64_SHR_S, 3, -1, "d a b") \
    X(I64_SHR_U, 3, -1, "d a b") \
    X(I64_ROTL, 3, -1, "d a b") \
    X(I64_ROTR, 3, -1, "d a b") \
    X(F32_ABS, 2, -1, "d a") \
    X(F32_NEG, 2, -1, "d a") \
    X(F32_CEIL, 2, -1, "d a") \
    X(F32_FLOOR, 2, -1, "d a") \
    X(F32_TRUNC, 2, -1, "d a") \
    X(F32_NEAREST, 2, -1, "d a") \
    X(F32_SQRT, 2, -1, "d a") \
    X(F32_ADD, 3, -1, "d a b") \
    X(F32_SUB, 3, -1, "d a b") \
    X(F32_MUL, 3, -1, "d a b") \
    X(F32_DIV, 3, -1, "d a b") \
    X(F32_MIN, 3, -1, "d a b") \
    X(F32_MAX, 3, -1, "d a b") \
    X(F32_COPYSIGN, 3, -1, "d a b") \
    X(F64_ABS, 2, -1, "d a") \
    X(F64_NEG, 2, -1, "d a") \
    X(F64_CEIL, 2, -1, "d a") \
    X(F64_FLOOR, 2, -1, "d a") \
    X(F64_TRUNC, 2, -1, "d a") \
    X(F64_NEAREST, 2, -1, "d a") \
    X(F64_SQRT, 2, -1, "d a") \
    X(F64_ADD, 3, -1, "d a b") \
    X(F64_SUB, 3, -1, "d a b") \
    X(F64_MUL, 3, -1, "d a b") \
    X(F64_DIV, 3, -1, "d a b") \
    X(F64_MIN, 3, -1, "d a b") \
    X(F64_MAX, 3, -1, "d a b") \
    X(F64_COPYSIGN, 3, -1, "d a b") \
    X(I32_WRAP_I64, 2, -1, "d a") \
    X(I32_TRUNC_F32_S, 2, -1, "d a") \
    X(I32_TRUNC_F32_U, 2, -1, "d a") \
    X(I32_TRUNC_F64_S, 2, -1, "d a") \
    X(I32_TRUNC_F64_U, 2, -1, "d a") \
    X(I64_EXTEND_I32_S, 2, -1, "d a") \
    X(I64_EXTEND_I32_U, 2, -1, "d a") \
    X(I64_TRUNC_F32_S, 2, -1, "d a") \
    X(I64_TRUNC_F32_U, 2, -1, "d a") \
    X(I64_TRUNC_F64_S, 2, -1, "d a") \
    X(I64_TRUNC_F64_U, 2, -1, "d a") \
    X(F32_CONVERT_I32_S, 2, -1, "d a") \
    X(F32_CONVERT_I32_U, 2, -1, "d a") \
    X(F32_CONVERT_I64_S, 2, -1, "d a") \
    X(F32_CONVERT_I64_U, 2, -1, "d a") \
    X(F32_DEMOTE_F64, 2, -1, "d a") \
    X(F64_CONVERT_I32_S, 2, -1, "d a") \
    X(F64_CONVERT_I32_U, 2, -1, "d a") \
    X(F64_CONVERT_I64_S, 2, -1, "d a") \
    X(F64_CONVERT_I64_U, 2, -1, "d a") \
    X(F64_PROMOTE_F32, 2, -1, "d a") \
    X(I32_REINTERPRET_F32, 2, -1, "d a") \
    X(I64_REINTERPRET_F64, 2, -1, "d a") \
    X(F32_REINTERPRET_I32, 2, -1, "d a") \
    X(F64_REINTERPRET_I64, 2, -1, "d a") \
    X(I32_EXTEND8_S, 2, -1, "d a") \
    X(I32_EXTEND16_S, 2, -1, "d a") \
    X(I64_EXTEND8_S, 2, -1, "d a") \
    X(I64_EXTEND16_S, 2, -1, "d a") \
    X(I64_EXTEND32_S, 2, -1, "d a")

typedef enum mw_op {
    #define MW_X_OP(name, n, t, layout) MW_OP_##name,
    MW_OP_LIST(MW_X_OP)
    #undef MW_X_OP
    MW_OP_COUNT
} mw_op;

// MW_N(name): the number of immediate words of op `name`.
enum {
    #define MW_X_N(name, n, t, layout) MW_N_##name = n,
    MW_OP_LIST(MW_X_N)
    #undef MW_X_N
};
#define MW_N(name) MW_N_##name
#define MW_BR_ENTRY 4             // a BR_TABLE entry: target d n a
extern const int8_t mw_op_nimm[MW_OP_COUNT];    // MW_N of every op (code.c)
extern const int8_t mw_op_target[MW_OP_COUNT];  // the t column (code.c)
// A hash of the op table (code.c): precompiled images record it.
uint32_t mw_code_fingerprint(void);
// The layout column's words are read by mw_code_check (code.c) to check an
// instruction's immediates: d a b c x (frame slots; next to n, ranges of n),
// n, target, idx (global), table/tableidx, mem, dst/src (tables for
// TABLE_COPY, else memories), elem, data, typeidx, funcidx, defidx, base (a
// call's argument slots), op (MLOAD/MSTORE's op), and offset/value/imm/lo/
// hi/count (any value). Only the words before the first ':', '(', ';' or ','.

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

typedef struct mw_funcdef {
    uint32_t type;            // type index
    uint32_t zero_lo, zero_hi;    // a call zeroes locals [zero_lo, zero_hi): those some
                                  // path reads before writing (lower.c); 0, 0: none
    uint32_t max_slots;       // params + locals + max operand stack height
    mw_code_unit *code;       // lowered code, inside one of the module's code chunks;
                              // its stub in lazy_stubs until lowered (MW_LOAD_LAZY, lazy.c)
    uint32_t code_len;        // in units (known from validation, lowered or not)
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
    uint32_t ntypes, nimports, nfuncs, ntables, nmems, nglobals, nexports, nelems, ndatas;
    uint32_t nfunc_imports, ntable_imports, nmem_imports, nglobal_imports;
    uint32_t start;           // funcidx or UINT32_MAX
    bool has_datacount;
    bool borrowed;            // data segments point into the caller's binary
    bool multi_memory;        // multi-memory proposal on (else Wasm 2.0: one memory, zero-byte immediates)
    // While loading: element capacity of each array from `types` to `datas`
    // (in field order), for freeing a half-loaded module; NULL once loaded,
    // when every array holds exactly its count (+1 byte, see mod_grow).
    uint32_t *caps;
    const uint8_t *binary;    // that binary (also keeps it alive for a GC)
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
    mw_code_chunk *chunks;    // every function's lowered code, packed in order
    uint32_t nchunks, cap_chunks;
    // MW_LOAD_LAZY (lazy.c): bodies are lowered on first call from code_bytes,
    // which holds the binary's bytes from offset code_base on (the borrowed
    // binary itself, code_base 0; or an own copy of the code section,
    // code_copy_len bytes). The last chunk has lazy_used units in use.
    bool lazy;
    const uint8_t *code_bytes;
    uint32_t code_base, code_copy_len;
    uint32_t lazy_used;
    uint32_t lazy_pending;    // code units of the functions not lowered yet
    mw_code_unit *lazy_stubs; // MW_LAZY_STUB units per defined function: LAZY defidx
    uint32_t nlowered;        // defined functions lowered so far
    uint8_t *declared_refs;   // bitmap: functions allowed in ref.func
    char *names;              // all import/export names, own block
    size_t ram;               // bytes allocated for this module
};

// ---- runtime objects ---------------------------------------------------------

struct mw_func {
    const mw_functype *type;
    mw_instance *inst;        // wasm functions: owning instance (NULL for host)
    const mw_funcdef *def;    // wasm functions: body
    mw_host_fn host;          // host functions
    void *ctx;
    mw_functype own_type;     // host functions: a copy of the type follows
};

// A shared heap (sheap.c, after WAMR's shared heap): `size` bytes at `native`,
// seen by wasm at app addresses [start, start + size) near the top of the
// 32-bit space. Chains are linked head -> body, upward in address.
struct mw_sheap {
    uint8_t *native;          // native address of the heap's first byte
    uint64_t size;            // bytes
    uint64_t start;           // app address of the first byte
    mw_sheap *body;           // next heap toward 2^32, or NULL
    mw_sheap *head;           // the heap chained in front of this one, or NULL
    uint32_t attached;        // memories this heap (as a chain head) is attached to
    uint32_t mapped;          // windows showing this heap (window.c)
    bool managed;             // has an allocator (block headers in its memory)
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
    uint64_t size;            // accessible bytes (<= pages << page_log2)
    uint64_t pages;           // current size in pages (memory.size)
    uint64_t limit;           // allocation cap in bytes (memory_limit option), 0 = none
    mw_limits lim;            // type: min/max/page size
    mw_sheap *sheap;          // attached shared heap (chain head) or NULL (sheap.c)
    bool sheap_ro;            // attached read-only: stores into it trap
    bool fixed;               // data is the embedder's (mw_memory_new_fixed): never freed
    const mw_instance *sheap_inst; // the instance that attached it
    // The heap of the chain hit last: app addresses [hit_lo, hit_hi) are at
    // native hit_bias + app_addr (modulo the pointer width). Empty when
    // nothing is attached (all zero, as allocated, is empty too: the slow
    // path never sees app_addr + n == 0).
    uint64_t hit_lo, hit_hi;
    uintptr_t hit_bias;
    bool hit_ro;              // the hit heap or window is read-only: stores take the slow path
    uint8_t nwindows;         // windows in use, sorted by start (window.c)
    mw_window *windows;       // MW_MAX_WINDOWS entries once the first is mapped, else NULL
};

struct mw_table {
    void **elems;
    uint32_t size;
    uint8_t elem;
    mw_limits lim;
};

struct mw_global {
    mw_val val;
    uint8_t type;
    bool mut;
};

typedef struct mw_elem_inst {
    uint32_t count;           // 0 once dropped
    void **refs;
} mw_elem_inst;

struct mw_instance {
    const mw_module *mod;
    mw_runtime *rt;
    mw_func **funcs;          // all functions, imports first; a defined one has
                              // an mw_func only if it can escape (exported,
                              // in an elem segment, ref.func) or is the start
    mw_table **tables;
    mw_memory **mems;
    mw_global **globals;
    mw_elem_inst *elems;
    uint8_t *data_dropped;    // one byte per data segment
    size_t ram;
};

typedef struct mw_frame {
    const mw_code_unit *pc;   // return address in the caller
    mw_val *fp;               // caller's frame pointer
    mw_instance *inst;        // caller's instance (NULL: return to the embedder)
    const mw_code_unit *code; // caller's code
} mw_frame;
// The value stack: each frame is [locals | operand slots] at fp; a call's
// arguments are the caller's operand slots at `base`, which become the
// callee's first locals (fp' = fp + base), and its results come back there.

struct mw_runtime {
    mw_config cfg;
    mw_report report;
    mw_val *stack, *stack_end, *sp;    // value stack; sp = first free slot
    mw_frame *frames, *frames_end, *fsp;
    uint32_t nesting;
    int32_t countdown;        // polls when it reaches 0
    bool fuel_on;
    int64_t fuel;             // remaining fuel when fuel_on (not counting countdown)
};

// ---- error details -------------------------------------------------------------
// What went wrong, for mw_report.msg: one row per message (the spec's wording
// where the spec test suite has one). The status says which class it is.
#define MW_DETAIL_LIST(X) \
    X(NONE, "") \
    X(ALIGNMENT_MUST_NOT_BE_LARGER_THAN_NATURAL, "alignment must not be larger than natural") \
    X(CALL_STACK_EXHAUSTED, "call stack exhausted") \
    X(CONSTANT_EXPRESSION_REQUIRED, "constant expression required") \
    X(DATA_COUNT_AND_DATA_SECTION_HAVE_INCONSISTENT_LENGTHS, "data count and data section have inconsistent lengths") \
    X(DATA_COUNT_SECTION_REQUIRED, "data count section required") \
    X(DUPLICATE_EXPORT_NAME, "duplicate export name") \
    X(ELSE_WITHOUT_IF, "else without if") \
    X(FUNCTION_AND_CODE_SECTION_HAVE_INCONSISTENT_LENGTHS, "function and code section have inconsistent lengths") \
    X(GLOBAL_IS_IMMUTABLE, "global is immutable") \
    X(ILLEGAL_OPCODE, "illegal opcode") \
    X(INCOMPATIBLE_IMPORT_TYPE, "incompatible import type") \
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
    X(MEM_TOO_BIG_BYTES, "memory size must be at most 2^32-1 bytes") \
    X(MEM_TOO_BIG_PAGES, "memory size must be at most 65536 pages (4GiB)") \
    X(MULTIPLE_MEMORIES, "multiple memories") \
    X(NESTING_TOO_DEEP, "nesting too deep") \
    X(OUT_OF_BOUNDS_MEMORY_ACCESS, "out of bounds memory access") \
    X(OUT_OF_BOUNDS_TABLE_ACCESS, "out of bounds table access") \
    X(OUT_OF_MEMORY, "out of memory") \
    X(SECTION_SIZE_MISMATCH, "section size mismatch") \
    X(SIZE_MINIMUM_MUST_NOT_BE_GREATER_THAN_MAXIMUM, "size minimum must not be greater than maximum") \
    X(START_FUNCTION, "start function") \
    X(TABLE_TOO_LARGE, "table too large") \
    X(TOO_MANY_LOCALS, "too many locals") \
    X(FRAME_TOO_BIG, "function frame exceeds the value stack (mw_config.stack_slots)") \
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
    X(CODE_END, "lowered code: instruction runs past the function's end") \
    X(CODE_TARGET, "lowered code: branch target is not an instruction start") \
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
    X(IMAGE_FRAME, "image function's locals or frame out of range")
    /* end */

typedef enum mw_detail {
    #define MW_X_DETAIL(name, text) MW_D_##name,
    MW_DETAIL_LIST(MW_X_DETAIL)
    #undef MW_X_DETAIL
    MW_D_COUNT
} mw_detail;

// ---- helpers shared between stages -------------------------------------------

// Walk one function's lowered code (fd->code, fd->code_len) with the op table
// (code.c): every op known, its immediates inside the function, branch
// targets on instruction starts, the last instruction one that does not fall
// through; with a module m also slots inside the frame (fd->max_slots) and
// function, type, global, table, memory and segment indices inside m. It
// does not re-check types. MW_OK; MW_ERR_INVALID with *detail (CODE_*) and
// *at (the instruction's index in the code); or MW_ERR_NOMEM. Lowering runs
// it in MW_CHECK_CODE builds; loading an image always (image.c).
mw_status mw_code_check(mw_runtime *rt, const mw_module *m, const mw_funcdef *fd, mw_detail *detail, uint32_t *at);

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
const char *mw_detail_str(mw_detail d);

bool mw_functype_eq(const mw_functype *a, const mw_functype *b);
// Lowering's work buffers (lower.c), reused across the functions of one load
// and freed after the code section: they only grow, to the largest function's
// needs; each function's code is then copied out into a block of its size.
typedef struct mw_lower_work {
    void *vals, *ctrls;       // lower.c's operand and control stacks
    uint32_t *code;           // code being emitted
    uint8_t *locals;          // per local: two words and its type (lower.c)
    uint32_t cap_vals, cap_ctrls, cap_code, cap_locals;
} mw_lower_work;
mw_status mw_lower_func(mw_runtime *rt, mw_module *m, mw_funcdef *fd, mw_lower_work *w,
    const uint8_t *base, const uint8_t *p, const uint8_t *end);
void mw_lower_work_free(mw_runtime *rt, mw_lower_work *w);
mw_status mw_exec(mw_runtime *rt, mw_func *f);
// Lazy lowering (lazy.c, MW_LOAD_LAZY). Until its first call a function's
// code is its stub, `LAZY defidx` (MW_LAZY_STUB units in m->lazy_stubs).
// mw_lazy_stubs: allocate and fill the stubs of every defined function
// (MW_ERR_NOMEM). mw_lazy_lower: lower fd (validated at load) from the
// module's code bytes into the module's code chunks and point fd->code at
// it; only MW_ERR_NOMEM can fail it, leaving fd on its stub.
#define MW_LAZY_STUB (1 + MW_N(LAZY))
mw_status mw_lazy_stubs(mw_runtime *rt, mw_module *m);
void mw_lazy_free(mw_runtime *rt, mw_module *m);
mw_status mw_lazy_lower(mw_runtime *rt, mw_module *m, mw_funcdef *fd);

// The one bounds check, for memories and tables: [start, start + n) inside
// [0, size). Overflow-safe: start and n are at most 2^33, so start + n cannot
// wrap a uint64_t.
static inline bool mw_in_bounds(uint64_t start, uint64_t n, uint64_t size) {
    return start + n <= size;
}
// Out-of-line slow path for every memory access whose range [app_addr,
// app_addr + n) is not inside the allocated linear memory: returns a native
// pointer or NULL (trap). Future shared heaps at the top of the 32-bit space
// are resolved here.
uint8_t *mw_mem_slow(mw_runtime *rt, mw_memory *mem, uint64_t app_addr, uint64_t n);
// The same for stores; both resolve shared heaps (sheap.c).
uint8_t *mw_mem_slow_w(mw_runtime *rt, mw_memory *mem, uint64_t app_addr, uint64_t n);
// The part of the slow path outside linear memory: the bytes of an access to
// mem in its shared heap chain or one of its windows, or NULL (also for a
// store into a read-only one). Inline: a hit in the heap or window used last
// costs two compares; anything else goes out of line to mw_sheap_miss, which
// walks the chain, then the windows (and updates the hit cache).
uint8_t *mw_sheap_miss(mw_memory *mem, uint64_t app_addr, uint64_t n, bool write);
// The hit cache alone: the native bytes if the heap or window used last
// holds the whole access (and allows it), else NULL. The interpreter's
// memory-0 loads and stores test it inline before calling the slow path.
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
// Sets the hit cache to [lo, lo + size) at native (size 0: empty).
void mw_hit_set(mw_memory *mem, uint64_t lo, uint64_t size, const uint8_t *native, bool readonly);
// The window holding all of [app_addr, app_addr + n), or NULL (window.c).
mw_window *mw_window_find(const mw_memory *mem, uint64_t app_addr, uint64_t n);
// The lowest app address a window of mem starts at (2^32 with none): linear
// memory may not grow to it.
uint64_t mw_windows_low(const mw_memory *mem);
// Whether [lo, hi) is clear of every window of mem.
bool mw_windows_clear(const mw_memory *mem, uint64_t lo, uint64_t hi);
// Unmaps every window of mem (memory freed).
void mw_windows_free(mw_runtime *rt, mw_memory *mem);

mw_status mw_memory_init_inst(mw_runtime *rt, mw_memory *mem, const mw_limits *lim, uint64_t limit);
mw_status mw_table_init_inst(mw_runtime *rt, mw_table *t, uint8_t elem, const mw_limits *lim, void *init);

#endif // MW_INT_H
