// SPDX-License-Identifier: MIT
// errors.c: the one message table for mw_status (traps use the spec's texts).
#include "mw.h"

static const char *const mw_status_text[MW_STATUS_COUNT] = {
    #define MW_X_TEXT(name, text) text,
    MW_STATUS_LIST(MW_X_TEXT)
    #undef MW_X_TEXT
};

const char *mw_status_str(mw_status s) {
    if ((unsigned)s >= MW_STATUS_COUNT) {
        return "unknown status";
    }
    return mw_status_text[s];
}
