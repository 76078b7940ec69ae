// SPDX-License-Identifier: MIT
// LibTomCrypt (Debian's libtomcrypt source package, the hash, cipher, mode,
// MAC and AEAD files listed in bench/programs.py unchanged, portable C:
// LTC_NO_ASM): first the library's own known-answer self-tests, then over a
// generated message of N KiB: SHA-256, SHA-512, SHA3-256 and BLAKE2b-256
// digests; HMAC-SHA256; AES-128-CTR, AES-256-GCM and ChaCha20-Poly1305
// encryption, each decrypted again and checked (tags verified); and a
// PBKDF2-HMAC-SHA256 with 64*N iterations. Prints the digests and tags.
//   tomcrypt_bench N
#include "tomcrypt.h"
#include "prog_common.h"

static uint32_t h = PROG_FNV_INIT;

static void show(const char *what, const unsigned char *d, unsigned long len) {
    printf("%-18s ", what);
    for (unsigned long i = 0; i < len; i++) {
        printf("%02x", d[i]);
    }
    printf("\n");
    h = prog_fnv(h, d, len);
}

static int failed(const char *what, int err) {
    if (err != CRYPT_OK) {
        printf("%s: %s\n", what, error_to_string(err));
        return 1;
    }
    return 0;
}

static int digest(const struct ltc_hash_descriptor *d, const unsigned char *msg, unsigned long len) {
    hash_state st;
    unsigned char out[64];
    // in three uneven pieces: the partial-block paths run too
    unsigned long a = len / 3 + 1 < len ? len / 3 + 1 : len, b = len - a > 77 ? 77 : len - a;
    int err = d->init(&st);
    err = err ? err : d->process(&st, msg, a);
    err = err ? err : d->process(&st, msg + a, b);
    err = err ? err : d->process(&st, msg + a + b, len - a - b);
    err = err ? err : d->done(&st, out);
    if (failed(d->name, err)) {
        return 1;
    }
    show(d->name, out, d->hashsize);
    return 0;
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 64);
    unsigned long len = (unsigned long)n * 1024;
    unsigned char *msg = malloc(len), *enc = malloc(len), *dec = malloc(len);
    if (msg == NULL || enc == NULL || dec == NULL) {
        printf("out of memory\n");
        return 1;
    }
    prog_text(msg, len, 31337);
    unsigned char key[32], iv[16], tag[16], tag2[16], out[32];
    prog_rng r = { 99 };
    for (int i = 0; i < 32; i++) {
        key[i] = (unsigned char)prog_rand(&r);
    }
    for (int i = 0; i < 16; i++) {
        iv[i] = (unsigned char)prog_rand(&r);
    }
    if (register_cipher(&aes_desc) < 0 || register_hash(&sha256_desc) < 0) {
        printf("register failed\n");
        return 1;
    }
    int aes = find_cipher("aes"), sha256 = find_hash("sha256");

    // the library's known-answer tests (LTC_TEST)
    static const struct {
        const char *name;
        int (*fn)(void);
    } tests[] = {
        { "aes", rijndael_test }, { "sha256", sha256_test }, { "sha512", sha512_test }, { "sha3-256", sha3_256_test },
        { "blake2b-256", blake2b_256_test }, { "hmac", hmac_test }, { "gcm", gcm_test }, { "chacha", chacha_test },
        { "poly1305", poly1305_test }, { "chacha20poly1305", chacha20poly1305_test }, { "ctr", ctr_test },
    };
    for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
        if (failed(tests[i].name, tests[i].fn())) {
            return 1;
        }
    }
    printf("self-tests ok: %d\n", (int)(sizeof(tests) / sizeof(tests[0])));

    if (digest(&sha256_desc, msg, len) || digest(&sha512_desc, msg, len) || digest(&sha3_256_desc, msg, len)
        || digest(&blake2b_256_desc, msg, len)) {
        return 1;
    }
    unsigned long olen = 32;
    if (failed("hmac", hmac_memory(sha256, key, 32, msg, len, out, &olen))) {
        return 1;
    }
    show("hmac-sha256", out, olen);

    // AES-128-CTR
    symmetric_CTR ctr;
    int err = ctr_start(aes, iv, key, 16, 0, CTR_COUNTER_BIG_ENDIAN, &ctr);
    err = err ? err : ctr_encrypt(msg, enc, len, &ctr);
    err = err ? err : ctr_setiv(iv, 16, &ctr);
    err = err ? err : ctr_decrypt(enc, dec, len, &ctr);
    ctr_done(&ctr);
    if (failed("ctr", err) || memcmp(msg, dec, len) != 0) {
        printf("aes-128-ctr: round trip FAILED\n");
        return 1;
    }
    h = prog_fnv(h, enc, len);
    printf("aes-128-ctr        round trip ok, last block %02x%02x%02x%02x\n", enc[len - 4], enc[len - 3],
        enc[len - 2], enc[len - 1]);

    // AES-256-GCM, with 13 bytes of associated data
    unsigned long tlen = 16;
    err = gcm_memory(aes, key, 32, iv, 12, key, 13, msg, len, enc, tag, &tlen, GCM_ENCRYPT);
    memcpy(tag2, tag, 16);
    err = err ? err : gcm_memory(aes, key, 32, iv, 12, key, 13, dec, len, enc, tag2, &tlen, GCM_DECRYPT);
    if (failed("gcm", err) || memcmp(msg, dec, len) != 0) {
        printf("aes-256-gcm: round trip FAILED\n");
        return 1;
    }
    h = prog_fnv(h, enc, len);
    show("aes-256-gcm tag", tag, 16);

    // ChaCha20-Poly1305 (RFC 7539), the same associated data
    tlen = 16;
    err = chacha20poly1305_memory(key, 32, iv, 12, key, 13, msg, len, enc, tag, &tlen, CHACHA20POLY1305_ENCRYPT);
    memcpy(tag2, tag, 16);
    err = err ? err : chacha20poly1305_memory(key, 32, iv, 12, key, 13, enc, len, dec, tag2, &tlen,
        CHACHA20POLY1305_DECRYPT);
    if (failed("chacha20poly1305", err) || memcmp(msg, dec, len) != 0) {
        printf("chacha20-poly1305: round trip FAILED\n");
        return 1;
    }
    h = prog_fnv(h, enc, len);
    show("chacha20-poly1305", tag, 16);

    olen = 32;
    if (failed("pbkdf2", pkcs_5_alg2(key, 32, iv, 16, (int)(64 * n), sha256, out, &olen))) {
        return 1;
    }
    show("pbkdf2-sha256", out, olen);
    printf("checksum=0x%08x\n", (unsigned)h);
    free(msg);
    free(enc);
    free(dec);
    return 0;
}
