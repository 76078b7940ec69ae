// SPDX-License-Identifier: MIT
// PCRE2 (Debian's pcre2 source package, the 8-bit library unchanged, the
// interpreter: no JIT): a set of patterns (alternations, classes, captures,
// backreferences, lookahead, a case-insensitive one, a UTF one) run over N KiB
// of generated log text with pcre2_match, and a global substitution; prints
// match counts and hashes the offsets of every match.
//   pcre2_bench N
#define PCRE2_CODE_UNIT_WIDTH 8
#include "pcre2.h"
#include "prog_common.h"

int main(int argc, char **argv) {
    size_t len = (size_t)prog_size(argc, argv, 64) * 1024;
    uint8_t *text = malloc(len);
    if (text == NULL) {
        printf("out of memory\n");
        return 1;
    }
    prog_text(text, len, 2024);
    static const char *const patterns[] = {
        "\\b(error|warning)\\b[^\\n]*\\b(\\d+)\\b",
        "(?i)\\bSTATUS\\s+\\w+",
        "\\b(\\w+) \\1\\b",
        "\\b[a-z]{6,}(?=,)",
        "(\\d{2,})\\s+(?:the|of|and)\\s+(\\w+)",
        "^(?:\\w+ ){3}\\w+$",
        "[aeiou]{2}[^aeiou\\s]+[aeiou]",
        "(?:memory|module|instance)(?: \\w+){0,2} (?:table|function|value)",
    };
    uint32_t h = PROG_FNV_INIT;
    for (size_t p = 0; p < sizeof(patterns) / sizeof(patterns[0]); p++) {
        int err;
        PCRE2_SIZE erroff;
        uint32_t opts = p == 5 ? PCRE2_MULTILINE : (p == 6 ? PCRE2_UTF : 0);
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)patterns[p], PCRE2_ZERO_TERMINATED, opts, &err, &erroff, NULL);
        if (re == NULL) {
            PCRE2_UCHAR msg[120];
            pcre2_get_error_message(err, msg, sizeof(msg));
            printf("pattern %zu: %s at %zu\n", p, (char *)msg, (size_t)erroff);
            return 1;
        }
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
        size_t off = 0;
        unsigned long count = 0;
        int rc;
        while (off <= len && (rc = pcre2_match(re, text, len, off, 0, md, NULL)) > 0) {
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            for (int g = 0; g < rc; g++) {
                uint32_t pair[2] = { (uint32_t)ov[2 * g], (uint32_t)ov[2 * g + 1] };
                h = prog_fnv(h, pair, sizeof(pair));
            }
            count++;
            off = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
        }
        if (rc < 0 && rc != PCRE2_ERROR_NOMATCH) {
            printf("pattern %zu: match error %d\n", p, rc);
            return 1;
        }
        printf("pattern %zu: %lu matches\n", p, count);
        pcre2_match_data_free(md);
        pcre2_code_free(re);
    }
    // a global substitution over the first 16 KiB
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)"(\\d+)", PCRE2_ZERO_TERMINATED, 0, &(int){ 0 }, &(PCRE2_SIZE){ 0 },
        NULL);
    size_t in = len < 16384 ? len : 16384, outlen = in * 3;
    PCRE2_UCHAR *out = malloc(outlen);
    int n = pcre2_substitute(re, text, in, 0, PCRE2_SUBSTITUTE_GLOBAL, NULL, NULL, (PCRE2_SPTR)"<$1>", 4, out,
        &outlen);
    printf("substitute: %d replacements, %zu bytes\n", n, (size_t)outlen);
    h = prog_fnv(h, out, outlen);
    pcre2_code_free(re);
    free(out);
    free(text);
    printf("checksum=0x%08x\n", (unsigned)h);
    return 0;
}
