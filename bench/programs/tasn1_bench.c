// SPDX-License-Identifier: MIT
// libtasn1 (Debian's libtasn1-6 source package, lib/*.c and gnulib's c-ctype
// unchanged): GnuTLS's ASN.1 library, a tree of nodes built from compiled
// definitions (upstream's tests/Test_tree_asn1_tab.c, made by its asn1Parser
// from tests/Test_tree.asn), values written into it by name, DER encoding,
// decoding (a recursive descent over tags and lengths) into a fresh tree,
// values read back. Per round: Sequence1 (named and default integers, a SET
// OF INTEGER sorted in DER, an OID, octets, ANY DEFINED BY), OidAndTimeTest
// (UTCTime, GeneralizedTime, booleans, bit strings, enumerations),
// SequenceTestTag (explicit and implicit tags, strings), the AnyTest2 CHOICE
// and IndefiniteLengthTest; each encoded, decoded, read back, encoded again
// (the same bytes) and its element's offsets found (startEnd); then damaged
// and cut-short encodings, whose errors are printed; simple DER values of
// every string type and lengths of every size both ways.
//   tasn1_bench N
#include "prog_common.h"

#include <libtasn1.h>

extern const asn1_static_node Test_tree_asn1_tab[];

static uint32_t h = PROG_FNV_INIT;
static asn1_node defs;
static int errors_seen[32];

static void put(asn1_node el, const char *name, const void *value, int len) {
    int rc = asn1_write_value(el, name, value, len);
    if (rc != ASN1_SUCCESS) {
        printf("write %s: %s FAILED\n", name, asn1_strerror(rc));
        prog_failures++;
    }
}

static void putf(asn1_node el, const char *name, const char *fmt, long v) {
    char text[64];
    snprintf(text, sizeof(text), fmt, v);
    put(el, name, text, 0);
}

// Encode `el`, decode into a new `type`, read `names` back from both (the
// same bytes), encode the copy again (the same DER); return the DER's length.
static int round_trip(asn1_node el, const char *type, const char *const *names, uint8_t *der, int cap) {
    char err[ASN1_MAX_ERROR_DESCRIPTION_SIZE];
    int len = cap;
    int rc = asn1_der_coding(el, "", der, &len, err);
    if (rc != ASN1_SUCCESS) {
        printf("%s: coding %s (%s) FAILED\n", type, asn1_strerror(rc), err);
        prog_failures++;
        return 0;
    }
    h = prog_fnv(h, der, (size_t)len);
    asn1_node copy = NULL;
    asn1_create_element(defs, type, &copy);
    rc = asn1_der_decoding(&copy, der, len, err);
    prog_check("decoding", rc == ASN1_SUCCESS);
    for (const char *const *n = names; *n; n++) {
        uint8_t a[512], b[512];
        int la = sizeof(a), lb = sizeof(b);
        unsigned ta = 0, tb = 0;
        int ra = asn1_read_value_type(el, *n, a, &la, &ta);
        int rb = asn1_read_value_type(copy, *n, b, &lb, &tb);
        size_t bytes = ta == ASN1_ETYPE_BIT_STRING ? ((size_t)la + 7) / 8 : (size_t)la; // a BIT STRING's length is in bits
        if (ra != rb || ta != tb || (ra == ASN1_SUCCESS && (la != lb || memcmp(a, b, bytes) != 0))) {
            printf("%s.%s: read back differs (%d/%d) FAILED\n", type, *n, ra, rb);
            prog_failures++;
        }
        if (ra == ASN1_SUCCESS) {
            h = prog_fnv(h, a, bytes);
        }
    }
    uint8_t again[4096];
    int len2 = sizeof(again);
    rc = asn1_der_coding(copy, "", again, &len2, err);
    prog_check("encoded again: the same DER", rc == ASN1_SUCCESS && len2 == len && memcmp(again, der, (size_t)len) == 0);
    int start = -1, end = -1;
    rc = asn1_der_decoding_startEnd(copy, der, len, names[0], &start, &end);
    prog_check("startEnd", rc == ASN1_SUCCESS && start >= 0 && end < len);
    h = prog_fnv(h, &start, sizeof(start));
    asn1_delete_structure(&copy);
    return len;
}

// Damaged and cut-short copies of `der`: each must fail to decode (or decode
// to something that encodes back other bytes); the errors are counted.
static void damage(const char *type, const uint8_t *der, int len, prog_rng *r) {
    char err[ASN1_MAX_ERROR_DESCRIPTION_SIZE];
    uint8_t bad[4096];
    for (int k = 0; k < 12; k++) {
        memcpy(bad, der, (size_t)len);
        int blen = len;
        if (k % 3 == 0) {
            blen = (int)(prog_rand(r) % (uint32_t)len);
        } else if (k % 3 == 1) {
            uint32_t at = prog_rand(r) % (uint32_t)len; // one call a statement: argument order is unspecified
            bad[at] ^= (uint8_t)(1u << (prog_rand(r) % 8));
        } else {
            bad[1 + prog_rand(r) % (uint32_t)(len - 1)] = 0x84; // a long-form length that runs past the end
        }
        asn1_node el = NULL;
        asn1_create_element(defs, type, &el);
        int rc = asn1_der_decoding(&el, bad, blen, err);
        errors_seen[rc >= 0 && rc < 32 ? rc : 31]++;
        asn1_delete_structure(&el);
    }
}

