// SPDX-License-Identifier: MIT
// libdivsufsort (Debian's libdivsufsort source package, lib/*.c unchanged, the
// 32-bit index of its CMake build): Yuta Mori's suffix sorter (bucket sort of
// type B* suffixes, multikey introsort and merges for them, Larsson-Sadakane
// doubling for tandem repeats, then induced sorting), as bzip2-like
// compressors and full-text indexes use it. Six kinds of input of N KiB each:
// log-like text, a 4-letter random "DNA" string, a Fibonacci word, a string
// of short periods (tandem repeats everywhere), runs of one byte, random
// bytes. For each: the suffix array, checked by sufcheck; the BWT by divbwt,
// again by bw_transform from the suffix array (the same bytes), and inverted
// back to the input; patterns taken from the input counted with sa_search,
// every byte value with sa_simplesearch. Every array and string is hashed.
//   divsufsort_bench N
#include "prog_common.h"

#include "divsufsort.h"

static uint32_t h = PROG_FNV_INIT;

static void make_input(int kind, uint8_t *t, int32_t n, prog_rng *r) {
    switch (kind) {
        case 0:
            prog_text(t, (size_t)n, prog_rand(r));
            break;
        case 1:
            for (int32_t i = 0; i < n; i++) {
                t[i] = (uint8_t) "ACGT"[prog_rand(r) & 3];
            }
            break;
        case 2: { // Fibonacci word: s(k) = s(k-1) s(k-2), written backwards from its recurrence
            int32_t a = 1, b = 1;
            t[0] = 'a';
            if (n > 1) {
                t[1] = 'b';
                b = 2;
            }
            while (b < n) {
                int32_t len = a < n - b ? a : n - b; // append the previous word
                memcpy(t + b, t, (size_t)len);
                a = b;
                b += len;
            }
            break;
        }
        case 3: { // short periods, changing now and then: tandem repeats
            int32_t i = 0;
            while (i < n) {
                int32_t period = 1 + (int32_t)(prog_rand(r) % 7), reps = 20 + (int32_t)(prog_rand(r) % 400);
                uint8_t unit[8];
                for (int k = 0; k < period; k++) {
                    unit[k] = (uint8_t)('a' + prog_rand(r) % 3);
                }
                for (int32_t k = 0; k < period * reps && i < n; k++) {
                    t[i++] = unit[k % period];
                }
            }
            break;
        }
        case 4:
            for (int32_t i = 0; i < n; i++) {
                t[i] = (uint8_t)(i < n / 2 ? 'z' : (i * 7 / n) + 'a');
            }
            break;
        default:
            for (int32_t i = 0; i < n; i++) {
                t[i] = (uint8_t)(prog_rand(r) >> 24);
            }
            break;
    }
}

int main(int argc, char **argv) {
    int32_t n = (int32_t)prog_size(argc, argv, 16) * 1024;
    static const char *const kinds[] = { "text", "dna", "fibonacci", "periods", "runs", "random" };
    uint8_t *t = malloc((size_t)n), *u = malloc((size_t)n), *v = malloc((size_t)n), *w = malloc((size_t)n);
    int32_t *sa = malloc((size_t)n * sizeof(int32_t)), *tmp = malloc((size_t)n * sizeof(int32_t));
    prog_rng r = { 0xd1c5u };
    printf("libdivsufsort %s, %d bytes an input\n", divsufsort_version(), (int)n);
    for (int kind = 0; kind < 6; kind++) {
        make_input(kind, t, n, &r);
        prog_check("divsufsort", divsufsort(t, sa, n) == 0);
        prog_check("sufcheck", sufcheck(t, sa, n, 0) == 0);
        uint32_t hs = prog_fnv(PROG_FNV_INIT, sa, (size_t)n * sizeof(int32_t));

        int32_t primary = divbwt(t, u, tmp, n), idx = -1;
        prog_check("divbwt", primary >= 0);
        prog_check("bw_transform", bw_transform(t, v, sa, n, &idx) == 0);
        prog_check("the two BWTs agree", idx == primary && memcmp(u, v, (size_t)n) == 0);
        prog_check("inverse_bw_transform", inverse_bw_transform(u, w, tmp, n, primary) == 0);
        prog_check("BWT round trip", memcmp(w, t, (size_t)n) == 0);
        uint32_t hb = prog_fnv(PROG_FNV_INIT, u, (size_t)n);

        // bw_transform recomputes the suffix array itself when given none
        prog_check("bw_transform (no SA)", bw_transform(t, v, NULL, n, &idx) == 0 && idx == primary);

        // patterns from the input: every occurrence counted, the first checked
        long found = 0;
        uint32_t hp = PROG_FNV_INIT;
        for (int q = 0; q < 200; q++) {
            int32_t len = 1 + (int32_t)(prog_rand(&r) % 24);
            int32_t at = (int32_t)(prog_rand(&r) % (uint32_t)(n - len));
            int32_t left = -1;
            int32_t count = sa_search(t, n, t + at, len, sa, n, &left);
            prog_check("pattern found", count >= 1 && memcmp(t + sa[left], t + at, (size_t)len) == 0);
            found += count;
            hp = prog_fnv(hp, &left, sizeof(left));
        }
        long bytes = 0;
        for (int c = 0; c < 256; c++) {
            int32_t left = -1;
            int32_t count = sa_simplesearch(t, n, sa, n, c, &left);
            bytes += count;
            hp = prog_fnv(hp, &count, sizeof(count));
        }
        prog_check("every byte counted", bytes == n);
        printf("%-9s primary=%-7d sa=%08x bwt=%08x matches=%ld search=%08x\n", kinds[kind], (int)primary,
            (unsigned)hs, (unsigned)hb, found, (unsigned)hp);
        h = prog_fnv(h, &hs, sizeof(hs));
        h = prog_fnv(h, &hb, sizeof(hb));
        h = prog_fnv(h, &hp, sizeof(hp));
    }
    free(t);
    free(u);
    free(v);
    free(w);
    free(sa);
    free(tmp);
    return prog_end(h);
}
