// SPDX-License-Identifier: MIT
// PicoSAT (Debian's picosat source package, picosat.c unchanged, built -DNDEBUG
// as its configure.sh does for the optimised library): CDCL search with
// two-watched literals, restarts, clause-database reduction and its own PRNG.
// Instances generated here: random 3-SAT at the threshold (4.26 clauses per
// variable; SAT and UNSAT ones), the pigeonhole formula PHP(n+1, n) (UNSAT,
// hard for resolution), all solutions of n-queens found incrementally with
// blocking clauses, graph colouring under assumptions (failed assumptions
// reported) and push/pop of clause contexts. Every model is checked against
// the clauses; the search's decision and propagation counts are printed (the
// same on any machine that computes what the C says).
//   picosat_bench N       (N random instances; the others grow with N)
#include "picosat.h"
#include "prog_common.h"

static uint32_t h = PROG_FNV_INIT;

// the clauses added since the last reset, kept to check models against
typedef struct cnf {
    int *lits;
    size_t n, cap;
} cnf;

static void add(PicoSAT *ps, cnf *f, int lit) {
    picosat_add(ps, lit);
    if (f->n == f->cap) {
        f->cap = f->cap ? 2 * f->cap : 4096;
        f->lits = realloc(f->lits, f->cap * sizeof(int));
    }
    f->lits[f->n++] = lit;
}

static int model_ok(PicoSAT *ps, const cnf *f) {
    int sat = 0;
    for (size_t i = 0; i < f->n; i++) {
        if (f->lits[i] == 0) {
            if (!sat) {
                return 0;
            }
            sat = 0;
        } else if (picosat_deref(ps, f->lits[i]) > 0) {
            sat = 1;
        }
    }
    return 1;
}

static void report(const char *what, PicoSAT *ps, int res, const cnf *f) {
    uint32_t m = PROG_FNV_INIT;
    if (res == PICOSAT_SATISFIABLE) {
        prog_check(what, model_ok(ps, f));
        for (int v = 1; v <= picosat_variables(ps); v++) {
            int x = picosat_deref(ps, v);
            m = prog_fnv(m, &x, sizeof(x));
        }
    }
    unsigned long long d = picosat_decisions(ps), p = picosat_propagations(ps);
    printf("%-18s %-5s %6d vars %7d clauses %8llu decisions %10llu props model %08x\n", what,
        res == PICOSAT_SATISFIABLE ? "SAT" : res == PICOSAT_UNSATISFIABLE ? "UNSAT" : "?", picosat_variables(ps),
        picosat_added_original_clauses(ps), d, p, (unsigned)m);
    h = prog_fnv(h, &res, sizeof(res));
    h = prog_fnv(h, &d, sizeof(d));
    h = prog_fnv(h, &p, sizeof(p));
    h = prog_fnv(h, &m, sizeof(m));
}

static void random3(int vars, uint32_t seed) {
    PicoSAT *ps = picosat_init();
    cnf f = { 0 };
    prog_rng r = { seed };
    int clauses = vars * 426 / 100;
    for (int c = 0; c < clauses; c++) {
        for (int k = 0; k < 3; k++) {
            int v = 1 + (int)(prog_rand(&r) % (uint32_t)vars);
            add(ps, &f, prog_rand(&r) & 1 ? v : -v);
        }
        add(ps, &f, 0);
    }
    char what[32];
    snprintf(what, sizeof(what), "3-sat %d #%u", vars, (unsigned)seed);
    report(what, ps, picosat_sat(ps, -1), &f);
    free(f.lits);
    picosat_reset(ps);
}

static void pigeonhole(int holes) {
    PicoSAT *ps = picosat_init();
    cnf f = { 0 };
    int pigeons = holes + 1;
#define P(i, j) ((i) * holes + (j) + 1)
    for (int i = 0; i < pigeons; i++) {
        for (int j = 0; j < holes; j++) {
            add(ps, &f, P(i, j));
        }
        add(ps, &f, 0);
    }
    for (int j = 0; j < holes; j++) {
        for (int i = 0; i < pigeons; i++) {
            for (int k = i + 1; k < pigeons; k++) {
                add(ps, &f, -P(i, j)), add(ps, &f, -P(k, j)), add(ps, &f, 0);
            }
        }
    }
#undef P
    char what[32];
    snprintf(what, sizeof(what), "pigeonhole %d/%d", pigeons, holes);
    report(what, ps, picosat_sat(ps, -1), &f);
    free(f.lits);
    picosat_reset(ps);
}

