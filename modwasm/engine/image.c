// SPDX-License-Identifier: MIT
// image.c: loading a precompiled module image (image.h, docs/images.md).
// The header is checked field by field, then the checksum, then the
// metadata is decoded again as a WebAssembly binary (decode.c, so every
// index and limit in it is validated as for a .wasm), and every function's
// code is walked with the op table (code.c, mw_code_check), and the function
// names and offset map, if any, are checked (decode.c, mw_names_check;
// image_map_check). The module borrows the image: its code, data segments,
// names and map are read in place.
#include "image.h"
#include "decode.h"

// CRC-32, reflected polynomial 0xedb88320, four bits at a time: a 64-byte
// table instead of 1 KiB, about 4 ms for a 40 KB image on a 168 MHz Cortex-M4.
uint32_t mw_image_crc32(uint32_t crc, const uint8_t *p, size_t n) {
    static const uint32_t nibble[16] = {
        0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac, 0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
        0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c, 0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
    };
    crc = ~crc;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        crc = (crc >> 4) ^ nibble[crc & 15];
        crc = (crc >> 4) ^ nibble[crc & 15];
    }
    return ~crc;
}

bool mw_image_is(const uint8_t *bytes, size_t len) {
    return len >= 4 && memcmp(bytes, MW_IMAGE_MAGIC, 4) == 0;
}

static mw_status image_fail(mw_runtime *rt, mw_module *m, mw_status code, mw_detail d, uint32_t offset) {
    mw_module_free(rt, m);
    return mw_fail(rt, code, d, offset);
}

#if MW_IMAGE_WHERE
// The report of defined function i's refused code names the function (index
// with imports first, its first export's name), the unit `pc` and its op.
static MW_NOINLINE void image_where(mw_runtime *rt, const mw_module *m, uint32_t i, uint32_t pc) {
    uint32_t func = m->nfunc_imports + i;
    const mw_exportdef *e = NULL;
    for (uint32_t k = 0; k < m->nexports && e == NULL; k++) {
        if (m->exports[k].kind == MW_KIND_FUNC && m->exports[k].index == func) {
            e = &m->exports[k];
        }
    }
    const mw_funcdef *fd = &m->funcs[i];
    mw_report_where(rt, func, e ? e->name : NULL, e ? e->name_len : 0, pc,
        pc < fd->code_len ? fd->code[pc] : UINT32_MAX);
}
#endif

// Whether [off, off + n) lies inside [0, len).
static bool image_has(uint32_t len, uint32_t off, uint64_t n) {
    return mw_in_bounds(off, n, len);
}

#if MW_FUNC_NAMES || MW_TRAP_OFFSETS
// An optional part (names, the offset map) whose offset and length are the
// header's words at `at` and `at` + 4 (image.h): false if it does not lie
// inside the image's `length` bytes. (One copy for both: the names' and the
// map's were the same four lines.)
static bool image_part(const uint8_t *img, uint32_t length, uint32_t at, uint32_t *off, uint32_t *len) {
    *off = mw_image_u32(img + at);
    *len = mw_image_u32(img + at + 4);
    return image_has(length, *off, *len);
}
_Static_assert(MW_IMAGE_AT_NAMES_LEN == MW_IMAGE_AT_NAMES + 4 && MW_IMAGE_AT_MAP_LEN == MW_IMAGE_AT_MAP + 4,
    "image.h: a part's length is the word after its offset");
#endif

