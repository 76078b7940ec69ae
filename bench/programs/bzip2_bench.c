// SPDX-License-Identifier: MIT
// bzip2 (Debian's bzip2 source package, libbz2 unchanged): compress and
// decompress a generated text buffer of N KiB with 100k blocks; checks the
// round trip and prints sizes.
//   bzip2_bench N
#include "bzlib.h"
#include "prog_common.h"

int main(int argc, char **argv) {
    unsigned len = (unsigned)prog_size(argc, argv, 256) * 1024;
    unsigned cap = len + len / 100 + 600;   // bzlib.h: 1% + 600 bytes is always enough
    char *src = malloc(len);
    char *comp = malloc(cap);
    char *back = malloc(len);
    if (src == NULL || comp == NULL || back == NULL) {
        printf("out of memory\n");
        return 1;
    }
    prog_text((uint8_t *)src, len, 777);
    uint32_t h = PROG_FNV_INIT;
    static const int blocks[] = { 1, 9 };
    for (int i = 0; i < 2; i++) {
        unsigned clen = cap;
        int rc = BZ2_bzBuffToBuffCompress(comp, &clen, src, len, blocks[i], 0, 30);
        unsigned blen = len;
        int rd = BZ2_bzBuffToBuffDecompress(back, &blen, comp, clen, 0, 0);
        int same = rc == BZ_OK && rd == BZ_OK && blen == len && memcmp(src, back, len) == 0;
        uint32_t hc = prog_fnv(PROG_FNV_INIT, comp, clen);
        printf("blocks %d00k: %u -> %u bytes, fnv %08x, round trip %s\n", blocks[i], len, clen, (unsigned)hc,
            same ? "ok" : "FAILED");
        h = prog_fnv(h, comp, clen);
        if (!same) {
            return 1;
        }
    }
    printf("bzlib %s\n", BZ2_bzlibVersion());
    printf("checksum=0x%08x\n", (unsigned)h);
    free(src);
    free(comp);
    free(back);
    return 0;
}
