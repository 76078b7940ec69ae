// SPDX-License-Identifier: MIT
// FFTW 3.3.10 (Debian's fftw3 source package, the library unchanged, double
// precision, no SIMD): the Fastest Fourier Transform in the West. Its transforms
// run generated codelets, straight-line functions of hundreds of float64 adds,
// multiplies and temporaries (n1_64, t1_32, r2cf_128, ...) that its planner
// composes by Cooley-Tukey, Rader's and Bluestein's algorithms for prime sizes,
// buffered and indirect plans, with twiddles from its own trig generator. This
// driver plans (FFTW_ESTIMATE: by operation counts, no timing, the same plan
// on every build) complex, real-to-complex and back, 2-D and DCT/DST transforms
// of sizes from 2 to 4096 (powers of two, highly composite, primes), runs each
// forward and back REPEAT times over pseudo-random data (a plan is made to be
// run many times), checks the round trip, and hashes
// the spectra rounded to 7 significant digits (the C libraries' sin and cos may
// differ in the last bit: FFTW's own twiddles use them).
//   fftw3_bench N      (N rounds over every size)
#include "prog_common.h"

#include <math.h>

#include "fftw3.h"

#define REPEAT 8 // the runs of each plan

static uint32_t h = PROG_FNV_INIT;
static double worst; // the largest round-trip error relative to the input's largest value

// x rounded to 7 significant digits, hashed (the bits of that value).
static void hash_value(double x) {
    char text[32];
    snprintf(text, sizeof text, "%.6e", x == 0 ? 0.0 : x);
    h = prog_fnv(h, text, strlen(text));
}

static double frand(prog_rng *r) {
    return (double)(prog_rand(r) >> 8) / 16777216.0 - 0.5;
}

static void check_back(const double *orig, const double *back, long n, double scale) {
    double big = 0, err = 0;
    for (long i = 0; i < n; i++) {
        big = fmax(big, fabs(orig[i]));
        err = fmax(err, fabs(back[i] / scale - orig[i]));
    }
    if (big > 0 && err / big > worst) {
        worst = err / big;
    }
}

// A complex transform of n points forward and back; every 8th output hashed.
static void complex_1d(int n, prog_rng *r) {
    fftw_complex *in = fftw_malloc(sizeof(fftw_complex) * (size_t)n);
    fftw_complex *out = fftw_malloc(sizeof(fftw_complex) * (size_t)n);
    fftw_complex *back = fftw_malloc(sizeof(fftw_complex) * (size_t)n);
    fftw_plan fwd = fftw_plan_dft_1d(n, in, out, FFTW_FORWARD, FFTW_ESTIMATE);
    fftw_plan inv = fftw_plan_dft_1d(n, out, back, FFTW_BACKWARD, FFTW_ESTIMATE);
    for (int i = 0; i < n; i++) {
        in[i][0] = frand(r);
        in[i][1] = frand(r);
    }
    for (int rep = 0; rep < REPEAT; rep++) {
        fftw_execute(fwd);
        fftw_execute(inv);
    }
    for (int i = 0; i < n; i += 8) {
        hash_value(out[i][0]);
        hash_value(out[i][1]);
    }
    check_back(&in[0][0], &back[0][0], 2L * n, n);
    fftw_destroy_plan(fwd);
    fftw_destroy_plan(inv);
    fftw_free(in);
    fftw_free(out);
    fftw_free(back);
}

// A real signal (two tones and noise) to its half spectrum and back; the tones' bins hashed.
static void real_1d(int n, prog_rng *r) {
    double *in = fftw_malloc(sizeof(double) * (size_t)n);
    double *back = fftw_malloc(sizeof(double) * (size_t)n);
    fftw_complex *spec = fftw_malloc(sizeof(fftw_complex) * (size_t)(n / 2 + 1));
    fftw_plan fwd = fftw_plan_dft_r2c_1d(n, in, spec, FFTW_ESTIMATE);
    fftw_plan inv = fftw_plan_dft_c2r_1d(n, spec, back, FFTW_ESTIMATE);
    int k1 = n / 7 + 1, k2 = n / 3;
    for (int i = 0; i < n; i++) {
        in[i] = sin(2 * M_PI * k1 * i / n) + 0.5 * cos(2 * M_PI * k2 * i / n) + 0.01 * frand(r);
    }
    for (int rep = 0; rep < REPEAT; rep++) {
        fftw_execute(fwd);
    }
    hash_value(spec[k1][1]);
    hash_value(spec[k2][0]);
    double energy = 0;
    for (int i = 0; i <= n / 2; i++) {
        energy += spec[i][0] * spec[i][0] + spec[i][1] * spec[i][1];
    }
    hash_value(energy);
    fftw_execute(inv); // c2r overwrites spec
    check_back(in, back, n, n);
    fftw_destroy_plan(fwd);
    fftw_destroy_plan(inv);
    fftw_free(in);
    fftw_free(back);
    fftw_free(spec);
}

