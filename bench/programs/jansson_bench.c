// SPDX-License-Identifier: MIT
// Jansson (Debian's jansson source package, src/*.c unchanged): a JSON library
// other than cJSON, with its own parser, hash table (insertion-ordered objects),
// reference counting and printf-like pack/unpack. Each round builds a document of
// records (nested objects and arrays, integers, reals, strings with escapes and
// UTF-8), dumps it five ways (indented, compact, sorted keys, ASCII-only,
// real precision 6), loads every dump back and compares (json_equal, which must
// hold but for the rounded reals), packs and unpacks records, merges objects
// recursively, deep-copies and edits, and feeds the parser broken inputs whose
// error texts and positions are part of the output.
//   jansson_bench N
#include <jansson.h>
#include "prog_common.h"

static uint32_t h = PROG_FNV_INIT;

static void mix(const void *p, size_t n) {
    h = prog_fnv(h, p, n);
}

static void mix_str(const char *s) {
    mix(s, strlen(s));
}

static const char *const names[] = {
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "sensor", "timer", "flash", "heap", "stack", "table", "module", "value", "packet", "board",
};
#define NNAMES (sizeof(names) / sizeof(names[0]))

// a string with quotes, backslashes, control characters and 2-, 3- and 4-byte UTF-8
static json_t *odd_string(prog_rng *r) {
    static const char *const parts[] = {
        "plain", "\"quoted\"", "back\\slash", "tab\there", "line\nbreak", "caf\xc3\xa9", "\xe2\x82\xac" "5",
        "\xf0\x9f\x98\x80", "/slash/", "\x01\x1f", "\xe6\x97\xa5\xe6\x9c\xac", " ",
    };
    char buf[128];
    size_t n = 0;
    int k = 1 + (int)(prog_rand(r) % 5);
    for (int i = 0; i < k; i++) {
        const char *p = parts[prog_rand(r) % (sizeof(parts) / sizeof(parts[0]))];
        size_t l = strlen(p);
        if (n + l >= sizeof(buf)) {
            break;
        }
        memcpy(buf + n, p, l);
        n += l;
    }
    return json_stringn(buf, n);
}

static json_t *record(prog_rng *r, int id, int depth) {
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(id));
    json_object_set_new(o, "name", json_string(names[prog_rand(r) % NNAMES]));
    json_object_set_new(o, "big", json_integer((json_int_t)prog_rand(r) * 1000003 - 2000000000000LL));
    json_object_set_new(o, "ratio", json_real((double)(int32_t)prog_rand(r) / 65536.0));
    json_object_set_new(o, "tiny", json_real((double)(prog_rand(r) % 1000) * 1e-9));
    json_object_set_new(o, "ok", json_boolean(prog_rand(r) & 1));
    json_object_set_new(o, "none", json_null());
    json_object_set_new(o, "text", odd_string(r));
    json_t *a = json_array();
    int n = (int)(prog_rand(r) % 8);
    for (int i = 0; i < n; i++) {
        uint32_t x = prog_rand(r);
        json_array_append_new(a, (x & 3) == 0 ? json_real((double)x / 7.0) : json_integer((json_int_t)(x % 100000)));
    }
    json_object_set_new(o, "values", a);
    if (depth > 0 && (prog_rand(r) & 1)) {
        json_object_set_new(o, "child", record(r, id * 10 + 1, depth - 1));
    }
    json_t *tags = json_object();
    for (int i = 0; i < 3; i++) {
        json_object_set_new(tags, names[prog_rand(r) % NNAMES], json_integer(i));
    }
    json_object_set_new(o, "tags", tags);
    return o;
}

// dump with flags, load back, check; returns the dump's length
static size_t round_trip(json_t *doc, size_t flags, int exact) {
    char *s = json_dumps(doc, flags);
    if (s == NULL) {
        prog_check("json_dumps", 0);
        return 0;
    }
    size_t len = strlen(s);
    mix(s, len);
    json_error_t err;
    json_t *back = json_loads(s, JSON_REJECT_DUPLICATES, &err);
    prog_check("json_loads of a dump", back != NULL);
    if (back != NULL) {
        if (exact) {
            prog_check("json_equal after a round trip", json_equal(doc, back));
        }
        char *again = json_dumps(back, flags);
        prog_check("a dump of the loaded dump is the dump", again != NULL && strcmp(again, s) == 0);
        free(again);
        json_decref(back);
    }
    free(s);
    return len;
}