static void sequence1(long round, prog_rng *r, uint8_t *der) {
    static const char *const names[] = { "int2", "int1", "seq", "id", "oct", "any1", NULL };
    asn1_node el = NULL;
    asn1_create_element(defs, "TEST_TREE.Sequence1", &el);
    static const char *const named[] = { "v1", "v2", "v3" };
    put(el, "int1", named[round % 3], 0); // v2 is the DEFAULT: DER leaves it out
    long v = (long)(int32_t)prog_rand(r);
    putf(el, "int2", "%ld", v >> (prog_rand(r) % 31));
    int n = (int)(prog_rand(r) % 9);
    for (int i = 0; i < n; i++) {
        put(el, "seq", "NEW", 1);
        putf(el, "seq.?LAST", "%ld", (long)(int32_t)prog_rand(r) % 100000);
    }
    char oid[128];
    unsigned arc[4];
    for (int i = 0; i < 4; i++) {
        static const unsigned limit[4] = { 40, 200000, 128, 1000000000u };
        arc[i] = prog_rand(r) % limit[i];
    }
    snprintf(oid, sizeof(oid), "1.%u.%u.%u.%u", arc[0], arc[1], arc[2], arc[3]);
    put(el, "id", oid, 1);
    uint8_t oct[300];
    int olen = (int)(prog_rand(r) % sizeof(oct));
    for (int i = 0; i < olen; i++) {
        oct[i] = (uint8_t)prog_rand(r);
    }
    put(el, "oct", oct, olen);
    if (round & 1) {
        static const uint8_t any[] = { 0x02, 0x02, 0x01, 0x2c }; // INTEGER 300
        put(el, "any1", any, sizeof(any));
    } else {
        put(el, "any1", NULL, 0);
    }
    int len = round_trip(el, "TEST_TREE.Sequence1", names, der, 4096);
    char text[64];
    int tl = sizeof(text);
    asn1_read_value(el, "id", text, &tl);
    int count = 0;
    asn1_number_of_elements(el, "seq", &count);
    if (round < 3) {
        printf("Sequence1 %ld: %d bytes, %d in the set, id %s\n", round, len, count, text);
    }
    damage("TEST_TREE.Sequence1", der, len, r);
    asn1_delete_structure(&el);
}

static void oid_and_time(long round, prog_rng *r, uint8_t *der) {
    static const char *const names[] = { "time1", "set", "oid", "time2", "bol", "oct", "bit", "bol2", "enum", "gen",
        NULL };
    asn1_node el = NULL;
    asn1_create_element(defs, "TEST_TREE.OidAndTimeTest", &el);
    for (int i = 0; i < 1 + (int)(round % 4); i++) {
        put(el, "set", "NEW", 1);
        putf(el, "set.?LAST", "%ld", (long)(prog_rand(r) % 1000) - 500);
    }
    put(el, "oid", "2.5.29.17", 1);
    unsigned y = prog_rand(r);
    char t[64];
    snprintf(t, sizeof(t), "%04u%02u%02u%02u%02u%02u.%03uZ", 1990 + y % 60, 1 + y % 12, 1 + y % 28, y % 24, y % 60,
        (y >> 8) % 60, (y >> 4) % 1000);
    put(el, "time2", t, (int)strlen(t));
    snprintf(t, sizeof(t), "%02u%02u%02u%02u%02uZ", y % 100, 1 + (y >> 3) % 12, 1 + (y >> 5) % 28, (y >> 7) % 24,
        (y >> 9) % 60);
    put(el, "time1", t, (int)strlen(t));
    put(el, "bol", (y & 1) ? "TRUE" : "FALSE", 1);
    put(el, "oct", t, (int)strlen(t));
    uint8_t bits[8] = { (uint8_t)y, (uint8_t)(y >> 8), (uint8_t)(y >> 16), 0xa5, 0x5a, 1, 2, 3 };
    int nbits = (int)(1 + y % 61);
    bits[(nbits - 1) / 8] &= (uint8_t)(0xff00u >> (1 + (nbits - 1) % 8)); // DER's unused bits are zero
    put(el, "bit", bits, nbits); // a length in bits
    put(el, "bol2", (y & 2) ? "TRUE" : "FALSE", 1); // TRUE, the DEFAULT, is left out of the DER
    put(el, "enum", (y & 4) ? "v2" : "v1", 0);
    put(el, "gen", "general", 7);
    put(el, "any", NULL, 0);
    int len = round_trip(el, "TEST_TREE.OidAndTimeTest", names, der, 4096);
    if (round < 3) {
        printf("OidAndTimeTest %ld: %d bytes, %s\n", round, len, t);
    }
    damage("TEST_TREE.OidAndTimeTest", der, len, r);
    asn1_delete_structure(&el);
}

