// SPDX-License-Identifier: MIT
// json-c (Debian's json-c source package, the library's files unchanged):
// printf and strtod at their busiest. N rounds each build a document of 400
// numbers of every shape (doubles from 1e-300 to 1e300, subnormals, -0,
// decimal fractions, whole doubles, int64 and uint64 at their limits) beside
// strings with escapes and \u sequences and nested objects; each round
// prints it plain, spaced and pretty (doubles with json-c's "%.17g"), with
// "%.6e" and with "%.10g", parses every text back with the incremental
// tokener fed in pieces (strtod on each number), and checks the value equal
// (json_object_equal; the 17-digit doubles exact). Then sorting an array of
// doubles, JSON pointers, and malformed texts that must be refused. Prints
// sizes and an FNV of every text.
//   jsonc_bench N
#include "prog_common.h"

#include <math.h>

#include "json.h"

static uint32_t sum = PROG_FNV_INIT;

static double power_of_ten(int e) {
    double v = 1.0;
    for (int i = 0; i < (e < 0 ? -e : e); i++) {
        v = e < 0 ? v / 10.0 : v * 10.0;
    }
    return v;
}

static double a_double(prog_rng *r) {
    uint32_t x = prog_rand(r), y = prog_rand(r);
    switch (x % 8) {
        case 0:  // anywhere in the range, full 53-bit mantissa
            return ldexp((double)(((uint64_t)y << 21) ^ (x >> 3)), (int)(y % 1900) - 1000 - 53);
        case 1:  // a decimal fraction with few digits
            return (double)((int32_t)y % 1000000) / 1000.0;
        case 2:  // a whole number held as a double
            return (double)((int64_t)y * 1000 - 7);
        case 3:  // small, negative
            return -ldexp(1.0 + (double)(y & 0xfffff) / 1048576.0, -(int)(y % 60));
        case 4:  // subnormal
            return ldexp((double)(y | 1), -1074 + (int)(x >> 28));
        case 5:  // near the top
            return ldexp(1.0 - (double)(y & 0xffff) / 1e9, 1000 + (int)(y % 23));
        case 6:
            return (x & 8) ? -0.0 : 0.5;
        default:  // powers of ten, exact and not: by multiplies and divides (libm's pow may
                  // round the last bit differently in glibc and wasi-libc)
            return power_of_ten((int)(y % 600) - 300);
    }
}

static json_object *document(prog_rng *r) {
    json_object *root = json_object_new_object();
    json_object *nums = json_object_new_array_ext(400);
    for (int i = 0; i < 400; i++) {
        uint32_t x = prog_rand(r);
        json_object *v;
        if (x % 5 == 0) {
            v = json_object_new_int64((x & 64) ? INT64_MIN + (int64_t)(x >> 8) : (int64_t)x * 1000003);
        } else if (x % 5 == 1) {
            v = json_object_new_uint64(UINT64_MAX - (uint64_t)(x >> 4));
        } else {
            v = json_object_new_double(a_double(r));
        }
        json_object_array_add(nums, v);
    }
    json_object_object_add(root, "numbers", nums);
    json_object *strs = json_object_new_array();
    static const char *const bits[] = { "plain", "tab\there", "quote\"d", "back\\slash", "nl\n", "\xc3\xa9t\xc3\xa9",
        "\xf0\x9f\x98\x80", "ctl\x01\x1f", "/slash/" };
    for (int i = 0; i < 40; i++) {
        char s[96];
        uint32_t x = prog_rand(r);
        int n = snprintf(s, sizeof(s), "%s-%u-%s", bits[x % 9], (unsigned)(x >> 16), bits[(x >> 8) % 9]);
        json_object_array_add(strs, json_object_new_string_len(s, n));
    }
    json_object_object_add(root, "strings", strs);
    json_object *deep = json_object_new_object();
    json_object *at = deep;
    for (int d = 0; d < 12; d++) {
        json_object *next = json_object_new_object();
        json_object_object_add(at, "value", json_object_new_double((double)d / 3.0));
        json_object_object_add(at, "flag", json_object_new_boolean(d & 1));
        json_object_object_add(at, "none", NULL);
        json_object_object_add(at, "next", next);
        at = next;
    }
    json_object_object_add(root, "deep", deep);
    return root;
}

