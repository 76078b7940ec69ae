// SPDX-License-Identifier: MIT
// GLPK (Debian's glpk source package, src/Makefile.am's libglpk_la_SOURCES
// unchanged): the GNU Linear Programming Kit, in doubles. N rounds, each of
// generated problems: a transportation LP solved by the primal simplex, the
// dual simplex and the dual-then-primal one, with and without the presolver
// and scaling, and by the interior point method (all five objectives must
// agree); a small LP of integer data solved by the exact simplex (rational
// bignums); a capacitated facility location MIP (branch and cut with Gomory,
// MIR, cover and clique cuts, the feasibility pump) and a multi-dimensional
// knapsack MIP; on graphs built here, a min-cost flow by the out-of-kilter
// algorithm and as an LP, a max flow by Ford-Fulkerson and as an
// LP, an assignment problem by out-of-kilter and as an LP, the maximum weight
// clique, strong components. Terminal output off; objective values printed,
// solutions' bits hashed. (GLPK's problem generators netgen, gridgen and
// rmfgen, RELAX-IV and the QMD ordering are disabled in this release, for
// their licences: the graphs are made here.)
//   glpk_bench N
#include "prog_common.h"

#include <math.h>
#include <stddef.h>

#include "glpk.h"

static uint32_t h = PROG_FNV_INIT;

// The C library's qsort, replaced by one sort for both builds: GLPK sorts with ties (ratio
// tests' breakpoints, cut pools, the feasibility pump's variables), and glibc's merge sort
// keeps equal elements in order where musl's (wasi-libc's) smoothsort does not, so the two
// builds would branch and cut differently and reach other optimal vertices. This one is a
// stable merge sort, as glibc's, the same C on both.
static void merge_sort(char *a, char *tmp, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
    if (n < 2) {
        return;
    }
    size_t half = n / 2;
    merge_sort(a, tmp, half, size, cmp);
    merge_sort(a + half * size, tmp, n - half, size, cmp);
    size_t i = 0, j = half, k = 0;
    while (i < half && j < n) {
        if (cmp(a + j * size, a + i * size) < 0) { // the right one only when strictly less: stable
            memcpy(tmp + k++ * size, a + j++ * size, size);
        } else {
            memcpy(tmp + k++ * size, a + i++ * size, size);
        }
    }
    memcpy(tmp + k * size, a + i * size, (half - i) * size);
    k += half - i;
    memcpy(a, tmp, k * size); // what is left of the right half is in place already
}

void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
    char *tmp = malloc(n * size + 1);
    if (tmp == NULL) {
        abort();
    }
    merge_sort(base, tmp, n, size, cmp);
    free(tmp);
}

static void hash_d(double v) {
    h = prog_fnv(h, &v, sizeof(v));
}

static int near(double a, double b) {
    return fabs(a - b) <= 1e-6 * (1.0 + fabs(a) + fabs(b));
}

static int rnd(prog_rng *r, int lo, int hi) {
    return lo + (int)(prog_rand(r) % (uint32_t)(hi - lo + 1));
}

// an empty problem: its direction (GLP_MIN or GLP_MAX), m rows and n columns
static glp_prob *new_prob(int dir, int m, int n) {
    glp_prob *P = glp_create_prob();
    glp_set_obj_dir(P, dir);
    glp_add_rows(P, m);
    glp_add_cols(P, n);
    return P;
}

// sources x sinks, supplies >= demands, costs of 1..99: min cost, rows "= demand", "<= supply"
static glp_prob *transport(prog_rng *r, int m, int n) {
    glp_prob *P = new_prob(GLP_MIN, m + n, m * n);
    int total = 0;
    for (int j = 0; j < n; j++) {
        int d = rnd(r, 10, 90);
        total += d;
        glp_set_row_bnds(P, m + j + 1, GLP_FX, d, d);
    }
    for (int i = 0; i < m; i++) {
        glp_set_row_bnds(P, i + 1, GLP_UP, 0, total / m + rnd(r, 5, 40));
    }
    int *ia = malloc(sizeof(int) * (size_t)(2 * m * n + 1)), *ja = malloc(sizeof(int) * (size_t)(2 * m * n + 1));
    double *ar = malloc(sizeof(double) * (size_t)(2 * m * n + 1));
    int k = 0;
    for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
            int col = i * n + j + 1;
            glp_set_col_bnds(P, col, GLP_LO, 0, 0);
            int whole = rnd(r, 1, 99), quarters = rnd(r, 0, 3); // two draws, in this order
            glp_set_obj_coef(P, col, whole + quarters * 0.25);
            ++k, ia[k] = i + 1, ja[k] = col, ar[k] = 1.0;
            ++k, ia[k] = m + j + 1, ja[k] = col, ar[k] = 1.0;
        }
    }
    glp_load_matrix(P, k, ia, ja, ar);
    free(ia);
    free(ja);
    free(ar);
    return P;
}

