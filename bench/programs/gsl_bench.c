// SPDX-License-Identifier: MIT
// The GNU Scientific Library 2.7.1 (Debian's gsl source package, unchanged;
// the special functions, what they use, and the quadratures): special
// functions in doubles by Chebyshev series, continued fractions, recurrences
// and asymptotic expansions, each with an error estimate, and adaptive
// integration (QAGS's epsilon algorithm, QAWO's Chebyshev moments, CQUAD's
// doubly adaptive rule). This driver evaluates 48 special functions over
// grids (40N points for one argument, (8 + 2N)^2 for two) and integrates 8
// functions by 10 rules at three tolerances, N times over wider intervals.
// Values are printed to 9 digits and hashed, and error estimates to 2 unless
// they are below 1e-12 of the value (there they are made of the last bits of
// sums, and glibc's and musl's exp/log/pow/sin may differ by an ulp; 9 digits
// of the value do not show that), NaN and infinities as words, and the
// status of every call.
//   gsl_bench N
#include "prog_common.h"

#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_sf.h>
#include <gsl/gsl_version.h>

static uint32_t h = PROG_FNV_INIT;
static long calls, failed, nonfinite;

static void put(const char *s) {
    h = prog_fnv(h, s, strlen(s) + 1);
}

static void put_value(double v, int digits) {
    char buf[48];
    if (isnan(v)) {
        strcpy(buf, "nan");
        nonfinite++;
    } else if (isinf(v)) {
        strcpy(buf, v > 0 ? "inf" : "-inf");
        nonfinite++;
    } else {
        snprintf(buf, sizeof buf, "%.*g", digits, v);
    }
    put(buf);
}

// an error estimate to 2 digits, or "tiny" below 1e-12 of the value: there it is made of the
// last bits of sums (cquad's 3.6e-16 natively is 3.7e-16 with musl's sin and exp)
static void put_error(double err, double val) {
    if (fabs(err) < 1e-12 * fabs(val) || fabs(err) < 1e-300) {
        put("tiny");
    } else {
        put_value(err, 2);
    }
}

static void put_result(int status, const gsl_sf_result *r) {
    char buf[16];
    calls++;
    if (status != GSL_SUCCESS) {
        failed++;
    }
    snprintf(buf, sizeof buf, "%d", status);
    put(buf);
    if (status == GSL_SUCCESS) {
        put_value(r->val, 9);
        put_error(r->err, r->val);
    }
}

typedef int (*fn1)(double, gsl_sf_result *);
typedef int (*fn2)(double, double, gsl_sf_result *);
typedef int (*fni)(int, double, gsl_sf_result *);

// the Airy and elliptic functions take a precision mode
static int airy_Ai_double(double x, gsl_sf_result *r) {
    return gsl_sf_airy_Ai_e(x, GSL_PREC_DOUBLE, r);
}

static const struct {
    const char *name;
    fn1 f;
    double lo, hi;
} one[] = {
    { "J0", gsl_sf_bessel_J0_e, -30, 30 },
    { "J1", gsl_sf_bessel_J1_e, -30, 30 },
    { "Y0", gsl_sf_bessel_Y0_e, 0.1, 40 },
    { "Y1", gsl_sf_bessel_Y1_e, 0.1, 40 },
    { "I0s", gsl_sf_bessel_I0_scaled_e, -50, 50 },
    { "K0", gsl_sf_bessel_K0_e, 0.01, 20 },
    { "K1s", gsl_sf_bessel_K1_scaled_e, 0.01, 60 },
    { "Ai", airy_Ai_double, -20, 10 },
    { "gamma", gsl_sf_gamma_e, -9.7, 30 },
    { "lngamma", gsl_sf_lngamma_e, 0.01, 500 },
    { "gammastar", gsl_sf_gammastar_e, 0.01, 100 },
    { "psi", gsl_sf_psi_e, -9.7, 60 },
    { "psi1", gsl_sf_psi_1_e, 0.1, 60 },
    { "erf", gsl_sf_erf_e, -5, 5 },
    { "erfc", gsl_sf_erfc_e, -3, 25 },
    { "erfc_log", gsl_sf_log_erfc_e, -3, 60 },
    { "E1", gsl_sf_expint_E1_e, 0.01, 50 },
    { "Ei", gsl_sf_expint_Ei_e, 0.01, 50 },
    { "Si", gsl_sf_Si_e, -40, 40 },
    { "Ci", gsl_sf_Ci_e, 0.01, 40 },
    { "Shi", gsl_sf_Shi_e, -5, 5 },
    { "atanint", gsl_sf_atanint_e, -30, 30 },
    { "dawson", gsl_sf_dawson_e, -20, 20 },
    { "debye3", gsl_sf_debye_3_e, 0.01, 40 },
    { "dilog", gsl_sf_dilog_e, -30, 0.99 },
    { "zeta", gsl_sf_zeta_e, -20.5, 40 },
    { "eta", gsl_sf_eta_e, -10.5, 30 },
    { "lambertW0", gsl_sf_lambert_W0_e, -0.36, 100 },
    { "clausen", gsl_sf_clausen_e, -10, 10 },
    { "synchrotron1", gsl_sf_synchrotron_1_e, 0.01, 30 },
    { "transport3", gsl_sf_transport_3_e, 0.01, 30 },
    { "fermi_dirac_half", gsl_sf_fermi_dirac_half_e, -10, 30 },
    { "ellint_Kcomp", NULL, -0.99, 0.99 },  // takes a mode too: special()
};

