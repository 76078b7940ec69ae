// SPDX-License-Identifier: MIT
// mw_wasm.h: the WebAssembly binary format's numbers that the loader names:
// opcodes (spec 5.4) and section ids (5.5.2). One table each; code says
// MW_W_LOCAL_GET, never 0x20. Numeric opcodes 0x45..0xc4 keep the binary
// order that mw_int.h's MW_NUMERIC_OP_LIST mirrors; only the ones that bound
// a range or are tested alone are named here.
#ifndef MW_WASM_H
#define MW_WASM_H

#define MW_WASM_OP_LIST(X) \
    X(UNREACHABLE, 0x00) X(NOP, 0x01) X(BLOCK, 0x02) X(LOOP, 0x03) X(IF, 0x04) X(ELSE, 0x05) \
    X(END, 0x0b) X(BR, 0x0c) X(BR_IF, 0x0d) X(BR_TABLE, 0x0e) X(RETURN, 0x0f) \
    X(CALL, 0x10) X(CALL_INDIRECT, 0x11) X(DROP, 0x1a) X(SELECT, 0x1b) X(SELECT_T, 0x1c) \
    X(LOCAL_GET, 0x20) X(LOCAL_SET, 0x21) X(LOCAL_TEE, 0x22) X(GLOBAL_GET, 0x23) X(GLOBAL_SET, 0x24) \
    X(TABLE_GET, 0x25) X(TABLE_SET, 0x26) \
    X(I32_LOAD, 0x28) X(I64_LOAD32_U, 0x35) X(I32_STORE, 0x36) X(I64_STORE32, 0x3e) \
    X(MEMORY_SIZE, 0x3f) X(MEMORY_GROW, 0x40) \
    X(I32_CONST, 0x41) X(I64_CONST, 0x42) X(F32_CONST, 0x43) X(F64_CONST, 0x44) \
    X(I32_EQZ, 0x45) X(I32_EQ, 0x46) X(I32_GE_U, 0x4f) X(I64_EQZ, 0x50) X(I64_GE_U, 0x5a) \
    X(F32_GE, 0x60) X(F64_GE, 0x66) X(I32_POPCNT, 0x69) X(I32_ADD, 0x6a) X(I32_MUL, 0x6c) \
    X(I32_DIV_S, 0x6d) X(I32_REM_U, 0x70) X(I64_DIV_S, 0x7f) X(I64_REM_U, 0x82) \
    X(I32_TRUNC_F32_S, 0xa8) X(I32_TRUNC_F64_U, 0xab) X(I64_TRUNC_F32_S, 0xae) X(I64_TRUNC_F64_U, 0xb1) \
    X(I32_AND, 0x71) X(I32_OR, 0x72) X(I32_XOR, 0x73) X(I32_ROTR, 0x78) X(I64_POPCNT, 0x7b) X(I64_ROTR, 0x8a) X(F32_SQRT, 0x91) \
    X(F32_COPYSIGN, 0x98) X(F64_SQRT, 0x9f) X(F64_COPYSIGN, 0xa6) X(I32_WRAP_I64, 0xa7) \
    X(I32_REINTERPRET_F32, 0xbc) X(F64_REINTERPRET_I64, 0xbf) X(I32_EXTEND16_S, 0xc1) \
    X(I64_EXTEND32_S, 0xc4) X(I64_ADD, 0x7c) X(I64_XOR, 0x85) X(F32_ADD, 0x92) X(F32_SUB, 0x93) X(F64_ADD, 0xa0) X(F64_MUL, 0xa2) \
    X(REF_NULL, 0xd0) X(REF_IS_NULL, 0xd1) X(REF_FUNC, 0xd2) X(PREFIX_FC, 0xfc)

typedef enum mw_wasm_op {
    #define MW_X_WASM_OP(name, code) MW_W_##name = code,
    MW_WASM_OP_LIST(MW_X_WASM_OP)
    #undef MW_X_WASM_OP
} mw_wasm_op;

// The empty block type (spec 5.4.1), and the memarg alignment bit that says a
// memory index follows (multi-memory proposal).
#define MW_BLOCKTYPE_EMPTY 0x40
#define MW_MEMARG_HAS_MEMIDX 0x40u

// Section ids (spec 5.5.2).
typedef enum mw_section_id {
    MW_SEC_CUSTOM = 0,
    MW_SEC_TYPE = 1,
    MW_SEC_IMPORT = 2,
    MW_SEC_FUNCTION = 3,
    MW_SEC_TABLE = 4,
    MW_SEC_MEMORY = 5,
    MW_SEC_GLOBAL = 6,
    MW_SEC_EXPORT = 7,
    MW_SEC_START = 8,
    MW_SEC_ELEMENT = 9,
    MW_SEC_CODE = 10,
    MW_SEC_DATA = 11,
    MW_SEC_DATA_COUNT = 12,
} mw_section_id;

#endif // MW_WASM_H
