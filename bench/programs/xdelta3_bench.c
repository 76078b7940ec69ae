// SPDX-License-Identifier: MIT
// xdelta3 3.0.11 (Debian's xdelta3 source package, xdelta3.c unchanged, built
// with Makefile.am's flags less its main (XD3_MAIN=0): no LZMA, the DJW and FGK
// secondary compressors): VCDIFF deltas by rolling-checksum string matching
// over hash tables sized by the source, then instruction optimisation and
// Huffman coding of the sections. This driver makes a text of N x 64 KiB,
// versions of it with insertions, deletions, moved blocks and changed bytes,
// encodes each against the original at levels 1, 3, 6 and 9, with DJW, FGK or
// no secondary compression, with Adler-32, and without a source (plain
// compression), decodes every delta back and checks it. Each delta's size
// and bytes are hashed.
//   xdelta3_bench N      (N x 64 KiB of source text)
#include "prog_common.h"

#include "xdelta3.h"

static uint32_t h = PROG_FNV_INIT;

// a version of src: blocks of it copied, some moved or dropped, words inserted, bytes changed
static size_t make_version(const uint8_t *src, size_t n, uint8_t *out, size_t cap, uint32_t seed) {
    prog_rng r = { seed };
    size_t o = 0, i = 0;
    while (i < n && o + 4096 < cap) {
        uint32_t x = prog_rand(&r);
        size_t len = 256 + x % 3840;
        if (len > n - i) {
            len = n - i;
        }
        switch ((x >> 16) & 7) {
            case 0: // dropped
                break;
            case 1: { // a block from elsewhere (moved)
                size_t from = prog_rand(&r) % (n - len + 1);
                memcpy(out + o, src + from, len);
                o += len;
                break;
            }
            case 2: // new text inserted, then the block
                prog_text(out + o, 200, x);
                o += 200;
                memcpy(out + o, src + i, len);
                o += len;
                break;
            case 3: // the block with a few bytes changed
                memcpy(out + o, src + i, len);
                for (int k = 0; k < 8; k++) {
                    out[o + prog_rand(&r) % len] ^= 0x20;
                }
                o += len;
                break;
            default:
                memcpy(out + o, src + i, len);
                o += len;
                break;
        }
        i += len;
    }
    return o;
}

static void round_trip(const char *what, const uint8_t *target, usize_t tlen, const uint8_t *src, usize_t slen, int flags,
    uint8_t *delta, usize_t dcap, uint8_t *back) {
    usize_t dlen = 0, blen = 0;
    int rc = xd3_encode_memory(target, tlen, src, slen, delta, &dlen, dcap, flags);
    if (rc != 0) {
        printf("%s: encode failed: %d\n", what, rc);
        prog_check(what, 0);
        return;
    }
    int rd = xd3_decode_memory(delta, dlen, src, slen, back, &blen, tlen, flags);
    prog_check(what, rd == 0 && blen == tlen && memcmp(back, target, tlen) == 0);
    printf("%-22s %7u -> %7u\n", what, (unsigned)tlen, (unsigned)dlen);
    h = prog_fnv(h, &dlen, sizeof(dlen));
    h = prog_fnv(h, delta, dlen);
}

int main(int argc, char **argv) {
    long size = prog_size(argc, argv, 4);
    size_t n = (size_t)size * 65536;
    size_t cap = n + n / 2 + 65536;
    uint8_t *src = malloc(n), *target = malloc(cap), *delta = malloc(cap), *back = malloc(cap);
    if (!src || !target || !delta || !back) {
        printf("out of memory\n");
        return 1;
    }
    prog_text(src, n, 36);
    printf("xdelta3 3.0.11, a source of %zu bytes\n", n);
    static const struct {
        const char *name;
        int flags;
    } modes[] = {
        { "level 1", 1 << XD3_COMPLEVEL_SHIFT },
        { "level 3", 3 << XD3_COMPLEVEL_SHIFT },
        { "level 6", 6 << XD3_COMPLEVEL_SHIFT },
        { "level 9", 9 << XD3_COMPLEVEL_SHIFT },
        { "level 3 djw", (3 << XD3_COMPLEVEL_SHIFT) | XD3_SEC_DJW },
        { "level 6 fgk", (6 << XD3_COMPLEVEL_SHIFT) | XD3_SEC_FGK },
        { "level 9 djw adler32", (9 << XD3_COMPLEVEL_SHIFT) | XD3_SEC_DJW | XD3_ADLER32 },
        { "no compression", XD3_NOCOMPRESS },
    };
    for (uint32_t v = 1; v <= 3; v++) {
        usize_t tlen = (usize_t)make_version(src, n, target, cap, v * 7919);
        printf("version %u:\n", (unsigned)v);
        for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
            round_trip(modes[m].name, target, tlen, src, (usize_t)n, modes[m].flags, delta, (usize_t)cap, back);
        }
    }
    printf("no source:\n");
    round_trip("level 3", src, (usize_t)n, NULL, 0, 3 << XD3_COMPLEVEL_SHIFT, delta, (usize_t)cap, back);
    round_trip("level 9 djw", src, (usize_t)n, NULL, 0, (9 << XD3_COMPLEVEL_SHIFT) | XD3_SEC_DJW, delta, (usize_t)cap,
        back);
    free(src);
    free(target);
    free(delta);
    free(back);
    return prog_end(h);
}
