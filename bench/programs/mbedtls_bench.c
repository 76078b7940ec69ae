// SPDX-License-Identifier: MIT
// Mbed TLS (Debian's mbedtls source package, library/*.c unchanged, upstream's
// default config.h minus the platform I/O a WASI program cannot have): the
// library's own self-tests (hashes, ciphers, AEADs, DRBGs, bignum, RSA, ECP),
// then a workload of size N: SHA-256/512 and AES-256-GCM, ChaCha20-Poly1305
// and AES-CBC over N KiB, deterministic ECDSA (RFC 6979) on P-256, X25519
// key agreement, a 512-bit RSA key generated from a CTR_DRBG seeded with
// fixed bytes, RSA PKCS#1 v1.5 and PSS signatures and a PKCS#1 v1.5 encryption round trip. Prints digests and
// signatures (all deterministic) and what was verified.
//   mbedtls_bench N
#include "mbedtls/aes.h"
#include "mbedtls/base64.h"
#include "mbedtls/camellia.h"
#include "mbedtls/ccm.h"
#include "mbedtls/chacha20.h"
#include "mbedtls/chachapoly.h"
#include "mbedtls/ctr_drbg.h"
#include "mbedtls/des.h"
#include "mbedtls/ecdh.h"
#include "mbedtls/ecdsa.h"
#include "mbedtls/ecp.h"
#include "mbedtls/gcm.h"
#include "mbedtls/hmac_drbg.h"
#include "mbedtls/md5.h"
#include "mbedtls/pkcs5.h"
#include "mbedtls/poly1305.h"
#include "mbedtls/ripemd160.h"
#include "mbedtls/rsa.h"
#include "mbedtls/sha1.h"
#include "mbedtls/sha256.h"
#include "mbedtls/sha512.h"
#include "mbedtls/version.h"
#include "prog_common.h"

static uint32_t checksum = PROG_FNV_INIT;

static void show(const char *what, const unsigned char *p, size_t len) {
    printf("%s:", what);
    for (size_t i = 0; i < len && i < 16; i++) {
        printf(" %02x", p[i]);
    }
    printf("%s (%u bytes)\n", len > 16 ? " ..." : "", (unsigned)len);
    checksum = prog_fnv(checksum, p, len);
}

// fixed "entropy" for CTR_DRBG: the same random bits on every platform
static int fixed_entropy(void *ctx, unsigned char *out, size_t len) {
    prog_rng *r = ctx;
    for (size_t i = 0; i < len; i++) {
        out[i] = (unsigned char)(prog_rand(r) >> 24);
    }
    return 0;
}

