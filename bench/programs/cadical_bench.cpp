// SPDX-License-Identifier: MIT
// CaDiCaL 1.5.3 (Debian's cadical source package, unchanged): a CDCL SAT
// solver in C++ on the STL (std::vector of watches and clauses, heaps and
// queues of its own over them): two-watched-literal propagation, clause
// learning with minimisation, restarts, rephasing, and in-processing between
// searches (vivification, subsumption, bounded variable elimination, probing,
// equivalent literals). Built without exceptions or RTTI, as the library
// needs neither. This driver makes random 3-SAT formulas at the threshold
// (4.26 clauses a variable: about half are satisfiable), the pigeonhole
// formulas (unsatisfiable, hard for resolution) and an incremental run under
// assumptions; each model found is checked against its clauses and hashed.
//   cadical_bench N      (N rounds of 6 formulas)
#include "prog_common.h"

#include <vector>

#include "cadical.hpp"

static prog_rng rng = { 0x1b873593u };
static uint32_t hash = PROG_FNV_INIT;

typedef std::vector<std::vector<int>> formula;

static void add_all(CaDiCaL::Solver &s, const formula &f) {
    for (const std::vector<int> &c : f) {
        for (int lit : c) {
            s.add(lit);
        }
        s.add(0);
    }
}

// A model must satisfy every clause; its values (as bits) go into the hash.
static void check_model(CaDiCaL::Solver &s, const formula &f, int vars, const char *what) {
    for (const std::vector<int> &c : f) {
        bool sat = false;
        for (int lit : c) {
            sat = sat || s.val(lit) > 0; // positive: lit is true (ival in external.hpp)
        }
        if (!sat) {
            printf("%s: the model leaves a clause unsatisfied\n", what);
            prog_failures++;
            return;
        }
    }
    for (int v = 1; v <= vars; v++) {
        uint8_t b = s.val(v) > 0;
        hash = prog_fnv(hash, &b, 1);
    }
}

static const char *result_name(int r) {
    if (r == 10) {
        return "SAT";
    }
    return r == 20 ? "UNSAT" : "UNKNOWN";
}

static void random_3sat(int vars, int clauses, const char *what) {
    formula f;
    for (int i = 0; i < clauses; i++) {
        std::vector<int> c;
        while (c.size() < 3) {
            int v = 1 + (int)(prog_rand(&rng) % (uint32_t)vars);
            bool again = false;
            for (int l : c) {
                again = again || l == v || l == -v;
            }
            if (!again) {
                c.push_back(prog_rand(&rng) & 1 ? v : -v);
            }
        }
        f.push_back(c);
    }
    CaDiCaL::Solver s;
    add_all(s, f);
    int r = s.solve();
    if (r == 10) {
        check_model(s, f, vars, what);
    }
    hash = prog_fnv(hash, &r, sizeof r);
    printf("%s: %d variables, %d clauses: %s, %lld irredundant, %lld redundant\n", what, vars, clauses,
        result_name(r), (long long)s.irredundant(), (long long)s.redundant());
}

// Pigeons p into holes p - 1: variable (i, j) says pigeon i sits in hole j.
static void pigeonhole(int holes) {
    int pigeons = holes + 1;
    formula f;
    for (int i = 0; i < pigeons; i++) {
        std::vector<int> c;
        for (int j = 0; j < holes; j++) {
            c.push_back(1 + i * holes + j);
        }
        f.push_back(c);
    }
    for (int j = 0; j < holes; j++) {
        for (int a = 0; a < pigeons; a++) {
            for (int b = a + 1; b < pigeons; b++) {
                f.push_back({ -(1 + a * holes + j), -(1 + b * holes + j) });
            }
        }
    }
    CaDiCaL::Solver s;
    add_all(s, f);
    int r = s.solve();
    prog_check("pigeonhole is unsatisfiable", r == 20);
    hash = prog_fnv(hash, &r, sizeof r);
    printf("pigeonhole %d into %d: %s\n", pigeons, holes, result_name(r));
}

// One solver, one satisfiable formula, many solves: each under assumptions of its own, some
// satisfiable, some not (failed assumptions reported), and clauses added between solves.
static void incremental(int vars) {
    formula f;
    for (int i = 0; i < vars * 3; i++) {
        std::vector<int> c;
        for (int k = 0; k < 3; k++) {
            int v = 1 + (int)(prog_rand(&rng) % (uint32_t)vars);
            c.push_back(prog_rand(&rng) & 1 ? v : -v);
        }
        f.push_back(c);
    }
    CaDiCaL::Solver s;
    add_all(s, f);
    int sat = 0, unsat = 0, failed = 0;
    for (int round = 0; round < 24; round++) {
        int a[6];
        for (int k = 0; k < 6; k++) {
            int v = 1 + (int)(prog_rand(&rng) % (uint32_t)vars);
            a[k] = prog_rand(&rng) & 1 ? v : -v;
            s.assume(a[k]);
        }
        int r = s.solve();
        if (r == 10) {
            sat++;
            check_model(s, f, vars, "incremental");
        } else if (r == 20) {
            unsat++;
            for (int k = 0; k < 6; k++) {
                failed += s.failed(a[k]);
            }
        }
        hash = prog_fnv(hash, &r, sizeof r);
        if (round % 4 == 3) { // a clause more, kept in f for the models' checks
            std::vector<int> c;
            for (int k = 0; k < 4; k++) {
                int v = 1 + (int)(prog_rand(&rng) % (uint32_t)vars);
                c.push_back(prog_rand(&rng) & 1 ? v : -v);
            }
            for (int lit : c) {
                s.add(lit);
            }
            s.add(0);
            f.push_back(c);
        }
    }
    printf("incremental: %d variables, 24 solves under assumptions: %d SAT, %d UNSAT, %d failed assumptions\n", vars,
        sat, unsat, failed);
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    for (long r = 0; r < n; r++) {
        random_3sat(100, 426, "3-SAT a");
        random_3sat(110, 469, "3-SAT b");
        random_3sat(120, 511, "3-SAT c");
        random_3sat(200, 760, "3-SAT under the threshold");
        pigeonhole(6);
        incremental(300);
    }
    return prog_end(hash);
}
