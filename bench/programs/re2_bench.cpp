// SPDX-License-Identifier: MIT
// RE2 2022-06-01 (Debian's re2 source package, unchanged; its Unicode tables
// generated from Debian's unicode-data as Debian's build does): Google's
// regular expression library, which never backtracks: a pattern is parsed,
// simplified and compiled to a program run by a lazily built DFA, a one-pass
// machine, a bit-state backtracker or a Pike VM, whichever fits the call.
// This driver matches generated log lines (ASCII words and numbers, Greek and
// Cyrillic words in UTF-8) with partial matches and captures, consumes them
// token by token, rewrites them with global replacements, asks a set of 12
// patterns which match each line, and checks a few results by hand.
//   re2_bench N      (N lines of text, matched and rewritten)
#include "prog_common.h"

#include "re2/re2.h"
#include "re2/set.h"

#include <string>

// A line: ASCII words, numbers, a date, a key=value pair, an e-mail-like token, a Greek or Cyrillic word.
static std::string make_line(prog_rng *r) {
    static const char *const words[] = { "error", "warning", "info", "request", "response", "timeout",
        "module", "memory", "engine", "packet", "sensor", "flash" };
    static const char *const utf8[] = { "\xce\xb1\xce\xbb\xcf\x86\xce\xb1", // alpha-lambda-phi-alpha
        "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", // privet
        "\xce\x9b\xce\x9f\xce\x93\xce\x9f\xce\xa3", // LOGOS
        "\xd0\x9c\xd0\x98\xd0\xa0" }; // MIR
    std::string s;
    char tmp[64];
    uint32_t x = prog_rand(r);
    snprintf(tmp, sizeof(tmp), "2026-%02u-%02u %02u:%02u:%02u ", 1 + x % 12, 1 + (x >> 4) % 28, (x >> 9) % 24,
        (x >> 14) % 60, (x >> 20) % 60);
    s += tmp;
    int n = 4 + (int)(prog_rand(r) % 8);
    for (int i = 0; i < n; i++) {
        uint32_t y = prog_rand(r);
        switch (y % 7) {
            case 0:
                snprintf(tmp, sizeof(tmp), "%u", (y >> 8) % 100000);
                s += tmp;
                break;
            case 1:
                snprintf(tmp, sizeof(tmp), "%s=%u", words[(y >> 3) % 12], (y >> 12) % 1000);
                s += tmp;
                break;
            case 2:
                snprintf(tmp, sizeof(tmp), "%s.%s@example%u.org", words[(y >> 3) % 12], words[(y >> 7) % 12],
                    (y >> 11) % 10);
                s += tmp;
                break;
            case 3:
                s += utf8[(y >> 3) % 4];
                break;
            default:
                s += words[(y >> 3) % 12];
                if ((y >> 20) % 5 == 0) {
                    s[s.size() - 1] = (char)(s[s.size() - 1] - 32); // an upper-case last letter now and then
                }
                break;
        }
        s += ' ';
    }
    return s;
}

