// SPDX-License-Identifier: MIT
// lower.c: validation of one function body (spec 3.3, algorithm of the
// appendix "Validation Algorithm") fused with lowering to the internal code of
// mw_int.h: immediates decoded, branch targets resolved to word indexes with the
// stack adjustment they need, unreachable code dropped.
#include "decode.h"

#define T_UNKNOWN 0           // bottom type of the polymorphic stack

enum { K_BLOCK, K_LOOP, K_IF, K_ELSE, K_FUNC };

typedef struct ctrl {
    uint8_t kind;
    bool unreachable;         // rest of this block is unreachable (typing)
    bool dead;                // block entered from unreachable code: emit nothing
    uint8_t single;           // storage for a one-result block type
    uint32_t height;          // operand height at entry, below the params
    uint32_t nparams, nresults;
    const uint8_t *params, *results;
    uint32_t target;          // loop: word index of its head
    uint32_t fixups;          // forward branches to patch at end: index+1 chain
    uint32_t else_fix;        // if: index+1 of BR_UNLESS's target word
} ctrl_t;

typedef struct lower {
    mw_reader r;
    mw_module *m;
    uint8_t *vals;
    uint32_t nvals, cap_vals, max_vals;
    ctrl_t *ctrls;
    uint32_t nctrls, cap_ctrls;
    uint32_t *code;
    uint32_t ncode, cap_code;
    uint8_t *locals;
    uint32_t nlocals;
} lower_t;

static bool fail(lower_t *L, const char *msg) {
    return mw_rd_fail(&L->r, MW_ERR_INVALID, msg);
}

static bool nomem(lower_t *L) {
    return mw_rd_fail(&L->r, MW_ERR_NOMEM, "out of memory");
}

// ---- operand stack (types) -----------------------------------------------------

static bool push(lower_t *L, uint8_t t) {
    if (L->nvals == L->cap_vals) {
        uint32_t nc = L->cap_vals ? L->cap_vals * 2 : 32;
        uint8_t *nv = mw_realloc(L->r.rt, L->vals, L->cap_vals, nc);
        if (nv == NULL) {
            return nomem(L);
        }
        L->vals = nv;
        L->cap_vals = nc;
    }
    L->vals[L->nvals++] = t;
    if (L->nvals > L->max_vals) {
        L->max_vals = L->nvals;
    }
    return true;
}

static bool pop(lower_t *L, uint8_t *out) {
    ctrl_t *c = &L->ctrls[L->nctrls - 1];
    if (L->nvals == c->height) {
        if (c->unreachable) {
            *out = T_UNKNOWN;
            return true;
        }
        return fail(L, "type mismatch");
    }
    *out = L->vals[--L->nvals];
    return true;
}

static bool pop_expect(lower_t *L, uint8_t want) {
    uint8_t t = T_UNKNOWN;
    if (!pop(L, &t)) {
        return false;
    }
    if (t != want && t != T_UNKNOWN && want != T_UNKNOWN) {
        return fail(L, "type mismatch");
    }
    return true;
}

