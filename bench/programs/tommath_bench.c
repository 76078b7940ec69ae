// SPDX-License-Identifier: MIT
// LibTomMath (Debian's libtommath source package, every bn_*.c unchanged):
// arbitrary-precision integers. N decides the sizes: the decimal digits of
// 100*N! (multiplication, radix conversion), a 64*N-bit power and its
// integer square root, gcd/lcm of large numbers, and an RSA key of 2 * (256 +
// 16*N)-bit primes found with mp_prime_next_prime (Miller-Rabin and the
// library's extra tests), used to encrypt and decrypt (mp_exptmod:
// Montgomery or Barrett reduction, sliding windows). The digits differ by
// target (60-bit on x86-64, 28-bit on wasm32), the numbers do not: prints
// sizes and hashes of decimal strings. Random bases come from mp_rand_source
// set to the fixed PRNG.
//   tommath_bench N
#include "tommath.h"
#include "prog_common.h"

static prog_rng rng = { 4711 };  // the numbers
// the primality tests' random bases: how many bytes they take depends on the digit size
static prog_rng witness_rng = { 1033 };
static uint32_t h = PROG_FNV_INIT;

static mp_err fixed_source(void *out, size_t size) {
    uint8_t *p = out;
    for (size_t i = 0; i < size; i++) {
        p[i] = (uint8_t)prog_rand(&witness_rng);
    }
    return MP_OKAY;
}

// the number's decimal digits: prints how many and their hash, folds them into h
static int show(const char *what, const mp_int *a) {
    int size;
    if (mp_radix_size(a, 10, &size) != MP_OKAY) {
        return 1;
    }
    char *s = malloc((size_t)size);
    if (s == NULL || mp_to_radix(a, s, (size_t)size, NULL, 10) != MP_OKAY) {
        printf("%s: out of memory\n", what);
        return 1;
    }
    size_t len = strlen(s);
    uint32_t d = prog_fnv(PROG_FNV_INIT, s, len);
    printf("%-14s %5lu digits, %.12s..., fnv %08x\n", what, (unsigned long)len, s, (unsigned)d);
    h = prog_fnv(h, &d, sizeof(d));
    free(s);
    return 0;
}

static void random_bits(mp_int *a, int bits) {
    mp_zero(a);
    for (int i = 0; i < bits; i += 32) {
        (void)mp_mul_2d(a, 32, a);
        mp_int t;
        (void)mp_init_u32(&t, prog_rand(&rng));
        (void)mp_add(a, &t, a);
        mp_clear(&t);
    }
    (void)mp_mod_2d(a, bits, a);  // at most `bits` bits
}

#define CHECK(e) \
    do { \
        if ((e) != MP_OKAY) { \
            printf("failed: %s\n", #e); \
            return 1; \
        } \
    } while (0)

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 8);
    mp_rand_source(fixed_source);
    mp_int a, b, c, p, q, e, d, m, x;
    CHECK(mp_init_multi(&a, &b, &c, &p, &q, &e, &d, &m, &x, NULL));
    printf("libtommath n=%ld\n", n);

    // factorial
    mp_set(&a, 1);
    for (uint32_t i = 2; i <= (uint32_t)(100 * n); i++) {
        CHECK(mp_mul_d(&a, i, &a));
    }
    if (show("factorial", &a)) {
        return 1;
    }
    // power and square root: floor(sqrt(3^k)) squared is at most 3^k
    mp_set_u32(&b, 3);
    CHECK(mp_expt_u32(&b, (uint32_t)(40 * n), &b));
    CHECK(mp_sqrt(&b, &c));
    CHECK(mp_sqr(&c, &d));
    printf("sqrt check     %s\n", mp_cmp(&d, &b) != MP_GT ? "ok" : "FAILED");
    if (show("3^k", &b) || show("isqrt(3^k)", &c)) {
        return 1;
    }
    // gcd and lcm of the factorial and a product of random numbers
    random_bits(&p, 64 * (int)n);
    CHECK(mp_mul(&p, &a, &p));
    CHECK(mp_gcd(&a, &p, &c));
    CHECK(mp_lcm(&b, &p, &d));
    if (show("gcd", &c) || show("lcm", &d)) {
        return 1;
    }
    // RSA
    int bits = 256 + 16 * (int)n;
    random_bits(&p, bits);
    random_bits(&q, bits);
    CHECK(mp_prime_next_prime(&p, mp_prime_rabin_miller_trials(bits), 0));
    CHECK(mp_prime_next_prime(&q, mp_prime_rabin_miller_trials(bits), 0));
    CHECK(mp_mul(&p, &q, &m));
    CHECK(mp_sub_d(&p, 1, &p));
    CHECK(mp_sub_d(&q, 1, &q));
    CHECK(mp_lcm(&p, &q, &c));
    mp_set(&e, 65537);
    CHECK(mp_invmod(&e, &c, &d));
    random_bits(&a, 2 * bits - 8);
    CHECK(mp_exptmod(&a, &e, &m, &x));
    CHECK(mp_exptmod(&x, &d, &m, &b));
    printf("rsa %d bits    %s\n", mp_count_bits(&m), mp_cmp(&a, &b) == MP_EQ ? "round trip ok" : "FAILED");
    if (mp_cmp(&a, &b) != MP_EQ || show("modulus", &m) || show("ciphertext", &x)) {
        return 1;
    }
    mp_clear_multi(&a, &b, &c, &p, &q, &e, &d, &m, &x, NULL);
    printf("checksum=0x%08x\n", (unsigned)h);
    return 0;
}