// Tricomi's U(a, b, x) at b = 1.5
static int hyperg_U_b15(double a, double x, gsl_sf_result *r) {
    return gsl_sf_hyperg_U_e(a, 1.5, x, r);
}

static const struct {
    const char *name;
    fn2 f;
    double alo, ahi, xlo, xhi;
} two[] = {
    { "Jnu", gsl_sf_bessel_Jnu_e, 0.2, 12, 0.1, 40 },
    { "Ynu", gsl_sf_bessel_Ynu_e, 0.2, 12, 0.5, 40 },
    { "Knu", gsl_sf_bessel_Knu_e, 0.2, 12, 0.1, 30 },
    { "beta", gsl_sf_beta_e, 0.1, 20, 0.1, 20 },
    { "gamma_inc_P", gsl_sf_gamma_inc_P_e, 0.1, 30, 0.01, 60 },
    { "hzeta", gsl_sf_hzeta_e, 1.1, 12, 0.1, 20 },
    { "hyperg_0F1", gsl_sf_hyperg_0F1_e, 0.3, 10, -20, 20 },
    { "hyperg_U", hyperg_U_b15, 0.1, 5, 0.1, 20 },
    { "legendre_Plm0.5", NULL, 0, 0, 0, 0 },
};

static const struct {
    const char *name;
    fni f;
    int nlo, nhi;
    double xlo, xhi;
} integer[] = {
    { "Jn", gsl_sf_bessel_Jn_e, -8, 30, -30, 30 },
    { "In_scaled", gsl_sf_bessel_In_scaled_e, 0, 30, -40, 40 },
    { "jl", gsl_sf_bessel_jl_e, 0, 40, 0.01, 60 },
    { "Pl", gsl_sf_legendre_Pl_e, 0, 60, -1, 1 },
    { "hermite", gsl_sf_hermite_e, 0, 40, -6, 6 },
    { "laguerre_n", NULL, 0, 0, 0, 0 },
};

static void special(long n) {
    long points = 40 * n;
    for (size_t k = 0; k < sizeof one / sizeof one[0]; k++) {
        for (long i = 0; i < points; i++) {
            double x = one[k].lo + (one[k].hi - one[k].lo) * (double)i / (double)(points - 1);
            gsl_sf_result r;
            int status = one[k].f ? one[k].f(x, &r) : gsl_sf_ellint_Kcomp_e(x, GSL_PREC_DOUBLE, &r);
            put_result(status, &r);
        }
        printf("%-18s calls %6ld failed %4ld hash %08x\n", one[k].name, calls, failed, (unsigned)h);
    }
    long side = 8 + 2 * n;
    for (size_t k = 0; k < sizeof two / sizeof two[0]; k++) {
        for (long i = 0; i < side; i++) {
            for (long j = 0; j < side; j++) {
                double a = two[k].alo + (two[k].ahi - two[k].alo) * (double)i / (double)(side - 1);
                double x = two[k].xlo + (two[k].xhi - two[k].xlo) * (double)j / (double)(side - 1);
                gsl_sf_result r;
                int status;
                if (two[k].f) {
                    status = two[k].f(a, x, &r);
                } else {  // associated Legendre P_l^m(x), l from m to m + 20
                    status = gsl_sf_legendre_Plm_e((int)i + (int)j, (int)i, x / 41 - 0.5 * (j & 1), &r);
                }
                put_result(status, &r);
            }
        }
        printf("%-18s calls %6ld failed %4ld hash %08x\n", two[k].name, calls, failed, (unsigned)h);
    }
    for (size_t k = 0; k < sizeof integer / sizeof integer[0]; k++) {
        int nlo = integer[k].f ? integer[k].nlo : 0, nhi = integer[k].f ? integer[k].nhi : 30;
        for (int m = nlo; m <= nhi; m++) {
            for (long i = 0; i < side; i++) {
                double x = integer[k].f ? integer[k].xlo + (integer[k].xhi - integer[k].xlo) * (double)i / (double)(side - 1)
                                        : (double)i * 40 / (double)side;
                gsl_sf_result r;
                int status = integer[k].f ? integer[k].f(m, x, &r) : gsl_sf_laguerre_n_e(m, 0.5 * (m % 5), x, &r);
                put_result(status, &r);
            }
        }
        printf("%-18s calls %6ld failed %4ld hash %08x\n", integer[k].name, calls, failed, (unsigned)h);
    }
}

