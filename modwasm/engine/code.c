// SPDX-License-Identifier: MIT
// code.c: the lowered-code format as data (mw_int.h, MW_OP_LIST): each
// internal op's immediate count, branch-target position and operand layout,
// and the checker that walks every function with them (lowering's debug
// builds, and every function of a precompiled image: image.c).
#include "mw_int.h"

const int8_t mw_op_nimm[MW_OP_COUNT] = {
    #define MW_X_NIMM(name, n, t, layout) n,
    MW_OP_LIST(MW_X_NIMM)
    #undef MW_X_NIMM
};

const int8_t mw_op_target[MW_OP_COUNT] = {
    #define MW_X_TARGET(name, n, t, layout) t,
    MW_OP_LIST(MW_X_TARGET)
    #undef MW_X_TARGET
};

// The layout column: its words name what each immediate is (see kind_of).
static const char *const op_layout[MW_OP_COUNT] = {
    #define MW_X_LAYOUT(name, n, t, layout) layout,
    MW_OP_LIST(MW_X_LAYOUT)
    #undef MW_X_LAYOUT
};

// A fingerprint of the op table, which precompiled images record (image.h)
// beside MW_CODE_FORMAT_VERSION: FNV-1a over every row's immediate count,
// target column and layout text, seeded with the rows' name lengths by
// position (a constant). A row added, removed, moved or changed gives
// another value, so an image lowered for another table is refused even
// where the version was not bumped; a handler whose meaning changed with
// its row unchanged still needs the bump.
uint32_t mw_code_fingerprint(void) {
    static const uint32_t names = 0
        #define MW_X_FP(name, n, t, layout) +(uint32_t)(MW_OP_##name + 1) * (uint32_t)sizeof(#name)
        MW_OP_LIST(MW_X_FP)
        #undef MW_X_FP
    ;
    uint32_t h = 2166136261u ^ names;
    for (uint32_t op = 0; op < MW_OP_COUNT; op++) {
        h = (h ^ (uint8_t)mw_op_nimm[op]) * 16777619u;
        h = (h ^ (uint8_t)mw_op_target[op]) * 16777619u;
        for (const char *c = op_layout[op];; c++) {
            h = (h ^ (uint8_t)*c) * 16777619u;
            if (*c == 0) {
                break;
            }
        }
    }
    return h;
}

// What an immediate is, from its word in the layout column.
enum {
    K_ANY,        // a constant, offset or count of entries: any value
    K_SLOT,       // d a b c x: a frame slot
    K_COUNT,      // n: the slots d.. and a.. are ranges of n
    K_TARGET,     // a branch target (checked through the t column)
    K_GLOBAL, K_TABLE, K_MEM, K_ELEM, K_DATA, K_TYPE,
    K_FUNC,       // funcidx: CALL an import; REF_FUNC any declared function
    K_DEF,        // defidx: a function defined by the module
    K_BASE,       // a call's first argument slot
    K_MEMOP,      // MLOAD/MSTORE's load or store op
    K_TABLE_OR_MEM, // dst src: tables for TABLE_COPY, else memories
    K_UNKNOWN,
};

static int kind_of(const char *w, size_t n) {
    static const struct {
        char word[9];
        uint8_t kind;
    } words[] = {
        {"d", K_SLOT}, {"a", K_SLOT}, {"b", K_SLOT}, {"c", K_SLOT}, {"x", K_SLOT},
        {"n", K_COUNT}, {"target", K_TARGET}, {"idx", K_GLOBAL}, {"table", K_TABLE},
        {"tableidx", K_TABLE}, {"mem", K_MEM}, {"elem", K_ELEM}, {"data", K_DATA},
        {"typeidx", K_TYPE}, {"funcidx", K_FUNC}, {"defidx", K_DEF}, {"base", K_BASE},
        {"op", K_MEMOP}, {"dst", K_TABLE_OR_MEM}, {"src", K_TABLE_OR_MEM},
        {"offset", K_ANY}, {"value", K_ANY}, {"imm", K_ANY}, {"lo", K_ANY}, {"hi", K_ANY},
        {"count", K_ANY},
    };
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        if (strlen(words[i].word) == n && memcmp(words[i].word, w, n) == 0) {
            return words[i].kind;
        }
    }
    return K_UNKNOWN;
}

// The kinds of op's immediates, from the words of its layout before the
// first ':', '(', ';' or ','. false if a word is not one of kind_of's.
static bool op_kinds(uint32_t op, uint8_t *kinds) {
    const char *s = op_layout[op];
    int n = mw_op_nimm[op];
    for (int i = 0; i < n; i++) {
        while (*s == ' ') {
            s++;
        }
        const char *w = s;
        while (*s != 0 && *s != ' ' && *s != ':' && *s != '(' && *s != ';' && *s != ',') {
            s++;
        }
        int k = kind_of(w, (size_t)(s - w));
        if (k == K_UNKNOWN) {
            return false;
        }
        kinds[i] = (uint8_t)k;
    }
    return true;
}

