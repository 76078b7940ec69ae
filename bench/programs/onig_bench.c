// SPDX-License-Identifier: MIT
// Oniguruma (Debian's libonig source package, src/ unchanged; the regex engine
// of Ruby and jq): generates N KiB of UTF-8 log text (Greek, Cyrillic, CJK,
// accented Latin, emoji) and searches it line by line with twelve patterns in
// the Ruby, Perl, Python and Java syntaxes: named groups and back references,
// lookbehind, atomic groups and possessive quantifiers, Unicode properties and
// case folding, recursion through a subexpression call (balanced brackets), the
// absent operator, grapheme clusters, a conditional; counts matches and hashes
// every match's offsets and named captures; then onig_scan over the whole text
// and a case-insensitive ISO-8859-1 search.
//   onig_bench N
#include "oniguruma.h"
#include "prog_common.h"

static const char *const words[] = {
    "memory", "Module", "τιμή", "Σίσυφος", "память", "Модуль", "表格", "函数", "café", "naïve", "STRASSE",
    "straße", "ǅemal", "ﬁle", "id=42", "x=(a(b)c)", "[1,[2,3]]", "0x1F", "👍🏽", "e\xcc\x81t\xc3\xa9", "user@example.com",
    "2024-03-15", "ERROR", "warn", "/usr/lib", "ab12cd", "ÀÉÎÕÜ", "\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8",
};

static size_t gen_text(char *out, size_t len) {
    prog_rng r = { 90210 };
    size_t n = 0;
    while (n < len) {
        uint32_t x = prog_rand(&r);
        const char *w = words[x % (sizeof(words) / sizeof(words[0]))];
        size_t l = strlen(w);
        memcpy(out + n, w, l);
        n += l;
        out[n++] = ((x >> 16) & 7) == 0 ? '\n' : (((x >> 16) & 7) == 1 ? ',' : ' ');
        if (((x >> 20) & 31) == 0) {
            n += (size_t)sprintf(out + n, "((%u(%u)[%u]))) ", x % 7, x % 11, x % 13);
        }
    }
    out[n++] = '\n';
    out[n] = 0;
    return n;
}

typedef struct pat {
    const char *re;
    OnigSyntaxType *syntax;
    OnigOptionType opt;
} pat;

static uint32_t name_hash;

static int each_name(const UChar *name, const UChar *name_end, int ngroups, int *group_list, regex_t *reg, void *arg) {
    OnigRegion *region = arg;
    for (int i = 0; i < ngroups; i++) {
        int g = group_list[i];
        name_hash = prog_fnv(name_hash, name, (size_t)(name_end - name));
        name_hash = prog_fnv(name_hash, &region->beg[g], sizeof(int));
    }
    (void)reg;
    return 0;
}

static int scanned;
static uint32_t scan_hash;

static int on_scan(int n, int r, OnigRegion *region, void *arg) {
    scanned++;
    scan_hash = prog_fnv(scan_hash, &r, sizeof(r));
    scan_hash = prog_fnv(scan_hash, &region->end[0], sizeof(int));
    (void)n;
    (void)arg;
    return 0;
}

