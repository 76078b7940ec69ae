// SPDX-License-Identifier: MIT
// libscrypt (Debian's libscrypt source package, its library files unchanged):
// Colin Percival's scrypt, a memory-hard key derivation (PBKDF2-HMAC-SHA256
// around ROMix: a table of N blocks of 128 r bytes filled with salsa20/8 and
// read back at data-dependent places). RFC 7914's test vectors (the second
// and third when N reaches 2^10 and 2^14: 1 and 16 MiB of table, so the
// guest's memory grows), then a derivation for every cost 2^4 .. 2^N with
// r = 1..8 and p = 1..2, and libscrypt's modular crypt format: a hash
// written by libscrypt_mcf and checked by libscrypt_check with the right and
// a wrong password.
//   scrypt_bench N   (the largest cost is 2^N)
#include "prog_common.h"

#include "b64.h"
#include "libscrypt.h"

static uint32_t h = PROG_FNV_INIT;

static void hex(char *out, const uint8_t *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        snprintf(out + 2 * i, 3, "%02x", p[i]);
    }
}

static void vector(const char *pw, const char *salt, uint64_t n, uint32_t r, uint32_t p, const char *want) {
    uint8_t dk[64];
    char got[129];
    int rc = libscrypt_scrypt((const uint8_t *)pw, strlen(pw), (const uint8_t *)salt, strlen(salt), n, r, p, dk, 64);
    hex(got, dk, 64);
    printf("rfc7914 N=%-5llu r=%u p=%-2u %.32s...\n", (unsigned long long)n, (unsigned)r, (unsigned)p, got);
    prog_check("rfc 7914 vector", rc == 0 && strncmp(got, want, strlen(want)) == 0);
    h = prog_fnv(h, dk, 64);
}

int main(int argc, char **argv) {
    long top = prog_size(argc, argv, 10);
    if (top > 20) {
        top = 20;
    }
    printf("libscrypt 1.21, costs up to 2^%ld\n", top);
    vector("", "", 16, 1, 1, "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442");
    if (top >= 10) {
        vector("password", "NaCl", 1024, 8, 16, "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162");
    }
    if (top >= 14) {
        vector("pleaseletmein", "SodiumChloride", 16384, 8, 1, "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2");
    }
    prog_rng rng = { 0x5c7e9u };
    for (long k = 4; k <= top; k++) {
        for (uint32_t r = 1; r <= 8; r *= 2) {
            uint8_t pw[24], salt[16], dk[48];
            for (size_t i = 0; i < sizeof(pw); i++) {
                pw[i] = (uint8_t)prog_rand(&rng);
            }
            for (size_t i = 0; i < sizeof(salt); i++) {
                salt[i] = (uint8_t)prog_rand(&rng);
            }
            uint32_t p = 1 + (uint32_t)(k & 1);
            if ((uint64_t)128 * r << k > ((uint64_t)1 << (top + 7))) {
                continue; // keep every table within the largest one's 2^N x 128 bytes
            }
            int rc = libscrypt_scrypt(pw, sizeof(pw), salt, sizeof(salt), (uint64_t)1 << k, r, p, dk, sizeof(dk));
            prog_check("libscrypt_scrypt", rc == 0);
            char x[97];
            hex(x, dk, 16);
            printf("N=2^%-2ld r=%u p=%u: %s\n", k, (unsigned)r, (unsigned)p, x);
            h = prog_fnv(h, dk, sizeof(dk));
        }
    }
    // modular crypt format: "$s1$NNrrpp$salt$hash", checked with the right and a wrong password
    uint8_t salt[SCRYPT_SALT_LEN], dk[SCRYPT_HASH_LEN];
    for (size_t i = 0; i < sizeof(salt); i++) {
        salt[i] = (uint8_t)prog_rand(&rng);
    }
    uint32_t n = 1u << (top < 10 ? top : 10);
    const char *pass = "correct horse battery staple";
    int rc = libscrypt_scrypt((const uint8_t *)pass, strlen(pass), salt, sizeof(salt), n, 8, 1, dk, sizeof(dk));
    char salt64[64], hash64[128], mcf[SCRYPT_MCF_LEN], copy[SCRYPT_MCF_LEN];
    libscrypt_b64_encode(salt, sizeof(salt), salt64, sizeof(salt64));
    libscrypt_b64_encode(dk, sizeof(dk), hash64, sizeof(hash64));
    int made = libscrypt_mcf(n, 8, 1, salt64, hash64, mcf);
    strcpy(copy, mcf);
    int right = libscrypt_check(copy, pass); // libscrypt_check writes into its argument
    strcpy(copy, mcf);
    int wrong = libscrypt_check(copy, "correct horse battery stable");
    printf("mcf: %s\ncheck: right %d, wrong %d\n", mcf, right, wrong);
    prog_check("mcf", rc == 0 && made > 0 && right > 0 && wrong == 0);
    h = prog_fnv(h, mcf, strlen(mcf));
    return prog_end(h);
}
