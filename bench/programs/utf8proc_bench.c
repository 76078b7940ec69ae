// SPDX-License-Identifier: MIT
// utf8proc (Debian's utf8proc source package, utf8proc.c unchanged; it includes
// utf8proc_data.c, the Unicode 15 tables): Julia's Unicode library. N rounds of
// generated UTF-8 text from many scripts (Latin with stacked combining marks,
// Greek, Cyrillic, Hangul syllables and conjoining jamo, CJK, Devanagari,
// Arabic, fullwidth forms and ligatures, emoji with skin tones, ZWJ sequences
// and flags, control and format characters) through every normalization form
// (NFD, NFC, NFKD, NFKC, NFKC_Casefold), utf8proc_map with case folding,
// mark stripping, lumping and newline conversion; the results checked against
// each other (NFC of NFD is NFC, NFD of NFC is NFD, NFKC of NFKD and of NFC
// is NFKC, NFKC_Casefold idempotent: the texts where all hold are counted;
// whether upper and lower case fold the same too); grapheme clusters counted
// with the stateful break rule, display widths, categories; case mappings and
// properties of every code point of planes 0 and 1; malformed UTF-8 refused
// with its error code. Every output is hashed.
//   utf8proc_bench N
#include "prog_common.h"

#include "utf8proc.h"

static uint32_t h = PROG_FNV_INIT;

static void hash_int(long v) {
    int32_t w = (int32_t)v;
    h = prog_fnv(h, &w, sizeof(w));
}

// code point ranges the generator draws from, each a script or a class of characters
static const int32_t ranges[][2] = {
    { 0x41, 0x5a }, // Latin capitals
    { 0x61, 0x7a }, // Latin small
    { 0xc0, 0x17f }, // Latin-1 and Extended-A: precomposed letters
    { 0x300, 0x36f }, // combining diacritical marks
    { 0x370, 0x3ff }, // Greek
    { 0x400, 0x4ff }, // Cyrillic
    { 0x1e00, 0x1eff }, // Latin Extended Additional (two marks composed)
    { 0xac00, 0xd7a3 }, // Hangul syllables
    { 0x1100, 0x11ff }, // conjoining jamo
    { 0x4e00, 0x4fff }, // CJK ideographs
    { 0x900, 0x97f }, // Devanagari
    { 0x600, 0x6ff }, // Arabic
    { 0xff01, 0xff5e }, // fullwidth forms (compatibility)
    { 0xfb00, 0xfb06 }, // ligatures ff, fi, fl, ffi, ffl, st
    { 0x2160, 0x217f }, // Roman numerals (compatibility, case)
    { 0x1f600, 0x1f64f }, // emoji
    { 0x1f3fb, 0x1f3ff }, // skin tone modifiers
    { 0x1f1e6, 0x1f1ff }, // regional indicators (flags)
    { 0x200b, 0x200f }, // ZWSP, ZWNJ, ZWJ, LRM, RLM
    { 0x1d400, 0x1d4ff }, // mathematical alphanumerics (compatibility)
    { 0x2000, 0x206f }, // general punctuation, spaces
    { 0x0, 0x1f }, // controls (newlines among them)
    { 0x10400, 0x1044f }, // Deseret (case above the BMP)
    { 0x3040, 0x30ff }, // kana
};
#define NRANGES ((int)(sizeof(ranges) / sizeof(ranges[0])))

// `count` code points of mixed text as UTF-8 into buf (NUL-terminated); returns its length
static size_t gen_text(uint8_t *buf, int count, prog_rng *r) {
    size_t n = 0;
    int range = 0;
    for (int i = 0; i < count; i++) {
        uint32_t x = prog_rand(r);
        if ((x & 7) == 0) {
            range = (int)((x >> 3) % NRANGES); // runs of one script, then another
        }
        int32_t lo = ranges[range][0], hi = ranges[range][1];
        int32_t cp = lo + (int32_t)((x >> 8) % (uint32_t)(hi - lo + 1));
        if (cp == 0) {
            cp = ' ';
        }
        if (((x >> 28) & 3) == 0 && range < 3) {
            cp = 0x300 + (int32_t)((x >> 16) % 0x70); // a combining mark after a letter
        }
        if (((x >> 26) & 15) == 1) {
            cp = 0x200d; // ZWJ between emoji and elsewhere
        }
        n += (size_t)utf8proc_encode_char(cp, buf + n);
    }
    buf[n] = 0;
    return n;
}

