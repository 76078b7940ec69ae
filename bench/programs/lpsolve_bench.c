// SPDX-License-Identifier: MIT
// lp_solve 5.5.2.5 (Debian's lp-solve source package, the sources its
// lpsolve55/ccc compiles, unchanged; the package's own colamd/ for the
// SuiteSparse one Debian links, no dlopen of other inverse or language
// libraries): linear programming by the revised simplex method over a LUSOL
// LU factorisation in doubles, presolve and scaling, and mixed integer
// programming by depth-first branch and bound (recursive) with semi-continuous
// variables and SOS constraints. This driver solves models written in LP
// format (read through read_lpex from memory: lp_rlp.y's parser), random
// multi-dimensional knapsacks and set covers of N x 4 + 12 binaries, a
// facility location MIP and a transportation LP built through the API, with
// several branching rules and pricing strategies, and writes one model back to
// LP text (write_lpex) and solves that again. Each status, objective (to 9
// digits), iteration and node count is printed and hashed.
//   lpsolve_bench N      (N sets the random models' sizes)
#include "prog_common.h"

#include "lp_lib.h"

static uint32_t h = PROG_FNV_INIT;

static const char production_lp[] =
    "/* production planning */\n"
    "max: 143 x + 60 y + 195 z;\n"
    "land: 120 x + 210 y + 150.75 z <= 15000;\n"
    "cash: 110 x + 30 y + 125 z <= 4000;\n"
    "area: x + y + z <= 75;\n"
    "R4: -5 <= x - y <= 10;\n"
    "z >= 2;\n";

static const char mip_lp[] =
    "/* a mixed model: integers, a semi-continuous, a free and an sos2 set */\n"
    "min: 3 a + 2 b - 4 c + 5 d + e - 2 f + 0.5 g;\n"
    "c1: a + b + c + d >= 7.5;\n"
    "c2: 2 a - b + 3 c <= 14;\n"
    "c3: -a + 4 d + e - f = 3;\n"
    "R1: -2 <= a + e + g <= 30;\n"
    "c5: f <= 6.5;\n"
    "c6: c + g <= 9;\n"
    "c <= 5; d <= 8; e >= -10; e <= 10; g <= 20;\n"
    "int a, c, d;\n"
    "sec g;\n"
    "free f;\n"
    "sos2\n"
    "s1: a:1, b:2, c:3, d:4;\n";

static const char diet_lp[] =
    "/* a diet: cheapest mix meeting the needs */\n"
    "min: 0.18 bread + 0.23 milk + 0.05 cheese + 0.56 potato + 0.31 fish + 0.12 yogurt;\n"
    "cal: 65 bread + 146 milk + 113 cheese + 77 potato + 128 fish + 87 yogurt >= 2000;\n"
    "prot: 2 bread + 8 milk + 7 cheese + 2 potato + 19 fish + 5 yogurt >= 55;\n"
    "fat: bread + 8 milk + 9 cheese + 0.1 potato + 6 fish + 3 yogurt <= 70;\n"
    "carb: 12 bread + 11 milk + 0.4 cheese + 17 potato + 2 yogurt >= 200;\n"
    "bread <= 10; milk <= 8; cheese <= 4; potato <= 6; fish <= 3; yogurt <= 5;\n"
    "int milk;\n";

typedef struct reader {
    const char *text;
    size_t at, len;
} reader;

static int read_text(void *handle, char *buf, int max) {
    reader *r = handle;
    size_t n = r->len - r->at < (size_t)max ? r->len - r->at : (size_t)max;
    memcpy(buf, r->text + r->at, n);
    r->at += n;
    return (int)n;
}

// write_lpex's writer: each piece appended to a prog_buf
static int write_text(void *handle, char *buf) {
    prog_put(handle, buf);
    return TRUE;
}

static lprec *parse(const char *text, const char *name) {
    reader r = { text, 0, strlen(text) };
    return read_lpex(&r, read_text, NEUTRAL, (char *)name);
}

