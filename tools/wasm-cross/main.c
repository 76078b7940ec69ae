// SPDX-License-Identifier: MIT
// wasm-cross: validate and lower a WebAssembly module once, on the host, into
// a precompiled image (modwasm/engine/image.h, docs/images.md) that the
// engine loads without lowering and runs in place, from flash or a buffer.
// Built from the engine's own sources (`make wasm-cross`:
// build/wasm-cross/wasm-cross), so its lowering is the firmware's.
//
//   wasm-cross [--target cortex-m|cortex-m-small|host|host-small] [--no-multi-memory] [--strip-names]
//              [--strip-offsets] IN.wasm [-o OUT.mwi]
//   wasm-cross [--target ...] A.wasm B.wasm ...    (each to its .mwi beside it)
//
// The image keeps the module's function names (its name section's
// subsection 1) for traps, unless --strip-names, and an offset map, so its
// traps name the byte offsets in the .wasm its frames stopped at, unless
// --strip-offsets: they cost flash, not RAM. The small profile finds no
// offsets: wasm-cross-small writes no map.
// Names the engine's check refuses (mw_names_check: out of order, not UTF-8,
// ...) are left out with a warning; the module itself still loads.
//
// cortex-m-small: a board of the small profile, whose engine runs only the
// ops its own lowering makes (mw_config.h MW_ALL_OPS=0). That lowering is
// wasm-cross-small's, the same tool built with the small profile's switches
// (tools/wasm-cross/Makefile), which this one runs for that target.
// host-small: the same lowering for this host's word size (an engine built
// with the small profile's switches on the host: tests/fuzz's image loads).
//
// Exit status 0, or 1 with the engine's message and byte offset on stderr
// (for several inputs: after trying every one).
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "image.h"
#include "mw_malloc.h"

typedef struct buf {
    uint8_t *p;
    size_t len, cap;
} buf;

static void put(buf *b, const void *src, size_t n) {
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2;
        b->p = realloc(b->p, b->cap);
        if (b->p == NULL) {
            fprintf(stderr, "wasm-cross: out of memory\n");
            exit(1);
        }
    }
    memcpy(b->p + b->len, src, n);
    b->len += n;
}