#if MW_TRAP_OFFSETS
// The offset map at img + map (map_len bytes, image.h) against m's
// functions' code: MW_D_NONE, else the detail and *bad, the image offset of
// the entry (or length) refused.
static mw_detail image_map_check(mw_runtime *rt, const mw_module *m, const uint8_t *img, uint32_t map,
    uint32_t map_len, uint32_t *bad) {
    mw_reader r = {.rt = rt, .base = img, .p = img + map, .end = img + map + map_len};
    for (uint32_t i = 0; i < m->nfuncs - m->nfunc_imports; i++) {
        const mw_funcdef *fd = &m->funcs[i];
        uint32_t len, unit = 0, op = 0;
        uint64_t at = fd->body_offset;
        *bad = (uint32_t)(r.p - img);
        if (!mw_rd_u32(&r, &len) || len > (size_t)(r.end - r.p)) {
            return MW_D_IMAGE_MAP_END;
        }
        mw_reader f = r;
        f.end = r.p + len;
        r.p = f.end;
        while (f.p < f.end) {
            uint32_t step;
            uint64_t delta;
            *bad = (uint32_t)(f.p - img);
            if (!mw_rd_u32(&f, &step) || !mw_rd_leb(&f, 32, true, &delta)) {
                return MW_D_IMAGE_MAP_END;
            }
            if (step == 0 || step > fd->code_len - unit) {
                return MW_D_IMAGE_MAP_UNIT;
            }
            unit += step;
            while (op < unit) {
                op += mw_lower_instr_units(fd->code + op);    // (the code checked: its ops known)
            }
            if (op != unit) {
                return MW_D_IMAGE_MAP_UNIT;
            }
            at += (uint64_t)(int64_t)(int32_t)(uint32_t)delta;
            if (at < fd->body_offset || at > UINT32_MAX) {
                return MW_D_IMAGE_MAP_OFFSET;
            }
        }
    }
    *bad = (uint32_t)(r.p - img);
    return r.p == r.end ? MW_D_NONE : MW_D_IMAGE_MAP_EXTRA;
}
#endif

// The header's own checks (magic, versions, op table, target, features, a
// length of at least a header): mw_image_load's first, and what a reader of
// a stream asks of the first MW_IMAGE_HEADER bytes before it allocates the
// length they give (mw_image_check_header).
static mw_status image_header(mw_runtime *rt, const uint8_t *img, size_t len, uint32_t flags, bool any_target) {
    const uint16_t one = 1;
    const uint8_t endian = *(const uint8_t *)&one == 1 ? 1 : 2;
    if (!mw_image_is(img, len)) {
        return image_fail(rt, NULL, MW_ERR_MALFORMED, MW_D_IMAGE_MAGIC, 0);
    }
    if (len < MW_IMAGE_HEADER) {
        return image_fail(rt, NULL, MW_ERR_MALFORMED, MW_D_IMAGE_TRUNCATED, (uint32_t)len);
    }
    if (mw_image_u16(img + MW_IMAGE_AT_VERSION) != MW_IMAGE_VERSION) {
        return image_fail(rt, NULL, MW_ERR_MALFORMED, MW_D_IMAGE_VERSION, MW_IMAGE_AT_VERSION);
    }
    if (mw_image_u16(img + MW_IMAGE_AT_CODE_FORMAT) != MW_CODE_FORMAT_VERSION) {
        return image_fail(rt, NULL, MW_ERR_MALFORMED, MW_D_IMAGE_CODE_VERSION, MW_IMAGE_AT_CODE_FORMAT);
    }
    if (mw_image_u16(img + MW_IMAGE_AT_OPS) != MW_OP_COUNT) {
        return image_fail(rt, NULL, MW_ERR_MALFORMED, MW_D_IMAGE_CODE_VERSION, MW_IMAGE_AT_OPS);
    }
    if (mw_image_u32(img + MW_IMAGE_AT_OP_TABLE) != mw_code_fingerprint()) {
        return image_fail(rt, NULL, MW_ERR_MALFORMED, MW_D_IMAGE_CODE_VERSION, MW_IMAGE_AT_OP_TABLE);
    }
    if ((!any_target && (img[MW_IMAGE_AT_WORD] != sizeof(void *) || img[MW_IMAGE_AT_ENDIAN] != endian))
        || img[MW_IMAGE_AT_UNIT] != MW_IMAGE_UNIT) {
        return image_fail(rt, NULL, MW_ERR_MALFORMED, MW_D_IMAGE_TARGET, MW_IMAGE_AT_WORD);
    }
    uint32_t features = mw_image_u32(img + MW_IMAGE_AT_FEATURES);
    if ((features & MW_IMAGE_F_MULTI_MEMORY) && (flags & MW_LOAD_NO_MULTI_MEMORY)) {
        return image_fail(rt, NULL, MW_ERR_MALFORMED, MW_D_IMAGE_FEATURES, MW_IMAGE_AT_FEATURES);
    }
    if (mw_image_u32(img + MW_IMAGE_AT_LENGTH) < MW_IMAGE_HEADER) {
        return image_fail(rt, NULL, MW_ERR_MALFORMED, MW_D_IMAGE_LAYOUT, MW_IMAGE_AT_LENGTH);
    }
    return MW_OK;
}