static void queens(int n) {
    PicoSAT *ps = picosat_init();
    cnf f = { 0 };
#define Q(r, c) ((r) * n + (c) + 1)
    for (int r = 0; r < n; r++) {
        for (int c = 0; c < n; c++) {
            add(ps, &f, Q(r, c));
        }
        add(ps, &f, 0);
    }
    for (int a = 0; a < n * n; a++) {
        for (int b = a + 1; b < n * n; b++) {
            int r1 = a / n, c1 = a % n, r2 = b / n, c2 = b % n;
            if (r1 == r2 || c1 == c2 || r1 - c1 == r2 - c2 || r1 + c1 == r2 + c2) {
                add(ps, &f, -Q(r1, c1)), add(ps, &f, -Q(r2, c2)), add(ps, &f, 0);
            }
        }
    }
    int solutions = 0, res;
    uint32_t all = PROG_FNV_INIT;
    while ((res = picosat_sat(ps, -1)) == PICOSAT_SATISFIABLE) {
        prog_check("queens model", model_ok(ps, &f));
        solutions++;
        int placed[32], k = 0;
        for (int v = 1; v <= n * n; v++) { // read the model first: adding a clause ends it
            if (picosat_deref(ps, v) > 0 && k < 32) {
                placed[k++] = v;
            }
        }
        all = prog_fnv(all, placed, sizeof(int) * (size_t)k);
        for (int i = 0; i < k; i++) { // block this placement
            add(ps, &f, -placed[i]);
        }
        add(ps, &f, 0);
    }
#undef Q
    printf("queens %d: %d solutions (%08x)\n", n, solutions, (unsigned)all);
    char what[32];
    snprintf(what, sizeof(what), "queens %d, all", n);
    report(what, ps, res, &f);
    h = prog_fnv(h, &all, sizeof(all));
    free(f.lits);
    picosat_reset(ps);
}

// a ring of odd length needs 3 colours: with colours limited by assumptions, 2 fail
static void colouring(int nodes, int chords) {
    PicoSAT *ps = picosat_init();
    cnf f = { 0 };
    prog_rng r = { 99 };
    const int K = 4;
#define C(v, k) ((v) * K + (k) + 1)
    for (int v = 0; v < nodes; v++) {
        for (int k = 0; k < K; k++) {
            add(ps, &f, C(v, k));
        }
        add(ps, &f, 0);
    }
    for (int e = 0; e < nodes + chords; e++) {
        int a = e < nodes ? e : (int)(prog_rand(&r) % (uint32_t)nodes);
        int b = e < nodes ? (e + 1) % nodes : (int)((a + 2 + prog_rand(&r) % 5) % (uint32_t)nodes);
        for (int k = 0; k < K; k++) {
            add(ps, &f, -C(a, k)), add(ps, &f, -C(b, k)), add(ps, &f, 0);
        }
    }
    for (int allowed = 1; allowed <= K; allowed++) {
        for (int v = 0; v < nodes; v++) {
            for (int k = allowed; k < K; k++) {
                picosat_assume(ps, -C(v, k));
            }
        }
        int res = picosat_sat(ps, -1), failed = 0;
        if (res == PICOSAT_UNSATISFIABLE) {
            for (int v = 0; v < nodes; v++) {
                for (int k = allowed; k < K; k++) {
                    failed += picosat_failed_assumption(ps, -C(v, k));
                }
            }
        }
        char what[32];
        snprintf(what, sizeof(what), "colour %d (%d failed)", allowed, failed);
        report(what, ps, res, &f);
    }
    // a context: forbid colour 0 everywhere, then pop it
    picosat_push(ps);
    for (int v = 0; v < nodes; v++) {
        picosat_add(ps, -C(v, 0)), picosat_add(ps, 0);
    }
    int res = picosat_sat(ps, -1);
    prog_check("pushed context model", res != PICOSAT_SATISFIABLE || picosat_deref(ps, C(0, 0)) < 0);
    report("colour, pushed", ps, res, &f);
    picosat_pop(ps);
    report("colour, popped", ps, picosat_sat(ps, -1), &f);
#undef C
    free(f.lits);
    picosat_reset(ps);
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 8);
    printf("picosat 965, size %ld\n", n);
    for (long i = 0; i < n; i++) {
        random3(120 + 10 * (int)(i % 8), 1000 + (uint32_t)i);
    }
    pigeonhole(6 + (n > 4) + (n > 16));
    queens(6 + (int)(n > 2) + (int)(n > 8));
    colouring(101, 40 + (int)n);
    printf("%s\nchecksum=0x%08x\n", prog_failures ? "some checks FAILED" : "all models checked ok", (unsigned)h);
    return prog_failures != 0;
}
