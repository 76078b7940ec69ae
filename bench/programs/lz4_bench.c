// SPDX-License-Identifier: MIT
// LZ4 (Debian's lz4 source package, lib/lz4.c and lz4hc.c unchanged): fast
// and high-compression modes on a generated text buffer of N KiB, decompressed
// and checked; prints sizes. LZ4's fast modes hash 5 bytes where a register
// is 64 bits wide and 4 bytes elsewhere (lz4.c, LZ4_hashPosition), so their
// output differs between x86-64 and wasm32 by design: for those only the
// round trip is printed and hashed; the HC output is the same everywhere.
//   lz4_bench N
#include "lz4.h"
#include "lz4hc.h"
#include "prog_common.h"

int main(int argc, char **argv) {
    int len = (int)prog_size(argc, argv, 512) * 1024;
    int cap = LZ4_compressBound(len);
    char *src = malloc((size_t)len);
    char *comp = malloc((size_t)cap);
    char *back = malloc((size_t)len);
    if (src == NULL || comp == NULL || back == NULL) {
        printf("out of memory\n");
        return 1;
    }
    prog_text((uint8_t *)src, (size_t)len, 4242);
    uint32_t h = PROG_FNV_INIT;
    for (int mode = 0; mode < 3; mode++) {
        int clen = mode == 0 ? LZ4_compress_default(src, comp, len, cap)
            : mode == 1 ? LZ4_compress_fast(src, comp, len, cap, 8)
            : LZ4_compress_HC(src, comp, len, cap, 9);
        int blen = LZ4_decompress_safe(comp, back, clen, len);
        int same = clen > 0 && blen == len && memcmp(src, back, (size_t)len) == 0;
        static const char *const names[] = { "default", "fast 8", "hc 9" };
        if (mode == 2) {
            printf("%s: %d -> %d bytes, fnv %08x, round trip %s\n", names[mode], len, clen,
                (unsigned)prog_fnv(PROG_FNV_INIT, comp, (size_t)clen), same ? "ok" : "FAILED");
            h = prog_fnv(h, comp, (size_t)clen);
        } else {
            printf("%s: %d bytes, round trip %s\n", names[mode], len, same ? "ok" : "FAILED");
            h = prog_fnv(h, back, (size_t)len);
        }
        if (!same) {
            return 1;
        }
    }
    printf("lz4 %s\n", LZ4_versionString());
    printf("checksum=0x%08x\n", (unsigned)h);
    free(src);
    free(comp);
    free(back);
    return 0;
}