mw_status mw_image_check_header(mw_runtime *rt, const uint8_t *header, size_t len, uint32_t flags) {
    return image_header(rt, header, len, flags, false);
}

#if MW_THREADED
// One chunk of `total` units for the image's code threaded.
static mw_status image_code_block(mw_runtime *rt, mw_module *m, uint64_t total) {
    if (total > UINT32_MAX) {
        return mw_fail(rt, MW_ERR_NOMEM, MW_D_NONE, 0);
    }
    m->chunks = mw_alloc(rt, sizeof(mw_code_chunk));
    if (m->chunks == NULL) {
        return mw_fail(rt, MW_ERR_NOMEM, MW_D_NONE, 0);
    }
    m->cap_chunks = 1;
    mw_code_unit *w = mw_alloc(rt, mw_nz((size_t)total * sizeof(mw_code_unit)));
    if (w == NULL) {
        return mw_fail(rt, MW_ERR_NOMEM, MW_D_NONE, 0);
    }
    m->nchunks = 1;
    m->chunks[0].words = w;
    m->chunks[0].cap = (uint32_t)total;
    m->ram += sizeof(mw_code_chunk) + (size_t)total * sizeof(mw_code_unit);
    return MW_OK;
}

// The image's code (checked) threaded into one block of RAM (code.c): an
// image holds compact code on every build, the heads' addresses are only
// this build's (a host image is never run in place). MW_D_BRANCH_TOO_FAR
// where a branch that reached compact does not threaded (wasm-cross's
// lowering did not know: mw_config.h MW_THREADED); the offset of the
// function's entry in the image's table (funcs).
static mw_status image_thread(mw_runtime *rt, mw_module *m, uint32_t nfuncs, uint32_t funcs) {
    // each function planned twice: for its units (and whether its branches
    // reach), then to fill (a walk over its ops; keeping every function's
    // plan would hold the whole code's)
    mw_thread_plan plan = {0};
    mw_status st = MW_OK;
    uint64_t total = 0;
    for (uint32_t pass = 0; pass < 2 && st == MW_OK; pass++) {
        mw_code_unit *words = pass == 0 ? NULL : m->chunks[0].words;
        for (uint32_t i = 0, at = 0; i < nfuncs; i++) {
            mw_funcdef *fd = &m->funcs[i];
            uint32_t n = mw_thread_plan_make(rt, &plan, fd->code, fd->code_len, pass == 0);
            if (n == UINT32_MAX || n == 0) {
                st = n == 0 ? mw_fail(rt, MW_ERR_INVALID, MW_D_BRANCH_TOO_FAR, funcs + i * MW_IMAGE_FUNC_WORDS * 4)
                            : MW_ERR_NOMEM;
                break;
            }
            total += pass == 0 ? n : 0;
            if (pass == 1) {
                mw_thread_fill(words + at, fd->code, fd->code_len, &plan);
                fd->code = words + at;
                fd->code_len = n;
                at += n;
            }
        }
        if (pass == 0 && st == MW_OK) {
            st = image_code_block(rt, m, total);
        }
    }
    mw_thread_plan_free(rt, &plan);
    return st;
}
#endif

