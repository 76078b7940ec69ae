// SPDX-License-Identifier: MIT
// libsodium (Debian's libsodium source package, src/libsodium unchanged, the
// portable C implementations): the randomness is the driver's own fixed
// sequence (randombytes_set_implementation), then, N rounds: BLAKE2b, SHA-256
// and SHA-512 digests of 4 KiB, XSalsa20-Poly1305 secretbox, XChaCha20- and
// ChaCha20-Poly1305 AEAD, a secretstream of 4 messages, X25519 box and sealed
// box, Ed25519 signatures, key exchange, KDF, SipHash, Ristretto255 and
// Ed25519 point arithmetic, every ciphertext opened again and every signature
// verified (a flipped bit must fail); once: Argon2id and Argon2i (256 KiB),
// scrypt (N=1024), base64 and hex codecs.
//   sodium_bench N
#include "sodium.h"
#include "prog_common.h"

static prog_rng rng = { 20190531 };

static const char *fixed_name(void) {
    return "fixed";
}
static uint32_t fixed_random(void) {
    return prog_rand(&rng);
}
static void fixed_buf(void *const buf, const size_t size) {
    for (size_t i = 0; i < size; i++) {
        ((unsigned char *)buf)[i] = (unsigned char)(prog_rand(&rng) >> 11);
    }
}
static randombytes_implementation fixed = { fixed_name, fixed_random, NULL, NULL, fixed_buf, NULL };

static uint32_t h = PROG_FNV_INIT;

static void mix(const char *what, const void *p, size_t n, int print) {
    h = prog_fnv(h, p, n);
    if (print) {
        char hex[33];
        sodium_bin2hex(hex, sizeof(hex), p, n < 16 ? n : 16);
        printf("%-22s %s\n", what, hex);
    }
}

