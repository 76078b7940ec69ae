// SPDX-License-Identifier: MIT
// Zopfli (Debian's zopfli source package, src/zopfli/*.c unchanged, not the
// command-line tool): Google's exhaustive DEFLATE encoder. Per round three
// inputs of N/4 KiB (N x 256 bytes) (log-like text, a table of little-endian records, a noisy
// waveform) compressed as gzip, zlib and raw DEFLATE in turn, with 1, 5 and 15
// iterations of its squeeze (forward/backward passes over an f64 cost model,
// the optimal parse's shortest path) and block splitting on and off; every
// stream decoded back by zlib's inflate (Debian's zlib, unchanged) and
// compared with its input. Sizes and hashes of every stream are printed.
//   zopfli_bench N
#include "prog_common.h"

#include "zlib.h"
#include "zopfli.h"

static uint32_t h = PROG_FNV_INIT;

static void make_input(int kind, uint8_t *buf, size_t len, prog_rng *r) {
    if (kind == 0) {
        prog_text(buf, len, prog_rand(r));
    } else if (kind == 1) { // records: id, a slowly rising counter, flags, a name
        uint32_t counter = 1000;
        for (size_t i = 0; i < len; i++) {
            size_t rec = i / 16, off = i % 16;
            if (off == 0) {
                counter += prog_rand(r) % 7;
            }
            uint8_t b;
            if (off < 4) {
                b = (uint8_t)(rec >> (8 * off));
            } else if (off < 8) {
                b = (uint8_t)(counter >> (8 * (off - 4)));
            } else if (off < 10) {
                b = (uint8_t)(prog_rand(r) & 0x11);
            } else {
                b = (uint8_t) "sensorvalveflow"[(rec + off) % 15];
            }
            buf[i] = b;
        }
    } else { // a 16-bit waveform: two tones and a little noise
        int32_t a = 0, da = 37, b = 0, db = 3;
        for (size_t i = 0; i + 1 < len; i += 2) {
            a += da;
            if (a > 9000 || a < -9000) {
                da = -da;
            }
            b += db;
            if (b > 2000 || b < -2000) {
                db = -db;
            }
            int32_t s = a + b + (int32_t)(prog_rand(r) % 64) - 32;
            buf[i] = (uint8_t)s;
            buf[i + 1] = (uint8_t)(s >> 8);
        }
        if (len & 1) {
            buf[len - 1] = 0;
        }
    }
}

// Decode `z` (format `fmt`) with zlib; it must give back `in` exactly.
static int decodes_back(ZopfliFormat fmt, const uint8_t *z, size_t zlen, const uint8_t *in, size_t len) {
    z_stream s;
    memset(&s, 0, sizeof(s));
    int wbits = fmt == ZOPFLI_FORMAT_GZIP ? 16 + 15 : fmt == ZOPFLI_FORMAT_ZLIB ? 15
                                                                                : -15;
    if (inflateInit2(&s, wbits) != Z_OK) {
        return 0;
    }
    uint8_t *out = malloc(len + 16);
    s.next_in = (Bytef *)z;
    s.avail_in = (uInt)zlen;
    s.next_out = out;
    s.avail_out = (uInt)(len + 16);
    int rc = inflate(&s, Z_FINISH);
    int ok = rc == Z_STREAM_END && s.total_out == len && s.avail_in == 0 && memcmp(out, in, len) == 0;
    inflateEnd(&s);
    free(out);
    return ok;
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 8);
    size_t len = (size_t)n * 256;
    static const char *const kinds[] = { "text", "table", "wave" };
    static const char *const formats[] = { "gzip", "zlib", "deflate" };
    static const int iterations[] = { 1, 5, 15 };
    prog_rng r = { 0x2f6b1d3u };
    uint8_t *in = malloc(len);
    printf("zopfli 1.0.3, %zu bytes an input\n", len);
    int streams = 0;
    for (int kind = 0; kind < 3; kind++) {
        make_input(kind, in, len, &r);
        for (int k = 0; k < 3; k++) {
            for (int split = 0; split < 2; split++) {
                ZopfliOptions opt;
                ZopfliInitOptions(&opt);
                opt.numiterations = iterations[k];
                opt.blocksplitting = split;
                ZopfliFormat fmt = (ZopfliFormat)((kind + k + split) % 3);
                unsigned char *z = NULL;
                size_t zlen = 0;
                ZopfliCompress(&opt, fmt, in, len, &z, &zlen);
                char what[64];
                snprintf(what, sizeof(what), "%s %d iterations split %d round trip", kinds[kind], iterations[k], split);
                prog_check(what, decodes_back(fmt, z, zlen, in, len));
                uint32_t zh = prog_fnv(PROG_FNV_INIT, z, zlen);
                printf("%-5s %2d iterations, split %d: %6zu -> %6zu bytes (%s) %08x\n", kinds[kind], iterations[k], split,
                    len, zlen, formats[fmt], (unsigned)zh);
                h = prog_fnv(h, z, zlen);
                streams++;
                free(z);
            }
        }
    }
    printf("%d streams, every one decoded back by zlib %s\n", streams, zlibVersion());
    free(in);
    return prog_end(h);
}
