// SPDX-License-Identifier: MIT
// LZO (Debian's lzo2 source package, src/*.c unchanged): LZO1X-1, LZO1X-999
// (the slow, best-ratio compressor, then lzo1x_optimize), LZO1Y-1, LZO1F-1 and
// LZO2A-999 on a generated text buffer of N KiB; every block is decompressed
// with the safe decoders and compared; prints sizes and LZO's own checksums
// (lzo_adler32, lzo_crc32) of each compressed block.
//   lzo2_bench N
#include "lzo/lzo1f.h"
#include "lzo/lzo1x.h"
#include "lzo/lzo1y.h"
#include "lzo/lzo2a.h"
#include "prog_common.h"

typedef int (*lzo_fn)(const lzo_bytep, lzo_uint, lzo_bytep, lzo_uintp, lzo_voidp);

typedef struct codec {
    const char *name;
    lzo_fn compress;
    lzo_fn decompress;
    size_t wrkmem;
} codec;

static int x999(const lzo_bytep src, lzo_uint len, lzo_bytep dst, lzo_uintp dlen, lzo_voidp wrk) {
    int r = lzo1x_999_compress(src, len, dst, dlen, wrk);
    if (r == LZO_E_OK) {
        // the decoder's optimizer rewrites the block in place (it needs the original to do so)
        lzo_bytep copy = malloc(len);
        lzo_uint n = len;
        r = copy != NULL ? lzo1x_optimize(dst, *dlen, copy, &n, NULL) : LZO_E_OUT_OF_MEMORY;
        free(copy);
    }
    return r;
}

int main(int argc, char **argv) {
    static const codec codecs[] = {
        { "lzo1x-1", lzo1x_1_compress, lzo1x_decompress_safe, LZO1X_1_MEM_COMPRESS },
        { "lzo1x-1-15", lzo1x_1_15_compress, lzo1x_decompress_safe, LZO1X_1_15_MEM_COMPRESS },
        { "lzo1x-999+opt", x999, lzo1x_decompress_safe, LZO1X_999_MEM_COMPRESS },
        { "lzo1y-1", lzo1y_1_compress, lzo1y_decompress_safe, LZO1Y_MEM_COMPRESS },
        { "lzo1f-1", lzo1f_1_compress, lzo1f_decompress_safe, LZO1F_MEM_COMPRESS },
        { "lzo2a-999", lzo2a_999_compress, lzo2a_decompress_safe, LZO2A_999_MEM_COMPRESS },
    };
    if (lzo_init() != LZO_E_OK) {
        printf("lzo_init failed\n");
        return 1;
    }
    lzo_uint len = (lzo_uint)prog_size(argc, argv, 64) * 1024;
    lzo_uint cap = len + len / 16 + 64 + 3;
    lzo_bytep src = malloc(len);
    lzo_bytep comp = malloc(cap);
    lzo_bytep back = malloc(len);
    if (src == NULL || comp == NULL || back == NULL) {
        printf("out of memory\n");
        return 1;
    }
    prog_text(src, len, 777);
    // a stretch of runs and binary noise: the literal-run and match-length paths
    prog_rng r = { 99 };
    for (lzo_uint i = len / 2; i < len / 2 + len / 8; i++) {
        uint32_t x = prog_rand(&r);
        src[i] = (x & 3) == 0 ? (uint8_t)(x >> 8) : src[i - 1 - (x >> 28)];
    }
    uint32_t h = PROG_FNV_INIT;
    for (size_t c = 0; c < sizeof(codecs) / sizeof(codecs[0]); c++) {
        void *wrk = malloc(codecs[c].wrkmem ? codecs[c].wrkmem : 1);
        lzo_uint clen = cap, blen = len;
        int rc = wrk != NULL ? codecs[c].compress(src, len, comp, &clen, wrk) : LZO_E_OUT_OF_MEMORY;
        int rd = rc == LZO_E_OK ? codecs[c].decompress(comp, clen, back, &blen, NULL) : rc;
        int same = rc == LZO_E_OK && rd == LZO_E_OK && blen == len && memcmp(src, back, len) == 0;
        printf("%s: %lu -> %lu bytes, adler32 %08lx, crc32 %08lx, round trip %s\n", codecs[c].name,
            (unsigned long)len, (unsigned long)clen, (unsigned long)lzo_adler32(1, comp, clen),
            (unsigned long)lzo_crc32(0, comp, clen), same ? "ok" : "FAILED");
        h = prog_fnv(h, comp, clen);
        free(wrk);
        if (!same) {
            return 1;
        }
    }
    printf("lzo %s\n", lzo_version_string());
    printf("checksum=0x%08x\n", (unsigned)h);
    free(src);
    free(comp);
    free(back);
    return 0;
}
