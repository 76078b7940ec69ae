// SPDX-License-Identifier: MIT
// lzlib (Debian's lzlib source package, lzlib.c unchanged; it includes the
// encoder and decoder): lzip's LZMA in its streaming API. N KiB of generated
// text, half of it made less compressible, is compressed at minilzip's levels
// 0 (the fast encoder), 3 and 6 (the optimal parser; the dictionary no larger
// than the input, as minilzip makes it for a small file) and as several
// members, written and read in pieces of varying size; each is decompressed
// and compared, and a damaged copy must be refused. Prints the sizes, CRCs
// and an FNV of the compressed bytes.
//   lzlib_bench N
#include "prog_common.h"  // first: lzlib.h needs <stdint.h>
#include "lzlib.h"

static uint8_t *comp;
static int comp_cap;

// Compress src[0..len) into comp, feeding it in pieces of 1..4096 bytes; returns the size.
static int compress(const uint8_t *src, int len, int dict, int match, unsigned long long member, uint32_t seed) {
    struct LZ_Encoder *e = LZ_compress_open(dict, match, member);
    if (e == NULL || LZ_compress_errno(e) != LZ_ok) {
        printf("LZ_compress_open failed\n");
        exit(1);
    }
    prog_rng r = { seed };
    int in = 0, out = 0;
    while (LZ_compress_finished(e) != 1) {
        if (in < len) {
            int n = (int)(prog_rand(&r) % 4096) + 1;
            int room = LZ_compress_write_size(e);
            n = n > len - in ? len - in : n;
            n = n > room ? room : n;
            if (n > 0) {
                in += LZ_compress_write(e, src + in, n);
            }
        }
        if (in == len) {
            LZ_compress_finish(e);  // again after each restarted member
        }
        int got = LZ_compress_read(e, comp + out, comp_cap - out);
        if (got < 0) {
            printf("LZ_compress_read: %s\n", LZ_strerror(LZ_compress_errno(e)));
            exit(1);
        }
        out += got;
        if (LZ_compress_member_finished(e) && !LZ_compress_finished(e)) {
            LZ_compress_restart_member(e, member);
        }
    }
    LZ_compress_close(e);
    return out;
}

// Decompress comp[0..clen) into back (cap bytes), in pieces; returns the size, or -1 on an
// error (its name in *err), and the last member's CRC in *crc.
static int decompress(const uint8_t *c, int clen, uint8_t *back, int cap, const char **err, unsigned *crc) {
    struct LZ_Decoder *d = LZ_decompress_open();
    prog_rng r = { 77 };
    int in = 0, out = 0;
    *err = NULL;
    for (;;) {
        if (in < clen) {
            int n = (int)(prog_rand(&r) % 1500) + 1;
            int room = LZ_decompress_write_size(d);
            n = n > clen - in ? clen - in : n;
            n = n > room ? room : n;
            if (n > 0) {
                in += LZ_decompress_write(d, c + in, n);
            }
            if (in == clen) {
                LZ_decompress_finish(d);
            }
        }
        int got = LZ_decompress_read(d, back + out, cap - out);
        if (got < 0) {
            *err = LZ_strerror(LZ_decompress_errno(d));
            out = -1;
            break;
        }
        out += got;
        if (LZ_decompress_member_finished(d)) {
            *crc = LZ_decompress_data_crc(d);
        }
        int fin = LZ_decompress_finished(d);  // -1: the stream was refused
        if (fin < 0) {
            *err = LZ_strerror(LZ_decompress_errno(d));
            out = -1;
            break;
        }
        if (fin == 1) {
            break;
        }
        if (out == cap) {
            *err = "output too big";
            out = -1;
            break;
        }
    }
    LZ_decompress_close(d);
    return out;
}

int main(int argc, char **argv) {
    int len = (int)prog_size(argc, argv, 64) * 1024;
    comp_cap = len + len / 8 + 4096;
    uint8_t *src = malloc((size_t)len);
    uint8_t *back = malloc((size_t)len + 1);
    comp = malloc((size_t)comp_cap);
    if (src == NULL || back == NULL || comp == NULL) {
        printf("out of memory\n");
        return 1;
    }
    prog_text(src, (size_t)len, 2525);
    prog_rng noise = { 99 };
    for (int i = len / 2; i < len; i += 3) {
        src[i] ^= (uint8_t)(prog_rand(&noise) & 0x1f);  // the second half: less compressible
    }
    static const struct {
        const char *name;
        int dict, match;
        unsigned long long member;
    } modes[] = {
        { "level 0", 65535, 16, 1ull << 40 },
        { "level 3", 1 << 18, 32, 1ull << 40 },
        { "level 6", 1 << 20, 36, 1ull << 40 },
        { "members", 1 << 16, 20, 20000 },
    };
    uint32_t h = PROG_FNV_INIT;
    for (unsigned m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
        int dict = modes[m].dict;
        if (m > 0 && dict > len) {
            dict = len < LZ_min_dictionary_size() ? LZ_min_dictionary_size() : len;  // as minilzip does for a file
        }
        int clen = compress(src, len, dict, modes[m].match, modes[m].member, 1000 + m);
        const char *err;
        unsigned crc = 0;
        int blen = decompress(comp, clen, back, len + 1, &err, &crc);
        int same = blen == len && memcmp(src, back, (size_t)len) == 0;
        uint32_t f = prog_fnv(PROG_FNV_INIT, comp, (size_t)clen);
        printf("%s: %d -> %d bytes, fnv %08x, crc %08x, round trip %s\n", modes[m].name, len, clen, (unsigned)f, crc,
            same ? "ok" : (err ? err : "FAILED"));
        prog_check(modes[m].name, same);
        h = prog_fnv(h, comp, (size_t)clen);
        if (m == 2) {
            comp[clen / 2] ^= 0x10;  // damaged in the middle of the LZMA stream
            blen = decompress(comp, clen, back, len + 1, &err, &crc);
            printf("damaged: %s\n", blen < 0 ? err : "accepted");
            prog_check("damaged refused", blen < 0);
        }
    }
    printf("lzlib %s\n", LZ_version());
    printf("%s\n", prog_failures ? "some checks FAILED" : "all checks ok");
    printf("checksum=0x%08x\n", (unsigned)h);
    free(src);
    free(back);
    free(comp);
    return prog_failures != 0;
}
