// SPDX-License-Identifier: MIT
// errors.c: the message tables: mw_status (traps use the spec's texts) and
// the details of load/link failures (mw_detail, mw_int.h).
#include "mw_int.h"

// Each table is its texts back to back, NUL-terminated, in enum order (no
// pointer array: 4 bytes of flash saved per message); lookups are cold, a scan.
// The details are packed by byte pairs (detail_text.h,
// scripts/gen_detail_text.py): a byte c with c ^ 0x80 below MW_DETAIL_NPAIRS
// stands for the two bytes of detail_pairs' entry c ^ 0x80, each a character
// or such a code again, and mw_detail_unpack writes the text out. An empty
// text (MW_D_NONE) reads as NULL.
#include "detail_text.h"

static const char mw_status_text[] =
    #define MW_X_TEXT(name, text) text "\0"
    MW_STATUS_LIST(MW_X_TEXT);
    #undef MW_X_TEXT

static const char mw_detail_text[] =
    #define MW_X_PACKED(name, text) MW_DP_##name "\0"
    MW_DETAIL_LIST(MW_X_PACKED);
    #undef MW_X_PACKED

// the pairs back to back (the string's NUL left out)
static const char detail_pairs[2 * MW_DETAIL_NPAIRS] = MW_DETAIL_PAIRS;

// Every text unpacked, with its NUL, fits the runtime's buffer.
typedef union {
    #define MW_X_SIZE(name, text) char name[sizeof(text)];
    MW_DETAIL_LIST(MW_X_SIZE)
    #undef MW_X_SIZE
} detail_sizes;
_Static_assert(sizeof(detail_sizes) <= MW_DETAIL_MAX, "a detail text is longer than MW_DETAIL_MAX");

static const char *nth_text(const char *t, unsigned n) {
    while (n--) {
        t += strlen(t) + 1;
    }
    return t;
}

// Symbol c written out at o, returning the end: a code's left half by
// recursion (at most 6 deep, 16 B of C stack a level on Cortex-M3: the
// generator's MAX_DEPTH), its right half by the loop.
static char *unpack_sym(uint8_t c, char *o) {
    unsigned k;
    while ((k = c ^ 0x80u) < MW_DETAIL_NPAIRS) {
        o = unpack_sym((uint8_t)detail_pairs[2 * k], o);
        c = (uint8_t)detail_pairs[2 * k + 1];
    }
    *o++ = (char)c;
    return o;
}

const char *mw_detail_unpack(mw_detail d, char *out) {
    const char *t = (unsigned)d < MW_D_COUNT ? nth_text(mw_detail_text, d) : "";
    if (*t == 0) {
        return NULL;
    }
    char *o = out;
    for (; *t; t++) {
        o = unpack_sym((uint8_t)*t, o);
    }
    *o = 0;
    return out;
}

const char *mw_status_str(mw_status s) {
    if ((unsigned)s >= MW_STATUS_COUNT) {
        return "unknown status";
    }
    return nth_text(mw_status_text, s);
}
