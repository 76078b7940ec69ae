// SPDX-License-Identifier: MIT
// NLopt 2.7.1 (Debian's nlopt source package, CMakeLists.txt's C sources
// unchanged; no C++ algorithms, StoGO and AGS): nonlinear optimization in
// doubles. This driver minimizes the Rosenbrock valley in 2..N+1 dimensions,
// a sum of shifted quartics and a quadratic under nonlinear constraints with
// the library's derivative-free local methods (COBYLA, BOBYQA, NEWUOA,
// Nelder-Mead, Subplex, PRAXIS), its gradient methods (MMA, CCSA, SLSQP,
// L-BFGS, variable metric, truncated Newton), its global ones (DIRECT,
// DIRECT-L, the original DIRECT, CRS2, MLSL, ISRES, ESCH) and the augmented
// Lagrangian around a local one. Only + - * / and sqrt in the objectives
// (correctly rounded everywhere), a fixed nlopt_srand seed: the same bits
// natively and on wasm32 where the algorithms agree. Each run's result code,
// evaluation count, minimum and point are printed and hashed.
//   nlopt_bench N      (N sets the largest dimension and the evaluation caps)
#include "prog_common.h"

#include "nlopt.h"

static uint32_t h = PROG_FNV_INIT;
static unsigned long evals;

// the Rosenbrock valley: sum 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2
static double rosenbrock(unsigned n, const double *x, double *grad, void *data) {
    (void)data;
    evals++;
    double f = 0;
    if (grad) {
        memset(grad, 0, n * sizeof(double));
    }
    for (unsigned i = 0; i + 1 < n; i++) {
        double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
        f += 100 * a * a + b * b;
        if (grad) {
            grad[i] += -400 * a * x[i] - 2 * b;
            grad[i + 1] += 200 * a;
        }
    }
    return f;
}

// sum (x[i] - c_i)^4 + (x[i] - c_i)^2 with c_i = i / 4: a flat bottom
static double quartics(unsigned n, const double *x, double *grad, void *data) {
    (void)data;
    evals++;
    double f = 0;
    for (unsigned i = 0; i < n; i++) {
        double d = x[i] - i * 0.25, d2 = d * d;
        f += d2 * d2 + d2;
        if (grad) {
            grad[i] = 4 * d2 * d + 2 * d;
        }
    }
    return f;
}

// minimize (x0 - 3)^2 + (x1 - 2)^2 + x0 x1 / 2 under x0^2 + x1^2 <= 4 and x0 + 2 x1 >= 1
static double quadratic(unsigned n, const double *x, double *grad, void *data) {
    (void)n, (void)data;
    evals++;
    if (grad) {
        grad[0] = 2 * (x[0] - 3) + x[1] / 2;
        grad[1] = 2 * (x[1] - 2) + x[0] / 2;
    }
    return (x[0] - 3) * (x[0] - 3) + (x[1] - 2) * (x[1] - 2) + x[0] * x[1] / 2;
}

static double in_circle(unsigned n, const double *x, double *grad, void *data) {
    (void)n, (void)data;
    if (grad) {
        grad[0] = 2 * x[0];
        grad[1] = 2 * x[1];
    }
    return x[0] * x[0] + x[1] * x[1] - 4;
}

static double above_line(unsigned n, const double *x, double *grad, void *data) {
    (void)n, (void)data;
    if (grad) {
        grad[0] = -1;
        grad[1] = -2;
    }
    return 1 - x[0] - 2 * x[1];
}

typedef double (*objective)(unsigned, const double *, double *, void *);

static void report(nlopt_algorithm alg, unsigned n, nlopt_result r, double minf, const double *x) {
    printf("  %-22s n=%-2u result %d, %5lu evals, min %.6g at (%.5f", nlopt_algorithm_to_string(alg), n, (int)r,
           evals, minf, x[0]);
    for (unsigned i = 1; i < n && i < 3; i++) {
        printf(", %.5f", x[i]);
    }
    printf("%s)\n", n > 3 ? ", ..." : "");
    h = prog_fnv(h, &r, sizeof(r));
    h = prog_fnv(h, &evals, sizeof(uint32_t));
    h = prog_fnv(h, &minf, sizeof(minf));
    h = prog_fnv(h, x, n * sizeof(double));
}