#define CHECK(x) \
    do { \
        int rc_ = (x); \
        if (rc_ != 0) { \
            printf("FAILED: %s = -0x%04x\n", #x, (unsigned)-rc_); \
            return 1; \
        } \
    } while (0)

int main(int argc, char **argv) {
    static const struct {
        const char *name;
        int (*fn)(int);
    } tests[] = {
        { "md5", mbedtls_md5_self_test }, { "sha1", mbedtls_sha1_self_test },
        { "sha256", mbedtls_sha256_self_test }, { "sha512", mbedtls_sha512_self_test },
        { "ripemd160", mbedtls_ripemd160_self_test }, { "aes", mbedtls_aes_self_test },
        { "des", mbedtls_des_self_test }, { "camellia", mbedtls_camellia_self_test },
        { "gcm", mbedtls_gcm_self_test }, { "ccm", mbedtls_ccm_self_test },
        { "chacha20", mbedtls_chacha20_self_test }, { "poly1305", mbedtls_poly1305_self_test },
        { "chachapoly", mbedtls_chachapoly_self_test }, { "base64", mbedtls_base64_self_test },
        { "ctr_drbg", mbedtls_ctr_drbg_self_test }, { "hmac_drbg", mbedtls_hmac_drbg_self_test },
        { "pkcs5", mbedtls_pkcs5_self_test }, { "mpi", mbedtls_mpi_self_test },
        { "rsa", mbedtls_rsa_self_test }, { "ecp", mbedtls_ecp_self_test },
    };
    long n = prog_size(argc, argv, 64);
    int passed = 0;
    for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
        if (tests[i].fn(0) != 0) {
            printf("self-test %s FAILED\n", tests[i].name);
            return 1;
        }
        passed++;
    }
    printf("self-tests ok: %d\n", passed);

    size_t len = (size_t)n * 1024;
    unsigned char *buf = malloc(len), *enc = malloc(len), *dec = malloc(len);
    if (buf == NULL || enc == NULL || dec == NULL) {
        printf("out of memory\n");
        return 1;
    }
    prog_text(buf, len, 31337);
    unsigned char key[32], iv[16], tag[16], digest[64];
    for (int i = 0; i < 32; i++) {
        key[i] = (unsigned char)(i * 7 + 1);
    }
    memset(iv, 0x5a, sizeof(iv));

    CHECK(mbedtls_sha256_ret(buf, len, digest, 0));
    show("sha256", digest, 32);
    CHECK(mbedtls_sha512_ret(buf, len, digest, 0));
    show("sha512", digest, 64);

    mbedtls_gcm_context gcm;
    mbedtls_gcm_init(&gcm);
    CHECK(mbedtls_gcm_setkey(&gcm, MBEDTLS_CIPHER_ID_AES, key, 256));
    CHECK(mbedtls_gcm_crypt_and_tag(&gcm, MBEDTLS_GCM_ENCRYPT, len, iv, 12, key, 13, buf, enc, 16, tag));
    show("aes-256-gcm tag", tag, 16);
    CHECK(mbedtls_gcm_auth_decrypt(&gcm, len, iv, 12, key, 13, tag, 16, enc, dec));
    printf("aes-256-gcm round trip %s\n", memcmp(buf, dec, len) == 0 ? "ok" : "FAILED");
    mbedtls_gcm_free(&gcm);

    mbedtls_chachapoly_context cp;
    mbedtls_chachapoly_init(&cp);
    CHECK(mbedtls_chachapoly_setkey(&cp, key));
    CHECK(mbedtls_chachapoly_encrypt_and_tag(&cp, len, iv, key, 7, buf, enc, tag));
    show("chacha20-poly1305 tag", tag, 16);
    CHECK(mbedtls_chachapoly_auth_decrypt(&cp, len, iv, key, 7, tag, enc, dec));
    printf("chacha20-poly1305 round trip %s\n", memcmp(buf, dec, len) == 0 ? "ok" : "FAILED");
    mbedtls_chachapoly_free(&cp);

    mbedtls_aes_context aes;
    mbedtls_aes_init(&aes);
    unsigned char iv2[16];
    memcpy(iv2, iv, 16);
    CHECK(mbedtls_aes_setkey_enc(&aes, key, 128));
    CHECK(mbedtls_aes_crypt_cbc(&aes, MBEDTLS_AES_ENCRYPT, len, iv2, buf, enc));
    show("aes-128-cbc last block", enc + len - 16, 16);
    mbedtls_aes_free(&aes);

    prog_rng seed = { 2024 };
    mbedtls_ctr_drbg_context drbg;
    mbedtls_ctr_drbg_init(&drbg);
    CHECK(mbedtls_ctr_drbg_seed(&drbg, fixed_entropy, &seed, (const unsigned char *)"mpwasm", 6));

    // deterministic ECDSA on P-256: the signature depends only on the key and the hash
    mbedtls_ecdsa_context ec;
    mbedtls_ecdsa_init(&ec);
    CHECK(mbedtls_ecdsa_genkey(&ec, MBEDTLS_ECP_DP_SECP256R1, mbedtls_ctr_drbg_random, &drbg));
    int rounds = 1 + (int)(n / 16);
    for (int i = 0; i < rounds; i++) {
        CHECK(mbedtls_sha256_ret(buf + i, len - (size_t)i, digest, 0));
        mbedtls_mpi r, s;
        mbedtls_mpi_init(&r);
        mbedtls_mpi_init(&s);
        CHECK(mbedtls_ecdsa_sign_det_ext(&ec.grp, &r, &s, &ec.d, digest, 32, MBEDTLS_MD_SHA256,
            mbedtls_ctr_drbg_random, &drbg));
        CHECK(mbedtls_ecdsa_verify(&ec.grp, digest, 32, &ec.Q, &r, &s));
        unsigned char sig[64];
        CHECK(mbedtls_mpi_write_binary(&r, sig, 32));
        CHECK(mbedtls_mpi_write_binary(&s, sig + 32, 32));
        if (i == rounds - 1) {
            show("ecdsa p-256 signature (verified)", sig, 64);
        } else {
            checksum = prog_fnv(checksum, sig, 64);
        }
        mbedtls_mpi_free(&r);
        mbedtls_mpi_free(&s);
    }
    mbedtls_ecdsa_free(&ec);

    // X25519: both sides agree
    mbedtls_ecp_group g;
    mbedtls_mpi da, db, za, zb;
    mbedtls_ecp_point qa, qb;
    mbedtls_ecp_group_init(&g);
    mbedtls_mpi_init(&da);
    mbedtls_mpi_init(&db);
    mbedtls_mpi_init(&za);
    mbedtls_mpi_init(&zb);
    mbedtls_ecp_point_init(&qa);
    mbedtls_ecp_point_init(&qb);
    CHECK(mbedtls_ecp_group_load(&g, MBEDTLS_ECP_DP_CURVE25519));
    CHECK(mbedtls_ecdh_gen_public(&g, &da, &qa, mbedtls_ctr_drbg_random, &drbg));
    CHECK(mbedtls_ecdh_gen_public(&g, &db, &qb, mbedtls_ctr_drbg_random, &drbg));
    CHECK(mbedtls_ecdh_compute_shared(&g, &za, &qb, &da, mbedtls_ctr_drbg_random, &drbg));
    CHECK(mbedtls_ecdh_compute_shared(&g, &zb, &qa, &db, mbedtls_ctr_drbg_random, &drbg));
    unsigned char shared[32];
    CHECK(mbedtls_mpi_write_binary(&za, shared, 32));
    printf("x25519 agree %s\n", mbedtls_mpi_cmp_mpi(&za, &zb) == 0 ? "ok" : "FAILED");
    show("x25519 shared", shared, 32);
    mbedtls_ecp_group_free(&g);
    mbedtls_mpi_free(&da);
    mbedtls_mpi_free(&db);
    mbedtls_mpi_free(&za);
    mbedtls_mpi_free(&zb);
    mbedtls_ecp_point_free(&qa);
    mbedtls_ecp_point_free(&qb);

    // RSA: a key from the DRBG, then PKCS#1 v1.5 and PSS signatures, an encryption round trip
    mbedtls_rsa_context rsa;
    mbedtls_rsa_init(&rsa, MBEDTLS_RSA_PKCS_V15, 0);
    CHECK(mbedtls_rsa_gen_key(&rsa, mbedtls_ctr_drbg_random, &drbg, 512, 65537));
    CHECK(mbedtls_rsa_check_privkey(&rsa));
    unsigned char n_bytes[64], sig[64], ct[64], pt[64];
    CHECK(mbedtls_mpi_write_binary(&rsa.N, n_bytes, 64));
    show("rsa-512 modulus", n_bytes, 64);
    CHECK(mbedtls_sha256_ret(buf, len, digest, 0));
    CHECK(mbedtls_rsa_pkcs1_sign(&rsa, NULL, NULL, MBEDTLS_RSA_PRIVATE, MBEDTLS_MD_SHA256, 32, digest, sig));
    CHECK(mbedtls_rsa_pkcs1_verify(&rsa, NULL, NULL, MBEDTLS_RSA_PUBLIC, MBEDTLS_MD_SHA256, 32, digest, sig));
    show("rsa pkcs1-v1.5 signature (verified)", sig, 64);
    mbedtls_rsa_set_padding(&rsa, MBEDTLS_RSA_PKCS_V21, MBEDTLS_MD_SHA256);
    CHECK(mbedtls_rsa_rsassa_pss_sign(&rsa, mbedtls_ctr_drbg_random, &drbg, MBEDTLS_RSA_PRIVATE,
        MBEDTLS_MD_SHA256, 32, digest, sig));
    CHECK(mbedtls_rsa_rsassa_pss_verify(&rsa, NULL, NULL, MBEDTLS_RSA_PUBLIC, MBEDTLS_MD_SHA256, 32, digest, sig));
    printf("rsa pss signature verified\n");
    size_t olen = 0;
    mbedtls_rsa_set_padding(&rsa, MBEDTLS_RSA_PKCS_V15, MBEDTLS_MD_NONE);  // OAEP-SHA256 needs a larger key
    CHECK(mbedtls_rsa_pkcs1_encrypt(&rsa, mbedtls_ctr_drbg_random, &drbg, MBEDTLS_RSA_PUBLIC, 20, buf, ct));
    CHECK(mbedtls_rsa_pkcs1_decrypt(&rsa, mbedtls_ctr_drbg_random, &drbg, MBEDTLS_RSA_PRIVATE, &olen, ct, pt,
        sizeof(pt)));
    printf("rsa pkcs1-v1.5 encryption round trip %s\n", olen == 20 && memcmp(pt, buf, 20) == 0 ? "ok" : "FAILED");
    mbedtls_rsa_free(&rsa);
    mbedtls_ctr_drbg_free(&drbg);

    char version[32];
    mbedtls_version_get_string_full(version);
    printf("%s\n", version);
    printf("checksum=0x%08x\n", (unsigned)checksum);
    free(buf);
    free(enc);
    free(dec);
    return 0;
}