// integrands: smooth, peaked, singular at an end, oscillating, a special function
static double f_poly(double x, void *p) {
    (void)p;
    return x * x * x - 2 * x + 1;
}
static double f_peak(double x, void *p) {
    double a = *(double *)p;
    return 1 / (a * a + (x - 0.3) * (x - 0.3));
}
static double f_logsing(double x, void *p) {
    (void)p;
    return x > 0 ? log(x) / sqrt(x) : 0;
}
static double f_sqrt(double x, void *p) {
    (void)p;
    return sqrt(fabs(x - 0.5));
}
static double f_osc(double x, void *p) {
    double a = *(double *)p;
    return sin(a * x) * exp(-x);
}
static double f_bessel(double x, void *p) {
    (void)p;
    return gsl_sf_bessel_J0(x) * x;
}
static double f_gauss(double x, void *p) {
    (void)p;
    return exp(-x * x);
}
static double f_recip(double x, void *p) {
    (void)p;
    return 1 / (1 + x * x);
}

static void put_integral(const char *name, int status, double result, double error, size_t evals) {
    char buf[32];
    calls++;
    if (status != GSL_SUCCESS) {
        failed++;
    }
    snprintf(buf, sizeof buf, "%d %zu", status, evals);
    put(buf);
    put_value(result, 9);
    put_error(error, result);
    (void)name;
}

static void quadrature(long n) {
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
    gsl_integration_cquad_workspace *cw = gsl_integration_cquad_workspace_alloc(200);
    gsl_integration_qawo_table *qt = gsl_integration_qawo_table_alloc(10, 1, GSL_INTEG_SINE, 50);
    gsl_integration_glfixed_table *gl = gsl_integration_glfixed_table_alloc(64);
    gsl_integration_romberg_workspace *rw = gsl_integration_romberg_alloc(20);
    for (long rep = 0; rep < n; rep++) {
        double a = 0.01 + 0.02 * (double)rep;
        double omega = 5 + (double)rep;
        gsl_function f[8] = {
            { f_poly, NULL },
            { f_peak, &a },
            { f_logsing, NULL },
            { f_sqrt, NULL },
            { f_osc, &omega },
            { f_bessel, NULL },
            { f_gauss, NULL },
            { f_recip, NULL },
        };
        static const double tol[3] = { 1e-4, 1e-8, 1e-11 };
        for (int t = 0; t < 3; t++) {
            double result, error;
            size_t evals;
            for (int k = 0; k < 6; k++) {
                int status = gsl_integration_qags(&f[k], 0, 1 + rep, 0, tol[t], 1000, w, &result, &error);
                put_integral("qags", status, result, error, w->size);
                status = gsl_integration_cquad(&f[k], 0, 1 + rep, 0, tol[t], cw, &result, &error, &evals);
                put_integral("cquad", status, result, error, evals);
                status = gsl_integration_qag(&f[k], 0, 1 + rep, 0, tol[t], 1000, 1 + (k % 6), w, &result, &error);
                put_integral("qag", status, result, error, w->size);
                status = gsl_integration_qng(&f[k], 0, 1 + rep, 0, tol[t], &result, &error, &evals);
                put_integral("qng", status, result, error, evals);
                status = gsl_integration_romberg(&f[k], 0.1, 1 + rep, 0, tol[t], &result, &evals, rw);
                put_integral("romberg", status, result, 0, evals);
            }
            int status = gsl_integration_qagi(&f[6], 0, tol[t], 1000, w, &result, &error);
            put_integral("qagi", status, result, error, w->size);
            status = gsl_integration_qagiu(&f[7], 0, 0, tol[t], 1000, w, &result, &error);
            put_integral("qagiu", status, result, error, w->size);
            gsl_integration_qawo_table_set(qt, omega, 1 + rep, GSL_INTEG_SINE);
            status = gsl_integration_qawo(&f[6], 0, 0, tol[t], 1000, w, qt, &result, &error);
            put_integral("qawo", status, result, error, w->size);
            double pts[3] = { 0, 0.5, 1 + rep };
            status = gsl_integration_qagp(&f[3], pts, 3, 0, tol[t], 1000, w, &result, &error);
            put_integral("qagp", status, result, error, w->size);
        }
        put_value(gsl_integration_glfixed(&f[1], 0, 1 + rep, gl), 9);
    }
    printf("%-18s calls %6ld failed %4ld hash %08x\n", "quadratures", calls, failed, (unsigned)h);
    gsl_integration_romberg_free(rw);
    gsl_integration_glfixed_table_free(gl);
    gsl_integration_qawo_table_free(qt);
    gsl_integration_cquad_workspace_free(cw);
    gsl_integration_workspace_free(w);
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    gsl_set_error_handler_off();  // a status per call instead of abort()
    printf("GSL %s, grids of %ld points\n", GSL_VERSION, 40 * n);
    special(n);
    quadrature(n);
    printf("%ld calls, %ld not GSL_SUCCESS, %ld values not finite\n", calls, failed, nonfinite);
    printf("checksum=0x%08x\n", (unsigned)h);
    printf("all ok\n");
    return 0;
}
