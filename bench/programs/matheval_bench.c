// SPDX-License-Identifier: MIT
// GNU libmatheval 1.1.11 (Debian's libmatheval source package, lib/ unchanged,
// its Bison parser and flex scanner as the package ships them generated): an
// expression engine that parses a formula of x, y, z into a tree, simplifies
// it, differentiates it symbolically and evaluates it by walking the tree
// (a switch per node, recursion per operand, libm per function). This driver
// takes twenty formulas of its own and 12*N random ones (a recursive grammar
// over + - * / ^, unary minus and the library's 30 functions), and for each
// prints the simplified text, its derivatives by x and y and their second
// derivatives, and evaluates the formula and its derivatives over a grid of
// points. The texts and every value (as %.9g; NaN and infinities as words:
// their signs and payloads are the CPU's, and libm's last bits may differ
// between glibc and musl, which nine digits do not show) are hashed.
//   matheval_bench N
#include "prog_common.h"

#include <math.h>

#include "matheval.h"

// node.c measures a number's text by printing it into a tmpfile(); WASI has no
// temporary files (wasi_compat.c's tmpfile() is NULL, the number then counted
// 0 characters long and its text written past the buffer: a trap), so both
// builds' tmpfile is this stream into a buffer (natively too: the same work,
// no file system calls), which counts the same
FILE *tmpfile(void) {
    static char sink[64];
    return fmemopen(sink, sizeof sink, "w");
}

// what lib/Makefile.am links from flex's library (@LEXLIB@, -lfl): at the end of input, stop
int yywrap(void) {
    return 1;
}

static const char *const formulas[] = {
    "x^2 + 3*x*y - y^3/7",
    "sin(x)*cos(y) + tan(z/3)",
    "exp(-x^2/2)/sqrt(2*pi)",
    "log(1 + x^2 + y^2)",
    "sqrt(x^2 + y^2 + z^2)",
    "atan(y/(1 + x^2)) + asinh(x*y)",
    "sinh(x)/cosh(y) - tanh(x*z)",
    "(x - 1)*(x - 2)*(x - 3)*(x - 4)",
    "erf(x/2) + abs(y - z)",
    "x^y + y^x",
    "cot(x + 1) + sec(y/2) + csc(z + 2)",
    "asin(x/4) + acos(y/5) + acot(z + 3)",
    "coth(x + 4) + sech(y) + csch(z + 5)",
    "acosh(2 + x^2) + atanh(y/4) + acoth(z + 6)",
    "asec(3 + x^2) + acsc(4 + y^2) + asech(1/(2 + z^2)) + acsch(x + 7)",
    "step(x)*x^3 + step(-x)*x^2",
    "-x*-y + -(z - x)*2",
    "e^x*ln2 + log2e*log10e - pi_2*x",
    "((x + y)*(x - y))/((x + z)^2 + 1)",
    "x*x*x*x*x - 5*x*x*x + 4*x + y*z*x",
};

static const char *const functions[] = {
    "exp", "log", "sqrt", "sin", "cos", "tan", "cot", "sec", "csc", "asin", "acos", "atan", "acot", "asec", "acsc",
    "sinh", "cosh", "tanh", "coth", "sech", "csch", "asinh", "acosh", "atanh", "acoth", "asech", "acsch", "abs",
    "erf", "step",
};

static uint32_t h = PROG_FNV_INIT;

// a text with "-nan" as "nan": a NaN the simplifier folded into a constant is printed with its
// sign, and WebAssembly leaves an arithmetic NaN's sign open (x86-64 and the host engine give
// -nan, a Cortex-M board's soft float nan)
static void hash_str(const char *s) {
    for (const char *p = s; *p; p++) {
        if (strncmp(p, "-nan", 4) == 0) {
            continue;  // the '-' of "-nan" is not hashed
        }
        h = (h ^ (uint8_t)*p) * 0x01000193u;
    }
    h = (h ^ 0) * 0x01000193u;
}

// a value as the output shows it: nine digits, or a word for what is not finite
static void hash_value(double v, long *nonfinite) {
    char buf[40];
    if (isnan(v)) {
        strcpy(buf, "nan");
        ++*nonfinite;
    } else if (isinf(v)) {
        strcpy(buf, v > 0 ? "inf" : "-inf");
        ++*nonfinite;
    } else {
        snprintf(buf, sizeof buf, "%.9g", v);
    }
    hash_str(buf);
}

