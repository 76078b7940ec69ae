// SPDX-License-Identifier: MIT
// GNU FriBidi 1.0.8 (Debian's fribidi source package, unchanged): the Unicode
// Bidirectional Algorithm (UAX #9: paragraph direction, explicit embeddings
// and isolates, weak and neutral types, bracket pairs, levels, line
// reordering, mirroring) and Arabic joining and shaping, as GTK's text layout
// uses it. This driver makes lines of mixed Latin, Hebrew and Arabic words,
// digits with separators, brackets, explicit embeddings and isolates (in UTF-8,
// and in the CapRTL test encoding where capitals are right-to-left), runs
// fribidi_log2vis on each in three paragraph directions, removes the bidi
// marks, converts the visual string back, and checks the two position maps
// against each other.
//   fribidi_bench N      (N lines, each in three directions and both encodings)
#include "prog_common.h"

#include "fribidi.h"

enum { MAXLEN = 512 };

static const char *const latin[] = { "the", "engine", "runs", "module", "memory", "table", "value", "stack" };
static const char *const hebrew[] = {
    "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d", // shalom
    "\xd7\xa2\xd7\x95\xd7\x9c\xd7\x9d", // olam
    "\xd7\x9e\xd7\x97\xd7\xa9\xd7\x91", // machshev
    "\xd7\x96\xd7\x99\xd7\x9b\xd7\xa8\xd7\x95\xd7\x9f", // zikaron
};
static const char *const arabic[] = {
    "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7", // marhaba
    "\xd8\xb9\xd8\xa7\xd9\x84\xd9\x85", // alam
    "\xd8\xad\xd8\xa7\xd8\xb3\xd9\x88\xd8\xa8", // hasub
    "\xd8\xb0\xd8\xa7\xd9\x83\xd8\xb1\xd8\xa9", // dhakira
    "\xd9\x84\xd8\xa7\xd9\x85", // lam-alef ligature, then mim
};
static const char *const marks[] = {
    "\xe2\x80\xab", // RLE
    "\xe2\x80\xaa", // LRE
    "\xe2\x80\xac", // PDF
    "\xe2\x81\xa7", // RLI
    "\xe2\x81\xa6", // LRI
    "\xe2\x81\xa8", // FSI
    "\xe2\x81\xa9", // PDI
    "\xe2\x80\x8f", // RLM
};

static size_t append(char *s, size_t at, const char *w) {
    size_t n = strlen(w);
    if (at + n + 1 < MAXLEN) {
        memcpy(s + at, w, n);
        at += n;
    }
    s[at] = 0;
    return at;
}

// A UTF-8 line of 6 to 17 items.
static size_t make_utf8(char *s, prog_rng *r) {
    size_t at = 0;
    int n = 6 + (int)(prog_rand(r) % 12);
    char num[32];
    for (int i = 0; i < n; i++) {
        uint32_t x = prog_rand(r);
        switch (x % 9) {
            case 0:
            case 1:
                at = append(s, at, latin[(x >> 4) % 8]);
                break;
            case 2:
                at = append(s, at, hebrew[(x >> 4) % 4]);
                break;
            case 3:
            case 4:
                at = append(s, at, arabic[(x >> 4) % 5]);
                break;
            case 5:
                snprintf(num, sizeof(num), "%u.%02u%%", (x >> 8) % 1000, (x >> 20) % 100);
                at = append(s, at, num);
                break;
            case 6:
                at = append(s, at, (x >> 4) & 1 ? "(" : "[");
                at = append(s, at, arabic[(x >> 5) % 5]);
                at = append(s, at, " 12");
                at = append(s, at, (x >> 4) & 1 ? ")" : "]");
                break;
            default:
                at = append(s, at, marks[(x >> 4) % 8]);
                break;
        }
        at = append(s, at, (x >> 28) == 0 ? ", " : " ");
    }
    return at;
}

// A CapRTL line: lower case left-to-right, capitals right-to-left, digits and _> _< for marks.
static size_t make_caprtl(char *s, prog_rng *r) {
    static const char *const items[] = { "car", "CAR", "is", "THE", "in", "ARABIC", "123",
        "4,567", "(PAREN)", "[A b]", "_>x y_<", "_RZ_o", "-9.5", "\"Q\"" };
    size_t at = 0;
    int n = 5 + (int)(prog_rand(r) % 10);
    for (int i = 0; i < n; i++) {
        at = append(s, at, items[prog_rand(r) % 14]);
        at = append(s, at, " ");
    }
    return at;
}

static FriBidiChar logical[MAXLEN], visual[MAXLEN], cleaned[MAXLEN];
static FriBidiStrIndex l2v[MAXLEN], v2l[MAXLEN];
static FriBidiLevel levels[MAXLEN];
static char back[MAXLEN * 4];

static uint32_t one(FriBidiCharSet cs, const char *text, size_t bytes, FriBidiParType want, long *max_level) {
    FriBidiStrIndex len = fribidi_charset_to_unicode(cs, text, (FriBidiStrIndex)bytes, logical);
    FriBidiParType base = want;
    FriBidiLevel max = fribidi_log2vis(logical, len, &base, visual, l2v, v2l, levels);
    if (max == 0) {
        printf("fribidi_log2vis failed\n");
        exit(1);
    }
    for (FriBidiStrIndex i = 0; i < len; i++) {
        if (v2l[l2v[i]] != i) {
            printf("position maps disagree at %d\n", (int)i);
            exit(1);
        }
    }
    if (max - 1 > *max_level) {
        *max_level = max - 1;
    }
    uint32_t h = prog_fnv(PROG_FNV_INIT, &base, sizeof(base));
    h = prog_fnv(h, levels, (size_t)len * sizeof(levels[0]));
    h = prog_fnv(h, l2v, (size_t)len * sizeof(l2v[0]));
    memcpy(cleaned, visual, (size_t)len * sizeof(visual[0]));
    FriBidiStrIndex clen = fribidi_remove_bidi_marks(cleaned, len, NULL, NULL, NULL);
    FriBidiStrIndex out = fribidi_unicode_to_charset(cs, cleaned, clen, back);
    return prog_fnv(h, back, (size_t)out);
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 2000);
    printf("fribidi_bench: GNU FriBidi %s (Unicode %s), %ld lines\n", FRIBIDI_VERSION, fribidi_unicode_version, n);
    static const FriBidiParType dirs[] = { FRIBIDI_PAR_ON, FRIBIDI_PAR_LTR, FRIBIDI_PAR_RTL };
    prog_rng rng = { 0xb1d10000u };
    char line[MAXLEN];
    uint32_t total = PROG_FNV_INIT;
    long max_level = 0, chars = 0;
    for (long i = 0; i < n; i++) {
        size_t u = make_utf8(line, &rng);
        chars += (long)u;
        for (int d = 0; d < 3; d++) {
            uint32_t h = one(FRIBIDI_CHAR_SET_UTF8, line, u, dirs[d], &max_level);
            total = prog_fnv(total, &h, 4);
        }
        if (i == 0) {
            printf("first visual line: %s\n", back);
        }
        size_t c = make_caprtl(line, &rng);
        chars += (long)c;
        for (int d = 0; d < 3; d++) {
            uint32_t h = one(FRIBIDI_CHAR_SET_CAP_RTL, line, c, dirs[d], &max_level);
            total = prog_fnv(total, &h, 4);
        }
        if (i == 0) {
            printf("first CapRTL line: %s-> %s\n", line, back);
        }
    }
    printf("%ld bytes of text, deepest embedding level %ld\n", chars, max_level);
    printf("checksum=0x%08x\n", (unsigned)total);
    return 0;
}
