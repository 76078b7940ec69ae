// SPDX-License-Identifier: MIT
// PCRE 8.39 (Debian's pcre3 source package, the 8-bit library unchanged,
// built as debian/rules configures it: UTF-8 and Unicode properties; no JIT):
// the older PCRE, whose backtracking matcher recurses in C (match() calls
// itself at every backtracking point, a frame of a few hundred bytes each)
// where PCRE2 keeps its own frames on the heap. This driver compiles and
// studies 24 patterns (back-references, lookaround, atomic groups, possessive
// and lazy quantifiers, recursion, conditionals, named and duplicate groups,
// Unicode properties and case folding, callouts) and finds every match in a
// generated text of 1 KiB x N with pcre_exec, and from 64 starting points
// with pcre_dfa_exec (or its error code, where a pattern has an item the DFA
// matcher lacks); a recursion limit of 200 frames holds on every build.
// Match offsets, captures, error codes and callout counts are hashed.
//   pcre3_bench N
#include "prog_common.h"

#include "pcre.h"

static uint32_t h = PROG_FNV_INIT;
static long callouts;

static int count_callout(pcre_callout_block *b) {
    callouts++;
    h = prog_fnv(h, &b->callout_number, sizeof b->callout_number);
    h = prog_fnv(h, &b->current_position, sizeof b->current_position);
    return 0;
}

static const struct {
    const char *pattern;
    int options;
} patterns[] = {
    { "\\b(\\w+)\\s+\\1\\b", 0 },
    { "(?i)memory|module|instance|STACK", 0 },
    { "(\\w+)=(\\d+)(?:\\.(\\d+))?", 0 },
    { "^(?:[^\\n]*\\n){3}", PCRE_MULTILINE },
    { "(?<=the )\\w+", 0 },
    { "(?<!\\w)(\\w)(\\w)?(?(2)\\w|x)", 0 },
    { "\\((?:[^()]++|(?R))*\\)", 0 },
    { "(?>\\w+)\\d", 0 },
    { "\\w+?(?=[,.])", 0 },
    { "[aeiou]{2,}+[^aeiou\\s]", 0 },
    { "(?<word>\\w{4,})\\W+(?:\\w+\\W+){0,3}?\\k<word>", 0 },
    { "(?|(\\d+)|([a-z]+)|([A-Z]+))", 0 },
    { "(a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q|r|s|t|u|v|w|x|y|z| )*[0-9]", 0 },
    { "((?:x|y)*)*z", 0 },
    { "\\p{Lu}\\p{Ll}+", PCRE_UTF8 | PCRE_UCP },
    { "[\\x{100}-\\x{24F}\\x{391}-\\x{3C9}]+", PCRE_UTF8 },
    { "(?i)STRASSE|stra\\x{DF}e|\\x{3A3}\\x{3C3}", PCRE_UTF8 | PCRE_UCP },
    { "\\X{2,}?\\b", PCRE_UTF8 | PCRE_UCP },
    { "(?C1)(\\w+)(?C2)@(?C3)(\\w+)", 0 },
    { "^.*$", PCRE_MULTILINE },
    { "(?s)<([a-z]+)>.*?</\\1>", 0 },
    { "\\d{1,3}(?:\\.\\d{1,3}){3}", 0 },
    { "(?x) ( \\w+ ) \\s* : \\s* ( [^;]* ) ;", 0 },
    { "(?m)^\\s*(\\w+)(?:\\s+\\w+)*\\s*$", 0 },
};

// the text: words and numbers (prog_text), brackets, tags, pairs, e-mail-like
// words, and UTF-8 lines of Latin, Greek and combining marks
static char *make_subject(long n, size_t *len) {
    size_t size = 1024 * (size_t)n;
    char *s = malloc(size + 1);
    uint8_t *t = malloc(size);
    prog_text(t, size, 0x9c3e);
    static const char *const inserts[] = {
        "(a (b c) (d (e f)) g) ", "<em>the module</em> ", "key=12.5, x=7; ", "Ünïcödé Straße ΣΟΦΊΑ σοφία ", "10.0.0.1 ",
        "board@serial ", "name : value; ", "the the ", "e\xcc\x81t\xc3\xa9 ", "Aaaaaa1 ",
    };
    size_t at = 0;
    prog_rng r = { 0x1e57 };
    while (at < size) {
        size_t i = prog_rand(&r) % 10;
        size_t k = strlen(inserts[i]);
        size_t run = 16 + prog_rand(&r) % 80;
        if (at + run + k > size) {
            break;
        }
        memcpy(s + at, t + at, run);
        at += run;
        memcpy(s + at, inserts[i], k);
        at += k;
    }
    memset(s + at, ' ', size - at);
    s[size] = 0;
    free(t);
    *len = size;
    return s;
}