mw_status mw_image_load(mw_runtime *rt, const uint8_t *img, size_t len, uint32_t flags, bool any_target,
    mw_module **out) {
    *out = NULL;
    mw_status st = image_header(rt, img, len, flags, any_target);
    if (st != MW_OK) {
        return st;
    }
    uint32_t features = mw_image_u32(img + MW_IMAGE_AT_FEATURES);
    uint32_t length = mw_image_u32(img + MW_IMAGE_AT_LENGTH);
    if (length > len) {
        return image_fail(rt, NULL, MW_ERR_MALFORMED, MW_D_IMAGE_TRUNCATED, (uint32_t)len);
    }
    if (mw_image_crc32(0, img + MW_IMAGE_AT_META, length - MW_IMAGE_AT_META) != mw_image_u32(img + MW_IMAGE_AT_CRC)) {
        return image_fail(rt, NULL, MW_ERR_MALFORMED, MW_D_IMAGE_CHECKSUM, MW_IMAGE_AT_CRC);
    }
    // the three parts inside the image, the code aligned to its unit in memory
    uint32_t meta = mw_image_u32(img + MW_IMAGE_AT_META), meta_len = mw_image_u32(img + MW_IMAGE_AT_META_LEN);
    uint32_t nfuncs = mw_image_u32(img + MW_IMAGE_AT_NFUNCS), funcs = mw_image_u32(img + MW_IMAGE_AT_FUNCS);
    uint32_t code = mw_image_u32(img + MW_IMAGE_AT_CODE), code_len = mw_image_u32(img + MW_IMAGE_AT_CODE_LEN);
    if (!image_has(length, meta, meta_len)) {
        return image_fail(rt, NULL, MW_ERR_MALFORMED, MW_D_IMAGE_LAYOUT, MW_IMAGE_AT_META);
    }
    if (!image_has(length, funcs, (uint64_t)nfuncs * MW_IMAGE_FUNC_WORDS * 4)) {
        return image_fail(rt, NULL, MW_ERR_MALFORMED, MW_D_IMAGE_LAYOUT, MW_IMAGE_AT_FUNCS);
    }
    if (!image_has(length, code, (uint64_t)code_len * MW_IMAGE_UNIT)
        || ((uintptr_t)(img + code) % MW_IMAGE_UNIT) != 0) {
        return image_fail(rt, NULL, MW_ERR_MALFORMED, MW_D_IMAGE_LAYOUT, MW_IMAGE_AT_CODE);
    }
    // the metadata: decoded and validated as a binary without a code section;
    // its data segments stay in the image
    uint32_t mflags = (flags & MW_LOAD_NO_MULTI_MEMORY) | MW_LOAD_BORROW | MW_LOAD_NO_CODE;
    if (!(features & MW_IMAGE_F_MULTI_MEMORY)) {
        mflags |= MW_LOAD_NO_MULTI_MEMORY;
    }
    mw_module *m;
    st = mw_module_load(rt, img + meta, meta_len, mflags, &m);
    if (st != MW_OK) {
        rt->report.offset += meta;    // an offset into the image
        return st;
    }
    if (nfuncs != m->nfuncs - m->nfunc_imports) {
        return image_fail(rt, m, MW_ERR_MALFORMED, MW_D_IMAGE_FUNCS, MW_IMAGE_AT_NFUNCS);
    }
    const mw_code_unit *units = (const mw_code_unit *)(const void *)(img + code);
    for (uint32_t i = 0; i < nfuncs; i++) {
        const uint8_t *e = img + funcs + i * MW_IMAGE_FUNC_WORDS * 4;
        uint32_t at = funcs + i * MW_IMAGE_FUNC_WORDS * 4;
        mw_funcdef *fd = &m->funcs[i];
        uint32_t off = mw_image_u32(e), n = mw_image_u32(e + 4);
        if (!image_has(code_len, off, n)) {
            return image_fail(rt, m, MW_ERR_MALFORMED, MW_D_IMAGE_LAYOUT, at);
        }
        uint32_t nparams = m->types[fd->type]->nparams, zero = mw_image_u32(e + 8);
        fd->zero_lo = zero & 0xffff;
        fd->zero_hi = zero >> 16;
        fd->max_slots = mw_image_u32(e + 12);
        fd->body_offset = mw_image_u32(e + 16);
        // the locals a call zeroes: none (0, 0: exec.c tests zero_hi
        // alone), or a span that is not empty (MW_ZERO_PASS4's loop stores
        // a step before its end test: an empty one at 6, 6 ran off the
        // value stack, session 43's image fuzz finding), never a parameter,
        // inside the frame or past its top by at most MW_ZERO_SPARE
        // (lower.c zero_span), of whole MW_ZERO_STEPs (exec.c zeroes no
        // part of one)
        if ((fd->zero_hi != 0 ? fd->zero_lo < nparams || fd->zero_lo >= fd->zero_hi : fd->zero_lo != 0)
            || fd->zero_hi > MW_MAX_LOCALS + MW_ZERO_STEP - 1 || (fd->zero_hi - fd->zero_lo) % MW_ZERO_STEP != 0
            || fd->max_slots + MW_ZERO_SPARE < fd->zero_hi || fd->max_slots < nparams) {
            return image_fail(rt, m, MW_ERR_MALFORMED, MW_D_IMAGE_FRAME, at + 8);
        }
        if (fd->max_slots > rt->cfg.stack_slots) {
            return image_fail(rt, m, MW_ERR_INVALID, MW_D_FRAME_TOO_BIG, at + 12);
        }
        // the module never writes its code: the image stays const
        fd->code = (mw_code_unit *)(uintptr_t)(units + off);
        fd->code_len = n;
        mw_detail d;
        uint32_t bad;
        mw_status cs = mw_code_check(rt, m, fd, &d, &bad);
        #if MW_IMAGE_WHERE
        if (cs != MW_OK) {
            mw_fail(rt, cs, d, code + (off + bad) * MW_IMAGE_UNIT);
            if (cs == MW_ERR_INVALID) {
                image_where(rt, m, i, bad);     // while m's exports are there
            }
            mw_module_free(rt, m);
            return cs;
        }
        #else
        if (cs != MW_OK) {
            return image_fail(rt, m, cs, d, code + (off + bad) * MW_IMAGE_UNIT);
        }
        #endif
    }
    #if MW_FUNC_NAMES
    // the function names, checked as strictly as the rest and read in place
    // (an engine without names skips them: the checksum covers them anyway)
    uint32_t names, names_len;
    if (!image_part(img, length, MW_IMAGE_AT_NAMES, &names, &names_len)) {
        return image_fail(rt, m, MW_ERR_MALFORMED, MW_D_IMAGE_LAYOUT, MW_IMAGE_AT_NAMES);
    }
    if (names_len > 0) {
        uint32_t bad;
        mw_detail nd = mw_names_check(img + names, names_len, m->nfuncs, &bad);
        if (nd != MW_D_NONE) {
            return image_fail(rt, m, MW_ERR_MALFORMED, nd, names + bad);
        }
        m->fnames = img + names;
        m->fnames_len = names_len;
    }
    #endif
    #if MW_TRAP_OFFSETS
    // the offset map, walked once: every entry inside its part, on an op's
    // end, at or after its function's body, so its reads at a trap need no
    // checks (an engine without offsets skips it: the checksum covers it)
    uint32_t map, map_len;
    if (!image_part(img, length, MW_IMAGE_AT_MAP, &map, &map_len)) {
        return image_fail(rt, m, MW_ERR_MALFORMED, MW_D_IMAGE_LAYOUT, MW_IMAGE_AT_MAP);
    }
    if (map_len > 0) {
        uint32_t bad;
        mw_detail md = image_map_check(rt, m, img, map, map_len, &bad);
        if (md != MW_D_NONE) {
            return image_fail(rt, m, MW_ERR_MALFORMED, md, bad);
        }
        m->code_bytes = img + map;    // (mw_int.h: an image's map)
    }
    #endif
    #if MW_THREADED
    st = image_thread(rt, m, nfuncs, funcs);
    if (st != MW_OK) {
        mw_module_free(rt, m);
        return st;
    }
    #endif
    m->nlowered = nfuncs;         // all of it, already lowered
    *out = m;
    return MW_OK;
}

mw_status mw_module_load_image(mw_runtime *rt, const uint8_t *image, size_t len, uint32_t flags, mw_module **out) {
    return mw_image_load(rt, image, len, flags, false, out);
}
