// SPDX-License-Identifier: MIT
// <endian.h> for a bench program built natively with newlib (bench/board/native_board.py), which has
// only <machine/endian.h>: glibc's names for the byte order, from GCC's own macros. Found after
// the compiler's and newlib's headers (-idirafter), by programs whose generated config found
// glibc's endian.h on the host (Jansson's lookup3.h).
#ifndef NATIVE_COMPAT_ENDIAN_H
#define NATIVE_COMPAT_ENDIAN_H
#include <machine/endian.h>
#define __LITTLE_ENDIAN __ORDER_LITTLE_ENDIAN__
#define __BIG_ENDIAN __ORDER_BIG_ENDIAN__
#define __BYTE_ORDER __BYTE_ORDER__
#endif