// a random formula of at most `depth` levels into `out` (at least 4 KiB)
static void random_formula(prog_rng *r, int depth, char *out, size_t cap) {
    uint32_t k = prog_rand(r) % (depth > 0 ? 10 : 4);
    char a[4096], b[4096];
    switch (k) {
        case 0:
            snprintf(out, cap, "%c", "xyz"[prog_rand(r) % 3]);
            break;
        case 1:
            snprintf(out, cap, "%u", prog_rand(r) % 9 + 1);
            break;
        case 2: {
            uint32_t whole = prog_rand(r) % 5;  // one call per statement: C leaves argument order open
            snprintf(out, cap, "%u.%u", whole, prog_rand(r) % 100);
            break;
        }
        case 3:
            snprintf(out, cap, "%s", (prog_rand(r) & 1) ? "pi" : "e");
            break;
        case 4:
        case 5:
            random_formula(r, depth - 1, a, sizeof a);
            snprintf(out, cap, "%s(%s)", functions[prog_rand(r) % (sizeof functions / sizeof functions[0])], a);
            break;
        case 6:
            random_formula(r, depth - 1, a, sizeof a);
            snprintf(out, cap, "-(%s)", a);
            break;
        default:
            random_formula(r, depth - 1, a, sizeof a);
            random_formula(r, depth - 1, b, sizeof b);
            snprintf(out, cap, "(%s)%c(%s)", a, "+-*/^"[prog_rand(r) % 5], b);
            break;
    }
}

static char *names[] = { "x", "y", "z" };

// the formula's values over a 7 x 5 x 3 grid
static void evaluate_grid(void *f, long *nonfinite) {
    for (int i = 0; i < 7; i++) {
        for (int j = 0; j < 5; j++) {
            for (int k = 0; k < 3; k++) {
                double v[3] = { -1.5 + 0.5 * i, -1.25 + 0.625 * j, 0.3 + 0.7 * k };
                hash_value(evaluator_evaluate(f, 3, names, v), nonfinite);
            }
        }
    }
}

// the formula, its derivatives by x and y and their own by x: text and values
static void study(const char *text, int index, int verbose) {
    void *f = evaluator_create((char *)text);
    if (f == NULL) {
        printf("formula %3d: does not parse\n", index);
        hash_str("unparsed");
        return;
    }
    long nonfinite = 0;
    size_t chars = 0;
    void *d[4] = { evaluator_derivative(f, "x"), evaluator_derivative(f, "y"), NULL, NULL };
    d[2] = evaluator_derivative(d[0], "x");
    d[3] = evaluator_derivative(d[1], "x");
    const char *s = evaluator_get_string(f);
    hash_str(s);
    chars += strlen(s);
    evaluate_grid(f, &nonfinite);
    for (int i = 0; i < 4; i++) {
        const char *ds = evaluator_get_string(d[i]);
        hash_str(ds);
        chars += strlen(ds);
        evaluate_grid(d[i], &nonfinite);
    }
    char **vars;
    int count;
    evaluator_get_variables(f, &vars, &count);
    if (verbose) {
        printf("formula %3d: %.60s | d/dx %zu chars, %d variables, %ld not finite\n", index, s,
            strlen(evaluator_get_string(d[0])), count, nonfinite);
    }
    for (int i = 0; i < 4; i++) {
        evaluator_destroy(d[i]);
    }
    evaluator_destroy(f);
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    printf("libmatheval 1.1.11, %zu formulas and %ld random\n", sizeof formulas / sizeof formulas[0], 12 * n);
    int index = 0;
    for (size_t i = 0; i < sizeof formulas / sizeof formulas[0]; i++) {
        study(formulas[i], index++, 1);
    }
    prog_rng r = { 0x6d617468 };
    char text[4096];
    for (long i = 0; i < 12 * n; i++) {
        random_formula(&r, 2 + (int)(i % 4), text, sizeof text);
        study(text, index++, i % 12 == 0);
    }
    printf("checksum=0x%08x\n", (unsigned)h);
    printf("all ok\n");
    return 0;
}