static uint32_t fnv_str(uint32_t h, const std::string &s) {
    return prog_fnv(h, s.data(), s.size());
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 2000);
    printf("re2_bench: RE2 (2022-06-01), %ld lines\n", n);

    RE2 date("(\\d{4})-(\\d\\d)-(\\d\\d) (\\d\\d):(\\d\\d):(\\d\\d)");
    RE2 kv("(\\w+)=(\\d+)");
    RE2 mail("([a-z]+)\\.([a-z]+)@([a-z]+\\d)\\.org");
    RE2 greek("(\\p{Greek}+)");
    RE2 cyrillic("(?i)(\\p{Cyrillic}+)");
    RE2 word_ci("(?i)\\b(ERROR|Warning|timeout)\\b");
    RE2 number("(\\d+)");
    RE2 token("\\s*(\\S+)");
    RE2 alt("(?:error|warning).*?(?:memory|flash|sensor)(?:=\\d+)?");
    RE2 repeat("(?:[a-z]+ ){3,}[a-z]+");
    const RE2 *all[] = { &date, &kv, &mail, &greek, &cyrillic, &word_ci, &number, &token, &alt, &repeat };
    for (const RE2 *re : all) {
        if (!re->ok()) {
            printf("pattern %s: %s\n", re->pattern().c_str(), re->error().c_str());
            return 1;
        }
    }

    RE2::Set set(RE2::DefaultOptions, RE2::UNANCHORED);
    static const char *const set_patterns[] = { "error", "warn(ing)?", "\\d{5}", "=\\d{3}\\b",
        "@example[0-4]", "\\p{Greek}", "\\p{Lu}{3}", "sensor.*flash",
        "timeout\\s+\\d", "^2026-0[1-6]", "[A-Z]\\s", "(?i)PACKET" };
    for (const char *p : set_patterns) {
        if (set.Add(p, NULL) < 0) {
            printf("set pattern %s refused\n", p);
            return 1;
        }
    }
    if (!set.Compile()) {
        printf("set did not compile\n");
        return 1;
    }

    prog_rng rng = { 0x2e200000u };
    uint32_t h = PROG_FNV_INIT;
    long dates = 0, kvs = 0, kv_sum = 0, mails = 0, greeks = 0, cyr = 0, words = 0, tokens = 0, alts = 0;
    long repeats = 0, set_hits = 0, replaced = 0;
    for (long i = 0; i < n; i++) {
        std::string line = make_line(&rng);
        int y, mo, d, hh, mi, ss;
        if (RE2::PartialMatch(line, date, &y, &mo, &d, &hh, &mi, &ss)) {
            dates++;
            h = prog_fnv(h, &mo, sizeof(mo));
            h = prog_fnv(h, &ss, sizeof(ss));
        }
        re2::StringPiece in(line);
        std::string key;
        int value;
        while (RE2::FindAndConsume(&in, kv, &key, &value)) {
            kvs++;
            kv_sum += value;
            h = fnv_str(h, key);
        }
        std::string user, host, dom;
        if (RE2::PartialMatch(line, mail, &user, &host, &dom)) {
            mails++;
            h = fnv_str(h, dom);
        }
        std::string g;
        if (RE2::PartialMatch(line, greek, &g)) {
            greeks++;
            h = fnv_str(h, g);
        }
        if (RE2::PartialMatch(line, cyrillic, &g)) {
            cyr++;
        }
        in = re2::StringPiece(line);
        while (RE2::FindAndConsume(&in, word_ci, &g)) {
            words++;
        }
        in = re2::StringPiece(line);
        std::string t;
        while (RE2::Consume(&in, token, &t)) {
            tokens++;
        }
        if (RE2::PartialMatch(line, alt)) {
            alts++;
        }
        if (RE2::PartialMatch(line, repeat)) {
            repeats++;
        }
        std::vector<int> hits;
        if (set.Match(line, &hits)) {
            for (int k : hits) {
                set_hits++;
                h = prog_fnv(h, &k, sizeof(k));
            }
        }
        std::string out = line;
        RE2::Replace(&out, date, "\\3/\\2/\\1");
        replaced += RE2::GlobalReplace(&out, mail, "\\2 at \\3");
        replaced += RE2::GlobalReplace(&out, number, "<\\1>");
        h = fnv_str(h, out);
        if (i == 0) {
            printf("first line rewritten: %s\n", out.c_str());
        }
    }
    // a few answers checked by hand, not only hashed
    std::string a, b;
    int num = 0;
    if (!RE2::FullMatch("key=123", kv, &a, &num) || a != "key" || num != 123) {
        printf("FullMatch key=123 wrong\n");
        return 1;
    }
    if (!RE2::FullMatch("\xce\xb1\xce\xb2\xce\xb3", greek, &b) || b.size() != 6) {
        printf("FullMatch greek wrong\n");
        return 1;
    }
    std::string quoted = RE2::QuoteMeta("a.b*c(d)");
    if (!RE2::FullMatch("a.b*c(d)", quoted) || RE2::FullMatch("axb*c(d)", quoted)) {
        printf("QuoteMeta wrong\n");
        return 1;
    }
    printf("dates %ld, key=value %ld (sum %ld), mails %ld, greek %ld, cyrillic %ld, words %ld, tokens %ld\n", dates,
        kvs, kv_sum, mails, greeks, cyr, words, tokens);
    printf("alternations %ld, repeats %ld, set hits %ld, replacements %ld, program sizes %d %d %d\n", alts, repeats,
        set_hits, replaced, date.ProgramSize(), alt.ProgramSize(), greek.ProgramSize());
    printf("checksum=0x%08x\n", (unsigned)h);
    return 0;
}