static void put_u32(buf *b, uint32_t v) {
    uint8_t le[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    put(b, le, 4);
}

static void set_u32(buf *b, size_t at, uint32_t v) {
    uint8_t le[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    memcpy(b->p + at, le, 4);
}

static void align(buf *b, size_t to) {
    static const uint8_t zero[8];
    put(b, zero, (to - b->len % to) % to);
}

static uint8_t *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        exit(1);
    }
    buf b = {0};
    uint8_t chunk[65536];
    size_t k;
    while ((k = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        put(&b, chunk, k);
    }
    fclose(f);
    *len = b.len;
    return b.p;
}

// A LEB128 u32 at *p (the binary was validated by mw_module_load already).
static uint32_t leb(const uint8_t **p) {
    uint32_t v = 0;
    for (int shift = 0;; shift += 7) {
        uint8_t c = *(*p)++;
        v |= (uint32_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) {
            return v;
        }
    }
}

// The metadata: the binary's preamble and every section but custom (0) and
// code (10), byte for byte.
static void put_meta(buf *b, const uint8_t *wasm, size_t len) {
    put(b, wasm, 8);
    const uint8_t *p = wasm + 8, *end = wasm + len;
    while (p < end) {
        const uint8_t *start = p;
        uint8_t id = *p++;
        uint32_t size = leb(&p);
        p += size;
        if (id != MW_SEC_CUSTOM && id != MW_SEC_CODE) {
            put(b, start, (size_t)(p - start));
        }
    }
}

static int usage(void) {
    fprintf(stderr, "usage: wasm-cross [--target cortex-m|cortex-m-small|host|host-small] [--no-multi-memory]"
        " [--strip-names] [--strip-offsets] IN.wasm [-o OUT.mwi]\n"
        "       wasm-cross [--target cortex-m|cortex-m-small|host|host-small] [--no-multi-memory]"
        " [--strip-names] [--strip-offsets] A.wasm B.wasm ...\n");
    return 2;
}

// What goes into an image besides its code (the options).
typedef struct parts {
    bool multi;       // validated with multi-memory on
    bool names;       // the function names
    bool offsets;     // the offset map
} parts;

static int cross(const char *in, const char *out, const char *target, uint8_t word, parts opt);

int main(int argc, char **argv) {
    const char *out = NULL, *target = "cortex-m";
    const char *ins[argc];
    int nin = 0;
    parts opt = {.multi = true, .names = true, .offsets = MW_TRAP_OFFSETS};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            out = argv[++i];
        } else if (strcmp(argv[i], "--target") == 0 && i + 1 < argc) {
            target = argv[++i];
        } else if (strcmp(argv[i], "--no-multi-memory") == 0) {
            opt.multi = false;
        } else if (strcmp(argv[i], "--strip-names") == 0) {
            opt.names = false;
        } else if (strcmp(argv[i], "--strip-offsets") == 0) {
            opt.offsets = false;
        } else if (argv[i][0] == '-') {
            return usage();
        } else {
            ins[nin++] = argv[i];
        }
    }
    uint8_t word;
    #if MW_ALL_OPS
    if (strcmp(target, "cortex-m-small") == 0 || strcmp(target, "host-small") == 0) {
        // the small profile's lowering is wasm-cross-small's, beside this tool
        char small[4096];
        snprintf(small, sizeof(small), "%s-small", argv[0]);
        execv(small, argv);
        perror(small);
        return 2;
    }
    if (strcmp(target, "cortex-m") == 0) {
        word = 4;
    } else if (strcmp(target, "host") == 0) {
        word = (uint8_t)sizeof(void *);
        // a 64-bit host threads an image's code at load (mw_config.h
        // MW_THREADED): its branches must reach there, lowered far if not
        mw_lower_thread_reach = word == 8;
    } else {
        fprintf(stderr, "wasm-cross: unknown target '%s' (cortex-m, cortex-m-small or host)\n", target);
        return 2;
    }
    #else
    if (strcmp(target, "cortex-m-small") == 0) {
        word = 4;
    } else if (strcmp(target, "host-small") == 0) {
        word = (uint8_t)sizeof(void *);
    } else {
        fprintf(stderr, "wasm-cross-small: unknown target '%s' (cortex-m-small or host-small; the others are "
            "wasm-cross's)\n",
            target);
        return 2;
    }
    #endif
    if (nin == 0 || (out != NULL && nin > 1)) {
        return usage();
    }
    int rc = 0;
    for (int i = 0; i < nin; i++) {
        rc |= cross(ins[i], out, target, word, opt);
    }
    return rc;
}

#if MW_TRAP_OFFSETS
static void put_leb(buf *b, uint32_t v, bool sign) {
    int32_t sv = (int32_t)v;
    for (;;) {
        uint8_t c = v & 0x7f;
        bool last = sign ? (sv >> 6 == 0 || sv >> 6 == -1) : v < 0x80;
        if (last) {
            put(b, &c, 1);
            return;
        }
        c |= 0x80;
        put(b, &c, 1);
        v >>= 7;
        sv >>= 7;
    }
}

// One function's entries of the offset map as they are found (image.h).
typedef struct map_func {
    buf entries;
    uint32_t unit, at;    // the last entry's
} map_func;

static void map_put(void *ctx, uint32_t e, uint32_t at) {
    map_func *f = ctx;
    put_leb(&f->entries, e - f->unit, false);
    put_leb(&f->entries, at - f->at, true);
    f->unit = e;
    f->at = at;
}

