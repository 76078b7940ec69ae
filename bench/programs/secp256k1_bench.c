// SPDX-License-Identifier: MIT
// libsecp256k1 (Debian's libsecp256k1 source package, src/secp256k1.c and the
// two precomputed tables unchanged; its ECDH, recovery, extrakeys and
// schnorrsig modules): N rounds of key derivation, ECDSA sign (RFC 6979),
// DER round trip, verify, low-S normalizing, recoverable signatures,
// public-key tweaks and sums, BIP-340 Schnorr sign/verify with x-only keys,
// and ECDH; a tampered message must fail to verify. The field and scalar
// arithmetic is the 5x52 / 4x64 code over the library's own 128-bit struct
// (USE_FORCE_WIDEMUL_INT128_STRUCT, the same C on both builds): 64x64-bit
// products made of 64-bit multiplies, the heavy 64-bit math of an ECC library.
//   secp256k1_bench N
#include "secp256k1.h"
#include "secp256k1_ecdh.h"
#include "secp256k1_extrakeys.h"
#include "secp256k1_recovery.h"
#include "secp256k1_schnorrsig.h"
#include "prog_common.h"

static uint32_t h = PROG_FNV_INIT;

static void mix(const unsigned char *p, size_t n) {
    h = prog_fnv(h, p, n);
}

