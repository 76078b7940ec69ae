// SPDX-License-Identifier: MIT
// XZ Utils' liblzma (Debian's xz-utils source package, src/liblzma unchanged,
// single-threaded): LZMA2 in .xz containers over a generated text buffer of
// N KiB: presets 0 (hash chain, fast mode), 3 and 6 (binary trees, normal
// mode), each with a 64 KiB dictionary, with CRC64 checks; a raw filter chain of delta + LZMA2 on a sampled
// waveform; the x86 BCJ filter + LZMA2 with a SHA-256 check on x86-like
// code bytes; every stream decoded again (lzma_stream_buffer_decode or the
// raw decoder) and compared. Prints sizes and a CRC32 of each stream.
//   xz_bench N
#include "lzma.h"
#include "prog_common.h"

#define DICT (64 * 1024)

static uint32_t h = PROG_FNV_INIT;

// an encoder's failure, said (LZMA_MEM_ERROR: malloc failed, e.g. linear memory could not grow)
static int encoded(const char *what, lzma_ret r) {
    if (r != LZMA_OK) {
        printf("%s: encoder error %d%s\n", what, (int)r, r == LZMA_MEM_ERROR ? " (LZMA_MEM_ERROR)" : "");
    }
    return r == LZMA_OK;
}

static int round_trip(const char *what, const uint8_t *src, size_t len, const uint8_t *comp, size_t clen,
    uint8_t *back, const lzma_filter *raw) {
    size_t in_pos = 0, out_pos = 0;
    lzma_ret rd;
    if (raw != NULL) {
        rd = lzma_raw_buffer_decode(raw, NULL, comp, &in_pos, clen, back, &out_pos, len);
    } else {
        uint64_t memlimit = UINT64_MAX;
        rd = lzma_stream_buffer_decode(&memlimit, 0, NULL, comp, &in_pos, clen, back, &out_pos, len);
    }
    int same = rd == LZMA_OK && out_pos == len && memcmp(src, back, len) == 0;
    if (rd != LZMA_OK) {
        printf("%s: decoder error %d\n", what, (int)rd);
    }
    printf("%-22s %lu -> %lu bytes, crc32 %08x, round trip %s\n", what, (unsigned long)len, (unsigned long)clen,
        (unsigned)lzma_crc32(comp, clen, 0), same ? "ok" : "FAILED");
    h = prog_fnv(h, comp, clen);
    return same;
}

int main(int argc, char **argv) {
    size_t len = (size_t)prog_size(argc, argv, 64) * 1024;
    size_t cap = lzma_stream_buffer_bound(len);
    uint8_t *src = malloc(len), *comp = malloc(cap), *back = malloc(len);
    if (src == NULL || comp == NULL || back == NULL) {
        printf("out of memory\n");
        return 1;
    }
    printf("liblzma %s\n", lzma_version_string());
    prog_text(src, len, 1999);
    // the presets' match finders and modes, with a 64 KiB dictionary (preset 6's 8 MiB would
    // take ~94 MB of match finder: more than a board has)
    static const uint32_t presets[] = { 0, 3, 6 };
    lzma_options_lzma lz;
    for (int i = 0; i < 3; i++) {
        lzma_lzma_preset(&lz, presets[i]);
        lz.dict_size = DICT;
        lzma_filter one[] = { { LZMA_FILTER_LZMA2, &lz }, { LZMA_VLI_UNKNOWN, NULL } };
        size_t clen = 0;
        lzma_ret r = lzma_stream_buffer_encode(one, LZMA_CHECK_CRC64, NULL, src, len, comp, &clen, cap);
        char what[32];
        snprintf(what, sizeof(what), "preset %u", (unsigned)presets[i]);
        if (!encoded(what, r) || !round_trip(what, src, len, comp, clen, back, NULL)) {
            return 1;
        }
    }
    // a 16-bit stereo waveform (triangles, no libm): delta distance 4, then LZMA2 preset 2
    for (size_t i = 0; i + 4 <= len; i += 4) {
        int32_t t = (int32_t)(i / 4);
        int16_t l = (int16_t)(((t % 200) < 100 ? (t % 200) : 200 - (t % 200)) * 300 - 15000);
        int16_t r = (int16_t)(((t % 140) < 70 ? (t % 140) : 140 - (t % 140)) * 400 - 14000);
        memcpy(src + i, &l, 2);
        memcpy(src + i + 2, &r, 2);
    }
    lzma_options_delta delta = { .type = LZMA_DELTA_TYPE_BYTE, .dist = 4 };
    lzma_lzma_preset(&lz, 2);
    lz.dict_size = DICT;
    lzma_filter chain[] = {
        { LZMA_FILTER_DELTA, &delta }, { LZMA_FILTER_LZMA2, &lz }, { LZMA_VLI_UNKNOWN, NULL },
    };
    size_t clen = 0;
    if (!encoded("delta + lzma2", lzma_raw_buffer_encode(chain, NULL, src, len, comp, &clen, cap))
        || !round_trip("delta + lzma2 (raw)", src, len, comp, clen, back, chain)) {
        return 1;
    }
    // x86-like code: call/jmp opcodes with relative targets among other bytes, through BCJ
    prog_rng r = { 86 };
    for (size_t i = 0; i < len; i++) {
        uint32_t x = prog_rand(&r);
        if ((x & 15) == 0 && i + 5 <= len) {
            int32_t rel = (int32_t)((x >> 8) % 4096) - 2048;
            src[i] = (x & 16) ? 0xe8 : 0xe9;
            memcpy(src + i + 1, &rel, 4);
            i += 4;
        } else {
            src[i] = (uint8_t)("\x55\x48\x89\xe5\x8b\x45\xfc\x83\xc0\x01\x5d\xc3\x90\x31\xc0\x0f"[x >> 28]);
        }
    }
    lzma_lzma_preset(&lz, 6);
    lz.dict_size = DICT;
    lzma_filter bcj[] = { { LZMA_FILTER_X86, NULL }, { LZMA_FILTER_LZMA2, &lz }, { LZMA_VLI_UNKNOWN, NULL } };
    clen = 0;
    if (!encoded("x86 bcj", lzma_stream_buffer_encode(bcj, LZMA_CHECK_SHA256, NULL, src, len, comp, &clen, cap))
        || !round_trip("x86 bcj + lzma2", src, len, comp, clen, back, NULL)) {
        return 1;
    }
    printf("checksum=0x%08x\n", (unsigned)h);
    free(src);
    free(comp);
    free(back);
    return 0;
}