static double solve_lp(prog_rng *r, int round, int *agree) {
    int m = 12 + rnd(r, 0, 10), n = 20 + rnd(r, 0, 15);
    glp_prob *P = transport(r, m, n);
    double obj[5];
    static const int meth[3] = { GLP_PRIMAL, GLP_DUAL, GLP_DUALP };
    for (int s = 0; s < 4; s++) {
        glp_prob *Q = glp_create_prob();
        glp_copy_prob(Q, P, GLP_OFF);
        glp_smcp parm;
        glp_init_smcp(&parm);
        parm.msg_lev = GLP_MSG_OFF;
        parm.meth = meth[s % 3];
        parm.presolve = s == 3 ? GLP_ON : GLP_OFF;
        parm.pricing = s == 1 ? GLP_PT_STD : GLP_PT_PSE;
        parm.r_test = s == 2 ? GLP_RT_STD : GLP_RT_HAR;
        if (s == 1) {
            glp_scale_prob(Q, GLP_SF_GM | GLP_SF_EQ);
        } else if (s == 2) {
            glp_scale_prob(Q, GLP_SF_AUTO);
            glp_adv_basis(Q, 0);
        }
        int ret = glp_simplex(Q, &parm);
        prog_check("glp_simplex", ret == 0 && glp_get_status(Q) == GLP_OPT);
        obj[s] = glp_get_obj_val(Q);
        hash_d(obj[s]);
        for (int j = 1; j <= glp_get_num_cols(Q); j++) {
            hash_d(glp_get_col_prim(Q, j));
        }
        for (int i = 1; i <= glp_get_num_rows(Q); i++) {
            hash_d(glp_get_row_dual(Q, i));
        }
        glp_delete_prob(Q);
    }
    glp_iptcp ip;
    glp_init_iptcp(&ip);
    ip.msg_lev = GLP_MSG_OFF;
    ip.ord_alg = round % 2 ? GLP_ORD_AMD : GLP_ORD_SYMAMD; // QMD is disabled in this release
    prog_check("glp_interior", glp_interior(P, &ip) == 0 && glp_ipt_status(P) == GLP_OPT);
    obj[4] = glp_ipt_obj_val(P);
    int ok = 1;
    for (int s = 1; s < 5; s++) {
        ok &= near(obj[0], obj[s]);
    }
    *agree += ok;
    if (round == 0) {
        printf("transport %dx%d: simplex %.6f (x4) interior %.6f\n", m, n, obj[0], obj[4]);
    }
    glp_delete_prob(P);
    return obj[0];
}

// max c.x, A x <= b, 0 <= x <= 10, small integers: the exact simplex's rationals
static double solve_exact(prog_rng *r) {
    int m = 8 + rnd(r, 0, 4), n = 10 + rnd(r, 0, 4);
    glp_prob *P = new_prob(GLP_MAX, m, n);
    int ia[1 + 16 * 14], ja[1 + 16 * 14], k = 0;
    double ar[1 + 16 * 14];
    for (int i = 1; i <= m; i++) {
        glp_set_row_bnds(P, i, GLP_UP, 0, rnd(r, 20, 60));
        for (int j = 1; j <= n; j++) {
            if (prog_rand(r) % 3) {
                int num = rnd(r, 1, 9), den = 1 << rnd(r, 0, 2); // dyadic: exact in binary
                ++k, ia[k] = i, ja[k] = j, ar[k] = num / (double)den;
            }
        }
    }
    for (int j = 1; j <= n; j++) {
        glp_set_col_bnds(P, j, GLP_DB, 0, 10);
        glp_set_obj_coef(P, j, rnd(r, 1, 17) / 2.0);
    }
    glp_load_matrix(P, k, ia, ja, ar);
    // as GLPK's manual advises: the float simplex first, then the exact one from its basis
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    prog_check("glp_simplex before exact", glp_simplex(P, &parm) == 0 && glp_get_status(P) == GLP_OPT);
    double f = glp_get_obj_val(P);
    prog_check("glp_exact", glp_exact(P, &parm) == 0 && glp_get_status(P) == GLP_OPT);
    double v = glp_get_obj_val(P);
    prog_check("exact and float optima agree", near(v, f));
    hash_d(v);
    glp_delete_prob(P);
    return v;
}