static void must(const char *what, int ok) {
    prog_check(what, ok);
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 16);
    secp256k1_context *ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    unsigned char seed[32];
    for (int i = 0; i < 32; i++) {
        seed[i] = (unsigned char)(i * 7 + 1);
    }
    must("randomize", secp256k1_context_randomize(ctx, seed));
    unsigned char sk[32], sk2[32], msg[32], out[80], aux[32];
    secp256k1_tagged_sha256(ctx, sk, (const unsigned char *)"mpwasm", 6, seed, 32);
    int ok_verify = 0, ok_schnorr = 0;
    for (long r = 0; r < n; r++) {
        // the next secret key and message: hashes of the last ones
        secp256k1_tagged_sha256(ctx, sk, (const unsigned char *)"key", 3, sk, 32);
        secp256k1_tagged_sha256(ctx, msg, (const unsigned char *)"msg", 3, sk, 32);
        secp256k1_tagged_sha256(ctx, sk2, (const unsigned char *)"peer", 4, msg, 32);
        if (!secp256k1_ec_seckey_verify(ctx, sk) || !secp256k1_ec_seckey_verify(ctx, sk2)) {
            printf("round %ld: key out of range\n", r);
            continue;
        }
        secp256k1_pubkey pk, pk2, back, sum;
        must("pubkey", secp256k1_ec_pubkey_create(ctx, &pk, sk));
        must("pubkey2", secp256k1_ec_pubkey_create(ctx, &pk2, sk2));
        size_t len = 65;
        secp256k1_ec_pubkey_serialize(ctx, out, &len, &pk, SECP256K1_EC_UNCOMPRESSED);
        mix(out, len);
        must("parse", secp256k1_ec_pubkey_parse(ctx, &back, out, len) && secp256k1_ec_pubkey_cmp(ctx, &pk, &back) == 0);
        len = 33;
        secp256k1_ec_pubkey_serialize(ctx, out, &len, &pk2, SECP256K1_EC_COMPRESSED);
        mix(out, len);

        // ECDSA: sign, DER and compact round trips, verify, a tampered message
        secp256k1_ecdsa_signature sig, sig2;
        must("sign", secp256k1_ecdsa_sign(ctx, &sig, msg, sk, NULL, NULL));
        len = 72;
        must("der", secp256k1_ecdsa_signature_serialize_der(ctx, out, &len, &sig));
        mix(out, len);
        must("der parse", secp256k1_ecdsa_signature_parse_der(ctx, &sig2, out, len));
        secp256k1_ecdsa_signature_serialize_compact(ctx, out, &sig2);
        mix(out, 64);
        must("normalized", !secp256k1_ecdsa_signature_normalize(ctx, &sig2, &sig2));
        int v = secp256k1_ecdsa_verify(ctx, &sig2, msg, &pk);
        msg[r % 32] ^= 1;
        int bad = secp256k1_ecdsa_verify(ctx, &sig2, msg, &pk);
        msg[r % 32] ^= 1;
        must("verify", v && !bad);
        ok_verify += v && !bad;

        // recoverable signature: the public key back from it
        secp256k1_ecdsa_recoverable_signature rsig;
        int recid;
        must("sign recoverable", secp256k1_ecdsa_sign_recoverable(ctx, &rsig, msg, sk, NULL, NULL));
        secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, out, &recid, &rsig);
        out[64] = (unsigned char)recid;
        mix(out, 65);
        must("recover", secp256k1_ecdsa_recover(ctx, &back, &rsig, msg) && secp256k1_ec_pubkey_cmp(ctx, &pk, &back) == 0);

        // tweaks and a sum of public keys equal the same on the secret side
        unsigned char t[32];
        memcpy(t, sk, 32);
        must("tweak add", secp256k1_ec_seckey_tweak_add(ctx, t, msg));
        must("tweak mul", secp256k1_ec_seckey_tweak_mul(ctx, t, sk2));
        back = pk;
        must("pub tweak add", secp256k1_ec_pubkey_tweak_add(ctx, &back, msg));
        must("pub tweak mul", secp256k1_ec_pubkey_tweak_mul(ctx, &back, sk2));
        must("pub of tweaked", secp256k1_ec_pubkey_create(ctx, &sum, t) && secp256k1_ec_pubkey_cmp(ctx, &sum, &back) == 0);
        const secp256k1_pubkey *both[2] = { &pk, &pk2 };
        must("combine", secp256k1_ec_pubkey_combine(ctx, &sum, both, 2));
        len = 33;
        secp256k1_ec_pubkey_serialize(ctx, out, &len, &sum, SECP256K1_EC_COMPRESSED);
        mix(out, len);

        // BIP-340 Schnorr with x-only keys
        secp256k1_keypair kp;
        secp256k1_xonly_pubkey xpk;
        int parity;
        must("keypair", secp256k1_keypair_create(ctx, &kp, sk));
        must("xonly", secp256k1_keypair_xonly_pub(ctx, &xpk, &parity, &kp));
        for (int i = 0; i < 32; i++) {
            aux[i] = (unsigned char)(msg[i] ^ sk2[i]);
        }
        must("schnorr sign", secp256k1_schnorrsig_sign32(ctx, out, msg, &kp, aux));
        mix(out, 64);
        v = secp256k1_schnorrsig_verify(ctx, out, msg, 32, &xpk);
        out[r % 64] ^= 0x80;
        bad = secp256k1_schnorrsig_verify(ctx, out, msg, 32, &xpk);
        must("schnorr verify", v && !bad);
        ok_schnorr += v && !bad;

        // ECDH both ways gives one secret
        unsigned char s1[32], s2[32];
        must("ecdh", secp256k1_ecdh(ctx, s1, &pk2, sk, NULL, NULL) && secp256k1_ecdh(ctx, s2, &pk, sk2, NULL, NULL));
        must("ecdh same", memcmp(s1, s2, 32) == 0);
        mix(s1, 32);
        if (r < 2) {
            printf("round %ld: shared ", r);
            for (int i = 0; i < 8; i++) {
                printf("%02x", s1[i]);
            }
            printf("..., parity %d\n", parity);
        }
    }
    secp256k1_context_destroy(ctx);
    printf("rounds %ld: ecdsa verified %d, schnorr verified %d\n", n, ok_verify, ok_schnorr);
    printf("%s\n", prog_failures ? "some checks FAILED" : "all checks ok");
    printf("checksum=0x%08x\n", (unsigned)h);
    return prog_failures != 0;
}