static void pack_unpack(prog_rng *r, int k) {
    json_error_t err;
    int i = (int)(prog_rand(r) % 1000);
    double d = (double)(prog_rand(r) % 100000) / 8.0;
    json_t *p = json_pack_ex(&err, 0, "{s:i, s:f, s:s#, s:[i,i,{s:b,s:n}], s:o, s:s++}", "i", i, "d", d, "s",
        names[k % NNAMES], 3, "a", k, -k, "t", k & 1, "z", "o", json_integer(k * 7), "cat", "ab", "cd", "ef");
    prog_check("json_pack", p != NULL);
    if (p == NULL) {
        return;
    }
    int i2, x, y, b;
    double d2;
    const char *s, *cat;
    size_t sl;
    json_t *o;
    int rc = json_unpack_ex(p, &err, JSON_STRICT, "{s:i, s:F, s:s%, s:[i,i,{s:b,s:n}], s:o, s:s}", "i", &i2, "d",
        &d2, "s", &s, &sl, "a", &x, &y, "t", &b, "z", "o", &o, "cat", &cat);
    prog_check("json_unpack", rc == 0 && i2 == i && d2 == d && x == k && y == -k && b == (k & 1) && sl == 3);
    prog_check("json_unpack s++", rc == 0 && strcmp(cat, "abcdef") == 0 && json_integer_value(o) == k * 7);
    // a strict unpack that leaves a key out fails, with a message
    rc = json_unpack_ex(p, &err, JSON_STRICT, "{s:i}", "i", &i2);
    prog_check("strict unpack rejects unused keys", rc != 0);
    if (k < 3) {
        printf("strict unpack: %s\n", err.text);
    }
    char *t = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
    mix_str(t);
    free(t);
    json_decref(p);
}

static const char *const broken[] = {
    "{\"a\": 1,}", "[1, 2", "{\"a\" 1}", "\"\\u12\"", "[tru]", "{\"a\":1, \"a\":2}", "[1e999]",
    "\"\\ud800\"", "[0123]", "{\"k\": [1, {\"x\": \"\xff\"}]}", "   ", "[\"\x01\"]", "9223372036854775808",
    "{\"nest\": [[[[[[[[[[{}]]]]]]]]]", "[-]", "\"abc", "[1.5e]", "nul",
};

static void bad_inputs(int verbose) {
    json_error_t err;
    for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
        json_t *j = json_loads(broken[i], JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
        prog_check("broken input rejected", j == NULL);
        json_decref(j);
        char line[256];
        int n = snprintf(line, sizeof(line), "%d:%d:%d %s", err.line, err.column, err.position, err.text);
        mix(line, (size_t)n);
        if (verbose) {
            printf("bad %2u: %s\n", (unsigned)i, line);
        }
    }
}

int main(int argc, char **argv) {
    long rounds = prog_size(argc, argv, 40);
    json_object_seed(0x5eed);  // the hash table's seed: no /dev/urandom, no clock
    printf("jansson %s, %ld rounds\n", jansson_version_str(), rounds);
    prog_rng r = { 0x2545f491u };
    size_t total = 0;
    long members = 0;
    for (long k = 0; k < rounds; k++) {
        json_t *doc = json_object();
        json_t *items = json_array();
        int n = 40 + (int)(k % 7) * 10;
        for (int i = 0; i < n; i++) {
            json_array_append_new(items, record(&r, (int)(k * 1000 + i), 3));
        }
        json_object_set_new(doc, "items", items);
        json_object_set_new(doc, "round", json_integer(k));
        json_object_set_new(doc, "title", odd_string(&r));
        total += round_trip(doc, JSON_INDENT(2), 1);
        total += round_trip(doc, JSON_COMPACT, 1);
        total += round_trip(doc, JSON_INDENT(1) | JSON_SORT_KEYS, 1);
        total += round_trip(doc, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_ESCAPE_SLASH, 1);
        total += round_trip(doc, JSON_REAL_PRECISION(6) | JSON_COMPACT, 0);

        // a deep copy is equal, and stops being equal after an edit deep inside
        json_t *copy = json_deep_copy(doc);
        prog_check("deep copy equal", json_equal(doc, copy));
        json_t *first = json_array_get(json_object_get(copy, "items"), 0);
        json_object_set_new(first, "name", json_string("edited"));
        json_array_remove(json_object_get(copy, "items"), 1);
        prog_check("edited copy differs", !json_equal(doc, copy));

        // recursive merge of every record's tags into one object, then iteration in insertion order
        json_t *merged = json_object();
        size_t idx;
        json_t *it;
        json_array_foreach(items, idx, it) {
            json_t *patch = json_pack("{s:{s:O}}", "tags", "all", json_object_get(it, "tags"));
            json_object_update_recursive(merged, patch);
            json_decref(patch);
            json_object_update_missing(merged, it);
        }
        const char *key;
        json_t *val;
        json_object_foreach(merged, key, val) {
            mix_str(key);
            members++;
        }
        json_object_foreach(json_object_get(json_object_get(merged, "tags"), "all"), key, val) {
            mix_str(key);
            json_int_t v = json_integer_value(val);
            mix(&v, sizeof(v));
            members++;
        }
        // delete every other key while iterating (the iterator API's safe way)
        void *iter = json_object_iter(copy);
        int del = 0;
        while (iter) {
            void *next = json_object_iter_next(copy, iter);
            if (del++ & 1) {
                json_object_del(copy, json_object_iter_key(iter));
            }
            iter = next;
        }
        members += (long)json_object_size(copy);
        json_decref(merged);
        json_decref(copy);

        for (int i = 0; i < 8; i++) {
            pack_unpack(&r, (int)(k * 8 + i));
        }
        bad_inputs(k == 0);
        json_decref(doc);
    }
    printf("dumped %lu bytes, %ld members\n", (unsigned long)total, members);
    printf("%s\n", prog_failures ? "some checks FAILED" : "all checks ok");
    printf("checksum=0x%08x\n", (unsigned)h);
    return prog_failures != 0;
}
