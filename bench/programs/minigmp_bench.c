// SPDX-License-Identifier: MIT
// GMP's mini-gmp (Debian's gmp source package, mini-gmp/mini-gmp.c and
// mini-mpq.c unchanged): bignums in portable C whose limb is an unsigned long,
// 32 bits on wasm32 and 64 on x86-64 (the same results, other loops; so the
// native figure is not like for like). N rounds of: factorial and binomials,
// digits of pi and e (Machin's formula and a series in fixed point), integer
// square and cube roots, gcd/gcdext/invert/lcm, Miller-Rabin, an RSA key from
// two primes with powm round trips, bit operations, base 2..62 strings, and
// rationals (mpq): a harmonic sum. Each result's digits go into the checksum.
//   minigmp_bench N
#include "prog_common.h"
#include "mini-gmp.h"
#include "mini-mpq.h"

static uint32_t h = PROG_FNV_INIT;

static void mix_z(const mpz_t z, int base) {
    char *s = mpz_get_str(NULL, base, z);
    h = prog_fnv(h, s, strlen(s));
    free(s);
}

static void show(const char *what, const mpz_t z) {
    char *s = mpz_get_str(NULL, 10, z);
    size_t n = strlen(s);
    printf("%s: %zu digits, %.12s...%s\n", what, n, s, n > 12 ? s + n - 6 : "");
    h = prog_fnv(h, s, n);
    free(s);
}

// arctan(1/x) * 10^digits (+ guard digits), by its series in fixed point
static void arctan_inv(mpz_t out, unsigned long x, const mpz_t one) {
    mpz_t term, t;
    mpz_init(term);
    mpz_init(t);
    mpz_tdiv_q_ui(term, one, x);
    mpz_set(out, term);
    unsigned long x2 = x * x;
    for (unsigned long k = 1; mpz_sgn(term) != 0; k++) {
        mpz_tdiv_q_ui(term, term, x2);
        mpz_tdiv_q_ui(t, term, 2 * k + 1);
        if (k & 1) {
            mpz_sub(out, out, t);
        } else {
            mpz_add(out, out, t);
        }
    }
    mpz_clear(term);
    mpz_clear(t);
}

