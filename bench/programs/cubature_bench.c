// SPDX-License-Identifier: MIT
// cubature 1.0.4 (Debian's cubature source package, hcubature.c unchanged;
// pcubature.c needs a clencurt.h generated with FFTW, so not built):
// h-adaptive multidimensional integration in doubles, a heap of regions split
// where the Genz-Malik (or, in one dimension, Gauss-Kronrod) error estimate is
// largest, the integrand called through a function pointer. This driver
// integrates rational peaks, a hemisphere's non-smooth rim, a kinked sum of
// absolute values and a corner peak over cubes of 1..6 dimensions, and a
// vector of three moments under each error norm, scalar and vectorized.
// Only + - * / and sqrt in the integrands (correctly rounded everywhere):
// the same bits natively and on wasm32. Each result, error and evaluation
// count is printed and hashed.
//   cubature_bench N      (N sets the evaluation caps and the tolerances)
#include "prog_common.h"

#include <math.h>

#include "cubature.h"

static uint32_t h = PROG_FNV_INIT;
static unsigned long evals;

// 1 / (1 + |x|^2)^2
static int rational(unsigned ndim, const double *x, void *data, unsigned fdim, double *fval) {
    (void)data, (void)fdim;
    evals++;
    double r = 1;
    for (unsigned i = 0; i < ndim; i++) {
        r += x[i] * x[i];
    }
    fval[0] = 1 / (r * r);
    return 0;
}

// the unit hemisphere's height over the cube [-1, 1]^n: sqrt(1 - |x|^2) inside, 0 outside
static int hemisphere(unsigned ndim, const double *x, void *data, unsigned fdim, double *fval) {
    (void)data, (void)fdim;
    evals++;
    double r = 0;
    for (unsigned i = 0; i < ndim; i++) {
        r += x[i] * x[i];
    }
    fval[0] = r < 1 ? sqrt(1 - r) : 0;
    return 0;
}

// Genz's product peak: prod 1 / (a^-2 + (x_i - u_i)^2), a = 5, u_i = (i + 1) / (n + 2)
static int product_peak(unsigned ndim, const double *x, void *data, unsigned fdim, double *fval) {
    (void)data, (void)fdim;
    evals++;
    double p = 1;
    for (unsigned i = 0; i < ndim; i++) {
        double d = x[i] - (double)(i + 1) / (ndim + 2);
        p *= 1 / (0.04 + d * d);
    }
    fval[0] = p;
    return 0;
}

// Genz's corner peak: (1 + sum a_i x_i)^-(n+1), a_i = 1 / (i + 1)
static int corner_peak(unsigned ndim, const double *x, void *data, unsigned fdim, double *fval) {
    (void)data, (void)fdim;
    evals++;
    double s = 1;
    for (unsigned i = 0; i < ndim; i++) {
        s += x[i] / (i + 1);
    }
    double v = 1;
    for (unsigned i = 0; i <= ndim; i++) {
        v /= s;
    }
    fval[0] = v;
    return 0;
}

// sum |x_i - 1/3|: a kink across the cube in every dimension
static int kinks(unsigned ndim, const double *x, void *data, unsigned fdim, double *fval) {
    (void)data, (void)fdim;
    evals++;
    double s = 0;
    for (unsigned i = 0; i < ndim; i++) {
        s += fabs(x[i] - 1.0 / 3);
    }
    fval[0] = s;
    return 0;
}

// three moments of a peak: w, w x_0, w x_0^2 with w = 1 / (0.01 + |x - c|^2)
static int moments(unsigned ndim, const double *x, void *data, unsigned fdim, double *fval) {
    (void)data, (void)fdim;
    evals++;
    double r = 0.01;
    for (unsigned i = 0; i < ndim; i++) {
        double d = x[i] - 0.3;
        r += d * d;
    }
    double w = 1 / r;
    fval[0] = w;
    fval[1] = w * x[0];
    fval[2] = w * x[0] * x[0];
    return 0;
}

// the same, npt points at a time (hcubature_v)
static int moments_v(unsigned ndim, size_t npt, const double *x, void *data, unsigned fdim, double *fval) {
    for (size_t p = 0; p < npt; p++) {
        moments(ndim, x + p * ndim, data, fdim, fval + p * fdim);
    }
    return 0;
}

static void record(const char *what, unsigned ndim, unsigned fdim, int rc, const double *val, const double *err) {
    printf("%-13s n=%u rc=%d evals=%lu", what, ndim, rc, evals);
    for (unsigned k = 0; k < fdim; k++) {
        printf(" %.17g~%.3g", val[k], err[k]);
    }
    printf("\n");
    h = prog_fnv(h, &rc, sizeof(rc));
    h = prog_fnv(h, &evals, sizeof(uint32_t));
    h = prog_fnv(h, val, fdim * sizeof(double));
    h = prog_fnv(h, err, fdim * sizeof(double));
}

static void scalar(const char *what, integrand f, unsigned ndim, double lo, double hi, size_t cap, double rel) {
    double xmin[8], xmax[8], val[1], err[1];
    for (unsigned i = 0; i < ndim; i++) {
        xmin[i] = lo;
        xmax[i] = hi;
    }
    evals = 0;
    int rc = hcubature(1, f, NULL, ndim, xmin, xmax, cap, 0, rel, ERROR_INDIVIDUAL, val, err);
    record(what, ndim, 1, rc, val, err);
}

int main(int argc, char **argv) {
    long size = prog_size(argc, argv, 4);
    size_t cap = 20000 * (size_t)size;
    double rel = 1e-4 / (double)size;
    printf("cubature 1.0.4 hcubature, %zu evaluations at most, relative error %.3g\n", cap, rel);
    for (unsigned n = 1; n <= 6; n++) {
        scalar("rational", rational, n, 0, 1, cap, rel);
        scalar("hemisphere", hemisphere, n, -1, 1, cap, rel);
        scalar("product peak", product_peak, n, 0, 1, cap, rel);
        scalar("corner peak", corner_peak, n, 0, 1, cap, rel);
        scalar("kinks", kinks, n, 0, 1, cap, rel);
    }
    static const error_norm norms[] = { ERROR_INDIVIDUAL, ERROR_PAIRED, ERROR_L2, ERROR_L1, ERROR_LINF };
    static const char *const names[] = { "individual", "paired", "L2", "L1", "Linf" };
    for (unsigned n = 1; n <= 3; n++) {
        double xmin[3] = { 0, 0, 0 }, xmax[3] = { 1, 1, 1 }, val[3], err[3];
        for (size_t i = 0; i < sizeof(norms) / sizeof(norms[0]); i++) {
            evals = 0;
            int rc = hcubature(3, moments, NULL, n, xmin, xmax, cap, 1e-12, rel, norms[i], val, err);
            record(names[i], n, 3, rc, val, err);
            evals = 0;
            rc = hcubature_v(3, moments_v, NULL, n, xmin, xmax, cap, 1e-12, rel, norms[i], val, err);
            record("vectorized", n, 3, rc, val, err);
        }
    }
    return prog_end(h);
}