static size_t slen(const uint8_t *s) {
    return strlen((const char *)s);
}

static int same(const uint8_t *a, const uint8_t *b) {
    return strcmp((const char *)a, (const char *)b) == 0;
}

static void hash_str(const uint8_t *s) {
    hash_int((long)slen(s));
    h = prog_fnv(h, s, slen(s));
}

// grapheme clusters, display width and categories of a string, hashed; returns the cluster count
static long scan(const uint8_t *s, long *width) {
    utf8proc_int32_t prev = -1, cp;
    utf8proc_int32_t state = 0;
    long clusters = 0;
    size_t len = slen(s), at = 0;
    while (at < len) {
        utf8proc_ssize_t k = utf8proc_iterate(s + at, (utf8proc_ssize_t)(len - at), &cp);
        if (k <= 0) {
            return -1;
        }
        at += (size_t)k;
        if (prev < 0 || utf8proc_grapheme_break_stateful(prev, cp, &state)) {
            clusters++;
        }
        *width += utf8proc_charwidth(cp);
        hash_int(utf8proc_category(cp));
        prev = cp;
    }
    return clusters;
}

static int forms_agree(const uint8_t *text, long *counts) {
    uint8_t *nfd = utf8proc_NFD(text), *nfc = utf8proc_NFC(text);
    uint8_t *nfkd = utf8proc_NFKD(text), *nfkc = utf8proc_NFKC(text);
    uint8_t *cf = utf8proc_NFKC_Casefold(text);
    if (!nfd || !nfc || !nfkd || !nfkc || !cf) {
        return 0;
    }
    uint8_t *nfc_of_nfd = utf8proc_NFC(nfd), *nfd_of_nfc = utf8proc_NFD(nfc);
    uint8_t *nfkc_of_nfkd = utf8proc_NFKC(nfkd), *nfkc_of_nfc = utf8proc_NFKC(nfc);
    uint8_t *cf_again = utf8proc_NFKC_Casefold(cf);
    int ok = nfc_of_nfd && nfd_of_nfc && nfkc_of_nfkd && nfkc_of_nfc && cf_again;
    ok = ok && same(nfc_of_nfd, nfc) && same(nfd_of_nfc, nfd) && same(nfkc_of_nfkd, nfkc);
    ok = ok && same(nfkc_of_nfc, nfkc) && same(cf_again, cf);
    hash_str(nfd);
    hash_str(nfc);
    hash_str(nfkd);
    hash_str(nfkc);
    hash_str(cf);
    counts[0] += (long)slen(nfd);
    counts[1] += (long)slen(nfc);
    counts[2] += (long)slen(nfkd);
    counts[3] += (long)slen(nfkc);
    counts[4] += (long)slen(cf);
    long w = 0;
    long g1 = scan(nfc, &w), g2 = scan(nfd, &w);
    ok = ok && g1 >= 0 && g2 >= 0;
    counts[5] += g1;
    counts[6] += w;
    free(nfd);
    free(nfc);
    free(nfkd);
    free(nfkc);
    free(cf);
    free(nfc_of_nfd);
    free(nfd_of_nfc);
    free(nfkc_of_nfkd);
    free(nfkc_of_nfc);
    free(cf_again);
    return ok;
}

// utf8proc_map with a set of options: the result hashed, its length returned (or the error code)
static long map_with(const uint8_t *text, utf8proc_option_t opts) {
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map(text, 0, &out, opts | UTF8PROC_NULLTERM);
    if (n >= 0) {
        hash_str(out);
    }
    free(out);
    return n;
}

// upper and lower case of the text, per code point: whether NFKC_Casefold of both agrees
// (not always: U+0130's lower case is i, its case folding i and a combining dot)
static int case_agree(const uint8_t *text) {
    size_t len = slen(text);
    uint8_t *up = malloc(len * 2 + 8), *lo = malloc(len * 2 + 8);
    size_t nu = 0, nl = 0, at = 0;
    utf8proc_int32_t cp;
    while (at < len) {
        utf8proc_ssize_t k = utf8proc_iterate(text + at, (utf8proc_ssize_t)(len - at), &cp);
        at += (size_t)k;
        nu += (size_t)utf8proc_encode_char(utf8proc_toupper(cp), up + nu);
        nl += (size_t)utf8proc_encode_char(utf8proc_tolower(cp), lo + nl);
    }
    up[nu] = 0;
    lo[nl] = 0;
    uint8_t *a = utf8proc_NFKC_Casefold(up), *b = utf8proc_NFKC_Casefold(lo);
    int ok = a && b && same(a, b);
    hash_str(up);
    free(a);
    free(b);
    free(up);
    free(lo);
    return ok;
}