// Parse text in pieces of 1..600 bytes; NULL (and the error printed) when refused.
static json_object *parse(const char *text, uint32_t seed, enum json_tokener_error *err) {
    json_tokener *tok = json_tokener_new();
    prog_rng r = { seed };
    size_t len = strlen(text), at = 0;
    json_object *v = NULL;
    *err = json_tokener_continue;
    while (at < len) {
        size_t n = prog_rand(&r) % 600 + 1;
        n = n > len - at ? len - at : n;
        v = json_tokener_parse_ex(tok, text + at, (int)n);
        *err = json_tokener_get_error(tok);
        at += n;
        if (*err != json_tokener_continue) {
            break;
        }
    }
    if (*err == json_tokener_continue) {  // the end of the text ends a number at the top level
        v = json_tokener_parse_ex(tok, "", 1);
        *err = json_tokener_get_error(tok);
    }
    json_tokener_free(tok);
    return *err == json_tokener_success ? v : NULL;
}

// By value, ties (-0 and 0, 5 and 5.0, two int64 one double apart) by their text: the C
// library's qsort is not stable (glibc's merges, wasi-libc's is a smoothsort), so equal
// elements must not be left in the order it happens to leave them
static int by_value(const void *a, const void *b) {
    json_object *p = *(json_object *const *)a, *q = *(json_object *const *)b;
    double x = json_object_get_double(p), y = json_object_get_double(q);
    if (x != y) {
        return x < y ? -1 : 1;
    }
    return strcmp(json_object_to_json_string(p), json_object_to_json_string(q));
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    static const struct {
        const char *name;
        int flags;
        const char *format;  // NULL: json-c's own "%.17g"
        int exact;  // whether the numbers come back equal
    } ways[] = {
        { "plain", JSON_C_TO_STRING_PLAIN, NULL, 1 },
        { "spaced", JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE, NULL, 1 },
        { "pretty", JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_PRETTY_TAB, NULL, 1 },
        { "%.6e", JSON_C_TO_STRING_PLAIN, "%.6e", 0 },
        { "%.10g", JSON_C_TO_STRING_PLAIN, "%.10g", 0 },
    };
    printf("json-c %s\n", json_c_version());
    for (long round = 0; round < n; round++) {
        prog_rng r = { 1000u + (uint32_t)round };
        json_object *doc = document(&r);
        for (size_t w = 0; w < sizeof(ways) / sizeof(ways[0]); w++) {
            json_c_set_serialization_double_format(ways[w].format, JSON_C_OPTION_GLOBAL);
            const char *text = json_object_to_json_string_ext(doc, ways[w].flags);
            sum = prog_fnv(sum, text, strlen(text));
            enum json_tokener_error err;
            json_object *back = parse(text, (uint32_t)(round * 8 + w + 1), &err);
            prog_check("parsed back", back != NULL);
            if (ways[w].exact) {
                prog_check("equal after the round trip", json_object_equal(doc, back));
            }
            // the parsed copy printed the default way: the numbers it read
            json_c_set_serialization_double_format(NULL, JSON_C_OPTION_GLOBAL);
            const char *again = json_object_to_json_string_ext(back, JSON_C_TO_STRING_PLAIN);
            sum = prog_fnv(sum, again, strlen(again));
            if (round == 0) {
                printf("%-7s %6zu bytes, read back and printed %6zu bytes\n", ways[w].name, strlen(text),
                    strlen(again));
            }
            json_object_put(back);
        }
        // the numbers sorted by value, then a few of them by JSON pointer
        json_object *nums = NULL;
        json_object_object_get_ex(doc, "numbers", &nums);
        json_object_array_sort(nums, by_value);
        json_object *first = NULL, *last = NULL, *deepest = NULL;
        json_pointer_get(doc, "/numbers/0", &first);
        json_pointer_get(doc, "/numbers/399", &last);
        json_pointer_get(doc, "/deep/next/next/next/next/next/value", &deepest);
        prog_check("pointers", first != NULL && last != NULL && deepest != NULL);
        json_pointer_set(&doc, "/deep/next/added", json_object_new_double_s(0.1, "0.1000"));
        const char *sorted = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN);
        sum = prog_fnv(sum, sorted, strlen(sorted));
        if (round == 0) {
            printf("sorted: %s .. %s; deep %s\n", json_object_to_json_string(first),
                json_object_to_json_string(last), json_object_to_json_string(deepest));
        }
        json_object_put(doc);
    }
    static const char *const bad[] = { "[1, 2", "{\"a\" 1}", "[01]", "\"\\uZZZZ\"", "[1.e5]", "{\"a\":tru}",
        "[1,]x", "-", "\"\\ud800\"" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        enum json_tokener_error err;
        json_object *v = parse(bad[i], 5, &err);
        printf("bad %-12s %s\n", bad[i], v ? json_object_to_json_string(v) : json_tokener_error_desc(err));
        sum = prog_fnv(sum, &err, sizeof(err));
        json_object_put(v);
    }
    printf("json-c n=%ld: %s\n", n, prog_failures ? "FAILED" : "every value read back equal");
    printf("checksum=0x%08x\n", (unsigned)sum);
    return prog_failures != 0;
}