// one run from x = (-1.2, 1, -1.2, 1, ...) in [-2, 2]^n; `local` set: alg is a wrapper around it
static void minimize(nlopt_algorithm alg, nlopt_algorithm local, objective f, unsigned n, int maxeval, int constrained) {
    nlopt_srand(20261206);
    nlopt_opt opt = nlopt_create(alg, n);
    double lb[32], ub[32], x[32];
    for (unsigned i = 0; i < n; i++) {
        lb[i] = -2;
        ub[i] = 2;
        x[i] = i % 2 ? 1 : -1.2;
    }
    nlopt_set_lower_bounds(opt, lb);
    nlopt_set_upper_bounds(opt, ub);
    nlopt_set_min_objective(opt, f, NULL);
    nlopt_set_xtol_rel(opt, 1e-10);
    nlopt_set_ftol_abs(opt, 1e-14);
    nlopt_set_maxeval(opt, maxeval);
    if (constrained) {
        nlopt_add_inequality_constraint(opt, in_circle, NULL, 1e-10);
        nlopt_add_inequality_constraint(opt, above_line, NULL, 1e-10);
    }
    if (local != (nlopt_algorithm)-1) {
        nlopt_opt lo = nlopt_create(local, n);
        nlopt_set_xtol_rel(lo, 1e-8);
        nlopt_set_maxeval(lo, maxeval / 4);
        nlopt_set_local_optimizer(opt, lo);
        nlopt_destroy(lo);
    }
    evals = 0;
    double minf = 0;
    nlopt_result r = nlopt_optimize(opt, x, &minf);
    prog_check("a result, not an error", r > 0 || r == NLOPT_ROUNDOFF_LIMITED);
    report(alg, n, r, minf, x);
    nlopt_destroy(opt);
}

#define NONE ((nlopt_algorithm)-1)

int main(int argc, char **argv) {
    long size = prog_size(argc, argv, 4);
    unsigned top = 2 + (unsigned)(size < 30 ? size : 30);
    int cap = 500 * (int)size;
    printf("nlopt 2.7.1, dimensions up to %u, %d evaluations at most\n", top, cap);
    static const nlopt_algorithm derivative_free[] = {
        NLOPT_LN_COBYLA, NLOPT_LN_BOBYQA, NLOPT_LN_NEWUOA_BOUND, NLOPT_LN_NELDERMEAD, NLOPT_LN_SBPLX, NLOPT_LN_PRAXIS,
    };
    static const nlopt_algorithm gradient[] = {
        NLOPT_LD_MMA, NLOPT_LD_CCSAQ, NLOPT_LD_SLSQP, NLOPT_LD_LBFGS, NLOPT_LD_VAR2, NLOPT_LD_TNEWTON_PRECOND_RESTART,
    };
    static const nlopt_algorithm global[] = {
        NLOPT_GN_DIRECT_L, NLOPT_GN_DIRECT, NLOPT_GN_ORIG_DIRECT_L, NLOPT_GN_CRS2_LM, NLOPT_GN_ISRES, NLOPT_GN_ESCH,
    };
    printf("Rosenbrock:\n");
    for (unsigned n = 2; n <= top; n += 2) {
        for (size_t i = 0; i < sizeof(derivative_free) / sizeof(derivative_free[0]); i++) {
            minimize(derivative_free[i], NONE, rosenbrock, n, cap, 0);
        }
        for (size_t i = 0; i < sizeof(gradient) / sizeof(gradient[0]); i++) {
            minimize(gradient[i], NONE, rosenbrock, n, cap, 0);
        }
    }
    printf("quartics, globally:\n");
    for (size_t i = 0; i < sizeof(global) / sizeof(global[0]); i++) {
        minimize(global[i], NONE, quartics, 3, cap, 0);
    }
    minimize(NLOPT_G_MLSL_LDS, NLOPT_LN_BOBYQA, quartics, 3, cap, 0);
    printf("a quadratic in a disc above a line:\n");
    static const nlopt_algorithm constrained[] = { NLOPT_LN_COBYLA, NLOPT_LD_MMA, NLOPT_LD_CCSAQ, NLOPT_LD_SLSQP };
    for (size_t i = 0; i < sizeof(constrained) / sizeof(constrained[0]); i++) {
        minimize(constrained[i], NONE, quadratic, 2, cap, 1);
    }
    minimize(NLOPT_AUGLAG, NLOPT_LD_LBFGS, quadratic, 2, cap, 1);
    minimize(NLOPT_AUGLAG, NLOPT_LN_NELDERMEAD, quadratic, 2, cap, 1);
    return prog_end(h);
}