// facilities with fixed costs and capacities, customers with demands: open y_f (binary), ship x_fc
static double solve_facility(prog_rng *r, int cuts) {
    int F = 6 + rnd(r, 0, 4), C = 12 + rnd(r, 0, 8);
    glp_prob *P = new_prob(GLP_MIN, C + F + F * C, F + F * C);
    int cap = 1 + F * C * 3 + F * C * 2;
    int *ia = malloc(sizeof(int) * (size_t)cap), *ja = malloc(sizeof(int) * (size_t)cap);
    double *ar = malloc(sizeof(double) * (size_t)cap);
    int k = 0, row = 0;
    int demand[32];
    for (int c = 0; c < C; c++) {
        demand[c] = rnd(r, 5, 35);
    }
    for (int f = 0; f < F; f++) {
        glp_set_col_kind(P, f + 1, GLP_BV);
        glp_set_obj_coef(P, f + 1, rnd(r, 200, 600));
    }
    for (int c = 0; c < C; c++) { // each customer's demand met
        ++row;
        glp_set_row_bnds(P, row, GLP_FX, demand[c], demand[c]);
        for (int f = 0; f < F; f++) {
            int col = F + f * C + c + 1;
            glp_set_col_bnds(P, col, GLP_LO, 0, 0);
            glp_set_obj_coef(P, col, rnd(r, 2, 30));
            ++k, ia[k] = row, ja[k] = col, ar[k] = 1;
        }
    }
    for (int f = 0; f < F; f++) { // capacity if open: sum x_fc - cap y_f <= 0
        ++row;
        glp_set_row_bnds(P, row, GLP_UP, 0, 0);
        ++k, ia[k] = row, ja[k] = f + 1, ar[k] = -rnd(r, 60, 160);
        for (int c = 0; c < C; c++) {
            ++k, ia[k] = row, ja[k] = F + f * C + c + 1, ar[k] = 1;
        }
    }
    for (int f = 0; f < F; f++) { // the strong form: x_fc <= d_c y_f
        for (int c = 0; c < C; c++) {
            ++row;
            glp_set_row_bnds(P, row, GLP_UP, 0, 0);
            ++k, ia[k] = row, ja[k] = F + f * C + c + 1, ar[k] = 1;
            ++k, ia[k] = row, ja[k] = f + 1, ar[k] = -demand[c];
        }
    }
    glp_load_matrix(P, k, ia, ja, ar);
    free(ia);
    free(ja);
    free(ar);
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_ON;
    parm.gmi_cuts = parm.mir_cuts = parm.cov_cuts = parm.clq_cuts = cuts ? GLP_ON : GLP_OFF;
    parm.fp_heur = cuts ? GLP_ON : GLP_OFF;
    parm.br_tech = cuts ? GLP_BR_DTH : GLP_BR_MFV;
    parm.bt_tech = cuts ? GLP_BT_BLB : GLP_BT_BPH;
    int ret = glp_intopt(P, &parm);
    prog_check("glp_intopt (facility)", ret == 0 && glp_mip_status(P) == GLP_OPT);
    double v = glp_mip_obj_val(P);
    for (int j = 1; j <= F; j++) {
        hash_d(glp_mip_col_val(P, j));
    }
    hash_d(v);
    glp_delete_prob(P);
    return v;
}

