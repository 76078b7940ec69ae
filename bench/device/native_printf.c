// SPDX-License-Identifier: MIT
// C99's z, t and j length modifiers for a bench program built natively for a board
// (bench/board/native_board.py). Debian's newlib 3.3.0 is built without its C99 formats, so its printf
// prints "%zu" as "zu" and takes no argument for it (every later argument is then the wrong one);
// the drivers and programs use them (wasi-libc's and glibc's printf have them). On these 32-bit
// cores size_t and ptrdiff_t are int-sized and intmax_t is long long, so a format is rewritten
// before newlib's formatter sees it: z and t dropped, j made ll. The link wraps the formatters
// every printf-family function of newlib ends in (-Wl,--wrap=...): the rewrite costs a scan of
// the format per call, a few instructions a character, against the hundreds a conversion costs.

#include <reent.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define FORMAT_ROOM 512 // a longer format with a C99 modifier is left as it is

// fmt with its conversions' z and t dropped and j made ll, in buf; fmt itself when it has none
// of those letters, or no room.
static const char *c99_format(const char *fmt, char *buf) {
    if (!strpbrk(fmt, "zjt")) {
        return fmt;
    }
    size_t o = 0;
    for (const char *f = fmt; *f;) {
        if (o + 4 >= FORMAT_ROOM) {
            return fmt;
        }
        buf[o++] = *f;
        if (*f++ != '%') {
            continue;
        }
        if (*f == '%') {
            buf[o++] = *f++;
            continue;
        }
        while (*f && strchr("-+ #0'123456789.*", *f) && o + 4 < FORMAT_ROOM) {
            buf[o++] = *f++; // flags, width, precision
        }
        while (*f && strchr("hlLqjzt", *f) && o + 4 < FORMAT_ROOM) {
            char m = *f++;
            if (m == 'j') {
                buf[o++] = 'l';
                buf[o++] = 'l';
            } else if (m != 'z' && m != 't') {
                buf[o++] = m;
            }
        }
    }
    buf[o] = 0;
    return buf;
}

// newlib's formatter NAME, wrapped: the same call with the format rewritten.
#define C99_WRAP(NAME) \
    int __real_##NAME(struct _reent *r, FILE *fp, const char *fmt, va_list ap); \
    int __wrap_##NAME(struct _reent *r, FILE *fp, const char *fmt, va_list ap) { \
        char buf[FORMAT_ROOM]; \
        return __real_##NAME(r, fp, c99_format(fmt, buf), ap); \
    }

C99_WRAP(_vfprintf_r)
C99_WRAP(_svfprintf_r)
C99_WRAP(_vfiprintf_r)
C99_WRAP(_svfiprintf_r)
