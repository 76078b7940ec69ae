// SPDX-License-Identifier: MIT
// libdeflate (Debian's libdeflate source package, lib/ unchanged; natively its
// own x86 paths stay on: runtime-selected SSE2/AVX2/PCLMUL/BMI2 code for the
// checksums, the match finder's tables and the decompressor): three inputs
// (log-like text, a binary table with repeats, a noisy 8-bit waveform)
// compressed at levels 0, 1, 4, 6, 9 and 12 (the greedy, lazy and near-optimal
// parsers) as raw DEFLATE, zlib or gzip (in turn); every stream decompressed again
// (compared; the _ex forms must say how much input they read) and, once per
// level, into half the room it needs, cut short and with a flipped bit, each
// of which must fail. Also CRC-32 and Adler-32 of odd lengths and offsets.
//   libdeflate_bench N      (N rounds over inputs of 32 KiB)
#include "libdeflate.h"
#include "prog_common.h"

static uint32_t h = PROG_FNV_INIT;
static int failures;

static void check(const char *what, int level, int ok) {
    if (!ok) {
        printf("%s level %d FAILED\n", what, level);
        failures++;
    }
}

static void make_inputs(uint8_t *in[3], size_t len, uint32_t seed) {
    prog_text(in[0], len, seed);
    prog_rng r = { seed * 2654435761u + 1 };
    for (size_t i = 0; i < len; i += 16) { // records: a counter, a few fields, a repeated tag
        uint32_t x = prog_rand(&r);
        for (size_t k = 0; k < 16 && i + k < len; k++) {
            in[1][i + k] = k < 4 ? (uint8_t)((i / 16) >> (8 * k)) : k < 8 ? (uint8_t)(x >> (x & 7)) : "TAGDATA!"[k & 7];
        }
    }
    int32_t v = 0, d = 3;
    for (size_t i = 0; i < len; i++) { // a slow triangle wave with noise
        v += d;
        if (v > 100 || v < -100) {
            d = -d;
        }
        in[2][i] = (uint8_t)(128 + v + (int32_t)(prog_rand(&r) % 7) - 3);
    }
}

int main(int argc, char **argv) {
    long rounds = prog_size(argc, argv, 8);
    enum { LEN = 32 * 1024 };
    static const int levels[] = { 0, 1, 4, 6, 9, 12 };
    static const char *const kinds[] = { "deflate", "zlib", "gzip" };
    uint8_t *in[3], *back = malloc(LEN + 64);
    for (int i = 0; i < 3; i++) {
        in[i] = malloc(LEN);
    }
    struct libdeflate_decompressor *dec = libdeflate_alloc_decompressor();
    printf("libdeflate %s, %ld rounds of 3 x %d bytes\n", LIBDEFLATE_VERSION_STRING, rounds, LEN);
    for (long r = 0; r < rounds; r++) {
        make_inputs(in, LEN, (uint32_t)r + 1);
        for (size_t l = 0; l < sizeof(levels) / sizeof(levels[0]); l++) {
            int level = levels[l];
            struct libdeflate_compressor *c = libdeflate_alloc_compressor(level);
            if (c == NULL) { // levels 10-12 take one 9 MB block on wasm32: more than a small board has
                printf("level %d: no memory for the compressor\n", level);
                failures++;
                break;
            }
            size_t bound = libdeflate_gzip_compress_bound(c, LEN);
            uint8_t *out = malloc(bound);
            size_t sizes[3];
            for (int i = 0; i < 3; i++) {
                int k = (int)(l + (size_t)i) % 3; // each input in one format per level, in turn
                size_t n = k == 0 ? libdeflate_deflate_compress(c, in[i], LEN, out, bound)
                    : k == 1      ? libdeflate_zlib_compress(c, in[i], LEN, out, bound)
                                  : libdeflate_gzip_compress(c, in[i], LEN, out, bound);
                sizes[i] = n;
                h = prog_fnv(h, out, n);
                size_t got = 0, used = 0;
                enum libdeflate_result res = k == 0
                    ? libdeflate_deflate_decompress_ex(dec, out, n, back, LEN, &used, &got)
                    : k == 1 ? libdeflate_zlib_decompress_ex(dec, out, n, back, LEN, &used, &got)
                             : libdeflate_gzip_decompress_ex(dec, out, n, back, LEN, &used, &got);
                check(kinds[k], level, n > 0 && res == LIBDEFLATE_SUCCESS && got == LEN && used == n &&
                    memcmp(back, in[i], LEN) == 0);
                if (k == 2) { // too little room, damaged: cut short, then one bit flipped
                    res = libdeflate_gzip_decompress(dec, out, n, back, LEN / 2, &got);
                    check("gzip into half the room", level, res == LIBDEFLATE_INSUFFICIENT_SPACE);
                    res = libdeflate_gzip_decompress(dec, out, n / 2, back, LEN, &got);
                    check("gzip cut short", level, res != LIBDEFLATE_SUCCESS);
                    out[n / 3] ^= 0x10;
                    res = libdeflate_gzip_decompress(dec, out, n, back, LEN, &got);
                    check("gzip bit flip", level, res != LIBDEFLATE_SUCCESS);
                    h = prog_fnv(h, &res, sizeof(res));
                    res = libdeflate_deflate_decompress(dec, out, 0, back, 1, &got); // no input at all
                    check("empty input", level, res == LIBDEFLATE_BAD_DATA);
                }
            }
            if (r == 0) {
                printf("level %2d: text %5u (%s)  table %5u (%s)  wave %5u (%s)\n", level, (unsigned)sizes[0],
                    kinds[l % 3], (unsigned)sizes[1], kinds[(l + 1) % 3], (unsigned)sizes[2], kinds[(l + 2) % 3]);
            }
            free(out);
            libdeflate_free_compressor(c);
        }
        uint32_t crc = 0, adler = 1;
        for (size_t len = 0; len < 2000; len += 7) {
            crc = libdeflate_crc32(crc, in[(len / 7) % 3] + (len & 15), len);
            adler = libdeflate_adler32(adler, in[(len / 7) % 3] + (len & 15), len);
        }
        h = prog_fnv(h, &crc, 4), h = prog_fnv(h, &adler, 4);
        if (r == 0) {
            printf("crc32 %08x adler32 %08x\n", (unsigned)crc, (unsigned)adler);
        }
    }
    libdeflate_free_decompressor(dec);
    printf("%s\nchecksum=0x%08x\n", failures ? "some checks FAILED" : "every stream decoded as compressed", (unsigned)h);
    return failures != 0;
}
