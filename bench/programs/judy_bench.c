// SPDX-License-Identifier: MIT
// Judy 1.0.5 (Debian's judy source package, unchanged): Doug Baskins's Judy
// arrays, 256-ary digital trees whose nodes are bit-packed by population
// (linear leaves, bitmap leaves and branches, uncompressed branches), changed
// shape by cascading and decascading as they grow and shrink, each node a
// small malloc of a size from the generated tables. This driver, each round:
// JudyL (word -> word) with clustered and sparse 32-bit keys inserted, looked
// up (hits and misses), walked forwards and backwards, counted over ranges,
// indexed by count, and half deleted; Judy1 (a bit set) as a sieve of
// Eratosthenes with its count, first-empty and by-count queries; JudySL
// (string -> word) counting the words of a text and walked in sorted order;
// JudyHS (bytes -> word) over binary keys of many lengths. Keys stay below
// 2^32 so the 32-bit (wasm32) and 64-bit (native) builds compute the same; the
// memory figures (JudyLMemUsed, FreeArray's byte counts) differ by word size
// and are not printed.
//   judy_bench N      (N rounds)
#include "prog_common.h"

#include <Judy.h>

static uint32_t h = PROG_FNV_INIT;

static void hash_word(Word_t w) {
    uint32_t v = (uint32_t)w;
    h = prog_fnv(h, &v, sizeof v);
}

static void judyl_round(uint32_t seed, Word_t *out_count) {
    enum { KEYS = 4000 };
    Pvoid_t a = NULL;
    PWord_t pv;
    prog_rng r = { seed };
    static Word_t keys[KEYS];
    for (Word_t i = 0; i < KEYS; i++) {
        uint32_t x = prog_rand(&r);
        // a third in dense runs (leaves fill and turn to bitmaps), the rest spread over 32 bits
        Word_t k = (i % 3 == 0) ? (Word_t)(0x100000u + (i / 3) * 3u + (x & 1)) : (Word_t)x;
        keys[i] = k;
        JLI(pv, a, k);
        *pv += i + 1;
    }
    Word_t found = 0, missed = 0;
    for (Word_t i = 0; i < KEYS; i++) {
        JLG(pv, a, keys[i]);
        found += pv ? *pv : 0;
        JLG(pv, a, keys[i] ^ 0x80000000u);
        missed += pv == NULL;
    }
    hash_word(found);
    hash_word(missed);
    Word_t idx = 0, n = 0;
    JLF(pv, a, idx);
    while (pv) {
        hash_word(idx);
        hash_word(*pv);
        n++;
        JLN(pv, a, idx);
    }
    Word_t in_range;
    JLC(in_range, a, 0x100000u, 0x100000u + KEYS);
    hash_word(in_range);
    for (Word_t c = 1; c <= n; c += 97) {
        JLBC(pv, a, c, idx);
        hash_word(idx);
    }
    Word_t empty = 0x100000u;
    int rc;
    JLFE(rc, a, empty);
    hash_word(empty);
    for (Word_t i = 0; i < KEYS; i += 2) {
        JLD(rc, a, keys[i]);
    }
    idx = 0xffffffffu;
    JLL(pv, a, idx);
    while (pv) {
        hash_word(idx ^ *pv);
        JLP(pv, a, idx);
    }
    JLC(n, a, 0, 0xffffffffu);
    *out_count += n;
    Word_t bytes;
    JLFA(bytes, a);
    (void)bytes;
}

static void judy1_sieve(Word_t limit, Word_t *out_count) {
    Pvoid_t composite = NULL;
    int rc;
    for (Word_t p = 2; p * p <= limit; p++) {
        J1T(rc, composite, p);
        if (!rc) {
            for (Word_t m = p * p; m <= limit; m += p) {
                J1S(rc, composite, m);
            }
        }
    }
    Word_t composites;
    J1C(composites, composite, 2, limit);
    Word_t primes = limit - 1 - composites;
    hash_word(primes);
    // the primes are the empties: walk them
    Word_t p = 2;
    Word_t sum = 0;
    J1FE(rc, composite, p);
    while (rc && p <= limit) {
        sum += p;
        J1NE(rc, composite, p);
    }
    hash_word(sum);
    Word_t nth;
    J1BC(rc, composite, composites / 2, nth);
    hash_word(nth);
    *out_count += primes;
    J1FA(rc, composite);
}

static void judysl_words(uint32_t seed, Word_t *out_count) {
    enum { TEXT = 15000 };
    static uint8_t text[TEXT + 1];
    prog_text(text, TEXT, seed);
    text[TEXT] = 0;
    Pvoid_t words = NULL;
    PWord_t pv;
    uint8_t word[64];
    size_t at = 0;
    for (size_t i = 0; i <= TEXT; i++) {
        uint8_t c = text[i];
        if (c != 0 && c != ' ' && c != ',' && c != '\n' && at < sizeof word - 1) {
            word[at++] = c;
            continue;
        }
        if (at > 0) {
            word[at] = 0;
            JSLI(pv, words, word);
            ++*pv;
            at = 0;
        }
    }
    Word_t distinct = 0;
    word[0] = 0;
    JSLF(pv, words, word);
    while (pv) {
        h = prog_fnv(h, word, strlen((char *)word));
        hash_word(*pv);
        distinct++;
        JSLN(pv, words, word);
    }
    hash_word(distinct);
    *out_count += distinct;
    Word_t bytes;
    JSLFA(bytes, words);
    (void)bytes;
}

static void judyhs_bytes(uint32_t seed, Word_t *out_count) {
    enum { KEYS = 1000 };
    Pvoid_t a = NULL;
    PWord_t pv;
    prog_rng r = { seed };
    uint8_t key[40];
    for (Word_t i = 0; i < KEYS; i++) {
        size_t len = 1 + prog_rand(&r) % sizeof key;
        for (size_t k = 0; k < len; k++) {
            key[k] = (uint8_t)(prog_rand(&r) % 7);  // few values: shared prefixes, some repeats
        }
        JHSI(pv, a, key, len);
        *pv += 1;
    }
    r.s = seed;
    Word_t sum = 0;
    for (Word_t i = 0; i < KEYS; i++) {
        size_t len = 1 + prog_rand(&r) % sizeof key;
        for (size_t k = 0; k < len; k++) {
            key[k] = (uint8_t)(prog_rand(&r) % 7);
        }
        JHSG(pv, a, key, len);
        sum += pv ? *pv : 1000;
    }
    hash_word(sum);
    *out_count += sum;
    Word_t bytes;
    JHSFA(bytes, a);
    (void)bytes;
}

int main(int argc, char **argv) {
    long rounds = prog_size(argc, argv, 4);
    printf("Judy 1.0.5, %ld rounds\n", rounds);
    Word_t l = 0, primes = 0, words = 0, hs = 0;
    for (long i = 0; i < rounds; i++) {
        judyl_round(0x9e3779b9u + (uint32_t)i, &l);
        judy1_sieve(60000 + 1000 * (Word_t)i, &primes);
        judysl_words(7 + (uint32_t)i, &words);
        judyhs_bytes(0x1234567u + (uint32_t)i, &hs);
    }
    printf("JudyL keys left %lu, primes %lu, distinct words %lu, JudyHS hits %lu\n", (unsigned long)l,
           (unsigned long)primes, (unsigned long)words, (unsigned long)hs);
    return prog_end(h);
}
