// SPDX-License-Identifier: MIT
// errors.c: the message tables: mw_status (traps use the spec's texts) and
// the details of load/link failures (mw_detail, mw_int.h).
#include "mw_int.h"

// Each table is its texts back to back, NUL-terminated, in enum order (no
// pointer array: 4 bytes of flash saved per message); lookups are cold, a scan.
// The texts are packed by byte pairs (detail_text.h,
// scripts/gen_detail_text.py): a byte c with c ^ 0x80 below MW_DETAIL_NPAIRS
// stands for the two bytes of detail_pairs' entry c ^ 0x80, each a character
// or such a code again, and unpack writes the text out. An empty detail
// (MW_D_NONE) reads as NULL. The status texts share the pairs (-0.2 KB of
// Cortex-M3 text against keeping them plain).
#include "detail_text.h"

static const char mw_status_text[] =
    #define MW_X_PACKED(name, text) MW_SP_##name "\0"
    MW_STATUS_LIST(MW_X_PACKED);
    #undef MW_X_PACKED

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

// And every status text fits mw_status_str's.
#define MW_STATUS_MAX 32
typedef union {
    #define MW_X_SIZE(name, text) char name[sizeof(text)];
    MW_STATUS_LIST(MW_X_SIZE)
    #undef MW_X_SIZE
} status_sizes;
_Static_assert(sizeof(status_sizes) <= MW_STATUS_MAX, "a status text is longer than MW_STATUS_MAX");
// and none is empty (an empty text unpacks as NULL: unpack_nth)
#define MW_X_NONEMPTY(name, text) _Static_assert(sizeof(text) > 1, "status " #name ": its text is empty");
MW_STATUS_LIST(MW_X_NONEMPTY)
#undef MW_X_NONEMPTY

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

// Packed text t written out at out, with its NUL.
static void unpack(const char *t, char *out) {
    for (; *t; t++) {
        out = unpack_sym((uint8_t)*t, out);
    }
    *out = 0;
}

// Text n of a table, unpacked at out; NULL if it is empty.
static const char *unpack_nth(const char *table, unsigned n, char *out) {
    const char *t = nth_text(table, n);
    if (*t == 0) {
        return NULL;
    }
    unpack(t, out);
    return out;
}

const char *mw_detail_unpack(mw_detail d, char *out) {
    return (unsigned)d < MW_D_COUNT ? unpack_nth(mw_detail_text, d, out) : NULL;
}

const char *mw_status_unpack(mw_status s, char *out) {
    return (unsigned)s < MW_STATUS_COUNT ? unpack_nth(mw_status_text, s, out) : "unknown status";
}

// mw_status_str's buffer (at file scope: wasm.mpy's build makes such a static
// global, ports/natmod/Makefile UNSTATIC; a function's own static it cannot link)
static char status_buf[MW_STATUS_MAX];

const char *mw_status_str(mw_status s) {
    return mw_status_unpack(s, status_buf);
}