static void next_prime(mpz_t p) {
    if (mpz_even_p(p)) {
        mpz_add_ui(p, p, 1);
    }
    while (!mpz_probab_prime_p(p, 20)) {
        mpz_add_ui(p, p, 2);
    }
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    mpz_t a, b, c, d, one, p, q, nn, e, dd, m;
    mpz_init(a), mpz_init(b), mpz_init(c), mpz_init(d), mpz_init(one);
    mpz_init(p), mpz_init(q), mpz_init(nn), mpz_init(e), mpz_init(dd), mpz_init(m);
    prog_rng r = { 31337 };
    for (long round = 0; round < n; round++) {
        int big = round == 0;  // print the first round's values
        // 1. factorials and binomials
        mpz_fac_ui(a, 800 + 50 * (unsigned long)round);
        mpz_bin_uiui(b, 2000, 1000);
        mpz_mul(c, a, b);
        if (big) {
            show("800!", a);
            show("C(2000,1000)", b);
        } else {
            mix_z(c, 16);
        }
        // 2. pi by Machin (16 atan(1/5) - 4 atan(1/239)) to 1500 digits
        mpz_ui_pow_ui(one, 10, 1510);
        arctan_inv(a, 5, one);
        arctan_inv(b, 239, one);
        mpz_mul_ui(a, a, 16);
        mpz_submul_ui(a, b, 4);
        mpz_ui_pow_ui(c, 10, 10);
        mpz_tdiv_q(a, a, c);  // drop the guard digits
        if (big) {
            show("pi", a);
        } else {
            mix_z(a, 10);
        }
        // 3. e = sum 1/k! in fixed point
        mpz_set(b, one);
        mpz_set(c, one);
        for (unsigned long k = 1; mpz_sgn(c) != 0; k++) {
            mpz_tdiv_q_ui(c, c, k);
            mpz_add(b, b, c);
        }
        mix_z(b, 10);
        // 4. roots: sqrt(2) and cbrt(3) to 1000 digits, checked by squaring back
        mpz_ui_pow_ui(a, 10, 2000);
        mpz_mul_ui(a, a, 2);
        mpz_sqrtrem(c, d, a);
        mpz_mul(b, c, c);
        mpz_add(b, b, d);
        prog_check("sqrtrem", mpz_cmp(a, b) == 0);
        mpz_ui_pow_ui(a, 10, 3000);
        mpz_mul_ui(a, a, 3);
        mpz_root(d, a, 3);
        mix_z(c, 36);
        mix_z(d, 62);
        // 5. random numbers: gcd, gcdext, lcm, invert, bits, strings
        char buf[400];
        for (int i = 0; i < 300; i++) {
            buf[i] = (char)('0' + prog_rand(&r) % 10);
        }
        buf[300] = 0;
        mpz_set_str(a, buf, 10);
        for (int i = 0; i < 200; i++) {
            buf[i] = "0123456789abcdef"[prog_rand(&r) % 16];
        }
        buf[200] = 0;
        mpz_set_str(b, buf, 16);
        mpz_gcdext(c, d, e, a, b);
        mpz_mul(p, d, a);
        mpz_addmul(p, e, b);
        prog_check("gcdext", mpz_cmp(p, c) == 0);
        mpz_lcm(q, a, b);
        mix_z(q, 7);
        mpz_xor(p, a, b);
        mpz_com(q, p);
        mpz_and(q, q, a);
        mix_z(q, 2);
        h ^= (uint32_t)mpz_popcount(a) + (uint32_t)mpz_scan1(b, 0) * 65536u;
        // 6. RSA: two 256-bit primes, e = 65537, d = e^-1 mod phi, powm both ways
        for (int i = 0; i < 77; i++) {
            buf[i] = (char)('1' + prog_rand(&r) % 9);
        }
        buf[77] = 0;
        mpz_set_str(p, buf, 10);
        next_prime(p);
        for (int i = 0; i < 77; i++) {
            buf[i] = (char)('1' + prog_rand(&r) % 9);
        }
        mpz_set_str(q, buf, 10);
        next_prime(q);
        mpz_mul(nn, p, q);
        mpz_sub_ui(p, p, 1);
        mpz_sub_ui(q, q, 1);
        mpz_mul(m, p, q);
        mpz_set_ui(e, 65537);
        int inv = mpz_invert(dd, e, m);
        mpz_set_str(a, "123456789012345678901234567890123456789012345678901234567890", 10);
        mpz_add_ui(a, a, (unsigned long)round);
        mpz_powm(b, a, e, nn);
        mpz_powm(c, b, dd, nn);
        prog_check("rsa round trip", inv && mpz_cmp(a, c) == 0);
        mix_z(b, 10);
        if (big) {
            printf("rsa: n has %zu bits, round trip %s\n", mpz_sizeinbase(nn, 2), inv && mpz_cmp(a, c) == 0 ? "ok" : "FAILED");
        }
        // 7. rationals: the harmonic number H(200 + round)
        mpq_t s, t;
        mpq_init(s);
        mpq_init(t);
        for (unsigned long k = 1; k <= 200 + (unsigned long)round; k++) {
            mpq_set_ui(t, 1, k);
            mpq_add(s, s, t);
        }
        mpq_get_num(a, s);
        mpq_get_den(b, s);
        mix_z(a, 10);
        mix_z(b, 10);
        if (big) {
            printf("H(200) = %zu-digit / %zu-digit, ~%.15f\n", mpz_sizeinbase(a, 10), mpz_sizeinbase(b, 10),
                mpq_get_d(s));
        }
        mpq_clear(s);
        mpq_clear(t);
    }
    mpz_clear(a), mpz_clear(b), mpz_clear(c), mpz_clear(d), mpz_clear(one);
    mpz_clear(p), mpz_clear(q), mpz_clear(nn), mpz_clear(e), mpz_clear(dd), mpz_clear(m);
    printf("mini-gmp (gmp 6.2.1), %ld rounds\n", n);
    printf("%s\n", prog_failures ? "some checks FAILED" : "all checks ok");
    printf("checksum=0x%08x\n", (unsigned)h);
    return prog_failures != 0;
}