// The offset map of m (image.h) onto b; false where a function's could not
// be found (then b is as it was).
static bool put_map(buf *b, mw_runtime *rt, const mw_module *m) {
    size_t start = b->len;
    for (uint32_t i = 0; i < m->nfuncs - m->nfunc_imports; i++) {
        map_func f = {.unit = 0, .at = m->funcs[i].body_offset};
        if (mw_offset_map(rt, m, i, map_put, &f) != MW_OK) {
            free(f.entries.p);
            b->len = start;
            return false;
        }
        put_leb(b, (uint32_t)f.entries.len, false);
        put(b, f.entries.p, f.entries.len);
        free(f.entries.p);
    }
    return true;
}
#endif

// One module: IN.wasm -> OUT (default IN.mwi). 0 or 1.
static int cross(const char *in, const char *out, const char *target, uint8_t word, parts opt) {
    bool multi = opt.multi;
    char outbuf[4096];
    if (out == NULL) {
        size_t n = strlen(in);
        if (n > 5 && strcmp(in + n - 5, ".wasm") == 0) {
            n -= 5;
        }
        snprintf(outbuf, sizeof(outbuf), "%.*s.mwi", (int)n, in);
        out = outbuf;
    }
    size_t len;
    uint8_t *wasm = read_file(in, &len);
    mw_config cfg = {0};
    cfg.alloc = mw_malloc_alloc;
    mw_runtime *rt;
    if (mw_runtime_new(&cfg, &rt) != MW_OK) {
        fprintf(stderr, "%s: out of memory\n", in);
        free(wasm);
        return 1;
    }
    mw_module *m;
    // borrowed: the loader's name-section walk leaves the function names in
    // place (m->fnames), where a refusal's offset in the binary is found
    mw_status st = mw_module_load(rt, wasm, len, MW_LOAD_BORROW | (multi ? 0 : MW_LOAD_NO_MULTI_MEMORY), &m);
    if (st != MW_OK) {
        const mw_report *r = mw_last_report(rt);
        fprintf(stderr, "%s: %s at offset 0x%x\n", in, r->msg ? r->msg : mw_status_str(st), (unsigned)r->offset);
        mw_runtime_free(rt);
        free(wasm);
        return 1;
    }
    const uint16_t one = 1;
    uint32_t ndef = m->nfuncs - m->nfunc_imports;
    buf b = {0};
    uint8_t hdr[MW_IMAGE_HEADER] = {0};
    memcpy(hdr, MW_IMAGE_MAGIC, 4);
    hdr[MW_IMAGE_AT_VERSION] = MW_IMAGE_VERSION;
    hdr[MW_IMAGE_AT_CODE_FORMAT] = MW_CODE_FORMAT_VERSION & 0xff;
    hdr[MW_IMAGE_AT_CODE_FORMAT + 1] = MW_CODE_FORMAT_VERSION >> 8;
    hdr[MW_IMAGE_AT_OPS] = MW_OP_COUNT & 0xff;
    hdr[MW_IMAGE_AT_OPS + 1] = MW_OP_COUNT >> 8;
    hdr[MW_IMAGE_AT_WORD] = word;
    hdr[MW_IMAGE_AT_ENDIAN] = *(const uint8_t *)&one == 1 ? 1 : 2;   // Cortex-M is little-endian too
    hdr[MW_IMAGE_AT_UNIT] = (uint8_t)MW_IMAGE_UNIT;
    hdr[MW_IMAGE_AT_FEATURES] = multi ? MW_IMAGE_F_MULTI_MEMORY : 0;
    put(&b, hdr, sizeof(hdr));
    size_t meta = b.len;
    put_meta(&b, wasm, len);
    size_t meta_len = b.len - meta;
    align(&b, 4);
    size_t funcs = b.len;
    uint32_t at = 0;
    for (uint32_t i = 0; i < ndef; i++) {
        const mw_funcdef *fd = &m->funcs[i];
        put_u32(&b, at);
        put_u32(&b, fd->code_len);
        put_u32(&b, fd->zero_lo | fd->zero_hi << 16);    // both at most MW_MAX_LOCALS
        put_u32(&b, fd->max_slots);
        put_u32(&b, fd->body_offset);
        at += fd->code_len;
    }
    align(&b, 8);
    size_t code = b.len;
    for (uint32_t i = 0; i < ndef; i++) {
        // code units in this machine's byte order, which the header records
        put(&b, m->funcs[i].code, m->funcs[i].code_len * MW_IMAGE_UNIT);
    }
    // the offset map, then the function names last, if the module has them
    // and they pass the loader's check
    size_t map_at = b.len;
    #if MW_TRAP_OFFSETS
    if (opt.offsets && !put_map(&b, rt, m)) {
        fprintf(stderr, "%s: warning: offset map left out: a function's offsets not found\n", in);
    }
    #endif
    uint32_t map_len = (uint32_t)(b.len - map_at);
    uint32_t names_len = opt.names ? m->fnames_len : 0;
    const uint8_t *names = names_len > 0 ? m->fnames : NULL;
    size_t names_at = 0;
    if (names != NULL) {
        uint32_t bad;
        mw_detail nd = mw_names_check(names, names_len, m->nfuncs, &bad);
        if (nd != MW_D_NONE) {
            char text[MW_DETAIL_MAX];
            fprintf(stderr, "%s: warning: function names left out: %s at offset 0x%x\n", in,
                mw_detail_unpack(nd, text), (unsigned)(names - wasm + bad));
            names_len = 0;
        } else {
            names_at = b.len;
            put(&b, names, names_len);
        }
    }
    set_u32(&b, MW_IMAGE_AT_MAP, map_len > 0 ? (uint32_t)map_at : 0);
    set_u32(&b, MW_IMAGE_AT_MAP_LEN, map_len);
    set_u32(&b, MW_IMAGE_AT_NAMES, (uint32_t)names_at);
    set_u32(&b, MW_IMAGE_AT_NAMES_LEN, names_len);
    set_u32(&b, MW_IMAGE_AT_LENGTH, (uint32_t)b.len);
    set_u32(&b, MW_IMAGE_AT_META, (uint32_t)meta);
    set_u32(&b, MW_IMAGE_AT_META_LEN, (uint32_t)meta_len);
    set_u32(&b, MW_IMAGE_AT_NFUNCS, ndef);
    set_u32(&b, MW_IMAGE_AT_FUNCS, (uint32_t)funcs);
    set_u32(&b, MW_IMAGE_AT_CODE, (uint32_t)code);
    set_u32(&b, MW_IMAGE_AT_CODE_LEN, at);
    set_u32(&b, MW_IMAGE_AT_OP_TABLE, mw_code_fingerprint());
    set_u32(&b, MW_IMAGE_AT_CRC, mw_image_crc32(0, b.p + MW_IMAGE_AT_META, b.len - MW_IMAGE_AT_META));
    mw_module_free(rt, m);

    // load it back as the target would (bar the target check): every check
    // the board makes passes here first
    st = mw_image_load(rt, b.p, b.len, multi ? 0 : MW_LOAD_NO_MULTI_MEMORY, true, &m);
    if (st != MW_OK) {
        const mw_report *r = mw_last_report(rt);
        fprintf(stderr, "%s: wasm-cross made an image it cannot load (%s at offset 0x%x)\n", in,
            r->msg ? r->msg : mw_status_str(st), (unsigned)r->offset);
        mw_runtime_free(rt);
        free(wasm);
        free(b.p);
        return 1;
    }
    mw_module_free(rt, m);
    FILE *f = fopen(out, "wb");
    if (f == NULL || fwrite(b.p, 1, b.len, f) != b.len || fclose(f) != 0) {
        perror(out);
        return 1;
    }
    printf("%s -> %s: %zu bytes (metadata %zu, %u functions, code %u bytes, offsets %u bytes, names %u bytes) for %s\n",
        in, out, b.len, meta_len, ndef, (unsigned)(at * MW_IMAGE_UNIT), (unsigned)map_len, (unsigned)names_len, target);
    free(b.p);
    free(wasm);
    mw_runtime_free(rt);
    return 0;
}