static void put_int(int32_t v) {
    h = prog_fnv(h, &v, sizeof v);
}

// every match of `re` in the subject, by pcre_exec; returns the count
static long all_matches(pcre *re, pcre_extra *extra, const char *s, int len, int utf, long *errors) {
    int ov[60];
    int start = 0;
    long count = 0;
    while (start <= len) {
        int rc = pcre_exec(re, extra, s, len, start, 0, ov, 60);
        if (rc == PCRE_ERROR_NOMATCH) {
            break;
        }
        if (rc < 0) {  // a limit: step over a character and go on
            put_int(rc);
            ++*errors;
            start++;
            while (utf && start < len && (s[start] & 0xC0) == 0x80) {
                start++;
            }
            continue;
        }
        count++;
        for (int i = 0; i < 2 * (rc > 0 ? rc : 20); i++) {
            put_int(ov[i]);
        }
        int next = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        while (utf && next < len && (s[next] & 0xC0) == 0x80) {
            next++;
        }
        start = next;
    }
    return count;
}

// matches by the DFA matcher (longest first at each start), from 64 starting points
static long dfa_matches(pcre *re, const char *s, int len) {
    int ov[40];
    int ws[200];
    long count = 0;
    for (int start = 0; start < len; start += len / 64 + 1) {
        while (start < len && (s[start] & 0xC0) == 0x80) {
            start++;
        }
        int rc = pcre_dfa_exec(re, NULL, s, len, start, 0, ov, 40, ws, 200);
        put_int(rc);
        if (rc >= 0) {
            count++;
            put_int(ov[0]);
            put_int(ov[1]);
        }
    }
    return count;
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    size_t len;
    char *s = make_subject(n, &len);
    pcre_callout = count_callout;
    printf("PCRE %s, %zu bytes of text\n", pcre_version(), len);
    long total = 0;
    for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
        const char *err;
        int erroff;
        pcre *re = pcre_compile(patterns[p].pattern, patterns[p].options, &err, &erroff, NULL);
        if (re == NULL) {
            printf("pattern %2zu: compile error at %d: %s\n", p, erroff, err);
            continue;
        }
        pcre_extra *extra = pcre_study(re, 0, &err);
        if (extra == NULL) {
            extra = calloc(1, sizeof *extra);
        }
        extra->flags |= PCRE_EXTRA_MATCH_LIMIT_RECURSION | PCRE_EXTRA_MATCH_LIMIT;
        // at most 200 frames of match() on the stack: about 30 slots of the engine's value stack each
        // (600 frames exhaust the host's default 16,384 slots: a clean "call stack exhausted" trap,
        // the native bytes with wasm.stack_size(32768)), so they fit a board's 8,192
        extra->match_limit_recursion = 200;
        extra->match_limit = 200000;
        int captures = 0;  // (not PCRE_INFO_SIZE: the compiled pattern holds pointers, 8 bytes more on x86-64)
        pcre_fullinfo(re, extra, PCRE_INFO_CAPTURECOUNT, &captures);
        long errors = 0;
        long before = callouts;
        long found = all_matches(re, extra, s, (int)len, patterns[p].options & PCRE_UTF8, &errors);
        long dfa = dfa_matches(re, s, (int)len);  // an item the DFA matcher lacks: its error code, hashed
        printf("pattern %2zu: %d captures: %6ld matches, %ld limited, dfa %ld, callouts %ld\n", p, captures, found,
            errors, dfa, callouts - before);
        put_int((int32_t)found);
        total += found;
        pcre_free_study(extra);
        pcre_free(re);
    }
    free(s);
    printf("matches %ld\n", total);
    printf("checksum=0x%08x\n", (unsigned)h);
    printf("all ok\n");
    return 0;
}