// solve, print and hash: status, objective, iterations, nodes and the first variables
static void report(lprec *lp, const char *what) {
    int rc = solve(lp);
    char line[512];
    int n = snprintf(line, sizeof(line), "%-22s rc %d obj %.9g iter %.0f nodes %.0f depth %d", what, rc,
        rc == OPTIMAL || rc == SUBOPTIMAL ? get_objective(lp) : 0.0, (double)get_total_iter(lp),
        (double)get_total_nodes(lp), get_max_level(lp));
    REAL *var;
    if ((rc == OPTIMAL || rc == SUBOPTIMAL) && get_ptr_variables(lp, &var)) {
        int cols = get_Ncolumns(lp);
        for (int j = 0; j < cols && j < 8 && n < (int)sizeof(line) - 24; j++) {
            n += snprintf(line + n, sizeof(line) - n, " %.6g", var[j]);
        }
    }
    printf("%s\n", line);
    h = prog_fnv(h, line, strlen(line));
}

// max sum v_j x_j under m knapsack rows sum w_ij x_j <= cap_i, x binary
static lprec *knapsack(unsigned n, unsigned m, uint32_t seed) {
    prog_rng r = { seed };
    lprec *lp = make_lp(0, (int)n);
    REAL *row = malloc((n + 1) * sizeof(REAL));
    set_add_rowmode(lp, TRUE);
    for (unsigned i = 0; i < m; i++) {
        REAL total = 0;
        for (unsigned j = 1; j <= n; j++) {
            row[j] = 5 + prog_rand(&r) % 60;
            total += row[j];
        }
        add_constraint(lp, row, LE, (REAL)(long)(total / 3));
    }
    set_add_rowmode(lp, FALSE);
    for (unsigned j = 1; j <= n; j++) {
        row[j] = 10 + prog_rand(&r) % 90;
        set_binary(lp, (int)j, TRUE);
    }
    set_obj_fn(lp, row);
    set_maxim(lp);
    free(row);
    return lp;
}

// min cost cover of k elements by n sets of 2..5 elements each, every element covered
static lprec *set_cover(unsigned n, unsigned k, uint32_t seed) {
    prog_rng r = { seed };
    lprec *lp = make_lp(0, (int)n);
    char *in = calloc((size_t)n * k, 1);
    for (unsigned j = 0; j < n; j++) {
        unsigned size = 2 + prog_rand(&r) % 4;
        for (unsigned s = 0; s < size; s++) {
            in[j * k + prog_rand(&r) % k] = 1;
        }
        in[j * k + j % k] = 1; // every element in some set
    }
    REAL *val = malloc(n * sizeof(REAL));
    int *col = malloc(n * sizeof(int));
    set_add_rowmode(lp, TRUE);
    for (unsigned e = 0; e < k; e++) {
        int cnt = 0;
        for (unsigned j = 0; j < n; j++) {
            if (in[j * k + e]) {
                val[cnt] = 1;
                col[cnt++] = (int)j + 1;
            }
        }
        add_constraintex(lp, cnt, val, col, GE, 1);
    }
    set_add_rowmode(lp, FALSE);
    for (unsigned j = 0; j < n; j++) {
        val[j] = 3 + prog_rand(&r) % 17;
        col[j] = (int)j + 1;
        set_binary(lp, (int)j + 1, TRUE);
    }
    set_obj_fnex(lp, (int)n, val, col);
    free(in);
    free(val);
    free(col);
    return lp;
}

// facilities f (open y_i at a fixed cost, capacity) serving customers c (x_ij shipped), a transport LP if fixed
static lprec *facilities(unsigned f, unsigned c, int fixed, uint32_t seed) {
    prog_rng r = { seed };
    unsigned nx = f * c, n = nx + (fixed ? f : 0);
    lprec *lp = make_lp(0, (int)n);
    REAL *val = malloc((n + 1) * sizeof(REAL));
    int *col = malloc((n + 1) * sizeof(int));
    unsigned *demand = malloc(c * sizeof(unsigned));
    unsigned total = 0;
    for (unsigned j = 0; j < c; j++) {
        demand[j] = 10 + prog_rand(&r) % 40;
        total += demand[j];
    }
    set_add_rowmode(lp, TRUE);
    for (unsigned j = 0; j < c; j++) { // demand met
        for (unsigned i = 0; i < f; i++) {
            val[i] = 1;
            col[i] = (int)(i * c + j) + 1;
        }
        add_constraintex(lp, (int)f, val, col, EQ, demand[j]);
    }
    for (unsigned i = 0; i < f; i++) { // capacity, only if open
        for (unsigned j = 0; j < c; j++) {
            val[j] = 1;
            col[j] = (int)(i * c + j) + 1;
        }
        REAL cap = (REAL)(total * 2 / f + prog_rand(&r) % 30);
        if (fixed) {
            val[c] = -cap;
            col[c] = (int)(nx + i) + 1;
            add_constraintex(lp, (int)c + 1, val, col, LE, 0);
        } else {
            add_constraintex(lp, (int)c, val, col, LE, cap);
        }
    }
    set_add_rowmode(lp, FALSE);
    for (unsigned k = 0; k < n; k++) {
        val[k] = k < nx ? 1 + prog_rand(&r) % 25 : 200 + prog_rand(&r) % 300;
        col[k] = (int)k + 1;
        if (k >= nx) {
            set_binary(lp, (int)k + 1, TRUE);
        }
    }
    set_obj_fnex(lp, (int)n, val, col);
    free(val);
    free(col);
    free(demand);
    return lp;
}

