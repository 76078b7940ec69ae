// SPDX-License-Identifier: MIT
// Zstandard (Debian's libzstd source package, lib/common, lib/compress and
// lib/decompress unchanged): compresses a generated text buffer of N KiB at
// levels 1, 3 (the default), 9 and 15 (fast, double-fast, lazy2 and btopt
// match finders), once through the one-shot API and once through the
// streaming API at level 3 in 7 KiB pieces, decompresses each frame and checks
// the round trip; prints sizes and XXH64 digests. The row-hash match finder
// (levels 5-12 with windows above 16 KiB) is asked for explicitly: zstd picks
// it by default only where it has SIMD (x86-64's SSE2, not wasm32), and the
// two finders compress differently, so left to itself the output would differ
// between the builds from 16 KiB on.
//   zstd_bench N
#define ZSTD_STATIC_LINKING_ONLY  // ZSTD_c_useRowMatchFinder
#define XXH_STATIC_LINKING_ONLY
#include "zstd.h"
#include "xxhash.h"
#include "prog_common.h"

static int check(const char *what, const uint8_t *src, size_t len, const uint8_t *comp, size_t clen, uint8_t *back) {
    size_t blen = ZSTD_decompress(back, len, comp, clen);
    int same = !ZSTD_isError(blen) && blen == len && memcmp(src, back, len) == 0;
    printf("%s: %lu -> %lu bytes, xxh64 %016llx, round trip %s\n", what, (unsigned long)len, (unsigned long)clen,
        (unsigned long long)XXH64(comp, clen, 0), same ? "ok" : "FAILED");
    return same;
}

int main(int argc, char **argv) {
    size_t len = (size_t)prog_size(argc, argv, 256) * 1024;
    size_t cap = ZSTD_compressBound(len);
    uint8_t *src = malloc(len);
    uint8_t *comp = malloc(cap);
    uint8_t *back = malloc(len);
    if (src == NULL || comp == NULL || back == NULL) {
        printf("out of memory\n");
        return 1;
    }
    prog_text(src, len, 777);
    uint32_t h = PROG_FNV_INIT;
    static const int levels[] = { 1, 3, 9, 15 };
    for (int i = 0; i < 4; i++) {
        ZSTD_CCtx *one = ZSTD_createCCtx();
        ZSTD_CCtx_setParameter(one, ZSTD_c_compressionLevel, levels[i]);
        ZSTD_CCtx_setParameter(one, ZSTD_c_useRowMatchFinder, ZSTD_ps_enable);
        size_t clen = ZSTD_compress2(one, comp, cap, src, len);
        ZSTD_freeCCtx(one);
        if (ZSTD_isError(clen)) {
            printf("level %d: %s\n", levels[i], ZSTD_getErrorName(clen));
            return 1;
        }
        char what[16];
        snprintf(what, sizeof(what), "level %d", levels[i]);
        if (!check(what, src, len, comp, clen, back)) {
            return 1;
        }
        h = prog_fnv(h, comp, clen);
    }
    // streaming: input in 7 KiB pieces, output into a buffer of 5 KiB at a time
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, 3);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_useRowMatchFinder, ZSTD_ps_enable);
    ZSTD_outBuffer out = { comp, 0, 0 };
    size_t pos = 0;
    for (;;) {
        size_t piece = len - pos < 7 * 1024 ? len - pos : 7 * 1024;
        ZSTD_inBuffer in = { src + pos, piece, 0 };
        ZSTD_EndDirective end = pos + piece == len ? ZSTD_e_end : ZSTD_e_continue;
        size_t left;
        do {
            out.size = out.pos + 5 * 1024 < cap ? out.pos + 5 * 1024 : cap;
            left = ZSTD_compressStream2(cctx, &out, &in, end);
            if (ZSTD_isError(left)) {
                printf("stream: %s\n", ZSTD_getErrorName(left));
                return 1;
            }
        } while (end == ZSTD_e_end ? left != 0 : in.pos < in.size);
        pos += piece;
        if (end == ZSTD_e_end) {
            break;
        }
    }
    ZSTD_freeCCtx(cctx);
    if (!check("stream level 3", src, len, comp, out.pos, back)) {
        return 1;
    }
    h = prog_fnv(h, comp, out.pos);
    printf("xxh64(input) %016llx\n", (unsigned long long)XXH64(src, len, 0));
    printf("checksum=0x%08x\n", (unsigned)h);
    free(src);
    free(comp);
    free(back);
    return 0;
}
