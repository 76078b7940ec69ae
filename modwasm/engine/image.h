// SPDX-License-Identifier: MIT
// image.h: the layout of a precompiled module image (wasm-cross,
// docs/images.md), shared by the loader (image.c) and the host tool that
// writes images (tools/wasm-cross/). Engine-private.
//
// An image is position independent: every reference inside it is an offset
// from its first byte, and the lowered code holds op indices, never
// addresses, so it runs from wherever it lies (flash, a bytes object).
//
//   header (MW_IMAGE_HEADER bytes, integers little-endian on every target)
//     0  magic "\0mwi"
//     4  u16 image format version (MW_IMAGE_VERSION)
//     6  u16 code format version (MW_CODE_FORMAT_VERSION, mw_int.h)
//     8  u16 number of internal ops (MW_OP_COUNT)
//    10  u8 target word size in bytes (4: Cortex-M, 8: 64-bit hosts)
//    11  u8 target byte order (1 little, 2 big): of the code units
//    12  u8 code unit size in bytes
//    13  3 bytes zero
//    16  u32 feature flags (MW_IMAGE_F_*)
//    20  u32 length of the whole image in bytes
//    24  u32 CRC-32 (IEEE 802.3, as zlib.crc32) of bytes [28, length)
//    28  u32 offset, 32 u32 length of the metadata: a WebAssembly binary of
//        the module's sections without its code and custom sections (types,
//        imports, functions, tables, memories, globals, exports, start,
//        elements, data count, data), decoded again at load
//    36  u32 defined functions, 40 u32 offset of their table: per function
//        MW_IMAGE_FUNC_WORDS u32: code offset (units from the code's start),
//        code length (units), the locals a call zeroes (first | end << 16),
//        frame slots, body offset in the original binary
//    44  u32 offset of the code (aligned to its unit), 48 u32 its length in units
//    52  u32 fingerprint of the op table (mw_code_fingerprint, code.c)
//    56  u32 offset, 60 u32 length of the function names (0: none): the name
//        map of the module's name section (spec 7.4.1, subsection 1's content:
//        count, then index and name pairs, indices increasing, names UTF-8),
//        read in place for traps (MW_FUNC_NAMES; an engine without it skips
//        them); wasm-cross --strip-names leaves them out
//    64  u32 offset, 68 u32 length of the offset map (0: none), before the
//        names: where each op that can stop a call came from in the .wasm, so
//        a trap names the byte offsets its .wasm's would (MW_TRAP_OFFSETS; an
//        engine without it skips the map); per defined function, in order,
//        a LEB128 u32 byte length of its entries, then its entries, by unit:
//        a LEB128 u32 that adds at least 1 to the unit (0 before the first)
//        and lands on the end of an op of its code, and a signed LEB128 that
//        adds to the offset (the function's body offset before the first) and
//        keeps it at or after the body's start. wasm-cross --strip-offsets
//        (and the small profile's, which finds no offsets) leaves it out.
#ifndef MW_IMAGE_H
#define MW_IMAGE_H

#include "mw_int.h"

#define MW_IMAGE_MAGIC "\0mwi"
#define MW_IMAGE_VERSION 4
#define MW_IMAGE_HEADER MW_IMAGE_HEADER_BYTES
#define MW_IMAGE_FUNC_WORDS 5
#define MW_IMAGE_F_MULTI_MEMORY 1u    // validated with multi-memory on

enum {
    MW_IMAGE_AT_VERSION = 4, MW_IMAGE_AT_CODE_FORMAT = 6, MW_IMAGE_AT_OPS = 8, MW_IMAGE_AT_WORD = 10,
    MW_IMAGE_AT_ENDIAN = 11, MW_IMAGE_AT_UNIT = 12, MW_IMAGE_AT_FEATURES = 16, MW_IMAGE_AT_LENGTH = 20,
    MW_IMAGE_AT_CRC = 24, MW_IMAGE_AT_META = 28, MW_IMAGE_AT_META_LEN = 32, MW_IMAGE_AT_NFUNCS = 36,
    MW_IMAGE_AT_FUNCS = 40, MW_IMAGE_AT_CODE = 44, MW_IMAGE_AT_CODE_LEN = 48, MW_IMAGE_AT_OP_TABLE = 52,
    MW_IMAGE_AT_NAMES = 56, MW_IMAGE_AT_NAMES_LEN = 60, MW_IMAGE_AT_MAP = 64, MW_IMAGE_AT_MAP_LEN = 68,
};

// The size of one code unit of this engine.
#define MW_IMAGE_UNIT ((unsigned)sizeof(((mw_funcdef *)0)->code[0]))

// CRC-32 of n bytes, continuing from crc (0 to start).
uint32_t mw_image_crc32(uint32_t crc, const uint8_t *p, size_t n);

// mw_module_load_image with the target check (word size, byte order) on or
// off: the host tool checks an image it wrote for another target.
mw_status mw_image_load(mw_runtime *rt, const uint8_t *img, size_t len, uint32_t flags, bool any_target,
    mw_module **out);

static inline uint32_t mw_image_u32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint32_t mw_image_u16(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

#endif // MW_IMAGE_H