int main(int argc, char **argv) {
    long size = prog_size(argc, argv, 4);
    int major, minor, release, build;
    lp_solve_version(&major, &minor, &release, &build);
    unsigned n = 12 + 4 * (unsigned)size;
    printf("lp_solve %d.%d.%d.%d, %u binaries\n", major, minor, release, build, n);
    static const struct {
        const char *name, *text;
    } models[] = { { "production", production_lp }, { "mixed", mip_lp }, { "diet", diet_lp } };
    for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
        lprec *lp = parse(models[i].text, models[i].name);
        if (!lp) {
            prog_check(models[i].name, 0);
            continue;
        }
        set_verbose(lp, NEUTRAL);
        report(lp, models[i].name);
        prog_buf w = { 0 };
        write_lpex(lp, &w, write_text);
        lprec *again = parse(w.p, "again");
        prog_check("lp text read back", again != NULL);
        if (again) {
            set_verbose(again, NEUTRAL);
            report(again, "  written, read back");
            delete_lp(again);
        }
        h = prog_fnv(h, w.p, w.len);
        free(w.p);
        delete_lp(lp);
    }
    static const struct {
        const char *name;
        int rule;
    } rules[] = {
        { "first", NODE_FIRSTSELECT },
        { "gap", NODE_GAPSELECT },
        { "fraction", NODE_FRACTIONSELECT },
        { "pseudocost", NODE_PSEUDOCOSTSELECT },
        { "depth first ceiling", NODE_FIRSTSELECT | NODE_DEPTHFIRSTMODE },
    };
    for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
        char what[64];
        lprec *lp = knapsack(n, 3, 36 + (uint32_t)i);
        set_verbose(lp, NEUTRAL);
        set_bb_rule(lp, rules[i].rule);
        if (rules[i].rule & NODE_DEPTHFIRSTMODE) {
            set_bb_floorfirst(lp, BRANCH_CEILING);
        }
        snprintf(what, sizeof(what), "knapsack %s", rules[i].name);
        report(lp, what);
        delete_lp(lp);
        lp = set_cover(n, n / 2, 77 + (uint32_t)i);
        set_verbose(lp, NEUTRAL);
        set_bb_rule(lp, rules[i].rule);
        snprintf(what, sizeof(what), "cover %s", rules[i].name);
        report(lp, what);
        delete_lp(lp);
    }
    static const struct {
        const char *name;
        int pricing;
    } pricings[] = { { "devex", PRICER_DEVEX | PRICE_ADAPTIVE }, { "dantzig", PRICER_DANTZIG }, { "steepest", PRICER_STEEPESTEDGE } };
    for (size_t i = 0; i < sizeof(pricings) / sizeof(pricings[0]); i++) {
        char what[64];
        unsigned f = 3 + (unsigned)size / 2, c = 6 + (unsigned)size * 2;
        lprec *lp = facilities(f, c, 0, 5 + (uint32_t)i);
        set_verbose(lp, NEUTRAL);
        set_pivoting(lp, pricings[i].pricing);
        snprintf(what, sizeof(what), "transport %s", pricings[i].name);
        report(lp, what);
        delete_lp(lp);
        lp = facilities(f, c, 1, 5 + (uint32_t)i);
        set_verbose(lp, NEUTRAL);
        set_pivoting(lp, pricings[i].pricing);
        set_presolve(lp, PRESOLVE_ROWS | PRESOLVE_COLS | PRESOLVE_LINDEP, get_presolveloops(lp));
        snprintf(what, sizeof(what), "facility %s", pricings[i].name);
        report(lp, what);
        delete_lp(lp);
    }
    return prog_end(h);
}
