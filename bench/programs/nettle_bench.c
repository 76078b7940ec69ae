// SPDX-License-Identifier: MIT
// Nettle (Debian's nettle source package: libnettle, Makefile.in's
// nettle_SOURCES unchanged, the C code: configure --disable-assembler), driven
// through its own algorithm tables: every hash of nettle_get_hashes() (MD2,
// MD4, MD5, RIPEMD-160, SHA-1, SHA-2, SHA-3, GOST R 34.11-94, Streebog, SM3),
// every MAC of nettle_get_macs() (HMACs, CMAC), every block cipher of
// nettle_get_ciphers() (AES, Camellia, CAST-128, Serpent, Twofish, ARCTWO,
// GOST 28147 where listed) in CBC and CTR over N KiB, every AEAD of
// nettle_get_aeads() (GCM, EAX, ChaCha-Poly1305) with its tag checked and a
// forgery refused, the armors (base64, base64url, base16) both ways; then
// stream ciphers (Salsa20, Salsa20/12, ChaCha, ARCFOUR), DES3, UMAC-32..128,
// SIV-CMAC, XTS, AES key wrap, SHAKE-256, PBKDF2 and HKDF, and the Yarrow-256
// and Knuth lagged-Fibonacci generators seeded with fixed data. Data in
// pieces of pseudo-random sizes; every output hashed.
//   nettle_bench N
#include "prog_common.h"

#include "arcfour.h"
#include "chacha.h"
#include "des.h"
#include "hkdf.h"
#include "hmac.h"
#include "knuth-lfib.h"
#include "nettle-meta.h"
#include "nist-keywrap.h"
#include "pbkdf2.h"
#include "salsa20.h"
#include "sha3.h"
#include "siv-cmac.h"
#include "umac.h"
#include "xts.h"
#include "yarrow.h"
#include "cbc.h"
#include "ctr.h"

static uint32_t h = PROG_FNV_INIT;

#define CTX_SIZE 65536 // room for any context_size in the tables (GCM's keys alone are 4 KiB), checked

static void mix(const uint8_t *p, size_t n) {
    h = prog_fnv(h, p, n);
}

static void hex8(const char *what, const uint8_t *d) {
    printf("%-18s %02x%02x%02x%02x%02x%02x%02x%02x\n", what, d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]);
}

static void fill(uint8_t *p, size_t n, prog_rng *r) {
    for (size_t i = 0; i < n; i++) {
        p[i] = (uint8_t)(prog_rand(r) >> 24);
    }
}

