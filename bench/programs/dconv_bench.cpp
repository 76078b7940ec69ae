// SPDX-License-Identifier: MIT
// double-conversion 3.2.1 (Debian's double-conversion source package, the
// library unchanged): Google's binary <-> decimal conversion for doubles, the
// C++ code behind V8's and many JSON libraries' number printing. Grisu3
// (fast-dtoa: 64-bit "DiyFp" multiplies by cached powers of ten) gives the
// shortest digits when it can and Bignum-dtoa (bignums of 28-bit bigits in
// 64-bit products, shifts and compares) when it cannot; fixed and precision
// modes count digits out; strtod reads 64-bit significands and falls back to
// bignum comparison for long inputs. Templates (Vector<T>, BitCast) and no
// exceptions. This driver prints doubles and floats of random bits, of every
// exponent, and near powers of ten in shortest, fixed, exponential and
// precision forms, reads each text back (the shortest must give the same bits),
// reads long decimal strings at halfway points, and hashes every text and bit.
//   dconv_bench N      (N * 500 random doubles, N * 125 of each other kind)
#include "prog_common.h"

#include "double-conversion.h"

using namespace double_conversion;

static uint32_t h = PROG_FNV_INIT;

static uint64_t bits_of(double d) {
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static double of_bits(uint64_t u) {
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

static void hash_str(const char *s) {
    h = prog_fnv(h, s, strlen(s));
}

static void hash_u64(uint64_t u) {
    h = prog_fnv(h, &u, sizeof u);
}

static const DoubleToStringConverter &ecma = DoubleToStringConverter::EcmaScriptConverter();
// C's "%g"-like shortest forms with a '+' and a trailing ".0" (as JSON writers set it up)
static const DoubleToStringConverter plain(DoubleToStringConverter::EMIT_POSITIVE_EXPONENT_SIGN | DoubleToStringConverter::EMIT_TRAILING_DECIMAL_POINT | DoubleToStringConverter::EMIT_TRAILING_ZERO_AFTER_POINT,
    "inf", "nan", 'e', -4, 17, 6, 0);
static const StringToDoubleConverter reader(StringToDoubleConverter::ALLOW_LEADING_SPACES | StringToDoubleConverter::ALLOW_TRAILING_SPACES | StringToDoubleConverter::ALLOW_CASE_INSENSITIVITY | StringToDoubleConverter::ALLOW_HEX_FLOATS,
    0.0, -1.0, "inf", "nan");

struct Tally {
    unsigned shortest = 0, roundtrip_bad = 0, fixed = 0, exponential = 0, precision = 0, digits = 0;
};

// One double through every form; the shortest read back must be the same bits.
static void convert(double d, Tally *t, prog_rng *r) {
    char buf[256];
    StringBuilder sb(buf, sizeof buf);
    ecma.ToShortest(d, &sb);
    const char *s = sb.Finalize();
    hash_str(s);
    t->shortest++;
    t->digits += (unsigned)strlen(s);
    int used = 0;
    double back = reader.StringToDouble(s, (int)strlen(s), &used);
    if (bits_of(back) != bits_of(d) && d == d) {
        t->roundtrip_bad++;
    }
    StringBuilder sb2(buf, sizeof buf);
    plain.ToShortest(d, &sb2);
    hash_str(sb2.Finalize());

    uint32_t x = prog_rand(r);
    double mag = d < 0 ? -d : d;
    if (mag < 1e60) {
        StringBuilder f(buf, sizeof buf);
        if (ecma.ToFixed(d, (int)(x % 40), &f)) {
            hash_str(f.Finalize());
            t->fixed++;
        }
    }
    StringBuilder e(buf, sizeof buf);
    if (ecma.ToExponential(d, (int)((x >> 8) % 60) - 1, &e)) {
        hash_str(e.Finalize());
        t->exponential++;
    }
    StringBuilder p(buf, sizeof buf);
    if (ecma.ToPrecision(d, 1 + (int)((x >> 16) % 60), &p)) {
        const char *ps = p.Finalize();
        hash_str(ps);
        double pb = reader.StringToDouble(ps, (int)strlen(ps), &used);
        hash_u64(bits_of(pb));
        t->precision++;
    }
}

// Random bit patterns: every exponent, subnormals, infinities and NaNs among them.
static void random_doubles(long n, Tally *t) {
    prog_rng r = { 0x2545f491u };
    for (long i = 0; i < n; i++) {
        uint64_t u = ((uint64_t)prog_rand(&r) << 32) | prog_rand(&r);
        convert(of_bits(u), t, &r);
    }
}

// Doubles of few digits and near powers of ten, the cases Grisu finds hardest.
static void decimal_doubles(long n, Tally *t) {
    prog_rng r = { 0x6c078965u };
    for (long i = 0; i < n; i++) {
        uint32_t x = prog_rand(&r);
        int exp10 = (int)(x % 600) - 300;
        char text[64];
        snprintf(text, sizeof text, "%u.%04ue%d", (x >> 10) % 10, (x >> 14) % 10000, exp10);
        int used = 0;
        double d = reader.StringToDouble(text, (int)strlen(text), &used);
        hash_u64(bits_of(d));
        uint64_t u = bits_of(d);
        convert(d, t, &r);
        convert(of_bits(u + 1), t, &r);
        convert(of_bits(u - 1), t, &r);
    }
}

// Floats: shortest single-precision digits, read back as floats.
static void floats(long n, Tally *t) {
    prog_rng r = { 0x1b873593u };
    char buf[64];
    for (long i = 0; i < n; i++) {
        uint32_t x = prog_rand(&r);
        float f;
        memcpy(&f, &x, sizeof f);
        StringBuilder sb(buf, sizeof buf);
        ecma.ToShortestSingle(f, &sb);
        const char *s = sb.Finalize();
        hash_str(s);
        int used = 0;
        float back = reader.StringToFloat(s, (int)strlen(s), &used);
        uint32_t bx;
        memcpy(&bx, &back, sizeof bx);
        if (bx != x && f == f) {
            t->roundtrip_bad++;
        }
        t->shortest++;
    }
}

// Long decimal inputs: 17..120 significant digits at and around the halfway
// point between two doubles (strtod's bignum comparison), hex floats, junk.
static void long_inputs(long n, Tally *t) {
    prog_rng r = { 0x85ebca6bu };
    char text[200];
    unsigned ties = 0;
    for (long i = 0; i < n; i++) {
        uint64_t u = ((uint64_t)(prog_rand(&r) & 0x7fefffffu) << 32) | prog_rand(&r);
        double lo = of_bits(u), hi = of_bits(u + 1);
        // the exact midpoint printed with 120 significant digits, then nudged
        char digits[160];
        int len = 0, point = 0;
        bool neg = false;
        DoubleToStringConverter::DoubleToAscii(lo / 2 + hi / 2, DoubleToStringConverter::PRECISION, 120, digits,
            sizeof digits, &neg, &len, &point);
        uint32_t x = prog_rand(&r);
        if (len > 0 && (x & 1)) {
            digits[len - 1] = (char)('0' + (x >> 1) % 10);
        }
        snprintf(text, sizeof text, "  0.%se%d ", digits, point);
        int used = 0;
        double d = reader.StringToDouble(text, (int)strlen(text), &used);
        hash_u64(bits_of(d));
        ties += bits_of(d) == u;
        float f = reader.StringToFloat(text, (int)strlen(text), &used);
        h = prog_fnv(h, &f, sizeof f);
        t->digits += (unsigned)used;
    }
    static const char *const odd[] = { "0x1.8p3", "-0X1P-1074", "INF", "-Nan", "1e400", "1e-400", "12abc", "",
        "  -0.0  ", "0x1.fffffffffffffp1023", "4.9406564584124654e-324" };
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        int used = 0;
        double d = reader.StringToDouble(odd[i], (int)strlen(odd[i]), &used);
        char buf[64];
        StringBuilder sb(buf, sizeof buf);
        ecma.ToShortest(d, &sb);
        printf("read \"%s\": %s (%d used)\n", odd[i], sb.Finalize(), used);
        hash_u64(bits_of(d));
    }
    printf("long inputs: %ld, %u at the lower neighbour\n", n, ties);
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    printf("double-conversion, %ld random doubles\n", n * 500);
    Tally t;
    random_doubles(n * 500, &t);
    decimal_doubles(n * 125, &t);
    floats(n * 125, &t);
    long_inputs(n * 125, &t);
    printf("shortest %u (%u digits), fixed %u, exponential %u, precision %u\n", t.shortest, t.digits, t.fixed,
        t.exponential, t.precision);
    prog_check("every shortest form reads back to its bits", t.roundtrip_bad == 0);
    return prog_end(h);
}
