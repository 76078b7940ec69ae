// SPDX-License-Identifier: MIT
// BearSSL 0.6 (Debian's bearssl source package, unchanged): a constant-time
// cryptography library for small systems. This driver names the portable
// 32-bit implementations itself (the ones a Cortex-M build would pick), so the
// native build runs the same C as the wasm one and never the x86 AES-NI,
// PCLMUL or SSE2 code the library's defaults would choose: SHA-1, SHA-256,
// SHA-512 and HMAC; HMAC_DRBG and HKDF; AES-CTR, AES-GCM (GHASH by 32-bit
// multiplications) and ChaCha20-Poly1305; RSA key generation (Miller-Rabin on
// "i31" big integers), PKCS#1 signatures and OAEP; ECDSA on P-256 (RFC 6979
// nonces) and X25519. Every random number is HMAC_DRBG's from a fixed seed.
//   bearssl_bench N      (N rounds)
#include "prog_common.h"

#include "bearssl.h"

static uint32_t hash_bytes(uint32_t h, const void *p, size_t n) {
    return prog_fnv(h, p, n);
}

// Hashes and MACs over `len` bytes of text.
static uint32_t round_hashes(uint32_t h, const uint8_t *data, size_t len) {
    unsigned char out[64];
    br_sha1_context s1;
    br_sha1_init(&s1);
    br_sha1_update(&s1, data, len);
    br_sha1_out(&s1, out);
    h = hash_bytes(h, out, br_sha1_SIZE);

    br_sha256_context s2;
    br_sha256_init(&s2);
    br_sha256_update(&s2, data, len);
    br_sha256_out(&s2, out);
    h = hash_bytes(h, out, br_sha256_SIZE);

    br_sha512_context s5;
    br_sha512_init(&s5);
    br_sha512_update(&s5, data, len);
    br_sha512_out(&s5, out);
    h = hash_bytes(h, out, br_sha512_SIZE);

    br_hmac_key_context kc;
    br_hmac_key_init(&kc, &br_sha256_vtable, "a key for hmac", 14);
    for (size_t off = 0; off + 256 <= len; off += 256) {
        br_hmac_context hc;
        br_hmac_init(&hc, &kc, 0);
        br_hmac_update(&hc, data + off, 256);
        br_hmac_out(&hc, out);
        h = hash_bytes(h, out, 32);
    }

    br_hkdf_context hk;
    br_hkdf_init(&hk, &br_sha512_vtable, "salt", 4);
    br_hkdf_inject(&hk, data, len < 512 ? len : 512);
    br_hkdf_flip(&hk);
    unsigned char okm[200];
    br_hkdf_produce(&hk, "info", 4, okm, sizeof(okm));
    return hash_bytes(h, okm, sizeof(okm));
}

// Ciphers: AES-128-CTR, AES-256-GCM and ChaCha20-Poly1305 encrypt a buffer and decrypt it back.
static uint32_t round_ciphers(uint32_t h, uint8_t *buf, const uint8_t *plain, size_t len, uint32_t seed) {
    unsigned char key[32], iv[12], tag[16], tag2[16];
    prog_rng r = { seed };
    for (int i = 0; i < 32; i++) {
        key[i] = (unsigned char)prog_rand(&r);
    }
    for (int i = 0; i < 12; i++) {
        iv[i] = (unsigned char)prog_rand(&r);
    }

    br_aes_ct_ctr_keys ctr;
    br_aes_ct_ctr_init(&ctr, key, 16);
    memcpy(buf, plain, len);
    br_aes_ct_ctr_run(&ctr, iv, 1, buf, len);
    h = hash_bytes(h, buf, len);
    br_aes_ct_ctr_run(&ctr, iv, 1, buf, len);
    if (memcmp(buf, plain, len) != 0) {
        printf("aes-ctr: decryption differs\n");
        exit(1);
    }

    br_aes_ct_ctr_keys gctr;
    br_aes_ct_ctr_init(&gctr, key, 32);
    br_gcm_context gc;
    br_gcm_init(&gc, &gctr.vtable, br_ghash_ctmul32);
    br_gcm_reset(&gc, iv, sizeof(iv));
    br_gcm_aad_inject(&gc, "header", 6);
    br_gcm_flip(&gc);
    br_gcm_run(&gc, 1, buf, len);
    br_gcm_get_tag(&gc, tag);
    h = hash_bytes(h, buf, len);
    h = hash_bytes(h, tag, sizeof(tag));
    br_gcm_reset(&gc, iv, sizeof(iv));
    br_gcm_aad_inject(&gc, "header", 6);
    br_gcm_flip(&gc);
    br_gcm_run(&gc, 0, buf, len);
    if (!br_gcm_check_tag(&gc, tag) || memcmp(buf, plain, len) != 0) {
        printf("aes-gcm: decryption or tag differs\n");
        exit(1);
    }

    br_poly1305_ctmul_run(key, iv, buf, len, "aad", 3, tag, br_chacha20_ct_run, 1);
    h = hash_bytes(h, buf, len);
    h = hash_bytes(h, tag, sizeof(tag));
    br_poly1305_ctmul_run(key, iv, buf, len, "aad", 3, tag2, br_chacha20_ct_run, 0);
    if (memcmp(tag, tag2, sizeof(tag)) != 0 || memcmp(buf, plain, len) != 0) {
        printf("chacha20-poly1305: decryption or tag differs\n");
        exit(1);
    }
    return h;
}