// Whether op ends a path: the next instruction is only reached by a branch.
static bool op_ends_path(uint32_t op) {
    return op == MW_OP_UNREACHABLE || op == MW_OP_JMP || op == MW_OP_JMP_LOOP || op == MW_OP_BR
           || op == MW_OP_BR_TABLE || op == MW_OP_RETURN;
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

// Immediate i of an instruction whose immediates start at imm (each one
// unit wide in this format).
#define IMM(imm, i) mw_code_u32((imm) + (i))

// The type a call's immediates name (CALL, CALL_DEF, CALL_INDIRECT).
static const mw_functype *callee_type(const mw_module *m, uint32_t op, const mw_code_unit *imm) {
    if (op == MW_OP_CALL) {
        return m->types[m->functypes[IMM(imm, 0)]];
    }
    if (op == MW_OP_CALL_DEF) {
        return m->types[m->funcs[IMM(imm, 0)].type];
    }
    return m->types[IMM(imm, 0)];
}

// The immediates `imm` of op with their kinds: indices inside the module,
// slots inside the frame (ranges of n for "d n a").
static bool check_operands(code_walk *w, uint32_t op, const mw_code_unit *imm, const uint8_t *kinds, int n) {
    const mw_module *m = w->m;
    uint64_t frame = w->fd->max_slots;
    uint64_t count = 0;
    for (int i = 0; i < n; i++) {
        if (kinds[i] == K_COUNT) {
            count = IMM(imm, i);
        }
    }
    for (int i = 0; i < n; i++) {
        uint32_t v = IMM(imm, i);
        uint64_t limit = UINT64_MAX;
        switch (kinds[i]) {
            case K_SLOT: {
                // "d n a": the slots next to the count are ranges of it
                bool range = (i + 1 < n && kinds[i + 1] == K_COUNT) || (i > 0 && kinds[i - 1] == K_COUNT);
                if (range ? (uint64_t)v + count > frame : v >= frame) {
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
    // a call's arguments and results, at base, inside the frame (after the
    // indices above, so the callee's type is known)
    for (int i = 0; i < n; i++) {
        if (kinds[i] == K_BASE) {
            const mw_functype *ct = callee_type(m, op, imm);
            uint32_t k = ct->nparams > ct->nresults ? ct->nparams : ct->nresults;
            if ((uint64_t)IMM(imm, i) + k > frame) {
                return walk_fail(w, MW_D_CODE_SLOT);
            }
        }
    }
    return true;
}

// One function, in two passes: the first marks instruction starts, the
// second checks targets and, with a module, operands.
static bool check_func(code_walk *w, uint8_t *starts) {
    const mw_code_unit *code = w->code;
    uint32_t len = w->len;
    uint8_t kinds[8];
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
            // LAZY is only ever the shared stub of a function not lowered
            // yet (lazy.c), never inside a function's code
            if (op >= MW_OP_COUNT || op == MW_OP_LAZY) {
                return walk_fail(w, MW_D_CODE_OP);
            }
            if (pass == 0) {
                starts[i >> 3] |= (uint8_t)(1u << (i & 7));
            }
            uint32_t n = (uint32_t)mw_op_nimm[op];
            if (op == MW_OP_BR_TABLE) {
                if (i + 2 >= len || mw_code_u32(code + i + 2) >= len) {
                    return walk_fail(w, MW_D_CODE_END);
                }
                n += (mw_code_u32(code + i + 2) + 1) * MW_BR_ENTRY;
            }
            if (n >= len - i) {
                return walk_fail(w, MW_D_CODE_END);   // the immediates run past the end
            }
            if (pass == 1) {
                const mw_code_unit *imm = code + i + 1;
                if (mw_op_target[op] >= 0 && !is_start(w, IMM(imm, mw_op_target[op]))) {
                    return walk_fail(w, MW_D_CODE_TARGET);
                }
                int nk = mw_op_nimm[op];
                if (nk > (int)sizeof(kinds) || !op_kinds(op, kinds)) {
                    return walk_fail(w, MW_D_CODE_OP);   // a layout this checker cannot read
                }
                if (w->m != NULL && !check_operands(w, op, imm, kinds, nk)) {
                    return false;
                }
                if (op == MW_OP_BR_TABLE) {
                    static const uint8_t entry[MW_BR_ENTRY] = {K_TARGET, K_SLOT, K_COUNT, K_SLOT};
                    for (uint32_t k = 0; k <= IMM(imm, 1); k++) {
                        const mw_code_unit *e = imm + MW_N(BR_TABLE) + k * MW_BR_ENTRY;
                        if (!is_start(w, IMM(e, 0))) {
                            return walk_fail(w, MW_D_CODE_TARGET);
                        }
                        if (w->m != NULL && !check_operands(w, op, e, entry, MW_BR_ENTRY)) {
                            return false;
                        }
                    }
                }
            }
            i += 1 + n;
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
        *detail = MW_D_OUT_OF_MEMORY;
        return MW_ERR_NOMEM;
    }
    code_walk w = {m, fd, fd->code, len, NULL, MW_D_NONE, 0};
    bool ok = check_func(&w, starts);
    mw_free(rt, starts, nbytes);
    *detail = w.detail;
    *at = w.at;
    return ok ? MW_OK : MW_ERR_INVALID;
}