// max value, m knapsack constraints, integer items 0..3
static double solve_knapsack(prog_rng *r) {
    int m = 4, n = 25 + rnd(r, 0, 10);
    glp_prob *P = new_prob(GLP_MAX, m, n);
    int ia[1 + 4 * 40], ja[1 + 4 * 40], k = 0;
    double ar[1 + 4 * 40];
    for (int j = 1; j <= n; j++) {
        glp_set_col_kind(P, j, GLP_IV);
        glp_set_col_bnds(P, j, GLP_DB, 0, 3);
        glp_set_obj_coef(P, j, rnd(r, 10, 99));
    }
    for (int i = 1; i <= m; i++) {
        glp_set_row_bnds(P, i, GLP_UP, 0, rnd(r, 150, 300));
        for (int j = 1; j <= n; j++) {
            ++k, ia[k] = i, ja[k] = j, ar[k] = rnd(r, 3, 40);
        }
    }
    glp_load_matrix(P, k, ia, ja, ar);
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_ON;
    parm.cov_cuts = parm.mir_cuts = GLP_ON;
    int ret = glp_intopt(P, &parm);
    prog_check("glp_intopt (knapsack)", ret == 0 && glp_mip_status(P) == GLP_OPT);
    double v = glp_mip_obj_val(P);
    hash_d(v);
    glp_delete_prob(P);
    return v;
}

// glp_simplex with its terminal output off; the objective, the problem deleted
static double simplex_obj(glp_prob *P, int *ret) {
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    *ret = glp_simplex(P, &parm);
    double v = glp_get_obj_val(P);
    glp_delete_prob(P);
    return v;
}

typedef struct vdata {
    double rhs, pi, wgt;
    int set, num;
} vdata;

typedef struct adata {
    double low, cap, cost, x;
    int assigned; // the assignment algorithms' a_x is an int
} adata;

#define V_RHS offsetof(vdata, rhs)
#define V_PI offsetof(vdata, pi)
#define V_WGT offsetof(vdata, wgt)
#define V_SET offsetof(vdata, set)
#define V_NUM offsetof(vdata, num)
#define A_LOW offsetof(adata, low)
#define A_CAP offsetof(adata, cap)
#define A_COST offsetof(adata, cost)
#define A_X offsetof(adata, x)
#define A_ASSIGNED offsetof(adata, assigned)

static void arc(glp_graph *G, int i, int j, double cap, double cost) {
    glp_arc *a = glp_add_arc(G, i, j);
    adata *d = a->data;
    d->low = 0;
    d->cap = cap;
    d->cost = cost;
}