// The four DCTs and DSTs of one kind pair each (reodft: by r2hc or directly).
static void trig_1d(int n, prog_rng *r) {
    static const fftw_r2r_kind kinds[][2] = {
        { FFTW_REDFT10, FFTW_REDFT01 },
        { FFTW_REDFT11, FFTW_REDFT11 },
        { FFTW_RODFT10, FFTW_RODFT01 },
        { FFTW_RODFT11, FFTW_RODFT11 },
        { FFTW_R2HC, FFTW_HC2R },
    };
    double *in = fftw_malloc(sizeof(double) * (size_t)n);
    double *out = fftw_malloc(sizeof(double) * (size_t)n);
    double *back = fftw_malloc(sizeof(double) * (size_t)n);
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        fftw_plan fwd = fftw_plan_r2r_1d(n, in, out, kinds[k][0], FFTW_ESTIMATE);
        fftw_plan inv = fftw_plan_r2r_1d(n, out, back, kinds[k][1], FFTW_ESTIMATE);
        for (int i = 0; i < n; i++) {
            in[i] = frand(r);
        }
        for (int rep = 0; rep < REPEAT; rep++) {
            fftw_execute(fwd);
            fftw_execute(inv);
        }
        for (int i = 0; i < n; i += 16) {
            hash_value(out[i]);
        }
        check_back(in, back, n, kinds[k][0] == FFTW_R2HC ? n : 2.0 * n);
        fftw_destroy_plan(fwd);
        fftw_destroy_plan(inv);
    }
    fftw_free(in);
    fftw_free(out);
    fftw_free(back);
}

// A 2-D complex transform in place (rank-2 plans: transposes, vector loops).
static void complex_2d(int n0, int n1, prog_rng *r) {
    size_t n = (size_t)n0 * (size_t)n1;
    fftw_complex *a = fftw_malloc(sizeof(fftw_complex) * n);
    double *orig = malloc(sizeof(double) * 2 * n);
    fftw_plan fwd = fftw_plan_dft_2d(n0, n1, a, a, FFTW_FORWARD, FFTW_ESTIMATE);
    fftw_plan inv = fftw_plan_dft_2d(n0, n1, a, a, FFTW_BACKWARD, FFTW_ESTIMATE);
    for (size_t i = 0; i < n; i++) {
        a[i][0] = orig[2 * i] = frand(r);
        a[i][1] = orig[2 * i + 1] = frand(r);
    }
    fftw_execute(fwd);
    for (size_t i = 0; i < n; i += 16) {
        hash_value(a[i][0]);
    }
    fftw_execute(inv);
    check_back(orig, &a[0][0], 2L * (long)n, (double)n);
    fftw_destroy_plan(fwd);
    fftw_destroy_plan(inv);
    fftw_free(a);
    free(orig);
}

int main(int argc, char **argv) {
    static const int sizes[] = { 2, 3, 5, 8, 12, 16, 30, 32, 60, 64, 97, 100, 101, 128,
        210, 256, 257, 360, 500, 512, 1000, 1001, 1009, 1024, 2048, 2310, 4096 };
    long rounds = prog_size(argc, argv, 4);
    printf("%s, %ld rounds of %zu sizes\n", fftw_version, rounds, sizeof sizes / sizeof sizes[0]);
    prog_rng r = { 0x3c6ef372u };
    int planned = 0;
    for (long round = 0; round < rounds; round++) {
        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
            int n = sizes[i];
            complex_1d(n, &r);
            real_1d(n < 4 ? 4 : n, &r);
            planned += 2;
            if (i % 3 == 0) { // five kinds, ten plans: every third size
                trig_1d(n < 4 ? 4 : n, &r);
                planned++;
            }
        }
        complex_2d(32, 48, &r);
        complex_2d(60, 60, &r);
        fftw_cleanup(); // the planner forgets: every round plans again
    }
    printf("%d size groups planned and run, round trips within %s\n", planned, worst < 1e-12 ? "1e-12" : "MORE");
    prog_check("round trips within 1e-12", worst < 1e-12);
    return prog_end(h);
}
