// SPDX-License-Identifier: MIT
// op_profile.c: the dynamic op profile of lowered code, linked into the host
// runners built with -DMW_OP_PROFILE=1 (bench/op_profile.py builds them for
// `bench/run.py --op-profile`). mw_exec calls mw_op_profile_hit before every
// op it dispatches; this counts each op, and each pair of consecutive ops in
// two kinds: "next" when the second op starts at the unit after the first
// one's immediates (straight-line code, where a fusion could join them, if no
// label is between), or after the ops a fused row runs as its own
// (mw_op_runs_after: its partner stays in the code and its handler continues
// after it), and "jump" otherwise (a taken branch, call or return).
// At exit the counts go to the file named by MW_OP_PROFILE_OUT, one line each:
//   op NAME COUNT
//   next NAME1 NAME2 COUNT
//   jump NAME1 NAME2 COUNT
#include <stdio.h>
#include <stdlib.h>
#include "mw_int.h"

static const char *const op_names[MW_OP_COUNT] = {
    #define MW_X_NAME(name, layout, doc) #name,
    MW_OP_LIST(MW_X_NAME)
    #undef MW_X_NAME
};

static uint64_t ops[MW_OP_COUNT];
static uint64_t next[MW_OP_COUNT][MW_OP_COUNT];
static uint64_t jump[MW_OP_COUNT][MW_OP_COUNT];
static const mw_code_unit *prev_pc;     // NULL: no op yet
static uint32_t prev_op;

void mw_op_profile_hit(const mw_code_unit *pc) {
    uint32_t op = *pc;
    ops[op]++;
    if (prev_pc != NULL) {
        // the ends of prev and of each partner op its handler ran
        const mw_code_unit *end = prev_pc;
        uint32_t end_op = prev_op;
        uint32_t partners = mw_op_runs_after(prev_op);
        for (;;) {
            end += 1 + mw_op_units(end_op);
            if (end == pc || partners-- == 0) {
                break;
            }
            end_op = *end;
        }
        if (end == pc) {
            next[prev_op][op]++;
        } else {
            jump[prev_op][op]++;
        }
    }
    prev_pc = pc;
    prev_op = op;
}

static void op_profile_dump(void) {
    const char *path = getenv("MW_OP_PROFILE_OUT");
    if (path == NULL) {
        return;
    }
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        perror(path);
        return;
    }
    for (uint32_t a = 0; a < MW_OP_COUNT; a++) {
        if (ops[a] != 0) {
            fprintf(f, "op %s %llu\n", op_names[a], (unsigned long long)ops[a]);
        }
        for (uint32_t b = 0; b < MW_OP_COUNT; b++) {
            if (next[a][b] != 0) {
                fprintf(f, "next %s %s %llu\n", op_names[a], op_names[b], (unsigned long long)next[a][b]);
            }
            if (jump[a][b] != 0) {
                fprintf(f, "jump %s %s %llu\n", op_names[a], op_names[b], (unsigned long long)jump[a][b]);
            }
        }
    }
    fclose(f);
}

__attribute__((constructor)) static void op_profile_init(void) {
    atexit(op_profile_dump);
}