// update(ctx, length, data) in pieces of 1..777 bytes
static void feed(nettle_hash_update_func *update, void *ctx, const uint8_t *data, size_t len, prog_rng *r) {
    size_t at = 0;
    while (at < len) {
        size_t k = 1 + prog_rand(r) % 777;
        if (k > len - at) {
            k = len - at;
        }
        update(ctx, k, data + at);
        at += k;
    }
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 8);
    size_t len = (size_t)n * 1024;
    uint8_t *data = malloc(len + 64), *enc = malloc(3 * len + 64), *dec = malloc(3 * len + 64); // base16: 2x
    uint8_t key[128], iv[64], digest[128], again[128];
    void *ctx = malloc(CTX_SIZE), *ctx2 = malloc(CTX_SIZE);
    prog_rng r = { 0x4e7713u };
    prog_text(data, len, 0xabc);
    fill(key, sizeof(key), &r);
    fill(iv, sizeof(iv), &r);
    printf("nettle %d.%d, %zu bytes\n", nettle_version_major(), nettle_version_minor(), len);

    int count = 0;
    for (const struct nettle_hash *const *hp = nettle_get_hashes(); *hp; hp++, count++) {
        const struct nettle_hash *hh = *hp;
        prog_check("context size", hh->context_size <= CTX_SIZE);
        hh->init(ctx);
        feed(hh->update, ctx, data, len, &r);
        hh->digest(ctx, hh->digest_size, digest);
        hh->init(ctx2);
        hh->update(ctx2, len, data);
        hh->digest(ctx2, hh->digest_size, again);
        prog_check(hh->name, memcmp(digest, again, hh->digest_size) == 0);
        mix(digest, hh->digest_size);
        hex8(hh->name, digest);
    }
    printf("hashes: %d\n", count);

    count = 0;
    for (const struct nettle_mac *const *mp = nettle_get_macs(); *mp; mp++, count++) {
        const struct nettle_mac *m = *mp;
        prog_check("context size", m->context_size <= CTX_SIZE);
        m->set_key(ctx, key);
        feed(m->update, ctx, data, len, &r);
        m->digest(ctx, m->digest_size, digest);
        mix(digest, m->digest_size);
        hex8(m->name, digest);
    }
    printf("macs: %d\n", count);

    count = 0;
    for (const struct nettle_cipher *const *cp = nettle_get_ciphers(); *cp; cp++, count++) {
        const struct nettle_cipher *c = *cp;
        prog_check("context size", c->context_size <= CTX_SIZE && c->block_size <= 32);
        size_t blen = len - len % c->block_size;
        uint8_t civ[32];
        c->set_encrypt_key(ctx, key);
        memcpy(civ, iv, c->block_size);
        cbc_encrypt(ctx, c->encrypt, c->block_size, civ, blen, enc, data);
        mix(enc, blen);
        c->set_decrypt_key(ctx2, key);
        memcpy(civ, iv, c->block_size);
        cbc_decrypt(ctx2, c->decrypt, c->block_size, civ, blen, dec, enc);
        prog_check(c->name, memcmp(dec, data, blen) == 0);
        memcpy(civ, iv, c->block_size);
        ctr_crypt(ctx, c->encrypt, c->block_size, civ, len, enc, data);
        mix(enc, len);
        memcpy(civ, iv, c->block_size);
        ctr_crypt(ctx, c->encrypt, c->block_size, civ, len, dec, enc);
        prog_check(c->name, memcmp(dec, data, len) == 0);
        hex8(c->name, enc);
    }
    printf("ciphers: %d\n", count);

    count = 0;
    for (const struct nettle_aead *const *ap = nettle_get_aeads(); *ap; ap++, count++) {
        const struct nettle_aead *a = *ap;
        prog_check("context size", a->context_size <= CTX_SIZE);
        a->set_encrypt_key(ctx, key);
        a->set_nonce(ctx, iv);
        a->update(ctx, 100, key);
        size_t bulk = len - len % a->block_size; // whole blocks until the last call
        a->encrypt(ctx, bulk, enc, data);
        a->digest(ctx, a->digest_size, digest);
        a->set_decrypt_key(ctx2, key);
        a->set_nonce(ctx2, iv);
        a->update(ctx2, 100, key);
        a->decrypt(ctx2, bulk, dec, enc);
        a->digest(ctx2, a->digest_size, again);
        prog_check(a->name, memcmp(dec, data, bulk) == 0 && memcmp(digest, again, a->digest_size) == 0);
        enc[bulk / 2] ^= 1; // a forged message: another tag
        a->set_decrypt_key(ctx2, key);
        a->set_nonce(ctx2, iv);
        a->update(ctx2, 100, key);
        a->decrypt(ctx2, bulk, dec, enc);
        a->digest(ctx2, a->digest_size, again);
        prog_check("forgery refused", memcmp(digest, again, a->digest_size) != 0);
        mix(digest, a->digest_size);
        hex8(a->name, digest);
    }
    printf("aeads: %d\n", count);

    count = 0;
    for (const struct nettle_armor *const *ap = nettle_get_armors(); *ap; ap++, count++) {
        const struct nettle_armor *a = *ap;
        size_t part = len / 2, out = 0, back = 0;
        a->encode_init(ctx);
        out = a->encode_update(ctx, (char *)enc, part, data);
        out += a->encode_final(ctx, (char *)enc + out);
        mix(enc, out);
        a->decode_init(ctx2);
        back = 2 * part;
        int ok = a->decode_update(ctx2, &back, dec, out, (const char *)enc) && a->decode_final(ctx2);
        prog_check(a->name, ok && back == part && memcmp(dec, data, part) == 0);
        printf("%-18s %zu -> %zu chars\n", a->name, part, out);
    }
    printf("armors: %d\n", count);

    // stream ciphers, each encrypting in pieces and decrypting in one go
    struct salsa20_ctx salsa;
    salsa20_256_set_key(&salsa, key);
    salsa20_set_nonce(&salsa, iv);
    salsa20_crypt(&salsa, len, enc, data);
    mix(enc, len);
    salsa20_set_nonce(&salsa, iv);
    salsa20r12_crypt(&salsa, len, dec, data);
    mix(dec, len);
    struct chacha_ctx chacha;
    chacha_set_key(&chacha, key);
    chacha_set_nonce(&chacha, iv);
    chacha_crypt(&chacha, len, enc, data);
    chacha_set_nonce(&chacha, iv);
    chacha_crypt(&chacha, len, dec, enc);
    prog_check("chacha", memcmp(dec, data, len) == 0);
    mix(enc, len);
    struct arcfour_ctx rc4;
    arcfour_set_key(&rc4, 16, key);
    arcfour_crypt(&rc4, len, enc, data);
    mix(enc, len);

    // DES3 (its key's parity fixed first), CBC
    struct des3_ctx des3;
    uint8_t dkey[DES3_KEY_SIZE], div[8];
    des_fix_parity(DES3_KEY_SIZE, dkey, key);
    prog_check("des3 key", des3_set_key(&des3, dkey));
    size_t dlen = len - len % 8;
    memcpy(div, iv, 8);
    cbc_encrypt(&des3, (nettle_cipher_func *)des3_encrypt, 8, div, dlen, enc, data);
    mix(enc, dlen);
    memcpy(div, iv, 8);
    cbc_decrypt(&des3, (nettle_cipher_func *)des3_decrypt, 8, div, dlen, dec, enc);
    prog_check("des3", memcmp(dec, data, dlen) == 0);
    hex8("des3-cbc", enc);

    // UMAC (its NH hash in 32-bit words): 32, 64, 96, 128-bit tags
    struct umac128_ctx u128;
    struct umac32_ctx u32;
    umac128_set_key(&u128, key);
    umac128_set_nonce(&u128, 16, iv);
    feed((nettle_hash_update_func *)umac128_update, &u128, data, len, &r);
    umac128_digest(&u128, 16, digest);
    mix(digest, 16);
    hex8("umac128", digest);
    umac32_set_key(&u32, key);
    umac32_set_nonce(&u32, 8, iv);
    umac32_update(&u32, len, data);
    umac32_digest(&u32, 4, digest);
    mix(digest, 4);

    // SIV-CMAC, XTS, the AES key wrap
    struct siv_cmac_aes128_ctx siv;
    siv_cmac_aes128_set_key(&siv, key);
    size_t slen = len < 4096 ? len : 4096;
    siv_cmac_aes128_encrypt_message(&siv, 16, iv, 20, key, slen + SIV_DIGEST_SIZE, enc, data);
    mix(enc, slen + SIV_DIGEST_SIZE);
    prog_check("siv-cmac", siv_cmac_aes128_decrypt_message(&siv, 16, iv, 20, key, slen, dec, enc) && memcmp(dec, data, slen) == 0);
    enc[3] ^= 0x40;
    prog_check("siv-cmac forgery refused", !siv_cmac_aes128_decrypt_message(&siv, 16, iv, 20, key, slen, dec, enc));
    struct xts_aes128_key xts;
    xts_aes128_set_encrypt_key(&xts, key);
    xts_aes128_encrypt_message(&xts, iv, len - 5, enc, data); // not a whole block: ciphertext stealing
    mix(enc, len - 5);
    xts_aes128_set_decrypt_key(&xts, key);
    xts_aes128_decrypt_message(&xts, iv, len - 5, dec, enc);
    prog_check("xts", memcmp(dec, data, len - 5) == 0);
    struct aes128_ctx kek;
    uint8_t wrapped[40], unwrapped[32];
    aes128_set_encrypt_key(&kek, key);
    nist_keywrap16(&kek, (nettle_cipher_func *)aes128_encrypt, iv, 40, wrapped, key + 32);
    mix(wrapped, 40);
    aes128_set_decrypt_key(&kek, key);
    prog_check("keywrap", nist_keyunwrap16(&kek, (nettle_cipher_func *)aes128_decrypt, iv, 32, unwrapped, wrapped) && memcmp(unwrapped, key + 32, 32) == 0);

    // SHAKE-256's long output, PBKDF2 and HKDF
    struct sha3_256_ctx shake;
    sha3_256_init(&shake);
    sha3_256_update(&shake, len, data);
    sha3_256_shake(&shake, 1000, enc);
    mix(enc, 1000);
    uint8_t dk[64];
    pbkdf2_hmac_sha256(16, key, (unsigned)(100 * n), 16, iv, 64, dk);
    mix(dk, 64);
    hex8("pbkdf2-sha256", dk);
    struct hmac_sha256_ctx hm;
    uint8_t prk[SHA256_DIGEST_SIZE];
    hmac_sha256_set_key(&hm, 16, iv);
    hkdf_extract(&hm, (nettle_hash_update_func *)hmac_sha256_update, (nettle_hash_digest_func *)hmac_sha256_digest,
        SHA256_DIGEST_SIZE, 32, key, prk);
    hmac_sha256_set_key(&hm, SHA256_DIGEST_SIZE, prk);
    hkdf_expand(&hm, (nettle_hash_update_func *)hmac_sha256_update, (nettle_hash_digest_func *)hmac_sha256_digest,
        SHA256_DIGEST_SIZE, 10, (const uint8_t *)"mpwasm-30", 200, enc);
    mix(enc, 200);

    // generators: Yarrow-256 seeded, then reseeded by two sources; Knuth's lagged Fibonacci
    struct yarrow256_ctx yarrow;
    struct yarrow_source sources[2];
    yarrow256_init(&yarrow, 2, sources);
    yarrow256_seed(&yarrow, 32, key);
    for (int i = 0; i < 40; i++) {
        yarrow256_update(&yarrow, i & 1, 64, 16, data + 16 * i);
        yarrow256_random(&yarrow, 64, enc + 64 * (i % 8));
    }
    mix(enc, 512);
    hex8("yarrow256", enc);
    struct knuth_lfib_ctx lfib;
    knuth_lfib_init(&lfib, 4711);
    knuth_lfib_random(&lfib, len, enc);
    mix(enc, len);
    printf("lfib %u\n", (unsigned)knuth_lfib_get(&lfib));

    free(data);
    free(enc);
    free(dec);
    free(ctx);
    free(ctx2);
    return prog_end(h);
}
