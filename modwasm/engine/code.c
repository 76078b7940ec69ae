// SPDX-License-Identifier: MIT
// code.c: the lowered-code format as data (mw_int.h, MW_OP_LIST): each
// internal op's immediate count and branch-target position, and a checker
// that walks every function with them.
#include "mw_int.h"

const int8_t mw_op_nimm[MW_OP_COUNT] = {
    #define MW_X_NIMM(name, n, t, layout) n,
    MW_OP_LIST(MW_X_NIMM)
    #undef MW_X_NIMM
};

#if MW_CHECK_CODE
const int8_t mw_op_target[MW_OP_COUNT] = {
    #define MW_X_TARGET(name, n, t, layout) t,
    MW_OP_LIST(MW_X_TARGET)
    #undef MW_X_TARGET
};

// One function: first mark instruction starts, then check every target.
static bool check_func(const mw_code_unit *code, uint32_t len, uint8_t *starts) {
    for (int pass = 0; pass < 2; pass++) {
        uint32_t i = 0;
        while (i < len) {
            uint32_t op = code[i];
            if (op >= MW_OP_COUNT) {
                return false;
            }
            if (pass == 0) {
                starts[i >> 3] |= (uint8_t)(1u << (i & 7));
            }
            uint32_t n = (uint32_t)mw_op_nimm[op];
            if (op == MW_OP_BR_TABLE) {
                if (i + 2 >= len) {
                    return false;
                }
                n += (mw_code_u32(code + i + 2) + 1) * MW_BR_ENTRY;
            }
            if (n >= len - i) {
                return false;          // the immediates run past the end
            }
            if (pass == 1) {
                uint32_t t = UINT32_MAX;
                if (mw_op_target[op] >= 0) {
                    t = mw_code_u32(code + i + 1 + (uint32_t)mw_op_target[op]);
                }
                if (t != UINT32_MAX && (t >= len || !(starts[t >> 3] & (1u << (t & 7))))) {
                    return false;
                }
                if (op == MW_OP_BR_TABLE) {
                    for (uint32_t k = 0, count = mw_code_u32(code + i + 2); k <= count; k++) {
                        t = mw_code_u32(code + i + 3 + k * MW_BR_ENTRY);
                        if (t >= len || !(starts[t >> 3] & (1u << (t & 7)))) {
                            return false;
                        }
                    }
                }
            }
            i += 1 + n;
        }
        if (i != len) {
            return false;
        }
    }
    return true;
}

mw_status mw_code_check(mw_runtime *rt, const mw_code_unit *code, uint32_t len) {
    size_t nbytes = len / 8 + 1;
    uint8_t *starts = mw_alloc(rt, nbytes);        // zeroed
    if (starts == NULL) {
        return MW_ERR_NOMEM;
    }
    bool ok = check_func(code, len, starts);
    mw_free(rt, starts, nbytes);
    return ok ? MW_OK : MW_ERR_INVALID;
}
#endif // MW_CHECK_CODE
