// SPDX-License-Identifier: MIT
// xxHash (Debian's xxhash source package, xxhash.c/xxhash.h unchanged, the
// scalar code on both builds: XXH_VECTOR=XXH_SCALAR): XXH32, XXH64,
// XXH3_64bits and XXH3_128bits of every length 0..LEN (every code path of the
// short-input cases and the stripes/blocks of the long ones), with seeds and a
// custom secret made by XXH3_generateSecret; the streaming states fed in
// pseudo-random pieces must give the one-shot hashes, and the canonical
// (big-endian) forms must read back. N rounds over a changing buffer.
//   xxhash_bench N
#define XXH_STATIC_LINKING_ONLY
#include "xxhash.h"
#include "prog_common.h"

static uint32_t h = PROG_FNV_INIT;
static int failures;

static void mix(const void *p, size_t n) {
    h = prog_fnv(h, p, n);
}

static void check(const char *what, size_t len, int ok) {
    if (!ok) {
        printf("%s len %u FAILED\n", what, (unsigned)len);
        failures++;
    }
}

// each streaming state fed data[0..len) in pieces of pseudo-random sizes
static void streamed(prog_rng *r, const uint8_t *data, size_t len, uint64_t seed, const uint8_t *secret,
    size_t secret_len) {
    XXH32_state_t *s32 = XXH32_createState();
    XXH64_state_t *s64 = XXH64_createState();
    XXH3_state_t *s3 = XXH3_createState(), *s128 = XXH3_createState(), *sk = XXH3_createState();
    XXH32_reset(s32, (uint32_t)seed);
    XXH64_reset(s64, seed);
    XXH3_64bits_reset_withSeed(s3, seed);
    XXH3_128bits_reset_withSeed(s128, seed);
    XXH3_64bits_reset_withSecret(sk, secret, secret_len);
    for (size_t pos = 0; pos < len;) {
        size_t n = prog_rand(r) % 300;
        if (n > len - pos) {
            n = len - pos;
        }
        XXH32_update(s32, data + pos, n);
        XXH64_update(s64, data + pos, n);
        XXH3_64bits_update(s3, data + pos, n);
        XXH3_128bits_update(s128, data + pos, n);
        XXH3_64bits_update(sk, data + pos, n);
        pos += n;
    }
    XXH128_hash_t want = XXH3_128bits_withSeed(data, len, seed);
    check("xxh32 stream", len, XXH32_digest(s32) == XXH32(data, len, (uint32_t)seed));
    check("xxh64 stream", len, XXH64_digest(s64) == XXH64(data, len, seed));
    check("xxh3 stream", len, XXH3_64bits_digest(s3) == XXH3_64bits_withSeed(data, len, seed));
    check("xxh128 stream", len, XXH128_isEqual(XXH3_128bits_digest(s128), want));
    check("xxh3 secret stream", len, XXH3_64bits_digest(sk) == XXH3_64bits_withSecret(data, len, secret, secret_len));
    XXH32_freeState(s32);
    XXH64_freeState(s64);
    XXH3_freeState(s3);
    XXH3_freeState(s128);
    XXH3_freeState(sk);
}

int main(int argc, char **argv) {
    long rounds = prog_size(argc, argv, 8);
    enum { LEN = 4100, BIG = 1 << 18 };
    uint8_t *data = malloc(BIG), secret[192];
    prog_text(data, BIG, 11);
    prog_rng r = { 0x9e3779b9u };
    printf("xxhash %u, %ld rounds\n", XXH_versionNumber(), rounds);
    XXH3_generateSecret(secret, sizeof(secret), "mpwasm sweep", 12);
    mix(secret, sizeof(secret));
    for (long k = 0; k < rounds; k++) {
        data[k % LEN] ^= (uint8_t)(k * 37 + 1);
        uint64_t seed = k == 0 ? 0 : ((uint64_t)prog_rand(&r) << 32 | prog_rand(&r));
        uint32_t h32 = 0;
        uint64_t h64 = 0, h3 = 0, hk = 0;
        XXH128_hash_t h128 = { 0, 0 };
        for (size_t len = 0; len <= LEN; len++) {
            h32 ^= XXH32(data + (len & 7), len, (uint32_t)seed) + (uint32_t)len;
            h64 ^= XXH64(data + (len & 7), len, seed) * (2 * len + 1);
            h3 ^= XXH3_64bits_withSeed(data + (len & 3), len, seed) * (2 * len + 1);
            hk ^= XXH3_64bits_withSecret(data, len, secret, sizeof(secret)) + len;
            XXH128_hash_t x = XXH3_128bits_withSeed(data + (len & 1), len, seed);
            h128.low64 ^= x.low64 + len;
            h128.high64 ^= x.high64 * (2 * len + 1);
        }
        mix(&h32, 4), mix(&h64, 8), mix(&h3, 8), mix(&hk, 8), mix(&h128, 16);
        uint64_t whole64 = XXH3_64bits(data, BIG);
        XXH128_hash_t whole = XXH128(data, BIG, seed);
        mix(&whole64, 8), mix(&whole, 16);
        XXH64_canonical_t c64;
        XXH128_canonical_t c128;
        XXH64_canonicalFromHash(&c64, whole64);
        XXH128_canonicalFromHash(&c128, whole);
        mix(&c64, 8), mix(&c128, 16);
        check("canonical64", BIG, XXH64_hashFromCanonical(&c64) == whole64);
        check("canonical128", BIG, XXH128_isEqual(XXH128_hashFromCanonical(&c128), whole));
        if (k == 0) {
            printf("lengths 0..%d: xxh32 %08x xxh64 %016llx xxh3 %016llx\n", LEN, (unsigned)h32,
                (unsigned long long)h64, (unsigned long long)h3);
            printf("xxh3 secret %016llx xxh128 %016llx%016llx\n", (unsigned long long)hk,
                (unsigned long long)h128.high64, (unsigned long long)h128.low64);
            printf("256 KiB: xxh3 %016llx xxh128 %016llx%016llx\n", (unsigned long long)whole64,
                (unsigned long long)whole.high64, (unsigned long long)whole.low64);
        }
        for (size_t len = 0; len < 1200; len += 1 + prog_rand(&r) % 97) {
            streamed(&r, data, len, seed, secret, sizeof(secret));
        }
        streamed(&r, data, BIG, seed, secret, sizeof(secret));
    }
    printf("%s\nchecksum=0x%08x\n", failures ? "some checks FAILED" : "all checks ok", (unsigned)h);
    free(data);
    return failures != 0;
}
