// SPDX-License-Identifier: MIT
// errors.c: the message tables: mw_status (traps use the spec's texts) and
// the details of load/link failures (mw_detail, mw_int.h).
#include "mw_int.h"

// Each table is its texts back to back, NUL-terminated, in enum order (no
// pointer array: 4 bytes of flash saved per message); lookups are cold, a scan.
// An empty text (MW_D_NONE) reads as NULL.
static const char mw_status_text[] =
    #define MW_X_TEXT(name, text) text "\0"
    MW_STATUS_LIST(MW_X_TEXT);

static const char mw_detail_text[] =
    MW_DETAIL_LIST(MW_X_TEXT);
    #undef MW_X_TEXT

static const char *nth_text(const char *t, unsigned n) {
    while (n--) {
        t += strlen(t) + 1;
    }
    return t;
}

const char *mw_detail_str(mw_detail d) {
    const char *t = (unsigned)d < MW_D_COUNT ? nth_text(mw_detail_text, d) : "";
    return *t ? t : NULL;
}

const char *mw_status_str(mw_status s) {
    if ((unsigned)s >= MW_STATUS_COUNT) {
        return "unknown status";
    }
    return nth_text(mw_status_text, s);
}