static void graphs(prog_rng *r, int round, long *agree) {
    // min-cost flow: a layered network, each vertex of the first layer supplying what the same
    // vertex of the last demands; the straight arcs carry any supply (feasible), others may be cheaper
    int layers = 5, width = 8 + rnd(r, 0, 6), nv = layers * width;
    glp_graph *G = glp_create_graph(sizeof(vdata), sizeof(adata));
    glp_add_vertices(G, nv);
    for (int l = 0; l + 1 < layers; l++) {
        for (int a = 0; a < width; a++) {
            for (int b = 0; b < width; b++) {
                if (prog_rand(r) % 3 == 0 || a == b) {
                    int cap = rnd(r, a == b ? 25 : 10, 60), cost = rnd(r, 1, 50); // not as arguments: their order is unspecified
                    arc(G, l * width + a + 1, (l + 1) * width + b + 1, cap, cost);
                }
            }
        }
    }
    for (int a = 0; a < width; a++) {
        int s = rnd(r, 5, 25);
        ((vdata *)G->v[a + 1]->data)->rhs = s;
        ((vdata *)G->v[(layers - 1) * width + a + 1]->data)->rhs = -s;
    }
    double okalg = 0, lp = 0;
    int ret1 = glp_mincost_okalg(G, V_RHS, A_LOW, A_CAP, A_COST, &okalg, A_X, V_PI);
    glp_prob *P = glp_create_prob();
    glp_mincost_lp(P, G, GLP_OFF, V_RHS, A_LOW, A_CAP, A_COST);
    int ret3;
    lp = simplex_obj(P, &ret3);
    *agree += ret1 == 0 && ret3 == 0 && near(okalg, lp);
    hash_d(okalg);

    // max flow from the first vertex to the last over the same network, with a super source and sink
    int s = glp_add_vertices(G, 2), t = s + 1;
    for (int a = 0; a < width; a++) {
        arc(G, s, a + 1, 1000, 0);
        arc(G, (layers - 1) * width + a + 1, t, 1000, 0);
    }
    double ff = 0, flp = 0;
    int ret4 = glp_maxflow_ffalg(G, s, t, A_CAP, &ff, A_X, V_SET);
    P = glp_create_prob();
    glp_maxflow_lp(P, G, GLP_OFF, s, t, A_CAP);
    int ret5;
    flp = simplex_obj(P, &ret5);
    *agree += ret4 == 0 && ret5 == 0 && near(ff, flp);
    hash_d(ff);
    int comps = glp_strong_comp(G, V_NUM);
    glp_delete_graph(G);

    // assignment: a bipartite graph, left set 0 and right set 1, costs
    int half = 15 + rnd(r, 0, 10);
    G = glp_create_graph(sizeof(vdata), sizeof(adata));
    glp_add_vertices(G, 2 * half);
    for (int i = 1; i <= 2 * half; i++) {
        ((vdata *)G->v[i]->data)->set = i > half;
    }
    for (int i = 1; i <= half; i++) {
        for (int j = 1; j <= half; j++) {
            if (i == j || prog_rand(r) % 4 == 0) {
                arc(G, i, half + j, 1, rnd(r, 1, 200));
            }
        }
    }
    double asn = 0, alp = 0;
    int ret6 = glp_asnprob_okalg(GLP_ASN_MIN, G, V_SET, A_COST, &asn, A_ASSIGNED);
    int card = glp_asnprob_hall(G, V_SET, A_ASSIGNED);
    P = glp_create_prob();
    glp_asnprob_lp(P, GLP_ASN_MIN, G, GLP_OFF, V_SET, A_COST);
    int ret7;
    alp = simplex_obj(P, &ret7);
    *agree += ret6 == 0 && ret7 == 0 && near(asn, alp) && card == half;
    hash_d(asn);
    glp_delete_graph(G);

    // maximum weight clique of a random graph
    int nc = 40 + rnd(r, 0, 20);
    G = glp_create_graph(sizeof(vdata), 0);
    glp_add_vertices(G, nc);
    for (int i = 1; i <= nc; i++) {
        ((vdata *)G->v[i]->data)->wgt = rnd(r, 1, 30);
        for (int j = i + 1; j <= nc; j++) {
            if (prog_rand(r) % 100 < 45) {
                glp_add_arc(G, i, j);
            }
        }
    }
    double clique = 0;
    int ret8 = glp_wclique_exact(G, V_WGT, &clique, V_SET);
    *agree += ret8 == 0;
    hash_d(clique);
    glp_delete_graph(G);
    if (round == 0) {
        printf("mincost %.0f (x2) maxflow %.0f (x2) components %d assignment %.0f (x2, %d matched) clique %.0f\n",
            okalg, ff, comps, asn, card, clique);
    }
}

int main(int argc, char **argv) {
    long rounds = prog_size(argc, argv, 8);
    prog_rng r = { 0x91b4u };
    glp_term_out(GLP_OFF);
    printf("GLPK %s\n", glp_version());
    int lp_agree = 0;
    long graph_agree = 0;
    double sum_lp = 0, sum_exact = 0, sum_fac = 0, sum_fac_plain = 0, sum_knap = 0;
    for (long round = 0; round < rounds; round++) {
        sum_lp += solve_lp(&r, (int)round, &lp_agree);
        sum_exact += solve_exact(&r);
        prog_rng r2 = r; // the same facility problem with and without cuts
        double a = solve_facility(&r, 1), b = solve_facility(&r2, 0);
        prog_check("the same MIP optimum with and without cuts", near(a, b));
        sum_fac += a;
        sum_fac_plain += b;
        sum_knap += solve_knapsack(&r);
        graphs(&r, (int)round, &graph_agree);
        if (round == 0) {
            printf("exact %.10g facility %.2f knapsack %.0f\n", sum_exact, sum_fac, sum_knap);
        }
    }
    printf("sums: lp %.4f exact %.6f facility %.2f / %.2f knapsack %.0f\n", sum_lp, sum_exact, sum_fac,
        sum_fac_plain, sum_knap);
    printf("agree: lp %d/%ld graphs %ld/%ld\n", lp_agree, rounds, graph_agree, 4 * rounds);
    prog_check("LP methods agree", lp_agree == rounds);
    prog_check("graph algorithms agree with their LPs", graph_agree == 4 * rounds);
    prog_check("no memory left allocated", glp_free_env() == 0);
    return prog_end(h);
}