int main(int argc, char **argv) {
    long rounds = prog_size(argc, argv, 8);
    randombytes_set_implementation(&fixed);
    if (sodium_init() < 0) {
        printf("sodium_init FAILED\n");
        return 1;
    }
    printf("libsodium %s (%s randomness), %ld rounds\n", sodium_version_string(), randombytes_implementation_name(),
        rounds);
    enum { LEN = 4096 };
    unsigned char *msg = malloc(LEN), *ct = malloc(LEN + 64), *back = malloc(LEN + 64);
    prog_text(msg, LEN, 7);
    for (long r = 0; r < rounds; r++) {
        int p = r == 0;
        msg[r % LEN] ^= (unsigned char)r;
        unsigned char d[64], key[32], nonce[24];
        crypto_generichash(d, 64, msg, LEN, NULL, 0);
        mix("blake2b", d, 64, p);
        crypto_hash_sha256(d, msg, LEN);
        mix("sha256", d, 32, p);
        crypto_hash_sha512(d, msg, LEN);
        mix("sha512", d, 64, p);
        crypto_auth_hmacsha512256(d, msg, LEN, d + 32);
        mix("hmac-sha512/256", d, 32, p);

        crypto_secretbox_keygen(key);
        randombytes_buf(nonce, sizeof(nonce));
        crypto_secretbox_easy(ct, msg, LEN, nonce, key);
        mix("secretbox", ct, LEN + crypto_secretbox_MACBYTES, p);
        prog_check("secretbox open", crypto_secretbox_open_easy(back, ct, LEN + 16, nonce, key) == 0 &&
            memcmp(back, msg, LEN) == 0);
        ct[r % LEN] ^= 1;
        prog_check("secretbox forgery", crypto_secretbox_open_easy(back, ct, LEN + 16, nonce, key) != 0);

        unsigned long long clen, mlen;
        static const unsigned char ad[] = "header";
        crypto_aead_xchacha20poly1305_ietf_encrypt(ct, &clen, msg, LEN, ad, 6, NULL, nonce, key);
        mix("xchacha20poly1305", ct, (size_t)clen, p);
        prog_check("xchacha open", crypto_aead_xchacha20poly1305_ietf_decrypt(back, &mlen, NULL, ct, clen, ad, 6, nonce,
            key) == 0 && mlen == LEN && memcmp(back, msg, LEN) == 0);
        crypto_aead_chacha20poly1305_ietf_encrypt(ct, &clen, msg, 1000, ad, 6, NULL, nonce, key);
        mix("chacha20poly1305", ct, (size_t)clen, p);
        prog_check("chacha open", crypto_aead_chacha20poly1305_ietf_decrypt(back, &mlen, NULL, ct, clen, ad, 6, nonce,
            key) == 0 && memcmp(back, msg, 1000) == 0);

        crypto_secretstream_xchacha20poly1305_state st;
        unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
        crypto_secretstream_xchacha20poly1305_init_push(&st, header, key);
        unsigned char *c = ct;
        for (int k = 0; k < 4; k++) {
            unsigned char tag = k == 3 ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0;
            crypto_secretstream_xchacha20poly1305_push(&st, c, NULL, msg + k * 500, 500, NULL, 0, tag);
            c += 500 + crypto_secretstream_xchacha20poly1305_ABYTES;
        }
        mix("secretstream", ct, (size_t)(c - ct), p);
        crypto_secretstream_xchacha20poly1305_init_pull(&st, header, key);
        int ok = 1;
        c = ct;
        for (int k = 0; k < 4; k++) {
            unsigned char tag;
            ok &= crypto_secretstream_xchacha20poly1305_pull(&st, back, NULL, &tag, c, 517, NULL, 0) == 0;
            ok &= memcmp(back, msg + k * 500, 500) == 0 && (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) ==
                (k == 3);
            c += 517;
        }
        prog_check("secretstream pull", ok);

        unsigned char apk[32], ask[32], bpk[32], bsk[32], seed[32];
        randombytes_buf(seed, 32);
        crypto_box_seed_keypair(apk, ask, seed);
        crypto_box_keypair(bpk, bsk);
        mix("x25519 public", apk, 32, p);
        crypto_box_easy(ct, msg, 600, nonce, bpk, ask);
        mix("box", ct, 600 + crypto_box_MACBYTES, p);
        prog_check("box open",
            crypto_box_open_easy(back, ct, 600 + 16, nonce, apk, bsk) == 0 && memcmp(back, msg, 600) == 0);
        crypto_box_seal(ct, msg, 100, bpk);
        prog_check("sealed box", crypto_box_seal_open(back, ct, 100 + crypto_box_SEALBYTES, bpk, bsk) == 0 &&
            memcmp(back, msg, 100) == 0);

        unsigned char spk[32], ssk[64], sig[64];
        crypto_sign_seed_keypair(spk, ssk, seed);
        crypto_sign_detached(sig, NULL, msg, 1000 + (size_t)r, ssk);
        mix("ed25519 signature", sig, 64, p);
        prog_check("ed25519 verify", crypto_sign_verify_detached(sig, msg, 1000 + (size_t)r, spk) == 0);
        sig[r % 64] ^= 4;
        prog_check("ed25519 forgery", crypto_sign_verify_detached(sig, msg, 1000 + (size_t)r, spk) != 0);

        unsigned char crx[32], ctx[32], srx[32], stx[32];
        prog_check("kx", crypto_kx_client_session_keys(crx, ctx, apk, ask, bpk) == 0 &&
            crypto_kx_server_session_keys(srx, stx, bpk, bsk, apk) == 0 && memcmp(crx, stx, 32) == 0);
        mix("kx", crx, 32, p);
        crypto_kdf_derive_from_key(d, 32, (uint64_t)r, "mpwasm__", key);
        mix("kdf", d, 32, p);
        unsigned char sh[8], shk[16] = { 1, 2, 3 };
        crypto_shorthash(sh, msg, 64 + (size_t)r, shk);
        mix("siphash", sh, 8, p);

        unsigned char rs[32], rp[32], rq[32];
        crypto_core_ristretto255_scalar_random(rs);
        crypto_core_ristretto255_from_hash(rp, d);
        prog_check("ristretto255 mult", crypto_scalarmult_ristretto255(rq, rs, rp) == 0);
        mix("ristretto255", rq, 32, p);
        unsigned char ep[32], eq[32];
        crypto_core_ed25519_from_uniform(ep, d + 32);
        crypto_core_ed25519_add(eq, ep, spk);
        prog_check("ed25519 point", crypto_core_ed25519_is_valid_point(eq) == 1);
        mix("ed25519 add", eq, 32, p);
    }

    unsigned char pw[32];
    static const char pass[] = "correct horse battery staple";
    unsigned char salt[16] = "mpwasm salt 1234";
    prog_check("argon2id",
        crypto_pwhash(pw, 32, pass, sizeof(pass) - 1, salt, 2, 256 * 1024, crypto_pwhash_ALG_ARGON2ID13) == 0);
    mix("argon2id", pw, 32, 1);
    prog_check("argon2i",
        crypto_pwhash(pw, 32, pass, sizeof(pass) - 1, salt, 3, 256 * 1024, crypto_pwhash_ALG_ARGON2I13) == 0);
    mix("argon2i", pw, 32, 1);
    char str[crypto_pwhash_STRBYTES];
    prog_check("argon2 str", crypto_pwhash_str(str, pass, sizeof(pass) - 1, 2, 128 * 1024) == 0 &&
        crypto_pwhash_str_verify(str, pass, sizeof(pass) - 1) == 0);
    prog_check("scrypt", crypto_pwhash_scryptsalsa208sha256_ll((const uint8_t *)pass, sizeof(pass) - 1, salt, 16, 1024,
        8, 1, pw, 32) == 0);
    mix("scrypt", pw, 32, 1);
    char b64[sodium_base64_ENCODED_LEN(64, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(b64, sizeof(b64), msg, 64, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    unsigned char raw[64];
    size_t rawlen;
    prog_check("base64", sodium_base642bin(raw, 64, b64, strlen(b64), NULL, &rawlen, NULL,
        sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 && rawlen == 64 && memcmp(raw, msg, 64) == 0);
    printf("base64 %.32s\n", b64);
    printf("%s\n", prog_failures ? "checks FAILED" : "all checks ok");
    free(msg);
    free(ct);
    free(back);
    printf("checksum=0x%08x\n", (unsigned)h);
    return prog_failures != 0;
}
