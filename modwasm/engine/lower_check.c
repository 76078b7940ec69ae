// SPDX-License-Identifier: MIT
// lower_check.c: a lazy load's validation without lowering (the full
// profile, MW_LOWER_FAST): check_run types a run of the common instructions
// on the operand types alone, before lowering's own pass types the next one.
#include "lower_int.h"

#if MW_LOWER_FAST
// A LEB128 of at most `most` bytes at p (before end) whose every value is
// valid (a u32 or s32 in 4 bytes, an s64 in 9: 28 and 63 bits): its length,
// or 0 (longer, or cut short).
static uint32_t check_leb(const uint8_t *p, const uint8_t *end, uint32_t most) {
    for (uint32_t n = 0; n < most && p + n < end; n++) {
        if (p[n] < 0x80) {
            return n + 1;
        }
    }
    return 0;
}

// Validation without lowering (mw_lower_func's `check`): the commonest
// instructions typed here, on the operand stack's types alone, as long as
// they are valid with operands of known type above the innermost block's
// height (nothing polymorphic) and indices and immediates of the usual
// sizes (sqlite: all but ~1% of its instructions). It stops at
// the first other instruction, or one that fails, with the reader at it,
// which lower_instr then types with the body dead (emitting nothing,
// reporting as lowering does): so this accepts only what lower_instr
// accepts, and leaves the stacks as it would. The stack's state is in
// locals here (a store of a type, a byte, would make the compiler reload
// lower_t's fields after it).
void check_run(lower_t *L) {
    const uint8_t *p = L->r.p, *end = L->r.end;
    const mw_module *m = L->m;
    operand_t *v = L->vals;
    const uint8_t *locals = L->locals;
    uint32_t n = L->nvals, room = L->cap_vals, nlocals = L->nlocals, height = TOP(L)->height;
    // CHECK_PUSH: a value of type t pushed (room tested first); hi: the
    // most values at once
    uint32_t hi = n;
    #define CHECK_PUSH(t) do { \
        v[n].type = (t); \
        v[n].loc = nlocals + n; \
        n++; \
        hi = n > hi ? n : hi; \
    } while (0)
    while (p < end) {
        uint8_t op = *p;
        uint32_t avail = n - height, len = 1, x;
        if (op >= MW_W_LOCAL_GET && op <= MW_W_GLOBAL_SET) {
            if (p + 1 >= end || p[1] >= 0x80) {
                break;
            }
            x = p[1];
            len = 2;
            if (op <= MW_W_LOCAL_TEE) {
                if (x >= nlocals) {
                    break;
                }
                if (op == MW_W_LOCAL_GET) {
                    if (n >= room) {
                        break;
                    }
                    CHECK_PUSH(locals[x]);
                } else if (avail == 0 || v[n - 1].type != locals[x]) {
                    break;
                } else if (op == MW_W_LOCAL_SET) {
                    n--;
                }
            } else if (x >= m->nglobals) {
                break;
            } else if (op == MW_W_GLOBAL_GET) {
                if (n >= room) {
                    break;
                }
                CHECK_PUSH(m->globals[x].type);
            } else if (avail == 0 || !m->globals[x].mut || v[n - 1].type != m->globals[x].type) {
                break;
            } else {
                n--;
            }
        } else if (op >= MW_W_I32_EQZ && op <= MW_W_I64_EXTEND32_S) {
            uint8_t ta, tb, tr;
            numeric_sig(op, &ta, &tb, &tr);
            if (tb ? avail < 2 || v[n - 1].type != tb || v[n - 2].type != ta : avail < 1 || v[n - 1].type != ta) {
                break;
            }
            n -= tb ? 1 : 0;
            v[n - 1].type = tr;
        } else if (op >= MW_W_I32_CONST && op <= MW_W_F64_CONST) {
            len = op == MW_W_F32_CONST ? 5 : op == MW_W_F64_CONST ? 9
                : 1 + check_leb(p + 1, end, op == MW_W_I32_CONST ? 4 : 9);
            if (n >= room || len == 1 || len > (uint32_t)(end - p)) {
                break;
            }
            CHECK_PUSH(mw_const_type(op));
        } else if (op >= MW_W_I32_LOAD && op <= MW_W_I64_STORE32) {
            // memory 0: an alignment of one byte, so no memory index
            uint32_t i = op - MW_W_I32_LOAD, k;
            if (p + 1 >= end || p[1] > memops[i].align || m->nmems == 0 || (k = check_leb(p + 2, end, 4)) == 0) {
                break;
            }
            len = 2 + k;
            if (op <= MW_W_I64_LOAD32_U) {
                if (avail < 1 || v[n - 1].type != MW_I32) {
                    break;
                }
                v[n - 1].type = memops[i].type;
            } else if (avail < 2 || v[n - 1].type != memops[i].type || v[n - 2].type != MW_I32) {
                break;
            } else {
                n -= 2;
            }
        } else if (op == MW_W_CALL) {
            if ((len = 1 + check_leb(p + 1, end, 4)) == 1) {
                break;
            }
            x = 0;
            for (uint32_t k = len - 1; k-- > 0;) {
                x = x << 7 | (p[1 + k] & 0x7fu);
            }
            if (x >= m->nfuncs) {
                break;
            }
            const mw_functype *ft = m->types[m->functypes[x]];
            uint32_t np = ft->nparams, k = 0;
            if (avail < np || n - np + ft->nresults > room) {
                break;
            }
            while (k < np && v[n - np + k].type == ft->types[k]) {
                k++;
            }
            if (k < np) {
                break;
            }
            n -= np;
            for (k = 0; k < ft->nresults; k++) {
                CHECK_PUSH(ft->types[np + k]);
            }
        } else if (op == MW_W_BR_IF || op == MW_W_BR) {
            if (p + 1 >= end || p[1] >= 0x80 || p[1] >= L->nctrls) {
                break;
            }
            const ctrl_t *c = &L->ctrls[L->nctrls - 1 - p[1]];
            uint32_t cond = op == MW_W_BR_IF, arity = label_arity(c), k = 0;
            const uint8_t *ts = label_types(c);
            len = 2;
            if (avail < cond + arity || (cond && v[n - 1].type != MW_I32)) {
                break;
            }
            while (k < arity && v[n - cond - arity + k].type == ts[k]) {
                k++;
            }
            if (k < arity) {
                break;
            }
            if (cond) {
                n--;
            } else {
                n = height;
                TOP(L)->unreachable = true;
            }
        } else if (op == MW_W_BLOCK || op == MW_W_LOOP || op == MW_W_IF) {
            // an empty or a one-value block type (a number type)
            uint8_t b = p + 1 < end ? p[1] : 0;
            bool single = b == MW_I32 || b == MW_I64 || b == MW_F32 || b == MW_F64;
            bool cond = op == MW_W_IF;
            if ((b != MW_BLOCKTYPE_EMPTY && !single) || L->nctrls == L->cap_ctrls
                || (cond && (avail < 1 || v[n - 1].type != MW_I32))) {
                break;
            }
            len = 2;
            L->nvals = n - cond;
            push_ctrl(L, op == MW_W_BLOCK ? K_BLOCK : op == MW_W_LOOP ? K_LOOP : K_IF, NULL, 0, NULL, single,
                single ? b : 0);
            n = height = L->nvals;
        } else if (op == MW_W_END) {
            // a block's (not the function's), its results on top and nothing
            // below them; an if's without else only with none (its missing else)
            const ctrl_t *c = TOP(L);
            uint32_t nr = c->nresults, k = 0;
            const uint8_t *ts = ctrl_results(c);
            if (L->nctrls < 2 || avail != nr || (c->kind == K_IF && (nr != 0 || c->nparams != 0))) {
                break;
            }
            while (k < nr && v[height + k].type == ts[k]) {
                k++;
            }
            if (k < nr) {
                break;
            }
            L->nctrls--;
            L->top = L->ctrls + L->nctrls - 1;
            height = L->top->height;
        } else if (op == MW_W_DROP) {
            if (avail < 1) {
                break;
            }
            n--;
        } else if (op == MW_W_SELECT) {
            if (avail < 3 || v[n - 1].type != MW_I32 || v[n - 2].type != v[n - 3].type || v[n - 2].type == T_UNKNOWN
                || mw_is_reftype(v[n - 2].type)) {
                break;
            }
            n -= 2;
        } else if (op != MW_W_NOP) {
            break;
        }
        p += len;
    }
    #undef CHECK_PUSH
    L->r.p = p;
    L->nvals = n;
    frame_holds(L, hi);
}
#endif