// RSA: a key pair of `bits` from the DRBG, a PKCS#1 v1.5 signature verified, an OAEP round trip.
static uint32_t round_rsa(uint32_t h, br_hmac_drbg_context *rng, unsigned bits, const uint8_t *msg) {
    static unsigned char kpriv[BR_RSA_KBUF_PRIV_SIZE(2048)], kpub[BR_RSA_KBUF_PUB_SIZE(2048)];
    br_rsa_private_key sk;
    br_rsa_public_key pk;
    if (!br_rsa_i31_keygen(&rng->vtable, &sk, kpriv, &pk, kpub, bits, 65537)) {
        printf("rsa: keygen failed\n");
        exit(1);
    }
    h = hash_bytes(h, pk.n, pk.nlen);
    h = hash_bytes(h, sk.p, sk.plen);

    unsigned char hv[32], sig[256], back[32];
    br_sha256_context s;
    br_sha256_init(&s);
    br_sha256_update(&s, msg, 100);
    br_sha256_out(&s, hv);
    if (!br_rsa_i31_pkcs1_sign(BR_HASH_OID_SHA256, hv, sizeof(hv), &sk, sig)) {
        printf("rsa: sign failed\n");
        exit(1);
    }
    h = hash_bytes(h, sig, pk.nlen);
    if (!br_rsa_i31_pkcs1_vrfy(sig, pk.nlen, BR_HASH_OID_SHA256, sizeof(back), &pk, back) || memcmp(back, hv, sizeof(hv)) != 0) {
        printf("rsa: verify failed\n");
        exit(1);
    }

    unsigned char ct[256];
    size_t clen = br_rsa_i31_oaep_encrypt(&rng->vtable, &br_sha256_vtable, "label", 5, &pk, ct, sizeof(ct), msg, 40);
    if (clen == 0) {
        printf("rsa: oaep encrypt failed\n");
        exit(1);
    }
    h = hash_bytes(h, ct, clen);
    size_t plen = clen;
    if (!br_rsa_i31_oaep_decrypt(&br_sha256_vtable, "label", 5, &sk, ct, &plen) || plen != 40 || memcmp(ct, msg, 40) != 0) {
        printf("rsa: oaep decrypt failed\n");
        exit(1);
    }
    return h;
}