int main(int argc, char **argv) {
    long rounds = prog_size(argc, argv, 8);
    prog_rng r = { 0x5eed0030u };
    uint8_t *text = malloc(4 * 2000 + 1);
    long counts[7] = { 0 };
    long texts = 0, agree = 0, cases = 0, mapped = 0;
    printf("utf8proc %s, Unicode %s\n", utf8proc_version(), utf8proc_unicode_version());
    for (long round = 0; round < rounds; round++) {
        for (int t = 0; t < 16; t++) {
            gen_text(text, 200 + (int)(prog_rand(&r) % 1800), &r);
            texts++;
            agree += forms_agree(text, counts);
            cases += case_agree(text);
            mapped += map_with(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
            mapped += map_with(text, UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_LUMP);
            mapped += map_with(text, UTF8PROC_COMPOSE | UTF8PROC_NLF2LS | UTF8PROC_STRIPCC | UTF8PROC_CHARBOUND);
            mapped += map_with(text, UTF8PROC_COMPOSE | UTF8PROC_REJECTNA);
        }
    }
    printf("texts=%ld forms agree=%ld case-insensitive equal=%ld\n", texts, agree, cases);
    printf("bytes nfd=%ld nfc=%ld nfkd=%ld nfkc=%ld casefold=%ld mapped=%ld\n", counts[0], counts[1], counts[2],
        counts[3], counts[4], mapped);
    printf("graphemes=%ld width=%ld\n", counts[5], counts[6]);
    // counted, not required: utf8proc 2.8.0's NFC composes an LV syllable with a following U+11A7
    // as if it were a trailing consonant of index 0 and drops it, so NFD(NFC(x)) != NFD(x) for
    // such text (one of the 512 texts at N=32, natively as on wasm)

    // every code point of planes 0 and 1: properties, case mappings, widths
    long upper = 0, lower = 0, titled = 0, wide = 0, valid = 0;
    for (utf8proc_int32_t cp = 0; cp < 0x20000; cp++) {
        if (!utf8proc_codepoint_valid(cp)) {
            continue;
        }
        valid++;
        utf8proc_int32_t u = utf8proc_toupper(cp), l = utf8proc_tolower(cp), t = utf8proc_totitle(cp);
        upper += u != cp;
        lower += l != cp;
        titled += t != u;
        wide += utf8proc_charwidth(cp) == 2;
        const utf8proc_property_t *p = utf8proc_get_property(cp);
        hash_int(u ^ (l << 1) ^ (t << 2));
        hash_int(p->category | p->combining_class << 5 | p->bidi_class << 13 | p->boundclass << 18);
        hash_int(utf8proc_islower(cp) | utf8proc_isupper(cp) << 1);
    }
    printf("code points=%ld with upper=%ld lower=%ld title!=upper=%ld wide=%ld\n", valid, upper, lower, titled,
        wide);
    printf("category of U+00E9 %s, U+0301 %s, U+4E00 %s\n", utf8proc_category_string(0xe9),
        utf8proc_category_string(0x301), utf8proc_category_string(0x4e00));

    // malformed input: each refused with its error
    static const char *const bad[] = {
        "\xc3",
        "\xe2\x82",
        "\xf0\x9f\x98",
        "\xc0\xaf",
        "\xed\xa0\x80",
        "\xf4\x90\x80\x80",
        "\xff",
        "ab\x80",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        utf8proc_uint8_t *out = NULL;
        utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)bad[i], 0, &out, UTF8PROC_NULLTERM | UTF8PROC_COMPOSE);
        printf("bad[%zu]: %ld %s\n", i, (long)n, n < 0 ? utf8proc_errmsg(n) : "accepted");
        prog_check("malformed UTF-8 refused", n < 0);
        free(out);
    }
    free(text);
    return prog_end(h);
}
