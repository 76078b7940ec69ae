// SPDX-License-Identifier: MIT
// test_thread.c: code.c's threading (mw_config.h MW_THREADED, x86-64 GCC
// hosts) against a reference written here from the format's definition
// (mw_int.h "Threaded code"): each op of compact code gets its handler's
// address before it, every TARGET its distance threaded, JMP_FAR its unit
// index threaded. Built by tests/host/test_engine_unit.py (threaded, as the
// host runs; test_engine.c reads compact code and builds without).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mw.h"
#include "mw_int.h"
#include "check.h"

#if !MW_THREADED
#error "test_thread.c tests the threaded build (mw_config.h MW_THREADED)"
#endif

// the allocator, which can refuse every block (fail_all)
static bool fail_all;
static void *test_alloc(void *ctx, void *ptr, size_t old_size, size_t new_size) {
    if (fail_all && new_size > old_size) {
        return NULL;
    }
    return mw_malloc_alloc(ctx, ptr, old_size, new_size);
}

// compact code being built
static mw_code_unit code[40000];
static uint32_t ncode;

static uint32_t put_op(uint32_t op) {
    code[ncode] = (mw_code_unit)op;
    return ncode++;
}

static void put_unit(uint32_t v) {
    code[ncode++] = (mw_code_unit)v;
}

static void put_u32(uint32_t v) {
    mw_code_put_u32(code + ncode, v);
    ncode += 2;
}

// A TARGET unit at `at` naming compact unit `to`.
static void set_target(uint32_t at, uint32_t to) {
    code[at] = (mw_code_unit)(to - at);
}

// The reference: op starts by a linear walk, each op's units as the format
// says (1 + its immediates, a branch table's entries), every unit copied
// after its op's head, then each branch unit rewritten.
static uint32_t ref_units(const mw_code_unit *c) {
    uint32_t op = c[0], n = 1 + mw_op_units(op);
    if (op == MW_OP_BR_TABLE) {
        n += (mw_code_u32(c + 2) + 1) * MW_BR_ENTRY;
    } else if (op == MW_OP_BR_TABLE_JMP) {
        n += (mw_code_u32(c + 2) + 1) * MW_W_TARGET;
    }
    return n;
}

static uint32_t ref_at(const mw_code_unit *c, uint32_t n, uint32_t u) {
    uint32_t ops = 0;
    for (uint32_t i = 0; i < n && i < u; i += ref_units(c + i)) {
        ops++;
    }
    return u + 4 * ops;
}

static mw_code_unit *ref_thread(const mw_code_unit *c, uint32_t n, uint32_t *len) {
    uint32_t nops = 0;
    for (uint32_t i = 0; i < n; i += ref_units(c + i)) {
        nops++;
    }
    *len = n + 4 * nops;
    mw_code_unit *out = calloc(*len + 1, sizeof(mw_code_unit));
    for (uint32_t i = 0, o = 0; i < n; i += ref_units(c + i)) {
        uint32_t op = c[i], units = ref_units(c + i);
        const void *h = mw_thread_handler(op);
        memcpy(out + o, &h, sizeof(h));
        o += 4;
        memcpy(out + o, c + i, units * sizeof(mw_code_unit));
        const uint8_t *kinds = mw_op_kinds(op);
        uint32_t at = i + 1;
        for (int j = 0; j < MW_MAX_IMMS && kinds[j] != MW_K_NONE; j++) {
            if (kinds[j] == MW_K_TARGET) {
                uint32_t to = at + (uint32_t)(int32_t)(int16_t)c[at];
                out[at - i + o] = (mw_code_unit)(ref_at(c, n, to) - (at - i + o));
            }
            at += mw_kind_units[kinds[j]];
        }
        if (op == MW_OP_JMP_FAR) {
            mw_code_put_u32(out + o + 1, ref_at(c, n, mw_code_u32(c + i + 1)));
        }
        if (op == MW_OP_BR_TABLE || op == MW_OP_BR_TABLE_JMP) {
            for (; at < i + units; at += op == MW_OP_BR_TABLE ? MW_BR_ENTRY : MW_W_TARGET) {
                uint32_t to = at + (uint32_t)(int32_t)(int16_t)c[at];
                out[at - i + o] = (mw_code_unit)(ref_at(c, n, to) - (at - i + o));
            }
        }
        o += units;
    }
    return out;
}