static bool pop_types(lower_t *L, const uint8_t *ts, uint32_t n) {
    for (uint32_t i = n; i-- > 0;) {
        if (!pop_expect(L, ts[i])) {
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
    ctrl_t *c = &L->ctrls[L->nctrls - 1];
    L->nvals = c->height;
    c->unreachable = true;
}

// ---- code emission ------------------------------------------------------------------

static bool live(lower_t *L) {
    ctrl_t *c = &L->ctrls[L->nctrls - 1];
    return !c->unreachable && !c->dead;
}

static bool emit(lower_t *L, uint32_t w) {
    if (L->ncode == L->cap_code) {
        uint32_t nc = L->cap_code ? L->cap_code * 2 : 64;
        uint32_t *ncw = mw_realloc(L->r.rt, L->code, L->cap_code * sizeof(uint32_t), nc * sizeof(uint32_t));
        if (ncw == NULL) {
            return nomem(L);
        }
        L->code = ncw;
        L->cap_code = nc;
    }
    L->code[L->ncode++] = w;
    return true;
}

// Emit op + up to two immediates, only in live code.
static bool emit_op(lower_t *L, mw_op op, int nimm, uint32_t a, uint32_t b) {
    if (!live(L)) {
        return true;
    }
    return emit(L, op) && (nimm < 1 || emit(L, a)) && (nimm < 2 || emit(L, b));
}

// Target word of a branch to `c`: known for loops, else chained for patching.
static bool emit_target(lower_t *L, ctrl_t *c) {
    if (c->kind == K_LOOP) {
        return emit(L, c->target);
    }
    uint32_t link = c->fixups;
    c->fixups = L->ncode + 1;
    return emit(L, link);
}

static void patch_chain(lower_t *L, uint32_t chain) {
    while (chain) {
        uint32_t idx = chain - 1;
        chain = L->code[idx];
        L->code[idx] = L->ncode;
    }
}

static uint32_t label_arity(const ctrl_t *c) {
    return c->kind == K_LOOP ? c->nparams : c->nresults;
}

static const uint8_t *label_types(const ctrl_t *c) {
    return c->kind == K_LOOP ? c->params : c->results;
}

// br / br_if to `c` with the current stack (label values on top).
static bool emit_branch(lower_t *L, ctrl_t *c, bool cond) {
    if (!live(L)) {
        return true;
    }
    uint32_t n = label_arity(c);
    uint32_t h = L->nlocals + c->height;
    uint32_t cur = L->nlocals + L->nvals;
    if (cur - n == h) {
        return emit(L, cond ? MW_OP_BR_IF_JMP : MW_OP_JMP) && emit_target(L, c);
    }
    return emit(L, cond ? MW_OP_BR_IF : MW_OP_BR) && emit_target(L, c) && emit(L, h) && emit(L, n);
}

// ---- control stack ------------------------------------------------------------------

static bool push_ctrl(lower_t *L, uint8_t kind, const uint8_t *params, uint32_t np,
    const uint8_t *results, uint32_t nr, uint8_t single) {
    if (L->nctrls == L->cap_ctrls) {
        uint32_t nc = L->cap_ctrls ? L->cap_ctrls * 2 : 8;
        ctrl_t *n = mw_realloc(L->r.rt, L->ctrls, L->cap_ctrls * sizeof(ctrl_t), nc * sizeof(ctrl_t));
        if (n == NULL) {
            return nomem(L);
        }
        L->ctrls = n;
        L->cap_ctrls = nc;
    }
    bool dead = L->nctrls > 0 && !live(L);
    ctrl_t *c = &L->ctrls[L->nctrls++];
    memset(c, 0, sizeof(*c));
    c->kind = kind;
    c->dead = dead;
    c->single = single;
    c->params = params;
    c->nparams = np;
    c->results = single ? &c->single : results;
    c->nresults = nr;
    c->height = L->nvals;
    c->target = L->ncode;
    return push_types(L, params, np);
}

// Block type (spec 5.4.1): empty, one value type, or a type index (s33).
static bool rd_blocktype(lower_t *L, const uint8_t **params, uint32_t *np,
    const uint8_t **results, uint32_t *nr, uint8_t *single) {
    mw_reader *r = &L->r;
    if (r->p >= r->end) {
        return mw_rd_fail(r, MW_ERR_MALFORMED, "unexpected end");
    }
    uint8_t b = *r->p;
    *params = NULL;
    *np = 0;
    *results = NULL;
    *nr = 0;
    *single = 0;
    if (b == 0x40) {
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
        return mw_rd_fail(r, MW_ERR_MALFORMED, "malformed value type");
    }
    if (v >= L->m->ntypes) {
        return fail(L, "unknown type");
    }
    const mw_functype *ft = L->m->types[v];
    *params = ft->types;
    *np = ft->nparams;
    *results = ft->types + ft->nparams;
    *nr = ft->nresults;
    return true;
}

static bool rd_label(lower_t *L, ctrl_t **out) {
    uint32_t l;
    if (!mw_rd_u32(&L->r, &l)) {
        return false;
    }
    if (l >= L->nctrls) {
        return fail(L, "unknown label");
    }
    *out = &L->ctrls[L->nctrls - 1 - l];
    return true;
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

// Conversions 0xa7..0xbf: operand and result types.
static const uint8_t conv_sig[][2] = {
    {MW_I64, MW_I32}, {MW_F32, MW_I32}, {MW_F32, MW_I32}, {MW_F64, MW_I32}, {MW_F64, MW_I32},
    {MW_I32, MW_I64}, {MW_I32, MW_I64}, {MW_F32, MW_I64}, {MW_F32, MW_I64}, {MW_F64, MW_I64},
    {MW_F64, MW_I64}, {MW_I32, MW_F32}, {MW_I32, MW_F32}, {MW_I64, MW_F32}, {MW_I64, MW_F32},
    {MW_F64, MW_F32}, {MW_I32, MW_F64}, {MW_I32, MW_F64}, {MW_I64, MW_F64}, {MW_I64, MW_F64},
    {MW_F32, MW_F64}, {MW_F32, MW_I32}, {MW_F64, MW_I64}, {MW_I32, MW_F32}, {MW_I64, MW_F64},
};

// Operand types (b = 0: unary) and result type of numeric opcode 0x45..0xc4.
static void numeric_sig(uint8_t op, uint8_t *a, uint8_t *b, uint8_t *res) {
    *b = 0;
    if (op == 0x45) {
        *a = MW_I32, *res = MW_I32;
    } else if (op <= 0x4f) {
        *a = *b = MW_I32, *res = MW_I32;
    } else if (op == 0x50) {
        *a = MW_I64, *res = MW_I32;
    } else if (op <= 0x5a) {
        *a = *b = MW_I64, *res = MW_I32;
    } else if (op <= 0x60) {
        *a = *b = MW_F32, *res = MW_I32;
    } else if (op <= 0x66) {
        *a = *b = MW_F64, *res = MW_I32;
    } else if (op <= 0x69) {
        *a = *res = MW_I32;
    } else if (op <= 0x78) {
        *a = *b = *res = MW_I32;
    } else if (op <= 0x7b) {
        *a = *res = MW_I64;
    } else if (op <= 0x8a) {
        *a = *b = *res = MW_I64;
    } else if (op <= 0x91) {
        *a = *res = MW_F32;
    } else if (op <= 0x98) {
        *a = *b = *res = MW_F32;
    } else if (op <= 0x9f) {
        *a = *res = MW_F64;
    } else if (op <= 0xa6) {
        *a = *b = *res = MW_F64;
    } else if (op <= 0xbf) {
        *a = conv_sig[op - 0xa7][0];
        *res = conv_sig[op - 0xa7][1];
    } else if (op <= 0xc1) {
        *a = *res = MW_I32;
    } else {
        *a = *res = MW_I64;
    }
}

// Saturating truncations 0xfc 0..7: operand, result.
static const uint8_t sat_sig[8][2] = {
    {MW_F32, MW_I32}, {MW_F32, MW_I32}, {MW_F64, MW_I32}, {MW_F64, MW_I32},
    {MW_F32, MW_I64}, {MW_F32, MW_I64}, {MW_F64, MW_I64}, {MW_F64, MW_I64},
};

static bool rd_index(lower_t *L, uint32_t *idx, uint32_t limit, const char *unknown) {
    if (!mw_rd_u32(&L->r, idx)) {
        return false;
    }
    if (*idx >= limit) {
        return fail(L, unknown);
    }
    return true;
}

// ---- the body ---------------------------------------------------------------------------

static bool lower_prefixed(lower_t *L) {
    mw_module *m = L->m;
    uint32_t sub, a, b;
    if (!mw_rd_u32(&L->r, &sub)) {
        return false;
    }
    if (sub <= 7) {
        if (!pop_expect(L, sat_sig[sub][0]) || !push(L, sat_sig[sub][1])) {
            return false;
        }
        return emit_op(L, (mw_op)(MW_OP_I32_TRUNC_SAT_F32_S + sub), 0, 0, 0);
    }
    switch (sub) {
        case 8: // memory.init data mem
            if (!m->has_datacount) {
                return mw_rd_fail(&L->r, MW_ERR_MALFORMED, "data count section required");
            }
            if (!rd_index(L, &a, m->ndatas, "unknown data segment") || !rd_index(L, &b, m->nmems, "unknown memory")) {
                return false;
            }
            return pop_expect(L, MW_I32) && pop_expect(L, MW_I32) && pop_expect(L, MW_I32)
                   && emit_op(L, MW_OP_MEMORY_INIT, 2, a, b);
        case 9: // data.drop
            if (!m->has_datacount) {
                return mw_rd_fail(&L->r, MW_ERR_MALFORMED, "data count section required");
            }
            return rd_index(L, &a, m->ndatas, "unknown data segment") && emit_op(L, MW_OP_DATA_DROP, 1, a, 0);
        case 10: // memory.copy dst src
            return rd_index(L, &a, m->nmems, "unknown memory") && rd_index(L, &b, m->nmems, "unknown memory")
                   && pop_expect(L, MW_I32) && pop_expect(L, MW_I32) && pop_expect(L, MW_I32)
                   && emit_op(L, MW_OP_MEMORY_COPY, 2, a, b);
        case 11: // memory.fill
            return rd_index(L, &a, m->nmems, "unknown memory")
                   && pop_expect(L, MW_I32) && pop_expect(L, MW_I32) && pop_expect(L, MW_I32)
                   && emit_op(L, MW_OP_MEMORY_FILL, 1, a, 0);
        case 12: // table.init elem table
            if (!rd_index(L, &a, m->nelems, "unknown elem segment") || !rd_index(L, &b, m->ntables, "unknown table")) {
                return false;
            }
            if (m->elems[a].type != m->tables[b].elem) {
                return fail(L, "type mismatch");
            }
            return pop_expect(L, MW_I32) && pop_expect(L, MW_I32) && pop_expect(L, MW_I32)
                   && emit_op(L, MW_OP_TABLE_INIT, 2, a, b);
        case 13: // elem.drop
            return rd_index(L, &a, m->nelems, "unknown elem segment") && emit_op(L, MW_OP_ELEM_DROP, 1, a, 0);
        case 14: // table.copy dst src
            if (!rd_index(L, &a, m->ntables, "unknown table") || !rd_index(L, &b, m->ntables, "unknown table")) {
                return false;
            }
            if (m->tables[a].elem != m->tables[b].elem) {
                return fail(L, "type mismatch");
            }
            return pop_expect(L, MW_I32) && pop_expect(L, MW_I32) && pop_expect(L, MW_I32)
                   && emit_op(L, MW_OP_TABLE_COPY, 2, a, b);
        case 15: // table.grow: (ref n) -> i32
            return rd_index(L, &a, m->ntables, "unknown table") && pop_expect(L, MW_I32)
                   && pop_expect(L, m->tables[a].elem) && push(L, MW_I32) && emit_op(L, MW_OP_TABLE_GROW, 1, a, 0);
        case 16: // table.size
            return rd_index(L, &a, m->ntables, "unknown table") && push(L, MW_I32)
                   && emit_op(L, MW_OP_TABLE_SIZE, 1, a, 0);
        case 17: // table.fill: (i ref n)
            return rd_index(L, &a, m->ntables, "unknown table") && pop_expect(L, MW_I32)
                   && pop_expect(L, m->tables[a].elem) && pop_expect(L, MW_I32)
                   && emit_op(L, MW_OP_TABLE_FILL, 1, a, 0);
        default:
            return mw_rd_fail(&L->r, MW_ERR_MALFORMED, "illegal opcode");
    }
}

static bool lower_memarg(lower_t *L, uint8_t op) {
    uint32_t align, offset, mem = 0;
    if (!mw_rd_u32(&L->r, &align)) {
        return false;
    }
    if (align & 0x40) {           // multi-memory: memory index follows
        align &= ~0x40u;
        if (!mw_rd_u32(&L->r, &mem)) {
            return false;
        }
    }
    if (!mw_rd_u32(&L->r, &offset)) {
        return false;
    }
    if (mem >= L->m->nmems) {
        return fail(L, "unknown memory");
    }
    if (align > memops[op - 0x28].align) {
        return fail(L, "alignment must not be larger than natural");
    }
    uint8_t t = memops[op - 0x28].type;
    if (op <= 0x35) {
        if (!pop_expect(L, MW_I32) || !push(L, t)) {
            return false;
        }
    } else if (!pop_expect(L, t) || !pop_expect(L, MW_I32)) {
        return false;
    }
    return emit_op(L, (mw_op)memops[op - 0x28].op, 2, offset, mem);
}

static bool lower_end(lower_t *L) {
    ctrl_t *c = &L->ctrls[L->nctrls - 1];
    if (!pop_types(L, c->results, c->nresults)) {
        return false;
    }
    if (L->nvals != c->height) {
        return fail(L, "type mismatch");
    }
    if (c->kind == K_IF) {
        // if without else: the missing else passes the params through
        if (c->nparams != c->nresults || memcmp(c->params, c->results, c->nparams) != 0) {
            return fail(L, "type mismatch");
        }
        patch_chain(L, c->else_fix);
    }
    patch_chain(L, c->fixups);
    uint8_t kind = c->kind;
    const uint8_t *res = c->results;
    uint32_t nr = c->nresults;
    uint8_t single = c->single;
    L->nctrls--;
    if (kind == K_FUNC) {
        return emit(L, MW_OP_RETURN) && emit(L, nr);
    }
    if (res == &c->single) {
        return push(L, single);
    }
    return push_types(L, res, nr);
}

static bool lower_body(lower_t *L, const mw_functype *ft) {
    mw_reader *r = &L->r;
    mw_module *m = L->m;
    if (!push_ctrl(L, K_FUNC, NULL, 0, ft->types + ft->nparams, ft->nresults, 0)) {
        return false;
    }
    while (L->nctrls > 0) {
        uint8_t op, t, t2;
        uint32_t a, b;
        uint64_t v;
        ctrl_t *c;
        if (r->p >= r->end) {
            return mw_rd_fail(r, MW_ERR_MALFORMED, "unexpected end of section or function");
        }
        op = *r->p++;
        switch (op) {
            case 0x00:
                if (!emit_op(L, MW_OP_UNREACHABLE, 0, 0, 0)) {
                    return false;
                }
                set_unreachable(L);
                break;
            case 0x01:
                break;
            case 0x02:
            case 0x03:
            case 0x04: {
                const uint8_t *ps, *rs;
                uint32_t np, nr;
                uint8_t single;
                if (!rd_blocktype(L, &ps, &np, &rs, &nr, &single)) {
                    return false;
                }
                if (op == 0x04 && !pop_expect(L, MW_I32)) {
                    return false;
                }
                if (!pop_types(L, ps, np)) {
                    return false;
                }
                bool was_live = live(L);
                if (op == 0x03 && was_live && !emit(L, MW_OP_LOOP)) {
                    return false;
                }
                uint32_t head = L->ncode - (op == 0x03 && was_live ? 1 : 0);
                if (op == 0x04 && was_live && !emit(L, MW_OP_BR_UNLESS)) {
                    return false;
                }
                if (!push_ctrl(L, op == 0x02 ? K_BLOCK : op == 0x03 ? K_LOOP : K_IF, ps, np, rs, nr, single)) {
                    return false;
                }
                c = &L->ctrls[L->nctrls - 1];
                c->target = head;
                if (op == 0x04 && was_live) {
                    c->else_fix = L->ncode + 1;
                    if (!emit(L, 0)) {
                        return false;
                    }
                }
                break;
            }
            case 0x05:
                c = &L->ctrls[L->nctrls - 1];
                if (c->kind != K_IF) {
                    return fail(L, "else without if");
                }
                if (!pop_types(L, c->results, c->nresults)) {
                    return false;
                }
                if (L->nvals != c->height) {
                    return fail(L, "type mismatch");
                }
                if (live(L)) {
                    if (!emit(L, MW_OP_JMP) || !emit_target(L, c)) {
                        return false;
                    }
                }
                patch_chain(L, c->else_fix);
                c->else_fix = 0;
                c->kind = K_ELSE;
                c->unreachable = false;
                if (!push_types(L, c->params, c->nparams)) {
                    return false;
                }
                break;
            case 0x0b:
                if (!lower_end(L)) {
                    return false;
                }
                break;
            case 0x0c:
                if (!rd_label(L, &c) || !pop_types(L, label_types(c), label_arity(c))
                    || !push_types(L, label_types(c), label_arity(c)) || !emit_branch(L, c, false)) {
                    return false;
                }
                set_unreachable(L);
                break;
            case 0x0d:
                if (!rd_label(L, &c) || !pop_expect(L, MW_I32) || !pop_types(L, label_types(c), label_arity(c))
                    || !push_types(L, label_types(c), label_arity(c)) || !emit_branch(L, c, true)) {
                    return false;
                }
                break;
            case 0x0e: {
                uint32_t n;
                ctrl_t *dflt;
                if (!mw_rd_u32(r, &n)) {
                    return false;
                }
                if (n > (uint32_t)(r->end - r->p)) {
                    return mw_rd_fail(r, MW_ERR_MALFORMED, "unexpected end");
                }
                const uint8_t *labels = r->p;
                // default label first (to know the arity), then all labels
                for (uint32_t i = 0; i < n; i++) {
                    if (!mw_rd_u32(r, &a)) {
                        return false;
                    }
                }
                if (!rd_label(L, &dflt) || !pop_expect(L, MW_I32)) {
                    return false;
                }
                const uint8_t *after = r->p;
                uint32_t arity = label_arity(dflt);
                bool emitting = live(L);
                if (emitting && (!emit(L, MW_OP_BR_TABLE) || !emit(L, n))) {
                    return false;
                }
                r->p = labels;
                for (uint32_t i = 0; i <= n; i++) {
                    if (i == n) {
                        r->p = after;
                        c = dflt;
                    } else if (!rd_label(L, &c)) {
                        return false;
                    }
                    if (label_arity(c) != arity) {
                        return fail(L, "type mismatch");
                    }
                    // check the label's types against the stack, then restore it
                    uint32_t saved = L->nvals;
                    uint8_t tmp[16];
                    uint32_t keep = arity < 16 ? arity : 16;
                    if (saved >= keep) {
                        memcpy(tmp, L->vals + saved - keep, keep);
                    }
                    if (!pop_types(L, label_types(c), arity)) {
                        return false;
                    }
                    L->nvals = saved;
                    if (saved >= keep) {
                        memcpy(L->vals + saved - keep, tmp, keep);
                    }
                    if (emitting) {
                        if (!emit_target(L, c) || !emit(L, L->nlocals + c->height) || !emit(L, arity)) {
                            return false;
                        }
                    }
                }
                r->p = after;
                set_unreachable(L);
                break;
            }
            case 0x0f:
                c = &L->ctrls[0];
                if (!pop_types(L, c->results, c->nresults) || !emit_op(L, MW_OP_RETURN, 1, c->nresults, 0)) {
                    return false;
                }
                set_unreachable(L);
                break;
            case 0x10: {
                if (!rd_index(L, &a, m->nfuncs, "unknown function")) {
                    return false;
                }
                const mw_functype *ct = m->types[m->functypes[a]];
                if (!pop_types(L, ct->types, ct->nparams) || !push_types(L, ct->types + ct->nparams, ct->nresults)
                    || !emit_op(L, MW_OP_CALL, 1, a, 0)) {
                    return false;
                }
                break;
            }
            case 0x11: {
                if (!rd_index(L, &a, m->ntypes, "unknown type") || !rd_index(L, &b, m->ntables, "unknown table")) {
                    return false;
                }
                if (m->tables[b].elem != MW_FUNCREF) {
                    return fail(L, "type mismatch");
                }
                const mw_functype *ct = m->types[a];
                if (!pop_expect(L, MW_I32) || !pop_types(L, ct->types, ct->nparams)
                    || !push_types(L, ct->types + ct->nparams, ct->nresults)
                    || !emit_op(L, MW_OP_CALL_INDIRECT, 2, a, b)) {
                    return false;
                }
                break;
            }
            case 0x1a:
                if (!pop(L, &t) || !emit_op(L, MW_OP_DROP, 0, 0, 0)) {
                    return false;
                }
                break;
            case 0x1b:
                if (!pop_expect(L, MW_I32) || !pop(L, &t) || !pop(L, &t2)) {
                    return false;
                }
                if ((t != T_UNKNOWN && mw_is_reftype(t)) || (t2 != T_UNKNOWN && mw_is_reftype(t2))
                    || (t != t2 && t != T_UNKNOWN && t2 != T_UNKNOWN)) {
                    return fail(L, "type mismatch");
                }
                if (!push(L, t == T_UNKNOWN ? t2 : t) || !emit_op(L, MW_OP_SELECT, 0, 0, 0)) {
                    return false;
                }
                break;
            case 0x1c:
                if (!mw_rd_u32(r, &a)) {
                    return false;
                }
                if (a != 1) {
                    return fail(L, "invalid result arity");
                }
                if (!mw_rd_valtype(r, &t) || !pop_expect(L, MW_I32) || !pop_expect(L, t) || !pop_expect(L, t)
                    || !push(L, t) || !emit_op(L, MW_OP_SELECT, 0, 0, 0)) {
                    return false;
                }
                break;
            case 0x20:
                if (!rd_index(L, &a, L->nlocals, "unknown local") || !push(L, L->locals[a])
                    || !emit_op(L, MW_OP_LOCAL_GET, 1, a, 0)) {
                    return false;
                }
                break;
            case 0x21:
                if (!rd_index(L, &a, L->nlocals, "unknown local") || !pop_expect(L, L->locals[a])
                    || !emit_op(L, MW_OP_LOCAL_SET, 1, a, 0)) {
                    return false;
                }
                break;
            case 0x22:
                if (!rd_index(L, &a, L->nlocals, "unknown local") || !pop_expect(L, L->locals[a])
                    || !push(L, L->locals[a]) || !emit_op(L, MW_OP_LOCAL_TEE, 1, a, 0)) {
                    return false;
                }
                break;
            case 0x23:
                if (!rd_index(L, &a, m->nglobals, "unknown global") || !push(L, m->globals[a].type)
                    || !emit_op(L, MW_OP_GLOBAL_GET, 1, a, 0)) {
                    return false;
                }
                break;
            case 0x24:
                if (!rd_index(L, &a, m->nglobals, "unknown global")) {
                    return false;
                }
                if (!m->globals[a].mut) {
                    return fail(L, "global is immutable");
                }
                if (!pop_expect(L, m->globals[a].type) || !emit_op(L, MW_OP_GLOBAL_SET, 1, a, 0)) {
                    return false;
                }
                break;
            case 0x25:
                if (!rd_index(L, &a, m->ntables, "unknown table") || !pop_expect(L, MW_I32)
                    || !push(L, m->tables[a].elem) || !emit_op(L, MW_OP_TABLE_GET, 1, a, 0)) {
                    return false;
                }
                break;
            case 0x26:
                if (!rd_index(L, &a, m->ntables, "unknown table") || !pop_expect(L, m->tables[a].elem)
                    || !pop_expect(L, MW_I32) || !emit_op(L, MW_OP_TABLE_SET, 1, a, 0)) {
                    return false;
                }
                break;
            case 0x3f:
            case 0x40:
                if (!rd_index(L, &a, m->nmems, "unknown memory")) {
                    return false;
                }
                if (op == 0x40 && !pop_expect(L, MW_I32)) {
                    return false;
                }
                if (!push(L, MW_I32) || !emit_op(L, op == 0x3f ? MW_OP_MEMORY_SIZE : MW_OP_MEMORY_GROW, 1, a, 0)) {
                    return false;
                }
                break;
            case 0x41:
                if (!mw_rd_leb(r, 32, true, &v) || !push(L, MW_I32) || !emit_op(L, MW_OP_CONST32, 1, (uint32_t)v, 0)) {
                    return false;
                }
                break;
            case 0x42:
                if (!mw_rd_leb(r, 64, true, &v) || !push(L, MW_I64)
                    || !emit_op(L, MW_OP_CONST64, 2, (uint32_t)v, (uint32_t)(v >> 32))) {
                    return false;
                }
                break;
            case 0x43:
                if (r->end - r->p < 4) {
                    return mw_rd_fail(r, MW_ERR_MALFORMED, "unexpected end");
                }
                memcpy(&a, r->p, 4);
                r->p += 4;
                if (!push(L, MW_F32) || !emit_op(L, MW_OP_CONST32, 1, a, 0)) {
                    return false;
                }
                break;
            case 0x44:
                if (r->end - r->p < 8) {
                    return mw_rd_fail(r, MW_ERR_MALFORMED, "unexpected end");
                }
                memcpy(&v, r->p, 8);
                r->p += 8;
                if (!push(L, MW_F64) || !emit_op(L, MW_OP_CONST64, 2, (uint32_t)v, (uint32_t)(v >> 32))) {
                    return false;
                }
                break;
            case 0xd0:
                if (!mw_rd_reftype(r, &t) || !push(L, t) || !emit_op(L, MW_OP_CONST32, 1, 0, 0)) {
                    return false;
                }
                break;
            case 0xd1:
                if (!pop(L, &t)) {
                    return false;
                }
                if (t != T_UNKNOWN && !mw_is_reftype(t)) {
                    return fail(L, "type mismatch");
                }
                if (!push(L, MW_I32) || !emit_op(L, MW_OP_REF_IS_NULL, 0, 0, 0)) {
                    return false;
                }
                break;
            case 0xd2:
                if (!rd_index(L, &a, m->nfuncs, "unknown function")) {
                    return false;
                }
                if (!(m->declared_refs[a >> 3] & (1 << (a & 7)))) {
                    return fail(L, "undeclared function reference");
                }
                if (!push(L, MW_FUNCREF) || !emit_op(L, MW_OP_REF_FUNC, 1, a, 0)) {
                    return false;
                }
                break;
            case 0xfc:
                if (!lower_prefixed(L)) {
                    return false;
                }
                break;
            default:
                if (op >= 0x28 && op <= 0x3e) {
                    if (!lower_memarg(L, op)) {
                        return false;
                    }
                } else if (op >= 0x45 && op <= 0xc4) {
                    uint8_t ta, tb, tr;
                    numeric_sig(op, &ta, &tb, &tr);
                    if ((tb && !pop_expect(L, tb)) || !pop_expect(L, ta) || !push(L, tr)) {
                        return false;
                    }
                    if (op != 0xa7 && (op < 0xbc || op > 0xbf)
                        && !emit_op(L, (mw_op)(MW_OP_I32_EQZ + (op - 0x45)), 0, 0, 0)) {
                        return false;
                    }
                } else {
                    r->p--;
                    return mw_rd_fail(r, MW_ERR_MALFORMED, "illegal opcode");
                }
                break;
        }
    }
    if (r->p != r->end) {
        return mw_rd_fail(r, MW_ERR_MALFORMED, "section size mismatch");
    }
    return true;
}

mw_status mw_lower_func(mw_runtime *rt, mw_module *m, mw_funcdef *fd,
    const uint8_t *base, const uint8_t *p, const uint8_t *end) {
    lower_t L;
    memset(&L, 0, sizeof(L));
    L.r.rt = rt;
    L.r.base = base;
    L.r.p = p;
    L.r.end = end;
    L.m = m;
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
            mw_rd_fail(&L.r, MW_ERR_MALFORMED, "too many locals");
            goto fail;
        }
    }
    L.nlocals = (uint32_t)total;
    L.locals = mw_alloc(rt, L.nlocals + 1);
    if (L.locals == NULL) {
        nomem(&L);
        goto fail;
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
    if (!lower_body(&L, ft)) {
        goto fail;
    }
    // shrink the code to its final size
    fd->code = mw_realloc(rt, L.code, L.cap_code * sizeof(uint32_t), L.ncode * sizeof(uint32_t));
    if (fd->code == NULL) {
        fd->code = L.code;
    }
    L.code = NULL;
    fd->code_len = L.ncode;
    fd->nlocals = L.nlocals;
    fd->max_slots = L.nlocals + L.max_vals;
    goto done;
fail:
    st = rt->report.status;
done:
    mw_free(rt, L.code, 0);
    mw_free(rt, L.vals, 0);
    mw_free(rt, L.ctrls, 0);
    mw_free(rt, L.locals, 0);
    return st;
}