// Elliptic curves: a P-256 key pair, ECDSA signatures verified, an ECDH agreement; X25519 both ways.
static uint32_t round_ec(uint32_t h, br_hmac_drbg_context *rng, const uint8_t *msg, int sigs) {
    const br_ec_impl *ec = &br_ec_p256_m31;
    unsigned char ka[BR_EC_KBUF_PRIV_MAX_SIZE], kb[BR_EC_KBUF_PRIV_MAX_SIZE];
    unsigned char pa[BR_EC_KBUF_PUB_MAX_SIZE], pb[BR_EC_KBUF_PUB_MAX_SIZE];
    br_ec_private_key ska, skb;
    br_ec_public_key pka, pkb;
    if (!br_ec_keygen(&rng->vtable, ec, &ska, ka, BR_EC_secp256r1) || !br_ec_keygen(&rng->vtable, ec, &skb, kb, BR_EC_secp256r1) || !br_ec_compute_pub(ec, &pka, pa, &ska) || !br_ec_compute_pub(ec, &pkb, pb, &skb)) {
        printf("p256: keygen failed\n");
        exit(1);
    }
    h = hash_bytes(h, pka.q, pka.qlen);
    for (int i = 0; i < sigs; i++) {
        unsigned char hv[32], sig[80];
        br_sha256_context s;
        br_sha256_init(&s);
        br_sha256_update(&s, msg + i, 64);
        br_sha256_out(&s, hv);
        size_t slen = br_ecdsa_i31_sign_raw(ec, &br_sha256_vtable, hv, &ska, sig);
        if (slen == 0 || !br_ecdsa_i31_vrfy_raw(ec, hv, sizeof(hv), &pka, sig, slen)) {
            printf("p256: ecdsa failed\n");
            exit(1);
        }
        h = hash_bytes(h, sig, slen);
    }
    // ECDH: each side multiplies the other's point by its own scalar; the X coordinates agree
    unsigned char xa[65], xb[65];
    memcpy(xa, pkb.q, pkb.qlen);
    memcpy(xb, pka.q, pka.qlen);
    if (!ec->mul(xa, pkb.qlen, ska.x, ska.xlen, BR_EC_secp256r1) || !ec->mul(xb, pka.qlen, skb.x, skb.xlen, BR_EC_secp256r1) || memcmp(xa, xb, 65) != 0) {
        printf("p256: ecdh differs\n");
        exit(1);
    }
    h = hash_bytes(h, xa + 1, 32);

    const br_ec_impl *x25519 = &br_ec_c25519_m31;
    unsigned char sa[32], sb[32], qa[32], qb[32];
    br_hmac_drbg_generate(rng, sa, 32);
    br_hmac_drbg_generate(rng, sb, 32);
    size_t glen;
    const unsigned char *g = x25519->generator(BR_EC_curve25519, &glen);
    memcpy(qa, g, 32);
    memcpy(qb, g, 32);
    x25519->mul(qa, 32, sa, 32, BR_EC_curve25519);
    x25519->mul(qb, 32, sb, 32, BR_EC_curve25519);
    x25519->mul(qa, 32, sb, 32, BR_EC_curve25519);
    x25519->mul(qb, 32, sa, 32, BR_EC_curve25519);
    if (memcmp(qa, qb, 32) != 0) {
        printf("x25519: shared secrets differ\n");
        exit(1);
    }
    return hash_bytes(h, qa, 32);
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    printf("bearssl_bench: BearSSL 0.6 (portable i31/m31/ct implementations), %ld rounds\n", n);
    size_t len = 16384;
    uint8_t *text = (uint8_t *)malloc(len);
    uint8_t *buf = (uint8_t *)malloc(len);
    br_hmac_drbg_context rng;
    br_hmac_drbg_init(&rng, &br_sha256_vtable, "bearssl_bench seed", 18);
    uint32_t total = PROG_FNV_INIT;
    for (long i = 0; i < n; i++) {
        prog_text(text, len, 0x5eed0000u + (uint32_t)i);
        uint32_t hh = round_hashes(PROG_FNV_INIT, text, len);
        uint32_t hc = round_ciphers(PROG_FNV_INIT, buf, text, len, 0xc0de0000u + (uint32_t)i);
        uint32_t hr = round_rsa(PROG_FNV_INIT, &rng, i % 4 == 3 ? 1536 : 1024, text);
        uint32_t he = round_ec(PROG_FNV_INIT, &rng, text, 4);
        printf("round %ld: hashes %08x ciphers %08x rsa %08x ec %08x\n", i, (unsigned)hh, (unsigned)hc,
            (unsigned)hr, (unsigned)he);
        total = prog_fnv(total, &hh, 4);
        total = prog_fnv(total, &hc, 4);
        total = prog_fnv(total, &hr, 4);
        total = prog_fnv(total, &he, 4);
    }
    free(text);
    free(buf);
    printf("checksum=0x%08x\n", (unsigned)total);
    return 0;
}