// Threads the code built with plan p and compares it with the reference.
static void check_threaded(mw_runtime *rt, mw_thread_plan *p) {
    uint32_t len, units = mw_thread_plan_make(rt, p, code, ncode, true);
    mw_code_unit *want = ref_thread(code, ncode, &len);
    CHECK(units == len);
    if (units == len) {
        mw_code_unit *out = calloc(len + 1, sizeof(mw_code_unit));
        mw_thread_fill(out, code, ncode, p);
        CHECK(memcmp(out, want, len * sizeof(mw_code_unit)) == 0);
        free(out);
    }
    free(want);
}

// Branches of every kind, forward, back and to the end, across runs of
// MW_THREAD_RUN units and a branch table longer than a run.
static void test_branches(mw_runtime *rt, mw_thread_plan *p) {
    ncode = 0;
    uint32_t head = put_op(MW_OP_UNREACHABLE);
    put_op(MW_OP_JMP);
    uint32_t fwd = ncode;
    put_unit(0);
    for (int i = 0; i < 70; i++) {
        put_op(MW_OP_RETURN0);
    }
    put_op(MW_OP_BR_IF_LOOP);
    put_unit(3);
    set_target(ncode, head);
    ncode++;
    // BR_TABLE_JMP c count, then count + 1 TARGETs (past a run of 64)
    put_op(MW_OP_BR_TABLE_JMP);
    put_unit(1);
    put_u32(80);
    uint32_t table = ncode;
    ncode += 81;
    put_op(MW_OP_BR_TABLE);
    put_unit(1);
    put_u32(1);
    uint32_t entries = ncode;
    ncode += 2 * MW_BR_ENTRY;
    uint32_t far = put_op(MW_OP_JMP_FAR);
    put_u32(head);
    uint32_t land = put_op(MW_OP_RETURN0);
    set_target(fwd, land);
    for (uint32_t e = 0; e < 81; e++) {
        set_target(table + e, e % 3 == 0 ? head : e % 3 == 1 ? land : ncode);
    }
    for (uint32_t e = 0; e < 2; e++) {
        set_target(entries + e * MW_BR_ENTRY, e == 0 ? far : head);
    }
    check_threaded(rt, p);
}

// A branch that reaches compact but not threaded (ops of one unit between):
// 0 units with the reach checked, the code's units without.
static void test_reach(mw_runtime *rt, mw_thread_plan *p) {
    for (int back = 0; back < 2; back++) {
        ncode = 0;
        uint32_t top = put_op(MW_OP_RETURN0);
        uint32_t br = 0;
        if (!back) {
            put_op(MW_OP_JMP);
            br = ncode++;
        }
        for (int i = 0; i < 7000; i++) {
            put_op(MW_OP_RETURN0);
        }
        if (back) {
            put_op(MW_OP_JMP_LOOP);
            set_target(ncode, top);
            ncode++;
        } else {
            set_target(br, ncode);
        }
        put_op(MW_OP_RETURN0);
        uint32_t nops = 7003;
        CHECK(mw_thread_plan_make(rt, p, code, ncode, true) == 0);
        CHECK(mw_thread_plan_make(rt, p, code, ncode, false) == ncode + 4 * nops);
    }
    // 6,000 ops between: reaches (24,000 units more), and threads right
    ncode = 0;
    put_op(MW_OP_JMP);
    uint32_t br = ncode++;
    for (int i = 0; i < 6000; i++) {
        put_op(MW_OP_RETURN0);
    }
    set_target(br, ncode);
    put_op(MW_OP_RETURN0);
    check_threaded(rt, p);
}

int main(void) {
    mw_config cfg = {0};
    cfg.alloc = test_alloc;
    mw_runtime *rt;
    if (mw_runtime_new(&cfg, &rt) != MW_OK) {
        return 1;
    }
    mw_thread_plan p = {0};
    // a large body first, then smaller ones in the same plan (its blocks kept)
    test_reach(rt, &p);
    test_branches(rt, &p);
    mw_thread_plan_free(rt, &p);
    test_branches(rt, &p);
    mw_thread_plan_free(rt, &p);
    CHECK(p.cap == 0);
    // no memory for a plan: reported
    fail_all = true;
    ncode = 0;
    put_op(MW_OP_RETURN0);
    CHECK(mw_thread_plan_make(rt, &p, code, ncode, true) == UINT32_MAX);
    CHECK(mw_last_report(rt)->status == MW_ERR_NOMEM);
    fail_all = false;
    CHECK(mw_thread_plan_make(rt, &p, code, ncode, true) == 5);
    mw_thread_plan_free(rt, &p);
    mw_runtime_free(rt);
    if (failures == 0) {
        printf("OK\n");
    }
    return failures != 0;
}
