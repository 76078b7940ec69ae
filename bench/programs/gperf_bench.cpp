// SPDX-License-Identifier: MIT
// GNU gperf 3.1 (Debian's gperf source package, unchanged): the perfect hash
// function generator behind the keyword tables of GCC, glibc and many
// compilers' lexers. For a keyword set it picks the character positions that
// tell the keywords apart, then searches for associated values of those
// characters under which every keyword hashes to its own slot (its
// backtracking search over the values, several iterations from different
// starting increments), and writes the lookup function and tables as C.
// main.cc's main is renamed gperf_main by a define and run as `gperf -C -E -I
// -D -m 2 -N lookup keywords.gperf` would, once for each of N * 6 keyword sets
// of 40 to 280 identifiers (like a language's keywords and built-ins: distinct,
// and no two anagrams); its stdin and stdout are this driver's memory streams
// (gperf_io.h, included before every file). Each set's generated C is hashed.
//   gperf_bench N      (N * 6 keyword sets)
// gperf_io.h's names undone before anything here uses them: this file's printf is the C library's
#undef main // the define renames main.cc's main, not ours
#undef stdin
#undef stdout
#undef printf
#undef putchar

#include "prog_common.h"

int gperf_main(int argc, char *argv[]);

FILE *gperf_bench_in;
FILE *gperf_bench_out;

static prog_rng rng = { 0x9b05688cu };

// A keyword: syllables of an identifier-like word, sometimes with an underscore or a digit.
static void keyword(char *out, size_t cap) {
    static const char *const syl[] = { "be", "gin", "end", "if", "el", "se", "wh", "ile", "for", "ret", "urn", "ty",
        "pe", "def", "in", "str", "uct", "un", "ion", "con", "st", "int", "ch", "ar", "lo", "ng", "do", "ub", "le",
        "sw", "it", "ca", "go", "to", "br", "ea", "k", "mod", "ule", "imp", "ort", "as", "yn", "c", "aw", "ait" };
    size_t len = 0;
    unsigned parts = 1 + prog_rand(&rng) % 4;
    for (unsigned i = 0; i < parts && len + 8 < cap; i++) {
        const char *s = syl[prog_rand(&rng) % (sizeof syl / sizeof syl[0])];
        memcpy(out + len, s, strlen(s));
        len += strlen(s);
        if (prog_rand(&rng) % 9 == 0) {
            out[len++] = prog_rand(&rng) % 2 ? '_' : (char)('0' + prog_rand(&rng) % 10);
        }
    }
    out[len] = 0;
}

// Whether word is an anagram of one of the set's first `count` words (signatures: sorted letters).
// gperf tells keys apart by the multiset of their chosen characters (its hash sums their values),
// which two anagrams share when every position is chosen: keys it cannot separate are reported on
// stderr (duplicates under -D), which the program's output must not have. None here, nor a word twice.
static int seen(char (*sigs)[64], unsigned count, const char *word) {
    char sig[64];
    size_t len = strlen(word);
    memcpy(sig, word, len + 1);
    for (size_t i = 1; i < len; i++) { // insertion sort of a short word
        for (size_t k = i; k > 0 && sig[k - 1] > sig[k]; k--) {
            char c = sig[k];
            sig[k] = sig[k - 1];
            sig[k - 1] = c;
        }
    }
    for (unsigned i = 0; i < count; i++) {
        if (strcmp(sigs[i], sig) == 0) {
            return 1;
        }
    }
    memcpy(sigs[count], sig, len + 1);
    return 0;
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    uint32_t h = PROG_FNV_INIT;
    size_t total_keywords = 0, total_out = 0;
    for (long set = 0; set < n * 6; set++) {
        unsigned count = 40 + (unsigned)(set * 53 % 7) * 40; // 40 .. 280, then again
        prog_buf input = { 0 };
        static char sigs[280][64];
        char word[64];
        for (unsigned i = 0; i < count; i++) {
            do {
                keyword(word, sizeof word);
            } while (seen(sigs, i, word));
            prog_printf(&input, "%s\n", word);
        }
        char *out = NULL;
        size_t out_len = 0;
        gperf_bench_in = fmemopen(input.p, input.len, "r");
        gperf_bench_out = open_memstream(&out, &out_len);
        char *args[] = { (char *)"gperf", (char *)"-C", (char *)"-E", (char *)"-I", (char *)"-D", (char *)"-m",
            (char *)"2", (char *)"-N", (char *)"lookup", NULL };
        int rc = gperf_main(9, args);
        fclose(gperf_bench_in);
        fclose(gperf_bench_out);
        prog_check("gperf's exit status", rc == 0);
        total_keywords += count;
        total_out += out_len;
        h = prog_fnv(h, out, out_len);
        if (set == 0) {
            const char *max = strstr(out, "MAX_HASH_VALUE = ");
            int slots = max != NULL ? atoi(max + strlen("MAX_HASH_VALUE = ")) + 1 : -1;
            printf("set 0: %u keywords, %zu bytes of C, %d hash slots\n", count, out_len, slots);
        }
        free(out);
        free(input.p);
    }
    printf("keyword sets: %ld, %zu keywords, %zu bytes of C\n", n * 6, total_keywords, total_out);
    return prog_end(h);
}
