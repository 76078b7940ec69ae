// SPDX-License-Identifier: MIT
// errors.c: the message tables: mw_status (traps use the spec's texts) and
// the details of load/link failures (mw_detail, mw_int.h).
#include "mw_int.h"

static const char *const mw_status_text[MW_STATUS_COUNT] = {
    #define MW_X_TEXT(name, text) text,
    MW_STATUS_LIST(MW_X_TEXT)
    #undef MW_X_TEXT
};

static const char *const mw_detail_text[MW_D_COUNT] = {
    #define MW_X_TEXT(name, text) text,
    MW_DETAIL_LIST(MW_X_TEXT)
    #undef MW_X_TEXT
};

const char *mw_detail_str(mw_detail d) {
    return (unsigned)d < MW_D_COUNT ? mw_detail_text[d] : NULL;
}

const char *mw_status_str(mw_status s) {
    if ((unsigned)s >= MW_STATUS_COUNT) {
        return "unknown status";
    }
    return mw_status_text[s];
}