static void tagged(long round, prog_rng *r, uint8_t *der) {
    static const char *const names[] = { "int1", "int2", "str1", "str2", "str3", NULL };
    asn1_node el = NULL;
    asn1_create_element(defs, "TEST_TREE.SequenceTestTag", &el);
    putf(el, "int1", "%ld", (long)(prog_rand(r) % 70000) - 35000);
    putf(el, "int2", "%ld", -(long)(prog_rand(r) % 300));
    char s[80];
    int sl = snprintf(s, sizeof(s), "Printable %ld (%u)", round, (unsigned)prog_rand(r) % 1000);
    put(el, "str1", s, sl);
    uint8_t u[16] = { 0, 0, 0, 'a', 0, 0, 0x30, 0x42, 0, 1, 0xf6, 0x00, 0, 0, 0, 'z' };
    put(el, "str2", u, 16);
    put(el, "str3", u, 8);
    round_trip(el, "TEST_TREE.SequenceTestTag", names, der, 4096);
    asn1_delete_structure(&el);

    static const char *const cnames[] = { "", NULL };
    asn1_create_element(defs, "TEST_TREE.AnyTest2", &el);
    if (round & 1) {
        put(el, "", "int", 1);
        putf(el, "int", "%ld", (long)round * 1000003);
    } else {
        put(el, "", "str", 1);
        put(el, "str", s, sl);
    }
    round_trip(el, "TEST_TREE.AnyTest2", cnames, der, 4096);
    asn1_delete_structure(&el);
}

// simple values: every string type encoded and decoded, DER lengths of every size
static void simple(prog_rng *r) {
    static const unsigned types[] = { ASN1_ETYPE_OCTET_STRING, ASN1_ETYPE_GENERALSTRING, ASN1_ETYPE_NUMERIC_STRING,
        ASN1_ETYPE_IA5_STRING, ASN1_ETYPE_TELETEX_STRING, ASN1_ETYPE_PRINTABLE_STRING, ASN1_ETYPE_UNIVERSAL_STRING,
        ASN1_ETYPE_BMP_STRING, ASN1_ETYPE_UTF8_STRING, ASN1_ETYPE_VISIBLE_STRING }; // the string types it decodes
    static uint8_t str[70000]; // not on the stack: a wasm program's is 64 KiB
    int ok = 0, total = 0;
    for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
        for (unsigned len = 1; len < 70000; len = len * 3 + 1 + prog_rand(r) % 7) { // it refuses an empty one
            for (unsigned i = 0; i < len; i++) {
                str[i] = (uint8_t)('0' + (i * 7 + t) % 10);
            }
            uint8_t tl[16];
            unsigned tllen = sizeof(tl);
            int rc = asn1_encode_simple_der(types[t], str, len, tl, &tllen);
            total++;
            if (rc != ASN1_SUCCESS) {
                continue;
            }
            uint8_t *der = malloc(tllen + len);
            memcpy(der, tl, tllen);
            memcpy(der + tllen, str, len);
            const unsigned char *out = NULL;
            unsigned outlen = 0;
            rc = asn1_decode_simple_der(types[t], der, tllen + len, &out, &outlen);
            int dl = 0;
            long l = asn1_get_length_der(der + 1, (int)(tllen + len) - 1, &dl); // after a one-byte tag
            int good = rc == ASN1_SUCCESS && outlen == len && memcmp(out, str, len) == 0 && l == (long)len;
            if (!good) {
                printf("type %u len %u: rc %d outlen %u l %ld\n", types[t], len, rc, outlen, l);
            }
            ok += good;
            h = prog_fnv(h, tl, tllen);
            free(der);
        }
    }
    printf("simple values: %d of %d decoded back\n", ok, total);
    prog_check("simple values", ok == total);
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 16);
    char err[ASN1_MAX_ERROR_DESCRIPTION_SIZE];
    int rc = asn1_array2tree(Test_tree_asn1_tab, &defs, err);
    printf("libtasn1 %s, definitions: %s, %ld rounds\n", asn1_check_version(NULL), asn1_strerror(rc), n);
    prog_rng r = { 0x7a5e1u };
    uint8_t *der = malloc(4096);
    for (long round = 0; round < n; round++) {
        sequence1(round, &r, der);
        oid_and_time(round, &r, der);
        tagged(round, &r, der);
    }
    simple(&r);
    for (int i = 0; i < 32; i++) {
        if (errors_seen[i]) {
            printf("damaged: %4d x %s\n", errors_seen[i], asn1_strerror(i));
            h = prog_fnv(h, &errors_seen[i], sizeof(int));
        }
    }
    free(der);
    asn1_delete_structure(&defs);
    return prog_end(h);
}