int main(int argc, char **argv) {
    long kib = prog_size(argc, argv, 32);
    size_t len = (size_t)kib * 1024;
    char *text = malloc(len + 256);
    len = gen_text(text, len);
    OnigEncoding encs[] = { ONIG_ENCODING_UTF8, ONIG_ENCODING_ISO_8859_1 };
    onig_initialize(encs, 2);
    printf("oniguruma %s: %lu bytes of text\n", onig_version(), (unsigned long)len);

    const pat pats[] = {
        { "(?<user>[\\w.]+)@(?<host>\\w+)\\.(?<tld>com|org)", ONIG_SYNTAX_RUBY, ONIG_OPTION_NONE },
        { "(?<=\\s|^)(?<y>\\d{4})-(?<m>\\d\\d)-(?<d>\\d\\d)\\b", ONIG_SYNTAX_RUBY, ONIG_OPTION_NONE },
        { "\\p{Greek}+\\s+\\p{Cyrillic}+|\\p{Han}{2}", ONIG_SYNTAX_RUBY, ONIG_OPTION_NONE },
        { "strasse|modul|σίσυφοσ|ÀÉÎ", ONIG_SYNTAX_RUBY, ONIG_OPTION_IGNORECASE },
        { "(?<br>\\((?:[^()]|\\g<br>)*\\))", ONIG_SYNTAX_RUBY, ONIG_OPTION_NONE },
        { "(?>\\w+)(?<!ERROR)\\s\\w++,", ONIG_SYNTAX_RUBY, ONIG_OPTION_NONE },
        { "\\b(\\w+) (?:\\w+ )?\\1\\b", ONIG_SYNTAX_PERL, ONIG_OPTION_NONE },
        { "(?P<k>id|x)=(?P<v>\\d+|\\()", ONIG_SYNTAX_PYTHON, ONIG_OPTION_NONE },
        { "\\[(?~\\])\\]", ONIG_SYNTAX_RUBY, ONIG_OPTION_NONE },
        { "\\X\\X(?=\\s)", ONIG_SYNTAX_RUBY, ONIG_OPTION_NONE },
        { "(\\()?\\d+(?(1)\\)|,)", ONIG_SYNTAX_PERL, ONIG_OPTION_NONE },
        { "^\\s*(?:warn|error)\\b.*?$", ONIG_SYNTAX_JAVA, ONIG_OPTION_IGNORECASE | ONIG_OPTION_MULTILINE },
    };
    uint32_t h = PROG_FNV_INIT;
    OnigRegion *region = onig_region_new();
    for (size_t i = 0; i < sizeof(pats) / sizeof(pats[0]); i++) {
        regex_t *reg;
        OnigErrorInfo einfo;
        const UChar *re = (const UChar *)pats[i].re;
        int rc = onig_new(&reg, re, re + strlen(pats[i].re), pats[i].opt, ONIG_ENCODING_UTF8, pats[i].syntax, &einfo);
        if (rc != ONIG_NORMAL) {
            UChar msg[ONIG_MAX_ERROR_MESSAGE_LEN];
            onig_error_code_to_str(msg, rc, &einfo);
            printf("pattern %lu FAILED: %s\n", (unsigned long)i, msg);
            return 1;
        }
        unsigned long matches = 0, bytes = 0;
        name_hash = PROG_FNV_INIT;
        const UChar *start = (const UChar *)text, *end = start + len;
        const UChar *line = start;
        while (line < end) {
            const UChar *eol = memchr(line, '\n', (size_t)(end - line));
            eol = eol ? eol + 1 : end;
            const UChar *at = line;
            while (at <= eol) {
                int pos = onig_search(reg, line, eol, at, eol, region, ONIG_OPTION_NONE);
                if (pos < 0) {
                    break;
                }
                matches++;
                bytes += (unsigned long)(region->end[0] - region->beg[0]);
                h = prog_fnv(h, region->beg, sizeof(int) * (size_t)region->num_regs);
                if (onig_number_of_names(reg) > 0) {
                    onig_foreach_name(reg, each_name, region);
                }
                at = line + (region->end[0] > pos ? region->end[0] : pos + 1);
            }
            line = eol;
        }
        h ^= name_hash;
        printf("pattern %2lu: %5lu matches, %6lu bytes, %d groups, %d names\n", (unsigned long)i, matches, bytes,
            onig_number_of_captures(reg), onig_number_of_names(reg));
        onig_free(reg);
    }

    regex_t *word;
    OnigErrorInfo einfo;
    const UChar *wre = (const UChar *)"[\\p{L}\\p{M}]+";
    onig_new(&word, wre, wre + strlen((const char *)wre), ONIG_OPTION_NONE, ONIG_ENCODING_UTF8, ONIG_SYNTAX_RUBY,
        &einfo);
    scan_hash = PROG_FNV_INIT;
    onig_scan(word, (const UChar *)text, (const UChar *)text + len, region, ONIG_OPTION_NONE, on_scan, NULL);
    printf("scan: %d words, hash 0x%08x\n", scanned, (unsigned)scan_hash);
    h ^= scan_hash;
    onig_free(word);

    // Latin-1 text, caseless: 0xC0-0xDE fold to 0xE0-0xFE
    static const UChar latin[] = "Caf\xe9 CAF\xc9 na\xefve NA\xcfVE \xc0 la carte \xe0 LA CARTE";
    const UChar *lre = (const UChar *)"caf\xe9|na\xefve|\xe0 la";
    regex_t *lat;
    onig_new(&lat, lre, lre + strlen((const char *)lre), ONIG_OPTION_IGNORECASE, ONIG_ENCODING_ISO_8859_1,
        ONIG_SYNTAX_DEFAULT, &einfo);
    int found = 0;
    const UChar *lend = latin + sizeof(latin) - 1;
    for (const UChar *at = latin; onig_search(lat, latin, lend, at, lend, region, ONIG_OPTION_NONE) >= 0;) {
        found++;
        at = latin + region->end[0];
    }
    printf("latin-1 caseless: %d matches\n", found);
    onig_free(lat);
    onig_region_free(region, 1);
    onig_end();
    free(text);
    printf("checksum=0x%08x\n", (unsigned)h);
    return 0;
}
