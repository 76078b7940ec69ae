// SPDX-License-Identifier: MIT
// zlib (Debian's zlib source package, unchanged): deflate and inflate a
// generated text buffer of N KiB at levels 1, 6 and 9; checks the round trip
// and prints sizes, crc32 and adler32.
//   zlib_bench N
#include "zlib.h"
#include "prog_common.h"

int main(int argc, char **argv) {
    size_t len = (size_t)prog_size(argc, argv, 256) * 1024;
    uint8_t *src = malloc(len);
    uLongf cap = compressBound((uLong)len);
    uint8_t *comp = malloc(cap);
    uint8_t *back = malloc(len);
    if (src == NULL || comp == NULL || back == NULL) {
        printf("out of memory\n");
        return 1;
    }
    prog_text(src, len, 12345);
    uint32_t h = PROG_FNV_INIT;
    static const int levels[] = { 1, 6, 9 };
    for (int i = 0; i < 3; i++) {
        uLongf clen = cap;
        int rc = compress2(comp, &clen, src, (uLong)len, levels[i]);
        uLongf blen = (uLongf)len;
        int rd = uncompress(back, &blen, comp, clen);
        int same = rc == Z_OK && rd == Z_OK && blen == len && memcmp(src, back, len) == 0;
        printf("level %d: %lu -> %lu bytes, crc32 %08lx, adler32 %08lx, round trip %s\n", levels[i],
            (unsigned long)len, (unsigned long)clen, crc32(0, comp, (uInt)clen), adler32(1, comp, (uInt)clen),
            same ? "ok" : "FAILED");
        h = prog_fnv(h, comp, clen);
        if (!same) {
            return 1;
        }
    }
    printf("crc32(input) %08lx\n", crc32(0, src, (uInt)len));
    printf("checksum=0x%08x\n", (unsigned)h);
    free(src);
    free(comp);
    free(back);
    return 0;
}
